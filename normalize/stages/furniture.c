/* furniture.c — page numbers and running headers/footers, marked and set aside.
 *
 * With geometry a page number must sit in the header or footer band, outside the body; a
 * bare number counts only there.  Without geometry (a text dump) the band is the first and
 * last two non-empty lines of a page, and only unmistakable styles (— 8 —, 第8页) count
 * elsewhere.  A bare number that fails that test (a footer's text beside it on its height)
 * is a page number still where it keeps one place at the page foot or head over three pages
 * or more and counts up with them (sequence_page_numbers).  A running line is the same text
 * (digits aside) in the same band on most pages.
 */
#include "stages.h"

#include <math.h>
#include <string.h>

#define BAND_TOP 0.10f      /* top 10% of the page height */
#define BAND_BOTTOM 0.86f   /* below 86% */

typedef enum { BAND_NONE = 0, BAND_HEAD = 1, BAND_FOOT = 2 } Band;

static gboolean
line_empty (const FrLine *line)
{
  return line->glyphs->len == 0;
}

/* For each index i of a page's lines, how many non-empty lines come before it; the last
 * entry is the page's total.  Counted once per page: counting around each line was
 * quadratic in a page's lines (a 10,000-row table in a dump is one page). */
static guint *
nonempty_before (const FrPage *page)
{
  guint *before = g_new (guint, page->lines->len + 1);
  before[0] = 0;
  for (guint i = 0; i < page->lines->len; i++)
    before[i + 1] = before[i] + !line_empty (g_ptr_array_index (page->lines, i));
  return before;
}

/* Which band a line is in: by position with geometry, by order without (before_of is
 * nonempty_before's array for the page). */
static Band
line_band (const FrDocument *doc, const FrPage *page, guint index, const guint *before_of)
{
  const FrLine *line = g_ptr_array_index (page->lines, index);
  if (doc->has_geometry) {
    if (page->height <= 0)
      return BAND_NONE;
    if (line->y1 <= page->height * BAND_TOP)
      return BAND_HEAD;
    if (line->y0 >= page->height * BAND_BOTTOM)
      return BAND_FOOT;
    return BAND_NONE;
  }
  /* text: count non-empty lines from each end */
  guint before = before_of[index];
  guint after = before_of[page->lines->len] - before_of[index + 1];
  if (before < 2 && doc->pages->len > 1 && index < page->lines->len)
    return BAND_HEAD;
  if (after < 2 && doc->pages->len > 1)
    return BAND_FOOT;
  return BAND_NONE;
}

/* Text route: the first or last non-empty line of the page, on a page that shows no other
 * page number (a table's last value can end a page just above — 2 —). */
static gboolean
text_outermost (const FrPage *page, const FrLine *line, Band band)
{
  gboolean beyond = FALSE, seen = FALSE;
  for (guint i = 0; i < page->lines->len; i++) {
    const FrLine *o = g_ptr_array_index (page->lines, i);
    if (o == line) {
      seen = TRUE;
      continue;
    }
    if (line_empty (o))
      continue;
    if (o->kind == FR_LINE_PAGE_NUMBER || fr_rule_test (FR_RULE_PAGE_NUMBER_DASHES, o->text)
        || fr_rule_test (FR_RULE_PAGE_NUMBER_DI_YE, o->text))
      return FALSE;
    if ((band == BAND_FOOT && seen) || (band == BAND_HEAD && !seen))
      beyond = TRUE;
  }
  return !beyond;
}

/* The lines of a page that can stand in a page number's way (non-empty), sorted by each edge
 * that decides "outermost and alone".  A pass over the page for each bare number was
 * quadratic (a tall page of table rows numbered 1, 2, 3…); with the sorted orders each test
 * is O(1) amortized.  Lines marked as page numbers drop out as they are marked, as before:
 * each order's start moves past them for good. */
typedef enum { BY_Y0_DOWN, BY_Y1_DOWN, BY_Y0_UP, BY_Y1_UP, N_ORDERS } Order;

typedef struct {
  GPtrArray *by[N_ORDERS];
  guint start[N_ORDERS];
} Edges;

static int
cmp_y0_down (gconstpointer a, gconstpointer b)
{
  const FrLine *x = *(FrLine *const *) a, *y = *(FrLine *const *) b;
  return (x->y0 < y->y0) - (x->y0 > y->y0);
}

static int
cmp_y1_down (gconstpointer a, gconstpointer b)
{
  const FrLine *x = *(FrLine *const *) a, *y = *(FrLine *const *) b;
  return (x->y1 < y->y1) - (x->y1 > y->y1);
}

static int
cmp_y0_up (gconstpointer a, gconstpointer b)
{
  return cmp_y0_down (b, a);
}

static int
cmp_y1_up (gconstpointer a, gconstpointer b)
{
  return cmp_y1_down (b, a);
}

static void
edges_init (Edges *e, const FrPage *page)
{
  static const GCompareFunc cmp[N_ORDERS] = { cmp_y0_down, cmp_y1_down, cmp_y0_up, cmp_y1_up };
  for (int k = 0; k < N_ORDERS; k++) {
    e->by[k] = g_ptr_array_new ();
    e->start[k] = 0;
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *l = g_ptr_array_index (page->lines, i);
      if (!line_empty (l))
        g_ptr_array_add (e->by[k], l);
    }
    g_ptr_array_sort (e->by[k], cmp[k]);
  }
}

static void
edges_clear (Edges *e)
{
  for (int k = 0; k < N_ORDERS; k++)
    g_ptr_array_unref (e->by[k]);
}

/* The first line in order k that is not `skip` and not a page number: the greatest (DOWN) or
 * least (UP) of its edge among the others.  FALSE when there is none. */
static gboolean
edges_extreme (Edges *e, Order k, const FrLine *skip, float *edge)
{
  GPtrArray *a = e->by[k];
  while (e->start[k] < a->len && ((FrLine *) g_ptr_array_index (a, e->start[k]))->kind == FR_LINE_PAGE_NUMBER)
    e->start[k]++;
  for (guint i = e->start[k]; i < a->len; i++) {
    const FrLine *o = g_ptr_array_index (a, i);
    if (o == skip || o->kind == FR_LINE_PAGE_NUMBER)
      continue;
    *edge = (k == BY_Y0_DOWN || k == BY_Y0_UP) ? o->y0 : o->y1;
    return TRUE;
  }
  return FALSE;
}

/* A bare number is a page number only where nothing else could own it: alone on its
 * height, and the outermost text of the page (a table's last row can reach the footer band).
 * In the footer that is: every other line starts above its bottom and ends at or above its
 * top; in the header the mirror image. */
static gboolean
outermost_and_alone (const FrDocument *doc, const FrPage *page, Edges *edges, const FrLine *line,
                     Band band)
{
  float a, b;
  if (!doc->has_geometry)
    return text_outermost (page, line, band);
  if (band == BAND_FOOT)
    return (!edges_extreme (edges, BY_Y0_DOWN, line, &a) || a < line->y1)
           && (!edges_extreme (edges, BY_Y1_DOWN, line, &b) || b <= line->y0);
  return (!edges_extreme (edges, BY_Y1_UP, line, &a) || a > line->y0)
         && (!edges_extreme (edges, BY_Y0_UP, line, &b) || b >= line->y1);
}

static gboolean
is_page_number (const FrDocument *doc, const FrPage *page, Edges *edges, const FrLine *line,
                Band band, FrRuleId *rule)
{
  static const FrRuleId anywhere[] = { FR_RULE_PAGE_NUMBER_DASHES, FR_RULE_PAGE_NUMBER_DI_YE };
  static const FrRuleId in_band[] = { FR_RULE_PAGE_NUMBER_OF, FR_RULE_PAGE_NUMBER_BARE };
  if (strlen (line->text) > 40)   /* furniture is short */
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (anywhere); i++)
    if ((band != BAND_NONE || !doc->has_geometry) && fr_rule_test (anywhere[i], line->text)) {
      *rule = anywhere[i];
      return TRUE;
    }
  if (band == BAND_NONE)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (in_band); i++)
    if (fr_rule_test (in_band[i], line->text) && outermost_and_alone (doc, page, edges, line, band)) {
      *rule = in_band[i];
      return TRUE;
    }
  return FALSE;
}

/* ---- page numbers by their sequence ---------------------------------------------------- */

#define SEQ_FOOT 0.75f      /* a page foot: below 75% of the page height */
#define SEQ_HEAD 0.15f      /* a page head: above 15% */
#define SEQ_MIN_PAGES 3     /* pages a sequence must cover */
#define SEQ_SLACK 8.0f      /* points its numbers may stray from their usual distance to the edge */

typedef struct {
  FrLine *line;
  int offset;               /* the number printed less the page's index */
  float dist;               /* from the page's edge (bottom for the foot, top for the head) */
} SeqCandidate;

/* The outermost bare number of a page's foot (or head), marked or not, or NULL. */
static FrLine *
seq_candidate (const FrPage *page, gboolean foot, int *n)
{
  FrLine *best = NULL;
  for (guint i = 0; i < page->lines->len; i++) {
    FrLine *l = g_ptr_array_index (page->lines, i);
    if ((l->kind != FR_LINE_BODY && l->kind != FR_LINE_PAGE_NUMBER) || line_empty (l)
        || strlen (l->text) > 16)
      continue;
    if (foot ? l->y0 < page->height * SEQ_FOOT : l->y1 > page->height * SEQ_HEAD)
      continue;
    if (best != NULL && (foot ? l->y0 <= best->y0 : l->y1 >= best->y1))
      continue;
    g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_PAGE_NUMBER_BARE, l->text);
    if (m == NULL)
      m = fr_rule_match (FR_RULE_PAGE_NUMBER_OF, l->text);
    g_autofree char *digits = m ? fr_match_group (m, "n") : NULL;
    if (digits == NULL)
      continue;
    best = l;
    *n = (int) g_ascii_strtoll (digits, NULL, 10);
  }
  return best;
}

static int
cmp_float (gconstpointer a, gconstpointer b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

/* Page numbers the page-by-page test leaves: a bare number with a footer's text beside it on
 * its height (XX局部门预算 at the left, 3 in the middle) is not alone there, and one a little
 * above the footer band is outside it.  Numbers that stand at the same distance from the
 * page's edge page after page, and count up with the pages, are the page numbers all the
 * same: a table's row numbers do not keep one place and one step over pages. */
static void
sequence_page_numbers (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  if (!doc->has_geometry || doc->pages->len < SEQ_MIN_PAGES)
    return;
  for (int foot = 0; foot < 2; foot++) {
    /* offset -> GArray of SeqCandidate */
    g_autoptr (GHashTable) groups = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
    for (guint p = 0; p < doc->pages->len; p++) {
      const FrPage *page = g_ptr_array_index (doc->pages, p);
      int n = 0;
      FrLine *l = page->height > 0 ? seq_candidate (page, foot, &n) : NULL;
      if (l == NULL)
        continue;
      SeqCandidate c = { l, n - (int) p, foot ? page->height - l->y1 : l->y0 };
      GArray *g = g_hash_table_lookup (groups, GINT_TO_POINTER (c.offset));
      if (g == NULL) {
        g = g_array_new (FALSE, FALSE, sizeof (SeqCandidate));
        g_hash_table_insert (groups, GINT_TO_POINTER (c.offset), g);
      }
      g_array_append_val (g, c);
    }
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init (&it, groups);
    while (g_hash_table_iter_next (&it, &key, &value)) {
      GArray *g = value;
      if (g->len < SEQ_MIN_PAGES)
        continue;
      g_autoptr (GArray) d = g_array_sized_new (FALSE, FALSE, sizeof (float), g->len);
      for (guint i = 0; i < g->len; i++)
        g_array_append_val (d, g_array_index (g, SeqCandidate, i).dist);
      g_array_sort (d, cmp_float);
      float median = g_array_index (d, float, d->len / 2);
      guint near = 0;
      for (guint i = 0; i < g->len; i++)
        near += fabsf (g_array_index (g, SeqCandidate, i).dist - median) <= SEQ_SLACK;
      if (near < SEQ_MIN_PAGES)
        continue;
      for (guint i = 0; i < g->len; i++) {
        SeqCandidate *c = &g_array_index (g, SeqCandidate, i);
        if (c->line->kind != FR_LINE_BODY || fabsf (c->dist - median) > SEQ_SLACK)
          continue;
        c->line->kind = FR_LINE_PAGE_NUMBER;
        c->line->rule = fr_rule_name (FR_RULE_PAGE_NUMBER_BARE);
        an->page_numbers_removed++;
        fr_analysis_fix (an, FR_RULE_PAGE_NUMBER_BARE, "page-number", c->line, c->line->text, "");
      }
    }
  }
}

/* ---- furniture on pages read by OCR, by its place and size --------------------------- */

#define OCR_FURN_MAX_CHARS 12     /* a page number, a short header or footer */
#define OCR_FURN_SMALL 0.8f       /* its type at most this much of the page's usual size */
#define OCR_FURN_APART 0.6f       /* ems of the page's usual size between it and the text: more than
                                     * the gap between two lines of a paragraph (a wrapped cell
                                     * of a table in the band is not apart from its row) */
#define OCR_FURN_CENTRED 0.08f    /* its middle this near the page's, in page widths */
#define OCR_FURN_EDGE 0.25f       /* or all of it in the outer quarter of the page's width */
#define OCR_FURN_MIN_LINES 3      /* lines of the page's own to measure its usual size on */

static int
cmp_size (gconstpointer a, gconstpointer b)
{
  const FrLine *x = *(FrLine *const *) a, *y = *(FrLine *const *) b;
  return (x->size > y->size) - (x->size < y->size);
}

/* The median size of a page's text lines, or 0 when it has too few to tell. */
static float
usual_size (const FrPage *page)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new ();
  for (guint i = 0; i < page->lines->len; i++) {
    FrLine *l = g_ptr_array_index (page->lines, i);
    if (l->kind == FR_LINE_BODY && !line_empty (l) && l->size > 0)
      g_ptr_array_add (lines, l);
  }
  if (lines->len < OCR_FURN_MIN_LINES)
    return 0;
  g_ptr_array_sort (lines, cmp_size);
  return ((FrLine *) g_ptr_array_index (lines, lines->len / 2))->size;
}

/* OCR reads a page number in small type badly (- 1 - as 二本 or -1]), and then no rule of
 * its text knows it, and it cuts the sentence that runs on over the page in two.  Its place
 * and size say what it is: a short line alone in the header or footer band, outermost, set
 * apart from the text by a line's height, in smaller type than the page's, centred or at
 * the page's edge.  A table's row or a wrapped cell in the band is not set apart from the
 * rows above it, and a heading is not smaller than the text. */
static gboolean
ocr_furniture (const FrDocument *doc, const FrPage *page, Edges *edges, const FrLine *line,
               Band band, float usual)
{
  if (band == BAND_NONE || usual <= 0 || line->size > OCR_FURN_SMALL * usual)
    return FALSE;
  glong chars = 0;
  for (const char *c = line->text; *c; c = g_utf8_next_char (c))
    chars += !g_unichar_isspace (g_utf8_get_char (c));
  if (chars > OCR_FURN_MAX_CHARS || !outermost_and_alone (doc, page, edges, line, band))
    return FALSE;
  float other;
  if (band == BAND_FOOT ? edges_extreme (edges, BY_Y1_DOWN, line, &other) && line->y0 - other < OCR_FURN_APART * usual
                        : edges_extreme (edges, BY_Y0_UP, line, &other) && other - line->y1 < OCR_FURN_APART * usual)
    return FALSE;
  float w = page->width;
  return fabsf ((line->x0 + line->x1) / 2 - w / 2) <= OCR_FURN_CENTRED * w
         || line->x1 <= OCR_FURN_EDGE * w || line->x0 >= (1 - OCR_FURN_EDGE) * w;
}

static void
ocr_page_furniture (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  if (!doc->has_geometry)
    return;
  for (guint k = 0; doc->ocr_pages && k < doc->ocr_pages->len; k++) {
    guint p = g_array_index (doc->ocr_pages, guint, k);
    if (p >= doc->pages->len)
      continue;
    FrPage *page = g_ptr_array_index (doc->pages, p);
    float usual = usual_size (page);
    g_autofree guint *before = nonempty_before (page);
    Edges edges;
    edges_init (&edges, page);
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *line = g_ptr_array_index (page->lines, i);
      if (line->kind != FR_LINE_BODY || line_empty (line)
          || !ocr_furniture (doc, page, &edges, line, line_band (doc, page, i, before), usual))
        continue;
      line->kind = FR_LINE_PAGE_NUMBER;
      line->rule = "ocr_furniture";
      an->page_numbers_removed++;
      fr_analysis_fix (an, FR_RULE_COUNT, line->rule, line, line->text, "");
    }
    edges_clear (&edges);
  }
}

/* The key under which a running line is counted: its text with digits folded, and (with
 * geometry) its band and rounded height on the page. */
static char *
running_key (const FrDocument *doc, const FrLine *line, Band band)
{
  GString *k = g_string_new (NULL);
  g_string_append_printf (k, "%d|", band);
  if (doc->has_geometry)
    g_string_append_printf (k, "%d|", (int) lroundf (line->y0 / 6.0f));
  for (const char *p = line->text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c == ' ')
      continue;
    if (g_unichar_isdigit (c))
      c = '#';
    g_string_append_unichar (k, c);
  }
  return g_string_free (k, FALSE);
}

/* A line that is a standard table's number alone (表01, 公开03表): printed atop each page of
 * its table, it stands where a running header does, and in a file of the tables alone on
 * most pages; but its number names the table (running_key folds it), so it is no furniture. */
static gboolean
table_number_alone (const FrLine *line)
{
  g_autofree char *sq = fr_squeeze (line->text);
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_BUDGET_LABEL, sq);
  gsize s = 0, e = 0;
  return m != NULL && fr_match_span (m, "label", &s, &e) && sq[e] == '\0';
}

/* Text route: the band whose running line this line repeats, or BAND_NONE. */
static Band
text_running_band (const FrDocument *doc, GHashTable *counts, guint need, const FrLine *line)
{
  for (Band b = BAND_HEAD; b <= BAND_FOOT; b++) {
    g_autofree char *key = running_key (doc, line, b);
    if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) >= need)
      return b;
  }
  return BAND_NONE;
}

void
fr_stage_furniture (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  guint n_pages = doc->pages->len;

  /* page numbers */
  for (guint p = 0; p < n_pages; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    g_autofree guint *before = nonempty_before (page);
    Edges edges;
    edges_init (&edges, page);
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *line = g_ptr_array_index (page->lines, i);
      FrRuleId rule;
      if (line->kind != FR_LINE_BODY || line_empty (line))
        continue;
      if (is_page_number (doc, page, &edges, line, line_band (doc, page, i, before), &rule)) {
        line->kind = FR_LINE_PAGE_NUMBER;
        line->rule = fr_rule_name (rule);
        an->page_numbers_removed++;
        fr_analysis_fix (an, rule, "page-number", line, line->text, "");
      }
    }
    edges_clear (&edges);
  }

  sequence_page_numbers (an);
  ocr_page_furniture (an);

  /* running headers and footers: count each key once per page */
  if (n_pages >= 2) {
    g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint p = 0; p < n_pages; p++) {
      FrPage *page = g_ptr_array_index (doc->pages, p);
      g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree guint *before = nonempty_before (page);
      for (guint i = 0; i < page->lines->len; i++) {
        FrLine *line = g_ptr_array_index (page->lines, i);
        Band band = line_band (doc, page, i, before);
        if (line->kind != FR_LINE_BODY || line_empty (line) || band == BAND_NONE)
          continue;
        char *key = running_key (doc, line, band);
        if (g_hash_table_contains (seen, key)) {
          g_free (key);
          continue;
        }
        g_hash_table_add (seen, key);
        gpointer old = g_hash_table_lookup (counts, key);
        g_hash_table_replace (counts, g_strdup (key), GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
      }
    }
    /* "most pages": more than half, and at least 2 (3 once the document has 4 pages) */
    guint need = MAX (n_pages / 2 + 1, n_pages >= 4 ? 3u : 2u);
    for (guint p = 0; p < n_pages; p++) {
      FrPage *page = g_ptr_array_index (doc->pages, p);
      g_autofree guint *before = nonempty_before (page);
      for (guint i = 0; i < page->lines->len; i++) {
        FrLine *line = g_ptr_array_index (page->lines, i);
        Band band = line_band (doc, page, i, before);
        if (line->kind != FR_LINE_BODY || line_empty (line))
          continue;
        /* pdftotext can print a footer amid a table's cells: in a dump, a line that is a
         * running line elsewhere is one wherever it stands */
        if (band == BAND_NONE && !doc->has_geometry)
          band = text_running_band (doc, counts, need, line);
        if (band == BAND_NONE || table_number_alone (line))
          continue;
        g_autofree char *key = running_key (doc, line, band);
        if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) >= need) {
          line->kind = FR_LINE_RUNNING;
          line->rule = band == BAND_HEAD ? "running_header" : "running_footer";
          an->running_removed++;
          fr_analysis_fix (an, FR_RULE_COUNT, line->rule, line, line->text, "");
        }
      }
    }
  }

  if (an->page_numbers_removed)
    fr_analysis_warn (an, "furniture: removed %u page number%s", an->page_numbers_removed,
                      an->page_numbers_removed == 1 ? "" : "s");
  if (an->running_removed)
    fr_analysis_warn (an, "furniture: removed %u running header/footer line%s",
                      an->running_removed, an->running_removed == 1 ? "" : "s");
}
