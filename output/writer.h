/* writer.h — what each writer (sqlite.c, xlsx.c, csv.c) implements for output.c. */
#pragma once

#include "output.h"
#include "rows.h"

/* begin, commit, rollback and finish may be NULL: nothing to do. */
typedef struct {
  /* before a record's rows: the report's path (SQLite drops the rows it had) */
  gboolean (*begin) (FrOutput *out, const char *path, GError **error);
  gboolean (*row) (guint table, const FrCell *values, gpointer out, GError **error);
  gboolean (*commit) (FrOutput *out, GError **error);
  void (*rollback) (FrOutput *out);
  gboolean (*finish) (FrOutput *out, GError **error);   /* NULL: nothing to finish */
  void (*free) (FrOutput *out);                         /* the writer's own fields */
  /* NULL: nothing held back; SQLite: one piece of it (fr_output_sync) */
  gboolean (*sync) (FrOutput *out, gboolean last, gboolean *more, GError **error);
} FrWriterOps;

/* Every writer's struct starts with this. */
struct _FrOutput {
  const FrWriterOps *ops;
  gint64 next_id;          /* the id of the next report */
  gint64 rowids[32];       /* per table, for "@rowid" */
  void *db;                /* sqlite3 *, for fr_output_foreach_source */
  /* the texts of a record's rows stay valid until its commit (packed rows), not only for
   * the row's call: a writer that holds rows back need not copy them */
  gboolean texts_held;
};

FrOutput *fr_sqlite_open (const char *path, const FrOutputOptions *opts, GError **error);
FrOutput *fr_xlsx_open (const char *path, const FrOutputOptions *opts, GError **error);
FrOutput *fr_csv_open (const char *path, const FrOutputOptions *opts, GError **error);
gboolean fr_sqlite_foreach_source (FrOutput *out,
                                   void (*fn) (const char *path, const char *sha256, gpointer user),
                                   gpointer user, GError **error);
