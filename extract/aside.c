/* aside.c — one thread for work beside the parse (aside.h). */
#include "aside.h"

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
    t->done = TRUE;
    g_cond_broadcast (&ended);
    g_mutex_unlock (&lock);
  }
  return NULL;
}

gboolean
fr_aside_start (void)
{
  if (queue)
    return TRUE;
  GAsyncQueue *q = g_async_queue_new ();
  GThread *th = g_thread_try_new ("finrep-aside", serve, q, NULL);
  if (th == NULL) {
    g_async_queue_unref (q);
    return FALSE;
  }
  /* the thread serves until the process ends */
  g_thread_unref (th);
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

gpointer
fr_aside_join (FrAsideTask *t)
{
  g_mutex_lock (&lock);
  while (!t->done)
    g_cond_wait (&ended, &lock);
  g_mutex_unlock (&lock);
  gpointer result = t->result;
  g_free (t);
  return result;
}
