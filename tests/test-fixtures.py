#!/usr/bin/python3
"""Each generated fixture against its ground truth (fixtures/NAME.truth.json, written by
tests/gen/mkfixture.py from the same description that drew the PDF).

One TAP line per fixture and check.  A check compares what a user would compare: the report
fields, the heading outline with pages, every paragraph character for character, and that no
furniture or unmapped character is left in the text.  On a mismatch the record is written
to the build directory as NAME.actual.json for a look.
"""
import glob
import json
import os
import re
import subprocess
import sys

FINREP = os.environ["FINREP"]
FIXTURES = os.environ["FIXTURES"]
BUILD = os.environ.get("G_TEST_BUILDDIR", ".")


def outline(sections, out=None):
    out = [] if out is None else out
    for s in sections:
        out.append((s["number"], s["title"], s["level"], s["page"]))
        outline(s["sections"], out)
    return out


def paragraphs(sections, out=None):
    out = [] if out is None else out
    for s in sections:
        for p in s["paragraphs"]:
            out.append((s["title"], p))
        paragraphs(s["sections"], out)
    return out


def check_report(rec, truth):
    want = truth["report"]
    got = {k: rec["report"][k] for k in want}
    return got == want, f"report {got} != {want}"


def check_outline(rec, truth):
    got, want = outline(rec["sections"]), outline(truth["sections"])
    if got == want:
        return True, ""
    diff = [f"  want {w}\n   got {g}" for w, g in zip(want, got) if w != g][:3]
    return False, f"{len(got)} headings, want {len(want)}\n" + "\n".join(diff)


def check_paragraphs(rec, truth):
    got, want = paragraphs(rec["sections"]), paragraphs(truth["sections"])
    missing = [p for p in want if p not in got]
    extra = [p for p in got if p not in want]
    if not missing and not extra:
        return True, ""
    lines = [f"  missing: {p[1][:60]} (in {p[0]})" for p in missing[:3]]
    lines += [f"  extra:   {p[1][:60]} (in {p[0]})" for p in extra[:3]]
    return False, f"{len(missing)} missing, {len(extra)} extra\n" + "\n".join(lines)


RESIDUE = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
PAGE_NUMBER = re.compile(r"[—–-]\s*\d{1,3}\s*[—–-]\s*$|第\s*\d+\s*页")
CJK_SPACE = re.compile(r"[\u4e00-\u9fff，。；：、）（] (?=[\u4e00-\u9fff\d，。；：、（）])|\d (?=[\u4e00-\u9fff])")


def check_clean_text(rec, truth):
    texts = [p for _, p in paragraphs(rec["sections"])] + [t for _, t, _, _ in outline(rec["sections"])]
    want_texts = set(p for _, p in paragraphs(truth["sections"]))
    bad = []
    for t in texts:
        t = t or ""
        if RESIDUE.search(t):
            bad.append(f"  unmapped character in: {t[:50]}")
        if PAGE_NUMBER.search(t):
            bad.append(f"  page number in: {t[-50:]}")
        if CJK_SPACE.search(t) and t not in want_texts:
            bad.append(f"  spurious space in: {t[:50]}")
        for header in truth.get("running_texts", []):
            if header in t:
                bad.append(f"  running header in: {t[:50]}")
    return not bad, "\n".join(bad[:5])


def check_furniture(rec, truth):
    f = truth.get("furniture", {})
    want_numbers = f.get("page_numbers", 0)
    want_running = f.get("running_headers", 0) + f.get("running_footers", 0)
    got_numbers = got_running = 0
    for w in rec["warnings"]:
        m = re.match(r"furniture: removed (\d+) page number", w)
        if m:
            got_numbers = int(m.group(1))
        m = re.match(r"furniture: removed (\d+) running", w)
        if m:
            got_running = int(m.group(1))
    ok = got_numbers == want_numbers and got_running == want_running
    return ok, f"removed {got_numbers} page numbers and {got_running} running lines, want {want_numbers} and {want_running}"


# name -> function(record, truth) -> (ok, message).  Later issues add their fields here.
CHECKS = {
    "report": check_report,
    "outline": check_outline,
    "paragraphs": check_paragraphs,
    "clean-text": check_clean_text,
    "furniture": check_furniture,
}


def main():
    truths = sorted(glob.glob(os.path.join(FIXTURES, "*.truth.json")))
    if not truths:
        print("1..0 # SKIP no fixtures")
        return 0
    n = 0
    failed = 0
    print(f"1..{len(truths) * len(CHECKS)}")
    for tpath in truths:
        name = os.path.basename(tpath)[: -len(".truth.json")]
        truth = json.load(open(tpath, encoding="utf-8"))
        pdf = tpath[: -len(".truth.json")] + ".pdf"
        run = subprocess.run([FINREP, "extract", pdf], capture_output=True, text=True)
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
            print(f"{'ok' if ok else 'not ok'} {n} - {name}: {cname}")
            if not ok:
                failed += 1
                for line in msg.splitlines():
                    print(f"# {line}")
                with open(os.path.join(BUILD, name + ".actual.json"), "w", encoding="utf-8") as out:
                    out.write(run.stdout)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
