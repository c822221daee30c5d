/* tables.c — table regions: where lines stand side by side, the page holds a table.
 *
 * The lines of a page are grouped into bands (lines that share a height).  A band with two
 * or more lines apart from each other is a table row; a run of such bands, with the wrapped
 * cell lines between them, is a table region.  Its lines are marked FR_LINE_TABLE so they
 * never reach a paragraph, and the region becomes a table block in reading order.
 * Text dumps have no bands; their tables are rebuilt by the text route's own rules.
 */
#include "analysis.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
  float y0, y1;
  GPtrArray *lines;   /* borrowed, sorted by x */
  gboolean multi;     /* two or more lines apart from each other */
} Band;

static int
cmp_line_y (gconstpointer a, gconstpointer b)
{
  const FrLine *la = *(FrLine *const *) a, *lb = *(FrLine *const *) b;
  float ca = (la->y0 + la->y1) / 2, cb = (lb->y0 + lb->y1) / 2;
  if (ca != cb)
    return ca < cb ? -1 : 1;
  return la->x0 < lb->x0 ? -1 : la->x0 > lb->x0;
}

static int
cmp_line_x (gconstpointer a, gconstpointer b)
{
  const FrLine *la = *(FrLine *const *) a, *lb = *(FrLine *const *) b;
  return la->x0 < lb->x0 ? -1 : la->x0 > lb->x0;
}

static void
band_free (Band *b)
{
  g_ptr_array_unref (b->lines);
  g_free (b);
}

static GPtrArray *
make_bands (const FrPage *page)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  for (guint i = 0; i < page->lines->len; i++) {
    FrLine *l = g_ptr_array_index (page->lines, i);
    if (l->kind == FR_LINE_BODY && l->glyphs->len > 0)
      g_ptr_array_add (sorted, l);
  }
  g_ptr_array_sort (sorted, cmp_line_y);
  GPtrArray *bands = g_ptr_array_new_with_free_func ((GDestroyNotify) band_free);
  Band *cur = NULL;
  for (guint i = 0; i < sorted->len; i++) {
    FrLine *l = g_ptr_array_index (sorted, i);
    float c = (l->y0 + l->y1) / 2;
    if (cur == NULL || c > cur->y1 || c < cur->y0) {
      cur = g_new0 (Band, 1);
      cur->y0 = l->y0;
      cur->y1 = l->y1;
      cur->lines = g_ptr_array_new ();
      g_ptr_array_add (bands, cur);
    } else {
      cur->y0 = MIN (cur->y0, l->y0);
      cur->y1 = MAX (cur->y1, l->y1);
    }
    g_ptr_array_add (cur->lines, l);
  }
  for (guint b = 0; b < bands->len; b++) {
    Band *band = g_ptr_array_index (bands, b);
    g_ptr_array_sort (band->lines, cmp_line_x);
    for (guint i = 1; i < band->lines->len; i++) {
      const FrLine *a = g_ptr_array_index (band->lines, i - 1);
      const FrLine *l = g_ptr_array_index (band->lines, i);
      if (l->x0 >= a->x1 + MAX (a->size, 4.0f) * 0.8f)
        band->multi = TRUE;
    }
  }
  return bands;
}

/* Could this lone line be a wrapped cell rather than body text?  Body text starts at the
 * column's left edge (or one indent in) and runs wide. */
static gboolean
lone_line_in_table (const FrPage *page, const Band *band, float left, float right)
{
  const FrLine *l = g_ptr_array_index (band->lines, 0);
  float em = MAX (l->size, 6.0f);
  float col_w = page->col_x1 - page->col_x0;
  if (band->lines->len != 1)
    return FALSE;
  if (l->x0 < left - em || l->x1 > right + em)
    return FALSE;
  if (col_w > 0 && l->x1 - l->x0 > col_w * 0.6f)
    return FALSE;
  return TRUE;
}

static FrTable *
table_from_bands (GPtrArray *bands, guint from, guint to, guint page_index)
{
  FrTable *t = fr_table_new ();
  t->page = page_index;
  g_array_append_val (t->pages, page_index);
  t->method = "aligned";
  t->box = (FrBox) { G_MAXFLOAT, G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT };
  for (guint b = from; b <= to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < band->lines->len; i++) {
      FrLine *l = g_ptr_array_index (band->lines, i);
      l->kind = FR_LINE_TABLE;
      l->rule = "table_region";
      g_ptr_array_add (row, g_strdup (l->text));
      FrCell cell = { g_strdup (l->text), { l->x0, l->y0, l->x1, l->y1 }, page_index,
                      t->rows->len, i, 1, 1 };
      g_array_append_val (t->cells, cell);
      t->box.x0 = MIN (t->box.x0, l->x0);
      t->box.y0 = MIN (t->box.y0, l->y0);
      t->box.x1 = MAX (t->box.x1, l->x1);
      t->box.y1 = MAX (t->box.y1, l->y1);
    }
    t->n_cols = MAX (t->n_cols, row->len);
    g_ptr_array_add (t->rows, row);
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (page_index));
  }
  return t;
}

void
fr_stage_tables (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  if (!doc->has_geometry)
    return;
  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    g_autoptr (GPtrArray) bands = make_bands (page);
    guint b = 0;
    while (b < bands->len) {
      Band *band = g_ptr_array_index (bands, b);
      if (!band->multi) {
        b++;
        continue;
      }
      /* grow the region downwards */
      guint last_multi = b, n_multi = 1;
      float left = G_MAXFLOAT, right = -G_MAXFLOAT;
      for (guint i = 0; i < band->lines->len; i++) {
        const FrLine *l = g_ptr_array_index (band->lines, i);
        left = MIN (left, l->x0);
        right = MAX (right, l->x1);
      }
      guint e = b + 1;
      for (; e < bands->len; e++) {
        Band *next = g_ptr_array_index (bands, e);
        Band *prev = g_ptr_array_index (bands, e - 1);
        const FrLine *first = g_ptr_array_index (next->lines, 0);
        float pitch = MAX (first->size, 6.0f) * 3.5f;
        if (next->y0 - prev->y1 > pitch)
          break;
        if (next->multi) {
          last_multi = e;
          n_multi++;
          for (guint i = 0; i < next->lines->len; i++) {
            const FrLine *l = g_ptr_array_index (next->lines, i);
            left = MIN (left, l->x0);
            right = MAX (right, l->x1);
          }
        } else if (!lone_line_in_table (page, next, left, right)) {
          break;
        }
      }
      /* lone wrapped-cell lines after the last multi band stay in the table */
      guint end = last_multi;
      while (end + 1 < e)
        end++;
      if (n_multi >= 2) {
        FrTable *t = table_from_bands (bands, b, end, p);
        FrBlock *blk = fr_block_new (FR_BLOCK_TABLE, p);
        blk->table = t;
        blk->box = t->box;
        blk->rule = "table_region";
        g_ptr_array_add (an->blocks, blk);
        g_ptr_array_add (an->tables, t);
      }
      b = end + 1;
    }
  }
}
