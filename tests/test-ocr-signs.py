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

from ocrdraw_testlib import draw_table, require

FINREP = os.environ["FINREP"]


require()   # skips the test without what it needs

rows = [["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "指标方向", "分值"],
        ["产出指标", "数量指标", "道路清扫面积", "1260", "万平方米", "≥", "20"],
        ["产出指标", "时效指标", "垃圾日产日清率", "100", "%", "=", "10"],
        ["成本指标", "经济成本指标", "每平方米保洁成本", "8.6", "元", "≤", "10"],
        ["满意度指标", "服务对象满意度指标", "市民满意度", "90", "%", "≥", "20"]]
want = {"道路清扫面积": "≥", "每平方米保洁成本": "≤", "市民满意度": "≥"}
with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "signs.pdf")
    draw_table(rows, (0.9, 1.6, 1.5, 0.6, 0.9, 0.8, 0.5), 300, pdf, line=3, pad=(20, 18))
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
