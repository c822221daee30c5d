/* explain.h — what a result means to a person, for `finrep show`: the reason behind each rule
 * and named decision, what a change (FrFix) did, how a block came to be, and figures as the
 * report prints them.  Reads the model and the rules; returned strings are static unless said
 * otherwise. */
#pragma once

#include <glib.h>

#include "model.h"
#include "rules.h"

G_BEGIN_DECLS

/* The one-line reason of a rule or named decision ("table_region"), as stages store them on
 * lines and blocks; NULL when finrep has none for the name. */
const char *fr_explain_rule_why (const char *name);
/* The pipeline stage that applies a rules.def rule (tables, budget, …), or NULL for a decision
 * or a name that is no rule. */
const char *fr_explain_rule_stage (const char *name);
/* A change's rule name: its rule row, or its character-table tag for FR_RULE_COUNT. */
const char *fr_explain_fix_rule (const FrFix *fix);
const char *fr_explain_fix_why (const FrFix *fix);
/* Is this change page furniture set aside (rather than characters rewritten)? */
gboolean fr_explain_fix_is_furniture (const FrFix *fix);
/* The part of a change that differs, with a little context: "…⼀般…" and "…一般…" (new). */
void fr_explain_fix_excerpt (const FrFix *fix, char **before, char **after);

/* How a block came to be, for the reader: its rule name, or a stage-level description. */
const char *fr_explain_block_rule (const FrBlock *b);
const char *fr_explain_block_kind (const FrBlock *b);

/* A figure as the report prints it: no float noise, no trailing zeros (new). */
char *fr_explain_number (double v);
/* An item's change on the year before: "+39.25 (+9.9%)", "−0.95", "flat", or "" (new). */
char *fr_explain_change (const FrFinanceItem *it);

G_END_DECLS
