/* render.c — ruling lines from a cairo render of a page (see render.h). */
#include "render.h"
#include "pdflib.h"
#include "textless.h"
#include "vector.h"

#include <math.h>
#include <string.h>

/* 1.5 px a point: a 0.5 pt rule still darkens a pixel row well past the threshold, and the
 * render's cost is in parsing the page, not in pixels. */
#define SCALE FR_RULINGS_SCALE
#define DARK 200          /* luminance below this is ink */
#define MIN_LEN_PT 12.0   /* a rule is longer than a glyph stroke of body-size text */
#define MAX_THICK_PT 3.0  /* thicker dark runs are fills, not rules */

typedef struct {
  int pos;        /* row (horizontal runs) or column (vertical runs), pixels */
  int a, b;       /* extent along the run, pixels, b exclusive */
} Run;

/* The band's pixels: one buffer a thread, kept from render to render (a fresh one costs a
 * page fault for every 4 KiB written: 9730 faults for 13 renders of js_swbgt_2018, 6575 with
 * one kept), unless larger than KEEP_BYTES (an A3 page at SCALE is 9 MB). */
#define KEEP_BYTES (16u << 20)

static GPrivate band_buffer = G_PRIVATE_INIT ((GDestroyNotify) g_byte_array_unref);

/* A buffer of at least size bytes; *owned says whether the caller frees it. */
static guint8 *
buffer_get (gsize size, gboolean *owned)
{
  if (size > KEEP_BYTES) {
    *owned = TRUE;
    return g_malloc (size);
  }
  *owned = FALSE;
  if (g_private_get (&band_buffer) == NULL)
    g_private_set (&band_buffer, g_byte_array_new ());
  GByteArray *b = g_private_get (&band_buffer);
  if (b->len < size)
    g_byte_array_set_size (b, (guint) size);   /* grows seldom: pages are of a few sizes */
  return b->data;
}

typedef PopplerPage FrRenderPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrRenderPage, g_object_unref)

/* Is this RGB24 pixel ink?  Most are white, which is tested first. */
static inline guint64
is_ink (guint32 p)
{
  p &= 0xffffff;
  if (p == 0xffffff)
    return 0;
  guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
  return r * 299 + g * 587 + b * 114 < DARK * 1000;
}

/* The first set bit of words[0..nw) at or after bit i, or n when none. */
static int
next_set (const guint64 *words, int nw, int i, int n)
{
  int k = i >> 6;
  if (k >= nw)
    return n;
  guint64 v = words[k] & (~(guint64) 0 << (i & 63));
  while (v == 0) {
    if (++k >= nw)
      return n;
    v = words[k];
  }
  return MIN (n, k * 64 + __builtin_ctzll (v));
}

/* The first clear bit at or after bit i, or n when none. */
static int
next_clear (const guint64 *words, int nw, int i, int n)
{
  int k = i >> 6;
  if (k >= nw)
    return n;
  guint64 v = ~words[k] & (~(guint64) 0 << (i & 63));
  while (v == 0) {
    if (++k >= nw)
      return n;
    v = ~words[k];
  }
  return MIN (n, k * 64 + __builtin_ctzll (v));
}

/* Long dark runs of an RGB24 image of w x h, along its rows (hr) and down its columns (vr).
 * Each pixel row becomes a bit row once; row runs are read from it, and column runs follow
 * all columns at once, as bit masks of the columns with a run going on and of those whose
 * last row was blank.  One missing pixel (anti-aliasing, a join) does not end a run.  hr
 * comes sorted by row, vr by column, as runs_to_segments wants them. */
static void
find_runs (const guint8 *data, int stride, int w, int h, int min_len, GArray *hr, GArray *vr)
{
  int nw = (w + 63) / 64;
  g_autofree guint64 *bits = g_new0 (guint64, nw), *active = g_new0 (guint64, nw), *gap = g_new0 (guint64, nw);
  g_autofree int *start = g_new0 (int, w);
  g_autoptr (GArray) tmp = g_array_new (FALSE, FALSE, sizeof (Run));
  for (int y = 0; y <= h; y++) {
    if (y < h) {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
      for (int k = 0; k < nw; k++) {
        guint64 v = 0;
        int x0 = k * 64, n = MIN (64, w - x0);
        for (int i = 0; i < n; i += 8) {
          /* eight white pixels at once (white as the image was filled: all bits set) */
          if (i + 8 <= n) {
            const guint32 *q = row + x0 + i;
            if ((q[0] & q[1] & q[2] & q[3] & q[4] & q[5] & q[6] & q[7]) == 0xffffffffu)
              continue;
          }
          for (int j = i; j < MIN (i + 8, n); j++)
            v |= is_ink (row[x0 + j]) << j;
        }
        bits[k] = v;
      }
      /* row runs: stretches of ink, two of them one blank pixel apart being one */
      int run_a = -1, run_b = -1;
      for (int x = next_set (bits, nw, 0, w); x < w; x = next_set (bits, nw, x, w)) {
        int e = next_clear (bits, nw, x, w);
        if (run_a >= 0 && x - run_b == 1) {
          run_b = e;
        } else {
          if (run_a >= 0 && run_b - run_a >= min_len) {
            Run r = { y, run_a, run_b };
            g_array_append_val (hr, r);
          }
          run_a = x;
          run_b = e;
        }
        x = e;
      }
      if (run_a >= 0 && run_b - run_a >= min_len) {
        Run r = { y, run_a, run_b };
        g_array_append_val (hr, r);
      }
    } else {
      memset (bits, 0, nw * sizeof (guint64));
    }
    /* column runs: a second blank row ends a run (at the image's foot, any run ends) */
    for (int k = 0; k < nw; k++) {
      guint64 c = bits[k], a = active[k], g = gap[k];
      guint64 ending = y < h ? a & ~c & g : a;
      for (guint64 e = ending; e; e &= e - 1) {
        int x = k * 64 + __builtin_ctzll (e);
        int last = (g >> (x & 63)) & 1 ? y - 2 : y - 1;
        if (last + 1 - start[x] >= min_len) {
          Run r = { x, start[x], last + 1 };
          g_array_append_val (tmp, r);
        }
      }
      for (guint64 st = c & ~a; st; st &= st - 1)
        start[k * 64 + __builtin_ctzll (st)] = y;
      gap[k] = a & ~c & ~g & ~ending;
      active[k] = (a & ~ending) | c;
    }
  }
  /* by column */
  g_autofree guint *count = g_new0 (guint, w + 1);
  for (guint i = 0; i < tmp->len; i++)
    count[g_array_index (tmp, Run, i).pos + 1]++;
  for (int x = 0; x < w; x++)
    count[x + 1] += count[x];
  g_array_set_size (vr, tmp->len);
  for (guint i = 0; i < tmp->len; i++) {
    const Run *r = &g_array_index (tmp, Run, i);
    g_array_index (vr, Run, count[r->pos]++) = *r;
  }
}

static int
root_of (int *group, int i)
{
  while (group[i] != i)
    i = group[i] = group[group[i]];
  return i;
}

/* Runs on neighbouring pixel lines that overlap are one rule; thick groups are fills.  y_off is
 * the pixel row of the page the image starts at. */
static void
runs_to_segments (GArray *runs, gboolean vertical, int max_thick, int y_off, GArray *out)
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
    FrSegment s;
    if (vertical) {
      float mid = (float) ((lo[g] + hi[g] + 1) / 2.0 / SCALE);
      s = (FrSegment) { mid, (float) ((a[g] + y_off) / SCALE), mid, (float) ((b[g] + y_off) / SCALE) };
    } else {
      float mid = (float) ((lo[g] + hi[g] + 1 + 2 * y_off) / 2.0 / SCALE);
      s = (FrSegment) { (float) (a[g] / SCALE), mid, (float) (b[g] / SCALE), mid };
    }
    g_array_append_val (out, s);
  }
}

/* The document renders are drawn from: the copy without text when one could be made (on the
 * first render, kept with the document), else the document itself; NULL when poppler-glib
 * cannot be loaded (pdflib.h). */
static PopplerDocument *
render_source (const FrDocument *doc)
{
  /* the cache lives in the document, which is otherwise read-only here */
  FrDocument *cache = (FrDocument *) doc;
  const char *why = NULL;
  if (cache->pdf_textless == NULL && fr_pdf_lib_load (&why)) {
    guint renamed = 0;
    g_autoptr (GBytes) copy = cache->pdf_bytes ? fr_pdf_without_text (cache->pdf_bytes, &renamed) : NULL;
    PopplerDocument *textless = copy ? poppler_document_new_from_bytes (copy, NULL, NULL) : NULL;
    /* the copy must show the same pages, or it is no use */
    if (textless && poppler_document_get_n_pages (textless) != (int) doc->pages->len)
      g_clear_object (&textless);
    if (textless == NULL) {
      PopplerDocument *whole = fr_pdf_poppler (doc, NULL);
      textless = whole ? g_object_ref (whole) : NULL;
    }
    cache->pdf_textless = textless;
  }
  return doc->pdf_textless;
}

static FrRulings *
rulings_new (void)
{
  FrRulings *r = g_new0 (FrRulings, 1);
  r->h = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  r->v = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  return r;
}

/* The segments of an OCR page's rules (found once, in its deskewed image) in the band, as a
 * render of the band would have found them: vertical ones cut to it. */
static FrRulings *
stored_rulings (const FrRulings *all, float clip_y0, float clip_y1)
{
  FrRulings *r = rulings_new ();
  gboolean whole = clip_y1 <= clip_y0;
  for (guint i = 0; i < all->h->len; i++) {
    const FrSegment *s = &g_array_index (all->h, FrSegment, i);
    if (whole || (s->y0 >= clip_y0 && s->y0 <= clip_y1))
      g_array_append_val (r->h, *s);
  }
  for (guint i = 0; i < all->v->len; i++) {
    FrSegment s = g_array_index (all->v, FrSegment, i);
    if (!whole) {
      s.y0 = MAX (s.y0, clip_y0);
      s.y1 = MIN (s.y1, clip_y1);
      if (s.y1 - s.y0 < (float) MIN_LEN_PT)
        continue;
    }
    g_array_append_val (r->v, s);
  }
  return r;
}

FrRulings *
fr_rulings_from_image (const guint8 *rgb24, int stride, int w, int h)
{
  FrRulings *r = rulings_new ();
  if (w <= 0 || h <= 0)
    return r;
  int min_len = (int) (MIN_LEN_PT * SCALE), max_thick = (int) (MAX_THICK_PT * SCALE + 0.5);
  g_autoptr (GArray) hr = g_array_new (FALSE, FALSE, sizeof (Run));
  g_autoptr (GArray) vr = g_array_new (FALSE, FALSE, sizeof (Run));
  find_runs (rgb24, stride, w, h, min_len, hr, vr);
  runs_to_segments (hr, FALSE, max_thick, 0, r->h);
  runs_to_segments (vr, TRUE, max_thick, 0, r->v);
  return r;
}

static FrRulings *
render_rulings (const FrDocument *doc, guint page_index, float clip_y0, float clip_y1)
{
  if (doc->pdf == NULL || page_index >= doc->pages->len)
    return NULL;
  const FrPage *page = g_ptr_array_index (doc->pages, page_index);
  int w = (int) (page->width * SCALE + 0.5), h = (int) (page->height * SCALE + 0.5);
  if (w <= 0 || h <= 0 || (gint64) w * h > (gint64) 64 * 1024 * 1024)
    return NULL;
  /* only the band's pixel rows are drawn and scanned: an image of the band, the page moved up
   * by a whole number of pixels, so that it is drawn exactly as in an image of the page */
  int y_off = 0, y_end = h;
  if (clip_y1 > clip_y0) {
    y_off = CLAMP ((int) floor (clip_y0 * SCALE), 0, h);
    y_end = CLAMP ((int) ceil (clip_y1 * SCALE), y_off, h);
  }
  FrRulings *r = rulings_new ();
  r->route = "render";
  int bh = y_end - y_off;
  if (bh <= 0)
    return r;
  PopplerDocument *source = render_source (doc);
  g_autoptr (FrRenderPage) ppage = source ? poppler_document_get_page (source, (int) page_index) : NULL;
  if (ppage == NULL) {
    fr_rulings_free (r);
    return NULL;
  }
  /* white to start with (the unused byte of RGB24 may be anything), filled once */
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, w);
  gboolean owned = FALSE;
  guint8 *data = buffer_get ((gsize) stride * bh, &owned);
  memset (data, 0xff, (gsize) stride * bh);
  cairo_surface_t *surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_RGB24, w, bh, stride);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (surface);
    if (owned)
      g_free (data);
    fr_rulings_free (r);
    return NULL;
  }
  cairo_t *cr = cairo_create (surface);
  /* 2x2 samples a pixel are enough to darken one under a 0.5 pt rule (no anti-aliasing at all
   * loses thin filled rules), and cheaper than the default's finer grid */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_translate (cr, 0, -y_off);
  cairo_scale (cr, SCALE, SCALE);
  if (clip_y1 > clip_y0) {
    cairo_rectangle (cr, 0, clip_y0, page->width, clip_y1 - clip_y0);
    cairo_clip (cr);
  }
  /* poppler_page_render applies the page's /Rotate, as the text pass does */
  poppler_page_render (ppage, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  int min_len = (int) (MIN_LEN_PT * SCALE), max_thick = (int) (MAX_THICK_PT * SCALE + 0.5);
  g_autoptr (GArray) hr = g_array_new (FALSE, FALSE, sizeof (Run));
  g_autoptr (GArray) vr = g_array_new (FALSE, FALSE, sizeof (Run));
  find_runs (data, stride, w, bh, min_len, hr, vr);
  cairo_surface_destroy (surface);
  if (owned)
    g_free (data);
  runs_to_segments (hr, FALSE, max_thick, y_off, r->h);
  runs_to_segments (vr, TRUE, max_thick, y_off, r->v);
  return r;
}

FrRulings *
fr_page_rulings (const FrDocument *doc, guint page_index, float clip_y0, float clip_y1)
{
  static gsize once = 0;
  static gboolean render_only = FALSE;
  if (g_once_init_enter (&once)) {
    render_only = g_strcmp0 (g_getenv ("FINREP_DEBUG_RULINGS"), "render") == 0;
    g_once_init_leave (&once, 1);
  }
  /* a page read by OCR: its rules were found in its deskewed image, which the drawing (an
   * image) and a render (still askew) cannot match */
  if (doc->ocr_rulings && page_index < doc->ocr_rulings->len
      && g_ptr_array_index (doc->ocr_rulings, page_index) != NULL) {
    FrRulings *o = stored_rulings (g_ptr_array_index (doc->ocr_rulings, page_index), clip_y0, clip_y1);
    o->route = "render";
    o->why_render = "a page read by OCR: its rules are those of its deskewed image";
    return o;
  }
  const char *why = "FINREP_DEBUG_RULINGS=render";
  FrRulings *r = render_only ? NULL : fr_page_rulings_vector (doc, page_index, clip_y0, clip_y1, &why);
  if (r) {
    r->route = "vector";
    return r;
  }
  r = render_rulings (doc, page_index, clip_y0, clip_y1);
  if (r)
    r->why_render = why;
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
