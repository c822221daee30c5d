/* text.c — the text route: an archived dump, pages split by \f, no geometry. */
#include "extract.h"

#include <string.h>

FrDocument *
fr_extract_text (const FrSource *src, const FrExtractOptions *opts, GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (src->bytes, &len);
  g_autofree char *converted = NULL;
  (void) opts;

  if (!g_utf8_validate (data, (gssize) len, NULL)) {
    converted = g_convert (data, (gssize) len, "UTF-8", "GB18030", NULL, &len, NULL);
    if (converted == NULL) {
      g_set_error (error, FR_ERROR, FR_ERROR_NOT_PDF,
                   "a text file in neither UTF-8 nor GB18030");
      return NULL;
    }
    data = converted;
  }

  g_autoptr (FrDocument) doc = fr_document_new (FR_FORMAT_TEXT);
  FrPage *page = fr_document_add_page (doc, 0, 0);
  const char *end = data + len;
  const char *p = data;
  /* skip a UTF-8 byte order mark */
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    const char *stop = nl ? nl : end;
    const char *q = p;
    gboolean broke = FALSE;
    for (; q < stop; q++) {
      if (*q == '\f') {
        /* text before the \f ends the old page */
        if (q > p) {
          FrLine *line = fr_page_add_line (page);
          for (const char *c = p; c < q; c = g_utf8_next_char (c))
            fr_line_append (line, g_utf8_get_char (c), 0, 0, 0, 0, 0, 0);
          fr_line_sync (line, doc);
        }
        page = fr_document_add_page (doc, 0, 0);
        p = q + 1;
        broke = TRUE;
      }
    }
    (void) broke;
    const char *line_end = stop;
    if (line_end > p && line_end[-1] == '\r')
      line_end--;
    FrLine *line = fr_page_add_line (page);
    if (p < line_end && *p == ' ' && page->lines->len > 1)
      line->page_break_before = TRUE;
    for (const char *c = p; c < line_end; c = g_utf8_next_char (c))
      fr_line_append (line, g_utf8_get_char (c), 0, 0, 0, 0, 0, 0);
    fr_line_sync (line, doc);
    p = nl ? nl + 1 : end;
  }
  /* a trailing \f leaves an empty last page */
  if (doc->pages->len > 1 && page->lines->len == 0) {
    g_ptr_array_remove_index (doc->pages, doc->pages->len - 1);
    g_ptr_array_unref (page->lines);
    g_free (page);
  }
  if (opts && opts->max_pages > 0 && doc->pages->len > opts->max_pages) {
    g_set_error (error, FR_ERROR, FR_ERROR_TOO_LARGE, "%u pages, over the limit of %u",
                 doc->pages->len, opts->max_pages);
    return NULL;
  }
  return g_steal_pointer (&doc);
}
