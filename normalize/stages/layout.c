/* layout.c — the text column of each page: where body lines start and where full lines end.
 *
 * Pages of one size and orientation share a column, so the column is voted over all of them:
 * the left edge is the most common line start, the right edge the most common end of long
 * lines (justified body text ends at the same x).  A page with few lines takes its class's
 * column.  Text dumps have no geometry; their "column" is the usual line length in characters,
 * kept in FrAnalysis by the blocks stage.
 */
#include "stages.h"

#include <math.h>

#define BUCKET 2.0f   /* points per histogram bucket */

typedef struct {
  int w, h;                 /* page size class, rounded */
  GHashTable *starts, *ends;  /* bucket -> count */
  float x0, x1;
} PageClass;

/* No page reaches a million points; a coordinate past that (a broken CTM) is clamped, so a
 * bucket and its neighbours (b - 1, b + 1) stay far inside int. */
#define FAR 1e6f

static void
vote (GHashTable *t, float x)
{
  gpointer key = GINT_TO_POINTER ((int) lroundf (CLAMP (x, -FAR, FAR) / BUCKET));
  g_hash_table_replace (t, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (t, key)) + 1));
}

/* The mode of a histogram, counting each bucket with its two neighbours (jitter of a point). */
static guint
count_near (GHashTable *t, int b)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (t, GINT_TO_POINTER (b)))
         + GPOINTER_TO_UINT (g_hash_table_lookup (t, GINT_TO_POINTER (b - 1)))
         + GPOINTER_TO_UINT (g_hash_table_lookup (t, GINT_TO_POINTER (b + 1)));
}

/* The left edge: the leftmost start that several long lines share.  On a page of one-line
 * paragraphs most long lines are indented, so the plain mode would be the indent. */
static float
left_edge (GHashTable *t)
{
  GHashTableIter it;
  gpointer k, v;
  guint best_n = 0;
  g_hash_table_iter_init (&it, t);
  while (g_hash_table_iter_next (&it, &k, &v))
    best_n = MAX (best_n, count_near (t, GPOINTER_TO_INT (k)));
  int left = G_MAXINT;
  g_hash_table_iter_init (&it, t);
  while (g_hash_table_iter_next (&it, &k, &v)) {
    int b = GPOINTER_TO_INT (k);
    if (count_near (t, b) >= MAX (2u, best_n / 5) && b < left)
      left = b;
  }
  return left == G_MAXINT ? 0 : left * BUCKET;
}

static float
mode_of (GHashTable *t, gboolean prefer_right)
{
  GHashTableIter it;
  gpointer k, v;
  int best = 0;
  guint best_n = 0;
  g_hash_table_iter_init (&it, t);
  while (g_hash_table_iter_next (&it, &k, &v)) {
    int b = GPOINTER_TO_INT (k);
    guint n = GPOINTER_TO_UINT (v) + GPOINTER_TO_UINT (g_hash_table_lookup (t, GINT_TO_POINTER (b - 1)))
              + GPOINTER_TO_UINT (g_hash_table_lookup (t, GINT_TO_POINTER (b + 1)));
    if (n > best_n || (n == best_n && (prefer_right ? b > best : b < best))) {
      best = b;
      best_n = n;
    }
  }
  return best_n ? best * BUCKET : 0;
}

void
fr_stage_layout (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  if (!doc->has_geometry)
    return;
  g_autoptr (GArray) classes = g_array_new (FALSE, TRUE, sizeof (PageClass));
  g_autoptr (GArray) page_class = g_array_new (FALSE, TRUE, sizeof (guint));

  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    int w = (int) lroundf (page->width / 10), h = (int) lroundf (page->height / 10);
    guint c;
    for (c = 0; c < classes->len; c++)
      if (g_array_index (classes, PageClass, c).w == w && g_array_index (classes, PageClass, c).h == h)
        break;
    if (c == classes->len) {
      PageClass pc = { w, h, g_hash_table_new (NULL, NULL), g_hash_table_new (NULL, NULL), 0, 0 };
      g_array_append_val (classes, pc);
    }
    g_array_append_val (page_class, c);
    PageClass *pc = &g_array_index (classes, PageClass, c);
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *line = g_ptr_array_index (page->lines, i);
      /* only long lines show the column: table cells and captions are short */
      if (line->kind != FR_LINE_BODY || line->x1 - line->x0 < page->width * 0.45f)
        continue;
      vote (pc->starts, line->x0);
      vote (pc->ends, line->x1);
    }
  }
  for (guint c = 0; c < classes->len; c++) {
    PageClass *pc = &g_array_index (classes, PageClass, c);
    pc->x0 = left_edge (pc->starts);
    pc->x1 = mode_of (pc->ends, TRUE);
  }
  /* a page with enough long lines has its own column (margins vary between sections of a
   * file); the others take their class's */
  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    PageClass *pc = &g_array_index (classes, PageClass, g_array_index (page_class, guint, p));
    g_autoptr (GHashTable) starts = g_hash_table_new (NULL, NULL);
    g_autoptr (GHashTable) ends = g_hash_table_new (NULL, NULL);
    guint long_lines = 0;
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *line = g_ptr_array_index (page->lines, i);
      if (line->kind != FR_LINE_BODY || line->x1 - line->x0 < page->width * 0.45f)
        continue;
      vote (starts, line->x0);
      vote (ends, line->x1);
      long_lines++;
    }
    float x0 = pc->x0, x1 = pc->x1;
    if (long_lines >= 3) {
      x0 = left_edge (starts);
      x1 = mode_of (ends, TRUE);
    }
    page->col_x0 = x0;
    page->col_x1 = x1 > x0 ? x1 : page->width - x0;
  }
  for (guint c = 0; c < classes->len; c++) {
    g_hash_table_unref (g_array_index (classes, PageClass, c).starts);
    g_hash_table_unref (g_array_index (classes, PageClass, c).ends);
  }
}
