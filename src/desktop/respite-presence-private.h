/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What respite-presence.c and the files of the sources it follows
 * (respite-presence-idle.c, -lock.c and -logind.c) share: the instance
 * struct, the services' names, and the calls between the files.
 */
#pragma once

#include "respite-presence.h"

G_BEGIN_DECLS

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

/* respite-presence.c */
CallData *respite_presence_call_data_new        (RespitePresence *self,
                                                 CallKind         kind,
                                                 guint            epoch,
                                                 guint            generation);
void      respite_presence_update_availability  (RespitePresence *self);
void      respite_presence_emit_away            (RespitePresence *self,
                                                 RespiteAbsence   reason,
                                                 gint64           seconds_ago);
void      respite_presence_emit_back            (RespitePresence *self,
                                                 RespiteAbsence   reason);

/* respite-presence-idle.c: Mutter's idle monitor */
void respite_presence_remove_watch       (RespitePresence *self,
                                          guint            watch_id);
void respite_presence_add_idle_watch     (RespitePresence *self);
void respite_presence_watch_fired_cb     (GDBusConnection *connection,
                                          const char      *sender_name,
                                          const char      *object_path,
                                          const char      *interface_name,
                                          const char      *signal_name,
                                          GVariant        *parameters,
                                          gpointer         user_data);
void respite_presence_mutter_appeared_cb (GDBusConnection *connection,
                                          const char      *name,
                                          const char      *name_owner,
                                          gpointer         user_data);
void respite_presence_mutter_vanished_cb (GDBusConnection *connection,
                                          const char      *name,
                                          gpointer         user_data);

/* respite-presence-lock.c: the screen savers and our logind session's lock */
void respite_presence_screensaver_active_changed_cb  (GDBusConnection *connection,
                                                     const char      *sender_name,
                                                     const char      *object_path,
                                                     const char      *interface_name,
                                                     const char      *signal_name,
                                                     GVariant        *parameters,
                                                     gpointer         user_data);
void respite_presence_screensaver_appeared_cb        (GDBusConnection *connection,
                                                     const char      *name,
                                                     const char      *name_owner,
                                                     gpointer         user_data);
void respite_presence_screensaver_vanished_cb        (GDBusConnection *connection,
                                                     const char      *name,
                                                     gpointer         user_data);
void respite_presence_session_lock_cb                (GDBusConnection *connection,
                                                     const char      *sender_name,
                                                     const char      *object_path,
                                                     const char      *interface_name,
                                                     const char      *signal_name,
                                                     GVariant        *parameters,
                                                     gpointer         user_data);
void respite_presence_session_properties_changed_cb  (GDBusConnection *connection,
                                                     const char      *sender_name,
                                                     const char      *object_path,
                                                     const char      *interface_name,
                                                     const char      *signal_name,
                                                     GVariant        *parameters,
                                                     gpointer         user_data);
void respite_presence_query_locked_hint              (RespitePresence *self);

/* respite-presence-logind.c: suspend, and finding our session */
void respite_presence_prepare_for_sleep_cb (GDBusConnection *connection,
                                            const char      *sender_name,
                                            const char      *object_path,
                                            const char      *interface_name,
                                            const char      *signal_name,
                                            GVariant        *parameters,
                                            gpointer         user_data);
void respite_presence_login1_appeared_cb   (GDBusConnection *connection,
                                            const char      *name,
                                            const char      *name_owner,
                                            gpointer         user_data);
void respite_presence_login1_vanished_cb   (GDBusConnection *connection,
                                            const char      *name,
                                            gpointer         user_data);
void respite_presence_forget_session       (RespitePresence *self);

G_END_DECLS
