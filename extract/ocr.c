/* ocr.c — the OCR route (see ocr.h). */
#include "ocr.h"

#include "errors.h"
#include "render.h"

#include "ocrlib.h"
#include "pdflib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

/* A scan of at least SCALE_BELOW dpi is read at its own pixels (up to MAX_DPI): scaled up,
 * 150 dpi read worse, not better (the fixtures' table cells 82 of 91 right at 150, 71 at 300;
 * the body 99.7% against 99.3%).  A scan below it (real ones come at 96-120 dpi, where small
 * print is 10 pixels tall) is scaled up LOW_SCALE times (100 dpi to 240).  The reading of
 * single characters moves with a pixel more or less either way (a title's 埔 or 果), so these
 * figures are of several fixtures' scans, not one.  A page whose image is unknown (drawn, not
 * scanned) is rendered at DEFAULT_DPI. */
#define OCR_LANGUAGES "chi_sim"
#define SCALE_BELOW 140.0
#define LOW_SCALE 2.4
#define MAX_DPI 400.0
#define DEFAULT_DPI 300.0
/* a render larger than this many pixels is made at a lower resolution (hostile page sizes) */
#define MAX_PIXELS (48.0 * 1024 * 1024)
/* a gap between two words wider than this many ems splits a line, as in the PDF route */
#define SPLIT_GAP_EM 2.5
/* the mean confidence below which a page is tried again turned (it may be upside down) */
#define RETRY_TURNED_BELOW 55
/* at most this many low-confidence lines are named in the warnings of one document */
#define MAX_LINE_WARNINGS 12

gboolean
fr_ocr_mode_parse (const char *s, FrOcrMode *mode)
{
  static const char *const names[] = { "auto", "always", "never" };
  for (guint i = 0; s && i < G_N_ELEMENTS (names); i++)
    if (strcmp (s, names[i]) == 0) {
      *mode = (FrOcrMode) i;
      return TRUE;
    }
  return FALSE;
}

/* ---- the engine: made once a thread, on first use ------------------------------------- */

typedef struct {
  TessBaseAPI *api;        /* chi_sim, LSTM */
  TessBaseAPI *osd;        /* orientation detection; NULL when its data is missing */
  gboolean osd_tried;
  TessBaseAPI *figures;    /* eng, for cells of a figure; NULL when its data is missing */
  gboolean figures_tried;
  char *why_not;           /* set when the engine could not be made */
} Engine;

static void
engine_free (Engine *e)
{
  if (e->api)
    TessBaseAPIDelete (e->api);
  if (e->osd)
    TessBaseAPIDelete (e->osd);
  if (e->figures)
    TessBaseAPIDelete (e->figures);
  g_free (e->why_not);
  g_free (e);
}

static GPrivate engine_key = G_PRIVATE_INIT ((GDestroyNotify) engine_free);

/* Tesseract's messages (its estimates, "Detected 108 diacritics") say nothing a record's
 * warnings do not, and standard error is the caller's.  Tesseract opens a debug file for
 * writing at its first message, which a sandboxed process may not do: so its messages stay
 * on standard error (debug_file ""), and standard error points at /dev/null, opened for
 * reading (which the sandbox allows), while the engine works (stderr_off): a write to it
 * fails and is lost. */
static void
quiet (TessBaseAPI *api)
{
  TessBaseAPISetVariable (api, "debug_file", "");
}

static int null_fd = -1;

static int
stderr_off (void)
{
  if (null_fd < 0)
    null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);   /* writes fail, quietly */
  if (null_fd < 0)
    return -1;
  fflush (stderr);
  int saved = dup (STDERR_FILENO);
  if (saved >= 0 && dup2 (null_fd, STDERR_FILENO) < 0) {
    close (saved);
    return -1;
  }
  return saved;
}

static void
stderr_on (int saved)
{
  if (saved < 0)
    return;
  dup2 (saved, STDERR_FILENO);
  close (saved);
}

/* The engines go before the process ends: Tesseract's own caches complain on standard error
 * of data still in use when they are torn down first. */
static void
engines_release (void)
{
  int saved = stderr_off ();
  g_private_replace (&engine_key, NULL);
  stderr_on (saved);
}

static Engine *
engine_get (void)
{
  Engine *e = g_private_get (&engine_key);
  if (e != NULL)
    return e;
  e = g_new0 (Engine, 1);
  g_private_set (&engine_key, e);
  const char *why = NULL;
  if (!fr_ocr_lib_load (&why)) {
    e->why_not = g_strdup_printf ("Tesseract cannot be loaded (%s; Debian: libtesseract5)", why);
    return e;
  }
  /* Tesseract runs parts of its network on OpenMP threads that spin while they wait: on a
   * busy machine (ingest runs a worker a CPU) a page took 5x the time.  Pages are read one
   * thread each, so OpenMP's parallel regions run on the calling thread alone. */
  if (fr_ocr_lib.omp_set_max_active_levels)
    fr_ocr_lib.omp_set_max_active_levels (0);
  e->api = TessBaseAPICreate ();
  quiet (e->api);
  /* chi_sim alone: its model reads Latin letters and digits too, and with +eng the engine
   * took runs of Chinese for English words on the fixtures' scans (body text 95.7% right at
   * 150 dpi with chi_sim+eng, 98.2% with chi_sim) */
  if (TessBaseAPIInit3 (e->api, NULL, OCR_LANGUAGES) != 0) {
    const char *prefix = g_getenv ("TESSDATA_PREFIX");
    e->why_not = g_strdup_printf ("the OCR data " OCR_LANGUAGES " cannot be loaded (%s%s; Debian: "
                                  "tesseract-ocr-chi-sim)",
                                  prefix ? "TESSDATA_PREFIX=" : "Tesseract's default folder",
                                  prefix ? prefix : "");
    TessBaseAPIDelete (e->api);
    e->api = NULL;
    return e;
  }
  quiet (e->api);
  TessBaseAPISetPageSegMode (e->api, PSM_AUTO);
  /* after Init: exit runs handlers in the reverse order of their making, and Tesseract's
   * caches made theirs as the data was read */
  static gsize once = 0;
  if (g_once_init_enter (&once)) {
    atexit (engines_release);
    g_once_init_leave (&once, 1);
  }
  return e;
}

/* A second engine made on first use: *api, NULL when its data is missing (*tried is set). */
static TessBaseAPI *
engine_extra (TessBaseAPI **api, gboolean *tried, const char *language, TessOcrEngineMode oem,
              TessPageSegMode psm)
{
  if (!*tried) {
    *tried = TRUE;
    *api = TessBaseAPICreate ();
    quiet (*api);
    if (TessBaseAPIInit2 (*api, NULL, language, oem) != 0) {
      TessBaseAPIDelete (*api);
      *api = NULL;
    } else {
      quiet (*api);
      TessBaseAPISetPageSegMode (*api, psm);
    }
  }
  return *api;
}

/* Orientation detection runs on the legacy engine's osd data. */
static TessBaseAPI *
engine_osd (Engine *e)
{
  return engine_extra (&e->osd, &e->osd_tried, "osd", OEM_TESSERACT_ONLY, PSM_OSD_ONLY);
}

/* The engine for a table cell that holds a figure: eng.  chi_sim reads a figure alone in a cell
 * badly (on the fixtures' scans 100% as 1009%, 97.8% as 97.89%, 91.7% as 91.706), eng reads
 * most of them right (reread_figure says when its reading is taken); mixed (chi_sim+eng) it
 * takes Chinese for English. */
static TessBaseAPI *
engine_figures (Engine *e)
{
  return engine_extra (&e->figures, &e->figures_tried, "eng", OEM_DEFAULT, PSM_SINGLE_BLOCK);
}

/* ---- the page image -------------------------------------------------------------------- */

typedef PopplerPage FrOcrPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrOcrPage, g_object_unref)

typedef PIX FrPix;
static void
pix_unref (FrPix *p)
{
  pixDestroy (&p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrPix, pix_unref)

/* An image surface as 8-bit gray (an alpha channel over white paper). */
static PIX *
surface_gray (cairo_surface_t *s)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  cairo_format_t f = cairo_image_surface_get_format (s);
  if (w < 16 || h < 16 || (f != CAIRO_FORMAT_RGB24 && f != CAIRO_FORMAT_ARGB32))
    return NULL;
  PIX *pix = pixCreate (w, h, 8);
  if (pix == NULL)
    return NULL;
  cairo_surface_flush (s);
  const guint8 *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  l_uint32 *out = pixGetData (pix);
  int wpl = pixGetWpl (pix);
  for (int y = 0; y < h; y++) {
    const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
    l_uint32 *line = out + (gsize) y * wpl;
    for (int x = 0; x < w; x++) {
      guint32 p = row[x];
      guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
      guint v = (r * 299 + g * 587 + b * 114) / 1000;
      if (f == CAIRO_FORMAT_ARGB32)   /* premultiplied: what is missing of alpha is paper */
        v = MIN (255u, v + (255u - (p >> 24)));
      SET_DATA_BYTE (line, x, v);
    }
  }
  return pix;
}

/* Is every pixel of the image the same?  Poppler draws an image it cannot decode as nothing
 * (white), and no scanner makes an image without a single pixel of noise. */
static gboolean
surface_uniform (cairo_surface_t *s)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  const guint8 *data = cairo_image_surface_get_data (s);
  if (data == NULL || w <= 0 || h <= 0)
    return TRUE;
  guint32 first = *(const guint32 *) data;
  for (int y = 0; y < h; y++) {
    const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
    for (int x = 0; x < w; x++)
      if (row[x] != first)
        return FALSE;
  }
  return TRUE;
}

/* The scan on a page: the largest image, at its own pixels, when it covers the page (an
 * image-only page as a scanner writes it); *own is its resolution in dots per inch of the
 * page (0 when the page has no image), *broken is set when the page has images and none of
 * them can be decoded.  NULL when the page is not one image: it is rendered instead. */
static PIX *
page_scan (PopplerPage *pp, double w_pt, double h_pt, double *own, gboolean *broken)
{
  GList *maps = poppler_page_get_image_mapping (pp);
  double best_area = 0;
  guint n = 0, bad = 0;
  cairo_surface_t *best = NULL;
  *own = 0;
  for (GList *l = maps; l != NULL; l = l->next) {
    const PopplerImageMapping *m = l->data;
    double w = fabs (m->area.x2 - m->area.x1), h = fabs (m->area.y2 - m->area.y1);
    n++;
    cairo_surface_t *s = poppler_page_get_image (pp, m->image_id);
    if (s == NULL || cairo_surface_status (s) != CAIRO_STATUS_SUCCESS || surface_uniform (s)) {
      bad++;
      if (s)
        cairo_surface_destroy (s);
      continue;
    }
    if (w * h > best_area && w > 1 && h > 1) {
      best_area = w * h;
      /* an image drawn turned has its width along the page's height */
      int iw = cairo_image_surface_get_width (s), ih = cairo_image_surface_get_height (s);
      gboolean turned = (iw > ih) != (w > h);
      *own = (turned ? ih : iw) / (w / 72.0);
      if (best)
        cairo_surface_destroy (best);
      best = turned ? NULL : cairo_surface_reference (s);
    }
    cairo_surface_destroy (s);
  }
  poppler_page_free_image_mapping (maps);
  *broken = n > 0 && bad == n;
  if (*broken && best)
    g_clear_pointer (&best, cairo_surface_destroy);
  PIX *pix = NULL;
  /* the page is the image: it covers nearly all of it, upright */
  if (best != NULL && best_area >= 0.9 * w_pt * h_pt)
    pix = surface_gray (best);
  if (best)
    cairo_surface_destroy (best);
  return pix;
}

/* The resolution to read a page at, given its image's own. */
static double
read_dpi (double own, double w_pt, double h_pt)
{
  /* a scanner's resolution is a whole number: 149.98 from a page size in points is 150 */
  own = round (own);
  double dpi = own <= 0 ? DEFAULT_DPI : own < SCALE_BELOW ? own * LOW_SCALE : MIN (own, MAX_DPI);
  const char *env = g_getenv ("FINREP_OCR_DPI");   /* for experiments; see the README */
  if (env && g_ascii_strtod (env, NULL) >= 50)
    dpi = g_ascii_strtod (env, NULL);
  double px = (w_pt * dpi / 72.0) * (h_pt * dpi / 72.0);
  if (px > MAX_PIXELS)
    dpi *= sqrt (MAX_PIXELS / px);
  return dpi;
}

/* The page rendered at dpi over white, as 8-bit gray; NULL when it cannot be. */
static PIX *
render_gray (PopplerPage *pp, double w_pt, double h_pt, double dpi)
{
  int w = (int) ceil (w_pt * dpi / 72.0), h = (int) ceil (h_pt * dpi / 72.0);
  if (w < 16 || h < 16)
    return NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (surface);
    return NULL;
  }
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  poppler_page_render (pp, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  PIX *pix = surface_gray (surface);
  cairo_surface_destroy (surface);
  return pix;
}

/* Lanczos-3: the strokes of a 100–150 dpi scan stay sharp when scaled up, where a bilinear
 * scale (cairo's, Leptonica's) blurs them and Tesseract confuses 果/采 and 支/文. */
static double
lanczos (double t)
{
  t = fabs (t);
  if (t < 1e-9)
    return 1.0;
  if (t >= 3.0)
    return 0.0;
  double a = G_PI * t;
  return 3.0 * sin (a) * sin (a / 3.0) / (a * a);
}

/* For each of n_out positions, the first source index and 6 weights summing to 1. */
static void
lanczos_taps (int n_in, int n_out, int *first, float *weights)
{
  double k = (double) n_in / n_out;
  for (int o = 0; o < n_out; o++) {
    double c = (o + 0.5) * k - 0.5;
    int f = (int) floor (c) - 2;
    double sum = 0;
    for (int j = 0; j < 6; j++)
      sum += lanczos (c - (f + j));
    first[o] = f;
    for (int j = 0; j < 6; j++)
      weights[o * 6 + j] = (float) (lanczos (c - (f + j)) / sum);
  }
}

/* An 8-bit image filtered into w_out x h_out, rows then columns: output column o is the sum of
 * taps source columns from fx[o] on (clamped to the image), weighted wx[o * taps …], and output
 * row o likewise of rows from fy[o], weighted wy. */
static PIX *
filter_separable (PIX *src, int w_out, int h_out, int taps, const int *fx, const float *wx, const int *fy,
                  const float *wy)
{
  int w = pixGetWidth (src), h = pixGetHeight (src), wpl = pixGetWpl (src);
  const l_uint32 *in = pixGetData (src);
  g_autofree float *mid = g_new (float, (gsize) w_out * h);
  for (int y = 0; y < h; y++) {
    const l_uint32 *line = in + (gsize) y * wpl;
    float *m = mid + (gsize) y * w_out;
    for (int o = 0; o < w_out; o++) {
      float acc = 0;
      for (int j = 0; j < taps; j++)
        acc += wx[o * taps + j] * GET_DATA_BYTE (line, CLAMP (fx[o] + j, 0, w - 1));
      m[o] = acc;
    }
  }
  PIX *out = pixCreate (w_out, h_out, 8);
  if (out == NULL)
    return NULL;
  l_uint32 *od = pixGetData (out);
  int owpl = pixGetWpl (out);
  g_autofree float *acc = g_new (float, w_out);
  for (int o = 0; o < h_out; o++) {
    l_uint32 *line = od + (gsize) o * owpl;
    const float *wt = wy + (gsize) o * taps;
    memset (acc, 0, sizeof (float) * w_out);
    for (int j = 0; j < taps; j++) {
      const float *row = mid + (gsize) CLAMP (fy[o] + j, 0, h - 1) * w_out;
      for (int x = 0; x < w_out; x++)
        acc[x] += wt[j] * row[x];
    }
    for (int x = 0; x < w_out; x++)
      SET_DATA_BYTE (line, x, (l_uint32) CLAMP ((int) lrintf (acc[x]), 0, 255));
  }
  return out;
}

/* An 8-bit image scaled up to w_out x h_out, Lanczos-3. */
static PIX *
scale_up (PIX *src, int w_out, int h_out)
{
  int w = pixGetWidth (src), h = pixGetHeight (src);
  g_autofree int *fx = g_new (int, w_out), *fy = g_new (int, h_out);
  g_autofree float *wx = g_new (float, (gsize) w_out * 6), *wy = g_new (float, (gsize) h_out * 6);
  lanczos_taps (w, w_out, fx, wx);
  lanczos_taps (h, h_out, fy, wy);
  return filter_separable (src, w_out, h_out, 6, fx, wx, fy, wy);
}

/* An 8-bit image smoothed by a Gaussian of sigma pixels (the edges repeated). */
static PIX *
smooth (PIX *src, double sigma)
{
  int w = pixGetWidth (src), h = pixGetHeight (src);
  int r = MAX ((int) ceil (3.0 * sigma), 1), taps = 2 * r + 1, n = MAX (w, h);
  g_autofree float *k = g_new (float, taps);
  double sum = 0;
  for (int j = -r; j <= r; j++)
    sum += k[j + r] = (float) exp (-(double) j * j / (2.0 * sigma * sigma));
  g_autofree int *first = g_new (int, n);
  g_autofree float *weights = g_new (float, (gsize) n * taps);
  for (int o = 0; o < n; o++) {
    first[o] = o - r;
    for (int j = 0; j < taps; j++)
      weights[(gsize) o * taps + j] = (float) (k[j] / sum);
  }
  return filter_separable (src, w, h, taps, first, weights, first, weights);
}

/* The page as 8-bit gray at dpi: its scan's own pixels scaled (up: Lanczos; down: Leptonica's
 * area map), or a render when it is not one image, at the image's own resolution first when
 * it has one (each image pixel one pixel) and scaled up from there. */
static PIX *
page_image (PopplerPage *pp, PIX *scan, double w_pt, double h_pt, double own, double dpi)
{
  int w = (int) ceil (w_pt * dpi / 72.0), h = (int) ceil (h_pt * dpi / 72.0);
  g_autoptr (FrPix) base = NULL;
  if (scan != NULL)
    base = pixClone (scan);
  else if (own > 0 && own < dpi * 0.95)
    base = render_gray (pp, w_pt, h_pt, own);
  else
    return render_gray (pp, w_pt, h_pt, dpi);
  if (base == NULL)
    return NULL;
  if (pixGetWidth (base) < w)
    return scale_up (base, w, h);
  return pixScaleToSize (base, w, h);
}

/* The paper's gray of a page image: the gray three quarters of its pixels are at most as light
 * as (a scan's paper is seldom white, and ink covers far less than a quarter of a page). */
static guint
paper_gray (PIX *pix)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix), wpl = pixGetWpl (pix);
  const l_uint32 *data = pixGetData (pix);
  guint hist[256] = { 0 }, total = 0, acc = 0;
  for (int y = 0; y < h; y += 4)
    for (int x = 0; x < w; x += 4) {
      hist[GET_DATA_BYTE (data + (gsize) y * wpl, x)]++;
      total++;
    }
  for (guint i = 0; i < 256; i++) {
    acc += hist[i];
    if (acc * 4 >= total * 3)
      return i;
  }
  return 255;
}

/* The part x, y, w, h of pix, a new image; NULL where Leptonica refuses the rectangle (empty,
 * or wholly off the image). */
static PIX *
clip_rect (PIX *pix, l_int32 x, l_int32 y, l_int32 w, l_int32 h)
{
  BOX *b = boxCreate (x, y, w, h);
  PIX *part = b ? pixClipRectangle (pix, b, NULL) : NULL;
  boxDestroy (&b);
  return part;
}

/* Paints the rectangle x, y, w, h of pix with gray (a speck, a stroke, a sign painted out with
 * the paper's own gray).  FALSE where Leptonica refuses the rectangle: nothing is painted. */
static gboolean
paint_rect (PIX *pix, l_int32 x, l_int32 y, l_int32 w, l_int32 h, guint gray)
{
  BOX *b = boxCreate (x, y, w, h);
  if (b == NULL)
    return FALSE;
  pixSetInRectArbitrary (pix, b, gray);
  boxDestroy (&b);
  return TRUE;
}

/* a speck is at most this large each way, in points (a scan's dust is 1-3 dots of 100-150 dpi;
 * a full stop of 10.5 pt print is about 1.2 pt) */
#define SPECK_MAX_PT 2.2
/* and has no other ink this near, in points: a full stop, a decimal point, a comma or a
 * character's own dot is never that far from the character beside it */
#define SPECK_ALONE_PT 3.0

/* and is no dot of a pair: two dots alike in size, one above the other or side by side this
 * near, centre to centre, in points, are a colon's (：；), an ellipsis's or a leader's, set
 * as far apart as a third of an em, which is more than SPECK_ALONE_PT in body type */
#define SPECK_PAIR_PT 9.0

/* Is dot a one of a pair with another of the n dots that stand alone (x, y, w, h each),
 * alike in size and in line with it across or down? */
static gboolean
dot_of_pair (const l_int32 *dots, guint n, guint a, int pair)
{
  const l_int32 *d = dots + (gsize) a * 4;
  l_int32 x = d[0], y = d[1], w = d[2], h = d[3];
  for (guint j = 0; j < n; j++) {
    const l_int32 *o = dots + (gsize) j * 4;
    l_int32 x2 = o[0], y2 = o[1], w2 = o[2], h2 = o[3];
    if (j == a || w2 > 2 * w || w > 2 * w2 || h2 > 2 * h || h > 2 * h2)
      continue;
    int dx = abs ((2 * x2 + w2) - (2 * x + w)) / 2, dy = abs ((2 * y2 + h2) - (2 * y + h)) / 2;
    gboolean down = x2 < x + w && x < x2 + w2, across = y2 < y + h && y < y2 + h2;
    if ((down && dy <= pair) || (across && dx <= pair))
      return TRUE;
  }
  return FALSE;
}

/* Is dot d (x, y, w, h) a semicolon's, over its comma: one of the n small pieces (x, y, w, h
 * each) in its columns just below it (at most half of pair pixels between them), about as wide
 * and taller than wide, up to three times its height (the comma's tail)?  The comma sits close
 * to the character before it, so it is no dot alone, and the dot lost its pair (不足；read
 * 不足，). */
static gboolean
semicolon_dot (const l_int32 *d, const l_int32 *small, guint n, int pair)
{
  for (guint j = 0; j < n; j++) {
    const l_int32 *o = small + (gsize) j * 4;
    if (o[0] < d[0] + d[2] && d[0] < o[0] + o[2] && o[1] >= d[1] + d[3] && (o[1] - d[1] - d[3]) * 2 <= pair
        && o[2] <= 2 * d[2] && d[2] <= 2 * o[2] && o[3] * 2 >= o[2] * 3 && o[3] >= d[3] && o[3] <= 3 * d[3])
      return TRUE;
  }
  return FALSE;
}

/* Dust and toner specks painted over with paper: a dot of ink with no other ink near it.  The
 * engine reads a speck as a mark (. ' “ -) that sticks to the word beside it, and one in a
 * table cell puts a stray mark into a figure.  A colon's two dots each stand alone, and lost
 * one of them (为：工程 read 为工程), so a dot with another like it in line, near, stays. */
static void
despeckle (PIX *gray, double dpi)
{
  guint paper = paper_gray (gray);
  g_autoptr (FrPix) bin = pixThresholdToBinary (gray, (int) (paper * 3 / 4));
  if (bin == NULL)
    return;
  BOXA *boxes = pixConnCompBB (bin, 8);
  int n = boxes ? boxaGetCount (boxes) : 0;
  int max = (int) (SPECK_MAX_PT * dpi / 72.0), near = (int) (SPECK_ALONE_PT * dpi / 72.0);
  int pair = (int) (SPECK_PAIR_PT * dpi / 72.0);
  /* the dots of the page that stand alone (x, y, w, h each; a pair's other dot may be a
   * little larger than a speck), and which of them are specks' size */
  g_autoptr (GArray) dots = g_array_new (FALSE, FALSE, sizeof (l_int32));
  g_autoptr (GArray) alone = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) small = g_array_new (FALSE, FALSE, sizeof (l_int32));   /* every piece of that size */
  for (int i = 0; i < n; i++) {
    l_int32 b[4];
    boxaGetBoxGeometry (boxes, i, &b[0], &b[1], &b[2], &b[3]);
    if (b[2] > 2 * max || b[3] > 2 * max)
      continue;
    g_array_append_vals (small, b, 4);
    BOX *own = boxCreate (b[0], b[1], b[2], b[3]);
    BOX *around = boxCreate (b[0] - near, b[1] - near, b[2] + 2 * near, b[3] + 2 * near);
    l_int32 in_own = 0, in_around = 0;
    if (own && around && pixCountPixelsInRect (bin, own, &in_own, NULL) == 0
        && pixCountPixelsInRect (bin, around, &in_around, NULL) == 0 && in_around == in_own) {
      guint k = dots->len / 4;
      g_array_append_vals (dots, b, 4);
      if (b[2] <= max && b[3] <= max)
        g_array_append_val (alone, k);
    }
    boxDestroy (&own);
    boxDestroy (&around);
  }
  boxaDestroy (&boxes);
  /* a page's dots are a few hundred: each alone one is tried against every other */
  const l_int32 *d = (const l_int32 *) dots->data;
  for (guint s = 0; s < alone->len; s++) {
    guint k = g_array_index (alone, guint, s);
    const l_int32 *b = d + (gsize) k * 4;
    if (dot_of_pair (d, dots->len / 4, k, pair)
        || semicolon_dot (b, (const l_int32 *) small->data, small->len / 4, pair))
      continue;
    (void) paint_rect (gray, b[0] - 1, b[1] - 1, b[2] + 2, b[3] + 2, paper);
  }
}

/* The ruling lines of a deskewed page image at dpi: the image brought to render.h's scale and
 * cut at a threshold below the paper's own gray (a scan's paper is seldom white). */
static FrRulings *
image_rulings (PIX *pix, double dpi)
{
  float s = (float) (FR_RULINGS_SCALE * 72.0 / dpi);
  g_autoptr (FrPix) small = pixScale (pix, s, s);
  if (small == NULL || pixGetDepth (small) != 8)
    return NULL;
  int w = pixGetWidth (small), h = pixGetHeight (small), wpl = pixGetWpl (small);
  const l_uint32 *data = pixGetData (small);
  guint paper = paper_gray (small);
  guint ink = MIN (200u, paper * 3 / 4);
  int stride = w * 4;
  g_autofree guint32 *rgb = g_new (guint32, (gsize) w * h);
  for (int y = 0; y < h; y++) {
    const l_uint32 *line = data + (gsize) y * wpl;
    for (int x = 0; x < w; x++)
      rgb[(gsize) y * w + x] = GET_DATA_BYTE (line, x) < ink ? 0 : 0xffffffffu;
  }
  return fr_rulings_from_image ((const guint8 *) rgb, stride, w, h);
}

/* ---- reading ---------------------------------------------------------------------------- */

typedef struct {
  gunichar c;
  int x0, y0, x1, y1;      /* pixels */
  gboolean word_start;
  gboolean cjk;
} Sym;

typedef struct {
  GArray *syms;            /* of Sym */
  int y0, y1;              /* the line's box, pixels */
  float conf;
  gboolean doubt;          /* its figure is in doubt, left as read and named in the warnings:
                            * its glyphs are marked so (FrGlyph.doubt), and no number is taken
                            * from them */
} RawLine;

static void
raw_line_clear (gpointer p)
{
  RawLine *r = p;
  g_array_unref (r->syms);
}

/* a Chinese character */
static gboolean
is_ideograph (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FA1F);
}

/* a Chinese character or a full-width mark */
static gboolean
is_cjk (gunichar c)
{
  return is_ideograph (c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* A character, not a byte: g_ascii_isdigit takes 丹 (U+4E39) for a 9. */
static gboolean
ascii_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

static GArray *
raw_lines_new (void)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (RawLine));
  g_array_set_clear_func (lines, raw_line_clear);
  return lines;
}

/* The recognised text (a page or a rectangle of it) as raw lines, added to lines; the mean
 * confidence in *mean (may be NULL). */
static void
collect_lines (TessBaseAPI *api, GArray *lines, int *mean, int dx, int dy)
{
  if (mean)
    *mean = TessBaseAPIMeanTextConf (api);
  TessResultIterator *ri = TessBaseAPIGetIterator (api);
  if (ri == NULL)
    return;
  const TessPageIterator *pi = TessResultIteratorGetPageIterator (ri);
  RawLine *cur = NULL;
  do {
    if (TessPageIteratorIsAtBeginningOf (pi, RIL_TEXTLINE) || cur == NULL) {
      RawLine nl = { g_array_new (FALSE, FALSE, sizeof (Sym)), 0, 0, 0, FALSE };
      int l = 0, t = 0, r = 0, b = 0;
      if (TessPageIteratorBoundingBox (pi, RIL_TEXTLINE, &l, &t, &r, &b)) {
        nl.y0 = t + dy;
        nl.y1 = b + dy;
      }
      nl.conf = TessResultIteratorConfidence (ri, RIL_TEXTLINE);
      g_array_append_val (lines, nl);
      cur = &g_array_index (lines, RawLine, lines->len - 1);
    }
    gboolean word_start = TessPageIteratorIsAtBeginningOf (pi, RIL_WORD);
    int l = 0, t = 0, r = 0, b = 0;
    char *text = TessResultIteratorGetUTF8Text (ri, RIL_SYMBOL);
    if (text != NULL && g_utf8_validate (text, -1, NULL)
        && TessPageIteratorBoundingBox (pi, RIL_SYMBOL, &l, &t, &r, &b)) {
      l += dx;
      r += dx;
      t += dy;
      b += dy;
      /* a symbol may be more than one character (a ligature): its box is shared out */
      glong n = g_utf8_strlen (text, -1);
      int i = 0;
      for (const char *p = text; *p; p = g_utf8_next_char (p), i++) {
        gunichar c = g_utf8_get_char (p);
        if (g_unichar_isspace (c))
          continue;
        Sym s = { c, l + (r - l) * i / (int) MAX (n, 1), t, l + (r - l) * (i + 1) / (int) MAX (n, 1), b,
                  word_start && i == 0, is_cjk (c) };
        g_array_append_val (cur->syms, s);
      }
    }
    TessDeleteText (text);
  } while (TessResultIteratorNext (ri, RIL_SYMBOL));
  TessResultIteratorDelete (ri);
}

/* img read by api (the figures' model, as set up) as raw lines, offset by dx, dy; NULL where
 * Tesseract fails.  The engine is cleared after. */
static GArray *
read_lines (TessBaseAPI *api, PIX *img, double dpi, int dx, int dy)
{
  TessBaseAPISetImage2 (api, img);
  TessBaseAPISetSourceResolution (api, (int) dpi);
  GArray *lines = NULL;
  if (TessBaseAPIRecognize (api, NULL) == 0) {
    lines = raw_lines_new ();
    collect_lines (api, lines, NULL, dx, dy);
  }
  TessBaseAPIClear (api);
  return lines;
}

/* The first of lines from index from on that holds a symbol, or NULL. */
static RawLine *
first_line (GArray *lines, guint from)
{
  for (guint i = from; i < lines->len; i++)
    if (g_array_index (lines, RawLine, i).syms->len > 0)
      return &g_array_index (lines, RawLine, i);
  return NULL;
}

/* The lines of raw from first on hold a figure in doubt (RawLine.doubt). */
static void
doubt_lines (GArray *raw, guint first)
{
  for (guint l = first; l < raw->len; l++)
    g_array_index (raw, RawLine, l).doubt = TRUE;
}

static gboolean well_formed (const char *s);
static gboolean same_but_separators (const char *a, const char *b);

/* The warning for a figure that chi_sim and eng read differently, left as chi_sim read it (the
 * lines of raw from first on).  Where both are numbers as written (chi_sim's from its first
 * digit) and not the same number (850.40 against 1,850.40; 8 against 18), two numbers stand
 * against each other and neither is taken: the lines are marked in doubt.  Where one is no
 * number as written (150,00 against 150.00, 26.50. against 26.50) it says nothing against the
 * other, which the stages parse, or not, as it stands; nor do separators alone (1850.40
 * against 1,850.40). */
static void
warn_figure_doubt (GArray *raw, guint first, GPtrArray *warnings, guint page_no, const char *chi, const char *eng)
{
  if (warnings == NULL)
    return;
  g_ptr_array_add (warnings, g_strdup_printf ("page %u: a figure read by OCR as %s, and as %s by its "
                                              "figures' model: left as first read", page_no, chi, eng));
  const char *body = chi;
  while (*body && !g_ascii_isdigit (*body))
    body = g_utf8_next_char (body);
  if (well_formed (body) && well_formed (eng) && !same_but_separators (body, eng))
    doubt_lines (raw, first);
}

/* A line's heights in order (a line has some dozens: insertion). */
static void
sort_heights (GArray *hs)
{
  int *v = (int *) hs->data;
  for (guint i = 1; i < hs->len; i++)
    for (guint j = i; j > 0 && v[j - 1] > v[j]; j--) {
      int tmp = v[j];
      v[j] = v[j - 1];
      v[j - 1] = tmp;
    }
}

/* The upper quartile of heights, leaving out those past the lower quartile's by a quarter; 0
 * for fewer than two.  Symbol boxes are the network's guess: a box may take in a speck above
 * its character, or reach to the next line (使54 用54 among 资32 金32 in (二)资金使用情况),
 * where no character is; but none is drawn shorter than its ink. */
static int
ink_height (GArray *hs)
{
  if (hs->len < 2)
    return 0;
  sort_heights (hs);
  const int *v = (const int *) hs->data;
  guint n = hs->len;
  int low = v[n / 4];
  while (n > 1 && v[n - 1] * 4 > low * 5)
    n--;
  return v[n * 3 / 4];
}

/* The font size of a raw line, in pixels: a CJK character's ink is about 0.92 em tall (the
 * upper quartile of them: a 口 is full height; a 一 or 、, under half the line's height, is
 * not counted); a line with fewer of them by its digits, whose ink is about 0.75 em tall
 * (1,400,400.00元。: the box of the whole line reaches from a comma's tail to the 元's top);
 * else by its box.  The line's height is its symbols' upper quartile, not its box, which a
 * speck above the line made twice as tall (then only the wrong boxes were counted); a
 * symbol's box taller than its line's is the network's error, and so are some shorter ones
 * (ink_height); symbol widths say nothing. */
static float
line_em (const RawLine *rl)
{
  int line_h = MAX (rl->y1 - rl->y0, 1);
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < rl->syms->len; i++) {
    const Sym *s = &g_array_index (rl->syms, Sym, i);
    int hgt = s->y1 - s->y0;
    if (hgt <= line_h)
      g_array_append_val (all, hgt);
  }
  sort_heights (all);
  int ref = all->len > 0 ? g_array_index (all, int, all->len * 3 / 4) : line_h;
  g_autoptr (GArray) han = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) digits = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < rl->syms->len; i++) {
    const Sym *s = &g_array_index (rl->syms, Sym, i);
    int hgt = s->y1 - s->y0;
    if (hgt > line_h || hgt * 2 < ref)
      continue;
    if (s->c >= 0x4E00 && s->c <= 0x9FFF)
      g_array_append_val (han, hgt);
    else if (s->c >= '0' && s->c <= '9')
      g_array_append_val (digits, hgt);
  }
  int h = ink_height (han);
  if (h > 0)
    return (float) h / 0.92f;
  h = ink_height (digits);
  if (h > 0)
    return (float) h / 0.75f;
  return line_h / (han->len > 0 ? 0.92f : 0.75f);
}

/* A dot of dust read as a mark: a small ASCII mark at either end of a line, set apart from its
 * neighbour by a gap (_2022年度… from a speck before a title). */
static gboolean
is_speck (const RawLine *rl, guint j, float em)
{
  const Sym *s = &g_array_index (rl->syms, Sym, j);
  if (s->c >= 0x80 || !strchr ("_-.,'`:;~^\"|", (int) s->c))
    return FALSE;
  if (j == 0 && rl->syms->len > 1) {
    const Sym *next = &g_array_index (rl->syms, Sym, 1);
    /* no line of a report starts with a lone _ ~ ^ or ` (a form's blank is a run of them) */
    if (strchr ("_~^`", (int) s->c) && next->c != s->c)
      return TRUE;
    return next->x0 - s->x1 > 0.3f * em;
  }
  if (j + 1 == rl->syms->len && j > 0)
    return s->x0 - g_array_index (rl->syms, Sym, j - 1).x1 > 0.3f * em && s->c != '.';
  return FALSE;
}

typedef struct {
  FrLine *line;
  float conf;
} OutLine;

/* Does a vertical rule of the page pass between x0 and x1 (points, widened by tol) across
 * the whole line [y0, y1]?  A rule runs on above and below the line; the stroke of a large
 * character (the 1 of a title's 2022) ends with it. */
static gboolean
rule_between (const FrRulings *r, float x0, float x1, float y0, float y1, float tol)
{
  float margin = (y1 - y0) * 0.15f;
  for (guint i = 0; r && i < r->v->len; i++) {
    const FrSegment *v = &g_array_index (r->v, FrSegment, i);
    if (v->x0 >= x0 - tol && v->x0 <= x1 + tol && v->y0 <= y0 - margin && v->y1 >= y1 + margin)
      return TRUE;
  }
  return FALSE;
}

/* Raw lines into the page's FrLines: pixels into points, a line cut where its words are far
 * apart (table cells), a space where the engine saw a word break with a gap or between two
 * Latin words. */
static void
emit_lines (GArray *raw, FrPage *page, FrDocument *doc, double dpi, const FrRulings *rules,
            GArray *out)
{
  float k = (float) (72.0 / dpi);
  for (guint i = 0; i < raw->len; i++) {
    const RawLine *rl = &g_array_index (raw, RawLine, i);
    if (rl->syms->len == 0)
      continue;
    float em = line_em (rl);
    float size = em * k;
    FrLine *line = NULL;
    const Sym *prev = NULL;
    for (guint j = 0; j < rl->syms->len; j++) {
      const Sym *s = &g_array_index (rl->syms, Sym, j);
      if (is_speck (rl, j, em))
        continue;
      float ly0 = rl->y0 * k, ly1 = rl->y1 * k;
      /* a table's rule read as a character: the rule is the page's, not text */
      if (strchr ("|[]", (int) s->c) && s->c < 0x80 && rule_between (rules, s->x0 * k, s->x1 * k, ly0, ly1, 2.0f))
        continue;
      if (line != NULL && prev != NULL) {
        int gap = s->x0 - prev->x1;
        /* a rule between two characters parts two cells, however close */
        if (gap > SPLIT_GAP_EM * em || s->x0 < prev->x0 - em
            || rule_between (rules, prev->x1 * k, s->x0 * k, ly0, ly1, 0.5f)) {
          fr_line_sync (line, doc);
          g_array_append_val (out, ((OutLine) { line, rl->conf }));
          line = NULL;
        } else if (s->word_start && (gap > 0.3f * em || (!s->cjk && !prev->cjk))) {
          fr_line_append (line, ' ', prev->x1 * k, rl->y0 * k, s->x0 * k, rl->y1 * k, 0, size);
        }
      }
      if (line == NULL)
        line = fr_line_new (page->index);
      /* the line's height for every glyph: the stages compare glyphs on a baseline.  A
       * symbol's box past the line's on both sides is the engine's guess, not ink (a word's
       * last symbols are given a box of its guessed height, centred: 225-271 pixels in a line
       * of 229-257), and made the line overlap the next: a table's title and its 单位 line
       * were no longer above it */
      gboolean guessed = s->y0 < rl->y0 && s->y1 > rl->y1;
      fr_line_append (line, s->c, s->x0 * k, (guessed ? rl->y0 : MIN (rl->y0, s->y0)) * k, s->x1 * k,
                      (guessed ? rl->y1 : MAX (rl->y1, s->y1)) * k, 0, size);
      g_array_index (line->glyphs, FrGlyph, line->glyphs->len - 1).doubt = rl->doubt;
      prev = s;
    }
    if (line != NULL) {
      fr_line_sync (line, doc);
      g_array_append_val (out, ((OutLine) { line, rl->conf }));
    }
  }
}

/* Reading order: top to bottom, lines that share a band left to right (the engine orders by
 * its blocks, which put a table's columns one after another). */
static int
cmp_by_top (gconstpointer a, gconstpointer b)
{
  const FrLine *x = ((const OutLine *) a)->line, *y = ((const OutLine *) b)->line;
  float cx = (x->y0 + x->y1) / 2, cy = (y->y0 + y->y1) / 2;
  return cx < cy ? -1 : cx > cy ? 1 : (x->x0 < y->x0 ? -1 : x->x0 > y->x0);
}

static int
cmp_by_x (gconstpointer a, gconstpointer b)
{
  const FrLine *x = ((const OutLine *) a)->line, *y = ((const OutLine *) b)->line;
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

static void
order_lines (GArray *out)
{
  g_array_sort (out, cmp_by_top);
  for (guint i = 0; i < out->len;) {
    const FrLine *first = g_array_index (out, OutLine, i).line;
    guint j = i + 1;
    /* sorted by their middles: the band is of the lines whose middle is inside the first */
    while (j < out->len) {
      const FrLine *l = g_array_index (out, OutLine, j).line;
      if ((l->y0 + l->y1) / 2 > first->y1)
        break;
      j++;
    }
    if (j - i > 1)
      qsort (&g_array_index (out, OutLine, i), j - i, sizeof (OutLine), cmp_by_x);
    i = j;
  }
}

/* The one line of a cell's raw lines (from first on) that has text: FALSE where more than one
 * has, or it has more than max symbols; *line is G_MAXUINT where none has. */
static gboolean
only_line (const GArray *raw, guint first, guint max, guint *line)
{
  *line = G_MAXUINT;
  for (guint i = first; i < raw->len; i++) {
    guint len = g_array_index (raw, RawLine, i).syms->len;
    if (len == 0)
      continue;
    if (*line != G_MAXUINT || len > max)
      return FALSE;
    *line = i;
  }
  return TRUE;
}

/* The one line of a cell's raw lines (from first on) where a mark alone may have been read as
 * one or two other characters, and the cell's image img cut to black and white at 3/4 of its
 * paper's gray (*bin, the caller's): NULL where there is none, or it holds a digit or one of
 * the n marks it would be made (read right already). */
static RawLine *
lone_mark_line (GArray *raw, guint first, const gunichar *marks, guint n, PIX *img, guint paper, PIX **bin)
{
  guint line = G_MAXUINT;
  if (!only_line (raw, first, 2, &line) || line == G_MAXUINT)
    return NULL;
  RawLine *rl = &g_array_index (raw, RawLine, line);
  for (guint j = 0; j < rl->syms->len; j++) {
    gunichar c = g_array_index (rl->syms, Sym, j).c;
    if (ascii_digit (c))
      return NULL;
    for (guint k = 0; k < n; k++)
      if (c == marks[k])
        return NULL;
  }
  *bin = pixThresholdToBinary (img, (int) (paper * 3 / 4));
  return *bin != NULL ? rl : NULL;
}

/* The boxes of the pieces of ink of a binary image (8-connected), as x, y, w, h (4 a piece),
 * their number in *n. */
static l_int32 *
ink_boxes (PIX *bin, int *n)
{
  BOXA *comps = pixConnCompBB (bin, 8);
  *n = comps ? boxaGetCount (comps) : 0;
  l_int32 *bx = g_new (l_int32, (gsize) MAX (*n, 1) * 4);
  for (int k = 0; k < *n; k++) {
    l_int32 *b = bx + (gsize) k * 4;
    boxaGetBoxGeometry (comps, k, &b[0], &b[1], &b[2], &b[3]);
  }
  boxaDestroy (&comps);
  return bx;
}

/* ---- comparison signs ------------------------------------------------------------------- */

/* The engine's models have no ≥ or ≤: it reads them as 之, 过, 亏, 三, 兰, 2 or drops them,
 * and a target of ≥95% comes out as 之95%.  So the mark before a figure at the start of a
 * cell's line is read again from its ink: a chevron (its middle rows' ink to one side of its
 * top and bottom rows') over a bar is ≥ or ≤, a chevron alone > or <.  Anything else (a
 * digit 2 has its middle rows' ink between its top's and its bottom's) is left as read. */

/* The sign the ink of bin inside box shows, or 0. */
static gunichar
sign_shape (PIX *bin, BOX *box)
{
  g_autoptr (FrPix) part = pixClipRectangle (bin, box, NULL);
  if (part == NULL)
    return 0;
  BOXA *all = pixConnCompBB (part, 8);
  /* dust in the sign's columns (less than a sixth of the line's height each way) is no part
   * of it */
  BOXA *comps = all ? boxaSelectBySize (all, pixGetHeight (part) / 6, pixGetHeight (part) / 6, L_SELECT_IF_EITHER,
                                        L_SELECT_IF_GTE, NULL) : NULL;
  boxaDestroy (&all);
  int n = comps ? boxaGetCount (comps) : 0;
  l_int32 cx[2] = { 0 }, cy[2] = { 0 }, cw[2] = { 0 }, ch[2] = { 0 };
  if (n >= 1 && n <= 2) {
    for (int i = 0; i < n; i++)
      boxaGetBoxGeometry (comps, i, &cx[i], &cy[i], &cw[i], &ch[i]);
  } else if (n > 2 && n <= 4) {
    /* a chevron broken at its point (a thin stroke of a 100 dpi scan breaks at the threshold),
     * or a speck beside a sign: the lowest flat piece is the bar, the pieces above it the
     * chevron (a speck below the bar is no part of the sign) */
    int low = -1;
    l_int32 lx = 0, ly = 0, lw = 0, lh = 0;
    for (int i = 0; i < n; i++) {
      l_int32 x, y, w, h;
      boxaGetBoxGeometry (comps, i, &x, &y, &w, &h);
      if (h * 2 <= w && w * 3 >= pixGetHeight (part) && (low < 0 || y + h > ly + lh))
        low = i, lx = x, ly = y, lw = w, lh = h;
    }
    cx[1] = lx, cy[1] = ly, cw[1] = lw, ch[1] = lh;
    l_int32 x0 = G_MAXINT32, y0 = G_MAXINT32, x1 = 0, y1 = 0;
    for (int i = 0; i < n && low >= 0; i++) {
      l_int32 x, y, w, h;
      boxaGetBoxGeometry (comps, i, &x, &y, &w, &h);
      if (i == low || y >= ly + lh / 2)
        continue;
      x0 = MIN (x0, x), y0 = MIN (y0, y), x1 = MAX (x1, x + w), y1 = MAX (y1, y + h);
    }
    if (low < 0 || x1 == 0)
      y1 = 0, x0 = y0 = 0;
    cx[0] = x0, cy[0] = y0, cw[0] = x1 - x0, ch[0] = y1 - y0;
    /* a bar, flat and below the chevron's pieces; otherwise no sign this reads */
    if (low < 0 || x1 == 0 || ch[1] * 2 > cw[1] || cy[1] < y1 - ch[0] / 4)
      n = 0;
    else
      n = 2;
  }
  boxaDestroy (&comps);
  if (n < 1 || n > 2)
    return 0;
  int upper = 0;
  if (n == 2) {
    upper = cy[0] <= cy[1] ? 0 : 1;
    int lower = 1 - upper;
    /* the bar: flat (level or slanted), below the chevron, about as wide.  Flat: its box twice
     * as wide as it is tall, or, where a speck by its end makes the box taller (at most as tall
     * as wide), a stroke no thicker on average than a sixth of the line's height (its ink over
     * its width; the chevron's arm where it reaches into the bar's box is counted too) */
    l_int32 on = 0;
    if (ch[lower] * 2 > cw[lower] && ch[lower] <= cw[lower]) {
      BOX *bar = boxCreate (cx[lower], cy[lower], cw[lower], ch[lower]);
      if (bar == NULL || pixCountPixelsInRect (part, bar, &on, NULL) != 0)
        on = G_MAXINT32 / 8;
      boxDestroy (&bar);
    }
    if ((ch[lower] * 2 > cw[lower] && (ch[lower] > cw[lower] || on * 6 > cw[lower] * pixGetHeight (part)))
        || cy[lower] < cy[upper] + ch[upper] * 3 / 4 || cw[lower] * 2 < cw[upper])
      return 0;
  }
  int x0 = cx[upper], y0 = cy[upper], w = cw[upper], h = ch[upper];
  if (h < 4 || w < 3 || h * 3 < w * 2)
    return 0;
  /* mean ink column of the top, middle and bottom thirds of the chevron */
  double sum[3] = { 0 }, cnt[3] = { 0 };
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      l_uint32 v = 0;
      pixGetPixel (part, x0 + x, y0 + y, &v);
      if (v) {
        int third = MIN (2, y * 3 / h);
        sum[third] += x;
        cnt[third]++;
      }
    }
  if (cnt[0] == 0 || cnt[1] == 0 || cnt[2] == 0)
    return 0;
  double top = sum[0] / cnt[0], mid = sum[1] / cnt[1], bottom = sum[2] / cnt[2];
  double ends = (top + bottom) / 2;
  if (fabs (top - bottom) > 0.25 * w)
    return 0;
  gboolean right = mid - ends > 0.3 * w, left = ends - mid > 0.3 * w;
  if (!right && !left)
    return 0;
  if (n == 2)
    return right ? 0x2265 : 0x2264;   /* ≥ ≤ */
  return right ? '>' : '<';
}

/* A ≥ or ≤ whose pieces a 100 dpi scan broke or ran together (the chevron's arms apart, a
 * slanted bar blurred into the lower arm), read from the ink of columns [a, b) of the strip
 * (the line's height) row by row; 0 when it is none.  The sign stands as tall as the line's
 * figures (> and < stand in its middle).  In its upper three fifths, the chevron: a row's ink
 * begins at one side at the top, moves across to its point at a third to a half of its height
 * and comes back; its top rows' ink lies on that side only (a 2, whose rows begin the same
 * way, has its top's ink across its width).  In its lowest fifth, the bar: ink across half
 * its width or more. */
static gunichar
sign_rows (PIX *strip, int a, int b)
{
  int sh = pixGetHeight (strip), w = b - a, top = -1, bottom = -1;
  if (w < 4)
    return 0;
  g_autofree int *lo = g_new (int, sh), *hi = g_new (int, sh);
  for (int y = 0; y < sh; y++) {
    lo[y] = -1;
    hi[y] = -1;
    for (int x = a; x < b; x++) {
      l_uint32 v = 0;
      pixGetPixel (strip, x, y, &v);
      if (v) {
        if (lo[y] < 0)
          lo[y] = x - a;
        hi[y] = x - a;
      }
    }
    if (lo[y] >= 0) {
      if (top < 0)
        top = y;
      bottom = y;
    }
  }
  int h = bottom - top + 1;
  if (top < 0 || h * 4 < sh * 3 || h < 10)
    return 0;
  for (int dir = 0; dir < 2; dir++) {
    /* dir 0: pointing right (≥), the rows' first ink; dir 1: pointing left (≤), their last */
    gboolean ok = TRUE;
    int point = -1, far = -1, chev = top + h * 3 / 5;
    for (int y = top; y < chev && ok; y++) {
      int from = dir == 0 ? lo[y] : w - 1 - hi[y];
      if (lo[y] >= 0 && from > far) {
        far = from;
        point = y;
      }
    }
    /* the point, across most of the width, a third to a half down */
    if (far * 10 < w * 6 || (point - top) * 5 < h || (point - top) * 2 > h)
      continue;
    /* the top rows (a tenth of the height): on the side the chevron opens to */
    for (int y = top; y <= top + h / 10 && ok; y++) {
      int near = dir == 0 ? hi[y] : w - 1 - lo[y];
      ok = lo[y] < 0 || near * 2 <= w;
    }
    /* and back to that side by the chevron's foot */
    int back = dir == 0 ? lo[chev] : w - 1 - hi[chev];
    if (!ok || lo[chev] < 0 || back * 10 > w * 4)
      continue;
    /* the bar: ink across half the width in the lowest fifth */
    int l = w, r = -1;
    for (int y = bottom - h / 5; y <= bottom; y++)
      if (lo[y] >= 0) {
        l = MIN (l, lo[y]);
        r = MAX (r, hi[y]);
      }
    if ((r - l + 1) * 2 < w)
      continue;
    return dir == 0 ? 0x2265 : 0x2264;
  }
  return 0;
}

/* Is the ink of columns [a, b) of the strip a dot: narrower than a minus sign (0.3 em) and
 * not flat? */
static gboolean
is_dot (PIX *strip, int a, int b, int em)
{
  int h = pixGetHeight (strip), top = -1, bottom = -1;
  for (int y = 0; y < h; y++)
    for (int x = a; x < b; x++) {
      l_uint32 v = 0;
      pixGetPixel (strip, x, y, &v);
      if (v) {
        if (top < 0)
          top = y;
        bottom = y;
        break;
      }
    }
  int w = b - a, dh = bottom - top + 1;
  return top >= 0 && w * 10 < em * 3 && dh * 2 >= w;
}

/* The characters of syms appended to t. */
static void
append_syms (GString *t, const GArray *syms)
{
  for (guint j = 0; j < syms->len; j++)
    g_string_append_unichar (t, g_array_index (syms, Sym, j).c);
}

/* A comparison sign before a figure, as read or as fix_signs made it from the ink: ≥ ≤ > <. */
static gboolean
comparison_sign (gunichar c)
{
  return c == 0x2265 || c == 0x2264 || c == '>' || c == '<';
}

/* A mark that a 1 is read as (its foot's serif and its flag make a bracket of it). */
static gboolean
digit_alike (gunichar c)
{
  return c == ']' || c == '[' || c == '|' || c == 'l' || c == 'I';
}

/* In the raw lines of one cell (from index first), the mark before a figure at a line's start
 * read again from the ink of img (the cell as read, whose pixel (0,0) is (dx, dy) of the page).
 * A minus as small as a speck is named in warnings (of page page_no), when not NULL, but on a
 * scan read at its own pixels (own), where doubt_figure_ink weighs it against the gray ink. */
static void
fix_signs (GArray *raw, guint first, PIX *img, guint paper, int dx, int dy, gboolean own, GPtrArray *warnings,
           guint page_no)
{
  g_autoptr (FrPix) bin = NULL;
  for (guint i = first; i < raw->len; i++) {
    RawLine *rl = &g_array_index (raw, RawLine, i);
    GArray *syms = rl->syms;
    if (syms->len < 2)
      continue;
    /* a sign read as two marks before a digit (>>60%, 的70%): the first of them stands for
     * the sign, the second goes where the ink shows one sign */
    gboolean two = syms->len >= 3 && !g_unichar_isdigit (g_array_index (syms, Sym, 0).c)
                   && !g_unichar_isdigit (g_array_index (syms, Sym, 1).c)
                   && g_unichar_isdigit (g_array_index (syms, Sym, 2).c);
    Sym *s0 = &g_array_index (syms, Sym, 0), *s1 = &g_array_index (syms, Sym, two ? 2 : 1);
    gboolean d0 = g_unichar_isdigit (s0->c), d1 = g_unichar_isdigit (s1->c);
    /* a 1 read as a bracket or bar after the mark (≥1万人次 read >]万人次): the mark is read
     * from its ink all the same, and the 1 by reread_after_sign */
    d1 |= !two && !d0 && syms->len >= 3 && digit_alike (s1->c)
          && (ascii_digit (g_array_index (syms, Sym, 2).c) || is_ideograph (g_array_index (syms, Sym, 2).c));
    /* a mark read as one character before a digit, or a line that starts with its digits */
    if (!(d1 && !d0) && !d0)
      continue;
    if (s0->c == 0x2265 || s0->c == 0x2264)
      continue;
    if (bin == NULL && (bin = pixThresholdToBinary (img, (int) (paper * 3 / 4))) == NULL)
      return;
    /* the ink from the line's start to the end of its first digit (whose box may cover a
     * dropped sign: the engine's boxes are where it placed a character, not its ink) */
    int em = MAX (rl->y1 - rl->y0, 4);
    int left = MAX (s0->x0 - em / 2 - dx, 0), right = (d0 ? s0->x1 : s1->x1) - dx;
    if (right - left < 3)
      continue;
    /* the sign's own columns: from the first ink column to the first blank column after it;
     * a run of dust before it (less than a sixth of the line's height each way: a speck by
     * the sign's upper arm that the cell's cleaning left, as a mark may stand there) is
     * passed over, but where chi_sim read a point or a minus there: that dot is what is
     * weighed below */
    gboolean dot_read = !d0 && (s0->c == '.' || s0->c == '-' || s0->c == 0x2212 || s0->c == 0xFF0D);
    g_autoptr (FrPix) strip = clip_rect (bin, left, rl->y0 - dy, right - left, rl->y1 - rl->y0);
    if (strip == NULL)
      continue;
    int sw = pixGetWidth (strip), sh = pixGetHeight (strip), a = -1, b = -1, ink_top = sh, ink_foot = -1;
    for (int x = 0; x < sw; x++) {
      gboolean ink = FALSE;
      for (int y = 0; y < sh; y++) {
        l_uint32 v = 0;
        pixGetPixel (strip, x, y, &v);
        if (v != 0) {
          ink = TRUE;
          ink_top = MIN (ink_top, y);
          ink_foot = MAX (ink_foot, y);
        }
      }
      if (ink && a < 0)
        a = x;
      if (!ink && a >= 0) {
        if (!dot_read && (x - a) * 6 < sh && (ink_foot - ink_top + 1) * 6 < sh) {
          a = -1, ink_top = sh, ink_foot = -1;
          continue;
        }
        b = x;
        break;
      }
    }
    if (a < 0)
      continue;
    if (b < 0)
      b = sw;
    /* a sign stands apart from the figure's first digit */
    if (b == sw)
      continue;
    BOX *sign = boxCreate (a, 0, b - a, sh);
    gunichar c = sign ? sign_shape (strip, sign) : 0;
    boxDestroy (&sign);
    /* read row by row only where chi_sim read a mark there: where the line starts with its
     * digits, the first ink is a digit's as often, and a 6 may show the same rows (a blurred
     * 4 with a speck by its top shows a ≥'s: measured, and left out) */
    if (c == 0 && !d0)
      c = sign_rows (strip, a, b);
    if (c == 0 && !two && !d0 && s0->c == '.' && is_dot (strip, a, b, em)) {
      /* a dot of dust before a figure's first digit, read as a point: a figure starts with a
       * digit (0.5, never .5).  A minus read there stays, whatever its ink: at 100 dpi a
       * blurred minus is a blot as tall as it is wide, and a sign is never dropped */
      s1->word_start = s0->word_start;
      g_array_remove_index (syms, 0);
      continue;
    }
    if (c == 0 && !two && !d0 && s0->c == '-' && warnings != NULL && !own && is_dot (strip, a, b, em)) {
      g_autoptr (GString) t = g_string_new (NULL);
      append_syms (t, syms);
      g_ptr_array_add (warnings, g_strdup_printf ("page %u: the minus sign OCR read in %s is as small as a "
                                                  "speck: left as read", page_no, t->str));
      rl->doubt = TRUE;   /* a figure with a sign in doubt is no number to take */
      continue;
    }
    if (c == 0)
      continue;
    /* the figure's first digit is no word of its own: no space after the sign */
    if (two) {
      g_array_remove_index (syms, 1);
      s1 = &g_array_index (syms, Sym, 1);
    }
    if (!d0) {
      s0->c = c;
      s0->cjk = FALSE;
      s0->x0 = left + a + dx;   /* the sign's ink (reread_figure paints it out for eng) */
      s0->x1 = left + b + dx;
      s1->word_start = FALSE;
    } else {
      Sym ns = *s0;
      ns.c = c;
      ns.cjk = FALSE;
      ns.x0 = left + a + dx;
      ns.x1 = left + b + dx;
      s0->word_start = FALSE;
      g_array_insert_val (syms, 0, ns);
    }
  }
}

/* A lone mark's line made the one symbol c, read from the ink over page columns x0 to x1. */
static void
lone_mark_set (RawLine *rl, gunichar c, int x0, int x1)
{
  Sym *s = &g_array_index (rl->syms, Sym, 0);
  s->c = c;
  s->cjk = FALSE;
  s->x0 = x0;
  s->x1 = x1;
  g_array_set_size (rl->syms, 1);
}

/* A cell that holds a comparison sign alone (a table's column of 指标方向: ≥ beside the
 * figure's own column), read as one or two characters (之, 二, 委): its ink read as fix_signs
 * reads a sign before a figure, where it is all the cell's ink, in one run of columns.  Only
 * a ≥ or ≤ (a chevron over its bar) is made so: a chevron alone could be a character's
 * stroke.  Anything else is left as read. */
static void
fix_lone_sign (GArray *raw, guint first, PIX *img, guint paper, int dx, int dy)
{
  static const gunichar signs[] = { 0x2265, 0x2264 };
  g_autoptr (FrPix) bin = NULL;
  RawLine *rl = lone_mark_line (raw, first, signs, G_N_ELEMENTS (signs), img, paper, &bin);
  if (rl == NULL)
    return;
  /* the cell's ink, dust aside (less than a fifth of the line's height each way): pieces in
   * one run of columns */
  int em = MAX (rl->y1 - rl->y0, 5);
  int n = 0;
  g_autofree l_int32 *bx = ink_boxes (bin, &n);
  l_int32 x0 = G_MAXINT32, y0 = G_MAXINT32, x1 = -1, y1 = -1;
  for (int k = 0; k < n; k++) {
    l_int32 x = bx[(gsize) k * 4], y = bx[(gsize) k * 4 + 1], w = bx[(gsize) k * 4 + 2], h = bx[(gsize) k * 4 + 3];
    if (MAX (w, h) * 5 < em) {
      BOX *dust = boxCreate (x, y, w, h);
      if (dust != NULL)
        pixClearInRect (bin, dust);
      boxDestroy (&dust);
      continue;
    }
    x0 = MIN (x0, x), y0 = MIN (y0, y), x1 = MAX (x1, x + w), y1 = MAX (y1, y + h);
  }
  if (x1 < 0 || y1 - y0 < 6 || x1 - x0 < 4)
    return;
  g_autoptr (FrPix) sign = clip_rect (bin, x0, y0, x1 - x0, y1 - y0);
  if (sign == NULL)
    return;
  int sw = pixGetWidth (sign), sh = pixGetHeight (sign);
  for (int x = 0; x < sw; x++) {
    l_int32 on = 0;
    BOX *col = boxCreate (x, 0, 1, sh);
    if (col != NULL)
      pixCountPixelsInRect (sign, col, &on, NULL);
    boxDestroy (&col);
    if (on == 0)
      return;   /* two runs of ink: not one sign */
  }
  BOX *box = boxCreate (0, 0, sw, sh);
  gunichar c = box ? sign_shape (sign, box) : 0;
  boxDestroy (&box);
  if (c == 0)
    c = sign_rows (sign, 0, sw);
  if (c != 0x2265 && c != 0x2264)
    return;
  lone_mark_set (rl, c, x0 + dx, x1 + dx);
}

/* ---- per cent signs --------------------------------------------------------------------- */

/* chi_sim reads a % after a figure as 9%, 06, 96, %% or fr (97.8% as 97.89%, 91.7% as 91.706,
 * 60% as 6096): its two loops look to it like a digit's.  A % is told apart by its ink: two
 * small loops, each at most 0.65 of the figure's height (a thin loop may break in two at the
 * threshold), the upper one at the figure's top, the lower one right of it at its foot, and
 * nothing else there but the slash between them (which may join the upper loop).  No digit
 * is made so: a digit is as tall as the figure, and where two stand side by side (96) each
 * is.  The characters read over such ink become one %, where as many digits are read before
 * it as the ink shows; anything else is left as read.  Where the reading has no % at all,
 * *ink_digits is the number of digits the ink shows before the % (for reread_figure, and a
 * warning where the figure stays as read), 0 otherwise. */

/* The columns a piece of ink spans, in a strip. */
typedef struct {
  int x0, x1;
} Span;

static int
cmp_span (gconstpointer a, gconstpointer b)
{
  const Span *x = a, *y = b;
  return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* In the raw lines of one cell (from index first), the characters read over a % sign's ink
 * (in img, the cell as read, whose pixel (0,0) is (dx, dy) of the page) made one %, where they
 * follow a digit and are no Chinese characters. */
static void
fix_percents (GArray *raw, guint first, PIX *img, guint paper, int dx, int dy, guint *ink_digits)
{
  *ink_digits = 0;
  g_autoptr (FrPix) bin = NULL;
  for (guint i = first; i < raw->len; i++) {
    RawLine *rl = &g_array_index (raw, RawLine, i);
    GArray *syms = rl->syms;
    gboolean digit = FALSE;
    for (guint j = 0; j < syms->len && !digit; j++)
      digit = g_ascii_isdigit (g_array_index (syms, Sym, j).c);
    if (!digit || syms->len < 2)
      continue;
    if (bin == NULL && (bin = pixThresholdToBinary (img, (int) (paper * 3 / 4))) == NULL)
      return;
    int em = MAX (rl->y1 - rl->y0, 4);
    const Sym *s0 = &g_array_index (syms, Sym, 0), *sl = &g_array_index (syms, Sym, syms->len - 1);
    int left = MAX (s0->x0 - dx - em / 2, 0), right = MIN (sl->x1 - dx + em / 2, pixGetWidth (bin));
    int top = MAX (rl->y0 - dy - em / 4, 0), bottom = MIN (rl->y1 - dy + em / 4, pixGetHeight (bin));
    if (right - left < 4 || bottom - top < 4)
      continue;
    g_autoptr (FrPix) strip = clip_rect (bin, left, top, right - left, bottom - top);
    if (strip == NULL)
      continue;
    int n = 0, tall = 0;
    g_autofree l_int32 *bx = ink_boxes (strip, &n);
    for (int k = 0; k < n; k++)
      tall = MAX (tall, bx[(gsize) k * 4 + 3]);
    if (tall < 6)
      continue;
    /* the figure's top and foot: those of its digits, as tall as the tallest ink or nearly */
    int ref0 = G_MAXINT, ref1 = 0;
    for (int k = 0; k < n; k++) {
      const l_int32 *b = bx + (gsize) k * 4;
      if (b[3] * 5 >= tall * 4) {
        ref0 = MIN (ref0, b[1]);
        ref1 = MAX (ref1, b[1] + b[3]);
      }
    }
    /* the pieces of a loop: smaller than a digit, larger than a point (a thin loop breaks in
     * two at the threshold) */
#define SMALL_PIECE(b) ((b)[3] * 20 <= tall * 13 && (b)[3] * 3 >= tall && (b)[2] * 20 <= tall * 13)
#define UPPER_PIECE(b) (SMALL_PIECE (b) && (b)[1] <= ref0 + tall / 4 && ((b)[1] + (b)[3]) * 10 <= ref0 * 10 + tall * 7)
#define LOWER_PIECE(b) (SMALL_PIECE (b) && (b)[1] * 10 >= ref0 * 10 + tall * 3 && (b)[1] + (b)[3] >= ref1 - tall / 4)
    for (int a = 0; a < n; a++) {
      const l_int32 *A = bx + (gsize) a * 4;
      /* or the upper loop and the slash as one piece: wider than a digit, reaching over the
       * lower loop's columns */
      gboolean slashed = !UPPER_PIECE (A) && A[1] <= ref0 + tall / 4 && A[2] * 4 >= tall * 3
                         && A[2] * 10 <= tall * 11 && A[3] * 5 >= tall * 4;
      if (!UPPER_PIECE (A) && !slashed)
        continue;
      /* the upper loop: the upper pieces from this one on within a loop's width (or, where they
       * make more than a loop, this one alone) */
      int ux0 = A[0], ux1 = A[0] + A[2];
      for (int k = 0; k < n && !slashed; k++) {
        const l_int32 *p = bx + (gsize) k * 4;
        if (UPPER_PIECE (p) && p[0] >= A[0] && p[0] + p[2] <= A[0] + tall * 13 / 20)
          ux1 = MAX (ux1, p[0] + p[2]);
      }
      if (!slashed && (ux1 - ux0) * 20 > tall * 13)
        ux1 = A[0] + A[2];
      /* the lower loop: the lower pieces right of the upper loop's middle, near it */
      int lx0 = G_MAXINT, lx1 = 0;
      for (int k = 0; k < n; k++) {
        const l_int32 *p = bx + (gsize) k * 4;
        if (LOWER_PIECE (p) && p[0] > (ux0 + ux1) / 2 && p[0] <= ux1 + tall / 2)
          lx0 = MIN (lx0, p[0]);
      }
      for (int k = 0; k < n && lx0 < G_MAXINT; k++) {
        const l_int32 *p = bx + (gsize) k * 4;
        if (LOWER_PIECE (p) && p[0] >= lx0 && p[0] + p[2] <= lx0 + tall * 13 / 20)
          lx1 = MAX (lx1, p[0] + p[2]);
      }
      if (lx1 == 0 || lx1 <= ux1 || (lx1 - lx0) * 4 < tall || (lx1 - lx0) * 20 > tall * 13
          || (slashed ? lx0 >= ux1 : ((ux1 - ux0) * 4 < tall || (ux1 - ux0) * 20 > tall * 13)))
        continue;
      /* nothing else there but the slash: no ink as tall as a digit in its columns that
       * reaches out of them */
      int x0 = ux0, x1 = lx1;
      gboolean other = FALSE;
      for (int k = 0; k < n && !other; k++) {
        const l_int32 *o = bx + (gsize) k * 4;
        other = !SMALL_PIECE (o) && o[3] * 5 >= tall && o[0] < x1 && o[0] + o[2] > x0
                && (o[0] < x0 - tall / 8 || o[0] + o[2] > x1 + tall / 8);
      }
      if (other)
        continue;
      /* the characters read over the sign's columns, in page pixels */
      int px0 = left + x0 + dx, px1 = left + x1 + dx;
      guint j0 = G_MAXUINT, j1 = 0;
      gboolean cjk = FALSE;
      for (guint j = 0; j < syms->len; j++) {
        const Sym *s = &g_array_index (syms, Sym, j);
        int mid = (s->x0 + s->x1) / 2;
        if (mid >= px0 && mid <= px1) {
          j0 = MIN (j0, j);
          j1 = MAX (j1, j);
          cjk |= s->cjk;
        }
      }
      /* A Chinese character read over such ink (100哆, 97.2呈: at 100 dpi chi_sim reads a % so
       * when its slash is lost at the threshold) is taken for the sign only at the line's end
       * (公 of 12.5公顷 shows two small pieces too, and a unit goes on) and where every piece of
       * ink in its columns, dust aside, lies within the digits' top and foot: a Chinese
       * character stands taller than a figure's digits (0.92 em against 0.75).  Such a
       * reading may have the last digit's box reach over the sign's ink too (at 100 dpi the
       * engine's boxes are wide of their ink): then the sign is the character after it, where
       * the digits read before it are as many as the ink shows. */
      guint jc = G_MAXUINT;
      if (j0 != G_MAXUINT && cjk && j1 + 1 == syms->len) {
        gboolean within = TRUE;
        for (int k = 0; k < n && within; k++) {
          const l_int32 *o = bx + (gsize) k * 4;
          if ((o[3] * 4 >= tall || o[2] * 4 >= tall) && o[0] < x1 && o[0] + o[2] > x0)
            within = o[1] * 10 >= ref0 * 10 - tall && (o[1] + o[3]) * 10 <= ref1 * 10 + tall;
        }
        jc = j0;
        while (jc < j1 && ascii_digit (g_array_index (syms, Sym, jc).c))
          jc++;
        if (!within || jc == 0 || !ascii_digit (g_array_index (syms, Sym, jc - 1).c))
          jc = G_MAXUINT;
        for (guint j = jc; j <= j1 && jc != G_MAXUINT; j++)
          if (!g_array_index (syms, Sym, j).cjk)
            jc = G_MAXUINT;
      }
      gboolean as_read = !(j0 == G_MAXUINT || j0 == 0 || cjk || !g_ascii_isdigit (g_array_index (syms, Sym, j0 - 1).c)
                           || (j0 == j1 && g_array_index (syms, Sym, j0).c == '%'));
      if (!as_read && jc == G_MAXUINT)
        continue;
      /* and the reading is where the ink is: as many digits read before the sign as the
       * digits' ink shows (a reading shifted off its ink, 7% for 70% with the 0 read over the
       * sign, is left as read).  A digit's ink is a tall piece standing on the figure's foot
       * (a ≥'s chevron does not), or two halves of one (a thin 0 breaks at the threshold); a
       * piece as wide as two digits is two that touch. */
      guint first_digit = 0, read_digits = 0, read_to_jc = 0;
      guint upto = as_read ? j0 : jc;
      while (first_digit < upto && !g_ascii_isdigit (g_array_index (syms, Sym, first_digit).c))
        first_digit++;
      for (guint j = first_digit; j < upto; j++)
        read_digits += g_ascii_isdigit (g_array_index (syms, Sym, j).c) != 0;
      for (guint j = first_digit; jc != G_MAXUINT && j < jc; j++)
        read_to_jc += g_ascii_isdigit (g_array_index (syms, Sym, j).c) != 0;
      int from = g_array_index (syms, Sym, first_digit).x0 - left - dx - tall / 4;
      g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
      for (int k = 0; k < n; k++) {
        const l_int32 *o = bx + (gsize) k * 4;
        if (o[3] * 5 < tall * 3 || o[1] + o[3] < ref1 - tall / 5 || o[0] + o[2] > x0 || o[0] + o[2] <= from)
          continue;
        Span sp = { o[0], o[0] + o[2] };
        g_array_append_val (spans, sp);
      }
      g_array_sort (spans, cmp_span);
      guint glyphs = 0;
      for (guint p = 0; p < spans->len; p++) {
        const Span *v = &g_array_index (spans, Span, p);
        const Span *nx = p + 1 < spans->len ? &g_array_index (spans, Span, p + 1) : NULL;
        if (nx != NULL && nx->x0 - v->x1 <= tall / 8 && (nx->x1 - v->x0) * 4 <= tall * 3
            && (v->x1 - v->x0) * 5 <= tall * 2 && (nx->x1 - nx->x0) * 5 <= tall * 2) {
          glyphs++;
          p++;
          continue;
        }
        glyphs += MAX (1, (guint) lrint ((v->x1 - v->x0) / (0.6 * tall)));
      }
      if (!as_read || glyphs != read_digits) {
        if (jc != G_MAXUINT && glyphs == read_to_jc) {
          j0 = jc;
        } else if (!as_read) {
          continue;
        } else {
          /* the ink shows a % its reading has not: the figure is in doubt, and left as read */
          gboolean percent = FALSE;
          for (guint j = 0; j < syms->len; j++)
            percent |= g_array_index (syms, Sym, j).c == '%';
          if (!percent)
            *ink_digits = glyphs;
          break;
        }
      }
      Sym *s = &g_array_index (syms, Sym, j0);
      s->c = '%';
      s->x0 = px0;
      s->x1 = px1;
      if (j1 > j0)
        g_array_remove_range (syms, j0 + 1, j1 - j0);
      break;
    }
#undef SMALL_PIECE
#undef UPPER_PIECE
#undef LOWER_PIECE
  }
}

/* a digit of a table's print, in points: at least this tall, at most this */
#define LONE_MIN_PT 4.0
#define LONE_MAX_PT 14.0

/* A cell that holds a % alone (a 计量单位 column), read as one or two other characters (鸣,
 * 骂, 号, D: at 100 dpi the slash is lost at the threshold and chi_sim takes the two loops
 * for a character).  Its ink, dust aside, read as fix_percents reads a % after a figure, the
 * cell's own ink giving the height: an upper loop at its top and a lower one at its foot,
 * right of it, each at most 0.65 of the height each way and a quarter of it wide or more
 * (a thin loop may break in two), and nothing else but a slash between them.  Where it is,
 * the reading is one %; anything else is left as read. */
static void
fix_lone_percent (GArray *raw, guint first, PIX *img, guint paper, double dpi, int dx, int dy)
{
  static const gunichar percent[] = { '%' };
  g_autoptr (FrPix) bin = NULL;
  RawLine *rl = lone_mark_line (raw, first, percent, G_N_ELEMENTS (percent), img, paper, &bin);
  if (rl == NULL)
    return;
  int em = MAX (rl->y1 - rl->y0, 5), n = 0;
  g_autofree l_int32 *bx = ink_boxes (bin, &n);
  /* the ink, dust aside: its top, foot and columns */
  int kept = 0;
  l_int32 x0 = G_MAXINT32, x1 = -1, top = G_MAXINT32, foot = -1;
  for (int k = 0; k < n; k++) {
    const l_int32 *b = bx + (gsize) k * 4;
    if (MAX (b[2], b[3]) * 5 < em)
      continue;
    memmove (bx + (gsize) kept++ * 4, b, 4 * sizeof (l_int32));
    x0 = MIN (x0, b[0]), x1 = MAX (x1, b[0] + b[2]), top = MIN (top, b[1]), foot = MAX (foot, b[1] + b[3]);
  }
  int tall = foot - top;
  if (kept < 2 || tall < LONE_MIN_PT * dpi / 72.0 || tall > LONE_MAX_PT * dpi / 72.0 || (x1 - x0) * 10 > tall * 14)
    return;
  /* each piece small, in the upper loop or the lower one (or the slash: tall and thin,
   * between them) */
  l_int32 ux0 = G_MAXINT32, ux1 = -1, lx0 = G_MAXINT32, lx1 = -1;
  for (int k = 0; k < kept; k++) {
    const l_int32 *b = bx + (gsize) k * 4;
    gboolean small = b[3] * 20 <= tall * 13 && b[2] * 20 <= tall * 13;
    gboolean upper = small && b[1] <= top + tall / 4 && (b[1] + b[3]) * 10 <= top * 10 + tall * 7;
    gboolean lower = small && b[1] * 10 >= top * 10 + tall * 3 && b[1] + b[3] >= foot - tall / 4;
    if (upper)
      ux0 = MIN (ux0, b[0]), ux1 = MAX (ux1, b[0] + b[2]);
    else if (lower)
      lx0 = MIN (lx0, b[0]), lx1 = MAX (lx1, b[0] + b[2]);
    else if (b[2] * 3 > b[3] || b[3] * 10 < tall * 8)
      return;
  }
  if (ux1 < 0 || lx1 < 0 || (ux1 - ux0) * 4 < tall || (lx1 - lx0) * 4 < tall
      || (ux1 - ux0) * 20 > tall * 13 || (lx1 - lx0) * 20 > tall * 13 || lx0 <= (ux0 + ux1) / 2 || lx1 <= ux1)
    return;
  lone_mark_set (rl, '%', x0 + dx, x1 + dx);
}

/* ---- table cells ------------------------------------------------------------------------ */

/* A cell of a ruled table, in pixels of the page image: the space its rules enclose. */
typedef struct {
  int x, y, w, h;
} Cell;

/* the smallest cell read on its own, in points (a row of small print is about 12 pt tall) */
#define CELL_MIN_PT 9.0
/* a region larger than this part of the page is a frame round the page or a text box, not a
 * cell: the page's own layout analysis reads it */
#define CELL_MAX_PART 0.3
/* the smallest table whose cells are read one by one, in points each way */
#define GRID_MIN_PT 24.0
/* how far a rule's ink reaches either side of its middle, in points */
#define RULE_HALF_PT 1.5

/* The cells of the ruled tables of a page: the rules are drawn in a mask at the rulings' scale
 * (each a little longer, to close the gap a scan leaves at a crossing), and each region of the
 * paper they enclose on all sides, rectangular, neither tiny nor most of the page, is a cell.
 * A table's wrapped cells, spans and continued columns come out as they are drawn, which the
 * engine's own page layout does not keep (it reads a row's cells as one line and a wrapped
 * cell's second line into the next cell's text). */
static GArray *
table_cells (const FrRulings *r, double dpi, int img_w, int img_h)
{
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  if (r == NULL || r->h->len < 2 || r->v->len < 2)
    return cells;
  const double s = FR_RULINGS_SCALE, k = dpi / 72.0 / s;   /* mask pixels a point; image pixels a mask pixel */
  int w = (int) (img_w / k) + 1, h = (int) (img_h / k) + 1;
  g_autoptr (FrPix) mask = pixCreate (w, h, 1);
  if (mask == NULL)
    return cells;
  const int ext = 3;
  for (guint i = 0; i < r->h->len; i++) {
    const FrSegment *g = &g_array_index (r->h, FrSegment, i);
    pixRenderLine (mask, (int) (g->x0 * s) - ext, (int) lrint (g->y0 * s), (int) (g->x1 * s) + ext,
                   (int) lrint (g->y0 * s), 1, L_SET_PIXELS);
  }
  for (guint i = 0; i < r->v->len; i++) {
    const FrSegment *g = &g_array_index (r->v, FrSegment, i);
    pixRenderLine (mask, (int) lrint (g->x0 * s), (int) (g->y0 * s) - ext, (int) lrint (g->x0 * s),
                   (int) (g->y1 * s) + ext, 1, L_SET_PIXELS);
  }
  /* only the rules of a grid: at least GRID_MIN_PT each way, with a rule across most of its
   * width and one down most of its height.  The long strokes of a title's large characters are
   * taken for rules too, and enclose spaces (口, 目) that are no cells. */
  {
    BOXA *grids = pixConnCompBB (mask, 8);
    int ng = grids ? boxaGetCount (grids) : 0;
    for (int i = 0; i < ng; i++) {
      l_int32 gx, gy, gw, gh;
      boxaGetBoxGeometry (grids, i, &gx, &gy, &gw, &gh);
      float across = 0, down = 0;
      for (guint j = 0; j < r->h->len; j++) {
        const FrSegment *g = &g_array_index (r->h, FrSegment, j);
        if (g->y0 * s >= gy - 1 && g->y0 * s <= gy + gh + 1 && g->x0 * s >= gx - ext - 1 && g->x1 * s <= gx + gw + ext + 1)
          across = MAX (across, (g->x1 - g->x0) * (float) s);
      }
      for (guint j = 0; j < r->v->len; j++) {
        const FrSegment *g = &g_array_index (r->v, FrSegment, j);
        if (g->x0 * s >= gx - 1 && g->x0 * s <= gx + gw + 1 && g->y0 * s >= gy - ext - 1 && g->y1 * s <= gy + gh + ext + 1)
          down = MAX (down, (g->y1 - g->y0) * (float) s);
      }
      if (gw < GRID_MIN_PT * s || gh < GRID_MIN_PT * s || across < 0.6f * gw || down < 0.6f * gh) {
        BOX *b = boxCreate (gx, gy, gw, gh);
        if (b != NULL)
          pixClearInRect (mask, b);
        boxDestroy (&b);
      }
    }
    boxaDestroy (&grids);
  }
  pixInvert (mask, mask);
  PIXA *comps = NULL;
  BOXA *boxes = pixConnComp (mask, &comps, 4);
  int n = boxes ? boxaGetCount (boxes) : 0;
  int min_px = (int) (CELL_MIN_PT * s);
  for (int i = 0; i < n; i++) {
    l_int32 bx, by, bw, bh;
    boxaGetBoxGeometry (boxes, i, &bx, &by, &bw, &bh);
    if (bx <= 0 || by <= 0 || bx + bw >= w || by + bh >= h || bw < min_px || bh < min_px
        || (double) bw * bh > CELL_MAX_PART * w * h)
      continue;
    g_autoptr (FrPix) c = pixaGetPix (comps, i, L_CLONE);
    l_int32 on = 0;
    pixCountPixels (c, &on, NULL);
    if (on < 0.9 * bw * bh)   /* not a rectangle: a rule is missing, the grid is in doubt */
      continue;
    Cell cell = { (int) (bx * k), (int) (by * k), (int) (bw * k), (int) (bh * k) };
    g_array_append_val (cells, cell);
  }
  boxaDestroy (&boxes);
  pixaDestroy (&comps);
  return cells;
}

/* The page read by its own layout analysis, its table cells (and their rules) painted over
 * with paper first: they are read one by one (read_cells).  The paper's own gray, not white:
 * where tables fill most of a scanned page (a budget's), the white put the engine's page-wide
 * threshold between white and the gray paper, and the page read as ink, with no word on it
 * (the tables' titles, labels and unit lines lost).  Raw lines; mean confidence in *mean;
 * NULL when the engine fails. */
static GArray *
read_rest (Engine *e, PIX *img, double dpi, const GArray *cells, int *mean)
{
  g_autoptr (FrPix) masked = cells->len > 0 ? pixCopy (NULL, img) : pixClone (img);
  int pad = (int) (RULE_HALF_PT * dpi / 72.0) + 1;
  guint paper = cells->len > 0 ? paper_gray (img) : 255;
  for (guint i = 0; i < cells->len; i++) {
    const Cell *c = &g_array_index (cells, Cell, i);
    paint_rect (masked, c->x - pad, c->y - pad, c->w + 2 * pad, c->h + 2 * pad, paper);
  }
  TessBaseAPISetPageSegMode (e->api, PSM_AUTO);
  TessBaseAPISetImage2 (e->api, masked);
  TessBaseAPISetSourceResolution (e->api, (int) dpi);
  if (TessBaseAPIRecognize (e->api, NULL) != 0)
    return NULL;
  GArray *raw = raw_lines_new ();
  collect_lines (e->api, raw, mean, 0, 0);
  return raw;
}

/* What is left of a cell's rules in its crop painted over with paper: ink that touches the
 * crop's edge and is a thin stroke along it (a rule runs a little askew after deskewing, or a
 * little off where the mask found it).  FALSE when no ink is left: an empty cell. */
static gboolean
clean_cell (PIX *crop, guint paper, double dpi)
{
  g_autoptr (FrPix) bin = pixThresholdToBinary (crop, (int) (paper * 3 / 4));
  if (bin == NULL)
    return TRUE;
  int w = pixGetWidth (crop), h = pixGetHeight (crop);
  int thin = (int) (2.5 * dpi / 72.0);
  BOXA *boxes = pixConnCompBB (bin, 8);
  int n = boxes ? boxaGetCount (boxes) : 0, kept = 0;
  for (int i = 0; i < n; i++) {
    l_int32 x, y, bw, bh;
    boxaGetBoxGeometry (boxes, i, &x, &y, &bw, &bh);
    gboolean edge = x <= 0 || y <= 0 || x + bw >= w || y + bh >= h;
    gboolean stroke = (bw <= thin && bh >= 4 * bw) || (bh <= thin && bw >= 4 * bh);
    if (edge && stroke) {
      (void) paint_rect (crop, x, y, bw, bh, paper);
    } else {
      kept++;
    }
  }
  boxaDestroy (&boxes);
  return kept > 0;
}

/* Specks left in a cell painted over with paper.  The page's despeckle leaves a speck with ink
 * near it, and in a cell most ink is near: a speck beside a character is read as a mark that
 * sticks to it (12个. 合格率' 管理机制- 平方米-), and the dotted remains of a rule at a cell's
 * edge as marks too.  A dot of ink (at most CELL_SPECK_MAX_PT each way) is kept where a mark or
 * a stroke of the text can stand:
 *   - in the columns of a character's ink, on its rows or just above or below them (the dot of
 *     户 or 方, a stroke of 三);
 *   - just left of a character, on its rows (the dots of 氵 and 冫);
 *   - between two characters of a line (a decimal point, the dots of a colon);
 *   - on the lower half of a line next to a character (a full stop, a comma, a decimal point
 *     before a digit);
 *   - flat and as wide as a minus sign (0.3 em), just before a character: a number's sign is
 *     never taken away;
 *   - above or below another dot (a colon).
 * Anything else (a dot right of a line's last character at its top or middle, or away from
 * every line) is dust. */
/* the largest speck in a cell, in points: a scan's 3-dot speck of 100 dpi blurred to 2.5 pt
 * (in a cell, where it is kept if a mark could stand there, the page's limit is too small) */
#define CELL_SPECK_MAX_PT 3.0
/* and the smallest, in points: less is a stroke's edge the threshold broke off, not a speck
 * (a 1-dot speck of 150 dpi is 0.5 pt, blurred to about 1) */
#define CELL_SPECK_MIN_PT 0.9
static gboolean
cell_mark_may_stand (const l_int32 *bx, int n, int i, int max, int em)
{
  const l_int32 *s = bx + (gsize) i * 4;
  int sx1 = s[0] + s[2], sy1 = s[1] + s[3], scy = s[1] + s[3] / 2;
  gboolean left = FALSE, right = FALSE;
  for (int j = 0; j < n; j++) {
    const l_int32 *o = bx + (gsize) j * 4;
    if (j == i)
      continue;
    int ox1 = o[0] + o[2], oy1 = o[1] + o[3];
    gboolean columns = o[0] < sx1 && ox1 > s[0];
    if (o[2] <= max && o[3] <= max) {
      if (columns && MAX (o[1] - sy1, s[1] - oy1) < em / 2)   /* a colon's other dot */
        return TRUE;
      continue;
    }
    if (columns && MAX (o[1] - sy1, s[1] - oy1) <= em / 3)    /* a part of a character */
      return TRUE;
    /* a character's rows: its line's, the characters' beside it that share rows with it, and
     * an em about its middle at least (一 and 三 are strokes, their 、 low beside them) */
    int ry0 = o[1], ry1 = oy1;
    for (int k = 0; k < n; k++) {
      const l_int32 *q = bx + (gsize) k * 4;
      if ((q[2] > max || q[3] > max) && q[1] <= oy1 && q[1] + q[3] >= o[1]) {
        ry0 = MIN (ry0, q[1]);
        ry1 = MAX (ry1, q[1] + q[3]);
      }
    }
    int ocy = (ry0 + ry1) / 2;
    ry0 = MIN (ry0, ocy - em / 2);
    ry1 = MAX (ry1, ocy + em / 2);
    if (scy < ry0 || scy > ry1)                               /* not on its rows */
      continue;
    gboolean lower = scy > ocy;
    if (s[0] >= ox1 && s[0] - ox1 <= em / 2) {
      left = TRUE;
      if (lower && s[0] - ox1 <= em / 5)                      /* a full stop, a comma */
        return TRUE;
    } else if (o[0] >= sx1 && o[0] - sx1 <= em / 2) {
      right = TRUE;
      /* 氵, a decimal point before a digit, a minus sign */
      if (o[0] - sx1 <= em / 6 || (lower && o[0] - sx1 <= em / 5)
          || (s[2] >= 2 * s[3] && s[2] * 10 >= em * 3))
        return TRUE;
    }
  }
  return left && right;
}

static void
clean_cell_specks (PIX *crop, guint paper, double dpi)
{
  g_autoptr (FrPix) bin = pixThresholdToBinary (crop, (int) (paper * 5 / 6));
  if (bin == NULL)
    return;
  BOXA *boxes = pixConnCompBB (bin, 8);
  int n = boxes ? boxaGetCount (boxes) : 0;
  int max = (int) (CELL_SPECK_MAX_PT * dpi / 72.0), min = (int) ceil (CELL_SPECK_MIN_PT * dpi / 72.0);
  g_autofree l_int32 *bx = g_new (l_int32, (gsize) MAX (n, 1) * 4);
  int em = 0;
  for (int i = 0; i < n; i++) {
    l_int32 *b = bx + (gsize) i * 4;
    boxaGetBoxGeometry (boxes, i, &b[0], &b[1], &b[2], &b[3]);
    if (b[2] > max || b[3] > max)
      em = MAX (em, b[3]);
  }
  boxaDestroy (&boxes);
  if (em == 0)
    return;
  /* painted over with the cell's own paper: the page's, lighter or darker, leaves a square */
  guint own = paper_gray (crop);
  for (int i = 0; i < n; i++) {
    const l_int32 *s = bx + (gsize) i * 4;
    if (s[2] > max || s[3] > max || MAX (s[2], s[3]) < min || cell_mark_may_stand (bx, n, i, max, em))
      continue;
    (void) paint_rect (crop, s[0] - 1, s[1] - 1, s[2] + 2, s[3] + 2, own);
  }
}

/* The text of the raw lines from first on, without spaces; NULL when more than one line has
 * text. */
static char *
cell_text (const GArray *raw, guint first)
{
  GString *t = g_string_new (NULL);
  guint lines = 0;
  for (guint i = first; i < raw->len; i++) {
    const RawLine *rl = &g_array_index (raw, RawLine, i);
    lines += rl->syms->len > 0;
    append_syms (t, rl->syms);
  }
  if (lines != 1) {
    g_string_free (t, TRUE);
    return NULL;
  }
  return g_string_free (t, FALSE);
}

/* Is the text a figure: digits with points, separators and a %, after at most one other
 * character (a comparison sign: the models have none, fix_signs reads it from its ink)? */
static gboolean
figure_text (const char *t)
{
  if (!g_ascii_isdigit (*t))
    t = g_utf8_next_char (t);
  if (!g_ascii_isdigit (*t))
    return FALSE;
  for (; *t; t++)
    if (!g_ascii_isdigit (*t) && !strchr (".,%", *t))
      return FALSE;
  return TRUE;
}

/* A number's sign as chi_sim reads it before a digit: a minus (-, −, －, or 一, the stroke
 * it takes one for) or a plus. */
static gboolean
number_sign (gunichar c)
{
  return c == '-' || c == 0x2212 || c == 0xFF0D || c == 0x4E00 || c == '+';
}

/* Is a figure written as amounts are: digits, in groups of three after the first where
 * separators stand, then at most one point and its decimals, then at most a %? */
static gboolean
well_formed (const char *s)
{
  guint lead = 0;
  while (g_ascii_isdigit (*s)) {
    s++;
    lead++;
  }
  if (lead == 0)
    return FALSE;
  if (*s == ',') {
    if (lead > 3)
      return FALSE;
    while (*s == ',') {
      if (!g_ascii_isdigit (s[1]) || !g_ascii_isdigit (s[2]) || !g_ascii_isdigit (s[3]))
        return FALSE;
      s += 4;
    }
    if (g_ascii_isdigit (*s))
      return FALSE;
  }
  if (*s == '.') {
    if (!g_ascii_isdigit (*++s))
      return FALSE;
    while (g_ascii_isdigit (*s))
      s++;
  }
  if (*s == '%')
    s++;
  return *s == '\0';
}

/* Are a and b the same characters once their separators (,) are left out? */
static gboolean
same_but_separators (const char *a, const char *b)
{
  for (;; a++, b++) {
    while (*a == ',')
      a++;
    while (*b == ',')
      b++;
    if (*a != *b)
      return FALSE;
    if (*a == '\0')
      return TRUE;
  }
}

/* Does eng's reading of a figure stand against chi_sim's (from its first digit: a sign or mark
 * before it is no part of what is compared)?  Only where it is the same figure but for its digits: as many characters,
 * each point, separator and % where chi_sim has it, a digit wherever chi_sim has one.  A digit
 * for a digit is eng's to read (the figures are its model's, and chi_sim confuses 3, 6, 8);
 * anything else would move a figure's magnitude on one engine's word: 97.8% read 978% has lost
 * its point, 1,234 read 1234 or 12,34 its separator, 1009% read 100% a digit (the % read as 9%
 * by chi_sim, or a digit lost by eng: which, the readings cannot say).  Marks may differ only
 * where the number does not and chi_sim's figure is no number as written: where eng's reading
 * is chi_sim's with separators put right (2345,678.90 against 2,345,678.90), or where a point and a
 * separator are swapped and chi_sim's figure is no number as written while eng's is
 * (37,580,245,90 against 37,580,245.90: a separator is followed by three digits, so the last
 * mark is the point). */
gboolean
fr_ocr_figure_stands (const char *chi, const char *eng)
{
  if (*chi != '\0' && !g_ascii_isdigit (*chi))
    chi = g_utf8_next_char (chi);
  /* the same number but for its separators, where chi_sim's is no number as written and
   * eng's is */
  if (!well_formed (chi) && well_formed (eng) && same_but_separators (chi, eng))
    return TRUE;
  if (strlen (chi) != strlen (eng))
    return FALSE;
  gboolean marks_differ = FALSE;
  for (const char *c = chi, *g = eng; *c; c++, g++) {
    if (g_ascii_isdigit (*c) != g_ascii_isdigit (*g))
      return FALSE;
    if (!g_ascii_isdigit (*c) && *c != *g) {
      if (!strchr (".,", *c) || !strchr (".,", *g))
        return FALSE;
      marks_differ = TRUE;
    }
  }
  return !marks_differ || (!well_formed (chi) && well_formed (eng));
}

/* Where the ink shows a % after ink_digits digits that chi_sim's reading (body, from its first
 * digit) lacks (fix_percents: 90% read 900), does eng's reading agree with both: chi_sim's
 * first ink_digits digits (with their points and separators) and a %?  Then the three say the
 * same, and nothing is guessed. */
static gboolean
percent_agrees (const char *body, const char *eng, guint ink_digits)
{
  if (ink_digits == 0)
    return FALSE;
  const char *p = body;
  for (guint d = 0; *p && d < ink_digits; p++)
    d += g_ascii_isdigit (*p) != 0;
  g_autofree char *want = g_strdup_printf ("%.*s%%", (int) (p - body), body);
  return strcmp (want, eng) == 0;
}

/* A cell that chi_sim read as a figure read again by the figures' engine (engine_figures); its
 * reading replaces chi_sim's, the lines of raw from first on, where it is the same figure but
 * for its digits (fr_ocr_figure_stands).  A sign chi_sim read before the figure is kept: eng reads
 * a ≥ or ≤ as 2 and may drop a minus, and a figure without its sign is another figure.  Where
 * eng reads another figure, chi_sim's reading stands and warnings (of page page_no) names
 * both.  A cell of one character that is no digit (a lone 5 read 才 or 与) is not read again:
 * a digit from eng for it could not be told from a guess, so it is left as read.  Whatever else
 * the cell holds (a unit: 12个, 40处) keeps chi_sim's reading, which eng cannot give. */
static gboolean
reread_figure (Engine *e, PIX *framed, guint paper, double dpi, GArray *raw, guint first, guint ink_digits,
               int dx, int dy, GPtrArray *warnings, guint page_no)
{
  g_autofree char *chi = cell_text (raw, first);
  if (chi == NULL || !figure_text (chi))
    return FALSE;
  TessBaseAPI *fig = engine_figures (e);
  if (fig == NULL)
    return FALSE;
  /* a figure after a sign fix_signs read from the ink: eng has no sign and reads one as 2, so
   * it reads the cell with the sign's ink painted over, and the sign is put back before its
   * reading */
  gunichar c0 = g_utf8_get_char (chi);
  gboolean signed_ = comparison_sign (c0);
  /* a minus or plus is put back before eng's reading too, its ink left as it is (chi_sim's box
   * for it may cover the first digit's ink): eng reading it as a digit reads a longer figure,
   * which does not stand */
  gboolean keep = signed_ || number_sign (c0);
  /* what eng's reading is held against: chi_sim's from its first digit */
  const char *body = g_ascii_isdigit (*chi) ? chi : g_utf8_next_char (chi);
  Sym sign = { 0 };
  g_autoptr (FrPix) img = NULL;
  const RawLine *cl = NULL;
  if (keep) {
    cl = first_line (raw, first);
    if (cl == NULL)
      return FALSE;
    sign = g_array_index (cl->syms, Sym, 0);
  }
  if (signed_) {
    img = pixCopy (NULL, framed);
    if (img == NULL
        || !paint_rect (img, sign.x0 - dx - 1, cl->y0 - dy, sign.x1 - sign.x0 + 2, cl->y1 - cl->y0, paper))
      return FALSE;
  } else {
    img = pixClone (framed);
  }
  gboolean taken = FALSE;
  g_autoptr (GArray) alt = read_lines (fig, img, dpi, dx, dy);
  if (alt != NULL) {
    g_autofree char *eng = cell_text (alt, 0);
    /* a mark before chi_sim's figure that is no sign (10 with a speck read ]10) is dropped
     * where eng reads the figure without it */
    gboolean figure = eng != NULL && figure_text (eng) && g_ascii_isdigit (*eng);
    if (figure && (fr_ocr_figure_stands (chi, eng) || percent_agrees (body, eng, ink_digits))) {
      RawLine *el = keep ? first_line (alt, 0) : NULL;
      if (el != NULL) {
        g_array_index (el->syms, Sym, 0).word_start = FALSE;
        sign.word_start = TRUE;
        g_array_insert_val (el->syms, 0, sign);
      }
      gboolean doubt = FALSE;   /* a sign in doubt (fix_signs) stays in doubt */
      for (guint l = first; l < raw->len; l++)
        doubt |= g_array_index (raw, RawLine, l).doubt;
      g_array_set_size (raw, first);
      g_array_append_vals (raw, alt->data, alt->len);
      g_array_set_clear_func (alt, NULL);   /* its lines are raw's now */
      if (doubt)
        doubt_lines (raw, first);
      taken = TRUE;
    } else if (figure && strcmp (body, eng) != 0) {
      warn_figure_doubt (raw, first, warnings, page_no, chi, eng);
    }
  }
  return taken;
}

/* The glyphs of a cell's ink: its pieces no smaller than least each way (dust aside) and
 * within columns [0, right), those that share most of their columns taken as one (a 0 or a 5
 * broken at the threshold), left to right; at most max, as boxes x0, y0, x1, y1 in g (4 a
 * glyph).  Their number; max + 1 where there are more. */
static int
ink_glyphs (PIX *bin, int least, int right, int max, l_int32 *g)
{
  int n = 0, kept = 0;
  g_autofree l_int32 *bx = ink_boxes (bin, &n);
  for (int i = 0; i < n; i++) {
    const l_int32 *b = bx + (gsize) i * 4;
    if (MAX (b[2], b[3]) >= least && b[0] + b[2] <= right)
      memmove (bx + (gsize) kept++ * 4, b, 4 * sizeof (l_int32));
  }
  /* by their left edges (a few pieces: insertion) */
  for (int i = 1; i < kept; i++)
    for (int j = i; j > 0 && bx[(gsize) (j - 1) * 4] > bx[(gsize) j * 4]; j--)
      for (int k = 0; k < 4; k++) {
        l_int32 t = bx[(gsize) j * 4 + k];
        bx[(gsize) j * 4 + k] = bx[(gsize) (j - 1) * 4 + k];
        bx[(gsize) (j - 1) * 4 + k] = t;
      }
  int glyphs = 0;
  for (int i = 0; i < kept; i++) {
    const l_int32 *b = bx + (gsize) i * 4;
    l_int32 *last = glyphs > 0 ? g + (gsize) (glyphs - 1) * 4 : NULL;
    if (last != NULL && (last[2] - b[0]) * 2 > MIN (b[2], last[2] - last[0])) {
      last[1] = MIN (last[1], b[1]);
      last[2] = MAX (last[2], b[0] + b[2]);
      last[3] = MAX (last[3], b[1] + b[3]);
      continue;
    }
    if (glyphs == max)
      return max + 1;
    l_int32 *ng = g + (gsize) glyphs * 4;
    ng[0] = b[0], ng[1] = b[1], ng[2] = b[0] + b[2], ng[3] = b[1] + b[3];
    glyphs++;
  }
  return glyphs;
}

/* A symbol of the figures' model's reading: its text and confidence. */
typedef struct {
  char text[8];
  float conf;
} EngSym;

/* A cell's image (framed) read by the figures' model in page segmentation psm, scaled up so
 * that glyphs tall pixels tall are about 48 (at 150 dpi a digit is 16 pixels, too few for
 * it): its symbols, NULL without the model or where it fails. */
static GArray *
eng_symbols (Engine *e, PIX *framed, double dpi, int tall, TessPageSegMode psm)
{
  TessBaseAPI *fig = engine_figures (e);
  if (fig == NULL)
    return NULL;
  double f = MAX (1.0, 48.0 / tall);
  g_autoptr (FrPix) big = f > 1.0 ? scale_up (framed, (int) lrint (pixGetWidth (framed) * f),
                                              (int) lrint (pixGetHeight (framed) * f))
                                  : pixClone (framed);
  if (big == NULL)
    return NULL;
  TessBaseAPISetPageSegMode (fig, psm);
  TessBaseAPISetImage2 (fig, big);
  TessBaseAPISetSourceResolution (fig, (int) lrint (dpi * f));
  GArray *out = NULL;
  if (TessBaseAPIRecognize (fig, NULL) == 0) {
    out = g_array_new (FALSE, TRUE, sizeof (EngSym));
    TessResultIterator *ri = TessBaseAPIGetIterator (fig);
    if (ri != NULL) {
      do {
        char *t = TessResultIteratorGetUTF8Text (ri, RIL_SYMBOL);
        if (t != NULL && *t != '\0') {
          EngSym es = { { 0 }, TessResultIteratorConfidence (ri, RIL_SYMBOL) };
          g_strlcpy (es.text, t, sizeof es.text);
          g_array_append_val (out, es);
        }
        TessDeleteText (t);
      } while (TessResultIteratorNext (ri, RIL_SYMBOL));
      TessResultIteratorDelete (ri);
    }
  }
  TessBaseAPIClear (fig);
  TessBaseAPISetPageSegMode (fig, PSM_SINGLE_BLOCK);
  return out;
}

/* A cell whose ink is one glyph about half as wide as it is tall (a digit, in an indicator table's
 * weight or score column) and that chi_sim read as one or two other characters or as nothing:
 * a lone 5 read 才, 与, ; or SS.  A Chinese character is as wide as it is tall, so chi_sim's reading is not what the
 * ink shows; the glyph is read again by the figures' model (eng) as a single character, scaled
 * up to about 48 pixels tall (at 150 dpi a digit is 16 pixels, too few for it), and its
 * reading stands only where it is a digit read with a confidence of at least
 * LONE_DIGIT_CONF.  Anything else is left as read. */
#define LONE_DIGIT_CONF 90.0f
static void
reread_lone (Engine *e, PIX *framed, guint paper, double dpi, GArray *raw, guint first, int dx, int dy)
{
  /* chi_sim's reading: nothing, or one or two characters on one line that are not digits
   * (a lone 5 read SS) */
  guint line = G_MAXUINT, read = 0;
  gboolean digits = TRUE;
  if (!only_line (raw, first, 2, &line))
    return;
  if (line != G_MAXUINT) {
    GArray *syms = g_array_index (raw, RawLine, line).syms;
    read = syms->len;
    for (guint j = 0; j < syms->len; j++)
      digits &= g_array_index (syms, Sym, j).c < 0x80 && g_ascii_isdigit (g_array_index (syms, Sym, j).c);
  }
  if (read > 0 && digits)
    return;
  g_autoptr (FrPix) bin = pixThresholdToBinary (framed, (int) (paper * 3 / 4));
  if (bin == NULL)
    return;
  BOXA *comps = pixConnCompBB (bin, 8);
  int n = comps ? boxaGetCount (comps) : 0, glyphs = 0;
  /* the box of the cell's ink (a digit's stroke may break off at the threshold) */
  l_int32 x0 = G_MAXINT32, y0 = G_MAXINT32, x1 = 0, y1 = 0;
  int least = (int) (2.0 * dpi / 72.0);
  for (int i = 0; i < n; i++) {
    l_int32 x, y, w, h;
    boxaGetBoxGeometry (comps, i, &x, &y, &w, &h);
    if (MAX (w, h) < least)
      continue;
    glyphs++;
    x0 = MIN (x0, x);
    y0 = MIN (y0, y);
    x1 = MAX (x1, x + w);
    y1 = MAX (y1, y + h);
  }
  boxaDestroy (&comps);
  l_int32 gw = x1 - x0, gh = y1 - y0;
  if (glyphs == 0 || gh < LONE_MIN_PT * dpi / 72.0 || gh > LONE_MAX_PT * dpi / 72.0 || gw * 4 > gh * 3 || gw * 5 < gh)
    return;
  g_autoptr (GArray) read_again = eng_symbols (e, framed, dpi, gh, PSM_SINGLE_CHAR);
  gunichar got = 0;
  if (read_again != NULL && read_again->len == 1) {
    const EngSym *es = &g_array_index (read_again, EngSym, 0);
    if (g_ascii_isdigit (es->text[0]) && es->text[1] == '\0' && es->conf >= LONE_DIGIT_CONF)
      got = (gunichar) es->text[0];
  }
  if (got == 0)
    return;
  Sym d = { got, x0 + dx, y0 + dy, x1 + dx, y1 + dy, TRUE, FALSE };
  if (line == G_MAXUINT) {
    RawLine nl = { g_array_new (FALSE, FALSE, sizeof (Sym)), y0 + dy, y1 + dy, LONE_DIGIT_CONF, FALSE };
    g_array_append_val (nl.syms, d);
    g_array_append_val (raw, nl);
  } else {
    GArray *syms = g_array_index (raw, RawLine, line).syms;
    g_array_set_size (syms, 1);
    g_array_index (syms, Sym, 0) = d;
  }
}

/* The glyph of framed inside b (x0, y0, x1, y1; its digits tall pixels tall) read alone by eng
 * as a single character, on the paper's gray: TRUE where it is a digit read with a confidence
 * of at least LONE_DIGIT_CONF, into *d. */
static gboolean
eng_glyph_digit (Engine *e, PIX *framed, guint paper, double dpi, const l_int32 *b, int tall, EngSym *d)
{
  int m = tall / 2;
  g_autoptr (FrPix) one = clip_rect (framed, b[0] - 1, b[1] - 1, b[2] - b[0] + 2, b[3] - b[1] + 2);
  g_autoptr (FrPix) alone = one != NULL ? pixAddBorderGeneral (one, m, m, m, m, paper) : NULL;
  if (alone == NULL)
    return FALSE;
  g_autoptr (GArray) again = eng_symbols (e, alone, dpi, tall, PSM_SINGLE_CHAR);
  if (again == NULL || again->len != 1)
    return FALSE;
  *d = g_array_index (again, EngSym, 0);
  return g_ascii_isdigit (d->text[0]) && d->text[1] == '\0' && d->conf >= LONE_DIGIT_CONF;
}

/* A 1 read as a bracket or a bar after a comparison sign that fix_signs read from its ink
 * (≥1万人次 read >]万人次, ≥]万人次 once the sign is read): the glyph after the sign's ink,
 * where it is as narrow as a 1, is read again alone by eng, and a digit read so with a
 * confidence of at least LONE_DIGIT_CONF takes its place.  Anything else is left as read. */
static void
reread_after_sign (Engine *e, PIX *framed, guint paper, double dpi, GArray *raw, guint first, int dx, int dy)
{
  g_autoptr (FrPix) bin = NULL;
  for (guint l = first; l < raw->len; l++) {
    RawLine *rl = &g_array_index (raw, RawLine, l);
    GArray *syms = rl->syms;
    if (syms->len < 3)
      continue;
    gunichar c0 = g_array_index (syms, Sym, 0).c;
    Sym *s1 = &g_array_index (syms, Sym, 1);
    if (!comparison_sign (c0) || !digit_alike (s1->c))
      continue;
    if (bin == NULL && (bin = pixThresholdToBinary (framed, (int) (paper * 3 / 4))) == NULL)
      return;
    /* the glyph: the first piece of ink right of the sign's (the engine's box for the bracket
     * may reach over the unit), with what shares its columns, as narrow as a 1 and as tall as
     * the line's figures */
    int n = 0, least = (int) (2.0 * dpi / 72.0), after = g_array_index (syms, Sym, 0).x1 - dx;
    g_autofree l_int32 *bx = ink_boxes (bin, &n);
    l_int32 g[4] = { G_MAXINT32, G_MAXINT32, -1, -1 };
    for (int i = 0; i < n; i++) {
      const l_int32 *b = bx + (gsize) i * 4;
      int cy = b[1] + b[3] / 2 + dy;
      if (MAX (b[2], b[3]) >= least && b[0] >= after && cy >= rl->y0 && cy <= rl->y1 && b[0] < g[0])
        g[0] = b[0], g[1] = b[1], g[2] = b[0] + b[2], g[3] = b[1] + b[3];
    }
    for (int i = 0; i < n && g[2] >= 0; i++) {
      const l_int32 *b = bx + (gsize) i * 4;
      if (MAX (b[2], b[3]) >= least && b[0] < g[2] && b[0] + b[2] > g[0] && (b[0] + b[2] - g[0]) * 2 > b[2]) {
        g[1] = MIN (g[1], b[1]);
        g[3] = MAX (g[3], b[1] + b[3]);
        g[2] = MAX (g[2], b[0] + b[2]);
      }
    }
    EngSym d;
    if (g[2] < 0 || (g[2] - g[0]) * 2 > g[3] - g[1] || (g[3] - g[1]) * 2 < rl->y1 - rl->y0
        || !eng_glyph_digit (e, framed, paper, dpi, g, g[3] - g[1], &d))
      continue;
    s1->c = (gunichar) d.text[0];
    s1->cjk = FALSE;
    s1->x0 = g[0] + dx;
    s1->x1 = g[2] + dx;
  }
}

/* eng's reading of a cell of glyphs digits' shape (gb, x0, y0, x1, y1 of each, tall pixels the
 * tallest), with a letter read on a glyph (15 read 1S: eng reads a 5 of a line as S): where its
 * symbols but points are one a glyph, the glyph under each letter is read again alone as a
 * single character, and a digit read so, with a confidence of at least LONE_DIGIT_CONF,
 * takes the letter's place (a lone 5 reads 5).  Anything else is left as read. */
static void
reread_letters (Engine *e, PIX *framed, guint paper, double dpi, GArray *read, int glyphs, const l_int32 *gb,
                int tall)
{
  int g = 0;
  for (guint k = 0; k < read->len; k++)
    g += strcmp (g_array_index (read, EngSym, k).text, ".") != 0;
  if (g != glyphs)
    return;
  g = 0;
  for (guint k = 0; k < read->len; k++) {
    EngSym *es = &g_array_index (read, EngSym, k);
    if (strcmp (es->text, ".") == 0)
      continue;
    const l_int32 *b = gb + (gsize) g++ * 4;
    if (!g_ascii_isalpha (es->text[0]) || es->text[1] != '\0')
      continue;
    EngSym d;
    if (eng_glyph_digit (e, framed, paper, dpi, b, tall, &d))
      *es = d;
  }
}

/* A cell whose ink is a few glyphs side by side, each as tall as the others and at most 0.9 as
 * wide as it is tall (the digits of a weight or a score: 10, 18, 3.5; a 100 dpi scan's 0 is
 * 0.88 at the threshold), that chi_sim read with a letter, a bracket or one Chinese character
 * among them: 18 read ]8 or I8, 15 read 可.  A Chinese character is as wide as it is tall and
 * taller than digits, and a letter or bracket among digits is no figure, so chi_sim's reading
 * is not what the ink shows.  The cell is read again by the
 * figures' model (eng) as one line, scaled up so that its glyphs are about 48 pixels tall; its
 * reading stands only where it is a number as written with as many digits as the ink has
 * glyphs (a point is too small to be one), each read with a confidence of at least
 * LONE_DIGIT_CONF.  Anything else is left as read.  A cell of one glyph is reread_lone's. */
#define SHORT_MAX_GLYPHS 4
static void
reread_short (Engine *e, PIX *framed, guint paper, double dpi, GArray *raw, guint first, int dx, int dy)
{
  /* chi_sim's reading: one line of a few symbols, with one that is neither a digit nor a
   * point, at most one Chinese character, and no sign or % (fix_signs read a sign from its
   * ink: eng reads a ≥ as 2) */
  guint line = G_MAXUINT, chinese = 0;
  gboolean other = FALSE;
  if (!only_line (raw, first, SHORT_MAX_GLYPHS + 2, &line) || line == G_MAXUINT)
    return;
  GArray *read = g_array_index (raw, RawLine, line).syms;
  for (guint j = 0; j < read->len; j++) {
    gunichar c = g_array_index (read, Sym, j).c;
    if (comparison_sign (c) || c == '%')
      return;
    other |= !(c < 0x80 && (g_ascii_isdigit (c) || c == '.'));
    chinese += is_ideograph (c);
  }
  if (!other || chinese > 1)
    return;
  /* a Chinese character read after the digits is where a unit stands (72人): a digit eng reads
   * there may be the unit's ink (724), so such a reading is taken in doubt (RawLine.doubt) */
  gboolean unit_place = read->len >= 2 && is_ideograph (g_array_index (read, Sym, read->len - 1).c)
                        && ascii_digit (g_array_index (read, Sym, read->len - 2).c);
  g_autoptr (FrPix) bin = pixThresholdToBinary (framed, (int) (paper * 3 / 4));
  if (bin == NULL)
    return;
  l_int32 gb[(SHORT_MAX_GLYPHS + 1) * 4];
  int glyphs = ink_glyphs (bin, (int) (2.0 * dpi / 72.0), pixGetWidth (bin), SHORT_MAX_GLYPHS, gb);
  if (glyphs > SHORT_MAX_GLYPHS || glyphs < 2)
    return;
  l_int32 gx0[SHORT_MAX_GLYPHS], gx1[SHORT_MAX_GLYPHS], gy0[SHORT_MAX_GLYPHS], gy1[SHORT_MAX_GLYPHS];
  for (int g = 0; g < glyphs; g++)
    gx0[g] = gb[(gsize) g * 4], gy0[g] = gb[(gsize) g * 4 + 1], gx1[g] = gb[(gsize) g * 4 + 2], gy1[g] = gb[(gsize) g * 4 + 3];
  /* each glyph a digit's shape and size, all of one height, standing on one line */
  l_int32 tall = 0, top = G_MAXINT32, foot = 0;
  for (int g = 0; g < glyphs; g++) {
    tall = MAX (tall, gy1[g] - gy0[g]);
    top = MIN (top, gy0[g]);
    foot = MAX (foot, gy1[g]);
  }
  if (tall < LONE_MIN_PT * dpi / 72.0 || tall > LONE_MAX_PT * dpi / 72.0 || (foot - top) * 5 > tall * 6)
    return;
  for (int g = 0; g < glyphs; g++) {
    l_int32 w = gx1[g] - gx0[g], h = gy1[g] - gy0[g];
    if (h * 5 < tall * 4 || w * 10 > h * 9 || (g > 0 && gx0[g] - gx1[g - 1] > tall))
      return;
  }
  g_autoptr (GArray) read_again = eng_symbols (e, framed, dpi, tall, PSM_SINGLE_LINE);
  if (read_again == NULL)
    return;
  reread_letters (e, framed, paper, dpi, read_again, glyphs, gb, tall);
  GString *got = g_string_new (NULL);
  int digits = 0;
  gboolean sure = TRUE;
  for (guint k = 0; k < read_again->len; k++) {
    const EngSym *es = &g_array_index (read_again, EngSym, k);
    g_string_append (got, es->text);
    if (g_ascii_isdigit (es->text[0]) && es->text[1] == '\0') {
      digits++;
      sure &= es->conf >= LONE_DIGIT_CONF;
    }
  }
  g_autofree char *figure = g_string_free (got, FALSE);
  if (!sure || digits != glyphs || strchr (figure, ',') || !well_formed (figure) || strchr (figure, '%'))
    return;
  /* as many points as the ink shows: a piece between two glyphs, low, too small for a digit
   * (9.5 read WS, its glyphs read again alone 95: a point eng lost is a figure ten times too
   * large) */
  int n = 0, points = 0, dots = 0;
  g_autofree l_int32 *bx = ink_boxes (bin, &n);
  for (int i = 0; i < n; i++) {
    const l_int32 *b = bx + (gsize) i * 4;
    int cx = b[0] + b[2] / 2;
    for (int k = 0; k + 1 < glyphs; k++)
      if (cx > gx1[k] && cx < gx0[k + 1] && MAX (b[2], b[3]) >= 2 && MAX (b[2], b[3]) * 3 <= tall
          && (b[1] + b[3]) * 3 >= top + 2 * foot)
        points++;
  }
  for (const char *p = figure; *p; p++)
    dots += *p == '.';
  if (points != dots)
    return;
  /* the figure's characters over the ink's glyphs: a digit on each, a point between two */
  g_autoptr (GArray) placed = g_array_new (FALSE, FALSE, sizeof (Sym));
  int g = 0;
  for (const char *p = figure; *p; p++) {
    Sym s = { (gunichar) *p, 0, top + dy, 0, foot + dy, p == figure, FALSE };
    if (*p == '.' && g > 0 && g < glyphs) {
      s.x0 = gx1[g - 1] + dx;
      s.x1 = gx0[g] + dx;
    } else if (*p != '.' && g < glyphs) {
      s.x0 = gx0[g] + dx;
      s.x1 = gx1[g] + dx;
      g++;
    } else {
      return;
    }
    g_array_append_val (placed, s);
  }
  GArray *syms = g_array_index (raw, RawLine, line).syms;
  g_array_set_size (syms, 0);
  g_array_append_vals (syms, placed->data, placed->len);
  if (unit_place)
    g_array_index (raw, RawLine, line).doubt = TRUE;
}

gboolean
fr_ocr_unit_figure_stands (const char *chi, const char *eng, guint ink_digits)
{
  if (!well_formed (eng) || strchr (eng, '%') || strchr (chi, '%'))
    return FALSE;
  guint digits = 0;
  for (const char *p = eng; *p; p++)
    digits += g_ascii_isdigit (*p) != 0;
  if (digits != ink_digits)
    return FALSE;
  /* chi_sim's figure is eng's with one digit more */
  for (const char *k = chi; *k; k++) {
    if (!g_ascii_isdigit (*k))
      continue;
    g_autofree char *less = g_strdup_printf ("%.*s%s", (int) (k - chi), chi, k + 1);
    if (strcmp (less, eng) == 0)
      return TRUE;
  }
  return FALSE;
}

/* A mark or letter read between a figure's last digit and the Chinese character after it (its
 * unit) over no ink of its own: the unit's first stroke read twice, once as a character of its
 * own (5.71万人 read 5.71]万人: 万's top and left stroke read as ]).  Where every piece of ink
 * in the mark's box, but the digit's before it, reaches on into the character's box, the mark
 * is no character: it is dropped, and the character's box takes its ink.  Anything else (a
 * mark with ink of its own, or none at all) is left as read. */
static void
fix_unit_strokes (GArray *raw, guint first, PIX *img, guint paper, double dpi, int dx, int dy)
{
  g_autoptr (FrPix) bin = NULL;
  g_autofree l_int32 *bx = NULL;
  int n = 0, least = (int) (2.0 * dpi / 72.0);
  for (guint l = first; l < raw->len; l++) {
    RawLine *rl = &g_array_index (raw, RawLine, l);
    GArray *syms = rl->syms;
    for (guint j = 1; j + 1 < syms->len; j++) {
      Sym *m = &g_array_index (syms, Sym, j), *u = &g_array_index (syms, Sym, j + 1);
      gunichar before = g_array_index (syms, Sym, j - 1).c;
      if (!ascii_digit (before) || !is_ideograph (u->c) || m->c >= 0x80
          || (!g_ascii_ispunct (m->c) && !g_ascii_isalpha (m->c)) || m->c == '.' || m->c == ',' || m->c == '%'
          || m->c == '-')
        continue;
      if (bin == NULL) {
        if ((bin = pixThresholdToBinary (img, (int) (paper * 3 / 4))) == NULL)
          return;
        bx = ink_boxes (bin, &n);
      }
      int mx0 = m->x0 - dx, mx1 = m->x1 - dx, ux0 = u->x0 - dx, top = rl->y0 - dy, foot = rl->y1 - dy;
      int prev_x1 = g_array_index (syms, Sym, j - 1).x1 - dx, pieces = 0, ink_x0 = G_MAXINT;
      gboolean own = FALSE;
      for (int i = 0; i < n && !own; i++) {
        const l_int32 *b = bx + (gsize) i * 4;
        int cx = b[0] + b[2] / 2;
        if (MAX (b[2], b[3]) < least || b[0] + b[2] <= mx0 || b[0] >= mx1 || b[1] + b[3] <= top || b[1] >= foot
            || cx < MIN (mx0, prev_x1))
          continue;   /* dust, outside the mark's box, or the digit's */
        pieces++;
        ink_x0 = MIN (ink_x0, b[0]);
        /* the unit's: reaching past the mark's box well into the character's */
        own = b[0] + b[2] < MAX (mx1, ux0) + (b[3] / 4);
      }
      if (own || pieces == 0)
        continue;
      u->x0 = MIN (u->x0, ink_x0 + dx);
      u->word_start = m->word_start;
      g_array_remove_index (syms, j);
    }
  }
}

/* A cell of a figure and its unit (46处, 12个, 1.52万人) whose figure chi_sim read with a digit
 * more than its ink shows (46处 read 436处: the 4's ink read twice, as 4 and 3).  The digits'
 * ink is counted as glyphs (pieces standing as tall as the tallest, those that share columns
 * taken as one; a point is too small to be one); where chi_sim read one digit more, the
 * figure's image (the unit painted over) is read again by eng, and its reading stands only
 * where it is a number as written with as many digits as the ink shows and chi_sim's is it
 * with one digit more: the two readings and the ink say the same.  The unit keeps chi_sim's
 * reading.  Anything else is left as read. */
#define UNIT_MAX_DIGITS 12
static void
reread_unit_figure (Engine *e, PIX *framed, guint paper, double dpi, GArray *raw, guint first, int dx, int dy,
                    GPtrArray *warnings, guint page_no)
{
  guint line = G_MAXUINT;
  if (!only_line (raw, first, G_MAXUINT, &line) || line == G_MAXUINT)
    return;
  RawLine *rl = &g_array_index (raw, RawLine, line);
  /* the reading: digits (with points and separators) from the line's start, then Chinese
   * characters alone */
  GArray *syms = rl->syms;
  guint u = 0, digits = 0;
  while (u < syms->len && g_array_index (syms, Sym, u).c < 0x80
         && strchr ("0123456789.,", (int) g_array_index (syms, Sym, u).c)) {
    digits += g_ascii_isdigit (g_array_index (syms, Sym, u).c) != 0;
    u++;
  }
  if (digits < 2 || u == syms->len || !g_ascii_isdigit (g_array_index (syms, Sym, 0).c))
    return;
  for (guint j = u; j < syms->len; j++)
    if (!is_ideograph (g_array_index (syms, Sym, j).c))
      return;
  int unit_x = g_array_index (syms, Sym, u).x0 - dx;
  g_autoptr (FrPix) bin = pixThresholdToBinary (framed, (int) (paper * 3 / 4));
  if (bin == NULL)
    return;
  /* the figure's glyphs, left of the unit: as tall as a digit, a point too small to be one */
  l_int32 gb[(UNIT_MAX_DIGITS + 1) * 4];
  int found = ink_glyphs (bin, (int) (2.0 * dpi / 72.0), unit_x + 2, UNIT_MAX_DIGITS, gb);
  if (found > UNIT_MAX_DIGITS)
    return;
  int tall = 0, end = 0;
  for (int g = 0; g < found; g++)
    tall = MAX (tall, gb[(gsize) g * 4 + 3] - gb[(gsize) g * 4 + 1]);
  if (tall < LONE_MIN_PT * dpi / 72.0)
    return;
  /* a piece as tall as a digit that runs from the figure past the unit's start (a digit that
   * touches the unit: wider than a character; or one that chi_sim's unit box begins within:
   * starting half a digit or more left of it) is no glyph of ink_glyphs': the count would be
   * a digit short, and eng, given the image cut after the counted ink, would read that short
   * figure too (12人 made 1人).  The ink does not settle the count: left as read.  (The
   * unit's own first stroke often starts a few pixels left of its box.) */
  int np = 0;
  g_autofree l_int32 *pieces = ink_boxes (bin, &np);
  for (int k = 0; k < np; k++) {
    const l_int32 *b = pieces + (gsize) k * 4;
    if (b[3] * 5 >= tall * 3 && b[0] < unit_x && b[0] + b[2] > unit_x + 2
        && (b[0] + tall / 2 < unit_x || b[2] * 10 > tall * 14))
      return;
  }
  guint glyphs = 0;
  for (int g = 0; g < found; g++) {
    const l_int32 *b = gb + (gsize) g * 4;
    if ((b[3] - b[1]) * 5 < tall * 3)
      continue;
    /* a piece as wide as two digits is two that touch: left as read */
    if ((b[2] - b[0]) * 10 > tall * 9)
      return;
    glyphs++;
    end = b[2];
  }
  if (glyphs + 1 != digits)
    return;
  TessBaseAPI *fig = engine_figures (e);
  if (fig == NULL)
    return;
  g_autoptr (FrPix) img = pixCopy (NULL, framed);
  int cut = MIN (unit_x, end + tall / 6);
  if (img == NULL || !paint_rect (img, cut, 0, pixGetWidth (img) - cut, pixGetHeight (img), paper))
    return;
  g_autoptr (GArray) alt = read_lines (fig, img, dpi, dx, dy);
  g_autofree char *eng = alt ? cell_text (alt, 0) : NULL;
  g_autoptr (GString) chi = g_string_new (NULL);
  for (guint j = 0; j < u; j++)
    g_string_append_c (chi, (char) g_array_index (syms, Sym, j).c);
  if (eng == NULL)
    return;
  if (!fr_ocr_unit_figure_stands (chi->str, eng, glyphs)) {
    if (strcmp (eng, chi->str) != 0)
      warn_figure_doubt (raw, first, warnings, page_no, chi->str, eng);
    return;
  }
  const RawLine *el = first_line (alt, 0);
  if (el == NULL)
    return;
  gboolean word_start = g_array_index (syms, Sym, 0).word_start;
  g_array_remove_range (syms, 0, u);
  g_array_prepend_vals (syms, el->syms->data, el->syms->len);
  g_array_index (syms, Sym, 0).word_start = word_start;
  g_array_index (syms, Sym, el->syms->len).word_start = FALSE;
}

/* A figure in the text that chi_sim read as no number as written (1,400,400.00 as
 * 1400,400.00: the comma after the 1 lost in a 100 dpi scan) read again by the figures' model,
 * from the image of its run of digits and marks alone, between the characters beside it.  Its
 * reading replaces chi_sim's only where fr_ocr_figure_stands takes it, as in a cell, and is a
 * number as written; else the figure is left as read.  Each line of raw (the page's text, its
 * table cells apart) from first on. */
static void
reread_text_figures (Engine *e, PIX *img, double dpi, GArray *raw, guint first)
{
  int border = (int) (4.0 * dpi / 72.0);
  guint paper = 0;
  for (guint i = first; i < raw->len; i++) {
    RawLine *rl = &g_array_index (raw, RawLine, i);
    for (guint a = 0; a < rl->syms->len; a++) {
      if (!ascii_digit (g_array_index (rl->syms, Sym, a).c))
        continue;
      guint b = a;
      GString *chi = g_string_new (NULL);
      while (b < rl->syms->len && g_array_index (rl->syms, Sym, b).c < 0x80
             && strchr ("0123456789,.", (int) g_array_index (rl->syms, Sym, b).c))
        g_string_append_c (chi, (char) g_array_index (rl->syms, Sym, b++).c);
      /* a run ends on a digit: a point after it ends a sentence */
      while (b > a + 1 && !ascii_digit (g_array_index (rl->syms, Sym, b - 1).c))
        g_string_truncate (chi, --b - a);
      g_autofree char *run = g_string_free (chi, FALSE);
      guint next = b;
      if (well_formed (run) || !strpbrk (run, ",.")) {
        a = next - 1;
        continue;
      }
      TessBaseAPI *fig = engine_figures (e);
      if (fig == NULL)
        return;
      if (paper == 0)
        paper = paper_gray (img);
      const Sym *s0 = &g_array_index (rl->syms, Sym, a), *s1 = &g_array_index (rl->syms, Sym, b - 1);
      int x0 = a > 0 ? (g_array_index (rl->syms, Sym, a - 1).x1 + s0->x0) / 2 : s0->x0 - border;
      int x1 = b < rl->syms->len ? (s1->x1 + g_array_index (rl->syms, Sym, b).x0) / 2 : s1->x1 + border;
      g_autoptr (FrPix) crop = clip_rect (img, x0, rl->y0, MAX (x1 - x0, 1), MAX (rl->y1 - rl->y0, 1));
      g_autoptr (FrPix) framed = crop ? pixAddBorderGeneral (crop, border, border, border, border, paper) : NULL;
      if (framed == NULL) {
        a = next - 1;
        continue;
      }
      g_autoptr (GArray) alt = read_lines (fig, framed, dpi, x0 - border, rl->y0 - border);
      if (alt != NULL) {
        /* eng's reading from its first digit to its last: the edge of the character
         * beside the figure may read as a mark (1,400,400.00. before 元) */
        const RawLine *el = first_line (alt, 0);
        g_autofree char *eng = cell_text (alt, 0);
        guint e0 = 0, e1 = el ? el->syms->len : 0;
        while (e0 < e1 && !ascii_digit (g_array_index (el->syms, Sym, e0).c))
          e0++;
        while (e1 > e0 && !ascii_digit (g_array_index (el->syms, Sym, e1 - 1).c))
          e1--;
        GString *fig_text = g_string_new (NULL);
        for (guint k = e0; k < e1; k++)
          g_string_append_unichar (fig_text, g_array_index (el->syms, Sym, k).c);
        g_autofree char *figure = g_string_free (fig_text, FALSE);
        if (eng != NULL && e1 > e0 && well_formed (figure) && fr_ocr_figure_stands (run, figure)) {
          gboolean word_start = s0->word_start;
          g_array_remove_range (rl->syms, a, b - a);
          g_array_insert_vals (rl->syms, a, &g_array_index (el->syms, Sym, e0), e1 - e0);
          g_array_index (rl->syms, Sym, a).word_start = word_start;
          next = a + (e1 - e0);
        }
      }
      a = next - 1;
    }
  }
}

/* A cell read with less than this confidence (Tesseract's mean word confidence, 0-100) is read
 * again at the scales below */
#define CELL_AGAIN_BELOW 85
/* The scales a cell is read again at (its image scaled up with Lanczos).  Which Chinese
 * characters chi_sim reads in a small cell moves with a pixel more or less of scaling, and its
 * confidence moves with it: on the fixtures' scans a misread character (改茧, 了李务, 培吕,
 * 效荔指标) mostly had lower confidence than the same cell's right reading at another scale. */
static const double cell_again_scales[] = { 1.25, 1.5 };
/* How the readings again cut the cell to black and white, in turn (Tesseract's
 * thresholding_method): Tesseract's own Otsu over the whole image first, then, where the cell
 * still reads below CELL_AGAIN_BELOW at both scales, Leptonica's Otsu tile by tile, which
 * keeps strokes the one threshold over a small, blurred cell joins or breaks (at 100 dpi
 * 建这 reads 建立, 新坊绿地 新增绿地; on the fixtures' 100 dpi scans 9 rows more exact, none
 * lost).  Measured and left: Sauvola (2) in their place or beside them, the tiles in place of
 * the one threshold, and the tiles at the cell's own scale: each lost rows. */
static const char *const cell_again_thresholds[] = { "0", "1" };

/* A cell's reading as text, a line's end as '\n'. */
static char *
reading_text (const GArray *raw, guint first)
{
  GString *t = g_string_new (NULL);
  for (guint l = first; l < raw->len; l++) {
    const GArray *syms = g_array_index (raw, RawLine, l).syms;
    for (guint j = 0; j < syms->len; j++)
      g_string_append_unichar (t, g_array_index (syms, Sym, j).c);
    g_string_append_c (t, '\n');
  }
  return g_string_free (t, FALSE);
}

/* What of a reading a second reading must keep: all but its Chinese characters. */
static char *
reading_skeleton (const char *t, guint *chinese)
{
  GString *k = g_string_new (NULL);
  *chinese = 0;
  for (const char *p = t; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (is_ideograph (c))
      (*chinese)++;
    else
      g_string_append_unichar (k, c);
  }
  return g_string_free (k, FALSE);
}

gboolean
fr_ocr_cell_again_stands (const char *was, const char *now)
{
  guint chinese = 0, chinese2 = 0;
  g_autofree char *k1 = reading_skeleton (was, &chinese), *k2 = reading_skeleton (now, &chinese2);
  return chinese > 0 && strcmp (k1, k2) == 0;
}

/* A cell (raw's lines from first on, read with mean confidence *mean) read again from its
 * framed image scaled f times and cut to black and white by thresholding (a
 * cell_again_thresholds); the new reading replaces the old where it is more confident and
 * differs from it in Chinese characters alone: the same lines, and every digit, sign and mark
 * the same, so that no figure is ever taken from the second reading.  An empty cell stays
 * empty. */
static void
read_cell_again (Engine *e, PIX *framed, double dpi, double f, const char *thresholding, GArray *raw,
                 guint first, int *mean, int dx, int dy)
{
  g_autofree char *was = reading_text (raw, first);
  guint chinese = 0;
  g_autofree char *skeleton = reading_skeleton (was, &chinese);
  if (chinese == 0)
    return;
  g_autoptr (FrPix) big = scale_up (framed, (int) lrint (pixGetWidth (framed) * f),
                                    (int) lrint (pixGetHeight (framed) * f));
  if (big == NULL)
    return;
  TessBaseAPISetImage2 (e->api, big);
  TessBaseAPISetSourceResolution (e->api, (int) lrint (dpi * f));
  TessBaseAPISetVariable (e->api, "thresholding_method", thresholding);
  /* Tesseract reads a line of low confidence a second time, inverted (light text on dark);
   * a cell's readings again never took that reading on the fixtures' scans (their records the
   * same without it), and it is a second run of the model over those lines (0.7 billion
   * instructions of scan100's 50.3) */
  TessBaseAPISetVariable (e->api, "tessedit_do_invert", "0");
  int failed = TessBaseAPIRecognize (e->api, NULL);
  TessBaseAPISetVariable (e->api, "thresholding_method", "0");   /* Tesseract's defaults */
  TessBaseAPISetVariable (e->api, "tessedit_do_invert", "1");
  if (failed != 0)
    return;
  g_autoptr (GArray) again = raw_lines_new ();
  int mean2 = 0;
  collect_lines (e->api, again, &mean2, 0, 0);
  g_autofree char *now = reading_text (again, 0);
  if (mean2 <= *mean || !fr_ocr_cell_again_stands (was, now))
    return;
  *mean = mean2;
  g_array_set_size (raw, first);
  /* its boxes brought back to the page's pixels */
  for (guint l = 0; l < again->len; l++) {
    const RawLine *al = &g_array_index (again, RawLine, l);
    RawLine nl = { g_array_new (FALSE, FALSE, sizeof (Sym)), (int) lrint (al->y0 / f) + dy,
                   (int) lrint (al->y1 / f) + dy, al->conf, al->doubt };
    for (guint j = 0; j < al->syms->len; j++) {
      Sym sy = g_array_index (al->syms, Sym, j);
      sy.x0 = (int) lrint (sy.x0 / f) + dx;
      sy.x1 = (int) lrint (sy.x1 / f) + dx;
      sy.y0 = (int) lrint (sy.y0 / f) + dy;
      sy.y1 = (int) lrint (sy.y1 / f) + dy;
      g_array_append_val (nl.syms, sy);
    }
    g_array_append_val (raw, nl);
  }
}

/* A cell of a page scaled up from a scan below SCALE_BELOW dpi is read by chi_sim from its image
 * smoothed by a Gaussian of this many pixels of the scan's own (1.2 pixels of a 100 dpi scan read
 * at 240).  The scan's JPEG noise and the scale's ringing, sharp at 2.4 times, read as strokes:
 * on the 100 dpi scans of the fixtures, the cells' Chinese (疫苗 read 疯东, 服务 了李务, 改善 改茧,
 * 读者 淡者), marks (a speck read ，or “ after a name) and some figures (268 read 258, ≥3 ≥23)
 * read right more often smoothed (README, Scans).  0.5 and 0.625 of a scan's pixel read the
 * cells' names best of 0.3 to 0.9, and 0.5 the indicator rows far better than 0.625. */
#define CELL_SOFTEN_SCAN_PX 0.5

/* Does now differ from was in which Chinese characters it reads alone: the same lines, as many
 * Chinese characters, and every digit, sign, mark and letter the same? */
static gboolean
same_but_chinese (const char *was, const char *now)
{
  guint chinese = 0, chinese2 = 0;
  g_autofree char *k1 = reading_skeleton (was, &chinese), *k2 = reading_skeleton (now, &chinese2);
  return chinese == chinese2 && strcmp (k1, k2) == 0;
}

/* A cell's first reading (raw's lines from first on, mean confidence *mean), made from its
 * smoothed image, held against the reading of its sharp image (framed) where it holds
 * anything but Chinese characters (a digit, a sign, a mark, a letter) or none: smoothing fades
 * a thin stroke (the 1 of a 10 beside a speck read 0, a bold 三's strokes read as a colon), so
 * where the two readings differ in more than which Chinese characters they read, the sharp
 * one stands, as it was read before the smoothing.  A cell of Chinese alone keeps the smoothed
 * reading. */
static void
check_sharp (Engine *e, PIX *framed, double dpi, GArray *raw, guint first, int *mean, int dx, int dy)
{
  g_autofree char *was = reading_text (raw, first);
  guint chinese = 0;
  g_autofree char *skeleton = reading_skeleton (was, &chinese);
  gboolean plain = chinese > 0;
  for (const char *q = skeleton; *q && plain; q++)
    plain = *q == '\n';
  if (plain)
    return;
  TessBaseAPISetImage2 (e->api, framed);
  TessBaseAPISetSourceResolution (e->api, (int) dpi);
  if (TessBaseAPIRecognize (e->api, NULL) != 0)
    return;
  g_autoptr (GArray) sharp = raw_lines_new ();
  int mean2 = 0;
  collect_lines (e->api, sharp, &mean2, dx, dy);
  g_autofree char *now = reading_text (sharp, 0);
  if (same_but_chinese (was, now))
    return;
  g_array_set_size (raw, first);
  for (guint l = 0; l < sharp->len; l++) {
    RawLine nl = g_array_index (sharp, RawLine, l);
    nl.syms = g_array_ref (nl.syms);
    g_array_append_val (raw, nl);
  }
  *mean = mean2;
}

/* Is the ink of columns [x0, x1) and rows [top, foot) of a cell's gray image (paper its paper's
 * gray) before a figure whose digits are tall pixels tall a speck of dust, and no minus sign:
 * the pixels darker than halfway from the paper to the darkest one there lie within a quarter
 * of the digits' height each way?  A minus, however faint, is a bar a third as wide as the
 * digits are tall or more, and its pixels at half its darkness run its length; a speck's are
 * a dot.  FALSE where there is no ink at all (a minus the reading placed over nothing stays in
 * doubt).  For a scan read at its own pixels: a 100 dpi scan scaled up blurs a minus into a
 * blot as tall as it is wide. */
static gboolean
minus_speck (PIX *gray, guint paper, int x0, int x1, int top, int foot, int tall)
{
  x0 = MAX (x0, 0), top = MAX (top, 0);
  x1 = MIN (x1, (int) pixGetWidth (gray)), foot = MIN (foot, (int) pixGetHeight (gray));
  guint darkest = 255;
  for (int y = top; y < foot; y++)
    for (int x = x0; x < x1; x++) {
      l_uint32 v = 255;
      pixGetPixel (gray, x, y, &v);
      darkest = MIN (darkest, v);
    }
  if (darkest * 4 >= paper * 3)
    return FALSE;
  guint half = (paper + darkest) / 2;
  int l = G_MAXINT, r = -1, t = G_MAXINT, b = -1;
  for (int y = top; y < foot; y++)
    for (int x = x0; x < x1; x++) {
      l_uint32 v = 255;
      pixGetPixel (gray, x, y, &v);
      if (v < half)
        l = MIN (l, x), r = MAX (r, x), t = MIN (t, y), b = MAX (b, y);
    }
  return (r - l + 1) * 4 <= tall && (b - t + 1) * 4 <= tall;
}

/* A cell's figure whose digits are not as many as the glyphs of ink in its place (a digit lost:
 * 22个 read 2个, 12 read 2; or one read twice, a speck read as one).  The first run of digits of
 * each line of raw from first on (its points and separators between them) is held against the
 * ink between the characters read before and after it (or the cell's edge): the pieces whose
 * middles lie there and in the line (and, before a character read after the figure, a quarter
 * of the line's height short of it: a unit's first stroke, 亻 of 件 or the bar of 万, often
 * starts several pixels left of the engine's box for it), those that share or meet at a column
 * taken as one (a 3 or a 0 broken at the threshold), counted where as tall as three fifths of
 * the tallest (a point, a comma and dust are smaller).  Where the two counts differ, the line
 * is marked in doubt: its text stays as read, and no number is taken from it (a digit for a
 * lost one would be a guess).  A glyph wider than it is tall is digits that touch: the ink
 * does not count them.  Counted only where count is set: a scan scaled up (below SCALE_BELOW
 * dpi) breaks a 0 into its two sides and joins neighbours at the threshold (the 100 dpi copies
 * of the fixtures: 100% counted 5, ≥90% 1), so its count says nothing.  A minus read before
 * the figure is held against its ink in any case (below).  The ink of the cell (framed, whose
 * pixel (0,0) is (dx, dy) of the page) after every reading above. */
static void
doubt_figure_ink (GArray *raw, guint first, PIX *framed, guint paper, double dpi, int dx, int dy, gboolean count)
{
  g_autoptr (FrPix) bin = NULL;
  g_autofree l_int32 *bx = NULL;
  int n = 0;
  int least = (int) (2.0 * dpi / 72.0);
  for (guint l = first; l < raw->len; l++) {
    RawLine *rl = &g_array_index (raw, RawLine, l);
    GArray *syms = rl->syms;
    guint j0 = 0, j1, digits = 0;
    while (j0 < syms->len && !ascii_digit (g_array_index (syms, Sym, j0).c))
      j0++;
    if (j0 == syms->len || rl->doubt)
      continue;
    for (j1 = j0; j1 < syms->len; j1++) {
      gunichar c = g_array_index (syms, Sym, j1).c;
      if (ascii_digit (c))
        digits++;
      else if (!((c == '.' || c == ',') && j1 + 1 < syms->len && ascii_digit (g_array_index (syms, Sym, j1 + 1).c)))
        break;
    }
    if (bin == NULL) {
      bin = pixThresholdToBinary (framed, (int) (paper * 3 / 4));
      if (bin == NULL)
        return;
      bx = ink_boxes (bin, &n);
    }
    int left = j0 > 0 ? g_array_index (syms, Sym, j0 - 1).x1 - dx : 0;
    int right = j1 < syms->len ? g_array_index (syms, Sym, j1).x0 - dx : G_MAXINT;
    int top = rl->y0 - dy, foot = rl->y1 - dy, h = foot - top;
    /* the pieces in the figure's place, by their left edges (a few: insertion).  A piece that
     * crosses the edge of a character read beside the figure is the figure's where it reaches
     * a third of the line's height or more past it (a digit the engine's box for the unit
     * begins within); else it is that character's */
    g_autofree l_int32 *kept = g_new (l_int32, (gsize) MAX (n, 1) * 4);
    int k = 0;
    for (int i = 0; i < n; i++) {
      const l_int32 *b = bx + (gsize) i * 4;
      int cx = b[0] + b[2] / 2, cy = b[1] + b[3] / 2;
      if (MAX (b[2], b[3]) < least || cx < left || cx >= right - (right < G_MAXINT ? h / 4 : 0) || cy < top || cy > foot
          || (b[0] + b[2] > right && b[0] + h / 3 > right) || (b[0] < left && b[0] + b[2] < left + h / 3))
        continue;
      int j = k++;
      for (; j > 0 && kept[(gsize) (j - 1) * 4] > b[0]; j--)
        memcpy (kept + (gsize) j * 4, kept + (gsize) (j - 1) * 4, 4 * sizeof (l_int32));
      kept[(gsize) j * 4] = b[0], kept[(gsize) j * 4 + 1] = b[1];
      kept[(gsize) j * 4 + 2] = b[0] + b[2], kept[(gsize) j * 4 + 3] = b[1] + b[3];
    }
    /* the glyphs: pieces that share a column, or meet, are one */
    int glyphs = 0;
    for (int i = 0; i < k; i++) {
      l_int32 *b = kept + (gsize) i * 4;
      l_int32 *last = glyphs > 0 ? kept + (gsize) (glyphs - 1) * 4 : NULL;
      if (last != NULL && last[2] >= b[0]) {
        last[1] = MIN (last[1], b[1]);
        last[2] = MAX (last[2], b[2]);
        last[3] = MAX (last[3], b[3]);
        continue;
      }
      memmove (kept + (gsize) glyphs++ * 4, b, 4 * sizeof (l_int32));
    }
    int tall = 0;
    for (int g = 0; g < glyphs; g++)
      tall = MAX (tall, kept[(gsize) g * 4 + 3] - kept[(gsize) g * 4 + 1]);
    guint counted = 0;
    gboolean touching = FALSE;
    for (int g = 0; g < glyphs; g++) {
      const l_int32 *b = kept + (gsize) g * 4;
      if ((b[3] - b[1]) * 5 < tall * 3)
        continue;
      counted++;
      /* a glyph wider than it is tall is digits that touch (00, 44 at 150 dpi): the ink does
       * not count them, and leaves the figure as read */
      touching |= (b[2] - b[0]) * 10 > (b[3] - b[1]) * 11;
    }
    if (count && counted != digits && !touching)
      rl->doubt = TRUE;
    /* a minus read before the figure: its ink a bar as a minus is, at least a third as wide as
     * the digits are tall, and flat (a speck that a dot's test let pass is narrower: -95 for 95) */
    gunichar sign = j0 > 0 ? g_array_index (syms, Sym, j0 - 1).c : 0;
    if ((sign == '-' || sign == 0x2212 || sign == 0xFF0D) && tall > 0 && !rl->doubt) {
      int s0 = g_array_index (syms, Sym, j0 - 1).x0 - dx, first_x = glyphs > 0 ? kept[0] : left;
      gboolean bar = FALSE;
      for (int i = 0; i < n && !bar; i++) {
        const l_int32 *b = bx + (gsize) i * 4;
        bar = b[0] + b[2] > s0 && b[0] < first_x && b[1] >= top && b[1] + b[3] <= foot
              && b[2] * 3 >= tall && b[3] * 3 <= tall;
      }
      if (!bar && count && minus_speck (framed, paper, j0 >= 2 ? g_array_index (syms, Sym, j0 - 2).x1 - dx
                                                          : MAX (s0 - tall / 2, 0), first_x - 1, top, foot, tall)) {
        /* dust where a minus would stand, as no minus of the figure's type is: no sign */
        g_array_index (syms, Sym, j0).word_start = g_array_index (syms, Sym, j0 - 1).word_start;
        g_array_remove_index (syms, j0 - 1);
      } else if (!bar) {
        rl->doubt = TRUE;
      }
    }
  }
}

/* Each table cell read on its own, as a block of lines, into raw; a figure its two readings
 * disagree on is named in warnings.  count_ink: a figure's digits are counted against its ink
 * (doubt_figure_ink), where the page is read at its scan's own pixels. */
static void
read_cells (Engine *e, PIX *img, double dpi, double soften, gboolean count_ink, const GArray *cells, GArray *raw,
            guint page_no, GPtrArray *warnings)
{
  const char *dump = g_getenv ("FINREP_DEBUG_OCR_IMAGES");   /* a folder: each cell's image too */
  if (cells->len == 0)
    return;
  int pad = (int) (RULE_HALF_PT * dpi / 72.0) + 1;
  int border = (int) (4.0 * dpi / 72.0);
  guint paper = paper_gray (img);
  TessBaseAPISetPageSegMode (e->api, PSM_SINGLE_BLOCK);
  for (guint i = 0; i < cells->len; i++) {
    const Cell *c = &g_array_index (cells, Cell, i);
    if (c->w <= 2 * pad + 4 || c->h <= 2 * pad + 4)
      continue;
    g_autoptr (FrPix) crop = clip_rect (img, c->x + pad, c->y + pad, c->w - 2 * pad, c->h - 2 * pad);
    if (crop == NULL || !clean_cell (crop, paper, dpi))
      continue;
    clean_cell_specks (crop, paper, dpi);
    g_autoptr (FrPix) framed = pixAddBorderGeneral (crop, border, border, border, border, paper);
    if (framed == NULL)
      continue;
    if (dump != NULL) {
      g_autofree char *name = g_strdup_printf ("%s/cell-%u-%03u.png", dump, page_no, i);
      pixWrite (name, framed, IFF_PNG);
    }
    /* chi_sim reads the smoothed image (where soften is set), the ink is read from the sharp
     * one, and so is what eng reads (figures) */
    g_autoptr (FrPix) soft = soften > 0 ? smooth (framed, soften) : NULL;
    PIX *reading = soft != NULL ? soft : framed;
    TessBaseAPISetImage2 (e->api, reading);
    TessBaseAPISetSourceResolution (e->api, (int) dpi);
    if (TessBaseAPIRecognize (e->api, NULL) == 0) {
      guint first = raw->len;
      int cmean = 0;
      collect_lines (e->api, raw, &cmean, c->x + pad - border, c->y + pad - border);
      if (soft != NULL)
        check_sharp (e, framed, dpi, raw, first, &cmean, c->x + pad - border, c->y + pad - border);
      for (guint t = 0; t < G_N_ELEMENTS (cell_again_thresholds) && cmean < CELL_AGAIN_BELOW; t++)
        for (guint k = 0; k < G_N_ELEMENTS (cell_again_scales); k++)
          read_cell_again (e, reading, dpi, cell_again_scales[k], cell_again_thresholds[t], raw, first,
                           &cmean, c->x + pad - border, c->y + pad - border);
      fix_signs (raw, first, framed, paper, c->x + pad - border, c->y + pad - border, count_ink, warnings,
                 page_no);
      fix_lone_sign (raw, first, framed, paper, c->x + pad - border, c->y + pad - border);
      reread_after_sign (e, framed, paper, dpi, raw, first, c->x + pad - border, c->y + pad - border);
      guint ink_digits = 0;
      fix_percents (raw, first, framed, paper, c->x + pad - border, c->y + pad - border, &ink_digits);
      fix_lone_percent (raw, first, framed, paper, dpi, c->x + pad - border, c->y + pad - border);
      reread_lone (e, framed, paper, dpi, raw, first, c->x + pad - border, c->y + pad - border);
      reread_short (e, framed, paper, dpi, raw, first, c->x + pad - border, c->y + pad - border);
      fix_unit_strokes (raw, first, framed, paper, dpi, c->x + pad - border, c->y + pad - border);
      reread_unit_figure (e, framed, paper, dpi, raw, first, c->x + pad - border, c->y + pad - border,
                          warnings, page_no);
      if (reread_figure (e, framed, paper, dpi, raw, first, ink_digits, c->x + pad - border, c->y + pad - border,
                         warnings, page_no))
        fix_signs (raw, first, framed, paper, c->x + pad - border, c->y + pad - border, count_ink, NULL, 0);
      else if (ink_digits > 0 && warnings != NULL) {
        /* the ink shows a % the reading has not: the figure is in doubt, and left as read */
        g_autoptr (GString) t = g_string_new (NULL);
        for (guint l = first; l < raw->len; l++)
          append_syms (t, g_array_index (raw, RawLine, l).syms);
        g_ptr_array_add (warnings, g_strdup_printf ("page %u: a figure read by OCR as %s has a %% sign in its ink "
                                                    "that is not in its reading: left as read", page_no, t->str));
        doubt_lines (raw, first);
      }
      doubt_figure_ink (raw, first, framed, paper, dpi, c->x + pad - border, c->y + pad - border, count_ink);
    }
  }
  TessBaseAPISetPageSegMode (e->api, PSM_AUTO);
}

typedef struct {
  guint page;
  int warned;
  int unwarned;
} WarnState;

/* One page: render, deskew, read (turned again when it reads badly), lines and rules into
 * doc.  Returns the number of glyphs, -1 when its image cannot be decoded; *debug gets the
 * line FINREP_DEBUG_OCR prints (newly allocated), when it is set. */
static int
read_page (Engine *e, FrDocument *doc, PopplerPage *pp, FrPage *page, WarnState *ws, char **debug)
{
  gint64 t0 = g_get_monotonic_time ();
  double w_pt = page->width, h_pt = page->height;
  gboolean broken = FALSE;
  double own = 0;
  g_autoptr (FrPix) scan = page_scan (pp, w_pt, h_pt, &own, &broken);
  if (broken)
    return -1;
  double dpi = read_dpi (own, w_pt, h_pt);
  g_autoptr (FrPix) gray = page_image (pp, scan, w_pt, h_pt, own, dpi);
  if (gray == NULL)
    return -1;
  despeckle (gray, dpi);
  float angle = 0, conf = 0;
  /* Leptonica's skew search on the page, the image rotated by what it finds (a clone when
   * nothing is found or the finding is unsure) */
  g_autoptr (FrPix) straight = pixFindSkewAndDeskew (gray, 2, &angle, &conf);
  if (straight == NULL)
    straight = pixClone (gray);

  const char *dump = g_getenv ("FINREP_DEBUG_OCR_IMAGES");   /* a folder: each page's image */
  if (dump != NULL) {
    g_autofree char *name = g_strdup_printf ("%s/page-%u.png", dump, page->index + 1);
    pixWrite (name, straight, IFF_PNG);
  }
  FrRulings *rules = image_rulings (straight, dpi);
  g_autoptr (GArray) cells = table_cells (rules, dpi, pixGetWidth (straight), pixGetHeight (straight));
  int mean = 0;
  g_autoptr (GArray) raw = read_rest (e, straight, dpi, cells, &mean);
  if (raw == NULL) {
    fr_rulings_free (rules);
    return -1;
  }
  int turned = 0;
  /* a page whose text is all in its ruled cells reads nothing around them: its confidence (0)
   * says nothing of its turn, and the turned reading, of a rule's remnants or nothing, is no
   * better judge (a page of one table, upright, was read upside down) */
  if (mean < RETRY_TURNED_BELOW && first_line (raw, 0) != NULL && engine_osd (e) != NULL) {
    int deg = 0;
    float oconf = 0, sconf = 0;
    const char *script = NULL;
    TessBaseAPISetImage2 (e->osd, straight);
    TessBaseAPISetSourceResolution (e->osd, (int) dpi);
    if (TessBaseAPIDetectOrientationScript (e->osd, &deg, &oconf, &script, &sconf) && deg % 360 != 0
        && oconf > 1.0f) {
      /* the page shows the text turned by deg counter-clockwise: turn it back clockwise */
      int quads = ((360 - deg) / 90) % 4;
      g_autoptr (FrPix) upright = pixRotateOrth (straight, quads);
      if (upright != NULL) {
        FrRulings *rules2 = image_rulings (upright, dpi);
        g_autoptr (GArray) cells2 = table_cells (rules2, dpi, pixGetWidth (upright), pixGetHeight (upright));
        int mean2 = 0;
        g_autoptr (GArray) raw2 = read_rest (e, upright, dpi, cells2, &mean2);
        if (raw2 != NULL && mean2 > mean) {
          g_array_unref (raw);
          raw = g_steal_pointer (&raw2);
          g_array_unref (cells);
          cells = g_steal_pointer (&cells2);
          fr_rulings_free (rules);
          rules = g_steal_pointer (&rules2);
          pixDestroy (&straight);
          straight = g_steal_pointer (&upright);
          mean = mean2;
          turned = quads * 90;
        }
        fr_rulings_free (rules2);
      }
    }
  }
  reread_text_figures (e, straight, dpi, raw, 0);
  /* a scan scaled up is read smoothed in its cells (CELL_SOFTEN_SCAN_PX); one read at its own
   * pixels (or a page drawn) shows its digits' glyphs apart, to be counted */
  gboolean scaled = own > 0 && round (own) < SCALE_BELOW;
  double soften = scaled ? CELL_SOFTEN_SCAN_PX * dpi / round (own) : 0;
  read_cells (e, straight, dpi, soften, !scaled, cells, raw, page->index + 1, doc->warnings);
  TessBaseAPIClear (e->api);
  if (turned == 90 || turned == 270) {
    float t = page->width;
    page->width = page->height;
    page->height = t;
  }

  g_ptr_array_set_size (page->lines, 0);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (OutLine));
  emit_lines (raw, page, doc, dpi, rules, out);
  order_lines (out);
  int glyphs = 0;
  for (guint i = 0; i < out->len; i++) {
    const OutLine *o = &g_array_index (out, OutLine, i);
    glyphs += (int) o->line->glyphs->len;
    /* a line of few characters is a page number or a cell: its confidence says little */
    if (o->conf < FR_OCR_LOW_CONFIDENCE && g_utf8_strlen (o->line->text, -1) >= 4) {
      if (ws->warned < MAX_LINE_WARNINGS) {
        g_ptr_array_add (doc->warnings,
                         g_strdup_printf ("page %u: a line read by OCR with low confidence (%.0f%%): %s",
                                          page->index + 1, o->conf, o->line->text));
        ws->warned++;
      } else {
        ws->unwarned++;
      }
    }
    g_ptr_array_add (page->lines, o->line);
  }

  if (doc->ocr_rulings == NULL)
    doc->ocr_rulings = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_rulings_free);
  if (doc->ocr_rulings->len < doc->pages->len)
    g_ptr_array_set_size (doc->ocr_rulings, (gint) doc->pages->len);
  fr_rulings_free (g_ptr_array_index (doc->ocr_rulings, page->index));
  g_ptr_array_index (doc->ocr_rulings, page->index) = rules;

  /* printed by the caller: standard error is off while a page is read */
  if (g_getenv ("FINREP_DEBUG_OCR"))
    *debug = g_strdup_printf ("ocr: page %u: image %.0f dpi, read at %.0f dpi, skew %.2f° (confidence %.1f), "
             "turned %d°, mean confidence %d, %u table cells, %u lines, %.2f s\n",
             page->index + 1, own, dpi, angle, conf, turned, mean, cells->len, out->len,
             (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
  return glyphs;
}

gboolean
fr_ocr_pages (FrDocument *doc, gpointer pdoc, GArray *pages,
              void (*on_page) (guint page, gpointer data), gpointer data, GError **error)
{
  Engine *e = engine_get ();
  if (e->api == NULL) {
    g_set_error (error, FR_ERROR, FR_ERROR_NO_TEXT_LAYER, "%s", e->why_not);
    return FALSE;
  }
  WarnState ws = { 0 };
  guint read = 0, broken = 0;
  for (guint i = 0; i < pages->len; i++) {
    guint index = g_array_index (pages, guint, i);
    if (index >= doc->pages->len)
      continue;
    FrPage *page = g_ptr_array_index (doc->pages, index);
    if (on_page)
      on_page (index, data);
    g_autoptr (FrOcrPage) pp = poppler_document_get_page (POPPLER_DOCUMENT (pdoc), (int) index);
    int quiet_saved = stderr_off ();
    g_autofree char *debug = NULL;
    int n = pp ? read_page (e, doc, pp, page, &ws, &debug) : -1;
    stderr_on (quiet_saved);
    if (debug != NULL)
      fprintf (stderr, "%s", debug);
    if (n < 0) {
      broken++;
      g_ptr_array_add (doc->warnings,
                       g_strdup_printf ("page %u: its image cannot be decoded; the page is left empty",
                                        index + 1));
      continue;
    }
    if (doc->ocr_pages == NULL)
      doc->ocr_pages = g_array_new (FALSE, FALSE, sizeof (guint));
    g_array_append_val (doc->ocr_pages, index);
    if (n > 0)
      read++;
  }
  if (ws.unwarned > 0)
    g_ptr_array_add (doc->warnings,
                     g_strdup_printf ("%d more lines read by OCR with low confidence", ws.unwarned));
  if (read == 0 && pages->len > 0) {
    if (broken == pages->len)
      g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED,
                   "the page images cannot be decoded (they show nothing)");
    else
      g_set_error (error, FR_ERROR, FR_ERROR_NO_TEXT_LAYER,
                   "OCR found no text on the %u page images", pages->len);
    return FALSE;
  }
  return TRUE;
}
