/* schema.c — the tables and columns of the SQLite, CSV and Excel output (schema.h says how
 * to read a row).  docs/schema.md describes the same tables for people; change both. */
#include "schema.h"

#define COLUMNS(a) a, G_N_ELEMENTS (a)
#define REPORT_ID { "report_id", FR_COL_INTEGER, "@id", FALSE }

static const FrSchemaColumn reports[] = {
  { "id", FR_COL_INTEGER, "@id", FALSE },
  { "path", FR_COL_TEXT, "source.path", FALSE },
  { "sha256", FR_COL_TEXT, "source.sha256", FALSE },
  { "bytes", FR_COL_INTEGER, "source.bytes", FALSE },
  { "format", FR_COL_TEXT, "source.format", FALSE },
  { "pages", FR_COL_INTEGER, "source.pages", FALSE },
  { "status", FR_COL_TEXT, "status", FALSE },
  { "error_code", FR_COL_TEXT, "error.code", FALSE },
  { "error_message", FR_COL_TEXT, "error.message", FALSE },
  { "title", FR_COL_TEXT, "report.title", FALSE },
  { "kind", FR_COL_TEXT, "report.kind", FALSE },
  { "year", FR_COL_INTEGER, "report.year", FALSE },
  { "organization", FR_COL_TEXT, "report.organization", FALSE },
  { "self_score", FR_COL_REAL, "self_score", FALSE },
  { "self_grade", FR_COL_TEXT, "self_grade", FALSE },
  /* the finance totals: one number each, so they sit with their report */
  { "income_total", FR_COL_REAL, "finance.income.total", FALSE },
  { "income_current_year", FR_COL_REAL, "finance.income.current_year", FALSE },
  { "expenditure_total", FR_COL_REAL, "finance.expenditure.total", FALSE },
  { "expenditure_current_year", FR_COL_REAL, "finance.expenditure.current_year", FALSE },
  { "problems", FR_COL_JSON, "problems", FALSE },
  { "measures", FR_COL_JSON, "measures", FALSE },
  { "record", FR_COL_JSON, "@record", TRUE },
};

static const FrSchemaColumn sections[] = {
  REPORT_ID,
  { "section", FR_COL_INTEGER, "#", FALSE },
  { "parent", FR_COL_INTEGER, "@parent", FALSE },
  { "number", FR_COL_TEXT, "number", FALSE },
  { "title", FR_COL_TEXT, "title", FALSE },
  { "level", FR_COL_INTEGER, "level", FALSE },
  { "page", FR_COL_INTEGER, "page", FALSE },
  { "path", FR_COL_TEXT, "@path", FALSE },
};

static const FrSchemaColumn paragraphs[] = {
  { "id", FR_COL_ROWID, "@rowid", FALSE },
  REPORT_ID,
  { "section", FR_COL_INTEGER, "#0", FALSE },
  { "paragraph", FR_COL_INTEGER, "#", FALSE },
  { "path", FR_COL_TEXT, "^0.@path", FALSE },
  { "page", FR_COL_INTEGER, "^0.page", FALSE },
  { "text", FR_COL_TEXT, "$", FALSE },
};

static const FrSchemaColumn tables[] = {
  REPORT_ID,
  { "table", FR_COL_INTEGER, "#", FALSE },
  { "title", FR_COL_TEXT, "title", FALSE },
  { "page", FR_COL_INTEGER, "page", FALSE },
  { "pages", FR_COL_JSON, "pages", FALSE },
  { "box", FR_COL_JSON, "box", FALSE },
  { "method", FR_COL_TEXT, "method", FALSE },
  { "meta", FR_COL_JSON, "meta", FALSE },
  { "total_score", FR_COL_REAL, "total_score", FALSE },
};

static const FrSchemaColumn table_cells[] = {
  REPORT_ID,
  { "table", FR_COL_INTEGER, "#0", FALSE },
  { "is_header", FR_COL_INTEGER, "@tag", FALSE },
  { "row", FR_COL_INTEGER, "#1", FALSE },
  { "column", FR_COL_INTEGER, "#2", FALSE },
  { "text", FR_COL_TEXT, "$", FALSE },
};

static const FrSchemaColumn indicators[] = {
  REPORT_ID,
  { "indicator", FR_COL_INTEGER, "#", FALSE },
  { "category_1", FR_COL_TEXT, "category[0]", FALSE },
  { "category_2", FR_COL_TEXT, "category[1]", FALSE },
  { "category_3", FR_COL_TEXT, "category[2]", FALSE },
  { "category", FR_COL_JSON, "category", FALSE },
  { "name", FR_COL_TEXT, "name", FALSE },
  { "target", FR_COL_TEXT, "target", FALSE },
  { "actual", FR_COL_TEXT, "actual", FALSE },
  { "rate", FR_COL_TEXT, "rate", FALSE },
  { "target_cmp", FR_COL_TEXT, "target_cmp", FALSE },
  { "target_value", FR_COL_REAL, "target_value", FALSE },
  { "actual_value", FR_COL_REAL, "actual_value", FALSE },
  { "unit", FR_COL_TEXT, "unit", FALSE },
  { "rate_value", FR_COL_REAL, "rate_value", FALSE },
  { "weight", FR_COL_REAL, "weight", FALSE },
  { "score", FR_COL_REAL, "score", FALSE },
  { "note", FR_COL_TEXT, "note", FALSE },
  { "page", FR_COL_INTEGER, "page", FALSE },
  { "box", FR_COL_JSON, "box", FALSE },
};

static const FrSchemaColumn finance_items[] = {
  REPORT_ID,
  { "side", FR_COL_TEXT, "@tag", FALSE },
  { "item", FR_COL_INTEGER, "#", FALSE },
  { "name", FR_COL_TEXT, "name", FALSE },
  { "amount", FR_COL_REAL, "amount", FALSE },
  { "direction", FR_COL_TEXT, "change.direction", FALSE },
  { "change_amount", FR_COL_REAL, "change.amount", FALSE },
  { "change_percent", FR_COL_REAL, "change.percent", FALSE },
};

static const FrSchemaColumn budget_tables[] = {
  REPORT_ID,
  { "budget_table", FR_COL_INTEGER, "#", FALSE },
  { "kind", FR_COL_TEXT, "kind", FALSE },
  { "label", FR_COL_TEXT, "label", FALSE },
  { "table", FR_COL_INTEGER, "table", FALSE },
  { "unit", FR_COL_TEXT, "^root.budget.unit", FALSE },
  { "columns", FR_COL_JSON, "columns", FALSE },
};

/* long form: one row per value, with what its row and its column say about it */
static const FrSchemaColumn budget_rows[] = {
  REPORT_ID,
  { "budget_table", FR_COL_INTEGER, "#0", FALSE },
  { "kind", FR_COL_TEXT, "^0.kind", FALSE },
  { "row", FR_COL_INTEGER, "#1", FALSE },
  { "side", FR_COL_TEXT, "^1.side", FALSE },
  { "code", FR_COL_TEXT, "^1.code", FALSE },
  { "level", FR_COL_INTEGER, "^1.level", FALSE },
  { "name", FR_COL_TEXT, "^1.name", FALSE },
  { "column", FR_COL_INTEGER, "#2", FALSE },
  { "role", FR_COL_TEXT, "^0.columns[#2].role", FALSE },
  { "header", FR_COL_TEXT, "^0.columns[#2].header", FALSE },
  { "value", FR_COL_REAL, "$", FALSE },
};

static const FrSchemaColumn budget_figures[] = {
  REPORT_ID,
  { "figure", FR_COL_TEXT, "@key", FALSE },
  { "value", FR_COL_REAL, "$", FALSE },
};

static const FrSchemaColumn evaluations[] = {
  REPORT_ID,
  { "evaluation", FR_COL_INTEGER, "#", FALSE },
  { "kind", FR_COL_TEXT, "kind", FALSE },
  { "name", FR_COL_TEXT, "name", FALSE },
  { "department", FR_COL_TEXT, "department", FALSE },
  { "implementer", FR_COL_TEXT, "implementer", FALSE },
  { "year", FR_COL_INTEGER, "year", FALSE },
  { "initial_budget", FR_COL_REAL, "funds.initial_budget", FALSE },
  { "full_year_budget", FR_COL_REAL, "funds.full_year_budget", FALSE },
  { "executed", FR_COL_REAL, "funds.executed", FALSE },
  { "weight", FR_COL_REAL, "funds.weight", FALSE },
  { "execution_rate", FR_COL_REAL, "funds.execution_rate", FALSE },
  { "score", FR_COL_REAL, "funds.score", FALSE },
  { "parts", FR_COL_JSON, "funds.parts", FALSE },
  { "goal_target", FR_COL_TEXT, "goal.target", FALSE },
  { "goal_actual", FR_COL_TEXT, "goal.actual", FALSE },
  { "indicators", FR_COL_JSON, "indicators", FALSE },
  { "total_weight", FR_COL_REAL, "total_weight", FALSE },
  { "total_score", FR_COL_REAL, "total_score", FALSE },
  { "grade", FR_COL_TEXT, "grade", FALSE },
  { "table", FR_COL_INTEGER, "table", FALSE },
  { "page", FR_COL_INTEGER, "page", FALSE },
  { "pages", FR_COL_JSON, "pages", FALSE },
};

static const FrSchemaColumn checks[] = {
  REPORT_ID,
  { "check", FR_COL_INTEGER, "#", FALSE },
  { "rule", FR_COL_TEXT, "rule", FALSE },
  { "status", FR_COL_TEXT, "status", FALSE },
  { "subject", FR_COL_TEXT, "subject", FALSE },
  { "message", FR_COL_TEXT, "message", FALSE },
  { "page", FR_COL_INTEGER, "page", FALSE },
};

static const FrSchemaColumn warnings[] = {
  REPORT_ID,
  { "warning", FR_COL_INTEGER, "#", FALSE },
  { "text", FR_COL_TEXT, "$", FALSE },
};

const FrSchemaTable fr_tables[] = {
  { "reports", { { "", NULL } }, COLUMNS (reports) },
  { "sections", { { "sections[**]", NULL } }, COLUMNS (sections) },
  { "paragraphs", { { "sections[**].paragraphs[*]", NULL } }, COLUMNS (paragraphs) },
  { "tables", { { "tables[*]", NULL } }, COLUMNS (tables) },
  { "table_cells", { { "tables[*].header[*][*]", "1" }, { "tables[*].rows[*][*]", "0" } },
    COLUMNS (table_cells) },
  { "indicators", { { "indicators[*]", NULL } }, COLUMNS (indicators) },
  { "finance_items", { { "finance.income.items[*]", "income" },
                       { "finance.expenditure.items[*]", "expenditure" } },
    COLUMNS (finance_items) },
  { "budget_tables", { { "budget.tables[*]", NULL } }, COLUMNS (budget_tables) },
  { "budget_rows", { { "budget.tables[*].rows[*].values[*]", NULL } }, COLUMNS (budget_rows) },
  { "budget_figures", { { "budget.figures{**}", NULL } }, COLUMNS (budget_figures) },
  { "evaluations", { { "evaluations[*]", NULL } }, COLUMNS (evaluations) },
  { "checks", { { "checks[*]", NULL } }, COLUMNS (checks) },
  { "warnings", { { "warnings[*]", NULL } }, COLUMNS (warnings) },
};
const guint fr_n_tables = G_N_ELEMENTS (fr_tables);

const char *const fr_budget_figures[] = {
  "income_total", "expenditure_total", "current_year_income", "current_year_expenditure",
  "fiscal_appropriation", "general_budget_expenditure", "basic_expenditure",
  "project_expenditure", "three_public.total", "three_public.overseas",
  "three_public.vehicles", "three_public.vehicle_purchase", "three_public.vehicle_operation",
  "three_public.reception", "operating_costs", "procurement",
};
const guint fr_n_budget_figures = G_N_ELEMENTS (fr_budget_figures);
