#!/bin/sh
# bench/tables.sh — what tables cost: finrep against pdftotext on real reports, per table page.
#
#   sh bench/tables.sh [FINREP] [PDF…]      (defaults: build/cmd/finrep, ../shared/real-reports/*.pdf)
#
# For each PDF, the best of 3 runs of `finrep extract` and of `pdftotext` (default mode, the
# reference extractor), the pages that hold a table, the pages whose ruling lines were read,
# how many of those had to be rendered (the rest were read from the page's drawing), and the
# time reading rules took (FINREP_DEBUG_TABLES=1).  The last lines are the shares of table
# pages whose rules were read and rendered, and the extra cost of finrep per table page over
# pdftotext, with the rules' share of it.  Times on a loaded machine are high: the first line says what it was.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
finrep=${1:-$here/build/cmd/finrep}
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
  set -- "$here"/../shared/real-reports/*.pdf
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best_of_3 () {   # prints the best wall time of 3 runs of "$@", in ms
  best=
  for _ in 1 2 3; do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    t=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}

# the machine, for the figures' sake
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '%-52s %5s %6s %6s %8s %9s %10s %9s\n' file pages tables rules rendered rules_ms finrep_ms pdftotext
: > "$tmp/rows"
for pdf in "$@"; do
  name=$(basename "$pdf")
  render_ms=
  for _ in 1 2 3; do   # the renders' time, best of 3 like the rest
    FINREP_DEBUG_TABLES=1 "$finrep" extract "$pdf" > "$tmp/rec.json" 2> "$tmp/err" || true
    line=$(grep -a '^tables:' "$tmp/err" || true)
    ruled=$(echo "$line" | sed -n 's/.*rules read on \([0-9]*\) of.*/\1/p')
    rendered=$(echo "$line" | sed -n 's/.*, \([0-9]*\) of them rendered.*/\1/p')
    ms=$(echo "$line" | sed -n 's/.*(\([0-9.]*\) ms).*/\1/p')
    if [ -n "$ms" ] && { [ -z "$render_ms" ] || [ "$(echo "$ms < $render_ms" | bc)" = 1 ]; }; then
      render_ms=$ms
    fi
  done
  set -- $(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
pages = set()
for t in r["tables"]:
    pages.update(t["pages"])
print(r["source"]["pages"] or 0, len(pages))' "$tmp/rec.json")
  pages=$1 table_pages=$2
  f_ms=$(best_of_3 "$finrep" extract "$pdf")
  p_ms=$(best_of_3 pdftotext "$pdf" "$tmp/out.txt")
  printf '%-52s %5s %6s %6s %8s %9s %10s %9s\n' "$name" "$pages" "$table_pages" "${ruled:-0}" \
    "${rendered:-0}" "${render_ms:-0}" "$f_ms" "$p_ms"
  echo "$pages $table_pages ${rendered:-0} ${render_ms:-0} $f_ms $p_ms ${ruled:-0}" >> "$tmp/rows"
done
awk '{ pages += $1; tp += $2; rp += $3; rms += $4; f += $5; p += $6; rl += $7 }
     END {
       printf "total: %d pages, %d with tables, rules read on %d, %d rendered; finrep %d ms, pdftotext %d ms (%.2fx)\n",
              pages, tp, rl, rp, f, p, p ? f / p : 0
       if (tp) printf "per table page: rules read %.0f%%, rendered %.0f%%; %.1f ms over pdftotext, of which %.1f ms reading ruling lines\n",
                      100 * rl / tp, 100 * rp / tp, (f - p) / tp, rms / tp
     }' "$tmp/rows"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
