/* fuzz-text.c — the text-dump route: any bytes, as an archived dump, to a record.
 *
 * Bytes that sniff as a PDF are left alone: that route is Poppler's parser, run in worker
 * processes; this target is about finrep's own code.
 */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  FrSource *src = fr_source_new_from_bytes ("fuzz.txt", bytes);
  if (src->format == FR_FORMAT_PDF) {
    fr_source_free (src);
    return 0;
  }
  g_autoptr (FrResult) res = fr_process_source (src, NULL);
  fuzz_check_result (res);
  return 0;
}
