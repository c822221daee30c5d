/* evaluations.c — each 绩效自评表 as one unit (RECORD.md, "Self-evaluation tables as units").
 *
 * A unit starts at a table row that labels a 项目名称 (or, in a 部门整体支出绩效自评表, the
 * department's name) and runs to its 总分 row, or to the next such label: a table the tables
 * stage put back together across a page break stays one unit, and a page that starts a new
 * 项目名称 starts a new one.  Inside a unit every block is found by its labels, never by its
 * position (the EVAL_* rules): header fields are the cell to the right of their label; the
 * funds block's columns come from its head row (with or without 分值/得分), its rows are the
 * 年度资金总额 row and its parts; the goals are the row under 预期目标/实际完成情况, whatever
 * stands to their left (a 年度总体目标 label stacked one character a line is only a label);
 * the indicator rows are those the indicators stage found in the unit's rows.  A unit must
 * show it is an evaluation (an executed amount, or an indicator with a result): a budget's
 * 绩效目标表 has the same header and is none.  The title only tells a 部门整体支出绩效自评表,
 * whose unit opens at its 部门名称 row.
 */
#include "stages.h"
#include "amount.h"
#include "values.h"

#include <math.h>
#include <string.h>

const FrEvaluation *
fr_evaluation_of (const FrAnalysis *an, const FrIndicator *ind)
{
  for (guint i = 0; an->evaluations && i < an->evaluations->len; i++) {
    const FrEvaluation *ev = g_ptr_array_index (an->evaluations, i);
    if (ev->table_ref == ind->table && ind->row >= ev->row0 && ind->row < ev->row1)
      return ev;
  }
  return NULL;
}

/* ---- reading a table's grid ---------------------------------------------------------- */

/* (r, c) is the leftmost column of its cell in row r: a merged cell is read once. */
static gboolean
first_in_row (const FrTable *t, guint r, guint c)
{
  return c == 0 || fr_table_cell_at (t, r, c) != fr_table_cell_at (t, r, c - 1);
}

/* The first non-empty cell right of column c in row r that is not c's own cell. */
static int
next_value_col (const FrTable *t, guint r, guint c)
{
  guint own = fr_table_cell_at (t, r, c);
  for (guint k = c + 1; k < t->n_cols; k++)
    if (fr_table_cell_at (t, r, k) != own && first_in_row (t, r, k) && fr_table_text (t, r, k)[0])
      return (int) k;
  return -1;
}

/* Which named group of a rule matched a cell's squeezed text, or NULL. */
static const char *
label_of (FrRuleId rule, const char *text, const char *const *groups, guint n)
{
  g_autofree char *sq = fr_squeeze (text);
  if (sq[0] == '\0')
    return NULL;
  g_autoptr (FrMatch) m = fr_rule_match (rule, sq);
  for (guint i = 0; m && i < n; i++) {
    g_autofree char *got = fr_match_group (m, groups[i]);
    if (got && got[0])
      return groups[i];
  }
  return NULL;
}

static const char *const label_groups[] = { "name", "department", "implementer", "unit", "grade" };
static const char *const funds_groups[] = { "initial", "full", "executed", "rate", "weight", "score" };
static const char *const goal_groups[] = { "target", "actual" };

enum { F_INITIAL, F_FULL, F_EXECUTED, F_RATE, F_WEIGHT, F_SCORE, F_COUNT };

static const char *
row_label (const FrTable *t, guint r, int *col)
{
  for (guint c = 0; c < t->n_cols; c++) {
    if (!first_in_row (t, r, c))
      continue;
    const char *l = label_of (FR_RULE_EVAL_LABEL, fr_table_text (t, r, c), label_groups,
                              G_N_ELEMENTS (label_groups));
    if (l && (strcmp (l, "name") == 0 || strcmp (l, "unit") == 0)) {
      *col = (int) c;
      return l;
    }
  }
  return NULL;
}

/* The funds block's head row: its columns, when it names at least a budget and an execution. */
static gboolean
funds_head (const FrTable *t, guint r, int cols[F_COUNT])
{
  for (int i = 0; i < F_COUNT; i++)
    cols[i] = -1;
  for (guint c = 0; c < t->n_cols; c++) {
    if (!first_in_row (t, r, c))
      continue;
    const char *l = label_of (FR_RULE_EVAL_FUNDS_COLUMN, fr_table_text (t, r, c), funds_groups, F_COUNT);
    for (int i = 0; l && i < F_COUNT; i++)
      if (strcmp (l, funds_groups[i]) == 0 && cols[i] < 0)
        cols[i] = (int) c;
  }
  return (cols[F_INITIAL] >= 0 || cols[F_FULL] >= 0) && cols[F_EXECUTED] >= 0;
}

static gboolean
goal_head (const FrTable *t, guint r, int *target, int *actual)
{
  *target = *actual = -1;
  for (guint c = 0; c < t->n_cols; c++) {
    if (!first_in_row (t, r, c))
      continue;
    const char *l = label_of (FR_RULE_EVAL_GOAL, fr_table_text (t, r, c), goal_groups, 2);
    if (l && strcmp (l, "target") == 0 && *target < 0)
      *target = (int) c;
    else if (l && strcmp (l, "actual") == 0 && *actual < 0)
      *actual = (int) c;
  }
  return *target >= 0 && *actual >= 0;
}

static gboolean
is_total (const FrTable *t, guint r, guint *label_col)
{
  for (guint c = 0; c < t->n_cols; c++) {
    const char *cell = fr_table_text (t, r, c);
    if (cell[0] == '\0')
      continue;
    g_autofree char *sq = fr_squeeze (cell);
    *label_col = c;
    return fr_rule_test (FR_RULE_TABLE_TOTAL, sq);
  }
  return FALSE;
}

/* ---- one unit ------------------------------------------------------------------------ */

static void
read_header (FrEvaluation *ev, const FrTable *t, guint r)
{
  for (guint c = 0; c < t->n_cols; c++) {
    if (!first_in_row (t, r, c))
      continue;
    const char *l = label_of (FR_RULE_EVAL_LABEL, fr_table_text (t, r, c), label_groups,
                              G_N_ELEMENTS (label_groups));
    int v = l ? next_value_col (t, r, c) : -1;
    if (v < 0)
      continue;
    /* a value that is itself a label is an empty field followed by the next label */
    if (label_of (FR_RULE_EVAL_LABEL, fr_table_text (t, r, (guint) v), label_groups,
                  G_N_ELEMENTS (label_groups)))
      continue;
    g_autofree char *value = g_strstrip (g_strdup (fr_table_text (t, r, (guint) v)));
    char **field = NULL;
    if (strcmp (l, "name") == 0)
      field = &ev->name;
    else if (strcmp (l, "implementer") == 0)
      field = &ev->implementer;
    else if (strcmp (l, "grade") == 0)
      field = &ev->grade;
    else
      field = &ev->department;   /* 主管部门, or a department table's 部门名称 */
    if (*field)
      continue;
    if (field == &ev->department) {
      g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_EVAL_CODE, value);
      char *rest = m ? fr_match_group (m, "rest") : NULL;
      if (rest) {
        g_free (value);
        value = rest;
      }
    }
    *field = g_steal_pointer (&value);
  }
}

/* The number of the cell at (r, c) into out; FALSE where there is none (no column, no figure,
 * or a figure OCR left in doubt: fr_analysis_cell_doubt). */
static gboolean
cell_number (FrAnalysis *an, const FrTable *t, guint r, int c, double *out)
{
  double v;
  if (c < 0 || !fr_value_number (fr_table_text (t, r, (guint) c), &v) || fr_analysis_cell_doubt (an, t, r, (guint) c))
    return FALSE;
  *out = v;
  return TRUE;
}

/* One row of the funds block; FALSE when it holds no amount (the block has ended). */
static gboolean
read_funds_row (FrAnalysis *an, FrEvaluation *ev, const FrTable *t, guint r, const int cols[F_COUNT])
{
  FrFundsPart part = { 0 };
  part.has_initial_budget = cell_number (an, t, r, cols[F_INITIAL], &part.initial_budget);
  part.has_full_year_budget = cell_number (an, t, r, cols[F_FULL], &part.full_year_budget);
  part.has_executed = cell_number (an, t, r, cols[F_EXECUTED], &part.executed);
  if (!part.has_initial_budget && !part.has_full_year_budget && !part.has_executed)
    return FALSE;
  part.page = fr_table_row_page (t, r);
  /* the row's label: the rightmost cell left of the amounts that starts in this row (a
   * 项目资金（万元） label over the whole block starts above it) */
  guint first = G_MAXUINT;
  for (int i = 0; i < F_COUNT; i++)
    if (cols[i] >= 0)
      first = MIN (first, (guint) cols[i]);
  const char *label = "";
  for (guint c = 0; c < first; c++) {
    guint cell = fr_table_cell_at (t, r, c);
    gboolean starts = r == 0 || fr_table_cell_at (t, r - 1, c) != cell;
    if (starts && fr_table_text (t, r, c)[0])
      label = fr_table_text (t, r, c);
  }
  g_autofree char *sq = fr_squeeze (label);
  if (ev->funds == NULL)
    ev->funds = fr_funds_new ();
  FrFunds *f = ev->funds;
  gboolean total_row = fr_rule_test (FR_RULE_EVAL_FUNDS_TOTAL, sq)
                      || (sq[0] == '\0' && !f->total.name && f->parts->len == 0);
  if (total_row && !f->total.name) {
    part.name = g_strdup (sq);
    f->total = part;
    f->has_weight = cell_number (an, t, r, cols[F_WEIGHT], &f->weight);
    f->has_score = cell_number (an, t, r, cols[F_SCORE], &f->score);
    if (cell_number (an, t, r, cols[F_RATE], &f->execution_rate)) {
      f->has_execution_rate = TRUE;
      f->execution_rate_text = g_strdup (fr_table_text (t, r, (guint) cols[F_RATE]));
    }
    return TRUE;
  }
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_EVAL_FUNDS_PART, sq);
  part.name = m ? fr_match_group (m, "name") : g_strdup (sq);
  g_array_append_val (f->parts, part);
  return TRUE;
}

static void
read_total (FrAnalysis *an, FrEvaluation *ev, const FrTable *t, guint r, guint label_col)
{
  /* 总分 | … | 100 | 98: two numbers are 分值 and 得分, one is the score.  A number OCR left in
   * doubt keeps its place among them, but gives no value (fr_analysis_cell_doubt) */
  const char *nums[2] = { NULL, NULL };
  guint cols[2] = { 0, 0 };
  guint n = 0;
  for (guint c = label_col + 1; c < t->n_cols; c++) {
    double v;
    const char *cell = fr_table_text (t, r, c);
    if (first_in_row (t, r, c) && fr_table_cell_at (t, r, c) != fr_table_cell_at (t, r, label_col)
        && fr_value_number (cell, &v)) {
      if (n == 2) {
        nums[0] = nums[1];
        cols[0] = cols[1];
        n = 1;
      }
      cols[n] = c;
      nums[n++] = cell;
    }
  }
  if (n == 0)
    return;
  ev->total_page = fr_table_row_page (t, r);
  ev->has_total_score = !fr_analysis_cell_doubt (an, t, r, cols[n - 1]) && fr_value_number (nums[n - 1], &ev->total_score);
  ev->total_score_text = g_strdup (nums[n - 1]);
  if (n == 2)
    ev->has_total_weight = !fr_analysis_cell_doubt (an, t, r, cols[0]) && fr_value_number (nums[0], &ev->total_weight);
}

/* Whether what was read is a self-evaluation: money executed or indicators with a result.
 * A budget's 绩效目标表 has the same header and neither; a 项目支出表 has a 项目名称 column
 * head and a 合计 row, and neither. */
static gboolean
is_evaluation (const FrAnalysis *an, const FrEvaluation *ev)
{
  if (ev->funds && ev->funds->total.has_executed)
    return TRUE;
  for (guint i = 0; i < ev->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, g_array_index (ev->indicators, guint, i));
    if (ind->actual || ind->has_score)
      return TRUE;
  }
  return FALSE;
}

static void
finish_unit (FrAnalysis *an, FrEvaluation *ev, const FrTable *t, guint row1)
{
  ev->row1 = row1;
  for (guint i = 0; i < an->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, i);
    if (ind->table == t && ind->row >= ev->row0 && ind->row < ev->row1)
      g_array_append_val (ev->indicators, i);
  }
  for (guint r = ev->row0; r < row1; r++) {
    guint p = fr_table_row_page (t, r);
    if (ev->pages->len == 0 || g_array_index (ev->pages, guint, ev->pages->len - 1) < p)
      g_array_append_val (ev->pages, p);
  }
  ev->page = ev->pages->len ? g_array_index (ev->pages, guint, 0) : t->page;
  const FrReport *rep = an->parts->len
                            ? &g_array_index (an->parts, FrReport, fr_part_at (an->parts, ev->page))
                            : NULL;
  ev->year = rep ? rep->year : 0;
  if (!is_evaluation (an, ev)) {
    fr_evaluation_free (ev);
    return;
  }
  g_ptr_array_add (an->evaluations, ev);
}

static void
table_units (FrAnalysis *an, guint ti)
{
  const FrTable *t = g_ptr_array_index (an->tables, ti);
  if (t->n_cols == 0 || t->row_pages->len != t->rows->len)
    return;
  g_autofree char *title = fr_squeeze (t->title);
  g_autoptr (FrMatch) tm = title[0] ? fr_rule_match (FR_RULE_EVAL_TITLE, title) : NULL;
  g_autofree char *dept_title = tm ? fr_match_group (tm, "department") : NULL;
  FrEvaluation *ev = NULL;
  int funds_cols[F_COUNT];
  gboolean in_funds = FALSE;
  int goal_t = -1, goal_a = -1;
  gboolean want_goal = FALSE;
  for (guint r = 0; r < t->rows->len; r++) {
    int lc;
    const char *start = row_label (t, r, &lc);
    /* a department table opens at its 部门名称 row; a project table at its 项目名称 */
    gboolean opens = start && (strcmp (start, "name") == 0 || dept_title != NULL)
                     && (ev == NULL || ev->has_total_score || strcmp (start, "name") == 0);
    if (opens) {
      if (ev)
        finish_unit (an, ev, t, r);
      ev = fr_evaluation_new (dept_title && strcmp (start, "unit") == 0 ? FR_EVALUATION_DEPARTMENT
                                                                         : FR_EVALUATION_PROJECT);
      ev->table = ti;
      ev->table_ref = t;
      ev->row0 = r;
      in_funds = want_goal = FALSE;
    }
    if (ev == NULL)
      continue;
    guint label_col;
    if (is_total (t, r, &label_col)) {
      read_total (an, ev, t, r, label_col);
      if (ev->has_total_score) {
        finish_unit (an, ev, t, r + 1);
        ev = NULL;
      }
      continue;
    }
    if (in_funds && read_funds_row (an, ev, t, r, funds_cols))
      continue;
    in_funds = FALSE;
    if (want_goal) {
      want_goal = FALSE;
      const char *tt = fr_table_text (t, r, (guint) goal_t), *at = fr_table_text (t, r, (guint) goal_a);
      if (tt[0] && !ev->goal_target)
        ev->goal_target = g_strdup (tt);
      if (at[0] && !ev->goal_actual)
        ev->goal_actual = g_strdup (at);
      continue;
    }
    if (funds_head (t, r, funds_cols)) {
      in_funds = TRUE;
      continue;
    }
    if (goal_head (t, r, &goal_t, &goal_a)) {
      want_goal = TRUE;
      continue;
    }
    read_header (ev, t, r);
  }
  if (ev)
    finish_unit (an, ev, t, t->rows->len);
}

void
fr_stage_evaluations (FrAnalysis *an)
{
  for (guint i = 0; i < an->tables->len; i++)
    table_units (an, i);
  /* an indicator row's 偏差原因分析及改进措施 is its note: the indicators stage reads it by
   * its column head, which the units share */
}

/* ---- checks ------------------------------------------------------------------------------ */

#define CHECK_EVALUATION_SCORE_SUM "evaluation_score_sum"  /* funds score + indicator scores = 总分 */
#define CHECK_EXECUTION_RATE "execution_rate"              /* 全年执行数 / 全年预算数 = 执行率 */
#define CHECK_FUNDS_PARTS "funds_parts"                    /* parts add up to 年度资金总额 */

#define EPS 1e-9

static int
decimals_of (const char *text, double v)
{
  int d = text ? fr_number_decimals (text) : -1;
  return d >= 0 ? d : fr_value_decimals (v);
}

static void
check_score_sum (FrAnalysis *an, const FrEvaluation *ev)
{
  if (!ev->has_total_score)
    return;
  double sum = 0, tol = 0.01;
  guint n = 0;
  int decimals = 0;
  for (guint i = 0; i < ev->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, g_array_index (ev->indicators, guint, i));
    if (!ind->has_score)
      continue;
    sum += ind->score;
    n++;
    int d = decimals_of (ind->score_text, ind->score);
    decimals = MAX (decimals, d);
    /* scores computed and rounded to 0.01 may each be off by half of it */
    if (d >= 2)
      tol += 0.5 * pow (10, -d);
  }
  if (n == 0)
    return;
  const FrFunds *f = ev->funds;
  double funds = f && f->has_score ? f->score : 0;
  g_autofree char *fs = fr_number_text (funds, 6), *ss = fr_number_text (sum, MAX (decimals, 2)),
                  *all = fr_number_text (funds + sum, MAX (decimals, 2)),
                  *ts = fr_number_text (ev->total_score, 6);
  gboolean pass = fabs (funds + sum - ev->total_score) <= tol + EPS;
  if (f && f->has_score)
    fr_analysis_check (an, CHECK_EVALUATION_SCORE_SUM, pass, fr_evaluation_label (ev), (int) ev->total_page,
                "funds score %s + the %u indicator scores %s = %s, reported 总分 %s", fs, n, ss,
                all, ts);
  else
    fr_analysis_check (an, CHECK_EVALUATION_SCORE_SUM, pass, fr_evaluation_label (ev), (int) ev->total_page,
                "the %u indicator scores add up to %s, reported 总分 %s", n, ss, ts);
}

static void
check_execution_rate (FrAnalysis *an, const FrEvaluation *ev)
{
  const FrFunds *f = ev->funds;
  if (f == NULL || !f->has_execution_rate || !f->total.has_full_year_budget
      || !f->total.has_executed || f->total.full_year_budget <= 0)
    return;
  double b = f->total.full_year_budget, e = f->total.executed, rate = f->execution_rate;
  /* each amount stands for its printed rounding, and so does the rate */
  double ua = 0.005, ur = 0.5 * pow (10, -decimals_of (f->execution_rate_text, rate));
  double lo = MAX (e - ua, 0) / (b + ua) * 100, hi = (e + ua) / MAX (b - ua, EPS) * 100;
  double ratio = e / b * 100;
  gboolean pass = rate + ur + EPS >= lo && rate - ur - EPS <= hi;
  /* spending over the budget is often reported as 100%: the rate is capped where it scores */
  gboolean capped = e > b && fabs (rate - 100) <= ur;
  g_autofree char *es = fr_number_text (e, 6), *bs = fr_number_text (b, 6),
                  *qs = fr_number_text (ratio, 2), *rs = fr_number_text (rate, 6);
  fr_analysis_check (an, CHECK_EXECUTION_RATE, pass || capped, fr_evaluation_label (ev), (int) f->total.page,
              "全年执行数 %s / 全年预算数 %s = %s%%, reported 执行率 %s%%", es, bs, qs, rs);
}

static void
check_funds_parts (FrAnalysis *an, const FrEvaluation *ev)
{
  const FrFunds *f = ev->funds;
  if (f == NULL || f->parts->len == 0 || !f->total.name)
    return;
  static const char *const heads[] = { "年初预算数", "全年预算数", "全年执行数" };
  for (guint col = 0; col < G_N_ELEMENTS (heads); col++) {
    const FrFundsPart *tp = &f->total;
    gboolean has_total = col == 0 ? tp->has_initial_budget : col == 1 ? tp->has_full_year_budget : tp->has_executed;
    double total = col == 0 ? tp->initial_budget : col == 1 ? tp->full_year_budget : tp->executed;
    if (!has_total)
      continue;
    double sum = 0;
    guint n = 0;
    g_autoptr (GString) terms = g_string_new (NULL);
    for (guint i = 0; i < f->parts->len; i++) {
      const FrFundsPart *p = &g_array_index (f->parts, FrFundsPart, i);
      gboolean has = col == 0 ? p->has_initial_budget : col == 1 ? p->has_full_year_budget : p->has_executed;
      double v = col == 0 ? p->initial_budget : col == 1 ? p->full_year_budget : p->executed;
      if (!has)
        continue;
      sum += v;
      n++;
      g_autofree char *vs = fr_number_text (v, 6);
      g_string_append_printf (terms, "%s%s", terms->len ? " + " : "", vs);
    }
    if (n == 0)
      continue;
    /* a difference within the printed rounding, 0.01 per added term, passes */
    gboolean pass = fabs (sum - total) <= 0.01 * n + EPS;
    g_autofree char *ss = fr_number_text (sum, 2), *ts = fr_number_text (total, 6);
    fr_analysis_check (an, CHECK_FUNDS_PARTS, pass, fr_evaluation_label (ev), (int) tp->page,
                "%s: %s = %s, reported 年度资金总额 %s", heads[col], terms->str, ss, ts);
  }
}

void
fr_evaluation_checks (FrAnalysis *an)
{
  for (guint i = 0; an->evaluations && i < an->evaluations->len; i++) {
    const FrEvaluation *ev = g_ptr_array_index (an->evaluations, i);
    check_score_sum (an, ev);
    check_execution_rate (an, ev);
    check_funds_parts (an, ev);
  }
}
