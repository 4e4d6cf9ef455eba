/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "respite-clock.h"
#include "respite-limits.h"
#include "respite-policy.h"
#include "respite-store.h"
#include "respite-tracker.h"

G_BEGIN_DECLS

typedef enum
{
  RESPITE_SHIFT_WORKING,        /* the shift goes on: exposed or not */
  RESPITE_SHIFT_ON_BREAK,       /* a break's countdown runs */
  RESPITE_SHIFT_DECOMPRESSING,  /* the end-of-shift quiet time runs */
} RespiteShiftPhase;

#define RESPITE_TYPE_SHIFT_PHASE (respite_shift_phase_get_type ())
GType respite_shift_phase_get_type (void) G_GNUC_CONST;

#define RESPITE_SHIFT_ERROR (respite_shift_error_quark ())

typedef enum
{
  RESPITE_SHIFT_ERROR_STRICT,  /* the policy does not allow this during a break */
} RespiteShiftError;

GQuark respite_shift_error_quark (void);

#define RESPITE_TYPE_SHIFT (respite_shift_get_type ())
G_DECLARE_FINAL_TYPE (RespiteShift, respite_shift, RESPITE, SHIFT, GObject)

RespiteShift      *respite_shift_new                   (RespiteTracker  *tracker,
                                                        RespiteStore    *store,
                                                        RespiteClock    *clock,
                                                        RespitePolicy   *policy);

RespitePolicy     *respite_shift_get_policy            (RespiteShift    *self);
RespiteLimits     *respite_shift_get_limits            (RespiteShift    *self);
void               respite_shift_set_policy            (RespiteShift    *self,
                                                        RespitePolicy   *policy);

RespiteShiftPhase  respite_shift_get_phase             (RespiteShift    *self);
gint64             respite_shift_get_break_remaining   (RespiteShift    *self);
gint64             respite_shift_get_continuous_seconds (RespiteShift   *self);
gint64             respite_shift_get_next_break_in     (RespiteShift    *self);
gboolean           respite_shift_get_break_due         (RespiteShift    *self);

gboolean           respite_shift_take_break            (RespiteShift    *self,
                                                        GError         **error);
gboolean           respite_shift_end_break             (RespiteShift    *self,
                                                        GError         **error);
gboolean           respite_shift_snooze                (RespiteShift    *self,
                                                        GError         **error);
gboolean           respite_shift_skip                  (RespiteShift    *self,
                                                        GError         **error);
gboolean           respite_shift_end_shift             (RespiteShift    *self,
                                                        GError         **error);

G_END_DECLS
