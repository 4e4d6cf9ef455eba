/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePresence: screen locks, from the GNOME and freedesktop screen
 * savers on the session bus and from our logind session (see
 * respite-presence.c for the whole picture). However many of them report
 * one lock, it is one away and one back.
 */

#define G_LOG_DOMAIN "respite-presence"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-presence-private.h"

static void
set_locked (RespitePresence *self,
            gboolean         locked,
            const char      *source)
{
  /* One boolean for all sources, not one per source: GNOME unlocks through
   * the shell without any logind Unlock, so waiting for every source to say
   * "unlocked" could wait forever. */
  if (locked == self->locked)
    {
      g_debug ("%s repeats that the screen is %s", source, locked ? "locked" : "unlocked");
      return;
    }

  g_debug ("%s: screen %s", source, locked ? "locked" : "unlocked");
  self->locked = locked;

  if (locked)
    respite_presence_emit_away (self, RESPITE_ABSENCE_LOCKED, (gint64) 0);
  else
    respite_presence_emit_back (self, RESPITE_ABSENCE_LOCKED);
}

void
respite_presence_screensaver_active_changed_cb (GDBusConnection *connection,
                                                const char      *sender_name,
                                                const char      *object_path,
                                                const char      *interface_name,
                                                const char      *signal_name,
                                                GVariant        *parameters,
                                                gpointer         user_data)
{
  RespitePresence *self = user_data;
  gboolean active;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &active);
  set_locked (self, active, interface_name);
}

void
respite_presence_session_lock_cb (GDBusConnection *connection,
                                  const char      *sender_name,
                                  const char      *object_path,
                                  const char      *interface_name,
                                  const char      *signal_name,
                                  GVariant        *parameters,
                                  gpointer         user_data)
{
  RespitePresence *self = user_data;

  set_locked (self, g_str_equal (signal_name, "Lock"), "logind");
}

void
respite_presence_session_properties_changed_cb (GDBusConnection *connection,
                                                const char      *sender_name,
                                                const char      *object_path,
                                                const char      *interface_name,
                                                const char      *signal_name,
                                                GVariant        *parameters,
                                                gpointer         user_data)
{
  RespitePresence *self = user_data;
  g_autoptr(GVariant) changed = NULL;
  gboolean locked_hint;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sa{sv}as)")))
    return;

  /* logind sends LockedHint's new value with the change rather than only
   * invalidating it, so there is nothing to fetch. */
  changed = g_variant_get_child_value (parameters, 1);
  if (g_variant_lookup (changed, "LockedHint", "b", &locked_hint))
    set_locked (self, locked_hint, "logind LockedHint");
}

/* The signals only say what changes. A screen already locked when the app
 * starts (restarted behind the lock, or started by a review tool) would
 * count as attended until it unlocks, so each source is asked once when it
 * is found. Only a lock is taken from the answer: "unlocked" is what this
 * object assumes anyway, and another source may know better. A reply comes
 * after any signal its sender emitted before it, so it is never older than
 * what the signals already said. */
static void
query_locked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree CallData *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;
  RespitePresence *self;
  const char *what;
  gboolean locked = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = data->self;

  switch (data->kind)
    {
    case CALL_GNOME_SS_ACTIVE:
      what = GNOME_SS_IFACE ".GetActive";
      if (!self->gnome_ss_present)
        return;
      break;

    case CALL_FDO_SS_ACTIVE:
      what = FDO_SS_IFACE ".GetActive";
      if (!self->fdo_ss_present)
        return;
      break;

    case CALL_LOCKED_HINT:
      what = "logind LockedHint";
      if (data->epoch != self->login1_epoch || self->session_path == NULL)
        return;
      break;

    default:
      g_assert_not_reached ();
    }

  if (reply == NULL)
    {
      g_debug ("Could not ask %s whether the screen is locked: %s", what, error->message);
      return;
    }

  if (data->kind == CALL_LOCKED_HINT)
    {
      g_variant_get (reply, "(v)", &value);
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        {
          g_debug ("%s is a %s, not a boolean", what, g_variant_get_type_string (value));
          return;
        }
      locked = g_variant_get_boolean (value);
    }
  else
    {
      g_variant_get (reply, "(b)", &locked);
    }

  if (locked)
    set_locked (self, TRUE, what);
  else
    g_debug ("%s: the screen is not locked", what);
}

static void
query_screensaver (RespitePresence *self,
                   const char      *name)
{
  gboolean gnome = g_str_equal (name, GNOME_SS_NAME);

  g_dbus_connection_call (self->session_bus, name,
                          gnome ? GNOME_SS_PATH : FDO_SS_PATH,
                          gnome ? GNOME_SS_IFACE : FDO_SS_IFACE,
                          "GetActive", NULL, G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->cancellable,
                          query_locked_cb,
                          respite_presence_call_data_new (self,
                                                          gnome ? CALL_GNOME_SS_ACTIVE
                                                                : CALL_FDO_SS_ACTIVE,
                                                          0, 0));
}

void
respite_presence_query_locked_hint (RespitePresence *self)
{
  g_dbus_connection_call (self->system_bus, LOGIN1_NAME, self->session_path,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", LOGIN1_SESSION, "LockedHint"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, query_locked_cb,
                          respite_presence_call_data_new (self, CALL_LOCKED_HINT,
                                                          self->login1_epoch, 0));
}

void
respite_presence_screensaver_appeared_cb (GDBusConnection *connection,
                                          const char      *name,
                                          const char      *name_owner,
                                          gpointer         user_data)
{
  RespitePresence *self = user_data;

  g_debug ("%s appeared at %s", name, name_owner);

  if (g_str_equal (name, GNOME_SS_NAME))
    self->gnome_ss_present = TRUE;
  else
    self->fdo_ss_present = TRUE;

  query_screensaver (self, name);
  respite_presence_update_availability (self);
}

void
respite_presence_screensaver_vanished_cb (GDBusConnection *connection,
                                          const char      *name,
                                          gpointer         user_data)
{
  RespitePresence *self = user_data;

  g_debug ("No %s", name);

  if (g_str_equal (name, GNOME_SS_NAME))
    self->gnome_ss_present = FALSE;
  else
    self->fdo_ss_present = FALSE;

  respite_presence_update_availability (self);
}
