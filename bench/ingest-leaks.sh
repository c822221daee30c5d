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
# Exit status: 0 when no kind of lost memory (definitely, indirectly, possibly) grows between
# the runs; 1 otherwise.  Memory still in use at a worker's exit is shown, not judged.
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
    eval "held_$n=\"\$(for log in \"\$work\"/log\$n/*.log; do
        grep -q 'Parent PID: '\$\$'\$' \"\$log\" || lost 'in use at exit' \"\$log\"; done | sort -n | tail -1)\""
done

# Lost memory must not grow at all.  Memory still reachable at a worker's exit is what
# outlived the documents in some library's cache; a worker that grows by 80 MiB is replaced,
# which bounds it, so it is shown, not judged.
status=0
for kind in definitely indirectly possibly; do
    eval "a=\$${kind}_$SMALL b=\$${kind}_$LARGE"
    echo "$kind lost, all processes: $a bytes after $SMALL files, $b after $LARGE"
    [ "$b" -le "$a" ] || status=1
done
eval "a=\$held_$SMALL b=\$held_$LARGE"
echo "in use at exit, the most of any worker: $a bytes after $SMALL files, $b after $LARGE"
exit $status
