/* rules.c — compiles rules.def's patterns (each once, on first use) and matches them; the report kinds of kinds.def. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include "aside.h"

#include <pcre2.h>
#include <string.h>
#ifdef FR_HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

static const FrRuleInfo rule_table[FR_RULE_COUNT] = {
#define RULE(name, stage, pattern, why) \
  [FR_RULE_##name] = { #name, FR_STAGE_##stage, pattern, why },
#include "rules.def"
#undef RULE
};

static char *rule_names[FR_RULE_COUNT];   /* lower-case names, made once */
static pcre2_code *compiled[FR_RULE_COUNT];
static GError *compile_error;

struct _FrMatch {
  const pcre2_code *code;
  pcre2_match_data *md;
  const char *subject;
};

/* Each pattern is compiled on its first use: a small file meets a few dozen of the rules, and
 * compiling all of them took a third of the pipeline's time on a one-page report.  Where a
 * thread aside compiles them all ahead (fr_rules_compile_all), a stage that needs one first
 * waits for that one.  The names are made once, all together (show lists them). */
static gsize compiled_once[FR_RULE_COUNT];
G_LOCK_DEFINE_STATIC (compile_error);

/* ...and JIT-compiled on its JIT_AFTER-th use.  PCRE2's JIT makes a match several times
 * cheaper but costs over 100,000 instructions a pattern to compile: on a one-page file the 51
 * rules it JIT-compiled at their first use took 7.3 M instructions, more than all its
 * matching, most of them rules matched a few times; a long report matches a few rules tens of
 * thousands of times.  Callgrind, the 11 text PDFs of the real reports against JIT at first
 * use: on the 8th use +0.1% in all, on the 16th +0.6%, the 32nd +1.6%; the one-page fixture
 * -1.8 M, -2.4 M, -2.7 M (README, "The one-page extract, second round").  The JIT works on a
 * copy that then takes the interpreted code's place in compiled[]; the interpreted code stays
 * in interpreted[], as a match in another thread may still be using it. */
#define JIT_AFTER 8
static pcre2_code *interpreted[FR_RULE_COUNT];
static gint uses[FR_RULE_COUNT];

/* PCRE2_MATCH_INVALID_UTF: PCRE2 otherwise checks that the whole subject is UTF-8 before every
 * match, which was two fifths of all matching (tens of thousands of matches a report, most
 * over the same line texts).  With it, the subject is not checked up front and a byte sequence
 * that is not UTF-8 is a barrier no match crosses (pcre2unicode(3)): where a text layer lets
 * such bytes through, a rule still matches the valid text around them, where the check used to
 * fail the whole match. */
static void
compile_one (int i)
{
  int errcode = 0;
  PCRE2_SIZE erroff = 0;
  pcre2_code *code = pcre2_compile ((PCRE2_SPTR) rule_table[i].pattern, PCRE2_ZERO_TERMINATED,
                                    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP | PCRE2_CASELESS, &errcode,
                                    &erroff, NULL);
  if (code == NULL) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message (errcode, msg, sizeof msg);
    /* like GRegex: name the character offset, not the byte offset */
    glong chars = g_utf8_pointer_to_offset (rule_table[i].pattern, rule_table[i].pattern + erroff);
    g_autofree char *name = g_ascii_strdown (rule_table[i].name, -1);
    G_LOCK (compile_error);
    if (compile_error == NULL)
      compile_error = g_error_new (G_REGEX_ERROR, G_REGEX_ERROR_COMPILE, "rule %s: %s at character %ld",
                                   name, (const char *) msg, chars);
    G_UNLOCK (compile_error);
    return;
  }
  interpreted[i] = code;
  g_atomic_pointer_set (&compiled[i], code);
}

/* JIT is an optimisation: where it is unavailable the interpreter still matches.  Its code
 * reads a subject 16 bytes at a time, past the end (inside the allocation's alignment), which
 * valgrind reports as errors; under valgrind the interpreter matches. */
static void
jit_one (int i)
{
  if (RUNNING_ON_VALGRIND)
    return;
  pcre2_code *copy = pcre2_code_copy (interpreted[i]);
  if (copy == NULL)
    return;
  if (pcre2_jit_compile (copy, PCRE2_JIT_COMPLETE) != 0) {
    pcre2_code_free (copy);
    return;
  }
  g_atomic_pointer_set (&compiled[i], copy);
}

static gpointer
jit_task (gpointer i)
{
  jit_one (GPOINTER_TO_INT (i));
  return NULL;
}

static void
compile_once (int i)
{
  if (g_once_init_enter (&compiled_once[i])) {
    compile_one (i);
    g_once_init_leave (&compiled_once[i], 1);
  }
}

static const pcre2_code *
rule_code (FrRuleId id)
{
  /* compiled already: the common case, without the once-guard's call (tens of thousands of
   * matches a report) */
  const pcre2_code *code = g_atomic_pointer_get (&compiled[id]);
  if (G_UNLIKELY (code == NULL)) {
    compile_once ((int) id);
    code = g_atomic_pointer_get (&compiled[id]);
    if (code == NULL)
      return NULL;
  }
  /* counted until the JIT_AFTER-th use, which has the pattern JIT-compiled: aside, where the
   * process has a thread for it (extract/aside.h: a one-file extract, which matches with the
   * interpreter until the JIT's code is in), else at once */
  if (G_UNLIKELY (g_atomic_int_get (&uses[id]) < JIT_AFTER)) {
    if (g_atomic_int_add (&uses[id], 1) == JIT_AFTER - 1)
      fr_aside_post (jit_task, GINT_TO_POINTER ((int) id));
    code = g_atomic_pointer_get (&compiled[id]);
  }
  return code;
}

void
fr_rules_compile_all (void)
{
  for (int i = 0; i < FR_RULE_COUNT; i++)
    if (g_atomic_pointer_get (&compiled[i]) == NULL)
      compile_once (i);
}

static gpointer
make_names (gpointer unused)
{
  for (int i = 0; i < FR_RULE_COUNT; i++)
    rule_names[i] = g_ascii_strdown (rule_table[i].name, -1);
  return NULL;
}

gboolean
fr_rules_check (GError **error)
{
  for (int i = 0; i < FR_RULE_COUNT; i++)
    rule_code ((FrRuleId) i);
  G_LOCK (compile_error);
  gboolean failed = compile_error != NULL;
  G_UNLOCK (compile_error);
  if (failed) {
    g_propagate_error (error, g_error_copy (compile_error));
    return FALSE;
  }
  return TRUE;
}

const char *
fr_stage_name (FrStage stage)
{
  static const char *const names[] = {
#define STAGE(id, name, what) #name,
#include "stages.def"
#undef STAGE
  };
  return (guint) stage < G_N_ELEMENTS (names) ? names[stage] : NULL;
}

const FrRuleInfo *
fr_rule_info (FrRuleId id)
{
  g_return_val_if_fail (id < FR_RULE_COUNT, NULL);
  return &rule_table[id];
}

static const struct {
  const char *name, *why;
} decisions[] = {
#define DECISION(name, why) { name, why },
#include "decisions.def"
#undef DECISION
};

const char *
fr_decision_why (const char *name)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (decisions); i++)
    if (strcmp (decisions[i].name, name) == 0)
      return decisions[i].why;
  return NULL;
}

const char *
fr_rule_name (FrRuleId id)
{
  g_return_val_if_fail (id < FR_RULE_COUNT, "");
  static GOnce once = G_ONCE_INIT;
  g_once (&once, make_names, NULL);
  return rule_names[id];
}

FrMatch *
fr_rule_match_at (FrRuleId id, const char *text, gsize offset)
{
  g_return_val_if_fail (id < FR_RULE_COUNT, NULL);
  const pcre2_code *code = rule_code (id);
  if (code == NULL || text == NULL)
    return NULL;
  size_t len = strlen (text);
  if (offset > len)
    return NULL;
  pcre2_match_data *md = pcre2_match_data_create_from_pattern (code, NULL);
  int rc = pcre2_match (code, (PCRE2_SPTR) text, len, offset, 0, md, NULL);
  if (rc < 0) {
    pcre2_match_data_free (md);
    return NULL;
  }
  FrMatch *m = g_new0 (FrMatch, 1);
  m->code = code;
  m->md = md;
  m->subject = text;
  return m;
}

FrMatch *
fr_rule_match (FrRuleId id, const char *text)
{
  return fr_rule_match_at (id, text, 0);
}

/* A test keeps no match: one match data a thread, with room for the whole match only (PCRE2
 * still says whether the pattern matched), instead of a new one for every call. */
static GPrivate test_data = G_PRIVATE_INIT ((GDestroyNotify) pcre2_match_data_free);

gboolean
fr_rule_test (FrRuleId id, const char *text)
{
  g_return_val_if_fail (id < FR_RULE_COUNT, FALSE);
  const pcre2_code *code = rule_code (id);
  if (code == NULL || text == NULL)
    return FALSE;
  pcre2_match_data *md = g_private_get (&test_data);
  if (md == NULL) {
    md = pcre2_match_data_create (1, NULL);
    g_private_set (&test_data, md);
  }
  return pcre2_match (code, (PCRE2_SPTR) text, strlen (text), 0, 0, md, NULL) >= 0;
}

gboolean
fr_match_span (const FrMatch *m, const char *group, gsize *start, gsize *end)
{
  gsize n = 0;
  if (group != NULL) {
    int number = pcre2_substring_number_from_name (m->code, (PCRE2_SPTR) group);
    if (number < 0)
      return FALSE;
    n = (gsize) number;
  }
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer (m->md);
  if (n >= pcre2_get_ovector_count (m->md) || ov[2 * n] == PCRE2_UNSET)
    return FALSE;
  if (start)
    *start = ov[2 * n];
  if (end)
    *end = ov[2 * n + 1];
  return TRUE;
}

char *
fr_match_group (const FrMatch *m, const char *group)
{
  gsize s, e;
  if (!fr_match_span (m, group, &s, &e))
    return NULL;
  return g_strndup (m->subject + s, e - s);
}

void
fr_match_free (FrMatch *m)
{
  if (m == NULL)
    return;
  pcre2_match_data_free (m->md);
  g_free (m);
}

/* ---- report kinds (kinds.def) --------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *phrases;
  guint flags;
} KindRow;

static const KindRow kinds[] = {
#define KIND(name, phrases, flags) { name, phrases, flags },
#include "kinds.def"
#undef KIND
};

guint
fr_kind_flags (const char *kind)
{
  for (guint k = 0; kind && k < G_N_ELEMENTS (kinds); k++)
    if (strcmp (kinds[k].name, kind) == 0)
      return kinds[k].flags;
  return 0;
}

const char *
fr_kind_find (const char *text, const char **at, gsize *len)
{
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++) {
    g_auto (GStrv) phrases = g_strsplit (kinds[k].phrases, "|", -1);
    for (guint i = 0; phrases[i]; i++) {
      const char *hit = strstr (text, phrases[i]);
      if (hit) {
        *at = hit;
        *len = strlen (phrases[i]);
        return kinds[k].name;
      }
    }
  }
  return NULL;
}
