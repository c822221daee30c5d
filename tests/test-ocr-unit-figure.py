#!/usr/bin/python3
"""A figure before its unit (12人) that chi_sim read right stays as read.  reread_unit_figure
counts the figure's digits from the ink left of the unit as chi_sim placed it; ink that runs
past the unit's start (the 2 of 12人 reaching into 人's box, or touching it) was left out of
the count, eng was then given the image cut after the counted ink (the 1 alone), read 1, and
chi_sim's 12 was taken for 1 with a digit read twice: the figure became 1人.  The count and
eng's reading must not depend on each other: the repair is only where they and chi_sim agree
on their own.

The scan is drawn here (Pillow, a CJK font of the system's) at 150 dpi.  Skipped without
Tesseract's chi_sim data, Pillow or a CJK font."""
import json
import os
import subprocess
import tempfile

from ocrdraw_testlib import draw_table, require

FINREP = os.environ["FINREP"]

require()   # skips the test without what it needs

rows = [["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "指标方向", "分值"]]
vals = [("10只", "只", "之", "10"), ("25台", "台", "二", "5"), ("8只", "号", "≥", "15"),
        ("12人", "吕", "三", "8"), ("46处", "处", "≤", "10"), ("100只", "只", "委", "20"),
        ("3台", "%", "=", "5"), ("20号", "号", "之", "I8"), ("5只", "品", "≥", "川"),
        ("7台", "八", "≤", "儿"), ("60只", "只", "之", "(1)")]
for i, (v, u, s, sc) in enumerate(vals):
    rows.append(["产出指标", "数量指标", f"测试指标{'甲乙丙丁戊己庚辛壬癸子'[i]}", v, u, s, sc])
with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "unit-figures.pdf")
    draw_table(rows, (0.9, 1.2, 1.5, 0.8, 0.9, 0.8, 0.6), 150, pdf, line=1)
    p = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True, timeout=600)
rec = json.loads(p.stdout)
got = [i.get("target") for i in rec.get("indicators") or []]
want = [v[0] for v in vals]
print("1..2")
print(f"{'ok' if '12人' in got else 'not ok'} 1 - 12人 read as drawn (targets {got})")
changed = [(w, g) for w, g in zip(want, got) if g != w and g is not None and w != "12人"
           and sum(c.isdigit() for c in g) < sum(c.isdigit() for c in w)]
print(f"{'ok' if not changed else 'not ok'} 2 - no figure lost a digit: {changed}")
