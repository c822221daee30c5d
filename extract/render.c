/* render.c — ruling lines from a cairo render of a page (see render.h). */
#include "render.h"

#include <cairo.h>
#include <poppler.h>
#include <string.h>

/* 1.5 px a point: a 0.5 pt rule still darkens a pixel row well past the threshold, and the
 * render's cost is in parsing the page, not in pixels. */
#define SCALE 1.5
#define DARK 200          /* luminance below this is ink */
#define MIN_LEN_PT 12.0   /* a rule is longer than a glyph stroke of body-size text */
#define MAX_THICK_PT 3.0  /* thicker dark runs are fills, not rules */

typedef struct {
  int pos;        /* row (horizontal runs) or column (vertical runs), pixels */
  int a, b;       /* extent along the run, pixels, b exclusive */
} Run;

typedef PopplerPage FrRenderPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrRenderPage, g_object_unref)

/* Long dark runs of a bitmap of w x h (row-major, 1 = ink): along its rows, or with vertical
 * down its columns.  Both scan the rows in memory order; a column run keeps its state in
 * per-column arrays. */
static GArray *
find_runs (const guint8 *ink, int w, int h, gboolean vertical, int min_len)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Run));
  if (!vertical) {
    for (int y = 0; y < h; y++) {
      const guint8 *row = ink + (gsize) y * w;
      int start = -1, last = -1;
      for (int x = 0; x <= w; x++) {
        if (x < w && row[x]) {
          if (start < 0)
            start = x;
          last = x;
        } else if (start >= 0 && (x >= w || x - last > 1)) {
          /* one missing pixel (anti-aliasing, a join) does not end a rule */
          if (last + 1 - start >= min_len) {
            Run r = { y, start, last + 1 };
            g_array_append_val (runs, r);
          }
          start = -1;
        }
      }
    }
    return runs;
  }
  g_autofree int *start = g_new (int, w), *last = g_new (int, w);
  g_autoptr (GArray) tmp = g_array_new (FALSE, FALSE, sizeof (Run));
  for (int x = 0; x < w; x++)
    start[x] = last[x] = -1;
  for (int y = 0; y <= h; y++) {
    const guint8 *row = y < h ? ink + (gsize) y * w : NULL;
    for (int x = 0; x < w; x++) {
      if (row && row[x]) {
        if (start[x] < 0)
          start[x] = y;
        last[x] = y;
      } else if (start[x] >= 0 && (row == NULL || y - last[x] > 1)) {
        if (last[x] + 1 - start[x] >= min_len) {
          Run r = { x, start[x], last[x] + 1 };
          g_array_append_val (tmp, r);
        }
        start[x] = -1;
      }
    }
  }
  /* runs_to_segments wants them by column */
  g_autofree guint *count = g_new0 (guint, w + 1);
  for (guint i = 0; i < tmp->len; i++)
    count[g_array_index (tmp, Run, i).pos + 1]++;
  for (int x = 0; x < w; x++)
    count[x + 1] += count[x];
  g_array_set_size (runs, tmp->len);
  for (guint i = 0; i < tmp->len; i++) {
    const Run *r = &g_array_index (tmp, Run, i);
    g_array_index (runs, Run, count[r->pos]++) = *r;
  }
  return runs;
}

static int
root_of (int *group, int i)
{
  while (group[i] != i)
    i = group[i] = group[group[i]];
  return i;
}

/* Runs on neighbouring pixel lines that overlap are one rule; thick groups are fills. */
static void
runs_to_segments (GArray *runs, gboolean vertical, int max_thick, GArray *out)
{
  guint n = runs->len;
  if (n == 0)
    return;
  g_autofree int *group = g_new (int, n);
  for (guint i = 0; i < n; i++)
    group[i] = (int) i;
  /* runs come sorted by pos: [prev_a, prev_b) are the runs of the pixel line before */
  guint prev_a = 0, prev_b = 0, cur_a = 0;
  for (guint i = 0; i < n; i++) {
    const Run *r = &g_array_index (runs, Run, i);
    if (i > 0 && r->pos != g_array_index (runs, Run, i - 1).pos) {
      gboolean adjacent = g_array_index (runs, Run, i - 1).pos == r->pos - 1;
      prev_a = adjacent ? cur_a : i;
      prev_b = i;
      cur_a = i;
    }
    for (guint k = prev_a; k < prev_b; k++) {
      const Run *p = &g_array_index (runs, Run, k);
      if (p->a < r->b && r->a < p->b)
        group[root_of (group, (int) i)] = root_of (group, (int) k);
    }
  }
  g_autofree int *lo = g_new (int, n), *hi = g_new (int, n), *a = g_new (int, n), *b = g_new (int, n);
  for (guint i = 0; i < n; i++) {
    lo[i] = a[i] = G_MAXINT;
    hi[i] = b[i] = -1;
  }
  for (guint i = 0; i < n; i++) {
    const Run *r = &g_array_index (runs, Run, i);
    int g = root_of (group, (int) i);
    lo[g] = MIN (lo[g], r->pos);
    hi[g] = MAX (hi[g], r->pos);
    a[g] = MIN (a[g], r->a);
    b[g] = MAX (b[g], r->b);
  }
  for (guint g = 0; g < n; g++) {
    if (hi[g] < 0 || hi[g] - lo[g] + 1 > max_thick)
      continue;
    float mid = (float) ((lo[g] + hi[g] + 1) / 2.0 / SCALE);
    FrSegment s;
    if (vertical)
      s = (FrSegment) { mid, (float) (a[g] / SCALE), mid, (float) (b[g] / SCALE) };
    else
      s = (FrSegment) { (float) (a[g] / SCALE), mid, (float) (b[g] / SCALE), mid };
    g_array_append_val (out, s);
  }
}

FrRulings *
fr_page_rulings (const FrDocument *doc, guint page_index, float clip_y0, float clip_y1)
{
  if (doc->pdf == NULL || page_index >= doc->pages->len)
    return NULL;
  const FrPage *page = g_ptr_array_index (doc->pages, page_index);
  int w = (int) (page->width * SCALE + 0.5), h = (int) (page->height * SCALE + 0.5);
  if (w <= 0 || h <= 0 || (gint64) w * h > 64 * 1024 * 1024)
    return NULL;
  g_autoptr (FrRenderPage) ppage = poppler_document_get_page (POPPLER_DOCUMENT (doc->pdf), (int) page_index);
  if (ppage == NULL)
    return NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (surface);
    return NULL;
  }
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, SCALE, SCALE);
  if (clip_y1 > clip_y0) {
    cairo_rectangle (cr, 0, clip_y0, page->width, clip_y1 - clip_y0);
    cairo_clip (cr);
  }
  /* poppler_page_render applies the page's /Rotate, as the text pass does */
  poppler_page_render (ppage, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autofree guint8 *ink = g_malloc ((gsize) w * h);
  for (int y = 0; y < h; y++) {
    const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
    for (int x = 0; x < w; x++) {
      guint32 p = row[x];
      guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
      ink[(gsize) y * w + x] = (r * 299 + g * 587 + b * 114) / 1000 < DARK;
    }
  }
  cairo_surface_destroy (surface);

  int min_len = (int) (MIN_LEN_PT * SCALE), max_thick = (int) (MAX_THICK_PT * SCALE + 0.5);
  FrRulings *r = g_new0 (FrRulings, 1);
  r->h = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  r->v = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  g_autoptr (GArray) hr = find_runs (ink, w, h, FALSE, min_len);
  runs_to_segments (hr, FALSE, max_thick, r->h);
  g_autoptr (GArray) vr = find_runs (ink, w, h, TRUE, min_len);
  runs_to_segments (vr, TRUE, max_thick, r->v);
  return r;
}

void
fr_rulings_free (FrRulings *r)
{
  if (r == NULL)
    return;
  g_array_unref (r->h);
  g_array_unref (r->v);
  g_free (r);
}
