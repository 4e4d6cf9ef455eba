/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "respite-shift.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define MINUTES (60 * SEC)  /* one minute */

/* Thursday 2026-11-19 09:00:00 UTC: the tests run with TZ=UTC. */
#define T0 ((gint64) 1795078800)

typedef struct
{
  char           *dir;      /* (owned) */
  char           *path;     /* (owned) */
  RespiteClock   *clock;    /* (owned) */
  RespitePolicy  *policy;   /* (owned) */
  RespiteStore   *store;    /* (owned) */
  RespiteTracker *tracker;  /* (owned) */
  RespiteShift   *shift;    /* (owned) */
  GArray         *prompts;  /* (owned) (element-type RespiteDeadline) */
} Fixture;

static void
prompt_cb (RespiteShift *shift,
           int           deadline,
           Fixture      *fixture)
{
  RespiteDeadline value = deadline;

  g_array_append_val (fixture->prompts, value);
}

static void
open_shift (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->tracker = respite_tracker_new (fixture->store, fixture->clock, &error);
  g_assert_no_error (error);
  fixture->shift = respite_shift_new (fixture->tracker, fixture->store, fixture->clock,
                                      fixture->policy);
  g_signal_connect (fixture->shift, "prompt", G_CALLBACK (prompt_cb), fixture);
}

static void
close_shift (Fixture *fixture)
{
  g_clear_object (&fixture->shift);
  g_clear_object (&fixture->tracker);
  g_clear_object (&fixture->store);
}

/* @data: the organisation policy as a keyfile, or NULL for the defaults */
static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *keyfile = data;

  fixture->dir = g_dir_make_tmp ("respite-test-shift-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->clock = respite_clock_new_fake (T0 * SEC);
  fixture->prompts = g_array_new (FALSE, FALSE, sizeof (RespiteDeadline));

  if (keyfile != NULL)
    {
      g_autofree char *conf = g_build_filename (fixture->dir, "organisation.conf", NULL);
      g_autoptr(GPtrArray) problems = NULL;

      g_assert_true (g_file_set_contents (conf, keyfile, -1, NULL));
      fixture->policy = respite_policy_load (conf, NULL, &problems);
      g_assert_true (problems == NULL || problems->len == 0);
      g_remove (conf);
    }
  else
    {
      fixture->policy = respite_policy_new_default ();
    }

  open_shift (fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  close_shift (fixture);
  g_clear_object (&fixture->policy);
  g_clear_object (&fixture->clock);
  g_clear_pointer (&fixture->prompts, g_array_unref);

  for (const char *suffix = ""; suffix != NULL; suffix = (*suffix == '\0') ? "-wal" :
       g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffix, NULL);
      g_remove (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static int
sql_int (Fixture    *fixture,
         const char *query)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
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
assert_prompts (Fixture *fixture,
                ...)
{
  va_list args;
  guint i = 0;
  int expected;

  va_start (args, fixture);
  while ((expected = va_arg (args, int)) != RESPITE_DEADLINE_NONE)
    {
      g_assert_cmpuint (i, <, fixture->prompts->len);
      g_assert_cmpstr (respite_deadline_to_string (g_array_index (fixture->prompts,
                                                                  RespiteDeadline, i)),
                       ==, respite_deadline_to_string (expected));
      i++;
    }
  va_end (args);

  g_assert_cmpuint (fixture->prompts->len, ==, i);
}

static void
test_reminder_then_due (Fixture       *fixture,
                        gconstpointer  data)
{
  start (fixture);
  g_assert_cmpint (respite_shift_get_next_break_in (fixture->shift), ==, 60 * 60);

  respite_clock_advance (fixture->clock, 49 * MINUTES + 59 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);

  respite_clock_advance (fixture->clock, 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_NONE);
  g_assert_false (respite_shift_get_break_due (fixture->shift));

  respite_clock_advance (fixture->clock, 10 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_DUE,
                  RESPITE_DEADLINE_NONE);
  g_assert_true (respite_shift_get_break_due (fixture->shift));
  g_assert_cmpint (respite_shift_get_next_break_in (fixture->shift), ==, 0);

  /* Nothing more until the cap warning at 90 % of 4 h. */
  respite_clock_advance (fixture->clock, 2 * 60 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_DUE,
                  RESPITE_DEADLINE_NONE);

  g_assert_cmpint (sql_int (fixture, "SELECT COUNT(*) FROM prompts"), ==, 2);
  g_assert_cmpint (sql_int (fixture, "SELECT prompted_at FROM prompts WHERE kind = 'break-due'"),
                   ==, T0 + 60 * 60);
}

static void
test_take_break (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start (fixture);
  respite_clock_advance (fixture->clock, 60 * MINUTES);
  g_assert_true (respite_shift_get_break_due (fixture->shift));

  g_assert_true (respite_shift_take_break (fixture->shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_IDLE);
  g_assert_cmpint (respite_shift_get_phase (fixture->shift), ==, RESPITE_SHIFT_ON_BREAK);
  g_assert_cmpint (respite_shift_get_break_remaining (fixture->shift), ==, 10 * 60);

  respite_clock_advance (fixture->clock, 4 * MINUTES);
  g_assert_cmpint (respite_shift_get_break_remaining (fixture->shift), ==, 6 * 60);
  respite_clock_advance (fixture->clock, 6 * MINUTES);
  g_assert_cmpint (respite_shift_get_phase (fixture->shift), ==, RESPITE_SHIFT_WORKING);

  /* Nothing is left running once the break is over and nothing runs. */
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);

  g_assert_cmpint (sql_int (fixture, "SELECT COUNT(*) FROM prompts WHERE kind = 'break-due'"
                                     " AND response = 'taken'"), ==, 1);
  g_assert_cmpint (sql_int (fixture, "SELECT ended_at - started_at FROM breaks"
                                     " WHERE kind = 'break' AND prompt_id IS NOT NULL"), ==, 600);
  g_assert_cmpint (sql_int (fixture, "SELECT COUNT(*) FROM exposure_blocks"
                                     " WHERE end_reason = 'break'"), ==, 1);

  /* A new stretch: the next reminder comes 50 minutes of exposure later. */
  start (fixture);
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 0);
  respite_clock_advance (fixture->clock, 50 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_DUE,
                  RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_NONE);
}

static void
test_snooze (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start (fixture);
  respite_clock_advance (fixture->clock, 60 * MINUTES);
  g_assert_true (respite_shift_snooze (fixture->shift, &error));
  g_assert_no_error (error);
  g_assert_false (respite_shift_get_break_due (fixture->shift));
  g_assert_cmpint (respite_shift_get_next_break_in (fixture->shift), ==, 5 * 60);

  respite_clock_advance (fixture->clock, 4 * MINUTES + 59 * SEC);
  g_assert_cmpuint (fixture->prompts->len, ==, 2);
  respite_clock_advance (fixture->clock, 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_DUE,
                  RESPITE_DEADLINE_BREAK_DUE, RESPITE_DEADLINE_NONE);
  g_assert_cmpint (sql_int (fixture, "SELECT COUNT(*) FROM prompts WHERE response = 'snoozed'"),
                   ==, 1);
}

static void
test_skip (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start (fixture);
  respite_clock_advance (fixture->clock, 60 * MINUTES);
  g_assert_true (respite_shift_skip (fixture->shift, &error));
  g_assert_no_error (error);

  /* Asked again after another full interval. */
  respite_clock_advance (fixture->clock, 59 * MINUTES);
  g_assert_cmpuint (fixture->prompts->len, ==, 2);
  respite_clock_advance (fixture->clock, 1 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_DUE,
                  RESPITE_DEADLINE_BREAK_DUE, RESPITE_DEADLINE_NONE);
  g_assert_cmpint (sql_int (fixture, "SELECT COUNT(*) FROM prompts WHERE response = 'skipped'"),
                   ==, 1);
}

static void
test_natural_gap (Fixture       *fixture,
                  gconstpointer  data)
{
  /* 40 minutes, a 5-minute pause (too short to count), 10 more: the
   * reminder comes at 50 minutes of exposure in all. */
  start (fixture);
  respite_clock_advance (fixture->clock, 40 * MINUTES);
  stop (fixture);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
  respite_clock_advance (fixture->clock, 5 * MINUTES);
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 40 * 60);
  start (fixture);
  respite_clock_advance (fixture->clock, 10 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_NONE);

  /* A pause of a full break's length starts a new stretch. */
  stop (fixture);
  respite_clock_advance (fixture->clock, 10 * MINUTES);
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 0);
  start (fixture);
  respite_clock_advance (fixture->clock, 49 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 1 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_REMINDER,
                  RESPITE_DEADLINE_NONE);
}

static const char strict_policy[] =
  "[Breaks]\n"
  "strict=true\n";

static void
test_strict (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_policy_get_strict_breaks (fixture->policy));

  start (fixture);
  respite_clock_advance (fixture->clock, 60 * MINUTES);
  g_assert_true (respite_shift_get_break_due (fixture->shift));

  g_assert_false (respite_shift_snooze (fixture->shift, &error));
  g_assert_error (error, RESPITE_SHIFT_ERROR, RESPITE_SHIFT_ERROR_STRICT);
  g_clear_error (&error);
  g_assert_false (respite_shift_skip (fixture->shift, &error));
  g_assert_error (error, RESPITE_SHIFT_ERROR, RESPITE_SHIFT_ERROR_STRICT);
  g_clear_error (&error);

  /* Stopping while the break is due starts the break... */
  respite_clock_advance (fixture->clock, 2 * MINUTES);
  stop (fixture);
  g_assert_cmpint (respite_shift_get_phase (fixture->shift), ==, RESPITE_SHIFT_ON_BREAK);

  /* ...and exposure cannot start again until it is over, nor the break be
   * cut short. */
  g_assert_false (respite_tracker_start (fixture->tracker, &error));
  g_assert_error (error, RESPITE_TRACKER_ERROR, RESPITE_TRACKER_ERROR_HELD);
  g_assert_nonnull (strstr (error->message, "10 minutes"));
  g_clear_error (&error);
  g_assert_false (respite_shift_end_break (fixture->shift, &error));
  g_assert_error (error, RESPITE_SHIFT_ERROR, RESPITE_SHIFT_ERROR_STRICT);
  g_clear_error (&error);

  respite_clock_advance (fixture->clock, 10 * MINUTES);
  g_assert_cmpint (respite_shift_get_phase (fixture->shift), ==, RESPITE_SHIFT_WORKING);
  start (fixture);
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 0);
  g_assert_cmpint (sql_int (fixture, "SELECT COUNT(*) FROM prompts WHERE response = 'taken'"),
                   ==, 1);
}

static void
test_end_break_early (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start (fixture);
  respite_clock_advance (fixture->clock, 60 * MINUTES);
  g_assert_true (respite_shift_take_break (fixture->shift, &error));
  respite_clock_advance (fixture->clock, 3 * MINUTES);
  g_assert_true (respite_shift_end_break (fixture->shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_shift_get_phase (fixture->shift), ==, RESPITE_SHIFT_WORKING);
  g_assert_cmpint (sql_int (fixture, "SELECT ended_at - started_at FROM breaks"), ==, 3 * 60);

  /* Three minutes is not a break: asked again a snooze later, not at once. */
  start (fixture);
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 60 * 60);
  respite_clock_advance (fixture->clock, 4 * MINUTES + 59 * SEC);
  g_assert_cmpuint (fixture->prompts->len, ==, 2);
  respite_clock_advance (fixture->clock, 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_DUE,
                  RESPITE_DEADLINE_BREAK_DUE, RESPITE_DEADLINE_NONE);
}

static const char small_cap_policy[] =
  "[Breaks]\n"
  "interval-minutes=480\n"
  "reminder-minutes=0\n"
  "[Cap]\n"
  "daily-minutes=60\n"
  "warning-percent=90\n";

static void
test_cap (Fixture       *fixture,
          gconstpointer  data)
{
  start (fixture);
  respite_clock_advance (fixture->clock, 30 * MINUTES);
  stop (fixture);
  respite_clock_advance (fixture->clock, 60 * MINUTES);
  start (fixture);

  /* 54 minutes in all: the warning; 60: the cap. */
  respite_clock_advance (fixture->clock, 23 * MINUTES + 59 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_CAP_WARNING, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 6 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_CAP_WARNING, RESPITE_DEADLINE_CAP_REACHED,
                  RESPITE_DEADLINE_NONE);

  /* Said once a day, even across a restart. */
  close_shift (fixture);
  open_shift (fixture);
  start (fixture);
  respite_clock_advance (fixture->clock, 2 * 60 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_CAP_WARNING, RESPITE_DEADLINE_CAP_REACHED,
                  RESPITE_DEADLINE_NONE);
  stop (fixture);

  /* The next morning, afresh. */
  respite_clock_advance (fixture->clock, 20 * 60 * MINUTES);
  start (fixture);
  respite_clock_advance (fixture->clock, 60 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_CAP_WARNING, RESPITE_DEADLINE_CAP_REACHED,
                  RESPITE_DEADLINE_CAP_WARNING, RESPITE_DEADLINE_CAP_REACHED,
                  RESPITE_DEADLINE_NONE);
}

static void
test_restart_remembers_stretch (Fixture       *fixture,
                                gconstpointer  data)
{
  start (fixture);
  respite_clock_advance (fixture->clock, 55 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_NONE);

  /* The app is restarted a minute later: the stretch goes on, and the
   * reminder is not given twice. */
  stop (fixture);
  close_shift (fixture);
  respite_clock_advance (fixture->clock, 1 * MINUTES);
  open_shift (fixture);
  start (fixture);
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 55 * 60);
  respite_clock_advance (fixture->clock, 5 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_DUE,
                  RESPITE_DEADLINE_NONE);
}

static void
test_suspend_across_deadline (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Suspended with notice: the block ends, the night counts as a break. */
  start (fixture);
  respite_clock_advance (fixture->clock, 55 * MINUTES);
  g_assert_true (respite_tracker_pause (fixture->tracker, RESPITE_END_SUSPENDED, 0, &error));
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
  respite_clock_jump_real_time (fixture->clock, 2 * 60 * MINUTES);
  start (fixture);
  g_assert_cmpint (respite_shift_get_continuous_seconds (fixture->shift), ==, 0);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_NONE);
  stop (fixture);

  /* Suspended without notice: the monotonic clock stood still, so the
   * sleep is neither exposure nor a deadline passing. */
  respite_clock_advance (fixture->clock, 20 * MINUTES);
  start (fixture);
  respite_clock_advance (fixture->clock, 55 * MINUTES);
  respite_clock_jump_real_time (fixture->clock, 2 * 60 * MINUTES);
  respite_clock_advance (fixture->clock, 4 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_REMINDER,
                  RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 1 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_REMINDER,
                  RESPITE_DEADLINE_BREAK_DUE, RESPITE_DEADLINE_NONE);
  g_assert_cmpint (respite_tracker_get_block_seconds (fixture->tracker), ==, 60 * 60);
}

static void
test_clock_jumps (Fixture       *fixture,
                  gconstpointer  data)
{
  start (fixture);
  respite_clock_advance (fixture->clock, 20 * MINUTES);
  respite_clock_jump_real_time (fixture->clock, -60 * MINUTES);
  respite_clock_advance (fixture->clock, 20 * MINUTES);
  respite_clock_jump_real_time (fixture->clock, 60 * MINUTES);
  respite_clock_advance (fixture->clock, 9 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 1 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 10 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_BREAK_REMINDER, RESPITE_DEADLINE_BREAK_DUE,
                  RESPITE_DEADLINE_NONE);
}

static void
test_end_shift (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start (fixture);
  respite_clock_advance (fixture->clock, 30 * MINUTES);
  g_assert_true (respite_shift_end_shift (fixture->shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_IDLE);
  g_assert_cmpint (respite_shift_get_phase (fixture->shift), ==, RESPITE_SHIFT_DECOMPRESSING);
  g_assert_cmpint (respite_shift_get_break_remaining (fixture->shift), ==, 15 * 60);

  respite_clock_advance (fixture->clock, 15 * MINUTES);
  g_assert_cmpint (respite_shift_get_phase (fixture->shift), ==, RESPITE_SHIFT_WORKING);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
  g_assert_cmpint (sql_int (fixture, "SELECT COUNT(*) FROM exposure_blocks"
                                     " WHERE end_reason = 'shift-end'"), ==, 1);
  g_assert_cmpint (sql_int (fixture, "SELECT ended_at - started_at FROM breaks"
                                     " WHERE kind = 'decompression'"), ==, 15 * 60);

  /* Starting exposure during decompression ends it. */
  g_assert_true (respite_shift_end_shift (fixture->shift, &error));
  respite_clock_advance (fixture->clock, 2 * MINUTES);
  start (fixture);
  g_assert_cmpint (respite_shift_get_phase (fixture->shift), ==, RESPITE_SHIFT_WORKING);
  g_assert_cmpint (sql_int (fixture, "SELECT MIN(ended_at - started_at) FROM breaks"), ==, 2 * 60);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, policy, func) g_test_add (path, Fixture, policy, set_up, func, tear_down)
  ADD ("/shift/break/reminder-then-due", NULL, test_reminder_then_due);
  ADD ("/shift/break/take", NULL, test_take_break);
  ADD ("/shift/break/snooze", NULL, test_snooze);
  ADD ("/shift/break/skip", NULL, test_skip);
  ADD ("/shift/break/natural-gap", NULL, test_natural_gap);
  ADD ("/shift/break/end-early", NULL, test_end_break_early);
  ADD ("/shift/break/strict", strict_policy, test_strict);
  ADD ("/shift/cap", small_cap_policy, test_cap);
  ADD ("/shift/restart-remembers-stretch", NULL, test_restart_remembers_stretch);
  ADD ("/shift/time/suspend-across-deadline", NULL, test_suspend_across_deadline);
  ADD ("/shift/time/clock-jumps", NULL, test_clock_jumps);
  ADD ("/shift/end-shift", NULL, test_end_shift);
#undef ADD

  return g_test_run ();
}
