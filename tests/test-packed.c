/* test-packed.c — a worker's packed rows (output.h's fr_output_pack) as the ingest parent
 * stores them in SQLite: rows that name their own report, or come without one, are refused,
 * and the reports already stored keep their rows. */
#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "output.h"

/* The cell kinds of output.c's packed format (its own enum): what a worker may send, and the
 * kind that says "the storer fills in the report id". */
enum { K_NULL, K_INTEGER, K_REAL, K_TEXT, K_ID };

static char *
fixture_line (const char *path)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "packed",
                                                 "budget-tables-only", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
  cJSON *r = cJSON_Parse (text);
  g_assert_nonnull (r);
  cJSON_SetValuestring (cJSON_GetObjectItem (cJSON_GetObjectItem (r, "source"), "path"), path);
  char *s = cJSON_PrintUnformatted (r);
  cJSON_Delete (r);
  char *out = g_strdup (s);
  cJSON_free (s);
  return out;
}

static GBytes *
pack (const char *line)
{
  cJSON *r = cJSON_Parse (line);
  GBytes *b = fr_output_pack (r, NULL);
  cJSON_Delete (r);
  g_assert_nonnull (b);
  return b;
}

/* How a hostile worker changes the rows it packed. */
typedef struct {
  gint64 report_id;    /* >0: the rows' report_id sent as this integer, not filled in */
  gboolean drop_report;  /* the reports row left out */
} Tamper;

static GBytes *
tamper (GBytes *packed, const Tamper *t)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (packed, &n), *end = p + n;
  GByteArray *out = g_byte_array_new ();
  guint32 len;
  memcpy (&len, p, 4);
  g_byte_array_append (out, p, 4 + len + 1);
  p += 4 + len + 1;
  while (p < end) {
    guint8 table = *p++;
    GByteArray *row = g_byte_array_new ();
    g_byte_array_append (row, &table, 1);
    for (guint k = 0; k < fr_tables[table].n_columns; k++) {
      guint8 kind = *p++;
      if (kind == K_ID && t->report_id > 0 && table != 0) {
        guint8 as = K_INTEGER;
        g_byte_array_append (row, &as, 1);
        g_byte_array_append (row, (const guint8 *) &t->report_id, 8);
        continue;
      }
      g_byte_array_append (row, &kind, 1);
      gsize size = kind == K_INTEGER || kind == K_REAL ? 8 : 0;
      if (kind == K_TEXT) {
        memcpy (&len, p, 4);
        size = 4 + (gsize) len + 1;
      }
      g_byte_array_append (row, p, (guint) size);
      p += size;
    }
    if (!(t->drop_report && table == 0))
      g_byte_array_append (out, row->data, row->len);
    g_byte_array_unref (row);
  }
  return g_byte_array_free_to_bytes (out);
}

static gint64
count (const char *db, const char *sql)
{
  sqlite3 *h;
  g_assert_cmpint (sqlite3_open (db, &h), ==, SQLITE_OK);
  sqlite3_stmt *st;
  g_assert_cmpint (sqlite3_prepare_v2 (h, sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  gint64 v = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (h);
  return v;
}

static void
check_hostile (const Tamper *t)
{
  g_autofree char *dir = g_dir_make_tmp ("test-packed-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "out.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  FrOutput *out = fr_output_open (FR_OUTPUT_SQLITE, db, NULL, &error);
  g_assert_no_error (error);

  g_autofree char *a = fixture_line ("a.pdf");
  g_autoptr (GBytes) pa = pack (a);
  g_assert_true (fr_output_add_packed (out, a, strlen (a), pa, &error));
  g_assert_no_error (error);

  g_autofree char *b = fixture_line ("b.pdf");
  g_autoptr (GBytes) pb = pack (b);
  g_autoptr (GBytes) hostile = tamper (pb, t);
  gboolean stored = fr_output_add_packed (out, b, strlen (b), hostile, &error);
  /* refused as a damaged record, and the next record is stored as usual */
  g_assert_false (stored);
  g_assert_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD);
  g_clear_error (&error);
  g_autofree char *c = fixture_line ("c.pdf");
  g_autoptr (GBytes) pc = pack (c);
  g_assert_true (fr_output_add_packed (out, c, strlen (c), pc, &error));
  g_assert_true (fr_output_close (out, &error));
  g_assert_no_error (error);

  /* a.pdf and c.pdf have the same rows, and no row belongs to no report */
  g_assert_cmpint (count (db, "SELECT count(*) FROM table_cells WHERE report_id = "
                              "(SELECT id FROM reports WHERE path = 'a.pdf')"),
                   >, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM table_cells WHERE report_id = "
                              "(SELECT id FROM reports WHERE path = 'a.pdf')"),
                   ==,
                   count (db, "SELECT count(*) FROM table_cells WHERE report_id = "
                              "(SELECT id FROM reports WHERE path = 'c.pdf')"));
  g_assert_cmpint (count (db, "SELECT count(*) FROM table_cells WHERE report_id NOT IN "
                              "(SELECT id FROM reports)"),
                   ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM reports"), ==, 2);

  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL) {
    g_autofree char *f = g_build_filename (dir, name, NULL);
    g_unlink (f);
  }
  g_dir_close (d);
  g_rmdir (dir);
}

/* a worker that sends another report's id for its rows */
static void
test_foreign_report_id (void)
{
  Tamper t = { 1, FALSE };
  check_hostile (&t);
}

/* a worker that sends rows without their report */
static void
test_no_report_row (void)
{
  Tamper t = { 0, TRUE };
  check_hostile (&t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/packed/foreign-report-id", test_foreign_report_id);
  g_test_add_func ("/packed/no-report-row", test_no_report_row);
  return g_test_run ();
}
