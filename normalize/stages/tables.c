/* tables.c — tables: where they are, their cells, rows and headers, and their continuations.
 *
 * A page's body lines are cut into fragments (a Poppler line can run across cells, or jump to
 * the next baseline); fragments that share a height make a band, and a run of bands with two
 * or more fragments side by side is a table region.  The region's grid comes from the best
 * evidence there is:
 *   - alignment: columns are the gutters no glyph crosses, rows start at bands of two or more
 *     cells; when that leaves the grid in doubt (a lone line that may be a wrapped cell or a
 *     row of its own, a fragment running across a gutter, no figure at all: a header over
 *     blank rows, 本表无数据), then
 *   - ruling lines: the page is rendered once (extract/render.c), the rules that frame the
 *     region give the column and row edges, and a missing rule between two grid cells merges
 *     them.
 * Every glyph goes to the cell its centre lies in; a cell's lines are joined with no space
 * between CJK characters.  Leading rows of header words and no values are the header.  The
 * caption just above a table (…表, 部门名称：…, 单位：万元) is its title and meta, not a
 * paragraph.  A table part at the top of a page whose columns have the same edges as the
 * part at the bottom of the page before continues it: a repeated header is dropped, a row
 * cut by the page break is put back together, and merged cells cut by it keep their text.  A
 * ruled part with the same outer edges but other columns (a form whose fields change over the
 * page) continues it too: the table's columns become the union of both parts' rules.  A part
 * with a title or a header of its own (own_header) starts another table, whatever its edges.
 * Every line a table takes is marked FR_LINE_TABLE so it never reaches a paragraph.
 * Text dumps have no geometry; their tables are the text route's business.
 */
#include "stages.h"
#include "render.h"
#include "tagged.h"
#include "textlayout.h"
#include "texttable.h"
#include "values.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE G_MAXUINT

/* ---- fragments and bands ------------------------------------------------------------- */

typedef struct {
  FrLine *line;
  guint g0, g1;          /* glyph range [g0, g1) of line, no spaces at its ends */
  FrBox box;
  float size;
  gboolean value;        /* its text is a number with at most a short unit */
  char *text;            /* its glyphs' text, made once: the stage reads it several times */
} Frag;

static void
frag_free (Frag *f)
{
  g_free (f->text);
  g_free (f);
}

typedef struct {
  float y0, y1;
  GPtrArray *frags;      /* borrowed Frag*, sorted by x */
  gboolean multi;        /* two or more fragments apart from each other */
  gboolean value;        /* holds a value */
} Band;

static void
band_free (Band *b)
{
  g_ptr_array_unref (b->frags);
  g_free (b);
}

static float
glyph_cy (const FrGlyph *g)
{
  return (g->y0 + g->y1) / 2;
}

static float
em_of (float size)
{
  return MAX (size, 4.0f);
}

static const char *
frag_text (const Frag *f)
{
  return f->text;
}

static void
add_frag (GPtrArray *out, FrLine *l, guint g0, guint g1)
{
  while (g0 < g1 && g_array_index (l->glyphs, FrGlyph, g0).c == ' ')
    g0++;
  while (g1 > g0 && g_array_index (l->glyphs, FrGlyph, g1 - 1).c == ' ')
    g1--;
  if (g0 >= g1)
    return;
  Frag *f = g_new0 (Frag, 1);
  f->line = l;
  f->g0 = g0;
  f->g1 = g1;
  f->box = FR_BOX_EMPTY;
  for (guint i = g0; i < g1; i++)
    fr_box_add (&f->box, fr_glyph_box (&g_array_index (l->glyphs, FrGlyph, i)));
  f->size = l->size;
  GString *s = g_string_new (NULL);
  for (guint i = g0; i < g1; i++)
    g_string_append_unichar (s, g_array_index (l->glyphs, FrGlyph, i).c);
  f->text = g_string_free (s, FALSE);
  FrValue v;
  f->value = fr_value_parse (f->text, &v);
  g_ptr_array_add (out, f);
}

/* A line's fragments: cut where the baseline jumps (Poppler joins the end of one cell's text
 * to the next cell's first line) or where a gap of more than an em opens. */
static GPtrArray *
page_frags (const FrPage *page)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) frag_free);
  for (guint i = 0; i < page->lines->len; i++) {
    FrLine *l = g_ptr_array_index (page->lines, i);
    if (l->kind != FR_LINE_BODY || l->glyphs->len == 0)
      continue;
    float em = em_of (l->size);
    guint start = 0;
    const FrGlyph *prev = NULL;
    for (guint k = 0; k < l->glyphs->len; k++) {
      const FrGlyph *g = &g_array_index (l->glyphs, FrGlyph, k);
      if (g->c == ' ')
        continue;
      if (prev && (fabsf (glyph_cy (g) - glyph_cy (prev)) > 0.5f * em || g->x0 - prev->x1 > 1.0f * em)) {
        add_frag (out, l, start, k);
        start = k;
      }
      prev = g;
    }
    add_frag (out, l, start, l->glyphs->len);
  }
  return out;
}

static int
cmp_frag_y (gconstpointer a, gconstpointer b)
{
  const Frag *fa = *(Frag *const *) a, *fb = *(Frag *const *) b;
  float ca = (fa->box.y0 + fa->box.y1) / 2, cb = (fb->box.y0 + fb->box.y1) / 2;
  if (ca != cb)
    return ca < cb ? -1 : 1;
  return fa->box.x0 < fb->box.x0 ? -1 : fa->box.x0 > fb->box.x0;
}

static int
cmp_frag_x (gconstpointer a, gconstpointer b)
{
  const Frag *fa = *(Frag *const *) a, *fb = *(Frag *const *) b;
  return fa->box.x0 < fb->box.x0 ? -1 : fa->box.x0 > fb->box.x0;
}

static GPtrArray *
make_bands (GPtrArray *frags)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (frags->len);
  for (guint i = 0; i < frags->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (frags, i));
  g_ptr_array_sort (sorted, cmp_frag_y);
  GPtrArray *bands = g_ptr_array_new_with_free_func ((GDestroyNotify) band_free);
  Band *cur = NULL;
  for (guint i = 0; i < sorted->len; i++) {
    Frag *f = g_ptr_array_index (sorted, i);
    float c = (f->box.y0 + f->box.y1) / 2;
    if (cur == NULL || c > cur->y1 || c < cur->y0) {
      cur = g_new0 (Band, 1);
      cur->y0 = f->box.y0;
      cur->y1 = f->box.y1;
      cur->frags = g_ptr_array_new ();
      g_ptr_array_add (bands, cur);
    } else {
      cur->y0 = MIN (cur->y0, f->box.y0);
      cur->y1 = MAX (cur->y1, f->box.y1);
    }
    g_ptr_array_add (cur->frags, f);
    cur->value |= f->value;
  }
  for (guint b = 0; b < bands->len; b++) {
    Band *band = g_ptr_array_index (bands, b);
    g_ptr_array_sort (band->frags, cmp_frag_x);
    for (guint i = 1; i < band->frags->len; i++) {
      const Frag *a = g_ptr_array_index (band->frags, i - 1);
      const Frag *f = g_ptr_array_index (band->frags, i);
      if (f->box.x0 >= a->box.x1 + em_of (a->size) * 0.8f)
        band->multi = TRUE;
    }
  }
  return bands;
}

/* A band of caption lines: each names the table or says whose it is; beside a 单位：万元 a
 * short label with no sentence in it (507-湖州市卫生健康委员会) says whose it is too. */
static gboolean
band_is_caption (const Band *b)
{
  gboolean has_meta = FALSE;
  for (guint i = 0; i < b->frags->len; i++) {
    const char *t = frag_text (g_ptr_array_index (b->frags, i));
    has_meta |= fr_rule_test (FR_RULE_TABLE_META, t);
  }
  for (guint i = 0; i < b->frags->len; i++) {
    const char *t = frag_text (g_ptr_array_index (b->frags, i));
    glong n = g_utf8_strlen (t, -1);
    if (!fr_rule_test (FR_RULE_TABLE_META, t) && !fr_rule_test (FR_RULE_TABLE_CAPTION, t)
        && !(has_meta && b->frags->len > 1 && n <= 30 && !strstr (t, "。")))
      return FALSE;
  }
  return TRUE;
}

/* Could this lone band be a wrapped cell rather than body text?  Body text starts at the
 * column's left edge (or one indent in) and runs wide; a heading under a table is set larger
 * than the table's cells (size).  A line that starts a quarter of the table's width in, and
 * not past its right edge (two ems beside it: the column that holds the long text may not
 * have shown in a row yet), is no paragraph however wide, even past that edge:
 * it is a long cell of a right-hand column (项目总体绩效目标 over four lines, set centred in
 * its row, its first line alone above the row's other cells; under a header whose 绩效目标
 * is narrower than the text under it). */
static gboolean
lone_band_in_table (const FrPage *page, const Band *band, float left, float right, float size)
{
  if (band->frags->len != 1)
    return FALSE;
  const Frag *f = g_ptr_array_index (band->frags, 0);
  if (size > 0 && f->size > size * 1.25f)
    return FALSE;
  float em = em_of (f->size);
  float col_w = page->col_x1 - page->col_x0;
  gboolean inside = right > left && f->box.x0 > left + (right - left) * 0.25f && f->box.x0 < right + 2 * em;
  if (f->box.x0 < left - em || (f->box.x1 > right + em && !inside))
    return FALSE;
  if (col_w > 0 && f->box.x1 - f->box.x0 > col_w * 0.6f && !inside)
    return FALSE;
  return !band_is_caption (band);
}

/* A column's number in a row that numbers the columns (栏次 1 2 3 …): one or two digits. */
static gboolean
column_number (const char *t)
{
  guint n = 0;
  for (; *t; t++, n++)
    if (!g_ascii_isdigit (*t))
      return FALSE;
  return n > 0 && n <= 2;
}

/* Does any band of from..to hold a figure?  A band's values number the columns (栏次 1 2 3 …)
 * only where each is one or two digits and one more than the value before, and a lone one is 1
 * (a table of one column of figures); a lone small count (a staff of 12) is a figure.  A table of none is a header over blank rows
 * (本表无数据). */
static gboolean
has_figure (GPtrArray *bands, guint from, guint to)
{
  for (guint b = from; b <= to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    guint n = 0;
    long last = 0;
    gboolean numbering = TRUE;
    for (guint i = 0; i < band->frags->len; i++) {
      const Frag *f = g_ptr_array_index (band->frags, i);
      if (!f->value)
        continue;
      const char *t = frag_text (f);
      long v = column_number (t) ? strtol (t, NULL, 10) : -1;
      if (v < 0 || (n > 0 && v != last + 1))
        numbering = FALSE;
      last = v;
      n++;
    }
    if (n > 0 && (!numbering || (n == 1 && last != 1)))
      return TRUE;
  }
  return FALSE;
}

/* A 合计 alone on its line: a table's total row wherever it stands in its row (at the left of
 * a wide name cell under a centred header), never a paragraph nor a wrapped cell. */
static gboolean
band_is_total (const Band *b)
{
  return b->frags->len == 1 && fr_rule_test (FR_RULE_TABLE_TOTAL, frag_text (g_ptr_array_index (b->frags, 0)));
}

/* ---- the grid of one table part --------------------------------------------------------- */

typedef struct {
  float cy, x0, x1;
  float size;
  GString *s;
} Piece;

static void
piece_free (Piece *p)
{
  g_string_free (p->s, TRUE);
  g_free (p);
}

typedef struct {
  FrBox box;
  guint row, col, rs, cs;
  GPtrArray *pieces;     /* of Piece* */
  char *text;
  guint n_glyphs, n_bold;
} PCell;

typedef struct {
  guint page;
  FrBox box;
  guint nr, nc;
  GArray *xs, *ys;       /* float edges, nc + 1 and nr + 1 */
  GArray *cells;         /* of PCell */
  guint *grid;           /* nr * nc cell indexes */
  const char *method;
  GPtrArray *lines;      /* FrLine* it took glyphs from */
  guint n_header;
  char *title;
  GPtrArray *meta;
  gboolean body_above, body_below;  /* body text above/below it on its page */
  GPtrArray *caption_lines;          /* FrLine* of its title and meta, borrowed */
  gboolean tentative;    /* kept only if it continues a table from the page before */
  gboolean ruled_columns;  /* its column edges are rules (its own, or those of the part it goes on) */
} Part;

static void
part_free (Part *p)
{
  if (p == NULL)
    return;
  g_array_unref (p->xs);
  g_array_unref (p->ys);
  for (guint i = 0; i < p->cells->len; i++) {
    PCell *c = &g_array_index (p->cells, PCell, i);
    if (c->pieces)
      g_ptr_array_unref (c->pieces);
    g_free (c->text);
  }
  g_array_unref (p->cells);
  g_free (p->grid);
  g_ptr_array_unref (p->lines);
  g_free (p->title);
  g_ptr_array_unref (p->meta);
  g_ptr_array_unref (p->caption_lines);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Part, part_free)

static Part *
part_new (guint page, const char *method)
{
  Part *p = g_new0 (Part, 1);
  p->page = page;
  p->method = method;
  p->xs = g_array_new (FALSE, FALSE, sizeof (float));
  p->ys = g_array_new (FALSE, FALSE, sizeof (float));
  p->cells = g_array_new (FALSE, TRUE, sizeof (PCell));
  p->lines = g_ptr_array_new ();
  p->meta = g_ptr_array_new_with_free_func (g_free);
  p->caption_lines = g_ptr_array_new ();
  return p;
}

static float
edge (GArray *a, guint i)
{
  return g_array_index (a, float, i);
}

/* Index of the interval of edges holding v, or NONE outside them. */
static guint
interval_of (GArray *edges, float v)
{
  if (edges->len < 2 || v < edge (edges, 0) || v > edge (edges, edges->len - 1))
    return NONE;
  guint lo = 0, hi = edges->len - 1;
  while (hi - lo > 1) {
    guint mid = (lo + hi) / 2;
    if (v < edge (edges, mid))
      hi = mid;
    else
      lo = mid;
  }
  return lo;
}

static guint
uf_root (guint *uf, guint i)
{
  while (uf[i] != i)
    i = uf[i] = uf[uf[i]];
  return i;
}

static void
uf_join (guint *uf, guint a, guint b)
{
  a = uf_root (uf, a);
  b = uf_root (uf, b);
  if (a != b)
    uf[MAX (a, b)] = MIN (a, b);
}

/* Makes the cells from the elementary grid and a union-find over its nr * nc slots. */
static void
part_cells_from_uf (Part *p, guint *uf)
{
  guint n = p->nr * p->nc;
  p->grid = g_new (guint, n);
  g_autofree guint *cell_of_root = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    cell_of_root[i] = NONE;
  for (guint r = 0; r < p->nr; r++)
    for (guint c = 0; c < p->nc; c++) {
      guint root = uf_root (uf, r * p->nc + c);
      if (cell_of_root[root] == NONE) {
        PCell cell = { { edge (p->xs, c), edge (p->ys, r), edge (p->xs, c + 1), edge (p->ys, r + 1) },
                       r, c, 1, 1, g_ptr_array_new_with_free_func ((GDestroyNotify) piece_free), NULL, 0, 0 };
        cell_of_root[root] = p->cells->len;
        g_array_append_val (p->cells, cell);
      }
      PCell *cell = &g_array_index (p->cells, PCell, cell_of_root[root]);
      cell->rs = MAX (cell->rs, r - cell->row + 1);
      cell->box.x0 = MIN (cell->box.x0, edge (p->xs, c));
      cell->box.x1 = MAX (cell->box.x1, edge (p->xs, c + 1));
      cell->box.y1 = MAX (cell->box.y1, edge (p->ys, r + 1));
      p->grid[r * p->nc + c] = cell_of_root[root];
    }
  /* an L-shaped union (a rule missing in a corner) is taken as its bounding rectangle */
  for (guint i = 0; i < p->cells->len; i++) {
    PCell *cell = &g_array_index (p->cells, PCell, i);
    cell->cs = 0;
    for (guint c = 0; c < p->nc; c++)
      if (edge (p->xs, c) >= cell->box.x0 - 0.01f && edge (p->xs, c + 1) <= cell->box.x1 + 0.01f) {
        if (cell->cs == 0)
          cell->col = c;
        cell->cs++;
      }
    cell->cs = MAX (cell->cs, 1);
  }
}

/* Aligned grids: a fragment running tight across a column edge (no gap of a quarter em
 * there) is one cell's text running over the edge (a header over two columns), so the
 * slots it covers are one cell.  A real gap there is two cells that Poppler put in one line. */
static void
part_merge_tight (Part *p, GPtrArray *frags, guint *uf)
{
  for (guint i = 0; i < frags->len; i++) {
    const Frag *f = g_ptr_array_index (frags, i);
    float em = em_of (f->size);
    const FrGlyph *prev = NULL;
    guint prev_slot = NONE;
    for (guint k = f->g0; k < f->g1; k++) {
      const FrGlyph *g = &g_array_index (f->line->glyphs, FrGlyph, k);
      if (g->c == ' ')
        continue;
      guint c = interval_of (p->xs, (g->x0 + g->x1) / 2);
      guint r = interval_of (p->ys, glyph_cy (g));
      guint slot = (c == NONE || r == NONE) ? NONE : r * p->nc + c;
      if (slot != NONE && prev_slot != NONE && slot != prev_slot && g->x0 - prev->x1 < 0.25f * em)
        uf_join (uf, prev_slot, slot);
      prev = g;
      prev_slot = slot;
    }
  }
}

/* A glyph drawn across a column edge (well into both sides of it). */
static gboolean
straddles_edge (const Part *p, const FrGlyph *g, float em)
{
  for (guint i = 1; i < p->xs->len; i++) {
    float e = edge (p->xs, i);
    if (g->x0 < e - 0.15f * em && g->x1 > e + 0.15f * em)
      return TRUE;
  }
  return FALSE;
}

/* Puts each glyph of frags into the cell its centre lies in; glyphs of one fragment that fall
 * into one cell make a piece of that cell's text.  A run of glyphs that starts in a cell stays
 * in it: text drawn across the cell's right border (a glyph straddles it, and the glyphs run
 * on without a gap of a quarter em) is clipped on the printed page but whole in the text
 * layer, and its tail is not the next cell's.  Two cells' texts that merely sit close stay
 * apart: neither crosses the rule between them. */
static void
part_fill (Part *p, GPtrArray *frags)
{
  for (guint i = 0; i < frags->len; i++) {
    Frag *f = g_ptr_array_index (frags, i);
    float em = em_of (f->size);
    Piece *piece = NULL;
    guint piece_cell = NONE;
    const FrGlyph *prev = NULL;
    gboolean crossing = FALSE;
    gboolean took = FALSE;
    for (guint k = f->g0; k < f->g1; k++) {
      const FrGlyph *g = &g_array_index (f->line->glyphs, FrGlyph, k);
      if (g->c == ' ') {
        if (piece)
          g_string_append_c (piece->s, ' ');
        continue;
      }
      gboolean tight = piece && prev && g->x0 - prev->x1 < 0.25f * em;
      crossing = tight && (crossing || straddles_edge (p, prev, em) || straddles_edge (p, g, em));
      gboolean runs_on = crossing;
      prev = g;
      guint c = interval_of (p->xs, (g->x0 + g->x1) / 2);
      guint r = interval_of (p->ys, glyph_cy (g));
      if ((c == NONE || r == NONE) && !runs_on) {
        piece = NULL;
        continue;
      }
      guint cell = runs_on ? piece_cell : p->grid[r * p->nc + c];
      PCell *pc = &g_array_index (p->cells, PCell, cell);
      if (piece == NULL || cell != piece_cell) {
        piece = g_new0 (Piece, 1);
        piece->cy = glyph_cy (g);
        piece->x0 = g->x0;
        piece->size = em;
        piece->s = g_string_new (NULL);
        piece_cell = cell;
        g_ptr_array_add (pc->pieces, piece);
      }
      g_string_append_unichar (piece->s, g->c);
      piece->x1 = g->x1;
      pc->n_glyphs++;
      if (f->line->bold)
        pc->n_bold++;
      took = TRUE;
    }
    if (took && (p->lines->len == 0 || g_ptr_array_index (p->lines, p->lines->len - 1) != f->line))
      g_ptr_array_add (p->lines, f->line);
  }
}

static int
cmp_piece (gconstpointer a, gconstpointer b)
{
  const Piece *pa = *(Piece *const *) a, *pb = *(Piece *const *) b;
  float tol = 0.5f * MIN (pa->size, pb->size);
  if (fabsf (pa->cy - pb->cy) > tol)
    return pa->cy < pb->cy ? -1 : 1;
  return pa->x0 < pb->x0 ? -1 : pa->x0 > pb->x0;
}

/* A cell's text: its pieces in reading order, lines joined by the paragraph rule (no space
 * between CJK characters, one between Latin words). */
static void
part_texts (Part *p)
{
  for (guint i = 0; i < p->cells->len; i++) {
    PCell *c = &g_array_index (p->cells, PCell, i);
    g_ptr_array_sort (c->pieces, cmp_piece);
    GString *acc = g_string_new (NULL);
    const Piece *prev = NULL;
    for (guint k = 0; k < c->pieces->len; k++) {
      const Piece *pc = g_ptr_array_index (c->pieces, k);
      g_autofree char *t = g_strstrip (g_strdup (pc->s->str));
      if (prev && fabsf (pc->cy - prev->cy) <= 0.5f * MIN (pc->size, prev->size)
          && acc->len > 0 && t[0] && !fr_is_cjk (g_utf8_get_char (t))
          && !fr_is_cjk (g_utf8_get_char (g_utf8_find_prev_char (acc->str, acc->str + acc->len))))
        g_string_append_c (acc, ' ');   /* two Latin words side by side on one line */
      fr_join_append (acc, t);
      prev = pc;
    }
    c->text = g_string_free (acc, FALSE);
  }
}

/* ---- ruled grids -------------------------------------------------------------------------- */

typedef struct {
  FrBox box;
  GArray *h, *v;         /* of FrSegment */
} Frame;

static void
frame_free (Frame *f)
{
  g_array_unref (f->h);
  g_array_unref (f->v);
  g_free (f);
}

static gboolean
segments_touch (const FrSegment *a, const FrSegment *b, float tol)
{
  return a->x0 - tol <= b->x1 && b->x0 - tol <= a->x1 && a->y0 - tol <= b->y1 && b->y0 - tol <= a->y1;
}

/* Ruled tables on a page: groups of touching rules with at least two of each direction.
 * Rules through a glyph's box are that glyph's strokes (large title text), not rules. */
static GPtrArray *
page_frames (const FrRulings *rul, const FrPage *page)
{
  g_autoptr (GArray) segs = g_array_new (FALSE, FALSE, sizeof (FrSegment));
  g_autoptr (GArray) is_v = g_array_new (FALSE, FALSE, sizeof (gboolean));
  for (int dir = 0; dir < 2; dir++) {
    GArray *src = dir ? rul->v : rul->h;
    for (guint i = 0; i < src->len; i++) {
      const FrSegment *s = &g_array_index (src, FrSegment, i);
      float mx = (s->x0 + s->x1) / 2, my = (s->y0 + s->y1) / 2;
      gboolean in_glyph = FALSE;
      for (guint l = 0; l < page->lines->len && !in_glyph; l++) {
        const FrLine *line = g_ptr_array_index (page->lines, l);
        if (mx < line->x0 || mx > line->x1 || my < line->y0 || my > line->y1)
          continue;
        for (guint k = 0; k < line->glyphs->len && !in_glyph; k++) {
          const FrGlyph *g = &g_array_index (line->glyphs, FrGlyph, k);
          in_glyph = g->c != ' ' && mx > g->x0 && mx < g->x1 && my > g->y0 + 0.15f * (g->y1 - g->y0)
                     && my < g->y1 - 0.15f * (g->y1 - g->y0);
        }
      }
      if (in_glyph)
        continue;
      g_array_append_val (segs, *s);
      gboolean v = dir == 1;
      g_array_append_val (is_v, v);
    }
  }
  guint n = segs->len;
  g_autofree guint *uf = g_new (guint, n + 1);
  for (guint i = 0; i < n; i++)
    uf[i] = i;
  for (guint i = 0; i < n; i++)
    for (guint k = i + 1; k < n; k++)
      if (segments_touch (&g_array_index (segs, FrSegment, i), &g_array_index (segs, FrSegment, k), 2.0f))
        uf_join (uf, i, k);
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) frame_free);
  for (guint i = 0; i < n; i++) {
    if (uf_root (uf, i) != i)
      continue;
    Frame *f = g_new0 (Frame, 1);
    f->h = g_array_new (FALSE, FALSE, sizeof (FrSegment));
    f->v = g_array_new (FALSE, FALSE, sizeof (FrSegment));
    f->box = FR_BOX_EMPTY;
    for (guint k = i; k < n; k++) {
      if (uf_root (uf, k) != i)
        continue;
      const FrSegment *s = &g_array_index (segs, FrSegment, k);
      g_array_append_val (g_array_index (is_v, gboolean, k) ? f->v : f->h, *s);
      fr_box_add (&f->box, (FrBox) { s->x0, s->y0, s->x1, s->y1 });
    }
    if (f->h->len >= 2 && f->v->len >= 2 && f->box.x1 - f->box.x0 > 30 && f->box.y1 - f->box.y0 > 10)
      g_ptr_array_add (frames, f);
    else
      frame_free (f);
  }
  return frames;
}

static int
cmp_float (gconstpointer a, gconstpointer b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return x < y ? -1 : x > y;
}

/* Positions closer than tol are one edge (a rule drawn twice, a double rule). */
static GArray *
cluster_edges (GArray *vals, float tol)
{
  g_array_sort (vals, cmp_float);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (float));
  float sum = 0;
  guint n = 0;
  for (guint i = 0; i < vals->len; i++) {
    float v = g_array_index (vals, float, i);
    if (n > 0 && v - sum / n > tol) {
      float m = sum / n;
      g_array_append_val (out, m);
      sum = 0;
      n = 0;
    }
    sum += v;
    n++;
  }
  if (n > 0) {
    float m = sum / n;
    g_array_append_val (out, m);
  }
  return out;
}

/* How much of [a, b] the rules at position pos (within tol) cover, as a fraction. */
static float
rule_cover (GArray *segs, gboolean vertical, float pos, float a, float b, float tol)
{
  float covered = 0;
  for (guint i = 0; i < segs->len; i++) {
    const FrSegment *s = &g_array_index (segs, FrSegment, i);
    float sp = vertical ? s->x0 : s->y0;
    if (fabsf (sp - pos) > tol)
      continue;
    float s0 = vertical ? s->y0 : s->x0, s1 = vertical ? s->y1 : s->x1;
    float o = MIN (s1, b) - MAX (s0, a);
    if (o > 0)
      covered += o;
  }
  return b > a ? covered / (b - a) : 1;
}

static Part *
ruled_part (const Frame *fr, guint page, GPtrArray *frags)
{
  Part *p = part_new (page, "ruled");
  p->ruled_columns = TRUE;
  g_autoptr (GArray) xv = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr (GArray) yv = g_array_new (FALSE, FALSE, sizeof (float));
  for (guint i = 0; i < fr->v->len; i++)
    g_array_append_val (xv, g_array_index (fr->v, FrSegment, i).x0);
  for (guint i = 0; i < fr->h->len; i++)
    g_array_append_val (yv, g_array_index (fr->h, FrSegment, i).y0);
  g_array_append_val (xv, fr->box.x0);
  g_array_append_val (xv, fr->box.x1);
  g_array_append_val (yv, fr->box.y0);
  g_array_append_val (yv, fr->box.y1);
  g_array_unref (p->xs);
  g_array_unref (p->ys);
  p->xs = cluster_edges (xv, 2.5f);
  p->ys = cluster_edges (yv, 2.5f);
  p->box = fr->box;
  if (p->xs->len < 2 || p->ys->len < 2) {
    part_free (p);
    return NULL;
  }
  p->nc = p->xs->len - 1;
  p->nr = p->ys->len - 1;
  g_autofree guint *uf = g_new (guint, p->nr * p->nc);
  for (guint i = 0; i < p->nr * p->nc; i++)
    uf[i] = i;
  for (guint r = 0; r < p->nr; r++)
    for (guint c = 0; c < p->nc; c++) {
      float x0 = edge (p->xs, c), x1 = edge (p->xs, c + 1), y0 = edge (p->ys, r), y1 = edge (p->ys, r + 1);
      if (c + 1 < p->nc && rule_cover (fr->v, TRUE, x1, y0, y1, 2.5f) < 0.6f)
        uf_join (uf, r * p->nc + c, r * p->nc + c + 1);
      if (r + 1 < p->nr && rule_cover (fr->h, FALSE, y1, x0, x1, 2.5f) < 0.6f)
        uf_join (uf, r * p->nc + c, (r + 1) * p->nc + c);
    }
  part_cells_from_uf (p, uf);
  part_fill (p, frags);
  return p;
}

/* ---- aligned grids -------------------------------------------------------------------------- */

/* What leaves an aligned grid in doubt (see part_in_doubt); FINREP_DEBUG_TABLES names them. */
enum {
  DOUBT_SPAN = 1 << 0,       /* a body fragment across a gutter */
  DOUBT_GLUED = 1 << 1,      /* an amount run into a name */
  DOUBT_LONE = 1 << 2,       /* a lone line among the values */
  DOUBT_HEAD3 = 1 << 3,      /* a head of three lines or more with a group over columns */
  DOUBT_HEADGAP = 1 << 4,    /* two header words far apart in one cell */
  DOUBT_TEXTROW = 1 << 5,    /* a row of text only under text */
  DOUBT_SPARSE = 1 << 6,     /* a column with text in few rows */
  DOUBT_CATEGORY = 1 << 7,   /* a category printed once over its rows */
  DOUBT_CONT = 1 << 8,       /* at the top of a page after a ruled table */
  DOUBT_EMPTY = 1 << 9,      /* no figure in it: only its header shows its columns */
};
static const char *const doubt_names[] = {
  "span", "glued", "lone", "head3", "headgap", "textrow", "sparse", "category", "continues", "empty",
};

/* The first band of from..to that holds a value (the body's first), or from when none does. */
static guint
first_value_band (GPtrArray *bands, guint from, guint to)
{
  for (guint b = from; b <= to; b++)
    if (((Band *) g_ptr_array_index (bands, b))->value)
      return b;
  return from;
}

/* A body fragment across a column edge, or a number run into a name, leaves the grid in doubt. */
static guint
body_spanning (GPtrArray *bands, guint first, guint to, GArray *xs)
{
  guint why = 0;
  for (guint b = first; b <= to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    for (guint i = 0; i < band->frags->len; i++) {
      const Frag *f = g_ptr_array_index (band->frags, i);
      const char *t = frag_text (f);
      if (interval_of (xs, f->box.x0 + 0.1f) != interval_of (xs, f->box.x1 - 0.1f))
        why |= DOUBT_SPAN;
      if (fr_rule_test (FR_RULE_TABLE_GLUED, t))
        why |= DOUBT_GLUED;
    }
  }
  return why;
}

/* The fragments' left and right edges over bands from..to, each sorted: what spans_others
 * looks its neighbours up in, so that a page of thousands of cells is not searched once for
 * each of them. */
typedef struct {
  GArray *x0s, *x1s;
} Edges;

static void
edges_init (Edges *e, GPtrArray *bands, guint from, guint to)
{
  e->x0s = g_array_new (FALSE, FALSE, sizeof (float));
  e->x1s = g_array_new (FALSE, FALSE, sizeof (float));
  for (guint b = from; b <= to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    for (guint i = 0; i < band->frags->len; i++) {
      const Frag *f = g_ptr_array_index (band->frags, i);
      g_array_append_val (e->x0s, f->box.x0);
      g_array_append_val (e->x1s, f->box.x1);
    }
  }
  g_array_sort (e->x0s, cmp_float);
  g_array_sort (e->x1s, cmp_float);
}

static void
edges_clear (Edges *e)
{
  g_array_unref (e->x0s);
  g_array_unref (e->x1s);
}

/* The index of the first value of sorted vals above x (vals->len when none is). */
static guint
first_above (GArray *vals, float x)
{
  guint lo = 0, hi = vals->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (g_array_index (vals, float, mid) > x)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

/* Does fragment f lie over two other fragments that stand apart from each other (a header
 * cell over the cells of the line under it)?  Two fragments under f stand apart where one
 * ends inside f at least half an em before the other starts inside f: the fragment ending
 * first inside f and the one starting last inside it tell.  (A fragment of f's own line
 * never overlaps f, so the other lines' are the only ones found.) */
static gboolean
spans_others (const Edges *e, const Frag *f)
{
  guint i = first_above (e->x1s, f->box.x0);
  guint j = first_above (e->x0s, f->box.x0);
  guint k = first_above (e->x0s, f->box.x1 - 1e-3f);
  /* k - 1: the last edge below f's right end; j..k-1 those inside f */
  if (i >= e->x1s->len || k == 0 || k <= j)
    return FALSE;
  float end = g_array_index (e->x1s, float, i), start = g_array_index (e->x0s, float, k - 1);
  return end < f->box.x1 && start > f->box.x0 && start >= end + 0.5f * em_of (f->size);
}

/* Column edges of a region: the gutters no glyph of its body bands crosses.  Header bands
 * (those above the first band that holds a value) are left out, since a header cell spans
 * the gutters of the columns under it. */
static GArray *
aligned_columns (GPtrArray *bands, guint from, guint to, FrBox box, guint *spanning)
{
  guint first = first_value_band (bands, from, to);
  int w = (int) ceilf (box.x1 - box.x0) + 2;
  g_autofree guint8 *cover = g_new0 (guint8, w);
  float em = 10;
  /* in a table of no figures a lone 合计 stands in the name column's cell wherever it is set
   * there (at its left, under a centred header): it makes no column of its own */
  gboolean no_figure = !has_figure (bands, from, to);
  Edges edges = { NULL, NULL };
  if (no_figure)
    edges_init (&edges, bands, from, to);
  for (guint b = first; b <= to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    if (no_figure && band_is_total (band))
      continue;
    for (guint i = 0; i < band->frags->len; i++) {
      const Frag *f = g_ptr_array_index (band->frags, i);
      /* nor does a header cell over the cells of other lines (功能分类科目编码 over 类 | 款 |
       * 项): with no figures under them, their gutters are the only ones the columns have */
      if (no_figure && spans_others (&edges, f))
        continue;
      em = f->size > 0 ? f->size : em;
      for (guint k = f->g0; k < f->g1; k++) {
        const FrGlyph *g = &g_array_index (f->line->glyphs, FrGlyph, k);
        if (g->c == ' ')
          continue;
        for (int x = MAX (0, (int) (g->x0 - box.x0)); x <= MIN (w - 1, (int) (g->x1 - box.x0)); x++)
          cover[x] = 1;
      }
    }
  }
  if (no_figure)
    edges_clear (&edges);
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (float));
  float x = box.x0 - 1;
  g_array_append_val (xs, x);
  int run = -1;
  for (int i = 0; i <= w; i++) {
    gboolean empty = i < w && !cover[i];
    if (empty && run < 0)
      run = i;
    if (!empty && run >= 0) {
      if (run > 0 && i < w && i - run >= (int) (0.5f * em)) {
        x = box.x0 + (run + i) / 2.0f;
        g_array_append_val (xs, x);
      }
      run = -1;
    }
  }
  x = box.x1 + 1;
  g_array_append_val (xs, x);
  *spanning = body_spanning (bands, first, to, xs);
  return xs;
}

static Part *
aligned_part (GPtrArray *bands, guint from, guint to, guint page, FrBox box, GArray *xs)
{
  Part *p = part_new (page, "aligned");
  g_array_unref (p->xs);
  p->xs = g_array_ref (xs);
  p->box = box;
  /* a row starts at each band of two or more cells; the lone bands before it are wrapped
   * lines of the row above, except those after a gap wider than a line's: a cell set in the
   * middle of its row (values level with a name's second line) starts above its values */
  float y = box.y0 - 1;
  g_array_append_val (p->ys, y);
  guint last_multi = from;
  /* in a table of no figures a lone 合计 is its total row, not a wrapped line of the row above */
  gboolean no_figure = !has_figure (bands, from, to);
  for (guint b = from + 1; b <= to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    if (!band->multi && !(no_figure && band_is_total (band)))
      continue;
    guint at = b;
    float widest = band->y0 - ((Band *) g_ptr_array_index (bands, b - 1))->y1;
    float lead = em_of (((Frag *) g_ptr_array_index (band->frags, 0))->size) * 0.3f;
    for (guint k = last_multi + 1; k < b; k++) {
      Band *lone = g_ptr_array_index (bands, k);
      float gap = lone->y0 - ((Band *) g_ptr_array_index (bands, k - 1))->y1;
      if (gap > widest + lead) {
        widest = gap;
        at = k;
      }
    }
    y = (((Band *) g_ptr_array_index (bands, at - 1))->y1 + ((Band *) g_ptr_array_index (bands, at))->y0) / 2;
    g_array_append_val (p->ys, y);
    last_multi = b;
  }
  y = box.y1 + 1;
  g_array_append_val (p->ys, y);
  p->nc = p->xs->len - 1;
  p->nr = p->ys->len - 1;
  g_autoptr (GPtrArray) frags = g_ptr_array_new ();
  for (guint b = from; b <= to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    for (guint i = 0; i < band->frags->len; i++)
      g_ptr_array_add (frags, g_ptr_array_index (band->frags, i));
  }
  g_autofree guint *uf = g_new (guint, p->nr * p->nc);
  for (guint i = 0; i < p->nr * p->nc; i++)
    uf[i] = i;
  part_merge_tight (p, frags, uf);
  part_cells_from_uf (p, uf);
  part_fill (p, frags);
  return p;
}

/* ---- header rows ------------------------------------------------------------------------------- */

static const PCell *
part_cell (const Part *p, guint r, guint c)
{
  return &g_array_index (p->cells, PCell, p->grid[r * p->nc + c]);
}

/* Leading rows with no value in them are the header: the first when it is set in bold or made
 * of header words, the next ones when they are bold like it or a header cell reaches down into
 * them (年度目标值 under 根据…填列).  A row of 指标 words in plain type under a header is
 * already a body row (一级指标 … / 成本指标 …). */
/* A table's header is at most this many rows (a numbering row, 栏次 1 2 3, may stand under it). */
#define MAX_HEADER_ROWS 5

static guint
detect_header (const Part *p)
{
  guint n = 0;
  gboolean first_bold = FALSE, first_groups = FALSE;
  for (guint r = 0; r + 1 < p->nr && r < MAX_HEADER_ROWS; r++) {
    guint filled = 0, words = 0, bold = 0, glyphs = 0;
    gboolean value = FALSE, from_above = FALSE;
    const char *only = NULL;
    for (guint c = 0; c < p->nc; c++) {
      const PCell *cell = part_cell (p, r, c);
      if (c > 0 && p->grid[r * p->nc + c] == p->grid[r * p->nc + c - 1])
        continue;
      if (cell->row < r) {
        from_above = TRUE;
        continue;   /* counted in the row it starts in */
      }
      if (cell->text == NULL || cell->text[0] == '\0')
        continue;
      FrValue v;
      filled++;
      only = cell->text;
      value |= fr_value_parse (cell->text, &v);
      words += g_utf8_strlen (cell->text, -1) <= 16 && fr_rule_test (FR_RULE_TABLE_HEADER_WORD, cell->text);
      bold += cell->n_bold;
      glyphs += cell->n_glyphs;
    }
    gboolean bold_row = glyphs > 0 && bold * 2 > glyphs;
    if (value || filled == 0)
      break;
    /* a 合计 alone under the header, the rest of its row blank: the total row of a table of
     * no figures (本表无数据), a body row however header-like its word */
    if (r > 0 && filled == 1 && !from_above && fr_rule_test (FR_RULE_TABLE_TOTAL, only))
      break;
    /* under a grouped head (收入 over 项目 | 行次 | 金额) a row of header words is a header */
    gboolean ok = r == 0 ? bold_row || words * 2 >= filled
                         : (bold_row && first_bold) || from_above || (first_groups && words == filled);
    if (!ok)
      break;
    if (r == 0) {
      first_bold = bold_row;
      /* a first row of groups: merged over columns, or a few labels over a row of blanks
       * (基本支出 over 小计 | 人员经费 | 公用经费, set by alignment in one column of three) */
      for (guint c = 0; c < p->nc; c++)
        first_groups |= part_cell (p, 0, c)->cs > 1;
      first_groups |= filled > 0 && filled * 2 <= p->nc;
    }
    n = r + 1;
  }
  return n;
}

/* ---- captions ----------------------------------------------------------------------------------- */

/* Whether a band of lines is a header row over the table: short words (项目, 政府性基金预算支出)
 * within its width, no sentence, no figure. */
static gboolean
header_words (GPtrArray *band, FrBox box)
{
  for (guint i = 0; i < band->len; i++) {
    const FrLine *l = g_ptr_array_index (band, i);
    if (g_utf8_strlen (l->text, -1) > 10 || l->x0 < box.x0 - 2 || l->x1 > box.x1 + 2
        || strpbrk (l->text, "0123456789") || fr_rule_test (FR_RULE_TABLE_META, l->text)
        || fr_rule_test (FR_RULE_TABLE_CAPTION, l->text) || strstr (l->text, "。")
        || strstr (l->text, "，") || strstr (l->text, "："))
      return FALSE;
  }
  return band->len > 0;
}

/* The lines just above a table that name it (…表) or say whose it is (部门名称：…, 单位：万元):
 * its title and meta.  They are taken off the paragraphs. */
/* Whether every line of a band is two characters at most: on a scan, a speck or a label's
 * remnant read between a table's caption lines (II”, 一一, *, 表 for 表1, 发7 for 表7), which
 * neither names the table nor ends its caption. */
static gboolean
scan_crumbs (GPtrArray *band)
{
  for (guint i = 0; i < band->len; i++) {
    g_autofree char *t = fr_squeeze (((const FrLine *) g_ptr_array_index (band, i))->text);
    if (g_utf8_strlen (t, -1) > 2)
      return FALSE;
  }
  return band->len > 0;
}

static void
take_caption (Part *p, const FrPage *page, gboolean first_words, gboolean ocr)
{
  g_autoptr (GPtrArray) above = g_ptr_array_new ();
  for (guint i = 0; i < page->lines->len; i++) {
    FrLine *l = g_ptr_array_index (page->lines, i);
    if (l->kind == FR_LINE_BODY && l->y1 <= p->box.y0 + 1 && l->glyphs->len > 0)
      g_ptr_array_add (above, l);
  }
  /* nearest first */
  float limit = p->box.y0, title_size = 0;
  gboolean passed_header = FALSE, title_names_report = FALSE;
  for (;;) {
    float best_y = -G_MAXFLOAT;
    for (guint i = 0; i < above->len; i++) {
      FrLine *l = g_ptr_array_index (above, i);
      if (l->kind == FR_LINE_BODY && l->y1 <= limit + 1 && l->y1 > best_y)
        best_y = l->y1;
    }
    if (best_y == -G_MAXFLOAT)
      break;
    /* every line of the nearest band above must be caption-like */
    g_autoptr (GPtrArray) band = g_ptr_array_new ();
    float band_y0 = best_y;
    for (guint i = 0; i < above->len; i++) {
      FrLine *l = g_ptr_array_index (above, i);
      if (l->kind == FR_LINE_BODY && l->y1 <= limit + 1 && l->y1 >= best_y - 0.5f * em_of (l->size)) {
        g_ptr_array_add (band, l);
        band_y0 = MIN (band_y0, l->y0);
      }
    }
    const FrLine *first = g_ptr_array_index (band, 0);
    if (limit - best_y > 3.0f * em_of (first->size))
      break;
    /* every line names the table or says whose it is; beside a 单位：万元 a short label with
     * no sentence in it (507-湖州市卫生健康委员会) says whose it is too */
    gboolean all = TRUE, has_meta = FALSE;
    for (guint i = 0; i < band->len; i++) {
      const char *text = ((FrLine *) g_ptr_array_index (band, i))->text;
      has_meta |= fr_rule_test (FR_RULE_TABLE_META, text) || fr_rule_test (FR_RULE_TABLE_UNIT_ALONE, text);
    }
    for (guint i = 0; i < band->len && all; i++) {
      FrLine *l = g_ptr_array_index (band, i);
      glong n = g_utf8_strlen (l->text, -1);
      /* a part's heading over its first table (第二部分 2026年度部门预算表) names the part, not
       * the table: the heading tree needs it */
      all = n <= 40 && !fr_rule_test (FR_RULE_HEADING_PART, l->text)
            && (fr_rule_test (FR_RULE_TABLE_META, l->text) || fr_rule_test (FR_RULE_TABLE_UNIT_ALONE, l->text)
                || fr_rule_test (FR_RULE_TABLE_CAPTION, l->text)
                        || (has_meta && band->len > 1 && n <= 30 && !strstr (l->text, "。")));
    }
    /* a header row the table did not take (项目 over its code and name columns, or 项目 |
     * 政府性基金预算支出 over two groups): the title and meta are above it */
    if (!all && !passed_header && limit == p->box.y0 && header_words (band, p->box)) {
      passed_header = TRUE;
      limit = band_y0;
      continue;
    }
    if (!all && ocr && scan_crumbs (band)) {
      limit = band_y0;
      continue;
    }
    if (!all)
      break;
    for (guint i = 0; i < band->len; i++) {
      FrLine *l = g_ptr_array_index (band, i);
      g_autofree char *t = g_strstrip (g_strdup (l->text));
      g_ptr_array_add (p->caption_lines, l);
      if (fr_rule_test (FR_RULE_TABLE_META, t) || !fr_rule_test (FR_RULE_TABLE_CAPTION, t)) {
        /* copied, not taken: the fixtures' truth (tests/gen) keeps 部门名称：… lines as
         * paragraphs, so they stay there too */
        g_ptr_array_insert (p->meta, 0, g_steal_pointer (&t));
      } else {
        /* of several captions (公开01表 over 收入支出决算总表) the largest type is the title */
        /* the first words of a document that is only a form (…申报表) are its title too */
        if (!first_words) {
          l->kind = FR_LINE_TABLE;
          l->rule = fr_rule_name (FR_RULE_TABLE_CAPTION);
        }
        /* a heading that names the report (…2024年度部门决算表 over 收入支出决算总表) names the
         * set of tables, not this one: the table's own name wins whatever its size */
        const char *at;
        gsize len;
        gboolean names_report = fr_kind_find (t, &at, &len) != NULL
                                && (at[len] == '\0' || strcmp (at + len, "表") == 0);
        if (p->title == NULL || (l->size > title_size + 0.5f && !names_report) || (title_names_report && !names_report)) {
          title_names_report = names_report;
          if (p->title)
            g_ptr_array_add (p->meta, p->title);
          p->title = g_steal_pointer (&t);
          title_size = l->size;
        } else {
          g_ptr_array_insert (p->meta, 0, g_steal_pointer (&t));
        }
      }
    }
    limit = band_y0;
  }
}

/* Is there body text on the page above (or below) the part?  A part with none below may go on
 * on the next page; one with none above may go on from the page before. */
static void
part_neighbours (Part *p, const FrPage *page)
{
  for (guint i = 0; i < page->lines->len; i++) {
    const FrLine *l = g_ptr_array_index (page->lines, i);
    if (l->kind != FR_LINE_BODY || l->glyphs->len == 0)
      continue;
    if (g_ptr_array_find (p->caption_lines, l, NULL))
      continue;   /* its own 部门名称：… line */
    if (l->y1 <= p->box.y0 + 1)
      p->body_above = TRUE;
    if (l->y0 >= p->box.y1 - 1)
      p->body_below = TRUE;
  }
}

/* ---- regions ----------------------------------------------------------------------------------- */

typedef struct {
  guint from, to;        /* bands */
  FrBox box;
  gboolean tentative;    /* one row only: a table only as the continuation of one */
} Region;

static FrBox
bands_box (GPtrArray *bands, guint from, guint to)
{
  FrBox box = FR_BOX_EMPTY;
  for (guint b = from; b <= to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    for (guint i = 0; i < band->frags->len; i++)
      fr_box_add (&box, ((Frag *) g_ptr_array_index (band->frags, i))->box);
  }
  return box;
}

/* Runs of bands with two or more fragments side by side (at least two such bands), with the
 * lone wrapped-cell lines between and around them. */
static GArray *
find_regions (const FrPage *page, GPtrArray *bands)
{
  GArray *regions = g_array_new (FALSE, FALSE, sizeof (Region));
  guint b = 0;
  while (b < bands->len) {
    Band *band = g_ptr_array_index (bands, b);
    if (!band->multi || band_is_caption (band)) {
      b++;
      continue;
    }
    guint n_multi = 1;
    FrBox box = bands_box (bands, b, b);
    float size = ((const Frag *) g_ptr_array_index (band->frags, 0))->size;
    guint e = b + 1;
    for (; e < bands->len; e++) {
      Band *next = g_ptr_array_index (bands, e);
      Band *prev = g_ptr_array_index (bands, e - 1);
      const Frag *first = g_ptr_array_index (next->frags, 0);
      if (next->y0 - prev->y1 > em_of (first->size) * 3.5f)
        break;
      if (next->multi && !band_is_caption (next)) {
        n_multi++;
        fr_box_add (&box, bands_box (bands, e, e));
      } else if (!lone_band_in_table (page, next, box.x0, box.x1, size) && !band_is_total (next)) {
        break;
      }
    }
    guint end = e - 1;
    /* lone lines just above the first row (a row cut by the page break) */
    guint start = b;
    while (start > 0) {
      Band *up = g_ptr_array_index (bands, start - 1);
      Band *cur = g_ptr_array_index (bands, start);
      const Frag *f = g_ptr_array_index (up->frags, 0);
      if (cur->y0 - up->y1 > em_of (f->size) * 1.0f || !lone_band_in_table (page, up, box.x0, box.x1, size))
        break;
      start--;
    }
    /* the last rows of a table often go over to the next page alone */
    gboolean top = regions->len == 0;
    for (guint k = 0; k < start && top; k++)
      top = band_is_caption (g_ptr_array_index (bands, k));
    /* even one line, when it holds a value: the last row alone at the top of the page (a
     * tentative region is kept only when its columns continue the table on the page before) */
    gboolean lone_row = top && ((Band *) g_ptr_array_index (bands, b))->value;
    if (n_multi >= 2 || (top && end > start) || lone_row) {
      Region r = { start, end, bands_box (bands, start, end), n_multi < 2 };
      g_array_append_val (regions, r);
    }
    b = end + 1;
  }
  return regions;
}

/* ---- one page ----------------------------------------------------------------------------------- */

typedef struct {
  FrAnalysis *an;
  guint pages_rendered;  /* pages whose rules were read, by either route */
  guint pages_pixels;    /* of those, rendered: the drawing did not settle them */
  double render_seconds;
  GPtrArray *tagged;     /* FrTaggedTable*, or NULL for an untagged document */
  gboolean tagged_loaded;
  gboolean open_ruled;   /* the last table of page open_ruled_page is ruled and may go on */
  guint open_ruled_page;
  const Part *open_part; /* that table (its last part) */
  char *open_title;      /* its title */
  gboolean text_seen;    /* a page before this one had text */
  guint tagged_table;    /* the last tagged table read, and its column edges */
  GArray *tagged_xs;
  gboolean debug;        /* FINREP_DEBUG_TABLES */
  guint doubt_ignored;   /* FINREP_DEBUG_NO_DOUBT: reasons left out, to see what they change */
} Ctx;

static void
region_frags (GPtrArray *bands, const Region *reg, GPtrArray *out)
{
  for (guint b = reg->from; b <= reg->to; b++) {
    Band *band = g_ptr_array_index (bands, b);
    for (guint k = 0; k < band->frags->len; k++)
      g_ptr_array_add (out, g_ptr_array_index (band->frags, k));
  }
}

/* ---- tagged grids ---------------------------------------------------------------------------------- */

/* Text without white space, as glyphs (U+FFFD, a character Poppler lost, matches any). */
static GArray *
squeezed (const char *s)
{
  g_autofree char *text = fr_squeeze (s);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gunichar));
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    g_array_append_val (out, c);
  }
  return out;
}

typedef struct {
  gboolean located;
  float x0, x1, y0;      /* the first line of its text */
  guint row;             /* grid row (its TR) */
  gboolean empty;
} Anchor;

/* How many leading characters of key fragment f shows (0: it does not start key); the
 * fragment may also run on past the key (Poppler joins cells on one line). */
static guint
frag_starts_key (const Frag *f, GArray *key, float *x1)
{
  guint k = 0, sure = 0;
  for (guint i = f->g0; i < f->g1 && k < key->len; i++) {
    const FrGlyph *g = &g_array_index (f->line->glyphs, FrGlyph, i);
    if (g->c == ' ')
      continue;
    gunichar want = g_array_index (key, gunichar, k);
    if (want != 0xFFFD && want != g->c)
      return sure >= 4 ? k : 0;
    sure += want != 0xFFFD;
    k++;
    *x1 = g->x1;
  }
  /* a lost character matches anything, so it alone proves nothing */
  return sure > 0 ? k : 0;
}

/* The grid of a region from the tagged table portion whose cells it holds: a row per TR, the
 * columns from the gutters, each cell where its text starts.  Spans are inferred (the Poppler
 * in use cannot read them): in the first row a column without a cell of its own belongs to
 * the cell on its left, in later rows to the cell above.  NULL when the portion's cells are
 * not found in the region's text. */
static Part *
tagged_part (FrTaggedTable *tt, GPtrArray *bands, const Region *reg, guint page, GArray *xs,
             gboolean known_columns, const FrDebug *debug)
{
  /* a one-cell "table" is a layout frame around the page's content, not a grid; and the
   * widest row must have a cell in every column the gutters show (or, on a page that goes on
   * with a table, no more cells than its columns) */
  guint widest = 0;
  for (guint r = 0; r < tt->rows->len; r++)
    widest = MAX (widest, ((GPtrArray *) g_ptr_array_index (tt->rows, r))->len);
  if (tt->rows->len < 2 || widest < 2 || widest > xs->len - 1 || (!known_columns && widest != xs->len - 1))
    return NULL;
  g_autoptr (GPtrArray) frags = g_ptr_array_new ();
  region_frags (bands, reg, frags);
  g_ptr_array_sort (frags, cmp_frag_y);
  guint nc = xs->len - 1, n_rows = tt->rows->len;
  g_autofree gboolean *used = g_new0 (gboolean, frags->len);
  g_autoptr (GArray) anchors = g_array_new (FALSE, TRUE, sizeof (Anchor));
  guint n_text = 0, n_found = 0;
  for (guint r = 0; r < n_rows; r++) {
    GPtrArray *cells = g_ptr_array_index (tt->rows, r);
    for (guint i = 0; i < cells->len; i++) {
      FrTaggedCell *tc = g_ptr_array_index (cells, i);
      g_autoptr (GArray) key = squeezed (fr_tagged_cell_text (tc));
      Anchor a = { FALSE, 0, 0, 0, r, key->len == 0 };
      if (key->len > 0) {
        n_text++;
        for (guint k = 0; k < frags->len; k++) {
          const Frag *f = g_ptr_array_index (frags, k);
          float x1 = 0;
          if (used[k] || frag_starts_key (f, key, &x1) == 0)
            continue;
          used[k] = TRUE;
          a.located = TRUE;
          a.x0 = f->box.x0;
          a.x1 = x1;
          a.y0 = f->box.y0;
          n_found++;
          break;
        }
      }
      g_array_append_val (anchors, a);
    }
  }
  if (debug->tables)
    g_printerr ("tagged table %u on page %u: %u of %u cells found\n", tt->table, page + 1, n_found, n_text);
  if (n_text == 0 || n_found * 5 < n_text * 4)
    return NULL;

  /* row tops; a row whose cells were all empty or not found takes the one before it */
  g_autofree float *top = g_new (float, n_rows + 1);
  guint ai = 0;
  for (guint r = 0; r < n_rows; r++) {
    GPtrArray *cells = g_ptr_array_index (tt->rows, r);
    top[r] = G_MAXFLOAT;
    for (guint i = 0; i < cells->len; i++, ai++) {
      const Anchor *a = &g_array_index (anchors, Anchor, ai);
      if (a->located)
        top[r] = MIN (top[r], a->y0);
      if (debug->tagged)
        g_printerr ("  row %u cell %u %s at %.1f,%.1f\n", r, i, ((FrTaggedCell *) g_ptr_array_index (cells, i))->text, a->x0, a->y0);
    }
    if (r > 0 && top[r] < top[r - 1] - 1) {
      if (debug->tables)
        g_printerr ("tagged table %u on page %u: row %u above the row before it\n", tt->table, page + 1, r);
      return NULL;   /* rows out of order: not this region's table */
    }
  }
  Part *p = part_new (page, "tagged");
  g_array_unref (p->xs);
  p->xs = g_array_ref (xs);
  p->box = reg->box;
  /* text above the first row's cells: the end of a row cut by the page break */
  gboolean lead = top[0] != G_MAXFLOAT && top[0] > reg->box.y0 + 3;
  float y = reg->box.y0 - 1;
  g_array_append_val (p->ys, y);
  g_autofree guint *grid_row = g_new (guint, n_rows);
  guint nr = lead ? 1 : 0;
  for (guint r = 0; r < n_rows; r++) {
    if (top[r] == G_MAXFLOAT || (r > 0 && top[r] <= top[r - 1] + 1)) {
      grid_row[r] = nr ? nr - 1 : 0;
      if (nr == 0)
        nr = 1;
      continue;
    }
    if (nr > 0) {
      y = top[r] - 1.5f;
      g_array_append_val (p->ys, y);
    }
    grid_row[r] = nr++;
  }
  y = reg->box.y1 + 1;
  g_array_append_val (p->ys, y);
  p->nc = nc;
  p->nr = p->ys->len - 1;
  if (p->nr != nr) {
    part_free (p);
    return NULL;
  }

  /* each cell's columns: where its text lies, or the next free one for an empty cell */
  guint n = p->nr * p->nc;
  g_autofree guint *owner = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    owner[i] = NONE;
  g_autofree guint *uf = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    uf[i] = i;
  ai = 0;
  for (guint r = 0; r < n_rows; r++) {
    GPtrArray *cells = g_ptr_array_index (tt->rows, r);
    guint gr = grid_row[r], next_free = 0;
    for (guint i = 0; i < cells->len; i++, ai++) {
      const Anchor *a = &g_array_index (anchors, Anchor, ai);
      /* the column under the middle of its first line (a centred head over several columns
       * gets the others below), or the next free one for an empty cell */
      guint c0 = a->located ? interval_of (xs, (a->x0 + MAX (a->x0, a->x1)) / 2) : next_free;
      if (c0 == NONE)
        continue;
      while (c0 < nc && owner[gr * nc + c0] != NONE)
        c0++;
      if (c0 >= nc)
        continue;
      owner[gr * nc + c0] = ai;
      next_free = c0 + 1;
    }
  }
  for (guint r = 0; r < p->nr; r++)
    for (guint c = 0; c < nc; c++) {
      if (owner[r * nc + c] != NONE)
        continue;
      if (r > 0) {
        uf_join (uf, (r - 1) * nc + c, r * nc + c);      /* a cell coming down from above */
      } else if (!lead) {
        guint left = c;
        while (left > 0 && owner[r * nc + left] == NONE)
          left--;
        if (owner[r * nc + left] == NONE) {
          guint right = c;
          while (right + 1 < nc && owner[r * nc + right] == NONE)
            right++;
          left = right;
        }
        uf_join (uf, r * nc + left, r * nc + c);        /* a head cell over several columns */
      }
    }
  part_cells_from_uf (p, uf);
  part_fill (p, frags);
  return p;
}

/* Does alignment leave this part's grid in doubt?  A lone line may be a wrapped cell or a
 * row of its own; a fragment across a gutter may be a header over two columns or two cells;
 * an empty cell in the leftmost columns under a filled one may be a merged category cell. */
static guint
part_in_doubt (const Part *p, GPtrArray *bands, const Region *r, guint spanning)
{
  guint why = spanning;
  /* a table of no figures (本表无数据: a header over blank rows, maybe a 合计 row of blanks and
   * a row numbering the columns, 栏次 1 2 3): its columns are only the header's, whose upper
   * cells span the columns under them (功能分类科目编码 over 类 | 款 | 项), so the gutters no
   * glyph crosses are too few; and its blank rows and lone 合计 line only the rules show */
  if (!has_figure (bands, r->from, r->to))
    why |= DOUBT_EMPTY;
  /* lone lines in the head (收入 over its columns, a two-line header cell) are the header's
   * own layout, which alignment reads well enough; lone lines among the values are not */
  guint first_value = r->to + 1;
  for (guint b = r->from; b <= r->to && first_value > r->to; b++)
    if (((Band *) g_ptr_array_index (bands, b))->value)
      first_value = b;
  for (guint b = first_value; b <= r->to; b++)
    if (!((Band *) g_ptr_array_index (bands, b))->multi)
      why |= DOUBT_LONE;
  /* but a head of three lines or more with a group over several columns is beyond it */
  if (first_value <= r->to && first_value - r->from >= 3)
    for (guint b = r->from; b < first_value; b++) {
      Band *band = g_ptr_array_index (bands, b);
      for (guint i = 0; i < band->frags->len; i++) {
        const Frag *f = g_ptr_array_index (band->frags, i);
        if (interval_of (p->xs, f->box.x0 + 0.1f) != interval_of (p->xs, f->box.x1 - 0.1f))
          why |= DOUBT_HEAD3;
      }
    }
  /* two header words far apart in one column: a column with no values under it */
  for (guint i = 0; i < p->cells->len; i++) {
    const PCell *cell = &g_array_index (p->cells, PCell, i);
    if (cell->row >= MAX (p->n_header, 1u))
      continue;
    for (guint k = 1; k < cell->pieces->len; k++) {
      const Piece *a = g_ptr_array_index (cell->pieces, k - 1), *b = g_ptr_array_index (cell->pieces, k);
      if (fabsf (a->cy - b->cy) < 0.5f * a->size && b->x0 - a->x1 > 1.5f * a->size)
        why |= DOUBT_HEADGAP;
    }
  }
  /* a row of text only, every piece of it under text in its column: the wrapped lines of the
   * cells above, or a row of its own?  (帮助帮扶对象解 / 决问题 beside 值 / 20）) */
  for (guint row = p->n_header + 1; row < p->nr; row++) {
    guint filled = 0, under = 0;
    gboolean value = FALSE;
    for (guint c = 0; c < p->nc; c++) {
      const PCell *cell = part_cell (p, row, c);
      if (cell->row != row || cell->text[0] == '\0')
        continue;
      FrValue v;
      filled++;
      value |= fr_value_parse (cell->text, &v);
      under += part_cell (p, row - 1, c)->text[0] != '\0';
    }
    if (filled > 0 && !value && under == filled)
      why |= DOUBT_TEXTROW;
  }
  /* a column with text in few of the rows: a centred 栏次 number beside right-aligned amounts
   * makes two columns of one, which only the rules can tell */
  guint body_rows = p->nr > p->n_header ? p->nr - p->n_header : 0;
  for (guint c = 0; c < p->nc && body_rows >= 4; c++) {
    guint filled = 0;
    for (guint row = p->n_header; row < p->nr; row++)
      filled += part_cell (p, row, c)->text[0] != '\0';
    if (filled > 0 && filled * 5 < body_rows)
      why |= DOUBT_SPARSE;
  }
  /* a category printed once over its rows: blank under text, the next column filled, and
   * text again further down (blanks at the foot of one side of a 收支 table are blanks) */
  for (guint c = 0; c + 1 < p->nc && c < 2; c++) {
    gboolean seen_blank = FALSE;
    for (guint row = p->n_header + 1; row < p->nr; row++) {
      const PCell *cell = part_cell (p, row, c), *up = part_cell (p, row - 1, c);
      const PCell *next = part_cell (p, row, c + 1);
      if (cell->text[0] == '\0' && up->text[0] != '\0' && next->text[0] != '\0')
        seen_blank = TRUE;
      else if (seen_blank && cell->text[0] != '\0' && cell->row == row)
        why |= DOUBT_CATEGORY;
    }
  }
  return why;
}



/* A region that neither alignment nor rules settle: a tagged PDF's structure tree may (a
 * borderless Word table).  Last, because reading cells' text from the tree costs more than a
 * render in the Poppler in use; the tree is read once, on first need. */
static Part *
try_tagged (Ctx *cx, FrPage *page, GPtrArray *bands, const Region *reg)
{
  const FrDocument *doc = cx->an->doc;
  if (!doc->tagged || doc->pdf == NULL)
    return NULL;
  if (!cx->tagged_loaded) {
    cx->tagged = fr_tagged_tables (doc);
    cx->tagged_loaded = TRUE;
  }
  guint spanning = 0;
  g_autoptr (GArray) xs = aligned_columns (bands, reg->from, reg->to, reg->box, &spanning);
  Part *part = NULL;
  for (guint k = 0; cx->tagged && k < cx->tagged->len && part == NULL; k++) {
    FrTaggedTable *tt = g_ptr_array_index (cx->tagged, k);
    if (tt->page != page->index)
      continue;
    /* the rest of a table on a new page has its columns, though maybe too few lines here to
     * show them all */
    GArray *cols = xs;
    if (cx->tagged_xs && cx->tagged_table == tt->table
        && reg->box.x0 >= edge (cx->tagged_xs, 0) - 6
        && reg->box.x1 <= edge (cx->tagged_xs, cx->tagged_xs->len - 1) + 6)
      cols = cx->tagged_xs;
    part = tagged_part (tt, bands, reg, page->index, cols, cols != xs, cx->an->debug);
    if (part) {
      g_clear_pointer (&cx->tagged_xs, g_array_unref);
      cx->tagged_xs = g_array_ref (part->xs);
      cx->tagged_table = tt->table;
    }
  }
  if (part) {
    part_texts (part);
    part->n_header = detect_header (part);
    part->tentative = reg->tentative;
  }
  return part;
}

/* For FINREP_DEBUG_TABLES: does a part read another way give the same rows as the aligned one? */
static gboolean
same_grid (const Part *a, const Part *b)
{
  if (a->nr != b->nr || a->nc != b->nc || a->n_header != b->n_header)
    return FALSE;
  for (guint r = 0; r < a->nr; r++)
    for (guint c = 0; c < a->nc; c++)
      if (g_strcmp0 (part_cell (a, r, c)->text, part_cell (b, r, c)->text) != 0)
        return FALSE;
  return TRUE;
}

/* Or the same body rows under another header (a: the ruled part; its body against b's last rows)? */
static gboolean
same_body (const Part *a, const Part *b)
{
  guint body = a->nr - a->n_header;
  if (a->nc != b->nc || b->nr < body)
    return FALSE;
  for (guint r = 0; r < body; r++)
    for (guint c = 0; c < a->nc; c++)
      if (g_strcmp0 (part_cell (a, r + a->n_header, c)->text, part_cell (b, b->nr - body + r, c)->text) != 0)
        return FALSE;
  return TRUE;
}

/* What left a region in doubt, and what the render made of it: its own aligned grid again
 * ("same"), the same body under another header ("samebody"), another grid ("changed"), or no
 * frame found ("aligned").  FINREP_DEBUG_TABLES=2 prints both grids. */
static void
debug_doubt (const FrDebug *debug, guint page, guint region, guint why, const Part *chosen,
             const Part *aligned)
{
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < G_N_ELEMENTS (doubt_names); k++)
    if (why & (1u << k))
      g_string_append_printf (s, "%s%s", s->len ? "," : "", doubt_names[k]);
  const char *outcome = chosen == NULL ? "dropped"
                        : strcmp (chosen->method, "aligned") == 0 ? "aligned"
                        : same_grid (chosen, aligned) ? "same" : same_body (chosen, aligned) ? "samebody" : "changed";
  g_printerr ("doubt: page %u region %u: %s -> %s %s (%ux%u)\n", page + 1, region, s->str,
              chosen ? chosen->method : "-", outcome, chosen ? chosen->nr : 0, chosen ? chosen->nc : 0);
  if (debug->tables >= 2 && chosen && chosen != aligned) {
    for (int w = 0; w < 2; w++) {
      const Part *p = w ? chosen : aligned;
      g_printerr ("  %s %ux%u h%u xs:", p->method, p->nr, p->nc, p->n_header);
      for (guint c = 0; c <= p->nc; c++) g_printerr (" %.0f", edge (p->xs, c));
      g_printerr ("\n");
      for (guint r = 0; r < p->nr; r++) {
        g_printerr ("   |");
        for (guint c = 0; c < p->nc; c++) g_printerr (" %s |", part_cell (p, r, c)->text);
        g_printerr ("\n");
      }
    }
  }
  g_string_free (s, TRUE);
}

/* A part at the top of a page that goes on with a table whose columns are rules, read with
 * those columns (so empty columns are known without a render).  NULL when that still leaves
 * it in doubt: anything part_in_doubt sees; a header that is not the table's own repeated
 * (alignment may cut it otherwise than the rules did); an empty cell under a filled one, at
 * its top or below (a merged cell going on or an empty cell: only rules tell); lines under
 * it that are not prose (rows a frame would take). */
static Part *
continued_part (Ctx *cx, GPtrArray *bands, const Region *reg, guint page, float page_col_w)
{
  const Part *open = cx->open_part;
  GArray *xs = open->xs;
  /* the columns must hold it */
  if (reg->box.x0 < edge (xs, 0) - 2 || reg->box.x1 > edge (xs, xs->len - 1) + 2)
    return NULL;
  g_autoptr (Part) p = aligned_part (bands, reg->from, reg->to, page, reg->box, xs);
  p->ruled_columns = TRUE;
  part_texts (p);
  p->n_header = detect_header (p);
  p->tentative = reg->tentative;
  guint span = body_spanning (bands, first_value_band (bands, reg->from, reg->to), reg->to, xs);
  const char *why = (part_in_doubt (p, bands, reg, span) & ~cx->doubt_ignored) ? "in doubt" : NULL;
  /* its header: none, or the table's own */
  guint h = first_value_band (bands, reg->from, reg->to) > reg->from ? MAX (p->n_header, 1u) : p->n_header;
  for (guint r = 0; r < h && !why; r++)
    for (guint c = 0; c < p->nc && !why; c++)
      if (r >= open->n_header || r >= p->nr || g_strcmp0 (part_cell (p, r, c)->text, part_cell (open, r, c)->text) != 0)
        why = "a header of its own";
  for (guint c = 0; c < p->nc && !why && h < p->nr; c++)
    if (part_cell (p, h, c)->text[0] == '\0' && part_cell (open, open->nr - 1, c)->text[0] != '\0')
      why = "an empty cell at its top";
  /* an empty cell under a filled one, beside a filled one: a merged cell or an empty one? */
  for (guint r = h + 1; r < p->nr && !why; r++)
    for (guint c = 0; c + 1 < p->nc && !why; c++)
      if (part_cell (p, r, c)->text[0] == '\0' && part_cell (p, r - 1, c)->text[0] != '\0'
          && part_cell (p, r, c + 1)->text[0] != '\0')
        why = "an empty cell under a filled one";
  /* lines under it that are not prose may be its last rows (a ruled frame would take them) */
  if (!why && reg->to + 1 < bands->len) {
    const Band *below = g_ptr_array_index (bands, reg->to + 1);
    const Frag *f = g_ptr_array_index (below->frags, 0);
    if (!(below->frags->len == 1 && page_col_w > 0 && f->box.x1 - f->box.x0 > 0.6f * page_col_w))
      why = "lines under it";
  }
  if (cx->debug)
    g_printerr ("doubt: page %u: with the columns of the page before: %s\n", page + 1, why ? why : "settled");
  return why ? NULL : g_steal_pointer (&p);
}

/* The tables of one page: aligned grids first; then, if any is in doubt, one render of the
 * band of the page they lie in, and ruled grids wherever rules frame a region. */
static void
page_parts (Ctx *cx, FrPage *page, GPtrArray *parts)
{
  const FrDocument *doc = cx->an->doc;
  g_autoptr (GPtrArray) frags = page_frags (page);
  if (frags->len == 0)
    return;
  g_autoptr (GPtrArray) bands = make_bands (frags);
  g_autoptr (GArray) regions = find_regions (page, bands);
  if (regions->len == 0) {
    /* a page of prose: its text comes before any later table's caption */
    for (guint k = 0; k < page->lines->len && !cx->text_seen; k++)
      cx->text_seen = ((const FrLine *) g_ptr_array_index (page->lines, k))->kind == FR_LINE_BODY;
    return;
  }
  g_autoptr (GPtrArray) aligned = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  g_autofree guint *doubt = g_new0 (guint, regions->len);
  g_autofree gboolean *soft = g_new0 (gboolean, regions->len);   /* settled unless rendered */
  float clip_y0 = G_MAXFLOAT, clip_y1 = -G_MAXFLOAT;
  for (guint i = 0; i < regions->len; i++) {
    const Region *reg = &g_array_index (regions, Region, i);
    guint spanning = 0;
    g_autoptr (GArray) xs = aligned_columns (bands, reg->from, reg->to, reg->box, &spanning);
    Part *part = NULL;
    part = aligned_part (bands, reg->from, reg->to, page->index, reg->box, xs);
    part_texts (part);
    part->n_header = detect_header (part);
    part->tentative = reg->tentative;
    g_ptr_array_add (aligned, part);
    /* at the top of a page after a ruled table that ran to the foot of the page before: the
     * same table, maybe with empty columns that alignment cannot see */
    gboolean at_top = TRUE, new_title = FALSE;
    for (guint b = 0; b < reg->from && at_top; b++) {
      Band *band = g_ptr_array_index (bands, b);
      at_top = band_is_caption (band);
      for (guint k = 0; k < band->frags->len && at_top; k++) {
        g_autofree char *t = g_strstrip (g_strdup (frag_text (g_ptr_array_index (band->frags, k))));
        /* a title of its own starts another table */
        if (fr_rule_test (FR_RULE_TABLE_CAPTION, t) && !fr_rule_test (FR_RULE_TABLE_META, t)
            && !g_str_has_prefix (t, "续表") && g_strcmp0 (t, cx->open_title) != 0
            && g_utf8_strlen (t, -1) > 6)
          new_title = TRUE;
      }
    }
    gboolean continues = at_top && !new_title && cx->open_ruled && cx->open_ruled_page == page->index;
    if (continues && doc->pdf && cx->open_part && cx->open_part->ruled_columns) {
      Part *known = continued_part (cx, bands, reg, page->index, page->col_x1 - page->col_x0);
      if (known) {
        /* settled by the columns of the page before; still read from the rules if the page
         * is rendered for another table */
        part_free (part);
        g_ptr_array_index (aligned, i) = known;
        soft[i] = TRUE;
        continue;
      }
    }
    doubt[i] = doc->pdf ? (continues ? DOUBT_CONT : 0) | part_in_doubt (part, bands, reg, spanning) : 0;
    doubt[i] &= ~cx->doubt_ignored;
    if (doubt[i]) {
      /* room for the rules around it: a frame a little off the text above; below, rows with
       * no text may stand between it and a closing 合计 row, so down to the next line of
       * prose (a lone line as wide as the text column) or the page's foot */
      float room = 4 * 12.0f, below = page->height;
      for (guint b = reg->to + 1; b < bands->len; b++) {
        Band *band = g_ptr_array_index (bands, b);
        const Frag *f = g_ptr_array_index (band->frags, 0);
        float col_w = page->col_x1 - page->col_x0;
        if (band->frags->len == 1 && col_w > 0 && f->box.x1 - f->box.x0 > 0.6f * col_w) {
          below = MAX (band->y0 - 2, reg->box.y1 + room);
          break;
        }
      }
      clip_y0 = MIN (clip_y0, reg->box.y0 - room);
      clip_y1 = MAX (clip_y1, below);
    }
  }
  /* a page rendered anyway reads the continuation settled by known columns from its rules too */
  for (guint i = 0; i < regions->len && clip_y1 > clip_y0; i++)
    if (soft[i]) {
      const Region *reg = &g_array_index (regions, Region, i);
      doubt[i] = DOUBT_CONT;
      clip_y0 = MIN (clip_y0, reg->box.y0 - 4 * 12.0f);
      clip_y1 = MAX (clip_y1, reg->box.y1 + 4 * 12.0f);
    }
  /* a region near the top or foot of a page may have textless rows up to the page's edge */
  if (clip_y0 < 0.15f * page->height)
    clip_y0 = 0;
  if (clip_y1 > 0.85f * page->height)
    clip_y1 = page->height;

  g_autoptr (FrRulings) rul = NULL;
  g_autoptr (GPtrArray) frames = NULL;
  if (clip_y1 > clip_y0) {
    /* one render per page, whatever the number of tables on it */
    gint64 t0 = g_get_monotonic_time ();
    rul = fr_page_rulings (doc, page->index, clip_y0, clip_y1);
    frames = rul ? page_frames (rul, page) : NULL;
    cx->render_seconds += (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
    cx->pages_rendered++;
    if (rul && g_strcmp0 (rul->route, "render") == 0)
      cx->pages_pixels++;
    if (cx->debug && rul)
      g_printerr ("rules: page %u: band %.0f-%.0f by %s%s%s\n", page->index + 1, clip_y0, clip_y1,
                  rul->route, rul->why_render ? ": " : "", rul->why_render ? rul->why_render : "");
  }

  g_autoptr (GHashTable) taken = g_hash_table_new (NULL, NULL);   /* Frag* */
  guint first_part = parts->len;
  for (guint i = 0; i < regions->len; i++) {
    const Region *reg = &g_array_index (regions, Region, i);
    Part *part = NULL;
    if (doubt[i] && frames) {
      Frame *best = NULL;
      float best_area = 0;
      for (guint k = 0; k < frames->len; k++) {
        Frame *fr = g_ptr_array_index (frames, k);
        float a = fr_box_overlap_area (fr->box, reg->box);
        if (a > best_area) {
          best_area = a;
          best = fr;
        }
      }
      if (best && best_area > 0.3f * (reg->box.x1 - reg->box.x0) * (reg->box.y1 - reg->box.y0)) {
        g_autoptr (GPtrArray) inside = g_ptr_array_new ();
        for (guint k = 0; k < frags->len; k++) {
          Frag *f = g_ptr_array_index (frags, k);
          float cxm = (f->box.x0 + f->box.x1) / 2, cym = (f->box.y0 + f->box.y1) / 2;
          if (!g_hash_table_contains (taken, f) && cxm > best->box.x0 - 1 && cxm < best->box.x1 + 1
              && cym > best->box.y0 - 1 && cym < best->box.y1 + 1)
            g_ptr_array_add (inside, f);
        }
        part = ruled_part (best, page->index, inside);
        if (part) {
          for (guint k = 0; k < inside->len; k++)
            g_hash_table_add (taken, g_ptr_array_index (inside, k));
          part_texts (part);
          part->n_header = detect_header (part);
          /* one row of text side by side is a table only as a continuation, unless rules
           * frame it in rows and columns: a header over a 合计 row and blank rows (本表无数据) */
          part->tentative = reg->tentative && !(part->nr >= 3 && part->nc >= 2);
          g_ptr_array_remove (frames, best);   /* a frame serves one table */
        }
      }
    }
    if (part == NULL) {
      g_autoptr (GPtrArray) mine = g_ptr_array_new ();
      region_frags (bands, reg, mine);
      gboolean free_region = TRUE;
      for (guint k = 0; k < mine->len && free_region; k++)
        free_region = !g_hash_table_contains (taken, g_ptr_array_index (mine, k));
      if (!free_region)
        continue;   /* inside a ruled table already made */
      for (guint k = 0; k < mine->len; k++)
        g_hash_table_add (taken, g_ptr_array_index (mine, k));
      if (doubt[i])
        part = try_tagged (cx, page, bands, reg);
      if (part == NULL) {
        part = g_ptr_array_steal_index (aligned, i);
        g_ptr_array_insert (aligned, i, NULL);
      }
    }
    if (cx->debug && doubt[i]) {
      const Part *al = g_ptr_array_index (aligned, i);
      debug_doubt (cx->an->debug, page->index, i, doubt[i], part, al ? al : part);
    }
    if (part->nc < 2 || part->nr < 1 || part->lines->len == 0) {
      part_free (part);
      continue;
    }
    for (guint k = 0; k < part->lines->len; k++) {
      FrLine *l = g_ptr_array_index (part->lines, k);
      l->kind = FR_LINE_TABLE;
      l->rule = part->method;
    }
    g_ptr_array_add (parts, part);
  }
  for (guint i = first_part; i < parts->len; i++) {
    Part *part = g_ptr_array_index (parts, i);
    if (part->tentative)
      continue;
    /* no body text before the table in the whole document: its caption is the document's */
    gboolean first_words = i == 0 && !cx->text_seen;
    for (guint k = 0; k < page->lines->len && first_words; k++) {
      const FrLine *l = g_ptr_array_index (page->lines, k);
      first_words = !(l->kind == FR_LINE_BODY && l->y1 < part->box.y0 - 1 && !fr_rule_test (FR_RULE_TABLE_CAPTION, l->text)
                      && !fr_rule_test (FR_RULE_TABLE_META, l->text));
    }
    take_caption (part, page, first_words, fr_analysis_ocr_page (cx->an, page->index));
  }
  for (guint k = 0; k < page->lines->len && !cx->text_seen; k++)
    cx->text_seen = ((const FrLine *) g_ptr_array_index (page->lines, k))->kind == FR_LINE_BODY
                    || ((const FrLine *) g_ptr_array_index (page->lines, k))->kind == FR_LINE_TABLE;
  for (guint i = first_part; i < parts->len; i++)
    part_neighbours (g_ptr_array_index (parts, i), page);
  const Part *last = parts->len > first_part ? g_ptr_array_index (parts, parts->len - 1) : NULL;
  cx->open_ruled = last && !last->body_below && (strcmp (last->method, "aligned") != 0 || last->ruled_columns);
  cx->open_ruled_page = page->index + 1;   /* the next page's index */
  cx->open_part = cx->open_ruled ? last : NULL;
  g_free (cx->open_title);
  cx->open_title = last && last->title ? g_strdup (last->title) : NULL;
}

/* ---- tables across pages ------------------------------------------------------------------------ */

typedef struct {
  guint a0, a1;          /* the first part's columns one column of a continuation covers */
} ColMap;

/* Parts read by different methods (gutters between texts, rules between cells) have the same
 * columns when they have as many and each overlaps its fellow by most of its width. */
static gboolean
same_columns_loosely (const Part *a, const Part *b, ColMap *map)
{
  if (a->nc != b->nc)
    return FALSE;
  for (guint c = 0; c < a->nc; c++) {
    float a0 = edge (a->xs, c), a1 = edge (a->xs, c + 1), b0 = edge (b->xs, c), b1 = edge (b->xs, c + 1);
    float o = MIN (a1, b1) - MAX (a0, b0);
    if (o < 0.6f * MIN (a1 - a0, b1 - b0))
      return FALSE;
    map[c] = (ColMap) { c, c };
  }
  return TRUE;
}

/* Maps a continuation's columns onto the first part's by their edges; FALSE when they differ. */
static gboolean
map_columns (const Part *a, const Part *b, ColMap *map)
{
  if (strcmp (a->method, b->method) != 0 && !(a->ruled_columns && b->ruled_columns))
    return same_columns_loosely (a, b, map);
  float tol = a->ruled_columns && b->ruled_columns ? 3.0f : 12.0f;
  guint ca = 0;
  if (fabsf (edge (a->xs, 0) - edge (b->xs, 0)) > tol
      || fabsf (edge (a->xs, a->nc) - edge (b->xs, b->nc)) > tol)
    return FALSE;
  for (guint c = 0; c < b->nc; c++) {
    if (ca >= a->nc || fabsf (edge (a->xs, ca) - edge (b->xs, c)) > tol)
      return FALSE;
    guint end = ca;
    while (end < a->nc && edge (a->xs, end + 1) < edge (b->xs, c + 1) - tol)
      end++;
    if (end >= a->nc || fabsf (edge (a->xs, end + 1) - edge (b->xs, c + 1)) > tol)
      return FALSE;
    map[c] = (ColMap) { ca, end };
    ca = end + 1;
  }
  return ca == a->nc;
}

typedef struct {
  FrTable *t;
  const Part *first;
  guint last_page;
  guint n_rows;
  gboolean refined;      /* its columns are no longer the first part's (refine_columns) */
  GArray *xs;            /* its column edges: the first part's, or as refine_columns made them */
} Building;

static guint
table_slot (FrTable *t, guint r, guint c)
{
  return g_array_index (t->grid, guint, r * t->n_cols + c);
}

static guint
add_cell (FrTable *t, const PCell *pc, guint page, const char *text)
{
  FrCell cell = { g_strdup (text), pc->box, page, 0, 0, 0, 0 };
  g_array_append_val (t->cells, cell);
  return t->cells->len - 1;
}

/* The text of the table's cell at row r, column c (its columns, refined or not). */
static const char *
table_text (FrTable *t, guint r, guint c)
{
  return g_array_index (t->cells, FrCell, table_slot (t, r, c)).text;
}

/* Does row rb of continuation b repeat row r of the table so far (its columns mapped by map)?
 * Cell by cell the same text, but for a header cell over two columns that one reading
 * gives in both (收入 | 收入: rules, a merged cell) and the other in the first only (收入 | ,
 * alignment): a blank beside its left neighbour's text is that text. */
static gboolean
row_repeats (FrTable *t, guint r, const Part *b, guint rb, const ColMap *map)
{
  for (guint c = 0; c < b->nc; c++) {
    const char *tb = part_cell (b, rb, c)->text;
    const char *ta = table_text (t, r, map[c].a0);
    if (g_strcmp0 (ta, tb) == 0)
      continue;
    if (c == 0 || map[c].a0 == 0)
      return FALSE;
    const char *lb = part_cell (b, rb, c - 1)->text, *la = table_text (t, r, map[c].a0 - 1);
    gboolean blank_a = ta == NULL || ta[0] == '\0', blank_b = tb == NULL || tb[0] == '\0';
    if (!((blank_a && g_strcmp0 (tb, lb) == 0 && g_strcmp0 (la, lb) == 0)
          || (blank_b && g_strcmp0 (ta, la) == 0 && g_strcmp0 (la, lb) == 0)))
      return FALSE;
  }
  return TRUE;
}

/* The characters of a header's words, a set: the same header read by rules (收入 | 收入) or by
 * alignment (收入 | blank, two lines in one cell) has the same. */
static void
add_chars (GHashTable *set, const char *text)
{
  for (const char *c = text; c && *c; c = g_utf8_next_char (c))
    if (!g_unichar_isspace (g_utf8_get_char (c)))
      g_hash_table_add (set, GUINT_TO_POINTER (g_utf8_get_char (c)));
}

/* Does part p open with a header of its own, not the table's repeated?  Then it is another
 * table, whatever its edges: a reader takes a new head over the columns as a new table.  A
 * head runs over the columns (words over half of them, a merged cell's in each it covers):
 * a row of a name or two and blanks at the top of a page (十六、金融支出 under the last
 * page's 十五、…) is the body going on, however header-like its words. */
static gboolean
own_header (FrTable *t, const Part *p)
{
  if (p->n_header == 0)
    return FALSE;
  guint filled = 0;
  for (guint c = 0; c < p->nc; c++)
    filled += part_cell (p, 0, c)->text[0] != '\0';
  if (filled < 2 || filled * 2 < p->nc)
    return FALSE;
  g_autoptr (GHashTable) mine = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) its = g_hash_table_new (NULL, NULL);
  for (guint r = 0; r < p->n_header; r++)
    for (guint c = 0; c < p->nc; c++)
      add_chars (mine, part_cell (p, r, c)->text);
  for (guint r = 0; r < t->n_header_rows; r++)
    for (guint c = 0; c < t->n_cols; c++)
      add_chars (its, table_text (t, r, c));
  if (g_hash_table_size (mine) != g_hash_table_size (its))
    return TRUE;
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, mine);
  while (g_hash_table_iter_next (&it, &k, NULL))
    if (!g_hash_table_contains (its, k))
      return TRUE;
  return FALSE;
}

static void
start_table (Building *bt, const Part *p)
{
  FrTable *t = fr_table_new ();
  bt->t = t;
  bt->first = p;
  t->page = p->page;
  t->box = p->box;
  t->method = p->method;
  t->n_cols = p->nc;
  t->n_header_rows = p->n_header;
  t->title = g_strdup (p->title);
  for (guint i = 0; i < p->meta->len; i++)
    g_ptr_array_add (t->meta, g_strdup (g_ptr_array_index (p->meta, i)));
  g_array_append_val (t->pages, p->page);
  bt->refined = FALSE;
  g_clear_pointer (&bt->xs, g_array_unref);
  bt->xs = g_array_copy (p->xs);
  g_autofree guint *idx = g_new (guint, p->cells->len);
  for (guint i = 0; i < p->cells->len; i++) {
    const PCell *pc = &g_array_index (p->cells, PCell, i);
    idx[i] = add_cell (t, pc, p->page, pc->text);
  }
  for (guint r = 0; r < p->nr; r++) {
    for (guint c = 0; c < p->nc; c++)
      g_array_append_val (t->grid, idx[p->grid[r * p->nc + c]]);
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (p->page));
  }
  bt->last_page = p->page;
}

/* A ruled form that goes on over the page with other columns (its label column, then other
 * fields: 名称 | 主要实施内容 | … above the break, 一级指标 | 二级指标 | … below it) is one table:
 * its columns become the union of both parts' edges, each cell so far spanning the new
 * columns its old one covers, and map takes b's columns onto them.  FALSE where the outer
 * edges differ (another table).  Only ruled parts: their edges are drawn, not guessed. */
static gboolean
refine_columns (Building *bt, const Part *b, ColMap *map)
{
  const float tol = 3.0f;
  GArray *xs = bt->xs;
  guint na = xs->len - 1;
  if (!bt->first->ruled_columns || !b->ruled_columns
      || fabsf (edge (xs, 0) - edge (b->xs, 0)) > tol || fabsf (edge (xs, na) - edge (b->xs, b->nc)) > tol)
    return FALSE;
  GArray *u = g_array_new (FALSE, FALSE, sizeof (float));
  for (guint i = 0, j = 0; i <= na || j <= b->nc;) {
    float x;
    if (j > b->nc || (i <= na && edge (xs, i) <= edge (b->xs, j) + tol)) {
      x = edge (xs, i);
      if (j <= b->nc && fabsf (edge (b->xs, j) - x) <= tol)
        j++;
      i++;
    } else {
      x = edge (b->xs, j++);
    }
    g_array_append_val (u, x);
  }
  FrTable *t = bt->t;
  guint nu = u->len - 1, nr = t->grid->len / t->n_cols;
  g_autofree guint *old_col = g_new (guint, nu);
  for (guint c = 0, oc = 0; c < nu; c++) {
    float mid = (edge (u, c) + edge (u, c + 1)) / 2;
    while (oc + 1 < na && edge (xs, oc + 1) <= mid)
      oc++;
    old_col[c] = oc;
  }
  for (guint c = 0, k = 0; c < b->nc; c++) {
    while (k + 1 < nu && edge (u, k + 1) <= edge (b->xs, c) + tol)
      k++;
    guint end = k;
    while (end + 1 < nu && edge (u, end + 1) < edge (b->xs, c + 1) - tol)
      end++;
    map[c] = (ColMap) { k, end };
    k = end + 1;
  }
  GArray *grid = g_array_sized_new (FALSE, FALSE, sizeof (guint), nr * nu);
  for (guint r = 0; r < nr; r++)
    for (guint c = 0; c < nu; c++)
      g_array_append_val (grid, g_array_index (t->grid, guint, r * t->n_cols + old_col[c]));
  g_array_unref (t->grid);
  t->grid = grid;
  t->n_cols = nu;
  g_array_unref (bt->xs);
  bt->xs = u;
  bt->refined = TRUE;
  return TRUE;
}

/* Appends continuation b (columns mapped by map) to the table: its repeated header rows are
 * dropped, a first row that only finishes the cells of the row before the page break is
 * joined to it, and empty merged cells at its top carry on the cells above the break. */
static void
continue_table (Building *bt, const Part *b, const ColMap *map)
{
  FrTable *t = bt->t;
  const Part *a = bt->first;
  guint nc = t->n_cols;
  /* the table's header repeated, with any rows under it that repeat too (栏次 1 2); in the
   * table's columns, which may be finer than the first part's (refine_columns) */
  guint h = 0;
  while (h < b->nr && h < a->nr && (h < t->n_header_rows || h > 0) && row_repeats (t, h, b, h, map))
    h++;
  if (h >= b->nr)
    return;
  guint last = t->grid->len / nc - 1;
  g_autofree gboolean *b_text = g_new0 (gboolean, nc);
  guint n_b = 0, n_last = 0;
  gboolean subset = TRUE;
  /* compared on the cells of one row height: merged cells (categories) go on regardless */
  g_autofree gboolean *b_single = g_new0 (gboolean, nc);
  for (guint c = 0; c < b->nc; c++) {
    const PCell *pc = part_cell (b, h, c);
    if (c > 0 && b->grid[h * b->nc + c] == b->grid[h * b->nc + c - 1])
      continue;
    if (pc->row != h || pc->rs > 1)
      continue;
    b_single[map[c].a0] = TRUE;
    if (pc->text[0]) {
      n_b++;
      b_text[map[c].a0] = TRUE;
    }
  }
  for (guint c = 0; c < nc; c++) {
    guint sl = table_slot (t, last, c);
    const FrCell *cell = &g_array_index (t->cells, FrCell, sl);
    if (c > 0 && sl == table_slot (t, last, c - 1))
      continue;
    if (last > 0 && sl == table_slot (t, last - 1, c))
      continue;
    gboolean has = cell->text && cell->text[0];
    n_last += has;
    if (b_text[c] && !has)
      subset = FALSE;
  }
  for (guint c = 0; c < nc; c++)
    if (b_text[c] && !b_single[c])
      subset = FALSE;
  gboolean split = n_b > 0 && subset && n_b * 2 < n_last;

  g_autofree guint *idx = g_new (guint, b->cells->len);
  for (guint i = 0; i < b->cells->len; i++) {
    const PCell *pc = &g_array_index (b->cells, PCell, i);
    idx[i] = NONE;
    if (pc->row < h && pc->row + pc->rs <= h)
      continue;   /* a dropped header row */
    guint col = map[pc->col].a0;
    guint above = table_slot (t, last, col);
    FrCell *prev = &g_array_index (t->cells, FrCell, above);
    gboolean at_top = pc->row <= h;
    if (at_top && split && (pc->text[0] || pc->rs > 1)) {
      if (pc->text[0]) {
        GString *s = g_string_new (prev->text);
        fr_join_append (s, pc->text);
        g_free (prev->text);
        prev->text = g_string_free (s, FALSE);
      }
      idx[i] = above;
    } else if (at_top && !pc->text[0] && prev->text && prev->text[0] && pc->rs > 1) {
      idx[i] = above;   /* a merged cell cut by the page break */
    } else {
      idx[i] = add_cell (t, pc, b->page, pc->text);
    }
  }
  for (guint r = split ? h + 1 : h; r < b->nr; r++) {
    for (guint ca = 0; ca < nc; ca++) {
      guint c = 0;
      while (c + 1 < b->nc && map[c].a1 < ca)
        c++;
      guint v = idx[b->grid[r * b->nc + c]];
      if (v == NONE)
        v = add_cell (t, part_cell (b, r, c), b->page, "");
      g_array_append_val (t->grid, v);
    }
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (b->page));
  }
  if (b->page != bt->last_page)
    g_array_append_val (t->pages, b->page);
  bt->last_page = b->page;
}

/* Rows from the grid (a merged cell's text in every slot it covers), and each cell's row,
 * column and spans from the slots it covers. */
static void
finish_table (FrTable *t)
{
  guint nc = t->n_cols, nr = nc ? t->grid->len / nc : 0;
  for (guint i = 0; i < t->cells->len; i++) {
    FrCell *c = &g_array_index (t->cells, FrCell, i);
    c->row = c->col = G_MAXUINT;
    c->row_span = c->col_span = 0;
  }
  for (guint r = 0; r < nr; r++) {
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    for (guint col = 0; col < nc; col++) {
      guint i = table_slot (t, r, col);
      FrCell *c = &g_array_index (t->cells, FrCell, i);
      g_ptr_array_add (row, g_strdup (c->text ? c->text : ""));
      if (c->row == G_MAXUINT) {
        c->row = r;
        c->col = col;
      }
      c->row_span = MAX (c->row_span, r - c->row + 1);
      c->col = MIN (c->col, col);
      c->col_span = MAX (c->col_span, col - c->col + 1);
    }
    g_ptr_array_add (t->rows, row);
  }
}

/* Rows under the header that hold no value, down to a row that numbers the columns (栏次 1 2
 * 3 …, ** 1 2 …), are header rows too, however they are worded: a numbering row closes a
 * header ("三公"经费's 因公出国（境）费 | 公务用车购置及运行费 over 小计 | 购置费 | 运行费, none
 * of them a header word).  The numbering row itself stays the first body row, as under every
 * other header. */
static void
header_to_numbering (FrTable *t)
{
  for (guint r = t->n_header_rows; r < t->rows->len && r <= MAX_HEADER_ROWS; r++) {
    GPtrArray *row = g_ptr_array_index (t->rows, r);
    if (fr_value_numbering_row (row)) {
      t->n_header_rows = r;
      return;
    }
    for (guint c = 0; c < row->len; c++) {
      FrValue v;
      if (fr_value_parse (g_ptr_array_index (row, c), &v))
        return;
    }
  }
}

static void
emit_table (Ctx *cx, Building *bt, GPtrArray *lines)
{
  finish_table (bt->t);
  header_to_numbering (bt->t);
  FrBlock *blk = fr_block_new (FR_BLOCK_TABLE, bt->t->page);
  blk->table = bt->t;
  blk->box = bt->t->box;
  blk->last_page = bt->last_page;
  blk->rule = bt->t->method;
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (blk->lines, g_ptr_array_index (lines, i));
  g_ptr_array_add (cx->an->blocks, blk);
  g_ptr_array_add (cx->an->tables, bt->t);
  bt->t = NULL;
  g_clear_pointer (&bt->xs, g_array_unref);
}

void
fr_stage_tables (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  /* the contents pages first: an entry is no table row, on either route */
  fr_mark_toc (an);
  if (!doc->has_geometry) {
    /* a text dump: the tables of figures it printed with their columns (textlayout.c) first,
     * then those it tore into a cell a line (texttable.c) */
    float usual = fr_text_usual_width (doc);
    if (usual > 0 && fr_text_layout_tables (an) > 0) {
      fr_text_tables (an, usual);
      fr_text_layout_sort (an);
      return;
    }
    fr_text_tables (an, usual);
    return;
  }
  Ctx cx = { .an = an, .debug = an->debug->tables > 0 };
  const char *ignored = cx.debug ? an->debug->no_doubt : NULL;
  for (guint k = 0; ignored && k < G_N_ELEMENTS (doubt_names); k++) {
    g_auto (GStrv) names = g_strsplit (ignored, ",", -1);
    if (g_strv_contains ((const char *const *) names, doubt_names[k]))
      cx.doubt_ignored |= 1u << k;
  }
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  for (guint p = 0; p < doc->pages->len; p++)
    page_parts (&cx, g_ptr_array_index (doc->pages, p), parts);

  /* a 部门：… / 单位：万元 line over table after table is the tables' furniture, not a
   * paragraph (one printed once, over the one table, stays a paragraph as it reads) */
  g_autoptr (GHashTable) meta_seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < parts->len; i++) {
    const Part *p = g_ptr_array_index (parts, i);
    for (guint k = 0; k < p->caption_lines->len; k++) {
      const FrLine *l = g_ptr_array_index (p->caption_lines, k);
      g_hash_table_replace (meta_seen, l->text,
                            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (meta_seen, l->text)) + 1));
    }
  }
  for (guint i = 0; i < parts->len; i++) {
    const Part *p = g_ptr_array_index (parts, i);
    for (guint k = 0; k < p->caption_lines->len; k++) {
      FrLine *l = g_ptr_array_index (p->caption_lines, k);
      if (l->kind == FR_LINE_BODY && GPOINTER_TO_UINT (g_hash_table_lookup (meta_seen, l->text)) >= 2) {
        l->kind = FR_LINE_TABLE;
        l->rule = fr_rule_name (FR_RULE_TABLE_META);
      }
    }
  }

  Building bt = { 0 };
  g_autoptr (GPtrArray) lines = g_ptr_array_new ();
  for (guint i = 0; i < parts->len; i++) {
    const Part *p = g_ptr_array_index (parts, i);
    const Part *prev = i > 0 ? g_ptr_array_index (parts, i - 1) : NULL;
    gboolean cont = FALSE;
    g_autofree ColMap *map = g_new0 (ColMap, p->nc);
    if (bt.t && prev && p->page == prev->page + 1 && !prev->body_below && !p->body_above
        && (p->title == NULL || g_str_has_prefix (p->title, "续表") || g_strcmp0 (p->title, bt.t->title) == 0)
        && !own_header (bt.t, p))
      /* once refined, the table's columns are no longer the first part's: a part ruled as
       * the first one was maps onto the union (refine_columns), not onto the first part */
      cont = (!bt.refined && map_columns (bt.first, p, map)) || refine_columns (&bt, p, map);
    if (cont) {
      continue_table (&bt, p, map);
    } else if (p->tentative) {
      /* one row of side-by-side text that continues nothing: not a table after all */
      for (guint k = 0; k < p->lines->len; k++) {
        FrLine *l = g_ptr_array_index (p->lines, k);
        l->kind = FR_LINE_BODY;
        l->rule = NULL;
      }
      continue;
    } else {
      if (bt.t)
        emit_table (&cx, &bt, lines);
      g_ptr_array_set_size (lines, 0);
      start_table (&bt, p);
    }
    for (guint k = 0; k < p->lines->len; k++)
      g_ptr_array_add (lines, g_ptr_array_index (p->lines, k));
  }
  if (bt.t)
    emit_table (&cx, &bt, lines);
  g_clear_pointer (&cx.tagged_xs, g_array_unref);
  g_clear_pointer (&cx.tagged, g_ptr_array_unref);
  g_free (cx.open_title);

  if (cx.debug)
    g_printerr ("tables: %u tables from %u parts; rules read on %u of %u pages, %u of them rendered (%.1f ms)\n",
                an->tables->len, parts->len, cx.pages_rendered, doc->pages->len, cx.pages_pixels,
                cx.render_seconds * 1000);
}
