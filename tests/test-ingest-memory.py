#!/usr/bin/env python3
"""The parent's memory stays flat: its peak RSS after 4N files is that after N, within 1 MiB.
A leak of one record line per file (~14 KB here) would add 4 MiB over the 3N more files,
where a sound build moves by less than 0.1 MiB.  Smaller leaks are the valgrind check's job
(bench/ingest-leaks.sh).  Under AddressSanitizer, RSS measures its allocator rather than
finrep (and LeakSanitizer checks every process at its exit), so the test is skipped there."""

from ingest_testlib import *

N_TXT, N_PDF = 100, 8
d = tempdir()
if asan_build(ingest([os.path.join(d, "nothing-here")], text=True).stderr):
    skip("an AddressSanitizer build: RSS is the sanitizer's")

def corpus(name, k):
    c = os.path.join(d, name)
    link_copies(SEED_TXT, c, [f"t{i:04d}.txt" for i in range(k * N_TXT)])
    link_copies(SEED_PDF, c, [f"p{i:04d}.pdf" for i in range(k * N_PDF)])
    return c

rss = {}
for k in (1, 4):
    out = os.path.join(d, f"out{k}.jsonl")
    p = ingest(["-j2", "-o", out, corpus(f"in{k}", k)], text=True)
    check(p.returncode == 0, f"{k}N files: exit {p.returncode}\n{p.stderr}")
    n = len(read_records(out))
    check(n == k * (N_TXT + N_PDF), f"{k}N files: {n} records")
    rss[k] = summary_figure(p.stderr, r"peak RSS: parent ([0-9.]+) MiB")

growth = rss[4] - rss[1]
print(f"parent peak RSS: {rss[1]:.1f} MiB after {N_TXT + N_PDF} files, "
      f"{rss[4]:.1f} MiB after {4 * (N_TXT + N_PDF)}")
check(growth < 1.0, f"the parent grew by {growth:.1f} MiB over {3 * (N_TXT + N_PDF)} more files")
print("ok: parent memory flat")
