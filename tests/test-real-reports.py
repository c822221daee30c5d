#!/usr/bin/python3
"""The real government PDFs in the shared folder (beside the checkout): every one gives a
record; the report fields are those a person read off the cover (tests/real-reports.tsv);
no paragraph holds a page number, a running header or a table row; no heading stands twice in
the outline (a contents entry read as a heading doubles the one it lists); the indicator rows of the
real indicator tables are those checked by a person against the page images
(tests/golden/real-indicators.json), none missing and none more.  Skipped where the shared
folder is absent."""
import json
import os
import re
import subprocess
import sys

FINREP = os.environ["FINREP"]
SRC = os.environ["G_TEST_SRCDIR"]
REAL = os.path.join(os.environ.get("SHARED", ""), "real-reports")

PAGE_NUMBER = re.compile(r"^[—–-]\s*\d{1,3}\s*[—–-]$|^第\s*\d+\s*页|^\d{1,3}$|[—–]\s*\d{1,3}\s*[—–]")
NUMBER = re.compile(r"\d[\d,]*\.\d+|\d{2,}")
SENTENCE_MARKS = re.compile(r"[，。；：、]")


def paragraphs(sections):
    for s in sections:
        yield from s["paragraphs"]
        yield from paragraphs(s["sections"])


def hygiene(rec):
    """Problems a reader would see in the paragraphs."""
    paras = list(paragraphs(rec["sections"]))
    bad = []
    counts = {}
    for p in paras:
        counts[p] = counts.get(p, 0) + 1
        if PAGE_NUMBER.search(p):
            bad.append(f"page number in paragraph: {p[:60]}")
        # a table row read as prose: many figures and no sentence punctuation at all
        if len(NUMBER.findall(p)) >= 4 and not SENTENCE_MARKS.search(p):
            bad.append(f"table row in paragraph: {p[:60]}")
    pages = rec["source"]["pages"] or 1
    for p, n in counts.items():
        if n >= 3 and n * 2 >= pages and len(p) > 4:
            bad.append(f"repeated {n} times (a running header?): {p[:60]}")
    return bad


def doubled_headings(sections, seen=None, out=None):
    """Headings whose number and title the outline already holds."""
    seen = set() if seen is None else seen
    out = [] if out is None else out
    for s in sections:
        key = (s["number"], s["title"])
        if s["title"] and key in seen:
            out.append(f"heading twice: {s['number']} {s['title']} (p.{s['page']})")
        seen.add(key)
        doubled_headings(s["sections"], seen, out)
    return out


def main():
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(SRC, "real-reports.tsv"), encoding="utf-8")
            if l.strip() and not l.startswith("#")]
    if not os.path.isdir(REAL):
        print("1..0 # SKIP no shared real-reports folder")
        return 0
    with open(os.path.join(SRC, "golden", "real-indicators.json"), encoding="utf-8") as f:
        golden = json.load(f)
    print(f"1..{len(rows) * 3 + len(golden)}")
    n = failed = 0
    records = {}
    for row in rows:
        name, want_status = row[0], row[1]
        path = os.path.join(REAL, name)
        try:
            run = subprocess.run([FINREP, "extract", path], capture_output=True, text=True, timeout=120)
            rec = json.loads(run.stdout)
        except (subprocess.TimeoutExpired, json.JSONDecodeError) as e:
            rec, why = None, str(e)[:200]
        records[name] = rec
        n += 1
        if rec is None:
            ok, msg = False, why
        elif want_status != "ok":
            ok = rec["status"] == "error" and rec["error"]["code"] == want_status
            msg = f"got {rec['status']} {rec['error']}"
        else:
            want = {"kind": row[2], "year": int(row[3]), "organization": row[4]}
            got = {k: (rec.get("report") or {}).get(k) for k in want}
            ok = rec["status"] == "ok" and got == want
            msg = f"got {rec['status']} {got}, want {want}"
        print(f"{'ok' if ok else 'not ok'} {n} - {name}: status and report fields")
        if not ok:
            failed += 1
            print(f"# {msg}")
        n += 1
        bad = hygiene(rec) if rec and rec["status"] == "ok" else []
        print(f"{'ok' if not bad else 'not ok'} {n} - {name}: clean paragraphs")
        for b in bad[:5]:
            print(f"# {b}")
        failed += bool(bad)
        n += 1
        twice = doubled_headings(rec["sections"]) if rec and rec["status"] == "ok" else []
        print(f"{'ok' if not twice else 'not ok'} {n} - {name}: no heading twice in the outline")
        for b in twice[:5]:
            print(f"# {b}")
        failed += bool(twice)
    for name, want in golden.items():
        rec = records.get(name)
        got = [{k: i.get(k) for k in want[0]} for i in (rec or {}).get("indicators", [])] if want else []
        missing = [w for w in want if w not in got]
        extra = [g for g in got if g not in want]
        n += 1
        ok = rec is not None and not missing and not extra
        print(f"{'ok' if ok else 'not ok'} {n} - {name}: {len(want)} indicator rows as checked by eye")
        for w in missing[:4]:
            print(f"# missing or changed: p.{w['page']} {w['name']} {w['target']} {w['actual']}")
        for g in extra[:4]:
            print(f"# not in the golden rows: p.{g['page']} {g['name']} {g['target']} {g['actual']}")
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
