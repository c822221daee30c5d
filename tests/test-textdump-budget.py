#!/usr/bin/python3
"""The text route on budgets and final accounts: a dump that kept the page's columns
(`pdftotext -layout`) gives typed budget tables, none wrong, and the budget checks the PDF
route gives.

fixtures (FIXTURES/NAME.pdf whose truth has a budget, dumped at test time):
  - values right: every figure of a typed row the dump gives (table kind and label, side,
    code, name, column role, value) is the truth's (a name may lack a merged category cell
    printed beside another of its rows: matched());
  - checks: no budget check fails on the dump that does not fail on the PDF route, and on a
    fixture with planted inconsistencies only the truth's rules fail;
  - found: over all fixtures, at least 40% of the truth's figures (a table the dump does not
    settle is left out with a warning that says so);
  - the default-mode dump (no columns kept) gives no wrong figure and no failing check;
  - the -layout dump in GB18030 with \r\n gives the same budget as in UTF-8.
made here: a -layout table whose 基本支出 and 项目支出 columns of small figures stand a few
characters apart and never both hold a figure in a row gives no figure under the other's header
(and is read whole where they stand as far apart as their headers).
real reports (SHARED/real-reports, those whose PDF record has a budget): the -layout dump
gives no figure the PDF route does not, and no budget check fails on it.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dumpbudget_testlib as lib  # noqa: E402
from dumpbudget_testlib import BUDGET_RULES, figures, matched, squeeze  # noqa: E402

FINREP = os.environ["FINREP"]
FIXTURES = os.environ.get("FIXTURES", "")
SHARED = os.environ.get("SHARED", "")
FOUND_NEEDED = 0.40

out = []   # (ok, name, diagnostics, todo)


def report(ok, name, diag="", todo=None):
    out.append((ok, name, diag, todo))


def extract(path):
    return lib.extract(FINREP, path)


def failing(rec):
    return {(c["rule"], c["subject"]) for c in rec["checks"]
            if c["rule"] in BUDGET_RULES and c["status"] == "fail"}


def dump(pdf, path, layout):
    args = ["pdftotext"] + (["-layout"] if layout else []) + [pdf, path]
    return subprocess.run(args, capture_output=True, text=True).returncode == 0


def fixtures(tmp):
    found = wanted = 0
    for tpath in sorted(glob.glob(os.path.join(FIXTURES, "*.truth.json"))):
        with open(tpath, encoding="utf-8") as f:
            truth = json.load(f)
        if not truth.get("budget"):
            continue
        name = os.path.basename(tpath)[: -len(".truth.json")]
        pdf = tpath[: -len(".truth.json")] + ".pdf"
        ref = extract(pdf)
        want = figures(truth["budget"])
        for layout in (True, False):
            mode = "-layout" if layout else "default"
            path = os.path.join(tmp, f"{name}.{'layout' if layout else 'plain'}.txt")
            if not dump(pdf, path, layout):
                report(False, f"{name} ({mode}): pdftotext")
                continue
            rec = extract(path)
            if rec is None or ref is None:
                report(False, f"{name} ({mode}): both routes give an ok record")
                continue
            got = figures(rec.get("budget"))
            right, wrong = matched(got, want)
            report(not wrong, f"{name} ({mode}): budget figures right ({sum(right.values())} "
                              f"of the truth's {sum(want.values())})",
                   "\n".join(f"wrong: {k}" for k in wrong))
            fails, ref_fails = failing(rec), failing(ref)
            planted = set(truth.get("expect_budget_fails", []))
            extra = sorted(f for f in fails if f not in ref_fails or (planted and f[0] not in planted))
            report(not extra, f"{name} ({mode}): budget checks failing on the dump fail on the PDF "
                              f"route too ({len(fails)} failing)",
                   "\n".join(f"fails only on the dump: {f}" for f in extra))
            if layout:
                found += sum(right.values())
                wanted += sum(want.values())
                # the same dump as an archive may hold it: GB18030, lines ending \r\n
                gb = path[:-4] + ".gb18030.txt"
                with open(path, encoding="utf-8") as f, open(gb, "wb") as g:
                    g.write(f.read().replace("\n", "\r\n").encode("gb18030"))
                rec_gb = extract(gb)
                report(rec_gb is not None and rec_gb.get("budget") == rec.get("budget"),
                       f"{name} (-layout, GB18030, CRLF): the same budget as the UTF-8 dump's")
    if wanted == 0:
        report(True, "fixtures: no budget fixtures", todo="SKIP")
        return
    report(found >= FOUND_NEEDED * wanted,
           f"fixtures: -layout dumps give {found} of the truth's {wanted} budget figures "
           f"({found / wanted:.0%}, at least {FOUND_NEEDED:.0%} needed)")


def layout_line(cells):
    """A dump's line: each (place, text, right-aligned) cell at its place, in characters."""
    s = ""
    for at, text, right in cells:
        s = s.ljust(at - len(text) if right else at) + text
    return s


def close_columns(tmp):
    rows = [("2070301", "行政运行", "5", "5", ""), ("2070307", "体育场馆", "7", "", "7"),
            ("2070308", "群众体育", "3", "", "3"), ("2070309", "其他体育", "8", "8", "")]
    want = set()
    for _, name, total, basic, project in rows:
        for role, v in (("total", total), ("basic", basic), ("project", project)):
            if v:
                want.add((name, role, float(v)))
    # the project figures end 3, 4 and 8 characters after the basic ones
    for at in (41, 42, 46):
        lines = ["一般公共预算支出表", "公开05表", "单位：万元",
                 layout_line([(0, "科目编码", 0), (12, "科目名称", 0), (30, "合计", 1),
                              (38, "基本支出", 1), (46, "项目支出", 1)])]
        for code, name, total, basic, project in rows:
            cells = [(0, code, 0), (12, name, 0), (30, total, 1)]
            cells += [(38, basic, 1)] if basic else [(at, project, 1)]
            lines.append(layout_line(cells))
        path = os.path.join(tmp, f"close-columns-{at}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        rec = extract(path)
        got = set()
        for t in ((rec or {}).get("budget") or {}).get("tables", []):
            roles = [c["role"] for c in t["columns"]]
            for r in t["rows"]:
                got |= {(squeeze(r["name"]), role, v) for role, v in zip(roles, r["values"]) if v is not None}
        report(rec is not None and got <= want,
               f"close columns of figures ({at}): no figure under another column's header",
               "\n".join(f"wrong: {g}" for g in sorted(got - want, key=str)))
        if at == 46:
            # columns as far apart as their headers: read whole
            report(got == want, f"close columns of figures ({at}): every figure read",
                   "\n".join(f"missing: {g}" for g in sorted(want - got, key=str)))


def real_reports(tmp):
    pdfs = sorted(glob.glob(os.path.join(SHARED, "real-reports", "*.pdf"))) if SHARED else []
    if not pdfs:
        report(True, "real reports: the shared folder is not here", todo="SKIP")
        return
    for pdf in pdfs:
        ref = extract(pdf)
        if ref is None or not ref.get("budget") or failing(ref):
            continue
        name = os.path.basename(pdf)[:-4]
        path = os.path.join(tmp, name + ".layout.txt")
        if not dump(pdf, path, True):
            report(False, f"{name}: pdftotext -layout")
            continue
        rec = extract(path)
        if rec is None:
            report(False, f"{name}: a record from the dump")
            continue
        got, want = figures(rec.get("budget")), figures(ref["budget"])
        right, wrong = matched(got, want)
        report(not wrong, f"{name}: the dump's budget figures are the PDF route's "
                          f"({sum(right.values())} of {sum(want.values())})",
               "\n".join(f"not the PDF route's: {k}" for k in list(wrong)[:20]))
        fails = failing(rec)
        report(not fails, f"{name}: no budget check fails on the dump",
               "\n".join(f"fails: {f}" for f in sorted(fails)))


def main():
    if shutil.which("pdftotext") is None or not FIXTURES:
        print("1..0 # SKIP no pdftotext or no fixtures")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fixtures(tmp)
        close_columns(tmp)
        real_reports(tmp)
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
