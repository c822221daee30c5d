/* pdfcore.h — what the PDF route reads of a document besides its text, from Poppler's core
 * PDFDoc that the text pass opened (textpass.h): each page's size, as poppler-glib gives it,
 * so that reading a PDF needs poppler-glib only where pdflib.h says.  The document's
 * information dictionary (Title, Producer…) is not read: nothing in a record comes from it,
 * and a real archive's Title is often another report's.
 * C interface over Poppler's core (pdfcore.cc).
 */
#pragma once

#include <glib.h>

#include "textpass.h"

G_BEGIN_DECLS

/* The page's (0-based) size in points as displayed, its /Rotate applied (as
 * poppler_page_get_size); FALSE when Poppler cannot read the page. */
gboolean fr_pdf_core_page_size (FrTextPass *tp, guint page, double *width, double *height);

G_END_DECLS
