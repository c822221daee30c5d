/* sha256.h — the SHA-256 of a file's bytes, as the record's source.sha256 and --resume use it.
 *
 * Every input is hashed whole, so the hash is on the hot path of a bulk ingest: GLib's portable
 * GChecksum (108 MB/s) took 12% of a worker's time on the generated corpus.  sha256.c uses OpenSSL's
 * libcrypto, loaded once a process has a MiB to hash, GChecksum before that, and says why
 * libcrypto is not linked.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FrSha256 FrSha256;

FrSha256 *fr_sha256_new (void);
void fr_sha256_update (FrSha256 *h, const void *data, gsize len);
/* The digest as 64 lowercase hex digits (g_free it); frees h. */
char *fr_sha256_finish (FrSha256 *h);
void fr_sha256_free (FrSha256 *h);

/* The hex digest of data[0..len) in one call. */
char *fr_sha256_hex (const void *data, gsize len);

/* How this process hashes: "libcrypto" or "glib" (sha256.c), for tests. */
const char *fr_sha256_route_name (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrSha256, fr_sha256_free)

G_END_DECLS
