/* text.c — the character clean-up (what the chars stage does to every line, and what cells
 * and dump lines get through fr_clean_text) and the small text helpers the stages share. */
#include "text.h"

#include "document.h"

#include <string.h>

typedef struct {
  gunichar from, to;
} CharPair;

static const CharPair radical_supplement[] = {
#define CHARMAP(from, to, name) { from, to },
#include "charmap.def"
#undef CHARMAP
};

gboolean
fr_is_cjk (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)
         || (c >= 0x20000 && c <= 0x2FA1F) || (c >= 0xF900 && c <= 0xFAFF)
         || (c >= 0x2E80 && c <= 0x2FDF) || c == 0x3007;
}

gboolean
fr_is_cjk_punct (gunichar c)
{
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F)
         || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40)
         || (c >= 0xFF5B && c <= 0xFF65) || c == 0x2014 || c == 0x2026 || c == 0x201C
         || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x00B7 || c == 0x2236;
}

gboolean
fr_text_has_cjk (const char *s)
{
  for (const char *p = s; p && *p; p = g_utf8_next_char (p))
    if (fr_is_cjk (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* The kinds of change, as bit numbers of fr_clean_glyphs's mask (text.h names the bits). */
typedef enum { MAP_NONE, MAP_KANGXI, MAP_FULLWIDTH, MAP_SPACE, MAP_DROP } MapKind;

G_STATIC_ASSERT (FR_CLEAN_KANGXI == 1u << MAP_KANGXI && FR_CLEAN_FULLWIDTH == 1u << MAP_FULLWIDTH);

/* Maps one character; returns what kind of change it made. */
static MapKind
map_char (gunichar c, gunichar *out)
{
  *out = c;
  if ((c >= 0x2F00 && c <= 0x2FD5) || (c >= 0xF900 && c <= 0xFAFF)
      || (c >= 0x2F800 && c <= 0x2FA1F)) {
    gunichar d[4];
    gsize n = g_unichar_fully_decompose (c, TRUE, d, G_N_ELEMENTS (d));
    if (n == 1 && d[0] != c) {
      *out = d[0];
      return MAP_KANGXI;
    }
    return MAP_NONE;
  }
  if (c >= 0x2E80 && c <= 0x2EFF) {
    for (guint i = 0; i < G_N_ELEMENTS (radical_supplement); i++)
      if (radical_supplement[i].from == c) {
        *out = radical_supplement[i].to;
        return MAP_KANGXI;
      }
    return MAP_NONE;
  }
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) {
    *out = c - 0xFEE0;   /* the full-width block mirrors ASCII 0x21–0x7E */
    return MAP_FULLWIDTH;
  }
  if (c == 0x00A0 || c == 0x3000 || c == 0x2002 || c == 0x2003 || c == 0x2009 || c == '\t') {
    *out = ' ';
    return MAP_SPACE;
  }
  if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF || c == 0x00AD)
    return MAP_DROP;
  return MAP_NONE;
}

/* Would a reader put no space between these two? */
static gboolean
tight_pair (gunichar a, gunichar b)
{
  gboolean ca = fr_is_cjk (a) || fr_is_cjk_punct (a);
  gboolean cb = fr_is_cjk (b) || fr_is_cjk_punct (b);
  if (ca && cb)
    return TRUE;
  if (ca && (g_unichar_isdigit (b) || b == '%' || b == '-' || b == '.'))
    return TRUE;
  if (cb && (g_unichar_isdigit (a) || a == '%' || a == '.'))
    return TRUE;
  return FALSE;
}

/* One em of the glyphs around a gap. */
static float
em_of (const FrGlyph *a, const FrGlyph *b)
{
  float s = MAX (a->size, b->size);
  if (s <= 0)
    s = MAX (a->y1 - a->y0, b->y1 - b->y0);
  return MAX (s, 1.0f);
}

guint
fr_clean_glyphs (GArray *glyphs, gboolean has_geometry)
{
  guint changes = 0;
  guint w = 0;
  for (guint i = 0; i < glyphs->len; i++) {
    FrGlyph g = g_array_index (glyphs, FrGlyph, i);
    gunichar m;
    MapKind k = map_char (g.c, &m);
    if (k != MAP_NONE)
      changes |= 1u << k;
    if (k == MAP_DROP)
      continue;
    g.c = m;
    g_array_index (glyphs, FrGlyph, w++) = g;
  }
  g_array_set_size (glyphs, w);

  /* spaces: look at each run of spaces with its neighbours */
  w = 0;
  for (guint i = 0; i < glyphs->len;) {
    FrGlyph g = g_array_index (glyphs, FrGlyph, i);
    if (g.c != ' ') {
      g_array_index (glyphs, FrGlyph, w++) = g;
      i++;
      continue;
    }
    guint j = i;
    while (j < glyphs->len && g_array_index (glyphs, FrGlyph, j).c == ' ')
      j++;
    gboolean at_edge = w == 0 || j == glyphs->len;
    gboolean keep = !at_edge;
    if (keep) {
      const FrGlyph *a = &g_array_index (glyphs, FrGlyph, w - 1);
      const FrGlyph *b = &g_array_index (glyphs, FrGlyph, j);
      if (tight_pair (a->c, b->c)) {
        keep = has_geometry && b->x0 - a->x1 >= 0.9f * em_of (a, b);
      }
    }
    if (keep) {
      g_array_index (glyphs, FrGlyph, w++) = g;   /* one space for the run */
      if (j - i > 1)
        changes |= FR_CLEAN_SPACE_REMOVED;
    } else {
      changes |= FR_CLEAN_SPACE_REMOVED;
    }
    i = j;
  }
  g_array_set_size (glyphs, w);
  return changes;
}

/* g_unichar_isspace's answer for ASCII: the Unicode space separator and four controls */
static inline gboolean
ascii_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char *
fr_squeeze (const char *s)
{
  s = s ? s : "";
  /* a character's bytes are copied as they are: decoding and encoding each again was most of
   * this function's cost, and it runs on every cell of every table */
  gsize n = strlen (s);
  char *out = g_malloc (n + 1), *o = out;
  const char *end = s + n;
  for (const char *p = s; p < end;) {
    const char *next = MIN (g_utf8_next_char (p), end);
    gboolean space = (guchar) *p < 0x80 ? ascii_space ((guchar) *p) : g_unichar_isspace (g_utf8_get_char (p));
    if (!space)
      while (p < next)
        *o++ = *p++;
    p = next;
  }
  *o = '\0';
  return out;
}

char *
fr_clean_text (const char *s)
{
  /* text the character map leaves alone and without a space (most cells: figures, codes,
   * names) is clean as it is: no need to take it apart into glyphs */
  const char *q = s;
  while (*q) {
    gunichar m, c = g_utf8_get_char (q);
    if (c == ' ' || map_char (c, &m) != MAP_NONE)
      break;
    q = g_utf8_next_char (q);
  }
  if (*q == '\0')
    return g_strdup (s);
  g_autoptr (GArray) glyphs = g_array_new (FALSE, TRUE, sizeof (FrGlyph));
  for (const char *p = s; *p; p = g_utf8_next_char (p)) {
    FrGlyph g = { 0 };
    g.c = g_utf8_get_char (p);
    g_array_append_val (glyphs, g);
  }
  fr_clean_glyphs (glyphs, FALSE);
  GString *out = g_string_sized_new (strlen (s));
  for (guint i = 0; i < glyphs->len; i++)
    g_string_append_unichar (out, g_array_index (glyphs, FrGlyph, i).c);
  return g_string_free (out, FALSE);
}

void
fr_join_append (GString *acc, const char *next)
{
  while (*next == ' ')
    next++;
  if (*next == '\0')
    return;
  while (acc->len > 0 && acc->str[acc->len - 1] == ' ')
    g_string_truncate (acc, acc->len - 1);
  if (acc->len > 0) {
    const char *lastp = g_utf8_find_prev_char (acc->str, acc->str + acc->len);
    gunichar a = g_utf8_get_char (lastp), b = g_utf8_get_char (next);
    /* Latin words broken at a line end get their space back; CJK text never does */
    gboolean latin_a = a < 0x2E80 && g_unichar_isalnum (a);
    gboolean latin_b = b < 0x2E80 && g_unichar_isalpha (b);
    if (latin_a && latin_b && a != '-')
      g_string_append_c (acc, ' ');
  }
  g_string_append (acc, next);
}

gboolean
fr_text_is_blank (const char *s)
{
  for (const char *p = s; *p; p++)
    if (*p != ' ')
      return FALSE;
  return TRUE;
}

guint
fr_text_columns (const char *s)
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
