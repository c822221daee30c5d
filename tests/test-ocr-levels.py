#!/usr/bin/python3
"""A level cell of an indicator table that OCR read right stays as read, though a standard
level is a character away: forms other than 财预〔2020〕10号's print levels of their own
(效果指标 beside 社会效益指标; 资产管理 beside 资金管理, of a 部门整体 evaluation).  Only a
reading that is no level of any form is made the one it can be (资金答理 is 资金管理).

The scan is drawn here (Pillow, a CJK font of the system's) at 300 dpi, clean: what OCR reads
of it is right, and must stay so.  Skipped without Tesseract's chi_sim data, Pillow or a
CJK font."""
import json
import os
import subprocess
import tempfile

from ocrdraw_testlib import require

FINREP = os.environ["FINREP"]


Image, ImageDraw, ImageFont, font_path = require()

rows = [["一级指标", "二级指标", "三级指标", "指标值"],
        ["效果指标", "社会效益指标", "受益人数", "500人"],
        ["效果指标", "经济效益指标", "带动就业", "20人"],
        ["过程指标", "资产管理", "账实相符率", "100%"],
        ["过程指标", "资金管理", "资金到位率", "100%"]]
dpi = 300
W, H = int(8.27 * dpi), int(11.69 * dpi)
im = Image.new("L", (W, H), 255)
d = ImageDraw.Draw(im)
font = ImageFont.truetype(font_path, int(10.5 / 72 * dpi))
x0, y0, cw, rh = int(0.8 * dpi), int(1 * dpi), int(1.6 * dpi), int(0.32 * dpi)
for r in range(len(rows) + 1):
    d.line([(x0, y0 + r * rh), (x0 + 4 * cw, y0 + r * rh)], fill=0, width=3)
for c in range(5):
    d.line([(x0 + c * cw, y0), (x0 + c * cw, y0 + len(rows) * rh)], fill=0, width=3)
for r, row in enumerate(rows):
    for c, t in enumerate(row):
        d.text((x0 + c * cw + 20, y0 + r * rh + 18), t, font=font, fill=0)

with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "levels.pdf")
    im.save(pdf, resolution=dpi)
    p = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True, timeout=600)
rec = json.loads(p.stdout)
text = json.dumps(rec, ensure_ascii=False)
print("1..3")
n = 0
for word, times in (("效果指标", 2), ("资产管理", 1), ("资金管理", 1)):
    n += 1
    got = text.count(word)
    print(f"{'ok' if got >= times else 'not ok'} {n} - {word} read {got} times, as printed {times}")
