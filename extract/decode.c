/* decode.c — the bytes of a text dump as UTF-8.
 *
 * Archived dumps are UTF-8 or GB18030 (a superset of GBK and GB2312).  A copy that went
 * through a bad transfer or a careless editor may carry a few bytes that are neither: one
 * such byte must not turn a readable report into "not a text file".  So each encoding is
 * read leniently, a bad byte becoming U+FFFD, and the bytes are that encoding when at most
 * a few in a thousand had to be replaced.  UTF-8 is tried first: GB18030 text is almost all
 * invalid UTF-8, while UTF-8 text of any length is rarely valid GB18030 as a whole.
 */
#include "extract.h"

#include <errno.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"   /* U+FFFD */

/* How many replaced bytes a text may have and still count as text in that encoding. */
static gboolean
few_enough (gsize replaced, gsize len)
{
  return replaced <= 2 + len / 1000;
}

static GString *
decode_utf8 (const char *data, gsize len, gsize *replaced)
{
  GString *out = g_string_sized_new (len + 1);
  const char *p = data;
  const char *end = data + len;
  while (p < end) {
    const char *bad = NULL;
    if (g_utf8_validate (p, end - p, &bad)) {
      g_string_append_len (out, p, end - p);
      break;
    }
    g_string_append_len (out, p, bad - p);
    /* NUL is valid UTF-8, but g_utf8_validate stops at it: keep it, the reader ends a
     * line there */
    if (*bad == '\0') {
      g_string_append_c (out, '\0');
    } else {
      g_string_append (out, REPLACEMENT);
      (*replaced)++;
    }
    p = bad + 1;
  }
  return out;
}

static GString *
decode_gb18030 (const char *data, gsize len, gsize *replaced)
{
  GIConv cd = g_iconv_open ("UTF-8", "GB18030");
  if (cd == (GIConv) -1)
    return NULL;
  GString *out = g_string_sized_new (len * 3 / 2 + 16);
  char buf[4096];
  char *in = (char *) data;   /* iconv's signature; the bytes are not written */
  gsize in_left = len;
  while (in_left > 0) {
    char *o = buf;
    gsize o_left = sizeof buf;
    gboolean stuck = g_iconv (cd, &in, &in_left, &o, &o_left) == (gsize) -1 && errno != E2BIG;
    /* E2BIG: buf is full, and flushed here */
    g_string_append_len (out, buf, (gssize) (sizeof buf - o_left));
    if (!stuck)
      continue;
    /* EILSEQ, or EINVAL for a sequence cut off by the end: one byte is replaced */
    g_string_append (out, REPLACEMENT);
    (*replaced)++;
    in++;
    in_left--;
    g_iconv (cd, NULL, NULL, NULL, NULL);
  }
  g_iconv_close (cd);
  return out;
}

char *
fr_text_decode (const char *data, gsize len, gsize *out_len, gsize *replaced)
{
  gsize bad = 0;
  g_autoptr (GString) s = decode_utf8 (data, len, &bad);
  if (!few_enough (bad, len)) {
    g_string_free (g_steal_pointer (&s), TRUE);
    bad = 0;
    s = decode_gb18030 (data, len, &bad);
    if (s == NULL || !few_enough (bad, len))
      return NULL;
  }
  if (out_len)
    *out_len = s->len;
  if (replaced)
    *replaced = bad;
  return g_string_free (g_steal_pointer (&s), FALSE);
}
