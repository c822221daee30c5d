/* drawing.hh — what a page's drawing holds for its ruling lines, kept from the text pass.
 *
 * C++ and internal to extract/: textpass.cc feeds a DrawingSink from the same interpreter
 * run that lays out the page's text (HACKING.md, "Ruling lines"), and vector.cc answers
 * fr_page_rulings_vector (vector.h) from what the sink kept, for any band of the page.
 * Everything is in device space: points, top-left origin, the page's /Rotate applied.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

class GfxState;

namespace fr {

/* One dark axis-parallel piece: along [a, b] at [lo, hi] across. */
struct Piece {
  double a, b, lo, hi;
};

/* Something a path reader cannot see (an image, a shading, a pattern), where it is clipped to. */
struct Mark {
  const char *what;   /* static */
  double y0, y1;
};

/* One page's drawing, in the order the page drew it. */
struct Drawing {
  std::vector<Piece> h, v;
  std::vector<Piece> fills;   /* dark areas: in a render they swallow the rules they touch */
  std::vector<Mark> marks;
  /* marks.size () when the pieces passed the limit of a page drawn in tiny strokes
   * (SIZE_MAX: never); nothing is kept after it, since every band's answer is then settled */
  size_t overflow_at = SIZE_MAX;
};

/* Keeps the parts of a page's drawing that can be rules, as the interpreter paints them. */
class DrawingSink
{
public:
  Drawing d;
  void stroke (GfxState *state);
  void fill (GfxState *state);
  void mark (GfxState *state, const char *what);

private:
  bool full () const { return d.overflow_at != SIZE_MAX; }
  void add_line (GfxState *state, double x0, double y0, double x1, double y1, double lw);
};

/* Every page's drawing of one document (NULL entries: pages the text pass did not run). */
struct Drawings {
  std::vector<std::unique_ptr<Drawing>> pages;
};

} // namespace fr
