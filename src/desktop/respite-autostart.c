/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start when I log in. Outside a sandbox, an autostart entry in
 * $XDG_CONFIG_HOME/autostart/ (the XDG Autostart specification) runs
 * `respite --background`. Inside Flatpak that directory is out of reach,
 * so the background portal is asked instead, and it writes the entry on
 * the host itself. libportal would do the same in more code: one D-Bus
 * call and one signal suffice.
 */

#define G_LOG_DOMAIN "respite-autostart"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "respite-autostart.h"

#define PORTAL_NAME       "org.freedesktop.portal.Desktop"
#define PORTAL_PATH       "/org/freedesktop/portal/desktop"
#define BACKGROUND_IFACE  "org.freedesktop.portal.Background"
#define REQUEST_IFACE     "org.freedesktop.portal.Request"

/* Returns: (transfer full): $XDG_CONFIG_HOME/autostart/APP_ID.desktop */
char *
respite_autostart_get_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/* Inside Flatpak only the portal can make the app start at login. */
gboolean
respite_autostart_is_sandboxed (void)
{
  return g_getenv ("FLATPAK_ID") != NULL ||
         g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* The program as the Exec key must quote it (Desktop Entry Specification,
 * "The Exec key"): only when it holds a reserved character. */
static char *
quote_exec_argument (const char *argument)
{
  g_autoptr(GString) quoted = NULL;

  if (strpbrk (argument, " \t\n\"'\\><~|&;$*?#()`") == NULL)
    return g_strdup (argument);

  quoted = g_string_new ("\"");
  for (const char *p = argument; *p != '\0'; p++)
    {
      if (strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

/* Writes the autostart entry, or removes it. Removing an entry that is
 * not there succeeds. */
gboolean
respite_autostart_write_file (gboolean   enabled,
                              GError   **error)
{
  g_autofree char *path = respite_autostart_get_path ();
  g_autofree char *dir = NULL;
  g_autofree char *program = NULL;
  g_autofree char *exec = NULL;
  g_autoptr(GKeyFile) entry = NULL;

  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not remove %s: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* The installed binary by its full path: the session's PATH may not
   * include a prefix such as /usr/local. */
  program = quote_exec_argument (RESPITE_BINDIR G_DIR_SEPARATOR_S "respite");
  exec = g_strdup_printf ("%s %s", program, RESPITE_AUTOSTART_OPTION);

  entry = g_key_file_new ();
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         _("Respite"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Prompts breaks and check-ins from the start of your session"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TERMINAL,
                          FALSE);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

  return g_key_file_save_to_file (entry, path, error);
}

typedef struct
{
  GDBusConnection *bus;        /* (owned) */
  guint            response_id;
  gboolean         enabled;
  gboolean         answered;  /* the task has returned */
} PortalRequest;

static void
portal_request_free (PortalRequest *request)
{
  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
  g_clear_object (&request->bus);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortalRequest, portal_request_free)

/* The subscription holds the task: dropping it once answered frees both. */
static void
stop_listening (GTask *task)
{
  PortalRequest *request = g_task_get_task_data (task);

  request->answered = TRUE;
  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
  request->response_id = 0;
}

static void
portal_response_cb (GDBusConnection *bus,
                    const char      *sender_name,
                    const char      *object_path,
                    const char      *interface_name,
                    const char      *signal_name,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = g_object_ref (G_TASK (user_data));
  PortalRequest *request = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  gboolean autostart = FALSE;
  guint32 response;

  if (request->answered)
    return;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "autostart", "b", &autostart);

  /* Turning autostart off succeeds however the portal answers: there is
   * nothing left to undo. */
  if (request->enabled && (response != 0 || !autostart))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("Respite was not allowed to start when you log in. You can "
                               "allow it in Settings, under Apps."));
  else
    g_task_return_boolean (task, TRUE);

  stop_listening (task);
}

static void
request_background_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  PortalRequest *request = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* On success the answer comes later, with the Request's Response signal. */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL && !request->answered)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      stop_listening (task);
    }
}

/* Asks the background portal to start `respite --background` at login,
 * or no longer to. The Response signal is subscribed to before the call,
 * on the request path the portal will use, so it cannot be missed. */
static void
request_background (GTask *task)
{
  PortalRequest *request = g_task_get_task_data (task);
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (request->bus) + 1);
  g_autofree char *token = g_strdup_printf ("respite%u", g_random_int ());
  g_autofree char *handle = NULL;
  const char * const commandline[] = { "respite", RESPITE_AUTOSTART_OPTION, NULL };
  GVariantBuilder options;

  g_strdelimit (sender, ".", '_');
  handle = g_strdup_printf (PORTAL_PATH "/request/%s/%s", sender, token);

  request->response_id =
    g_dbus_connection_signal_subscribe (request->bus, PORTAL_NAME, REQUEST_IFACE, "Response",
                                        handle, NULL, G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                        portal_response_cb, g_object_ref (task),
                                        g_object_unref);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Respite prompts breaks and check-ins from "
                                                 "the start of your session.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (request->enabled));
  g_variant_builder_add (&options, "{sv}", "commandline",
                         g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  /* No parent window: the portal then shows its question on its own. */
  g_dbus_connection_call (request->bus, PORTAL_NAME, PORTAL_PATH, BACKGROUND_IFACE,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), request_background_cb,
                          g_object_ref (task));
}

/**
 * respite_autostart_set_async:
 * @session_bus: (nullable): the session bus, needed inside Flatpak only
 *
 * Makes Respite start at login, or not: through the background portal
 * inside Flatpak, with an autostart entry otherwise.
 */
void
respite_autostart_set_async (GDBusConnection     *session_bus,
                             gboolean             enabled,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PortalRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (session_bus == NULL || G_IS_DBUS_CONNECTION (session_bus));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, respite_autostart_set_async);

  if (!respite_autostart_is_sandboxed ())
    {
      /* A few hundred bytes in the user's own directory: not worth a thread. */
      if (respite_autostart_write_file (enabled, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (session_bus == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Respite cannot ask to start when you log in: there is no "
                                 "session bus."));
      return;
    }

  request = g_new0 (PortalRequest, 1);
  request->bus = g_object_ref (session_bus);
  request->enabled = enabled;
  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify) portal_request_free);
  request_background (task);
}

gboolean
respite_autostart_set_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, respite_autostart_set_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
