/* test-ocr-figures.c — when the figures' model's reading of a table cell replaces chi_sim's
 * (extract/ocr.h, fr_ocr_figure_stands): a digit read again stands; a lost sign, point,
 * separator or digit never does, so no figure changes its sign or magnitude on one engine's
 * word; a point for a separator stands only where chi_sim's reading is no number and eng's is. */
#include "ocr.h"

static void
test_digits (void)
{
  g_assert_true (fr_ocr_figure_stands ("38.5%", "36.5%"));
  g_assert_true (fr_ocr_figure_stands ("1,234.50", "1,284.50"));
  g_assert_true (fr_ocr_figure_stands ("97.8%", "97.8%"));
}

static void
test_signs (void)
{
  /* the sign before the figure is not compared: reread_figure puts chi_sim's back */
  g_assert_true (fr_ocr_figure_stands ("-12.5%", "12.5%"));
  g_assert_true (fr_ocr_figure_stands ("\u4e0012.5%", "12.5%"));
  g_assert_true (fr_ocr_figure_stands ("\u226590%", "90%"));
  /* eng reading a minus or ≥ as a digit reads another figure */
  g_assert_false (fr_ocr_figure_stands ("-12.5%", "212.5%"));
  g_assert_false (fr_ocr_figure_stands ("\u226590%", "290%"));
}

static void
test_magnitude (void)
{
  g_assert_false (fr_ocr_figure_stands ("97.8%", "978%"));
  g_assert_false (fr_ocr_figure_stands ("97.8%", "9.78%"));
  g_assert_false (fr_ocr_figure_stands ("1,234", "1234"));
  g_assert_false (fr_ocr_figure_stands ("1,234", "12,34"));
  g_assert_false (fr_ocr_figure_stands ("1009%", "100%"));
  g_assert_false (fr_ocr_figure_stands ("100", "1000"));
  g_assert_false (fr_ocr_figure_stands ("85%", "85"));
}

static void
test_marks (void)
{
  /* a point read as a separator where that cannot be one: eng's is the one number */
  g_assert_true (fr_ocr_figure_stands ("37,580,245,90", "37,580,245.90"));
  g_assert_true (fr_ocr_figure_stands ("1.000,000.00", "1,000,000.00"));
  /* both readings are numbers, of different magnitude: neither is taken on one engine's word */
  g_assert_false (fr_ocr_figure_stands ("1,234", "1.234"));
  g_assert_false (fr_ocr_figure_stands ("1.234", "1,234"));
  /* separators put right change no value */
  g_assert_true (fr_ocr_figure_stands ("2345,678.90", "2,345,678.90"));
  g_assert_true (fr_ocr_figure_stands ("1000,000.00", "1,000,000.00"));
  g_assert_false (fr_ocr_figure_stands ("2345,678.90", "2,345,678,90"));
  /* eng's is no number either */
  g_assert_false (fr_ocr_figure_stands ("12,34,5", "12.34.5"));
}

/* a table cell read again from its image scaled up (fr_ocr_cell_again_stands): the second
 * reading stands only where it mends Chinese characters; a digit, sign, mark or line it reads
 * otherwise never replaces the first */
static void
test_cell_again (void)
{
  g_assert_true (fr_ocr_cell_again_stands ("小区居住环境改茧情况\n", "小区居住环境改善情况\n"));
  g_assert_true (fr_ocr_cell_again_stands ("了李务对象满意度\n", "服务对象满意度\n"));
  g_assert_true (fr_ocr_cell_again_stands ("≥120万商帆\n", "≥120万画幅\n"));
  /* a figure, a sign, a mark or a line read otherwise */
  g_assert_false (fr_ocr_cell_again_stands ("436处\n", "46处\n"));
  g_assert_false (fr_ocr_cell_again_stands ("≥95%\n", "95%\n"));
  g_assert_false (fr_ocr_cell_again_stands ("100吸\n", "100%\n"));
  g_assert_false (fr_ocr_cell_again_stands ("设备到货延迟；已督促\n", "设备到货延迟，已督促\n"));
  g_assert_false (fr_ocr_cell_again_stands ("可持续影\n量\n", "可持续影响\n"));
  /* nothing Chinese to mend: a figure alone, or nothing read */
  g_assert_false (fr_ocr_cell_again_stands ("12.5\n", "12.5\n"));
  g_assert_false (fr_ocr_cell_again_stands ("", "一\n"));
}

/* a figure before its unit read with a digit more than its ink shows (46处 read 436处) */
static void
test_unit_figure (void)
{
  g_assert_true (fr_ocr_unit_figure_stands ("436", "46", 2));
  g_assert_true (fr_ocr_unit_figure_stands ("1.532", "1.52", 3));
  /* the ink shows as many digits as chi_sim read, or eng's count is not the ink's */
  g_assert_false (fr_ocr_unit_figure_stands ("436", "46", 3));
  g_assert_false (fr_ocr_unit_figure_stands ("35", "3", 2));
  /* eng reads another figure, not chi_sim's less one digit */
  g_assert_false (fr_ocr_unit_figure_stands ("436", "48", 2));
  g_assert_false (fr_ocr_unit_figure_stands ("436", "436", 3));
  /* a point or a separator is no digit to drop, and eng's must be a number as written */
  g_assert_false (fr_ocr_unit_figure_stands ("4.6", "46", 2));
  g_assert_false (fr_ocr_unit_figure_stands ("4366", "46,6", 3));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ocr-figures/digits", test_digits);
  g_test_add_func ("/ocr-figures/signs", test_signs);
  g_test_add_func ("/ocr-figures/magnitude", test_magnitude);
  g_test_add_func ("/ocr-figures/marks", test_marks);
  g_test_add_func ("/ocr-figures/cell-again", test_cell_again);
  g_test_add_func ("/ocr-figures/unit-figure", test_unit_figure);
  return g_test_run ();
}
