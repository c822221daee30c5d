#!/bin/sh
# Scaling benchmark: finrep's time must grow linearly with the size of its input.
#
#   bench/scaling.sh [BUILD_DIR] [CASE…]      (default: build; every case)
#
# Cases (bench/scaling-gen.py writes the inputs): very long lines, a paragraph of 250,000
# characters (1 million at x4), a table of 2,500 rows (10,000 at x4) and the same table with
# short words for its figures (thousands of runs of one or two Chinese characters), a report of 500 pages
# (2,000 at x4), and one that opens with 250 pages of tables before 250 of text.  Each runs through both routes: as a text dump with `finrep extract`, and as
# positioned lines, as the PDF route sees them, with the fuzz-layout driver (every stage, the
# record, and the record checks).  Sizes x1, x4 and x16; each time is the best of RUNS
# (default 2) runs.  Linear growth shows as ratios near 4 from one size to the next; a
# ratio over 6 is flagged.  Timing lives here, never in a test.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
[ $# -gt 0 ] && shift
cases=${*:-longlines paragraph table wordtable pages tablepages}
runs=${RUNS:-2}
limit=${LIMIT:-600}   # seconds; a run over it is shown as a timeout and flagged
finrep=$build/cmd/finrep
layout=$build/tests/fuzz/fuzz-layout
for exe in "$finrep" "$layout"; do
    [ -x "$exe" ] || { echo "scaling.sh: no $exe; build first (meson setup $build && ninja -C $build)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-10s %-7s %10s %10s %10s   %7s %7s  %s\n' case route "x1 (cpu s)" "x4" "x16" x4/x1 x16/x4 ""
flagged=0
for c in $cases; do
    for route in text layout; do
        times=""
        sizes=""
        for s in 1 4 16; do
            f=$work/$c-$route-$s
            /usr/bin/python3 "$here/scaling-gen.py" "$c" "$route" "$s" "$f"
            sizes="$sizes $(wc -c <"$f")"
            if [ "$route" = text ]; then
                t=$(/usr/bin/python3 "$here/scaling-gen.py" --cpu-time "$runs" timeout "$limit" "$finrep" extract -c "$f")
            else
                t=$(/usr/bin/python3 "$here/scaling-gen.py" --cpu-time "$runs" timeout "$limit" "$layout" "$f")
            fi
            times="$times $t"
            rm -f "$f"
        done
        set -- $times
        ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "timeout" || b == "timeout") print "-"; else printf "%.1f", b / (a + 0.005) }'; }
        r1=$(ratio "$1" "$2")
        r2=$(ratio "$2" "$3")
        mark=""
        case "$times" in
            *timeout*) mark="TIMEOUT (over ${limit}s)"; flagged=1 ;;
            *) if awk -v r="$r2" 'BEGIN { exit !(r > 6) }'; then mark="SUPERLINEAR?"; flagged=1; fi ;;
        esac
        printf '%-10s %-7s %10s %10s %10s   %7s %7s  %s\n' "$c" "$route" "$1" "$2" "$3" "$r1" "$r2" "$mark"
        set -- $sizes
        printf '%-10s %-7s %10s %10s %10s\n' "" "(bytes)" "$1" "$2" "$3"
    done
done
exit $flagged
