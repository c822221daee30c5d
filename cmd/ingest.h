/* ingest.h — the parts of `finrep ingest`: the input list, the resume index, the worker pool.
 *
 * The parent process owns the inputs, the output and the bookkeeping and never parses a
 * document; the pool's workers do, one file at a time, each in its own process.  Every input
 * handed to fr_pool_run comes back to the sink exactly once as a whole record line.
 */
#pragma once

#include <glib.h>

#include "finrep.h"
#include "sandbox.h"   /* FR_ASAN */

G_BEGIN_DECLS

/* ---- inputs (ingest-inputs.c) ---------------------------------------------------------- */

/* The list of inputs: paths as given or as found by the walk, each once, in order.  A
 * directory that could not be listed is an input too, with the reason, so that it gets an
 * error record rather than vanishing. */
typedef struct _FrInputs FrInputs;

FrInputs *fr_inputs_new (void);
void fr_inputs_free (FrInputs *in);
/* A PATH argument: a file (taken whatever its name), or a directory walked recursively for
 * *.pdf and *.txt (any case; symbolic links to directories are not followed). */
void fr_inputs_add_path (FrInputs *in, const char *path);
/* Reads a list of PATHs from fd, one a line or NUL-separated; FALSE on a read error. */
gboolean fr_inputs_add_list (FrInputs *in, int fd, gboolean nul_separated, GError **error);
/* Keeps the inputs whose path falls in shard `index` (1-based) of `count`. */
void fr_inputs_keep_shard (FrInputs *in, guint index, guint count);
guint fr_inputs_len (const FrInputs *in);
const char *fr_inputs_path (const FrInputs *in, guint i);
/* NULL for an ordinary input; for a directory that could not be listed, why. */
const char *fr_inputs_problem (const FrInputs *in, guint i);

/* The shard (0-based) a path belongs to: FNV-1a 64 of the path's bytes, through MurmurHash3's
 * fmix64, modulo count.  Stable across machines and releases: shards depend on it. */
guint fr_shard_of (const char *path, guint count);

/* ---- resume (ingest-inputs.c) ---------------------------------------------------------- */

/* What an existing OUT already holds: the (path, sha256) of each valid record. */
typedef struct _FrResumeIndex FrResumeIndex;

/* Reads the JSON Lines file open on fd, cuts a torn last line off it (a line without its
 * newline: the write that was killed), and indexes the records.  *n_dropped counts lines
 * that were not records. */
FrResumeIndex *fr_resume_index_load (int fd, const char *name, guint *n_records,
                                     guint *n_dropped, GError **error);
void fr_resume_index_free (FrResumeIndex *idx);
/* An empty index, and a stored record's (path, sha256) added to it (sha256 NULL when the
 * record has none): the index of an SQLite OUT. */
FrResumeIndex *fr_resume_index_new (void);
void fr_resume_index_add (FrResumeIndex *idx, const char *path, const char *sha256);
/* TRUE when OUT has a record for path whose sha256 is the file's current one (a missing
 * or unreadable file matches a record without sha256). */
gboolean fr_resume_index_has (FrResumeIndex *idx, const char *path);

/* SHA-256 of a file, read in pieces (the parent never maps a whole document); NULL when it
 * cannot be read.  *bytes gets its size, or -1. */
char *fr_file_sha256 (const char *path, gint64 *bytes);

/* ---- the worker pool (ingest-pool.c) --------------------------------------------------- */

typedef struct {
  guint workers;          /* processes */
  double timeout;         /* seconds per file; 0: none */
  guint64 max_memory;     /* bytes of address space per worker (RLIMIT_AS); 0: none */
  guint max_pages;        /* passed to fr_process_file; 0: none */
  FrOcrMode ocr;          /* passed to fr_process_file */
  int keep_fd;            /* a parent fd the workers must close (OUT), or -1 */
  gboolean sandbox;       /* workers enter the sandbox (sandbox.h) before their first file */
  gboolean pack_rows;     /* workers send each record's rows for a database too (rows below) */
} FrPoolConfig;

/* One finished input. */
typedef struct {
  const char *path;
  const char *line;       /* the record, one line of JSON, no newline */
  gsize len;
  GBytes *rows;           /* NULL, or its rows for output.h's fr_output_add_packed (lent) */
  int code;               /* -1: ok; otherwise an FrErrorCode */
  guint pages;
  guint ocr_pages;        /* of pages, those read by OCR */
  gboolean all_sent;      /* every input left is in a worker: no more are to be handed out */
  guint left;             /* inputs whose records are still to come, after this one */
} FrPoolResult;

typedef struct {
  /* Takes a finished input (the line may be written, not kept); FALSE with error set stops
   * the run. */
  gboolean (*record) (const FrPoolResult *res, gpointer user, GError **error);
  /* A note about one input for stderr: a worker's own diagnostics, a worker that died. */
  void (*note) (const char *path, const char *message, gpointer user);
  /* Called about five times a second while work goes on (the progress line); may be NULL. */
  void (*tick) (gpointer user);
  /* Called when no worker has anything for the parent, before it waits for them: the time
   * for work held back (a database's full-text index).  FALSE with error set stops the
   * run; may be NULL. */
  gboolean (*idle) (gpointer user, GError **error);
  /* Called after the last record, before the parent waits for the workers to end (a
   * millisecond or two each, which the output's finishing then overlaps); may be NULL. */
  gboolean (*end) (gpointer user, GError **error);
  gpointer user;
} FrPoolCallbacks;

typedef struct {
  guint workers_started;
  guint workers_died;     /* crashed, timed out or ran out of memory */
  gint64 worker_max_rss;  /* bytes, the largest peak RSS of any finished worker */
  guint64 ocr_pages_started; /* pages the workers began to read by OCR */
} FrPoolStats;

/* Parses the inputs listed in `todo` (indexes into `in`, as guint) in worker processes and
 * hands each record to cb->record, in the order they finish.  Returns FALSE when finrep
 * itself cannot go on: the record callback failed, no worker can be started, or a signal
 * asked it to stop (*signalled then holds the signal). */
gboolean fr_pool_run (const FrPoolConfig *cfg, const FrInputs *in, const GArray *todo,
                      const FrPoolCallbacks *cb, FrPoolStats *stats, int *signalled,
                      GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrInputs, fr_inputs_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrResumeIndex, fr_resume_index_free)

G_END_DECLS
