/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "respite-block.h"
#include "respite-clock.h"
#include "respite-store.h"

G_BEGIN_DECLS

typedef enum
{
  RESPITE_TRACKER_IDLE,     /* no exposure */
  RESPITE_TRACKER_EXPOSED,  /* an exposure block is running */
  RESPITE_TRACKER_PAUSED,   /* the block ended because nobody was there; start resumes */
} RespiteTrackerState;

#define RESPITE_TRACKER_ERROR (respite_tracker_error_quark ())

typedef enum
{
  RESPITE_TRACKER_ERROR_HELD,  /* exposure cannot start now (a strict break) */
} RespiteTrackerError;

GQuark respite_tracker_error_quark (void);

#define RESPITE_TYPE_TRACKER_STATE (respite_tracker_state_get_type ())
GType respite_tracker_state_get_type (void) G_GNUC_CONST;

/* How often a running block is written down: the most a crash can lose. */
#define RESPITE_HEARTBEAT_SECONDS 60

#define RESPITE_TYPE_TRACKER (respite_tracker_get_type ())
G_DECLARE_FINAL_TYPE (RespiteTracker, respite_tracker, RESPITE, TRACKER, GObject)

RespiteTracker      *respite_tracker_new               (RespiteStore     *store,
                                                        RespiteClock     *clock,
                                                        GError          **error);

guint                respite_tracker_get_n_recovered   (RespiteTracker   *self);
RespiteTrackerState  respite_tracker_get_state         (RespiteTracker   *self);
RespiteKind          respite_tracker_get_kind          (RespiteTracker   *self);
int                  respite_tracker_get_intensity     (RespiteTracker   *self);
gint64               respite_tracker_get_block_seconds (RespiteTracker   *self);
gint64               respite_tracker_get_today_seconds (RespiteTracker   *self);
void                 respite_tracker_reload            (RespiteTracker   *self);

gboolean             respite_tracker_start             (RespiteTracker   *self,
                                                        GError          **error);
gboolean             respite_tracker_stop              (RespiteTracker   *self,
                                                        RespiteEndReason  reason,
                                                        GError          **error);
gboolean             respite_tracker_pause             (RespiteTracker   *self,
                                                        RespiteEndReason  reason,
                                                        gint64            seconds_ago,
                                                        GError          **error);
void                 respite_tracker_set_hold          (RespiteTracker   *self,
                                                        const char       *reason);
const char          *respite_tracker_get_hold          (RespiteTracker   *self);
gboolean             respite_tracker_set_kind          (RespiteTracker   *self,
                                                        RespiteKind       kind,
                                                        GError          **error);
gboolean             respite_tracker_set_intensity     (RespiteTracker   *self,
                                                        int               intensity,
                                                        GError          **error);

G_END_DECLS
