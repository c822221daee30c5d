#!/bin/sh
# bench/ingest-sqlite.sh — what writing SQLite costs finrep ingest: the same generated corpus
# ingested to JSON Lines and to SQLite (-j2), interleaved, best of ROUNDS, in pages per
# second of wall time (the whole command: opening the database, the last checkpoint); then
# finrep export of those JSON Lines into SQLite, Excel and CSV, in records per second.
#
# Usage: sh bench/ingest-sqlite.sh [-n N] [-r ROUNDS] [-j JOBS]
#   -n N       generated reports (tests/gen/mkcorpus.py; default 100)
#   -r ROUNDS  rounds, best taken (default 3)
#   -j JOBS    ingest's workers (default 2)
# Environment: FINREP (default build/cmd/finrep), BENCH_DIR (scratch; default a temp dir,
# removed at the end; a BENCH_DIR that holds generated/ reuses that corpus).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
N=100
ROUNDS=3
JOBS=2
while getopts n:r:j: opt; do
    case $opt in
    n) N=$OPTARG ;;
    r) ROUNDS=$OPTARG ;;
    j) JOBS=$OPTARG ;;
    *) sed -n '2,13p' "$0" >&2; exit 2 ;;
    esac
done
FINREP=${FINREP:-$here/build/cmd/finrep}
[ -x "$FINREP" ] || { echo "bench: no $FINREP: build first" >&2; exit 2; }
work=${BENCH_DIR:-$(mktemp -d)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "finrep: $("$FINREP" --version), SQLite $(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.sqlite_version)')"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
gen="$work/generated"
[ -d "$gen" ] || /usr/bin/python3 "$here/tests/gen/mkcorpus.py" --no-truth "$N" "$gen" >/dev/null
echo "corpus: $(ls "$gen" | grep -c '\.pdf$') reports from tests/gen/mkcorpus.py"
echo

now() { date +%s.%N; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }'; }

# one ingest run; prints pages/s of its wall time
run() {
    out=$1
    rm -f "$out" "$out-wal" "$out-shm"
    t0=$(now)
    "$FINREP" ingest -q -j "$JOBS" -o "$out" "$gen" 2>"$work/summary.txt"
    t1=$(now)
    pages=$(sed -n 's/.*: \([0-9]*\) pages in .*/\1/p' "$work/summary.txt")
    awk -v p="$pages" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", p / (b - a) }'
}

best_jsonl= best_sqlite=
r=1
while [ "$r" -le "$ROUNDS" ]; do
    j=$(run "$work/out.jsonl")
    s=$(run "$work/out.sqlite")
    echo "round $r: JSON Lines $j pages/s, SQLite $s pages/s"
    best_jsonl=$(max "$best_jsonl" "$j")
    best_sqlite=$(max "$best_sqlite" "$s")
    r=$((r + 1))
done
echo
awk -v j="$best_jsonl" -v s="$best_sqlite" 'BEGIN {
    printf "ingest -j'"$JOBS"', best of '"$ROUNDS"': JSON Lines %.1f pages/s, SQLite %.1f pages/s: SQLite costs %.1f%%\n",
        j, s, (j - s) / j * 100 }'

records=$(wc -l <"$work/out.jsonl")
for out in a.sqlite a.xlsx csv; do
    fmt=
    [ "$out" = csv ] && fmt="--format csv"
    rm -rf "${work:?}/$out"
    t0=$(now)
    # shellcheck disable=SC2086
    "$FINREP" export -q $fmt -o "$work/$out" "$work/out.jsonl"
    t1=$(now)
    awk -v n="$records" -v a="$t0" -v b="$t1" -v o="$out" \
        'BEGIN { printf "export %s: %d records in %.2f s, %.0f records/s\n", o, n, b - a, n / (b - a) }'
done
echo "sizes: $(du -h "$work/out.jsonl" | cut -f1) JSON Lines, $(du -h "$work/out.sqlite" | cut -f1) SQLite, $(du -h "$work/a.xlsx" | cut -f1) xlsx, $(du -sh "$work/csv" | cut -f1) CSV"
