/* finance.h — the finance stage's readers, apart from the stage so tests can feed them text.
 *
 * fr_finance_read returns the income and expenditure the sentences state (amounts in 万元,
 * each figure at the paragraph that states it), or NULL when no section states any figure;
 * the caller owns it.  parts (of FrReport, may be
 * NULL) says which sections belong to which report of a merged file and which is a project
 * report; the first report that states figures gives them.  fr_points_split appends
 * the points of one paragraph of problems or measures to points (of newly allocated char*).
 */
#pragma once

#include "stages.h"

G_BEGIN_DECLS

FrFinance *fr_finance_read (const FrSection *root, const GArray *parts);
/* The sentences of report k of parts alone (0 when parts is NULL or empty), or NULL.  an (may
 * be NULL: no page read by OCR) gives no value to a figure OCR left in doubt. */
FrFinance *fr_finance_read_part (FrAnalysis *an, const FrSection *root, const GArray *parts, guint k);
void fr_points_split (const char *text, GPtrArray *points);

G_END_DECLS
