#!/usr/bin/python3
"""Golden records: tests/golden/*.record.json each name an input (relative to the checkout)
and the parts of its record a person checked against the PDF's page images.  Every key given
there must come back equal; `checks` are compared by rule, status, subject and page (the
1-based page of the checked figure, or null).

On a mismatch the whole actual record is written to the build directory as NAME.actual.json.
After checking a change by hand, FINREP_UPDATE_GOLDEN=1 rewrites the expected parts from the
actual record (keeping the same keys).
"""
import glob
import json
import os
import subprocess
import sys

FINREP = os.environ["FINREP"]
SRC = os.environ["G_TEST_SRCDIR"]
BUILD = os.environ.get("G_TEST_BUILDDIR", ".")
ROOT = os.path.join(SRC, "..")


def comparable(key, value):
    if key == "checks":
        return [(c["rule"], c["status"], c["subject"], c.get("page", "missing")) for c in value]
    return value


def first_difference(want, got, path=""):
    if type(want) != type(got):
        return f"{path}: want {json.dumps(want, ensure_ascii=False)[:120]}, got {json.dumps(got, ensure_ascii=False)[:120]}"
    if isinstance(want, dict):
        for k in want:
            if k not in got:
                return f"{path}.{k}: missing"
            d = first_difference(want[k], got[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(want, list):
        for i, (w, g) in enumerate(zip(want, got)):
            d = first_difference(w, g, f"{path}[{i}]")
            if d:
                return d
        if len(want) != len(got):
            return f"{path}: {len(got)} items, want {len(want)}"
        return None
    return None if want == got else f"{path}: want {json.dumps(want, ensure_ascii=False)[:120]}, got {json.dumps(got, ensure_ascii=False)[:120]}"


def main():
    files = sorted(glob.glob(os.path.join(SRC, "golden", "*.record.json")))
    update = os.environ.get("FINREP_UPDATE_GOLDEN") == "1"
    tests = []
    for path in files:
        golden = json.load(open(path, encoding="utf-8"))
        for key in golden["expect"]:
            tests.append((path, golden, key))
    print(f"1..{len(tests)}")
    records = {}
    failed = 0
    for n, (path, golden, key) in enumerate(tests, 1):
        name = os.path.basename(path)[: -len(".record.json")]
        if path not in records:
            run = subprocess.run([FINREP, "extract", os.path.join(ROOT, golden["input"])],
                                 capture_output=True, text=True)
            records[path] = json.loads(run.stdout)
        rec = records[path]
        d = first_difference(comparable(key, golden["expect"][key]), comparable(key, rec.get(key)), key)
        if d and update:
            golden["expect"][key] = rec.get(key) if key != "checks" else [
                {"rule": c["rule"], "status": c["status"], "subject": c["subject"], "page": c["page"]}
                for c in rec["checks"]]
            with open(path, "w", encoding="utf-8") as out:
                json.dump(golden, out, ensure_ascii=False, indent=1)
                out.write("\n")
            d = None
        print(f"{'ok' if not d else 'not ok'} {n} - {name}: {key}")
        if d:
            failed += 1
            print(f"# {d}")
            with open(os.path.join(BUILD, name + ".actual.json"), "w", encoding="utf-8") as out:
                json.dump(rec, out, ensure_ascii=False, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
