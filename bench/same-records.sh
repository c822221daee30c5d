#!/bin/sh
# bench/same-records.sh — does a change leave every record as it was?  Writes `finrep
# extract`'s record of every fixture, the seed report and every real report into a folder,
# one file each, and compares it with the folder an earlier build wrote.  For changes that
# must not change what finrep reads (a faster route to the same records): run it with the
# build before the change, then with the build after, and read the differences it prints.
#
# Usage: sh bench/same-records.sh [-n] FINREP OUT_DIR [REF_DIR]
#   FINREP    the finrep binary to run
#   OUT_DIR   where the records go (made; emptied first)
#   REF_DIR   an earlier OUT_DIR: compared file by file; exit 1 when any record differs
#   -n        the scans with --ocr=never (OCR takes seconds a page; its route is apart)
# The real reports are read from ../shared/real-reports beside the checkout, when there.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
ocr=""
if [ "${1:-}" = "-n" ]; then ocr="--ocr=never"; shift; fi
[ $# -ge 2 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
finrep=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") out=$2 ref=${3:-}
[ -x "$finrep" ] || { echo "same-records: no $finrep" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
n=0
for f in "$here"/fixtures/*.pdf "$here"/fixtures/scans/*.pdf "$here"/samples/*.pdf "$here"/samples/*.txt \
         "$here"/../shared/real-reports/*.pdf; do
    [ -f "$f" ] || continue
    case $f in *.truth.*) continue ;; esac
    name=$(basename "$(dirname "$f")")-$(basename "$f").json
    # the path in the record is the one given: the same for both builds
    (cd "$(dirname "$f")" && "$finrep" extract $ocr "$(basename "$f")") > "$out/$name" 2>/dev/null || true
    n=$((n + 1))
done
echo "same-records: $n records in $out"
[ -n "$ref" ] || exit 0
diffs=0
for r in "$ref"/*.json; do
    name=$(basename "$r")
    if ! cmp -s "$r" "$out/$name"; then
        echo "differs: $name"
        diff "$r" "$out/$name" | head -20
        diffs=$((diffs + 1))
    fi
done
echo "same-records: $diffs of $(ls "$ref" | wc -l) records differ from $ref"
[ "$diffs" -eq 0 ]
