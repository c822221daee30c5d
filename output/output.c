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

gboolean
fr_output_add (FrOutput *out, const char *line, gsize len, GError **error)
{
  /* cJSON wants the text and the record column wants it NUL-terminated */
  g_autofree char *text = g_strndup (line, len);
  cJSON *r = cJSON_ParseWithLength (text, strlen (text));
  if (strlen (text) != len) {
    cJSON_Delete (r);
    g_set_error_literal (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                         "not a finrep record: a NUL byte in the line");
    return FALSE;
  }
  const char *path = check_record (r, error);
  if (path == NULL) {
    cJSON_Delete (r);
    return FALSE;
  }
  gboolean ok = (out->ops->begin == NULL || out->ops->begin (out, path, error))
                && fr_rows_emit (r, text, out->next_id, out->rowids, out->ops->row, out, error)
                && (out->ops->commit == NULL || out->ops->commit (out, error));
  if (!ok && out->ops->rollback)
    out->ops->rollback (out);
  else
    out->next_id++;
  cJSON_Delete (r);
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
