/* vector.cc — ruling lines from the page's drawing (see vector.h).
 *
 * C++ only because Poppler's content interpreter (Gfx) talks to an OutputDev, a C++ class;
 * the glib binding offers no paths (HACKING.md, "Ruling lines").  The file keeps to a C
 * interface and a C manner: no exceptions cross it, nothing of Poppler's leaks out.
 */
#include <cmath>
#include <memory>
#include <vector>
#include <algorithm>

#include <Error.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Stream.h>

extern "C" {
#include "textless.h"
#include "vector.h"
}

namespace {

/* As render.c: a rule is longer than a glyph stroke and thinner than a fill; ink is darker
 * than this luminance (0-255). */
constexpr double MIN_LEN_PT = 12.0;
constexpr double MAX_THICK_PT = 3.0;
constexpr double DARK = 200.0;
/* Pieces this close (points) touch, as a render's pixels (1/1.5 pt) and its one-pixel gap
 * tolerance would join them. */
constexpr double JOIN_PT = 1.4;
/* A page of more pieces than this is drawn in tiny strokes (hatching, a chart): rendered. */
constexpr size_t MAX_PIECES = 20000;

/* One dark axis-parallel piece: along [a, b] at [lo, hi] across (points, device space). */
struct Piece {
  double a, b, lo, hi;
};

class RuleDev : public OutputDev
{
public:
  std::vector<Piece> h, v;
  double band_y0 = 0, band_y1 = 0;   /* band_y1 <= band_y0: the whole page */
  const char *unsettled = nullptr;

  bool upsideDown () override { return true; }
  bool useDrawChar () override { return false; }
  bool interpretType3Chars () override { return false; }
  bool needCharCount () override { return false; }
  /* tiling patterns and shadings come to us whole, so that we can see them */
  bool useTilingPatternFill () override { return true; }
  bool useShadedFills (int) override { return true; }

  void stroke (GfxState *state) override
  {
    GfxRGB rgb;
    state->getStrokeRGB (&rgb);
    if (!dark (rgb, state->getStrokeOpacity ()))
      return;
    double lw = std::max (state->getTransformedLineWidth (), 0.5);
    if (lw > MAX_THICK_PT)
      return;
    double dash_start;
    const std::vector<double> &dash = state->getLineDash (&dash_start);
    if (!dash.empty () && dashed_short (state, dash))
      return;
    const GfxPath *path = state->getPath ();
    for (int i = 0; i < path->getNumSubpaths (); i++) {
      const GfxSubpath *sp = path->getSubpath (i);
      int n = sp->getNumPoints ();
      for (int j = 1; j <= n; j++) {
        if (j == n && !sp->isClosed ())
          break;
        int k = j == n ? 0 : j;
        if (sp->getCurve (k) || sp->getCurve (j - 1))
          continue;
        double x0, y0, x1, y1;
        state->transform (sp->getX (j - 1), sp->getY (j - 1), &x0, &y0);
        state->transform (sp->getX (k), sp->getY (k), &x1, &y1);
        add_line (state, x0, y0, x1, y1, lw);
      }
    }
  }

  void fill (GfxState *state) override { fill_rects (state); }
  void eoFill (GfxState *state) override { fill_rects (state); }

  /* what a path reader cannot see: say so where it lies in the band */
  bool tilingPatternFill (GfxState *state, Gfx *, Catalog *, GfxTilingPattern *, const double *,
                          int, int, int, int, double, double) override
  {
    mark (state, "a pattern fill");
    return true;
  }
  bool functionShadedFill (GfxState *state, GfxFunctionShading *) override { return mark (state, "a shading"); }
  bool axialShadedFill (GfxState *state, GfxAxialShading *, double, double) override { return mark (state, "a shading"); }
  bool radialShadedFill (GfxState *state, GfxRadialShading *, double, double) override { return mark (state, "a shading"); }
  bool gouraudTriangleShadedFill (GfxState *state, GfxGouraudTriangleShading *) override { return mark (state, "a shading"); }
  bool patchMeshShadedFill (GfxState *state, GfxPatchMeshShading *) override { return mark (state, "a shading"); }

  void drawImageMask (GfxState *state, Object *, Stream *, int, int, bool, bool, bool) override { mark (state, "an image"); }
  void drawImage (GfxState *state, Object *, Stream *, int, int, GfxImageColorMap *, bool, const int *, bool) override
  {
    mark (state, "an image");
  }
  void drawMaskedImage (GfxState *state, Object *, Stream *, int, int, GfxImageColorMap *, bool, Stream *, int, int,
                        bool, bool) override
  {
    mark (state, "an image");
  }
  void drawSoftMaskedImage (GfxState *state, Object *, Stream *, int, int, GfxImageColorMap *, bool, Stream *, int,
                            int, GfxImageColorMap *, bool) override
  {
    mark (state, "an image");
  }

private:
  static bool dark (const GfxRGB &rgb, double opacity)
  {
    double r = colToDbl (rgb.r), g = colToDbl (rgb.g), b = colToDbl (rgb.b);
    /* over white paper, as a render composes it */
    double lum = 255.0 * (1.0 - opacity * (1.0 - (0.299 * r + 0.587 * g + 0.114 * b)));
    return lum < DARK;
  }

  /* a dash pattern whose marks are shorter than a rule shows in a render as short runs only */
  static bool dashed_short (GfxState *state, const std::vector<double> &dash)
  {
    double on = 0;
    for (size_t i = 0; i < dash.size (); i += 2)
      on = std::max (on, state->transformWidth (dash[i]));
    return on < MIN_LEN_PT;
  }

  /* is [lo, hi] of the cross axis (y for a horizontal piece) inside the band and the clip? */
  void add_piece (std::vector<Piece> &to, double a, double b, double lo, double hi, double clip_a, double clip_b)
  {
    a = std::max (a, clip_a);
    b = std::min (b, clip_b);
    if (b - a <= 0)
      return;
    to.push_back ({ a, b, lo, hi });
  }

  void add_line (GfxState *state, double x0, double y0, double x1, double y1, double lw)
  {
    double cx0, cy0, cx1, cy1;
    state->getClipBBox (&cx0, &cy0, &cx1, &cy1);
    if (std::fabs (y1 - y0) < 0.5) {
      double y = (y0 + y1) / 2;
      if (y < cy0 - lw / 2 || y > cy1 + lw / 2)
        return;
      /* a stroke's ends reach half the line width further only with a square or round cap;
       * a render's pixels hardly tell, so the bare ends are kept */
      add_piece (h, std::min (x0, x1), std::max (x0, x1), y - lw / 2, y + lw / 2, cx0, cx1);
    } else if (std::fabs (x1 - x0) < 0.5) {
      double x = (x0 + x1) / 2;
      if (x < cx0 - lw / 2 || x > cx1 + lw / 2)
        return;
      add_piece (v, std::min (y0, y1), std::max (y0, y1), x - lw / 2, x + lw / 2, cy0, cy1);
    }
  }

  void fill_rects (GfxState *state)
  {
    GfxRGB rgb;
    state->getFillRGB (&rgb);
    if (!dark (rgb, state->getFillOpacity ()))
      return;
    double cx0, cy0, cx1, cy1;
    state->getClipBBox (&cx0, &cy0, &cx1, &cy1);
    const GfxPath *path = state->getPath ();
    for (int i = 0; i < path->getNumSubpaths (); i++) {
      const GfxSubpath *sp = path->getSubpath (i);
      int n = sp->getNumPoints ();
      if (n < 4 || n > 5)
        continue;
      double xs[5], ys[5];
      bool straight = true;
      for (int j = 0; j < n; j++) {
        straight = straight && !sp->getCurve (j);
        state->transform (sp->getX (j), sp->getY (j), &xs[j], &ys[j]);
      }
      if (!straight)
        continue;
      if (n == 5 && (std::fabs (xs[4] - xs[0]) > 0.5 || std::fabs (ys[4] - ys[0]) > 0.5))
        continue;
      /* an axis-parallel rectangle: its sides alternate horizontal and vertical */
      bool rect = true;
      for (int j = 0; j < 4 && rect; j++) {
        int k = (j + 1) % 4;
        bool hside = std::fabs (ys[k] - ys[j]) < 0.5, vside = std::fabs (xs[k] - xs[j]) < 0.5;
        rect = hside || vside;
      }
      if (!rect)
        continue;
      double x0 = *std::min_element (xs, xs + 4), x1 = *std::max_element (xs, xs + 4);
      double y0 = *std::min_element (ys, ys + 4), y1 = *std::max_element (ys, ys + 4);
      /* hairline fills still blacken a pixel row in a render */
      if (x1 - x0 < 0.5) {
        double m = (x0 + x1) / 2;
        x0 = m - 0.25, x1 = m + 0.25;
      }
      if (y1 - y0 < 0.5) {
        double m = (y0 + y1) / 2;
        y0 = m - 0.25, y1 = m + 0.25;
      }
      if (x1 < cx0 || x0 > cx1 || y1 < cy0 || y0 > cy1)
        continue;
      x0 = std::max (x0, cx0), x1 = std::min (x1, cx1);
      y0 = std::max (y0, cy0), y1 = std::min (y1, cy1);
      double w = x1 - x0, ht = y1 - y0;
      if (ht <= MAX_THICK_PT && w >= ht)
        h.push_back ({ x0, x1, y0, y1 });
      else if (w <= MAX_THICK_PT && ht > w)
        v.push_back ({ y0, y1, x0, x1 });
      /* else a fill: thick, and dark; a render drops it as no rule */
      else
        fills.push_back ({ x0, x1, y0, y1 });
      if (h.size () + v.size () > MAX_PIECES && unsettled == nullptr)
        unsettled = "thousands of tiny paths";
    }
  }

  bool mark (GfxState *state, const char *what)
  {
    double x0, y0, x1, y1;
    state->getClipBBox (&x0, &y0, &x1, &y1);
    if (unsettled == nullptr && (band_y1 <= band_y0 || (y1 > band_y0 && y0 < band_y1)))
      unsettled = what;
    return true;
  }

public:
  std::vector<Piece> fills;   /* dark areas: in a render they swallow the rules they touch */
};

/* The document's own parse, made on first use and kept with the FrDocument. */
struct Cache {
  GBytes *bytes;
  std::unique_ptr<PDFDoc> doc;
};

int
root_of (std::vector<int> &g, int i)
{
  while (g[i] != i)
    i = g[i] = g[g[i]];
  return i;
}

/* Pieces that touch are one rule, as runs on neighbouring pixel lines are in a render; a
 * group thicker than a rule is a fill and dropped; a rule shorter than MIN_LEN_PT too. */
void
join (std::vector<Piece> &pieces, bool vertical, double band_y0, double band_y1, GArray *out)
{
  size_t n = pieces.size ();
  if (n == 0)
    return;
  std::sort (pieces.begin (), pieces.end (), [] (const Piece &p, const Piece &q) { return p.lo < q.lo; });
  std::vector<int> g (n);
  for (size_t i = 0; i < n; i++)
    g[i] = (int) i;
  for (size_t i = 0; i < n; i++)
    for (size_t k = i + 1; k < n && pieces[k].lo <= pieces[i].hi + JOIN_PT; k++)
      if (pieces[k].a <= pieces[i].b + JOIN_PT && pieces[i].a <= pieces[k].b + JOIN_PT)
        g[root_of (g, (int) k)] = root_of (g, (int) i);
  std::vector<Piece> grp (n, Piece { G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE });
  for (size_t i = 0; i < n; i++) {
    Piece &e = grp[root_of (g, (int) i)];
    e.a = std::min (e.a, pieces[i].a);
    e.b = std::max (e.b, pieces[i].b);
    e.lo = std::min (e.lo, pieces[i].lo);
    e.hi = std::max (e.hi, pieces[i].hi);
  }
  for (size_t i = 0; i < n; i++) {
    const Piece &e = grp[i];
    if (e.b < e.a || e.hi - e.lo > MAX_THICK_PT + 0.5 || e.b - e.a < MIN_LEN_PT)
      continue;
    double mid = (e.lo + e.hi) / 2;
    FrSegment s;
    if (vertical) {
      double a = e.a, b = e.b;
      if (band_y1 > band_y0) {
        a = std::max (a, (double) band_y0);
        b = std::min (b, (double) band_y1);
        if (b - a < MIN_LEN_PT)
          continue;
      }
      s = { (float) mid, (float) a, (float) mid, (float) b };
    } else {
      if (band_y1 > band_y0 && (mid < band_y0 || mid > band_y1))
        continue;
      s = { (float) e.a, (float) mid, (float) e.b, (float) mid };
    }
    g_array_append_val (out, s);
  }
}

/* Poppler reports a broken content stream on stderr through its error callback; the render
 * that stands behind this route says nothing either. */
void
quiet (ErrorCategory, Goffset, const char *)
{
}

Cache *
cache_of (const FrDocument *doc)
{
  FrDocument *d = const_cast<FrDocument *> (doc);   /* the cache lives in the document, read-only otherwise */
  if (d->pdf_vector)
    return static_cast<Cache *> (d->pdf_vector);
  if (d->pdf_bytes == nullptr)
    return nullptr;
  if (!globalParams)
    globalParams = std::make_unique<GlobalParams> ();
  setErrorCallback (quiet);
  Cache *c = new Cache ();
  /* the copy without font resources (textless.h): Poppler builds every font of a page's
   * resources before it runs the page, two thirds of this route's time with them, and none
   * is of use for paths */
  guint renamed = 0;
  c->bytes = fr_pdf_without_text (d->pdf_bytes, &renamed);
  if (c->bytes == nullptr)
    c->bytes = g_bytes_ref (d->pdf_bytes);
  gsize len = 0;
  const char *data = static_cast<const char *> (g_bytes_get_data (c->bytes, &len));
  c->doc = std::make_unique<PDFDoc> (new MemStream (data, 0, (Goffset) len, Object (objNull)));
  d->pdf_vector = c;
  return c;
}

} // namespace

extern "C" FrRulings *
fr_page_rulings_vector (const FrDocument *doc, guint page_index, float clip_y0, float clip_y1, const char **why)
{
  *why = nullptr;
  if (doc->pdf == nullptr || page_index >= doc->pages->len) {
    *why = "no PDF";
    return nullptr;
  }
  Cache *c = cache_of (doc);
  if (c == nullptr || !c->doc->isOk () || c->doc->getNumPages () != (int) doc->pages->len) {
    *why = "the PDF does not parse the same twice";
    return nullptr;
  }
  RuleDev dev;
  dev.band_y0 = clip_y0;
  dev.band_y1 = clip_y1;
  /* 72 dpi: device space is points; the crop box, turned by the page's /Rotate, as the text
   * pass and poppler_page_render see it */
  c->doc->displayPage (&dev, (int) page_index + 1, 72, 72, 0, false, true, false);
  if (dev.unsettled) {
    *why = dev.unsettled;
    return nullptr;
  }
  /* a dark fill in the band swallows the rules it touches in a render: not a path's work */
  if (std::any_of (dev.fills.begin (), dev.fills.end (), [&] (const Piece &f) {
        return clip_y1 <= clip_y0 || (f.hi > clip_y0 && f.lo < clip_y1);
      })) {
    *why = "a dark fill";
    return nullptr;
  }
  FrRulings *r = static_cast<FrRulings *> (g_malloc0 (sizeof (FrRulings)));
  r->h = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  r->v = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  join (dev.h, false, clip_y0, clip_y1, r->h);
  join (dev.v, true, clip_y0, clip_y1, r->v);
  return r;
}

extern "C" void
fr_vector_cache_free (gpointer p)
{
  Cache *c = static_cast<Cache *> (p);
  if (c == nullptr)
    return;
  c->doc.reset ();
  g_bytes_unref (c->bytes);
  delete c;
}
