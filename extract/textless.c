/* textless.c — a copy of a PDF that renders without its text (see textless.h). */
#define _GNU_SOURCE   /* memmem */
#include "textless.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* An object stream decoded to more than this is left as it is (a bomb, or not worth it). */
#define MAX_OBJSTM (32u << 20)
/* How far before a "/ObjStm" its object's header may stand, and after it its data. */
#define DICT_REACH 2048

static gboolean
is_delimiter (guint8 c)
{
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ' || c == '('
         || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}'
         || c == '/' || c == '%';
}

/* Renames every "/Font" name (not /FontFile, /FontName …) in p[0..n) to "/Fonx". */
static guint
rename_font_keys (guint8 *p, gsize n)
{
  guint count = 0;
  guint8 *q = p;
  while ((q = memmem (q, n - (gsize) (q - p), "/Font", 5)) != NULL) {
    gsize after = (gsize) (q - p) + 5;
    if (after >= n || is_delimiter (p[after])) {
      q[4] = 'x';
      count++;
    }
    q += 5;
  }
  return count;
}

/* The last occurrence of needle in [from, to), or NULL. */
static const guint8 *
find_last (const guint8 *from, const guint8 *to, const char *needle)
{
  gsize k = strlen (needle);
  if ((gsize) (to - from) < k)
    return NULL;
  for (const guint8 *q = to - k; q >= from; q--)
    if (memcmp (q, needle, k) == 0)
      return q;
  return NULL;
}

/* The value of "/Length N" in a dictionary's text, when it is a direct integer. */
static gboolean
direct_length (const guint8 *dict, gsize n, gsize *length)
{
  const guint8 *k = memmem (dict, n, "/Length", 7);
  if (k == NULL)
    return FALSE;
  g_autofree char *rest = g_strndup ((const char *) k + 7, n - (gsize) (k + 7 - dict));
  char *end = NULL;
  guint64 v = g_ascii_strtoull (rest, &end, 10);
  if (end == rest)
    return FALSE;
  /* "/Length 12 0 R" is a reference, not a length */
  char *after = end;
  while (*after == ' ' || *after == '\n' || *after == '\r')
    after++;
  if (g_ascii_isdigit (*after))
    return FALSE;
  *length = (gsize) v;
  return TRUE;
}

guint8 *
fr_inflate_all (const guint8 *in, gsize n, gsize max_out, gsize *out_len)
{
  z_stream z = { 0 };
  if (inflateInit (&z) != Z_OK)
    return NULL;
  if (max_out == 0)
    return NULL;
  gsize cap = MIN (MAX (n * 4, (gsize) 4096), max_out), len = 0;
  guint8 *out = g_malloc (cap);
  z.next_in = (Bytef *) in;
  z.avail_in = (uInt) n;
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (len == cap) {
      if (cap >= max_out)
        break;
      cap = MIN (cap * 2, max_out);
      out = g_realloc (out, cap);
    }
    z.next_out = out + len;
    z.avail_out = (uInt) (cap - len);
    rc = inflate (&z, Z_NO_FLUSH);
    len = cap - z.avail_out;
  }
  gsize used = n - z.avail_in;
  inflateEnd (&z);
  /* all of it one deflate stream: a stream that ends early is not what it claimed */
  if (rc != Z_STREAM_END || used + 2 < n) {
    g_free (out);
    return NULL;
  }
  *out_len = len;
  return out;
}

/* Renames the font keys inside one Flate object stream whose "/ObjStm" is at at; the stream
 * is rewritten in place when its recompressed data fits in its old length. */
static guint
rename_in_objstm (guint8 *p, gsize n, gsize at)
{
  const guint8 *lo = p + (at > DICT_REACH ? at - DICT_REACH : 0);
  const guint8 *head = find_last (lo, p + at, "obj");
  gsize reach = MIN (n - at, (gsize) DICT_REACH);
  const guint8 *kw = memmem (p + at, reach, "stream", 6);
  if (head == NULL || kw == NULL)
    return 0;
  gsize dict_len = (gsize) (kw - head);
  /* only a plain Flate stream: no predictor, no other filter */
  if (memmem (head, dict_len, "/FlateDecode", 12) == NULL || memmem (head, dict_len, "/DecodeParms", 12)
      || memmem (head, dict_len, "/Filter [", 9) || memmem (head, dict_len, "/Filter[", 8))
    return 0;
  gsize length = 0;
  if (!direct_length (head, dict_len, &length))
    return 0;
  gsize data = (gsize) (kw - p) + 6;
  if (data < n && p[data] == '\r')
    data++;
  if (data < n && p[data] == '\n')
    data++;
  if (length == 0 || data > n || length > n - data)
    return 0;
  /* the length must be the stream's: "endstream" right after it (an end of line between),
   * or the dictionary read was not this stream's and nothing is written */
  gsize after = data + length;
  while (after < n && after < data + length + 2 && (p[after] == '\r' || p[after] == '\n'))
    after++;
  if (after + 9 > n || memcmp (p + after, "endstream", 9) != 0)
    return 0;

  gsize plain_len = 0;
  g_autofree guint8 *plain = fr_inflate_all (p + data, length, MAX_OBJSTM, &plain_len);
  if (plain == NULL)
    return 0;
  guint count = rename_font_keys (plain, plain_len);
  if (count == 0)
    return 0;
  uLongf packed_len = compressBound ((uLong) plain_len);
  g_autofree guint8 *packed = g_malloc (packed_len);
  if (compress2 (packed, &packed_len, plain, (uLong) plain_len, Z_BEST_COMPRESSION) != Z_OK
      || packed_len > length)
    return 0;
  /* the stream keeps its length: a Flate decoder stops at the end of the last block, and
   * the zeros after it are never read */
  memcpy (p + data, packed, packed_len);
  memset (p + data + packed_len, 0, length - packed_len);
  return count;
}

GBytes *
fr_pdf_without_text (GBytes *pdf, guint *renamed)
{
  gsize n = 0;
  const guint8 *orig = g_bytes_get_data (pdf, &n);
  *renamed = 0;
  if (orig == NULL || n == 0)
    return NULL;
  guint8 *p = g_memdup2 (orig, n);
  guint count = 0;
  /* the keys in object streams, then those in plain objects; the plain pass goes over
   * compressed data too, where "/Font" and a delimiter, six given bytes, stand by chance
   * once in 2^48 positions */
  for (const guint8 *q = p; (q = memmem (q, n - (gsize) (q - p), "/ObjStm", 7)) != NULL; q += 7)
    count += rename_in_objstm (p, n, (gsize) (q - p));
  count += rename_font_keys (p, n);
  if (count == 0) {
    g_free (p);
    return NULL;
  }
  *renamed = count;
  return g_bytes_new_take (p, n);
}
