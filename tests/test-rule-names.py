#!/usr/bin/python3
"""Every name a stage records as the reason for a line, block, table or fix (the names
`finrep show` explains) is a rule of rules.def or a decision of decisions.def."""
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
print("1..1")
if missing:
    print("not ok 1 - every recorded rule name has a reason")
    for n in missing:
        print(f"# {n} (in {used[n]}) is in neither rules.def nor decisions.def")
    sys.exit(1)
print(f"ok 1 - every recorded rule name has a reason ({len(used)} names)")
