#!/bin/sh
# bench/ingest-sqlite.sh — what writing SQLite costs finrep ingest: the same generated corpus
# ingested to JSON Lines and to SQLite (-j JOBS, 2 by default), interleaved, best of ROUNDS,
# in pages per second of wall time (the whole command: opening the database, the last
# index and checkpoint), in pages per CPU-second (user + system time of the parent and its
# workers), and in the parent's own CPU time (it alone writes: the difference is what the
# database costs, whatever else runs on the machine); then finrep export of those JSON
# Lines into SQLite, Excel and CSV, in records per second.
#
# Usage: sh bench/ingest-sqlite.sh [-n N] [-r ROUNDS] [-j JOBS] [-c]
#   -n N       generated reports (tests/gen/mkcorpus.py; default 100)
#   -r ROUNDS  rounds, best taken (default 3)
#   -j JOBS    ingest's workers (default 2)
#   -c         also count the instructions of the parent's write path, exactly, whatever
#              the load: bench/ingest-parent under callgrind, which stores the JSON Lines'
#              records into SQLite as ingest's parent does (fr_output_add_packed, the
#              rows packed as a worker packs them, fr_output_pack: counted apart, as the
#              workers' share).  Give a build whose full-text index is not also written
#              every 2 s of valgrind's slow clock:
#              meson setup build-cg -Dc_args=-DINDEX_SECONDS=1000 && meson compile -C build-cg
#              FINREP_CG=build-cg/cmd/finrep sh bench/ingest-sqlite.sh -n 60 -r 1 -c
# Environment: FINREP (default build/cmd/finrep), FINREP_CG (for -c: its build's
# bench/ingest-parent is run; default FINREP),
# BENCH_DIR (scratch; default a temp dir, removed at the end; a BENCH_DIR that holds
# generated/ reuses that corpus).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
N=100
ROUNDS=3
JOBS=2
COUNT=
while getopts n:r:j:c opt; do
    case $opt in
    n) N=$OPTARG ;;
    r) ROUNDS=$OPTARG ;;
    j) JOBS=$OPTARG ;;
    c) COUNT=1 ;;
    *) sed -n '2,24p' "$0" >&2; exit 2 ;;
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
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian package time)" >&2; exit 2; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

# one ingest run; prints "pages/s of wall time, pages per CPU-second, the parent's CPU
# seconds, all CPU seconds" (the CPU of the parent and its workers, which it waits for:
# /usr/bin/time counts them; the parent's own from finrep's summary)
run() {
    out=$1
    rm -f "$out" "$out-wal" "$out-shm"
    /usr/bin/time -f "%e %U %S" -o "$work/time.txt" \
        "$FINREP" ingest -q -j "$JOBS" -o "$out" "$gen" 2>"$work/summary.txt"
    pages=$(sed -n 's/.*: \([0-9]*\) pages in .*/\1/p' "$work/summary.txt")
    parent=$(sed -n 's/.*CPU time: parent \([0-9.]*\) s.*/\1/p' "$work/summary.txt")
    awk -v p="$pages" -v c="$parent" '{ printf "%.1f %.1f %.3f %.3f", p / $1, p / ($2 + $3), c, $2 + $3 }' \
        "$work/time.txt"
}

best_jw= best_sw= best_jc= best_sc= min_jp= min_sp= min_jt=
r=1
while [ "$r" -le "$ROUNDS" ]; do
    # shellcheck disable=SC2046
    set -- $(run "$work/out.jsonl") $(run "$work/out.sqlite")
    echo "round $r: JSON Lines $1 pages/s ($2 per CPU-s, parent $3 s of $4 s), SQLite $5 pages/s ($6 per CPU-s, parent $7 s of $8 s)"
    best_jw=$(max "$best_jw" "$1"); best_jc=$(max "$best_jc" "$2")
    best_sw=$(max "$best_sw" "$5"); best_sc=$(max "$best_sc" "$6")
    min_jp=$(min "$min_jp" "$3"); min_sp=$(min "$min_sp" "$7"); min_jt=$(min "$min_jt" "$4")
    r=$((r + 1))
done
echo
awk -v jw="$best_jw" -v sw="$best_sw" -v jc="$best_jc" -v sc="$best_sc" \
    -v jp="$min_jp" -v sp="$min_sp" -v jt="$min_jt" 'BEGIN {
    printf "ingest -j'"$JOBS"', best of '"$ROUNDS"':\n"
    printf "  pages/s (wall):       JSON Lines %.1f, SQLite %.1f: SQLite costs %.1f%%\n", jw, sw, (jw - sw) / jw * 100
    printf "  pages per CPU-second: JSON Lines %.1f, SQLite %.1f: SQLite costs %.1f%%\n", jc, sc, (jc - sc) / jc * 100
    printf "  the parent'"'"'s CPU time: JSON Lines %.3f s, SQLite %.3f s: %.1f%% of the JSON Lines run'"'"'s %.3f s\n", jp, sp, (sp - jp) / jt * 100, jt }'

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

if [ -n "$COUNT" ]; then
    cg=$(dirname "$(dirname "${FINREP_CG:-$FINREP}")")/bench/ingest-parent
    [ -x "$cg" ] || { echo "bench: no $cg: build first" >&2; exit 2; }
    command -v valgrind >/dev/null || { echo "bench: -c needs valgrind" >&2; exit 2; }
    rm -f "$work/cg.sqlite" "$work/cg.sqlite-wal" "$work/cg.sqlite-shm"
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
        "$cg" "$work/cg.sqlite" "$work/out.jsonl" 2>"$work/cg.txt"
    # inclusive counts of the front door's calls: the parent's are open, add_packed, close
    callgrind_annotate --inclusive=yes "$work/callgrind.out" 2>/dev/null | awk -v n="$records" -v cg="$cg" '
        / \[/ && $NF ~ /ingest-parent\]$/ {
            gsub(",", "", $1)
            if ($0 ~ /:fr_output_(open|add_packed|close) /) parent += $1
            if ($0 ~ /:fr_output_pack /) pack += $1
        }
        END {
            printf "callgrind: storing the %d records into SQLite: the parent %.0f M instructions, ", n, parent / 1e6
            printf "the workers packing their rows %.0f M (%s)\n", pack / 1e6, cg
        }'
fi
