/* finrep.h — the library's front door: one file in, one record out.  cmd/ includes this
 * header and nothing else of the library: the result and its model (analysis.h, model.h), the
 * reasons `show` gives (explain.h), the input routes and rendering (extract.h), and the file
 * hash ingest uses for files it skips (sha256.h).
 *
 * fr_process_file never fails: a file that cannot be read or understood gives a result whose
 * status is an error, with a code from RECORD.md and a message for a person.  A result owns
 * everything made for its file; free it with fr_result_free.  Records come out as text (JSON
 * made by record.c); the few calls that give the cJSON tree itself are for tests and
 * fuzzers, which include <cjson/cJSON.h> themselves; those trees are new and owned by the
 * caller (cJSON_Delete).
 */
#pragma once

#include <glib.h>

#include "analysis.h"
#include "explain.h"
#include "extract.h"
#include "sha256.h"

G_BEGIN_DECLS

struct cJSON;

#define FR_SCHEMA "finrep.record/1"

typedef struct {
  guint max_pages;      /* 0: no limit */
  FrOcrMode ocr;        /* scans and scanned pages (ocr.h); auto when zeroed */
  /* called as each page starts to be read by OCR (0-based), from the calling thread; NULL:
   * none.  finrep ingest's workers tell their parent, whose --timeout restarts there. */
  void (*on_ocr_page) (guint page, gpointer data);
  gpointer on_ocr_page_data;
  /* TRUE: no FINREP_DEBUG_* output for this file (the sandbox's warm-up, whose tiny file
   * would otherwise print lines a person debugging the real one takes for its own) */
  gboolean quiet;
  /* called once the file is read, before it is parsed, from the calling thread; NULL: none.
   * A one-file extract in its own sandbox keeps the source, whose hash its crash record
   * needs (cmd/sandbox-self.c). */
  void (*on_source) (const FrSource *src, gpointer data);
  gpointer on_source_data;
} FrOptions;

typedef struct _FrResult FrResult;

FrResult *fr_process_file (const char *path, const FrOptions *opts);
/* For a process that reads one file at a time with a CPU to spare (a one-file extract's
 * sandboxed child, whose parent only waits): starts a thread for the work that needs nothing of
 * the parse (extract/aside.h) and hands it at once what reading any file needs first (Poppler's
 * global tables, every rule compiled), then each file's hash as the file is read and each
 * rule's JIT compile.  A parse that needs one of these before it is ready waits for it.  Not
 * for a process whose CPUs are busy (ingest's workers), which does all of it in line.  FALSE
 * when no thread could be started: all is then done in line. */
gboolean fr_work_aside (void);
/* The same from a source already loaded (fr_source_new_from_bytes); takes ownership of src. */
FrResult *fr_process_source (FrSource *src, const FrOptions *opts);
/* Runs the stages on a document made by other means (a test's or a fuzzer's own layout);
 * takes ownership of src and doc.  src gives the record its `source`. */
FrResult *fr_process_document (FrSource *src, FrDocument *doc);
void fr_result_free (FrResult *res);

/* NULL when the file was processed; otherwise the error (FR_ERROR domain). */
const GError *fr_result_error (const FrResult *res);
const FrSource *fr_result_source (const FrResult *res);      /* NULL if unreadable */
const FrDocument *fr_result_document (const FrResult *res);  /* NULL on error */
const FrAnalysis *fr_result_analysis (const FrResult *res);  /* NULL on error */
guint fr_result_pages (const FrResult *res);
/* Of those, the pages read by OCR. */
guint fr_result_ocr_pages (const FrResult *res);

struct cJSON *fr_result_to_json (const FrResult *res);
/* The record as one line of JSON, without the newline (g_free). */
char *fr_result_to_line (const FrResult *res);
/* The same, and in *json the tree it was printed from (finrep ingest's workers pack the rows
 * of a database from it: output.h's fr_output_pack); free it with fr_json_free. */
char *fr_result_to_line_json (const FrResult *res, struct cJSON **json);
void fr_json_free (struct cJSON *json);
/* The record as JSON text without a final newline: one line, or indented when pretty. */
char *fr_result_to_record_text (const FrResult *res, gboolean pretty);
/* The clean text: headings and paragraphs one a line, a blank line between sections, tables
 * as blocks of tab-separated rows. */
char *fr_result_to_text (const FrResult *res);

/* An error record made without the file's content (the ingest parent uses it when a worker
 * died).  sha256 may be NULL, bytes < 0 when unknown. */
struct cJSON *fr_error_record_new (const char *path, const char *sha256, gint64 bytes,
                                   FrErrorCode code, const char *message);
/* The same as one line of JSON, without the newline (g_free). */
char *fr_error_record_line (const char *path, const char *sha256, gint64 bytes,
                            FrErrorCode code, const char *message);

/* RECORD.md's finance object for f (null when f is NULL); new, owned by the caller. */
struct cJSON *fr_finance_to_json (const FrFinance *f);

/* The heading as printed: number with its style's punctuation, then the title. */
char *fr_heading_display (const FrBlock *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrResult, fr_result_free)

G_END_DECLS
