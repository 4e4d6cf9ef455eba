/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePublisher: sends the reviewer's daily summaries to the team store.
 *
 * A day is queued in the personal store when something in it changes (the
 * app calls respite_publisher_queue_period() when a block, break, prompt or
 * check-in is recorded). Once a queued day is over, its row is built here,
 * on the main thread, and published in a GTask thread, since every team
 * store call blocks. Publishing is an upsert: sending a day again replaces
 * its row. A day leaves the queue only once the team store has it, and
 * only if it did not change meanwhile, so nothing is lost offline or by a
 * crash.
 *
 * Timers: one at the end of today (at most an hour ahead) while today is
 * queued, or one for the next try while the team store cannot be reached
 * (a minute, doubling up to an hour). Nothing queued: no timer at all.
 *
 * A replacing opener may find the team store damaged and start a fresh,
 * empty one: then every day the personal store still keeps (the policy's
 * retention) is queued again, once, so that the fresh store refills, and
 * ::team-store-replaced tells the app.
 */

#define G_LOG_DOMAIN "respite-publisher"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "respite-day.h"
#include "respite-publisher-private.h"
#include "respite-summary.h"

/* After midnight, wait a little: a block running across it ends and
 * re-queues yesterday, which this then sends once rather than twice. */
#define END_OF_DAY_MARGIN 60

G_DEFINE_FINAL_TYPE (RespitePublisher, respite_publisher, G_TYPE_OBJECT)

enum {
  CHANGED,
  TEAM_STORE_REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean queue_days (RespitePublisher  *self,
                            gint64             from,
                            gint64             to,
                            GError           **error);

static void
respite_publisher_dispose (GObject *object)
{
  RespitePublisher *self = RESPITE_PUBLISHER (object);

  if (self->timer_id != 0)
    respite_clock_remove_timeout (self->clock, self->timer_id);
  self->timer_id = 0;
  g_clear_object (&self->pending_reset);

  G_OBJECT_CLASS (respite_publisher_parent_class)->dispose (object);
}

static void
respite_publisher_finalize (GObject *object)
{
  RespitePublisher *self = RESPITE_PUBLISHER (object);

  if (self->opener_destroy != NULL)
    self->opener_destroy (self->opener_data);
  g_clear_object (&self->team_store);
  g_clear_object (&self->store);
  g_clear_object (&self->policy);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (respite_publisher_parent_class)->finalize (object);
}

static void
respite_publisher_class_init (RespitePublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = respite_publisher_dispose;
  object_class->finalize = respite_publisher_finalize;

  /**
   * RespitePublisher::changed:
   *
   * The queue, the last publication, the last error or busyness changed:
   * time to redraw "What My Team Sees".
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * RespitePublisher::team-store-replaced:
   * @message: the sentence from the replacing opener, for the reviewer
   *
   * The replacing opener found the team store damaged and started a fresh
   * one; the retained days are queued again. Emitted on the main thread.
   */
  signals[TEAM_STORE_REPLACED] = g_signal_new ("team-store-replaced", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
respite_publisher_init (RespitePublisher *self)
{
}

static RespitePublisher *
publisher_new (RespiteStore   *store,
               RespitePolicy  *policy,
               RespiteClock   *clock,
               GTimeZone      *tz,
               gpointer        opener_data,
               GDestroyNotify  opener_destroy)
{
  RespitePublisher *self = g_object_new (RESPITE_TYPE_PUBLISHER, NULL);

  self->store = g_object_ref (store);
  self->policy = g_object_ref (policy);
  self->clock = g_object_ref (clock);
  self->tz = g_time_zone_ref (tz);
  self->opener_data = opener_data;
  self->opener_destroy = opener_destroy;

  return self;
}

/**
 * respite_publisher_new:
 * @tz: the reviewer's time zone, whose midnights divide the days
 * @opener: opens the team store, in a worker thread
 *
 * Nothing is sent until respite_publisher_publish_now() (once at start-up,
 * for what an earlier run left queued) or respite_publisher_queue_period().
 */
RespitePublisher *
respite_publisher_new (RespiteStore            *store,
                       RespitePolicy           *policy,
                       RespiteClock            *clock,
                       GTimeZone               *tz,
                       RespiteTeamStoreOpener   opener,
                       gpointer                 opener_data,
                       GDestroyNotify           opener_destroy)
{
  RespitePublisher *self;

  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);
  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (opener != NULL, NULL);

  self = publisher_new (store, policy, clock, tz, opener_data, opener_destroy);
  self->opener = opener;

  return self;
}

/**
 * respite_publisher_new_replacing:
 * @opener: opens the team store for writing, in a worker thread; may
 *   replace a damaged one
 *
 * As respite_publisher_new(), for an opener that may start a fresh team
 * store in place of a damaged one: the publisher then refills it with the
 * retained days and emits ::team-store-replaced.
 */
RespitePublisher *
respite_publisher_new_replacing (RespiteStore                    *store,
                                 RespitePolicy                   *policy,
                                 RespiteClock                    *clock,
                                 GTimeZone                       *tz,
                                 RespiteTeamStoreReplacingOpener  opener,
                                 gpointer                         opener_data,
                                 GDestroyNotify                   opener_destroy)
{
  RespitePublisher *self;

  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);
  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (opener != NULL, NULL);

  self = publisher_new (store, policy, clock, tz, opener_data, opener_destroy);
  self->replacing_opener = opener;

  return self;
}

/* The policy's version goes into every row: a new policy changes nothing
 * already published, only the days queued from now on. */
void
respite_publisher_set_policy (RespitePublisher *self,
                              RespitePolicy    *policy)
{
  g_return_if_fail (RESPITE_IS_PUBLISHER (self));
  g_return_if_fail (RESPITE_IS_POLICY (policy));

  g_set_object (&self->policy, policy);
}

static gint64
now_seconds (RespitePublisher *self)
{
  return respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;
}

static void
set_timer (RespitePublisher *self,
           guint             seconds,
           gboolean          backing_off);

static gboolean
on_timer (gpointer user_data)
{
  RespitePublisher *self = user_data;

  self->timer_id = 0;
  self->backing_off = FALSE;
  respite_publisher_maybe_publish (self);

  return G_SOURCE_REMOVE;
}

static void
set_timer (RespitePublisher *self,
           guint             seconds,
           gboolean          backing_off)
{
  if (self->timer_id != 0)
    respite_clock_remove_timeout (self->clock, self->timer_id);

  self->timer_id = respite_clock_add_timeout_seconds (self->clock, MAX (seconds, 1),
                                                      on_timer, self);
  self->backing_off = backing_off;
}

static void
clear_timer (RespitePublisher *self)
{
  if (self->timer_id != 0)
    respite_clock_remove_timeout (self->clock, self->timer_id);
  self->timer_id = 0;
  self->backing_off = FALSE;
}

/* The personal store failing is not the team store failing: say it, and
 * let the next change or start-up try again. */
static void
report_store_error (RespitePublisher *self,
                    GError           *error)
{
  g_message ("Could not prepare the daily summaries: %s", error->message);
}

/* What a worker thread needs, taken on the main thread: the time too, to
 * name a damaged team store after, since the clock is not for threads. */
RespitePublisherJob *
respite_publisher_job_new (RespitePublisher *self)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_seconds (self));
  RespitePublisherJob *job = g_new0 (RespitePublisherJob, 1);

  job->team_store = self->team_store != NULL ? g_object_ref (self->team_store) : NULL;
  job->opener = self->opener;
  job->replacing_opener = self->replacing_opener;
  job->opener_data = self->opener_data;
  job->now = g_date_time_to_timezone (utc, self->tz);

  return job;
}

/* The opener started a fresh team store in place of a damaged one. Every
 * retained day is queued again, once, for the fresh store to hold them
 * all; not after an identity reset, whose point is that the member's
 * past rows are gone. */
void
respite_publisher_team_store_replaced (RespitePublisher *self,
                                       const char       *message,
                                       gboolean          refill)
{
  g_autoptr(GError) error = NULL;
  gint64 now = now_seconds (self);

  /* Not a warning: handled, and the app tells the reviewer. */
  g_debug ("%s", message);
  g_signal_emit (self, signals[TEAM_STORE_REPLACED], 0, message);

  if (refill && !queue_days (self, now - respite_policy_get_retention (self->policy), now, &error))
    report_store_error (self, error);
}

static void
publish_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RespitePublisher *self = RESPITE_PUBLISHER (source);
  RespitePublisherJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  gint64 now = now_seconds (self);

  self->busy = FALSE;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_set_object (&self->team_store, job->team_store);
      self->retry_delay = 0;
      g_debug ("Published %u row(s); %u refused, their week had closed",
               job->rows->len, job->closed->len);

      for (guint i = 0; i < job->closed->len && store_error == NULL; i++)
        respite_store_note_unshared_day (self->store, job->closed->pdata[i], now, &store_error);

      for (guint i = 0; i < job->queued->len && store_error == NULL; i++)
        {
          RespiteQueuedDay *queued = &g_array_index (job->queued, RespiteQueuedDay, i);

          if (!respite_store_unqueue_day (self->store, queued->day, queued->revision,
                                          &store_error))
            break;
        }

      if (store_error == NULL)
        respite_store_set_publish_result (self->store, now, NULL, &store_error);
    }
  else
    {
      /* Open it afresh next time: the settings or the server may change. */
      g_clear_object (&self->team_store);
      self->retry_delay = self->retry_delay == 0
                          ? RESPITE_PUBLISHER_FIRST_RETRY
                          : MIN (self->retry_delay * 2, RESPITE_PUBLISHER_LAST_RETRY);

      /* Expected while offline: not a warning. */
      g_message ("Could not publish; trying again in %u s: %s", self->retry_delay,
                 error->message);
      respite_store_set_publish_result (self->store, now, error->message, &store_error);
      set_timer (self, self->retry_delay, TRUE);
    }

  /* Whether or not the publication then went through. */
  if (job->replaced != NULL)
    respite_publisher_team_store_replaced (self, job->replaced, TRUE);

  if (store_error != NULL)
    report_store_error (self, store_error);

  g_signal_emit (self, signals[CHANGED], 0);

  if (self->pending_reset != NULL)
    {
      g_autoptr(GTask) reset = g_steal_pointer (&self->pending_reset);

      respite_publisher_start_reset (self, reset);
    }
  else if (!self->backing_off)
    {
      respite_publisher_maybe_publish (self);
    }
}

/* Builds the rows of @queued (non-empty ones only; the others are simply
 * unqueued by the caller once sent, or at once if there is nothing else). */
static GArray *
build_rows (RespitePublisher *self,
            RespiteSharing   *sharing,
            GArray           *queued,
            GError          **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (RespiteDayRow));

  g_array_set_clear_func (rows, (GDestroyNotify) respite_day_row_clear);

  for (guint i = 0; i < queued->len; i++)
    {
      const char *day = g_array_index (queued, RespiteQueuedDay, i).day;
      g_autoptr(GArray) built = respite_summary_build (self->store, self->policy, self->tz,
                                                       sharing->team, sharing->member,
                                                       day, day, error);

      if (built == NULL)
        return NULL;

      if (!respite_summary_row_is_empty (&g_array_index (built, RespiteDayRow, 0)))
        {
          /* Move the row's strings over. */
          g_array_append_val (rows, g_array_index (built, RespiteDayRow, 0));
          g_array_set_clear_func (built, NULL);
        }
    }

  return g_steal_pointer (&rows);
}

static gint64
seconds_to_tomorrow (RespitePublisher *self,
                     const char       *today)
{
  gint64 start, end;

  if (!respite_day_bounds (self->tz, today, &start, &end))
    return RESPITE_PUBLISHER_LAST_RETRY;

  return end - now_seconds (self);
}

void
respite_publisher_maybe_publish (RespitePublisher *self)
{
  g_auto(RespiteSharing) sharing = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GArray) due = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GTask) task = NULL;
  RespitePublisherJob *job;

  if (self->busy || self->backing_off)
    return;

  clear_timer (self);

  if (!respite_store_get_sharing (self->store, &sharing, &error) ||
      (queue = respite_store_list_queued_days (self->store, &error)) == NULL)
    {
      report_store_error (self, error);
      return;
    }

  if (sharing.opted_out || sharing.team == NULL || queue->len == 0)
    return;

  /* Only days that are over: a day is sent once, complete, not every time
   * a block ends, which would also tell the store when one ended. */
  today = respite_day_at (self->tz, now_seconds (self));
  due = g_array_new (FALSE, FALSE, sizeof (RespiteQueuedDay));
  for (guint i = 0; i < queue->len; i++)
    if (strcmp (g_array_index (queue, RespiteQueuedDay, i).day, today) < 0)
      g_array_append_val (due, g_array_index (queue, RespiteQueuedDay, i));

  /* The timer counts on the monotonic clock, which stands still while the
   * machine sleeps and ignores a clock put forward: look again at least
   * hourly, so that a midnight passed either way is noticed within the
   * hour. */
  if (due->len == 0)
    {
      set_timer (self, MIN (seconds_to_tomorrow (self, today) + END_OF_DAY_MARGIN,
                            RESPITE_PUBLISHER_LAST_RETRY), FALSE);
      return;
    }

  rows = build_rows (self, &sharing, due, &error);
  if (rows == NULL)
    {
      report_store_error (self, error);
      return;
    }

  if (rows->len == 0)
    {
      /* Days off: nothing to say about them. */
      for (guint i = 0; i < due->len; i++)
        {
          RespiteQueuedDay *queued = &g_array_index (due, RespiteQueuedDay, i);

          if (!respite_store_unqueue_day (self->store, queued->day, queued->revision, &error))
            {
              report_store_error (self, error);
              return;
            }
        }

      g_debug ("Nothing to publish for %u due day(s), %s to %s", due->len,
               g_array_index (due, RespiteQueuedDay, 0).day,
               g_array_index (due, RespiteQueuedDay, due->len - 1).day);
      g_signal_emit (self, signals[CHANGED], 0);
      respite_publisher_maybe_publish (self);
      return;
    }

  g_debug ("Publishing %u row(s) of %u due day(s), %s to %s", rows->len, due->len,
           g_array_index (due, RespiteQueuedDay, 0).day,
           g_array_index (due, RespiteQueuedDay, due->len - 1).day);
  job = respite_publisher_job_new (self);
  job->secret = g_steal_pointer (&sharing.secret);
  job->rows = g_steal_pointer (&rows);
  job->queued = g_steal_pointer (&due);

  self->busy = TRUE;
  task = g_task_new (self, NULL, publish_done, NULL);
  g_task_set_source_tag (task, respite_publisher_maybe_publish);
  g_task_set_task_data (task, job, (GDestroyNotify) respite_publisher_job_free);
  g_task_run_in_thread (task, respite_publisher_publish_thread);

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * respite_publisher_publish_now:
 *
 * Sends what is due at once, without waiting for the back-off: at
 * start-up, when the network returns, or when the reviewer asks.
 */
void
respite_publisher_publish_now (RespitePublisher *self)
{
  g_return_if_fail (RESPITE_IS_PUBLISHER (self));

  if (self->backing_off)
    clear_timer (self);

  respite_publisher_maybe_publish (self);
}

/**
 * respite_publisher_queue_period:
 * @from: Unix seconds
 * @to: Unix seconds, at or after @from
 *
 * Queues every local day that [@from, @to] touches: call it whenever
 * something is recorded, with the time it covers (a block's start and end;
 * a check-in's end). Does nothing when the reviewer opted out.
 */
gboolean
respite_publisher_queue_period (RespitePublisher  *self,
                                gint64             from,
                                gint64             to,
                                GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_PUBLISHER (self), FALSE);
  g_return_val_if_fail (from <= to, FALSE);

  if (!queue_days (self, from, to, error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0);
  respite_publisher_maybe_publish (self);

  return TRUE;
}

/* Queues the days of [@from, @to], and no more: the caller publishes. */
static gboolean
queue_days (RespitePublisher  *self,
            gint64             from,
            gint64             to,
            GError           **error)
{
  g_auto(RespiteSharing) sharing = { 0 };
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *last = NULL;
  gint64 at = from;

  if (!respite_store_get_sharing (self->store, &sharing, error))
    return FALSE;

  if (sharing.opted_out)
    return TRUE;

  /* An end exactly at midnight touches nothing of the next day. */
  last = respite_day_at (self->tz, MAX (from, to - 1));
  for (;;)
    {
      char *day = respite_day_at (self->tz, at);
      gint64 start, end;

      g_ptr_array_add (days, day);
      if (strcmp (day, last) >= 0 || !respite_day_bounds (self->tz, day, &start, &end))
        break;
      at = end;
    }
  g_ptr_array_add (days, NULL);

  return respite_store_queue_days (self->store, (const char * const *) days->pdata,
                                   now_seconds (self), error);
}

/* @team: (nullable): the team to publish to; NULL: none, nothing is sent */
gboolean
respite_publisher_set_team (RespitePublisher  *self,
                            const char        *team,
                            GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_PUBLISHER (self), FALSE);

  if (!respite_store_set_sharing_team (self->store, team, error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0);
  respite_publisher_maybe_publish (self);

  return TRUE;
}

/**
 * respite_publisher_set_opted_out:
 *
 * Opting out empties the queue and stops publishing: nothing more leaves
 * the machine. What was published stays until the reviewer resets their
 * identity (respite_publisher_reset_identity_async()).
 */
gboolean
respite_publisher_set_opted_out (RespitePublisher  *self,
                                 gboolean           opted_out,
                                 GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_PUBLISHER (self), FALSE);

  if (!respite_store_set_sharing_opted_out (self->store, opted_out, error) ||
      (opted_out && !respite_store_clear_queue (self->store, error)))
    return FALSE;

  if (opted_out)
    {
      clear_timer (self);
      self->retry_delay = 0;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  respite_publisher_maybe_publish (self);

  return TRUE;
}

/* @sharing: (out caller-allocates): the identity and how the last
 * publication went; free with respite_sharing_clear() */
gboolean
respite_publisher_get_sharing (RespitePublisher  *self,
                               RespiteSharing    *sharing,
                               GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_PUBLISHER (self), FALSE);

  return respite_store_get_sharing (self->store, sharing, error);
}

gboolean
respite_publisher_get_busy (RespitePublisher *self)
{
  g_return_val_if_fail (RESPITE_IS_PUBLISHER (self), FALSE);

  return self->busy;
}

/* Seconds until the next try while the team store cannot be reached, as
 * last set; 0 while all is well. */
guint
respite_publisher_get_retry_delay (RespitePublisher *self)
{
  g_return_val_if_fail (RESPITE_IS_PUBLISHER (self), 0);

  return self->retry_delay;
}

/**
 * respite_publisher_list_unshared_days:
 *
 * Returns: (transfer full) (nullable): the days the team store refused for
 *   good, as their week had closed, latest first; %NULL on error
 */
GStrv
respite_publisher_list_unshared_days (RespitePublisher  *self,
                                      GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_PUBLISHER (self), NULL);

  return respite_store_list_unshared_days (self->store, error);
}

/**
 * respite_publisher_list_pending_rows:
 *
 * The rows the next publications will send, exactly: every queued day,
 * today's as it stands so far. Empty days are left out, as they are never
 * sent. Empty when the reviewer opted out or no team is set.
 *
 * Returns: (transfer full) (element-type RespiteDayRow): oldest first
 */
GArray *
respite_publisher_list_pending_rows (RespitePublisher  *self,
                                     GError           **error)
{
  g_auto(RespiteSharing) sharing = { 0 };
  g_autoptr(GArray) queue = NULL;
  GArray *rows;

  g_return_val_if_fail (RESPITE_IS_PUBLISHER (self), NULL);

  if (!respite_store_get_sharing (self->store, &sharing, error) ||
      (queue = respite_store_list_queued_days (self->store, error)) == NULL)
    return NULL;

  if (sharing.opted_out || sharing.team == NULL)
    {
      rows = g_array_new (FALSE, TRUE, sizeof (RespiteDayRow));
      g_array_set_clear_func (rows, (GDestroyNotify) respite_day_row_clear);
      return rows;
    }

  return build_rows (self, &sharing, queue, error);
}

/* The signal ids stay in this file: the publisher's others emit ::changed
 * through this. */
void
respite_publisher_emit_changed (RespitePublisher *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}
