/* aside.c — one thread for work beside the parse (aside.h). */
#define _GNU_SOURCE
#include "aside.h"

#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <time.h>

struct _FrAsideTask {
  GThreadFunc fn;
  gpointer data;
  gpointer result;
  gboolean done;
  gboolean forgotten;   /* no one joins it: the thread frees it */
};

static GAsyncQueue *queue;   /* FrAsideTask, for the thread; NULL: no thread */
static GMutex lock;          /* guards every task's done */
static GCond ended;

static gpointer
serve (gpointer q)
{
  for (;;) {
    FrAsideTask *t = g_async_queue_pop (q);
    gpointer result = t->fn (t->data);
    if (t->forgotten) {
      g_free (t);
      continue;
    }
    g_mutex_lock (&lock);
    t->result = result;
    g_atomic_int_set (&t->done, TRUE);   /* a full barrier: the result is seen first */
    g_cond_broadcast (&ended);
    g_mutex_unlock (&lock);
  }
  return NULL;
}

/* The CPUs this process may use (*all), and the same without the one the caller runs on
 * (*elsewhere); FALSE when there is no other. */
static gboolean
other_cpus (cpu_set_t *all, cpu_set_t *elsewhere)
{
  int here = sched_getcpu ();
  if (here < 0 || here >= CPU_SETSIZE || sched_getaffinity (0, sizeof *all, all) != 0)
    return FALSE;
  *elsewhere = *all;
  CPU_CLR (here, elsewhere);
  return CPU_COUNT (elsewhere) > 0;
}

gboolean
fr_aside_start (GThreadFunc first, gpointer data)
{
  if (queue)
    return TRUE;
  GAsyncQueue *q = g_async_queue_new ();
  /* queued before the thread starts, so that it does not sleep first: a thread woken may be
   * put on its waker's CPU, as a new one may (below) */
  FrAsideTask *t = NULL;
  if (first) {
    t = g_new0 (FrAsideTask, 1);
    t->fn = first;
    t->data = data;
    t->forgotten = TRUE;
    g_async_queue_push (q, t);
  }
  /* The thread is started on another CPU than the caller's, then let go anywhere.  Left to
   * itself the scheduler may put a new thread on its creator's CPU, where it waits for the
   * creator to sleep or for a later balancing tick, and then the two run one after the
   * other: the slow half of a one-page extract's runs (README, "The one-page extract, sixth
   * round").  glibc applies the attribute's CPUs before the thread first runs; the mask is
   * given back at once, which does not move a thread already on an allowed CPU, so the
   * thread keeps no binding: on a busy machine the scheduler still moves it where it likes. */
  pthread_attr_t attr;
  cpu_set_t all, elsewhere;
  pthread_attr_init (&attr);
  gboolean steer = other_cpus (&all, &elsewhere)
                   && pthread_attr_setaffinity_np (&attr, sizeof elsewhere, &elsewhere) == 0;
  pthread_t th;
  int rc = pthread_create (&th, &attr, serve, q);
  pthread_attr_destroy (&attr);
  if (rc != 0) {
    g_async_queue_unref (q);
    g_free (t);
    return FALSE;
  }
  if (steer)
    pthread_setaffinity_np (th, sizeof all, &all);
  /* this thread's timers to the microsecond, not Linux's default 50 µs of slack: its waits
   * for the thread sleep in steps of 20 µs (fr_aside_await); the thread keeps the default */
  prctl (PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
  pthread_setname_np (th, "finrep-aside");
  /* the thread serves until the process ends */
  pthread_detach (th);
  queue = q;
  return TRUE;
}

static FrAsideTask *
queue_task (GThreadFunc fn, gpointer data, gboolean forgotten)
{
  FrAsideTask *t = g_new0 (FrAsideTask, 1);
  t->fn = fn;
  t->data = data;
  t->forgotten = forgotten;
  if (queue) {
    g_async_queue_push (queue, t);
  } else {
    t->result = fn (data);
    t->done = TRUE;
    if (forgotten)
      g_clear_pointer (&t, g_free);
  }
  return t;
}

FrAsideTask *
fr_aside_run (GThreadFunc fn, gpointer data)
{
  return queue_task (fn, data, FALSE);
}

void
fr_aside_post (GThreadFunc fn, gpointer data)
{
  queue_task (fn, data, TRUE);
}

static gboolean
task_done (gconstpointer t)
{
  return g_atomic_int_get (&((const FrAsideTask *) t)->done);
}

gpointer
fr_aside_peek (const FrAsideTask *t)
{
  return task_done (t) ? t->result : NULL;
}

gpointer
fr_aside_join (FrAsideTask *t)
{
  fr_aside_await (task_done, t);
  /* done already: not the lock, which the thread may still hold, and whose release would wake
   * this one where the thread runs */
  if (!task_done (t)) {
    g_mutex_lock (&lock);
    while (!t->done)
      g_cond_wait (&ended, &lock);
    g_mutex_unlock (&lock);
  }
  gpointer result = t->result;
  g_free (t);
  return result;
}

void
fr_aside_await (gboolean (*done) (gconstpointer data), gconstpointer data)
{
  /* A timer's wake-up comes on the CPU the sleeper left, which is then idle; 20 µs steps (a
   * wake-up takes some 30 µs more here), at most 40 of them: a wait of a few tenths of a
   * millisecond costs a few wake-ups, no CPU spent spinning. */
  if (queue == NULL)
    return;
  const struct timespec step = { 0, 20000L };
  for (int i = 0; i < 40 && !done (data); i++)
    nanosleep (&step, NULL);
}
