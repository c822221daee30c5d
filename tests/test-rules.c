/* test-rules.c — every rule compiles, and matches (or not) its examples in rules-examples.txt;
 * a rule with no matching example fails the test, so rules cannot go untested. */
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rules/compile", test_compile);
  g_test_add_func ("/rules/examples", test_examples);
  g_test_add_func ("/rules/invalid-utf8", test_invalid_utf8);
  return g_test_run ();
}
