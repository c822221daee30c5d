/* text.c — the text route: an archived dump (pdftotext output or the like), no geometry.
 *
 * Pages are split at \f; dumps without \f are one page (RECORD.md: text pages count \f).
 * A line that starts with exactly one space, right after a non-blank line, is where some
 * converters begin a new page (the seed dump does): it is marked page_break_before so the
 * blocks stage can carry a paragraph over it.  Each line keeps the text as read
 * (source_text): the chars stage removes spaces between CJK characters, and in a dump those
 * spaces are the only trace of two table cells that stood side by side.
 */
#include "extract.h"

#include <string.h>

static FrLine *
add_line (FrDocument *doc, FrPage *page, const char *p, const char *end)
{
  FrLine *line = fr_page_add_line (page);
  line->source_text = g_strndup (p, (gsize) (end - p));
  for (const char *c = p; c < end; c = g_utf8_next_char (c))
    fr_line_append (line, g_utf8_get_char (c), 0, 0, 0, 0, 0, 0);
  fr_line_sync (line, doc);
  return line;
}

static gboolean
blank (const FrLine *line)
{
  for (const char *c = line->source_text; *c; c++)
    if (*c != ' ' && *c != '\t')
      return FALSE;
  return TRUE;
}

FrDocument *
fr_extract_text (const FrSource *src, const FrExtractOptions *opts, GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (src->bytes, &len);
  g_autofree char *converted = NULL;

  if (data == NULL)
    data = "";
  /* skip a UTF-8 byte order mark */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  gsize replaced = 0;
  /* most dumps are valid UTF-8 and are read in place; the others are decoded to a copy */
  if (!g_utf8_validate (data, (gssize) len, NULL)) {
    converted = fr_text_decode (data, len, &len, &replaced);
    if (converted == NULL) {
      g_set_error (error, FR_ERROR, FR_ERROR_NOT_PDF, "a text file in neither UTF-8 nor GB18030");
      return NULL;
    }
    data = converted;
  }

  g_autoptr (FrDocument) doc = fr_document_new (FR_FORMAT_TEXT);
  if (replaced > 0)
    g_ptr_array_add (doc->warnings,
                     g_strdup_printf ("extract: %" G_GSIZE_FORMAT " byte%s neither UTF-8 nor "
                                      "GB18030, read as U+FFFD", replaced,
                                      replaced == 1 ? "" : "s"));
  FrPage *page = fr_document_add_page (doc, 0, 0);
  const char *end = data + len;
  const char *p = data;
  gboolean new_page = FALSE;
  while (p < end) {
    /* one line: up to \n, \r\n or a lone \r; a \f inside starts a new page */
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r' && *q != '\f' && *q != '\0')
      q++;
    if (q > p || (q < end && *q != '\f')) {
      FrLine *line = add_line (doc, page, p, q);
      guint n = page->lines->len;
      const FrLine *before = n >= 2 ? g_ptr_array_index (page->lines, n - 2) : NULL;
      if (!blank (line)) {
        if (new_page || (p[0] == ' ' && p[1] != ' ' && before != NULL && !blank (before)))
          line->page_break_before = TRUE;
        new_page = FALSE;
      }
    }
    if (q >= end)
      break;
    if (*q == '\f') {
      if (opts && opts->max_pages > 0 && doc->pages->len >= opts->max_pages) {
        g_set_error (error, FR_ERROR, FR_ERROR_TOO_LARGE, "over %u pages, the limit",
                     opts->max_pages);
        return NULL;
      }
      page = fr_document_add_page (doc, 0, 0);
      new_page = TRUE;
      p = q + 1;
      continue;
    }
    if (*q == '\r' && q + 1 < end && q[1] == '\n')
      q++;
    p = q + 1;
  }
  /* a trailing \f (pdftotext ends with one) leaves an empty last page */
  while (doc->pages->len > 1) {
    FrPage *last = g_ptr_array_index (doc->pages, doc->pages->len - 1);
    gboolean empty = TRUE;
    for (guint i = 0; i < last->lines->len && empty; i++)
      empty = blank (g_ptr_array_index (last->lines, i));
    if (!empty)
      break;
    g_ptr_array_remove_index (doc->pages, doc->pages->len - 1);
    g_ptr_array_unref (last->lines);
    g_free (last);
  }
  return g_steal_pointer (&doc);
}
