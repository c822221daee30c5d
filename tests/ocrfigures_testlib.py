"""The figures of a record held against a fixture's truth, field by field: right, wrong or
missing (tests/test-ocr.py, bench/ocr-figures.py).

A scan misread is acceptable where its figure is left out (null, with a warning naming the
line: the text stays as read); a wrong number is not, for a reader takes it as the report's.
compare(record, truth, where) counts, per kind of field (indicator target / actual / rate /
weight / score, self_score, finance amounts and changes, budget figures and table values,
evaluation funds and totals, years), the record's numbers that are the truth's (right), those
the truth has and the record not (missing), and the record's numbers that are not the truth's
(wrong: also where the truth has none, and every number of a row the truth does not have).
Rows are paired with the truth's in order by their names (a misread name still pairs with its
row), never by their figures.
"""
import difflib


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def same_num(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


class Tally:
    def __init__(self):
        self.kinds = {}     # kind -> [right, wrong, missing]
        self.wrong = []     # (where, got, want)

    def add(self, kind, got, want, where):
        t = self.kinds.setdefault(kind, [0, 0, 0])
        if is_num(got):
            if is_num(want) and same_num(got, want):
                t[0] += 1
            else:
                t[1] += 1
                self.wrong.append((where, got, want))
        elif is_num(want):
            t[2] += 1

    def merge(self, other):
        for k, v in other.kinds.items():
            t = self.kinds.setdefault(k, [0, 0, 0])
            for i in range(3):
                t[i] += v[i]
        self.wrong += other.wrong


def similar(a, b):
    a, b = a or "", b or ""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def align(want, got, label, floor=0.34):
    """Pairs of (truth item or None, record item or None), in order: the pairing of the two
    lists that keeps their order and has the most likeness of labels (a dynamic program, as a
    diff aligns lines); a pair less alike than floor is two unpaired items."""
    n, m = len(want), len(got)
    sim = [[similar(label(w), label(g)) for g in got] for w in want]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = sim[i][j]
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + s if s >= floor else 0.0)
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        s = sim[i][j]
        if s >= floor and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((want[i], got[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((want[i], None))
            i += 1
        else:
            pairs.append((None, got[j]))
            j += 1
    pairs += [(w, None) for w in want[i:]] + [(None, g) for g in got[j:]]
    return pairs


def ind_label(i):
    return "/".join(i.get("category") or []) + "/" + (i.get("name") or "")


IND_FIELDS = [("target_value", "target", "indicator target"), ("actual_value", "actual", "indicator actual"),
              ("rate_value", "rate", "indicator rate"), ("weight", "weight", "indicator weight"),
              ("score", "score", "indicator score")]


def indicators(t, want, got, where):
    for w, g in align(want or [], got or [], ind_label):
        name = (g or w).get("name")
        for field, text, kind in IND_FIELDS:
            gv = g.get(field) if g else None
            shown = g.get(text) if g and text in ("target", "actual", "rate") else gv
            t.add(kind, gv, w.get(field) if w else None, f"{where} indicator {name!r} {field} (read {shown!r})")


def change(t, w, g, where):
    w, g = w or {}, g or {}
    for k in ("amount", "percent"):
        t.add("finance change", g.get(k), w.get(k), f"{where} change.{k}")


def finance(t, want, got, where):
    want, got = want or {}, got or {}
    for side in ("income", "expenditure"):
        ws, gs = want.get(side) or {}, got.get(side) or {}
        for k in ("total", "current_year"):
            t.add("finance amount", gs.get(k), ws.get(k), f"{where} finance.{side}.{k}")
        for w, g in align(ws.get("items") or [], gs.get("items") or [], lambda i: i.get("name")):
            name = (g or w).get("name")
            t.add("finance amount", (g or {}).get("amount"), (w or {}).get("amount"),
                  f"{where} finance.{side} item {name!r}")
            change(t, (w or {}).get("change"), (g or {}).get("change"), f"{where} finance.{side} item {name!r}")


def flat(d, prefix=""):
    for k, v in (d or {}).items():
        if isinstance(v, dict):
            yield from flat(v, prefix + k + ".")
        else:
            yield prefix + k, v


def budget(t, want, got, where):
    want, got = want or {}, got or {}
    wf, gf = dict(flat(want.get("figures"))), dict(flat(got.get("figures")))
    for k in sorted(set(wf) | set(gf)):
        t.add("budget figure", gf.get(k), wf.get(k), f"{where} budget.figures.{k}")
    gtables = list(got.get("tables") or [])
    for wt in want.get("tables") or []:
        gt = next((x for x in gtables if x.get("kind") == wt.get("kind") and x.get("label") == wt.get("label")), None) \
            or next((x for x in gtables if x.get("kind") == wt.get("kind")), None)
        if gt is not None:
            gtables.remove(gt)
        budget_table(t, wt, gt, f"{where} budget {wt.get('label') or wt.get('kind')}")
    for gt in gtables:
        budget_table(t, None, gt, f"{where} budget {gt.get('label') or gt.get('kind')} (not in the truth)")


def budget_table(t, wt, gt, where):
    """Columns are paired by position where the two tables have as many, else by header (in
    order, the most alike).  A row's figure in a column of the record's that pairs with none (a
    header misread apart from its column: 所算数 beside 预算数) stands for the truth's figure the
    row's paired column lacks; any other is compared with the truth's figures of the row."""
    wt, gt = wt or {}, gt or {}
    wcols, gcols = wt.get("columns") or [], gt.get("columns") or []
    if len(wcols) == len(gcols):
        cols = list(range(len(wcols)))
    else:
        cols = [None] * len(wcols)
        best = align([("w", i, c.get("header")) for i, c in enumerate(wcols)],
                     [("g", j, c.get("header")) for j, c in enumerate(gcols)], lambda x: x[2], floor=0.5)
        for a, b in best:
            if a is not None and b is not None:
                cols[a[1]] = b[1]

    def label(r):
        return (r.get("code") or "") + (r.get("name") or "")
    for w, g in align(wt.get("rows") or [], gt.get("rows") or [], label):
        name = (g or w).get("name")
        wv, gv = (w or {}).get("values") or [], (g or {}).get("values") or []
        paired = {j for j in cols if j is not None}
        taken = set()
        for i in range(len(wv)):
            j = cols[i] if i < len(cols) else None
            got_v = gv[j] if j is not None and j < len(gv) else None
            if j is not None:
                taken.add(j)
            if not is_num(got_v):
                # the row's figure in a column of the record's that pairs with none
                k = next((k for k, v in enumerate(gv) if k not in paired and k not in taken and is_num(v)), None)
                if k is not None:
                    got_v = gv[k]
                    taken.add(k)
            t.add("budget value", got_v, wv[i], f"{where} row {name!r} column {i + 1}")
        for j, v in enumerate(gv):
            if j not in taken and is_num(v):
                want = next((x for x in wv if is_num(x) and same_num(v, x)), None)
                t.add("budget value", v, want, f"{where} row {name!r} column {j + 1} (a column the truth has not)")


FUND_FIELDS = ("initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score")


def evaluations(t, want, got, where):
    for w, g in align(want or [], got or [], lambda e: e.get("name")):
        w, g = w or {}, g or {}
        name = (g or w).get("name")
        at = f"{where} evaluation {name!r}"
        t.add("year", g.get("year"), w.get("year"), f"{at} year")
        for k in ("total_weight", "total_score"):
            t.add("evaluation total", g.get(k), w.get(k), f"{at} {k}")
        wf, gf = w.get("funds") or {}, g.get("funds") or {}
        for k in FUND_FIELDS:
            t.add("evaluation funds", gf.get(k), wf.get(k), f"{at} funds.{k}")
        for wp, gp in align(wf.get("parts") or [], gf.get("parts") or [], lambda p: p.get("name")):
            wp, gp = wp or {}, gp or {}
            for k in ("initial_budget", "full_year_budget", "executed"):
                t.add("evaluation funds", gp.get(k), wp.get(k), f"{at} funds part {(gp or wp).get('name')!r} {k}")


def compare(rec, truth, where):
    t = Tally()
    t.add("self_score", rec.get("self_score"), truth.get("self_score"), f"{where} self_score")
    t.add("year", (rec.get("report") or {}).get("year"), (truth.get("report") or {}).get("year"), f"{where} report.year")
    indicators(t, truth.get("indicators"), rec.get("indicators"), where)
    finance(t, truth.get("finance"), rec.get("finance"), where)
    budget(t, truth.get("budget"), rec.get("budget"), where)
    evaluations(t, truth.get("evaluations"), rec.get("evaluations"), where)
    return t
