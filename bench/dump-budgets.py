#!/usr/bin/python3
"""bench/dump-budgets.py — how much of a budget's typed tables the text route reads back
from archived dumps, against the PDF route's record of the same file (the reference).

Usage: bench/dump-budgets.py FINREP [PDF ...]
  With no PDFs: the budget fixtures (fixtures/budget-*.pdf, final-*.pdf) and the budgets and
  final accounts among the real reports (../shared/real-reports beside the checkout, those
  whose PDF record has a budget).  Each PDF is dumped by `pdftotext -layout` and by a plain
  `pdftotext`, each dump extracted, and its budget compared with the PDF's:
    tables  typed tables (kind and label) the dump gives / the PDF gives;
    values  figures of typed rows (kind, label, side, code, name, column role (else header),
            value) the
            dump gives that the PDF gives too / the PDF's figures; wrong: the dump's figures
            that the PDF does not give;
    checks  budget checks run on the dump / on the PDF; fails: failing checks on the dump
            (and on the PDF).
Prints one line per file and mode and the totals.  Needs pdftotext (poppler-utils).
"""
import glob
import os
import subprocess
import sys
import tempfile
from collections import Counter

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(HERE, "tests"))
from dumpbudget_testlib import BUDGET_RULES, extract, figures, matched  # noqa: E402


def tables_of(rec):
    b = rec.get("budget") or {}
    return Counter((t["kind"], t["label"]) for t in b.get("tables", []))


def values_of(rec):
    return figures(rec.get("budget"))


def checks_of(rec):
    cs = [c for c in rec.get("checks", []) if c["rule"] in BUDGET_RULES]
    return len(cs), sum(1 for c in cs if c["status"] == "fail")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    finrep = sys.argv[1]
    pdfs = sys.argv[2:]
    if not pdfs:
        pdfs = sorted(glob.glob(os.path.join(HERE, "fixtures", "budget-*.pdf"))
                      + glob.glob(os.path.join(HERE, "fixtures", "final-*.pdf")))
        pdfs += sorted(glob.glob(os.path.join(HERE, "..", "shared", "real-reports", "*.pdf")))
    total = {m: Counter() for m in ("layout", "plain")}
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in pdfs:
            ref = extract(finrep, pdf)
            if ref is None or not ref.get("budget"):
                continue
            name = os.path.basename(pdf)[:-4]
            rt, rv = tables_of(ref), values_of(ref)
            rc, rf = checks_of(ref)
            for mode, args in (("layout", ["-layout"]), ("plain", [])):
                dump = os.path.join(tmp, f"{name}.{mode}.txt")
                subprocess.run(["pdftotext", *args, pdf, dump], check=True, capture_output=True)
                rec = extract(finrep, dump)
                if rec is None:
                    print(f"{name:52} {mode:6} no record")
                    continue
                dt, dv = tables_of(rec), values_of(rec)
                dc, df = checks_of(rec)
                tables = sum((dt & rt).values())
                r_, w_ = matched(dv, rv)
                right, wrong = sum(r_.values()), sum(w_.values())
                t = total[mode]
                t["tables"] += tables
                t["ref_tables"] += sum(rt.values())
                t["right"] += right
                t["wrong"] += wrong
                t["ref_values"] += sum(rv.values())
                t["checks"] += dc
                t["fails"] += df
                t["ref_checks"] += rc
                t["ref_fails"] += rf
                t["files"] += 1
                print(f"{name:52} {mode:6} tables {tables:2}/{sum(rt.values()):2}  values {right:4}/{sum(rv.values()):4}"
                      f" wrong {wrong:3}  checks {dc:4}/{rc:4} fails {df} ({rf})")
    for mode, t in total.items():
        print(f"{'total':52} {mode:6} tables {t['tables']}/{t['ref_tables']}  values {t['right']}/{t['ref_values']}"
              f" wrong {t['wrong']}  checks {t['checks']}/{t['ref_checks']} fails {t['fails']} ({t['ref_fails']})"
              f"  over {t['files']} files")


if __name__ == "__main__":
    main()
