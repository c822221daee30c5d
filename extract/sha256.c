/* sha256.c — SHA-256 with OpenSSL's libcrypto (see sha256.h).
 *
 * Its low-level SHA256_* calls, not the EVP interface: OpenSSL 3 marks them deprecated, but
 * they run the same vector code, while the EVP interface first looks the digest up among its
 * providers, building its table of every algorithm's names (3.6 M instructions, more than
 * hashing a 250 kB file, in every process; README, "One interpreter run a page, and the
 * start-up"), and loads its configuration unless told not to. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sha256.h"

#include <openssl/sha.h>

struct _FrSha256 {
  SHA256_CTX ctx;
};

FrSha256 *
fr_sha256_new (void)
{
  FrSha256 *h = g_new0 (FrSha256, 1);
  SHA256_Init (&h->ctx);
  return h;
}

void
fr_sha256_update (FrSha256 *h, const void *data, gsize len)
{
  if (len > 0)
    SHA256_Update (&h->ctx, data, len);
}

char *
fr_sha256_finish (FrSha256 *h)
{
  unsigned char md[32];
  SHA256_Final (md, &h->ctx);
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
  g_free (h);
}

char *
fr_sha256_hex (const void *data, gsize len)
{
  FrSha256 *h = fr_sha256_new ();
  fr_sha256_update (h, data, len);
  return fr_sha256_finish (h);
}
