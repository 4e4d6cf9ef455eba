/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "respite-tracker.h"

#define SEC ((gint64) G_USEC_PER_SEC)

/* Thursday 2026-11-19 09:00:00 UTC: the tests run with TZ=UTC. */
#define T0 ((gint64) 1795078800)

typedef struct
{
  char           *dir;      /* (owned) */
  char           *path;     /* (owned) */
  RespiteClock   *clock;    /* (owned) */
  RespiteStore   *store;    /* (owned) */
  RespiteTracker *tracker;  /* (owned) */
} Fixture;

static void
open_tracker (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->tracker = respite_tracker_new (fixture->store, fixture->clock, &error);
  g_assert_no_error (error);
}

/* What a crash does: the process goes away without ending anything. */
static void
crash (Fixture *fixture)
{
  g_clear_object (&fixture->tracker);
  g_clear_object (&fixture->store);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-tracker-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->clock = respite_clock_new_fake (T0 * SEC);
  open_tracker (fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  crash (fixture);
  g_clear_object (&fixture->clock);

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

static GArray *
list_blocks (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GArray *blocks = respite_store_list_blocks (fixture->store, 0, G_MAXINT64, &error);

  g_assert_no_error (error);
  return blocks;
}

#define BLOCK(blocks, i) (&g_array_index ((blocks), RespiteBlock, (i)))

static void
test_start_stop (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_IDLE);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 0);

  g_assert_true (respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_VIDEO, &error));
  g_assert_true (respite_tracker_set_intensity (fixture->tracker, 3, &error));
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_EXPOSED);

  /* The open block is on disk from its first second. */
  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, 0);
  g_clear_pointer (&blocks, g_array_unref);

  respite_clock_advance (fixture->clock, 5 * 60 * SEC);
  g_assert_cmpint (respite_tracker_get_block_seconds (fixture->tracker), ==, 300);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 300);

  /* Starting again while running changes nothing. */
  g_assert_true (respite_tracker_start (fixture->tracker, &error));

  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_IDLE);
  g_assert_cmpint (respite_tracker_get_block_seconds (fixture->tracker), ==, 0);

  respite_clock_advance (fixture->clock, 60 * 60 * SEC);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 300);

  /* Stopping while idle changes nothing either. */
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->started_at, ==, T0);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 300);
  g_assert_cmpint (BLOCK (blocks, 0)->kind, ==, RESPITE_KIND_VIDEO);
  g_assert_cmpint (BLOCK (blocks, 0)->intensity, ==, 3);
  g_assert_cmpint (BLOCK (blocks, 0)->end_reason, ==, RESPITE_END_STOPPED);
}

static void
test_heartbeat (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  g_assert_true (respite_tracker_start (fixture->tracker, &error));

  respite_clock_advance (fixture->clock, 59 * SEC);
  blocks = list_blocks (fixture);
  g_assert_cmpint (BLOCK (blocks, 0)->heartbeat_at, ==, T0);
  g_clear_pointer (&blocks, g_array_unref);

  respite_clock_advance (fixture->clock, 91 * SEC);
  blocks = list_blocks (fixture);
  g_assert_cmpint (BLOCK (blocks, 0)->heartbeat_at, ==, T0 + 2 * RESPITE_HEARTBEAT_SECONDS);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, 0);
}

static void
test_recover_after_crash (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  g_assert_true (respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_LIVE, &error));
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 150 * SEC);

  crash (fixture);

  /* The machine stays off for an hour: none of it may count. */
  respite_clock_advance (fixture->clock, 3600 * SEC);
  open_tracker (fixture);

  g_assert_cmpuint (respite_tracker_get_n_recovered (fixture->tracker), ==, 1);
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_IDLE);

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->started_at, ==, T0);
  /* Ended at the last heartbeat: 30 s lost, nothing invented. */
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 120);
  g_assert_cmpint (BLOCK (blocks, 0)->end_reason, ==, RESPITE_END_RECOVERED);
  g_assert_cmpint (BLOCK (blocks, 0)->kind, ==, RESPITE_KIND_LIVE);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 120);

  /* A new block starts cleanly after recovery. */
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  g_assert_no_error (error);
}

static void
test_recover_before_first_heartbeat (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 45 * SEC);
  crash (fixture);
  open_tracker (fixture);

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0);
  g_assert_cmpint (BLOCK (blocks, 0)->end_reason, ==, RESPITE_END_RECOVERED);
}

static void
test_switch_kind_and_intensity (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 60 * SEC);
  g_assert_true (respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_AUDIO, &error));
  respite_clock_advance (fixture->clock, 30 * SEC);
  /* Same kind again: no new block. */
  g_assert_true (respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_AUDIO, &error));
  g_assert_true (respite_tracker_set_intensity (fixture->tracker, 1, &error));
  respite_clock_advance (fixture->clock, 10 * SEC);
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 3);

  g_assert_cmpint (BLOCK (blocks, 0)->kind, ==, RESPITE_KIND_IMAGE);
  g_assert_cmpint (BLOCK (blocks, 0)->intensity, ==, 2);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 60);
  g_assert_cmpint (BLOCK (blocks, 0)->end_reason, ==, RESPITE_END_SWITCHED);

  g_assert_cmpint (BLOCK (blocks, 1)->kind, ==, RESPITE_KIND_AUDIO);
  g_assert_cmpint (BLOCK (blocks, 1)->intensity, ==, 2);
  g_assert_cmpint (BLOCK (blocks, 1)->started_at, ==, T0 + 60);
  g_assert_cmpint (BLOCK (blocks, 1)->ended_at, ==, T0 + 90);
  g_assert_cmpint (BLOCK (blocks, 1)->end_reason, ==, RESPITE_END_SWITCHED);

  g_assert_cmpint (BLOCK (blocks, 2)->intensity, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 2)->started_at, ==, T0 + 90);
  g_assert_cmpint (BLOCK (blocks, 2)->ended_at, ==, T0 + 100);
  g_assert_cmpint (BLOCK (blocks, 2)->end_reason, ==, RESPITE_END_STOPPED);

  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 100);
}

static void
test_wall_clock_jumps (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 10 * 60 * SEC);
  respite_clock_jump_real_time (fixture->clock, -3600 * SEC);
  respite_clock_advance (fixture->clock, 10 * 60 * SEC);
  g_assert_cmpint (respite_tracker_get_block_seconds (fixture->tracker), ==, 20 * 60);
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));

  /* The clock is now 40 min behind the first block's end: the next block
   * must not overlap it. */
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_jump_real_time (fixture->clock, 2 * 3600 * SEC);
  respite_clock_advance (fixture->clock, 5 * 60 * SEC);
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at - BLOCK (blocks, 0)->started_at, ==, 20 * 60);
  g_assert_cmpint (BLOCK (blocks, 1)->started_at, >=, BLOCK (blocks, 0)->ended_at);
  g_assert_cmpint (BLOCK (blocks, 1)->ended_at - BLOCK (blocks, 1)->started_at, ==, 5 * 60);
}

static void
test_today_across_midnight (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 yesterday = -1;

  /* From 09:00 to 23:50, then a block across midnight. */
  respite_clock_advance (fixture->clock, (14 * 3600 + 50 * 60) * SEC);
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 5 * 60 * SEC);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 5 * 60);
  respite_clock_advance (fixture->clock, 15 * 60 * SEC);

  /* 00:10: today holds only the part after midnight. */
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 10 * 60);
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 10 * 60);

  g_assert_true (respite_store_sum_exposure (fixture->store, T0 - 9 * 3600, T0 + 15 * 3600,
                                             &yesterday, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yesterday, ==, 10 * 60);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_notify (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint state_changes = 0, kind_changes = 0;

  g_signal_connect (fixture->tracker, "notify::state", G_CALLBACK (count_notify), &state_changes);
  g_signal_connect (fixture->tracker, "notify::kind", G_CALLBACK (count_notify), &kind_changes);

  respite_tracker_start (fixture->tracker, &error);
  respite_tracker_start (fixture->tracker, &error);
  g_assert_cmpuint (state_changes, ==, 1);

  respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_TEXT, &error);
  respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_TEXT, &error);
  g_assert_cmpuint (kind_changes, ==, 1);
  /* A switch is one block ending and the next beginning, not a stop. */
  g_assert_cmpuint (state_changes, ==, 1);

  respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error);
  g_assert_cmpuint (state_changes, ==, 2);
  g_assert_no_error (error);
}

static void
test_pause_and_resume (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  g_assert_true (respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_TEXT, &error));
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 20 * 60 * SEC);

  /* Idle for 5 minutes when the watch fires: the block ends when the
   * absence began, not when it was noticed. */
  g_assert_true (respite_tracker_pause (fixture->tracker, RESPITE_END_IDLE, 5 * 60, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_PAUSED);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 15 * 60);

  /* Pausing again changes nothing. */
  g_assert_true (respite_tracker_pause (fixture->tracker, RESPITE_END_LOCKED, 0, &error));

  respite_clock_advance (fixture->clock, 10 * 60 * SEC);
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_EXPOSED);
  respite_clock_advance (fixture->clock, 60 * SEC);

  /* A lock right after: ends now. An absence longer than the block ends it
   * at its start, never before. */
  g_assert_true (respite_tracker_pause (fixture->tracker, RESPITE_END_LOCKED, 0, &error));
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 60 * SEC);
  g_assert_true (respite_tracker_pause (fixture->tracker, RESPITE_END_IDLE, 3600, &error));

  /* Stopping while paused forgets the pause. */
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_IDLE);
  g_assert_no_error (error);

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 15 * 60);
  g_assert_cmpint (BLOCK (blocks, 0)->end_reason, ==, RESPITE_END_IDLE);
  g_assert_cmpint (BLOCK (blocks, 1)->started_at, ==, T0 + 30 * 60);
  g_assert_cmpint (BLOCK (blocks, 1)->ended_at, ==, T0 + 31 * 60);
  g_assert_cmpint (BLOCK (blocks, 1)->end_reason, ==, RESPITE_END_LOCKED);
  g_assert_cmpint (BLOCK (blocks, 1)->kind, ==, RESPITE_KIND_TEXT);
  g_assert_cmpint (BLOCK (blocks, 2)->ended_at, ==, BLOCK (blocks, 2)->started_at);
  g_assert_cmpint (BLOCK (blocks, 2)->end_reason, ==, RESPITE_END_IDLE);
}

static void
test_hold (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  respite_tracker_set_hold (fixture->tracker, "On a break until 10:10");
  g_assert_false (respite_tracker_start (fixture->tracker, &error));
  g_assert_error (error, RESPITE_TRACKER_ERROR, RESPITE_TRACKER_ERROR_HELD);
  g_assert_cmpstr (error->message, ==, "On a break until 10:10");
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_IDLE);
  g_clear_error (&error);

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 0);

  respite_tracker_set_hold (fixture->tracker, NULL);
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  g_assert_no_error (error);
}

static void
test_reload_after_erase (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 600 * SEC);
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 600);

  /* The reviewer erases everything: the total remembered is stale … */
  g_assert_true (respite_store_erase_all (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 600);

  /* … until the tracker is told to read the store again. */
  respite_tracker_reload (fixture->tracker);
  g_assert_cmpint (respite_tracker_get_today_seconds (fixture->tracker), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/tracker/start-stop", test_start_stop);
  ADD ("/tracker/heartbeat", test_heartbeat);
  ADD ("/tracker/recover/after-crash", test_recover_after_crash);
  ADD ("/tracker/recover/before-first-heartbeat", test_recover_before_first_heartbeat);
  ADD ("/tracker/switch/kind-and-intensity", test_switch_kind_and_intensity);
  ADD ("/tracker/time/wall-clock-jumps", test_wall_clock_jumps);
  ADD ("/tracker/time/today-across-midnight", test_today_across_midnight);
  ADD ("/tracker/notify", test_notify);
  ADD ("/tracker/pause-and-resume", test_pause_and_resume);
  ADD ("/tracker/hold", test_hold);
  ADD ("/tracker/reload-after-erase", test_reload_after_erase);
#undef ADD

  return g_test_run ();
}
