/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePolicy: the organisation's care policy, made stricter (never
 * looser) by the reviewer's own preferences, as one immutable value, and
 * the next deadline it sets for a shift.
 *
 * The organisation's file is read by respite-policy-file.c.
 */

#define G_LOG_DOMAIN "respite-policy"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-policy.h"
#include "respite-policy-private.h"
#include "respite-prompt.h"
#include "respite-support.h"

G_DEFINE_FINAL_TYPE (RespitePolicy, respite_policy, G_TYPE_OBJECT)

static void
respite_policy_finalize (GObject *object)
{
  RespitePolicy *self = RESPITE_POLICY (object);

  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_object (&self->support);
  g_clear_pointer (&self->team_store_type, g_free);
  g_clear_pointer (&self->team_store_location, g_free);
  g_clear_pointer (&self->team, g_free);
  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->review_tools, g_ptr_array_unref);
  g_clear_pointer (&self->training, g_ptr_array_unref);

  G_OBJECT_CLASS (respite_policy_parent_class)->finalize (object);
}

static void
respite_policy_class_init (RespitePolicyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_policy_finalize;
}

static void
respite_policy_init (RespitePolicy *self)
{
  self->break_interval = DEFAULT_INTERVAL_MINUTES * 60;
  self->break_reminder = default_reminder_minutes (DEFAULT_INTERVAL_MINUTES) * 60;
  self->break_duration = DEFAULT_DURATION_MINUTES * 60;
  self->snooze = DEFAULT_SNOOZE_MINUTES * 60;
  self->strict_breaks = FALSE;
  self->daily_cap = DEFAULT_DAILY_CAP_MINUTES * 60;
  self->cap_warning_percent = DEFAULT_WARNING_PERCENT;
  self->decompression = DEFAULT_DECOMPRESSION_MINUTES * 60;
  self->idle_threshold[RESPITE_KIND_IMAGE] = DEFAULT_IDLE_IMAGE_SECONDS;
  self->idle_threshold[RESPITE_KIND_TEXT] = DEFAULT_IDLE_TEXT_SECONDS;
  self->idle_threshold[RESPITE_KIND_AUDIO] = DEFAULT_IDLE_AUDIO_SECONDS;
  self->idle_threshold[RESPITE_KIND_VIDEO] = DEFAULT_IDLE_VIDEO_SECONDS;
  self->idle_threshold[RESPITE_KIND_LIVE] = DEFAULT_IDLE_LIVE_SECONDS;
  self->anonymity_threshold = DEFAULT_ANONYMITY_THRESHOLD;
  self->pulse_intensity = DEFAULT_PULSE_INTENSITY;
  self->who5_interval = DEFAULT_WHO5_DAYS * SECONDS_PER_DAY;
  self->phq4_interval = 0;
  self->counselling_interval = DEFAULT_COUNSELLING_DAYS * SECONDS_PER_DAY;
  self->retention = DEFAULT_RETENTION_DAYS * SECONDS_PER_DAY;
  self->team_store_type = g_strdup ("sqlite");
  self->allow_opt_out = TRUE;
  self->epsilon_budget = DEFAULT_EPSILON_BUDGET;
  self->review_mode = RESPITE_REVIEW_OFF;
  self->review_tools = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_review_tool_free);
  for (guint i = 0; i < RESPITE_INTENSITY_MAX; i++)
    self->intensity_weight[i] = DEFAULT_INTENSITY_WEIGHT;
  self->training = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_training_course_free);
  self->aid_reminders = DEFAULT_AID_REMINDERS;
}

char *
respite_policy_get_default_path (void)
{
  const char *path = g_getenv ("RESPITE_ORGANISATION_CONF");

  if (path != NULL && *path != '\0')
    return g_strdup (path);

  return g_strdup (ORGANISATION_CONF);
}

RespitePolicy *
respite_policy_new_default (void)
{
  RespitePolicy *self = g_object_new (RESPITE_TYPE_POLICY, NULL);

  self->support = respite_support_new (NULL, NULL);

  return self;
}

/* The personal value of @key in minutes, or 0 for "as the organisation
 * says", also when the installed schema is older and lacks the key. */
static gint64
preference_minutes (GSettings  *preferences,
                    const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (preferences, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return 0;

  return MAX (g_settings_get_int (preferences, key), 0);
}

/* Personal preferences only ever make the rules stricter: a shorter
 * interval, a longer break, a lower cap, a longer decompression. */
static void
apply_preferences (RespitePolicy *self,
                   GSettings     *preferences)
{
  gint64 interval = preference_minutes (preferences, "break-interval-minutes") * 60;
  gint64 duration = preference_minutes (preferences, "break-duration-minutes") * 60;
  gint64 cap = preference_minutes (preferences, "daily-cap-minutes") * 60;
  gint64 decompression = preference_minutes (preferences, "decompression-minutes") * 60;

  if (interval > 0 && interval < self->break_interval)
    {
      /* Keep the reminder as long before the break as the organisation
       * has it; if that leaves no room, or the organisation has no
       * reminder, there is none. */
      gint64 lead = self->break_interval - self->break_reminder;

      self->break_reminder = self->break_reminder > 0 ? MAX (interval - lead, 0) : 0;
      self->break_interval = interval;
    }

  if (duration > self->break_duration)
    self->break_duration = duration;

  if (cap > 0 && cap < self->daily_cap)
    self->daily_cap = cap;

  if (decompression > self->decompression)
    self->decompression = decompression;
}

RespitePolicy *
respite_policy_load (const char  *path,
                     GSettings   *preferences,
                     GPtrArray  **problems)
{
  g_autoptr(RespitePolicy) self = NULL;
  g_autofree char *default_path = NULL;

  g_return_val_if_fail (preferences == NULL || G_IS_SETTINGS (preferences), NULL);

  if (path == NULL)
    path = default_path = respite_policy_get_default_path ();

  self = respite_policy_new_default ();
  respite_policy_file_load (self, path, problems);

  if (preferences != NULL)
    apply_preferences (self, preferences);

  return g_steal_pointer (&self);
}

const char *
respite_policy_get_source (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->source;
}

const char *
respite_policy_get_organisation (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->organisation;
}

const char *
respite_policy_get_version (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->version;
}

gboolean
respite_policy_is_default (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), TRUE);

  return self->source == NULL;
}

gint64
respite_policy_get_break_interval (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->break_interval;
}

gint64
respite_policy_get_break_reminder (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->break_reminder;
}

gint64
respite_policy_get_break_duration (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->break_duration;
}

gint64
respite_policy_get_snooze (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->snooze;
}

gboolean
respite_policy_get_strict_breaks (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), FALSE);

  return self->strict_breaks;
}

gint64
respite_policy_get_daily_cap (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->daily_cap;
}

guint
respite_policy_get_cap_warning_percent (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->cap_warning_percent;
}

gint64
respite_policy_get_decompression (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->decompression;
}

gint64
respite_policy_get_idle_threshold (RespitePolicy *self,
                                   RespiteKind    kind)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);
  g_return_val_if_fail (kind < RESPITE_N_KINDS, 0);

  return self->idle_threshold[kind];
}

guint
respite_policy_get_anonymity_threshold (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), DEFAULT_ANONYMITY_THRESHOLD);

  return self->anonymity_threshold;
}

RespiteDeadline
respite_policy_next_deadline (RespitePolicy           *self,
                              const RespiteShiftState *state,
                              gint64                  *in_seconds)
{
  gboolean snoozed;
  RespiteDeadline next = RESPITE_DEADLINE_NONE;
  gint64 next_in = 0;

  g_return_val_if_fail (RESPITE_IS_POLICY (self), RESPITE_DEADLINE_NONE);
  g_return_val_if_fail (state != NULL, RESPITE_DEADLINE_NONE);

  if (in_seconds != NULL)
    *in_seconds = 0;

  if (!state->exposed)
    return RESPITE_DEADLINE_NONE;

  snoozed = state->snoozed_until > 0 && !self->strict_breaks;

  {
    double rate = respite_policy_get_intensity_weight (self, state->intensity);
    RespiteDeadline kind_deadline = respite_deadline_for_kind_cap (state->kind);
    gint64 kind_cap = respite_policy_get_kind_cap (self, state->kind);
    /* In the order that breaks ties: see the header. */
    const struct
    {
      RespiteDeadline deadline;
      gboolean        pending;
      gint64          at;    /* when it falls due … */
      gint64          now;   /* … on this count of exposure … */
      double          rate;  /* … which grows this fast */
    } candidates[] = {
      { RESPITE_DEADLINE_BREAK_DUE,
        !state->break_asked,
        snoozed ? state->snoozed_until : self->break_interval,
        state->continuous_seconds, 1 },
      { RESPITE_DEADLINE_CAP_REACHED,
        !state->cap_reached,
        self->daily_cap,
        state->today_seconds, rate },
      { kind_deadline,
        kind_cap > 0 && !state->kind_cap_reached[state->kind],
        kind_cap,
        state->kind_seconds[state->kind], 1 },
      { RESPITE_DEADLINE_WEEKLY_CAP_REACHED,
        self->weekly_cap > 0 && !state->weekly_cap_reached,
        self->weekly_cap,
        state->week_seconds, 1 },
      /* Due at once, on a day past the limit. */
      { RESPITE_DEADLINE_DAYS_IN_A_ROW,
        self->consecutive_days > 0 && state->days_in_a_row > self->consecutive_days &&
        !state->days_reached,
        0, 0, 1 },
      { RESPITE_DEADLINE_BREAK_REMINDER,
        self->break_reminder > 0 && !state->reminded && !state->break_asked && !snoozed,
        self->break_reminder,
        state->continuous_seconds, 1 },
      { RESPITE_DEADLINE_CAP_WARNING,
        !state->cap_warned && !state->cap_reached,
        self->daily_cap * self->cap_warning_percent / 100,
        state->today_seconds, rate },
    };

    for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
      {
        gint64 in;

        if (!candidates[i].pending)
          continue;

        in = MAX (candidates[i].at - candidates[i].now, 0);
        /* Whole seconds of exposure, rounded up: the prompt never comes
         * before the count reaches the cap. */
        if (candidates[i].rate != 1)
          {
            gint64 at_rate = (gint64) (in / candidates[i].rate);

            in = at_rate * candidates[i].rate < in ? at_rate + 1 : at_rate;
          }
        if (next == RESPITE_DEADLINE_NONE || in < next_in)
          {
            next = candidates[i].deadline;
            next_in = in;
          }
      }
  }

  if (in_seconds != NULL)
    *in_seconds = next_in;

  return next;
}

int
respite_policy_get_pulse_intensity (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->pulse_intensity;
}

gint64
respite_policy_get_check_in_interval (RespitePolicy *self,
                                      const char    *instrument_id)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);
  g_return_val_if_fail (instrument_id != NULL, 0);

  if (g_str_equal (instrument_id, "who5"))
    return self->who5_interval;
  if (g_str_equal (instrument_id, "phq4"))
    return self->phq4_interval;
  /* RESPITE_STS_INSTRUMENT: a pack, never shipped (docs/instruments.md). */
  if (g_str_equal (instrument_id, "proqol5"))
    return self->sts_interval;

  return 0;
}

gboolean
respite_policy_check_in_due (RespitePolicy *self,
                             const char    *instrument_id,
                             gint64         last_at,
                             gint64         now)
{
  gint64 interval;

  g_return_val_if_fail (RESPITE_IS_POLICY (self), FALSE);

  interval = respite_policy_get_check_in_interval (self, instrument_id);
  if (interval == 0)
    return FALSE;

  /* A clock set back must not make a check-in due again and again, nor
   * put it off for ever: a last time in the future counts as now. */
  return last_at <= 0 || now - MIN (last_at, now) >= interval;
}

gboolean
respite_policy_pulse_after (RespitePolicy *self,
                            int            intensity)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), FALSE);

  return self->pulse_intensity > 0 && intensity >= self->pulse_intensity;
}

gint64
respite_policy_get_counselling_interval (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->counselling_interval;
}

gint64
respite_policy_get_retention (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->retention;
}

RespiteSupport *
respite_policy_get_support (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->support;
}

const char *
respite_policy_get_team_store_type (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->team_store_type;
}

const char *
respite_policy_get_team_store_location (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->team_store_location;
}

const char *
respite_policy_get_team (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->team;
}

/* The group above the team ([TeamStore] group=), or NULL: its rows are
 * counted in the group's figures too. */
const char *
respite_policy_get_group (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->group;
}

gboolean
respite_policy_get_allow_opt_out (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), TRUE);

  return self->allow_opt_out;
}

double
respite_policy_get_epsilon_budget (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), DEFAULT_EPSILON_BUDGET);

  return self->epsilon_budget;
}

GPtrArray *
respite_policy_get_training (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->training;
}

gboolean
respite_policy_get_aid_reminders (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), FALSE);

  return self->aid_reminders;
}
