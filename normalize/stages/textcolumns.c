/* textcolumns.c — indicator tables that a dump prints a column at a time (textcolumns.h).
 *
 * What pdftotext's default mode does with a ruled Word table, page by page: the merged
 * category cells first, then the names, one line per printed line, then the value columns in
 * runs (blank lines between them): a run of targets, the actual values of the same rows, their
 * rates, and again for the next rows; a run is cut where a row is taller than its cell, and a
 * rate it could not chain to its row comes after the table's last run.  Nothing in the dump
 * says where a wrapped cell ends, so the rows are rebuilt by order and counts:
 * - each value run holds whole cells; a line that is a value alone (23个, ≥98%, 合格) is one
 *   cell; a text line ends its cell for sure when the next line's first unbreakable piece
 *   would have fitted on it (the column's width is its widest line), never when the next line
 *   opens with a mark that cannot start a line, and maybe otherwise;
 * - the runs go to the value columns in turn, and the runs of one turn hold as many cells:
 *   the rates (one line each) count them; a turn short of rates takes them, in order, from the
 *   rate runs left after the last turn (pdftotext prints the first row's rate with its turn).
 *   Where no turn-taking fits, a run goes to the column that lags behind the others (a column
 *   printed for more rows in one turn than the others, which catch up later), and each
 *   column must then make as many cells as there are rates;
 * - the names, read as one column (merged cells and names printed after the values too),
 *   must make as many cells as there are rows, each of two characters or more; a row after
 *   which every value column's run is cut is taller than its values, so its name has more
 *   lines than the tallest of them;
 * - a cell is taken only where every split that gives the counts agrees on it; a row with a
 *   cell in doubt is left out with a warning, and a page whose counts or values disagree (a
 *   rate far from actual/target, units that differ) is left out whole;
 * - a category is put on rows only where the order settles it: the one category of its level
 *   on the table's first page, or a level without any on a later page (the cell goes on from
 *   the page before); otherwise it is left empty, with a warning.
 */
#include "textcolumns.h"

#include <math.h>
#include <string.h>

#include "values.h"

#define MAX_LINES 400   /* lines of one page's table that are read (a page holds fewer) */
#define MAX_LEVELS 2    /* category levels told apart by their words */
#define MAX_COLS 8      /* value columns */
#define RATE_SLACK 10.0 /* points a rate may stand from actual/target (rounding, a report's slip) */

typedef enum { LN_TEXT, LN_VALUE } LnKind;

/* A line of one page's table, header words left out. */
typedef struct {
  FrLine *line;
  char *text;
  LnKind kind;
  float width;
  guint flow;            /* the run it belongs to */
} Ln;

/* A column's run of lines: [first, first + n) of the page's Ln. */
typedef struct {
  guint first, n;
} Run;

typedef enum { CUT_NEVER, CUT_MAYBE, CUT_SURE } Cut;

typedef struct {
  FrAnalysis *an;
  guint page;
  GArray *lns;          /* Ln */
  gboolean first_page;  /* the header is on it */
  guint levels;         /* category columns */
  char *carry[MAX_LEVELS];   /* the category of the last row of the page before, or NULL */
} Page;

static void
ln_clear (gpointer p)
{
  g_free (((Ln *) p)->text);
}

static gboolean
is_value (const char *text)
{
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_TEXT_VALUE_TAIL, text);
  gsize s, e;
  return m != NULL && fr_match_span (m, NULL, &s, &e) && s == 0 && e == strlen (text) && e > 0;
}

/* A rate: a percentage, or a dash where there is none */
static gboolean
is_rate (const char *text)
{
  return is_value (text) && (strchr (text, '%') || strstr (text, "‰") || fr_rule_test (FR_RULE_NOT_APPLICABLE, text));
}

/* Does a cell never start with this text (a closing mark pdftotext kept at a line's start)? */
static gboolean
no_start (const char *text)
{
  static const char *const marks[] = { "，", "。", "、", "；", "：", "）", "》", "”", "’", ",", ".", ")", "%" };
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (g_str_has_prefix (text, marks[i]))
      return TRUE;
  return FALSE;
}

/* The width of the piece a line starts with that a line cannot break inside: a number or
 * Latin word, or one character, with a closing mark after it (kept with it on a line). */
static float
lead_piece (const char *text)
{
  float w = 0;
  const char *p = text;
  while (*p && (g_ascii_isalnum (*p) || *p == '.' || *p == ',' || *p == '%' || *p == ' ')) {
    w += *p == ' ' ? 0.25f : 0.5f;
    p++;
  }
  if (p == text && *p) {
    gunichar c = g_utf8_get_char (p);
    w = (g_unichar_iswide (c) || fr_is_cjk (c) || fr_is_cjk_punct (c)) ? 1.0f : 0.5f;
    p = g_utf8_next_char (p);
  }
  if (*p && no_start (p))
    w += 1.0f;
  return w;
}

/* The cut after line i of a run of lines ([first, first + n) of lns), in a column width wide. */
static Cut
cut_after (const Ln *l, guint i, guint last, float width)
{
  if (i + 1 >= last || l[i].flow != l[i + 1].flow)
    return CUT_SURE;
  if (l[i].kind == LN_VALUE || l[i + 1].kind == LN_VALUE)
    return CUT_SURE;
  if (no_start (l[i + 1].text))
    return CUT_NEVER;
  /* the next line's first piece would have fitted: the cell ended here */
  if (lead_piece (l[i + 1].text) <= width - l[i].width + 0.05f)
    return CUT_SURE;
  return CUT_MAYBE;
}

/* How many cells a run of lines can make: [lo, hi]. */
static void
cell_range (const Ln *l, guint first, guint n, float width, guint *lo, guint *hi)
{
  *lo = *hi = 1;
  for (guint i = first; i + 1 < first + n; i++) {
    Cut c = cut_after (l, i, first + n, width);
    *lo += c == CUT_SURE;
    *hi += c != CUT_NEVER;
  }
}

/* Splits lines [first, first + n) into k cells; returns k strings, NULL where the split is in
 * doubt (cells that every split into k agrees on are given), or NULL when no split gives k.
 * Cell c holds at least least[c] lines (least NULL: any) and, when min_chars, that many
 * characters; lines_of[c] is set to the lines of each cell given (0 in doubt) when not NULL. */
static char **
split_cells (const Ln *l, guint first, guint n, float width, guint k, const guint *least,
             guint min_chars, guint *lines_of)
{
  if (n == 0 || k == 0 || k > n)
    return NULL;
  g_autofree Cut *cut = g_new (Cut, n + 1);
  for (guint i = 0; i < n; i++)
    cut[i + 1] = i + 1 < n ? cut_after (l, first + i, first + n, width) : CUT_SURE;
  /* fw[p * (k + 1) + c]: c cells end at position p; bw: from (p, c) the end is reached with k */
  gsize sz = (gsize) (n + 1) * (k + 1);
  g_autofree gboolean *fw = g_new0 (gboolean, sz);
  g_autofree gboolean *bw = g_new0 (gboolean, sz);
  /* chars[p]: characters in lines [0, p) */
  g_autofree guint *chars = g_new0 (guint, n + 1);
  for (guint i = 0; i < n; i++)
    chars[i + 1] = chars[i] + (guint) g_utf8_strlen (l[first + i].text, -1);
#define CELL_OK(a, b, c) ((least == NULL || (b) - (a) >= least[c]) && chars[b] - chars[a] >= min_chars)
  fw[0] = TRUE;
  for (guint b = 1; b <= n; b++) {
    if (cut[b] == CUT_NEVER)
      continue;
    for (guint a = b; a-- > 0;) {
      for (guint c = 0; c < k; c++)
        if (fw[a * (k + 1) + c] && CELL_OK (a, b, c))
          fw[b * (k + 1) + c + 1] = TRUE;
      if (a > 0 && cut[a] == CUT_SURE)
        break;   /* a cell holds no sure cut */
    }
  }
  bw[n * (k + 1) + k] = TRUE;
  for (guint a = n; a-- > 0;) {
    if (a > 0 && cut[a] == CUT_NEVER)
      continue;
    for (guint b = a + 1; b <= n; b++) {
      if (cut[b] != CUT_NEVER)
        for (guint c = 0; c < k; c++)
          if (bw[b * (k + 1) + c + 1] && CELL_OK (a, b, c))
            bw[a * (k + 1) + c] = TRUE;
      if (cut[b] == CUT_SURE)
        break;
    }
  }
#undef CELL_OK
  if (!fw[n * (k + 1) + k])
    return NULL;
  /* where cell c may start: one place only, or the cell is in doubt */
  g_autofree int *at = g_new (int, k + 1);
  for (guint c = 0; c <= k; c++) {
    at[c] = -1;
    for (guint p = 0; p <= n; p++)
      if (fw[p * (k + 1) + c] && bw[p * (k + 1) + c])
        at[c] = at[c] == -1 ? (int) p : -2;
  }
  char **cells = g_new0 (char *, k + 1);
  for (guint c = 0; c < k; c++) {
    if (lines_of)
      lines_of[c] = 0;
    if (at[c] < 0 || at[c + 1] < 0)
      continue;
    if (lines_of)
      lines_of[c] = (guint) (at[c + 1] - at[c]);
    GString *s = g_string_new (NULL);
    for (int p = at[c]; p < at[c + 1]; p++)
      fr_join_append (s, l[first + p].text);
    cells[c] = g_string_free (s, FALSE);
  }
  return cells;
}

static float
run_width (const Ln *l, const Run *runs, guint n_runs)
{
  float w = 0;
  for (guint r = 0; r < n_runs; r++)
    for (guint i = runs[r].first; i < runs[r].first + runs[r].n; i++)
      w = MAX (w, l[i].width);
  return w;
}

/* Category cells of a run: its lines cut into whole category words (数量指 / 标 / 质量指 / 标),
 * the longest word first; FALSE when the run is not made of them. */
static gboolean
category_split (const Ln *l, guint i, guint end, GPtrArray *out)
{
  if (i == end)
    return TRUE;
  for (guint j = MIN (end, i + 4); j > i; j--) {
    GString *acc = g_string_new (NULL);
    gboolean text = TRUE;
    for (guint q = i; q < j; q++) {
      text &= l[q].kind == LN_TEXT && g_utf8_strlen (l[q].text, -1) <= 8;
      fr_join_append (acc, l[q].text);
    }
    if (text && fr_rule_test (FR_RULE_TEXT_CATEGORY, acc->str)) {
      guint at = out->len;
      g_ptr_array_add (out, g_string_free (acc, FALSE));
      if (category_split (l, j, end, out))
        return TRUE;
      g_ptr_array_set_size (out, at);
    } else {
      g_string_free (acc, TRUE);
    }
  }
  return FALSE;
}

static gboolean
category_cells (const Ln *l, const Run *run, GPtrArray *out)
{
  guint at = out->len;
  if (run->n <= 16 && category_split (l, run->first, run->first + run->n, out))
    return TRUE;
  g_ptr_array_set_size (out, at);
  return FALSE;
}

static guint
category_level (const Page *pg, const char *text)
{
  if (pg->levels < 2)
    return 0;
  return fr_rule_test (FR_RULE_TEXT_CATEGORY_TOP, text) ? 0 : 1;
}

/* Does a row hold together: a rate near actual/target, units that agree? */
static gboolean
row_agrees (const char *target, const char *actual, const char *rate)
{
  if (!is_rate (rate))
    return FALSE;
  FrValue t, a, r;
  gboolean ht = fr_value_parse (target, &t), ha = fr_value_parse (actual, &a);
  if (ht && ha && t.unit[0] && a.unit[0] && strcmp (t.unit, a.unit) != 0)
    return FALSE;
  if (ht && ha && fr_value_parse (rate, &r) && strcmp (r.unit, "%") == 0 && t.cmp == FR_CMP_NONE
      && t.number > 0 && strcmp (t.unit, "%") != 0) {
    double want = a.number / t.number * 100.0;
    if (fabs (want - r.number) > RATE_SLACK && fabs (MIN (want, 100.0) - r.number) > RATE_SLACK)
      return FALSE;
  }
  return TRUE;
}

typedef struct {
  char **cells;    /* K categories, name, the value columns; NULL where in doubt */
  guint n;
  guint page;
} Row;

static void
cells_free (char **cells, guint n)
{
  for (guint i = 0; cells && i < n; i++)
    g_free (cells[i]);
  g_free (cells);
}

static void
row_clear (gpointer p)
{
  cells_free (((Row *) p)->cells, ((Row *) p)->n);
}

/* The value runs read another way: pdftotext printed a column's run for more rows than the
 * other columns' runs of the same turn, and caught up later.  Each run goes to the first
 * column, from the one after the last run's, that lags behind the others and can take it
 * (a rate column takes rates alone); when none lags, to the next in turn.  Every column must
 * then make as many cells as the others; returns the rows made (names NULL) and each row's
 * fewest lines in *least, or 0. */
static guint
read_by_lag (Page *pg, const Run *vr, guint m, guint n_cols, GArray *rows, guint **least)
{
  const Ln *l = (const Ln *) pg->lns->data;
  GArray *col[MAX_COLS] = { NULL };
  guint count[MAX_COLS] = { 0 };
  float width[MAX_COLS] = { 0 };
  if (n_cols < 2 || n_cols > MAX_COLS)
    return 0;
  for (guint c = 0; c < n_cols; c++)
    col[c] = g_array_new (FALSE, FALSE, sizeof (Ln));
  guint next = 0, total = 0;
  gboolean ok = TRUE;
  for (guint r = 0; r < m && ok; r++) {
    gboolean rates = TRUE;
    for (guint i = vr[r].first; i < vr[r].first + vr[r].n; i++)
      rates &= l[i].kind == LN_VALUE && is_rate (l[i].text);
    guint top = 0;
    for (guint c = 0; c < n_cols; c++)
      top = MAX (top, count[c]);
    guint pick = G_MAXUINT;
    for (guint d = 0; d < n_cols && pick == G_MAXUINT; d++) {
      guint c = (next + d) % n_cols;
      if (count[c] < top && (rates || c + 1 < n_cols))
        pick = c;
    }
    for (guint d = 0; d < n_cols && pick == G_MAXUINT; d++) {
      guint c = (next + d) % n_cols;
      if (rates || c + 1 < n_cols)
        pick = c;
    }
    if (pick >= n_cols) {
      ok = FALSE;
      break;
    }
    g_array_append_vals (col[pick], l + vr[r].first, vr[r].n);
    width[pick] = MAX (width[pick], run_width (l, &vr[r], 1));
    guint lo, hi;
    cell_range (l, vr[r].first, vr[r].n, width[pick], &lo, &hi);
    count[pick] += lo;
    next = (pick + 1) % n_cols;
  }
  total = count[n_cols - 1];
  /* the rates are one line each: they count the rows */
  for (guint i = 0; i < col[n_cols - 1]->len; i++)
    ok &= g_array_index (col[n_cols - 1], Ln, i).kind == LN_VALUE;
  char **cells[MAX_COLS] = { NULL };
  guint *starts[MAX_COLS] = { NULL };
  for (guint c = 0; c < n_cols && ok && total > 0; c++) {
    starts[c] = g_new0 (guint, total);
    cells[c] = split_cells ((const Ln *) col[c]->data, 0, col[c]->len, width[c], total, NULL, 0, starts[c]);
    ok &= cells[c] != NULL;
  }
  if (ok && total > 0) {
    guint K = pg->levels;
    *least = g_new (guint, total);
    for (guint g = 0; g < total; g++) {
      Row row = { g_new0 (char *, K + 1 + n_cols), K + 1 + n_cols, l[0].line->page };
      for (guint c = 0; c < K; c++)
        row.cells[c] = g_strdup ("");
      guint cuts = 0, tallest = 0;
      for (guint c = 0; c < n_cols; c++) {
        row.cells[K + 1 + c] = g_strdup (cells[c][g]);
        /* the lines before cells g and g + 1, when both are known, say whether they share a run */
        guint at = 0;
        gboolean known = TRUE;
        for (guint q = 0; q <= g && known; q++) {
          known = starts[c][q] > 0;
          at += starts[c][q];
        }
        if (known && g + 1 < total && starts[c][g + 1] > 0) {
          const Ln *a = &g_array_index (col[c], Ln, at - starts[c][g]);
          const Ln *b = &g_array_index (col[c], Ln, at);
          cuts += a->flow != b->flow;
          tallest = MAX (tallest, starts[c][g]);
        }
      }
      /* cut after it in every column: the row is taller than its values, the name makes it so */
      (*least)[g] = cuts == n_cols ? tallest + 1 : 0;
      g_array_append_val (rows, row);
    }
  } else {
    total = 0;
  }
  for (guint c = 0; c < n_cols; c++) {
    cells_free (cells[c], count[n_cols - 1]);
    g_free (starts[c]);
    g_array_unref (col[c]);
  }
  return total;
}

/* Reads one page's part of the table into rows; FALSE (with a warning) when it is printed
 * column by column but the counts or values disagree; *seen says whether it was. */
static gboolean
read_page (Page *pg, guint n_cols, GArray *rows, gboolean *seen)
{
  const Ln *l = (const Ln *) pg->lns->data;
  guint n = pg->lns->len;
  *seen = FALSE;
  if (n_cols < 2 || n_cols > MAX_COLS)
    return TRUE;
  g_autoptr (GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  for (guint i = 0; i < n; i++) {
    if (runs->len == 0 || g_array_index (runs, Run, runs->len - 1).first + g_array_index (runs, Run, runs->len - 1).n != i
        || l[i].flow != l[i - 1].flow) {
      Run r = { i, 0 };
      g_array_append_val (runs, r);
    }
    g_array_index (runs, Run, runs->len - 1).n++;
  }
  const Run *rn = (const Run *) runs->data;
  guint n_runs = runs->len;
  /* the runs before the first one holding a value: categories, then names */
  guint v0 = 0;
  for (; v0 < n_runs; v0++) {
    gboolean value = FALSE;
    for (guint i = rn[v0].first; i < rn[v0].first + rn[v0].n; i++)
      value |= l[i].kind == LN_VALUE;
    if (value)
      break;
  }
  /* and after the last: the merged cells and the names pdftotext kept for the end */
  guint v1 = n_runs;
  for (; v1 > v0; v1--) {
    gboolean value = FALSE;
    for (guint i = rn[v1 - 1].first; i < rn[v1 - 1].first + rn[v1 - 1].n; i++)
      value |= l[i].kind == LN_VALUE;
    if (value)
      break;
  }
  guint m = v1 - v0;
  if (v0 == 0 || m < n_cols)
    return TRUE;   /* not this layout */
  *seen = TRUE;
  g_autoptr (GPtrArray) cats = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) names = g_array_new (FALSE, FALSE, sizeof (Run));
  for (guint r = 0; r < v0; r++)
    if (names->len > 0 || !category_cells (l, &rn[r], cats))
      g_array_append_val (names, rn[r]);
  gboolean late_names = FALSE;
  for (guint r = v1; r < n_runs; r++)
    if (late_names || !category_cells (l, &rn[r], cats)) {
      g_array_append_val (names, rn[r]);
      late_names = TRUE;
    }
  if (names->len == 0) {
    fr_analysis_warn (pg->an, "text table, page %u: printed column by column, but no names found: left out",
                      pg->page + 1);
    return FALSE;
  }

  /* the value runs, a turn of n_cols at a time; rate runs left at the end fill the turns
   * short of rates */
  const Run *vr = rn + v0;
  guint trailing = 0;
  for (guint r = m; r-- > 0;) {
    gboolean rates = TRUE;
    for (guint i = vr[r].first; i < vr[r].first + vr[r].n; i++)
      rates &= l[i].kind == LN_VALUE && is_rate (l[i].text);
    if (!rates)
      break;
    trailing++;
  }
  float width[MAX_COLS] = { 0 };
  guint left = G_MAXUINT;
  g_autofree guint *k = NULL, *have = NULL;
  guint turns = 0;
  for (guint t = 0; t <= trailing && left == G_MAXUINT; t++) {
    if ((m - t) % n_cols != 0)
      continue;
    turns = (m - t) / n_cols;
    g_free (k);
    g_free (have);
    k = g_new0 (guint, turns);
    have = g_new0 (guint, turns);
    for (guint c = 0; c < n_cols; c++) {
      g_autoptr (GArray) col = g_array_new (FALSE, FALSE, sizeof (Run));
      for (guint b = 0; b < turns; b++)
        g_array_append_val (col, vr[b * n_cols + c]);
      width[c] = run_width (l, (const Run *) col->data, col->len);
    }
    guint need = 0, spare = 0;
    gboolean ok = TRUE;
    for (guint b = 0; b < turns && ok; b++) {
      const Run *rate = &vr[b * n_cols + n_cols - 1];
      for (guint i = rate->first; i < rate->first + rate->n; i++)
        ok &= l[i].kind == LN_VALUE;
      guint lo = 1, hi = G_MAXUINT;
      for (guint c = 0; c + 1 < n_cols; c++) {
        guint a, z;
        cell_range (l, vr[b * n_cols + c].first, vr[b * n_cols + c].n, width[c], &a, &z);
        lo = MAX (lo, a);
        hi = MIN (hi, z);
      }
      have[b] = rate->n;
      if (lo > hi || rate->n > hi)
        ok = FALSE;
      k[b] = MAX (lo, rate->n);
      need += k[b] - rate->n;
    }
    for (guint r = m - t; r < m; r++)
      spare += vr[r].n;
    if (ok && need == spare)
      left = t;
  }
  guint total = 0;
  g_autofree guint *least = NULL;
  guint K = pg->levels, first_row = rows->len, width_row = K + 1 + n_cols;
  if (left == G_MAXUINT) {
    total = read_by_lag (pg, vr, m, n_cols, rows, &least);
    if (total == 0) {
      fr_analysis_warn (pg->an, "text table, page %u: printed column by column, but its runs of values "
                        "do not hold as many cells each: left out", pg->page + 1);
      return FALSE;
    }
    goto names;
  }
  for (guint b = 0; b < turns; b++)
    total += k[b];
  /* the rows, turn by turn; the rates a turn lacks come from the runs after the last */
  guint spare_at = left ? vr[(gsize) turns * n_cols].first : 0, spare_end = left ? vr[m - 1].first + vr[m - 1].n : 0;
  /* a row after which every column's run is cut is taller than its values (pdftotext starts a
   * block where the gap to the line above is wider than a line's): its name makes it so, a
   * category cell spanning rows cannot.  (Two cells in one run say nothing: pdftotext chains
   * blocks into one run.) */
  least = g_new0 (guint, total);
  guint g = 0;
  for (guint b = 0; b < turns; b++) {
    char **col_cells[MAX_COLS] = { NULL };
    g_autofree guint *lines_of = g_new0 (guint, (gsize) k[b] * n_cols);
    for (guint c = 0; c + 1 < n_cols; c++)
      col_cells[c] = split_cells (l, vr[b * n_cols + c].first, vr[b * n_cols + c].n, width[c], k[b], NULL, 0,
                                  lines_of + (gsize) c * k[b]);
    const Run *rate = &vr[b * n_cols + n_cols - 1];
    for (guint j = 0; j < k[b]; j++, g++) {
      Row row = { g_new0 (char *, width_row), width_row, l[0].line->page };
      for (guint c = 0; c + 1 < n_cols; c++)
        row.cells[K + 1 + c] = col_cells[c] ? g_strdup (col_cells[c][j]) : NULL;
      gboolean rate_cut = j + 1 >= have[b];
      if (j + 1 == k[b] && b + 1 < turns && rate_cut) {
        guint tallest = 1;
        for (guint c = 0; c + 1 < n_cols; c++)
          tallest = lines_of[c * k[b] + j] == 0 ? G_MAXUINT : MAX (tallest, lines_of[c * k[b] + j]);
        least[g] = tallest == G_MAXUINT ? 0 : tallest + 1;
      }
      if (j < have[b]) {
        row.cells[K + n_cols] = g_strdup (l[rate->first + j].text);
      } else {
        /* the spare runs are rates alone (counted above), taken in order */
        row.cells[K + n_cols] = spare_at < spare_end ? g_strdup (l[spare_at++].text) : NULL;
      }
      for (guint c = 0; c < K; c++)
        row.cells[c] = g_strdup ("");
      g_array_append_val (rows, row);
    }
    for (guint c = 0; c + 1 < n_cols; c++)
      cells_free (col_cells[c], k[b]);
  }

names:;
  /* the names: one column, as many cells as rows */
  g_autoptr (GArray) name_lns = g_array_new (FALSE, FALSE, sizeof (Ln));
  for (guint r = 0; r < names->len; r++) {
    const Run *nr = &g_array_index (names, Run, r);
    g_array_append_vals (name_lns, l + nr->first, nr->n);
  }
  float name_width = run_width (l, (const Run *) names->data, names->len);
  char **name_cells = split_cells ((const Ln *) name_lns->data, 0, name_lns->len, name_width, total, least, 2, NULL);
  if (name_cells == NULL) {
    fr_analysis_warn (pg->an, "text table, page %u: printed column by column, but its names do not make "
                      "%u rows: left out", pg->page + 1, total);
    g_array_set_size (rows, first_row);
    return FALSE;
  }
  for (guint r = 0; r < total; r++)
    g_array_index (rows, Row, first_row + r).cells[K] = g_strdup (name_cells[r]);
  cells_free (name_cells, total);

  /* every row that is whole must hold together, or the page was read wrong */
  for (guint r = first_row; r < rows->len; r++) {
    char **c = g_array_index (rows, Row, r).cells;
    gboolean whole = c[K] != NULL;
    for (guint i = K + 1; i <= K + n_cols; i++)
      whole &= c[i] != NULL;
    if (whole && c[K] && (!row_agrees (c[K + 1], c[K + 2], c[K + 3])
                  || is_value (c[K]) || fr_rule_test (FR_RULE_TEXT_CATEGORY, c[K]))) {
      fr_analysis_warn (pg->an, "text table, page %u: printed column by column, but a row read from it "
                        "does not hold together (%s | %s | %s): left out", pg->page + 1, c[K], c[K + 1],
                        c[K + n_cols]);
      g_array_set_size (rows, first_row);
      return FALSE;
    }
  }

  /* categories, where the order settles them */
  for (guint lv = 0; lv < K && lv < MAX_LEVELS; lv++) {
    const char *one = NULL;
    guint count = 0;
    for (guint i = 0; i < cats->len; i++)
      if (category_level (pg, g_ptr_array_index (cats, i)) == lv) {
        one = g_ptr_array_index (cats, i);
        count++;
      }
    const char *put = NULL;
    if (count == 1 && pg->first_page)
      put = one;
    else if (count == 0 && !pg->first_page)
      put = pg->carry[lv];
    for (guint r = first_row; r < rows->len && put; r++) {
      char **c = g_array_index (rows, Row, r).cells;
      g_free (c[lv]);
      c[lv] = g_strdup (put);
    }
    /* put may be the carry itself (a page with none of its own): copied before it goes */
    char *carry = put ? g_strdup (put) : NULL;
    g_free (pg->carry[lv]);
    pg->carry[lv] = carry;
    if (put == NULL && rows->len > first_row)
      fr_analysis_warn (pg->an, "text table, page %u: printed column by column; the order does not say "
                        "which rows its %u level-%u categories span: left empty", pg->page + 1, count, lv + 1);
  }
  return TRUE;
}

FrTable *
fr_text_columns_table (FrAnalysis *an, const FrColLine *lines, guint n, const FrColumnRole *roles,
                       const char *const *words, guint n_words, gboolean *refused)
{
  *refused = FALSE;
  /* the columns this reader knows: categories, a name, target, actual and rate */
  const char *level_words[MAX_LEVELS] = { NULL };
  const char *name_word = NULL, *col_words[3] = { NULL };
  guint levels = 0;
  for (guint i = 0; i < n_words; i++) {
    switch (roles[i]) {
    case FR_COL_LEVEL:
      if (g_str_has_suffix (words[i], "级指标")) {
        gboolean dup = FALSE;
        for (guint k = 0; k < levels; k++)
          dup |= strcmp (level_words[k], words[i]) == 0;
        if (!dup && levels == MAX_LEVELS)
          return NULL;
        if (!dup)
          level_words[levels++] = words[i];
      }
      break;
    case FR_COL_NAME:
      name_word = name_word ? name_word : words[i];
      break;
    case FR_COL_TARGET:
    case FR_COL_ACTUAL:
    case FR_COL_RATE:
      col_words[roles[i] - FR_COL_TARGET] = words[i];
      break;
    case FR_COL_FILLER:
      break;
    default:
      return NULL;
    }
  }
  if (col_words[0] == NULL || col_words[1] == NULL || col_words[2] == NULL || n == 0)
    return NULL;
  /* a line that holds two values is a row printed across: not this layout */
  for (guint i = 0; i < n; i++) {
    g_auto (GStrv) parts = g_strsplit (lines[i].text, " ", -1);
    guint values = 0;
    for (guint p = 0; parts[p]; p++)
      values += *parts[p] && is_value (parts[p]) && g_ascii_isdigit (*parts[p]);
    if (values >= 2 && !lines[i].header)
      return NULL;
  }

  Page pg = { an, 0, NULL, TRUE, levels, { NULL } };
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (rows, row_clear);
  gboolean any_seen = FALSE, any_refused = FALSE;
  guint i = 0, flow = 0;
  while (i < n) {
    guint page = lines[i].line->page;
    pg.page = page;
    pg.lns = g_array_new (FALSE, TRUE, sizeof (Ln));
    g_array_set_clear_func (pg.lns, ln_clear);
    for (; i < n && lines[i].line->page == page; i++) {
      if (!lines[i].glued || pg.lns->len == 0)
        flow++;
      if (lines[i].header || *lines[i].text == '\0' || pg.lns->len >= MAX_LINES)
        continue;
      /* pdftotext takes a line ending in '-' for a hyphenated word: a `--` cell loses a dash
       * and the line below joins it (-100%) */
      g_autoptr (FrMatch) dash = fr_rule_match (FR_RULE_TEXT_DASH_JOINED, lines[i].text);
      gsize s, e;
      if (dash != NULL && fr_match_span (dash, NULL, &s, &e) && is_value (lines[i].text + e)) {
        Ln a = { lines[i].line, g_strdup ("--"), LN_VALUE, 1, flow };
        Ln b = { lines[i].line, g_strdup (lines[i].text + e), LN_VALUE, MAX (lines[i].width - 0.5f, 0), flow };
        g_array_append_val (pg.lns, a);
        g_array_append_val (pg.lns, b);
        continue;
      }
      Ln ln = { lines[i].line, g_strdup (lines[i].text), is_value (lines[i].text) ? LN_VALUE : LN_TEXT,
                lines[i].width, flow };
      g_array_append_val (pg.lns, ln);
    }
    gboolean seen = FALSE;
    if (pg.lns->len > 0 && !read_page (&pg, 3, rows, &seen))
      any_refused = TRUE;
    any_seen |= seen;
    pg.first_page = FALSE;
    g_array_unref (pg.lns);
  }
  for (guint lv = 0; lv < MAX_LEVELS; lv++)
    g_free (pg.carry[lv]);
  if (!any_seen)
    return NULL;
  *refused = any_refused;

  /* the table: header, then the rows that are whole */
  guint K = levels, C = 3;
  FrTable *t = fr_table_new ();
  t->method = "text-columns";
  t->n_cols = K + 1 + C;
  GPtrArray *h = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < K; c++)
    g_ptr_array_add (h, g_strdup (level_words[c]));
  g_ptr_array_add (h, g_strdup (name_word ? name_word : ""));
  for (guint c = 0; c < C; c++)
    g_ptr_array_add (h, g_strdup (col_words[c]));
  g_ptr_array_add (t->rows, h);
  g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (lines[0].line->page));
  t->n_header_rows = 1;
  guint kept = 0;
  for (guint r = 0; r < rows->len; r++) {
    Row *row = &g_array_index (rows, Row, r);
    gboolean whole = TRUE;
    for (guint c = K; c <= K + C; c++)
      whole &= row->cells[c] != NULL;
    if (!whole) {
      fr_analysis_warn (an, "text table, page %u: printed column by column; a row whose cells the counts do "
                        "not settle left out: %s | %s | %s | %s", row->page + 1,
                        row->cells[K] ? row->cells[K] : "?", row->cells[K + 1] ? row->cells[K + 1] : "?",
                        row->cells[K + 2] ? row->cells[K + 2] : "?", row->cells[K + 3] ? row->cells[K + 3] : "?");
      continue;
    }
    guint rix = t->rows->len;
    GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
    for (guint c = 0; c <= K + C; c++) {
      g_ptr_array_add (out, g_strdup (row->cells[c]));
      FrCell cell = { g_strdup (row->cells[c]), { 0, 0, 0, 0 }, row->page, rix, c, 1, 1 };
      g_array_append_val (t->cells, cell);
    }
    g_ptr_array_add (t->rows, out);
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (row->page));
    kept++;
  }
  if (kept == 0) {
    fr_table_free (t);
    return NULL;
  }
  return t;
}
