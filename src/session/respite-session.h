/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "respite-check-ins.h"
#include "respite-clock.h"
#include "respite-instrument.h"
#include "respite-policy.h"
#include "respite-presence.h"
#include "respite-publisher.h"
#include "respite-review-focus.h"
#include "respite-shift.h"
#include "respite-store.h"
#include "respite-tracker.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_SESSION (respite_session_get_type ())
G_DECLARE_FINAL_TYPE (RespiteSession, respite_session, RESPITE, SESSION, GObject)

RespiteSession    *respite_session_new                 (RespiteClock    *clock,
                                                        GSettings       *preferences,
                                                        const char      *policy_path,
                                                        const char      *store_path);

RespiteClock      *respite_session_get_clock           (RespiteSession  *self);
RespitePolicy     *respite_session_get_policy          (RespiteSession  *self);
GPtrArray         *respite_session_get_policy_problems (RespiteSession  *self);
RespiteStore      *respite_session_get_store           (RespiteSession  *self);
RespiteTracker    *respite_session_get_tracker         (RespiteSession  *self);
RespiteShift      *respite_session_get_shift           (RespiteSession  *self);
RespiteCheckIns   *respite_session_get_check_ins       (RespiteSession  *self);
RespitePublisher  *respite_session_get_publisher       (RespiteSession  *self);
RespitePresence   *respite_session_get_presence        (RespiteSession  *self);
RespiteReviewFocus *respite_session_get_review_focus   (RespiteSession  *self);
GPtrArray         *respite_session_get_instruments     (RespiteSession  *self);
RespiteInstrument *respite_session_find_instrument     (RespiteSession  *self,
                                                        const char      *id);

const char        *respite_session_get_problem         (RespiteSession  *self);
void               respite_session_add_problem         (RespiteSession  *self,
                                                        const char      *message);

void               respite_session_set_presence        (RespiteSession  *self,
                                                        RespitePresence *presence);
void               respite_session_reload_policy       (RespiteSession  *self);
void               respite_session_queue_recent        (RespiteSession  *self);
gboolean           respite_session_prune               (RespiteSession  *self,
                                                        GError         **error);
gboolean           respite_session_note_counselling    (RespiteSession  *self,
                                                        GError         **error);
gint64             respite_session_get_last_counselling (RespiteSession *self);
char              *respite_session_describe_status     (RespiteSession  *self);

G_END_DECLS
