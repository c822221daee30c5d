/* csv.c — one CSV file per table of schema.h in a directory: UTF-8, RFC 4180 (fields with a
 * comma, a quote or a line break in double quotes, quotes doubled, CRLF between records),
 * the column names as the header line, numbers as their shortest exact text. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "writer.h"

typedef struct {
  FrOutput base;
  char *dir;
  FILE **files;      /* per table */
  char **names;      /* per table, for messages */
} Csv;

static gboolean
write_failed (Csv *c, guint table, GError **error)
{
  g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE, "%s: cannot write: %s",
               c->names[table], g_strerror (errno));
  return FALSE;
}

static void
put_field (FILE *f, const char *s)
{
  if (strpbrk (s, ",\"\r\n") == NULL) {
    fputs (s, f);
    return;
  }
  putc ('"', f);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      putc ('"', f);
    putc (*p, f);
  }
  putc ('"', f);
}

static gboolean
csv_row (guint table, const FrCell *values, gpointer user, GError **error)
{
  Csv *c = user;
  FILE *f = c->files[table];
  const FrSchemaTable *tab = &fr_tables[table];
  char buf[32];
  for (guint k = 0; k < tab->n_columns; k++) {
    if (k > 0)
      putc (',', f);
    const FrCell *v = &values[k];
    switch (v->kind) {
    case FR_CELL_INTEGER:
      fprintf (f, "%" G_GINT64_FORMAT, v->i);
      break;
    case FR_CELL_REAL:
      fr_format_number (v->d, buf);
      fputs (buf, f);
      break;
    case FR_CELL_TEXT:
      put_field (f, v->text);
      break;
    case FR_CELL_NULL:
    default:
      break;   /* an empty field */
    }
  }
  fputs ("\r\n", f);
  if (ferror (f))
    return write_failed (c, table, error);
  return TRUE;
}

static gboolean
csv_finish (FrOutput *out, GError **error)
{
  Csv *c = (Csv *) out;
  gboolean ok = TRUE;
  for (guint t = 0; t < fr_n_tables; t++) {
    FILE *f = c->files[t];
    c->files[t] = NULL;
    if (fclose (f) != 0 && ok)
      ok = write_failed (c, t, error);
  }
  return ok;
}

static void
csv_free (FrOutput *out)
{
  Csv *c = (Csv *) out;
  for (guint t = 0; c->files && t < fr_n_tables; t++) {
    if (c->files[t])
      fclose (c->files[t]);
  }
  g_free (c->files);
  g_strfreev (c->names);
  g_free (c->dir);
}

static const FrWriterOps csv_ops = {
  /* no transactions: a record fails half-way only when a write fails, and that ends the run */
  NULL, csv_row, NULL, NULL, csv_finish, csv_free, NULL,
};

FrOutput *
fr_csv_open (const char *path, const FrOutputOptions *opts, GError **error)
{
  g_autoptr (FrOutput) out = (FrOutput *) g_new0 (Csv, 1);
  Csv *c = (Csv *) out;
  out->ops = &csv_ops;
  out->next_id = 1;
  c->dir = g_strdup (path);
  c->files = g_new0 (FILE *, fr_n_tables);
  c->names = g_new0 (char *, fr_n_tables + 1);
  if (g_mkdir_with_parents (path, 0777) != 0) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE, "%s: cannot make the directory: %s",
                 path, g_strerror (errno));
    return NULL;
  }
  for (guint t = 0; t < fr_n_tables; t++) {
    const FrSchemaTable *tab = &fr_tables[t];
    g_autofree char *file = g_strconcat (tab->name, ".csv", NULL);
    c->names[t] = g_build_filename (path, file, NULL);
    c->files[t] = fopen (c->names[t], "wbe");
    if (c->files[t] == NULL) {
      g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE, "%s: cannot open for writing: %s",
                   c->names[t], g_strerror (errno));
      return NULL;
    }
    if (opts->bom)
      fputs ("\xEF\xBB\xBF", c->files[t]);
    for (guint k = 0; k < tab->n_columns; k++) {
      if (k > 0)
        putc (',', c->files[t]);
      put_field (c->files[t], tab->columns[k].name);
    }
    fputs ("\r\n", c->files[t]);
  }
  return g_steal_pointer (&out);
}
