/* indicators.c — indicator rows from the performance table (the indicator-table issue). */
#include "analysis.h"

void
fr_stage_indicators (FrAnalysis *an)
{
  (void) an;
}
