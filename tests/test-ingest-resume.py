#!/usr/bin/env python3
"""kill -9 at random moments, then --resume: in the end exactly one valid record per input,
each the same as an uninterrupted run gives.  Also a torn last line left by a killed write,
and SIGTERM, which must leave only whole records behind."""

import random
import signal
import subprocess
import time

from ingest_testlib import *

rng = random.Random(int(os.environ.get("SEED", time.time_ns() % 100000)))
d = tempdir()
corpus, inputs = resume_corpus(d)

def run_args(out, resume):
    return ["-j2", "-q", "-o", out] + (["--resume"] if resume else []) + inputs

def no_workers_left():
    for _ in range(100):
        if not processes_naming(d):
            return True
        time.sleep(0.02)
    return False

ref_out = os.path.join(d, "ref.jsonl")
t0 = time.monotonic()
p = ingest(run_args(ref_out, False), text=True)
span = time.monotonic() - t0
check(p.returncode == 0, f"reference run: exit {p.returncode}\n{p.stderr}")
ref = by_path(read_records(ref_out), ref_out)
want = set(ref)
check(len(want) == 10 + 4 + 2, f"reference run: {len(want)} records")

kills = 0
for rnd in range(4):
    out = os.path.join(d, f"out{rnd}.jsonl")
    stop = signal.SIGTERM if rnd == 2 else signal.SIGKILL
    for attempt in range(12):
        proc = subprocess.Popen([FINREP, "ingest"] + run_args(out, attempt > 0),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if attempt < 2:
            # a resumed run has less left to do: kill it sooner, or it finishes first
            time.sleep(rng.uniform(0, span * (0.7 if attempt == 0 else 0.35)))
            proc.send_signal(stop)
            err = proc.communicate()[1]
            if proc.returncode == 0:
                break   # it finished before the signal came
            kills += 1
            check(proc.returncode == -stop, f"round {rnd}: ended with {proc.returncode}\n{err}")
            check(no_workers_left(), f"round {rnd}: workers outlived their parent")
            if stop == signal.SIGTERM and os.path.exists(out):
                read_records(out)   # a caught signal leaves only whole records
            if rnd == 3 and attempt == 0:
                # what a write killed halfway leaves: part of a line, no newline
                with open(out, "ab") as f:
                    f.write(open(ref_out, "rb").readline()[:200])
            continue
        err = proc.communicate()[1]
        check(proc.returncode == 0, f"round {rnd}: --resume exit {proc.returncode}\n{err}")
        no_leak_report(err, f"round {rnd}")
        break
    got = by_path(read_records(out), out)
    check(set(got) == want, f"round {rnd}: records for {len(got)} inputs, want {len(want)}; "
                            f"missing {sorted(want - set(got))[:3]}")
    for path, r in got.items():
        check(r == ref[path], f"round {rnd}: {path}: record differs from the uninterrupted run's")

check(kills >= 3, f"only {kills} runs were interrupted; the test proved little")
print(f"ok: {kills} interrupted runs, each round ended with one record per input")
