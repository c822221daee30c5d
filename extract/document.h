/* document.h — the one representation in the middle of finrep.
 *
 * Every input route (a PDF, an archived text dump) produces a FrDocument: pages of lines,
 * each line a list of glyphs.  Geometry is in PDF points, origin top left of the page as it
 * is displayed (after /Rotate).  A text dump has no geometry: has_geometry is FALSE and every
 * box is zero, and rules must test has_geometry rather than trust the zeros.
 *
 * Ownership: a FrDocument owns all its pages, lines and glyphs; free it with fr_document_free
 * (or g_autoptr (FrDocument)).  Nothing inside may be freed on its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A box on a page: [x0, y0, x1, y1] in points, top-left origin, as displayed.  A box with
 * x1 < x0 or y1 < y0 is empty; FR_BOX_EMPTY is the empty box a union starts from.  These few
 * operations are the only place boxes are combined or compared (inline: the stages call
 * them per glyph). */
typedef struct {
  float x0, y0, x1, y1;
} FrBox;

#define FR_BOX_EMPTY ((FrBox) { G_MAXFLOAT, G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT })

static inline gboolean
fr_box_is_empty (FrBox b)
{
  return b.x1 < b.x0 || b.y1 < b.y0;
}

/* Grows *b to cover o. */
static inline void
fr_box_add (FrBox *b, FrBox o)
{
  b->x0 = MIN (b->x0, o.x0);
  b->y0 = MIN (b->y0, o.y0);
  b->x1 = MAX (b->x1, o.x1);
  b->y1 = MAX (b->y1, o.y1);
}

static inline FrBox
fr_box_union (FrBox a, FrBox b)
{
  fr_box_add (&a, b);
  return a;
}

/* The part two boxes share; empty (fr_box_is_empty) when they do not meet. */
static inline FrBox
fr_box_intersect (FrBox a, FrBox b)
{
  return (FrBox) { MAX (a.x0, b.x0), MAX (a.y0, b.y0), MIN (a.x1, b.x1), MIN (a.y1, b.y1) };
}

/* The area two boxes share, 0 when they only touch or do not meet. */
static inline float
fr_box_overlap_area (FrBox a, FrBox b)
{
  FrBox i = fr_box_intersect (a, b);
  float w = i.x1 - i.x0, h = i.y1 - i.y0;
  return w > 0 && h > 0 ? w * h : 0;
}

/* Does outer hold inner whole, within slack points on each side? */
static inline gboolean
fr_box_contains (FrBox outer, FrBox inner, float slack)
{
  return inner.x0 >= outer.x0 - slack && inner.y0 >= outer.y0 - slack
         && inner.x1 <= outer.x1 + slack && inner.y1 <= outer.y1 + slack;
}

/* Do two vertical extents [a0, a1] and [b0, b1] share at least half of the shorter one?  That
 * is how finrep tells text on one baseline: glyph boxes of a Latin and a CJK font differ in
 * height, so their edges cannot be compared. */
static inline gboolean
fr_spans_share_half (float a0, float a1, float b0, float b1)
{
  return MIN (a1, b1) - MAX (a0, b0) >= 0.5f * MIN (a1 - a0, b1 - b0);
}

/* A glyph is one Unicode character with its box on the page. */
typedef struct {
  gunichar c;
  float x0, y0, x1, y1;
  guint16 font;   /* index into FrDocument.fonts, 0 when unknown */
  guint8 doubt;   /* OCR: a figure's character the route left in doubt (read as it was, named
                   * in the warnings): no number is taken from it (analysis.h) */
  float size;     /* font size in points, 0 when unknown */
} FrGlyph;

/* Why a line was set aside or what it is, as the stages decide. */
typedef enum {
  FR_LINE_BODY = 0,
  FR_LINE_PAGE_NUMBER,     /* furniture: a page number */
  FR_LINE_RUNNING,         /* furniture: a running header or footer */
  FR_LINE_TABLE,           /* inside a table region */
  FR_LINE_TOC,             /* an entry of a table of contents */
} FrLineKind;

/* A line is a run of glyphs that share a baseline and are not split by a column gap. */
typedef struct {
  GArray *glyphs;          /* of FrGlyph */
  char *text;              /* UTF-8 of glyphs; rebuilt by fr_line_sync_text */
  guint page;              /* 0-based */
  float x0, y0, x1, y1;    /* union of the glyph boxes */
  float size;              /* dominant font size */
  gboolean bold;           /* dominant font is bold or black by its name */
  FrLineKind kind;
  const char *rule;        /* name of the rule that set kind, or NULL */
  gboolean page_break_before; /* text route: a lone leading space or \f hinted a new page */
  char *source_text;       /* text route: the line as the dump has it, before the chars stage
                            * (its spaces show where side-by-side cells met); else NULL */
} FrLine;

typedef struct {
  guint index;             /* 0-based */
  float width, height;     /* as displayed */
  int rotate;              /* 0, 90, 180, 270 */
  GPtrArray *lines;        /* of FrLine*, in reading order */
  /* text column found by the layout stage; zero when unknown */
  float col_x0, col_x1;
} FrPage;

typedef struct {
  char *name;
  gboolean bold;
} FrFont;

typedef enum {
  FR_FORMAT_PDF,
  FR_FORMAT_TEXT,
  FR_FORMAT_NONE,   /* neither: not a PDF, not text */
} FrFormat;

typedef struct {
  FrFormat format;
  gboolean has_geometry;
  GPtrArray *pages;        /* of FrPage* */
  GArray *fonts;           /* of FrFont; index 0 is "unknown" */
  gboolean tagged;         /* may be tagged: the catalog names a structure tree (tagged.h reads it) */
  GPtrArray *warnings;     /* of char*: what the reader had to repair; the record lists them */
  /* The PDF route's FrPdf (pdflib.h): its PopplerDocument, opened on first need, so that the
   * tables stage can render a page for its ruling lines only when it needs them; else NULL. */
  gpointer pdf;
  /* For ruling lines: the PDF's bytes; what the text pass kept of each page's drawing
   * (vector.h, textpass.h; NULL when Poppler's core could not run the pages); and the
   * PopplerDocument of their copy without text (textless.h), made on the first render, NULL
   * until then. */
  GBytes *pdf_bytes;
  gpointer pdf_vector;
  gpointer pdf_textless;
  /* The OCR route (ocr.h): the 0-based pages it read, in order (NULL when none); and for each
   * page the ruling lines found in its deskewed image (FrRulings*, NULL for a page not read by
   * OCR; render.h), which fr_page_rulings gives instead of a render. */
  GArray *ocr_pages;
  GPtrArray *ocr_rulings;
} FrDocument;

FrDocument *fr_document_new (FrFormat format);
void fr_document_free (FrDocument *doc);
FrPage *fr_document_add_page (FrDocument *doc, float width, float height);
guint16 fr_document_intern_font (FrDocument *doc, const char *name);

static inline FrBox
fr_glyph_box (const FrGlyph *g)
{
  return (FrBox) { g->x0, g->y0, g->x1, g->y1 };
}

static inline FrBox
fr_line_box (const FrLine *l)
{
  return (FrBox) { l->x0, l->y0, l->x1, l->y1 };
}

/* Appends an empty line to page; fill its glyphs then call fr_line_sync. */
FrLine *fr_page_add_line (FrPage *page);
FrLine *fr_line_new (guint page);
void fr_line_free (FrLine *line);
/* Recomputes text, box, size and bold from the glyphs. */
void fr_line_sync (FrLine *line, const FrDocument *doc);
void fr_line_append (FrLine *line, gunichar c, float x0, float y0, float x1, float y1,
                     guint16 font, float size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrDocument, fr_document_free)

G_END_DECLS
