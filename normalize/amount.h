/* amount.h — money and figures as a report prints them, read without binary rounding.
 *
 * fr_amount_to_wan converts digits (thousands separators allowed) and a unit (元, 千元, 万元,
 * 亿元) to 万元 by moving the decimal point in the digit string, so 0.007882万元 stays 0.007882
 * and 12,345元 is exactly 1.2345; the double returned is the nearest one to that decimal.
 * fr_number_decimals says how many decimals a number was printed with, the basis of every
 * "allow the report's rounding" tolerance.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FALSE (and out-parameters untouched) when digits is not a number or unit is not money.
 * wan_text (may be NULL) gets the exact decimal in 万元, newly allocated. */
gboolean fr_amount_to_wan (const char *digits, const char *unit, double *wan, char **wan_text);

/* Decimals of a printed number ("435.20" → 2, "1,234" → 0); -1 when text holds no number. */
int fr_number_decimals (const char *text);

/* Decimals of a double's shortest exact printing (435.2 → 1, 0.007882 → 6). */
int fr_value_decimals (double v);

/* A number for a message: at most max_decimals decimals, trailing zeros dropped ("9.91",
 * "120"). */
char *fr_number_text (double v, int max_decimals);

G_END_DECLS
