/* finance.c — income, expenditure, self-score, problems and measures (the finance issue). */
#include "analysis.h"

void
fr_stage_finance (FrAnalysis *an)
{
  (void) an;
}
