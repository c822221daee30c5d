/* textpass.h — one run of Poppler's interpreter a page, for its text and its drawing.
 *
 * The text is what poppler-glib's poppler_page_get_text, _get_text_layout and
 * _get_text_attributes give (the same TextOutputDev, the same selection of the whole page),
 * but read in one walk of the page's words instead of three; and the same run of the page's
 * content hands its paths to the ruling-line reader (vector.h), so that no page is
 * interpreted twice (HACKING.md, "One pass a page").  C interface over Poppler's core
 * (textpass.cc); nothing of Poppler's leaks out.
 */
#pragma once

#include <glib.h>

#include "document.h"

G_BEGIN_DECLS

typedef struct FrTextPass FrTextPass;

/* One character's box, in points, top-left origin, the page's /Rotate applied (as
 * PopplerRectangle). */
typedef struct {
  double x1, y1, x2, y2;
} FrCharRect;

/* The font and size of the characters [start, end] (offsets into the text, end inclusive). */
typedef struct {
  guint start, end;
  guint16 font;   /* fr_document_intern_font */
  float size;
} FrTextRun;

/* Poppler's global tables, once a process, in whichever thread calls first (the others wait);
 * fr_text_pass_new calls it. */
void fr_text_pass_init (void);
/* Poppler's messages go nowhere (fr_text_pass_new sets the same callback).  For a process about
 * to make GlobalParams in a thread aside, before that thread starts: fr_text_pass_new then
 * opens the document while GlobalParams is being made. */
void fr_text_pass_quiet (void);

/* Poppler's core parse of the PDF's bytes (referenced, not copied); NULL when it cannot
 * open them (poppler-glib's errors say why). */
FrTextPass *fr_text_pass_new (GBytes *pdf);
guint fr_text_pass_n_pages (const FrTextPass *tp);
/* Does the document's catalog name a structure tree?  Only looks: Poppler parses the whole tree
 * to tell whether it has elements (a third of some reports' time), which tagged.c does when a
 * table first needs it.  FALSE means untagged for certain. */
gboolean fr_text_pass_maybe_tagged (FrTextPass *tp);
/* The pass's PDFDoc (owned by it), for C++ that reads more of the document (pdfcore.cc). */
void *fr_text_pass_pdf_doc (FrTextPass *tp);

/* Runs page (0-based) once.  *text (g_free) is the page's text, *rects (g_free) one box for
 * each character of it, *runs (g_array_unref) its fonts, interned in doc.  FALSE when the page
 * has no text to lay out (the outputs are then NULL, 0).  The page's drawing is kept for
 * fr_text_pass_steal_drawings. */
gboolean fr_text_pass_page (FrTextPass *tp, FrDocument *doc, guint page, char **text, FrCharRect **rects,
                            guint *n_rects, GArray **runs);

/* What the pages' drawings hold for ruling lines, for doc->pdf_vector (freed with
 * fr_vector_cache_free); the pass keeps none of it. */
gpointer fr_text_pass_steal_drawings (FrTextPass *tp);

void fr_text_pass_free (FrTextPass *tp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrTextPass, fr_text_pass_free)

G_END_DECLS
