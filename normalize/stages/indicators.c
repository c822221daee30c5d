/* indicators.c — indicator rows from the performance tables.
 *
 * Columns get their role from their header text, never from their position (the COL_* rules):
 * category levels (一级/二级/三级指标, the 自评指标 columns), the name, target, actual, rate,
 * weight, score and note.  Without a 指标名称 column the last category column is the name.
 * A header row of such words may stand anywhere in a table (a 项目支出绩效自评表 has its
 * funding rows first); the rows under it are indicators until a 合计/总分 row, whose score is
 * kept for the arithmetic checks, or the next such header.  A column whose header cell runs on
 * into the body (a vertical 绩效指标 label) has no role.  Values are parsed by values.h.
 */
#include "stages.h"
#include "outline.h"
#include "values.h"

#include <string.h>

/* most specific first: 指标完成率 is a rate before it is anything else */
static const struct {
  FrRuleId rule;
  FrColumnRole role;
} role_rules[] = {
  { FR_RULE_COL_NOTE, FR_COL_NOTE },     { FR_RULE_COL_RATE, FR_COL_RATE },
  { FR_RULE_COL_TARGET, FR_COL_TARGET }, { FR_RULE_COL_ACTUAL, FR_COL_ACTUAL },
  { FR_RULE_COL_WEIGHT, FR_COL_WEIGHT }, { FR_RULE_COL_SCORE, FR_COL_SCORE },
  { FR_RULE_COL_UNIT, FR_COL_UNIT },     { FR_RULE_COL_DIRECTION, FR_COL_DIRECTION },
  { FR_RULE_COL_NAME, FR_COL_NAME },     { FR_RULE_COL_LEVEL, FR_COL_LEVEL },
};

static FrColumnRole
role_of_text (const char *text)
{
  g_autofree char *t = fr_squeeze (text);
  if (t[0] == '\0')
    return FR_COL_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (role_rules); i++)
    if (fr_rule_test (role_rules[i].rule, t))
      return role_rules[i].role;
  return FR_COL_NONE;
}

typedef struct {
  const FrTable *t;
  guint nr, nc;
  GHashTable *fixed;    /* slot index (r * nc + c) -> text read in place of the cell's, or NULL */
  gboolean ocr;         /* on a page read by OCR */
} Tab;

static guint
slot (const Tab *tb, guint r, guint c)
{
  if (tb->t->grid->len == tb->nr * tb->nc)
    return g_array_index (tb->t->grid, guint, r * tb->nc + c);
  return r * tb->nc + c;   /* a table without a grid (text route): every slot its own cell */
}

static const char *
text_at (const Tab *tb, guint r, guint c)
{
  const char *fixed = tb->fixed ? g_hash_table_lookup (tb->fixed, GUINT_TO_POINTER (r * tb->nc + c)) : NULL;
  if (fixed)
    return fixed;
  GPtrArray *row = g_ptr_array_index (tb->t->rows, r);
  return c < row->len ? g_ptr_array_index (row, c) : "";
}

/* The cell at (r, c) starts in row r (it is not a merged cell coming down from above). */
static gboolean
starts_here (const Tab *tb, guint r, guint c)
{
  return r == 0 || slot (tb, r, c) != slot (tb, r - 1, c);
}

static gboolean
row_has_value (const Tab *tb, guint r)
{
  for (guint c = 0; c < tb->nc; c++) {
    FrValue v;
    if (starts_here (tb, r, c) && fr_value_parse (text_at (tb, r, c), &v))
      return TRUE;
  }
  return FALSE;
}

/* Roles a row's own cells name, as a bitmask of 1 << FrColumnRole. */
static guint
row_roles (const Tab *tb, guint r)
{
  guint mask = 0;
  for (guint c = 0; c < tb->nc; c++)
    mask |= 1u << role_of_text (text_at (tb, r, c));
  return mask;
}

static gboolean
is_indicator_header (const Tab *tb, guint r)
{
  guint m = row_roles (tb, r);
  gboolean names = m & ((1u << FR_COL_LEVEL) | (1u << FR_COL_NAME));
  gboolean values = m & ((1u << FR_COL_TARGET) | (1u << FR_COL_ACTUAL) | (1u << FR_COL_RATE) | (1u << FR_COL_SCORE));
  return names && values && !row_has_value (tb, r);
}

/* A following row of the same header: no values, its own cells header words or empty. */
static gboolean
continues_header (const Tab *tb, guint r)
{
  if (row_has_value (tb, r))
    return FALSE;
  guint own = 0;
  for (guint c = 0; c < tb->nc; c++) {
    const char *t = text_at (tb, r, c);
    if (!starts_here (tb, r, c) || t[0] == '\0')
      continue;
    own++;
    if (!fr_rule_test (FR_RULE_TABLE_HEADER_WORD, t))
      return FALSE;
  }
  return own > 0;
}

static gboolean
is_total_row (const Tab *tb, guint r)
{
  for (guint c = 0; c < tb->nc; c++) {
    g_autofree char *t = fr_squeeze (text_at (tb, r, c));
    if (t[0] && (fr_rule_test (FR_RULE_TABLE_TOTAL, t) || (tb->ocr && fr_rule_test (FR_RULE_OCR_TABLE_TOTAL, t))))
      return TRUE;
  }
  return FALSE;
}

typedef struct {
  FrColumnRole role[64];
  int col[FR_COL_COUNT];      /* first column of each single role, -1 when none */
  guint levels[16];         /* category columns, left to right */
  guint n_levels;
  gboolean run_together;    /* a row printed its levels run together in one cell */
  GPtrArray *last[16];      /* per category column, the levels its last cell gave (owned) */
} Columns;

static void
columns_clear (Columns *cols)
{
  for (guint i = 0; i < G_N_ELEMENTS (cols->last); i++)
    g_clear_pointer (&cols->last[i], g_ptr_array_unref);
}

/* Roles of the columns from header rows [h0, h1): each column takes the role of its lowest
 * header cell that names one. */
static gboolean
map_columns (const Tab *tb, guint h0, guint h1, Columns *cols)
{
  memset (cols, 0, sizeof *cols);
  for (guint i = 0; i < FR_COL_COUNT; i++)
    cols->col[i] = -1;
  guint nc = MIN (tb->nc, G_N_ELEMENTS (cols->role));
  gboolean yearly[FR_COL_COUNT] = { FALSE };
  for (guint c = 0; c < nc; c++) {
    FrColumnRole role = FR_COL_NONE;
    gboolean year = FALSE;
    for (guint r = h1; r-- > h0 && role == FR_COL_NONE;) {
      role = role_of_text (text_at (tb, r, c));
      year = role != FR_COL_NONE && strstr (text_at (tb, r, c), "年度") != NULL;
    }
    /* of 实施周期指标值 and 年度指标值, the year's is the one a year's report is about */
    if (role != FR_COL_NONE && role != FR_COL_LEVEL && year && !yearly[role]) {
      yearly[role] = TRUE;
      for (guint k = 0; k < c; k++)
        if (cols->role[k] == role)
          cols->role[k] = FR_COL_NONE;
    } else if (role != FR_COL_NONE && role != FR_COL_LEVEL && yearly[role]) {
      role = FR_COL_NONE;
    }
    /* a header cell running on into the body is a label over the rows, not a column head */
    if (h1 < tb->nr && slot (tb, h1 - 1, c) == slot (tb, h1, c))
      role = FR_COL_NONE;
    cols->role[c] = role;
  }
  for (guint c = 0; c < nc; c++) {
    FrColumnRole role = cols->role[c];
    if (role == FR_COL_LEVEL) {
      /* two grid columns under one cell all the way down are one level */
      gboolean same = c > 0 && cols->role[c - 1] == FR_COL_LEVEL;
      for (guint r = h1; r < tb->nr && same; r++)
        same = slot (tb, r, c) == slot (tb, r, c - 1);
      if (!same && cols->n_levels < G_N_ELEMENTS (cols->levels))
        cols->levels[cols->n_levels++] = c;
    } else if (role != FR_COL_NONE && cols->col[role] < 0) {
      cols->col[role] = (int) c;
    }
  }
  if (cols->col[FR_COL_NAME] < 0 && cols->n_levels > 0)
    cols->col[FR_COL_NAME] = (int) cols->levels[--cols->n_levels];
  /* a table of scores by dimension alone (一级指标 | 分值 | 得分) sums up, it lists no indicators */
  return cols->col[FR_COL_NAME] >= 0 && (cols->col[FR_COL_TARGET] >= 0 || cols->col[FR_COL_ACTUAL] >= 0);
}

static char *
cell_or_null (const Tab *tb, guint r, int c)
{
  if (c < 0)
    return NULL;
  const char *t = text_at (tb, r, (guint) c);
  return t[0] ? g_strdup (t) : NULL;
}

static gboolean
number_of (const char *text, double *out)
{
  FrValue v;
  if (!fr_value_parse (text, &v))
    return FALSE;
  *out = v.number;
  return TRUE;
}

/* Is the figure of the cell at (r, c) one OCR left in doubt (fr_analysis_cell_doubt)?  Then it
 * is given no value. */
static gboolean
in_doubt (FrAnalysis *an, const Tab *tb, guint r, int c)
{
  return c >= 0 && fr_analysis_cell_doubt (an, tb->t, r, (guint) c);
}

static void
row_box (const Tab *tb, guint r, const Columns *cols, FrIndicator *ind)
{
  guint page = GPOINTER_TO_UINT (g_ptr_array_index (tb->t->row_pages, r));
  gboolean any = FALSE;
  ind->page = page;
  if (tb->t->grid->len != tb->nr * tb->nc)
    return;
  /* the row's height is that of its own cells (a merged category cell is taller); its width
   * is the table's */
  for (FrColumnRole role = FR_COL_NAME; role < FR_COL_COUNT; role++) {
    if (cols->col[role] < 0)
      continue;
    const FrCell *cell = &g_array_index (tb->t->cells, FrCell, slot (tb, r, (guint) cols->col[role]));
    if (cell->page != page)
      continue;
    if (!any)
      ind->box = cell->box;
    ind->box.y0 = MIN (ind->box.y0, cell->box.y0);
    ind->box.y1 = MAX (ind->box.y1, cell->box.y1);
    any = TRUE;
  }
  /* parts of one table have the same column edges: the first part's width holds for all */
  if (any) {
    ind->box.x0 = MIN (ind->box.x0, tb->t->box.x0);
    ind->box.x1 = MAX (ind->box.x1, tb->t->box.x1);
  }
  for (guint i = 0; i < tb->t->cells->len && any; i++) {
    const FrCell *cell = &g_array_index (tb->t->cells, FrCell, i);
    if (cell->page != page)
      continue;
    ind->box.x0 = MIN (ind->box.x0, cell->box.x0);
    ind->box.x1 = MAX (ind->box.x1, cell->box.x1);
  }
}

/* The known level words (LEVEL_WORD) at the start of text, each added to out; returns what
 * follows them (a pointer into text) and how many were found. */
static const char *
peel_levels (const char *text, GPtrArray *out, guint *n)
{
  const char *p = text;
  *n = 0;
  for (;;) {
    while (g_unichar_isspace (g_utf8_get_char (p)))
      p = g_utf8_next_char (p);
    g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_LEVEL_WORD, p);
    gsize end;
    if (m == NULL || !fr_match_span (m, NULL, NULL, &end) || end == 0)
      return p;
    g_ptr_array_add (out, g_strndup (p, end));
    (*n)++;
    p += end;
  }
}

/* The category path and the name of row r.  Levels printed run together in one cell
 * (产出指标数量指标白皮松种植株数) are split at the known level words.  An empty category cell
 * repeats the levels the cell above gave (an unruled table prints a category once, over the
 * rows under it); a row that prints fewer levels than the row before keeps that row's upper
 * levels, unless it starts at a first-level word (LEVEL_TOP). */
static void
row_levels (const Tab *tb, guint r, Columns *cols, const FrIndicator *prev, FrIndicator *ind)
{
  gboolean split = FALSE;
  for (guint i = 0; i < cols->n_levels; i++) {
    /* one cell merged over two level columns in this row is one level */
    if (i > 0 && slot (tb, r, cols->levels[i]) == slot (tb, r, cols->levels[i - 1]))
      continue;
    const char *t = text_at (tb, r, cols->levels[i]);
    GPtrArray *mine = g_ptr_array_new_with_free_func (g_free);
    /* a table printed column by column leaves a category empty where it is not known
     * (textcolumns.c): nothing to repeat from above */
    if (t[0] == '\0' && cols->last[i] && g_strcmp0 (tb->t->method, "text-columns") != 0) {
      for (guint k = 0; k < cols->last[i]->len; k++)
        g_ptr_array_add (mine, g_strdup (g_ptr_array_index (cols->last[i], k)));
    } else {
      guint n;
      const char *rest = peel_levels (t, mine, &n);
      if (rest[0] != '\0' || n == 0)
        g_ptr_array_add (mine, g_strdup (n > 0 ? rest : t));
      split |= n > 1 || (n == 1 && rest[0] != '\0');
    }
    for (guint k = 0; k < mine->len; k++)
      g_ptr_array_add (ind->category, g_strdup (g_ptr_array_index (mine, k)));
    g_clear_pointer (&cols->last[i], g_ptr_array_unref);
    cols->last[i] = mine;
  }
  /* levels a table printed column by column does not know, at the end of the path, are no
   * levels */
  while (g_strcmp0 (tb->t->method, "text-columns") == 0 && ind->category->len > 0
         && *(const char *) g_ptr_array_index (ind->category, ind->category->len - 1) == '\0')
    g_ptr_array_remove_index (ind->category, ind->category->len - 1);
  ind->name = cell_or_null (tb, r, cols->col[FR_COL_NAME]);
  if (ind->name) {
    guint before = ind->category->len, n;
    const char *rest = peel_levels (ind->name, ind->category, &n);
    if (n > 0 && rest[0] != '\0') {
      char *name = g_strdup (rest);
      g_free (ind->name);
      ind->name = name;
      split = TRUE;
    } else if (n > 0) {
      /* a name that is only level words is a name */
      g_ptr_array_remove_range (ind->category, before, n);
    }
  }
  cols->run_together |= split;
  gboolean top = ind->category->len > 0
                 && fr_rule_test (FR_RULE_LEVEL_TOP, g_ptr_array_index (ind->category, 0));
  if (cols->run_together && prev && !top && ind->category->len < prev->category->len) {
    guint keep = prev->category->len - ind->category->len;
    for (guint i = 0; i < keep; i++)
      g_ptr_array_insert (ind->category, (gint) i, g_strdup (g_ptr_array_index (prev->category, i)));
  }
}

/* A level cell whose last characters went down a line: an unruled table reads 服务对象满意
 * in one row and 度 at the start of the row below, in the same column or run into the name
 * beside it (度12345平台座席满意率), or 产出 / 指标.  Where the cell's text and the next
 * row's first characters make a whole level (LEVEL_WHOLE), those characters go back up.  The table keeps its cells; the indicators read the repaired texts. */
static void
mend_wrapped_levels (Tab *tb, guint h1, const Columns *cols)
{
  for (guint r = h1; r + 1 < tb->nr; r++)
    for (guint i = 0; i < cols->n_levels; i++) {
      guint c = cols->levels[i];
      const char *t = text_at (tb, r, c);
      /* 产出 / 指标 as well: a stem alone is a whole level, but not the end of one */
      if (t[0] == '\0' || !starts_here (tb, r + 1, c) || g_str_has_suffix (t, "指标"))
        continue;
      /* the row below: the same column, else the column right of it (the name) */
      for (guint nc = c; nc <= c + 1 && nc < tb->nc; nc++) {
        const char *below = text_at (tb, r + 1, nc);
        /* the longest whole level: 服务对象 / 满意度指标 gives back all five characters */
        const char *p = below, *best = NULL;
        for (guint k = 1; k <= 5 && *p; k++) {
          p = g_utf8_next_char (p);
          g_autofree char *joined = g_strdup_printf ("%s%.*s", t, (int) (p - below), below);
          if (fr_rule_test (FR_RULE_LEVEL_WHOLE, joined))
            best = p;
        }
        gboolean done = best != NULL;
        if (done) {
          if (tb->fixed == NULL)
            tb->fixed = g_hash_table_new_full (NULL, NULL, NULL, g_free);
          char *joined = g_strdup_printf ("%s%.*s", t, (int) (best - below), below);
          char *rest = g_strdup (best);
          g_hash_table_replace (tb->fixed, GUINT_TO_POINTER (r * tb->nc + c), joined);
          g_hash_table_replace (tb->fixed, GUINT_TO_POINTER ((r + 1) * tb->nc + nc), rest);
        }
        if (done || below[0] != '\0')
          break;
      }
    }
}

/* A cell that only says "not applicable" (--, —, /): no value, and no text either. */
static gboolean
not_applicable (const char *text)
{
  g_autofree char *t = fr_squeeze (text);
  return fr_rule_test (FR_RULE_NOT_APPLICABLE, t);
}

static FrIndicator *
make_indicator (FrAnalysis *an, const Tab *tb, guint r, Columns *cols, const FrIndicator *prev)
{
  FrIndicator *ind = fr_indicator_new ();
  ind->table = (FrTable *) tb->t;
  ind->row = r;
  row_levels (tb, r, cols, prev, ind);
  ind->target = cell_or_null (tb, r, cols->col[FR_COL_TARGET]);
  ind->actual = cell_or_null (tb, r, cols->col[FR_COL_ACTUAL]);
  ind->rate = cell_or_null (tb, r, cols->col[FR_COL_RATE]);
  ind->weight_text = cell_or_null (tb, r, cols->col[FR_COL_WEIGHT]);
  ind->score_text = cell_or_null (tb, r, cols->col[FR_COL_SCORE]);
  ind->note = cell_or_null (tb, r, cols->col[FR_COL_NOTE]);
  FrValue tv, av, rv;
  gboolean has_t = fr_value_parse (ind->target, &tv), has_a = fr_value_parse (ind->actual, &av);
  /* a figure OCR left in doubt is no value, nor does it give the row its unit or bound */
  has_t = has_t && !in_doubt (an, tb, r, cols->col[FR_COL_TARGET]);
  has_a = has_a && !in_doubt (an, tb, r, cols->col[FR_COL_ACTUAL]);
  if (has_t) {
    ind->target_value = tv.number;
    ind->has_target_value = TRUE;
    if (tv.cmp != FR_CMP_NONE)
      ind->target_cmp = fr_cmp_symbol (tv.cmp);
  }
  if (has_a) {
    ind->actual_value = av.number;
    ind->has_actual_value = TRUE;
  }
  const char *unit = has_a && av.unit[0] ? av.unit : has_t && tv.unit[0] ? tv.unit : NULL;
  /* the target's unit and bound in columns of their own (指标值 | 计量单位 | 指标方向) */
  g_autofree char *unit_cell = cell_or_null (tb, r, cols->col[FR_COL_UNIT]);
  g_autofree char *dir_cell = cell_or_null (tb, r, cols->col[FR_COL_DIRECTION]);
  if (unit_cell && !not_applicable (unit_cell)) {
    g_strstrip (unit_cell);
    unit = strcmp (unit_cell, "％") == 0 ? "%" : unit_cell;
  }
  if (dir_cell && has_t && tv.cmp == FR_CMP_NONE) {
    g_autofree char *d = fr_squeeze (dir_cell);
    FrCmp cmp = fr_cmp_parse (d);
    if (cmp != FR_CMP_NONE)
      ind->target_cmp = fr_cmp_symbol (cmp);
  }
  ind->unit = g_strdup (unit);
  if (fr_value_parse (ind->rate, &rv) && !in_doubt (an, tb, r, cols->col[FR_COL_RATE])) {
    ind->rate_value = rv.number;
    ind->has_rate_value = TRUE;
  }
  ind->has_weight = number_of (ind->weight_text, &ind->weight) && !in_doubt (an, tb, r, cols->col[FR_COL_WEIGHT]);
  ind->has_score = number_of (ind->score_text, &ind->score) && !in_doubt (an, tb, r, cols->col[FR_COL_SCORE]);
  row_box (tb, r, cols, ind);
  return ind;
}

/* A 备注 column that holds nothing but numbers (10, 10分), in a table without a 分值 column,
 * is where the table put each indicator's weight. */
static void
weight_in_note (const Tab *tb, guint h1, Columns *cols)
{
  int c = cols->col[FR_COL_NOTE];
  if (c < 0 || cols->col[FR_COL_WEIGHT] >= 0)
    return;
  guint numbers = 0;
  for (guint r = h1; r < tb->nr; r++) {
    const char *t = text_at (tb, r, (guint) c);
    if (t[0] == '\0' || is_total_row (tb, r))
      continue;
    FrValue v;
    if (!fr_value_parse (t, &v) || (v.unit[0] != '\0' && strcmp (v.unit, "分") != 0)
        || v.cmp != FR_CMP_NONE)
      return;
    numbers++;
  }
  if (numbers > 0) {
    cols->col[FR_COL_WEIGHT] = c;
    cols->col[FR_COL_NOTE] = -1;
  }
}

/* An unruled table sets a category merged over several rows in the middle of them, so the
 * rows above its text have an empty cell that is still the category's: at the top of the
 * body, before any text in the column, that is the first text below. */
static void
fill_leading_levels (Tab *tb, guint h1, const Columns *cols)
{
  if (g_strcmp0 (tb->t->method, "aligned") != 0)
    return;
  for (guint i = 0; i < cols->n_levels; i++) {
    guint c = cols->levels[i], r = h1;
    while (r < tb->nr && text_at (tb, r, c)[0] == '\0' && !is_total_row (tb, r))
      r++;
    if (r == h1 || r >= tb->nr || is_total_row (tb, r))
      continue;
    if (tb->fixed == NULL)
      tb->fixed = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    for (guint k = h1; k < r; k++)
      g_hash_table_replace (tb->fixed, GUINT_TO_POINTER (k * tb->nc + c), g_strdup (text_at (tb, r, c)));
  }
}

static gboolean
row_has_values (const Tab *tb, guint r, const Columns *cols)
{
  for (FrColumnRole role = FR_COL_TARGET; role <= FR_COL_SCORE; role++)
    if (cols->col[role] >= 0 && text_at (tb, r, (guint) cols->col[role])[0])
      return TRUE;
  return FALSE;
}

/* An unruled table starts a row at every line of side-by-side text, so a name's wrapped
 * line that shares its line with another cell's (学生人数 beside 数量指) is a row of its own,
 * with no values.  Its text goes to the name nearer to it, above or below. */
static void
join_name_lines (Tab *tb, guint h1, const Columns *cols)
{
  int nc = cols->col[FR_COL_NAME];
  if (g_strcmp0 (tb->t->method, "aligned") != 0 || nc < 0 || tb->t->grid->len != tb->nr * tb->nc)
    return;
  guint c = (guint) nc;
  for (guint r = h1 + 1; r + 1 < tb->nr; r++) {
    const char *t = text_at (tb, r, c);
    if (t[0] == '\0' || row_has_values (tb, r, cols) || !row_has_values (tb, r - 1, cols)
        || !row_has_values (tb, r + 1, cols) || is_total_row (tb, r + 1))
      continue;
    const FrCell *me = &g_array_index (tb->t->cells, FrCell, slot (tb, r, c));
    const FrCell *up = &g_array_index (tb->t->cells, FrCell, slot (tb, r - 1, c));
    const FrCell *down = &g_array_index (tb->t->cells, FrCell, slot (tb, r + 1, c));
    if (me->page != up->page || me->page != down->page)
      continue;
    guint to = me->box.y0 - up->box.y1 <= down->box.y0 - me->box.y1 ? r - 1 : r + 1;
    g_autofree char *moved = g_strdup (t);
    char *joined = to < r ? g_strconcat (text_at (tb, to, c), moved, NULL)
                          : g_strconcat (moved, text_at (tb, to, c), NULL);
    if (tb->fixed == NULL)
      tb->fixed = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    g_hash_table_replace (tb->fixed, GUINT_TO_POINTER (to * tb->nc + c), joined);
    g_hash_table_replace (tb->fixed, GUINT_TO_POINTER (r * tb->nc + c), g_strdup (""));
  }
}

static void
table_indicators (FrAnalysis *an, FrTable *t)
{
  Tab tb = { t, t->rows->len, t->n_cols, NULL, fr_analysis_ocr_page (an, t->page) };
  if (tb.nc == 0)
    return;
  guint r = 0;
  while (r < tb.nr) {
    if (!is_indicator_header (&tb, r)) {
      r++;
      continue;
    }
    guint h0 = r, h1 = r + 1;
    while (h1 < tb.nr && continues_header (&tb, h1))
      h1++;
    Columns cols;
    if (!map_columns (&tb, h0, h1, &cols)) {
      r = h1;
      continue;
    }
    weight_in_note (&tb, h1, &cols);
    mend_wrapped_levels (&tb, h1, &cols);
    fill_leading_levels (&tb, h1, &cols);
    join_name_lines (&tb, h1, &cols);
    const FrIndicator *prev = NULL;
    for (r = h1; r < tb.nr; r++) {
      if (is_indicator_header (&tb, r))
        break;
      if (is_total_row (&tb, r)) {
        double score;
        int sc = cols.col[FR_COL_SCORE] >= 0 ? cols.col[FR_COL_SCORE] : cols.col[FR_COL_WEIGHT];
        if (sc >= 0 && number_of (text_at (&tb, r, (guint) sc), &score) && !in_doubt (an, &tb, r, sc)) {
          guint page = fr_table_row_page (t, r);
          t->total_score = score;
          t->has_total_score = TRUE;
          t->total_score_page = page;
          if (!an->has_total_score) {
            an->total_score = score;
            an->has_total_score = TRUE;
            an->total_score_page = page;
          }
        }
        r++;
        break;
      }
      guint name_col = (guint) cols.col[FR_COL_NAME];
      if (text_at (&tb, r, name_col)[0] == '\0')
        continue;
      /* a grid row made only by a rule in another column repeats the same cells */
      gboolean repeat = r > h1;
      for (FrColumnRole role = FR_COL_NAME; role < FR_COL_COUNT && repeat; role++)
        if (cols.col[role] >= 0)
          repeat = !starts_here (&tb, r, (guint) cols.col[role]);
      if (repeat)
        continue;
      if (!row_has_values (&tb, r, &cols))
        continue;
      FrIndicator *ind = make_indicator (an, &tb, r, &cols, prev);
      g_ptr_array_add (an->indicators, ind);
      prev = ind;
    }
    columns_clear (&cols);
  }
  g_clear_pointer (&tb.fixed, g_hash_table_unref);
}

void
fr_stage_indicators (FrAnalysis *an)
{
  for (guint i = 0; i < an->tables->len; i++)
    table_indicators (an, g_ptr_array_index (an->tables, i));
  fr_outline_indicators (an);
}
