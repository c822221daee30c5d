/* commands.h — the finrep subcommands; each takes argv after the command name's slot. */
#pragma once

#include <glib.h>

#include "finrep.h"

/* Exit codes, documented in `finrep --help` and the README. */
enum {
  FR_EXIT_OK = 0,        /* every input gave an ok record (ingest: every input got a record) */
  FR_EXIT_INPUT = 1,     /* an input gave an error record (bad file: see its error code) */
  FR_EXIT_USAGE = 2,     /* the command line is wrong */
  FR_EXIT_FAILURE = 3,   /* finrep could not do its job (output not writable, …) */
};

int fr_cmd_extract (int argc, char **argv);
int fr_cmd_text (int argc, char **argv);
int fr_cmd_ingest (int argc, char **argv);
int fr_cmd_show (int argc, char **argv);
int fr_cmd_export (int argc, char **argv);

/* Prints "finrep: FILE: message" to stderr. */
void fr_cmd_report_error (const char *file, const char *message);
/* Prints "finrep CMD: message" and the --help hint to stderr; returns FR_EXIT_USAGE. */
int fr_cmd_usage_error (const char *message);
/* A subcommand's option context: its parameter string (after the options), entries, and the
 * --help text's summary (above the options) and description (below them). */
GOptionContext *fr_cmd_options (const char *params, const GOptionEntry *entries, const char *summary,
                                const char *description);
/* Parses a GOptionContext; on error prints it and the hint to stderr and returns FALSE. */
gboolean fr_cmd_parse (GOptionContext *ctx, int *argc, char ***argv);
/* Writes all of buf to fd, retrying short writes; FALSE with errno set on failure. */
gboolean fr_write_all (int fd, const char *buf, gsize len);

/* --ocr=MODE, the same in every command that reads files (ocr.h). */
#define FR_CMD_OCR_ENTRY(var) \
  { "ocr", 0, 0, G_OPTION_ARG_STRING, &(var), \
    "Read scanned pages by OCR: auto (the pages without a text layer; the default), always " \
    "(every page, its text layer set aside), never (a scan gives no_text_layer)", "MODE" }
#define FR_CMD_OCR_HELP \
  "Scans: a PDF page without a text layer is read from its image by Tesseract (chi_sim),\n" \
  "deskewed and scaled up first; the record's source.ocr_pages lists those pages, and its\n" \
  "warnings name the lines read with low confidence.  Without Tesseract's chi_sim data\n" \
  "data (TESSDATA_PREFIX names its folder), or with --ocr=never, a scan gives the error\n" \
  "no_text_layer.  OCR takes 1-3 s a page on one CPU.\n\n"
/* Parses --ocr's argument (NULL: auto); on error prints it and returns FALSE. */
gboolean fr_cmd_parse_ocr (const char *arg, FrOcrMode *mode);
