/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePresence: logind on the system bus (see respite-presence.c for
 * the whole picture): going to sleep and waking up, and finding our
 * session, whose lock respite-presence-lock.c follows.
 */

#define G_LOG_DOMAIN "respite-presence"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "respite-presence-private.h"

void
respite_presence_prepare_for_sleep_cb (GDBusConnection *connection,
                                       const char      *sender_name,
                                       const char      *object_path,
                                       const char      *interface_name,
                                       const char      *signal_name,
                                       GVariant        *parameters,
                                       gpointer         user_data)
{
  RespitePresence *self = user_data;
  gboolean sleeping;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &sleeping);

  if (sleeping == self->suspended)
    return;

  g_debug ("%s", sleeping ? "Going to sleep" : "Woke up");
  self->suspended = sleeping;

  if (sleeping)
    respite_presence_emit_away (self, RESPITE_ABSENCE_SUSPENDED, (gint64) 0);
  else
    respite_presence_emit_back (self, RESPITE_ABSENCE_SUSPENDED);
}

void
respite_presence_forget_session (RespitePresence *self)
{
  if (self->session_lock_sub != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->session_lock_sub);
  if (self->session_unlock_sub != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->session_unlock_sub);
  if (self->session_props_sub != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->session_props_sub);

  self->session_lock_sub = 0;
  self->session_unlock_sub = 0;
  self->session_props_sub = 0;
  g_clear_pointer (&self->session_path, g_free);
}

static void request_session (RespitePresence *self,
                             const char      *method,
                             GVariant        *parameters,
                             gboolean         last_resort);

static void
get_session_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree CallData *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  RespitePresence *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = data->self;

  if (data->epoch != self->login1_epoch)
    return;

  if (reply == NULL)
    {
      if (!data->last_resort)
        {
          /* An app started by systemd --user (as GNOME starts them) runs in
           * an app scope, not in the login session, so logind knows no
           * session for its PID. "auto" is logind's name for the caller's
           * session or, failing that, the user's graphical one. */
          g_debug ("No logind session found (%s), asking for the user's display session",
                   error->message);
          request_session (self, "GetSession", g_variant_new ("(s)", "auto"), TRUE);
        }
      else
        {
          g_debug ("No logind session: lock detection through logind is unavailable (%s)",
                   error->message);
        }
      return;
    }

  respite_presence_forget_session (self);
  g_variant_get (reply, "(o)", &self->session_path);
  g_debug ("Following logind session %s", self->session_path);

  self->session_lock_sub =
    g_dbus_connection_signal_subscribe (self->system_bus, LOGIN1_NAME, LOGIN1_SESSION,
                                        "Lock", self->session_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        respite_presence_session_lock_cb, self, NULL);
  self->session_unlock_sub =
    g_dbus_connection_signal_subscribe (self->system_bus, LOGIN1_NAME, LOGIN1_SESSION,
                                        "Unlock", self->session_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        respite_presence_session_lock_cb, self, NULL);
  self->session_props_sub =
    g_dbus_connection_signal_subscribe (self->system_bus, LOGIN1_NAME,
                                        "org.freedesktop.DBus.Properties",
                                        "PropertiesChanged", self->session_path,
                                        LOGIN1_SESSION, G_DBUS_SIGNAL_FLAGS_NONE,
                                        respite_presence_session_properties_changed_cb, self, NULL);

  respite_presence_query_locked_hint (self);
  respite_presence_update_availability (self);
}

static void
request_session (RespitePresence *self,
                 const char      *method,
                 GVariant        *parameters,
                 gboolean         last_resort)
{
  CallData *data = respite_presence_call_data_new (self, CALL_SESSION, self->login1_epoch, 0);

  data->last_resort = last_resort;
  g_dbus_connection_call (self->system_bus, LOGIN1_NAME, LOGIN1_PATH, LOGIN1_MANAGER,
                          method, parameters, G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, get_session_cb, data);
}

void
respite_presence_login1_appeared_cb (GDBusConnection *connection,
                                     const char      *name,
                                     const char      *name_owner,
                                     gpointer         user_data)
{
  RespitePresence *self = user_data;
  const char *session_id = g_getenv ("XDG_SESSION_ID");

  g_debug ("logind appeared at %s", name_owner);

  self->login1_present = TRUE;
  self->login1_epoch++;
  respite_presence_forget_session (self);

  if (session_id != NULL && *session_id != '\0')
    request_session (self, "GetSession", g_variant_new ("(s)", session_id), FALSE);
  else
    request_session (self, "GetSessionByPID", g_variant_new ("(u)", (guint32) getpid ()),
                     FALSE);

  respite_presence_update_availability (self);
}

void
respite_presence_login1_vanished_cb (GDBusConnection *connection,
                                     const char      *name,
                                     gpointer         user_data)
{
  RespitePresence *self = user_data;

  g_debug ("No logind: suspend detection is unavailable");

  self->login1_present = FALSE;
  self->login1_epoch++;
  respite_presence_forget_session (self);

  respite_presence_update_availability (self);
}
