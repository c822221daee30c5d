/* ocr.h — the OCR route: a PDF page without a text layer, read from its image by Tesseract
 * into the same lines of glyphs as the PDF route (document.h), so that every stage runs on it
 * unchanged.
 *
 * A page is rendered by Poppler at a resolution chosen from its image's own (scans come at
 * 96–150 dpi and are read better scaled up), turned gray, deskewed by Leptonica, and read
 * by Tesseract (chi_sim, which reads Latin and digits too) at the level of symbols, with the boxes of words and lines and
 * their confidences.  Dust specks are painted over first; a ruled table's cells are read one
 * by one after the rest of the page, and a ≥ or ≤ (which the model cannot read) before a
 * figure at a cell line's start is read from its ink.  A page that reads badly is tried again turned by the angle Tesseract's
 * orientation detection names.  The ruling lines of its tables are found in the same
 * deskewed image (render.h's run finder) and kept with the document, where fr_page_rulings
 * finds them: a render of the PDF would show the page still skewed.
 *
 * Boxes are in points, top-left origin, of the page as deskewed and turned upright.
 */
#pragma once

#include <glib.h>

#include "document.h"

G_BEGIN_DECLS

typedef enum {
  FR_OCR_AUTO = 0,   /* pages without a text layer are read by OCR, when the engine is there */
  FR_OCR_ALWAYS,     /* every page is read by OCR, its text layer set aside */
  FR_OCR_NEVER,      /* no OCR: a scan gives no_text_layer */
} FrOcrMode;

/* "auto", "always" or "never"; FALSE for anything else. */
gboolean fr_ocr_mode_parse (const char *s, FrOcrMode *mode);

/* Lines read with a confidence (0–100) below this are named in the warnings. */
#define FR_OCR_LOW_CONFIDENCE 70

/* Reads the pages listed in pages (0-based guint) of doc, whose PopplerDocument is pdoc, into
 * those pages' lines (any lines they had are dropped) and records them in doc->ocr_pages.
 * The engine is made once per thread and kept.  Returns FALSE with an error when no page
 * could be read: FR_ERROR_NO_TEXT_LAYER when the engine or its data is missing (the message
 * says which), FR_ERROR_DAMAGED when no page image could be decoded.  A single page that
 * fails is left empty, with a warning.  on_page (may be NULL) is called as each page starts. */
gboolean fr_ocr_pages (FrDocument *doc, gpointer pdoc, GArray *pages,
                       void (*on_page) (guint page, gpointer data), gpointer data, GError **error);

/* Does a reading of a cell's figure by the figures' model (eng) stand against chi_sim's (chi)?
 * Only where it is the same figure but for its digits: each point, separator and % where chi
 * has it, after any sign or mark before chi's first digit (a sign is kept, a mark dropped);
 * or where chi is no number as written and eng, the same number, is (its separators put
 * right, or a point and a separator swapped). */
gboolean fr_ocr_figure_stands (const char *chi, const char *eng);

/* Does a second reading of a table cell (now, read from its image scaled up) stand against the
 * first (was)?  Each a cell's text with '\n' after each line.  Only where the two differ in
 * Chinese characters alone: the same lines, and every digit, sign, mark and punctuation the
 * same, so that no figure is ever taken from a second reading; and where the first has a
 * Chinese character to mend (a cell read as nothing, or as a figure alone, stays as read). */
gboolean fr_ocr_cell_again_stands (const char *was, const char *now);

/* Does eng's reading of a figure before its unit (46 of 46处) stand against chi_sim's (436)?
 * Only where the ink shows ink_digits digit glyphs, eng's is a number as written with that
 * many digits, and chi_sim's is eng's with one digit more (the ink of one digit read twice):
 * the two readings and the ink say the same. */
gboolean fr_ocr_unit_figure_stands (const char *chi, const char *eng, guint ink_digits);

G_END_DECLS
