#!/usr/bin/env python3
"""The parent's memory stays flat: its peak RSS after 4N files is that after N, within 1 MiB.
A leak of one record line per file (~14 KB here) would add 4 MiB over the 3N more files,
where a sound build moves by less than 0.1 MiB.  And a worker's memory stays bounded on
small files made to blow it up: a page that lists one large Flate content stream many times
(the text pass inflates a page's content itself, up to a budget per page), and a file that
names one font under a new name on every page (the text pass keeps fonts for the document,
up to a bound): each a few hundred KB, each read within --max-memory 200.  Smaller leaks are the valgrind check's job
(bench/ingest-leaks.sh).  Under AddressSanitizer, RSS measures its allocator rather than
finrep (and LeakSanitizer checks every process at its exit), so the test is skipped there."""

from ingest_testlib import *

N_TXT, N_PDF = 100, 8
d = tempdir()
if asan_build(ingest([os.path.join(d, "nothing-here")], text=True).stderr):
    skip("an AddressSanitizer build: RSS is the sanitizer's")

def corpus(name, k):
    c = os.path.join(d, name)
    link_copies(SEED_TXT, c, [f"t{i:04d}.txt" for i in range(k * N_TXT)])
    link_copies(SEED_PDF, c, [f"p{i:04d}.pdf" for i in range(k * N_PDF)])
    return c

rss = {}
for k in (1, 4):
    out = os.path.join(d, f"out{k}.jsonl")
    p = ingest(["-j2", "-o", out, corpus(f"in{k}", k)], text=True)
    check(p.returncode == 0, f"{k}N files: exit {p.returncode}\n{p.stderr}")
    n = len(read_records(out))
    check(n == k * (N_TXT + N_PDF), f"{k}N files: {n} records")
    rss[k] = summary_figure(p.stderr, r"peak RSS: parent ([0-9.]+) MiB")

growth = rss[4] - rss[1]
print(f"parent peak RSS: {rss[1]:.1f} MiB after {N_TXT + N_PDF} files, "
      f"{rss[4]:.1f} MiB after {4 * (N_TXT + N_PDF)}")
check(growth < 1.0, f"the parent grew by {growth:.1f} MiB over {3 * (N_TXT + N_PDF)} more files")
print("ok: parent memory flat")


# ---- a worker's memory on small hostile files ---------------------------------------------

def write_pdf(path, objs, pages):
    """objs: {number: bytes}; 1 is the catalog, 2 the page tree over the page objects pages."""
    objs = dict(objs)
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in pages)
               + b"] /Count %d >>" % len(pages))
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for n in sorted(objs):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n" % size
    for n in range(size):
        out += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    with open(path, "wb") as f:
        f.write(out)

def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"

import zlib
hostile = os.path.join(d, "hostile")
os.makedirs(hostile)
# 32 MiB of content (a line of text, then blanks) listed 10 times by one page: 320 MiB if every
# listing were inflated and held at once
big = zlib.compress(b"BT /F1 12 Tf 72 720 Td (repeated) Tj ET\n" + b" " * (32 << 20), 9)
write_pdf(os.path.join(hostile, "one-stream-ten-times.pdf"), {
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
       b" /Contents [" + b" ".join([b"5 0 R"] * 10) + b"] >>",
    4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    5: stream(big, b"/Filter /FlateDecode "),
}, [3])
# one Type0 font with a ToUnicode map of all 65536 codes, named 60 new ways on each of 60 pages
cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 beginbfrange <0000> <FFFF> <4E00> endbfrange\nendcmap end end")
objs = {
    4: b"<< /Type /Font /Subtype /Type0 /BaseFont /U /Encoding /Identity-H /DescendantFonts [6 0 R]"
       b" /ToUnicode 5 0 R >>",
    5: stream(cmap),
    6: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /U /CIDSystemInfo << /Registry (Adobe)"
       b" /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    7: stream(b"BT /A 12 Tf 72 720 Td <00010002> Tj ET"),
}
pages = []
for p in range(60):
    names = b" ".join(b"/P%dF%d 4 0 R" % (p, k) for k in range(60))
    objs[10 + p] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << "
                    + names + b" /A 4 0 R >> >> /Contents 7 0 R >>")
    pages.append(10 + p)
write_pdf(os.path.join(hostile, "one-font-many-names.pdf"), objs, pages)

out = os.path.join(d, "hostile.jsonl")
p = ingest(["-j1", "--max-memory", "200", "-o", out, hostile], text=True)
for path, record in by_path(read_records(out), "hostile").items():
    check(record["status"] == "ok", f"{os.path.basename(path)}: {code(record)}, not ok within "
          f"--max-memory 200\n{p.stderr}")
print("ok: small hostile files read within --max-memory 200")
