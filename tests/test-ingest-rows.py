#!/usr/bin/env python3
"""ingest -o X.sqlite: a worker's packed rows that the parent refuses (cut short here, as a bug
in packing would leave them) do not cost the file its record: the parent says so on stderr and
makes the rows from the record's line, so the database holds every input with all its rows."""

import sqlite3

from ingest_testlib import *

d = tempdir()
corpus = os.path.join(d, "in")
link_copies(SEED_PDF, corpus, ["a.pdf", "b.pdf", "c.pdf"])
db = os.path.join(d, "out.sqlite")

p = ingest(["-j1", "-o", db, corpus], env={"FINREP_TEST_FAULT": "rows:b.pdf"}, text=True)
print(p.stderr, file=sys.stderr)
check(p.returncode == 0, f"exit status {p.returncode}, want 0: every input stored")
check("b.pdf: the worker's rows for it were refused" in p.stderr and "made again from its record" in p.stderr,
      "stderr does not say that b.pdf's rows were refused and made again")

con = sqlite3.connect(db)
check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check not ok")
reports = dict(con.execute("SELECT path, id FROM reports"))
names = sorted(os.path.basename(k) for k in reports)
check(names == ["a.pdf", "b.pdf", "c.pdf"], f"reports for {names}")
statuses = {s for (s,) in con.execute("SELECT status FROM reports")}
check(statuses == {"ok"}, f"statuses {statuses}")

def counts(name):
    rid = reports[os.path.join(corpus, name)]
    return {t: con.execute(f'SELECT count(*) FROM "{t}" WHERE report_id = ?', (rid,)).fetchone()[0]
            for t in ("sections", "paragraphs", "indicators", "finance_items", "checks")}

a, b = counts("a.pdf"), counts("b.pdf")
check(a == b, f"b.pdf's rows {b}, a.pdf's (the same file) {a}")
check(a["indicators"] > 0 and a["paragraphs"] > 0, f"the seed's rows {a}")
orphans = con.execute("SELECT count(*) FROM indicators WHERE report_id NOT IN (SELECT id FROM reports)").fetchone()[0]
check(orphans == 0, f"{orphans} indicator rows without a report")
print(f"ok: b.pdf's refused rows made again from its line: {b}")
