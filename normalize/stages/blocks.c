/* blocks.c — rejoining body lines into titles, headings and paragraphs.
 *
 * Geometry first: a line that reaches the column's right edge continues onto the next line;
 * a first-line indent, a short last line, a wide vertical gap or a change of font ends a
 * paragraph; a paragraph continues across a page break when the page's last line was full.
 * Without geometry (a text dump) the same decisions are made from line widths in ems (see
 * text_blocks below).  Heading numbers come from the HEADING_* rules; a numbered line holding a sentence stays a
 * paragraph (HEADING_SENTENCE).
 */
#include "stages.h"
#include "texttable.h"

#include <math.h>
#include <string.h>

typedef struct {
  FrAnalysis *an;
  float em;            /* body font size */
  float pitch;         /* usual distance between baselines of body lines */
} Ctx;

typedef struct {
  gboolean full, indented, centered, heading_start;
} LineShape;

static const FrRuleId heading_rules[] = {
  FR_RULE_HEADING_PART, FR_RULE_HEADING_CN, FR_RULE_HEADING_CN_PAREN,
  FR_RULE_HEADING_ARABIC_PAREN, FR_RULE_HEADING_ARABIC, FR_RULE_HEADING_CIRCLED,
};
static const int heading_rank[] = { 0, 1, 2, 4, 3, 5 };

static int
heading_rule_index (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (heading_rules); i++)
    if (fr_rule_test (heading_rules[i], text))
      return (int) i;
  return -1;
}

/* The value of a heading number: 一 → 1, 十二 → 12, 3 → 3, ② → 2; 0 when it is none. */
static int
number_value (const char *num)
{
  static const char digits[] = "零一二三四五六七八九";
  int value = 0, cur = 0;
  gboolean any = FALSE;
  if (num == NULL)
    return 0;
  for (const char *p = num; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c >= '0' && c <= '9') {
      cur = cur * 10 + (int) (c - '0');
      any = TRUE;
    } else if (c >= 0x2460 && c <= 0x2473) {
      return (int) (c - 0x2460) + 1;
    } else if (c == 0x5341) {           /* 十 */
      value += (cur ? cur : 1) * 10;
      cur = 0;
      any = TRUE;
    } else {
      for (int i = 0; i < 10; i++) {
        const char *dp = g_utf8_offset_to_pointer (digits, i);
        if (g_utf8_get_char (dp) == c) {
          cur = i;
          any = TRUE;
        }
      }
    }
  }
  return any ? value + cur : 0;
}

/* A line's heading style and number, as (rule index, value); FALSE when it has none. */
static gboolean
line_number (const char *text, int *style, int *value)
{
  int ri = heading_rule_index (text);
  if (ri < 0)
    return FALSE;
  g_autoptr (FrMatch) m = fr_rule_match (heading_rules[ri], text);
  g_autofree char *num = fr_match_group (m, "num");
  *style = ri;
  *value = number_value (num);
  return *value > 0;
}

static guint
text_len (const FrLine *l)
{
  return (guint) g_utf8_strlen (l->text, -1);
}


/* Width of a line's first unbreakable run (a number or Latin word, or a character with the
 * closing mark that may not start a line after it: 元，): a line before it that ends short by
 * less than this was full, since the run did not fit at its end. */
static float
first_word_width (const FrLine *l)
{
  float x1 = 0;
  guint i = 0;
  for (; i < l->glyphs->len; i++) {
    const FrGlyph *g = &g_array_index (l->glyphs, FrGlyph, i);
    gboolean word = g->c < 0x2E80 && g->c != ' ' && !g_unichar_ispunct (g->c);
    gboolean joiner = i > 0 && (g->c == '.' || g->c == '%' || g->c == ',');
    if (!word && !joiner)
      break;
    x1 = g->x1;
  }
  if (i == 0 && l->glyphs->len >= 2) {
    const FrGlyph *g = &g_array_index (l->glyphs, FrGlyph, 1);
    if (g_utf8_strchr ("，。、；：）》」』”’！？", -1, g->c) != NULL)
      x1 = g->x1;
  }
  return x1 > l->x0 ? x1 - l->x0 : 0;
}

static LineShape
shape_of (const Ctx *cx, const FrPage *page, const FrLine *l)
{
  LineShape s = { 0 };
  s.heading_start = heading_rule_index (l->text) >= 0;
  float em = l->size > 0 ? l->size : cx->em;
  float right_gap = page->col_x1 - l->x1, left_gap = l->x0 - page->col_x0;
  s.full = right_gap <= 1.2f * em;
  s.indented = left_gap >= 1.2f * em;
  s.centered = left_gap >= 1.5f * em && right_gap >= 1.5f * em && fabsf (left_gap - right_gap) < 3.0f * em;
  return s;
}

/* Mode of a float quantity, in 0.5 steps, weighted. */
static float
weighted_mode (GArray *vals, GArray *weights)
{
  g_autoptr (GHashTable) h = g_hash_table_new (NULL, NULL);
  int best = 0;
  guint best_w = 0;
  for (guint i = 0; i < vals->len; i++) {
    int k = (int) lroundf (g_array_index (vals, float, i) * 2);
    guint w = GPOINTER_TO_UINT (g_hash_table_lookup (h, GINT_TO_POINTER (k))) + g_array_index (weights, guint, i);
    g_hash_table_replace (h, GINT_TO_POINTER (k), GUINT_TO_POINTER (w));
    if (w > best_w) {
      best_w = w;
      best = k;
    }
  }
  return best / 2.0f;
}

static void
measure_body (Ctx *cx)
{
  const FrDocument *doc = cx->an->doc;
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr (GArray) weights = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) pitches = g_array_new (FALSE, FALSE, sizeof (float));

  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    const FrLine *prev = NULL;
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind != FR_LINE_BODY)
        continue;
      if (fr_text_is_blank (l->text))
        continue;
      float sz = l->size;
      guint n = text_len (l);
      g_array_append_val (sizes, sz);
      g_array_append_val (weights, n);
      if (prev != NULL) {
        float d = l->y0 - prev->y0;
        if (d > 0 && d < 4 * MAX (sz, 1.0f))
          g_array_append_val (pitches, d);
      }
      prev = l;
    }
  }
  cx->em = weighted_mode (sizes, weights);
  if (cx->em <= 0)
    cx->em = 12;
  if (pitches->len > 0) {
    g_autoptr (GArray) w1 = g_array_new (FALSE, FALSE, sizeof (guint));
    for (guint i = 0; i < pitches->len; i++) {
      guint one = 1;
      g_array_append_val (w1, one);
    }
    cx->pitch = weighted_mode (pitches, w1);
  }
  if (cx->pitch <= 0)
    cx->pitch = cx->em * 1.5f;
}

/* Does line l carry the number after the one that opened block b, in the same style?  Then
 * it opens the next item even when the line before it ran to the right edge. */
static gboolean
next_in_sequence (const FrBlock *b, const FrLine *l)
{
  int s1, v1, s2, v2;
  const FrLine *first = g_ptr_array_index (b->lines, 0);
  return line_number (first->text, &s1, &v1) && line_number (l->text, &s2, &v2) && s1 == s2
         && v2 == v1 + 1;
}

static FrBlock *
start_block (Ctx *cx, FrLine *l)
{
  FrBlock *b = fr_block_new (FR_BLOCK_PARAGRAPH, l->page);
  b->box = fr_line_box (l);
  b->last_page = l->page;
  g_ptr_array_add (b->lines, l);
  g_ptr_array_add (cx->an->blocks, b);
  return b;
}

static void
extend_block (FrBlock *b, FrLine *l)
{
  if (l->page == b->page)
    fr_box_add (&b->box, fr_line_box (l));
  b->last_page = l->page;
  g_ptr_array_add (b->lines, l);
}

/* Do two lines of one page stand side by side on one baseline, the second to the right? */
static gboolean
same_baseline (const FrLine *a, const FrLine *b)
{
  return a->page == b->page && (a->x1 > a->x0) && b->x0 > a->x1
         && fr_spans_share_half (a->y0, a->y1, b->y0, b->y1);
}

/* A large line atop a later page that names no report kind (b, one block of a line or two,
 * already a paragraph) heads the page's text when it is short, no sentence, and body text
 * follows it on its page (next, the next block) with no table between: an unnumbered heading,
 * as some provinces' budgets head each section (上海市财政局（单位）主要职能, 名词解释,
 * 2025年单位预算编制说明).  Of the top rank: numbered headings nest under it. */
static gboolean
page_heading (const Ctx *cx, const FrBlock *b, const FrBlock *next, const GPtrArray *page_tables)
{
  if (b->lines->len > 2 || g_utf8_strlen (b->text, -1) > 30 || fr_rule_test (FR_RULE_HEADING_SENTENCE, b->text)
      || next == NULL || next->page != b->page || next->lines->len == 0
      || (next->kind != FR_BLOCK_PARAGRAPH && next->kind != FR_BLOCK_HEADING))
    return FALSE;
  const FrLine *body = g_ptr_array_index (next->lines, 0);
  if (fabsf (body->size - cx->em) > 0.15f * cx->em)
    return FALSE;
  for (guint t = 0; t < page_tables->len; t++) {
    const FrTable *tb = g_ptr_array_index (page_tables, t);
    if (tb->box.y0 >= b->box.y1 - 1 && tb->box.y1 <= body->y0 + 1)
      return FALSE;
  }
  return TRUE;
}

/* Is the text a part's number with no title after it (第一部分)? */
static gboolean
part_number_alone (const char *text)
{
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_HEADING_PART, text);
  g_autofree char *title = m ? fr_match_group (m, "title") : NULL;
  return title != NULL && *g_strstrip (title) == '\0';
}

/* Decides what a finished run of lines is: heading, title or paragraph, and its text. */
static void
finish_block (Ctx *cx, FrBlock *b)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < b->lines->len; i++) {
    const FrLine *l = g_ptr_array_index (b->lines, i);
    /* two runs on one baseline (部门名称：… and 单位：… at the far right) are one line with a
     * gap between them, which a reader sees as a space */
    if (i > 0 && same_baseline (g_ptr_array_index (b->lines, i - 1), l))
      g_string_append_printf (s, " %s", l->text + strspn (l->text, " "));
    else
      fr_join_append (s, l->text);
  }
  g_free (b->text);
  b->text = g_string_free (s, FALSE);
  if (b->kind == FR_BLOCK_TITLE || ((FrLine *) g_ptr_array_index (b->lines, 0))->kind == FR_LINE_TOC)
    return;

  int ri = heading_rule_index (b->text);
  if (ri < 0)
    return;
  g_autoptr (FrMatch) m = fr_rule_match (heading_rules[ri], b->text);
  g_autofree char *title = fr_match_group (m, "title");
  g_autofree char *num = fr_match_group (m, "num");
  g_strstrip (title);
  /* a part's title page may set its title on three lines under the number's own */
  const FrLine *first = g_ptr_array_index (b->lines, 0);
  guint most = b->lines->len > 1 && part_number_alone (first->text) ? 4 : 2;
  if (g_utf8_strlen (title, -1) > 40 || fr_rule_test (FR_RULE_HEADING_SENTENCE, title)
      || b->lines->len > most) {
    b->rule = "numbered_paragraph";
    return;
  }
  b->kind = FR_BLOCK_HEADING;
  b->rank = heading_rank[ri];
  b->rule = fr_rule_name (heading_rules[ri]);
  /* the number as printed, less its separator: 一 (of 一、), （一）, 1 (of 1.), （1）, ① */
  b->number = (b->rank == 2 || b->rank == 4) ? g_strdup_printf ("（%s）", num) : g_steal_pointer (&num);
  g_free (b->text);
  b->text = g_steal_pointer (&title);
}

/* A contents entry stands alone, on either route: it ends the block before it (*cur, then
 * NULL) and is a block of its own.  An entry Poppler printed as two runs on one baseline
 * (第二部分, a gap, its title) is one entry: *entry is the last entry while entries follow
 * (NULL after any other line; a dump has no baselines, and keeps it only for the title).  The
 * contents' title (目录, or 目 and 录 spaced out as two runs) is a title block: not a report's
 * title, and no paragraph of the text. */
static void
toc_block (Ctx *cx, FrBlock **cur, FrBlock **entry, FrLine *l)
{
  gboolean title = l->rule == fr_rule_name (FR_RULE_TOC_TITLE);
  if (*cur != NULL)
    finish_block (cx, *cur);
  *cur = NULL;
  if (*entry != NULL) {
    const FrLine *last = g_ptr_array_index ((*entry)->lines, (*entry)->lines->len - 1);
    gboolean goes_on = (*entry)->kind == FR_BLOCK_TITLE
                       ? title
                       : cx->an->doc->has_geometry && !title && same_baseline (last, l);
    if (goes_on) {
      extend_block (*entry, l);
      finish_block (cx, *entry);
      return;
    }
  }
  FrBlock *b = start_block (cx, l);
  b->rule = l->rule;
  if (title)
    b->kind = FR_BLOCK_TITLE;
  finish_block (cx, b);
  *entry = b;
}

/* Is a block the contents' title (toc_block)? */
static gboolean
is_toc_title (const FrBlock *b)
{
  return b->kind == FR_BLOCK_TITLE && b->lines->len > 0
         && ((const FrLine *) g_ptr_array_index (b->lines, 0))->kind == FR_LINE_TOC;
}

/* The first page with body text (the page count when none has any): a page up to it is the
 * document's first page of text.  Found once: searching the pages before each line was
 * quadratic in a report that opens with many pages of tables. */
static guint
first_body_page (const FrDocument *doc)
{
  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *pg = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < pg->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (pg->lines, i);
      if (l->kind == FR_LINE_BODY && !fr_text_is_blank (l->text))
        return p;
    }
  }
  return doc->pages->len;
}

static int
cmp_block_pos (gconstpointer a, gconstpointer b)
{
  const FrBlock *x = *(FrBlock *const *) a, *y = *(FrBlock *const *) b;
  if (x->page != y->page)
    return x->page < y->page ? -1 : 1;
  if (x->box.y0 != y->box.y0)
    return x->box.y0 < y->box.y0 ? -1 : 1;
  return 0;
}

static int
cmp_line_pos (gconstpointer a, gconstpointer b)
{
  const FrLine *x = *(FrLine *const *) a, *y = *(FrLine *const *) b;
  float cx = (x->y0 + x->y1) / 2, cy = (y->y0 + y->y1) / 2;
  /* same baseline (within a third of a line): left to right */
  if (fabsf (cx - cy) > MAX (x->y1 - x->y0, 2.0f) / 3)
    return cx < cy ? -1 : 1;
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Where on a page is its contents' title (目录)?  -1 where it has none.  A title spaced out
 * over the page's width (目      录) may come as one run a character: on a PDF the runs on
 * its baseline are read together, in a dump the next line; *split is then the index of the
 * title's last run (else the title's own). */
/* A page's body lines by the middle of their height, for the runs on one baseline: those that
 * share half of the shorter height with a line have their middles within half of the two heights
 * of its own, so a search is a binary search and a walk, not a pass over the page. */
typedef struct {
  float mid;
  guint i;
} ByMid;

static int
cmp_by_mid (gconstpointer a, gconstpointer b)
{
  const ByMid *x = a, *y = b;
  return x->mid < y->mid ? -1 : x->mid > y->mid ? 1 : (x->i > y->i) - (x->i < y->i);
}

static int
cmp_index (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return (x > y) - (x < y);
}

static GArray *
lines_by_mid (const FrPage *page, float *tallest)
{
  GArray *by = g_array_new (FALSE, FALSE, sizeof (ByMid));
  *tallest = 0;
  for (guint j = 0; j < page->lines->len; j++) {
    const FrLine *o = g_ptr_array_index (page->lines, j);
    if (o->kind != FR_LINE_BODY || fr_text_is_blank (o->text))
      continue;
    ByMid m = { (o->y0 + o->y1) / 2, j };
    g_array_append_val (by, m);
    *tallest = MAX (*tallest, o->y1 - o->y0);
  }
  g_array_sort (by, cmp_by_mid);
  return by;
}

/* The indexes, in page order, of the body lines on l's baseline (l's own among them). */
static GArray *
on_baseline (const FrPage *page, const GArray *by, float tallest, const FrLine *l)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  float mid = (l->y0 + l->y1) / 2, reach = (l->y1 - l->y0 + tallest) / 2;
  guint lo = 0, hi = by->len;
  while (lo < hi) {
    guint m = lo + (hi - lo) / 2;
    if (g_array_index (by, ByMid, m).mid < mid - reach)
      lo = m + 1;
    else
      hi = m;
  }
  for (guint k = lo; k < by->len && g_array_index (by, ByMid, k).mid <= mid + reach; k++) {
    guint j = g_array_index (by, ByMid, k).i;
    const FrLine *o = g_ptr_array_index (page->lines, j);
    if (fr_spans_share_half (l->y0, l->y1, o->y0, o->y1))
      g_array_append_val (out, j);
  }
  g_array_sort (out, cmp_index);
  return out;
}

static int
toc_title_at (const FrDocument *doc, const FrPage *page, int *split)
{
  g_autoptr (GArray) by = NULL;   /* made for the page's first short Chinese run */
  float tallest = 0;
  for (guint i = 0; i < page->lines->len; i++) {
    const FrLine *l = g_ptr_array_index (page->lines, i);
    *split = (int) i;
    if (l->kind != FR_LINE_BODY || fr_text_is_blank (l->text))
      continue;
    if (fr_rule_test (FR_RULE_TOC_TITLE, l->text))
      return (int) i;
    /* a run of a title spaced out is a character or two of it: Chinese, where a page of
     * figures torn a cell a line has thousands of short runs, and a search along the
     * baseline of each would be quadratic in them */
    if (g_utf8_strlen (l->text, -1) > 2)
      continue;
    g_autofree char *run = fr_squeeze (l->text);
    if (!fr_is_cjk (g_utf8_get_char (run)))
      continue;
    /* the other runs of the title: on its baseline, or the dump's next line */
    g_autoptr (GPtrArray) row = g_ptr_array_new ();
    if (doc->has_geometry) {
      if (by == NULL)
        by = lines_by_mid (page, &tallest);
      g_autoptr (GArray) on = on_baseline (page, by, tallest, l);
      for (guint k = 0; k < on->len; k++) {
        guint j = g_array_index (on, guint, k);
        g_ptr_array_add (row, g_ptr_array_index (page->lines, j));
        *split = MAX (*split, (int) j);
      }
      g_ptr_array_sort (row, cmp_line_pos);
    } else {
      /* a dump's title is this line and the next: the rest of the page is no part of it (a
       * dump without form feeds is one page, and a search to its end for each short line was
       * quadratic in its lines) */
      for (guint j = i; j < page->lines->len && row->len < 2; j++) {
        const FrLine *o = g_ptr_array_index (page->lines, j);
        if (o->kind != FR_LINE_BODY || fr_text_is_blank (o->text))
          continue;
        g_ptr_array_add (row, (gpointer) o);
        *split = MAX (*split, (int) j);
      }
    }
    GString *text = g_string_new (NULL);
    for (guint j = 0; j < row->len; j++)
      g_string_append (text, ((const FrLine *) g_ptr_array_index (row, j))->text);
    gboolean title = row->len > 1 && fr_rule_test (FR_RULE_TOC_TITLE, text->str);
    g_string_free (text, TRUE);
    if (title)
      return (int) i;
  }
  return -1;
}

/* A contents line as the contents list it: its title without the dot leader and page
 * number, without spaces (a new string). */
static char *
toc_key (const char *text)
{
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_TOC_ENTRY, text);
  g_autofree char *title = m ? fr_match_group (m, "title") : NULL;
  return fr_squeeze (title ? title : text);
}

/* Is a line, or a line with the next (an entry or a heading Poppler printed as two runs:
 * 第一部分 | 部门概况), one that the contents listed? */
static gboolean
listed_line (GHashTable *listed, const FrLine *l, const FrLine *next)
{
  g_autofree char *key = toc_key (l->text);
  if (g_hash_table_contains (listed, key))
    return TRUE;
  if (next == NULL)
    return FALSE;
  g_autofree char *both = g_strconcat (l->text, next->text, NULL);
  g_autofree char *key2 = toc_key (both);
  return g_hash_table_contains (listed, key2);
}

/* What the contents listed so far, to tell a page that goes on with them: each entry's key
 * (toc_key, and of two lines in a row), the last number listed in each heading style, and
 * whether entries were numbered 1.1, 2.3 (TOC_DOTTED). */
typedef struct {
  GHashTable *listed;
  int last[G_N_ELEMENTS (heading_rules)];
  gboolean dotted;
} Listed;

static void
listed_reset (Listed *ls)
{
  g_hash_table_remove_all (ls->listed);
  memset (ls->last, 0, sizeof ls->last);
  ls->dotted = FALSE;
}

/* A line numbered 1.1, 2.3.1 before its title (TOC_DOTTED): the text after that number, else
 * the line. */
static const char *
after_dotted (const char *text)
{
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_TOC_DOTTED, text);
  gsize end = 0;
  return m && fr_match_span (m, NULL, NULL, &end) ? text + end : text;
}

/* Does the first numbered line of a page go on with the contents' numbering?  The next number
 * of a style they listed (四、 after 三、, （十） after （九）), or a style below their top one
 * starting again (一、 under the next 第N部分, as the contents did before), or an entry numbered
 * 1.1 where they were.  A page that opens a style they never used (一、 where they listed only
 * 第N部分) or starts their top style again is the body's own outline. */
static gboolean
goes_on_numbering (const Listed *ls, const char *text)
{
  int style, value;
  if (fr_rule_test (FR_RULE_TOC_DOTTED, text))
    return ls->dotted;
  if (!line_number (text, &style, &value))
    return FALSE;
  int top = -1;
  for (guint s = 0; s < G_N_ELEMENTS (heading_rules); s++)
    if (ls->last[s] > 0 && (top < 0 || heading_rank[s] < heading_rank[top]))
      top = (int) s;
  if (ls->last[style] == 0)
    return FALSE;
  return value == ls->last[style] + 1 || (value == 1 && heading_rank[style] > heading_rank[top]);
}

/* Does a line open at 1 a heading style the contents never used (（一） under their 四、 at the
 * top of the page after it)?  Such a page goes on with them only where it comes back to their
 * own numbering (五、 after the （三）): a sub-list of their last entry, not the body's outline. */
static gboolean
opens_style (const Listed *ls, const char *text)
{
  int style, value;
  return !fr_rule_test (FR_RULE_TOC_DOTTED, text) && line_number (text, &style, &value) && value == 1
         && ls->last[style] == 0;
}

/* Does a page go on with the contents of the page before it, though it has neither the
 * title nor dot leaders?  Entries listed by number alone (第二部分 …, （一）收支总表, 2.3 …): at
 * least three lines, none of them a sentence or a figure (body text, a table), most opening
 * with a heading number (the others an entry's wrapped end), the first number going on with
 * the contents' numbering (goes_on_numbering) or opening a sub-list that comes back to it
 * (opens_style), and none an entry the contents listed already:
 * that is the body's first heading (第一部分 部门概况 over a list of duties without a full stop). */
static gboolean
continues_toc (const FrPage *page, const Listed *ls)
{
  guint lines = 0, numbered = 0;
  /* the first number opened a style the contents never used, and none has come back to theirs */
  gboolean pending = FALSE;
  const FrLine *prev = NULL;
  for (guint i = 0; i < page->lines->len; i++) {
    const FrLine *l = g_ptr_array_index (page->lines, i);
    if (l->kind != FR_LINE_BODY || fr_text_is_blank (l->text))
      continue;
    /* an entry whose number and title stand apart on one baseline (2.3 | 支出预算情况, two
     * runs to Poppler) is read whole */
    const FrLine *next = NULL;
    guint j = i + 1;
    while (j < page->lines->len && (((const FrLine *) g_ptr_array_index (page->lines, j))->kind != FR_LINE_BODY
                                    || fr_text_is_blank (((const FrLine *) g_ptr_array_index (page->lines, j))->text)))
      j++;
    if (j < page->lines->len && same_baseline (l, g_ptr_array_index (page->lines, j)))
      next = g_ptr_array_index (page->lines, j);
    g_autofree char *text = next ? g_strconcat (l->text, " ", next->text, NULL) : g_strdup (l->text);
    if (fr_rule_test (FR_RULE_TOC_NOT_ENTRY, after_dotted (text)) || listed_line (ls->listed, l, next)
        || (prev != NULL && listed_line (ls->listed, prev, l)))
      return FALSE;
    lines++;
    if (heading_rule_index (text) >= 0 || fr_rule_test (FR_RULE_TOC_DOTTED, text)) {
      if (numbered == 0 && !goes_on_numbering (ls, text)) {
        if (!opens_style (ls, text))
          return FALSE;
        pending = TRUE;
      } else if (pending && goes_on_numbering (ls, text)) {
        pending = FALSE;
      }
      numbered++;
    }
    prev = next ? next : l;
    i = next ? j : i;
  }
  return !pending && lines >= 3 && numbered * 3 >= lines * 2;
}

/* Contents pages: after a 目录 line, or where most lines are dot-leader entries, every line is
 * an entry, and so on the pages that go on with them (continues_toc).  Entries repeat the
 * headings; taken as headings they would double the tree, and a list of them printed in two
 * columns (第一部分 | 部门概况) is no table.  So this runs before the tables stage on both
 * routes. */
void
fr_mark_toc (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  gboolean prev_toc = FALSE;
  /* the entries of the contents pages so far */
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Listed ls = { listed, { 0 }, FALSE };
  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    guint body = 0, entries = 0;
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind != FR_LINE_BODY || fr_text_is_blank (l->text))
        continue;
      body++;
      if (fr_rule_test (FR_RULE_TOC_ENTRY, l->text))
        entries++;
    }
    int split = -1;
    int title_at = toc_title_at (doc, page, &split);
    gboolean whole = (entries >= 3 && (entries * 2 >= body || prev_toc))
                     || (prev_toc && title_at < 0 && continues_toc (page, &ls));
    if (title_at < 0 && !whole) {
      prev_toc = FALSE;
      listed_reset (&ls);
      continue;
    }
    const FrLine *prev_entry = NULL;
    const FrLine *title = title_at >= 0 ? g_ptr_array_index (page->lines, title_at) : NULL;
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind != FR_LINE_BODY || fr_text_is_blank (l->text))
        continue;
      /* the title itself, and the other runs of a title spaced out */
      gboolean on_title = title != NULL
                          && ((int) i == title_at
                              || (split > title_at
                                  && (doc->has_geometry
                                      ? fr_spans_share_half (l->y0, l->y1, title->y0, title->y1)
                                      : (int) i <= split)));
      /* without geometry the title's line order is the page order; with it, its height */
      gboolean after = whole || (title != NULL && (doc->has_geometry ? l->y0 > title->y0 - 1 : (int) i > title_at));
      if (on_title || after) {
        l->kind = FR_LINE_TOC;
        l->rule = fr_rule_name (on_title ? FR_RULE_TOC_TITLE : FR_RULE_TOC_ENTRY);
        if (!on_title) {
          int style, value;
          if (line_number (l->text, &style, &value))
            ls.last[style] = value;
          ls.dotted |= fr_rule_test (FR_RULE_TOC_DOTTED, l->text);
          g_hash_table_add (listed, toc_key (l->text));
          if (prev_entry != NULL) {
            g_autofree char *both = g_strconcat (prev_entry->text, l->text, NULL);
            g_hash_table_add (listed, toc_key (both));
          }
          prev_entry = l;
        }
      }
    }
    prev_toc = TRUE;
  }
}

/* ---- the text route ---------------------------------------------------------------- */

/* How much narrower than a full line a line may be and still count as full: a number or a
 * Latin word that did not fit at the end of a line leaves about this much. */
#define TEXT_FULL_SLACK 2.0f
/* The first-line indent of official documents (GB/T 9704: two characters); dumps drop it,
 * so a paragraph's first line is this much narrower when full. */
#define TEXT_INDENT 2.0f

typedef struct {
  float usual;              /* width of a full line, in ems */
  guint margin;             /* usual count of leading spaces (pdftotext -layout keeps them) */
  gboolean blank_lines_break;
  GHashTable *order;        /* FrLine* -> its position in the document, from 1 */
  gpointer first_line;      /* position of the first body line (as stored in order) */
} TextCtx;

static guint
leading_spaces (const FrLine *l)
{
  guint n = 0;
  const char *s = l->source_text ? l->source_text : l->text;
  for (; *s == ' ' || *s == '\t'; s++)
    n += *s == '\t' ? 4 : 1;
  if (g_str_has_prefix (s, "\u3000"))
    n += 2;
  return n;
}

static void
text_measure (TextCtx *tx, const FrDocument *doc)
{
  guint blank = 0, nonblank = 0, pos = 0;
  g_autoptr (GHashTable) margins = g_hash_table_new (NULL, NULL);
  guint best = 0;
  tx->usual = fr_text_usual_width (doc);
  tx->order = g_hash_table_new (NULL, NULL);
  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *l = g_ptr_array_index (page->lines, i);
      g_hash_table_insert (tx->order, l, GUINT_TO_POINTER (++pos));
      /* a dump's table lines are body text the tables stage took: the page's measure counts
       * them as it did before */
      if (l->kind != FR_LINE_BODY && l->kind != FR_LINE_TABLE)
        continue;
      if (fr_text_is_blank (l->text)) {
        blank++;
        continue;
      }
      if (nonblank++ == 0)
        tx->first_line = GUINT_TO_POINTER (pos);
      gpointer k = GUINT_TO_POINTER (leading_spaces (l));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (margins, k)) + 1;
      g_hash_table_replace (margins, k, GUINT_TO_POINTER (n));
      if (n > best) {
        best = n;
        tx->margin = GPOINTER_TO_UINT (k);
      }
    }
  }
  /* blank lines between nearly every line carry no meaning (the seed dump has them) */
  tx->blank_lines_break = blank * 10 < nonblank * 6;
}

/* Is l as wide as a line of its kind can be?  next: the line after it (or NULL), whose
 * leading number or Latin word may not have fitted at l's end.  before: the width of the
 * pieces of the same printed line that the dump put on lines of their own before l
 * (TEXT_CLAUSE_OPEN), 0 for none. */
static gboolean
text_is_full (const TextCtx *tx, const FrLine *l, gboolean first_of_block, const FrLine *next, float before)
{
  float cap = tx->usual - (first_of_block ? TEXT_INDENT : 0);
  float slack = TEXT_FULL_SLACK;
  if (next != NULL)
    slack = MAX (slack, fr_text_lead_run_width (next) + 1.0f);
  return tx->usual > 0 && before + fr_text_line_width (l) >= cap - slack;
}

/* A line that ends a sentence ends its paragraph unless it is as wide as a line can be:
 * justified text reaches the margin on every line but the last.  before: as text_is_full's. */
static gboolean
text_ends_paragraph (const TextCtx *tx, const FrLine *l, gboolean first_of_block, float before)
{
  if (!fr_rule_test (FR_RULE_TEXT_SENTENCE_END, l->text))
    return FALSE;
  float cap = tx->usual - (first_of_block ? TEXT_INDENT : 0);
  /* Latin letters and digits are narrower or wider than half an em, font by font: each
   * makes the width less certain */
  guint latin = 0;
  for (const char *p = l->text; *p; p++)
    latin += g_ascii_isalnum (*p);
  return before + fr_text_line_width (l) < cap - 0.5f - 0.2f * (float) latin;
}

/* Does the title (so far `title`) go on into line l?  A title is a few short lines before
 * the first heading; the line that names the document's kind is its last. */
static gboolean
text_title_continues (const TextCtx *tx, const FrBlock *title, const FrLine *l)
{
  if (title->lines->len >= 3 || heading_rule_index (l->text) >= 0
      || fr_text_line_width (l) > tx->usual * 0.8f
      || fr_rule_test (FR_RULE_TEXT_SENTENCE_END, l->text))
    return FALSE;
  const FrLine *last = g_ptr_array_index (title->lines, title->lines->len - 1);
  return !fr_rule_test (FR_RULE_TEXT_TITLE_KIND, last->text);
}

static int
cmp_block_order (gconstpointer a, gconstpointer b, gpointer order)
{
  const FrBlock *x = *(FrBlock *const *) a, *y = *(FrBlock *const *) b;
  guint ox = x->lines->len ? GPOINTER_TO_UINT (g_hash_table_lookup (order, g_ptr_array_index (x->lines, 0))) : 0;
  guint oy = y->lines->len ? GPOINTER_TO_UINT (g_hash_table_lookup (order, g_ptr_array_index (y->lines, 0))) : 0;
  return ox < oy ? -1 : ox > oy;
}

/* The text route: the rules of the issue on archived dumps.  A line of the usual width goes
 * on into the next; a short line, a heading number or an indent starts a new unit; over a
 * page break (\f, or a lone leading space) a paragraph that did not end goes on. */
static void
text_blocks (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  TextCtx tx = { 0 };
  Ctx cx = { an, 0, 0 };
  /* the tables stage marked the contents and the tables already (fr_mark_toc,
   * fr_text_tables) */
  text_measure (&tx, doc);

  FrBlock *cur = NULL;
  const FrLine *prev = NULL;
  gboolean prev_first = FALSE;   /* prev was the first line of its block */
  float before = 0;              /* pieces of prev's printed line before it (text_is_full) */
  gboolean piece = FALSE;        /* l goes on prev's printed line (TEXT_CLAUSE_OPEN) */
  gboolean blank_seen = FALSE, set_aside = FALSE;
  gboolean title_open = TRUE;
  FrBlock *toc_prev = NULL;      /* the last contents entry, while entries follow */

  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind == FR_LINE_TABLE) {
        /* a table ends the paragraph before it */
        if (cur != NULL)
          finish_block (&cx, cur);
        cur = NULL;
        prev = NULL;
        title_open = FALSE;
        continue;
      }
      if (l->kind == FR_LINE_TOC) {
        toc_block (&cx, &cur, &toc_prev, l);
        prev = NULL;
        title_open = FALSE;
        continue;
      }
      toc_prev = NULL;
      if (l->kind != FR_LINE_BODY) {
        set_aside = TRUE;   /* furniture: the blank lines around it mean nothing */
        continue;
      }
      if (fr_text_is_blank (l->text)) {
        blank_seen = TRUE;
        continue;
      }
      gboolean heading = heading_rule_index (l->text) >= 0;
      gboolean indented = leading_spaces (l) >= tx.margin + 2 && !l->page_break_before;
      gboolean page_break = prev != NULL && (l->page != prev->page || l->page_break_before);
      gboolean brk = TRUE;
      if (cur != NULL && prev != NULL) {
        gboolean full = text_is_full (&tx, prev, prev_first, l, before);
        piece = !full && fr_rule_test (FR_RULE_TEXT_CLAUSE_OPEN, prev->text);
        gboolean ended = (!full && !piece) || text_ends_paragraph (&tx, prev, prev_first, before)
                         || (fr_rule_test (FR_RULE_TEXT_SENTENCE_END, prev->text)
                             && fr_rule_test (FR_RULE_TEXT_ITEM_START, l->text));
        /* a numbered line that stops at a comma is no heading (HEADING_SENTENCE); a part's
         * number with its title's lines (below) is one */
        const FrLine *first = g_ptr_array_index (cur->lines, 0);
        gboolean part_alone = part_number_alone (first->text);
        gboolean heading_block = (cur->lines->len == 1 && heading_rule_index (prev->text) >= 0
                                  && !fr_rule_test (FR_RULE_TEXT_CLAUSE_OPEN, prev->text))
                                 || part_alone;
        if (cur->kind == FR_BLOCK_TITLE)
          brk = !text_title_continues (&tx, cur, l);
        else if (heading || indented)
          brk = TRUE;
        else if (page_break)
          /* a paragraph that did not end goes on over the page break, even from a short
           * last line (a page may end early before a table or a widow) */
          brk = heading_block || fr_rule_test (FR_RULE_TEXT_SENTENCE_END, prev->text)
                || (!text_is_full (&tx, prev, prev_first, l, before) && set_aside && blank_seen && tx.blank_lines_break);
        else
          brk = ended || (blank_seen && tx.blank_lines_break && !set_aside);
        /* a part's number alone (第一部分) takes the short lines of words after it on its page,
         * three at most, as its title, blank lines or not (as on the PDF route) */
        if (brk && cur->kind != FR_BLOCK_TITLE && cur->lines->len <= 3 && !heading && !page_break
            && part_alone && fr_text_line_width (l) <= tx.usual * 0.8f
            && fr_text_has_cjk (l->text) && !fr_rule_test (FR_RULE_TEXT_SENTENCE_END, l->text))
          brk = FALSE;
      }
      /* a piece of a printed line that the dump broke after a comma: the next piece's width
       * adds to it */
      before = !brk && piece && prev != NULL ? before + fr_text_line_width (prev) : 0;
      piece = FALSE;
      if (brk) {
        if (cur != NULL)
          finish_block (&cx, cur);
        cur = start_block (&cx, l);
        /* a title: the document's first lines, or a page's (one report bound after another;
         * kept below only if it names a report kind) */
        if ((title_open && prev == NULL) || (prev != NULL && l->page != prev->page))
          if (!heading && fr_text_line_width (l) <= tx.usual * 0.8f
              && !fr_rule_test (FR_RULE_TEXT_SENTENCE_END, l->text))
            cur->kind = FR_BLOCK_TITLE;
        title_open = FALSE;
        prev_first = TRUE;
      } else {
        extend_block (cur, l);
        prev_first = FALSE;
      }
      prev = l;
      blank_seen = set_aside = FALSE;
    }
  }
  if (cur != NULL)
    finish_block (&cx, cur);
  /* a title atop a later page names a report kind (and a year), or it is a paragraph */
  for (guint i = 0; i < an->blocks->len; i++) {
    FrBlock *b = g_ptr_array_index (an->blocks, i);
    const char *at;
    gsize len;
    if (b->kind != FR_BLOCK_TITLE || b->lines->len == 0 || is_toc_title (b)
        || g_hash_table_lookup (tx.order, g_ptr_array_index (b->lines, 0)) == tx.first_line)
      continue;
    if (fr_kind_find (b->text, &at, &len) == NULL || !fr_rule_test (FR_RULE_YEAR, b->text)
        || fr_rule_test (FR_RULE_SECTION_TITLE_TAIL, b->text)) {
      /* no unnumbered heading here (page_heading): a dump gives no size, and a table the
       * dump's columns did not reveal heads its page as often as a section's title */
      b->kind = FR_BLOCK_PARAGRAPH;
      finish_block (&cx, b);
    }
  }
  /* tables were added first: put every block where its first line stands */
  g_ptr_array_sort_with_data (an->blocks, cmp_block_order, tx.order);
  g_hash_table_unref (tx.order);
}

void
fr_stage_blocks (FrAnalysis *an)
{
  if (!an->doc->has_geometry) {
    text_blocks (an);
    return;
  }
  const FrDocument *doc = an->doc;
  Ctx cx = { an, 0, 0 };
  /* the tables stage marked the contents before it read the tables (fr_mark_toc) */
  measure_body (&cx);
  /* line kinds are settled from here on */
  guint first_body = first_body_page (doc);

  FrBlock *cur = NULL;
  const FrLine *prev = NULL;
  LineShape prev_shape = { 0 };
  gboolean title_open = TRUE;    /* still at the top of the document */
  FrBlock *toc_prev = NULL;      /* the last contents entry, while entries follow */

  /* the tables that start on each page: looking through all of them for each line was
   * quadratic in a long report's pages */
  g_autoptr (GPtrArray) tables_on = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint p = 0; p < doc->pages->len; p++)
    g_ptr_array_add (tables_on, g_ptr_array_new ());
  for (guint t = 0; t < an->tables->len; t++) {
    FrTable *tb = g_ptr_array_index (an->tables, t);
    if (tb->page < doc->pages->len)
      g_ptr_array_add (g_ptr_array_index (tables_on, tb->page), tb);
  }

  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    GPtrArray *page_tables = g_ptr_array_index (tables_on, p);
    g_autoptr (GPtrArray) lines = g_ptr_array_new ();
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind == FR_LINE_BODY || l->kind == FR_LINE_TOC)
        g_ptr_array_add (lines, l);
    }
    g_ptr_array_sort (lines, cmp_line_pos);
    /* several reports merged into one file: a later one's title opens a page */
    gboolean page_top = TRUE;
    for (guint i = 0; i < lines->len; i++) {
      FrLine *l = g_ptr_array_index (lines, i);
      if (fr_text_is_blank (l->text))
        continue;
      if (l->kind == FR_LINE_TOC) {
        toc_block (&cx, &cur, &toc_prev, l);
        prev = NULL;
        title_open = FALSE;
        continue;
      }
      toc_prev = NULL;
      LineShape s = shape_of (&cx, page, l);
      gboolean big = l->size >= cx.em * 1.15f;
      gboolean first_page = p <= first_body;
      if (page_top && !first_page)
        title_open = TRUE;
      page_top = FALSE;
      /* a page of little but a form measures its column off the form's wide cells: a title
       * centred on the page is a title there too */
      gboolean page_centered = fabsf (l->x0 - (page->width - l->x1)) < 3.0f * MAX (l->size, 1.0f)
                               && l->x0 >= 0.15f * page->width;
      /* atop a later page, a large line centred in its column or on the page, or bold: the
       * cover of a report bound after another, if it names a kind (below), else a heading atop
       * its page (page_heading) or a paragraph */
      gboolean is_title = title_open && !s.heading_start
                          && (first_page ? (big || s.centered || page_centered)
                                         : big && (s.centered || page_centered || l->bold));
      gboolean brk = TRUE;
      if (cur != NULL && prev != NULL) {
        gboolean same_page = l->page == prev->page;
        gboolean size_change = fabsf (l->size - prev->size) > 0.15f * MAX (prev->size, 1.0f);
        gboolean gap = same_page && (l->y0 - prev->y0) > 1.6f * cx.pitch;
        gboolean table_between = FALSE;
        if (same_page) {
          for (guint t = 0; t < page_tables->len && !table_between; t++) {
            const FrTable *tb = g_ptr_array_index (page_tables, t);
            table_between = tb->box.y0 >= prev->y1 - 1 && tb->box.y1 <= l->y0 + 1;
          }
        }
        if (cur->kind == FR_BLOCK_TITLE) {
          /* a title continues over its lines while they stay centred and as large */
          brk = !is_title || size_change || gap;
        } else {
          if (!prev_shape.full && !s.indented && l->page == prev->page
              && page->col_x1 - prev->x1 <= first_word_width (l) + 1.2f * MAX (prev->size, 1.0f))
            prev_shape.full = TRUE;
          /* a sentence that ends short of the edge ends its paragraph, even by one character */
          gboolean ends_sentence = fr_rule_test (FR_RULE_PARA_ENDS_SENTENCE, prev->text);
          if (ends_sentence && page->col_x1 - prev->x1 >= 0.5f * MAX (prev->size, 1.0f) && l->page == prev->page)
            prev_shape.full = FALSE;
          if (same_baseline (prev, l))
            prev_shape.full = TRUE, s.indented = FALSE;
          /* A change of weight alone breaks only before a numbered line: a bold line that runs
           * to the edge goes on into the next whatever its weight, as a bold term run in before
           * its definition does (名词解释: the term fills the line, the definition is a short
           * line after it); a bold line that ends short breaks by its shape.  Into bold, the
           * change still breaks before a line that ends short: a paragraph whose last line
           * happens to fill the line, then a short bold line (a heading with no number), is
           * two blocks; a run-in term is bold first, its definition after it. */
          brk = !prev_shape.full || s.indented || gap || size_change || table_between
                || (s.heading_start && ends_sentence)
                || (s.heading_start && next_in_sequence (cur, l))
                || (s.heading_start && l->bold != prev->bold)
                || (l->bold && !prev->bold && !s.full);
          /* a part's number alone on its line (第一部分, a part's title page) takes the next
           * lines of the same size and weight (three at most) as its title, however far below
           * it they stand and however centred (a long title fills its first line); not a line
           * that ends a sentence (as on the text route): where the part's title is set as the
           * body is, that is the part's text after its title */
          const FrLine *first = g_ptr_array_index (cur->lines, 0);
          if (brk && cur->lines->len <= 3 && same_page && !size_change && !table_between
              && !s.heading_start && l->bold == prev->bold
              && !fr_rule_test (FR_RULE_TEXT_SENTENCE_END, l->text) && part_number_alone (first->text))
            brk = FALSE;
        }
      }
      if (brk) {
        if (cur != NULL)
          finish_block (&cx, cur);
        cur = start_block (&cx, l);
        if (is_title)
          cur->kind = FR_BLOCK_TITLE;
        else
          title_open = FALSE;
      } else {
        extend_block (cur, l);
      }
      prev = l;
      prev_shape = s;
    }
  }
  if (cur != NULL)
    finish_block (&cx, cur);
  /* a large line atop a later page is a title only if it names a report kind; else it heads
   * the page's text as an unnumbered heading (page_heading), or it is a paragraph (a
   * heading-less caption, a cover's subtitle) */
  for (guint i = 0; i < an->blocks->len; i++) {
    FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind != FR_BLOCK_TITLE || b->page <= first_body || is_toc_title (b))
      continue;
    GString *group = g_string_new (NULL);
    guint j = i;
    for (; j < an->blocks->len && j < i + 3; j++) {
      const FrBlock *g = g_ptr_array_index (an->blocks, j);
      if (g->kind != FR_BLOCK_TITLE || is_toc_title (g))
        break;
      fr_join_append (group, g->text);
    }
    const char *at;
    gsize len;
    gboolean names_kind = fr_kind_find (group->str, &at, &len) != NULL
                          && !fr_rule_test (FR_RULE_SECTION_TITLE_TAIL, group->str);
    g_string_free (group, TRUE);
    for (guint k = i; k < j; k++) {
      FrBlock *g = g_ptr_array_index (an->blocks, k);
      if (!names_kind) {
        g->kind = FR_BLOCK_PARAGRAPH;
        finish_block (&cx, g);
        if (j == i + 1 && page_heading (&cx, g, j < an->blocks->len ? g_ptr_array_index (an->blocks, j) : NULL,
                                        g_ptr_array_index (tables_on, g->page))) {
          g->kind = FR_BLOCK_HEADING;
          g->rank = 0;
          g->rule = "page_heading";
        }
      }
    }
    i = j - 1;
  }
  /* tables were added first; put everything in reading order */
  g_ptr_array_sort (an->blocks, cmp_block_pos);
}
