#define _GNU_SOURCE   /* memmem */
#include "extract.h"
#include "aside.h"
#include "sha256.h"

#include <errno.h>
#include <string.h>

void
fr_source_free (FrSource *src)
{
  if (src == NULL)
    return;
  fr_source_sha256 (src);   /* joins a hash made aside */
  g_free (src->sha256_);
  g_free (src->path);
  g_clear_pointer (&src->bytes, g_bytes_unref);
  g_free (src);
}

static gpointer
hash_bytes (gpointer bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  return fr_sha256_hex (data ? data : (const guint8 *) "", len);
}

const char *
fr_source_sha256 (const FrSource *src)
{
  /* a source is one thread's (its owner's); the hash, aside, reads its bytes and nothing else */
  FrSource *s = (FrSource *) src;
  if (s->hashing_)
    s->sha256_ = fr_aside_join (g_steal_pointer (&s->hashing_));
  return s->sha256_;
}

const char *
fr_source_sha256_if_made (const FrSource *src)
{
  if (src->sha256_)
    return src->sha256_;
  return src->hashing_ ? fr_aside_peek (src->hashing_) : NULL;
}

/* Is this plausibly a text dump?  Valid UTF-8 (or GB18030 that converts) with few control
 * characters other than \n \r \t \f.  Sampled from the start: a dump is uniform. */
static gboolean
looks_like_text (const guint8 *data, gsize len)
{
  gsize n = MIN (len, (gsize) 65536);
  gsize controls = 0;
  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++) {
    guint8 c = data[i];
    if (c == 0)
      return FALSE;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
      controls++;
  }
  if (controls * 100 > n)
    return FALSE;
  /* the reader's own decoding, as lenient: a stray byte does not make a dump binary (a
   * multibyte sequence cut at the sample's end costs one replaced byte) */
  gsize out = 0;
  g_autofree char *conv = fr_text_decode ((const char *) data, n, &out, NULL);
  return conv != NULL && out > 0;
}

static gboolean
looks_like_html (const guint8 *data, gsize len)
{
  g_autofree char *head = g_ascii_strdown ((const char *) data, (gssize) MIN (len, (gsize) 1024));
  return strstr (head, "<html") || strstr (head, "<!doctype html") || strstr (head, "<head")
         || strstr (head, "<body");
}

FrSource *
fr_source_load (const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    g_set_error (error, FR_ERROR, FR_ERROR_NOT_FOUND, "no such file%s",
                 g_file_test (path, G_FILE_TEST_IS_SYMLINK) ? " (a dangling symbolic link)" : "");
    return NULL;
  }
  if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, FR_ERROR, FR_ERROR_UNREADABLE, "is a directory, not a file");
    return NULL;
  }
  /* read, not mapped: a file truncated while mapped (an archive being synced, a download
   * still running) would kill the process with SIGBUS */
  char *contents = NULL;
  gsize length = 0;
  if (!g_file_get_contents (path, &contents, &length, &local)) {
    g_set_error (error, FR_ERROR, FR_ERROR_UNREADABLE, "cannot read: %s", local->message);
    return NULL;
  }
  g_autoptr (GBytes) bytes = g_bytes_new_take (contents, length);
  return fr_source_new_from_bytes (path, bytes);
}

FrSource *
fr_source_new_from_bytes (const char *path, GBytes *bytes)
{
  FrSource *src = g_new0 (FrSource, 1);
  src->path = g_strdup (path);
  src->bytes = g_bytes_ref (bytes);
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (src->bytes, &len);
  /* the record needs the hash last: the parse need not wait for it */
  src->hashing_ = fr_aside_run (hash_bytes, src->bytes);

  /* (GBytes gives NULL data only for no bytes) */
  if (data == NULL || len == 0) {
    src->format = FR_FORMAT_NONE;
    src->why_not = "empty file (0 bytes)";
    return src;
  }
  /* A PDF may have junk before %PDF- (readers accept it within the first KiB). */
  if (len >= 5 && memmem (data, MIN (len, (gsize) 1024), "%PDF-", 5) != NULL) {
    src->format = FR_FORMAT_PDF;
  } else if (looks_like_html (data, len)) {
    src->format = FR_FORMAT_NONE;
    src->why_not = "an HTML page, not a PDF (a download that saved an error page?)";
  } else if (looks_like_text (data, len)) {
    src->format = FR_FORMAT_TEXT;
  } else {
    src->format = FR_FORMAT_NONE;
    src->why_not = "neither a PDF (no %PDF- header) nor a text dump";
  }
  return src;
}

FrDocument *
fr_extract (const FrSource *src, const FrExtractOptions *opts, GError **error)
{
  switch (src->format) {
  case FR_FORMAT_PDF:
    return fr_extract_pdf (src, opts, error);
  case FR_FORMAT_TEXT:
    return fr_extract_text (src, opts, error);
  default:
    g_set_error_literal (error, FR_ERROR, FR_ERROR_NOT_PDF, src->why_not);
    return NULL;
  }
}
