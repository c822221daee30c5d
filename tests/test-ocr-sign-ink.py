#!/usr/bin/python3
"""A ≥ before a figure that chi_sim dropped at 100 dpi is read from its ink (extract/ocr.c,
fix_signs) where a speck stands by its upper arm: the speck was taken for the sign's ink, and
read as none (≥30万条 read 30万条: before, the row lost its target_cmp); and at 150 dpi where a
speck by the end of a slanted bar made the bar's box as tall as it is wide (图像质检合格率's ≥99%
read 们99%: before, the bar was taken for no bar, and the figure was in doubt), or where the 1
after it was read as a bracket (展览参观人次's ≥1万人次 read >]万人次: the sign is read all the
same, and the 1 is read again alone by eng, reread_after_sign).  A figure drawn
without a sign, a speck before it or not, gets none: a sign is never made from a digit's ink.

A page of final-account-evals scanned at 100 and 150 dpi by tests/gen/mkscan.py, and a table
drawn here (Pillow, a CJK font of the system's) blurred and gray at 100 dpi with specks before
plain figures.  Skipped without Tesseract's chi_sim data, Pillow or a CJK font."""
import io
import json
import os
import subprocess
import sys
import tempfile

from ocrdraw_testlib import draw_table, require

FINREP = os.environ["FINREP"]
FIXTURES = os.environ["FIXTURES"]
here = os.path.dirname(os.path.abspath(__file__))

Image, ImageDraw = require()[:2]   # skips the test without what it needs
from PIL import ImageFilter  # noqa: E402  (after the skip: Pillow may be missing)

truth = {i["name"]: i for i in json.load(open(os.path.join(FIXTURES, "final-account-evals.truth.json"),
                                             encoding="utf-8"))["indicators"]}
want = {100: {"著录条目数": "≥30万条"}, 150: {"图像质检合格率": "≥99%", "展览参观人次": "≥1万人次"}}
got = {}
with tempfile.TemporaryDirectory() as tmp:
    for page, dpi in ((4, 100), (4, 150), (8, 150)):
        name = f"evals-p{page}-{dpi}"
        got.setdefault(dpi, {})
        subprocess.run([sys.executable, os.path.join(here, "gen", "mkscan.py"), "-o", tmp, "--dpi", str(dpi),
                        "--pages", f"{page}-{page}", os.path.join(FIXTURES, "final-account-evals.pdf"), name],
                       check=True, capture_output=True)
        p = subprocess.run([FINREP, "extract", os.path.join(tmp, name + ".pdf")], capture_output=True, text=True,
                           timeout=600)
        for i in json.loads(p.stdout).get("indicators") or []:
            got[dpi][i.get("name")] = i

    # plain figures with a speck before them, drawn blurred and gray as a scanner gives them
    plain = [("补植行道树株数", "860株"), ("树穴整治个数", "1200个"), ("改造库房面积", "3200平方米"),
             ("重大网络安全事件", "0次"), ("新增绿地面积", "12.5公顷"), ("培训档案干部", "412人次"),
             ("加装无障碍坡道", "40处"), ("举办培训班", "6期")]
    rows = [["一级指标", "二级指标", "三级指标", "指标值", "分值"]]
    rows += [["产出指标", "数量指标", n, t, "10"] for n, t in plain]
    drawn = {}
    for blur in (0.5, 0.7):
        png, pdf = os.path.join(tmp, "plain.png"), os.path.join(tmp, "plain.pdf")
        draw_table(rows, (0.9, 1.0, 1.6, 1.1, 0.5), 100, png, line=1)
        im = Image.open(png).convert("L")
        d = ImageDraw.Draw(im)
        x = int(0.5 * 100 + (0.9 + 1.0 + 1.6) * 100) + 100 // 15 - 2
        for r in range(1, len(rows)):
            y = int(1 * 100 + r * 0.32 * 100) + 100 // 17 + 1
            d.rectangle([x, y, x + 1, y + 1], fill=0)
        im = im.filter(ImageFilter.GaussianBlur(blur)).point(lambda v: 40 + v * 190 // 255)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=60)
        Image.open(buf).save(pdf, resolution=100)
        p = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True, timeout=600)
        drawn[blur] = {i.get("name"): i.get("target_cmp") for i in json.loads(p.stdout).get("indicators") or []}

print(f"1..{sum(len(w) for w in want.values()) + 2}")
n = 0
for dpi, signs in want.items():
    for name, target in signs.items():
        n += 1
        row = got[dpi].get(name, {})
        ok = row.get("target_cmp") == target[0] and row.get("target") == target == truth[name]["target"]
        print(f"{'ok' if ok else 'not ok'} {n} - {dpi} dpi, {name}: target_cmp {row.get('target_cmp')!r}, target "
              f"{row.get('target')!r} (printed {truth[name]['target']})")
n += 1
made = [(dpi, k, i.get("target")) for dpi in got for k, i in got[dpi].items()
        if k in truth and i.get("target_cmp") and i.get("target_cmp") != (truth.get(k, {}).get("target") or " ")[0]]
print(f"{'ok' if not made else 'not ok'} {n} - the page's other rows: no sign the page has not ({made})")
n += 1
made = [(b, k, c) for b, cmps in drawn.items() for k, c in cmps.items() if c is not None]
rows_read = sum(len(c) for c in drawn.values())
print(f"{'ok' if not made and rows_read == 2 * len(plain) else 'not ok'} {n} - plain figures with a speck before "
      f"them: {rows_read} rows, no sign made ({made})")
