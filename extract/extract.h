/* extract.h — input routes: a file's bytes in, a FrDocument out.
 *
 * fr_source_load reads a whole file once and fills in what the record's `source`
 * holds; it fails only when the file cannot be read.  The routes parse those bytes.  Every function returns NULL/FALSE exactly when it set
 * *error, in the FR_ERROR domain, with a message a person understands.
 */
#pragma once

#include <glib.h>

#include "document.h"
#include "errors.h"
#include "ocr.h"

G_BEGIN_DECLS

typedef struct {
  char *path;          /* as given */
  GBytes *bytes;       /* the whole file */
  FrFormat format;     /* sniffed from the content, not the name; FR_FORMAT_NONE: neither */
  const char *why_not; /* with FR_FORMAT_NONE: what the bytes are instead (static text) */
  /* private: read the hash with fr_source_sha256 */
  char *sha256_;                /* lowercase hex; NULL until the hash is joined */
  struct _FrAsideTask *hashing_;   /* the hash, made aside (aside.h) */
} FrSource;

/* Reads the file; its hash is made aside (aside.h: in the aside thread where the process
 * started one, else at once). */
FrSource *fr_source_load (const char *path, GError **error);
/* The same for bytes already in memory (a fuzzer, a caller that read the file itself); never
 * fails.  path is only recorded; bytes is referenced, not copied. */
FrSource *fr_source_new_from_bytes (const char *path, GBytes *bytes);
/* The SHA-256 of the bytes, lowercase hex; waits for the hash if it is still being made. */
const char *fr_source_sha256 (const FrSource *src);
/* The hash if it is made, else NULL: never waits, takes no lock, allocates nothing (a
 * signal handler in the thread that owns the source may ask; sandbox-self.c). */
const char *fr_source_sha256_if_made (const FrSource *src);
void fr_source_free (FrSource *src);

typedef struct {
  guint max_pages;     /* 0: no limit; more pages give FR_ERROR_TOO_LARGE */
  FrOcrMode ocr;       /* which pages of a PDF are read by OCR (ocr.h); auto when zeroed */
  void (*on_ocr_page) (guint page, gpointer data);   /* as each OCR page starts; may be NULL */
  gpointer on_ocr_page_data;
} FrExtractOptions;

/* Sets up what reading any PDF needs first (Poppler's global tables), once a process; safe in
 * any thread, and a route that needs it meanwhile waits for it.  The routes call it
 * themselves: calling it ahead only moves the work (finrep.h, fr_work_aside). */
void fr_extract_prepare (void);
/* Called before fr_extract_prepare is handed to a thread aside: what Poppler would print goes
 * nowhere from now on (as once the PDF route starts), so that the route may open a document
 * while that thread makes the tables. */
void fr_extract_quiet (void);

/* The PDF route: glyphs with boxes and fonts from Poppler. */
FrDocument *fr_extract_pdf (const FrSource *src, const FrExtractOptions *opts, GError **error);

/* The text route: an archived dump (pdftotext output; UTF-8 or GB18030), pages split by \f. */
FrDocument *fr_extract_text (const FrSource *src, const FrExtractOptions *opts, GError **error);

/* A dump's bytes as UTF-8 (NUL-terminated, g_free it): UTF-8 when they are, else GB18030,
 * with the odd byte that is neither replaced by U+FFFD and counted in *replaced.  NULL when
 * more than a few in a thousand would need replacing: the bytes are not text in either. */
char *fr_text_decode (const char *data, gsize len, gsize *out_len, gsize *replaced);

/* Dispatches on src->format. */
FrDocument *fr_extract (const FrSource *src, const FrExtractOptions *opts, GError **error);

/* One page (0-based) of a PDF document as printed, an 8-bit grey PNG at dpi dots per inch,
 * for a person to look at; NULL with error when the document has no PDF behind it (a text
 * dump) or the page cannot be drawn. */
GBytes *fr_render_page_png (const FrDocument *doc, guint page, double dpi, GError **error);
/* fn is called once in the process, before it first draws a page (a render for ruling lines,
 * a page image, OCR's render of a drawn page), for what drawing needs set up first: the
 * sandbox's fontconfig (cmd/sandbox.h).  Set it before any document is read. */
void fr_set_before_drawing (void (*fn) (void));
/* Releases what drawing pages leaves cached (cairo's font caches, some MiB a document).  Call
 * only between documents, when no result is alive: a long-running worker does, after each. */
void fr_release_caches (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrSource, fr_source_free)

G_END_DECLS
