/* stages.h — the stages' entry points, in pipeline order (pipeline.c keeps the table).
 *
 * Only the stages include this header (and their own helpers' headers: finance.h,
 * fintable.h, texttable.h, budgetchecks.h); everything outside normalize/stages/ reaches them through
 * fr_analyze.  A stage includes this header, the model and text helpers it brings
 * (analysis.h), the rules and value parsing; never JSON.
 */
#pragma once

#include "analysis.h"

G_BEGIN_DECLS

void fr_stage_chars (FrAnalysis *an);
void fr_stage_ocr (FrAnalysis *an);
void fr_stage_layout (FrAnalysis *an);
void fr_stage_furniture (FrAnalysis *an);
void fr_stage_tables (FrAnalysis *an);
void fr_stage_blocks (FrAnalysis *an);
void fr_stage_sections (FrAnalysis *an);
void fr_stage_fields (FrAnalysis *an);
void fr_stage_indicators (FrAnalysis *an);
void fr_stage_evaluations (FrAnalysis *an);
void fr_stage_budget (FrAnalysis *an);
void fr_stage_finance (FrAnalysis *an);
void fr_stage_checks (FrAnalysis *an);

/* What the evaluations stage lends the checks stage (evaluations.c): the unit an indicator
 * row belongs to, or NULL; and evaluation_score_sum, execution_rate and funds_parts of every
 * unit, each with the page of its figure. */
const FrEvaluation *fr_evaluation_of (const FrAnalysis *an, const FrIndicator *ind);
void fr_evaluation_checks (FrAnalysis *an);
/* Helpers two stages share.  Contents pages (blocks.c): after a 目录 line, where most
 * lines are dot-leader entries, or on a page that goes on with the contents of the one
 * before it, every body line becomes an FR_LINE_TOC entry.  The tables stage runs it first,
 * on both routes, so that no entry is read as a table row. */
void fr_mark_toc (FrAnalysis *an);

G_END_DECLS
