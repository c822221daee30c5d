/* sandbox-job.c — one job in a sandboxed child (fr_sandbox_run_job, sandbox.h): how `finrep
 * extract`, `text` and `show` parse, as an ingest worker does. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "sandbox.h"

/* ---- one job in a sandboxed child ------------------------------------------------------ */

gboolean
fr_sandbox_wanted (gboolean no_sandbox)
{
  g_autofree char *why = NULL;
  if (no_sandbox)
    return FALSE;
  if (fr_sandbox_probe (&why))
    return TRUE;
  g_autofree char *msg = g_strdup_printf ("%s: parsing without the sandbox", why);
  fr_cmd_report_error (NULL, msg);
  return FALSE;
}

typedef struct {
  gint32 status;
  guint32 len;
} JobHeader;

/* Is the child's answer all in: its header and the body the header announces, with a status
 * a job gives?  Then nothing the child does after can change the file's output. */
static gboolean
answer_complete (const GByteArray *answer)
{
  JobHeader h;
  if (answer->len < sizeof h)
    return FALSE;
  memcpy (&h, answer->data, sizeof h);
  return h.status >= 0 && answer->len == sizeof h + h.len;
}

/* Passes on what the child said on its standard error to ours, keeping the last 2 KiB in tail;
 * FALSE at its end (or a read error: *ok FALSE). */
static gboolean
read_said (int err, char *buf, gsize size, GString *tail, gboolean *ok)
{
  ssize_t n = read (err, buf, size);
  if (n < 0 && errno == EINTR)
    return TRUE;
  if (n <= 0) {
    *ok = *ok && n == 0;
    return FALSE;
  }
  fr_write_all (STDERR_FILENO, buf, (gsize) n);
  g_string_append_len (tail, buf, n);
  if (tail->len > 2048)
    g_string_erase (tail, 0, (gssize) (tail->len - 2048));
  return TRUE;
}

/* Reads the child's answer (res) and its standard error (err) until both end; what it says
 * is passed on to ours at once, and its last 2 KiB kept in tail.  With early, stops as soon
 * as the answer is complete (*complete TRUE), after passing on what the child had said by
 * then: the child writes what it says before its answer, so that is all of it. */
static gboolean
read_child (int res, int err, GByteArray *answer, GString *tail, gboolean early, gboolean *complete)
{
  struct pollfd fds[2] = { { res, POLLIN, 0 }, { err, POLLIN, 0 } };
  gboolean ok = TRUE;
  char buf[65536];
  *complete = FALSE;
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    if (poll (fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      return FALSE;
    }
    if (fds[1].fd >= 0 && fds[1].revents != 0 && !read_said (fds[1].fd, buf, sizeof buf, tail, &ok))
      fds[1].fd = -1;
    if (fds[0].fd < 0 || fds[0].revents == 0)
      continue;
    ssize_t n = read (fds[0].fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      ok = ok && n == 0;
      fds[0].fd = -1;
      continue;
    }
    g_byte_array_append (answer, (const guint8 *) buf, (guint) n);
    if (early && answer_complete (answer)) {
      struct pollfd said = { err, POLLIN, 0 };
      while (fds[1].fd >= 0 && poll (&said, 1, 0) > 0
             && read_said (err, buf, sizeof buf, tail, &ok))
        ;
      *complete = TRUE;
      return ok;
    }
  }
  return ok;
}

/* A child whose answer was complete, not yet reaped: it is tearing its memory down (a
 * process of 34 libraries, some tenths of a millisecond) while this one writes its output. */
static pid_t unreaped;

static void
reap_unreaped (void)
{
  int status;
  if (unreaped > 0)
    while (waitpid (unreaped, &status, 0) < 0 && errno == EINTR)
      ;
  unreaped = 0;
}

int
fr_sandbox_run_job (FrSandboxJob job, gpointer user, GByteArray **out, char **death)
{
  int p[2], e[2];
  *out = NULL;
  *death = NULL;
  reap_unreaped ();
  if (pipe2 (p, O_CLOEXEC) != 0) {
    *death = g_strdup_printf ("cannot start a sandboxed process: %s", g_strerror (errno));
    return -2;
  }
  if (pipe2 (e, O_CLOEXEC) != 0) {
    *death = g_strdup_printf ("cannot start a sandboxed process: %s", g_strerror (errno));
    close (p[0]);
    close (p[1]);
    return -2;
  }
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0) {
    *death = g_strdup_printf ("cannot start a sandboxed process: %s", g_strerror (errno));
    close (p[0]);
    close (p[1]);
    close (e[0]);
    close (e[1]);
    return -2;
  }
  if (pid == 0) {
    close (p[0]);
    close (e[0]);
    /* what a library prints must not reach the output; what the child says goes through the
     * parent, so that no file of the user's is open for writing in here (RLIMIT_FSIZE 0) */
    int null = open ("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
      dup2 (null, STDOUT_FILENO);
      close (null);
    }
    dup2 (e[1], STDERR_FILENO);
    close (e[1]);
    /* This process parses one file while its parent waits: a CPU is spare.  Poppler's
     * tables and the rules are made aside while this thread builds the filter (they read
     * nothing of the file); the file is hashed there once read.  It starts as soon as
     * anything it could print goes where the child's output goes, here, as Poppler's tables
     * are the longest of the work before the parse (fr_work_aside silences Poppler first).  Not under
     * AddressSanitizer: LeakSanitizer's check at exit attaches to every thread, and the
     * filter lets it trace the process's first only (sandbox.c). */
#ifndef FR_ASAN
    fr_work_aside ();
#endif
    g_autoptr (GError) error = NULL;
    if (!fr_sandbox_enter (FR_SANDBOX_WORKER, p[1], &error)) {
      fr_cmd_report_error (NULL, error->message);
      _exit (FR_EXIT_FAILURE);
    }
    g_autoptr (GByteArray) body = g_byte_array_new ();
    JobHeader h = { job (user, body), body->len };
    g_autoptr (GByteArray) msg = g_byte_array_sized_new (sizeof h + body->len);
    g_byte_array_append (msg, (const guint8 *) &h, sizeof h);
    g_byte_array_append (msg, body->data, body->len);
    gboolean ok = fr_write_all (p[1], (const char *) msg->data, msg->len);
    g_clear_pointer (&body, g_byte_array_unref);
    g_clear_pointer (&msg, g_byte_array_unref);
#ifdef FR_ASAN
    /* exit, not _exit: library destructors run and LeakSanitizer sees a clean end */
    exit (ok ? 0 : FR_EXIT_FAILURE);
#else
    /* The answer is sent, and the parent writes it without waiting for this process to end
     * (it reaps it before its next child): tearing the libraries down (Poppler's GlobalParams
     * alone, 0.7 M instructions) would only keep a CPU busy longer.  Valgrind, the other leak
     * checker, never runs a sandbox (sandbox.c, fr_sandbox_probe). */
    _exit (ok ? 0 : FR_EXIT_FAILURE);
#endif
  }
  close (p[1]);
  close (e[1]);
  g_autoptr (GByteArray) got = g_byte_array_new ();
  g_autoptr (GString) tail = g_string_new (NULL);
  /* The output is written once the child's answer is complete, before the child has ended: a
   * child that dies before its answer is all in still gives its file the crashed record.
   * Under AddressSanitizer the child's exit is waited for, as LeakSanitizer's verdict comes
   * then. */
#ifdef FR_ASAN
  const gboolean early = FALSE;
#else
  const gboolean early = TRUE;
#endif
  gboolean complete = FALSE;
  gboolean read_ok = read_child (p[0], e[0], got, tail, early, &complete);
  close (p[0]);
  close (e[0]);
  int status = 0;
  if (complete && read_ok) {
    unreaped = pid;
  } else {
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
      ;
    complete = read_ok && WIFEXITED (status) && WEXITSTATUS (status) == 0 && answer_complete (got);
  }
  if (complete) {
    JobHeader h;
    memcpy (&h, got->data, sizeof h);
    g_byte_array_remove_range (got, 0, sizeof h);
    *out = g_steal_pointer (&got);
    return h.status;
  }
  *death = fr_sandbox_death (status, tail->str);
  return -1;
}
