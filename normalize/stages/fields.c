/* fields.c — the report fields: title, kind, year, organisation.
 *
 * Only the page text is trusted (a PDF's Info Title and a crawler's file name are often
 * wrong).  The title is the first title block of the first page with text: the large or
 * centred lines before the first heading, joined when a title runs over two lines or blocks.
 * kind is the most specific entry of kinds.def that the title names; year is the first year
 * the title names; the organisation is what remains of the title without year, kind and
 * connecting words.
 */
#include "stages.h"

#include <stdlib.h>
#include <string.h>

/* The title group starting at block i: up to three title blocks, joined, stopping once the
 * kind is named (a cover may carry a date or an issuer under its title).  *next is the block
 * after the group. */
static char *
title_group (FrAnalysis *an, guint i, guint *next)
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

static void
trim_to_body (GString *org)
{
  gsize best = 0;
  for (guint i = 0; i < G_N_ELEMENTS (body_suffixes); i++) {
    const char *hit = NULL;
    for (const char *p = strstr (org->str, body_suffixes[i]); p; p = strstr (p + 1, body_suffixes[i]))
      hit = p;
    if (hit) {
      gsize end = (gsize) (hit - org->str) + strlen (body_suffixes[i]);
      best = MAX (best, end);
    }
  }
  if (best > 0 && best < org->len)
    g_string_truncate (org, best);
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

/* The value of a YEAR match's year group (four digits by the rule), 0 without a match. */
static int
year_of (const FrMatch *m)
{
  g_autofree char *y = m ? fr_match_group (m, "year") : NULL;
  return y ? (int) g_ascii_strtoll (y, NULL, 10) : 0;
}

/* The year most often named on the first two pages, when the title names none. */
static int
year_from_text (const FrDocument *doc, guint from)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  int best = 0;
  guint best_n = 0;
  for (guint p = from; p < doc->pages->len && p < from + 2; p++) {
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

/* Fills r from a title that starts on page; takes ownership of title. */
static void
report_from_title (FrAnalysis *an, char *title, guint page, FrReport *r)
{
  r->title = title;
  r->page = page;
  const char *kat = NULL;
  gsize klen = 0;
  const char *kind = fr_kind_find (r->title, &kat, &klen);
  r->kind = g_strdup (kind ? kind : "other");

  GString *org = g_string_new (r->title);
  if (kind) {
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
  if (kind && (strstr (kind, "项目") || strcmp (kind, "绩效评价报告") == 0))
    trim_to_body (org);
  /* a cover's label names the body exactly; a title may name only the level (上海市…市级) */
  char *label = labelled_organization (an->doc, page);
  if (label != NULL) {
    r->organization = label;
    g_string_free (org, TRUE);
  } else if (org->len > 0) {
    r->organization = g_string_free (g_steal_pointer (&org), FALSE);
  } else {
    g_string_free (org, TRUE);
  }
  if (r->year == 0) {
    r->year = year_from_text (an->doc, page);
    if (r->year)
      fr_analysis_warn (an, "fields: the title on page %u names no year; %d is the year its first pages name most",
                        page + 1, r->year);
  }
  if (r->year == 0)
    fr_analysis_warn (an, "fields: no year named on page %u or the next", page + 1);
  if (r->organization == NULL)
    fr_analysis_warn (an, "fields: the title on page %u names no organisation", page + 1);
}

void
fr_stage_fields (FrAnalysis *an)
{
  for (guint i = 0; i < an->blocks->len;) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind != FR_BLOCK_TITLE) {
      i++;
      continue;
    }
    FrReport part = { 0 };
    char *title = title_group (an, i, &i);
    report_from_title (an, title, b->page, &part);
    /* a cover and the title page after it name one report twice; so does a section's cover
     * that names only the place and level (湖州市2026年市级部门预算 inside a 部门预算) */
    if (an->parts->len > 0) {
      const FrReport *last = &g_array_index (an->parts, FrReport, an->parts->len - 1);
      gboolean no_body = part.organization == NULL || fr_rule_test (FR_RULE_ORG_LEVEL_ONLY, part.organization);
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
    char *title = fallback_title (an);
    if (title == NULL) {
      fr_analysis_warn (an, "fields: no title found on the first page");
      return;
    }
    FrReport part = { 0 };
    report_from_title (an, title, 0, &part);
    g_array_append_val (an->parts, part);
  }
  if (an->parts->len > 1)
    fr_analysis_warn (an, "fields: %u reports in one file; `report` is the first, `parts` lists all",
                      an->parts->len);
}
