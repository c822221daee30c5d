/* finbudget.h — a budget's or final account's income and expenditure from its typed summary
 * table (issue 12: "for a budget or final account, finance is filled from the typed summary
 * table, with the items that the table's rows give").
 *
 * The sentences of a budget list what they choose (功能分类 lines beside 基本支出, a line left
 * out), so their items do not add up and items_sum fails on the report for finrep's own
 * misreading.  fr_finbudget_fill replaces, side by side, what the sentences and fintable.c
 * gave in *finance (created when NULL) with the typed summary table's (an->budget): total the
 * 总计 line, current_year the 本年收入合计 line, and as items the top lines above it.  A side
 * the typed table does not give (no 总计 amount read) is left as it was.  A sentence's change
 * on the year before is kept on the item of the same name and amount.
 */
#pragma once

#include "stages.h"

G_BEGIN_DECLS

void fr_finbudget_fill (FrAnalysis *an, FrFinance **finance);

G_END_DECLS
