/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "respite-clock.h"
#include "respite-policy.h"
#include "respite-store.h"
#include "respite-tracker.h"

G_BEGIN_DECLS

/* The exposure the limits compare, the running block included. Days and
 * weeks are the reviewer's local ones, by the wall clock. */
typedef struct
{
  gint64   today[RESPITE_N_KINDS][RESPITE_INTENSITY_MAX];  /* seconds, by kind and intensity - 1 */
  gint64   week;              /* seconds this ISO week, today included */
  guint    days_before_today; /* days with exposure in a row ending yesterday */
  gboolean today_any;         /* some exposure today, or a block running */
} RespiteExposureTotals;

/* The days in a row with exposure, today included if it has some. */
guint respite_exposure_totals_get_days_in_a_row (const RespiteExposureTotals *totals);

/* How many days back the days in a row are counted: more than the highest
 * [Cap] consecutive-days allows. */
#define RESPITE_LIMITS_LOOK_BACK_DAYS 31

#define RESPITE_TYPE_LIMITS (respite_limits_get_type ())
G_DECLARE_FINAL_TYPE (RespiteLimits, respite_limits, RESPITE, LIMITS, GObject)

RespiteLimits *respite_limits_new          (RespiteTracker        *tracker,
                                            RespiteStore          *store,
                                            RespiteClock          *clock);

void           respite_limits_get_totals   (RespiteLimits         *self,
                                            RespiteExposureTotals *totals);
void           respite_limits_fill_state   (RespiteLimits         *self,
                                            RespitePolicy         *policy,
                                            RespiteShiftState     *state);
void           respite_limits_note_prompt  (RespiteLimits         *self,
                                            RespiteDeadline        deadline);
void           respite_limits_reload       (RespiteLimits         *self);

char          *respite_limits_describe     (RespiteLimits         *self,
                                            RespitePolicy         *policy);

G_END_DECLS
