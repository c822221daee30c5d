/* sandbox.h — the seccomp-bpf sandbox every parsing process enters (README, "Sandbox").
 *
 * A process that parses untrusted bytes first loads what it always needs (fr_sandbox_warm_up),
 * then enters the sandbox (fr_sandbox_enter): from then on it may read files, use memory,
 * tell the time and write to its standard error and its channel to the parent, nothing else.
 * A refused system call kills it with SIGSYS after naming the call on standard error, which
 * goes to the parent; fr_sandbox_refused_call finds that name again in what the process said.  Linux only; elsewhere fr_sandbox_probe says why not.
 */
#pragma once

#include <glib.h>

#include "finrep.h"

G_BEGIN_DECLS

/* An AddressSanitizer build: RLIMIT_AS cannot be used (its shadow memory alone is terabytes of
 * address space), and LeakSanitizer's check at exit needs calls a worker's filter refuses. */
#if defined(__SANITIZE_ADDRESS__)
#define FR_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FR_ASAN 1
#endif
#endif

/* Who enters.  A worker gets the filter the README describes and the limits.  A fuzz target
 * under the plain driver gets the same filter without the limits (its output may be a file);
 * under libFuzzer, which shares the process, the filter also lets the engine and the
 * sanitizer runtimes do what they need (write the corpus and crash files, time inputs, stop
 * the world for LeakSanitizer). */
typedef enum {
  FR_SANDBOX_WORKER,
  FR_SANDBOX_DRIVER,
  FR_SANDBOX_FUZZER,
  /* a one-file command parsing in its own process (fr_sandbox_run_here): the worker's filter
   * and limits, but it writes its own standard output, which may be a file */
  FR_SANDBOX_SELF,
} FrSandboxKind;

/* Can this kernel run the filter?  FALSE with *why set (g_free it) when it cannot: no seccomp
 * in the kernel, or a system without it. */
gboolean fr_sandbox_probe (char **why);

/* Loads, before the filter, what parsing always needs and might not be able to load under it:
 * the compiled rules, Poppler's data, iconv's converters (a tiny built-in PDF and text dump go
 * through the pipeline); fontconfig's configuration and caches only where
 * fr_sandbox_load_fonts cannot do without (sandbox.c, warm_ups). */
void fr_sandbox_warm_up (void);

/* Sets fontconfig up (FcInit): before a process first draws a page (extract.h,
 * fr_set_before_drawing), in or out of the sandbox.  Under the filter, the calls with which
 * fontconfig would write a stale or missing cache are refused softly, failing with EACCES
 * (as on a cache folder the user cannot write) instead of stopping the process; it then reads
 * the fonts' folders itself, and nothing is written.  Only while it runs. */
void fr_sandbox_load_fonts (void);

/* Enters the sandbox for the rest of the process's life: PR_SET_NO_NEW_PRIVS, RLIMIT_FSIZE 0,
 * a small RLIMIT_NOFILE, and the seccomp filter.  write(2) is allowed on standard output and
 * standard error (which the caller points to /dev/null or a pipe to the parent, never to a
 * file) and channel only.  FALSE with error set when the filter could not be loaded; the
 * caller must then not parse. */
gboolean fr_sandbox_enter (FrSandboxKind kind, int channel, GError **error);

/* Has this process entered the sandbox? */
gboolean fr_sandbox_active (void);

/* FINREP_TEST_SANDBOX_ESCAPE=ACTION:NAME,… makes a sandboxed process try a forbidden ACTION
 * (exec, socket, write-tmp, open-write, ptrace, chmod; unappend, dup-out: standard output
 * written over from its start, copied; segv, abort, overflow: a crash, an abort, a stack
 * overflow; hang) on the file whose base name is NAME,
 * so tests can show the sandbox stops it.  Does nothing outside the sandbox. */
void fr_sandbox_test_escape (const char *path);

/* The test hooks' form, VAR=ACTION:NAME,…: the ACTION for the file whose base name is NAME
 * (g_free it), or NULL.  Only finrep's tests set these variables. */
char *fr_test_action (const char *var, const char *path);

/* The system call a sandboxed process was killed for, from what it said on standard error
 * before it died; NULL when it was not killed by the sandbox. */
char *fr_sandbox_refused_call (const char *said);

/* The name of system call nr on this system, or NULL; async-signal-safe. */
const char *fr_syscall_name (int nr);

/* From now on a refused call runs hook (nr) in its signal handler instead of the death
 * described above; hook must not return.  NULL: that death again. */
void fr_sandbox_on_refused (void (*hook) (int nr));

/* How a process ended by signal sig died, in the words of fr_sandbox_death; call: the system
 * call refused (SIGSYS from the filter), NULL for any other death. */
char *fr_sandbox_death_by (int sig, const char *call);

/* How a child that gave no answer ended, to follow "the worker": "was stopped by the sandbox,
 * which refused the system call execve (signal 31, …)", "died from signal 11 (…)" or "exited
 * with status 1 without a record".  status is waitpid's; said is the end of what the child
 * said on standard error (may be NULL). */
char *fr_sandbox_death (int status, const char *said);

/* Should this command parse in the sandbox?  Not with --no-sandbox (no_sandbox), nor where
 * fr_sandbox_probe says it cannot be had, which is said once on stderr. */
gboolean fr_sandbox_wanted (gboolean no_sandbox);

/* Runs job in a forked child inside the sandbox and returns what it produced: the way the
 * one-process commands (extract, text, show) parse.  The child's job fills out (its output,
 * written by the parent) and returns its status (>= 0).  Returns that status and sets *out;
 * when the child died without an answer, returns -1 and sets *death (fr_sandbox_death).  A
 * child that cannot be started is an error: -2 and *death says why.  What the child says on
 * standard error is passed on to this process's. */
typedef int (*FrSandboxJob) (gpointer user, GByteArray *out);
int fr_sandbox_run_job (FrSandboxJob job, gpointer user, GByteArray **out, char **death);

/* What a command writes for a file whose parse died: its standard output's part (out) and
 * standard error's (said), given how it died (death, fr_sandbox_death's words), the file's
 * hash (NULL: not known) and size (-1: not known). */
typedef void (*FrSandboxDied) (gpointer user, const char *death, const char *sha256, gint64 bytes,
                               GByteArray *out, GString *said);

/* Runs job (user) in this process inside the sandbox, and writes its output to standard
 * output: the way a command of one file whose output is standard output parses, without the
 * second process of fr_sandbox_run_job (README, "The one-page extract, eighth round").  The
 * whole process enters the filter (FR_SANDBOX_SELF) once a thread aside is started, and stays
 * in it.  A parse that dies (a refused call, a crash, an abort) never comes back: what died
 * makes for it, prepared before the parse, is written from the signal handler with
 * async-signal-safe calls, and the process ends with FR_EXIT_INPUT.  opts are the job's:
 * opts->on_source is set, so that the record of such a death gets the file's hash, and the
 * test hook (fr_sandbox_test_escape) is called from there, mid-parse.  Returns the job's
 * status once its output is written; FR_EXIT_FAILURE, said on stderr, when the sandbox
 * cannot be entered or the output not written. */
int fr_sandbox_run_here (FrSandboxJob job, gpointer user, FrSandboxDied died, const char *path,
                         FrOptions *opts);

G_END_DECLS
