/* rows.c — evaluates schema.h's source and column paths over one record. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rows.h"

typedef enum { STEP_ARRAY, STEP_TREE, STEP_LEAVES } StepMode;

/* A key path ("a.b[0].c", "[#2]"), taken apart once: the paths are evaluated for every cell
 * of every row, and reading them again each time was a third of the walk's own work. */
typedef struct {
  const char *key;   /* an object's member; NULL: an array's element */
  int index;         /* the element's position, or -1: frame `frame`'s position */
  int frame;
} Seg;

#define MAX_SEGS 6

typedef struct {
  Seg segs[MAX_SEGS];
  guint n;
} Path;

typedef struct {
  Path path;         /* from the enclosing element; empty for the element itself */
  StepMode mode;
} Step;

#define MAX_STEPS 4

/* What a column path names, taken apart once (schema.h: "Column paths"). */
typedef enum {
  COL_POSITION,      /* "#", "#N" */
  COL_ID,            /* "@id" */
  COL_ROWID,         /* "@rowid" */
  COL_RECORD,        /* "@record" */
  COL_TAG,           /* "@tag" */
  COL_KEY,           /* "@key" of a frame */
  COL_PATH,          /* "@path" of a frame */
  COL_PARENT,        /* "@parent" of a frame */
  COL_VALUE,         /* a key path, or "$": the frame's element itself */
} ColKind;

#define FRAME_INNERMOST (-1)
#define FRAME_ROOT (-2)

typedef struct {
  ColKind kind;
  int frame;         /* FRAME_INNERMOST, FRAME_ROOT or a frame's number */
  Path path;         /* COL_VALUE */
} Col;

/* A table's sources and columns, taken apart. */
typedef struct {
  Step steps[FR_MAX_SOURCES][MAX_STEPS];
  guint n_steps[FR_MAX_SOURCES];
  Col *cols;
} Plan;

/* Where a row stands: one frame per step of its source. */
typedef struct {
  const cJSON *item;
  int index;         /* position in its array (preorder position for a tree) */
  int parent;        /* a tree's enclosing element, -1 at the top */
  const char *path;  /* a tree's heading path */
  const char *key;   /* a leaf's key path */
} Frame;

typedef struct {
  const cJSON *root;
  const char *line;
  gint64 id;
  gint64 *rowids;
  guint table;
  const char *tag;
  const Step *steps;
  guint n_steps;
  const Col *cols;
  Frame frames[MAX_STEPS];
  FrRowFunc func;
  gpointer user;
  GPtrArray *scratch;   /* texts made for the row being emitted */
  int tree_counter;
} Walk;

void
fr_format_number (double d, char buf[32])
{
  /* cJSON prints with %.15g, and %.17g when that does not read back: do the same */
  snprintf (buf, 32, "%.15g", d);
  if (strtod (buf, NULL) != d)
    snprintf (buf, 32, "%.17g", d);
}

/* "a.b[0].c", "[#2]" (indexes by frame 2's position) → segments. */
static void
compile_path (const char *path, Path *out)
{
  const char *p = path;
  out->n = 0;
  while (*p) {
    if (*p == '.') {
      p++;
      continue;
    }
    g_assert (out->n < MAX_SEGS);
    Seg *seg = &out->segs[out->n++];
    if (*p == '[') {
      p++;
      seg->key = NULL;
      if (*p == '#') {
        seg->index = -1;
        seg->frame = (int) strtoul (p + 1, (char **) &p, 10);
      } else {
        seg->index = (int) strtol (p, (char **) &p, 10);
        seg->frame = -1;
      }
      if (*p == ']')
        p++;
      continue;
    }
    gsize n = strcspn (p, ".[");
    seg->key = g_strndup (p, n);   /* kept for the process's life, as the schema is */
    seg->index = seg->frame = -1;
    p += n;
  }
}

/* Follows a path from node. */
static const cJSON *
follow (const cJSON *node, const Path *path, const Frame *frames, guint depth)
{
  for (guint i = 0; node && i < path->n; i++) {
    const Seg *seg = &path->segs[i];
    if (seg->key) {
      node = cJSON_IsObject (node) ? cJSON_GetObjectItemCaseSensitive (node, seg->key) : NULL;
      continue;
    }
    int idx = seg->index;
    if (idx < 0)
      idx = seg->frame >= 0 && (guint) seg->frame < depth ? frames[seg->frame].index : -1;
    node = cJSON_IsArray (node) && idx >= 0 ? cJSON_GetArrayItem (node, idx) : NULL;
  }
  return node;
}

/* A column path → what it names. */
static void
compile_column (const char *p, Col *col)
{
  memset (col, 0, sizeof *col);
  col->frame = FRAME_INNERMOST;
  if (p[0] == '#') {
    col->kind = COL_POSITION;
    col->frame = p[1] ? (int) strtoul (p + 1, NULL, 10) : FRAME_INNERMOST;
    return;
  }
  static const struct { const char *name; ColKind kind; } specials[] = {
    { "@id", COL_ID }, { "@rowid", COL_ROWID }, { "@record", COL_RECORD }, { "@tag", COL_TAG },
  };
  for (guint i = 0; i < G_N_ELEMENTS (specials); i++) {
    if (strcmp (p, specials[i].name) == 0) {
      col->kind = specials[i].kind;
      return;
    }
  }
  /* the frame the rest is read from: the innermost unless ^N. or ^root. says otherwise */
  if (g_str_has_prefix (p, "^root.")) {
    col->frame = FRAME_ROOT;
    p += 6;
  } else if (p[0] == '^') {
    char *end;
    col->frame = (int) strtoul (p + 1, &end, 10);
    p = *end == '.' ? end + 1 : end;
  }
  static const struct { const char *name; ColKind kind; } of_frame[] = {
    { "@key", COL_KEY }, { "@path", COL_PATH }, { "@parent", COL_PARENT },
  };
  for (guint i = 0; i < G_N_ELEMENTS (of_frame); i++) {
    if (strcmp (p, of_frame[i].name) == 0) {
      col->kind = of_frame[i].kind;
      return;
    }
  }
  col->kind = COL_VALUE;
  compile_path (strcmp (p, "$") == 0 ? "" : p, &col->path);
}

static guint parse_source (const char *src, Step *steps);

/* Every table's plan, made on first use and kept (the schema is static). */
static const Plan *
plans (void)
{
  static Plan *all;
  if (all == NULL) {
    Plan *made = g_new0 (Plan, fr_n_tables);
    for (guint t = 0; t < fr_n_tables; t++) {
      const FrSchemaTable *tab = &fr_tables[t];
      for (guint k = 0; k < FR_MAX_SOURCES && tab->sources[k].path; k++)
        made[t].n_steps[k] = parse_source (tab->sources[k].path, made[t].steps[k]);
      made[t].cols = g_new0 (Col, tab->n_columns);
      for (guint k = 0; k < tab->n_columns; k++)
        compile_column (tab->columns[k].path, &made[t].cols[k]);
    }
    all = made;
  }
  return all;
}

static const char *
keep (Walk *w, char *text)
{
  g_ptr_array_add (w->scratch, text);
  return text;
}

/* A JSON value as a cell of the column's type; a value of another type than the column's
 * keeps its own (SQLite stores what it is given, and the record is what it is). */
static FrCell
from_json (Walk *w, const cJSON *v, FrSchemaType type)
{
  FrCell out = { FR_CELL_NULL, 0, 0, NULL };
  if (v == NULL || cJSON_IsNull (v))
    return out;
  if (type == FR_COL_JSON && (cJSON_IsArray (v) || cJSON_IsObject (v))) {
    char *s = cJSON_PrintUnformatted (v);
    out.kind = FR_CELL_TEXT;
    out.text = keep (w, g_strdup (s));
    cJSON_free (s);
    return out;
  }
  if (cJSON_IsBool (v)) {
    out.kind = FR_CELL_INTEGER;
    out.i = cJSON_IsTrue (v) ? 1 : 0;
    return out;
  }
  if (cJSON_IsNumber (v)) {
    double d = v->valuedouble;
    if (type == FR_COL_TEXT) {
      char buf[32];
      fr_format_number (d, buf);
      out.kind = FR_CELL_TEXT;
      out.text = keep (w, g_strdup (buf));
    } else if (type == FR_COL_INTEGER && d == floor (d) && fabs (d) < 9e15) {
      out.kind = FR_CELL_INTEGER;
      out.i = (gint64) d;
    } else {
      out.kind = FR_CELL_REAL;
      out.d = d;
    }
    return out;
  }
  if (cJSON_IsString (v)) {
    out.kind = FR_CELL_TEXT;
    out.text = v->valuestring;
    return out;
  }
  /* an array or object where a scalar belongs: its JSON, so nothing is lost */
  char *s = cJSON_PrintUnformatted (v);
  out.kind = FR_CELL_TEXT;
  out.text = keep (w, g_strdup (s));
  cJSON_free (s);
  return out;
}

static FrCell
integer (gint64 i)
{
  FrCell v = { FR_CELL_INTEGER, i, 0, NULL };
  return v;
}

static FrCell
text (const char *s)
{
  FrCell v = { s ? FR_CELL_TEXT : FR_CELL_NULL, 0, 0, s };
  return v;
}

static FrCell
eval (Walk *w, const Col *col, FrSchemaType type, guint depth)
{
  const FrCell null = { FR_CELL_NULL, 0, 0, NULL };
  int f = col->frame == FRAME_INNERMOST ? (int) depth - 1 : col->frame;
  switch (col->kind) {
  case COL_POSITION:
    return f >= 0 && (guint) f < depth ? integer (w->frames[f].index) : null;
  case COL_ID:
    return integer (w->id);
  case COL_ROWID:
    return integer (++w->rowids[w->table]);
  case COL_RECORD:
    return text (w->line);
  case COL_TAG:
    /* a tag of digits is a number (is_header) */
    if (w->tag && w->tag[0] && strspn (w->tag, "0123456789") == strlen (w->tag))
      return integer (g_ascii_strtoll (w->tag, NULL, 10));
    return text (w->tag);
  default:
    break;
  }
  /* the frame the rest is read from; ^N beyond the walk's depth names nothing */
  if (col->frame >= 0 && (guint) col->frame >= depth)
    return null;
  const Frame *frame = f >= 0 ? &w->frames[f] : NULL;
  switch (col->kind) {
  case COL_KEY:
    return text (frame ? frame->key : NULL);
  case COL_PATH:   /* the text before the first heading has none */
    return text (frame && frame->path && frame->path[0] ? frame->path : NULL);
  case COL_PARENT:
    return frame && frame->parent >= 0 ? integer (frame->parent) : null;
  case COL_VALUE:
  default:
    return from_json (w, follow (frame ? frame->item : w->root, &col->path, w->frames, depth), type);
  }
}

static gboolean
emit (Walk *w, guint depth, GError **error)
{
  const FrSchemaTable *t = &fr_tables[w->table];
  FrCell values[32];
  g_assert (t->n_columns <= G_N_ELEMENTS (values));
  for (guint k = 0; k < t->n_columns; k++)
    values[k] = eval (w, &w->cols[k], t->columns[k].type, depth);
  gboolean ok = w->func (w->table, values, w->user, error);
  g_ptr_array_set_size (w->scratch, 0);
  return ok;
}

static gboolean walk (Walk *w, const cJSON *node, guint step, GError **error);

/* "一 基本情况 > （一） 职能" */
static char *
heading_path (const char *parent, const cJSON *section)
{
  const cJSON *num = cJSON_GetObjectItemCaseSensitive (section, "number");
  const cJSON *title = cJSON_GetObjectItemCaseSensitive (section, "title");
  g_autoptr (GString) s = g_string_new (parent);
  if (!cJSON_IsString (num) && !cJSON_IsString (title))
    return g_string_free (g_steal_pointer (&s), FALSE);
  if (s->len > 0)
    g_string_append (s, " > ");
  if (cJSON_IsString (num))
    g_string_append (s, num->valuestring);
  if (cJSON_IsString (num) && cJSON_IsString (title))
    g_string_append_c (s, ' ');
  if (cJSON_IsString (title))
    g_string_append (s, title->valuestring);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
walk_tree (Walk *w, const cJSON *array, guint step, int parent, const char *parent_path,
           GError **error)
{
  if (!cJSON_IsArray (array))
    return TRUE;
  const cJSON *e;
  cJSON_ArrayForEach (e, array) {
    int idx = w->tree_counter++;
    g_autofree char *path = heading_path (parent_path, e);
    w->frames[step] = (Frame) { e, idx, parent, path, NULL };
    if (!walk (w, e, step + 1, error))
      return FALSE;
    if (!walk_tree (w, follow (e, &w->steps[step].path, NULL, 0), step, idx, path, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
walk_leaves (Walk *w, const cJSON *obj, guint step, const char *prefix, GError **error)
{
  if (!cJSON_IsObject (obj))
    return TRUE;
  const cJSON *e;
  int i = 0;
  cJSON_ArrayForEach (e, obj) {
    g_autofree char *key = prefix ? g_strconcat (prefix, ".", e->string, NULL) : g_strdup (e->string);
    if (cJSON_IsObject (e)) {
      if (!walk_leaves (w, e, step, key, error))
        return FALSE;
    } else if (!cJSON_IsNull (e)) {
      w->frames[step] = (Frame) { e, i, -1, NULL, key };
      if (!walk (w, e, step + 1, error))
        return FALSE;
    }
    i++;
  }
  return TRUE;
}

static gboolean
walk (Walk *w, const cJSON *node, guint step, GError **error)
{
  if (step == w->n_steps)
    return emit (w, step, error);
  const Step *s = &w->steps[step];
  switch (s->mode) {
  case STEP_TREE:
    w->tree_counter = 0;
    return walk_tree (w, follow (node, &s->path, NULL, 0), step, -1, "", error);
  case STEP_LEAVES:
    return walk_leaves (w, follow (node, &s->path, NULL, 0), step, NULL, error);
  case STEP_ARRAY:
  default: {
    const cJSON *array = follow (node, &s->path, NULL, 0);
    if (!cJSON_IsArray (array))
      return TRUE;   /* absent or null: no rows */
    const cJSON *e;
    int i = 0;
    cJSON_ArrayForEach (e, array) {
      w->frames[step] = (Frame) { e, i++, -1, NULL, NULL };
      if (!walk (w, e, step + 1, error))
        return FALSE;
    }
    return TRUE;
  }
  }
}

/* "a[*].b[**]" → steps; the schema is ours, so a malformed path is a programmer's mistake */
static guint
parse_source (const char *src, Step *steps)
{
  guint n = 0;
  const char *p = src;
  while (*p) {
    if (*p == '.')
      p++;
    gsize len = strcspn (p, "[{");
    g_assert (p[len] != '\0' && n < MAX_STEPS);
    g_autofree char *path = g_strndup (p, len);
    compile_path (path, &steps[n].path);
    p += len;
    if (g_str_has_prefix (p, "[**]")) {
      steps[n].mode = STEP_TREE;
      p += 4;
    } else if (g_str_has_prefix (p, "{**}")) {
      steps[n].mode = STEP_LEAVES;
      p += 4;
    } else {
      g_assert (g_str_has_prefix (p, "[*]"));
      steps[n].mode = STEP_ARRAY;
      p += 3;
    }
    n++;
  }
  return n;
}

gboolean
fr_rows_emit (const cJSON *record, const char *line, gint64 id, gint64 *rowids,
              FrRowFunc func, gpointer user, GError **error)
{
  g_autoptr (GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);
  Walk w = { .root = record, .line = line, .id = id, .rowids = rowids, .func = func,
             .user = user, .scratch = scratch };
  const Plan *plan = plans ();
  gboolean ok = TRUE;
  for (guint t = 0; ok && t < fr_n_tables; t++) {
    for (guint s = 0; ok && s < FR_MAX_SOURCES && fr_tables[t].sources[s].path; s++) {
      w.table = t;
      w.tag = fr_tables[t].sources[s].tag;
      w.steps = plan[t].steps[s];
      w.n_steps = plan[t].n_steps[s];
      w.cols = plan[t].cols;
      ok = walk (&w, record, 0, error);
    }
  }
  return ok;
}
