/* budgetchecks.h — the budget check rules (balance, row_sum, column_sum, code_hierarchy,
 * cross_table, text_vs_table) over an->budget, added to an->checks with fr_analysis_check.
 * Called by the checks stage; does nothing when the file holds no budget tables. */
#pragma once

#include "analysis.h"

G_BEGIN_DECLS

void fr_budget_checks (FrAnalysis *an);

G_END_DECLS
