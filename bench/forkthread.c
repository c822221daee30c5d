/* forkthread.c — the shape of a sandboxed one-page `finrep extract`, without its work: does the
 * machine run a child's two threads side by side?
 *
 *   bench/forkthread A_MS B_MS [steer | steer-await]
 *
 * A process forks a child and waits for a byte on a pipe.  The child starts a thread; the thread
 * and the child's main thread each spin A_MS of CPU time, the main thread waits for the
 * thread's first part (as finrep's waits for Poppler's GlobalParams), then each spins B_MS more;
 * the child joins the thread, writes the byte and _exits, and so does the parent.  On two idle
 * CPUs a run takes about A + B; a run where the threads took turns on one CPU about 2A + 2B,
 * or A + 2B when only the second part was in turn.  bench/alternate runs the modes in turn:
 *   - plain: a pthread_create and a condition variable, left to the scheduler;
 *   - steer: the thread made on another CPU than the child's, then let go (extract/aside.c);
 *   - steer-await: that, and the main thread waits by sleeping in 20 µs steps on its own CPU
 *     instead of being woken by the thread (fr_aside_await). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static double a_ms, b_ms;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t first_done_cond = PTHREAD_COND_INITIALIZER;
static int first_done;
static volatile unsigned long sink;

static double
cpu_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
spin (double ms)
{
  double t0 = cpu_ms ();
  unsigned long x = 1;
  while (cpu_ms () - t0 < ms)
    for (int i = 0; i < 1000; i++)
      x = x * 6364136223846793005UL + 1;
  sink = x;
}

static void *
aside (void *unused)
{
  (void) unused;
  spin (a_ms);
  pthread_mutex_lock (&mu);
  __atomic_store_n (&first_done, 1, __ATOMIC_RELEASE);
  pthread_cond_signal (&first_done_cond);
  pthread_mutex_unlock (&mu);
  spin (b_ms);
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc < 3) {
    fprintf (stderr, "usage: forkthread A_MS B_MS [steer | steer-await]\n");
    return 2;
  }
  a_ms = strtod (argv[1], NULL);
  b_ms = strtod (argv[2], NULL);
  const char *mode = argc > 3 ? argv[3] : "plain";
  int steer = strncmp (mode, "steer", 5) == 0;
  int await = strcmp (mode, "steer-await") == 0;
  int p[2];
  if (pipe (p) != 0)
    return 1;
  pid_t pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    pthread_attr_t attr;
    cpu_set_t all, elsewhere;
    pthread_attr_init (&attr);
    if (steer) {
      int here = sched_getcpu ();
      steer = here >= 0 && sched_getaffinity (0, sizeof all, &all) == 0;
      if (steer) {
        elsewhere = all;
        CPU_CLR (here, &elsewhere);
        steer = CPU_COUNT (&elsewhere) > 0
                && pthread_attr_setaffinity_np (&attr, sizeof elsewhere, &elsewhere) == 0;
      }
    }
    pthread_t th;
    if (pthread_create (&th, &attr, aside, NULL) != 0)
      _exit (1);
    if (steer)
      pthread_setaffinity_np (th, sizeof all, &all);
    if (await)
      prctl (PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
    spin (a_ms);
    if (await) {
      const struct timespec step = { 0, 20000L };
      for (int i = 0; i < 40 && !__atomic_load_n (&first_done, __ATOMIC_ACQUIRE); i++)
        nanosleep (&step, NULL);
    }
    if (!__atomic_load_n (&first_done, __ATOMIC_ACQUIRE)) {
      pthread_mutex_lock (&mu);
      while (!first_done)
        pthread_cond_wait (&first_done_cond, &mu);
      pthread_mutex_unlock (&mu);
    }
    spin (b_ms);
    pthread_join (th, NULL);
    _exit (write (p[1], "x", 1) == 1 ? 0 : 1);
  }
  close (p[1]);
  char c;
  _exit (read (p[0], &c, 1) == 1 ? 0 : 1);
}
