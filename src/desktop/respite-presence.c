/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePresence: whether anybody is at the screen.
 *
 * Exposure must stop counting when nobody is looking. Three things mean
 * nobody is, each reported by a session or system service over D-Bus and
 * never by polling:
 *
 *  - the screen is locked: org.gnome.ScreenSaver and org.freedesktop.ScreenSaver
 *    ActiveChanged on the session bus, and logind's session Lock/Unlock and
 *    LockedHint on the system bus. One lock is usually reported by several of
 *    them, so they all drive one boolean and produce one away and one back;
 *  - the machine is going to sleep: logind's PrepareForSleep;
 *  - no input for longer than the idle threshold: Mutter's IdleMonitor
 *    watches, which fire in the compositor rather than waking us up to ask.
 *    Outside GNOME the app may have another way (the X11 screen saver
 *    extension, which needs Xlib and so cannot live here): it says so with
 *    respite_presence_set_idle_fallback(), watches for the
 *    idle-fallback-threshold this object gives it, and reports back with
 *    respite_presence_report_idle(), so that away, back and availability
 *    still come from one place.
 *
 * A missing service is normal (another desktop, a sandbox without the
 * permission, a test) and is only logged with g_debug(); the *-available
 * properties say which detection works, so that Preferences can tell the
 * reviewer instead of failing silently. Every service is followed with a
 * name watch, so one that starts later, or restarts (Mutter does, with the
 * shell on X11), is picked up again.
 *
 * Each reason has its own away/back pair: being idle and then locking the
 * screen gives away (idle), away (locked), and later back (locked),
 * back (idle). Ending the exposure block at the moment the absence began is
 * the app's job; this object only reports.
 *
 * Each source has its own file, over respite-presence-private.h:
 * respite-presence-idle.c (Mutter), respite-presence-lock.c (the screen
 * savers and our logind session's lock) and respite-presence-logind.c
 * (sleep, and finding our session). This one holds the object, the
 * availability that sums them up, and the public API.
 */

#define G_LOG_DOMAIN "respite-presence"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-presence-private.h"

G_DEFINE_ENUM_TYPE (RespiteAbsence, respite_absence,
                    G_DEFINE_ENUM_VALUE (RESPITE_ABSENCE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (RESPITE_ABSENCE_LOCKED, "locked"),
                    G_DEFINE_ENUM_VALUE (RESPITE_ABSENCE_SUSPENDED, "suspended"))

G_DEFINE_FINAL_TYPE (RespitePresence, respite_presence, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION_BUS,
  PROP_SYSTEM_BUS,
  PROP_IDLE_THRESHOLD,
  PROP_IDLE_AVAILABLE,
  PROP_LOCK_AVAILABLE,
  PROP_SLEEP_AVAILABLE,
  PROP_IDLE_FALLBACK,
  PROP_IDLE_FALLBACK_IN_USE,
  PROP_IDLE_FALLBACK_THRESHOLD,
  N_PROPS
};

enum {
  AWAY,
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
respite_presence_update_availability (RespitePresence *self)
{
  /* Only a Mutter that is not there at all hands over to the fallback: one
   * that refused a watch is asked again at the next threshold. */
  gboolean fallback = self->idle_fallback && !self->mutter_present;
  guint fallback_threshold = fallback ? self->idle_threshold : 0;
  gboolean idle = (self->mutter_present && !self->idle_failed) || fallback;
  /* The freedesktop name is weak evidence: GNOME's gsd-screensaver-proxy owns
   * it only to forward inhibitions and never emits ActiveChanged. On GNOME
   * the org.gnome name is there too, so lock detection is real either way. */
  gboolean lock = self->gnome_ss_present || self->fdo_ss_present || self->session_path != NULL;
  gboolean sleep = self->login1_present;

  if (idle != self->idle_available)
    {
      self->idle_available = idle;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_AVAILABLE]);
    }

  if (lock != self->lock_available)
    {
      self->lock_available = lock;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCK_AVAILABLE]);
    }

  if (sleep != self->sleep_available)
    {
      self->sleep_available = sleep;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLEEP_AVAILABLE]);
    }

  if (fallback != self->idle_fallback_in_use)
    {
      self->idle_fallback_in_use = fallback;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_FALLBACK_IN_USE]);
    }

  if (fallback_threshold != self->idle_fallback_threshold)
    {
      self->idle_fallback_threshold = fallback_threshold;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_FALLBACK_THRESHOLD]);
    }
}

/* For the sources, which cannot see the signal ids. */
void
respite_presence_emit_away (RespitePresence *self,
                            RespiteAbsence   reason,
                            gint64           seconds_ago)
{
  g_signal_emit (self, signals[AWAY], 0, reason, seconds_ago);
}

void
respite_presence_emit_back (RespitePresence *self,
                            RespiteAbsence   reason)
{
  g_signal_emit (self, signals[BACK], 0, reason);
}

CallData *
respite_presence_call_data_new (RespitePresence *self,
                                CallKind         kind,
                                guint            epoch,
                                guint            generation)
{
  CallData *data = g_new0 (CallData, 1);

  data->self = self;
  data->kind = kind;
  data->epoch = epoch;
  data->generation = generation;

  return data;
}

static void
respite_presence_constructed (GObject *object)
{
  RespitePresence *self = RESPITE_PRESENCE (object);

  G_OBJECT_CLASS (respite_presence_parent_class)->constructed (object);

  /* Signals are subscribed before the names are watched: with a well-known
   * sender, GDBus drops signals until it has learnt the name's owner, and
   * doing it in this order means it has by the time a service is reported
   * as available. */
  if (self->session_bus != NULL)
    {
      self->watch_fired_sub =
        g_dbus_connection_signal_subscribe (self->session_bus, MUTTER_IDLE_NAME,
                                            MUTTER_IDLE_IFACE, "WatchFired",
                                            MUTTER_IDLE_PATH, NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE,
                                            respite_presence_watch_fired_cb, self, NULL);
      self->gnome_ss_sub =
        g_dbus_connection_signal_subscribe (self->session_bus, GNOME_SS_NAME,
                                            GNOME_SS_IFACE, "ActiveChanged",
                                            GNOME_SS_PATH, NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE,
                                            respite_presence_screensaver_active_changed_cb,
                                            self, NULL);
      self->fdo_ss_sub =
        g_dbus_connection_signal_subscribe (self->session_bus, FDO_SS_NAME,
                                            FDO_SS_IFACE, "ActiveChanged",
                                            FDO_SS_PATH, NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE,
                                            respite_presence_screensaver_active_changed_cb,
                                            self, NULL);

      self->mutter_name_watch =
        g_bus_watch_name_on_connection (self->session_bus, MUTTER_IDLE_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        respite_presence_mutter_appeared_cb,
                                        respite_presence_mutter_vanished_cb,
                                        self, NULL);
      self->gnome_ss_name_watch =
        g_bus_watch_name_on_connection (self->session_bus, GNOME_SS_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        respite_presence_screensaver_appeared_cb,
                                        respite_presence_screensaver_vanished_cb,
                                        self, NULL);
      self->fdo_ss_name_watch =
        g_bus_watch_name_on_connection (self->session_bus, FDO_SS_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        respite_presence_screensaver_appeared_cb,
                                        respite_presence_screensaver_vanished_cb,
                                        self, NULL);
    }
  else
    {
      g_debug ("No session bus: idle and screen saver detection are unavailable");
    }

  if (self->system_bus != NULL)
    {
      self->sleep_sub =
        g_dbus_connection_signal_subscribe (self->system_bus, LOGIN1_NAME,
                                            LOGIN1_MANAGER, "PrepareForSleep",
                                            LOGIN1_PATH, NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE,
                                            respite_presence_prepare_for_sleep_cb, self, NULL);
      self->login1_name_watch =
        g_bus_watch_name_on_connection (self->system_bus, LOGIN1_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        respite_presence_login1_appeared_cb,
                                        respite_presence_login1_vanished_cb,
                                        self, NULL);
    }
  else
    {
      g_debug ("No system bus: suspend and logind lock detection are unavailable");
    }
}

static void
clear_subscription (GDBusConnection *connection,
                    guint           *id)
{
  if (*id != 0)
    g_dbus_connection_signal_unsubscribe (connection, *id);
  *id = 0;
}

static void
respite_presence_dispose (GObject *object)
{
  RespitePresence *self = RESPITE_PRESENCE (object);

  g_cancellable_cancel (self->cancellable);

  /* Nothing reported after this, not even a back from a later
   * respite_presence_set_idle_threshold (0). */
  self->idle_away = FALSE;
  self->locked = FALSE;
  self->suspended = FALSE;
  /* Tells the fallback to stop watching, and ignores what it still says. */
  self->idle_fallback = FALSE;
  respite_presence_update_availability (self);

  if (self->session_bus != NULL)
    {
      /* Mutter drops a client's watches when it leaves the bus, but the bus
       * connection outlives this object. A watch still being added is not
       * known yet; it is left to that clean-up. */
      if (self->mutter_present && self->idle_watch_id != 0)
        respite_presence_remove_watch (self, self->idle_watch_id);
      if (self->mutter_present && self->active_watch_id != 0)
        respite_presence_remove_watch (self, self->active_watch_id);
      self->idle_watch_id = 0;
      self->active_watch_id = 0;

      g_clear_handle_id (&self->mutter_name_watch, g_bus_unwatch_name);
      g_clear_handle_id (&self->gnome_ss_name_watch, g_bus_unwatch_name);
      g_clear_handle_id (&self->fdo_ss_name_watch, g_bus_unwatch_name);
      clear_subscription (self->session_bus, &self->watch_fired_sub);
      clear_subscription (self->session_bus, &self->gnome_ss_sub);
      clear_subscription (self->session_bus, &self->fdo_ss_sub);
    }

  if (self->system_bus != NULL)
    {
      respite_presence_forget_session (self);
      g_clear_handle_id (&self->login1_name_watch, g_bus_unwatch_name);
      clear_subscription (self->system_bus, &self->sleep_sub);
    }

  g_clear_object (&self->session_bus);
  g_clear_object (&self->system_bus);

  G_OBJECT_CLASS (respite_presence_parent_class)->dispose (object);
}

static void
respite_presence_finalize (GObject *object)
{
  RespitePresence *self = RESPITE_PRESENCE (object);

  g_clear_object (&self->cancellable);
  g_free (self->session_path);

  G_OBJECT_CLASS (respite_presence_parent_class)->finalize (object);
}

static void
respite_presence_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RespitePresence *self = RESPITE_PRESENCE (object);

  switch (prop_id)
    {
    case PROP_SESSION_BUS:
      g_value_set_object (value, self->session_bus);
      break;

    case PROP_SYSTEM_BUS:
      g_value_set_object (value, self->system_bus);
      break;

    case PROP_IDLE_THRESHOLD:
      g_value_set_uint (value, self->idle_threshold);
      break;

    case PROP_IDLE_AVAILABLE:
      g_value_set_boolean (value, self->idle_available);
      break;

    case PROP_LOCK_AVAILABLE:
      g_value_set_boolean (value, self->lock_available);
      break;

    case PROP_SLEEP_AVAILABLE:
      g_value_set_boolean (value, self->sleep_available);
      break;

    case PROP_IDLE_FALLBACK:
      g_value_set_boolean (value, self->idle_fallback);
      break;

    case PROP_IDLE_FALLBACK_IN_USE:
      g_value_set_boolean (value, self->idle_fallback_in_use);
      break;

    case PROP_IDLE_FALLBACK_THRESHOLD:
      g_value_set_uint (value, self->idle_fallback_threshold);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_presence_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RespitePresence *self = RESPITE_PRESENCE (object);

  switch (prop_id)
    {
    case PROP_SESSION_BUS:
      g_assert (self->session_bus == NULL);
      self->session_bus = g_value_dup_object (value);
      break;

    case PROP_SYSTEM_BUS:
      g_assert (self->system_bus == NULL);
      self->system_bus = g_value_dup_object (value);
      break;

    case PROP_IDLE_THRESHOLD:
      respite_presence_set_idle_threshold (self, g_value_get_uint (value));
      break;

    case PROP_IDLE_FALLBACK:
      respite_presence_set_idle_fallback (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_presence_class_init (RespitePresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = respite_presence_constructed;
  object_class->dispose = respite_presence_dispose;
  object_class->finalize = respite_presence_finalize;
  object_class->get_property = respite_presence_get_property;
  object_class->set_property = respite_presence_set_property;

  /**
   * RespitePresence:session-bus:
   *
   * Where Mutter's idle monitor and the screen savers are, or %NULL for none.
   */
  properties[PROP_SESSION_BUS] =
    g_param_spec_object ("session-bus", NULL, NULL,
                         G_TYPE_DBUS_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RespitePresence:system-bus:
   *
   * Where logind is, or %NULL for none.
   */
  properties[PROP_SYSTEM_BUS] =
    g_param_spec_object ("system-bus", NULL, NULL,
                         G_TYPE_DBUS_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RespitePresence:idle-threshold:
   *
   * Seconds without input after which the person counts as away; 0 turns
   * idle detection off (video and live review may go long without input).
   */
  properties[PROP_IDLE_THRESHOLD] =
    g_param_spec_uint ("idle-threshold", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RespitePresence:idle-available:
   *
   * Whether Mutter's idle monitor is there and accepts watches, or, without
   * it, the app's fallback is (see #RespitePresence:idle-fallback).
   */
  properties[PROP_IDLE_AVAILABLE] =
    g_param_spec_boolean ("idle-available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RespitePresence:lock-available:
   *
   * Whether a screen saver is there, or logind knows our session.
   */
  properties[PROP_LOCK_AVAILABLE] =
    g_param_spec_boolean ("lock-available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RespitePresence:sleep-available:
   *
   * Whether logind is there to say when the machine goes to sleep.
   */
  properties[PROP_SLEEP_AVAILABLE] =
    g_param_spec_boolean ("sleep-available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RespitePresence:idle-fallback:
   *
   * Whether the app can tell idleness without Mutter, for instance from the
   * X11 screen saver extension. It then watches for
   * #RespitePresence:idle-fallback-threshold and reports with
   * respite_presence_report_idle().
   */
  properties[PROP_IDLE_FALLBACK] =
    g_param_spec_boolean ("idle-fallback", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RespitePresence:idle-fallback-in-use:
   *
   * Whether idleness comes from the app's fallback, because Mutter's idle
   * monitor is not on the bus.
   */
  properties[PROP_IDLE_FALLBACK_IN_USE] =
    g_param_spec_boolean ("idle-fallback-in-use", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RespitePresence:idle-fallback-threshold:
   *
   * Seconds without input the fallback should watch for, or 0 when it
   * should not watch at all: the fallback is not in use, or idle detection
   * is off.
   */
  properties[PROP_IDLE_FALLBACK_THRESHOLD] =
    g_param_spec_uint ("idle-fallback-threshold", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RespitePresence::away:
   * @self: the presence
   * @reason: a #RespiteAbsence, why nobody is there
   * @seconds_ago: how many seconds ago the absence began: the idle threshold
   *   for %RESPITE_ABSENCE_IDLE, 0 for the others
   *
   * The person left. Emitted once per absence and reason, however many
   * sources report it; a #RespitePresence::back with the same @reason
   * follows when they return.
   */
  signals[AWAY] =
    g_signal_new ("away", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  RESPITE_TYPE_ABSENCE, G_TYPE_INT64);

  /**
   * RespitePresence::back:
   * @self: the presence
   * @reason: the #RespiteAbsence that ended
   *
   * The person is back from the absence reported with the same @reason. They
   * may still be away for another reason (an idle person who also locked the
   * screen comes back from both).
   */
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  RESPITE_TYPE_ABSENCE);
}

static void
respite_presence_init (RespitePresence *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * respite_presence_new:
 * @session_bus: (nullable): the session bus, or %NULL for none
 * @system_bus: (nullable): the system bus, or %NULL for none
 *
 * Starts following the services on these buses. Idle detection is off
 * until respite_presence_set_idle_threshold() is called.
 *
 * Returns: (transfer full): a new #RespitePresence
 */
RespitePresence *
respite_presence_new (GDBusConnection *session_bus,
                      GDBusConnection *system_bus)
{
  g_return_val_if_fail (session_bus == NULL || G_IS_DBUS_CONNECTION (session_bus), NULL);
  g_return_val_if_fail (system_bus == NULL || G_IS_DBUS_CONNECTION (system_bus), NULL);

  return g_object_new (RESPITE_TYPE_PRESENCE,
                       "session-bus", session_bus,
                       "system-bus", system_bus,
                       NULL);
}

/**
 * respite_presence_set_idle_threshold:
 * @self: a #RespitePresence
 * @seconds: seconds without input after which the person is away, or 0 to
 *   stop detecting idleness
 *
 * Replaces the idle watch. Turning detection off while the person is idle
 * emits #RespitePresence::back, so that no absence is left open.
 */
void
respite_presence_set_idle_threshold (RespitePresence *self,
                                     guint            seconds)
{
  gboolean was_away = FALSE;

  g_return_if_fail (RESPITE_IS_PRESENCE (self));

  if (seconds == self->idle_threshold)
    return;

  self->idle_threshold = seconds;
  self->idle_generation++;

  if (self->idle_watch_id != 0)
    {
      respite_presence_remove_watch (self, self->idle_watch_id);
      self->idle_watch_id = 0;
    }

  if (seconds == 0)
    {
      if (self->active_watch_id != 0)
        {
          respite_presence_remove_watch (self, self->active_watch_id);
          self->active_watch_id = 0;
        }
      self->active_generation++;
      was_away = self->idle_away;
      self->idle_away = FALSE;
    }
  else if (self->session_bus != NULL && self->mutter_present)
    {
      respite_presence_add_idle_watch (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_THRESHOLD]);
  respite_presence_update_availability (self);

  if (was_away)
    respite_presence_emit_back (self, RESPITE_ABSENCE_IDLE);
}

guint
respite_presence_get_idle_threshold (RespitePresence *self)
{
  g_return_val_if_fail (RESPITE_IS_PRESENCE (self), 0);

  return self->idle_threshold;
}

/**
 * respite_presence_set_idle_fallback:
 * @self: a #RespitePresence
 * @available: whether the app can tell idleness without Mutter
 *
 * Sets #RespitePresence:idle-fallback.
 */
void
respite_presence_set_idle_fallback (RespitePresence *self,
                                    gboolean         available)
{
  g_return_if_fail (RESPITE_IS_PRESENCE (self));

  available = !!available;
  if (available == self->idle_fallback)
    return;

  self->idle_fallback = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_FALLBACK]);
  respite_presence_update_availability (self);
}

gboolean
respite_presence_get_idle_fallback_in_use (RespitePresence *self)
{
  g_return_val_if_fail (RESPITE_IS_PRESENCE (self), FALSE);

  return self->idle_fallback_in_use;
}

guint
respite_presence_get_idle_fallback_threshold (RespitePresence *self)
{
  g_return_val_if_fail (RESPITE_IS_PRESENCE (self), 0);

  return self->idle_fallback_threshold;
}

/**
 * respite_presence_report_idle:
 * @self: a #RespitePresence
 * @idle: %TRUE if there has been no input for the fallback threshold,
 *   %FALSE if there has been input since
 * @seconds_ago: for @idle, how many seconds ago the last input was
 *
 * What the app's idle fallback saw. It may report the same state more than
 * once (when it starts watching, it says what it finds): only a change is
 * an absence or a return. A report while the fallback is not meant to be
 * watching (#RespitePresence:idle-fallback-threshold is 0) is stale and
 * ignored.
 */
void
respite_presence_report_idle (RespitePresence *self,
                              gboolean         idle,
                              gint64           seconds_ago)
{
  g_return_if_fail (RESPITE_IS_PRESENCE (self));
  g_return_if_fail (seconds_ago >= 0);

  if (self->idle_fallback_threshold == 0)
    {
      g_debug ("Ignoring the idle fallback: it is not watching");
      return;
    }

  idle = !!idle;
  if (idle == self->idle_away)
    return;

  g_debug ("Idle fallback: %s", idle ? "idle" : "active again");
  self->idle_away = idle;

  if (idle)
    g_signal_emit (self, signals[AWAY], 0, RESPITE_ABSENCE_IDLE, seconds_ago);
  else
    respite_presence_emit_back (self, RESPITE_ABSENCE_IDLE);
}

/**
 * respite_presence_get_idle_available:
 * @self: a #RespitePresence
 *
 * Returns: whether idleness can be detected here (Mutter's idle monitor is
 *   on the session bus and accepts watches, or the app's fallback stands in
 *   for a missing one)
 */
gboolean
respite_presence_get_idle_available (RespitePresence *self)
{
  g_return_val_if_fail (RESPITE_IS_PRESENCE (self), FALSE);

  return self->idle_available;
}

/**
 * respite_presence_get_lock_available:
 * @self: a #RespitePresence
 *
 * Returns: whether screen locks can be detected here (a screen saver is on
 *   the session bus, or logind knows our session)
 */
gboolean
respite_presence_get_lock_available (RespitePresence *self)
{
  g_return_val_if_fail (RESPITE_IS_PRESENCE (self), FALSE);

  return self->lock_available;
}

/**
 * respite_presence_get_sleep_available:
 * @self: a #RespitePresence
 *
 * Returns: whether suspend can be detected here (logind is on the system bus)
 */
gboolean
respite_presence_get_sleep_available (RespitePresence *self)
{
  g_return_val_if_fail (RESPITE_IS_PRESENCE (self), FALSE);

  return self->sleep_available;
}
