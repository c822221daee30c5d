/* pdflib.h — poppler-glib and cairo, loaded when a document first needs them.
 *
 * Reading a PDF's text needs only Poppler's core (textpass.h, pdfcore.h).  poppler-glib and
 * cairo draw pages (a render for ruling lines the drawing cannot settle, finrep show's page
 * images, a scanned page's image for OCR), walk a tagged PDF's structure tree, and read a file
 * Poppler's core cannot open on its own.  Linked in, they brought 25 libraries (GIO, GObject,
 * cairo, pixman, X11 and xcb, libmount, libselinux…) into every finrep process, and the
 * dynamic loader's work on them was a fifth of a one-page `finrep extract` (README, "One
 * interpreter run a page, and the start-up"); most files need none of it.  So render.c,
 * tagged.c, image.c, ocr.c and pdf.c's fallback reach the functions they use through the
 * table below, filled by dlopen on first use (as ocrlib.h does for Tesseract), and call them
 * by their own names through the macros at the end.  cairo and GObject come as poppler-glib's
 * dependencies: dlsym on its handle finds their functions too.
 *
 * doc->pdf is an FrPdf: the document's PopplerDocument, opened from doc->pdf_bytes on first
 * need (fr_pdf_poppler).
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <poppler.h>

#include "document.h"

G_BEGIN_DECLS

#define FR_PDF_FUNCTIONS(F)                                                                  \
  F (g_object_ref) F (g_object_unref) F (poppler_error_quark)                                \
  F (poppler_document_new_from_bytes) F (poppler_document_get_n_pages)                       \
  F (poppler_document_get_page)                                                              \
  F (poppler_page_get_size) F (poppler_page_render) F (poppler_page_get_text)                \
  F (poppler_page_get_text_layout) F (poppler_page_get_text_attributes)                      \
  F (poppler_page_free_text_attributes) F (poppler_page_get_image_mapping)                   \
  F (poppler_page_free_image_mapping) F (poppler_page_get_image)                             \
  F (poppler_structure_element_iter_new) F (poppler_structure_element_iter_free)             \
  F (poppler_structure_element_iter_get_child) F (poppler_structure_element_iter_get_element) \
  F (poppler_structure_element_iter_next) F (poppler_structure_element_get_kind)             \
  F (poppler_structure_element_get_page) F (poppler_structure_element_get_text)              \
  F (cairo_create) F (cairo_destroy) F (cairo_status) F (cairo_status_to_string)             \
  F (cairo_paint) F (cairo_scale) F (cairo_translate) F (cairo_rectangle) F (cairo_clip)     \
  F (cairo_set_antialias) F (cairo_set_source_rgb) F (cairo_debug_reset_static_data)         \
  F (cairo_format_stride_for_width) F (cairo_image_surface_create)                           \
  F (cairo_image_surface_create_for_data) F (cairo_image_surface_get_data)                   \
  F (cairo_image_surface_get_format) F (cairo_image_surface_get_width)                       \
  F (cairo_image_surface_get_height) F (cairo_image_surface_get_stride)                      \
  F (cairo_surface_destroy) F (cairo_surface_flush) F (cairo_surface_mark_dirty)             \
  F (cairo_surface_reference) F (cairo_surface_status) F (cairo_surface_write_to_png_stream)

typedef struct {
/* name is a declarator here, which parentheses would break */
#define FR_PDF_FIELD(name) __typeof__ (&name) name; /* NOLINT(bugprone-macro-parentheses) */
  FR_PDF_FUNCTIONS (FR_PDF_FIELD)
#undef FR_PDF_FIELD
} FrPdfLib;

extern FrPdfLib fr_pdf_lib;

/* Loads poppler-glib once (any thread); FALSE with *why (a message kept for the life of
 * the process) when it cannot be loaded. */
gboolean fr_pdf_lib_load (const char **why);
/* Has it been loaded (and so is there anything of it to release)? */
gboolean fr_pdf_lib_loaded (void);

/* Runs what fr_set_before_drawing set, the first time it is called (any thread);
 * poppler_page_render calls it first. */
void fr_pdf_before_drawing (void);

/* What doc->pdf points to on the PDF route. */
typedef struct {
  GBytes *bytes;              /* the PDF */
  PopplerDocument *poppler;   /* opened on first need; NULL until then, or when it failed */
  gboolean tried;
} FrPdf;

/* bytes is referenced; poppler (may be NULL) is taken. */
FrPdf *fr_pdf_new (GBytes *bytes, PopplerDocument *poppler);
void fr_pdf_free (FrPdf *pdf);

/* doc's PopplerDocument (owned by doc), opened from its bytes on first need; NULL with
 * error when the document has no PDF behind it or poppler-glib cannot be loaded or cannot open
 * the bytes. */
PopplerDocument *fr_pdf_poppler (const FrDocument *doc, GError **error);

G_END_DECLS

/* the files that include this call the table by the functions' own names */
#ifndef FR_PDF_LIB_NO_MACROS
#define FR_PDF_CALL(name) (fr_pdf_lib.name)
/* GLib defines g_object_ref as a macro that keeps the argument's type */
#undef g_object_ref
#define g_object_ref FR_PDF_CALL (g_object_ref)
#define g_object_unref FR_PDF_CALL (g_object_unref)
#define poppler_error_quark FR_PDF_CALL (poppler_error_quark)
#define poppler_document_new_from_bytes FR_PDF_CALL (poppler_document_new_from_bytes)
#define poppler_document_get_n_pages FR_PDF_CALL (poppler_document_get_n_pages)
#define poppler_document_get_page FR_PDF_CALL (poppler_document_get_page)
#define poppler_page_get_size FR_PDF_CALL (poppler_page_get_size)
#define poppler_page_render(page, cr) (fr_pdf_before_drawing (), FR_PDF_CALL (poppler_page_render) (page, cr))
#define poppler_page_get_text FR_PDF_CALL (poppler_page_get_text)
#define poppler_page_get_text_layout FR_PDF_CALL (poppler_page_get_text_layout)
#define poppler_page_get_text_attributes FR_PDF_CALL (poppler_page_get_text_attributes)
#define poppler_page_free_text_attributes FR_PDF_CALL (poppler_page_free_text_attributes)
#define poppler_page_get_image_mapping FR_PDF_CALL (poppler_page_get_image_mapping)
#define poppler_page_free_image_mapping FR_PDF_CALL (poppler_page_free_image_mapping)
#define poppler_page_get_image FR_PDF_CALL (poppler_page_get_image)
#define poppler_structure_element_iter_new FR_PDF_CALL (poppler_structure_element_iter_new)
#define poppler_structure_element_iter_free FR_PDF_CALL (poppler_structure_element_iter_free)
#define poppler_structure_element_iter_get_child FR_PDF_CALL (poppler_structure_element_iter_get_child)
#define poppler_structure_element_iter_get_element FR_PDF_CALL (poppler_structure_element_iter_get_element)
#define poppler_structure_element_iter_next FR_PDF_CALL (poppler_structure_element_iter_next)
#define poppler_structure_element_get_kind FR_PDF_CALL (poppler_structure_element_get_kind)
#define poppler_structure_element_get_page FR_PDF_CALL (poppler_structure_element_get_page)
#define poppler_structure_element_get_text FR_PDF_CALL (poppler_structure_element_get_text)
#define cairo_create FR_PDF_CALL (cairo_create)
#define cairo_destroy FR_PDF_CALL (cairo_destroy)
#define cairo_status FR_PDF_CALL (cairo_status)
#define cairo_status_to_string FR_PDF_CALL (cairo_status_to_string)
#define cairo_paint FR_PDF_CALL (cairo_paint)
#define cairo_scale FR_PDF_CALL (cairo_scale)
#define cairo_translate FR_PDF_CALL (cairo_translate)
#define cairo_rectangle FR_PDF_CALL (cairo_rectangle)
#define cairo_clip FR_PDF_CALL (cairo_clip)
#define cairo_set_antialias FR_PDF_CALL (cairo_set_antialias)
#define cairo_set_source_rgb FR_PDF_CALL (cairo_set_source_rgb)
#define cairo_debug_reset_static_data FR_PDF_CALL (cairo_debug_reset_static_data)
#define cairo_format_stride_for_width FR_PDF_CALL (cairo_format_stride_for_width)
#define cairo_image_surface_create FR_PDF_CALL (cairo_image_surface_create)
#define cairo_image_surface_create_for_data FR_PDF_CALL (cairo_image_surface_create_for_data)
#define cairo_image_surface_get_data FR_PDF_CALL (cairo_image_surface_get_data)
#define cairo_image_surface_get_format FR_PDF_CALL (cairo_image_surface_get_format)
#define cairo_image_surface_get_width FR_PDF_CALL (cairo_image_surface_get_width)
#define cairo_image_surface_get_height FR_PDF_CALL (cairo_image_surface_get_height)
#define cairo_image_surface_get_stride FR_PDF_CALL (cairo_image_surface_get_stride)
#define cairo_surface_destroy FR_PDF_CALL (cairo_surface_destroy)
#define cairo_surface_flush FR_PDF_CALL (cairo_surface_flush)
#define cairo_surface_mark_dirty FR_PDF_CALL (cairo_surface_mark_dirty)
#define cairo_surface_reference FR_PDF_CALL (cairo_surface_reference)
#define cairo_surface_status FR_PDF_CALL (cairo_surface_status)
#define cairo_surface_write_to_png_stream FR_PDF_CALL (cairo_surface_write_to_png_stream)
/* GObject's checked casts would call two more of its functions; a plain cast does here */
#undef POPPLER_DOCUMENT
#define POPPLER_DOCUMENT(obj) ((PopplerDocument *) (obj))
#undef POPPLER_STRUCTURE_ELEMENT
#define POPPLER_STRUCTURE_ELEMENT(obj) ((PopplerStructureElement *) (obj))
#endif
