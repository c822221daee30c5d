/* show.c — `finrep show`: what was extracted from one file and where it came from, in the
 * terminal (show-term.c) or as one HTML page over the page images (show-html.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "commands.h"
#include "sandbox.h"
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

typedef struct {
  const char *file;
  gboolean html;
  int page;
  FrShowTermOptions term;
  FrOptions opts;
  gboolean here;   /* parsed in this process, in the sandbox (fr_sandbox_run_here) */
} ShowJob;

/* Parses the file and makes the view: the terminal's text or the HTML page, in out.  Returns
 * the exit status; what went wrong is on stderr. */
static int
show_one (gpointer user, GByteArray *out)
{
  const ShowJob *job = user;
  if (!job->here)   /* (run_here calls it once the file is read) */
    fr_sandbox_test_escape (job->file);
  g_autoptr (FrResult) res = fr_process_file (job->file, &job->opts);
  const GError *err = fr_result_error (res);
  if (err)
    fr_cmd_report_error (job->file, err->message);
  if (job->page > 0 && err == NULL && (guint) job->page > fr_result_pages (res)) {
    g_autofree char *msg = g_strdup_printf ("no page %d: the document has %u", job->page,
                                            fr_result_pages (res));
    fr_cmd_report_error (job->file, msg);
    return FR_EXIT_USAGE;
  }
  if (job->html) {
    g_autoptr (GError) werr = NULL;
    g_autoptr (GString) page = fr_show_html (res, job->file, &werr);
    if (page == NULL) {
      fr_cmd_report_error (job->file, werr->message);
      return FR_EXIT_FAILURE;
    }
    g_byte_array_append (out, (const guint8 *) page->str, (guint) page->len);
  } else {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream (&buf, &len);
    gboolean ok = f && fr_show_term (res, job->file, f, &job->term);
    if (f && fclose (f) != 0)
      ok = FALSE;
    if (ok)
      g_byte_array_append (out, (const guint8 *) buf, (guint) len);
    free (buf);
    if (!ok) {
      fr_cmd_report_error (NULL, "cannot write the view");
      return FR_EXIT_FAILURE;
    }
  }
  /* here, the process ends once the view is written (extract.c, process_one) */
  if (job->here)
    g_steal_pointer (&res);
  return err ? FR_EXIT_INPUT : FR_EXIT_OK;
}

/* What a file whose parse died gives (FrSandboxDied): a message, no view. */
static void
crash_output (gpointer user, const char *death, const char *sha256, gint64 bytes, GByteArray *out,
              GString *said)
{
  const ShowJob *job = user;
  (void) sha256;
  (void) bytes;
  (void) out;
  g_string_append_printf (said, "%s: %s: the parsing process %s while parsing this file (crashed)\n",
                          g_get_prgname (), job->file, death);
}

int
fr_cmd_show (int argc, char **argv)
{
  g_autofree char *html = NULL;
  int page = 0, width = 0;
  gboolean no_sandbox = FALSE;
  g_autofree char *ocr = NULL;
  GOptionEntry entries[] = {
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
      "Write one self-contained HTML page to OUT: page images with boxes, and the record",
      "OUT" },
    { "page", 'p', 0, G_OPTION_ARG_INT, &page,
      "Show page N (from 1): its blocks and changes, each with the rule that made it", "N" },
    { "width", 'w', 0, G_OPTION_ARG_INT, &width,
      "Fit the view in N columns (default 100, or a narrower terminal's width)", "N" },
    FR_CMD_OCR_ENTRY (ocr),
    { "no-sandbox", 0, 0, G_OPTION_ARG_NONE, &no_sandbox,
      "For debugging only: parse in this process, outside the sandbox", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = fr_cmd_options ("FILE", entries,
    "Show what finrep read from FILE (a PDF or an archived text dump) and where it came from:\n"
    "the report fields, the heading outline, the tables, indicators, finance, checks and\n"
    "warnings.  Colours are used only on a terminal, and never when NO_COLOR is set.\n"
    "With --html, write one page that lays boxes over the page images instead: paragraphs,\n"
    "headings, table cells, removed page furniture and rewritten words, each naming its rule.",
    FR_CMD_OCR_HELP
    "FILE is parsed, and the view made, inside the sandbox that finrep ingest's workers use\n"
    "(finrep ingest --help, \"Sandbox\"): the parse may read, not write (but standard output\n"
    "and error), start programs or open sockets.  The terminal's view is made in this\n"
    "process; the HTML page in a child process, and this one writes OUT.  A parse that dies,\n"
    "or that the sandbox stops, is reported with the reason.  --no-sandbox does it all\n"
    "outside the sandbox: for debugging only, never on files from outside.\n"
    "\n"
    "Exit status: 0 the file was processed, 1 it gave an error record,\n"
    "2 usage error, 3 output could not be written.");
  if (!fr_cmd_parse (ctx, &argc, &argv))
    return FR_EXIT_USAGE;
  if (argc != 2)
    return fr_cmd_usage_error (argc < 2 ? "no FILE given" : "show takes one FILE");
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

  ShowJob job = { argv[1], html != NULL, page, { 0 }, { 0 }, FALSE };
  if (!fr_cmd_parse_ocr (ocr, &job.opts.ocr))
    return FR_EXIT_USAGE;
  if (!html) {
    const char *no_color = g_getenv ("NO_COLOR");
    job.term = (FrShowTermOptions) {
      width > 0 ? (guint) width : default_width (),
      isatty (STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0'),
      page,
    };
  }
  gboolean sandbox = fr_sandbox_wanted (no_sandbox);
#ifndef FR_ASAN
  /* The terminal's view: parsed here, in the sandbox, without a child (sandbox.h,
   * fr_sandbox_run_here).  The HTML page still comes from a child: it is written to a file
   * named on the command line, which is not opened before the parse has succeeded. */
  if (sandbox && !html) {
    job.here = TRUE;
    return fr_sandbox_run_here (show_one, &job, crash_output, job.file, &job.opts);
  }
#endif
  g_autoptr (GByteArray) out = NULL;
  int status;
  if (sandbox) {
    fr_sandbox_warm_up ();
    g_autofree char *death = NULL;
    status = fr_sandbox_run_job (show_one, &job, &out, &death);
    if (status < 0) {
      g_autoptr (GString) said = g_string_new (NULL);
      if (status == -2)
        fr_cmd_report_error (NULL, death);
      else
        crash_output (&job, death, NULL, -1, NULL, said);
      fputs (said->str, stderr);
      return status == -2 ? FR_EXIT_FAILURE : FR_EXIT_INPUT;
    }
  } else {
    out = g_byte_array_new ();
    status = show_one (&job, out);
  }
  if (status == FR_EXIT_USAGE || status == FR_EXIT_FAILURE)
    return status;

  if (html) {
    g_autoptr (GError) werr = NULL;
    if (!g_file_set_contents (html, (const char *) out->data, out->len, &werr)) {
      fr_cmd_report_error (html, werr->message);
      return FR_EXIT_FAILURE;
    }
  } else if (!fr_write_all (STDOUT_FILENO, (const char *) out->data, out->len)) {
    fr_cmd_report_error (NULL, "cannot write to standard output");
    return FR_EXIT_FAILURE;
  }
  return status;
}
