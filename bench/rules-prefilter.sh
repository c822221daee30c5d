#!/bin/sh
# rules-prefilter.sh [OUTDIR]: every rule's answer against PCRE2's own (bench/rules-prefilter.c)
# over the line texts of the fixtures and the shared real reports: their pdftotext dumps (plain
# and -layout) and every string of finrep's records for them (line texts, cell texts).
# Run from the checkout, after meson compile -C build.  Needs pdftotext.
set -eu
out=${1:-$(mktemp -d)}
mkdir -p "$out"
for pdf in fixtures/*.pdf ../shared/real-reports/*.pdf ../shared/seed-report-baiyun-2022.pdf; do
  [ -f "$pdf" ] || continue
  b=$out/$(basename "$pdf" .pdf)
  pdftotext "$pdf" "$b.txt" 2>/dev/null || true
  pdftotext -layout "$pdf" "$b.layout.txt" 2>/dev/null || true
  build/cmd/finrep extract "$pdf" > "$b.json" 2>/dev/null || true
  [ -s "$b.txt" ] && { build/cmd/finrep extract "$b.txt" > "$b.txt.json" 2>/dev/null || true; }
done
/usr/bin/python3 - "$out" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
strings = set()
def walk(v):
    if isinstance(v, str):
        strings.update(v.split("\n"))
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, dict):
        for x in v.values(): walk(x)
for f in out.glob("*.json"):
    text, at, dec = f.read_text(errors="replace"), 0, json.JSONDecoder()
    while True:   # one record or several, each printed over many lines
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        try:
            v, at = dec.raw_decode(text, at)
        except ValueError:
            break
        walk(v)
(out / "records.strings").write_text("\n".join(sorted(strings)))
PY
build/bench/rules-prefilter "$out"/*.txt "$out"/records.strings
