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
    if (t[0] && fr_rule_test (FR_RULE_TABLE_TOTAL, t))
      return TRUE;
  }
  return FALSE;
}

typedef struct {
  FrColumnRole role[64];
  int col[FR_COL_COUNT];      /* first column of each single role, -1 when none */
  guint levels[16];         /* category columns, left to right */
  guint n_levels;
} Columns;

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

static FrIndicator *
make_indicator (const Tab *tb, guint r, const Columns *cols, const FrIndicator *prev)
{
  FrIndicator *ind = fr_indicator_new ();
  ind->table = (FrTable *) tb->t;
  ind->row = r;
  for (guint i = 0; i < cols->n_levels; i++) {
    const char *t = text_at (tb, r, cols->levels[i]);
    /* an unruled table prints a category once, over the rows under it */
    if (t[0] == '\0' && prev && i < prev->category->len)
      t = g_ptr_array_index (prev->category, i);
    g_ptr_array_add (ind->category, g_strdup (t));
  }
  ind->name = cell_or_null (tb, r, cols->col[FR_COL_NAME]);
  ind->target = cell_or_null (tb, r, cols->col[FR_COL_TARGET]);
  ind->actual = cell_or_null (tb, r, cols->col[FR_COL_ACTUAL]);
  ind->rate = cell_or_null (tb, r, cols->col[FR_COL_RATE]);
  ind->weight_text = cell_or_null (tb, r, cols->col[FR_COL_WEIGHT]);
  ind->score_text = cell_or_null (tb, r, cols->col[FR_COL_SCORE]);
  ind->note = cell_or_null (tb, r, cols->col[FR_COL_NOTE]);
  FrValue tv, av, rv;
  gboolean has_t = fr_value_parse (ind->target, &tv), has_a = fr_value_parse (ind->actual, &av);
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
  ind->unit = g_strdup (unit);
  if (fr_value_parse (ind->rate, &rv)) {
    ind->rate_value = rv.number;
    ind->has_rate_value = TRUE;
  }
  ind->has_weight = number_of (ind->weight_text, &ind->weight);
  ind->has_score = number_of (ind->score_text, &ind->score);
  row_box (tb, r, cols, ind);
  return ind;
}

static void
table_indicators (FrAnalysis *an, FrTable *t)
{
  Tab tb = { t, t->rows->len, t->n_cols };
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
    const FrIndicator *prev = NULL;
    for (r = h1; r < tb.nr; r++) {
      if (is_indicator_header (&tb, r))
        break;
      if (is_total_row (&tb, r)) {
        double score;
        int sc = cols.col[FR_COL_SCORE] >= 0 ? cols.col[FR_COL_SCORE] : cols.col[FR_COL_WEIGHT];
        if (sc >= 0 && number_of (text_at (&tb, r, (guint) sc), &score)) {
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
      gboolean any_value = FALSE;
      for (FrColumnRole role = FR_COL_TARGET; role <= FR_COL_SCORE; role++)
        if (cols.col[role] >= 0 && text_at (&tb, r, (guint) cols.col[role])[0])
          any_value = TRUE;
      if (!any_value)
        continue;
      FrIndicator *ind = make_indicator (&tb, r, &cols, prev);
      g_ptr_array_add (an->indicators, ind);
      prev = ind;
    }
  }
}

void
fr_stage_indicators (FrAnalysis *an)
{
  for (guint i = 0; i < an->tables->len; i++)
    table_indicators (an, g_ptr_array_index (an->tables, i));
}
