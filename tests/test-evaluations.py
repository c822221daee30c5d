#!/usr/bin/python3
"""Self-evaluation tables as units (`evaluations`, RECORD.md).

fixtures (FIXTURES/NAME.truth.json that carry `evaluations`, written by tests/gen/mkfixture.py
from the cells it laid out itself):
  - every unit's fields exactly the truth's (kind, name, department, implementer, year, funds
    with its parts, goals, indicator indices, 总分, grade, table, page, pages);
  - the note (偏差原因分析及改进措施) of each of its indicator rows;
  - each planted fail found by an evaluation rule (the truth's expect_fail_checks), no other
    check failing, and every evaluation check carrying the page of one of its unit's pages,
    a fail naming both numbers of its arithmetic.
real reports (SHARED/real-reports, skipped where absent): the units of tests/data/
evaluations-real.json, each read off the page images by a person (the file says what was
checked), and on every real report no unit that is not a 自评表 and no failing evaluation
check.
"""
import glob
import json
import os
import re
import subprocess
import sys

FINREP = os.environ["FINREP"]
FIXTURES = os.environ.get("FIXTURES", "")
SHARED = os.environ.get("SHARED", "")
SRCDIR = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("G_TEST_BUILDDIR", ".")
EVAL_RULES = {"evaluation_score_sum", "execution_rate", "funds_parts"}

n = failed = 0


def report(ok, what, detail=""):
    global n, failed
    n += 1
    print(f"{'ok' if ok else 'not ok'} {n} - {what}")
    if not ok:
        failed += 1
        for line in detail.splitlines()[:12]:
            print(f"# {line}")


def record(path):
    run = subprocess.run([FINREP, "extract", path], capture_output=True, text=True)
    try:
        return json.loads(run.stdout)
    except json.JSONDecodeError:
        return None


def differences(want, got, path=""):
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for k in want:
            out += differences(want[k], got.get(k), f"{path}.{k}")
        return out
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        out = []
        for i, (w, g) in enumerate(zip(want, got)):
            out += differences(w, g, f"{path}[{i}]")
        return out
    if want != got:
        return [f"{path}: want {json.dumps(want, ensure_ascii=False)[:100]}, "
                f"got {json.dumps(got, ensure_ascii=False)[:100]}"]
    return []


def numbers(text):
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def fixture(tpath):
    name = os.path.basename(tpath)[: -len(".truth.json")]
    truth = json.load(open(tpath, encoding="utf-8"))
    rec = record(tpath[: -len(".truth.json")] + ".pdf")
    if rec is None or rec.get("status") != "ok":
        report(False, f"{name}: a record")
        return
    with open(os.path.join(BUILD, name + ".evaluations.json"), "w", encoding="utf-8") as f:
        json.dump(rec, f, ensure_ascii=False, indent=1)
    got, want = rec["evaluations"], truth["evaluations"]
    report(len(got) == len(want), f"{name}: {len(want)} units",
           f"got {len(got)}: {[e['name'] for e in got]}")
    for i, w in enumerate(want):
        g = got[i] if i < len(got) else {}
        d = differences(w, g)
        report(not d, f"{name}: unit {w['name'] or w['department']} fields exact", "\n".join(d))
        notes = [(rec["indicators"][k].get("note") if k < len(rec["indicators"]) else "missing",
                  truth["indicators"][k].get("note")) for k in w["indicators"]]
        bad = [f"indicator {k}: note {a!r}, want {b!r}" for k, (a, b) in zip(w["indicators"], notes) if a != b]
        report(not bad, f"{name}: unit {w['name'] or w['department']} notes", "\n".join(bad))

    fails = [c for c in rec["checks"] if c["status"] == "fail"]
    planted = set(truth["expect_fail_checks"])
    found = {c["subject"] for c in fails if c["rule"] in EVAL_RULES}
    report(planted <= found, f"{name}: each planted fail found ({sorted(planted)})",
           f"found {sorted(found)}")
    extra = [c for c in fails if c["subject"] not in planted]
    report(not extra, f"{name}: no other fail",
           "\n".join(f"{c['rule']} {c['subject']}: {c['message']}" for c in extra))
    pages = {e["name"] or e["department"]: set(e["pages"]) for e in want}
    bad = [f"{c['rule']} {c['subject']}: page {c['page']}" for c in rec["checks"]
           if c["rule"] in EVAL_RULES and c["page"] not in pages.get(c["subject"], set())]
    report(not bad, f"{name}: every evaluation check carries a page of its unit", "\n".join(bad))
    # a fail says both figures: the sum or ratio re-done, and the one the table printed
    for c in fails:
        if c["rule"] == "evaluation_score_sum":
            u = next(e for e in want if e["name"] == c["subject"])
            ok = str(u["total_score"]) in numbers(c["message"]) and len(numbers(c["message"])) >= 3
            report(ok, f"{name}: the fail of {c['subject']} names 总分 and the sum", c["message"])
        elif c["rule"] == "execution_rate":
            u = next(e for e in want if e["name"] == c["subject"])
            printed = str(u["funds"]["execution_rate"])
            ok = printed in numbers(c["message"]) and len(numbers(c["message"])) >= 4
            report(ok, f"{name}: the fail of {c['subject']} names 执行率 and the ratio", c["message"])


def real():
    folder = os.path.join(SHARED, "real-reports")
    if not SHARED or not os.path.isdir(folder):
        report(True, "real reports: # SKIP no shared real-reports folder")
        return
    expected = json.load(open(os.path.join(SRCDIR, "data", "evaluations-real.json"), encoding="utf-8"))
    for path in sorted(glob.glob(os.path.join(folder, "*.pdf"))):
        name = os.path.basename(path)
        rec = record(path)
        if rec is None:
            report(False, f"{name}: a record")
            continue
        units = rec.get("evaluations", [])
        want = expected["files"].get(name, [])
        report(len(units) == len(want), f"{name}: {len(want)} units (one per 自评表)",
               f"got {[u['name'] for u in units]}")
        for w, g in zip(want, units):
            g = dict(g, indicator_count=len(g["indicators"]))
            d = differences(w, g)
            report(not d, f"{name}: {w['name']}: name, funds, total as printed", "\n".join(d))
        bad = [f"{c['rule']} {c['subject']}: {c['message']}" for c in rec["checks"]
               if c["rule"] in EVAL_RULES and c["status"] != "pass"]
        report(not bad, f"{name}: no evaluation check fails (the report is consistent)", "\n".join(bad))


def main():
    truths = [t for t in sorted(glob.glob(os.path.join(FIXTURES, "*.truth.json")))
              if json.load(open(t, encoding="utf-8")).get("evaluations")] if FIXTURES else []
    for t in truths:
        fixture(t)
    real()
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
