/* rows.h — a record's rows for each table of schema.h, handed to a writer one at a time. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "schema.h"

G_BEGIN_DECLS

typedef enum { FR_CELL_NULL, FR_CELL_INTEGER, FR_CELL_REAL, FR_CELL_TEXT } FrCellKind;

/* One cell.  text is NUL-terminated UTF-8, lent for the duration of the row callback. */
typedef struct {
  FrCellKind kind;
  gint64 i;
  double d;
  const char *text;
} FrCell;

/* Takes one row of fr_tables[table]: values[k] is the table's column k.  FALSE with error
 * set stops the record. */
typedef gboolean (*FrRowFunc) (guint table, const FrCell *values, gpointer user, GError **error);

/* Emits every row of every table for one record, reports first.  `id` is the report's id,
 * `line` the record's JSON text, `rowids` one running counter per table (advanced here). */
gboolean fr_rows_emit (const cJSON *record, const char *line, gint64 id, gint64 *rowids,
                       FrRowFunc func, gpointer user, GError **error);

/* A number as the shortest text that reads back to the same double. */
void fr_format_number (double d, char buf[32]);

G_END_DECLS
