/* ocrlib.h — Tesseract and Leptonica, loaded when the first page needs OCR.
 *
 * Linked in, the two brought some 45 shared libraries (libcurl, GnuTLS, ICU, Kerberos, image
 * codecs…) into every finrep process, and the dynamic loader's work on them was most of a
 * one-page `finrep extract`'s start (README, "Speed").  Most files need no OCR, so ocr.c
 * reaches the functions it uses through the table below, filled by dlopen on first use; the
 * macros at the end let ocr.c call them by their own names.  Only ocr.c includes this.
 */
#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

G_BEGIN_DECLS

#define FR_OCR_FUNCTIONS(F)                                                                  \
  F (TessBaseAPICreate) F (TessBaseAPIDelete) F (TessBaseAPIInit2) F (TessBaseAPIInit3)      \
  F (TessBaseAPISetVariable) F (TessBaseAPISetPageSegMode) F (TessBaseAPISetImage2)          \
  F (TessBaseAPISetSourceResolution) F (TessBaseAPIRecognize) F (TessBaseAPIMeanTextConf)    \
  F (TessBaseAPIGetIterator) F (TessBaseAPIDetectOrientationScript) F (TessBaseAPIClear)     \
  F (TessResultIteratorGetPageIterator) F (TessResultIteratorConfidence)                     \
  F (TessResultIteratorGetUTF8Text) F (TessResultIteratorNext) F (TessResultIteratorDelete)  \
  F (TessPageIteratorIsAtBeginningOf) F (TessPageIteratorBoundingBox) F (TessDeleteText)     \
  F (pixCreate) F (pixDestroy) F (pixClone) F (pixGetData) F (pixGetWpl) F (pixGetWidth)     \
  F (pixGetHeight) F (pixGetDepth) F (pixScale) F (pixScaleToSize) F (pixRotateOrth)         \
  F (pixFindSkewAndDeskew) F (pixWrite)                                                     \
  /* specks, table cells and comparison signs (despeckle, table_cells, fix_signs) */          \
  F (pixThresholdToBinary) F (pixConnComp) F (pixConnCompBB) F (pixCountPixels)              \
  F (pixCountPixelsInRect) F (pixGetPixel) F (pixInvert) F (pixRenderLine) F (pixCopy)        \
  F (pixSetInRect) F (pixSetInRectArbitrary) F (pixClearInRect) F (pixClipRectangle)         \
  F (pixAddBorderGeneral) F (boxaSelectBySize) F (pixaGetPix) F (pixaDestroy) F (boxCreate) F (boxDestroy)        \
  F (boxaGetCount) F (boxaGetBoxGeometry) F (boxaDestroy)

typedef struct {
/* name is a declarator here, which parentheses would break */
#define FR_OCR_FIELD(name) __typeof__ (&name) name; /* NOLINT(bugprone-macro-parentheses) */
  FR_OCR_FUNCTIONS (FR_OCR_FIELD)
#undef FR_OCR_FIELD
  /* OpenMP's, when Tesseract was built with it; NULL otherwise */
  void (*omp_set_max_active_levels) (int);
} FrOcrLib;

extern FrOcrLib fr_ocr_lib;

/* Loads the libraries once (any thread); FALSE with *why (a message kept for the
 * life of the process) when they cannot be loaded. */
gboolean fr_ocr_lib_load (const char **why);

G_END_DECLS

/* ocr.c calls the table by the functions' own names */
#ifndef FR_OCR_LIB_NO_MACROS
#define FR_OCR_CALL(name) (fr_ocr_lib.name)
#define TessBaseAPICreate FR_OCR_CALL (TessBaseAPICreate)
#define TessBaseAPIDelete FR_OCR_CALL (TessBaseAPIDelete)
#define TessBaseAPIInit2 FR_OCR_CALL (TessBaseAPIInit2)
#define TessBaseAPIInit3 FR_OCR_CALL (TessBaseAPIInit3)
#define TessBaseAPISetVariable FR_OCR_CALL (TessBaseAPISetVariable)
#define TessBaseAPISetPageSegMode FR_OCR_CALL (TessBaseAPISetPageSegMode)
#define TessBaseAPISetImage2 FR_OCR_CALL (TessBaseAPISetImage2)
#define TessBaseAPISetSourceResolution FR_OCR_CALL (TessBaseAPISetSourceResolution)
#define TessBaseAPIRecognize FR_OCR_CALL (TessBaseAPIRecognize)
#define TessBaseAPIMeanTextConf FR_OCR_CALL (TessBaseAPIMeanTextConf)
#define TessBaseAPIGetIterator FR_OCR_CALL (TessBaseAPIGetIterator)
#define TessBaseAPIDetectOrientationScript FR_OCR_CALL (TessBaseAPIDetectOrientationScript)
#define TessBaseAPIClear FR_OCR_CALL (TessBaseAPIClear)
#define TessResultIteratorGetPageIterator FR_OCR_CALL (TessResultIteratorGetPageIterator)
#define TessResultIteratorConfidence FR_OCR_CALL (TessResultIteratorConfidence)
#define TessResultIteratorGetUTF8Text FR_OCR_CALL (TessResultIteratorGetUTF8Text)
#define TessResultIteratorNext FR_OCR_CALL (TessResultIteratorNext)
#define TessResultIteratorDelete FR_OCR_CALL (TessResultIteratorDelete)
#define TessPageIteratorIsAtBeginningOf FR_OCR_CALL (TessPageIteratorIsAtBeginningOf)
#define TessPageIteratorBoundingBox FR_OCR_CALL (TessPageIteratorBoundingBox)
#define TessDeleteText FR_OCR_CALL (TessDeleteText)
#define pixCreate FR_OCR_CALL (pixCreate)
#define pixDestroy FR_OCR_CALL (pixDestroy)
#define pixClone FR_OCR_CALL (pixClone)
#define pixGetData FR_OCR_CALL (pixGetData)
#define pixGetWpl FR_OCR_CALL (pixGetWpl)
#define pixGetWidth FR_OCR_CALL (pixGetWidth)
#define pixGetHeight FR_OCR_CALL (pixGetHeight)
#define pixGetDepth FR_OCR_CALL (pixGetDepth)
#define pixScale FR_OCR_CALL (pixScale)
#define pixScaleToSize FR_OCR_CALL (pixScaleToSize)
#define pixRotateOrth FR_OCR_CALL (pixRotateOrth)
#define pixFindSkewAndDeskew FR_OCR_CALL (pixFindSkewAndDeskew)
#define pixWrite FR_OCR_CALL (pixWrite)
#define boxCreate FR_OCR_CALL (boxCreate)
#define boxDestroy FR_OCR_CALL (boxDestroy)
#define boxaDestroy FR_OCR_CALL (boxaDestroy)
#define boxaGetBoxGeometry FR_OCR_CALL (boxaGetBoxGeometry)
#define boxaGetCount FR_OCR_CALL (boxaGetCount)
#define pixAddBorderGeneral FR_OCR_CALL (pixAddBorderGeneral)
#define boxaSelectBySize FR_OCR_CALL (boxaSelectBySize)
#define pixClearInRect FR_OCR_CALL (pixClearInRect)
#define pixClipRectangle FR_OCR_CALL (pixClipRectangle)
#define pixConnComp FR_OCR_CALL (pixConnComp)
#define pixConnCompBB FR_OCR_CALL (pixConnCompBB)
#define pixCopy FR_OCR_CALL (pixCopy)
#define pixCountPixels FR_OCR_CALL (pixCountPixels)
#define pixCountPixelsInRect FR_OCR_CALL (pixCountPixelsInRect)
#define pixGetPixel FR_OCR_CALL (pixGetPixel)
#define pixInvert FR_OCR_CALL (pixInvert)
#define pixRenderLine FR_OCR_CALL (pixRenderLine)
#define pixSetInRect FR_OCR_CALL (pixSetInRect)
#define pixSetInRectArbitrary FR_OCR_CALL (pixSetInRectArbitrary)
#define pixThresholdToBinary FR_OCR_CALL (pixThresholdToBinary)
#define pixaDestroy FR_OCR_CALL (pixaDestroy)
#define pixaGetPix FR_OCR_CALL (pixaGetPix)
#endif
