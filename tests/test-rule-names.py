#!/usr/bin/python3
"""Every name a stage records as the reason for a line, block, table or fix (the names
`finrep show` explains) is a rule of rules.def or a decision of decisions.def; and every rule
row names a stage of stages.def whose files (normalize/stages/, as STAGE_FILES below) apply it,
where any stage applies it at all (a rule applied through a helper, values.c, names its own)."""
import glob
import os
import re
import sys

root = os.path.join(os.environ["G_TEST_SRCDIR"], "..")
rules = {m.lower() for m in re.findall(r"^RULE \((\w+),", open(os.path.join(root, "normalize/rules.def")).read(), re.M)}
decisions = set(re.findall(r'^DECISION \("([^"]+)"', open(os.path.join(root, "normalize/decisions.def")).read(), re.M))
used = {}
patterns = [r'->rule = "([^"]+)"', r'->method = "([^"]+)"', r'\.method = "([^"]+)"',
            r'fr_analysis_fix \([^;]*?"([a-z_\-]+)"', r'\brule = "([^"]+)"']
for path in sorted(glob.glob(os.path.join(root, "normalize/*.c")) + glob.glob(os.path.join(root, "normalize/stages/*.c")) + glob.glob(os.path.join(root, "extract/*.c"))):
    text = open(path, encoding="utf-8").read()
    for pat in patterns:
        for name in re.findall(pat, text, re.S):
            used.setdefault(name, os.path.basename(path))
missing = sorted(n for n in used if n not in rules and n not in decisions)
print("1..3")
failed = 0


def report(n, problems, what, detail):
    """One TAP line; each problem as a comment under a failure."""
    global failed
    print(f"{'not ok' if problems else 'ok'} {n} - {what}" + ("" if problems else f" ({detail})"))
    for p in problems:
        print(f"# {p}")
    failed |= bool(problems)


report(1, [f"{n} (in {used[n]}) is in neither rules.def nor decisions.def" for n in missing],
       "every recorded rule name has a reason", f"{len(used)} names")

# the files of each stage: its own, and the parts it keeps apart (HACKING.md)
STAGE_FILES = {"ocr": ["ocrfix"], "tables": ["tables", "texttable", "textcolumns"], "indicators": ["indicators", "outline"],
               "finance": ["finance", "fintable", "finbudget"], "checks": ["checks", "budgetchecks"]}
stages = re.findall(r"^STAGE \(\w+, (\w+),", open(os.path.join(root, "normalize/stages.def"), encoding="utf-8").read(), re.M)
sources = {os.path.basename(p)[:-2]: open(p, encoding="utf-8").read()
           for p in glob.glob(os.path.join(root, "normalize/stages/*.c"))}
rows = re.findall(r"^RULE \((\w+), (\w+),", open(os.path.join(root, "normalize/rules.def"), encoding="utf-8").read(), re.M)
wrong = []
for name, stage in rows:
    users = {st for st in stages for f in STAGE_FILES.get(st, [st])
             if re.search(rf"\bFR_RULE_{name}\b", sources.get(f, ""))}
    if stage.lower() not in stages or (users and stage.lower() not in users):
        wrong.append(f"{name}: row says {stage}, applied by {sorted(users) or 'no stage'}")
report(2, wrong, "every rule row names a stage that applies it", f"{len(rows)} rules, {len(stages)} stages")

# a row nothing applies is dead data: it reads as a rule finrep follows, and is not
code = "".join(open(p, encoding="utf-8").read()
               for d in ("normalize", "normalize/stages", "extract", "cmd", "output")
               for ext in ("c", "cc", "h") for p in glob.glob(os.path.join(root, d, "*." + ext)))
unused = [name for name, _ in rows if not re.search(rf"\bFR_RULE_{name}\b", code)]
report(3, [f"{n} is applied nowhere" for n in unused], "every rule row is applied somewhere", f"{len(rows)} rules")
sys.exit(failed)
