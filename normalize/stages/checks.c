/* checks.c — the report's own arithmetic, re-done (the finance issue).
 *
 * Every check compares figures the report printed, so each allows the rounding of the
 * figures it was given: a percent printed as 9.9 stands for anything in [9.85, 9.95), and
 * amounts printed to 0.01 万元 move a computed percent by their own half-unit.  A fail is a
 * finding about the report; the record's status stays ok.
 */
#include "stages.h"
#include "amount.h"
#include "budgetchecks.h"

#include <math.h>
#include <string.h>

/* The checks, by the name a record shows (rule) and why each holds. */
#define CHECK_INDICATOR_RATE "indicator_rate"     /* rate = actual / target */
#define CHECK_ITEMS_SUM "items_sum"               /* lines add up to this year's figure */
#define CHECK_BASIC_PROJECT "basic_plus_project"  /* 基本支出 + 项目支出 = 本年支出 */
#define CHECK_CHANGE_PERCENT "change_percent"     /* change / last year's figure */
#define CHECK_SCORE_SUM "score_sum"               /* indicator scores add up to 合计 */
#define CHECK_SELF_SCORE "self_score"             /* the table's score is the self-score */

#define EPS 1e-9

/* Half a unit in the last printed decimal of v. */
static double
half_unit (double v)
{
  return 0.5 * pow (10, -fr_value_decimals (v));
}

static char *
num (double v, int decimals)
{
  return fr_number_text (v, decimals);
}

/* ---- income and expenditure ------------------------------------------------------------ */

/* The 0-based page a figure stands on, or -1 when it is not known. */
static int
page_of (const FrFigure *f)
{
  return f->has_where ? (int) f->page : -1;
}

static void
check_items_sum (FrAnalysis *an, const FrFinanceSide *side, const char *subject)
{
  if (!side->current.has || side->items->len == 0 || side->partial)
    return;
  double current = side->current.value;
  double sum = 0;
  int decimals = fr_value_decimals (current);
  g_autoptr (GString) terms = g_string_new (NULL);
  for (guint i = 0; i < side->items->len; i++) {
    const FrFinanceItem *it = g_ptr_array_index (side->items, i);
    double a = it->amount.value;
    sum += a;
    decimals = MAX (decimals, fr_value_decimals (a));
    g_autofree char *t = num (a, 6);
    g_string_append_printf (terms, "%s%s", terms->len ? " + " : "", t);
  }
  if (side->items->len > 8)
    g_string_printf (terms, "%u lines", side->items->len);
  gboolean pass = fabs (sum - current) <= 0.01 + EPS;
  g_autofree char *s = num (sum, decimals);
  g_autofree char *c = num (current, decimals);
  fr_analysis_check (an, CHECK_ITEMS_SUM, pass, subject, page_of (&side->current),
                     "%s = %s, reported %s", terms->str, s, c);
}

static void
check_basic_project (FrAnalysis *an, const FrFinanceSide *side)
{
  const FrFinanceItem *b = fr_finance_side_find (side, "基本支出");
  const FrFinanceItem *p = fr_finance_side_find (side, "项目支出");
  if (!side->current.has || b == NULL || p == NULL)
    return;
  double current = side->current.value, basic = b->amount.value, project = p->amount.value;
  /* with 经营支出 or 上缴上级支出 of its own, this year's spending is more than the two */
  for (guint i = 0; i < side->items->len; i++) {
    const FrFinanceItem *it = g_ptr_array_index (side->items, i);
    if (it != b && it != p && it->amount.value != 0)
      return;
  }
  int d = MAX (fr_value_decimals (basic), fr_value_decimals (project));
  d = MAX (d, fr_value_decimals (current));
  g_autofree char *bs = num (basic, d), *ps = num (project, d), *s = num (basic + project, d),
                  *cs = num (current, d);
  fr_analysis_check (an, CHECK_BASIC_PROJECT, fabs (basic + project - current) <= 0.01 + EPS,
                     "基本支出+项目支出", page_of (&side->current),
                     "%s + %s = %s, reported 本年支出 %s", bs, ps, s, cs);
}

/* The percent a change makes of last year's figure, as an interval over the printed
 * amounts' rounding: last year is amount − change (increase) or amount + change (decrease). */
static gboolean
percent_interval (double amount, double change, gboolean down, double *lo, double *hi,
                  double *mid)
{
  /* a report prints its amounts to one precision; a double drops trailing zeros (40.2) */
  double ua = 0.5 * pow (10, -MAX (fr_value_decimals (amount), fr_value_decimals (change)));
  double uc = ua;
  double sign = down ? 1 : -1;
  double prev = amount + sign * change;
  double prev_lo = (amount - ua) + sign * (down ? change - uc : change + uc);
  double prev_hi = (amount + ua) + sign * (down ? change + uc : change - uc);
  if (prev <= 0 || prev_lo <= 0)
    return FALSE;   /* nothing last year: no percent to check */
  *mid = change / prev * 100;
  *lo = MAX (change - uc, 0) / prev_hi * 100;
  *hi = (change + uc) / prev_lo * 100;
  return TRUE;
}

static void
check_change_percents (FrAnalysis *an, const FrFinanceSide *side)
{
  for (guint i = 0; i < side->items->len; i++) {
    const FrFinanceItem *it = g_ptr_array_index (side->items, i);
    if (it->direction == FR_CHANGE_NONE || it->direction == FR_CHANGE_FLAT || !it->change.has
        || !it->percent.has)
      continue;
    double amount = it->amount.value, change = it->change.value, percent = it->percent.value;
    gboolean down = it->direction == FR_CHANGE_DECREASE;
    double lo, hi, mid;
    if (!percent_interval (amount, change, down, &lo, &hi, &mid))
      continue;
    double up = half_unit (percent);
    gboolean pass = percent + up + EPS >= lo && percent - up - EPS <= hi;
    int d = MAX (fr_value_decimals (amount), fr_value_decimals (change));
    g_autofree char *cs = num (change, d), *as = num (amount, d), *ms = num (mid, 2),
                    *ps = num (percent, 6);
    fr_analysis_check (an, CHECK_CHANGE_PERCENT, pass, it->name, page_of (&it->percent),
                       "%s/(%s%s%s) = %s%%, reported %s%%", cs, as, down ? "+" : "−", cs, ms, ps);
  }
}

/* ---- indicators ------------------------------------------------------------------------ */

static int
printed_decimals (const char *text, double v)
{
  int d = fr_number_decimals (text);
  return d >= 0 ? d : fr_value_decimals (v);
}

static void
check_indicator_rate (FrAnalysis *an, const FrIndicator *ind)
{
  if (!ind->has_target_value || !ind->has_actual_value || !ind->has_rate_value
      || ind->target_value == 0)
    return;
  double t = ind->target_value, a = ind->actual_value, r = ind->rate_value;
  double tol = 0.5 * pow (10, -printed_decimals (ind->rate, r)) + 1e-6;
  double ratio = a / t * 100;
  /* the bound may stand in a 指标方向 column of its own, not in the target's text */
  const char *cmp = ind->target_cmp ? ind->target_cmp : "";
  gboolean at_least = (ind->target && fr_rule_test (FR_RULE_TARGET_AT_LEAST, ind->target))
                      || strcmp (cmp, "≥") == 0 || strcmp (cmp, ">") == 0;
  gboolean at_most = (ind->target && fr_rule_test (FR_RULE_TARGET_AT_MOST, ind->target))
                     || strcmp (cmp, "≤") == 0 || strcmp (cmp, "<") == 0;
  gboolean met = (at_least && a >= t) || (at_most && a <= t);
  gboolean pass = fabs (r - ratio) <= tol;
  /* a target met counts as 100%; a "less is better" rate may be written target / actual */
  if (met && fabs (r - 100) <= tol)
    pass = TRUE;
  if (at_most && a != 0 && fabs (r - t / a * 100) <= tol)
    pass = TRUE;
  g_autofree char *as = num (a, 6), *ts = num (t, 6), *qs = num (ratio, 2), *rs = num (r, 6);
  const char *name = ind->name ? ind->name : "";
  /* in a final account of many 自评表, the row's project says which one */
  const FrEvaluation *ev = fr_evaluation_of (an, ind);
  g_autofree char *of = ev ? g_strdup_printf (" (%s)", fr_evaluation_label (ev)) : g_strdup ("");
  if (met)
    fr_analysis_check (an, CHECK_INDICATOR_RATE, pass, name, (int) ind->page,
                       "%s %s %s: met, 100%% (%s/%s = %s%%), reported %s%%%s", as,
                       at_least ? "≥" : "≤", ts, as, ts, qs, rs, of);
  else
    fr_analysis_check (an, CHECK_INDICATOR_RATE, pass, name, (int) ind->page,
                       "%s/%s = %s%%, reported %s%%%s", as, ts, qs, rs, of);
}

/* The 合计 row of an indicator's table, read in the column that holds that indicator's own
 * score, and its 分值 (weight) where the weight has a column left of it, and the row's page;
 * FALSE when the table has no such row. */
static gboolean
table_total (const FrIndicator *ind, double *total, double *weight, gboolean *has_weight,
             guint *page)
{
  const FrTable *t = ind->table;
  *has_weight = FALSE;
  if (t == NULL || ind->score_text == NULL || ind->row >= t->rows->len)
    return FALSE;
  GPtrArray *own = g_ptr_array_index (t->rows, ind->row);
  int col = -1, wcol = -1;
  /* the score is the last cell that reads as it (分值 and 得分 may be equal) */
  for (guint c = 0; c < own->len; c++) {
    const char *cell = g_ptr_array_index (own, c);
    if (cell && strcmp (cell, ind->score_text) == 0)
      col = (int) c;
  }
  for (int c = 0; ind->weight_text && c < col; c++) {
    const char *cell = g_ptr_array_index (own, c);
    if (cell && strcmp (cell, ind->weight_text) == 0)
      wcol = c;
  }
  if (col < 0)
    return FALSE;
  for (guint r = 0; r < t->rows->len; r++) {
    GPtrArray *row = g_ptr_array_index (t->rows, r);
    const char *first = row->len ? g_ptr_array_index (row, 0) : NULL;
    const char *cell = (guint) col < row->len ? g_ptr_array_index (row, col) : NULL;
    g_autofree char *label = first ? fr_squeeze (first) : NULL;
    /* the same rule that closes the table for the indicators stage */
    if (label && cell && fr_rule_test (FR_RULE_TABLE_TOTAL, label)
        && fr_number_decimals (cell) >= 0) {
      *total = g_ascii_strtod (cell + strcspn (cell, "0123456789"), NULL);
      *page = fr_table_row_page (t, r);
      const char *w = wcol >= 0 ? g_ptr_array_index (row, wcol) : NULL;
      if (w && fr_number_decimals (w) >= 0) {
        *weight = g_ascii_strtod (w + strcspn (w, "0123456789"), NULL);
        *has_weight = TRUE;
      }
      return TRUE;
    }
  }
  return FALSE;
}

typedef struct {
  const FrTable *table;
  const FrIndicator *first;
  double sum, weights, tol;
  guint n, n_weights;
  int decimals;
} ScoreGroup;

/* Indicator scores per table: a final account holds one table per project, each with its 合计. */
static GArray *
score_groups (const FrAnalysis *an)
{
  GArray *groups = g_array_new (FALSE, TRUE, sizeof (ScoreGroup));
  for (guint i = 0; i < an->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, i);
    /* a self-evaluation unit's scores are its evaluation_score_sum (evaluations.c) */
    if (!ind->has_score || fr_evaluation_of (an, ind))
      continue;
    ScoreGroup *g = NULL;
    for (guint k = 0; k < groups->len; k++)
      if (g_array_index (groups, ScoreGroup, k).table == ind->table)
        g = &g_array_index (groups, ScoreGroup, k);
    if (g == NULL) {
      ScoreGroup fresh = { ind->table, ind, 0, 0, 0.01, 0, 0, 0 };
      g_array_append_val (groups, fresh);
      g = &g_array_index (groups, ScoreGroup, groups->len - 1);
    }
    g->sum += ind->score;
    g->n++;
    int d = printed_decimals (ind->score_text, ind->score);
    g->decimals = MAX (g->decimals, d);
    /* scores computed and rounded to 0.01 may each be off by half of it */
    if (d >= 2)
      g->tol += 0.5 * pow (10, -d);
    if (ind->has_weight) {
      g->weights += ind->weight;
      g->n_weights++;
    }
  }
  return groups;
}

static void
check_scores (FrAnalysis *an)
{
  g_autoptr (GArray) groups = score_groups (an);
  for (guint k = 0; k < groups->len; k++) {
    const ScoreGroup *g = &g_array_index (groups, ScoreGroup, k);
    double total = an->total_score, weight = 0;
    guint page = an->total_score_page;
    gboolean has_weight;
    gboolean has_total = table_total (g->first, &total, &weight, &has_weight, &page);
    /* the stage's 合计 stands for the table when there is only one */
    if (!has_total && groups->len == 1 && an->has_total_score)
      has_total = TRUE;
    /* a 合计 that weighs more than the indicators also scores other rows (预算执行率) */
    if (!has_total || (has_weight && g->n_weights == g->n && fabs (weight - g->weights) > 0.01))
      continue;
    g_autofree char *ss = num (g->sum, MAX (g->decimals, 2));
    g_autofree char *ts = num (total, 6);
    g_autofree char *where = g->table && g->table->title
                                 ? g_strdup_printf (" (%s)", g->table->title) : g_strdup ("");
    fr_analysis_check (an, CHECK_SCORE_SUM, fabs (g->sum - total) <= g->tol + EPS, "合计",
                       (int) page, "the %u indicator scores add up to %s, reported 合计 %s%s", g->n, ss, ts, where);
  }
  /* the self-score is one table's: of a file with one scored table, in its first report */
  if (!an->has_self_score || groups->len > 1)
    return;
  for (guint i = 0; i < an->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, i);
    if (ind->has_score && fr_part_at (an->parts, ind->page) != 0)
      return;
  }
  g_autofree char *self = num (an->self_score, 6);
  const ScoreGroup *g = groups->len ? &g_array_index (groups, ScoreGroup, 0) : NULL;
  double total, weight;
  guint page = 0;
  gboolean has_weight;
  gboolean has_total = g && table_total (g->first, &total, &weight, &has_weight, &page);
  if (!has_total && an->has_total_score) {
    total = an->total_score;
    page = an->total_score_page;
    has_total = TRUE;
  }
  if (has_total) {
    g_autofree char *ts = num (total, 6);
    fr_analysis_check (an, CHECK_SELF_SCORE, fabs (total - an->self_score) <= 0.01 + EPS,
                       "自评分", (int) page, "合计 %s, reported self-score %s", ts, self);
  } else if (g && g->n_weights == g->n && fabs (g->weights - 100) <= 0.01) {
    /* only a table that weighs the whole 100 points adds up to the self-score */
    g_autofree char *ss = num (g->sum, MAX (g->decimals, 2));
    /* no 合计 row to point at: the sum's figures stand on the table's rows */
    fr_analysis_check (an, CHECK_SELF_SCORE, fabs (g->sum - an->self_score) <= g->tol + EPS,
                       "自评分", -1, "the %u indicator scores (of 100) add up to %s, reported self-score %s",
               g->n, ss, self);
  }
}

void
fr_stage_checks (FrAnalysis *an)
{
  g_ptr_array_set_size (an->checks, 0);
  if (an->finance) {
    static const char *const subjects[FR_N_SIDES] = { "本年收入", "本年支出" };
    for (guint i = 0; i < FR_N_SIDES; i++) {
      const FrFinanceSide *side = &an->finance->sides[i];
      check_items_sum (an, side, subjects[i]);
      if (i == FR_EXPENDITURE)
        check_basic_project (an, side);
      check_change_percents (an, side);
    }
  }
  for (guint i = 0; an->indicators && i < an->indicators->len; i++)
    check_indicator_rate (an, g_ptr_array_index (an->indicators, i));
  if (an->indicators)
    check_scores (an);
  fr_evaluation_checks (an);
  fr_budget_checks (an);
}
