/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences and the review tool (issue #20), on a real X server and a
 * private session bus: the group shows only when the policy lists tools,
 * the switch is greyed out when the organisation requires following, and
 * the row says how the tool is noticed: from the X server when there is
 * no GNOME Shell, and, under a stand-in org.gnome.Shell.Extensions, that
 * the extension is missing, off or on.
 */

#define G_LOG_DOMAIN "test-preferences-review"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "respite-preferences.h"

#define EXTENSION_UUID "respite-review-tools@respite.github.io"

static const char shell_xml[] =
  "<node><interface name='org.gnome.Shell.Extensions'>"
  "  <method name='GetExtensionInfo'>"
  "    <arg type='s' direction='in'/><arg type='a{sv}' direction='out'/>"
  "  </method>"
  "</interface></node>";

/* What the stand-in Shell says of the extension: -1 unknown, else a state. */
static int shell_state = -1;
static char *asked_uuid;  /* (owned) (nullable) */

static void
shell_call_cb (GDBusConnection       *connection,
               const char            *sender,
               const char            *object_path,
               const char            *interface_name,
               const char            *method_name,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               user_data)
{
  GVariantBuilder info;

  g_free (asked_uuid);
  g_variant_get (parameters, "(s)", &asked_uuid);
  g_variant_builder_init (&info, G_VARIANT_TYPE ("a{sv}"));
  if (shell_state >= 0)
    g_variant_builder_add (&info, "{sv}", "state", g_variant_new_double (shell_state));
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a{sv})", &info));
}

static const GDBusInterfaceVTable shell_vtable = { shell_call_cb, NULL, NULL, { 0 } };

typedef struct
{
  char           *dir;      /* (owned) */
  char           *conf;     /* (owned) */
  RespiteClock   *clock;    /* (owned) */
  GSettings      *settings; /* (owned) */
  RespiteSession *session;  /* (owned) */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-preferences-review-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->conf = g_build_filename (fixture->dir, "organisation.conf", NULL);
  g_file_set_contents (fixture->conf, data, -1, &error);
  g_assert_no_error (error);
  store = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->clock = respite_clock_new_fake ((gint64) 1795078800 * G_USEC_PER_SEC);
  fixture->settings = g_settings_new (APP_ID);
  fixture->session = respite_session_new (fixture->clock, fixture->settings, fixture->conf,
                                          store);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->session);
  g_settings_reset (fixture->settings, "follow-review-tools");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->clock);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);

      g_remove (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->conf);
  g_free (fixture->dir);
}

/* The first AdwActionRow titled @title under @widget, or NULL. */
static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_row (child, title);

      if (row != NULL)
        return row;
    }

  return NULL;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Preferences never said how the review tool is noticed");
  return G_SOURCE_REMOVE;
}

/* The row's subtitle once the answer from the bus has come. */
static char *
watch_subtitle (Fixture *fixture)
{
  RespitePreferences *preferences = respite_preferences_new (fixture->session, NULL);
  AdwActionRow *row = find_row (GTK_WIDGET (preferences), "Noticing the Review Tool");
  guint timeout = g_timeout_add_seconds (30, timeout_cb, NULL);
  char *subtitle;

  g_assert_nonnull (row);
  while (g_strcmp0 (adw_action_row_get_subtitle (row), "") == 0 ||
         adw_action_row_get_subtitle (row) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  subtitle = g_strdup (adw_action_row_get_subtitle (row));
  gtk_window_destroy (GTK_WINDOW (preferences));
  return subtitle;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_assert_cmpstr (text, ==, part);
}

#define TRACK_POLICY "[ReviewTools]\nmode=track\n[Review tool Queue]\nwm-class=XLogo\n"
#define REQUIRED_POLICY "[ReviewTools]\nmode=suggest\nrequired=true\n" \
                        "[Review tool Queue]\nwm-class=XLogo\n"

static void
test_hidden_when_off (Fixture       *fixture,
                      gconstpointer  data)
{
  RespitePreferences *preferences = respite_preferences_new (fixture->session, NULL);
  AdwActionRow *row = find_row (GTK_WIDGET (preferences), "_Follow the Review Tool");

  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                   ADW_TYPE_PREFERENCES_GROUP)));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* The reviewer's switch, or the organisation's when required. */
static GtkWidget *
find_switch (GtkWidget *widget)
{
  if (GTK_IS_SWITCH (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_switch (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_switch (Fixture       *fixture,
             gconstpointer  data)
{
  gboolean required = g_str_equal (data, REQUIRED_POLICY);
  RespitePreferences *preferences = respite_preferences_new (fixture->session, NULL);
  AdwActionRow *row = find_row (GTK_WIDGET (preferences), "_Follow the Review Tool");
  GtkWidget *toggle = find_switch (GTK_WIDGET (row));

  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                  ADW_TYPE_PREFERENCES_GROUP)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_cmpint (gtk_widget_get_sensitive (toggle), ==, !required);
  if (required)
    assert_contains (adw_action_row_get_subtitle (row), "Your organisation requires this");

  if (!required)
    {
      RespiteReviewFocus *focus = respite_session_get_review_focus (fixture->session);

      guint timeout = g_timeout_add_seconds (30, timeout_cb, NULL);

      gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
      g_assert_false (g_settings_get_boolean (fixture->settings, "follow-review-tools"));
      /* The session hears of it from its own GSettings, in the main loop. */
      while (respite_review_focus_get_mode (focus) != RESPITE_REVIEW_OFF)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (timeout);
    }

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_no_shell (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *subtitle = watch_subtitle (fixture);

  /* Under Xvfb, without GNOME Shell. */
  g_assert_cmpstr (subtitle, ==, "From the X server: the class of the window in front");
}

static void
test_shell (Fixture       *fixture,
            gconstpointer  data)
{
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (shell_xml, NULL);
  g_autoptr(GError) error = NULL;
  guint registration, owner;
  char *subtitle;

  registration = g_dbus_connection_register_object (bus, "/org/gnome/Shell/Extensions",
                                                    info->interfaces[0], &shell_vtable, NULL,
                                                    NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (bus, "org.gnome.Shell.Extensions",
                                        G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
  /* Owned once a call to the name reaches us. */
  while (TRUE)
    {
      g_autoptr(GVariant) reply =
        g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "NameHasOwner",
                                     g_variant_new ("(s)", "org.gnome.Shell.Extensions"),
                                     G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);
      gboolean owned = FALSE;

      g_variant_get (reply, "(b)", &owned);
      if (owned)
        break;
      g_main_context_iteration (NULL, TRUE);
    }

  shell_state = -1;
  subtitle = watch_subtitle (fixture);
  g_assert_cmpstr (asked_uuid, ==, EXTENSION_UUID);
  assert_contains (subtitle, "is not installed");
  g_free (subtitle);

  shell_state = 2;  /* DISABLED */
  subtitle = watch_subtitle (fixture);
  assert_contains (subtitle, "installed but not turned on");
  g_free (subtitle);

  shell_state = 1;  /* ENABLED */
  subtitle = watch_subtitle (fixture);
  g_assert_cmpstr (subtitle, ==, "By the Respite Review Tools extension for GNOME Shell");
  g_free (subtitle);

  g_bus_unown_name (owner);
  g_dbus_connection_unregister_object (bus, registration);
}

static int
run_tests (GApplication *application)
{
  int status;

  g_application_hold (application);
#define ADD(path, policy, func) g_test_add (path, Fixture, policy, set_up, func, tear_down)
  ADD ("/preferences/review/hidden-when-off", "[ReviewTools]\nmode=off\n", test_hidden_when_off);
  ADD ("/preferences/review/switch", TRACK_POLICY, test_switch);
  ADD ("/preferences/review/required", REQUIRED_POLICY, test_switch);
  ADD ("/preferences/review/no-shell", TRACK_POLICY, test_no_shell);
  ADD ("/preferences/review/shell", TRACK_POLICY, test_shell);
#undef ADD
  status = g_test_run ();
  g_application_release (application);

  return status;
}

static int status;

static void
activate_cb (GApplication *application)
{
  status = run_tests (application);
}

int
main (int argc, char **argv)
{
  g_autoptr(AdwApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Registered on the session bus, as the app is: Preferences asks the
   * Shell over the application's connection. */
  application = adw_application_new ("io.github.respite.TestPreferencesReview",
                                     G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (application), 0, NULL);

  return status;
}
