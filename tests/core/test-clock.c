/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "respite-clock.h"

#define SEC ((gint64) G_USEC_PER_SEC)

static gboolean
count_cb (gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
once_cb (gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
  return G_SOURCE_REMOVE;
}

static void
test_fake_times (void)
{
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (1700000000 * SEC);
  gint64 mono = respite_clock_get_monotonic_time (clock);

  g_assert_true (respite_clock_is_fake (clock));
  g_assert_cmpint (respite_clock_get_real_time (clock), ==, 1700000000 * SEC);

  respite_clock_advance (clock, 90 * SEC);
  g_assert_cmpint (respite_clock_get_real_time (clock), ==, 1700000090 * SEC);
  g_assert_cmpint (respite_clock_get_monotonic_time (clock), ==, mono + 90 * SEC);

  /* A clock change or a suspend moves the wall clock only. */
  respite_clock_jump_real_time (clock, -3600 * SEC);
  g_assert_cmpint (respite_clock_get_real_time (clock), ==, (1700000090 - 3600) * SEC);
  g_assert_cmpint (respite_clock_get_monotonic_time (clock), ==, mono + 90 * SEC);
}

static void
test_fake_timeouts (void)
{
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (1700000000 * SEC);
  guint every_minute = 0, once = 0;
  guint id;

  id = respite_clock_add_timeout_seconds (clock, 60, count_cb, &every_minute);
  respite_clock_add_timeout_seconds (clock, 90, once_cb, &once);

  respite_clock_advance (clock, 59 * SEC);
  g_assert_cmpuint (every_minute, ==, 0);

  respite_clock_advance (clock, 1 * SEC);
  g_assert_cmpuint (every_minute, ==, 1);

  respite_clock_advance (clock, 10 * 60 * SEC);
  g_assert_cmpuint (every_minute, ==, 11);
  g_assert_cmpuint (once, ==, 1);

  respite_clock_remove_timeout (clock, id);
  respite_clock_advance (clock, 10 * 60 * SEC);
  g_assert_cmpuint (every_minute, ==, 11);
}

static void
test_real_clock (void)
{
  g_autoptr(RespiteClock) clock = respite_clock_new ();
  gint64 before = g_get_real_time ();
  gint64 now = respite_clock_get_real_time (clock);

  g_assert_false (respite_clock_is_fake (clock));
  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now - before, <, 60 * SEC);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/fake/times", test_fake_times);
  g_test_add_func ("/clock/fake/timeouts", test_fake_timeouts);
  g_test_add_func ("/clock/real", test_real_clock);

  return g_test_run ();
}
