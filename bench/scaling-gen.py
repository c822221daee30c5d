#!/usr/bin/python3
"""Writes one input of the scaling benchmark (bench/scaling.sh), or times a command.

    bench/scaling-gen.py CASE ROUTE SCALE OUT
    bench/scaling-gen.py --cpu-time RUNS COMMAND…   the least CPU time (user + system, in
                                                    seconds) of RUNS runs; CPU time, not
                                                    wall time, so a busy machine does not
                                                    blur the growth; "timeout" when COMMAND
                                                    (timeout …) gave up

CASE   longlines  8 lines of 32,000 characters each at x1
       paragraph  one paragraph of 250,000 characters at x1 (1 million at x4)
       table      one table of 2,500 rows at x1 (10,000 at x4), 5 columns
       wordtable  the same table with short words (是, 否, 达标) for its figures: a page of
                  thousands of runs of one or two Chinese characters
       pages      a report of 500 pages at x1 (2,000 at x4), with page numbers and a
                  running header, headings, paragraphs and a small table on every page
       tablepages a report that opens with 250 pages of tables (a budget's 表) and goes
                  on with 250 pages of text, at x1
ROUTE  text       an archived dump, as pdftotext writes it (pages split by \\f)
       layout     positioned lines (tests/fuzz/fuzz-common.h), as the PDF route sees them
SCALE  1, 4, 16, … (multiplies the size)

The text is made of the clauses below, cycled; nothing random, so a run is repeatable.
"""
import os
import sys

CLAUSES = [
    "广州市白云区工商业联合会紧紧围绕区委区政府中心工作",
    "认真履行职能，推动非公有制经济健康发展",
    "全年共走访基层商会31个，组织专题培训12场",
    "财政拨款收入435.27万元，比上年增加39.25万元",
    "项目资金使用规范，绩效目标基本完成",
    "加强预算执行管理，提高财政资金使用效益",
]
W, H = 595.0, 842.0          # A4
LEFT, RIGHT = 72.0, 523.0    # the text column
SIZE, PITCH = 12.0, 20.0     # 12 pt body, 20 pt between baselines
PER_LINE = int((RIGHT - LEFT) / SIZE)   # CJK characters in a full line


def chars(n, start=0):
    """n characters of running text, clauses joined by ，, ending in 。."""
    out, i, total = [], start, 0
    while total < n:
        out.append(CLAUSES[i % len(CLAUSES)])
        total += len(out[-1]) + 1
        i += 1
    s = "，".join(out)[: n - 1]
    return s + "。"


class Layout:
    def __init__(self):
        self.out = []
        self.y = None

    def page(self, height=H):
        self.out.append(f"P {W:g} {height:g}")
        self.y = 72.0

    def line(self, x0, x1, text, size=SIZE, font="SimSun", y=None):
        y = self.y if y is None else y
        self.out.append(f"L {x0:.1f} {y:.1f} {x1:.1f} {y + size:.1f} {size:g} {font} {text}")

    def text(self):
        return "\n".join(self.out) + "\n"


def longlines(route, scale):
    n = 32000 * scale
    lines = [chars(n, k) for k in range(8)]
    if route == "text":
        return "\n".join(lines) + "\n"
    lay = Layout()
    lay.page()
    for t in lines:
        # a line that runs far past the page: the rules must not care how far
        lay.line(LEFT, LEFT + SIZE * len(t), t)
        lay.y += PITCH
    return lay.text()


def paragraph(route, scale):
    body = chars(250000 * scale)
    rows = [body[i:i + PER_LINE] for i in range(0, len(body), PER_LINE)]
    if route == "text":
        # pdftotext's pages of 36 lines, each line full: one paragraph across them all
        pages = ["\n".join(rows[i:i + 36]) for i in range(0, len(rows), 36)]
        return "一、基本情况\n" + "\n\f".join(pages) + "\n"
    lay = Layout()
    lay.page()
    lay.line(LEFT, LEFT + 6 * SIZE, "一、基本情况", font="SimHei")
    lay.y += PITCH
    for k, row in enumerate(rows):
        if lay.y > H - 72:
            lay.page()
        x0 = LEFT + 2 * SIZE if k == 0 else LEFT
        lay.line(x0, min(RIGHT, x0 + SIZE * len(row)), row)
        lay.y += PITCH
    return lay.text()


WORDS = ["是", "否", "无", "有", "达标", "完成"]


def table_rows(n, words=False):
    yield ["序号", "项目名称", "预算数", "执行数", "执行率"]
    for i in range(1, n + 1):
        b = 100 + (i * 37) % 900
        e = b - (i % 7)
        if words:
            yield [str(i), f"{CLAUSES[i % len(CLAUSES)][:6]}{i}", WORDS[i % 6], WORDS[(i + 1) % 6],
                   WORDS[(i + 2) % 6]]
        else:
            yield [str(i), f"{CLAUSES[i % len(CLAUSES)][:6]}{i}", f"{b}.00", f"{e}.00",
                   f"{100 * e / b:.1f}%"]


def wordtable(route, scale):
    return table(route, scale, words=True)


def table(route, scale, words=False):
    n = 2500 * scale
    cols = [LEFT, LEFT + 50, LEFT + 200, LEFT + 290, LEFT + 380]
    if route == "text":
        out = ["二、项目支出情况", "表1 项目支出明细表"]
        for r in table_rows(n, words):
            out.append(f"{r[0]:<6}{r[1]:<16}{r[2]:>12}{r[3]:>12}{r[4]:>10}")
        return "\n".join(out) + "\n"
    # one page as tall as the table: the rules must not care how tall
    lay = Layout()
    lay.page(height=144 + PITCH * (n + 2))
    lay.line(LEFT, LEFT + 8 * SIZE, "二、项目支出情况", font="SimHei")
    lay.y += PITCH
    lay.line(200, 380, "表1 项目支出明细表")
    lay.y += PITCH
    for r in table_rows(n, words):
        for x, cell in zip(cols, r):
            lay.line(x, x + SIZE * len(cell) * 0.6, cell)
        lay.y += PITCH
    return lay.text()


def pages(route, scale):
    n = 500 * scale
    out_text, lay = [], Layout()
    for p in range(1, n + 1):
        heading = f"（{'一二三四五六七八九十'[p % 10]}）第{p}页的事项"
        para = chars(PER_LINE * 6, p)
        rows = [para[i:i + PER_LINE] for i in range(0, len(para), PER_LINE)]
        cells = [["指标", "目标值", "完成值"], [f"指标{p}", "100", f"{90 + p % 10}"]]
        if route == "text":
            page = ["2022年度部门整体支出绩效自评报告", heading] + rows
            page += [f"{c[0]:<10}{c[1]:>8}{c[2]:>8}" for c in cells]
            page += [f"— {p} —"]
            out_text.append("\n".join(page))
            continue
        lay.page()
        lay.line(180, 415, "2022年度部门整体支出绩效自评报告", size=9, y=40)
        lay.line(LEFT, LEFT + SIZE * len(heading), heading, font="SimHei")
        lay.y += PITCH
        for k, row in enumerate(rows):
            x0 = LEFT + 2 * SIZE if k == 0 else LEFT
            lay.line(x0, min(RIGHT, x0 + SIZE * len(row)), row)
            lay.y += PITCH
        for c in cells:
            for x, cell in zip([LEFT, 250, 400], c):
                lay.line(x, x + SIZE * len(cell), cell)
            lay.y += PITCH
        lay.line(285, 310, f"— {p} —", size=10, y=790)
    return "\n\f".join(out_text) + "\n" if route == "text" else lay.text()


def tablepages(route, scale):
    n = 250 * scale
    cols = [LEFT, 200, 330, 450]
    out_text, lay = [], Layout()
    for p in range(n):
        rows = [[f"科目{p}-{r}", f"{100 + r}.00", f"{90 + r}.00", f"{r}%"] for r in range(20)]
        if route == "text":
            out_text.append("\n".join("".join(f"{c:<14}" for c in row) for row in rows))
            continue
        lay.page()
        for row in rows:
            for x, cell in zip(cols, row):
                lay.line(x, x + SIZE * len(cell) * 0.6, cell)
            lay.y += PITCH
    for p in range(n):
        para = chars(PER_LINE * 20, p)
        rows = [para[i:i + PER_LINE] for i in range(0, len(para), PER_LINE)]
        if route == "text":
            out_text.append("\n".join(rows))
            continue
        lay.page()
        for row in rows:
            lay.line(LEFT, min(RIGHT, LEFT + SIZE * len(row)), row)
            lay.y += PITCH
    return "\n\f".join(out_text) + "\n" if route == "text" else lay.text()


CASES = {"longlines": longlines, "paragraph": paragraph, "table": table, "wordtable": wordtable,
         "pages": pages, "tablepages": tablepages}

def cpu_time(runs, cmd):
    best = None
    for _ in range(runs):
        pid = os.fork()
        if pid == 0:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execvp(cmd[0], cmd)
        _, status, usage = os.wait4(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code == 124:      # timeout(1): over the limit; the table says so
            print("timeout")
            return
        if code != 0:
            sys.exit(f"scaling: failed ({code}): {' '.join(cmd)}")
        t = usage.ru_utime + usage.ru_stime
        best = t if best is None else min(best, t)
    print(f"{best:.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "--cpu-time":
        cpu_time(int(sys.argv[2]), sys.argv[3:])
        sys.exit(0)
    case, route, scale, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(out, "w", encoding="utf-8") as f:
        f.write(CASES[case](route, scale))
