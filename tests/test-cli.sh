#!/bin/sh
# The finrep command as a script would use it: help and usage errors, and one bad file of
# each kind giving an error record with the right code, a message on stderr and exit 1.
# The bad files are made by tests/gen/mkbad.sh (expected.tsv: file, expected code).
set -u
n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check () { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=${G_TEST_SRCDIR:-$(dirname "$0")}

"$FINREP" --help > "$tmp/help" 2> "$tmp/err"; rc=$?
check "--help exits 0" test $rc -eq 0
check "--help goes to stdout" grep -q "Exit status" "$tmp/help"
"$FINREP" > /dev/null 2> "$tmp/err"; rc=$?
check "no command exits 2 with usage on stderr" sh -c "test $rc -eq 2 && grep -q Usage '$tmp/err'"
"$FINREP" frobnicate > /dev/null 2> "$tmp/err"; rc=$?
check "unknown command exits 2" sh -c "test $rc -eq 2 && grep -q frobnicate '$tmp/err'"
"$FINREP" extract --no-such-option x.pdf > /dev/null 2> "$tmp/err"; rc=$?
check "unknown option exits 2" test $rc -eq 2
"$FINREP" extract > /dev/null 2> "$tmp/err"; rc=$?
check "extract without FILE exits 2" test $rc -eq 2
"$FINREP" extract --help > "$tmp/help" 2>&1; rc=$?
check "extract --help exits 0" sh -c "test $rc -eq 0 && grep -q 'Exit status' '$tmp/help'"

"$FINREP" extract --compact "$tmp/no-such-file.pdf" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "a missing file gives not_found, exit 1, a message" sh -c "test $rc -eq 1 && grep -q '\"not_found\"' '$tmp/out' && grep -q 'no such file' '$tmp/err'"
"$FINREP" text "$tmp/no-such-file.pdf" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "text on a missing file exits 1 with a message" sh -c "test $rc -eq 1 && test -s '$tmp/err'"

# output that cannot be written (a full disk) is exit 3 with a message, for each command that
# writes what it read, also when the process ends with _exit once its output is flushed
if [ -w /dev/full ]; then
  for c in extract text show; do
    "$FINREP" $c "${FIXTURES:-$src/../fixtures}/ind-unruled.pdf" > /dev/full 2> "$tmp/err"; rc=$?
    check "$c to a full disk exits 3 with a message" sh -c "test $rc -eq 3 && grep -q 'cannot write' '$tmp/err'"
  done
fi

# FINREP_DEBUG_TABLES speaks of the file asked about only: the sandbox's warm-up runs the
# pipeline over a tiny file of its own first, which must not add a line of its own
FINREP_DEBUG_TABLES=1 "$FINREP" extract "${FIXTURES:-$src/../fixtures}/ind-unruled.pdf" > /dev/null 2> "$tmp/err"; rc=$?
check "FINREP_DEBUG_TABLES prints one tables: line for one file" \
    sh -c "test $rc -eq 0 && test \"\$(grep -ac '^tables:' '$tmp/err')\" -eq 1"

sh "$src/gen/mkbad.sh" "$tmp/bad" > "$tmp/mkbad.log" 2>&1 || not_ok "mkbad.sh builds the corpus" "$(tail -3 "$tmp/mkbad.log")"
while IFS="$(printf '\t')" read -r file want; do
    case "$file" in ''|'#'*) continue ;; esac
    path="$tmp/bad/$file"
    "$FINREP" extract --compact "$path" > "$tmp/out" 2> "$tmp/err"; rc=$?
    got=$(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["error"]["code"] if r["status"] == "error" else "ok")' "$tmp/out" 2>/dev/null || echo "no-record")
    case "$want" in
        damaged-or-ok) good=$( [ "$got" = damaged ] || [ "$got" = ok ] && echo y) ;;
        *) good=$( [ "$got" = "$want" ] && echo y) ;;
    esac
    if [ "$got" = ok ]; then wantrc=0; else wantrc=1; fi
    if [ "$good" = y ] && [ $rc -eq $wantrc ] && { [ "$got" = ok ] || [ -s "$tmp/err" ]; }; then
        ok "$file gives $got (exit $rc)"
    else
        not_ok "$file gives $want" "got $got, exit $rc, stderr: $(head -c 200 "$tmp/err")"
    fi
done < "$tmp/bad/expected.tsv"

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
