/* rows.c — evaluates schema.h's source and column paths over one record. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rows.h"

typedef enum { STEP_ARRAY, STEP_TREE, STEP_LEAVES } StepMode;

typedef struct {
  char *path;        /* key path from the enclosing element, "" for the element itself */
  StepMode mode;
} Step;

#define MAX_STEPS 4

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
  Step steps[MAX_STEPS];
  guint n_steps;
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

/* Follows a key path ("a.b[0].c", "[#2]" indexes by frame 2's position) from node. */
static const cJSON *
lookup (const cJSON *node, const char *path, const Frame *frames, guint depth)
{
  const char *p = path;
  while (node && *p) {
    if (*p == '.') {
      p++;
      continue;
    }
    if (*p == '[') {
      int idx;
      p++;
      if (*p == '#') {
        guint f = (guint) strtoul (p + 1, (char **) &p, 10);
        idx = f < depth ? frames[f].index : -1;
      } else {
        idx = (int) strtol (p, (char **) &p, 10);
      }
      if (*p == ']')
        p++;
      node = cJSON_IsArray (node) && idx >= 0 ? cJSON_GetArrayItem (node, idx) : NULL;
      continue;
    }
    gsize n = strcspn (p, ".[");
    char key[64];
    if (n >= sizeof key)
      return NULL;
    memcpy (key, p, n);
    key[n] = '\0';
    node = cJSON_IsObject (node) ? cJSON_GetObjectItemCaseSensitive (node, key) : NULL;
    p += n;
  }
  return node;
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
eval (Walk *w, const FrSchemaColumn *col, guint depth)
{
  const char *p = col->path;
  const FrCell null = { FR_CELL_NULL, 0, 0, NULL };
  if (p[0] == '#') {
    guint f = p[1] ? (guint) strtoul (p + 1, NULL, 10) : depth - 1;
    return f < depth ? integer (w->frames[f].index) : null;
  }
  /* (the first character first: this runs for every cell of every row) */
  if (p[0] == '@' && strcmp (p, "@id") == 0)
    return integer (w->id);
  if (p[0] == '@' && strcmp (p, "@rowid") == 0)
    return integer (++w->rowids[w->table]);
  if (p[0] == '@' && strcmp (p, "@record") == 0)
    return text (w->line);
  if (p[0] == '@' && strcmp (p, "@tag") == 0) {
    /* a tag of digits is a number (is_header) */
    if (w->tag && w->tag[0] && strspn (w->tag, "0123456789") == strlen (w->tag))
      return integer (g_ascii_strtoll (w->tag, NULL, 10));
    return text (w->tag);
  }

  /* the frame the rest is read from: the innermost unless ^N. or ^root. says otherwise */
  const Frame *frame = depth > 0 ? &w->frames[depth - 1] : NULL;
  const cJSON *base = frame ? frame->item : w->root;
  if (p[0] != '^' && p[0] != '@' && p[0] != '$')
    return from_json (w, lookup (base, p, w->frames, depth), col->type);
  if (g_str_has_prefix (p, "^root.")) {
    frame = NULL;
    base = w->root;
    p += 6;
  } else if (p[0] == '^') {
    char *end;
    guint f = (guint) strtoul (p + 1, &end, 10);
    if (f >= depth)
      return null;
    frame = &w->frames[f];
    base = frame->item;
    p = *end == '.' ? end + 1 : end;
  }
  if (strcmp (p, "@key") == 0)
    return text (frame ? frame->key : NULL);
  if (strcmp (p, "@path") == 0)   /* the text before the first heading has none */
    return text (frame && frame->path && frame->path[0] ? frame->path : NULL);
  if (strcmp (p, "@parent") == 0)
    return frame && frame->parent >= 0 ? integer (frame->parent) : null;
  if (strcmp (p, "$") == 0)
    return from_json (w, base, col->type);
  return from_json (w, lookup (base, p, w->frames, depth), col->type);
}

static gboolean
emit (Walk *w, guint depth, GError **error)
{
  const FrSchemaTable *t = &fr_tables[w->table];
  FrCell values[32];
  g_assert (t->n_columns <= G_N_ELEMENTS (values));
  for (guint k = 0; k < t->n_columns; k++)
    values[k] = eval (w, &t->columns[k], depth);
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
    if (!walk_tree (w, lookup (e, w->steps[step].path, NULL, 0), step, idx, path, error))
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
    return walk_tree (w, lookup (node, s->path, NULL, 0), step, -1, "", error);
  case STEP_LEAVES:
    return walk_leaves (w, lookup (node, s->path, NULL, 0), step, NULL, error);
  case STEP_ARRAY:
  default: {
    const cJSON *array = lookup (node, s->path, NULL, 0);
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
    steps[n].path = g_strndup (p, len);
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
  gboolean ok = TRUE;
  for (guint t = 0; ok && t < fr_n_tables; t++) {
    for (guint s = 0; ok && s < FR_MAX_SOURCES && fr_tables[t].sources[s].path; s++) {
      w.table = t;
      w.tag = fr_tables[t].sources[s].tag;
      w.n_steps = parse_source (fr_tables[t].sources[s].path, w.steps);
      ok = walk (&w, record, 0, error);
      for (guint k = 0; k < w.n_steps; k++)
        g_free (w.steps[k].path);
    }
  }
  return ok;
}
