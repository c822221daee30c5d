/* tagged.c — table structure from a tagged PDF (see tagged.h). */
#include "tagged.h"
#include "pdflib.h"

#include <string.h>

/* PDFDocEncoding's characters for bytes 0x18-0x1F and 0x80-0xA0 (0 where it has none); the
 * bytes 0x20-0x7E and 0xA1-0xFF are Latin-1 but 0x7F and 0xAD, which it leaves undefined. */
static const gunichar doc_low[8] = { 0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC };
static const gunichar doc_high[33] = {
  0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
  0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
  0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0, 0x20AC,
};

/* The byte PDFDocEncoding maps to c; -1 for none, -2 for U+FFFD (an undefined byte). */
static int
doc_byte (gunichar c)
{
  if (c == 0xFFFD)
    return -2;
  if (c < 0x18 || (c >= 0x20 && c < 0x7F) || (c >= 0xA1 && c <= 0xFF && c != 0xAD))
    return (int) c;
  for (int i = 0; i < 8; i++)
    if (doc_low[i] == c)
      return 0x18 + i;
  for (int i = 0; i < 33; i++)
    if (doc_high[i] == c)
      return 0x80 + i;
  return -1;
}

char *
fr_tagged_repair_text (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  /* only text made entirely of PDFDocEncoding characters, with some beyond ASCII, is suspect */
  GString *bytes = g_string_new (NULL);
  gboolean high = FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    int b = doc_byte (g_utf8_get_char (p));
    if (b == -1) {
      g_string_free (bytes, TRUE);
      return g_strdup (text);
    }
    if (b == -2 || b >= 0x80)
      high = TRUE;
    g_string_append_c (bytes, b == -2 ? '\x01' : (char) b);   /* \x01 marks a lost byte */
  }
  if (!high) {
    g_string_free (bytes, TRUE);
    return g_strdup (text);
  }
  /* decode as UTF-8; a lost byte inside a sequence leaves the character unknown (U+FFFD) */
  GString *out = g_string_new (NULL);
  const guchar *s = (const guchar *) bytes->str;
  gsize n = bytes->len, i = 0;
  gboolean ok = TRUE;
  while (i < n && ok) {
    guchar b = s[i];
    gsize len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (b == 0x01) {
      g_string_append_unichar (out, 0xFFFD);
      i++;
      continue;
    }
    if (len == 0 || i + len > n) {
      ok = FALSE;
      break;
    }
    gboolean lost = FALSE;
    for (gsize k = 1; k < len; k++) {
      if (s[i + k] == 0x01)
        lost = TRUE;
      else if ((s[i + k] & 0xC0) != 0x80)
        ok = FALSE;
    }
    if (!ok)
      break;
    if (lost) {
      g_string_append_unichar (out, 0xFFFD);
    } else {
      gunichar c = g_utf8_get_char_validated ((const char *) s + i, (gssize) len);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        ok = FALSE;
      else
        g_string_append_unichar (out, c);
    }
    i += len;
  }
  g_string_free (bytes, TRUE);
  if (!ok) {
    g_string_free (out, TRUE);
    return g_strdup (text);
  }
  return g_string_free (out, FALSE);
}

static void
cell_free (FrTaggedCell *c)
{
  g_clear_object (&c->element);
  g_free (c->text);
  g_free (c);
}

const char *
fr_tagged_cell_text (FrTaggedCell *cell)
{
  if (cell->text == NULL) {
    g_autofree char *raw = cell->element
      ? poppler_structure_element_get_text (POPPLER_STRUCTURE_ELEMENT (cell->element), POPPLER_STRUCTURE_GET_TEXT_RECURSIVE)
      : NULL;
    cell->text = fr_tagged_repair_text (raw);
  }
  return cell->text;
}

static void
portion_free (FrTaggedTable *t)
{
  g_ptr_array_unref (t->rows);
  g_free (t);
}

typedef struct {
  GPtrArray *out;
  guint n_tables;
  guint depth;
} Walk;

static FrTaggedTable *
portion_for (Walk *w, guint table, guint page)
{
  for (guint i = w->out->len; i-- > 0;) {
    FrTaggedTable *t = g_ptr_array_index (w->out, i);
    if (t->table != table)
      break;
    if (t->page == page)
      return t;
  }
  FrTaggedTable *t = g_new0 (FrTaggedTable, 1);
  t->table = table;
  t->page = page;
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_ptr_array_add (w->out, t);
  return t;
}

static void add_rows (Walk *w, PopplerStructureElementIter *it, guint table);

static void
add_row (Walk *w, PopplerStructureElementIter *row_it, PopplerStructureElement *row, guint table)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  int page = poppler_structure_element_get_page (row);
  PopplerStructureElementIter *it = poppler_structure_element_iter_get_child (row_it);
  if (it) {
    do {
      PopplerStructureElement *e = poppler_structure_element_iter_get_element (it);
      PopplerStructureElementKind k = poppler_structure_element_get_kind (e);
      if (k == POPPLER_STRUCTURE_ELEMENT_TABLE_DATA || k == POPPLER_STRUCTURE_ELEMENT_TABLE_HEADING) {
        FrTaggedCell *c = g_new0 (FrTaggedCell, 1);
        c->element = g_object_ref (e);
        c->heading = k == POPPLER_STRUCTURE_ELEMENT_TABLE_HEADING;
        g_ptr_array_add (cells, c);
        if (page < 0)
          page = poppler_structure_element_get_page (e);
      }
      g_object_unref (e);
    } while (poppler_structure_element_iter_next (it));
    poppler_structure_element_iter_free (it);
  }
  if (page < 0 || cells->len == 0) {
    g_ptr_array_unref (cells);
    return;
  }
  g_ptr_array_add (portion_for (w, table, (guint) page)->rows, cells);
}

/* The rows of a table, also inside its head, body and foot groups. */
static void
add_rows (Walk *w, PopplerStructureElementIter *it, guint table)
{
  if (w->depth > 32)
    return;
  w->depth++;
  do {
    PopplerStructureElement *e = poppler_structure_element_iter_get_element (it);
    PopplerStructureElementKind k = poppler_structure_element_get_kind (e);
    if (k == POPPLER_STRUCTURE_ELEMENT_TABLE_ROW) {
      add_row (w, it, e, table);
    } else if (k != POPPLER_STRUCTURE_ELEMENT_TABLE) {
      PopplerStructureElementIter *child = poppler_structure_element_iter_get_child (it);
      if (child) {
        add_rows (w, child, table);
        poppler_structure_element_iter_free (child);
      }
    }
    g_object_unref (e);
  } while (poppler_structure_element_iter_next (it));
  w->depth--;
}

static void
find_tables (Walk *w, PopplerStructureElementIter *it)
{
  if (w->depth > 64)
    return;
  w->depth++;
  do {
    PopplerStructureElement *e = poppler_structure_element_iter_get_element (it);
    PopplerStructureElementIter *child = poppler_structure_element_iter_get_child (it);
    if (child) {
      if (poppler_structure_element_get_kind (e) == POPPLER_STRUCTURE_ELEMENT_TABLE)
        add_rows (w, child, w->n_tables++);
      else
        find_tables (w, child);
      poppler_structure_element_iter_free (child);
    }
    g_object_unref (e);
  } while (poppler_structure_element_iter_next (it));
  w->depth--;
}

GPtrArray *
fr_tagged_tables (const FrDocument *doc)
{
  if (doc->pdf == NULL || !doc->tagged)
    return NULL;
  PopplerDocument *pdoc = fr_pdf_poppler (doc, NULL);
  PopplerStructureElementIter *it = pdoc ? poppler_structure_element_iter_new (pdoc) : NULL;
  if (it == NULL)
    return NULL;
  Walk w = { g_ptr_array_new_with_free_func ((GDestroyNotify) portion_free), 0, 0 };
  find_tables (&w, it);
  poppler_structure_element_iter_free (it);
  return w.out;
}
