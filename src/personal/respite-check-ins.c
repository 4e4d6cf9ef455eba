/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteCheckIns: offers check-ins and counselling reminders at calm
 * moments, as the policy schedules them. Never during a block, never more
 * than one at a time, and every one can be put off or skipped: a check-in
 * is an offer, not a duty.
 *
 * Like the break prompts, each offer and its answer is a row in the
 * prompts table; the answers to a check-in itself are stored by whoever
 * shows it (respite_store_add_check_in()).
 *
 * It needs no timer except while a "Later" runs.
 */

#define G_LOG_DOMAIN "respite-check-ins"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>

#include "respite-check-ins.h"

struct _RespiteCheckIns
{
  GObject          parent_instance;

  RespiteTracker  *tracker;  /* (owned) */
  RespiteStore    *store;    /* (owned) */
  RespiteClock    *clock;    /* (owned) */
  RespitePolicy   *policy;   /* (owned) */

  RespiteDeadline  pending;
  gint64           pending_id;
  RespiteDeadline  snoozed;       /* asked again when the snooze ends */
  gboolean         snooze_over;   /* … or between blocks, if one ran then */
  guint            snooze_id;
  gboolean         was_exposed;
  gboolean         sts_installed; /* its pack is: respite_check_ins_set_sts_installed() */
};

G_DEFINE_FINAL_TYPE (RespiteCheckIns, respite_check_ins, G_TYPE_OBJECT)

enum
{
  PROMPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
now_unix (RespiteCheckIns *self)
{
  return respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;
}

static gboolean
is_exposed (RespiteCheckIns *self)
{
  return respite_tracker_get_state (self->tracker) == RESPITE_TRACKER_EXPOSED;
}

/* Whether @kind was offered since @since. A store that cannot be read
 * says yes: better to ask too little than to ask again and again. */
static gboolean
offered_since (RespiteCheckIns *self,
               RespiteDeadline  kind,
               gint64           since)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (!respite_store_count_prompts (self->store, kind, since, G_MAXINT64, &count, &error))
    {
      g_message ("Cannot tell when a check-in was last offered: %s", error->message);
      return TRUE;
    }

  return count > 0;
}

static void
offer (RespiteCheckIns *self,
       RespiteDeadline  kind)
{
  g_autoptr(GError) error = NULL;

  self->pending = kind;
  self->pending_id = respite_store_add_prompt (self->store, kind, now_unix (self), &error);
  if (self->pending_id == 0)
    g_message ("The check-in offer is not recorded: %s", error->message);

  g_debug ("Prompt: %s", respite_deadline_to_string (kind));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  g_signal_emit (self, signals[PROMPT], 0, kind);
}

/* An instrument on a schedule is due when it has neither been done nor
 * offered within its interval. */
static gboolean
instrument_due (RespiteCheckIns *self,
                RespiteDeadline  kind)
{
  const char *id = respite_deadline_get_instrument (kind);
  gint64 interval = respite_policy_get_check_in_interval (self->policy, id);
  gint64 now = now_unix (self);
  g_autoptr(GError) error = NULL;
  gint64 last = 0;

  if (interval == 0)
    return FALSE;

  if (!respite_store_get_last_check_in_at (self->store, id, &last, &error))
    {
      g_message ("Cannot tell when %s was last done: %s", id, error->message);
      return FALSE;
    }

  return respite_policy_check_in_due (self->policy, id, last, now) &&
         !offered_since (self, kind, now - interval + 1);
}

static gboolean
counselling_due (RespiteCheckIns *self)
{
  gint64 interval = respite_policy_get_counselling_interval (self->policy);
  gint64 now = now_unix (self);
  g_autoptr(GError) error = NULL;
  gint64 last = 0;

  if (interval == 0)
    return FALSE;

  if (!respite_store_get_last_counselling_session_at (self->store, &last, &error))
    {
      g_message ("Cannot tell when counselling was last noted: %s", error->message);
      return FALSE;
    }

  return now - MIN (last, now) >= interval &&
         !offered_since (self, RESPITE_DEADLINE_COUNSELLING, now - interval + 1);
}

void
respite_check_ins_review (RespiteCheckIns *self)
{
  static const RespiteDeadline scheduled[] = {
    RESPITE_DEADLINE_CHECK_IN_WHO5,
    RESPITE_DEADLINE_CHECK_IN_PHQ4,
    RESPITE_DEADLINE_CHECK_IN_STS,
  };

  g_return_if_fail (RESPITE_IS_CHECK_INS (self));

  if (self->pending != RESPITE_DEADLINE_NONE || is_exposed (self))
    return;

  if (self->snooze_over)
    {
      RespiteDeadline kind = self->snoozed;

      self->snooze_over = FALSE;
      self->snoozed = RESPITE_DEADLINE_NONE;
      offer (self, kind);
      return;
    }

  /* A snooze still running will ask again by itself. */
  if (self->snoozed != RESPITE_DEADLINE_NONE)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (scheduled); i++)
    {
      /* A pack that is not installed cannot be offered: the session says so. */
      if (scheduled[i] == RESPITE_DEADLINE_CHECK_IN_STS && !self->sts_installed)
        continue;
      if (instrument_due (self, scheduled[i]))
        {
          offer (self, scheduled[i]);
          return;
        }
    }

  if (counselling_due (self))
    offer (self, RESPITE_DEADLINE_COUNSELLING);
}

/* The block that just ended, if it ended because the reviewer stopped (not
 * for an absence, a break or a crash). */
static gboolean
get_stopped_block (RespiteCheckIns *self,
                   RespiteBlock    *block)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;
  gint64 now = now_unix (self);

  /* No upper bound: a block that ran while the clock was put back may
   * start "later" than now. */
  blocks = respite_store_list_blocks (self->store, now - 24 * 60 * 60, G_MAXINT64, &error);
  if (blocks == NULL || blocks->len == 0)
    return FALSE;

  *block = g_array_index (blocks, RespiteBlock, blocks->len - 1);
  return block->ended_at != 0 &&
         (block->end_reason == RESPITE_END_STOPPED || block->end_reason == RESPITE_END_SWITCHED);
}

static void
tracker_state_cb (RespiteCheckIns *self)
{
  gboolean exposed = is_exposed (self);
  RespiteBlock block;

  if (exposed || !self->was_exposed)
    {
      self->was_exposed = exposed;
      return;
    }
  self->was_exposed = FALSE;

  if (self->pending != RESPITE_DEADLINE_NONE)
    return;

  /* Only when the reviewer stopped: after an absence nobody is there, and
   * a break has its own page. */
  if (!get_stopped_block (self, &block))
    return;

  if (respite_policy_pulse_after (self->policy, block.intensity) &&
      !offered_since (self, RESPITE_DEADLINE_CHECK_IN_PULSE,
                      now_unix (self) - RESPITE_PULSE_SPACING_SECONDS + 1))
    {
      offer (self, RESPITE_DEADLINE_CHECK_IN_PULSE);
      return;
    }

  /* Otherwise, between blocks is a calm moment for what is due, and for a
   * snooze that ended during the block. */
  respite_check_ins_review (self);
}

static gboolean
snooze_cb (gpointer user_data)
{
  RespiteCheckIns *self = RESPITE_CHECK_INS (user_data);

  self->snooze_id = 0;
  self->snooze_over = TRUE;
  respite_check_ins_review (self);

  return G_SOURCE_REMOVE;
}

RespiteDeadline
respite_check_ins_get_pending (RespiteCheckIns *self,
                               gint64          *prompt_id)
{
  g_return_val_if_fail (RESPITE_IS_CHECK_INS (self), RESPITE_DEADLINE_NONE);

  if (prompt_id != NULL)
    *prompt_id = self->pending_id;

  return self->pending;
}

gboolean
respite_check_ins_respond (RespiteCheckIns  *self,
                           RespiteResponse   response,
                           GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RESPITE_IS_CHECK_INS (self), FALSE);
  g_return_val_if_fail (response < RESPITE_N_RESPONSES, FALSE);

  if (self->pending == RESPITE_DEADLINE_NONE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("No check-in is on offer"));
      return FALSE;
    }

  if (self->pending_id != 0 &&
      !respite_store_answer_prompt (self->store, self->pending_id, response, now_unix (self),
                                    &local_error))
    g_message ("The answer to the check-in offer is not recorded: %s", local_error->message);

  if (response == RESPITE_RESPONSE_SNOOZED)
    {
      self->snoozed = self->pending;
      if (self->snooze_id != 0)
        respite_clock_remove_timeout (self->clock, self->snooze_id);
      self->snooze_id = respite_clock_add_timeout_seconds (self->clock,
                                                           RESPITE_CHECK_IN_SNOOZE_SECONDS,
                                                           snooze_cb, self);
    }

  self->pending = RESPITE_DEADLINE_NONE;
  self->pending_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);

  return TRUE;
}

void
respite_check_ins_set_policy (RespiteCheckIns *self,
                              RespitePolicy   *policy)
{
  g_return_if_fail (RESPITE_IS_CHECK_INS (self));
  g_return_if_fail (RESPITE_IS_POLICY (policy));

  g_set_object (&self->policy, policy);
}

static void
respite_check_ins_dispose (GObject *object)
{
  RespiteCheckIns *self = RESPITE_CHECK_INS (object);

  if (self->snooze_id != 0)
    {
      respite_clock_remove_timeout (self->clock, self->snooze_id);
      self->snooze_id = 0;
    }

  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);

  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->policy);

  G_OBJECT_CLASS (respite_check_ins_parent_class)->dispose (object);
}

static void
respite_check_ins_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RespiteCheckIns *self = RESPITE_CHECK_INS (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_int (value, self->pending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_check_ins_class_init (RespiteCheckInsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = respite_check_ins_dispose;
  object_class->get_property = respite_check_ins_get_property;

  /* The RespiteDeadline on offer, or RESPITE_DEADLINE_NONE. */
  properties[PROP_PENDING] =
    g_param_spec_int ("pending", NULL, NULL, 0, G_MAXINT, RESPITE_DEADLINE_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RespiteCheckIns::prompt:
   * @deadline: the RespiteDeadline of the offer: a check-in or counselling
   *
   * Something is offered; answer with respite_check_ins_respond().
   */
  signals[PROMPT] =
    g_signal_new ("prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
respite_check_ins_init (RespiteCheckIns *self)
{
  self->pending = RESPITE_DEADLINE_NONE;
  self->snoozed = RESPITE_DEADLINE_NONE;
}

RespiteCheckIns *
respite_check_ins_new (RespiteTracker *tracker,
                       RespiteStore   *store,
                       RespiteClock   *clock,
                       RespitePolicy  *policy)
{
  RespiteCheckIns *self;

  g_return_val_if_fail (RESPITE_IS_TRACKER (tracker), NULL);
  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);

  self = g_object_new (RESPITE_TYPE_CHECK_INS, NULL);
  self->tracker = g_object_ref (tracker);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->policy = g_object_ref (policy);
  self->was_exposed = is_exposed (self);

  g_signal_connect_swapped (tracker, "notify::state", G_CALLBACK (tracker_state_cb), self);

  return self;
}

/**
 * respite_check_ins_set_sts_installed:
 *
 * Whether the secondary traumatic stress check-in's pack
 * (RESPITE_STS_INSTRUMENT) is installed: until it is, it is never offered,
 * whatever [CheckIns] sts-days says.
 */
void
respite_check_ins_set_sts_installed (RespiteCheckIns *self,
                                     gboolean         installed)
{
  g_return_if_fail (RESPITE_IS_CHECK_INS (self));

  self->sts_installed = installed;
}

/* The pulse's "Not great" (data/instruments/pulse.json): its band
 * "struggling", "Having a hard time", is the reviewer's own words here. */
#define HARD_MOMENT_ANSWER 1

gint64
respite_check_ins_record_hard_moment (RespiteCheckIns   *self,
                                      RespiteInstrument *pulse,
                                      GError           **error)
{
  g_autoptr(RespiteInstrumentResult) result = NULL;
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (int));
  RespiteCheckIn check_in = { 0 };
  int answer = HARD_MOMENT_ANSWER;
  gint64 now;

  g_return_val_if_fail (RESPITE_IS_CHECK_INS (self), 0);
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (pulse), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!g_str_equal (respite_instrument_get_id (pulse), "pulse"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A hard moment is recorded as a pulse, not as “%s”",
                   respite_instrument_get_id (pulse));
      return 0;
    }

  result = respite_instrument_score (pulse, &answer, 1, error);
  if (result == NULL)
    return 0;

  now = respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;
  g_array_append_val (answers, answer);
  check_in.instrument_id = result->instrument_id;
  check_in.instrument_version = result->instrument_version;
  check_in.started_at = now;
  check_in.finished_at = now;
  check_in.answers = answers;
  check_in.raw_score = result->raw;
  check_in.scaled_score = result->is_scaled ? result->scaled : NAN;
  check_in.band_id = result->band_id;
  check_in.suggests_support = result->suggests_support;

  return respite_store_add_check_in (self->store, &check_in, error);
}
