/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start when I log in. Outside Flatpak the autostart entry appears in
 * $XDG_CONFIG_HOME/autostart/ with the right lines, is a valid desktop
 * entry, and disappears when switched off. Each test gets its own empty
 * XDG_CONFIG_HOME (G_TEST_OPTION_ISOLATE_DIRS). Inside Flatpak the
 * background portal is asked instead: a fake one answers on a private bus.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "respite-autostart.h"

static void
set_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Through the same entry point as the Preferences switch. */
static gboolean
set_autostart_on (GDBusConnection  *bus,
                  gboolean          enabled,
                  GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  respite_autostart_set_async (bus, enabled, NULL, set_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return respite_autostart_set_finish (result, error);
}

static gboolean
set_autostart (gboolean   enabled,
               GError   **error)
{
  return set_autostart_on (NULL, enabled, error);
}

static void
test_path (void)
{
  g_autofree char *path = respite_autostart_get_path ();
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "autostart",
                                                "io.github.respite.Respite.desktop", NULL);

  g_assert_false (respite_autostart_is_sandboxed ());
  g_assert_cmpstr (path, ==, expected);
}

static void
test_enable_writes_entry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autofree char *path = respite_autostart_get_path ();
  g_autofree char *exec = NULL;
  g_autofree char *type = NULL;
  g_autofree char *icon = NULL;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (set_autostart (TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);

  type = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, "Type", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "Application");

  /* The installed binary by its full path, started without a window. */
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, "Exec", &error);
  g_assert_no_error (error);
  g_assert_true (g_path_is_absolute (exec));
  g_assert_true (g_str_has_suffix (exec, "/respite --background"));

  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP,
                                         "X-GNOME-Autostart-enabled", &error));
  g_assert_no_error (error);
  g_assert_false (g_key_file_has_key (entry, G_KEY_FILE_DESKTOP_GROUP, "Hidden", NULL));

  icon = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, "Icon", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (icon, ==, "io.github.respite.Respite");

  /* Switching on twice keeps one entry. */
  g_assert_true (set_autostart (TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_entry_validates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *validator = g_find_program_in_path ("desktop-file-validate");
  g_autofree char *path = respite_autostart_get_path ();
  g_autofree char *output = NULL;
  const char *argv[] = { validator, path, NULL };
  int status;

  if (validator == NULL)
    {
      g_test_skip ("desktop-file-validate is not installed");
      return;
    }

  g_assert_true (set_autostart (TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &output, NULL, &status, &error));
  g_assert_no_error (error);
  /* It prints errors and warnings on stdout; hints are fine. */
  g_test_message ("desktop-file-validate: %s", output);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (output, "error:"));
  g_assert_null (strstr (output, "warning:"));
}

static void
test_disable_removes_entry (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = respite_autostart_get_path ();

  g_assert_true (set_autostart (TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (set_autostart (FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Off when already off is not an error. */
  g_assert_true (set_autostart (FALSE, &error));
  g_assert_no_error (error);
}

static void
test_unwritable_reports_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *blocker = g_build_filename (g_get_user_config_dir (), "autostart", NULL);
  g_autofree char *path = respite_autostart_get_path ();

  /* A file where the autostart directory should be: even root cannot
   * write the entry, and the switch must hear about it. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (blocker, "", 0, &error));
  g_assert_no_error (error);

  g_assert_false (set_autostart (TRUE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Inside Flatpak: a fake background portal on a private bus answers as
 * xdg-desktop-portal does, with a Response signal on the request path. */
typedef struct
{
  GTestDBus       *bus;
  GDBusConnection *service;  /* the portal's connection */
  GDBusConnection *client;   /* the app's */
  GVariant        *options;  /* what RequestBackground was given */
  guint32          response; /* 0 granted, 1 refused by the user */
} Portal;

static void
portal_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  Portal *portal = user_data;
  g_autofree char *caller = g_strdup (sender + 1);
  g_autofree char *handle = NULL;
  const char *parent, *token = NULL;
  gboolean autostart = FALSE;
  GVariantBuilder results;

  g_clear_pointer (&portal->options, g_variant_unref);
  g_variant_get (parameters, "(&s@a{sv})", &parent, &portal->options);
  g_assert_true (g_variant_lookup (portal->options, "handle_token", "&s", &token));
  g_variant_lookup (portal->options, "autostart", "b", &autostart);

  g_strdelimit (caller, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", caller, token);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&results, "{sv}", "background",
                         g_variant_new_boolean (portal->response == 0));
  g_variant_builder_add (&results, "{sv}", "autostart",
                         g_variant_new_boolean (portal->response == 0 && autostart));
  g_dbus_connection_emit_signal (connection, sender, handle, "org.freedesktop.portal.Request",
                                 "Response", g_variant_new ("(ua{sv})", portal->response,
                                                            &results), NULL);
}

static GDBusConnection *
connect_to (GTestDBus *bus)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection =
    g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

static void
portal_set_up (Portal        *portal,
               gconstpointer  data)
{
  static const GDBusInterfaceVTable vtable = { portal_method_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  node = g_dbus_node_info_new_for_xml (
    "<node><interface name='org.freedesktop.portal.Background'>"
    "<method name='RequestBackground'><arg type='s' direction='in'/>"
    "<arg type='a{sv}' direction='in'/><arg type='o' direction='out'/></method>"
    "</interface></node>", &error);
  g_assert_no_error (error);

  portal->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (portal->bus);
  portal->service = connect_to (portal->bus);
  portal->client = connect_to (portal->bus);

  g_dbus_connection_register_object (portal->service, "/org/freedesktop/portal/desktop",
                                     node->interfaces[0], &vtable, portal, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (portal->service, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.portal.Desktop", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);

  g_setenv ("FLATPAK_ID", "io.github.respite.Respite", TRUE);
}

static void
portal_tear_down (Portal        *portal,
                  gconstpointer  data)
{
  g_unsetenv ("FLATPAK_ID");
  g_clear_pointer (&portal->options, g_variant_unref);
  g_dbus_connection_close_sync (portal->client, NULL, NULL);
  g_dbus_connection_close_sync (portal->service, NULL, NULL);
  g_clear_object (&portal->client);
  g_clear_object (&portal->service);
  g_test_dbus_down (portal->bus);
  g_clear_object (&portal->bus);
}

static void
test_portal_enable (Portal        *portal,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = respite_autostart_get_path ();
  g_autofree const char **commandline = NULL;
  gboolean autostart = FALSE;

  g_assert_true (respite_autostart_is_sandboxed ());
  g_assert_true (set_autostart_on (portal->client, TRUE, &error));
  g_assert_no_error (error);

  /* The portal was asked to run `respite --background` at login... */
  g_assert_true (g_variant_lookup (portal->options, "autostart", "b", &autostart));
  g_assert_true (autostart);
  g_assert_true (g_variant_lookup (portal->options, "commandline", "^a&s", &commandline));
  g_assert_cmpuint (g_strv_length ((char **) commandline), ==, 2);
  g_assert_cmpstr (commandline[0], ==, "respite");
  g_assert_cmpstr (commandline[1], ==, "--background");

  /* ...and no entry was written inside the sandbox, where it is useless. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_portal_refused (Portal        *portal,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean autostart = TRUE;

  portal->response = 1;
  g_assert_false (set_autostart_on (portal->client, TRUE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* Switching off cannot fail for want of permission. */
  g_assert_true (set_autostart_on (portal->client, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (portal->options, "autostart", "b", &autostart));
  g_assert_false (autostart);
}

int
main (int   argc,
      char *argv[])
{
  /* These tests are about the autostart entry, not the portal. */
  g_unsetenv ("FLATPAK_ID");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/autostart/path", test_path);
  g_test_add_func ("/autostart/enable/writes-entry", test_enable_writes_entry);
  g_test_add_func ("/autostart/enable/entry-validates", test_entry_validates);
  g_test_add_func ("/autostart/disable/removes-entry", test_disable_removes_entry);
  g_test_add_func ("/autostart/enable/unwritable", test_unwritable_reports_error);
  g_test_add ("/autostart/portal/enable", Portal, NULL, portal_set_up, test_portal_enable,
              portal_tear_down);
  g_test_add ("/autostart/portal/refused", Portal, NULL, portal_set_up, test_portal_refused,
              portal_tear_down);

  return g_test_run ();
}
