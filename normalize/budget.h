/* budget.h — a budget's or final account's standard disclosure tables, typed (RECORD.md,
 * "Budgets and final accounts").
 *
 * An FrBudget owns its tables, and each table its columns and rows; the FrTable a typed table
 * was read from is borrowed from the analysis.  Every amount is in 万元, converted exactly
 * from the unit the table printed; a value the table left blank (or printed -, —) is absent
 * (has FALSE).  Pages are 0-based here, 1-based in records.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FrTable FrTable;

typedef enum {
  FR_BUDGET_SIDE_NONE,
  FR_BUDGET_SIDE_INCOME,
  FR_BUDGET_SIDE_EXPENDITURE,
} FrBudgetSide;

/* A value column: its role (budget_roles.def; NULL when none fits) and its header words,
 * the header rows above it from top to bottom joined with "/" (本年收入/一般公共预算). */
typedef struct {
  const char *role;     /* static */
  char *header;
} FrBudgetColumn;

/* One value of a row: absent where the table printed nothing (blank, -, —). */
typedef struct {
  double value;         /* 万元 */
  gboolean has;
} FrBudgetValue;

/* A body row: a subject (科目) with its code, a unit of the department (code NULL), or a line
 * of a summary table on one side. */
typedef struct {
  FrBudgetSide side;
  char *code;           /* full code (20805, 2080505), or NULL */
  int level;            /* 1 类, 2 款, 3 项; 0 without a code */
  char *name;           /* numbering dropped */
  GArray *values;       /* of FrBudgetValue, aligned with the table's columns */
  guint page;
  guint row;            /* its row in the FrTable part it came from */
  const FrTable *part;  /* borrowed: the table (or continuation) it was read from */
} FrBudgetRow;

/* One standard table, across all the pages (and pieces) it was printed on. */
typedef struct {
  const char *kind;     /* static: "summary", "expenditure", … (budget_kinds.def) */
  char *label;          /* 公开03表, 表3, … as printed; NULL when none */
  char *title;          /* the title it was recognised by */
  guint table;          /* index in an->tables of its first piece */
  const FrTable *first; /* borrowed */
  guint page;
  GArray *pages;        /* of guint */
  char *unit;           /* the unit it printed (元, 万元, 千元), or the report's */
  double step;          /* one unit of the last printed decimal, in 万元: the rounding to allow */
  GArray *columns;      /* of FrBudgetColumn */
  GPtrArray *rows;      /* of FrBudgetRow* (owned) */
} FrBudgetTable;

/* The headline figures, by index (budget_figures.def). */
typedef enum {
#define FIGURE(id, key, why) FR_FIGURE_##id,
#include "budget_figures.def"
#undef FIGURE
  FR_FIGURE_COUNT
} FrFigureId;

/* A headline figure and where it was read: a table (label, page) or a sentence. */
typedef struct {
  double value;         /* 万元 */
  gboolean has;
  guint page;
  char *where;          /* "公开01表 收支总表" or the sentence; NULL when !has */
  const FrBudgetTable *table;  /* borrowed; NULL when read from the narrative */
} FrBudgetFigure;

typedef struct {
  GPtrArray *tables;    /* of FrBudgetTable* (owned), in table order */
  FrBudgetFigure figures[FR_FIGURE_COUNT];
} FrBudget;

FrBudget *fr_budget_new (void);
void fr_budget_free (FrBudget *b);
FrBudgetTable *fr_budget_table_new (const char *kind);
void fr_budget_table_free (FrBudgetTable *t);
FrBudgetRow *fr_budget_row_new (guint n_values);
void fr_budget_row_free (FrBudgetRow *r);
/* The JSON key of a figure (budget_figures.def): "income_total", "three_public.total", … */
const char *fr_figure_key (FrFigureId id);
/* The column of a role in a table, or -1. */
int fr_budget_column (const FrBudgetTable *t, const char *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrBudget, fr_budget_free)

G_END_DECLS
