/* vector.h — the ruling lines of one PDF page, read from the page's drawing.
 *
 * A ruled table's lines are paths: thin filled rectangles (`re f`) or stroked segments
 * (`m l S`).  Poppler's own interpreter runs the page's content (form XObjects, the current
 * transformation, clipping) once, in the text pass (textpass.h), and a sink of ours keeps the
 * dark axis-parallel pieces, in points, in the page's displayed orientation, with the
 * document (doc->pdf_vector); nothing is rasterised and no page is run again here.
 * Pieces are then joined the way a render's pixels would join them, so the result means what
 * render.h's does: segments at least a few ems long, thin (fills thicker than MAX_THICK_PT
 * are not rules).
 *
 * Where the drawing cannot settle the band (an image, a shading or a pattern in it: lines drawn
 * that way are invisible to a path reader; or thousands of tiny paths), the answer is NULL and
 * *why says which: the caller renders instead.
 */
#pragma once

#include <glib.h>

#include "document.h"
#include "render.h"

G_BEGIN_DECLS

/* The rules of the page, or of its band [clip_y0, clip_y1] (clip_y1 <= clip_y0: the whole
 * page).  NULL when the drawing cannot settle it: *why (static) then says why. */
FrRulings *fr_page_rulings_vector (const FrDocument *doc, guint page, float clip_y0, float clip_y1,
                                   const char **why);

/* Frees what the text pass kept of a document's drawings (doc->pdf_vector). */
void fr_vector_cache_free (gpointer cache);

G_END_DECLS
