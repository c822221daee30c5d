#!/usr/bin/env python3
"""A worker is sent files ahead: what it says on stderr about one file is told as that file's,
even when the parent reads it only after the worker has gone on to the next, and a file that
crashes after one that spoke is given its own record, not one built from the other's words."""

import signal
import time

from ingest_testlib import *

d = tempdir()
corpus = os.path.join(d, "in")
# sorted: a (speaks, then is parsed), b (crashes at once), c (fine)
link_copies(SEED_PDF, corpus, ["a.pdf", "b.pdf"])
link_copies(SEED_TXT, corpus, ["c.txt"])
out = os.path.join(d, "out.jsonl")

env = dict(os.environ)
env["FINREP_TEST_FAULT"] = "say:a.pdf,crash:b.pdf"
p = subprocess.Popen([FINREP, "ingest", "-j1", "--max-memory", "512", "-o", out, corpus],
                     env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return f.read().split()
    except OSError:
        return []

deadline = time.monotonic() + 30
while not children(p.pid) and time.monotonic() < deadline and p.poll() is None:
    time.sleep(0.02)
check(children(p.pid), "no worker started")
time.sleep(0.3)   # the parent sends a.pdf and, ahead, b.pdf as it starts the worker
# the parent sleeps while the worker says its words about a.pdf, answers, and dies on b.pdf:
# it reads all of that at once when it wakes
os.kill(p.pid, signal.SIGSTOP)
time.sleep(3)
os.kill(p.pid, signal.SIGCONT)
stdout, stderr = p.communicate(timeout=120)
print(stderr, file=sys.stderr)
no_leak_report(stderr, "ingest")
check(p.returncode == 0, f"exit status {p.returncode}, want 0")

recs = by_path(read_records(out), out)
def rec(name):
    return recs[os.path.join(corpus, name)]
check(len(recs) == 3, f"{len(recs)} records, want 3")
for name, want in (("a.pdf", "ok"), ("b.pdf", "crashed"), ("c.txt", "ok")):
    check(code(rec(name)) == want, f"{name}: code {code(rec(name))}, want {want}")

said = [l for l in stderr.splitlines() if "test fault" in l]
check(len(said) == 1, f"the worker's words shown {len(said)} times, want once:\n{stderr}")
check("a.pdf" in said[0] and "b.pdf" not in said[0],
      f"a.pdf's words told as another file's: {said[0]}")
print("ok: a worker's words told as the file's it was parsing; the next file's crash its own")
