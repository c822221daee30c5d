/* fintable.c — income and expenditure from a report's summary table (the finance issue:
 * "where the report gives these in a table instead of sentences, take them from the table").
 *
 * A summary table (收入支出决算总表, 收支预算总表, …) sets income and expenditure side by
 * side; the header's 收入/支出 groups say which columns are which side.  A side is one or more
 * pairs of a label column and the amount columns after it; the first of those is the amount
 * (金额, 预算数, 决算数, or 合计 where a side splits it by use).  On each side:
 *   - total is the 总计 (收入总计, 收入合计) row, current_year the 本年收入合计 (当年收入小计) row;
 *   - items are the lines above those rows that are numbered as the first line is (一、…):
 *     lines numbered otherwise (1.一般公共预算 under 一、财政拨款) are parts of an item.  Lines
 *     not numbered at all are items only where they add up to the side's figure; otherwise
 *     their levels are not written (公共安全支出, then 公安, then 行政运行) and none is taken;
 *   - where expenditure is given by function and by use, the lines by use (基本支出, 项目支出)
 *     are taken, one classification as the sentences take one, and the one the checks use.
 * A blank amount is a line the report left empty, so the item is omitted (as the sentences
 * leave out lines they do not state); only where the report says its blanks are zeros
 * (FIN_TABLE_BLANK_ZERO) is it 0.  A dash or a slash (NOT_APPLICABLE) is a blank too.  The money unit must be stated
 * (caption, title or the amount column's header): 元 and 万元 differ by 10^4, so a table that
 * states none gives nothing.
 */
#include "fintable.h"
#include "amount.h"

#include <math.h>
#include <string.h>

enum { INCOME = FR_INCOME, EXPENDITURE = FR_EXPENDITURE };

/* A body row of a summary table, possibly from a continuation part. */
typedef struct {
  GPtrArray *cells;        /* borrowed, of char* */
  const FrTable *table;
  guint index;             /* in table->rows */
} Row;

typedef struct {
  const FrTable *first;
  const char *name;        /* borrowed: the title or caption line that names it */
  GPtrArray *parts;        /* of const FrTable*: the table and its continuations */
  GArray *rows;            /* of Row: body rows, in order */
  char *unit;              /* 元, 万元, …; NULL when not stated */
} Summary;

typedef struct {
  char *name;              /* its numbering dropped */
  int style;               /* which numbering (a FIN_TABLE_LINE_NUMBER group); -1 none */
  FrFigure amount;         /* at its cell; has is FALSE for a blank */
  gboolean doubt;          /* a figure OCR left in doubt: no blank, and no amount */
} Line;

/* A label column and its amount column, on one side. */
typedef struct {
  int side;                /* INCOME, EXPENDITURE; -1 unknown */
  guint label, amount;
  gboolean has_amount;
} Group;

/* What one side of the table gives. */
typedef struct {
  FrFigure total, current;
  GPtrArray *items;        /* of Line* (borrowed from lines), NULL when none */
  GPtrArray *lines;        /* of Line* (owned) */
  gboolean by_use;
  gboolean unleveled;      /* lines not numbered that do not add up: levels unknown */
  gboolean ocr;            /* read by OCR */
  gboolean partial;        /* read by OCR, and a peer in doubt or the items not adding up */
} SideRead;

static const char *const number_styles[] = { "cn", "pc", "n", "pn" };

static void
line_free (Line *l)
{
  g_free (l->name);
  g_free (l);
}

static void
side_read_clear (SideRead *r)
{
  if (r->items)
    g_ptr_array_unref (r->items);
  if (r->lines)
    g_ptr_array_unref (r->lines);
}

static const char *
row_cell (GPtrArray *cells, guint c)
{
  const char *s = c < cells->len ? g_ptr_array_index (cells, c) : NULL;
  return s ? s : "";
}

/* Whether (row, c) is the cell of (row, c-1) again: a merged label spread over an amount
 * column (当年支出小计 over 功能分类's 金额). */
static gboolean
merged_from_left (const Row *row, guint c)
{
  const FrTable *t = row->table;
  guint n = t->n_cols ? t->n_cols : row->cells->len;
  if (c == 0 || c >= n || t->grid == NULL || t->grid->len < (row->index + 1) * n)
    return FALSE;
  guint a = g_array_index (t->grid, guint, row->index * n + c);
  return a != G_MAXUINT && a == g_array_index (t->grid, guint, row->index * n + c - 1);
}

/* A figure read from (row, c), at that cell (its page, and its box where the page has
 * geometry), or at the row's page when no cell covers it. */
static FrFigure
cell_figure (const Row *row, guint c, double v)
{
  const FrTable *t = row->table;
  guint n = t->n_cols;
  if (n > 0 && c < n && t->grid && t->grid->len >= (row->index + 1) * n) {
    guint k = g_array_index (t->grid, guint, row->index * n + c);
    if (k < t->cells->len) {
      const FrCell *cell = &g_array_index (t->cells, FrCell, k);
      return fr_figure_at (v, cell->page, cell->box);
    }
  }
  return fr_figure_at (v, fr_table_row_page (t, row->index), (FrBox) { 0, 0, 0, 0 });
}

static gboolean
is_blank (const char *s)
{
  return *s == '\0' || fr_rule_test (FR_RULE_NOT_APPLICABLE, s);
}

/* A cell's amount in 万元; FALSE for blanks (*blank set) and for text. */
static gboolean
cell_amount (const char *text, const char *unit, double *v, gboolean *blank)
{
  g_autofree char *s = fr_squeeze (text);
  *blank = is_blank (s);
  return !*blank && fr_amount_to_wan (s, unit, v, NULL);
}

static gboolean
skip_row (const Row *row)
{
  for (guint c = 0; c < row->cells->len; c++) {
    g_autofree char *s = fr_squeeze (row_cell (row->cells, c));
    if (*s)
      return fr_rule_test (FR_RULE_FIN_TABLE_SKIP_ROW, s);
  }
  return TRUE;
}

/* ---- which table, and its parts ------------------------------------------------------ */

static gboolean
names_summary (const char *s)
{
  return s && fr_rule_test (FR_RULE_FIN_TABLE_SUMMARY, s) && !fr_rule_test (FR_RULE_FIN_TABLE_FUND, s);
}

/* The title or caption line that names the table a summary (a part's caption may name it
 * under a title for the whole set of tables), or NULL. */
static const char *
summary_name (const FrTable *t)
{
  if (names_summary (t->title))
    return t->title;
  for (guint i = 0; t->meta && i < t->meta->len; i++)
    if (names_summary (g_ptr_array_index (t->meta, i)))
      return g_ptr_array_index (t->meta, i);
  return NULL;
}

static guint
row_width (const FrTable *t)
{
  if (t->n_cols)
    return t->n_cols;
  return t->rows->len ? ((GPtrArray *) g_ptr_array_index (t->rows, 0))->len : 0;
}

static gboolean
same_header (const FrTable *a, const FrTable *b)
{
  if (a->n_header_rows == 0 || a->n_header_rows != b->n_header_rows || row_width (a) != row_width (b))
    return FALSE;
  for (guint r = 0; r < a->n_header_rows; r++) {
    GPtrArray *x = g_ptr_array_index (a->rows, r), *y = g_ptr_array_index (b->rows, r);
    for (guint c = 0; c < row_width (a); c++) {
      g_autofree char *p = fr_squeeze (row_cell (x, c)), *q = fr_squeeze (row_cell (y, c));
      if (strcmp (p, q) != 0)
        return FALSE;
    }
  }
  return TRUE;
}

static guint
last_page (const FrTable *t)
{
  return t->pages && t->pages->len ? g_array_index (t->pages, guint, t->pages->len - 1) : t->page;
}

/* A table split where the tables stage saw two (a page's part under its own title): the next
 * table, on the next page, with the same name (or none) and the same header. */
static gboolean
continues (const FrTable *prev, const FrTable *t, const char *name)
{
  const char *own = summary_name (t);
  if (t->page > last_page (prev) + 1 || t->page < prev->page)
    return FALSE;
  if (own ? strcmp (own, name) != 0 : t->title != NULL)
    return FALSE;
  return same_header (prev, t);
}

static void
summary_clear (Summary *s)
{
  g_ptr_array_unref (s->parts);
  g_array_unref (s->rows);
  g_free (s->unit);
}

static void
summary_init (Summary *s, const FrTable *t, const char *name)
{
  s->first = t;
  s->name = name;
  s->parts = g_ptr_array_new ();
  s->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  s->unit = NULL;
  g_ptr_array_add (s->parts, (gpointer) t);
}

static void
summary_collect_rows (Summary *s)
{
  for (guint p = 0; p < s->parts->len; p++) {
    const FrTable *t = g_ptr_array_index (s->parts, p);
    for (guint r = t->n_header_rows; r < t->rows->len; r++) {
      Row row = { g_ptr_array_index (t->rows, r), t, r };
      if (!skip_row (&row))
        g_array_append_val (s->rows, row);
    }
  }
}

/* ---- columns and sides --------------------------------------------------------------- */

typedef enum { COL_NONE, COL_LABEL, COL_AMOUNT } ColKind;

static ColKind
column_kind (const Summary *s, guint c)
{
  const FrTable *t = s->first;
  for (guint h = 0; h < t->n_header_rows; h++) {
    g_autofree char *head = fr_squeeze (row_cell (g_ptr_array_index (t->rows, h), c));
    if (fr_rule_test (FR_RULE_FIN_TABLE_NOT_AMOUNT, head))
      return COL_NONE;
  }
  guint amounts = 0, texts = 0;
  for (guint i = 0; i < s->rows->len; i++) {
    const Row *row = &g_array_index (s->rows, Row, i);
    if (merged_from_left (row, c))
      continue;
    g_autofree char *v = fr_squeeze (row_cell (row->cells, c));
    double x;
    if (is_blank (v))
      continue;
    if (fr_amount_to_wan (v, "万元", &x, NULL))
      amounts++;
    else
      texts++;
  }
  return texts > amounts ? COL_LABEL : COL_AMOUNT;
}

/* The side a header cell names: 收入 or 支出 alone (收入支出决算总表 names both). */
static int
side_named (const char *cell)
{
  g_autofree char *text = fr_squeeze (cell);
  gboolean in = strstr (text, "收入") != NULL, out = strstr (text, "支出") != NULL;
  return in == out ? -1 : in ? INCOME : EXPENDITURE;
}

char *
fr_line_name (const char *label, int *style)
{
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_FIN_TABLE_LINE_NUMBER, label);
  *style = -1;
  if (m == NULL)
    return g_strdup (label);
  for (guint g = 0; g < G_N_ELEMENTS (number_styles); g++)
    if (fr_match_span (m, number_styles[g], NULL, NULL))
      *style = (int) g;
  gsize end;
  fr_match_span (m, NULL, NULL, &end);
  return g_strdup (label + end);
}

static int
group_side (const Summary *s, const Group *g)
{
  const FrTable *t = s->first;
  for (guint h = 0; h < t->n_header_rows; h++) {
    GPtrArray *head = g_ptr_array_index (t->rows, h);
    int side = side_named (row_cell (head, g->label));
    if (side < 0 && g->has_amount)
      side = side_named (row_cell (head, g->amount));
    if (side >= 0)
      return side;
  }
  /* no header says it: the side its own total rows name (收入总计, 本年支出合计) */
  for (guint i = 0; i < s->rows->len; i++) {
    g_autofree char *label = fr_squeeze (row_cell (g_array_index (s->rows, Row, i).cells, g->label));
    int style;
    g_autofree char *name = fr_line_name (label, &style);
    if (fr_rule_test (FR_RULE_FIN_TABLE_TOTAL, name) || fr_rule_test (FR_RULE_FIN_TABLE_CURRENT, name)) {
      int side = side_named (name);
      if (side >= 0)
        return side;
    }
  }
  return -1;
}

static GArray *
summary_groups (const Summary *s)
{
  GArray *groups = g_array_new (FALSE, TRUE, sizeof (Group));
  guint n = row_width (s->first);
  for (guint c = 0; c < n; c++) {
    ColKind k = column_kind (s, c);
    if (k == COL_LABEL) {
      Group g = { -1, c, 0, FALSE };
      g_array_append_val (groups, g);
    } else if (k == COL_AMOUNT && groups->len > 0) {
      Group *g = &g_array_index (groups, Group, groups->len - 1);
      if (!g->has_amount) {
        g->amount = c;
        g->has_amount = TRUE;
      }
    }
  }
  for (guint i = 0; i < groups->len; i++) {
    Group *g = &g_array_index (groups, Group, i);
    g->side = g->has_amount ? group_side (s, g) : -1;
  }
  return groups;
}

/* A unit stated in the header of an amount column (金额（万元）). */
static char *
column_unit (const Summary *s, const GArray *groups)
{
  const FrTable *t = s->first;
  for (guint i = 0; i < groups->len; i++) {
    const Group *g = &g_array_index (groups, Group, i);
    for (guint h = 0; g->has_amount && h < t->n_header_rows; h++) {
      g_autofree char *head = fr_squeeze (row_cell (g_ptr_array_index (t->rows, h), g->amount));
      g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_FIN_TABLE_COL_UNIT, head);
      if (m)
        return fr_match_group (m, "unit");
    }
  }
  return NULL;
}

/* ---- one group's figures --------------------------------------------------------------- */

static void
choose_items (SideRead *r)
{
  GPtrArray *lines = r->lines;
  if (lines->len == 0)
    return;
  int style = ((Line *) g_ptr_array_index (lines, 0))->style;
  GPtrArray *items = g_ptr_array_new ();
  double sum = 0;
  gboolean numbered_below = FALSE;
  for (guint i = 0; i < lines->len; i++) {
    Line *l = g_ptr_array_index (lines, i);
    if (l->style != style) {
      numbered_below = numbered_below || l->style >= 0;
      continue;
    }
    /* a peer in doubt: the items read without it are a part of them */
    r->partial |= l->doubt;
    if (l->amount.has) {
      g_ptr_array_add (items, l);
      sum += l->amount.value;
    }
  }
  gboolean has_ref = r->current.has || r->total.has;
  double ref = r->current.has ? r->current.value : r->total.value;
  gboolean adds_up = has_ref && fabs (sum - ref) <= 0.01 + 1e-9;
  if (style < 0) {
    /* no numbering: one level only if the lines make the side's figure */
    if (numbered_below || !adds_up) {
      g_ptr_array_unref (items);
      r->unleveled = TRUE;
      return;
    }
  } else if (r->ocr && !adds_up) {
    /* numbered, on a scan: a numeral misread (二、 read “、) drops its line from the peers, and
     * a figure misread is no amount: that cannot be told from the report's own error */
    r->partial = TRUE;
  }
  if (items->len == 0) {
    g_ptr_array_unref (items);
    return;
  }
  r->items = items;
  for (guint i = 0; i < items->len; i++)
    if (fr_rule_test (FR_RULE_FIN_TABLE_BY_USE, ((Line *) g_ptr_array_index (items, i))->name))
      r->by_use = TRUE;
}

static void
read_group (FrAnalysis *an, const Summary *s, const Group *g, gboolean blanks_zero, SideRead *r)
{
  r->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  r->ocr = fr_analysis_ocr_page (an, s->first->page);
  gboolean ended = FALSE;   /* lines after this year's or the total row are balances */
  for (guint i = 0; i < s->rows->len; i++) {
    const Row *row = &g_array_index (s->rows, Row, i);
    g_autofree char *label = fr_squeeze (row_cell (row->cells, g->label));
    if (*label == '\0')
      continue;
    int style;
    g_autofree char *name = fr_line_name (label, &style);
    double v = 0;
    gboolean blank;
    gboolean has = cell_amount (row_cell (row->cells, g->amount), s->unit, &v, &blank);
    /* a figure OCR left in doubt (or the typed table's sums on the scan did) is given no
     * amount, nor taken for a blank */
    gboolean doubt = has && (fr_analysis_cell_doubt (an, row->table, row->index, g->amount)
                             || fr_budget_cell_doubt (an->budget, row->table, row->index, g->amount));
    if (doubt)
      has = blank = FALSE;
    if (!has && blank && blanks_zero) {
      v = 0;
      has = TRUE;
    }
    if (fr_rule_test (FR_RULE_FIN_TABLE_TOTAL, name)) {
      if (has && !r->total.has)
        r->total = cell_figure (row, g->amount, v);
      ended = TRUE;
      continue;
    }
    if (fr_rule_test (FR_RULE_FIN_TABLE_CURRENT, name)) {
      if (has && !r->current.has)
        r->current = cell_figure (row, g->amount, v);
      ended = TRUE;
      continue;
    }
    if (ended || *name == '\0' || fr_rule_test (FR_RULE_FIN_NOT_ITEM, name))
      continue;
    Line *l = g_new0 (Line, 1);
    l->name = g_steal_pointer (&name);
    l->style = style;
    l->doubt = doubt;
    if (has)
      l->amount = cell_figure (row, g->amount, v);
    g_ptr_array_add (r->lines, l);
  }
  choose_items (r);
}

/* ---- filling the finance ----------------------------------------------------------------- */

/* Fills what the sentences left; says what it took into took. */
static void
fill_side (FrFinanceSide *o, const SideRead *r, GString *took, const char *side)
{
  g_autoptr (GString) what = g_string_new (NULL);
  if (r->total.has && !o->total.has) {
    o->total = r->total;
    g_string_append (what, "total");
  }
  if (r->current.has && !o->current.has) {
    o->current = r->current;
    g_string_append_printf (what, "%scurrent_year", what->len ? ", " : "");
  }
  if (r->items && o->items->len == 0) {
    o->partial = r->partial;
    for (guint i = 0; i < r->items->len; i++) {
      const Line *l = g_ptr_array_index (r->items, i);
      g_ptr_array_add (o->items, fr_finance_item_new (l->name, l->amount));
    }
    g_string_append_printf (what, "%s%u item%s%s", what->len ? ", " : "", r->items->len,
                            r->items->len == 1 ? "" : "s", r->by_use ? " by use" : "");
  }
  if (what->len)
    g_string_append_printf (took, "%s%s %s", took->len ? "; " : "", side, what->str);
}

static gboolean
side_needs (const FrFinance *fin, int side)
{
  const FrFinanceSide *o = fin ? &fin->sides[side] : NULL;
  return o == NULL || !o->total.has || !o->current.has || o->items->len == 0;
}

/* Whether the report says its blank cells are zeros, in a paragraph or in a table's note. */
static gboolean
blanks_are_zero (const FrAnalysis *an, guint part)
{
  for (guint i = 0; an->blocks && i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind == FR_BLOCK_PARAGRAPH && b->text && fr_part_at (an->parts, b->page) == part
        && fr_rule_test (FR_RULE_FIN_TABLE_BLANK_ZERO, b->text))
      return TRUE;
  }
  for (guint t = 0; an->tables && t < an->tables->len; t++) {
    const FrTable *tab = g_ptr_array_index (an->tables, t);
    if (fr_part_at (an->parts, tab->page) != part)
      continue;
    for (guint i = 0; tab->meta && i < tab->meta->len; i++)
      if (fr_rule_test (FR_RULE_FIN_TABLE_BLANK_ZERO, g_ptr_array_index (tab->meta, i)))
        return TRUE;
    for (guint r = 0; r < tab->rows->len; r++) {
      GPtrArray *row = g_ptr_array_index (tab->rows, r);
      for (guint c = 0; c < row->len; c++)
        if (fr_rule_test (FR_RULE_FIN_TABLE_BLANK_ZERO, row_cell (row, c)))
          return TRUE;
    }
  }
  return FALSE;
}

/* Reads one summary table into reads[2]; FALSE when it gives nothing. */
static gboolean
read_summary (FrAnalysis *an, Summary *s, gboolean blanks_zero, SideRead reads[2])
{
  summary_collect_rows (s);
  g_autoptr (GArray) groups = summary_groups (s);
  for (guint p = 0; s->unit == NULL && p < s->parts->len; p++)
    s->unit = fr_table_stated_unit (g_ptr_array_index (s->parts, p));
  if (s->unit == NULL)
    s->unit = column_unit (s, groups);
  if (s->unit == NULL) {
    fr_analysis_warn (an, "finance: page %u: the table “%s” states no money unit; no figure "
                      "is taken from it", s->first->page + 1, s->name);
    return FALSE;
  }
  gboolean any = FALSE;
  for (int side = 0; side < 2; side++) {
    /* every group of the side, the one by use first */
    SideRead best = { 0 };
    GPtrArray *held = g_ptr_array_new ();
    for (guint i = 0; i < groups->len; i++) {
      const Group *g = &g_array_index (groups, Group, i);
      if (g->side != side)
        continue;
      SideRead *r = g_new0 (SideRead, 1);
      read_group (an, s, g, blanks_zero, r);
      if (r->by_use)
        g_ptr_array_insert (held, 0, r);
      else
        g_ptr_array_add (held, r);
    }
    for (guint i = 0; i < held->len; i++) {
      SideRead *r = g_ptr_array_index (held, i);
      if (!best.total.has && r->total.has)
        best.total = r->total;
      if (!best.current.has && r->current.has)
        best.current = r->current;
      if (best.items == NULL && r->items) {
        best.items = g_steal_pointer (&r->items);
        best.lines = g_steal_pointer (&r->lines);
        best.by_use = r->by_use;
        best.partial = r->partial;
      }
      best.unleveled = best.unleveled || r->unleveled;
      side_read_clear (r);
      g_free (r);
    }
    g_ptr_array_unref (held);
    if (best.items)
      best.unleveled = FALSE;
    any = any || best.total.has || best.current.has || best.items;
    reads[side] = best;
  }
  if (!any)
    fr_analysis_warn (an, "finance: page %u: the table “%s” gave no figure: no side with a "
                      "total, this year's row or numbered lines was found", s->first->page + 1,
                      s->name);
  return any;
}

void
fr_fintable_fill (FrAnalysis *an, FrFinance **finance, guint part)
{
  if (!side_needs (*finance, INCOME) && !side_needs (*finance, EXPENDITURE))
    return;
  gboolean blanks_zero = blanks_are_zero (an, part);
  for (guint i = 0; an->tables && i < an->tables->len; i++) {
    const FrTable *t = g_ptr_array_index (an->tables, i);
    const char *name = summary_name (t);
    if (name == NULL || fr_part_at (an->parts, t->page) != part || t->rows == NULL)
      continue;
    Summary s;
    summary_init (&s, t, name);
    while (i + 1 < an->tables->len
           && continues (g_ptr_array_index (s.parts, s.parts->len - 1),
                         g_ptr_array_index (an->tables, i + 1), name))
      g_ptr_array_add (s.parts, g_ptr_array_index (an->tables, ++i));
    SideRead reads[2];
    memset (reads, 0, sizeof reads);
    gboolean any = read_summary (an, &s, blanks_zero, reads);
    if (any) {
      if (*finance == NULL)
        *finance = fr_finance_new ();
      g_autoptr (GString) took = g_string_new (NULL);
      for (int side = 0; side < 2; side++) {
        FrFinanceSide *o = &(*finance)->sides[side];
        const char *side_name = fr_finance_side_name (side);
        fill_side (o, &reads[side], took, side_name);
        if (reads[side].unleveled && o->items->len == 0)
          fr_analysis_warn (an, "finance: page %u: the %s lines of “%s” are not numbered and do "
                            "not add up to its figure, so which are items is not written; "
                            "none is taken", t->page + 1, side_name, name);
      }
      if (took->len)
        fr_analysis_warn (an, "finance: page %u: from the table “%s” (单位：%s): %s",
                          t->page + 1, name, s.unit, took->str);
    }
    for (int side = 0; side < 2; side++)
      side_read_clear (&reads[side]);
    summary_clear (&s);
    if (any)
      break;
  }
}
