#!/usr/bin/python3
"""Image-only copies of fixtures, made the way an office scanner makes them.

    mkscan.py [-o DIR] [--dpi N] [--pages A-B] [--mixed K] FIXTURE.pdf NAME

Each page is rasterised at --dpi (pdftoppm, gray), then with ImageMagick: the paper turned
gray and the ink not quite black, the sheet fed a little askew (a different small angle on each
page, the canvas kept at the page's size), speckles of dust, a touch of blur, and JPEG at a
scanner's quality.  The pages go into a PDF of their own, one DCT image a page at the page's
size in points: no text layer at all, as a scanner writes it.

--broken OUT.pdf writes one A4 page whose image stream is not a JPEG at all (the damaged
scan of tests/gen/mkbad.sh).

--mixed K keeps the first K pages as they were (with their text layer) and scans the rest:
a text PDF with scanned pages bound in.

Everything is seeded: the same input gives the same bytes (ImageMagick's noise takes -seed).
Needs poppler-utils (pdftoppm, pdfinfo), imagemagick and qpdf (for --mixed).
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

# per page, in turn: degrees of skew (a hand-fed sheet is seldom more than a degree off)
ANGLES = [0.6, -0.45, 0.8, -0.7, 0.35, -0.9]


def page_sizes(pdf):
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", pdf], capture_output=True,
                         text=True, check=True).stdout
    sizes = []
    for m in re.finditer(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, re.M):
        sizes.append((float(m.group(1)), float(m.group(2))))
    rots = [int(r) for r in re.findall(r"^Page\s+\d+ rot:\s+(\d+)", out, re.M)]
    for i, r in enumerate(rots):
        if r % 180 == 90:   # pdftoppm draws the page turned; the scan is of what is displayed
            sizes[i] = (sizes[i][1], sizes[i][0])
    return sizes


def specks(w, h, seed, n=400):
    """Dust and toner specks: n dots of 1-3 pixels at seeded places (a noise filter over every
    pixel would make the JPEG five times larger than a real scan's)."""
    rnd = random.Random(seed)
    dots = []
    for _ in range(n):
        x, y, r = rnd.randrange(w), rnd.randrange(h), rnd.choice((0, 0, 1, 1, 2))
        dots.append("rectangle %d,%d %d,%d" % (x, y, x + r, y + rnd.choice((0, r))))
    return " ".join(dots)


def scan_page(png, out_jpg, dpi, angle, seed):
    quality = "50" if dpi <= 100 else "55"
    w, h = image_size(png)
    subprocess.run([
        "convert", png, "-colorspace", "Gray",
        "-fill", "gray25", "-draw", specks(w, h, seed),   # dust, before the sheet is fed
        "+level", "10%,91%",                              # gray paper, ink not black
        "-background", "gray91", "-rotate", str(angle),   # askew, paper-gray corners
        "-gravity", "center", "-extent", "%dx%d" % (w, h),
        "-blur", "0x0.4",
        "-strip", "-quality", quality, "-sampling-factor", "1x1", out_jpg], check=True)


def image_size(png):
    out = subprocess.run(["identify", "-format", "%w %h", png], capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


def write_pdf(pages, path):
    """pages: (jpeg bytes, width px, height px, width pt, height pt)."""
    objs = []   # bodies, object i+1

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    tree = add(None)
    kids = []
    for jpg, wpx, hpx, wpt, hpt in pages:
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                  b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (wpx, hpx, len(jpg))
                  + jpg + b"\nendstream")
        draw = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (wpt, hpt)
        content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                        b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                        % (tree, wpt, hpt, img, content)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objs[tree - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
                      + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    with open(path, "wb") as f:
        f.write(out)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--broken":
        write_pdf([(b"not a JPEG: the scanner's file was cut short " * 20, 1240, 1754, 595.28, 841.89)],
                  sys.argv[2])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("-o", "--outdir", default=".")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--pages", default=None, help="A-B: only these pages (1-based)")
    ap.add_argument("--mixed", type=int, default=0)
    ap.add_argument("pdf")
    ap.add_argument("name")
    a = ap.parse_args()
    sizes = page_sizes(a.pdf)
    first, last = 1, len(sizes)
    if a.pages:
        first, last = (int(x) for x in a.pages.split("-"))
    with tempfile.TemporaryDirectory() as tmp:
        pages = []
        for p in range(max(first, a.mixed + 1), last + 1):
            base = os.path.join(tmp, "p%d" % p)
            subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(a.dpi), "-f", str(p), "-l", str(p),
                            "-singlefile", a.pdf, base], check=True)
            jpg = base + ".jpg"
            scan_page(base + ".png", jpg, a.dpi, ANGLES[(p - 1) % len(ANGLES)], seed=p)
            w, h = image_size(jpg)
            pages.append((open(jpg, "rb").read(), w, h, sizes[p - 1][0], sizes[p - 1][1]))
        out = os.path.join(a.outdir, a.name + ".pdf")
        if a.mixed:
            scanned = os.path.join(tmp, "scanned.pdf")
            write_pdf(pages, scanned)
            subprocess.run(["qpdf", "--deterministic-id", "--empty", "--pages", a.pdf, "%d-%d" % (first, a.mixed),
                            scanned, "1-z", "--", out], check=True)
        else:
            write_pdf(pages, out)
    print(out, os.path.getsize(out), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
