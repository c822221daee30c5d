/* test-textpass.c — the one interpreter run a page (extract/textpass.h) gives exactly what
 * poppler-glib's poppler_page_get_text, _get_text_layout and _get_text_attributes give: the
 * same text, the same box for every character, the same font and size for every character,
 * on every page of every fixture, the seed and the real reports (when the shared folder is
 * there); and it keeps a drawing for every page it ran. */
#include <poppler.h>
#include <string.h>

#include "extract.h"
#include "textpass.h"
#include "vector.h"

/* Poppler 22.12 defines no autoptr cleanups for its own types */
typedef PopplerDocument TestDoc;
typedef PopplerPage TestPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDoc, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPage, g_object_unref)

/* the run of attributes that covers offset ci, as pdf.c looks it up; NULL when none does */
static const PopplerTextAttributes *
glib_attr_at (GList *attrs, guint ci)
{
  for (GList *l = attrs; l; l = l->next) {
    const PopplerTextAttributes *a = l->data;
    if ((guint) a->start_index <= ci && ci <= (guint) a->end_index)
      return a;
  }
  return NULL;
}

static const FrTextRun *
run_at (GArray *runs, guint ci)
{
  for (guint i = 0; i < runs->len; i++) {
    const FrTextRun *r = &g_array_index (runs, FrTextRun, i);
    if (r->start <= ci && ci <= r->end)
      return r;
  }
  return NULL;
}

static void
test_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (FrSource) src = fr_source_load (path, &error);
  g_assert_no_error (error);
  g_autoptr (TestDoc) pdoc = poppler_document_new_from_bytes (src->bytes, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (FrTextPass) tp = fr_text_pass_new (src->bytes);
  g_assert_nonnull (tp);
  int n_pages = poppler_document_get_n_pages (pdoc);
  g_assert_cmpuint (fr_text_pass_n_pages (tp), ==, (guint) n_pages);
  g_autoptr (FrDocument) doc = fr_document_new (FR_FORMAT_PDF);

  guint chars = 0;
  for (int i = 0; i < n_pages; i++) {
    g_autoptr (TestPage) page = poppler_document_get_page (pdoc, i);
    g_autofree char *want_text = poppler_page_get_text (page);
    PopplerRectangle *want_rects = NULL;
    guint want_n = 0;
    gboolean want_ok = poppler_page_get_text_layout (page, &want_rects, &want_n);
    GList *want_attrs = poppler_page_get_text_attributes (page);

    g_autofree char *text = NULL;
    g_autofree FrCharRect *rects = NULL;
    guint n = 0;
    g_autoptr (GArray) runs = NULL;
    gboolean ok = fr_text_pass_page (tp, doc, (guint) i, &text, &rects, &n, &runs);

    g_assert_cmpint (ok, ==, want_ok);
    if (ok) {
      g_assert_cmpstr (text, ==, want_text);
      g_assert_cmpuint (n, ==, want_n);
      for (guint k = 0; k < n; k++) {
        g_assert_cmpfloat (rects[k].x1, ==, want_rects[k].x1);
        g_assert_cmpfloat (rects[k].y1, ==, want_rects[k].y1);
        g_assert_cmpfloat (rects[k].x2, ==, want_rects[k].x2);
        g_assert_cmpfloat (rects[k].y2, ==, want_rects[k].y2);
        const PopplerTextAttributes *a = glib_attr_at (want_attrs, k);
        const FrTextRun *r = run_at (runs, k);
        g_assert_cmpint (a == NULL, ==, r == NULL);
        if (a) {
          g_assert_cmpstr (g_array_index (doc->fonts, FrFont, r->font).name, ==, a->font_name);
          g_assert_cmpfloat (r->size, ==, (float) a->font_size);
        }
      }
      chars += n;
    }
    g_free (want_rects);
    poppler_page_free_text_attributes (want_attrs);
  }
  gpointer drawings = fr_text_pass_steal_drawings (tp);
  g_assert_nonnull (drawings);
  fr_vector_cache_free (drawings);
  g_test_message ("%s: %d pages, %u characters alike", path, n_pages, chars);
}

static int
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
add_pdfs (GPtrArray *paths, const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return;
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    if (g_str_has_suffix (name, ".pdf"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *fixtures = g_getenv ("FIXTURES");
  g_assert_nonnull (fixtures);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (paths, g_build_filename (fixtures, "..", "samples", "seed-report-baiyun-2022.pdf", NULL));
  add_pdfs (paths, fixtures);
  const char *shared = g_getenv ("SHARED");
  if (shared) {
    g_autofree char *real = g_build_filename (shared, "real-reports", NULL);
    add_pdfs (paths, real);
  }
  g_ptr_array_sort (paths, by_name);
  for (guint i = 0; i < paths->len; i++) {
    g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, i));
    g_autofree char *name = g_strdup_printf ("/textpass/%s", base);
    g_test_add_data_func (name, g_ptr_array_index (paths, i), test_file);
  }
  return g_test_run ();
}
