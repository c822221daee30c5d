/* ocrfix.c — the OCR stage: the engine's habitual misreadings, repaired on the lines of pages
 * read by OCR (doc->ocr_pages) only, each by a rule of rules.def (OCR_*).
 *
 * A repair is made only where the text leaves one reading: a letter between digits, a
 * separator doubled before three digits and a decimal point, half-width punctuation after a
 * Chinese character.  What is still doubtful after them (OCR_NUMBER_DOUBT) is left as read
 * and named in the warnings: a number is never guessed.  Each repair is recorded as a fix
 * (finrep show lists them); the glyphs keep their boxes.
 *
 * The forms' fixed words (levels, heads, the funds block's lines, labels) and the finance
 * rules' words before an amount are what a scan misreads and downstream needs exact: a
 * reading one character from exactly one of them, where such a word stands (beside one read
 * right; before an amount), is made that word; a reading a character from two is left as read
 * and named in the warnings.  They run once every line of the page is repaired.
 */
#include "stages.h"

#include <string.h>

/* The replacement of one match of rule in text, or NULL to leave it. */
static char *
replacement (FrRuleId rule, const FrMatch *m, const char *text)
{
  gsize a = 0, b = 0;
  fr_match_span (m, NULL, &a, &b);
  switch (rule) {
  case FR_RULE_OCR_CJK_SPACE:
    return g_strdup ("");
  case FR_RULE_OCR_HALFWIDTH_PUNCT: {
    g_autofree char *p = fr_match_group (m, "p");
    static const char *const from = ",;:?!";
    static const char *const to[] = { "，", "；", "：", "？", "！" };
    const char *hit = p && *p ? strchr (from, *p) : NULL;
    return hit ? g_strdup (to[hit - from]) : NULL;
  }
  case FR_RULE_OCR_HALFWIDTH_PAREN: {
    g_autofree char *in = fr_match_group (m, "in");
    gboolean han = fr_text_has_cjk (in);
    /* already full-width on both sides: nothing to do */
    g_autofree char *whole = g_strndup (text + a, b - a);
    if (!han || (g_str_has_prefix (whole, "（") && g_str_has_suffix (whole, "）")))
      return NULL;
    return g_strdup_printf ("（%s）", in);
  }
  case FR_RULE_OCR_HEADING_NUMBER: {
    g_autofree char *n = fr_match_group (m, "n");
    gsize lead = 0;
    while (a + lead < b && text[a + lead] == ' ')
      lead++;
    return g_strdup_printf ("%.*s（%s）", (int) lead, text + a, n && strcmp (n, "=") == 0 ? "二" : "一");
  }
  case FR_RULE_OCR_HEADING_OPEN: {
    g_autofree char *n = fr_match_group (m, "n");
    gsize lead = 0;
    while (a + lead < b && text[a + lead] == ' ')
      lead++;
    return g_strdup_printf ("%.*s（%s）", (int) lead, text + a, n);
  }
  case FR_RULE_OCR_DASH_YI:
    return g_strdup ("一");
  case FR_RULE_OCR_LEVEL_HEAD_EQUALS:
    return g_strdup ("二");
  case FR_RULE_OCR_PAGE_NUMBER_DASH: {
    g_autofree char *n = fr_match_group (m, "n");
    return g_strdup_printf ("— %s —", n);
  }
  case FR_RULE_OCR_LETTER_IN_NUMBER: {
    char c = g_ascii_tolower (text[a]);
    return g_strdup (c == 'o' ? "0" : "1");
  }
  case FR_RULE_OCR_DOUBLED_SEPARATOR: {
    g_autofree char *i = fr_match_group (m, "int");
    g_autofree char *g = fr_match_group (m, "grp");
    return g_strdup_printf ("%s,%s", i, g);
  }
  case FR_RULE_OCR_DOT_THOUSANDS: {
    g_autofree char *num = fr_match_group (m, "num");
    char *last = strrchr (num, '.');
    for (char *p = num; p < last; p++)
      if (*p == '.')
        *p = ',';
    return g_strdup (num);
  }
  case FR_RULE_OCR_PERCENT_TAIL:
    return g_strdup ("%");
  case FR_RULE_OCR_SLASH_SPACE:
  case FR_RULE_OCR_LABEL_SPECK:
    return g_strdup ("");
  case FR_RULE_OCR_UNIT_LABEL: {
    g_autofree char *amount = fr_match_group (m, "amount");
    g_autofree char *unit = fr_match_group (m, "unit");
    return g_strdup_printf ("%s单位：%s", amount && *amount ? "金额" : "", unit);
  }
  case FR_RULE_OCR_LABEL_SEMICOLON:
  case FR_RULE_OCR_UNIT_COLON:
    return g_strdup ("：");
  default:
    return NULL;
  }
}

/* Replaces the characters [ca, cb) of line by text r, the new characters taking the boxes of
 * the old ones in order (the last stretched over what is left). */
static void
splice (FrLine *line, glong ca, glong cb, const char *r)
{
  GArray *g = line->glyphs;
  glong n_new = g_utf8_strlen (r, -1), n_old = cb - ca;
  g_autoptr (GArray) repl = g_array_new (FALSE, FALSE, sizeof (FrGlyph));
  const char *p = r;
  for (glong i = 0; i < n_new; i++, p = g_utf8_next_char (p)) {
    FrGlyph x = g_array_index (g, FrGlyph, ca + MIN (i, MAX (n_old - 1, 0)));
    if (n_old == 0 && ca > 0)
      x = g_array_index (g, FrGlyph, ca - 1);
    if (i == n_new - 1 && n_old > n_new)
      x.x1 = g_array_index (g, FrGlyph, cb - 1).x1;
    x.c = g_utf8_get_char (p);
    g_array_append_val (repl, x);
  }
  g_array_remove_range (g, (guint) ca, (guint) n_old);
  g_array_insert_vals (g, (guint) ca, repl->data, repl->len);
}

/* Puts text r in place of line's characters [ca, cb) and records the fix under rule. */
static void
replace_chars (FrAnalysis *an, FrRuleId rule, FrLine *line, glong ca, glong cb, const char *r)
{
  g_autofree char *before = g_strdup (line->text);
  splice (line, ca, cb, r);
  fr_line_sync (line, an->doc);
  fr_analysis_fix (an, rule, fr_rule_name (rule), line, before, line->text);
}

/* Applies rule to the line until it matches no more (a repair may make the next one: 1OO5). */
static void
apply (FrAnalysis *an, FrRuleId rule, FrLine *line)
{
  for (guint guard = 0; guard < 64; guard++) {
    gsize off = 0;
    gboolean changed = FALSE;
    while (line->text[off]) {
      g_autoptr (FrMatch) m = fr_rule_match_at (rule, line->text, off);
      gsize a = 0, b = 0;
      if (m == NULL || !fr_match_span (m, NULL, &a, &b))
        break;
      g_autofree char *r = replacement (rule, m, line->text);
      if (r == NULL || (strlen (r) == b - a && memcmp (r, line->text + a, b - a) == 0)) {
        off = b > a ? b : (gsize) (g_utf8_next_char (line->text + a) - line->text);
        continue;
      }
      replace_chars (an, rule, line, g_utf8_pointer_to_offset (line->text, line->text + a),
                     g_utf8_pointer_to_offset (line->text, line->text + b), r);
      changed = TRUE;
      off = a + strlen (r);
      if (off > strlen (line->text))
        break;
    }
    if (!changed)
      return;
  }
}

static const FrRuleId repairs[] = {
  FR_RULE_OCR_PAGE_NUMBER_DASH, FR_RULE_OCR_HEADING_NUMBER, FR_RULE_OCR_HEADING_OPEN,
  FR_RULE_OCR_DASH_YI, FR_RULE_OCR_HALFWIDTH_PAREN,
  FR_RULE_OCR_HALFWIDTH_PUNCT, FR_RULE_OCR_CJK_SPACE, FR_RULE_OCR_LETTER_IN_NUMBER,
  FR_RULE_OCR_DOUBLED_SEPARATOR, FR_RULE_OCR_DOT_THOUSANDS, FR_RULE_OCR_PERCENT_TAIL,
  FR_RULE_OCR_LABEL_SEMICOLON, FR_RULE_OCR_LABEL_SPECK, FR_RULE_OCR_UNIT_LABEL, FR_RULE_OCR_UNIT_COLON, FR_RULE_OCR_SLASH_SPACE,
};

/* The numerals of the level heads, 一级指标 to 四级指标. */
static const char *const level_numerals[] = { "一", "二", "三", "四" };

/* The numeral of a level head (一级指标 …, the engine's word breaks in it aside: 三 级 指标),
 * 1-4; 0 when the line is none.  The heads are settled before the spaces are repaired
 * (OCR_CJK_SPACE): the hyphen of -级 指标 must not be taken for 一 first. */
static int
level_of (const FrLine *line)
{
  g_autofree char *t = fr_squeeze (line->text);
  for (guint i = 0; i < G_N_ELEMENTS (level_numerals); i++) {
    gsize n = strlen (level_numerals[i]);
    if (strncmp (t, level_numerals[i], n) == 0 && strcmp (t + n, "级指标") == 0)
      return (int) i + 1;
  }
  return 0;
}

/* Do two lines share a row: each one's middle inside the other's height? */
static gboolean
same_row (const FrLine *a, const FrLine *b)
{
  float ma = (a->y0 + a->y1) / 2, mb = (b->y0 + b->y1) / 2;
  return ma >= b->y0 && ma <= b->y1 && mb >= a->y0 && mb <= a->y1;
}

/* A level head read without its numeral (OCR_LEVEL_HEAD_LOST), given it from the level heads
 * beside it in its row: the nearest head to its right, N级指标, makes it N-1; the nearest to its
 * left, N, makes it N+1 (a nearest head still without its numeral settles nothing).  Heads lost side by side are settled right to left, each from the one
 * just settled.  When the two sides disagree, or neither is there, it is left as read. */
static gboolean
settle_level_head (FrAnalysis *an, FrPage *page, FrLine *line)
{
  const FrLine *left = NULL, *right = NULL;
  for (guint i = 0; i < page->lines->len; i++) {
    const FrLine *o = g_ptr_array_index (page->lines, i);
    if (o == line || !same_row (o, line)
        || (level_of (o) == 0 && !fr_rule_test (FR_RULE_OCR_LEVEL_HEAD_LOST, o->text)))
      continue;
    if (o->x0 >= line->x1 && (right == NULL || o->x0 < right->x0))
      right = o;
    if (o->x1 <= line->x0 && (left == NULL || o->x1 > left->x1))
      left = o;
  }
  /* a neighbour still without its numeral settles nothing (yet) */
  int from_right = right && level_of (right) ? level_of (right) - 1 : 0;
  int from_left = left && level_of (left) ? level_of (left) + 1 : 0;
  int n = from_right > 0 ? from_right : from_left;
  if (n < 1 || n > (int) G_N_ELEMENTS (level_numerals)
      || (from_right > 0 && from_left > 1 && from_left != from_right))
    return FALSE;
  g_autofree char *head = g_strdup_printf ("%s级指标", level_numerals[n - 1]);
  replace_chars (an, FR_RULE_OCR_LEVEL_HEAD_LOST, line, 0, g_utf8_strlen (line->text, -1), head);
  return TRUE;
}

/* The level heads of the page's tables first, before the hyphen of -级指标 is taken for 一 by
 * OCR_DASH_YI (it may be the 二 of 二级指标): = for 二, then the heads without a numeral from
 * their neighbours, until no more is settled. */
static void
level_heads (FrAnalysis *an, FrPage *page)
{
  for (guint l = 0; l < page->lines->len; l++)
    apply (an, FR_RULE_OCR_LEVEL_HEAD_EQUALS, g_ptr_array_index (page->lines, l));
  for (gboolean settled = TRUE; settled;) {
    settled = FALSE;
    for (guint l = 0; l < page->lines->len; l++) {
      FrLine *line = g_ptr_array_index (page->lines, l);
      if (fr_rule_test (FR_RULE_OCR_LEVEL_HEAD_LOST, line->text) && settle_level_head (an, page, line))
        settled = TRUE;
    }
  }
}

/* The standard levels of a performance table (项目支出绩效自评表 and the evaluation framework of
 * 财预〔2020〕10号, as reports print them, with 指标 and without): the same words in every
 * report, so a level cell misread by one character can be told from its neighbours.  A
 * reading that is a level of any form is right as read, so the levels of the other forms in
 * use are here too, above all those a character from one of 10号's (a province's 效果指标 and
 * 影响力指标; 资产管理 of a 部门整体 evaluation; 绩效指标明确性, 10号's own third
 * level, whose cell wraps after 绩效指标): without them, read right, they were made 效益指标,
 * 资金管理, 绩效目标. */
static const char *const level_terms[] = {
  "产出指标", "效益指标", "满意度指标", "成本指标", "过程指标", "决策指标",
  "数量指标", "质量指标", "时效指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
  "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
  "经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度",
  "项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "项目效益",
  /* the other forms' */
  "效果指标", "影响力指标", "资产管理", "绩效指标明确性",
};

/* The other fixed words of the forms, which a scan misreads as readily and downstream needs as
 * exact (the column roles, the funds block, the labels of a 绩效自评表 are found by them): an
 * indicator table's heads, the funds block's heads and lines, the self-evaluation table's
 * labels and goal heads, as rules.def's COL_*, EVAL_* and TEXT_HEADER_WORD know them.  As with
 * the levels, words of the other forms in use are here so that a right reading of one is left
 * alone (年度目标值 beside 年度指标值, 执行单位 beside 实施单位, 调整后预算数). */
static const char *const form_labels[] = {
  /* an indicator table's heads */
  "一级指标", "二级指标", "三级指标", "四级指标", "绩效指标", "自评指标", "指标名称", "指标内容",
  "具体指标", "指标类别", "指标层级", "年度指标值", "年度目标值", "实际完成值", "全年实际值",
  "年度实现值", "实际完成情况", "指标完成率", "完成比例", "计量单位", "度量单位", "指标方向",
  "计算符号", "偏差原因分析及改进措施", "偏差原因分析", "未完成原因", "改进措施",
  /* the funds block */
  "项目资金", "年初预算数", "全年预算数", "调整后预算数", "全年执行数", "全年实际执行数",
  "实际执行数", "预算执行率", "年度资金总额", "资金总额", "资金合计", "财政拨款", "当年财政拨款",
  "上年结转", "上年结转资金", "其他资金",
  /* the labels and goal heads of a 绩效自评表 */
  "项目名称", "主管部门", "主管单位", "实施单位", "执行单位", "部门名称", "单位名称", "评价等级",
  "自评等级", "绩效等级", "年度总体目标", "总体目标", "预期目标", "年初设定目标", "年度目标",
  "全年实际完成情况", "实际完成目标", "自评得分",
  /* words of three characters: never made from a misreading (a character of three is too much
   * to guess), but known as read, beside a misread word and before a speck (执行率.) */
  "指标值", "目标值", "实际值", "实现值", "完成值", "完成率", "执行数", "执行率",
  /* and of two, the heads of an indicator table's weight, score and note (COL_WEIGHT,
   * COL_SCORE, COL_NOTE): known as read beside a speck alone (.分值), which cost the table
   * its column */
  "分值", "得分", "权重", "分数", "评分", "备注", "说明",
};

/* The form's words a cell may be, each list with the rule that makes a cell that word. */
static const struct {
  const char *const *words;
  guint n;
  /* may a cell hold the word's start, the rest wrapped to the next line?  A level's cell is
   * narrow and wraps (社会效益指 / 标); a head or label taken by its start would turn the end of
   * a wrapped level into another word (服务对象满 / 意度指标: 意度指标 is a character from 年度指标值's start) */
  gboolean starts;
} vocabularies[] = {
  { level_terms, G_N_ELEMENTS (level_terms), TRUE },
  { form_labels, G_N_ELEMENTS (form_labels), FALSE },
};

/* The one word of the forms (levels and labels), or the start of a level (a cell wraps: 社会效益指 /
 * 标), that text is but for one character, newly allocated; NULL where there is none, where
 * text is one as it stands, or where there are two (数量指标 and 质量指标 are a character apart;
 * 效荔指标 may be 效益指标 or 效果指标): then *others, when given, says so ("A or B"). */
static char *
form_word_near (const char *text, char **others)
{
  char *found = NULL;
  GString *all = NULL;
  glong n = g_utf8_strlen (text, -1);
  gboolean two = FALSE;
  for (guint v = 0; v < G_N_ELEMENTS (vocabularies); v++)
    for (guint i = 0; i < vocabularies[v].n; i++) {
      const char *t = vocabularies[v].words[i];
      glong tn = g_utf8_strlen (t, -1);
      if (tn < n || (!vocabularies[v].starts && tn != n))
        continue;
      int differ = 0;
      const char *a = text, *b = t;
      for (; *a && differ < 2; a = g_utf8_next_char (a), b = g_utf8_next_char (b))
        differ += g_utf8_get_char (a) != g_utf8_get_char (b);
      if (differ == 0) {
        g_free (found);
        if (all)
          g_string_free (all, TRUE);
        return NULL;
      }
      if (differ != 1)
        continue;
      g_autofree char *start = g_strndup (t, (gsize) (b - t));
      if (found != NULL && strcmp (found, start) == 0)
        continue;
      if (found != NULL)
        two = TRUE;
      if (all == NULL)
        all = g_string_new (NULL);
      g_string_append_printf (all, "%s%s", all->len ? " or " : "", start);
      if (found == NULL)
        found = g_steal_pointer (&start);
    }
  if (two) {
    g_clear_pointer (&found, g_free);
    if (others)
      *others = g_string_free (g_steal_pointer (&all), FALSE);
  }
  if (all)
    g_string_free (all, TRUE);
  return found;
}

/* Is text (its 其中：, its bracketed unit and its closing colon aside) a word of the forms (of two
 * characters or more), or a level's start of 3 characters or more?  levels_only: a standard
 * level only. */
static gboolean
is_form_word (const char *text, gboolean levels_only)
{
  const char *t = text;
  if (g_str_has_prefix (t, "其中"))
    t += strlen ("其中");
  if (g_str_has_prefix (t, "：") || g_str_has_prefix (t, ":"))
    t = g_utf8_next_char (t);
  g_autofree char *w = g_strdup (t);
  /* a head with its unit: 项目资金（万元） */
  char *unit = strstr (w, "（");
  if (unit != NULL && unit > w && g_str_has_suffix (unit, "）"))
    *unit = '\0';
  if (g_str_has_suffix (w, "："))
    w[strlen (w) - strlen ("：")] = '\0';
  else if (g_str_has_suffix (w, ":"))
    w[strlen (w) - 1] = '\0';
  gsize n = strlen (w);
  glong chars = g_utf8_strlen (w, -1);
  if (chars < 2)
    return FALSE;
  for (guint v = 0; v < (levels_only ? 1 : G_N_ELEMENTS (vocabularies)); v++)
    for (guint i = 0; i < vocabularies[v].n; i++)
      if (vocabularies[v].starts ? chars >= 3 && strncmp (vocabularies[v].words[i], w, n) == 0
                                 : strcmp (vocabularies[v].words[i], w) == 0)
        return TRUE;
  return FALSE;
}

/* Do a and b share a column: does their overlap across the page cover half the narrower? */
static gboolean
same_column (const FrLine *a, const FrLine *b)
{
  float overlap = MIN (a->x1, b->x1) - MAX (a->x0, b->x0);
  return overlap > 0 && overlap >= 0.5f * MIN (a->x1 - a->x0, b->x1 - b->x0);
}

/* The nearest line above line (up: TRUE) or below it in its column, not in its row; or NULL. */
static const FrLine *
column_neighbour (const FrPage *page, const FrLine *line, gboolean up)
{
  const FrLine *near = NULL;
  float middle = (line->y0 + line->y1) / 2;
  for (guint i = 0; i < page->lines->len; i++) {
    const FrLine *o = g_ptr_array_index (page->lines, i);
    if (o == line || same_row (o, line) || !same_column (o, line))
      continue;
    if (up ? o->y1 <= middle && (near == NULL || o->y1 > near->y1)
           : o->y0 >= middle && (near == NULL || o->y0 < near->y0))
      near = o;
  }
  return near;
}

/* Is a word of the forms read right beside line: in its row (过程指标 | 资金答理; a first level
 * spanning rows shares their middle with the second level beside it; the heads of a row), or
 * next to it in its column, the nearest line above or below (财政拨款 over 上年结转; a level
 * under the level before it where the table runs on to a page without its heads)? */
static gboolean
beside_form_word (const FrPage *page, const FrLine *line, gboolean levels_only)
{
  for (guint i = 0; i < page->lines->len; i++) {
    const FrLine *o = g_ptr_array_index (page->lines, i);
    if (o != line && same_row (o, line) && is_form_word (o->text, levels_only))
      return TRUE;
  }
  const FrLine *above = column_neighbour (page, line, TRUE), *below = column_neighbour (page, line, FALSE);
  return (above && is_form_word (above->text, levels_only))
         || (below && is_form_word (below->text, levels_only));
}

/* The rest of a wrapped level cell misread by one character (OCR_LEVEL_WRAP): the line right
 * above it in its column (less than a line's height away) is a level's start read right and
 * no level as it stands (可持续影, 服务对象满), and the two read together are one standard level
 * but for a character of this line.  TRUE when the line was taken so. */
static gboolean
level_wrap (FrAnalysis *an, guint p, FrPage *page, FrLine *line)
{
  if (!fr_rule_test (FR_RULE_OCR_LEVEL_WRAP, line->text))
    return FALSE;
  const FrLine *above = column_neighbour (page, line, TRUE);
  if (above == NULL || line->y0 - above->y1 > line->y1 - line->y0
      || g_utf8_strlen (above->text, -1) < 3 || !is_form_word (above->text, TRUE))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (level_terms); i++)
    if (strcmp (level_terms[i], above->text) == 0)
      return FALSE;
  g_autofree char *both = g_strconcat (above->text, line->text, NULL);
  g_autofree char *others = NULL;
  g_autofree char *term = form_word_near (both, &others);
  if (term == NULL && others == NULL)
    return FALSE;
  if (term == NULL || !g_str_has_prefix (term, above->text)) {
    fr_analysis_warn (an, "page %u: the rest of a level read by OCR may be %s and is left as read: %s",
                      p + 1, others ? others : term, line->text);
    return TRUE;
  }
  replace_chars (an, FR_RULE_OCR_LEVEL_WRAP, line, 0, g_utf8_strlen (line->text, -1), term + strlen (above->text));
  return TRUE;
}

/* A level cell misread by one character (OCR_LEVEL_TERM): a standard level (or its start) read
 * right beside it, in its row or its column.  TRUE when the line was taken for a level cell
 * (made one, or named in the warnings as two). */
static gboolean
level_term (FrAnalysis *an, guint p, FrPage *page, FrLine *line)
{
  if (!fr_rule_test (FR_RULE_OCR_LEVEL_TERM, line->text))
    return FALSE;
  g_autofree char *others = NULL;
  g_autofree char *term = form_word_near (line->text, &others);
  if ((term == NULL && others == NULL) || !beside_form_word (page, line, TRUE))
    return FALSE;
  if (term == NULL)
    fr_analysis_warn (an, "page %u: a level read by OCR may be %s and is left as read: %s", p + 1,
                      others, line->text);
  else
    replace_chars (an, FR_RULE_OCR_LEVEL_TERM, line, 0, g_utf8_strlen (line->text, -1), term);
  return TRUE;
}

/* A cell of the form's other words misread by one character (OCR_FORM_LABEL), then the mark
 * beside a word of the form alone in its cell (OCR_LABEL_MARK): both only beside a word of the
 * form read right. */
static void
form_label (FrAnalysis *an, guint p, FrPage *page, FrLine *line)
{
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_OCR_FORM_LABEL, line->text);
  if (m != NULL && beside_form_word (page, line, FALSE)) {
    gsize a = 0, b = 0;
    fr_match_span (m, "core", &a, &b);
    g_autofree char *core = fr_match_group (m, "core");
    g_autofree char *others = NULL;
    g_autofree char *word = form_word_near (core, &others);
    if (word != NULL)
      replace_chars (an, FR_RULE_OCR_FORM_LABEL, line, g_utf8_pointer_to_offset (line->text, line->text + a),
                     g_utf8_pointer_to_offset (line->text, line->text + b), word);
    else if (others != NULL)
      fr_analysis_warn (an, "page %u: a word of the form read by OCR may be %s and is left as read: %s",
                        p + 1, others, line->text);
  }
  g_autoptr (FrMatch) k = fr_rule_match (FR_RULE_OCR_LABEL_MARK, line->text);
  if (k == NULL)
    return;
  g_autofree char *core = fr_match_group (k, "core");
  g_autofree char *post = fr_match_group (k, "post");
  g_autofree char *pre = fr_match_group (k, "pre");
  g_autofree char *lead = fr_match_group (k, "lead");
  gboolean word = is_form_word (core, FALSE);
  if ((!word && !(pre && *pre)) || !beside_form_word (page, line, FALSE))
    return;
  if (word && post && *post) {
    gsize a = 0, b = 0;
    fr_match_span (k, "post", &a, &b);
    gboolean colon = strcmp (post, ";") == 0 || strcmp (post, "；") == 0;
    replace_chars (an, FR_RULE_OCR_LABEL_MARK, line, g_utf8_pointer_to_offset (line->text, line->text + a),
                   g_utf8_pointer_to_offset (line->text, line->text + b), colon ? "：" : "");
  }
  if (pre && *pre) {
    g_autoptr (FrMatch) again = fr_rule_match (FR_RULE_OCR_LABEL_MARK, line->text);
    gsize a = 0, b = 0;
    if (again && fr_match_span (again, "pre", &a, &b) && b > a)
      replace_chars (an, FR_RULE_OCR_LABEL_MARK, line, g_utf8_pointer_to_offset (line->text, line->text + a),
                     g_utf8_pointer_to_offset (line->text, line->text + b), "：");
  }
  if (word && lead && *lead) {
    g_autoptr (FrMatch) again = fr_rule_match (FR_RULE_OCR_LABEL_MARK, line->text);
    gsize a = 0, b = 0;
    if (again && fr_match_span (again, "lead", &a, &b) && b > a)
      replace_chars (an, FR_RULE_OCR_LABEL_MARK, line, g_utf8_pointer_to_offset (line->text, line->text + a),
                     g_utf8_pointer_to_offset (line->text, line->text + b), "");
  }
}

/* The words the finance rules read an amount by, as a sentence writes them before it (FIN_*:
 * 本年预算安排资金3268.45万元, 项目资金总额, 收入预算合计), and the names of funds, which are
 * words of the same kind: a reading a character from two of these is not repaired.  A word of
 * four characters is never repaired (补贴资金, 补偿资金, 补充资金 are all a character from 补助资金,
 * and a sentence may hold any of them): it is only named in the warnings. */
static const char *const finance_terms[] = {
  "本年预算安排资金", "本年度预算安排资金", "本年预算安排", "本年度预算安排", "本年到位资金",
  "本年度到位资金", "本年实际支出", "本年度实际支出", "项目资金总额", "项目总资金", "项目总预算",
  "项目总支出", "支出总额", "资金总额", "总投资", "年初预算数", "全年预算数", "全年执行数",
  "调整后预算数", "部门预算收入", "部门预算支出", "单位预算收入", "单位预算支出", "收入支出总计",
  "收入预算总计", "支出预算总计", "收入总计", "支出总计", "收支总计", "收入预算合计", "支出预算合计", "本年收入合计", "本年支出合计",
  "本年度收入合计", "本年度支出合计", "财政拨款收入", "上年结转资金", "年初结转和结余",
  "年末结转和结余",
  /* the final accounts' words (决算), a character from the budget's (预算): right as read */
  "部门决算收入", "部门决算支出", "单位决算收入", "单位决算支出", "收入决算总计", "支出决算总计",
  "收入决算合计", "支出决算合计", "全年决算数", "项目总决算",
  /* names of funds (a source's last words) */
  "财政资金", "财政拨款", "补助资金", "补贴资金", "补偿资金", "补充资金", "奖补资金", "专项资金",
  "专用资金", "配套资金", "自筹资金", "结转资金", "结余资金", "债券资金", "社会资金", "其他资金",
};

/* In a run of Chinese characters before an amount (OCR_FINANCE_TERM), the words of the finance
 * rules misread by one character.  A window of the run a character from one of finance_terms
 * of five characters or more, and from no other word there (nor is any word there as read over
 * that character), ending where the run ends but for 资金, 数, 为, 是, 共计, 合计, is repaired;
 * a shorter one, or one with two readings, is named in the warnings. */
static void
finance_term (FrAnalysis *an, guint p, FrLine *line, const FrLine *next)
{
  for (gsize off = 0; line->text[off];) {
    g_autoptr (FrMatch) m = fr_rule_match_at (FR_RULE_OCR_FINANCE_TERM, line->text, off);
    gsize a = 0, b = 0;
    if (m == NULL || !fr_match_span (m, NULL, &a, &b) || b <= a)
      return;
    off = b;
    /* a run that ends the line is before an amount only where the next line opens with one */
    if (line->text[b] == '\0') {
      const char *q = next ? next->text : "";
      while (*q == ' ' || g_str_has_prefix (q, "为") || g_str_has_prefix (q, "是") || g_str_has_prefix (q, "："))
        q = *q == ' ' ? q + 1 : g_utf8_next_char (q);
      if (!g_ascii_isdigit (*q))
        continue;
    }
    g_autofree char *run = g_strndup (line->text + a, b - a);
    glong n = g_utf8_strlen (run, -1);
    g_autofree gunichar *u = g_utf8_to_ucs4_fast (run, -1, NULL);
    glong at = -1;
    g_autoptr (GArray) exact = g_array_new (FALSE, FALSE, sizeof (glong));
    gunichar want = 0;
    gboolean two = FALSE, long_word = FALSE;
    GString *names = g_string_new (NULL);
    for (guint i = 0; i < G_N_ELEMENTS (finance_terms); i++) {
      g_autofree gunichar *t = g_utf8_to_ucs4_fast (finance_terms[i], -1, NULL);
      glong k = g_utf8_strlen (finance_terms[i], -1);
      for (glong s = 0; s + k <= n; s++) {
        /* what follows the window, to the run's end: 资金 or 数, then 为, 是, 共计 or 合计 */
        g_autofree char *tail = g_ucs4_to_utf8 (u + s + k, n - s - k, NULL, NULL, NULL);
        const char *r = tail;
        if (g_str_has_prefix (r, "资金"))
          r += strlen ("资金");
        else if (g_str_has_prefix (r, "数"))
          r += strlen ("数");
        if (*r && strcmp (r, "为") != 0 && strcmp (r, "是") != 0 && strcmp (r, "共计") != 0
            && strcmp (r, "合计") != 0)
          continue;
        glong differ = 0, where = -1;
        for (glong j = 0; j < k && differ < 2; j++)
          if (u[s + j] != t[j]) {
            differ++;
            where = s + j;
          }
        if (differ == 0) {
          glong span[2] = { s, s + k };
          g_array_append_vals (exact, span, 2);
          continue;
        }
        if (differ != 1)
          continue;
        if (at >= 0 && (at != where || want != t[where - s]))
          two = TRUE;
        if (at < 0) {
          at = where;
          want = t[where - s];
        }
        long_word |= k >= 5;
        g_string_append_printf (names, "%s%s", names->len ? " or " : "", finance_terms[i]);
      }
    }
    g_autofree char *candidates = g_string_free (names, FALSE);
    gboolean read_right = FALSE;
    for (guint e = 0; e + 1 < exact->len; e += 2)
      read_right |= g_array_index (exact, glong, e) <= at && at < g_array_index (exact, glong, e + 1);
    if (at < 0 || read_right)
      continue;
    if (two || !long_word) {
      fr_analysis_warn (an, "page %u: words of a finance line read by OCR may be %s and are left as read: %s",
                        p + 1, candidates, run);
      continue;
    }
    char c[8] = { 0 };
    g_unichar_to_utf8 (want, c);
    glong base = g_utf8_pointer_to_offset (line->text, line->text + a);
    replace_chars (an, FR_RULE_OCR_FINANCE_TERM, line, base + at, base + at + 1, c);
    off = (gsize) (g_utf8_offset_to_pointer (line->text, base + n) - line->text);
  }
}

/* The figures of line still in doubt after the repairs (fr_ocr_next_doubt): left as read and
 * named in the warnings, and their glyphs marked in doubt, so that no stage takes a number
 * from them (fr_analysis_doubt): a number is never guessed, nor taken from a misreading. */
static void
figure_doubts (FrAnalysis *an, guint p, FrLine *line)
{
  gboolean any = FALSE;
  gsize a = 0, b = 0;
  for (gsize off = 0; line->text[off] && fr_ocr_next_doubt (line->text, off, &a, &b); off = b) {
    glong ca = g_utf8_pointer_to_offset (line->text, line->text + a);
    glong cb = g_utf8_pointer_to_offset (line->text, line->text + b);
    for (glong i = ca; i < cb && (guint) i < line->glyphs->len; i++)
      g_array_index (line->glyphs, FrGlyph, i).doubt = TRUE;
    any = TRUE;
  }
  if (any)
    fr_analysis_warn (an, "page %u: a number read by OCR is in doubt and left as read: %s", p + 1, line->text);
}

void
fr_stage_ocr (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  for (guint k = 0; doc->ocr_pages && k < doc->ocr_pages->len; k++) {
    guint p = g_array_index (doc->ocr_pages, guint, k);
    if (p >= doc->pages->len)
      continue;
    FrPage *page = g_ptr_array_index (doc->pages, p);
    level_heads (an, page);
    for (guint l = 0; l < page->lines->len; l++) {
      FrLine *line = g_ptr_array_index (page->lines, l);
      for (guint r = 0; r < G_N_ELEMENTS (repairs); r++)
        apply (an, repairs[r], line);
    }
    /* the form's words once every line of the page is repaired: a neighbour read right is
     * only known so once its spaces and colon are put right (其中: 财政拨款) */
    for (guint l = 0; l < page->lines->len; l++) {
      FrLine *line = g_ptr_array_index (page->lines, l);
      if (!level_wrap (an, p, page, line) && !level_term (an, p, page, line))
        form_label (an, p, page, line);
      finance_term (an, p, line, l + 1 < page->lines->len ? g_ptr_array_index (page->lines, l + 1) : NULL);
      figure_doubts (an, p, line);
    }
  }
}
