/* tagged.h — the tables of a tagged PDF's structure tree: rows (TR) of cells (TD/TH) with their
 * text, per page.
 *
 * Only the structure is trusted, not all of Poppler's reading of it: in the Poppler this
 * project builds on (Debian 12's 22.12) the row/column span getters refuse table cells, and
 * cell text comes back as UTF-8 read as PDFDocEncoding.  The text is repaired here (a byte
 * Poppler could not map stays U+FFFD, to match any character); spans are left to the tables
 * stage, which infers them from where each cell's text lies on the page.
 */
#pragma once

#include <glib.h>

#include "document.h"

G_BEGIN_DECLS

typedef struct {
  gpointer element;      /* its PopplerStructureElement (a reference) */
  char *text;            /* set by fr_tagged_cell_text */
  gboolean heading;      /* TH */
} FrTaggedCell;

typedef struct {
  guint table;           /* which table of the document (0-based), for parts on several pages */
  guint page;            /* 0-based */
  GPtrArray *rows;       /* of GPtrArray of FrTaggedCell*, the rows that start on this page */
} FrTaggedTable;

/* Every table portion of the structure tree, in document order; NULL when the document has no
 * structure tree (or no PDF behind it).  Cheap next to the cells' text. */
GPtrArray *fr_tagged_tables (const FrDocument *doc);

/* A cell's text, repaired (UTF-8; "" for an empty cell), read once and kept.  Costly: Poppler
 * 22.12 goes through the whole page's content for each cell (10-20 ms a cell, more than a
 * render of the page), so a caller asks only for the cells it needs. */
const char *fr_tagged_cell_text (FrTaggedCell *cell);

/* Repairs text that Poppler decoded as PDFDocEncoding although it was UTF-8; returns a copy of
 * text when it does not look so. */
char *fr_tagged_repair_text (const char *text);

G_END_DECLS
