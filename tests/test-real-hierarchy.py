#!/usr/bin/env python3
"""Table fidelity on the real reports, counted: where a table prints 功能分类 codes (类 3 digits,
款 5, 项 7; or the short form, 款 and 项 as two digits under their parent), a parent row's
amounts equal the sum of its children's.  A cell read into the wrong column, a row lost at a
page break or two rows run together breaks such a sum, so the number of sums that close is a
measure of how well the tables stage reads real tables, whatever route its ruling lines took.

The test counts the sums that can be tested and those that close, per file, and fails when the
total that close falls below FLOOR (what the tables stage reached when the test was written:
raise it when it grows, never lower it to make a change pass) or when fewer than 90% close.

Environment: FINREP, SHARED (the folder beside the checkout holding real-reports/).
"""
import json
import os
import re
import subprocess
import sys

# sums that close on ../shared/real-reports/, counted when the vector route for ruling lines
# went in (the render route closed the same number)
FLOOR = 474
MIN_SHARE = 0.90

FINREP = os.environ["FINREP"]
REAL = os.path.join(os.environ.get("SHARED", ""), "real-reports")
CODE = re.compile(r"^\s*(\d{2}|\d{3}|\d{5}|\d{7})\s*$")
AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?$")


def amount(s):
    s = (s or "").strip()
    if s in ("", "-", "—", "--"):
        return 0.0
    if not AMOUNT.match(s):
        return None
    return float(s.replace(",", ""))


def coded_rows(table):
    """(full code, [amounts]) of each row whose first cells hold a code; short codes are
    completed from the row above them (208 / 05 / 05 is 208, 20805, 2080505)."""
    out, last = [], {3: None, 5: None}
    for row in table["rows"]:
        code = None
        k = 0
        for k, cell in enumerate(row[:3]):
            m = CODE.match(cell or "")
            if m:
                code = m.group(1)
                break
        if code is None:
            continue
        if len(code) == 2:
            parent = last[5] if last[5] and len(out) and len(out[-1][0]) >= 5 else last[3]
            if parent is None:
                continue
            code = parent[:5] + code if len(parent) >= 5 and last[5] else parent[:3] + code
        if len(code) == 3:
            last = {3: code, 5: None}
        elif len(code) == 5:
            last[5] = code
        values = [amount(c) for c in row[k + 1:]]
        out.append((code, values))
    return out


def sums(table):
    """(tested, closed) over the parents of this table."""
    rows = coded_rows(table)
    tested = closed = 0
    for i, (code, vals) in enumerate(rows):
        if len(code) not in (3, 5):
            continue
        kids = []
        for code2, vals2 in rows[i + 1:]:
            if not code2.startswith(code):
                break
            if len(code2) == len(code) + 2:
                kids.append(vals2)
        if not kids:
            continue
        for c, v in enumerate(vals):
            if v is None or v == 0:
                continue
            parts = [k[c] if c < len(k) else None for k in kids]
            if any(p is None for p in parts):
                continue
            tested += 1
            if abs(sum(parts) - v) <= 0.011 * len(parts) + 1e-6:
                closed += 1
    return tested, closed


def main():
    if not os.path.isdir(REAL):
        print("1..0 # SKIP no real reports beside the checkout")
        return 0
    files = sorted(f for f in os.listdir(REAL) if f.endswith(".pdf"))
    print("1..%d" % (len(files) + 1))
    total_t = total_c = 0
    for n, f in enumerate(files, 1):
        out = subprocess.run([FINREP, "extract", os.path.join(REAL, f)], capture_output=True)
        try:
            rec = json.loads(out.stdout)
        except ValueError:
            print("not ok %d - %s: no record" % (n, f))
            continue
        t = c = 0
        for table in rec.get("tables") or []:
            tt, cc = sums(table)
            t += tt
            c += cc
        total_t += t
        total_c += c
        print("ok %d - %s: %d of %d code sums close" % (n, f, c, t))
    share = total_c / total_t if total_t else 1.0
    ok = total_c >= FLOOR and share >= MIN_SHARE
    print("%s %d - all: %d of %d close (%.1f%%); floor %d" % ("ok" if ok else "not ok", len(files) + 1,
                                                           total_c, total_t, 100 * share, FLOOR))
    return 0


if __name__ == "__main__":
    sys.exit(main())
