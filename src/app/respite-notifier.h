/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "respite-policy.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_NOTIFIER (respite_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RespiteNotifier, respite_notifier, RESPITE, NOTIFIER, GObject)

RespiteNotifier *respite_notifier_new         (GActionGroup    *actions);

void             respite_notifier_show_prompt (RespiteNotifier *self,
                                               RespiteDeadline  deadline,
                                               RespitePolicy   *policy);
void             respite_notifier_show_offer  (RespiteNotifier *self,
                                               RespiteDeadline  kind,
                                               RespitePolicy   *policy);
void             respite_notifier_show_paused (RespiteNotifier *self);
void             respite_notifier_show_review_offer (RespiteNotifier *self);
void             respite_notifier_show_text   (RespiteNotifier *self,
                                               const char      *title,
                                               const char      *body);
void             respite_notifier_withdraw    (RespiteNotifier *self);

G_END_DECLS
