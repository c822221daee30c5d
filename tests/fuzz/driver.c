/* driver.c — runs a fuzz target without a fuzzing engine: each FILE, or each file in each
 * DIRECTORY, once, in name order.  This makes every target an ordinary test over its seed
 * corpus and its regressions, in any build (the sanitizer build catches what they trigger),
 * and reproduces a finding: `fuzz-layout crash-…`.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static gboolean
run_file (const char *path, guint *count)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &contents, &len, &error)) {
    fprintf (stderr, "%s\n", error->message);
    return FALSE;
  }
  /* a buffer of exactly the input's size, so AddressSanitizer sees a read past its end */
  guint8 *exact = len ? g_malloc (len) : NULL;
  if (len)
    memcpy (exact, contents, len);
  g_free (contents);
  LLVMFuzzerTestOneInput (exact ? exact : (const guint8 *) "", len);
  g_free (exact);
  (*count)++;
  return TRUE;
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
run_dir (const char *dir, guint *count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  if (d == NULL) {
    fprintf (stderr, "%s\n", error->message);
    return FALSE;
  }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (const char *n; (n = g_dir_read_name (d)) != NULL;)
    if (n[0] != '.')
      g_ptr_array_add (names, g_build_filename (dir, n, NULL));
  g_ptr_array_sort (names, cmp_str);
  for (guint i = 0; i < names->len; i++) {
    const char *path = g_ptr_array_index (names, i);
    gboolean ok = g_file_test (path, G_FILE_TEST_IS_DIR) ? run_dir (path, count)
                                                         : run_file (path, count);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

int
main (int argc, char **argv)
{
  guint count = 0;
  if (argc < 2) {
    fprintf (stderr, "Usage: %s FILE|DIRECTORY…\n"
                     "Runs the fuzz target once on each input (no fuzzing engine linked in).\n",
             argv[0]);
    return 2;
  }
  /* as libFuzzer does before the first input (fuzz-sandbox.c: the sandbox) */
  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++) {
    gboolean ok = g_file_test (argv[i], G_FILE_TEST_IS_DIR) ? run_dir (argv[i], &count)
                                                            : run_file (argv[i], &count);
    if (!ok)
      return 1;
  }
  printf ("%s: %u input%s ran\n", argv[0], count, count == 1 ? "" : "s");
  return count > 0 ? 0 : 1;
}
