/* vector.cc — ruling lines from the page's drawing (see vector.h).
 *
 * C++ only because Poppler's content interpreter (Gfx) talks to an OutputDev, a C++ class;
 * the glib binding offers no paths (HACKING.md, "Ruling lines").  The interpreter runs once a
 * page, in the text pass (textpass.cc), and hands every path it paints to a DrawingSink here,
 * which keeps what can be a rule; a band's rules are then made from what was kept, without
 * running the page again.  The file keeps to a C interface and a C manner: no exceptions
 * cross it, nothing of Poppler's leaks out.
 */
#include <algorithm>
#include <cmath>
#include <vector>

#include <GfxState.h>

#include "drawing.hh"

extern "C" {
#include "vector.h"
}

namespace fr {

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

bool
dark (const GfxRGB &rgb, double opacity)
{
  double r = colToDbl (rgb.r), g = colToDbl (rgb.g), b = colToDbl (rgb.b);
  /* over white paper, as a render composes it */
  double lum = 255.0 * (1.0 - opacity * (1.0 - (0.299 * r + 0.587 * g + 0.114 * b)));
  return lum < DARK;
}

/* a dash pattern whose marks are shorter than a rule shows in a render as short runs only */
bool
dashed_short (GfxState *state, const std::vector<double> &dash)
{
  double on = 0;
  for (size_t i = 0; i < dash.size (); i += 2)
    on = std::max (on, state->transformWidth (dash[i]));
  return on < MIN_LEN_PT;
}

/* a piece cut to the clip along its length; none when nothing is left */
void
add_piece (std::vector<Piece> &to, double a, double b, double lo, double hi, double clip_a, double clip_b)
{
  a = std::max (a, clip_a);
  b = std::min (b, clip_b);
  if (b - a <= 0)
    return;
  to.push_back ({ a, b, lo, hi });
}

} // namespace

void
DrawingSink::add_line (GfxState *state, double x0, double y0, double x1, double y1, double lw)
{
  double cx0, cy0, cx1, cy1;
  state->getClipBBox (&cx0, &cy0, &cx1, &cy1);
  if (std::fabs (y1 - y0) < 0.5) {
    double y = (y0 + y1) / 2;
    if (y < cy0 - lw / 2 || y > cy1 + lw / 2)
      return;
    /* a stroke's ends reach half the line width further only with a square or round cap;
     * a render's pixels hardly tell, so the bare ends are kept */
    add_piece (d.h, std::min (x0, x1), std::max (x0, x1), y - lw / 2, y + lw / 2, cx0, cx1);
  } else if (std::fabs (x1 - x0) < 0.5) {
    double x = (x0 + x1) / 2;
    if (x < cx0 - lw / 2 || x > cx1 + lw / 2)
      return;
    add_piece (d.v, std::min (y0, y1), std::max (y0, y1), x - lw / 2, x + lw / 2, cy0, cy1);
  }
}

void
DrawingSink::stroke (GfxState *state)
{
  if (full ())
    return;
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

void
DrawingSink::fill (GfxState *state)
{
  if (full ())
    return;
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
      d.h.push_back ({ x0, x1, y0, y1 });
    else if (w <= MAX_THICK_PT && ht > w)
      d.v.push_back ({ y0, y1, x0, x1 });
    /* else a fill: thick, and dark; a render drops it as no rule */
    else
      d.fills.push_back ({ x0, x1, y0, y1 });
    if (d.h.size () + d.v.size () > MAX_PIECES) {
      /* every band of the page is rendered from now on: what is kept is of no more use */
      d.overflow_at = d.marks.size ();
      d.h = std::vector<Piece> ();
      d.v = std::vector<Piece> ();
      d.fills = std::vector<Piece> ();
      return;
    }
  }
}

void
DrawingSink::mark (GfxState *state, const char *what)
{
  if (full ())
    return;
  double x0, y0, x1, y1;
  state->getClipBBox (&x0, &y0, &x1, &y1);
  d.marks.push_back ({ what, y0, y1 });
}

namespace {

int
root_of (std::vector<int> &g, int i)
{
  while (g[i] != i)
    i = g[i] = g[g[i]];
  return i;
}

/* Pieces that touch are one rule, as runs on neighbouring pixel lines are in a render; a
 * group thicker than a rule is a fill and dropped; a rule shorter than MIN_LEN_PT too.
 * pieces is a copy, in drawing order, which is sorted here. */
void
join (std::vector<Piece> pieces, bool vertical, double band_y0, double band_y1, GArray *out)
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

} // namespace

} // namespace fr

extern "C" FrRulings *
fr_page_rulings_vector (const FrDocument *doc, guint page_index, float clip_y0, float clip_y1, const char **why)
{
  using fr::Piece;
  *why = nullptr;
  if (doc->pdf == nullptr || page_index >= doc->pages->len) {
    *why = "no PDF";
    return nullptr;
  }
  const fr::Drawings *all = static_cast<const fr::Drawings *> (doc->pdf_vector);
  const fr::Drawing *d = all && page_index < all->pages.size () ? all->pages[page_index].get () : nullptr;
  if (d == nullptr) {
    *why = "the page's drawing was not read";
    return nullptr;
  }
  double band_y0 = clip_y0, band_y1 = clip_y1;
  bool whole = band_y1 <= band_y0;
  /* the first thing the drawing cannot show that lies in the band, in drawing order */
  for (size_t i = 0; i < d->marks.size (); i++) {
    const fr::Mark &m = d->marks[i];
    if (whole || (m.y1 > band_y0 && m.y0 < band_y1)) {
      *why = m.what;
      return nullptr;
    }
  }
  if (d->overflow_at != SIZE_MAX) {
    *why = "thousands of tiny paths";
    return nullptr;
  }
  /* a dark fill in the band swallows the rules it touches in a render: not a path's work */
  if (std::any_of (d->fills.begin (), d->fills.end (), [&] (const Piece &f) {
        return clip_y1 <= clip_y0 || (f.hi > clip_y0 && f.lo < clip_y1);
      })) {
    *why = "a dark fill";
    return nullptr;
  }
  FrRulings *r = static_cast<FrRulings *> (g_malloc0 (sizeof (FrRulings)));
  r->h = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  r->v = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  fr::join (d->h, false, clip_y0, clip_y1, r->h);
  fr::join (d->v, true, clip_y0, clip_y1, r->v);
  return r;
}

extern "C" void
fr_vector_cache_free (gpointer p)
{
  delete static_cast<fr::Drawings *> (p);
}
