/* ingest.c — `finrep ingest`: many files, in parallel and isolated, into one JSON Lines file.
 *
 * This file is the command: options, output, --resume, progress and summary.  The inputs and
 * the resume index are in ingest-inputs.c, the worker processes in ingest-pool.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "ingest.h"
#include "output.h"
#include "sandbox.h"

#define DEFAULT_TIMEOUT 60.0
#define DEFAULT_MAX_MEMORY 1024

static const char summary_text[] =
  "Parse many reports into one JSON Lines file: one record per input, error records\n"
  "included.  Each file is parsed in a worker process of its own, under a time and a memory\n"
  "limit, so that a file that hangs or crashes the parser costs one error record, not the\n"
  "batch, and an interrupted run can be resumed where it stopped.";

static const char description_text[] =
  "Inputs:\n"
  "  A PATH is a file, taken whatever its name, or a directory, walked recursively for\n"
  "  files named *.pdf or *.txt (any letter case) in sorted order; symbolic links to files\n"
  "  are followed, links to directories are not.  A PATH of - reads more PATHs from\n"
  "  standard input, one a line, or NUL-separated with -0 (as find -print0 writes them).\n"
  "  A path named twice is done once.  A missing file, or a dangling link, still gets a\n"
  "  record (error code not_found); so does a directory that cannot be listed (unreadable).\n"
  "\n"
  "Output:\n"
  "  One record per input, one line of JSON each (the record of RECORD.md), written to OUT\n"
  "  or to standard output in the order the files finish, not the order of the inputs.\n"
  "  Each record is written whole with a single write(2), and OUT is opened for appending.\n"
  "  Without --resume, OUT is emptied first.  Records carry source.path as the input was\n"
  "  named and source.sha256 of its bytes.  OUT is locked (flock) while a run writes it.\n"
  "\n"
  "Isolation:\n"
  "  Each file is parsed in one of N worker processes (-j), started ahead and replaced when\n"
  "  one dies, after 250 files, or when after a file it holds 80 MiB more than after its\n"
  "  first (or half of --max-memory); the parent process never parses a document.  A\n"
  "  worker is sent up to four files beyond the one it parses (fewer towards the end), so\n"
  "  that it never waits for the parent; those a worker that dies had not begun go to\n"
  "  another.  A\n"
  "  worker that dies gives the file an error record with code \"crashed\" and the signal\n"
  "  in its message; one still busy after --timeout seconds is killed and gives \"timeout\"\n"
  "  (the clock restarts as each page read by OCR begins: a scan is given --timeout\n"
  "  seconds a page, so a 30-page scan at 1-3 s a page fits the default with room to\n"
  "  spare, and a page that hangs is still stopped);"
  "  one that runs out of address space under --max-memory gives \"too_large\".  The batch\n"
  "  goes on.  A worker's diagnostics on standard error are passed on, prefixed with the\n"
  "  file it was parsing.\n"
  "\n"
  "Sandbox:\n"
  "  Before its first file, a worker loads what parsing always needs, then enters a\n"
  "  seccomp-bpf sandbox for the rest of its life (PR_SET_NO_NEW_PRIVS, RLIMIT_FSIZE 0, at\n"
  "  most 64 open files).  It may read files, use memory, tell the time and write to its\n"
  "  standard error and its socket to the parent.  It may not start a program, open a\n"
  "  socket, trace a process, open or create a file for writing, or change a file's owner\n"
  "  or mode: a parser taken over by a crafted file can do no more than that.  A worker\n"
  "  that tries is killed and its file gets code \"crashed\", with the call named in the\n"
  "  message.  Only the parent writes OUT.  On a kernel without seccomp finrep says so once\n"
  "  and goes on without the sandbox.  --no-sandbox is for debugging a worker (under gdb or\n"
  "  strace, say); never use it on files from outside.\n"
  "\n"
  "Resuming:\n"
  "  With --resume, the records already in OUT are kept.  A last line cut short (the write\n"
  "  of a killed run) is removed, and an input is skipped when OUT has a record with its\n"
  "  path and the file's current sha256; a file changed since is done again and its new\n"
  "  record appended.  After kill -9 at any moment, the same command with --resume leaves\n"
  "  exactly one record per input in OUT.\n"
  "\n"
  "SQLite:\n"
  "  With OUT named *.sqlite, *.sqlite3 or *.db, or with --format sqlite, the records go\n"
  "  into an SQLite database instead, as the tables of finrep export (docs/schema.md):\n"
  "  the parent process writes, each record in one transaction, in WAL mode.  Without\n"
  "  --resume, OUT's finrep tables are emptied first.  With --resume, an input is skipped\n"
  "  when OUT holds a report with its path and the file's current sha256; a file changed\n"
  "  since is done again and its new record replaces the report's rows.  After kill -9 at\n"
  "  any moment, --resume leaves every input in OUT exactly once.\n"
  "\n"
  "Sharding:\n"
  "  --shard I/N keeps the inputs whose path (as given, or as the walk found it) falls in\n"
  "  share I of N: the 64-bit FNV-1a hash of the path's bytes, mixed by MurmurHash3's\n"
  "  fmix64, modulo N, is I-1.  Shards 1/N to N/N of the same PATHs, run anywhere, cover\n"
  "  every input exactly once.\n"
  "\n"
  "Progress and summary:\n"
  "  When standard error is a terminal, a progress line shows the files done and to do,\n"
  "  pages per second (and the pages begun by OCR), errors so far and the time left.  It\n"
  "  is left out when standard error is not a terminal, or with --quiet, which also drops\n"
  "  the per-file notes.  A summary always ends the run on standard error: records by\n"
  "  status and error code, pages (and of them those read by OCR), seconds (the output\n"
  "  closed), the peak memory of the parent and of the largest worker, and the CPU time of\n"
  "  the parent (which writes OUT) and of the workers.\n"
  "\n"
  FR_CMD_OCR_HELP
  "Exit status:\n"
  "  0  every input got a record, error records included (see error.code in each)\n"
  "  2  the command line is wrong\n"
  "  3  finrep could not do its job: OUT cannot be opened, read or written or is locked by\n"
  "     another run, the list on standard input cannot be read, or no worker can start\n"
  "  A run stopped by SIGINT, SIGTERM or SIGHUP kills its workers and ends by the same\n"
  "  signal; the records written so far are whole.  Run it again with --resume.\n"
  "\n"
  "Environment:\n"
  "  FINREP_TEST_FAULT=hang:NAME,crash:NAME,oom:NAME  for finrep's own tests only: a worker\n"
  "  hangs, crashes, or asks for 4 GiB of memory on the file whose base name is NAME.\n"
  "  FINREP_TEST_SANDBOX_ESCAPE=ACTION:NAME,…  for finrep's own tests only: a sandboxed\n"
  "  worker tries ACTION (exec, socket, write-tmp, open-write, ptrace, chmod) on the file\n"
  "  whose base name is NAME, and is stopped.  Nothing happens outside the sandbox.\n"
  "\n"
  "Examples:\n"
  "  finrep ingest -j4 -o all.jsonl archive/\n"
  "  find archive -name '*.pdf' -print0 | finrep ingest -0 - > all.jsonl\n"
  "  finrep ingest --resume -o all.jsonl archive/          # after an interruption\n"
  "  finrep ingest -o archive.sqlite archive/ && sqlite3 archive.sqlite 'select count(*) from reports'\n"
  "  parallel finrep ingest --shard {}/3 archive/ ::: 1 2 3 > all.jsonl";

typedef struct {
  int out;                 /* fd */
  FrOutput *db;            /* the SQLite OUT, or NULL for JSON Lines */
  const char *out_name;
  gboolean progress;       /* draw the progress line */
  gboolean quiet;
  gboolean line_shown;     /* a progress line is on the screen */
  guint total;             /* inputs to do in this run */
  guint done;
  guint errors;
  guint64 pages;
  guint64 ocr_pages;       /* of pages, read by OCR (records written) */
  const FrPoolStats *stats;  /* OCR pages begun, for the progress line */
  guint workers;
  gboolean near_end;       /* the database's held-back work is done whenever the parent is idle */
  gboolean all_sent;       /* and from then on, all of it */
  guint by_code[FR_ERROR_N_CODES];
  gint64 start;            /* monotonic µs */
} Run;

static void
clear_progress (Run *run)
{
  if (run->line_shown) {
    fputs ("\r\033[K", stderr);
    run->line_shown = FALSE;
  }
}

static char *
format_duration (double s)
{
  guint64 t = (guint64) (s + 0.5);
  if (t >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "h%02um", t / 3600, (guint) (t % 3600 / 60));
  if (t >= 60)
    return g_strdup_printf ("%um%02us", (guint) (t / 60), (guint) (t % 60));
  return g_strdup_printf ("%us", (guint) t);
}

static void
draw_progress (gpointer user)
{
  Run *run = user;
  if (!run->progress)
    return;
  double secs = (g_get_monotonic_time () - run->start) / (double) G_USEC_PER_SEC;
  g_autofree char *eta = run->done > 0
    ? format_duration (secs / run->done * (run->total - run->done)) : g_strdup ("?");
  g_autofree char *ocr = run->stats && run->stats->ocr_pages_started > 0
    ? g_strdup_printf (" (%" G_GUINT64_FORMAT " by OCR)", run->stats->ocr_pages_started) : g_strdup ("");
  fprintf (stderr, "\r\033[K%s: %u/%u files, %.1f pages/s%s, %u error%s, ETA %s",
           g_get_prgname (), run->done, run->total, secs > 0 ? run->pages / secs : 0.0, ocr,
           run->errors, run->errors == 1 ? "" : "s", eta);
  run->line_shown = TRUE;
}

/* --quiet drops what is said about one file; what a worker says outside any file (at its
 * exit: a sanitizer's report, a library's complaint) is rare and always shown. */
static void
note (const char *path, const char *message, gpointer user)
{
  Run *run = user;
  if (run->quiet && path != NULL)
    return;
  clear_progress (run);
  fr_cmd_report_error (path ? path : "a worker, after its last file", message);
}

static gboolean
write_record (const char *path, const char *line, gsize len, GBytes *rows, Run *run,
              GError **error)
{
  if (run->db) {
    g_autoptr (GError) err = NULL;
    if (rows ? fr_output_add_packed (run->db, line, len, rows, &err)
             : fr_output_add (run->db, line, len, &err))
      return TRUE;
    if (rows && g_error_matches (err, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD)) {
      /* the worker's rows refused (finrep's own bug, or a worker not to be trusted): the
       * record is not lost, its rows are made here from its line, as export makes them */
      clear_progress (run);
      g_autofree char *msg = g_strdup_printf ("the worker's rows for it were refused (%s) and "
                                              "made again from its record", err->message);
      fr_cmd_report_error (path, msg);
      g_clear_error (&err);
      if (fr_output_add (run->db, line, len, &err))
        return TRUE;
    }
    if (!g_error_matches (err, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD)) {
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
    /* a worker's line that is not a record: finrep's own bug, which must not stop the batch */
    clear_progress (run);
    fr_cmd_report_error (run->out_name, err->message);
    return TRUE;
  }
  /* the line and its newline in one write: a reader, or --resume, never sees half of one
   * record glued to another */
  g_autofree char *buf = g_malloc (len + 1);
  memcpy (buf, line, len);
  buf[len] = '\n';
  if (!fr_write_all (run->out, buf, len + 1)) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot write to %s: %s",
                 run->out_name, g_strerror (e));
    return FALSE;
  }
  return TRUE;
}

static void
count (Run *run, int code, guint pages, guint ocr_pages)
{
  run->done++;
  run->pages += pages;
  run->ocr_pages += ocr_pages;
  if (code >= 0 && code < FR_ERROR_N_CODES) {
    run->errors++;
    run->by_code[code]++;
  }
}

static gboolean
on_record (const FrPoolResult *res, gpointer user, GError **error)
{
  Run *run = user;
  if (!write_record (res->path, res->line, res->len, res->rows, run, error))
    return FALSE;
  count (run, res->code, res->pages, res->ocr_pages);
  /* What the database holds back (a new database's report_id indexes, the full-text
   * index of the batch so far, the WAL's pages not yet in the file) must not be left to
   * the end, when nothing else runs: for 300 files it was 40 ms after the last worker's
   * reply, with the workers waiting for the parent to read their last replies.  So near
   * the end it is written a piece at a time whenever the parent would wait for the workers
   * (on_idle), and after each record: the report_id indexes (a dozen pieces) from 8 files
   * a worker before the end, or a 16th of the run, for a long run's are made from every
   * row so far (the records after the first piece keep it as they go in); the full-text
   * index and the checkpoints once no file is left to hand out (the last records are
   * indexed each on its own). */
  if (run->db && res->left <= MAX (8 * run->workers, run->total / 16))
    run->near_end = TRUE;
  run->all_sent = res->all_sent;
  gboolean more;
  return !run->near_end || fr_output_sync (run->db, FALSE, &more, error);
}

/* The database finished (its last index and checkpoint) while the workers end. */
static gboolean
on_end (gpointer user, GError **error)
{
  Run *run = user;
  FrOutput *db = g_steal_pointer (&run->db);
  return db == NULL || fr_output_close (db, error);
}

static gboolean
on_idle (gpointer user, GError **error)
{
  Run *run = user;
  gboolean more;
  return !run->near_end || fr_output_sync (run->db, run->all_sent, &more, error);
}

/* A directory that could not be listed: the parent makes its record, no worker needed. */
static gboolean
record_problem (Run *run, const char *path, const char *problem, GError **error)
{
  g_autofree char *line = fr_error_record_line (path, NULL, -1, FR_ERROR_UNREADABLE, problem);
  gboolean ok = write_record (path, line, strlen (line), NULL, run, error);
  if (ok)
    count (run, FR_ERROR_UNREADABLE, 0, 0);
  if (ok && !run->quiet) {
    clear_progress (run);
    fr_cmd_report_error (path, problem);
  }
  return ok;
}

/* The parent's own peak RSS, in bytes.  VmHWM, not getrusage: ru_maxrss survives execve,
 * so it would count whatever the process was before it became finrep (a forked Python). */
static gint64
peak_rss (void)
{
  g_autofree char *status = NULL;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)) {
    const char *hwm = strstr (status, "\nVmHWM:");
    if (hwm)
      return g_ascii_strtoll (hwm + 7, NULL, 10) * 1024;
  }
  struct rusage self;
  getrusage (RUSAGE_SELF, &self);
  return (gint64) self.ru_maxrss * 1024;
}

static double
cpu_seconds (const struct rusage *ru)
{
  return ru->ru_utime.tv_sec + ru->ru_stime.tv_sec
         + (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

static void
print_summary (Run *run, guint skipped, const FrPoolStats *stats, guint workers)
{
  clear_progress (run);
  double secs = (g_get_monotonic_time () - run->start) / (double) G_USEC_PER_SEC;
  g_autoptr (GString) s = g_string_new (NULL);
  g_string_append_printf (s, "%s: %u record%s: %u ok, %u error", g_get_prgname (), run->done,
                          run->done == 1 ? "" : "s", run->done - run->errors, run->errors);
  if (run->errors > 0) {
    const char *sep = " (";
    for (int c = 0; c < FR_ERROR_N_CODES; c++) {
      if (run->by_code[c] == 0)
        continue;
      g_string_append_printf (s, "%s%s %u", sep, fr_error_code_name (c), run->by_code[c]);
      sep = ", ";
    }
    g_string_append_c (s, ')');
  }
  if (skipped > 0)
    g_string_append_printf (s, "; %u input%s already in %s", skipped, skipped == 1 ? "" : "s",
                            run->out_name);
  g_string_append_printf (s, "\n%s: %" G_GUINT64_FORMAT " pages", g_get_prgname (), run->pages);
  if (run->ocr_pages > 0)
    g_string_append_printf (s, " (%" G_GUINT64_FORMAT " read by OCR)", run->ocr_pages);
  g_string_append_printf (s, " in %.1f s, %.1f pages/s, %u worker%s",
                          secs, secs > 0 ? run->pages / secs : 0.0,
                          workers, workers == 1 ? "" : "s");
  if (stats->workers_died > 0)
    g_string_append_printf (s, "; %u worker%s lost to a crash, a timeout or the memory limit",
                            stats->workers_died, stats->workers_died == 1 ? "" : "s");
  if (stats->workers_started > workers + stats->workers_died)
    g_string_append_printf (s, "; %u replaced, having served their share of files or grown in memory",
                            stats->workers_started - workers - stats->workers_died);
  g_string_append_printf (s, "\n%s: peak RSS: parent %.1f MiB, largest worker %.1f MiB\n",
                          g_get_prgname (), peak_rss () / 1048576.0,
                          stats->worker_max_rss / 1048576.0);
  /* the parent's own share is what writing the output costs (bench/ingest-sqlite.sh) */
  struct rusage self, workers_ru;
  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &workers_ru);
  g_string_append_printf (s, "%s: CPU time: parent %.2f s, workers %.2f s\n", g_get_prgname (),
                          cpu_seconds (&self), cpu_seconds (&workers_ru));
  fputs (s->str, stderr);
}

static gboolean
parse_shard (const char *spec, guint *index, guint *count)
{
  guint64 i, n;
  char *end;
  if (spec == NULL)
    return FALSE;
  i = g_ascii_strtoull (spec, &end, 10);
  if (end == spec || *end != '/')
    return FALSE;
  const char *rest = end + 1;
  n = g_ascii_strtoull (rest, &end, 10);
  if (end == rest || *end != '\0' || n == 0 || n > G_MAXUINT || i < 1 || i > n)
    return FALSE;
  *index = (guint) i;
  *count = (guint) n;
  return TRUE;
}

static void
index_source (const char *path, const char *sha256, gpointer idx)
{
  fr_resume_index_add (idx, path, sha256);
}


int
fr_cmd_ingest (int argc, char **argv)
{
  g_autofree char *out_name = NULL;
  g_autofree char *shard = NULL;
  g_autofree char *format = NULL;
  int jobs = 0, max_pages = 0, max_memory = DEFAULT_MAX_MEMORY;
  double timeout = DEFAULT_TIMEOUT;
  gboolean resume = FALSE, quiet = FALSE, nul = FALSE, no_sandbox = FALSE;
  g_autofree char *ocr = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_name,
      "Write the records to OUT (default: standard output)", "OUT" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      "Run N worker processes (default: the number of processors)", "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      "jsonl or sqlite (default: sqlite for OUT named *.sqlite or *.db)", "FMT" },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume,
      "Keep the records in OUT, do only the inputs it lacks (needs -o)", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      "Give up on a file after SEC s: timeout (default 60; 0: never)", "SEC" },
    { "max-memory", 0, 0, G_OPTION_ARG_INT, &max_memory,
      "Cap a worker at MB MiB of address space (default 1024; 0: none)", "MB" },
    { "max-pages", 0, 0, G_OPTION_ARG_INT, &max_pages,
      "Refuse documents of more than N pages: too_large (default: no limit)", "N" },
    FR_CMD_OCR_ENTRY (ocr),
    { "shard", 0, 0, G_OPTION_ARG_STRING, &shard,
      "Do only share I of N of the inputs, by a hash of the path", "I/N" },
    { "null", '0', 0, G_OPTION_ARG_NONE, &nul,
      "The list read for - is NUL-separated, not one path a line", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      "No progress line and no per-file notes; the summary stays", NULL },
    { "no-sandbox", 0, 0, G_OPTION_ARG_NONE, &no_sandbox,
      "For debugging only: workers parse outside the sandbox", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = fr_cmd_options ("PATH…", entries, summary_text, description_text);
  /* GOption takes no value glued to a short option, but -j4 is what everyone types */
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp (a, "--") == 0) {
      for (; i < argc; i++)
        g_ptr_array_add (args, g_strdup (argv[i]));
      break;
    }
    if (g_str_has_prefix (a, "-j") && a[2] && strspn (a + 2, "0123456789") == strlen (a + 2)) {
      g_ptr_array_add (args, g_strdup ("-j"));
      g_ptr_array_add (args, g_strdup (a + 2));
    } else {
      g_ptr_array_add (args, g_strdup (a));
    }
  }
  /* g_option_context_parse removes what it used from the vector: parse a copy, free ours */
  int n_args = (int) args->len;
  g_autofree char **vec = g_new0 (char *, args->len + 1);
  memcpy (vec, args->pdata, args->len * sizeof (char *));
  argc = n_args;
  argv = vec;
  if (!fr_cmd_parse (ctx, &argc, &argv))
    return FR_EXIT_USAGE;

  if (argc < 2)
    return fr_cmd_usage_error ("no PATH given (use - to read a list of paths from standard input)");
  if (jobs < 0 || jobs > 1024)
    return fr_cmd_usage_error ("-j takes a number of workers from 1 to 1024");
  if (jobs == 0)
    jobs = (int) g_get_num_processors ();
  if (!(timeout >= 0 && timeout <= 1e8))
    return fr_cmd_usage_error ("--timeout takes a number of seconds (0: no limit)");
  if (max_memory < 0)
    return fr_cmd_usage_error ("--max-memory takes a number of MiB (0: no limit)");
  if (max_pages < 0)
    return fr_cmd_usage_error ("--max-pages takes a positive number");
  FrOcrMode ocr_mode = FR_OCR_AUTO;
  if (!fr_cmd_parse_ocr (ocr, &ocr_mode))
    return FR_EXIT_USAGE;
  guint shard_i = 1, shard_n = 1;
  if (shard && !parse_shard (shard, &shard_i, &shard_n))
    return fr_cmd_usage_error ("--shard takes I/N, two whole numbers with 1 ≤ I ≤ N, such as 2/5");
  if (resume && out_name == NULL)
    return fr_cmd_usage_error ("--resume needs -o OUT: it reads the records already there");
  FrOutputFormat out_format = FR_OUTPUT_CSV;   /* CSV: none of ours, JSON Lines */
  if (format && g_ascii_strcasecmp (format, "sqlite") == 0)
    out_format = FR_OUTPUT_SQLITE;
  else if (format && g_ascii_strcasecmp (format, "jsonl") != 0)
    return fr_cmd_usage_error ("--format takes jsonl or sqlite (finrep export writes Excel and CSV)");
  else if (format == NULL && out_name && fr_output_format_from_path (out_name, &out_format)
           && out_format == FR_OUTPUT_XLSX)
    return fr_cmd_usage_error ("ingest writes JSON Lines or SQLite; make the workbook with finrep export");
  gboolean to_sqlite = out_format == FR_OUTPUT_SQLITE;
  if (to_sqlite && out_name == NULL)
    return fr_cmd_usage_error ("--format sqlite needs -o OUT: a database is not written to standard output");

  /* the inputs, before any output is touched: a bad list should not empty OUT */
  g_autoptr (FrInputs) in = fr_inputs_new ();
  gboolean stdin_read = FALSE;
  for (int i = 1; i < argc; i++) {
    if (strcmp (argv[i], "-") != 0) {
      fr_inputs_add_path (in, argv[i]);
      continue;
    }
    if (stdin_read)
      continue;
    stdin_read = TRUE;
    g_autoptr (GError) error = NULL;
    if (!fr_inputs_add_list (in, STDIN_FILENO, nul, &error)) {
      fr_cmd_report_error (NULL, error->message);
      return FR_EXIT_FAILURE;
    }
  }
  if (shard_n > 1)
    fr_inputs_keep_shard (in, shard_i, shard_n);

  Run run = { 0 };
  run.quiet = quiet;
  run.progress = !quiet && isatty (STDERR_FILENO);
  run.out = STDOUT_FILENO;
  run.out_name = out_name ? out_name : "standard output";
  int out_fd = -1;
  if (to_sqlite) {
    FrOutputOptions opts = { .keep = resume };
    g_autoptr (GError) error = NULL;
    run.db = fr_output_open (FR_OUTPUT_SQLITE, out_name, &opts, &error);
    if (run.db == NULL) {
      fr_cmd_report_error (NULL, error->message);
      return FR_EXIT_FAILURE;
    }
  } else if (out_name) {
    int flags = O_CREAT | O_APPEND | O_CLOEXEC | (resume ? O_RDWR : O_WRONLY);
    out_fd = open (out_name, flags, 0666);
    if (out_fd < 0) {
      g_autofree char *msg = g_strdup_printf ("cannot open for writing: %s", g_strerror (errno));
      fr_cmd_report_error (out_name, msg);
      return FR_EXIT_FAILURE;
    }
    /* two runs appending to one OUT would each do what the other does: one at a time */
    if (flock (out_fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
      fr_cmd_report_error (out_name, "in use by another finrep ingest (locked)");
      close (out_fd);
      return FR_EXIT_FAILURE;
    }   /* other errors: a file system without locks; go on unlocked */
    /* emptied only now that it is ours: O_TRUNC would have cut another run's file */
    struct stat st;
    if (!resume && fstat (out_fd, &st) == 0 && S_ISREG (st.st_mode) && ftruncate (out_fd, 0) != 0) {
      g_autofree char *msg = g_strdup_printf ("cannot empty: %s", g_strerror (errno));
      fr_cmd_report_error (out_name, msg);
      close (out_fd);
      return FR_EXIT_FAILURE;
    }
    run.out = out_fd;
  }

  /* what is left to do */
  g_autoptr (GArray) todo = g_array_new (FALSE, FALSE, sizeof (guint));
  guint skipped = 0;
  {
    FrResumeIndex *idx = NULL;
    if (resume && run.db) {
      g_autoptr (GError) error = NULL;
      idx = fr_resume_index_new ();
      if (!fr_output_foreach_source (run.db, index_source, idx, &error)) {
        fr_cmd_report_error (NULL, error->message);
        fr_resume_index_free (idx);
        fr_output_free (run.db);
        return FR_EXIT_FAILURE;
      }
    } else if (resume) {
      g_autoptr (GError) error = NULL;
      guint n_records, n_dropped;
      idx = fr_resume_index_load (out_fd, out_name, &n_records, &n_dropped, &error);
      if (idx == NULL) {
        fr_cmd_report_error (NULL, error->message);
        close (out_fd);
        return FR_EXIT_FAILURE;
      }
      if (n_dropped > 0 && !quiet) {
        g_autofree char *msg = g_strdup_printf ("dropped %u line%s that %s not a whole record",
                                                n_dropped, n_dropped == 1 ? "" : "s",
                                                n_dropped == 1 ? "was" : "were");
        fr_cmd_report_error (out_name, msg);
      }
    }
    for (guint i = 0; i < fr_inputs_len (in); i++) {
      if (idx && fr_resume_index_has (idx, fr_inputs_path (in, i)))
        skipped++;
      else
        g_array_append_val (todo, i);
    }
    fr_resume_index_free (idx);
  }

#ifdef FR_ASAN
  /* AddressSanitizer reserves terabytes of address space up front */
  if (max_memory > 0 && !quiet)
    fr_cmd_report_error (NULL, "--max-memory is not enforced in a build with AddressSanitizer");
#endif
  run.total = todo->len;
  run.start = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;

  /* the directories that could not be listed need no worker */
  g_autoptr (GArray) parse = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint k = 0; ok && k < todo->len; k++) {
    guint i = g_array_index (todo, guint, k);
    const char *problem = fr_inputs_problem (in, i);
    if (problem)
      ok = record_problem (&run, fr_inputs_path (in, i), problem, &error);
    else
      g_array_append_val (parse, i);
  }

  gboolean sandbox = parse->len > 0 && fr_sandbox_wanted (no_sandbox);
  FrPoolConfig cfg = {
    .workers = (guint) jobs,
    .timeout = timeout,
    .max_memory = (guint64) max_memory << 20,
    .max_pages = (guint) max_pages,
    .ocr = ocr_mode,
    .keep_fd = out_fd,
    .sandbox = sandbox,
    .pack_rows = run.db != NULL,
  };
  FrPoolCallbacks cb = { on_record, note, run.progress ? draw_progress : NULL,
                        run.db ? on_idle : NULL, on_end, &run };
  FrPoolStats stats = { 0 };
  run.stats = &stats;
  run.workers = cfg.workers;
  int signalled = 0;
  if (ok)
    ok = fr_pool_run (&cfg, in, parse, &cb, &stats, &signalled, &error);

  if (run.db) {
    /* not closed at the end (a signal, an error): what is committed stays, and the WAL is
     * folded in */
    if (!fr_output_close (run.db, ok ? &error : NULL) && ok)
      ok = FALSE;
  }
  if (out_fd >= 0 && close (out_fd) != 0 && ok) {
    g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot write to %s: %s",
                 out_name, g_strerror (errno));
    ok = FALSE;
  }
  /* after the output is closed: its time (the database's last index and checkpoint) counts */
  print_summary (&run, skipped, &stats, MIN ((guint) jobs, MAX (parse->len, 1)));
  if (signalled) {
    fprintf (stderr, "%s: stopped by signal %d (%s); run again with --resume -o OUT to finish\n",
             g_get_prgname (), signalled, strsignal (signalled));
    signal (signalled, SIG_DFL);
    raise (signalled);
    return FR_EXIT_FAILURE;
  }
  if (!ok) {
    fr_cmd_report_error (NULL, error->message);
    return FR_EXIT_FAILURE;
  }
  return FR_EXIT_OK;
}
