/* text.h — the small text helpers every stage shares: CJK classes, the character clean-up
 * (the chars stage's mapping, for any string), white space, joining fragments.  Nothing here
 * knows the model or a stage.  Strings are UTF-8; returned strings are new (g_free). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean fr_is_cjk (gunichar c);
gboolean fr_is_cjk_punct (gunichar c);
/* Does the text (NULL reads as "") hold a CJK character? */
gboolean fr_text_has_cjk (const char *s);

/* What fr_clean_glyphs changed, as bits. */
enum {
  FR_CLEAN_KANGXI = 1u << 1,         /* a Kangxi radical or compatibility form mapped */
  FR_CLEAN_FULLWIDTH = 1u << 2,      /* a full-width digit or letter made ASCII */
  FR_CLEAN_SPACE = 1u << 3,          /* an odd space made a space */
  FR_CLEAN_DROP = 1u << 4,           /* an invisible character dropped */
  FR_CLEAN_SPACE_REMOVED = 1u << 8,  /* a space between CJK characters (or a run) removed */
};

/* Cleans glyphs (a GArray of FrGlyph, document.h) in place: radicals, full-width forms, odd
 * and invisible spaces, spaces between CJK characters (kept where the page shows a gap of an
 * em, which needs has_geometry).  Returns the FR_CLEAN_* bits of what changed. */
guint fr_clean_glyphs (GArray *glyphs, gboolean has_geometry);
/* Clean one string the way the chars stage cleans lines (text route, table cells). */
char *fr_clean_text (const char *s);
/* A cell's text without any white space (ideographic space too): 支 出 总计 is 支出总计.
 * NULL reads as "". */
char *fr_squeeze (const char *s);
/* Whether a line's text is empty or only spaces (after the chars stage, the only blank). */
gboolean fr_text_is_blank (const char *s);
/* Columns a string takes in a terminal: wide (CJK) characters two, combining marks none. */
guint fr_text_columns (const char *s);
/* Join fragments (lines of a paragraph or a cell): no space between CJK, one space between
 * Latin words. */
void fr_join_append (GString *acc, const char *next);

G_END_DECLS
