/* fintable.h — income and expenditure read from a report's summary table, where the report
 * states them in a table (收入支出决算总表, 收支预算总表, …: 收入 and 支出 side by side).
 *
 * fr_fintable_fill fills in *finance (amounts in 万元, each figure at its cell; created when
 * NULL) only what the sentences left unstated or empty, from the first summary table of report part
 * (an index into an->parts) whose money unit is stated; each table used, and each summary
 * table passed over for want of a unit, is named in an->warnings.
 */
#pragma once

#include "stages.h"

G_BEGIN_DECLS

void fr_fintable_fill (FrAnalysis *an, FrFinance **finance, guint part);
/* A summary line's name without its number (一、 （一） 1. （1）), newly allocated; *style is
 * the number's style, as FIN_TABLE_LINE_NUMBER's group (0 一、 1 （一） 2 1. 3 （1）), or -1 for
 * none: lines numbered alike are peers. */
char *fr_line_name (const char *label, int *style);

G_END_DECLS
