#include "errors.h"

G_DEFINE_QUARK (finrep-error-quark, fr_error)

const char *
fr_error_code_name (FrErrorCode code)
{
  static const char *const names[] = {
#define FR_X(id, name) name,
    FR_ERROR_CODES (FR_X)
#undef FR_X
  };
  g_return_val_if_fail ((int) code >= 0 && code < FR_ERROR_N_CODES, "unsupported");
  return names[code];
}

FrErrorCode
fr_error_code_of (const GError *err)
{
  if (err->domain == FR_ERROR && err->code >= 0 && err->code < FR_ERROR_N_CODES)
    return (FrErrorCode) err->code;
  return FR_ERROR_UNREADABLE;
}
