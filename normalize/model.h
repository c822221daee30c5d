/* model.h — what finrep reads out of a document: every result type the stages make, with a
 * constructor and a destructor for each.
 *
 * The model sits between the document (extract/document.h: pages, lines, glyphs, FrBox) and
 * the record (record.c, the only place it becomes JSON).  Stages fill it in; show and the
 * record read it.  It includes no stage and no JSON.  Pages are 0-based here and 1-based in
 * records; boxes are as in document.h.  Every value that came from the page keeps its page,
 * and its box where the document has geometry.
 *
 * Ownership: each _free takes NULL; what a struct owns and borrows is said at its field.
 */
#pragma once

#include <glib.h>

#include "document.h"
#include "rules.h"

G_BEGIN_DECLS

/* ---- reading order: blocks, tables, sections ------------------------------------------- */

typedef enum {
  FR_BLOCK_TITLE,       /* the report's title lines on its first page */
  FR_BLOCK_HEADING,
  FR_BLOCK_PARAGRAPH,
  FR_BLOCK_TABLE,
} FrBlockKind;

typedef struct _FrTable FrTable;

/* A block is a unit of reading order: a paragraph rejoined from lines, a heading, or a table. */
typedef struct {
  FrBlockKind kind;
  char *text;           /* paragraph text, heading title (number apart), title text */
  char *number;         /* heading number as printed without punctuation: "一", "1"; or NULL */
  int rank;             /* heading style rank: 0 第一部分, 1 一、 2 （一） 3 1. 4 （1） 5 ① */
  guint page;           /* where it starts */
  FrBox box;            /* its extent on the start page */
  guint last_page;
  GPtrArray *lines;     /* borrowed FrLine*, in order */
  const char *rule;     /* the rule that made it (a heading's number rule, or how it ended) */
  FrTable *table;       /* FR_BLOCK_TABLE: owned */
} FrBlock;

FrBlock *fr_block_new (FrBlockKind kind, guint page);
void fr_block_free (FrBlock *b);

/* A table cell: its text (lines joined), its box, and its spans in the grid. */
typedef struct {
  char *text;
  FrBox box;
  guint page;
  guint row, col, row_span, col_span;
} FrCell;

struct _FrTable {
  char *title;          /* the caption line above it, or NULL */
  guint page;           /* first page */
  GArray *pages;        /* of guint, 0-based, every page it lies on */
  FrBox box;            /* on its first page */
  guint n_cols;
  guint n_header_rows;  /* the first rows of `rows` that are header rows */
  GPtrArray *rows;      /* of GPtrArray of char* (n_cols each; a merged cell repeats) */
  GPtrArray *row_pages; /* of GUINT_TO_POINTER(page) per row */
  GArray *cells;        /* of FrCell, for provenance and show */
  const char *method;   /* "tagged", "ruled", "aligned", "text" */
  /* which cell covers each (row, col) of `rows`, as indexes into cells (row-major,
   * rows->len * n_cols; G_MAXUINT where none): a merged cell is one index */
  GArray *grid;
  GPtrArray *meta;      /* of char*: lines above it that say whose it is (部门名称：…, 单位：万元) */
  double total_score;   /* its 合计/总分 row's score, when it has one */
  gboolean has_total_score;
  guint total_score_page; /* where that row stands (0-based) */
};

FrTable *fr_table_new (void);
void fr_table_free (FrTable *t);
/* The 0-based page row r of t stands on (its first page when rows were made without pages). */
guint fr_table_row_page (const FrTable *t, guint r);
/* The cell that covers (r, c), as an index into cells; a table without a grid (the text
 * route's) gives each slot its own index, r * n_cols + c. */
guint fr_table_cell_at (const FrTable *t, guint r, guint c);
/* The text at (r, c) ("" where the row is short); borrowed. */
const char *fr_table_text (const FrTable *t, guint r, guint c);
/* The money unit (元, 千元, 万元, 亿元) a table's caption lines or else its title state
 * (单位：万元, 金额单位：元; not 编制单位：…), newly allocated, or NULL. */
char *fr_table_stated_unit (const FrTable *t);

/* What a column of an indicator table holds, by its header (one enum for the PDF route's
 * indicators stage and the text route's table reader). */
typedef enum {
  FR_COL_NONE,
  FR_COL_LEVEL,         /* 一级指标, 二级指标: the category levels */
  FR_COL_NAME,          /* 三级指标: the indicator's name */
  FR_COL_TARGET,
  FR_COL_ACTUAL,
  FR_COL_RATE,
  FR_COL_WEIGHT,        /* 分值 */
  FR_COL_SCORE,         /* 得分 */
  FR_COL_NOTE,
  FR_COL_FILLER,        /* text route: a column of nothing but leader dots or dashes */
  FR_COL_UNIT,          /* 计量单位: the target's unit in a column of its own */
  FR_COL_DIRECTION,     /* 指标方向: the target's bound (≥, ≤) in a column of its own */
  FR_COL_COUNT
} FrColumnRole;

/* A section of the heading tree. */
typedef struct _FrSection FrSection;
struct _FrSection {
  FrBlock *heading;     /* borrowed; NULL for the root */
  int level;            /* 1-based depth */
  GPtrArray *paragraphs;  /* borrowed FrBlock* (paragraphs directly under it) */
  GPtrArray *children;  /* of FrSection* (owned) */
  FrSection *parent;
};

/* A section under parent (appended to its children; its level one deeper), or the root when
 * parent is NULL (level 0). */
FrSection *fr_section_new (FrBlock *heading, FrSection *parent);
void fr_section_free (FrSection *s);
/* Where a section starts: its heading's page, else its first paragraph's, else 0. */
guint fr_section_page (const FrSection *s);

/* A change a rule made, kept so `show` can say what changed where and why. */
typedef struct {
  FrRuleId rule;        /* or FR_RULE_COUNT for the character mapping tables */
  const char *what;     /* short tag: "kangxi", "fullwidth", "space", "page-number", … */
  guint page;
  FrBox box;
  char *before, *after;
} FrFix;

/* Frees what a fix owns (it lives in a GArray). */
void fr_fix_clear (FrFix *f);

/* ---- what the report says -------------------------------------------------------------- */

typedef struct {
  char *title, *kind, *organization;
  int year;             /* 0 when unknown */
  guint page;           /* where its title stands */
} FrReport;

/* Frees what a report owns (it lives in a GArray). */
void fr_report_clear (FrReport *r);
/* Which report of a merged file (index into parts, of FrReport) a 0-based page belongs to:
 * the last whose title stands on or before it, or the first of a run that titles one report
 * again (a cover); 0 when parts is NULL or empty. */
guint fr_part_at (const GArray *parts, guint page);

typedef struct {
  char *name, *target, *actual, *rate, *unit, *weight_text, *score_text, *note;
  GPtrArray *category;  /* of char* (owned) */
  const char *target_cmp; /* "≥", "≤", ">", "<" when the target is a bound; static, or NULL */
  double target_value, actual_value, rate_value, weight, score;
  gboolean has_target_value, has_actual_value, has_rate_value, has_weight, has_score;
  guint page;
  FrBox box;
  FrTable *table;       /* borrowed */
  guint row;            /* in table->rows */
} FrIndicator;

FrIndicator *fr_indicator_new (void);
void fr_indicator_free (FrIndicator *ind);

/* A number read off the page, with where it stands.  has is FALSE when the report does not
 * state it (null in the record); has_where is FALSE when its place is not known (a figure a
 * test made).  The box is the cell's, or the paragraph's for a figure read from a sentence. */
typedef struct {
  double value;
  gboolean has;
  guint page;
  FrBox box;
  gboolean has_where;
} FrFigure;

/* A figure with a value and no known place. */
FrFigure fr_figure_of (double value);
/* A figure with a value, read at page and box. */
FrFigure fr_figure_at (double value, guint page, FrBox box);

typedef enum {
  FR_CHANGE_NONE,       /* not stated: the record's change is null */
  FR_CHANGE_INCREASE,
  FR_CHANGE_DECREASE,
  FR_CHANGE_FLAT,       /* 持平: amount and percent are 0 */
} FrChangeDirection;

/* "increase", "decrease", "flat", or NULL for FR_CHANGE_NONE. */
const char *fr_change_direction_name (FrChangeDirection d);

/* One line of income or expenditure (一般公共预算财政拨款收入 435.27, up 39.25, 9.9%). */
typedef struct {
  char *name;
  FrFigure amount;
  FrChangeDirection direction;
  FrFigure change, percent;   /* on the year before, when direction says one is stated */
} FrFinanceItem;

FrFinanceItem *fr_finance_item_new (const char *name, FrFigure amount);
void fr_finance_item_free (FrFinanceItem *it);

typedef enum { FR_INCOME, FR_EXPENDITURE, FR_N_SIDES } FrFinanceSideId;

typedef struct {
  FrFigure total, current;    /* 总收入, 本年收入 (or the 支出 figures) */
  GPtrArray *items;           /* of FrFinanceItem* (owned), never NULL */
  gboolean partial;           /* the items of a table read by OCR, a line of it misread or in
                               * doubt: not all of them, so their sum is not checked */
} FrFinanceSide;

/* Income and expenditure of the report, every amount in 万元. */
typedef struct {
  FrFinanceSide sides[FR_N_SIDES];
} FrFinance;

FrFinance *fr_finance_new (void);
void fr_finance_free (FrFinance *f);
/* "income", "expenditure": the record's keys. */
const char *fr_finance_side_name (FrFinanceSideId side);
gboolean fr_finance_side_empty (const FrFinanceSide *s);
/* The item of that name on a side, or NULL. */
FrFinanceItem *fr_finance_side_find (const FrFinanceSide *s, const char *name);

/* A self-evaluation table (项目支出/部门整体支出绩效自评表) as one unit (the evaluations stage):
 * header fields, funds block, goals, the indices of its indicator rows in the analysis's
 * indicators, its 总分 row.  Amounts are in 万元 as printed; a cell printed `--` or left blank
 * is absent (has_* FALSE).  An evaluation owns its strings, funds and arrays and borrows its
 * FrTable. */
/* One row of a funds block: 年度资金总额 or one of its parts (财政拨款, 上年结转, 其他资金). */
typedef struct {
  char *name;             /* the row's label without 其中： and a closing colon; owned */
  double initial_budget, full_year_budget, executed;       /* 年初预算数, 全年预算数, 全年执行数 */
  gboolean has_initial_budget, has_full_year_budget, has_executed;
  guint page;
} FrFundsPart;

/* The 项目资金 block: the total row with its 分值/执行率/得分, and its parts in table order. */
typedef struct {
  FrFundsPart total;
  double weight, execution_rate, score;   /* 分值, 执行率 (%), 得分 of the total row */
  gboolean has_weight, has_execution_rate, has_score;
  char *execution_rate_text;  /* as printed (100.00%, 100), for the rounding; owned */
  GArray *parts;          /* of FrFundsPart */
} FrFunds;

typedef enum {
  FR_EVALUATION_PROJECT,     /* 项目支出绩效自评表 */
  FR_EVALUATION_DEPARTMENT,  /* 部门整体支出绩效自评表 */
} FrEvaluationKind;

typedef struct {
  FrEvaluationKind kind;
  char *name;             /* 项目名称; NULL for a department table */
  char *department;       /* 主管部门, a leading [292] code dropped */
  char *implementer;      /* 实施单位 */
  int year;               /* the report's, 0 when unknown */
  FrFunds *funds;         /* NULL when the table has no funds block */
  char *goal_target, *goal_actual;   /* 年度总体目标: 预期目标, 实际完成情况 */
  GArray *indicators;     /* of guint: indices into FrAnalysis.indicators, in table order */
  double total_weight, total_score;  /* the 总分 row */
  gboolean has_total_weight, has_total_score;
  char *total_score_text; /* as printed, for the rounding; owned */
  guint total_page;       /* where the 总分 row stands */
  char *grade;            /* 评价等级 where the table prints one */
  guint table;            /* index into FrAnalysis.tables */
  const FrTable *table_ref;  /* borrowed */
  guint row0, row1;       /* its rows [row0, row1) of the table */
  guint page;             /* first page */
  GArray *pages;          /* of guint, every page it lies on, ascending */
} FrEvaluation;

FrFunds *fr_funds_new (void);
void fr_funds_free (FrFunds *f);
FrEvaluation *fr_evaluation_new (FrEvaluationKind kind);
void fr_evaluation_free (FrEvaluation *ev);
/* The name a check or a listing calls it by: 项目名称, else the implementer, else the table's
 * own title; never NULL, borrowed. */
const char *fr_evaluation_label (const FrEvaluation *ev);
/* ---- budgets and final accounts --------------------------------------------------------- */

/* A budget's or final account's standard disclosure tables, typed (RECORD.md, "Budgets and
 * final accounts").  An FrBudget owns its tables, and each table its columns and rows; the
 * FrTable a typed table was read from is borrowed from the analysis.  Every amount is in 万元,
 * converted exactly from the unit the table printed; a value the table left blank (or printed
 * -, —) is absent (has FALSE). */
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
  guint col;            /* the column of the row's part it was read from (its cell: show, finance) */
  gboolean doubt;       /* absent for a figure OCR left in doubt, not for a blank: no sum takes
                         * the row for nothing */
} FrBudgetValue;

/* A body row: a subject (科目) with its code, a unit of the department (code NULL), or a line
 * of a summary table on one side. */
typedef struct {
  FrBudgetSide side;
  char *code;           /* full code (20805, 2080505), or NULL */
  int level;            /* 1 类, 2 款, 3 项; 0 without a code */
  char *name;           /* numbering dropped */
  int numbering;        /* the numbering dropped, as FIN_TABLE_LINE_NUMBER's group (0 一、
                         * 1 （一） 2 1. 3 （1）), or -1 for none: lines numbered alike are peers */
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
  guint budget;         /* which budget of the file it belongs to, 0 the first (budget.c:
                           number_budgets); only one budget's tables are compared */
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
/* Whether the typed tables left the figure of cell (row, col) of part in doubt (OCR read it, and
 * a sum over it failed on the scan): the other readers of the same table take no amount there. */
gboolean fr_budget_cell_doubt (const FrBudget *b, const FrTable *part, guint row, guint col);

/* A cell of a table: the table (borrowed from the analysis) and an index into its cells. */
typedef struct {
  const FrTable *table;
  guint cell;
} FrCellRef;

/* One of the report's own sums or ratios, re-done (the checks stage).  A fail is a finding
 * about the report, not an error of finrep. */
typedef struct {
  const char *rule;     /* static: "indicator_rate", "items_sum", … (checks.c lists them) */
  gboolean pass;
  char *subject;        /* what was checked: an indicator's name, 本年收入, 合计, … */
  char *message;        /* the arithmetic, for a person: "12/10 = 120%, reported 100%" */
  guint page;           /* 0-based: where the checked figure stands, when has_page */
  gboolean has_page;
  GArray *cells;        /* of FrCellRef: the table cells whose figures it compared (show marks
                         * them), or NULL where the check did not say */
} FrCheck;

/* page is 0-based, or -1 when unknown; rule is static; subject NULL reads as "". */
FrCheck *fr_check_new (const char *rule, gboolean pass, const char *subject, int page,
                       char *message /* taken */);
void fr_check_free (FrCheck *c);

/* A list of strings (problems, measures, a category path): a GPtrArray of char* that frees
 * them. */
GPtrArray *fr_strings_new (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrFinance, fr_finance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrEvaluation, fr_evaluation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrBudget, fr_budget_free)

G_END_DECLS
