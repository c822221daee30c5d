/* sandbox-job.c — one job in a sandboxed child (fr_sandbox_run_job, sandbox.h): how `finrep
 * extract`, `text` and `show` parse, as an ingest worker does. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "sandbox.h"

/* ---- one job in a sandboxed child ------------------------------------------------------ */

typedef struct {
  gint32 status;
  guint32 len;
} JobHeader;

static gboolean
read_all (int fd, GByteArray *into)
{
  guint8 buf[65536];
  for (;;) {
    ssize_t n = read (fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return FALSE;
    if (n == 0)
      return TRUE;
    g_byte_array_append (into, buf, (guint) n);
  }
}

int
fr_sandbox_run_job (FrSandboxJob job, gpointer user, GByteArray **out, char **death)
{
  int p[2];
  *out = NULL;
  *death = NULL;
  if (pipe2 (p, O_CLOEXEC) != 0) {
    *death = g_strdup_printf ("cannot start a sandboxed process: %s", g_strerror (errno));
    return -2;
  }
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0) {
    *death = g_strdup_printf ("cannot start a sandboxed process: %s", g_strerror (errno));
    close (p[0]);
    close (p[1]);
    return -2;
  }
  if (pid == 0) {
    close (p[0]);
    /* what a library prints must not reach the parent's output */
    int null = open ("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
      dup2 (null, STDOUT_FILENO);
      close (null);
    }
    g_autoptr (GError) error = NULL;
    if (!fr_sandbox_enter (FR_SANDBOX_WORKER, p[1], p[1], &error)) {
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
    /* exit, not _exit: library destructors run and leak checkers see a clean end */
    exit (ok ? 0 : FR_EXIT_FAILURE);
  }
  close (p[1]);
  g_autoptr (GByteArray) got = g_byte_array_new ();
  gboolean read_ok = read_all (p[0], got);
  close (p[0]);
  int status = 0;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  JobHeader h;
  if (read_ok && WIFEXITED (status) && WEXITSTATUS (status) == 0 && got->len >= sizeof h) {
    memcpy (&h, got->data, sizeof h);
    if (h.status >= 0 && got->len == sizeof h + h.len) {
      g_byte_array_remove_range (got, 0, sizeof h);
      *out = g_steal_pointer (&got);
      return h.status;
    }
  }
  g_byte_array_append (got, (const guint8 *) "", 1);
  *death = fr_sandbox_death (status, (const char *) got->data);
  return -1;
}
