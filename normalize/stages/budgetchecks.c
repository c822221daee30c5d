/* budgetchecks.c — a budget's own arithmetic, re-done (RECORD.md's budget check rules).
 *
 *   balance         a summary table's 收入总计 equals its 支出总计;
 *   row_sum         in each row, a total column (合计, 小计) equals the columns it adds up: the
 *                   ones after it under the same header, a group by its own 小计 or else its parts;
 *   column_sum      a table's 合计 row equals the sum of its 类 (level-1) rows, column by column;
 *   code_hierarchy  a 类 equals the sum of its 款, a 款 the sum of its 项;
 *   cross_table     the same figure in two tables agrees (cross_pairs below);
 *   text_vs_table   a figure the narrative states equals the table's.
 * Each allows the printed rounding: one unit of the last printed decimal per added term (0.01
 * 万元 per term for a table printed to 0.01 万元).  A fail names both numbers and where each
 * stands (the table's label and page, or the sentence); every check carries the page of the
 * figure it checked.
 *
 * A figure OCR left in doubt (FrBudgetValue.doubt) is no figure to sum: a sum that takes one
 * is not checked.  The same sums serve a scanned table before it is checked
 * (fr_budget_scan_doubt): where one fails there, a figure of it was misread, and none of its
 * figures is taken but those a sum that holds confirms (none is changed).
 */
#include "budgetchecks.h"
#include "amount.h"

#include <math.h>
#include <string.h>

#define CHECK_BALANCE "balance"
#define CHECK_ROW_SUM "row_sum"
#define CHECK_COLUMN_SUM "column_sum"
#define CHECK_CODE_HIERARCHY "code_hierarchy"
#define CHECK_CROSS_TABLE "cross_table"
#define CHECK_TEXT_VS_TABLE "text_vs_table"

#define EPS 1e-9

/* Where the sums go: checks of the record (doubt NULL), or, on a scanned table, the sums that
 * fail (doubt: a GArray of Cell each, its total first) and the sums that hold over two figures
 * or more (held: the same) */
typedef struct {
  FrAnalysis *an;
  GPtrArray *doubt;
  GPtrArray *held;
} Sums;

typedef struct {
  FrBudgetRow *row;
  int col;
} Cell;

/* The cell of a row's value in column c, onto a sum's cells. */
static void
sum_cell (GArray *cells, const FrBudgetRow *r, int c)
{
  Cell x = { (FrBudgetRow *) r, c };
  g_array_append_val (cells, x);
}

static const FrBudgetValue *value_at (const FrBudgetRow *r, int c);

/* A scanned table's sum, its total's cell first: one that fails is kept to put in doubt; one
 * that holds is kept where it adds up two or more figures that are not 0 to a total that is
 * not, for a figure misread there would have to be matched by another misread to hold (which
 * of them confirm what: fr_budget_scan_doubt).  T = A alone confirms nothing: the same figure
 * printed twice and misread the same way twice holds as well.  Takes cells. */
static void
scan_sum (Sums *sm, gboolean pass, GArray *cells)
{
  if (!pass) {
    g_ptr_array_add (sm->doubt, cells);
    return;
  }
  guint parts = 0;
  gboolean total = FALSE;
  for (guint i = 0; i < cells->len; i++) {
    const Cell *x = &g_array_index (cells, Cell, i);
    const FrBudgetValue *v = value_at (x->row, x->col);
    gboolean figure = v != NULL && v->has && v->value != 0;
    if (i == 0)
      total = figure;
    else
      parts += figure;
  }
  if (total && parts >= 2)
    g_ptr_array_add (sm->held, cells);
  else
    g_array_unref (cells);
}

static GArray *
new_cells (void)
{
  return g_array_new (FALSE, FALSE, sizeof (Cell));
}

static gboolean
in_doubt (const FrBudgetValue *v)
{
  return v != NULL && v->doubt;
}

/* Whether a sum of n_terms printed figures equals the total it is printed as, to the table's
 * rounding (its step per term): the one test of every sum here and of a scanned table's. */
static gboolean
adds_up (const FrBudgetTable *t, double sum, double total, guint n_terms)
{
  return fabs (sum - total) <= t->step * MAX (n_terms, 1) + EPS;
}

/* "公开03表 p.3" — where a table's figure stands. */
static char *
where (const FrBudgetTable *t, guint page)
{
  return g_strdup_printf ("%s p.%u", t->label ? t->label : t->title ? t->title : t->kind, page + 1);
}

/* A row as a person finds it: its code and name, or the table's label when it has neither. */
static char *
row_subject (const FrBudgetTable *t, const FrBudgetRow *r)
{
  if (r->code == NULL && r->name == NULL)
    return g_strdup (t->label ? t->label : t->title ? t->title : t->kind);
  return g_strdup_printf ("%s%s%s", r->code ? r->code : "", r->code && r->name ? " " : "",
                          r->name ? r->name : "");
}

static char *
amount_text (double v)
{
  return fr_number_text (v, 6);
}

static const FrBudgetValue *
value_at (const FrBudgetRow *r, int c)
{
  return c >= 0 && (guint) c < r->values->len ? &g_array_index (r->values, FrBudgetValue, c) : NULL;
}

/* Names the cell of a row's value in column c as one the last check compared. */
static void
mark (FrAnalysis *an, const FrBudgetRow *r, int c)
{
  const FrBudgetValue *v = value_at (r, c);
  if (v && v->has && r->part)
    fr_analysis_check_cell (an, r->part, r->row, v->col);
}

/* The same, for the row's first value equal to x (a figure compared across tables). */
static void
mark_value (FrAnalysis *an, const FrBudgetRow *r, double x)
{
  for (guint c = 0; r && c < r->values->len; c++) {
    const FrBudgetValue *v = &g_array_index (r->values, FrBudgetValue, c);
    if (v->has && fabs (v->value - x) <= EPS) {
      mark (an, r, (int) c);
      return;
    }
  }
}

static gboolean
squeezed_rule (const char *name, FrRuleId rule)
{
  if (name == NULL)
    return FALSE;
  g_autofree char *s = fr_squeeze (name);
  return fr_rule_test (rule, s);
}

/* A row's first value, in *col; FALSE where a value in doubt comes first (the first is not
 * known). */
static gboolean
first_value_at (const FrBudgetRow *r, double *v, int *col)
{
  for (guint c = 0; c < r->values->len; c++) {
    const FrBudgetValue *x = &g_array_index (r->values, FrBudgetValue, c);
    if (x->doubt)
      return FALSE;
    if (x->has) {
      *v = x->value;
      *col = (int) c;
      return TRUE;
    }
  }
  return FALSE;
}

static gboolean
first_value (const FrBudgetRow *r, double *v)
{
  int c;
  return first_value_at (r, v, &c);
}

/* ---- balance ----------------------------------------------------------------------- */

static void
check_balance (Sums *sm, const FrBudgetTable *t)
{
  FrAnalysis *an = sm->an;
  const FrBudgetRow *in = NULL, *out = NULL;
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    if (!squeezed_rule (r->name, FR_RULE_FIN_TABLE_TOTAL))
      continue;
    if (r->side == FR_BUDGET_SIDE_INCOME && in == NULL)
      in = r;
    else if (r->side == FR_BUDGET_SIDE_EXPENDITURE && out == NULL)
      out = r;
  }
  double a, b;
  int ca, cb;
  if (in == NULL || out == NULL || !first_value_at (in, &a, &ca) || !first_value_at (out, &b, &cb))
    return;
  if (sm->doubt) {
    GArray *cells = new_cells ();
    sum_cell (cells, in, ca);
    sum_cell (cells, out, cb);
    scan_sum (sm, adds_up (t, a, b, 1), cells);
    return;
  }
  g_autofree char *wa = where (t, in->page), *wb = where (t, out->page);
  g_autofree char *sa = amount_text (a), *sb = amount_text (b);
  fr_analysis_check (an, CHECK_BALANCE, adds_up (t, a, b, 1), t->label ? t->label : t->title,
                     (int) out->page, "%s %s (%s) vs %s %s (%s)", in->name, sa, wa, out->name, sb, wb);
  mark_value (an, in, a);
  mark_value (an, out, b);
}

/* ---- row_sum ----------------------------------------------------------------------- */

static int
path_len (char **p)
{
  return (int) g_strv_length (p);
}

/* A header word of a column that adds others up: 合计, 小计, 总计, 本年收入合计, … */
static gboolean
total_word (const char *w)
{
  return g_str_has_suffix (w, "合计") || g_str_has_suffix (w, "小计") || g_str_has_suffix (w, "总计");
}

/* The columns a total column adds up, as groups of column indexes (a group's columns are
 * summed as one term when it has no 小计 of its own); FALSE when they cannot be told. */
static gboolean
row_sum_terms (const FrBudgetTable *t, GStrv *paths, guint c, GArray *terms)
{
  int depth = path_len (paths[c]);
  int parent = depth - 1;
  guint k = c + 1;
  while (k < t->columns->len) {
    char **p = paths[k];
    if (path_len (p) <= parent)
      break;
    gboolean same_parent = TRUE;
    for (int i = 0; i < parent && same_parent; i++)
      same_parent = strcmp (p[i], paths[c][i]) == 0;
    if (!same_parent)
      break;
    const char *node = p[parent];
    /* the run of columns under this node */
    guint end = k;
    while (end < t->columns->len && path_len (paths[end]) > parent
           && strcmp (paths[end][parent], node) == 0) {
      gboolean same = TRUE;
      for (int i = 0; i < parent && same; i++)
        same = strcmp (paths[end][i], paths[c][i]) == 0;
      if (!same)
        break;
      end++;
    }
    const FrBudgetColumn *col = &g_array_index (t->columns, FrBudgetColumn, k);
    /* “三公”经费合计 adds up the three, not the 会议费 and 培训费 printed beside them */
    if (strstr (paths[c][depth - 1], "三公") && !fr_rule_test (FR_RULE_BUDGET_THREE_PUBLIC_PART, node))
      break;
    if (strstr (col->header, "其中") || !fr_rule_test (FR_RULE_BUDGET_PART_COLUMN, node))
      return FALSE;
    if (end == k + 1 && path_len (p) == parent + 1) {
      g_array_append_val (terms, k);
    } else {
      /* a group: its 小计, else all its leaves one level down */
      int sub = -1;
      for (guint j = k; j < end && sub < 0; j++)
        if (path_len (paths[j]) == parent + 2 && total_word (paths[j][parent + 1]))
          sub = (int) j;
      if (sub >= 0) {
        guint s = (guint) sub;
        g_array_append_val (terms, s);
      } else {
        for (guint j = k; j < end; j++) {
          if (path_len (paths[j]) != parent + 2 || strstr (paths[j][parent + 1], "其中"))
            return FALSE;
          g_array_append_val (terms, j);
        }
      }
    }
    k = end;
  }
  return terms->len > 0;
}

static void
check_row_sums (Sums *sm, const FrBudgetTable *t)
{
  FrAnalysis *an = sm->an;
  guint n = t->columns->len;
  GStrv *paths = g_new0 (GStrv, n);
  for (guint c = 0; c < n; c++)
    paths[c] = g_strsplit (g_array_index (t->columns, FrBudgetColumn, c).header, "/", -1);
  for (guint c = 0; c < n; c++) {
    int d = path_len (paths[c]);
    /* a 小计 with no group above it is a header the table did not keep whole */
    if (d == 0 || !total_word (paths[c][d - 1]) || (d == 1 && g_str_has_suffix (paths[c][0], "小计")))
      continue;
    g_autoptr (GArray) terms = g_array_new (FALSE, FALSE, sizeof (guint));
    if (!row_sum_terms (t, paths, c, terms))
      continue;
    /* a column that fails in most of its rows is one whose header was read wrong (a merged
     * header cell the table kept over too few columns), not a report that errs row by row */
    guint checked = 0, failed = 0;
    for (int emit = 0; emit < 2; emit++) {
      if (emit && failed >= 3 && failed * 3 > checked) {
        if (sm->doubt)
          break;
        fr_analysis_warn (an, "page %u: %s: %s does not add up in %u of %u rows; its header is "
                          "likely misread, so row_sum is not checked there", t->page + 1,
                          t->label ? t->label : t->title, g_array_index (t->columns, FrBudgetColumn, c).header,
                          failed, checked);
        break;
      }
      for (guint i = 0; i < t->rows->len; i++) {
        const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
        const FrBudgetValue *tv = value_at (r, (int) c);
        double sum = 0;
        guint n_terms = 0;
        g_autoptr (GString) parts = g_string_new (NULL);
        gboolean doubt = in_doubt (tv);
        for (guint k = 0; k < terms->len; k++) {
          guint tc = g_array_index (terms, guint, k);
          const FrBudgetValue *v = value_at (r, (int) tc);
          doubt |= in_doubt (v);
          if (v == NULL || !v->has)
            continue;
          sum += v->value;
          n_terms++;
          g_autofree char *vs = amount_text (v->value);
          g_string_append_printf (parts, "%s%s %s", parts->len ? " + " : "",
                                  g_array_index (t->columns, FrBudgetColumn, tc).header, vs);
        }
        /* nothing printed on either side: nothing to check */
        if ((tv == NULL || !tv->has) && n_terms == 0)
          continue;
        double total = tv && tv->has ? tv->value : 0;
        if ((n_terms == 0 && total == 0) || doubt)
          continue;
        gboolean pass = adds_up (t, sum, total, n_terms);
        if (!emit) {
          checked++;
          failed += !pass;
          continue;
        }
        if (sm->doubt) {
          GArray *cells = new_cells ();
          sum_cell (cells, r, (int) c);
          for (guint k = 0; k < terms->len; k++)
            sum_cell (cells, r, (int) g_array_index (terms, guint, k));
          scan_sum (sm, pass, cells);
          continue;
        }
        g_autofree char *w = where (t, r->page), *ss = amount_text (sum), *ts = amount_text (total);
        g_autofree char *subject = row_subject (t, r);
        fr_analysis_check (an, CHECK_ROW_SUM, pass, subject, (int) r->page,
                           "%s, %s: %s = %s, printed %s %s", w, subject, parts->len ? parts->str : "0",
                           ss, g_array_index (t->columns, FrBudgetColumn, c).header, ts);
        mark (an, r, (int) c);
        for (guint k = 0; k < terms->len; k++)
          mark (an, r, (int) g_array_index (terms, guint, k));
      }
    }
  }
  for (guint c = 0; c < n; c++)
    g_strfreev (paths[c]);
  g_free (paths);
}

/* ---- column_sum and code_hierarchy -------------------------------------------------- */

/* Compares a row's values with sums over other rows, column by column; one check per row,
 * naming the first column that differs (or the one compared). */
static void
compare_sums (Sums *sm, const char *rule, const FrBudgetTable *t, const FrBudgetRow *r,
              GPtrArray *parts, const char *what)
{
  FrAnalysis *an = sm->an;
  guint n = t->columns->len;
  int bad = -1, shown = -1;
  double bad_sum = 0, shown_sum = 0;
  for (guint c = 0; c < n; c++) {
    const FrBudgetValue *tv = value_at (r, (int) c);
    double sum = 0;
    guint n_terms = 0;
    gboolean doubt = in_doubt (tv);
    for (guint i = 0; i < parts->len; i++) {
      const FrBudgetValue *v = value_at (g_ptr_array_index (parts, i), (int) c);
      doubt |= in_doubt (v);
      if (v && v->has) {
        sum += v->value;
        n_terms++;
      }
    }
    if (((tv == NULL || !tv->has) && n_terms == 0) || doubt)
      continue;
    double total = tv && tv->has ? tv->value : 0;
    gboolean pass = adds_up (t, sum, total, n_terms);
    if (sm->doubt) {
      GArray *cells = new_cells ();
      sum_cell (cells, r, (int) c);
      for (guint i = 0; i < parts->len; i++)
        sum_cell (cells, g_ptr_array_index (parts, i), (int) c);
      scan_sum (sm, pass, cells);
      continue;
    }
    if (shown < 0) {
      shown = (int) c;
      shown_sum = sum;
    }
    if (bad < 0 && !pass) {
      bad = (int) c;
      bad_sum = sum;
    }
  }
  if (shown < 0 || sm->doubt)
    return;
  int c = bad >= 0 ? bad : shown;
  double sum = bad >= 0 ? bad_sum : shown_sum;
  const FrBudgetValue *tv = value_at (r, c);
  g_autofree char *w = where (t, r->page), *ss = amount_text (sum);
  g_autofree char *ts = amount_text (tv && tv->has ? tv->value : 0);
  g_autofree char *subject = row_subject (t, r);
  fr_analysis_check (an, rule, bad < 0, subject, (int) r->page, "%s, %s: %s of the %u %s = %s, printed %s",
                     w, subject, g_array_index (t->columns, FrBudgetColumn, c).header, parts->len,
                     what, ss, ts);
  mark (an, r, c);
  for (guint i = 0; i < parts->len; i++)
    mark (an, g_ptr_array_index (parts, i), c);
}

static void
check_column_sum (Sums *sm, const FrBudgetTable *t)
{
  const FrBudgetRow *total = NULL;
  g_autoptr (GPtrArray) classes = g_ptr_array_new ();
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    if (r->code == NULL && total == NULL && squeezed_rule (r->name, FR_RULE_BUDGET_TOTAL_ROW))
      total = r;
    else if (r->level == 1)
      g_ptr_array_add (classes, (gpointer) r);
  }
  if (total && classes->len)
    compare_sums (sm, CHECK_COLUMN_SUM, t, total, classes, "类 rows");
}

static void
check_code_hierarchy (Sums *sm, const FrBudgetTable *t)
{
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    if (r->code == NULL || (r->level != 1 && r->level != 2))
      continue;
    gsize n = strlen (r->code);
    g_autoptr (GPtrArray) kids = g_ptr_array_new ();
    for (guint j = i + 1; j < t->rows->len; j++) {
      const FrBudgetRow *k = g_ptr_array_index (t->rows, j);
      if (k->side != r->side || k->code == NULL || strncmp (k->code, r->code, n) != 0)
        break;
      if (strlen (k->code) == n + 2)
        g_ptr_array_add (kids, (gpointer) k);
    }
    if (kids->len)
      compare_sums (sm, CHECK_CODE_HIERARCHY, t, r, kids, r->level == 1 ? "款" : "项");
  }
}

/* ---- cross_table ------------------------------------------------------------------- */

/* A table's 合计 row in a role's column, with that row. */
static gboolean
table_total (const FrBudgetTable *t, const char *role, double *v, const FrBudgetRow **row)
{
  int c = fr_budget_column (t, role);
  if (c < 0)
    return FALSE;
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    const FrBudgetValue *x = value_at (r, c);
    if (r->code == NULL && squeezed_rule (r->name, FR_RULE_BUDGET_TOTAL_ROW)) {
      if (x == NULL || !x->has)
        return FALSE;
      *v = x->value;
      *row = r;
      return TRUE;
    }
  }
  return FALSE;
}

/* Σ of a table's 类 rows in its first column, where it has no 合计 row (a 基本支出表 that
 * prints 人员经费 and 公用经费 side by side). */
static gboolean
class_sum (const FrBudgetTable *t, double *v, const FrBudgetRow **row, guint *n)
{
  *v = 0;
  *n = 0;
  *row = NULL;
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    const FrBudgetValue *x = value_at (r, 0);
    if (r->level == 1 && in_doubt (x))
      return FALSE;
    if (r->level == 1 && x && x->has) {
      *v += x->value;
      (*n)++;
      *row = *row ? *row : r;
    }
  }
  return *n > 0;
}

static gboolean
same_fund (const FrBudgetTable *a, const FrBudgetTable *b)
{
  gboolean ga = a->title && strstr (a->title, "一般公共预算");
  gboolean gb = b->title && strstr (b->title, "一般公共预算");
  return ga == gb;
}

static void
cross_check (FrAnalysis *an, const FrBudgetTable *a, const FrBudgetRow *ra, double va,
             const char *what_a, const FrBudgetTable *b, const FrBudgetRow *rb, double vb,
             const char *what_b, double vb2, gboolean has_b2, guint n_terms)
{
  double tol = MAX (a->step, b->step) * MAX (n_terms, 1) + EPS;
  gboolean pass = fabs (va - vb) <= tol || (has_b2 && fabs (va - vb2) <= tol);
  g_autofree char *wa = where (a, ra->page), *wb = where (b, rb->page);
  g_autofree char *sa = amount_text (va), *sb = amount_text (vb);
  fr_analysis_check (an, CHECK_CROSS_TABLE, pass, what_a, (int) ra->page, "%s %s (%s) vs %s %s (%s)",
                     what_a, sa, wa, what_b, sb, wb);
  mark_value (an, ra, va);
  mark_value (an, rb, vb);
}

/* The first table of a kind from index `from` on, in one budget of the file (FrBudgetTable.
 * budget): two budgets bound together are not compared with each other. */
static const FrBudgetTable *
of_kind (const FrBudget *b, const char *kind, guint from, guint budget)
{
  for (guint i = from; i < b->tables->len; i++) {
    const FrBudgetTable *t = g_ptr_array_index (b->tables, i);
    if (strcmp (t->kind, kind) == 0 && t->budget == budget)
      return t;
  }
  return NULL;
}

/* A summary table's row of a given kind (FIN_TABLE_TOTAL, FIN_TABLE_CURRENT) on one side. */
static const FrBudgetRow *
summary_row (const FrBudgetTable *s, FrBudgetSide side, FrRuleId rule, double *v)
{
  for (guint i = 0; i < s->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (s->rows, i);
    if (r->side == side && squeezed_rule (r->name, rule) && first_value (r, v))
      return r;
  }
  return NULL;
}

static void
check_cross (FrAnalysis *an, const FrBudget *b, guint budget)
{
  const FrBudgetTable *summary = of_kind (b, "summary", 0, budget);
  /* the income and expenditure tables' 合计 against the summary's, this year's or in all */
  static const struct {
    const char *kind;
    FrBudgetSide side;
    const char *what;
  } sides[] = { { "income", FR_BUDGET_SIDE_INCOME, "收入" },
                { "expenditure", FR_BUDGET_SIDE_EXPENDITURE, "支出" } };
  for (guint k = 0; summary && k < G_N_ELEMENTS (sides); k++) {
    const FrBudgetTable *t = of_kind (b, sides[k].kind, 0, budget);
    double v, cur = 0, all = 0;
    const FrBudgetRow *r;
    if (t == NULL || !table_total (t, "total", &v, &r))
      continue;
    const FrBudgetRow *rc = summary_row (summary, sides[k].side, FR_RULE_FIN_TABLE_CURRENT, &cur);
    const FrBudgetRow *ra = summary_row (summary, sides[k].side, FR_RULE_FIN_TABLE_TOTAL, &all);
    if (rc == NULL && ra == NULL)
      continue;
    g_autofree char *wt = g_strdup_printf ("%s 合计", sides[k].what);
    cross_check (an, t, r, v, wt, summary, rc ? rc : ra, rc ? cur : all, rc ? rc->name : ra->name,
                 all, ra != NULL, 1);
  }
  /* basic spending by economic class against the same fund's 基本支出 by function */
  for (guint i = 0; i < b->tables->len; i++) {
    const FrBudgetTable *basic = g_ptr_array_index (b->tables, i);
    if (strcmp (basic->kind, "general_budget_basic") != 0 || basic->budget != budget)
      continue;
    for (const FrBudgetTable *gb = of_kind (b, "general_budget", 0, budget); gb;) {
      double v, w;
      const FrBudgetRow *rg, *rb;
      guint n = 1;
      if (same_fund (basic, gb) && table_total (gb, "basic", &v, &rg)) {
        gboolean has = table_total (basic, "total", &w, &rb) || table_total (basic, "basic", &w, &rb)
                       || class_sum (basic, &w, &rb, &n);
        if (has)
          cross_check (an, basic, rb, w, "基本支出", gb, rg, v, "基本支出 合计", 0, FALSE, n);
        break;
      }
      guint at = 0;
      while (at < b->tables->len && g_ptr_array_index (b->tables, at) != gb)
        at++;
      gb = of_kind (b, "general_budget", at + 1, budget);
    }
  }
}

gboolean
fr_budget_owns_page (const FrAnalysis *an, const FrBudget *b, guint budget, guint page)
{
  guint part = fr_part_at (an->parts, page);
  gboolean seen = FALSE;
  for (guint i = 0; i < b->tables->len; i++) {
    const FrBudgetTable *t = g_ptr_array_index (b->tables, i);
    if (fr_part_at (an->parts, t->page) != part)
      continue;
    guint last = t->pages->len ? g_array_index (t->pages, guint, t->pages->len - 1) : t->page;
    if ((t->budget < budget && last >= page) || (t->budget > budget && t->page <= page))
      return FALSE;
    seen = seen || t->budget == budget;
  }
  return seen;
}

/* ---- text_vs_table ----------------------------------------------------------------- */

typedef struct {
  FrRuleId rule;
  FrFigureId figure;
  gboolean by_kind;     /* the sentence says 预算 or 决算: compare only the report kind's */
} TextFigure;

static const TextFigure text_figures[] = {
  { FR_RULE_BUDGET_TEXT_TOTAL, FR_FIGURE_INCOME_TOTAL, FALSE },
  { FR_RULE_BUDGET_TEXT_THREE_PUBLIC, FR_FIGURE_THREE_PUBLIC_TOTAL, TRUE },
  { FR_RULE_BUDGET_TEXT_OPERATING, FR_FIGURE_OPERATING_COSTS, FALSE },
  { FR_RULE_BUDGET_TEXT_PROCUREMENT, FR_FIGURE_PROCUREMENT, FALSE },
};

/* The first paragraph of one budget of the file (fr_budget_owns_page) that the rule matches. */
static const FrBlock *
text_match (const FrAnalysis *an, const FrBudget *b, const FrSection *s, guint budget, FrRuleId rule,
            FrMatch **out)
{
  for (guint i = 0; s->paragraphs && i < s->paragraphs->len; i++) {
    const FrBlock *p = g_ptr_array_index (s->paragraphs, i);
    FrMatch *m = p->text && fr_budget_owns_page (an, b, budget, p->page) ? fr_rule_match (rule, p->text) : NULL;
    if (m) {
      *out = m;
      return p;
    }
  }
  for (guint i = 0; s->children && i < s->children->len; i++) {
    const FrBlock *p = text_match (an, b, g_ptr_array_index (s->children, i), budget, rule, out);
    if (p)
      return p;
  }
  return NULL;
}

/* The clause of text around bytes [a, e): from the mark before it to the one after. */
static char *
clause (const char *text, gsize a, gsize e)
{
  static const char *const marks[] = { "。", "；", "，" };
  gsize from = 0, to = strlen (text);
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++) {
    for (const char *p = strstr (text, marks[i]); p; p = strstr (p + 1, marks[i])) {
      gsize at = (gsize) (p - text);
      if (at < a && at + strlen (marks[i]) > from && i < 2)
        from = at + strlen (marks[i]);
      if (at >= e && at < to && i < 2)
        to = at;
    }
  }
  return g_strndup (text + from, to - from);
}

static void
check_text (FrAnalysis *an, const FrBudget *b)
{
  for (guint k = 0; an->root && k < G_N_ELEMENTS (text_figures); k++) {
    const TextFigure *tf = &text_figures[k];
    const FrBudgetFigure *f = &b->figures[tf->figure];
    if (!f->has || f->table == NULL)
      continue;       /* a figure from the narrative itself, or none */
    /* the sentence of the report the figure's table belongs to */
    const FrReport *rep = fr_analysis_report_at (an, f->table->page);
    const char *kind_word = rep && rep->kind && strstr (rep->kind, "决算") ? "决算" : "预算";
    g_autoptr (FrMatch) m = NULL;
    const FrBlock *p = text_match (an, b, an->root, f->table->budget, tf->rule, &m);
    if (p == NULL)
      continue;
    g_autofree char *what = fr_match_group (m, "what");
    if (tf->by_kind && g_strcmp0 (what, kind_word) != 0)
      continue;
    g_autofree char *num = fr_match_group (m, "num");
    g_autofree char *unit = fr_match_group (m, "unit");
    double v;
    if (!fr_amount_to_wan (num, unit, &v, NULL))
      continue;
    gsize a = 0, e = 0;
    fr_match_span (m, NULL, &a, &e);
    g_autofree char *sentence = clause (p->text, a, e);
    /* the sentence may round the table's figure to fewer decimals */
    int d = fr_number_decimals (num);
    double unit_wan = 1;
    fr_amount_to_wan ("1", unit, &unit_wan, NULL);
    double tol = 0.5 * pow (10, -(d < 0 ? 0 : d)) * unit_wan + f->table->step + EPS;
    g_autofree char *vs = amount_text (v), *fs = amount_text (f->value);
    g_autofree char *w = where (f->table, f->page);
    fr_analysis_check (an, CHECK_TEXT_VS_TABLE, fabs (v - f->value) <= tol, fr_figure_key (tf->figure),
                       (int) p->page, "the text (p.%u) says %s: 「%s」; %s says %s", p->page + 1, vs,
                       sentence, w, fs);
    for (guint i = 0; i < f->table->rows->len; i++) {
      const FrBudgetRow *r = g_ptr_array_index (f->table->rows, i);
      gboolean has = FALSE;
      for (guint c = 0; r->page == f->page && c < r->values->len && !has; c++) {
        const FrBudgetValue *x = &g_array_index (r->values, FrBudgetValue, c);
        has = x->has && fabs (x->value - f->value) <= EPS;
      }
      if (has) {
        mark_value (an, r, f->value);
        break;
      }
    }
  }
}

/* A table's own sums: balance, row_sum, column_sum, code_hierarchy. */
static void
table_sums (Sums *sm, const FrBudgetTable *t)
{
  if (strcmp (t->kind, "summary") == 0 || strcmp (t->kind, "fiscal_summary") == 0)
    check_balance (sm, t);
  check_row_sums (sm, t);
  check_column_sum (sm, t);
  check_code_hierarchy (sm, t);
}

void
fr_budget_checks (FrAnalysis *an)
{
  const FrBudget *b = an->budget;
  if (b == NULL)
    return;
  Sums sm = { an, NULL, NULL };
  for (guint i = 0; i < b->tables->len; i++)
    table_sums (&sm, g_ptr_array_index (b->tables, i));
  guint n_budgets = 0;
  for (guint i = 0; i < b->tables->len; i++)
    n_budgets = MAX (n_budgets, ((const FrBudgetTable *) g_ptr_array_index (b->tables, i))->budget + 1);
  for (guint budget = 0; budget < n_budgets; budget++)
    check_cross (an, b, budget);
  check_text (an, b);
}

/* How many sums over a cell fail and how many, of two figures or more, hold. */
typedef struct {
  guint fail, held;
} Tally;

static guint
cell_hash (gconstpointer p)
{
  const Cell *x = p;
  return g_direct_hash (x->row) ^ ((guint) x->col * 2654435761u);
}

static gboolean
cell_equal (gconstpointer a, gconstpointer b)
{
  const Cell *x = a, *y = b;
  return x->row == y->row && x->col == y->col;
}

static void
tally (GHashTable *tallies, GPtrArray *sums, gboolean fail)
{
  for (guint s = 0; s < sums->len; s++) {
    GArray *cells = g_ptr_array_index (sums, s);
    for (guint i = 0; i < cells->len; i++) {
      Cell *x = &g_array_index (cells, Cell, i);
      Tally *n = g_hash_table_lookup (tallies, x);
      if (n == NULL) {
        n = g_new0 (Tally, 1);
        g_hash_table_insert (tallies, x, n);
      }
      if (fail)
        n->fail++;
      else
        n->held++;
    }
  }
}

/* Whether a figure of a failing sum is confirmed: a sum that holds takes it with figures that
 * are each sure on their own, in no sum that fails and in another that holds (a blank, in no
 * sum that fails: a column left empty is in no other sum, and a figure lost whole is rarer
 * than a digit misread).  A sum holding
 * does not vouch for a figure beside another that a failing sum doubts, nor beside one no
 * other sum checks: the same digits misread the same way in a total and its largest part
 * (1,850 = 1,800 + 50 read 7,850 = 7,800 + 50) hold there, and each fails elsewhere or
 * nowhere. */
static gboolean
sure_cell (GHashTable *tallies, GPtrArray *held, const Cell *x)
{
  for (guint s = 0; s < held->len; s++) {
    GArray *cells = g_ptr_array_index (held, s);
    gboolean in = FALSE, others = TRUE;
    for (guint i = 0; i < cells->len; i++) {
      const Cell *y = &g_array_index (cells, Cell, i);
      if (cell_equal (x, y)) {
        in = TRUE;
        continue;
      }
      const Tally *n = g_hash_table_lookup (tallies, y);
      const FrBudgetValue *v = value_at (y->row, y->col);
      others &= n->fail == 0 && (n->held >= 2 || v == NULL || !v->has);
    }
    if (in && others)
      return TRUE;
  }
  return FALSE;
}

/* Puts in doubt the figures of each failing sum that no sum holding confirms (sure_cell); where
 * a sum that fails has all its figures confirmed (a code misread puts a row under another 类,
 * whose rows each add up), all of them: the misreading cannot be told from the report's
 * error. */
guint
fr_budget_scan_doubt (FrAnalysis *an, FrBudgetTable *t)
{
  Sums sm = { an, g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref),
              g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref) };
  table_sums (&sm, t);
  GHashTable *tallies = g_hash_table_new_full (cell_hash, cell_equal, NULL, g_free);
  tally (tallies, sm.doubt, TRUE);
  tally (tallies, sm.held, FALSE);
  g_autoptr (GArray) mark = new_cells ();
  for (guint s = 0; s < sm.doubt->len; s++) {
    GArray *cells = g_ptr_array_index (sm.doubt, s);
    guint before = mark->len;
    for (guint i = 0; i < cells->len; i++) {
      const Cell *x = &g_array_index (cells, Cell, i);
      const FrBudgetValue *v = value_at (x->row, x->col);
      if (v != NULL && v->has && !sure_cell (tallies, sm.held, x))
        g_array_append_val (mark, *x);
    }
    if (mark->len == before)
      g_array_append_vals (mark, cells->data, cells->len);
  }
  guint n = 0;
  for (guint i = 0; i < mark->len; i++) {
    const Cell *x = &g_array_index (mark, Cell, i);
    FrBudgetValue *v = &g_array_index (x->row->values, FrBudgetValue, x->col);
    if (v->has) {
      v->has = FALSE;
      v->doubt = TRUE;
      n++;
    }
  }
  g_hash_table_unref (tallies);
  g_ptr_array_unref (sm.doubt);
  g_ptr_array_unref (sm.held);
  return n;
}
