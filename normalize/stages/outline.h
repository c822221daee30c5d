/* outline.h — indicator tables written as numbered lines instead of a grid
 * (1-产出指标；11-数量指标；111-…；年度指标值:…), read by the indicators stage after its grid
 * tables.  Adds what it finds to an->indicators (which owns them), in reading order; such an
 * indicator has no table (`table` NULL) and the box of its paragraph.
 */
#pragma once

#include "analysis.h"

G_BEGIN_DECLS

void fr_outline_indicators (FrAnalysis *an);

G_END_DECLS
