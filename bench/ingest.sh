#!/bin/sh
# bench/ingest.sh — finrep ingest -j1 and -j2 against `pdftotext FILE /dev/null`, on the
# same files in the same run, interleaved, best of ROUNDS: pages per second of wall time and
# of CPU time, the ratios, and the peak RSS of a worker (finrep's summary, and /usr/bin/time's
# maximum over all processes).  Then the peak RSS of a worker on one 306-page report.
#
# Usage: sh bench/ingest.sh [-n N] [-r ROUNDS] [-S] [REAL_DIR…]
#   -n N       generated reports in the corpus (default 300; tests/gen/mkcorpus.py makes
#              them; without it, copies of the seed sample under different names)
#   -r ROUNDS  rounds per corpus, best taken (default 3)
#   -S         also run -j1 --no-sandbox in the same rounds: what the sandbox costs
#   REAL_DIR   more corpora, such as ../shared/real-reports: every *.pdf in it
# Environment: FINREP (default build/cmd/finrep), BENCH_DIR (scratch; default a temp dir).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
N=300
ROUNDS=3
TOOLS=3
while getopts n:r:S opt; do
    case $opt in
    n) N=$OPTARG ;;
    r) ROUNDS=$OPTARG ;;
    S) TOOLS=4 ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
FINREP=${FINREP:-$here/build/cmd/finrep}
[ -x "$FINREP" ] || { echo "bench: no $FINREP: build first (meson setup build && ninja -C build)" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "bench: pdftotext missing (poppler-utils)" >&2; exit 2; }
work=${BENCH_DIR:-$(mktemp -d)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian package time)" >&2; exit 2; }

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "finrep: $FINREP ($("$FINREP" --version)); $(pdftotext -v 2>&1 | head -1)"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews wall times; CPU times less)"
echo

# The generated corpus.
gen="$work/generated"
if [ ! -d "$gen" ]; then
    if [ -f "$here/tests/gen/mkcorpus.py" ]; then
        /usr/bin/python3 "$here/tests/gen/mkcorpus.py" "$N" "$gen" >/dev/null
        gen_what="$N reports from tests/gen/mkcorpus.py"
    else
        mkdir -p "$gen"
        i=1
        while [ "$i" -le "$N" ]; do
            cp "$here/samples/seed-report-baiyun-2022.pdf" "$gen/report-$i.pdf"
            i=$((i + 1))
        done
        gen_what="$N copies of the seed report (tests/gen/mkcorpus.py not there yet)"
    fi
else
    gen_what="the corpus already in $gen"
fi

# Runs a command under /usr/bin/time; leaves "wall cpu maxrss_kib" in $work/time.txt.
timed() {
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.raw" "$@"
    awk '{ print $1, $2 + $3, $4 }' "$work/time.raw" > "$work/time.txt"
}

# One corpus: the three tools in turn, the order rotated each round; the best wall time and
# the best CPU time (user + system, all processes) of each.
bench_corpus() {
    name=$1 dir=$2
    list="$work/$name.list"
    find -L "$dir" -type f -name '*.pdf' | sort > "$list"
    files=$(wc -l < "$list")
    pages=0
    while IFS= read -r f; do
        p=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
        pages=$((pages + ${p:-0}))
    done < "$list"
    w0="" w1="" w2="" w3="" c0="" c1="" c2="" c3="" rss1="" rss2="" rss3="" all1="" all2="" all3=""
    r=1
    while [ "$r" -le "$ROUNDS" ]; do
        k=0
        while [ "$k" -lt "$TOOLS" ]; do
            tool=$(( (k + r) % TOOLS ))
            k=$((k + 1))
            if [ "$tool" = 0 ]; then
                timed sh -c 'while IFS= read -r f; do pdftotext "$f" /dev/null 2>/dev/null; done' < "$list"
            else
                # tool 3: -j1 outside the sandbox
                if [ "$tool" = 3 ]; then set -- -j1 --no-sandbox; else set -- -j$tool; fi
                timed "$FINREP" ingest -q "$@" - < "$list" > "$work/out.jsonl" 2> "$work/err.txt"
                n=$(wc -l < "$work/out.jsonl")
                [ "$n" -eq "$files" ] || { echo "bench: $n records for $files files" >&2; exit 1; }
                eval "rss$tool=\$(sed -n 's/.*largest worker \([0-9.]*\) MiB.*/\1/p' \"\$work/err.txt\")"
                eval "all$tool=\$(awk '{ printf \"%.1f\", \$3 / 1024 }' \"\$work/time.txt\")"
            fi
            read -r wall cpu _ < "$work/time.txt"
            eval "w$tool=\$(min \"\$w$tool\" \$wall); c$tool=\$(min \"\$c$tool\" \$cpu)"
        done
        r=$((r + 1))
    done
    awk -v name="$name" -v files="$files" -v pages="$pages" -v rounds="$ROUNDS" \
        -v w0="$w0" -v w1="$w1" -v w2="$w2" -v c0="$c0" -v c1="$c1" -v c2="$c2" \
        -v w3="$w3" -v c3="$c3" -v r1="$rss1" -v r2="$rss2" -v a1="$all1" -v a2="$all2" 'BEGIN {
        printf "%s: %d PDF files, %d pages, best of %d\n", name, files, pages, rounds
        printf "                            wall s   pages/s   ratio      CPU s  pages/CPU-s  ratio\n"
        printf "  pdftotext FILE /dev/null %7.2f  %8.1f          %9.2f  %9.1f\n", w0, pages / w0, c0, pages / c0
        printf "  finrep ingest -j1        %7.2f  %8.1f  %5.2fx  %9.2f  %9.1f  %7.2fx  (of pdftotext)\n", w1, pages / w1, w0 / w1, c1, pages / c1, c0 / c1
        printf "  finrep ingest -j2        %7.2f  %8.1f  %5.2fx  %9.2f  %9.1f  %7.2fx  (of pdftotext)\n", w2, pages / w2, w0 / w2, c2, pages / c2, c0 / c2
        if (w3 != "")
            printf "  finrep ingest -j1 --no-sandbox %7.2f wall s, %.2f CPU s: the sandbox costs %+.1f%% wall, %+.1f%% CPU\n", w3, c3, (w1 / w3 - 1) * 100, (c1 / c3 - 1) * 100
        printf "  -j2 over -j1: %.2fx pages/s\n", w1 / w2
        printf "  peak RSS of a worker: %s MiB (-j1), %s MiB (-j2); of any process (time -v): %s, %s MiB\n", r1, r2, a1, a2
        printf "\n"
    }'
}

echo "corpus: $gen_what"
bench_corpus generated "$gen"
for d in "$@"; do
    [ -d "$d" ] || { echo "bench: no directory $d" >&2; exit 2; }
    bench_corpus "$(basename "$d")" "$d"
done

# A worker's peak memory on one long report: the seed 34 times over, 306 pages.
if command -v qpdf >/dev/null; then
    big="$work/long-306-pages.pdf"
    set --
    i=0
    while [ "$i" -lt 34 ]; do set -- "$@" "$here/samples/seed-report-baiyun-2022.pdf"; i=$((i + 1)); done
    qpdf --empty --pages "$@" -- "$big"
    timed "$FINREP" ingest -q -j1 "$big" 2> "$work/err.txt" > "$work/out.jsonl"
    echo "one $(pdfinfo "$big" | awk '/^Pages:/ { print $2 }')-page report: peak RSS of its worker $(sed -n 's/.*largest worker \([0-9.]*\) MiB.*/\1/p' "$work/err.txt") MiB," \
         "$(sed -n 's/.*: \([0-9]* pages in [0-9.]* s\).*/\1/p' "$work/err.txt");" \
         "any process (time -v): $(awk '{ printf "%.1f", $3 / 1024 }' "$work/time.txt") MiB"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
