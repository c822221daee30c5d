/* budget.c — the standard tables of a budget or final account, typed (issue 12; RECORD.md,
 * "Budgets and final accounts").
 *
 * From the tables the tables stage found:
 *   - a table's kind comes from its title, else from the caption lines above it
 *     (budget_kinds.def); its label (公开03表, 表3) from those lines or the title's start;
 *   - an untitled table on the page after a typed one, with as many columns and no header of
 *     its own, continues it, as does the next piece with the same kind and label: one entry
 *     per table;
 *   - header rows are the table's own plus the rows before the first that holds a figure (a
 *     header the tables stage read as body), less the rows that number the columns (栏次 1 2…);
 *   - each column is a code column (its header says 编码/代码 or 类/款/项), a value column
 *     (its body holds figures), a line-number column (行次) or a name column.  Groups of
 *     name/code columns followed by value columns that repeat across the page (a 基本支出表
 *     printing 科目编码|科目名称|金额 twice) are unfolded into one list of rows, and in a
 *     summary table each group is a side, told by its header's 收入/支出 or its place;
 *   - a value column's role comes from its header words (budget_roles.def);
 *   - codes printed shortened under their parent (208, then 05, then 05) are made whole; a
 *     6-digit code, or any code in a column headed 单位/部门, is a unit of the department;
 *   - amounts become 万元 exactly from the table's stated unit, else the report's.
 * Then the headline figures, from the tables the contract names and, for 机关运行经费,
 * 政府采购 and the "三公"经费 that a report often states only in sentences, from the narrative.
 */
#include "stages.h"
#include "amount.h"
#include "budgetchecks.h"
#include "fintable.h"
#include "values.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *kind, *need, *also, *unless, *why;
} KindRow;

static const KindRow kind_rows[] = {
#define BUDGET_KIND(kind, need, also, unless, why) { kind, need, also, unless, why },
#include "budget_kinds.def"
#undef BUDGET_KIND
};

typedef struct {
  const char *role, *phrases, *unless, *why;
} RoleRow;

static const RoleRow role_rows[] = {
#define BUDGET_ROLE(role, phrases, unless, why) { role, phrases, unless, why },
#include "budget_roles.def"
#undef BUDGET_ROLE
};

/* ---- words ------------------------------------------------------------------------- */

/* Whether s holds one of the "|"-separated phrases; "" holds for any s. */
static gboolean
has_phrase (const char *s, const char *phrases)
{
  if (*phrases == '\0')
    return TRUE;
  const char *p = phrases;
  while (*p) {
    const char *bar = strchr (p, '|');
    gsize n = bar ? (gsize) (bar - p) : strlen (p);
    char word[96];
    if (n && n < sizeof word) {
      memcpy (word, p, n);
      word[n] = '\0';
      if (strstr (s, word))
        return TRUE;
    }
    if (!bar)
      break;
    p = bar + 1;
  }
  return FALSE;
}

static const char *
kind_of (const char *title)
{
  if (title == NULL || *title == '\0')
    return NULL;
  g_autofree char *s = fr_squeeze (title);
  for (guint i = 0; i < G_N_ELEMENTS (kind_rows); i++) {
    const KindRow *k = &kind_rows[i];
    if (has_phrase (s, k->need) && (*k->also == '\0' || has_phrase (s, k->also))
        && (*k->unless == '\0' || !has_phrase (s, k->unless)))
      return k->kind;
  }
  return NULL;
}

static const char *
role_of (const char *header)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_rows); i++) {
    const RoleRow *r = &role_rows[i];
    if (has_phrase (header, r->phrases) && (*r->unless == '\0' || !has_phrase (header, r->unless)))
      return r->role;
  }
  return NULL;
}

static char *
label_in (const char *text)
{
  if (text == NULL)
    return NULL;
  g_autofree char *s = fr_squeeze (text);
  g_autoptr (FrMatch) m = fr_rule_match (FR_RULE_BUDGET_LABEL, s);
  return m ? fr_match_group (m, "label") : NULL;
}

static const char *
cell_at (GPtrArray *row, guint c)
{
  const char *s = c < row->len ? g_ptr_array_index (row, c) : NULL;
  return s ? s : "";
}

/* A figure as printed: digits with separators, a sign; FALSE for text and blanks. */
static gboolean
is_number (const char *squeezed)
{
  const char *p = squeezed;
  if (*p == '-' || *p == '+')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != ',' && *p != '.')
      return FALSE;
  return TRUE;
}

/* Whether cell c only repeats the cell left of it: a merged cell's text, which the tables
 * stage puts in each column it spans, belongs to its first column. */
static gboolean
spanned_from_left (GPtrArray *row, guint c)
{
  return c > 0 && strcmp (cell_at (row, c), cell_at (row, c - 1)) == 0;
}

static gboolean
row_has_figure (GPtrArray *row)
{
  for (guint c = 0; c < row->len; c++) {
    g_autofree char *s = fr_squeeze (cell_at (row, c));
    if (is_number (s) && (strchr (s, '.') || strchr (s, ',') || strlen (s) >= 3 || strcmp (s, "0") == 0))
      return TRUE;
  }
  return FALSE;
}

/* ---- which tables ------------------------------------------------------------------ */

typedef struct {
  const char *kind;
  char *label, *title;
  GPtrArray *parts;     /* of FrTable*: borrowed, or a continuation's columns laid out as the
                         * first part's (owned by made) */
  GPtrArray *origins;   /* of FrTable*: the table of an->tables each part was read from */
  GPtrArray *made;      /* of FrTable* (owned) */
  guint index;          /* of the first in an->tables */
} Found;

static void
found_clear (Found *f)
{
  g_free (f->label);
  g_free (f->title);
  if (f->parts)
    g_ptr_array_unref (f->parts);
  if (f->origins)
    g_ptr_array_unref (f->origins);
  if (f->made)
    g_ptr_array_unref (f->made);
}

static void
found_add (Found *f, FrTable *part, FrTable *origin)
{
  g_ptr_array_add (f->parts, part);
  g_ptr_array_add (f->origins, origin);
}

/* The mean left and right edges of each column's body cells that span one column (-1 where
 * none): numbers stand right-aligned and names left-aligned on every page alike, where a
 * header's centred words would move a mean. */
static void
column_edges (const FrTable *t, double *x0, double *x1)
{
  g_autofree guint *n = g_new0 (guint, MAX (t->n_cols, 1));
  for (guint c = 0; c < t->n_cols; c++)
    x0[c] = x1[c] = 0;
  for (guint i = 0; i < t->cells->len; i++) {
    const FrCell *c = &g_array_index (t->cells, FrCell, i);
    if (c->col_span != 1 || c->col >= t->n_cols || c->row < t->n_header_rows || c->text == NULL
        || *c->text == '\0' || c->box.x1 <= c->box.x0)
      continue;
    x0[c->col] += c->box.x0;
    x1[c->col] += c->box.x1;
    n[c->col]++;
  }
  for (guint c = 0; c < t->n_cols; c++) {
    x0[c] = n[c] ? x0[c] / n[c] : -1;
    x1[c] = n[c] ? x1[c] / n[c] : -1;
  }
}

/* A continuation printed with other columns than its first page (a column left blank all the
 * way down is not found there): each of its columns placed under the first page's column at
 * the same place across the page, in order, or NULL where one has no such column. */
static FrTable *
aligned_continuation (const FrTable *first, const FrTable *t)
{
  if (first->n_cols == 0 || t->n_cols == 0 || t->n_cols > first->n_cols)
    return NULL;
  g_autofree double *f0 = g_new (double, first->n_cols), *f1 = g_new (double, first->n_cols);
  g_autofree double *t0 = g_new (double, t->n_cols), *t1 = g_new (double, t->n_cols);
  column_edges (first, f0, f1);
  column_edges (t, t0, t1);
  g_autofree guint *map = g_new0 (guint, t->n_cols);
  guint from = 0;
  for (guint j = 0; j < t->n_cols; j++) {
    if (t0[j] < 0)
      return NULL;
    double best = 12;   /* points: a third of a narrow column */
    gboolean found = FALSE;
    for (guint i = from; i < first->n_cols; i++) {
      double d = MIN (fabs (f0[i] - t0[j]), fabs (f1[i] - t1[j]));
      if (f0[i] >= 0 && d < best) {
        best = d;
        map[j] = i;
        found = TRUE;
      }
    }
    if (!found)
      return NULL;
    from = map[j] + 1;
  }
  FrTable *m = fr_table_new ();
  m->page = t->page;
  m->n_cols = first->n_cols;
  m->n_header_rows = t->n_header_rows;
  g_array_append_vals (m->pages, t->pages->data, t->pages->len);
  for (guint r = 0; r < t->rows->len; r++) {
    GPtrArray *src = g_ptr_array_index (t->rows, r);
    GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
    for (guint c = 0; c < first->n_cols; c++)
      g_ptr_array_add (row, g_strdup (""));
    for (guint j = 0; j < t->n_cols && j < src->len; j++) {
      const char *cell = g_ptr_array_index (src, j);
      g_free (g_ptr_array_index (row, map[j]));
      g_ptr_array_index (row, map[j]) = g_strdup (cell ? cell : "");
    }
    g_ptr_array_add (m->rows, row);
    g_ptr_array_add (m->row_pages, r < t->row_pages->len ? g_ptr_array_index (t->row_pages, r)
                                                          : GUINT_TO_POINTER (t->page));
  }
  return m;
}

static guint
last_page (const FrTable *t)
{
  return t->pages->len ? g_array_index (t->pages, guint, t->pages->len - 1) : t->page;
}

/* The kind a table names in its title or its caption lines, with the words that named it. */
static const char *
table_kind (const FrTable *t, const char **named)
{
  const char *k = kind_of (t->title);
  *named = t->title;
  for (guint i = 0; k == NULL && t->meta && i < t->meta->len; i++) {
    *named = g_ptr_array_index (t->meta, i);
    k = kind_of (*named);
  }
  return k;
}

static char *
table_label (const FrTable *t)
{
  char *l = label_in (t->title);
  for (guint i = 0; l == NULL && t->meta && i < t->meta->len; i++)
    l = label_in (g_ptr_array_index (t->meta, i));
  return l;
}

/* A table printed without its title (or whose title the page lost) is known by its header
 * words and its place: the standard tables come in one order, so after the 财政拨款收支总表 a
 * table of subjects by function split into 基本支出 and 项目支出 is the 一般公共预算(财政拨款)
 * 支出表.  { the kind before it, the header words it needs (each "|" alternative group must
 * all be found: "a&b"), its kind } */
static const struct {
  const char *after, *needs, *kind;
} untitled_kinds[] = {
  { "fiscal_summary", "科目&基本支出&项目支出", "general_budget" },
};

static const char *
untitled_kind (const FrTable *t, const char *prev_kind)
{
  g_autoptr (GString) head = g_string_new (NULL);
  for (guint r = 0; r < t->rows->len && r < MAX (t->n_header_rows, 3); r++) {
    GPtrArray *row = g_ptr_array_index (t->rows, r);
    for (guint c = 0; c < row->len; c++) {
      g_autofree char *w = fr_squeeze (cell_at (row, c));
      g_string_append_printf (head, "%s|", w);
    }
  }
  for (guint i = 0; i < G_N_ELEMENTS (untitled_kinds); i++) {
    if (g_strcmp0 (prev_kind, untitled_kinds[i].after) != 0)
      continue;
    g_auto (GStrv) words = g_strsplit (untitled_kinds[i].needs, "&", -1);
    gboolean all = TRUE;
    for (guint k = 0; words[k] && all; k++)
      all = strstr (head->str, words[k]) != NULL;
    if (all)
      return untitled_kinds[i].kind;
  }
  return NULL;
}

/* Does a piece go on under the table's head: none of its own, or the same repeated?  A piece
 * with a head of its own is a table of its own. */
static gboolean
same_head (const FrTable *first, const FrTable *t)
{
  if (t->n_header_rows == 0)
    return TRUE;
  if (t->n_header_rows != first->n_header_rows || t->n_cols != first->n_cols)
    return FALSE;
  for (guint r = 0; r < t->n_header_rows; r++)
    for (guint c = 0; c < t->n_cols; c++)
      if (strcmp (fr_table_text (first, r, c), fr_table_text (t, r, c)) != 0)
        return FALSE;
  return TRUE;
}

/* Whether a report's tables may be a budget's: a budget or final account, or a file whose
 * kind is not known (a file of tables alone, without a cover).  A self-evaluation report's
 * 支出 tables are indicator tables. */
static gboolean
budget_kind (const FrReport *rep)
{
  const char *k = rep ? rep->kind : NULL;
  return k == NULL || strcmp (k, "other") == 0 || g_str_has_suffix (k, "预算") || g_str_has_suffix (k, "决算");
}

static GArray *
find_tables (const FrAnalysis *an)
{
  gboolean geometry = an->doc && an->doc->has_geometry;
  GArray *found = g_array_new (FALSE, TRUE, sizeof (Found));
  g_array_set_clear_func (found, (GDestroyNotify) found_clear);
  for (guint i = 0; i < an->tables->len; i++) {
    FrTable *t = g_ptr_array_index (an->tables, i);
    /* a table of a report bound in that is no budget (its 支出 tables are indicators') */
    if (!budget_kind (fr_analysis_report_at (an, t->page)))
      continue;
    const char *named = NULL;
    const char *kind = table_kind (t, &named);
    g_autofree char *label = table_label (t);
    Found *prev = found->len ? &g_array_index (found, Found, found->len - 1) : NULL;
    const FrTable *prev_last = prev ? g_ptr_array_index (prev->parts, prev->parts->len - 1) : NULL;
    /* a table continues on the next page, never into the next report of the file */
    gboolean next_page = prev_last && t->page >= last_page (prev_last)
                         && t->page <= last_page (prev_last) + 1
                         && fr_part_at (an->parts, t->page) == fr_part_at (an->parts, prev_last->page);
    /* an untitled piece on the next page with as many columns continues the table, or with
     * fewer that stand under its columns; so does the same table named again (a title and
     * label repeated on its continuation page) */
    gboolean untitled = kind == NULL && label == NULL && t->title == NULL;
    /* (a piece with a header of its own is a table of its own: same_head) */
    if (prev && next_page && untitled && t->n_cols != prev_last->n_cols && geometry
        && t->n_header_rows == 0) {
      FrTable *m = aligned_continuation (g_ptr_array_index (prev->parts, 0), t);
      if (m) {
        g_ptr_array_add (prev->made, m);
        found_add (prev, m, t);
        continue;
      }
    }
    if (prev && next_page
        && ((untitled && t->n_cols == prev_last->n_cols && same_head (g_ptr_array_index (prev->parts, 0), t))
            || (kind == prev->kind && g_strcmp0 (label, prev->label) == 0
                && (label != NULL || g_strcmp0 (named, prev->title) == 0)))) {
      found_add (prev, t, t);
      continue;
    }
    if (kind == NULL && untitled && prev)
      kind = untitled_kind (t, prev->kind);
    if (kind == NULL)
      continue;
    Found f = { kind, g_steal_pointer (&label), g_strdup (named), g_ptr_array_new (),
                g_ptr_array_new (), g_ptr_array_new_with_free_func ((GDestroyNotify) fr_table_free), i };
    found_add (&f, t, t);
    g_array_append_val (found, f);
  }
  return found;
}

/* ---- columns ----------------------------------------------------------------------- */

typedef enum { COL_NAME, COL_CODE, COL_VALUE, COL_SKIP } ColClass;

typedef struct {
  ColClass cls;
  GPtrArray *path;      /* of char*: distinct header words, top to bottom */
  gboolean unit_code;   /* a code column of the department's units */
  int group;
  int out;              /* index in the typed table's columns (COL_VALUE) */
} Col;

typedef struct {
  const FrTable *first;
  guint n_cols;
  guint n_header;       /* header rows of the first part */
  Col *cols;
  int n_groups;
} Layout;

static void
layout_clear (Layout *l)
{
  for (guint c = 0; l->cols && c < l->n_cols; c++)
    g_ptr_array_unref (l->cols[c].path);
  g_free (l->cols);
}

/* Header rows of a part: its own, then those before its first row with a figure. */
static guint
header_rows (const FrTable *t)
{
  guint h = MIN (t->n_header_rows, t->rows->len);
  while (h < t->rows->len && !row_has_figure (g_ptr_array_index (t->rows, h)))
    h++;
  /* a table of no figures at all (an empty 国有资本经营 table) keeps the tables stage's */
  return h == t->rows->len ? MIN (t->n_header_rows, t->rows->len) : h;
}

static gboolean
header_says (const Col *col, FrRuleId rule)
{
  for (guint i = 0; i < col->path->len; i++)
    if (fr_rule_test (rule, g_ptr_array_index (col->path, i)))
      return TRUE;
  return FALSE;
}

static gboolean
header_has (const Col *col, const char *phrases)
{
  for (guint i = 0; i < col->path->len; i++)
    if (has_phrase (g_ptr_array_index (col->path, i), phrases))
      return TRUE;
  return FALSE;
}

static void
classify (Layout *l, GPtrArray *parts)
{
  const FrTable *t = l->first;
  for (guint c = 0; c < l->n_cols; c++) {
    Col *col = &l->cols[c];
    col->path = g_ptr_array_new_with_free_func (g_free);
    for (guint r = 0; r < l->n_header; r++) {
      g_autofree char *s = fr_squeeze (cell_at (g_ptr_array_index (t->rows, r), c));
      if (*s == '\0' || fr_value_numbering_row (g_ptr_array_index (t->rows, r)))
        continue;
      if (col->path->len && strcmp (g_ptr_array_index (col->path, col->path->len - 1), s) == 0)
        continue;
      g_ptr_array_add (col->path, g_steal_pointer (&s));
    }
    guint numbers = 0, texts = 0, codes = 0;
    for (guint p = 0; p < parts->len; p++) {
      const FrTable *part = g_ptr_array_index (parts, p);
      for (guint r = p == 0 ? l->n_header : header_rows (part); r < part->rows->len; r++) {
        GPtrArray *row = g_ptr_array_index (part->rows, r);
        if (fr_value_numbering_row (row))
          continue;
        g_autofree char *s = fr_squeeze (cell_at (row, c));
        if (*s == '\0' || fr_rule_test (FR_RULE_FIN_TABLE_SKIP_ROW, s))
          continue;
        /* a merged label (当年支出小计 over a group's name and amount columns) is its first
         * column's text, not a word in the amounts */
        if (!is_number (s) && spanned_from_left (row, c))
          continue;
        if (fr_rule_test (FR_RULE_BUDGET_CODE, s) && strlen (s) != 4)
          codes++;
        if (is_number (s))
          numbers++;
        else
          texts++;
      }
    }
    gboolean code_header = header_has (col, "编码|代码|编号") || (col->path->len
                           && has_phrase (g_ptr_array_index (col->path, col->path->len - 1), "类|款|项")
                           && strlen ((char *) g_ptr_array_index (col->path, col->path->len - 1)) == 3);
    /* codes by their header, or (no header) by a body of codes alone; values by a body of
     * figures, or a column the report left blank all the way down under a header that names
     * no names (科目名称 of a table without lines: 本表无数据) */
    gboolean code_col = code_header
                        || (col->path->len == 0 && codes > 0 && codes == numbers && texts * 4 <= codes);
    gboolean value_col = (numbers > 0 && texts * 4 <= numbers && codes < numbers)
                         || (numbers == 0 && texts == 0 && col->path->len && !header_has (col, "名称"));
    if (header_has (col, "行次|栏次|序号"))
      col->cls = COL_SKIP;
    else if (code_col)
      col->cls = COL_CODE;
    else if (value_col)
      col->cls = COL_VALUE;
    else
      col->cls = COL_NAME;
    col->unit_code = col->cls == COL_CODE && header_says (col, FR_RULE_BUDGET_UNIT_CODE_HEADER)
                     && !header_has (col, "科目");
  }
  /* groups: a name or code column after a value column starts the next */
  int g = 0;
  gboolean seen_value = FALSE;
  for (guint c = 0; c < l->n_cols; c++) {
    Col *col = &l->cols[c];
    if ((col->cls == COL_NAME || col->cls == COL_CODE) && seen_value) {
      g++;
      seen_value = FALSE;
    }
    if (col->cls == COL_VALUE)
      seen_value = TRUE;
    col->group = g;
  }
  l->n_groups = g + 1;
}

/* The header words of a value column within its group: what all the group's columns share
 * (人员经费 over 科目编码|科目名称|决算数) is the group's, not the column's. */
static char *
column_header (const Layout *l, guint c, const char **role)
{
  const Col *col = &l->cols[c];
  guint shared = 0;
  if (l->n_groups > 1) {
    for (;; shared++) {
      if (shared >= col->path->len)
        break;
      const char *w = g_ptr_array_index (col->path, shared);
      gboolean all = TRUE;
      for (guint k = 0; k < l->n_cols && all; k++) {
        const Col *o = &l->cols[k];
        if (o->group != col->group || o->cls == COL_SKIP)
          continue;
        all = shared < o->path->len && strcmp (g_ptr_array_index (o->path, shared), w) == 0;
      }
      if (!all)
        break;
    }
    if (shared >= col->path->len && col->path->len)
      shared = col->path->len - 1;
  }
  GString *h = g_string_new (NULL);
  for (guint i = shared; i < col->path->len; i++)
    g_string_append_printf (h, "%s%s", h->len ? "/" : "", (char *) g_ptr_array_index (col->path, i));
  /* the lowest header word that names a role; a total under a group of its own role
   * (基本支出/小计) is that group's, unless the group spans every value column */
  *role = NULL;
  int at = -1;
  for (int i = (int) col->path->len - 1; i >= (int) shared && *role == NULL; i--) {
    *role = role_of (g_ptr_array_index (col->path, i));
    at = i;
  }
  if (*role && strcmp (*role, "total") == 0) {
    for (int i = at - 1; i >= (int) shared; i--) {
      const char *up = role_of (g_ptr_array_index (col->path, i));
      if (up == NULL || strcmp (up, "total") == 0)
        continue;
      gboolean spans = TRUE;
      const char *w = g_ptr_array_index (col->path, i);
      for (guint k = 0; k < l->n_cols && spans; k++) {
        const Col *o = &l->cols[k];
        if (o->cls == COL_VALUE && o->group == col->group)
          spans = (guint) i < o->path->len && strcmp (g_ptr_array_index (o->path, i), w) == 0;
      }
      if (!spans)
        *role = up;
      break;
    }
  }
  return g_string_free (h, FALSE);
}

static void
make_columns (Layout *l, FrBudgetTable *bt)
{
  for (guint c = 0; c < l->n_cols; c++) {
    Col *col = &l->cols[c];
    col->out = -1;
    if (col->cls != COL_VALUE)
      continue;
    const char *role;
    g_autofree char *header = column_header (l, c, &role);
    for (guint k = 0; k < bt->columns->len && col->out < 0; k++)
      if (strcmp (g_array_index (bt->columns, FrBudgetColumn, k).header, header) == 0) {
        /* the same header twice in one group is two columns */
        gboolean taken = FALSE;
        for (guint o = 0; o < c; o++)
          if (l->cols[o].group == col->group && l->cols[o].out == (int) k)
            taken = TRUE;
        if (!taken)
          col->out = (int) k;
      }
    if (col->out < 0) {
      FrBudgetColumn bc = { role, g_steal_pointer (&header) };
      g_array_append_val (bt->columns, bc);
      col->out = (int) bt->columns->len - 1;
    }
  }
}

/* ---- rows -------------------------------------------------------------------------- */

static FrBudgetSide
group_side (const Layout *l, int g)
{
  for (guint c = 0; c < l->n_cols; c++) {
    const Col *col = &l->cols[c];
    if (col->group != g || col->path->len == 0)
      continue;
    const char *top = g_ptr_array_index (col->path, 0);
    if (has_phrase (top, "收入") && !has_phrase (top, "支出"))
      return FR_BUDGET_SIDE_INCOME;
    if (has_phrase (top, "支出") && !has_phrase (top, "收入"))
      return FR_BUDGET_SIDE_EXPENDITURE;
  }
  return g == 0 ? FR_BUDGET_SIDE_INCOME : FR_BUDGET_SIDE_EXPENDITURE;
}

static int
code_level (gsize len)
{
  return len == 3 ? 1 : len == 5 ? 2 : len == 7 ? 3 : 0;
}

/* Codes printed shortened under their parent: the last 类 and 款 seen, with the sum of the
 * 项 under the 款 so far, so a two-digit code after the 项 that already fill their 款 is the
 * next 款 rather than one more 项. */
typedef struct {
  char cls[8], kuan[8];
  double kuan_value, items_sum;
  gboolean has_kuan_value, after_item;
} CodeState;

static char *
whole_code (CodeState *st, const char *code, double v, gboolean has_v, double step)
{
  gsize n = strlen (code);
  char *full = NULL;
  if (n == 3 || n == 5 || n == 7) {
    full = g_strdup (code);
  } else if (n == 2 && *st->cls) {
    gboolean new_kuan = !*st->kuan || !st->after_item
                        || (st->has_kuan_value && fabs (st->items_sum - st->kuan_value) <= step);
    /* one more 项 under the 款, or the first 项 right after it; else a 款 of the 类 */
    gboolean under_kuan = *st->kuan
                          && (st->after_item ? !new_kuan
                                             : strlen (st->kuan) == 5 && strncmp (st->kuan, st->cls, 3) == 0
                                                 && st->has_kuan_value);
    full = g_strconcat (under_kuan ? st->kuan : st->cls, code, NULL);
  } else {
    return NULL;
  }
  gsize len = strlen (full);
  if (len == 3) {
    g_strlcpy (st->cls, full, sizeof st->cls);
    st->kuan[0] = '\0';
    st->after_item = FALSE;
  } else if (len == 5) {
    g_strlcpy (st->kuan, full, sizeof st->kuan);
    st->kuan_value = v;
    st->has_kuan_value = has_v;
    st->items_sum = 0;
    st->after_item = FALSE;
  } else if (len == 7) {
    st->items_sum += has_v ? v : 0;
    st->after_item = TRUE;
  }
  return full;
}

static char *
row_name (GPtrArray *names, int *numbering)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++) {
    const char *n = g_ptr_array_index (names, i);
    if (s->len && strstr (s->str, n))
      continue;
    g_string_append_printf (s, "%s%s", s->len ? " " : "", n);
  }
  *numbering = -1;
  if (s->len == 0) {
    g_string_free (s, TRUE);
    return NULL;
  }
  char *name = fr_line_name (s->str, numbering);
  g_string_free (s, TRUE);
  return name;
}

static int
printed_decimals (const char *s)
{
  const char *dot = strchr (s, '.');
  return dot ? (int) strlen (dot + 1) : 0;
}

/* One group of one body row as a typed row, or NULL when it holds nothing. */
static FrBudgetRow *
read_row (FrAnalysis *an, const Layout *l, const FrBudgetTable *bt, const FrTable *part, guint r, int g,
          CodeState *st, int *decimals)
{
  GPtrArray *cells = g_ptr_array_index (part->rows, r);
  FrBudgetRow *row = fr_budget_row_new (bt->columns->len);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) code = g_string_new (NULL);
  gboolean unit_row = FALSE, any_value = FALSE;
  double lead_value = 0;
  gboolean has_first = FALSE;
  for (guint c = 0; c < l->n_cols && c < cells->len; c++) {
    const Col *col = &l->cols[c];
    if (col->group != g || col->cls == COL_SKIP)
      continue;
    g_autofree char *s = fr_squeeze (cell_at (cells, c));
    if (col->cls == COL_VALUE) {
      FrBudgetValue *v = &g_array_index (row->values, FrBudgetValue, col->out);
      /* a figure OCR left in doubt is given no value (fr_analysis_cell_doubt) */
      if (is_number (s) && fr_analysis_cell_doubt (an, part, r, c)) {
        v->doubt = TRUE;
        continue;
      }
      /* digits OCR read as no figure (6,203;000.00) are a figure misread, not a blank: no sum
       * takes the row for nothing there */
      if (!is_number (s) && strpbrk (s, "0123456789") && fr_analysis_ocr_page (an, fr_table_row_page (part, r))) {
        v->doubt = TRUE;
        continue;
      }
      if (is_number (s) && fr_amount_to_wan (s, bt->unit, &v->value, NULL)) {
        v->has = TRUE;
        v->col = c;
        any_value = TRUE;
        *decimals = MAX (*decimals, printed_decimals (s));
        if (!has_first) {
          lead_value = v->value;
          has_first = TRUE;
        }
      }
      continue;
    }
    if (*s == '\0')
      continue;
    if (col->cls == COL_CODE && fr_rule_test (FR_RULE_BUDGET_CODE, s)) {
      if (col->unit_code)
        unit_row = TRUE;
      g_string_append (code, s);
      continue;
    }
    /* a code and its name in one cell */
    g_autoptr (FrMatch) m = code->len == 0 ? fr_rule_match (FR_RULE_BUDGET_CODE_NAME, s) : NULL;
    if (m && col->cls == COL_NAME && fr_rule_test (FR_RULE_BUDGET_CODE_NAME, s)) {
      g_autofree char *cd = fr_match_group (m, "code");
      g_string_append (code, cd);
      g_ptr_array_add (names, fr_match_group (m, "name"));
      continue;
    }
    g_autofree char *clean = fr_clean_text (cell_at (cells, c));
    if (names->len == 0 || strcmp (g_ptr_array_index (names, names->len - 1), clean) != 0)
      g_ptr_array_add (names, g_steal_pointer (&clean));
  }
  row->name = row_name (names, &row->numbering);
  if (code->len && !unit_row && (code->len == 6 || code->len > 7))
    unit_row = TRUE;
  if (code->len && !unit_row)
    row->code = whole_code (st, code->str, lead_value, has_first, bt->step);
  if (row->code == NULL && code->len && !unit_row && row->name == NULL)
    row->name = g_strdup (code->str);
  row->level = row->code ? code_level (strlen (row->code)) : 0;
  if (row->name == NULL && row->code == NULL && !any_value) {
    fr_budget_row_free (row);
    return NULL;
  }
  row->page = fr_table_row_page (part, r);
  row->row = r;
  row->part = part;
  return row;
}

/* Whether a row of group g that holds no code and no value is only the left part of a merged
 * cell whose row belongs to a later group: 公用经费合计 spanning the second group's name and
 * value columns into the third's, where its figure stands. */
static gboolean
spills_into_later_group (const Layout *l, GPtrArray *cells, int g, const FrBudgetRow *row)
{
  if (row->code || row->name == NULL)
    return FALSE;
  for (guint k = 0; k < row->values->len; k++)
    if (g_array_index (row->values, FrBudgetValue, k).has)
      return FALSE;
  g_autofree char *name = fr_squeeze (row->name);
  for (guint c = 0; c < l->n_cols && c < cells->len; c++) {
    const Col *col = &l->cols[c];
    if (col->group <= g || (col->cls != COL_NAME && col->cls != COL_CODE))
      continue;
    g_autofree char *s = fr_squeeze (cell_at (cells, c));
    if (strcmp (s, name) == 0)
      return TRUE;
  }
  return FALSE;
}

/* Whether a continuation's leading row repeats the first part's header (a merged cell's text
 * repeated in the columns it spans is its first column's). */
static gboolean
repeats_header (const Layout *l, GPtrArray *row)
{
  for (guint c = 0; c < row->len; c++) {
    g_autofree char *s = fr_squeeze (cell_at (row, c));
    if (*s == '\0' || spanned_from_left (row, c))
      continue;
    if (c >= l->n_cols)
      return FALSE;
    gboolean found = FALSE;
    for (guint i = 0; i < l->cols[c].path->len && !found; i++)
      found = strcmp (g_ptr_array_index (l->cols[c].path, i), s) == 0;
    if (!found)
      return FALSE;
  }
  return TRUE;
}

static gboolean is_total_row (const FrBudgetRow *r);

static void
read_rows (FrAnalysis *an, const Layout *l, FrBudgetTable *bt, GPtrArray *parts, GPtrArray *origins,
           gboolean two_sided)
{
  /* a table of no figures at all (本表无数据) has its lines by their codes and its 合计; the
   * rest is its header, however the page's grid cut it (功能分类科目名称 合计 基本支出 …) */
  gboolean empty = TRUE;
  for (guint p = 0; p < parts->len && empty; p++) {
    const FrTable *part = g_ptr_array_index (parts, p);
    for (guint r = 0; r < part->rows->len && empty; r++)
      empty = !row_has_figure (g_ptr_array_index (part->rows, r));
  }
  int decimals = 0;
  for (int g = 0; g < l->n_groups; g++) {
    CodeState st = { 0 };
    FrBudgetSide side = two_sided ? group_side (l, g) : FR_BUDGET_SIDE_NONE;
    for (guint p = 0; p < parts->len; p++) {
      const FrTable *part = g_ptr_array_index (parts, p);
      guint from = p == 0 ? l->n_header : MIN (part->n_header_rows, part->rows->len);
      gboolean leading = p > 0;
      for (guint r = from; r < part->rows->len; r++) {
        GPtrArray *cells = g_ptr_array_index (part->rows, r);
        /* a page of a table the tables stage joined may open with the header again */
        if (r > from && fr_table_row_page (part, r) != fr_table_row_page (part, r - 1))
          leading = TRUE;
        if (fr_value_numbering_row (cells))
          continue;
        if (leading && !row_has_figure (cells) && repeats_header (l, cells))
          continue;
        leading = FALSE;
        FrBudgetRow *row = read_row (an, l, bt, part, r, g, &st, &decimals);
        if (row == NULL)
          continue;
        if (spills_into_later_group (l, cells, g, row) || (empty && row->code == NULL && !is_total_row (row))) {
          fr_budget_row_free (row);
          continue;
        }
        row->side = side;
        row->part = g_ptr_array_index (origins, p);
        g_ptr_array_add (bt->rows, row);
      }
    }
  }
  double per = 1;
  fr_amount_to_wan ("1", bt->unit, &per, NULL);
  bt->step = per * pow (10, -decimals);
}

static char *
report_unit (const FrAnalysis *an)
{
  for (guint i = 0; i < an->tables->len; i++) {
    char *u = fr_table_stated_unit (g_ptr_array_index (an->tables, i));
    if (u)
      return u;
  }
  return NULL;
}

/* Whether a table's caption has a unit line whose unit OCR could not read (单位：方元). */
static gboolean
unit_line_unread (const FrTable *t)
{
  for (guint i = 0; t->meta && i < t->meta->len; i++)
    if (fr_rule_test (FR_RULE_BUDGET_UNIT_LINE_UNREAD, g_ptr_array_index (t->meta, i)))
      return TRUE;
  return FALSE;
}

static FrBudgetTable *
type_table (FrAnalysis *an, Found *f, const char *fallback_unit)
{
  const FrTable *first = g_ptr_array_index (f->parts, 0);
  if (first->n_cols == 0 || first->rows->len == 0)
    return NULL;
  FrBudgetTable *bt = fr_budget_table_new (f->kind);
  bt->label = g_steal_pointer (&f->label);
  bt->title = g_steal_pointer (&f->title);
  bt->table = f->index;
  bt->first = first;
  bt->page = first->page;
  for (guint p = 0; p < f->parts->len; p++) {
    const FrTable *part = g_ptr_array_index (f->parts, p);
    for (guint i = 0; i < part->pages->len; i++) {
      guint pg = g_array_index (part->pages, guint, i);
      if (bt->pages->len == 0 || g_array_index (bt->pages, guint, bt->pages->len - 1) < pg)
        g_array_append_val (bt->pages, pg);
    }
  }
  bt->unit = fr_table_stated_unit (first);
  if (bt->unit == NULL && fr_analysis_ocr_page (an, first->page)
      && (fallback_unit == NULL || unit_line_unread (first))) {
    /* a scan's unit line may be there, misread: 万元 would be a guess that moves every figure
     * by powers of ten, so the table's figures are given none; and where its own unit line
     * is there, its unit misread (单位：方元), the report's unit is a guess as well (a budget
     * prints its 收入总表 in 元 and the rest in 万元) */
    fr_analysis_warn (an, "page %u: %s states no money unit that OCR could read, nor does the report: "
                      "its figures are given no value", first->page + 1, bt->title);
  } else if (bt->unit == NULL) {
    bt->unit = g_strdup (fallback_unit ? fallback_unit : "万元");
    if (fallback_unit == NULL)
      fr_analysis_warn (an, "page %u: %s states no money unit, nor does the report; read as 万元",
                        first->page + 1, bt->title);
  }
  Layout l = { first, first->n_cols, header_rows (first), NULL, 0 };
  l.cols = g_new0 (Col, l.n_cols);
  classify (&l, f->parts);
  make_columns (&l, bt);
  gboolean two_sided = strcmp (f->kind, "summary") == 0 || strcmp (f->kind, "fiscal_summary") == 0
                       || (l.n_groups > 1 && (strcmp (f->kind, "government_funds") == 0
                                              || strcmp (f->kind, "state_capital") == 0));
  read_rows (an, &l, bt, f->parts, f->origins, two_sided && l.n_groups > 1);
  layout_clear (&l);
  return bt;
}

/* ---- figures ----------------------------------------------------------------------- */

static gboolean
is_total_row (const FrBudgetRow *r)
{
  if (r->name == NULL)
    return FALSE;
  g_autofree char *s = fr_squeeze (r->name);
  return fr_rule_test (FR_RULE_BUDGET_TOTAL_ROW, s);
}

static void
set_figure (FrBudget *b, FrFigureId id, double v, const FrBudgetTable *t, guint page,
            const char *sentence)
{
  FrBudgetFigure *f = &b->figures[id];
  if (f->has)
    return;
  f->has = TRUE;
  f->value = v;
  f->page = page;
  f->table = t;
  if (t)
    f->where = g_strdup_printf ("%s%s%s", t->label ? t->label : "", t->label ? " " : "",
                                t->title ? t->title : "");
  else
    f->where = g_strdup (sentence);
}

/* The first value of a row (its amount on its side).  A value in doubt (an OCR reading left as
 * read) ends the search: the next column's figure (last year's, the change) is not this one. */
static gboolean
first_value (const FrBudgetRow *r, int col, double *v)
{
  for (guint c = col < 0 ? 0 : (guint) col; c < r->values->len; c++) {
    const FrBudgetValue *x = &g_array_index (r->values, FrBudgetValue, c);
    if (x->doubt)
      return FALSE;
    if (x->has) {
      *v = x->value;
      return TRUE;
    }
    if (col >= 0)
      break;
  }
  return FALSE;
}

static gboolean
read_by_ocr (const FrAnalysis *an, const FrBudgetTable *t)
{
  gboolean ocr = FALSE;
  for (guint i = 0; i < t->pages->len; i++)
    ocr = ocr || fr_analysis_ocr_page (an, g_array_index (t->pages, guint, i));
  return ocr;
}

static void
summary_figures (const FrAnalysis *an, FrBudget *b, const FrBudgetTable *t)
{
  gboolean ocr = read_by_ocr (an, t);
  double fund_sum = 0;
  guint fund_page = 0;
  gboolean any_fund = FALSE, fund_doubt = FALSE;
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    double v;
    if (r->name == NULL)
      continue;
    g_autofree char *s = fr_squeeze (r->name);
    if (!first_value (r, -1, &v)) {
      /* a fund row whose figure OCR left in doubt leaves the funds' sum unknown */
      for (guint c = 0; c < r->values->len; c++)
        fund_doubt |= g_array_index (r->values, FrBudgetValue, c).doubt
                      && r->side == FR_BUDGET_SIDE_INCOME
                      && (fr_rule_test (FR_RULE_BUDGET_FUND_ROW, s) || (ocr && fr_rule_test (FR_RULE_BUDGET_FUND_ROW_LIKE, s)));
      continue;
    }
    gboolean inc = r->side == FR_BUDGET_SIDE_INCOME, exp = r->side == FR_BUDGET_SIDE_EXPENDITURE;
    if (fr_rule_test (FR_RULE_FIN_TABLE_TOTAL, s) && (inc || exp))
      set_figure (b, inc ? FR_FIGURE_INCOME_TOTAL : FR_FIGURE_EXPENDITURE_TOTAL, v, t, r->page, NULL);
    else if (fr_rule_test (FR_RULE_FIN_TABLE_CURRENT, s) && (inc || exp))
      set_figure (b, inc ? FR_FIGURE_CURRENT_YEAR_INCOME : FR_FIGURE_CURRENT_YEAR_EXPENDITURE, v,
                  t, r->page, NULL);
    else if (inc && fr_rule_test (FR_RULE_BUDGET_FISCAL_ROW, s))
      set_figure (b, FR_FIGURE_FISCAL_APPROPRIATION, v, t, r->page, NULL);
    else if (inc && fr_rule_test (FR_RULE_BUDGET_FUND_ROW, s)) {
      fund_sum += v;
      fund_page = any_fund ? fund_page : r->page;
      any_fund = TRUE;
    } else if (inc && ocr && fr_rule_test (FR_RULE_BUDGET_FUND_ROW_LIKE, s)) {
      /* on a scan, a fund's row whose name was misread (政府性基金预算财政氢款：收入) is not
       * known for one: the funds' sum would leave it out */
      fund_doubt = TRUE;
    }
  }
  if (any_fund && !fund_doubt)
    set_figure (b, FR_FIGURE_FISCAL_APPROPRIATION, fund_sum, t, fund_page, NULL);
}

/* The 合计 row of a table; else its only row; else a first row without a code over rows with
 * codes (the department's own line, 深圳市民政局（本级）, standing for its total); else, in a
 * table of years (2025年, 2026年, 增减), the row of the report's year. */
static const FrBudgetRow *
total_row (const FrBudgetTable *t, int year)
{
  for (guint i = 0; i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    if (is_total_row (r))
      return r;
  }
  if (t->rows->len == 1)
    return g_ptr_array_index (t->rows, 0);
  if (t->rows->len > 1) {
    const FrBudgetRow *r0 = g_ptr_array_index (t->rows, 0), *r1 = g_ptr_array_index (t->rows, 1);
    if (r0->code == NULL && r1->code != NULL)
      return r0;
  }
  g_autofree char *y = year > 0 ? g_strdup_printf ("%d年", year) : NULL;
  for (guint i = 0; y && i < t->rows->len; i++) {
    const FrBudgetRow *r = g_ptr_array_index (t->rows, i);
    if (r->name && g_str_has_suffix (r->name, y))
      return r;
  }
  return NULL;
}

static void
column_figure (FrBudget *b, FrFigureId id, const FrBudgetTable *t, const char *role, int year)
{
  const FrBudgetRow *r = total_row (t, year);
  int c = fr_budget_column (t, role);
  double v;
  if (r && c >= 0 && first_value (r, c, &v))
    set_figure (b, id, v, t, r->page, NULL);
  /* 基本支出 printed only as its parts, 人员经费 and 公用经费 */
  int pc = fr_budget_column (t, "personnel"), fc = fr_budget_column (t, "public_funds");
  if (r && c < 0 && strcmp (role, "basic") == 0 && pc >= 0 && fc >= 0) {
    double a = 0, f = 0;
    gboolean has_a = first_value (r, pc, &a);
    gboolean has_f = first_value (r, fc, &f);
    if (has_a || has_f)
      set_figure (b, id, a + f, t, r->page, NULL);
  }
}

/* "三公"经费 by the words of its columns: seg is a column's lowest header word that is not a
 * fund (一般公共预算 under 总计 splits it by fund, and those add up), up the words above it.
 * Where the table gives 预算数 and 决算数, the report kind's. */
typedef struct {
  FrFigureId id;
  const char *seg, *seg_unless, *up, *up_unless;
} ThreePublicCol;

static const ThreePublicCol three_public_cols[] = {
  { FR_FIGURE_THREE_PUBLIC_OVERSEAS, "因公出国", "", "", "" },
  { FR_FIGURE_THREE_PUBLIC_VEHICLE_PURCHASE, "购置费", "运行", "", "" },
  { FR_FIGURE_THREE_PUBLIC_VEHICLE_OPERATION, "运行费|运行维护费", "购置及", "", "" },
  { FR_FIGURE_THREE_PUBLIC_VEHICLES, "公务用车购置及运行", "", "", "" },
  { FR_FIGURE_THREE_PUBLIC_VEHICLES, "小计|合计", "", "公务用车", "" },
  { FR_FIGURE_THREE_PUBLIC_RECEPTION, "公务接待", "", "", "" },
  { FR_FIGURE_THREE_PUBLIC_TOTAL, "三公", "", "", "" },
  { FR_FIGURE_THREE_PUBLIC_TOTAL, "合计|小计|总计", "", "三公", "公务用车" },
  { FR_FIGURE_OPERATING_COSTS, "机关运行经费", "", "", "" },
};

static gboolean
fund_word (const char *w)
{
  const char *r = role_of (w);
  return r && (strcmp (r, "general_budget") == 0 || strcmp (r, "government_funds") == 0
               || strcmp (r, "state_capital") == 0);
}

/* A column's header split at its lowest word that is not a fund's. */
static void
header_parts (const char *header, char **seg, char **up)
{
  g_auto (GStrv) words = g_strsplit (header, "/", -1);
  int n = (int) g_strv_length (words);
  while (n > 1 && fund_word (words[n - 1]))
    n--;
  *seg = g_strdup (n ? words[n - 1] : "");
  GString *u = g_string_new (NULL);
  for (int i = 0; i < n - 1; i++)
    g_string_append_printf (u, "%s/", words[i]);
  *up = g_string_free (u, FALSE);
}

static gboolean
three_public_col (const ThreePublicCol *tp, const char *header)
{
  g_autofree char *seg = NULL, *up = NULL;
  header_parts (header, &seg, &up);
  return has_phrase (seg, tp->seg) && (*tp->seg_unless == '\0' || !has_phrase (seg, tp->seg_unless))
         && (*tp->up == '\0' || has_phrase (up, tp->up))
         && (*tp->up_unless == '\0' || !has_phrase (up, tp->up_unless));
}

static void
three_public_figures (FrBudget *b, const FrBudgetTable *t, const FrBudgetRow *r, gboolean final,
                      gboolean ocr)
{
  const char *want = final ? "决算" : "预算";
  const char *other = final ? "预算" : "决算";
  gboolean others = FALSE;    /* 会议费, 培训费 beside the three: a bare 合计 is not theirs */
  gboolean table_want = FALSE;
  for (guint c = 0; c < t->columns->len; c++) {
    others = others || has_phrase (g_array_index (t->columns, FrBudgetColumn, c).header,
                                    "会议费|培训费|机关运行");
    table_want = table_want || has_phrase (g_array_index (t->columns, FrBudgetColumn, c).header, want);
  }
  /* on a scan, where some columns say 决算 (预算), one that says neither had the other word
   * misread (撰算数/合计 beside 决算数/人台计): it is not taken */
  gboolean only_want = ocr && table_want;
  for (guint k = 0; k < G_N_ELEMENTS (three_public_cols) + 1; k++) {
    /* the last pass: a table of the three alone, its 合计 / 总计 column */
    static const ThreePublicCol bare = { FR_FIGURE_THREE_PUBLIC_TOTAL, "合计|总计", "", "", "三公|公务用车|会议|培训" };
    const ThreePublicCol *tp = k < G_N_ELEMENTS (three_public_cols) ? &three_public_cols[k] : &bare;
    if (tp == &bare && others)
      continue;
    double sum = 0;
    gboolean any = FALSE, any_want = FALSE;
    for (guint c = 0; c < t->columns->len; c++)
      any_want = any_want || (three_public_col (tp, g_array_index (t->columns, FrBudgetColumn, c).header)
                              && has_phrase (g_array_index (t->columns, FrBudgetColumn, c).header, want));
    for (guint c = 0; c < t->columns->len; c++) {
      const char *h = g_array_index (t->columns, FrBudgetColumn, c).header;
      if (!three_public_col (tp, h) || (has_phrase (h, other) && !has_phrase (h, want))
          || ((any_want || only_want) && !has_phrase (h, want)))
        continue;
      const FrBudgetValue *v = &g_array_index (r->values, FrBudgetValue, c);
      sum += v->has ? v->value : 0;
      any = any || v->has;
    }
    /* a column left blank states no figure */
    if (any)
      set_figure (b, tp->id, sum, t, r->page, NULL);
  }
}

/* A figure a sentence states: the first paragraph that states it with a figure not in doubt. */
static gboolean
text_figure (FrAnalysis *an, const FrBudget *b, const FrSection *s, FrRuleId rule, double *v,
             guint *page, char **sentence)
{
  for (guint i = 0; s->paragraphs && i < s->paragraphs->len; i++) {
    const FrBlock *p = g_ptr_array_index (s->paragraphs, i);
    if (!fr_budget_owns_page (an, b, 0, p->page))
      continue;
    g_autoptr (FrMatch) m = p->text ? fr_rule_match (rule, p->text) : NULL;
    if (m == NULL)
      continue;
    g_autofree char *num = fr_match_group (m, "num");
    g_autofree char *unit = fr_match_group (m, "unit");
    /* a figure OCR left in doubt in the sentence is given no value (fr_analysis_text_doubt) */
    if (fr_analysis_match_doubt (an, p->page, p->text, 0, m, "num") || !fr_amount_to_wan (num, unit, v, NULL))
      continue;
    gsize a = 0, e = 0;
    fr_match_span (m, NULL, &a, &e);
    *sentence = g_strndup (p->text + a, e - a);
    *page = p->page;
    return TRUE;
  }
  for (guint i = 0; s->children && i < s->children->len; i++)
    if (text_figure (an, b, g_ptr_array_index (s->children, i), rule, v, page, sentence))
      return TRUE;
  return FALSE;
}

/* The "三公"经费 of a report that has no table of them, from its sentence: the total stated
 * as the report's own kind (预算 in a budget, 决算 in a final account: a 决算 also quotes the
 * year's 预算), then the parts the same sentence lists after it.  A part whose words name
 * the other kind (年初预算为… in a 决算) is that figure, not this one. */
static gboolean
text_three_public (FrAnalysis *an, FrBudget *b, const FrSection *s, gboolean final)
{
  static const struct {
    const char *word;
    FrFigureId id;
  } parts[] = {
    { "因公出国", FR_FIGURE_THREE_PUBLIC_OVERSEAS },
    { "购置及运行", FR_FIGURE_THREE_PUBLIC_VEHICLES },
    { "购置费", FR_FIGURE_THREE_PUBLIC_VEHICLE_PURCHASE },
    { "运行", FR_FIGURE_THREE_PUBLIC_VEHICLE_OPERATION },
    { "接待", FR_FIGURE_THREE_PUBLIC_RECEPTION },
  };
  const char *want = final ? "决算" : "预算", *other = final ? "预算" : "决算";
  for (guint i = 0; s->paragraphs && i < s->paragraphs->len; i++) {
    const FrBlock *p = g_ptr_array_index (s->paragraphs, i);
    gsize at = 0;
    if (!fr_budget_owns_page (an, b, 0, p->page))
      continue;
    for (FrMatch *m0; p->text && (m0 = fr_rule_match_at (FR_RULE_BUDGET_TEXT_THREE_PUBLIC, p->text, at));) {
      g_autoptr (FrMatch) m = m0;
      g_autofree char *what = fr_match_group (m, "what");
      g_autofree char *num = fr_match_group (m, "num"), *unit = fr_match_group (m, "unit");
      gsize a = 0, e = 0;
      fr_match_span (m, NULL, &a, &e);
      at = e;
      double v;
      if (g_strcmp0 (what, want) != 0 || fr_analysis_match_doubt (an, p->page, p->text, 0, m, "num") || !fr_amount_to_wan (num, unit, &v, NULL))
        continue;
      const char *stop = strstr (p->text + e, "。");
      gsize end = stop ? (gsize) (stop - p->text) : strlen (p->text);
      g_autofree char *sentence = g_strndup (p->text + a, end - a);
      set_figure (b, FR_FIGURE_THREE_PUBLIC_TOTAL, v, NULL, p->page, sentence);
      g_autofree char *tail = g_strndup (p->text + e, end - e);
      gsize pat = 0;
      for (FrMatch *q0; (q0 = fr_rule_match_at (FR_RULE_BUDGET_TEXT_THREE_PUBLIC_PART, tail, pat));) {
        g_autoptr (FrMatch) q = q0;
        gsize qa = 0, qe = 0;
        fr_match_span (q, NULL, &qa, &qe);
        pat = qe;
        g_autofree char *word = fr_match_group (q, "what"), *gap = fr_match_group (q, "gap");
        g_autofree char *pnum = fr_match_group (q, "num"), *punit = fr_match_group (q, "unit");
        double pv;
        if ((gap && strstr (gap, other)) || !fr_amount_to_wan (pnum, punit, &pv, NULL))
          continue;
        if (fr_analysis_match_doubt (an, p->page, p->text, e, q, "num"))
          continue;
        for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
          if (strstr (word, parts[k].word)) {
            set_figure (b, parts[k].id, pv, NULL, p->page, sentence);
            break;
          }
      }
      return TRUE;
    }
  }
  for (guint i = 0; s->children && i < s->children->len; i++)
    if (text_three_public (an, b, g_ptr_array_index (s->children, i), final))
      return TRUE;
  return FALSE;
}

/* Which budget of the file each typed table belongs to: a new one at each report the fields
 * stage found (fr_part_at), and where the tables start over (a summary table after a summary
 * and other tables): a budget's tables bound after another report without a cover of their
 * own.  One budget has one 收支总表. */
static void
number_budgets (const FrAnalysis *an, FrBudget *b)
{
  guint budget = 0, part = 0;
  gboolean summary = FALSE;   /* this budget has its summary table */
  gboolean other = FALSE;     /* and the table before is of another kind */
  for (guint i = 0; i < b->tables->len; i++) {
    FrBudgetTable *t = g_ptr_array_index (b->tables, i);
    guint p = fr_part_at (an->parts, t->page);
    gboolean is_summary = strcmp (t->kind, "summary") == 0;
    if (i > 0 && (p != part || (is_summary && other))) {
      budget++;
      summary = FALSE;
    }
    part = p;
    t->budget = budget;
    other = summary && !is_summary;
    summary = summary || is_summary;
  }
}

/* The headline figures of the first budget of the file (number_budgets), from its own tables
 * and sentences only: in a file of several reports bound together, `report` is the first one,
 * and another's figures are not its own. */
static void
find_figures (FrAnalysis *an, FrBudget *b)
{
  guint first_page = ((const FrBudgetTable *) g_ptr_array_index (b->tables, 0))->page;
  guint budget = ((const FrBudgetTable *) g_ptr_array_index (b->tables, 0))->budget;
  const FrReport *rep = fr_analysis_report_at (an, first_page);
  gboolean final = rep && rep->kind && strstr (rep->kind, "决算");
  int year = rep ? rep->year : 0;
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < b->tables->len; i++) {
      const FrBudgetTable *t = g_ptr_array_index (b->tables, i);
      if (t->budget != budget)
        continue;
      gboolean gb_title = t->title && strstr (t->title, "一般公共预算");
      if (strcmp (t->kind, "summary") == 0 && pass == 0)
        summary_figures (an, b, t);
      else if (strcmp (t->kind, "expenditure") == 0 && pass == 0) {
        column_figure (b, FR_FIGURE_BASIC_EXPENDITURE, t, "basic", year);
        column_figure (b, FR_FIGURE_PROJECT_EXPENDITURE, t, "project", year);
      } else if (strcmp (t->kind, "general_budget") == 0 && (gb_title || pass == 1))
        column_figure (b, FR_FIGURE_GENERAL_BUDGET_EXPENDITURE, t, "total", year);
      else if (strcmp (t->kind, "three_public") == 0 && pass == 0 && total_row (t, year))
        three_public_figures (b, t, total_row (t, year), final, read_by_ocr (an, t));
      else if (strcmp (t->kind, "procurement") == 0 && pass == 0)
        column_figure (b, FR_FIGURE_PROCUREMENT, t, "total", year);
    }
  /* 机关运行经费 in a table of its own (not one of the contract's kinds) */
  for (guint i = 0; i < an->tables->len && !b->figures[FR_FIGURE_OPERATING_COSTS].has; i++) {
    const FrTable *t = g_ptr_array_index (an->tables, i);
    if (t->title == NULL || !strstr (t->title, "机关运行经费") || strstr (t->title, "三公")
        || !fr_budget_owns_page (an, b, budget, t->page))
      continue;
    Found f = { "operating_costs", table_label (t), g_strdup (t->title), g_ptr_array_new (),
                g_ptr_array_new (), NULL, i };
    found_add (&f, (FrTable *) t, (FrTable *) t);
    g_autofree char *unit = report_unit (an);
    FrBudgetTable *bt = type_table (an, &f, unit);
    found_clear (&f);
    if (bt == NULL)
      continue;
    const FrBudgetRow *r = total_row (bt, year);
    double v;
    if (r && first_value (r, -1, &v)) {
      FrBudgetFigure *fig = &b->figures[FR_FIGURE_OPERATING_COSTS];
      set_figure (b, FR_FIGURE_OPERATING_COSTS, v, NULL, r->page, NULL);
      g_free (fig->where);
      fig->where = g_strdup_printf ("%s%s%s", bt->label ? bt->label : "", bt->label ? " " : "",
                                    bt->title);
    }
    fr_budget_table_free (bt);
  }
  static const struct {
    FrFigureId id;
    FrRuleId rule;
  } from_text[] = {
    { FR_FIGURE_OPERATING_COSTS, FR_RULE_BUDGET_TEXT_OPERATING },
    { FR_FIGURE_PROCUREMENT, FR_RULE_BUDGET_TEXT_PROCUREMENT },
  };
  gboolean three_public = FALSE;   /* a 三公 table stated them: its blanks are not the text's */
  for (guint i = 0; i < b->tables->len; i++)
    three_public = three_public || strcmp (((FrBudgetTable *) g_ptr_array_index (b->tables, i))->kind, "three_public") == 0;
  for (int id = FR_FIGURE_THREE_PUBLIC_TOTAL; id <= FR_FIGURE_THREE_PUBLIC_RECEPTION; id++)
    three_public = three_public || b->figures[id].has;
  if (an->root && !three_public)
    text_three_public (an, b, an->root, final);
  for (guint k = 0; an->root && k < G_N_ELEMENTS (from_text); k++) {
    double v;
    guint page;
    g_autofree char *sentence = NULL;
    if (!b->figures[from_text[k].id].has
        && text_figure (an, b, an->root, from_text[k].rule, &v, &page, &sentence))
      set_figure (b, from_text[k].id, v, NULL, page, sentence);
  }
}

/* A table read by OCR has its own sums re-done before its figures are used: a digit misread
 * (801.95 for 801.15, 20 for 120 where a 1 was lost) shows as a sum that fails, and every
 * figure of it is given no value (fr_budget_scan_doubt), not the check a misreading would
 * fire. */
static void
scan_sums (FrAnalysis *an, FrBudgetTable *bt)
{
  guint n = read_by_ocr (an, bt) ? fr_budget_scan_doubt (an, bt) : 0;
  if (n)
    fr_analysis_warn (an, "page %u: %s: %u figures read by OCR are in sums that do not add up "
                      "(a figure misread, or the report's own error: on a scan the two cannot be told) and are given no value", bt->page + 1,
                      bt->label ? bt->label : bt->title, n);
}

/* Whether the file holds a report whose tables may be a budget's (budget_kind).  In a file of several reports bound together, any of them may be the budget (a 绩效目标申报表
 * bound before a 部门预算): its own tables are read, the others' are not. */
static gboolean
budget_report (const FrAnalysis *an)
{
  for (guint i = 0; i < an->parts->len; i++)
    if (budget_kind (&g_array_index (an->parts, FrReport, i)))
      return TRUE;
  return an->parts->len == 0;
}

void
fr_stage_budget (FrAnalysis *an)
{
  if (!budget_report (an))
    return;
  g_autoptr (GArray) found = find_tables (an);
  if (found->len == 0)
    return;
  g_autofree char *unit = report_unit (an);
  g_autoptr (FrBudget) b = fr_budget_new ();
  g_autofree gboolean *typed = g_new0 (gboolean, found->len);
  for (guint i = 0; i < found->len; i++) {
    FrBudgetTable *bt = type_table (an, &g_array_index (found, Found, i), unit);
    if (bt)
      scan_sums (an, bt);
    if (bt)
      g_ptr_array_add (b->tables, bt);
    typed[i] = bt != NULL;
  }
  /* a 项目支出表 or a 绩效目标表 alone is no budget (a 绩效评价报告 quotes its project's) */
  gboolean money = FALSE;
  for (guint i = 0; i < b->tables->len; i++) {
    const char *k = ((FrBudgetTable *) g_ptr_array_index (b->tables, i))->kind;
    money = money || (strcmp (k, "projects") != 0 && strcmp (k, "performance_targets") != 0
                      && strcmp (k, "procurement") != 0);
  }
  if (!money)
    return;
  number_budgets (an, b);
  find_figures (an, b);
  fr_budget_free (an->budget);
  an->budget = g_steal_pointer (&b);
  /* a continuation page carries its table's identity: an untitled piece of a typed table
   * gets the title of the table it continues */
  for (guint i = 0; i < found->len; i++) {
    const Found *f = &g_array_index (found, Found, i);
    const FrTable *first = g_ptr_array_index (f->origins, 0);
    for (guint k = 1; typed[i] && first->title && k < f->origins->len; k++) {
      FrTable *t = g_ptr_array_index (f->origins, k);
      if (t->title == NULL)
        t->title = g_strdup (first->title);
    }
  }
}
