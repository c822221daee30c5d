/* budgetchecks.h — the budget check rules (balance, row_sum, column_sum, code_hierarchy,
 * cross_table, text_vs_table) over an->budget, added to an->checks with fr_analysis_check.
 * Called by the checks stage; does nothing when the file holds no budget tables. */
#pragma once

#include "analysis.h"

G_BEGIN_DECLS

void fr_budget_checks (FrAnalysis *an);

/* A scanned table's own sums (balance, row_sum, column_sum, code_hierarchy) re-done before it
 * is checked: every figure of a sum that fails is put in doubt (absent, FrBudgetValue.doubt),
 * for one of them was misread and which cannot be told.  A sum that holds confirms its
 * figures; none is ever changed.  Returns how many were put in doubt. */
guint fr_budget_scan_doubt (FrAnalysis *an, FrBudgetTable *t);

G_END_DECLS
