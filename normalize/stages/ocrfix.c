/* ocrfix.c — the OCR stage: the engine's habitual misreadings, repaired on the lines of pages
 * read by OCR (doc->ocr_pages) only, each by a rule of rules.def (OCR_*).
 *
 * A repair is made only where the text leaves one reading: a letter between digits, a
 * separator doubled before three digits and a decimal point, half-width punctuation after a
 * Chinese character.  What is still doubtful after them (OCR_NUMBER_DOUBT) is left as read
 * and named in the warnings: a number is never guessed.  Each repair is recorded as a fix
 * (finrep show lists them); the glyphs keep their boxes.
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
    gboolean han = FALSE;
    for (const char *p = in; p && *p; p = g_utf8_next_char (p))
      han |= fr_is_cjk (g_utf8_get_char (p));
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
    return g_strdup ("");
  case FR_RULE_OCR_LABEL_SEMICOLON:
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
      g_autofree char *before = g_strdup (line->text);
      splice (line, g_utf8_pointer_to_offset (line->text, line->text + a),
              g_utf8_pointer_to_offset (line->text, line->text + b), r);
      fr_line_sync (line, an->doc);
      fr_analysis_fix (an, rule, fr_rule_name (rule), line, before, line->text);
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
  FR_RULE_OCR_LABEL_SEMICOLON, FR_RULE_OCR_SLASH_SPACE,
};

/* The numerals of the level heads, 一级指标 to 四级指标. */
static const char *const level_numerals[] = { "一", "二", "三", "四" };

/* The numeral of a level head (一级指标 …), 1-4; 0 when the line is none. */
static int
level_of (const FrLine *line)
{
  for (guint i = 0; i < G_N_ELEMENTS (level_numerals); i++) {
    gsize n = strlen (level_numerals[i]);
    if (strncmp (line->text, level_numerals[i], n) == 0 && strcmp (line->text + n, "级指标") == 0)
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
  g_autofree char *before = g_strdup (line->text);
  g_autofree char *head = g_strdup_printf ("%s级指标", level_numerals[n - 1]);
  splice (line, 0, g_utf8_strlen (line->text, -1), head);
  fr_line_sync (line, an->doc);
  fr_analysis_fix (an, FR_RULE_OCR_LEVEL_HEAD_LOST, fr_rule_name (FR_RULE_OCR_LEVEL_HEAD_LOST), line,
                   before, line->text);
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

/* The one standard level, or the start of one (a cell wraps: 社会效益指 / 标), that text is
 * but for one character, newly allocated; NULL where there is none, where there are two
 * (数量指标 and 质量指标 are a character apart), or where text is one as it stands. */
static char *
level_term_near (const char *text)
{
  char *found = NULL;
  glong n = g_utf8_strlen (text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (level_terms); i++) {
    const char *t = level_terms[i];
    if (g_utf8_strlen (t, -1) < n)
      continue;
    int differ = 0;
    const char *a = text, *b = t;
    for (; *a && differ < 2; a = g_utf8_next_char (a), b = g_utf8_next_char (b))
      differ += g_utf8_get_char (a) != g_utf8_get_char (b);
    if (differ == 0) {
      g_free (found);
      return NULL;
    }
    if (differ != 1)
      continue;
    g_autofree char *start = g_strndup (t, (gsize) (b - t));
    if (found != NULL && strcmp (found, start) != 0) {
      g_free (found);
      return NULL;
    }
    g_free (found);
    found = g_steal_pointer (&start);
  }
  return found;
}

/* Is text one of the standard levels, or its start of 3 characters or more? */
static gboolean
is_level_term (const char *text)
{
  gsize n = strlen (text);
  if (g_utf8_strlen (text, -1) < 3)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (level_terms); i++)
    if (strncmp (level_terms[i], text, n) == 0)
      return TRUE;
  return FALSE;
}

/* A level cell misread by one character (OCR_LEVEL_TERM): in a row of an indicator table, a
 * standard level (or its start) read right beside it (过程指标 | 资金答理; a first level spanning rows shares
 * their middle with the second level beside it). */
static void
level_term (FrAnalysis *an, FrPage *page, FrLine *line)
{
  if (!fr_rule_test (FR_RULE_OCR_LEVEL_TERM, line->text))
    return;
  g_autofree char *term = level_term_near (line->text);
  if (term == NULL)
    return;
  gboolean beside = FALSE;
  for (guint i = 0; i < page->lines->len && !beside; i++) {
    const FrLine *o = g_ptr_array_index (page->lines, i);
    beside = o != line && same_row (o, line) && is_level_term (o->text);
  }
  if (!beside)
    return;
  g_autofree char *before = g_strdup (line->text);
  splice (line, 0, g_utf8_strlen (line->text, -1), term);
  fr_line_sync (line, an->doc);
  fr_analysis_fix (an, FR_RULE_OCR_LEVEL_TERM, fr_rule_name (FR_RULE_OCR_LEVEL_TERM), line, before, line->text);
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
      level_term (an, page, line);
      if (fr_rule_test (FR_RULE_OCR_NUMBER_DOUBT, line->text))
        fr_analysis_warn (an, "page %u: a number read by OCR is in doubt and left as read: %s",
                          p + 1, line->text);
    }
  }
}
