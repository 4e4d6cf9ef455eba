/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time faults (issue #10) through the tracker, the shift, the check-ins and
 * the publisher together, on one fake clock, as the app wires them, each
 * test in its own time zone:
 *
 *  - a suspend the app was not told of: the wall clock jumps ahead, the
 *    monotonic clock stands still (Linux's CLOCK_MONOTONIC does not count
 *    sleep);
 *  - the wall clock set back or forward an hour: the wall clock jumps, time
 *    goes on;
 *  - a change of summer time: no clock jumps at all, only the local day
 *    has 23, 23.5, 24.5 or 25 hours;
 *  - midnight inside a block.
 *
 * tests/ui/test-time.py puts the real app through the same faults.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "respite-check-ins.h"
#include "respite-day.h"
#include "respite-publisher.h"
#include "respite-shift.h"
#include "respite-summary.h"
#include "respite-team-store-sqlite.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define MINUTES (60 * SEC)  /* one minute */
#define HOURS (60 * MINUTES)

/* The default break rules (a reminder at 50 minutes of continuous
 * exposure, the break due at 60, 10 minutes long), and the pulse after
 * every intense block. */
#define POLICY "[CheckIns]\npulse-intensity=3\nwho5-days=0\nphq4-days=0\n" \
               "[Counselling]\nreminder-days=0\n"

typedef struct
{
  char             *dir;          /* (owned) */
  char             *path;         /* (owned) */
  char             *team_path;    /* (owned) */
  GTimeZone        *tz;           /* (owned) the test's zone, also $TZ */
  RespiteClock     *clock;        /* (owned) */
  RespitePolicy    *policy;       /* (owned) */
  RespiteStore     *store;        /* (owned) */
  RespiteTracker   *tracker;      /* (owned) */
  RespiteShift     *shift;        /* (owned) */
  RespiteCheckIns  *check_ins;    /* (owned) */
  RespitePublisher *publisher;    /* (owned) */
  GArray           *prompts;      /* (owned) (element-type RespiteDeadline) shift and check-ins */
  gint64            queued_until; /* as the app's queue_recent() */
} Fixture;

static RespiteTeamStore *
open_team_store (gpointer   user_data,
                 GError   **error)
{
  return (RespiteTeamStore *) respite_team_store_sqlite_open (user_data, error);
}

static void
prompt_cb (GObject *source,
           int      deadline,
           Fixture *fixture)
{
  RespiteDeadline value = deadline;

  g_array_append_val (fixture->prompts, value);
}

static gint64
now (Fixture *fixture)
{
  return respite_clock_get_real_time (fixture->clock) / SEC;
}

/* What the app does whenever the tracker's state changes: queue every day
 * from the last call to now. */
static void
queue_recent (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 at = now (fixture);

  g_assert_true (respite_publisher_queue_period (fixture->publisher,
                                                 MIN (fixture->queued_until, at), at, &error));
  g_assert_no_error (error);
  fixture->queued_until = at;
}

static gint64
local (Fixture *fixture,
       int      year,
       int      month,
       int      day,
       int      hour,
       int      minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (fixture->tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

/* @data: the time zone, which the tracker and the shift read from $TZ */
static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("TZ", data, TRUE);
  fixture->tz = g_time_zone_new_identifier (data);
  g_assert_nonnull (fixture->tz);

  fixture->dir = g_dir_make_tmp ("respite-test-time-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->team_path = g_build_filename (fixture->dir, "team.db", NULL);
  fixture->prompts = g_array_new (FALSE, FALSE, sizeof (RespiteDeadline));
}

/* Opens everything on a fake clock at @start, Unix seconds. */
static void
begin (Fixture *fixture,
       gint64   start)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = g_build_filename (fixture->dir, "organisation.conf", NULL);
  g_autoptr(GPtrArray) problems = NULL;

  fixture->clock = respite_clock_new_fake (start * SEC);

  g_assert_true (g_file_set_contents (conf, POLICY, -1, NULL));
  fixture->policy = respite_policy_load (conf, NULL, &problems);
  g_assert_cmpuint (problems->len, ==, 0);

  fixture->store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->tracker = respite_tracker_new (fixture->store, fixture->clock, &error);
  g_assert_no_error (error);
  fixture->shift = respite_shift_new (fixture->tracker, fixture->store, fixture->clock,
                                      fixture->policy);
  fixture->check_ins = respite_check_ins_new (fixture->tracker, fixture->store, fixture->clock,
                                              fixture->policy);
  fixture->publisher = respite_publisher_new (fixture->store, fixture->policy, fixture->clock,
                                              fixture->tz, open_team_store,
                                              g_strdup (fixture->team_path), g_free);
  g_assert_true (respite_publisher_set_team (fixture->publisher, "Hotline", &error));
  g_assert_no_error (error);

  g_signal_connect (fixture->shift, "prompt", G_CALLBACK (prompt_cb), fixture);
  g_signal_connect (fixture->check_ins, "prompt", G_CALLBACK (prompt_cb), fixture);
  fixture->queued_until = start;
  g_signal_connect_swapped (fixture->tracker, "notify::state", G_CALLBACK (queue_recent),
                            fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  while (fixture->publisher != NULL && respite_publisher_get_busy (fixture->publisher))
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&fixture->publisher);
  g_clear_object (&fixture->check_ins);
  g_clear_object (&fixture->shift);
  g_clear_object (&fixture->tracker);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->policy);
  g_clear_object (&fixture->clock);
  g_clear_pointer (&fixture->tz, g_time_zone_unref);
  g_clear_pointer (&fixture->prompts, g_array_unref);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->team_path);

  g_setenv ("TZ", "UTC", TRUE);
}

static void
start (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  g_assert_no_error (error);
}

static void
stop (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);
}

static void
pass (Fixture *fixture,
      gint64   microseconds)
{
  respite_clock_advance (fixture->clock, microseconds);
}

/* The prompts so far, shift's and check-ins', as "break-reminder break-due". */
static char *
prompts (Fixture *fixture)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < fixture->prompts->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            respite_deadline_to_string (g_array_index (fixture->prompts,
                                                                       RespiteDeadline, i)));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_prompts(fixture, expected) \
  G_STMT_START { \
    g_autofree char *_got = prompts (fixture); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

/* "start-end start-end", seconds relative to @origin, every block in the
 * store: what the store holds, in one string. */
static char *
blocks (Fixture *fixture,
        gint64   origin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = respite_store_list_blocks (fixture->store, 0, G_MAXINT64, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      RespiteBlock *block = &g_array_index (list, RespiteBlock, i);

      g_string_append_printf (text, "%s%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                              i > 0 ? " " : "", (block->started_at - origin) / 60,
                              block->ended_at == 0 ? -1 : (block->ended_at - origin) / 60);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Minutes after @origin. */
#define assert_blocks(fixture, origin, expected) \
  G_STMT_START { \
    g_autofree char *_got = blocks ((fixture), (origin)); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

/* "day exposure-seconds; …": the summary rows of [@first, @last], as they
 * would leave the machine. */
static char *
summary (Fixture    *fixture,
         const char *first,
         const char *last)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = respite_summary_build (fixture->store, fixture->policy, fixture->tz,
                                                  "Hotline", "member", first, last, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      RespiteDayRow *row = &g_array_index (rows, RespiteDayRow, i);

      g_string_append_printf (text, "%s %" G_GINT64_FORMAT ";", row->day,
                              row->exposure_seconds[0] + row->exposure_seconds[1] +
                              row->exposure_seconds[2]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "day exposure-seconds; …": what the team store received. */
static char *
team_rows (Fixture *fixture)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  while (respite_publisher_get_busy (fixture->publisher))
    g_main_context_iteration (NULL, TRUE);

  if (!g_file_test (fixture->team_path, G_FILE_TEST_EXISTS))
    return g_strdup ("");

  g_assert_cmpint (sqlite3_open (fixture->team_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT day, exposure_1_seconds + exposure_2_seconds"
                                       " + exposure_3_seconds FROM day_rows ORDER BY day",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s %lld;", sqlite3_column_text (stmt, 0),
                            sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_text(func, fixture, expected, ...) \
  G_STMT_START { \
    g_autofree char *_got = func ((fixture), ##__VA_ARGS__); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

/* Summer time begins in Paris on 29 March 2026: 02:00 becomes 03:00. An
 * hour of exposure from 01:30 ends at 03:30 on the clock and is an hour
 * everywhere: in the block, in today, in the break rules, in the row. */
static void
test_dst_spring_paris (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 t0 = local (fixture, 2026, 3, 29, 1, 30);
  gint64 start_of_day, end_of_day;

  begin (fixture, t0);
  start (fixture);
  pass (fixture, 60 * MINUTES);
  g_assert_cmpint (now (fixture), ==, local (fixture, 2026, 3, 29, 3, 30));
  g_assert_cmpint (respite_tracker_get_block_seconds (fixture->tracker), ==, 3600);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 3600);
  assert_prompts (fixture, "break-reminder break-due");
  stop (fixture);

  assert_blocks (fixture, t0, "0-60");
  g_assert_true (respite_day_bounds (fixture->tz, "2026-03-29",
                                             &start_of_day, &end_of_day));
  g_assert_cmpint (end_of_day - start_of_day, ==, 23 * 3600);
  assert_text (summary, fixture, "2026-03-28 0;2026-03-29 3600;2026-03-30 0;",
               "2026-03-28", "2026-03-30");

  /* Published once the (short) day is over. */
  pass (fixture, (end_of_day - now (fixture)) * SEC);
  assert_text (team_rows, fixture, "");
  pass (fixture, 61 * SEC);
  assert_text (team_rows, fixture, "2026-03-29 3600;");
}

/* Summer time ends in Paris on 25 October 2026: 03:00 becomes 02:00 again.
 * An hour from 02:30 (summer) ends at 02:30 (winter) on the clock. */
static void
test_dst_autumn_paris (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 t0 = local (fixture, 2026, 10, 25, 0, 30) + 2 * 3600;
  gint64 start_of_day, end_of_day;

  begin (fixture, t0);
  start (fixture);
  pass (fixture, 60 * MINUTES);
  g_assert_cmpint (respite_tracker_get_block_seconds (fixture->tracker), ==, 3600);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 3600);
  assert_prompts (fixture, "break-reminder break-due");
  stop (fixture);

  assert_blocks (fixture, t0, "0-60");
  g_assert_true (respite_day_bounds (fixture->tz, "2026-10-25",
                                             &start_of_day, &end_of_day));
  g_assert_cmpint (end_of_day - start_of_day, ==, 25 * 3600);
  assert_text (summary, fixture, "2026-10-25 3600;", "2026-10-25", "2026-10-25");

  pass (fixture, (end_of_day + 61 - now (fixture)) * SEC);
  assert_text (team_rows, fixture, "2026-10-25 3600;");
}

/* Lord Howe Island moves its clocks by half an hour, at 02:00: on 5 April
 * 2026 02:00 becomes 01:30, a day of 24.5 hours. A block across midnight
 * splits at local midnight, and one across the change counts its real
 * length. */
static void
test_midnight_and_dst_lord_howe (Fixture       *fixture,
                                 gconstpointer  data)
{
  gint64 t0 = local (fixture, 2026, 4, 4, 23, 30);
  gint64 start_of_day, end_of_day;

  begin (fixture, t0);
  start (fixture);
  pass (fixture, 45 * MINUTES);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 15 * 60);
  stop (fixture);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 15 * 60);

  /* 01:45 in summer time for 30 minutes: it ends at 01:45 winter time.
   * (01:45 comes twice: reach the first from 01:15, which comes once.) */
  pass (fixture, (local (fixture, 2026, 4, 5, 1, 15) + 30 * 60 - now (fixture)) * SEC);
  start (fixture);
  pass (fixture, 30 * MINUTES);
  stop (fixture);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 45 * 60);

  g_assert_true (respite_day_bounds (fixture->tz, "2026-04-05",
                                             &start_of_day, &end_of_day));
  g_assert_cmpint (end_of_day - start_of_day, ==, 24 * 3600 + 1800);
  assert_text (summary, fixture, "2026-04-04 1800;2026-04-05 2700;", "2026-04-04", "2026-04-05");

  /* Both days were queued; the first goes at once, the second after its
   * midnight. */
  assert_text (team_rows, fixture, "2026-04-04 1800;");
  pass (fixture, (end_of_day + 61 - now (fixture)) * SEC);
  assert_text (team_rows, fixture, "2026-04-04 1800;2026-04-05 2700;");
}

/* In Havana, summer time ends on 1 November 2026 at 01:00, which becomes
 * 00:00 again: that day's midnight comes twice, and the day begins at the
 * first. A block in the first hour belongs to 1 November. */
static void
test_midnight_twice_havana (Fixture       *fixture,
                            gconstpointer  data)
{
  /* 00:00 CDT, 04:00 UTC. */
  gint64 t0 = 1793505600;
  gint64 start_of_day, end_of_day;
  g_autofree char *day = NULL;

  g_assert_true (respite_day_bounds (fixture->tz, "2026-10-31",
                                             &start_of_day, &end_of_day));
  g_assert_cmpint (end_of_day, ==, t0);
  g_assert_cmpint (end_of_day - start_of_day, ==, 24 * 3600);
  g_assert_true (respite_day_bounds (fixture->tz, "2026-11-01",
                                             &start_of_day, &end_of_day));
  g_assert_cmpint (start_of_day, ==, t0);
  g_assert_cmpint (end_of_day - start_of_day, ==, 25 * 3600);

  day = respite_day_at (fixture->tz, t0 + 15 * 60);
  g_assert_cmpstr (day, ==, "2026-11-01");

  begin (fixture, t0 + 15 * 60);
  start (fixture);
  pass (fixture, 30 * MINUTES);
  stop (fixture);
  assert_text (summary, fixture, "2026-10-31 0;2026-11-01 1800;", "2026-10-31", "2026-11-01");
  /* The tracker's today is the same day: it too begins at the first
   * midnight, not an hour later. */
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 30 * 60);

  /* Only 1 November was queued: the row that holds the block. */
  pass (fixture, (end_of_day + 61 - now (fixture)) * SEC);
  assert_text (team_rows, fixture, "2026-11-01 1800;");
}

/* The lid closes at 23:00 with a block running and the app is not told
 * (no logind): the wall clock jumps nine hours, the monotonic clock does
 * not move. Nothing of the night is counted, in the block or in the break
 * rules; the block keeps its start, so the half hour after waking is dated
 * just after the half hour before the sleep: the split between the days
 * is by that date (see docs/reliability.md). */
static void
test_suspend_unnoticed_overnight (Fixture       *fixture,
                                  gconstpointer  data)
{
  gint64 t0 = local (fixture, 2026, 11, 19, 23, 0);
  gint64 wake = local (fixture, 2026, 11, 20, 8, 30);

  begin (fixture, t0);
  start (fixture);
  pass (fixture, 30 * MINUTES);
  respite_clock_jump_real_time (fixture->clock, (wake - now (fixture)) * SEC);
  pass (fixture, 25 * MINUTES);
  assert_prompts (fixture, "break-reminder");
  g_assert_cmpint (respite_tracker_get_block_seconds (fixture->tracker), ==, 55 * 60);
  stop (fixture);

  assert_blocks (fixture, t0, "0-55");
  assert_text (summary, fixture, "2026-11-19 3300;2026-11-20 0;", "2026-11-19", "2026-11-20");

  /* The next block starts at the wall clock, after the night. */
  start (fixture);
  pass (fixture, 5 * MINUTES);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 5 * 60);
  stop (fixture);
  assert_blocks (fixture, t0, "0-55 595-600");
  assert_text (summary, fixture, "2026-11-19 3300;2026-11-20 300;", "2026-11-19", "2026-11-20");

  /* The night ended the stretch: the last block is a new one. */
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 5 * 60);
}

/* Yesterday's row waits for midnight on a timer. The machine sleeps from
 * 20:00 to 06:00 without the app being told: the timer, on the monotonic
 * clock, did not move, yet yesterday must go within the hour after waking,
 * not four hours later. */
static void
test_suspend_over_midnight_publishes (Fixture       *fixture,
                                      gconstpointer  data)
{
  gint64 t0 = local (fixture, 2026, 11, 19, 19, 0);

  begin (fixture, t0);
  start (fixture);
  pass (fixture, 45 * MINUTES);
  stop (fixture);
  pass (fixture, 15 * MINUTES);
  assert_text (team_rows, fixture, "");

  respite_clock_jump_real_time (fixture->clock,
                                (local (fixture, 2026, 11, 20, 6, 0) - now (fixture)) * SEC);
  pass (fixture, 60 * MINUTES);
  assert_text (team_rows, fixture, "2026-11-19 2700;");
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
}

/* The clock is put back an hour during a block, and the reviewer stops and
 * starts again: the next block starts where the first ended (an hour
 * "ahead" of the clock), and both are one stretch for the break rules. */
static void
test_clock_back_keeps_stretch (Fixture       *fixture,
                               gconstpointer  data)
{
  gint64 t0 = local (fixture, 2026, 11, 19, 9, 0);

  begin (fixture, t0);
  start (fixture);
  pass (fixture, 20 * MINUTES);
  respite_clock_jump_real_time (fixture->clock, -60 * MINUTES);
  pass (fixture, 10 * MINUTES);
  stop (fixture);
  start (fixture);
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 30 * 60);

  pass (fixture, 20 * MINUTES);
  assert_prompts (fixture, "break-reminder");
  pass (fixture, 10 * MINUTES);
  assert_prompts (fixture, "break-reminder break-due");
  stop (fixture);

  assert_blocks (fixture, t0, "0-30 30-60");
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 60 * 60);
  assert_text (summary, fixture, "2026-11-19 3600;", "2026-11-19", "2026-11-19");
}

/* An intense block during which the clock is put back an hour still
 * offers the pulse when it ends. */
static void
test_clock_back_pulse (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = local (fixture, 2026, 11, 19, 9, 0);

  begin (fixture, t0);
  g_assert_true (respite_tracker_set_intensity (fixture->tracker, 3, &error));
  start (fixture);
  pass (fixture, 10 * MINUTES);
  respite_clock_jump_real_time (fixture->clock, -60 * MINUTES);
  pass (fixture, 10 * MINUTES);
  stop (fixture);

  assert_prompts (fixture, "check-in-pulse");
  assert_blocks (fixture, t0, "0-20");
}

/* The clock is put forward an hour during a block: the block is its real
 * 40 minutes, and the next starts at the new time; the hour that never
 * happened is in no block. */
static void
test_clock_forward (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 t0 = local (fixture, 2026, 11, 19, 9, 0);

  begin (fixture, t0);
  start (fixture);
  pass (fixture, 20 * MINUTES);
  respite_clock_jump_real_time (fixture->clock, 60 * MINUTES);
  pass (fixture, 20 * MINUTES);
  g_assert_cmpint (respite_tracker_get_block_seconds (fixture->tracker), ==, 40 * 60);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 40 * 60);
  stop (fixture);
  start (fixture);
  pass (fixture, 10 * MINUTES);
  stop (fixture);

  assert_blocks (fixture, t0, "0-40 100-110");

  /* The hour reads as a pause between the blocks, so the second starts a
   * new stretch: a clock put forward cannot be told from a sleep. */
  assert_prompts (fixture, "");
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 50 * 60);
  assert_text (summary, fixture, "2026-11-19 3000;", "2026-11-19", "2026-11-19");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, zone, func) g_test_add (path, Fixture, zone, set_up, func, tear_down)
  ADD ("/time/dst/spring-paris", "Europe/Paris", test_dst_spring_paris);
  ADD ("/time/dst/autumn-paris", "Europe/Paris", test_dst_autumn_paris);
  ADD ("/time/dst/midnight-and-half-hour-lord-howe", "Australia/Lord_Howe",
       test_midnight_and_dst_lord_howe);
  ADD ("/time/dst/midnight-twice-havana", "America/Havana", test_midnight_twice_havana);
  ADD ("/time/suspend/unnoticed-overnight", "Europe/Paris", test_suspend_unnoticed_overnight);
  ADD ("/time/suspend/over-midnight-publishes", "Europe/Paris",
       test_suspend_over_midnight_publishes);
  ADD ("/time/clock-back/keeps-stretch", "Europe/Paris", test_clock_back_keeps_stretch);
  ADD ("/time/clock-back/pulse", "Europe/Paris", test_clock_back_pulse);
  ADD ("/time/clock-forward", "Europe/Paris", test_clock_forward);
#undef ADD

  return g_test_run ();
}
