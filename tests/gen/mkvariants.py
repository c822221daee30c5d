#!/usr/bin/python3
"""Copies of a real report in the shapes archives hold them, made with qpdf and poppler-utils.

    mkvariants.py SHAPE OUT IN [ARG]

Each shape changes how a report is stored, never what its pages say, so a reader of the page
text must find in the copy what it finds in the original (tests/test-archive-shapes.py says
what, shape by shape):

  shown-rotated OUT IN PAGES   pages stored turned a quarter (the media box's sides swapped, the
                               content drawn turned) with /Rotate 90, so that they show as before:
                               how a landscape table is bound into a portrait report (a page
                               with a /Rotate of its own already is left as it is)
  sideways OUT IN PAGES        /Rotate 90 added (qpdf --rotate=+90): pages that show turned
  from OUT IN FIRST            pages FIRST to the end: a copy without its cover (and contents)
  reorder OUT IN FIRST         pages FIRST to the end, then the pages before: a report's tables
                               bound before its text
  merge OUT IN IN [PAGES]…     files bound one after another into one (qpdf --pages: a file, then
                               optionally its pages)
  title OUT IN TITLE           the document information's Title set to TITLE (a wrong one)
  encrypt OUT IN [PASSWORD]    AES-256 with user password PASSWORD ('' opens without one)
  encrypt-rc4 OUT IN           RC4 128-bit with an empty user password (older archives)
  truncate OUT IN FRACTION     the first FRACTION of the bytes: an interrupted download
  resave OUT IN                rewritten with object streams and linearized (another tool's save)
  junk OUT IN                  a few bytes before %PDF (a server's stray output)
  html OUT IN                  a web page holding the report's first pages' text, named .pdf

PAGES is a qpdf page range (1-based: "3", "2-4,7").  Nothing random is used except the salt
qpdf puts in encrypted files, so every other shape gives the same bytes each run.
"""
import base64
import html
import json
import re
import subprocess
import sys


def qpdf(*args):
    # exit status 3 is "succeeded with warnings" (a real file's off-by-one object count)
    run = subprocess.run(["qpdf", *args], capture_output=True, text=True, errors="replace")
    if run.returncode not in (0, 3):
        raise SystemExit(f"qpdf {' '.join(args)}: {run.stderr.strip()}")
    return run.stdout


def qpdf_json(path, *args):
    return json.loads(qpdf("--json=2", *args, path))


def page_numbers(spec, npages):
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        first = int(a)
        last = npages if b == "z" else int(b or a)
        out.extend(range(first, last + 1))
    return out


def page_boxes(path, npages):
    """Each page's CropBox and /Rotate as pdfinfo gives them (inherited ones included)."""
    info = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", str(npages), path],
                          capture_output=True, text=True, check=True).stdout
    out = {}
    for page in range(1, npages + 1):
        m = re.search(rf"Page\s+{page}\s+CropBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", info)
        r = re.search(rf"Page\s+{page}\s+rot:\s+(\d+)", info)
        out[page] = ([float(v) for v in m.groups()], int(r.group(1)) if r else 0)
    return out


def update(inp, out, objects, maxid):
    upd = {"qpdf": [{"jsonversion": 2, "pushedinheritedpageresources": False,
                     "calledgetallpages": False, "maxobjectid": maxid}, objects]}
    path = out + ".update.json"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(upd, f, ensure_ascii=False)
    qpdf(inp, out, f"--update-from-json={path}", "--static-id")
    subprocess.run(["rm", "-f", path], check=True)


def shown_rotated(out, inp, spec):
    """Each page of SPEC drawn turned a quarter on a media box with its sides swapped, and
    /Rotate 90 to show it upright: displayed (u, v) = stored (v, H - u), so the content is put
    through x = H - v, y = u (cm 0 1 -1 0 H 0), after moving the media box's origin to 0 0."""
    pages = qpdf_json(inp, "--json-key=pages")["pages"]
    objs = {}
    nextid = qpdf_json(inp, "--json-key=qpdf", "--json-object=trailer")["qpdf"][0]["maxobjectid"]
    want = page_numbers(spec, len(pages))
    ids = [pages[p - 1]["object"].split()[0] for p in want]
    dicts = qpdf_json(inp, "--json-key=qpdf", *[f"--json-object={i}" for i in ids])["qpdf"][1]
    boxes = page_boxes(inp, len(pages))
    for p, oid in zip(want, ids):
        crop, rot = boxes[p]
        if rot:
            continue            # stored turned already (a real report's landscape pages)
        x0, y0, x1, y1 = crop        # what shows; the rest of the media box is cut off anyway
        w, h = x1 - x0, y1 - y0
        page = dict(dicts[f"obj:{oid} 0 R"]["value"])
        contents = page["/Contents"]
        contents = contents if isinstance(contents, list) else [contents]
        pre = f"q 0 1 -1 0 {h:.4f} 0 cm 1 0 0 1 {-x0:.4f} {-y0:.4f} cm\n".encode()
        post = b"\nQ\n"
        refs = []
        for data in (pre, post):
            nextid += 1
            objs[f"obj:{nextid} 0 R"] = {"stream": {"dict": {}, "data": base64.b64encode(data).decode()}}
            refs.append(f"{nextid} 0 R")
        page["/Contents"] = [refs[0], *contents, refs[1]]
        page["/MediaBox"] = [0, 0, round(h, 4), round(w, 4)]
        page.pop("/CropBox", None)
        page.pop("/Annots", None)   # their rectangles would need turning too; reports have none that matter
        page["/Rotate"] = 90
        objs[f"obj:{oid} 0 R"] = {"value": page}
    update(inp, out, objs, nextid)


def set_title(out, inp, title):
    q = qpdf_json(inp, "--json-key=qpdf", "--json-object=trailer")["qpdf"]
    maxid = q[0]["maxobjectid"]
    trailer = q[1]["trailer"]["value"]
    objs = {}
    info = trailer.get("/Info")
    if isinstance(info, str) and info.endswith(" R"):
        oid = info.split()[0]
        d = qpdf_json(inp, "--json-key=qpdf", f"--json-object={oid}")["qpdf"][1][f"obj:{oid} 0 R"]["value"]
    else:
        maxid += 1
        oid = str(maxid)
        d = {}
        t = {k: v for k, v in trailer.items() if k in ("/Root", "/ID")}
        t["/Info"] = f"{oid} 0 R"
        objs["trailer"] = {"value": t}
    d["/Title"] = "u:" + title
    objs[f"obj:{oid} 0 R"] = {"value": d}
    update(inp, out, objs, maxid)


def main(argv):
    if len(argv) < 4:
        raise SystemExit(__doc__)
    shape, out, inp, rest = argv[1], argv[2], argv[3], argv[4:]
    if shape == "shown-rotated":
        shown_rotated(out, inp, rest[0])
    elif shape == "sideways":
        qpdf(inp, out, f"--rotate=+90:{rest[0]}", "--static-id")
    elif shape == "from":
        qpdf("--empty", "--pages", inp, f"{rest[0]}-z", "--", out, "--static-id")
    elif shape == "reorder":
        first = int(rest[0])
        qpdf("--empty", "--pages", inp, f"{first}-z", inp, f"1-{first - 1}", "--", out, "--static-id")
    elif shape == "merge":
        qpdf("--empty", "--pages", inp, *rest, "--", out, "--static-id")
    elif shape == "title":
        set_title(out, inp, rest[0])
    elif shape == "encrypt":
        pw = rest[0] if rest else ""
        qpdf("--encrypt", pw, "owner-secret", "256", "--", inp, out)
    elif shape == "encrypt-rc4":
        qpdf("--allow-weak-crypto", "--encrypt", "", "owner-secret", "128", "--use-aes=n", "--", inp, out)
    elif shape == "truncate":
        data = open(inp, "rb").read()
        open(out, "wb").write(data[:int(len(data) * float(rest[0]))])
    elif shape == "resave":
        qpdf(inp, out, "--object-streams=generate", "--linearize", "--static-id")
    elif shape == "junk":
        data = open(inp, "rb").read()
        open(out, "wb").write(b"\r\n\xef\xbb\xbf  \n" + data)
    elif shape == "html":
        text = subprocess.run(["pdftotext", "-l", "2", "-layout", inp, "-"],
                              capture_output=True, text=True, check=True).stdout
        page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
                + html.escape(text.strip().splitlines()[0].strip()) + "</title></head>\n<body><pre>\n"
                + html.escape(text) + "</pre></body></html>\n")
        open(out, "w", encoding="utf-8").write(page)
    else:
        raise SystemExit(f"unknown shape {shape}\n{__doc__}")


if __name__ == "__main__":
    main(sys.argv)
