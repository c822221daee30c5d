/* fuzz-record.c — the record writer with hostile strings.
 *
 * Input: a first line that is the file's path (any bytes: a path need not be UTF-8), a second
 * that is an error message, eight bytes of a size, and the rest a layout description
 * (fuzz-common.h) whose text may name any 32-bit code point.  The rest is also run as a text
 * dump under the hostile path.  Every record must come out as valid UTF-8 JSON.
 */
#include "fuzz-common.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* The next line of [*p, end) as a string (NULs and all: C strings stop at the first). */
static char *
take_line (const char **p, const char *end)
{
  const char *nl = memchr (*p, '\n', (gsize) (end - *p));
  const char *stop = nl ? nl : end;
  char *s = g_strndup (*p, (gsize) (stop - *p));
  *p = nl ? nl + 1 : end;
  return s;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  const char *p = (const char *) data, *end = p + size;
  g_autofree char *path = take_line (&p, end);
  g_autofree char *message = take_line (&p, end);
  gint64 nbytes = 0;
  if (end - p >= 8) {
    memcpy (&nbytes, p, 8);
    p += 8;
  }
  gsize rest = (gsize) (end - p);

  /* an error record, as the ingest parent makes one when a worker died */
  FrErrorCode code = (FrErrorCode) ((guint64) nbytes % FR_ERROR_N_CODES);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, message, -1);
  fuzz_check_record_json (fr_error_record_new (path, sha, nbytes, code, message), 0);

  /* the layout, under the hostile path */
  g_autoptr (GBytes) bytes = g_bytes_new (p, rest);
  FrSource *src = fr_source_new_from_bytes (path, bytes);
  gboolean pdf = src->format == FR_FORMAT_PDF;
  src->format = FR_FORMAT_PDF;
  g_autoptr (FrResult) res = fr_process_document (src, fuzz_layout_parse (p, rest));
  fuzz_check_result (res);

  /* the same bytes as a text dump (Poppler's route is not ours to fuzz) */
  if (!pdf) {
    g_autoptr (FrResult) tres = fr_process_source (fr_source_new_from_bytes (path, bytes), NULL);
    fuzz_check_result (tres);
  }
  return 0;
}
