#!/usr/bin/python3
"""Scanned budget tables give their values as numbers, and no number wrong.

fixtures/scans/budget-dept-p23-scan150.pdf and -scan100.pdf are image-only copies of pages 2-3 of
fixtures/budget-dept.pdf (tests/gen/mkscan.py: gray, askew, specks, JPEG): its 收支总表
(公开01表, 万元), 收入总表 (公开02表, printed in 元, over both pages) and 支出总表 (公开03表, 万元),
with their titles, labels and 单位 lines above them.  Checked against the fixture's own truth,
as a reader would: each table typed with its kind and label, its values right (each row paired
with the truth's by its code and name, ocrfigures_testlib.py), none wrong (a misreading is left
out, null, never taken for a number: a unit not read right gives its table no figures, a sum
of a table that does not add up gives its figures none), and no budget check failing, for the
report's own arithmetic holds and a misreading must not make it look as if it did not.

Before: the page around the tables was read with the cells painted white, which put the
engine's threshold above the gray paper, and no title or unit line was read: no table was
typed, every value left out.  Skipped when Tesseract's chi_sim data is absent.
"""
import json
import os
import subprocess

from ocrfigures_testlib import Tally, budget_table

FINREP = os.environ["FINREP"]
FIXTURES = os.environ["FIXTURES"]
TABLES = ("公开01表", "公开02表", "公开03表")

probe = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True) \
    if any(os.access(os.path.join(d, "tesseract"), os.X_OK) for d in os.environ["PATH"].split(":")) else None
if probe is None or "chi_sim" not in probe.stdout + probe.stderr:
    print("1..0 # SKIP Tesseract's chi_sim data is not installed")
    raise SystemExit(0)

truth = json.load(open(os.path.join(FIXTURES, "budget-dept.truth.json"), encoding="utf-8"))
want = [t for t in truth["budget"]["tables"] if t.get("label") in TABLES]
n = 0


def tap(ok, what):
    global n
    n += 1
    print(f"{'ok' if ok else 'not ok'} {n} - {what}", flush=True)


print("1..8")
# at 150 dpi most values must be read; at 100 dpi (scaled up 2.4 times, digits misread more
# often) fewer, but still none wrong
for dpi, floor in ((150, 0.9), (100, 0.25)):
    name = f"budget-dept-p23-scan{dpi}"
    p = subprocess.run([FINREP, "extract", os.path.join(FIXTURES, "scans", name + ".pdf")],
                       capture_output=True, text=True, timeout=600)
    rec = json.loads(p.stdout)
    got = (rec.get("budget") or {}).get("tables") or []
    typed = sorted((t.get("label"), t.get("kind")) for t in got)
    tap(typed == sorted((t["label"], t["kind"]) for t in want), f"{name}: tables typed {typed}")
    t = Tally()
    for w in want:
        g = next((x for x in got if x.get("label") == w["label"] and x.get("kind") == w["kind"]), None)
        budget_table(t, w, g, f"{name} {w['label']}")
    right, wrong, missing = t.kinds.get("budget value", [0, 0, 0])
    total = right + missing
    tap(right >= floor * total, f"{name}: {right} of {total} values right (at least {floor:.0%})")
    tap(not t.wrong, f"{name}: no value wrong {t.wrong[:5]}")
    failed = [c for c in rec.get("checks") or [] if c.get("status") == "fail"
              and c.get("rule") in ("balance", "row_sum", "column_sum", "code_hierarchy", "cross_table")]
    tap(not failed, f"{name}: no budget check fails {[c.get('message') for c in failed[:3]]}")
