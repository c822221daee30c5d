#!/usr/bin/python3
"""Table cells that read with low confidence are read again, and at 100 dpi their small
characters read right more often when the readings again cut the cell to black and white with
Leptonica's Otsu tile by tile, not Tesseract's one threshold over the whole cell: a blurred
stroke the one threshold joins to its neighbour or breaks is kept (整治 read 丈治, 点数 吉数,
新增绿地 新坊绿地 before; each reads right now).  The names of an indicator table are drawn here blurred and gray at 100 dpi,
as a scanner gives them, at two blurs, and must mostly read as drawn; before the tiles, 2 and 0 of
these 12 did.

The scan is drawn here (Pillow, a CJK font of the system's).  Skipped without Tesseract's
chi_sim data, Pillow or a CJK font."""
import io
import json
import os
import subprocess
import tempfile

from ocrdraw_testlib import draw_table, require

FINREP = os.environ["FINREP"]

Image = require()[0]   # skips the test without what it needs
from PIL import ImageFilter  # noqa: E402  (after the skip: Pillow may be missing)

names = ["农村公路安全隐患整治率", "农村公路日常养护里程", "巾帼创新创业示范基地个数", "新增科普互动展项",
         "新增绿地面积", "无障碍改造户数", "残疾人基本康复服务人数", "流动图书服务点数", "生活垃圾收运量",
         "补助资金拨付及时率", "2型糖尿病患者规范管理率", "残疾人及家属满意度"]
rows = [["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值"]]
rows += [["产出指标", "数量指标", n, "100%", "100%", "10"] for n in names]


def read_names(blur):
    """The names finrep reads from the table drawn with a scanner's blur of that radius, gray
    paper and ink, and JPEG."""
    with tempfile.TemporaryDirectory() as tmp:
        png, pdf = os.path.join(tmp, "names.png"), os.path.join(tmp, "names.pdf")
        draw_table(rows, (0.9, 1.0, 2.6, 0.8, 0.9, 0.5), 100, png, line=1)
        im = Image.open(png).convert("L").filter(ImageFilter.GaussianBlur(blur)).point(lambda v: 40 + v * 190 // 255)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=60)
        Image.open(buf).save(pdf, resolution=100)
        p = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True, timeout=600)
    return [i.get("name") for i in json.loads(p.stdout).get("indicators") or []]


# two blurs, so that the gain is not one drawing's (before the tiles: 2 and 0 of 12 right)
blurs = (0.6, 0.7)
print(f"1..{2 * len(blurs)}")
for k, blur in enumerate(blurs):
    got = read_names(blur)
    right = [n for n in names if n in got]
    print(f"{'ok' if len(got) == len(names) else 'not ok'} {2 * k + 1} - blur {blur}: {len(got)} indicator rows "
          f"(want {len(names)})")
    print(f"{'ok' if len(right) >= 6 else 'not ok'} {2 * k + 2} - blur {blur}: names read as drawn: {len(right)} of "
          f"{len(names)} (want 6 or more; read: {got})")
