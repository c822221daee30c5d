/* extract.c — `finrep extract` and `finrep text`: records or clean text.  One file is parsed
 * in this process inside the sandbox (sandbox.h, fr_sandbox_run_here); of several, each in a
 * sandboxed child that sends its output back, and this process writes. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "finrep.h"
#include "ingest.h"
#include "sandbox.h"

typedef enum { OUT_JSON, OUT_TEXT } OutKind;

typedef struct {
  const char *path;
  const FrOptions *opts;
  OutKind kind;
  gboolean compact;     /* one line per record */
  gboolean last;        /* no \f after the text */
  gboolean here;        /* parsed in this process, in the sandbox (fr_sandbox_run_here) */
} Job;

/* One file's output; its error, if any, on stderr.  Returns FR_EXIT_OK or FR_EXIT_INPUT. */
static int
process_one (gpointer user, GByteArray *out)
{
  const Job *job = user;
  if (!job->here)   /* (run_here calls it once the file is read) */
    fr_sandbox_test_escape (job->path);
  g_autoptr (FrResult) res = fr_process_file (job->path, job->opts);
  const GError *err = fr_result_error (res);
  int status = FR_EXIT_OK;
  if (err) {
    g_autofree char *msg = g_strdup_printf ("%s (%s)", err->message,
                                            fr_error_code_name (fr_error_code_of (err)));
    fr_cmd_report_error (job->path, msg);
    status = FR_EXIT_INPUT;
  }
  g_autofree char *text = NULL;
  if (job->kind == OUT_JSON) {
    g_autofree char *s = fr_result_to_record_text (res, !job->compact);
    text = g_strconcat (s, "\n", NULL);
  } else {
    text = fr_result_to_text (res);
  }
  g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
  if (job->kind == OUT_TEXT && !job->last)
    g_byte_array_append (out, (const guint8 *) "\f", 1);
  /* here, the process ends once the output is written: freeing the result would only delay
   * the write, and a death meanwhile reads the source's hash (sandbox-self.c) */
  if (job->here)
    g_steal_pointer (&res);
  return status;
}

/* What a file whose parse died gives (FrSandboxDied): its error record, or no text, and the
 * message for stderr. */
static void
crash_output (gpointer user, const char *death, const char *sha256, gint64 bytes, GByteArray *out,
              GString *said)
{
  const Job *job = user;
  g_autofree char *msg = g_strdup_printf ("the parsing process %s while parsing this file", death);
  g_string_append_printf (said, "%s: %s: %s (crashed)\n", g_get_prgname (), job->path, msg);
  if (job->kind == OUT_JSON) {
    g_autofree char *s = fr_error_record_line (job->path, sha256, bytes, FR_ERROR_CRASHED, msg);
    g_byte_array_append (out, (const guint8 *) s, (guint) strlen (s));
    g_byte_array_append (out, (const guint8 *) "\n", 1);
  } else if (!job->last) {
    g_byte_array_append (out, (const guint8 *) "\f", 1);
  }
}

/* The output for a file whose sandboxed child died. */
static int
died (const Job *job, const char *death, GByteArray *out)
{
  gint64 bytes = -1;
  g_autofree char *sha = job->kind == OUT_JSON ? fr_file_sha256 (job->path, &bytes) : NULL;
  g_autoptr (GString) said = g_string_new (NULL);
  crash_output ((gpointer) job, death, sha, bytes, out, said);
  fputs (said->str, stderr);
  return FR_EXIT_INPUT;
}

static int
run (int argc, char **argv, OutKind kind)
{
  gboolean compact = FALSE, no_sandbox = FALSE;
  g_autofree char *ocr = NULL;
  int max_pages = 0;
  GOptionEntry entries[] = {
    { "compact", 'c', 0, G_OPTION_ARG_NONE, &compact,
      "One line per record (JSON Lines); the default with more than one FILE", NULL },
    { "max-pages", 0, 0, G_OPTION_ARG_INT, &max_pages,
      "Refuse documents of more than N pages (error code too_large)", "N" },
    FR_CMD_OCR_ENTRY (ocr),
    { "no-sandbox", 0, 0, G_OPTION_ARG_NONE, &no_sandbox,
      "For debugging only: parse in this process, outside the sandbox", NULL },
    { NULL },
  };
  /* text has no --compact: its entries start after it */
  const char *summary = kind == OUT_JSON
    ? "Write the record of each FILE (a PDF or an archived text dump) to standard output as\n"
      "JSON; see RECORD.md for its fields.  A file that cannot be processed still gives a\n"
      "record, with status \"error\" and an error code, and a message on standard error."
    : "Write the clean text of each FILE to standard output: the title, each heading on its\n"
      "own line, each paragraph on one line, a blank line between sections, and tables as\n"
      "blocks of tab-separated rows.  Page numbers and running headers are left out.";
  g_autoptr (GOptionContext) ctx = fr_cmd_options ("FILE…", kind == OUT_JSON ? entries : entries + 1, summary,
    FR_CMD_OCR_HELP
    "Files are parsed inside the sandbox that finrep ingest's workers use (finrep ingest\n"
    "--help, \"Sandbox\"): the parse may read, not write (but this command's standard output\n"
    "and error), start programs or open sockets.  One FILE is parsed in this process, several\n"
    "each in a child process.  A parse that dies, or that the sandbox stops, gives its file\n"
    "the error code crashed, and the next FILE is done.  --no-sandbox parses outside it, in\n"
    "this process: for debugging only, never on files from outside.\n"
    "\n"
    "Exit status: 0 all files processed, 1 some file gave an error record,\n"
    "2 usage error, 3 output could not be written.");
  if (!fr_cmd_parse (ctx, &argc, &argv))
    return FR_EXIT_USAGE;
  if (argc < 2)
    return fr_cmd_usage_error ("no FILE given");
  if (max_pages < 0) {
    fprintf (stderr, "%s: --max-pages takes a positive number\n", g_get_prgname ());
    return FR_EXIT_USAGE;
  }
  FrOptions opts = { .max_pages = (guint) max_pages };
  if (!fr_cmd_parse_ocr (ocr, &opts.ocr))
    return FR_EXIT_USAGE;
  gboolean sandbox = fr_sandbox_wanted (no_sandbox);
  /* once here, inherited by every child: what parsing always needs, loaded before the filter.
   * One file's child loads it as it goes, under the filter (which lets it read): the warm-up
   * would do that work once more over a file of its own. */
  if (sandbox && argc > 2)
    fr_sandbox_warm_up ();
#ifndef FR_ASAN
  /* One file: parsed here, in the sandbox, without a child (sandbox.h, fr_sandbox_run_here).
   * Not under AddressSanitizer, whose own handlers and leak check at exit want the child. */
  if (sandbox && argc == 2) {
    Job job = { argv[1], &opts, kind, compact, TRUE, TRUE };
    return fr_sandbox_run_here (process_one, &job, crash_output, job.path, &opts);
  }
#endif
  int status = FR_EXIT_OK;
  for (int i = 1; i < argc; i++) {
    Job job = { argv[i], &opts, kind, compact || argc > 2, i + 1 == argc || argc <= 2, FALSE };
    g_autoptr (GByteArray) out = NULL;
    int st;
    if (sandbox) {
      g_autofree char *death = NULL;
      st = fr_sandbox_run_job (process_one, &job, &out, &death);
      if (st == -2) {
        fr_cmd_report_error (NULL, death);
        return FR_EXIT_FAILURE;
      }
      if (st < 0) {
        out = g_byte_array_new ();
        st = died (&job, death, out);
      }
    } else {
      out = g_byte_array_new ();
      st = process_one (&job, out);
    }
    status = MAX (status, st);
    if (!fr_write_all (STDOUT_FILENO, (const char *) out->data, out->len)) {
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
