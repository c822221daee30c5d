/* export.c — `finrep export`: JSON Lines records into SQLite, an Excel workbook or CSV files
 * (output/output.h).  One bad line costs that line, never the others. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "output.h"

static const char summary_text[] =
  "Convert JSON Lines records (what finrep ingest writes) into tables that SQL, pandas, R\n"
  "and Excel read directly: an SQLite database, an Excel workbook, or one CSV file per\n"
  "table.  The tables, their columns and the views are described in docs/schema.md.";

static const char description_text[] =
  "Formats:\n"
  "  OUT's extension chooses the format: .sqlite, .sqlite3 or .db an SQLite database,\n"
  "  .xlsx an Excel workbook.  --format sqlite|xlsx|csv chooses it whatever the name; csv\n"
  "  needs it, and OUT is then a directory (made when missing).\n"
  "\n"
  "  sqlite  the tables reports, sections, paragraphs, tables, table_cells, indicators,\n"
  "          finance_items, budget_tables, budget_rows, budget_figures, evaluations,\n"
  "          checks and warnings; each table but reports has a report_id.  Views\n"
  "          indicators_with_report, budget_figures_wide and failing_checks, and the\n"
  "          full-text index paragraphs_fts (FTS5, trigram tokenizer: phrases of three\n"
  "          characters or more, letters in their case).  WAL mode, one transaction per\n"
  "          record.  OUT is emptied first; a record whose source.path OUT already holds\n"
  "          (a file ingested again after it changed) replaces that report's rows.\n"
  "  xlsx    one sheet per table, named as the table, the header row frozen and filtered,\n"
  "          numbers as numbers.  The whole record (reports.record) is left out: it\n"
  "          outgrows a cell.  A text longer than Excel's 32,767 characters is cut, and\n"
  "          rows past 1,048,576 in a sheet are left out; both are reported (exit 1).\n"
  "  csv     one TABLE.csv per table in DIR: UTF-8, RFC 4180 quoting, CRLF line ends, the\n"
  "          column names as the first line, an empty field for null.  --bom starts each\n"
  "          file with a byte order mark, for Excel on Windows.\n"
  "\n"
  "Inputs:\n"
  "  Each RECORDS file holds one record per line (- reads standard input); blank lines\n"
  "  are skipped.  A line that is not JSON, or not a record of schema finrep.record/1, is\n"
  "  reported as FILE:LINE with the reason and left out; the other records go through.\n"
  "  A file whose first 10 lines are none of them records is not JSON Lines: it is\n"
  "  reported once and left out.\n"
  "  When several records have the same source.path (ingest --resume appends a new record\n"
  "  for a file that changed), the last one is kept, in every format (for CSV and xlsx,\n"
  "  unless the records come from standard input).\n"
  "\n"
  "Exit status:\n"
  "  0  every line was stored\n"
  "  1  a line or a RECORDS file could not be read or stored (each is reported), or the\n"
  "     workbook had to cut or leave out cells; the rest is in OUT\n"
  "  2  the command line is wrong\n"
  "  3  finrep could not do its job: OUT cannot be made, written, or is in use\n"
  "\n"
  "Examples:\n"
  "  finrep export -o archive.sqlite all.jsonl\n"
  "  finrep export -o archive.xlsx shard-*.jsonl\n"
  "  finrep export --format csv --bom -o tables/ all.jsonl\n"
  "  sqlite3 archive.sqlite 'select organization, year, name, actual from indicators_with_report'";


typedef struct {
  FrOutput *out;
  gboolean quiet;
  guint stored;
  guint bad;               /* lines and files left out */
  guint superseded;        /* records of a path that a later record replaces */
  guint file;              /* the RECORDS file being read, from 0 */
  guint file_good, file_bad;   /* its records stored and lines left out so far */
  gboolean give_up;        /* the file is not JSON Lines at all: read no more of it */
  GPtrArray *pending;      /* messages about a file's first lines, held until a record comes */
  /* CSV and Excel cannot take rows back: the lines whose path has a later record, as
   * file << 40 | line (SQLite replaces a report's rows itself) */
  GHashTable *skip;
  GHashTable *last;        /* while scanning: path → file << 40 | line of its last record */
} Export;

#define LINE_KEY(file, line) GSIZE_TO_POINTER (((guint64) (file) << 40) | (line))

static void
report_bad (Export *ex, const char *where, const char *message)
{
  ex->bad++;
  if (!ex->quiet || ex->bad <= 20)
    fr_cmd_report_error (where, message);
}

/* The held messages about a file's first lines: they were lines of JSON Lines after all. */
static void
flush_pending (Export *ex)
{
  for (guint i = 0; i + 1 < ex->pending->len; i += 2)
    report_bad (ex, ex->pending->pdata[i], ex->pending->pdata[i + 1]);
  g_ptr_array_set_size (ex->pending, 0);
}

static gboolean
scan_line (Export *ex, const char *line, gsize len, guint64 lineno, const char *shown,
           GError **error)
{
  char *path = fr_output_record_path (line, len);
  if (path == NULL)
    return TRUE;
  gpointer had;
  if (g_hash_table_lookup_extended (ex->last, path, NULL, &had))
    g_hash_table_add (ex->skip, had);
  g_hash_table_insert (ex->last, path, LINE_KEY (ex->file, lineno));
  return TRUE;
}

#define GIVE_UP_AFTER 10

static gboolean
store_line (Export *ex, const char *line, gsize len, guint64 lineno, const char *shown,
            GError **error)
{
  if (ex->skip && g_hash_table_contains (ex->skip, LINE_KEY (ex->file, lineno))) {
    ex->superseded++;
    return TRUE;
  }
  g_autoptr (GError) err = NULL;
  if (fr_output_add (ex->out, line, len, &err)) {
    ex->stored++;
    ex->file_good++;
    flush_pending (ex);
  } else if (g_error_matches (err, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD)) {
    char *where = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, shown, lineno);
    if (ex->file_good > 0) {
      report_bad (ex, where, err->message);
      g_free (where);
      return TRUE;
    }
    /* before the file's first record: held, so that a PDF or a CSV given by mistake gets
     * one message, not one per line */
    g_ptr_array_add (ex->pending, where);
    g_ptr_array_add (ex->pending, g_strdup (err->message));
    if (++ex->file_bad >= GIVE_UP_AFTER) {
      g_autofree char *msg = g_strdup_printf (
        "not JSON Lines of finrep records (none of its first %d lines is a record: %s); "
        "left out", GIVE_UP_AFTER, err->message);
      g_ptr_array_set_size (ex->pending, 0);
      report_bad (ex, shown, msg);
      ex->give_up = TRUE;
    }
  } else {
    g_propagate_error (error, g_steal_pointer (&err));
    return FALSE;
  }
  return TRUE;
}

typedef gboolean (*LineFunc) (Export *ex, const char *line, gsize len, guint64 lineno,
                              const char *shown, GError **error);

/* Hands each non-blank line of one RECORDS file to fn.  FALSE when fn failed (stop); a file
 * that cannot be read is counted in ex->bad when `report` says so. */
static gboolean
read_file (Export *ex, const char *name, LineFunc fn, gboolean report, GError **error)
{
  gboolean is_stdin = strcmp (name, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen (name, "rbe");
  const char *shown = is_stdin ? "standard input" : name;
  if (f == NULL) {
    if (report) {
      g_autofree char *msg = g_strdup_printf ("cannot read: %s", g_strerror (errno));
      fr_cmd_report_error (name, msg);
      ex->bad++;
    }
    return TRUE;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  guint64 lineno = 0;
  gboolean ok = TRUE;
  ex->file_good = ex->file_bad = 0;
  ex->give_up = FALSE;
  while (ok && !ex->give_up && (n = getline (&line, &cap, f)) >= 0) {
    lineno++;
    gsize len = (gsize) n;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      len--;
    if (strspn (line, " \t\r\n") < len)
      ok = fn (ex, line, len, lineno, shown, error);
  }
  flush_pending (ex);
  if (ok && ferror (f) && report) {
    g_autofree char *msg = g_strdup_printf ("cannot read after line %" G_GUINT64_FORMAT ": %s",
                                            lineno, g_strerror (errno));
    fr_cmd_report_error (shown, msg);
    ex->bad++;
  }
  free (line);
  if (!is_stdin)
    fclose (f);
  return ok;
}

int
fr_cmd_export (int argc, char **argv)
{
  g_autofree char *out_name = NULL;
  g_autofree char *format_name = NULL;
  gboolean bom = FALSE, quiet = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_name,
      "Write to OUT: a .sqlite/.db or .xlsx file, or a directory for CSV (required)", "OUT" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      "sqlite, xlsx or csv (default: by OUT's extension)", "FMT" },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom,
      "CSV: start each file with a UTF-8 byte order mark (Excel on Windows)", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      "Report only the first 20 bad lines, and no summary", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = fr_cmd_options ("RECORDS.jsonl…", entries, summary_text, description_text);
  if (!fr_cmd_parse (ctx, &argc, &argv))
    return FR_EXIT_USAGE;

  if (out_name == NULL)
    return fr_cmd_usage_error ("-o OUT is required (a .sqlite or .xlsx file, or a directory with --format csv)");
  if (argc < 2)
    return fr_cmd_usage_error ("no RECORDS file given (use - for standard input)");
  FrOutputFormat format;
  if (format_name) {
    if (!fr_output_format_from_name (format_name, &format))
      return fr_cmd_usage_error ("--format takes sqlite, xlsx or csv");
  } else if (!fr_output_format_from_path (out_name, &format)) {
    return fr_cmd_usage_error ("cannot tell the format from OUT's name: use .sqlite, .db or .xlsx, "
                        "or --format sqlite|xlsx|csv");
  }
  if (bom && format != FR_OUTPUT_CSV)
    return fr_cmd_usage_error ("--bom is for --format csv only");

  FrOutputOptions opts = { .keep = FALSE, .bom = bom };
  g_autoptr (GError) error = NULL;
  FrOutput *out = fr_output_open (format, out_name, &opts, &error);
  if (out == NULL) {
    fr_cmd_report_error (NULL, error->message);
    return FR_EXIT_FAILURE;
  }
  g_autoptr (GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  Export ex = { .out = out, .quiet = quiet, .pending = pending };
  /* CSV and Excel: find the records that a later one for the same path replaces, as
   * SQLite does by itself; standard input can be read only once, and is kept whole */
  gboolean rereadable = format != FR_OUTPUT_SQLITE;
  for (int i = 1; i < argc; i++)
    rereadable = rereadable && strcmp (argv[i], "-") != 0;
  g_autoptr (GHashTable) skip = g_hash_table_new (NULL, NULL);
  if (rereadable) {
    g_autoptr (GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    ex.skip = skip;
    ex.last = last;
    for (int i = 1; i < argc; i++) {
      ex.file = (guint) i - 1;
      read_file (&ex, argv[i], scan_line, FALSE, NULL);
    }
    ex.last = NULL;
  }
  gboolean ok = TRUE;
  for (int i = 1; ok && i < argc; i++) {
    ex.file = (guint) i - 1;
    ok = read_file (&ex, argv[i], store_line, TRUE, &error);
  }
  guint stored = ex.stored, bad = ex.bad;
  if (!ok) {
    fr_output_free (out);
    fr_cmd_report_error (NULL, error->message);
    return FR_EXIT_FAILURE;
  }
  if (!fr_output_close (out, &error)) {
    fr_cmd_report_error (NULL, error->message);
    if (!g_error_matches (error, FR_OUTPUT_ERROR, FR_OUTPUT_ERROR_RECORD))
      return FR_EXIT_FAILURE;
    bad++;
  }
  if (!quiet && ex.superseded > 0)
    fprintf (stderr, "%s: %u record%s replaced by a later record of the same path\n",
             g_get_prgname (), ex.superseded, ex.superseded == 1 ? "" : "s");
  if (!quiet)
    fprintf (stderr, "%s: %u record%s into %s; %u line%s or file%s left out\n", g_get_prgname (),
             stored, stored == 1 ? "" : "s", out_name, bad, bad == 1 ? "" : "s", bad == 1 ? "" : "s");
  return bad > 0 ? FR_EXIT_INPUT : FR_EXIT_OK;
}
