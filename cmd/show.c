/* show.c — `finrep show`: what was extracted from one file and where it came from, in the
 * terminal (show-term.c) or as one HTML page over the page images (show-html.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "commands.h"
#include "show.h"

const char *
fr_show_rule_why (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < FR_RULE_COUNT; i++)
    if (strcmp (fr_rule_name ((FrRuleId) i), name) == 0)
      return fr_rule_info ((FrRuleId) i)->why;
  return fr_decision_why (name);
}

const char *
fr_show_fix_rule (const FrFix *fix)
{
  if (fix->rule < FR_RULE_COUNT)
    return fr_rule_name (fix->rule);
  return fix->what ? fix->what : "charmap";
}

const char *
fr_show_fix_why (const FrFix *fix)
{
  if (fix->rule < FR_RULE_COUNT)
    return fr_rule_info (fix->rule)->why;
  return fr_show_rule_why (fix->what);
}

gboolean
fr_show_fix_is_furniture (const FrFix *fix)
{
  /* furniture is removed whole: nothing is left of the line */
  return fix->after == NULL || fix->after[0] == '\0';
}

const char *
fr_show_block_rule (const FrBlock *b)
{
  if (b->rule)
    return b->rule;
  switch (b->kind) {
  case FR_BLOCK_TITLE: return "title";
  case FR_BLOCK_TABLE: return b->table && b->table->method ? b->table->method : "table_region";
  case FR_BLOCK_HEADING:
  case FR_BLOCK_PARAGRAPH:
  default: return "paragraph";
  }
}

const char *
fr_show_block_kind (const FrBlock *b)
{
  switch (b->kind) {
  case FR_BLOCK_TITLE: return "title";
  case FR_BLOCK_HEADING: return "heading";
  case FR_BLOCK_TABLE: return "table";
  case FR_BLOCK_PARAGRAPH:
  default: return "paragraph";
  }
}

char *
fr_show_number (double v)
{
  /* the report's own figures: no float noise, no trailing zeros */
  char buf[64];
  g_snprintf (buf, sizeof buf, "%.6f", v);
  char *e = buf + strlen (buf) - 1;
  while (e > buf && *e == '0')
    *e-- = '\0';
  if (*e == '.')
    *e = '\0';
  return g_strdup (buf);
}

char *
fr_show_change (const FrFinanceItem *it)
{
  if (it->direction == FR_CHANGE_NONE)
    return g_strdup ("");
  if (it->direction == FR_CHANGE_FLAT)
    return g_strdup ("flat");
  const char *sign = it->direction == FR_CHANGE_DECREASE ? "−" : "+";
  GString *s = g_string_new (NULL);
  if (it->change.has) {
    g_autofree char *a = fr_show_number (it->change.value);
    g_string_append_printf (s, "%s%s", sign, a);
  }
  if (it->percent.has) {
    g_autofree char *p = fr_show_number (it->percent.value);
    g_string_append_printf (s, "%s%s%s%%%s", s->len ? " (" : "", sign, p, it->change.has ? ")" : "");
  }
  return g_string_free (s, FALSE);
}

/* A change as "…before…" → "…after…": the part that differs, with a little context. */
void
fr_show_fix_excerpt (const FrFix *f, char **before, char **after)
{
  const char *b = f->before ? f->before : "", *a = f->after ? f->after : "";
  glong nb = g_utf8_strlen (b, -1), na = g_utf8_strlen (a, -1);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, NULL);
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, NULL);
  glong pre = 0, suf = 0;
  while (pre < nb && pre < na && ub[pre] == ua[pre])
    pre++;
  while (suf < nb - pre && suf < na - pre && ub[nb - 1 - suf] == ua[na - 1 - suf])
    suf++;
  const glong ctx = 4;
  glong from = MAX (pre - ctx, 0);
  glong to_b = MIN (nb - suf + ctx, nb), to_a = MIN (na - suf + ctx, na);
  g_autofree char *mb = g_ucs4_to_utf8 (ub + from, to_b - from, NULL, NULL, NULL);
  g_autofree char *ma = g_ucs4_to_utf8 (ua + from, MAX (to_a - from, 0), NULL, NULL, NULL);
  *before = g_strdup_printf ("%s%s%s", from > 0 ? "…" : "", mb ? mb : "", to_b < nb ? "…" : "");
  *after = g_strdup_printf ("%s%s%s", from > 0 && na > 0 ? "…" : "", ma ? ma : "",
                            to_a < na ? "…" : "");
}

guint
fr_show_width (const char *s)
{
  guint w = 0;
  for (const char *p = s; p && *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (g_unichar_iszerowidth (c))
      continue;
    w += g_unichar_iswide (c) ? 2 : 1;
  }
  return w;
}

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
