/* rules.h — the compiled rule table (rules.def).  Patterns compile once, on first use, under a
 * lock; matching is thread-safe (each thread has its own match data and remembered answers). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The pipeline's stages, in order (stages.def). */
typedef enum {
#define STAGE(id, name, what) FR_STAGE_##id,
#include "stages.def"
#undef STAGE
  FR_STAGE_COUNT
} FrStage;

/* A stage's name (chars, tables, budget, …), as the pipeline and `finrep show` name it. */
const char *fr_stage_name (FrStage stage);

typedef enum {
#define RULE(name, stage, pattern, why) FR_RULE_##name,
#include "rules.def"
#undef RULE
  FR_RULE_COUNT
} FrRuleId;

typedef struct {
  const char *name;      /* lower-case, as shown to users */
  FrStage stage;         /* the stage that applies it */
  const char *pattern;
  const char *why;
} FrRuleInfo;

const FrRuleInfo *fr_rule_info (FrRuleId id);
const char *fr_rule_name (FrRuleId id);
/* The reason for a named decision that is not a regex row (decisions.def), or NULL. */
const char *fr_decision_why (const char *name);

/* The report kind (kinds.def) a text names, or NULL; at and len give the phrase's bytes. */
const char *fr_kind_find (const char *text, const char **at, gsize *len);
/* What the stages must know of a kind (kinds.def says why each holds). */
enum {
  FR_KIND_PROJECT_MONEY = 1 << 0,
  FR_KIND_NAMES_PROJECT = 1 << 1,
  FR_KIND_NO_SELF_SCORE = 1 << 2,
};
/* The FR_KIND_* flags of a kind name of kinds.def; 0 for any other (NULL, "other"). */
guint fr_kind_flags (const char *kind);

/* A match's named groups; free with fr_match_free.  NULL when the rule does not match. */
typedef struct _FrMatch FrMatch;

FrMatch *fr_rule_match (FrRuleId id, const char *text);
gboolean fr_rule_test (FrRuleId id, const char *text);
/* Also from offset (bytes); for scanning a paragraph for several hits. */
FrMatch *fr_rule_match_at (FrRuleId id, const char *text, gsize offset);
/* A named group's text (newly allocated), or NULL when the group did not take part. */
char *fr_match_group (const FrMatch *m, const char *group);
/* Byte offsets of the whole match or of a named group; FALSE when unset. */
gboolean fr_match_span (const FrMatch *m, const char *group, gsize *start, gsize *end);
void fr_match_free (FrMatch *m);

/* Compiles every rule now; returns FALSE with an error naming the rule and the character
 * offset if one does not compile (a bug in rules.def, caught by the tests). */
gboolean fr_rules_check (GError **error);
/* Compiles every rule not compiled yet, without counting a use (the JIT comes at a rule's
 * own uses): to move the compiling ahead of the stages, in any thread; a stage that needs a
 * rule meanwhile waits for that one rule (finrep.h, fr_work_aside). */
void fr_rules_compile_all (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrMatch, fr_match_free)

G_END_DECLS
