#!/usr/bin/python3
"""bench/ocr-figures.py [--scans DIR] [--keep DIR] [-j N] [--dpi D…] [FIXTURE…] — every figure the
OCR route gives as a number, against the fixture's truth: right, wrong or missing.

A scan misread is acceptable where its figure is left out (null, with a warning naming the
line: the text stays as read); a wrong number is not, for a reader takes it as the report's.
So every number of a record read from an image-only copy of a fixture is compared with the
truth, field by field, and counted per kind of field:

  indicator target / actual / rate / weight / score  (target_value, actual_value, …)
  self_score, finance amounts (totals, current year, items) and their changes,
  budget figures and budget table values, evaluation funds (budgets, executed, rate, weight,
  score, parts) and totals, years (report, parts, evaluations)

right: the record's number is the truth's; missing: the truth has a number, the record none
(or the row was not found); wrong: the record has a number and it is not the truth's (also
where the truth has none, and every number of a row the truth does not have).  Rows are
paired with the truth's in order by their names (a misread name still pairs with its row;
indicators, finance items, budget rows, evaluations and their funds' parts), never by their
figures.  Each wrong figure is printed with the text it was read from.

The comparison is tests/ocrfigures_testlib.py's (test-ocr.py asserts it on the scans it reads).

Fixtures: by default every fixture whose truth has indicators, finance, a self-score, a
budget or evaluations.  Each is scanned at 150 and 100 dpi by tests/gen/mkscan.py, as
bench/ocr-rows.py does (into --scans DIR, and taken from there when already made, so a
second run costs only the extracts; a temporary folder without it), and read by
`finrep extract` (FINREP names the binary, default build/cmd/finrep), N at a time (-j,
default 2).  --keep DIR writes each record there; --records DIR compares the records a run
with --keep wrote, without reading the scans again.  Exit status 1 when a figure is wrong.
Slow: about 200 pages of OCR, 1-3 s of CPU each.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(here, "tests"))
from ocrfigures_testlib import Tally, compare  # noqa: E402

finrep = os.environ.get("FINREP", os.path.join(here, "build", "cmd", "finrep"))


def default_names():
    names = []
    for f in sorted(glob.glob(os.path.join(here, "fixtures", "*.truth.json"))):
        truth = json.load(open(f, encoding="utf-8"))
        if truth.get("indicators") or truth.get("finance") or truth.get("self_score") is not None \
                or truth.get("budget") or truth.get("evaluations"):
            names.append(os.path.basename(f)[:-len(".truth.json")])
    return names


def one(name, dpi, scans, keep, records):
    scan = f"{name}-scan{dpi}"
    truth = json.load(open(os.path.join(here, "fixtures", name + ".truth.json"), encoding="utf-8"))
    if records:
        with open(os.path.join(records, scan + ".json"), encoding="utf-8") as f:
            return scan, dpi, compare(json.load(f), truth, scan)
    pdf = os.path.join(scans, scan + ".pdf")
    if not os.path.exists(pdf):
        subprocess.run([sys.executable, os.path.join(here, "tests", "gen", "mkscan.py"), "-o", scans,
                        "--dpi", str(dpi), os.path.join(here, "fixtures", name + ".pdf"), scan],
                       check=True, capture_output=True)
    out = subprocess.run([finrep, "extract", pdf], capture_output=True, text=True).stdout
    if keep:
        with open(os.path.join(keep, scan + ".json"), "w", encoding="utf-8") as f:
            f.write(out)
    return scan, dpi, compare(json.loads(out), truth, scan)


def report(title, t):
    print(f"{title}:")
    print(f"  {'field':<20} {'right':>6} {'wrong':>6} {'missing':>8}")
    for k in sorted(t.kinds):
        r, w, m = t.kinds[k]
        print(f"  {k:<20} {r:>6} {w:>6} {m:>8}")
    r, w, m = (sum(v[i] for v in t.kinds.values()) for i in range(3))
    print(f"  {'all':<20} {r:>6} {w:>6} {m:>8}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scans")
    ap.add_argument("--keep")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--dpi", type=int, action="append")
    ap.add_argument("--records", help="compare the records a run with --keep wrote there, reading no scan")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    names = a.names or default_names()
    dpis = a.dpi or [150, 100]
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        scans = a.scans or tmp
        os.makedirs(scans, exist_ok=True)
        jobs = [(n, d) for n in names for d in dpis]
        by_dpi = {d: Tally() for d in dpis}
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
            for scan, dpi, t in ex.map(lambda j: one(j[0], j[1], scans, a.keep, a.records), jobs):
                r, w, m = (sum(v[i] for v in t.kinds.values()) for i in range(3))
                print(f"{scan}: {r} right, {w} wrong, {m} missing", flush=True)
                for where, got, want in t.wrong:
                    print(f"  wrong: {where}: {got} (truth {want})", flush=True)
                by_dpi[dpi].merge(t)
    total = Tally()
    for d in dpis:
        report(f"{d} dpi", by_dpi[d])
        total.merge(by_dpi[d])
    if len(dpis) > 1:
        report("all", total)
    return 1 if total.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
