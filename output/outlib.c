/* outlib.c — SQLite and libxlsxwriter, loaded when first written (see outlib.h). */
#define FR_OUT_LIB_NO_MACROS
#include "outlib.h"

#include <dlfcn.h>

FrOutLib fr_out_lib;

/* The library by its versioned name (the runtime package's), then the -dev package's. */
static void *
open_lib (const char *const *names, guint n, const char **why)
{
  void *lib = NULL;
  *why = NULL;
  for (guint i = 0; i < n && lib == NULL; i++) {
    lib = dlopen (names[i], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL && *why == NULL)
      *why = dlerror ();
  }
  return lib;
}

/* never closed: a writer may be open until exit */
static const char *
load_sqlite (void)
{
  static const char *const names[] = { "libsqlite3.so.0", "libsqlite3.so" };
  const char *why = NULL;
  void *lib = open_lib (names, G_N_ELEMENTS (names), &why);
  if (lib == NULL)
    return why ? why : "SQLite's library cannot be found";
#define FR_OUT_SYM(name)                                                     \
  fr_out_lib.name = (__typeof__ (fr_out_lib.name)) dlsym (lib, #name);         \
  if (fr_out_lib.name == NULL)                                               \
    return "the library lacks " #name;
  FR_SQLITE_FUNCTIONS (FR_OUT_SYM)
  return NULL;
}

static const char *
load_xlsx (void)
{
  static const char *const names[] = { "libxlsxwriter.so.4", "libxlsxwriter.so" };
  const char *why = NULL;
  void *lib = open_lib (names, G_N_ELEMENTS (names), &why);
  if (lib == NULL)
    return why ? why : "libxlsxwriter's library cannot be found";
  FR_XLSX_FUNCTIONS (FR_OUT_SYM)
#undef FR_OUT_SYM
  return NULL;
}

gboolean
fr_out_lib_load_sqlite (const char **why)
{
  static gsize once = 0;
  static const char *failure = NULL;
  if (g_once_init_enter (&once)) {
    failure = load_sqlite ();
    g_once_init_leave (&once, 1);
  }
  *why = failure;
  return failure == NULL;
}

gboolean
fr_out_lib_load_xlsx (const char **why)
{
  static gsize once = 0;
  static const char *failure = NULL;
  if (g_once_init_enter (&once)) {
    failure = load_xlsx ();
    g_once_init_leave (&once, 1);
  }
  *why = failure;
  return failure == NULL;
}
