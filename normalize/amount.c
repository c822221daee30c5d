/* amount.c — money and figures as printed, converted by moving the decimal point in text. */
#include "amount.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Powers of ten from a money unit to 万元: the decimal point moves this many places right. */
static const struct {
  const char *unit;
  int shift;
} units[] = {
  { "元", -4 }, { "千元", -1 }, { "万元", 0 }, { "亿元", 4 },
};

/* Collects the digits of a number into int_part and frac_part, dropping thousands separators
 * only where they sit between groups of three digits. */
static gboolean
split_digits (const char *s, GString *int_part, GString *frac_part, gboolean *negative)
{
  const char *p = s;
  while (*p == ' ')
    p++;
  *negative = FALSE;
  if (*p == '-') {
    *negative = TRUE;
    p++;
  }
  gboolean in_frac = FALSE;
  int group = -1;     /* digits since the last separator; -1 before any */
  for (; *p; p++) {
    if (g_ascii_isdigit (*p)) {
      g_string_append_c (in_frac ? frac_part : int_part, *p);
      if (!in_frac && group >= 0)
        group++;
    } else if (*p == ',' && !in_frac) {
      if (int_part->len == 0 || (group >= 0 && group != 3) || (group < 0 && int_part->len > 3))
        return FALSE;
      group = 0;
    } else if (*p == '.' && !in_frac) {
      in_frac = TRUE;
      if (group >= 0 && group != 3)
        return FALSE;
      group = -1;
    } else if (*p == ' ') {
      while (*p == ' ')
        p++;
      if (*p)
        return FALSE;
      break;
    } else {
      return FALSE;
    }
  }
  if (!in_frac && group >= 0 && group != 3)
    return FALSE;
  if (int_part->len == 0)
    return FALSE;
  return TRUE;
}

gboolean
fr_amount_to_wan (const char *digits, const char *unit, double *wan, char **wan_text)
{
  if (digits == NULL || unit == NULL)
    return FALSE;
  int shift = G_MININT;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (unit, units[i].unit) == 0)
      shift = units[i].shift;
  if (shift == G_MININT)
    return FALSE;
  g_autoptr (GString) ip = g_string_new (NULL);
  g_autoptr (GString) fp = g_string_new (NULL);
  gboolean negative;
  if (!split_digits (digits, ip, fp, &negative))
    return FALSE;

  /* all digits in a row, and where the point falls after the shift */
  g_autoptr (GString) all = g_string_new (ip->str);
  g_string_append (all, fp->str);
  long point = (long) ip->len + shift;
  if (point < 0) {
    for (long i = point; i < 0; i++)
      g_string_prepend_c (all, '0');
    point = 0;
  }
  while ((long) all->len < point)
    g_string_append_c (all, '0');

  g_autoptr (GString) out = g_string_new (negative ? "-" : "");
  gsize lead = 0;
  while (lead + 1 < (gsize) point && all->str[lead] == '0')
    lead++;
  if (point == 0)
    g_string_append_c (out, '0');
  else
    g_string_append_len (out, all->str + lead, point - lead);
  gsize frac_end = all->len;
  while (frac_end > (gsize) point && all->str[frac_end - 1] == '0')
    frac_end--;
  if (frac_end > (gsize) point) {
    g_string_append_c (out, '.');
    g_string_append_len (out, all->str + point, frac_end - point);
  }
  if (strcmp (out->str, "-0") == 0)
    g_string_assign (out, "0");

  if (wan)
    *wan = g_ascii_strtod (out->str, NULL);
  if (wan_text)
    *wan_text = g_strdup (out->str);
  return TRUE;
}

int
fr_number_decimals (const char *text)
{
  if (text == NULL)
    return -1;
  const char *p = text;
  while (*p && !g_ascii_isdigit (*p))
    p++;
  if (!*p)
    return -1;
  while (g_ascii_isdigit (*p) || *p == ',')
    p++;
  if (*p != '.' || !g_ascii_isdigit (p[1]))
    return 0;
  int n = 0;
  for (p++; g_ascii_isdigit (*p); p++)
    n++;
  return n;
}

int
fr_value_decimals (double v)
{
  if (!isfinite (v))
    return 0;
  /* the fewest decimals that print back to the same double, as a person wrote it */
  for (int d = 0; d < 15; d++) {
    char fmt[16], buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_snprintf (fmt, sizeof fmt, "%%.%df", d);
    g_ascii_formatd (buf, sizeof buf, fmt, v);
    if (g_ascii_strtod (buf, NULL) == v)
      return d;
  }
  return 15;
}

char *
fr_number_text (double v, int max_decimals)
{
  char fmt[16], buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (max_decimals, 0, 15));
  g_ascii_formatd (buf, sizeof buf, fmt, v);   /* a point whatever the locale */
  if (strchr (buf, '.')) {
    char *end = buf + strlen (buf) - 1;
    while (*end == '0')
      *end-- = '\0';
    if (*end == '.')
      *end = '\0';
  }
  if (strcmp (buf, "-0") == 0)
    return g_strdup ("0");
  return g_strdup (buf);
}
