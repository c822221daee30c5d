/* aside.h — work a process does on a CPU it has to spare, in one thread of its own, in the
 * order it was asked for.
 *
 * A one-file `finrep extract` parses in a sandboxed child while its parent only waits, on a
 * machine with at least two CPUs: the child's work that needs no result of the parse (Poppler's
 * global tables, compiling the rules, hashing the file) can run beside it.  One thread, not one
 * per task: with two CPUs a third thread would take its CPU from the parse.  A process that
 * never calls fr_aside_start (ingest's workers, whose CPUs are all busy) does each task at once,
 * in the caller, as before.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FrAsideTask FrAsideTask;

/* Starts the thread, with first (data) as its first task if first is not NULL (forgotten, as
 * fr_aside_post's); later tasks run there.  FALSE when no thread could be started: first is
 * not run, and later tasks run in their caller. */
gboolean fr_aside_start (GThreadFunc first, gpointer data);

/* Queues fn (data); without the thread, runs it now.  Join the task for its result. */
FrAsideTask *fr_aside_run (GThreadFunc fn, gpointer data);

/* Queues fn (data) with no one to wait for it (fr_aside_run, then forgotten). */
void fr_aside_post (GThreadFunc fn, gpointer data);

/* What fn returned if the task has ended, else NULL; never waits, takes no lock, allocates
 * nothing (a signal handler may ask).  The task stays the caller's to join. */
gpointer fr_aside_peek (const FrAsideTask *task);

/* Waits for the task to end and returns what fn returned; frees task. */
gpointer fr_aside_join (FrAsideTask *task);

/* Waits a while for done (data) to hold, for work the thread aside may be doing, by sleeping in
 * short steps on the caller's own CPU, not by being woken by the thread: the scheduler may put
 * a thread woken by another on the waker's CPU, behind the rest of the waker's queue (README,
 * "The one-page extract, sixth round").  Returns at once without a thread aside, and after
 * about 2 ms of steps at most: the caller then waits as it would have (a lock, a once, a
 * condition), which returns at once if done. */
void fr_aside_await (gboolean (*done) (gconstpointer data), gconstpointer data);

G_END_DECLS
