/* sha256.c — SHA-256 (see sha256.h): the CPU's SHA instructions where it has them, else
 * OpenSSL's libcrypto loaded when first needed, else GLib's GChecksum.
 *
 * Every input is hashed whole, so the hash is on the hot path of a bulk ingest, and every
 * process hashes, so its set-up is on the path of a one-file extract.  Linked, libcrypto cost
 * every process 3.4 M instructions and 120 page faults to load (its 1,187 symbol and 16,922
 * relative relocations), a quarter of finrep's start, for a hash of a few hundred kB.
 *
 * - x86-64 with the SHA extensions (every AMD Zen, Intel since Ice Lake and Goldmont): the
 *   compression function below, written for them, which runs the same instructions as
 *   OpenSSL's code for them (sha256rnds2, sha256msg1/2), at the same speed.
 * - Elsewhere, libcrypto by dlopen (extract/dynload.h) once a process has a MiB to hash (route):
 *   its vector code (AVX2, NEON) is several times faster than GLib's portable C (284 against
 *   108 MB/s on a machine without SHA instructions); SHA256_Init/Update/Final rather than the
 *   EVP interface, which first builds OpenSSL 3's table of every algorithm's names (3.6 M
 *   instructions).
 * - Before that, or without libcrypto, GLib's GChecksum: slower, never wrong.
 * The three give the same digest: tests/test-sha256.c compares them on every length up to
 * a few blocks and on large inputs.
 */
#include "sha256.h"

#include <string.h>

/* only the declarations: the library is loaded by dlopen */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "dynload.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define FR_SHA_X86 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define FR_SHA_X86 0
#endif

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

/* ---- the SHA extensions of x86-64 ------------------------------------------------------- */

typedef enum { BY_SHA_NI, BY_CRYPTO, BY_GLIB } Route;

#if FR_SHA_X86
static const guint32 K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const guint32 H0[8] = {
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static gboolean
cpu_has_sha (void)
{
  unsigned a, b, c, d;
  /* SSSE3 (ECX bit 9) and SSE4.1 (bit 19) in leaf 1; SHA in leaf 7, EBX bit 29 */
  if (!__get_cpuid (1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19)))
    return FALSE;
  if (__get_cpuid_max (0, NULL) < 7)
    return FALSE;
  __cpuid_count (7, 0, a, b, c, d);
  return (b & (1u << 29)) != 0;
}

/* n blocks of 64 bytes into the state h (a..h).  The instructions keep the state as two
 * registers, ABEF and CDGH (A in the highest lane); sha256rnds2 does two rounds, taking the
 * two words W+K from the low half of its third operand, and returns the new ABEF: the old
 * ABEF is then the new CDGH, so the two registers swap roles every two rounds.  The schedule:
 * W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four words at a time, sha256msg1
 * adding the σ0 terms, sha256msg2 the σ1 terms (those of words it is computing among them). */
__attribute__ ((target ("sha,sse4.1,ssse3"))) static void
blocks_sha_ni (guint32 h[8], const guint8 *p, gsize n)
{
  const __m128i swap = _mm_set_epi64x (0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i dcba = _mm_loadu_si128 ((const __m128i *) &h[0]);   /* lanes a b c d */
  __m128i hgfe = _mm_loadu_si128 ((const __m128i *) &h[4]);   /* lanes e f g h */
  dcba = _mm_shuffle_epi32 (dcba, 0xB1);                       /* b a d c */
  hgfe = _mm_shuffle_epi32 (hgfe, 0x1B);                       /* h g f e */
  __m128i abef = _mm_alignr_epi8 (dcba, hgfe, 8);              /* f e b a */
  __m128i cdgh = _mm_blend_epi16 (hgfe, dcba, 0xF0);           /* h g d c */
  for (; n > 0; n--, p += 64) {
    const __m128i abef0 = abef, cdgh0 = cdgh;
    __m128i m[4];
#pragma GCC unroll 16
    for (int r = 0; r < 16; r++) {
      __m128i w;
      if (r < 4) {
        w = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (p + 16 * r)), swap);
      } else {
        /* m[r%4] holds W[4r-16..4r-13], then m[(r+1)%4] W[4r-12..], m[(r+2)%4] W[4r-8..],
         * m[(r+3)%4] W[4r-4..4r-1] */
        w = _mm_sha256msg1_epu32 (m[r % 4], m[(r + 1) % 4]);
        w = _mm_add_epi32 (w, _mm_alignr_epi8 (m[(r + 3) % 4], m[(r + 2) % 4], 4));
        w = _mm_sha256msg2_epu32 (w, m[(r + 3) % 4]);
      }
      m[r % 4] = w;
      __m128i wk = _mm_add_epi32 (w, _mm_loadu_si128 ((const __m128i *) &K[4 * r]));
      cdgh = _mm_sha256rnds2_epu32 (cdgh, abef, wk);
      abef = _mm_sha256rnds2_epu32 (abef, cdgh, _mm_shuffle_epi32 (wk, 0x0E));
    }
    abef = _mm_add_epi32 (abef, abef0);
    cdgh = _mm_add_epi32 (cdgh, cdgh0);
  }
  __m128i feba = _mm_shuffle_epi32 (abef, 0x1B);               /* a b e f */
  __m128i dchg = _mm_shuffle_epi32 (cdgh, 0xB1);               /* g h c d */
  _mm_storeu_si128 ((__m128i *) &h[0], _mm_blend_epi16 (feba, dchg, 0xF0));  /* a b c d */
  _mm_storeu_si128 ((__m128i *) &h[4], _mm_alignr_epi8 (dchg, feba, 8));     /* e f g h */
}
#endif

/* What the machine offers, decided by the first hash: FINREP_TEST_SHA256=crypto or glib makes
 * a test take that route on any machine (only finrep's tests set it). */
static Route
best_route (void)
{
  static gsize once;
  static Route chosen;
  if (g_once_init_enter (&once)) {
    const char *forced = g_getenv ("FINREP_TEST_SHA256");
    Route r = BY_CRYPTO;
#if FR_SHA_X86
    if (forced == NULL && cpu_has_sha ())
      r = BY_SHA_NI;
#endif
    if (forced && strcmp (forced, "glib") == 0)
      r = BY_GLIB;
    chosen = r;
    g_once_init_leave (&once, 1);
  }
  return chosen;
}

/* Without the SHA instructions, GLib hashes until libcrypto would pay for its loading: a
 * dlopen of it is 7.6 M instructions (2-3 ms), and GLib's code costs a few ns a byte more, so a
 * process that hashes less than about a MiB in all (a one-file extract) never loads it.  A hash of
 * unknown length (fr_sha256_new) may be long: libcrypto. */
#define CRYPTO_AFTER ((gint64) 1 << 20)
static gsize hashed;   /* bytes, by GLib or libcrypto, in this process (pointer-sized, atomic) */

static Route
route (gint64 expected)
{
  Route r = best_route ();
  const char *why;
  if (r == BY_CRYPTO && (expected < 0 || expected >= CRYPTO_AFTER
                         || (gsize) g_atomic_pointer_get (&hashed) >= (gsize) CRYPTO_AFTER
                         || g_getenv ("FINREP_TEST_SHA256")))
    return fr_dynlib_load (&crypto_lib, &why) ? BY_CRYPTO : BY_GLIB;
  return r == BY_CRYPTO ? BY_GLIB : r;
}

/* ---- one hash --------------------------------------------------------------------------- */

struct _FrSha256 {
  Route by;
  union {
    struct {
      guint32 h[8];
      guint8 buf[64];
      guint64 total;   /* bytes */
    } own;
    SHA256_CTX ossl;
    GChecksum *glib;
  };
};

static FrSha256 *
sha_new (gint64 expected)
{
  FrSha256 *s = g_new0 (FrSha256, 1);
  s->by = route (expected);
#if FR_SHA_X86
  if (s->by == BY_SHA_NI)
    memcpy (s->own.h, H0, sizeof H0);
  else
#endif
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

#if FR_SHA_X86
static void
own_update (FrSha256 *s, const guint8 *p, gsize len)
{
  gsize have = (gsize) (s->own.total % 64);
  s->own.total += len;
  if (have > 0) {
    gsize take = MIN (len, 64 - have);
    memcpy (s->own.buf + have, p, take);
    p += take;
    len -= take;
    if (have + take < 64)
      return;
    blocks_sha_ni (s->own.h, s->own.buf, 1);
  }
  if (len >= 64)
    blocks_sha_ni (s->own.h, p, len / 64);
  memcpy (s->own.buf, p + len / 64 * 64, len % 64);
}

/* The padding: 0x80, zeros, the length in bits, big-endian, to a whole block. */
static void
own_finish (FrSha256 *s, guint8 md[32])
{
  guint64 bits = s->own.total * 8;
  guint8 pad[72] = { 0x80 };
  gsize have = (gsize) (s->own.total % 64);
  gsize n = (have < 56 ? 56 : 120) - have;
  for (int i = 0; i < 8; i++)
    pad[n + i] = (guint8) (bits >> (56 - 8 * i));
  own_update (s, pad, n + 8);
  for (int i = 0; i < 8; i++) {
    md[4 * i] = (guint8) (s->own.h[i] >> 24);
    md[4 * i + 1] = (guint8) (s->own.h[i] >> 16);
    md[4 * i + 2] = (guint8) (s->own.h[i] >> 8);
    md[4 * i + 3] = (guint8) s->own.h[i];
  }
}
#endif

void
fr_sha256_update (FrSha256 *s, const void *data, gsize len)
{
  if (len == 0)
    return;
  if (s->by != BY_SHA_NI)
    g_atomic_pointer_add (&hashed, (gssize) MIN (len, (gsize) CRYPTO_AFTER));
#if FR_SHA_X86
  if (s->by == BY_SHA_NI) {
    own_update (s, data, len);
    return;
  }
#endif
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
#if FR_SHA_X86
  if (s->by == BY_SHA_NI)
    own_finish (s, md);
  else
#endif
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
  static const char *const names[] = {
    [BY_SHA_NI] = "sha-ni", [BY_CRYPTO] = "libcrypto", [BY_GLIB] = "glib",
  };
  return names[route (-1)];
}
