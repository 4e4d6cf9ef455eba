/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The periods a report covers, as HR and leads give them (a month, an ISO
 * week, or FROM..TO of days, months or weeks), read into the whole weeks
 * or months of the team store's sealed figures.
 */

#define G_LOG_DOMAIN "respite-report"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "respite-report.h"

/* Whether @text has the shape of @shape, where each 0 stands for a digit:
 * sscanf's %u alone would take "-026" or " 26" for a number. */
static gboolean
has_shape (const char *text,
           const char *shape)
{
  for (; *shape != '\0'; text++, shape++)
    {
      if (*shape == '0' ? !g_ascii_isdigit (*text) : *text != *shape)
        return FALSE;
    }

  return *text == '\0';
}

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  unsigned int year, month, day;
  int end = 0;

  if (!has_shape (text, "0000-00-00") ||
      sscanf (text, "%4u-%2u-%2u%n", &year, &month, &day, &end) != 3 || end != 10 ||
      strlen (text) != 10 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static gboolean
parse_month (const char *text,
             GDate      *first,
             GDate      *last)
{
  unsigned int year, month;
  int end = 0;

  if (!has_shape (text, "0000-00") ||
      sscanf (text, "%4u-%2u%n", &year, &month, &end) != 2 || end != 7 || strlen (text) != 7 ||
      month < 1 || month > 12 || !g_date_valid_year (year))
    return FALSE;

  g_date_set_dmy (first, 1, month, year);
  g_date_set_dmy (last, g_date_get_days_in_month (month, year), month, year);
  return TRUE;
}

static gboolean
parse_week (const char *text,
            GDate      *monday,
            GDate      *sunday)
{
  unsigned int year, week;
  int end = 0;
  GDate last_week;

  if (!has_shape (text, "0000-W00") ||
      sscanf (text, "%4u-W%2u%n", &year, &week, &end) != 2 || end != 8 || strlen (text) != 8 ||
      year < 1 || year > 9998 || week < 1)
    return FALSE;

  /* 28 December is always in the last ISO week of its year. */
  g_date_set_dmy (&last_week, 28, 12, year);
  if (week > g_date_get_iso8601_week_of_year (&last_week))
    return FALSE;

  /* 4 January is always in week 1. */
  g_date_set_dmy (monday, 4, 1, year);
  g_date_subtract_days (monday, g_date_get_weekday (monday) - G_DATE_MONDAY);
  g_date_add_days (monday, (week - 1) * 7);
  *sunday = *monday;
  g_date_add_days (sunday, 6);
  return TRUE;
}

static gboolean
parse_one (const char    *text,
           GDate         *first,
           GDate         *last,
           RespitePeriod *unit)
{
  if (parse_day (text, first))
    {
      *last = *first;
      *unit = RESPITE_PERIOD_WEEK;
      return TRUE;
    }
  if (parse_month (text, first, last))
    {
      *unit = RESPITE_PERIOD_MONTH;
      return TRUE;
    }
  *unit = RESPITE_PERIOD_WEEK;
  return parse_week (text, first, last);
}

/* Always YYYY-MM-DD, as the team store's days are: strftime's %Y would
 * write the year 26 as "26", which sorts after every real day. */
static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * respite_report_parse_period:
 * @from_day: (out): the first day of the first whole week or month
 * @to_day: (out): the last day of the last one
 * @unit: (out): weeks or months
 * @single: (out) (optional): whether it is one week or one month
 */
gboolean
respite_report_parse_period (const char     *text,
                             char          **from_day,
                             char          **to_day,
                             RespitePeriod  *unit,
                             gboolean       *single,
                             GError        **error)
{
  g_auto(GStrv) ends = NULL;
  GDate first, last, ignored;
  RespitePeriod first_unit, last_unit;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);

  ends = g_strsplit (text, "..", 0);
  if (g_strv_length (ends) == 1)
    ok = parse_one (ends[0], &first, &last, unit) && !parse_day (ends[0], &ignored);
  else
    ok = g_strv_length (ends) == 2 &&
         parse_one (ends[0], &first, &ignored, &first_unit) &&
         parse_one (ends[1], &ignored, &last, &last_unit) &&
         g_date_compare (&first, &last) <= 0;

  if (!ok)
    {
      /* The text may come straight from argv: quote it as valid UTF-8. */
      g_autofree char *quoted = g_utf8_make_valid (text, -1);

      g_set_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_PERIOD,
                   _("“%s” is not a period: give a month (2026-10), an ISO week (2026-W43) or "
                     "FROM..TO of days, months or weeks (2026-07-01..2026-09-30)"), quoted);
      return FALSE;
    }

  if (g_strv_length (ends) == 2)
    {
      GDate month_end = last;

      /* Whole months stay months; anything else is counted in weeks. */
      g_date_set_day (&month_end, g_date_get_days_in_month (g_date_get_month (&last),
                                                            g_date_get_year (&last)));
      *unit = g_date_get_day (&first) == 1 && g_date_compare (&last, &month_end) == 0
              ? RESPITE_PERIOD_MONTH : RESPITE_PERIOD_WEEK;
    }

  if (*unit == RESPITE_PERIOD_WEEK)
    {
      g_date_subtract_days (&first, g_date_get_weekday (&first) - G_DATE_MONDAY);
      g_date_add_days (&last, G_DATE_SUNDAY - g_date_get_weekday (&last));
    }

  if (single != NULL)
    *single = *unit == RESPITE_PERIOD_WEEK
              ? g_date_days_between (&first, &last) == 6
              : g_date_get_month (&first) == g_date_get_month (&last) &&
                g_date_get_year (&first) == g_date_get_year (&last);

  *from_day = format_day (&first);
  *to_day = format_day (&last);
  return TRUE;
}
