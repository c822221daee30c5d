#!/usr/bin/python3
"""Tables and indicators of each generated fixture against its ground truth
(fixtures/NAME.truth.json, written by tests/gen/mkfixture.py); of the seed report against its
hand-checked indicators (tests/golden/seed-indicators.json); and of the tagged fixtures
(fixtures/seed-tagged*.pdf, tests/gen/mktagged.py) against the same.

One TAP line per fixture and check: every table's title, pages, header and rows cell for cell;
every indicator's category, name, values, unit, rate, weight, score and page; boxes within
2 pt.  On a mismatch the record is written to the build directory as NAME.tables.json.
"""
import glob
import json
import os
import subprocess
import sys

FINREP = os.environ["FINREP"]
FIXTURES = os.environ["FIXTURES"]
SRCDIR = os.environ.get("G_TEST_SRCDIR", os.path.dirname(__file__))
BUILD = os.environ.get("G_TEST_BUILDDIR", ".")

IND_FIELDS = ["category", "name", "target", "actual", "rate", "target_cmp", "target_value",
              "actual_value", "unit", "rate_value", "weight", "score", "page"]


def box_close(a, b, tol=2.0, aligned=False):
    if a is None or b is None:
        return a is b
    if all(abs(x - y) <= tol for x, y in zip(a, b)):
        return True
    # a table found by alignment alone knows its text's extent, not its frame's: that lies
    # inside the frame, by at most a cell's padding
    return aligned and (b[0] - tol <= a[0] <= b[0] + 12 and b[1] - tol <= a[1] <= b[1] + 12
                        and b[2] - 12 <= a[2] <= b[2] + tol and b[3] - 12 <= a[3] <= b[3] + tol)


def diff_tables(got, want):
    if len(got) != len(want):
        return [f"{len(got)} tables, want {len(want)}: "
                f"{[t['title'] for t in got]} vs {[t['title'] for t in want]}"]
    out = []
    for i, (g, w) in enumerate(zip(got, want)):
        for key in ("title", "pages", "header"):
            if key in w and g[key] != w[key]:
                out.append(f"table {i} {key}: {g[key]} != {w[key]}")
        if "box" in w and not box_close(g["box"], w["box"], aligned=g["method"] == "aligned"):
            out.append(f"table {i} box: {g['box']} != {w['box']}")
        if len(g["rows"]) != len(w["rows"]):
            out.append(f"table {i}: {len(g['rows'])} rows, want {len(w['rows'])}")
        for r, (gr, wr) in enumerate(zip(g["rows"], w["rows"])):
            if gr != wr:
                out.append(f"table {i} row {r}:\n   got  {gr}\n   want {wr}")
    return out


def diff_indicators(got, want, tables, boxes=True):
    out = []
    aligned = {t["page"] for t in tables if t["method"] == "aligned"}
    if len(got) != len(want):
        out.append(f"{len(got)} indicators, want {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        for key in IND_FIELDS:
            if key in w and g.get(key) != w[key]:
                out.append(f"indicator {i} ({w.get('name')}) {key}: {g.get(key)!r} != {w[key]!r}")
        if boxes and "box" in w and not box_close(g["box"], w["box"], aligned=g["page"] in aligned):
            out.append(f"indicator {i} ({w.get('name')}) box: {g['box']} != {w['box']}")
    return out


def record(pdf):
    res = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True)
    return json.loads(res.stdout)


def main():
    cases = []
    for truth_path in sorted(glob.glob(os.path.join(FIXTURES, "*.truth.json"))):
        name = os.path.basename(truth_path)[: -len(".truth.json")]
        pdf = os.path.join(FIXTURES, name + ".pdf")
        with open(truth_path, encoding="utf-8") as f:
            truth = json.load(f)
        if "tables" in truth or "indicators" in truth:
            cases.append((name, pdf, truth))
    # the seed report's 14 indicators, checked by hand against its pages 7-8
    with open(os.path.join(SRCDIR, "golden", "seed-indicators.json"), encoding="utf-8") as f:
        golden = json.load(f)
    seed = os.path.join(SRCDIR, "..", "samples", "seed-report-baiyun-2022.pdf")
    cases.append(("seed", seed, {"indicators": golden}))
    # tagged variants of the seed (tests/gen/mktagged.py; other pages): the same indicators.
    # With its rules drawn the table is read from them, as the cheaper evidence; without any,
    # only the structure tree says where its rows are.
    same = [{k: v for k, v in ind.items() if k not in ("page", "box")} for ind in golden]
    for name, method in (("seed-tagged", "ruled"), ("seed-tagged-plain", "tagged")):
        path = os.path.join(FIXTURES, name + ".pdf")
        cases.append((name, path, {"method": [method], "indicators": same}))

    checks = []
    todo = {}   # (name, what) -> why a mismatch is known (the fixture's @tables_todo)
    for name, pdf, truth in cases:
        rec = record(pdf)
        if "tables" in truth:
            checks.append((name, "tables", diff_tables(rec["tables"], truth["tables"]), rec))
            if truth.get("tables_todo"):
                todo[(name, "tables")] = truth["tables_todo"]
        if "indicators" in truth:
            # a grid in doubt (@tables_todo) puts row edges where its rows went: the boxes
            # are checked apart, as part of that TODO
            apart = bool(truth.get("tables_todo"))
            checks.append((name, "indicators", diff_indicators(rec["indicators"], truth["indicators"],
                                                               rec["tables"], boxes=not apart), rec))
            if apart:
                boxes = [p for p in diff_indicators(rec["indicators"], truth["indicators"], rec["tables"])
                         if " box: " in p]
                checks.append((name, "indicator boxes", boxes, rec))
                todo[(name, "indicator boxes")] = truth["tables_todo"]
        if "method" in truth:
            got = [t["method"] for t in rec["tables"]]
            checks.append((name, "method", [] if got == truth["method"] else [f"methods {got}, want {truth['method']}"], rec))
    print(f"1..{len(checks)}")
    failed = 0
    for n, (name, what, problems, rec) in enumerate(checks, 1):
        if problems and (name, what) in todo:
            print(f"not ok {n} - {name}: {what} # TODO {todo[(name, what)]}")
            for p in problems[:8]:
                print("# " + p.replace("\n", "\n# "))
        elif problems:
            failed += 1
            print(f"not ok {n} - {name}: {what}")
            for p in problems[:8]:
                print("# " + p.replace("\n", "\n# "))
            with open(os.path.join(BUILD, name + ".tables.json"), "w", encoding="utf-8") as f:
                json.dump({"tables": rec["tables"], "indicators": rec["indicators"]}, f,
                          ensure_ascii=False, indent=1)
        else:
            print(f"ok {n} - {name}: {what}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
