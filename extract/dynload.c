/* dynload.c — a shared library loaded when first needed (see dynload.h). */
#include "dynload.h"

#include <dlfcn.h>

static const char *
open_and_fill (FrDynLib *lib)
{
  void *handle = NULL;
  const char *why = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (lib->names) && lib->names[i] && handle == NULL; i++) {
    handle = dlopen (lib->names[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL && why == NULL)
      why = g_strdup (dlerror ());   /* dlerror's buffer goes with the next dlopen; kept for good */
  }
  if (handle == NULL)
    return why ? why : lib->missing;
  return lib->fill (handle);
}

gboolean
fr_dynlib_load (FrDynLib *lib, const char **why)
{
  if (g_once_init_enter (&lib->once)) {
    lib->failure = open_and_fill (lib);
    g_once_init_leave (&lib->once, 1);
  }
  *why = lib->failure;
  return lib->failure == NULL;
}
