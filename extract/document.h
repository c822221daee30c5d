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

/* A glyph is one Unicode character with its box on the page. */
typedef struct {
  gunichar c;
  float x0, y0, x1, y1;
  guint16 font;   /* index into FrDocument.fonts, 0 when unknown */
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
  char *title;             /* document metadata, NULL when absent; not trusted for fields */
  char *producer;
  char *creator;
  gboolean tagged;
  GPtrArray *warnings;     /* of char*: what the reader had to repair; the record lists them */
  /* The PDF route's PopplerDocument (a reference, released with the document), so that the
   * tables stage can render a page for its ruling lines only when it needs them; else NULL. */
  gpointer pdf;
  /* For renders: the PDF's bytes, and the PopplerDocument of their copy without text
   * (textless.h), made on the first render; NULL until then. */
  GBytes *pdf_bytes;
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
