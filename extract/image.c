/* image.c — a page as a small PNG for a person to look at (finrep show's HTML view): Poppler
 * draws it with cairo, and it is stored as 8-bit grey with 16 levels, which keeps a text page
 * near 50 kB at 90 dpi (colour would triple that, and the boxes on top carry the colour).
 * And the release of what drawing leaves cached. */
#include "extract.h"
#include "pdflib.h"

#include <math.h>

static cairo_status_t
append_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
fr_render_page_png (const FrDocument *doc, guint page, double dpi, GError **error)
{
  if (doc->pdf == NULL) {
    g_set_error (error, FR_ERROR, FR_ERROR_UNSUPPORTED, "no PDF behind the document to draw");
    return NULL;
  }
  PopplerDocument *pdoc = fr_pdf_poppler (doc, error);
  if (pdoc == NULL)
    return NULL;
  PopplerPage *pp = poppler_document_get_page (pdoc, (int) page);
  if (pp == NULL) {
    g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED, "page %u cannot be read", page + 1);
    return NULL;
  }
  /* the size and the drawing are both in the page's displayed orientation (/Rotate applied),
   * as the boxes are */
  double w, h;
  poppler_page_get_size (pp, &w, &h);
  double scale = dpi / 72.0;
  int pw = MAX (1, (int) ceil (w * scale)), ph = MAX (1, (int) ceil (h * scale));

  cairo_surface_t *rgb = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *cr = cairo_create (rgb);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (pp, cr);
  g_object_unref (pp);
  cairo_status_t st = cairo_status (cr);
  cairo_destroy (cr);
  if (st != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (rgb);
    g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED, "page %u cannot be drawn: %s", page + 1,
                 cairo_status_to_string (st));
    return NULL;
  }
  cairo_surface_flush (rgb);

  /* cairo writes an A8 surface as an 8-bit grey PNG: put the luminance there */
  cairo_surface_t *grey = cairo_image_surface_create (CAIRO_FORMAT_A8, pw, ph);
  const unsigned char *src = cairo_image_surface_get_data (rgb);
  unsigned char *dst = cairo_image_surface_get_data (grey);
  int ss = cairo_image_surface_get_stride (rgb), ds = cairo_image_surface_get_stride (grey);
  for (int y = 0; y < ph; y++) {
    const guint32 *s = (const guint32 *) (src + (gsize) y * ss);
    unsigned char *d = dst + (gsize) y * ds;
    for (int x = 0; x < pw; x++) {
      guint32 px = s[x];
      guint r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
      guint l = (r * 77 + g * 150 + b * 29) >> 8;
      /* 16 levels are plenty for anti-aliased text and compress far better than 256 */
      l = (l + 8) / 17 * 17;
      d[x] = (unsigned char) MIN (l, 255u);
    }
  }
  cairo_surface_mark_dirty (grey);
  cairo_surface_destroy (rgb);

  GByteArray *png = g_byte_array_new ();
  st = cairo_surface_write_to_png_stream (grey, append_png, png);
  cairo_surface_destroy (grey);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_byte_array_unref (png);
    g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED, "page %u cannot be encoded: %s", page + 1,
                 cairo_status_to_string (st));
    return NULL;
  }
  return g_byte_array_free_to_bytes (png);
}

void
fr_release_caches (void)
{
  /* cairo keeps the FreeType faces of every document rendered (the tables stage renders
   * pages for their ruling lines) in its font caches, some MiB a document; nothing when no
   * page was drawn (pdflib.h) */
  if (fr_pdf_lib_loaded ())
    cairo_debug_reset_static_data ();
}
