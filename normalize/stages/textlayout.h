/* textlayout.h — the text route's tables of figures from a dump that kept the page's columns
 * (`pdftotext -layout`): a budget's or final account's 收支总表, 支出表, "三公"经费表 ….
 *
 * In such a dump a character's place in its line (counted in characters, as pdftotext lays
 * them out) stands in for its x on the page: cells are runs of text parted by runs of
 * spaces, figures stand right-aligned in their column and names left-aligned.
 * fr_text_layout_tables finds the regions of rows of figures, takes their columns from where
 * the rows' cells stand, their header from the lines above, their title and caption lines
 * (单位：万元, 公开03表) from above those, and adds each as an FrTable (method "text-layout")
 * with its block, marking its lines FR_LINE_TABLE, before the indicator tables are read.  A
 * table whose rows or header the dump does not settle is left out whole (its lines stay as
 * they were), with a warning that says why.  Returns how many tables it added.
 */
#pragma once

#include "stages.h"

G_BEGIN_DECLS

guint fr_text_layout_tables (FrAnalysis *an);
/* Puts an->tables in the order of their first lines, as the PDF route has them (the budget
 * stage reads a table's continuation as the one after it), once both readers added theirs. */
void fr_text_layout_sort (FrAnalysis *an);

G_END_DECLS
