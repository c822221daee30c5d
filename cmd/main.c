/* main.c — `finrep COMMAND [OPTIONS] FILE…`: a table of subcommands and the dispatch. */
#define _GNU_SOURCE   /* clone, close_range, SCHED_IDLE */
#include <locale.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "commands.h"
#include "sandbox.h"

/* Asked of valgrind's header wherever it is installed (FR_ASK_VALGRIND, cmd/meson.build), not
 * only where FR_HAVE_VALGRIND_H says so: the builds that count instructions with callgrind
 * leave that out so that PCRE2's JIT runs as it does natively, and valgrind must still be
 * spared end_now's task. */
#ifdef FR_ASK_VALGRIND
#include <valgrind/valgrind.h>
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
  /* TRUE: the process ends with _exit once its output is flushed (end_now, below, which also
   * leaves its memory's unmapping until after the end).  These commands write with
   * write(2) and stdio, and hold nothing that must be closed; the libraries' destructors would
   * only write to pages that the sandboxed child, which may still be ending (sandbox-job.c),
   * shares with this process until then, each write a copy of the page (56 page faults, 0.3 ms
   * of a one-page extract).  Not under AddressSanitizer, whose leak check runs at exit. */
  gboolean quick_end;
} Command;

static const Command commands[] = {
  { "extract", fr_cmd_extract, "write each file's record as JSON", TRUE },
  { "text", fr_cmd_text, "write each file's clean text", TRUE },
  { "ingest", fr_cmd_ingest, "process many files in parallel into JSON Lines or SQLite", FALSE },
  { "show", fr_cmd_show, "show what was extracted from one file, in the terminal or as HTML", TRUE },
  { "export", fr_cmd_export, "convert JSON Lines records into SQLite, Excel or CSV tables", FALSE },
};

#ifndef FR_ASAN
/* The stack of the task that holds this process's memory after it ends (end_now); it only
 * makes system calls. */
static char holder_stack[16384] __attribute__ ((aligned (64)));

/* That task: it shares this process's memory (CLONE_VM), so the memory is unmapped when the
 * task ends, not when the process does; it asks to be killed when the process is gone, and
 * runs at idle priority, so that the unmapping gives way to whatever the process's end wakes
 * (the shell, the next command).  Raw system calls only, on its own stack: it shares the
 * memory, not a thread's state. */
static int
hold_memory (void *parent)
{
  struct sched_param idle = { 0 };
  syscall (SYS_sched_setscheduler, 0, SCHED_IDLE, &idle);
  syscall (SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  /* the process ended before the request could take effect */
  if (syscall (SYS_getppid) != (long) (intptr_t) parent)
    syscall (SYS_exit, 0);
  for (;;)
    syscall (SYS_pause);
  return 0;
}

/* Ends the process once its output is written (Command.quick_end).  Unmapping a process of 34
 * libraries takes about 0.3 ms, and the kernel does it before it tells the waiting shell that
 * the process ended; here a task that shares the memory keeps it until the process is gone and
 * then frees it, at idle priority, so that the shell is told at once.  Every descriptor is
 * closed first: the task holds none (a reader of the output sees its end as the process ends),
 * and a file's close is where a late write error would come, as it did from _exit.  Not under
 * valgrind, which runs no task that shares memory without being a thread. */
static void
end_now (int status)
{
  fflush (NULL);
  if (!RUNNING_ON_VALGRIND && close_range (0, ~0u, 0) == 0)
    clone (hold_memory, holder_stack + sizeof holder_stack, CLONE_VM, (void *) (intptr_t) getpid ());
  _exit (status);
}
#endif

static void
usage (FILE *out)
{
  fprintf (out,
           "Usage: finrep COMMAND [OPTIONS] FILE…\n"
           "\n"
           "Turn Chinese government fiscal reports (PDF, or archived text dumps) into clean\n"
           "text and JSON records.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\n"
           "Run 'finrep COMMAND --help' for a command's options.\n"
           "\n"
           "Exit status:\n"
           "  0  success\n"
           "  1  an input could not be processed; its record says why (error.code)\n"
           "  2  the command line is wrong\n"
           "  3  finrep could not do its job (for example, the output cannot be written)\n");
}

int
main (int argc, char **argv)
{
  /* The user's character set (GLib's conversions, what is printed) and language (GLib's and
   * libc's messages); numbers, dates and sorting stay C's, as finrep writes them the same in
   * every locale.  All categories (LC_ALL) would read ten more locale files before the
   * sandboxed child is started, 0.09 ms of a one-page extract. */
  setlocale (LC_CTYPE, "");
  setlocale (LC_MESSAGES, "");
  g_set_prgname ("finrep");
  if (argc < 2) {
    usage (stderr);
    return FR_EXIT_USAGE;
  }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0) {
    usage (stdout);
    return FR_EXIT_OK;
  }
  if (strcmp (argv[1], "--version") == 0) {
    printf ("finrep %s\n", FINREP_VERSION);
    return FR_EXIT_OK;
  }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++) {
    if (strcmp (argv[1], commands[i].name) == 0) {
      {
        /* (GLib keeps a copy: nothing of this is held when the process ends by _exit) */
        g_autofree char *prg = g_strdup_printf ("finrep %s", commands[i].name);
        g_set_prgname (prg);
      }
      int status = commands[i].run (argc - 1, argv + 1);
#ifndef FR_ASAN
      if (commands[i].quick_end)
        end_now (status);
#endif
      return status;
    }
  }
  fprintf (stderr, "finrep: unknown command '%s'\n\n", argv[1]);
  usage (stderr);
  return FR_EXIT_USAGE;
}
