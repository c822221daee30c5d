#!/usr/bin/python3
"""A cell's glyphs and marks read from their ink at 150 dpi (extract/ocr.c):

- a mark read between a figure and its unit over no ink of its own, the unit's first stroke
  read twice (`5.71]万人` for 5.71万人: 万's top and left stroke read as `]`), is dropped
  (fix_unit_strokes); before, the row's actual and unit kept the `]`;
- a weight of two digits that chi_sim read as one Chinese character and the figures' model
  (eng) as `1S` has the glyph under the letter read again alone (reread_letters): 15; before,
  the weight was given no value;
- a semicolon's dot over its comma is no speck (extract/ocr.c, semicolon_dot): the page's
  despeckle painted it over, for the comma sits close to the character before it and was no
  dot alone to pair it with, and a note's `；` read `，` (不足；下一步 read 不足，下一步);
- a short figure that eng reads without the point its ink shows is left as read (9.5 read WS,
  its glyphs read again alone 95: reread_short holds eng's points against the ink's).

Pages of three fixtures scanned at 150 dpi by tests/gen/mkscan.py (ind-continued's pages 1-2,
its table running on over both, ind-wrap-middle's page 1 and final-account-evals' pages 3, 7
and 4, the last for its evaluation's funds), each row against the fixture's truth; no figure of
those pages may be given wrong.  Skipped without Tesseract's chi_sim data."""
import json
import os
import subprocess
import sys
import tempfile

from ocrdraw_testlib import require

FINREP = os.environ["FINREP"]
FIXTURES = os.environ["FIXTURES"]
here = os.path.dirname(os.path.abspath(__file__))

require()   # skips the test without what it needs

FIELDS = ("target", "actual", "unit", "weight", "target_value", "actual_value", "rate_value", "score")
want = [("ind-continued", "1-2", "0-6岁儿童健康管理人数", ("actual", "unit", "actual_value")),
        ("ind-wrap-middle", "1-1", "普惠性幼儿园生均补助覆盖学生人数", ("weight",)),
        ("final-account-evals", "3-3", "档案干部业务能力", ("note",)),
        ("final-account-evals", "7-7", "工程按期完工率", ("note",)),
        ("final-account-evals", "4-4", None, ())]
checks = []
with tempfile.TemporaryDirectory() as tmp:
    for fixture, page, name, fields in want:
        whole = json.load(open(os.path.join(FIXTURES, fixture + ".truth.json"), encoding="utf-8"))
        truth = {i["name"]: i for i in whole["indicators"]}
        funds = {e["name"]: e.get("funds") or {} for e in whole.get("evaluations") or []}
        scan = f"{fixture}-p{page}"
        subprocess.run([sys.executable, os.path.join(here, "gen", "mkscan.py"), "-o", tmp, "--dpi", "150",
                        "--pages", page, os.path.join(FIXTURES, fixture + ".pdf"), scan],
                       check=True, capture_output=True)
        p = subprocess.run([FINREP, "extract", os.path.join(tmp, scan + ".pdf")], capture_output=True, text=True,
                           timeout=600)
        rec = json.loads(p.stdout)
        got = {i.get("name"): i for i in rec.get("indicators") or []}
        if name is not None:
            row = got.get(name, {})
            checks.append((all(row.get(f) == truth[name].get(f) for f in fields),
                           f"{fixture} pages {page}, {name}: " +
                           ", ".join(f"{f} {row.get(f)!r} (printed {truth[name].get(f)!r})" for f in fields)))
        wrong = [(k, f, i.get(f)) for k, i in got.items() if k in truth for f in FIELDS
                 if isinstance(i.get(f), (int, float)) and i.get(f) != truth[k].get(f)]
        # and the evaluations' funds (a score of 9.5 whose point eng lost went out as 95)
        wrong += [(e.get("name"), f, v) for e in rec.get("evaluations") or [] if e.get("name") in funds
                  for f, v in (e.get("funds") or {}).items()
                  if isinstance(v, (int, float)) and v != funds[e["name"]].get(f)]
        checks.append((not wrong, f"{fixture} pages {page}: no figure given wrong ({wrong})"))

print(f"1..{len(checks)}")
for n, (ok, what) in enumerate(checks, 1):
    print(f"{'ok' if ok else 'not ok'} {n} - {what}")
