/* sha256.c — SHA-256 (see sha256.h): OpenSSL's libcrypto, loaded when first needed, else
 * GLib's GChecksum.
 *
 * Every input is hashed whole, so the hash is on the hot path of a bulk ingest, and every
 * process hashes, so its set-up is on the path of a one-file extract.  Linked, libcrypto cost
 * every process 3.4 M instructions and 120 page faults to load (its 1,187 symbol and 16,922
 * relative relocations), a quarter of finrep's start, for a hash of a few hundred kB.
 *
 * - libcrypto by dlopen (extract/dynload.h) once a process has a MiB to hash (route): its
 *   vector and SHA-instruction code is several times faster than GLib's portable C (1.76
 *   against 0.38 GB/s of CPU time over the real reports on the development machine);
 *   SHA256_Init/Update/Final rather than the EVP interface, which first builds OpenSSL 3's
 *   table of every algorithm's names (3.6 M instructions).
 * - Before that, or without libcrypto, GLib's GChecksum: slower, never wrong.
 * A hash is not written here: the two libraries do it, and tests/test-sha256.c checks that
 * they give the same digest on every length up to a few blocks and on large inputs.
 */
#include "sha256.h"

#include <string.h>

/* only the declarations: the library is loaded by dlopen */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "dynload.h"

/* ---- libcrypto, loaded when first needed ------------------------------------------------ */

static struct {
  __typeof__ (SHA256_Init) *SHA256_Init;
  __typeof__ (SHA256_Update) *SHA256_Update;
  __typeof__ (SHA256_Final) *SHA256_Final;
} ossl;

static const char *
fill_crypto (void *lib)
{
#define FR_SHA_SYM(name) FR_DYNLIB_SYM (ossl, lib, name, "libcrypto")
  FR_SHA_SYM (SHA256_Init);
  FR_SHA_SYM (SHA256_Update);
  FR_SHA_SYM (SHA256_Final);
#undef FR_SHA_SYM
  return NULL;
}

static FrDynLib crypto_lib = {
  { FR_CRYPTO_SONAME, "libcrypto.so", NULL }, "libcrypto cannot be found", fill_crypto, 0, NULL,
};

typedef enum { BY_CRYPTO, BY_GLIB } Route;

/* FINREP_TEST_SHA256=crypto or glib makes a test take that route from the first hash (only
 * finrep's tests set it). */
static const char *
forced_route (void)
{
  return g_getenv ("FINREP_TEST_SHA256");
}

/* GLib hashes until libcrypto would pay for its loading: a dlopen of it is 7.6 M instructions
 * (2-3 ms), and GLib's code costs about 2 ns a byte more, so a process that hashes less than
 * about a MiB in all (a one-file extract) never loads it.  A hash of unknown length
 * (fr_sha256_new) may be long: libcrypto. */
#define CRYPTO_AFTER ((gint64) 1 << 20)
static gsize hashed;   /* bytes, in this process (pointer-sized, atomic) */

static Route
route (gint64 expected)
{
  const char *forced = forced_route ();
  const char *why;
  if (forced && strcmp (forced, "glib") == 0)
    return BY_GLIB;
  if (forced || expected < 0 || expected >= CRYPTO_AFTER
      || (gsize) g_atomic_pointer_get (&hashed) >= (gsize) CRYPTO_AFTER)
    return fr_dynlib_load (&crypto_lib, &why) ? BY_CRYPTO : BY_GLIB;
  return BY_GLIB;
}

/* ---- one hash --------------------------------------------------------------------------- */

struct _FrSha256 {
  Route by;
  union {
    SHA256_CTX ossl;
    GChecksum *glib;
  };
};

static FrSha256 *
sha_new (gint64 expected)
{
  FrSha256 *s = g_new0 (FrSha256, 1);
  s->by = route (expected);
  if (s->by == BY_CRYPTO)
    ossl.SHA256_Init (&s->ossl);
  else
    s->glib = g_checksum_new (G_CHECKSUM_SHA256);
  return s;
}

FrSha256 *
fr_sha256_new (void)
{
  return sha_new (-1);
}

void
fr_sha256_update (FrSha256 *s, const void *data, gsize len)
{
  if (len == 0)
    return;
  g_atomic_pointer_add (&hashed, (gssize) MIN (len, (gsize) CRYPTO_AFTER));
  if (s->by == BY_CRYPTO) {
    ossl.SHA256_Update (&s->ossl, data, len);
    return;
  }
  /* GChecksum takes a gssize */
  for (const guint8 *p = data; len > 0;) {
    gsize n = MIN (len, (gsize) G_MAXSSIZE);
    g_checksum_update (s->glib, p, (gssize) n);
    p += n;
    len -= n;
  }
}

char *
fr_sha256_finish (FrSha256 *s)
{
  guint8 md[32];
  gsize n = sizeof md;
  if (s->by == BY_CRYPTO)
    ossl.SHA256_Final (md, &s->ossl);
  else
    g_checksum_get_digest (s->glib, md, &n);
  fr_sha256_free (s);
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
fr_sha256_free (FrSha256 *s)
{
  if (s == NULL)
    return;
  if (s->by == BY_GLIB)
    g_checksum_free (s->glib);
  g_free (s);
}

char *
fr_sha256_hex (const void *data, gsize len)
{
  FrSha256 *s = sha_new ((gint64) MIN (len, (gsize) G_MAXINT64));
  fr_sha256_update (s, data, len);
  return fr_sha256_finish (s);
}

const char *
fr_sha256_route_name (void)
{
  static const char *const names[] = { [BY_CRYPTO] = "libcrypto", [BY_GLIB] = "glib" };
  return names[route (-1)];
}
