/* main.c — `finrep COMMAND [OPTIONS] FILE…`: a table of subcommands and the dispatch. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "extract", fr_cmd_extract, "write each file's record as JSON" },
  { "text", fr_cmd_text, "write each file's clean text" },
  { "ingest", fr_cmd_ingest, "process many files in parallel into JSON Lines or SQLite" },
  { "show", fr_cmd_show, "show what was extracted from one file, in the terminal or as HTML" },
  { "export", fr_cmd_export, "convert JSON Lines records into SQLite, Excel or CSV tables" },
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
  setlocale (LC_ALL, "");
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
      g_autofree char *prg = g_strdup_printf ("finrep %s", commands[i].name);
      g_set_prgname (prg);
      return commands[i].run (argc - 1, argv + 1);
    }
  }
  fprintf (stderr, "finrep: unknown command '%s'\n\n", argv[1]);
  usage (stderr);
  return FR_EXIT_USAGE;
}
