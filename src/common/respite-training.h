/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "respite-clock.h"

G_BEGIN_DECLS

/* One training course from the policy's [Training …] groups. */
typedef struct
{
  char  *name;            /* (owned) */
  char  *link;            /* (owned) (nullable): an http:// or https:// address */
  guint  renewal_months;  /* 0: done once, never renewed */
} RespiteTrainingCourse;

void respite_training_course_free (RespiteTrainingCourse *course);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RespiteTrainingCourse, respite_training_course_free)

typedef enum
{
  RESPITE_TRAINING_NOT_DONE,  /* never marked as done */
  RESPITE_TRAINING_CURRENT,   /* done, and not due again (yet, or ever) */
  RESPITE_TRAINING_DUE,       /* done, and its renewal has fallen due */
} RespiteTrainingStatus;

/* Where @course stands on @clock's local day, when the reviewer marked it
 * done on @done_on ("YYYY-MM-DD", NULL or not a date: never). A renewal
 * falls due on the same day @renewal_months later (the month's last day if
 * it has fewer). @due_on (nullable) is set to that day as "YYYY-MM-DD", or
 * NULL when it is never due. */
RespiteTrainingStatus respite_training_get_status (const RespiteTrainingCourse *course,
                                                   const char                  *done_on,
                                                   RespiteClock                *clock,
                                                   char                       **due_on);

/* "YYYY-MM-DD", the local day of @clock. */
char    *respite_training_dup_today   (RespiteClock *clock);

/* Whether to remind the reviewer today: some course in @courses
 * (element-type RespiteTrainingCourse) is due by @done (name → "YYYY-MM-DD",
 * a{ss}), and the last reminder was not on today's date @reminded_on
 * ("YYYY-MM-DD" or NULL). At most once a day. Returns the first course
 * due, or NULL. */
const RespiteTrainingCourse *respite_training_to_remind (GPtrArray    *courses,
                                                         GVariant     *done,
                                                         const char   *reminded_on,
                                                         RespiteClock *clock);

/* Records, in @settings' training-done (a GSettings of the app's schema),
 * that @name was done on @day ("YYYY-MM-DD"). Fails with G_IO_ERROR_INVALID_DATA
 * and a message for the reviewer if @day is not a date or is after today:
 * nothing is recorded then. */
gboolean respite_training_mark_done  (GSettings    *settings,
                                      RespiteClock *clock,
                                      const char   *name,
                                      const char   *day,
                                      GError      **error);

/* Whether @text is a valid "YYYY-MM-DD" date. */
gboolean respite_training_is_date    (const char   *text);

G_END_DECLS
