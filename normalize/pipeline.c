/* pipeline.c — the stages as a table, run by one loop, and the analysis's lifecycle. */
#include "analysis.h"

#include <stdarg.h>
#include <stdio.h>


typedef struct {
  const char *name;
  void (*run) (FrAnalysis *an);
} Stage;

/* In order; each stage reads what the ones before it made (DESIGN.md, "Stages"). */
static const Stage stages[] = {
  { "chars", fr_stage_chars },         /* radicals, full-width, spurious spaces */
  { "furniture", fr_stage_furniture }, /* page numbers, running headers and footers */
  { "layout", fr_stage_layout },       /* the text column of each page */
  { "tables", fr_stage_tables },       /* table regions, cells, rows, tables across pages */
  { "blocks", fr_stage_blocks },       /* paragraphs, headings, title */
  { "sections", fr_stage_sections },   /* the heading tree */
  { "fields", fr_stage_fields },       /* title, kind, year, organisation */
  { "indicators", fr_stage_indicators }, /* indicator rows from the tables */
  { "finance", fr_stage_finance },     /* income, expenditure, self-score, problems, measures */
  { "checks", fr_stage_checks },       /* the report's arithmetic, re-done */
};

void
fr_analyze (FrAnalysis *an)
{
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++) {
    gint64 t0 = g_get_monotonic_time ();
    stages[i].run (an);
    double *secs = g_new (double, 1);
    *secs = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
    g_hash_table_replace (an->timings, (gpointer) stages[i].name, secs);
  }
}

FrAnalysis *
fr_analysis_new (const FrDocument *doc)
{
  FrAnalysis *an = g_new0 (FrAnalysis, 1);
  an->doc = doc;
  an->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_block_free);
  an->tables = g_ptr_array_new ();
  an->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_indicator_free);
  an->warnings = fr_strings_new ();
  for (guint i = 0; doc && i < doc->warnings->len; i++)
    g_ptr_array_add (an->warnings, g_strdup (g_ptr_array_index (doc->warnings, i)));
  an->fixes = g_array_new (FALSE, TRUE, sizeof (FrFix));
  an->parts = g_array_new (FALSE, TRUE, sizeof (FrReport));
  an->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_check_free);
  an->problems = fr_strings_new ();
  an->measures = fr_strings_new ();
  an->timings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  return an;
}

void
fr_analysis_free (FrAnalysis *an)
{
  if (an == NULL)
    return;
  fr_section_free (an->root);
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
  g_hash_table_unref (an->timings);
  g_free (an);
}

const FrReport *
fr_analysis_report (const FrAnalysis *an)
{
  return an->parts->len ? &g_array_index (an->parts, FrReport, 0) : NULL;
}

void
fr_analysis_warn (FrAnalysis *an, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_ptr_array_add (an->warnings, g_strdup_vprintf (fmt, ap));
  va_end (ap);
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
