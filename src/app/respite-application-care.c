/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteApplication's care for the reviewer beyond the shift's rules
 * (issue #19): the first-run welcome, shown once and from the main menu
 * again; the training the policy lists (Preferences' Care page).
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

static const GActionEntry care_actions[] = {
  { "welcome", welcome_action },
  { "training", training_action },
};

void
respite_application_add_care_actions (RespiteApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), care_actions,
                                   G_N_ELEMENTS (care_actions), self);
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
