#!/usr/bin/python3
"""Letter-spaced CJK on a PDF page: a line drawn a character at a time, each an em or more
from the next, reads with one space a gap, and `finrep show --page` lists no rewrite of its
spaces.  Poppler prints a space into such gaps itself; finrep puts one in where Poppler
joins two words across a wide gap, and must not put a second one after Poppler's (the chars
stage then dropped it and `show` listed a rewrite, "a space the page does not show", of a
space the page never had).

The page is drawn here with cairo and a CJK font of the system's; skipped without them."""
import os
import subprocess
import sys
import tempfile

FINREP = os.environ["FINREP"]
try:
    import cairo
except ImportError:
    print("1..0 # SKIP no python3-cairo")
    sys.exit(0)

LINES = ["部门预算", "本年度单位预算收入支出情况说明", "项目支出"]
with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "spaced.pdf")
    s = cairo.PDFSurface(pdf, 595, 842)
    c = cairo.Context(s)
    c.select_font_face("Noto Sans CJK SC")
    y = 100
    for text, size, gap in zip(LINES, (24, 12, 12), (1.0, 0.95, 1.2)):
        c.set_font_size(size)
        x = 72
        for ch in text:
            c.move_to(x, y)
            c.show_text(ch)
            x += size * (1 + gap)
        y += 3 * size
    s.finish()
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    if "CJK" not in fonts:
        print("1..0 # SKIP no Noto Sans CJK font")
        sys.exit(0)
    text = subprocess.run([FINREP, "text", pdf], capture_output=True, text=True).stdout
    env = dict(os.environ, NO_COLOR="1")
    show = subprocess.run([FINREP, "show", "-p", "1", "-w", "200", pdf], capture_output=True, text=True,
                          env=env).stdout

print("1..2")
want = [" ".join(t) for t in LINES]
got = [l for l in text.split("\n") if l.strip()]
missing = [w for w in want if w not in got]
print(f"{'ok' if not missing else 'not ok'} 1 - each letter-spaced line reads with one space a gap "
      f"(missing {missing}; read {got})")
rewrites = [l.strip() for l in show.split("\n") if "rule space" in l]
print(f"{'ok' if not rewrites else 'not ok'} 2 - show lists no rewrite of their spaces ({rewrites})")
