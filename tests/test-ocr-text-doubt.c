/* test-ocr-text-doubt.c — a budget's figure stated in a sentence (normalize/stages/budget.c,
 * text_figure: 政府采购 from its sentence) is given no value where the page was read by OCR
 * and OCR left the figure in doubt (fr_analysis_text_doubt: a 0 opening it, 020.50 for 120.50:
 * OCR_FIGURE_LEADING_ZERO), as finance's sentences are; read right, the same page gives it.
 * And a self-score stated in a sentence (normalize/stages/finance.c, read_self_score) is none
 * where OCR left it in doubt and the indicator table's 总分 is in doubt too. */
#include "analysis.h"
#include "extract.h"
#include "ocr-testlib.h"

#include <string.h>

/* budget-dept's procurement figure, its pages taken as read by OCR, with the figure's text
 * 120.5 in its sentence replaced by read (as many characters); -1 when it has none. */
static double
procurement (const char *read)
{
  FrDocument *doc = fixture_as_ocr ("budget-dept.pdf");
  guint replaced = 0;
  for (guint p = 0; p < doc->pages->len; p++) {
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
  return v;
}

/* ind-category-wrap's self-score, its pages taken as read by OCR, the indicator table's 总分
 * (a line 90 alone) left in doubt by the route as glyph_doubt says, and its sentence's 得分为90
 * replaced by read (five characters); -1 when it has none. */
static double
self_score (const char *read, gboolean glyph_doubt)
{
  FrDocument *doc = fixture_as_ocr ("ind-category-wrap.pdf");
  guint replaced = 0, doubted = 0;
  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint l = 0; l < page->lines->len; l++) {
      FrLine *line = g_ptr_array_index (page->lines, l);
      if (strcmp (line->text, "90") == 0) {
        for (guint i = 0; i < line->glyphs->len; i++)
          g_array_index (line->glyphs, FrGlyph, i).doubt = glyph_doubt;
        doubted++;
      }
      const char *at = strstr (line->text, "得分为90");
      if (at == NULL)
        continue;
      glong c = g_utf8_pointer_to_offset (line->text, at);
      const char *q = read;
      for (glong i = 0; i < 5; i++, q = g_utf8_next_char (q))
        g_array_index (line->glyphs, FrGlyph, c + i).c = g_utf8_get_char (q);
      fr_line_sync (line, doc);
      replaced++;
    }
  }
  g_assert_cmpuint (replaced, >, 0);
  g_assert_cmpuint (doubted, >, 0);
  FrAnalysis *an = fr_analysis_new (doc);
  fr_analyze (an);
  double v = an->has_self_score ? an->self_score : -1;
  fr_analysis_free (an);
  fr_document_free (doc);
  return v;
}

static void
test_score_doubt (void)
{
  g_assert_cmpfloat (self_score ("得分为90", FALSE), ==, 90);
  /* the 总分 in doubt: the sentence's score, when read right */
  g_assert_cmpfloat (self_score ("得分为90", TRUE), ==, 90);
  /* read 自评分09.5分 (its first digit lost): no value, not 9.5 */
  g_assert_cmpfloat (self_score ("分09.5", TRUE), ==, -1);
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
  g_test_add_func ("/ocr-text-doubt/score", test_score_doubt);
  return g_test_run ();
}
