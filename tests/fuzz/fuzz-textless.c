#define _GNU_SOURCE   /* memmem */
/* fuzz-textless.c — the copy of a PDF without its text (extract/textless.h) on any bytes.
 *
 * The copy is made from bytes nobody vetted, with its own small reading of object streams
 * (a dictionary found backwards from /ObjStm, a length, inflate, deflate, write in place).
 * Whatever the input: no crash, the copy as long as the input, and every byte that differs
 * either a renamed key's 't' -> 'x' or inside a stream the copy rewrote, never outside one.
 */
#include <string.h>

#include "textless.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) in = g_bytes_new (data, size);
  guint renamed = 0;
  g_autoptr (GBytes) out = fr_pdf_without_text (in, &renamed);
  if (out == NULL) {
    if (renamed != 0)
      __builtin_trap ();
    return 0;
  }
  gsize n = 0;
  const guint8 *copy = g_bytes_get_data (out, &n);
  if (n != size || renamed == 0)
    __builtin_trap ();
  /* outside the rewritten streams, a difference is a renamed key: "/Font" became "/Fonx" */
  const guint8 *first_stream = memmem (data, size, "stream", 6);
  for (gsize i = 0; i < size; i++) {
    if (copy[i] == data[i])
      continue;
    gboolean key = copy[i] == 'x' && data[i] == 't' && i >= 4 && memcmp (data + i - 4, "/Fon", 4) == 0;
    /* inside a rewritten stream any byte may change: it lies after "stream" and before
     * "endstream", both within the input */
    gboolean before = first_stream != NULL && first_stream + 6 <= data + i;
    const guint8 *after = memmem (data + i, size - i, "endstream", 9);
    if (!key && (!before || after == NULL))
      __builtin_trap ();
  }
  return 0;
}
