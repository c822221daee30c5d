#!/bin/sh
# bench/ingest-leaks.sh — does finrep ingest leak in a way that grows with the number of
# files?  Runs `finrep ingest -j1` under valgrind's memcheck over SMALL files, then over
# LARGE files (the parent and every worker report at their exit; workers are forks, which
# valgrind follows), and prints each process's leak summary and the growth per file.
#
# Usage: sh bench/ingest-leaks.sh [-s SMALL] [-l LARGE] [CORPUS_DIR]
#   CORPUS_DIR  *.pdf and *.txt to take the files from, cycled as needed (default: a corpus
#               of LARGE reports from tests/gen/mkcorpus.py, else the bundled samples)
#   -s, -l      the two run sizes (default 30 and 300)
# Environment: FINREP (default build/cmd/finrep), VALGRIND_OPTS (more memcheck options).
# Exit status: 0 when lost memory (any kind) does not grow between the runs and a worker's
# memory in use at exit does not grow with the files it did (with LARGE > 250: the worker of
# 250 files holds at most 1 KiB more than the one of LARGE-250; else at most 4 KiB more than
# the worker of the small run); 1 otherwise.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
SMALL=30
LARGE=300
while getopts s:l: opt; do
    case $opt in
    s) SMALL=$OPTARG ;;
    l) LARGE=$OPTARG ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
FINREP=${FINREP:-$here/build/cmd/finrep}
command -v valgrind >/dev/null || { echo "leaks: valgrind is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

src=${1:-}
if [ -z "$src" ]; then
    if [ -f "$here/tests/gen/mkcorpus.py" ]; then
        /usr/bin/python3 "$here/tests/gen/mkcorpus.py" "$LARGE" "$work/corpus" >/dev/null
        src="$work/corpus"
    else
        src="$here/samples"
    fi
fi
find "$src" -type f \( -name '*.pdf' -o -name '*.txt' \) | sort > "$work/pool"
[ -s "$work/pool" ] || { echo "leaks: no *.pdf or *.txt in $src" >&2; exit 2; }

# n inputs, cycling through the pool under distinct names (hard links: no copies)
make_inputs() {
    n=$1 dir=$2
    mkdir -p "$dir"
    i=0
    while [ "$i" -lt "$n" ]; do
        while IFS= read -r f && [ "$i" -lt "$n" ]; do
            ext=${f##*.}
            ln "$f" "$dir/f$i.$ext" 2>/dev/null || cp "$f" "$dir/f$i.$ext"
            i=$((i + 1))
        done < "$work/pool"
    done
}

# bytes of one kind ("definitely lost", "in use at exit", ...), summed over the given logs
lost() {
    kind=$1; shift
    cat "$@" | sed -n "s/.*$kind: \([0-9,]*\) bytes.*/\1/p" | tr -d , |
        awk '{ s += $1 } END { print s + 0 }'
}

for n in "$SMALL" "$LARGE"; do
    make_inputs "$n" "$work/in$n"
    mkdir -p "$work/log$n"
    # shellcheck disable=SC2086
    valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --suppressions="$here/tests/valgrind.supp" --log-file="$work/log$n/%p.log" \
        ${VALGRIND_OPTS:-} "$FINREP" ingest -q -j1 --timeout 0 --max-memory 0 \
        -o "$work/out$n.jsonl" "$work/in$n" 2> "$work/err$n.txt"
    records=$(wc -l < "$work/out$n.jsonl")
    [ "$records" -eq "$n" ] || { echo "leaks: $records records for $n files" >&2; exit 1; }
    echo "$n files ($(grep -c '"status":"error"' "$work/out$n.jsonl") error records):"
    for log in "$work"/log$n/*.log; do
        role=worker
        grep -q "Command: .*ingest" "$log" || continue
        [ "$(sed -n 's/^==\([0-9]*\)== Parent PID: \([0-9]*\).*/\2/p' "$log")" = "$$" ] && role=parent
        printf '  %-6s %-7s lost: definitely %7s, indirectly %7s, possibly %7s; in use at exit %9s bytes\n' \
            "$role" "$(basename "$log" .log)" "$(lost "definitely lost" "$log")" \
            "$(lost "indirectly lost" "$log")" "$(lost "possibly lost" "$log")" \
            "$(lost "in use at exit" "$log")"
    done
    for kind in definitely indirectly possibly; do
        eval "${kind}_$n=\$(lost \"$kind lost\" \"\$work\"/log\$n/*.log)"
    done
    # what each worker still held at its exit, in the order they ended (a worker is
    # replaced after 250 files, so with more files the first did 250 and the last the rest)
    eval "held_$n=\"\$(ls -tr \"\$work\"/log\$n/*.log | while read -r log; do
        grep -q 'Parent PID: '\$\$'\$' \"\$log\" || lost 'in use at exit' \"\$log\"; done)\""
done

status=0
for kind in definitely indirectly possibly; do
    eval "a=\$${kind}_$SMALL b=\$${kind}_$LARGE"
    echo "$kind lost, all processes: $a bytes after $SMALL files, $b after $LARGE"
    [ "$b" -le "$a" ] || status=1
done
# What a worker holds at its exit may be filled once, by the first files that need a font, a
# CMap or a rule; memory that grows per file shows as a worker of 250 files holding more
# than one of fewer files in the same run.
eval "small=\$held_$SMALL large=\$held_$LARGE"
first=$(echo "$large" | head -1)
last=$(echo "$large" | tail -1)
echo "in use at exit, each worker: $(echo $small) bytes after $SMALL files; $(echo $large) after $LARGE"
if [ "$LARGE" -gt 250 ]; then
    echo "  the worker of 250 files holds $((first - last)) bytes more than the one of $((LARGE - 250))"
    [ "$first" -le $((last + 1024)) ] || status=1
else
    [ "$first" -le $((small + 4096)) ] || status=1
fi
exit $status
