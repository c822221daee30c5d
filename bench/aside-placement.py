#!/usr/bin/python3
"""bench/aside-placement.py PERF_DATA… — where a sandboxed `finrep extract`'s two threads ran.

Reads scheduler traces made with

    perf record -a -o PERF_DATA -e sched:sched_switch,sched:sched_wakeup,sched:sched_wakeup_new,\\
        sched:sched_migrate_task,sched:sched_process_fork,sched:sched_process_exec,\\
        sched:sched_process_exit -- \\
        build/bench/alternate -n N -- build/cmd/finrep extract FILE -- …

and, for each run of a program whose name contains "finrep" (grouped by the program's file
name, so that two builds copied under two names can be traced in the same rounds), finds the
parent (P), its sandboxed child (C) and the child's thread aside (T), and says:
- made on C's CPU: T first ran on the CPU where C was running;
- moved onto its waker's CPU: a wake-up by one of C and T put the other on the waker's CPU;
- how long T waited, runnable, while C ran on its CPU, and C while T ran: the two threads'
  work done in turn on one CPU where it was meant to be done side by side;
- the wall time, from P's exec to the first wake-up P makes once it has exited (of the process
  that waits for it).
Prints, for each program, the runs in each case with their median wall time and median time
spent in turn.  Needs perf, and root or perf_event_paranoid <= -1 for -a.
"""
import re
import statistics
import subprocess
import sys
from collections import defaultdict

LINE = re.compile(r"^\s*(.+?)\s+(-?\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)$")


def events(path):
    out = subprocess.run(["perf", "script", "-i", path], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            comm, pid, cpu, ts, name, rest = m.groups()
            yield (float(ts) * 1e3, int(cpu), int(pid), name.split(":")[-1],
                   dict(re.findall(r"(\w+)=(\S+)", rest)))


def overlap(waits, runs):
    return sum(max(0.0, min(a1, b1) - max(a0, b0))
               for a0, a1, ac in waits for b0, b1, bc in runs if ac == bc)


def runs_of(path):
    role, state, runs = {}, {}, []
    for t, cpu, pid, name, f in events(path):
        if name == "sched_process_exec" and "finrep" in f.get("filename", ""):
            r = {"prog": f["filename"].rsplit("/", 1)[-1], "t0": t, "end": None, "exited": False,
                 "ccpu": None,
                 "tfirst": None, "made_there": False, "moved": False,
                 "run": {"C": [], "T": []}, "wait": {"C": [], "T": []}}
            runs.append(r)
            role[pid] = ("P", r)
        elif name == "sched_process_fork" and int(f["pid"]) in role:
            k, r = role[int(f["pid"])]
            role[int(f["child_pid"])] = ("C" if k == "P" else "T", r)
        elif name == "sched_switch":
            a, b = int(f["prev_pid"]), int(f["next_pid"])
            if a in role:
                k, r = role[a]
                if state.get(a, ("",))[0] == "run" and k in "CT":
                    r["run"][k].append((state[a][1], t, cpu))
                state[a] = ("wait", t, cpu) if f["prev_state"].startswith("R") else ("sleep",)
            if b in role:
                k, r = role[b]
                if state.get(b, ("",))[0] == "wait" and k in "CT":
                    r["wait"][k].append((state[b][1], t, state[b][2]))
                if k == "C":
                    r["ccpu"] = cpu
                if k == "T" and r["tfirst"] is None:
                    r["tfirst"] = cpu
                    r["made_there"] = cpu == r["ccpu"]
                state[b] = ("run", t)
        elif name in ("sched_wakeup", "sched_wakeup_new"):
            p = int(f["pid"])
            if p in role:
                state[p] = ("wait", t, int(f["target_cpu"]))
            if (name == "sched_wakeup" and pid in role and role[pid][0] == "P"
                    and role[pid][1]["exited"] and role[pid][1]["end"] is None):
                role[pid][1]["end"] = t   # P, exiting, wakes its waiter
        elif name == "sched_process_exit" and pid in role and role[pid][0] == "P":
            role[pid][1]["exited"] = True
        elif name == "sched_migrate_task":
            p = int(f["pid"])
            if p in role and state.get(p, ("",))[0] == "wait":
                state[p] = ("wait", state[p][1], int(f["dest_cpu"]))
            if (p in role and pid in role and {role[p][0], role[pid][0]} == {"C", "T"}
                    and int(f["dest_cpu"]) == cpu and role[p][1]["tfirst"] is not None):
                role[p][1]["moved"] = True
    return [r for r in runs if r["end"] is not None and r["tfirst"] is not None]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    by_prog = defaultdict(list)
    for path in sys.argv[1:]:
        for r in runs_of(path):
            in_turn = (overlap(r["wait"]["T"], r["run"]["C"])
                       + overlap(r["wait"]["C"], r["run"]["T"]))
            by_prog[r["prog"]].append((r["end"] - r["t0"], r["made_there"], r["moved"], in_turn))
    for prog, rows in sorted(by_prog.items()):
        print("%s: %d runs" % (prog, len(rows)))
        cases = (("T made elsewhere, nothing moved", lambda x: not x[1] and not x[2]),
                 ("T made on C's CPU", lambda x: x[1]),
                 ("one moved onto its waker's CPU", lambda x: x[2] and not x[1]))
        for label, keep in cases:
            sel = [x for x in rows if keep(x)]
            if sel:
                print("  %-33s %4d runs: wall median %5.2f ms, in turn on one CPU median %.2f ms"
                      % (label, len(sel), statistics.median(x[0] for x in sel),
                         statistics.median(x[3] for x in sel)))


if __name__ == "__main__":
    main()
