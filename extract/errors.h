/* errors.h — finrep's error domain.  The codes are the error codes of the record contract
 * (RECORD.md); fr_error_code_name gives the string written into a record. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FR_ERROR (fr_error_quark ())
GQuark fr_error_quark (void);

/* X-macro: the same rows make the enum and the names, so they cannot drift apart. */
#define FR_ERROR_CODES(X) \
  X (NOT_FOUND, "not_found") \
  X (UNREADABLE, "unreadable") \
  X (NOT_PDF, "not_pdf") \
  X (ENCRYPTED, "encrypted") \
  X (DAMAGED, "damaged") \
  X (NO_TEXT_LAYER, "no_text_layer") \
  X (TOO_LARGE, "too_large") \
  X (TIMEOUT, "timeout") \
  X (CRASHED, "crashed") \
  X (UNSUPPORTED, "unsupported")

typedef enum {
#define FR_X(id, name) FR_ERROR_##id,
  FR_ERROR_CODES (FR_X)
#undef FR_X
  FR_ERROR_N_CODES
} FrErrorCode;

const char *fr_error_code_name (FrErrorCode code);
/* The record's code for an error: its own in the FR_ERROR domain, else unreadable (an error of
 * GLib or Poppler that reached a caller is a file finrep could not read). */
FrErrorCode fr_error_code_of (const GError *err);

G_END_DECLS
