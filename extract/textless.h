/* textless.h — a copy of a PDF that renders without its text.
 *
 * The tables stage renders pages only for their ruling lines, and in such a render the
 * glyphs are all cost: Poppler decodes and parses each embedded font on a document's first
 * render (25 ms for a generated report's three CJK fonts) and rasterises every glyph, while
 * the rules it is after are a few paths.  Poppler's glib API cannot leave text out, but
 * Poppler draws no text in a font it cannot find: so the copy has each font resource key
 * (`/Font`) renamed to `/Fonx`, in place, which keeps every byte offset and the xref
 * valid.  Keys inside Flate object streams are renamed too, the stream recompressed and
 * padded to its old length when it fits.  What a copy cannot rename keeps its text: the
 * render is then as before, slower, never wrong.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The copy, or NULL when no font key was found to rename.  *renamed counts the keys. */
GBytes *fr_pdf_without_text (GBytes *pdf, guint *renamed);

/* The data of one zlib (Flate) stream, inflated whole (g_free); NULL when it is damaged, ends
 * early, is followed by more than a line end, or inflates past max_out bytes.  The copy
 * inflates object streams with it, the text pass page contents (textpass.cc). */
guint8 *fr_inflate_all (const guint8 *in, gsize n, gsize max_out, gsize *out_len);

G_END_DECLS
