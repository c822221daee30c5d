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

gboolean
fr_output_add (FrOutput *out, const char *line, gsize len, GError **error)
{
  /* cJSON wants the text and the record column wants it NUL-terminated */
  g_autofree char *text = g_strndup (line, len);
  if (strlen (text) != len) {
    g_set_error_literal (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                         "not a finrep record: a NUL byte in the line");
    return FALSE;
  }
  arena_begin ();
  cJSON *r = cJSON_ParseWithLength (text, len);
  const char *path = check_record (r, error);
  gboolean ok = path != NULL
                && (out->ops->begin == NULL || out->ops->begin (out, path, error))
                && fr_rows_emit (r, text, out->next_id, out->rowids, out->ops->row, out, error)
                && (out->ops->commit == NULL || out->ops->commit (out, error));
  if (path != NULL && !ok && out->ops->rollback)
    out->ops->rollback (out);
  else if (path != NULL)
    out->next_id++;
  arena_end ();   /* r and whatever cJSON printed for it: gone */
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
fr_output_sync (FrOutput *out, GError **error)
{
  return out->ops->sync == NULL || out->ops->sync (out, error);
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
