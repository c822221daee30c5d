/* main.c — `finrep COMMAND [OPTIONS] FILE…`: a table of subcommands and the dispatch. */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "sandbox.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
  /* TRUE: the process ends with _exit once its output is flushed.  These commands write with
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
      if (commands[i].quick_end) {
        fflush (NULL);
        _exit (status);
      }
#endif
      return status;
    }
  }
  fprintf (stderr, "finrep: unknown command '%s'\n\n", argv[1]);
  usage (stderr);
  return FR_EXIT_USAGE;
}
