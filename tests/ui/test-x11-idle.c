/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteX11Idle against a real X server (Xvfb, which has the
 * MIT-SCREEN-SAVER extension), with input faked by xdotool, feeding a
 * RespitePresence without buses, as the app does outside GNOME.
 *
 * The X server's idle time runs on real time and cannot be faked, so these
 * tests use a 2-second threshold and take a few seconds each. The watch's
 * one pending timeout is found in the main context by its callback data,
 * which shows when it is due and that there is none while not watching.
 */

#define G_LOG_DOMAIN "test-x11-idle"

#include "config.h"

#include <gtk/gtk.h>
#include <gdk/x11/gdkx.h>
#include <libglib-testing/signal-logger.h>
#include <X11/extensions/scrnsaver.h>

#include "respite-x11-idle.h"

#define THRESHOLD 2

typedef struct
{
  RespitePresence *presence;  /* (owned) */
  RespiteX11Idle  *idle;      /* (owned) */
  GtSignalLogger  *logger;    /* (owned) */
  guint            tick_id;
} Fixture;

/* Fails a test that waits for something that never comes. */
#define WAIT_UNTIL(seconds, condition) \
  G_STMT_START { \
    gint64 wu_deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(condition)) \
      { \
        if (g_get_monotonic_time () > wu_deadline) \
          g_error ("Timed out waiting for %s", #condition); \
        g_main_context_iteration (NULL, TRUE); \
      } \
  } G_STMT_END

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Lets the main loop run for a while, whatever happens. */
static void
run_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static guint64
server_idle_ms (void)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (GDK_X11_DISPLAY (gdk_display_get_default ()));
  XScreenSaverInfo *info = XScreenSaverAllocInfo ();
  guint64 idle_ms;

  g_assert_nonnull (info);
  g_assert_cmpint (XScreenSaverQueryInfo (xdisplay, DefaultRootWindow (xdisplay), info), !=, 0);
  idle_ms = info->idle;
  XFree (info);

  return idle_ms;
}

/* Whether the X server has seen input since @sent (monotonic µs): its idle
 * time is no longer than the time since then, however long ago that was. */
static gboolean
input_seen_since (gint64 sent)
{
  guint64 idle_ms = server_idle_ms ();
  gint64 since_ms = (g_get_monotonic_time () - sent) / 1000;

  /* The server counts whole milliseconds. */
  return (gint64) idle_ms <= since_ms + 5;
}

static void
fake_input (void)
{
  static guint n = 0;
  g_autofree char *command = g_strdup_printf ("xdotool mousemove %u 100", 100 + (n++ % 2) * 20);
  g_autoptr(GError) error = NULL;
  int status = 0;

  gint64 sent = g_get_monotonic_time ();

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (30, input_seen_since (sent));
}

/* When the watch's timeout is due (monotonic µs), or -1 if it has none. */
static gint64
timer_ready_time (Fixture *fixture)
{
  GSource *source = g_main_context_find_source_by_funcs_user_data (NULL, &g_timeout_funcs,
                                                                   fixture->idle);

  return source != NULL ? g_source_get_ready_time (source) : -1;
}

/* Asserts that the watch's one timeout is due at the threshold after an
 * input sent at @input_sent (monotonic µs): bounds from the input itself,
 * not from how soon after it this runs, which a loaded machine delays. The
 * X server counts idleness in milliseconds from when it handled the input,
 * after it was sent. */
static void
assert_due_after_input (Fixture *fixture,
                        gint64   input_sent)
{
  gint64 ready = timer_ready_time (fixture);

  g_assert_cmpint (ready, >=, input_sent + (gint64) ((THRESHOLD - 0.8) * G_USEC_PER_SEC));
  g_assert_cmpint (ready, <=, g_get_monotonic_time () + THRESHOLD * G_USEC_PER_SEC);
}

/* Seconds until the watch's timeout is due, or -1 if it has none. */
static double
timer_due_in (Fixture *fixture)
{
  GSource *source = g_main_context_find_source_by_funcs_user_data (NULL, &g_timeout_funcs,
                                                                   fixture->idle);

  if (source == NULL)
    return -1;

  return (double) (g_source_get_ready_time (source) - g_get_monotonic_time ()) / G_USEC_PER_SEC;
}

static void
assert_away (Fixture *fixture,
             int      timeout_seconds)
{
  int reason = -1;
  gint64 seconds_ago = -1;

  WAIT_UNTIL (timeout_seconds, gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->presence, "away",
                                        &reason, &seconds_ago);
  g_assert_cmpint (reason, ==, RESPITE_ABSENCE_IDLE);
  g_assert_cmpint (seconds_ago, >=, THRESHOLD);
}

static void
assert_back (Fixture *fixture,
             int      timeout_seconds)
{
  int reason = -1;

  WAIT_UNTIL (timeout_seconds, gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->presence, "back", &reason);
  g_assert_cmpint (reason, ==, RESPITE_ABSENCE_IDLE);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  /* No Mutter, no logind: the X server is the only source of idleness. */
  fixture->presence = respite_presence_new (NULL, NULL);
  fixture->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (fixture->logger, fixture->presence, "away");
  gt_signal_logger_connect (fixture->logger, fixture->presence, "back");
  fixture->idle = respite_x11_idle_new (NULL, fixture->presence);
  fixture->tick_id = g_timeout_add (100, tick_cb, NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->idle);
  g_assert_false (respite_presence_get_idle_available (fixture->presence));
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_clear_object (&fixture->presence);
  g_clear_handle_id (&fixture->tick_id, g_source_remove);
}

static void
test_available (Fixture       *fixture,
                gconstpointer  data)
{
  g_assert_true (respite_x11_idle_get_available (fixture->idle));
  g_assert_true (respite_presence_get_idle_available (fixture->presence));
  g_assert_true (respite_presence_get_idle_fallback_in_use (fixture->presence));
}

static void
test_off (Fixture       *fixture,
          gconstpointer  data)
{
  /* Not exposed (threshold 0): no timer at all, however long nobody types. */
  g_assert_cmpuint (respite_x11_idle_get_threshold (fixture->idle), ==, 0);
  g_assert_cmpfloat (timer_due_in (fixture), <, 0);
  run_for (THRESHOLD + 0.5);
  g_assert_cmpfloat (timer_due_in (fixture), <, 0);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  /* Off again before the threshold: the timer goes with it. */
  fake_input ();
  respite_presence_set_idle_threshold (fixture->presence, THRESHOLD);
  g_assert_cmpuint (respite_x11_idle_get_threshold (fixture->idle), ==, THRESHOLD);
  g_assert_cmpfloat (timer_due_in (fixture), >, 0);
  respite_presence_set_idle_threshold (fixture->presence, 0);
  g_assert_cmpuint (respite_x11_idle_get_threshold (fixture->idle), ==, 0);
  g_assert_cmpfloat (timer_due_in (fixture), <, 0);
  run_for (0.5);
  gt_signal_logger_assert_no_emissions (fixture->logger);
}

static void
test_away_and_back (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 start;
  gint64 input_sent;

  input_sent = g_get_monotonic_time ();
  fake_input ();
  start = g_get_monotonic_time ();
  respite_presence_set_idle_threshold (fixture->presence, THRESHOLD);

  /* One timeout, at the threshold, not a poll. */
  assert_due_after_input (fixture, input_sent);

  assert_away (fixture, THRESHOLD + 10);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (THRESHOLD - 0.6) * G_USEC_PER_SEC);

  /* Away: checking for the return, and saying nothing more meanwhile. */
  g_assert_cmpfloat (timer_due_in (fixture), >, 0);
  run_for (2.5);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  input_sent = g_get_monotonic_time ();
  fake_input ();
  assert_back (fixture, 10);

  /* Watching again, with one timeout at the threshold. */
  assert_due_after_input (fixture, input_sent);

  /* Stopped while away: RespitePresence ends the absence, and the watch
   * stops with it. */
  assert_away (fixture, THRESHOLD + 3);
  respite_presence_set_idle_threshold (fixture->presence, 0);
  assert_back (fixture, 10);
  g_assert_cmpfloat (timer_due_in (fixture), <, 0);
}

static void
test_input_reschedules (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 start;
  gint64 input_sent;
  gint64 first;

  fake_input ();
  respite_presence_set_idle_threshold (fixture->presence, THRESHOLD);
  first = timer_ready_time (fixture);
  run_for (1);

  /* Input before the timeout: when it comes, the check finds less idle
   * time than the threshold and waits for the rest, rather than reporting.
   * Waited for as an event (the timeout moved), however late it runs. */
  input_sent = g_get_monotonic_time ();
  fake_input ();
  start = g_get_monotonic_time ();
  WAIT_UNTIL (30, timer_ready_time (fixture) != first ||
                  gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_due_after_input (fixture, input_sent);

  assert_away (fixture, THRESHOLD + 3);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (THRESHOLD - 0.6) * G_USEC_PER_SEC);
  respite_presence_set_idle_threshold (fixture->presence, 0);
  assert_back (fixture, 10);
}

static void
test_idle_at_start (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Nobody has typed for longer than the threshold when the block starts:
   * away at once, with the time since the last input. */
  fake_input ();
  run_for (THRESHOLD + 1);
  respite_presence_set_idle_threshold (fixture->presence, THRESHOLD);
  assert_away (fixture, 10);

  /* A new threshold while away does not end the absence. */
  respite_presence_set_idle_threshold (fixture->presence, 60);
  run_for (0.5);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  fake_input ();
  assert_back (fixture, 10);
  respite_presence_set_idle_threshold (fixture->presence, 0);
  g_assert_cmpfloat (timer_due_in (fixture), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_print ("1..0 # SKIP no X11 display\n");
      return 0;
    }
  if (xdotool == NULL)
    {
      g_print ("1..0 # SKIP no xdotool\n");
      return 0;
    }

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/x11-idle/available", test_available);
  ADD ("/x11-idle/off", test_off);
  ADD ("/x11-idle/away-and-back", test_away_and_back);
  ADD ("/x11-idle/input-reschedules", test_input_reschedules);
  ADD ("/x11-idle/idle-at-start", test_idle_at_start);
#undef ADD

  return g_test_run ();
}
