/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-check-ins.h"
#include "respite-presence.h"
#include "respite-shift.h"
#include "respite-tracker.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_APPLICATION (respite_application_get_type ())
G_DECLARE_FINAL_TYPE (RespiteApplication, respite_application, RESPITE, APPLICATION, AdwApplication)

RespiteApplication *respite_application_new         (void);
RespiteTracker     *respite_application_get_tracker (RespiteApplication *self);
const char         *respite_application_get_problem (RespiteApplication *self);
RespiteShift       *respite_application_get_shift   (RespiteApplication *self);
RespitePolicy      *respite_application_get_policy  (RespiteApplication *self);
GPtrArray          *respite_application_get_policy_problems (RespiteApplication *self);
RespitePresence    *respite_application_get_presence (RespiteApplication *self);
RespiteCheckIns    *respite_application_get_check_ins (RespiteApplication *self);
RespiteStore       *respite_application_get_store   (RespiteApplication *self);
RespiteClock       *respite_application_get_clock   (RespiteApplication *self);
gint64              respite_application_get_last_counselling (RespiteApplication *self);

G_END_DECLS
