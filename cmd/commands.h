/* commands.h — the finrep subcommands; each takes argv after the command name's slot. */
#pragma once

#include <glib.h>

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
/* Parses a GOptionContext; on error prints it and the hint to stderr and returns FALSE. */
gboolean fr_cmd_parse (GOptionContext *ctx, int *argc, char ***argv);
/* Writes all of buf to fd, retrying short writes; FALSE with errno set on failure. */
gboolean fr_write_all (int fd, const char *buf, gsize len);
