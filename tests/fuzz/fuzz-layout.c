/* fuzz-layout.c — the rule layer: positioned lines (fuzz-common.h's description) through every
 * stage to a record, so the fuzzer can make layouts no PDF generator would: overlapping
 * lines, a thousand columns, pages of every size, sizes from 0 to 1e38.
 */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  FrSource *src = fr_source_new_from_bytes ("fuzz-layout.pdf", bytes);
  /* the record's source says what the lines stand for: a PDF's text pass */
  src->format = FR_FORMAT_PDF;
  FrDocument *doc = fuzz_layout_parse ((const char *) data, size);
  g_autoptr (FrResult) res = fr_process_document (src, doc);
  fuzz_check_result (res);
  return 0;
}
