/* test-ocr-heads.c — an indicator table's heads as a 100 or 150 dpi scan misreads them
 * (normalize/stages/ocrfix.c), on a fixture's own lines taken as read by OCR: each row keeps
 * both its levels and its weight.
 *
 * - the level heads with the engine's word breaks in them, the first without its numeral and
 *   the second with it read as a hyphen (级 指标 | -级 指标 | 三 级 指标: ind-wrap-middle at
 *   100 dpi), or the first with its numeral read twice (一一级指标: final-account-evals at 150
 *   dpi), are settled from the heads beside them (OCR_LEVEL_HEAD_LOST); before, -级 指标 was
 *   made 一级指标 and every row lost its first level;
 * - a speck before the weight's head (.分值) is dropped (OCR_LABEL_MARK); before, the table
 *   lost its weight column. */
#include "analysis.h"
#include "extract.h"
#include "ocr-testlib.h"

#include <string.h>

/* Gives line the text read, its characters sharing out the line's box evenly. */
static void
read_as (FrLine *line, const char *read, const FrDocument *doc)
{
  FrGlyph g0 = g_array_index (line->glyphs, FrGlyph, 0);
  float x0 = line->x0, x1 = line->x1;
  glong n = g_utf8_strlen (read, -1);
  g_array_set_size (line->glyphs, 0);
  const char *q = read;
  for (glong i = 0; i < n; i++, q = g_utf8_next_char (q)) {
    FrGlyph g = g0;
    g.c = g_utf8_get_char (q);
    g.x0 = x0 + (x1 - x0) * (float) i / (float) n;
    g.x1 = x0 + (x1 - x0) * (float) (i + 1) / (float) n;
    g_array_append_val (line->glyphs, g);
  }
  fr_line_sync (line, doc);
}

/* The fixture's indicators, its pages taken as read by OCR, with each line whose text is
 * heads[2i] read as heads[2i+1] (every such line on the pages); how many rows have both
 * levels (*levels) and a weight (*weights), of how many (the return). */
static guint
rows_read (const char *fixture, const char *const *heads, guint n_heads, guint *levels, guint *weights)
{
  FrDocument *doc = fixture_as_ocr (fixture);
  guint replaced = 0;
  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint l = 0; l < page->lines->len; l++) {
      FrLine *line = g_ptr_array_index (page->lines, l);
      for (guint h = 0; h + 1 < n_heads; h += 2)
        if (strcmp (line->text, heads[h]) == 0) {
          read_as (line, heads[h + 1], doc);
          replaced++;
          break;
        }
    }
  }
  g_assert_cmpuint (replaced, >=, n_heads / 2);
  FrAnalysis *an = fr_analysis_new (doc);
  fr_analyze (an);
  guint n = an->indicators->len;
  *levels = *weights = 0;
  for (guint i = 0; i < n; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, i);
    *levels += ind->category && ind->category->len == 2;
    *weights += ind->has_weight;
  }
  fr_analysis_free (an);
  fr_document_free (doc);
  return n;
}

static void
test_level_heads (void)
{
  guint levels = 0, weights = 0, n = 0;
  /* as printed */
  static const char *const none[] = { "", "" };
  n = rows_read ("ind-wrap-middle.pdf", none, 0, &levels, &weights);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (levels, ==, 6);
  /* the 100 dpi scan's reading */
  static const char *const read100[] = { "一级指标", "级 指标", "二级指标", "-级 指标", "三级指标", "三 级 指标" };
  n = rows_read ("ind-wrap-middle.pdf", read100, G_N_ELEMENTS (read100), &levels, &weights);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (levels, ==, 6);
  /* the first numeral read twice */
  static const char *const twice[] = { "一级指标", "一一级指标" };
  n = rows_read ("ind-wrap-middle.pdf", twice, G_N_ELEMENTS (twice), &levels, &weights);
  g_assert_cmpuint (levels, ==, n);
}

static void
test_weight_head (void)
{
  guint levels = 0, weights = 0, n = 0;
  static const char *const speck[] = { "分值", ".分值" };
  n = rows_read ("final-account-evals.pdf", speck, G_N_ELEMENTS (speck), &levels, &weights);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (weights, ==, n);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ocr-heads/levels", test_level_heads);
  g_test_add_func ("/ocr-heads/weight", test_weight_head);
  return g_test_run ();
}
