#!/bin/sh
# Build a corpus of bad inputs in OUTDIR, made at test time from a committed fixture, and
# OUTDIR/expected.tsv with one "file<TAB>expected_code" line per input.
# Codes: not_found, not_pdf, damaged-or-ok (poppler may repair it), encrypted, ok,
# no_text_layer. Needs qpdf, poppler-utils and Debian's python3 with python3-cairo.
set -eu

out=${1:?usage: mkbad.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../fixtures/quirks-plain.pdf
py=/usr/bin/python3
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A good file, so the corpus also shows that good input still passes beside bad input.
cp "$src" "$out/good.pdf"

# Zero bytes: what a failed download or a full disk leaves behind.
: > "$out/empty.pdf"

# The first half of a real fixture: an interrupted download. No xref, no trailer.
size=$(wc -c < "$src")
head -c $((size / 2)) "$src" > "$out/truncated.pdf"

# A web server's error page saved under the name of the report it should have been.
cat > "$out/html-error-page.pdf" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>404 Not Found</title></head>
<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p>
<hr><address>nginx</address></body></html>
EOF

# Random bytes from a fixed seed, so every run makes the same file.
"$py" -c 'import random, sys; sys.stdout.buffer.write(random.Random(20230315).randbytes(65536))' \
    > "$out/random-bytes.pdf"

# Needs a password to open at all.
qpdf --encrypt user owner 256 -- "$src" "$out/user-password.pdf"

# Opens without a password; the owner password only restricts printing or copying.
qpdf --encrypt '' owner 256 -- "$src" "$out/owner-password-only.pdf"

# A scan: the first page as a picture in a PDF with no text layer (OCR reads it; one page, so
# that the batch's 5 s --timeout, which restarts at each OCR page, holds under sanitizers).
pdftoppm -r 100 -gray -png -f 1 -l 1 "$src" "$tmp/scan"
"$py" - "$out/image-only-scan.pdf" "$tmp"/scan-*.png <<'EOF'
import sys
import cairo
out, pngs = sys.argv[1], sys.argv[2:]
surface = None
for png in pngs:
    img = cairo.ImageSurface.create_from_png(png)
    w, h = img.get_width() * 72 / 100, img.get_height() * 72 / 100   # rendered at 100 dpi
    if surface is None:
        surface = cairo.PDFSurface(out, w, h)
        surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, "2023-03-15T09:00:00")
    surface.set_size(w, h)
    ctx = cairo.Context(surface)
    ctx.scale(72 / 100, 72 / 100)
    ctx.set_source_surface(img, 0, 0)
    ctx.paint()
    ctx.show_page()
surface.finish()
EOF

# A scan whose image cannot be decoded: a DCT stream of bytes that are not a JPEG.
"$py" "$(dirname "$0")/mkscan.py" --broken "$out/broken-image-scan.pdf"

# A symlink to a file that is not there.
ln -sf no-such-report.pdf "$out/dangling-link.pdf"

printf '%s\t%s\n' \
    good.pdf ok \
    empty.pdf not_pdf \
    truncated.pdf damaged-or-ok \
    html-error-page.pdf not_pdf \
    random-bytes.pdf not_pdf \
    user-password.pdf encrypted \
    owner-password-only.pdf ok \
    image-only-scan.pdf ok \
    broken-image-scan.pdf damaged \
    dangling-link.pdf not_found \
    > "$out/expected.tsv"
