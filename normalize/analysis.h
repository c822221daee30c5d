/* analysis.h — one document's analysis: the model (model.h) the stages fill in, the calls
 * they record what they found with (analysis.c), and fr_analyze, which runs them
 * (stages/pipeline.c).
 *
 * An FrAnalysis owns everything the stages produce for one document, and borrows the
 * FrDocument it was made from (which must outlive it).  The stages' own entry points are in
 * stages/stages.h, which only the stages include.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "document.h"
#include "model.h"
#include "rules.h"
#include "text.h"

G_BEGIN_DECLS

/* Debugging aids (HACKING.md), read from the environment once per process by
 * fr_debug_from_env: stages read them here, never the environment. */
typedef struct {
  gboolean lines;         /* FINREP_DEBUG_LINES: every line with its box, after the stages */
  int tables;             /* FINREP_DEBUG_TABLES: 0 off; 1 renders and doubts; 2 both grids too */
  gboolean tagged;        /* FINREP_DEBUG_TAGGED: each tagged cell and where it was found */
  const char *no_doubt;   /* FINREP_DEBUG_NO_DOUBT: doubt reasons to leave out, by comma */
} FrDebug;

/* The process's FINREP_DEBUG_* settings, read on the first call (static, never NULL). */
const FrDebug *fr_debug_from_env (void);

typedef struct {
  const FrDocument *doc;
  const FrDebug *debug;   /* static: fr_debug_from_env's, unless a caller set its own */
  GArray *parts;          /* of FrReport: one per report in the file (merged files hold several) */
  GPtrArray *blocks;      /* of FrBlock*, reading order (owned) */
  FrSection *root;        /* heading tree (owned) */
  GPtrArray *tables;      /* of FrTable* (borrowed from blocks) */
  GPtrArray *indicators;  /* of FrIndicator* (owned) */
  GPtrArray *evaluations; /* of FrEvaluation* (owned): the self-evaluation tables as units */
  GPtrArray *warnings;    /* of char* */
  GArray *fixes;          /* of FrFix */
  guint page_numbers_removed, running_removed;
  FrFinance *finance;     /* income and expenditure, or NULL when the report states none */
  GPtrArray *problems, *measures;  /* of char*: one point each (fr_strings_new) */
  GPtrArray *checks;      /* of FrCheck* (owned), in the order they were made */
  FrBudget *budget;       /* the standard tables of a budget or final account, or NULL */
  double self_score;
  gboolean has_self_score;
  char *self_grade;
  double total_score;     /* the indicator table's 合计 row */
  gboolean has_total_score;
  guint total_score_page; /* where that row stands (0-based) */
} FrAnalysis;

FrAnalysis *fr_analysis_new (const FrDocument *doc);
void fr_analysis_free (FrAnalysis *an);
/* The (first) report's fields, or NULL when no title was found. */
const FrReport *fr_analysis_report (const FrAnalysis *an);
/* The report a page belongs to, in a file of several bound together (fr_part_at); NULL when
 * no report was found. */
const FrReport *fr_analysis_report_at (const FrAnalysis *an, guint page);
void fr_analysis_warn (FrAnalysis *an, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* Adds a check to an->checks: the one way every stage records one.  rule is static; page is
 * 0-based, or -1 when unknown; the message is fmt's. */
void fr_analysis_check (FrAnalysis *an, const char *rule, gboolean pass, const char *subject,
                        int page, const char *fmt, ...) G_GNUC_PRINTF (6, 7);
/* Names the cell of t at (row, col) as one the last check added compared (show marks it). */
void fr_analysis_check_cell (FrAnalysis *an, const FrTable *t, guint row, guint col);
void fr_analysis_fix (FrAnalysis *an, FrRuleId rule, const char *what, const FrLine *line,
                      const char *before, const char *after);
/* Is the figure in box on page (0-based) one that the OCR route or its repairs left in doubt
 * (a glyph in it marked so, FrGlyph.doubt: read as it was and named in the warnings)?  Then no
 * number is taken from it: its text stays as read, and the warnings say once that text, the
 * figure as read there, was given no value.  FALSE on a page not read by OCR. */
gboolean fr_analysis_doubt (FrAnalysis *an, guint page, FrBox box, const char *text);
/* Was page (0-based) read by OCR? */
gboolean fr_analysis_ocr_page (const FrAnalysis *an, guint page);
/* The next figure of text from byte off on that OCR's repairs leave in doubt: a letter against a
 * digit or a separator doubled (OCR_NUMBER_DOUBT), Latin letters that are no unit or a digit
 * after it or its % (OCR_FIGURE_LETTERS, OCR_PERCENT_DIGIT), a 0 opening it
 * (OCR_FIGURE_LEADING_ZERO).  Its span in *a, *b (bytes): the run of a figure's characters
 * (digits, points, separators, %, Latin letters) around the match.  FALSE when there is none. */
gboolean fr_ocr_next_doubt (const char *text, gsize off, gsize *a, gsize *b);
/* Is the figure at bytes [a, b) of text, a sentence read on page (0-based), in doubt
 * (fr_ocr_next_doubt on a page read by OCR; or a percentage ending in 9, which may be chi_sim's
 * % read 9%: OCR_SENTENCE_PERCENT_NINE)?  Then it is given no value, and the warnings say so
 * once.  FALSE when an is NULL. */
gboolean fr_analysis_text_doubt (FrAnalysis *an, guint page, const char *text, gsize a, gsize b);
/* The same for the figure of m's group, a match in text from byte off of it: FALSE where the
 * group took no part in the match. */
gboolean fr_analysis_match_doubt (FrAnalysis *an, guint page, const char *text, gsize off, const FrMatch *m,
                                  const char *group);
/* The same for the cell of t at (r, c): FALSE in a table without a grid (the text route's). */
gboolean fr_analysis_cell_doubt (FrAnalysis *an, const FrTable *t, guint r, guint c);

/* Runs every stage in order (stages/pipeline.c).  Never fails: what a stage is unsure of goes
 * to warnings. */
void fr_analyze (FrAnalysis *an);
/* Debugging aid: every line with its box, size, kind. */
void fr_analysis_dump_lines (const FrAnalysis *an, FILE *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrAnalysis, fr_analysis_free)

G_END_DECLS
