/* test-finance.c — amounts, finance sentences, summary tables, points and checks, as tables
 * of {input, expected}; and the seed report's finance fields, checked by hand against its
 * pages 5-6 and 8-9. */
#include <math.h>
#include <string.h>

#include "amount.h"
#include "finance.h"
#include "fintable.h"
#include "finrep.h"

#include <cjson/cJSON.h>

/* ---- amounts ----------------------------------------------------------------------------- */

static const struct {
  const char *digits, *unit, *wan;   /* wan NULL: not an amount */
} amount_rows[] = {
  { "435.27", "万元", "435.27" },
  { "0.007882", "万元", "0.007882" },
  { "0", "万元", "0" },
  { "1,234.56", "万元", "1234.56" },
  { "404,415.23", "万元", "404415.23" },
  { "25,684,500.00", "元", "2568.45" },
  { "682,412.40", "元", "68.24124" },
  { "12345", "元", "1.2345" },
  { "5", "元", "0.0005" },
  { "3.5", "元", "0.00035" },
  { "1.5", "亿元", "15000" },
  { "0.0123", "亿元", "123" },
  { "12", "千元", "1.2" },
  { "007.50", "万元", "7.5" },
  { "1,23", "万元", NULL },
  { "12,3456", "万元", NULL },
  { "1.2.3", "万元", NULL },
  { "", "万元", NULL },
  { "12", "美元", NULL },
};

static void
test_amounts (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (amount_rows); i++) {
    double v = -1;
    g_autofree char *text = NULL;
    gboolean ok = fr_amount_to_wan (amount_rows[i].digits, amount_rows[i].unit, &v, &text);
    if (amount_rows[i].wan == NULL) {
      g_assert_false (ok);
      continue;
    }
    g_assert_true (ok);
    g_assert_cmpstr (text, ==, amount_rows[i].wan);
    /* the double is the one the exact decimal reads as, not a product off by an ulp */
    g_assert_true (v == g_ascii_strtod (amount_rows[i].wan, NULL));
  }
}

static const struct {
  const char *text;
  int decimals;
} decimal_rows[] = {
  { "435.20", 2 }, { "1,234", 0 }, { "9.9%", 1 }, { "≥95%", 0 }, { "0.007882万元", 6 },
  { "合格", -1 }, { NULL, -1 },
};

static void
test_decimals (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (decimal_rows); i++)
    g_assert_cmpint (fr_number_decimals (decimal_rows[i].text), ==, decimal_rows[i].decimals);
  g_assert_cmpint (fr_value_decimals (435.2), ==, 1);
  g_assert_cmpint (fr_value_decimals (0.007882), ==, 6);
  g_assert_cmpint (fr_value_decimals (120), ==, 0);
  g_autofree char *a = fr_number_text (9.911, 2), *b = fr_number_text (120.0, 2);
  g_assert_cmpstr (a, ==, "9.91");
  g_assert_cmpstr (b, ==, "120");
}

/* ---- sentences -------------------------------------------------------------------------- */

/* A section titled title holding paragraphs separated by '\n', under an untitled root. */
typedef struct {
  FrSection *root;
  GPtrArray *blocks;
} Tree;

static FrSection *
tree_section (Tree *t, FrSection *parent, const char *title, const char *paragraphs)
{
  FrBlock *h = NULL;
  if (title) {
    h = fr_block_new (FR_BLOCK_HEADING, 0);
    h->text = g_strdup (title);
    g_ptr_array_add (t->blocks, h);
  }
  FrSection *s = fr_section_new (h, parent);
  g_auto (GStrv) paras = g_strsplit (paragraphs ? paragraphs : "", "\n", -1);
  for (guint i = 0; paras[i]; i++) {
    if (!*paras[i])
      continue;
    FrBlock *b = fr_block_new (FR_BLOCK_PARAGRAPH, 0);
    b->text = g_strdup (paras[i]);
    g_ptr_array_add (t->blocks, b);
    g_ptr_array_add (s->paragraphs, b);
  }
  return s;
}

static void
tree_init (Tree *t)
{
  t->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_block_free);
  t->root = fr_section_new (NULL, NULL);
}

static void
tree_clear (Tree *t)
{
  fr_section_free (t->root);
  g_ptr_array_unref (t->blocks);
}

/* Compares JSON texts as trees, so the expected rows can be written by hand. */
static void
assert_json (cJSON *got, const char *want_text)
{
  cJSON *want = cJSON_Parse (want_text);
  g_assert_nonnull (want);
  gboolean same = got ? cJSON_Compare (got, want, TRUE) : cJSON_IsNull (want);
  if (!same) {
    g_autofree char *g = got ? cJSON_PrintUnformatted (got) : g_strdup ("null");
    g_error ("got %s\nwant %s", g, want_text);
  }
  cJSON_Delete (want);
}

/* A finance compared as the record writes it. */
static void
assert_finance (const FrFinance *got, const char *want_text)
{
  cJSON *j = got ? fr_finance_to_json (got) : NULL;
  assert_json (j, want_text);
  cJSON_Delete (j);
}

static FrFigure
figure_in (const cJSON *o, const char *key)
{
  const cJSON *n = cJSON_GetObjectItem (o, key);
  return cJSON_IsNumber (n) ? fr_figure_of (n->valuedouble) : (FrFigure) { 0 };
}

/* A finance written by hand as RECORD.md's JSON (a key left out is not stated), or NULL for
 * "null". */
static FrFinance *
finance_of (const char *text)
{
  cJSON *j = cJSON_Parse (text);
  g_assert_nonnull (j);
  FrFinance *f = NULL;
  if (!cJSON_IsNull (j)) {
    f = fr_finance_new ();
    for (guint k = 0; k < FR_N_SIDES; k++) {
      const cJSON *side = cJSON_GetObjectItem (j, fr_finance_side_name (k)), *it;
      f->sides[k].total = figure_in (side, "total");
      f->sides[k].current = figure_in (side, "current_year");
      cJSON_ArrayForEach (it, cJSON_GetObjectItem (side, "items")) {
        FrFinanceItem *item = fr_finance_item_new (cJSON_GetObjectItem (it, "name")->valuestring,
                                                   figure_in (it, "amount"));
        const cJSON *c = cJSON_GetObjectItem (it, "change");
        const char *dir = cJSON_GetStringValue (cJSON_GetObjectItem (c, "direction"));
        if (dir) {
          item->direction = strcmp (dir, "flat") == 0       ? FR_CHANGE_FLAT
                            : strcmp (dir, "decrease") == 0 ? FR_CHANGE_DECREASE
                                                            : FR_CHANGE_INCREASE;
          item->change = figure_in (c, "amount");
          item->percent = figure_in (c, "percent");
        }
        g_ptr_array_add (f->sides[k].items, item);
      }
    }
  }
  cJSON_Delete (j);
  return f;
}

static const struct {
  const char *title, *paragraphs;
  gboolean project;
  const char *finance;   /* JSON, or "null" */
} sentence_rows[] = {
  /* the seed's phrasing: increase, decrease, flat, an item numbered inside the text */
  { "年度收入总体情况",
    "某单位2022年度总收入435.94万元，其中本年收入435.27万元。具体情况如下：\n"
    "一般公共预算财政拨款收入435.27万元，比上年决算数增加39.25万元，增长9.9%。主要变动情况：一是按政策规定。\n"
    "其他收入0.007882万元，比上年决算数增加0.001609万元，增长25.6%。\n"
    "5.事业收入0万元，与上年决算数持平。",
    FALSE,
    "{\"unit\":\"万元\",\"income\":{\"total\":435.94,\"current_year\":435.27,\"items\":["
    "{\"name\":\"一般公共预算财政拨款收入\",\"amount\":435.27,\"change\":{\"direction\":\"increase\",\"amount\":39.25,\"percent\":9.9}},"
    "{\"name\":\"其他收入\",\"amount\":0.007882,\"change\":{\"direction\":\"increase\",\"amount\":0.001609,\"percent\":25.6}},"
    "{\"name\":\"事业收入\",\"amount\":0,\"change\":{\"direction\":\"flat\",\"amount\":0,\"percent\":0}}]},"
    "\"expenditure\":{\"total\":null,\"current_year\":null,\"items\":[]}}" },
  /* 较上年 / 同比, 下降 / 减少 / 上升, amounts in 元 and 亿元, thousands separators */
  { "年度支出总体情况",
    "本年支出合计1,234.56万元。\n"
    "基本支出1,000万元，较上年减少50万元，下降4.8%。\n"
    "项目支出2,345,600元，同比上升12.5%。\n"
    "经营支出0.0001亿元，较上年度持平。",
    FALSE,
    "{\"unit\":\"万元\",\"income\":{\"total\":null,\"current_year\":null,\"items\":[]},"
    "\"expenditure\":{\"total\":null,\"current_year\":1234.56,\"items\":["
    "{\"name\":\"基本支出\",\"amount\":1000,\"change\":{\"direction\":\"decrease\",\"amount\":50,\"percent\":4.8}},"
    "{\"name\":\"项目支出\",\"amount\":234.56,\"change\":{\"direction\":\"increase\",\"amount\":null,\"percent\":12.5}},"
    "{\"name\":\"经营支出\",\"amount\":1,\"change\":{\"direction\":\"flat\",\"amount\":0,\"percent\":0}}]}}" },
  /* lines after 其中： with shares, and a change against the budget (not the year before) */
  { "收入决算情况说明",
    "本年收入合计307.82万元，其中：财政拨款收入300万元，占97.46%；其他收入7.82万元，比年初预算数增加1万元。",
    FALSE,
    "{\"unit\":\"万元\",\"income\":{\"total\":null,\"current_year\":307.82,\"items\":["
    "{\"name\":\"财政拨款收入\",\"amount\":300,\"change\":null},"
    "{\"name\":\"其他收入\",\"amount\":7.82,\"change\":null}]},"
    "\"expenditure\":{\"total\":null,\"current_year\":null,\"items\":[]}}" },
  /* 收入支出总计 is both totals; carried-over balances are not lines */
  { "收入支出决算总体情况说明",
    "某部2024年度收入支出总计307.82万元。\n上年结转结余的一般公共预算收入0万元。",
    FALSE,
    "{\"unit\":\"万元\",\"income\":{\"total\":307.82,\"current_year\":null,\"items\":[]},"
    "\"expenditure\":{\"total\":307.82,\"current_year\":null,\"items\":[]}}" },
  /* a restating section (财政拨款) gives no lines and no totals */
  { "财政拨款收入支出决算总体情况说明",
    "财政拨款收入支出总计307.82万元。一般公共预算财政拨款收入307.82万元，比上年增加1万元。",
    FALSE, "null" },
  /* prose that mentions money without stating a line */
  { "部门整体绩效管理情况",
    "组织部门整体支出绩效自评，涉及一般公共预算支出435.27万元。",
    FALSE, "null" },
  /* a project report: sources and uses, in 元, several to a clause */
  { "资金到位情况",
    "项目资金总额3268.45万元，其中本年预算安排资金3268.45万元。资金来源为：区级财政资金25,684,500.00元，市级补助资金7,000,000.00元。",
    TRUE,
    "{\"unit\":\"万元\",\"income\":{\"total\":3268.45,\"current_year\":3268.45,\"items\":["
    "{\"name\":\"区级财政资金\",\"amount\":2568.45,\"change\":null},"
    "{\"name\":\"市级补助资金\",\"amount\":700,\"change\":null}]},"
    "\"expenditure\":{\"total\":null,\"current_year\":null,\"items\":[]}}" },
  { "资金使用情况",
    "项目总支出31,956,218.60元，其中本年支出31,956,218.60元。资金使用情况为：工程建设费29,873,406.20元，工程监理费682,412.40元。",
    TRUE,
    "{\"unit\":\"万元\",\"income\":{\"total\":null,\"current_year\":null,\"items\":[]},"
    "\"expenditure\":{\"total\":3195.62186,\"current_year\":3195.62186,\"items\":["
    "{\"name\":\"工程建设费\",\"amount\":2987.34062,\"change\":null},"
    "{\"name\":\"工程监理费\",\"amount\":68.24124,\"change\":null}]}}" },
};

static void
test_sentences (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sentence_rows); i++) {
    Tree t;
    tree_init (&t);
    tree_section (&t, t.root, sentence_rows[i].title, sentence_rows[i].paragraphs);
    g_autoptr (GArray) parts = g_array_new (FALSE, TRUE, sizeof (FrReport));
    FrReport rep = { .kind = (char *) (sentence_rows[i].project ? "项目支出绩效自评报告"
                                                                : "部门整体支出绩效自评报告") };
    g_array_append_val (parts, rep);
    FrFinance *fin = fr_finance_read (t.root, parts);
    g_test_message ("row %u: %s", i, sentence_rows[i].title);
    assert_finance (fin, sentence_rows[i].finance);
    fr_finance_free (fin);
    tree_clear (&t);
  }
}

/* Lines come from the first section that names them; a later restatement adds none. */
static void
test_first_section_wins (void)
{
  Tree t;
  tree_init (&t);
  tree_section (&t, t.root, "年度收入总体情况", "事业收入10万元，与上年决算数持平。");
  tree_section (&t, t.root, "收入决算情况说明", "其中：事业收入10万元；其他收入5万元。");
  FrFinance *fin = fr_finance_read (t.root, NULL);
  g_assert_nonnull (fin);
  g_assert_cmpuint (fin->sides[FR_INCOME].items->len, ==, 1);
  fr_finance_free (fin);
  tree_clear (&t);
}

/* ---- points ----------------------------------------------------------------------------- */

static const struct {
  const char *paragraph, *points;   /* points joined by '|'; "" for none */
} point_rows[] = {
  { "一是因疫情影响，部分活动计划受一定影响；二是培训形式单一；三是受疫情形势影响，资金执行率较低。",
    "因疫情影响，部分活动计划受一定影响|培训形式单一|受疫情形势影响，资金执行率较低" },
  { "主要存在以下问题：（1）预算编制不够精细；（2）绩效目标设置不够具体。",
    "预算编制不够精细|绩效目标设置不够具体" },
  { "1.加强预算管理。", "加强预算管理" },
  { "（2）完善绩效目标；", "完善绩效目标" },
  { "其一，加强调研；其二，完善制度。", "加强调研|完善制度" },
  { "部分项目执行进度偏慢。", "部分项目执行进度偏慢" },
  { "存在的问题如下：", "" },
  /* a list inside a numbered point stays in that point */
  { "1.预算执行不够均衡，一是上半年支出偏少，二是年底集中支付。",
    "预算执行不够均衡，一是上半年支出偏少，二是年底集中支付" },
  /* a number that is not a marker (1.5万元) does not split */
  { "结余资金1.5万元未及时收回。", "结余资金1.5万元未及时收回" },
};

static void
test_points (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (point_rows); i++) {
    g_autoptr (GPtrArray) pts = g_ptr_array_new_with_free_func (g_free);
    fr_points_split (point_rows[i].paragraph, pts);
    g_ptr_array_add (pts, NULL);
    g_autofree char *joined = g_strjoinv ("|", (char **) pts->pdata);
    g_assert_cmpstr (joined, ==, point_rows[i].points);
  }
}

/* ---- checks ----------------------------------------------------------------------------- */

static const FrCheck *
find_check (const GPtrArray *checks, const char *rule, const char *subject)
{
  for (guint i = 0; i < checks->len; i++) {
    const FrCheck *c = g_ptr_array_index (checks, i);
    if (strcmp (c->rule, rule) == 0 && strcmp (c->subject, subject) == 0)
      return c;
  }
  return NULL;
}

static const char *
check_status (const GPtrArray *checks, const char *rule, const char *subject)
{
  const FrCheck *c = find_check (checks, rule, subject);
  return c == NULL ? "none" : c->pass ? "pass" : "fail";
}

static FrIndicator *
indicator (const char *name, const char *target, double t, double a, const char *rate, double r)
{
  FrIndicator *ind = fr_indicator_new ();
  ind->name = g_strdup (name);
  ind->target = g_strdup (target);
  ind->rate = g_strdup (rate);
  ind->target_value = t;
  ind->actual_value = a;
  ind->rate_value = r;
  ind->has_target_value = ind->has_actual_value = ind->has_rate_value = TRUE;
  return ind;
}

static const struct {
  const char *name, *target;
  double t, a;
  const char *rate;
  double r;
  const char *status;
} rate_rows[] = {
  { "走访非公党组织个数", "10个", 10, 12, "100%", 100, "fail" },   /* 120%, reported 100% */
  { "走访基层商会数", "23个", 23, 31, "135%", 135, "pass" },       /* 134.78% rounds to 135 */
  { "无障碍改造户数", "150户", 150, 145, "97%", 97, "pass" },
  { "培训人数", "300人次", 300, 326, "119%", 119, "fail" },
  { "合格率", "≥95%", 95, 98, "100%", 100, "pass" },              /* met counts as 100% */
  { "满意度", "≥90%", 90, 96, "107%", 107, "pass" },              /* or written actual/target */
  { "满意度未达标", "≥90%", 90, 88, "98%", 98, "pass" },
  { "满意度写满", "≥90%", 90, 88, "100%", 100, "fail" },          /* not met: not 100% */
  { "投诉率", "≤5%", 5, 3, "100%", 100, "pass" },
  { "处理时限", "≤10天", 10, 12, "83.3%", 83.3, "pass" },         /* target / actual */
  { "到位率", "100%", 100, 98.5, "98.5%", 98.5, "pass" },
  { "到位率写错", "100%", 100, 98.5, "99.5%", 99.5, "fail" },
  { "三分之一", "3个", 3, 1, "33.33%", 33.33, "pass" },
  { "三分之一粗", "3个", 3, 1, "33.4%", 33.4, "fail" },
};

static void
test_indicator_rates (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rate_rows); i++)
    g_ptr_array_add (an->indicators, indicator (rate_rows[i].name, rate_rows[i].target,
                                                rate_rows[i].t, rate_rows[i].a,
                                                rate_rows[i].rate, rate_rows[i].r));
  /* no number on one side: not checked */
  FrIndicator *q = indicator ("工程质量", "合格", 0, 0, "100%", 100);
  q->has_target_value = q->has_actual_value = FALSE;
  g_ptr_array_add (an->indicators, q);
  fr_stage_checks (an);
  for (guint i = 0; i < G_N_ELEMENTS (rate_rows); i++) {
    g_test_message ("%s", rate_rows[i].name);
    g_assert_cmpstr (check_status (an->checks, "indicator_rate", rate_rows[i].name), ==,
                     rate_rows[i].status);
  }
  g_assert_cmpstr (check_status (an->checks, "indicator_rate", "工程质量"), ==, "none");
}

static const struct {
  const char *scores;        /* weight:score pairs */
  gboolean has_total;
  double total;
  gboolean has_self;
  double self;
  const char *sum_status, *self_status;
} score_rows[] = {
  { "15:15 15:15 10:9 10:10 10:10 20:17 20:18", TRUE, 96, TRUE, 96, "fail", "pass" },
  { "15:15 15:15 10:9 10:10 10:10 20:17 20:16", TRUE, 92, TRUE, 92, "pass", "pass" },
  { "15:15 15:15 10:9 10:10 10:10 20:17 20:16", TRUE, 92, TRUE, 95, "pass", "fail" },
  /* no 合计 row: a table that weighs 100 points adds up to the self-score */
  { "50:45.5 50:48", FALSE, 0, TRUE, 93.5, "none", "pass" },
  { "50:45.5 50:48", FALSE, 0, TRUE, 95, "none", "fail" },
  /* a table of part of the points says nothing about the self-score */
  { "20:18 20:19", FALSE, 0, TRUE, 95, "none", "none" },
  /* scores computed to 0.01 may each be off by half of it */
  { "33.33:33.33 33.33:33.33 33.34:33.33", TRUE, 100, FALSE, 0, "pass", "none" },
  { "33.33:33.33 33.33:33.33 33.34:33.30", TRUE, 100, FALSE, 0, "fail", "none" },
  { "33.33:33.33 33.33:33.33 33.34:33.34", TRUE, 100, FALSE, 0, "pass", "none" },
};

static void
test_scores (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (score_rows); i++) {
    g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
    g_auto (GStrv) pairs = g_strsplit (score_rows[i].scores, " ", -1);
    for (guint k = 0; pairs[k]; k++) {
      g_auto (GStrv) ws = g_strsplit (pairs[k], ":", 2);
      FrIndicator *ind = fr_indicator_new ();
      ind->name = g_strdup_printf ("指标%u", k);
      ind->weight_text = g_strdup (ws[0]);
      ind->score_text = g_strdup (ws[1]);
      ind->weight = g_ascii_strtod (ws[0], NULL);
      ind->score = g_ascii_strtod (ws[1], NULL);
      ind->has_weight = ind->has_score = TRUE;
      g_ptr_array_add (an->indicators, ind);
    }
    an->has_total_score = score_rows[i].has_total;
    an->total_score = score_rows[i].total;
    an->has_self_score = score_rows[i].has_self;
    an->self_score = score_rows[i].self;
    fr_stage_checks (an);
    g_test_message ("row %u", i);
    g_assert_cmpstr (check_status (an->checks, "score_sum", "合计"), ==, score_rows[i].sum_status);
    g_assert_cmpstr (check_status (an->checks, "self_score", "自评分"), ==,
                     score_rows[i].self_status);
  }
}

/* A merged file: the record's self-score is its first report's; a later report's 合计 is not
 * compared with it. */
static void
test_merged_scores (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  /* the analysis owns its parts' strings */
  FrReport dept = { .kind = g_strdup ("部门整体支出绩效自评报告"), .page = 0 };
  FrReport project = { .kind = g_strdup ("项目支出绩效自评报告"), .page = 1 };
  g_array_append_val (an->parts, dept);
  g_array_append_val (an->parts, project);
  FrIndicator *ind = indicator ("预算执行率", "≥95%", 95, 97.8, "100%", 100);
  ind->page = 1;
  ind->score = ind->weight = 98.5;
  ind->has_score = ind->has_weight = TRUE;
  g_ptr_array_add (an->indicators, ind);
  an->total_score = 98.5;
  an->has_total_score = an->has_self_score = TRUE;
  an->self_score = 94;
  fr_stage_checks (an);
  g_assert_cmpstr (check_status (an->checks, "score_sum", "合计"), ==, "pass");
  g_assert_cmpstr (check_status (an->checks, "self_score", "自评分"), ==, "none");
  /* the same table in the first report is compared */
  ind->page = 0;
  fr_stage_checks (an);
  g_assert_cmpstr (check_status (an->checks, "self_score", "自评分"), ==, "fail");
}

static FrTable *
table_of (const char *rows)   /* rows by '/', cells by ',' */
{
  FrTable *t = fr_table_new ();
  g_auto (GStrv) rs = g_strsplit (rows, "/", -1);
  for (guint r = 0; rs[r]; r++) {
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    g_auto (GStrv) cells = g_strsplit (rs[r], ",", -1);
    for (guint c = 0; cells[c]; c++)
      g_ptr_array_add (row, g_strdup (cells[c]));
    g_ptr_array_add (t->rows, row);
  }
  return t;
}

static void
scored (FrAnalysis *an, FrTable *t, guint row, const char *name)
{
  GPtrArray *cells = g_ptr_array_index (t->rows, row);
  FrIndicator *ind = fr_indicator_new ();
  ind->name = g_strdup (name);
  ind->weight_text = g_strdup (g_ptr_array_index (cells, 1));
  ind->score_text = g_strdup (g_ptr_array_index (cells, 2));
  ind->weight = g_ascii_strtod (ind->weight_text, NULL);
  ind->score = g_ascii_strtod (ind->score_text, NULL);
  ind->has_weight = ind->has_score = TRUE;
  ind->table = t;
  ind->row = row;
  g_ptr_array_add (an->indicators, ind);
}

/* A final account holds one scored table per project, each summed against its own 合计 row,
 * read in the column of the indicators' scores (not 分值, even where they are equal). */
static void
test_table_totals (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrTable *a = table_of ("指标A,10,9/指标B,10,10/合计,20,19");
  FrTable *b = table_of ("指标C,50,45/指标D,50,50/合 计,100,90");
  scored (an, a, 0, "指标A");
  scored (an, a, 1, "指标B");
  scored (an, b, 0, "指标C");
  scored (an, b, 1, "指标D");
  an->has_self_score = TRUE;
  an->self_score = 19;
  fr_stage_checks (an);
  guint pass = 0, fail = 0;
  for (guint i = 0; i < an->checks->len; i++) {
    const FrCheck *c = g_ptr_array_index (an->checks, i);
    if (strcmp (c->rule, "score_sum") != 0)
      continue;
    if (c->pass)
      pass++;
    else
      fail++;
  }
  g_assert_cmpuint (pass, ==, 1);   /* 9 + 10 = 19 */
  g_assert_cmpuint (fail, ==, 1);   /* 45 + 50 = 95, reported 90 */
  /* two projects' tables: neither is the self-score */
  g_assert_cmpstr (check_status (an->checks, "self_score", "自评分"), ==, "none");
  fr_table_free (a);
  fr_table_free (b);
}

/* Each check names the page its checked figure stands on: an indicator's rate on the
 * indicator's page; a table's sum and the self-score at its 合计 row, which may stand on a
 * later page than the table's first; a sum of lines where the figure they make stands; a
 * figure whose place is not known has no page (null). */
static void
test_check_pages (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrTable *t = table_of ("指标A,10,9/指标B,10,10/合计,20,19");
  t->page = 3;
  guint row_pages[] = { 3, 4, 4 };
  for (guint r = 0; r < G_N_ELEMENTS (row_pages); r++)
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (row_pages[r]));
  scored (an, t, 0, "指标A");
  scored (an, t, 1, "指标B");
  FrIndicator *ind = indicator ("走访企业数", "10个", 10, 10, "100%", 100);
  ind->page = 6;
  g_ptr_array_add (an->indicators, ind);
  an->has_self_score = TRUE;
  an->self_score = 19;
  an->finance = finance_of ("{\"income\": {\"total\": 3, \"current_year\": 3, "
                             "\"items\": [{\"name\": \"a\", \"amount\": 1}, "
                             "{\"name\": \"b\", \"amount\": 2}]}, "
                             "\"expenditure\": {\"current_year\": 3, \"items\": [{\"name\": \"c\", "
                             "\"amount\": 3}]}}");
  an->finance->sides[FR_INCOME].current = fr_figure_at (3, 2, (FrBox) { 10, 20, 30, 40 });
  fr_stage_checks (an);
  const FrCheck *rate = find_check (an->checks, "indicator_rate", "走访企业数");
  const FrCheck *sum = find_check (an->checks, "score_sum", "合计");
  const FrCheck *self = find_check (an->checks, "self_score", "自评分");
  const FrCheck *items = find_check (an->checks, "items_sum", "本年收入");
  const FrCheck *unplaced = find_check (an->checks, "items_sum", "本年支出");
  g_assert_nonnull (rate);
  g_assert_nonnull (sum);
  g_assert_nonnull (self);
  g_assert_nonnull (items);
  g_assert_nonnull (unplaced);
  g_assert_true (rate->has_page && sum->has_page && self->has_page);
  g_assert_cmpuint (rate->page, ==, 6);
  g_assert_cmpuint (sum->page, ==, 4);
  g_assert_cmpuint (self->page, ==, 4);
  g_assert_true (items->has_page);
  g_assert_cmpuint (items->page, ==, 2);
  g_assert_false (unplaced->has_page);
  fr_table_free (t);
}

/* A 合计 that weighs more than the indicators (100 against 90) also scores a row that is no
 * indicator, such as the budget's execution rate: the indicators' sum is not checked. */
static void
test_table_total_other_rows (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrTable *t = table_of ("执行率,10,6.3/指标A,40,40/指标B,50,44.2/总分,100,90.5");
  scored (an, t, 1, "指标A");
  scored (an, t, 2, "指标B");
  fr_stage_checks (an);
  g_assert_cmpstr (check_status (an->checks, "score_sum", "合计"), ==, "none");
  fr_table_free (t);
}

static void
test_parts (void)
{
  g_autoptr (GArray) parts = g_array_new (FALSE, TRUE, sizeof (FrReport));
  FrReport cover = { .kind = (char *) "绩效评价报告", .organization = (char *) "某委", .year = 2020, .page = 0 };
  FrReport body = cover;
  body.page = 2;
  FrReport project = { .kind = (char *) "项目支出绩效自评报告", .organization = (char *) "某馆", .year = 2020, .page = 5 };
  g_array_append_val (parts, cover);
  g_array_append_val (parts, body);
  g_array_append_val (parts, project);
  g_assert_cmpuint (fr_part_at (parts, 0), ==, 0);
  g_assert_cmpuint (fr_part_at (parts, 3), ==, 0);   /* the body after its cover */
  g_assert_cmpuint (fr_part_at (parts, 5), ==, 2);
  g_assert_cmpuint (fr_part_at (parts, 9), ==, 2);
  g_assert_cmpuint (fr_part_at (NULL, 9), ==, 0);
}

static const struct {
  const char *finance;
  const char *rule, *subject, *status;
} money_rows[] = {
  /* 0.007882 within 0.01 of the stated figure */
  { "{\"income\":{\"current_year\":435.27,\"items\":[{\"name\":\"a\",\"amount\":435.27},{\"name\":\"b\",\"amount\":0.007882}]}}",
    "items_sum", "本年收入", "pass" },
  { "{\"income\":{\"current_year\":391.62,\"items\":[{\"name\":\"a\",\"amount\":380.15},{\"name\":\"b\",\"amount\":6.04}]}}",
    "items_sum", "本年收入", "fail" },
  { "{\"expenditure\":{\"current_year\":435.27,\"items\":[{\"name\":\"基本支出\",\"amount\":345.34},{\"name\":\"项目支出\",\"amount\":89.93}]}}",
    "basic_plus_project", "基本支出+项目支出", "pass" },
  { "{\"expenditure\":{\"current_year\":435.37,\"items\":[{\"name\":\"基本支出\",\"amount\":345.34},{\"name\":\"项目支出\",\"amount\":89.93}]}}",
    "basic_plus_project", "基本支出+项目支出", "fail" },
  /* 经营支出 of its own: the two do not make this year's spending */
  { "{\"expenditure\":{\"current_year\":440,\"items\":[{\"name\":\"基本支出\",\"amount\":345.34},{\"name\":\"项目支出\",\"amount\":89.93},{\"name\":\"经营支出\",\"amount\":4.73}]}}",
    "basic_plus_project", "基本支出+项目支出", "none" },
  /* 0.95/(89.93+0.95) = 1.05%, printed as 1% */
  { "{\"expenditure\":{\"items\":[{\"name\":\"项目支出\",\"amount\":89.93,\"change\":{\"direction\":\"decrease\",\"amount\":0.95,\"percent\":1}}]}}",
    "change_percent", "项目支出", "pass" },
  /* 0.001609/(0.007882−0.001609) = 25.6496% */
  { "{\"income\":{\"items\":[{\"name\":\"其他收入\",\"amount\":0.007882,\"change\":{\"direction\":\"increase\",\"amount\":0.001609,\"percent\":25.6}}]}}",
    "change_percent", "其他收入", "pass" },
  { "{\"expenditure\":{\"items\":[{\"name\":\"基本支出\",\"amount\":267.35,\"change\":{\"direction\":\"increase\",\"amount\":14.62,\"percent\":6.4}}]}}",
    "change_percent", "基本支出", "fail" },
  /* a decrease read as an increase gives another percent */
  { "{\"expenditure\":{\"items\":[{\"name\":\"项目支出\",\"amount\":80,\"change\":{\"direction\":\"decrease\",\"amount\":20,\"percent\":25}}]}}",
    "change_percent", "项目支出", "fail" },
  /* nothing last year: no percent to check */
  { "{\"income\":{\"items\":[{\"name\":\"一般公共预算财政拨款收入\",\"amount\":1668.14,\"change\":{\"direction\":\"increase\",\"amount\":1668.14,\"percent\":0}}]}}",
    "change_percent", "一般公共预算财政拨款收入", "none" },
  { "{\"income\":{\"items\":[{\"name\":\"事业收入\",\"amount\":0,\"change\":{\"direction\":\"flat\",\"amount\":0,\"percent\":0}}]}}",
    "change_percent", "事业收入", "none" },
};

static void
test_money_checks (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (money_rows); i++) {
    g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
    an->finance = finance_of (money_rows[i].finance);
    g_assert_nonnull (an->finance);
    fr_stage_checks (an);
    g_test_message ("row %u", i);
    g_assert_cmpstr (check_status (an->checks, money_rows[i].rule, money_rows[i].subject), ==,
                     money_rows[i].status);
  }
}

/* ---- summary tables --------------------------------------------------------------------- */

/* A table as the tables stage leaves it: caption lines by '\n'; header and body rows by '\n',
 * cells by '|'; a cell "<" is the cell on its left again (merged: one index in the grid). */
static FrTable *
summary_table (const char *title, const char *meta, const char *head, const char *body,
               guint page)
{
  FrTable *t = fr_table_new ();
  t->title = g_strdup (title);
  t->page = page;
  g_array_append_val (t->pages, page);
  g_auto (GStrv) ms = g_strsplit (meta ? meta : "", "\n", -1);
  for (guint i = 0; ms[i]; i++)
    if (*ms[i])
      g_ptr_array_add (t->meta, g_strdup (ms[i]));
  g_auto (GStrv) hs = g_strsplit (head, "\n", -1);
  t->n_header_rows = g_strv_length (hs);
  g_autofree char *all = g_strconcat (head, "\n", body, NULL);
  g_auto (GStrv) rs = g_strsplit (all, "\n", -1);
  guint index = 0;
  for (guint r = 0; rs[r]; r++) {
    g_auto (GStrv) cells = g_strsplit (rs[r], "|", -1);
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    for (guint c = 0; cells[c]; c++) {
      gboolean merged = c > 0 && strcmp (cells[c], "<") == 0;
      g_ptr_array_add (row, g_strdup (merged ? g_ptr_array_index (row, c - 1) : cells[c]));
      guint cell = merged ? g_array_index (t->grid, guint, t->grid->len - 1) : index++;
      g_array_append_val (t->grid, cell);
    }
    t->n_cols = row->len;
    g_ptr_array_add (t->rows, row);
  }
  return t;
}

static gboolean
warned (const FrAnalysis *an, const char *part)
{
  for (guint i = 0; i < an->warnings->len; i++)
    if (strstr (g_ptr_array_index (an->warnings, i), part))
      return TRUE;
  return FALSE;
}

#define TWO_SIDED "收入|收入|支出|支出\n项目|决算数|项目|决算数"
#define SMALL_BODY \
  "一、财政拨款收入|307.82|一、一般公共服务支出|264.87\n" \
  "二、其他收入||二、住房保障支出|42.95\n" \
  "本年收入合计|307.82|本年支出合计|307.82\n" \
  "年初结转和结余||年末结转和结余|\n" \
  "总计|307.82|总计|307.82"

static const struct {
  const char *title, *meta, *head, *body;
  const char *sentences;   /* the finance the sentences gave (JSON), or NULL */
  const char *note;        /* a paragraph of the report, or NULL */
  const char *finance;     /* what the record's finance becomes (JSON, or "null") */
  const char *warning;     /* part of a warning that must be given; NULL: no finance warning */
} summary_rows[] = {
  /* a final account in 元: 行次 columns, a 栏次 row, blank lines left out, balances apart */
  { "收入支出决算总表", "部门：某局\n金额单位：元\n公开01表",
    "收入|收入|收入|支出|支出|支出\n项目|行次|金额|项目|行次|金额",
    "栏次||1|栏次||2\n"
    "一、一般公共预算财政拨款收入|1|3,456,789.12|一、一般公共服务支出|9|2,000,000.00\n"
    "二、政府性基金预算财政拨款收入|2||二、教育支出|10|\n"
    "三、其他收入|3|12,345.00|三、社会保障和就业支出|11|1,469,134.12\n"
    "|4||四、住房保障支出|12|\n"
    "本年收入合计|5|3,469,134.12|本年支出合计|13|3,469,134.12\n"
    "年初结转和结余|6|100,000.00|年末结转和结余|14|100,000.00\n"
    "总计|7|3,569,134.12|总计|15|3,569,134.12",
    NULL, NULL,
    "{\"unit\":\"万元\",\"income\":{\"total\":356.913412,\"current_year\":346.913412,\"items\":["
    "{\"name\":\"一般公共预算财政拨款收入\",\"amount\":345.678912,\"change\":null},"
    "{\"name\":\"其他收入\",\"amount\":1.2345,\"change\":null}]},"
    "\"expenditure\":{\"total\":356.913412,\"current_year\":346.913412,\"items\":["
    "{\"name\":\"一般公共服务支出\",\"amount\":200,\"change\":null},"
    "{\"name\":\"社会保障和就业支出\",\"amount\":146.913412,\"change\":null}]}}",
    "from the table “收入支出决算总表” (单位：元): income total, current_year, 2 items; "
    "expenditure total, current_year, 2 items" },
  /* sentences win: the table fills only what they left null */
  { "收入支出决算总表", "单位：万元", TWO_SIDED, SMALL_BODY,
    "{\"unit\":\"万元\",\"income\":{\"total\":307.82,\"current_year\":null,\"items\":["
    "{\"name\":\"财政拨款收入\",\"amount\":307.82,\"change\":null}]},"
    "\"expenditure\":{\"total\":null,\"current_year\":null,\"items\":["
    "{\"name\":\"基本支出\",\"amount\":105.58,\"change\":null},"
    "{\"name\":\"项目支出\",\"amount\":202.24,\"change\":null}]}}",
    NULL,
    "{\"unit\":\"万元\",\"income\":{\"total\":307.82,\"current_year\":307.82,\"items\":["
    "{\"name\":\"财政拨款收入\",\"amount\":307.82,\"change\":null}]},"
    "\"expenditure\":{\"total\":307.82,\"current_year\":307.82,\"items\":["
    "{\"name\":\"基本支出\",\"amount\":105.58,\"change\":null},"
    "{\"name\":\"项目支出\",\"amount\":202.24,\"change\":null}]}}",
    "income current_year; expenditure total, current_year" },
  /* no unit stated: nothing taken */
  { "收入支出决算总表", "部门：某局", TWO_SIDED, SMALL_BODY, NULL, NULL, "null",
    "the table “收入支出决算总表” states no money unit" },
  /* the report says its blanks are zeros: the blank line is 0 */
  { "收入支出决算总表", "单位：万元", TWO_SIDED, SMALL_BODY, NULL,
    "注：本套报表中空白单元格表示金额为0。",
    "{\"unit\":\"万元\",\"income\":{\"total\":307.82,\"current_year\":307.82,\"items\":["
    "{\"name\":\"财政拨款收入\",\"amount\":307.82,\"change\":null},"
    "{\"name\":\"其他收入\",\"amount\":0,\"change\":null}]},"
    "\"expenditure\":{\"total\":307.82,\"current_year\":307.82,\"items\":["
    "{\"name\":\"一般公共服务支出\",\"amount\":264.87,\"change\":null},"
    "{\"name\":\"住房保障支出\",\"amount\":42.95,\"change\":null}]}}",
    "income total, current_year, 2 items; expenditure total, current_year, 2 items" },
  /* by function and by use side by side: the lines by use; 1.一般公共预算 is part of 一、;
   * merged 当年支出小计 rows hold their figure in the last column */
  { "收支预算总表", "单位：万元\n部门：某厅",
    "收入|收入|支出|支出|支出|支出\n项目名称|金额|功能分类|功能分类|支出用途|支出用途\n"
    "项目名称|金额|功能科目名称|金额|项目名称|金额",
    "一、财政拨款|24,458.43|一、一般公共服务支出|20,153.75|一、基本支出|10,403.11\n"
    "1.一般公共预算|24,458.43|二、社会保障和就业支出|1,289.52|二、项目支出|14,055.32\n"
    "二、其他资金||三、住房保障支出|||\n"
    "当年收入小计|24,458.43|当年支出小计|<|<|24,458.43\n"
    "上年结转资金||结转下年资金|<|<|\n"
    "收入合计|24,458.43|支出合计|<|<|24,458.43",
    NULL, NULL,
    "{\"unit\":\"万元\",\"income\":{\"total\":24458.43,\"current_year\":24458.43,\"items\":["
    "{\"name\":\"财政拨款\",\"amount\":24458.43,\"change\":null}]},"
    "\"expenditure\":{\"total\":24458.43,\"current_year\":24458.43,\"items\":["
    "{\"name\":\"基本支出\",\"amount\":10403.11,\"change\":null},"
    "{\"name\":\"项目支出\",\"amount\":14055.32,\"change\":null}]}}",
    "2 items by use" },
  /* lines without numbers at several levels: which are items is not written */
  { "2026年部门收支预算总表", "单位：万元", "收入|收入|支出|支出\n项目|预算数|项目|预算数",
    "一、财政拨款|500.00|公共安全支出|450.00\n"
    "一般公共预算|500.00|公安|450.00\n"
    "二、事业收入|50.00|行政运行|450.00\n"
    "||卫生健康支出|100.00\n"
    "||行政单位医疗|100.00\n"
    "本年收入合计|550.00|本年支出合计|550.00\n"
    "收入总计|550.00|支出总计|550.00",
    NULL, NULL,
    "{\"unit\":\"万元\",\"income\":{\"total\":550,\"current_year\":550,\"items\":["
    "{\"name\":\"财政拨款\",\"amount\":500,\"change\":null},"
    "{\"name\":\"事业收入\",\"amount\":50,\"change\":null}]},"
    "\"expenditure\":{\"total\":550,\"current_year\":550,\"items\":[]}}",
    "the expenditure lines of “2026年部门收支预算总表” are not numbered" },
  /* lines without numbers that make this year's figure are one level */
  { "部门收支总表", NULL, "收入|收入|支出|支出\n项目|金额（万元）|项目|金额（万元）",
    "财政拨款收入|550.00|基本支出|300.00\n"
    "||项目支出|250.00\n"
    "本年收入合计|550.00|本年支出合计|550.00",
    NULL, NULL,
    "{\"unit\":\"万元\",\"income\":{\"total\":null,\"current_year\":550,\"items\":["
    "{\"name\":\"财政拨款收入\",\"amount\":550,\"change\":null}]},"
    "\"expenditure\":{\"total\":null,\"current_year\":550,\"items\":["
    "{\"name\":\"基本支出\",\"amount\":300,\"change\":null},"
    "{\"name\":\"项目支出\",\"amount\":250,\"change\":null}]}}",
    "(单位：万元)" },
  /* neither header nor rows say which side a column is: nothing is guessed */
  { "收支总表", "单位：万元", "项目|金额", "甲|1.00\n乙|2.00", NULL, NULL, "null",
    "the table “收支总表” gave no figure" },
  /* one fund's summary restates part of the money */
  { "财政拨款收入支出决算总表", "单位：万元", TWO_SIDED, SMALL_BODY, NULL, NULL, "null", NULL },
  /* the sentences gave everything: the table is not read */
  { "收入支出决算总表", "单位：万元", TWO_SIDED, SMALL_BODY,
    "{\"unit\":\"万元\",\"income\":{\"total\":1,\"current_year\":1,\"items\":[{\"name\":\"a\",\"amount\":1,\"change\":null}]},"
    "\"expenditure\":{\"total\":1,\"current_year\":1,\"items\":[{\"name\":\"b\",\"amount\":1,\"change\":null}]}}",
    NULL,
    "{\"unit\":\"万元\",\"income\":{\"total\":1,\"current_year\":1,\"items\":[{\"name\":\"a\",\"amount\":1,\"change\":null}]},"
    "\"expenditure\":{\"total\":1,\"current_year\":1,\"items\":[{\"name\":\"b\",\"amount\":1,\"change\":null}]}}",
    NULL },
};

static void
test_summary_tables (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (summary_rows); i++) {
    g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
    FrTable *t = summary_table (summary_rows[i].title, summary_rows[i].meta,
                                summary_rows[i].head, summary_rows[i].body, 4);
    g_ptr_array_add (an->tables, t);
    if (summary_rows[i].note) {
      FrBlock *b = fr_block_new (FR_BLOCK_PARAGRAPH, 5);
      b->text = g_strdup (summary_rows[i].note);
      g_ptr_array_add (an->blocks, b);
    }
    FrFinance *fin = summary_rows[i].sentences ? finance_of (summary_rows[i].sentences) : NULL;
    g_test_message ("row %u: %s", i, summary_rows[i].title);
    fr_fintable_fill (an, &fin, 0);
    assert_finance (fin, summary_rows[i].finance);
    if (summary_rows[i].warning && !warned (an, summary_rows[i].warning))
      g_error ("row %u: no warning with “%s”", i, summary_rows[i].warning);
    if (summary_rows[i].warning == NULL)
      for (guint w = 0; w < an->warnings->len; w++)
        g_assert_false (g_str_has_prefix (g_ptr_array_index (an->warnings, w), "finance:"));
    fr_finance_free (fin);
    fr_table_free (t);
  }
}

/* A summary the tables stage saw as two tables (each page's part under its own title) is read
 * as one; a summary on another report's pages of a merged file is not that report's. */
static void
test_summary_parts (void)
{
  g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
  FrTable *a = summary_table ("第二部分 某局2019年部门决算表", "表1\n单位：万元\n收入支出决算总表",
                              TWO_SIDED,
                              "一、一般公共预算财政拨款收入|100.00|一、一般公共服务支出|60.00\n"
                              "二、其他收入|0.00|二、教育支出|0.00", 4);
  FrTable *b = summary_table ("收入支出决算总表", "表1\n单位：万元", TWO_SIDED,
                              "||三、住房保障支出|40.00\n"
                              "本年收入合计|100.00|本年支出合计|100.00\n"
                              "总计|100.00|总计|100.00", 5);
  g_ptr_array_add (an->tables, a);
  g_ptr_array_add (an->tables, b);
  FrFinance *fin = NULL;
  fr_fintable_fill (an, &fin, 0);
  assert_finance (fin,
    "{\"unit\":\"万元\",\"income\":{\"total\":100,\"current_year\":100,\"items\":["
    "{\"name\":\"一般公共预算财政拨款收入\",\"amount\":100,\"change\":null},"
    "{\"name\":\"其他收入\",\"amount\":0,\"change\":null}]},"
    "\"expenditure\":{\"total\":100,\"current_year\":100,\"items\":["
    "{\"name\":\"一般公共服务支出\",\"amount\":60,\"change\":null},"
    "{\"name\":\"教育支出\",\"amount\":0,\"change\":null},"
    "{\"name\":\"住房保障支出\",\"amount\":40,\"change\":null}]}}");
  g_assert_true (warned (an, "page 5: from the table “收入支出决算总表”"));

  /* the second report of the file starts on page 4 (0-based): its table is not the first's */
  FrReport first = { .kind = (char *) "部门决算", .organization = (char *) "某局", .year = 2019, .page = 0 };
  FrReport second = { .kind = (char *) "部门决算", .organization = (char *) "某所", .year = 2019, .page = 3 };
  g_array_append_val (an->parts, first);
  g_array_append_val (an->parts, second);
  FrFinance *none = NULL;
  fr_fintable_fill (an, &none, 0);
  g_assert_null (none);
  an->parts->len = 0;   /* the reports' strings are the test's own */
  fr_finance_free (fin);
  fr_table_free (a);
  fr_table_free (b);
}

/* The checks re-do the arithmetic of a table's figures as of a sentence's. */
static const struct {
  const char *body;
  const char *rule, *subject, *status;
} table_check_rows[] = {
  { "一、基本支出|345.34|一、财政拨款收入|435.27\n二、项目支出|89.93||\n本年支出合计|435.27|本年收入合计|435.27",
    "basic_plus_project", "基本支出+项目支出", "pass" },
  { "一、基本支出|345.34|一、财政拨款收入|435.27\n二、项目支出|89.93||\n本年支出合计|435.37|本年收入合计|435.27",
    "items_sum", "本年支出", "fail" },
  { "一、基本支出|345.34|一、财政拨款收入|435.27\n二、项目支出|89.93|二、其他收入|0.01\n本年支出合计|435.27|本年收入合计|435.27",
    "items_sum", "本年收入", "pass" },
  { "一、基本支出|345.34|一、财政拨款收入|435.27\n二、项目支出|89.93|二、其他收入|0.5\n本年支出合计|435.27|本年收入合计|435.27",
    "items_sum", "本年收入", "fail" },
};

static void
test_summary_checks (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (table_check_rows); i++) {
    g_autoptr (FrAnalysis) an = fr_analysis_new (NULL);
    /* expenditure on the left this time: sides come from the header, not the order */
    FrTable *t = summary_table ("部门收支总表", "单位：万元", "支出|支出|收入|收入\n项目|金额|项目|金额",
                                table_check_rows[i].body, 2);
    g_ptr_array_add (an->tables, t);
    fr_fintable_fill (an, &an->finance, 0);
    fr_stage_checks (an);
    g_test_message ("row %u", i);
    g_assert_cmpstr (check_status (an->checks, table_check_rows[i].rule, table_check_rows[i].subject),
                     ==, table_check_rows[i].status);
    fr_table_free (t);
  }
}

/* ---- the seed report -------------------------------------------------------------------- */

static const cJSON *
item_named (const cJSON *side, const char *name)
{
  const cJSON *it;
  cJSON_ArrayForEach (it, cJSON_GetObjectItem (side, "items"))
    if (strcmp (cJSON_GetObjectItem (it, "name")->valuestring, name) == 0)
      return it;
  return NULL;
}

static double
dnum (const cJSON *o, const char *key)
{
  const cJSON *n = cJSON_GetObjectItem (o, key);
  g_assert_true (cJSON_IsNumber (n));
  return n->valuedouble;
}

static void
assert_change (const cJSON *side, const char *name, double amount, const char *dir,
               double change, double percent)
{
  const cJSON *it = item_named (side, name);
  g_assert_nonnull (it);
  g_assert_cmpfloat (dnum (it, "amount"), ==, amount);
  const cJSON *c = cJSON_GetObjectItem (it, "change");
  g_assert_cmpstr (cJSON_GetObjectItem (c, "direction")->valuestring, ==, dir);
  g_assert_cmpfloat (dnum (c, "amount"), ==, change);
  g_assert_cmpfloat (dnum (c, "percent"), ==, percent);
}

static void
test_seed (void)
{
  const char *shared = g_getenv ("SHARED");
  g_autofree char *pdf = shared ? g_build_filename (shared, "seed-report-baiyun-2022.pdf", NULL)
                                : NULL;
  if (pdf == NULL || !g_file_test (pdf, G_FILE_TEST_EXISTS)) {
    g_test_skip ("no seed report beside the checkout");
    return;
  }
  g_autoptr (FrResult) res = fr_process_file (pdf, &(FrOptions) { 0 });
  g_assert_null (fr_result_error (res));
  cJSON *rec = fr_result_to_json (res);
  const cJSON *fin = cJSON_GetObjectItem (rec, "finance");
  const cJSON *in = cJSON_GetObjectItem (fin, "income");
  const cJSON *out = cJSON_GetObjectItem (fin, "expenditure");
  g_assert_cmpstr (cJSON_GetObjectItem (fin, "unit")->valuestring, ==, "万元");

  /* page 5-6: 总收入435.94万元，其中本年收入435.27万元, then eight lines */
  g_assert_cmpfloat (dnum (in, "total"), ==, 435.94);
  g_assert_cmpfloat (dnum (in, "current_year"), ==, 435.27);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (in, "items")), ==, 8);
  assert_change (in, "一般公共预算财政拨款收入", 435.27, "increase", 39.25, 9.9);
  assert_change (in, "政府性基金预算财政拨款收入", 0, "flat", 0, 0);
  assert_change (in, "附属单位上缴收入", 0, "flat", 0, 0);
  assert_change (in, "其他收入", 0.007882, "increase", 0.001609, 25.6);

  /* page 6: 总支出435.94万元，其中本年支出435.27万元, then five lines */
  g_assert_cmpfloat (dnum (out, "total"), ==, 435.94);
  g_assert_cmpfloat (dnum (out, "current_year"), ==, 435.27);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (out, "items")), ==, 5);
  assert_change (out, "基本支出", 345.34, "increase", 40.2, 13.2);
  assert_change (out, "项目支出", 89.93, "decrease", 0.95, 1);
  assert_change (out, "对附属单位补助支出", 0, "flat", 0, 0);

  /* page 8: 部门整体支出绩效自评分为99.5分; pages 8-9: three problems, three measures */
  g_assert_cmpfloat (dnum (rec, "self_score"), ==, 99.5);
  const GPtrArray *problems = fr_result_analysis (res)->problems;
  const GPtrArray *measures = fr_result_analysis (res)->measures;
  g_assert_cmpint (problems->len, ==, 3);
  g_assert_cmpint (measures->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==, "培训形式单一");
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "因疫情影响，部分活动计划受一定影响");
  g_assert_cmpstr (g_ptr_array_index (measures, 2), ==,
                   "合理安排计划和资金，提高前瞻性，不断提高财政资金配置效率和使用效益");

  /* the arithmetic: 345.34 + 89.93 = 435.27; every money check passes */
  const GPtrArray *checks = fr_result_analysis (res)->checks;
  g_assert_cmpstr (check_status (checks, "basic_plus_project", "基本支出+项目支出"), ==, "pass");
  g_assert_cmpstr (check_status (checks, "items_sum", "本年支出"), ==, "pass");
  g_assert_cmpstr (check_status (checks, "items_sum", "本年收入"), ==, "pass");
  g_assert_cmpstr (check_status (checks, "change_percent", "项目支出"), ==, "pass");
  /* once the indicator table is read, 12/10 against a reported 100% is the one fail */
  if (cJSON_GetArraySize (cJSON_GetObjectItem (rec, "indicators")) > 0)
    g_assert_cmpstr (check_status (checks, "indicator_rate", "走访非公党组织个数"), ==, "fail");
  for (guint i = 0; i < checks->len; i++) {
    const FrCheck *c = g_ptr_array_index (checks, i);
    g_assert_cmpint (c->pass, ==, strcmp (c->subject, "走访非公党组织个数") != 0);
  }
  cJSON_Delete (rec);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/finance/amounts", test_amounts);
  g_test_add_func ("/finance/decimals", test_decimals);
  g_test_add_func ("/finance/sentences", test_sentences);
  g_test_add_func ("/finance/first-section-wins", test_first_section_wins);
  g_test_add_func ("/finance/points", test_points);
  g_test_add_func ("/checks/indicator-rates", test_indicator_rates);
  g_test_add_func ("/checks/scores", test_scores);
  g_test_add_func ("/checks/money", test_money_checks);
  g_test_add_func ("/finance/parts", test_parts);
  g_test_add_func ("/checks/merged-scores", test_merged_scores);
  g_test_add_func ("/checks/table-totals", test_table_totals);
  g_test_add_func ("/checks/table-total-other-rows", test_table_total_other_rows);
  g_test_add_func ("/checks/pages", test_check_pages);
  g_test_add_func ("/finance/summary-tables", test_summary_tables);
  g_test_add_func ("/finance/summary-parts", test_summary_parts);
  g_test_add_func ("/checks/summary-tables", test_summary_checks);
  g_test_add_func ("/finance/seed", test_seed);
  return g_test_run ();
}
