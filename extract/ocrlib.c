/* ocrlib.c — Tesseract and Leptonica, loaded when the first page needs OCR (see ocrlib.h). */
#define FR_OCR_LIB_NO_MACROS
#include "ocrlib.h"

#include "dynload.h"

#include <dlfcn.h>

FrOcrLib fr_ocr_lib;

/* Leptonica comes with Tesseract, as its dependency: dlsym on Tesseract's handle finds its
 * functions too. */
static const char *
fill (void *lib)
{
#define FR_OCR_SYM(name) FR_DYNLIB_SYM (fr_ocr_lib, lib, name, "Tesseract's or Leptonica's library")
  FR_OCR_FUNCTIONS (FR_OCR_SYM)
#undef FR_OCR_SYM
  fr_ocr_lib.omp_set_max_active_levels = (void (*) (int)) dlsym (lib, "omp_set_max_active_levels");
  /* never closed: Tesseract's exit handlers run from its code */
  return NULL;
}

static FrDynLib tesseract = {
  { FR_TESSERACT_SONAME, "libtesseract.so", NULL }, "Tesseract's library cannot be found", fill, 0, NULL,
};

gboolean
fr_ocr_lib_load (const char **why)
{
  return fr_dynlib_load (&tesseract, why);
}
