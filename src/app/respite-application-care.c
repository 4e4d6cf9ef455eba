/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteApplication's care for the reviewer beyond the shift's rules
 * (issue #19): the first-run welcome, shown once and from the main menu
 * again; the training the policy lists (Preferences' Care page); and
 * "That was hard" during a block.
 */

#define G_LOG_DOMAIN "respite-application"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-application-private.h"
#include "respite-preferences.h"
#include "respite-welcome.h"
#include "respite-window.h"

static gboolean
welcome_close_cb (GtkWindow          *welcome,
                  RespiteApplication *self)
{
  g_settings_set_boolean (self->settings, "welcome-shown", TRUE);

  return GDK_EVENT_PROPAGATE;  /* and close */
}

static void
show_welcome (RespiteApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *welcome;

  welcome = respite_welcome_new (RESPITE_IS_WINDOW (window) ? window : NULL,
                                 respite_session_get_policy (self->session));
  gtk_window_set_application (GTK_WINDOW (welcome), GTK_APPLICATION (self));
  g_signal_connect_object (welcome, "close-request", G_CALLBACK (welcome_close_cb), self, 0);
  gtk_window_present (GTK_WINDOW (welcome));
}

static void
welcome_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);

  g_application_activate (G_APPLICATION (self));
  show_welcome (self);
}

/* Preferences' Care page, where the training is listed and marked done. */
static void
training_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  GtkWindow *window;
  RespitePreferences *preferences;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  preferences = respite_preferences_new (self->session, window);
  respite_preferences_show_care (preferences);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
hard_response_cb (AdwMessageDialog   *dialog,
                  const char         *response,
                  RespiteApplication *self)
{
  if (g_str_equal (response, "break"))
    g_action_group_activate_action (G_ACTION_GROUP (self), "take-break", NULL);
  else if (g_str_equal (response, "support"))
    g_action_group_activate_action (G_ACTION_GROUP (self), "support", NULL);
}

/* "That was hard", during a block, from Now's button, its shortcut, or
 * D-Bus (gapplication action io.github.respite.Respite that-was-hard):
 * the moment is kept as a pulse on this computer, and a short break is
 * offered at once. The block runs on until the reviewer takes it. */
static void
that_was_hard_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  RespiteInstrument *pulse = respite_session_find_instrument (self->session, "pulse");
  RespiteCheckIns *check_ins = respite_session_get_check_ins (self->session);
  g_autoptr(GError) error = NULL;
  RespiteWindow *window;
  GtkWidget *dialog;

  g_application_activate (G_APPLICATION (self));
  window = RESPITE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (self)));

  if (pulse == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("The moment could not be noted: the pulse check-in is not installed."));
  else if (check_ins != NULL)
    respite_check_ins_record_hard_moment (check_ins, pulse, &error);
  if (error != NULL)
    {
      g_printerr ("respite: %s\n", error->message);
      respite_window_show_problem (window, error->message);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("That Was Hard"),
                                   error == NULL
                                   ? _("Noted, on this computer only. A few minutes away from "
                                       "the screen can help: the block stops while you rest.")
                                   : _("A few minutes away from the screen can help: the block "
                                       "stops while you rest."));
  /* Named, for a screen reader's list of windows (and the tests). */
  gtk_window_set_title (GTK_WINDOW (dialog), _("That Was Hard"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "support", _("Talk to _Someone"),
                                    "later", _("_Not Now"),
                                    "break", _("_Take a Break"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "break",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "break");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect_object (dialog, "response", G_CALLBACK (hard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry care_actions[] = {
  { "welcome", welcome_action },
  { "training", training_action },
  { "that-was-hard", that_was_hard_action },
};

/* "That was hard" is for a block that runs. */
static void
update_care_actions (RespiteApplication *self)
{
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  GAction *hard = g_action_map_lookup_action (G_ACTION_MAP (self), "that-was-hard");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (hard),
                               tracker != NULL &&
                               respite_tracker_get_state (tracker) == RESPITE_TRACKER_EXPOSED);
}

void
respite_application_add_care_actions (RespiteApplication *self)
{
  static const char *hard_accels[] = { "<Control>d", NULL };
  RespiteTracker *tracker = respite_session_get_tracker (self->session);

  g_action_map_add_action_entries (G_ACTION_MAP (self), care_actions,
                                   G_N_ELEMENTS (care_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.that-was-hard",
                                         hard_accels);

  if (tracker != NULL)
    g_signal_connect_object (tracker, "notify::state", G_CALLBACK (update_care_actions), self,
                             G_CONNECT_SWAPPED);
  update_care_actions (self);
}

/* The first time a window shows, the welcome comes over it. The UI tests
 * start from fresh settings each time and drive the main window: they set
 * RESPITE_SKIP_WELCOME=1 (tests/meson.build), except the one about it. */
void
respite_application_first_run (RespiteApplication *self)
{
  if (g_settings_get_boolean (self->settings, "welcome-shown") ||
      g_strcmp0 (g_getenv ("RESPITE_SKIP_WELCOME"), "1") == 0)
    return;

  show_welcome (self);
}
