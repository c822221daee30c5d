/* explain.c — what `show` says about a result: why each rule and decision holds, what a
 * change did, how a block came to be, and figures as the report prints them.  Beside the
 * rules, because the reasons are theirs (rules.def, decisions.def). */
#include "explain.h"

#include <string.h>

const char *
fr_explain_rule_why (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < FR_RULE_COUNT; i++)
    if (strcmp (fr_rule_name ((FrRuleId) i), name) == 0)
      return fr_rule_info ((FrRuleId) i)->why;
  return fr_decision_why (name);
}

const char *
fr_explain_rule_stage (const char *name)
{
  for (guint i = 0; name && i < FR_RULE_COUNT; i++)
    if (strcmp (fr_rule_name ((FrRuleId) i), name) == 0)
      return fr_stage_name (fr_rule_info ((FrRuleId) i)->stage);
  return NULL;
}

const char *
fr_explain_fix_rule (const FrFix *fix)
{
  if (fix->rule < FR_RULE_COUNT)
    return fr_rule_name (fix->rule);
  return fix->what ? fix->what : "charmap";
}

const char *
fr_explain_fix_why (const FrFix *fix)
{
  if (fix->rule < FR_RULE_COUNT)
    return fr_rule_info (fix->rule)->why;
  return fr_explain_rule_why (fix->what);
}

gboolean
fr_explain_fix_is_furniture (const FrFix *fix)
{
  /* furniture is removed whole: nothing is left of the line */
  return fix->after == NULL || fix->after[0] == '\0';
}

const char *
fr_explain_block_rule (const FrBlock *b)
{
  if (b->rule)
    return b->rule;
  switch (b->kind) {
  case FR_BLOCK_TITLE: return "title";
  case FR_BLOCK_TABLE: return b->table && b->table->method ? b->table->method : "table_region";
  case FR_BLOCK_HEADING:
  case FR_BLOCK_PARAGRAPH:
  default: return "paragraph";
  }
}

const char *
fr_explain_block_kind (const FrBlock *b)
{
  switch (b->kind) {
  case FR_BLOCK_TITLE: return "title";
  case FR_BLOCK_HEADING: return "heading";
  case FR_BLOCK_TABLE: return "table";
  case FR_BLOCK_PARAGRAPH:
  default: return "paragraph";
  }
}

char *
fr_explain_number (double v)
{
  /* the report's own figures: no float noise, no trailing zeros */
  char buf[64];
  g_snprintf (buf, sizeof buf, "%.6f", v);
  char *e = buf + strlen (buf) - 1;
  while (e > buf && *e == '0')
    *e-- = '\0';
  if (*e == '.')
    *e = '\0';
  return g_strdup (buf);
}

char *
fr_explain_change (const FrFinanceItem *it)
{
  if (it->direction == FR_CHANGE_NONE)
    return g_strdup ("");
  if (it->direction == FR_CHANGE_FLAT)
    return g_strdup ("flat");
  const char *sign = it->direction == FR_CHANGE_DECREASE ? "−" : "+";
  GString *s = g_string_new (NULL);
  if (it->change.has) {
    g_autofree char *a = fr_explain_number (it->change.value);
    g_string_append_printf (s, "%s%s", sign, a);
  }
  if (it->percent.has) {
    g_autofree char *p = fr_explain_number (it->percent.value);
    g_string_append_printf (s, "%s%s%s%%%s", s->len ? " (" : "", sign, p, it->change.has ? ")" : "");
  }
  return g_string_free (s, FALSE);
}

/* A change as "…before…" → "…after…": the part that differs, with a little context. */
void
fr_explain_fix_excerpt (const FrFix *f, char **before, char **after)
{
  const char *b = f->before ? f->before : "", *a = f->after ? f->after : "";
  glong nb = g_utf8_strlen (b, -1), na = g_utf8_strlen (a, -1);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, NULL);
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, NULL);
  glong pre = 0, suf = 0;
  while (pre < nb && pre < na && ub[pre] == ua[pre])
    pre++;
  while (suf < nb - pre && suf < na - pre && ub[nb - 1 - suf] == ua[na - 1 - suf])
    suf++;
  const glong ctx = 4;
  glong from = MAX (pre - ctx, 0);
  glong to_b = MIN (nb - suf + ctx, nb), to_a = MIN (na - suf + ctx, na);
  g_autofree char *mb = g_ucs4_to_utf8 (ub + from, to_b - from, NULL, NULL, NULL);
  g_autofree char *ma = g_ucs4_to_utf8 (ua + from, MAX (to_a - from, 0), NULL, NULL, NULL);
  *before = g_strdup_printf ("%s%s%s", from > 0 ? "…" : "", mb ? mb : "", to_b < nb ? "…" : "");
  *after = g_strdup_printf ("%s%s%s", from > 0 && na > 0 ? "…" : "", ma ? ma : "",
                            to_a < na ? "…" : "");
}
