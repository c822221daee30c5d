/* values.h — a table cell's value as a number and a unit: "23个", "415.32平方米", "≥95%",
 * "1,973.86", "≤1.4 元".  A cell that is not a number with at most a short unit ("合格",
 * "有则得满分") is not a value.  Used by the indicators stage and by the finance checks.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  FR_CMP_NONE,      /* the number as it stands */
  FR_CMP_GE,        /* ≥ ≧ >= 不低于 不少于 */
  FR_CMP_GT,        /* > */
  FR_CMP_LE,        /* ≤ ≦ <= 不超过 不高于 */
  FR_CMP_LT,        /* < */
} FrCmp;

typedef struct {
  double number;
  char unit[32];    /* UTF-8, "" when none; "%" for a percentage */
  FrCmp cmp;
} FrValue;

/* TRUE when text is a value; out is filled then (and zeroed otherwise). */
gboolean fr_value_parse (const char *text, FrValue *out);
/* The comparison a sign or its words name (≥ ≧ >= 不低于 …, as in a 指标方向 column); FR_CMP_NONE
 * for anything else (=, 定性, NULL). */
FrCmp fr_cmp_parse (const char *text);
/* The number of a value, its unit and bound aside ("100.00%" → 100, "--" → FALSE); out is
 * untouched when text is not a value. */
gboolean fr_value_number (const char *text, double *out);
/* The comparison as printed in records: "", "≥", ">", "≤", "<". */
const char *fr_cmp_symbol (FrCmp cmp);
/* Whether a table row (char* cells) numbers the columns: 栏次, ** or 1 2 3 … in every cell
 * that is not blank or a dash (a row of dashes alone is one too; a dash beside a word is not). */
gboolean fr_value_numbering_row (GPtrArray *row);

G_END_DECLS
