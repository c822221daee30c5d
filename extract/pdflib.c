/* pdflib.c — poppler-glib and cairo, loaded when a document first needs them (see pdflib.h). */
#define FR_PDF_LIB_NO_MACROS
#include "pdflib.h"

#include "dynload.h"
#include "errors.h"
#include "extract.h"

#include <dlfcn.h>

FrPdfLib fr_pdf_lib;
static gboolean loaded;

static const char *fill (void *lib);

/* cairo and GObject come with poppler-glib, as its dependencies: dlsym on its handle finds
 * their functions too */
static FrDynLib poppler_glib = {
  { FR_POPPLER_GLIB_SONAME, "libpoppler-glib.so", NULL }, "poppler-glib's library cannot be found", fill, 0, NULL,
};

static const char *
fill (void *lib)
{
#define FR_PDF_SYM(name) FR_DYNLIB_SYM (fr_pdf_lib, lib, name, "poppler-glib's, cairo's or GObject's library")
  FR_PDF_FUNCTIONS (FR_PDF_SYM)
#undef FR_PDF_SYM
  /* never closed: GObject types cannot be unregistered */
  loaded = TRUE;
  return NULL;
}

gboolean
fr_pdf_lib_load (const char **why)
{
  return fr_dynlib_load (&poppler_glib, why);
}

static void (*before_drawing) (void);

void
fr_set_before_drawing (void (*fn) (void))
{
  before_drawing = fn;
}

void
fr_pdf_before_drawing (void)
{
  static gsize once = 0;
  if (g_once_init_enter (&once)) {
    if (before_drawing)
      before_drawing ();
    g_once_init_leave (&once, 1);
  }
}

gboolean
fr_pdf_lib_loaded (void)
{
  return loaded;
}

FrPdf *
fr_pdf_new (GBytes *bytes, PopplerDocument *poppler)
{
  FrPdf *pdf = g_new0 (FrPdf, 1);
  pdf->bytes = g_bytes_ref (bytes);
  pdf->poppler = poppler;
  pdf->tried = poppler != NULL;
  return pdf;
}

void
fr_pdf_free (FrPdf *pdf)
{
  if (pdf == NULL)
    return;
  if (pdf->poppler)
    fr_pdf_lib.g_object_unref (pdf->poppler);
  g_bytes_unref (pdf->bytes);
  g_free (pdf);
}

PopplerDocument *
fr_pdf_poppler (const FrDocument *doc, GError **error)
{
  FrPdf *pdf = doc->pdf;
  if (pdf == NULL) {
    g_set_error (error, FR_ERROR, FR_ERROR_UNSUPPORTED, "no PDF behind the document");
    return NULL;
  }
  if (!pdf->tried) {
    pdf->tried = TRUE;
    const char *why = NULL;
    if (!fr_pdf_lib_load (&why)) {
      g_set_error (error, FR_ERROR, FR_ERROR_UNSUPPORTED, "poppler-glib cannot be loaded: %s", why);
      return NULL;
    }
    g_autoptr (GError) local = NULL;
    pdf->poppler = fr_pdf_lib.poppler_document_new_from_bytes (pdf->bytes, NULL, &local);
    if (pdf->poppler == NULL)
      g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED, "poppler-glib cannot open the PDF: %s",
                   local ? local->message : "unknown reason");
    return pdf->poppler;
  }
  if (pdf->poppler == NULL)
    g_set_error (error, FR_ERROR, FR_ERROR_DAMAGED, "poppler-glib cannot open the PDF");
  return pdf->poppler;
}
