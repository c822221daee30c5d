/* pipeline.c — the stages as a table, run by one loop. */
#include "stages.h"

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
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    stages[i].run (an);
}
