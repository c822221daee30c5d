/* alternate.c — wall time of two (or more) commands run in turn, N times each, from outside.
 *
 *   bench/alternate [-n N] [-w W] [-b BIN_US] [-q] [-r FILE] -- CMD ARGS... -- CMD ARGS... [-- ...]
 *
 * Each round spawns every command once, one after the other (posix_spawnp, standard input and
 * output /dev/null, standard error kept), and waits for it (waitpid), each round starting one
 * command further on, so that with three or more no command always follows the same one.  A
 * run's time is CLOCK_MONOTONIC from just before the spawn to the waiter's return: what a
 * shell running the command sees.  W rounds are run first and not counted (default 10).  For
 * each command it prints the median, the quartiles, the 10th and 90th centiles, the minimum,
 * the mean and a histogram of BIN_US-microsecond bins (default 250, doubled until there are at
 * most 40), and at the end each command's median over the last's (put the reference last).
 *
 * Interleaving matters on a shared or throttling machine: a slow minute hits every command
 * alike.  A bimodal command shows as two humps in its histogram; the median alone hides it.
 * -q leaves the histograms out.  -r FILE appends each counted run to FILE as a line "round
 * command microseconds" (commands numbered from 1), for pooling rounds run apart. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct {
  char **argv;
  double *us;
  int failed;
} Cmd;

static double
now_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* the q-quantile of sorted v[0..n), by linear interpolation */
static double
quantile (const double *v, int n, double q)
{
  double pos = q * (n - 1);
  int i = (int) pos;
  if (i + 1 >= n)
    return v[n - 1];
  return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

static double
run_once (char **argv, int *failed)
{
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addopen (&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen (&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  double t0 = now_us ();
  int rc = posix_spawnp (&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&fa);
  if (rc != 0) {
    fprintf (stderr, "alternate: cannot run %s: %s\n", argv[0], strerror (rc));
    exit (2);
  }
  int status;
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR) {
      perror ("alternate: waitpid");
      exit (2);
    }
  double t = now_us () - t0;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    (*failed)++;
  return t;
}

static void
usage (void)
{
  fprintf (stderr, "usage: alternate [-n N] [-w W] [-b BIN_US] [-q] [-r FILE] -- CMD ARGS... -- CMD ARGS... [-- ...]\n");
  exit (2);
}

int
main (int argc, char **argv)
{
  int n = 300, warm = 10, quiet = 0;
  double bin = 250;
  const char *raw_path = NULL;
  int i = 1;
  for (; i < argc && strcmp (argv[i], "--") != 0; i++) {
    if (strcmp (argv[i], "-n") == 0 && i + 1 < argc)
      n = (int) strtol (argv[++i], NULL, 10);
    else if (strcmp (argv[i], "-w") == 0 && i + 1 < argc)
      warm = (int) strtol (argv[++i], NULL, 10);
    else if (strcmp (argv[i], "-b") == 0 && i + 1 < argc)
      bin = strtod (argv[++i], NULL);
    else if (strcmp (argv[i], "-q") == 0)
      quiet = 1;
    else if (strcmp (argv[i], "-r") == 0 && i + 1 < argc)
      raw_path = argv[++i];
    else
      usage ();
  }
  if (n < 1 || warm < 0 || bin <= 0 || i >= argc)
    usage ();
  /* split the rest at each "--" */
  Cmd cmds[16];
  int ncmd = 0;
  while (i < argc && strcmp (argv[i], "--") == 0) {
    argv[i++] = NULL;
    if (i >= argc || strcmp (argv[i], "--") == 0 || ncmd == 16)
      usage ();
    cmds[ncmd].argv = &argv[i];
    cmds[ncmd].us = calloc ((size_t) n, sizeof (double));
    cmds[ncmd].failed = 0;
    ncmd++;
    while (i < argc && strcmp (argv[i], "--") != 0)
      i++;
  }
  if (ncmd == 0)
    usage ();

  int ignored = 0;
  for (int r = 0; r < warm; r++)
    for (int c = 0; c < ncmd; c++)
      run_once (cmds[c].argv, &ignored);
  /* each round starts one command further on: the command run after a given one is not
   * always the same (measured: the one after pdftotext ran 0.3 ms faster than the third) */
  for (int r = 0; r < n; r++)
    for (int k = 0; k < ncmd; k++) {
      int c = (k + r) % ncmd;
      cmds[c].us[r] = run_once (cmds[c].argv, &cmds[c].failed);
    }
  if (raw_path) {
    FILE *raw = fopen (raw_path, "a");
    if (raw == NULL) {
      perror (raw_path);
      return 2;
    }
    for (int r = 0; r < n; r++)
      for (int c = 0; c < ncmd; c++)
        fprintf (raw, "%d %d %.1f\n", r + 1, c + 1, cmds[c].us[r]);
    fclose (raw);
  }

  for (int c = 0; c < ncmd; c++) {
    double *v = cmds[c].us;
    double sum = 0;
    for (int r = 0; r < n; r++)
      sum += v[r];
    qsort (v, (size_t) n, sizeof *v, cmp_double);
    double med = quantile (v, n, 0.5);
    printf ("[%d]", c + 1);
    for (char **a = cmds[c].argv; *a; a++)
      printf (" %s", *a);
    printf ("\n    runs %d, failed %d; ms: median %.2f, quartiles %.2f-%.2f, p10 %.2f, p90 %.2f, "
            "min %.2f, mean %.2f\n",
            n, cmds[c].failed, med / 1e3, quantile (v, n, 0.25) / 1e3,
            quantile (v, n, 0.75) / 1e3, quantile (v, n, 0.1) / 1e3, quantile (v, n, 0.9) / 1e3,
            v[0] / 1e3, sum / n / 1e3);
    if (quiet)
      continue;
    /* histogram from the 1st to the 99th centile's bins; the tails counted at the ends */
    double lo = bin * (long) (quantile (v, n, 0.01) / bin);
    double hi = bin * ((long) (quantile (v, n, 0.99) / bin) + 1);
    double w = bin;
    while ((hi - lo) / w > 40.5)   /* at most 40 bins: wider ones on a noisy run */
      w *= 2;
    lo = w * (long) (lo / w);
    hi = w * (long) ((hi - 1e-9) / w + 1);
    int nb = (int) ((hi - lo) / w + 0.5);
    int most = 0, below = 0, above = 0;
    int *count = calloc ((size_t) nb, sizeof (int));
    for (int r = 0; r < n; r++) {
      if (v[r] < lo)
        below++;
      else if (v[r] >= hi)
        above++;
      else
        count[(int) ((v[r] - lo) / w)]++;
    }
    for (int b = 0; b < nb; b++)
      if (count[b] > most)
        most = count[b];
    if (below)
      printf ("    %6.2f-       %4d\n", lo / 1e3, below);
    for (int b = 0; b < nb; b++) {
      printf ("    %6.2f-%6.2f %4d ", (lo + b * w) / 1e3, (lo + (b + 1) * w) / 1e3, count[b]);
      int bar = most ? (count[b] * 50 + most - 1) / most : 0;
      for (int k = 0; k < bar; k++)
        putchar ('#');
      putchar ('\n');
    }
    if (above)
      printf ("    %6.2f+       %4d\n", hi / 1e3, above);
    free (count);
  }
  if (ncmd > 1) {
    double last = quantile (cmds[ncmd - 1].us, n, 0.5);
    printf ("medians over [%d]'s:", ncmd);
    for (int c = 0; c + 1 < ncmd; c++)
      printf (" [%d] %.3f", c + 1, quantile (cmds[c].us, n, 0.5) / last);
    putchar ('\n');
  }
  return 0;
}
