#include "document.h"
#include "pdflib.h"
#include "vector.h"

#include <string.h>

FrDocument *
fr_document_new (FrFormat format)
{
  FrDocument *doc = g_new0 (FrDocument, 1);
  doc->format = format;
  doc->has_geometry = format == FR_FORMAT_PDF;
  doc->pages = g_ptr_array_new ();
  doc->warnings = g_ptr_array_new_with_free_func (g_free);
  doc->fonts = g_array_new (FALSE, TRUE, sizeof (FrFont));
  FrFont unknown = { g_strdup (""), FALSE };
  g_array_append_val (doc->fonts, unknown);
  return doc;
}

static void
page_free (FrPage *page)
{
  g_ptr_array_unref (page->lines);
  g_free (page);
}

void
fr_document_free (FrDocument *doc)
{
  if (doc == NULL)
    return;
  for (guint i = 0; i < doc->pages->len; i++)
    page_free (g_ptr_array_index (doc->pages, i));
  g_ptr_array_unref (doc->pages);
  for (guint i = 0; i < doc->fonts->len; i++)
    g_free (g_array_index (doc->fonts, FrFont, i).name);
  g_array_unref (doc->fonts);
  g_ptr_array_unref (doc->warnings);
  fr_pdf_free (doc->pdf);
  if (doc->pdf_textless)
    g_object_unref (doc->pdf_textless);
  fr_vector_cache_free (doc->pdf_vector);
  if (doc->pdf_bytes)
    g_bytes_unref (doc->pdf_bytes);
  if (doc->ocr_pages)
    g_array_unref (doc->ocr_pages);
  if (doc->ocr_rulings)
    g_ptr_array_unref (doc->ocr_rulings);
  g_free (doc);
}

FrPage *
fr_document_add_page (FrDocument *doc, float width, float height)
{
  FrPage *page = g_new0 (FrPage, 1);
  page->index = doc->pages->len;
  page->width = width;
  page->height = height;
  page->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) fr_line_free);
  g_ptr_array_add (doc->pages, page);
  return page;
}

/* Bold or black weights are told by the font name: that is all a PDF reliably says. */
static gboolean
font_name_is_bold (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  static const char *const marks[] = { "bold", "black", "heavy", "semibold", "demibold",
                                       "黑体", "heiti", "simhei", "xbs", "fzdbs", "小标宋",
                                       "-bd", ",bold", "medium" };
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (strstr (lower, marks[i]) != NULL)
      return TRUE;
  return FALSE;
}

guint16
fr_document_intern_font (FrDocument *doc, const char *name)
{
  if (name == NULL || *name == '\0')
    return 0;
  for (guint i = 1; i < doc->fonts->len; i++)
    if (strcmp (g_array_index (doc->fonts, FrFont, i).name, name) == 0)
      return (guint16) i;
  if (doc->fonts->len >= G_MAXUINT16)
    return 0;
  FrFont font = { g_strdup (name), font_name_is_bold (name) };
  g_array_append_val (doc->fonts, font);
  return (guint16) (doc->fonts->len - 1);
}

FrLine *
fr_line_new (guint page)
{
  FrLine *line = g_new0 (FrLine, 1);
  line->glyphs = g_array_new (FALSE, FALSE, sizeof (FrGlyph));
  line->page = page;
  return line;
}

FrLine *
fr_page_add_line (FrPage *page)
{
  FrLine *line = fr_line_new (page->index);
  g_ptr_array_add (page->lines, line);
  return line;
}

void
fr_line_free (FrLine *line)
{
  if (line == NULL)
    return;
  g_array_unref (line->glyphs);
  g_free (line->text);
  g_free (line->source_text);
  g_free (line);
}

void
fr_line_append (FrLine *line, gunichar c, float x0, float y0, float x1, float y1,
                guint16 font, float size)
{
  /* a glyph is a Unicode character: a surrogate or a value past U+10FFFF would make invalid
   * UTF-8 (which PCRE2 refuses to match), and a NUL would cut the line's text short */
  if (c == 0 || !g_unichar_validate (c))
    c = 0xFFFD;
  FrGlyph g = { c, x0, y0, x1, y1, font, 0, size };
  g_array_append_val (line->glyphs, g);
}

void
fr_line_sync (FrLine *line, const FrDocument *doc)
{
  GString *s = g_string_sized_new (line->glyphs->len * 3 + 1);
  FrBox box = FR_BOX_EMPTY;
  /* dominant size and boldness, weighted by glyph count (spaces excluded) */
  double size_sum = 0;
  guint counted = 0, bold = 0;

  for (guint i = 0; i < line->glyphs->len; i++) {
    const FrGlyph *g = &g_array_index (line->glyphs, FrGlyph, i);
    g_string_append_unichar (s, g->c);
    if (g->c == ' ')
      continue;
    if (g->x1 > g->x0 || g->y1 > g->y0)
      fr_box_add (&box, fr_glyph_box (g));
    size_sum += g->size;
    counted++;
    if (g->font < doc->fonts->len && g_array_index (doc->fonts, FrFont, g->font).bold)
      bold++;
  }
  g_free (line->text);
  line->text = g_string_free (s, FALSE);
  if (box.x0 <= box.x1) {
    line->x0 = box.x0;
    line->y0 = box.y0;
    line->x1 = box.x1;
    line->y1 = box.y1;
  }
  line->size = counted ? (float) (size_sum / counted) : 0;
  line->bold = counted && bold * 2 > counted;
}
