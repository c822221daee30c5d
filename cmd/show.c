/* show.c — `finrep show`: what was extracted from one file and where it came from, in the
 * terminal (show-term.c) or as one HTML page over the page images (show-html.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "commands.h"
#include "show.h"

/* The terminal's width when it is narrower than the view's usual 100 columns. */
static guint
default_width (void)
{
  guint width = 100;
  struct winsize ws;
  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    width = MIN (width, MAX (ws.ws_col, 40u));
  return width;
}

int
fr_cmd_show (int argc, char **argv)
{
  g_autofree char *html = NULL;
  int page = 0, width = 0;
  GOptionEntry entries[] = {
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
      "Write one self-contained HTML page to OUT: page images with boxes, and the record",
      "OUT" },
    { "page", 'p', 0, G_OPTION_ARG_INT, &page,
      "Show page N (from 1): its blocks and changes, each with the rule that made it", "N" },
    { "width", 'w', 0, G_OPTION_ARG_INT, &width,
      "Fit the view in N columns (default 100, or a narrower terminal's width)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx,
    "Show what finrep read from FILE (a PDF or an archived text dump) and where it came from:\n"
    "the report fields, the heading outline, the tables, indicators, finance, checks and\n"
    "warnings.  Colours are used only on a terminal, and never when NO_COLOR is set.\n"
    "With --html, write one page that lays boxes over the page images instead: paragraphs,\n"
    "headings, table cells, removed page furniture and rewritten words, each naming its rule.");
  g_option_context_set_description (ctx,
    "Exit status: 0 the file was processed, 1 it gave an error record,\n"
    "2 usage error, 3 output could not be written.");
  if (!fr_cmd_parse (ctx, &argc, &argv))
    return FR_EXIT_USAGE;
  if (argc != 2) {
    fprintf (stderr, "%s: %s\nTry '%s --help'.\n", g_get_prgname (),
             argc < 2 ? "no FILE given" : "show takes one FILE", g_get_prgname ());
    return FR_EXIT_USAGE;
  }
  if (page < 0 || width < 0 || (width > 0 && width < 40)) {
    fprintf (stderr, "%s: %s\n", g_get_prgname (),
             page < 0 ? "--page takes a page number from 1" : "--width takes 40 columns or more");
    return FR_EXIT_USAGE;
  }
  if (html && page) {
    fprintf (stderr, "%s: --page is for the terminal view; the HTML page shows every page\n",
             g_get_prgname ());
    return FR_EXIT_USAGE;
  }

  const char *file = argv[1];
  FrOptions fo = { 0 };
  g_autoptr (FrResult) res = fr_process_file (file, &fo);
  const GError *err = fr_result_error (res);
  if (err)
    fr_cmd_report_error (file, err->message);
  if (page > 0 && err == NULL && (guint) page > fr_result_pages (res)) {
    g_autofree char *msg = g_strdup_printf ("no page %d: the document has %u", page,
                                            fr_result_pages (res));
    fr_cmd_report_error (file, msg);
    return FR_EXIT_USAGE;
  }

  if (html) {
    g_autoptr (GError) werr = NULL;
    if (!fr_show_html (res, file, html, &werr)) {
      fr_cmd_report_error (html, werr->message);
      return FR_EXIT_FAILURE;
    }
  } else {
    const char *no_color = g_getenv ("NO_COLOR");
    FrShowTermOptions to = {
      width > 0 ? (guint) width : default_width (),
      isatty (STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0'),
      page,
    };
    if (!fr_show_term (res, file, stdout, &to) || fflush (stdout) != 0) {
      fr_cmd_report_error (NULL, "cannot write to standard output");
      return FR_EXIT_FAILURE;
    }
  }
  return err ? FR_EXIT_INPUT : FR_EXIT_OK;
}
