/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "respite-clock.h"
#include "respite-instrument.h"
#include "respite-policy.h"
#include "respite-prompt.h"
#include "respite-store.h"
#include "respite-tracker.h"

G_BEGIN_DECLS

/* How long "Later" puts a check-in or a reminder off by. */
#define RESPITE_CHECK_IN_SNOOZE_SECONDS (60 * 60)
/* The pulse is offered at most once in this long, however many intense
 * blocks end. */
#define RESPITE_PULSE_SPACING_SECONDS (60 * 60)

#define RESPITE_TYPE_CHECK_INS (respite_check_ins_get_type ())
G_DECLARE_FINAL_TYPE (RespiteCheckIns, respite_check_ins, RESPITE, CHECK_INS, GObject)

RespiteCheckIns *respite_check_ins_new         (RespiteTracker   *tracker,
                                                RespiteStore     *store,
                                                RespiteClock     *clock,
                                                RespitePolicy    *policy);
void             respite_check_ins_set_policy  (RespiteCheckIns  *self,
                                                RespitePolicy    *policy);

/* Offers what is due, if anything and if no block runs: a check-in by the
 * policy's schedule, or a reminder of counselling. At most one prompt at a
 * time. Called by itself when the reviewer stops a block (after an intense
 * one, the pulse comes first); call it too when a break or the shift's
 * decompression ends. */
void             respite_check_ins_review      (RespiteCheckIns  *self);
void             respite_check_ins_set_sts_installed (RespiteCheckIns *self,
                                                      gboolean         installed);

/* The prompt on offer, or RESPITE_DEADLINE_NONE, and its id in the store
 * (0 if it could not be recorded). */
RespiteDeadline  respite_check_ins_get_pending (RespiteCheckIns  *self,
                                                gint64           *prompt_id);

/* The reviewer's answer to the pending prompt: TAKEN (they opened the
 * check-in, or Support), SNOOZED (asked again in an hour, between blocks)
 * or SKIPPED. Fails with G_IO_ERROR_NOT_FOUND when nothing is pending. */
gboolean         respite_check_ins_respond     (RespiteCheckIns  *self,
                                                RespiteResponse   response,
                                                GError          **error);

/* "That was hard" (issue #19): the moment, recorded now as a pulse (the
 * instrument @pulse, whose id must be "pulse") answered "Not great", so
 * that it falls in its band "Having a hard time". Nothing else is kept:
 * no reason, no material. Returns the check-in's id, or 0 with @error. */
gint64           respite_check_ins_record_hard_moment (RespiteCheckIns   *self,
                                                       RespiteInstrument *pulse,
                                                       GError           **error);

G_END_DECLS
