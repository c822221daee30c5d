/* common.c — what every subcommand shares: error lines, option parsing, whole writes.  Apart
 * from main.c so that the subcommands do not call back into the dispatch that calls them. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "commands.h"

void
fr_cmd_report_error (const char *file, const char *message)
{
  if (file)
    fprintf (stderr, "%s: %s: %s\n", g_get_prgname (), file, message);
  else
    fprintf (stderr, "%s: %s\n", g_get_prgname (), message);
}

int
fr_cmd_usage_error (const char *message)
{
  fprintf (stderr, "%s: %s\nTry '%s --help'.\n", g_get_prgname (), message, g_get_prgname ());
  return FR_EXIT_USAGE;
}

GOptionContext *
fr_cmd_options (const char *params, const GOptionEntry *entries, const char *summary, const char *description)
{
  GOptionContext *ctx = g_option_context_new (params);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, summary);
  g_option_context_set_description (ctx, description);
  return ctx;
}

gboolean
fr_cmd_parse (GOptionContext *ctx, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, argc, argv, &error)) {
    fprintf (stderr, "%s: %s\nTry '%s --help'.\n", g_get_prgname (), error->message, g_get_prgname ());
    return FALSE;
  }
  return TRUE;
}

gboolean
fr_cmd_parse_ocr (const char *arg, FrOcrMode *mode)
{
  *mode = FR_OCR_AUTO;
  if (arg == NULL || fr_ocr_mode_parse (arg, mode))
    return TRUE;
  fprintf (stderr, "%s: --ocr takes auto, always or never, not '%s'\nTry '%s --help'.\n",
           g_get_prgname (), arg, g_get_prgname ());
  return FALSE;
}

gboolean
fr_write_all (int fd, const char *buf, gsize len)
{
  while (len > 0) {
    ssize_t n = write (fd, buf, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return FALSE;
    }
    buf += n;
    len -= (gsize) n;
  }
  return TRUE;
}
