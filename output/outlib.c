/* outlib.c — SQLite and libxlsxwriter, loaded when first written (see outlib.h). */
#define FR_OUT_LIB_NO_MACROS
#include "outlib.h"

#include "dynload.h"

#include <dlfcn.h>

FrOutLib fr_out_lib;

#define FR_OUT_SYM(name) FR_DYNLIB_SYM (fr_out_lib, lib, name, "the library")

/* never closed: a writer may be open until exit */
static const char *
fill_sqlite (void *lib)
{
  FR_SQLITE_FUNCTIONS (FR_OUT_SYM)
  return NULL;
}

static const char *
fill_xlsx (void *lib)
{
  FR_XLSX_FUNCTIONS (FR_OUT_SYM)
  return NULL;
}

static FrDynLib sqlite = {
  { "libsqlite3.so.0", "libsqlite3.so", NULL }, "SQLite's library cannot be found", fill_sqlite, 0, NULL,
};
static FrDynLib xlsxwriter = {
  { "libxlsxwriter.so.4", "libxlsxwriter.so", NULL }, "libxlsxwriter's library cannot be found", fill_xlsx, 0, NULL,
};

gboolean
fr_out_lib_load_sqlite (const char **why)
{
  return fr_dynlib_load (&sqlite, why);
}

gboolean
fr_out_lib_load_xlsx (const char **why)
{
  return fr_dynlib_load (&xlsxwriter, why);
}
