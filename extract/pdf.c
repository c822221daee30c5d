/* pdf.c — the PDF route: Poppler's text pass gives every character with its box and font.
 *
 * poppler_page_get_text_layout returns one rectangle per character of poppler_page_get_text,
 * newlines included, so the two walk together.  Boxes are in the page's displayed orientation
 * (Poppler applies /Rotate while laying text out).  Poppler's lines are then cut where a gap
 * between two glyphs is far wider than a space: in a table, one Poppler line may run across
 * cells, and a FrLine must not.
 *
 * The three are read through textpass.h, which runs each page once for its text and its
 * drawing (the ruling lines) and gives what the three calls give; poppler-glib's own calls
 * stay as the way when Poppler's core cannot open the bytes on its own (loaded then: pdflib.h).
 */
#include "extract.h"
#include "pdfcore.h"
#include "pdflib.h"
#include "textpass.h"

#include <math.h>
#include <string.h>

/* Poppler adds autoptr support for its types only in later releases than Debian 12 has. */
typedef PopplerDocument FrPopplerDocument;
typedef PopplerPage FrPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrPopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrPopplerPage, g_object_unref)

/* A gap wider than this many font sizes splits a line (CJK body text has none; a wide gap
 * in a sentence, kept as a space, is 1–2 em; a table column gap is usually more). */
#define SPLIT_GAP_EM 2.5

/* Character offsets in FrTextRun are end inclusive, as Poppler gives them. */
static GArray *
collect_attributes (PopplerPage *page, FrDocument *doc)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (FrTextRun));
  GList *attrs = poppler_page_get_text_attributes (page);
  for (GList *l = attrs; l != NULL; l = l->next) {
    PopplerTextAttributes *a = l->data;
    FrTextRun r = { (guint) a->start_index, (guint) a->end_index,
                    fr_document_intern_font (doc, a->font_name), (float) a->font_size };
    g_array_append_val (runs, r);
  }
  poppler_page_free_text_attributes (attrs);
  return runs;
}

/* The page's text, a box for each of its characters and their fonts: from the one pass when
 * there is one, else from poppler-glib's three calls.  FALSE when the page has no text. */
static gboolean
page_text (PopplerPage *ppage, FrTextPass *tp, FrDocument *doc, guint index, char **text, FrCharRect **rects,
           guint *n_rects, GArray **runs)
{
  if (tp)
    return fr_text_pass_page (tp, doc, index, text, rects, n_rects, runs);
  PopplerRectangle *prects = NULL;
  *text = poppler_page_get_text (ppage);
  *rects = NULL;
  *n_rects = 0;
  *runs = NULL;
  if (*text == NULL || !poppler_page_get_text_layout (ppage, &prects, n_rects)) {
    g_clear_pointer (text, g_free);
    g_free (prects);
    return FALSE;
  }
  /* the same four doubles, in the same order */
  G_STATIC_ASSERT (sizeof (PopplerRectangle) == sizeof (FrCharRect));
  *rects = (FrCharRect *) prects;
  *runs = collect_attributes (ppage, doc);
  return TRUE;
}

static void
finish_line (FrLine **line, FrPage *page, const FrDocument *doc)
{
  if (*line == NULL)
    return;
  /* trim trailing spaces, which Poppler sometimes emits at a line's end */
  while ((*line)->glyphs->len > 0
         && g_array_index ((*line)->glyphs, FrGlyph, (*line)->glyphs->len - 1).c == ' ')
    g_array_set_size ((*line)->glyphs, (*line)->glyphs->len - 1);
  if ((*line)->glyphs->len > 0) {
    fr_line_sync (*line, doc);
    g_ptr_array_add (page->lines, *line);
  } else {
    fr_line_free (*line);
  }
  *line = NULL;
}

/* Fills page with lines; returns the number of visible (non-space) glyphs. */
static guint
read_page (PopplerPage *ppage, FrTextPass *tp, guint index, FrPage *page, FrDocument *doc)
{
  g_autofree char *text = NULL;
  FrCharRect *rects = NULL;
  guint n_rects = 0;
  guint visible = 0;
  g_autoptr (GArray) runs = NULL;

  if (!page_text (ppage, tp, doc, index, &text, &rects, &n_rects, &runs))
    return 0;

  FrLine *line = NULL;
  guint run_i = 0, ci = 0;
  /* a copy, not a pointer into line->glyphs: appending may move the array */
  FrGlyph prev_g = { 0 };
  const FrGlyph *prev = NULL;
  gboolean pending_break = FALSE;
  for (const char *p = text; *p && ci < n_rects; p = g_utf8_next_char (p), ci++) {
    gunichar c = g_utf8_get_char (p);
    if (c == '\n' || c == '\r') {
      /* Poppler may break a line where only the font changes; decide at the next glyph */
      pending_break = TRUE;
      continue;
    }
    while (run_i < runs->len && g_array_index (runs, FrTextRun, run_i).end < ci)
      run_i++;
    guint16 font = 0;
    float size = 0;
    if (run_i < runs->len && g_array_index (runs, FrTextRun, run_i).start <= ci) {
      font = g_array_index (runs, FrTextRun, run_i).font;
      size = g_array_index (runs, FrTextRun, run_i).size;
    }
    const FrCharRect *r = &rects[ci];
    float x0 = (float) MIN (r->x1, r->x2), x1 = (float) MAX (r->x1, r->x2);
    float y0 = (float) MIN (r->y1, r->y2), y1 = (float) MAX (r->y1, r->y2);
    if (size <= 0)
      size = y1 - y0;

    if (c == ' ' || c == 0x3000 || c == '\t') {
      /* a space's box is often empty: keep it, sized to the gap the next glyph reveals */
      if (line != NULL)
        fr_line_append (line, ' ', prev ? prev->x1 : x0, y0, prev ? prev->x1 : x1, y1, font, size);
      continue;
    }
    if (line != NULL && prev != NULL) {
      float em = MAX (size, 1.0f);
      float gap = x0 - prev->x1;
      gboolean same_baseline = fr_spans_share_half (y0, y1, prev->y0, prev->y1);
      /* Where Poppler broke the line, the next glyph on the same baseline goes on it unless
       * it starts well back over the last: Word and WPS squeeze a full-width mark (，（）) to
       * half its em, drawing what follows over the mark's box, and Poppler prints that rest
       * as a line of its own */
      if (gap > SPLIT_GAP_EM * em || x0 < prev->x0 - 0.5f * em
          || (pending_break && (!same_baseline || gap < -0.6f * em))) {
        finish_line (&line, page, doc);
        prev = NULL;
      } else if ((pending_break && gap > 0.25f * em)
                 || (same_baseline && gap >= 0.9f * em
                     && g_array_index (line->glyphs, FrGlyph, line->glyphs->len - 1).c != ' ')) {
        /* a wide gap is a space where Poppler printed none (prev is the last glyph that is no
         * space: a second space after Poppler's own would be a rewrite of finrep's making) */
        fr_line_append (line, ' ', prev->x1, y0, x0, y1, font, size);
      }
    }
    pending_break = FALSE;
    if (line == NULL)
      line = fr_line_new (page->index);
    fr_line_append (line, c, x0, y0, x1, y1, font, size);
    prev_g = g_array_index (line->glyphs, FrGlyph, line->glyphs->len - 1);
    prev = &prev_g;
    visible++;
  }
  finish_line (&line, page, doc);
  g_free (rects);
  return visible;
}

/* Does the page draw an image (without decoding it)?  Asked of poppler-glib, loaded for it:
 * only of pages without text, which OCR may read with poppler-glib anyway. */
static gboolean
has_image (FrDocument *doc, PopplerPage *ppage, guint index)
{
  g_autoptr (FrPopplerPage) own = NULL;
  if (ppage == NULL) {
    PopplerDocument *pdoc = fr_pdf_poppler (doc, NULL);
    own = pdoc ? poppler_document_get_page (pdoc, (int) index) : NULL;
    if (own == NULL)
      return FALSE;
    ppage = own;
  }
  GList *maps = poppler_page_get_image_mapping (ppage);
  gboolean any = maps != NULL;
  poppler_page_free_image_mapping (maps);
  return any;
}

/* Opens the bytes with poppler-glib, for a file Poppler's core alone cannot open: its errors
 * say why (a password, damage), and it may still read what the core did not. */
static PopplerDocument *
open_with_glib (const FrSource *src, GError **error)
{
  const char *why = NULL;
  if (!fr_pdf_lib_load (&why)) {
    g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED, "the PDF cannot be read by Poppler's core, "
                 "and poppler-glib cannot be loaded: %s", why);
    return NULL;
  }
  g_autoptr (GError) local = NULL;
  PopplerDocument *pdoc = poppler_document_new_from_bytes (src->bytes, NULL, &local);
  if (pdoc == NULL) {
    if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
      g_set_error (error, FR_ERROR, FR_ERROR_ENCRYPTED,
                   "the PDF needs a password to open (user password set)");
    else
      g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED, "the PDF is damaged and cannot be read: %s",
                   local ? local->message : "unknown reason");
    return NULL;
  }
  return pdoc;
}

void
fr_extract_prepare (void)
{
  fr_text_pass_init ();
}

void
fr_extract_quiet (void)
{
  fr_text_pass_quiet ();
}

FrDocument *
fr_extract_pdf (const FrSource *src, const FrExtractOptions *opts, GError **error)
{
  /* Poppler's core over the bytes: one interpreter run a page for text and drawing, and the
   * metadata and page sizes; poppler-glib only when the core cannot open them */
  g_autoptr (FrTextPass) tp = fr_text_pass_new (src->bytes);
  g_autoptr (FrPopplerDocument) pdoc = tp ? NULL : open_with_glib (src, error);
  if (tp == NULL && pdoc == NULL)
    return NULL;

  int n_pages = tp ? (int) fr_text_pass_n_pages (tp) : poppler_document_get_n_pages (pdoc);
  if (n_pages <= 0) {
    g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED, "the PDF has no pages Poppler can read");
    return NULL;
  }
  if (opts && opts->max_pages > 0 && (guint) n_pages > opts->max_pages) {
    g_set_error (error, FR_ERROR, FR_ERROR_TOO_LARGE, "%d pages, over the limit of %u",
                 n_pages, opts->max_pages);
    return NULL;
  }

  g_autoptr (FrDocument) doc = fr_document_new (FR_FORMAT_PDF);
  doc->pdf_bytes = g_bytes_ref (src->bytes);
  doc->pdf = fr_pdf_new (src->bytes, pdoc ? g_object_ref (pdoc) : NULL);
  /* a tagged document has a structure tree, whose root iterator is NULL otherwise; the tree is
   * parsed (all of it, by Poppler) only when a table first asks for it (tagged.c), so here a
   * catalog that names one is enough */
  if (tp) {
    doc->tagged = fr_text_pass_maybe_tagged (tp);
  } else {
    PopplerStructureElementIter *iter = poppler_structure_element_iter_new (pdoc);
    doc->tagged = iter != NULL;
    if (iter)
      poppler_structure_element_iter_free (iter);
  }

  FrOcrMode ocr = opts ? opts->ocr : FR_OCR_AUTO;
  guint visible = 0;
  /* the pages OCR may read: without text, with an image (a blank page has nothing to read) */
  g_autoptr (GArray) textless = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) imaged = g_array_new (FALSE, FALSE, sizeof (guint));
  for (int i = 0; i < n_pages; i++) {
    g_autoptr (FrPopplerPage) ppage = pdoc ? poppler_document_get_page (pdoc, i) : NULL;
    double w = 0, h = 0;
    gboolean readable = tp ? fr_pdf_core_page_size (tp, (guint) i, &w, &h) : ppage != NULL;
    if (!readable) {
      fr_document_add_page (doc, 0, 0);
      continue;
    }
    if (ppage)
      poppler_page_get_size (ppage, &w, &h);
    FrPage *page = fr_document_add_page (doc, (float) w, (float) h);
    guint n = read_page (ppage, tp, (guint) i, page, doc);
    visible += n;
    guint index = (guint) i;
    if (n == 0 || ocr == FR_OCR_ALWAYS) {
      g_array_append_val (textless, index);
      /* asked of poppler-glib (loaded for it) only when OCR may read the page */
      if (ocr == FR_OCR_ALWAYS || (ocr != FR_OCR_NEVER && has_image (doc, ppage, index)))
        g_array_append_val (imaged, index);
    }
  }
  /* a scan reads every page; a text PDF only its scanned pages */
  GArray *todo = visible == 0 ? textless : imaged;
  if (ocr != FR_OCR_NEVER && todo->len > 0) {
    g_autoptr (GError) why = NULL;
    PopplerDocument *odoc = fr_pdf_poppler (doc, &why);
    if (odoc && fr_ocr_pages (doc, odoc, todo, opts ? opts->on_ocr_page : NULL,
                              opts ? opts->on_ocr_page_data : NULL, &why)) {
      visible += todo->len;
    } else if (visible == 0) {
      g_set_error (error, FR_ERROR, why->code, "no text layer on any of the %d pages (a scan), and %s",
                   n_pages, why->message);
      return NULL;
    } else {
      g_ptr_array_add (doc->warnings, g_strdup_printf ("%u pages without a text layer were not read "
                                                       "by OCR: %s", todo->len, why->message));
    }
  }
  if (visible == 0) {
    g_set_error (error, FR_ERROR, FR_ERROR_NO_TEXT_LAYER,
                 "no text layer on any of the %d pages (a scan: finrep reads scans with "
                 "--ocr=auto, the default)", n_pages);
    return NULL;
  }
  if (tp)
    doc->pdf_vector = fr_text_pass_steal_drawings (tp);
  return g_steal_pointer (&doc);
}
