/* budgetchecks.h — the budget check rules (balance, row_sum, column_sum, code_hierarchy,
 * cross_table, text_vs_table) over an->budget, added to an->checks with fr_analysis_check.
 * Called by the checks stage; does nothing when the file holds no budget tables. */
#pragma once

#include "analysis.h"

G_BEGIN_DECLS

void fr_budget_checks (FrAnalysis *an);

/* A scanned table's own sums (balance, row_sum, column_sum, code_hierarchy) re-done before it
 * is checked: the figures of a sum that fails are put in doubt (absent, FrBudgetValue.doubt),
 * for one of them was misread, but for those a sum that holds confirms (one adding two figures
 * or more, not 0); where every figure of it is confirmed, all of them.  None is ever
 * changed.  Returns how many were put in doubt. */
guint fr_budget_scan_doubt (FrAnalysis *an, FrBudgetTable *t);

/* Whether a page's text is one budget's of the file (FrBudgetTable.budget): in its report
 * (fr_part_at), after the tables of the budgets before it, before those of the budgets after.
 * A file of one budget owns every page. */
gboolean fr_budget_owns_page (const FrAnalysis *an, const FrBudget *b, guint budget, guint page);

G_END_DECLS
