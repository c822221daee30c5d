/* render.h — the ruling lines of one PDF page, found in a cairo render.
 *
 * Poppler's glib API exposes no vector paths, so a table's rules are found in pixels: the page
 * is rendered once, at a modest resolution, and long thin dark runs become segments, in
 * points, in the page's displayed orientation.  Runs shorter than a few ems (glyph strokes)
 * and thick ones (filled areas) are dropped.  The render is of a copy of the document without
 * its text (textless.h), made on the first call: no fonts to load, no glyphs to draw, no
 * glyph strokes taken for rules.  Still costly (the render parses the whole page): call it
 * only for pages whose table text leaves the grid in doubt, and keep the result.
 */
#pragma once

#include <glib.h>

#include "document.h"

G_BEGIN_DECLS

typedef struct {
  float x0, y0, x1, y1;   /* a horizontal segment has y0 == y1, a vertical one x0 == x1 */
} FrSegment;

typedef struct {
  GArray *h, *v;          /* of FrSegment */
  const char *route;      /* "vector" (read from the drawing) or "render" (from pixels) */
  const char *why_render; /* route "render": what the drawing could not settle (static) */
} FrRulings;

/* The rules of a page, or only of the band [clip_y0, clip_y1] of it; a clip with
 * clip_y1 <= clip_y0 means the whole page.  Read from the page's drawing (vector.h) where that
 * settles the band, else from a render of the band (glyphs outside it are not drawn, which is
 * most of a render's cost when a table fills part of a page).  FINREP_DEBUG_RULINGS=render
 * always renders (to compare the two routes).  NULL when the document has no PDF behind it or
 * the page cannot be rendered. */
FrRulings *fr_page_rulings (const FrDocument *doc, guint page, float clip_y0, float clip_y1);
void fr_rulings_free (FrRulings *r);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrRulings, fr_rulings_free)

G_END_DECLS
