/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteSession's rules, headless, on a fake clock: a damaged store moved
 * aside and the reviewer told, a store that cannot be opened, absence
 * pausing the block and the return resuming it or offering to, the kind
 * and intensity remembered, retention, what queues a day for publishing,
 * a reloaded policy, and the status line for scripts.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "respite-session.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define DAY (24 * 60 * 60)
/* Sat 5 Dec 2026, 09:00 UTC. */
#define START ((gint64) 1796461200)

typedef struct
{
  char         *dir;          /* (owned) */
  char         *policy_path;  /* (owned) */
  char         *store_path;   /* (owned) */
  char         *team_path;    /* (owned) */
  RespiteClock *clock;        /* (owned) */
  GSettings    *preferences;  /* (owned) */
  GPtrArray    *problems;     /* (owned) (element-type utf8): ::problem */
  guint         resume_offers;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *policy = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-session-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->policy_path = g_build_filename (fixture->dir, "organisation.conf", NULL);
  fixture->store_path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->team_path = g_build_filename (fixture->dir, "team.db", NULL);
  fixture->clock = respite_clock_new_fake (START * SEC);
  /* The memory backend (tests/meson.build): nothing outlives the test. */
  fixture->preferences = g_settings_new (APP_ID);
  fixture->problems = g_ptr_array_new_with_free_func (g_free);

  policy = g_strdup_printf ("[TeamStore]\ntype=sqlite\npath=%s\nteam=North\n"
                            "[Data]\nretention-days=30\n", fixture->team_path);
  g_assert_true (g_file_set_contents (fixture->policy_path, policy, -1, NULL));
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);

  g_settings_reset (fixture->preferences, "kind");
  g_settings_reset (fixture->preferences, "intensity");
  g_settings_reset (fixture->preferences, "auto-resume");
  g_settings_reset (fixture->preferences, "daily-cap-minutes");
  g_clear_object (&fixture->preferences);
  g_clear_object (&fixture->clock);
  g_clear_pointer (&fixture->problems, g_ptr_array_unref);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->policy_path, g_free);
  g_clear_pointer (&fixture->store_path, g_free);
  g_clear_pointer (&fixture->team_path, g_free);
}

static void
problem_cb (RespiteSession *session,
            const char     *message,
            Fixture        *fixture)
{
  g_ptr_array_add (fixture->problems, g_strdup (message));
}

static void
resume_offered_cb (RespiteSession *session,
                   Fixture        *fixture)
{
  fixture->resume_offers++;
}

static RespiteSession *
open_session (Fixture *fixture)
{
  RespiteSession *session = respite_session_new (fixture->clock, fixture->preferences,
                                                 fixture->policy_path, fixture->store_path);

  g_signal_connect (session, "problem", G_CALLBACK (problem_cb), fixture);
  g_signal_connect (session, "resume-offered", G_CALLBACK (resume_offered_cb), fixture);

  return session;
}

/* Lets the publisher's worker finish what it was given. */
static void
wait_for_publisher (RespiteSession *session)
{
  RespitePublisher *publisher = respite_session_get_publisher (session);

  while (respite_publisher_get_busy (publisher))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_fresh (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RespiteSession) session = open_session (fixture);
  g_autofree char *status = respite_session_describe_status (session);

  g_assert_nonnull (respite_session_get_store (session));
  g_assert_nonnull (respite_session_get_tracker (session));
  g_assert_nonnull (respite_session_get_shift (session));
  g_assert_nonnull (respite_session_get_check_ins (session));
  g_assert_nonnull (respite_session_get_publisher (session));
  g_assert_null (respite_session_get_problem (session));
  g_assert_cmpstr (respite_policy_get_team (respite_session_get_policy (session)), ==, "North");
  g_assert_cmpstr (status, ==, "state=idle today_seconds=0");
  g_assert_true (g_file_test (fixture->store_path, G_FILE_TEST_IS_REGULAR));
  wait_for_publisher (session);
}

/* A store that is not SQLite is moved aside, whole, and a fresh log
 * started; the reviewer is told where the old file went. */
static void
test_damaged_store (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RespiteSession) session = NULL;
  /* Named after the moment, on the session's clock. */
  g_autofree char *moved = g_strconcat (fixture->store_path, ".corrupt-20261205-090000", NULL);
  g_autofree char *contents = NULL;
  const char *problem;

  g_assert_true (g_file_set_contents (fixture->store_path, "not a database, but a reviewer's "
                                      "days all the same", -1, NULL));
  session = open_session (fixture);

  g_assert_nonnull (respite_session_get_tracker (session));
  problem = respite_session_get_problem (session);
  g_assert_nonnull (problem);
  g_assert_true (g_str_has_prefix (problem, "Your Respite data could not be read"));
  g_assert_nonnull (strstr (problem, moved));

  g_assert_true (g_file_get_contents (moved, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not a database, but a reviewer's days all the same");
  wait_for_publisher (session);
}

/* No store at all: no tracker, and every caller is told why. */
static void
test_no_store (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (fixture->dir, "file", NULL);
  g_autoptr(RespiteSession) session = NULL;
  g_autofree char *status = NULL;

  /* Its folder is a file, for root too. */
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  g_free (fixture->store_path);
  fixture->store_path = g_build_filename (blocker, "respite.db", NULL);

  session = open_session (fixture);

  g_assert_null (respite_session_get_tracker (session));
  g_assert_null (respite_session_get_shift (session));
  g_assert_null (respite_session_get_publisher (session));
  g_assert_true (g_str_has_prefix (respite_session_get_problem (session),
                                   "Exposure cannot be recorded: "));
  status = respite_session_describe_status (session);
  g_assert_cmpstr (status, ==, "state=unavailable");
  /* Nothing to prune or queue, and no crash trying. */
  g_assert_true (respite_session_prune (session, NULL));
  respite_session_queue_recent (session);
}

/* Idle pauses the running block from when the input stopped; the return
 * offers to resume, or resumes when the reviewer asked for that. */
static void
test_absence (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RespiteSession) session = open_session (fixture);
  g_autoptr(RespitePresence) presence = respite_presence_new (NULL, NULL);
  RespiteTracker *tracker = respite_session_get_tracker (session);
  g_autoptr(GError) error = NULL;

  respite_presence_set_idle_fallback (presence, TRUE);
  respite_session_set_presence (session, presence);
  g_assert_cmpuint (respite_presence_get_idle_threshold (presence), ==, 0);

  g_assert_true (respite_tracker_start (tracker, &error));
  g_assert_no_error (error);
  /* Watched while exposed, with the threshold for images. */
  g_assert_cmpuint (respite_presence_get_idle_threshold (presence), ==,
                    respite_policy_get_idle_threshold (respite_session_get_policy (session),
                                                       RESPITE_KIND_IMAGE));

  respite_clock_advance (fixture->clock, 20 * 60 * SEC);
  respite_presence_report_idle (presence, TRUE, 5 * 60);
  g_assert_cmpint (respite_tracker_get_state (tracker), ==, RESPITE_TRACKER_PAUSED);
  /* The idle minutes are not exposure. */
  g_assert_cmpint (respite_tracker_get_today_seconds (tracker), ==, 15 * 60);

  respite_presence_report_idle (presence, FALSE, 0);
  g_assert_cmpuint (fixture->resume_offers, ==, 1);
  g_assert_cmpint (respite_tracker_get_state (tracker), ==, RESPITE_TRACKER_PAUSED);

  g_settings_set_boolean (fixture->preferences, "auto-resume", TRUE);
  respite_presence_report_idle (presence, TRUE, 0);
  respite_presence_report_idle (presence, FALSE, 0);
  g_assert_cmpuint (fixture->resume_offers, ==, 1);
  g_assert_cmpint (respite_tracker_get_state (tracker), ==, RESPITE_TRACKER_EXPOSED);

  g_assert_true (respite_tracker_stop (tracker, RESPITE_END_STOPPED, &error));
  g_assert_cmpuint (respite_presence_get_idle_threshold (presence), ==, 0);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
  wait_for_publisher (session);
}

/* The kind and intensity last chosen are the next start's. */
static void
test_choice_remembered (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RespiteSession) session = open_session (fixture);
    RespiteTracker *tracker = respite_session_get_tracker (session);

    g_assert_true (respite_tracker_set_kind (tracker, RESPITE_KIND_VIDEO, &error));
    g_assert_true (respite_tracker_set_intensity (tracker, 3, &error));
    g_assert_no_error (error);
    wait_for_publisher (session);
  }

  {
    g_autofree char *kind = g_settings_get_string (fixture->preferences, "kind");

    g_assert_cmpstr (kind, ==, "video");
  }

  {
    g_autoptr(RespiteSession) session = open_session (fixture);
    RespiteTracker *tracker = respite_session_get_tracker (session);
    g_autofree char *status = NULL;

    g_assert_cmpint (respite_tracker_get_kind (tracker), ==, RESPITE_KIND_VIDEO);
    g_assert_cmpint (respite_tracker_get_intensity (tracker), ==, 3);
    g_assert_true (respite_tracker_start (tracker, &error));
    respite_clock_advance (fixture->clock, 90 * SEC);
    status = respite_session_describe_status (session);
    g_assert_cmpstr (status, ==, "state=exposed kind=video intensity=3 block_seconds=90 "
                                 "today_seconds=90");
    g_assert_true (respite_tracker_stop (tracker, RESPITE_END_STOPPED, &error));
    wait_for_publisher (session);
  }
}

/* A block queues its day; once the day is over, the publisher sends it. */
static void
test_queue (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RespiteSession) session = open_session (fixture);
  RespiteTracker *tracker = respite_session_get_tracker (session);
  RespiteStore *store = respite_session_get_store (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) queued = NULL;

  g_assert_true (respite_tracker_start (tracker, &error));
  respite_clock_advance (fixture->clock, 30 * 60 * SEC);
  g_assert_true (respite_tracker_stop (tracker, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);
  wait_for_publisher (session);

  /* Queued, and kept while the day runs. */
  queued = respite_store_list_queued_days (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 1);
  g_assert_cmpstr (g_array_index (queued, RespiteQueuedDay, 0).day, ==, "2026-12-05");
  g_clear_pointer (&queued, g_array_unref);

  respite_clock_advance (fixture->clock, DAY * SEC);
  respite_session_queue_recent (session);
  respite_publisher_publish_now (respite_session_get_publisher (session));
  wait_for_publisher (session);

  /* Yesterday sent; today waits for its end. */
  queued = respite_store_list_queued_days (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 1);
  g_assert_cmpstr (g_array_index (queued, RespiteQueuedDay, 0).day, ==, "2026-12-06");
  g_assert_true (g_file_test (fixture->team_path, G_FILE_TEST_IS_REGULAR));
}

/* Detail older than the policy's retention (30 days here) goes. */
static void
test_prune (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;

  {
    g_autoptr(RespiteSession) session = open_session (fixture);
    RespiteTracker *tracker = respite_session_get_tracker (session);

    g_assert_true (respite_tracker_start (tracker, &error));
    respite_clock_advance (fixture->clock, 10 * 60 * SEC);
    g_assert_true (respite_tracker_stop (tracker, RESPITE_END_STOPPED, &error));
    wait_for_publisher (session);
  }

  respite_clock_jump_real_time (fixture->clock, 29 * DAY * SEC);
  {
    g_autoptr(RespiteSession) session = open_session (fixture);

    g_assert_true (respite_session_prune (session, &error));
    blocks = respite_store_list_blocks (respite_session_get_store (session), 0, G_MAXINT64,
                                        &error);
    g_assert_cmpuint (blocks->len, ==, 1);
    g_clear_pointer (&blocks, g_array_unref);
    wait_for_publisher (session);
  }

  respite_clock_jump_real_time (fixture->clock, 2 * DAY * SEC);
  {
    g_autoptr(RespiteSession) session = open_session (fixture);

    /* As the app does: once, after start-up, at low priority. */
    while (g_main_context_iteration (NULL, FALSE))
      ;
    blocks = respite_store_list_blocks (respite_session_get_store (session), 0, G_MAXINT64,
                                        &error);
    g_assert_no_error (error);
    g_assert_cmpuint (blocks->len, ==, 0);
    wait_for_publisher (session);
  }
}

static void
policy_notified_cb (RespiteSession *session,
                    GParamSpec     *pspec,
                    guint          *count)
{
  (*count)++;
}

/* The reviewer's own, stricter cap is part of the policy the shift reads. */
static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RespiteSession) session = open_session (fixture);
  guint notified = 0;

  g_signal_connect (session, "notify::policy", G_CALLBACK (policy_notified_cb), &notified);
  g_settings_set_int (fixture->preferences, "daily-cap-minutes", 120);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (respite_policy_get_daily_cap (respite_session_get_policy (session)), ==,
                   120 * 60);
  g_assert_cmpstr (respite_policy_get_team (respite_session_get_policy (session)), ==, "North");

  /* Not every preference is a limit. */
  g_settings_set_boolean (fixture->preferences, "auto-resume", TRUE);
  g_assert_cmpuint (notified, ==, 1);
  wait_for_publisher (session);
}

/* A policy that could not all be read says so, and the rest applies. */
static void
test_policy_problems (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RespiteSession) session = NULL;

  g_assert_true (g_file_set_contents (fixture->policy_path,
                                      "[Breaks]\ninterval-minutes=often\n", -1, NULL));
  session = open_session (fixture);

  g_assert_cmpuint (respite_session_get_policy_problems (session)->len, ==, 1);
  g_assert_true (g_str_has_prefix (respite_session_get_problem (session),
                                   "A setting in your organisation’s policy could not be read"));
  g_assert_nonnull (respite_session_get_tracker (session));
}

static void
counselling_notified_cb (RespiteSession *session,
                         GParamSpec     *pspec,
                         guint          *count)
{
  (*count)++;
}

static void
test_counselling (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RespiteSession) session = open_session (fixture);
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (session, "notify::last-counselling", G_CALLBACK (counselling_notified_cb),
                    &notified);
  g_assert_cmpint (respite_session_get_last_counselling (session), ==, 0);
  g_assert_true (respite_session_note_counselling (session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (respite_session_get_last_counselling (session), ==, START);
  wait_for_publisher (session);
}

/* Problems kept for the next window come after those already waiting. */
static void
test_problems_kept (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RespiteSession) session = open_session (fixture);

  respite_session_add_problem (session, "first");
  respite_session_add_problem (session, "second");
  g_assert_cmpstr (respite_session_get_problem (session), ==, "first\nsecond");
  wait_for_publisher (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/session/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("fresh", test_fresh);
  ADD ("damaged-store", test_damaged_store);
  ADD ("no-store", test_no_store);
  ADD ("absence", test_absence);
  ADD ("choice-remembered", test_choice_remembered);
  ADD ("queue", test_queue);
  ADD ("prune", test_prune);
  ADD ("preferences", test_preferences);
  ADD ("policy-problems", test_policy_problems);
  ADD ("counselling", test_counselling);
  ADD ("problems-kept", test_problems_kept);
#undef ADD

  return g_test_run ();
}
