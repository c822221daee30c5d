#!/usr/bin/python3
"""Writes the seed corpora of tests/fuzz from the fixtures and the shared seed dump.

    tests/fuzz/mkseeds.py FINREP SEED_DUMP

text/    pdftotext dumps of the fixtures (raw and -layout), cut to a few KB at a page or line
         end, the table pages of the budget fixtures' -layout dumps, the table pages of the Word-made fixtures (fixtures/word), an excerpt of the
         seed dump, and the same excerpt in GB18030 with \r\n;
layout/  the fixtures' lines as finrep's PDF route saw them (FINREP_DEBUG_LINES), as
         fuzz-common.h's description, first pages only;
record/  hostile paths, messages and code points around a small layout;
packed/  three small fixtures' records, and one with stray bytes after it (fuzz-packed.c);
textless/ small PDFs with font keys in plain dictionaries and in a Flate object stream,
         and one whose stream length belongs to another object (the copy must not write).

The corpora are committed; rerun this only when the fixtures change.
"""
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FINREP, SEED = sys.argv[1], sys.argv[2]
LIMIT = 4096


def cut(data, limit=LIMIT):
    """At most limit bytes, ending at the last page break or newline before the limit."""
    if len(data) <= limit:
        return data
    head = data[:limit]
    at = max(head.rfind(b"\f"), head.rfind(b"\n"))
    return head[: at + 1] if at > 0 else head


def write(kind, name, data):
    d = os.path.join(HERE, "corpus", kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


LINE = re.compile(r"^\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+([\d.]+)(b| ) k\d (.*)$")
PAGE = re.compile(r"^== page \d+\s+(\d+)x(\d+)")


def layout_of(pdf, first_only=False):
    """The first page, and the first page that holds a table (k3 lines)."""
    env = dict(os.environ, FINREP_DEBUG_LINES="1")
    err = subprocess.run([FINREP, "text", pdf], env=env, capture_output=True).stderr.decode()
    pages, cur = [], None
    for line in err.splitlines():
        m = PAGE.match(line)
        if m:
            cur = {"head": f"P {m.group(1)} {m.group(2)}", "lines": [], "table": False}
            pages.append(cur)
            continue
        m = LINE.match(line)
        if m and cur is not None:
            x0, y0, x1, y1, size, bold, text = m.groups()
            font = "SimHei" if bold == "b" else "SimSun"
            cur["lines"].append(f"L {x0} {y0} {x1} {y1} {size} {font} {text.replace(chr(92), chr(92) * 2)}")
            cur["table"] |= " k3 " in line
    keep = pages[:1] + ([] if first_only else [p for p in pages[1:] if p["table"]][:1])
    out = []
    for p in keep:
        out += [p["head"]] + p["lines"]
    return ("\n".join(out) + "\n").encode()


fixtures = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.pdf")))
for pdf in fixtures:
    name = os.path.splitext(os.path.basename(pdf))[0]
    raw = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, check=True).stdout
    write("text", name + ".txt", cut(raw))
    write("layout", name + ".lines", cut(layout_of(pdf), 8192))
for pdf in fixtures[:3]:
    name = os.path.splitext(os.path.basename(pdf))[0]
    lay = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True).stdout
    write("text", name + ".layout.txt", cut(lay))

# budgets' -layout dumps (textlayout.c): the pages that hold their tables of figures, one
# seed a page and one of them all (a table that goes on over a page)
for pdf in sorted(glob.glob(os.path.join(ROOT, "fixtures", "budget-dept*.pdf"))
                  + glob.glob(os.path.join(ROOT, "fixtures", "budget-side-groups.pdf"))):
    name = os.path.splitext(os.path.basename(pdf))[0]
    lay = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True).stdout
    pages = lay.split(b"\f")
    table = [k for k, pg in enumerate(pages) if "单位：".encode() in pg]
    for k in table:
        write("text", f"{name}-p{k + 1}.layout.txt", cut(pages[k], 6144))
    if table:
        write("text", f"{name}-tables.layout.txt", cut(b"\f".join(pages[table[0]:table[-1] + 1]), 12288))

# Word-made fixtures (tests/gen/mkwordtables.py), whose tables a default-mode dump prints a
# column at a time (textcolumns.c): each page that holds table runs, and the table's pages
# together, so both a first page with its header and a page that continues it are seeds
for pdf in sorted(glob.glob(os.path.join(ROOT, "fixtures", "word", "*.pdf"))):
    name = os.path.splitext(os.path.basename(pdf))[0]
    raw = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, check=True).stdout
    pages = raw.split(b"\f")
    table = [k for k, pg in enumerate(pages) if "完成率".encode() in pg or "%\n\n".encode() in pg]
    for k in table:
        write("text", f"{name}-p{k + 1}.txt", cut(pages[k], 6144))
    if len(table) > 1:
        write("text", f"{name}-table.txt", cut(b"\f".join(pages[table[0]:table[-1] + 1]), 12288))

with open(SEED, "rb") as f:
    seed = f.read()
excerpt = cut(seed, 3072)
write("text", "seed-dump.txt", excerpt)
write("text", "seed-dump-gb18030-crlf.txt",
      excerpt.decode().replace("\n", "\r\n").encode("gb18030"))
# the dump's indicator table, from its middle
mid = seed.find("指标".encode())
if mid > 0:
    start = seed.rfind(b"\n", 0, mid) + 1
    write("text", "seed-dump-table.txt", cut(seed[start:], 3072))

small = layout_of(fixtures[0], True).split(b"\n")[:12]
body = b"\n".join(small) + b"\n"
hostile = [
    ("plain", b"reports/2022/report.pdf", b"the PDF is damaged", body),
    ("latin1-path", b"archive/\xe9t\xe9-2022.pdf", b"cannot read: \xff\xfe", body),
    ("nul-and-controls", b"a\x01b\x1fc.pdf", b"message with \x00 NUL",
     body + b"L 72 300 500 312 12 - \\u{0}\\u{1}\\u{1f}\\u{7f} tab\there\n"),
    ("surrogates", b"x.pdf", b"\xed\xa0\x80 a CESU-8 surrogate",
     body + b"L 72 300 500 312 12 - \\u{d800}\\u{dfff}\\u{110000}\\u{ffffffff}\\u{fffe}\n"),
    ("huge-numbers", b"n.pdf", b"9" * 400,
     body + "L 72 300 500 312 12 - 收入总计99999999999999999999999999999999万元，增长1e309%。\n".encode()
     + "L 72 320 160 332 12 - 得分\nL 300 320 500 332 12 - -0.0000000000000000001\n".encode()),
    ("bidi-and-separators", b"\xe2\x80\xae.pdf", "\u2028\u2029".encode(),
     body + "L 72 300 500 312 12 - 一、\u202e基本\u2028情况\ufeff\n".encode()),
]
for name, path, msg, lay in hostile:
    size = (len(lay) * 1000003).to_bytes(8, "little")
    write("record", name, path + b"\n" + msg + b"\n" + size + lay)

for name in ("ind-unruled", "project-unchanged", "budget-tables-only"):
    pdf = os.path.join(ROOT, "fixtures", name + ".pdf")
    line = subprocess.run([FINREP, "extract", "--no-sandbox", "-c", pdf], capture_output=True,
                          check=True).stdout.rstrip(b"\n")
    line = line.replace(os.path.dirname(pdf).encode() + b"/", b"")   # no machine's path
    write("packed", name, line + b"\n")
    if name == "ind-unruled":
        write("packed", name + "-stray", line + b"\n\x00\x03\x00\x00\x00abc\x00\x07")


def objstm(body, length=None, level=9):
    """An object stream holding body, Flate-compressed; length overrides the true one."""
    import zlib
    packed = zlib.compress(body, level)
    n = len(packed) if length is None else length
    return (b"4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % n
            + packed + b"\nendstream\nendobj\n")


page = b"1 0 obj\n<< /Type /Page /Resources << /Font << /F1 5 0 R >> >> /Contents 2 0 R >>\nendobj\n"
font = b"5 0 obj\n<< /Type /Font /Subtype /Type0 /FontDescriptor 6 0 R >>\nendobj\n"
desc = b"6 0 obj\n<< /Type /FontDescriptor /FontName /ABC+SimSun /FontFile2 7 0 R >>\nendobj\n"
inner = b"8 0 << /Resources << /Font << /F2 5 0 R >> /XObject << >> >> >>"
write("textless", "plain-keys", b"%PDF-1.4\n" + page + font + desc + b"%%EOF\n")
write("textless", "objstm-keys", b"%PDF-1.5\n" + page + objstm(inner) + b"%%EOF\n")
write("textless", "objstm-stored", b"%PDF-1.5\n" + objstm(inner * 20, level=0) + b"%%EOF\n")
# the length of the object before, 12 0 obj, read for the stream after it
write("textless", "objstm-wrong-length",
      b"%PDF-1.5\n12 0 obj << /Length 3 >> endobj\n4 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
      + __import__("zlib").compress(inner) + b"\nendstream\nendobj\n")
