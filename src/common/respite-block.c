/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vocabulary of an exposure block: kinds, intensities, end reasons, and
 * how durations read to a person.
 */

#define G_LOG_DOMAIN "respite-block"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "respite-block.h"

G_DEFINE_ENUM_TYPE (RespiteKind, respite_kind,
                    G_DEFINE_ENUM_VALUE (RESPITE_KIND_IMAGE, "image"),
                    G_DEFINE_ENUM_VALUE (RESPITE_KIND_VIDEO, "video"),
                    G_DEFINE_ENUM_VALUE (RESPITE_KIND_AUDIO, "audio"),
                    G_DEFINE_ENUM_VALUE (RESPITE_KIND_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (RESPITE_KIND_LIVE, "live"))

static const char * const kind_names[RESPITE_N_KINDS] = {
  "image", "video", "audio", "text", "live",
};

static const char * const kind_labels[RESPITE_N_KINDS] = {
  N_("Images"), N_("Video"), N_("Audio"), N_("Text"), N_("Live"),
};

static const char * const end_reason_names[RESPITE_N_END_REASONS] = {
  "stopped", "switched", "idle", "locked", "suspended", "quit", "recovered", "break",
  "shift-end",
};

const char *
respite_kind_to_string (RespiteKind kind)
{
  g_return_val_if_fail (kind < RESPITE_N_KINDS, NULL);

  return kind_names[kind];
}

gboolean
respite_kind_from_string (const char  *string,
                          RespiteKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < RESPITE_N_KINDS; i++)
    {
      if (g_str_equal (string, kind_names[i]))
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
respite_kind_get_label (RespiteKind kind)
{
  g_return_val_if_fail (kind < RESPITE_N_KINDS, NULL);

  return _(kind_labels[kind]);
}

const char *
respite_intensity_get_label (int intensity)
{
  switch (intensity)
    {
    case 1:
      return C_("intensity", "Low");
    case 2:
      return C_("intensity", "Medium");
    case 3:
      return C_("intensity", "High");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
respite_end_reason_to_string (RespiteEndReason reason)
{
  g_return_val_if_fail (reason < RESPITE_N_END_REASONS, NULL);

  return end_reason_names[reason];
}

gboolean
respite_end_reason_from_string (const char       *string,
                                RespiteEndReason *reason)
{
  g_return_val_if_fail (reason != NULL, FALSE);

  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < RESPITE_N_END_REASONS; i++)
    {
      if (g_str_equal (string, end_reason_names[i]))
        {
          *reason = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* "3 h 05 min", "12 min", "0 min": how much exposure a day holds. */
char *
respite_format_duration (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;
  gint64 hours = minutes / 60;

  if (hours > 0)
    /* Translators: hours and minutes of exposure, e.g. "3 h 05 min" */
    return g_strdup_printf (_("%d h %02d min"), (int) hours, (int) (minutes % 60));

  /* Translators: minutes of exposure, e.g. "12 min" */
  return g_strdup_printf (_("%d min"), (int) minutes);
}

/* "1:02:03": the running block, as a stopwatch shows it. */
char *
respite_format_clock (gint64 seconds)
{
  seconds = MAX (seconds, 0);

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                          seconds / 3600, (int) (seconds / 60 % 60), (int) (seconds % 60));
}

/**
 * respite_format_day:
 * @day: YYYY-MM-DD
 *
 * Returns: (transfer full): the day as a person reads it, e.g. "Monday 26
 *   February"; @day itself if it is not one
 */
char *
respite_format_day (const char *day)
{
  unsigned int year, month, mday;
  g_autoptr(GDateTime) date = NULL;

  g_return_val_if_fail (day != NULL, NULL);

  if (sscanf (day, "%4u-%2u-%2u", &year, &month, &mday) != 3 ||
      (date = g_date_time_new_utc (year, month, mday, 12, 0, 0)) == NULL)
    return g_strdup (day);

  /* Translators: a day, e.g. "Monday 26 February" */
  return g_date_time_format (date, _("%A %-d %B"));
}
