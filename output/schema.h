/* schema.h — the tables of the analysis-ready output, as data.
 *
 * One description serves every writer: the SQLite writer makes its CREATE TABLE and INSERT
 * statements from it, the CSV writer its file names and header lines, the Excel writer its
 * sheets and header rows.  Each table says where its rows come from in the JSON record (a
 * source path) and each column where its value is (a column path), so the names are the
 * record's own keys and a new field is one row here.  rows.c evaluates the paths.
 *
 * Source paths, from the record's root:
 *   ""               one row per record (reports)
 *   "a.b[*]"         one row per element of the array at a.b
 *   "a[*].b[*][*]"   nested: one row per element of each inner array
 *   "a[**]"          the array at a and, recursively, the array at a inside each element,
 *                    in document order (the heading tree)
 *   "a.b{**}"        each non-null leaf of the object at a.b, nested objects flattened
 * Column paths, from the innermost element (frame N is the Nth [*] of the source, from 0):
 *   "k.l[0]"         a key path; "$" the element itself; "^N.k" from frame N's element;
 *                    "[#N]" inside a path indexes by frame N's position
 *   "#", "#N"        the position (from 0) in the innermost array, in frame N's array
 *   "@id"            the report's id; "@rowid" a running number per table (SQLite: the
 *                    INTEGER PRIMARY KEY); "@record" the record's JSON line; "@tag" the
 *                    source's tag; "@key" the leaf's key path ({**}); "@parent" the position
 *                    of the enclosing element ([**], null at the top); "@path" the heading
 *                    path ([**]: the number and title of each enclosing element and its own)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  FR_COL_INTEGER,
  FR_COL_REAL,
  FR_COL_TEXT,
  FR_COL_JSON,     /* an array or object, as its JSON text */
  FR_COL_ROWID,    /* the table's own row number (SQLite: INTEGER PRIMARY KEY) */
} FrSchemaType;

typedef struct {
  const char *name;
  FrSchemaType type;
  const char *path;
  gboolean not_in_sheet;   /* left out of the workbook (a whole record outgrows a cell) */
} FrSchemaColumn;

typedef struct {
  const char *path;
  const char *tag;         /* what "@tag" gives for the rows of this source */
} FrSchemaSource;

#define FR_MAX_SOURCES 2

typedef struct {
  const char *name;
  FrSchemaSource sources[FR_MAX_SOURCES];   /* unused ones have a NULL path */
  const FrSchemaColumn *columns;
  guint n_columns;
} FrSchemaTable;

/* The tables, reports first; every other table has a report_id column first. */
extern const FrSchemaTable fr_tables[];
extern const guint fr_n_tables;

/* The names of budget.figures (nested ones as "three_public.total"), in RECORD.md's order:
 * the columns of the wide view. */
extern const char *const fr_budget_figures[];
extern const guint fr_n_budget_figures;

/* The record schema the writers accept. */
#define FR_RECORD_SCHEMA "finrep.record/1"

G_END_DECLS
