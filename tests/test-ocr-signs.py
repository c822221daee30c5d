#!/usr/bin/python3
"""A comparison sign alone in its cell (a target table's 指标方向 column: ≥ and ≤ beside the
figure's own column) is read from its ink: chi_sim has no ≥ or ≤ and reads one alone as 之,
二 or 委, and the row lost its target_cmp.  A sign that is no chevron over a bar (=) stays as
read, and so do the Chinese cells beside it.

The scan is drawn here (Pillow, a CJK font of the system's) at 300 dpi, clean.  Skipped without
Tesseract's chi_sim data, Pillow or a CJK font."""
import json
import os
import subprocess
import tempfile

from ocrdraw_testlib import require

FINREP = os.environ["FINREP"]


Image, ImageDraw, ImageFont, font_path = require()

rows = [["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "指标方向", "分值"],
        ["产出指标", "数量指标", "道路清扫面积", "1260", "万平方米", "≥", "20"],
        ["产出指标", "时效指标", "垃圾日产日清率", "100", "%", "=", "10"],
        ["成本指标", "经济成本指标", "每平方米保洁成本", "8.6", "元", "≤", "10"],
        ["满意度指标", "服务对象满意度指标", "市民满意度", "90", "%", "≥", "20"]]
want = {"道路清扫面积": "≥", "每平方米保洁成本": "≤", "市民满意度": "≥"}
dpi = 300
W, H = int(8.27 * dpi), int(11.69 * dpi)
im = Image.new("L", (W, H), 255)
d = ImageDraw.Draw(im)
font = ImageFont.truetype(font_path, int(10.5 / 72 * dpi))
widths = [int(w * dpi) for w in (0.9, 1.6, 1.5, 0.6, 0.9, 0.8, 0.5)]
x0, y0, rh = int(0.5 * dpi), int(1 * dpi), int(0.32 * dpi)
xs = [x0]
for w in widths:
    xs.append(xs[-1] + w)
for r in range(len(rows) + 1):
    d.line([(x0, y0 + r * rh), (xs[-1], y0 + r * rh)], fill=0, width=3)
for x in xs:
    d.line([(x, y0), (x, y0 + len(rows) * rh)], fill=0, width=3)
for r, row in enumerate(rows):
    for c, t in enumerate(row):
        d.text((xs[c] + 20, y0 + r * rh + 18), t, font=font, fill=0)

with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "signs.pdf")
    im.save(pdf, resolution=dpi)
    p = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True, timeout=600)
rec = json.loads(p.stdout)
got = {i.get("name"): i.get("target_cmp") for i in rec.get("indicators") or []}
print(f"1..{len(want) + 1}")
n = 0
for name, sign in want.items():
    n += 1
    print(f"{'ok' if got.get(name) == sign else 'not ok'} {n} - {name}: target_cmp {got.get(name)!r} (drawn {sign})")
n += 1
other = got.get("垃圾日产日清率")
print(f"{'ok' if other not in ('≥', '≤') else 'not ok'} {n} - 垃圾日产日清率: its = is no ≥ or ≤ (target_cmp {other!r})")
