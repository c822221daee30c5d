/* sha256.c — SHA-256 with OpenSSL's libcrypto (see sha256.h). */
#include "sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

struct _FrSha256 {
  EVP_MD_CTX *ctx;
};

/* OpenSSL reads its configuration file on first use unless told not to: nothing in it
 * changes SHA-256, and on a one-page report it was a tenth of finrep's start-up. */
static gpointer
init_crypto (gpointer unused)
{
  OPENSSL_init_crypto (OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
  return NULL;
}

FrSha256 *
fr_sha256_new (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, init_crypto, NULL);
  FrSha256 *h = g_new0 (FrSha256, 1);
  h->ctx = EVP_MD_CTX_new ();
  if (h->ctx == NULL || EVP_DigestInit_ex (h->ctx, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL cannot set up SHA-256");   /* only when out of memory */
  return h;
}

void
fr_sha256_update (FrSha256 *h, const void *data, gsize len)
{
  if (len > 0 && EVP_DigestUpdate (h->ctx, data, len) != 1)
    g_error ("OpenSSL SHA-256 update failed");
}

char *
fr_sha256_finish (FrSha256 *h)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex (h->ctx, md, &n) != 1 || n != 32)
    g_error ("OpenSSL SHA-256 final failed");
  fr_sha256_free (h);
  static const char hex[] = "0123456789abcdef";
  char *out = g_malloc (2 * 32 + 1);
  for (gsize i = 0; i < 32; i++) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 15];
  }
  out[64] = '\0';
  return out;
}

void
fr_sha256_free (FrSha256 *h)
{
  if (h == NULL)
    return;
  EVP_MD_CTX_free (h->ctx);
  g_free (h);
}

char *
fr_sha256_hex (const void *data, gsize len)
{
  FrSha256 *h = fr_sha256_new ();
  fr_sha256_update (h, data, len);
  return fr_sha256_finish (h);
}
