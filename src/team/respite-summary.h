/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "respite-policy.h"
#include "respite-store.h"
#include "respite-team-store.h"

G_BEGIN_DECLS

/* The instrument whose scores make the wellbeing figures of a day. */
#define RESPITE_SUMMARY_WELLBEING_INSTRUMENT "who5"

GArray   *respite_summary_build          (RespiteStore         *store,
                                          RespitePolicy        *policy,
                                          GTimeZone            *tz,
                                          const char           *team,
                                          const char           *member,
                                          const char           *first_day,
                                          const char           *last_day,
                                          GError              **error);

gboolean  respite_summary_row_is_empty   (const RespiteDayRow  *row);

G_END_DECLS
