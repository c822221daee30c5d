/* sqlite.c — the records as an SQLite database: schema.h's tables, views for the common
 * questions, full-text search over paragraphs.
 *
 * Nothing lost: WAL mode and one transaction per record, so a process killed at any moment
 * leaves whole records only; a report is found again by its path (unique), and a record
 * for a path already stored replaces its rows in the same transaction.  synchronous=NORMAL
 * is as safe as FULL against a killed process (only a power cut can undo the last commits,
 * never corrupt the file), and costs one fsync per checkpoint instead of one per record.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "outlib.h"
#include "writer.h"

/* PRAGMA user_version of a database with this file's schema; another one is refused by
 * --resume rather than mixed with. */
#define SCHEMA_VERSION 2

typedef struct {
  FrOutput base;
  sqlite3 *db;
  char *name;
  int lock_fd;
  sqlite3_stmt **insert;   /* per table */
  sqlite3_stmt **insert_many;  /* per child table: ROWS_AT_ONCE rows */
  /* the rows of one child table waiting to go in together, their texts copied */
  guint pending_table;
  guint n_pending;
  FrCell *pending;           /* ROWS_AT_ONCE rows of the widest table */
  GStringChunk *pending_text;
  sqlite3_stmt **remove;   /* per table: its rows for a path */
  sqlite3_stmt *known;       /* a path's report, if stored */
  sqlite3_stmt *fts_remove;  /* the index entries of a report's indexed paragraphs */
  sqlite3_stmt *fts_lower;   /* the mark, after a report's paragraphs are gone */
  sqlite3_stmt *fts_add;     /* the paragraphs not indexed yet */
  sqlite3_stmt *fts_mark;    /* the mark moved past them */
  gboolean no_report_index;  /* the child tables' report_id indexes are still to be made */
  gboolean report_index_pending;  /* made in the record's transaction, not yet committed */
  guint report_indexed;      /* of a new database, the child tables whose index sync made */
  gboolean checkpoint_due;   /* commits since sync's last checkpoint */
  guint unindexed;           /* records committed since the last index_paragraphs */
  gboolean caught_up;        /* the index holds every paragraph (none left from a killed run) */
  gint64 indexed_at;         /* monotonic µs of the last one */
} Sqlite;

/* The full-text index is written every INDEX_EVERY records or INDEX_SECONDS, whichever
 * comes first, and when OUT is closed: FTS5 writes a segment per statement and merges them
 * as they pile up, so indexing each record's paragraphs on their own cost twice what
 * batches of 16 cost (the tokenizing is the same either way).  Only the last few records
 * of an ingest are indexed each on its own (sqlite_sync with `last`), while the parent
 * would wait for the workers: a batch of 16 takes 25-35 ms, and one left for after the
 * last record was most of the run's tail. */
#define INDEX_EVERY 16
#ifndef INDEX_SECONDS   /* -DINDEX_SECONDS=1000 for runs under valgrind, to count alike */
#define INDEX_SECONDS 2
#endif

/* A child table's rows go in ROWS_AT_ONCE to a statement: each INSERT run on its own cost
 * the statement's start and end (a sixth of its work) for one row. */
#define ROWS_AT_ONCE 16

static gboolean
fail (Sqlite *s, GError **error, const char *what)
{
  g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE, "%s: %s: %s", s->name, what,
               sqlite3_errmsg (s->db));
  return FALSE;
}

static gboolean
exec (Sqlite *s, const char *sql, GError **error)
{
  if (sqlite3_exec (s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return fail (s, error, "cannot update the database");
  return TRUE;
}

/* Runs a statement that returns no rows, and makes it ready to run again. */
static gboolean
step (sqlite3_stmt *st)
{
  int rc = sqlite3_step (st);
  sqlite3_reset (st);
  return rc == SQLITE_DONE;
}

static const char *
sql_type (FrSchemaType t)
{
  switch (t) {
  case FR_COL_INTEGER:
    return "INTEGER";
  case FR_COL_REAL:
    return "REAL";
  case FR_COL_ROWID:
    return "INTEGER PRIMARY KEY";
  case FR_COL_TEXT:
  case FR_COL_JSON:   /* TEXT: a declared JSON would get NUMERIC affinity */
  default:
    return "TEXT";
  }
}

/* Each child table's index on report_id, for the queries of one report's rows and for
 * replacing a report.  A database made new gets them near the end of the run, a table at a
 * time (sqlite_sync; finrep ingest asks for them while its workers parse the last files),
 * or all at once before a first replacement (should a path come twice) or at the close,
 * not as each row goes in: kept up to date row by row they cost an eighth of what writing
 * a record costs, made from the nearly finished tables about a sixth of that (the few
 * records after the first keep it up to date).  A run killed before then leaves a database
 * without some of them, whole otherwise; --resume makes them before it writes anything. */
static void
append_report_index (GString *s, guint t)
{
  g_string_append_printf (s, "CREATE INDEX IF NOT EXISTS \"%s_report\" ON \"%s\" (report_id);\n",
                          fr_tables[t].name, fr_tables[t].name);
}

static char *
report_index_sql (void)
{
  GString *s = g_string_new (NULL);
  for (guint t = 1; t < fr_n_tables; t++)
    append_report_index (s, t);
  return g_string_free (s, FALSE);
}

/* One child table's, in a transaction of its own. */
static gboolean
make_report_index (Sqlite *s, guint t, GError **error)
{
  g_autoptr (GString) sql = g_string_new ("BEGIN IMMEDIATE;\n");
  append_report_index (sql, t);
  g_string_append (sql, "COMMIT;\n");
  if (!exec (s, sql->str, error)) {
    if (!sqlite3_get_autocommit (s->db))
      sqlite3_exec (s->db, "ROLLBACK", NULL, NULL, NULL);
    return FALSE;
  }
  return TRUE;
}

/* Makes them, in the transaction open or in one of its own. */
static gboolean
make_report_indexes (Sqlite *s, GError **error)
{
  if (!s->no_report_index)
    return TRUE;
  gboolean own = sqlite3_get_autocommit (s->db);
  g_autofree char *sql = report_index_sql ();
  g_autofree char *all = own ? g_strconcat ("BEGIN IMMEDIATE;\n", sql, "COMMIT;\n", NULL)
                             : g_strdup (sql);
  if (!exec (s, all, error)) {
    if (own && !sqlite3_get_autocommit (s->db))
      sqlite3_exec (s->db, "ROLLBACK", NULL, NULL, NULL);
    return FALSE;
  }
  /* made, or to be made again should the record's transaction be rolled back */
  s->no_report_index = !own;
  s->report_index_pending = !own;
  return TRUE;
}

/* Identifiers are quoted: the record's key names include SQL words (table, column, check).
 * The report_id indexes are made apart (report_index_sql). */
static char *
create_sql (void)
{
  GString *s = g_string_new ("PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION) ";\n");
  for (guint t = 0; t < fr_n_tables; t++) {
    const FrSchemaTable *tab = &fr_tables[t];
    g_string_append_printf (s, "CREATE TABLE IF NOT EXISTS \"%s\" (", tab->name);
    for (guint k = 0; k < tab->n_columns; k++) {
      const FrSchemaColumn *c = &tab->columns[k];
      g_string_append_printf (s, "%s\"%s\" %s", k ? ", " : "", c->name, sql_type (c->type));
      if (t == 0 && strcmp (c->name, "id") == 0)
        g_string_append (s, " PRIMARY KEY");
      else if (t == 0 && strcmp (c->name, "path") == 0)
        g_string_append (s, " NOT NULL UNIQUE");
      else if (strcmp (c->name, "report_id") == 0)
        g_string_append (s, " NOT NULL REFERENCES reports (id)");
    }
    g_string_append (s, ");\n");
  }
  /* the views for the common questions */
  g_string_append (s,
    "CREATE VIEW IF NOT EXISTS indicators_with_report AS\n"
    "  SELECT r.organization, r.year, r.kind AS report_kind, r.path, i.*\n"
    "  FROM indicators i JOIN reports r ON r.id = i.report_id;\n"
    "CREATE VIEW IF NOT EXISTS failing_checks AS\n"
    "  SELECT r.organization, r.year, r.kind AS report_kind, r.title, r.path, c.*\n"
    "  FROM checks c JOIN reports r ON r.id = c.report_id WHERE c.status = 'fail';\n"
    "CREATE VIEW IF NOT EXISTS budget_figures_wide AS\n"
    "  SELECT r.id AS report_id, r.organization, r.year, r.kind AS report_kind, r.path");
  for (guint i = 0; i < fr_n_budget_figures; i++) {
    g_autofree char *col = g_strdelimit (g_strdup (fr_budget_figures[i]), ".", '_');
    g_string_append_printf (s, ",\n    MAX(CASE WHEN f.figure = '%s' THEN f.value END) AS \"%s\"",
                            fr_budget_figures[i], col);
  }
  g_string_append (s,
    "\n  FROM reports r JOIN budget_figures f ON f.report_id = r.id GROUP BY r.id;\n"
    /* trigram: Chinese phrases are found without a word segmenter (3 characters or more).
     * Tokenizing every character three times is most of what the database costs ingest:
     * - case_sensitive 1: the case folding of each character (a table search for every
     *   CJK one, which has no case) was a sixth of the parent's work; Latin letters are then
     *   matched in their case, and LIKE on this table scans instead of using the index;
     * - external content: the text is read from paragraphs, not stored a second time;
     *   paragraphs_fts_state says which paragraphs are indexed (see prepare);
     * - columnsize 0: no row per paragraph in paragraphs_fts_docsize (its token count,
     *   which only bm25() and rank read; they count the matched rows' tokens instead);
     * - automerge 64, crisismerge 128: FTS5 writes a segment per batch and by default
     *   merges them a few at a time as they come, which rewrites the whole index once per
     *   level: for 300 records as much work as the tokenizing, and why the cost per record
     *   grew with the archive.  Now a level's segments are merged once 64 have piled up
     *   (1024 records in batches of 16), a little after each batch, so that no record
     *   waits for a whole merge (crisismerge, which would do it at once, only if that
     *   falls behind).  A query looks each trigram up in every segment: 0.3 ms instead of
     *   0.2 for a phrase in 300 records (19 segments), 2.6 instead of 0.9 in 1200 (76). */
    "CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5 (text, "
    "tokenize = 'trigram case_sensitive 1', content = 'paragraphs', content_rowid = 'id', "
    "columnsize = 0);\n"
    "INSERT INTO paragraphs_fts (paragraphs_fts, rank) VALUES ('automerge', 64);\n"
    "INSERT INTO paragraphs_fts (paragraphs_fts, rank) VALUES ('crisismerge', 128);\n"
    "CREATE TABLE IF NOT EXISTS paragraphs_fts_state (indexed_to INTEGER NOT NULL);\n"
    "INSERT INTO paragraphs_fts_state SELECT 0 WHERE NOT EXISTS (SELECT * FROM paragraphs_fts_state);\n");
  return g_string_free (s, FALSE);
}

static char *
drop_sql (void)
{
  GString *s = g_string_new ("DROP VIEW IF EXISTS indicators_with_report;\n"
                             "DROP VIEW IF EXISTS failing_checks;\n"
                             "DROP VIEW IF EXISTS budget_figures_wide;\n"
                             "DROP TABLE IF EXISTS paragraphs_fts;\n"
                             "DROP TABLE IF EXISTS paragraphs_fts_state;\n");
  for (guint t = fr_n_tables; t-- > 0;)
    g_string_append_printf (s, "DROP TABLE IF EXISTS \"%s\";\n", fr_tables[t].name);
  return g_string_free (s, FALSE);
}

static gboolean
prepare (Sqlite *s, GError **error)
{
  s->insert = g_new0 (sqlite3_stmt *, fr_n_tables);
  s->insert_many = g_new0 (sqlite3_stmt *, fr_n_tables);
  s->remove = g_new0 (sqlite3_stmt *, fr_n_tables);
  guint widest = 0;
  for (guint t = 0; t < fr_n_tables; t++)
    widest = MAX (widest, fr_tables[t].n_columns);
  s->pending = g_new0 (FrCell, (gsize) ROWS_AT_ONCE * widest);
  s->pending_text = g_string_chunk_new (65536);
  for (guint t = 0; t < fr_n_tables; t++) {
    const FrSchemaTable *tab = &fr_tables[t];
    g_autoptr (GString) ins = g_string_new (NULL);
    g_string_append_printf (ins, "INSERT INTO \"%s\" (", tab->name);
    for (guint k = 0; k < tab->n_columns; k++)
      g_string_append_printf (ins, "%s\"%s\"", k ? ", " : "", tab->columns[k].name);
    g_string_append (ins, ") VALUES ");
    for (guint r = 0; r < (t > 0 ? ROWS_AT_ONCE : 1); r++) {
      if (r == 1) {   /* the statement for one row */
        if (sqlite3_prepare_v3 (s->db, ins->str, -1, SQLITE_PREPARE_PERSISTENT, &s->insert[t], NULL)
              != SQLITE_OK)
          return fail (s, error, "cannot prepare the statements (a database of another finrep?)");
      }
      g_string_append (ins, r ? ", (" : "(");
      for (guint k = 0; k < tab->n_columns; k++)
        g_string_append (ins, k ? ", ?" : "?");
      g_string_append (ins, ")");
    }
    g_autofree char *del = t == 0
      ? g_strdup ("DELETE FROM reports WHERE path = ?1")
      : g_strdup_printf ("DELETE FROM \"%s\" WHERE report_id IN "
                         "(SELECT id FROM reports WHERE path = ?1)", tab->name);
    if (sqlite3_prepare_v3 (s->db, ins->str, -1, SQLITE_PREPARE_PERSISTENT,
                            t > 0 ? &s->insert_many[t] : &s->insert[t], NULL) != SQLITE_OK
        || sqlite3_prepare_v3 (s->db, del, -1, SQLITE_PREPARE_PERSISTENT, &s->remove[t], NULL)
          != SQLITE_OK)
      return fail (s, error, "cannot prepare the statements (a database of another finrep?)");
  }
  /* The full-text index holds exactly the paragraphs whose id is at most
   * paragraphs_fts_state.indexed_to, the two committed together: after a kill too.  A new
   * paragraph's id is the largest stored + 1, so above the mark, unless a replaced
   * report's paragraphs were the top ones: then the mark comes down to the largest id left
   * (fts_lower).  An external-content index forgets a row only when told the text it
   * indexed, so fts_remove runs before the paragraphs go. */
  static const struct { const char *sql; gsize offset; } more[] = {
    { "SELECT id FROM reports WHERE path = ?1", G_STRUCT_OFFSET (Sqlite, known) },
    { "INSERT INTO paragraphs_fts (paragraphs_fts, rowid, text) SELECT 'delete', id, text "
      "FROM paragraphs WHERE report_id = ?1 "
      "AND id <= (SELECT indexed_to FROM paragraphs_fts_state)",
      G_STRUCT_OFFSET (Sqlite, fts_remove) },
    { "UPDATE paragraphs_fts_state "
      "SET indexed_to = min(indexed_to, (SELECT coalesce(max(id), 0) FROM paragraphs))",
      G_STRUCT_OFFSET (Sqlite, fts_lower) },
    { "INSERT INTO paragraphs_fts (rowid, text) SELECT id, text FROM paragraphs "
      "WHERE id > (SELECT indexed_to FROM paragraphs_fts_state)", G_STRUCT_OFFSET (Sqlite, fts_add) },
    { "UPDATE paragraphs_fts_state "
      "SET indexed_to = max(indexed_to, (SELECT coalesce(max(id), 0) FROM paragraphs))",
      G_STRUCT_OFFSET (Sqlite, fts_mark) },
  };
  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    if (sqlite3_prepare_v3 (s->db, more[i].sql, -1, SQLITE_PREPARE_PERSISTENT,
                            G_STRUCT_MEMBER_P (s, more[i].offset), NULL) != SQLITE_OK)
      return fail (s, error, "cannot prepare the statements (a database of another finrep?)");
  return TRUE;
}

static gboolean
sqlite_begin (FrOutput *out, const char *path, GError **error)
{
  Sqlite *s = (Sqlite *) out;
  if (!exec (s, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* most records are new: one lookup spares them thirteen deletes */
  sqlite3_bind_text (s->known, 1, path, -1, SQLITE_STATIC);
  int krc = sqlite3_step (s->known);
  gint64 old = krc == SQLITE_ROW ? sqlite3_column_int64 (s->known, 0) : 0;
  sqlite3_reset (s->known);
  if (krc == SQLITE_DONE)
    return TRUE;
  if (krc != SQLITE_ROW)
    return fail (s, error, "cannot look up a report");
  /* its rows are found by report_id: the indexes first, in this transaction (a rollback
   * takes them back too) */
  if (s->no_report_index && !make_report_indexes (s, error))
    return FALSE;
  /* the index entries first: they are found through the paragraphs */
  sqlite3_bind_int64 (s->fts_remove, 1, old);
  if (!step (s->fts_remove))
    return fail (s, error, "cannot replace a report's rows");
  /* children first: their DELETE finds the report by its path */
  for (guint t = fr_n_tables; t-- > 0;) {
    sqlite3_stmt *st = s->remove[t];
    sqlite3_bind_text (st, 1, path, -1, SQLITE_STATIC);
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    if (rc != SQLITE_DONE)
      return fail (s, error, "cannot replace a report's rows");
  }
  if (!step (s->fts_lower))
    return fail (s, error, "cannot replace a report's rows");
  return TRUE;
}

/* Binds one row's values from parameter `first` on. */
static void
bind_row (sqlite3_stmt *st, const FrSchemaTable *tab, const FrCell *values, int first)
{
  for (guint k = 0; k < tab->n_columns; k++) {
    int col = first + (int) k;
    const FrCell *v = &values[k];
    if (tab->columns[k].type == FR_COL_ROWID) {
      sqlite3_bind_null (st, col);   /* SQLite numbers the row */
      continue;
    }
    switch (v->kind) {
    case FR_CELL_INTEGER:
      sqlite3_bind_int64 (st, col, v->i);
      break;
    case FR_CELL_REAL:
      sqlite3_bind_double (st, col, v->d);
      break;
    case FR_CELL_TEXT:
      sqlite3_bind_text (st, col, v->text, -1, SQLITE_STATIC);
      break;
    case FR_CELL_NULL:
    default:
      sqlite3_bind_null (st, col);
      break;
    }
  }
  /* every column is bound again for the next row: no clearing */
}

/* Inserts the rows waiting, ROWS_AT_ONCE in one statement or (fewer) one by one, in order:
 * the rows are numbered alike either way. */
static gboolean
flush_rows (Sqlite *s, GError **error)
{
  guint n = s->n_pending;
  s->n_pending = 0;
  if (n == 0)
    return TRUE;
  const FrSchemaTable *tab = &fr_tables[s->pending_table];
  gboolean ok = TRUE;
  if (n == ROWS_AT_ONCE) {
    sqlite3_stmt *st = s->insert_many[s->pending_table];
    for (guint r = 0; r < n; r++)
      bind_row (st, tab, s->pending + (gsize) r * tab->n_columns, 1 + (int) (r * tab->n_columns));
    ok = step (st);
  } else {
    sqlite3_stmt *st = s->insert[s->pending_table];
    for (guint r = 0; ok && r < n; r++) {
      bind_row (st, tab, s->pending + (gsize) r * tab->n_columns, 1);
      ok = step (st);
    }
  }
  g_string_chunk_clear (s->pending_text);
  return ok || fail (s, error, "cannot insert a row");
}

static gboolean
sqlite_row (guint table, const FrCell *values, gpointer user, GError **error)
{
  Sqlite *s = user;
  const FrSchemaTable *tab = &fr_tables[table];
  if (s->n_pending > 0 && s->pending_table != table && !flush_rows (s, error))
    return FALSE;
  if (table == 0) {   /* one report a record: on its own */
    bind_row (s->insert[0], tab, values, 1);
    return step (s->insert[0]) || fail (s, error, "cannot insert a row");
  }
  /* the row waits with its own copy of its texts (they are lent for this call only), unless
   * they are held until the commit */
  s->pending_table = table;
  FrCell *row = s->pending + (gsize) s->n_pending++ * tab->n_columns;
  memcpy (row, values, tab->n_columns * sizeof *row);
  for (guint k = 0; !s->base.texts_held && k < tab->n_columns; k++)
    if (values[k].kind == FR_CELL_TEXT)
      row[k].text = g_string_chunk_insert (s->pending_text, values[k].text);
  return s->n_pending < ROWS_AT_ONCE || flush_rows (s, error);
}

/* Indexes the paragraphs the full-text index lacks, in a transaction of its own. */
static gboolean
index_paragraphs (Sqlite *s, GError **error)
{
  if (!exec (s, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!step (s->fts_add) || !step (s->fts_mark)) {
    fail (s, error, "cannot index the paragraphs");
    sqlite3_exec (s->db, "ROLLBACK", NULL, NULL, NULL);
    return FALSE;
  }
  s->unindexed = 0;
  s->indexed_at = g_get_monotonic_time ();
  if (!exec (s, "COMMIT", error))
    return FALSE;
  s->caught_up = TRUE;
  return TRUE;
}

/* One piece of what is held back, the first of: one child table's report_id index, of a
 * new database; when `last`, the full-text index of the records since the last batch, then
 * the WAL's pages folded into the file.  In pieces, each a few milliseconds for 300
 * records, so that the caller (finrep ingest, when it would otherwise wait for its
 * workers) reads the workers' replies between them: made at once, the report_id indexes
 * alone kept the parent 24 ms from the workers, longer than the files they had been sent
 * ahead take.  *more: pieces are left. */
static gboolean
sqlite_sync (FrOutput *out, gboolean last, gboolean *more, GError **error)
{
  Sqlite *s = (Sqlite *) out;
  gboolean ok = TRUE;
  if (s->no_report_index && s->report_indexed + 1 < fr_n_tables) {
    ok = make_report_index (s, ++s->report_indexed, error);
    if (ok && s->report_indexed + 1 == fr_n_tables)
      s->no_report_index = FALSE;
    s->checkpoint_due = TRUE;
  } else if (last && !s->caught_up) {
    ok = index_paragraphs (s, error);
    s->checkpoint_due = TRUE;
  } else if (last && s->checkpoint_due) {
    /* the checkpoint at the end is then of the last records' pages only (a refusal changes
     * nothing: that one does it all) */
    sqlite3_exec (s->db, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
    s->checkpoint_due = FALSE;
  }
  *more = ok && (s->no_report_index || (last && (!s->caught_up || s->checkpoint_due)));
  return ok;
}

static gboolean
sqlite_commit (FrOutput *out, GError **error)
{
  Sqlite *s = (Sqlite *) out;
  if (!flush_rows (s, error) || !exec (s, "COMMIT", error))
    return FALSE;
  if (s->report_index_pending)
    s->no_report_index = s->report_index_pending = FALSE;
  s->caught_up = FALSE;
  s->checkpoint_due = TRUE;
  if (++s->unindexed >= INDEX_EVERY
      || g_get_monotonic_time () - s->indexed_at >= (gint64) INDEX_SECONDS * G_USEC_PER_SEC)
    return index_paragraphs (s, error);
  return TRUE;
}

static void
sqlite_rollback (FrOutput *out)
{
  Sqlite *s = (Sqlite *) out;
  s->n_pending = 0;
  if (s->pending_text)
    g_string_chunk_clear (s->pending_text);
  if (!sqlite3_get_autocommit (s->db))
    sqlite3_exec (s->db, "ROLLBACK", NULL, NULL, NULL);
  s->report_index_pending = FALSE;   /* no_report_index stays: they are gone again */
}

static gboolean
sqlite_finish (FrOutput *out, GError **error)
{
  Sqlite *s = (Sqlite *) out;
  /* what is held back, then the WAL folded into the database in one checkpoint (not a
   * passive one first: each waits for the disk twice), so that the file alone is the
   * whole archive to copy */
  if ((s->no_report_index && !make_report_indexes (s, error))
      || (!s->caught_up && !index_paragraphs (s, error)))
    return FALSE;
  if (sqlite3_exec (s->db, "PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL)
      != SQLITE_OK)
    return fail (s, error, "cannot finish the database");
  return TRUE;
}

static void
sqlite_free (FrOutput *out)
{
  Sqlite *s = (Sqlite *) out;
  for (guint t = 0; s->insert && t < fr_n_tables; t++) {
    sqlite3_finalize (s->insert[t]);
    sqlite3_finalize (s->insert_many[t]);
    sqlite3_finalize (s->remove[t]);
  }
  g_free (s->insert);
  g_free (s->insert_many);
  g_free (s->pending);
  if (s->pending_text)
    g_string_chunk_free (s->pending_text);
  g_free (s->remove);
  sqlite3_finalize (s->known);
  sqlite3_finalize (s->fts_remove);
  sqlite3_finalize (s->fts_lower);
  sqlite3_finalize (s->fts_add);
  sqlite3_finalize (s->fts_mark);
  sqlite3_close (s->db);
  if (s->lock_fd >= 0)
    close (s->lock_fd);
  g_free (s->name);
}

static const FrWriterOps sqlite_ops = {
  sqlite_begin, sqlite_row, sqlite_commit, sqlite_rollback, sqlite_finish, sqlite_free,
  sqlite_sync,
};

static gint64
query_int (Sqlite *s, const char *sql)
{
  sqlite3_stmt *st = NULL;
  gint64 v = -1;
  if (sqlite3_prepare_v2 (s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step (st) == SQLITE_ROW)
    v = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return v;
}

FrOutput *
fr_sqlite_open (const char *path, const FrOutputOptions *opts, GError **error)
{
  const char *why = NULL;
  if (!fr_out_lib_load_sqlite (&why)) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE, "%s: SQLite cannot be loaded: %s", path, why);
    return NULL;
  }
  g_autoptr (FrOutput) out = (FrOutput *) g_new0 (Sqlite, 1);
  Sqlite *s = (Sqlite *) out;
  out->ops = &sqlite_ops;
  s->name = g_strdup (path);
  s->lock_fd = -1;

  /* one writer at a time: two runs would each replace what the other wrote */
  s->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (s->lock_fd < 0) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE, "%s: cannot open for writing: %s",
                 path, g_strerror (errno));
    return NULL;
  }
  if (flock (s->lock_fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE,
                 "%s: in use by another finrep run (locked)", path);
    return NULL;
  }
  /* One thread uses the connection: SQLite's locking of it, and its count of the memory in
   * use, which nothing reads, were 5% of what writing cost.  MEMSTATUS can be set only
   * before SQLite starts, so once, ahead of everything; a refusal changes nothing. */
  static gsize configured;
  if (g_once_init_enter (&configured)) {
    sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
    g_once_init_leave (&configured, 1);
  }
  if (sqlite3_open_v2 (path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK) {
    fail (s, error, "cannot open the database");
    return NULL;
  }
  out->db = s->db;
  sqlite3_busy_timeout (s->db, 10000);
  /* A database made new (without --resume) is set up without waiting for the disk: what a
   * power cut could take from it then is what this run was about to drop anyway, and a
   * killed process loses nothing either way (the file is in the system's cache).  Switching
   * a new file to WAL and writing the schema waited for six fsyncs, tens of milliseconds
   * before the first file was given to a worker, which JSON Lines never waits for.  The
   * records are then written with synchronous=NORMAL. */
  if (!exec (s, opts->keep ? "PRAGMA synchronous = NORMAL; PRAGMA journal_mode = WAL"
                           : "PRAGMA synchronous = OFF; PRAGMA journal_mode = WAL", error))
    return NULL;

  gint64 version = query_int (s, "PRAGMA user_version");
  gint64 has_reports = query_int (s, "SELECT count(*) FROM sqlite_master WHERE name = 'reports'");
  if (opts->keep && (version != SCHEMA_VERSION && (version != 0 || has_reports > 0))) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE,
                 "%s: not a database of this finrep's schema (user_version %" G_GINT64_FORMAT
                 ", this finrep writes %d); write a new one without --resume",
                 path, version, SCHEMA_VERSION);
    return NULL;
  }
  g_autofree char *create = create_sql ();
  g_autofree char *drop = opts->keep ? g_strdup ("") : drop_sql ();
  /* --resume: the indexes of a killed run's new database are made now, before any lookup */
  g_autofree char *indexes = opts->keep ? report_index_sql () : g_strdup ("");
  s->no_report_index = !opts->keep;
  g_autofree char *all = g_strconcat ("BEGIN IMMEDIATE;\n", drop, create, indexes, "COMMIT;\n", NULL);
  if (!exec (s, all, error)) {
    sqlite_rollback (out);
    return NULL;
  }
  if (!opts->keep && !exec (s, "PRAGMA synchronous = NORMAL", error))
    return NULL;
  if (!prepare (s, error))
    return NULL;
  out->next_id = query_int (s, "SELECT coalesce(max(id), 0) + 1 FROM reports");
  s->indexed_at = g_get_monotonic_time ();
  return g_steal_pointer (&out);
}

gboolean
fr_sqlite_foreach_source (FrOutput *out,
                          void (*fn) (const char *path, const char *sha256, gpointer user),
                          gpointer user, GError **error)
{
  Sqlite *s = (Sqlite *) out;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2 (s->db, "SELECT path, sha256 FROM reports", -1, &st, NULL) != SQLITE_OK)
    return fail (s, error, "cannot read the reports");
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    fn ((const char *) sqlite3_column_text (st, 0), (const char *) sqlite3_column_text (st, 1), user);
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return fail (s, error, "cannot read the reports");
  return TRUE;
}
