/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "respite-block.h"
#include "respite-policy.h"

G_BEGIN_DECLS

/* The one-line reminder of the viewer's own tools for a block of @kind
 * (translated), or NULL for kinds that have none (image, text). */
const char *respite_aids_get_reminder (RespiteKind    kind);

/* Whether the reminders are on: the reviewer's choice in @preferences
 * (nullable; the "aid-reminders" key: "on", "off", or "default"), or else
 * the policy's [Aids] reminders. */
gboolean    respite_aids_get_enabled  (RespitePolicy *policy,
                                       GSettings     *preferences);

G_END_DECLS
