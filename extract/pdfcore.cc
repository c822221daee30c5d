/* pdfcore.cc — metadata and page sizes from Poppler's core PDFDoc (see pdfcore.h). */
#include <memory>

#include <PDFDoc.h>
#include <PDFDocEncoding.h>
#include <Page.h>
#include <goo/GooString.h>

extern "C" {
#include "pdfcore.h"
}

extern "C" char *
fr_pdf_core_info (FrTextPass *tp, FrPdfInfoKey key)
{
  static const char *const keys[] = { "Title", "Producer", "Creator" };
  PDFDoc *doc = static_cast<PDFDoc *> (fr_text_pass_pdf_doc (tp));
  std::unique_ptr<GooString> s = doc->getDocInfoStringEntry (keys[key]);
  if (!s)
    return nullptr;
  const std::string &b = s->toStr ();
  if (b.size () >= 2 && (guint8) b[0] == 0xfe && (guint8) b[1] == 0xff)
    return g_convert (b.data () + 2, (gssize) b.size () - 2, "UTF-8", "UTF-16BE", nullptr, nullptr, nullptr);
  if (b.size () >= 2 && (guint8) b[0] == 0xff && (guint8) b[1] == 0xfe)
    return g_convert (b.data () + 2, (gssize) b.size () - 2, "UTF-8", "UTF-16LE", nullptr, nullptr, nullptr);
  g_autofree gunichar *ucs4 = static_cast<gunichar *> (g_malloc_n (b.size () + 1, sizeof (gunichar)));
  for (size_t i = 0; i < b.size (); i++)
    ucs4[i] = pdfDocEncoding[(guint8) b[i]];
  ucs4[b.size ()] = 0;
  return g_ucs4_to_utf8 (ucs4, -1, nullptr, nullptr, nullptr);
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
