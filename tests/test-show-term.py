#!/usr/bin/python3
"""show-term — `finrep show FILE` checked the way a person reads it.

Everything is compared with the file's own record (`finrep extract`): the report fields, the
outline, every table cell in its column, the indicators, finance, checks and warnings.  Every
line fits the width (CJK characters take two columns), table frames stay straight, colours
appear only on a terminal and never with NO_COLOR, and `--page N` names, for each thing on the
page, a rule that finrep can explain.  The same holds for every fixture, and for the real
reports when the shared folder is beside the checkout.
"""
import fcntl
import os
import re
import struct
import subprocess
import termios

from showcheck import (FINREP, SEED, SEED_TXT, TOP, all_cells, check, finish, number, record,
                       run, squash, width)

SECTION = re.compile(r"^(Outline|Tables|Indicators|Evaluations|Budget tables|Income and expenditure|Problems|Measures|"
                     r"Checks|Warnings|Set aside and rewritten|Blocks, in reading order|"
                     r"Rules on this page|Warnings about this page)\b")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def sections(text):
    """The view cut at its section titles: {title word: [lines]}."""
    out, cur = {}, None
    for line in text.split("\n"):
        m = SECTION.match(line)
        if m:
            cur = m.group(1)
            out[cur] = [line]
        elif cur:
            out[cur].append(line)
    return out


def cols(line):
    col, out = 0, []
    for ch in line:
        out.append((col, ch))
        col += width(ch)
    return out


RULE_LINE = re.compile(r"^( *)\+[-=+]+\+$")


def grids(lines):
    """The printed grids: from a rule line (+---+) to the last rule line below it, over lines
    of the same indent that start with | or +."""
    out, i = [], 0
    while i < len(lines):
        m = RULE_LINE.match(lines[i])
        if not m:
            i += 1
            continue
        ind, j, last = m.group(1), i + 1, i
        while j < len(lines) and lines[j].startswith(ind) and lines[j][len(ind):len(ind) + 1] in ("|", "+"):
            if RULE_LINE.match(lines[j]):
                last = j
            j += 1
        if last > i:
            out.append(lines[i:last + 1])
        i = max(last, i) + 1
    return out


def header_fields(text):
    """The view's header, "  label   value" with wrapped values joined: {label: value}."""
    out, cur = {}, None
    for line in text.split("\n")[1:]:
        m = re.match(r"^  (\S+(?: \d+)?) {2,}(\S.*)$", line)
        if m and not line.startswith("   "):
            cur = m.group(1)
            out[cur] = m.group(2)
        elif cur and line.startswith(" " * 18) and line.strip():
            out[cur] += line.strip()
        else:
            break
    return out


def parse_grid(lines):
    """Checks that a printed grid's frame is straight; returns each column's text (no spaces)."""
    frame = [c for c, ch in cols(lines[0]) if ch == "+"]
    full = width(lines[0])
    texts = [""] * (len(frame) - 1)
    for line in lines:
        if width(line) != full:
            return None, f"a grid line is {width(line)} columns, not {full}: {line!r}"
        at = dict(cols(line))
        mark = "+" if line.lstrip(" ").startswith("+") else "|"
        if any(at.get(c) != mark for c in frame):
            return None, f"the frame is broken on {line!r}"
        if mark == "|":
            pairs = cols(line)
            for k in range(len(frame) - 1):
                texts[k] += squash("".join(ch for c, ch in pairs if frame[k] < c < frame[k + 1]))
    return texts, None


def column_holds(printed, grid, c):
    """Column c of the printed grid holds the record's cells in order.  A merged cell's text
    repeats in every row and column it spans in the record and prints once, so a cell that
    repeats the one above or to its left may be missing.  Whether such a cell was printed is
    tried both ways (支出 over 支出用途 would otherwise match a prefix)."""
    cells = []
    for r, row in enumerate(grid):
        t = squash(row[c]) if c < len(row) else ""
        above = squash(grid[r - 1][c]) if r > 0 and c < len(grid[r - 1]) else None
        left = squash(row[c - 1]) if 0 < c <= len(row) else None
        cells.append((t, bool(t) and (t == above or t == left)))

    seen = set()

    def match(r, pos):
        if (r, pos) in seen:
            return False
        seen.add((r, pos))
        if r == len(cells):
            return pos == len(printed)
        t, may_skip = cells[r]
        if not t:
            return match(r + 1, pos)
        if printed.startswith(t, pos) and match(r + 1, pos + len(t)):
            return True
        return may_skip and match(r + 1, pos)

    return match(0, 0)


def flatten(secs, out=None):
    out = [] if out is None else out
    for s in secs:
        out.append(s)
        flatten(s["sections"], out)
    return out


def rules_def():
    """name -> WHY, from normalize/rules.def."""
    text = open(os.path.join(TOP, "normalize", "rules.def"), encoding="utf-8").read()
    lit = r'"((?:[^"\\]|\\.)*)"'
    out = {}
    for m in re.finditer(r"^RULE \((\w+),\s*\w+,\s*" + lit + r",\s*" + lit + r"\)", text, re.M | re.S):
        out[m.group(1).lower()] = m.group(3).replace('\\"', '"').replace("\\\\", "\\")
    return out


def rules_def_stages():
    """name -> stage (lower-case), from normalize/rules.def."""
    text = open(os.path.join(TOP, "normalize", "rules.def"), encoding="utf-8").read()
    return {n.lower(): st.lower() for n, st in re.findall(r"^RULE \((\w+),\s*(\w+),", text, re.M)}


def check_widths(text, limit, what):
    long = [l for l in text.split("\n") if width(l) > limit]
    check(not long, f"{what}: every line fits {limit} columns"
          + (f" (widest {max(map(width, long))}: {long[0]!r})" if long else ""))


def check_all_grids(text, what):
    bad = None
    n = 0
    for g in grids(text.split("\n")):
        n += 1
        _, err = parse_grid(g)
        bad = bad or err
    check(bad is None, f"{what}: the frames of all {n} grids are straight" + (f": {bad}" if bad else ""))


def check_whole(rec, text, what):
    s = sections(text)
    head = header_fields(text)
    rep = rec["report"] or {}
    for key in ("title", "kind", "year", "organization"):
        val = rep.get(key)
        shown = "—" if val is None else str(val)
        check(squash(head.get(key, "")) == squash(shown), f"{what}: the header shows {key} {shown}")
    check(head.get("pages", "").split(" ")[0] == str(rec["source"]["pages"]),
          f"{what}: the header shows {rec['source']['pages']} pages")
    check(head.get("status") == "ok", f"{what}: the header shows status ok")
    parts = rec.get("parts") or []
    if len(parts) > 1:
        check(all(squash(p["title"] or "") in squash(head.get(f"part {i + 1}", ""))
                  for i, p in enumerate(parts)), f"{what}: the header lists the {len(parts)} parts")

    # the outline: every section in order, at its depth, with its page and paragraph count
    want = flatten(rec["sections"])
    got = [l for l in s.get("Outline", [])[1:] if l.strip()]
    if not want:
        # a file of one form and its title has no section: show says so
        got = [l for l in got if l.strip() != "(no headings or paragraphs)"]
    ok = len(got) == len(want)
    for sec, line in zip(want, got):
        m = re.match(r"^( +)(.*?) +p\.(\d+) +(\d+) ¶$", line)
        if not m:
            ok = False
            break
        shown = squash(m.group(2))
        title = squash(sec["title"] or "")
        # a long title is cut to fit, with …
        same_title = shown.endswith(title) if not shown.endswith("…") else title[:4] in shown
        ok &= (len(m.group(1)) == 2 * sec["level"] and same_title and int(m.group(3)) == sec["page"]
               and int(m.group(4)) == len(sec["paragraphs"]))
    check(ok, f"{what}: the outline lists the record's {len(want)} sections with depth, page and paragraph count")

    # tables: each one's cells, in its columns (or its rows, when too wide for columns)
    lines = s.get("Tables", [])
    starts = [i for i, l in enumerate(lines) if re.match(r"^  Table \d+ · ", l)]
    check(len(starts) == len(rec["tables"]), f"{what}: {len(rec['tables'])} tables shown")
    for k, table in enumerate(rec["tables"]):
        if k >= len(starts):
            break
        block = lines[starts[k]:starts[k + 1] if k + 1 < len(starts) else len(lines)]
        grid = all_cells(table)
        g = grids(block)
        if g:
            texts, err = parse_grid(g[0])
            ok = err is None and all(column_holds(texts[c] if c < len(texts) else "", grid, c)
                                     for c in range(max(len(texts), max(map(len, grid), default=0))))
            check(ok, f"{what}: table {k + 1} shows every cell in its column" + (f" ({err})" if err else ""))
        else:
            # one row a record: "r3  a | b | c", wrapped
            rows, cur = [], None
            for l in block[1:]:
                m = re.match(r"^  ([hr])(\d+) +(.*)$", l)
                if m:
                    cur = [m.group(3)]
                    rows.append(cur)
                elif cur is not None and l.startswith("   "):
                    cur.append(l)
            ok = len(rows) == len(grid)
            for row, printed in zip(grid, rows):
                cells = list(row)
                while len(cells) > 1 and not cells[-1]:
                    cells.pop()
                ok &= squash("".join(printed)) == squash(" | ".join(cells))
            check(ok, f"{what}: table {k + 1} (too wide for columns) shows every row")

    # indicators: names, targets, actuals, rates in their columns
    inds = rec["indicators"]
    ig = [parse_grid(g)[0] for g in grids(s.get("Indicators", []))]
    if inds:
        ok = bool(ig) and all(t is not None for t in ig)
        heads = ("indicator", "target", "actual", "rate")
        for c, key in enumerate(("name", "target", "actual", "rate")):
            # each grid starts with its header row
            printed = "".join(t[c][len(heads[c]):] if t[c].startswith(heads[c]) else "\0"
                              for t in ig) if ok else ""
            ok &= printed == "".join(squash(i[key] or "") for i in inds)
        check(ok, f"{what}: the {len(inds)} indicators show name, target, actual and rate")
    else:
        check(any("(none" in l for l in s.get("Indicators", [])), f"{what}: no indicators, said so")

    # finance: each item's name and amount
    fin = rec["finance"]
    flines = s.get("Income and expenditure", [])
    if fin:
        ok = True
        fg = [parse_grid(g)[0] for g in grids(flines)]
        parts = [p for p in ("income", "expenditure") if isinstance(fin.get(p), dict)]
        for p in parts:
            items = fin[p].get("items") or []
            total = fin[p].get("total")
            ok &= any(l.startswith("  " + p) and (total is None or f"total {number(total)}" in l) for l in flines)
        names = "".join(squash(it["name"]) for p in parts for it in fin[p].get("items") or [])
        amounts = "".join(number(it["amount"]) if it.get("amount") is not None else "—"
                          for p in parts for it in fin[p].get("items") or [])
        ok &= all(t is not None for t in fg) and "".join(t[0] for t in fg) == names \
            and "".join(t[1] for t in fg) == amounts
        check(ok, f"{what}: income and expenditure show totals and every item with its amount")
    else:
        check(any("(none found)" in l for l in flines), f"{what}: no finance, said so")

    # evaluations, one grid row each: project, executed/budget, rate, score, page, failing rules
    evs = rec.get("evaluations") or []
    elines = s.get("Evaluations", [])
    if evs:
        grid = [g for g in grids(elines)]
        texts = parse_grid(grid[0])[0] if grid else None
        ok = texts is not None
        if ok:
            fails = {}
            for c in rec["checks"]:
                if c["status"] == "fail":
                    fails.setdefault(c["subject"], []).append(c["rule"])
            want = ["project" + "".join(squash(e["name"] or e["implementer"] or e["department"] or "") for e in evs),
                    "executed/budget" + "".join(
                        f"{number(e['funds']['executed'])}/{number(e['funds']['full_year_budget'])}"
                        if e["funds"] else "—/—" for e in evs),
                    None,
                    "score" + "".join(
                        (number(e["total_score"]) if e["total_score"] is not None else "—")
                        + (f"/{number(e['total_weight'])}" if e["total_weight"] is not None else "") for e in evs),
                    "p." + "".join(str(e["page"]) for e in evs)]
            ok = all(w is None or t == w for t, w in zip(texts, want))
            named = "".join(texts[5:])
            ok &= all(r in named for e in evs for r in fails.get(e["name"] or e["implementer"] or e["department"], []))
        check(ok, f"{what}: the {len(evs)} evaluations, one line each with executed/budget, score and failing checks")
    else:
        check(any("(none" in l for l in elines), f"{what}: no evaluations, said so")

    # budget tables: each with its label, kind and pages, the roles of its columns, and under
    # it the budget checks that fail on it (each failing budget check under at least one)
    budget = rec.get("budget")
    blines = s.get("Budget tables", [])
    if budget:
        heads = [i for i, l in enumerate(blines) if re.match(r"^  \S.* · \w+ · p\.\d", l)]
        ok = len(heads) == len(budget["tables"])
        under = []
        for k, bt in enumerate(budget["tables"]):
            if k >= len(heads):
                break
            end = heads[k + 1] if k + 1 < len(heads) else len(blines)
            block = blines[heads[k]:end]
            ok &= f"{bt['label'] or '(no label)'} · {bt['kind']} · p.{bt['page']}" in blines[heads[k]]
            roles = squash("".join(block[1:]))
            ok &= all(squash(f"{c['role'] or '?'}={c['header']}") in roles for c in bt["columns"])
            under.append(squash("".join(block)))
        fails = [c for c in rec["checks"] if c["status"] == "fail" and c["rule"] in (
            "balance", "row_sum", "column_sum", "code_hierarchy", "cross_table", "text_vs_table")]
        missing = [c["rule"] for c in fails if not any(squash(c["message"]) in u for u in under)]
        check(ok and not missing, f"{what}: {len(budget['tables'])} budget tables with kind, pages and "
              f"roles; {len(fails)} failing budget checks each under its table"
              + (f" (not: {missing})" if missing else ""))
    else:
        check(not blines, f"{what}: no budget, no budget tables shown")

    # checks, marked ✓ or ✗
    chk = rec["checks"]
    clines = s.get("Checks", [])
    passes = sum(1 for c in chk if c["status"] == "pass")
    fails = sum(1 for c in chk if c["status"] == "fail")
    check(sum(l.startswith("  ✓ ") for l in clines) == passes
          and sum(l.startswith("  ✗ ") for l in clines) == fails
          and all(squash(c["subject"] or "") in squash("".join(clines)) for c in chk),
          f"{what}: {passes} checks marked ✓ and {fails} marked ✗, each with its subject")

    wl = squash("".join(s.get("Warnings", [])))
    check(all(squash(w) in wl for w in rec["warnings"]), f"{what}: all {len(rec['warnings'])} warnings shown")


def check_page(rec, page, what):
    rc, out, err = run(["show", "--page", str(page), SEED])
    check(rc == 0, f"{what}: exit 0 ({rc} {err.strip()})")
    check_widths(out, 100, what)
    check_all_grids(out, what)
    s = sections(out)
    check(f"Page {page} of {rec['source']['pages']}" in out, f"{what}: says which page")
    # each item names its rule, and every rule named is explained
    named = set()
    for part in ("Set aside and rewritten", "Blocks, in reading order"):
        for l in s.get(part, []):
            m = re.match(r"^  (\w[\w ]*) · rule (\S+)", l)
            if m:
                named.add(m.group(2))
    rl = s.get("Rules on this page", [])[1:]
    explained, cur, stages = {}, None, {}
    for l in rl:
        if re.match(r"^  \S", l):
            cur, _, stage = l.strip().partition(" · stage ")
            explained[cur] = ""
            stages[cur] = stage or None
        elif cur and l.strip():
            explained[cur] += l.strip() + " "
    check(named and named <= set(explained), f"{what}: each of {len(named)} rules named is listed")
    rows = rules_def()
    bad = [n for n, why in explained.items()
           if "(no description)" in why or (n in rows and squash(why) != squash(rows[n]))]
    check(not bad, f"{what}: every rule's reason is given (rules.def rows by their WHY)" + (f": {bad}" if bad else ""))
    # a regex rule names the stage its rules.def row gives; a decision names none
    row_stages = rules_def_stages()
    bad = [n for n in explained if stages.get(n) != row_stages.get(n)]
    check(not bad, f"{what}: every rule names the stage that applies it (rules.def)" + (f": {bad}" if bad else ""))
    heads = [sec for sec in flatten(rec["sections"]) if sec["page"] == page and sec["title"]]
    blocks = squash("".join(s.get("Blocks, in reading order", [])))
    check(all(squash(h["title"]) in blocks for h in heads),
          f"{what}: the {len(heads)} headings that start on page {page} are shown")
    for t in rec["tables"]:
        if page in t["pages"] and t["title"]:
            check(squash(t["title"]) in blocks, f"{what}: table {t['title']} is shown")


def run_on_tty(args, env, columns):
    """finrep on a pseudo-terminal of the given width; returns its output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env)
    p = subprocess.Popen([FINREP] + args, stdout=slave, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, env=e)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=60)
    os.close(master)
    return p.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def main():
    rec = record(SEED)
    rc, out, err = run(["show", SEED])
    check(rc == 0, f"seed: exit 0 ({rc} {err.strip()})")
    check("\x1b" not in out, "seed: no colour when the output is not a terminal")
    check_widths(out, 100, "seed")
    check_all_grids(out, "seed")
    check_whole(rec, out, "seed")

    rc, narrow, _ = run(["show", "--width", "60", SEED])
    check(rc == 0, "seed --width 60: exit 0")
    check_widths(narrow, 60, "seed --width 60")
    check_all_grids(narrow, "seed --width 60")
    check_whole(rec, narrow, "seed --width 60")

    rc, tty = run_on_tty(["show", SEED], {}, 80)
    check(rc == 0 and ANSI.search(tty) is not None, "on a terminal: colours")
    plain = ANSI.sub("", tty)
    check_widths(plain, 80, "on an 80-column terminal")
    check(plain == run(["show", "--width", "80", SEED])[1], "on a terminal: the same text as --width 80, plus colours")
    rc, tty = run_on_tty(["show", SEED], {"NO_COLOR": "1"}, 120)
    check(rc == 0 and "\x1b" not in tty, "on a terminal with NO_COLOR: no colours")
    check_widths(tty, 100, "on a 120-column terminal")

    pages = sorted({1} | {t["page"] for t in rec["tables"]})
    for p in pages:
        check_page(rec, p, f"seed --page {p}")
    n = rec["source"]["pages"]
    rc, _, err = run(["show", "--page", str(n + 1), SEED])
    check(rc == 2 and f"no page {n + 1}" in err, f"--page {n + 1} of a {n}-page file: exit 2, says why")

    rec_txt = record(SEED_TXT)
    rc, out, err = run(["show", SEED_TXT])
    check(rc == 0, "text dump: exit 0")
    check_widths(out, 100, "text dump")
    check_all_grids(out, "text dump")
    check_whole(rec_txt, out, "text dump")

    # every fixture, and the real reports where the shared folder is present: the view holds
    # what the record holds, in the width, with straight frames
    fixtures = os.environ.get("FIXTURES", "")
    real = os.path.join(os.environ.get("SHARED", ""), "real-reports")
    files = [os.path.join(fixtures, f) for f in sorted(os.listdir(fixtures)) if f.endswith(".pdf")] \
        if os.path.isdir(fixtures) else []
    files += [os.path.join(real, f) for f in sorted(os.listdir(real)) if f.endswith(".pdf")] \
        if os.path.isdir(real) else []
    for f in files:
        name = os.path.basename(f)
        rec_f = record(f, allow_error=True)
        rc, out, err = run(["show", f])
        check(rc == (0 if rec_f["status"] == "ok" else 1), f"{name}: exit status as its record's")
        check_widths(out, 100, name)
        check_all_grids(out, name)
        if rec_f["status"] == "ok":
            check_whole(rec_f, out, name)

    rc, out, err = run(["show", os.path.join(TOP, "no-such-file.pdf")])
    check(rc == 1 and "not_found" in out and "no-such-file.pdf" in err,
          "a missing file: exit 1, status error (not_found) shown, named on stderr")
    finish()


if __name__ == "__main__":
    main()
