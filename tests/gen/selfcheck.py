#!/usr/bin/python3
"""Check generated fixtures against their truth with poppler's pdftotext.

usage: selfcheck.py fixtures/src/NAME.fix...   (or OUTDIR/corpus-*.fix from mkcorpus --keep-src)

For each fixture: every truth paragraph and every table cell must be found in the PDF's
text layer once Kangxi radicals and full-width letters are mapped back, furniture is
dropped and whitespace is ignored; a `kangxi` fixture must show radicals in the raw text;
every page must have text. This checks the generator, not finrep: it is a person's reading
of the PDF done by a program.
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkfixture  # noqa: E402

BACK = {v: k for k, v in mkfixture.KANGXI.items()}
BACK.update({v: k for k, v in mkfixture.FULLWIDTH.items()})


def pages_text(pdf, raw):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else []) + [pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def squash(s):
    return re.sub(r"\s+", "", "".join(BACK.get(c, c) for c in s))


def check(src):
    doc = mkfixture.parse(src)
    outdir = os.path.dirname(os.path.abspath(src))       # mkcorpus --keep-src: beside the .fix
    if not os.path.exists(os.path.join(outdir, doc.name + ".pdf")):
        outdir = os.path.dirname(outdir)                     # fixtures/src/x.fix -> fixtures/x.pdf
    pdf = os.path.join(outdir, doc.name + ".pdf")
    truth = __import__("json").load(open(os.path.join(outdir, doc.name + ".truth.json"), encoding="utf-8"))
    problems = []
    furniture = [squash(x) for x in (doc.running_header, doc.running_footer) if x]
    number = None
    if doc.page_number:
        number = re.compile(re.escape(squash(doc.page_number)).replace(r"\{n\}", r"\d+").replace(r"\{total\}", r"\d+"))

    def body(raw):
        pages = pages_text(pdf, raw)
        if len(pages) != truth["pages"]:
            problems.append("pdftotext sees %d pages, truth says %d" % (len(pages), truth["pages"]))
        text = []
        for i, p in enumerate(pages, 1):
            s = squash(p)
            if not s:
                problems.append("page %d has no text" % i)
            for f in furniture:
                s = s.replace(f, "", 1)
            if number:     # the page number is the footer: the last match on the page
                m = list(number.finditer(s))
                if m:
                    s = s[:m[-1].start()] + s[m[-1].end():]
            text.append(s)
        return "".join(text)

    flow, raw = body(False), body(True)

    def walk(secs):
        for s in secs:
            yield s
            yield from walk(s["sections"])

    for s in walk(truth["sections"]):
        if s["title"] is not None and squash(s["title"]) not in flow:   # untitled: text before the first heading
            problems.append("heading %s%s not found" % (s["number"], s["title"]))
        for p in s["paragraphs"]:
            if squash(p) not in flow and squash(p) not in raw:
                problems.append("paragraph not found: %s…" % p[:20])
    for t in truth["tables"]:
        for row in t["header"] + t["rows"]:
            for cell in row:
                c = squash(cell)
                # a cell split by a page break is found as two pieces
                if c not in raw and not any(c[:k] in raw and c[k:] in raw for k in range(4, len(c) - 3)):
                    problems.append("cell not found: %s" % cell[:20])
    if doc.kangxi:
        rawtext = "".join(pages_text(pdf, False))
        if not re.search("[\u2f00-\u2fd5]", rawtext) or not re.search("[\u2e80-\u2ef3]", rawtext):
            problems.append("kangxi fixture without radicals in its text layer")
    for p in problems:
        print("%s: %s" % (doc.name, p))
    print("%s: %s" % (doc.name, "ok" if not problems else "%d problems" % len(problems)))
    return not problems


if __name__ == "__main__":
    sys.exit(0 if all([check(src) for src in sys.argv[1:]]) else 1)
