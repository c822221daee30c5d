/* test-sha256.c — every route of the SHA-256 (extract/sha256.c: libcrypto loaded by dlopen,
 * GLib's GChecksum, and the default, which hashes with GLib until a MiB is hashed) gives the standard digests, and the same
 * digest as GChecksum on every length up to five blocks and on a large input fed in pieces of
 * uneven sizes, whatever the pieces' boundaries.  A source's hash made in the thread aside
 * (extract/aside.h) is the same as one made in line. */
#include <string.h>

#include "aside.h"
#include "extract.h"
#include "sha256.h"

static char *
glib_hex (const guint8 *p, gsize n)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, p, n);
}

/* the FIPS 180-2 examples */
static void
test_vectors (void)
{
  static const struct {
    const char *in;
    const char *hex;
  } v[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (v); i++) {
    g_autofree char *got = fr_sha256_hex (v[i].in, strlen (v[i].in));
    g_assert_cmpstr (got, ==, v[i].hex);
  }
  /* a million 'a', 1000 at a time */
  char a[1000];
  memset (a, 'a', sizeof a);
  FrSha256 *h = fr_sha256_new ();
  for (int i = 0; i < 1000; i++)
    fr_sha256_update (h, a, sizeof a);
  g_autofree char *got = fr_sha256_finish (h);
  g_assert_cmpstr (got, ==, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static guint8 *
noise (gsize n, guint32 seed)
{
  guint8 *p = g_malloc (n ? n : 1);
  GRand *r = g_rand_new_with_seed (seed);
  for (gsize i = 0; i < n; i++)
    p[i] = (guint8) g_rand_int (r);
  g_rand_free (r);
  return p;
}

static void
test_lengths (void)
{
  g_autofree guint8 *p = noise (5 * 64 + 1, 7);
  for (gsize n = 0; n <= 5 * 64 + 1; n++) {
    g_autofree char *want = glib_hex (p, n);
    g_autofree char *whole = fr_sha256_hex (p, n);
    g_assert_cmpstr (whole, ==, want);
    /* split at every point */
    for (gsize k = 0; k <= n; k += (n < 140 ? 1 : 13)) {
      FrSha256 *h = fr_sha256_new ();
      fr_sha256_update (h, p, k);
      fr_sha256_update (h, p + k, n - k);
      g_autofree char *split = fr_sha256_finish (h);
      g_assert_cmpstr (split, ==, want);
    }
  }
}

static void
test_large (void)
{
  const gsize n = 3 * 1024 * 1024 + 17;
  g_autofree guint8 *p = noise (n, 11);
  g_autofree char *want = glib_hex (p, n);
  g_autofree char *whole = fr_sha256_hex (p, n);
  g_assert_cmpstr (whole, ==, want);
  GRand *r = g_rand_new_with_seed (3);
  FrSha256 *h = fr_sha256_new ();
  for (gsize at = 0; at < n;) {
    gsize k = (gsize) g_rand_int_range (r, 0, 200000);   /* not in MIN: it evaluates twice */
    k = MIN (k, n - at);
    fr_sha256_update (h, p + at, k);
    at += k;
  }
  g_rand_free (r);
  g_autofree char *pieces = fr_sha256_finish (h);
  g_assert_cmpstr (pieces, ==, want);
}

static void
all (void)
{
  test_vectors ();
  test_lengths ();
  test_large ();
}

/* Each route in a process of its own: the first hash chooses the route for the process. */
static void
test_route (gconstpointer data)
{
  const char *forced = data;
  if (g_test_subprocess ()) {
    g_print ("route %s\n", fr_sha256_route_name ());
    all ();
    return;
  }
  if (forced)
    g_setenv ("FINREP_TEST_SHA256", forced, TRUE);
  else
    g_unsetenv ("FINREP_TEST_SHA256");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("FINREP_TEST_SHA256");
  g_test_trap_assert_passed ();
  /* a forced route is taken (libcrypto is a build dependency, so it is there to load) */
  if (forced && strcmp (forced, "glib") == 0)
    g_test_trap_assert_stdout ("*route glib*");
  else if (forced)
    g_test_trap_assert_stdout ("*route libcrypto*");
}

/* The sources of a one-file extract's child are hashed in its thread aside while they are
 * parsed: the record's sha256 must be the one made in line, for every size, whether the hash is
 * joined at once or after other sources were made (each joins its own). */
static void
test_aside (void)
{
  if (!g_test_subprocess ()) {
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    return;
  }
  static const gsize sizes[] = { 0, 1, 55, 64, 1000, 262144, 1 << 21 };
  GPtrArray *data = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    guint8 *p = g_malloc (MAX (sizes[i], 1));
    for (gsize k = 0; k < sizes[i]; k++)
      p[k] = (guint8) (k * 131 + (gsize) i * 7 + (k >> 9));
    g_ptr_array_add (data, g_bytes_new_take (p, sizes[i]));
  }
  char *in_line[G_N_ELEMENTS (sizes)];
  for (guint i = 0; i < data->len; i++) {
    FrSource *src = fr_source_new_from_bytes ("in-line", g_ptr_array_index (data, i));
    in_line[i] = g_strdup (fr_source_sha256 (src));
    gsize n = 0;
    const guint8 *p = g_bytes_get_data (g_ptr_array_index (data, i), &n);
    g_autofree char *want = glib_hex (p ? p : (const guint8 *) "", n);
    g_assert_cmpstr (in_line[i], ==, want);
    fr_source_free (src);
  }
  g_assert_true (fr_aside_start (NULL, NULL));
  FrSource *srcs[G_N_ELEMENTS (sizes)];
  for (guint i = 0; i < data->len; i++)
    srcs[i] = fr_source_new_from_bytes ("aside", g_ptr_array_index (data, i));
  /* joined in the other order: the last made first */
  for (guint i = data->len; i-- > 0;) {
    g_assert_cmpstr (fr_source_sha256 (srcs[i]), ==, in_line[i]);
    fr_source_free (srcs[i]);
    g_free (in_line[i]);
  }
  /* one freed without being asked for its hash: the free waits for it */
  FrSource *unasked = fr_source_new_from_bytes ("aside", g_ptr_array_index (data, data->len - 1));
  fr_source_free (unasked);
  g_ptr_array_unref (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* GLib for the first MiB of a process, then libcrypto */
  g_test_add_data_func ("/sha256/default", NULL, test_route);
  g_test_add_data_func ("/sha256/libcrypto", "crypto", test_route);
  g_test_add_data_func ("/sha256/glib", "glib", test_route);
  g_test_add_func ("/sha256/aside", test_aside);
  return g_test_run ();
}
