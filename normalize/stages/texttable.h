/* texttable.h — the text route's measures and its table rebuilder (no geometry).
 *
 * Widths are in ems: a CJK character or full-width mark is one, anything else half.  The
 * usual width is that of a full body line.  fr_text_tables finds the indicator tables of a
 * dump (torn into cells, one per line), marks their lines FR_LINE_TABLE, and adds each as an
 * FrTable to an->tables and as a FR_BLOCK_TABLE block (holding its lines) to an->blocks, just
 * as the PDF route's tables stage does; what it cannot place safely becomes a warning.
 */
#pragma once

#include "stages.h"

G_BEGIN_DECLS

float fr_text_width (const char *s);
/* A line's width as the dump has it: full-width digits and the gaps pdftotext wrote as
 * spaces take room on the page that the cleaned text no longer shows. */
float fr_text_line_width (const FrLine *l);
/* Width of the unbreakable run (a number, a Latin word) a line starts with: the line before
 * may stop short of the margin by that much and still be full. */
float fr_text_lead_run_width (const FrLine *l);
/* The width of a full body line: the most common width among the longer body lines. */
float fr_text_usual_width (const FrDocument *doc);
void fr_text_tables (FrAnalysis *an, float usual_width);

G_END_DECLS
