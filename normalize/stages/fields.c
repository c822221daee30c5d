/* fields.c — the report fields: title, kind, year, organisation.
 *
 * Only the page text is trusted (a PDF's Info Title and a crawler's file name are often
 * wrong).  The title is the first title block of the first page with text: the large or
 * centred lines before the first heading, joined when a title runs over two lines or blocks.
 * kind is the most specific entry of kinds.def that the title names; year is the first year
 * the title names; the organisation is what remains of the title without year, kind and
 * connecting words.
 *
 * Some files have no cover title: they open with their table of contents (目录, then
 * 第一部分 2026年度部门预算情况说明 …) or with their first table (预算01表 收支总表).  Such a
 * first line names no report kind, and is no title.  The fields then come from the document's
 * structure (fields_from_structure): kind and year from its part titles, else from its
 * disclosure tables (预算 or 决算, 部门 or 单位, the year of their titles); the organisation
 * from a label (部门：…, 编制单位：…) over the tables, else from the first sentence about the
 * body's duties (北京市气象局是…).  A title that names only a place and a level (上海市普陀区
 * 2025年区级部门预算) takes its body the same way, after the cover's next lines.
 */
#include "stages.h"

#include <stdlib.h>
#include <string.h>

/* The title group starting at block i: up to three title blocks, joined, stopping once the
 * kind is named (a cover may carry a date or an issuer under its title).  *rest is the block
 * after the joined ones, *next the block after the cover's further title lines. */
static char *
title_group (FrAnalysis *an, guint i, guint *rest, guint *next)
{
  GString *s = g_string_new (NULL);
  guint used = 0;
  for (; i < an->blocks->len && used < 3; i++, used++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    const char *at;
    gsize len;
    if (b->kind != FR_BLOCK_TITLE || (used > 0 && fr_kind_find (s->str, &at, &len)))
      break;
    fr_join_append (s, b->text);
  }
  *rest = i;
  /* further title blocks of the same cover (a date line) are not another report */
  while (i < an->blocks->len && ((FrBlock *) g_ptr_array_index (an->blocks, i))->kind == FR_BLOCK_TITLE
         && ((FrBlock *) g_ptr_array_index (an->blocks, i))->page
                == ((FrBlock *) g_ptr_array_index (an->blocks, i - 1))->page)
    i++;
  *next = i;
  return g_string_free (s, FALSE);
}

/* No title block at all: the first short paragraph of the document is the best guess. */
static char *
fallback_title (FrAnalysis *an)
{
  for (guint i = 0; i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind == FR_BLOCK_PARAGRAPH && g_utf8_strlen (b->text, -1) <= 60)
      return g_strdup (b->text);
    if (b->kind != FR_BLOCK_TABLE)
      break;
  }
  return NULL;
}

/* Words that end the name of a public body, longest first. */
static const char *const body_suffixes[] = {
  "街道办事处", "委员会", "办公室", "联合会", "管理局", "人民政府", "中心", "协会", "政府",
  "局", "委", "办", "院", "所", "馆", "部", "厅", "署", "站", "队", "处", "会",
};

/* The end of the last body word that ends at or before limit (bytes), 0 when none. */
static gsize
last_body_end (const GString *org, gsize limit)
{
  gsize best = 0;
  for (guint i = 0; i < G_N_ELEMENTS (body_suffixes); i++) {
    for (const char *p = strstr (org->str, body_suffixes[i]); p; p = strstr (p + 1, body_suffixes[i])) {
      gsize end = (gsize) (p - org->str) + strlen (body_suffixes[i]);
      if (end <= limit)
        best = MAX (best, end);
    }
  }
  return best;
}

static void
trim_to_body (GString *org)
{
  /* the project's name starts at its first 专项 or 项目 (…管理局市场监督专项及部门项目…):
   * the body ends before it, when a body word does (the 部 of 部门 after it is no body) */
  gsize limit = org->len;
  static const char *const project_words[] = { "专项", "项目" };
  for (guint i = 0; i < G_N_ELEMENTS (project_words); i++) {
    const char *p = strstr (org->str, project_words[i]);
    if (p)
      limit = MIN (limit, (gsize) (p - org->str));
  }
  gsize best = last_body_end (org, limit);
  if (best == 0)
    best = last_body_end (org, org->len);
  if (best > 0 && best < org->len)
    g_string_truncate (org, best);
}

/* Does text end with a word that ends the name of a public body (a trailing （本级） aside)? */
static gboolean
ends_as_body (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  gsize n = strlen (t);
  if (g_str_has_suffix (t, "）") || g_str_has_suffix (t, ")")) {
    char *open = g_strrstr (t, "（");
    if (open == NULL)
      open = g_strrstr (t, "(");
    if (open != NULL)
      n = (gsize) (open - t);
  }
  t[n] = '\0';
  if (g_utf8_strlen (t, -1) < 3)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (body_suffixes); i++)
    if (g_str_has_suffix (t, body_suffixes[i]))
      return TRUE;
  return FALSE;
}

/* The first page with text from page `from` on, as lines in reading order (all but
 * furniture). */
static GPtrArray *
page_lines (const FrDocument *doc, guint from)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint p = from; p < doc->pages->len && out->len == 0; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *l = g_ptr_array_index (page->lines, i);
      if ((l->kind == FR_LINE_BODY || l->kind == FR_LINE_TABLE || l->kind == FR_LINE_TOC)
          && l->glyphs->len > 0)
        g_ptr_array_add (out, l);
    }
  }
  return out;
}

/* A labelled organisation on the first page: 预算单位：X, or a label cell with the value in the
 * next line to its right (a form's first row). */
static char *
labelled_organization (const FrDocument *doc, guint page)
{
  g_autoptr (GPtrArray) lines = page_lines (doc, page);
  for (guint i = 0; i < lines->len; i++) {
    const FrLine *l = g_ptr_array_index (lines, i);
    g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_ORG_LABEL, l->text);
    if (m == NULL)
      continue;
    char *org = fr_match_group (m, "org");
    if (org != NULL && *org != '\0')
      return org;
    g_free (org);
    /* the value: the next line on the same band to the right, or simply the next line */
    for (guint j = i + 1; j < lines->len && j <= i + 2; j++) {
      const FrLine *v = g_ptr_array_index (lines, j);
      gboolean same_band = doc->has_geometry && v->y0 < l->y1 && v->y1 > l->y0 && v->x0 > l->x1;
      if (same_band || !doc->has_geometry || j == i + 1) {
        if (g_utf8_strlen (v->text, -1) <= 40 && !fr_rule_test (FR_RULE_ORG_LABEL, v->text))
          return g_strstrip (g_strdup (v->text));
        break;
      }
    }
  }
  return NULL;
}

/* The organisation a label line names (部门：X, 编制单位：X 单位：万元), or NULL. */
static char *
label_value (const char *text)
{
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_ORG_LABEL, text);
  char *org = m ? fr_match_group (m, "org") : NULL;
  if (org != NULL && (*g_strstrip (org) == '\0' || fr_rule_test (FR_RULE_ORG_LABEL, org))) {
    g_free (org);
    return NULL;
  }
  return org;
}

/* The body the tables' own label lines name: the first 部门：…/单位名称：…/编制单位：… above
 * a table (FrTable.meta), or a line of its code and name alone. */
static char *
tables_organization (const FrAnalysis *an)
{
  for (guint t = 0; t < an->tables->len; t++) {
    const FrTable *tab = g_ptr_array_index (an->tables, t);
    for (guint i = 0; tab->meta && i < tab->meta->len; i++) {
      const char *line = g_ptr_array_index (tab->meta, i);
      char *org = label_value (line);
      if (org == NULL) {
        /* no label: the department's code and name (507-湖州市卫生健康委员会) */
        g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_ORG_CODED, line);
        org = m ? fr_match_group (m, "org") : NULL;
        if (org != NULL && !ends_as_body (org))
          g_clear_pointer (&org, g_free);
      }
      if (org != NULL)
        return org;
    }
  }
  return NULL;
}

static char *duty_in (const FrSection *s, guint depth);

/* The body named by the first sentence about its duties (北京市气象局是…), in the first
 * section whose title is about the body (部门职责, 部门概况). */
static char *
duty_organization (const FrAnalysis *an)
{
  return an->root ? duty_in (an->root, 0) : NULL;
}

static char *
duty_in (const FrSection *s, guint depth)
{
  const char *title = s->heading ? s->heading->text : NULL;
  if (title && fr_rule_test (FR_RULE_ORG_DUTY_SECTION, title)) {
    /* its own first paragraph, else its first sub-section's (一、部门职责 > （一）主要职能) */
    const FrSection *at = s;
    while (at->paragraphs->len == 0 && at->children->len > 0)
      at = g_ptr_array_index (at->children, 0);
    if (at->paragraphs->len > 0) {
      const FrBlock *b = g_ptr_array_index (at->paragraphs, 0);
      g_autoptr (FrMatch) m = b->text ? fr_rule_match (FR_RULE_ORG_DUTY_SENTENCE, b->text) : NULL;
      char *org = m ? fr_match_group (m, "org") : NULL;
      if (org != NULL && ends_as_body (org) && !fr_rule_test (FR_RULE_ORG_DEICTIC, org))
        return org;
      g_free (org);
    }
  }
  for (guint i = 0; depth < 4 && i < s->children->len; i++) {
    char *org = duty_in (g_ptr_array_index (s->children, i), depth + 1);
    if (org != NULL)
      return org;
  }
  return NULL;
}

/* A cover whose title names the place and the level (上海市普陀区2025年区级部门预算) names the
 * body on its next lines: the first line of the cover under the title group, on its page,
 * that reads as a body's name, or a label's value.  Only the cover's own lines (title
 * blocks): a form's first rows (主管部门 某某局) are no cover. */
static char *
cover_organization (const FrAnalysis *an, guint from, guint page)
{
  for (guint i = from; i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->page != page || b->kind == FR_BLOCK_HEADING || b->kind == FR_BLOCK_TABLE)
      break;
    if (b->text == NULL)
      continue;
    char *org = label_value (b->text);
    if (org != NULL)
      return org;
    if (b->kind == FR_BLOCK_TITLE && g_utf8_strlen (b->text, -1) <= 30 && ends_as_body (b->text))
      return g_strstrip (g_strdup (b->text));
  }
  return NULL;
}

/* The value of a YEAR match's year group (four digits by the rule), 0 without a match. */
static int
year_of (const FrMatch *m)
{
  g_autofree char *y = m ? fr_match_group (m, "year") : NULL;
  return y ? (int) g_ascii_strtoll (y, NULL, 10) : 0;
}

/* How many pages from the start a file without cover or year on its first two is searched
 * for its year. */
#define YEAR_PAGES 6

/* The year most often named on n_pages pages from `from`, when the title names none. */
static int
year_from_text (const FrDocument *doc, guint from, guint n_pages)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  int best = 0;
  guint best_n = 0;
  for (guint p = from; p < doc->pages->len && p < from + n_pages; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind == FR_LINE_PAGE_NUMBER || l->kind == FR_LINE_RUNNING)
        continue;
      gsize off = 0, s, e;
      for (FrMatch *m; (m = fr_rule_match_at (FR_RULE_YEAR, l->text, off)) != NULL;) {
        int year = year_of (m);
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GINT_TO_POINTER (year))) + 1;
        g_hash_table_replace (counts, GINT_TO_POINTER (year), GUINT_TO_POINTER (n));
        if (n > best_n) {
          best_n = n;
          best = year;
        }
        fr_match_span (m, NULL, &s, &e);
        fr_match_free (m);
        off = e;
      }
    }
  }
  return best;
}

/* The year a text names (YEAR), 0 when none. */
static int
year_in (const char *text)
{
  g_autoptr (FrMatch) m = text ? fr_rule_match (FR_RULE_YEAR, text) : NULL;
  return year_of (m);
}

/* Kind and year from the headings: a part's title first (第一部分 2026年度部门预算情况说明),
 * then, with any_heading, any heading that names a kind. */
static const char *
kind_from_headings (const FrAnalysis *an, int *year, gboolean any_heading)
{
  for (int pass = 0; pass < (any_heading ? 2 : 1); pass++)
    for (guint i = 0; i < an->blocks->len; i++) {
      const FrBlock *b = g_ptr_array_index (an->blocks, i);
      const char *at;
      gsize len;
      if (b->kind != FR_BLOCK_HEADING || b->text == NULL || (pass == 0 && b->rank != 0))
        continue;
      /* a part's number alone on its line (第二部分) has its title on the next */
      const char *text = b->text;
      if (*text == '\0' && i + 1 < an->blocks->len) {
        const FrBlock *next = g_ptr_array_index (an->blocks, i + 1);
        if (next->kind != FR_BLOCK_HEADING && next->kind != FR_BLOCK_TABLE && next->text
            && g_utf8_strlen (next->text, -1) <= 40)
          text = next->text;
      }
      const char *kind = fr_kind_find (text, &at, &len);
      if (kind != NULL) {
        *year = year_in (text);
        return kind;
      }
    }
  return NULL;
}

/* Kind and year from the standard disclosure tables a file holds (收支总表, 预算01表): 决算 or
 * 预算 by the words its tables print most (决算数, 收入决算表), 单位 where their titles say
 * so; the year most of their titles name.  NULL when it holds no such table. */
static const char *
kind_from_tables (const FrAnalysis *an, int *year)
{
  guint n_tables = 0, n_final = 0, n_budget = 0, n_unit = 0;
  g_autoptr (GHashTable) years = g_hash_table_new (NULL, NULL);
  guint best_n = 0;
  *year = 0;
  for (guint t = 0; t < an->tables->len; t++) {
    const FrTable *tab = g_ptr_array_index (an->tables, t);
    /* its title, its meta lines (a label 预算01表 over the title) and its header cells */
    g_autoptr (GPtrArray) texts = g_ptr_array_new ();
    if (tab->title)
      g_ptr_array_add (texts, tab->title);
    for (guint i = 0; tab->meta && i < tab->meta->len; i++)
      g_ptr_array_add (texts, g_ptr_array_index (tab->meta, i));
    gboolean standard = FALSE;
    for (guint i = 0; i < texts->len; i++) {
      g_autofree char *sq = fr_squeeze (g_ptr_array_index (texts, i));
      standard |= fr_rule_test (FR_RULE_BUDGET_TABLE, sq);
      n_unit += fr_rule_test (FR_RULE_KIND_UNIT_TABLE, sq);
      int y = year_in (sq);
      if (y) {
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (years, GINT_TO_POINTER (y))) + 1;
        g_hash_table_replace (years, GINT_TO_POINTER (y), GUINT_TO_POINTER (n));
        if (n > best_n) {
          best_n = n;
          *year = y;
        }
      }
    }
    if (!standard)
      continue;
    n_tables++;
    guint n_captions = texts->len;
    for (guint r = 0; r < tab->n_header_rows && r < tab->rows->len; r++) {
      GPtrArray *row = g_ptr_array_index (tab->rows, r);
      for (guint c = 0; c < row->len; c++)
        g_ptr_array_add (texts, g_ptr_array_index (row, c));
    }
    /* the title and meta first; the header cells (决算数, 预算数) where those leave it even */
    guint title_final = 0, title_budget = 0, cells_final = 0;
    for (guint i = 0; i < texts->len; i++) {
      g_autofree char *sq = fr_squeeze (g_ptr_array_index (texts, i));
      gboolean fin = fr_rule_test (FR_RULE_KIND_FINAL_WORD, sq);
      gboolean bud = !fin && fr_rule_test (FR_RULE_KIND_BUDGET_WORD, sq);
      if (i < n_captions) {
        title_final += fin;
        title_budget += bud;
      } else {
        cells_final += fin;
      }
    }
    if (title_final > title_budget || (title_final == title_budget && cells_final > 0))
      n_final++;
    else
      n_budget++;
  }
  if (n_tables == 0)
    return NULL;
  gboolean final = n_final > n_budget;
  if (n_unit > 0)
    return final ? "单位决算" : "单位预算";
  return final ? "部门决算" : "部门预算";
}

/* A target form's kind when its title does not say whose (绩效目标申报表): a form with a
 * 项目名称 row (a cell, or a line of its first page where no grid was found) is a project's,
 * else it covers the department's whole budget. */
static const char *
settle_target_kind (const FrAnalysis *an)
{
  g_autoptr (GPtrArray) lines = page_lines (an->doc, 0);
  for (guint i = 0; i < lines->len; i++) {
    g_autofree char *sq = fr_squeeze (((const FrLine *) g_ptr_array_index (lines, i))->text);
    if (fr_rule_test (FR_RULE_TARGET_FORM_PROJECT, sq))
      return "项目支出绩效目标表";
  }
  for (guint t = 0; t < an->tables->len; t++) {
    const FrTable *tab = g_ptr_array_index (an->tables, t);
    for (guint r = 0; r < tab->rows->len; r++) {
      GPtrArray *row = g_ptr_array_index (tab->rows, r);
      for (guint c = 0; c < row->len; c++) {
        g_autofree char *sq = fr_squeeze (g_ptr_array_index (row, c));
        if (fr_rule_test (FR_RULE_TARGET_FORM_PROJECT, sq))
          return "项目支出绩效目标表";
      }
    }
  }
  return "部门整体预算绩效目标申报表";
}

/* Is a title block's text a report's title?  One that names no kind and is a contents
 * page's title (目录) or a table's caption (预算01表 收支总表) is not: the file has no cover
 * title. */
static gboolean
names_report (const char *title)
{
  const char *at;
  gsize len;
  g_autofree char *sq = fr_squeeze (title);
  /* a table's number and title (表1：2026年市级部门收支预算总表) names the kind of the report it
   * belongs to, but is that table's caption: a file whose tables come first opens with it */
  if (fr_rule_test (FR_RULE_BUDGET_LABEL, sq))
    return FALSE;
  if (fr_kind_find (title, &at, &len) != NULL)
    return TRUE;
  return !fr_rule_test (FR_RULE_TOC_TITLE, sq) && !fr_rule_test (FR_RULE_TABLE_CAPTION, sq)
         && !fr_rule_test (FR_RULE_BUDGET_TABLE, sq);
}

/* The body, where the title names none or only a place and a level: the cover's next lines
 * (from block `from` on its page; G_MAXUINT for none), the tables' label, the sentence on
 * its duties. */
static char *
organization_elsewhere (FrAnalysis *an, guint from, guint page)
{
  char *org = from != G_MAXUINT ? cover_organization (an, from, page) : NULL;
  if (org == NULL)
    org = tables_organization (an);
  if (org == NULL)
    org = duty_organization (an);
  return org;
}

static gboolean report_from_title (FrAnalysis *an, char *title, guint page, guint rest, FrReport *r);

/* A running header or footer that names the report (苏州市交通运输局 2026 年度部门预算公开 atop
 * every page), or NULL. */
static const char *
running_title (const FrDocument *doc)
{
  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (page->lines, i);
      const char *at;
      gsize len;
      if (l->kind == FR_LINE_RUNNING && fr_kind_find (l->text, &at, &len) != NULL)
        return l->text;
    }
  }
  return NULL;
}

/* A file without a cover title: its fields from its structure.  FALSE when that names no kind
 * either. */
static gboolean
fields_from_structure (FrAnalysis *an, FrReport *r)
{
  const char *running = running_title (an->doc);
  if (running != NULL) {
    /* read as a title is read, but it is not the file's title */
    report_from_title (an, g_strdup (running), 0, G_MAXUINT, r);
    g_clear_pointer (&r->title, g_free);
    fr_analysis_warn (an, "fields: no cover title; the fields from the running line “%s”", running);
    return TRUE;
  }
  int year = 0;
  /* a part's title, then the standard tables, then any heading: a heading deep in the text
   * may name another kind in passing (（二）部门决算中项目绩效自评结果 in a 部门决算), which
   * a file's 收入支出决算总表 and the rest outweigh */
  const char *kind = kind_from_headings (an, &year, FALSE);
  const char *source = "part titles";
  if (kind == NULL) {
    kind = kind_from_tables (an, &year);
    source = "tables";
  }
  if (kind == NULL) {
    kind = kind_from_headings (an, &year, TRUE);
    source = "headings";
  }
  if (kind == NULL)
    return FALSE;
  if (strcmp (kind, "绩效目标表") == 0)
    kind = settle_target_kind (an);
  r->kind = g_strdup (kind);
  r->page = 0;
  if (year == 0) {
    int ty = 0;
    kind_from_tables (an, &ty);
    year = ty;
  }
  r->year = year ? year : year_from_text (an->doc, 0, 2);
  /* no cover, and a contents page of part titles without a year: the year the first pages
   * of text name most */
  if (r->year == 0)
    r->year = year_from_text (an->doc, 0, YEAR_PAGES);
  r->organization = labelled_organization (an->doc, 0);
  if (r->organization == NULL)
    r->organization = organization_elsewhere (an, G_MAXUINT, 0);
  fr_analysis_warn (an, "fields: no cover title; kind %s from the %s%s", r->kind, source,
                    r->organization ? "" : ", and no organisation named in a label or a sentence");
  return TRUE;
}

/* Fills r from a title that starts on page; takes ownership of title.  rest is the block
 * after the title's own (the cover's next lines), G_MAXUINT for none.  FALSE when the cover
 * names no body (title, label or next lines), or only a place and a level: a section's cover
 * inside a report, whose organisation (if any) came from the rest of the document. */
static gboolean
report_from_title (FrAnalysis *an, char *title, guint page, guint rest, FrReport *r)
{
  r->title = title;
  r->page = page;
  const char *kat = NULL;
  gsize klen = 0;
  const char *kind = fr_kind_find (r->title, &kat, &klen);
  if (kind != NULL && strcmp (kind, "绩效目标表") == 0)
    kind = settle_target_kind (an);
  if (kind == NULL) {
    /* a title that names no kind (XX局2026年预算公开): the part titles or tables may */
    int year = 0;
    kind = kind_from_headings (an, &year, TRUE);
    if (kind == NULL)
      kind = kind_from_tables (an, &year);
    if (kind != NULL && strcmp (kind, "绩效目标表") == 0)
      kind = settle_target_kind (an);
  }
  r->kind = g_strdup (kind ? kind : "other");

  GString *org = g_string_new (r->title);
  if (kat != NULL) {
    /* the kind and whatever follows it (表, 报告, dates) are not the organisation */
    g_string_truncate (org, (gsize) (kat - r->title));
  }
  g_autoptr (FrMatch) ym = fr_rule_match (FR_RULE_YEAR, org->str);
  gsize ys, ye;
  if (ym != NULL && fr_match_span (ym, NULL, &ys, &ye)) {
    r->year = year_of (ym);
    g_string_erase (org, (gssize) ys, (gssize) (ye - ys));
  } else {
    /* the year may follow the kind: 部门预算（2026年） */
    g_autoptr (FrMatch) tm = fr_rule_match (FR_RULE_YEAR, r->title);
    r->year = year_of (tm);
  }
  /* connecting words and stray punctuation */
  for (int pass = 0; pass < 3; pass++) {
    g_autoptr (FrMatch) nm = fr_rule_match (FR_RULE_TITLE_NOISE, org->str);
    gsize s, e;
    if (nm == NULL || !fr_match_span (nm, NULL, &s, &e) || e == s)
      break;
    g_string_erase (org, (gssize) s, (gssize) (e - s));
  }
  g_strstrip (org->str);
  static const char *const trail[] = { " ", "-", "—", "_", ":", "：", "的", "（", "(" };
  for (gboolean again = TRUE; again;) {
    again = FALSE;
    for (guint i = 0; i < G_N_ELEMENTS (trail); i++)
      if (org->len > 0 && g_str_has_suffix (org->str, trail[i])) {
        g_string_truncate (org, org->len - strlen (trail[i]));
        again = TRUE;
      }
  }
  /* a project report's title runs on from the body into the project's name
   * (…住房和建设局老旧小区微改造项目…): the body ends at the last word that names one */
  if (fr_kind_flags (kind) & FR_KIND_NAMES_PROJECT)
    trim_to_body (org);
  /* a cover's label names the body exactly; a title may name only the level (上海市…市级) */
  /* the body as this cover names it: its title, its label, its next lines */
  gboolean names_body = org->len > 0 && !fr_rule_test (FR_RULE_ORG_LEVEL_ONLY, org->str);
  char *label = labelled_organization (an->doc, page);
  if (label != NULL) {
    r->organization = label;
    names_body = TRUE;
  } else if (names_body) {
    r->organization = g_strdup (org->str);
  } else {
    /* none, or only a place and a level (上海市普陀区区级, which is no body): the cover's
     * next lines, else the document's tables or sentences, else nowhere */
    r->organization = rest != G_MAXUINT ? cover_organization (an, rest, page) : NULL;
    names_body = r->organization != NULL;
    if (r->organization == NULL)
      r->organization = organization_elsewhere (an, G_MAXUINT, page);
  }
  g_string_free (org, TRUE);
  if (r->year == 0) {
    r->year = year_from_text (an->doc, page, 2);
    if (r->year)
      fr_analysis_warn (an, "fields: the title on page %u names no year; %d is the year its first pages name most",
                        page + 1, r->year);
  }
  if (r->year == 0)
    fr_analysis_warn (an, "fields: no year named on page %u or the next", page + 1);
  if (r->organization == NULL)
    fr_analysis_warn (an, "fields: the title on page %u names no organisation", page + 1);
  return names_body;
}

void
fr_stage_fields (FrAnalysis *an)
{
  g_autofree char *set_aside = NULL;   /* the first title block that was no report's title */
  guint set_aside_page = 0, set_aside_rest = G_MAXUINT;
  for (guint i = 0; i < an->blocks->len;) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind != FR_BLOCK_TITLE) {
      i++;
      continue;
    }
    FrReport part = { 0 };
    guint rest;
    char *title = title_group (an, i, &rest, &i);
    if (!names_report (title)) {
      /* 目录 atop a contents page, a table's caption atop a file of tables: kept only for
       * a file whose structure names no kind either */
      if (set_aside == NULL) {
        set_aside = title;
        set_aside_page = b->page;
        set_aside_rest = rest;
      } else {
        g_free (title);
      }
      continue;
    }
    gboolean names_body = report_from_title (an, title, b->page, rest, &part);
    /* a cover and the title page after it name one report twice; so does a section's cover
     * that names only the place and level (湖州市2026年市级部门预算 inside a 部门预算) */
    if (an->parts->len > 0) {
      const FrReport *last = &g_array_index (an->parts, FrReport, an->parts->len - 1);
      gboolean no_body = !names_body || part.organization == NULL;
      if (g_strcmp0 (last->kind, part.kind) == 0 && last->year == part.year
          && (no_body || g_strcmp0 (last->organization, part.organization) == 0)) {
        g_free (part.title);
        g_free (part.kind);
        g_free (part.organization);
        continue;
      }
    }
    g_array_append_val (an->parts, part);
  }
  if (an->parts->len == 0) {
    FrReport part = { 0 };
    if (fields_from_structure (an, &part)) {
      g_array_append_val (an->parts, part);
    } else if (set_aside != NULL) {
      report_from_title (an, g_steal_pointer (&set_aside), set_aside_page, set_aside_rest, &part);
      g_array_append_val (an->parts, part);
    } else {
      char *title = fallback_title (an);
      if (title == NULL) {
        fr_analysis_warn (an, "fields: no title found on the first page");
        return;
      }
      report_from_title (an, title, 0, G_MAXUINT, &part);
      g_array_append_val (an->parts, part);
    }
  }
  if (an->parts->len > 1)
    fr_analysis_warn (an, "fields: %u reports in one file; `report` is the first, `parts` lists all",
                      an->parts->len);
}
