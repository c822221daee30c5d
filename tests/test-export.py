#!/usr/bin/python3
"""finrep export: the same records as an SQLite database, an Excel workbook and CSV files.
Every indicator, finance item, budget figure and row, check and warning of every record is
compared with the JSON record it came from, in all three; then the views, the full-text
index, a path ingested again after a change, and bad lines."""

import csv
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ingest_testlib import check, fail
from export_testlib import (check_fts, check_fts_phrases, column_types, compare, expected,
                            read_csv_dir, read_sqlite, read_xlsx, records_of)

FINREP = os.environ["FINREP"]
SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.environ.get("FIXTURES", os.path.join(SRC, "..", "fixtures"))
SHARED = os.environ.get("SHARED", "")
d = tempfile.mkdtemp(prefix="finrep-export-")


def run(*args):
    return subprocess.run([FINREP] + list(args), capture_output=True, text=True)


try:
    # the records: the fixtures, the seed, the real reports when they are here, and
    # hand-made records for the fields finrep does not fill yet (budget, evaluations, a
    # check's page) and text CSV must quote
    inputs = sorted(glob.glob(os.path.join(FIXTURES, "*.pdf")))
    inputs.append(os.path.join(SRC, "..", "samples", "seed-report-baiyun-2022.txt"))
    real = sorted(glob.glob(os.path.join(SHARED, "real-reports", "*.pdf"))) if SHARED else []
    inputs += real
    jsonl = os.path.join(d, "all.jsonl")
    p = run("ingest", "-q", "-o", jsonl, *inputs)
    check(p.returncode == 0, f"ingest: exit {p.returncode}\n{p.stderr}")
    hand = os.path.join(SRC, "data", "export-records.jsonl")
    recs = records_of(jsonl) + records_of(hand)
    want = {r["source"]["path"]: expected(r) for r in recs}
    check(len(want) == len(recs), "two records with one path")
    check(sum(len(w["indicators"]) for w in want.values()) > 100, "too few indicators to show much")
    check(any(w["budget_rows"] for w in want.values()), "no budget rows to compare")

    db = os.path.join(d, "a.sqlite")
    p = run("export", "-o", db, jsonl, hand)
    check(p.returncode == 0, f"export sqlite: exit {p.returncode}\n{p.stderr}")
    types = column_types(db)
    con = sqlite3.connect(db)
    check(con.execute("pragma integrity_check").fetchone()[0] == "ok", "integrity_check")
    check(con.execute("pragma journal_mode").fetchone()[0] == "wal", "not in WAL mode")
    n = compare(read_sqlite(db), want, types, "sqlite", fail)
    print(f"ok: sqlite: {n} rows equal the records'")
    # numbers are numbers
    t = con.execute("select typeof(amount) from finance_items where amount is not null").fetchall()
    check(t and all(x[0] in ("real", "integer") for x in t), f"finance amounts stored as {set(t)}")
    t = con.execute("select typeof(year) from reports where year is not null").fetchall()
    check(t and all(x[0] == "integer" for x in t), f"years stored as {set(t)}")
    # the whole record is there
    for path, line in con.execute("select path, record from reports"):
        check(json.loads(line)["source"]["path"] == path, f"{path}: reports.record is another record")

    # the views
    n_ind = con.execute("select count(*) from indicators").fetchone()[0]
    check(con.execute("select count(*) from indicators_with_report where organization is not null "
                      "or year is null").fetchone()[0] == n_ind, "indicators_with_report lost rows")
    fails = sum(1 for w in want.values() for c in w["checks"] if c["status"] == "fail")
    check(con.execute("select count(*) from failing_checks").fetchone()[0] == fails,
          "failing_checks is not every failing check")
    wide = con.execute("select income_total, three_public_vehicle_operation, procurement "
                       "from budget_figures_wide where path = 'hand/budget-2026.pdf'").fetchall()
    check(wide == [(22066.59, 10.5, None)], f"budget_figures_wide: {wide}")
    # full text: a Chinese phrase, without a word segmenter
    hits = con.execute("select p.text from paragraphs_fts f join paragraphs p on p.id = f.rowid "
                       "join reports r on r.id = p.report_id "
                       "where paragraphs_fts match '交通运输行业' and r.path like 'hand/%'").fetchall()
    check(hits == [("负责全市交通运输行业管理。",)], f"paragraphs_fts: {hits}")
    n_hits = con.execute("select count(*) from paragraphs_fts where paragraphs_fts match '交通运输行业'").fetchone()[0]
    n_like = con.execute("select count(*) from paragraphs where text like '%交通运输行业%'").fetchone()[0]
    check(n_hits == n_like, f"paragraphs_fts finds {n_hits} paragraphs, LIKE {n_like}")
    n_glob = con.execute("select count(*) from paragraphs_fts where text glob '*交通运输行业*'").fetchone()[0]
    check(n_glob == n_like, f"paragraphs_fts: GLOB finds {n_glob} paragraphs, LIKE {n_like}")
    check_fts(con, fail)
    n = check_fts_phrases(con, fail)
    print(f"ok: full-text: {n} phrases found by MATCH and GLOB where instr finds them")
    sections = con.execute("select p.path from paragraphs p join reports r on r.id = p.report_id "
                           "where r.path = 'hand/budget-2026.pdf' order by p.id").fetchall()
    check(sections == [(None,), ("一 部门基本情况",), ("一 部门基本情况 > （一） 部门职责",),
                       ("一 部门基本情况 > （一） 部门职责",)], f"paragraph heading paths: {sections}")
    # every example query of docs/schema.md runs on this database, and the table ones find rows
    doc = open(os.path.join(SRC, "..", "docs", "schema.md"), encoding="utf-8").read()
    import re
    blocks = re.findall(r"```sql\n(.*?)```", doc, re.S)
    check(len(blocks) >= 14, f"docs/schema.md: {len(blocks)} example blocks")
    for block in blocks:
        for q in [q.strip() for q in block.split(";") if q.strip()]:
            try:
                con.execute(q).fetchall()
            except sqlite3.Error as e:
                fail(f"docs/schema.md: {q!r}: {e}")
    documented = set(re.findall(r"^## (\w+)$", doc, re.M))
    tables = {t for (t,) in con.execute("select name from sqlite_master where type = 'table' "
                                        "and name not like 'paragraphs_fts%' and name not like 'sqlite_%'")}
    check(tables <= documented, f"tables without a section in docs/schema.md: {tables - documented}")
    print(f"ok: the {len(blocks)} example blocks of docs/schema.md run; every table is documented")
    con.close()

    # the workbook
    xlsx = os.path.join(d, "a.xlsx")
    p = run("export", "-o", xlsx, jsonl, hand)
    check(p.returncode == 0, f"export xlsx: exit {p.returncode}\n{p.stderr}")
    n = compare(read_xlsx(xlsx), want, types, "xlsx", fail)
    import openpyxl
    wb = openpyxl.load_workbook(xlsx)
    check(wb.sheetnames == [
        "reports", "sections", "paragraphs", "tables", "table_cells", "indicators",
        "finance_items", "budget_tables", "budget_rows", "budget_figures", "evaluations",
        "checks", "warnings"], f"sheets: {wb.sheetnames}")
    ws = wb["indicators"]
    check(ws.freeze_panes == "A2", f"indicators: frozen at {ws.freeze_panes}")
    check(ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), "indicators: no filter")
    name_col = [c.column_letter for c in ws[1] if c.value == "name"][0]
    check(ws.column_dimensions[name_col].width >= 20, "indicators.name: a narrow column")
    check(isinstance(ws.cell(row=2, column=[c.value for c in ws[1]].index("page") + 1).value, int),
          "indicators.page is not a number in the workbook")
    print(f"ok: xlsx: {n} rows equal the records'; sheets, frozen filtered header, widths")

    # CSV, with and without the byte order mark
    for bom in (False, True):
        out = os.path.join(d, "csv-bom" if bom else "csv")
        p = run("export", "--format", "csv", *(["--bom"] if bom else []), "-o", out, jsonl, hand)
        check(p.returncode == 0, f"export csv: exit {p.returncode}\n{p.stderr}")
        raw = open(os.path.join(out, "warnings.csv"), "rb").read()
        check(raw.startswith(b"\xef\xbb\xbf") == bom, f"csv bom={bom}: first bytes {raw[:3]}")
        check(b'"tables: a ""quoted"" word, a comma"\r\n' in raw, "RFC 4180 quoting of a quote and a comma")
        n = compare(read_csv_dir(out), want, types, "csv", fail)
    print(f"ok: csv: {n} rows equal the records' (with and without --bom)")

    # a path stored again after its file changed: its rows are replaced, not doubled
    recs2 = records_of(hand)
    recs2[1]["source"]["sha256"] = "33" * 32
    recs2[1]["indicators"] = recs2[1]["indicators"][:1]
    again = os.path.join(d, "again.jsonl")
    with open(again, "w") as f:
        for r in records_of(hand) + [recs2[1]]:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    db2 = os.path.join(d, "again.sqlite")
    p = run("export", "-o", db2, again)
    check(p.returncode == 0, f"export again: exit {p.returncode}\n{p.stderr}")
    con = sqlite3.connect(db2)
    rows = con.execute("select sha256, (select count(*) from indicators i where i.report_id = r.id) "
                       "from reports r where path = 'hand/final-account-2024.pdf'").fetchall()
    check(rows == [("33" * 32, 1)], f"a changed record: {rows}")
    check(con.execute("select count(*) from indicators").fetchone()[0] == 1, "old indicators left behind")
    con.execute("insert into paragraphs_fts(paragraphs_fts) values('integrity-check')")
    check_fts(con, fail)
    con.close()

    # The index after a replacement of what it holds last: 16 records (every 16 are indexed
    # together), the 16th stored again with other text.  Its indexed paragraphs must leave
    # the index, and the new ones, which take the same ids, must enter it.
    base = [r for r in records_of(jsonl) if any(s.get("paragraphs") for s in r.get("sections") or [])]
    many = []
    for i in range(16):
        r = json.loads(json.dumps(base[i % len(base)]))
        r["source"]["path"] = f"copies/{i:02d}.pdf"
        many.append(r)
    last = json.loads(json.dumps(many[-1]))
    last["source"]["sha256"] = "44" * 32
    sec = next(s for s in last["sections"] if s.get("paragraphs"))
    sec["paragraphs"] = ["替换以后的段落文字"] + sec["paragraphs"][1:]
    top = os.path.join(d, "top.jsonl")
    with open(top, "w") as f:
        for r in many + [last]:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    db3 = os.path.join(d, "top.sqlite")
    p = run("export", "-o", db3, top)
    check(p.returncode == 0, f"export top: exit {p.returncode}\n{p.stderr}")
    con = sqlite3.connect(db3)
    check_fts(con, fail)
    hits = con.execute("select r.path from paragraphs_fts f join paragraphs p on p.id = f.rowid "
                       "join reports r on r.id = p.report_id where paragraphs_fts match '替换以后'").fetchall()
    check(hits == [("copies/15.pdf",)], f"the replacing record's text: found in {hits}")
    con.close()
    for fmt, out, reader in (("xlsx", os.path.join(d, "again.xlsx"), read_xlsx),
                             ("csv", os.path.join(d, "again-csv"), read_csv_dir)):
        p = run("export", "--format", fmt, "-o", out, again)
        check(p.returncode == 0 and "1 record replaced by a later record" in p.stderr,
              f"export {fmt} again: exit {p.returncode}\n{p.stderr}")
        got = reader(out)
        shas = [r["sha256"] for r in got["reports"] if r["path"] == "hand/final-account-2024.pdf"]
        check(shas == ["33" * 32], f"{fmt}: the changed record: {shas}")
        check(len(got["indicators"]) == 1, f"{fmt}: {len(got['indicators'])} indicators, want the later record's 1")
    print("ok: a later record for the same path replaces the earlier one, in all three formats")

    # bad lines: each named with its line number, the good records all stored, exit 1
    bad = os.path.join(d, "bad.jsonl")
    good = open(hand, encoding="utf-8").read().splitlines()
    with open(bad, "w", encoding="utf-8") as f:
        f.write(good[0] + "\n")
        f.write("this is not JSON\n")
        f.write('{"schema": "other.thing/2", "source": {"path": "x"}}\n')
        f.write("\n")
        f.write("[1, 2]\n")
        f.write(good[1][: len(good[1]) // 2] + "\n")
        f.write(good[1] + "\n")
    for out in (os.path.join(d, "bad.sqlite"), os.path.join(d, "bad.xlsx")):
        p = run("export", "-o", out, bad)
        check(p.returncode == 1, f"bad lines into {out}: exit {p.returncode}\n{p.stderr}")
        for ln in (2, 3, 5, 6):
            check(f"bad.jsonl:{ln}:" in p.stderr, f"no message for line {ln}:\n{p.stderr}")
        check("other.thing/2" in p.stderr and "not valid JSON" in p.stderr, f"messages:\n{p.stderr}")
        check(p.stderr.count("bad.jsonl:") == 4, f"messages for good lines:\n{p.stderr}")
    got = read_sqlite(os.path.join(d, "bad.sqlite"))
    check(sorted(r["path"] for r in got["reports"]) == [
        "hand/budget-2026.pdf", "hand/final-account-2024.pdf"], "good records lost")
    # a file that is not JSON Lines at all (a PDF given by mistake): one message, the
    # records of the other files all stored
    pdf = sorted(glob.glob(os.path.join(FIXTURES, "*.pdf")))[0]
    out = os.path.join(d, "notjsonl.sqlite")
    p = run("export", "-o", out, pdf, hand)
    check(p.returncode == 1 and "not JSON Lines" in p.stderr and p.stderr.count(pdf) == 1,
          f"a PDF as RECORDS: exit {p.returncode}\n{p.stderr[:2000]}")
    check(len(read_sqlite(out)["reports"]) == 2, "the records after a PDF were not stored")
    print("ok: bad lines reported by number, the good ones stored, exit 1; a PDF reported once")

    # the command line
    for args, code in ((["-o", os.path.join(d, "x.txt"), hand], 2), (["-o", db], 2),
                       (["--bom", "-o", db, hand], 2), ([hand], 2),
                       (["-o", os.path.join(d, "nodir", "sub", "x.sqlite"), hand], 3),
                       (["-o", os.path.join(d, "y.sqlite"), os.path.join(d, "missing.jsonl"), hand], 1)):
        p = run("export", *args)
        check(p.returncode == code, f"export {args}: exit {p.returncode}, want {code}\n{p.stderr}")
    p = run("export", "--help")
    check(p.returncode == 0 and "budget_figures_wide" in p.stdout and "Exit status" in p.stdout,
          "export --help")
    print("ok: usage errors 2, an unwritable OUT 3, a missing RECORDS file 1, --help")
finally:
    shutil.rmtree(d, True)
