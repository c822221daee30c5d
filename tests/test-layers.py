#!/usr/bin/python3
"""The layering rules of HACKING.md ("What may include what"), checked on the sources.

1. No import loop: no two product files (normalize/, extract/, cmd/) that use each other's
   functions, directly or round a longer circle.  A file uses another when it names a function
   that a header it includes (directly or through other headers) declares and that file
   defines; a static inline function of a header belongs to the header and makes no edge.
2. No file outside normalize/stages/ includes a stage header (a header in normalize/stages/):
   everything else reaches the stages through fr_analyze.  The unit tests are not product code
   and may reach a stage's helpers (test-finance.c feeds finance.h text).
3. JSON at the edge: in normalize/ and extract/ only normalize/record.c includes cJSON: the
   model becomes a record there and nowhere else.  In cmd/ only a file that reads JSON input
   may include it: ingest-inputs.c parses the records of an earlier run to resume it, which is
   reading, not making, JSON; every record cmd/ writes comes from record.c as text.
4. cmd/ includes of the library only the front door, normalize/finrep.h.

Each rule can fail: the test prints every offending line.  TAP output, one test per rule.
"""
import os
import re
import sys

SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.normpath(os.path.join(SRC, ".."))
PRODUCT = ["normalize", "normalize/stages", "extract", "cmd"]
# where meson lets each directory's files find a quoted header (include_directories)
SEARCH = {
    "normalize": ["normalize", "normalize/stages", "extract"],
    "normalize/stages": ["normalize/stages", "normalize", "extract"],
    "extract": ["extract"],
    "cmd": ["cmd", "normalize", "extract"],
}
# cmd/ files that read JSON input, and why (rule 3)
JSON_READERS = {"cmd/ingest-inputs.c": "resuming: it reads the records an earlier run wrote"}
JSON_EDGE = {"normalize/record.c"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def product_files():
    out = []
    for d in PRODUCT:
        for name in sorted(os.listdir(os.path.join(ROOT, d))):
            if name.endswith((".c", ".h")):
                out.append(f"{d}/{name}")
    return out


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def includes(rel, text):
    """(kind, name, resolved path or None) of each #include."""
    out = []
    for kind, name in INCLUDE.findall(text):
        path = None
        if kind == '"':
            for d in SEARCH[os.path.dirname(rel)]:
                if os.path.exists(os.path.join(ROOT, d, name)):
                    path = os.path.normpath(f"{d}/{name}")
                    break
        out.append((kind, name, path))
    return out


def main():
    files = product_files()
    texts = {f: read(f) for f in files}
    code = {f: strip_comments(t) for f, t in texts.items()}
    incs = {f: includes(f, texts[f]) for f in files}

    # which file defines each fr_ function: GLib style puts the name at the start of a line
    owner = {}
    for f in files:
        if f.endswith(".c"):
            for name in re.findall(r"^(fr_\w+)\s*\(", code[f], re.M):
                owner.setdefault(name, f)
    declared = {}
    for f in files:
        if f.endswith(".h"):
            declared[f] = set(re.findall(r"\b(fr_\w+)\s*\(", code[f])) & set(owner)

    def visible_headers(f, seen=None):
        seen = set() if seen is None else seen
        for _, _, path in incs.get(f, []):
            if path and path.endswith(".h") and path not in seen:
                seen.add(path)
                visible_headers(path, seen)
        return seen

    edges = {f: set() for f in files if f.endswith(".c")}
    why = {}
    for f in edges:
        names = set()
        for h in visible_headers(f):
            names |= declared.get(h, set())
        for name in names:
            g = owner[name]
            if g != f and re.search(r"\b%s\b" % re.escape(name), code[f]):
                edges[f].add(g)
                why.setdefault((f, g), name)

    tests = []

    # 1: strongly connected components of more than one file are loops
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            connect(v)
    loops = []
    for comp in sccs:
        for a in comp:
            for b in sorted(edges[a] & set(comp)):
                loops.append(f"{a} uses {b} ({why[(a, b)]})")
    tests.append(("no import loop among product files", loops))

    # 2
    bad = []
    for f in files:
        if f.startswith("normalize/stages/"):
            continue
        for _, name, path in incs[f]:
            if path and path.startswith("normalize/stages/"):
                bad.append(f"{f} includes the stage header {path}")
    tests.append(("only normalize/stages/ includes a stage header", bad))

    # 3
    bad = []
    for f in files:
        for kind, name, _ in incs[f]:
            if kind != "<" or not name.startswith("cjson/"):
                continue
            if f in JSON_EDGE or f in JSON_READERS:
                continue
            bad.append(f"{f} includes <{name}>: JSON is made only in normalize/record.c")
    tests.append(("JSON only at the edge (record.c) and where cmd/ reads JSON", bad))

    # 4
    bad = []
    for f in files:
        if not f.startswith("cmd/"):
            continue
        for _, name, path in incs[f]:
            if path and not path.startswith("cmd/") and path != "normalize/finrep.h":
                bad.append(f"{f} includes {path}: cmd/ uses only the front door, normalize/finrep.h")
    tests.append(("cmd/ includes only normalize/finrep.h of the library", bad))

    print(f"1..{len(tests)}")
    failed = 0
    for n, (name, problems) in enumerate(tests, 1):
        print(f"{'not ok' if problems else 'ok'} {n} - {name}")
        for p in problems:
            print(f"# {p}")
        failed += bool(problems)
    # a check that found no file would pass for nothing
    if len(edges) < 20 or not owner:
        print("# Bail out! too few sources found under " + ROOT)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
