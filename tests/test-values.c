/* test-values.c — fr_value_parse on the value forms that indicator tables print, and the rows
 * that number a table's columns. */
#include <math.h>
#include <string.h>

#include "values.h"

typedef struct {
  const char *text;
  gboolean is_value;
  double number;
  const char *unit;
  FrCmp cmp;
} Row;

static const Row rows[] = {
  { "23个", TRUE, 23, "个", FR_CMP_NONE },
  { "415.32平方米", TRUE, 415.32, "平方米", FR_CMP_NONE },
  { "415.32 平方米", TRUE, 415.32, "平方米", FR_CMP_NONE },
  { "≥95%", TRUE, 95, "%", FR_CMP_GE },
  { "≧90%", TRUE, 90, "%", FR_CMP_GE },
  { "＞=98%", TRUE, 98, "%", FR_CMP_GE },
  { "≤1.4 元", TRUE, 1.4, "元", FR_CMP_LE },
  { "≤850元/月", TRUE, 850, "元/月", FR_CMP_LE },
  { "<5次", TRUE, 5, "次", FR_CMP_LT },
  { "不低于90%", TRUE, 90, "%", FR_CMP_GE },
  { "100%", TRUE, 100, "%", FR_CMP_NONE },
  { "96.72%", TRUE, 96.72, "%", FR_CMP_NONE },
  { "１００％", TRUE, 100, "%", FR_CMP_NONE },   /* full-width, as some fonts map them */
  { "1,973.86", TRUE, 1973.86, "", FR_CMP_NONE },
  { "24,458.43", TRUE, 24458.43, "", FR_CMP_NONE },
  { "-12.5", TRUE, -12.5, "", FR_CMP_NONE },
  { "10", TRUE, 10, "", FR_CMP_NONE },
  { " 72 万册 ", TRUE, 72, "万册", FR_CMP_NONE },
  { "合格", FALSE, 0, "", FR_CMP_NONE },
  { "有则得满分，否则酌情扣分", FALSE, 0, "", FR_CMP_NONE },
  { "9个小区已建立", FALSE, 0, "", FR_CMP_NONE },
  { "2.政府性基金预算", FALSE, 0, "", FR_CMP_NONE },
  { "—", FALSE, 0, "", FR_CMP_NONE },
  { "--", FALSE, 0, "", FR_CMP_NONE },
  { "", FALSE, 0, "", FR_CMP_NONE },
  { "90%-100%", FALSE, 0, "", FR_CMP_NONE },
};

static void
test_row (gconstpointer data)
{
  const Row *row = data;
  FrValue v;
  gboolean ok = fr_value_parse (row->text, &v);
  g_assert_cmpint (ok, ==, row->is_value);
  if (!ok)
    return;
  g_assert_cmpfloat_with_epsilon (v.number, row->number, 1e-9);
  g_assert_cmpstr (v.unit, ==, row->unit);
  g_assert_cmpint (v.cmp, ==, row->cmp);
}

static void
test_null (void)
{
  FrValue v;
  g_assert_false (fr_value_parse (NULL, &v));
  g_assert_cmpfloat (v.number, ==, 0);
  g_assert_cmpstr (fr_cmp_symbol (FR_CMP_GE), ==, "≥");
  g_assert_cmpstr (fr_cmp_symbol (FR_CMP_NONE), ==, "");
}

/* a 指标方向 column's cell: the bound alone, or nothing that is one */
static void
test_direction (void)
{
  static const struct {
    const char *text;
    FrCmp cmp;
  } dirs[] = {
    { "≥", FR_CMP_GE }, { "≧", FR_CMP_GE }, { "大于等于", FR_CMP_GE }, { "≤", FR_CMP_LE },
    { "≦", FR_CMP_LE }, { "不超过", FR_CMP_LE }, { ">", FR_CMP_GT }, { "＜", FR_CMP_LT },
    { "=", FR_CMP_NONE }, { "定性", FR_CMP_NONE }, { "--", FR_CMP_NONE }, { "", FR_CMP_NONE },
    { NULL, FR_CMP_NONE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    g_assert_cmpint (fr_cmp_parse (dirs[i].text), ==, dirs[i].cmp);
}

/* a row that numbers the columns (栏次 1 2 3 …) against the lines of a table */
static void
test_numbering_row (void)
{
  static const struct {
    const char *cells[5];
    gboolean numbering;
  } nrows[] = {
    { { "栏次", "1", "2", "3", NULL }, TRUE },
    { { "**", "", "1", "2", "3" }, TRUE },
    { { "", "1", "2", "3", NULL }, TRUE },
    { { "—", "1", "2", "3", NULL }, TRUE },
    { { "—", "—", "—", NULL, NULL }, TRUE },
    { { "1", NULL, NULL, NULL, NULL }, FALSE },
    { { "1", "3", "4", NULL, NULL }, FALSE },
    { { "一般公共服务支出", "—", "12.00", NULL, NULL }, FALSE },
    /* a line whose first cell is a dash: the rows above it are no header */
    { { "—", "其他事务", "无", NULL, NULL }, FALSE },
    { { "", "-", "培训人次", "100", NULL }, FALSE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (nrows); i++) {
    g_autoptr (GPtrArray) row = g_ptr_array_new ();
    for (guint c = 0; c < G_N_ELEMENTS (nrows[i].cells) && nrows[i].cells[c]; c++)
      g_ptr_array_add (row, (gpointer) nrows[i].cells[c]);
    if (fr_value_numbering_row (row) != nrows[i].numbering)
      g_error ("row %u: numbering %d, want %d", i, !nrows[i].numbering, nrows[i].numbering);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    g_autofree char *name = g_strdup_printf ("/values/%u", i);
    g_test_add_data_func (name, &rows[i], test_row);
  }
  g_test_add_func ("/values/null", test_null);
  g_test_add_func ("/values/direction", test_direction);
  g_test_add_func ("/values/numbering-row", test_numbering_row);
  return g_test_run ();
}
