/* pdfcore.cc — page sizes from Poppler's core PDFDoc (see pdfcore.h). */
#include <PDFDoc.h>
#include <Page.h>

extern "C" {
#include "pdfcore.h"
}

extern "C" gboolean
fr_pdf_core_page_size (FrTextPass *tp, guint page, double *width, double *height)
{
  PDFDoc *doc = static_cast<PDFDoc *> (fr_text_pass_pdf_doc (tp));
  Page *p = doc->getPage ((int) page + 1);   /* as poppler_document_get_page finds it */
  if (p == nullptr)
    return FALSE;
  int rotate = p->getRotate ();
  gboolean turned = rotate == 90 || rotate == 270;
  *width = turned ? p->getCropHeight () : p->getCropWidth ();
  *height = turned ? p->getCropWidth () : p->getCropHeight ();
  return TRUE;
}
