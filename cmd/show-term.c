/* show-term.c — `finrep show FILE` in the terminal: the record as a person reads it, fitted
 * to a width in columns where a CJK character takes two; `--page N`, one page's blocks and
 * changes with the rule behind each.
 */
#include <math.h>
#include <string.h>

#include "show.h"

typedef struct {
  FILE *out;
  const FrShowTermOptions *o;
  const FrResult *res;
  const FrAnalysis *an;
} Term;

enum { C_BOLD, C_DIM, C_RED, C_GREEN, C_YELLOW, C_CYAN, C_MAGENTA };
static const char *const sgr_codes[] = { "1", "2", "31", "32", "33", "36", "35" };

static void
put (Term *t, int color, const char *s)
{
  if (t->o->color)
    fprintf (t->out, "\033[%sm%s\033[0m", sgr_codes[color], s);
  else
    fputs (s, t->out);
}

static void
spaces (Term *t, guint n)
{
  for (guint i = 0; i < n; i++)
    fputc (' ', t->out);
}

static void
section_title (Term *t, const char *title)
{
  fputc ('\n', t->out);
  put (t, C_BOLD, title);
  fputc ('\n', t->out);
}

/* ---- text shaping: widths, wrapping, truncation ---------------------------------------- */

static guint
char_width (gunichar c)
{
  return g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
}

/* Characters that must not start a line (Chinese line-breaking practice). */
static gboolean
no_line_start (gunichar c)
{
  static const char closers[] = "，。、；：？！）》」』”’%,.;:?!)]";
  return c != 0 && g_utf8_strchr (closers, -1, c) != NULL;
}

static gboolean
in_latin_word (gunichar c)
{
  return c < 0x2E80 && (g_unichar_isalnum (c) || c == '.' || c == '%' || c == '-');
}

/* s with control characters as spaces: text read from a file must not drive the terminal
 * (an escape sequence in a PDF's text would), nor break the columns (a tab). */
static char *
printable (const char *s, gboolean keep_newlines)
{
  GString *o = g_string_sized_new (s ? strlen (s) : 0);
  for (const char *p = s ? s : ""; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if ((c < 0x20 && !(keep_newlines && c == '\n')) || (c >= 0x7f && c < 0xa0))
      c = ' ';
    g_string_append_unichar (o, c);
  }
  return g_string_free (o, FALSE);
}

/* Splits s into lines of at most width columns.  CJK text breaks between any two characters,
 * a run of Latin letters or digits (435.94) only where it must. */
static GPtrArray *
wrap (const char *s, guint width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  width = MAX (width, 2u);
  g_autofree char *text = printable (s, TRUE);
  const char *start = text;
  while (*start == ' ')
    start++;
  while (*start) {
    guint w = 0;
    const char *p = start, *brk = NULL;
    while (*p) {
      gunichar c = g_utf8_get_char (p);
      if (c == '\n')
        break;
      guint cw = char_width (c);
      if (w + cw > width)
        break;
      w += cw;
      const char *next = g_utf8_next_char (p);
      gunichar nc = g_utf8_get_char (next);
      /* a break is allowed after p unless it splits a Latin word or would start a line with
       * closing punctuation */
      if (*next && !(in_latin_word (c) && in_latin_word (nc)) && !no_line_start (nc))
        brk = next;
      p = next;
    }
    const char *end = p;
    if (*p && *p != '\n' && brk != NULL && brk > start)
      end = brk;
    if (end == start)   /* one character wider than the width: take it anyway */
      end = g_utf8_next_char (start);
    g_autofree char *line = g_strndup (start, (gsize) (end - start));
    g_ptr_array_add (lines, g_strdup (g_strchomp (line)));
    start = end;
    while (*start == ' ' || *start == '\n')
      start++;
  }
  if (lines->len == 0)
    g_ptr_array_add (lines, g_strdup (""));
  return lines;
}

/* s cut to at most width columns, with … where it was cut. */
static char *
fit (const char *raw, guint width)
{
  g_autofree char *s = printable (raw, FALSE);
  if (fr_text_columns (s) <= width)
    return g_steal_pointer (&s);
  GString *o = g_string_new (NULL);
  guint w = 0;
  for (const char *p = s; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (w + char_width (c) + 1 > width)
      break;
    g_string_append_unichar (o, c);
    w += char_width (c);
  }
  g_string_append (o, "…");
  return g_string_free (o, FALSE);
}

static void
pad_to (Term *t, const char *s, guint width)
{
  fputs (s, t->out);
  guint w = fr_text_columns (s);
  if (w < width)
    spaces (t, width - w);
}

/* Prints text wrapped to the view's width, every line indented. */
static void
paragraph (Term *t, const char *text, guint indent, int color)
{
  g_autoptr (GPtrArray) lines = wrap (text, t->o->width - indent);
  for (guint i = 0; i < lines->len; i++) {
    spaces (t, indent);
    if (color >= 0)
      put (t, color, g_ptr_array_index (lines, i));
    else
      fputs (g_ptr_array_index (lines, i), t->out);
    fputc ('\n', t->out);
  }
}

/* "label  value", the value wrapped under itself. */
static void
field (Term *t, const char *label, const char *value)
{
  const guint lw = 16;
  g_autoptr (GPtrArray) lines = wrap (value ? value : "—", t->o->width - 2 - lw);
  for (guint i = 0; i < lines->len; i++) {
    spaces (t, 2);
    if (i == 0) {
      put (t, C_DIM, label);
      spaces (t, lw - MIN (lw, fr_text_columns (label)));
    } else {
      spaces (t, lw);
    }
    fprintf (t->out, "%s\n", (char *) g_ptr_array_index (lines, i));
  }
}

/* ---- tables ----------------------------------------------------------------------------- */

/* A grid of strings to print in columns: rows of n_cols cells; blank marks the cells that a
 * merged cell above covers, so its text is printed once. */
typedef struct {
  GPtrArray *rows;      /* of GPtrArray of char* */
  guint n_cols, n_header;
  GHashTable *blank;    /* "row,col" keys */
} Grid;

static gboolean
grid_blank (const Grid *g, guint r, guint c)
{
  if (g->blank == NULL)
    return FALSE;
  char key[32];
  g_snprintf (key, sizeof key, "%u,%u", r, c);
  return g_hash_table_contains (g->blank, key);
}

/* A cell's text; with blank_merged, "" where a merged cell above or left already printed it. */
static const char *
grid_text (const Grid *g, guint r, guint c, gboolean blank_merged)
{
  GPtrArray *row = g_ptr_array_index (g->rows, r);
  if (c >= row->len || (blank_merged && grid_blank (g, r, c)))
    return "";
  const char *s = g_ptr_array_index (row, c);
  return s ? s : "";
}

static const char *
grid_cell (const Grid *g, guint r, guint c)
{
  return grid_text (g, r, c, TRUE);
}

/* A figure: digits with a sign, separators, a decimal point or a percent sign. */
static gboolean
is_figure (const char *s)
{
  gboolean digit = FALSE;
  for (const char *p = s; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (g_ascii_isdigit (c))
      digit = TRUE;
    else if (!g_utf8_strchr ("+-−.,% ()", -1, c))
      return FALSE;
  }
  return digit;
}

static void
rule_line (Term *t, guint indent, const guint *w, guint n, char fill)
{
  spaces (t, indent);
  GString *s = g_string_new ("+");
  for (guint c = 0; c < n; c++) {
    for (guint i = 0; i < w[c] + 2; i++)
      g_string_append_c (s, fill);
    g_string_append_c (s, '+');
  }
  put (t, C_DIM, s->str);
  fputc ('\n', t->out);
  g_string_free (s, TRUE);
}

/* Too many columns for the width: each row as a list of its cells.  A row read alone needs
 * its merged cells' text, so it is not blanked here as it is in columns. */
static void
print_grid_as_list (Term *t, const Grid *g, guint indent)
{
  for (guint r = 0; r < g->rows->len; r++) {
    GString *s = g_string_new (NULL);
    guint n = g->n_cols;
    while (n > 1 && *grid_text (g, r, n - 1, FALSE) == '\0')
      n--;
    for (guint c = 0; c < n; c++)
      g_string_append_printf (s, "%s%s", c ? " | " : "", grid_text (g, r, c, FALSE));
    g_autofree char *label = g_strdup_printf ("%s%u", r < g->n_header ? "h" : "r", r + 1);
    spaces (t, indent);
    put (t, C_DIM, label);
    g_autoptr (GPtrArray) lines = wrap (s->str, t->o->width - indent - 6);
    for (guint i = 0; i < lines->len; i++) {
      if (i > 0)
        spaces (t, indent);
      spaces (t, 6 - (i == 0 ? fr_text_columns (label) : 0));
      fprintf (t->out, "%s\n", (char *) g_ptr_array_index (lines, i));
    }
    g_string_free (s, TRUE);
  }
}

static void
print_grid (Term *t, const Grid *g, guint indent)
{
  guint n = g->n_cols;
  if (n == 0 || g->rows->len == 0)
    return;
  guint avail = t->o->width - indent;
  /* "| a | b |": three columns of frame per cell and one to close */
  const guint min_w = 4;
  if (3 * n + 1 + n * min_w > avail) {
    print_grid_as_list (t, g, indent);
    return;
  }
  g_autofree guint *w = g_new0 (guint, n);
  for (guint r = 0; r < g->rows->len; r++)
    for (guint c = 0; c < n; c++)
      w[c] = MAX (w[c], fr_text_columns (grid_cell (g, r, c)));
  guint total = 3 * n + 1;
  for (guint c = 0; c < n; c++) {
    w[c] = MAX (w[c], 1u);
    total += w[c];
  }
  /* take a column from the widest cell until the table fits */
  while (total > avail) {
    guint widest = 0;
    for (guint c = 1; c < n; c++)
      if (w[c] > w[widest])
        widest = c;
    if (w[widest] <= min_w)
      break;
    w[widest]--;
    total--;
  }

  /* figures line up on the right, as in the report's own tables */
  g_autofree gboolean *numeric = g_new0 (gboolean, n);
  for (guint c = 0; c < n; c++) {
    guint figures = 0, others = 0;
    for (guint r = g->n_header; r < g->rows->len; r++) {
      const char *s = grid_cell (g, r, c);
      if (*s)
        *(is_figure (s) ? &figures : &others) += 1;
    }
    numeric[c] = figures > 0 && others == 0;
  }

  /* wrap every cell once; rule lines between rows only when some row wraps */
  g_autoptr (GPtrArray) wrapped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gboolean tall = FALSE;
  for (guint r = 0; r < g->rows->len; r++)
    for (guint c = 0; c < n; c++) {
      GPtrArray *lines = wrap (grid_cell (g, r, c), w[c]);
      tall |= lines->len > 1;
      g_ptr_array_add (wrapped, lines);
    }
  rule_line (t, indent, w, n, '-');
  for (guint r = 0; r < g->rows->len; r++) {
    guint h = 1;
    for (guint c = 0; c < n; c++)
      h = MAX (h, ((GPtrArray *) g_ptr_array_index (wrapped, r * n + c))->len);
    for (guint i = 0; i < h; i++) {
      spaces (t, indent);
      put (t, C_DIM, "|");
      for (guint c = 0; c < n; c++) {
        GPtrArray *lines = g_ptr_array_index (wrapped, r * n + c);
        const char *s = i < lines->len ? g_ptr_array_index (lines, i) : "";
        fputc (' ', t->out);
        if (r < g->n_header && t->o->color && *s) {
          put (t, C_BOLD, s);
          spaces (t, w[c] - MIN (w[c], fr_text_columns (s)));
        } else if (numeric[c] && r >= g->n_header) {
          spaces (t, w[c] - MIN (w[c], fr_text_columns (s)));
          fputs (s, t->out);
        } else {
          pad_to (t, s, w[c]);
        }
        fputc (' ', t->out);
        put (t, C_DIM, "|");
      }
      fputc ('\n', t->out);
    }
    gboolean header_end = g->n_header > 0 && r + 1 == g->n_header;
    if (header_end)
      rule_line (t, indent, w, n, '=');
    else if (tall || r + 1 == g->rows->len)
      rule_line (t, indent, w, n, '-');
  }
}

/* The rows of t (those on page, or all when page < 0) as a grid. */
static void
print_table (Term *t, const FrTable *tb, int page, guint indent)
{
  Grid g = { g_ptr_array_new (), tb->n_cols, 0, NULL };
  g_autoptr (GArray) index = g_array_new (FALSE, FALSE, sizeof (guint));   /* grid row → table row */
  for (guint r = 0; r < tb->rows->len; r++) {
    guint rp = r < tb->row_pages->len ? GPOINTER_TO_UINT (g_ptr_array_index (tb->row_pages, r)) : tb->page;
    if (page >= 0 && rp != (guint) page)
      continue;
    GPtrArray *row = g_ptr_array_index (tb->rows, r);
    g_ptr_array_add (g.rows, row);
    g_array_append_val (index, r);
    g.n_cols = MAX (g.n_cols, row->len);
    if (r < tb->n_header_rows)
      g.n_header = g.rows->len;
  }
  /* a merged cell's text repeats in every row and column it spans: print it once, in the
   * first row shown (a span may start on an earlier page) */
  g.blank = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < tb->cells->len; i++) {
    const FrCell *cell = &g_array_index (tb->cells, FrCell, i);
    gboolean kept = FALSE;
    for (guint dr = 0; dr < MAX (cell->row_span, 1u); dr++) {
      guint gi = 0;
      while (gi < index->len && g_array_index (index, guint, gi) != cell->row + dr)
        gi++;
      if (gi == index->len)
        continue;
      for (guint dc = 0; dc < MAX (cell->col_span, 1u); dc++) {
        if (!kept && dc == 0) {
          kept = TRUE;
          continue;
        }
        g_hash_table_add (g.blank, g_strdup_printf ("%u,%u", gi, cell->col + dc));
      }
    }
  }
  if (g.rows->len == 0) {
    spaces (t, indent);
    put (t, C_DIM, "(no rows on this page)\n");
  } else {
    print_grid (t, &g, indent);
  }
  g_ptr_array_unref (g.rows);
  g_hash_table_unref (g.blank);
}

static void
table_heading (Term *t, guint i, const FrTable *tb)
{
  GString *pages = g_string_new (NULL);
  for (guint k = 0; k < tb->pages->len; k++)
    g_string_append_printf (pages, "%s%u", k ? "," : "", g_array_index (tb->pages, guint, k) + 1);
  g_autofree char *head = g_strdup_printf ("Table %u · p.%s · %u×%u · %s", i + 1, pages->str,
                                           tb->rows->len, tb->n_cols,
                                           tb->method ? tb->method : "?");
  spaces (t, 2);
  put (t, C_CYAN, head);
  fputc ('\n', t->out);
  if (tb->title)
    paragraph (t, tb->title, 2, C_BOLD);
  g_string_free (pages, TRUE);
}

/* ---- the record's parts ----------------------------------------------------------------- */

static void
outline (Term *t, const FrSection *s)
{
  for (guint i = 0; i < s->children->len; i++) {
    const FrSection *c = g_ptr_array_index (s->children, i);
    guint indent = 2 + 2 * (guint) MAX (c->level - 1, 0);
    g_autofree char *title = c->heading ? fr_heading_display (c->heading)
                                        : g_strdup ("(text before the first heading)");
    guint page = c->heading ? c->heading->page
                 : c->paragraphs->len ? ((FrBlock *) g_ptr_array_index (c->paragraphs, 0))->page : 0;
    g_autofree char *tail = g_strdup_printf ("p.%-3u %3u ¶", page + 1, c->paragraphs->len);
    guint tail_w = fr_text_columns (tail);
    guint room = t->o->width > indent + tail_w + 2 ? t->o->width - indent - tail_w - 2 : 4;
    g_autofree char *shown = fit (title, room);
    spaces (t, indent);
    if (c->level <= 1)
      put (t, C_BOLD, shown);
    else
      fputs (shown, t->out);
    spaces (t, room - fr_text_columns (shown) + 2);
    put (t, C_DIM, tail);
    fputc ('\n', t->out);
    outline (t, c);
  }
}

static void
indicators (Term *t)
{
  const FrAnalysis *an = t->an;
  g_autofree char *title = g_strdup_printf ("Indicators (%u)", an->indicators->len);
  section_title (t, title);
  if (an->indicators->len == 0) {
    paragraph (t, "(none: no indicator table was recognised)", 2, C_DIM);
    return;
  }
  gboolean has_w = FALSE, has_s = FALSE;
  for (guint i = 0; i < an->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, i);
    has_w |= ind->weight_text != NULL || ind->has_weight;
    has_s |= ind->score_text != NULL || ind->has_score;
  }
  /* one grid per category path, under the path */
  g_autofree char *prev_cat = NULL;
  Grid g = { NULL, 0, 1, NULL };
  for (guint i = 0; i <= an->indicators->len; i++) {
    const FrIndicator *ind = i < an->indicators->len ? g_ptr_array_index (an->indicators, i) : NULL;
    g_autofree char *cat = NULL;
    if (ind) {
      g_autoptr (GString) c = g_string_new (NULL);
      for (guint k = 0; ind->category && k < ind->category->len; k++)
        g_string_append_printf (c, "%s%s", k ? " › " : "", (char *) g_ptr_array_index (ind->category, k));
      cat = g_strdup (c->str);
    }
    if (g.rows && (ind == NULL || g_strcmp0 (cat, prev_cat) != 0)) {
      print_grid (t, &g, 4);
      g_ptr_array_unref (g.rows);
      g.rows = NULL;
    }
    if (ind == NULL)
      break;
    if (g.rows == NULL) {
      if (*cat)
        paragraph (t, cat, 2, C_CYAN);
      g.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      GPtrArray *h = g_ptr_array_new_with_free_func (g_free);
      const char *names[] = { "indicator", "target", "actual", "rate", "weight", "score", "p." };
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        if ((k != 4 || has_w) && (k != 5 || has_s))
          g_ptr_array_add (h, g_strdup (names[k]));
      g.n_cols = h->len;
      g_ptr_array_add (g.rows, h);
      g_free (prev_cat);
      prev_cat = g_strdup (cat);
    }
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (row, g_strdup (ind->name ? ind->name : ""));
    g_ptr_array_add (row, g_strdup (ind->target ? ind->target : ""));
    g_ptr_array_add (row, g_strdup (ind->actual ? ind->actual : ""));
    g_ptr_array_add (row, g_strdup (ind->rate ? ind->rate : ""));
    if (has_w)
      g_ptr_array_add (row, ind->weight_text ? g_strdup (ind->weight_text)
                            : ind->has_weight ? fr_explain_number (ind->weight) : g_strdup (""));
    if (has_s)
      g_ptr_array_add (row, ind->score_text ? g_strdup (ind->score_text)
                            : ind->has_score ? fr_explain_number (ind->score) : g_strdup (""));
    g_ptr_array_add (row, g_strdup_printf ("%u", ind->page + 1));
    g_ptr_array_add (g.rows, row);
  }
}

/* The failing checks about one unit, by rule: "execution_rate, funds_parts", or "". */
static char *
unit_fails (const FrAnalysis *an, const char *label)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < an->checks->len; i++) {
    const FrCheck *c = g_ptr_array_index (an->checks, i);
    if (!c->pass && g_strcmp0 (c->subject, label) == 0 && !strstr (s->str, c->rule))
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", c->rule);
  }
  return g_string_free (s, FALSE);
}

/* One line a 绩效自评表: what it spent of what it was given, at what rate, for what score. */
static void
evaluations (Term *t)
{
  const FrAnalysis *an = t->an;
  g_autofree char *title = g_strdup_printf ("Evaluations (%u)", an->evaluations->len);
  section_title (t, title);
  if (an->evaluations->len == 0) {
    paragraph (t, "(none: no 绩效自评表 in this file)", 2, C_DIM);
    return;
  }
  Grid g = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref), 6, 1, NULL };
  const char *names[] = { "project", "executed/budget", "rate", "score", "p.", "failing" };
  GPtrArray *h = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    g_ptr_array_add (h, g_strdup (names[k]));
  g_ptr_array_add (g.rows, h);
  for (guint i = 0; i < an->evaluations->len; i++) {
    const FrEvaluation *ev = g_ptr_array_index (an->evaluations, i);
    const FrFunds *f = ev->funds;
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (row, g_strdup (fr_evaluation_label (ev)));
    g_autofree char *e = f && f->total.has_executed ? fr_explain_number (f->total.executed) : g_strdup ("—");
    g_autofree char *b = f && f->total.has_full_year_budget ? fr_explain_number (f->total.full_year_budget)
                                                              : g_strdup ("—");
    g_ptr_array_add (row, g_strdup_printf ("%s/%s", e, b));
    g_autofree char *r = f && f->has_execution_rate ? fr_explain_number (f->execution_rate) : NULL;
    g_ptr_array_add (row, r ? g_strdup_printf ("%s%%", r) : g_strdup ("—"));
    g_autofree char *sc = ev->has_total_score ? fr_explain_number (ev->total_score) : g_strdup ("—");
    g_autofree char *w = ev->has_total_weight ? fr_explain_number (ev->total_weight) : NULL;
    g_ptr_array_add (row, w ? g_strdup_printf ("%s/%s", sc, w) : g_strdup (sc));
    g_ptr_array_add (row, g_strdup_printf ("%u", ev->page + 1));
    g_ptr_array_add (row, unit_fails (an, fr_evaluation_label (ev)));
    g_ptr_array_add (g.rows, row);
  }
  print_grid (t, &g, 2);
  g_ptr_array_unref (g.rows);
}

static char *
figure_text (const FrFigure *f)
{
  return f->has ? fr_explain_number (f->value) : g_strdup ("—");
}

static void
finance (Term *t)
{
  const FrFinance *f = t->an->finance;
  section_title (t, f ? "Income and expenditure (万元)" : "Income and expenditure");
  for (guint k = 0; f && k < FR_N_SIDES; k++) {
    const FrFinanceSide *p = &f->sides[k];
    const char *name = fr_finance_side_name (k);
    g_autofree char *total = figure_text (&p->total);
    g_autofree char *cur = figure_text (&p->current);
    g_autofree char *line = g_strdup_printf ("total %s · current year %s", total, cur);
    spaces (t, 2);
    put (t, C_CYAN, name);
    spaces (t, 14 - (guint) strlen (name));
    fprintf (t->out, "%s\n", line);
    Grid g = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref), 3, 0, NULL };
    for (guint i = 0; i < p->items->len; i++) {
      const FrFinanceItem *item = g_ptr_array_index (p->items, i);
      GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (row, g_strdup (item->name));
      g_ptr_array_add (row, figure_text (&item->amount));
      g_ptr_array_add (row, fr_explain_change (item));
      g_ptr_array_add (g.rows, row);
    }
    print_grid (t, &g, 4);
    g_ptr_array_unref (g.rows);
  }
  if (f == NULL)
    paragraph (t, "(none found)", 2, C_DIM);
  if (t->an->has_self_score || t->an->self_grade) {
    g_autofree char *score = t->an->has_self_score ? fr_explain_number (t->an->self_score) : g_strdup ("—");
    g_autofree char *v = g_strdup_printf ("%s%s%s", score, t->an->self_grade ? " · grade " : "",
                                          t->an->self_grade ? t->an->self_grade : "");
    field (t, "self-score", v);
  }
}

static void
points (Term *t, const char *title, const GPtrArray *list)
{
  if (list->len == 0)
    return;
  section_title (t, title);
  for (guint n = 0; n < list->len; n++) {
    const char *s = g_ptr_array_index (list, n);
    g_autofree char *lead = g_strdup_printf ("%u.", n + 1);
    g_autoptr (GPtrArray) lines = wrap (s, t->o->width - 6);
    for (guint i = 0; i < lines->len; i++) {
      spaces (t, 2);
      pad_to (t, i == 0 ? lead : "", 4);
      fprintf (t->out, "%s\n", (char *) g_ptr_array_index (lines, i));
    }
  }
}

static void
checks (Term *t)
{
  const GPtrArray *list = t->an->checks;
  guint n = list->len, fails = 0;
  for (guint i = 0; i < n; i++)
    fails += !((const FrCheck *) g_ptr_array_index (list, i))->pass;
  g_autofree char *title = g_strdup_printf ("Checks (%u, %u failing)", n, fails);
  section_title (t, title);
  if (n == 0) {
    paragraph (t, "(none: no arithmetic in the report could be re-done)", 2, C_DIM);
    return;
  }
  for (guint k = 0; k < n; k++) {
    const FrCheck *c = g_ptr_array_index (list, k);
    gboolean fail = !c->pass;
    spaces (t, 2);
    put (t, fail ? C_RED : C_GREEN, fail ? "✗" : "✓");
    fputc (' ', t->out);
    g_autofree char *at = c->has_page ? g_strdup_printf (" · p.%u", c->page + 1) : g_strdup ("");
    g_autofree char *head = g_strdup_printf ("%s · %s%s", c->subject, c->rule, at);
    g_autoptr (GPtrArray) hl = wrap (head, t->o->width - 4);
    for (guint i = 0; i < hl->len; i++) {
      if (i)
        spaces (t, 4);
      if (fail)
        put (t, C_BOLD, g_ptr_array_index (hl, i));
      else
        fputs (g_ptr_array_index (hl, i), t->out);
      fputc ('\n', t->out);
    }
    paragraph (t, c->message, 4, fail ? C_RED : C_DIM);
  }
}

/* Whether a check compared a cell of one of the pieces a typed table was read from. */
static gboolean
check_in_table (const FrCheck *c, const FrBudgetTable *bt)
{
  for (guint i = 0; c->cells && i < c->cells->len; i++) {
    const FrTable *t = g_array_index (c->cells, FrCellRef, i).table;
    for (guint r = 0; r < bt->rows->len; r++)
      if (((const FrBudgetRow *) g_ptr_array_index (bt->rows, r))->part == t)
        return TRUE;
  }
  return FALSE;
}

/* A budget's typed tables: each with its kind, pages, the roles of its columns and the
 * budget checks that fail on it; then the headline figures. */
static void
budget (Term *t)
{
  const FrBudget *b = t->an->budget;
  if (b == NULL)
    return;
  g_autofree char *title = g_strdup_printf ("Budget tables (%u, amounts in 万元)", b->tables->len);
  section_title (t, title);
  for (guint i = 0; i < b->tables->len; i++) {
    const FrBudgetTable *bt = g_ptr_array_index (b->tables, i);
    guint last = bt->pages->len ? g_array_index (bt->pages, guint, bt->pages->len - 1) : bt->page;
    g_autofree char *pages = last > bt->page ? g_strdup_printf ("p.%u–%u", bt->page + 1, last + 1)
                                             : g_strdup_printf ("p.%u", bt->page + 1);
    g_autofree char *head = g_strdup_printf ("%s · %s · %s · %u rows · printed in %s",
                                             bt->label ? bt->label : "(no label)", bt->kind, pages,
                                             bt->rows->len, bt->unit ? bt->unit : "(no unit read)");
    paragraph (t, head, 2, C_BOLD);
    g_autoptr (GString) roles = g_string_new (NULL);
    for (guint c = 0; c < bt->columns->len; c++) {
      const FrBudgetColumn *col = &g_array_index (bt->columns, FrBudgetColumn, c);
      g_string_append_printf (roles, "%s%s=%s", roles->len ? " · " : "", col->role ? col->role : "?",
                              col->header);
    }
    paragraph (t, roles->len ? roles->str : "(no value columns)", 4, C_DIM);
    /* its failing checks: those that compared a cell of it (cross_table: of it or of the
     * other table), else whose message names it */
    for (guint k = 0; k < t->an->checks->len; k++) {
      const FrCheck *c = g_ptr_array_index (t->an->checks, k);
      if (c->pass || !(check_in_table (c, bt) || (c->cells == NULL && bt->label && strstr (c->message, bt->label))))
        continue;
      g_autofree char *f = g_strdup_printf ("✗ %s: %s", c->rule, c->message);
      paragraph (t, f, 4, C_RED);
    }
  }
  g_autoptr (GString) figs = g_string_new (NULL);
  for (guint i = 0; i < FR_FIGURE_COUNT; i++)
    if (b->figures[i].has)
      g_string_append_printf (figs, "%s%s %.2f", figs->len ? " · " : "", fr_figure_key (i),
                              b->figures[i].value);
  field (t, "figures", figs->len ? figs->str : "(none stated)");
}

static void
warnings (Term *t)
{
  const GPtrArray *w = t->an->warnings;
  g_autofree char *title = g_strdup_printf ("Warnings (%u)", w->len);
  section_title (t, title);
  if (w->len == 0)
    paragraph (t, "(none)", 2, C_DIM);
  for (guint i = 0; i < w->len; i++) {
    g_autofree char *s = g_strdup_printf ("! %s", (char *) g_ptr_array_index (w, i));
    paragraph (t, s, 2, C_YELLOW);
  }
}

static void
header (Term *t, const char *path)
{
  const FrResult *res = t->res;
  const FrSource *src = fr_result_source (res);
  const GError *err = fr_result_error (res);
  const FrAnalysis *an = t->an;
  const FrReport *rep = an ? fr_analysis_report (an) : NULL;
  const char *title = rep && rep->title ? rep->title : path;
  paragraph (t, title, 0, C_BOLD);
  const char *format = src == NULL ? "unreadable"
                       : src->format == FR_FORMAT_PDF ? "pdf"
                       : src->format == FR_FORMAT_TEXT ? "text dump" : "neither PDF nor text";
  g_autofree char *file = src ? g_strdup_printf ("%s · %s · %" G_GSIZE_FORMAT " bytes", path,
                                                 format, g_bytes_get_size (src->bytes))
                              : g_strdup (path);
  field (t, "file", file);
  g_autofree char *pages = g_strdup_printf ("%u%s", fr_result_pages (res),
                                            fr_result_document (res) && !fr_result_document (res)->has_geometry
                                              ? " (text dump: no page geometry)" : "");
  field (t, "pages", err ? "—" : pages);
  if (err) {
    g_autofree char *st = g_strdup_printf ("error (%s): %s",
                                           fr_error_code_name (fr_error_code_of (err)),
                                           err->message);
    spaces (t, 2);
    put (t, C_DIM, "status");
    spaces (t, 10);
    g_autoptr (GPtrArray) lines = wrap (st, t->o->width - 18);
    for (guint i = 0; i < lines->len; i++) {
      if (i)
        spaces (t, 18);
      put (t, C_RED, g_ptr_array_index (lines, i));
      fputc ('\n', t->out);
    }
    return;
  }
  field (t, "status", "ok");
  field (t, "title", rep ? rep->title : NULL);
  field (t, "kind", rep ? rep->kind : NULL);
  g_autofree char *year = rep && rep->year ? g_strdup_printf ("%d", rep->year) : NULL;
  field (t, "year", year);
  field (t, "organization", rep ? rep->organization : NULL);
  /* a file that binds several reports together: each part from its own title page */
  for (guint i = 0; an != NULL && an->parts->len > 1 && i < an->parts->len; i++) {
    const FrReport *p = &g_array_index (an->parts, FrReport, i);
    g_autofree char *label = g_strdup_printf ("part %u", i + 1);
    g_autofree char *v = g_strdup_printf ("p.%u · %s", p->page + 1, p->title ? p->title : "(no title)");
    field (t, label, v);
  }
}

static void
whole_report (Term *t)
{
  const FrAnalysis *an = t->an;
  section_title (t, "Outline");
  if (an->root == NULL || an->root->children->len == 0)
    paragraph (t, "(no headings or paragraphs)", 2, C_DIM);
  else
    outline (t, an->root);

  g_autofree char *tt = g_strdup_printf ("Tables (%u)", an->tables->len);
  section_title (t, tt);
  if (an->tables->len == 0)
    paragraph (t, "(none)", 2, C_DIM);
  for (guint i = 0; i < an->tables->len; i++) {
    if (i)
      fputc ('\n', t->out);
    const FrTable *tb = g_ptr_array_index (an->tables, i);
    table_heading (t, i, tb);
    print_table (t, tb, -1, 2);
  }
  indicators (t);
  evaluations (t);
  finance (t);
  budget (t);
  points (t, "Problems", an->problems);
  points (t, "Measures", an->measures);
  checks (t);
  warnings (t);
}

/* ---- one page ----------------------------------------------------------------------------- */

/* "kind · rule NAME · extra", the line that opens each item of the page view; the rule's
 * reason goes once into the page's list of rules. */
static void
item_head (Term *t, const char *kind, const char *rule, const char *extra, GPtrArray *rules)
{
  spaces (t, 2);
  put (t, C_CYAN, kind);
  fputs (" · rule ", t->out);
  put (t, C_MAGENTA, rule ? rule : "?");
  if (extra && *extra)
    fprintf (t->out, " · %s", extra);
  fputc ('\n', t->out);
  if (rule && !g_ptr_array_find_with_equal_func (rules, rule, g_str_equal, NULL))
    g_ptr_array_add (rules, (gpointer) rule);
}

/* Does a warning name this page ("page 7", not "page 70")? */
static gboolean
names_page (const char *w, guint page)
{
  g_autofree char *needle = g_strdup_printf ("page %u", page + 1);
  for (const char *p = strstr (w, needle); p; p = strstr (p + 1, needle))
    if (!g_ascii_isdigit (p[strlen (needle)]))
      return TRUE;
  return FALSE;
}

static gboolean
block_on_page (const FrBlock *b, guint page)
{
  if (b->kind == FR_BLOCK_TABLE) {
    for (guint i = 0; i < b->table->pages->len; i++)
      if (g_array_index (b->table->pages, guint, i) == page)
        return TRUE;
    return FALSE;
  }
  return b->page <= page && page <= b->last_page;
}

static void
one_page (Term *t, guint page)
{
  const FrAnalysis *an = t->an;
  const FrDocument *doc = an->doc;
  const FrPage *pg = g_ptr_array_index (doc->pages, page);
  g_autoptr (GPtrArray) rules = g_ptr_array_new ();
  g_autofree char *head = doc->has_geometry
    ? g_strdup_printf ("Page %u of %u · %.0f×%.0f pt", page + 1, doc->pages->len, pg->width, pg->height)
    : g_strdup_printf ("Page %u of %u · text dump, no geometry", page + 1, doc->pages->len);
  section_title (t, head);

  section_title (t, "Set aside and rewritten");
  guint n_fix = 0;
  for (guint i = 0; i < an->fixes->len; i++) {
    const FrFix *f = &g_array_index (an->fixes, FrFix, i);
    if (f->page != page)
      continue;
    n_fix++;
    g_autofree char *b = NULL, *a = NULL;
    fr_explain_fix_excerpt (f, &b, &a);
    gboolean furniture = fr_explain_fix_is_furniture (f);
    item_head (t, furniture ? "furniture" : "rewritten", fr_explain_fix_rule (f), NULL, rules);
    g_autofree char *s = furniture ? g_strdup_printf ("“%s” removed", b)
                                   : g_strdup_printf ("“%s” → “%s”", b, a);
    g_autofree char *shown = fit (s, t->o->width - 4);
    spaces (t, 4);
    fprintf (t->out, "%s\n", shown);
  }
  if (n_fix == 0)
    paragraph (t, "(nothing on this page)", 2, C_DIM);

  section_title (t, "Blocks, in reading order");
  guint n_blocks = 0;
  for (guint i = 0; i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (!block_on_page (b, page))
      continue;
    if (n_blocks++)
      fputc ('\n', t->out);
    g_autoptr (GString) extra = g_string_new (NULL);
    if (b->kind != FR_BLOCK_TABLE && b->page < page)
      g_string_append_printf (extra, "continued from p.%u", b->page + 1);
    if (b->kind != FR_BLOCK_TABLE && b->last_page > page)
      g_string_append_printf (extra, "%scontinues on p.%u", extra->len ? " · " : "", b->last_page + 1);
    if (doc->has_geometry && b->page == page)
      g_string_append_printf (extra, "%s[%.0f %.0f %.0f %.0f]", extra->len ? " · " : "",
                              b->box.x0, b->box.y0, b->box.x1, b->box.y1);
    item_head (t, fr_explain_block_kind (b), fr_explain_block_rule (b), extra->str, rules);
    if (b->kind == FR_BLOCK_TABLE) {
      const FrTable *tb = b->table;
      if (tb->method && !g_ptr_array_find_with_equal_func (rules, tb->method, g_str_equal, NULL))
        g_ptr_array_add (rules, (gpointer) tb->method);
      if (tb->title)
        paragraph (t, tb->title, 4, C_BOLD);
      print_table (t, tb, (int) page, 4);
    } else if (b->kind == FR_BLOCK_HEADING) {
      g_autofree char *h = fr_heading_display (b);
      paragraph (t, h, 4, C_BOLD);
    } else {
      paragraph (t, b->text, 4, b->kind == FR_BLOCK_TITLE ? C_BOLD : -1);
    }
  }
  if (n_blocks == 0)
    paragraph (t, "(no text on this page)", 2, C_DIM);

  section_title (t, "Rules on this page");
  for (guint i = 0; i < rules->len; i++) {
    const char *name = g_ptr_array_index (rules, i);
    const char *why = fr_explain_rule_why (name);
    const char *stage = fr_explain_rule_stage (name);
    spaces (t, 2);
    put (t, C_MAGENTA, name);
    if (stage)
      fprintf (t->out, " · stage %s", stage);
    fputc ('\n', t->out);
    paragraph (t, why ? why : "(no description)", 4, why ? -1 : C_DIM);
  }

  guint n_w = 0;
  for (guint i = 0; i < an->warnings->len; i++) {
    const char *w = g_ptr_array_index (an->warnings, i);
    if (!names_page (w, page))
      continue;
    if (n_w++ == 0)
      section_title (t, "Warnings about this page");
    g_autofree char *s = g_strdup_printf ("! %s", w);
    paragraph (t, s, 2, C_YELLOW);
  }
}

gboolean
fr_show_term (const FrResult *res, const char *path, FILE *out, const FrShowTermOptions *opts)
{
  Term t = { out, opts, res, fr_result_analysis (res) };
  header (&t, path);
  if (t.an != NULL) {
    if (opts->page > 0)
      one_page (&t, (guint) opts->page - 1);
    else
      whole_report (&t);
  }
  return !ferror (out);
}
