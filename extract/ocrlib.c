/* ocrlib.c — Tesseract and Leptonica, loaded when the first page needs OCR (see ocrlib.h). */
#define FR_OCR_LIB_NO_MACROS
#include "ocrlib.h"

#include <dlfcn.h>

FrOcrLib fr_ocr_lib;

/* Tesseract's shared library by its versioned name first (what the runtime package has),
 * then the unversioned one of the -dev package.  Leptonica comes with it, as its dependency:
 * dlsym on Tesseract's handle finds its functions too. */
static const char *const names[] = { FR_TESSERACT_SONAME, "libtesseract.so" };

static const char *
load (void)
{
  void *lib = NULL;
  const char *why = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (names) && lib == NULL; i++) {
    lib = dlopen (names[i], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL && why == NULL)
      why = dlerror ();
  }
  if (lib == NULL)
    return why ? why : "Tesseract's library cannot be found";
#define FR_OCR_SYM(name)                                                      \
  fr_ocr_lib.name = (__typeof__ (fr_ocr_lib.name)) dlsym (lib, #name);          \
  if (fr_ocr_lib.name == NULL)                                                \
    return "Tesseract's or Leptonica's library lacks " #name;
  FR_OCR_FUNCTIONS (FR_OCR_SYM)
#undef FR_OCR_SYM
  fr_ocr_lib.omp_set_max_active_levels = (void (*) (int)) dlsym (lib, "omp_set_max_active_levels");
  /* never closed: Tesseract's exit handlers run from its code */
  return NULL;
}

gboolean
fr_ocr_lib_load (const char **why)
{
  static gsize once = 0;
  static const char *failure = NULL;
  if (g_once_init_enter (&once)) {
    failure = load ();
    g_once_init_leave (&once, 1);
  }
  *why = failure;
  return failure == NULL;
}
