/* test-ocr-text-doubt.c — a budget's figure stated in a sentence (normalize/stages/budget.c,
 * text_figure: 政府采购 from its sentence) is given no value where the page was read by OCR
 * and OCR left the figure in doubt (fr_analysis_text_doubt: a 0 opening it, 020.50 for 120.50:
 * OCR_FIGURE_LEADING_ZERO), as finance's
 * sentences are; read right, the same page gives it. */
#include "analysis.h"
#include "extract.h"

#include <string.h>

/* budget-dept's procurement figure, its pages taken as read by OCR, with the figure's text
 * 120.5 in its sentence replaced by read (as many characters); -1 when it has none. */
static double
procurement (const char *read)
{
  const char *fixtures = g_getenv ("FIXTURES");
  g_assert_nonnull (fixtures);
  g_autofree char *path = g_build_filename (fixtures, "budget-dept.pdf", NULL);
  FrSource *src = fr_source_load (path, NULL);
  g_assert_nonnull (src);
  FrExtractOptions opts = { 0 };
  opts.ocr = FR_OCR_NEVER;
  FrDocument *doc = fr_extract (src, &opts, NULL);
  g_assert_nonnull (doc);
  guint replaced = 0;
  doc->ocr_pages = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint p = 0; p < doc->pages->len; p++) {
    g_array_append_val (doc->ocr_pages, p);
    FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint l = 0; l < page->lines->len; l++) {
      FrLine *line = g_ptr_array_index (page->lines, l);
      const char *at = strstr (line->text, "120.5");
      if (at == NULL || strstr (line->text, "采购") == NULL)
        continue;
      glong c = g_utf8_pointer_to_offset (line->text, at);
      for (glong i = 0; i < 5; i++)
        g_array_index (line->glyphs, FrGlyph, c + i).c = (gunichar) read[i];
      fr_line_sync (line, doc);
      replaced++;
    }
  }
  g_assert_cmpuint (replaced, >, 0);
  FrAnalysis *an = fr_analysis_new (doc);
  fr_analyze (an);
  double v = -1;
  if (an->budget && an->budget->figures[FR_FIGURE_PROCUREMENT].has)
    v = an->budget->figures[FR_FIGURE_PROCUREMENT].value;
  fr_analysis_free (an);
  fr_document_free (doc);
  fr_source_free (src);
  return v;
}

static void
test_sentence_doubt (void)
{
  /* read right: the figure */
  g_assert_cmpfloat_with_epsilon (procurement ("120.5"), 120.5, 1e-9);
  /* a figure opening with 0 (OCR_FIGURE_LEADING_ZERO, its first digit lost): no value, not 20.5 */
  g_assert_cmpfloat (procurement ("020.5"), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ocr-text-doubt/sentence", test_sentence_doubt);
  return g_test_run ();
}
