#!/usr/bin/python3
"""Build fixture PDFs and their ground truth from .fix descriptions.

usage: mkfixture.py [-o OUTDIR] [-q] fixtures/src/NAME.fix...

Writes OUTDIR/NAME.pdf and OUTDIR/NAME.truth.json (OUTDIR defaults to the parent of the
description's folder, so fixtures/src/x.fix -> fixtures/x.pdf). The description format, the
options and the truth shape are described in tests/gen/README.md.

The generator lays the pages out itself, so the truth (pages of sections and tables, table
cells, indicators, finance, arithmetic failures) comes from the same data that was drawn.
Runs Debian's python with python3-cairo, fonts-noto-cjk and qpdf.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

import cairo

SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
# A fixed date: the PDF must not change from run to run.
PDF_DATE = "2023-03-15T09:00:00"

# Page geometry in points, in the orientation the page is displayed.
# Portrait: 28 characters of 16pt per line and 22 lines of 29pt, like a GB/T 9704 document.
GEOM = {
    "portrait": dict(w=595.28, h=841.89, left=73.64, width=448.0, top=100.0, bottom=760.0),
    "landscape": dict(w=841.89, h=595.28, left=70.0, width=701.89, top=80.0, bottom=530.0),
}
BODY_PITCH, TITLE_PITCH = 29.0, 36.0
CELL_SIZE, CELL_PITCH, PADX, PADY, MIN_ROW = 10.5, 14.0, 3.0, 2.5, 19.0

KINDS = ["部门整体支出绩效自评报告", "项目支出绩效自评报告", "绩效评价报告", "部门预算", "单位预算",
         "部门决算", "单位决算", "部门整体预算绩效目标申报表", "项目支出绩效目标表"]

# Ideographs whose text layer becomes a Kangxi radical (U+2F00..U+2FD5) in a `kangxi` fixture.
# Fonts map both code points to one glyph, and producers that rebuild ToUnicode from the
# font's cmap pick the radical: that is where such text comes from in real reports.
KANGXI_CHARS = "一二人入八力十工大小山心手文方日月水火用田目立自行金高面首身言走里生"
KANGXI = {}
for _cp in range(0x2F00, 0x2FD6):
    _u = unicodedata.normalize("NFKC", chr(_cp))
    if _u in KANGXI_CHARS:
        KANGXI[_u] = chr(_cp)
# CJK Radicals Supplement: no NFKC form, only Unicode's EquivalentUnifiedIdeograph.txt.
KANGXI.update({"见": "\u2ec5", "贝": "\u2ec9", "车": "\u2ecb", "长": "\u2ed3", "门": "\u2ed4",
               "页": "\u2eda", "风": "\u2edb", "飞": "\u2edc", "马": "\u2ee2", "黄": "\u2ee9"})

FULLWIDTH = {c: chr(ord(c) + 0xFEE0)
             for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}

# Line-breaking rules (kinsoku): these may not start a line / may not end one.
NO_START = set("，。、；：？！）》」』”’％%·…—～,.;:?!)]")
NO_END = set("（《「『“‘([")
ASCII_RUN = re.compile(r"[A-Za-z0-9.,%+\-/:_]+|.", re.S)


class FixError(Exception):
    pass


# ---------------------------------------------------------------- fonts and text units

class Font:
    """A cairo scaled font with cached glyph ids and advances (unhinted, so widths are exact)."""
    _all = {}

    def __new__(cls, family, bold, size):
        key = (family, bold, size)
        if key not in cls._all:
            self = super().__new__(cls)
            face = cairo.ToyFontFace(family, cairo.FONT_SLANT_NORMAL,
                                     cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
            opts = cairo.FontOptions()
            opts.set_hint_metrics(cairo.HINT_METRICS_OFF)
            opts.set_hint_style(cairo.HINT_STYLE_NONE)
            self.sf = cairo.ScaledFont(face, cairo.Matrix(size, 0, 0, size), cairo.Matrix(), opts)
            self.size, self.glyphs, self.family = size, {}, family
            cls._all[key] = self
        return cls._all[key]

    def glyph(self, ch):
        if ch not in self.glyphs:
            g = self.sf.text_to_glyphs(0, 0, ch, False)[0]
            if g.index == 0:
                raise FixError("font %s has no glyph for %r" % (self.sf.get_font_face().get_family(), ch))
            self.glyphs[ch] = (g.index, self.sf.text_extents(ch).x_advance)
        return self.glyphs[ch]


def check_fonts():
    """Fail early with a useful message when fontconfig does not find the Noto CJK fonts."""
    for fam in (SERIF, SANS):
        for style in ("Regular", "Bold"):
            out = subprocess.run(["fc-match", "-f", "%{family}", "%s:style=%s" % (fam, style)],
                                 capture_output=True, text=True).stdout
            if fam not in out:
                sys.exit("mkfixture: fontconfig has no '%s' %s (apt-get install fonts-noto-cjk)" % (fam, style))


class Unit:
    """An unbreakable piece of a line: one CJK character, an ASCII run, or a wide gap."""
    __slots__ = ("items", "w", "gap", "font")

    def __init__(self, items, w, gap=False, font=None):
        self.items, self.w, self.gap = items, w, gap   # items: [(glyph char, text char)]
        self.font = font      # drawn in this font, not the line's (a bold lead: {b}…{/b})


def make_units(text, font, doc, fullwidth=False):
    """Split clean text into units; the text layer gets Kangxi/full-width forms as the doc asks.
    {b}…{/b} draws its characters in the bold face of the font (a paragraph's bold lead, as
    budgets' 名词解释 print each term before its definition)."""
    units = []
    bold = None
    for piece in re.split(r"(\{gap\}|\{b\}|\{/b\}|\{squeeze\})", text):
        if piece == "{gap}":
            units.append(Unit([], 2 * font.size, gap=True))
            continue
        if piece == "{squeeze}":
            # the punctuation before drawn half as wide, as Word and WPS squeeze a full-width
            # mark before a character: what follows starts over the mark's box, by a little
            # more than half an em (where Poppler starts a line of its own for it), and the
            # line is justified as if the mark were whole
            units.append(Unit([], -0.55 * font.size, gap=True))
            continue
        if piece in ("{b}", "{/b}"):
            bold = Font(font.family, True, font.size) if piece == "{b}" else None
            continue
        for m in ASCII_RUN.finditer(piece):
            items = []
            for ch in m.group():
                if fullwidth and ch in FULLWIDTH:
                    ch = FULLWIDTH[ch]
                items.append((ch, KANGXI.get(ch, ch) if doc.kangxi else ch))
            w = sum((bold or font).glyph(g)[1] for g, _ in items)
            units.append(Unit(items, w, font=bold))
    return units


class Line:
    """One drawn line of text: glyphs [(glyph id, text char, x)] on a baseline."""
    __slots__ = ("font", "glyphs", "y", "clip", "fonts", "starts")

    def __init__(self, font, glyphs, fonts=None, starts=()):
        self.font, self.glyphs, self.y = font, glyphs, 0.0
        self.starts = set(starts)   # glyphs that open a text object of their own ({squeeze})
        self.fonts = fonts    # a font per glyph where some differ from font ({b}…{/b}), else None
        self.clip = None      # (x0, y0, x1, y1): drawn clipped to its cell, whole in the text layer

    def shift(self, dx, y):
        self.glyphs = [(g, t, x + dx) for g, t, x in self.glyphs]
        self.y = y


def break_lines(units, width, indent, font, align="justify"):
    """Greedy CJK line breaking with kinsoku; returns Lines positioned from x=0."""
    rows, cur, used, avail = [], [], 0.0, width - indent
    for u in units:
        if u.gap and not cur:
            raise FixError("a {gap} fell at the start of a line; rephrase the text")
        if cur and used + u.w > avail + 0.01:
            carry = []
            if u.items and u.items[0][0] in NO_START and len(cur) > 1:
                carry.append(cur.pop())
            while len(cur) > 1 and cur[-1].items and cur[-1].items[-1][0] in NO_END:
                carry.insert(0, cur.pop())
            if cur[-1].gap or u.gap:
                raise FixError("a {gap} fell at a line break; rephrase the text")
            rows.append((cur, avail))
            cur, avail = carry, width
            used = sum(x.w for x in cur if not (x.gap and x.w < 0))
        cur.append(u)
        used += 0.0 if u.gap and u.w < 0 else u.w
    if cur:
        rows.append((cur, avail))
    lines = []
    for i, (row, avail) in enumerate(rows):
        natural = sum(u.w for u in row if not (u.gap and u.w < 0))
        x = indent if i == 0 else 0.0
        extra = 0.0
        if align == "justify" and i < len(rows) - 1 and len(row) > 1:
            extra = (avail - natural) / (len(row) - 1)
            if extra > 0.4 * font.size:   # Word would stretch; we keep gaps honest instead
                extra = 0.0
        elif align == "right":
            x = width - natural
        elif align == "center":
            x = (width - natural) / 2
        glyphs, fonts, starts = [], [], []
        for u in row:
            if u.gap and u.w < 0:
                starts.append(len(glyphs))
            for g, t in u.items:
                gid, adv = (u.font or font).glyph(g)
                glyphs.append((gid, t, x))
                fonts.append(u.font or font)
                x += adv
            x += u.w if u.gap else 0.0
            x += extra
        lines.append(Line(font, glyphs, fonts if any(f is not font for f in fonts) else None, starts))
    return lines


# ---------------------------------------------------------------- values and arithmetic

# A measured value: optional bound, a number, and a short unit ('个', '平方米', '%', '元/平方米').
# Anything longer after the number ('9个小区已建立') is prose, not a value.
VALUE_RE = re.compile(r"^(?P<cmp>[≥≧≤≦＞＜><=]?)\s*(?P<num>-?\d+(?:\.\d+)?)\s*"
                      r"(?P<unit>(?:[^\d\s，。；、/]{1,4}(?:/[^\d\s，。；、/]{1,3})?)?)$")


def num(x):
    """JSON number: ints stay ints, floats lose float noise."""
    if x is None:
        return None
    x = round(float(x), 6)
    return int(x) if x == int(x) else x


def parse_value(s):
    """'23个' -> (23, '个', ''); '≥95%' -> (95, '%', '≥'); '合格' -> (None, None, '')."""
    m = VALUE_RE.match(s.strip())
    if not m:
        return None, None, ""
    return float(m["num"]), (m["unit"] or None), m["cmp"]


def money(s):
    """'435.27万元' or '1,286,500.00元' (no unit means 万元) -> (text as printed, value in 万元)."""
    m = re.fullmatch(r"(-?[\d,]+(?:\.\d+)?)(万元|元)?", s.strip())
    if not m:
        raise FixError("not an amount: %r" % s)
    v = float(m[1].replace(",", ""))
    unit = m[2] or "万元"
    return m[1] + unit, (v / 10000 if unit == "元" else v)


def percent_ok(reported, computed):
    """A percent printed with d decimals matches when it is the rounding of the true value
    (plus 0.05 slack for reports that round twice)."""
    d = len(reported.split(".")[1]) if "." in reported else 0
    return abs(float(reported) - computed) <= 0.5 * 10 ** -d + 0.05


# ---------------------------------------------------------------- description parsing

class Table:
    def __init__(self, title):
        self.title, self.captions, self.widths, self.align = title, [], None, None
        self.repeat_header, self.split, self.roles = False, True, {}
        self.padx = PADX      # @padx: space between a cell's text and its sides, in points
        self.rules = True     # @norules: no ruling lines, the columns only by alignment
        self.bold_header = True   # @plain_header: header cells in the body's regular weight
        self.valign = None    # @valign: per column, "t" (top, default) or "m" (middle)
        self.finance = None   # @finance: {"unit": "元", "income": (label, amount), …}
        self.budget = None    # @budget: kind, label, unit, groups, sides, columns
        self.head_src, self.body_src = [], []
        self.truth = None
        self.evaluation = False   # @evaluation: a 绩效自评表, whose unit truth is read from its cells
        self.named_by_title = None   # `@table =`: the document's title, which names it too
        self.section = None   # the section whose paragraphs its captions are


class Doc:
    def __init__(self, name):
        self.name = name
        self.per_glyph = self.kangxi = self.fullwidth = self.bold_headings = False
        self.page_number = "— {n} —"
        self.running_header = self.running_footer = None
        self.heading_indent = 2.0
        self.orientation = "portrait"
        self.elements, self.parts, self.sections, self.tables = [], [], [], []
        self.declared_fail = []
        self.budget_figures = {}      # @figure KEY VALUE: the headline figures, by hand
        self.budget_fails = []        # @expect_budget_fail RULE: a planted inconsistency
        self.n_paras = 0
        self.text_route_todo = None   # why the text route does not read this layout yet
        self.tables_todo = None       # why the table cells are not read exactly yet


FLAGS = ("per_glyph", "kangxi", "fullwidth", "bold_headings")
NUMBER_RE = re.compile(r"^(?:(第[一二三四五六七八九十]+部分)\s*|([一二三四五六七八九十]+)、|(（[一二三四五六七八九十]+）)|(\d+)[.．、]|(（\d+）))")


def new_part(doc):
    part = dict(title_lines=[], kind=None, year=None, organization=None, page=None,
                finance={"income": None, "expenditure": None}, sections_from=len(doc.sections))
    doc.parts.append(part)
    return part


def parse(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return parse_text(os.path.splitext(os.path.basename(path))[0], text, path)


def parse_text(name, text, path="<text>"):
    doc = Doc(name)
    part = new_part(doc)
    stack = []            # open sections: (level, section dict)
    para = []             # pieces of a paragraph continued with a trailing backslash
    finance = None        # (kind, style, total, current, items) being read
    table = None
    textind = None        # @text_indicators being read

    def cur_section(what):
        if not stack:
            # text before the first heading (a file that opens with its contents or its
            # tables): an untitled section, as a reader's outline would show it
            sec = dict(number=None, title=None, level=1, page=None, paragraphs=[], sections=[])
            doc.sections.append(sec)
            stack.append((0, sec))
        return stack[-1][1]

    def add_para(text, align="justify", draw=True, inds=()):
        sec = cur_section("paragraph %r" % text[:12])
        fw = doc.fullwidth and doc.n_paras % 2 == 1
        doc.n_paras += 1
        if draw:        # a table caption is drawn by the table, but read as a paragraph
            doc.elements.append(dict(t="para", text=text, align=align, fw=fw, inds=list(inds), sec=sec))
        elif table is not None:
            table.section = sec
        clean = re.sub(r"(\{gap\})+", " ", re.sub(r"\{/?b\}|\{squeeze\}", "", text)).strip()
        sec["paragraphs"].append(clean)

    def flush_para():
        if para:
            add_para("".join(para))
            para.clear()

    def flush_finance():
        nonlocal finance
        if finance:
            for text in finance_paragraphs(part, *finance):
                add_para(text)
            finance = None

    for lineno, raw in enumerate(text.split("\n"), 1):
        s = raw.strip()
        try:
            if s.startswith("%"):
                continue
            if textind is not None:
                if s == "@end":
                    for text, inds in text_indicator_lines(textind):
                        add_para(text, "noindent", inds=inds)
                    textind = None
                elif s.startswith("+"):
                    textind["rows"].append(s[1:])
                elif s:
                    raise FixError("inside @text_indicators, expected '+' rows or @end")
                continue
            if table is not None:
                if s == "@end":
                    finish_table(doc, table)
                    if table.finance:
                        table_finance(part, table)
                    table = None
                elif s.startswith("|---"):
                    table.head_src, table.body_src = table.body_src, []
                elif s.startswith("|"):
                    table.body_src.append([c.strip() for c in s[1:].split("|")])
                elif s.startswith("@"):
                    table_option(table, s)
                    if s.startswith("@caption"):
                        add_para(table.captions[-1], "noindent", draw=False)
                elif s:
                    raise FixError("inside a table, expected '|' rows, options or @end")
                continue
            if finance and not s.startswith("+"):
                flush_finance()
            if not s:
                flush_para()
                continue
            if s[0] in "@=#>+":
                flush_para()
            if s.startswith("@"):
                key, _, val = s[1:].partition(" ")
                val = val.strip()
                if key in FLAGS:
                    setattr(doc, key, True)
                elif key == "page_number":
                    doc.page_number = None if val == "none" else val
                elif key == "cover":
                    doc.elements.append(dict(t="cover", text=val))
                elif key in ("running_header", "running_footer"):
                    setattr(doc, key, val)
                elif key == "heading_indent":
                    doc.heading_indent = float(val)
                elif key == "orientation":
                    doc.orientation = val
                elif key in ("kind", "year", "organization"):
                    part[key] = int(val) if key == "year" else val
                elif key == "text_route_todo":
                    doc.text_route_todo = val
                elif key == "tables_todo":
                    doc.tables_todo = val
                elif key == "expect_fail":
                    doc.declared_fail.append(val)
                elif key == "figure":
                    k, _, v = val.partition(" ")
                    doc.budget_figures[k] = num(float(v))
                elif key == "expect_budget_fail":
                    doc.budget_fails.append(val)
                elif key == "newpage":
                    doc.elements.append(dict(t="newpage", orient=val or None))
                elif key == "pagehead":
                    # an unnumbered heading atop a new page, centred, larger than the body (as
                    # some provinces' budgets head each section): a section of the top level
                    sec = dict(number=None, title=val, level=1, page=None, paragraphs=[], sections=[])
                    stack.clear()
                    doc.sections.append(sec)
                    stack.append((0, sec))
                    doc.elements.append(dict(t="newpage", orient=None))
                    doc.elements.append(dict(t="pagehead", text=val, sec=sec))
                elif key == "part":
                    part = new_part(doc)
                    stack.clear()
                    doc.elements.append(dict(t="part"))
                elif key in ("income", "expenditure"):
                    finance = parse_finance_head(key, val)
                elif key == "table":
                    # `@table =`: a form that is the whole document, named by its title alone
                    # (drawn once, above it): the title names the table as well
                    table = Table(None if val == "=" else (val or None))
                    if val == "=":
                        table.named_by_title = "".join(part["title_lines"]) or None
                elif key == "text_indicators":
                    words = val.split()
                    if not words or words[0] not in ("full", "changes") or words[1:] not in ([], ["dotted"]):
                        raise FixError("@text_indicators full|changes [dotted]")
                    textind = dict(style=words[0], dotted=words[1:] == ["dotted"], rows=[])
                else:
                    raise FixError("unknown directive @%s" % key)
            elif s.startswith("="):
                text = s[1:].strip()
                if doc.elements and doc.elements[-1]["t"] == "title":
                    doc.elements[-1]["lines"].append(text)
                else:
                    doc.elements.append(dict(t="title", lines=[text], part=part))
                part["title_lines"].append(text)
            elif s.startswith("#"):
                level = len(s) - len(s.lstrip("#"))
                text = s[level:].strip()
                bare = text.replace("{br}", "")    # {br}: a line break where it is drawn
                m = NUMBER_RE.match(bare)
                if not m:
                    raise FixError("a heading needs a number like 一、 （一） 1. （1）")
                sec = dict(number=next(g for g in m.groups() if g), title=bare[m.end():].strip(),
                           level=level, page=None, paragraphs=[], sections=[])
                while stack and stack[-1][0] >= level or (stack and stack[-1][1]["title"] is None):
                    stack.pop()
                (stack[-1][1]["sections"] if stack else doc.sections).append(sec)
                stack.append((level, sec))
                doc.elements.append(dict(t="heading", level=level, text=text, sec=sec))
            elif s.startswith(">>"):
                add_para(s[2:].strip(), "right")
            elif s.startswith(">"):
                add_para(s[1:].strip(), "noindent")
            elif s.startswith("+"):
                if not finance:
                    raise FixError("'+' item outside @income/@expenditure")
                finance[4].append([c.strip() for c in s[1:].split("|")])
            else:
                # one line is one paragraph; a trailing backslash continues it on the next line
                para.append(s.rstrip("\\").rstrip())
                if not s.endswith("\\"):
                    flush_para()
        except (FixError, ValueError, StopIteration) as e:
            raise FixError("%s:%d: %s" % (path, lineno, e))
    flush_para()
    flush_finance()
    if table is not None:
        raise FixError("%s: @table without @end" % path)
    return doc


def text_indicator_lines(block):
    """A target table exported as text: one line per indicator, its levels numbered as a tree
    (1-产出指标；11-数量指标；111-会议活动保障次数；年度指标值:每年≥20场；).  A row is
    `+ level / level / name | target`.  Style `full` prints every level on every line, `changes`
    only the levels that differ from the line before; `dotted` numbers 1, 1.1, 1.1.1.
    Returns [(line, [indicator])]."""
    codes, prev, out = {}, [], []
    for row in block["rows"]:
        path, _, target = row.partition("|")
        levels = [x.strip() for x in path.split("/")]
        target = target.strip()
        if len(levels) < 2 or not target:
            raise FixError("a text indicator row is '+ level / … / name | target'")
        parts, code = [], ""
        for depth in range(len(levels)):
            key = tuple(levels[:depth + 1])
            if key not in codes:
                siblings = sum(1 for k in codes if len(k) == depth + 1 and k[:depth] == key[:depth])
                if siblings >= 9:
                    raise FixError("more than 9 items under one level")
                codes[key] = code + ("." if code and block["dotted"] else "") + str(siblings + 1)
            code = codes[key]
            if block["style"] == "full" or list(key) != prev[:depth + 1]:
                parts.append("%s-%s" % (code, levels[depth]))
        prev = levels
        text = "；".join(parts + ["年度指标值:" + target]) + "；"
        tv, tu, cmp_ = parse_value(target)
        ind = dict(category=levels[:-1], name=levels[-1], target=target, actual=None, rate=None,
                   target_value=num(tv), actual_value=None, unit=tu, rate_value=None,
                   weight=None, score=None, page=None, _cmp=cmp_, _units=(tu, None))
        out.append((text, [ind]))
    return out


def table_option(t, s):
    key, _, val = s[1:].partition(" ")
    val = val.strip()
    if key == "widths":
        t.widths = [float(x) for x in val.split()]
    elif key == "align":
        t.align = val.split()
    elif key in ("caption", "label"):
        # @label: a caption line that is the table's printed number or unit (公开03表,
        # 单位：万元), drawn the same; the record keeps it with the table, not as a paragraph
        t.captions.append(val)
    elif key == "valign":
        t.valign = val.split()
    elif key == "repeat_header":
        t.repeat_header = True
    elif key == "padx":
        t.padx = float(val)
    elif key == "norules":
        t.rules = False
    elif key == "plain_header":
        t.bold_header = False
    elif key == "nosplit":
        t.split = False
    elif key == "evaluation":
        t.evaluation = True
    elif key == "finance":
        t.finance = {}
        for kv in val.split():
            k, _, v = kv.partition("=")
            if k == "unit":
                t.finance["unit"] = v
            elif k in ("income", "expenditure"):
                a, _, b = v.partition(":")
                t.finance[k] = (int(a) - 1, int(b) - 1)
            else:
                raise FixError("@finance unit=UNIT income=LABEL:AMOUNT expenditure=LABEL:AMOUNT")
        if t.finance.get("unit") not in ("元", "万元"):
            raise FixError("@finance needs unit=元 or unit=万元")
    elif key == "budget":
        t.budget = dict(kind=None, label=None, unit="万元", groups=[], sides=None, columns=[])
        for kv in val.split():
            k, _, v = kv.partition("=")
            if k in ("kind", "label", "unit"):
                t.budget[k] = None if v == "-" else v
            elif k == "group":       # CODE:NAME:V,V,… (1-based; 0 for no code column;
                c, n, vs = v.split(":")  # 1+2+3 for a code printed over 类|款|项 columns)
                t.budget["groups"].append(([int(x) - 1 for x in c.split("+")], int(n) - 1,
                                           [int(x) - 1 for x in vs.split(",")]))
            elif k == "sides":
                t.budget["sides"] = v.split(",")
            elif k == "columns":     # role:header;role:header (role - for none)
                for rc in v.split(";"):
                    role, _, header = rc.partition(":")
                    t.budget["columns"].append(dict(role=None if role == "-" else role, header=header))
            else:
                raise FixError("@budget kind=K label=L unit=U group=C:N:V,V columns=role:header;… [sides=a,b]")
        if t.budget["unit"] not in ("元", "万元"):
            raise FixError("@budget unit must be 元 or 万元")
    elif key == "indicators":
        for kv in val.split():
            k, _, v = kv.partition("=")
            a, _, b = v.partition("-")
            t.roles[k] = list(range(int(a) - 1, int(b or a)))
    else:
        raise FixError("unknown table option @%s" % key)


def resolve_grid(rows, ncol):
    """Turn '<' (same cell as the left) and '^' (same cell as above) into spanning cells."""
    owner = [[None] * ncol for _ in rows]
    cells = []
    for r, row in enumerate(rows):
        if len(row) != ncol:
            raise FixError("row %d has %d cells, expected %d" % (r + 1, len(row), ncol))
        for c, text in enumerate(row):
            if text == "<" and c > 0:
                o = owner[r][c - 1]
            elif text == "^" and r > 0:
                o = owner[r - 1][c]
            else:
                nowrap = text.startswith("{nowrap}")
                src = text[len("{nowrap}"):] if nowrap else text
                center = src.startswith("{center}")
                src = src[len("{center}"):] if center else src
                o = dict(text=src.replace("{br}", ""), src=src, pos=[], nowrap=nowrap, center=center)
                cells.append(o)
            owner[r][c] = o
            o["pos"].append((r, c))
    for o in cells:
        rs = [p[0] for p in o["pos"]]
        cs = [p[1] for p in o["pos"]]
        o["r"], o["c"] = min(rs), min(cs)
        o["rs"], o["cs"] = max(rs) - o["r"] + 1, max(cs) - o["c"] + 1
        if o["rs"] * o["cs"] != len(o["pos"]):
            raise FixError("cell %r is not a rectangle" % o["text"])
    grid = [[cell_text(owner[r][c]["text"]) for c in range(ncol)] for r in range(len(rows))]
    return cells, owner, grid


def cell_text(s):
    """A cell as a reader sees it: a forced break ({br}) and a level boundary ({/}) are not
    text.  Both are drawn as nothing; {br} only ends the line there."""
    return s.replace("{br}", "").replace("{/}", "")


def cell_levels(row, cols):
    """The category path and name of an indicator row: the texts of its category cells and its
    name cell in order, each cut at its {/} marks (levels printed run together in one cell);
    the last piece is the name."""
    pieces = [p for c in cols for p in row[c].replace("{br}", "").split("{/}")]
    return pieces[:-1], pieces[-1]


# 指标方向 / 符号 columns: how each spelling reads as the bound of the target
DIRECTION = {"≥": "≥", "≧": "≥", ">=": "≥", "大于等于": "≥", "≤": "≤", "≦": "≤", "<=": "≤",
             "小于等于": "≤", ">": ">", "＞": ">", "大于": ">", "<": "<", "＜": "<", "小于": "<",
             "=": None, "＝": None, "等于": None, "定性": None, "": None}


def is_total_row(row):
    first = next((c for c in row if c), "")
    return re.sub(r"\s", "", first) in ("合计", "总计", "总分", "合计得分")


def finish_table(doc, t):
    if not t.head_src:
        raise FixError("table %r has no header (rows above a '|---' line)" % t.title)
    # A closing '|' is optional: it shows up as one extra empty cell, which is dropped.
    ncol = len(t.head_src[0]) - (t.head_src[0][-1] == "")
    for rows in (t.head_src, t.body_src):
        rows[:] = [r[:ncol] if len(r) == ncol + 1 and r[-1] == "" else r for r in rows]
    t.widths = t.widths or [1.0] * ncol
    t.align = t.align or ["c"] * ncol
    if len(t.widths) != ncol or len(t.align) != ncol:
        raise FixError("@widths/@align need %d columns" % ncol)
    t.valign = t.valign or ["t"] * ncol
    if len(t.valign) != ncol:
        raise FixError("@valign needs %d columns" % ncol)
    # a code cell written 05{2080505} is drawn shortened (05); its whole code is the truth's
    full_codes = {}
    for r, row in enumerate(t.body_src):
        for c, text in enumerate(row):
            m = re.fullmatch(r"(\d*)\{(\d+)\}", text)
            if m:
                full_codes[(r, c)] = m[2]
                row[c] = m[1]
    t.head_cells, t.head_owner, head = resolve_grid(t.head_src, ncol)
    t.body_cells, t.body_owner, body = resolve_grid(t.body_src, ncol)
    raw = [[t.body_owner[r][c]["text"] for c in range(ncol)] for r in range(len(body))]
    t.truth = dict(title=t.title or t.named_by_title, pages=[], box=None, header=head, rows=body)
    t.budget_truth = budget_truth(t, body, full_codes, len(doc.tables)) if t.budget else None
    t.indicators = []
    if t.roles:
        ro = t.roles
        # a 绩效自评表 has its header, funds and goal rows above its indicators: those are
        # the rows under a 三级指标/指标名称 head, up to the 总分 row
        listing = not t.evaluation
        for r, row in enumerate(body):
            name_owner = t.body_owner[r][ro["name"][0]]
            if t.evaluation and row[ro["name"][0]] in ("三级指标", "指标名称"):
                listing = True
                continue
            if t.evaluation and is_total_row(row):
                listing = False
            if not listing or is_total_row(row) or name_owner["r"] != r or not row[ro["name"][0]]:
                continue
            cell = lambda k: row[ro[k][0]] if k in ro else None
            tv, tu, cmp_ = parse_value(cell("target") or "")
            av, au, _ = parse_value(cell("actual") or "")
            rv = parse_value(cell("rate"))[0] if "rate" in ro else None
            wv = parse_value(cell("weight"))[0] if "weight" in ro else None
            sv = parse_value(cell("score"))[0] if "score" in ro else None
            cols, owners = [], []
            for c in ro.get("category", []) + ro["name"]:      # a cell merged over them counts once
                if not any(t.body_owner[r][c] is o for o in owners):
                    owners.append(t.body_owner[r][c])
                    cols.append(c)
            category, name = cell_levels(raw[r], cols)
            prev = t.indicators[-1]["category"] if t.indicators else []
            if len(category) < len(prev):
                # a run-together cell that starts lower down keeps the levels above from the row before
                category = prev[:len(prev) - len(category)] + category
            ind = dict(
                category=category, name=name,
                target=cell("target"), actual=cell("actual"), rate=cell("rate"),
                target_value=num(tv), actual_value=num(av), unit=tu or au, rate_value=num(rv),
                weight=num(wv), score=num(sv), page=None, box=None, _row=r, _cmp=cmp_,
                _units=(tu, au))
            if "unit" in ro or "direction" in ro:
                # the target's parts in their own columns: the 指标值 cell as printed, its
                # unit and its bound from the 计量单位 and 指标方向 cells
                unit = cell("unit") or None
                if "direction" in ro:
                    d = cell("direction")
                    if d not in DIRECTION:
                        raise FixError("direction %r: write one of %s" % (d, " ".join(DIRECTION)))
                    cmp_ = DIRECTION[d] or ""
                ind.update(unit=unit or au, target_cmp=cmp_ or None, _cmp=cmp_,
                           _units=(unit, au if au else unit))
                if tu is not None:
                    raise FixError("target %r has a unit of its own and a unit column" % cell("target"))
            t.indicators.append(ind)
            if "note" in ro:      # 偏差原因分析及改进措施, where the table has the column
                t.indicators[-1]["note"] = row[ro["note"][0]] or None
    doc.tables.append(t)
    doc.elements.append(dict(t="table", table=t))


BUDGET_NUMBERING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、](?!\d)|（\d+）)")


def budget_value(cell, unit):
    """A budget table's cell in 万元: blank, - and — are null; 0.00 is 0."""
    cell = cell.strip()
    if cell in ("", "-", "—", "－"):
        return None
    return num(money(cell + unit)[1])


def numbering_row(row):
    """A row that numbers the columns, no line of a table: 栏次 (or **) in a cell, or the
    numbers 1, 2, 3 … in order in every cell that is not blank."""
    cells = [re.sub(r"\s", "", x) for x in row]
    if any(c in ("栏次", "**") for c in cells):
        return True
    nums = [c for c in cells if c]
    return len(nums) >= 2 and all(c.isdigit() for c in nums) and [int(c) for c in nums] == list(
        range(int(nums[0]), int(nums[0]) + len(nums)))


def budget_truth(t, body, full_codes, index):
    """The typed table (RECORD.md, budget.tables) from the columns @budget names: each group
    of code, name and value columns across the page gives its rows, group after group."""
    b = t.budget
    if any(len(vs) != len(b["columns"]) for _, _, vs in b["groups"]):
        raise FixError("@budget: each group needs one value column per entry of columns=")
    rows = []
    for gi, (cc, nc, vs) in enumerate(b["groups"]):
        for r, row in enumerate(body):
            if numbering_row(row):
                continue
            code_text = "".join(row[c].strip() for c in cc if c >= 0)
            name = row[nc].strip() if nc >= 0 else ""
            code = full_codes.get((r, cc[0])) or (code_text if code_text.isdigit() else None)
            if code_text and not code_text.isdigit() and not name:
                name = code_text
            if code and len(code) not in (3, 5, 7):
                code = None                      # a unit of the department (125001)
            # a label merged over value columns is no amount in them
            values = [None if nc >= 0 and t.body_owner[r][v] is t.body_owner[r][nc]
                      else budget_value(row[v], b["unit"]) for v in vs]
            name = BUDGET_NUMBERING_RE.sub("", name) or None
            if name is None and code is None and all(v is None for v in values):
                continue
            # a label merged over this group's columns into a later group's (公用经费合计
            # whose amount stands in the next group) is that group's line, not this one's
            later = [c for _, nc2, vs2 in b["groups"][gi + 1:] for c in [nc2] + list(vs2) if c >= 0]
            if (code is None and nc >= 0 and all(v is None for v in values)
                    and any(t.body_owner[r][c] is t.body_owner[r][nc] for c in later)):
                continue
            rows.append(dict(side=b["sides"][gi] if b["sides"] else None, code=code,
                             level={3: 1, 5: 2, 7: 3}[len(code)] if code else None,
                             name=name, values=values))
    return dict(kind=b["kind"], label=b["label"], table=index, columns=b["columns"], rows=rows)


def budget_of(doc):
    """budget: the typed tables and the figures the description states (@figure), or null."""
    tables = [t.budget_truth for t in doc.tables if t.budget_truth]
    if not tables:
        return None
    keys = ("income_total", "expenditure_total", "current_year_income", "current_year_expenditure",
            "fiscal_appropriation", "general_budget_expenditure", "basic_expenditure",
            "project_expenditure", "three_public.total", "three_public.overseas",
            "three_public.vehicles", "three_public.vehicle_purchase",
            "three_public.vehicle_operation", "three_public.reception", "operating_costs",
            "procurement")
    unknown = set(doc.budget_figures) - set(keys)
    if unknown:
        raise FixError("@figure: unknown %s" % sorted(unknown))
    figures = {}
    for k in keys:
        outer, _, inner = k.partition(".")
        if inner:
            figures.setdefault(outer, {})[inner] = doc.budget_figures.get(k)
        else:
            figures[k] = doc.budget_figures.get(k)
    return dict(unit="万元", tables=tables, figures=figures)


TABLE_TOTAL = ("总计", "收入总计", "支出总计", "收入合计", "支出合计")
TABLE_CURRENT = ("本年收入合计", "本年支出合计", "本年收入小计", "本年支出小计", "当年收入小计",
                 "当年支出小计")
TABLE_ITEM_RE = re.compile(r"^[一二三四五六七八九十]+、")


def table_finance(part, t):
    """A summary table's figures, by the roles @finance gives its columns: the 总计 row is the
    total, the 本年收入合计 row this year's figure, and the lines above them numbered 一、二、…
    are the items (numbering dropped); a blank amount is a line left out.  The unit must be
    drawn in a caption, as a reader would find it."""
    unit = t.finance["unit"]
    if not any(re.search(r"单位[:：]\s*" + unit + "$", c) for c in t.captions):
        raise FixError("@finance unit=%s but no caption says 单位：%s" % (unit, unit))
    for kind in ("income", "expenditure"):
        if kind not in t.finance:
            continue
        lc, ac = t.finance[kind]
        total = current = None
        items, ended = [], False
        for row in t.truth["rows"]:
            label, cell = re.sub(r"\s", "", row[lc]), row[ac].strip()
            value = money(cell + unit)[1] if cell not in ("", "-", "—") else None
            if label in TABLE_TOTAL or label in TABLE_CURRENT:
                if label in TABLE_TOTAL and total is None:
                    total = value
                if label in TABLE_CURRENT and current is None:
                    current = value
                ended = True
            elif not ended and TABLE_ITEM_RE.match(label) and value is not None:
                items.append(dict(name=TABLE_ITEM_RE.sub("", label), amount=num(value), change=None))
        part.setdefault("table_finance", {})[kind] = dict(
            total=num(total), current_year=num(current), items=items,
            _label="本年收入" if kind == "income" else "本年支出", _table=t.title)


def merge_table_finance(part):
    """Sentences win; a summary table fills what they leave (null figures, no items)."""
    for kind, tf in part.get("table_finance", {}).items():
        fin = part["finance"][kind]
        if fin is None:
            part["finance"][kind] = dict(tf)
            continue
        filled = False
        for key in ("total", "current_year"):
            if fin[key] is None and tf[key] is not None:
                fin[key], filled = tf[key], True
        if not fin["items"] and tf["items"]:
            fin["items"], filled = tf["items"], True
        if filled:
            fin["_table"] = tf["_table"]


def parse_finance_head(kind, val):
    words = val.split()
    style = words[0] if words and "=" not in words[0] else "dept"
    kv = dict(w.split("=", 1) for w in words if "=" in w)
    if style not in ("dept", "project") or "total" not in kv or "current" not in kv:
        raise FixError("@%s [dept|project] total=AMOUNT current=AMOUNT" % kind)
    return (kind, style, money(kv["total"]), money(kv["current"]), [])


def finance_paragraphs(part, kind, style, total, current, rows):
    """Write the finance sentences from the data, so text and truth cannot disagree."""
    items, texts = [], []
    for row in rows:
        row += [""] * (5 - len(row))
        name, (amt_text, amt) = row[0], money(row[1])
        unit = re.sub(r"[-\d.,]", "", amt_text)
        change = None
        if style == "dept":
            chg = row[2].strip() or "0"
            if float(chg.replace(",", "")) == 0:
                change = dict(direction="flat", amount=0, percent=0)
                sentence = "%s%s，与上年决算数持平。" % (name, amt_text)
            else:
                inc = not chg.startswith("-")
                _, chg_v = money(chg.lstrip("+-") + unit)
                change = dict(direction="increase" if inc else "decrease", amount=num(chg_v),
                              percent=num(float(row[3])), _pct_text=row[3])
                sentence = "%s%s，比上年决算数%s%s%s，%s%s%%。" % (
                    name, amt_text, "增加" if inc else "减少", chg.lstrip("+-"), unit,
                    "增长" if inc else "下降", row[3])
            texts.append(sentence + row[4])
        elif row[2].strip():
            # a project's line may say it is unchanged: 工程其他费用8,000,000.00元，与上年决算数持平
            if float(row[2].replace(",", "")) != 0:
                raise FixError("a project line's change can only be 0 (持平)")
            change = dict(direction="flat", amount=0, percent=0)
        items.append(dict(name=name, amount=num(amt), change=change))
    income = kind == "income"
    rep = report_of(part)
    if style == "dept":
        label_t, label_c = ("总收入", "本年收入") if income else ("总支出", "本年支出")
        lead = "%s%d年度%s%s，其中%s%s。具体情况如下：" % (
            rep["organization"], rep["year"], label_t, total[0], label_c, current[0])
        texts.insert(0, lead)
    else:
        listed = "，".join("%s%s%s" % (r[0], money(r[1])[0], "，与上年决算数持平" if r[2].strip() else "")
                          for r in rows)
        if income:
            label_c = "本年预算安排资金"
            texts = ["项目资金总额%s，其中本年预算安排资金%s。资金来源为：%s。" % (total[0], current[0], listed)]
        else:
            label_c = "本年支出"
            texts = ["截至%d年12月31日，项目总支出%s，其中本年支出%s。资金使用情况为：%s。"
                     % (rep["year"], total[0], current[0], listed)]
    part["finance"][kind] = dict(total=num(total[1]), current_year=num(current[1]), items=items,
                                 _label=label_c)
    return texts


# ---------------------------------------------------------------- layout

class Page:
    def __init__(self, orient, part_index):
        g = GEOM["portrait" if orient == "portrait" else "landscape"]
        self.orient, self.part = orient, part_index
        self.w, self.h = g["w"], g["h"]
        self.left, self.width, self.top, self.bottom = g["left"], g["width"], g["top"], g["bottom"]
        self.rotate = 90 if orient == "rotated" else 0
        self.lines, self.rules = [], []
        self.number = None

    @property
    def stored_size(self):
        return (self.h, self.w) if self.rotate else (self.w, self.h)


class Layout:
    def __init__(self, doc):
        self.doc, self.pages, self.part = doc, [], 0
        self.orient = doc.orientation
        self.split_paras, self.split_rows = [], []
        self.new_page()

    @property
    def page(self):
        return self.pages[-1]

    def new_page(self, orient=None):
        self.orient = orient or self.orient
        self.pages.append(Page(self.orient, self.part))
        self.y = self.page.top
        self.empty = True

    def ensure(self, h):
        if self.y + h > self.page.bottom + 0.01:
            self.new_page()

    def place(self, line, pitch, size):
        self.ensure(pitch)
        line.shift(self.page.left, self.y + (pitch + 0.76 * size) / 2)
        self.page.lines.append(line)
        self.y += pitch
        self.empty = False
        return len(self.pages)

    def heading_font(self, level):
        b = self.doc.bold_headings
        if level == 1:
            return Font(SANS, b, 16)
        if level == 2:
            return Font(SERIF, True, 16)
        return Font(SERIF, b, 16)

    def run(self):
        doc = self.doc
        for el in doc.elements:
            t = el["t"]
            if t == "newpage":
                if self.empty:
                    self.pages[-1] = Page(el["orient"] or self.orient, self.part)
                    self.orient = self.page.orient
                    self.y = self.page.top
                else:
                    self.new_page(el["orient"])
            elif t == "part":
                self.part += 1
                if not self.empty:
                    self.new_page()
                self.page.part = self.part
            elif t == "pagehead":
                font = Font(SERIF, False, 20)
                el["sec"]["page"] = len(self.pages)
                for line in break_lines(make_units(el["text"], font, doc), self.page.width, 0, font, "center"):
                    self.place(line, TITLE_PITCH, 20)
                self.y += 8
            elif t == "cover":
                # a centred line of a cover under its title (the department, 目录): drawn,
                # but neither the title nor a paragraph
                font = Font(SERIF, False, 16)
                for line in break_lines(make_units(el["text"], font, doc), self.page.width, 0, font, "center"):
                    self.place(line, BODY_PITCH, 16)
            elif t == "title":
                font = Font(SERIF, True, 22)
                doc.parts[self.part]["page"] = len(self.pages)
                self.y += 8
                for text in el["lines"]:
                    for line in break_lines(make_units(text, font, doc), self.page.width, 0, font, "center"):
                        self.place(line, TITLE_PITCH, 22)
                self.y += BODY_PITCH
            elif t == "heading":
                font = self.heading_font(el["level"])
                # {br} breaks the heading's line there; {br}{br} leaves an empty line between
                # (a part's number and its title, set apart as on a part's title page)
                lines = []
                for piece in el["text"].split("{br}"):
                    lines += break_lines(make_units(piece, font, doc, doc.fullwidth),
                                         self.page.width, doc.heading_indent * 16, font) if piece else [None]
                self.ensure(BODY_PITCH * (len(lines) + 1))      # keep with the next line
                el["sec"]["page"] = len(self.pages)
                for line in lines:
                    if line is None:
                        self.y += BODY_PITCH
                    else:
                        self.place(line, BODY_PITCH, 16)
            elif t == "para":
                font = Font(SERIF, False, 16)
                indent = 32 if el["align"] == "justify" else 0
                align = "justify" if el["align"] in ("justify", "noindent") else el["align"]
                lines = break_lines(make_units(el["text"], font, doc, el["fw"]), self.page.width,
                                    indent, font, align)
                pages = {self.place(line, BODY_PITCH, 16) for line in lines}
                if el["sec"]["page"] is None:
                    el["sec"]["page"] = min(pages)
                for ind in el["inds"]:
                    ind["page"] = min(pages)
                if len(pages) > 1:
                    self.split_paras.append((min(pages), el["text"][:14]))
            elif t == "table":
                self.place_table(el["table"])
        while len(self.pages) > 1 and not (self.page.lines or self.page.rules):
            self.pages.pop()

    # ---- tables

    def place_table(self, t):
        doc = self.doc
        tfont, cfont = Font(SANS, True, 14), Font(SERIF, False, CELL_SIZE)
        hfont = Font(SERIF, t.bold_header, CELL_SIZE)
        width = self.page.width
        scale = width / sum(t.widths)
        xs = [self.page.left]
        for w in t.widths:
            xs.append(xs[-1] + w * scale)

        def wrap(cells, font, header):
            for o in cells:
                inner = xs[o["c"] + o["cs"]] - xs[o["c"]] - 2 * t.padx
                align = "center" if header or o.get("center") else {"l": "left", "c": "center", "r": "right"}[t.align[o["c"]]]
                o["lines"] = [line for piece in o["src"].replace("{/}", "").split("{br}") if piece
                              for line in break_lines(make_units(piece, font, doc), inner, 0, font, align)]
                if o.get("nowrap") and o["text"]:
                    # lines broken only at {br}, that run past the cell's right border as a
                    # form field's do: clipped on the page, whole in the text layer
                    o["lines"] = [ln for piece in o["src"].split("{br}")
                                  for ln in break_lines(make_units(piece, font, doc), 1e6, 0, font, "left")]
                o["need"] = 2 * PADY + len(o["lines"]) * CELL_PITCH

        wrap(t.head_cells, hfont, True)
        wrap(t.body_cells, cfont, False)
        head_rows = row_heights(t.head_cells, len(t.head_src))
        head_h = sum(head_rows)
        row_h = row_heights(t.body_cells, len(t.body_src))
        title_lines = break_lines(make_units(t.title, tfont, doc), width, 0, tfont, "center") if t.title else []
        cap_lines = [break_lines(make_units(c, cfont, doc), width, 0, cfont, "left") for c in t.captions]
        lead = 26 * len(title_lines) + 18 * sum(len(c) for c in cap_lines)
        first = min(row_h[0], 2 * PADY + CELL_PITCH) if row_h else 0
        self.ensure(lead + head_h + first + 4)
        self.y += 4
        if t.section is not None and t.section["page"] is None:
            t.section["page"] = len(self.pages)
        for line in title_lines:
            self.place(line, 26, 14)
        for cl in cap_lines:
            for line in cl:
                self.place(line, 18, CELL_SIZE)
        self.empty = False

        # Paginate the body rows, then check that every spanning cell's text fits the space
        # its rows got; where it does not, grow the cell's last row and paginate again.
        for _ in range(50):
            plan = self.paginate(t, row_h, head_h)
            grow = self.fill_cells(t, plan)
            if not grow:
                break
            for r, extra in grow.items():
                row_h[r] += extra
        else:
            raise FixError("table %r: layout does not converge" % t.title)
        self.commit_table(t, plan, xs, head_rows)

    def paginate(self, t, row_h, head_h):
        """Plan row segments as (page offset, top, bottom); pages after the first are new."""
        top, bottom = self.page.top, self.page.bottom
        pg, y = 0, self.y
        heads = [(0, y)]
        y += head_h
        segs, splits = [], []
        single = [0] * len(row_h)          # most lines of a one-row cell in each row
        for o in t.body_cells:
            if o["rs"] == 1:
                single[o["r"]] = max(single[o["r"]], len(o["lines"]))

        def next_page():
            nonlocal pg, y
            pg += 1
            y = top
            if t.repeat_header:
                heads.append((pg, y))
                y += head_h

        for r, need in enumerate(row_h):
            if y + need <= bottom + 0.01:
                segs.append([(pg, y, y + need)])
                y += need
                continue
            k = int((bottom - y - 2 * PADY) // CELL_PITCH)
            at_top = y <= top + (head_h if t.repeat_header else 0) + 0.01
            if t.split and k >= 1 and (single[r] > k or at_top):
                cont = max(MIN_ROW, 2 * PADY + (single[r] - k) * CELL_PITCH, need - (bottom - y))
                part1 = (pg, y, bottom)
                next_page()
                segs.append([part1, (pg, y, y + cont)])
                splits.append(r)
                y += cont
            else:
                next_page()
                segs.append([(pg, y, y + need)])
                y += need
        return dict(segs=segs, heads=heads, end=(pg, y), splits=splits)

    def cell_segments(self, o, plan):
        """The rectangles (page offset, top, bottom) a body cell covers, merged per page."""
        out = []
        for r in range(o["r"], o["r"] + o["rs"]):
            for pg, a, b in plan["segs"][r]:
                if out and out[-1][0] == pg and abs(out[-1][2] - a) < 0.01:
                    out[-1] = (pg, out[-1][1], b)
                else:
                    out.append((pg, a, b))
        return out

    def fill_cells(self, t, plan):
        """Flow each body cell's lines through its segments; return {row: extra height} needed."""
        grow = {}
        for o in t.body_cells:
            segs = self.cell_segments(o, plan)
            lines = list(o["lines"])
            placed = []
            middle = t.valign[o["c"]] == "m" and len(segs) == 1
            for pg, a, b in segs:
                cap = int((b - a - 2 * PADY + 0.01) // CELL_PITCH)
                # a middle-aligned cell on one page stands in the middle of its rows
                off = max(0.0, (b - a - 2 * PADY - len(lines) * CELL_PITCH) / 2) if middle else 0.0
                for i in range(min(cap, len(lines))):
                    placed.append((pg, a + PADY + off + i * CELL_PITCH, lines.pop(0)))
            if lines:
                last = o["r"] + o["rs"] - 1
                grow[last] = max(grow.get(last, 0), len(lines) * CELL_PITCH)
            o["placed"], o["segs"] = placed, segs
        return grow

    def commit_table(self, t, plan, xs, head_rows):
        base = len(self.pages) - 1
        npages = plan["end"][0] + 1
        for _ in range(npages - 1):
            self.new_page()
        pages = [self.pages[base + i] for i in range(npages)]
        rules = [set() for _ in pages]

        def rect(pg, x0, y0, x1, y1):
            for seg in ((x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)):
                rules[pg].add(tuple(round(v, 2) for v in seg))

        def put(pg, line, top):
            line.shift(0, top + (CELL_PITCH + 0.76 * CELL_SIZE) / 2)
            pages[pg].lines.append(line)

        for pg, y in plan["heads"]:
            for o in t.head_cells:
                top = y + sum(head_rows[:o["r"]])
                h = sum(head_rows[o["r"]:o["r"] + o["rs"]])
                rect(pg, xs[o["c"]], top, xs[o["c"] + o["cs"]], top + h)
                off = (h - len(o["lines"]) * CELL_PITCH) / 2        # header text is centred
                for i, line in enumerate(o["lines"]):
                    copy = Line(line.font, [(g, c, x + xs[o["c"]] + t.padx) for g, c, x in line.glyphs])
                    put(pg, copy, top + off + i * CELL_PITCH)
        for o in t.body_cells:
            for pg, a, b in o["segs"]:
                rect(pg, xs[o["c"]], a, xs[o["c"] + o["cs"]], b)
            for pg, top, line in o["placed"]:
                line.shift(xs[o["c"]] + t.padx, 0)
                put(pg, line, top)
                if o.get("nowrap"):
                    seg = next(sg for sg in o["segs"] if sg[0] == pg)
                    line.clip = (xs[o["c"]], seg[1], xs[o["c"] + o["cs"]], seg[2])
        for pg, rs in enumerate(rules):
            if t.rules:
                pages[pg].rules.extend(sorted(rs))

        # truth: pages and boxes as laid out
        first_bottom = max(b for segs in plan["segs"] for pg, a, b in segs if pg == 0) \
            if plan["segs"] else plan["heads"][0][1] + sum(head_rows)
        tp = [base + 1 + i for i in range(npages)]
        t.truth["pages"] = tp
        t.row_pages = [base + 1] * len(t.head_src) + [base + 1 + sg[0][0] for sg in plan["segs"]]
        t.truth["box"] = box(xs[0], plan["heads"][0][1], xs[-1], first_bottom)
        for ind in t.indicators:
            pg, a, b = plan["segs"][ind["_row"]][0]
            ind["page"] = base + 1 + pg
            ind["box"] = box(xs[0], a, xs[-1], b)
        for r in plan["splits"]:
            self.split_rows.append((base + 1 + plan["segs"][r][0][0], max(t.truth["rows"][r], key=len)[:10]))
        self.y = plan["end"][1] + 8
        self.empty = False


def row_heights(cells, n):
    """Row heights: the tallest one-row cell; a spanning cell that needs more grows its last row."""
    h = [MIN_ROW] * n
    for o in cells:
        if o["rs"] == 1:
            h[o["r"]] = max(h[o["r"]], o["need"])
    for o in cells:
        if o["rs"] > 1:
            have = sum(h[o["r"]:o["r"] + o["rs"]])
            if o["need"] > have:
                h[o["r"] + o["rs"] - 1] += o["need"] - have
    return h


def box(x0, y0, x1, y1):
    return [round(v, 1) for v in (x0, y0, x1, y1)]


# ---------------------------------------------------------------- furniture and drawing

def add_furniture(doc, pages):
    counts = dict(page_numbers=0, running_headers=0, running_footers=0)
    per_part = {}
    for p in pages:
        per_part.setdefault(p.part, []).append(p)
    for plist in per_part.values():
        for n, p in enumerate(plist, 1):
            p.number = n
            items = []
            if doc.page_number:
                text = doc.page_number.replace("{n}", str(n)).replace("{total}", str(len(plist)))
                size = 14 if "—" in text or text.isdigit() else 10.5
                items.append((text, size, "center", p.h - 50, "page_numbers"))
            if doc.running_header:
                items.append((doc.running_header, 10.5, "center", 56, "running_headers"))
                p.rules.append((p.left, 62.0, p.left + p.width, 62.0))
            if doc.running_footer:
                items.append((doc.running_footer, 10.5, "left", p.h - 50, "running_footers"))
            for text, size, align, y, what in items:
                font = Font(SERIF, False, size)
                for line in break_lines(make_units(text, font, doc), p.width, 0, font, align):
                    line.shift(p.left, y)
                    p.lines.append(line)
                counts[what] += 1
    return counts


def render(doc, pages, path):
    w, h = pages[0].stored_size
    surface = cairo.PDFSurface(path, w, h)
    surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, PDF_DATE)
    surface.set_metadata(cairo.PDF_METADATA_CREATOR, "finrep tests/gen/mkfixture.py")
    surface.set_metadata(cairo.PDF_METADATA_TITLE, "".join(doc.parts[0]["title_lines"]))
    for p in pages:
        sw, sh = p.stored_size
        surface.set_size(sw, sh)
        ctx = cairo.Context(surface)
        if p.rotate:
            # Draw the landscape page on a portrait sheet that /Rotate 90 turns clockwise.
            ctx.transform(cairo.Matrix(0, -1, 1, 0, 0, sh))
        ctx.set_source_rgb(0, 0, 0)
        ctx.set_line_width(0.5)
        for x0, y0, x1, y1 in p.rules:
            ctx.move_to(x0, y0)
            ctx.line_to(x1, y1)
        ctx.stroke()
        i = 0
        for line in p.lines:
            ctx.set_scaled_font(line.font.sf)
            if doc.per_glyph:
                # WPS draws each glyph as its own text object. cairo merges consecutive glyphs
                # into one TJ, so alternate the fill colour (undone in postprocess) to force a
                # BT/ET per glyph.
                for k, (gid, t, x) in enumerate(line.glyphs):
                    if line.fonts:
                        ctx.set_scaled_font(line.fonts[k].sf)
                    i += 1
                    ctx.set_source_rgb(0, 0, 0.002 * (i % 2))
                    ctx.show_text_glyphs(t, [cairo.Glyph(gid, x, line.y)],
                                         [cairo.TextCluster(len(t.encode()), 1)], 0)
            elif line.glyphs:
                if line.clip:
                    ctx.save()
                    x0, y0, x1, y1 = line.clip
                    ctx.rectangle(x0, y0, x1 - x0, y1 - y0)
                    ctx.clip()
                # a run of glyphs a font: one run unless the line has a bold lead ({b}…{/b}); a
                # {squeeze} starts a text object of its own (by the colour trick above), as the
                # text after a squeezed mark often is in real files
                fonts = line.fonts or [line.font] * len(line.glyphs)
                start = 0
                while start < len(line.glyphs):
                    end = start + 1
                    while end < len(line.glyphs) and fonts[end] is fonts[start] and end not in line.starts:
                        end += 1
                    run = line.glyphs[start:end]
                    if line.starts:
                        i += 1
                        ctx.set_source_rgb(0, 0, 0.002 * (i % 2))
                    ctx.set_scaled_font(fonts[start].sf)
                    ctx.show_text_glyphs("".join(t for _, t, _ in run), [cairo.Glyph(g, x, line.y) for g, _, x in run],
                                         [cairo.TextCluster(len(t.encode()), 1) for _, t, _ in run], 0)
                    start = end
                if line.clip:
                    ctx.restore()
        ctx.set_source_rgb(0, 0, 0)
        ctx.show_page()
    surface.finish()


def postprocess(doc, pages, raw, out):
    """qpdf pass: undo the per-glyph colour trick, add /Rotate, and make a stable /ID."""
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", raw, qdf], check=True)
        data = open(qdf, "rb").read()
        if doc.per_glyph or any(line.starts for p in pages for line in p.lines):
            data = re.sub(rb"\n0 0 0\.002 rg BT\n", b"\n0 0 0 rg BT\n", data)
        # cairo's /ID hashes the time; drop it so that --deterministic-id makes a stable one
        data = re.sub(rb"\n\s*/ID \[<[0-9a-f]*><[0-9a-f]*>\]", b"", data)
        fixed = os.path.join(tmp, "f.pdf")
        subprocess.run(["fix-qdf"], input=data, stdout=open(fixed, "wb"), check=True)
        cmd = ["qpdf", "--deterministic-id", "--compress-streams=y", "--object-streams=generate"]
        rotated = [str(i) for i, p in enumerate(pages, 1) if p.rotate]
        if rotated:
            cmd.append("--rotate=+90:" + ",".join(rotated))
        subprocess.run(cmd + [fixed, out], check=True)


# ---------------------------------------------------------------- truth

def report_of(part):
    title = "".join(part["title_lines"]) or None   # a file with no cover title has none
    kind = part["kind"] or next((k for k in sorted(KINDS, key=len, reverse=True) if title and title.endswith(k)), "other")
    year = part["year"]
    if year is None and title:
        m = re.search(r"(\d{4})年", title)
        year = int(m[1]) if m else None
    org = part["organization"]
    if org is None and title:
        m = re.match(r"\d{4}年度?(.*)" + re.escape(kind) + "$", title)
        org = m[1] if m else None
    return dict(title=title, kind=kind, year=year, organization=org)


def all_sections(secs):
    for s in secs:
        yield s
        yield from all_sections(s["sections"])


def points(secs, pattern):
    """problems/measures: the paragraphs of matching sections split at 一是/二是 markers."""
    out = []
    for s in all_sections(secs):
        if re.search(pattern, s["title"] or ""):
            for p in [q for sub in all_sections([s]) for q in sub["paragraphs"]]:
                for piece in re.split(r"(?:^|(?<=[；。;]))[一二三四五六七八九十]+是", p):
                    piece = piece.strip().rstrip("；。;")
                    if piece:
                        out.append(piece)
            break
    return out


def run_checks(doc, parts):
    """Re-do the report's arithmetic; the subjects that fail go to expect_fail_checks."""
    fails = []
    for part in parts:
        for kind, fin in part["finance"].items():
            if not fin:
                continue
            if fin["current_year"] is not None and fin["items"] and \
                    abs(sum(i["amount"] for i in fin["items"]) - fin["current_year"]) > 0.005:
                fails.append(fin["_label"])
            for it in fin["items"]:
                ch = it["change"]
                if ch and ch["direction"] != "flat":
                    prev = it["amount"] - ch["amount"] if ch["direction"] == "increase" else it["amount"] + ch["amount"]
                    if prev > 0 and not percent_ok(ch["_pct_text"], ch["amount"] / prev * 100):
                        fails.append(it["name"])
    for t in doc.tables:
        for ind in t.indicators:
            tv, av, rv = ind["target_value"], ind["actual_value"], ind["rate_value"]
            tu, au = ind["_units"]
            if None in (tv, av, rv) or tv == 0 or (tu and au and tu != au):
                continue
            cmp_ = ind["_cmp"]
            met = cmp_ != "" and (av >= tv if cmp_ in "≥≧＞>" else av <= tv)
            capped = met and rv == 100     # a bound that is met often reports 100%
            if abs(av / tv * 100 - rv) > 1 and not capped:
                fails.append(ind["name"])
        for u in getattr(t, "units", []):
            fails += evaluation_fails(u, [i for i in t.indicators if u["_rows"][0] <= i["_row"] + len(t.truth["header"]) < u["_rows"][1]])
        total_rows = [r for r in t.truth["rows"] if is_total_row(r)]
        if total_rows and t.indicators and not t.evaluation:
            for key in ("weight", "score"):
                if key in t.roles:
                    want = parse_value(total_rows[0][t.roles[key][0]])[0]
                    got = sum(i[key] or 0 for i in t.indicators)
                    if want is not None and abs(want - got) > 0.005:
                        fails.append("合计")
    return sorted(set(fails), key=fails.index)


FUNDS_HEADS = {"年初预算数": "initial_budget", "全年预算数": "full_year_budget", "全年执行数": "executed",
               "分值": "weight", "执行率": "execution_rate", "得分": "score"}
CODE_RE = re.compile(r"^[\[【［(（]\s*\d+\s*[\]】］)）]\s*")


def amount(text):
    """A funds cell: '180.61' -> 180.61, '100.00%' -> 100.0, '--' or blank -> None."""
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)%?", (text or "").strip())
    return num(float(m[1])) if m else None


def evaluation_units(t, year, ind_offset, table_index):
    """The units of an @evaluation table, read from the cells the generator laid out itself:
    a unit opens at a 项目名称 (or 部门名称) label and closes at its 总分 row."""
    owners = t.head_owner + t.body_owner
    rows = t.truth["header"] + t.truth["rows"]
    nhead = len(t.truth["header"])
    units, u, funds_cols, goal_cols, in_funds, want_goal = [], None, None, None, False, False

    def distinct(r):
        seen, out = set(), []
        for c, o in enumerate(owners[r]):
            if id(o) not in seen:
                seen.add(id(o))
                out.append((c, o))
        return out

    def close(r1):
        u["_rows"] = (u["_rows"][0], r1)
        u["indicators"] = [ind_offset + i for i, ind in enumerate(t.indicators)
                           if u["_rows"][0] <= ind["_row"] + nhead < r1]
        u["pages"] = sorted({t.row_pages[r] for r in range(u["_rows"][0], r1)})
        u["page"] = u["pages"][0]
        units.append(u)

    for r, row in enumerate(rows):
        cells = distinct(r)
        texts = [o["text"] for _, o in cells]
        if texts and texts[0] in ("项目名称", "部门名称") and len(texts) > 1:
            if u:
                close(r)
            dept = texts[0] == "部门名称"
            u = dict(kind="department" if dept else "project", name=None if dept else texts[1],
                     department=texts[1] if dept else None, implementer=None, year=year,
                     funds=None, goal=dict(target=None, actual=None), indicators=[],
                     total_weight=None, total_score=None, grade=None, table=table_index,
                     page=None, pages=[], _rows=(r, None))
            in_funds = want_goal = False
            continue
        if u is None:
            continue
        if is_total_row(row):
            nums = [amount(o["text"]) for _, o in cells[1:] if amount(o["text"]) is not None]
            u["total_score"] = nums[-1]
            u["total_weight"] = nums[-2] if len(nums) > 1 else None
            u["_total_page"] = t.row_pages[r]
            close(r + 1)
            u = None
            continue
        if in_funds:
            vals = {k: amount(row[c]) for k, c in funds_cols.items()}
            if any(vals[k] is not None for k in ("initial_budget", "full_year_budget", "executed")):
                first = min(funds_cols.values())
                label = re.sub(r"\s", "", row[first - 1])
                part = dict(name=None, initial_budget=vals.get("initial_budget"),
                            full_year_budget=vals.get("full_year_budget"), executed=vals.get("executed"))
                if label.startswith("年度资金总额"):
                    f = dict(initial_budget=part["initial_budget"], full_year_budget=part["full_year_budget"],
                             executed=part["executed"], weight=vals.get("weight"),
                             execution_rate=vals.get("execution_rate"), score=vals.get("score"), parts=[])
                    f["_rate_text"] = row[funds_cols["execution_rate"]]
                    f["_page"] = t.row_pages[r]
                    u["funds"] = f
                else:
                    part["name"] = re.sub(r"^其中[:：]?", "", label).rstrip("：:")
                    u["funds"]["parts"].append(part)
                continue
            in_funds = False
        if want_goal:
            u["goal"] = dict(target=row[goal_cols[0]] or None, actual=row[goal_cols[1]] or None)
            want_goal = False
            continue
        if "全年执行数" in texts:
            funds_cols = {FUNDS_HEADS[o["text"]]: c for c, o in cells if o["text"] in FUNDS_HEADS}
            in_funds = True
            continue
        if "预期目标" in texts and "实际完成情况" in texts:
            goal_cols = (cells[texts.index("预期目标")][0], cells[texts.index("实际完成情况")][0])
            want_goal = True
            continue
        for i, (c, o) in enumerate(cells[:-1]):
            key = {"主管部门": "department", "实施单位": "implementer"}.get(o["text"])
            if key:
                u[key] = CODE_RE.sub("", cells[i + 1][1]["text"])
    if u:
        close(len(rows))
    return units


def evaluation_fails(u, inds):
    """Subjects of an evaluation unit's own arithmetic that is wrong (RECORD.md's three checks)."""
    fails = []
    f = u["funds"]
    scores = [i["score"] for i in inds if i["score"] is not None]
    if u["total_score"] is not None and scores:
        if abs((f["score"] if f and f["score"] is not None else 0) + sum(scores) - u["total_score"]) > 0.005:
            fails.append(u["name"])
    if f and None not in (f["execution_rate"], f["full_year_budget"], f["executed"]) and f["full_year_budget"] > 0:
        d = len(f["_rate_text"].rstrip("%").split(".")[1]) if "." in f["_rate_text"] else 0
        ratio = f["executed"] / f["full_year_budget"] * 100
        capped = f["executed"] > f["full_year_budget"] and f["execution_rate"] == 100
        if abs(ratio - f["execution_rate"]) > 0.5 * 10 ** -d + 0.01 and not capped:
            fails.append(u["name"])
    if f and f["parts"]:
        for key in ("initial_budget", "full_year_budget", "executed"):
            vals = [p[key] for p in f["parts"] if p[key] is not None]
            if f[key] is not None and vals and abs(sum(vals) - f[key]) > 0.005:
                fails.append(u["name"])
    return fails


def truth_of(doc, layout, furniture):
    parts = []
    for part in doc.parts:
        rep = report_of(part)
        secs = doc.sections[part["sections_from"]:]
        text = [p for s in all_sections(secs) for p in s["paragraphs"]]
        m = next((re.search(r"自评(?:总)?(?:得)?分(?:为|是|：)?(\d+(?:\.\d+)?)分", p) for p in text
                  if re.search(r"自评(?:总)?(?:得)?分(?:为|是|：)?\d", p)), None)
        parts.append(dict(rep, page=part["page"], self_score=num(m[1]) if m else None))
    for part in doc.parts:
        merge_table_finance(part)
    first_fin = next((p["finance"] for p in doc.parts if any(p["finance"].values())), None)

    def clean(d):
        if isinstance(d, dict):
            return {k: clean(v) for k, v in d.items() if not k.startswith("_")}
        if isinstance(d, list):
            return [clean(v) for v in d]
        return d

    finance = None
    if first_fin:
        finance = dict(unit="万元", income=clean(first_fin["income"]), expenditure=clean(first_fin["expenditure"]))
    finance_tables = sorted({f["_table"] for f in (first_fin or {}).values() if f and "_table" in f})
    offset = 0
    for ti, t in enumerate(doc.tables):
        if t.evaluation:
            t.units = evaluation_units(t, parts[0]["year"], offset, ti)
        offset += len(t.indicators)
    fails = run_checks(doc, doc.parts)
    if sorted(fails) != sorted(doc.declared_fail):
        raise FixError("%s: arithmetic failures %s but the description declares %s (@expect_fail)"
                       % (doc.name, fails, doc.declared_fail))
    truth = dict(
        report={k: parts[0][k] for k in ("title", "kind", "year", "organization")},
        parts=parts,
        pages=len(layout.pages),
        sections=doc.sections,
        tables=[t.truth for t in doc.tables],
        indicators=[clean(i) for el in doc.elements
                    for i in (el["table"].indicators if el["t"] == "table" else el.get("inds", []))],
        finance=finance,
        self_score=next((p["self_score"] for p in parts if p["self_score"] is not None), None),
        problems=points(doc.sections, r"问题"),
        measures=points(doc.sections, r"改进|整改|措施|建议"),
        expect_fail_checks=fails,
        furniture=furniture,
        running_texts=[t for t in (doc.running_header, doc.running_footer) if t],
    )
    if finance_tables:
        truth["finance_tables"] = finance_tables   # the tables the figures were read from
    if doc.text_route_todo:
        truth["text_route_todo"] = doc.text_route_todo
    if doc.tables_todo:
        truth["tables_todo"] = doc.tables_todo
    units = [clean(u) for t in doc.tables for u in getattr(t, "units", [])]
    if units:
        truth["evaluations"] = units               # only where an @evaluation table gave units
    budget = budget_of(doc)
    if budget:              # a budget or final account: its typed tables (absent: null)
        truth["budget"] = budget
        truth["expect_budget_fails"] = sorted(doc.budget_fails)
    return truth


# ---------------------------------------------------------------- main

def build(src, outdir, quiet=False):
    return build_doc(parse(src), outdir, quiet)


def build_doc(doc, outdir, quiet=False):
    """Lay out, draw and write NAME.pdf and NAME.truth.json; returns the truth."""
    layout = Layout(doc)
    layout.run()
    furniture = add_furniture(doc, layout.pages)
    truth = truth_of(doc, layout, furniture)
    os.makedirs(outdir, exist_ok=True)
    pdf = os.path.join(outdir, doc.name + ".pdf")
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.pdf")
        render(doc, layout.pages, raw)
        postprocess(doc, layout.pages, raw, pdf)
    with open(os.path.join(outdir, doc.name + ".truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    if not quiet:
        print("%s: %d pages; tables on %s; paragraphs across pages %s; rows split %s; fails %s" % (
            doc.name, len(layout.pages), [t["pages"] for t in truth["tables"]],
            layout.split_paras, layout.split_rows, truth["expect_fail_checks"]))
    return truth


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--outdir", help="output folder (default: the parent of each .fix's folder)")
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("fix", nargs="+")
    args = ap.parse_args()
    check_fonts()
    status = 0
    for src in args.fix:
        out = args.outdir or os.path.dirname(os.path.dirname(os.path.abspath(src)))
        try:
            build(src, out, args.quiet)
        except FixError as e:
            print("mkfixture: %s" % e, file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
