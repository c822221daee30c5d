/* outline.c — indicator tables written as text, not as a grid (part of the indicators stage).
 *
 * Some systems export a 项目支出绩效目标表 as lines of numbered levels, one indicator a line:
 * 1-产出指标；11-数量指标；111-会议活动保障次数；年度指标值:每年≥20场；  The numbering is the
 * tree: 11 is under 1, 111 under 11, so a line may print only the levels that change.  A level
 * followed by a value (指标值:…, 实际完成值:…) is an indicator; the levels above it are its
 * category.  Only paragraphs whose numbered levels nest are read, so a date range (1-3月) or
 * a list of points is not mistaken for one.
 */
#include "outline.h"

#include <string.h>

#include "values.h"

typedef struct {
  char *code;   /* the level's number as printed: "1", "11", "111" */
  char *text;
} Level;

static void
level_clear (Level *l)
{
  g_free (l->code);
  g_free (l->text);
}

typedef struct {
  FrAnalysis *an;
  GArray *stack;          /* of Level: the path to the level last read */
  FrIndicator *current;   /* the indicator of the stack's top, once a value named it */
  GPtrArray *found;       /* of FrIndicator*, owned until handed to an->indicators */
} Outline;

/* code is under parent when parent's digits start it (11 under 1, 111 under 11, 1.1 under 1;
 * not 1.10 under 1.1). */
static gboolean
is_under (const char *code, const char *parent)
{
  gsize n = strlen (parent);
  if (strlen (code) <= n || strncmp (code, parent, n) != 0)
    return FALSE;
  return strchr (parent, '.') == NULL && strchr (code, '.') == NULL ? TRUE : code[n] == '.';
}

static void
push_level (Outline *o, const char *code, const char *text)
{
  while (o->stack->len > 0
         && !is_under (code, g_array_index (o->stack, Level, o->stack->len - 1).code))
    g_array_set_size (o->stack, o->stack->len - 1);
  Level l = { g_strdup (code), g_strdup (text) };
  g_array_append_val (o->stack, l);
  o->current = NULL;
}

static void
set_value (FrIndicator *ind, gboolean actual, const char *text)
{
  FrValue v;
  gboolean has = fr_value_parse (text, &v);
  if (actual) {
    g_free (ind->actual);
    ind->actual = g_strdup (text);
    ind->has_actual_value = has;
    ind->actual_value = has ? v.number : 0;
  } else {
    g_free (ind->target);
    ind->target = g_strdup (text);
    ind->has_target_value = has;
    ind->target_value = has ? v.number : 0;
    ind->target_cmp = has && v.cmp != FR_CMP_NONE ? fr_cmp_symbol (v.cmp) : NULL;
  }
  if (has && v.unit[0] && (ind->unit == NULL || actual)) {
    g_free (ind->unit);
    ind->unit = g_strdup (v.unit);
  }
}

/* A value segment (指标值:…) for the level on top of the stack; FALSE when there is none or
 * it is no leaf (a value needs a category above its level). */
static gboolean
add_value (Outline *o, const FrBlock *b, const char *label, const char *value)
{
  if (o->stack->len < 2)
    return FALSE;
  gboolean actual = fr_rule_test (FR_RULE_COL_ACTUAL, label);
  if (!actual && !fr_rule_test (FR_RULE_COL_TARGET, label))
    return FALSE;
  if (o->current == NULL) {
    FrIndicator *ind = fr_indicator_new ();
    for (guint i = 0; i + 1 < o->stack->len; i++)
      g_ptr_array_add (ind->category, g_strdup (g_array_index (o->stack, Level, i).text));
    ind->name = g_strdup (g_array_index (o->stack, Level, o->stack->len - 1).text);
    ind->page = b->page;
    ind->box = b->box;
    g_ptr_array_add (o->found, ind);
    o->current = ind;
  }
  set_value (o->current, actual, value);
  return TRUE;
}

/* Reads one paragraph's segments; returns how many were numbered levels or values. */
static guint
read_paragraph (Outline *o, const FrBlock *b)
{
  guint n = 0;
  /* segments end at a semicolon, full-width or not */
  g_auto (GStrv) wide = g_strsplit (b->text, "；", -1);
  g_autofree char *narrow = g_strjoinv (";", wide);
  g_auto (GStrv) segs = g_strsplit (narrow, ";", -1);
  for (guint i = 0; segs[i]; i++) {
    g_strstrip (segs[i]);
    if (segs[i][0] == '\0')
      continue;
    g_autoptr (FrMatch) lv = fr_rule_match (FR_RULE_OUTLINE_LEVEL, segs[i]);
    if (lv) {
      g_autofree char *code = fr_match_group (lv, "code");
      g_autofree char *text = fr_match_group (lv, "text");
      push_level (o, code, text);
      n++;
      continue;
    }
    g_autoptr (FrMatch) val = fr_rule_match (FR_RULE_OUTLINE_VALUE, segs[i]);
    if (val) {
      g_autofree char *label = fr_match_group (val, "label");
      g_autofree char *value = fr_match_group (val, "value");
      g_strstrip (value);
      if (add_value (o, b, label, value))
        n++;
      continue;
    }
    /* prose between the numbered lines ends the outline */
    g_array_set_size (o->stack, 0);
    o->current = NULL;
  }
  return n;
}

static gint
by_page (gconstpointer a, gconstpointer b)
{
  const FrIndicator *x = *(FrIndicator *const *) a, *y = *(FrIndicator *const *) b;
  return x->page < y->page ? -1 : x->page > y->page;
}

void
fr_outline_indicators (FrAnalysis *an)
{
  Outline o = { an, g_array_new (FALSE, TRUE, sizeof (Level)), NULL,
                g_ptr_array_new_with_free_func ((GDestroyNotify) fr_indicator_free) };
  g_array_set_clear_func (o.stack, (GDestroyNotify) level_clear);
  guint first = an->indicators->len;
  for (guint i = 0; i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind != FR_BLOCK_PARAGRAPH || b->text == NULL) {
      g_array_set_size (o.stack, 0);
      o.current = NULL;
      continue;
    }
    guint before = o.found->len;
    if (read_paragraph (&o, b) == 0 && o.found->len == before) {
      g_array_set_size (o.stack, 0);
      o.current = NULL;
    }
  }
  /* one indicator alone is no table: a sentence may read like one */
  if (o.found->len >= 2) {
    for (guint i = 0; i < o.found->len; i++)
      g_ptr_array_add (an->indicators, g_ptr_array_steal_index (o.found, i--));
  }
  /* in reading order with the rows of the grid tables: by page (the sort is stable) */
  if (an->indicators->len > first && first > 0)
    g_ptr_array_sort (an->indicators, by_page);
  g_array_unref (o.stack);
  g_ptr_array_unref (o.found);
}
