"""What the tests that draw a page for the OCR route share: the skip when Tesseract's chi_sim
data, Pillow or a CJK font is missing, and the font's file."""
import os
import subprocess
import sys


def skip(why):
    print(f"1..0 # SKIP {why}")
    sys.exit(0)


def require():
    """Pillow's Image, ImageDraw, ImageFont and a CJK font's path; skips the test without them
    or without Tesseract's chi_sim data."""
    probe = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True) \
        if any(os.access(os.path.join(d, "tesseract"), os.X_OK) for d in os.environ["PATH"].split(":")) else None
    if probe is None or "chi_sim" not in probe.stdout + probe.stderr:
        skip("Tesseract's chi_sim data is not installed")
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        skip("no Pillow")
    font_path = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-cn:style=Regular"],
                               capture_output=True, text=True).stdout.strip()
    if not font_path or not os.path.exists(font_path):
        skip("no CJK font")
    return Image, ImageDraw, ImageFont, font_path


def draw_table(rows, widths, dpi, path, line=1, pad=None):
    """rows drawn as a ruled table (columns widths inches wide, rows 0.32 inch tall, from half
    an inch left and an inch down) on an A4 page image at dpi, saved as an image-only PDF at
    path, the way a scanner gives it; pad is the text's (x, y) offset in its cell in pixels."""
    Image, ImageDraw, ImageFont, font_path = require()
    pad = pad or (dpi // 15, dpi // 17)
    im = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(font_path, int(10.5 / 72 * dpi))
    x0, y0, rh = int(0.5 * dpi), int(1 * dpi), int(0.32 * dpi)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + int(w * dpi))
    for r in range(len(rows) + 1):
        d.line([(x0, y0 + r * rh), (xs[-1], y0 + r * rh)], fill=0, width=line)
    for x in xs:
        d.line([(x, y0), (x, y0 + len(rows) * rh)], fill=0, width=line)
    for r, row in enumerate(rows):
        for c, t in enumerate(row):
            d.text((xs[c] + pad[0], y0 + r * rh + pad[1]), t, font=font, fill=0)
    im.save(path, resolution=dpi)
