#!/usr/bin/python3
"""The text route on tables that pdftotext's default mode prints a column at a time (issue 17).

The Word-made fixtures (FIXTURES/word/, made by tests/gen/mkwordtables.py through LibreOffice)
are dumped with a plain `pdftotext FILE.pdf` at test time, and each dump's record is held
against the fixture's truth and against the PDF route's record of the same file:
  - indicator rows: at least 85% of the truth's rows exact (name, target, actual, rate) over
    all fixtures, and none wrong: a row the dump gives is the truth's row of that name, and
    a category it gives is the truth's at that level (one it cannot place stays empty);
  - rows missing only with a warning that says they were left out;
  - self-score and finance: the PDF route's (and the self-score the truth's);
  - checks: every check the dump gives is the PDF route's check of that rule and subject,
    with its status; the failing ones are the same and the truth's planted ones; a PDF check
    the dump lacks is of an indicator row it left out;
and the seed's own dump still gives its 14 indicator rows, none wrong.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FINREP = os.environ["FINREP"]
FIXTURES = os.environ.get("FIXTURES", "")
SHARED = os.environ.get("SHARED", "")
SRCDIR = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
EXACT_NEEDED = 0.85
FIELDS = ("name", "target", "actual", "rate")

out = []   # (ok, name, diagnostics)


def report(ok, name, diag=""):
    out.append((ok, name, diag))


def extract(path):
    run = subprocess.run([FINREP, "extract", path], capture_output=True, text=True)
    try:
        rec = json.loads(run.stdout)
    except json.JSONDecodeError:
        return None
    return rec if rec.get("status") == "ok" else None


def row_wrong(got, want):
    """Why a row the dump gives is not the truth's, or None."""
    if want is None:
        return "no row of this name in the truth"
    for f in FIELDS[1:]:
        if got[f] != want[f]:
            return f"{f} {got[f]!r}, want {want[f]!r}"
    for k, c in enumerate(got["category"]):
        if c and (k >= len(want["category"]) or c != want["category"][k]):
            return f"category {got['category']}, want {want['category']}"
    return None


def checks_of(rec):
    return {(c["rule"], c["subject"]): c["status"] for c in rec["checks"]}


def fixture(pdf, truth, dump_path):
    name = os.path.basename(pdf)[: -len(".pdf")]
    run = subprocess.run(["pdftotext", pdf, dump_path], capture_output=True, text=True)
    if run.returncode != 0:
        report(False, f"{name}: pdftotext", run.stderr.strip()[:200])
        return 0, 0, 0
    dump, ref = extract(dump_path), extract(pdf)
    if dump is None or ref is None:
        report(False, f"{name}: both routes give an ok record")
        return 0, 0, 0
    want = {w["name"]: w for w in truth["indicators"]}
    got = dump["indicators"]
    wrong = [(g, row_wrong(g, want.get(g["name"]))) for g in got]
    wrong = [(g, why) for g, why in wrong if why]
    exact = [w for w in truth["indicators"]
             if any(all(g[f] == w[f] for f in FIELDS) for g in got)]
    with_cats = sum(1 for g in got if g["name"] in want and g["category"] == want[g["name"]]["category"])
    report(not wrong, f"{name}: indicator rows wrong: {len(wrong)} of the {len(got)} given",
           "\n".join(f"wrong: {g['name']}: {why}" for g, why in wrong))
    missing = [w["name"] for w in truth["indicators"] if w not in exact]
    left_out = [w for w in dump["warnings"] if w.startswith("text table") and "left out" in w]
    report(not missing or bool(left_out),
           f"{name}: indicator rows exact {len(exact)} of {len(truth['indicators'])} "
           f"(categories whole on {with_cats}); the missing ones named as left out",
           "\n".join(f"missing: {m}" for m in missing))

    report(dump["self_score"] == ref["self_score"] == truth["self_score"],
           f"{name}: self-score as the PDF route's and the truth's",
           f"dump {dump['self_score']} pdf {ref['self_score']} truth {truth['self_score']}")
    report(dump["finance"] == ref["finance"], f"{name}: finance as the PDF route's",
           f"dump {json.dumps(dump['finance'], ensure_ascii=False)[:300]}\n"
           f"pdf  {json.dumps(ref['finance'], ensure_ascii=False)[:300]}")

    dc, pc = checks_of(dump), checks_of(ref)
    names = {g["name"] for g in got}
    differ = [k for k in dc if pc.get(k) != dc[k]]
    lacking = [k for k in pc if k not in dc and not (k[0] == "indicator_rate" and k[1] not in names
                                                     and k[1] in missing)]
    fails_d = sorted(k[1] for k, s in dc.items() if s == "fail")
    fails_p = sorted(k[1] for k, s in pc.items() if s == "fail")
    report(not differ and not lacking and fails_d == fails_p == sorted(truth["expect_fail_checks"]),
           f"{name}: checks as the PDF route's ({len(dc)} of its {len(pc)}; failing: {', '.join(fails_d)})",
           "\n".join([f"differs: {k} dump {dc[k]} pdf {pc.get(k)}" for k in differ]
                     + [f"lacking: {k}" for k in lacking]
                     + [f"failing: dump {fails_d} pdf {fails_p} truth {truth['expect_fail_checks']}"]))
    return len(exact), len(truth["indicators"]), len(wrong)


def seed():
    for folder in (SHARED, os.path.join(SRCDIR, "..", "samples")):
        txt = os.path.join(folder, "seed-report-baiyun-2022.txt")
        if os.path.exists(txt):
            break
    else:
        return
    rec = extract(txt)
    with open(os.path.join(SRCDIR, "data", "seed-indicators.json"), encoding="utf-8") as f:
        golden = {g["name"]: g for g in json.load(f)}
    got = rec["indicators"] if rec else []

    def squeeze(v):
        return re.sub(r"\s+", "", v or "")
    wrong = [g["name"] for g in got if g["name"] not in golden
             or any(squeeze(g[f]) != squeeze(golden[g["name"]][f]) for f in FIELDS[1:])
             or g["category"] != golden[g["name"]]["category"]]
    report(len(got) == len(golden) and not wrong,
           f"seed dump: {len(got)} of its {len(golden)} indicator rows, none wrong (white space aside)",
           "\n".join(f"wrong: {w}" for w in wrong))


def main():
    truths = sorted(glob.glob(os.path.join(FIXTURES, "word", "*.truth.json"))) if FIXTURES else []
    if not truths or shutil.which("pdftotext") is None:
        print("1..0 # SKIP no Word-made fixtures or no pdftotext")
        return 0
    exact = total = wrong = 0
    with tempfile.TemporaryDirectory() as tmp:
        for tpath in truths:
            with open(tpath, encoding="utf-8") as f:
                truth = json.load(f)
            pdf = tpath[: -len(".truth.json")] + ".pdf"
            e, t, w = fixture(pdf, truth, os.path.join(tmp, os.path.basename(pdf)[:-4] + ".txt"))
            exact, total, wrong = exact + e, total + t, wrong + w
    share = exact / max(total, 1)
    report(share >= EXACT_NEEDED and total > 0,
           f"all Word-made fixtures: {exact} of {total} indicator rows exact ({share:.1%}, "
           f"at least {EXACT_NEEDED:.0%} needed)")
    report(wrong == 0, f"all Word-made fixtures: {wrong} indicator rows wrong (none allowed)")
    seed()
    print(f"1..{len(out)}")
    failed = 0
    for n, (ok, name, diag) in enumerate(out, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        if not ok:
            failed += 1
            for line in diag.splitlines():
                print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
