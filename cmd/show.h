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

G_END_DECLS
