"""What the test-ingest-*.py tests share: the program, a corpus of renamed samples, and a
reader that insists every line of the output is one whole record."""

import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FINREP = os.environ["FINREP"]
SRCDIR = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(SRCDIR, "..", "samples")
SEED_PDF = os.path.join(SAMPLES, "seed-report-baiyun-2022.pdf")
SEED_TXT = os.path.join(SAMPLES, "seed-report-baiyun-2022.txt")
SKIP = 77


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def skip(message):
    print("SKIP: " + message, file=sys.stderr)
    sys.exit(SKIP)


def tempdir():
    """A scratch directory, removed at exit."""
    d = tempfile.mkdtemp(prefix="finrep-ingest-")
    import atexit
    atexit.register(shutil.rmtree, d, True)
    return d


def link_copies(src, directory, names):
    """The same bytes under many names (hard links when the file system allows)."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    for name in names:
        dst = os.path.join(directory, name)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


def resume_corpus(d):
    """The inputs the resume tests kill runs over: 10 PDFs, 4 text dumps, an empty file and
    a missing one (16 records)."""
    corpus = os.path.join(d, "in")
    link_copies(SEED_PDF, corpus, [f"r{i:02d}.pdf" for i in range(10)])
    link_copies(SEED_TXT, corpus, [f"t{i:02d}.txt" for i in range(4)])
    open(os.path.join(corpus, "empty.pdf"), "wb").close()
    return corpus, [corpus, os.path.join(d, "missing.pdf")]


def ingest(args, env=None, **kw):
    """Runs finrep ingest; stdout and stderr as text unless told otherwise."""
    full_env = dict(os.environ)
    full_env.pop("FINREP_TEST_FAULT", None)
    if env:
        full_env.update(env)
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    p = subprocess.run([FINREP, "ingest"] + list(args), env=full_env, **kw)
    no_leak_report(p.stderr, args)
    return p


def no_leak_report(stderr, what):
    """In a sanitizer build, a worker's LeakSanitizer report reaches the parent's stderr."""
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    check("LeakSanitizer" not in (stderr or ""), f"{what}: a leak report:\n{stderr}")


def parse_lines(data, where):
    """Every line must be a whole record: valid JSON with the schema and a source path."""
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    check(data == "" or data.endswith("\n"), f"{where}: the last record has no newline")
    records = []
    for n, line in enumerate(data.splitlines(), 1):
        try:
            r = json.loads(line)
        except ValueError as e:
            fail(f"{where}:{n}: not a whole JSON record ({e}): {line[:120]!r}")
        check(r.get("schema", "").startswith("finrep.record/"), f"{where}:{n}: no schema")
        check(isinstance(r.get("source", {}).get("path"), str), f"{where}:{n}: no source.path")
        check(r["status"] in ("ok", "error"), f"{where}:{n}: status {r['status']!r}")
        records.append(r)
    return records


def read_records(path):
    with open(path, "rb") as f:
        return parse_lines(f.read(), path)


def by_path(records, where):
    """path → record, failing when a path has more than one."""
    counts = collections.Counter(r["source"]["path"] for r in records)
    doubled = [p for p, c in counts.items() if c > 1]
    check(not doubled, f"{where}: more than one record for {doubled[:5]}")
    return {r["source"]["path"]: r for r in records}


def code(record):
    return record["error"]["code"] if record["status"] == "error" else "ok"


def summary_figure(stderr, pattern):
    """A number out of the summary on stderr, found by a regular expression."""
    m = re.search(pattern, stderr)
    check(m is not None, f"no {pattern!r} in the summary:\n{stderr}")
    return float(m.group(1))


def asan_build(stderr):
    return "not enforced in a build with AddressSanitizer" in stderr


def processes_naming(text):
    """Live processes whose command line mentions text (a scratch directory of one test):
    after a run, or after its parent was killed, no worker may be left behind."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text.encode() in cmd and state != "Z":
            found.append(int(pid))
    return found
