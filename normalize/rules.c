/* rules.c — compiles rules.def's patterns (each once, on first use) and matches them; the report kinds of kinds.def. */
#define _GNU_SOURCE   /* memmem */
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

/* A match keeps its offsets (the whole match's and each group's, PCRE2's ovector), copied
 * out of the thread's match data (below). */
struct _FrMatch {
  const pcre2_code *code;
  const char *subject;
  guint pairs;
  PCRE2_SIZE ov[];
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

/* ---- the words a rule's match cannot do without ----------------------------------------
 *
 * Before PCRE2 is asked, a text that holds none of a rule's needed words is refused by one
 * pass over its bytes.  Most questions are refusals (a cell is not 偏差 nor 原因 nor 改进措施…),
 * and PCRE2's interpreter, which answers until the rule's JIT copy is in, takes a few thousand
 * instructions for each (an unanchored alternation of Chinese words starts a match at every
 * character, as each begins with one of the same few lead bytes).  The words are read off the
 * pattern itself once it is compiled, so a rule row stays one pattern: a branch needs its
 * longest run of literal characters outside groups, classes and escapes and under no
 * quantifier, or the words of a group or class of its that is not optional (one of them, where
 * each of the group's branches needs some), whichever refuses more; a pattern needs one of its
 * top-level branches' words, where every branch has some, else it gets none and is always
 * asked.  A \d needed is a word too: a decimal digit.  Only characters caseless matching cannot
 * change are taken (Chinese characters, digits, punctuation; not a letter with a case), as the
 * rules are caseless; a pattern that sets its own options ("(?x)", "(*...)") or quotes ("\Q")
 * is not read. */
#define MAX_NEEDS 48

typedef struct {
  guint16 at, len;   /* bytes of the pattern; len 0: a decimal digit (\d) */
} Need;

typedef struct {
  int n;   /* 0: none, the rule is always asked */
  Need need[MAX_NEEDS];
  guint8 last[32];   /* the words' last bytes, a set */
  gboolean digit;    /* a decimal digit is one of them */
} Needs;

static Needs *needs[FR_RULE_COUNT];   /* NULL: none, or not read yet */
static gsize needs_once[FR_RULE_COUNT];

/* A character of a literal run: one caseless matching leaves as it is. */
static gboolean
plain_char (gunichar c)
{
  if (c < 0x80)
    return c >= 0x20 && c < 0x7f && !g_ascii_isalpha ((char) c);
  switch (g_unichar_type (c)) {
  case G_UNICODE_OTHER_LETTER:     /* (no character of these two has a case) */
  case G_UNICODE_DECIMAL_NUMBER:
    return TRUE;
  case G_UNICODE_CONNECT_PUNCTUATION:
  case G_UNICODE_DASH_PUNCTUATION:
  case G_UNICODE_OPEN_PUNCTUATION:
  case G_UNICODE_CLOSE_PUNCTUATION:
  case G_UNICODE_INITIAL_PUNCTUATION:
  case G_UNICODE_FINAL_PUNCTUATION:
  case G_UNICODE_OTHER_PUNCTUATION:
  case G_UNICODE_MATH_SYMBOL:
  case G_UNICODE_CURRENCY_SYMBOL:
    return g_unichar_tolower (c) == c && g_unichar_toupper (c) == c;
  default:
    return FALSE;
  }
}

/* Past a class ('[' at p) or a group ('(' at p), escapes and nested ones included; NULL when
 * the pattern ends first. */
static const char *
skip_bracket (const char *p)
{
  if (*p == '[') {
    p++;
    if (*p == '^')
      p++;
    if (*p == ']')
      p++;
    for (; *p && *p != ']'; p++)
      if (*p == '\\' && *++p == '\0')
        return NULL;
    return *p ? p + 1 : NULL;
  }
  int depth = 0;
  for (; *p; p++) {
    if (*p == '\\') {
      if (*++p == '\0')
        return NULL;
    } else if (*p == '[') {
      p = skip_bracket (p);
      if (p == NULL)
        return NULL;
      p--;
    } else if (*p == '(') {
      depth++;
    } else if (*p == ')' && --depth == 0) {
      return p + 1;
    }
  }
  return NULL;
}

/* Past an escape ('\\' at p): \d, \1 or \12, \x41 or \x{4e00}, \p{Han}, \k<name>, \cA, \. …;
 * NULL when the pattern ends first. */
static const char *
skip_escape (const char *p)
{
  char e = *++p;
  if (e == '\0')
    return NULL;
  if (g_ascii_isdigit (e)) {
    while (g_ascii_isdigit (*p))
      p++;
    return p;
  }
  if (e == 'c')
    return p[1] ? p + 2 : NULL;
  if (!g_ascii_isalpha (e))
    return g_utf8_next_char (p);
  p++;
  char close = *p == '{' ? '}' : (e == 'g' || e == 'k') && *p == '<' ? '>' : (e == 'g' || e == 'k') && *p == '\'' ? '\'' : 0;
  if (close != 0) {
    p = strchr (p + 1, close);
    return p ? p + 1 : NULL;
  }
  if (e == 'x')
    for (int k = 0; k < 2 && g_ascii_isxdigit (*p); k++)
      p++;
  return p;
}

/* Past a counted quantifier ({2}, {2,}, {2,4}, {,4}) at p, or NULL where '{' is not one. */
static const char *
quantifier_end (const char *p)
{
  const char *q = p + 1;
  while (g_ascii_isdigit (*q))
    q++;
  if (*q == ',')
    for (q++; g_ascii_isdigit (*q); q++)
      ;
  return *q == '}' && q > p + 1 ? q + 1 : NULL;
}

/* A character a pattern gives a meaning to outside a class (or ']' and '}', which end a run
 * all the same). */
static gboolean
meta_char (char c)
{
  switch (c) {
  case '\\': case '[': case ']': case '(': case ')': case '|': case '*': case '+': case '?':
  case '{': case '}': case '^': case '$': case '.':
    return TRUE;
  default:
    return FALSE;
  }
}

/* Which of two sets of words (n > 0) refuses more: the one whose shortest word is longer, then
 * the one of fewer words. */
static gboolean
better (const Needs *a, const Needs *b)
{
  if (b->n == 0)
    return TRUE;
  guint sa = G_MAXUINT, sb = G_MAXUINT;
  for (int k = 0; k < a->n; k++)
    sa = MIN (sa, a->need[k].len);   /* a digit 0: any text of figures has one */
  for (int k = 0; k < b->n; k++)
    sb = MIN (sb, b->need[k].len);
  return sa != sb ? sa > sb : a->n < b->n;
}

/* Is the atom before p optional (a quantifier at p that allows none of it)?  *after: past the
 * quantifier. */
static gboolean
optional (const char *p, const char **after)
{
  *after = p;
  if (*p == '?' || *p == '*') {
    *after = p + 1;
    return TRUE;
  }
  if (*p == '+') {
    *after = p + 1;
    return FALSE;
  }
  const char *q = *p == '{' ? quantifier_end (p) : NULL;
  if (q == NULL)
    return FALSE;
  *after = q;
  return p[1] == ',' || (p[1] == '0' && !g_ascii_isdigit (p[2]));
}

/* A class's characters as words, one each: a class of plain characters only ([:：], [.．·…]);
 * none (n = 0) for any other (negated, a range, \d, \p{…}).  Past the class, or NULL. */
static const char *
class_needs (const char *pattern, const char *p, Needs *out)
{
  const char *end = skip_bracket (p);
  out->n = 0;
  if (end == NULL)
    return NULL;
  p++;
  if (*p == '^' || *p == ']')
    return end;
  while (p < end - 1) {
    const char *c = p;
    if (*p == '\\') {
      c = p + 1;
      if (g_ascii_isalnum (*c))
        goto none;
    } else if (*p == '[' || (*p == '-' && p > pattern && p[-1] != '[' && p + 1 < end - 1)) {
      goto none;   /* a range, or a POSIX class */
    }
    if (!plain_char (g_utf8_get_char (c)) || out->n == MAX_NEEDS)
      goto none;
    const char *next = g_utf8_next_char (c);
    out->need[out->n++] = (Need) { (guint16) (c - pattern), (guint16) (next - c) };
    p = next;
  }
  return end;
none:
  out->n = 0;
  return end;
}

static const char *alternation_needs (const char *pattern, const char *p, Needs *out);

/* The words one branch cannot do without: its best (better) of its literal runs (characters
 * outside classes, groups and escapes, under no quantifier) and of the sets of its groups and
 * classes that are not optional.  p: where the branch starts; returns where it ends ('|', ')'
 * or the pattern's end), NULL where the pattern is not read. */
static const char *
branch_needs (const char *pattern, const char *p, Needs *best)
{
  best->n = 0;
  const char *run = NULL;
  Needs cand;
  for (;;) {
    char ch = *p;
    if (ch != '\0' && !meta_char (ch)) {
      if (plain_char (g_utf8_get_char (p))) {
        if (run == NULL)
          run = p;
        p = g_utf8_next_char (p);
        continue;
      }
    }
    /* the run ends here; a quantifier takes its last character */
    if (run != NULL) {
      const char *end = p, *after;
      if (optional (p, &after) || after != p)
        end = g_utf8_find_prev_char (run, p) ? g_utf8_find_prev_char (run, p) : run;
      if (end > run) {
        cand.n = 1;
        cand.need[0] = (Need) { (guint16) (run - pattern), (guint16) (end - run) };
        if (better (&cand, best))
          *best = cand;
      }
      run = NULL;
    }
    if (ch == '\0' || ch == '|' || ch == ')')
      return p;
    const char *after;
    if (ch == '\\' && p[1] == 'd') {
      p += 2;
      cand.n = 1;
      cand.need[0] = (Need) { 0, 0 };
      if (!optional (p, &after) && better (&cand, best))
        *best = cand;
      p = after;
    } else if (ch == '\\') {
      p = skip_escape (p);
    } else if (ch == '[' || ch == '(') {
      cand.n = 0;
      const char *inner = NULL;   /* a group's alternation */
      if (ch == '[')
        p = class_needs (pattern, p, &cand);
      else if (p[1] != '?')
        inner = p + 1;
      else if (p[2] == ':' || p[2] == '|' || p[2] == '>')
        inner = p + 3;
      else if (p[2] == '<' && (g_ascii_isalpha (p[3]) || p[3] == '_') && strchr (p, '>'))
        inner = strchr (p, '>') + 1;
      else if (p[2] == '=' || p[2] == '!' || (p[2] == '<' && (p[3] == '=' || p[3] == '!')))
        p = skip_bracket (p);   /* a look-around consumes nothing */
      else
        return NULL;   /* a condition, a recursion, a callout…: not read */
      if (ch == '(' && inner != NULL) {
        p = alternation_needs (pattern, inner, &cand);
        if (p == NULL || *p != ')')
          return NULL;
        p++;
      }
      if (p == NULL)
        return NULL;
      if (!optional (p, &after) && cand.n > 0 && better (&cand, best))
        *best = cand;
      p = after;
    } else if (optional (p, &after) || after != p) {
      p = after;
    } else {
      p++;   /* ^ $ . ] } */
    }
    if (p == NULL)
      return NULL;
  }
}

/* The words an alternation cannot do without, one of them at least: every branch's, where
 * every branch has some (else none, n = 0).  Returns where it ends (')' or the pattern's end),
 * NULL where the pattern is not read. */
static const char *
alternation_needs (const char *pattern, const char *p, Needs *out)
{
  gboolean all = TRUE;
  out->n = 0;
  for (;;) {
    Needs branch;
    p = branch_needs (pattern, p, &branch);
    if (p == NULL)
      return NULL;
    if (branch.n == 0 || out->n + branch.n > MAX_NEEDS) {
      all = FALSE;
    } else if (all) {
      memcpy (out->need + out->n, branch.need, (gsize) branch.n * sizeof (Need));
      out->n += branch.n;
    }
    if (*p != '|')
      break;
    p++;
  }
  if (!all)
    out->n = 0;
  return p;
}

/* The needed words of a pattern (above): FALSE where it has none. */
static gboolean
read_needs (const char *pattern, Needs *out)
{
  if (strstr (pattern, "\\Q") || strstr (pattern, "(*"))
    return FALSE;
  for (const char *q = strstr (pattern, "(?"); q; q = strstr (q + 2, "(?"))
    if (g_ascii_isalpha (q[2]) || q[2] == '^' || q[2] == '-' || q[2] == '\'' || q[2] == '#')
      return FALSE;
  const char *end = alternation_needs (pattern, pattern, out);
  if (end == NULL || *end != '\0' || out->n == 0)
    return FALSE;
  memset (out->last, 0, sizeof out->last);
  out->digit = FALSE;
  for (int k = 0; k < out->n; k++) {
    if (out->need[k].len == 0) {
      out->digit = TRUE;
      continue;
    }
    guchar b = (guchar) pattern[out->need[k].at + out->need[k].len - 1];
    out->last[b >> 3] |= (guint8) (1u << (b & 7));
  }
  return TRUE;
}

/* Can the character whose lead byte is at text[at] be a decimal digit (\d, with PCRE2_UCP any
 * of Unicode's)?  None is in U+2000-U+9FFF (lead bytes E2-E9: punctuation, symbols, Chinese),
 * and in U+F000-U+FFFF only the full-width ０-９; any other character beyond ASCII may be. */
static gboolean
may_be_digit (const guchar *text, gsize len, gsize at)
{
  guchar b = text[at];
  if (b < 0x80)
    return b >= '0' && b <= '9';
  if (b < 0xc2 || b > 0xf4 || (b >= 0xe2 && b <= 0xe9))
    return FALSE;
  if (b == 0xef)
    return at + 2 < len && text[at + 1] == 0xbc && text[at + 2] >= 0x90 && text[at + 2] <= 0x99;
  return TRUE;
}

/* Can text (len bytes) match rule i, by its needed words?  TRUE where it has none.  One pass
 * over the text: where a byte ends one of the words, is that word there? */
static gboolean
may_match (int i, const char *text, gsize len)
{
  const Needs *nd = g_atomic_pointer_get (&needs[i]);
  if (nd == NULL)
    return TRUE;
  const char *pattern = rule_table[i].pattern;
  for (gsize at = 0; at < len; at++) {
    guchar b = (guchar) text[at];
    if (nd->digit && may_be_digit ((const guchar *) text, len, at))
      return TRUE;
    if (!(nd->last[b >> 3] & (1u << (b & 7))))
      continue;
    for (int k = 0; k < nd->n; k++) {
      const char *w = pattern + nd->need[k].at;
      gsize n = nd->need[k].len;
      if (n > 0 && (guchar) w[n - 1] == b && n <= at + 1 && memcmp (text + at + 1 - n, w, n - 1) == 0)
        return TRUE;
    }
  }
  return FALSE;
}

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

/* A compiled rule's needed words, read once (above: a rule with none, or whose words are not
 * read yet, is asked). */
static void
needs_read_once (int i)
{
  if (g_once_init_enter (&needs_once[i])) {
    Needs nd;
    if (g_atomic_pointer_get (&compiled[i]) != NULL && read_needs (rule_table[i].pattern, &nd))
      g_atomic_pointer_set (&needs[i], g_memdup2 (&nd, sizeof nd));
    g_once_init_leave (&needs_once[i], 1);
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
   * interpreter until the JIT's code is in), else at once.  Its needed words are read by its
   * first use, if fr_rules_compile_all has not read them yet. */
  if (G_UNLIKELY (g_atomic_int_get (&uses[id]) < JIT_AFTER)) {
    int before = g_atomic_int_add (&uses[id], 1);
    if (before == 0)
      needs_read_once ((int) id);
    if (before == JIT_AFTER - 1)
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
  /* then their words: compiled first, as a stage that met a rule not yet compiled would
   * compile it itself, and one that meets a rule whose words are not read reads them (a few
   * thousand instructions, a compile's tenth) */
  for (int i = 0; i < FR_RULE_COUNT; i++)
    needs_read_once (i);
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

/* ---- what a thread asks: each rule's answer for a short text, remembered ----------------
 *
 * A stage asks a rule about a cell or a line, and the stages ask the same rule of the same text
 * again and again: a table's cells are read for a value where its fragments are made, where its
 * parts are checked, where its header is looked for and where its indicators are read (the
 * one-page fixture: 431 of its 1,326 questions were asked before, 20 and 指标 fifteen times
 * each), and every table repeats its cells' texts (0.00, 合计, a score).  A question to PCRE2
 * costs a few thousand instructions before its JIT's code is in (2,000-4,600 for a cell, most
 * of it PCRE2 setting a match up), and a one-page extract is done before the JIT's copies come
 * in.  So each thread remembers, for its last questions, the rule, the text and the answer
 * with its offsets: a question asked again is a hash and a comparison.  The answer is the
 * same by construction (a rule's match is a function of its pattern and the text; the JIT's
 * copy matches as the interpreted code does).  Short texts only (a cell, a heading, a line:
 * ANSWER_TEXT bytes at most), from their start only, with at most ANSWER_PAIRS groups; a
 * paragraph or a scan from an offset is matched each time.  Direct-mapped: a question whose
 * slot holds another is matched, and takes the slot. */
#define ANSWER_SLOTS 512   /* a power of two */
#define ANSWER_TEXT 64      /* < 255: an offset in it is a byte, 255 unset */
#define ANSWER_PAIRS 12     /* the most groups a rule has now, and the whole match */
#define UNSET_AT 255

typedef struct {
  guint32 hash;       /* of the rule and the text; 0: empty */
  guint16 rule;
  guint8 len;         /* the text's bytes */
  gint8 pairs;        /* the offsets' pairs; -1: no match */
  char text[ANSWER_TEXT];
  guint8 at[2 * ANSWER_PAIRS];
} Answer;

typedef struct {
  pcre2_match_data *md;   /* room for every group of a rule, grown when a rule has more */
  guint32 md_pairs;
  PCRE2_SIZE ov[2 * ANSWER_PAIRS];   /* a remembered answer's offsets, as PCRE2 gives them */
  Answer slot[ANSWER_SLOTS];
} Asked;

static void
asked_free (gpointer p)
{
  Asked *a = p;
  pcre2_match_data_free (a->md);
  g_free (a);
}

static GPrivate asked_key = G_PRIVATE_INIT (asked_free);

static Asked *
asked (void)
{
  Asked *a = g_private_get (&asked_key);
  if (G_UNLIKELY (a == NULL)) {
    a = g_new0 (Asked, 1);
    g_private_set (&asked_key, a);
  }
  return a;
}

/* FNV-1a over the rule and the text's bytes; never 0 (an empty slot) */
static guint32
answer_hash (FrRuleId id, const char *text, gsize len)
{
  guint32 h = (2166136261u ^ (guint32) id) * 16777619u;
  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) text[i]) * 16777619u;
  return h ? h : 1;
}

/* Matches rule id (its code) on text (len bytes) from offset with the thread's match data:
 * the number of offset pairs, one for the whole match and one for each of the rule's groups,
 * or < 0 when it does not match; the offsets are then in *ov, until the thread's next match.
 * From a text's start, a short text's answer is remembered (above). */
static int
match (FrRuleId id, const pcre2_code *code, const char *text, gsize len, gsize offset,
       const PCRE2_SIZE **ov)
{
  if (!may_match ((int) id, text + offset, len - offset))
    return PCRE2_ERROR_NOMATCH;
  Asked *a = asked ();
  Answer *slot = NULL;
  guint32 h = 0;
  if (offset == 0 && len <= ANSWER_TEXT) {
    h = answer_hash (id, text, len);
    slot = &a->slot[h & (ANSWER_SLOTS - 1)];
    if (slot->hash == h && slot->rule == id && slot->len == len && memcmp (slot->text, text, len) == 0) {
      for (int i = 0; i < 2 * slot->pairs; i++)
        a->ov[i] = slot->at[i] == UNSET_AT ? PCRE2_UNSET : slot->at[i];
      *ov = a->ov;
      return slot->pairs;
    }
  }
  uint32_t groups = 0;
  pcre2_pattern_info (code, PCRE2_INFO_CAPTURECOUNT, &groups);
  guint32 pairs = groups + 1;
  if (a->md == NULL || pairs > a->md_pairs) {
    pcre2_match_data_free (a->md);
    a->md_pairs = MAX (pairs, ANSWER_PAIRS);
    a->md = pcre2_match_data_create (a->md_pairs, NULL);
  }
  /* PCRE2 sets every pair of the pattern's groups (those not in the match unset), none past
   * them */
  int rc = pcre2_match (code, (PCRE2_SPTR) text, len, offset, 0, a->md, NULL);
  *ov = pcre2_get_ovector_pointer (a->md);
  if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
    return rc;   /* (a limit reached: not remembered) */
  if (slot != NULL && pairs <= ANSWER_PAIRS) {
    slot->hash = h;
    slot->rule = (guint16) id;
    slot->len = (guint8) len;
    memcpy (slot->text, text, len);
    slot->pairs = rc < 0 ? -1 : (gint8) pairs;
    for (guint i = 0; rc >= 0 && i < 2 * pairs; i++)
      slot->at[i] = (*ov)[i] == PCRE2_UNSET ? UNSET_AT : (guint8) (*ov)[i];
  }
  return rc < 0 ? rc : (int) pairs;
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
  const PCRE2_SIZE *ov;
  int pairs = match (id, code, text, len, offset, &ov);
  if (pairs < 0)
    return NULL;
  FrMatch *m = g_malloc (sizeof *m + 2 * (gsize) pairs * sizeof (PCRE2_SIZE));
  m->code = code;
  m->subject = text;
  m->pairs = (guint) pairs;
  memcpy (m->ov, ov, 2 * (gsize) pairs * sizeof (PCRE2_SIZE));
  return m;
}

FrMatch *
fr_rule_match (FrRuleId id, const char *text)
{
  return fr_rule_match_at (id, text, 0);
}

gboolean
fr_rule_test (FrRuleId id, const char *text)
{
  g_return_val_if_fail (id < FR_RULE_COUNT, FALSE);
  const pcre2_code *code = rule_code (id);
  if (code == NULL || text == NULL)
    return FALSE;
  const PCRE2_SIZE *ov;
  return match (id, code, text, strlen (text), 0, &ov) >= 0;
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
  const PCRE2_SIZE *ov = m->ov;
  if (n >= m->pairs || ov[2 * n] == PCRE2_UNSET)
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
