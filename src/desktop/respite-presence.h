/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Why nobody is looking at the screen. */
typedef enum
{
  RESPITE_ABSENCE_IDLE,       /* no input for longer than the idle threshold */
  RESPITE_ABSENCE_LOCKED,     /* the screen is locked */
  RESPITE_ABSENCE_SUSPENDED,  /* the machine is going to sleep */
} RespiteAbsence;

#define RESPITE_TYPE_ABSENCE (respite_absence_get_type ())
GType respite_absence_get_type (void) G_GNUC_CONST;

#define RESPITE_TYPE_PRESENCE (respite_presence_get_type ())
G_DECLARE_FINAL_TYPE (RespitePresence, respite_presence, RESPITE, PRESENCE, GObject)

RespitePresence *respite_presence_new                 (GDBusConnection *session_bus,
                                                       GDBusConnection *system_bus);

void             respite_presence_set_idle_threshold  (RespitePresence *self,
                                                       guint            seconds);
guint            respite_presence_get_idle_threshold  (RespitePresence *self);

gboolean         respite_presence_get_idle_available  (RespitePresence *self);
gboolean         respite_presence_get_lock_available  (RespitePresence *self);
gboolean         respite_presence_get_sleep_available (RespitePresence *self);

void             respite_presence_set_idle_fallback           (RespitePresence *self,
                                                               gboolean         available);
gboolean         respite_presence_get_idle_fallback_in_use    (RespitePresence *self);
guint            respite_presence_get_idle_fallback_threshold (RespitePresence *self);
void             respite_presence_report_idle                 (RespitePresence *self,
                                                               gboolean         idle,
                                                               gint64           seconds_ago);

G_END_DECLS
