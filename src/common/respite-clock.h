/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RESPITE_TYPE_CLOCK (respite_clock_get_type ())
G_DECLARE_FINAL_TYPE (RespiteClock, respite_clock, RESPITE, CLOCK, GObject)

RespiteClock *respite_clock_new                 (void);
RespiteClock *respite_clock_new_fake            (gint64        real_time_us);
gboolean      respite_clock_is_fake             (RespiteClock *self);

gint64        respite_clock_get_real_time       (RespiteClock *self);
gint64        respite_clock_get_monotonic_time  (RespiteClock *self);

guint         respite_clock_add_timeout_seconds (RespiteClock *self,
                                                 guint         seconds,
                                                 GSourceFunc   func,
                                                 gpointer      user_data);
void          respite_clock_remove_timeout      (RespiteClock *self,
                                                 guint         id);

/* Fake clocks only: let time pass (both clocks, firing due timeouts), or
 * move the wall clock alone, as a clock change or a suspend does. */
void          respite_clock_advance             (RespiteClock *self,
                                                 gint64        microseconds);
void          respite_clock_jump_real_time      (RespiteClock *self,
                                                 gint64        microseconds);
guint         respite_clock_count_timeouts      (RespiteClock *self);

G_END_DECLS
