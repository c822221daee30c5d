#!/usr/bin/env python3
"""A worker that hangs, crashes or runs out of memory costs its file one error record, with
the signal or the limit in the message, and the batch goes on with a new worker."""

import time

from ingest_testlib import *

d = tempdir()
corpus = os.path.join(d, "in")
names = ["a.pdf", "hang.pdf", "b.pdf", "crash.pdf", "c.pdf", "oom.pdf", "d.pdf"]
link_copies(SEED_PDF, corpus, names)
link_copies(SEED_TXT, corpus, ["e.txt"])
out = os.path.join(d, "out.jsonl")

# AddressSanitizer's shadow memory rules out RLIMIT_AS: no memory case there (finrep says so)
asan = asan_build(ingest([os.path.join(d, "nothing-here")], text=True).stderr)
if asan:
    names.remove("oom.pdf")
    os.unlink(os.path.join(corpus, "oom.pdf"))
faults = "hang:hang.pdf,crash:crash.pdf" + ("" if asan else ",oom:oom.pdf")

start = time.monotonic()
p = ingest(["-j2", "--timeout", "3", "--max-memory", "256", "-o", out, corpus],
           env={"FINREP_TEST_FAULT": faults}, text=True)
elapsed = time.monotonic() - start
print(p.stderr, file=sys.stderr)
check(p.returncode == 0, f"exit status {p.returncode}, want 0: every input got a record")

recs = by_path(read_records(out), out)
want = {os.path.join(corpus, n) for n in names + ["e.txt"]}
check(set(recs) == want, f"records for {sorted(recs)}, want {sorted(want)}")

def rec(name):
    return recs[os.path.join(corpus, name)]

expect = {"hang.pdf": "timeout", "crash.pdf": "crashed", "oom.pdf": "too_large"}
for name in names + ["e.txt"]:
    want_code = expect.get(name, "ok")
    check(code(rec(name)) == want_code, f"{name}: code {code(rec(name))}, want {want_code}")

m = rec("hang.pdf")["error"]["message"]
check("--timeout 3" in m, f"the timeout record does not name the limit: {m}")
m = rec("crash.pdf")["error"]["message"]
check("signal" in m or "status" in m, f"the crash record does not say how the worker died: {m}")
if not asan:
    check("signal 11" in m, f"the crash record does not name SIGSEGV: {m}")
    m = rec("oom.pdf")["error"]["message"]
    check("--max-memory 256" in m and "RLIMIT_AS" in m,
          f"the memory record does not name the limit: {m}")
# a dead worker's record still identifies the file, for --resume
src = rec("crash.pdf")["source"]
check(src["sha256"] == rec("a.pdf")["source"]["sha256"] and src["bytes"] == os.path.getsize(SEED_PDF),
      f"the crash record's source is incomplete: {src}")

died = 2 if asan else 3
check(f"; {died} workers lost to" in p.stderr, f"the summary does not count {died} lost workers")
# the hang held one worker for its 3 s; the other files did not wait for it
check(elapsed < 3 + 30, f"the batch took {elapsed:.1f} s")
check(not processes_naming(d), "workers left running after the run")
print("ok: hang → timeout, crash → crashed, over --max-memory → too_large, batch completed")

# A worker that holds much more memory after a file than after its first (a leak) is replaced
# once it has finished the files sent to it ahead, and the files after it go to a new one.  The
# worker measures itself, inside its sandbox, once each file is done: the parent cannot, as
# the worker is then already parsing the next file.
leak = os.path.join(d, "leak")
leak_names = [f"{c}.pdf" for c in "abcdefghi"]   # in this order; b.pdf leaks
link_copies(SEED_PDF, leak, leak_names)
out2 = os.path.join(d, "leak.jsonl")
p = ingest(["-j1", "-o", out2, leak], env={"FINREP_TEST_FAULT": "keep:b.pdf"}, text=True)
print(p.stderr, file=sys.stderr)
check(p.returncode == 0, f"leak run: exit status {p.returncode}, want 0")
recs2 = read_records(out2)
check(len(recs2) == len(leak_names) and all(code(r) == "ok" for r in recs2),
      f"leak run: {len(recs2)} records, codes {sorted({code(r) for r in recs2})}")
check("; 1 replaced, having served their share of files or grown in memory" in p.stderr,
      "the worker that kept 96 MiB after a file was not replaced (summary: "
      + " ".join(l for l in p.stderr.splitlines() if "worker" in l) + ")")
