/* test-tagged.c — repairing the cell text Poppler 22.12 returns for tagged tables: UTF-8 read
 * as PDFDocEncoding, a byte it cannot map given as U+FFFD. */
#include "tagged.h"

typedef struct {
  const char *poppler;   /* what poppler_structure_element_get_text gave */
  const char *want;
} Row;

static const Row rows[] = {
  /* 年度 = E5 B9 B4 E5 BA A6: all Latin-1 in PDFDocEncoding */
  { "å¹´åº¦", "年度" },
  /* 一 = E4 B8 80: 0x80 is • (U+2022) in PDFDocEncoding */
  { "ä¸•", "一" },
  /* 中 = E4 B8 AD: 0xAD is undefined there, so Poppler gave U+FFFD and the character is lost */
  { "ä¸\xEF\xBF\xBD", "\xEF\xBF\xBD" },
  /* 23个 */
  { "23ä¸ª", "23个" },
  /* text that is not of that kind stays as it was */
  { "100%", "100%" },
  { "年度目标值", "年度目标值" },
  { "café", "café" },
  { "", "" },
};

static void
test_row (gconstpointer data)
{
  const Row *row = data;
  g_autofree char *got = fr_tagged_repair_text (row->poppler);
  g_assert_cmpstr (got, ==, row->want);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    g_autofree char *name = g_strdup_printf ("/tagged/repair/%u", i);
    g_test_add_data_func (name, &rows[i], test_row);
  }
  return g_test_run ();
}
