"""showcheck — what the show tests share: running finrep, the record, terminal widths and grids.

The record (`finrep extract`) is the reference: the views must show what it holds.
"""
import json
import os
import subprocess
import sys
import unicodedata

FINREP = os.environ["FINREP"]
SRCDIR = os.environ["G_TEST_SRCDIR"]
BUILDDIR = os.environ.get("G_TEST_BUILDDIR", ".")
TOP = os.path.normpath(os.path.join(SRCDIR, ".."))
SEED = os.path.join(TOP, "samples", "seed-report-baiyun-2022.pdf")
SEED_TXT = os.path.join(TOP, "samples", "seed-report-baiyun-2022.txt")

failures = []
count = 0


def check(ok, what):
    """One TAP assertion; the run goes on, so it shows every failure at once."""
    global count
    count += 1
    print(("ok " if ok else "not ok ") + f"{count} - {what}", flush=True)
    if not ok:
        failures.append(what)
    return ok


def finish():
    print(f"1..{count}")
    sys.exit(1 if failures else 0)


def run(args, env=None, stdin=subprocess.DEVNULL):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    p = subprocess.run([FINREP] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=e, stdin=stdin, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def record(path, allow_error=False):
    rc, out, err = run(["extract", path])
    assert rc == 0 or (allow_error and rc == 1), f"finrep extract {path}: {rc} {err}"
    return json.loads(out)


def width(s):
    """Terminal columns: East Asian wide and full-width characters take two, marks none."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w


def squash(s):
    """Text with all white space removed, for comparing wrapped output with record values."""
    return "".join(s.split())


def number(v):
    """A figure as a report prints it (and as finrep show does): no float noise."""
    s = f"{v:.6f}".rstrip("0")
    return s[:-1] if s.endswith(".") else s


def all_cells(table):
    """A record table's grid: header rows, then body rows."""
    return (table.get("header") or []) + (table.get("rows") or [])
