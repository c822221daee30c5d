#!/usr/bin/python3
"""How well finrep reads image-only copies of fixtures, against each fixture's ground truth.

    bench/ocr-quality.py FINREP SCAN.pdf…

Each SCAN is named FIXTURE-scanDPI.pdf (as tests/gen/mkscan.py is asked to name it:
`mkscan.py -o DIR --dpi 100 fixtures/merged-two.pdf merged-two-scan100`), and its truth is
fixtures/FIXTURE.truth.json.  Prints, a scan a line: the body's characters right (whitespace
aside: difflib's matching characters over the truth's length, as tests/test-ocr.py counts
them), the truth's paragraphs that stand whole in the record (95% alike), the indicator rows
exact, and whether finance, self-score and report fields are the truth's; then the body over
all scans.  Slow: OCR takes seconds a page.
"""
import difflib
import json
import os
import re
import subprocess
import sys

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")


def paragraphs(sections):
    for s in sections:
        yield from s["paragraphs"]
        yield from paragraphs(s["sections"])


def squeeze(t):
    return re.sub(r"\s", "", t)


def whole(rec, truth):
    got = [squeeze(p) for p in paragraphs(rec["sections"])]
    want = [squeeze(p) for p in paragraphs(truth["sections"])]
    return sum(1 for w in want
               if any(abs(len(g) - len(w)) <= 0.05 * len(w)
                      and difflib.SequenceMatcher(None, w, g, autojunk=False).ratio() >= 0.95
                      for g in got)), len(want)


def rows_exact(rec, truth):
    want = truth.get("indicators", [])
    fields = sorted({k for i in want for k in i} - {"box", "page"})
    def key(i):
        return json.dumps({k: i.get(k) for k in fields}, ensure_ascii=False, sort_keys=True)
    got = {key(i) for i in rec.get("indicators", [])}
    return sum(1 for w in want if key(w) in got), len(want)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    finrep, scans = sys.argv[1], sys.argv[2:]
    right = total = 0
    for pdf in scans:
        name = os.path.basename(pdf)[:-len(".pdf")]
        fixture = re.sub(r"-scan\d+$", "", name)
        truth = json.load(open(os.path.join(FIXTURES, fixture + ".truth.json"), encoding="utf-8"))
        rec = json.loads(subprocess.run([finrep, "extract", pdf], capture_output=True,
                                        text=True).stdout)
        want, got = squeeze("".join(paragraphs(truth["sections"]))), squeeze("".join(paragraphs(rec["sections"])))
        same = sum(b.size for b in difflib.SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks())
        right += same
        total += len(want)
        w, n = whole(rec, truth)
        r, m = rows_exact(rec, truth)
        print(f"{name}: body {same / max(1, len(want)):.1%}, paragraphs whole {w} of {n}, "
              f"indicator rows exact {r} of {m}, finance {'right' if rec.get('finance') == truth.get('finance') else 'wrong'}, "
              f"self-score {'right' if rec.get('self_score') == truth.get('self_score') else 'wrong'}, "
              f"fields {'right' if rec.get('report') == truth.get('report') else 'wrong'}", flush=True)
    print(f"all: body {right / max(1, total):.1%} ({right:,} of {total:,} characters)")


if __name__ == "__main__":
    main()
