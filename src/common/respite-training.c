/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Training (issue #19): the seeds' first principle is selection and
 * specialised training. The policy lists the courses; the reviewer marks
 * each done with a date, which stays on their computer (GSettings); this
 * says when a renewal falls due, and whether to remind them today.
 */

#define G_LOG_DOMAIN "respite-training"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "respite-training.h"

void
respite_training_course_free (RespiteTrainingCourse *course)
{
  if (course == NULL)
    return;

  g_free (course->name);
  g_free (course->link);
  g_free (course);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned int year, month, day;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
      text[4] != '-' || text[7] != '-' ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

gboolean
respite_training_is_date (const char *text)
{
  GDate date;

  return parse_date (text, &date);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
get_today (RespiteClock *clock,
           GDate        *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (respite_clock_get_real_time (clock) /
                                                              G_USEC_PER_SEC);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

char *
respite_training_dup_today (RespiteClock *clock)
{
  GDate today;

  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);

  get_today (clock, &today);
  return format_date (&today);
}

RespiteTrainingStatus
respite_training_get_status (const RespiteTrainingCourse *course,
                             const char                  *done_on,
                             RespiteClock                *clock,
                             char                       **due_on)
{
  GDate done, today;

  g_return_val_if_fail (course != NULL, RESPITE_TRAINING_NOT_DONE);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), RESPITE_TRAINING_NOT_DONE);

  if (due_on != NULL)
    *due_on = NULL;

  if (!parse_date (done_on, &done))
    return RESPITE_TRAINING_NOT_DONE;
  if (course->renewal_months == 0)
    return RESPITE_TRAINING_CURRENT;

  /* GDate keeps the day, or takes the month's last. */
  g_date_add_months (&done, course->renewal_months);
  get_today (clock, &today);
  if (due_on != NULL)
    *due_on = format_date (&done);

  return g_date_compare (&today, &done) >= 0 ? RESPITE_TRAINING_DUE : RESPITE_TRAINING_CURRENT;
}

const RespiteTrainingCourse *
respite_training_to_remind (GPtrArray    *courses,
                            GVariant     *done,
                            const char   *reminded_on,
                            RespiteClock *clock)
{
  g_autofree char *today = NULL;

  g_return_val_if_fail (courses != NULL, NULL);
  g_return_val_if_fail (done != NULL && g_variant_is_of_type (done, G_VARIANT_TYPE ("a{ss}")),
                        NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);

  today = respite_training_dup_today (clock);
  if (g_strcmp0 (reminded_on, today) == 0)
    return NULL;

  for (guint i = 0; i < courses->len; i++)
    {
      const RespiteTrainingCourse *course = g_ptr_array_index (courses, i);
      const char *done_on = NULL;

      g_variant_lookup (done, course->name, "&s", &done_on);
      if (respite_training_get_status (course, done_on, clock, NULL) == RESPITE_TRAINING_DUE)
        return course;
    }

  return NULL;
}

gboolean
respite_training_mark_done (GSettings     *settings,
                            RespiteClock  *clock,
                            const char    *name,
                            const char    *day,
                            GError       **error)
{
  g_autoptr(GVariant) done = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *key, *value;
  GDate date, today;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_date (day, &date))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a date: write it as YYYY-MM-DD"), day != NULL ? day : "");
      return FALSE;
    }
  get_today (clock, &today);
  if (g_date_compare (&date, &today) > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is still to come: mark the training done once you have done it"), day);
      return FALSE;
    }

  /* The other courses are kept as they are, a course no longer listed too:
   * the policy may list it again. */
  done = g_settings_get_value (settings, "training-done");
  g_variant_iter_init (&iter, done);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      if (!g_str_equal (key, name))
        g_variant_builder_add (&builder, "{ss}", key, value);
    }
  g_variant_builder_add (&builder, "{ss}", name, day);

  return g_settings_set_value (settings, "training-done", g_variant_builder_end (&builder));
}
