#!/usr/bin/python3
"""bench/ocr-rows.py [FIXTURE…] — how many indicator rows the OCR route reads exactly on
image-only copies of fixtures.

Each fixture (a name in fixtures/, default: the four of README "Scans") is scanned at 150 and
at 100 dpi by tests/gen/mkscan.py into a temporary folder, read by `finrep extract`, and its
indicator rows are compared with the fixture's truth as tests/test-ocr.py compares them: a
row is exact when every field the truth gives (box and page aside) is the same.  Prints each
file's count, then the totals at each resolution.  FINREP names the binary (default
build/cmd/finrep).  Takes a minute or two: OCR is 1-3 s of CPU a page.
"""
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
finrep = os.environ.get("FINREP", os.path.join(here, "build", "cmd", "finrep"))
names = sys.argv[1:] or ["final-account-table", "ind-continued", "merged-two", "final-dept"]


def key(i, fields):
    return json.dumps({k: i.get(k) for k in fields}, ensure_ascii=False, sort_keys=True)


totals = {}
with tempfile.TemporaryDirectory() as tmp:
    for name in names:
        truth = json.load(open(os.path.join(here, "fixtures", name + ".truth.json"), encoding="utf-8"))
        want = truth.get("indicators") or []
        fields = sorted({k for i in want for k in i} - {"box", "page"})
        for dpi in (150, 100):
            scan = f"{name}-scan{dpi}"
            subprocess.run([sys.executable, os.path.join(here, "tests", "gen", "mkscan.py"), "-o", tmp,
                            "--dpi", str(dpi), os.path.join(here, "fixtures", name + ".pdf"), scan],
                           check=True, capture_output=True)
            out = subprocess.run([finrep, "extract", os.path.join(tmp, scan + ".pdf")],
                                 capture_output=True, text=True).stdout
            got = {key(i, fields) for i in json.loads(out).get("indicators") or []}
            hit = sum(1 for w in want if key(w, fields) in got)
            t = totals.setdefault(dpi, [0, 0])
            t[0] += hit
            t[1] += len(want)
            print(f"{scan}: {hit} of {len(want)} indicator rows exact", flush=True)
for dpi, (hit, total) in totals.items():
    print(f"{dpi} dpi: {hit} of {total}")
print(f"all: {sum(t[0] for t in totals.values())} of {sum(t[1] for t in totals.values())}")
