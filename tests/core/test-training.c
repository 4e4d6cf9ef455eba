/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Training and the aids' policy (issue #19): the [Training …] and [Aids]
 * groups read line by line, and when a renewal falls due, on a fake clock.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "respite-aids.h"
#include "respite-policy.h"
#include "respite-training.h"

typedef struct
{
  char *dir;   /* (owned) */
  char *path;  /* (owned) */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-training-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "organisation.conf", NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static RespitePolicy *
load_text (Fixture     *fixture,
           const char  *text,
           GPtrArray  **problems)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->path, text, -1, &error);
  g_assert_no_error (error);
  return respite_policy_load (fixture->path, NULL, problems);
}

/* That @problems[@index] is about @line, names @subject and says @reason. */
static void
assert_problem (Fixture    *fixture,
                GPtrArray  *problems,
                guint       index,
                guint       line,
                const char *subject,
                const char *reason)
{
  g_autofree char *prefix = g_strdup_printf ("%s:%u: %s: ", fixture->path, line, subject);
  const char *message;

  g_assert_cmpuint (index, <, problems->len);
  message = g_ptr_array_index (problems, index);
  if (!g_str_has_prefix (message, prefix) || strstr (message, reason) == NULL)
    g_error ("Problem %u is “%s”, not %s…%s", index, message, prefix, reason);
}

static const RespiteTrainingCourse *
course (RespitePolicy *policy,
        guint          index)
{
  GPtrArray *training = respite_policy_get_training (policy);

  g_assert_cmpuint (index, <, training->len);
  return g_ptr_array_index (training, index);
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) empty = load_text (fixture, "", &problems);

  g_assert_cmpuint (respite_policy_get_training (policy)->len, ==, 0);
  g_assert_true (respite_policy_get_aid_reminders (policy));
  g_assert_cmpuint (respite_policy_get_training (empty)->len, ==, 0);
  g_assert_true (respite_policy_get_aid_reminders (empty));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_read (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Training]\n"
    "name=Working with CSAM safely\n"
    "link=https://training.example.org/csam\n"
    "renewal-months=12\n"
    "[Training resilience]\n"
    "name=Resilience basics\n"
    "[Aids]\n"
    "reminders=false\n", &problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (respite_policy_get_training (policy)->len, ==, 2);
  g_assert_cmpstr (course (policy, 0)->name, ==, "Working with CSAM safely");
  g_assert_cmpstr (course (policy, 0)->link, ==, "https://training.example.org/csam");
  g_assert_cmpuint (course (policy, 0)->renewal_months, ==, 12);
  g_assert_cmpstr (course (policy, 1)->name, ==, "Resilience basics");
  g_assert_null (course (policy, 1)->link);
  g_assert_cmpuint (course (policy, 1)->renewal_months, ==, 0);
  g_assert_false (respite_policy_get_aid_reminders (policy));
}

/* Each bad line has its problem, naming the line, and the rest is used. */
static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Training a]\n"              /* 1 */
    "link=https://a.example\n"
    "[Training b]\n"
    "name=B\n"
    "link=ftp://b.example\n"      /* 5 */
    "renewal-months=twelve\n"     /* 6 */
    "[Training c]\n"
    "name=C\n"
    "renewal-months=121\n"        /* 9 */
    "hours=9-5\n"                 /* 10 */
    "[Aids]\n"
    "reminders=sometimes\n"       /* 12 */
    "sound=off\n", &problems);   /* 13 */

  g_assert_cmpuint (problems->len, ==, 7);
  assert_problem (fixture, problems, 0, 1, "[Training a]", "has no name");
  assert_problem (fixture, problems, 1, 5, "[Training b] link", "not a web address");
  assert_problem (fixture, problems, 2, 6, "[Training b] renewal-months",
                  "not a number of months from 0");
  assert_problem (fixture, problems, 3, 9, "[Training c] renewal-months",
                  "not a number of months from 0");
  assert_problem (fixture, problems, 4, 10, "[Training c] hours", "unknown key");
  assert_problem (fixture, problems, 5, 12, "[Aids] reminders", "neither true nor false");
  assert_problem (fixture, problems, 6, 13, "[Aids] sound", "unknown key");

  /* The course without a name is left out; the others are kept, without
   * what was wrong. The default applies to the aids. */
  g_assert_cmpuint (respite_policy_get_training (policy)->len, ==, 2);
  g_assert_cmpstr (course (policy, 0)->name, ==, "B");
  g_assert_null (course (policy, 0)->link);
  g_assert_cmpuint (course (policy, 0)->renewal_months, ==, 0);
  g_assert_cmpuint (course (policy, 1)->renewal_months, ==, 0);
  g_assert_true (respite_policy_get_aid_reminders (policy));
}

/* Noon UTC on @day ("YYYY-MM-DD"), a fake clock; TZ is UTC in the tests. */
static RespiteClock *
clock_on (const char *day)
{
  g_autofree char *iso = g_strdup_printf ("%sT12:00:00Z", day);
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return respite_clock_new_fake (g_date_time_to_unix (time) * G_USEC_PER_SEC);
}

static void
test_due (Fixture       *fixture,
          gconstpointer  data)
{
  RespiteTrainingCourse yearly = { (char *) "Yearly", NULL, 12 };
  RespiteTrainingCourse once = { (char *) "Once", NULL, 0 };
  g_autoptr(RespiteClock) clock = clock_on ("2026-03-14");
  g_autofree char *due_on = NULL;

  g_assert_cmpint (respite_training_get_status (&yearly, NULL, clock, &due_on), ==,
                   RESPITE_TRAINING_NOT_DONE);
  g_assert_null (due_on);
  g_assert_cmpint (respite_training_get_status (&yearly, "not a date", clock, NULL), ==,
                   RESPITE_TRAINING_NOT_DONE);
  g_assert_cmpint (respite_training_get_status (&yearly, "2025-02-30", clock, NULL), ==,
                   RESPITE_TRAINING_NOT_DONE);

  /* Due on the same day a year on: not the day before. */
  g_assert_cmpint (respite_training_get_status (&yearly, "2025-03-15", clock, &due_on), ==,
                   RESPITE_TRAINING_CURRENT);
  g_assert_cmpstr (due_on, ==, "2026-03-15");
  g_clear_pointer (&due_on, g_free);
  respite_clock_advance (clock, G_TIME_SPAN_DAY);
  g_assert_cmpint (respite_training_get_status (&yearly, "2025-03-15", clock, &due_on), ==,
                   RESPITE_TRAINING_DUE);
  g_assert_cmpstr (due_on, ==, "2026-03-15");
  g_clear_pointer (&due_on, g_free);

  /* A course done once is never due again. */
  g_assert_cmpint (respite_training_get_status (&once, "2001-01-01", clock, &due_on), ==,
                   RESPITE_TRAINING_CURRENT);
  g_assert_null (due_on);
}

/* 31 January and a month on: the last day of February. */
static void
test_due_month_end (Fixture       *fixture,
                    gconstpointer  data)
{
  RespiteTrainingCourse monthly = { (char *) "Monthly", NULL, 1 };
  g_autoptr(RespiteClock) clock = clock_on ("2026-02-27");
  g_autofree char *due_on = NULL;

  g_assert_cmpint (respite_training_get_status (&monthly, "2026-01-31", clock, &due_on), ==,
                   RESPITE_TRAINING_CURRENT);
  g_assert_cmpstr (due_on, ==, "2026-02-28");
  respite_clock_advance (clock, G_TIME_SPAN_DAY);
  g_assert_cmpint (respite_training_get_status (&monthly, "2026-01-31", clock, NULL), ==,
                   RESPITE_TRAINING_DUE);
}

/* At most one reminder a day, and only for a course due. */
static void
test_remind (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) courses = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_training_course_free);
  g_autoptr(RespiteClock) clock = clock_on ("2026-06-01");
  g_autoptr(GVariant) none = g_variant_ref_sink (g_variant_new_parsed ("@a{ss} {}"));
  g_autoptr(GVariant) done = g_variant_ref_sink (g_variant_new_parsed (
    "@a{ss} {'Yearly': '2025-06-01', 'Half-yearly': '2026-01-01'}"));
  RespiteTrainingCourse *yearly = g_new0 (RespiteTrainingCourse, 1);
  RespiteTrainingCourse *half = g_new0 (RespiteTrainingCourse, 1);

  half->name = g_strdup ("Half-yearly");
  half->renewal_months = 6;
  yearly->name = g_strdup ("Yearly");
  yearly->renewal_months = 12;
  g_ptr_array_add (courses, half);
  g_ptr_array_add (courses, yearly);

  /* Never marked done: no renewal to remind of. */
  g_assert_null (respite_training_to_remind (courses, none, NULL, clock));
  g_assert_true (respite_training_to_remind (courses, done, NULL, clock) == yearly);
  g_assert_true (respite_training_to_remind (courses, done, "2026-05-31", clock) == yearly);
  /* Reminded today: not again until tomorrow. */
  g_assert_null (respite_training_to_remind (courses, done, "2026-06-01", clock));
  respite_clock_advance (clock, G_TIME_SPAN_DAY);
  g_assert_true (respite_training_to_remind (courses, done, "2026-06-01", clock) == yearly);

  /* A month on, both are due: the first in the policy's order. */
  respite_clock_advance (clock, G_TIME_SPAN_DAY * 31);
  g_assert_true (respite_training_to_remind (courses, done, "2026-06-02", clock) == half);
}

static void
test_today (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RespiteClock) clock = clock_on ("2026-12-31");
  g_autofree char *today = respite_training_dup_today (clock);

  g_assert_cmpstr (today, ==, "2026-12-31");
  g_assert_true (respite_training_is_date (today));
  g_assert_false (respite_training_is_date ("2026-13-01"));
  g_assert_false (respite_training_is_date ("2026-1-01"));
  g_assert_false (respite_training_is_date ("2026-01-01x"));
  g_assert_false (respite_training_is_date (NULL));
}

/* The day is recorded on this computer, in GSettings; a bad or future day
 * is refused with a message, and nothing is lost. */
static void
test_mark_done (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.respite.Respite");
  g_autoptr(RespiteClock) clock = clock_on ("2026-06-01");
  g_autoptr(GVariant) done = NULL;
  g_autoptr(GError) error = NULL;
  const char *day = NULL;

  g_settings_reset (settings, "training-done");
  g_assert_true (respite_training_mark_done (settings, clock, "A", "2026-05-01", &error));
  g_assert_no_error (error);
  g_assert_true (respite_training_mark_done (settings, clock, "B", "2026-06-01", &error));
  g_assert_no_error (error);
  /* Again: the later day replaces the earlier. */
  g_assert_true (respite_training_mark_done (settings, clock, "A", "2026-05-20", &error));
  g_assert_no_error (error);

  g_assert_false (respite_training_mark_done (settings, clock, "B", "2026-06-02", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "still to come"));
  g_clear_error (&error);
  g_assert_false (respite_training_mark_done (settings, clock, "B", "yesterday", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));

  done = g_settings_get_value (settings, "training-done");
  g_assert_cmpuint (g_variant_n_children (done), ==, 2);
  g_assert_true (g_variant_lookup (done, "A", "&s", &day));
  g_assert_cmpstr (day, ==, "2026-05-20");
  g_assert_true (g_variant_lookup (done, "B", "&s", &day));
  g_assert_cmpstr (day, ==, "2026-06-01");
}

/* A reminder for video, audio and live, none for images and text. */
static void
test_aids_reminder (Fixture       *fixture,
                    gconstpointer  data)
{
  g_assert_nonnull (strstr (respite_aids_get_reminder (RESPITE_KIND_VIDEO), "Sound off first"));
  g_assert_nonnull (strstr (respite_aids_get_reminder (RESPITE_KIND_VIDEO), "Greyscale"));
  g_assert_nonnull (strstr (respite_aids_get_reminder (RESPITE_KIND_LIVE), "Sound off first"));
  g_assert_nonnull (strstr (respite_aids_get_reminder (RESPITE_KIND_AUDIO), "Volume low"));
  g_assert_null (respite_aids_get_reminder (RESPITE_KIND_IMAGE));
  g_assert_null (respite_aids_get_reminder (RESPITE_KIND_TEXT));
}

/* The reviewer's choice wins; "default" follows the policy. */
static void
test_aids_enabled (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.respite.Respite");
  g_autoptr(RespitePolicy) on = respite_policy_new_default ();
  g_autoptr(RespitePolicy) off = load_text (fixture, "[Aids]\nreminders=false\n", NULL);

  g_settings_reset (settings, "aid-reminders");
  g_assert_true (respite_aids_get_enabled (on, NULL));
  g_assert_false (respite_aids_get_enabled (off, NULL));
  g_assert_true (respite_aids_get_enabled (on, settings));
  g_assert_false (respite_aids_get_enabled (off, settings));

  g_settings_set_string (settings, "aid-reminders", "off");
  g_assert_false (respite_aids_get_enabled (on, settings));
  g_settings_set_string (settings, "aid-reminders", "on");
  g_assert_true (respite_aids_get_enabled (off, settings));
  g_settings_reset (settings, "aid-reminders");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/training/policy/defaults", test_defaults);
  ADD ("/training/policy/read", test_read);
  ADD ("/training/policy/malformed", test_malformed);
  ADD ("/training/due", test_due);
  ADD ("/training/due/month-end", test_due_month_end);
  ADD ("/training/remind", test_remind);
  ADD ("/training/today", test_today);
  ADD ("/training/mark-done", test_mark_done);
  ADD ("/aids/reminder", test_aids_reminder);
  ADD ("/aids/enabled", test_aids_enabled);
#undef ADD

  return g_test_run ();
}
