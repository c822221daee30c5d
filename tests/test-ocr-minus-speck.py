#!/usr/bin/python3
"""A speck of dust before a figure, where a minus would stand, that chi_sim read as a minus:
on a scan read at its own pixels (150 dpi), the cell's gray ink there is a dot (its pixels at
half its darkness within a quarter of the digits' height each way), as no minus is, and the
figure gets no sign (extract/ocr.c, minus_speck).  Before, such a figure was put in doubt and
given no value (`-40处` for 40处, `-95` for 95).  A minus printed before a figure stays.

An indicator table drawn here (Pillow, a CJK font of the system's) at 150 dpi, blurred and
gray as a scanner gives it, with a speck of two pixels before most figures at the height of
a minus, at two blurs.  Skipped without Tesseract's chi_sim data, Pillow or a CJK font."""
import io
import json
import os
import subprocess
import tempfile

from ocrdraw_testlib import draw_table, require

FINREP = os.environ["FINREP"]

Image, ImageDraw = require()[:2]   # skips the test without what it needs
from PIL import ImageFilter  # noqa: E402  (after the skip: Pillow may be missing)

DPI = 150
plain = [("补植行道树株数", "860株", 860), ("树穴整治个数", "1200个", 1200), ("重大网络安全事件", "0次", 0),
         ("新增绿地面积", "12.5公顷", 12.5), ("培训档案干部", "412人次", 412), ("加装无障碍坡道", "40处", 40),
         ("举办培训班", "6期", 6), ("道路保洁质量达标率", "95%", 95)]
signed = [("投诉件数变化", "-12件", -12), ("能耗下降", "-3.5%", -3.5)]
rows = [["一级指标", "二级指标", "三级指标", "指标值", "分值"]]
rows += [["产出指标", "数量指标", n, t, "10"] for n, t, _ in plain + signed]


def read(blur, tmp):
    """The indicators finrep reads from the table drawn with a scanner's blur of that radius,
    a speck before each figure printed without a sign."""
    png, pdf = os.path.join(tmp, "specks.png"), os.path.join(tmp, "specks.pdf")
    draw_table(rows, (0.9, 1.0, 1.6, 1.1, 0.5), DPI, png, line=1)
    im = Image.open(png).convert("L")
    d = ImageDraw.Draw(im)
    x = int(0.5 * DPI + (0.9 + 1.0 + 1.6) * DPI) + DPI // 15 - 4
    for r in range(1, len(plain) + 1):
        y = int(1 * DPI + r * 0.32 * DPI) + DPI // 17 + 9   # a minus's height, before the digits
        d.rectangle([x, y, x + 1, y + 1], fill=0)
    im = im.filter(ImageFilter.GaussianBlur(blur)).point(lambda v: 40 + v * 190 // 255)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=60)
    Image.open(buf).save(pdf, resolution=DPI)
    p = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True, timeout=600)
    return {i.get("name"): i for i in json.loads(p.stdout).get("indicators") or []}


blurs = (0.5, 0.7)
print(f"1..{3 * len(blurs)}")
n = 0
with tempfile.TemporaryDirectory() as tmp:
    for blur in blurs:
        got = read(blur, tmp)
        minus = [(k, got[k].get("target")) for k, _, _ in plain if (got.get(k, {}).get("target") or "").startswith("-")]
        n += 1
        print(f"{'ok' if not minus else 'not ok'} {n} - blur {blur}: no minus where a speck stands ({minus})")
        wrong = [(k, got.get(k, {}).get("target_value")) for k, _, v in plain + signed
                 if got.get(k, {}).get("target_value") not in (v, None)]
        n += 1
        print(f"{'ok' if not wrong else 'not ok'} {n} - blur {blur}: no figure given wrong ({wrong})")
        kept = [(k, got.get(k, {}).get("target")) for k, _, _ in signed]
        n += 1
        print(f"{'ok' if all((t or '').startswith('-') for _, t in kept) else 'not ok'} {n} - "
              f"blur {blur}: a printed minus stays ({kept})")
