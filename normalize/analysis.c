/* analysis.c — an analysis's lifecycle, and the calls every stage makes to record what it
 * found or doubted: a warning, a check, a change. */
#include "analysis.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const FrDebug *
fr_debug_from_env (void)
{
  static FrDebug debug;
  static gsize once = 0;
  if (g_once_init_enter (&once)) {
    const char *tables = g_getenv ("FINREP_DEBUG_TABLES");
    debug.lines = g_getenv ("FINREP_DEBUG_LINES") != NULL;
    debug.tables = tables == NULL ? 0 : g_strcmp0 (tables, "2") == 0 ? 2 : 1;
    debug.tagged = g_getenv ("FINREP_DEBUG_TAGGED") != NULL;
    /* the environment's own string: it outlives every analysis */
    debug.no_doubt = g_getenv ("FINREP_DEBUG_NO_DOUBT");
    g_once_init_leave (&once, 1);
  }
  return &debug;
}

FrAnalysis *
fr_analysis_new (const FrDocument *doc)
{
  FrAnalysis *an = g_new0 (FrAnalysis, 1);
  an->doc = doc;
  an->debug = fr_debug_from_env ();
  an->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_block_free);
  an->tables = g_ptr_array_new ();
  an->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_indicator_free);
  an->evaluations = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_evaluation_free);
  an->warnings = fr_strings_new ();
  for (guint i = 0; doc && i < doc->warnings->len; i++)
    g_ptr_array_add (an->warnings, g_strdup (g_ptr_array_index (doc->warnings, i)));
  an->fixes = g_array_new (FALSE, TRUE, sizeof (FrFix));
  an->parts = g_array_new (FALSE, TRUE, sizeof (FrReport));
  an->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_check_free);
  an->problems = fr_strings_new ();
  an->measures = fr_strings_new ();
  return an;
}

void
fr_analysis_free (FrAnalysis *an)
{
  if (an == NULL)
    return;
  fr_section_free (an->root);
  g_ptr_array_unref (an->evaluations);
  g_ptr_array_unref (an->indicators);
  g_ptr_array_unref (an->tables);
  g_ptr_array_unref (an->blocks);
  g_ptr_array_unref (an->warnings);
  for (guint i = 0; i < an->fixes->len; i++)
    fr_fix_clear (&g_array_index (an->fixes, FrFix, i));
  g_array_unref (an->fixes);
  for (guint i = 0; i < an->parts->len; i++)
    fr_report_clear (&g_array_index (an->parts, FrReport, i));
  g_array_unref (an->parts);
  g_free (an->self_grade);
  fr_finance_free (an->finance);
  g_ptr_array_unref (an->problems);
  g_ptr_array_unref (an->measures);
  g_ptr_array_unref (an->checks);
  fr_budget_free (an->budget);
  g_free (an);
}

const FrReport *
fr_analysis_report (const FrAnalysis *an)
{
  return an->parts->len ? &g_array_index (an->parts, FrReport, 0) : NULL;
}

const FrReport *
fr_analysis_report_at (const FrAnalysis *an, guint page)
{
  return an->parts->len ? &g_array_index (an->parts, FrReport, fr_part_at (an->parts, page)) : NULL;
}

void
fr_analysis_warn (FrAnalysis *an, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_ptr_array_add (an->warnings, g_strdup_vprintf (fmt, ap));
  va_end (ap);
}

gboolean
fr_analysis_ocr_page (const FrAnalysis *an, guint page)
{
  const FrDocument *doc = an->doc;
  for (guint k = 0; doc && doc->ocr_pages && k < doc->ocr_pages->len; k++)
    if (g_array_index (doc->ocr_pages, guint, k) == page)
      return TRUE;
  return FALSE;
}

static const FrRuleId figure_doubts[] = {
  FR_RULE_OCR_NUMBER_DOUBT, FR_RULE_OCR_FIGURE_LETTERS, FR_RULE_OCR_PERCENT_DIGIT,
  FR_RULE_OCR_FIGURE_LEADING_ZERO,
};

/* A character of a figure as OCR may have read it: digits, marks, Latin letters. */
static gboolean
figure_char (char c)
{
  return g_ascii_isalnum (c) || strchr (".,%", c) != NULL;
}

gboolean
fr_ocr_next_doubt (const char *text, gsize off, gsize *a, gsize *b)
{
  gsize best_a = G_MAXSIZE, best_b = 0;
  for (guint r = 0; r < G_N_ELEMENTS (figure_doubts); r++) {
    g_autoptr (FrMatch) m = fr_rule_match_at (figure_doubts[r], text, off);
    gsize ma = 0, mb = 0;
    if (m == NULL || !fr_match_span (m, NULL, &ma, &mb) || ma >= best_a)
      continue;
    best_a = ma;
    best_b = mb;
  }
  if (best_a == G_MAXSIZE)
    return FALSE;
  while (best_a > 0 && figure_char (text[best_a - 1]))
    best_a--;
  while (text[best_b] && figure_char (text[best_b]))
    best_b++;
  *a = best_a;
  *b = MAX (best_b, best_a + 1);
  return TRUE;
}

/* The warning for a figure given no value, once. */
static void
warn_no_value (FrAnalysis *an, guint page, const char *text)
{
  g_autofree char *w = g_strdup_printf ("page %u: a figure read by OCR is in doubt and is given no value "
                                        "(its text stays as read): %s", page + 1, text ? text : "");
  for (guint i = 0; i < an->warnings->len; i++)
    if (strcmp (g_ptr_array_index (an->warnings, i), w) == 0)
      return;
  g_ptr_array_add (an->warnings, g_steal_pointer (&w));
}

gboolean
fr_analysis_text_doubt (FrAnalysis *an, guint page, const char *text, gsize a, gsize b)
{
  if (an == NULL || text == NULL || !fr_analysis_ocr_page (an, page))
    return FALSE;
  gsize da = 0, db = 0;
  for (gsize off = 0; off < b && text[off] && fr_ocr_next_doubt (text, off, &da, &db); off = db) {
    if (da < b && db > a) {
      g_autofree char *run = g_strndup (text + da, db - da);
      warn_no_value (an, page, run);
      return TRUE;
    }
  }
  /* a sentence's % is not read from its ink, as a cell's is: 9% may be chi_sim's % */
  g_autoptr (FrMatch) m = fr_rule_match_at (FR_RULE_OCR_SENTENCE_PERCENT_NINE, text, a);
  gsize ma = 0, mb = 0;
  if (m != NULL && fr_match_span (m, NULL, &ma, &mb) && ma == a) {
    g_autofree char *run = g_strndup (text + ma, mb - ma + 1);
    warn_no_value (an, page, run);
    return TRUE;
  }
  return FALSE;
}

gboolean
fr_analysis_match_doubt (FrAnalysis *an, guint page, const char *text, gsize off, const FrMatch *m,
                         const char *group)
{
  gsize a = 0, b = 0;
  return fr_match_span (m, group, &a, &b) && fr_analysis_text_doubt (an, page, text, off + a, off + b);
}

gboolean
fr_analysis_doubt (FrAnalysis *an, guint page, FrBox box, const char *text)
{
  const FrDocument *doc = an->doc;
  if (!fr_analysis_ocr_page (an, page) || page >= doc->pages->len)
    return FALSE;
  const FrPage *pg = g_ptr_array_index (doc->pages, page);
  gboolean doubt = FALSE;
  for (guint l = 0; l < pg->lines->len && !doubt; l++) {
    const FrLine *line = g_ptr_array_index (pg->lines, l);
    if (fr_box_overlap_area (fr_line_box (line), box) <= 0)
      continue;
    for (guint i = 0; i < line->glyphs->len && !doubt; i++) {
      const FrGlyph *g = &g_array_index (line->glyphs, FrGlyph, i);
      float cx = (g->x0 + g->x1) / 2, cy = (g->y0 + g->y1) / 2;
      doubt = g->doubt && cx >= box.x0 && cx <= box.x1 && cy >= box.y0 && cy <= box.y1;
    }
  }
  if (!doubt)
    return FALSE;
  warn_no_value (an, page, text);
  return TRUE;
}

gboolean
fr_analysis_cell_doubt (FrAnalysis *an, const FrTable *t, guint r, guint c)
{
  if (an->doc == NULL || an->doc->ocr_pages == NULL || t->grid->len != t->rows->len * t->n_cols
      || r >= t->rows->len || c >= t->n_cols)
    return FALSE;
  const FrCell *cell = &g_array_index (t->cells, FrCell, fr_table_cell_at (t, r, c));
  return fr_analysis_doubt (an, cell->page, cell->box, fr_table_text (t, r, c));
}

void
fr_analysis_check (FrAnalysis *an, const char *rule, gboolean pass, const char *subject,
                   int page, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *message = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_ptr_array_add (an->checks, fr_check_new (rule, pass, subject, page, message));
}

void
fr_analysis_check_cell (FrAnalysis *an, const FrTable *t, guint row, guint col)
{
  if (an->checks->len == 0 || t == NULL)
    return;
  FrCheck *c = g_ptr_array_index (an->checks, an->checks->len - 1);
  FrCellRef ref = { t, fr_table_cell_at (t, row, col) };
  if (ref.cell >= t->cells->len)
    return;
  if (c->cells == NULL)
    c->cells = g_array_new (FALSE, FALSE, sizeof (FrCellRef));
  for (guint i = 0; i < c->cells->len; i++) {
    const FrCellRef *o = &g_array_index (c->cells, FrCellRef, i);
    if (o->table == t && o->cell == ref.cell)
      return;
  }
  g_array_append_val (c->cells, ref);
}

void
fr_analysis_fix (FrAnalysis *an, FrRuleId rule, const char *what, const FrLine *line,
                 const char *before, const char *after)
{
  FrFix f = { rule, what, line->page, fr_line_box (line), g_strdup (before), g_strdup (after) };
  g_array_append_val (an->fixes, f);
}

void
fr_analysis_dump_lines (const FrAnalysis *an, FILE *out)
{
  const FrDocument *doc = an->doc;
  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    fprintf (out, "== page %u  %.0fx%.0f  column %.1f–%.1f\n", p + 1, page->width, page->height,
             page->col_x0, page->col_x1);
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (page->lines, i);
      fprintf (out, "%6.1f %6.1f %6.1f %6.1f %4.1f%s k%d %s\n", l->x0, l->y0, l->x1, l->y1, l->size,
               l->bold ? "b" : " ", l->kind, l->text);
    }
  }
}
