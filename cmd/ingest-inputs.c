/* ingest-inputs.c — what `finrep ingest` is to do: the walk, the lists, the shards, and what
 * an earlier run already wrote (--resume). */
#include "ingest.h"

/* the one JSON this file reads: an earlier run's records, to resume it */
#include <cjson/cJSON.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  const char *path;      /* in the chunk */
  const char *problem;   /* in the chunk, or NULL */
} Input;

struct _FrInputs {
  GStringChunk *chunk;   /* every path once: the list costs its bytes, no more */
  GArray *items;         /* of Input */
  GHashTable *seen;      /* path → itself: an input named twice is done once */
};

FrInputs *
fr_inputs_new (void)
{
  FrInputs *in = g_new0 (FrInputs, 1);
  in->chunk = g_string_chunk_new ((gsize) 64 * 1024);
  in->items = g_array_new (FALSE, FALSE, sizeof (Input));
  in->seen = g_hash_table_new (g_str_hash, g_str_equal);
  return in;
}

void
fr_inputs_free (FrInputs *in)
{
  if (in == NULL)
    return;
  g_hash_table_unref (in->seen);
  g_array_unref (in->items);
  g_string_chunk_free (in->chunk);
  g_free (in);
}

static void
add_input (FrInputs *in, const char *path, const char *problem)
{
  if (g_hash_table_contains (in->seen, path))
    return;
  Input it = { g_string_chunk_insert (in->chunk, path),
               problem ? g_string_chunk_insert (in->chunk, problem) : NULL };
  g_hash_table_add (in->seen, (gpointer) it.path);
  g_array_append_val (in->items, it);
}

static gboolean
wanted_name (const char *name)
{
  gsize n = strlen (name);
  return n > 4 && (g_ascii_strcasecmp (name + n - 4, ".pdf") == 0
                   || g_ascii_strcasecmp (name + n - 4, ".txt") == 0);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Sorted, so that a walk gives the same list on every machine and every run. */
static void
walk (FrInputs *in, const char *dir)
{
  DIR *d = opendir (dir);
  if (d == NULL) {
    g_autofree char *why = g_strdup_printf ("cannot list this directory: %s", g_strerror (errno));
    add_input (in, dir, why);
    return;
  }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (struct dirent *e; (e = readdir (d)) != NULL;) {
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0)
      g_ptr_array_add (names, g_strdup (e->d_name));
  }
  closedir (d);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    g_autofree char *path = g_build_filename (dir, name, NULL);
    struct stat lst, st;
    if (lstat (path, &lst) != 0)
      continue;   /* gone since readdir */
    if (S_ISDIR (lst.st_mode)) {
      walk (in, path);
    } else if (S_ISLNK (lst.st_mode)) {
      /* a link to a directory could make a cycle: not followed; a dangling link to a
       * report is kept, and its record says not_found */
      if (stat (path, &st) == 0 && S_ISDIR (st.st_mode))
        continue;
      if (wanted_name (name))
        add_input (in, path, NULL);
    } else if (wanted_name (name)) {
      add_input (in, path, NULL);
    }
  }
}

void
fr_inputs_add_path (FrInputs *in, const char *path)
{
  struct stat st;
  if (stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    walk (in, path);
  else
    add_input (in, path, NULL);   /* a file, or a missing one: its record says so */
}

gboolean
fr_inputs_add_list (FrInputs *in, int fd, gboolean nul_separated, GError **error)
{
  char sep = nul_separated ? '\0' : '\n';
  g_autoptr (GString) item = g_string_new (NULL);
  char buf[65536];
  for (;;) {
    ssize_t n = read (fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "cannot read the list of inputs: %s", g_strerror (e));
      return FALSE;
    }
    if (n == 0)
      break;
    for (const char *p = buf, *end = buf + n; p < end;) {
      const char *stop = memchr (p, sep, end - p);
      g_string_append_len (item, p, (stop ? stop : end) - p);
      if (stop == NULL)
        break;
      if (item->len > 0)
        fr_inputs_add_path (in, item->str);
      g_string_truncate (item, 0);
      p = stop + 1;
    }
  }
  if (item->len > 0)
    fr_inputs_add_path (in, item->str);
  return TRUE;
}

guint
fr_shard_of (const char *path, guint count)
{
  guint64 h = 0xcbf29ce484222325ull;
  for (const guchar *p = (const guchar *) path; *p; p++) {
    h ^= *p;
    h *= 0x100000001b3ull;
  }
  /* FNV's low bits follow the last bytes too closely (r1.pdf, r2.pdf, … fall unevenly
   * modulo small N): MurmurHash3's 64-bit finalizer spreads them */
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return (guint) (h % count);
}

void
fr_inputs_keep_shard (FrInputs *in, guint index, guint count)
{
  guint kept = 0;
  for (guint i = 0; i < in->items->len; i++) {
    Input it = g_array_index (in->items, Input, i);
    if (fr_shard_of (it.path, count) == index - 1)
      g_array_index (in->items, Input, kept++) = it;
  }
  g_array_set_size (in->items, kept);
}

guint
fr_inputs_len (const FrInputs *in)
{
  return in->items->len;
}

const char *
fr_inputs_path (const FrInputs *in, guint i)
{
  return g_array_index (in->items, Input, i).path;
}

const char *
fr_inputs_problem (const FrInputs *in, guint i)
{
  return g_array_index (in->items, Input, i).problem;
}

char *
fr_file_sha256 (const char *path, gint64 *bytes)
{
  *bytes = -1;
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)) {
    close (fd);
    return NULL;
  }
  g_autoptr (FrSha256) sum = fr_sha256_new ();
  guchar buf[65536];
  for (;;) {
    ssize_t n = read (fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      close (fd);
      return NULL;
    }
    if (n == 0)
      break;
    fr_sha256_update (sum, buf, (gsize) n);
  }
  close (fd);
  *bytes = st.st_size;
  return fr_sha256_finish (g_steal_pointer (&sum));
}

/* ---- resume ---------------------------------------------------------------------------- */

struct _FrResumeIndex {
  GHashTable *shas;   /* path → "sha\n" for each of its records ("\n" when it had none) */
};

void
fr_resume_index_free (FrResumeIndex *idx)
{
  if (idx == NULL)
    return;
  g_hash_table_unref (idx->shas);
  g_free (idx);
}

static gboolean
index_line (FrResumeIndex *idx, const char *line, gsize len)
{
  cJSON *r = cJSON_ParseWithLength (line, len);
  const cJSON *src = cJSON_GetObjectItemCaseSensitive (r, "source");
  const cJSON *path = cJSON_GetObjectItemCaseSensitive (src, "path");
  const cJSON *sha = cJSON_GetObjectItemCaseSensitive (src, "sha256");
  const cJSON *schema = cJSON_GetObjectItemCaseSensitive (r, "schema");
  gboolean ok = cJSON_IsString (path) && cJSON_IsString (schema)
                && g_str_has_prefix (schema->valuestring, "finrep.record/");
  if (ok)
    fr_resume_index_add (idx, path->valuestring, cJSON_IsString (sha) ? sha->valuestring : NULL);
  cJSON_Delete (r);
  return ok;
}

FrResumeIndex *
fr_resume_index_new (void)
{
  FrResumeIndex *idx = g_new0 (FrResumeIndex, 1);
  idx->shas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return idx;
}

void
fr_resume_index_add (FrResumeIndex *idx, const char *path, const char *sha256)
{
  const char *had = g_hash_table_lookup (idx->shas, path);
  char *shas = g_strconcat (had ? had : "", sha256 ? sha256 : "", "\n", NULL);
  g_hash_table_replace (idx->shas, g_strdup (path), shas);
}

FrResumeIndex *
fr_resume_index_load (int fd, const char *name, guint *n_records, guint *n_dropped,
                      GError **error)
{
  g_autoptr (GByteArray) line = g_byte_array_new ();
  FrResumeIndex *idx = fr_resume_index_new ();
  *n_records = *n_dropped = 0;

  off_t offset = 0, end_of_last_line = 0;
  char buf[65536];
  for (;;) {
    ssize_t n = pread (fd, buf, sizeof buf, offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot read %s: %s",
                   name, g_strerror (e));
      fr_resume_index_free (idx);
      return NULL;
    }
    if (n == 0)
      break;
    for (const char *p = buf, *end = buf + n; p < end;) {
      const char *nl = memchr (p, '\n', end - p);
      g_byte_array_append (line, (const guint8 *) p, (nl ? nl : end) - p);
      if (nl == NULL)
        break;
      end_of_last_line = offset + (nl + 1 - buf);
      if (line->len > 0) {
        if (index_line (idx, (const char *) line->data, line->len))
          (*n_records)++;
        else
          (*n_dropped)++;
      }
      g_byte_array_set_size (line, 0);
      p = nl + 1;
    }
    offset += n;
  }
  /* Bytes after the last newline are a record whose write was cut short: the run that wrote
   * it was killed.  Appending after them would glue the next record onto the fragment. */
  if (end_of_last_line < offset) {
    if (ftruncate (fd, end_of_last_line) != 0) {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "cannot cut the torn last line off %s: %s", name, g_strerror (e));
      fr_resume_index_free (idx);
      return NULL;
    }
    (*n_dropped)++;
  }
  return idx;
}

gboolean
fr_resume_index_has (FrResumeIndex *idx, const char *path)
{
  const char *shas = g_hash_table_lookup (idx->shas, path);
  if (shas == NULL)
    return FALSE;
  gint64 bytes;
  g_autofree char *sha = fr_file_sha256 (path, &bytes);
  g_autofree char *want = g_strconcat (sha ? sha : "", "\n", NULL);
  for (const char *p = shas; *p;) {
    const char *nl = strchr (p, '\n');
    if ((gsize) (nl + 1 - p) == strlen (want) && strncmp (p, want, nl + 1 - p) == 0)
      return TRUE;
    p = nl + 1;
  }
  return FALSE;
}
