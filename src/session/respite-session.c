/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteSession: one reviewer's Respite, without a window. It owns the
 * policy, the personal store, the tracker, the shift, the check-ins, the
 * questionnaires and the publisher, and holds the rules between them:
 *
 * - a damaged store is moved aside and a fresh one started, and the
 *   reviewer is told where the old one went;
 * - detail older than the policy's retention is deleted, once a start;
 * - whatever the reviewer records queues its days for publishing;
 * - an absence (idle, screen lock, sleep) pauses the running block, and
 *   the return resumes it or offers to;
 * - the kind and intensity last chosen are remembered for the next start;
 * - the end of a break is a calm moment for a check-in that is due.
 *
 * The application gives each user action to the session's objects and
 * shows what the session signals; the window and Preferences read the
 * session. Nothing here needs GTK, so tests/core/test-session.c runs it
 * headless with a fake clock.
 */

#define G_LOG_DOMAIN "respite-session"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-session.h"
#include "respite-review-focus.h"
#include "respite-team-store-open.h"

struct _RespiteSession
{
  GObject           parent_instance;

  RespiteClock     *clock;        /* (owned) */
  GSettings        *preferences;  /* (owned) */
  char             *policy_path;  /* (owned) (nullable): the default */
  RespitePolicy    *policy;       /* (owned) */
  GPtrArray        *policy_problems;  /* (owned) (nullable) (element-type utf8) */
  RespiteStore     *store;        /* (owned) (nullable): NULL when it cannot be opened */
  RespiteTracker   *tracker;      /* (owned) (nullable): as the store */
  RespiteShift     *shift;        /* (owned) (nullable): as the store */
  RespiteCheckIns  *check_ins;    /* (owned) (nullable): as the store */
  RespitePublisher *publisher;    /* (owned) (nullable): as the store */
  RespiteReviewFocus *review_focus; /* (owned) (nullable): as the store */
  GPtrArray        *instruments;  /* (owned) (element-type RespiteInstrument) */
  gboolean          sts_pack_reported;  /* the missing ProQOL pack was reported */
  RespitePresence  *presence;     /* (owned) (nullable): until the app has one */
  gint64            queued_until; /* Unix seconds: days up to here are queued */
  guint             prune_id;

  /* What the reviewer must be told about their data when a window shows:
   * a damaged store moved aside, a store that cannot be written, a policy
   * that could not all be read. */
  char             *problem;      /* (owned) (nullable) */
};

enum
{
  PROP_0,
  PROP_POLICY,
  PROP_LAST_COUNSELLING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_PROMPT,
  SIGNAL_CHECK_IN_PROMPT,
  SIGNAL_RESUME_OFFERED,
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RespiteSession, respite_session, G_TYPE_OBJECT)

static gint64
now_unix (RespiteSession *self)
{
  return respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;
}

/* A problem while running: on stderr, and to whoever shows it. */
static void
problem (RespiteSession *self,
         const char     *message)
{
  g_printerr ("respite: %s\n", message);
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, message);
}

/* Idle is watched only while there is exposure to pause or resume, with
 * the threshold for the kind of material: video and live review may show
 * no input for long stretches. */
static void
update_idle_watch (RespiteSession *self)
{
  RespiteTrackerState state;

  if (self->presence == NULL || self->tracker == NULL)
    return;

  state = respite_tracker_get_state (self->tracker);
  respite_presence_set_idle_threshold (self->presence,
    state == RESPITE_TRACKER_IDLE ? 0 :
    respite_policy_get_idle_threshold (self->policy, respite_tracker_get_kind (self->tracker)));
}

/* However the kind or intensity changed (a button, an action, the command
 * line), the next start remembers it. */
static void
tracker_choice_changed_cb (RespiteSession *self)
{
  g_settings_set_string (self->preferences, "kind",
                         respite_kind_to_string (respite_tracker_get_kind (self->tracker)));
  g_settings_set_int (self->preferences, "intensity",
                      respite_tracker_get_intensity (self->tracker));
  update_idle_watch (self);
}

static void
tracker_store_error_cb (RespiteSession *self,
                        const GError   *error)
{
  problem (self, error->message);
}

static void
shift_prompt_cb (RespiteSession *self,
                 int             deadline)
{
  g_signal_emit (self, signals[SIGNAL_PROMPT], 0, deadline);
}

static void
check_in_prompt_cb (RespiteSession *self,
                    int             kind)
{
  g_signal_emit (self, signals[SIGNAL_CHECK_IN_PROMPT], 0, kind);
}

/* The end of a break or of the decompression is a calm moment for a
 * check-in that is due. */
static void
shift_phase_cb (RespiteSession *self)
{
  if (respite_shift_get_phase (self->shift) == RESPITE_SHIFT_WORKING)
    respite_check_ins_review (self->check_ins);
}

static void check_sts_pack (RespiteSession *self);

/* The organisation's policy with the reviewer's stricter preferences. A
 * bad policy file never stops the app: the bad keys fall back to the
 * defaults, and the reviewer is told which. */
static void
load_policy (RespiteSession *self)
{
  g_clear_pointer (&self->policy_problems, g_ptr_array_unref);
  g_clear_object (&self->policy);
  self->policy = respite_policy_load (self->policy_path, self->preferences,
                                      &self->policy_problems);

  for (guint i = 0; self->policy_problems != NULL && i < self->policy_problems->len; i++)
    g_printerr ("respite: %s\n", (const char *) g_ptr_array_index (self->policy_problems, i));
}

/**
 * respite_session_reload_policy:
 *
 * Reads the policy again and gives it to everything that follows it.
 */
void
respite_session_reload_policy (RespiteSession *self)
{
  g_return_if_fail (RESPITE_IS_SESSION (self));

  load_policy (self);

  if (self->shift != NULL)
    respite_shift_set_policy (self->shift, self->policy);
  if (self->check_ins != NULL)
    respite_check_ins_set_policy (self->check_ins, self->policy);
  if (self->publisher != NULL)
    {
      g_autoptr(GError) error = NULL;

      respite_publisher_set_policy (self->publisher, self->policy);
      if (!respite_publisher_set_team (self->publisher, respite_policy_get_team (self->policy),
                                       &error))
        g_printerr ("respite: %s\n", error->message);
    }

  if (self->review_focus != NULL)
    respite_review_focus_set_policy (self->review_focus, self->policy);

  check_sts_pack (self);
  update_idle_watch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLICY]);
}

/* The reviewer's own limits are part of the policy. */
static void
preferences_changed_cb (RespiteSession *self,
                        const char     *key)
{
  if (g_str_has_suffix (key, "-minutes"))
    respite_session_reload_policy (self);
  else if (g_str_equal (key, "follow-review-tools") && self->review_focus != NULL)
    respite_review_focus_set_enabled (self->review_focus,
                                      g_settings_get_boolean (self->preferences, key));
}

/**
 * respite_session_prune:
 *
 * The policy's retention: deletes detail older than it.
 *
 * Returns: %FALSE with @error set if the store could not be pruned
 */
gboolean
respite_session_prune (RespiteSession  *self,
                       GError         **error)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), FALSE);

  if (self->store == NULL)
    return TRUE;

  return respite_store_prune (self->store, now_unix (self) -
                              respite_policy_get_retention (self->policy), error);
}

/* Once at each start (a shift rarely outlasts a day, and a day more is no
 * harm), at low priority, after the first frame: a first start on years of
 * history may delete a lot. */
static gboolean
prune_cb (gpointer user_data)
{
  RespiteSession *self = RESPITE_SESSION (user_data);
  g_autoptr(GError) error = NULL;

  self->prune_id = 0;
  if (!respite_session_prune (self, &error))
    g_printerr ("respite: %s\n", error->message);

  return G_SOURCE_REMOVE;
}

/**
 * respite_session_queue_recent:
 *
 * Whatever was recorded since the last call puts its days in the queue;
 * the publisher sends each day once it is over, and again if it changes.
 */
void
respite_session_queue_recent (RespiteSession *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now;

  g_return_if_fail (RESPITE_IS_SESSION (self));

  if (self->publisher == NULL)
    return;

  now = now_unix (self);
  if (!respite_publisher_queue_period (self->publisher, MIN (self->queued_until, now), now,
                                       &error))
    g_printerr ("respite: %s\n", error->message);
  self->queued_until = now;
}

/* The publisher found the team store damaged and started a fresh one,
 * which it refills. The reviewer is told as of their own store. */
static void
team_store_replaced_cb (RespiteSession *self,
                        const char     *message)
{
  problem (self, message);
}

/* The team store is opened by the publisher in its worker thread, with the
 * policy's settings as they were at start-up; the publisher writes, so it
 * may replace a damaged store. */
static void
start_publishing (RespiteSession *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  RespiteTeamStoreSettings *settings =
    respite_team_store_settings_new (respite_policy_get_team_store_type (self->policy),
                                     respite_policy_get_team_store_location (self->policy));

  self->publisher = respite_publisher_new_replacing (self->store, self->policy, self->clock, tz,
                                                     respite_team_store_settings_open, settings,
                                                     respite_team_store_settings_free);
  g_signal_connect_object (self->publisher, "team-store-replaced",
                           G_CALLBACK (team_store_replaced_cb), self, G_CONNECT_SWAPPED);
  if (!respite_publisher_set_team (self->publisher, respite_policy_get_team (self->policy),
                                   &error))
    g_printerr ("respite: %s\n", error->message);

  /* What changes a day: a block, a break, a check-in. */
  self->queued_until = now_unix (self);
  g_signal_connect_object (self->tracker, "notify::state",
                           G_CALLBACK (respite_session_queue_recent), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->shift, "notify::phase",
                           G_CALLBACK (respite_session_queue_recent), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->check_ins, "notify::pending",
                           G_CALLBACK (respite_session_queue_recent), self, G_CONNECT_SWAPPED);

  /* What an earlier run left queued. */
  respite_publisher_publish_now (self->publisher);
}

static void
set_problem (RespiteSession *self,
             char           *message)
{
  g_free (self->problem);
  self->problem = message;
}

static void
open_store (RespiteSession *self,
            const char     *store_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_unix (self));
  g_autofree char *default_path = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *kind_name = NULL;
  RespiteKind kind = RESPITE_KIND_IMAGE;

  if (store_path == NULL)
    store_path = default_path = respite_store_get_default_path ();

  self->store = respite_store_open_or_replace (store_path, now, &moved_to, &error);
  if (self->store != NULL)
    self->tracker = respite_tracker_new (self->store, self->clock, &error);

  if (self->tracker == NULL)
    {
      set_problem (self, g_strdup_printf (_("Exposure cannot be recorded: %s"), error->message));
      g_printerr ("respite: %s\n", self->problem);
      return;
    }

  if (self->policy_problems != NULL && self->policy_problems->len > 0)
    set_problem (self, g_strdup_printf (ngettext ("A setting in your organisation’s policy "
                                                  "could not be read, so Respite’s default "
                                                  "applies to it. Preferences shows which.",
                                                  "%u settings in your organisation’s policy "
                                                  "could not be read, so Respite’s defaults "
                                                  "apply to them. Preferences shows which.",
                                                  self->policy_problems->len),
                                        self->policy_problems->len));

  if (moved_to != NULL)
    {
      set_problem (self, g_strdup_printf (_("Your Respite data could not be read, so a fresh "
                                            "log was started. The old file was kept as %s."),
                                          moved_to));
      g_printerr ("respite: %s\n", self->problem);
    }

  kind_name = g_settings_get_string (self->preferences, "kind");
  respite_kind_from_string (kind_name, &kind);
  respite_tracker_set_kind (self->tracker, kind, NULL);
  respite_tracker_set_intensity (self->tracker,
                                 g_settings_get_int (self->preferences, "intensity"), NULL);

  g_signal_connect_object (self->tracker, "notify::state",
                           G_CALLBACK (update_idle_watch), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "notify::kind",
                           G_CALLBACK (tracker_choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "notify::intensity",
                           G_CALLBACK (tracker_choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "store-error",
                           G_CALLBACK (tracker_store_error_cb), self, G_CONNECT_SWAPPED);

  self->shift = respite_shift_new (self->tracker, self->store, self->clock, self->policy);
  g_signal_connect_object (self->shift, "prompt",
                           G_CALLBACK (shift_prompt_cb), self, G_CONNECT_SWAPPED);

  self->check_ins = respite_check_ins_new (self->tracker, self->store, self->clock,
                                           self->policy);
  g_signal_connect_object (self->check_ins, "prompt",
                           G_CALLBACK (check_in_prompt_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->shift, "notify::phase",
                           G_CALLBACK (shift_phase_cb), self, G_CONNECT_SWAPPED);

  self->review_focus = respite_review_focus_new (self->clock, self->tracker, self->policy);
  respite_review_focus_set_enabled (self->review_focus,
                                    g_settings_get_boolean (self->preferences,
                                                            "follow-review-tools"));

  self->prune_id = g_idle_add_full (G_PRIORITY_LOW, prune_cb, self, NULL);
  start_publishing (self);
}

/* The secondary traumatic stress check-in needs its pack: without it, the
 * check-in is not offered, and if the policy asks for it the reviewer is
 * told why, once. */
static void
check_sts_pack (RespiteSession *self)
{
  gboolean installed = respite_session_find_instrument (self, RESPITE_STS_INSTRUMENT) != NULL;
  g_autofree char *message = NULL;

  if (self->check_ins != NULL)
    respite_check_ins_set_sts_installed (self->check_ins, installed);

  if (installed || self->sts_pack_reported ||
      respite_policy_get_check_in_interval (self->policy, RESPITE_STS_INSTRUMENT) == 0)
    return;

  self->sts_pack_reported = TRUE;
  message = g_strdup (_("Your organisation asks for a check-in on secondary traumatic stress, "
                        "but its questionnaire, ProQOL 5, is not installed on this computer, "
                        "so it cannot be offered. Please tell whoever looks after Respite "
                        "where you work."));
  g_printerr ("respite: %s\n", message);
  respite_session_add_problem (self, message);
}

static void
load_instruments (RespiteSession *self)
{
  g_autofree char *dir = respite_instrument_get_default_dir ();
  g_autoptr(GPtrArray) problems = NULL;

  self->instruments = respite_instrument_load_dir (dir, &problems);
  respite_instrument_add_packs (self->instruments, NULL, problems);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_printerr ("respite: %s\n", (const char *) g_ptr_array_index (problems, i));

  check_sts_pack (self);
}

/**
 * respite_session_new:
 * @clock: the one clock
 * @preferences: the reviewer's settings (io.github.respite.Respite)
 * @policy_path: (nullable): the organisation's policy, or %NULL for the
 *   installed one
 * @store_path: (nullable): the personal store, or %NULL for the default
 *
 * Reads the policy, opens the store (replacing a damaged one) and starts
 * publishing. Without a store, the session has no tracker, shift,
 * check-ins or publisher, and respite_session_get_problem() says why.
 */
RespiteSession *
respite_session_new (RespiteClock *clock,
                     GSettings    *preferences,
                     const char   *policy_path,
                     const char   *store_path)
{
  RespiteSession *self;

  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (preferences), NULL);

  self = g_object_new (RESPITE_TYPE_SESSION, NULL);
  self->clock = g_object_ref (clock);
  self->preferences = g_object_ref (preferences);
  self->policy_path = g_strdup (policy_path);

  load_policy (self);
  g_signal_connect_object (self->preferences, "changed",
                           G_CALLBACK (preferences_changed_cb), self, G_CONNECT_SWAPPED);
  open_store (self, store_path);
  load_instruments (self);

  return self;
}

static void
presence_away_cb (RespiteSession *self,
                  RespiteAbsence  absence,
                  gint64          seconds_ago)
{
  static const RespiteEndReason reasons[] = {
    [RESPITE_ABSENCE_IDLE] = RESPITE_END_IDLE,
    [RESPITE_ABSENCE_LOCKED] = RESPITE_END_LOCKED,
    [RESPITE_ABSENCE_SUSPENDED] = RESPITE_END_SUSPENDED,
  };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (absence < G_N_ELEMENTS (reasons));

  if (self->tracker != NULL &&
      !respite_tracker_pause (self->tracker, reasons[absence], seconds_ago, &error))
    problem (self, error->message);
}

/* Back from an absence: the paused block resumes if the reviewer asked for
 * that, or is offered to resume. */
static void
presence_back_cb (RespiteSession *self,
                  RespiteAbsence  absence)
{
  g_autoptr(GError) error = NULL;

  if (self->tracker == NULL ||
      respite_tracker_get_state (self->tracker) != RESPITE_TRACKER_PAUSED)
    return;

  if (!g_settings_get_boolean (self->preferences, "auto-resume"))
    g_signal_emit (self, signals[SIGNAL_RESUME_OFFERED], 0);
  else if (!respite_tracker_start (self->tracker, &error))
    problem (self, error->message);
}

/**
 * respite_session_set_presence:
 * @presence: absence detection, made by the app once the buses answer
 *
 * From now on an absence pauses the running block.
 */
void
respite_session_set_presence (RespiteSession  *self,
                              RespitePresence *presence)
{
  g_return_if_fail (RESPITE_IS_SESSION (self));
  g_return_if_fail (RESPITE_IS_PRESENCE (presence));
  g_return_if_fail (self->presence == NULL);

  self->presence = g_object_ref (presence);
  g_signal_connect_object (presence, "away", G_CALLBACK (presence_away_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (presence, "back", G_CALLBACK (presence_back_cb), self,
                           G_CONNECT_SWAPPED);
  update_idle_watch (self);
}

/**
 * respite_session_note_counselling:
 *
 * The reviewer notes a counselling session: it stays on this computer and
 * only spaces out the reminders.
 */
gboolean
respite_session_note_counselling (RespiteSession  *self,
                                  GError         **error)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (respite_store_add_counselling_session (self->store, now_unix (self), error) == 0)
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_COUNSELLING]);

  return TRUE;
}

/* Returns: when the reviewer last noted a counselling session, Unix
 * seconds, or 0 */
gint64
respite_session_get_last_counselling (RespiteSession *self)
{
  g_autoptr(GError) error = NULL;
  gint64 at = 0;

  g_return_val_if_fail (RESPITE_IS_SESSION (self), 0);

  if (self->store != NULL &&
      !respite_store_get_last_counselling_session_at (self->store, &at, &error))
    g_debug ("%s", error->message);

  return at;
}

/**
 * respite_session_describe_status:
 *
 * One line for scripts, in a fixed, untranslated form: the tracker's
 * state, the running block, the shift's phase and today's total.
 */
char *
respite_session_describe_status (RespiteSession *self)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GEnumClass) states = g_type_class_ref (RESPITE_TYPE_TRACKER_STATE);
  g_autoptr(GEnumClass) phases = g_type_class_ref (RESPITE_TYPE_SHIFT_PHASE);
  RespiteTracker *tracker;
  RespiteShiftPhase phase;

  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  tracker = self->tracker;
  if (tracker == NULL)
    return g_strdup ("state=unavailable");

  g_string_append_printf (line, "state=%s",
                          g_enum_get_value (states, respite_tracker_get_state (tracker))->value_nick);

  if (respite_tracker_get_state (tracker) == RESPITE_TRACKER_EXPOSED)
    g_string_append_printf (line, " kind=%s intensity=%d block_seconds=%" G_GINT64_FORMAT,
                            respite_kind_to_string (respite_tracker_get_kind (tracker)),
                            respite_tracker_get_intensity (tracker),
                            respite_tracker_get_block_seconds (tracker));

  phase = respite_shift_get_phase (self->shift);
  if (phase != RESPITE_SHIFT_WORKING)
    g_string_append_printf (line, " shift=%s break_remaining=%" G_GINT64_FORMAT,
                            g_enum_get_value (phases, phase)->value_nick,
                            respite_shift_get_break_remaining (self->shift));
  else if (respite_shift_get_break_due (self->shift))
    g_string_append (line, " break=due");

  g_string_append_printf (line, " today_seconds=%" G_GINT64_FORMAT,
                          respite_tracker_get_today_seconds (tracker));

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Returns: (nullable): what the reviewer must be told about their data */
const char *
respite_session_get_problem (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->problem;
}

/**
 * respite_session_add_problem:
 *
 * Keeps @message for the next window, after any problem already waiting.
 */
void
respite_session_add_problem (RespiteSession *self,
                             const char     *message)
{
  g_return_if_fail (RESPITE_IS_SESSION (self));
  g_return_if_fail (message != NULL);

  if (self->problem == NULL)
    set_problem (self, g_strdup (message));
  else
    set_problem (self, g_strjoin ("\n", self->problem, message, NULL));
}

/* Returns: (transfer none) (element-type RespiteInstrument): the
 * questionnaires installed */
GPtrArray *
respite_session_get_instruments (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->instruments;
}

RespiteInstrument *
respite_session_find_instrument (RespiteSession *self,
                                 const char     *id)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; self->instruments != NULL && i < self->instruments->len; i++)
    {
      RespiteInstrument *instrument = g_ptr_array_index (self->instruments, i);

      if (g_str_equal (respite_instrument_get_id (instrument), id))
        return instrument;
    }

  return NULL;
}

/* Returns: (transfer none): the one clock */
RespiteClock *
respite_session_get_clock (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->clock;
}

/* Returns: (transfer none): the policy in force */
RespitePolicy *
respite_session_get_policy (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->policy;
}

/* Returns: (transfer none) (nullable) (element-type utf8): what was wrong
 * with the organisation's policy file */
GPtrArray *
respite_session_get_policy_problems (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->policy_problems;
}

/* Returns: (transfer none) (nullable): the personal store */
RespiteStore *
respite_session_get_store (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->store;
}

/* Returns: (transfer none) (nullable): the tracker, or %NULL without a store */
RespiteTracker *
respite_session_get_tracker (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->tracker;
}

/* Returns: (transfer none) (nullable): the shift, or %NULL without a store */
RespiteShift *
respite_session_get_shift (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->shift;
}

/* Returns: (transfer none) (nullable): what is on offer, or %NULL without a store */
RespiteCheckIns *
respite_session_get_check_ins (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->check_ins;
}

/* Returns: (transfer none) (nullable): the publisher, or %NULL without a store */
RespitePublisher *
respite_session_get_publisher (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->publisher;
}

/* Returns: (transfer none) (nullable): absence detection, once set */
/* (nullable): NULL when the store could not be opened. */
RespiteReviewFocus *
respite_session_get_review_focus (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->review_focus;
}

RespitePresence *
respite_session_get_presence (RespiteSession *self)
{
  g_return_val_if_fail (RESPITE_IS_SESSION (self), NULL);

  return self->presence;
}

static void
respite_session_finalize (GObject *object)
{
  RespiteSession *self = RESPITE_SESSION (object);

  g_clear_handle_id (&self->prune_id, g_source_remove);
  g_clear_object (&self->presence);
  g_clear_object (&self->publisher);
  g_clear_object (&self->review_focus);
  g_clear_object (&self->check_ins);
  g_clear_pointer (&self->instruments, g_ptr_array_unref);
  g_clear_object (&self->shift);
  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->policy);
  g_clear_pointer (&self->policy_problems, g_ptr_array_unref);
  g_clear_pointer (&self->policy_path, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->preferences);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (respite_session_parent_class)->finalize (object);
}

static void
respite_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RespiteSession *self = RESPITE_SESSION (object);

  switch (prop_id)
    {
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;

    case PROP_LAST_COUNSELLING:
      g_value_set_int64 (value, respite_session_get_last_counselling (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_session_class_init (RespiteSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = respite_session_finalize;
  object_class->get_property = respite_session_get_property;

  /* The policy in force; notified whenever it is read again. */
  properties[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, RESPITE_TYPE_POLICY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* When the reviewer last noted a counselling session (Unix seconds, 0:
   * never); notified when they note one. */
  properties[PROP_LAST_COUNSELLING] =
    g_param_spec_int64 ("last-counselling", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RespiteSession::prompt:
   * @deadline: the RespiteDeadline that fell due: a break, the cap
   *
   * The shift's prompt, for a notification.
   */
  signals[SIGNAL_PROMPT] =
    g_signal_new ("prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * RespiteSession::check-in-prompt:
   * @deadline: the RespiteDeadline of the check-in or reminder on offer
   */
  signals[SIGNAL_CHECK_IN_PROMPT] =
    g_signal_new ("check-in-prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * RespiteSession::resume-offered:
   *
   * The reviewer is back from an absence that paused a block, and did not
   * ask for it to resume by itself.
   */
  signals[SIGNAL_RESUME_OFFERED] =
    g_signal_new ("resume-offered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  /**
   * RespiteSession::problem:
   * @message: what went wrong, for the reviewer; already on stderr
   *
   * Something the reviewer must be told while the app runs: the store
   * refused a write, or the team store was damaged and replaced.
   */
  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
respite_session_init (RespiteSession *self)
{
}
