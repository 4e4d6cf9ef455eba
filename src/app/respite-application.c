/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteApplication: the reviewer's session (RespiteSession, which owns
 * the store, the tracker and the rules between them) behind a window,
 * notifications and GActions. Every action a reviewer can take is a
 * GAction, so that a review tool, a script (`gapplication action
 * io.github.respite.Respite start-exposure "'video'"`) and the Start button
 * all do exactly the same thing.
 *
 * While a block runs the application holds itself: closing the window
 * leaves it counting in the background, at no cost but the heartbeat.
 */

#define G_LOG_DOMAIN "respite-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "respite-application-private.h"
#include "respite-check-in-dialog.h"
#include "respite-preferences.h"
#include "respite-sharing-page.h"
#include "respite-team-page.h"
#include "respite-team-store-open.h"
#include "respite-window.h"

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
  RespiteTracker *tracker = respite_session_get_tracker (self->session);

  for (guint i = 0; i < G_N_ELEMENTS (tracker_actions); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map,
                                                                              tracker_actions[i])),
                                 tracker != NULL);

  if (tracker == NULL)
    return;

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "set-kind")),
    g_variant_new_string (respite_kind_to_string (respite_tracker_get_kind (tracker))));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "set-intensity")),
    g_variant_new_int32 (respite_tracker_get_intensity (tracker)));
}

static void
tracker_state_changed_cb (RespiteApplication *self)
{
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  /* Paused counts as running: the app stays to offer the resume. */
  gboolean exposed = respite_tracker_get_state (tracker) != RESPITE_TRACKER_IDLE;

  /* A running block keeps the app alive without a window. */
  if (exposed && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!exposed && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = exposed;

  update_actions (self);
}

static void
start_exposure (RespiteApplication *self,
                const char         *kind_name)
{
  g_autoptr(GError) error = NULL;
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  RespiteKind kind;

  g_return_if_fail (tracker != NULL);

  if (kind_name != NULL)
    {
      if (!respite_kind_from_string (kind_name, &kind))
        {
          g_printerr (_("respite: unknown kind of material “%s”: use image, video, audio, text "
                        "or live\n"), kind_name);
          return;
        }

      if (!respite_tracker_set_kind (tracker, kind, &error))
        {
          report_error (self, error);
          return;
        }
    }

  if (!respite_tracker_start (tracker, &error))
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
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  g_autoptr(GError) error = NULL;

  if (tracker != NULL && !respite_tracker_stop (tracker, reason, &error))
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
  RespiteTracker *tracker = respite_session_get_tracker (self->session);

  if (respite_tracker_get_state (tracker) == RESPITE_TRACKER_EXPOSED)
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
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  g_autoptr(GError) error = NULL;
  const char *name = g_variant_get_string (value, NULL);
  RespiteKind kind;

  if (!respite_kind_from_string (name, &kind))
    {
      g_printerr (_("respite: unknown kind of material “%s”: use image, video, audio, text "
                    "or live\n"), name);
      return;
    }

  if (!respite_tracker_set_kind (tracker, kind, &error))
    report_error (self, error);
}

static void
set_intensity_change_state (GSimpleAction *action,
                            GVariant      *value,
                            gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  g_autoptr(GError) error = NULL;
  int intensity = g_variant_get_int32 (value);

  if (intensity < RESPITE_INTENSITY_MIN || intensity > RESPITE_INTENSITY_MAX)
    {
      g_printerr (_("respite: intensity %d is out of range: use 1 (low), 2 (medium) "
                    "or 3 (high)\n"), intensity);
      return;
    }

  if (!respite_tracker_set_intensity (tracker, intensity, &error))
    report_error (self, error);
}

static void
shift_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  RespiteShift *shift = respite_session_get_shift (self->session);
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (name, "take-break"))
    ok = respite_shift_take_break (shift, &error);
  else if (g_str_equal (name, "snooze-break"))
    ok = respite_shift_snooze (shift, &error);
  else if (g_str_equal (name, "skip-break"))
    ok = respite_shift_skip (shift, &error);
  else if (g_str_equal (name, "end-break"))
    ok = respite_shift_end_break (shift, &error);
  else if (g_str_equal (name, "end-shift"))
    ok = respite_shift_end_shift (shift, &error);
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
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  RespiteWindow *window = get_window (self);
  GtkWidget *dialog;

  if (tracker == NULL ||
      respite_tracker_get_state (tracker) != RESPITE_TRACKER_EXPOSED ||
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
  GPtrArray *instruments = respite_session_get_instruments (self->session);
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
  for (guint i = 0; instruments != NULL && i < instruments->len; i++)
    {
      RespiteInstrument *instrument = g_ptr_array_index (instruments, i);

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

  gtk_window_present (GTK_WINDOW (respite_preferences_new (self->session,
                                                              GTK_WINDOW (get_window (self)))));
}

/* The session's prompts, as notifications. */
static void
prompt_cb (RespiteApplication *self,
           int                 deadline)
{
  respite_notifier_show_prompt (self->notifier, deadline, respite_session_get_policy (self->session));
}

static void
check_in_prompt_cb (RespiteApplication *self,
                    int                 kind)
{
  respite_notifier_show_offer (self->notifier, kind, respite_session_get_policy (self->session));
}

static void
resume_offered_cb (RespiteApplication *self)
{
  respite_notifier_show_paused (self->notifier);
}

/* A problem while running: in the window's problem bar, now or when a
 * window next shows. */
static void
problem_cb (RespiteApplication *self,
            const char         *message)
{
  RespiteWindow *window = get_window (self);

  if (window != NULL)
    respite_window_show_problem (window, message);
  else
    respite_session_add_problem (self->session, message);
}

static void
open_check_in (RespiteApplication *self,
               const char         *id,
               gint64              prompt_id)
{
  RespiteInstrument *instrument = respite_session_find_instrument (self->session, id);
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
                                                   respite_session_get_store (self->session),
                                                   self->clock, prompt_id));
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

  kind = respite_check_ins_get_pending (respite_session_get_check_ins (self->session), &prompt_id);
  if (!respite_check_ins_respond (respite_session_get_check_ins (self->session), response, &error))
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

  if (!respite_session_note_counselling (self->session, &error))
    report_error (self, error);
}

/* Whether to show the team's figures: only a lead or HR may read them.
 * The team store is opened in a thread, as a reader that never replaces a
 * damaged store (the publisher does). */
static void
lead_check_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RespitePolicy *policy = task_data;
  const char *type = respite_policy_get_team_store_type (policy);
  const char *location = respite_policy_get_team_store_location (policy);
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* The Team view shows one team: the policy's. Without one, or without
   * a store to read, there is nothing for it to show. */
  if (respite_policy_get_team (policy) == NULL || !respite_team_store_exists (type, location))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* A reader: a damaged file is left for the publisher to replace. */
  store = respite_team_store_open (type, location, NULL, NULL, &error);
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
                              respite_policy_get_team (respite_session_get_policy (self->session)), self->clock);
}

/* "What my team sees": exactly the rows that leave this computer. */
static void
sharing_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  RespitePolicy *policy = respite_session_get_policy (self->session);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_title (GTK_WINDOW (window), _("What My Team Sees"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 640);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (get_window (self)));
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box),
                  respite_sharing_page_new (respite_session_get_publisher (self->session),
                                            respite_policy_get_anonymity_threshold (policy),
                                            respite_policy_get_allow_opt_out (policy)));
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
  respite_session_set_presence (self->session, self->presence);
  /* Outside GNOME, on X11, the X server's idle time stands in for Mutter's. */
  self->x11_idle = respite_x11_idle_new (NULL, self->presence);
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
  RespiteTracker *tracker;

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
  self->session = respite_session_new (self->clock, self->settings, NULL, NULL);
  g_signal_connect_object (self->session, "prompt", G_CALLBACK (prompt_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "check-in-prompt", G_CALLBACK (check_in_prompt_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "resume-offered", G_CALLBACK (resume_offered_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "problem", G_CALLBACK (problem_cb), self,
                           G_CONNECT_SWAPPED);

  tracker = respite_session_get_tracker (self->session);
  if (tracker != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, lead_check_cb, NULL);

      g_signal_connect_object (tracker, "notify::state",
                               G_CALLBACK (tracker_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tracker, "notify::kind",
                               G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tracker, "notify::intensity",
                               G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

      g_task_set_task_data (task, g_object_ref (respite_session_get_policy (self->session)),
                            g_object_unref);
      g_task_run_in_thread (task, lead_check_thread);
    }
  update_actions (self);
  respite_application_review_startup (self);
  respite_application_add_care_actions (self);

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
  gboolean first = window == NULL;

  if (window == NULL)
    {
      window = respite_window_new (GTK_APPLICATION (self), self->session);
      if (self->lead_store != NULL)
        respite_window_show_team (window, self->lead_store,
                                  respite_policy_get_team (respite_session_get_policy (self->session)),
                                  self->clock);
    }

  gtk_window_present (GTK_WINDOW (window));
  if (first)
    respite_application_first_run (self);
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

static void
respite_application_finalize (GObject *object)
{
  RespiteApplication *self = RESPITE_APPLICATION (object);

  respite_application_review_finalize (self);
  g_clear_object (&self->x11_idle);
  g_clear_object (&self->presence);
  g_clear_object (&self->lead_store);
  g_clear_object (&self->session);
  g_clear_object (&self->notifier);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (respite_application_parent_class)->finalize (object);
}

static void
respite_application_class_init (RespiteApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = respite_application_finalize;

  app_class->startup = respite_application_startup;
  app_class->activate = respite_application_activate;
  app_class->shutdown = respite_application_shutdown;
  respite_application_review_class_init (app_class);
  app_class->handle_local_options = respite_application_handle_local_options;
  app_class->command_line = respite_application_command_line;
}

static void
respite_application_init (RespiteApplication *self)
{
  respite_application_add_options (self);
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

/* Returns: (transfer none): the reviewer's session */
RespiteSession *
respite_application_get_session (RespiteApplication *self)
{
  g_return_val_if_fail (RESPITE_IS_APPLICATION (self), NULL);

  return self->session;
}
