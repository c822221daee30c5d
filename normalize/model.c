/* model.c — constructors, destructors and the few operations of the model's types. */
#include "model.h"

#include <string.h>

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
  t->meta = fr_strings_new ();
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

guint
fr_table_cell_at (const FrTable *t, guint r, guint c)
{
  if (t->grid->len == t->rows->len * t->n_cols)
    return g_array_index (t->grid, guint, r * t->n_cols + c);
  return r * t->n_cols + c;
}

const char *
fr_table_text (const FrTable *t, guint r, guint c)
{
  GPtrArray *row = g_ptr_array_index (t->rows, r);
  const char *s = c < row->len ? g_ptr_array_index (row, c) : NULL;
  return s ? s : "";
}

FrSection *
fr_section_new (FrBlock *heading, FrSection *parent)
{
  FrSection *s = g_new0 (FrSection, 1);
  s->heading = heading;
  s->parent = parent;
  s->level = parent ? parent->level + 1 : 0;
  s->paragraphs = g_ptr_array_new ();
  s->children = g_ptr_array_new ();
  if (parent)
    g_ptr_array_add (parent->children, s);
  return s;
}

void
fr_section_free (FrSection *s)
{
  if (s == NULL)
    return;
  for (guint i = 0; i < s->children->len; i++)
    fr_section_free (g_ptr_array_index (s->children, i));
  g_ptr_array_unref (s->children);
  g_ptr_array_unref (s->paragraphs);
  g_free (s);
}

guint
fr_section_page (const FrSection *s)
{
  if (s->heading)
    return s->heading->page;
  if (s->paragraphs->len)
    return ((const FrBlock *) g_ptr_array_index (s->paragraphs, 0))->page;
  return 0;
}

void
fr_fix_clear (FrFix *f)
{
  g_clear_pointer (&f->before, g_free);
  g_clear_pointer (&f->after, g_free);
}

void
fr_report_clear (FrReport *r)
{
  g_clear_pointer (&r->title, g_free);
  g_clear_pointer (&r->kind, g_free);
  g_clear_pointer (&r->organization, g_free);
}

static gboolean
same_report (const FrReport *a, const FrReport *b)
{
  return g_strcmp0 (a->kind, b->kind) == 0 && g_strcmp0 (a->organization, b->organization) == 0
         && a->year == b->year;
}

/* A cover and the first page title one report twice (same kind, body and year). */
guint
fr_part_at (const GArray *parts, guint page)
{
  guint k = 0;
  for (guint i = 1; parts && i < parts->len; i++)
    if (g_array_index (parts, FrReport, i).page <= page)
      k = i;
  while (k > 0 && same_report (&g_array_index (parts, FrReport, k),
                               &g_array_index (parts, FrReport, k - 1)))
    k--;
  return k;
}

FrIndicator *
fr_indicator_new (void)
{
  FrIndicator *ind = g_new0 (FrIndicator, 1);
  ind->category = fr_strings_new ();
  return ind;
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

FrFigure
fr_figure_of (double value)
{
  return (FrFigure) { value, TRUE, 0, { 0, 0, 0, 0 }, FALSE };
}

FrFigure
fr_figure_at (double value, guint page, FrBox box)
{
  return (FrFigure) { value, TRUE, page, box, TRUE };
}

const char *
fr_change_direction_name (FrChangeDirection d)
{
  switch (d) {
  case FR_CHANGE_INCREASE: return "increase";
  case FR_CHANGE_DECREASE: return "decrease";
  case FR_CHANGE_FLAT: return "flat";
  case FR_CHANGE_NONE:
  default: return NULL;
  }
}

FrFinanceItem *
fr_finance_item_new (const char *name, FrFigure amount)
{
  FrFinanceItem *it = g_new0 (FrFinanceItem, 1);
  it->name = g_strdup (name);
  it->amount = amount;
  return it;
}

void
fr_finance_item_free (FrFinanceItem *it)
{
  if (it == NULL)
    return;
  g_free (it->name);
  g_free (it);
}

FrFinance *
fr_finance_new (void)
{
  FrFinance *f = g_new0 (FrFinance, 1);
  for (guint s = 0; s < FR_N_SIDES; s++)
    f->sides[s].items = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_finance_item_free);
  return f;
}

void
fr_finance_free (FrFinance *f)
{
  if (f == NULL)
    return;
  for (guint s = 0; s < FR_N_SIDES; s++)
    g_ptr_array_unref (f->sides[s].items);
  g_free (f);
}

const char *
fr_finance_side_name (FrFinanceSideId side)
{
  return side == FR_INCOME ? "income" : "expenditure";
}

gboolean
fr_finance_side_empty (const FrFinanceSide *s)
{
  return !s->total.has && !s->current.has && s->items->len == 0;
}

FrFinanceItem *
fr_finance_side_find (const FrFinanceSide *s, const char *name)
{
  for (guint i = 0; i < s->items->len; i++) {
    FrFinanceItem *it = g_ptr_array_index (s->items, i);
    if (strcmp (it->name, name) == 0)
      return it;
  }
  return NULL;
}

FrCheck *
fr_check_new (const char *rule, gboolean pass, const char *subject, int page, char *message)
{
  FrCheck *c = g_new0 (FrCheck, 1);
  c->rule = rule;
  c->pass = pass;
  c->subject = g_strdup (subject ? subject : "");
  c->message = message;
  c->has_page = page >= 0;
  c->page = page >= 0 ? (guint) page : 0;
  return c;
}

void
fr_check_free (FrCheck *c)
{
  if (c == NULL)
    return;
  g_free (c->subject);
  g_free (c->message);
  if (c->cells)
    g_array_unref (c->cells);
  g_free (c);
}

FrFunds *
fr_funds_new (void)
{
  FrFunds *f = g_new0 (FrFunds, 1);
  f->parts = g_array_new (FALSE, TRUE, sizeof (FrFundsPart));
  return f;
}

void
fr_funds_free (FrFunds *f)
{
  if (f == NULL)
    return;
  g_free (f->total.name);
  for (guint i = 0; i < f->parts->len; i++)
    g_free (g_array_index (f->parts, FrFundsPart, i).name);
  g_array_unref (f->parts);
  g_free (f->execution_rate_text);
  g_free (f);
}

FrEvaluation *
fr_evaluation_new (FrEvaluationKind kind)
{
  FrEvaluation *ev = g_new0 (FrEvaluation, 1);
  ev->kind = kind;
  ev->indicators = g_array_new (FALSE, FALSE, sizeof (guint));
  ev->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  return ev;
}

void
fr_evaluation_free (FrEvaluation *ev)
{
  if (ev == NULL)
    return;
  g_free (ev->name);
  g_free (ev->department);
  g_free (ev->implementer);
  fr_funds_free (ev->funds);
  g_free (ev->goal_target);
  g_free (ev->goal_actual);
  g_array_unref (ev->indicators);
  g_free (ev->total_score_text);
  g_free (ev->grade);
  g_array_unref (ev->pages);
  g_free (ev);
}

const char *
fr_evaluation_label (const FrEvaluation *ev)
{
  if (ev->name)
    return ev->name;
  if (ev->implementer)
    return ev->implementer;
  if (ev->department)
    return ev->department;
  return ev->table_ref && ev->table_ref->title ? ev->table_ref->title : "绩效自评表";
}

GPtrArray *
fr_strings_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static char *
unit_in (const char *text)
{
  g_autoptr (FrMatch) m = text ? fr_rule_match (FR_RULE_FIN_TABLE_UNIT, text) : NULL;
  return m ? fr_match_group (m, "unit") : NULL;
}

char *
fr_table_stated_unit (const FrTable *t)
{
  for (guint i = 0; t->meta && i < t->meta->len; i++) {
    char *u = unit_in (g_ptr_array_index (t->meta, i));
    if (u)
      return u;
  }
  return unit_in (t->title);
}

/* ---- budgets and final accounts ---------------------------------------------------------- */

static const char *const figure_keys[] = {
#define FIGURE(id, key, why) key,
#include "budget_figures.def"
#undef FIGURE
};

FrBudget *
fr_budget_new (void)
{
  FrBudget *b = g_new0 (FrBudget, 1);
  b->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_budget_table_free);
  return b;
}

void
fr_budget_free (FrBudget *b)
{
  if (b == NULL)
    return;
  g_ptr_array_unref (b->tables);
  for (guint i = 0; i < FR_FIGURE_COUNT; i++)
    g_free (b->figures[i].where);
  g_free (b);
}

FrBudgetTable *
fr_budget_table_new (const char *kind)
{
  FrBudgetTable *t = g_new0 (FrBudgetTable, 1);
  t->kind = kind;
  t->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  t->columns = g_array_new (FALSE, TRUE, sizeof (FrBudgetColumn));
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_budget_row_free);
  t->step = 0.01;
  return t;
}

void
fr_budget_table_free (FrBudgetTable *t)
{
  if (t == NULL)
    return;
  g_free (t->label);
  g_free (t->title);
  g_free (t->unit);
  g_array_unref (t->pages);
  for (guint i = 0; i < t->columns->len; i++)
    g_free (g_array_index (t->columns, FrBudgetColumn, i).header);
  g_array_unref (t->columns);
  g_ptr_array_unref (t->rows);
  g_free (t);
}

FrBudgetRow *
fr_budget_row_new (guint n_values)
{
  FrBudgetRow *r = g_new0 (FrBudgetRow, 1);
  r->numbering = -1;
  r->values = g_array_sized_new (FALSE, TRUE, sizeof (FrBudgetValue), n_values);
  g_array_set_size (r->values, n_values);
  return r;
}

void
fr_budget_row_free (FrBudgetRow *r)
{
  if (r == NULL)
    return;
  g_free (r->code);
  g_free (r->name);
  g_array_unref (r->values);
  g_free (r);
}

const char *
fr_figure_key (FrFigureId id)
{
  return id < FR_FIGURE_COUNT ? figure_keys[id] : NULL;
}

gboolean
fr_budget_cell_doubt (const FrBudget *b, const FrTable *part, guint row, guint col)
{
  for (guint i = 0; b && i < b->tables->len; i++) {
    const FrBudgetTable *t = g_ptr_array_index (b->tables, i);
    for (guint k = 0; k < t->rows->len; k++) {
      const FrBudgetRow *r = g_ptr_array_index (t->rows, k);
      if (r->part != part || r->row != row)
        continue;
      for (guint c = 0; c < r->values->len; c++) {
        const FrBudgetValue *v = &g_array_index (r->values, FrBudgetValue, c);
        if (v->doubt && v->col == col)
          return TRUE;
      }
    }
  }
  return FALSE;
}

int
fr_budget_column (const FrBudgetTable *t, const char *role)
{
  for (guint c = 0; c < t->columns->len; c++) {
    const char *r = g_array_index (t->columns, FrBudgetColumn, c).role;
    if (r && strcmp (r, role) == 0)
      return (int) c;
  }
  return -1;
}
