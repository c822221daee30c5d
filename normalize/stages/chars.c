/* chars.c — the characters stage: what a reader sees, not what the font's cmap said.
 *
 * - Kangxi radicals and CJK compatibility ideographs become unified ideographs (by their
 *   Unicode decomposition), and radical-supplement forms by charmap.def;
 * - full-width digits and Latin letters become ASCII (full-width punctuation stays);
 * - odd spaces (no-break, ideographic) become spaces, invisible ones go;
 * - a space between two CJK characters, or a CJK character and a digit, goes, unless the
 *   page shows a real gap of about one em there (then one space stays).
 * The mapping itself is text.c's (fr_clean_glyphs), shared with cells and dump lines; this
 * stage runs it over every line, bounds hostile geometry first, and records each change.
 */
#include "stages.h"

/* Keeps a line's glyph boxes within a page's reach (one page-size beyond each edge, and
 * within a million points) and its font size below 2000 pt.  A box far off the page (a
 * broken or hostile file) would make the stages that size arrays by points allocate without
 * bound.  Returns TRUE if it changed. */
static gboolean
clamp_geometry (FrLine *line, const FrPage *page)
{
  /* the reach is bounded too: a page can claim any size (a 3e9-point MediaBox), and a
   * million points is more than any real page (PDF's own limit is 14,400) */
  float w = CLAMP (page->width, 1.0f, 1e6f), h = CLAMP (page->height, 1.0f, 1e6f);
  gboolean changed = FALSE;
#define CLAMP_TO(v, lo, hi) do { float c_ = CLAMP ((v), (lo), (hi)); \
    if (!(c_ == (v))) { (v) = c_ != c_ ? (lo) : c_; changed = TRUE; } } while (0)
  for (guint i = 0; i < line->glyphs->len; i++) {
    FrGlyph *g = &g_array_index (line->glyphs, FrGlyph, i);
    CLAMP_TO (g->x0, -w, 2 * w);
    CLAMP_TO (g->x1, -w, 2 * w);
    CLAMP_TO (g->y0, -h, 2 * h);
    CLAMP_TO (g->y1, -h, 2 * h);
    CLAMP_TO (g->size, 0.0f, 2000.0f);
  }
#undef CLAMP_TO
  return changed;
}

void
fr_stage_chars (FrAnalysis *an)
{
  const FrDocument *doc = an->doc;
  for (guint p = 0; p < doc->pages->len; p++) {
    FrPage *page = g_ptr_array_index (doc->pages, p);
    for (guint l = 0; l < page->lines->len; l++) {
      FrLine *line = g_ptr_array_index (page->lines, l);
      g_autofree char *before = g_strdup (line->text);
      if (doc->has_geometry && clamp_geometry (line, page))
        fr_line_sync (line, doc);
      guint changes = fr_clean_glyphs (line->glyphs, doc->has_geometry);
      if (changes == 0)
        continue;
      fr_line_sync (line, doc);
      const char *what = (changes & FR_CLEAN_KANGXI) ? "kangxi"
                         : (changes & FR_CLEAN_FULLWIDTH) ? "fullwidth"
                                                          : "space";
      if (changes & (FR_CLEAN_KANGXI | FR_CLEAN_FULLWIDTH | FR_CLEAN_SPACE_REMOVED))
        fr_analysis_fix (an, FR_RULE_COUNT, what, line, before, line->text);
    }
  }
}
