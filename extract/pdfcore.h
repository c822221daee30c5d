/* pdfcore.h — what the PDF route reads of a document besides its text, from Poppler's core
 * PDFDoc that the text pass opened (textpass.h): the metadata and each page's size, as
 * poppler-glib gives them, so that reading a PDF needs poppler-glib only where pdflib.h says.
 * C interface over Poppler's core (pdfcore.cc).
 */
#pragma once

#include <glib.h>

#include "textpass.h"

G_BEGIN_DECLS

typedef enum { FR_PDF_TITLE, FR_PDF_PRODUCER, FR_PDF_CREATOR } FrPdfInfoKey;

/* The document information entry as UTF-8 (g_free it; NULL when absent), decoded as
 * poppler_document_get_title and its siblings decode it: UTF-16 after a byte order mark, else
 * PDFDocEncoding. */
char *fr_pdf_core_info (FrTextPass *tp, FrPdfInfoKey key);

/* The page's (0-based) size in points as displayed, its /Rotate applied (as
 * poppler_page_get_size); FALSE when Poppler cannot read the page. */
gboolean fr_pdf_core_page_size (FrTextPass *tp, guint page, double *width, double *height);

G_END_DECLS
