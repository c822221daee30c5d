/* textcolumns.h — the text route's indicator tables printed a column at a time.
 *
 * pdftotext's default mode prints a ruled table of a Word-made report column by column:
 * the merged category cells, every name, then the targets, actual values and rates in runs
 * that it cuts where a row is taller than its cell (a blank line between runs).
 * fr_text_columns_table rebuilds the rows of such a region by order and counts alone; it
 * returns NULL, and says nothing, when the region is not printed that way, so the row-wise
 * reader (texttable.c) can try it; a table it recognises but cannot settle gives a warning
 * and *refused is set.  The FrTable returned is the caller's.
 */
#pragma once

#include "stages.h"

G_BEGIN_DECLS

/* One line of a table region as the dump has it. */
typedef struct {
  FrLine *line;
  const char *text;     /* cleaned, without surrounding spaces */
  float width;          /* in ems, as the dump has it (fr_text_line_width) */
  gboolean glued;       /* no blank line before it */
  gboolean header;      /* made of header words (alone or with a neighbour) */
} FrColLine;

FrTable *fr_text_columns_table (FrAnalysis *an, const FrColLine *lines, guint n,
                                const FrColumnRole *roles, const char *const *words, guint n_words,
                                gboolean *refused);

G_END_DECLS
