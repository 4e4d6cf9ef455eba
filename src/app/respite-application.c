/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteApplication: owns the store and the tracker, and exposes every
 * action a reviewer can take as a GAction, so that a review tool, a script
 * (`gapplication action io.github.respite.Respite start-exposure "'video'"`)
 * and the Start button all do exactly the same thing.
 *
 * While a block runs the application holds itself: closing the window
 * leaves it counting in the background, at no cost but the heartbeat.
 */

#define G_LOG_DOMAIN "respite-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "respite-application.h"
#include "respite-check-in-dialog.h"
#include "respite-check-ins.h"
#include "respite-instrument.h"
#include "respite-notifier.h"
#include "respite-preferences.h"
#include "respite-publisher.h"
#include "respite-sharing-page.h"
#include "respite-team-page.h"
#include "respite-team-store-open.h"
#include "respite-presence.h"
#include "respite-window.h"
#include "respite-x11-idle.h"

struct _RespiteApplication
{
  AdwApplication  parent_instance;

  RespiteClock   *clock;    /* (owned) */
  RespiteStore   *store;    /* (owned) (nullable) NULL when the store cannot be opened */
  RespiteTracker *tracker;  /* (owned) (nullable) */
  RespiteShift   *shift;    /* (owned) (nullable) as the tracker */
  RespiteCheckIns *check_ins; /* (owned) (nullable) as the tracker */
  GPtrArray      *instruments; /* (owned) (element-type RespiteInstrument) */
  RespitePublisher *publisher; /* (owned) (nullable) as the tracker */
  gint64          queued_until;  /* Unix seconds: days up to here are queued */
  RespiteTeamStore *lead_store;  /* (owned) (nullable): set when the user may see team figures */
  RespitePolicy  *policy;   /* (owned) */
  GPtrArray      *policy_problems;  /* (owned) (element-type utf8) */
  RespitePresence *presence; /* (owned) (nullable) until the system bus answers */
  RespiteX11Idle *x11_idle; /* (owned) (nullable) as the presence */
  RespiteNotifier *notifier; /* (owned) */
  GSettings      *settings; /* (owned) */
  GCancellable   *cancellable; /* (owned) */

  /* Something the reviewer must be told about their data, once a window
   * shows: a damaged store moved aside, or a store that cannot be written. */
  char           *problem;  /* (owned) (nullable) */

  gboolean        held;
  gboolean        background;  /* started with --background: held until quit */
};

enum
{
  PROP_0,
  PROP_POLICY,
  PROP_COUNSELLING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RespiteApplication, respite_application, ADW_TYPE_APPLICATION)

static RespiteWindow *
get_window (RespiteApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return RESPITE_IS_WINDOW (window) ? RESPITE_WINDOW (window) : NULL;
}

static void
report_error (RespiteApplication *self,
              const GError       *error)
{
  RespiteWindow *window = get_window (self);

  g_printerr ("respite: %s\n", error->message);

  if (window != NULL)
    respite_window_show_problem (window, error->message);
}

/* Actions that need a store are disabled without one; the state of the
 * radio actions follows the tracker. */
static void
update_actions (RespiteApplication *self)
{
  static const char * const tracker_actions[] = {
    "start-exposure", "stop-exposure", "toggle-exposure", "set-kind", "set-intensity",
    "take-break", "snooze-break", "skip-break", "end-break", "end-shift",
    "check-in", "accept-offer", "later-offer", "skip-offer", "counselling-done", "sharing",
  };
  GActionMap *map = G_ACTION_MAP (self);

  for (guint i = 0; i < G_N_ELEMENTS (tracker_actions); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map,
                                                                              tracker_actions[i])),
                                 self->tracker != NULL);

  if (self->tracker == NULL)
    return;

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "set-kind")),
    g_variant_new_string (respite_kind_to_string (respite_tracker_get_kind (self->tracker))));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "set-intensity")),
    g_variant_new_int32 (respite_tracker_get_intensity (self->tracker)));
}

/* Idle is watched only while there is exposure to pause or resume, with
 * the threshold for the kind of material: video and live review may show
 * no input for long stretches. */
static void
update_idle_watch (RespiteApplication *self)
{
  RespiteTrackerState state;

  if (self->presence == NULL || self->tracker == NULL)
    return;

  state = respite_tracker_get_state (self->tracker);
  respite_presence_set_idle_threshold (self->presence,
    state == RESPITE_TRACKER_IDLE ? 0 :
    respite_policy_get_idle_threshold (self->policy, respite_tracker_get_kind (self->tracker)));
}

static void
tracker_state_changed_cb (RespiteApplication *self)
{
  /* Paused counts as running: the app stays to offer the resume. */
  gboolean exposed = respite_tracker_get_state (self->tracker) != RESPITE_TRACKER_IDLE;

  /* A running block keeps the app alive without a window. */
  if (exposed && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!exposed && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = exposed;

  update_idle_watch (self);
  update_actions (self);
}

/* However the kind or intensity changed (a button, an action, the command
 * line), the radio actions show it and the next start remembers it. */
static void
tracker_choice_changed_cb (RespiteApplication *self)
{
  g_settings_set_string (self->settings, "kind",
                         respite_kind_to_string (respite_tracker_get_kind (self->tracker)));
  g_settings_set_int (self->settings, "intensity", respite_tracker_get_intensity (self->tracker));
  update_actions (self);
  update_idle_watch (self);
}

static void
tracker_store_error_cb (RespiteApplication *self,
                        const GError       *error)
{
  report_error (self, error);
}

static void
start_exposure (RespiteApplication *self,
                const char         *kind_name)
{
  g_autoptr(GError) error = NULL;
  RespiteKind kind;

  g_return_if_fail (self->tracker != NULL);

  if (kind_name != NULL)
    {
      if (!respite_kind_from_string (kind_name, &kind))
        {
          g_printerr (_("respite: unknown kind of material “%s”: use image, video, audio, text "
                        "or live\n"), kind_name);
          return;
        }

      if (!respite_tracker_set_kind (self->tracker, kind, &error))
        {
          report_error (self, error);
          return;
        }
    }

  if (!respite_tracker_start (self->tracker, &error))
    report_error (self, error);
}

static void
start_exposure_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  start_exposure (RESPITE_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

static void
stop_exposure (RespiteApplication *self,
               RespiteEndReason    reason)
{
  g_autoptr(GError) error = NULL;

  if (self->tracker != NULL && !respite_tracker_stop (self->tracker, reason, &error))
    report_error (self, error);
}

static void
stop_exposure_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  stop_exposure (RESPITE_APPLICATION (user_data), RESPITE_END_STOPPED);
}

static void
toggle_exposure_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);

  if (respite_tracker_get_state (self->tracker) == RESPITE_TRACKER_EXPOSED)
    stop_exposure (self, RESPITE_END_STOPPED);
  else
    start_exposure (self, NULL);

  respite_notifier_withdraw (self->notifier);
}

static void
set_kind_change_state (GSimpleAction *action,
                       GVariant      *value,
                       gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;
  const char *name = g_variant_get_string (value, NULL);
  RespiteKind kind;

  if (!respite_kind_from_string (name, &kind))
    {
      g_printerr (_("respite: unknown kind of material “%s”: use image, video, audio, text "
                    "or live\n"), name);
      return;
    }

  if (!respite_tracker_set_kind (self->tracker, kind, &error))
    report_error (self, error);
}

static void
set_intensity_change_state (GSimpleAction *action,
                            GVariant      *value,
                            gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;
  int intensity = g_variant_get_int32 (value);

  if (intensity < RESPITE_INTENSITY_MIN || intensity > RESPITE_INTENSITY_MAX)
    {
      g_printerr (_("respite: intensity %d is out of range: use 1 (low), 2 (medium) "
                    "or 3 (high)\n"), intensity);
      return;
    }

  if (!respite_tracker_set_intensity (self->tracker, intensity, &error))
    report_error (self, error);
}

static void
shift_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (name, "take-break"))
    ok = respite_shift_take_break (self->shift, &error);
  else if (g_str_equal (name, "snooze-break"))
    ok = respite_shift_snooze (self->shift, &error);
  else if (g_str_equal (name, "skip-break"))
    ok = respite_shift_skip (self->shift, &error);
  else if (g_str_equal (name, "end-break"))
    ok = respite_shift_end_break (self->shift, &error);
  else if (g_str_equal (name, "end-shift"))
    ok = respite_shift_end_shift (self->shift, &error);
  else
    g_assert_not_reached ();

  if (!ok)
    report_error (self, error);

  respite_notifier_withdraw (self->notifier);
}

static void
quit_response_cb (AdwMessageDialog   *dialog,
                  const char         *response,
                  RespiteApplication *self)
{
  if (g_strcmp0 (response, "quit") != 0)
    return;

  stop_exposure (self, RESPITE_END_STOPPED);
  g_application_quit (G_APPLICATION (self));
}

/* Quitting with a block open ends it, so ask first when someone can answer;
 * a script asking to quit gets the block ended and recorded. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  RespiteWindow *window = get_window (self);
  GtkWidget *dialog;

  if (self->tracker == NULL ||
      respite_tracker_get_state (self->tracker) != RESPITE_TRACKER_EXPOSED ||
      window == NULL || !gtk_widget_get_visible (GTK_WIDGET (window)))
    {
      stop_exposure (self, RESPITE_END_QUIT);
      g_application_quit (G_APPLICATION (self));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (window),
                                   _("Stop the Exposure Block and Quit?"),
                                   _("Respite can only count exposure while it runs. If you "
                                     "quit, the block ends now. Closing the window instead "
                                     "keeps it counting in the background."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "quit", _("_Stop and Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (quit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  static const char * const developers[] = { "The Respite developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                         "transient-for", get_window (self),
                         "application-name", _("Respite"),
                         "application-icon", APP_ID,
                         "version", VERSION,
                         "developer-name", _("The Respite developers"),
                         "developers", developers,
                         "comments", _("Logs time spent with distressing material, "
                                       "prompts breaks, and keeps support close. "
                                       "Your log stays on your computer."),
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_WEBSITE "/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);

  /* The questionnaires are other people's work: each is credited, with the
   * terms it may be used under. */
  for (guint i = 0; self->instruments != NULL && i < self->instruments->len; i++)
    {
      RespiteInstrument *instrument = g_ptr_array_index (self->instruments, i);

      adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                          respite_instrument_get_title (instrument),
                                          respite_instrument_get_attribution (instrument),
                                          GTK_LICENSE_CUSTOM,
                                          respite_instrument_get_licence (instrument));
    }

  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);

  gtk_window_present (GTK_WINDOW (respite_preferences_new (self, GTK_WINDOW (get_window (self)))));
}

static void
check_in_prompt_cb (RespiteApplication *self,
                    int                 kind)
{
  respite_notifier_show_offer (self->notifier, kind, self->policy);
}

/* The end of a break or of the decompression is a calm moment for a
 * check-in that is due. */
static void
shift_phase_cb (RespiteApplication *self)
{
  if (respite_shift_get_phase (self->shift) == RESPITE_SHIFT_WORKING)
    respite_check_ins_review (self->check_ins);
}

/* The policy's retention: detail older than it is deleted, once at each
 * start (a shift rarely outlasts a day, and a day more is no harm). At low
 * priority, after the first frame: a first start on years of history may
 * delete a lot. */
static gboolean
prune_old_detail (gpointer user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;
  gint64 now = respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;

  if (self->store != NULL &&
      !respite_store_prune (self->store, now - respite_policy_get_retention (self->policy),
                            &error))
    g_printerr ("respite: %s\n", error->message);

  return G_SOURCE_REMOVE;
}

static RespiteInstrument *
find_instrument (RespiteApplication *self,
                 const char         *id)
{
  for (guint i = 0; self->instruments != NULL && i < self->instruments->len; i++)
    {
      RespiteInstrument *instrument = g_ptr_array_index (self->instruments, i);

      if (g_str_equal (respite_instrument_get_id (instrument), id))
        return instrument;
    }

  return NULL;
}

static void
load_instruments (RespiteApplication *self)
{
  g_autofree char *dir = respite_instrument_get_default_dir ();
  g_autoptr(GPtrArray) problems = NULL;

  g_clear_pointer (&self->instruments, g_ptr_array_unref);
  self->instruments = respite_instrument_load_dir (dir, &problems);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_printerr ("respite: %s\n", (const char *) g_ptr_array_index (problems, i));
}

static void
open_check_in (RespiteApplication *self,
               const char         *id,
               gint64              prompt_id)
{
  RespiteInstrument *instrument = find_instrument (self, id);
  g_autofree char *message = NULL;

  if (instrument == NULL)
    {
      /* Translators: %s is a questionnaire's id, such as who5 */
      message = g_strdup_printf (_("The check-in “%s” is not installed."), id);
      g_printerr ("respite: %s\n", message);
      if (get_window (self) != NULL)
        respite_window_show_problem (get_window (self), message);
      return;
    }

  gtk_window_present (respite_check_in_dialog_new (GTK_WINDOW (get_window (self)), instrument,
                                                   self->store, self->clock, prompt_id));
}

/* Opens a check-in by hand, from the menu or a script. */
static void
check_in_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);

  open_check_in (self, g_variant_get_string (parameter, NULL), 0);
}

/* The answers to an offer, from the window's card or the notification:
 * accept opens the check-in, or Support for a counselling reminder. */
static void
offer_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(GError) error = NULL;
  RespiteResponse response;
  RespiteDeadline kind;
  gint64 prompt_id = 0;

  if (g_str_equal (name, "accept-offer"))
    response = RESPITE_RESPONSE_TAKEN;
  else if (g_str_equal (name, "later-offer"))
    response = RESPITE_RESPONSE_SNOOZED;
  else
    response = RESPITE_RESPONSE_SKIPPED;

  kind = respite_check_ins_get_pending (self->check_ins, &prompt_id);
  if (!respite_check_ins_respond (self->check_ins, response, &error))
    {
      g_debug ("%s: %s", name, error->message);
      return;
    }

  respite_notifier_withdraw (self->notifier);

  if (response != RESPITE_RESPONSE_TAKEN)
    return;

  if (kind == RESPITE_DEADLINE_COUNSELLING)
    g_action_group_activate_action (G_ACTION_GROUP (self), "support", NULL);
  else
    open_check_in (self, respite_deadline_get_instrument (kind), prompt_id);
}

/* The reviewer notes a counselling session: it stays on this computer and
 * only spaces out the reminders. */
static void
counselling_done_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;
  gint64 now = respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;

  if (respite_store_add_counselling_session (self->store, now, &error) == 0)
    report_error (self, error);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNSELLING]);
}

/* Publishing. The team store is opened by the publisher in its worker
 * thread, with the policy's settings as they were at start-up; the
 * publisher writes, so it may replace a damaged store. The lead check
 * opens it in another thread, as a reader that never does. */

typedef struct
{
  char *type;
  char *location;
} TeamStoreSettings;

static void
team_store_settings_free (gpointer data)
{
  TeamStoreSettings *settings = data;

  g_free (settings->type);
  g_free (settings->location);
  g_free (settings);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TeamStoreSettings, team_store_settings_free)

/* In the publisher's worker thread: @now was read on the main thread, and
 * @replaced goes back to it with ::team-store-replaced. */
static RespiteTeamStore *
open_team_store (gpointer    user_data,
                 GDateTime  *now,
                 char      **replaced,
                 GError    **error)
{
  TeamStoreSettings *settings = user_data;

  return respite_team_store_open (settings->type, settings->location, now, replaced, error);
}

static TeamStoreSettings *
team_store_settings_new (RespitePolicy *policy)
{
  TeamStoreSettings *settings = g_new0 (TeamStoreSettings, 1);

  settings->type = g_strdup (respite_policy_get_team_store_type (policy));
  settings->location = g_strdup (respite_policy_get_team_store_location (policy));

  return settings;
}

/* Whatever was recorded since the last call puts its days in the queue;
 * the publisher sends each day once it is over, and again if it changes. */
static void
queue_recent (RespiteApplication *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now = respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;

  if (!respite_publisher_queue_period (self->publisher, MIN (self->queued_until, now), now,
                                       &error))
    g_printerr ("respite: %s\n", error->message);
  self->queued_until = now;
}

static void
lead_check_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RespitePolicy *policy = task_data;
  g_autoptr(TeamStoreSettings) settings = team_store_settings_new (policy);
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* The Team view shows one team: the policy's. Without one there is
   * nothing for it to show. */
  if (respite_policy_get_team (policy) == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* An SQLite team store that does not exist has no figures to show, and
   * is not created just to look. */
  if (g_str_equal (settings->type, "sqlite"))
    {
      g_autofree char *path = settings->location != NULL
                              ? g_strdup (settings->location)
                              : respite_team_store_get_default_path ();

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_task_return_pointer (task, NULL, NULL);
          return;
        }
    }

  /* A reader: a damaged file is left for the publisher to replace. */
  store = respite_team_store_open (settings->type, settings->location, NULL, NULL, &error);
  if (store == NULL || !respite_team_page_is_lead (store, respite_policy_get_team (policy),
                                                   &error))
    {
      g_debug ("No team view: %s", error != NULL ? error->message : "not a lead");
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static void
lead_check_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (source);
  RespiteTeamStore *store = g_task_propagate_pointer (G_TASK (result), NULL);
  RespiteWindow *window = get_window (self);

  if (store == NULL)
    return;

  g_clear_object (&self->lead_store);
  self->lead_store = store;
  if (window != NULL)
    respite_window_show_team (window, self->lead_store,
                              respite_policy_get_team (self->policy), self->clock);
}

/* The publisher found the team store damaged and started a fresh one,
 * which it refills. The reviewer is told as of their own store: on stderr,
 * and in the window's problem bar, now or when a window next shows. */
static void
team_store_replaced_cb (RespiteApplication *self,
                        const char         *message)
{
  RespiteWindow *window = get_window (self);

  g_printerr ("respite: %s\n", message);

  if (window != NULL)
    {
      respite_window_show_problem (window, message);
      return;
    }

  /* After any problem already waiting there. */
  if (self->problem == NULL)
    {
      self->problem = g_strdup (message);
    }
  else
    {
      g_autofree char *both = g_strjoin ("\n", self->problem, message, NULL);

      g_free (self->problem);
      self->problem = g_steal_pointer (&both);
    }
}

static void
start_publishing (RespiteApplication *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  self->publisher = respite_publisher_new_replacing (self->store, self->policy, self->clock, tz,
                                                     open_team_store,
                                                     team_store_settings_new (self->policy),
                                                     team_store_settings_free);
  g_signal_connect_object (self->publisher, "team-store-replaced",
                           G_CALLBACK (team_store_replaced_cb), self, G_CONNECT_SWAPPED);
  if (!respite_publisher_set_team (self->publisher, respite_policy_get_team (self->policy),
                                   &error))
    g_printerr ("respite: %s\n", error->message);

  self->queued_until = respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;
  g_signal_connect_object (self->tracker, "notify::state",
                           G_CALLBACK (queue_recent), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->shift, "notify::phase",
                           G_CALLBACK (queue_recent), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->check_ins, "notify::pending",
                           G_CALLBACK (queue_recent), self, G_CONNECT_SWAPPED);

  /* What an earlier run left queued. */
  respite_publisher_publish_now (self->publisher);

  /* Whether to show the team's figures: only a lead or HR may read them. */
  task = g_task_new (self, self->cancellable, lead_check_cb, NULL);
  g_task_set_task_data (task, g_object_ref (self->policy), g_object_unref);
  g_task_run_in_thread (task, lead_check_thread);
}

/* "What my team sees": exactly the rows that leave this computer. */
static void
sharing_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_title (GTK_WINDOW (window), _("What My Team Sees"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 640);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (get_window (self)));
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box),
                  respite_sharing_page_new (self->publisher,
                                            respite_policy_get_anonymity_threshold (self->policy),
                                            respite_policy_get_allow_opt_out (self->policy)));
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

/* Shows one of the window's views: "now", "history" or "support". */
static void
show_view_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  RespiteWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = get_window (self);
  if (window != NULL)
    respite_window_show_view (window, g_variant_get_string (parameter, NULL));
}

/* Support is never more than a shortcut or two clicks away, from the
 * window, a notification or a check-in's result. Nothing records it. */
static void
support_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "show-view",
                                  g_variant_new_string ("support"));
}

static const GActionEntry app_actions[] = {
  { "start-exposure", start_exposure_action, "s" },
  { "stop-exposure", stop_exposure_action },
  { "toggle-exposure", toggle_exposure_action },
  { "set-kind", NULL, "s", "'image'", set_kind_change_state },
  { "set-intensity", NULL, "i", "2", set_intensity_change_state },
  { "take-break", shift_action },
  { "snooze-break", shift_action },
  { "skip-break", shift_action },
  { "end-break", shift_action },
  { "end-shift", shift_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
  { "about", about_action },
  { "show-view", show_view_action, "s" },
  { "support", support_action },
  { "check-in", check_in_action, "s" },
  { "accept-offer", offer_action },
  { "later-offer", offer_action },
  { "skip-offer", offer_action },
  { "counselling-done", counselling_done_action },
  { "sharing", sharing_action },
};

/* SIGTERM at logout or shutdown: end the block properly rather than leave
 * it for crash recovery. */
static gboolean
terminate_cb (gpointer user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);

  stop_exposure (self, RESPITE_END_QUIT);
  g_application_quit (G_APPLICATION (self));

  return G_SOURCE_CONTINUE;
}

static void
shift_prompt_cb (RespiteApplication *self,
                 int                 deadline)
{
  respite_notifier_show_prompt (self->notifier, deadline, self->policy);
}

static void
presence_away_cb (RespiteApplication *self,
                  RespiteAbsence      absence,
                  gint64              seconds_ago)
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
    report_error (self, error);
}

static void
presence_back_cb (RespiteApplication *self,
                  RespiteAbsence      absence)
{
  if (self->tracker == NULL ||
      respite_tracker_get_state (self->tracker) != RESPITE_TRACKER_PAUSED)
    return;

  if (g_settings_get_boolean (self->settings, "auto-resume"))
    start_exposure (self, NULL);
  else
    respite_notifier_show_paused (self->notifier);
}

static void
system_bus_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) system_bus = g_bus_get_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (system_bus == NULL)
    g_debug ("No system bus, so no lock or sleep detection from logind: %s", error->message);

  self->presence = respite_presence_new (g_application_get_dbus_connection (G_APPLICATION (self)),
                                         system_bus);
  g_signal_connect_object (self->presence, "away", G_CALLBACK (presence_away_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->presence, "back", G_CALLBACK (presence_back_cb), self,
                           G_CONNECT_SWAPPED);
  /* Outside GNOME, on X11, the X server's idle time stands in for Mutter's. */
  self->x11_idle = respite_x11_idle_new (NULL, self->presence);
  update_idle_watch (self);
}

/* The organisation's policy with the reviewer's stricter preferences. A
 * bad policy file never stops the app: the bad keys fall back to the
 * defaults, and the reviewer is told which. */
static void
load_policy (RespiteApplication *self)
{
  g_autofree char *path = respite_policy_get_default_path ();

  g_clear_pointer (&self->policy_problems, g_ptr_array_unref);
  g_clear_object (&self->policy);
  self->policy = respite_policy_load (path, self->settings, &self->policy_problems);

  for (guint i = 0; self->policy_problems != NULL && i < self->policy_problems->len; i++)
    g_printerr ("respite: %s\n", (const char *) g_ptr_array_index (self->policy_problems, i));

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

  update_idle_watch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLICY]);
}

static void
preferences_changed_cb (RespiteApplication *self,
                        const char         *key)
{
  if (g_str_has_suffix (key, "-minutes"))
    load_policy (self);
}

static void
open_store (RespiteApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *path = respite_store_get_default_path ();
  g_autofree char *moved_to = NULL;
  RespiteKind kind = RESPITE_KIND_IMAGE;
  g_autofree char *kind_name = NULL;

  now = g_date_time_new_from_unix_local (respite_clock_get_real_time (self->clock) /
                                         G_USEC_PER_SEC);
  self->store = respite_store_open_or_replace (path, now, &moved_to, &error);

  if (self->store != NULL)
    self->tracker = respite_tracker_new (self->store, self->clock, &error);

  if (self->tracker == NULL)
    {
      self->problem = g_strdup_printf (_("Exposure cannot be recorded: %s"), error->message);
      g_printerr ("respite: %s\n", self->problem);
      return;
    }

  if (self->policy_problems != NULL && self->policy_problems->len > 0)
    {
      self->problem = g_strdup_printf (ngettext ("A setting in your organisation’s policy "
                                                 "could not be read, so Respite’s default "
                                                 "applies to it. Preferences shows which.",
                                                 "%u settings in your organisation’s policy "
                                                 "could not be read, so Respite’s defaults "
                                                 "apply to them. Preferences shows which.",
                                                 self->policy_problems->len),
                                       self->policy_problems->len);
    }

  if (moved_to != NULL)
    {
      g_free (self->problem);
      self->problem = g_strdup_printf (_("Your Respite data could not be read, so a fresh log "
                                         "was started. The old file was kept as %s."), moved_to);
      g_printerr ("respite: %s\n", self->problem);
    }

  kind_name = g_settings_get_string (self->settings, "kind");
  respite_kind_from_string (kind_name, &kind);
  respite_tracker_set_kind (self->tracker, kind, NULL);
  respite_tracker_set_intensity (self->tracker,
                                 g_settings_get_int (self->settings, "intensity"), NULL);

  g_signal_connect_object (self->tracker, "notify::state",
                           G_CALLBACK (tracker_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "store-error",
                           G_CALLBACK (tracker_store_error_cb), self, G_CONNECT_SWAPPED);

  self->shift = respite_shift_new (self->tracker, self->store, self->clock, self->policy);
  g_signal_connect_object (self->shift, "prompt",
                           G_CALLBACK (shift_prompt_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "notify::kind",
                           G_CALLBACK (tracker_choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "notify::intensity",
                           G_CALLBACK (tracker_choice_changed_cb), self, G_CONNECT_SWAPPED);

  self->check_ins = respite_check_ins_new (self->tracker, self->store, self->clock,
                                           self->policy);
  g_signal_connect_object (self->check_ins, "prompt",
                           G_CALLBACK (check_in_prompt_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->shift, "notify::phase",
                           G_CALLBACK (shift_phase_cb), self, G_CONNECT_SWAPPED);

  g_idle_add_full (G_PRIORITY_LOW, prune_old_detail, g_object_ref (self), g_object_unref);
  start_publishing (self);
}

static void
respite_application_startup (GApplication *application)
{
  RespiteApplication *self = RESPITE_APPLICATION (application);
  static const char *toggle_accels[] = { "<Control>e", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *break_accels[] = { "<Control>b", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *support_accels[] = { "F1", NULL };
  static const char *history_accels[] = { "<Control>h", NULL };

  G_APPLICATION_CLASS (respite_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.toggle-exposure",
                                         toggle_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.take-break", break_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.support", support_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.show-view('history')",
                                         history_accels);

  for (guint i = 0; i < RESPITE_N_KINDS; i++)
    {
      g_autofree char *detailed = g_strdup_printf ("app.set-kind('%s')",
                                                   respite_kind_to_string (i));
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), detailed, accels);
    }

  for (int i = RESPITE_INTENSITY_MIN; i <= RESPITE_INTENSITY_MAX; i++)
    {
      g_autofree char *detailed = g_strdup_printf ("app.set-intensity(%d)", i);
      g_autofree char *accel = g_strdup_printf ("<Control>%d", i);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), detailed, accels);
    }

  self->clock = respite_clock_new ();
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->notifier = respite_notifier_new (G_ACTION_GROUP (self));
  load_policy (self);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (preferences_changed_cb), self, G_CONNECT_SWAPPED);
  open_store (self);
  load_instruments (self);
  update_actions (self);

  /* Lock, sleep and idle detection: the system bus is asked for without
   * blocking start-up. */
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, self);

  g_unix_signal_add (SIGTERM, terminate_cb, self);
  g_unix_signal_add (SIGINT, terminate_cb, self);
}

static void
respite_application_activate (GApplication *application)
{
  RespiteApplication *self = RESPITE_APPLICATION (application);
  RespiteWindow *window = get_window (self);

  if (window == NULL)
    {
      window = respite_window_new (self);
      if (self->lead_store != NULL)
        respite_window_show_team (window, self->lead_store,
                                  respite_policy_get_team (self->policy), self->clock);
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
respite_application_shutdown (GApplication *application)
{
  RespiteApplication *self = RESPITE_APPLICATION (application);

  stop_exposure (self, RESPITE_END_QUIT);
  g_cancellable_cancel (self->cancellable);
  if (self->notifier != NULL)
    respite_notifier_withdraw (self->notifier);

  G_APPLICATION_CLASS (respite_application_parent_class)->shutdown (application);
}

/* One line for scripts, in a fixed, untranslated form: the tracker's
 * state, the running block, the shift's phase and today's total. */
static char *
status_line (RespiteApplication *self)
{
  RespiteTracker *tracker = self->tracker;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GEnumClass) states = g_type_class_ref (RESPITE_TYPE_TRACKER_STATE);
  g_autoptr(GEnumClass) phases = g_type_class_ref (RESPITE_TYPE_SHIFT_PHASE);
  RespiteShiftPhase phase;

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

/* Options are checked here, in the process that was started, so mistakes
 * are reported where they were made. */
static int
respite_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  const char *kind_name = NULL;
  RespiteKind kind;
  int intensity;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "respite", VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "start", "&s", &kind_name) &&
      !respite_kind_from_string (kind_name, &kind))
    {
      g_printerr (_("respite: unknown kind of material “%s”: use image, video, audio, text "
                    "or live\n"), kind_name);
      return 1;
    }

  if (g_variant_dict_lookup (options, "intensity", "i", &intensity) &&
      (intensity < RESPITE_INTENSITY_MIN || intensity > RESPITE_INTENSITY_MAX))
    {
      g_printerr (_("respite: intensity %d is out of range: use 1 (low), 2 (medium) "
                    "or 3 (high)\n"), intensity);
      return 1;
    }

  return -1;
}

static int
respite_application_command_line (GApplication            *application,
                                  GApplicationCommandLine *command_line)
{
  RespiteApplication *self = RESPITE_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *kind_name = NULL;
  gboolean scripted = FALSE;
  int intensity;

  if (self->tracker == NULL &&
      (g_variant_dict_contains (options, "start") || g_variant_dict_contains (options, "stop") ||
       g_variant_dict_contains (options, "toggle")))
    {
      g_application_command_line_printerr (command_line, "respite: %s\n", self->problem);
      return 2;
    }

  if (g_variant_dict_lookup (options, "intensity", "i", &intensity))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "set-intensity",
                                      g_variant_new_int32 (intensity));
      scripted = TRUE;
    }

  /* Not through the action, so that a refusal (a strict break) reaches
   * the script that asked, with an exit status. */
  if (g_variant_dict_lookup (options, "start", "&s", &kind_name))
    {
      g_autoptr(GError) error = NULL;
      RespiteKind kind = RESPITE_KIND_IMAGE;

      respite_kind_from_string (kind_name, &kind);
      if (!respite_tracker_set_kind (self->tracker, kind, &error) ||
          !respite_tracker_start (self->tracker, &error))
        {
          g_application_command_line_printerr (command_line, "respite: %s\n", error->message);
          return 3;
        }
      scripted = TRUE;
    }

  if (g_variant_dict_contains (options, "stop"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "stop-exposure", NULL);
      scripted = TRUE;
    }

  if (g_variant_dict_contains (options, "toggle"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "toggle-exposure", NULL);
      scripted = TRUE;
    }

  /* At login (Preferences, Start When I Log In): no window, but the app
   * stays, so breaks and check-ins are prompted from the start. */
  if (g_variant_dict_contains (options, "background"))
    {
      if (!self->background)
        g_application_hold (application);
      self->background = TRUE;
      scripted = TRUE;
    }

  if (g_variant_dict_contains (options, "status"))
    {
      g_autofree char *line = status_line (self);

      g_application_command_line_print (command_line, "%s\n", line);
      scripted = TRUE;
    }

  /* A bare `respite` shows the window; scripted calls stay in the
   * background. */
  if (!scripted)
    g_application_activate (application);

  return 0;
}

static void
respite_application_finalize (GObject *object)
{
  RespiteApplication *self = RESPITE_APPLICATION (object);

  g_clear_object (&self->x11_idle);
  g_clear_object (&self->presence);
  g_clear_object (&self->check_ins);
  g_clear_object (&self->publisher);
  g_clear_object (&self->lead_store);
  g_clear_pointer (&self->instruments, g_ptr_array_unref);
  g_clear_object (&self->shift);
  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->policy);
  g_clear_pointer (&self->policy_problems, g_ptr_array_unref);
  g_clear_object (&self->notifier);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (respite_application_parent_class)->finalize (object);
}

static void
respite_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RespiteApplication *self = RESPITE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;

    case PROP_COUNSELLING:
      g_value_set_int64 (value, respite_application_get_last_counselling (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_application_class_init (RespiteApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = respite_application_finalize;
  object_class->get_property = respite_application_get_property;

  /* The policy in force; notified whenever it is read again. */
  properties[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, RESPITE_TYPE_POLICY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* When the reviewer last noted a counselling session (Unix seconds, 0:
   * never); notified when they note one. */
  properties[PROP_COUNSELLING] =
    g_param_spec_int64 ("last-counselling", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  app_class->startup = respite_application_startup;
  app_class->activate = respite_application_activate;
  app_class->shutdown = respite_application_shutdown;
  app_class->handle_local_options = respite_application_handle_local_options;
  app_class->command_line = respite_application_command_line;
}

static const GOptionEntry option_entries[] = {
  { "start", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Start an exposure block of this kind of material: image, video, audio, text or live"),
    N_("KIND") },
  { "intensity", 'i', 0, G_OPTION_ARG_INT, NULL,
    N_("Set the intensity: 1 (low), 2 (medium) or 3 (high)"), N_("LEVEL") },
  { "stop", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Stop the running exposure block"), NULL },
  { "toggle", 't', 0, G_OPTION_ARG_NONE, NULL,
    N_("Start an exposure block, or stop the running one"), NULL },
  { "status", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the state and today’s exposure on one line"), NULL },
  { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start without a window, to prompt breaks and check-ins from the start of the session"),
    NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

static void
respite_application_init (RespiteApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("Log exposure to distressing material, take breaks, and reach support."));
}

RespiteApplication *
respite_application_new (void)
{
  return g_object_new (RESPITE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/respite/Respite",
                       NULL);
}

/* Returns: (transfer none) (nullable): the tracker, or %NULL when the store
 * could not be opened */
RespiteTracker *
respite_application_get_tracker (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->tracker;
}

/* Returns: (nullable): what the reviewer must be told about their data */
const char *
respite_application_get_problem (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->problem;
}

/* Returns: (transfer none) (nullable): the shift, or %NULL without a store */
RespiteShift *
respite_application_get_shift (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->shift;
}

/* Returns: (transfer none): the policy in force */
RespitePolicy *
respite_application_get_policy (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->policy;
}

/* Returns: (transfer none) (nullable) (element-type utf8): what was wrong
 * with the organisation's policy file */
GPtrArray *
respite_application_get_policy_problems (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->policy_problems;
}

/* Returns: (transfer none) (nullable): absence detection, once set up */
RespitePresence *
respite_application_get_presence (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->presence;
}

/* Returns: (transfer none) (nullable): what is on offer, or NULL without a store */
RespiteCheckIns *
respite_application_get_check_ins (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->check_ins;
}

/* Returns: (transfer none) (nullable): the personal store */
RespiteStore *
respite_application_get_store (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->store;
}

/* Returns: (transfer none): the one clock */
RespiteClock *
respite_application_get_clock (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->clock;
}

gint64
respite_application_get_last_counselling (RespiteApplication *self)
{
  g_autoptr(GError) error = NULL;
  gint64 at = 0;

  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), 0);

  if (self->store != NULL &&
      !respite_store_get_last_counselling_session_at (self->store, &at, &error))
    g_debug ("%s", error->message);

  return at;
}
