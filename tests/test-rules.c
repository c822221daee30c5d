/* test-rules.c — every rule compiles, and matches (or not) its examples in rules-examples.txt;
 * a rule with no matching example fails the test, so rules cannot go untested. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "finrep.h"

static void
test_compile (void)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (fr_rules_check (&error));
  g_assert_no_error (error);
}

static void
test_examples (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "rules-examples.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  gboolean has_match[FR_RULE_COUNT] = { FALSE };
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint checked = 0;
  for (guint i = 0; lines[i]; i++) {
    if (lines[i][0] == '#' || lines[i][0] == '\0')
      continue;
    g_auto (GStrv) f = g_strsplit (lines[i], "\t", 3);
    g_assert_cmpuint (g_strv_length (f), ==, 3);
    int id = -1;
    for (int r = 0; r < FR_RULE_COUNT; r++)
      if (strcmp (fr_rule_name ((FrRuleId) r), f[0]) == 0)
        id = r;
    if (id < 0)
      g_error ("rules-examples.txt line %u: no rule named %s", i + 1, f[0]);
    gboolean want = strcmp (f[1], "match") == 0;
    if (fr_rule_test ((FrRuleId) id, f[2]) != want)
      g_error ("rule %s should %s \"%s\"", f[0], want ? "match" : "not match", f[2]);
    if (want)
      has_match[id] = TRUE;
    checked++;
  }
  for (int r = 0; r < FR_RULE_COUNT; r++)
    if (!has_match[r])
      g_error ("rule %s has no matching example in rules-examples.txt", fr_rule_name ((FrRuleId) r));
  g_assert_cmpuint (checked, >, FR_RULE_COUNT);
}

/* A byte a text layer lets through that is not UTF-8 does not hide the text beside it from the
 * rules (PCRE2_MATCH_INVALID_UTF), and no match takes it in. */
static void
test_invalid_utf8 (void)
{
  g_assert_true (fr_rule_test (FR_RULE_YEAR, "\xff 2026\xe5\xb9\xb4\xe9\x83\xa8\xe9\x97\xa8\xe9\xa2\x84\xe7\xae\x97"));
  g_assert_true (fr_rule_test (FR_RULE_YEAR, "\xe9\x83\xa8\xe9\x97\xa8 2026\xe5\xb9\xb4 \xc0"));
  g_assert_false (fr_rule_test (FR_RULE_YEAR, "2026\xff\xe5\xb9\xb4"));
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_YEAR, "\xfe\xfe" "2026\xe5\xb9\xb4\xff");
  g_assert_nonnull (m);
  gsize start = 0, end = 0;
  g_assert_true (fr_match_span (m, NULL, &start, &end));
  g_assert_cmpuint (start, ==, 2);
  g_assert_cmpuint (end, ==, 9);
}

/* Every rule's answer for every example text (of every rule, so most are refusals; each also
 * with a 。 after it and with its digits full-width and Arabic-Indic), asked twice
 * (the second answer is the one remembered, normalize/rules.c), is PCRE2's own for the rule's
 * pattern: the same match or none, the same span of the whole match and of every named group.
 * So a word a rule's match needs (rules.c reads them off the pattern) never refuses a text the
 * pattern matches, and a remembered answer is the one matched. */
static void
test_same_as_pcre2 (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "rules-examples.txt", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; lines[i]; i++) {
    char *tab = lines[i][0] == '#' ? NULL : strchr (lines[i], '\t');
    tab = tab ? strchr (tab + 1, '\t') : NULL;
    if (tab) {
      g_ptr_array_add (texts, g_strdup (tab + 1));
      g_ptr_array_add (texts, g_strconcat (tab + 1, "\xe3\x80\x82", NULL));   /* and with a 。 after: a longer text */
      /* and with its digits written as full-width and as Arabic-Indic ones, which \d matches too */
      for (int script = 0; script < 2 && strpbrk (tab + 1, "0123456789"); script++) {
        GString *g = g_string_new (NULL);
        for (const char *c = tab + 1; *c; c++)
          if (g_ascii_isdigit (*c))
            g_string_append_unichar (g, (script ? 0xff10 : 0x0660) + (gunichar) (*c - '0'));
          else
            g_string_append_c (g, *c);
        g_ptr_array_add (texts, g_string_free (g, FALSE));
      }
    }
  }
  guint matched = 0, refused = 0;
  pcre2_match_data *md = pcre2_match_data_create (64, NULL);
  for (int r = 0; r < FR_RULE_COUNT; r++) {
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile ((PCRE2_SPTR) fr_rule_info ((FrRuleId) r)->pattern, PCRE2_ZERO_TERMINATED,
                                      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
    g_assert_nonnull (code);
    uint32_t names = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info (code, PCRE2_INFO_NAMECOUNT, &names);
    pcre2_pattern_info (code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info (code, PCRE2_INFO_NAMETABLE, &table);
    for (guint t = 0; t < texts->len; t++) {
      const char *s = g_ptr_array_index (texts, t);
      int rc = pcre2_match (code, (PCRE2_SPTR) s, strlen (s), 0, 0, md, NULL);
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer (md);
      for (int again = 0; again < 2; again++) {
        g_autoptr (FrMatch) m = fr_rule_match ((FrRuleId) r, s);
        if ((m != NULL) != (rc >= 0) || fr_rule_test ((FrRuleId) r, s) != (rc >= 0))
          g_error ("rule %s: its answer for \"%s\" is not PCRE2's", fr_rule_name ((FrRuleId) r), s);
        if (m == NULL)
          continue;
        gsize a, b;
        g_assert_true (fr_match_span (m, NULL, &a, &b));
        g_assert_cmpuint (a, ==, ov[0]);
        g_assert_cmpuint (b, ==, ov[1]);
        for (uint32_t k = 0; k < names; k++) {
          const guchar *e = table + (gsize) k * entry;
          gsize n = ((gsize) e[0] << 8) | e[1];
          gboolean set = ov[2 * n] != PCRE2_UNSET;
          g_assert_cmpint (fr_match_span (m, (const char *) e + 2, &a, &b), ==, set);
          if (set) {
            g_assert_cmpuint (a, ==, ov[2 * n]);
            g_assert_cmpuint (b, ==, ov[2 * n + 1]);
          }
        }
      }
      if (rc >= 0)
        matched++;
      else
        refused++;
    }
    pcre2_code_free (code);
  }
  pcre2_match_data_free (md);
  g_assert_cmpuint (matched, >, FR_RULE_COUNT);
  g_assert_cmpuint (refused, >, matched);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rules/compile", test_compile);
  g_test_add_func ("/rules/examples", test_examples);
  g_test_add_func ("/rules/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rules/same-as-pcre2", test_same_as_pcre2);
  return g_test_run ();
}
