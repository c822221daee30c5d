/* test-budget-doubt.c — a scanned budget table's own sums, re-done before it is checked
 * (fr_budget_scan_doubt): a figure misread shows as the sums over it that fail, and is given
 * no value; the figures of those sums that another sum, holding, confirms keep theirs; where
 * every figure of a failing sum is confirmed (the report's own error, or a code misread that
 * moved a row), all of them are put in doubt, for the two cannot be told.  A sum confirms a
 * figure only beside figures each sure on their own (in no sum that fails, in another that
 * holds): the same digit misread twice in one row holds there.
 *
 * The table, 万元 (合计 = 基本支出 + 项目支出 in each row; each 类 the sum of its 款; the 合计
 * row the sum of the 类):
 *
 *            合计     基本支出  项目支出
 *   合计     300.00   180.00    120.00
 *   201      200.00   120.00     80.00
 *   20101    150.00   100.00     50.00
 *   20102     50.00    20.00     30.00
 *   208      100.00    60.00     40.00
 *   20805    100.00    60.00     40.00
 */
#include <string.h>

#include "budgetchecks.h"

static const struct {
  const char *code, *name;
  double v[3];
} rows[] = {
  { NULL, "合计", { 300, 180, 120 } },
  { "201", "一般公共服务支出", { 200, 120, 80 } },
  { "20101", "人大事务", { 150, 100, 50 } },
  { "20102", "政协事务", { 50, 20, 30 } },
  { "208", "社会保障和就业支出", { 100, 60, 40 } },
  { "20805", "行政事业单位养老支出", { 100, 60, 40 } },
};

static FrBudgetTable *
table (void)
{
  FrBudgetTable *t = fr_budget_table_new ("expenditure");
  static const char *const heads[] = { "合计", "基本支出", "项目支出" };
  for (guint c = 0; c < G_N_ELEMENTS (heads); c++) {
    FrBudgetColumn col = { NULL, g_strdup (heads[c]) };
    g_array_append_val (t->columns, col);
  }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    FrBudgetRow *r = fr_budget_row_new (3);
    r->side = FR_BUDGET_SIDE_EXPENDITURE;
    r->code = g_strdup (rows[i].code);
    r->level = rows[i].code ? (int) strlen (rows[i].code) / 2 : 0;
    r->name = g_strdup (rows[i].name);
    for (guint c = 0; c < 3; c++) {
      FrBudgetValue *v = &g_array_index (r->values, FrBudgetValue, c);
      v->value = rows[i].v[c];
      v->has = TRUE;
      v->col = c;
    }
    g_ptr_array_add (t->rows, r);
  }
  return t;
}

static FrBudgetValue *
value (FrBudgetTable *t, guint row, guint col)
{
  FrBudgetRow *r = g_ptr_array_index (t->rows, row);
  return &g_array_index (r->values, FrBudgetValue, col);
}

/* the cells put in doubt, as "row,col" */
static char *
doubted (FrBudgetTable *t)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < t->rows->len; i++)
    for (guint c = 0; c < 3; c++)
      if (value (t, i, c)->doubt)
        g_string_append_printf (s, "%s%u,%u", s->len ? " " : "", i, c);
  return g_string_free (s, FALSE);
}

/* A consistent table: every sum holds, nothing in doubt. */
static void
test_consistent (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrBudgetTable *t = table ();
  g_assert_cmpuint (fr_budget_scan_doubt (an, t), ==, 0);
  fr_budget_table_free (t);
}

/* 20101's 基本支出 misread 700.00 (a 1 read 7): its row sum and 201's 基本支出 sum fail.  Of
 * their figures, 150.00 and 50.00 of 20101 are confirmed by 201's 合计 and 项目支出 sums, 201's
 * 120.00 by its row, 20102's 20.00 by its row: only the misread figure is put in doubt (all
 * five were before). */
static void
test_one_misread (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrBudgetTable *t = table ();
  value (t, 2, 1)->value = 700;
  g_assert_cmpuint (fr_budget_scan_doubt (an, t), ==, 1);
  g_autofree char *d = doubted (t);
  g_assert_cmpstr (d, ==, "2,1");
  g_assert_false (value (t, 2, 1)->has);
  g_assert_true (value (t, 2, 0)->has && value (t, 2, 0)->value == 150);
  fr_budget_table_free (t);
}

/* A figure repeated in its row (合计 = 基本支出 alone) confirms nothing: a misreading of
 * the same digits twice holds there as well.  208 and 20805 printed as 100.00 = 100.00 + blank,
 * and 20805's two read 900.00: 208's sums over them fail, and 20805's figures, confirmed by no
 * sum of two parts, are in doubt; 208's are confirmed by the 合计 row's sums. */
static void
test_repeated_confirms_nothing (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrBudgetTable *t = table ();
  /* 208 and its 款: all 基本支出, the 合计 row's 项目支出 less by 40 */
  value (t, 4, 1)->value = 100;
  value (t, 4, 2)->has = FALSE;
  value (t, 5, 1)->value = 100;
  value (t, 5, 2)->has = FALSE;
  value (t, 0, 1)->value = 220;
  value (t, 0, 2)->value = 80;
  g_assert_cmpuint (fr_budget_scan_doubt (an, t), ==, 0);
  fr_budget_table_free (t);
  t = table ();
  value (t, 4, 1)->value = 100;
  value (t, 4, 2)->has = FALSE;
  value (t, 5, 0)->value = 900;
  value (t, 5, 1)->value = 900;
  value (t, 5, 2)->has = FALSE;
  value (t, 0, 1)->value = 220;
  value (t, 0, 2)->value = 80;
  fr_budget_scan_doubt (an, t);
  g_autofree char *d = doubted (t);
  g_assert_cmpstr (d, ==, "5,0 5,1");
  fr_budget_table_free (t);
}

/* The 合计 row printed 300.10 and 180.10 (its own row adds up): the 类 rows do not make it.
 * The 合计 row's figures are confirmed by no sum of figures each sure on its own (180.10 and
 * 300.10 each fail a column), nor are 208's (its row holds beside 60.00, which fails; its 款
 * is one), so the misreading (or the report's error) is not placed there and they are in
 * doubt; 201's 200.00 and 120.00 are kept, confirmed by their 款 (150 + 50, 100 + 20), whose
 * figures every other sum holds. */
static void
test_all_confirmed (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrBudgetTable *t = table ();
  value (t, 0, 0)->value = 300.10;
  value (t, 0, 1)->value = 180.10;
  fr_budget_scan_doubt (an, t);
  g_autofree char *d = doubted (t);
  g_assert_cmpstr (d, ==, "0,0 0,1 4,0 4,1");
  fr_budget_table_free (t);
}

/* The same digit misread the same way in a row's 合计 and 基本支出 (20101's 150.00 and 100.00
 * read 750.00 and 700.00): its own row still adds up, 750 = 700 + 50, and 201's sums over them
 * fail.  20102 prints 50.00 = 50.00 + blank, a row that confirms nothing: the two misread
 * figures must not be kept as confirmed by their own row while the right 50.00s are doubted
 * (it kept 750 and 700 before: a wrong figure let through). */
/* The table with 201 = 150 + 50 in 基本支出 and 50 + 0 in 项目支出, 20102 all 基本支出. */
static FrBudgetTable *
table_basic_20102 (void)
{
  FrBudgetTable *t = table ();
  value (t, 1, 1)->value = 150;
  value (t, 1, 2)->value = 50;
  value (t, 3, 1)->value = 50;
  value (t, 3, 2)->has = FALSE;
  value (t, 0, 1)->value = 210;
  value (t, 0, 2)->value = 90;
  return t;
}

static void
test_same_misread_in_a_row (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrBudgetTable *t = table_basic_20102 ();
  g_assert_cmpuint (fr_budget_scan_doubt (an, t), ==, 0);
  fr_budget_table_free (t);
  t = table_basic_20102 ();
  value (t, 2, 0)->value = 750;
  value (t, 2, 1)->value = 700;
  fr_budget_scan_doubt (an, t);
  g_assert_false (value (t, 2, 0)->has);
  g_assert_false (value (t, 2, 1)->has);
  for (guint i = 0; i < t->rows->len; i++)
    for (guint c = 0; c < 3; c++) {
      FrBudgetValue *v = value (t, i, c);
      g_assert_true (!v->has || v->value < 700);
    }
  fr_budget_table_free (t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/budget-doubt/consistent", test_consistent);
  g_test_add_func ("/budget-doubt/one-misread", test_one_misread);
  g_test_add_func ("/budget-doubt/repeated-confirms-nothing", test_repeated_confirms_nothing);
  g_test_add_func ("/budget-doubt/all-confirmed", test_all_confirmed);
  g_test_add_func ("/budget-doubt/same-misread-in-a-row", test_same_misread_in_a_row);
  return g_test_run ();
}
