/* show.h — the parts of `finrep show`: a terminal view and a self-contained HTML page of one
 * processed file.  Both only read the result; they return FALSE with errno set (terminal) or
 * a GError (HTML) when the output cannot be written.
 */
#pragma once

#include <stdio.h>

#include "finrep.h"

G_BEGIN_DECLS

typedef struct {
  guint width;          /* columns the view must fit in */
  gboolean color;       /* ANSI colours (only on a TTY, never with NO_COLOR) */
  int page;             /* 1-based page for the per-page view; 0 for the whole report */
} FrShowTermOptions;

/* path: the file as the user named it (the result has no source when it could not be read). */
gboolean fr_show_term (const FrResult *res, const char *path, FILE *out,
                       const FrShowTermOptions *opts);
gboolean fr_show_html (const FrResult *res, const char *path, const char *out_path,
                       GError **error);

/* Renders one page (0-based) of a PDF as an 8-bit grey PNG at dpi dots per inch. */
GBytes *fr_show_render_page (gpointer poppler_document, guint page, double dpi,
                             GError **error);

/* A figure as the report prints it: no float noise, no trailing zeros. */
char *fr_show_number (double v);
/* An item's change on the year before: "+39.25 (+9.9%)", "−0.95", "flat", or "". */
char *fr_show_change (const FrFinanceItem *it);
/* The part of a change that differs, with a little context: "…⼀般…" and "…一般…". */
void fr_show_fix_excerpt (const FrFix *fix, char **before, char **after);

/* Columns a string takes in a terminal: wide (CJK) characters two, combining marks none. */
guint fr_show_width (const char *s);

/* The name and the one-line reason of a rule or named decision ("table_region"), as stages
 * store them on lines and blocks; the reason is NULL when finrep has none for the name. */
const char *fr_show_rule_why (const char *name);
/* A change's rule name: its rule row, or its character-table tag for FR_RULE_COUNT. */
const char *fr_show_fix_rule (const FrFix *fix);
const char *fr_show_fix_why (const FrFix *fix);
/* Is this change page furniture set aside (rather than characters rewritten)? */
gboolean fr_show_fix_is_furniture (const FrFix *fix);

/* How a block came to be, for the reader: its rule name, or a stage-level description. */
const char *fr_show_block_rule (const FrBlock *b);
const char *fr_show_block_kind (const FrBlock *b);

G_END_DECLS
