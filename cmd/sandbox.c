/* sandbox.c — the seccomp-bpf filter of a parsing process (sandbox.h; README, "Sandbox").
 *
 * Poppler and cairo are large C and C++ code bases fed bytes from anywhere.  A parser that a
 * crafted file takes over runs with the user's rights; the filter leaves it what parsing needs
 * (reading, memory, time, its pipe to the parent) and nothing with an effect outside the
 * process: no exec, no sockets, no ptrace, no file opened for writing or created, no owner or
 * mode changed.  The list was taken from strace -f of finrep ingest, extract and show --html
 * over real reports, the fixtures and the text dumps.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#ifdef FR_HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#ifdef __linux__
#include <sched.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <ucontext.h>
#endif

#include "syscall-names.h"

/* File descriptors a sandboxed process may hold: standard streams, its channel, the odd
 * library file (a font, a CMap) while it is read. */
#define SANDBOX_NOFILE 64
/* Marks the line that names a refused call: what fr_sandbox_refused_call looks for. */
#define REFUSED_MARK "sandbox: refused system call "

static gboolean active;

gboolean
fr_sandbox_active (void)
{
  return active;
}

/* ---- warming up ------------------------------------------------------------------------ */

/* A one-page PDF with a line of text in a standard font, its cross-reference table right, so
 * that Poppler parses it the way it parses a real report, without complaint. */
static GBytes *
tiny_pdf (void)
{
  static const char *const objects[] = {
    "<</Type/Catalog/Pages 2 0 R>>",
    "<</Type/Pages/Kids[3 0 R]/Count 1>>",
    "<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
    "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
  };
  static const char content[] = "BT /F1 12 Tf 40 150 Td (2022 Report) Tj 0 -20 Td (1. Total 435.94) Tj ET";
  GString *s = g_string_new ("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS (objects) + 1];
  guint n = 0;
  for (; n < G_N_ELEMENTS (objects); n++) {
    offsets[n] = s->len;
    g_string_append_printf (s, "%u 0 obj\n%s\nendobj\n", n + 1, objects[n]);
  }
  offsets[n] = s->len;
  g_string_append_printf (s, "%u 0 obj\n<</Length %zu>>\nstream\n%s\nendstream\nendobj\n", n + 1,
                          strlen (content), content);
  n++;
  gsize xref = s->len;
  g_string_append_printf (s, "xref\n0 %u\n0000000000 65535 f \n", n + 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (s, "trailer\n<</Size %u/Root 1 0 R>>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
  return g_string_free_to_bytes (s);
}

/* The pipeline once over a tiny PDF and a tiny GB18030 dump: PCRE2 compiles the rules,
 * Poppler reads its data files, iconv loads its GB18030 module. */
static void
warm_pipeline (void)
{
  const FrOptions quiet = { .quiet = TRUE };   /* FINREP_DEBUG_* output is the real file's */
  g_autoptr (GBytes) pdf = tiny_pdf ();
  g_autoptr (FrResult) res = fr_process_source (fr_source_new_from_bytes ("warm-up.pdf", pdf), &quiet);
  g_free (fr_result_to_line (res));
  /* 一、基本情况 2022年, in GB18030 */
  static const char gb[] = "\xd2\xbb\xa1\xa2\xbb\xf9\xb1\xbe\xc7\xe9\xbf\xf6 2022\xc4\xea\n";
  g_autoptr (GBytes) text = g_bytes_new_static (gb, sizeof gb - 1);
  g_autoptr (FrResult) tres = fr_process_source (fr_source_new_from_bytes ("warm-up.txt", text), &quiet);
  g_free (fr_result_to_line (tres));
}

/* Refused calls fail softly (sandbox.h, fr_sandbox_load_fonts) only where the handler can set
 * the call's result. */
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#define SOFT_REFUSALS 1
#else
#define SOFT_REFUSALS 0
#endif

/* fontconfig, which drawing text needs (finrep show's page images; a render of a page whose
 * copy keeps a font; OCR's render of a drawn page): on first use it reads its configuration
 * and caches, and writes a stale or missing cache anew, which the filter refuses.  Where a
 * refusal can fail softly, fontconfig is set up when a page is first drawn
 * (fr_sandbox_load_fonts), not here: it is 25 M instructions, more than the rest of a one-page
 * extract's warm-up, and most files draw nothing. */
static void
warm_fonts (void)
{
  if (!SOFT_REFUSALS)
    FcInit ();
}

/* What a parsing process loads before it enters the sandbox, in order.  Whatever a route
 * needs that it could not load under the filter (a cache it would write, a helper it would
 * start) is loaded here.  Tesseract's engines are not: a worker that meets no scan should
 * not hold their 80 MiB, and they load under the filter (reading is allowed; ocr.c keeps
 * their messages from opening a file); nor are poppler-glib and cairo (extract/pdflib.h), and
 * fontconfig with them (fr_sandbox_load_fonts). */
static const struct {
  const char *what;
  void (*load) (void);
} warm_ups[] = {
  { "the rules, Poppler's data and iconv's GB18030 module", warm_pipeline },
  { "fontconfig's configuration and caches, where refusals cannot fail softly", warm_fonts },
};

void
fr_sandbox_warm_up (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (warm_ups); i++)
    warm_ups[i].load ();
}

/* Set while fontconfig sets itself up under the filter: a refused call then fails with EACCES
 * instead of stopping the process. */
static volatile sig_atomic_t soft_refusals;

void
fr_sandbox_load_fonts (void)
{
  soft_refusals = active && SOFT_REFUSALS;
  FcInit ();
  soft_refusals = 0;
}

/* ---- the filter ------------------------------------------------------------------------ */

#ifdef __linux__

static gsize
append (char *buf, gsize at, gsize size, const char *s)
{
  while (*s && at + 1 < size)
    buf[at++] = *s++;
  return at;
}

static const char *const syscall_names[] = { FR_SYSCALL_NAMES };

const char *
fr_syscall_name (int nr)
{
  return nr >= 0 && (gsize) nr < G_N_ELEMENTS (syscall_names) ? syscall_names[nr] : NULL;
}

/* Where a refused call goes instead of the death below (fr_sandbox_on_refused). */
static void (*refused_hook) (int nr);

void
fr_sandbox_on_refused (void (*hook) (int nr))
{
  refused_hook = hook;
}

/* SIGSYS from the filter: give the call's number, then die of SIGSYS.  Only async-signal-safe
 * calls, each of them allowed by the filter.  The parent, which reads this, names the call
 * (fr_sandbox_refused_call): looking up names here would cost every worker the table. */
static void
on_sigsys (int sig, siginfo_t *si, void *ctx)
{
#if SOFT_REFUSALS
  /* fontconfig setting itself up (fr_sandbox_load_fonts): the call was not made; it returns
   * -EACCES, as it would on a cache folder the user cannot write */
  if (soft_refusals) {
    ucontext_t *uc = ctx;
#if defined(__x86_64__)
    uc->uc_mcontext.gregs[REG_RAX] = -EACCES;
#else
    uc->uc_mcontext.regs[0] = (unsigned long long) -EACCES;
#endif
    return;
  }
#endif
  if (refused_hook)
    refused_hook (si->si_syscall);
  char line[160], num[16];
  int nr = si->si_syscall;
  gsize k = sizeof num - 1;
  num[k] = '\0';
  unsigned v = nr < 0 ? 0u : (unsigned) nr;
  do {
    num[--k] = (char) ('0' + v % 10);
    v /= 10;
  } while (v && k > 0);
  gsize n = append (line, 0, sizeof line, "finrep: " REFUSED_MARK "#");
  n = append (line, n, sizeof line, num + k);
  n = append (line, n, sizeof line, "\n");
  if (write (STDERR_FILENO, line, n) < 0) {
    /* nothing more to be done */
  }
  struct sigaction sa = { 0 };
  sa.sa_handler = SIG_DFL;
  sigaction (SIGSYS, &sa, NULL);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGSYS);
  sigprocmask (SIG_UNBLOCK, &set, NULL);
  raise (SIGSYS);
  /* raise returns when the signal could not be sent: the call must still not go on */
  /* cppcheck-suppress unreachableCode */
  _exit (128 + SIGSYS);
}

gboolean
fr_sandbox_probe (char **why)
{
  /* valgrind runs its own system calls in the client's process, so the filter would refuse
   * them too (its log is written to a descriptor of its own), and valgrind 3.19 does not
   * know seccomp(2) at all */
  if (RUNNING_ON_VALGRIND) {
    *why = g_strdup ("valgrind cannot run a seccomp filter (its own system calls would be filtered)");
    return FALSE;
  }
  /* EINVAL: a kernel built without CONFIG_SECCOMP(_FILTER) */
  if (prctl (PR_GET_SECCOMP, 0, 0, 0, 0) < 0) {
    *why = g_strdup_printf ("this kernel has no seccomp (%s)", g_strerror (errno));
    return FALSE;
  }
  if (seccomp_api_get () < 1) {
    *why = g_strdup ("this kernel's seccomp takes no filters");
    return FALSE;
  }
  return TRUE;
}

#define ALLOW(ctx, name, ...) \
  seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (name), __VA_ARGS__)
/* argument n equals v (libseccomp's SCMP_An leave the second datum out, which warns) */
#define ARG_EQ(n, v) SCMP_CMP (n, SCMP_CMP_EQ, (scmp_datum_t) (v), 0)

/* Calls allowed whatever their arguments.  Reading (files already open, or opened read-only:
 * see the open rules), file metadata, memory, threads' own bookkeeping, signals of the
 * process itself, time, and the queries glibc, GLib, Poppler, cairo and fontconfig make. */
static const char *const allowed[] = {
  "read", "readv", "pread64", "preadv", "preadv2", "lseek", "close",
  "fstat", "newfstatat", "stat", "lstat", "statx", "statfs", "fstatfs",
  "access", "faccessat", "faccessat2", "getdents64", "getdents", "readlink", "readlinkat",
  "getcwd", "fadvise64", "dup", "dup2", "dup3",
  "brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "mincore",
  "futex", "set_robust_list", "get_robust_list", "rseq", "set_tid_address", "sched_yield",
  "sched_getaffinity", "membarrier",
  "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep",
  "getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid", "getresuid",
  "getresgid", "getgroups",
  "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack",
  "poll", "ppoll", "pause", "rt_sigsuspend", "rt_sigtimedwait",
  /* GLib asks whether standard error is the journal's socket before it logs */
  "getsockname", "getpeername",
  "getrandom", "uname", "sysinfo", "getrusage", "getrlimit",
  "exit", "exit_group", "restart_syscall",
};

/* Calls of the list above with which, in a process that parses with its own standard output
 * open (FR_SANDBOX_SELF), which may be the user's file opened to append (`>> all.jsonl`), a
 * parser taken over could write over what the file held before: a copy of the descriptor
 * (dup, F_DUPFD) whose status flags it then changes (F_SETFL, dropping O_APPEND) before it
 * moves the offset (lseek).  There a copy is made of standard error (dup) or onto it (dup2,
 * dup3: the OCR route points it at /dev/null while Tesseract works, and back: extract/ocr.c)
 * only, and no status flag is changed (nothing of the parse does), so O_APPEND stays.  Compared as the whole 64-bit argument, which
 * the kernel cuts to 32 bits: only 2 itself passes.  Not covered: a standard output opened
 * for reading and writing (`1<> FILE`, which the shell does not truncate), which a shared
 * mapping or lseek could still write anywhere in. */
static const char *const copying_descriptors[] = { "dup", "dup2", "dup3" };

static gboolean
copies_descriptors (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (copying_descriptors); i++)
    if (strcmp (name, copying_descriptors[i]) == 0)
      return TRUE;
  return FALSE;
}

static int
descriptor_rules (scmp_filter_ctx ctx)
{
  int rc = 0;
  /* dup (2); dup2 and dup3 onto 2 */
  for (guint k = 0; rc == 0 && k < G_N_ELEMENTS (copying_descriptors); k++)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, seccomp_syscall_resolve_name (copying_descriptors[k]), 1,
                           ARG_EQ (k == 0 ? 0 : 1, STDERR_FILENO));
  return rc;
}

static int
add_rules (scmp_filter_ctx ctx, FrSandboxKind kind, int channel)
{
  int rc = 0;
  for (guint i = 0; rc == 0 && i < G_N_ELEMENTS (allowed); i++) {
    if (kind == FR_SANDBOX_SELF && copies_descriptors (allowed[i]))
      continue;   /* descriptor_rules */
    int nr = seccomp_syscall_resolve_name (allowed[i]);
    if (nr != __NR_SCMP_ERROR)
      rc = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, nr, 0);
  }
  if (kind == FR_SANDBOX_SELF)
    rc = rc ? rc : descriptor_rules (ctx);
  /* Opening: read-only.  O_TRUNC counts as writing (Linux truncates even with O_RDONLY);
   * O_TMPFILE needs O_WRONLY or O_RDWR.  openat2 hides its flags in memory the filter cannot
   * read: refused like any other call not listed. */
  const scmp_datum_t writing = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | (O_TMPFILE & ~O_DIRECTORY);
  if (kind == FR_SANDBOX_FUZZER) {
    /* libFuzzer, in the same process, saves new inputs, crash files and reduced inputs */
    static const char *const fuzzer[] = { "open", "openat", "write", "writev", "unlink",
                                          "rename", "mkdir", "ftruncate", "setitimer",
                                          "getitimer" };
    for (guint i = 0; rc == 0 && i < G_N_ELEMENTS (fuzzer); i++)
      rc = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, seccomp_syscall_resolve_name (fuzzer[i]), 0);
  } else {
    rc = rc ? rc : ALLOW (ctx, open, 1, SCMP_A1 (SCMP_CMP_MASKED_EQ, writing, 0));
    rc = rc ? rc : ALLOW (ctx, openat, 1, SCMP_A2 (SCMP_CMP_MASKED_EQ, writing, 0));
    /* Writing: standard output (a worker's: /dev/null or a pipe; FR_SANDBOX_SELF's: the
     * command's own), standard error, the channel. */
    const int fds[] = { STDOUT_FILENO, STDERR_FILENO, channel };
    for (guint i = 0; rc == 0 && i < G_N_ELEMENTS (fds); i++) {
      if (fds[i] < 0)
        continue;
      rc = ALLOW (ctx, write, 1, ARG_EQ (0, (scmp_datum_t) fds[i]));
      rc = rc ? rc : ALLOW (ctx, writev, 1, ARG_EQ (0, (scmp_datum_t) fds[i]));
    }
  }
  /* Signals to itself only: raise (abort, the SIGSYS handler) is tgkill to its own pid. */
  const scmp_datum_t self = (scmp_datum_t) getpid ();
  rc = rc ? rc : ALLOW (ctx, tgkill, 1, ARG_EQ (0, self));
  rc = rc ? rc : ALLOW (ctx, kill, 1, ARG_EQ (0, self));
  /* Threads (a library's worker threads), never a new process: clone with CLONE_THREAD.
   * clone3 keeps its flags in memory; ENOSYS makes glibc fall back to clone. */
  rc = rc ? rc : ALLOW (ctx, clone, 1, SCMP_A0 (SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));
  rc = rc ? rc : seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (clone3), 0);
  /* fcntl: descriptor and status flags, duplicates, locks; not F_SETOWN or F_SETSIG, with
   * which I/O on a descriptor would signal another process, nor leases or notifications */
  static const int fcntls[] = { F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD, F_DUPFD_CLOEXEC,
                                F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW };
  for (guint i = 0; rc == 0 && i < G_N_ELEMENTS (fcntls); i++) {
    gboolean copies = fcntls[i] == F_SETFL || fcntls[i] == F_DUPFD || fcntls[i] == F_DUPFD_CLOEXEC;
    if (!(kind == FR_SANDBOX_SELF && copies))   /* descriptor_rules */
      rc = ALLOW (ctx, fcntl, 1, ARG_EQ (1, (scmp_datum_t) fcntls[i]));
  }
  /* Limits: read only (prlimit64 of itself without a new limit); isatty; a thread's name. */
  rc = rc ? rc : ALLOW (ctx, prlimit64, 2, ARG_EQ (0, 0), ARG_EQ (2, 0));
  rc = rc ? rc : ALLOW (ctx, ioctl, 1, ARG_EQ (1, TCGETS));
  rc = rc ? rc : ALLOW (ctx, ioctl, 1, ARG_EQ (1, TIOCGWINSZ));
  static const int prctls[] = { PR_SET_NAME, PR_GET_NAME, PR_GET_DUMPABLE, PR_GET_SECCOMP };
  for (guint i = 0; rc == 0 && i < G_N_ELEMENTS (prctls); i++)
    rc = ALLOW (ctx, prctl, 1, ARG_EQ (0, (scmp_datum_t) prctls[i]));
#ifdef FR_ASAN
  /* The one opening for a sanitizer: LeakSanitizer's check (at exit; under libFuzzer after
   * an input) stops the world.  It clones a task that shares the memory (CLONE_VM and
   * CLONE_UNTRACED, not a thread, never a fork), which ptrace-attaches to the process, and
   * waits for it.  In a worker that is single-threaded, the only pid it may trace is the
   * worker's own; libFuzzer's threads have pids of their own. */
  const scmp_datum_t tracer = CLONE_VM | CLONE_UNTRACED;
  rc = rc ? rc : ALLOW (ctx, clone, 1, SCMP_A0 (SCMP_CMP_MASKED_EQ, tracer | CLONE_THREAD, tracer));
  if (kind == FR_SANDBOX_FUZZER)
    rc = rc ? rc : ALLOW (ctx, ptrace, 0);
  else
    rc = rc ? rc : ALLOW (ctx, ptrace, 1, ARG_EQ (1, self));
  rc = rc ? rc : ALLOW (ctx, wait4, 0);
  rc = rc ? rc : ALLOW (ctx, prctl, 1, ARG_EQ (0, PR_SET_PTRACER));
  rc = rc ? rc : ALLOW (ctx, prctl, 1, ARG_EQ (0, PR_SET_PDEATHSIG));
#endif
  return rc;
}

/* Is standard output or error a regular file? */
static gboolean
writes_a_file (void)
{
  struct stat st;
  for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++)
    if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
      return TRUE;
  return FALSE;
}

gboolean
fr_sandbox_enter (FrSandboxKind kind, int channel, GError **error)
{
  struct sigaction sa = { 0 };
  sa.sa_sigaction = on_sigsys;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGSYS, &sa, NULL);

  /* no file grows (RLIMIT_FSIZE 0: a write to a regular file is SIGXFSZ), no core file, and
   * few descriptors.  A process that writes its own output (FR_SANDBOX_SELF) keeps the file
   * size where its standard output or error is a regular file (`> out.json`, `2> log`):
   * there the filter alone stops writing, as it lets it write to those two descriptors only,
   * refuses every other way to a file (opening one for writing, pwrite, sendfile…), and keeps
   * a file opened to append from being written over (descriptor_rules). */
  struct rlimit zero = { 0, 0 }, nofile = { SANDBOX_NOFILE, SANDBOX_NOFILE };
  gboolean limited = kind == FR_SANDBOX_WORKER || kind == FR_SANDBOX_SELF;
  if (kind == FR_SANDBOX_WORKER || (kind == FR_SANDBOX_SELF && !writes_a_file ()))
    setrlimit (RLIMIT_FSIZE, &zero);
  setrlimit (RLIMIT_CORE, &zero);
  if (limited)
    setrlimit (RLIMIT_NOFILE, &nofile);

  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                 "cannot enter the sandbox: PR_SET_NO_NEW_PRIVS: %s", g_strerror (errno));
    return FALSE;
  }
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_TRAP);
  if (ctx == NULL) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "cannot enter the sandbox: seccomp_init failed");
    return FALSE;
  }
  /* another architecture's system call numbers (int 0x80 on x86-64) would dodge the list */
  int rc = seccomp_attr_set (ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  /* every thread, should a library have started one */
  rc = rc ? rc : seccomp_attr_set (ctx, SCMP_FLTATR_CTL_TSYNC, 1);
  /* a binary tree of call numbers, not a list: each system call costs a few comparisons */
  rc = rc ? rc : seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  rc = rc ? rc : add_rules (ctx, kind, channel);
  rc = rc ? rc : seccomp_load (ctx);
  seccomp_release (ctx);
  if (rc != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (-rc),
                 "cannot enter the sandbox: the seccomp filter was not loaded: %s", g_strerror (-rc));
    return FALSE;
  }
  active = TRUE;
  /* fontconfig is set up under the filter, when a page is first drawn */
  fr_set_before_drawing (fr_sandbox_load_fonts);
  return TRUE;
}

/* A stack that overflows, as a parser's recursion on a crafted file would (overflow); the
 * depth is unbounded in fact, not to the compiler. */
static volatile int overflow_depth = G_MAXINT;

static int
overflow (int depth)
{
  volatile char frame[4096];
  frame[0] = (char) depth;
  return depth >= overflow_depth ? 0 : overflow (depth + 1) + frame[0];
}

void
fr_sandbox_test_escape (const char *path)
{
  g_autofree char *what = active ? fr_test_action ("FINREP_TEST_SANDBOX_ESCAPE", path) : NULL;
  if (what == NULL)
    return;
  if (strcmp (what, "exec") == 0) {
    execl ("/bin/sh", "sh", "-c", "echo escaped", (char *) NULL);
  } else if (strcmp (what, "socket") == 0) {
    int s = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons (9),
                             .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    if (s >= 0 && connect (s, (struct sockaddr *) &a, sizeof a) == 0)
      close (s);
  } else if (strcmp (what, "write-tmp") == 0) {
    g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "finrep-sandbox-escape", NULL);
    int fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0 && write (fd, "escaped\n", 8) == 8)
      close (fd);
  } else if (strcmp (what, "open-write") == 0) {
    int fd = open (path, O_WRONLY | O_APPEND);
    if (fd >= 0)
      close (fd);
  } else if (strcmp (what, "ptrace") == 0) {
    ptrace (PTRACE_TRACEME, 0, NULL, NULL);
  } else if (strcmp (what, "chmod") == 0) {
    chmod (path, 0777);
  } else if (strcmp (what, "hang") == 0) {
    for (;;)
      pause ();
  } else if (strcmp (what, "unappend") == 0) {
    /* standard output opened to append, written over from its start */
    if (fcntl (STDOUT_FILENO, F_SETFL, 0) == 0 && lseek (STDOUT_FILENO, 0, SEEK_SET) == 0
        && write (STDOUT_FILENO, "escaped\n", 8) == 8)
      fsync (STDOUT_FILENO);
  } else if (strcmp (what, "dup-out") == 0) {
    int fd = dup (STDOUT_FILENO);
    if (fd >= 0)
      close (fd);
  } else if (strcmp (what, "segv") == 0) {
    raise (SIGSEGV);
  } else if (strcmp (what, "abort") == 0) {
    abort ();
  } else if (strcmp (what, "overflow") == 0) {
    overflow (1);
  }
  fprintf (stderr, "finrep: sandbox test: %s was not stopped\n", what);
}

#else /* !__linux__ */

gboolean
fr_sandbox_probe (char **why)
{
  *why = g_strdup ("the sandbox uses Linux's seccomp, which this system does not have");
  return FALSE;
}

gboolean
fr_sandbox_enter (FrSandboxKind kind, int channel, GError **error)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSYS, "no sandbox on this system");
  return FALSE;
}

void
fr_sandbox_test_escape (const char *path)
{
}

#endif

char *
fr_test_action (const char *var, const char *path)
{
  const char *spec = g_getenv (var);
  if (spec == NULL || *spec == '\0')
    return NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_auto (GStrv) items = g_strsplit (spec, ",", -1);
  for (char **it = items; *it; it++) {
    const char *colon = strchr (*it, ':');
    if (colon && strcmp (colon + 1, base) == 0)
      return g_strndup (*it, colon - *it);
  }
  return NULL;
}

/* ---- what a dead process said ---------------------------------------------------------- */

char *
fr_sandbox_refused_call (const char *said)
{
  const char *at = NULL;
  for (const char *p = said; p && (p = strstr (p, REFUSED_MARK "#")) != NULL; p++)
    at = p;
  if (at == NULL)
    return NULL;
  at += strlen (REFUSED_MARK "#");
  if (!g_ascii_isdigit (*at))
    return NULL;
  int nr = (int) g_ascii_strtoll (at, NULL, 10);
#ifdef __linux__
  if (fr_syscall_name (nr))
    return g_strdup (fr_syscall_name (nr));
  char *name = seccomp_syscall_resolve_num_arch (SCMP_ARCH_NATIVE, nr);
  if (name) {
    char *copy = g_strdup (name);
    free (name);
    return copy;
  }
#endif
  return g_strdup_printf ("number %d", nr);
}

char *
fr_sandbox_death_by (int sig, const char *call)
{
  if (call)
    return g_strdup_printf ("was stopped by the sandbox, which refused the system call %s "
                            "(signal %d, %s)", call, sig, strsignal (sig));
  return g_strdup_printf ("died from signal %d (%s)", sig, strsignal (sig));
}

char *
fr_sandbox_death (int status, const char *said)
{
  if (WIFSIGNALED (status) && WTERMSIG (status) == SIGSYS) {
    g_autofree char *call = fr_sandbox_refused_call (said);
    if (call)
      return fr_sandbox_death_by (SIGSYS, call);
  }
  if (WIFSIGNALED (status))
    return fr_sandbox_death_by (WTERMSIG (status), NULL);
  return g_strdup_printf ("exited with status %d without a record", WEXITSTATUS (status));
}
