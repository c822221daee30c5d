/* stages.h — the stages' entry points, in pipeline order (pipeline.c keeps the table).
 *
 * Only the stages include this header (and their own helpers' headers: finance.h,
 * fintable.h, texttable.h); everything outside normalize/stages/ reaches them through
 * fr_analyze.  A stage includes this header, the model and text helpers it brings
 * (analysis.h), the rules and value parsing; never JSON.
 */
#pragma once

#include "analysis.h"

G_BEGIN_DECLS

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

G_END_DECLS
