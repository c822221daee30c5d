#!/usr/bin/python3
"""show-html — `finrep show --html` on the seed report, checked as written and in a browser.

As written: one self-contained page under 3 MB that asks for nothing from outside (no
external URL, a Content-Security-Policy that forbids it), an image per page, every link from
the record landing on an element, and every box over ink on the page as Poppler's pdftoppm
draws it (so boxes lie on the text they name).
In Debian's chromium, headless: --dump-dom finds one box per table cell of the record, the
boxes tiling each table's grid with the record's text, and the page's script ran;
--screenshot of the record and of the first table's page is not blank and shows the boxes.
The screenshots stay in the build directory for a person to look at.
"""
import base64
import html
import html.parser
import os
import re
import shutil
import subprocess
import tempfile

from showcheck import BUILDDIR, SEED, all_cells, check, finish, record, run

KINDS = {"paragraph", "heading", "cell", "furniture", "fix"}
BUDGET_RULES = {"balance", "row_sum", "column_sum", "code_hierarchy", "cross_table", "text_vs_table"}
CELL_RGB = (10, 138, 74)        # the cell boxes' outline colour in the page's style sheet
PARAGRAPH_RGB = (26, 98, 199)


class Page(html.parser.HTMLParser):
    """The elements that matter: boxes with their tooltip text, ids, links, images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.boxes, self.ids, self.hrefs, self.srcs, self.imgs, self.tags = [], set(), [], [], [], []
        self.metas, self.sheets, self.body = [], [], {}
        self._tip = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "img":
            self.imgs.append(a)
        if tag == "meta":
            self.metas.append(a)
        if tag == "body":
            self.body = a
        if "sheet" in (a.get("class") or "").split():
            self.sheets.append(a)
        if "box" in (a.get("class") or "").split() and "data-kind" in a:
            a["tip"] = ""
            a["page"] = len(self.sheets)
            self.boxes.append(a)
        if tag == "span" and a.get("class") == "t" and self.boxes:
            self._tip = self.boxes[-1]

    def handle_endtag(self, tag):
        if tag == "span":
            self._tip = None

    def handle_data(self, data):
        if self._tip is not None:
            self._tip["tip"] += data


def parse(text):
    p = Page()
    p.feed(text)
    return p


def style_box(style):
    """left, top, width, height in percent, from a box's style attribute."""
    v = dict(re.findall(r"(left|top|width|height):([\d.]+)%", style))
    return [float(v[k]) for k in ("left", "top", "width", "height")]


def read_pgm(path):
    data = open(path, "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def ink_under_boxes(page, pdf):
    """Boxes whose rectangle holds no dark pixel on the page as pdftoppm draws it."""
    empty = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "72", "-gray", pdf, os.path.join(tmp, "p")], check=True)
        files = sorted(os.listdir(tmp), key=lambda f: int(re.search(r"(\d+)", f).group(1)))
        pages = [read_pgm(os.path.join(tmp, f)) for f in files]
        for b in page.boxes:
            if not b["tip"].strip():
                continue   # an empty cell has no ink to lie on
            w, h, px = pages[b["page"] - 1]
            l, t, bw, bh = style_box(b["style"])
            x0, y0 = int(l / 100 * w), int(t / 100 * h)
            x1, y1 = min(w, int((l + bw) / 100 * w) + 1), min(h, int((t + bh) / 100 * h) + 1)
            if not any(px[y * w + x] < 128 for y in range(y0, y1) for x in range(x0, x1)):
                empty.append(f"{b['id']} ({b['data-kind']}: {b['tip'][:20]})")
    return empty, len(pages)


def chromium(args, tmp):
    exe = shutil.which("chromium")
    if exe is None:
        return None
    env = dict(os.environ, HOME=tmp)
    profile = tempfile.mkdtemp(dir=tmp)
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}"] + args
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=120)
    return p.stdout.decode("utf-8")


def colour_count(img, rgb, tol=40):
    r0, g0, b0 = rgb
    return sum(n for n, (r, g, b) in img.getcolors(1 << 24)
               if abs(r - r0) + abs(g - g0) + abs(b - b0) <= tol)


def check_screenshot(path, what, colour, colour_name):
    from PIL import Image, ImageStat
    ok = os.path.exists(path)
    check(ok, f"{what}: chromium wrote {os.path.basename(path)}")
    if not ok:
        return
    img = Image.open(path).convert("RGB")
    grey = img.convert("L")
    spread = ImageStat.Stat(grey).stddev[0]
    levels = len(grey.getcolors(256) or [])
    check(spread > 20 and levels > 32, f"{what}: not blank (grey spread {spread:.0f}, {levels} levels)")
    n = colour_count(img, colour)
    check(n > 200, f"{what}: {n} pixels in the {colour_name} box colour")


def check_written(pdf, out, what):
    """The page as finrep wrote it; returns (record, page text, parsed page)."""
    rec = record(pdf)
    rc, _, err = run(["show", "--html", out, pdf])
    check(rc == 0, f"{what}: finrep show --html: exit 0 ({rc} {err.strip()})")
    text = open(out, encoding="utf-8").read()
    size = os.path.getsize(out)
    check(size < 3_000_000, f"{what}: the page weighs {size:,} bytes, under 3 MB")

    page = parse(text)
    n_pages = rec["source"]["pages"]
    pngs = [i for i in page.imgs if i.get("src", "").startswith("data:image/png;base64,")]
    check(len(page.sheets) == n_pages and len(pngs) == n_pages,
          f"{what}: {n_pages} pages, each with its image as a data URI")
    ok = True
    for img, sheet in zip(pngs, page.sheets):
        raw = base64.b64decode(img["src"].split(",", 1)[1])
        w, h = int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
        aw, ah = map(float, re.search(r"aspect-ratio:([\d.]+)/([\d.]+)", sheet["style"]).groups())
        ok &= raw[:8] == b"\x89PNG\r\n\x1a\n" and abs(w / h - aw / ah) < 0.01
    check(ok, f"{what}: each image is a PNG with its page's proportions (as displayed, /Rotate applied)")

    external = [u for u in page.hrefs + page.srcs if not (u.startswith("#") or u.startswith("data:"))]
    check(not external and "link" not in page.tags and not re.search(r"""(src|href)=["']?(https?:)?//""", text),
          f"{what}: nothing external: no link, no URL; links are in-page, images data URIs")
    csp = [m.get("content", "") for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"]
    check(csp and "default-src 'none'" in csp[0], f"{what}: a Content-Security-Policy forbids anything else")
    dangling = [h for h in page.hrefs if h.startswith("#") and h[1:] not in page.ids]
    check(not dangling, f"{what}: all {len(page.hrefs)} links land on an element" + (f" (not: {dangling[:5]})" if dangling else ""))
    check(all(b.get("data-rule") and b.get("aria-label") and b.get("tabindex", "0") != "-1" for b in page.boxes),
          f"{what}: each of {len(page.boxes)} boxes names its rule and has a label for the keyboard and screen readers")
    empty, drawn = ink_under_boxes(page, pdf)
    check(drawn == n_pages and not empty,
          f"{what}: every box lies over ink on pdftoppm's drawing of its page" + (f" (not: {empty[:5]})" if empty else ""))

    # a failing check links to its cells, among them the one that reads its subject
    fails = [c for c in rec["checks"] if c["status"] == "fail"]
    items = [html.unescape(li) for li in re.findall(r'<li class="fail">(.*?)</li>', text, re.S)]
    tips = {b["id"]: b["tip"] for b in page.boxes}
    ok = len(items) == len(fails)
    marked = {b["id"] for b in page.boxes if b.get("data-fail")}
    named = set()
    for c, li in zip(fails, items):
        ids = re.findall(r'href="#(t\d+c\d+)"', li)
        linked = [tips.get(i, "") for i in ids]
        if c["rule"] in BUDGET_RULES:
            # a budget check links the cells of the figures it compared (two at least: the
            # printed figure and what it was compared with), each marked failing on its page
            ok &= c["subject"] in li and (len(ids) >= 2 or c["rule"] == "text_vs_table") \
                and bool(ids) and set(ids) <= marked
            named |= set(ids)
        else:
            ok &= c["subject"] in li and c["subject"] in linked
    check(ok, f"{what}: each of {len(fails)} failing checks links to the cells it is about")
    check(marked == named, f"{what}: the {len(marked)} cells marked failing on the pages are those "
          f"of the failing budget checks" + (f" (not: {sorted(marked ^ named)[:5]})" if marked != named else ""))

    # each 绩效自评表 is a row that links to its table's first cell
    evs = rec.get("evaluations") or []
    m = re.search(r'<h2 id="r-eval">(.*?)</section>', text, re.S)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", m.group(1), re.S) if m else []
    ok = m is not None and len(rows) == len(evs)
    for e, row in zip(evs, rows):
        ids = re.findall(r'href="#(t(\d+)c\d+)"', row)
        ok &= bool(ids) and ids[0][0] in page.ids and int(ids[0][1]) == e["table"] + 1 \
            and html.unescape(e["name"] or e["implementer"] or e["department"] or "") in html.unescape(row)
    check(ok, f"{what}: the {len(evs)} evaluations, each linked to its table")
    return rec, text, page


def main():
    out = os.path.join(BUILDDIR, "show-seed.html")
    rec, text, page = check_written(SEED, out, "seed")
    kinds = {b["data-kind"] for b in page.boxes}
    check(kinds == KINDS, f"seed: boxes of every kind: {sorted(kinds)}")
    rc, _, err = run(["show", "--html", os.path.join(BUILDDIR, "no-such-dir", "x.html"), SEED])
    check(rc == 3 and "no-such-dir" in err, "an output that cannot be written: exit 3, says which")
    evals = os.path.join(os.environ.get("FIXTURES", ""), "final-account-evals.pdf")
    if os.path.exists(evals):
        check_written(evals, os.path.join(BUILDDIR, "show-evals.html"), "a final account of 绩效自评表")
    planted = os.path.join(os.environ.get("FIXTURES", ""), "budget-dept-planted.pdf")
    if os.path.exists(planted):
        brec, _, _ = check_written(planted, os.path.join(BUILDDIR, "show-budget.html"),
                                   "a budget with planted inconsistencies")
        check(len({c["rule"] for c in brec["checks"] if c["status"] == "fail"} & BUDGET_RULES) == 6,
              "a budget with planted inconsistencies: each of the six budget rules fails once there")
    rotated = os.path.join(os.environ.get("FIXTURES", ""), "rotated.pdf")
    if os.path.exists(rotated):
        check_written(rotated, os.path.join(BUILDDIR, "show-rotated.html"), "a fixture with a /Rotate 90 page")

    # the browser
    with tempfile.TemporaryDirectory() as tmp:
        dom = chromium(["--dump-dom", "file://" + out], tmp)
        if not check(dom is not None, "chromium is installed (sh scripts/setup installs it)"):
            finish()
        live = parse(dom)
        check(live.body.get("data-ready") == "1", "chromium ran the page's script to the end")
        cells = [b for b in live.boxes if b["data-kind"] == "cell"]
        n_record = sum(len(r) for t in rec["tables"] for r in all_cells(t))
        covered, ok, bad = {}, True, []
        for b in cells:
            t, r, c = int(b["data-table"]), int(b["data-row"]), int(b["data-col"])
            for dr in range(int(b["data-rowspan"])):
                for dc in range(int(b["data-colspan"])):
                    covered[(t, r + dr, c + dc)] = covered.get((t, r + dr, c + dc), 0) + 1
            grid = all_cells(rec["tables"][t - 1])
            want = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
            if want is None or (b["tip"] != want and not (b["tip"].endswith("…") and want.startswith(b["tip"][:-1]))):
                bad.append(f"{b['id']}: {b['tip'][:20]!r} vs {want!r}")
        positions = {(t + 1, r, c) for t, table in enumerate(rec["tables"])
                     for r, row in enumerate(all_cells(table)) for c in range(len(row))}
        ok = set(covered) == positions and all(v == 1 for v in covered.values())
        check(ok and not bad and cells,
              f"--dump-dom: {len(cells)} cell boxes cover the {n_record} cells of the record's "
              f"{len(rec['tables'])} tables once each, with their text"
              + (f" ({bad[:3]})" if bad else "") + ("" if ok else f" (covered {len(covered)} of {len(positions)})"))

        shot = os.path.join(BUILDDIR, "show-seed-record.png")
        if os.path.exists(shot):
            os.unlink(shot)
        chromium(["--window-size=1400,1800", f"--screenshot={shot}", "file://" + out], tmp)
        check_screenshot(shot, "screenshot of the record and page 1", PARAGRAPH_RGB, "paragraph")
        if rec["tables"]:
            p = rec["tables"][0]["page"]
            shot = os.path.join(BUILDDIR, "show-seed-cells.png")
            if os.path.exists(shot):
                os.unlink(shot)
            chromium(["--window-size=1400,1800", f"--screenshot={shot}", f"file://{out}?page={p}"], tmp)
            check_screenshot(shot, f"screenshot of page {p}, the first table's", CELL_RGB, "cell")
    finish()


if __name__ == "__main__":
    main()
