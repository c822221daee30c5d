/* extract.c — `finrep extract` and `finrep text`: records or clean text, one process. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "finrep.h"

typedef enum { OUT_JSON, OUT_TEXT } OutKind;

static int
run (int argc, char **argv, OutKind kind)
{
  gboolean compact = FALSE;
  int max_pages = 0;
  GOptionEntry entries[] = {
    { "compact", 'c', 0, G_OPTION_ARG_NONE, &compact,
      "One line per record (JSON Lines); the default with more than one FILE", NULL },
    { "max-pages", 0, 0, G_OPTION_ARG_INT, &max_pages,
      "Refuse documents of more than N pages (error code too_large)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE…");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (kind == OUT_JSON) {
    g_option_context_set_summary (ctx,
      "Write the record of each FILE (a PDF or an archived text dump) to standard output as\n"
      "JSON; see RECORD.md for its fields.  A file that cannot be processed still gives a\n"
      "record, with status \"error\" and an error code, and a message on standard error.");
  } else {
    g_option_context_add_main_entries (ctx, entries + 1, NULL);
    g_option_context_set_summary (ctx,
      "Write the clean text of each FILE to standard output: the title, each heading on its\n"
      "own line, each paragraph on one line, a blank line between sections, and tables as\n"
      "blocks of tab-separated rows.  Page numbers and running headers are left out.");
  }
  g_option_context_set_description (ctx,
    "Exit status: 0 all files processed, 1 some file gave an error record,\n"
    "2 usage error, 3 output could not be written.");
  if (!fr_cmd_parse (ctx, &argc, &argv))
    return FR_EXIT_USAGE;
  if (argc < 2) {
    fprintf (stderr, "%s: no FILE given\nTry '%s --help'.\n", g_get_prgname (), g_get_prgname ());
    return FR_EXIT_USAGE;
  }
  if (max_pages < 0) {
    fprintf (stderr, "%s: --max-pages takes a positive number\n", g_get_prgname ());
    return FR_EXIT_USAGE;
  }
  FrOptions opts = { (guint) max_pages };
  int status = FR_EXIT_OK;
  for (int i = 1; i < argc; i++) {
    g_autoptr (FrResult) res = fr_process_file (argv[i], &opts);
    const GError *err = fr_result_error (res);
    if (err) {
      g_autofree char *msg = g_strdup_printf ("%s (%s)", err->message,
                                              fr_error_code_name (fr_error_code_of (err)));
      fr_cmd_report_error (argv[i], msg);
      status = FR_EXIT_INPUT;
    }
    g_autofree char *out = NULL;
    if (kind == OUT_JSON) {
      g_autofree char *s = fr_result_to_record_text (res, !(compact || argc > 2));
      out = g_strconcat (s, "\n", NULL);
    } else {
      out = fr_result_to_text (res);
      if (argc > 2 && i + 1 < argc) {
        char *with_ff = g_strconcat (out, "\f", NULL);
        g_free (out);
        out = with_ff;
      }
    }
    if (!fr_write_all (STDOUT_FILENO, out, strlen (out))) {
      fr_cmd_report_error (NULL, "cannot write to standard output");
      return FR_EXIT_FAILURE;
    }
  }
  return status;
}

int
fr_cmd_extract (int argc, char **argv)
{
  return run (argc, argv, OUT_JSON);
}

int
fr_cmd_text (int argc, char **argv)
{
  return run (argc, argv, OUT_TEXT);
}
