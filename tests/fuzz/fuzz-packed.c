/* fuzz-packed.c — the ingest parent's reading of the rows a worker packed (output.h's
 * fr_output_pack, fr_output_add_packed).
 *
 * Input: a first line, then any bytes.  Where the line is a record (JSON), its rows are
 * packed and stored: that must succeed; then the same rows cut short and with one byte
 * changed, which must be refused or stored, never read past.  The rest of the input is
 * stored as packed rows under the line, hostile.  The parent runs outside the sandbox, and so
 * does this target (it writes CSV files into a directory of its own).
 */
#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static FrOutput *out;
static char *dir;
static guint used;

/* the CSV files and their directory, at the end */
static void
clean_up (void)
{
  if (out != NULL)
    fr_output_close (out, NULL);
  g_autoptr (GDir) d = dir ? g_dir_open (dir, 0, NULL) : NULL;
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL) {
    g_autofree char *file = g_build_filename (dir, name, NULL);
    g_unlink (file);
  }
  if (dir)
    g_rmdir (dir);
}

/* CSV, whose files grow with every record: started again now and then */
static FrOutput *
output (void)
{
  if (out != NULL && used++ < 500)
    return out;
  g_autoptr (GError) error = NULL;
  if (out != NULL && !fr_output_close (out, &error)) {
    fprintf (stderr, "fuzz-packed: %s\n", error->message);
    abort ();
  }
  used = 0;
  if (dir == NULL) {
    dir = g_dir_make_tmp ("fuzz-packed-XXXXXX", NULL);
    atexit (clean_up);
  }
  out = dir ? fr_output_open (FR_OUTPUT_CSV, dir, NULL, &error) : NULL;
  if (out == NULL) {
    fprintf (stderr, "fuzz-packed: cannot open the output: %s\n", error ? error->message : "");
    abort ();
  }
  return out;
}

static void
store (const char *line, gsize len, const guint8 *rows, gsize n, gboolean must)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) b = g_bytes_new (rows, n);
  if (fr_output_add_packed (output (), line, len, b, &error))
    return;
  if (must || !g_error_matches (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD)) {
    fprintf (stderr, "fuzz-packed: %s\n", error->message);
    abort ();
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  const guint8 *nl = memchr (data, '\n', size);
  gsize len = nl ? (gsize) (nl - data) : size;
  const char *line = (const char *) data;
  const guint8 *rest = nl ? nl + 1 : data + size;

  cJSON *record = cJSON_ParseWithLength (line, len);
  g_autoptr (GBytes) packed = record ? fr_output_pack (record, NULL) : NULL;
  cJSON_Delete (record);
  if (packed != NULL && memchr (line, '\0', len) == NULL) {
    gsize n;
    const guint8 *p = g_bytes_get_data (packed, &n);
    store (line, len, p, n, TRUE);
    guint h = g_bytes_hash (packed);   /* where to cut and which byte to change */
    store (line, len, p, h % (n + 1), FALSE);
    g_autofree guint8 *changed = g_memdup2 (p, n);
    if (n > 0)
      changed[h % n] ^= (guint8) (1 + (h >> 8) % 255);
    store (line, len, changed, n, FALSE);
  }
  store (line, len, rest, (gsize) (data + size - rest), FALSE);
  return 0;
}

int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  return 0;
}
