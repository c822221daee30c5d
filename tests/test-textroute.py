#!/usr/bin/python3
"""The text route: archived dumps give the record the PDF gives.

seed (seed-report-baiyun-2022.txt, the archive's own dump, in SHARED or samples/, against
its PDF):
  - paragraphs: at least 95% of the PDF route's, whitespace aside;
  - indicator rows: at least 12 of the 14 of tests/data/seed-indicators.json (read off the
    page images) exact, category path included;
  - finance, self-score, problems, measures: the PDF route's, exactly.
fixtures (FIXTURES/NAME.pdf through `pdftotext` in its default mode, made at test time):
  - paragraphs: at least 95% of the truth's;
  - rows placed right: every indicator row the dump gives is the truth's row of that name
    (name, target, actual, rate): a row is left out with a warning, never guessed;
  - rows found: at least 12 in 14 of the truth's rows; short of that, a TODO when every
    row missing is one the record warns it left out (pdftotext printed its name apart);
  - finance, self-score, problems, measures: the truth's (paragraphs and finance a TODO for
    a fixture whose money is only in a summary table: the dump tears the table apart);
and over all fixtures together, at least 12 in 14 rows found.  A fixture of 绩效自评表 (truth:
evaluations) is a known gap of the text route: its rows, found or placed wrong, are a TODO of
their own and left out of the overall count.

Indicator rows come from the record's indicators when the indicators stage gives them,
else from the rows of its tables, by their header words.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

FINREP = os.environ["FINREP"]
FIXTURES = os.environ.get("FIXTURES", "")
SHARED = os.environ.get("SHARED", "")
SRCDIR = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("G_TEST_BUILDDIR", ".")
ROWS_NEEDED = 12 / 14
FIELDS = ("finance", "self_score", "problems", "measures")
TODO_SUMMARY = "TODO text route: a summary table of money is not read back from a default-mode dump"
TODO_EVALUATION = ("TODO text route: a 绩效自评表 (funds block, goals, labels stacked a character a line) "
                   "is not rebuilt from a default-mode dump")

out = []   # (ok, name, diagnostics, todo)


def report(ok, name, diag="", todo=None):
    out.append((ok, name, diag, todo))


def extract(path):
    run = subprocess.run([FINREP, "extract", path], capture_output=True, text=True)
    try:
        rec = json.loads(run.stdout)
    except json.JSONDecodeError:
        return None, f"no record (exit {run.returncode}): {run.stderr.strip()[:200]}"
    if rec.get("status") != "ok":
        return None, f"error record: {rec.get('error')}"
    if run.returncode != 0:
        return None, f"exit {run.returncode} on an ok record: {run.stderr.strip()[:300]}"
    return rec, ""


def paragraphs(sections):
    found = []
    for s in sections:
        found += s["paragraphs"]
        found += paragraphs(s["sections"])
    return found


def squeeze(s):
    return re.sub(r"\s+", "", s or "")


def paragraph_share(want, got):
    """How many of want's paragraphs got has too (whitespace aside), and the ones it lacks."""
    have = Counter(squeeze(p) for p in got)
    missing = []
    for p in want:
        if have[squeeze(p)] > 0:
            have[squeeze(p)] -= 1
        else:
            missing.append(p)
    return len(want) - len(missing), missing


ROLE_WORDS = {
    "target": re.compile(r"目标值|指标值"),
    "actual": re.compile(r"实现值|完成值|实际值"),
    "rate": re.compile(r"完成率|完成比例"),
}
VALUE_WORDS = re.compile(r"目标值|指标值|实现值|完成值|实际值|完成率|完成比例|分值|权重|得分|偏差|备注|原因")


def indicator_rows(rec):
    """(category, name, target, actual, rate) of each indicator row of a record."""
    if rec.get("indicators"):
        return [(tuple(i.get("category") or ()), i["name"], i.get("target"), i.get("actual"), i.get("rate"))
                for i in rec["indicators"]]
    rows = []
    for t in rec["tables"]:
        if not t["header"]:
            continue
        head = t["header"][-1]
        cols = {}
        for role, rx in ROLE_WORDS.items():
            for c, word in enumerate(head):
                if rx.search(word or "") and role not in cols:
                    cols[role] = c
        if "target" not in cols or "actual" not in cols:
            continue
        name_col = min(c for c, w in enumerate(head) if VALUE_WORDS.search(w or "")) - 1
        for r in t["rows"]:
            if name_col < 0 or re.fullmatch(r"合计|总计|总分|小计", r[name_col] or ""):
                continue
            rows.append((tuple(r[:name_col]), r[name_col], r[cols["target"]], r[cols["actual"]],
                         r[cols["rate"]] if "rate" in cols else None))
    return rows


def truth_rows(truth):
    return [(tuple(i["category"]), i["name"], i["target"], i["actual"], i["rate"])
            for i in truth.get("indicators", [])]


def seed():
    # the shared folder's seed, or the copy the repository carries in samples/
    for folder in (SHARED, os.path.join(SRCDIR, "..", "samples")):
        txt = os.path.join(folder, "seed-report-baiyun-2022.txt")
        pdf = os.path.join(folder, "seed-report-baiyun-2022.pdf")
        if os.path.exists(txt) and os.path.exists(pdf):
            break
    else:
        report(True, "seed: the shared seed report is not here", todo="SKIP")
        return
    rec, why = extract(txt)
    ref, why_ref = extract(pdf)
    if rec is None or ref is None:
        report(False, "seed: both routes give a record", why or why_ref)
        return
    want = paragraphs(ref["sections"])
    same, missing = paragraph_share(want, paragraphs(rec["sections"]))
    share = same / max(len(want), 1)
    report(share >= 0.95, f"seed: paragraphs, {same} of the PDF route's {len(want)} ({share:.1%})",
           "\n".join(f"not in the dump's record: {p[:70]}" for p in missing))

    with open(os.path.join(SRCDIR, "data", "seed-indicators.json"), encoding="utf-8") as f:
        golden = [(tuple(i["category"]), i["name"], i["target"], i["actual"], i["rate"]) for i in json.load(f)]
    got = indicator_rows(rec)
    exact = [g for g in golden if g in got]
    report(len(exact) >= 12, f"seed: indicator rows, {len(exact)} of {len(golden)} exact",
           "\n".join(f"not exact: {g[1]}" for g in golden if g not in got))

    for f in FIELDS:
        if ref.get(f) in (None, []):
            report(True, f"seed: {f}: the PDF route has none to compare", todo="SKIP")
            continue
        report(rec.get(f) == ref.get(f), f"seed: {f} as the PDF route's",
               f"dump {json.dumps(rec.get(f), ensure_ascii=False)[:300]}\n"
               f"pdf  {json.dumps(ref.get(f), ensure_ascii=False)[:300]}")


def fixtures():
    truths = sorted(glob.glob(os.path.join(FIXTURES, "*.truth.json"))) if FIXTURES else []
    pdftotext = shutil.which("pdftotext")
    if not truths or pdftotext is None:
        report(True, "fixtures: no fixtures or no pdftotext", todo="SKIP")
        return
    found_all = want_all = 0
    with tempfile.TemporaryDirectory() as tmp:
        for tpath in truths:
            name = os.path.basename(tpath)[: -len(".truth.json")]
            pdf = tpath[: -len(".truth.json")] + ".pdf"
            dump = os.path.join(tmp, name + ".txt")
            with open(tpath, encoding="utf-8") as f:
                truth = json.load(f)
            run = subprocess.run([pdftotext, pdf, dump], capture_output=True, text=True)
            if run.returncode != 0:
                report(False, f"{name}: pdftotext", run.stderr.strip()[:200])
                continue
            rec, why = extract(dump)
            if rec is None:
                report(False, f"{name}: a record from the dump", why)
                continue
            with open(os.path.join(BUILD, name + ".textroute.json"), "w", encoding="utf-8") as f:
                json.dump(rec, f, ensure_ascii=False, indent=1)

            # money stated only in a summary table (收入 | 支出 side by side): a default-mode
            # dump tears it apart and its numbered lines read as headings; known, not guessed
            summary = (TODO_SUMMARY if truth.get("finance_tables") else None)
            # a layout the text route does not read yet (the fixture's @text_route_todo says
            # which): its checks still run and print, as TODOs, and stay out of the total
            layout_todo = ("TODO text route: " + truth["text_route_todo"]
                           if truth.get("text_route_todo") else None)
            mark = len(out)
            want = paragraphs(truth["sections"])
            same, missing = paragraph_share(want, paragraphs(rec["sections"]))
            share = same / max(len(want), 1)
            report(share >= 0.95, f"{name}: paragraphs, {same} of {len(want)} ({share:.1%})",
                   "\n".join(f"missing: {p[:70]}" for p in missing),
                   (summary or layout_todo) if share < 0.95 else None)

            wanted = truth_rows(truth)
            if wanted:
                by_name = {w[1]: w for w in wanted}
                got = indicator_rows(rec)
                wrong = [g for g in got if g[1] not in by_name or g[2:] != by_name[g[1]][2:]]
                report(not wrong, f"{name}: indicator rows placed right ({len(got) - len(wrong)} of {len(got)})",
                       "\n".join(f"wrong: {g[1:]}" + (f" want {by_name[g[1]][1:]}" if g[1] in by_name else "")
                                 for g in wrong),
                       TODO_EVALUATION if wrong and truth.get("evaluations") else None)
                found = [w for w in wanted if any(g[1:] == w[1:] for g in got)]
                cats = sum(1 for w in wanted if w in got)
                if not layout_todo:
                    found_all += len(found)
                    want_all += len(wanted)
                ok = len(found) >= ROWS_NEEDED * len(wanted)
                left_out = [w for w in rec["warnings"] if w.startswith("text table") and "left out" in w]
                todo = None
                if not ok and not wrong and left_out:
                    todo = "TODO rows left out with warnings: pdftotext printed their names apart from their values"
                if not ok and truth.get("evaluations"):
                    # a known gap of the text route, kept visible and out of the overall count
                    todo = TODO_EVALUATION
                    found_all -= len(found)
                    want_all -= len(wanted)
                report(ok, f"{name}: indicator rows found, {len(found)} of {len(wanted)} "
                           f"(with their categories: {cats})",
                       "\n".join(f"not found: {w[1:]}" for w in wanted if w not in found), todo)

            for f in FIELDS:
                if f in truth:
                    same_f = rec.get(f) == truth[f]
                    report(same_f, f"{name}: {f}",
                           f"got  {json.dumps(rec.get(f), ensure_ascii=False)[:300]}\n"
                           f"want {json.dumps(truth[f], ensure_ascii=False)[:300]}",
                           summary if f == "finance" and not same_f else None)
            if layout_todo:
                out[mark:] = [(ok, n, d, t or (layout_todo if not ok else None))
                              for ok, n, d, t in out[mark:]]
    if want_all:
        report(found_all >= ROWS_NEEDED * want_all,
               f"fixtures: indicator rows found over all, {found_all} of {want_all}")


def main():
    seed()
    fixtures()
    print(f"1..{len(out)}")
    failed = 0
    for n, (ok, name, diag, todo) in enumerate(out, 1):
        directive = f" # {todo}" if todo else ""
        print(f"{'ok' if ok else 'not ok'} {n} - {name}{directive}")
        if not ok and not todo:
            failed += 1
        if not ok:
            for line in diag.splitlines():
                print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
