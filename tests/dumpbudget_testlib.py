"""What tests/test-textdump-budget.py and bench/dump-budgets.py share: a record's budget
figures keyed by where they stand, and the comparison of a dump's with the reference's."""
import json
import re
import subprocess
from collections import Counter

BUDGET_RULES = {"balance", "row_sum", "column_sum", "code_hierarchy", "cross_table", "text_vs_table"}


def extract(finrep, path):
    """finrep's record of path, or None where it is not an ok record."""
    run = subprocess.run([finrep, "extract", path], capture_output=True, text=True)
    try:
        rec = json.loads(run.stdout)
    except json.JSONDecodeError:
        return None
    return rec if rec.get("status") == "ok" else None


def squeeze(s):
    return re.sub(r"\s+", "", s or "")


def figures(budget):
    """Every figure of a budget's typed rows, keyed by where it stands: table kind and label,
    side, code, name, column (its role, else its header), value."""
    got = Counter()
    for t in (budget or {}).get("tables", []):
        heads = [c["role"] or squeeze(c["header"]) for c in t["columns"]]
        for r in t["rows"]:
            for h, v in zip(heads, r["values"]):
                if v is not None:
                    got[(t["kind"], t["label"], r["side"], r["code"], squeeze(r["name"]), h, v)] += 1
    return got


def matched(got, want):
    """(right, wrong): the figures of got that want has, and the rest.  A row's name may lack
    the merged category cell printed beside another of the rows it spans (一般公共预算资金 beside
    公共财政拨款 and not 小计): which rows it spans the dump does not say, and the name is then
    want's without it."""
    right, wrong = got & want, got - want
    left = want - got
    for k, n in list(wrong.items()):
        for w in list(left):
            if n and k[:4] == w[:4] and k[5:] == w[5:] and k[4] and w[4].endswith(k[4]) and left[w] > 0:
                take = min(n, left[w])
                right[k] += take
                left[w] -= take
                n -= take
        wrong[k] = n
    return right, +wrong
