/* test-ocr-words.c — the OCR stage's repairs of the forms' words and the finance words
 * (normalize/stages/ocrfix.c) on lines as a scan's page gives them (fuzz-common.h's layout):
 * a reading that is another right word, one character from a repaired one, is left as read. */
#include <stdio.h>
#include <string.h>

#include "fuzz/fuzz-common.h"

/* The clean text of the page the layout describes, read by OCR. */
static char *
text_of (const char *layout)
{
  g_autoptr (GBytes) bytes = g_bytes_new (layout, strlen (layout));
  FrSource *src = fr_source_new_from_bytes ("test.pdf", bytes);
  src->format = FR_FORMAT_PDF;
  FrDocument *doc = fuzz_layout_parse (layout, strlen (layout));
  g_autoptr (FrResult) res = fr_process_document (src, doc);
  return fr_result_to_text (res);
}

/* 决算 (the final accounts) is one character from 预算 (the budget): a 决算 report's words are
 * right as read, never made the budget's */
static void
test_final_accounts (void)
{
  static const char *const lines[] = {
    "部门决算收入1234.56万元。",
    "部门决算支出1200.00万元。",
    "收入决算合计1234.56万元。",
    "支出决算总计1200.00万元。",
    "单位决算支出1200.00万元。",
    "全年决算数为1200.00万元。",
    "项目总决算为1200.00万元。",
  };
  guint changed = 0;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++) {
    g_autofree char *layout = g_strdup_printf ("P 595 842\nL 72 90 520 110 12 - %s\nO\n", lines[i]);
    g_autofree char *text = text_of (layout);
    if (strstr (text, lines[i]) == NULL) {
      fprintf (stderr, "# read %s, made %s", lines[i], text);
      changed++;
    }
  }
  g_assert_cmpuint (changed, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ocr-words/final-accounts", test_final_accounts);
  return g_test_run ();
}
