/* xlsx.c — the tables of schema.h as an Excel workbook, one sheet per table named as the
 * table: numbers as numbers, the header row frozen and filtered, columns as wide as their
 * text (within limits).  libxlsxwriter in constant-memory mode: each row goes to a
 * temporary file as it comes, so the workbook's size does not count against memory. */
#include <string.h>

#include "outlib.h"
#include "writer.h"

#define MIN_WIDTH 6
#define MAX_WIDTH 60
#define CELL_MAX 32767   /* Excel's limit on a cell's characters */

typedef struct {
  FrOutput base;
  char *name;
  lxw_workbook *wb;
  lxw_worksheet **sheets;   /* per table */
  lxw_format *bold;
  guint32 *rows;            /* per table: rows written, the header included */
  guint *widths;            /* per table × column (32 each): widest text, in character cells */
  guint64 cut;              /* cells cut to Excel's 32,767 characters */
  guint64 dropped;          /* rows beyond Excel's 1,048,576 */
} Xlsx;

/* Display width of UTF-8 text: a CJK (wide) character counts two. */
static guint
text_width (const char *s)
{
  guint w = 0;
  for (const char *p = s; *p && w < MAX_WIDTH; p = g_utf8_next_char (p))
    w += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return w;
}

static gboolean
lxw_failed (Xlsx *x, lxw_error e, GError **error)
{
  g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE, "%s: %s", x->name, lxw_strerror (e));
  return FALSE;
}

static gboolean
xlsx_row (guint table, const FrCell *values, gpointer user, GError **error)
{
  Xlsx *x = user;
  const FrSchemaTable *tab = &fr_tables[table];
  if (x->rows[table] >= LXW_ROW_MAX) {
    x->dropped++;
    return TRUE;
  }
  lxw_worksheet *ws = x->sheets[table];
  lxw_row_t r = x->rows[table]++;
  lxw_col_t col = 0;
  for (guint k = 0; k < tab->n_columns; k++) {
    if (tab->columns[k].not_in_sheet)
      continue;
    const FrCell *v = &values[k];
    guint *width = &x->widths[table * 32 + col];
    lxw_error e = LXW_NO_ERROR;
    char num[32];
    switch (v->kind) {
    case FR_CELL_INTEGER:
      e = worksheet_write_number (ws, r, col, (double) v->i, NULL);
      g_snprintf (num, sizeof num, "%" G_GINT64_FORMAT, v->i);
      *width = MAX (*width, strlen (num));
      break;
    case FR_CELL_REAL:
      e = worksheet_write_number (ws, r, col, v->d, NULL);
      fr_format_number (v->d, num);
      *width = MAX (*width, strlen (num));
      break;
    case FR_CELL_TEXT:
      if (g_utf8_strlen (v->text, CELL_MAX + 1) > CELL_MAX) {
        g_autofree char *cut = g_strndup (v->text, g_utf8_offset_to_pointer (v->text, CELL_MAX) - v->text);
        e = worksheet_write_string (ws, r, col, cut, NULL);
        x->cut++;
      } else {
        e = worksheet_write_string (ws, r, col, v->text, NULL);
      }
      *width = MAX (*width, text_width (v->text));
      break;
    case FR_CELL_NULL:
    default:
      break;   /* a blank cell */
    }
    if (e != LXW_NO_ERROR)
      return lxw_failed (x, e, error);
    col++;
  }
  return TRUE;
}

static gboolean
xlsx_finish (FrOutput *out, GError **error)
{
  Xlsx *x = (Xlsx *) out;
  for (guint t = 0; t < fr_n_tables; t++) {
    lxw_col_t n = 0;
    for (guint k = 0; k < fr_tables[t].n_columns; k++) {
      if (fr_tables[t].columns[k].not_in_sheet)
        continue;
      guint w = CLAMP (x->widths[t * 32 + n] + 2, MIN_WIDTH, MAX_WIDTH);
      worksheet_set_column (x->sheets[t], n, n, w, NULL);
      n++;
    }
    worksheet_freeze_panes (x->sheets[t], 1, 0);
    worksheet_autofilter (x->sheets[t], 0, 0, x->rows[t] - 1, n - 1);
  }
  lxw_error e = workbook_close (x->wb);
  x->wb = NULL;
  if (e != LXW_NO_ERROR)
    return lxw_failed (x, e, error);
  if (x->cut > 0 || x->dropped > 0) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD,
                 "%s: written, but %" G_GUINT64_FORMAT " cell%s cut to Excel's 32,767 characters and %"
                 G_GUINT64_FORMAT " row%s left out beyond its 1,048,576 rows a sheet (the SQLite "
                 "and CSV output keep them)", x->name, x->cut, x->cut == 1 ? "" : "s", x->dropped,
                 x->dropped == 1 ? "" : "s");
    return FALSE;
  }
  return TRUE;
}

static void
xlsx_free (FrOutput *out)
{
  Xlsx *x = (Xlsx *) out;
  if (x->wb) {
    /* libxlsxwriter has no way to drop a workbook but to write it */
    workbook_close (x->wb);
  }
  g_free (x->sheets);
  g_free (x->rows);
  g_free (x->widths);
  g_free (x->name);
}

static const FrWriterOps xlsx_ops = {
  NULL, xlsx_row, NULL, NULL, xlsx_finish, xlsx_free, NULL,
};

FrOutput *
fr_xlsx_open (const char *path, const FrOutputOptions *opts, GError **error)
{
  const char *why = NULL;
  if (!fr_out_lib_load_xlsx (&why)) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE, "%s: libxlsxwriter cannot be loaded: %s", path, why);
    return NULL;
  }
  g_autoptr (FrOutput) out = (FrOutput *) g_new0 (Xlsx, 1);
  Xlsx *x = (Xlsx *) out;
  out->ops = &xlsx_ops;
  out->next_id = 1;
  x->name = g_strdup (path);
  lxw_workbook_options wopts = { .constant_memory = LXW_TRUE };
  x->wb = workbook_new_opt (path, &wopts);
  if (x->wb == NULL) {
    g_set_error (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_WRITE,
                 "%s: cannot make a workbook (out of memory or no temporary files)", path);
    return NULL;
  }
  x->bold = workbook_add_format (x->wb);
  format_set_bold (x->bold);
  x->sheets = g_new0 (lxw_worksheet *, fr_n_tables);
  x->rows = g_new0 (guint32, fr_n_tables);
  x->widths = g_new0 (guint, fr_n_tables * 32);
  for (guint t = 0; t < fr_n_tables; t++) {
    const FrSchemaTable *tab = &fr_tables[t];
    x->sheets[t] = workbook_add_worksheet (x->wb, tab->name);
    lxw_col_t col = 0;
    for (guint k = 0; k < tab->n_columns; k++) {
      if (tab->columns[k].not_in_sheet)
        continue;
      worksheet_write_string (x->sheets[t], 0, col, tab->columns[k].name, x->bold);
      x->widths[t * 32 + col] = (guint) strlen (tab->columns[k].name);
      col++;
    }
    x->rows[t] = 1;
  }
  return g_steal_pointer (&out);
}
