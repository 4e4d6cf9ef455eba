/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "respite-day.h"
#include "respite-summary.h"

typedef struct
{
  char          *dir;     /* (owned) */
  RespiteStore  *store;   /* (owned) */
  RespitePolicy *policy;  /* (owned) version 2026-11, cap 60 minutes */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *conf = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-summary-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->store = respite_store_open (path, &error);
  g_assert_no_error (error);

  conf = g_build_filename (fixture->dir, "organisation.conf", NULL);
  g_file_set_contents (conf,
                       "[Organisation]\nversion=2026-11\n[Cap]\ndaily-minutes=60\n",
                       -1, &error);
  g_assert_no_error (error);
  fixture->policy = respite_policy_load (conf, NULL, &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_daily_cap (fixture->policy), ==, 3600);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_clear_object (&fixture->store);
  g_clear_object (&fixture->policy);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gint64
local (GTimeZone *tz,
       int        year,
       int        month,
       int        day,
       int        hour,
       int        minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
add_block (RespiteStore *store,
           gint64        start,
           gint64        end,
           int           intensity,
           RespiteEndReason reason)
{
  g_autoptr(GError) error = NULL;
  gint64 id = respite_store_begin_block (store, start, RESPITE_KIND_IMAGE, intensity, &error);

  g_assert_no_error (error);
  g_assert_true (respite_store_end_block (store, id, end, reason, &error));
  g_assert_no_error (error);
}

static void
add_prompt (RespiteStore    *store,
            RespiteDeadline  kind,
            gint64           at,
            int              response)
{
  g_autoptr(GError) error = NULL;
  gint64 id = respite_store_add_prompt (store, kind, at, &error);

  g_assert_no_error (error);
  if (response >= 0)
    g_assert_true (respite_store_answer_prompt (store, id, response, at + 5, &error));
  g_assert_no_error (error);
}

static void
add_break (RespiteStore     *store,
           RespiteBreakKind  kind,
           gint64            at)
{
  g_autoptr(GError) error = NULL;
  gint64 id = respite_store_begin_break (store, kind, at, 600, 0, &error);

  g_assert_no_error (error);
  g_assert_true (respite_store_end_break (store, id, at + 600, &error));
}

static void
add_check_in (RespiteStore *store,
              const char   *instrument,
              gint64        at,
              double        scaled)
{
  g_autoptr(GError) error = NULL;
  RespiteCheckIn check_in = {
    .instrument_id = (char *) instrument, .instrument_version = 1,
    .started_at = at - 60, .finished_at = at, .raw_score = 1, .scaled_score = scaled,
  };

  g_assert_cmpint (respite_store_add_check_in (store, &check_in, &error), >, 0);
  g_assert_no_error (error);
}

static GArray *
build (Fixture    *fixture,
       GTimeZone  *tz,
       const char *first,
       const char *last)
{
  g_autoptr(GError) error = NULL;
  GArray *rows = respite_summary_build (fixture->store, fixture->policy, tz, "Hotline",
                                        "member-token-0123456", first, last, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);

  return rows;
}

#define ROW(rows, i) (&g_array_index ((rows), RespiteDayRow, (i)))

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GArray) rows = NULL;
  gint64 t = local (tz, 2024, 3, 5, 9, 0);
  RespiteDayRow *row;

  /* 30 min at intensity 1 switching straight to 20 min at 3: one
   * continuous stretch of 50 min. Then a break, and 10 min at 2. */
  add_block (fixture->store, t, t + 1800, 1, RESPITE_END_SWITCHED);
  add_block (fixture->store, t + 1800, t + 3000, 3, RESPITE_END_BREAK);
  add_block (fixture->store, t + 4000, t + 4600, 2, RESPITE_END_STOPPED);

  add_prompt (fixture->store, RESPITE_DEADLINE_BREAK_DUE, t + 2000, RESPITE_RESPONSE_SNOOZED);
  add_prompt (fixture->store, RESPITE_DEADLINE_BREAK_DUE, t + 2300, RESPITE_RESPONSE_SKIPPED);
  add_prompt (fixture->store, RESPITE_DEADLINE_BREAK_DUE, t + 2900, RESPITE_RESPONSE_TAKEN);
  add_prompt (fixture->store, RESPITE_DEADLINE_BREAK_DUE, t + 4500, -1);  /* unanswered */
  add_prompt (fixture->store, RESPITE_DEADLINE_BREAK_REMINDER, t + 1500, -1);
  add_break (fixture->store, RESPITE_BREAK_BREAK, t + 3000);
  add_break (fixture->store, RESPITE_BREAK_BREAK, t + 5000);  /* not prompted: still taken */
  add_break (fixture->store, RESPITE_BREAK_DECOMPRESSION, t + 6000);

  add_check_in (fixture->store, "who5", t + 7000, 60.0);
  add_check_in (fixture->store, "who5", t + 7100, 47.6);
  add_check_in (fixture->store, "pulse", t + 7200, NAN);
  add_check_in (fixture->store, "phq4", t + 7300, NAN);

  rows = build (fixture, tz, "2024-03-05", "2024-03-05");
  g_assert_cmpuint (rows->len, ==, 1);
  row = ROW (rows, 0);

  g_assert_cmpstr (row->team, ==, "Hotline");
  g_assert_cmpstr (row->member, ==, "member-token-0123456");
  g_assert_cmpstr (row->day, ==, "2024-03-05");
  g_assert_cmpint (row->exposure_seconds[0], ==, 1800);
  g_assert_cmpint (row->exposure_seconds[1], ==, 600);
  g_assert_cmpint (row->exposure_seconds[2], ==, 1200);
  g_assert_cmpint (row->longest_block_seconds, ==, 3000);
  g_assert_cmpuint (row->breaks_prompted, ==, 4);
  g_assert_cmpuint (row->breaks_taken, ==, 2);
  g_assert_cmpuint (row->breaks_snoozed, ==, 1);
  g_assert_cmpuint (row->breaks_skipped, ==, 1);
  /* 60 min of exposure against a 60 min cap, and no cap prompt: not over. */
  g_assert_false (row->cap_exceeded);
  g_assert_cmpuint (row->checkins_done, ==, 4);
  g_assert_cmpuint (row->wellbeing_sum, ==, 60 + 48);
  g_assert_cmpuint (row->wellbeing_count, ==, 2);
  g_assert_cmpstr (row->policy_version, ==, "2026-11");
  g_assert_false (respite_summary_row_is_empty (row));
}

static void
test_cap (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GArray) rows = NULL;
  gint64 d1 = local (tz, 2024, 3, 5, 9, 0);
  gint64 d2 = local (tz, 2024, 3, 6, 9, 0);

  /* Over the cap by a second, no prompt; and a prompt, under the cap (a
   * stricter cap earlier in the day, say). */
  add_block (fixture->store, d1, d1 + 3601, 2, RESPITE_END_STOPPED);
  add_block (fixture->store, d2, d2 + 60, 2, RESPITE_END_STOPPED);
  add_prompt (fixture->store, RESPITE_DEADLINE_CAP_REACHED, d2 + 60, -1);

  rows = build (fixture, tz, "2024-03-04", "2024-03-06");
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_false (ROW (rows, 0)->cap_exceeded);
  g_assert_true (respite_summary_row_is_empty (ROW (rows, 0)));
  g_assert_true (ROW (rows, 1)->cap_exceeded);
  g_assert_true (ROW (rows, 2)->cap_exceeded);
}

/* cap_exceeded means any limit reached that day: the daily cap, a kind's,
 * the week's (on the day it was reached), days in a row. Another prompt,
 * such as the secondary stress check-in's, is not one. */
static void
test_other_limits (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GArray) rows = NULL;
  const RespiteDeadline prompts[] = {
    RESPITE_DEADLINE_VIDEO_CAP_REACHED, RESPITE_DEADLINE_LIVE_CAP_REACHED,
    RESPITE_DEADLINE_WEEKLY_CAP_REACHED, RESPITE_DEADLINE_DAYS_IN_A_ROW,
    RESPITE_DEADLINE_CHECK_IN_STS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      gint64 day = local (tz, 2024, 3, 4 + (int) i, 9, 0);

      add_block (fixture->store, day, day + 60, 2, RESPITE_END_STOPPED);
      add_prompt (fixture->store, prompts[i], day + 60, -1);
    }

  rows = build (fixture, tz, "2024-03-04", "2024-03-08");
  g_assert_cmpuint (rows->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_true (ROW (rows, i)->cap_exceeded);
  g_assert_false (ROW (rows, 4)->cap_exceeded);
}

static void
test_across_midnight_paris (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GArray) rows = NULL;
  gint64 start = local (paris, 2024, 1, 15, 23, 30);
  g_autofree char *day = NULL;

  g_assert_nonnull (paris);

  /* 23:30 to 00:45 Paris time (22:30 to 23:45 UTC: one UTC day). */
  add_block (fixture->store, start, start + 4500, 2, RESPITE_END_STOPPED);
  add_check_in (fixture->store, "who5", start + 4500, 80.0);

  rows = build (fixture, paris, "2024-01-15", "2024-01-16");
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (ROW (rows, 0)->day, ==, "2024-01-15");
  g_assert_cmpint (ROW (rows, 0)->exposure_seconds[1], ==, 1800);
  g_assert_cmpint (ROW (rows, 0)->longest_block_seconds, ==, 1800);
  g_assert_cmpuint (ROW (rows, 0)->checkins_done, ==, 0);
  g_assert_cmpstr (ROW (rows, 1)->day, ==, "2024-01-16");
  g_assert_cmpint (ROW (rows, 1)->exposure_seconds[1], ==, 2700);
  g_assert_cmpint (ROW (rows, 1)->longest_block_seconds, ==, 2700);
  g_assert_cmpuint (ROW (rows, 1)->checkins_done, ==, 1);

  /* In UTC the same block is one day. */
  day = respite_day_at (paris, start + 4500);
  g_assert_cmpstr (day, ==, "2024-01-16");
}

static void
test_dst_days (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GArray) rows = NULL;
  gint64 start, end;

  /* Summer time starts on 31 March 2024 at 02:00, which becomes 03:00: the
   * day lasts 23 hours, and 01:00 to 04:00 on the clock is two hours. */
  g_assert_true (respite_day_bounds (paris, "2024-03-31", &start, &end));
  g_assert_cmpint (end - start, ==, 23 * 3600);
  add_block (fixture->store, local (paris, 2024, 3, 31, 1, 0), local (paris, 2024, 3, 31, 4, 0),
             1, RESPITE_END_STOPPED);

  /* It ends on 27 October: 25 hours; 23:00 on the 26th to 01:00 on the
   * 28th is 27 hours, all of the 27th in the middle. */
  g_assert_true (respite_day_bounds (paris, "2024-10-27", &start, &end));
  g_assert_cmpint (end - start, ==, 25 * 3600);
  add_block (fixture->store, local (paris, 2024, 10, 26, 23, 0),
             local (paris, 2024, 10, 28, 1, 0), 3, RESPITE_END_STOPPED);

  rows = build (fixture, paris, "2024-03-31", "2024-03-31");
  g_assert_cmpint (ROW (rows, 0)->exposure_seconds[0], ==, 2 * 3600);
  g_clear_pointer (&rows, g_array_unref);

  rows = build (fixture, paris, "2024-10-26", "2024-10-28");
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (ROW (rows, 0)->exposure_seconds[2], ==, 3600);
  g_assert_cmpint (ROW (rows, 1)->exposure_seconds[2], ==, 25 * 3600);
  g_assert_cmpint (ROW (rows, 1)->longest_block_seconds, ==, 25 * 3600);
  g_assert_cmpint (ROW (rows, 2)->exposure_seconds[2], ==, 3600);

  g_assert_false (respite_day_bounds (paris, "2024-02-30", &start, &end));
  g_assert_false (respite_day_bounds (paris, "2024-03-01x", &start, &end));
}

static void
test_running_block_and_purity (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) second = NULL;
  gint64 t = local (tz, 2024, 3, 5, 9, 0);
  gint64 id;

  id = respite_store_begin_block (fixture->store, t, RESPITE_KIND_VIDEO, 2, &error);
  g_assert_true (respite_store_heartbeat_block (fixture->store, id, t + 300, &error));
  g_assert_no_error (error);

  /* A running block counts up to its last heartbeat, and the same store
   * gives the same rows. */
  first = build (fixture, tz, "2024-03-05", "2024-03-05");
  second = build (fixture, tz, "2024-03-05", "2024-03-05");
  g_assert_cmpint (ROW (first, 0)->exposure_seconds[1], ==, 300);
  g_assert_cmpint (ROW (first, 0)->longest_block_seconds, ==, 300);
  g_assert_cmpmem (ROW (first, 0)->exposure_seconds, sizeof (gint64) * 3,
                   ROW (second, 0)->exposure_seconds, sizeof (gint64) * 3);
  g_assert_cmpint (ROW (second, 0)->longest_block_seconds, ==, 300);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/summary/fields", test_fields);
  ADD ("/summary/cap", test_cap);
  ADD ("/summary/other-limits", test_other_limits);
  ADD ("/summary/across-midnight-paris", test_across_midnight_paris);
  ADD ("/summary/dst-days", test_dst_days);
  ADD ("/summary/running-block-and-purity", test_running_block_and_purity);
#undef ADD

  return g_test_run ();
}
