/* finbudget.c — finance from a budget's typed summary table (finbudget.h says why).
 *
 * Which lines of a side are its items: the lines above 本年收入合计 (or, where there is none,
 * above 收入总计) that the table itself sets as peers of the first one.
 *   - Numbered lines (一、财政拨款收入, then 1.一般公共预算 under it): the lines numbered as the
 *     first one is, as fintable.c reads them;
 *   - lines without numbers, where a summary often prints 类, 款 and 项 one under the other
 *     (卫生健康支出, 公立医院, 综合医院, …): the reading in which each line is either a leaf or
 *     the sum of the lines right under it, and the top lines add up to the side's figure.
 *     The sums are the only mark of the levels, so where no reading fits (a report that errs,
 *     a line misread) no items are taken rather than a guess.
 * A blank line is one the report left empty: no item, as fintable.c.
 */
#include "finbudget.h"

#include <math.h>
#include <string.h>

#define EPS 1e-6
/* a reading of more steps than this is given up: no items (a summary has under 100 lines) */
#define MAX_STEPS 200000
/* levels a summary prints under its top lines (款 and 项 under a 类) */
#define MAX_DEPTH 3

typedef struct {
  const FrBudgetRow *row;
  double value;
} Line;

/* One sequence of peers being read: the lines under one parent (or the top). */
typedef struct Frame {
  double target, sum;
  guint terms, depth;
  const struct Frame *up;
} Frame;

typedef struct {
  const Line *lines;
  guint n;
  double step;             /* one unit of the last printed decimal, in 万元 */
  gboolean *top;           /* out: which lines are top lines */
  guint steps;
} Reading;

static gboolean
close_enough (const Reading *rd, const Frame *f)
{
  double tol = rd->step * (f->terms ? f->terms : 1) + EPS;
  if (f->up == NULL)
    tol = MIN (tol, 0.01 + EPS);     /* what items_sum allows: never a reading it would fail */
  return fabs (f->sum - f->target) <= tol;
}

/* Whether lines [k, n) read as the rest of sequence f and of each sequence above it. */
static gboolean
reads (Reading *rd, guint k, Frame f)
{
  if (++rd->steps > MAX_STEPS)
    return FALSE;
  if ((f.up == NULL || f.terms > 0) && close_enough (rd, &f)) {
    if (f.up == NULL) {
      if (k == rd->n)
        return TRUE;
    } else if (reads (rd, k, *f.up))
      return TRUE;
  }
  if (k == rd->n || f.sum > f.target + rd->step * (f.terms + 1) + 0.01 + EPS)
    return FALSE;
  double v = rd->lines[k].value;
  Frame after = f;
  after.sum += v;
  after.terms++;
  if (f.up == NULL)
    rd->top[k] = TRUE;
  /* line k as the parent of the lines under it (a 0 is no parent: it says nothing) */
  if (f.depth < MAX_DEPTH && v != 0) {
    Frame under = { v, 0, 0, f.depth + 1, &after };
    if (reads (rd, k + 1, under))
      return TRUE;
  }
  if (reads (rd, k + 1, after))
    return TRUE;
  rd->top[k] = FALSE;
  return FALSE;
}

/* The figure of a row's first amount, at its cell; none where OCR left that amount in doubt
 * (*doubt set): the next column's is another figure. */
static FrFigure
row_figure (const FrBudgetRow *r, double *v, gboolean *doubt)
{
  *doubt = FALSE;
  for (guint c = 0; c < r->values->len; c++) {
    const FrBudgetValue *bv = &g_array_index (r->values, FrBudgetValue, c);
    if (bv->doubt) {
      *doubt = TRUE;
      return (FrFigure) { 0 };
    }
    if (!bv->has)
      continue;
    *v = bv->value;
    guint k = fr_table_cell_at (r->part, r->row, bv->col);
    if (k < r->part->cells->len) {
      const FrCell *cell = &g_array_index (r->part->cells, FrCell, k);
      return fr_figure_at (bv->value, cell->page, cell->box);
    }
    return fr_figure_at (bv->value, r->page, (FrBox) { 0, 0, 0, 0 });
  }
  return (FrFigure) { 0 };
}

static const FrBudgetTable *
summary_table (const FrBudget *b)
{
  for (guint i = 0; b && i < b->tables->len; i++) {
    const FrBudgetTable *t = g_ptr_array_index (b->tables, i);
    if (strcmp (t->kind, "summary") == 0)
      return t;
  }
  return NULL;
}

static GArray *choose_items (const Line *lines, guint n, double target, double step);

/* Where the lines of one side start again from the top of the table: a side printed as two
 * breakdowns side by side (支出 by 功能分类 | by 支出用途), each its own group of columns, read
 * group after group.  0 when they never do. */
static guint
second_breakdown (const Line *lines, guint n)
{
  for (guint k = 1; k < n; k++) {
    const FrBudgetRow *a = lines[k - 1].row, *b = lines[k].row;
    if (b->page < a->page || (b->page == a->page && b->part == a->part && b->row <= a->row))
      return k;
  }
  return 0;
}

static gboolean
by_use (const Line *lines, guint n)
{
  for (guint k = 0; k < n; k++) {
    g_autofree char *s = fr_squeeze (lines[k].row->name);
    if (fr_rule_test (FR_RULE_FIN_TABLE_BY_USE, s))
      return TRUE;
  }
  return FALSE;
}

/* The items of one side: indices into lines, NULL when the table does not say them.  Of two
 * breakdowns (each adds up to the side's figure, the two together twice over) one only: the
 * one by use where it says them, as fintable.c takes it, else the first that does. */
static GArray *
side_items (const Line *lines, guint n, double target, double step)
{
  guint split = second_breakdown (lines, n);
  if (split == 0)
    return choose_items (lines, n, target, step);
  gboolean rest_first = by_use (lines + split, n - split) && !by_use (lines, split);
  GArray *items = rest_first ? NULL : choose_items (lines, split, target, step);
  if (items)
    return items;
  items = side_items (lines + split, n - split, target, step);
  for (guint i = 0; items && i < items->len; i++)
    g_array_index (items, guint, i) += split;
  if (items == NULL && rest_first)
    items = choose_items (lines, split, target, step);
  /* neither group adds up alone: perhaps one list the page ran on into a second group of
   * columns, which the lines as a whole may say */
  if (items == NULL)
    items = choose_items (lines, n, target, step);
  return items;
}

/* Whether the items add up to the side's figure. */
static gboolean
items_add_up (const Line *lines, const GArray *items, double target)
{
  double sum = 0;
  for (guint i = 0; i < items->len; i++)
    sum += lines[g_array_index (items, guint, i)].value;
  return fabs (sum - target) <= 0.01 + EPS;
}

/* The items of one breakdown: indices into lines, NULL when the table does not say them. */
static GArray *
choose_items (const Line *lines, guint n, double target, double step)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (guint));
  if (n == 0)
    return items;
  int style = lines[0].row->numbering;
  if (style < 0) {
    g_autofree gboolean *top = g_new0 (gboolean, n);
    Reading rd = { lines, n, step, top, 0 };
    Frame f = { target, 0, 0, 0, NULL };
    if (reads (&rd, 0, f)) {
      for (guint k = 0; k < n; k++)
        if (top[k])
          g_array_append_val (items, k);
      return items;
    }
    /* numbered lines after unnumbered ones (一、基本支出 beside the 功能分类 lines) */
    for (guint k = 0; k < n && style < 0; k++)
      style = lines[k].row->numbering;
    if (style < 0)
      return (g_array_unref (items), NULL);
  }
  for (guint k = 0; k < n; k++)
    if (lines[k].row->numbering == style)
      g_array_append_val (items, k);
  /* lines numbered alike are peers; unnumbered first lines are kept only where they add up */
  if (lines[0].row->numbering < 0 && !items_add_up (lines, items, target))
    return (g_array_unref (items), NULL);
  return items;
}

/* A line's name as the sentences and the table may both write it: no spaces, no （类）. */
static char *
plain_name (const char *name)
{
  char *s = fr_squeeze (name);
  static const char *const marks[] = { "（类）", "(类)" };
  for (guint k = 0; k < G_N_ELEMENTS (marks); k++)
    for (char *at; (at = strstr (s, marks[k]));)
      memmove (at, at + strlen (marks[k]), strlen (at + strlen (marks[k])) + 1);
  return s;
}

/* The item of the sentences with this amount and name (一般公共服务（类）支出 for the table's
 * 一般公共服务支出), whose change on the year before the table does not print. */
static const FrFinanceItem *
stated_item (const FrFinanceSide *s, const char *name, double v)
{
  g_autofree char *want = plain_name (name);
  for (guint i = 0; s && i < s->items->len; i++) {
    const FrFinanceItem *it = g_ptr_array_index (s->items, i);
    g_autofree char *have = it->name ? plain_name (it->name) : NULL;
    if (have && (strstr (have, want) || strstr (want, have))
        && fabs (it->amount.value - v) <= 0.005 + EPS)
      return it;
  }
  return NULL;
}

/* One side from the table into out; FALSE (out untouched) when the table gives no 总计.  On a
 * table read by OCR (ocr), items that do not add up to the side's figure are partial (their
 * sum not checked): a numeral misread (二、 read “、) drops its line from the peers, which
 * cannot be told from the report's own error. */
static gboolean
read_side (const FrBudgetTable *t, FrBudgetSide side, gboolean ocr, const FrFinanceSide *said, FrFinanceSide *out)
{
  FrFigure total = { 0 }, current = { 0 };
  g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gboolean above = TRUE;       /* still above the 本年收入合计 (or 总计) line */
  gboolean lost = FALSE;       /* a line above it OCR left in doubt: the items are not all */
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    if (r->side != side || r->name == NULL)
      continue;
    g_autofree char *s = fr_squeeze (r->name);
    gboolean is_total = fr_rule_test (FR_RULE_FIN_TABLE_TOTAL, s);
    gboolean is_current = !is_total && fr_rule_test (FR_RULE_FIN_TABLE_CURRENT, s);
    double v = 0;
    gboolean doubt;
    FrFigure fig = row_figure (r, &v, &doubt);
    if (is_total && !total.has)
      total = fig;
    if (is_current && !current.has)
      current = fig;
    above = above && !is_total && !is_current;
    /* a line whose name holds an amount is a misread row (two lines in one): the table does
     * not say this side */
    if (above && fr_rule_test (FR_RULE_FIN_TABLE_MISREAD_NAME, s))
      return FALSE;
    lost |= above && doubt;
    if (above && fig.has) {
      Line l = { r, v };
      g_array_append_val (lines, l);
    }
  }
  if (!total.has)
    return FALSE;
  const FrFigure *target = current.has ? &current : &total;
  g_autoptr (GArray) items = side_items ((const Line *) (void *) lines->data, lines->len,
                                         target->value, t->step);
  /* a line in doubt is no blank: the items read without it are a part of them */
  out->partial = items && (lost || (ocr && !items_add_up ((const Line *) (void *) lines->data, items, target->value)));
  out->total = total;
  out->current = current;
  g_ptr_array_set_size (out->items, 0);
  for (guint i = 0; items && i < items->len; i++) {
    const Line *l = &g_array_index (lines, Line, g_array_index (items, guint, i));
    double v = 0;
    gboolean doubt;
    FrFigure amount = row_figure (l->row, &v, &doubt);
    FrFinanceItem *it = fr_finance_item_new (l->row->name, amount);
    const FrFinanceItem *st = stated_item (said, l->row->name, l->value);
    if (st) {
      it->direction = st->direction;
      it->change = st->change;
      it->percent = st->percent;
    }
    g_ptr_array_add (out->items, it);
  }
  return TRUE;
}

void
fr_finbudget_fill (FrAnalysis *an, FrFinance **finance)
{
  const FrBudgetTable *t = summary_table (an->budget);
  if (t == NULL)
    return;
  static const struct {
    FrFinanceSideId id;
    FrBudgetSide side;
  } sides[] = { { FR_INCOME, FR_BUDGET_SIDE_INCOME }, { FR_EXPENDITURE, FR_BUDGET_SIDE_EXPENDITURE } };
  for (guint k = 0; k < G_N_ELEMENTS (sides); k++) {
    g_autoptr (FrFinance) made = fr_finance_new ();
    FrFinanceSide *said = *finance ? &(*finance)->sides[sides[k].id] : NULL;
    if (!read_side (t, sides[k].side, fr_analysis_ocr_page (an, t->page), said, &made->sides[sides[k].id]))
      continue;
    if (*finance == NULL)
      *finance = fr_finance_new ();
    FrFinanceSide *to = &(*finance)->sides[sides[k].id];
    FrFinanceSide *from = &made->sides[sides[k].id];
    to->total = from->total;
    to->current = from->current;
    to->partial = from->partial;
    GPtrArray *swap = to->items;
    to->items = from->items;
    from->items = swap;
  }
}
