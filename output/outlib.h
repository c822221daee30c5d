/* outlib.h — SQLite and libxlsxwriter, loaded when a database or a workbook is first written.
 *
 * Only `finrep ingest -o X.sqlite|X.xlsx` and `finrep export` write them, yet linked in they
 * were loaded by every finrep process, each one-page `finrep extract` included (with
 * libxlsxwriter's minizip, a tenth of the dynamic loader's work at its start: README, "One
 * interpreter run a page, and the start-up").  So sqlite.c and xlsx.c reach the functions they
 * use through the tables below, filled by dlopen when a writer opens (as extract/ocrlib.h does
 * for Tesseract), and call them by their own names through the macros at the end.  Only
 * sqlite.c and xlsx.c include this.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>
#include <xlsxwriter.h>

G_BEGIN_DECLS

#define FR_SQLITE_FUNCTIONS(F)                                                               \
  F (sqlite3_config) F (sqlite3_open_v2) F (sqlite3_close) F (sqlite3_errmsg)                \
  F (sqlite3_busy_timeout) F (sqlite3_get_autocommit) F (sqlite3_exec) F (sqlite3_prepare_v2) \
  F (sqlite3_prepare_v3) F (sqlite3_step) F (sqlite3_reset) F (sqlite3_finalize)             \
  F (sqlite3_bind_text) F (sqlite3_bind_null) F (sqlite3_bind_int64) F (sqlite3_bind_double) \
  F (sqlite3_column_text) F (sqlite3_column_int64)

#define FR_XLSX_FUNCTIONS(F)                                                                 \
  F (workbook_new_opt) F (workbook_add_worksheet) F (workbook_add_format) F (workbook_close)  \
  F (format_set_bold) F (worksheet_write_string) F (worksheet_write_number)                  \
  F (worksheet_set_column) F (worksheet_freeze_panes) F (worksheet_autofilter) F (lxw_strerror)

typedef struct {
/* name is a declarator here, which parentheses would break */
#define FR_OUT_FIELD(name) __typeof__ (&name) name; /* NOLINT(bugprone-macro-parentheses) */
  FR_SQLITE_FUNCTIONS (FR_OUT_FIELD)
  FR_XLSX_FUNCTIONS (FR_OUT_FIELD)
#undef FR_OUT_FIELD
} FrOutLib;

extern FrOutLib fr_out_lib;

/* Load SQLite's or libxlsxwriter's library once (any thread); FALSE with *why (a message kept
 * for the life of the process) when it cannot be loaded. */
gboolean fr_out_lib_load_sqlite (const char **why);
gboolean fr_out_lib_load_xlsx (const char **why);

G_END_DECLS

#ifndef FR_OUT_LIB_NO_MACROS
#define FR_OUT_CALL(name) (fr_out_lib.name)
#define sqlite3_config FR_OUT_CALL (sqlite3_config)
#define sqlite3_open_v2 FR_OUT_CALL (sqlite3_open_v2)
#define sqlite3_close FR_OUT_CALL (sqlite3_close)
#define sqlite3_errmsg FR_OUT_CALL (sqlite3_errmsg)
#define sqlite3_busy_timeout FR_OUT_CALL (sqlite3_busy_timeout)
#define sqlite3_get_autocommit FR_OUT_CALL (sqlite3_get_autocommit)
#define sqlite3_exec FR_OUT_CALL (sqlite3_exec)
#define sqlite3_prepare_v2 FR_OUT_CALL (sqlite3_prepare_v2)
#define sqlite3_prepare_v3 FR_OUT_CALL (sqlite3_prepare_v3)
#define sqlite3_step FR_OUT_CALL (sqlite3_step)
#define sqlite3_reset FR_OUT_CALL (sqlite3_reset)
#define sqlite3_finalize FR_OUT_CALL (sqlite3_finalize)
#define sqlite3_bind_text FR_OUT_CALL (sqlite3_bind_text)
#define sqlite3_bind_null FR_OUT_CALL (sqlite3_bind_null)
#define sqlite3_bind_int64 FR_OUT_CALL (sqlite3_bind_int64)
#define sqlite3_bind_double FR_OUT_CALL (sqlite3_bind_double)
#define sqlite3_column_text FR_OUT_CALL (sqlite3_column_text)
#define sqlite3_column_int64 FR_OUT_CALL (sqlite3_column_int64)
#define workbook_new_opt FR_OUT_CALL (workbook_new_opt)
#define workbook_add_worksheet FR_OUT_CALL (workbook_add_worksheet)
#define workbook_add_format FR_OUT_CALL (workbook_add_format)
#define workbook_close FR_OUT_CALL (workbook_close)
#define format_set_bold FR_OUT_CALL (format_set_bold)
#define worksheet_write_string FR_OUT_CALL (worksheet_write_string)
#define worksheet_write_number FR_OUT_CALL (worksheet_write_number)
#define worksheet_set_column FR_OUT_CALL (worksheet_set_column)
#define worksheet_freeze_panes FR_OUT_CALL (worksheet_freeze_panes)
#define worksheet_autofilter FR_OUT_CALL (worksheet_autofilter)
#define lxw_strerror FR_OUT_CALL (lxw_strerror)
#endif
