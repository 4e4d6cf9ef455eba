/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  respite_day_parse         (const char  *day,
                                     GDate       *date);
gint64    respite_day_midnight      (GTimeZone   *tz,
                                     const GDate *date);
char     *respite_day_at            (GTimeZone   *tz,
                                     gint64       at);
gboolean  respite_day_bounds        (GTimeZone   *tz,
                                     const char  *day,
                                     gint64      *start,
                                     gint64      *end);
void      respite_day_local_bounds  (gint64       at,
                                     gint64      *start,
                                     gint64      *end);

G_END_DECLS
