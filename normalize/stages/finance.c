/* finance.c — income, expenditure, self-score, problems and measures (the finance issue).
 *
 * Money is read only where a sentence states it in one of the rule table's phrasings: a total
 * (总收入), this year's figure (本年收入) and named lines opening a clause (其他收入0.007882万元,
 * with their change on the year before).  Lines come from the first section whose title is
 * about income or expenditure and that names any, so the same lines restated in a later
 * 财政拨款 section are not counted twice.  A project report (项目支出绩效自评报告) maps its
 * sources to income and its uses to expenditure (RECORD.md, "Finance in a project report").
 * Where sentences leave a figure out, the report's summary table gives it (fintable.c).
 * The self-score and grade are read only in evaluation reports (a budget has none); problems
 * and measures are the points of the sections their titles name.
 */
#include "stages.h"
#include "amount.h"
#include "finance.h"
#include "fintable.h"
#include "finbudget.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- finance ------------------------------------------------------------------------ */

typedef FrFinanceItem Item;

/* A side while the sections are read: its lines come from one section, the first that names
 * any (NULL until then). */
typedef struct {
  FrFigure total, current;
  GPtrArray *items;         /* of Item* */
} Side;

enum { INCOME = FR_INCOME, EXPENDITURE = FR_EXPENDITURE };

/* Where a figure read from a sentence stands: the paragraph that states it. */
static FrFigure
stated (double v, const FrBlock *b)
{
  return fr_figure_at (v, b->page, b->box);
}

/* The amount of a match in 万元; FALSE where there is none, or where OCR left its figure in doubt
 * in text, the match's subject read on the paragraph's page (fr_analysis_text_doubt). */
static gboolean
match_amount (FrAnalysis *an, const FrBlock *b, const char *text, const FrMatch *m, double *wan)
{
  g_autofree char *digits = fr_match_group (m, "amount");
  g_autofree char *unit = fr_match_group (m, "unit");
  if (fr_analysis_match_doubt (an, b->page, text, 0, m, "amount"))
    return FALSE;
  return fr_amount_to_wan (digits, unit, wan, NULL);
}

static const char *
section_title (const FrSection *s)
{
  return s->heading && s->heading->text ? s->heading->text : NULL;
}

/* Whether lines may be read under this title: untitled text, or a title about money that is
 * not one of the restatements (财政拨款, 三公, …) of lines already given. */
static gboolean
money_section (const FrSection *s, gboolean project)
{
  const char *title = section_title (s);
  if (title == NULL)
    return TRUE;
  if (fr_rule_test (FR_RULE_FIN_SECTION_OTHER, title))
    return FALSE;
  return fr_rule_test (project ? FR_RULE_FIN_PROJECT_SECTION : FR_RULE_FIN_SECTION, title);
}

/* Which side a kind word names: 收入 income, 支出 expenditure; 收支 and 收入支出 both. */
static void
sides_of (const char *kind, gboolean *income, gboolean *expenditure)
{
  gboolean in = strstr (kind, "收") != NULL;
  gboolean out = strstr (kind, "支") != NULL;
  *income = in;
  *expenditure = out;
}

static void
set_total (Side *side, FrFigure v, gboolean current)
{
  if (current && !side->current.has)
    side->current = v;
  else if (!current && !side->total.has)
    side->total = v;
}

/* Totals and this year's figures anywhere in a paragraph; the first statement of each wins. */
static void
scan_totals (FrAnalysis *an, const FrBlock *b, Side sides[2], gboolean project)
{
  const char *text = b->text;
  static const FrRuleId dept[] = { FR_RULE_FIN_TOTAL, FR_RULE_FIN_CURRENT };
  static const FrRuleId proj[] = { FR_RULE_FIN_PROJECT_TOTAL, FR_RULE_FIN_PROJECT_CURRENT };
  const FrRuleId *rules = project ? proj : dept;
  for (guint r = 0; r < 2; r++) {
    gsize at = 0;
    FrMatch *m;
    while ((m = fr_rule_match_at (rules[r], text, at)) != NULL) {
      g_autoptr (FrMatch) hold = m;
      gsize s, e;
      fr_match_span (m, NULL, &s, &e);
      at = e > s ? e : s + 1;
      g_autofree char *kind = fr_match_group (m, "kind");
      double v;
      if (kind == NULL || !match_amount (an, b, text, m, &v))
        continue;
      gboolean in, out;
      if (project) {
        /* sources: 资金总额, 本年预算安排; uses: 总支出, 本年支出 */
        out = strstr (kind, "支出") != NULL;
        in = !out;
      } else {
        sides_of (kind, &in, &out);
      }
      if (in)
        set_total (&sides[INCOME], stated (v, b), r == 1);
      if (out)
        set_total (&sides[EXPENDITURE], stated (v, b), r == 1);
    }
  }
}

/* The change on the year before stated after a line's amount, in the same clause. */
static void
read_change (FrAnalysis *an, Item *it, const char *rest, const FrBlock *b)
{
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_FIN_CHANGE, rest);
  if (m == NULL)
    return;
  if (fr_match_span (m, "flat", NULL, NULL)) {
    /* 持平: the same as the year before, so no change in amount or percent */
    it->direction = FR_CHANGE_FLAT;
    it->change = it->percent = stated (0, b);
    return;
  }
  g_autofree char *dir = fr_match_group (m, "dir");
  if (dir == NULL)
    return;
  it->direction = fr_rule_test (FR_RULE_FIN_DIRECTION_DOWN, dir) ? FR_CHANGE_DECREASE
                                                                  : FR_CHANGE_INCREASE;
  double v;
  if (match_amount (an, b, rest, m, &v))
    it->change = stated (v, b);
  const char *group = "percent";
  g_autofree char *pct = fr_match_group (m, group);
  if (pct == NULL)
    pct = fr_match_group (m, group = "percent2");
  if (pct && !fr_analysis_match_doubt (an, b->page, rest, 0, m, group))
    it->percent = stated (g_ascii_strtod (pct, NULL), b);
}

/* A named line opening text at its start: the item, or NULL; its side goes to *side and the
 * end of its amount to *end. */
static Item *
read_item (FrAnalysis *an, const char *text, const FrBlock *b, gboolean project, int *side, gsize *end)
{
  g_autoptr (FrMatch) m = fr_rule_match (project ? FR_RULE_FIN_PROJECT_ITEM : FR_RULE_FIN_ITEM,
                                         text);
  if (m == NULL)
    return NULL;
  g_autofree char *name = fr_match_group (m, "name");
  /* 本年其他收入 is the line 其他收入 */
  const char *bare = name;
  if (!project) {
    if (g_str_has_prefix (bare, "本年度"))
      bare += strlen ("本年度");
    else if (g_str_has_prefix (bare, "本年"))
      bare += strlen ("本年");
  }
  if (fr_rule_test (FR_RULE_FIN_NOT_ITEM, bare))
    return NULL;
  double v;
  if (!match_amount (an, b, text, m, &v))
    return NULL;
  if (project)
    *side = fr_rule_test (FR_RULE_FIN_PROJECT_SOURCE, bare) ? INCOME : EXPENDITURE;
  else
    *side = g_str_has_suffix (bare, "收入") ? INCOME : EXPENDITURE;
  Item *it = fr_finance_item_new (bare, stated (v, b));
  fr_match_span (m, NULL, NULL, end);
  return it;
}

static gboolean
has_item (GPtrArray *items, const char *name)
{
  for (guint i = 0; i < items->len; i++)
    if (strcmp (((Item *) g_ptr_array_index (items, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* Longer than any line a rule reads at the start of a clause (FIN_ITEM: a number, 其中, a
 * year, a name of at most 40 characters, an amount and its unit). */
#define ITEM_WINDOW 512

/* The text from p on, cut at a whole character within ITEM_WINDOW bytes. */
static char *
window_at (const char *p, const char *end)
{
  if (end - p <= ITEM_WINDOW)
    return g_strndup (p, (gsize) (end - p));
  const char *cut = p + ITEM_WINDOW;
  while (cut > p && ((guchar) *cut & 0xC0) == 0x80)
    cut--;
  return g_strndup (p, (gsize) (cut - p));
}

/* Lines in one clause: one may open the clause or follow a comma (区级财政资金…元，市级补助资金
 * …元); each line's change on the year before is read up to the next line. */
static void
clause_items (FrAnalysis *an, const char *clause, const FrBlock *b, gboolean project, GPtrArray *found[2])
{
  Item *prev = NULL;
  gsize prev_end = 0;
  guint n_items = 0;
  const char *p = clause;
  const char *clause_end = clause + strlen (clause);
  while (*p) {
    int side;
    gsize end = 0;
    gboolean starts = p == clause;
    gunichar c = starts ? 0 : g_utf8_get_char (g_utf8_prev_char (p));
    Item *it = NULL;
    if (starts || c == 0xFF0C /* ， */ || c == ',' || c == 0x3001 /* 、 */) {
      /* the rules see a window, not the rest of the clause: a rule call costs the length of
       * its subject, and a clause of many commas would cost its length squared */
      g_autofree char *window = window_at (p, clause_end);
      /* after a comma, only as the next of a list or where a list is announced (其中, 包括) */
      if (starts || n_items > 0 || fr_rule_test (FR_RULE_FIN_LIST_START, window))
        it = read_item (an, window, b, project, &side, &end);
    }
    if (it == NULL) {
      p = g_utf8_next_char (p);
      continue;
    }
    if (prev) {
      g_autofree char *rest = g_strndup (clause + prev_end, p - clause - prev_end);
      read_change (an, prev, rest, b);
    }
    n_items++;
    if (has_item (found[side], it->name)) {
      fr_finance_item_free (it);
      prev = NULL;
    } else {
      g_ptr_array_add (found[side], it);
      prev = it;
      prev_end = (p - clause) + end;
    }
    p += end;   /* the match ends at a whole character (its unit) */
  }
  if (prev)
    read_change (an, prev, clause + prev_end, b);
}

/* Clauses end at 。；：(a line after 其中： opens its own clause); commas stay inside, where
 * the change on the year before is written. */
static void
scan_items (FrAnalysis *an, const FrBlock *b, gboolean project, GPtrArray *found[2])
{
  g_autoptr (GString) clause = g_string_new (NULL);
  for (const char *p = b->text;; p = g_utf8_next_char (p)) {
    gunichar c = *p ? g_utf8_get_char (p) : 0;
    gboolean end = c == 0 || c == 0x3002 /* 。 */ || c == 0xFF1B /* ； */ || c == ';'
                   || c == 0xFF1A /* ： */ || c == ':' || c == 0xFF01 || c == 0xFF1F;
    if (!end) {
      g_string_append_unichar (clause, c);
      continue;
    }
    if (clause->len)
      clause_items (an, clause->str, b, project, found);
    g_string_truncate (clause, 0);
    if (c == 0)
      break;
  }
}

static void
walk_money (FrAnalysis *an, const FrSection *s, Side sides[2], gboolean project)
{
  gboolean readable = money_section (s, project);
  GPtrArray *found[2] = {
    g_ptr_array_new_with_free_func ((GDestroyNotify) fr_finance_item_free),
    g_ptr_array_new_with_free_func ((GDestroyNotify) fr_finance_item_free),
  };
  gboolean classified = FALSE;
  for (guint i = 0; i < s->paragraphs->len; i++) {
    const FrBlock *b = g_ptr_array_index (s->paragraphs, i);
    if (b->text == NULL)
      continue;
    if (fr_rule_test (FR_RULE_FIN_CLASSIFICATION, b->text)) {
      /* the first classification of the money is its lines; a second restates them */
      if (classified)
        readable = FALSE;
      classified = TRUE;
    }
    /* a total is its own statement wherever it stands, but not in a restatement section */
    if (section_title (s) == NULL || !fr_rule_test (FR_RULE_FIN_SECTION_OTHER, section_title (s)))
      scan_totals (an, b, sides, project);
    if (readable)
      scan_items (an, b, project, found);
  }
  for (int k = 0; k < 2; k++) {
    if (sides[k].items == NULL && found[k]->len > 0)
      sides[k].items = g_steal_pointer (&found[k]);
    else
      g_ptr_array_unref (found[k]);
  }
  for (guint i = 0; i < s->children->len; i++)
    walk_money (an, g_ptr_array_index (s->children, i), sides, project);
}

static gboolean
side_empty (const Side *s)
{
  return !s->total.has && !s->current.has && (s->items == NULL || s->items->len == 0);
}

static gboolean
is_project_kind (const char *kind)
{
  return (fr_kind_flags (kind) & FR_KIND_PROJECT_MONEY) != 0;
}

FrFinance *
fr_finance_read_part (FrAnalysis *an, const FrSection *root, const GArray *parts, guint k)
{
  if (root == NULL)
    return NULL;
  gboolean project = parts && k < parts->len
                     && is_project_kind (g_array_index (parts, FrReport, k).kind);
  Side sides[2];
  memset (sides, 0, sizeof sides);
  for (guint i = 0; i < root->children->len; i++) {
    const FrSection *c = g_ptr_array_index (root->children, i);
    if (fr_part_at (parts, fr_section_page (c)) == k)
      walk_money (an, c, sides, project);
  }
  FrFinance *fin = NULL;
  if (!side_empty (&sides[INCOME]) || !side_empty (&sides[EXPENDITURE])) {
    fin = fr_finance_new ();
    for (int j = 0; j < 2; j++) {
      FrFinanceSide *out = &fin->sides[j];
      out->total = sides[j].total;
      out->current = sides[j].current;
      if (sides[j].items)
        g_ptr_array_extend_and_steal (out->items, g_steal_pointer (&sides[j].items));
    }
  }
  for (int j = 0; j < 2; j++)
    if (sides[j].items)
      g_ptr_array_unref (sides[j].items);
  return fin;
}

FrFinance *
fr_finance_read (const FrSection *root, const GArray *parts)
{
  guint n_parts = parts && parts->len ? parts->len : 1;
  FrFinance *fin = NULL;
  /* the money of one report: a merged file's figures are not mixed across its reports */
  for (guint k = 0; root && k < n_parts && fin == NULL; k++)
    fin = fr_finance_read_part (NULL, root, parts, k);
  return fin;
}

/* ---- self-score and grade -------------------------------------------------------------- */

/* Kinds that carry no self-evaluation of their own (a final account lists its projects'
 * scores, a budget none): RECORD.md leaves self_score null for them. */
static gboolean
kind_has_self_score (const char *kind)
{
  return !(fr_kind_flags (kind) & FR_KIND_NO_SELF_SCORE);
}

static gboolean first_in_sections (FrAnalysis *an, const FrSection *s, FrRuleId rule, const char *group,
                                   char **out);

/* The first match in the first report's sections (a merged file's record is its first
 * report's) whose group OCR did not leave in doubt (fr_analysis_text_doubt, as a figure;
 * fr_analysis_cell_doubt in a table's cell: such a match is passed over). */
static gboolean
first_in_report (FrAnalysis *an, FrRuleId rule, const char *group, char **out)
{
  for (guint i = 0; i < an->root->children->len; i++) {
    const FrSection *c = g_ptr_array_index (an->root->children, i);
    if (fr_part_at (an->parts, fr_section_page (c)) == 0
        && first_in_sections (an, c, rule, group, out))
      return TRUE;
  }
  return FALSE;
}

static gboolean
first_in_sections (FrAnalysis *an, const FrSection *s, FrRuleId rule, const char *group, char **out)
{
  for (guint i = 0; i < s->paragraphs->len; i++) {
    const FrBlock *b = g_ptr_array_index (s->paragraphs, i);
    g_autoptr (FrMatch) m = b->text ? fr_rule_match (rule, b->text) : NULL;
    if (m && fr_analysis_match_doubt (an, b->page, b->text, 0, m, group))
      continue;
    if (m) {
      *out = fr_match_group (m, group);
      return TRUE;
    }
  }
  for (guint i = 0; i < s->children->len; i++)
    if (first_in_sections (an, g_ptr_array_index (s->children, i), rule, group, out))
      return TRUE;
  return FALSE;
}

/* A sentence that stands in a table's cell: a note row under the indicator table, or a line
 * the table's region took in. */
static gboolean
first_in_tables (FrAnalysis *an, FrRuleId rule, const char *group, char **out)
{
  for (guint t = 0; an->tables && t < an->tables->len; t++) {
    const FrTable *tab = g_ptr_array_index (an->tables, t);
    for (guint r = 0; tab->rows && r < tab->rows->len; r++) {
      GPtrArray *row = g_ptr_array_index (tab->rows, r);
      for (guint c = 0; c < row->len; c++) {
        const char *cell = g_ptr_array_index (row, c);
        g_autoptr (FrMatch) m = cell ? fr_rule_match (rule, cell) : NULL;
        if (m && fr_part_at (an->parts, tab->page) == 0 && !fr_analysis_cell_doubt (an, tab, r, c)) {
          *out = fr_match_group (m, group);
          return TRUE;
        }
      }
    }
  }
  return FALSE;
}

/* 优秀 is the grade 优, 良好 良, 中等 中, 较差 差: the four grades the rules of evaluation use. */
static const char *
grade_of (const char *word)
{
  static const char *const grades[][2] = {
    { "优秀", "优" }, { "优", "优" }, { "良好", "良" }, { "良", "良" },
    { "中等", "中" }, { "中", "中" }, { "较差", "差" }, { "差", "差" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    if (strcmp (word, grades[i][0]) == 0)
      return grades[i][1];
  return NULL;
}

static void
read_self_score (FrAnalysis *an)
{
  const FrReport *rep = fr_analysis_report (an);
  if (!kind_has_self_score (rep ? rep->kind : NULL) || an->root == NULL)
    return;
  g_autofree char *score = NULL;
  if ((first_in_report (an, FR_RULE_SELF_SCORE, "score", &score)
       || first_in_tables (an, FR_RULE_SELF_SCORE, "score", &score)) && score) {
    an->self_score = g_ascii_strtod (score, NULL);
    an->has_self_score = TRUE;
    /* on a scan, a score stated otherwise than the indicator table's 合计 row may be either
     * misread (自评得分为8分 read from 88): neither is guessed.  (In a text PDF the two stand as
     * printed, and the checks say they differ.) */
    if (an->has_total_score && fr_analysis_ocr_page (an, an->total_score_page)
        && fabs (an->total_score - an->self_score) > 0.005 && an->indicators->len > 0
        && fr_part_at (an->parts, ((FrIndicator *) g_ptr_array_index (an->indicators, 0))->page) == 0) {
      fr_analysis_warn (an, "page %u: the self-score read by OCR as %s is not the indicator table's total, "
                        "read as %g: the self-score is given no value", an->total_score_page + 1, score,
                        an->total_score);
      an->has_self_score = FALSE;
      an->self_score = 0;
    }
  } else if (an->has_total_score && an->indicators->len > 0
             && fr_part_at (an->parts, ((FrIndicator *) g_ptr_array_index (an->indicators, 0))->page) == 0) {
    /* no sentence states it: the indicator table's 合计 row is the score */
    an->self_score = an->total_score;
    an->has_self_score = TRUE;
  }
  g_autofree char *grade = NULL;
  if ((first_in_report (an, FR_RULE_SELF_GRADE, "grade", &grade)
       || first_in_tables (an, FR_RULE_SELF_GRADE, "grade", &grade)) && grade
      && grade_of (grade))
    an->self_grade = g_strdup (grade_of (grade));
}

/* ---- problems and measures ------------------------------------------------------------- */

typedef struct {
  gsize start, end;         /* the marker's span */
  int style, value;
} Marker;

/* Marker styles, by the named group that matched; value is the number it counts. */
static const char *const marker_groups[] = { "cn", "cn2", "cn3", "pn", "pc", "n", "c" };

static int
cn_value (const char *s)
{
  static const char *const digits[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (strcmp (s, digits[i]) == 0)
      return (int) i + 1;
  return 0;
}

static gboolean
next_marker (const char *text, gsize from, Marker *mk)
{
  g_autoptr (FrMatch) m = fr_rule_match_at (FR_RULE_POINT_MARKER, text, from);
  if (m == NULL)
    return FALSE;
  fr_match_span (m, NULL, &mk->start, &mk->end);
  for (guint g = 0; g < G_N_ELEMENTS (marker_groups); g++) {
    g_autofree char *v = fr_match_group (m, marker_groups[g]);
    if (v == NULL)
      continue;
    mk->style = (int) g;
    if (g_ascii_isdigit (v[0]))
      mk->value = (int) g_ascii_strtoll (v, NULL, 10);
    else if (g == 6)   /* ① is U+2460 */
      mk->value = (int) (g_utf8_get_char (v) - 0x2460) + 1;
    else
      mk->value = cn_value (v);
    return TRUE;
  }
  return FALSE;
}

/* A point as a user reads it: no marker, no spaces around, no closing ；。，. */
static void
add_point (GPtrArray *points, const char *text, gsize len)
{
  g_autofree char *s = g_strstrip (g_strndup (text, len));
  gsize n = strlen (s);
  for (;;) {
    const char *last = n ? g_utf8_find_prev_char (s, s + n) : NULL;
    if (last == NULL)
      break;
    gunichar c = g_utf8_get_char (last);
    if (c == 0x3002 || c == 0xFF1B || c == ';' || c == 0xFF0C || c == ',' || c == 0x3001
        || g_unichar_isspace (c))
      n = last - s;
    else
      break;
  }
  s[n] = '\0';
  if (n > 0)
    g_ptr_array_add (points, g_strdup (s));
}

/* The points of one paragraph: a run of markers counting up from where it starts (一是, 二是,
 * …; （1）, （2）; 1., 2.) splits it, and the lead-in before the first marker is dropped; a
 * paragraph without such a run is one point; a lead-in paragraph ending in ： is none. */
void
fr_points_split (const char *text, GPtrArray *points)
{
  GArray *run = g_array_new (FALSE, FALSE, sizeof (Marker));
  Marker mk;
  gsize from = 0;
  while (next_marker (text, from, &mk)) {
    from = mk.end > mk.start ? mk.end : mk.start + 1;
    if (run->len == 0) {
      /* a run starts at 1, or anywhere when it opens the paragraph ((2) of a list by paragraph) */
      if (mk.value == 1 || mk.start == 0 || strspn (text, " ") == mk.start)
        g_array_append_val (run, mk);
      continue;
    }
    const Marker *last = &g_array_index (run, Marker, run->len - 1);
    if (mk.style == last->style && mk.value == last->value + 1)
      g_array_append_val (run, mk);
  }
  gboolean opens = run->len > 0 && g_array_index (run, Marker, 0).start <= strspn (text, " ");
  if (run->len >= 2 || (run->len == 1 && opens)) {
    for (guint i = 0; i < run->len; i++) {
      const Marker *a = &g_array_index (run, Marker, i);
      gsize end = i + 1 < run->len ? g_array_index (run, Marker, i + 1).start : strlen (text);
      add_point (points, text + a->end, end - a->end);
    }
  } else {
    g_autofree char *t = g_strstrip (g_strdup (text));
    if (!g_str_has_suffix (t, "：") && !g_str_has_suffix (t, ":"))
      add_point (points, t, strlen (t));
  }
  g_array_unref (run);
}

static void
section_points (const FrSection *s, GPtrArray *points)
{
  for (guint i = 0; i < s->paragraphs->len; i++) {
    const FrBlock *b = g_ptr_array_index (s->paragraphs, i);
    if (b->text)
      fr_points_split (b->text, points);
  }
  /* sub-headings are the points, each with the text under it */
  for (guint i = 0; i < s->children->len; i++) {
    const FrSection *c = g_ptr_array_index (s->children, i);
    g_autoptr (GString) p = g_string_new (section_title (c));
    for (guint j = 0; j < c->paragraphs->len; j++) {
      const FrBlock *b = g_ptr_array_index (c->paragraphs, j);
      if (b->text == NULL)
        continue;
      if (p->len && !fr_rule_test (FR_RULE_PARA_ENDS_SENTENCE, p->str))
        g_string_append (p, "。");
      g_string_append (p, b->text);
    }
    add_point (points, p->str, p->len);
  }
}

static void
find_lists (FrAnalysis *an, const FrSection *s, GPtrArray *problems, GPtrArray *measures)
{
  const char *title = section_title (s);
  gboolean is_p = title && fr_rule_test (FR_RULE_PROBLEMS_TITLE, title);
  gboolean is_m = title && fr_rule_test (FR_RULE_MEASURES_TITLE, title);
  if (is_p && is_m && s->children->len == 0) {
    /* 存在的问题及改进措施 with no sub-headings: which point is which is not written */
    fr_analysis_warn (an, "finance: page %u: “%s” holds problems and measures together; "
                      "not split", s->heading->page + 1, title);
    return;
  }
  /* 主要经验及做法、存在的问题 holds its problems in a sub-section of their own */
  gboolean nested = FALSE;
  for (guint i = 0; i < s->children->len; i++) {
    const char *t = section_title (g_ptr_array_index (s->children, i));
    if (t && (fr_rule_test (FR_RULE_PROBLEMS_TITLE, t) || fr_rule_test (FR_RULE_MEASURES_TITLE, t)))
      nested = TRUE;
  }
  if (nested)
    is_p = is_m = FALSE;
  if (is_p && !is_m && problems->len == 0) {
    section_points (s, problems);
    return;
  }
  if (is_m && !is_p && measures->len == 0) {
    section_points (s, measures);
    return;
  }
  for (guint i = 0; i < s->children->len; i++)
    find_lists (an, g_ptr_array_index (s->children, i), problems, measures);
}

void
fr_stage_finance (FrAnalysis *an)
{
  if (an->root == NULL)
    return;
  /* the first report of a merged file that states money, in sentences or in its summary
   * table; sentences win, the table fills what they leave (fintable.c) */
  guint n_parts = an->parts->len ? an->parts->len : 1;
  for (guint k = 0; k < n_parts && an->finance == NULL; k++) {
    FrFinance *fin = fr_finance_read_part (an, an->root, an->parts, k);
    fr_fintable_fill (an, &fin, k);
    an->finance = fin;
  }
  /* a budget's or final account's money is its typed summary table's (finbudget.h) */
  fr_finbudget_fill (an, &an->finance);
  read_self_score (an);
  find_lists (an, an->root, an->problems, an->measures);
}
