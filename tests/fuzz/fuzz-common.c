/* fuzz-common.c — the layout description parser and the record checks (fuzz-common.h). */
#include "fuzz-common.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the layout description ------------------------------------------------------------ */

/* The next space-separated token of [*p, end); empty at the end of the line. */
static gsize
next_token (const char **p, const char *end, const char **tok)
{
  while (*p < end && **p == ' ')
    (*p)++;
  *tok = *p;
  while (*p < end && **p != ' ')
    (*p)++;
  return (gsize) (*p - *tok);
}

static float
token_float (const char **p, const char *end)
{
  const char *tok;
  gsize n = next_token (p, end, &tok);
  char buf[64];
  if (n == 0 || n >= sizeof buf)
    return 0;
  memcpy (buf, tok, n);
  buf[n] = '\0';
  double v = g_ascii_strtod (buf, NULL);
  /* a double beyond float's range would become infinite as a float */
  if (!isfinite (v) || fabs (v) > G_MAXFLOAT)
    return 0;
  return (float) v;
}

/* Decodes the text of a line into code points (see the header for the escapes). */
static GArray *
decode_text (const char *p, const char *end)
{
  GArray *cps = g_array_new (FALSE, FALSE, sizeof (gunichar));
  while (p < end) {
    gunichar c;
    if (*p == '\\' && p + 1 < end && p[1] == '\\') {
      c = '\\';
      p += 2;
    } else if (*p == '\\' && p + 2 < end && p[1] == 'u' && p[2] == '{') {
      const char *q = p + 3;
      guint32 v = 0;
      int digits = 0;
      while (q < end && g_ascii_isxdigit (*q) && digits < 8) {
        v = v * 16 + (guint32) g_ascii_xdigit_value (*q++);
        digits++;
      }
      if (digits == 0 || q >= end || *q != '}') {
        c = '\\';
        p++;
      } else {
        c = v;
        p = q + 1;
      }
    } else {
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2) {
        c = 0xDC00 + (guint8) *p;
        p++;
      } else {
        p = g_utf8_next_char (p);
      }
    }
    g_array_append_val (cps, c);
  }
  return cps;
}

static void
add_line (FrDocument *doc, FrPage *page, const char *p, const char *end)
{
  float x0 = token_float (&p, end), y0 = token_float (&p, end);
  float x1 = token_float (&p, end), y1 = token_float (&p, end);
  /* Poppler's sizes are lengths; the PDF route orders every box */
  float size = fabsf (token_float (&p, end));
  if (x1 < x0) {
    float t = x0;
    x0 = x1;
    x1 = t;
  }
  if (y1 < y0) {
    float t = y0;
    y0 = y1;
    y1 = t;
  }
  const char *tok;
  gsize n = next_token (&p, end, &tok);
  g_autofree char *font_name = g_strndup (tok, n);
  guint16 font = strcmp (font_name, "-") == 0 ? 0 : fr_document_intern_font (doc, font_name);
  if (p < end)
    p++;   /* the one space before the text */
  g_autoptr (GArray) cps = decode_text (p, end);
  if (cps->len == 0)
    return;
  FrLine *line = fr_page_add_line (page);
  double step = ((double) x1 - x0) / cps->len;
  for (guint i = 0; i < cps->len; i++) {
    float gx0 = (float) (x0 + step * i), gx1 = (float) (x0 + step * (i + 1));
    fr_line_append (line, g_array_index (cps, gunichar, i), gx0, y0, MAX (gx0, gx1), y1, font, size);
  }
  fr_line_sync (line, doc);
}

FrDocument *
fuzz_layout_parse (const char *data, gsize len)
{
  FrDocument *doc = fr_document_new (FR_FORMAT_PDF);
  FrPage *page = NULL;
  const char *p = data, *end = data + len;
  while (p < end) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    const char *stop = nl ? nl : end;
    if (stop > p && *p == 'O') {
      /* the page so far was read by OCR: the OCR stage's repairs run on it */
      if (page == NULL)
        page = fr_document_add_page (doc, 595, 842);
      if (doc->ocr_pages == NULL)
        doc->ocr_pages = g_array_new (FALSE, FALSE, sizeof (guint));
      guint index = doc->pages->len - 1;
      if (doc->ocr_pages->len == 0 || g_array_index (doc->ocr_pages, guint, doc->ocr_pages->len - 1) != index)
        g_array_append_val (doc->ocr_pages, index);
    } else if (stop > p && (*p == 'P' || *p == 'L')) {
      const char *q = p + 1;
      if (*p == 'P') {
        float w = fabsf (token_float (&q, stop)), h = fabsf (token_float (&q, stop));
        page = fr_document_add_page (doc, w, h);
      } else {
        if (page == NULL)
          page = fr_document_add_page (doc, 595, 842);
        add_line (doc, page, q, stop);
      }
    }
    p = nl ? nl + 1 : end;
  }
  if (page == NULL)
    fr_document_add_page (doc, 595, 842);
  return doc;
}

/* ---- the record checks ----------------------------------------------------------------- */

static void fail (const char *record, const char *fmt, ...) G_GNUC_PRINTF (2, 3) G_GNUC_NORETURN;

static void
fail (const char *record, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "fuzz check failed: %s\n", what);
  if (record)
    fprintf (stderr, "in the record: %.2000s\n", record);
  abort ();
}

static gboolean
is_int_in (const cJSON *n, double lo, double hi)
{
  return cJSON_IsNumber (n) && n->valuedouble == floor (n->valuedouble) && n->valuedouble >= lo
         && n->valuedouble <= hi;
}

/* Every "page" is 1-based and within the document; every "box" is null or [x0,y0,x1,y1]. */
static void
check_places (const cJSON *node, guint n_pages, const char *record)
{
  for (const cJSON *c = node->child; c != NULL; c = c->next) {
    if (c->string && strcmp (c->string, "page") == 0 && cJSON_IsNumber (c)
        && !is_int_in (c, 1, n_pages ? n_pages : G_MAXUINT))
      fail (record, "page %g outside 1..%u", c->valuedouble, n_pages);
    if (c->string && strcmp (c->string, "box") == 0 && !cJSON_IsNull (c)) {
      double v[4];
      if (!cJSON_IsArray (c) || cJSON_GetArraySize (c) != 4)
        fail (record, "a box that is not four numbers");
      for (int i = 0; i < 4; i++) {
        const cJSON *e = cJSON_GetArrayItem (c, i);
        if (!cJSON_IsNumber (e) || !isfinite (e->valuedouble))
          fail (record, "a box with a non-number");
        v[i] = e->valuedouble;
      }
      if (v[0] > v[2] || v[1] > v[3])
        fail (record, "a box [%g, %g, %g, %g] that is not ordered", v[0], v[1], v[2], v[3]);
    }
    check_places (c, n_pages, record);
  }
}

static void
check_printed (const char *s, gboolean compact, const char *record)
{
  if (s == NULL)
    fail (record, "cJSON could not print the record");
  if (!g_utf8_validate (s, -1, NULL))
    fail (s, "the record is not valid UTF-8");
  if (compact)
    for (const char *p = s; *p; p++)
      if ((guchar) *p < 0x20)
        fail (s, "a raw control character 0x%02x in a JSON line", (guchar) *p);
  cJSON *back = cJSON_ParseWithOpts (s, NULL, TRUE);
  if (back == NULL)
    fail (s, "the record does not parse as JSON");
  char *again = compact ? cJSON_PrintUnformatted (back) : cJSON_Print (back);
  if (again == NULL || strcmp (again, s) != 0)
    fail (s, "the record does not print back to itself: %.2000s", again ? again : "(null)");
  cJSON_free (again);
  cJSON_Delete (back);
}

static void
check_shape (const cJSON *j, const char *record)
{
  /* RECORD.md's keys, in its order; the project may add others between them */
  static const char *const keys[] = { "schema", "source", "status", "error", "report",
                                      "sections", "tables", "indicators", "finance",
                                      "self_score", "problems", "measures", "checks",
                                      "warnings" };
  const cJSON *c = j->child;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
    while (c != NULL && strcmp (c->string, keys[i]) != 0)
      c = c->next;
    if (c == NULL)
      fail (record, "key \"%s\" missing or out of order", keys[i]);
  }
  const cJSON *schema = cJSON_GetObjectItemCaseSensitive (j, "schema");
  if (!cJSON_IsString (schema) || strcmp (schema->valuestring, FR_SCHEMA) != 0)
    fail (record, "schema is not %s", FR_SCHEMA);
  const cJSON *src = cJSON_GetObjectItemCaseSensitive (j, "source");
  if (!cJSON_IsObject (src) || !cJSON_IsString (cJSON_GetObjectItemCaseSensitive (src, "path")))
    fail (record, "source.path is not a string");
  const char *status = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (j, "status"));
  const cJSON *err = cJSON_GetObjectItemCaseSensitive (j, "error");
  if (status == NULL || (strcmp (status, "ok") != 0 && strcmp (status, "error") != 0))
    fail (record, "status is neither ok nor error");
  if (strcmp (status, "ok") == 0 ? !cJSON_IsNull (err) : !cJSON_IsObject (err))
    fail (record, "error does not agree with status");
  if (cJSON_IsObject (err)) {
    const char *code = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (err, "code"));
    gboolean known = FALSE;
    for (int i = 0; code != NULL && i < FR_ERROR_N_CODES; i++)
      known |= strcmp (code, fr_error_code_name ((FrErrorCode) i)) == 0;
    if (!known || !cJSON_IsString (cJSON_GetObjectItemCaseSensitive (err, "message")))
      fail (record, "error without a known code and a message");
  }
  static const char *const arrays[] = { "sections", "tables", "indicators", "problems",
                                        "measures", "checks", "warnings" };
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    if (!cJSON_IsArray (cJSON_GetObjectItemCaseSensitive (j, arrays[i])))
      fail (record, "%s is not an array", arrays[i]);
  const cJSON *score = cJSON_GetObjectItemCaseSensitive (j, "self_score");
  if (!cJSON_IsNull (score) && !cJSON_IsNumber (score))
    fail (record, "self_score is neither null nor a number");
}

void
fuzz_check_record_json (cJSON *j, guint n_pages)
{
  char *line = cJSON_PrintUnformatted (j);
  check_printed (line, TRUE, NULL);
  check_shape (j, line);
  check_places (j, n_pages, line);
  char *pretty = cJSON_Print (j);
  check_printed (pretty, FALSE, line);
  cJSON_free (pretty);
  cJSON_free (line);
  cJSON_Delete (j);
}

void
fuzz_check_result (const FrResult *res)
{
  fuzz_check_record_json (fr_result_to_json (res), fr_result_pages (res));
  /* the library's own line writer gives the same line */
  g_autofree char *line = fr_result_to_line (res);
  check_printed (line, TRUE, NULL);
  g_autofree char *text = fr_result_to_text (res);
  if (!g_utf8_validate (text, -1, NULL))
    fail (NULL, "the clean text is not valid UTF-8: %.2000s", text);
}
