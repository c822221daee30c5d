/* ingest-parent.c — what finrep ingest's parent does to store records in a database, on its
 * own, for counting its instructions (bench/ingest-sqlite.sh -c): each record of a JSON Lines
 * file is packed as a worker packs it (fr_output_pack, from the tree) and stored as the parent
 * stores it (fr_output_add_packed), with no worker to wait for.
 *
 * Usage: ingest-parent OUT.sqlite RECORDS.jsonl
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "output.h"

int
main (int argc, char **argv)
{
  if (argc != 3) {
    fprintf (stderr, "usage: ingest-parent OUT.sqlite RECORDS.jsonl\n");
    return 2;
  }
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize size;
  if (!g_file_get_contents (argv[2], &text, &size, &error)) {
    fprintf (stderr, "ingest-parent: %s\n", error->message);
    return 1;
  }
  FrOutput *out = fr_output_open (FR_OUTPUT_SQLITE, argv[1], NULL, &error);
  if (out == NULL) {
    fprintf (stderr, "ingest-parent: %s\n", error->message);
    return 1;
  }
  char *line = text, *end = text + size;
  while (line < end) {
    char *nl = memchr (line, '\n', (gsize) (end - line));
    gsize len = nl ? (gsize) (nl - line) : (gsize) (end - line);
    cJSON *record = cJSON_ParseWithLength (line, len);
    g_autoptr (GBytes) rows = record ? fr_output_pack (record, &error) : NULL;
    cJSON_Delete (record);
    if (rows == NULL || !fr_output_add_packed (out, line, len, rows, &error)) {
      fprintf (stderr, "ingest-parent: %s\n", error ? error->message : "not JSON");
      fr_output_free (out);
      return 1;
    }
    line += len + 1;
  }
  if (!fr_output_close (out, &error)) {
    fprintf (stderr, "ingest-parent: %s\n", error->message);
    return 1;
  }
  return 0;
}
