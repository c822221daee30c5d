#!/usr/bin/python3
"""Where the kernel has no seccomp, finrep says so once on stderr and goes on without the
sandbox.  A kernel without it is played by an outer filter (python3-seccomp) under which
prctl(PR_GET_SECCOMP) fails with EINVAL and seccomp(2) with ENOSYS, as they do there."""

import errno
import subprocess

from ingest_testlib import *

try:
    import seccomp
except ImportError:
    skip("python3-seccomp is not installed (scripts/setup installs it)")

PR_GET_SECCOMP = 21


def no_seccomp():
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    f.add_rule(seccomp.ERRNO(errno.EINVAL), "prctl", seccomp.Arg(0, seccomp.EQ, PR_GET_SECCOMP))
    f.add_rule(seccomp.ERRNO(errno.ENOSYS), "seccomp")
    f.load()


d = tempdir()
corpus = os.path.join(d, "in")
link_copies(SEED_PDF, corpus, ["a.pdf", "b.pdf", "c.pdf"])
link_copies(SEED_TXT, corpus, ["d.txt"])
out = os.path.join(d, "out.jsonl")
env = dict(os.environ)
env.pop("FINREP_TEST_FAULT", None)

p = subprocess.run([FINREP, "ingest", "-j2", "-o", out, corpus], env=env, preexec_fn=no_seccomp,
                   capture_output=True, text=True)
print(p.stderr, file=sys.stderr)
no_leak_report(p.stderr, "ingest")
check(p.returncode == 0, f"ingest: exit status {p.returncode}, want 0")
said = p.stderr.count("no seccomp")
check(said == 1, f"ingest: the missing seccomp is said {said} times, want once:\n{p.stderr}")
check("parsing without the sandbox" in p.stderr, "ingest: does not say it goes on without it")
recs = by_path(read_records(out), out)
check(len(recs) == 4 and all(code(r) == "ok" for r in recs.values()),
      f"ingest: records {[(os.path.basename(k), code(r)) for k, r in recs.items()]}")

files = [os.path.join(corpus, n) for n in ("a.pdf", "d.txt")]
p = subprocess.run([FINREP, "extract"] + files, env=env, preexec_fn=no_seccomp,
                   capture_output=True, text=True)
no_leak_report(p.stderr, "extract")
check(p.returncode == 0, f"extract: exit status {p.returncode}, want 0:\n{p.stderr}")
check(p.stderr.count("no seccomp") == 1, f"extract: not said once:\n{p.stderr}")
recs = parse_lines(p.stdout, "extract")
check([r["status"] for r in recs] == ["ok", "ok"], "extract: the files were not parsed")

# One file, which a sandboxed extract parses in its own process: the same, once.
p = subprocess.run([FINREP, "extract", "-c", files[0]], env=env, preexec_fn=no_seccomp,
                   capture_output=True, text=True)
check(p.returncode == 0, f"extract of one file: exit status {p.returncode}, want 0:\n{p.stderr}")
check(p.stderr.count("no seccomp") == 1, f"extract of one file: not said once:\n{p.stderr}")
check([r["status"] for r in parse_lines(p.stdout, "extract")] == ["ok"],
      "extract of one file: the file was not parsed")
