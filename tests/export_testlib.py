"""What test-export.py and test-ingest-sqlite.py share: the rows each table should hold,
computed from the JSON records independently of finrep's schema table, and readers that
load the SQLite database, the workbook and the CSV files into the same shape."""

import csv

# a record of a real budget, whole in reports.record, is larger than the csv module reads by default
csv.field_size_limit(1 << 30)
import json
import os
import sqlite3

NUMERIC = ("INTEGER", "REAL", "INTEGER PRIMARY KEY")


def records_of(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def get(d, *keys):
    for k in keys:
        if isinstance(d, dict):
            d = d.get(k)
        elif isinstance(d, list) and isinstance(k, int):
            d = d[k] if k < len(d) else None
        else:
            return None
    return d


def expected(rec):
    """{table: [row dict without report_id]} for one record, written from RECORD.md."""
    out = {}
    out["reports"] = [{
        "path": get(rec, "source", "path"), "sha256": get(rec, "source", "sha256"),
        "bytes": get(rec, "source", "bytes"), "format": get(rec, "source", "format"),
        "pages": get(rec, "source", "pages"), "status": rec["status"],
        "error_code": get(rec, "error", "code"), "error_message": get(rec, "error", "message"),
        "title": get(rec, "report", "title"), "kind": get(rec, "report", "kind"),
        "year": get(rec, "report", "year"), "organization": get(rec, "report", "organization"),
        "self_score": rec.get("self_score"), "self_grade": rec.get("self_grade"),
        "income_total": get(rec, "finance", "income", "total"),
        "expenditure_total": get(rec, "finance", "expenditure", "total"),
    }]
    out["indicators"] = []
    for k, i in enumerate(rec.get("indicators") or []):
        cat = i.get("category") or []
        row = {"indicator": k, "category_1": get(cat, 0), "category_2": get(cat, 1),
               "category_3": get(cat, 2)}
        for key in ("name", "target", "actual", "rate", "target_cmp", "target_value",
                    "actual_value", "unit", "rate_value", "weight", "score", "note", "page"):
            row[key] = i.get(key)
        row["box"] = i.get("box")
        out["indicators"].append(row)
    out["finance_items"] = []
    for side in ("income", "expenditure"):
        for k, it in enumerate(get(rec, "finance", side, "items") or []):
            out["finance_items"].append({
                "side": side, "item": k, "name": it["name"], "amount": it.get("amount"),
                "direction": get(it, "change", "direction"),
                "change_amount": get(it, "change", "amount"),
                "change_percent": get(it, "change", "percent")})
    out["budget_figures"] = []
    figs = get(rec, "budget", "figures") or {}
    for key, v in figs.items():
        if isinstance(v, dict):
            for sub, w in v.items():
                if w is not None:
                    out["budget_figures"].append({"figure": key + "." + sub, "value": w})
        elif v is not None:
            out["budget_figures"].append({"figure": key, "value": v})
    out["budget_rows"] = []
    for t, bt in enumerate(get(rec, "budget", "tables") or []):
        for r, row in enumerate(bt["rows"]):
            for c, v in enumerate(row["values"]):
                col = bt["columns"][c]
                out["budget_rows"].append({
                    "budget_table": t, "kind": bt["kind"], "row": r, "side": row["side"],
                    "code": row["code"], "level": row["level"], "name": row["name"],
                    "column": c, "role": col["role"], "header": col["header"], "value": v})
    out["checks"] = [{"check": k, "rule": c["rule"], "status": c["status"],
                      "subject": c.get("subject"), "message": c.get("message"),
                      "page": c.get("page")} for k, c in enumerate(rec.get("checks") or [])]
    out["evaluations"] = [{
        "evaluation": k, "kind": e.get("kind"), "name": e.get("name"),
        "executed": get(e, "funds", "executed"), "score": get(e, "funds", "score"),
        "indicators": e.get("indicators"), "total_score": e.get("total_score"),
        "page": e.get("page")} for k, e in enumerate(rec.get("evaluations") or [])]
    out["warnings"] = [{"warning": k, "text": w} for k, w in enumerate(rec.get("warnings") or [])]
    paras = []

    def walk(sections):
        for s in sections:
            for p in s.get("paragraphs") or []:
                paras.append({"page": s.get("page"), "text": p})
            walk(s.get("sections") or [])
    walk(rec.get("sections") or [])
    out["paragraphs"] = paras
    out["table_cells"] = [{"is_header": h, "text": cell}
                          for t in rec.get("tables") or []
                          for h, part in ((1, t.get("header") or []), (0, t.get("rows") or []))
                          for row in part for cell in row]
    return out


def norm(v, typ):
    """One form for a cell read from SQLite, openpyxl or csv."""
    if v is None or v == "":
        return None
    if typ in NUMERIC:
        try:
            return float(v)
        except (TypeError, ValueError):
            return v
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    if typ == "JSON":
        return json.dumps(json.loads(v), ensure_ascii=False, sort_keys=True)
    return str(v)


def column_types(db):
    """{table: {column: declared type}}; columns that hold JSON are marked JSON."""
    con = sqlite3.connect(db)
    out = {}
    for (t,) in con.execute("select name from sqlite_master where type='table' and name not like '%fts%'"):
        out[t] = {r[1]: r[2] for r in con.execute(f'pragma table_info("{t}")')}
    con.close()
    for t, col in (("indicators", "box"), ("indicators", "category"), ("evaluations", "indicators"),
                   ("tables", "pages"), ("tables", "box"), ("reports", "record")):
        if t in out and col in out[t]:
            out[t][col] = "JSON"
    return out


def compare(got_tables, want_by_path, types, what, fail):
    """got_tables: {table: [row dicts with report_id]}; every expected row must be there with
    the same values, and no other row."""
    paths = {int(float(r["id"])): r["path"] for r in got_tables["reports"]}
    n = 0
    for table in ("reports", "indicators", "finance_items", "budget_figures", "budget_rows",
                  "checks", "evaluations", "warnings", "paragraphs", "table_cells"):
        want = []
        for path, tabs in want_by_path.items():
            for row in tabs[table]:
                row = dict(row)
                if table != "reports":
                    row["path"] = path
                want.append(row)
        cols = list(want[0].keys()) if want else []
        got = []
        for r in got_tables[table]:
            r = dict(r)
            r["path"] = r["path"] if table == "reports" else paths[int(float(r["report_id"]))]
            got.append(r)
        ty = dict(types[table])
        ty["path"] = "TEXT"

        def canon(rows):
            return sorted(tuple((c, repr(norm(r.get(c), ty.get(c, "TEXT")))) for c in cols) for r in rows)
        g, w = canon(got), canon(want)
        if g != w:
            missing = [x for x in w if x not in g][:2]
            extra = [x for x in g if x not in w][:2]
            fail(f"{what}: table {table}: {len(g)} rows, want {len(w)}; missing {missing}; unexpected {extra}")
        n += len(w)
    return n


def check_fts(con, fail, finished=True):
    """The full-text index holds the trigrams of exactly the paragraphs whose id is at most
    paragraphs_fts_state.indexed_to, each at its place, and after a finished run that is every
    paragraph.  Compared term by term through fts5vocab: FTS5's own integrity-check does not
    compare an external-content index with its table, so it passes a stale index.  The
    tokenizer is trigram with case_sensitive 1: every three characters as they are."""
    import collections
    mark = con.execute("select indexed_to from paragraphs_fts_state").fetchone()[0]
    top = con.execute("select coalesce(max(id), 0) from paragraphs").fetchone()[0]
    if finished and mark != top:
        fail(f"a finished run indexed paragraphs up to id {mark}, the last is {top}")
    con.execute("create virtual table if not exists temp.fts_terms "
                "using fts5vocab(main, 'paragraphs_fts', 'instance')")
    got = collections.Counter(con.execute("select doc, term, offset from temp.fts_terms"))
    want = collections.Counter()
    for pid, text in con.execute("select id, text from paragraphs where id <= ?", (mark,)):
        for i in range(len(text or "") - 2):
            want[(pid, text[i:i + 3], i)] += 1
    if got != want:
        extra = list((got - want).items())[:3]
        missing = list((want - got).items())[:3]
        fail(f"full-text index: {sum(got.values())} trigrams, want {sum(want.values())}; "
             f"not in the paragraphs {extra}; not indexed {missing}")
    con.execute("drop table temp.fts_terms")
    return mark


def check_fts_phrases(con, fail, at_least=100):
    """MATCH on a quoted phrase and GLOB find exactly the paragraphs that contain it, for
    phrases of 3 to 8 characters taken from the paragraphs themselves (a fixed sample, each
    looked for in every paragraph with instr, which is what a user means by "contains"):
    the index's options (trigram, detail, merges) must not change what a query finds."""
    mark = con.execute("select indexed_to from paragraphs_fts_state").fetchone()[0]
    texts = con.execute("select id, text from paragraphs where id <= ? and length(text) >= 8 "
                        "order by id", (mark,)).fetchall()
    phrases = []
    for k, (pid, text) in enumerate(texts[::max(1, len(texts) // 150)]):
        n = 3 + k % 6
        start = (pid * 7) % (len(text) - n + 1)
        phrase = text[start:start + n]
        if not any(c in phrase for c in '*?[]"') and phrase not in phrases:
            phrases.append(phrase)
    if len(phrases) < min(at_least, len(texts)):
        fail(f"full-text: only {len(phrases)} phrases to look for")
    for phrase in phrases:
        want = {r[0] for r in con.execute("select id from paragraphs where id <= ? and instr(text, ?) > 0",
                                          (mark, phrase))}
        got = {r[0] for r in con.execute("select rowid from paragraphs_fts where paragraphs_fts match ?",
                                         ('"' + phrase + '"',))}
        if got != want:
            fail(f"full-text: MATCH '{phrase}' finds {len(got)} paragraphs, instr {len(want)}: "
                 f"{sorted(got ^ want)[:5]}")
        globbed = {r[0] for r in con.execute("select rowid from paragraphs_fts where text glob ?",
                                             ("*" + phrase + "*",))}
        if globbed != want:
            fail(f"full-text: GLOB '*{phrase}*' finds {len(globbed)} paragraphs, instr {len(want)}")
    return len(phrases)


def read_sqlite(db):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    out = {}
    for (t,) in con.execute("select name from sqlite_master where type='table' and name not like '%fts%'"):
        out[t] = [dict(r) for r in con.execute(f'select * from "{t}"')]
    con.close()
    return out


def read_xlsx(path):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        head = rows[0]
        out[ws.title] = [dict(zip(head, r)) for r in rows[1:]]
    wb.close()
    return out


def read_csv_dir(d):
    out = {}
    for name in os.listdir(d):
        if name.endswith(".csv"):
            with open(os.path.join(d, name), encoding="utf-8-sig", newline="") as f:
                out[name[:-4]] = list(csv.DictReader(f))
    return out
