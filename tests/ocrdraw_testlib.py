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
