#!/usr/bin/python3
"""`finrep extract` under valgrind on every fixture and sample, and on the inputs that give
error records: no definite leak, no invalid read or write.

One TAP line per file.  Leaks that Poppler, GLib or fontconfig make once per process are
suppressed by tests/valgrind.supp (each entry says why); anything else that is definitely
lost is finrep's, and fails.  A failure prints valgrind's report with a suppression stanza,
for the rare case where the leak really is a library's.
"""
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

FINREP = os.environ["FINREP"]
FIXTURES = os.environ["FIXTURES"]
SRCDIR = os.environ["G_TEST_SRCDIR"]
SAMPLES = os.path.join(os.path.dirname(SRCDIR), "samples")
SUPP = os.path.join(SRCDIR, "valgrind.supp")

VALGRIND = ["valgrind", "--leak-check=full", "--errors-for-leak-kinds=definite",
            "--show-leak-kinds=definite", "--error-exitcode=99", "--gen-suppressions=all",
            "--num-callers=30", f"--suppressions={SUPP}"]


def run(path):
    r = subprocess.run(VALGRIND + [FINREP, "extract", path], capture_output=True, text=True,
                       errors="replace")
    # exit 0 (ok record) or 1 (error record) is finrep's; 99 is valgrind's verdict
    lost = re.search(r"definitely lost: ([\d,]+) bytes", r.stderr)
    ok = r.returncode in (0, 1) and (lost is None or lost.group(1) == "0")
    return path, ok, r.returncode, r.stderr


def run_ingest(tmp):
    """finrep ingest into SQLite, its worker too (a fork: valgrind follows it): no invalid read or
    write, and what the worker sends the parent (a reply, the rows it packed) is initialised
    bytes.  A worker's errors do not reach the parent's exit status: each process's summary is
    read."""
    fixture = os.path.join(FIXTURES, "budget-tables-only.pdf")
    db = os.path.join(tmp, "ingest.sqlite")
    # memory errors only: a worker is a fork that ends without freeing what the parent made
    r = subprocess.run(["valgrind", "--num-callers=30", "--trace-children=yes", FINREP, "ingest",
                        "--no-sandbox", "-j", "1", "-o", db, fixture],
                       capture_output=True, text=True, errors="replace")
    errors = [int(n) for n in re.findall(r"ERROR SUMMARY: (\d+) errors", r.stderr)]
    ok = r.returncode == 0 and errors and not any(errors)
    return "ingest -o X.sqlite", ok, r.returncode, r.stderr


def main():
    if shutil.which("valgrind") is None:
        print("1..0 # SKIP valgrind is not installed")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.pdf")
        open(empty, "wb").close()
        html = os.path.join(tmp, "error-page.pdf")
        with open(html, "w") as f:
            f.write("<!DOCTYPE html><html><body>404</body></html>\n")
        damaged = os.path.join(tmp, "damaged.pdf")
        with open(damaged, "wb") as f:
            f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
        files = sorted(glob.glob(os.path.join(FIXTURES, "*.pdf")))
        files += sorted(glob.glob(os.path.join(SAMPLES, "*")))
        files += [empty, html, damaged, os.path.join(tmp, "missing.pdf")]
        print(f"1..{len(files) + 1}")
        failed = 0
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
            results = list(pool.map(run, files)) + [run_ingest(tmp)]
            for n, (path, ok, code, err) in enumerate(results, 1):
                print(f"{'ok' if ok else 'not ok'} {n} - {os.path.basename(path)}")
                if not ok:
                    failed += 1
                    print(f"# exit {code}")
                    for line in err.splitlines():
                        print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
