/* sandbox-self.c — one file parsed in this process, inside the sandbox (fr_sandbox_run_here,
 * sandbox.h; README, "The one-page extract, eighth round").
 *
 * A command of one file whose output is its standard output (`extract`, `text`, `show` in the
 * terminal) parses in its own process under the worker's filter instead of forking a child:
 * no second process to start, fault in and tear down.  What the child gave must still hold:
 * - a parse that dies still gives its file what a dead child's gave (a `crashed` record, a
 *   message naming the sandbox and the call).  Everything that needs formatting or memory is
 *   made before the parse: the output and the message with two slots, the hash's and the
 *   death's, and the words for each death.  The handler only fills the slots, with
 *   async-signal-safe calls (writev, nanosleep, _exit), from an alternate stack (a stack
 *   overflow is a likely crash of a parser fed a crafted file);
 * - one answer, never two nor half of one: whichever comes first of the answer's write and a
 *   death claims the process (phase), and a death after the answer waits for its end;
 * - nothing written but the output: the filter lets this process write to standard output
 *   and error only, and keeps a file opened to append from being written over (sandbox.c,
 *   FR_SANDBOX_SELF, descriptor_rules), which stands in for RLIMIT_FSIZE 0 where the output
 *   is a file.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "sandbox.h"

#ifndef FR_ASAN

/* What the slots hold while the texts are made: a hash that no file has (it is looked for
 * quoted, as the record holds it, and a JSON string holds no bare quote), and a word no
 * message makes. */
#define SHA_ZEROS "0000000000000000000000000000000000000000000000000000000000000000"
#define SHA_SLOT "\"" SHA_ZEROS "\""
#define DEATH_SLOT "@finrep-death-slot@"

typedef struct {
  char *text;
  gsize len;
  gssize sha_at;     /* where SHA_SLOT is, or -1 */
  gssize death_at;   /* where DEATH_SLOT is (its last one: the path comes first), or -1 */
} Prepared;

static Prepared out_prepared, said_prepared;

/* The deaths a parse may die of, besides a refused call (SIGSYS, the filter's) */
static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGXCPU, SIGXFSZ };
static char *death_words[G_N_ELEMENTS (fatal)];
static char *refused_before, *refused_after;   /* around the refused call's name */

enum { PARSING, WRITING, WRITTEN, DYING };
static int phase = PARSING;
static int answer_status;
/* the file being parsed, for its hash (set in the thread that parses, read only there) */
static const FrSource *volatile source;

static gssize
find_last (const char *text, const char *what)
{
  gssize at = -1;
  for (const char *p = text; (p = strstr (p, what)) != NULL; p++)
    at = p - text;
  return at;
}

static void
prepare (Prepared *p, char *text, gsize len)
{
  p->text = text;
  p->len = len;
  p->sha_at = find_last (text, SHA_SLOT);
  p->death_at = find_last (text, DEATH_SLOT);
}

static void
nap_ms (void)
{
  const struct timespec ms = { 0, 1000000L };
  nanosleep (&ms, NULL);
}

static gboolean
is_hash (const char *s)
{
  for (int i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return s[64] == '\0';
}

static void
piece (struct iovec *iov, int *n, const char *s, gsize len)
{
  if (len > 0)
    iov[(*n)++] = (struct iovec) { (void *) s, len };
}

/* p's text with its slots filled: the hash (quoted, or null) and the death's words (at most
 * four pieces), as at most twelve pieces in iov; returns how many. */
static int
filled (const Prepared *p, const char *sha, const struct iovec *death, int ndeath, struct iovec *iov)
{
  static const char null[] = "null", quote[] = "\"";
  int n = 0;
  gsize at = 0;
  for (int slot = 0; slot < 2; slot++) {
    /* the two slots in the text's order */
    gboolean sha_first = p->death_at < 0 || (p->sha_at >= 0 && p->sha_at < p->death_at);
    gboolean is_sha = (slot == 0) == sha_first;
    gssize where = is_sha ? p->sha_at : p->death_at;
    if (where < 0)
      continue;
    piece (iov, &n, p->text + at, (gsize) where - at);
    if (is_sha && sha) {
      piece (iov, &n, quote, 1);
      piece (iov, &n, sha, 64);
      piece (iov, &n, quote, 1);
    } else if (is_sha) {
      piece (iov, &n, null, 4);
    } else {
      for (int i = 0; i < ndeath; i++)
        iov[n++] = death[i];
    }
    at = (gsize) where + (is_sha ? strlen (SHA_SLOT) : strlen (DEATH_SLOT));
  }
  piece (iov, &n, p->text + at, p->len - at);
  return n;
}

static void
write_iov (int fd, struct iovec *iov, int n)
{
  /* each piece whole: writev may stop short on a pipe */
  for (int i = 0; i < n; i++) {
    const char *b = iov[i].iov_base;
    gsize left = iov[i].iov_len;
    while (left > 0) {
      ssize_t w = write (fd, b, left);
      if (w <= 0)
        return;
      b += w;
      left -= (gsize) w;
    }
  }
}

/* The parse died of sig (call: the system call the filter refused, or -1): say so as the
 * command would have for a dead child, then end.  Async-signal-safe throughout. */
static void G_GNUC_NORETURN
die_here (int sig, int call)
{
  if (!g_atomic_int_compare_and_exchange (&phase, PARSING, DYING)) {
    /* the answer is being written by this very thread (SIGXFSZ: the user's own file size
     * limit), so it cannot be: as a failed write */
    if (g_atomic_int_get (&phase) == WRITING && syscall (SYS_gettid) == getpid ())
      _exit (FR_EXIT_FAILURE);
    /* the answer is being written (a thread aside died meanwhile: let it be whole) or is
     * written; or another thread already says how the parse died, and ends the process */
    for (;;) {
      if (g_atomic_int_get (&phase) == WRITTEN)
        _exit (answer_status);
      nap_ms ();
    }
  }
  /* the hash, being made aside, for the record: in the thread that parses only (the source
   * is its own), for at most 5 s (a thread aside that waits for a lock this one held would
   * never make it: the record then says null) */
  const char *sha = NULL;
  if (syscall (SYS_gettid) == getpid ()) {
    for (int i = 0; i < 5000 && source != NULL; i++) {
      sha = fr_source_sha256_if_made (source);
      if (sha)
        break;
      nap_ms ();
    }
  }
  if (sha && !is_hash (sha))
    sha = NULL;
  struct iovec death[4];
  int ndeath = 0;
  /* (here, not where it is written: the pieces point into it until the end) */
  /* cppcheck-suppress variableScope */
  char number[16];
  if (call >= 0) {
    death[ndeath++] = (struct iovec) { refused_before, strlen (refused_before) };
    const char *name = fr_syscall_name (call);
    if (name) {
      death[ndeath++] = (struct iovec) { (void *) name, strlen (name) };
    } else {
      /* "number N", as fr_sandbox_refused_call says it */
      gsize k = sizeof number;
      unsigned v = (unsigned) call;
      do {
        number[--k] = (char) ('0' + v % 10);
        v /= 10;
      } while (v && k > 0);
      death[ndeath++] = (struct iovec) { (void *) "number ", 7 };
      death[ndeath++] = (struct iovec) { number + k, sizeof number - k };
    }
    death[ndeath++] = (struct iovec) { refused_after, strlen (refused_after) };
  } else {
    const char *words = "died";
    for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
      if (fatal[i] == sig)
        words = death_words[i];
    death[0] = (struct iovec) { (void *) words, strlen (words) };
    ndeath = 1;
  }
  struct iovec iov[12];
  int n = filled (&said_prepared, sha, death, ndeath, iov);
  write_iov (STDERR_FILENO, iov, n);
  n = filled (&out_prepared, sha, death, ndeath, iov);
  write_iov (STDOUT_FILENO, iov, n);
  _exit (FR_EXIT_INPUT);
}

static void
on_fatal (int sig, siginfo_t *si, void *ctx)
{
  (void) si;
  (void) ctx;
  die_here (sig, -1);
}

static void
on_refused (int nr)
{
  die_here (SIGSYS, nr);
}

typedef struct {
  const char *path;
  void (*chained) (const FrSource *src, gpointer data);   /* the caller's own, if any */
  gpointer chained_data;
} Watch;

static void
keep_source (const FrSource *src, gpointer data)
{
  const Watch *w = data;
  source = src;
  /* the test hook, here mid-parse, where a parser taken over would act */
  fr_sandbox_test_escape (w->path);
  if (w->chained)
    w->chained (src, w->chained_data);
}

int
fr_sandbox_run_here (FrSandboxJob job, gpointer user, FrSandboxDied died, const char *path,
                     FrOptions *opts)
{
  /* nothing but the standard streams is kept of what the caller left open (a descriptor it
   * opened to read and write would otherwise stay writable through a shared mapping), as an
   * ingest worker does; this process has opened none of its own yet */
  close_range (3, ~0u, 0);
  /* first, as in a sandboxed child: Poppler's tables are the longest work before the parse */
  fr_work_aside ();

  /* what a death writes, made now */
  struct stat st;
  gint64 bytes = stat (path, &st) == 0 && S_ISREG (st.st_mode) ? (gint64) st.st_size : -1;
  GByteArray *out = g_byte_array_new ();
  GString *said = g_string_new (NULL);
  died (user, DEATH_SLOT, SHA_ZEROS, bytes, out, said);
  gsize out_len = out->len;
  g_byte_array_append (out, (const guint8 *) "", 1);   /* a string, even when empty */
  prepare (&out_prepared, (char *) g_byte_array_free (out, FALSE), out_len);
  gsize said_len = said->len;
  prepare (&said_prepared, g_string_free (said, FALSE), said_len);
  for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
    death_words[i] = fr_sandbox_death_by (fatal[i], NULL);
  char *refused = fr_sandbox_death_by (SIGSYS, "\001");
  char *cut = strchr (refused, '\001');
  *cut = '\0';
  refused_before = refused;
  refused_after = cut + 1;

  /* the handlers, on a stack of their own in this thread (the parse's) */
  const gsize alt_size = (gsize) 256 << 10;
  stack_t alt = { .ss_sp = g_malloc (alt_size), .ss_size = alt_size, .ss_flags = 0 };
  sigaltstack (&alt, NULL);
  struct sigaction sa = { 0 };
  sa.sa_sigaction = on_fatal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigfillset (&sa.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
    sigaction (fatal[i], &sa, NULL);
  fr_sandbox_on_refused (on_refused);

  static Watch watch;
  watch = (Watch) { path, opts->on_source, opts->on_source_data };
  opts->on_source = keep_source;
  opts->on_source_data = &watch;

  g_autoptr (GError) error = NULL;
  if (!fr_sandbox_enter (FR_SANDBOX_SELF, -1, &error)) {
    fr_cmd_report_error (NULL, error->message);
    return FR_EXIT_FAILURE;
  }
  GByteArray *answer = g_byte_array_new ();
  int status = job (user, answer);
  answer_status = status;
  if (!g_atomic_int_compare_and_exchange (&phase, PARSING, WRITING)) {
    /* a thread aside died as the parse ended, and says so: its handler ends the process */
    for (;;)
      pause ();
  }
  gboolean ok = fr_write_all (STDOUT_FILENO, (const char *) answer->data, answer->len);
  g_atomic_int_set (&phase, WRITTEN);
  if (!ok) {
    fr_cmd_report_error (NULL, "cannot write to standard output");
    return FR_EXIT_FAILURE;
  }
  /* (the answer and whatever the job kept are not freed: the process ends now, by _exit) */
  return status;
}

#else /* FR_ASAN */

int
fr_sandbox_run_here (FrSandboxJob job, gpointer user, FrSandboxDied died, const char *path,
                     FrOptions *opts)
{
  g_assert_not_reached ();
}

#endif
