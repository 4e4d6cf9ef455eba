/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The limits besides the daily cap (issue #19): their policy keys, the
 * deadlines they set, the exposure RespiteLimits adds up across days and
 * weeks, and their prompts from a real shift on the fake clock.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "respite-shift.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define MINUTES (60 * SEC)
#define HOURS (60 * MINUTES)

/* Thursday 2026-11-19 09:00:00 UTC: the tests run with TZ=UTC. */
#define T0 ((gint64) 1795078800)

typedef struct
{
  char           *dir;      /* (owned) */
  char           *path;     /* (owned) */
  char           *conf;     /* (owned) */
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

static RespitePolicy *
load (Fixture     *fixture,
      const char  *text,
      GPtrArray  **problems)
{
  g_assert_true (g_file_set_contents (fixture->conf, text, -1, NULL));
  return respite_policy_load (fixture->conf, NULL, problems);
}

/* @data: the organisation policy as a keyfile, or NULL for the defaults */
static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *keyfile = data;

  fixture->dir = g_dir_make_tmp ("respite-test-limits-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->conf = g_build_filename (fixture->dir, "organisation.conf", NULL);
  fixture->clock = respite_clock_new_fake (T0 * SEC);
  fixture->prompts = g_array_new (FALSE, FALSE, sizeof (RespiteDeadline));

  if (keyfile != NULL)
    {
      g_autoptr(GPtrArray) problems = NULL;

      fixture->policy = load (fixture, keyfile, &problems);
      g_assert_cmpuint (problems->len, ==, 0);
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
  g_remove (fixture->conf);
  g_rmdir (fixture->dir);
  g_free (fixture->conf);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
start (Fixture     *fixture,
       RespiteKind  kind,
       int          intensity)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_tracker_set_kind (fixture->tracker, kind, &error));
  g_assert_no_error (error);
  g_assert_true (respite_tracker_set_intensity (fixture->tracker, intensity, &error));
  g_assert_no_error (error);
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

/* Exposure of @minutes, then nothing until @gap later. */
static void
expose (Fixture     *fixture,
        RespiteKind  kind,
        int          intensity,
        gint64       minutes)
{
  start (fixture, kind, intensity);
  respite_clock_advance (fixture->clock, minutes * MINUTES);
  stop (fixture);
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
get_totals (Fixture               *fixture,
            RespiteExposureTotals *totals)
{
  respite_limits_get_totals (respite_shift_get_limits (fixture->shift), totals);
}

static gint64
kind_today (const RespiteExposureTotals *totals,
            RespiteKind                  kind)
{
  return totals->today[kind][0] + totals->today[kind][1] + totals->today[kind][2];
}

/* Keys */

static void
test_keys (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;
  g_autoptr(RespitePolicy) defaults = respite_policy_new_default ();

  g_assert_false (respite_policy_has_more_limits (defaults));
  for (int i = 1; i <= 3; i++)
    g_assert_cmpfloat (respite_policy_get_intensity_weight (defaults, i), ==, 1.0);
  g_assert_cmpint (respite_policy_get_kind_cap (defaults, RESPITE_KIND_VIDEO), ==, 0);
  g_assert_cmpint (respite_policy_get_weekly_cap (defaults), ==, 0);
  g_assert_cmpuint (respite_policy_get_consecutive_days (defaults), ==, 0);

  policy = load (fixture,
                 "[Cap]\n"
                 "weight-low=0.5\n"
                 "weight-medium=1\n"
                 "weight-high=1.5\n"
                 "video-minutes=90\n"
                 "live-minutes=60\n"
                 "weekly-minutes=1200\n"
                 "consecutive-days=5\n",
                 &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (respite_policy_has_more_limits (policy));
  g_assert_cmpfloat (respite_policy_get_intensity_weight (policy, 1), ==, 0.5);
  g_assert_cmpfloat (respite_policy_get_intensity_weight (policy, 2), ==, 1.0);
  g_assert_cmpfloat (respite_policy_get_intensity_weight (policy, 3), ==, 1.5);
  g_assert_cmpfloat (respite_policy_get_intensity_weight (policy, 0), ==, 1.0);
  g_assert_cmpint (respite_policy_get_kind_cap (policy, RESPITE_KIND_VIDEO), ==, 90 * 60);
  g_assert_cmpint (respite_policy_get_kind_cap (policy, RESPITE_KIND_LIVE), ==, 60 * 60);
  g_assert_cmpint (respite_policy_get_kind_cap (policy, RESPITE_KIND_IMAGE), ==, 0);
  g_assert_cmpint (respite_policy_get_weekly_cap (policy), ==, 1200 * 60);
  g_assert_cmpuint (respite_policy_get_consecutive_days (policy), ==, 5);

  {
    const gint64 seconds[] = { 100, 100, 100 };

    g_assert_cmpint (respite_policy_weigh (policy, seconds), ==, 50 + 100 + 150);
  }
}

static void
assert_problem (Fixture    *fixture,
                GPtrArray  *problems,
                guint       index,
                guint       line,
                const char *key,
                const char *reason)
{
  g_autofree char *prefix = g_strdup_printf ("%s:%u: [Cap] %s: ", fixture->conf, line, key);
  const char *message;

  g_assert_cmpuint (index, <, problems->len);
  message = g_ptr_array_index (problems, index);
  if (!g_str_has_prefix (message, prefix) || strstr (message, reason) == NULL)
    g_assert_cmpstr (message, ==, reason);
}

static void
test_bad_keys (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;

  policy = load (fixture,
                 "[Cap]\n"
                 "weight-low=0,5\n"
                 "weight-medium=0\n"
                 "weight-high=heavy\n"
                 "video-minutes=5\n"
                 "live-minutes=sixty\n"
                 "weekly-minutes=30\n"
                 "consecutive-days=31\n"
                 "daily-minutes=120\n",
                 &problems);

  g_assert_cmpuint (problems->len, ==, 7);
  assert_problem (fixture, problems, 0, 2, "weight-low",
                  "“0,5” is not a number from 0.1 to 10 (with a dot for decimals, as in 1.5); "
                  "using the default, 1");
  assert_problem (fixture, problems, 1, 3, "weight-medium", "“0” is not a number from 0.1 to 10");
  assert_problem (fixture, problems, 2, 4, "weight-high", "“heavy” is not a number");
  assert_problem (fixture, problems, 3, 5, "video-minutes",
                  "5 is out of range (0 to turn it off, or 10 to 720); using the default, 0");
  assert_problem (fixture, problems, 4, 6, "live-minutes",
                  "“sixty” is not a whole number; using the default, 0");
  assert_problem (fixture, problems, 5, 7, "weekly-minutes",
                  "30 is out of range (0 to turn it off, or 60 to 5040)");
  assert_problem (fixture, problems, 6, 8, "consecutive-days",
                  "31 is out of range (0 to turn it off, or 1 to 30)");

  /* Every bad line keeps its default; the good one is used. */
  g_assert_false (respite_policy_has_more_limits (policy));
  g_assert_cmpint (respite_policy_get_daily_cap (policy), ==, 120 * 60);
}

/* Deadlines, as a pure function */

static void
test_deadline_weighted (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = load (fixture, "[Cap]\ndaily-minutes=60\nweight-high=1.5\n",
                                          NULL);
  RespiteShiftState state = { .exposed = TRUE, .cap_warned = TRUE, .break_asked = TRUE,
                              .reminded = TRUE };
  gint64 in = -1;

  /* 90 weighed seconds left: 60 s of high, 90 s of medium. */
  state.today_seconds = 60 * 60 - 90;
  state.intensity = 3;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, &in), ==,
                   RESPITE_DEADLINE_CAP_REACHED);
  g_assert_cmpint (in, ==, 60);
  state.intensity = 2;
  respite_policy_next_deadline (policy, &state, &in);
  g_assert_cmpint (in, ==, 90);

  /* Rounded up: 91 s at 1.5 are not quite reached in 60 s. */
  state.today_seconds = 60 * 60 - 91;
  state.intensity = 3;
  respite_policy_next_deadline (policy, &state, &in);
  g_assert_cmpint (in, ==, 61);
}

static void
test_deadline_kind_week_days (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = load (fixture,
                                          "[Cap]\nvideo-minutes=30\nweekly-minutes=600\n"
                                          "consecutive-days=3\n", NULL);
  RespiteShiftState state = { .exposed = TRUE, .cap_warned = TRUE, .break_asked = TRUE,
                              .reminded = TRUE, .cap_reached = TRUE };
  gint64 in = -1;

  state.kind = RESPITE_KIND_VIDEO;
  state.kind_seconds[RESPITE_KIND_VIDEO] = 20 * 60;
  state.week_seconds = 595 * 60;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, &in), ==,
                   RESPITE_DEADLINE_WEEKLY_CAP_REACHED);
  g_assert_cmpint (in, ==, 5 * 60);

  state.week_seconds = 0;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, &in), ==,
                   RESPITE_DEADLINE_VIDEO_CAP_REACHED);
  g_assert_cmpint (in, ==, 10 * 60);

  /* Video's cap does not count while images run. */
  state.kind = RESPITE_KIND_IMAGE;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, &in), ==,
                   RESPITE_DEADLINE_WEEKLY_CAP_REACHED);

  /* The third day in a row is allowed; the fourth is due at once, once. */
  state.days_in_a_row = 3;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, &in), !=,
                   RESPITE_DEADLINE_DAYS_IN_A_ROW);
  state.days_in_a_row = 4;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, &in), ==,
                   RESPITE_DEADLINE_DAYS_IN_A_ROW);
  g_assert_cmpint (in, ==, 0);
  state.days_reached = TRUE;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, &in), !=,
                   RESPITE_DEADLINE_DAYS_IN_A_ROW);

  /* Not exposed: nothing. */
  state.days_reached = FALSE;
  state.exposed = FALSE;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, &in), ==,
                   RESPITE_DEADLINE_NONE);
}

/* A real shift */

static const char weighted_policy[] =
  "[Breaks]\n"
  "interval-minutes=480\n"
  "reminder-minutes=0\n"
  "[Cap]\n"
  "daily-minutes=60\n"
  "warning-percent=50\n"
  "weight-high=2\n";

static void
test_shift_weighted (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *text = NULL;

  /* 20 min of medium count 20; 10 of high count 20 more: the warning at 30
   * weighed minutes falls after 5 min of high. */
  expose (fixture, RESPITE_KIND_IMAGE, 2, 20);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);
  start (fixture, RESPITE_KIND_IMAGE, 3);
  respite_clock_advance (fixture->clock, 5 * MINUTES - 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_CAP_WARNING, RESPITE_DEADLINE_NONE);

  text = respite_limits_describe (respite_shift_get_limits (fixture->shift), fixture->policy);
  g_assert_cmpstr (text, ==, "Daily cap, weighed by intensity: 30 min left");

  /* The cap at 60 weighed minutes: 20 of medium and 20 of high. */
  respite_clock_advance (fixture->clock, 15 * MINUTES - 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_CAP_WARNING, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_CAP_WARNING, RESPITE_DEADLINE_CAP_REACHED,
                  RESPITE_DEADLINE_NONE);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 40 * 60);

  g_clear_pointer (&text, g_free);
  text = respite_limits_describe (respite_shift_get_limits (fixture->shift), fixture->policy);
  g_assert_cmpstr (text, ==, "Daily cap reached");
}

static const char kind_policy[] =
  "[Breaks]\n"
  "interval-minutes=480\n"
  "reminder-minutes=0\n"
  "[Cap]\n"
  "video-minutes=30\n"
  "live-minutes=10\n";

static void
test_shift_kind (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *text = NULL;
  RespiteExposureTotals totals;

  expose (fixture, RESPITE_KIND_VIDEO, 1, 20);
  expose (fixture, RESPITE_KIND_IMAGE, 3, 60);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);

  text = respite_limits_describe (respite_shift_get_limits (fixture->shift), fixture->policy);
  g_assert_cmpstr (text, ==, "Daily cap: 2 h 40 min left\n"
                             "Video today: 10 min left\n"
                             "Live today: 10 min left");

  /* Video again, at another intensity: its 10 minutes left count. */
  start (fixture, RESPITE_KIND_VIDEO, 2);
  respite_clock_advance (fixture->clock, 10 * MINUTES - 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_VIDEO_CAP_REACHED, RESPITE_DEADLINE_NONE);

  /* Switching to live, whose cap is separate. */
  g_assert_true (respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_LIVE, NULL));
  respite_clock_advance (fixture->clock, 10 * MINUTES);
  assert_prompts (fixture, RESPITE_DEADLINE_VIDEO_CAP_REACHED,
                  RESPITE_DEADLINE_LIVE_CAP_REACHED, RESPITE_DEADLINE_NONE);
  stop (fixture);

  get_totals (fixture, &totals);
  g_assert_cmpint (kind_today (&totals, RESPITE_KIND_VIDEO), ==, 30 * 60);
  g_assert_cmpint (kind_today (&totals, RESPITE_KIND_LIVE), ==, 10 * 60);
  g_assert_cmpint (totals.today[RESPITE_KIND_VIDEO][1], ==, 10 * 60);

  /* Once a day, even across a restart. */
  close_shift (fixture);
  open_shift (fixture);
  expose (fixture, RESPITE_KIND_VIDEO, 1, 5);
  expose (fixture, RESPITE_KIND_LIVE, 1, 5);
  assert_prompts (fixture, RESPITE_DEADLINE_VIDEO_CAP_REACHED,
                  RESPITE_DEADLINE_LIVE_CAP_REACHED, RESPITE_DEADLINE_NONE);

  /* The next day, afresh. */
  respite_clock_jump_real_time (fixture->clock, 24 * HOURS);
  expose (fixture, RESPITE_KIND_VIDEO, 1, 30);
  assert_prompts (fixture, RESPITE_DEADLINE_VIDEO_CAP_REACHED,
                  RESPITE_DEADLINE_LIVE_CAP_REACHED, RESPITE_DEADLINE_VIDEO_CAP_REACHED,
                  RESPITE_DEADLINE_NONE);

  /* History: the limits reached on each day, from the day before. */
  {
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr(GArray) days = NULL;
    g_autoptr(GError) error = NULL;

    days = respite_store_list_history_days (fixture->store, utc, T0 - 24 * 3600,
                                            T0 + 24 * 3600, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (days->len, ==, 3);
    g_assert_cmpuint (g_array_index (days, RespiteHistoryDay, 0).limits_reached, ==, 0);
    g_assert_cmpuint (g_array_index (days, RespiteHistoryDay, 1).limits_reached, ==, 2);
    g_assert_cmpuint (g_array_index (days, RespiteHistoryDay, 2).limits_reached, ==, 1);
  }
}

static const char week_policy[] =
  "[Breaks]\n"
  "interval-minutes=480\n"
  "reminder-minutes=0\n"
  "[Cap]\n"
  "daily-minutes=720\n"
  "weekly-minutes=300\n";

static void
test_week (Fixture       *fixture,
           gconstpointer  data)
{
  RespiteExposureTotals totals;
  g_autofree char *text = NULL;

  /* Thursday, Friday, Saturday: 1 h 30 each. */
  for (int day = 0; day < 3; day++)
    {
      expose (fixture, RESPITE_KIND_TEXT, 1, 90);
      respite_clock_jump_real_time (fixture->clock, 24 * HOURS - 90 * MINUTES);
    }
  /* Sunday 09:00, 4 h 30 so far this week. */
  get_totals (fixture, &totals);
  g_assert_cmpint (totals.week, ==, 270 * 60);
  g_assert_false (totals.today_any);
  text = respite_limits_describe (respite_shift_get_limits (fixture->shift), fixture->policy);
  g_assert_cmpstr (text, ==, "Daily cap: 12 h 00 min left\nThis week: 30 min left");

  /* Sunday 23:50, a block across midnight into Monday: its first 10
   * minutes fall in the old week, whose cap would have come at 00:20; the
   * new week starts at midnight with what falls after it. */
  respite_clock_jump_real_time (fixture->clock, 14 * HOURS + 50 * MINUTES);
  start (fixture, RESPITE_KIND_TEXT, 1);
  respite_clock_advance (fixture->clock, 5 * MINUTES);
  get_totals (fixture, &totals);
  g_assert_cmpint (totals.week, ==, 275 * 60);
  respite_clock_advance (fixture->clock, 25 * MINUTES);
  get_totals (fixture, &totals);
  g_assert_cmpint (totals.week, ==, 20 * 60);
  g_assert_cmpint (kind_today (&totals, RESPITE_KIND_TEXT), ==, 20 * 60);
  stop (fixture);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);

  /* Monday's 5 h: the weekly cap, once. */
  expose (fixture, RESPITE_KIND_TEXT, 1, 280);
  assert_prompts (fixture, RESPITE_DEADLINE_WEEKLY_CAP_REACHED, RESPITE_DEADLINE_NONE);
  respite_clock_jump_real_time (fixture->clock, 12 * HOURS);
  close_shift (fixture);
  open_shift (fixture);
  expose (fixture, RESPITE_KIND_TEXT, 1, 30);
  assert_prompts (fixture, RESPITE_DEADLINE_WEEKLY_CAP_REACHED, RESPITE_DEADLINE_NONE);

  g_clear_pointer (&text, g_free);
  text = respite_limits_describe (respite_shift_get_limits (fixture->shift), fixture->policy);
  g_assert_cmpstr (text, ==, "Daily cap: 6 h 30 min left\nWeekly cap reached");
}

static const char days_policy[] =
  "[Breaks]\n"
  "interval-minutes=480\n"
  "reminder-minutes=0\n"
  "[Cap]\n"
  "consecutive-days=2\n";

static void
test_days_in_a_row (Fixture       *fixture,
                    gconstpointer  data)
{
  RespiteExposureTotals totals;
  g_autofree char *text = NULL;

  /* Thursday and Friday: two days, allowed. */
  expose (fixture, RESPITE_KIND_IMAGE, 1, 30);
  respite_clock_jump_real_time (fixture->clock, 24 * HOURS);
  expose (fixture, RESPITE_KIND_IMAGE, 1, 30);
  get_totals (fixture, &totals);
  g_assert_cmpuint (totals.days_before_today, ==, 1);
  g_assert_cmpuint (respite_exposure_totals_get_days_in_a_row (&totals), ==, 2);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);

  /* Saturday: the third, said as exposure starts, once. */
  respite_clock_jump_real_time (fixture->clock, 24 * HOURS);
  get_totals (fixture, &totals);
  g_assert_cmpuint (respite_exposure_totals_get_days_in_a_row (&totals), ==, 0);
  text = respite_limits_describe (respite_shift_get_limits (fixture->shift), fixture->policy);
  g_assert_cmpstr (text, ==, "Daily cap: 4 h 00 min left\nDays in a row with exposure: 0 of at most 2");
  start (fixture, RESPITE_KIND_IMAGE, 1);
  respite_clock_advance (fixture->clock, 1 * SEC);
  assert_prompts (fixture, RESPITE_DEADLINE_DAYS_IN_A_ROW, RESPITE_DEADLINE_NONE);
  respite_clock_advance (fixture->clock, 30 * MINUTES);
  stop (fixture);
  expose (fixture, RESPITE_KIND_IMAGE, 1, 5);
  assert_prompts (fixture, RESPITE_DEADLINE_DAYS_IN_A_ROW, RESPITE_DEADLINE_NONE);

  /* Sunday with no exposure; Monday starts a new run. */
  respite_clock_jump_real_time (fixture->clock, 48 * HOURS);
  expose (fixture, RESPITE_KIND_IMAGE, 1, 30);
  get_totals (fixture, &totals);
  g_assert_cmpuint (totals.days_before_today, ==, 0);
  g_assert_cmpuint (respite_exposure_totals_get_days_in_a_row (&totals), ==, 1);
  assert_prompts (fixture, RESPITE_DEADLINE_DAYS_IN_A_ROW, RESPITE_DEADLINE_NONE);
}

/* A block across midnight makes both days count. */
static void
test_days_across_midnight (Fixture       *fixture,
                           gconstpointer  data)
{
  RespiteExposureTotals totals;

  /* Thursday 23:30 to Friday 00:30, then Saturday. */
  respite_clock_jump_real_time (fixture->clock, 14 * HOURS + 30 * MINUTES);
  start (fixture, RESPITE_KIND_IMAGE, 1);
  respite_clock_advance (fixture->clock, 60 * MINUTES);
  get_totals (fixture, &totals);
  g_assert_cmpuint (totals.days_before_today, ==, 1);
  g_assert_cmpint (kind_today (&totals, RESPITE_KIND_IMAGE), ==, 30 * 60);
  stop (fixture);
  assert_prompts (fixture, RESPITE_DEADLINE_NONE);

  respite_clock_jump_real_time (fixture->clock, 24 * HOURS);
  expose (fixture, RESPITE_KIND_IMAGE, 1, 1);
  assert_prompts (fixture, RESPITE_DEADLINE_DAYS_IN_A_ROW, RESPITE_DEADLINE_NONE);
}

/* The wall clock jumps: the limits follow the day it shows, and never
 * count a second twice or below zero. */
static void
test_clock_jumps (Fixture       *fixture,
                  gconstpointer  data)
{
  RespiteExposureTotals totals;

  expose (fixture, RESPITE_KIND_VIDEO, 1, 60);

  /* Put back a day: Wednesday had no exposure as far as the record goes,
   * and Thursday's (later) hour is not Wednesday's; it is still this
   * week's. */
  respite_clock_jump_real_time (fixture->clock, -24 * HOURS);
  get_totals (fixture, &totals);
  g_assert_cmpint (kind_today (&totals, RESPITE_KIND_VIDEO), ==, 0);
  g_assert_false (totals.today_any);
  g_assert_cmpint (totals.week, ==, 60 * 60);

  /* A block started now begins where the last one ended (the tracker's
   * rule: blocks never overlap), on Thursday: not today's exposure, but
   * this week's, and as the tracker counts it. A jump back while it runs
   * takes nothing away: its length is the monotonic clock's. */
  start (fixture, RESPITE_KIND_VIDEO, 1);
  respite_clock_advance (fixture->clock, 10 * MINUTES);
  respite_clock_jump_real_time (fixture->clock, -5 * MINUTES);
  respite_clock_advance (fixture->clock, 10 * MINUTES);
  get_totals (fixture, &totals);
  g_assert_cmpint (kind_today (&totals, RESPITE_KIND_VIDEO), ==,
                   respite_tracker_get_today_seconds (fixture->tracker));
  g_assert_cmpint (totals.week, ==, 80 * 60);
  stop (fixture);

  /* Forward again to Thursday: its 80 minutes are today's, and Wednesday
   * had none, so this is the first day in a row. */
  respite_clock_jump_real_time (fixture->clock, 24 * HOURS);
  start (fixture, RESPITE_KIND_VIDEO, 1);
  get_totals (fixture, &totals);
  g_assert_cmpint (kind_today (&totals, RESPITE_KIND_VIDEO), ==, 80 * 60);
  g_assert_cmpuint (respite_exposure_totals_get_days_in_a_row (&totals), ==, 1);
  g_assert_cmpint (totals.week, ==, 80 * 60);
  stop (fixture);

  /* A jump forward of days breaks the run. */
  respite_clock_jump_real_time (fixture->clock, 72 * HOURS);
  start (fixture, RESPITE_KIND_VIDEO, 1);
  get_totals (fixture, &totals);
  g_assert_cmpuint (respite_exposure_totals_get_days_in_a_row (&totals), ==, 1);
  stop (fixture);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, policy, func) g_test_add (path, Fixture, policy, set_up, func, tear_down)
  ADD ("/limits/policy/keys", NULL, test_keys);
  ADD ("/limits/policy/bad-keys", NULL, test_bad_keys);
  ADD ("/limits/deadline/weighted", NULL, test_deadline_weighted);
  ADD ("/limits/deadline/kind-week-days", NULL, test_deadline_kind_week_days);
  ADD ("/limits/shift/weighted", weighted_policy, test_shift_weighted);
  ADD ("/limits/shift/kind", kind_policy, test_shift_kind);
  ADD ("/limits/shift/week", week_policy, test_week);
  ADD ("/limits/shift/days-in-a-row", days_policy, test_days_in_a_row);
  ADD ("/limits/shift/days-across-midnight", days_policy, test_days_across_midnight);
  ADD ("/limits/time/clock-jumps", NULL, test_clock_jumps);
#undef ADD

  return g_test_run ();
}
