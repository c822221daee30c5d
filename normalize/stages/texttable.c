/* texttable.c — the text route's measures, and its indicator tables rebuilt from torn cells.
 *
 * A dump tears a table into fragments, one cell line a line, in reading order or nearly.
 * The rebuilder:
 * - finds a region: it starts at the header (lines made only of header words,
 *   TEXT_HEADER_WORD, alone or joined with a neighbour: 指标完成 / 率) and runs over lines
 *   narrower than the body; after the last value it stops at a heading or a sentence;
 * - takes the value columns from the header words, put in an order tables have (target before
 *   actual before rate, weight before score, remarks last);
 * - makes tokens: values (TEXT_VALUE_TAIL: 23个, 415.32平方米, 100%, 合格), read from a line
 *   that holds nothing else or from the end of a line holding a name; text lines, the lines
 *   holding category words beside a name split into their columns;
 * - reads rows as the best path through the tokens: a row is the category cells that change
 *   (TEXT_CATEGORY; a merged cell repeats down the rows below it), a name, and one cell per
 *   value column, a value that suits the column (a rate is a percentage) or text where text
 *   may stand.  Where a text cell ends is scored from the evidence: a blank line (when the
 *   dump's blank lines mean something, as in pdftotext's default mode), a sentence end, a
 *   short last line, a line too wide for the name column;
 * - leaves out, with a warning, what fits no row: never a value guessed into a wrong row.  A
 *   table most of which fits no row is left out whole.
 */
#include "texttable.h"

#include "textcolumns.h"

#include <math.h>
#include <string.h>

float
fr_text_width (const char *s)
{
  float w = 0;
  for (const char *p = s; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    /* a space in a dump stands for the quarter-em gap word processors put between CJK and
     * Latin text */
    w += c == ' ' ? 0.25f : (g_unichar_iswide (c) || fr_is_cjk (c) || fr_is_cjk_punct (c)) ? 1.0f : 0.5f;
  }
  return w;
}

float
fr_text_line_width (const FrLine *l)
{
  if (l->source_text == NULL)
    return fr_text_width (l->text);
  g_autofree char *t = g_strstrip (g_strdup (l->source_text));
  return fr_text_width (t);
}

float
fr_text_lead_run_width (const FrLine *l)
{
  float w = 0;
  const char *s = l->source_text ? l->source_text : l->text;
  while (*s == ' ')
    s++;
  for (const char *p = s; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    /* full-width digits and letters (０-９, Ａ-ｚ) are part of the run too */
    gunichar a = (c >= 0xFF01 && c <= 0xFF5E) ? c - 0xFEE0 : c;
    if (!(g_ascii_isalnum (a) || a == '.' || a == ',' || a == '%' || a == '+' || a == '-' || a == '/'))
      break;
    w += a != c ? 1.0f : 0.5f;
  }
  return w;
}

float
fr_text_usual_width (const FrDocument *doc)
{
  /* half-em bins; the full width is the top of the 2-em window that holds the most text:
   * full lines spread a little below it (digits are narrow, a long number wraps early), and
   * a window counts its lines by their width, since the narrow lines of a table can
   * outnumber the body's */
  g_autoptr (GHashTable) bins = g_hash_table_new (NULL, NULL);
  int top = 0;
  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (page->lines, i);
      /* the blocks stage measures after the tables took their lines: they count as before */
      if (l->kind != FR_LINE_BODY && l->kind != FR_LINE_TABLE)
        continue;
      float w = fr_text_line_width (l);
      if (w < 8)
        continue;
      gpointer k = GINT_TO_POINTER ((int) lroundf (w * 2));
      g_hash_table_replace (bins, k, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (bins, k)) + 1));
      top = MAX (top, GPOINTER_TO_INT (k));
    }
  }
  int best = 0;
  guint best_n = 0;
  for (int b = 16; b <= top; b++) {
    guint n = 0;
    for (int j = b - 4; j <= b; j++)
      n += GPOINTER_TO_UINT (g_hash_table_lookup (bins, GINT_TO_POINTER (j))) * (guint) j;
    if (n >= best_n && n > 0) {
      best_n = n;
      best = b;
    }
  }
  return best / 2.0f;
}


/* ---- fragments ------------------------------------------------------------------------ */

/* the named groups of TEXT_HEADER_WORD, by role */
static const char *const role_group[FR_COL_COUNT] = {
  NULL, "group", "name", "target", "actual", "rate", "weight", "score", "note", "filler",
  "unit", "direction",
};

/* One line of the dump, or a part of one (side-by-side cells), as the table sees it. */
typedef struct {
  FrLine *line;
  char *text;            /* cleaned; without the values when they were taken */
  GPtrArray *values;     /* trailing values (char*) or NULL */
  float width;           /* of text */
  gboolean glued;        /* no blank line before it */
  gboolean cell_start;   /* a cell surely starts here (a side-by-side piece) */
  gboolean category;     /* a side-by-side piece left of the name: a category cell */
  gboolean name_piece;   /* the side-by-side piece right of the categories: a name */
  gboolean absorbed;     /* its text went into the unit before it (one cell's value) */
  gboolean header;
} Unit;

static void
unit_free (Unit *u)
{
  g_free (u->text);
  if (u->values)
    g_ptr_array_unref (u->values);
  g_free (u);
}

static Unit *
unit_new (FrLine *line, const char *text, gboolean glued)
{
  Unit *u = g_new0 (Unit, 1);
  u->line = line;
  u->text = g_strdup (text);
  u->width = fr_text_width (text);
  u->glued = glued;
  return u;
}

/* Strips the values at the end of text; returns them (maybe none) and leaves the rest. */
static GPtrArray *
take_values (char **text)
{
  GPtrArray *vals = g_ptr_array_new_with_free_func (g_free);
  for (;;) {
    g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_TEXT_VALUE_TAIL, *text);
    gsize s, e;
    if (m == NULL || !fr_match_span (m, NULL, &s, &e) || s == e)
      break;
    char *v = g_strstrip (g_strndup (*text + s, e - s));
    g_ptr_array_insert (vals, 0, v);
    (*text)[s] = '\0';
    g_strchomp (*text);
  }
  return vals;
}

/* Is text made only of header words?  Appends each word's role and text when roles given. */
static gboolean
header_covered (const char *text, GArray *roles, GPtrArray *words)
{
  gsize at = 0, len = strlen (text);
  gboolean any = FALSE;
  while (at < len) {
    while (at < len && text[at] == ' ')
      at++;
    if (at >= len)
      break;
    g_autoptr (FrMatch) m = fr_rule_match_at (FR_RULE_TEXT_HEADER_WORD, text, at);
    gsize s, e;
    if (m == NULL || !fr_match_span (m, NULL, &s, &e) || s != at || e == s)
      return FALSE;
    if (roles != NULL) {
      for (int r = FR_COL_LEVEL; r < FR_COL_COUNT; r++)
        if (role_group[r] != NULL && fr_match_span (m, role_group[r], NULL, NULL)) {
          FrColumnRole role = (FrColumnRole) r;
          g_array_append_val (roles, role);
          g_ptr_array_add (words, g_strndup (text + s, e - s));
          break;
        }
    }
    any = TRUE;
    at = e;
  }
  return any;
}

static char *
join_texts (Unit *const *units, guint n)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    fr_join_append (s, units[i]->text);
  return g_string_free (s, FALSE);
}


static gboolean
ends_sentence (const char *text)
{
  return g_str_has_suffix (text, "。") || g_str_has_suffix (text, "！") || g_str_has_suffix (text, "？")
         || g_str_has_suffix (text, "；");
}

static gboolean
is_heading (const char *text)
{
  static const FrRuleId h[] = { FR_RULE_HEADING_PART, FR_RULE_HEADING_CN, FR_RULE_HEADING_CN_PAREN,
                                FR_RULE_HEADING_ARABIC, FR_RULE_HEADING_ARABIC_PAREN };
  for (guint i = 0; i < G_N_ELEMENTS (h); i++)
    if (fr_rule_test (h[i], text))
      return TRUE;
  return FALSE;
}

/* ---- rows: the best reading of the region's tokens -------------------------------------- */

#define CELL_WIDTH 0.8f  /* a line wider than this share of the body's is not a cell's */
#define MAX_CATS 4     /* category levels a row may open */
#define MAX_COLS 8     /* value columns */
#define MAX_CELL 24    /* lines in one cell */
#define UNREAD_SHARE 4 /* tenths of a table's tokens that may fit no row */
#define CERTAIN 10     /* the cut score of a sure cell boundary (a blank line in pdftotext's
                        * default mode), negated for a sure continuation */
#define NO_CELL G_MININT

/* A token: a text line (or part of one) or one value. */
typedef struct {
  Unit *u;
  const char *value;   /* a value; NULL for text */
  int cut;             /* text after text: how sure it is that a new cell starts here */
} Tok;

typedef struct {
  FrAnalysis *an;
  float usual;
  gboolean blank_mode;   /* blank lines separate cells */
  GArray *cols;          /* of FrColumnRole: the value columns */
  GPtrArray *col_words;  /* header text per value column */
  guint levels;          /* category columns the header names (一级/二级指标); 0 unknown */
  float name_width;      /* widest line of a sure name; 0 when unknown */
  GPtrArray *owned;      /* Unit* made by splitting lines */
} Table;

static gboolean
is_number (const char *v)
{
  char *end = NULL;
  g_ascii_strtod (v, &end);
  return end != v && (*end == '\0' || strcmp (end, "分") == 0);
}

static gboolean
is_dash (const char *v)
{
  return strcmp (v, "—") == 0 || strcmp (v, "——") == 0 || strcmp (v, "－") == 0 || strcmp (v, "/") == 0;
}

/* Can value v stand in a column of this role? */
static gboolean
value_suits (FrColumnRole col, const char *v)
{
  if (is_dash (v))
    return col != FR_COL_NOTE;
  switch (col) {
  case FR_COL_RATE:
    return strchr (v, '%') != NULL || strstr (v, "‰") != NULL;
  case FR_COL_WEIGHT:
  case FR_COL_SCORE:
    return is_number (v);
  case FR_COL_NOTE:
    return FALSE;
  default:
    return TRUE;
  }
}

static gboolean
role_takes_text (FrColumnRole col)
{
  return col == FR_COL_TARGET || col == FR_COL_ACTUAL || col == FR_COL_NOTE;
}

static GStrv
pieces (const Unit *u)
{
  if (u->line->source_text == NULL || u->values != NULL || u->absorbed)
    return NULL;
  g_autofree char *src = g_strstrip (g_strdup (u->line->source_text));
  GStrv parts = g_regex_split_simple ("\\s+", src, 0, 0);
  for (guint i = 0; parts[i]; i++) {
    char *c = fr_clean_text (parts[i]);
    g_free (parts[i]);
    parts[i] = c;
  }
  return parts;
}

static gboolean
category_like (const char *text)
{
  return fr_rule_test (FR_RULE_TEXT_CATEGORY, text) || fr_rule_test (FR_RULE_TEXT_CATEGORY_HEAD, text);
}

/* A line that holds category words beside a name is cells side by side ("时效
 * 项目资金支付及时" over "指标 率"; "满意度指 服务对象 读者满意度" over "标" and "满意度").
 * The glued lines below with as many pieces continue each column; a line with fewer
 * pieces continues the category columns still incomplete, left to right; the rest of the
 * cell's lines continue the name. */
static void
split_side_by_side (Table *tb, GPtrArray *units)
{
  for (guint i = 0; i < units->len; i++) {
    Unit *u = g_ptr_array_index (units, i);
    g_auto (GStrv) p0 = pieces (u);
    guint np = p0 ? g_strv_length (p0) : 0;
    if (np < 2 || np > MAX_CATS + 1 || g_utf8_strlen (p0[np - 1], -1) < 2)
      continue;
    gboolean ok = TRUE;
    for (guint k = 0; k + 1 < np && ok; k++)
      ok = g_utf8_strlen (p0[k], -1) >= 2 && category_like (p0[k]);
    if (!ok)
      continue;
    GString *col[MAX_CATS + 1];
    for (guint k = 0; k < np; k++)
      col[k] = g_string_new (p0[k]);
    guint used = 1;
    for (guint j = i + 1; j < units->len && j <= i + 8; j++) {
      Unit *n = g_ptr_array_index (units, j);
      if (!n->glued || n->values != NULL)
        break;
      g_auto (GStrv) pj = pieces (n);
      guint nj = pj ? g_strv_length (pj) : 0;
      if (nj == np) {
        for (guint k = 0; k < np; k++)
          g_string_append (col[k], pj[k]);
      } else if (nj > 0 && nj < np) {
        /* each piece goes to the next category column it completes or carries on */
        guint k = 0, placed = 0;
        for (guint q = 0; q < nj; q++) {
          for (; k + 1 < np; k++) {
            gboolean complete = fr_rule_test (FR_RULE_TEXT_CATEGORY, col[k]->str);
            g_autofree char *more = g_strconcat (col[k]->str, pj[q], NULL);
            if (fr_rule_test (FR_RULE_TEXT_CATEGORY, more) || (!complete && category_like (more))) {
              g_string_append (col[k], pj[q]);
              placed++;
              k++;
              break;
            }
          }
        }
        if (placed != nj) {
          /* a line that is no category's while a category is still incomplete: the
           * columns cannot be told apart */
          for (guint c = 0; c + 1 < np; c++)
            if (!fr_rule_test (FR_RULE_TEXT_CATEGORY, col[c]->str))
              ok = FALSE;
          if (placed > 0)
            ok = FALSE;
          break;
        }
      } else {
        break;
      }
      used = j - i + 1;
    }
    for (guint k = 0; k + 1 < np && ok; k++)
      ok = category_like (col[k]->str);
    if (ok) {
      g_ptr_array_remove_range (units, i, used);
      for (guint k = 0; k < np; k++) {
        Unit *c = unit_new (u->line, col[k]->str, k == 0 ? u->glued : FALSE);
        c->cell_start = TRUE;
        c->category = k + 1 < np;
        c->name_piece = k + 1 == np;
        g_ptr_array_add (tb->owned, c);
        g_ptr_array_insert (units, (gint) (i + k), c);
      }
      i += np - 1;
    }
    for (guint k = 0; k < np; k++)
      g_string_free (col[k], TRUE);
  }
}

/* How sure is it that a new cell starts between text units a and b (z before a, or NULL)? */
static int
cut_score (const Table *tb, const Unit *z, const Unit *a, const Unit *b)
{
  if (b->cell_start)
    return CERTAIN;
  if (tb->blank_mode) {
    /* category cells stacked one on another print glued (数量指标 / 质量指标) */
    if (b->glued && (g_str_has_suffix (a->text, "标") || g_str_has_suffix (a->text, "效益"))
        && fr_rule_test (FR_RULE_TEXT_CATEGORY_HEAD, b->text))
      return 0;
    return b->glued ? -CERTAIN : CERTAIN;
  }
  int s = 0;
  if (ends_sentence (a->text))
    s += 3;
  if (z != NULL && a->width + 1.5f <= z->width)
    s += a->width * 2 <= z->width ? 3 : 2;   /* a short last line */
  if (tb->name_width > 0 && a->width <= tb->name_width + 0.5f && b->width > tb->name_width + 0.5f)
    s += 2;   /* too wide for the name column: a cell further right */
  static const char *const no_start[] = { "，", "。", "、", "；", "：", "）", "》", "”", "’", ",", ".", ")" };
  static const char *const no_end[] = { "（", "《", "“", "‘", "(", "—", "-" };
  for (guint i = 0; i < G_N_ELEMENTS (no_start); i++)
    if (g_str_has_prefix (b->text, no_start[i]))
      s -= 5;
  for (guint i = 0; i < G_N_ELEMENTS (no_end); i++)
    if (g_str_has_suffix (a->text, no_end[i]))
      s -= 5;
  return s;
}

/* The parse: a best path over (token position, state).  States: CAT(j), j category cells
 * of a row read (CAT(0) is between rows), then VAL(c), the name and c value cells read. */
enum { ACT_NONE, ACT_SKIP, ACT_CAT, ACT_NAME, ACT_NAMELESS, ACT_VALUE, ACT_TEXT, ACT_EMPTY };
#define N_STATES (MAX_CATS + 1 + MAX_COLS)
#define VAL(c) (MAX_CATS + 1 + (c))

typedef struct {
  int score;
  guint from;          /* position before the step */
  guint8 state;        /* state before the step */
  guint8 act;
} Step;

#define UNREACHED G_MININT

static void
relax (Step *dp, guint pos, guint st, int score, guint from, guint from_st, guint8 act)
{
  Step *d = &dp[pos * N_STATES + st];
  if (score > d->score) {
    d->score = score;
    d->from = from;
    d->state = (guint8) from_st;
    d->act = act;
  }
}

/* The score of tokens [p, q) as one cell, or NO_CELL: a cell never starts inside glued lines
 * of one cell (cut <= -CERTAIN) and never takes in a side-by-side piece of another. */

static int
cell_score (const Tok *t, guint p, guint q, gboolean name)
{
  int s = 0;
  for (guint i = p; i < q; i++)
    if (t[i].u->category || (t[i].u->name_piece && !name))
      return NO_CELL;
  if (p > 0 && t[p - 1].value == NULL) {
    if (t[p].cut <= -CERTAIN)
      return NO_CELL;
    s += t[p].cut;
  }
  /* joining lines costs what their boundary says against it; a glued line costs nothing */
  for (guint i = p + 1; i < q; i++) {
    if (t[i].u->cell_start)
      return NO_CELL;
    s -= MAX (t[i].cut, 0);
  }
  return s;
}

/* What leaving token p out costs: a whole cell more than a line inside one. */
static int
skip_cost (const Tok *t, guint p)
{
  return (t[p].value == NULL && p > 0 && t[p - 1].value == NULL && t[p].cut < 0) ? 1 : 4;
}

/* A category word of a row's own (+), better when it reads complete (数量指标, not 数量). */
static int
category_bonus (const Table *tb, const char *text)
{
  static const char *const ends[] = { "指标", "效益", "满意度", "情况", "）", ")", "管理" };
  int b = tb->blank_mode ? 0 : 1;
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    if (g_str_has_suffix (text, ends[i]))
      return b + 1;
  return b;
}

static gboolean
name_ok (const char *text)
{
  if (g_utf8_strlen (text, -1) < 2)
    return FALSE;
  /* a bare category word where the name should be means the name stands elsewhere */
  if (g_utf8_strlen (text, -1) <= 6 && fr_rule_test (FR_RULE_TEXT_CATEGORY, text))
    return FALSE;
  if (fr_rule_test (FR_RULE_TEXT_SCORE_NOTE, text))
    return FALSE;
  /* a name has words, and no value in it (…≤1638.67万元≥330台套 is several cells run together) */
  gboolean word = FALSE;
  for (const char *c = text; *c && !word; c = g_utf8_next_char (c))
    word = fr_is_cjk (g_utf8_get_char (c));
  if (!word || fr_rule_test (FR_RULE_TEXT_NOT_NAME, text))
    return FALSE;
  /* a short sentence (无偏差。) is a remark, not a name */
  if (g_utf8_strlen (text, -1) <= 8 && g_str_has_suffix (text, "。"))
    return FALSE;
  return fr_text_width (text) <= 40;
}

typedef struct {
  guint n_cats;
  guint cat[MAX_CATS][2];
  guint name[2];               /* equal: no name */
  guint col[MAX_COLS][2];      /* equal: empty */
} Span;

static char *
span_text (const Tok *t, const guint sp[2])
{
  GString *s = g_string_new (NULL);
  for (guint i = sp[0]; i < sp[1]; i++) {
    if (t[i].value != NULL) {
      g_string_append (s, t[i].value);
      continue;
    }
    fr_join_append (s, t[i].u->text);
  }
  return g_string_free (s, FALSE);
}

/* Reads rows out of tokens; returns the spans, and marks skipped tokens. */
static GArray *
parse_rows (const Table *tb, const Tok *t, guint n, gboolean *skipped)
{
  guint C = tb->cols->len;
  guint max_cats = tb->levels ? MIN (tb->levels, MAX_CATS) : MAX_CATS;
  Step *dp = g_new (Step, (gsize) (n + 1) * N_STATES);
  for (guint i = 0; i < (n + 1) * N_STATES; i++)
    dp[i] = (Step) { UNREACHED, 0, 0, ACT_NONE };
  dp[0].score = 0;
  for (guint p = 0; p <= n; p++) {
    /* twice: an empty last note returns to CAT(0) at the same position */
    for (int sweep = 0; sweep < 2; sweep++)
      for (guint st = 0; st < N_STATES; st++) {
        int cur = dp[p * N_STATES + st].score;
        if (cur == UNREACHED)
          continue;
        if (st <= MAX_CATS) {
          guint j = st;
          /* junk between rows; or, among a row's categories, a category cell that
           * pdftotext stacked on them from a row below */
          if (p < n && (j == 0 || t[p].value == NULL))
            relax (dp, p + 1, j, cur - skip_cost (t, p), p, st, ACT_SKIP);
          if (j == 0 && p < n && t[p].value != NULL)
            relax (dp, p, VAL (0), cur - 6, p, st, ACT_NAMELESS);
          GString *acc = g_string_new (NULL);
          for (guint q = p + 1; q <= n && q <= p + MAX_CELL && t[q - 1].value == NULL; q++) {
            fr_join_append (acc, t[q - 1].u->text);
            /* a side-by-side category piece is a category cell on its own */
            gboolean piece = q == p + 1 && t[p].u->category;
            gboolean top_late = j > 0 && fr_rule_test (FR_RULE_TEXT_CATEGORY_TOP, acc->str);
            if (j < max_cats && !top_late && (piece || fr_rule_test (FR_RULE_TEXT_CATEGORY, acc->str))) {
              int cs = piece ? (p > 0 && t[p - 1].value == NULL ? t[p].cut : 0) : cell_score (t, p, q, FALSE);
              if (cs != NO_CELL)
                relax (dp, q, j + 1, cur + cs + category_bonus (tb, acc->str), p, st, ACT_CAT);
            }
            int cs = cell_score (t, p, q, TRUE);
            if (cs == NO_CELL && !piece)
              break;
            if (cs != NO_CELL && name_ok (acc->str))
              relax (dp, q, VAL (0), cur + cs, p, st, ACT_NAME);
          }
          g_string_free (acc, TRUE);
        } else {
          guint c = st - VAL (0);
          FrColumnRole role = g_array_index (tb->cols, FrColumnRole, c);
          guint next = c + 1 < C ? VAL (c + 1) : 0;
          if (p < n && t[p].value != NULL && value_suits (role, t[p].value))
            relax (dp, p + 1, next, cur + 1, p, st, ACT_VALUE);
          if (role_takes_text (role))
            for (guint q = p + 1; q <= n && q <= p + MAX_CELL && t[q - 1].value == NULL; q++) {
              int cs = cell_score (t, p, q, FALSE);
              if (cs == NO_CELL)
                break;
              relax (dp, q, next, cur + cs, p, st, ACT_TEXT);
            }
          if (role == FR_COL_NOTE && c + 1 == C)
            relax (dp, p, next, cur - 1, p, st, ACT_EMPTY);
        }
      }
  }
  /* walk back from the end, between rows */
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (guint) * 3);
  guint pos = n, st = 0;
  while (pos > 0 || st != 0) {
    Step *d = &dp[pos * N_STATES + st];
    if (d->act == ACT_NONE)
      break;
    guint rec[3] = { d->from, pos, ((guint) d->state << 8) | d->act };
    g_array_prepend_vals (steps, rec, 1);
    pos = d->from;
    st = d->state;
  }
  g_free (dp);

  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Span));
  Span cur = { 0 };
  for (guint i = 0; i < steps->len; i++) {
    guint *rec = &g_array_index (steps, guint, (gsize) i * 3);
    guint from = rec[0], to = rec[1], act = rec[2] & 0xff, st_from = rec[2] >> 8;
    switch (act) {
    case ACT_SKIP:
      skipped[from] = TRUE;
      continue;
    case ACT_CAT:
      cur.cat[cur.n_cats][0] = from;
      cur.cat[cur.n_cats][1] = to;
      cur.n_cats++;
      continue;
    case ACT_NAME:
    case ACT_NAMELESS:
      cur.name[0] = from;
      cur.name[1] = to;
      break;
    default: {
      guint c = st_from - VAL (0);
      cur.col[c][0] = from;
      cur.col[c][1] = to;
      if (c + 1 == C) {
        g_array_append_val (rows, cur);
        memset (&cur, 0, sizeof cur);
      }
    }
    }
  }
  g_array_unref (steps);
  return rows;
}

/* ---- one table ------------------------------------------------------------------------ */

static gboolean
has_inner_space (const Unit *u)
{
  g_autofree char *src = g_strstrip (g_strdup (u->line->source_text ? u->line->source_text : u->text));
  return strchr (src, ' ') != NULL;
}

/* pdftotext's default mode can print a row's name away from its values (after the table,
 * with the merged cells).  When the names left over and the rows without one are as many,
 * they go together in order; otherwise both stay out. */
static void
place_orphans (Table *tb, const Tok *t, guint n, gboolean *skipped, GArray *spans)
{
  guint nameless = 0;
  for (guint r = 0; r < spans->len; r++) {
    Span *s = &g_array_index (spans, Span, r);
    nameless += s->name[0] == s->name[1];
  }
  if (nameless == 0)
    return;
  /* pdftotext prints them after the table's last row, with the merged cells */
  guint after = 0;
  for (guint r = 0; r < spans->len; r++) {
    Span *s = &g_array_index (spans, Span, r);
    for (guint c = 0; c < tb->cols->len; c++)
      after = MAX (after, s->col[c][1]);
  }
  g_autoptr (GArray) orphans = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  for (guint i = after; i < n; i++) {
    if (!skipped[i] || t[i].value != NULL)
      continue;
    guint j = i + 1;
    while (j < n && skipped[j] && t[j].value == NULL && t[j].cut <= 0)
      j++;
    guint sp[2] = { i, j };
    g_autofree char *text = span_text (t, sp);
    gboolean ok = name_ok (text) && !fr_rule_test (FR_RULE_TEXT_CATEGORY, text)
                  && !fr_rule_test (FR_RULE_TEXT_TOTAL, text);
    for (guint k = i; k < j && ok; k++)
      ok = !has_inner_space (t[k].u);
    if (ok)
      g_array_append_vals (orphans, sp, 1);
    i = j - 1;
  }
  if (orphans->len != nameless)
    return;
  guint o = 0;
  GString *names = g_string_new (NULL);
  for (guint r = 0; r < spans->len; r++) {
    Span *s = &g_array_index (spans, Span, r);
    if (s->name[0] != s->name[1])
      continue;
    guint *sp = &g_array_index (orphans, guint, (gsize) 2 * o++);
    s->name[0] = sp[0];
    s->name[1] = sp[1];
    for (guint k = sp[0]; k < sp[1]; k++)
      skipped[k] = FALSE;
    g_autofree char *text = span_text (t, sp);
    g_string_append_printf (names, "%s%s", names->len ? "、" : "", text);
  }
  fr_analysis_warn (tb->an, "text table, page %u: names printed apart from their rows, placed "
                    "in order on the rows that had none: %s", t[g_array_index (orphans, guint, 0)].u->line->page + 1,
                    names->str);
  g_string_free (names, TRUE);
}

/* Puts the value columns in an order a table can have.  The header words come in the
 * dump's order, which pdftotext's default mode can scramble; what holds in every layout is
 * target before actual before rate, a score after its weight, and the note last. */
static void
order_columns (Table *tb)
{
  static const FrColumnRole chain[] = { FR_COL_TARGET, FR_COL_ACTUAL, FR_COL_RATE };
  FrColumnRole *cols = (FrColumnRole *) tb->cols->data;
  const char **words = (const char **) tb->col_words->pdata;
  guint C = tb->cols->len;
  g_autofree const char **chain_words = g_new0 (const char *, G_N_ELEMENTS (chain));
  guint k = 0;
  for (guint c = 0; c < C; c++)
    for (guint r = 0; r < G_N_ELEMENTS (chain); r++)
      if (cols[c] == chain[r])
        chain_words[r] = words[c];
  for (guint c = 0; c < C; c++)
    for (guint r = 0; r < G_N_ELEMENTS (chain); r++)
      if (cols[c] == chain[r]) {
        while (chain_words[k] == NULL)
          k++;
        cols[c] = chain[k];
        words[c] = chain_words[k];
        k++;
        break;
      }
  for (guint c = 0; c + 1 < C; c++)
    if (cols[c] == FR_COL_NOTE) {
      FrColumnRole r = cols[c];
      const char *w = words[c];
      memmove (cols + c, cols + c + 1, (C - c - 1) * sizeof (FrColumnRole));
      memmove (words + c, words + c + 1, (C - c - 1) * sizeof (char *));
      cols[C - 1] = r;
      words[C - 1] = w;
      break;
    }
  for (guint a = 0; a < C; a++)
    for (guint b = a + 1; b < C; b++)
      if (cols[a] == FR_COL_SCORE && cols[b] == FR_COL_WEIGHT) {
        cols[a] = FR_COL_WEIGHT;
        cols[b] = FR_COL_SCORE;
        const char *w = words[a];
        words[a] = words[b];
        words[b] = w;
      }
}

/* Builds the table of the region's units; returns NULL when it holds no row. */
static FrTable *
build_table (Table *tb, GPtrArray *region, GArray *roles, GPtrArray *words, gboolean *unread)
{
  /* value columns in header order, each role once */
  tb->cols = g_array_new (FALSE, FALSE, sizeof (FrColumnRole));
  tb->col_words = g_ptr_array_new ();
  const char *group_word = NULL, *name_word = NULL, *filler = NULL;
  g_autoptr (GPtrArray) level_words = g_ptr_array_new ();
  guint filler_before = G_MAXUINT;
  for (guint i = 0; i < roles->len; i++) {
    FrColumnRole r = g_array_index (roles, FrColumnRole, i);
    const char *w = g_ptr_array_index (words, i);
    if (r == FR_COL_UNIT || r == FR_COL_DIRECTION) {
      /* a dump prints a unit or a sign alone on its line (万平方米, ≥), where nothing tells
       * it from a name: such a table is left out, never guessed */
      guint page = region->len ? ((const Unit *) g_ptr_array_index (region, 0))->line->page : 0;
      fr_analysis_warn (tb->an, "text table, page %u: left out whole: the target's unit and bound "
                        "stand in columns of their own (%s)", page + 1, w);
      *unread = TRUE;
      return NULL;
    }
    gboolean seen = FALSE;
    for (guint c = 0; c < tb->cols->len; c++)
      seen |= g_array_index (tb->cols, FrColumnRole, c) == r;
    if (r == FR_COL_LEVEL) {
      gboolean dup = FALSE;
      for (guint k = 0; k < level_words->len; k++)
        dup |= strcmp (g_ptr_array_index (level_words, k), w) == 0;
      if (g_str_has_suffix (w, "级指标") && !dup)
        g_ptr_array_add (level_words, (gpointer) w);
      else if (group_word == NULL)
        group_word = w;
    } else if (r == FR_COL_NAME) {
      name_word = name_word ? name_word : w;
    } else if (r == FR_COL_FILLER) {
      if (filler == NULL && g_str_has_suffix (w, "填列")) {
        filler = w;
        filler_before = tb->cols->len;
      }
    } else if (!seen && tb->cols->len < MAX_COLS) {
      g_array_append_val (tb->cols, r);
      g_ptr_array_add (tb->col_words, (gpointer) w);
    }
  }
  guint C = tb->cols->len;
  if (C < 2)
    return NULL;
  tb->levels = level_words->len;
  order_columns (tb);

  /* tokens: text lines (side-by-side cells split) and values */
  g_autoptr (GPtrArray) units = g_ptr_array_new ();
  for (guint i = 0; i < region->len; i++) {
    Unit *u = g_ptr_array_index (region, i);
    if (!u->header)
      g_ptr_array_add (units, u);
  }
  split_side_by_side (tb, units);
  /* the name column's width, from names that are sure: the text on a line with all values */
  for (guint i = 0; i < units->len; i++) {
    Unit *u = g_ptr_array_index (units, i);
    if (u->values != NULL && u->values->len == C && *u->text != '\0')
      tb->name_width = MAX (tb->name_width, u->width);
  }
  g_autoptr (GArray) toks = g_array_new (FALSE, TRUE, sizeof (Tok));
  for (guint i = 0; i < units->len; i++) {
    Unit *u = g_ptr_array_index (units, i);
    if (*u->text != '\0') {
      Tok tk = { u, NULL, 0 };
      if (toks->len > 0 && g_array_index (toks, Tok, toks->len - 1).value == NULL) {
        const Tok *prev = &g_array_index (toks, Tok, toks->len - 1);
        const Tok *z = toks->len > 1 && g_array_index (toks, Tok, toks->len - 2).value == NULL
                       ? &g_array_index (toks, Tok, toks->len - 2) : NULL;
        tk.cut = cut_score (tb, z ? z->u : NULL, prev->u, u);
      }
      g_array_append_val (toks, tk);
    }
    for (guint k = 0; u->values && k < u->values->len; k++) {
      Tok tk = { u, g_ptr_array_index (u->values, k), 0 };
      g_array_append_val (toks, tk);
    }
  }
  guint n = toks->len;
  const Tok *t = (const Tok *) toks->data;
  g_autofree gboolean *skipped = g_new0 (gboolean, n + 1);
  g_autoptr (GArray) spans = parse_rows (tb, t, n, skipped);

  place_orphans (tb, t, n, skipped, spans);

  /* a table the rules read little of is one they do not understand: none of it is given */
  guint n_skipped = 0, nameless = 0;
  for (guint i = 0; i < n; i++)
    n_skipped += skipped[i];
  for (guint r = 0; r < spans->len; r++)
    nameless += g_array_index (spans, Span, r).name[0] == g_array_index (spans, Span, r).name[1];
  if (n_skipped * 10 > n * UNREAD_SHARE || nameless * 2 > spans->len) {
    fr_analysis_warn (tb->an, "text table, page %u: left out whole: %u of its %u cells and values "
                      "fit no row, %u of its %u rows have no name", t[0].u->line->page + 1,
                      n_skipped, n, nameless, spans->len);
    *unread = TRUE;
    return NULL;
  }

  /* what was left out, run by run */
  for (guint i = 0; i < n; i++) {
    if (!skipped[i])
      continue;
    guint j = i;
    while (j < n && skipped[j])
      j++;
    guint sp[2] = { i, j };
    g_autofree char *left = span_text (t, sp);
    fr_analysis_warn (tb->an, "text table, page %u: left out, not placed in a row: %s",
                      t[i].u->line->page + 1, left);
    i = j;
  }

  guint K = tb->levels;
  guint kept = 0;
  for (guint r = 0; r < spans->len; r++) {
    Span *s = &g_array_index (spans, Span, r);
    if (s->name[0] == s->name[1])
      continue;
    K = MAX (K, s->n_cats);
    kept++;
  }
  if (kept == 0)
    return NULL;

  FrTable *t_out = fr_table_new ();
  t_out->method = "text";
  t_out->n_cols = K + 1 + C;
  guint first_page = ((Unit *) g_ptr_array_index (region, 0))->line->page;
  /* header: category and name columns under their words, then the value columns */
  for (int pass = filler ? 0 : 1; pass < 2; pass++) {
    GPtrArray *h = g_ptr_array_new_with_free_func (g_free);
    for (guint c = 0; c <= K; c++) {
      const char *w = group_word ? group_word : "";
      if (c < level_words->len)
        w = g_ptr_array_index (level_words, c);
      else if (c == K && name_word)
        w = name_word;
      g_ptr_array_add (h, g_strdup (w));
    }
    for (guint c = 0; c < C; c++)
      g_ptr_array_add (h, g_strdup (pass == 0 && c == filler_before ? filler
                                    : (const char *) g_ptr_array_index (tb->col_words, c)));
    g_ptr_array_add (t_out->rows, h);
    g_ptr_array_add (t_out->row_pages, GUINT_TO_POINTER (first_page));
    t_out->n_header_rows++;
  }

  /* body: a merged category cell repeats down the rows it spans */
  g_autoptr (GPtrArray) cats = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < K; c++)
    g_ptr_array_add (cats, g_strdup (""));
  gboolean missing = FALSE;
  for (guint r = 0; r < spans->len; r++) {
    Span *s = &g_array_index (spans, Span, r);
    if (s->name[0] == s->name[1]) {
      GString *v = g_string_new (NULL);
      for (guint c = 0; c < C; c++) {
        g_autofree char *cell = span_text (t, s->col[c]);
        g_string_append_printf (v, "%s%s", c ? " | " : "", cell);
      }
      fr_analysis_warn (tb->an, "text table, page %u: a row without its name left out: %s",
                        t[s->col[0][0]].u->line->page + 1, v->str);
      g_string_free (v, TRUE);
      continue;
    }
    /* the categories a row gives are its deepest levels, unless it opens with a first-level
     * one */
    guint start = K - s->n_cats;
    if (s->n_cats > 0) {
      g_autofree char *first = span_text (t, s->cat[0]);
      if (fr_rule_test (FR_RULE_TEXT_CATEGORY_TOP, first))
        start = 0;
    }
    for (guint c = 0; c < s->n_cats; c++) {
      guint at = start + c;
      g_free (cats->pdata[at]);
      cats->pdata[at] = span_text (t, s->cat[c]);
    }
    guint page = t[s->name[0]].u->line->page;
    guint rix = t_out->rows->len;
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    for (guint c = 0; c < K; c++) {
      missing |= *(char *) cats->pdata[c] == '\0';
      g_ptr_array_add (row, g_strdup (cats->pdata[c]));
    }
    g_ptr_array_add (row, span_text (t, s->name));
    for (guint c = 0; c < C; c++)
      g_ptr_array_add (row, span_text (t, s->col[c]));
    for (guint c = 0; c < row->len; c++) {
      FrCell cell = { g_strdup (g_ptr_array_index (row, c)), { 0, 0, 0, 0 }, page, rix, c, 1, 1 };
      g_array_append_val (t_out->cells, cell);
    }
    g_ptr_array_add (t_out->rows, row);
    g_ptr_array_add (t_out->row_pages, GUINT_TO_POINTER (page));
  }
  if (missing)
    fr_analysis_warn (tb->an, "text table, page %u: some rows have no category above them "
                      "(a dump can move merged cells away from their rows)", first_page + 1);
  return t_out;
}

/* A table pdftotext printed column by column (textcolumns.c), when the region is one and
 * gives rows; its warnings are kept only then, and otherwise the row-wise reader has it. */
static FrTable *
columns_table (FrAnalysis *an, GPtrArray *region, GArray *roles, GPtrArray *words)
{
  g_autofree FrColLine *lines = g_new0 (FrColLine, region->len + 1);
  for (guint k = 0; k < region->len; k++) {
    Unit *v = g_ptr_array_index (region, k);
    /* the line itself: the row-wise reader took values off the ends of some */
    lines[k] = (FrColLine) { v->line, v->line->text, fr_text_line_width (v->line), v->glued, v->header };
  }
  g_autofree char **stripped = g_new0 (char *, region->len + 1);
  for (guint k = 0; k < region->len; k++) {
    stripped[k] = g_strstrip (g_strdup (lines[k].text));
    lines[k].text = stripped[k];
  }
  guint warned = an->warnings->len;
  gboolean refused = FALSE;
  FrTable *t = fr_text_columns_table (an, lines, region->len, (const FrColumnRole *) roles->data,
                                      (const char *const *) words->pdata, words->len, &refused);
  if (t == NULL)
    g_ptr_array_set_size (an->warnings, warned);
  for (guint k = 0; k < region->len; k++)
    g_free (stripped[k]);
  return t;
}

/* ---- regions ---------------------------------------------------------------------------- */

/* The caption under a table's title and its unit note (部门名称：… 单位：万元) stand on one line
 * of the page; pdftotext's default mode can print the note among the header cells.  It goes
 * back to the end of the caption line, as the page shows it. */
static void
join_unit_note (FrAnalysis *an, GPtrArray *units, guint above, guint from, guint to)
{
  Unit *caption = NULL;
  for (guint k = from; k > above; k--) {
    Unit *c = g_ptr_array_index (units, k - 1);
    if (fr_rule_test (FR_RULE_TEXT_CAPTION, c->text))
      caption = c;
  }
  if (caption == NULL || fr_rule_test (FR_RULE_TEXT_UNIT_NOTE, caption->text))
    return;
  for (guint k = from; k < to && k < from + 12; k++) {
    Unit *n = g_ptr_array_index (units, k);
    if (!n->header || !fr_rule_test (FR_RULE_TEXT_UNIT_NOTE, n->text))
      continue;
    FrLine *l = caption->line;
    g_autofree char *before = g_strdup (l->text);
    fr_line_append (l, ' ', 0, 0, 0, 0, 0, 0);
    for (const char *c = n->text; *c; c = g_utf8_next_char (c))
      fr_line_append (l, g_utf8_get_char (c), 0, 0, 0, 0, 0, 0);
    fr_line_sync (l, an->doc);
    fr_analysis_fix (an, FR_RULE_TEXT_UNIT_NOTE, "unit-note", l, before, l->text);
    n->text[0] = '\0';
    return;
  }
}

void
fr_text_tables (FrAnalysis *an, float usual)
{
  const FrDocument *doc = an->doc;
  if (usual <= 0)
    return;
  /* every non-blank body line, in order, remembering the blank lines between them */
  g_autoptr (GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_free);
  guint wide = 0, wide_then_blank = 0;
  gboolean blank = FALSE;
  Unit *last_wide = NULL;
  for (guint p = 0; p < doc->pages->len; p++) {
    const FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint i = 0; i < page->lines->len; i++) {
      FrLine *l = g_ptr_array_index (page->lines, i);
      if (l->kind != FR_LINE_BODY)
        continue;
      if (fr_text_is_blank (l->text)) {
        blank = TRUE;
        if (last_wide != NULL)
          wide_then_blank++;
        last_wide = NULL;
        continue;
      }
      Unit *u = unit_new (l, l->text, !blank);
      g_strstrip (u->text);
      blank = FALSE;
      last_wide = NULL;
      if (u->width >= usual * 0.6f) {
        wide++;
        last_wide = u;
      }
      g_ptr_array_add (units, u);
    }
  }
  gboolean blank_mode = wide > 0 && wide_then_blank * 2 < wide;

  /* header lines: made of header words alone, or with a neighbour (指标完成 / 率) */
  for (guint i = 0; i < units->len; i++) {
    Unit *u = g_ptr_array_index (units, i);
    if (u->width > usual * 0.6f)
      continue;
    if (header_covered (u->text, NULL, NULL)) {
      u->header = TRUE;
      continue;
    }
    for (guint n = 2; n <= 3 && !u->header; n++)
      for (guint s = i + 1 >= n ? i + 1 - n : 0; s <= i && s + n <= units->len; s++) {
        g_autofree char *j = join_texts ((Unit **) units->pdata + s, n);
        if (header_covered (j, NULL, NULL)) {
          for (guint k = s; k < s + n; k++)
            ((Unit *) g_ptr_array_index (units, k))->header = TRUE;
          break;
        }
      }
  }
  /* values at the ends of the other lines */
  for (guint i = 0; i < units->len; i++) {
    Unit *u = g_ptr_array_index (units, i);
    if (u->header)
      continue;
    /* where blank lines part the cells, the lines glued together are one cell: its values
     * are read from all of them (≥180000平 / 方米), and none from a line within it */
    guint j = i + 1;
    if (blank_mode)
      while (j < units->len && ((Unit *) g_ptr_array_index (units, j))->glued
             && !((Unit *) g_ptr_array_index (units, j))->header)
        j++;
    if (j > i + 1) {
      g_autofree char *joined = join_texts ((Unit **) units->pdata + i, j - i);
      char *rest = g_strdup (joined);
      GPtrArray *vals = take_values (&rest);
      gboolean spaced = FALSE;
      for (guint k = i; k < j; k++) {
        Unit *v = g_ptr_array_index (units, k);
        g_autofree char *src = g_strstrip (g_strdup (v->line->source_text ? v->line->source_text : ""));
        spaced |= strchr (src, ' ') != NULL;
      }
      if (vals->len > 0 && *rest == '\0' && !spaced) {
        u->values = vals;
        g_free (u->text);
        u->text = rest;
        u->width = 0;
        for (guint k = i + 1; k < j; k++) {
          Unit *v = g_ptr_array_index (units, k);
          v->text[0] = '\0';
          v->width = 0;
          v->absorbed = TRUE;
        }
      } else {
        g_ptr_array_unref (vals);
        g_free (rest);
      }
      i = j - 1;
      continue;
    }
    char *rest = g_strdup (u->text);
    GPtrArray *vals = take_values (&rest);
    /* a lone value after text is part of the text (人和镇商会等10家), not a column */
    if (vals->len > 0 && (*rest == '\0' || vals->len >= 2)) {
      u->values = vals;
      g_free (u->text);
      u->text = rest;
      u->width = fr_text_width (rest);
    } else {
      g_ptr_array_unref (vals);
      g_free (rest);
    }
  }


  for (guint i = 0; i < units->len; i++) {
    Unit *u = g_ptr_array_index (units, i);
    if (!u->header)
      continue;
    /* grow the region over short lines while rows keep coming */
    guint end = i, last_value = G_MAXUINT;
    for (guint j = i; j < units->len; j++) {
      Unit *v = g_ptr_array_index (units, j);
      gboolean cell = v->header || v->values != NULL
                      || (v->width <= usual * CELL_WIDTH && !(last_value != G_MAXUINT && is_heading (v->text)));
      if (!cell)
        break;
      if (v->values != NULL)
        last_value = j;
      end = j + 1;
    }
    if (last_value == G_MAXUINT) {
      i = end > i ? end - 1 : i;
      continue;
    }
    /* after the last row: leftover cells, up to a heading or (unless the table has a
     * column of remarks, whose cells are sentences) a sentence */
    gboolean notes = FALSE;
    for (guint j = i; j < end && !notes; j++) {
      Unit *v = g_ptr_array_index (units, j);
      g_autoptr (GArray) r = g_array_new (FALSE, FALSE, sizeof (FrColumnRole));
      g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      if (v->header && header_covered (v->text, r, w))
        for (guint k = 0; k < r->len; k++)
          notes |= g_array_index (r, FrColumnRole, k) == FR_COL_NOTE;
    }
    guint stop = last_value + 1;
    while (stop < end) {
      Unit *v = g_ptr_array_index (units, stop);
      if (!v->header && ((!notes && ends_sentence (v->text)) || is_heading (v->text)))
        break;
      stop++;
    }
    end = stop;

    g_autoptr (GArray) roles = g_array_new (FALSE, FALSE, sizeof (FrColumnRole));
    g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
    /* header words, joining the torn ones (指标完成 / 率) */
    for (guint j = i; j < end; j++) {
      Unit *v = g_ptr_array_index (units, j);
      if (!v->header)
        continue;
      guint k = j;
      while (k + 1 < end && ((Unit *) g_ptr_array_index (units, k + 1))->header)
        k++;
      /* the longest covered joins, left to right */
      guint s = j;
      while (s <= k) {
        guint best = s;
        for (guint e = k; e >= s; e--) {
          g_autofree char *jt = join_texts ((Unit **) units->pdata + s, e - s + 1);
          if (header_covered (jt, NULL, NULL)) {
            header_covered (jt, roles, words);
            best = e;
            break;
          }
          if (e == 0)
            break;
        }
        s = best + 1;
      }
      j = k;
    }

    Table tb = { an, usual, blank_mode, NULL, NULL, 0, 0, g_ptr_array_new_with_free_func ((GDestroyNotify) unit_free) };
    g_autoptr (GPtrArray) region = g_ptr_array_new ();
    for (guint k = i; k < end; k++)
      g_ptr_array_add (region, g_ptr_array_index (units, k));
    gboolean unread = FALSE;
    FrTable *t = columns_table (an, region, roles, words);
    if (t == NULL)
      t = build_table (&tb, region, roles, words, &unread);
    if (tb.cols)
      g_array_unref (tb.cols);
    if (tb.col_words)
      g_ptr_array_unref (tb.col_words);
    if (t == NULL) {
      /* a table not understood stays out of the paragraphs too */
      for (guint k = i; unread && k < end; k++) {
        Unit *v = g_ptr_array_index (units, k);
        v->line->kind = FR_LINE_TABLE;
        v->line->rule = "text_table_unread";
      }
      g_ptr_array_unref (tb.owned);
      i = end > i ? end - 1 : i;
      continue;
    }
    /* the title: a line just above that names a table; it is the table's, not a paragraph */
    guint from = i;
    for (guint k = i; k > 0 && k + 3 > i; k--) {
      Unit *c = g_ptr_array_index (units, k - 1);
      if (fr_rule_test (FR_RULE_TEXT_TABLE_TITLE, c->text) && c->width <= usual * 0.8f) {
        t->title = g_strdup (c->text);
        from = k - 1;
        break;
      }
    }
    join_unit_note (an, units, from, i, end);
    FrBlock *blk = fr_block_new (FR_BLOCK_TABLE, u->line->page);
    t->page = u->line->page;
    for (guint k = from; k < end; k++) {
      if (k > from && k < i)
        continue;   /* a caption between title and table stays a paragraph */
      Unit *v = g_ptr_array_index (units, k);
      guint pg = v->line->page;
      if (t->pages->len == 0 || g_array_index (t->pages, guint, t->pages->len - 1) != pg)
        g_array_append_val (t->pages, pg);
      v->line->kind = FR_LINE_TABLE;
      v->line->rule = "text_table";
      g_ptr_array_add (blk->lines, v->line);
      blk->last_page = pg;
    }
    blk->table = t;
    blk->rule = "text_table";
    g_ptr_array_add (an->blocks, blk);
    g_ptr_array_add (an->tables, t);
    g_ptr_array_unref (tb.owned);
    i = end - 1;
  }
}
