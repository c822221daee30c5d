#!/usr/bin/env python3
"""finrep ingest as a user meets it: --help, usage errors, lists on standard input (one a
line, or NUL-separated), directories walked, an OUT that cannot be written, the progress line
only on a terminal, and the summary always."""

import pty
import select
import time

from ingest_testlib import *

d = tempdir()
corpus = os.path.join(d, "in")
link_copies(SEED_PDF, os.path.join(corpus, "x"), ["a.pdf", "B.PDF"])
link_copies(SEED_TXT, os.path.join(corpus, "x", "y"), ["c.txt"])
link_copies(SEED_TXT, corpus, ["notes.md", "d.txt"])     # notes.md: not taken by the walk
os.symlink("x", os.path.join(corpus, "loop"))             # a link to a directory: not followed
os.symlink("gone.pdf", os.path.join(corpus, "dangling.pdf"))
walked = sorted(os.path.join(corpus, p) for p in
                ["x/a.pdf", "x/B.PDF", "x/y/c.txt", "d.txt", "dangling.pdf"])

# --help: every option and every exit status, on stdout, exit 0
p = ingest(["--help"], text=True)
check(p.returncode == 0, f"--help: exit {p.returncode}")
for opt in ["--output", "--jobs", "--resume", "--timeout", "--max-memory", "--max-pages",
            "--shard", "--null", "--quiet", "Exit status", "  0 ", "  2 ", "  3 "]:
    check(opt in p.stdout, f"--help does not mention {opt!r}")

# usage errors: exit 2 and a hint
for args in [[], ["--shard", "0/3", corpus], ["--shard", "4/3", corpus], ["--shard", "x", corpus],
             ["--resume", corpus], ["-j", "-1", corpus], ["--timeout", "-1", corpus]]:
    p = ingest(args, text=True)
    check(p.returncode == 2, f"{args}: exit {p.returncode}, want 2")
    check("--help" in p.stderr, f"{args}: no hint on stderr")

# a directory is walked for *.pdf and *.txt; a named file is taken whatever its name
p = ingest(["-j3", corpus, os.path.join(corpus, "notes.md")], text=True)
check(p.returncode == 0, f"walk: exit {p.returncode}\n{p.stderr}")
recs = by_path(parse_lines(p.stdout, "walk"), "walk")
check(sorted(recs) == sorted(walked + [os.path.join(corpus, "notes.md")]),
      f"walk found {sorted(recs)}")
check(code(recs[os.path.join(corpus, "dangling.pdf")]) == "not_found", "dangling link")
check("\r" not in p.stderr and "ETA" not in p.stderr, "progress drawn on a non-terminal")
check(re.search(r"6 records: 5 ok, 1 error \(not_found 1\)", p.stderr),
      f"summary:\n{p.stderr}")
check(re.search(r"[0-9]+ pages in [0-9.]+ s, [0-9.]+ pages/s", p.stderr), "no pages in summary")

# lists on standard input, a path named twice done once
listed = [os.path.join(corpus, "x", "a.pdf"), os.path.join(corpus, "d.txt"),
          os.path.join(corpus, "x", "a.pdf"), os.path.join(d, "missing.pdf")]
p = ingest(["-"], input="\n".join(listed) + "\n", text=True)
check(p.returncode == 0, f"list: exit {p.returncode}")
recs = by_path(parse_lines(p.stdout, "list"), "list")
check(sorted(recs) == sorted(set(listed)), f"list gave {sorted(recs)}")
check(code(recs[os.path.join(d, "missing.pdf")]) == "not_found", "missing file")

odd = os.path.join(d, "two\nlines.pdf")       # only a NUL-separated list can name it
link_copies(SEED_PDF, d, ["two\nlines.pdf"])
p = ingest(["-0", "-", corpus], input=(odd + "\0" + os.path.join(corpus, "d.txt") + "\0").encode())
check(p.returncode == 0, f"-0 list: exit {p.returncode}")
recs = by_path(parse_lines(p.stdout, "-0 list"), "-0 list")
check(sorted(recs) == sorted(walked + [odd]), f"-0 list gave {sorted(recs)}")
check(code(recs[odd]) == "ok", "the file with a newline in its name")

# OUT that cannot be written: exit 3, and said why; nothing written anywhere else
p = ingest(["-o", os.path.join(d, "no", "such", "dir.jsonl"), corpus], text=True)
check(p.returncode == 3 and "cannot open" in p.stderr, f"OUT in a missing directory: {p.returncode}")
if os.path.exists("/dev/full"):
    p = ingest(["-o", "/dev/full", corpus], text=True)
    check(p.returncode == 3 and "cannot write" in p.stderr, f"OUT full: exit {p.returncode}")

# OUT held by a run that is still going: a second run neither joins nor empties it
held = os.path.join(d, "held.jsonl")
first = subprocess.Popen([FINREP, "ingest", "-q", "-j1", "--timeout", "30", "-o", held, corpus],
                         env=dict(os.environ, FINREP_TEST_FAULT="hang:a.pdf"),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(200):
    if os.path.exists(held) and os.path.getsize(held) > 0:
        break
    time.sleep(0.05)
before = os.path.getsize(held)
for args in (["-o", held, corpus], ["--resume", "-o", held, corpus]):
    p = ingest(args, text=True)
    check(p.returncode == 3 and "locked" in p.stderr, f"{args} on a locked OUT: exit {p.returncode}")
    check(os.path.getsize(held) >= before, f"{args} emptied a locked OUT")
first.terminate()
first.wait()

# a directory that cannot be listed gets a record of its own
if os.geteuid() != 0:
    locked = os.path.join(d, "locked")
    os.mkdir(locked, 0)
    p = ingest([locked], text=True)
    recs = parse_lines(p.stdout, "locked")
    check(p.returncode == 0 and len(recs) == 1 and code(recs[0]) == "unreadable",
          f"unlistable directory: exit {p.returncode}, {recs}")
    os.chmod(locked, 0o700)

# on a terminal: the progress line, and still the summary; --quiet: summary only
def on_terminal(args):
    master, slave = pty.openpty()
    proc = subprocess.Popen([FINREP, "ingest"] + args, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:   # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        seen += chunk
    proc.wait()
    os.close(master)
    return proc.returncode, seen.decode("utf-8", "replace")

many = [corpus] + [os.path.join(corpus, "x", "a.pdf")] * 1 + \
       link_copies(SEED_PDF, os.path.join(d, "more"), [f"m{i}.pdf" for i in range(12)])
rc, seen = on_terminal(["-j1"] + many)
check(rc == 0, f"on a terminal: exit {rc}")
check(re.search(r"\r\x1b\[K.*[0-9]+/17 files, [0-9.]+ pages/s, [0-9]+ errors?, ETA", seen),
      f"no progress line on a terminal:\n{seen!r}")
check("17 records: 16 ok, 1 error" in seen, "no summary on a terminal")
rc, seen = on_terminal(["-j1", "--quiet"] + many)
check(rc == 0 and "ETA" not in seen and "17 records" in seen, f"--quiet on a terminal:\n{seen!r}")
print("ok")
