#!/usr/bin/python3
"""budget (RECORD.md, "Budgets and final accounts") of each generated fixture against its
ground truth (fixtures/NAME.truth.json): every typed table (kind, label, columns with role
and header, every row's side, code, level, name and values) and every headline figure exact;
the budget check rules that fail are exactly those the fixture plants
(expect_budget_fails), each failing check names both numbers, and every check (of any rule) carries a page; a fixture
without budget tables has "budget": null.  One TAP line per fixture and field.
"""
import glob
import json
import os
import subprocess
import sys

FINREP = os.environ["FINREP"]
FIXTURES = os.environ["FIXTURES"]
BUILD = os.environ.get("G_TEST_BUILDDIR", ".")
BUDGET_RULES = {"balance", "row_sum", "column_sum", "code_hierarchy", "cross_table", "text_vs_table"}


def same(a, b):
    """Exact, but for the last bit of a double (元 converted to 万元)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) < 1e-9
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def dump(x):
    return json.dumps(x, ensure_ascii=False)


def check_tables(rec, truth):
    want = (truth.get("budget") or {}).get("tables")
    got = (rec.get("budget") or {}).get("tables")
    if want is None:
        return rec.get("budget") is None, f"budget should be null, got {dump(rec.get('budget'))[:300]}"
    if got is None:
        return False, "no budget"
    lines = []
    if [t["kind"] for t in got] != [t["kind"] for t in want]:
        lines.append(f"kinds {[t['kind'] for t in got]}, want {[t['kind'] for t in want]}")
    for g, w in zip(got, want):
        for key in ("label", "columns"):
            if not same(g[key], w[key]):
                lines.append(f"{w['label']}: {key} {dump(g[key])}, want {dump(w[key])}")
        # table: the index in `tables` of the same table (the tables stage may count a
        # continuation page as a table of its own, so it is compared by the title there)
        gt = rec["tables"][g["table"]] if 0 <= g["table"] < len(rec["tables"]) else {}
        wt = truth["tables"][w["table"]]
        if wt["title"] not in (gt.get("title"), *gt.get("meta", [])):
            lines.append(f"{w['label']}: table {g['table']} is {gt.get('title')!r}, want {wt['title']!r}")
        grows = [{k: r[k] for k in ("side", "code", "level", "name", "values")} for r in g["rows"]]
        if len(grows) != len(w["rows"]):
            lines.append(f"{w['label']}: {len(grows)} rows, want {len(w['rows'])}")
        for i, (gr, wr) in enumerate(zip(grows, w["rows"])):
            if not same(gr, wr):
                lines.append(f"{w['label']} row {i}: {dump(gr)}\n   want {dump(wr)}")
    return not lines, "\n".join(lines)


def check_figures(rec, truth):
    want = (truth.get("budget") or {}).get("figures")
    got = (rec.get("budget") or {}).get("figures")
    if want is None:
        return True, ""
    bad = []
    for k, v in want.items():
        if not same((got or {}).get(k), v):
            bad.append(f"{k}: {dump((got or {}).get(k))}, want {dump(v)}")
    return not bad, "\n".join(bad)


def check_checks(rec, truth):
    want = set(truth.get("expect_budget_fails", []))
    mine = [c for c in rec["checks"] if c["rule"] in BUDGET_RULES]
    failed = {c["rule"] for c in mine if c["status"] == "fail"}
    lines = [f"not flagged: {r}" for r in sorted(want - failed)]
    lines += [f"unexpected fail: {c['rule']}: {c['message']}" for c in mine
              if c["status"] == "fail" and c["rule"] not in want]
    # every check carries the page of its figure, the budget rules' and the older ones'
    for c in rec["checks"]:
        if not isinstance(c.get("page"), int):
            lines.append(f"no page: {dump(c)}")
    if truth.get("budget") and not mine:
        lines.append("no budget check ran")
    return not lines, "\n".join(lines)


CHECKS = {"tables": check_tables, "figures": check_figures, "checks": check_checks}


def main():
    truths = sorted(glob.glob(os.path.join(FIXTURES, "*.truth.json")))
    print(f"1..{len(truths) * len(CHECKS)}")
    n = failed = 0
    for tpath in truths:
        name = os.path.basename(tpath)[: -len(".truth.json")]
        truth = json.load(open(tpath, encoding="utf-8"))
        run = subprocess.run([FINREP, "extract", tpath[: -len(".truth.json")] + ".pdf"],
                             capture_output=True, text=True)
        try:
            rec = json.loads(run.stdout)
        except json.JSONDecodeError:
            rec = None
        for cname, fn in CHECKS.items():
            n += 1
            if rec is None or rec.get("status") != "ok":
                ok, msg = False, f"no ok record (exit {run.returncode}): {run.stderr.strip()[:200]}"
            else:
                ok, msg = fn(rec, truth)
            print(f"{'ok' if ok else 'not ok'} {n} - {name}: budget {cname}")
            if not ok:
                failed += 1
                for line in msg.splitlines():
                    print(f"# {line}")
                with open(os.path.join(BUILD, name + ".budget.actual.json"), "w", encoding="utf-8") as out:
                    out.write(run.stdout)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
