#!/usr/bin/python3
"""The fixed words of the forms that OCR misreads by one character are made the one word they
can be, where they stand (README, Scans): a head of an indicator table or of the funds block
beside one read right (全第预算数 is 全年预算数, 实际完成秆 实际完成值), a line of the funds
block over or under one read right (年度资金总突 is 年度资金总额, 土年结转 上年结转), the rest of a wrapped
level cell under its start (可持续影 / 量 is 可持续影响), the words a finance sentence reads an
amount by (本年说算安排资金 is 本年预算安排资金).  What could be either of two words, or another
form's word read right, is left as read: 年度目标值 beside 年度指标值, 补动资金 (补助资金 or
补贴资金?), named in the warnings.

The page is drawn here (Pillow, a CJK font of the system's) at 300 dpi, clean, with the
misreadings printed: OCR reads what is printed, so the test says what finrep does with such a
reading.  Skipped without Tesseract's chi_sim data, Pillow or a CJK font."""
import json
import os
import subprocess
import tempfile

from ocrdraw_testlib import require

FINREP = os.environ["FINREP"]


Image, ImageDraw, ImageFont, font_path = require()

dpi = 300
W, H = int(8.27 * dpi), int(11.69 * dpi)
im = Image.new("L", (W, H), 255)
d = ImageDraw.Draw(im)
pt = int(10.5 / 72 * dpi)
font = ImageFont.truetype(font_path, pt)
big = ImageFont.truetype(font_path, int(14 / 72 * dpi))


def table(x0, y0, widths, rows, rh=int(0.32 * dpi)):
    """Rows of cells; a cell's lines are split at '\\n' (a wrapped cell, its row the higher)."""
    heights = [rh * max(len(c.split("\n")) for c in row) for row in rows]
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    y = y0
    for row, h in zip(rows, heights):
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
        for c, t in enumerate(row):
            for k, part in enumerate(t.split("\n")):
                d.text((xs[c] + 20, y + 18 + k * int(pt * 1.25)), part, font=font, fill=0)
        y += h
    d.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for x in xs:
        d.line([(x, y0), (x, y)], fill=0, width=3)
    return y


x0 = int(0.8 * dpi)
y = int(1.3 * dpi)
for text in ("二、项目资金使用情况",
             "项目资金总额3268.45万元，其中本年说算安排资金3268.45万元。",
             "资金来源为：区级财政资金2568.45万元，市级补动资金700万元。",
             "部门支出总计3268.45万元。"):
    d.text((x0, y), text, font=big, fill=0)
    y += int(0.42 * dpi)
cw = int(1.45 * dpi)
y = table(x0, y + int(0.2 * dpi), [int(1.9 * dpi), cw, cw, cw],
          [["项目资金（万元）", "年初预算数", "全第预算数", "全年执行数"],
           ["年度资金总突：", "100.00", "100.00", "90.00"],
           ["其中：财政拨款", "80.00", "80.00", "70.00"],
           ["土年结转", "20.00", "20.00", "20.00"]])
table(x0, y + int(0.4 * dpi), [int(1.2 * dpi), int(1.2 * dpi), int(1.5 * dpi), int(1.3 * dpi), int(1.3 * dpi)],
      [["一级指标", "二级指标", "三级指标", "年度目标值", "实际完成秆"],
       ["效益指标", "可持续影\n量", "长效机制", "建立", "建立"],
       ["产出指标", "数量指标", "改造小区数", "4个", "4个"]])

with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "vocab.pdf")
    im.save(pdf, resolution=dpi)
    p = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True, timeout=600)
rec = json.loads(p.stdout)
text = json.dumps({k: rec.get(k) for k in ("sections", "tables", "indicators")}, ensure_ascii=False)
warnings = "\n".join(rec.get("warnings") or [])
checks = []
for right, misread in (("全年预算数", "全第预算数"), ("年度资金总额", "年度资金总突"), ("上年结转", "土年结转"),
                       ("实际完成值", "实际完成秆"), ("本年预算安排资金", "本年说算安排资金")):
    checks.append((right in text and misread not in text, f"{misread} is made {right}"))
checks.append(("年度目标值" in text, "年度目标值, another form's head read right, stays (年度指标值 is a character away)"))
cats = [i.get("category") for i in rec.get("indicators") or []]
checks.append((["效益指标", "可持续影响"] in cats, f"the wrapped level 可持续影 / 量 is 可持续影响 ({cats})"))
checks.append(("补动资金" in text and "补助资金" in warnings,
               "补动资金 (补助资金, 补贴资金 …) is left as read and named in the warnings"))
checks.append(("支出总计" in text and "支出总计" not in warnings,
               "支出总计, a finance rule's word read right, is named in no warning (支出总额 is a character away)"))
print(f"1..{len(checks)}")
for n, (ok, what) in enumerate(checks, 1):
    print(f"{'ok' if ok else 'not ok'} {n} - {what}")
