/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteShift: the care policy at work during a shift. It watches the
 * tracker, asks the policy for the next deadline (a break reminder, a break
 * due, the daily cap near or reached, another limit reached: see
 * RespiteLimits), and sets exactly one timer for it.
 * Every deadline is measured in exposure, so while no block runs and no
 * break counts down, no timer runs at all.
 *
 * A *stretch* is the exposure since the last real break: blocks separated
 * by less than the policy's break duration belong to the same stretch. It
 * is read back from the store, so it survives a restart, and a pause for
 * lunch or an absence counts as a break just as a prompted one does.
 */

#define G_LOG_DOMAIN "respite-shift"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-day.h"
#include "respite-shift.h"

G_DEFINE_ENUM_TYPE (RespiteShiftPhase, respite_shift_phase,
                    G_DEFINE_ENUM_VALUE (RESPITE_SHIFT_WORKING, "working"),
                    G_DEFINE_ENUM_VALUE (RESPITE_SHIFT_ON_BREAK, "on-break"),
                    G_DEFINE_ENUM_VALUE (RESPITE_SHIFT_DECOMPRESSING, "decompressing"))

G_DEFINE_QUARK (respite-shift-error-quark, respite_shift_error)

/* A stretch is looked for this far back at most. */
#define LOOK_BACK_SECONDS (24 * 3600)

struct _RespiteShift
{
  GObject            parent_instance;

  RespiteTracker    *tracker;  /* (owned) */
  RespiteStore      *store;    /* (owned) */
  RespiteClock      *clock;    /* (owned) */
  RespitePolicy     *policy;   /* (owned) */
  RespiteLimits     *limits;   /* (owned) */

  RespiteShiftPhase  phase;
  guint              timer_id;

  /* The break or decompression counting down, outside WORKING. */
  gint64             break_id;
  gint64             break_end_mono;   /* monotonic µs */

  /* The current stretch. */
  gint64             stretch_start;    /* Unix seconds; 0 when there is none */
  gint64             stretch_closed;   /* exposure of its ended blocks, seconds */
  gint64             last_ended_at;    /* end of the latest ended block */
  gboolean           reminded;
  gboolean           break_asked;
  gint64             snoozed_until;    /* continuous seconds; 0 when not snoozed */
  gint64             break_prompt_id;  /* the unanswered break-due prompt */

  /* Today. */
  gint64             day_start;
  gboolean           cap_warned;
  gboolean           cap_reached;
};

G_DEFINE_FINAL_TYPE (RespiteShift, respite_shift, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHASE,
  N_PROPS
};

enum {
  PROMPT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void reschedule (RespiteShift *self);

static gint64
now_unix (RespiteShift *self)
{
  return respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;
}

static gboolean
is_exposed (RespiteShift *self)
{
  return respite_tracker_get_state (self->tracker) == RESPITE_TRACKER_EXPOSED;
}

static void
warn_store (const GError *error)
{
  /* The shift goes on without the record: caring for the reviewer matters
   * more than the history of the prompt. */
  g_warning ("%s", error->message);
}

static void
set_phase (RespiteShift      *self,
           RespiteShiftPhase  phase)
{
  if (self->phase == phase)
    return;

  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static gboolean
prompted_since (RespiteShift    *self,
                RespiteDeadline  kind,
                gint64           from,
                gint64           to)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (!respite_store_count_prompts (self->store, kind, from, to, &count, &error))
    warn_store (error);

  return count > 0;
}

/* What was already said today is read back from the store, so a restart
 * does not repeat the cap prompts. */
static void
refresh_day (RespiteShift *self)
{
  gint64 day_start, day_end;

  respite_day_local_bounds (now_unix (self), &day_start, &day_end);
  if (day_start == self->day_start)
    return;

  self->day_start = day_start;
  self->cap_warned = prompted_since (self, RESPITE_DEADLINE_CAP_WARNING, day_start, day_end);
  self->cap_reached = prompted_since (self, RESPITE_DEADLINE_CAP_REACHED, day_start, day_end);
}

/* Finds the current stretch by walking back through the blocks until a
 * gap at least as long as a break. */
static void
refresh_stretch (RespiteShift *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;
  gint64 now = now_unix (self);
  gint64 gap = respite_policy_get_break_duration (self->policy);
  gint64 cursor = now;
  gint64 start = 0, closed = 0, last_end = 0;
  gboolean first = self->stretch_start == 0 && self->last_ended_at == 0;

  /* No upper bound: after the clock was put back, the latest blocks start
   * "later" than now (they never start before the previous one ended). */
  blocks = respite_store_list_blocks (self->store, now - LOOK_BACK_SECONDS, G_MAXINT64, &error);
  if (blocks == NULL)
    {
      warn_store (error);
      return;
    }

  for (guint i = blocks->len; i > 0; i--)
    {
      RespiteBlock *block = &g_array_index (blocks, RespiteBlock, i - 1);

      /* The running block is the tracker's to measure. */
      if (block->ended_at == 0)
        {
          start = cursor = block->started_at;
          continue;
        }

      if (last_end == 0)
        last_end = block->ended_at;

      if (cursor - block->ended_at >= gap)
        break;

      closed += block->ended_at - block->started_at;
      start = cursor = block->started_at;
    }

  self->last_ended_at = last_end;
  self->stretch_closed = closed;

  if (start == self->stretch_start)
    return;

  /* A new stretch: a real break happened, so everything starts afresh. */
  self->stretch_start = start;
  self->reminded = FALSE;
  self->break_asked = FALSE;
  self->snoozed_until = 0;
  self->break_prompt_id = 0;

  /* After a restart, remember what was asked in this stretch already. */
  if (first && start != 0)
    {
      self->reminded = prompted_since (self, RESPITE_DEADLINE_BREAK_REMINDER, start, G_MAXINT64);
      self->break_asked = prompted_since (self, RESPITE_DEADLINE_BREAK_DUE, start, G_MAXINT64);
    }
}

/**
 * respite_shift_get_continuous_seconds:
 *
 * Exposure since the last real break, the running block included; 0 once
 * a break's worth of time has passed without exposure.
 */
gint64
respite_shift_get_continuous_seconds (RespiteShift *self)
{
  g_return_val_if_fail (RESPITE_IS_SHIFT (self), 0);

  if (is_exposed (self))
    return self->stretch_closed + respite_tracker_get_block_seconds (self->tracker);

  if (now_unix (self) - self->last_ended_at >= respite_policy_get_break_duration (self->policy))
    return 0;

  return self->stretch_closed;
}

static void
fill_state (RespiteShift      *self,
            RespiteShiftState *state)
{
  refresh_day (self);

  state->exposed = is_exposed (self);
  state->continuous_seconds = respite_shift_get_continuous_seconds (self);
  /* Today's seconds as the daily cap counts them, and the other limits. */
  respite_limits_fill_state (self->limits, self->policy, state);
  state->snoozed_until = self->snoozed_until;
  state->reminded = self->reminded;
  state->break_asked = self->break_asked;
  state->cap_warned = self->cap_warned;
  state->cap_reached = self->cap_reached;
}

static void
break_strict_hold (RespiteShift *self)
{
  g_autofree char *message = NULL;

  if (!respite_policy_get_strict_breaks (self->policy))
    return;

  if (self->phase == RESPITE_SHIFT_ON_BREAK)
    {
      gint64 minutes = (respite_shift_get_break_remaining (self) + 59) / 60;

      message = g_strdup_printf (ngettext ("Your organisation asks for a full break: exposure "
                                           "can start again in %d minute.",
                                           "Your organisation asks for a full break: exposure "
                                           "can start again in %d minutes.",
                                           minutes),
                                 (int) minutes);
    }
  else
    {
      message = g_strdup (_("Your organisation asks for a full break before more exposure. "
                            "Take your break first."));
    }

  respite_tracker_set_hold (self->tracker, message);
}

static void
fire (RespiteShift    *self,
      RespiteDeadline  deadline)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = respite_store_add_prompt (self->store, deadline, now_unix (self), &error);
  if (id == 0)
    warn_store (error);

  switch (deadline)
    {
    case RESPITE_DEADLINE_BREAK_REMINDER:
      self->reminded = TRUE;
      break;

    case RESPITE_DEADLINE_BREAK_DUE:
      self->break_asked = TRUE;
      self->snoozed_until = 0;
      self->break_prompt_id = id;
      break_strict_hold (self);
      break;

    case RESPITE_DEADLINE_CAP_WARNING:
      self->cap_warned = TRUE;
      break;

    case RESPITE_DEADLINE_CAP_REACHED:
      self->cap_reached = TRUE;
      break;

    case RESPITE_DEADLINE_VIDEO_CAP_REACHED:
    case RESPITE_DEADLINE_LIVE_CAP_REACHED:
    case RESPITE_DEADLINE_WEEKLY_CAP_REACHED:
    case RESPITE_DEADLINE_DAYS_IN_A_ROW:
      respite_limits_note_prompt (self->limits, deadline);
      break;

    case RESPITE_DEADLINE_NONE:
    default:
      g_assert_not_reached ();
    }

  g_debug ("Prompt: %s", respite_deadline_to_string (deadline));
  g_signal_emit (self, signals[PROMPT], 0, deadline);
}

static void finish_break (RespiteShift *self);

static gboolean
timer_cb (gpointer user_data)
{
  RespiteShift *self = RESPITE_SHIFT (user_data);

  self->timer_id = 0;

  if (self->phase != RESPITE_SHIFT_WORKING)
    {
      if (respite_shift_get_break_remaining (self) <= 0)
        finish_break (self);
    }
  else
    {
      RespiteShiftState state;
      RespiteDeadline deadline;
      gint64 in_seconds = 0;

      fill_state (self, &state);
      deadline = respite_policy_next_deadline (self->policy, &state, &in_seconds);
      if (deadline != RESPITE_DEADLINE_NONE && in_seconds <= 0)
        fire (self, deadline);
    }

  reschedule (self);

  return G_SOURCE_REMOVE;
}

/* The one timer: for the end of the break that counts down, or for the
 * next deadline while exposed, or none. */
static void
reschedule (RespiteShift *self)
{
  gint64 in_seconds = 0;

  if (self->timer_id != 0)
    {
      respite_clock_remove_timeout (self->clock, self->timer_id);
      self->timer_id = 0;
    }

  if (self->phase != RESPITE_SHIFT_WORKING)
    {
      in_seconds = respite_shift_get_break_remaining (self);
    }
  else
    {
      RespiteShiftState state;

      fill_state (self, &state);
      if (respite_policy_next_deadline (self->policy, &state, &in_seconds) ==
          RESPITE_DEADLINE_NONE)
        return;
    }

  /* A deadline already passed fires on the next second, not from inside
   * whatever event led here. */
  self->timer_id = respite_clock_add_timeout_seconds (self->clock, MAX (in_seconds, 1),
                                                      timer_cb, self);
}

static void
begin_break (RespiteShift     *self,
             RespiteBreakKind  kind,
             gint64            planned,
             gint64            prompt_id)
{
  g_autoptr(GError) error = NULL;

  self->break_id = respite_store_begin_break (self->store, kind, now_unix (self), planned,
                                              prompt_id, &error);
  if (self->break_id == 0)
    warn_store (error);

  self->break_end_mono = respite_clock_get_monotonic_time (self->clock) +
                         planned * G_USEC_PER_SEC;

  set_phase (self, kind == RESPITE_BREAK_BREAK ? RESPITE_SHIFT_ON_BREAK
                                               : RESPITE_SHIFT_DECOMPRESSING);
}

/* The countdown is over, or the reviewer ended it. A break cut short is
 * not a real break: the stretch goes on, and the break is asked again a
 * snooze later. */
static void
finish_break (RespiteShift *self)
{
  g_autoptr(GError) error = NULL;
  gboolean early = respite_shift_get_break_remaining (self) > 0;

  if (self->break_id != 0 &&
      !respite_store_end_break (self->store, self->break_id, now_unix (self), &error))
    warn_store (error);
  self->break_id = 0;

  if (self->phase == RESPITE_SHIFT_ON_BREAK)
    {
      if (early)
        {
          self->break_asked = FALSE;
          self->snoozed_until = respite_shift_get_continuous_seconds (self) +
                                respite_policy_get_snooze (self->policy);
        }
      else
        {
          respite_tracker_set_hold (self->tracker, NULL);
        }
    }

  set_phase (self, RESPITE_SHIFT_WORKING);
}

static void answer_break_prompt (RespiteShift    *self,
                                 RespiteResponse  response);

static void
tracker_state_cb (RespiteShift *self)
{
  /* Starting exposure ends a decompression or a break (a strict break
   * cannot get here: the tracker is held). */
  if (is_exposed (self) && self->phase != RESPITE_SHIFT_WORKING)
    finish_break (self);

  /* Under strict breaks, exposure that stops while a break is due stops
   * for the break: its countdown starts now. */
  if (!is_exposed (self) && self->phase == RESPITE_SHIFT_WORKING && self->break_asked &&
      respite_policy_get_strict_breaks (self->policy))
    {
      gint64 prompt_id = self->break_prompt_id;

      answer_break_prompt (self, RESPITE_RESPONSE_TAKEN);
      self->break_asked = FALSE;
      begin_break (self, RESPITE_BREAK_BREAK, respite_policy_get_break_duration (self->policy),
                   prompt_id);
      break_strict_hold (self);
    }

  refresh_stretch (self);
  reschedule (self);
}

static void
respite_shift_dispose (GObject *object)
{
  RespiteShift *self = RESPITE_SHIFT (object);

  if (self->timer_id != 0)
    {
      respite_clock_remove_timeout (self->clock, self->timer_id);
      self->timer_id = 0;
    }

  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);

  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->policy);
  g_clear_object (&self->limits);

  G_OBJECT_CLASS (respite_shift_parent_class)->dispose (object);
}

static void
respite_shift_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RespiteShift *self = RESPITE_SHIFT (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_shift_class_init (RespiteShiftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = respite_shift_dispose;
  object_class->get_property = respite_shift_get_property;

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       RESPITE_TYPE_SHIFT_PHASE, RESPITE_SHIFT_WORKING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RespiteShift::prompt:
   * @deadline: the RespiteDeadline that fell due
   *
   * Time to tell the reviewer: a break is near or due, or the daily cap is
   * near or reached. The prompt is already in the store.
   */
  signals[PROMPT] =
    g_signal_new ("prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
respite_shift_init (RespiteShift *self)
{
  self->phase = RESPITE_SHIFT_WORKING;
}

RespiteShift *
respite_shift_new (RespiteTracker *tracker,
                   RespiteStore   *store,
                   RespiteClock   *clock,
                   RespitePolicy  *policy)
{
  RespiteShift *self;

  g_return_val_if_fail (RESPITE_IS_TRACKER (tracker), NULL);
  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);

  self = g_object_new (RESPITE_TYPE_SHIFT, NULL);
  self->tracker = g_object_ref (tracker);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->policy = g_object_ref (policy);
  /* Before the handler below: the limits must hear of a change first. */
  self->limits = respite_limits_new (tracker, store, clock);

  g_signal_connect_swapped (tracker, "notify::state", G_CALLBACK (tracker_state_cb), self);
  /* A switch changes which caps count, and how fast. */
  g_signal_connect_swapped (tracker, "notify::kind", G_CALLBACK (reschedule), self);
  g_signal_connect_swapped (tracker, "notify::intensity", G_CALLBACK (reschedule), self);

  refresh_stretch (self);
  reschedule (self);

  return self;
}

/* The exposure the limits compare, for the Now view. */
RespiteLimits *
respite_shift_get_limits (RespiteShift *self)
{
  g_return_val_if_fail (RESPITE_IS_SHIFT (self), NULL);

  return self->limits;
}

RespitePolicy *
respite_shift_get_policy (RespiteShift *self)
{
  g_return_val_if_fail (RESPITE_IS_SHIFT (self), NULL);

  return self->policy;
}

void
respite_shift_set_policy (RespiteShift  *self,
                          RespitePolicy *policy)
{
  g_return_if_fail (RESPITE_IS_SHIFT (self));
  g_return_if_fail (RESPITE_IS_POLICY (policy));

  g_set_object (&self->policy, policy);
  refresh_stretch (self);
  reschedule (self);
}

RespiteShiftPhase
respite_shift_get_phase (RespiteShift *self)
{
  g_return_val_if_fail (RESPITE_IS_SHIFT (self), RESPITE_SHIFT_WORKING);

  return self->phase;
}

/* Seconds left of the break or decompression counting down, else 0. */
gint64
respite_shift_get_break_remaining (RespiteShift *self)
{
  gint64 left;

  g_return_val_if_fail (RESPITE_IS_SHIFT (self), 0);

  if (self->phase == RESPITE_SHIFT_WORKING)
    return 0;

  left = self->break_end_mono - respite_clock_get_monotonic_time (self->clock);

  return MAX (0, (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* Whether a break is due and waiting for an answer. */
gboolean
respite_shift_get_break_due (RespiteShift *self)
{
  g_return_val_if_fail (RESPITE_IS_SHIFT (self), FALSE);

  return self->break_asked && self->phase == RESPITE_SHIFT_WORKING;
}

/**
 * respite_shift_get_next_break_in:
 *
 * Returns: how many more seconds of exposure until the next break is due,
 *   0 if it is due now
 */
gint64
respite_shift_get_next_break_in (RespiteShift *self)
{
  gint64 due_at;

  g_return_val_if_fail (RESPITE_IS_SHIFT (self), 0);

  if (self->break_asked)
    return 0;

  due_at = self->snoozed_until > 0 ? self->snoozed_until
                                   : respite_policy_get_break_interval (self->policy);

  return MAX (0, due_at - respite_shift_get_continuous_seconds (self));
}

static gboolean
refuse_if_strict (RespiteShift  *self,
                  GError       **error)
{
  if (!respite_policy_get_strict_breaks (self->policy))
    return FALSE;

  g_set_error_literal (error, RESPITE_SHIFT_ERROR, RESPITE_SHIFT_ERROR_STRICT,
                       _("Your organisation’s policy asks for breaks to be taken in full, so "
                         "they cannot be snoozed, skipped or cut short."));
  return TRUE;
}

static void
answer_break_prompt (RespiteShift    *self,
                     RespiteResponse  response)
{
  g_autoptr(GError) error = NULL;

  if (self->break_prompt_id != 0 &&
      !respite_store_answer_prompt (self->store, self->break_prompt_id, response,
                                    now_unix (self), &error))
    warn_store (error);

  self->break_prompt_id = 0;
}

/**
 * respite_shift_take_break:
 *
 * Ends the running block, if any, and starts the break's countdown. In
 * strict mode, exposure cannot start again until it is over.
 */
gboolean
respite_shift_take_break (RespiteShift  *self,
                          GError       **error)
{
  gint64 prompt_id;

  g_return_val_if_fail (RESPITE_IS_SHIFT (self), FALSE);

  if (self->phase != RESPITE_SHIFT_WORKING)
    return TRUE;

  prompt_id = self->break_prompt_id;
  answer_break_prompt (self, RESPITE_RESPONSE_TAKEN);
  self->break_asked = FALSE;

  if (!respite_tracker_stop (self->tracker, RESPITE_END_BREAK, error))
    return FALSE;

  begin_break (self, RESPITE_BREAK_BREAK, respite_policy_get_break_duration (self->policy),
               prompt_id);
  break_strict_hold (self);
  reschedule (self);

  return TRUE;
}

/**
 * respite_shift_end_break:
 *
 * Ends the break or decompression before its countdown is over: refused
 * for a break when the policy asks for full breaks.
 */
gboolean
respite_shift_end_break (RespiteShift  *self,
                         GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_SHIFT (self), FALSE);

  if (self->phase == RESPITE_SHIFT_WORKING)
    return TRUE;

  if (self->phase == RESPITE_SHIFT_ON_BREAK && refuse_if_strict (self, error))
    return FALSE;

  finish_break (self);
  reschedule (self);

  return TRUE;
}

/* Answers a break that is due with @response, and asks again after
 * @delay more seconds of exposure. */
static gboolean
put_off_break (RespiteShift     *self,
               RespiteResponse   response,
               gint64            delay,
               GError          **error)
{
  if (!self->break_asked)
    return TRUE;

  if (refuse_if_strict (self, error))
    return FALSE;

  answer_break_prompt (self, response);
  self->break_asked = FALSE;
  self->snoozed_until = respite_shift_get_continuous_seconds (self) + delay;
  reschedule (self);

  return TRUE;
}

gboolean
respite_shift_snooze (RespiteShift  *self,
                      GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_SHIFT (self), FALSE);

  return put_off_break (self, RESPITE_RESPONSE_SNOOZED,
                        respite_policy_get_snooze (self->policy), error);
}

/* Skipping is allowed (care, not compliance): the break is asked again
 * after another full interval of exposure. */
gboolean
respite_shift_skip (RespiteShift  *self,
                    GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_SHIFT (self), FALSE);

  return put_off_break (self, RESPITE_RESPONSE_SKIPPED,
                        respite_policy_get_break_interval (self->policy), error);
}

/**
 * respite_shift_end_shift:
 *
 * Ends the running block and starts the end-of-shift decompression, if the
 * policy has one.
 */
gboolean
respite_shift_end_shift (RespiteShift  *self,
                         GError       **error)
{
  gint64 decompression;

  g_return_val_if_fail (RESPITE_IS_SHIFT (self), FALSE);

  if (self->phase == RESPITE_SHIFT_DECOMPRESSING)
    return TRUE;

  /* The shift is over: nothing is held or asked for it any more (and so
   * stopping below does not start a strict break). */
  respite_tracker_set_hold (self->tracker, NULL);
  self->break_asked = FALSE;

  if (!respite_tracker_stop (self->tracker, RESPITE_END_SHIFT, error))
    return FALSE;

  /* A break in progress becomes the decompression. */
  if (self->phase == RESPITE_SHIFT_ON_BREAK)
    finish_break (self);

  decompression = respite_policy_get_decompression (self->policy);
  if (decompression > 0)
    begin_break (self, RESPITE_BREAK_DECOMPRESSION, decompression, 0);

  reschedule (self);

  return TRUE;
}
