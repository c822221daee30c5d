#!/usr/bin/env python3
"""The bad-input corpus (tests/gen/mkbad.sh: empty, truncated, HTML saved as .pdf, random
bytes, encrypted with a user or an owner password, a scan, a dangling link, a good file)
goes through one batch together with a path to nothing, a file that hangs its worker and one
that crashes it (the test-only fault hook); the batch completes and every file gets the code
expected.tsv gives it."""

from ingest_testlib import *

mkbad = os.path.join(SRCDIR, "gen", "mkbad.sh")
if not os.path.exists(mkbad):
    skip("tests/gen/mkbad.sh (the bad-input corpus) is not in this tree yet")

d = tempdir()
bad = os.path.join(d, "bad")
p = subprocess.run(["sh", mkbad, bad], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
check(p.returncode == 0, f"mkbad.sh: exit {p.returncode}\n{p.stderr}")

expected = {}
with open(os.path.join(bad, "expected.tsv"), encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        name, want = line.split("\t")[:2]
        if want in ("expected_code", "code"):
            continue   # a header row
        path = name if os.path.isabs(name) else os.path.join(bad, name)
        # "damaged-or-ok": either is right (Poppler may recover a truncated file)
        expected[path] = set(re.split(r"\s*(?:\||,|/|-or-|\bor\b)\s*", want.strip()))
check(len(expected) >= 9, f"expected.tsv lists {len(expected)} files")

# a path to nothing at all, unless the corpus names one already
if all(os.path.lexists(p) for p in expected):
    expected[os.path.join(bad, "no-such-file.pdf")] = {"not_found"}

# the worker faults, by the test-only hook: the corpus's own hang/crash rows, or ours
faults = []
for path, codes in expected.items():
    if codes == {"timeout"}:
        faults.append("hang:" + os.path.basename(path))
    elif codes == {"crashed"}:
        faults.append("crash:" + os.path.basename(path))
for kind, want in (("hang", "timeout"), ("crash", "crashed")):
    if not any(f.startswith(kind + ":") for f in faults):
        path = link_copies(SEED_PDF, os.path.join(d, "faults"), [f"{kind}.pdf"])[0]
        expected[path] = {want}
        faults.append(f"{kind}:{kind}.pdf")

# OCR is left out here (--ocr=never: the scans keep no_text_layer, as the option promises);
# test-cli reads the same corpus with OCR, where the scan gives ok and the broken one damaged.
for path in expected:
    if os.path.basename(path).endswith("-scan.pdf"):
        expected[path] = {"no_text_layer"}

out = os.path.join(d, "out.jsonl")
p = ingest(["-j2", "--timeout", "5", "--ocr=never", "-o", out] + sorted(expected),
           env={"FINREP_TEST_FAULT": ",".join(faults)}, text=True)
print(p.stderr, file=sys.stderr)
check(p.returncode == 0, f"exit {p.returncode}, want 0: every input got a record")
recs = by_path(read_records(out), out)
check(set(recs) == set(expected), f"records for {len(recs)} of {len(expected)} inputs; "
                                  f"missing {sorted(set(expected) - set(recs))}")
wrong = [f"{os.path.relpath(p, d)}: {code(recs[p])} ({recs[p]['error'] and recs[p]['error']['message']}), "
         f"want {'|'.join(sorted(w))}" for p, w in sorted(expected.items()) if code(recs[p]) not in w]
check(not wrong, "wrong codes:\n  " + "\n  ".join(wrong))
for path, r in recs.items():
    if r["status"] == "error":
        check(r["error"]["message"], f"{path}: an error record without a message")
print(f"ok: {len(expected)} bad inputs, each with its code, in one batch")
