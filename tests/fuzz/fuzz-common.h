/* fuzz-common.h — what the fuzz targets share: a compact description of positioned lines that
 * becomes an FrDocument, and the checks every record finrep writes must pass.
 *
 * The layout description is text, one directive a line, so a person can write a regression
 * by hand and the fuzzer can still reach any layout:
 *
 *     # a comment
 *     P 595 842                          a new page, width and height in points
 *     L 72 90.5 523 102.5 12 SimHei 一、基本情况
 *                                        a line: x0 y0 x1 y1 size font text (font "-" when
 *                                        unknown; bold is read from the name as for a PDF)
 *     O                                  the page so far was read by OCR (its lines go
 *                                        through the OCR stage's repairs, stages/ocrfix.c)
 *
 * A line's box is shared out evenly among its characters.  In the text, "\u{HEX}" is any
 * 32-bit code point and "\\" a backslash; a byte that is not UTF-8 becomes U+DC00 + byte
 * (what a careless decoder makes of it).  Anything unparsable is skipped, never an error.
 * Numbers are C floats; non-finite ones become 0, since neither route makes them.
 */
#pragma once

#include <glib.h>

#include "finrep.h"

#include <cjson/cJSON.h>

G_BEGIN_DECLS

/* A document with geometry, as the PDF route would make it, from the description. */
FrDocument *fuzz_layout_parse (const char *data, gsize len);

/* Asserts what a user relies on in every record and clean text finrep writes: valid UTF-8
 * JSON that parses back to itself, RECORD.md's keys in order, pages in range and boxes that
 * are four ordered finite numbers.  Aborts (a fuzzer finding) when one does not hold. */
void fuzz_check_result (const FrResult *res);
/* The same checks for a record tree built elsewhere (an error record); takes j. */
void fuzz_check_record_json (cJSON *j, guint n_pages);

G_END_DECLS
