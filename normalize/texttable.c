/* texttable.c — the text route's measures, and its indicator tables rebuilt from torn cells.
 *
 * A dump tears a table into fragments, one cell line per line.  The rebuilder:
 * - finds a region: it starts at the header (lines made only of header words, TEXT_HEADER_WORD,
 *   alone or joined with a neighbour: 指标完成 / 率) and runs over short lines while rows keep
 *   coming; it ends at a line as wide as the body, a heading, or a sentence after the last row;
 * - reads the value columns from the header words, in order (年度目标值, 年度实现值, 指标完成率);
 * - tokenises: a line that ends in values (TEXT_VALUE_TAIL: 23个, 415.32平方米, 100%, 合格) gives
 *   them, with its text as the last line of the indicator name; other lines are text;
 * - makes a row of each run of text lines and the values after them.  The values fill the last
 *   value columns; text cells fill the others, from the end of the run.  The run begins with
 *   the category cells that changed (TEXT_CATEGORY: 数量指标, 产出指标（分值20）), a merged
 *   cell repeating down the rows below it; the rest is the name;
 * - splits text cells where the evidence is: a blank line (when the dump's blank lines mean
 *   something, as in pdftotext's default mode), a sentence end, a short last line, a line too
 *   wide for the name column.  A row whose cells cannot be told apart, whose value does not
 *   suit its column (a rate must be a percentage), or that has no name is left out, and its
 *   text goes to warnings: never guessed into a wrong row.
 */
#include "texttable.h"

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
      if (l->kind != FR_LINE_BODY)
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

typedef enum {
  ROLE_NONE, ROLE_GROUP, ROLE_NAME, ROLE_TARGET, ROLE_ACTUAL, ROLE_RATE, ROLE_WEIGHT,
  ROLE_SCORE, ROLE_NOTE, ROLE_FILLER, N_ROLES
} Role;

/* the named groups of TEXT_HEADER_WORD, by role */
static const char *const role_group[N_ROLES] = {
  NULL, "group", "name", "target", "actual", "rate", "weight", "score", "note", "filler",
};

/* One line of the dump, or a part of one (side-by-side cells), as the table sees it. */
typedef struct {
  FrLine *line;
  char *text;            /* cleaned; without the values when they were taken */
  GPtrArray *values;     /* trailing values (char*) or NULL */
  float width;           /* of text */
  gboolean glued;        /* no blank line before it */
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
      for (int r = ROLE_GROUP; r < N_ROLES; r++)
        if (fr_match_span (m, role_group[r], NULL, NULL)) {
          Role role = (Role) r;
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
line_is_blank (const FrLine *l)
{
  for (const char *p = l->text; *p; p++)
    if (*p != ' ')
      return FALSE;
  return TRUE;
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

/* ---- rows ------------------------------------------------------------------------------ */

typedef struct {
  GPtrArray *units;      /* borrowed Unit*: the text run */
  GPtrArray *values;     /* borrowed char* */
  guint n_cats;          /* leading units that make category cells: see cats */
  GPtrArray *cats;       /* char*, owned */
  guint rest;            /* index in units where the name starts */
  char *name;
  GPtrArray *cells;      /* char* per value column, owned */
  guint page;
  gboolean ok;
} Row;

static void
row_free (Row *r)
{
  g_ptr_array_unref (r->units);
  g_ptr_array_unref (r->values);
  g_ptr_array_unref (r->cats);
  g_free (r->name);
  if (r->cells)
    g_ptr_array_unref (r->cells);
  g_free (r);
}

typedef struct {
  FrAnalysis *an;
  float usual;
  gboolean blank_mode;   /* blank lines separate cells */
  GArray *cols;          /* of Role: the value columns */
  GPtrArray *col_words;  /* header text per value column */
  float name_width;      /* widest line of a certain name; 0 when unknown */
  GPtrArray *owned;      /* Unit* made by splitting lines */
} Table;

static gboolean
value_suits (Role col, const char *v)
{
  switch (col) {
  case ROLE_RATE:
    return strchr (v, '%') != NULL || strstr (v, "‰") != NULL;
  case ROLE_WEIGHT:
  case ROLE_SCORE: {
    char *end = NULL;
    g_ascii_strtod (v, &end);
    return end != v && (*end == '\0' || g_str_has_prefix (end, "分"));
  }
  default:
    return TRUE;
  }
}

/* A line that holds a category word beside a name ("时效 项目资金支付及时率", then "指标" on
 * the next line) is two cells: the category takes the glued lines after it that complete
 * it; the others stay with the name. */
static void
split_side_by_side (Table *tb, GPtrArray *units)
{
  for (guint i = 0; i < units->len; i++) {
    Unit *u = g_ptr_array_index (units, i);
    if (u->line->source_text == NULL || u->values != NULL)
      continue;
    g_autofree char *src = g_strstrip (g_strdup (u->line->source_text));
    g_auto (GStrv) parts = g_regex_split_simple ("\\s+", src, 0, 0);
    if (g_strv_length (parts) != 2)
      continue;
    g_autofree char *a = fr_clean_text (parts[0]);
    g_autofree char *b = fr_clean_text (parts[1]);
    if (g_utf8_strlen (a, -1) < 2 || g_utf8_strlen (b, -1) < 2
        || !fr_rule_test (FR_RULE_TEXT_CATEGORY_HEAD, a))
      continue;
    /* how many of the glued lines below make it a category */
    GString *cat = g_string_new (a);
    guint take = 0;
    for (guint j = i + 1; j < units->len && j <= i + 3; j++) {
      Unit *n = g_ptr_array_index (units, j);
      if (!n->glued || n->values != NULL)
        break;
      g_string_append (cat, n->text);
      if (fr_rule_test (FR_RULE_TEXT_CATEGORY, cat->str))
        take = j - i;
    }
    g_string_free (cat, TRUE);
    if (take == 0)
      continue;
    GString *cs = g_string_new (a);
    for (guint j = 1; j <= take; j++)
      g_string_append (cs, ((Unit *) g_ptr_array_index (units, i + j))->text);
    Unit *ua = unit_new (u->line, cs->str, u->glued);
    Unit *ub = unit_new (u->line, b, TRUE);
    g_string_free (cs, TRUE);
    g_ptr_array_add (tb->owned, ua);
    g_ptr_array_add (tb->owned, ub);
    g_ptr_array_remove_range (units, i, take + 1);
    g_ptr_array_insert (units, (gint) i, ub);
    g_ptr_array_insert (units, (gint) i, ua);
    i++;
  }
}

/* The category cells at the head of a row: each the shortest run of units whose text is a
 * category, lengthened while the next unit completes it still (数量 + 指标) or opens a
 * bracket (产出指标 + （分值 + 20）).  One unit stays for the name, and `keep` for cells. */
static void
find_categories (Row *r, guint keep)
{
  guint i = 0;
  while (i < r->units->len) {
    guint j = i, end = 0;
    GString *acc = g_string_new (NULL);
    for (; j + keep + 1 < r->units->len; j++) {
      Unit *u = g_ptr_array_index (r->units, j);
      g_string_append (acc, u->text);
      if (fr_rule_test (FR_RULE_TEXT_CATEGORY, acc->str)) {
        end = j + 1;
        /* go on only if the next unit keeps it a category or opens a bracket */
        if (j + 1 + keep + 1 < r->units->len) {
          Unit *n = g_ptr_array_index (r->units, j + 1);
          g_autofree char *more = g_strconcat (acc->str, n->text, NULL);
          if (fr_rule_test (FR_RULE_TEXT_CATEGORY, more) && !g_str_has_suffix (acc->str, "）"))
            continue;
          if (g_str_has_prefix (n->text, "（") || g_str_has_prefix (n->text, "("))
            continue;
        }
        break;
      }
      if (g_utf8_strlen (acc->str, -1) > 40)
        break;
    }
    if (end == 0) {
      g_string_free (acc, TRUE);
      break;
    }
    g_autofree char *joined = join_texts ((Unit **) r->units->pdata + i, end - i);
    g_ptr_array_add (r->cats, g_steal_pointer (&joined));
    g_string_free (acc, TRUE);
    i = end;
  }
  r->rest = i;
}

/* How sure is it that a new cell starts between units a and b (z before a, or NULL)?
 * first_wide: b is the first line too wide for the name column, and all before it fit. */
static int
boundary_score (const Table *tb, const Unit *z, const Unit *a, const Unit *b, gboolean first_wide)
{
  if (tb->blank_mode)
    return b->glued ? -10 : 10;
  int s = 0;
  if (ends_sentence (a->text))
    s += 3;
  if (z != NULL && a->width + 1.5f <= z->width)
    s += a->width * 2 <= z->width ? 3 : 2;   /* a short last line */
  if (first_wide)
    s += 2;   /* the first line too wide for the name column */
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

/* Splits the units after the categories into the name and m text cells; FALSE (with why)
 * when the evidence does not decide. */
static gboolean
split_cells (const Table *tb, Row *r, guint m, const char **why)
{
  Unit **u = (Unit **) r->units->pdata + r->rest;
  guint n = r->units->len - r->rest;
  if (n < 1 + m) {
    *why = "fewer text lines than cells";
    return FALSE;
  }
  /* candidate boundaries 1..n-1, best m of them */
  g_autofree int *score = g_new0 (int, n);
  g_autofree gboolean *cut = g_new0 (gboolean, n + 1);
  gboolean narrow = TRUE;   /* every unit so far fits the name column */
  for (guint i = 1; i < n; i++) {
    narrow &= tb->name_width > 0 && u[i - 1]->width <= tb->name_width + 0.5f;
    gboolean first_wide = narrow && u[i]->width > tb->name_width + 0.5f;
    score[i] = boundary_score (tb, i >= 2 ? u[i - 2] : NULL, u[i - 1], u[i], first_wide);
    narrow &= !first_wide;
  }
  for (guint k = 0; k < m; k++) {
    guint best = 0;
    for (guint i = 1; i < n; i++)
      if (!cut[i] && (best == 0 || score[i] >= score[best]))
        best = i;
    if (best == 0 || score[best] < 2) {
      *why = "cannot tell where its text cells begin";
      return FALSE;
    }
    cut[best] = TRUE;
  }
  /* in blank mode every blank line is a cell: none may be left inside one */
  for (guint i = 1; i < n; i++)
    if (!cut[i] && score[i] >= 10) {
      *why = "more text cells than the columns hold";
      return FALSE;
    }
  cut[n] = TRUE;
  guint from = 0, cell = 0;
  r->cells = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; i <= n; i++) {
    if (!cut[i])
      continue;
    char *text = join_texts (u + from, i - from);
    if (cell == 0)
      r->name = text;
    else
      g_ptr_array_add (r->cells, text);
    cell++;
    from = i;
  }
  return TRUE;
}

/* ---- one table ------------------------------------------------------------------------ */

static void
warn_row (Table *tb, Row *r, const char *why)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < r->units->len; i++)
    fr_join_append (s, ((Unit *) g_ptr_array_index (r->units, i))->text);
  for (guint i = 0; i < r->values->len; i++) {
    g_string_append (s, s->len ? " | " : "");
    g_string_append (s, g_ptr_array_index (r->values, i));
  }
  fr_analysis_warn (tb->an, "text table, page %u: a row left out (%s): %s", r->page + 1, why, s->str);
  g_string_free (s, TRUE);
}

static void
close_row (GPtrArray *rows, GPtrArray **pending, GPtrArray **vals)
{
  Row *r = g_new0 (Row, 1);
  r->units = *pending;
  r->values = *vals;
  r->cats = g_ptr_array_new_with_free_func (g_free);
  r->page = r->units->len ? ((Unit *) g_ptr_array_index (r->units, 0))->line->page : 0;
  g_ptr_array_add (rows, r);
  *pending = g_ptr_array_new ();
  *vals = g_ptr_array_new ();
}

/* Builds the table of region units [from, to); returns NULL when it holds no row. */
static FrTable *
build_table (Table *tb, GPtrArray *units, guint from, guint to, GArray *roles, GPtrArray *words)
{
  /* value columns in header order, each role once */
  tb->cols = g_array_new (FALSE, FALSE, sizeof (Role));
  tb->col_words = g_ptr_array_new ();
  const char *group_word = NULL, *name_word = NULL, *filler = NULL;
  GPtrArray *level_words = g_ptr_array_new ();
  guint filler_before = G_MAXUINT;
  for (guint i = 0; i < roles->len; i++) {
    Role r = g_array_index (roles, Role, i);
    const char *w = g_ptr_array_index (words, i);
    gboolean seen = FALSE;
    for (guint c = 0; c < tb->cols->len; c++)
      seen |= g_array_index (tb->cols, Role, c) == r;
    if (r == ROLE_GROUP) {
      if (g_str_has_suffix (w, "级指标"))
        g_ptr_array_add (level_words, (gpointer) w);
      else if (group_word == NULL)
        group_word = w;
    } else if (r == ROLE_NAME) {
      name_word = name_word ? name_word : w;
    } else if (r == ROLE_FILLER) {
      filler = filler ? filler : w;
      filler_before = tb->cols->len;
    } else if (!seen) {
      g_array_append_val (tb->cols, r);
      g_ptr_array_add (tb->col_words, (gpointer) w);
    }
  }
  guint C = tb->cols->len;
  if (C < 2) {
    g_ptr_array_unref (level_words);
    return NULL;
  }

  /* rows: a run of text units, then the values after it */
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  GPtrArray *pending = g_ptr_array_new (), *vals = g_ptr_array_new ();
  for (guint i = from; i < to; i++) {
    Unit *u = g_ptr_array_index (units, i);
    if (u->header)
      continue;
    gboolean has_vals = u->values != NULL && u->values->len > 0;
    if (has_vals && vals->len > 0 && *u->text != '\0')
      close_row (rows, &pending, &vals);
    else if (!has_vals && vals->len > 0)
      close_row (rows, &pending, &vals);
    if (*u->text != '\0')
      g_ptr_array_add (pending, u);
    for (guint k = 0; has_vals && k < u->values->len; k++)
      g_ptr_array_add (vals, g_ptr_array_index (u->values, k));
  }
  if (vals->len > 0)
    close_row (rows, &pending, &vals);
  if (pending->len > 0) {
    g_autofree char *left = join_texts ((Unit **) pending->pdata, pending->len);
    fr_analysis_warn (tb->an, "text table, page %u: text after its last row left out: %s",
                      ((Unit *) g_ptr_array_index (pending, 0))->line->page + 1, left);
  }
  g_ptr_array_unref (pending);
  g_ptr_array_unref (vals);

  /* first pass: categories, and the name column's width from rows without text cells */
  for (guint i = 0; i < rows->len; i++) {
    Row *r = g_ptr_array_index (rows, i);
    split_side_by_side (tb, r->units);
    guint m = r->values->len <= C ? C - r->values->len : 0;
    find_categories (r, m);
    if (m == 0)
      for (guint k = r->rest; k < r->units->len; k++)
        tb->name_width = MAX (tb->name_width, ((Unit *) g_ptr_array_index (r->units, k))->width);
  }
  /* second pass: cells, and the checks that keep a doubtful row out */
  guint K = 0, kept = 0;
  for (guint i = 0; i < rows->len; i++) {
    Row *r = g_ptr_array_index (rows, i);
    const char *why = NULL;
    if (r->values->len > C)
      why = "more values than value columns";
    for (guint k = 0; why == NULL && k < r->values->len; k++) {
      Role col = g_array_index (tb->cols, Role, C - r->values->len + k);
      if (!value_suits (col, g_ptr_array_index (r->values, k)))
        why = "a value that does not suit its column";
    }
    if (why == NULL)
      split_cells (tb, r, C - r->values->len, &why);
    if (why == NULL && (r->name == NULL || fr_text_width (r->name) > 40))
      why = "no name, or a name too long to be one";
    /* a bare category word where the name should be: pdftotext moved the name away */
    if (why == NULL && g_utf8_strlen (r->name, -1) <= 6 && fr_rule_test (FR_RULE_TEXT_CATEGORY, r->name))
      why = "a category word where its name should be";
    if (why != NULL) {
      warn_row (tb, r, why);
      continue;
    }
    r->ok = TRUE;
    K = MAX (K, r->cats->len);
    kept++;
  }
  if (kept == 0) {
    g_ptr_array_unref (level_words);
    return NULL;
  }

  FrTable *t = fr_table_new ();
  t->method = "text";
  t->n_cols = K + 1 + C;
  /* header: category and name columns under their words, then the value columns */
  for (int pass = filler ? 0 : 1; pass < 2; pass++) {
    GPtrArray *h = g_ptr_array_new_with_free_func (g_free);
    for (guint c = 0; c <= K; c++) {
      const char *w = group_word ? group_word : "";
      if (level_words->len > 0 && c < level_words->len)
        w = g_ptr_array_index (level_words, c);
      else if (c == K && name_word)
        w = name_word;
      g_ptr_array_add (h, g_strdup (w));
    }
    for (guint c = 0; c < C; c++)
      g_ptr_array_add (h, g_strdup (pass == 0 && c == filler_before ? filler
                                    : (const char *) g_ptr_array_index (tb->col_words, c)));
    g_ptr_array_add (t->rows, h);
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (((Unit *) g_ptr_array_index (units, from))->line->page));
    t->n_header_rows++;
  }
  g_ptr_array_unref (level_words);

  /* body: a merged category cell repeats down the rows it spans */
  g_autoptr (GPtrArray) cur = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < K; c++)
    g_ptr_array_add (cur, g_strdup (""));
  gboolean missing = FALSE;
  for (guint i = 0; i < rows->len; i++) {
    Row *r = g_ptr_array_index (rows, i);
    if (!r->ok)
      continue;
    guint j = r->cats->len;
    for (guint c = 0; c < j; c++) {
      g_free (cur->pdata[K - j + c]);
      cur->pdata[K - j + c] = g_strdup (g_ptr_array_index (r->cats, c));
    }
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    guint rix = t->rows->len;
    for (guint c = 0; c < K; c++) {
      missing |= *(char *) cur->pdata[c] == '\0';
      g_ptr_array_add (row, g_strdup (cur->pdata[c]));
    }
    g_ptr_array_add (row, g_strdup (r->name));
    guint m = C - r->values->len;
    for (guint c = 0; c < m; c++)
      g_ptr_array_add (row, g_strdup (g_ptr_array_index (r->cells, c)));
    for (guint c = 0; c < r->values->len; c++)
      g_ptr_array_add (row, g_strdup (g_ptr_array_index (r->values, c)));
    for (guint c = 0; c < row->len; c++) {
      FrCell cell = { g_strdup (g_ptr_array_index (row, c)), { 0, 0, 0, 0 }, r->page, rix, c, 1, 1 };
      g_array_append_val (t->cells, cell);
    }
    g_ptr_array_add (t->rows, row);
    g_ptr_array_add (t->row_pages, GUINT_TO_POINTER (r->page));
  }
  if (missing)
    fr_analysis_warn (tb->an, "text table, page %u: some rows have no category above them",
                      ((Unit *) g_ptr_array_index (units, from))->line->page + 1);
  return t;
}

/* ---- regions ---------------------------------------------------------------------------- */

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
      if (line_is_blank (l)) {
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
                      || (v->width <= usual * 0.6f && !(last_value != G_MAXUINT && is_heading (v->text)));
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
    /* after the last row: leftover cells, up to a sentence or a heading */
    guint stop = last_value + 1;
    while (stop < end) {
      Unit *v = g_ptr_array_index (units, stop);
      if (!v->header && (ends_sentence (v->text) || is_heading (v->text)))
        break;
      stop++;
    }
    end = stop;

    g_autoptr (GArray) roles = g_array_new (FALSE, FALSE, sizeof (Role));
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

    Table tb = { an, usual, blank_mode, NULL, NULL, 0, g_ptr_array_new_with_free_func ((GDestroyNotify) unit_free) };
    FrTable *t = build_table (&tb, units, i, end, roles, words);
    if (tb.cols)
      g_array_unref (tb.cols);
    if (tb.col_words)
      g_ptr_array_unref (tb.col_words);
    if (t == NULL) {
      g_ptr_array_unref (tb.owned);
      i = end > i ? end - 1 : i;
      continue;
    }
    /* the caption: a line just above that names a table */
    for (guint k = i; k > 0 && k + 3 > i; k--) {
      Unit *c = g_ptr_array_index (units, k - 1);
      if (g_str_has_suffix (c->text, "表") && c->width <= usual * 0.8f) {
        t->title = g_strdup (c->text);
        break;
      }
    }
    FrBlock *blk = fr_block_new (FR_BLOCK_TABLE, u->line->page);
    t->page = u->line->page;
    for (guint k = i; k < end; k++) {
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
