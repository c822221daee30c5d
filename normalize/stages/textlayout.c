/* textlayout.c — tables of figures from a dump that kept the page's columns (textlayout.h).
 *
 * `pdftotext -layout` writes each line of the page with its words where they stood, in
 * characters: a cell is a run of text parted from the next by two spaces or more (or by one,
 * where a figure meets a word: 2,251.50 一、…), a figure ends where its column ends, a name
 * starts where its column starts.  But its places are only near (a long name of wide
 * characters pushes what follows it along by a character or two), so columns come from the
 * rows, not from a grid:
 * - a region is a run of rows that hold a figure on one page (a blank line, a name wrapped
 *   onto the next line, a row of no figures may come between); above its first row, up to a
 *   line that says whose table it is (单位：万元, 公开03表, 部门：…) or names it (…表), its
 *   header lines.  pdftotext packs each page's columns anew, so a table that goes on over a
 *   page is read again from the next page's rows, as a part of its own;
 * - the rows' names and codes are grouped by where they start and the figures by where they
 *   end, two characters apart at most; two groups of one kind close by that never meet in a
 *   row are one column (names indented under their parent; figures a wide name pushed);
 * - a dash (-, —) stands for a blank: it goes to the figure column between its neighbours
 *   nearest to it, or, with none near, to a column of its own;
 * - the columns' order is the rows' order of their cells;
 * - the header words stack, top down, into the column they stand over (其他收 / 入 is
 *   其他收入); one over several columns of names is a level repeated over them.
 * What the dump does not settle leaves the table out, with a warning that says why, and
 * with it the parts of the same table on other pages (a part alone would be read as the
 * whole): a row whose cells do not fall in increasing columns, a row of figures without its
 * name, a header word over several columns of figures (公务用车购置及运行费 may stand over
 * two of its three) or over none, two words of one header line over one column of figures (two
 * close columns that never met in a row, taken for one), a column of figures without a header.  Nothing is placed
 * by guess.
 * Widths in ems (texttable.c's fr_text_width) decide what is a line of prose.
 */
#include "textlayout.h"

#include "fintable.h"
#include "texttable.h"

#include <string.h>

typedef enum { P_TEXT, P_CODE, P_FIG, P_DASH } PieceKind;

typedef struct {
  int s, e;             /* in characters from the line's start: [s, e) */
  char *text;           /* as the dump has it */
  PieceKind kind;
  int col;              /* its column once placed, else -1 */
} Piece;

typedef enum { L_BLANK, L_ROW, L_TEXT, L_LONE, L_OTHER } LineKind;

typedef struct {
  FrLine *line;
  GArray *pieces;       /* of Piece */
  LineKind kind;
  gboolean meta;        /* says whose table it is, its unit or its number */
} LLine;

/* most characters a header word or a wrapped name may take, in ems */
#define CELL_EMS 20
/* how far apart, in characters, cells of one column may start (names) or end (figures) */
#define NEAR 2

static void
piece_clear (Piece *p)
{
  g_free (p->text);
}

static gboolean
figure_text (const char *t)
{
  return fr_rule_test (FR_RULE_TEXT_LAYOUT_FIGURE, t);
}

/* A dash or a slash standing for a figure that does not apply: rules.def's one answer. */
static gboolean
dash_text (const char *t)
{
  return fr_rule_test (FR_RULE_NOT_APPLICABLE, t);
}

static gboolean
digits_only (const char *t)
{
  gsize n = strlen (t);
  if (n < 2 || n > 9)
    return FALSE;
  for (const char *p = t; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_figure_word (const char *t)
{
  return figure_text (t) || dash_text (t);
}

/* The cells of a line as the dump has it. */
static GArray *
split_pieces (const char *src)
{
  typedef struct {
    int s, e;
    const char *from, *to;
  } Word;
  g_autoptr (GArray) words = g_array_new (FALSE, FALSE, sizeof (Word));
  int col = 0;
  const char *p = src;
  while (*p) {
    gunichar c = g_utf8_get_char (p);
    if (c == ' ' || c == '\t') {
      /* a tab, as a terminal shows it: to the next multiple of 8 (a gap of cells) */
      col = c == ' ' ? col + 1 : (col / 8 + 1) * 8;
      p++;
      continue;
    }
    Word w = { col, col, p, p };
    while (*p) {
      c = g_utf8_get_char (p);
      if (c == ' ' || c == '\t')
        break;
      p = g_utf8_next_char (p);
      col++;
    }
    w.e = col;
    w.to = p;
    g_array_append_val (words, w);
  }
  GArray *pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_array_set_clear_func (pieces, (GDestroyNotify) piece_clear);
  guint n = words->len;
  g_autofree gboolean *fig = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n; i++) {
    Word *w = &g_array_index (words, Word, i);
    g_autofree char *t = g_strndup (w->from, (gsize) (w->to - w->from));
    fig[i] = is_figure_word (t);
  }
  guint i = 0;
  while (i < n) {
    guint j = i;
    /* one space joins words, unless a figure stands alone beside it (a figure with a word on
     * both sides at one space is inside a sentence: 委员会 2026 年) */
    while (j + 1 < n) {
      Word *a = &g_array_index (words, Word, j), *b = &g_array_index (words, Word, j + 1);
      if (b->s - a->e >= 2)
        break;
      gboolean inside_b = fig[j + 1] && !fig[j] && j + 2 < n && !fig[j + 2]
                          && g_array_index (words, Word, j + 2).s - b->e == 1;
      gboolean inside_a = fig[j] && !fig[j + 1] && j > i && !fig[j - 1];
      if ((fig[j] || fig[j + 1]) && !inside_a && !inside_b)
        break;
      j++;
    }
    Word *first = &g_array_index (words, Word, i), *last = &g_array_index (words, Word, j);
    Piece pc = { first->s, last->e, g_strndup (first->from, (gsize) (last->to - first->from)), P_TEXT, -1 };
    if (i == j && fig[i])
      pc.kind = dash_text (pc.text) ? P_DASH : P_FIG;
    g_array_append_val (pieces, pc);
    i = j + 1;
  }
  /* a code: digits alone at the start of a row, a name after them */
  if (pieces->len >= 2) {
    Piece *a = &g_array_index (pieces, Piece, 0), *b = &g_array_index (pieces, Piece, 1);
    if (a->kind == P_FIG && digits_only (a->text) && b->kind == P_TEXT)
      a->kind = P_CODE;
  }
  return pieces;
}

static float
piece_ems (const Piece *p)
{
  return fr_text_width (p->text);
}

static gboolean
is_meta_piece (const char *text)
{
  g_autofree char *s = fr_squeeze (text);
  if (fr_rule_test (FR_RULE_TABLE_META, s) || fr_rule_test (FR_RULE_TABLE_UNIT_ALONE, s))
    return TRUE;
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_BUDGET_LABEL, s);
  if (m == NULL)
    return FALSE;
  /* the number alone (公开03表, 表3), not a title that starts with one */
  gsize st, e;
  return fr_match_span (m, "label", &st, &e) && e == strlen (s);
}

static gboolean
is_title_piece (const char *text)
{
  g_autofree char *s = fr_squeeze (text);
  return fr_rule_test (FR_RULE_TABLE_CAPTION, s) && !is_meta_piece (s) && fr_text_width (s) <= 40;
}

static void
classify_line (LLine *l)
{
  guint figs = 0, dashes = 0, texts = 0;
  gboolean prose = FALSE, gap = FALSE;
  for (guint k = 0; k < l->pieces->len; k++) {
    const Piece *p = &g_array_index (l->pieces, Piece, k);
    /* a dump that kept the columns parts some cells by a run of spaces; one that only kept
     * a space between words (the seed's 帮扶地区数 1 个 1个 100%) did not */
    gap |= k > 0 && p->s - g_array_index (l->pieces, Piece, k - 1).e >= 2;
    if (p->kind == P_FIG)
      figs++;
    else if (p->kind == P_DASH)
      dashes++;
    else {
      texts++;
      prose |= piece_ems (p) > 30 || fr_rule_test (FR_RULE_TEXT_SENTENCE_END, p->text);
    }
    l->meta |= p->kind == P_TEXT && is_meta_piece (p->text);
  }
  if (l->pieces->len == 0)
    l->kind = L_BLANK;
  else if (prose)
    l->kind = L_OTHER;
  else if ((figs >= 1 || dashes >= 2) && l->pieces->len >= 2 && !l->meta && gap)
    l->kind = L_ROW;
  else if (figs == 1 && l->pieces->len == 1)
    l->kind = L_LONE;
  else
    l->kind = L_TEXT;
}

/* ---- columns ---------------------------------------------------------------------------- */

typedef struct {
  gboolean fig;
  int smin, smax, emin, emax;
  int order;            /* its place left to right, once settled */
  int merged_into;      /* -1, or the column it became part of */
} Col;

typedef struct {
  Piece *p;
  guint row;
} Ref;

static int
cmp_ref_s (gconstpointer a, gconstpointer b)
{
  const Ref *x = a, *y = b;
  return x->p->s != y->p->s ? x->p->s - y->p->s : (int) x->row - (int) y->row;
}

static int
cmp_ref_e (gconstpointer a, gconstpointer b)
{
  const Ref *x = a, *y = b;
  return x->p->e != y->p->e ? x->p->e - y->p->e : (int) x->row - (int) y->row;
}

static void
col_add (Col *c, const Piece *p)
{
  c->smin = MIN (c->smin, p->s);
  c->smax = MAX (c->smax, p->s);
  c->emin = MIN (c->emin, p->e);
  c->emax = MAX (c->emax, p->e);
}

/* Groups refs (sorted) into new columns where consecutive keys lie within NEAR. */
static void
cluster (GArray *cols, GArray *refs, gboolean fig)
{
  int prev = G_MININT / 2;
  for (guint i = 0; i < refs->len; i++) {
    Ref *r = &g_array_index (refs, Ref, i);
    int key = fig ? r->p->e : r->p->s;
    if (i == 0 || key - prev > NEAR) {
      Col c = { fig, G_MAXINT, G_MININT, G_MAXINT, G_MININT, 0, -1 };
      g_array_append_val (cols, c);
    }
    r->p->col = (int) cols->len - 1;
    col_add (&g_array_index (cols, Col, cols->len - 1), r->p);
    prev = key;
  }
}

static int
col_root (GArray *cols, int c)
{
  while (c >= 0 && g_array_index (cols, Col, c).merged_into >= 0)
    c = g_array_index (cols, Col, c).merged_into;
  return c;
}

static gboolean
meet_in_a_row (GArray *rows, GArray *cols, int a, int b)
{
  for (guint r = 0; r < rows->len; r++) {
    GArray *ps = ((LLine *) g_ptr_array_index ((GPtrArray *) rows, r))->pieces;
    gboolean in_a = FALSE, in_b = FALSE;
    for (guint k = 0; k < ps->len; k++) {
      int c = col_root (cols, g_array_index (ps, Piece, k).col);
      in_a |= c == a;
      in_b |= c == b;
    }
    if (in_a && in_b)
      return TRUE;
  }
  return FALSE;
}

/* Two columns of a kind, close and never in one row, are one: names indented under their
 * parent, figures that a long name pushed along. */
static void
merge_columns (GPtrArray *rows, GArray *cols)
{
  gboolean changed = TRUE;
  while (changed) {
    changed = FALSE;
    for (guint a = 0; a < cols->len && !changed; a++) {
      Col *ca = &g_array_index (cols, Col, a);
      if (ca->merged_into >= 0)
        continue;
      for (guint b = 0; b < cols->len && !changed; b++) {
        Col *cb = &g_array_index (cols, Col, b);
        if (a == b || cb->merged_into >= 0 || ca->fig != cb->fig)
          continue;
        /* figures whose extents overlap by half cannot be two columns of the page */
        int overlap = MIN (ca->emax, cb->emax) - MAX (ca->smin, cb->smin);
        int narrow = MIN (ca->emax - ca->smin, cb->emax - cb->smin);
        gboolean close = ca->fig ? ABS (ca->emax - cb->emax) <= 2 * NEAR || 2 * overlap >= narrow
                                 : cb->smin > ca->smax && cb->smin - ca->smax <= 4 * NEAR;
        if (!close)
          continue;
        /* nothing of the other kind stands between them */
        int lo = MIN (ca->smin, cb->smin), hi = MAX (ca->smax, cb->smax);
        gboolean between = FALSE;
        for (guint o = 0; o < cols->len && !between; o++) {
          const Col *co = &g_array_index (cols, Col, o);
          between = co->merged_into < 0 && co->fig != ca->fig && co->smin > lo && co->smin < hi;
        }
        if (between || meet_in_a_row ((GArray *) rows, cols, (int) a, (int) b))
          continue;
        cb->merged_into = (int) a;
        ca->smin = MIN (ca->smin, cb->smin);
        ca->smax = MAX (ca->smax, cb->smax);
        ca->emin = MIN (ca->emin, cb->emin);
        ca->emax = MAX (ca->emax, cb->emax);
        changed = TRUE;
      }
    }
  }
  for (guint r = 0; r < rows->len; r++) {
    GArray *ps = ((LLine *) g_ptr_array_index (rows, r))->pieces;
    for (guint k = 0; k < ps->len; k++) {
      Piece *p = &g_array_index (ps, Piece, k);
      p->col = col_root (cols, p->col);
    }
  }
}

/* A dash goes to the figure column between its neighbours' columns that is nearest to it,
 * when one is near and no other about as near; else it stays unplaced (-1). */
static void
place_dash (GArray *ps, guint k, GArray *cols)
{
  Piece *p = &g_array_index (ps, Piece, k);
  int left = -1, right = G_MAXINT;
  for (guint j = k; j > 0; j--)
    if (g_array_index (ps, Piece, j - 1).col >= 0) {
      left = g_array_index (cols, Col, g_array_index (ps, Piece, j - 1).col).order;
      break;
    }
  for (guint j = k + 1; j < ps->len; j++)
    if (g_array_index (ps, Piece, j).col >= 0) {
      right = g_array_index (cols, Col, g_array_index (ps, Piece, j).col).order;
      break;
    }
  int best = -1, best_d = G_MAXINT, second_d = G_MAXINT;
  for (guint c = 0; c < cols->len; c++) {
    const Col *co = &g_array_index (cols, Col, c);
    if (co->merged_into >= 0 || !co->fig || co->order <= left || co->order >= right)
      continue;
    int d = p->e <= co->smin ? co->smin - p->e + 1 : p->s >= co->emax ? p->s - co->emax + 1 : 0;
    if (d < best_d) {
      second_d = best_d;
      best_d = d;
      best = (int) c;
    } else if (d < second_d) {
      second_d = d;
    }
  }
  if (best >= 0 && best_d <= 3 * NEAR && second_d > best_d + NEAR)
    p->col = best;
}

/* Orders the columns as the rows have their cells (smallest start first among those no
 * row puts after another); FALSE where the rows disagree. */
static gboolean
order_columns (GPtrArray *rows, GArray *cols, guint *n_out)
{
  guint n = cols->len;
  g_autofree guint8 *before = g_new0 (guint8, (gsize) n * n);
  for (guint r = 0; r < rows->len; r++) {
    GArray *ps = ((LLine *) g_ptr_array_index (rows, r))->pieces;
    int prev = -1;
    for (guint k = 0; k < ps->len; k++) {
      int c = g_array_index (ps, Piece, k).col;
      if (c < 0)
        continue;
      if (prev >= 0 && prev != c)
        before[(guint) prev * n + (guint) c] = 1;
      prev = c;
    }
  }
  g_autofree gboolean *done = g_new0 (gboolean, n);
  guint placed = 0, live = 0;
  for (guint c = 0; c < n; c++) {
    Col *co = &g_array_index (cols, Col, c);
    co->order = -1;
    live += co->merged_into < 0;
  }
  while (placed < live) {
    int pick = -1;
    for (guint c = 0; c < n; c++) {
      const Col *co = &g_array_index (cols, Col, c);
      if (done[c] || co->merged_into >= 0)
        continue;
      gboolean free_ = TRUE;
      for (guint o = 0; o < n && free_; o++)
        free_ = done[o] || !before[o * n + c];
      if (free_ && (pick < 0 || co->smin < g_array_index (cols, Col, pick).smin))
        pick = (int) c;
    }
    if (pick < 0)
      return FALSE;
    done[pick] = TRUE;
    g_array_index (cols, Col, pick).order = (int) placed++;
  }
  *n_out = placed;
  return TRUE;
}

/* Whether a row's cells stand in increasing columns, each in one. */
static gboolean
row_settled (const LLine *l, GArray *cols)
{
  int prev = -1;
  for (guint k = 0; k < l->pieces->len; k++) {
    const Piece *p = &g_array_index (l->pieces, Piece, k);
    if (p->col < 0)
      return FALSE;
    int o = g_array_index (cols, Col, p->col).order;
    if (o <= prev)
      return FALSE;
    prev = o;
  }
  return TRUE;
}

/* A label whose figures stand only past the names of the next group (当年支出小计 over
 * 功能科目名称 | 金额 | 项目名称, its amount under the last 金额) is a merged cell: its text goes
 * into the names it spans, as the tables stage repeats a merged cell over its columns. */
static void
spread_label (GPtrArray *row, GArray *cols, const int *by_order, guint n_cols)
{
  int label = -1;           /* the last name with no figure after it yet */
  for (guint o = 0; o < n_cols; o++) {
    gboolean fig = g_array_index (cols, Col, by_order[o]).fig;
    const char *cell = g_ptr_array_index (row, o);
    if (!fig && *cell) {
      label = (int) o;
      continue;
    }
    if (!fig || !*cell)
      continue;
    /* a figure: its own names blank and a label before them with no figure of its own */
    guint k = o;
    while (k > 0 && !g_array_index (cols, Col, by_order[k - 1]).fig && !*(char *) g_ptr_array_index (row, k - 1))
      k--;
    gboolean own_blank = k < o && (int) k > label && label >= 0;
    if (own_blank) {
      gboolean figure_between = FALSE;
      for (guint j = (guint) label + 1; j < k && !figure_between; j++)
        figure_between = *(char *) g_ptr_array_index (row, j) != '\0';
      if (!figure_between)
        for (guint j = k; j < o; j++) {
          g_free (row->pdata[j]);
          row->pdata[j] = g_strdup (g_ptr_array_index (row, (guint) label));
        }
    }
    label = -1;
  }
}

/* A header line's words, a word spaced out over its cell (收      入, 项   目) as one. */
static GArray *
spaced_out (GArray *pieces)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_array_set_clear_func (out, (GDestroyNotify) piece_clear);
  for (guint k = 0; k < pieces->len; k++) {
    const Piece *p = &g_array_index (pieces, Piece, k);
    Piece w = { p->s, p->e, g_strdup (p->text), p->kind, p->col };
    gboolean single = g_utf8_strlen (p->text, -1) == 1 && fr_is_cjk (g_utf8_get_char (p->text));
    while (single && k + 1 < pieces->len) {
      const Piece *q = &g_array_index (pieces, Piece, k + 1);
      if (g_utf8_strlen (q->text, -1) != 1 || !fr_is_cjk (g_utf8_get_char (q->text)) || q->s - w.e > 8)
        break;
      char *joined = g_strconcat (w.text, q->text, NULL);
      g_free (w.text);
      w.text = joined;
      w.e = q->e;
      k++;
    }
    g_array_append_val (out, w);
  }
  return out;
}

/* ---- a region ------------------------------------------------------------------------- */

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

static char *
clean_cell (const char *text)
{
  g_autofree char *c = fr_clean_text (text);
  return g_strstrip (g_strdup (c));
}

static char *
line_cells (const LLine *l)
{
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < l->pieces->len; k++)
    g_string_append_printf (s, "%s%s", k ? " | " : "", g_array_index (l->pieces, Piece, k).text);
  return g_string_free (s, FALSE);
}

/* The column of a wrapped name's piece: the text column it starts in, if one. */
static int
wrap_column (const Piece *p, GArray *cols)
{
  int found = -1;
  for (guint c = 0; c < cols->len; c++) {
    const Col *co = &g_array_index (cols, Col, c);
    if (co->merged_into >= 0 || co->fig || p->s < co->smin - 1 || p->s > co->smax + NEAR)
      continue;
    if (found >= 0)
      return -1;
    found = (int) c;
  }
  return found;
}

typedef struct {
  FrAnalysis *an;
  LLine *lines;
  guint n;
} Ctx;

/* Builds the table of lines [top, end) whose header starts at head and rows at first. */
static FrTable *
build_region (Ctx *cx, guint title, guint top, guint head, guint first, guint end, char **why,
              char **kinds)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  for (guint i = first; i < end; i++)
    if (cx->lines[i].kind == L_ROW)
      g_ptr_array_add (rows, &cx->lines[i]);
  /* names and codes by where they start, figures by where they end */
  g_autoptr (GArray) cols = g_array_new (FALSE, FALSE, sizeof (Col));
  g_autoptr (GArray) texts = g_array_new (FALSE, FALSE, sizeof (Ref));
  g_autoptr (GArray) figs = g_array_new (FALSE, FALSE, sizeof (Ref));
  for (guint r = 0; r < rows->len; r++) {
    GArray *ps = ((LLine *) g_ptr_array_index (rows, r))->pieces;
    for (guint k = 0; k < ps->len; k++) {
      Piece *p = &g_array_index (ps, Piece, k);
      p->col = -1;
      Ref ref = { p, r };
      if (p->kind == P_TEXT || p->kind == P_CODE)
        g_array_append_val (texts, ref);
      else if (p->kind == P_FIG)
        g_array_append_val (figs, ref);
    }
  }
  g_array_sort (texts, cmp_ref_s);
  g_array_sort (figs, cmp_ref_e);
  cluster (cols, texts, FALSE);
  cluster (cols, figs, TRUE);
  merge_columns (rows, cols);
  guint n_cols = 0;
  if (!order_columns (rows, cols, &n_cols)) {
    *why = g_strdup ("its rows do not agree on the order of its columns");
    return NULL;
  }
  /* dashes: to the figure column near them, else to columns of their own */
  g_autoptr (GArray) lone = g_array_new (FALSE, FALSE, sizeof (Ref));
  for (guint r = 0; r < rows->len; r++) {
    GArray *ps = ((LLine *) g_ptr_array_index (rows, r))->pieces;
    for (guint k = 0; k < ps->len; k++)
      if (g_array_index (ps, Piece, k).kind == P_DASH) {
        place_dash (ps, k, cols);
        Ref ref = { &g_array_index (ps, Piece, k), r };
        if (ref.p->col < 0)
          g_array_append_val (lone, ref);
      }
  }
  if (lone->len) {
    g_array_sort (lone, cmp_ref_s);
    guint before = cols->len;
    int prev = G_MININT / 2;
    for (guint i = 0; i < lone->len; i++) {
      Ref *ref = &g_array_index (lone, Ref, i);
      if (i == 0 || ref->p->s - prev > NEAR) {
        Col c = { TRUE, G_MAXINT, G_MININT, G_MAXINT, G_MININT, 0, -1 };
        g_array_append_val (cols, c);
      }
      ref->p->col = (int) cols->len - 1;
      col_add (&g_array_index (cols, Col, cols->len - 1), ref->p);
      prev = ref->p->s;
    }
    if (cols->len > before && !order_columns (rows, cols, &n_cols)) {
      *why = g_strdup ("its rows do not agree on the order of its columns");
      return NULL;
    }
  }
  if (n_cols < 2) {
    *why = g_strdup ("one column");
    return NULL;
  }

  /* column by order */
  g_autofree int *by_order = g_new0 (int, n_cols);
  for (guint c = 0; c < cols->len; c++) {
    const Col *co = &g_array_index (cols, Col, c);
    if (co->merged_into < 0)
      by_order[co->order] = (int) c;
  }
  *kinds = g_new0 (char, n_cols + 1);
  for (guint o = 0; o < n_cols; o++)
    (*kinds)[o] = g_array_index (cols, Col, by_order[o]).fig ? 'f' : 'n';
  FrTable *t = fr_table_new ();
  t->method = "text-layout";
  t->n_cols = n_cols;
  t->page = cx->lines[first].line->page;

  /* header: slots between the columns' extents */
  g_autofree double *bound = g_new0 (double, n_cols + 1);
  bound[0] = -1e9;
  bound[n_cols] = 1e9;
  for (guint o = 1; o < n_cols; o++) {
    const Col *a = &g_array_index (cols, Col, by_order[o - 1]), *b = &g_array_index (cols, Col, by_order[o]);
    bound[o] = (a->emax + b->smin) / 2.0;
  }
  g_autoptr (GPtrArray) levels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) stacked = g_ptr_array_new_with_free_func (string_free);
  for (guint o = 0; o < n_cols; o++)
    g_ptr_array_add (stacked, g_string_new (NULL));
  for (guint i = head; i < first; i++) {
    const LLine *l = &cx->lines[i];
    if (l->kind == L_BLANK)
      continue;
    GPtrArray *level = NULL;
    g_autoptr (GArray) words = spaced_out (l->pieces);
    /* the column of figures each word of this line went to (-1: none yet) */
    g_autofree int *word_in = g_new (int, n_cols);
    for (guint o = 0; o < n_cols; o++)
      word_in[o] = -1;
    for (guint k = 0; k < words->len; k++) {
      const Piece *p = &g_array_index (words, Piece, k);
      guint lo = n_cols, hi = 0;
      for (guint o = 0; o < n_cols; o++) {
        double ov = MIN ((double) p->e, bound[o + 1]) - MAX ((double) p->s, bound[o]);
        if (ov >= MIN (2.0, (double) (p->e - p->s)) - 1e-9) {
          lo = MIN (lo, o);
          hi = MAX (hi, o);
        }
      }
      /* a word stands over its column: one over a gap names a column the rows left blank
       * all the way down, which the dump does not place (over names, codes, it changes no
       * figure: its words go with the names) */
      int phys_e = MAX (p->e, p->s + (int) (2 * fr_text_width (p->text) + 0.5));
      gboolean over = FALSE, figures = FALSE;
      for (guint o = lo; o <= hi && o < n_cols; o++) {
        const Col *co = &g_array_index (cols, Col, by_order[o]);
        over |= !co->fig || MIN (phys_e, co->emax + NEAR) > MAX (p->s, co->smin - NEAR);
        figures |= co->fig;
      }
      if (lo > hi || !over) {
        g_autofree char *w = clean_cell (p->text);
        *why = g_strdup_printf ("its header word %s stands over no column", w);
        fr_table_free (t);
        return NULL;
      }
      g_autofree char *text = clean_cell (p->text);
      /* a summary's side (收入 over 项目 | 金额) names the side, no column's figures: it goes
       * with the side's names */
      g_autofree char *bare = fr_squeeze (text);
      if (lo != hi && (strcmp (bare, "收入") == 0 || strcmp (bare, "支出") == 0)
          && !g_array_index (cols, Col, by_order[lo]).fig)
        hi = lo;
      /* two words of one line over one column of figures: two columns of the page whose
       * figures never met in a row were taken for one (figures a name pushed along), and
       * which figure is whose the dump does not settle */
      if (lo == hi && g_array_index (cols, Col, by_order[lo]).fig && word_in[lo] >= 0) {
        g_autofree char *other = clean_cell (g_array_index (words, Piece, (guint) word_in[lo]).text);
        *why = g_strdup_printf ("its header words %s and %s stand over one column", other, text);
        fr_table_free (t);
        return NULL;
      }
      if (lo == hi) {
        if (g_array_index (cols, Col, by_order[lo]).fig)
          word_in[lo] = (int) k;
        fr_join_append (g_ptr_array_index (stacked, lo), text);
        continue;
      }
      /* a word over several columns of figures: which ones, a dump of near places does not
       * settle (a centred 公务用车购置及运行费 may stand over two of its three) */
      if (figures) {
        *why = g_strdup_printf ("its header word %s stands over more than one column", text);
        fr_table_free (t);
        return NULL;
      }
      if (level == NULL) {
        level = g_ptr_array_new_with_free_func (g_free);
        for (guint o = 0; o < n_cols; o++)
          g_ptr_array_add (level, g_strdup (""));
        g_ptr_array_add (levels, level);
      }
      for (guint o = lo; o <= hi; o++) {
        g_free (level->pdata[o]);
        level->pdata[o] = g_strdup (text);
      }
    }
  }
  guint page = cx->lines[head < first ? head : first].line->page;
  for (guint h = 0; h < levels->len; h++) {
    GPtrArray *level = g_ptr_array_index (levels, h);
    /* a level's blank slots take the words stacked there (a header cell as tall as the
     * levels: 合计 beside 公务用车购置及运行费) */
    for (guint o = 0; o < n_cols; o++)
      if (*(char *) level->pdata[o] == '\0') {
        g_free (level->pdata[o]);
        level->pdata[o] = g_strdup (((GString *) g_ptr_array_index (stacked, o))->str);
      }
    g_ptr_array_add (t->rows, g_ptr_array_ref (level));
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (page));
  }
  gboolean any_head = FALSE;
  GPtrArray *hrow = g_ptr_array_new_with_free_func (g_free);
  for (guint o = 0; o < n_cols; o++) {
    GString *s = g_ptr_array_index (stacked, o);
    any_head |= s->len > 0;
    g_ptr_array_add (hrow, g_strdup (s->str));
  }
  if (any_head || levels->len) {
    g_ptr_array_add (t->rows, hrow);
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (page));
  } else {
    g_ptr_array_unref (hrow);
  }
  t->n_header_rows = t->rows->len;

  /* rows, and names wrapped onto the lines below them */
  for (guint i = top; i < end; i++) {
    guint pg = cx->lines[i].line->page;
    if (cx->lines[i].kind != L_BLANK
        && (t->pages->len == 0 || g_array_index (t->pages, guint, t->pages->len - 1) != pg))
      g_array_append_val (t->pages, pg);
  }
  /* the widest name of each column of names: a name as wide was cut by its cell's edge */
  g_autofree float *wide = g_new0 (float, n_cols);
  gboolean named_rows = FALSE;
  for (guint r = 0; r < rows->len; r++) {
    GArray *ps = ((LLine *) g_ptr_array_index (rows, r))->pieces;
    for (guint k = 0; k < ps->len; k++) {
      const Piece *p = &g_array_index (ps, Piece, k);
      if (p->col < 0 || g_array_index (cols, Col, p->col).fig)
        continue;
      guint o = (guint) g_array_index (cols, Col, p->col).order;
      wide[o] = MAX (wide[o], piece_ems (p));
      named_rows = TRUE;
    }
  }
  GPtrArray *last = NULL;
  const LLine *last_line = NULL;
  gboolean glued = FALSE;
  for (guint i = first; i < end; i++) {
    LLine *l = &cx->lines[i];
    if (l->kind == L_BLANK) {
      glued = FALSE;
      continue;
    }
    gboolean was_glued = glued;
    glued = TRUE;
    gboolean named = FALSE;
    for (guint k = 0; k < l->pieces->len; k++)
      named |= g_array_index (l->pieces, Piece, k).kind == P_TEXT || g_array_index (l->pieces, Piece, k).kind == P_CODE;
    if (l->kind == L_ROW && named_rows && !named) {
      /* figures beside no name: the name's lines stand above and below them, and which row
       * each belongs to the dump does not say */
      g_autofree char *cells = line_cells (l);
      *why = g_strdup_printf ("a row of figures without its name (page %u: %s)", l->line->page + 1, cells);
      fr_table_free (t);
      return NULL;
    }
    if (l->kind == L_ROW && row_settled (l, cols)) {
      GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
      for (guint o = 0; o < n_cols; o++)
        g_ptr_array_add (row, g_strdup (""));
      for (guint k = 0; k < l->pieces->len; k++) {
        const Piece *p = &g_array_index (l->pieces, Piece, k);
        guint o = (guint) g_array_index (cols, Col, p->col).order;
        g_free (row->pdata[o]);
        row->pdata[o] = clean_cell (p->text);
      }
      spread_label (row, cols, by_order, n_cols);
      g_ptr_array_add (t->rows, row);
      g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (l->line->page));
      last = row;
      last_line = l;
      continue;
    }
    if (l->kind == L_TEXT) {
      gboolean fits = TRUE;
      g_autofree int *at = g_new0 (int, l->pieces->len);
      for (guint k = 0; k < l->pieces->len && fits; k++) {
        at[k] = wrap_column (&g_array_index (l->pieces, Piece, k), cols);
        fits = at[k] >= 0;
      }
      /* the rest of a name cut at its cell's edge: glued to a row with a code (the line has
       * none), or to a name as wide as the column's widest; a numbered line (二、…) is a row */
      gboolean wrap = fits && last != NULL && was_glued;
      gboolean coded = FALSE;
      for (guint k = 0; last_line && k < last_line->pieces->len; k++)
        coded |= g_array_index (last_line->pieces, Piece, k).kind == P_CODE;
      for (guint k = 0; wrap && k < l->pieces->len; k++) {
        const Piece *p = &g_array_index (l->pieces, Piece, k);
        guint o = (guint) g_array_index (cols, Col, at[k]).order;
        int style = -1;
        g_autofree char *bare = fr_line_name (p->text, &style);
        wrap = p->kind == P_TEXT && style < 0
               && (coded || fr_text_width (last->pdata[o]) >= wide[o] - 1);
      }
      if (wrap) {
        for (guint k = 0; k < l->pieces->len; k++) {
          guint o = (guint) g_array_index (cols, Col, at[k]).order;
          GString *s = g_string_new (last->pdata[o]);
          g_autofree char *text = clean_cell (g_array_index (l->pieces, Piece, k).text);
          fr_join_append (s, text);
          g_free (last->pdata[o]);
          last->pdata[o] = g_string_free (s, FALSE);
        }
        continue;
      }
      if (fits) {
        /* a row of no figures (its amounts left blank) */
        GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
        for (guint o = 0; o < n_cols; o++)
          g_ptr_array_add (row, g_strdup (""));
        for (guint k = 0; k < l->pieces->len; k++) {
          guint o = (guint) g_array_index (cols, Col, at[k]).order;
          g_free (row->pdata[o]);
          row->pdata[o] = clean_cell (g_array_index (l->pieces, Piece, k).text);
        }
        g_ptr_array_add (t->rows, row);
        g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (l->line->page));
        last = row;
        last_line = l;
        continue;
      }
    }
    g_autofree char *cells = line_cells (l);
    *why = g_strdup_printf ("a line whose cells do not stand in its columns (page %u: %s)",
                            l->line->page + 1, cells);
    fr_table_free (t);
    return NULL;
  }
  /* every column of figures named by the header, where there is one */
  for (guint o = 0; t->n_header_rows > 0 && o < n_cols; o++) {
    gboolean named = !g_array_index (cols, Col, by_order[o]).fig;
    for (guint r = 0; r < t->n_header_rows; r++)
      named |= *(const char *) g_ptr_array_index ((GPtrArray *) g_ptr_array_index (t->rows, r), o) != '\0';
    if (!named) {
      *why = g_strdup_printf ("its column %u has no header", o + 1);
      fr_table_free (t);
      return NULL;
    }
  }
  for (guint r = 0; r < t->rows->len; r++) {
    GPtrArray *row = g_ptr_array_index (t->rows, r);
    for (guint c = 0; c < n_cols; c++) {
      FrCell cell = { g_strdup (g_ptr_array_index (row, c)), { 0, 0, 0, 0 },
                      GPOINTER_TO_UINT (g_ptr_array_index (t->row_pages, r)), r, c, 1, 1 };
      g_array_append_val (t->cells, cell);
    }
  }
  /* title and the lines that say whose table it is */
  for (guint i = top; i < head; i++) {
    const LLine *l = &cx->lines[i];
    for (guint k = 0; k < l->pieces->len; k++) {
      const Piece *p = &g_array_index (l->pieces, Piece, k);
      g_autofree char *text = clean_cell (p->text);
      if (i == title && t->title == NULL && is_title_piece (p->text))
        t->title = fr_squeeze (text);
      else if (*text)
        g_ptr_array_add (t->meta, g_steal_pointer (&text));
    }
  }
  return t;
}

/* ---- regions ---------------------------------------------------------------------------- */

static gboolean
short_cells (const LLine *l)
{
  for (guint k = 0; k < l->pieces->len; k++) {
    const Piece *p = &g_array_index (l->pieces, Piece, k);
    if (p->kind == P_FIG || piece_ems (p) > CELL_EMS)
      return FALSE;
  }
  return TRUE;
}

static gboolean
title_line (const LLine *l)
{
  if (l->pieces->len > 2)
    return FALSE;
  for (guint k = 0; k < l->pieces->len; k++)
    if (is_title_piece (g_array_index (l->pieces, Piece, k).text))
      return TRUE;
  return FALSE;
}

static gboolean
says_indicator (const LLine *l)
{
  for (guint k = 0; k < l->pieces->len; k++) {
    const Piece *p = &g_array_index (l->pieces, Piece, k);
    if (p->kind == P_TEXT && fr_rule_test (FR_RULE_TEXT_NOT_NAME, p->text))
      return TRUE;
  }
  return strstr (l->line->text, "指标") != NULL;
}

typedef struct {
  FrTable *t;           /* NULL when left out */
  char *kinds;          /* its columns, left to right: n for names and codes, f for figures */
  char *why;
  guint top, end, first;
  char *title;
} Region;

static void
region_clear (Region *r)
{
  if (r->t)
    fr_table_free (r->t);
  g_free (r->why);
  g_free (r->title);
  g_free (r->kinds);
}

static void
lline_clear (LLine *l)
{
  if (l->pieces)
    g_array_unref (l->pieces);
}

/* Whether rows at first would go on the last region: on its page or the next. */
static gboolean
continues (GArray *regions, const LLine *L, guint first)
{
  if (regions->len == 0)
    return FALSE;
  const Region *p = &g_array_index (regions, Region, regions->len - 1);
  return L[first].line->page <= L[p->end - 1].line->page + 1;
}

guint
fr_text_layout_tables (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  g_autoptr (GArray) all = g_array_new (FALSE, TRUE, sizeof (LLine));
  g_array_set_clear_func (all, (GDestroyNotify) lline_clear);
  guint rows = 0;
  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *line = g_ptr_array_index (page->lines, i);
      /* page numbers and running heads are not in the way of a table going on */
      if (line->kind == FR_LINE_PAGE_NUMBER || line->kind == FR_LINE_RUNNING)
        continue;
      /* made in place: the array owns its pieces from the start */
      g_array_set_size (all, all->len + 1);
      LLine *l = &g_array_index (all, LLine, all->len - 1);
      l->line = line;
      l->kind = L_OTHER;
      if (line->kind == FR_LINE_BODY) {
        l->pieces = split_pieces (line->source_text ? line->source_text : line->text);
        classify_line (l);
      } else {
        l->pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
      }
      rows += l->kind == L_ROW;
    }
  }
  if (rows == 0)
    return 0;
  Ctx cx = { an, (LLine *) (void *) all->data, all->len };
  LLine *L = cx.lines;
  guint n = cx.n, added = 0;
  g_autoptr (GArray) regions = g_array_new (FALSE, TRUE, sizeof (Region));
  g_array_set_clear_func (regions, (GDestroyNotify) region_clear);
  for (guint i = 0; i < n; i++) {
    if (L[i].kind != L_ROW)
      continue;
    guint first = i, last = i, blanks = 0;
    for (guint j = i + 1; j < n; j++) {
      LineKind k = L[j].kind;
      /* a page is laid out on its own (pdftotext packs each page's columns as its widest
       * line needs): a table that goes on is read again from the next page's rows */
      if (k != L_BLANK && L[j].line->page != L[last].line->page)
        break;
      if (k == L_ROW) {
        last = j;
        blanks = 0;
        continue;
      }
      if (k == L_BLANK) {
        blanks++;
        continue;
      }
      gboolean cells = k == L_TEXT && !L[j].meta && short_cells (&L[j]) && !title_line (&L[j]);
      if (blanks == 0 && (cells || k == L_LONE)) {
        /* the rest of a name, or a row of no figures, glued to the rows */
        last = j;
        continue;
      }
      /* a gap of lines ends the table; a row of no figures after a blank line goes on it if
       * rows of figures follow (it is taken then with them), in a table that leaves a
       * blank line between rows */
      if (blanks > 2 || !cells)
        break;
      blanks = 0;
    }
    guint end = last + 1;
    /* above: the header, then what says whose table it is, then its title */
    guint head = first, top = first, title = G_MAXUINT, seen = 0, blank_run = 0, n_rows = 0, figs = 0;
    gboolean meta = FALSE, indicator = FALSE;
    for (guint k = first; k > 0 && seen < 12; k--) {
      const LLine *u = &L[k - 1];
      if (u->kind == L_BLANK) {
        if (++blank_run > 2)
          break;
        continue;
      }
      blank_run = 0;
      seen++;
      if (u->line->page != L[first].line->page || (u->kind != L_TEXT && u->kind != L_OTHER))
        break;
      if (title_line (u)) {
        title = top = k - 1;
        /* its number on a line of its own above it (表4, a blank line between) */
        for (guint a = k - 1; a > 0 && a + 3 >= k; a--) {
          if (L[a - 1].kind == L_BLANK)
            continue;
          if (L[a - 1].kind == L_TEXT && L[a - 1].meta && L[a - 1].line->page == u->line->page)
            top = a - 1;
          break;
        }
        break;
      }
      if (u->kind == L_TEXT && u->meta) {
        meta = TRUE;
        top = k - 1;
        continue;
      }
      if (!meta && u->kind == L_TEXT && short_cells (u)) {
        head = top = k - 1;
        continue;
      }
      break;
    }
    /* an indicator table (its header on the page before, 指标 or a target ≥95% in its rows)
     * is the indicator reader's */
    for (guint k = top; k < end; k++)
      indicator |= L[k].kind != L_BLANK && says_indicator (&L[k]);
    for (guint k = first; k < end; k++)
      if (L[k].kind == L_ROW) {
        n_rows++;
        for (guint q = 0; q < L[k].pieces->len; q++)
          figs += g_array_index (L[k].pieces, Piece, q).kind == P_FIG;
      }
    gboolean headed = title != G_MAXUINT || meta || head < first;
    if (indicator || (!headed && n_rows < 3 && !continues (regions, L, first))) {
      i = end - 1;
      continue;
    }
    if ((n_rows < 2 && figs < 2) || !headed) {
      /* rows under no header: a table's continuation, or nothing settled */
      if (!headed && n_rows < 3) {
        Region rg = { NULL, NULL, g_strdup ("too few rows to settle its columns"), top, end, first, NULL };
        g_array_append_val (regions, rg);
        i = end - 1;
        continue;
      }
    }
    char *why = NULL, *kinds = NULL;
    FrTable *t = build_region (&cx, title, top, head, first, end, &why, &kinds);
    if (t != NULL && t->rows->len <= t->n_header_rows) {
      fr_table_free (t);
      t = NULL;
    }
    Region rg = { t, kinds, why ? why : g_strdup ("no rows"), top, end, first,
                  title != G_MAXUINT ? fr_squeeze (L[title].line->text) : NULL };
    g_array_append_val (regions, rg);
    i = end - 1;
  }
  /* a table goes on in the regions after it that are untitled or titled as it is; one left
   * out takes them all with it: a part alone would be read as the whole */
  guint c0 = 0;
  while (c0 < regions->len) {
    Region *head_rg = &g_array_index (regions, Region, c0);
    guint c1 = c0 + 1;
    while (c1 < regions->len) {
      const Region *r = &g_array_index (regions, Region, c1);
      const Region *p = &g_array_index (regions, Region, c1 - 1);
      if ((r->title != NULL && g_strcmp0 (r->title, head_rg->title) != 0)
          || L[r->first].line->page > L[p->end - 1].line->page + 1)
        break;
      c1++;
    }
    const Region *bad = NULL;
    for (guint k = c0; k < c1 && bad == NULL; k++) {
      const Region *r = &g_array_index (regions, Region, k);
      if (r->t == NULL || (r->title == NULL && k > c0 && head_rg->t && g_strcmp0 (r->kinds, head_rg->kinds) != 0))
        bad = r;
    }
    for (guint k = c0; k < c1; k++) {
      Region *r = &g_array_index (regions, Region, k);
      if (bad != NULL) {
        if (r == bad)
          fr_analysis_warn (an, "text table, page %u: a table of figures left out%s: %s",
                            L[r->first].line->page + 1, c1 - c0 > 1 ? " with its continuations" : "",
                            r->t == NULL ? r->why : "its continuation has other columns");
        g_clear_pointer (&r->t, fr_table_free);
        continue;
      }
      FrBlock *blk = fr_block_new (FR_BLOCK_TABLE, L[r->top].line->page);
      for (guint k2 = r->top; k2 < r->end; k2++) {
        FrLine *line = L[k2].line;
        if (L[k2].kind == L_BLANK)
          continue;
        line->kind = FR_LINE_TABLE;
        line->rule = "text-layout";
        g_ptr_array_add (blk->lines, line);
        blk->last_page = line->page;
      }
      blk->table = g_steal_pointer (&r->t);
      blk->rule = "text-layout";
      g_ptr_array_add (an->blocks, blk);
      g_ptr_array_add (an->tables, blk->table);
      added++;
    }
    c0 = c1;
  }
  return added;
}

static gint
cmp_table_first (gconstpointer a, gconstpointer b, gpointer first)
{
  guint x = GPOINTER_TO_UINT (g_hash_table_lookup (first, *(FrTable *const *) a));
  guint y = GPOINTER_TO_UINT (g_hash_table_lookup (first, *(FrTable *const *) b));
  return x < y ? -1 : x > y;
}

void
fr_text_layout_sort (FrAnalysis *an)
{
  g_autoptr (GHashTable) at = g_hash_table_new (NULL, NULL);
  guint n = 0;
  for (guint p = 0; p < an->doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (an->doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++)
      g_hash_table_insert (at, g_ptr_array_index (page->lines, i), GUINT_TO_POINTER (++n));
  }
  g_autoptr (GHashTable) first = g_hash_table_new (NULL, NULL);
  for (guint b = 0; b < an->blocks->len; b++) {
    const FrBlock *blk = g_ptr_array_index (an->blocks, b);
    if (blk->table && blk->lines->len)
      g_hash_table_insert (first, blk->table, g_hash_table_lookup (at, g_ptr_array_index (blk->lines, 0)));
  }
  g_ptr_array_sort_with_data (an->tables, cmp_table_first, first);
}
