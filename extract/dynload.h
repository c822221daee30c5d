/* dynload.h — a shared library loaded when first needed, not linked: what ocrlib.c (Tesseract),
 * pdflib.c (poppler-glib and cairo) and output/outlib.c (SQLite, libxlsxwriter) share.  Each
 * keeps a table of the functions it uses, which its fill function fills with dlsym once the
 * library is open (HACKING.md, "Poppler's core, poppler-glib when drawing").
 */
#pragma once

#include <dlfcn.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  /* the names to try, in order (the versioned name a runtime package has, then the -dev
   * package's), NULL after the last */
  const char *names[3];
  const char *missing;                  /* why, when none loads and dlerror says nothing */
  const char *(*fill) (void *handle);   /* dlsym's the table; NULL, or why it cannot */
  gsize once;
  const char *failure;
} FrDynLib;

/* In a fill function: table.name = the function name of handle, or return what lacks it. */
#define FR_DYNLIB_SYM(table, handle, name, lacks)                                   \
  (table).name = (__typeof__ ((table).name)) dlsym ((handle), #name);                \
  if ((table).name == NULL)                                                         \
    return lacks " lacks " #name;

/* Opens lib (RTLD_NOW | RTLD_LOCAL; never closed) and fills its table, once in the process,
 * from any thread; TRUE every time after that, or FALSE every time with *why (static, or a
 * copy of dlerror's message: kept for the life of the process). */
gboolean fr_dynlib_load (FrDynLib *lib, const char **why);

G_END_DECLS
