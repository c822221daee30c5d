/* test-ocr-furniture.c — page furniture on pages read by OCR, known by its place and size
 * (normalize/stages/furniture.c, ocr_furniture): a page number misread as anything (二本) is
 * set aside where it stands alone in the footer band, in small type, apart from the text,
 * centred or at the edge, and the sentence it stood in runs on over the page; a line that is
 * not so placed, or a page not read by OCR, keeps its text. */
#include "analysis.h"

#include <string.h>

#define W 595.0f
#define H 842.0f

/* A line of text at (x, y), its characters size points wide and tall. */
static FrLine *
add_line (FrDocument *doc, FrPage *page, const char *text, float x, float y, float size)
{
  FrLine *l = fr_page_add_line (page);
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    fr_line_append (l, g_utf8_get_char (p), x, y, x + size, y + size, 0, size);
    x += size;
  }
  fr_line_sync (l, doc);
  return l;
}

typedef struct {
  FrDocument *doc;
  FrLine *foot;            /* the misread page number, or what stands in its place */
} Pages;

/* Two pages of a paragraph that runs on over the page break, in 16 pt type, and at the foot
 * of the first a line of foot_text in size pt at x, foot_y. */
static Pages
two_pages (gboolean ocr, const char *foot_text, float x, float foot_y, float size)
{
  Pages p = { fr_document_new (FR_FORMAT_PDF), NULL };
  p.doc->has_geometry = TRUE;
  FrPage *one = fr_document_add_page (p.doc, W, H);
  FrPage *two = fr_document_add_page (p.doc, W, H);
  /* 28 characters of 16 pt from 74 pt: each line reaches the column's right edge, the last
   * down to 755 pt */
  add_line (p.doc, one, "一、项目基本情况", 106, 100, 16);
  for (int i = 0; i < 22; i++)
    add_line (p.doc, one, "项目资金严格按照财政专项资金管理办法和政府投资项目管理规", 74, 130 + 29 * i, 16);
  p.foot = add_line (p.doc, one, foot_text, x, foot_y, size);
  add_line (p.doc, two, "行，实行专款专用、单独核算，资金支付按照合同约定的工程进度。", 74, 100, 16);
  add_line (p.doc, two, "二、项目组织实施情况", 106, 129, 16);
  if (ocr) {
    p.doc->ocr_pages = g_array_new (FALSE, FALSE, sizeof (guint));
    for (guint i = 0; i < 2; i++)
      g_array_append_val (p.doc->ocr_pages, i);
  }
  return p;
}

/* The paragraphs of the analysed document, as one string apart by | */
static char *
paragraphs_of (const FrAnalysis *an)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind == FR_BLOCK_PARAGRAPH)
      g_string_append_printf (s, "%s|", b->text);
  }
  return g_string_free (s, FALSE);
}

static FrLineKind
foot_kind (gboolean ocr, const char *text, float x, float y, float size, char **paras)
{
  Pages p = two_pages (ocr, text, x, y, size);
  FrAnalysis *an = fr_analysis_new (p.doc);
  fr_analyze (an);
  FrLineKind k = p.foot->kind;
  if (paras)
    *paras = paragraphs_of (an);
  fr_analysis_free (an);
  fr_document_free (p.doc);
  return k;
}

static void
test_misread_number (void)
{
  g_autofree char *paras = NULL;
  /* - 1 - in 10 pt, centred under the text, read 二本 */
  g_assert_cmpint (foot_kind (TRUE, "二本", 289, 784, 10, &paras), ==, FR_LINE_PAGE_NUMBER);
  /* the sentence runs on over the page, whole */
  g_assert_nonnull (strstr (paras, "管理规行，实行专款专用"));
  g_assert_null (strstr (paras, "二本"));
  /* at the page's outer edge, read -1] */
  g_assert_cmpint (foot_kind (TRUE, "-1]", 500, 784, 10, NULL), ==, FR_LINE_PAGE_NUMBER);
}

static void
test_not_furniture (void)
{
  g_autofree char *paras = NULL;
  /* a page not read by OCR: its text is as its PDF gives it, and no rule of text knows 二本 */
  g_assert_cmpint (foot_kind (FALSE, "二本", 289, 784, 10, &paras), ==, FR_LINE_BODY);
  /* in the text's own type: a last line, not furniture */
  g_assert_cmpint (foot_kind (TRUE, "二本", 289, 784, 16, NULL), ==, FR_LINE_BODY);
  /* right under the text, as a table's wrapped cell is under its row */
  g_assert_cmpint (foot_kind (TRUE, "二本", 289, 755 + 2, 10, NULL), ==, FR_LINE_BODY);
  /* neither centred nor at the edge: a short note under the text's left part */
  g_assert_cmpint (foot_kind (TRUE, "注：单位万元", 150, 784, 10, NULL), ==, FR_LINE_BODY);
  /* too long for a page number or a footer */
  g_assert_cmpint (foot_kind (TRUE, "本表所列资金均为项目实际到位及支出数", 150, 784, 10, NULL), ==,
                   FR_LINE_BODY);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ocr-furniture/misread-number", test_misread_number);
  g_test_add_func ("/ocr-furniture/not-furniture", test_not_furniture);
  return g_test_run ();
}
