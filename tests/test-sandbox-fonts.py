#!/usr/bin/python3
"""Drawing in the sandbox where fontconfig's cache is missing or stale: fontconfig is set up
when a page is first drawn, under the filter, and the calls with which it would write its
cache anew fail softly (cmd/sandbox.h, fr_sandbox_load_fonts).  The page is drawn, the record
is the one made with a good cache, and nothing is written to the cache folder."""

import json
import shutil
import subprocess

from ingest_testlib import *

FIXTURES = os.environ.get("FIXTURES", os.path.join(SRCDIR, "..", "fixtures"))
PAGE = os.path.join(FIXTURES, "ind-unruled.pdf")

font = subprocess.run(["fc-match", "-f", "%{file}", "sans"], capture_output=True, text=True).stdout
if not font or not os.path.isfile(font):
    skip("no font file found by fc-match")

d = tempdir()
fonts, cache = os.path.join(d, "fonts"), os.path.join(d, "cache")
os.makedirs(fonts)
os.makedirs(cache)
shutil.copy(font, fonts)
conf = os.path.join(d, "fonts.conf")
with open(conf, "w") as f:
    f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>\n")
stale = dict(os.environ, FONTCONFIG_FILE=conf)
for k in ("FINREP_TEST_FAULT", "FINREP_TEST_SANDBOX_ESCAPE"):
    stale.pop(k, None)

# finrep show --html draws the page, text and all
html = os.path.join(d, "page.html")
p = subprocess.run([FINREP, "show", "--html", html, PAGE], env=stale, capture_output=True, text=True)
print(p.stderr, file=sys.stderr)
no_leak_report(p.stderr, "show")
check(p.returncode == 0, f"show --html: exit status {p.returncode}, want 0:\n{p.stderr}")
check("refused" not in p.stderr, f"show --html: the sandbox refused a call:\n{p.stderr}")
with open(html, encoding="utf-8") as f:
    check("data:image/png" in f.read(), "show --html: no page image")
check(os.listdir(cache) == [], f"show --html: fontconfig wrote {os.listdir(cache)} into its cache")

# extract with every band's rules from a render: the record is the one a good cache gives
good_env = dict(stale, FINREP_DEBUG_RULINGS="render")
good_env.pop("FONTCONFIG_FILE")
stale_env = dict(stale, FINREP_DEBUG_RULINGS="render")
good = subprocess.run([FINREP, "extract", PAGE], env=good_env, capture_output=True, text=True)
got = subprocess.run([FINREP, "extract", PAGE], env=stale_env, capture_output=True, text=True)
print(got.stderr, file=sys.stderr)
check(got.returncode == 0, f"extract: exit status {got.returncode}, want 0:\n{got.stderr}")
check(json.loads(got.stdout).get("status") == "ok", "extract: the record's status is not ok")
check(got.stdout == good.stdout, "extract: the record differs from the one made with a good font cache")
check(os.listdir(cache) == [], f"extract: fontconfig wrote {os.listdir(cache)} into its cache")
print("ok")
