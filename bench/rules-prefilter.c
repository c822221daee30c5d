/* rules-prefilter: is every rule's answer (normalize/rules.c: its needed words, then its
 * remembered answers, then PCRE2) PCRE2's own, for every text read (one a line from the files
 * named, or stdin)?  Each text is asked from its start and from each of its first characters'
 * offsets, twice (the second answer may be a remembered one).  Prints each difference and a
 * count; exits 1 on any.  Rerun: bench/rules-prefilter.sh. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "finrep.h"
#include "rules.h"

static gboolean
same (FrRuleId r, const pcre2_code *code, pcre2_match_data *md, const char *s, gsize offset)
{
  int rc = pcre2_match (code, (PCRE2_SPTR) s, strlen (s), offset, 0, md, NULL);
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer (md);
  uint32_t names = 0, entry = 0;
  PCRE2_SPTR table = NULL;
  pcre2_pattern_info (code, PCRE2_INFO_NAMECOUNT, &names);
  pcre2_pattern_info (code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
  pcre2_pattern_info (code, PCRE2_INFO_NAMETABLE, &table);
  for (int again = 0; again < 2; again++) {
    g_autoptr (FrMatch) m = fr_rule_match_at (r, s, offset);
    if ((m != NULL) != (rc >= 0))
      return FALSE;
    if (offset == 0 && fr_rule_test (r, s) != (rc >= 0))
      return FALSE;
    if (m == NULL)
      continue;
    /* the whole match (k = names), then each named group */
    for (uint32_t k = 0; k <= names; k++) {
      gsize a, b;
      const char *name = k < names ? (const char *) table + (gsize) k * entry + 2 : NULL;
      gsize g = k < names ? (((gsize) table[(gsize) k * entry]) << 8) | table[(gsize) k * entry + 1] : 0;
      gboolean set = ov[2 * g] != PCRE2_UNSET;
      if (fr_match_span (m, name, &a, &b) != set)
        return FALSE;
      if (set && (a != ov[2 * g] || b != ov[2 * g + 1]))
        return FALSE;
    }
  }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) texts = g_ptr_array_new ();
  for (int f = 1; f < argc; f++) {
    g_autofree char *all = NULL;
    if (!g_file_get_contents (argv[f], &all, NULL, NULL))
      continue;
    g_auto (GStrv) lines = g_strsplit (all, "\n", -1);
    for (guint i = 0; lines[i]; i++)
      if (!g_hash_table_contains (seen, lines[i])) {
        char *t = g_strdup (lines[i]);
        g_hash_table_add (seen, t);
        g_ptr_array_add (texts, t);
      }
  }
  pcre2_match_data *md = pcre2_match_data_create (64, NULL);
  guint64 asked = 0, matched = 0, wrong = 0;
  for (int r = 0; r < FR_RULE_COUNT; r++) {
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile ((PCRE2_SPTR) fr_rule_info ((FrRuleId) r)->pattern, PCRE2_ZERO_TERMINATED,
                                      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
    if (code == NULL)
      continue;
    pcre2_jit_compile (code, PCRE2_JIT_COMPLETE);
    for (guint t = 0; t < texts->len; t++) {
      const char *s = g_ptr_array_index (texts, t);
      gsize len = strlen (s);
      /* from its start, and from its first few characters' offsets */
      const char *p = s;
      for (int k = 0; k < 4 && (gsize) (p - s) <= len; k++, p = g_utf8_next_char (p)) {
        asked++;
        if (!same ((FrRuleId) r, code, md, s, (gsize) (p - s))) {
          wrong++;
          printf ("rule %s offset %zu: \"%s\"\n", fr_rule_name ((FrRuleId) r), (size_t) (p - s), s);
        }
        if (*p == '\0')
          break;
      }
      if (pcre2_match (code, (PCRE2_SPTR) s, len, 0, 0, md, NULL) >= 0)
        matched++;
    }
    pcre2_code_free (code);
  }
  pcre2_match_data_free (md);
  printf ("%u texts, %d rules, %" G_GUINT64_FORMAT " questions, %" G_GUINT64_FORMAT " matches from the start, %" G_GUINT64_FORMAT " wrong\n",
          texts->len, FR_RULE_COUNT, asked, matched, wrong);
  return wrong ? 1 : 0;
}
