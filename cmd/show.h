/* show.h — the parts of `finrep show`: a terminal view and a self-contained HTML page of one
 * processed file.  Both only read the result.  The terminal view returns FALSE with errno set
 * when its output cannot be written; the HTML page is returned for the caller to write (NULL
 * with a GError when a page could not be rendered).
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
GString *fr_show_html (const FrResult *res, const char *path, GError **error);

G_END_DECLS
