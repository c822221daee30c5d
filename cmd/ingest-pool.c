/* ingest-pool.c — the worker processes of `finrep ingest`.
 *
 * Workers are forked before they are needed and each parses one file at a time: a Poppler
 * segfault, an endless page or a runaway allocation ends one worker, not the batch.  The
 * parent sends a path down a socket and reads back the whole record line; a worker that dies
 * or overruns its time is reaped, the parent writes the error record itself, and a new worker
 * takes its place.  The parent never calls into Poppler.
 *
 * Wire format, both ways over one SOCK_STREAM socket: a job is u32 length + path bytes; a
 * result is a Reply header + the record line + (for a database) the record's rows, packed
 * by output.h's fr_output_pack.
 */
#define _GNU_SOURCE
#include "ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "commands.h"
#include "output.h"
#include "sandbox.h"

/* A worker is replaced after this many files, or once it holds this much memory after a file:
 * whatever outlives a document in a worker (a library's cache, the allocator's fragments)
 * must not add up over a long run, nor push the address space towards --max-memory, which
 * would fail innocent files as too_large. */
#define WORKER_MAX_JOBS 250
#define WORKER_MAX_GROWTH ((gint64) 80 << 20)   /* RSS over that after its first file */
/* Of a job's stderr, the tail kept to tell "out of memory" from any other crash. */
#define ERR_TAIL 2048
/* Lines a worker writes on its stderr as it begins and ends a file.  Its stderr is read apart
 * from its replies, and a worker sent files ahead goes on to the next without waiting: the
 * parent may read the words of a file after its reply, when it counts the worker as on the
 * next file.  The marks tell whose words they are (and whose tail a crash is told by). */
#define ERR_BEGIN "\x1e"
#define ERR_END "\x1f"
/* Files a worker is sent beyond the one it parses, waiting in its socket: it starts the next
 * as soon as it has written a record, without waiting for the parent to read it and answer.
 * The parent may be busy for longer than a file takes to parse: writing another worker's
 * record into a database, with now and then a batch of the full-text index (25-35 ms for
 * 16 records) or a checkpoint's fsync; a worker that waited for it then left its CPU idle.
 * With two files ahead, a worker given small files (5-15 ms each) still ran dry in a batch
 * now and then.  Fewer towards the end (feed): the last ones go to whichever worker is
 * free first, and files sent ahead cannot be taken back from a worker that is behind. */
#define WORKER_AHEAD 4
/* Bytes asked for a worker's socket to hold of its replies (start_worker). */
#define SEND_BUFFER (4 << 20)

typedef struct {
  guint32 len;      /* bytes that follow: the record line, then rows_len of packed rows */
  gint32 code;      /* -1: ok; REPLY_OCR_PAGE: a note, not a reply; else an FrErrorCode */
  guint32 pages;
  guint32 ocr_pages;  /* of pages, those read by OCR */
  /* the worker's memory once the file is done and its caches released, in bytes (0: not
   * known): measured by the worker, since with files sent ahead the parent cannot read its
   * /proc/PID/statm between two files (worker_too_big) */
  gint64 address_space;
  gint64 resident;
  guint32 rows_len;
  guint32 spare;    /* 0: no padding, whose bytes no one sets, goes over the socket */
} Reply;

/* A worker starts to read a page by OCR: a header alone (len 0), which gives the file
 * --timeout seconds from now (ingest.c's --help: the clock restarts at every OCR page). */
#define REPLY_OCR_PAGE (-2)

typedef struct {
  pid_t pid;
  int sock;            /* jobs out, replies in; -1 once closed */
  int err;             /* read end of the worker's stderr; -1 at EOF */
  int job;             /* index into todo, -1 when idle */
  int ahead[WORKER_AHEAD];  /* jobs sent after it, in order */
  guint n_ahead;
  gboolean retiring;   /* to be replaced: given no more jobs, reaped once idle */
  gint64 deadline;     /* monotonic µs; 0 none */
  guint jobs_done;
  gint64 first_rss;    /* bytes resident after its first file; 0 before */
  GByteArray *in;      /* reply being received */
  GString *err_line;   /* a stderr line not yet ended */
  GString *err_tail;   /* the stderr of the file it says it is on, its last ERR_TAIL bytes */
  GArray *sent;        /* every job sent to it, in order (int) */
  guint err_begun;     /* files it said on stderr it began (ERR_BEGIN) */
  gboolean err_in_file;  /* its stderr is within a file: between ERR_BEGIN and ERR_END */
} Worker;

/* The parent's SIGINT/SIGTERM/SIGHUP arrive here and wake poll through the pipe. */
static int signal_pipe[2] = { -1, -1 };
static volatile sig_atomic_t caught_signal;

static void
on_signal (int sig)
{
  int saved = errno;
  caught_signal = sig;
  if (signal_pipe[1] >= 0 && write (signal_pipe[1], "", 1) < 0) {
    /* the pipe is full: poll wakes anyway */
  }
  errno = saved;
}

/* ---- the worker side ------------------------------------------------------------------- */

static gboolean
read_full (int fd, void *buf, gsize len)
{
  guint8 *p = buf;
  while (len > 0) {
    ssize_t n = read (fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    p += n;
    len -= (gsize) n;
  }
  return TRUE;
}

/* FINREP_TEST_FAULT=hang:NAME,crash:NAME,oom:NAME,say:NAME,keep:NAME,rows:NAME makes the worker
 * misbehave on the file whose base name is NAME (say: a line on stderr naming memory, after a
 * second; keep: 96 MiB touched and never freed, as a leak would; rows: its packed rows cut
 * short, as a bug in packing would), so the tests can show what the parent does about it.  Only the worker reads it, and nothing
 * happens without it. */
/* keep's block: volatile, so that the store stays and a leak checker sees it held, not lost */
static char *volatile fault_kept;

/* TRUE: the file's fault is rows: */
static gboolean
test_fault (const char *path)
{
  g_autofree char *what = fr_test_action ("FINREP_TEST_FAULT", path);
  if (what == NULL)
    return FALSE;
  if (strcmp (what, "rows") == 0)
    return TRUE;
  if (strcmp (what, "hang") == 0) {
    for (;;)
      pause ();
  } else if (strcmp (what, "crash") == 0) {
    raise (SIGSEGV);
  } else if (strcmp (what, "say") == 0) {
    g_usleep (G_USEC_PER_SEC);
    fprintf (stderr, "test fault: out of memory, said and survived\n");
  } else if (strcmp (what, "keep") == 0) {
    char *p = g_malloc (96 << 20);
    memset (p, 1, 96 << 20);
    fault_kept = p;
  } else if (strcmp (what, "oom") == 0) {
    /* address space only, never touched: without a limit this just returns */
    GSList *blocks = NULL;
    for (int i = 0; i < 64; i++)
      blocks = g_slist_prepend (blocks, g_malloc (64 << 20));
    g_slist_free_full (blocks, g_free);
  }
  return FALSE;
}

/* The library's note that an OCR page starts, passed on to the parent. */
static void
note_ocr_page (guint page, gpointer data)
{
  Reply r = { 0, REPLY_OCR_PAGE, page, 0, 0, 0, 0, 0 };
  (void) fr_write_all (GPOINTER_TO_INT (data), (const char *) &r, sizeof r);
}

/* This process's address space and resident set (Linux: /proc/self/statm, which the
 * sandbox lets it open, read-only); both 0 elsewhere. */
static void
own_memory (gint64 *address_space, gint64 *resident)
{
  char buf[128];
  *address_space = *resident = 0;
  int fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  ssize_t n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return;
  buf[n] = '\0';
  char *end;
  gint64 page = sysconf (_SC_PAGESIZE);
  *address_space = g_ascii_strtoll (buf, &end, 10) * page;
  *resident = g_ascii_strtoll (end, NULL, 10) * page;
}

static void G_GNUC_NORETURN
worker_main (int sock, const FrPoolConfig *cfg)
{
  FrOptions opts = { .max_pages = cfg->max_pages, .ocr = cfg->ocr,
                     .on_ocr_page = note_ocr_page, .on_ocr_page_data = GINT_TO_POINTER (sock) };
  for (;;) {
    guint32 len;
    if (!read_full (sock, &len, sizeof len))
      break;   /* the parent closed the socket: retire */
    g_autofree char *path = g_malloc (len + 1);
    if (!read_full (sock, path, len))
      break;
    path[len] = '\0';
    /* a line a library left unended is the last file's; then the mark, a line of its own */
    (void) fr_write_all (STDERR_FILENO, "\n" ERR_BEGIN "\n", 3);
    gboolean cut_rows = test_fault (path);
    fr_sandbox_test_escape (path);

    g_autoptr (FrResult) res = fr_process_file (path, &opts);
    const GError *err = fr_result_error (res);
    g_autofree char *line = NULL;
    g_autoptr (GBytes) rows = NULL;
    if (cfg->pack_rows) {
      /* the rows walked here, from the tree the line is printed from, not in the parent
       * from the line parsed again: the parent, which writes every worker's records, is
       * the one that can fall behind */
      struct cJSON *json;
      line = fr_result_to_line_json (res, &json);
      rows = fr_output_pack (json, NULL);   /* NULL: the parent reads the line itself */
      fr_json_free (json);
      if (cut_rows && rows && g_bytes_get_size (rows) > 1) {
        GBytes *cut = g_bytes_new_from_bytes (rows, 0, g_bytes_get_size (rows) / 2);
        g_bytes_unref (rows);
        rows = cut;
      }
    } else {
      line = fr_result_to_line (res);
    }
    gsize n = strlen (line);
    gsize n_rows = rows ? g_bytes_get_size (rows) : 0;
    (void) fr_write_all (STDERR_FILENO, "\n" ERR_END "\n", 3);
    Reply r = { (guint32) (n + n_rows), -1, fr_result_pages (res), fr_result_ocr_pages (res),
                0, 0, (guint32) n_rows, 0 };
    if (err != NULL)
      r.code = (gint32) fr_error_code_of (err);
    g_clear_pointer (&res, fr_result_free);
    /* drawing pages (the tables stage renders them for their ruling lines) leaves caches of
     * some MiB a document; nothing drawn outlives a result, so between files they can go */
    fr_release_caches ();
    own_memory (&r.address_space, &r.resident);
    g_autoptr (GByteArray) msg = g_byte_array_sized_new (sizeof r + n + n_rows);
    g_byte_array_append (msg, (const guint8 *) &r, sizeof r);
    g_byte_array_append (msg, (const guint8 *) line, n);
    if (rows)
      g_byte_array_append (msg, g_bytes_get_data (rows, NULL), n_rows);
    if (!fr_write_all (sock, (const char *) msg->data, msg->len))
      break;   /* the parent is gone */
  }
  close (sock);
  /* exit, not _exit: library destructors run and leak checkers see a clean end; the parent
   * flushed its stdio before forking, so nothing of it is written twice */
  exit (0);
}

/* In the child, right after fork: drop everything of the parent's, then serve jobs. */
static void G_GNUC_NORETURN
worker_start (int sock, int err_w, const FrPoolConfig *cfg, const Worker *all, guint n_all,
              pid_t parent)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
  if (getppid () != parent)
    _exit (0);   /* the parent died before we could ask to follow it */

  signal (SIGINT, SIG_IGN);    /* Ctrl-C goes to the parent, which stops the workers */
  signal (SIGHUP, SIG_IGN);
  signal (SIGTERM, SIG_DFL);
  signal (SIGPIPE, SIG_IGN);
  for (guint i = 0; i < n_all; i++) {
    if (all[i].sock >= 0)
      close (all[i].sock);
    if (all[i].err >= 0)
      close (all[i].err);
  }
  close (signal_pipe[0]);
  close (signal_pipe[1]);
  if (cfg->keep_fd >= 0)
    close (cfg->keep_fd);

  /* Nothing a library prints may land in the JSON Lines on stdout, nor read the list on
   * stdin; stderr goes to the parent, which tells whose it is. */
  int null = open ("/dev/null", O_RDWR);
  dup2 (null, STDIN_FILENO);
  dup2 (null, STDOUT_FILENO);
  dup2 (err_w, STDERR_FILENO);
  if (null > STDERR_FILENO)
    close (null);
  if (err_w > STDERR_FILENO)
    close (err_w);

#ifndef FR_ASAN
  if (cfg->max_memory > 0) {
    struct rlimit rl = { cfg->max_memory, cfg->max_memory };
    if (setrlimit (RLIMIT_AS, &rl) != 0)
      fprintf (stderr, "cannot limit the address space: %s\n", g_strerror (errno));
  }
#endif
  if (cfg->sandbox) {
    /* the worker keeps its standard streams and its socket, as fd 3, and nothing else it may
     * have inherited; then it loads what every file needs (the filter would refuse some of
     * the loading) */
    if (sock != 3) {
      dup2 (sock, 3);
      close (sock);
      sock = 3;
    }
    if (close_range (4, ~0u, 0) != 0) {
      for (int fd = 4; fd < 1024; fd++)
        close (fd);
    }
    fr_sandbox_warm_up ();
    g_autoptr (GError) error = NULL;
    if (!fr_sandbox_enter (FR_SANDBOX_WORKER, sock, &error)) {
      fprintf (stderr, "%s\n", error->message);
      _exit (FR_EXIT_FAILURE);
    }
  }
  worker_main (sock, cfg);
}

/* ---- the parent side ------------------------------------------------------------------- */

typedef struct {
  const FrPoolConfig *cfg;
  const FrInputs *in;
  const GArray *todo;
  const FrPoolCallbacks *cb;
  FrPoolStats *stats;
  Worker *w;           /* cfg->workers slots; pid 0: empty */
  guint n_w;
  pid_t self;
  guint idle_deaths;   /* workers in a row that died before taking a job */
  guint next;          /* the next job never sent */
  GArray *returned;    /* jobs sent ahead to a worker that died before it began them (int) */
  guint done;          /* records emitted */
} Pool;

static guint
jobs_unsent (const Pool *pool)
{
  return pool->returned->len + (pool->todo->len - pool->next);
}

/* A job sent ahead but never begun first, then the next one. */
static int
take_job (Pool *pool)
{
  if (pool->returned->len > 0) {
    int job = g_array_index (pool->returned, int, pool->returned->len - 1);
    g_array_set_size (pool->returned, pool->returned->len - 1);
    return job;
  }
  return (int) pool->next++;
}

static void
give_back (Pool *pool, int job)
{
  g_array_append_val (pool->returned, job);
}

static const char *
job_path (const Pool *pool, const Worker *w)
{
  return fr_inputs_path (pool->in, g_array_index (pool->todo, guint, w->job));
}

static gboolean
start_worker (Pool *pool, Worker *w, GError **error)
{
  int sv[2], ep[2];
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot start a worker: %s",
                 g_strerror (e));
    return FALSE;
  }
  /* Room in the socket for the replies of the files a worker was sent ahead: it finishes
   * them while the parent is busy (a database's index batch or checkpoint), and with the
   * default buffer (about one reply with its rows) it then slept in write(2) until the
   * parent read, its CPU idle whenever the parent was waiting on the disk.  The system caps
   * the size (net.core.wmem_max); a refusal leaves the default. */
  int sndbuf = SEND_BUFFER;
  setsockopt (sv[1], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  if (pipe2 (ep, O_CLOEXEC) != 0) {
    int e = errno;
    close (sv[0]);
    close (sv[1]);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot start a worker: %s",
                 g_strerror (e));
    return FALSE;
  }
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0) {
    int e = errno;
    close (sv[0]);
    close (sv[1]);
    close (ep[0]);
    close (ep[1]);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot start a worker: %s",
                 g_strerror (e));
    return FALSE;
  }
  if (pid == 0) {
    close (sv[0]);
    close (ep[0]);
    worker_start (sv[1], ep[1], pool->cfg, pool->w, pool->n_w, pool->self);
  }
  close (sv[1]);
  close (ep[1]);
  fcntl (ep[0], F_SETFL, fcntl (ep[0], F_GETFL) | O_NONBLOCK);
  fcntl (sv[0], F_SETFL, fcntl (sv[0], F_GETFL) | O_NONBLOCK);
  w->pid = pid;
  w->sock = sv[0];
  w->err = ep[0];
  w->job = -1;
  w->n_ahead = 0;
  w->retiring = FALSE;
  w->deadline = 0;
  w->jobs_done = 0;
  w->first_rss = 0;
  w->in = g_byte_array_new ();
  w->err_line = g_string_new (NULL);
  w->err_tail = g_string_new (NULL);
  w->sent = g_array_new (FALSE, FALSE, sizeof (int));
  w->err_begun = 0;
  w->err_in_file = FALSE;
  pool->stats->workers_started++;
  return TRUE;
}

/* The job the worker's stderr is on, by its marks: -1 between files. */
static int
err_job (const Worker *w)
{
  if (w->err_begun == 0)
    return w->sent->len > 0 ? g_array_index (w->sent, int, 0) : w->job;   /* its start-up */
  if (!w->err_in_file || w->err_begun > w->sent->len)
    return -1;
  return g_array_index (w->sent, int, w->err_begun - 1);
}

/* One complete stderr line of a worker: passed on with the file it was working on. */
static void
worker_said (Pool *pool, Worker *w, const char *text)
{
  if (strcmp (text, ERR_BEGIN) == 0) {
    w->err_begun++;
    w->err_in_file = TRUE;
    g_string_truncate (w->err_tail, 0);
    return;
  }
  if (strcmp (text, ERR_END) == 0) {
    w->err_in_file = FALSE;
    return;
  }
  if (*text == '\0')
    return;
  g_string_append (w->err_tail, text);
  g_string_append_c (w->err_tail, '\n');
  if (w->err_tail->len > ERR_TAIL)
    g_string_erase (w->err_tail, 0, w->err_tail->len - ERR_TAIL);
  int job = err_job (w);
  if (pool->cb->note)
    pool->cb->note (job >= 0 ? fr_inputs_path (pool->in, g_array_index (pool->todo, guint, job))
                             : NULL, text, pool->cb->user);
}

static void
read_stderr (Pool *pool, Worker *w)
{
  char buf[4096];
  for (;;) {
    ssize_t n = read (w->err, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return;   /* EAGAIN: all read for now */
    if (n == 0) {
      close (w->err);
      w->err = -1;
      break;
    }
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] == '\n' || w->err_line->len >= 1000) {
        worker_said (pool, w, w->err_line->str);
        g_string_truncate (w->err_line, 0);
        if (buf[i] == '\n')
          continue;
      }
      g_string_append_c (w->err_line, buf[i]);
    }
  }
  if (w->err_line->len > 0) {
    worker_said (pool, w, w->err_line->str);
    g_string_truncate (w->err_line, 0);
  }
}

/* Reaps a worker that has ended or been killed: its last words first (a worker blocked on a
 * full stderr pipe would never end), then its exit status and peak memory.  *tail, when
 * asked for, gets the job's stderr tail.  The jobs it was sent ahead are given back. */
static int
reap (Pool *pool, Worker *w, char **tail)
{
  if (w->sock >= 0) {
    close (w->sock);
    w->sock = -1;
  }
  if (w->err >= 0) {
    fcntl (w->err, F_SETFL, fcntl (w->err, F_GETFL) & ~O_NONBLOCK);
    read_stderr (pool, w);
  }
  int status = 0;
  struct rusage ru = { 0 };
  while (wait4 (w->pid, &status, 0, &ru) < 0 && errno == EINTR)
    ;
  pool->stats->worker_max_rss = MAX (pool->stats->worker_max_rss, (gint64) ru.ru_maxrss * 1024);
  /* the tail is the job's only when its stderr had got as far as that job (else it is the
   * last file's, or the words after it) */
  if (tail)
    *tail = g_strdup (w->job >= 0 && err_job (w) == w->job ? w->err_tail->str : "");
  g_array_unref (w->sent);
  g_byte_array_unref (w->in);
  g_string_free (w->err_line, TRUE);
  g_string_free (w->err_tail, TRUE);
  /* what it was sent but never began goes to another worker */
  for (guint i = 0; i < w->n_ahead; i++)
    give_back (pool, w->ahead[i]);
  w->n_ahead = 0;
  w->pid = 0;
  w->job = -1;
  w->deadline = 0;
  return status;
}

/* Lets a worker without a job go: the closed socket tells it to exit.  It is reaped once
 * its stderr has ended (or after the last record), not waited for now: its exit (library
 * destructors, a millisecond or two) overlaps the parent's writing of its record. */
static void
let_go (Pool *pool, Worker *w)
{
  close (w->sock);
  w->sock = -1;
  if (w->err < 0)
    reap (pool, w, NULL);
}

static gboolean
emit (Pool *pool, const char *path, const char *line, gsize len, GBytes *rows, int code,
      guint pages, guint ocr_pages, GError **error)
{
  pool->done++;
  FrPoolResult r = { path, line, len, rows, code, pages, ocr_pages, jobs_unsent (pool) == 0,
                     pool->todo->len - pool->done };
  return pool->cb->record (&r, pool->cb->user, error);
}

static gboolean
out_of_memory (const char *tail)
{
  g_autofree char *low = g_ascii_strdown (tail, -1);
  return strstr (low, "failed to allocate") || strstr (low, "out of memory")
         || strstr (low, "bad_alloc") || strstr (low, "cannot allocate memory");
}

/* The record for a file whose worker did not give one: it died, or was killed for time. */
static gboolean
emit_death (Pool *pool, Worker *w, gboolean timed_out, GError **error)
{
  const char *path = job_path (pool, w);
  g_autofree char *tail = NULL;
  int status = reap (pool, w, &tail);
  pool->stats->workers_died++;

  FrErrorCode code;
  g_autofree char *msg = NULL;
  g_autofree char *how = fr_sandbox_death (status, tail);
  if (timed_out) {
    code = FR_ERROR_TIMEOUT;
    msg = g_strdup_printf ("no record after %g s (--timeout %g); the worker was killed",
                           pool->cfg->timeout, pool->cfg->timeout);
  } else if (out_of_memory (tail) && pool->cfg->max_memory > 0) {
    code = FR_ERROR_TOO_LARGE;
    msg = g_strdup_printf ("the worker ran out of memory under --max-memory %" G_GUINT64_FORMAT
                           " MB (RLIMIT_AS) and %s",
                           pool->cfg->max_memory >> 20, how);
  } else {
    code = FR_ERROR_CRASHED;
    msg = g_strdup_printf ("the worker %s while parsing this file", how);
  }
  if (pool->cb->note)
    pool->cb->note (path, msg, pool->cb->user);

  gint64 bytes;
  g_autofree char *sha = fr_file_sha256 (path, &bytes);
  g_autofree char *line = fr_error_record_line (path, sha, bytes, code, msg);
  return emit (pool, path, line, strlen (line), NULL, code, 0, 0, error);
}

/* The worker begins w->job now: its clock starts. */
static void
begin_job (const Pool *pool, Worker *w)
{
  w->deadline = pool->cfg->timeout > 0
    ? g_get_monotonic_time () + (gint64) (pool->cfg->timeout * G_USEC_PER_SEC) : 0;
}

/* Writes a job down the worker's socket: its job when it has none, else one ahead. */
static gboolean
send_job (Pool *pool, Worker *w, int job)
{
  const char *path = fr_inputs_path (pool->in, g_array_index (pool->todo, guint, job));
  guint32 len = (guint32) strlen (path);
  g_autoptr (GByteArray) msg = g_byte_array_sized_new (sizeof len + len);
  g_byte_array_append (msg, (const guint8 *) &len, sizeof len);
  g_byte_array_append (msg, (const guint8 *) path, len);
  /* at most WORKER_AHEAD + 1 short paths wait in the socket: this write does not block for long */
  fcntl (w->sock, F_SETFL, fcntl (w->sock, F_GETFL) & ~O_NONBLOCK);
  gboolean ok = fr_write_all (w->sock, (const char *) msg->data, msg->len);
  fcntl (w->sock, F_SETFL, fcntl (w->sock, F_GETFL) | O_NONBLOCK);
  if (!ok)
    return FALSE;
  g_array_append_val (w->sent, job);
  if (w->job >= 0) {
    w->ahead[w->n_ahead++] = job;
    return TRUE;
  }
  w->job = job;
  begin_job (pool, w);
  return TRUE;
}

/* Sends the worker a job when it has none, and jobs ahead (WORKER_AHEAD): its k-th one while
 * more than k files a worker are left unsent, so that the workers end about together; none
 * to a worker that is to be replaced, nor more than it will do before it is
 * (WORKER_MAX_JOBS).  A worker that cannot take one is seen to at the next poll. */
static void
feed (Pool *pool, Worker *w)
{
  while (w->pid > 0 && !w->retiring && jobs_unsent (pool) > 0
         && (w->job < 0
             || (w->n_ahead < WORKER_AHEAD && jobs_unsent (pool) > pool->n_w * (w->n_ahead + 1)
                 && w->jobs_done + 1 + w->n_ahead < WORKER_MAX_JOBS))) {
    int job = take_job (pool);
    if (!send_job (pool, w, job)) {
      give_back (pool, job);
      return;
    }
  }
}

static int whole_reply (Pool *pool, Worker *w, gboolean eof);

/* Reads what the worker sent.  Returns 1 when a whole reply is first in w->in, 0 for more to
 * come, -1 at end of file (the worker is gone). */
static int
read_reply (Pool *pool, Worker *w)
{
  char buf[65536];
  gboolean eof = FALSE;
  for (;;) {
    ssize_t n = read (w->sock, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      eof = n == 0;
      break;   /* EAGAIN: all there is for now */
    }
    g_byte_array_append (w->in, (const guint8 *) buf, n);
  }
  return whole_reply (pool, w, eof);
}

/* 1 when a whole reply is first in w->in (the notes before it taken out), else 0, or -1
 * at end of file.  A whole reply counts even when the worker died right after sending
 * it; the end of file shows again at the next poll. */
static int
whole_reply (Pool *pool, Worker *w, gboolean eof)
{
  Reply r;
  while (w->in->len >= sizeof r) {
    memcpy (&r, w->in->data, sizeof r);
    if (r.len == 0 && r.code == REPLY_OCR_PAGE) {
      g_byte_array_remove_range (w->in, 0, sizeof r);
      if (w->job >= 0 && w->deadline > 0)
        w->deadline = g_get_monotonic_time () + (gint64) (pool->cfg->timeout * G_USEC_PER_SEC);
      pool->stats->ocr_pages_started++;
      continue;
    }
    if (w->in->len >= sizeof r + r.len)
      return 1;
    break;
  }
  return eof ? -1 : 0;
}

/* After a file: has the worker grown well past what it held after its first one, or used half
 * of its address space?  Its own figures, taken once the file was done (Reply); where they
 * are not known (not Linux), the file count alone replaces workers.  Growth, not size: under
 * a sanitizer or valgrind a worker starts out big. */
static gboolean
worker_too_big (const Pool *pool, Worker *w, const GByteArray *reply)
{
  Reply r;
  memcpy (&r, reply->data, sizeof r);
  if (r.resident <= 0)
    return FALSE;
  if (w->first_rss == 0)
    w->first_rss = r.resident;
  if (r.resident - w->first_rss > WORKER_MAX_GROWTH)
    return TRUE;
#ifdef FR_ASAN
  (void) pool;   /* no RLIMIT_AS there, and its shadow memory alone is terabytes */
  return FALSE;
#else
  return pool->cfg->max_memory > 0 && (guint64) r.address_space > pool->cfg->max_memory / 2;
#endif
}

/* Takes the worker's first whole reply out of w->in (what follows stays: the worker, sent
 * jobs ahead, may have finished the next file too).  The worker goes on to its next job
 * ahead, if any, or is left idle: it can be given its next file before the record is
 * written (emit_reply), and parse while the parent writes. */
static GByteArray *
take_reply (const Pool *pool, Worker *w, int *job)
{
  Reply r;
  memcpy (&r, w->in->data, sizeof r);
  gsize n = sizeof r + r.len;
  GByteArray *reply;
  if (w->in->len == n) {
    reply = w->in;
    w->in = g_byte_array_new ();
  } else {
    reply = g_byte_array_sized_new ((guint) n);
    g_byte_array_append (reply, w->in->data, (guint) n);
    g_byte_array_remove_range (w->in, 0, (guint) n);
  }
  *job = w->job;
  w->jobs_done++;
  w->job = -1;
  w->deadline = 0;
  if (w->n_ahead > 0) {
    w->job = w->ahead[0];
    memmove (w->ahead, w->ahead + 1, --w->n_ahead * sizeof w->ahead[0]);
    begin_job (pool, w);
  }
  return reply;
}

static gboolean
emit_reply (Pool *pool, int job, GByteArray *reply, GError **error)
{
  Reply r;
  memcpy (&r, reply->data, sizeof r);
  const char *line = (const char *) reply->data + sizeof r;
  const char *path = fr_inputs_path (pool->in, g_array_index (pool->todo, guint, job));
  gsize n = r.len - MIN (r.rows_len, r.len);
  if (n == 0 || memchr (line, '\n', n) != NULL) {
    /* cannot happen with a record on one line; never let it break the JSON Lines */
    g_autofree char *s = fr_error_record_line (path, NULL, -1, FR_ERROR_CRASHED,
                                               "the worker sent a malformed record");
    return emit (pool, path, s, strlen (s), NULL, FR_ERROR_CRASHED, 0, 0, error);
  }
  g_autoptr (GBytes) rows = r.rows_len > 0 ? g_bytes_new_static (line + n, r.len - n) : NULL;
  return emit (pool, path, line, n, rows, r.code, r.pages, r.ocr_pages, error);
}

static void
stop_all (Pool *pool)
{
  for (guint i = 0; i < pool->n_w; i++) {
    if (pool->w[i].pid > 0) {
      kill (pool->w[i].pid, SIGKILL);
      pool->w[i].job = -1;
      reap (pool, &pool->w[i], NULL);
    }
  }
}

static void
install_signals (gboolean on)
{
  struct sigaction sa = { 0 };
  sa.sa_handler = on ? on_signal : SIG_DFL;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

gboolean
fr_pool_run (const FrPoolConfig *cfg, const FrInputs *in, const GArray *todo,
             const FrPoolCallbacks *cb, FrPoolStats *stats, int *signalled, GError **error)
{
  Pool pool = { cfg, in, todo, cb, stats, NULL, 0, getpid (), 0, 0, NULL, 0 };
  guint total = todo->len;
  gboolean ok = TRUE;
  *signalled = 0;
  if (total == 0)
    return TRUE;

  if (pipe2 (signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot set up: %s",
                 g_strerror (errno));
    return FALSE;
  }
  caught_signal = 0;
  install_signals (TRUE);
  signal (SIGPIPE, SIG_IGN);   /* a closed stdout or a dead worker is an error, not death */

  pool.returned = g_array_new (FALSE, FALSE, sizeof (int));
  pool.n_w = MAX (1, MIN (cfg->workers, total));
  pool.w = g_new0 (Worker, pool.n_w);
  for (guint i = 0; i < pool.n_w; i++) {
    pool.w[i].sock = pool.w[i].err = -1;
    pool.w[i].job = -1;
  }
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, 2 * pool.n_w + 1);
  g_autofree int *fd_worker = g_new0 (int, 2 * pool.n_w + 1);
  gint64 last_tick = 0;

  while (ok && pool.done < total) {
    /* keep every slot busy while there is work */
    for (guint i = 0; ok && i < pool.n_w && jobs_unsent (&pool) > 0; i++) {
      Worker *w = &pool.w[i];
      if (w->pid > 0 && w->sock < 0)
        continue;   /* let go: its slot is free once it has ended */
      if (w->pid == 0 && !start_worker (&pool, w, error)) {
        /* out of processes: go on with the workers there are, if any */
        gboolean any = FALSE;
        for (guint k = 0; k < pool.n_w; k++)
          any = any || pool.w[k].pid > 0;
        if (any) {
          g_clear_error (error);
          continue;
        }
        ok = FALSE;
        break;
      }
      if (w->job < 0) {
        int job = take_job (&pool);
        if (!send_job (&pool, w, job)) {
          /* it died while idle, so the job never reached it: a fresh worker takes it, unless
           * workers die before they can take any job, which is then this job's fault */
          if (++pool.idle_deaths <= 3) {
            give_back (&pool, job);
            reap (&pool, w, NULL);
            continue;
          }
          w->job = job;
          ok = emit_death (&pool, w, FALSE, error);
          continue;
        }
      }
      feed (&pool, w);
    }
    if (!ok)
      break;

    nfds_t nfds = 0;
    gint64 now = g_get_monotonic_time (), wake = -1;
    fds[nfds] = (struct pollfd) { signal_pipe[0], POLLIN, 0 };
    fd_worker[nfds++] = -1;
    for (guint i = 0; i < pool.n_w; i++) {
      Worker *w = &pool.w[i];
      if (w->pid == 0)
        continue;
      if (w->sock >= 0) {
        fds[nfds] = (struct pollfd) { w->sock, POLLIN, 0 };
        fd_worker[nfds++] = (int) i;
      }
      if (w->err >= 0) {
        fds[nfds] = (struct pollfd) { w->err, POLLIN, 0 };
        fd_worker[nfds++] = (int) i;
      }
      if (w->deadline > 0 && (wake < 0 || w->deadline < wake))
        wake = w->deadline;
    }
    if (cb->tick && (wake < 0 || last_tick + 200000 < wake))
      wake = last_tick + 200000;
    int timeout_ms = wake < 0 ? -1 : (int) CLAMP ((wake - now + 999) / 1000, 0, G_MAXINT);
    /* nothing to read: the parent's own held-back work first, then the wait */
    int n = cb->idle ? poll (fds, nfds, 0) : 0;
    if (n == 0 && cb->idle && !cb->idle (cb->user, error)) {
      ok = FALSE;
      break;
    }
    if (n == 0)
      n = poll (fds, nfds, timeout_ms);
    if (n < 0 && errno != EINTR) {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "poll: %s", g_strerror (errno));
      ok = FALSE;
      break;
    }
    if (caught_signal) {
      /* a worker that died of the same signal is not a crash of its file: no record */
      *signalled = caught_signal;
      ok = FALSE;
      break;
    }

    for (nfds_t k = 1; ok && n > 0 && k < nfds; k++) {
      Worker *w = &pool.w[fd_worker[k]];
      if (fds[k].revents == 0 || w->pid == 0)
        continue;
      if (fds[k].fd == w->err) {
        read_stderr (&pool, w);
        if (w->err < 0 && w->sock < 0)
          reap (&pool, w, NULL);   /* let go, and now ended */
        continue;
      }
      if (fds[k].fd != w->sock)
        continue;
      int got = read_reply (&pool, w);
      while (ok && got == 1) {
        pool.idle_deaths = 0;
        int job;
        g_autoptr (GByteArray) reply = take_reply (&pool, w, &job);
        if (w->jobs_done >= WORKER_MAX_JOBS || worker_too_big (&pool, w, reply))
          w->retiring = TRUE;
        if (w->job < 0 && (w->retiring || jobs_unsent (&pool) == 0))
          let_go (&pool, w);
        else
          feed (&pool, w);   /* (a worker that cannot take one is seen to by the loop's top) */
        ok = emit_reply (&pool, job, reply, error);
        got = w->pid > 0 ? whole_reply (&pool, w, FALSE) : 0;
      }
      if (ok && got < 0) {
        if (w->job >= 0) {
          ok = emit_death (&pool, w, FALSE, error);
        } else {
          reap (&pool, w, NULL);
        }
      }
    }

    now = g_get_monotonic_time ();
    for (guint i = 0; ok && i < pool.n_w; i++) {
      Worker *w = &pool.w[i];
      /* a reply already coming in means the parsing is over: the parent was slow to read
       * it (a slow reader of stdout), and that is no fault of the file */
      if (w->pid > 0 && w->job >= 0 && w->deadline > 0 && now >= w->deadline && w->in->len == 0) {
        kill (w->pid, SIGKILL);
        ok = emit_death (&pool, w, TRUE, error);
      }
    }
    if (cb->tick && now - last_tick >= 200000) {
      cb->tick (cb->user);
      last_tick = now;
    }
  }

  /* the output finished while the workers end, not after */
  if (ok && cb->end)
    ok = cb->end (cb->user, error);
  if (ok) {
    /* every job done: closing the sockets lets the workers end */
    for (guint i = 0; i < pool.n_w; i++)
      if (pool.w[i].pid > 0)
        reap (&pool, &pool.w[i], NULL);
  } else {
    stop_all (&pool);
  }
  install_signals (FALSE);
  close (signal_pipe[0]);
  close (signal_pipe[1]);
  signal_pipe[0] = signal_pipe[1] = -1;
  g_free (pool.w);
  g_array_unref (pool.returned);
  return ok;
}
