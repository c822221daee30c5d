/* values.c — number + unit from a cell (values.h).  The form is the VALUE rule of rules.def;
 * this file only turns its groups into a number, a unit and a comparison. */
#include "values.h"

#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "rules.h"
#include "text.h"

FrCmp
fr_cmp_parse (const char *s)
{
  if (s == NULL || *s == '\0')
    return FR_CMP_NONE;
  static const struct { const char *text; FrCmp cmp; } forms[] = {
    { "≥", FR_CMP_GE }, { "≧", FR_CMP_GE }, { ">=", FR_CMP_GE }, { "＞=", FR_CMP_GE },
    { "不低于", FR_CMP_GE }, { "不少于", FR_CMP_GE }, { "大于等于", FR_CMP_GE },
    { "≤", FR_CMP_LE }, { "≦", FR_CMP_LE }, { "<=", FR_CMP_LE }, { "＜=", FR_CMP_LE },
    { "不超过", FR_CMP_LE }, { "不高于", FR_CMP_LE }, { "不多于", FR_CMP_LE },
    { "小于等于", FR_CMP_LE }, { "大于", FR_CMP_GT }, { ">", FR_CMP_GT }, { "＞", FR_CMP_GT },
    { "小于", FR_CMP_LT }, { "<", FR_CMP_LT }, { "＜", FR_CMP_LT },
  };
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    if (strcmp (s, forms[i].text) == 0)
      return forms[i].cmp;
  return FR_CMP_NONE;
}

const char *
fr_cmp_symbol (FrCmp cmp)
{
  switch (cmp) {
  case FR_CMP_GE: return "≥";
  case FR_CMP_GT: return ">";
  case FR_CMP_LE: return "≤";
  case FR_CMP_LT: return "<";
  default: return "";
  }
}

gboolean
fr_value_parse (const char *text, FrValue *out)
{
  memset (out, 0, sizeof *out);
  if (text == NULL)
    return FALSE;
  /* full-width digits and signs as a reader sees them */
  g_autofree char *clean = fr_clean_text (text);
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_VALUE, clean);
  if (m == NULL)
    return FALSE;
  g_autofree char *num = fr_match_group (m, "num");
  g_autofree char *unit = fr_match_group (m, "unit");
  g_autofree char *cmp = fr_match_group (m, "cmp");
  if (num == NULL)
    return FALSE;
  GString *digits = g_string_new (NULL);
  for (const char *p = num; *p; p++)
    if (*p != ',')
      g_string_append_c (digits, *p);
  out->number = g_ascii_strtod (digits->str, NULL);
  g_string_free (digits, TRUE);
  if (unit) {
    g_strstrip (unit);
    /* a full-width percent sign is the percent a reader sees */
    g_strlcpy (out->unit, strcmp (unit, "％") == 0 ? "%" : unit, sizeof out->unit);
  }
  out->cmp = fr_cmp_parse (cmp);
  return TRUE;
}

gboolean
fr_value_number (const char *text, double *out)
{
  FrValue v;
  if (!fr_value_parse (text, &v))
    return FALSE;
  *out = v.number;
  return TRUE;
}

gboolean
fr_value_numbering_row (GPtrArray *row)
{
  long expect = -1;
  gboolean any = FALSE, dash = FALSE;
  for (guint c = 0; c < row->len; c++) {
    const char *cell = g_ptr_array_index (row, c);
    g_autofree char *s = fr_squeeze (cell ? cell : "");
    if (*s == '\0')
      continue;
    if (fr_rule_test (FR_RULE_FIN_TABLE_SKIP_ROW, s)) {
      /* 栏次, 行次, ** number the columns; a dash (no figure here) says nothing of the row:
       * — | 其他事务 | 无 is a line, not a numbering row */
      if (s[0] != '-' && !g_str_has_prefix (s, "—"))
        return TRUE;
      dash = TRUE;
      continue;
    }
    for (const char *p = s; *p; p++)
      if (!g_ascii_isdigit (*p))
        return FALSE;
    long n = strtol (s, NULL, 10);
    if (expect >= 0 && n != expect)
      return FALSE;
    expect = n + 1;
    any = TRUE;
  }
  return any ? expect > 2 : dash;
}
