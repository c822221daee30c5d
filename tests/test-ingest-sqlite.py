#!/usr/bin/python3
"""finrep ingest -o X.sqlite: the same records as JSON Lines, in the database; kill -9 at
random moments then --resume leaves every input exactly once and the database whole
(PRAGMA integrity_check); a file changed since replaces its report's rows."""

import random
import shutil
import signal
import sqlite3
import subprocess
import time

from ingest_testlib import *
from export_testlib import check_fts, check_fts_phrases, column_types, compare, expected


def stored(db, finished=True):
    """path → record, from reports.record; every path once (UNIQUE) and the file whole.
    The full-text index holds the paragraphs up to its mark and nothing else, after a kill
    too; after a finished run, every paragraph."""
    con = sqlite3.connect(db)
    check(con.execute("pragma integrity_check").fetchone()[0] == "ok", f"{db}: integrity_check")
    check(con.execute("insert into paragraphs_fts(paragraphs_fts) values('integrity-check')") is not None,
          "fts integrity")
    check_fts(con, lambda m: fail(f"{db}: {m}"), finished)
    check_fts_phrases(con, lambda m: fail(f"{db}: {m}"), at_least=10)
    if finished:
        # one report's rows are found through an index, in every table that has report_id
        # (a new database gets them at the end of its run, a resumed one before it writes)
        for (t,) in con.execute("select name from sqlite_master where type = 'table' "
                                "and name not like 'paragraphs_fts%'").fetchall():
            if "report_id" not in [c[1] for c in con.execute(f'pragma table_info("{t}")')]:
                continue
            plan = " ".join(r[-1] for r in con.execute(
                f'explain query plan select * from "{t}" where report_id = 1'))
            check("USING INDEX" in plan or "USING COVERING INDEX" in plan,
                  f"{db}: {t}'s rows of one report are not found through an index: {plan}")
    rows = con.execute("select path, record from reports").fetchall()
    # children of a report that is not there: a transaction that was not whole
    for t in ("sections", "paragraphs", "indicators", "checks", "table_cells"):
        orphans = con.execute(f'select count(*) from "{t}" where report_id not in (select id from reports)').fetchone()[0]
        check(orphans == 0, f"{db}: {orphans} rows of {t} without their report")
    con.close()
    return {p: json.loads(r) for p, r in rows}


def has_schema(db):
    """Killed before its first transaction, a database is empty, and that is whole too."""
    con = sqlite3.connect(db)
    n = con.execute("select count(*) from sqlite_master where name = 'reports'").fetchone()[0]
    con.close()
    return n == 1


rng = random.Random(int(os.environ.get("SEED", time.time_ns() % 100000)))
d = tempdir()
corpus, inputs = resume_corpus(d)

# the reference: JSON Lines, and the same run into SQLite
ref_out = os.path.join(d, "ref.jsonl")
t0 = time.monotonic()
p = ingest(["-j2", "-q", "-o", ref_out] + inputs, text=True)
span = time.monotonic() - t0
check(p.returncode == 0, f"reference run: exit {p.returncode}\n{p.stderr}")
ref = by_path(read_records(ref_out), ref_out)
check(len(ref) == 16, f"reference run: {len(ref)} records")

db = os.path.join(d, "ref.sqlite")
p = ingest(["-j2", "-q", "-o", db] + inputs, text=True)
check(p.returncode == 0, f"ingest into sqlite: exit {p.returncode}\n{p.stderr}")
got = stored(db)
check(got == ref, "the records in the database differ from the JSON Lines run's")
con = sqlite3.connect(db)
check(con.execute("pragma journal_mode").fetchone()[0] == "wal", "not WAL")
con.close()
n = compare(__import__("export_testlib").read_sqlite(db), {k: expected(v) for k, v in ref.items()},
            column_types(db), "ingest sqlite", fail)
print(f"ok: ingest -o X.sqlite holds the JSON Lines run's records ({n} rows compared)")

# --format sqlite with another name; xlsx refused; sqlite needs -o
other = os.path.join(d, "archive.out")
p = ingest(["-q", "--format", "sqlite", "-o", other, SEED_TXT], text=True)
check(p.returncode == 0 and len(stored(other)) == 1, f"--format sqlite: {p.returncode}\n{p.stderr}")
for args in (["-o", os.path.join(d, "x.xlsx"), SEED_TXT], ["--format", "sqlite", SEED_TXT],
             ["--format", "parquet", "-o", other, SEED_TXT]):
    p = ingest(args, text=True)
    check(p.returncode == 2, f"ingest {args}: exit {p.returncode}")
# a run without --resume starts the database empty
p = ingest(["-q", "--format", "sqlite", "-o", other, SEED_PDF], text=True)
check(p.returncode == 0 and list(stored(other)) == [SEED_PDF], "a new run kept the old reports")
print("ok: --format sqlite, usage errors, a new run empties OUT")

# kill -9 at random moments, then --resume
kills = 0
for rnd in range(3):
    out = os.path.join(d, f"out{rnd}.sqlite")
    for attempt in range(12):
        proc = subprocess.Popen([FINREP, "ingest", "-j2", "-q", "-o", out]
                                + (["--resume"] if attempt > 0 else []) + inputs,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if attempt < 2:
            time.sleep(rng.uniform(0, span * (0.8 if attempt == 0 else 0.4)))
            proc.send_signal(signal.SIGKILL)
            err = proc.communicate()[1]
            if proc.returncode == 0:
                break
            kills += 1
            check(proc.returncode == -signal.SIGKILL, f"round {rnd}: ended with {proc.returncode}\n{err}")
            if os.path.exists(out) and has_schema(out):
                stored(out, finished=False)   # whole after the kill, before any resume
            continue
        err = proc.communicate()[1]
        check(proc.returncode == 0, f"round {rnd}: --resume exit {proc.returncode}\n{err}")
        break
    got = stored(out)
    check(set(got) == set(ref), f"round {rnd}: {len(got)} inputs stored, want {len(ref)}")
    for path, r in got.items():
        check(r == ref[path], f"round {rnd}: {path}: record differs from the uninterrupted run's")
check(kills >= 2, f"only {kills} runs were interrupted; the test proved little")
print(f"ok: {kills} runs killed with -9, each round ended with every input once, integrity ok")

# --resume skips what is stored; a changed file replaces its rows
out = os.path.join(d, "out0.sqlite")
p = ingest(["-q", "--resume", "-o", out] + inputs, text=True)
check(p.returncode == 0 and "16 inputs already in" in p.stderr, f"resume of a whole run:\n{p.stderr}")
changed = os.path.join(corpus, "t00.txt")
os.unlink(changed)
shutil.copyfile(SEED_TXT, changed)
with open(changed, "a", encoding="utf-8") as f:
    f.write("\n附：本报告另有说明。\n")
con = sqlite3.connect(out)
old_id = con.execute("select id from reports where path = ?", (changed,)).fetchone()[0]
con.close()
p = ingest(["-q", "--resume", "-o", out] + inputs, text=True)
check(p.returncode == 0 and "1 record:" in p.stderr, f"resume after a change:\n{p.stderr}")
got = stored(out)
check(len(got) == 16, f"{len(got)} reports after the change")
con = sqlite3.connect(out)
rows = con.execute("select id, sha256 from reports where path = ?", (changed,)).fetchall()
check(len(rows) == 1 and rows[0][1] != ref[changed]["source"]["sha256"], f"changed file: {rows}")
left = con.execute("select count(*) from paragraphs where report_id = ?", (old_id,)).fetchone()[0]
check(rows[0][0] == old_id or left == 0, "the old report's paragraphs were left behind")
con.close()
print("ok: --resume skips stored inputs; a changed file replaces its report's rows")
