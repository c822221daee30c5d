/* textpass.cc — one run of Poppler's interpreter a page, for its text and its drawing
 * (textpass.h).
 *
 * The output device is Poppler's own TextOutputDev, set up as poppler-glib sets it up for
 * poppler_page_get_text (physical layout, no raw order), so the words, lines and their order
 * are Poppler's as before.  It also hands each painted path to the ruling-line reader's
 * DrawingSink (drawing.hh), and says it wants what a text-only device skips (images, shadings,
 * patterns) only so that the sink can see where they lie: they are not drawn.  Annotations are
 * drawn after the text is taken, for the sink alone, as a whole-page display would draw them.
 */
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <Annot.h>
#include <Error.h>
#include <Gfx.h>
#include <GfxFont.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <UnicodeMap.h>

#include "drawing.hh"

extern "C" {
#include "aside.h"
#include "textless.h"
#include "textpass.h"
}

namespace {

/* Poppler 22.12 builds every font of a page's /Font resources (its ToUnicode map parsed again,
 * its font file sniffed) each time a Gfx is made for the page, and a Gfx is made per page:
 * fonts were 17% of all instructions on the real reports, a report's dozen fonts built over
 * a hundred times.  Its API has no way to hand a Gfx fonts built before (GfxResources builds
 * its GfxFontDict in its constructor; neither Gfx's resource stack nor the dict's fonts are
 * reachable), so these three reach the members that hold them: an explicit instantiation may
 * name a private member ([temp.spec]), and a member renamed or retyped in another Poppler
 * fails to compile here rather than misbehave.  HACKING.md, "One pass a page". */
template <typename Tag, typename Tag::type M> struct Reach {
  friend typename Tag::type member_of (Tag) { return M; }
};
struct GfxResourceStack {
  using type = GfxResources *Gfx::*;
  friend type member_of (GfxResourceStack);
};
template struct Reach<GfxResourceStack, &Gfx::res>;
struct ResourceFonts {
  using type = GfxFontDict *GfxResources::*;
  friend type member_of (ResourceFonts);
};
template struct Reach<ResourceFonts, &GfxResources::fonts>;
struct FontDictFonts {
  using type = std::vector<std::shared_ptr<GfxFont>> GfxFontDict::*;
  friend type member_of (FontDictFonts);
};
template struct Reach<FontDictFonts, &GfxFontDict::fonts>;

class PassDev : public TextOutputDev
{
public:
  fr::DrawingSink sink;

  PassDev () : TextOutputDev (nullptr, true, 0, false, false) { }

  /* images, shadings and patterns reach the device, for the sink to mark; the text device
   * ignores them as it did when Gfx skipped them for it */
  bool needNonText () override { return true; }
  bool useTilingPatternFill () override { return true; }
  bool useShadedFills (int) override { return true; }

  void stroke (GfxState *state) override
  {
    TextOutputDev::stroke (state);
    sink.stroke (state);
  }
  void fill (GfxState *state) override
  {
    TextOutputDev::fill (state);
    sink.fill (state);
  }
  void eoFill (GfxState *state) override
  {
    TextOutputDev::eoFill (state);
    sink.fill (state);
  }

  /* true: handled, Gfx draws no cell of the pattern (as for a text device, which skips them) */
  bool tilingPatternFill (GfxState *state, Gfx *, Catalog *, GfxTilingPattern *, const double *, int, int, int, int,
                          double, double) override
  {
    sink.mark (state, "a pattern fill");
    return true;
  }
  bool functionShadedFill (GfxState *state, GfxFunctionShading *) override { return shade (state); }
  bool axialShadedFill (GfxState *state, GfxAxialShading *, double, double) override { return shade (state); }
  bool radialShadedFill (GfxState *state, GfxRadialShading *, double, double) override { return shade (state); }
  bool gouraudTriangleShadedFill (GfxState *state, GfxGouraudTriangleShading *) override { return shade (state); }
  bool patchMeshShadedFill (GfxState *state, GfxPatchMeshShading *) override { return shade (state); }

  /* OutputDev's own versions read past an inline image's data, as Gfx does when it skips one */
  void drawImageMask (GfxState *state, Object *ref, Stream *str, int w, int h, bool invert, bool interpolate,
                      bool inlineImg) override
  {
    sink.mark (state, "an image");
    OutputDev::drawImageMask (state, ref, str, w, h, invert, interpolate, inlineImg);
  }
  void drawImage (GfxState *state, Object *ref, Stream *str, int w, int h, GfxImageColorMap *map, bool interpolate,
                  const int *maskColors, bool inlineImg) override
  {
    sink.mark (state, "an image");
    OutputDev::drawImage (state, ref, str, w, h, map, interpolate, maskColors, inlineImg);
  }
  void drawMaskedImage (GfxState *state, Object *, Stream *, int, int, GfxImageColorMap *, bool, Stream *, int, int,
                        bool, bool) override
  {
    sink.mark (state, "an image");
  }
  void drawSoftMaskedImage (GfxState *state, Object *, Stream *, int, int, GfxImageColorMap *, bool, Stream *, int,
                            int, GfxImageColorMap *, bool) override
  {
    sink.mark (state, "an image");
  }

private:
  bool shade (GfxState *state)
  {
    sink.mark (state, "a shading");
    return true;
  }
};

/* Poppler reports a broken content stream on stderr through its error callback; the record's
 * warnings and error codes say what matters. */
void
quiet (ErrorCategory, Goffset, const char *)
{
}

/* A font's name without its subset tag (ABCDEF+), "Default" when it has none: as
 * poppler_page_get_text_attributes names it. */
std::string
font_name (const TextWord *word, int i)
{
  const GooString *name = word->getFontName (i);
  if (name == nullptr || name->getLength () == 0)
    return "Default";
  int k = 0;
  while (k < name->getLength () && name->getChar (k) >= 'A' && name->getChar (k) <= 'Z')
    k++;
  bool subset = k > 0 && k < name->getLength () && name->getChar (k) == '+';
  return std::string (name->c_str () + (subset ? k + 1 : 0));
}

/* Do two characters share their attributes, as poppler-glib compares them? */
bool
same_attributes (const TextWord *a, int ai, const TextWord *b, int bi)
{
  if (!a->getFontInfo (ai)->matches (b->getFontInfo (bi)) || a->getFontSize () != b->getFontSize ()
      || a->isUnderlined () != b->isUnderlined ())
    return false;
  double ar, ag, ab, br, bg, bb;
  a->getColor (&ar, &ag, &ab);
  b->getColor (&br, &bg, &bb);
  return ar == br && ag == bg && ab == bb;
}

} // namespace

/* The pieces kept for all pages of one document together (32 bytes each): past this, a page's
 * drawing is not kept and its rules come from a render, so that a document of many pages
 * drawn in fine strokes cannot hold hundreds of MiB until its tables are read. */
constexpr size_t MAX_KEPT_PIECES = 1000000;

/* A font as GfxFontDict builds it: its object and the name the page's resources give it
 * (GfxFont keeps the name, by which Gfx looks it up). */
using FontKey = std::tuple<int, int, std::string>;

/* Fonts kept for the whole document at most.  A report names a dozen; a file that names one
 * font under a new name on every page would otherwise hold a copy per name until its end
 * (each with its ToUnicode map: GiB for a small crafted file).  Past it, a page's new fonts
 * are built for that page alone and go with it, as Poppler's own route does. */
constexpr size_t MAX_CACHED_FONTS = 128;

struct FrTextPass {
  GBytes *bytes;
  std::unique_ptr<PDFDoc> doc;
  std::unique_ptr<fr::Drawings> drawings;
  size_t kept = 0;
  /* every font built so far, NULL for one Poppler could not build; released before doc */
  std::map<FontKey, std::shared_ptr<GfxFont>> fonts;
  /* each graphics state dictionary as trimmed_gstate made it, by object */
  std::map<std::pair<int, int>, Object> gstates;
};

/* Keys of a graphics state dictionary (ExtGState) that change nothing the pass reads: blend
 * mode, overprint, alpha-is-shape, stroke adjustment, smoothness, knockout and what Poppler
 * never reads (halftone, black generation, undercolour removal).  Gfx looks up some 26 keys
 * in the dictionary at each `gs`, each lookup a string compare against every key present; a
 * report that sets a state before each run of text spent a sixth of its pass there. */
static const char *const UNREAD_GSTATE_KEYS[] = { "Type", "BM", "AIS", "OP", "op", "OPM", "SA", "SM", "TK",
                                                  "HT", "BG", "BG2", "UCR", "UCR2" };

static bool
unread_gstate_key (const char *key)
{
  for (const char *k : UNREAD_GSTATE_KEYS)
    if (strcmp (k, key) == 0)
      return true;
  return false;
}

/* A graphics state dictionary without its unread keys (a copy: the document's own is left
 * alone); anything else is given back as it is. */
static Object
trimmed_gstate (FrTextPass *tp, const Object &entry)
{
  XRef *xref = tp->doc->getXRef ();
  std::pair<int, int> id (-1, -1);
  if (entry.isRef ()) {
    id = { entry.getRef ().num, entry.getRef ().gen };
    auto found = tp->gstates.find (id);
    if (found != tp->gstates.end ())
      return found->second.copy ();
  }
  Object gs = entry.fetch (xref);
  Object out;
  if (!gs.isDict ()) {
    out = entry.copy ();
  } else {
    Dict *trimmed = new Dict (xref);
    for (int i = 0; i < gs.dictGetLength (); i++)
      if (!unread_gstate_key (gs.dictGetKey (i)))
        trimmed->add (gs.dictGetKey (i), gs.dictGetValNF (i).copy ());
    out = Object (trimmed);
  }
  if (entry.isRef ())
    tp->gstates.emplace (id, out.copy ());
  return out;
}

/* What a page's content streams may inflate to in all: past it, the rest are left to
 * Poppler's own inflater, which reads a stream as it goes rather than holding it (a page can
 * list one stream of tens of MiB many times over). */
constexpr gsize MAX_INFLATED = 64u << 20;

/* The page's content stream with nothing but /FlateDecode on it, inflated by zlib into a buffer
 * kept in keep: Poppler's own inflater, called a byte at a time under the lexer, cost the pass
 * more than zlib inflating the whole stream at once.  A stream with other filters or
 * parameters, in an encrypted document, or whose data zlib will not inflate whole (damaged,
 * cut short: Poppler reads what it can of those) is given back as it is, for Poppler to read
 * as it always did; a valid stream inflates to the same bytes either way.  *budget is what
 * the page's streams may still inflate to (MAX_INFLATED); a stream that would pass it is left
 * to Poppler too. */
static Object
inflated (XRef *xref, Object &&content, std::vector<std::unique_ptr<guint8, decltype (&g_free)>> &keep,
          gsize *budget)
{
  if (!content.isStream () || xref->isEncrypted () || *budget == 0)
    return std::move (content);
  Dict *dict = content.streamGetDict ();
  Object filter = dict->lookup ("Filter");
  if (filter.isArray () && filter.arrayGetLength () == 1)
    filter = filter.arrayGet (0);
  /* Poppler takes the abbreviated DP as well, and F where Filter is missing */
  if (!filter.isName ("FlateDecode") || !dict->lookup ("DecodeParms").isNull () || !dict->lookup ("DP").isNull ())
    return std::move (content);
  Stream *raw = content.getStream ()->getUndecodedStream ();
  std::vector<unsigned char> data = raw->toUnsignedChars ();
  raw->close ();
  gsize len = 0;
  guint8 *out = fr_inflate_all (data.data (), data.size (), *budget, &len);
  if (out == nullptr)
    return std::move (content);
  *budget -= len;
  keep.emplace_back (out, g_free);
  Stream *plain = new MemStream (reinterpret_cast<const char *> (out), 0, (Goffset) len, Object (new Dict (xref)));
  return Object (plain);
}

/* The page's content (a stream or an array of them, as Page::display reads it), each stream
 * inflated where inflated can. */
static Object
page_contents (XRef *xref, Page *page, std::vector<std::unique_ptr<guint8, decltype (&g_free)>> &keep)
{
  gsize budget = MAX_INFLATED;
  Object contents = page->getContents ();
  if (!contents.isArray ())
    return inflated (xref, std::move (contents), keep, &budget);
  Array *streams = new Array (xref);
  for (int i = 0; i < contents.arrayGetLength (); i++)
    streams->add (inflated (xref, contents.arrayGet (i), keep, &budget));
  return Object (streams);
}

/* The Gfx Page::createGfx makes for the text pass (72 dpi, the page's /Rotate, its crop box),
 * but with the page's fonts taken from tp->fonts, each built once a document.  Pages whose
 * /Font names a font by value rather than by reference (GfxFontDict invents an id for those)
 * get Page::createGfx's own. */
static Gfx *
make_gfx (FrTextPass *tp, Page *page, OutputDev *dev, Object *resources)
{
  Dict *res = page->getResourceDict ();
  Object font_dict = res != nullptr ? res->lookup ("Font") : Object (objNull);
  bool by_ref = font_dict.isDict ();
  for (int i = 0; by_ref && i < font_dict.dictGetLength (); i++)
    by_ref = font_dict.dictGetValNF (i).isRef ();
  if (!by_ref)
    return page->createGfx (dev, 72.0, 72.0, 0, false, true, -1, -1, -1, -1, false, nullptr, nullptr);

  XRef *xref = tp->doc->getXRef ();
  /* the page's resources with an empty /Font, so that the Gfx builds no font (GfxFontDict
   * is not exported: the Gfx makes the empty one, filled below) */
  Dict *copy = new Dict (xref);
  for (int i = 0; i < res->getLength (); i++) {
    const char *key = res->getKey (i);
    if (strcmp (key, "Font") == 0)
      continue;
    Object states = strcmp (key, "ExtGState") == 0 ? res->lookup (key) : Object (objNull);
    if (states.isDict ()) {
      /* the page's graphics states, each without its unread keys */
      Dict *trimmed = new Dict (xref);
      for (int j = 0; j < states.dictGetLength (); j++)
        trimmed->add (states.dictGetKey (j), trimmed_gstate (tp, states.dictGetValNF (j)));
      copy->add (key, Object (trimmed));
    } else {
      copy->add (key, res->getValNF (i).copy ());
    }
  }
  copy->add ("Font", Object (new Dict (xref)));
  *resources = Object (copy);

  int rotate = page->getRotate ();
  if (rotate >= 360)
    rotate -= 360;
  else if (rotate < 0)
    rotate += 360;
  PDFRectangle box;
  bool crop = true;
  page->makeBox (72.0, 72.0, rotate, false, dev->upsideDown (), -1, -1, -1, -1, &box, &crop);
  if (!crop)
    crop = box == *page->getCropBox () && dev->needClipToCropBox ();
  Gfx *gfx = new Gfx (tp->doc.get (), dev, page->getNum (), copy, 72.0, 72.0, &box,
                      crop ? page->getCropBox () : nullptr, rotate, nullptr, nullptr, nullptr);

  /* the fonts GfxFontDict would build, in its order, from the cache */
  GfxResources *stack = gfx->*member_of (GfxResourceStack {});
  GfxFontDict *fonts = stack->*member_of (ResourceFonts {});
  if (fonts == nullptr) {
    delete gfx;
    *resources = Object ();
    return page->createGfx (dev, 72.0, 72.0, 0, false, true, -1, -1, -1, -1, false, nullptr, nullptr);
  }
  std::vector<std::shared_ptr<GfxFont>> &list = fonts->*member_of (FontDictFonts {});
  list.resize ((size_t) font_dict.dictGetLength ());
  for (int i = 0; i < font_dict.dictGetLength (); i++) {
    Ref ref = font_dict.dictGetValNF (i).getRef ();
    const char *tag = font_dict.dictGetKey (i);
    FontKey key (ref.num, ref.gen, tag);
    auto found = tp->fonts.find (key);
    if (found == tp->fonts.end ()) {
      std::shared_ptr<GfxFont> font;
      Object obj = font_dict.dictGetValNF (i).fetch (xref);
      if (obj.isDict ()) {
        font = GfxFont::makeFont (xref, tag, ref, obj.getDict ());
        if (font && !font->isOk ())
          font.reset ();
      }
      if (tp->fonts.size () >= MAX_CACHED_FONTS) {
        list[(size_t) i] = std::move (font);
        continue;
      }
      found = tp->fonts.emplace (std::move (key), std::move (font)).first;
    }
    list[(size_t) i] = found->second;
  }
  return gfx;
}

static gpointer
make_global_params (gpointer)
{
  if (!globalParams)
    globalParams = std::make_unique<GlobalParams> ();
  return nullptr;
}

/* Poppler's GlobalParams (4,668 glyph names put in a table, its data folders listed: about 4 M
 * instructions) is made first by whichever thread asks first; another that asks meanwhile waits
 * for it (fr_extract_prepare makes it aside). */
static GOnce global_params_once = G_ONCE_INIT;

static gboolean
once_ready (gconstpointer once)
{
  return __atomic_load_n (&static_cast<const GOnce *> (once)->status, __ATOMIC_ACQUIRE) == G_ONCE_STATUS_READY;
}

extern "C" void
fr_text_pass_init (void)
{
  /* being made aside: waited for on this thread's CPU (aside.h) */
  if (__atomic_load_n (&global_params_once.status, __ATOMIC_ACQUIRE) == G_ONCE_STATUS_PROGRESS)
    fr_aside_await (once_ready, &global_params_once);
  g_once (&global_params_once, make_global_params, nullptr);
}

extern "C" void
fr_text_pass_quiet (void)
{
  setErrorCallback (quiet);
}

/* The colour profiles every GfxState shares (lcms's sRGB and XYZ profiles, static members of
 * GfxState made by the process's first GfxState: about 1 M instructions, a fifth of a one-page
 * file's own pass).  They need no GlobalParams, so the thread that parses makes them with a
 * GfxState of its own before it asks for GlobalParams: where GlobalParams is being made aside
 * (extract/aside.h), this thread would otherwise only wait meanwhile.  Only the thread that
 * parses makes a GfxState, and GfxState makes its profiles without a lock: they come first
 * here, in that thread, as they came with the first page's GfxState before. */
static gpointer
make_colour_profiles (gpointer)
{
  const PDFRectangle box (0.0, 0.0, 1.0, 1.0);
  GfxState state (72.0, 72.0, &box, 0, false);
  return nullptr;
}

extern "C" FrTextPass *
fr_text_pass_new (GBytes *pdf)
{
  static GOnce profiles = G_ONCE_INIT;
  g_once (&profiles, make_colour_profiles, nullptr);
  auto tp = std::make_unique<FrTextPass> ();
  tp->bytes = g_bytes_ref (pdf);
  gsize len = 0;
  const char *data = static_cast<const char *> (g_bytes_get_data (pdf, &len));
  auto open = [&] {
    tp->doc = std::make_unique<PDFDoc> (new MemStream (data, 0, (Goffset) len, Object (objNull)));
  };
  /* GlobalParams being made aside (extract/aside.h): the document is opened meanwhile, its
   * cross-reference table, catalog and page tree read, which this thread would otherwise wait
   * to do.  Poppler 22.12 reads globalParams for fonts, the text layout and Gfx, not to open a
   * document, except in error () when no callback is set: fr_text_pass_quiet set ours before
   * the thread aside started (HACKING.md, "A thread aside").  Where no thread is making it,
   * GlobalParams comes first, as Poppler asks. */
  const bool aside = __atomic_load_n (&global_params_once.status, __ATOMIC_ACQUIRE) == G_ONCE_STATUS_PROGRESS;
  if (aside)
    open ();
  fr_text_pass_init ();
  /* poppler-glib drops it when its last document is freed (GlobalParamsIniter), and only
   * this thread, the one that parses, uses poppler-glib: made again here */
  make_global_params (nullptr);
  setErrorCallback (quiet);
  if (!aside)
    open ();
  if (!tp->doc->isOk () || tp->doc->getNumPages () <= 0) {
    tp->doc.reset ();
    g_bytes_unref (tp->bytes);
    return nullptr;
  }
  tp->drawings = std::make_unique<fr::Drawings> ();
  tp->drawings->pages.resize ((size_t) tp->doc->getNumPages ());
  return tp.release ();
}

extern "C" guint
fr_text_pass_n_pages (const FrTextPass *tp)
{
  return (guint) tp->doc->getNumPages ();
}

extern "C" void *
fr_text_pass_pdf_doc (FrTextPass *tp)
{
  return tp->doc.get ();
}

extern "C" gboolean
fr_text_pass_maybe_tagged (FrTextPass *tp)
{
  Object catalog = tp->doc->getXRef ()->getCatalog ();
  return catalog.isDict () && !catalog.dictLookupNF ("StructTreeRoot").isNull ();
}

/* Could Poppler write this character right to left?  A superset of Unicode's bidirectional
 * classes R and AL (Hebrew to Arabic Extended, the right-to-left marks, embeddings and
 * isolates, the presentation forms, the right-to-left blocks past the BMP): the selection's
 * text reorders a fragment that holds one, which the walk does not. */
static bool
maybe_right_to_left (Unicode u)
{
  return (u >= 0x0590 && u <= 0x08FF) || u == 0x200F || u == 0x202B || u == 0x202E || u == 0x2067
         || (u >= 0xFB1D && u <= 0xFDFF) || (u >= 0xFE70 && u <= 0xFEFF) || (u >= 0x10800 && u <= 0x10FFF)
         || (u >= 0x1E800 && u <= 0x1EFFF);
}

/* The walk of poppler_page_get_text, _get_text_layout and _get_text_attributes together: the
 * selection's text, then one box and one font for each of its characters, its spaces and line
 * ends included.  The text is written as TextPage::getSelectionText writes it (each fragment in
 * the text encoding, a space after a word that has one but the line's last, a line end between
 * lines), from the same lines of words: it walked them once more.  *text_out is NULL where a
 * character may be written right to left (getSelectionText reorders those; the caller asks it). */
static void
walk_words (TextPage *text, const PDFRectangle *sel, FrDocument *doc, char **text_out, FrCharRect **rects_out,
            guint *n_out, GArray **runs_out)
{
  *text_out = nullptr;
  int n_lines = 0;
  std::vector<TextWordSelection *> **lines = text->getSelectionWords (sel, selectionStyleGlyph, &n_lines);
  if (lines == nullptr)
    return;
  if (n_lines <= 0) {
    gfree (lines);
    return;
  }
  guint n = (guint) (n_lines - 1);
  gsize room = 0;   /* characters, spaces and line ends the text can hold, counted loosely */
  for (int i = 0; i < n_lines; i++) {
    const std::vector<TextWordSelection *> &words = *lines[i];
    n += (guint) words.size () - 1;
    room += words.size () + 1;
    for (size_t j = 0; j < words.size (); j++) {
      room += (gsize) MAX (words[j]->getEnd () - words[j]->getBegin (), 0);
      n += (guint) (words[j]->getEnd () - words[j]->getBegin ());
      if (!words[j]->getWord ()->hasSpaceAfter () && j < words.size () - 1)
        n--;
    }
  }
  FrCharRect *rects = static_cast<FrCharRect *> (g_malloc0_n (MAX (n, 1u), sizeof (FrCharRect)));
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (FrTextRun));
  const UnicodeMap *map = globalParams->getTextEncoding ();
  /* room for the longest encoding of each (8 bytes, the most mapUnicode is given) */
  char *out = static_cast<char *> (g_malloc (8 * room + 1)), *o = out;
  bool reordered = map == nullptr;
  char space[8], eol[8];
  int space_len = map ? map->mapUnicode (0x20, space, sizeof space) : 0;
  int eol_len = map ? map->mapUnicode (0x0a, eol, sizeof eol) : 0;
  FrTextRun *run = nullptr;
  const TextWord *prev = nullptr;
  int prev_i = 0;
  guint offset = 0;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  for (int i = 0; i < n_lines; i++) {
    std::vector<TextWordSelection *> *words = lines[i];
    FrCharRect *rect = nullptr;
    for (size_t j = 0; j < words->size (); j++) {
      TextWordSelection *ws = (*words)[j];
      const TextWord *word = ws->getWord ();
      for (int k = ws->getBegin (); k < ws->getEnd () && !reordered; k++) {
        Unicode u = *word->getChar (k);
        reordered = maybe_right_to_left (u);
        o += map->mapUnicode (u, o, 8);
      }
      for (int k = ws->getBegin (); k < ws->getEnd () && offset < n; k++) {
        FrCharRect *r = &rects[offset];
        word->getCharBBox (k, &r->x1, &r->y1, &r->x2, &r->y2);
        if (prev == nullptr || !same_attributes (word, k, prev, prev_i)) {
          std::string name = font_name (word, k);
          FrTextRun nr = { offset, offset, fr_document_intern_font (doc, name.c_str ()), (float) word->getFontSize () };
          g_array_append_val (runs, nr);
          run = reinterpret_cast<FrTextRun *> (runs->data) + (runs->len - 1);
        }
        run->end = offset;
        offset++;
        prev = word;
        prev_i = k;
      }
      rect = offset < n ? &rects[offset] : nullptr;
      word->getBBox (&x1, &y1, &x2, &y2);
      if (word->hasSpaceAfter () && j < words->size () - 1) {
        double x3, y3, x4, y4;
        (*words)[j + 1]->getWord ()->getBBox (&x3, &y3, &x4, &y4);
        /* a space runs from one word to the next, as high as the first */
        if (rect)
          *rect = { x2, y1, x3, y2 };
        if (run)
          run->end = offset;
        offset++;
        memcpy (o, space, (size_t) space_len);
        o += space_len;
      }
      delete ws;
    }
    if (i < n_lines - 1) {
      if (offset > 0 && rect)
        *rect = { x2, y2, x2, y2 };
      if (run)
        run->end = offset;
      offset++;
      memcpy (o, eol, (size_t) eol_len);
      o += eol_len;
    }
    delete words;
  }
  gfree (lines);
  /* read up to its first NUL, if any, as the copy of getSelectionText's GooString was */
  *o = '\0';
  if (reordered)
    g_free (out);
  else
    *text_out = out;
  *rects_out = rects;
  *n_out = n;
  *runs_out = runs;
}

extern "C" gboolean
fr_text_pass_page (FrTextPass *tp, FrDocument *doc, guint index, char **text_out, FrCharRect **rects,
                   guint *n_rects, GArray **runs)
{
  *text_out = nullptr;
  *rects = nullptr;
  *n_rects = 0;
  *runs = nullptr;
  if (index >= fr_text_pass_n_pages (tp))
    return FALSE;
  Page *page = tp->doc->getPage ((int) index + 1);
  if (page == nullptr || !page->isOk ())
    return FALSE;

  PassDev dev;
  Object resources;
  Gfx *gfx = make_gfx (tp, page, &dev, &resources);
  {
    /* as Page::display (Gfx *), over the content inflated by zlib */
    std::vector<std::unique_ptr<guint8, decltype (&g_free)>> keep;
    Object contents = page_contents (tp->doc->getXRef (), page, keep);
    if (!contents.isNull ()) {
      gfx->saveState ();
      gfx->display (&contents);
      gfx->restoreState ();
    }
  }
  dev.endPage ();
  TextPage *text = dev.takeText ();
  /* annotations (form fields, stamps) are drawn for the rules only, as displaySlice draws
   * them; the text pass never read their text */
  Annots *annots = page->getAnnots ();
  if (annots != nullptr)
    for (Annot *a : annots->getAnnots ())
      a->draw (gfx, false);
  delete gfx;
  const fr::Drawing &d = dev.sink.d;
  size_t pieces = d.h.size () + d.v.size () + d.fills.size () + d.marks.size ();
  if (tp->kept + pieces <= MAX_KEPT_PIECES) {
    tp->kept += pieces;
    tp->drawings->pages[index] = std::make_unique<fr::Drawing> (std::move (dev.sink.d));
  }

  /* the whole page, as poppler_page_get_size gives it */
  double w = page->getCropWidth (), h = page->getCropHeight ();
  if (page->getRotate () == 90 || page->getRotate () == 270)
    std::swap (w, h);
  PDFRectangle sel (0, 0, w, h);
  walk_words (text, &sel, doc, text_out, rects, n_rects, runs);
  if (*runs != nullptr && *text_out == nullptr) {
    GooString *s = text->getSelectionText (&sel, selectionStyleGlyph);
    *text_out = g_strdup (s->c_str ());
    delete s;
  }
  text->decRefCnt ();
  if (*runs == nullptr) {
    g_clear_pointer (text_out, g_free);
    return FALSE;
  }
  return TRUE;
}

extern "C" gpointer
fr_text_pass_steal_drawings (FrTextPass *tp)
{
  return tp->drawings.release ();
}

extern "C" void
fr_text_pass_free (FrTextPass *tp)
{
  if (tp == nullptr)
    return;
  tp->fonts.clear ();
  tp->gstates.clear ();
  tp->doc.reset ();
  g_bytes_unref (tp->bytes);
  delete tp;
}
