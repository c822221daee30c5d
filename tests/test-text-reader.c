/* test-text-reader.c — the text route's reader: a dump is told by its content, in UTF-8 or
 * GB18030, pages split at \f (a trailing one adds none), a lone leading space marks where a
 * page began, and each line keeps the text as the dump has it; and its table rebuilder
 * leaves out what it cannot place rather than guess. */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "finrep.h"

/* Writes bytes to a new file named like a PDF (the route goes by content, not by name). */
static char *
write_temp (const char *bytes, gssize len)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("finrep-text-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, bytes, len, &error));
  g_assert_no_error (error);
  return path;
}

static FrDocument *
read_dump (const char *bytes, gssize len, FrSource **src_out)
{
  g_autofree char *path = write_temp (bytes, len);
  g_autoptr (GError) error = NULL;
  FrSource *src = fr_source_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (src->format, ==, FR_FORMAT_TEXT);
  FrExtractOptions opts = { 0 };
  FrDocument *doc = fr_extract (src, &opts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_false (doc->has_geometry);
  g_unlink (path);
  if (src_out)
    *src_out = src;
  else
    fr_source_free (src);
  return doc;
}

static const FrLine *
line_at (const FrDocument *doc, guint page, guint i)
{
  const FrPage *p = g_ptr_array_index (doc->pages, page);
  g_assert_cmpuint (i, <, p->lines->len);
  return g_ptr_array_index (p->lines, i);
}

static void
test_pages_and_crlf (void)
{
  static const char dump[] = "\xEF\xBB\xBF第一行\r\n第二行\r\n\f第三行\r\n\f";
  g_autoptr (FrDocument) doc = read_dump (dump, sizeof dump - 1, NULL);
  g_assert_cmpuint (doc->pages->len, ==, 2);
  g_assert_cmpstr (line_at (doc, 0, 0)->text, ==, "第一行");
  g_assert_cmpstr (line_at (doc, 0, 1)->text, ==, "第二行");
  g_assert_cmpstr (line_at (doc, 1, 0)->text, ==, "第三行");
  g_assert_true (line_at (doc, 1, 0)->page_break_before);
  g_assert_cmpuint (line_at (doc, 1, 0)->page, ==, 1);
}

static void
test_gb18030 (void)
{
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  g_autofree char *gb = g_convert ("部门整体支出绩效自评报告\n一、基本情况\n", -1, "GB18030", "UTF-8",
                                   NULL, &len, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (gb, (gssize) len, NULL));
  g_autoptr (FrDocument) doc = read_dump (gb, (gssize) len, NULL);
  g_assert_cmpstr (line_at (doc, 0, 0)->text, ==, "部门整体支出绩效自评报告");
  g_assert_cmpstr (line_at (doc, 0, 1)->text, ==, "一、基本情况");
}

static void
test_lone_space (void)
{
  /* the seed dump begins a page's first line with one space, right after the last line of
   * the page before; after a blank line, or with two spaces, it is no such mark */
  static const char dump[] = "甲乙丙\n 丁戊己\n\n 庚辛\n  壬癸\n";
  g_autoptr (FrDocument) doc = read_dump (dump, sizeof dump - 1, NULL);
  g_assert_false (line_at (doc, 0, 0)->page_break_before);
  g_assert_true (line_at (doc, 0, 1)->page_break_before);
  g_assert_false (line_at (doc, 0, 3)->page_break_before);
  g_assert_false (line_at (doc, 0, 4)->page_break_before);
}

static void
test_source_text (void)
{
  static const char dump[] = "时效 项目资金支付及时率\n";
  g_autoptr (FrDocument) doc = read_dump (dump, sizeof dump - 1, NULL);
  g_assert_cmpstr (line_at (doc, 0, 0)->source_text, ==, "时效 项目资金支付及时率");
}

/* A table whose last row has lost its name (pdftotext printed it elsewhere): the rows
 * that are whole come out, the other one is a warning, and no value lands in a wrong row. */
static void
test_table_leaves_out (void)
{
  static const char dump[] =
    "二、综合评价分析\n"
    "主要绩效目标完成情况见下表，各项指标均按年初计划完成并达到预期，未出现明显的偏差情况。\n"
    "部门整体支出绩效指标完成情况统计表\n"
    "\n年度目标值\n\n年度实现值\n\n指标完成率\n"
    "\n举办活动次数\n\n4次\n\n6次\n\n150%\n"
    "\n走访企业数\n\n50家\n\n56家\n\n112%\n"
    "\n≥90%\n\n96%\n\n107%\n"
    "\n三、存在的主要问题\n"
    "一是因疫情影响，部分活动计划受一定影响；二是培训形式单一，需要在下一年度进一步改进和完善。\n";
  g_autofree char *path = write_temp (dump, sizeof dump - 1);
  g_autoptr (FrResult) res = fr_process_file (path, NULL);
  g_unlink (path);
  g_assert_null (fr_result_error (res));
  const FrAnalysis *an = fr_result_analysis (res);
  g_assert_cmpuint (an->tables->len, ==, 1);
  const FrTable *t = g_ptr_array_index (an->tables, 0);
  g_assert_cmpstr (t->title, ==, "部门整体支出绩效指标完成情况统计表");
  g_assert_cmpuint (t->rows->len - t->n_header_rows, ==, 2);
  GPtrArray *last = g_ptr_array_index (t->rows, t->rows->len - 1);
  g_assert_cmpuint (last->len, ==, t->n_cols);
  g_assert_cmpstr (g_ptr_array_index (last, t->n_cols - 4), ==, "走访企业数");
  g_assert_cmpstr (g_ptr_array_index (last, t->n_cols - 3), ==, "50家");
  g_assert_cmpstr (g_ptr_array_index (last, t->n_cols - 1), ==, "112%");
  gboolean warned = FALSE;
  for (guint i = 0; i < an->warnings->len; i++)
    warned |= strstr (g_ptr_array_index (an->warnings, i), "107%") != NULL;
  g_assert_true (warned);
}

/* A byte that is neither UTF-8 nor GB18030 (a bad transfer, a careless editor) costs one
 * character, not the report: the dump is read, the byte shows as U+FFFD and a warning
 * counts it, wherever it stands (the sniffer looks at the first 64 KiB only).  Bytes that
 * are mostly invalid are still no text. */
static void
assert_one_repair (const char *bytes, gsize len, const char *line0)
{
  g_autofree char *path = write_temp (bytes, (gssize) len);
  g_autoptr (FrResult) res = fr_process_file (path, NULL);
  g_unlink (path);
  g_assert_null (fr_result_error (res));
  const FrAnalysis *an = fr_result_analysis (res);
  const FrLine *first = g_ptr_array_index (((FrPage *) g_ptr_array_index (an->doc->pages, 0))->lines, 0);
  g_assert_cmpstr (first->source_text, ==, line0);
  guint warned = 0;
  for (guint i = 0; i < an->warnings->len; i++)
    warned += strcmp (g_ptr_array_index (an->warnings, i),
                      "extract: 1 byte neither UTF-8 nor GB18030, read as U+FFFD") == 0;
  g_assert_cmpuint (warned, ==, 1);
}

static void
test_stray_byte (void)
{
  static const char head[] = "部门整体支出绩效自评报告\n";
  static const char para[] = "一、基本情况。本部门主要职能是开展调查研究，参与政治协商。\n";
  g_autoptr (GString) dump = g_string_new (head);
  g_string_append (dump, para);
  g_string_append_c (dump, '\xFF');   /* between two lines: no character is torn */
  g_string_append (dump, para);
  assert_one_repair (dump->str, dump->len, "部门整体支出绩效自评报告");

  /* past the sniffer's 64 KiB sample */
  g_string_truncate (dump, strlen (head));
  while (dump->len < (gsize) 80 * 1024)
    g_string_append (dump, para);
  g_string_append_c (dump, '\xFF');
  g_string_append (dump, para);
  assert_one_repair (dump->str, dump->len, "部门整体支出绩效自评报告");
  g_string_append (dump, "\xFF\xFF");
  g_autofree char *path = write_temp (dump->str, (gssize) dump->len);
  g_autoptr (FrResult) res = fr_process_file (path, NULL);
  g_unlink (path);
  g_assert_null (fr_result_error (res));   /* three bad bytes in 80 KiB are still few */

  /* GB18030 with a lone 0x80, which is no character in it either */
  g_autoptr (GError) error = NULL;
  g_autofree char *gb1 = g_convert ("部门整体支出绩效自评报告\n一、基本情况\n", -1, "GB18030", "UTF-8",
                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_autofree char *gb2 = g_convert ("二、绩效目标\n", -1, "GB18030", "UTF-8", NULL, NULL, &error);
  g_assert_no_error (error);
  g_autofree char *gb = g_strconcat (gb1, "\x80", gb2, NULL);
  assert_one_repair (gb, strlen (gb), "部门整体支出绩效自评报告");
}

static void
test_binary_is_no_text (void)
{
  char bytes[4096];
  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (char) (0x80 + (i * 37) % 0x7F);   /* high bytes only, no NUL */
  g_autofree char *path = write_temp (bytes, sizeof bytes);
  g_autoptr (GError) error = NULL;
  g_autoptr (FrSource) src = fr_source_load (path, &error);
  g_unlink (path);
  g_assert_no_error (error);
  g_assert_cmpint (src->format, ==, FR_FORMAT_NONE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/pages-and-crlf", test_pages_and_crlf);
  g_test_add_func ("/text/gb18030", test_gb18030);
  g_test_add_func ("/text/lone-space", test_lone_space);
  g_test_add_func ("/text/source-text", test_source_text);
  g_test_add_func ("/text/table-leaves-out", test_table_leaves_out);
  g_test_add_func ("/text/stray-byte", test_stray_byte);
  g_test_add_func ("/text/binary-is-no-text", test_binary_is_no_text);
  return g_test_run ();
}
