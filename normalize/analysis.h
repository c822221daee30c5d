/* analysis.h — what the stages make of a document.
 *
 * An FrAnalysis owns everything the stages produce for one document, and borrows the
 * FrDocument it was made from (which must outlive it).  Pages are 0-based here and 1-based in
 * records.  Boxes are [x0, y0, x1, y1] in points, top-left origin, as displayed.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "document.h"
#include "rules.h"

#include <cjson/cJSON.h>

G_BEGIN_DECLS

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

/* A section of the heading tree. */
typedef struct _FrSection FrSection;
struct _FrSection {
  FrBlock *heading;     /* borrowed; NULL for the root */
  int level;            /* 1-based depth */
  GPtrArray *paragraphs;  /* borrowed FrBlock* (paragraphs directly under it) */
  GPtrArray *children;  /* of FrSection* (owned) */
  FrSection *parent;
};

/* A change a rule made, kept so `show` can say what changed where and why. */
typedef struct {
  FrRuleId rule;        /* or FR_RULE_COUNT for the character mapping tables */
  const char *what;     /* short tag: "kangxi", "fullwidth", "cjk-space", "page-number", … */
  guint page;
  FrBox box;
  char *before, *after;
} FrFix;

typedef struct {
  char *name, *target, *actual, *rate, *unit, *weight_text, *score_text, *note;
  GPtrArray *category;  /* of char* */
  const char *target_cmp; /* "≥", "≤", ">", "<" when the target is a bound; static, or NULL */
  double target_value, actual_value, rate_value, weight, score;
  gboolean has_target_value, has_actual_value, has_rate_value, has_weight, has_score;
  guint page;
  FrBox box;
  FrTable *table;       /* borrowed */
  guint row;            /* in table->rows */
} FrIndicator;

/* One of the report's own sums or ratios, re-done (the checks stage).  A fail is a finding
 * about the report, not an error of finrep. */
typedef struct {
  const char *rule;     /* static: "indicator_rate", "items_sum", … (checks.c lists them) */
  gboolean pass;
  char *subject;        /* what was checked: an indicator's name, 本年收入, 合计, … */
  char *message;        /* the arithmetic, for a person: "12/10 = 120%, reported 100%" */
  guint page;           /* 0-based: where the checked figure stands, when has_page */
  gboolean has_page;
} FrCheck;

typedef struct {
  char *title, *kind, *organization;
  int year;             /* 0 when unknown */
  guint page;           /* where its title stands */
} FrReport;

typedef struct {
  const FrDocument *doc;
  GArray *parts;          /* of FrReport: one per report in the file (merged files hold several) */
  GPtrArray *blocks;      /* of FrBlock*, reading order (owned) */
  FrSection *root;        /* heading tree (owned) */
  GPtrArray *tables;      /* of FrTable* (borrowed from blocks) */
  GPtrArray *indicators;  /* of FrIndicator* (owned) */
  GPtrArray *warnings;    /* of char* */
  GArray *fixes;          /* of FrFix */
  guint page_numbers_removed, running_removed;
  /* The finance stage keeps its results as JSON fragments it owns. */
  cJSON *finance, *problems, *measures;
  GPtrArray *checks;      /* of FrCheck* (owned), in the order they were made */
  double self_score;
  gboolean has_self_score;
  char *self_grade;
  double total_score;     /* the indicator table's 合计 row */
  gboolean has_total_score;
  guint total_score_page; /* where that row stands (0-based) */
  GHashTable *timings;    /* stage name -> gdouble* seconds */
} FrAnalysis;

FrAnalysis *fr_analysis_new (const FrDocument *doc);
void fr_analysis_free (FrAnalysis *an);
/* The (first) report's fields, or NULL when no title was found. */
const FrReport *fr_analysis_report (const FrAnalysis *an);
void fr_analysis_warn (FrAnalysis *an, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* Adds a check to an->checks: the one way every stage records one.  rule is static; page is
 * 0-based, or -1 when unknown; the message is fmt's. */
void fr_analysis_check (FrAnalysis *an, const char *rule, gboolean pass, const char *subject,
                        int page, const char *fmt, ...) G_GNUC_PRINTF (6, 7);
void fr_check_free (FrCheck *c);
void fr_analysis_fix (FrAnalysis *an, FrRuleId rule, const char *what, const FrLine *line,
                      const char *before, const char *after);

FrBlock *fr_block_new (FrBlockKind kind, guint page);
void fr_block_free (FrBlock *b);
void fr_section_free (FrSection *s);
FrTable *fr_table_new (void);
void fr_table_free (FrTable *t);
/* The 0-based page row r of t stands on (its first page when rows were made without pages). */
guint fr_table_row_page (const FrTable *t, guint r);
void fr_indicator_free (FrIndicator *ind);

/* Runs every stage in order.  Never fails: what a stage is unsure of goes to warnings. */
void fr_analyze (FrAnalysis *an);
/* Debugging aid: every line with its box, size, kind. */
void fr_analysis_dump_lines (const FrAnalysis *an, FILE *out);

/* stage entry points, in pipeline order (pipeline.c keeps the table) */
void fr_stage_chars (FrAnalysis *an);
void fr_stage_layout (FrAnalysis *an);
void fr_stage_furniture (FrAnalysis *an);
void fr_stage_tables (FrAnalysis *an);
void fr_stage_blocks (FrAnalysis *an);
void fr_stage_sections (FrAnalysis *an);
void fr_stage_fields (FrAnalysis *an);
void fr_stage_indicators (FrAnalysis *an);
void fr_stage_finance (FrAnalysis *an);
void fr_stage_checks (FrAnalysis *an);

/* helpers shared by stages */
gboolean fr_is_cjk (gunichar c);
gboolean fr_is_cjk_punct (gunichar c);
/* The report kind (kinds.def) a text names, or NULL; at and len give the phrase's bytes. */
const char *fr_kind_find (const char *text, const char **at, gsize *len);
/* Clean one string the way the chars stage cleans lines (text route, table cells). */
char *fr_clean_text (const char *s);
/* A cell's text without any white space (ideographic space too): 支 出 总计 is 支出总计.
 * NULL reads as "". */
char *fr_squeeze (const char *s);
/* Join fragments (lines of a paragraph or a cell): no space between CJK, one space between
 * Latin words. */
void fr_join_append (GString *acc, const char *next);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrAnalysis, fr_analysis_free)

G_END_DECLS
