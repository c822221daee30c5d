/* checks.c — the report's own arithmetic, re-done (the finance issue).
 *
 * Every check compares figures the report printed, so each allows the rounding of the
 * figures it was given: a percent printed as 9.9 stands for anything in [9.85, 9.95), and
 * amounts printed to 0.01 万元 move a computed percent by their own half-unit.  A fail is a
 * finding about the report; the record's status stays ok.
 */
#include "analysis.h"
#include "amount.h"
#include "finance.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* The checks, by the name a record shows (rule) and why each holds. */
#define CHECK_INDICATOR_RATE "indicator_rate"     /* rate = actual / target */
#define CHECK_ITEMS_SUM "items_sum"               /* lines add up to this year's figure */
#define CHECK_BASIC_PROJECT "basic_plus_project"  /* 基本支出 + 项目支出 = 本年支出 */
#define CHECK_CHANGE_PERCENT "change_percent"     /* change / last year's figure */
#define CHECK_SCORE_SUM "score_sum"               /* indicator scores add up to 合计 */
#define CHECK_SELF_SCORE "self_score"             /* the table's score is the self-score */

#define EPS 1e-9

static void
add_check (cJSON *checks, const char *rule, gboolean pass, const char *subject,
           const char *fmt, ...) G_GNUC_PRINTF (5, 6);

static void
add_check (cJSON *checks, const char *rule, gboolean pass, const char *subject,
           const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  cJSON *c = cJSON_CreateObject ();
  cJSON_AddStringToObject (c, "rule", rule);
  cJSON_AddStringToObject (c, "status", pass ? "pass" : "fail");
  cJSON_AddStringToObject (c, "subject", subject ? subject : "");
  cJSON_AddStringToObject (c, "message", msg);
  cJSON_AddItemToArray (checks, c);
}

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

static gboolean
json_number (const cJSON *o, const char *key, double *v)
{
  const cJSON *n = cJSON_GetObjectItemCaseSensitive (o, key);
  if (!cJSON_IsNumber (n))
    return FALSE;
  *v = n->valuedouble;
  return TRUE;
}

/* ---- income and expenditure ------------------------------------------------------------ */

static void
check_items_sum (const cJSON *side, const char *subject, cJSON *checks)
{
  double current;
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (side, "items");
  if (!json_number (side, "current_year", &current) || cJSON_GetArraySize (items) == 0)
    return;
  double sum = 0;
  int decimals = fr_value_decimals (current);
  g_autoptr (GString) terms = g_string_new (NULL);
  const cJSON *it;
  cJSON_ArrayForEach (it, items) {
    double a;
    if (!json_number (it, "amount", &a))
      continue;
    sum += a;
    decimals = MAX (decimals, fr_value_decimals (a));
    g_autofree char *t = num (a, 6);
    g_string_append_printf (terms, "%s%s", terms->len ? " + " : "", t);
  }
  if (cJSON_GetArraySize (items) > 8)
    g_string_printf (terms, "%d lines", cJSON_GetArraySize (items));
  gboolean pass = fabs (sum - current) <= 0.01 + EPS;
  g_autofree char *s = num (sum, decimals);
  g_autofree char *c = num (current, decimals);
  add_check (checks, CHECK_ITEMS_SUM, pass, subject, "%s = %s, reported %s", terms->str, s, c);
}

static const cJSON *
find_item (const cJSON *items, const char *name)
{
  const cJSON *it;
  cJSON_ArrayForEach (it, items) {
    const cJSON *n = cJSON_GetObjectItemCaseSensitive (it, "name");
    if (cJSON_IsString (n) && strcmp (n->valuestring, name) == 0)
      return it;
  }
  return NULL;
}

static void
check_basic_project (const cJSON *side, cJSON *checks)
{
  double current, basic, project;
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (side, "items");
  const cJSON *b = find_item (items, "基本支出"), *p = find_item (items, "项目支出");
  if (!json_number (side, "current_year", &current) || b == NULL || p == NULL
      || !json_number (b, "amount", &basic) || !json_number (p, "amount", &project))
    return;
  /* with 经营支出 or 上缴上级支出 of its own, this year's spending is more than the two */
  const cJSON *it;
  cJSON_ArrayForEach (it, items) {
    double a;
    if (it != b && it != p && json_number (it, "amount", &a) && a != 0)
      return;
  }
  int d = MAX (fr_value_decimals (basic), fr_value_decimals (project));
  d = MAX (d, fr_value_decimals (current));
  g_autofree char *bs = num (basic, d), *ps = num (project, d), *s = num (basic + project, d),
                  *cs = num (current, d);
  add_check (checks, CHECK_BASIC_PROJECT, fabs (basic + project - current) <= 0.01 + EPS,
             "基本支出+项目支出", "%s + %s = %s, reported 本年支出 %s", bs, ps, s, cs);
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
check_change_percents (const cJSON *side, cJSON *checks)
{
  const cJSON *it;
  cJSON_ArrayForEach (it, cJSON_GetObjectItemCaseSensitive (side, "items")) {
    const cJSON *c = cJSON_GetObjectItemCaseSensitive (it, "change");
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive (c, "direction");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive (it, "name");
    double amount, change, percent;
    if (!cJSON_IsString (dir) || !cJSON_IsString (name) || strcmp (dir->valuestring, "flat") == 0
        || !json_number (it, "amount", &amount) || !json_number (c, "amount", &change)
        || !json_number (c, "percent", &percent))
      continue;
    gboolean down = strcmp (dir->valuestring, "decrease") == 0;
    double lo, hi, mid;
    if (!percent_interval (amount, change, down, &lo, &hi, &mid))
      continue;
    double up = half_unit (percent);
    gboolean pass = percent + up + EPS >= lo && percent - up - EPS <= hi;
    int d = MAX (fr_value_decimals (amount), fr_value_decimals (change));
    g_autofree char *cs = num (change, d), *as = num (amount, d), *ms = num (mid, 2),
                    *ps = num (percent, 6);
    add_check (checks, CHECK_CHANGE_PERCENT, pass, name->valuestring,
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
check_indicator_rate (const FrIndicator *ind, cJSON *checks)
{
  if (!ind->has_target_value || !ind->has_actual_value || !ind->has_rate_value
      || ind->target_value == 0)
    return;
  double t = ind->target_value, a = ind->actual_value, r = ind->rate_value;
  double tol = 0.5 * pow (10, -printed_decimals (ind->rate, r)) + 1e-6;
  double ratio = a / t * 100;
  gboolean at_least = ind->target && fr_rule_test (FR_RULE_TARGET_AT_LEAST, ind->target);
  gboolean at_most = ind->target && fr_rule_test (FR_RULE_TARGET_AT_MOST, ind->target);
  gboolean met = (at_least && a >= t) || (at_most && a <= t);
  gboolean pass = fabs (r - ratio) <= tol;
  /* a target met counts as 100%; a "less is better" rate may be written target / actual */
  if (met && fabs (r - 100) <= tol)
    pass = TRUE;
  if (at_most && a != 0 && fabs (r - t / a * 100) <= tol)
    pass = TRUE;
  g_autofree char *as = num (a, 6), *ts = num (t, 6), *qs = num (ratio, 2), *rs = num (r, 6);
  const char *name = ind->name ? ind->name : "";
  if (met)
    add_check (checks, CHECK_INDICATOR_RATE, pass, name,
               "%s %s %s: met, 100%% (%s/%s = %s%%), reported %s%%", as, at_least ? "≥" : "≤",
               ts, as, ts, qs, rs);
  else
    add_check (checks, CHECK_INDICATOR_RATE, pass, name, "%s/%s = %s%%, reported %s%%", as, ts,
               qs, rs);
}

static void
check_scores (FrAnalysis *an, cJSON *checks)
{
  double sum = 0, weights = 0, tol = 0.01;
  guint n = 0, n_weights = 0;
  int decimals = 0;
  for (guint i = 0; i < an->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, i);
    if (!ind->has_score)
      continue;
    sum += ind->score;
    n++;
    int d = printed_decimals (ind->score_text, ind->score);
    decimals = MAX (decimals, d);
    /* scores computed and rounded to 0.01 may each be off by half of it */
    if (d >= 2)
      tol += 0.5 * pow (10, -d);
    if (ind->has_weight) {
      weights += ind->weight;
      n_weights++;
    }
  }
  g_autofree char *ss = num (sum, MAX (decimals, 2));
  if (n > 0 && an->has_total_score) {
    g_autofree char *ts = num (an->total_score, 6);
    add_check (checks, CHECK_SCORE_SUM, fabs (sum - an->total_score) <= tol + EPS, "合计",
               "the %u indicator scores add up to %s, reported 合计 %s", n, ss, ts);
  }
  if (!an->has_self_score)
    return;
  /* in a merged file the self-score is the first report's; another report's table is not it */
  for (guint i = 0; i < an->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, i);
    if (ind->has_score && fr_part_at (an->parts, ind->page) != 0)
      return;
  }
  g_autofree char *self = num (an->self_score, 6);
  if (an->has_total_score) {
    g_autofree char *ts = num (an->total_score, 6);
    add_check (checks, CHECK_SELF_SCORE, fabs (an->total_score - an->self_score) <= 0.01 + EPS,
               "自评分", "合计 %s, reported self-score %s", ts, self);
  } else if (n > 0 && n_weights == n && fabs (weights - 100) <= 0.01) {
    /* only a table that weighs the whole 100 points adds up to the self-score */
    add_check (checks, CHECK_SELF_SCORE, fabs (sum - an->self_score) <= tol + EPS, "自评分",
               "the %u indicator scores (of 100) add up to %s, reported self-score %s", n, ss,
               self);
  }
}

void
fr_stage_checks (FrAnalysis *an)
{
  cJSON *checks = cJSON_CreateArray ();
  if (an->finance) {
    static const struct {
      const char *key, *subject;
    } sides[] = { { "income", "本年收入" }, { "expenditure", "本年支出" } };
    for (guint i = 0; i < G_N_ELEMENTS (sides); i++) {
      const cJSON *side = cJSON_GetObjectItemCaseSensitive (an->finance, sides[i].key);
      if (!cJSON_IsObject (side))
        continue;
      check_items_sum (side, sides[i].subject, checks);
      if (i == 1)
        check_basic_project (side, checks);
      check_change_percents (side, checks);
    }
  }
  for (guint i = 0; an->indicators && i < an->indicators->len; i++)
    check_indicator_rate (g_ptr_array_index (an->indicators, i), checks);
  if (an->indicators)
    check_scores (an, checks);
  cJSON_Delete (an->checks);
  an->checks = checks;
}
