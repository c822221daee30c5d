/* ocr-testlib.h — for the C tests of what the stages do with a page read by OCR, without
 * running OCR: a fixture's document from its text layer, every page marked as read by OCR,
 * so that a test can put a misreading into its lines and see what the stages make of it.
 * Included by one test file each (static). */
#ifndef FR_OCR_TESTLIB_H
#define FR_OCR_TESTLIB_H

#include "extract.h"

/* A fixture's document (its text layer; FIXTURES names the folder), every page taken as read
 * by OCR. */
static FrDocument *
fixture_as_ocr (const char *name)
{
  const char *fixtures = g_getenv ("FIXTURES");
  g_assert_nonnull (fixtures);
  g_autofree char *path = g_build_filename (fixtures, name, NULL);
  FrSource *src = fr_source_load (path, NULL);
  g_assert_nonnull (src);
  FrExtractOptions opts = { 0 };
  opts.ocr = FR_OCR_NEVER;
  FrDocument *doc = fr_extract (src, &opts, NULL);
  g_assert_nonnull (doc);
  fr_source_free (src);
  doc->ocr_pages = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint p = 0; p < doc->pages->len; p++)
    g_array_append_val (doc->ocr_pages, p);
  return doc;
}

#endif
