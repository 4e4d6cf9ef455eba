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
 */

#define G_LOG_DOMAIN "respite-presence"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "respite-presence.h"

#define MUTTER_IDLE_NAME    "org.gnome.Mutter.IdleMonitor"
#define MUTTER_IDLE_PATH    "/org/gnome/Mutter/IdleMonitor/Core"
#define MUTTER_IDLE_IFACE   "org.gnome.Mutter.IdleMonitor"

#define GNOME_SS_NAME       "org.gnome.ScreenSaver"
#define GNOME_SS_PATH       "/org/gnome/ScreenSaver"
#define GNOME_SS_IFACE      "org.gnome.ScreenSaver"

#define FDO_SS_NAME         "org.freedesktop.ScreenSaver"
#define FDO_SS_PATH         "/org/freedesktop/ScreenSaver"
#define FDO_SS_IFACE        "org.freedesktop.ScreenSaver"

#define LOGIN1_NAME         "org.freedesktop.login1"
#define LOGIN1_PATH         "/org/freedesktop/login1"
#define LOGIN1_MANAGER      "org.freedesktop.login1.Manager"
#define LOGIN1_SESSION      "org.freedesktop.login1.Session"

G_DEFINE_ENUM_TYPE (RespiteAbsence, respite_absence,
                    G_DEFINE_ENUM_VALUE (RESPITE_ABSENCE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (RESPITE_ABSENCE_LOCKED, "locked"),
                    G_DEFINE_ENUM_VALUE (RESPITE_ABSENCE_SUSPENDED, "suspended"))

struct _RespitePresence
{
  GObject           parent_instance;

  GDBusConnection  *session_bus;  /* (owned) (nullable) */
  GDBusConnection  *system_bus;   /* (owned) (nullable) */

  /* Cancelled in dispose: a reply that comes back cancelled must not touch
   * the object, which may be gone by then. */
  GCancellable     *cancellable;  /* (owned) */

  /* Idle, through Mutter. Watch ids are Mutter's; 0 is none. */
  guint             idle_threshold;  /* seconds; 0 turns idle detection off */
  guint             mutter_name_watch;
  guint             watch_fired_sub;
  gboolean          mutter_present;
  gboolean          idle_failed;     /* Mutter is there but refused a watch */
  guint             idle_watch_id;
  guint             active_watch_id;
  gboolean          idle_away;
  gboolean          idle_fallback;   /* the app can tell idleness without Mutter */
  /* A watch request whose reply arrives after its generation moved on is
   * no longer wanted (the threshold changed, or the person came back) and
   * is removed at once; one whose epoch moved on went to a Mutter that has
   * since gone, and its watches with it. */
  guint             idle_generation;
  guint             active_generation;
  guint             mutter_epoch;

  /* Lock, from any of four sources. */
  guint             gnome_ss_name_watch;
  guint             gnome_ss_sub;
  gboolean          gnome_ss_present;
  guint             fdo_ss_name_watch;
  guint             fdo_ss_sub;
  gboolean          fdo_ss_present;
  char             *session_path;  /* (owned) (nullable): our logind session */
  guint             session_lock_sub;
  guint             session_unlock_sub;
  guint             session_props_sub;
  gboolean          locked;

  /* Suspend, and the logind session, through logind. */
  guint             login1_name_watch;
  guint             sleep_sub;
  gboolean          login1_present;
  guint             login1_epoch;
  gboolean          suspended;

  /* The values last notified, so that notify fires on changes only. */
  gboolean          idle_available;
  gboolean          lock_available;
  gboolean          sleep_available;
  gboolean          idle_fallback_in_use;
  guint             idle_fallback_threshold;
};

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

typedef enum
{
  CALL_IDLE_WATCH,
  CALL_ACTIVE_WATCH,
  CALL_SESSION,
  CALL_GNOME_SS_ACTIVE,
  CALL_FDO_SS_ACTIVE,
  CALL_LOCKED_HINT,
} CallKind;

/* What an asynchronous call needs to know when its reply arrives. */
typedef struct
{
  RespitePresence *self;  /* (unowned): only valid if the call was not cancelled */
  CallKind         kind;
  guint            epoch;
  guint            generation;
  gboolean         last_resort;  /* CALL_SESSION: no other way left to find it */
} CallData;

static CallData *
call_data_new (RespitePresence *self,
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
update_availability (RespitePresence *self)
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

/* ------------------------------------------------------------------------ */
/* Idle */

/* Fire and forget: if it fails the watch is gone already, and no reply means
 * nothing can call back into an object that may be disposing. */
static void
remove_watch (RespitePresence *self,
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
          update_availability (self);
        }
      return;
    }

  g_variant_get (reply, "(u)", &watch_id);

  if (!wanted)
    {
      remove_watch (self, watch_id);
      return;
    }

  g_debug ("Idle monitor watch %u added (%s)", watch_id,
           data->kind == CALL_IDLE_WATCH ? "idle" : "user active");

  if (data->kind == CALL_IDLE_WATCH)
    self->idle_watch_id = watch_id;
  else
    self->active_watch_id = watch_id;

  self->idle_failed = FALSE;
  update_availability (self);
}

static void
add_idle_watch (RespitePresence *self)
{
  g_assert (self->idle_threshold > 0);

  g_dbus_connection_call (self->session_bus, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                          MUTTER_IDLE_IFACE, "AddIdleWatch",
                          g_variant_new ("(t)", (guint64) self->idle_threshold * 1000),
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, add_watch_cb,
                          call_data_new (self, CALL_IDLE_WATCH, self->mutter_epoch,
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
                          call_data_new (self, CALL_ACTIVE_WATCH, self->mutter_epoch,
                                         self->active_generation));
}

static void
watch_fired_cb (GDBusConnection *connection,
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
      g_signal_emit (self, signals[AWAY], 0, RESPITE_ABSENCE_IDLE,
                     (gint64) self->idle_threshold);
    }
  else if (watch_id != 0 && watch_id == self->active_watch_id)
    {
      self->active_watch_id = 0;
      self->active_generation++;

      if (!self->idle_away)
        return;

      self->idle_away = FALSE;
      g_signal_emit (self, signals[BACK], 0, RESPITE_ABSENCE_IDLE);
    }
  else
    {
      /* A watch we removed, or one from before Mutter restarted. */
      g_debug ("Ignoring idle monitor watch %u, not ours", watch_id);
    }
}

static void
mutter_appeared_cb (GDBusConnection *connection,
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
    add_idle_watch (self);
  if (self->idle_away)
    add_active_watch (self);

  update_availability (self);
}

static void
mutter_vanished_cb (GDBusConnection *connection,
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

  update_availability (self);
}

/* Outside GNOME there is no Mutter; see respite_presence_report_idle() for
 * the app's fallback. */

/* ------------------------------------------------------------------------ */
/* Lock */

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
    g_signal_emit (self, signals[AWAY], 0, RESPITE_ABSENCE_LOCKED, (gint64) 0);
  else
    g_signal_emit (self, signals[BACK], 0, RESPITE_ABSENCE_LOCKED);
}

static void
screensaver_active_changed_cb (GDBusConnection *connection,
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

static void
session_lock_cb (GDBusConnection *connection,
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

static void
session_properties_changed_cb (GDBusConnection *connection,
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
                          call_data_new (self,
                                         gnome ? CALL_GNOME_SS_ACTIVE : CALL_FDO_SS_ACTIVE,
                                         0, 0));
}

static void
query_locked_hint (RespitePresence *self)
{
  g_dbus_connection_call (self->system_bus, LOGIN1_NAME, self->session_path,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", LOGIN1_SESSION, "LockedHint"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, query_locked_cb,
                          call_data_new (self, CALL_LOCKED_HINT, self->login1_epoch, 0));
}

static void
screensaver_appeared_cb (GDBusConnection *connection,
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
  update_availability (self);
}

static void
screensaver_vanished_cb (GDBusConnection *connection,
                         const char      *name,
                         gpointer         user_data)
{
  RespitePresence *self = user_data;

  g_debug ("No %s", name);

  if (g_str_equal (name, GNOME_SS_NAME))
    self->gnome_ss_present = FALSE;
  else
    self->fdo_ss_present = FALSE;

  update_availability (self);
}

/* ------------------------------------------------------------------------ */
/* logind: suspend, and our session's lock */

static void
prepare_for_sleep_cb (GDBusConnection *connection,
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
    g_signal_emit (self, signals[AWAY], 0, RESPITE_ABSENCE_SUSPENDED, (gint64) 0);
  else
    g_signal_emit (self, signals[BACK], 0, RESPITE_ABSENCE_SUSPENDED);
}

static void
forget_session (RespitePresence *self)
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

  forget_session (self);
  g_variant_get (reply, "(o)", &self->session_path);
  g_debug ("Following logind session %s", self->session_path);

  self->session_lock_sub =
    g_dbus_connection_signal_subscribe (self->system_bus, LOGIN1_NAME, LOGIN1_SESSION,
                                        "Lock", self->session_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        session_lock_cb, self, NULL);
  self->session_unlock_sub =
    g_dbus_connection_signal_subscribe (self->system_bus, LOGIN1_NAME, LOGIN1_SESSION,
                                        "Unlock", self->session_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        session_lock_cb, self, NULL);
  self->session_props_sub =
    g_dbus_connection_signal_subscribe (self->system_bus, LOGIN1_NAME,
                                        "org.freedesktop.DBus.Properties",
                                        "PropertiesChanged", self->session_path,
                                        LOGIN1_SESSION, G_DBUS_SIGNAL_FLAGS_NONE,
                                        session_properties_changed_cb, self, NULL);

  query_locked_hint (self);
  update_availability (self);
}

static void
request_session (RespitePresence *self,
                 const char      *method,
                 GVariant        *parameters,
                 gboolean         last_resort)
{
  CallData *data = call_data_new (self, CALL_SESSION, self->login1_epoch, 0);

  data->last_resort = last_resort;
  g_dbus_connection_call (self->system_bus, LOGIN1_NAME, LOGIN1_PATH, LOGIN1_MANAGER,
                          method, parameters, G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, get_session_cb, data);
}

static void
login1_appeared_cb (GDBusConnection *connection,
                    const char      *name,
                    const char      *name_owner,
                    gpointer         user_data)
{
  RespitePresence *self = user_data;
  const char *session_id = g_getenv ("XDG_SESSION_ID");

  g_debug ("logind appeared at %s", name_owner);

  self->login1_present = TRUE;
  self->login1_epoch++;
  forget_session (self);

  if (session_id != NULL && *session_id != '\0')
    request_session (self, "GetSession", g_variant_new ("(s)", session_id), FALSE);
  else
    request_session (self, "GetSessionByPID", g_variant_new ("(u)", (guint32) getpid ()),
                     FALSE);

  update_availability (self);
}

static void
login1_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  RespitePresence *self = user_data;

  g_debug ("No logind: suspend detection is unavailable");

  self->login1_present = FALSE;
  self->login1_epoch++;
  forget_session (self);

  update_availability (self);
}

/* ------------------------------------------------------------------------ */

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
                                            watch_fired_cb, self, NULL);
      self->gnome_ss_sub =
        g_dbus_connection_signal_subscribe (self->session_bus, GNOME_SS_NAME,
                                            GNOME_SS_IFACE, "ActiveChanged",
                                            GNOME_SS_PATH, NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE,
                                            screensaver_active_changed_cb, self, NULL);
      self->fdo_ss_sub =
        g_dbus_connection_signal_subscribe (self->session_bus, FDO_SS_NAME,
                                            FDO_SS_IFACE, "ActiveChanged",
                                            FDO_SS_PATH, NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE,
                                            screensaver_active_changed_cb, self, NULL);

      self->mutter_name_watch =
        g_bus_watch_name_on_connection (self->session_bus, MUTTER_IDLE_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        mutter_appeared_cb, mutter_vanished_cb,
                                        self, NULL);
      self->gnome_ss_name_watch =
        g_bus_watch_name_on_connection (self->session_bus, GNOME_SS_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        screensaver_appeared_cb, screensaver_vanished_cb,
                                        self, NULL);
      self->fdo_ss_name_watch =
        g_bus_watch_name_on_connection (self->session_bus, FDO_SS_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        screensaver_appeared_cb, screensaver_vanished_cb,
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
                                            prepare_for_sleep_cb, self, NULL);
      self->login1_name_watch =
        g_bus_watch_name_on_connection (self->system_bus, LOGIN1_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        login1_appeared_cb, login1_vanished_cb,
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
  update_availability (self);

  if (self->session_bus != NULL)
    {
      /* Mutter drops a client's watches when it leaves the bus, but the bus
       * connection outlives this object. A watch still being added is not
       * known yet; it is left to that clean-up. */
      if (self->mutter_present && self->idle_watch_id != 0)
        remove_watch (self, self->idle_watch_id);
      if (self->mutter_present && self->active_watch_id != 0)
        remove_watch (self, self->active_watch_id);
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
      forget_session (self);
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
      remove_watch (self, self->idle_watch_id);
      self->idle_watch_id = 0;
    }

  if (seconds == 0)
    {
      if (self->active_watch_id != 0)
        {
          remove_watch (self, self->active_watch_id);
          self->active_watch_id = 0;
        }
      self->active_generation++;
      was_away = self->idle_away;
      self->idle_away = FALSE;
    }
  else if (self->session_bus != NULL && self->mutter_present)
    {
      add_idle_watch (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_THRESHOLD]);
  update_availability (self);

  if (was_away)
    g_signal_emit (self, signals[BACK], 0, RESPITE_ABSENCE_IDLE);
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
  update_availability (self);
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
    g_signal_emit (self, signals[BACK], 0, RESPITE_ABSENCE_IDLE);
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
