/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePresence: idleness from Mutter's idle monitor (see
 * respite-presence.c for the whole picture). An idle watch says when the
 * person has been away for the threshold, a user-active watch when they
 * are back; the app's fallback for a desktop without Mutter goes through
 * respite_presence_report_idle() instead.
 */

#define G_LOG_DOMAIN "respite-presence"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-presence-private.h"

/* Fire and forget: if it fails the watch is gone already, and no reply means
 * nothing can call back into an object that may be disposing. */
void
respite_presence_remove_watch (RespitePresence *self,
                               guint            watch_id)
{
  g_debug ("Removing idle monitor watch %u", watch_id);
  g_dbus_connection_call (self->session_bus, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                          MUTTER_IDLE_IFACE, "RemoveWatch",
                          g_variant_new ("(u)", watch_id),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          NULL, NULL, NULL);
}

static void
add_watch_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree CallData *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  RespitePresence *self;
  gboolean wanted;
  guint watch_id;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = data->self;

  if (data->epoch != self->mutter_epoch)
    return;

  if (data->kind == CALL_IDLE_WATCH)
    wanted = data->generation == self->idle_generation;
  else
    wanted = data->generation == self->active_generation;

  if (reply == NULL)
    {
      g_debug ("The idle monitor refused a watch: %s", error->message);
      if (wanted)
        {
          /* Idle-away stays as it is after a failed user-active watch: saying
           * "back" without knowing could resume exposure for nobody. */
          self->idle_failed = TRUE;
          respite_presence_update_availability (self);
        }
      return;
    }

  g_variant_get (reply, "(u)", &watch_id);

  if (!wanted)
    {
      respite_presence_remove_watch (self, watch_id);
      return;
    }

  g_debug ("Idle monitor watch %u added (%s)", watch_id,
           data->kind == CALL_IDLE_WATCH ? "idle" : "user active");

  if (data->kind == CALL_IDLE_WATCH)
    self->idle_watch_id = watch_id;
  else
    self->active_watch_id = watch_id;

  self->idle_failed = FALSE;
  respite_presence_update_availability (self);
}

void
respite_presence_add_idle_watch (RespitePresence *self)
{
  g_assert (self->idle_threshold > 0);

  g_dbus_connection_call (self->session_bus, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                          MUTTER_IDLE_IFACE, "AddIdleWatch",
                          g_variant_new ("(t)", (guint64) self->idle_threshold * 1000),
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, add_watch_cb,
                          respite_presence_call_data_new (self, CALL_IDLE_WATCH,
                                                          self->mutter_epoch,
                                                          self->idle_generation));
}

/* Mutter removes a user-active watch once it fires, so one is added for each
 * absence. Idle watches stay and fire again at the next idle stretch. */
static void
add_active_watch (RespitePresence *self)
{
  g_dbus_connection_call (self->session_bus, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                          MUTTER_IDLE_IFACE, "AddUserActiveWatch", NULL,
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, add_watch_cb,
                          respite_presence_call_data_new (self, CALL_ACTIVE_WATCH,
                                                          self->mutter_epoch,
                                                          self->active_generation));
}

void
respite_presence_watch_fired_cb (GDBusConnection *connection,
                                 const char      *sender_name,
                                 const char      *object_path,
                                 const char      *interface_name,
                                 const char      *signal_name,
                                 GVariant        *parameters,
                                 gpointer         user_data)
{
  RespitePresence *self = user_data;
  guint watch_id;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(u)")))
    return;

  g_variant_get (parameters, "(u)", &watch_id);

  if (watch_id != 0 && watch_id == self->idle_watch_id)
    {
      if (self->idle_away)
        return;

      self->idle_away = TRUE;
      if (self->mutter_present)
        add_active_watch (self);

      /* The watch fires only once the threshold has passed without input,
       * so that is when the person left. */
      respite_presence_emit_away (self, RESPITE_ABSENCE_IDLE, (gint64) self->idle_threshold);
    }
  else if (watch_id != 0 && watch_id == self->active_watch_id)
    {
      self->active_watch_id = 0;
      self->active_generation++;

      if (!self->idle_away)
        return;

      self->idle_away = FALSE;
      respite_presence_emit_back (self, RESPITE_ABSENCE_IDLE);
    }
  else
    {
      /* A watch we removed, or one from before Mutter restarted. */
      g_debug ("Ignoring idle monitor watch %u, not ours", watch_id);
    }
}

void
respite_presence_mutter_appeared_cb (GDBusConnection *connection,
                                     const char      *name,
                                     const char      *name_owner,
                                     gpointer         user_data)
{
  RespitePresence *self = user_data;

  g_debug ("Idle monitor appeared at %s", name_owner);

  /* A new Mutter knows none of the old watches. */
  self->mutter_present = TRUE;
  self->idle_failed = FALSE;
  self->mutter_epoch++;
  self->idle_generation++;
  self->active_generation++;
  self->idle_watch_id = 0;
  self->active_watch_id = 0;

  if (self->idle_threshold > 0)
    respite_presence_add_idle_watch (self);
  if (self->idle_away)
    add_active_watch (self);

  respite_presence_update_availability (self);
}

void
respite_presence_mutter_vanished_cb (GDBusConnection *connection,
                                     const char      *name,
                                     gpointer         user_data)
{
  RespitePresence *self = user_data;

  g_debug ("No idle monitor (%s): idle detection is unavailable", name);

  /* An absence already reported stays reported: whether the person came back
   * is unknown until a new Mutter can tell. */
  self->mutter_present = FALSE;
  self->mutter_epoch++;
  self->idle_watch_id = 0;
  self->active_watch_id = 0;

  respite_presence_update_availability (self);
}

/* Outside GNOME there is no Mutter; see respite_presence_report_idle() for
 * the app's fallback. */
