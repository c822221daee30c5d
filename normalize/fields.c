/* fields.c — the report fields: title, kind, year, organisation.
 *
 * Only the page text is trusted (a PDF's Info Title and a crawler's file name are often
 * wrong).  The title is the first title block of the first page with text: the large or
 * centred lines before the first heading, joined when a title runs over two lines or blocks.
 * kind is the most specific entry of kinds.def that the title names; year is the first year
 * the title names; the organisation is what remains of the title without year, kind and
 * connecting words.
 */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *name;
  const char *phrases;
} KindRow;

static const KindRow kinds[] = {
#define KIND(name, phrases) { name, phrases },
#include "kinds.def"
#undef KIND
};

/* Finds the kind a text names; sets at and len to the phrase's byte span. */
static const char *
find_kind (const char *text, const char **at, gsize *len)
{
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++) {
    g_auto (GStrv) phrases = g_strsplit (kinds[k].phrases, "|", -1);
    for (guint i = 0; phrases[i]; i++) {
      const char *hit = strstr (text, phrases[i]);
      if (hit) {
        *at = hit;
        *len = strlen (phrases[i]);
        return kinds[k].name;
      }
    }
  }
  return NULL;
}

static char *
title_text (FrAnalysis *an)
{
  GString *s = g_string_new (NULL);
  guint used = 0;
  for (guint i = 0; i < an->blocks->len && used < 3; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind != FR_BLOCK_TITLE)
      break;
    const char *at;
    gsize len;
    /* a cover may carry a date or an issuer under the title: stop once the kind is named */
    if (used > 0 && find_kind (s->str, &at, &len))
      break;
    fr_join_append (s, b->text);
    used++;
  }
  if (used == 0) {
    /* no title block: the first paragraph of the document, if short, is the best guess */
    for (guint i = 0; i < an->blocks->len; i++) {
      const FrBlock *b = g_ptr_array_index (an->blocks, i);
      if (b->kind == FR_BLOCK_PARAGRAPH && g_utf8_strlen (b->text, -1) <= 60) {
        g_string_append (s, b->text);
        break;
      }
      if (b->kind != FR_BLOCK_TABLE)
        break;
    }
  }
  if (s->len == 0) {
    g_string_free (s, TRUE);
    return NULL;
  }
  return g_string_free (s, FALSE);
}

/* The first page with text, as lines in reading order (all but furniture). */
static GPtrArray *
first_page_lines (const FrDocument *doc)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint p = 0; p < doc->pages->len && out->len == 0; p++) {
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
labelled_organization (const FrDocument *doc)
{
  g_autoptr (GPtrArray) lines = first_page_lines (doc);
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

/* The year most often named on the first two pages, when the title names none. */
static int
year_from_text (const FrDocument *doc)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  int best = 0;
  guint best_n = 0;
  for (guint p = 0; p < doc->pages->len && p < 2; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind == FR_LINE_PAGE_NUMBER || l->kind == FR_LINE_RUNNING)
        continue;
      gsize off = 0, s, e;
      for (FrMatch *m; (m = fr_rule_match_at (FR_RULE_YEAR, l->text, off)) != NULL;) {
        g_autofree char *y = fr_match_group (m, "year");
        int year = atoi (y);
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

void
fr_stage_fields (FrAnalysis *an)
{
  FrReport *r = &an->report;
  r->title = title_text (an);
  if (r->title == NULL) {
    fr_analysis_warn (an, "fields: no title found on the first page");
    return;
  }
  const char *kat = NULL;
  gsize klen = 0;
  const char *kind = find_kind (r->title, &kat, &klen);
  r->kind = g_strdup (kind ? kind : "other");

  GString *org = g_string_new (r->title);
  if (kind) {
    /* the kind and whatever follows it (表, 报告, dates) are not the organisation */
    g_string_truncate (org, (gsize) (kat - r->title));
  }
  g_autoptr (FrMatch) ym = fr_rule_match (FR_RULE_YEAR, org->str);
  gsize ys, ye;
  if (ym != NULL && fr_match_span (ym, NULL, &ys, &ye)) {
    g_autofree char *y = fr_match_group (ym, "year");
    r->year = atoi (y);
    g_string_erase (org, (gssize) ys, (gssize) (ye - ys));
  } else {
    /* the year may follow the kind: 部门预算（2026年） */
    g_autoptr (FrMatch) tm = fr_rule_match (FR_RULE_YEAR, r->title);
    g_autofree char *y = tm ? fr_match_group (tm, "year") : NULL;
    r->year = y ? atoi (y) : 0;
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
  /* a cover's label names the body exactly; a title may name only the level (上海市…市级) */
  char *label = labelled_organization (an->doc);
  if (label != NULL) {
    r->organization = label;
    g_string_free (org, TRUE);
  } else if (org->len > 0) {
    r->organization = g_string_free (g_steal_pointer (&org), FALSE);
  } else {
    g_string_free (org, TRUE);
  }
  if (r->year == 0) {
    r->year = year_from_text (an->doc);
    if (r->year)
      fr_analysis_warn (an, "fields: the title names no year; %d is the year the first pages name most", r->year);
  }
  if (r->year == 0)
    fr_analysis_warn (an, "fields: no year named on the first pages");
  if (r->organization == NULL)
    fr_analysis_warn (an, "fields: the title names no organisation");
}
