/* record.c — a result as the JSON record of RECORD.md (keys in a fixed order) and as text. */
#include "finrep.h"
#include "aside.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

struct _FrResult {
  FrSource *src;
  FrDocument *doc;
  FrAnalysis *an;
  GError *error;
  char *path;
};

/* A result that holds what is known so far: the path, and the source when it was read. */
static FrResult *
result_new (const char *path, FrSource *src, GError *error)
{
  FrResult *res = g_new0 (FrResult, 1);
  res->path = g_strdup (path);
  res->src = src;
  res->error = error;
  return res;
}

static FrResult *process_document (FrSource *src, FrDocument *doc, gboolean quiet);

FrResult *
fr_process_file (const char *path, const FrOptions *opts)
{
  GError *error = NULL;
  FrSource *src = fr_source_load (path, &error);
  if (src == NULL)
    return result_new (path, NULL, error);
  if (opts && opts->on_source)
    opts->on_source (src, opts->on_source_data);
  return fr_process_source (src, opts);
}

/* What any file's parse needs first, made aside: Poppler's tables (the first thing the PDF
 * route needs), then the rules (the stages', after the text pass). */
static gpointer
prepare (gpointer unused)
{
  fr_extract_prepare ();
  fr_rules_compile_all ();
  return NULL;
}

gboolean
fr_work_aside (void)
{
  /* before the thread starts, which then sees it (the PDF route opens a document while the
   * thread makes Poppler's tables) */
  fr_extract_quiet ();
  return fr_aside_start (prepare, NULL);
}

FrResult *
fr_process_source (FrSource *src, const FrOptions *opts)
{
  FrExtractOptions xo = { 0 };
  if (opts) {
    xo.max_pages = opts->max_pages;
    xo.ocr = opts->ocr;
    xo.on_ocr_page = opts->on_ocr_page;
    xo.on_ocr_page_data = opts->on_ocr_page_data;
  }
  GError *error = NULL;
  FrDocument *doc = fr_extract (src, &xo, &error);
  if (doc == NULL)
    return result_new (src->path, src, error);
  return process_document (src, doc, opts != NULL && opts->quiet);
}

FrResult *
fr_process_document (FrSource *src, FrDocument *doc)
{
  return process_document (src, doc, FALSE);
}

static FrResult *
process_document (FrSource *src, FrDocument *doc, gboolean quiet)
{
  static const FrDebug silent = { 0 };
  FrResult *res = result_new (src->path, src, NULL);
  res->doc = doc;
  res->an = fr_analysis_new (res->doc);
  if (quiet)
    res->an->debug = &silent;
  fr_analyze (res->an);
  if (res->an->debug->lines)
    fr_analysis_dump_lines (res->an, stderr);
  return res;
}

void
fr_result_free (FrResult *res)
{
  if (res == NULL)
    return;
  fr_analysis_free (res->an);
  fr_document_free (res->doc);
  fr_source_free (res->src);
  g_clear_error (&res->error);
  g_free (res->path);
  g_free (res);
}

const GError *fr_result_error (const FrResult *res) { return res->error; }
const FrSource *fr_result_source (const FrResult *res) { return res->src; }
const FrDocument *fr_result_document (const FrResult *res) { return res->doc; }
const FrAnalysis *fr_result_analysis (const FrResult *res) { return res->an; }

guint
fr_result_pages (const FrResult *res)
{
  return res->doc ? res->doc->pages->len : 0;
}

guint
fr_result_ocr_pages (const FrResult *res)
{
  return res->doc && res->doc->ocr_pages ? res->doc->ocr_pages->len : 0;
}

static double
round1 (double x)
{
  return round (x * 10.0) / 10.0;
}

static cJSON *
box_json (const FrDocument *doc, FrBox b)
{
  if (doc == NULL || !doc->has_geometry)
    return cJSON_CreateNull ();
  cJSON *a = cJSON_CreateArray ();
  cJSON_AddItemToArray (a, cJSON_CreateNumber (round1 (b.x0)));
  cJSON_AddItemToArray (a, cJSON_CreateNumber (round1 (b.y0)));
  cJSON_AddItemToArray (a, cJSON_CreateNumber (round1 (b.x1)));
  cJSON_AddItemToArray (a, cJSON_CreateNumber (round1 (b.y1)));
  return a;
}

static cJSON *
string_or_null (const char *s)
{
  return s ? cJSON_CreateString (s) : cJSON_CreateNull ();
}

static cJSON *
number_or_null (gboolean has, double v)
{
  return has ? cJSON_CreateNumber (v) : cJSON_CreateNull ();
}

static cJSON *
strings_json (GPtrArray *a)
{
  cJSON *arr = cJSON_CreateArray ();
  for (guint i = 0; a && i < a->len; i++)
    cJSON_AddItemToArray (arr, cJSON_CreateString (g_ptr_array_index (a, i)));
  return arr;
}

static cJSON *
source_json (const char *path, const char *sha256, gint64 bytes, const char *format, guint pages,
             const GArray *ocr_pages)
{
  cJSON *s = cJSON_CreateObject ();
  cJSON_AddItemToObject (s, "path", cJSON_CreateString (path));
  cJSON_AddItemToObject (s, "sha256", string_or_null (sha256));
  cJSON_AddItemToObject (s, "bytes", bytes >= 0 ? cJSON_CreateNumber ((double) bytes) : cJSON_CreateNull ());
  cJSON_AddItemToObject (s, "format", string_or_null (format));
  cJSON_AddItemToObject (s, "pages", pages > 0 ? cJSON_CreateNumber (pages) : cJSON_CreateNull ());
  /* only when OCR read some: the records of text PDFs stay as they were */
  if (ocr_pages != NULL && ocr_pages->len > 0) {
    cJSON *a = cJSON_AddArrayToObject (s, "ocr_pages");
    for (guint i = 0; i < ocr_pages->len; i++)
      cJSON_AddItemToArray (a, cJSON_CreateNumber (g_array_index (ocr_pages, guint, i) + 1));
  }
  return s;
}

/* The fields every record has, empty; filled in by the caller. */
static cJSON *
record_skeleton (cJSON *source)
{
  cJSON *r = cJSON_CreateObject ();
  cJSON_AddStringToObject (r, "schema", FR_SCHEMA);
  cJSON_AddItemToObject (r, "source", source);
  cJSON_AddStringToObject (r, "status", "ok");
  cJSON_AddNullToObject (r, "error");
  cJSON_AddNullToObject (r, "report");
  cJSON_AddArrayToObject (r, "parts");
  cJSON_AddArrayToObject (r, "sections");
  cJSON_AddArrayToObject (r, "tables");
  cJSON_AddArrayToObject (r, "indicators");
  cJSON_AddArrayToObject (r, "evaluations");
  cJSON_AddNullToObject (r, "finance");
  cJSON_AddNullToObject (r, "budget");
  cJSON_AddNullToObject (r, "self_score");
  cJSON_AddNullToObject (r, "self_grade");
  cJSON_AddArrayToObject (r, "problems");
  cJSON_AddArrayToObject (r, "measures");
  cJSON_AddArrayToObject (r, "checks");
  cJSON_AddArrayToObject (r, "warnings");
  return r;
}

/* cJSON writes a string's bytes as they are, and a record must be UTF-8: a path need not be
 * (Latin-1 names in old archives), nor need every string a text layer gives.  So before a
 * record leaves, every string value in it is made valid, each bad byte becoming U+FFFD.
 * Keys are finrep's own names and are left alone. */
static void
make_strings_valid (cJSON *node)
{
  for (cJSON *c = node; c != NULL; c = c->next) {
    if (cJSON_IsString (c) && c->valuestring != NULL && !g_utf8_validate (c->valuestring, -1, NULL)) {
      g_autofree char *valid = g_utf8_make_valid (c->valuestring, -1);
      cJSON_SetValuestring (c, valid);
    }
    make_strings_valid (c->child);
  }
}

static void
set_error (cJSON *r, FrErrorCode code, const char *message)
{
  cJSON *e = cJSON_CreateObject ();
  cJSON_AddStringToObject (e, "code", fr_error_code_name (code));
  cJSON_AddStringToObject (e, "message", message);
  cJSON_ReplaceItemInObject (r, "status", cJSON_CreateString ("error"));
  cJSON_ReplaceItemInObject (r, "error", e);
}

cJSON *
fr_error_record_new (const char *path, const char *sha256, gint64 bytes, FrErrorCode code,
                     const char *message)
{
  cJSON *r = record_skeleton (source_json (path, sha256, bytes, NULL, 0, NULL));
  set_error (r, code, message);
  make_strings_valid (r);
  return r;
}

char *
fr_heading_display (const FrBlock *b)
{
  const char *n = b->number ? b->number : "";
  if (b->number == NULL)   /* an unnumbered heading (page_heading) */
    return g_strdup (b->text);
  switch (b->rank) {
  case 0: return g_strdup_printf ("%s %s", n, b->text);
  case 1: return g_strdup_printf ("%s、%s", n, b->text);
  case 3: return g_strdup_printf ("%s.%s", n, b->text);
  default: return g_strdup_printf ("%s%s", n, b->text);
  }
}

static cJSON *
report_json (const FrReport *rep, gboolean with_page)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddItemToObject (o, "title", string_or_null (rep->title));
  cJSON_AddItemToObject (o, "kind", string_or_null (rep->kind));
  cJSON_AddItemToObject (o, "year", rep->year ? cJSON_CreateNumber (rep->year) : cJSON_CreateNull ());
  cJSON_AddItemToObject (o, "organization", string_or_null (rep->organization));
  if (with_page)
    cJSON_AddNumberToObject (o, "page", rep->page + 1);
  return o;
}

static cJSON *
section_json (const FrSection *s)
{
  cJSON *o = cJSON_CreateObject ();
  const FrBlock *h = s->heading;
  cJSON_AddItemToObject (o, "number", string_or_null (h ? h->number : NULL));
  cJSON_AddItemToObject (o, "title", string_or_null (h ? h->text : NULL));
  cJSON_AddNumberToObject (o, "level", s->level);
  guint page = h ? h->page : (s->paragraphs->len ? ((FrBlock *) g_ptr_array_index (s->paragraphs, 0))->page : 0);
  cJSON_AddNumberToObject (o, "page", page + 1);
  cJSON *paras = cJSON_AddArrayToObject (o, "paragraphs");
  for (guint i = 0; i < s->paragraphs->len; i++)
    cJSON_AddItemToArray (paras, cJSON_CreateString (((FrBlock *) g_ptr_array_index (s->paragraphs, i))->text));
  cJSON *kids = cJSON_AddArrayToObject (o, "sections");
  for (guint i = 0; i < s->children->len; i++)
    cJSON_AddItemToArray (kids, section_json (g_ptr_array_index (s->children, i)));
  return o;
}

static cJSON *
rows_json (const FrTable *t, guint from, guint to)
{
  cJSON *a = cJSON_CreateArray ();
  for (guint r = from; r < to && r < t->rows->len; r++)
    cJSON_AddItemToArray (a, strings_json (g_ptr_array_index (t->rows, r)));
  return a;
}

static cJSON *
table_json (const FrDocument *doc, const FrTable *t)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddItemToObject (o, "title", string_or_null (t->title));
  cJSON_AddNumberToObject (o, "page", t->page + 1);
  cJSON *pages = cJSON_AddArrayToObject (o, "pages");
  for (guint i = 0; i < t->pages->len; i++)
    cJSON_AddItemToArray (pages, cJSON_CreateNumber (g_array_index (t->pages, guint, i) + 1));
  cJSON_AddItemToObject (o, "box", box_json (doc, t->box));
  cJSON_AddItemToObject (o, "method", string_or_null (t->method));
  cJSON_AddItemToObject (o, "meta", strings_json (t->meta));
  cJSON_AddItemToObject (o, "total_score", number_or_null (t->has_total_score, t->total_score));
  cJSON_AddItemToObject (o, "header", rows_json (t, 0, t->n_header_rows));
  cJSON_AddItemToObject (o, "rows", rows_json (t, t->n_header_rows, t->rows->len));
  return o;
}

static cJSON *
indicator_json (const FrDocument *doc, const FrIndicator *ind)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddItemToObject (o, "category", strings_json (ind->category));
  cJSON_AddItemToObject (o, "name", string_or_null (ind->name));
  cJSON_AddItemToObject (o, "target", string_or_null (ind->target));
  cJSON_AddItemToObject (o, "actual", string_or_null (ind->actual));
  cJSON_AddItemToObject (o, "rate", string_or_null (ind->rate));
  cJSON_AddItemToObject (o, "target_cmp", string_or_null (ind->target_cmp));
  cJSON_AddItemToObject (o, "target_value", number_or_null (ind->has_target_value, ind->target_value));
  cJSON_AddItemToObject (o, "actual_value", number_or_null (ind->has_actual_value, ind->actual_value));
  cJSON_AddItemToObject (o, "unit", string_or_null (ind->unit));
  cJSON_AddItemToObject (o, "rate_value", number_or_null (ind->has_rate_value, ind->rate_value));
  cJSON_AddItemToObject (o, "weight", number_or_null (ind->has_weight, ind->weight));
  cJSON_AddItemToObject (o, "score", number_or_null (ind->has_score, ind->score));
  cJSON_AddItemToObject (o, "note", string_or_null (ind->note));
  cJSON_AddNumberToObject (o, "page", ind->page + 1);
  cJSON_AddItemToObject (o, "box", box_json (doc, ind->box));
  return o;
}

/* Where a typed table or a unit was read: its index in `tables`, its first page and every
 * page (0-based in, 1-based out). */
static void
add_place (cJSON *o, guint table, guint page, const GArray *pages)
{
  cJSON_AddNumberToObject (o, "table", table);
  cJSON_AddNumberToObject (o, "page", page + 1);
  cJSON *list = cJSON_AddArrayToObject (o, "pages");
  for (guint i = 0; i < pages->len; i++)
    cJSON_AddItemToArray (list, cJSON_CreateNumber (g_array_index (pages, guint, i) + 1));
}

static void
funds_amounts (cJSON *o, const FrFundsPart *p)
{
  cJSON_AddItemToObject (o, "initial_budget", number_or_null (p->has_initial_budget, p->initial_budget));
  cJSON_AddItemToObject (o, "full_year_budget", number_or_null (p->has_full_year_budget, p->full_year_budget));
  cJSON_AddItemToObject (o, "executed", number_or_null (p->has_executed, p->executed));
}

static cJSON *
funds_json (const FrFunds *f)
{
  if (f == NULL)
    return cJSON_CreateNull ();
  cJSON *o = cJSON_CreateObject ();
  funds_amounts (o, &f->total);
  cJSON_AddItemToObject (o, "weight", number_or_null (f->has_weight, f->weight));
  cJSON_AddItemToObject (o, "execution_rate", number_or_null (f->has_execution_rate, f->execution_rate));
  cJSON_AddItemToObject (o, "score", number_or_null (f->has_score, f->score));
  cJSON *parts = cJSON_AddArrayToObject (o, "parts");
  for (guint i = 0; i < f->parts->len; i++) {
    const FrFundsPart *p = &g_array_index (f->parts, FrFundsPart, i);
    cJSON *po = cJSON_CreateObject ();
    cJSON_AddItemToObject (po, "name", string_or_null (p->name));
    funds_amounts (po, p);
    cJSON_AddItemToArray (parts, po);
  }
  return o;
}

static const char *
side_name (FrBudgetSide side)
{
  return side == FR_BUDGET_SIDE_INCOME ? "income" : side == FR_BUDGET_SIDE_EXPENDITURE ? "expenditure" : NULL;
}

static cJSON *
budget_table_json (const FrBudgetTable *t)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "kind", t->kind);
  cJSON_AddItemToObject (o, "label", string_or_null (t->label));
  cJSON_AddItemToObject (o, "title", string_or_null (t->title));
  add_place (o, t->table, t->page, t->pages);
  cJSON_AddItemToObject (o, "printed_unit", string_or_null (t->unit));
  cJSON *cols = cJSON_AddArrayToObject (o, "columns");
  for (guint c = 0; c < t->columns->len; c++) {
    const FrBudgetColumn *col = &g_array_index (t->columns, FrBudgetColumn, c);
    cJSON *co = cJSON_CreateObject ();
    cJSON_AddItemToObject (co, "role", string_or_null (col->role));
    cJSON_AddItemToObject (co, "header", string_or_null (col->header));
    cJSON_AddItemToArray (cols, co);
  }
  cJSON *rows = cJSON_AddArrayToObject (o, "rows");
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    cJSON *ro = cJSON_CreateObject ();
    cJSON_AddItemToObject (ro, "side", string_or_null (side_name (r->side)));
    cJSON_AddItemToObject (ro, "code", string_or_null (r->code));
    cJSON_AddItemToObject (ro, "level", number_or_null (r->level > 0, r->level));
    cJSON_AddItemToObject (ro, "name", string_or_null (r->name));
    cJSON *vals = cJSON_AddArrayToObject (ro, "values");
    for (guint c = 0; c < r->values->len; c++) {
      const FrBudgetValue *v = &g_array_index (r->values, FrBudgetValue, c);
      cJSON_AddItemToArray (vals, number_or_null (v->has, v->value));
    }
    cJSON_AddNumberToObject (ro, "page", r->page + 1);
    cJSON_AddItemToArray (rows, ro);
  }
  return o;
}

static cJSON *
evaluation_json (const FrEvaluation *ev)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "kind", ev->kind == FR_EVALUATION_DEPARTMENT ? "department" : "project");
  cJSON_AddItemToObject (o, "name", string_or_null (ev->name));
  cJSON_AddItemToObject (o, "department", string_or_null (ev->department));
  cJSON_AddItemToObject (o, "implementer", string_or_null (ev->implementer));
  cJSON_AddItemToObject (o, "year", number_or_null (ev->year > 0, ev->year));
  cJSON_AddItemToObject (o, "funds", funds_json (ev->funds));
  cJSON *goal = cJSON_AddObjectToObject (o, "goal");
  cJSON_AddItemToObject (goal, "target", string_or_null (ev->goal_target));
  cJSON_AddItemToObject (goal, "actual", string_or_null (ev->goal_actual));
  cJSON *inds = cJSON_AddArrayToObject (o, "indicators");
  for (guint i = 0; i < ev->indicators->len; i++)
    cJSON_AddItemToArray (inds, cJSON_CreateNumber (g_array_index (ev->indicators, guint, i)));
  cJSON_AddItemToObject (o, "total_weight", number_or_null (ev->has_total_weight, ev->total_weight));
  cJSON_AddItemToObject (o, "total_score", number_or_null (ev->has_total_score, ev->total_score));
  cJSON_AddItemToObject (o, "grade", string_or_null (ev->grade));
  add_place (o, ev->table, ev->page, ev->pages);
  return o;
}

/* RECORD.md's budget: the typed tables, then the figures (a dotted key nests). */
static cJSON *
budget_json (const FrBudget *b)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "unit", "万元");
  cJSON *tabs = cJSON_AddArrayToObject (o, "tables");
  for (guint i = 0; i < b->tables->len; i++)
    cJSON_AddItemToArray (tabs, budget_table_json (g_ptr_array_index (b->tables, i)));
  cJSON *figs = cJSON_AddObjectToObject (o, "figures");
  for (guint i = 0; i < FR_FIGURE_COUNT; i++) {
    const FrBudgetFigure *f = &b->figures[i];
    const char *key = fr_figure_key (i);
    const char *dot = strchr (key, '.');
    cJSON *into = figs;
    if (dot) {
      g_autofree char *outer = g_strndup (key, dot - key);
      into = cJSON_GetObjectItemCaseSensitive (figs, outer);
      if (into == NULL)
        into = cJSON_AddObjectToObject (figs, outer);
      key = dot + 1;
    }
    cJSON_AddItemToObject (into, key, number_or_null (f->has, f->value));
  }
  return o;
}

static cJSON *
figure_json (const FrFigure *f)
{
  return number_or_null (f->has, f->value);
}

static cJSON *
finance_side_json (const FrFinanceSide *side)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddItemToObject (o, "total", figure_json (&side->total));
  cJSON_AddItemToObject (o, "current_year", figure_json (&side->current));
  cJSON *items = cJSON_AddArrayToObject (o, "items");
  for (guint i = 0; i < side->items->len; i++) {
    const FrFinanceItem *it = g_ptr_array_index (side->items, i);
    cJSON *j = cJSON_CreateObject ();
    cJSON_AddStringToObject (j, "name", it->name);
    cJSON_AddItemToObject (j, "amount", figure_json (&it->amount));
    if (it->direction != FR_CHANGE_NONE) {
      cJSON *c = cJSON_AddObjectToObject (j, "change");
      cJSON_AddStringToObject (c, "direction", fr_change_direction_name (it->direction));
      cJSON_AddItemToObject (c, "amount", figure_json (&it->change));
      cJSON_AddItemToObject (c, "percent", figure_json (&it->percent));
    } else {
      cJSON_AddNullToObject (j, "change");
    }
    cJSON_AddItemToArray (items, j);
  }
  return o;
}

cJSON *
fr_finance_to_json (const FrFinance *f)
{
  if (f == NULL)
    return cJSON_CreateNull ();
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "unit", "万元");
  for (guint s = 0; s < FR_N_SIDES; s++)
    cJSON_AddItemToObject (o, fr_finance_side_name (s), finance_side_json (&f->sides[s]));
  return o;
}

static cJSON *
check_json (const FrCheck *c)
{
  cJSON *o = cJSON_CreateObject ();
  cJSON_AddStringToObject (o, "rule", c->rule);
  cJSON_AddStringToObject (o, "status", c->pass ? "pass" : "fail");
  cJSON_AddStringToObject (o, "subject", c->subject);
  cJSON_AddStringToObject (o, "message", c->message);
  cJSON_AddItemToObject (o, "page", c->has_page ? cJSON_CreateNumber (c->page + 1) : cJSON_CreateNull ());
  return o;
}

cJSON *
fr_result_to_json (const FrResult *res)
{
  const FrSource *src = res->src;
  gint64 bytes = src ? (gint64) g_bytes_get_size (src->bytes) : -1;
  const char *format = NULL;
  if (src && src->format == FR_FORMAT_PDF)
    format = "pdf";
  else if (src && src->format == FR_FORMAT_TEXT)
    format = "text";
  cJSON *r = record_skeleton (source_json (res->path, src ? fr_source_sha256 (src) : NULL, bytes, format,
                                           fr_result_pages (res), res->doc ? res->doc->ocr_pages : NULL));
  if (res->error) {
    set_error (r, fr_error_code_of (res->error), res->error->message);
    make_strings_valid (r);
    return r;
  }
  const FrAnalysis *an = res->an;
  const FrDocument *doc = res->doc;

  const FrReport *first = fr_analysis_report (an);
  if (first)
    cJSON_ReplaceItemInObject (r, "report", report_json (first, FALSE));
  cJSON *parts = cJSON_GetObjectItem (r, "parts");
  for (guint i = 0; i < an->parts->len; i++)
    cJSON_AddItemToArray (parts, report_json (&g_array_index (an->parts, FrReport, i), TRUE));

  cJSON *secs = cJSON_GetObjectItem (r, "sections");
  for (guint i = 0; an->root && i < an->root->children->len; i++)
    cJSON_AddItemToArray (secs, section_json (g_ptr_array_index (an->root->children, i)));

  cJSON *tabs = cJSON_GetObjectItem (r, "tables");
  for (guint i = 0; i < an->tables->len; i++)
    cJSON_AddItemToArray (tabs, table_json (doc, g_ptr_array_index (an->tables, i)));

  cJSON *inds = cJSON_GetObjectItem (r, "indicators");
  for (guint i = 0; i < an->indicators->len; i++)
    cJSON_AddItemToArray (inds, indicator_json (doc, g_ptr_array_index (an->indicators, i)));

  cJSON *evs = cJSON_GetObjectItem (r, "evaluations");
  for (guint i = 0; i < an->evaluations->len; i++)
    cJSON_AddItemToArray (evs, evaluation_json (g_ptr_array_index (an->evaluations, i)));

  if (an->finance)
    cJSON_ReplaceItemInObject (r, "finance", fr_finance_to_json (an->finance));
  if (an->budget)
    cJSON_ReplaceItemInObject (r, "budget", budget_json (an->budget));
  if (an->has_self_score)
    cJSON_ReplaceItemInObject (r, "self_score", cJSON_CreateNumber (an->self_score));
  if (an->self_grade)
    cJSON_ReplaceItemInObject (r, "self_grade", cJSON_CreateString (an->self_grade));
  cJSON_ReplaceItemInObject (r, "problems", strings_json (an->problems));
  cJSON_ReplaceItemInObject (r, "measures", strings_json (an->measures));
  cJSON *checks = cJSON_GetObjectItem (r, "checks");
  for (guint i = 0; i < an->checks->len; i++)
    cJSON_AddItemToArray (checks, check_json (g_ptr_array_index (an->checks, i)));
  cJSON_ReplaceItemInObject (r, "warnings", strings_json (an->warnings));
  make_strings_valid (r);
  return r;
}

/* JSON text of a tree; the text is g_malloc'd so callers g_free it. */
static char *
json_print (const cJSON *j, gboolean pretty)
{
  char *s = pretty ? cJSON_Print (j) : cJSON_PrintUnformatted (j);
  char *out = g_strdup (s);
  cJSON_free (s);
  return out;
}

/* The same, and the tree freed. */
static char *
json_text (cJSON *j, gboolean pretty)
{
  char *out = json_print (j, pretty);
  cJSON_Delete (j);
  return out;
}

char *
fr_result_to_line (const FrResult *res)
{
  return json_text (fr_result_to_json (res), FALSE);
}

char *
fr_result_to_line_json (const FrResult *res, cJSON **json)
{
  *json = fr_result_to_json (res);
  return json_print (*json, FALSE);
}

void
fr_json_free (cJSON *json)
{
  cJSON_Delete (json);
}

char *
fr_result_to_record_text (const FrResult *res, gboolean pretty)
{
  return json_text (fr_result_to_json (res), pretty);
}

char *
fr_error_record_line (const char *path, const char *sha256, gint64 bytes, FrErrorCode code,
                      const char *message)
{
  return json_text (fr_error_record_new (path, sha256, bytes, code, message), FALSE);
}

char *
fr_result_to_text (const FrResult *res)
{
  GString *out = g_string_new (NULL);
  const FrAnalysis *an = res->an;
  if (an == NULL)
    return g_string_free (out, FALSE);
  gboolean need_blank = FALSE;
  for (guint i = 0; i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    switch (b->kind) {
    case FR_BLOCK_TITLE:
      if (out->len > 0 && !need_blank)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s\n", b->text);
      need_blank = TRUE;
      break;
    case FR_BLOCK_HEADING: {
      g_autofree char *h = fr_heading_display (b);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s\n", h);
      need_blank = FALSE;
      break;
    }
    case FR_BLOCK_PARAGRAPH:
      if (need_blank)
        g_string_append_c (out, '\n');
      need_blank = FALSE;
      g_string_append_printf (out, "%s\n", b->text);
      break;
    case FR_BLOCK_TABLE: {
      const FrTable *t = b->table;
      g_string_append_c (out, '\n');
      /* the caption line the tables stage took off the paragraphs */
      if (t->title)
        g_string_append_printf (out, "%s\n", t->title);
      for (guint r = 0; r < t->rows->len; r++) {
        GPtrArray *row = g_ptr_array_index (t->rows, r);
        for (guint c = 0; c < row->len; c++) {
          /* a cell never holds a tab or newline of its own */
          g_autofree char *cell = g_strdup (g_ptr_array_index (row, c));
          g_strdelimit (cell, "\t\n\r", ' ');
          g_string_append_printf (out, "%s%s", c ? "\t" : "", cell);
        }
        g_string_append_c (out, '\n');
      }
      g_string_append_c (out, '\n');
      need_blank = FALSE;
      break;
    }
    }
  }
  /* as for records: the text written is UTF-8, whatever a stage let through */
  if (!g_utf8_validate (out->str, (gssize) out->len, NULL)) {
    char *valid = g_utf8_make_valid (out->str, (gssize) out->len);
    g_string_free (out, TRUE);
    return valid;
  }
  return g_string_free (out, FALSE);
}
