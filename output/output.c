/* output.c — the front door of output/: format by name, a record checked and handed to
 * its writer's rows. */
#include <string.h>

#include <cjson/cJSON.h>

#include "writer.h"

GQuark
fr_output_error_quark (void)
{
  return g_quark_from_static_string ("fr-output-error-quark");
}

gboolean
fr_output_format_from_name (const char *name, FrOutputFormat *format)
{
  static const struct { const char *name; FrOutputFormat format; } names[] = {
    { "sqlite", FR_OUTPUT_SQLITE }, { "xlsx", FR_OUTPUT_XLSX }, { "csv", FR_OUTPUT_CSV },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    if (g_ascii_strcasecmp (name, names[i].name) == 0) {
      *format = names[i].format;
      return TRUE;
    }
  }
  return FALSE;
}

gboolean
fr_output_format_from_path (const char *path, FrOutputFormat *format)
{
  static const struct { const char *ext; FrOutputFormat format; } exts[] = {
    { ".sqlite", FR_OUTPUT_SQLITE }, { ".sqlite3", FR_OUTPUT_SQLITE }, { ".db", FR_OUTPUT_SQLITE },
    { ".xlsx", FR_OUTPUT_XLSX },
  };
  const char *dot = strrchr (path, '.');
  for (guint i = 0; dot && i < G_N_ELEMENTS (exts); i++) {
    if (g_ascii_strcasecmp (dot, exts[i].ext) == 0) {
      *format = exts[i].format;
      return TRUE;
    }
  }
  return FALSE;
}

FrOutput *
fr_output_open (FrOutputFormat format, const char *path, const FrOutputOptions *opts,
                GError **error)
{
  static const FrOutputOptions none = { 0 };
  g_assert (fr_n_tables <= G_N_ELEMENTS (((FrOutput *) NULL)->rowids));
  if (opts == NULL)
    opts = &none;
  switch (format) {
  case FR_OUTPUT_SQLITE:
    return fr_sqlite_open (path, opts, error);
  case FR_OUTPUT_XLSX:
    return fr_xlsx_open (path, opts, error);
  case FR_OUTPUT_CSV:
  default:
    return fr_csv_open (path, opts, error);
  }
}

/* The record's source.path, or NULL with the reason a person can act on. */
static const char *
check_record (const cJSON *r, GError **error)
{
  if (!cJSON_IsObject (r)) {
    g_set_error_literal (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                         r ? "not a finrep record: a JSON value that is not an object"
                           : "not a finrep record: not valid JSON");
    return NULL;
  }
  const cJSON *schema = cJSON_GetObjectItemCaseSensitive (r, "schema");
  if (!cJSON_IsString (schema)) {
    g_set_error_literal (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                         "not a finrep record: no \"schema\" key (finrep extract and ingest write "
                         FR_RECORD_SCHEMA ")");
    return NULL;
  }
  if (strcmp (schema->valuestring, FR_RECORD_SCHEMA) != 0) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                 "a record of schema \"%.80s\", not " FR_RECORD_SCHEMA, schema->valuestring);
    return NULL;
  }
  const cJSON *path = cJSON_GetObjectItemCaseSensitive (
    cJSON_GetObjectItemCaseSensitive (r, "source"), "path");
  if (!cJSON_IsString (path)) {
    g_set_error_literal (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                         "not a whole record: no source.path");
    return NULL;
  }
  return path->valuestring;
}

/* A record's JSON tree lives in an arena: cJSON allocates each value and each string on
 * its own, and freeing them one by one cost almost as much as parsing (a tenth of what
 * writing SQLite cost the parent).  The arena is handed to cJSON, whose hooks are
 * process-wide, only while one record is parsed and walked (the parent has one thread),
 * and is emptied in one step afterwards. */
typedef struct {
  GPtrArray *chunks;   /* ARENA_CHUNK bytes each */
  GPtrArray *large;    /* blocks of their own, for long strings */
  guint current;       /* the chunk being filled */
  gsize used;          /* bytes used of it */
} Arena;

#define ARENA_CHUNK ((gsize) 1 << 20)
static Arena arena;

static void *
arena_alloc (size_t size)
{
  size = (size + 15) & ~(size_t) 15;
  if (size > ARENA_CHUNK / 4) {
    void *block = g_malloc (size);
    g_ptr_array_add (arena.large, block);
    return block;
  }
  if (arena.used + size > ARENA_CHUNK) {
    arena.current++;
    arena.used = 0;
  }
  if (arena.current >= arena.chunks->len) {
    arena.current = arena.chunks->len;
    g_ptr_array_add (arena.chunks, g_malloc (ARENA_CHUNK));
  }
  void *p = (char *) arena.chunks->pdata[arena.current] + arena.used;
  arena.used += size;
  return p;
}

static void
arena_free (void *p)
{
  (void) p;   /* all at once, in arena_end */
}

static void
arena_begin (void)
{
  if (arena.chunks == NULL) {
    arena.chunks = g_ptr_array_new_with_free_func (g_free);
    arena.large = g_ptr_array_new_with_free_func (g_free);
  }
  cJSON_Hooks hooks = { arena_alloc, arena_free };
  cJSON_InitHooks (&hooks);
}

/* Back to malloc for cJSON, and every chunk but the first given back. */
static void
arena_end (void)
{
  cJSON_InitHooks (NULL);
  if (arena.chunks->len > 1)
    g_ptr_array_set_size (arena.chunks, 1);
  g_ptr_array_set_size (arena.large, 0);
  arena.current = 0;
  arena.used = 0;
}

/* The record line NUL-terminated (cJSON and the record column want it so); NULL, with error
 * set, when it holds a NUL byte. */
static char *
line_text (const char *line, gsize len, GError **error)
{
  char *text = g_strndup (line, len);
  if (strlen (text) != len) {
    g_set_error_literal (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                         "not a finrep record: a NUL byte in the line");
    g_free (text);
    return NULL;
  }
  return text;
}

/* A begun record ended: committed when its rows went in (ok), else rolled back; the next
 * record's id moves on only past a committed one. */
static gboolean
end_record (FrOutput *out, gboolean ok, GError **error)
{
  ok = ok && (out->ops->commit == NULL || out->ops->commit (out, error));
  if (ok)
    out->next_id++;
  else if (out->ops->rollback)
    out->ops->rollback (out);
  return ok;
}

static gboolean
begin_record (FrOutput *out, const char *path, GError **error)
{
  return out->ops->begin == NULL || out->ops->begin (out, path, error);
}

gboolean
fr_output_add (FrOutput *out, const char *line, gsize len, GError **error)
{
  g_autofree char *text = line_text (line, len, error);
  if (text == NULL)
    return FALSE;
  arena_begin ();
  cJSON *r = cJSON_ParseWithLength (text, len);
  const char *path = check_record (r, error);
  gboolean ok = path != NULL
                && end_record (out, begin_record (out, path, error)
                                    && fr_rows_emit (r, text, out->next_id, out->rowids,
                                                     out->ops->row, out, error),
                               error);
  arena_end ();   /* r and whatever cJSON printed for it: gone */
  return ok;
}

/* Packed rows (fr_output_pack): the report's path, then each row as its table's number and
 * one cell a column, in the order fr_rows_emit gives them.  A cell is a kind byte, then for
 * an integer or a real its 8 bytes, for a text its length (u32) and bytes and a NUL.  The
 * report id, the record line and the per-table row numbers are the storing process's: their
 * cells are kinds alone, filled in by fr_output_add_packed.  Both ends are the same build of
 * finrep on the same machine: numbers are in its own byte order. */
enum { PACK_NULL, PACK_INTEGER, PACK_REAL, PACK_TEXT, PACK_ID, PACK_RECORD, PACK_ROWID };

/* What each column of each table is filled with by the storing process: PACK_ID, _RECORD,
 * _ROWID, or 0 for the packed value; made once (the schema is static). */
static const guint8 *const *
storer_columns (void)
{
  static guint8 **all;
  if (all == NULL) {
    guint8 **made = g_new0 (guint8 *, fr_n_tables);
    for (guint t = 0; t < fr_n_tables; t++) {
      made[t] = g_new0 (guint8, fr_tables[t].n_columns);
      for (guint k = 0; k < fr_tables[t].n_columns; k++) {
        const char *p = fr_tables[t].columns[k].path;
        made[t][k] = strcmp (p, "@id") == 0       ? PACK_ID
                     : strcmp (p, "@record") == 0 ? PACK_RECORD
                     : strcmp (p, "@rowid") == 0  ? PACK_ROWID
                                                  : 0;
      }
    }
    all = made;
  }
  return (const guint8 *const *) all;
}

/* The packed bytes so far: a cell at a time, so grown by hand rather than through
 * GByteArray's calls (which were half of what packing cost). */
typedef struct {
  guint8 *data;
  gsize len, size;
} Packer;

static guint8 *
room (Packer *pk, gsize n)
{
  if (pk->len + n > pk->size) {
    pk->size = MAX (pk->size * 2, pk->len + n);
    pk->data = g_realloc (pk->data, pk->size);
  }
  guint8 *at = pk->data + pk->len;
  pk->len += n;
  return at;
}

static void
pack_text (Packer *pk, const char *s, gsize n)
{
  guint32 len = (guint32) n;
  guint8 *at = room (pk, sizeof len + n + 1);
  memcpy (at, &len, sizeof len);
  memcpy (at + sizeof len, s, n);
  at[sizeof len + n] = '\0';
}

static gboolean
pack_row (guint table, const FrCell *values, gpointer user, GError **error)
{
  (void) error;
  Packer *pk = user;
  const FrSchemaTable *tab = &fr_tables[table];
  const guint8 *storer = storer_columns ()[table];
  *room (pk, 1) = (guint8) table;
  for (guint k = 0; k < tab->n_columns; k++) {
    const FrCell *v = &values[k];
    guint8 kind = storer[k];
    if (kind == 0)
      kind = v->kind == FR_CELL_INTEGER ? PACK_INTEGER
             : v->kind == FR_CELL_REAL  ? PACK_REAL
             : v->kind == FR_CELL_TEXT  ? PACK_TEXT
                                        : PACK_NULL;
    *room (pk, 1) = kind;
    if (kind == PACK_INTEGER)
      memcpy (room (pk, sizeof v->i), &v->i, sizeof v->i);
    else if (kind == PACK_REAL)
      memcpy (room (pk, sizeof v->d), &v->d, sizeof v->d);
    else if (kind == PACK_TEXT)
      pack_text (pk, v->text, strlen (v->text));
  }
  return TRUE;
}

GBytes *
fr_output_pack (const struct cJSON *record, GError **error)
{
  g_assert (fr_n_tables <= 255);
  const char *path = check_record (record, error);
  if (path == NULL)
    return NULL;
  Packer pk = { g_malloc (1 << 16), 0, 1 << 16 };
  pack_text (&pk, path, strlen (path));
  gint64 rowids[G_N_ELEMENTS (((FrOutput *) NULL)->rowids)] = { 0 };
  /* the id and the record line are the storing process's (pack_row leaves them out) */
  if (!fr_rows_emit (record, "", 0, rowids, pack_row, &pk, error)) {
    g_free (pk.data);
    return NULL;
  }
  return g_bytes_new_take (pk.data, pk.len);
}

/* Reads packed rows; every length is checked against what is left, so that a worker's
 * damaged message is refused rather than read past. */
typedef struct {
  const guint8 *p, *end;
} Reader;

static gboolean
read_bytes (Reader *r, void *out, gsize n)
{
  if ((gsize) (r->end - r->p) < n)
    return FALSE;
  memcpy (out, r->p, n);
  r->p += n;
  return TRUE;
}

static const char *
read_text (Reader *r)
{
  guint32 len;
  if (!read_bytes (r, &len, sizeof len) || (gsize) (r->end - r->p) <= len || r->p[len] != '\0'
      || memchr (r->p, '\0', len) != NULL)
    return NULL;
  const char *s = (const char *) r->p;
  r->p += len + 1;
  return s;
}

/* One row of r into values; FALSE when r does not hold one whole. */
static gboolean
unpack_row (Reader *r, FrOutput *out, const char *line, guint *table, FrCell *values)
{
  guint8 t;
  if (!read_bytes (r, &t, 1) || t >= fr_n_tables)
    return FALSE;
  const FrSchemaTable *tab = &fr_tables[t];
  const guint8 *storer = storer_columns ()[t];
  *table = t;
  for (guint k = 0; k < tab->n_columns; k++) {
    FrCell *v = &values[k];
    *v = (FrCell) { FR_CELL_NULL, 0, 0, NULL };
    guint8 kind;
    if (!read_bytes (r, &kind, 1))
      return FALSE;
    /* the id, the record and the row numbers are the storer's, in their columns only: a
     * worker that sent its own report_id would put rows in another report */
    if (storer[k] != 0 ? kind != storer[k] : kind >= PACK_ID)
      return FALSE;
    switch (kind) {
    case PACK_NULL:
      break;
    case PACK_INTEGER:
      v->kind = FR_CELL_INTEGER;
      if (!read_bytes (r, &v->i, sizeof v->i))
        return FALSE;
      break;
    case PACK_REAL:
      v->kind = FR_CELL_REAL;
      if (!read_bytes (r, &v->d, sizeof v->d))
        return FALSE;
      break;
    case PACK_TEXT:
      v->kind = FR_CELL_TEXT;
      if ((v->text = read_text (r)) == NULL)
        return FALSE;
      break;
    case PACK_ID:
      *v = (FrCell) { FR_CELL_INTEGER, out->next_id, 0, NULL };
      break;
    case PACK_RECORD:
      *v = (FrCell) { FR_CELL_TEXT, 0, 0, line };
      break;
    case PACK_ROWID:
      *v = (FrCell) { FR_CELL_INTEGER, ++out->rowids[t], 0, NULL };
      break;
    default:
      return FALSE;
    }
  }
  return TRUE;
}

/* Whether a reports row is the one of path. */
static gboolean
report_of (const FrCell *values, const char *path)
{
  for (guint k = 0; k < fr_tables[0].n_columns; k++)
    if (strcmp (fr_tables[0].columns[k].path, "source.path") == 0)
      return values[k].kind == FR_CELL_TEXT && strcmp (values[k].text, path) == 0;
  return FALSE;
}

gboolean
fr_output_add_packed (FrOutput *out, const char *line, gsize len, GBytes *rows, GError **error)
{
  g_autofree char *text = line_text (line, len, error);
  if (text == NULL)
    return FALSE;
  gsize size;
  const guint8 *data = g_bytes_get_data (rows, &size);
  Reader r = { data, data + size };
  const char *path = read_text (&r);
  if (path == NULL) {
    g_set_error_literal (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                         "not a finrep record: damaged rows");
    return FALSE;
  }
  gboolean ok = begin_record (out, path, error);
  out->texts_held = TRUE;   /* in rows, and text, until this returns */
  FrCell values[32];
  guint reports = 0;   /* table 0's rows: one, first, of the path begun, or rows are orphans */
  gboolean damaged = FALSE;
  while (ok && !damaged && r.p < r.end) {
    guint table;
    damaged = !unpack_row (&r, out, text, &table, values)
              || (table == 0 ? reports++ > 0 || !report_of (values, path) : reports == 0);
    if (!damaged)
      ok = out->ops->row (table, values, out, error);
  }
  if (ok && (damaged || reports == 0)) {
    g_set_error_literal (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                         "not a finrep record: damaged rows");
    ok = FALSE;
  }
  ok = end_record (out, ok, error);
  out->texts_held = FALSE;
  return ok;
}

char *
fr_output_record_path (const char *line, gsize len)
{
  cJSON *r = cJSON_ParseWithLength (line, len);
  const char *path = check_record (r, NULL);
  char *copy = g_strdup (path);
  cJSON_Delete (r);
  return copy;
}

gboolean
fr_output_foreach_source (FrOutput *out,
                          void (*fn) (const char *path, const char *sha256, gpointer user),
                          gpointer user, GError **error)
{
  if (out->db == NULL)
    return TRUE;
  return fr_sqlite_foreach_source (out, fn, user, error);
}

gboolean
fr_output_sync (FrOutput *out, gboolean last, gboolean *more, GError **error)
{
  *more = FALSE;
  return out->ops->sync == NULL || out->ops->sync (out, last, more, error);
}

gboolean
fr_output_close (FrOutput *out, GError **error)
{
  gboolean ok = out->ops->finish == NULL || out->ops->finish (out, error);
  fr_output_free (out);
  return ok;
}

void
fr_output_free (FrOutput *out)
{
  if (out == NULL)
    return;
  out->ops->free (out);
  g_free (out);
}
