/* output.h — the analysis-ready output: JSON records into an SQLite database, CSV files or
 * an Excel workbook, the tables of schema.h in each.
 *
 * The writers read the JSON record (RECORD.md), nothing else of finrep: the record is the
 * interface.  An FrOutput owns its file(s) until fr_output_close or fr_output_free.
 */
#pragma once

#include <glib.h>

#include "schema.h"

struct cJSON;

G_BEGIN_DECLS

typedef enum {
  FR_OUTPUT_SQLITE,
  FR_OUTPUT_XLSX,
  FR_OUTPUT_CSV,
} FrOutputFormat;

#define FR_OUTPUT_ERROR (fr_output_error_quark ())
GQuark fr_output_error_quark (void);

typedef enum {
  FR_OUTPUT_ERROR_RECORD,   /* this record cannot be stored (not JSON, another schema): skip it */
  FR_OUTPUT_ERROR_WRITE,    /* the output cannot be opened or written: stop */
} FrOutputError;

typedef struct {
  gboolean keep;            /* SQLite: keep what OUT holds (--resume); otherwise OUT starts empty */
  gboolean bom;             /* CSV: a UTF-8 byte order mark first, for Excel on Windows */
} FrOutputOptions;

typedef struct _FrOutput FrOutput;

/* "sqlite", "xlsx", "csv" → the format; FALSE for another name. */
gboolean fr_output_format_from_name (const char *name, FrOutputFormat *format);
/* By OUT's extension: .sqlite, .sqlite3, .db → SQLite; .xlsx → Excel.  FALSE otherwise. */
gboolean fr_output_format_from_path (const char *path, FrOutputFormat *format);

/* Opens OUT: a database or workbook file, or for CSV a directory (made when missing) that
 * gets one TABLE.csv per table.  NULL with FR_OUTPUT_ERROR_WRITE when it cannot. */
FrOutput *fr_output_open (FrOutputFormat format, const char *path, const FrOutputOptions *opts,
                          GError **error);
/* Stores one record, given as its JSON text (len bytes, no NUL needed), whole or not at all.
 * A record for a path OUT already holds replaces it (SQLite).  FALSE with
 * FR_OUTPUT_ERROR_RECORD for a line that is not a record, FR_OUTPUT_ERROR_WRITE when the
 * output failed. */
gboolean fr_output_add (FrOutput *out, const char *line, gsize len, GError **error);
/* A record's rows for every table, packed to be stored by another process with
 * fr_output_add_packed: finrep ingest's workers, which have the record as a tree, walk it
 * there, and the parent that writes the database neither parses the line again nor prints
 * its arrays back to JSON.  `record` is the tree the line was printed from (finrep.h's
 * fr_result_to_line_json).  NULL with FR_OUTPUT_ERROR_RECORD for a tree that is not a
 * record. */
GBytes *fr_output_pack (const struct cJSON *record, GError **error);
/* Stores one record as fr_output_add does, from its line (the record column) and the rows
 * fr_output_pack made of it.  FR_OUTPUT_ERROR_RECORD also for rows that are damaged. */
gboolean fr_output_add_packed (FrOutput *out, const char *line, gsize len, GBytes *rows,
                               GError **error);
/* The source.path of a record given as its JSON text; NULL for a line that is not a record. */
char *fr_output_record_path (const char *line, gsize len);
/* SQLite: calls fn for each stored report's path and sha256 (NULL when it has none). */
gboolean fr_output_foreach_source (FrOutput *out,
                                   void (*fn) (const char *path, const char *sha256, gpointer user),
                                   gpointer user, GError **error);
/* Writes now a piece of what OUT holds back to write at its end (SQLite: a new database's
 * report_id indexes), and when `last` (records will come one by one, if at all) of what it
 * holds back to write in batches (the full-text index of the records stored so far, the
 * WAL folded into the file), for a caller with nothing else to do for a moment: finrep
 * ingest near its end, while the workers parse the last files, so that little is left
 * after the last one.  *more: pieces are left (fr_output_close writes them all). */
gboolean fr_output_sync (FrOutput *out, gboolean last, gboolean *more, GError **error);
/* Finishes the files and frees out. */
gboolean fr_output_close (FrOutput *out, GError **error);
/* Frees out without finishing (after a fatal error); what was committed stays. */
void fr_output_free (FrOutput *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrOutput, fr_output_free)

G_END_DECLS
