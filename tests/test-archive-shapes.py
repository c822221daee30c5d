#!/usr/bin/python3
"""The real reports in the shapes archives keep them in: each text PDF of the shared folder is
copied at test time (tests/gen/mkvariants.py, into a temporary folder) turned, re-encrypted,
given a wrong PDF Title and another report's file name, cut short, stripped of its cover or
of everything before its tables, bound after another report, re-saved by another tool; and
`finrep ingest` reads the folder.  Each copy's record must say what the original's says on
what a user checks, shape by shape:

- stored otherwise, shown the same (pages stored turned with /Rotate 90, an empty user
  password, AES or RC4, a wrong Title and file name, object streams and linearized, bytes
  before %PDF): the whole record but `source` is the original's;
- a real password: `encrypted`; a web page named .pdf: `not_pdf`; cut in half: `damaged`;
- no cover (from page 2), or only the tables and what follows them: kind, year and
  organisation as read off the original's cover, the title none or one the pages print, the
  typed budget tables and their figures the original's, no check failing;
- the tables bound before the text (cover included): the same, with the original's title;
- two reports bound into one file: `parts` the two originals' fields, each at its first page;
  the typed tables the two originals' in order; no check failing (no table of one report is
  compared with the other's);
- a report's tables alone bound after another report: the first report's fields, both
  reports' typed tables, no check failing (one budget's tables are not compared with the
  other's, though no cover opens a part for them);
- a table page that shows turned (a /Rotate 90 added): kind, year and organisation kept, no
  crash (what is read off the turned page itself is a TODO: README, "Archive shapes").

No check fails on any copy: the originals are consistent reports, so a failing check would
be a false alarm.  Skipped where the shared folder is absent.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

FINREP = os.environ["FINREP"]
SRC = os.environ["G_TEST_SRCDIR"]
REAL = os.path.join(os.environ.get("SHARED", ""), "real-reports")
MK = [os.environ.get("PYTHON", "/usr/bin/python3"), os.path.join(SRC, "gen", "mkvariants.py")]
WRONG_TITLE = "2019年佛山市轨道交通局部门决算"   # another report's title, as a crawler may set it


CHEAP = [
    [("encrypt-rc4", "enc-rc4", "same", [])],
    [("resave", "resave", "same", [])],
    [("junk", "junk", "same", [])],
    [("html", "html", "not_pdf", []), ("truncate", "half", "damaged", ["0.5"])],
]


def mk(shape, out, inp, *args):
    subprocess.run([*MK, shape, out, inp, *args], check=True, capture_output=True)


def ingest(folder, out):
    """finrep ingest of a folder: the records by file name without .pdf, and the run."""
    run = subprocess.run([FINREP, "ingest", "-q", "-o", out, folder], capture_output=True, text=True)
    recs = {}
    for line in open(out, encoding="utf-8"):
        r = json.loads(line)
        recs[os.path.basename(r["source"]["path"])[:-4]] = r
    return recs, run


def text_pdfs():
    """The shared PDFs with a text layer (the scan is test-ocr's)."""
    out = []
    for name in sorted(os.listdir(REAL)):
        if not name.endswith(".pdf"):
            continue
        path = os.path.join(REAL, name)
        text = subprocess.run(["pdftotext", "-l", "2", path, "-"], capture_output=True, text=True).stdout
        if text.strip():
            out.append(path)
    return out


def budget_view(rec):
    b = rec.get("budget") or {}
    return [(t["kind"], t.get("label"), [r["values"] for r in t["rows"]]) for t in b.get("tables") or []]


def fields(r):
    return (r.get("kind"), r.get("year"), r.get("organization"))


def failing(rec):
    return [f"{c['rule']} {c.get('subject')}: {c.get('message', '')[:120]}" for c in rec["checks"] if c["status"] == "fail"]


def boxes_apart(a, b, out):
    """Both values with every box taken out (into out, as pairs): a page drawn turned and back
    may move a box by a rounding step."""
    if isinstance(a, dict) and isinstance(b, dict):
        a, b = dict(a), dict(b)
        if "box" in a and "box" in b:
            out.append((a.pop("box"), b.pop("box")))
        return {k: boxes_apart(a[k], b.get(k), out)[0] for k in a}, {k: boxes_apart(a.get(k), b[k], out)[1] for k in b}
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        pairs = [boxes_apart(x, y, out) for x, y in zip(a, b)]
        return [p[0] for p in pairs], [p[1] for p in pairs]
    return a, b


def same_record(a, b):
    """The records but `source` alike, boxes within 0.15 pt."""
    a, b = dict(a), dict(b)
    a.pop("source", None)
    b.pop("source", None)
    boxes = []
    a, b = boxes_apart(a, b, boxes)
    near = all((x is None) == (y is None) and (x is None or all(abs(i - j) <= 0.15 for i, j in zip(x, y)))
               for x, y in boxes)
    return a == b and near


def first_table_page(rec):
    """The first page of the original's first typed budget table (1-based), else of its first table."""
    b = rec.get("budget") or {}
    pages = [rec["tables"][t["table"]]["pages"][0] for t in b.get("tables") or []]
    pages = pages or [t["pages"][0] for t in rec["tables"]]
    return pages[0] if pages else None


# What still breaks, by copy and check (README, "Archive shapes"): reported as TODO, not failed
KNOWN = {
    ("merged-guojia_xinfangju+gz_zwfwsjj", "parts are the two reports"):
        "the bound form's title is taken into its table's region, so it opens no part",
    ("merged-guojia_xinfangju+gz_zwfwsjj", "the typed budget tables of both, in order"):
        "the same: the form is read as the 部门决算's",
    ("merged-cs_2020+tables-fs_gdjtj", "the typed budget tables of both, in order"):
        "a budget's tables alone after a 绩效评价报告 are read as that report's, whose tables are no budget's",
}


class Tap:
    def __init__(self):
        self.n = self.failed = 0
        self.lines = []

    def ok(self, good, name, why="", todo=None):
        copy, _, check = name.partition(": ")
        # a TODO that passes is an unexpected pass to meson: named only where it still fails
        todo = None if good else todo or KNOWN.get((copy, check))
        self.n += 1
        status = "ok" if good else "not ok"
        if not good and todo is None:
            self.failed += 1
        line = f"{status} {self.n} - {name}" + (f" # TODO {todo}" if todo else "")
        self.lines.append(line)
        if not good and why:
            self.lines.extend("# " + l for l in str(why).splitlines()[:12])


def main():
    if not os.path.isdir(REAL):
        print("1..0 # SKIP no shared real-reports folder")
        return 0
    tap = Tap()
    tmp = tempfile.mkdtemp(prefix="finrep-shapes-")
    try:
        orig_dir = os.path.join(tmp, "orig")
        var_dir = os.path.join(tmp, "shapes")
        os.makedirs(orig_dir)
        os.makedirs(var_dir)
        srcs = text_pdfs()
        short = {}
        for p in srcs:
            s = "_".join(os.path.basename(p).split("_")[:2])
            short[p] = s
            shutil.copy(p, os.path.join(orig_dir, s + ".pdf"))
        orig, run = ingest(orig_dir, os.path.join(tmp, "orig.jsonl"))
        tap.ok(len(orig) == len(srcs) and all(r["status"] == "ok" for r in orig.values()),
               "every original gives an ok record", run.stderr)

        # the shapes: (copy's name, shape, what it must keep)
        made = []
        for i, p in enumerate(srcs):
            s = short[p]
            rec = orig[s]
            pages = rec["source"]["pages"]
            v = lambda name: os.path.join(var_dir, name)
            mk("shown-rotated", v(f"{s}.rotshown.pdf"), p, "1-z")
            made.append((f"{s}.rotshown", "same", s))
            # a wrong PDF Title and another report's file name at once
            other = short[srcs[(i + 1) % len(srcs)]]
            mk("title", v(f"{other}-copy-{s}.pdf"), p, WRONG_TITLE)
            made.append((f"{other}-copy-{s}", "same", s))
            mk("encrypt", v(f"{s}.enc-empty.pdf"), p, "")
            made.append((f"{s}.enc-empty", "same", s))
            mk("encrypt", v(f"{s}.enc-user.pdf"), p, "secret")
            made.append((f"{s}.enc-user", "encrypted", s))
            if pages > 2:
                mk("from", v(f"{s}.nocover.pdf"), p, "2")
                made.append((f"{s}.nocover", "nocover", s))
            tp = first_table_page(rec)
            if tp and tp > 2 and (rec.get("budget") or {}).get("tables"):
                mk("from", v(f"{s}.from-tables.pdf"), p, str(tp))
                made.append((f"{s}.from-tables", "nocover", s))
                mk("reorder", v(f"{s}.tables-first.pdf"), p, str(tp))
                made.append((f"{s}.tables-first", "reordered", s))
            if tp:
                mk("sideways", v(f"{s}.sideways.pdf"), p, str(tp))
                made.append((f"{s}.sideways", "sideways", s))
            if i + 1 < len(srcs):
                nxt = srcs[i + 1]
                mk("merge", v(f"merged-{s}+{short[nxt]}.pdf"), p, nxt)
                made.append((f"merged-{s}+{short[nxt]}", "merged", (s, short[nxt])))
                # the next report's tables alone bound after this one: no cover opens its part
                ntp = first_table_page(orig[short[nxt]])
                if i % 2 == 0 and ntp and (orig[short[nxt]].get("budget") or {}).get("tables"):
                    mk("merge", v(f"merged-{s}+tables-{short[nxt]}.pdf"), p, nxt, f"{ntp}-z")
                    made.append((f"merged-{s}+tables-{short[nxt]}", "merged-tables", (s, short[nxt])))
            # the cheaper shapes once or twice each, spread over the files: (shape, suffix,
            # what it must keep, arguments)
            for shape, suffix, want, args in CHEAP[i % len(CHEAP)]:
                mk(shape, v(f"{s}.{suffix}.pdf"), p, *args)
                made.append((f"{s}.{suffix}", want, s))

        recs, run = ingest(var_dir, os.path.join(tmp, "shapes.jsonl"))
        tap.ok(len(recs) == len(made), f"a record for every one of the {len(made)} copies", run.stderr)

        for name, shape, of in made:
            r = recs.get(name)
            if r is None:
                tap.ok(False, f"{name}: no record")
                continue
            if shape == "same":
                o = orig[of]
                tap.ok(same_record(r, o), f"{name}: the original's record",
                       "\n".join(k for k in o if o.get(k) != r.get(k)))
            elif shape in ("encrypted", "not_pdf", "damaged"):
                code = (r.get("error") or {}).get("code")
                tap.ok(r["status"] == "error" and code == shape, f"{name}: error {shape}", f"got {r['status']} {code}")
            elif shape in ("nocover", "reordered"):
                o = orig[of]
                rep = r.get("report") or {}
                tap.ok(r["status"] == "ok" and fields(rep) == fields(o["report"]),
                       f"{name}: kind, year, organisation of the original", f"{fields(rep)} != {fields(o['report'])}")
                if shape == "reordered":
                    # the cover is still there, after the tables: a title that names the body
                    # as the original's does (the tables' own part title may come first)
                    org = o["report"]["organization"]
                    tap.ok(rep.get("title") == o["report"]["title"]
                           or (org in (o["report"]["title"] or "") and org in (rep.get("title") or "")),
                           f"{name}: a report's title", rep.get("title"))
                else:
                    tap.ok(rep.get("title") != WRONG_TITLE, f"{name}: a title from the pages, if any", rep.get("title"))
                tap.ok(budget_view(r) == budget_view(o), f"{name}: the original's typed budget tables",
                       f"{[t[:2] for t in budget_view(r)]} != {[t[:2] for t in budget_view(o)]}")
                tap.ok(not failing(r), f"{name}: no check fails", "\n".join(failing(r)))
            elif shape == "merged":
                a, b = orig[of[0]], orig[of[1]]
                want = [fields(a["report"]) + (1,), fields(b["report"]) + (a["source"]["pages"] + 1,)]
                got = [fields(p) + (p.get("page"),) for p in r.get("parts") or []]
                tap.ok(got == want, f"{name}: parts are the two reports", f"{got} != {want}")
                tap.ok(budget_view(r) == budget_view(a) + budget_view(b),
                       f"{name}: the typed budget tables of both, in order",
                       f"{[t[:2] for t in budget_view(r)]}")
                tap.ok(not failing(r), f"{name}: no check fails", "\n".join(failing(r)))
            elif shape == "merged-tables":
                a, b = orig[of[0]], orig[of[1]]
                tap.ok(r["status"] == "ok" and fields(r["report"]) == fields(a["report"]),
                       f"{name}: the first report's fields", f"{fields(r.get('report') or {})}")
                tap.ok(budget_view(r) == budget_view(a) + budget_view(b),
                       f"{name}: the typed budget tables of both, in order",
                       f"{[t[:2] for t in budget_view(r)]}")
                tap.ok(not failing(r), f"{name}: no check fails", "\n".join(failing(r)))
            elif shape == "sideways":
                o = orig[of]
                rep = r.get("report") or {}
                # a turned cover is read as turned text: its fields too (the TODO below)
                turned_cover = first_table_page(o) == 1
                tap.ok(r["status"] == "ok" and fields(rep) == fields(o["report"]),
                       f"{name}: kind, year, organisation kept", f"{fields(rep)}",
                       todo="the cover itself shown turned" if turned_cover else None)
                tap.ok(budget_view(r) == budget_view(o), f"{name}: a table page shown turned read as upright",
                       "", todo="a page whose text runs top to bottom is not turned upright")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"1..{tap.n}")
    print("\n".join(tap.lines))
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
