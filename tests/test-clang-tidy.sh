#!/bin/sh
# clang-tidy with the check set in .clang-tidy over every C file the build compiles from the
# source tree (BUILD_DIR/compile_commands.json); any warning fails.
#
#   tests/test-clang-tidy.sh BUILD_DIR
set -eu
build=$1
src=${G_TEST_SRCDIR:?}/..
if ! command -v clang-tidy >/dev/null; then
    echo "clang-tidy is not installed (scripts/setup installs it)"
    exit 77
fi
cd "$src"
# the source files, once each, from the compilation database (generated code excluded)
files=$(/usr/bin/python3 -c '
import json, os, sys
seen = set()
for e in json.load(open(sys.argv[1])):
    f = os.path.normpath(os.path.join(e["directory"], e["file"]))
    if f.startswith(sys.argv[2] + os.sep) and not f.startswith(sys.argv[3] + os.sep) and f.endswith(".c"):
        seen.add(os.path.relpath(f, sys.argv[2]))
print("\n".join(sorted(seen)))
' "$build/compile_commands.json" "$(pwd)" "$(cd "$build" && pwd)")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# one file per process, as many processes as cores: the analyzer dominates
if echo "$files" | xargs -P "$(nproc)" -n 1 clang-tidy -p "$build" --quiet >"$out" 2>/dev/null; then
    echo "clang-tidy: $(echo "$files" | wc -l) files clean"
    exit 0
fi
cat "$out"
exit 1
