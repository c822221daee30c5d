#!/usr/bin/env python3
"""Three shards run through GNU parallel (as the README's --sshlogin recipe, with the local
machine as the only host) give the same records as one plain run: none lost, none twice."""

from ingest_testlib import *

par = shutil.which("parallel")
check(par is not None, "GNU parallel is not installed (scripts/debian-packages.txt: parallel)")
version = subprocess.run([par, "--version"], stdout=subprocess.PIPE, text=True).stdout
check("GNU parallel" in version, f"{par} is not GNU parallel (moreutils has one too)")

d = tempdir()
corpus = os.path.join(d, "in")
link_copies(SEED_PDF, os.path.join(corpus, "a"), [f"r{i}.pdf" for i in range(4)])
link_copies(SEED_PDF, os.path.join(corpus, "b"), [f"R{i}.PDF" for i in range(4)])
link_copies(SEED_TXT, os.path.join(corpus, "b"), [f"t{i}.txt" for i in range(5)])
with open(os.path.join(corpus, "b", "page.pdf"), "w") as f:
    f.write("<html><body>404 Not Found</body></html>\n")

plain = ingest(["-q", corpus])
check(plain.returncode == 0, f"plain run: exit {plain.returncode}\n{plain.stderr}")
plain_lines = sorted(plain.stdout.splitlines())
check(len(plain_lines) == 14, f"plain run: {len(plain_lines)} records, want 14")

cmd = [par, "--will-cite", "-S", ":", "-j3", FINREP, "ingest", "-q", "--shard", "{}/3", corpus,
       ":::", "1", "2", "3"]
shards = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
check(shards.returncode == 0, f"parallel: exit {shards.returncode}\n{shards.stderr.decode()}")
no_leak_report(shards.stderr, "the shards")
union = parse_lines(shards.stdout, "the shards' output")
by_path(union, "the shards' output")
check(sorted(shards.stdout.splitlines()) == plain_lines,
      "the union of the shards differs from the plain run")

# each shard alone: disjoint, and none of them the whole
sizes = []
for i in (1, 2, 3):
    p = ingest(["-q", "--shard", f"{i}/3", corpus])
    check(p.returncode == 0, f"shard {i}/3: exit {p.returncode}")
    sizes.append(len(p.stdout.splitlines()))
check(sum(sizes) == 14 and max(sizes) < 14, f"shard sizes {sizes}")
print(f"ok: shards of {sizes} records, union equal to the plain run")
