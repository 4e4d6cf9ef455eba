/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The local day, as every part of Respite cuts it: the tracker and the
 * shift for the day's totals, the summaries for what a team store receives.
 * One function for all, so that they agree where midnight comes twice.
 */

#include "config.h"

#include <stdio.h>

#include "respite-day.h"

/* Whether @day is a date, YYYY-MM-DD, and which. */
gboolean
respite_day_parse (const char *day,
                   GDate      *date)
{
  unsigned int year, month, dom;
  char extra;

  if (day == NULL || sscanf (day, "%4u-%2u-%2u%c", &year, &month, &dom, &extra) != 3 ||
      !g_date_valid_dmy (dom, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, dom, month, year);

  return TRUE;
}

/* The first moment of @date. Where the clocks go back from 01:00 to 00:00
 * (Havana), midnight comes twice and GLib gives the second, an hour into
 * the day. */
gint64
respite_day_midnight (GTimeZone   *tz,
                      const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, g_date_get_year (date),
                                             g_date_get_month (date),
                                             g_date_get_day (date), 0, 0, 0);
  g_autoptr(GDateTime) before = g_date_time_add_seconds (dt, -1);
  GTimeSpan back = g_date_time_get_utc_offset (before) - g_date_time_get_utc_offset (dt);

  if (back > 0)
    {
      g_autoptr(GDateTime) first = g_date_time_add (dt, -back);
      int year, month, day;

      g_date_time_get_ymd (first, &year, &month, &day);
      if (year == g_date_get_year (date) && month == (int) g_date_get_month (date) &&
          day == g_date_get_day (date))
        return g_date_time_to_unix (first);
    }

  return g_date_time_to_unix (dt);
}

/**
 * respite_day_bounds:
 * @day: YYYY-MM-DD
 * @start: (out): its local midnight, Unix seconds
 * @end: (out): the next one: 23, 24 or 25 hours later
 *
 * Returns: %FALSE if @day is not a date
 */
gboolean
respite_day_bounds (GTimeZone  *tz,
                            const char *day,
                            gint64     *start,
                            gint64     *end)
{
  GDate date;

  g_return_val_if_fail (tz != NULL, FALSE);

  if (!respite_day_parse (day, &date))
    return FALSE;

  *start = respite_day_midnight (tz, &date);
  g_date_add_days (&date, 1);
  *end = respite_day_midnight (tz, &date);

  return TRUE;
}

/**
 * respite_day_local_bounds:
 * @at: Unix seconds
 * @start: (out): the first moment of the local day holding @at
 * @end: (out): the first moment of the next day
 *
 * The day as the daily summaries cut it, in the local time zone: where
 * midnight comes twice, the day begins at the first.
 */
void
respite_day_local_bounds (gint64  at,
                                  gint64 *start,
                                  gint64 *end)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *day = respite_day_at (tz, at);

  respite_day_bounds (tz, day, start, end);
}

/* The local day (YYYY-MM-DD) that holds @at, Unix seconds. */
char *
respite_day_at (GTimeZone *tz,
                        gint64     at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (tz != NULL, NULL);

  local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}
