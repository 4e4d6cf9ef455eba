/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteTracker: the exposure state machine.
 *
 * A block is written to the store the moment it starts, and a heartbeat
 * records it every RESPITE_HEARTBEAT_SECONDS while it runs: one timer,
 * nothing per second. If the app dies, the next start ends the block at its
 * last heartbeat (see respite_store_recover_open_blocks()).
 *
 * The heartbeat's durable copy is a small record beside the store
 * (RespiteHeartbeat), whose sync the app's thread does not sleep on; the
 * store's own heartbeat_at, which the views and summaries read, is
 * committed without waiting for the disk. At start-up the record's
 * heartbeat goes into the store before the blocks left open are ended, so
 * a crash or a power cut loses at most the minute since the last
 * heartbeat. Without the record (it cannot be opened), each heartbeat is a
 * full commit to the store, as before.
 *
 * A block's length comes from the monotonic clock: a wall-clock change
 * while it runs neither adds nor removes exposure. Its start is the wall
 * time, never earlier than the end of the previous block, so blocks never
 * overlap even if the clock went back.
 */

#define G_LOG_DOMAIN "respite-tracker"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-day.h"
#include "respite-heartbeat.h"
#include "respite-tracker.h"

G_DEFINE_ENUM_TYPE (RespiteTrackerState, respite_tracker_state,
                    G_DEFINE_ENUM_VALUE (RESPITE_TRACKER_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (RESPITE_TRACKER_EXPOSED, "exposed"),
                    G_DEFINE_ENUM_VALUE (RESPITE_TRACKER_PAUSED, "paused"))

G_DEFINE_QUARK (respite-tracker-error-quark, respite_tracker_error)

struct _RespiteTracker
{
  GObject              parent_instance;

  RespiteStore        *store;  /* (owned) */
  RespiteClock        *clock;  /* (owned) */
  RespiteHeartbeat    *heartbeat;  /* (owned) (nullable): NULL if it cannot be written */

  RespiteTrackerState  state;
  RespiteKind          kind;
  int                  intensity;
  guint                n_recovered;
  char                *hold;  /* (owned) (nullable) why exposure cannot start now */

  /* The running block, while state is EXPOSED. */
  gint64               block_id;
  gint64               block_started_at;    /* Unix seconds */
  gint64               block_started_mono;  /* monotonic µs */
  guint                heartbeat_id;

  /* The end of the latest block, so the next one never starts before it. */
  gint64               last_ended_at;

  /* An end that could not be written yet (disk full, say): retried on the
   * heartbeat and before the next block begins, so it is never lost while
   * the app runs. */
  gint64               pending_end_id;
  gint64               pending_end_at;
  RespiteEndReason     pending_end_reason;

  /* Exposure of the ended blocks of the day that starts at today_start. */
  gint64               today_start;
  gint64               today_closed_seconds;
  gboolean             today_valid;
};

G_DEFINE_FINAL_TYPE (RespiteTracker, respite_tracker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_KIND,
  PROP_INTENSITY,
  N_PROPS
};

enum {
  STORE_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean heartbeat_cb (gpointer user_data);
static gboolean write_heartbeat (RespiteTracker  *self,
                                 gint64           at,
                                 GError         **error);

static void
respite_tracker_dispose (GObject *object)
{
  RespiteTracker *self = RESPITE_TRACKER (object);

  /* Dropping a tracker with a block open is what a crash looks like: write
   * nothing here, so that recovery is what ends the block. */
  if (self->heartbeat_id != 0)
    {
      respite_clock_remove_timeout (self->clock, self->heartbeat_id);
      self->heartbeat_id = 0;
    }

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->heartbeat);
  g_clear_pointer (&self->hold, g_free);

  G_OBJECT_CLASS (respite_tracker_parent_class)->dispose (object);
}

static void
respite_tracker_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RespiteTracker *self = RESPITE_TRACKER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_INTENSITY:
      g_value_set_int (value, self->intensity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_tracker_class_init (RespiteTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = respite_tracker_dispose;
  object_class->get_property = respite_tracker_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       RESPITE_TYPE_TRACKER_STATE, RESPITE_TRACKER_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       RESPITE_TYPE_KIND, RESPITE_KIND_IMAGE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTENSITY] =
    g_param_spec_int ("intensity", NULL, NULL,
                      RESPITE_INTENSITY_MIN, RESPITE_INTENSITY_MAX, 2,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RespiteTracker::store-error:
   * @error: what went wrong, in words for the reviewer
   *
   * A write that happens on its own (a heartbeat, a retried end) failed.
   * The tracker keeps counting and tries again.
   */
  signals[STORE_ERROR] =
    g_signal_new ("store-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
respite_tracker_init (RespiteTracker *self)
{
  self->state = RESPITE_TRACKER_IDLE;
  self->kind = RESPITE_KIND_IMAGE;
  self->intensity = 2;
}

/* Opens the heartbeat record and moves any later heartbeat it holds for a
 * block still open into the store, durably, so that recovery ends the block
 * there. A record that cannot be read or written costs nothing recorded:
 * the store's heartbeats are all full commits then. */
static void
open_heartbeat (RespiteTracker *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) records = NULL;
  g_autofree char *path = respite_heartbeat_path_for_store (respite_store_get_path (self->store));

  self->heartbeat = respite_heartbeat_open (path, &error);
  if (self->heartbeat == NULL ||
      !respite_heartbeat_read (self->heartbeat, &records, &error))
    {
      g_message ("%s; heartbeats are written to the store alone", error->message);
      g_clear_object (&self->heartbeat);
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      RespiteHeartbeatRecord *record = &g_array_index (records, RespiteHeartbeatRecord, i);
      g_autoptr(GArray) blocks = NULL;

      blocks = respite_store_list_blocks (self->store, record->started_at,
                                          record->started_at + 1, &error);
      if (blocks == NULL)
        {
          g_message ("%s", error->message);
          g_clear_error (&error);
          continue;
        }

      for (guint b = 0; b < blocks->len; b++)
        {
          RespiteBlock *block = &g_array_index (blocks, RespiteBlock, b);

          if (block->id != record->block_id || block->started_at != record->started_at ||
              block->ended_at != 0 || block->heartbeat_at >= record->heartbeat_at)
            continue;

          g_debug ("Block %" G_GINT64_FORMAT ": heartbeat %" G_GINT64_FORMAT " from %s,"
                   " later than the store's %" G_GINT64_FORMAT, block->id,
                   record->heartbeat_at, path, block->heartbeat_at);
          if (!respite_store_heartbeat_block (self->store, block->id, record->heartbeat_at,
                                              &error))
            {
              g_message ("%s", error->message);
              g_clear_error (&error);
            }
        }
    }
}

/**
 * respite_tracker_new:
 *
 * Creates the tracker for @store, first ending any block a crash left open.
 *
 * Returns: (transfer full) (nullable): the tracker, or %NULL if the store
 *   cannot be written
 */
RespiteTracker *
respite_tracker_new (RespiteStore  *store,
                     RespiteClock  *clock,
                     GError       **error)
{
  g_autoptr(RespiteTracker) self = NULL;

  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);

  self = g_object_new (RESPITE_TYPE_TRACKER, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);

  open_heartbeat (self);

  if (!respite_store_recover_open_blocks (store, &self->n_recovered, error) ||
      !respite_store_get_last_ended_at (store, &self->last_ended_at, error))
    return NULL;

  if (self->n_recovered > 0)
    g_message ("Ended %u block(s) left open by an earlier run at their last heartbeat",
               self->n_recovered);

  return g_steal_pointer (&self);
}

guint
respite_tracker_get_n_recovered (RespiteTracker *self)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), 0);

  return self->n_recovered;
}

RespiteTrackerState
respite_tracker_get_state (RespiteTracker *self)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), RESPITE_TRACKER_IDLE);

  return self->state;
}

RespiteKind
respite_tracker_get_kind (RespiteTracker *self)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), RESPITE_KIND_IMAGE);

  return self->kind;
}

int
respite_tracker_get_intensity (RespiteTracker *self)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), 2);

  return self->intensity;
}

static gint64
now_unix (RespiteTracker *self)
{
  return respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;
}

gint64
respite_tracker_get_block_seconds (RespiteTracker *self)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), 0);

  if (self->state != RESPITE_TRACKER_EXPOSED)
    return 0;

  return (respite_clock_get_monotonic_time (self->clock) - self->block_started_mono)
         / G_USEC_PER_SEC;
}

/* Where the running block ends if it ended now, in wall time. */
static gint64
block_now (RespiteTracker *self)
{
  return self->block_started_at + respite_tracker_get_block_seconds (self);
}

/**
 * respite_tracker_get_today_seconds:
 *
 * Today's exposure so far, in the local day of the wall clock, the running
 * block included. Reads the store only when a block has ended or the day
 * has changed.
 */
gint64
respite_tracker_get_today_seconds (RespiteTracker *self)
{
  gint64 day_start, day_end;
  gint64 total;

  g_return_val_if_fail (RESPITE_IS_TRACKER (self), 0);

  respite_day_local_bounds (now_unix (self), &day_start, &day_end);

  if (!self->today_valid || self->today_start != day_start)
    {
      g_autoptr(GError) error = NULL;

      if (!respite_store_sum_exposure (self->store, day_start, day_end,
                                       &self->today_closed_seconds, &error))
        {
          g_warning ("%s", error->message);
          self->today_closed_seconds = 0;
        }
      else
        {
          self->today_start = day_start;
          self->today_valid = TRUE;
        }
    }

  total = self->today_closed_seconds;

  if (self->state == RESPITE_TRACKER_EXPOSED)
    total += MAX (0, MIN (block_now (self), day_end) - MAX (self->block_started_at, day_start));

  return total;
}

static gboolean
flush_pending_end (RespiteTracker  *self,
                   GError         **error)
{
  if (self->pending_end_id == 0)
    return TRUE;

  if (!respite_store_end_block (self->store, self->pending_end_id, self->pending_end_at,
                                self->pending_end_reason, error))
    return FALSE;

  g_debug ("Recorded the end of block %" G_GINT64_FORMAT " on retry", self->pending_end_id);
  self->pending_end_id = 0;
  self->today_valid = FALSE;

  return TRUE;
}

/**
 * respite_tracker_reload:
 *
 * Forgets what the tracker remembers of the store (today's total so far),
 * after something else changed it: the reviewer erased their data.
 */
void
respite_tracker_reload (RespiteTracker *self)
{
  g_return_if_fail (RESPITE_IS_TRACKER (self));

  self->today_valid = FALSE;

  /* The erased times must not stay in the record either. Erasing stops
   * the running block first; should one run all the same, its heartbeat is
   * written again at once, not a minute later. */
  if (self->heartbeat != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!respite_heartbeat_clear (self->heartbeat, &error))
        g_message ("%s", error->message);
      else if (self->state == RESPITE_TRACKER_EXPOSED &&
               !write_heartbeat (self, block_now (self), &error))
        g_message ("%s", error->message);
    }
}

/* The heartbeat runs while a block runs, or while an end waits to be
 * written; never otherwise. */
static void
update_heartbeat (RespiteTracker *self)
{
  gboolean needed = self->state == RESPITE_TRACKER_EXPOSED || self->pending_end_id != 0;

  if (needed && self->heartbeat_id == 0)
    self->heartbeat_id = respite_clock_add_timeout_seconds (self->clock,
                                                            RESPITE_HEARTBEAT_SECONDS,
                                                            heartbeat_cb, self);
  else if (!needed && self->heartbeat_id != 0)
    {
      respite_clock_remove_timeout (self->clock, self->heartbeat_id);
      self->heartbeat_id = 0;
    }
}

static void
set_state (RespiteTracker      *self,
           RespiteTrackerState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  update_heartbeat (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Begins a block at the current time with the current kind and intensity.
 * The state is left for the caller to set. */
static gboolean
begin_block (RespiteTracker  *self,
             gint64           started_at,
             GError         **error)
{
  /* Read with @started_at, not after the writes below: a write waits for
   * the disk, and the block's running length would start that much late. */
  gint64 started_mono = respite_clock_get_monotonic_time (self->clock);
  gint64 id;

  g_assert (self->block_id == 0);

  /* The previous block's end must be on disk before another can be open. */
  if (!flush_pending_end (self, error))
    return FALSE;

  started_at = MAX (started_at, self->last_ended_at);

  id = respite_store_begin_block (self->store, started_at, self->kind, self->intensity, error);
  if (id == 0)
    return FALSE;

  self->block_id = id;
  self->block_started_at = started_at;
  self->block_started_mono = started_mono;

  return TRUE;
}

/* Ends the running block at @ended_at: in memory at once, whatever happens,
 * then on disk. If the store refuses the write, the end is kept and
 * retried, and %FALSE returned. */
static gboolean
end_block (RespiteTracker    *self,
           gint64             ended_at,
           RespiteEndReason   reason,
           GError           **error)
{
  g_assert (self->block_id != 0);

  self->last_ended_at = ended_at;
  self->pending_end_id = self->block_id;
  self->pending_end_at = ended_at;
  self->pending_end_reason = reason;
  self->block_id = 0;

  return flush_pending_end (self, error);
}

/* The store's copy first, committed without waiting for the disk; then the
 * record, sent last, just before the thread sleeps again, so that the
 * kernel's flush when the write completes wakes its worker while this
 * thread sleeps, rather than preempting it. A crash between the two leaves
 * the later heartbeat in the store, a power cut the earlier in the record:
 * either way at most a minute is lost. */
static gboolean
write_heartbeat (RespiteTracker  *self,
                 gint64           at,
                 GError         **error)
{
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GError) record_error = NULL;
  gboolean stored;

  if (self->heartbeat == NULL)
    return respite_store_heartbeat_block (self->store, self->block_id, at, error);

  stored = respite_store_heartbeat_block_nosync (self->store, self->block_id, at, &store_error);

  if (!respite_heartbeat_write (self->heartbeat, self->block_id, self->block_started_at, at,
                                &record_error))
    {
      g_message ("%s; this heartbeat goes to the store with a full sync", record_error->message);
      return respite_store_heartbeat_block (self->store, self->block_id, at, error);
    }

  if (!stored)
    {
      g_propagate_error (error, g_steal_pointer (&store_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  RespiteTracker *self = RESPITE_TRACKER (user_data);
  g_autoptr(GError) error = NULL;

  if (!flush_pending_end (self, &error))
    {
      g_warning ("%s", error->message);
      g_signal_emit (self, signals[STORE_ERROR], 0, error);
      return G_SOURCE_CONTINUE;
    }

  if (self->state != RESPITE_TRACKER_EXPOSED)
    {
      /* The retried end is written: nothing left to do. */
      self->heartbeat_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (!write_heartbeat (self, block_now (self), &error))
    {
      g_warning ("%s", error->message);
      g_signal_emit (self, signals[STORE_ERROR], 0, error);
    }

  return G_SOURCE_CONTINUE;
}

/**
 * respite_tracker_start:
 *
 * Starts an exposure block with the current kind and intensity, or resumes
 * after a pause. Starting while a block runs does nothing; starting while
 * held fails with %RESPITE_TRACKER_ERROR_HELD and the hold's reason.
 */
gboolean
respite_tracker_start (RespiteTracker  *self,
                       GError         **error)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), FALSE);

  if (self->state == RESPITE_TRACKER_EXPOSED)
    return TRUE;

  if (self->hold != NULL)
    {
      g_set_error_literal (error, RESPITE_TRACKER_ERROR, RESPITE_TRACKER_ERROR_HELD, self->hold);
      return FALSE;
    }

  if (!begin_block (self, now_unix (self), error))
    return FALSE;

  set_state (self, RESPITE_TRACKER_EXPOSED);

  return TRUE;
}

/**
 * respite_tracker_stop:
 * @reason: why the block ends
 *
 * Ends the running block. Stopping while idle does nothing. Returns %FALSE
 * if the end could not be written yet; the block has ended all the same and
 * the write is retried.
 */
gboolean
respite_tracker_stop (RespiteTracker    *self,
                      RespiteEndReason   reason,
                      GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (RESPITE_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (reason < RESPITE_N_END_REASONS, FALSE);

  if (self->state == RESPITE_TRACKER_PAUSED)
    set_state (self, RESPITE_TRACKER_IDLE);

  if (self->state != RESPITE_TRACKER_EXPOSED)
    return TRUE;

  ok = end_block (self, block_now (self), reason, error);
  set_state (self, RESPITE_TRACKER_IDLE);

  return ok;
}

/**
 * respite_tracker_pause:
 * @reason: why nobody is there: idle, locked or suspended
 * @seconds_ago: how long ago the absence began
 *
 * Ends the running block at the moment the absence began (never before the
 * block started), and remembers that exposure was under way, so that
 * respite_tracker_start() resumes it. Does nothing unless a block runs.
 */
gboolean
respite_tracker_pause (RespiteTracker    *self,
                       RespiteEndReason   reason,
                       gint64             seconds_ago,
                       GError           **error)
{
  gint64 ended_at;
  gboolean ok;

  g_return_val_if_fail (RESPITE_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (reason < RESPITE_N_END_REASONS, FALSE);
  g_return_val_if_fail (seconds_ago >= 0, FALSE);

  if (self->state != RESPITE_TRACKER_EXPOSED)
    return TRUE;

  ended_at = MAX (self->block_started_at, block_now (self) - seconds_ago);

  ok = end_block (self, ended_at, reason, error);
  set_state (self, RESPITE_TRACKER_PAUSED);

  return ok;
}

/**
 * respite_tracker_set_hold:
 * @reason: (nullable): why exposure cannot start, in words for the
 *   reviewer, or %NULL to allow it again
 *
 * While held, starting fails with @reason. A running block is not stopped.
 */
void
respite_tracker_set_hold (RespiteTracker *self,
                          const char     *reason)
{
  g_return_if_fail (RESPITE_IS_TRACKER (self));

  g_free (self->hold);
  self->hold = g_strdup (reason);
}

const char *
respite_tracker_get_hold (RespiteTracker *self)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), NULL);

  return self->hold;
}

/* A block has one kind and one intensity: changing either mid-block ends
 * the block and begins the next at the same second. */
static gboolean
switch_block (RespiteTracker  *self,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 at;

  if (self->state != RESPITE_TRACKER_EXPOSED)
    return TRUE;

  at = block_now (self);
  if (!end_block (self, at, RESPITE_END_SWITCHED, &local_error))
    {
      g_warning ("%s", local_error->message);
      g_signal_emit (self, signals[STORE_ERROR], 0, local_error);
    }

  if (!begin_block (self, at, error))
    {
      set_state (self, RESPITE_TRACKER_IDLE);
      return FALSE;
    }

  return TRUE;
}

/* Listeners hear of the change once the next block has begun, so that
 * what they read of the store and the tracker agrees (RespiteLimits). */
static gboolean
switch_and_notify (RespiteTracker  *self,
                   GParamSpec      *pspec,
                   GError         **error)
{
  gboolean ok;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  ok = switch_block (self, error);
  g_object_thaw_notify (G_OBJECT (self));

  return ok;
}

gboolean
respite_tracker_set_kind (RespiteTracker  *self,
                          RespiteKind      kind,
                          GError         **error)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (kind < RESPITE_N_KINDS, FALSE);

  if (self->kind == kind)
    return TRUE;

  self->kind = kind;
  return switch_and_notify (self, properties[PROP_KIND], error);
}

gboolean
respite_tracker_set_intensity (RespiteTracker  *self,
                               int              intensity,
                               GError         **error)
{
  g_return_val_if_fail (RESPITE_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (intensity >= RESPITE_INTENSITY_MIN &&
                        intensity <= RESPITE_INTENSITY_MAX, FALSE);

  if (self->intensity == intensity)
    return TRUE;

  self->intensity = intensity;
  return switch_and_notify (self, properties[PROP_INTENSITY], error);
}
