/* pipeline.c — the stages as a table, run by one loop, and the analysis's lifecycle. */
#include "analysis.h"

#include <cjson/cJSON.h>
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
  an->warnings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; doc && i < doc->warnings->len; i++)
    g_ptr_array_add (an->warnings, g_strdup (g_ptr_array_index (doc->warnings, i)));
  an->fixes = g_array_new (FALSE, TRUE, sizeof (FrFix));
  an->parts = g_array_new (FALSE, TRUE, sizeof (FrReport));
  an->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_check_free);
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
  for (guint i = 0; i < an->fixes->len; i++) {
    FrFix *f = &g_array_index (an->fixes, FrFix, i);
    g_free (f->before);
    g_free (f->after);
  }
  g_array_unref (an->fixes);
  for (guint i = 0; i < an->parts->len; i++) {
    FrReport *r = &g_array_index (an->parts, FrReport, i);
    g_free (r->title);
    g_free (r->kind);
    g_free (r->organization);
  }
  g_array_unref (an->parts);
  g_free (an->self_grade);
  cJSON_Delete (an->finance);
  cJSON_Delete (an->problems);
  cJSON_Delete (an->measures);
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
  FrCheck *c = g_new0 (FrCheck, 1);
  c->rule = rule;
  c->pass = pass;
  c->subject = g_strdup (subject ? subject : "");
  va_list ap;
  va_start (ap, fmt);
  c->message = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  c->has_page = page >= 0;
  c->page = page >= 0 ? (guint) page : 0;
  g_ptr_array_add (an->checks, c);
}

void
fr_check_free (FrCheck *c)
{
  if (c == NULL)
    return;
  g_free (c->subject);
  g_free (c->message);
  g_free (c);
}

void
fr_analysis_fix (FrAnalysis *an, FrRuleId rule, const char *what, const FrLine *line,
                 const char *before, const char *after)
{
  FrFix f = { rule, what, line->page, { line->x0, line->y0, line->x1, line->y1 },
              g_strdup (before), g_strdup (after) };
  g_array_append_val (an->fixes, f);
}

FrBlock *
fr_block_new (FrBlockKind kind, guint page)
{
  FrBlock *b = g_new0 (FrBlock, 1);
  b->kind = kind;
  b->page = page;
  b->last_page = page;
  b->rank = -1;
  b->lines = g_ptr_array_new ();
  return b;
}

void
fr_block_free (FrBlock *b)
{
  if (b == NULL)
    return;
  g_free (b->text);
  g_free (b->number);
  g_ptr_array_unref (b->lines);
  fr_table_free (b->table);
  g_free (b);
}

FrTable *
fr_table_new (void)
{
  FrTable *t = g_new0 (FrTable, 1);
  t->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  t->row_pages = g_ptr_array_new ();
  t->cells = g_array_new (FALSE, TRUE, sizeof (FrCell));
  t->grid = g_array_new (FALSE, FALSE, sizeof (guint));
  t->meta = g_ptr_array_new_with_free_func (g_free);
  return t;
}

void
fr_table_free (FrTable *t)
{
  if (t == NULL)
    return;
  g_free (t->title);
  g_array_unref (t->pages);
  g_ptr_array_unref (t->rows);
  g_ptr_array_unref (t->row_pages);
  for (guint i = 0; i < t->cells->len; i++)
    g_free (g_array_index (t->cells, FrCell, i).text);
  g_array_unref (t->cells);
  g_array_unref (t->grid);
  g_ptr_array_unref (t->meta);
  g_free (t);
}

guint
fr_table_row_page (const FrTable *t, guint r)
{
  return r < t->row_pages->len ? GPOINTER_TO_UINT (g_ptr_array_index (t->row_pages, r)) : t->page;
}

void
fr_indicator_free (FrIndicator *ind)
{
  if (ind == NULL)
    return;
  g_free (ind->name);
  g_free (ind->target);
  g_free (ind->actual);
  g_free (ind->rate);
  g_free (ind->unit);
  g_free (ind->weight_text);
  g_free (ind->score_text);
  g_free (ind->note);
  if (ind->category)
    g_ptr_array_unref (ind->category);
  g_free (ind);
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
