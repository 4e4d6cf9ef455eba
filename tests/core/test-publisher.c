/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePublisher against the SQLite team store, with the fake clock: the
 * team store is made unreachable by pointing it at a folder that does not
 * exist, then at a real file, or damaged between two publications.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "respite-publisher.h"
#include "respite-team-store-sqlite.h"

/* Wednesday 6 March 2024, 12:00 UTC. */
#define NOON 1709726400

typedef struct
{
  char             *dir;        /* (owned) */
  char             *team_path;  /* (owned) where the opener looks; changed only while idle */
  GMutex            lock;       /* for team_path, read in the worker thread */
  RespiteStore     *store;      /* (owned) */
  RespiteClock     *clock;      /* (owned) */
  RespiteClock     *team_clock; /* (owned) the team store's, never moved: read in threads */
  GTimeZone        *tz;         /* (owned) UTC */
  RespitePublisher *publisher;  /* (owned) */
  guint             changed;    /* emissions of ::changed */
  GPtrArray        *replaced;   /* (owned) (element-type utf8) ::team-store-replaced's messages */
} Fixture;

static RespiteTeamStore *
open_team_store (gpointer   user_data,
                 GError   **error)
{
  Fixture *fixture = user_data;
  g_autofree char *path = NULL;
  RespiteTeamStoreSqlite *store;

  g_mutex_lock (&fixture->lock);
  path = g_strdup (fixture->team_path);
  g_mutex_unlock (&fixture->lock);

  store = respite_team_store_sqlite_open (path, error);
  if (store != NULL)
    respite_team_store_sqlite_set_clock (store, fixture->team_clock);
  return (RespiteTeamStore *) store;
}

/* As the app's publisher opens it: a damaged file is moved aside. */
static RespiteTeamStore *
open_or_replace_team_store (gpointer    user_data,
                            GDateTime  *now,
                            char      **replaced,
                            GError    **error)
{
  Fixture *fixture = user_data;
  g_autofree char *path = NULL;
  g_autofree char *moved_to = NULL;
  RespiteTeamStoreSqlite *store;

  g_mutex_lock (&fixture->lock);
  path = g_strdup (fixture->team_path);
  g_mutex_unlock (&fixture->lock);

  store = respite_team_store_sqlite_open_or_replace (path, now, &moved_to, error);
  if (store != NULL)
    respite_team_store_sqlite_set_clock (store, fixture->team_clock);
  if (moved_to != NULL)
    *replaced = respite_team_store_sqlite_describe_replacement (path, moved_to);

  return (RespiteTeamStore *) store;
}

static void
set_team_path (Fixture    *fixture,
               const char *name)
{
  g_mutex_lock (&fixture->lock);
  g_free (fixture->team_path);
  fixture->team_path = g_build_filename (fixture->dir, name, NULL);
  g_mutex_unlock (&fixture->lock);
}

static void
on_changed (RespitePublisher *publisher,
            Fixture          *fixture)
{
  fixture->changed++;
}

/* A new publisher on the same stores, as after the app restarts. */
static void
restart_publisher (Fixture *fixture)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();

  g_clear_object (&fixture->publisher);
  fixture->publisher = respite_publisher_new (fixture->store, policy, fixture->clock,
                                              fixture->tz, open_team_store, fixture, NULL);
  g_signal_connect (fixture->publisher, "changed", G_CALLBACK (on_changed), fixture);
}

static void
on_replaced (RespitePublisher *publisher,
             const char       *message,
             Fixture          *fixture)
{
  g_ptr_array_add (fixture->replaced, g_strdup (message));
}

/* The same, with the app's replacing opener. */
static void
restart_replacing_publisher (Fixture *fixture)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();

  g_clear_object (&fixture->publisher);
  fixture->publisher = respite_publisher_new_replacing (fixture->store, policy, fixture->clock,
                                                        fixture->tz, open_or_replace_team_store,
                                                        fixture, NULL);
  g_signal_connect (fixture->publisher, "changed", G_CALLBACK (on_changed), fixture);
  g_signal_connect (fixture->publisher, "team-store-replaced", G_CALLBACK (on_replaced), fixture);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-publisher-XXXXXX", &error);
  g_assert_no_error (error);
  g_mutex_init (&fixture->lock);
  fixture->replaced = g_ptr_array_new_with_free_func (g_free);
  set_team_path (fixture, "team.db");

  path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->store = respite_store_open (path, &error);
  g_assert_no_error (error);
  fixture->clock = respite_clock_new_fake ((gint64) NOON * G_USEC_PER_SEC);
  fixture->team_clock = respite_clock_new_fake ((gint64) NOON * G_USEC_PER_SEC);
  fixture->tz = g_time_zone_new_utc ();
  restart_publisher (fixture);

  g_assert_true (respite_publisher_set_team (fixture->publisher, "Hotline", &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }

  g_remove (path);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->publisher);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->clock);
  g_clear_object (&fixture->team_clock);
  g_clear_pointer (&fixture->tz, g_time_zone_unref);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->team_path);
  g_mutex_clear (&fixture->lock);
  g_ptr_array_unref (fixture->replaced);
}

static void
wait_idle (Fixture *fixture)
{
  while (respite_publisher_get_busy (fixture->publisher))
    g_main_context_iteration (NULL, TRUE);
}

/* An image block from @start for @seconds, queued as the app does. */
static void
add_block (Fixture *fixture,
           gint64   start,
           gint64   seconds,
           int      intensity)
{
  g_autoptr(GError) error = NULL;
  gint64 id = respite_store_begin_block (fixture->store, start, RESPITE_KIND_IMAGE, intensity,
                                         &error);

  g_assert_no_error (error);
  g_assert_true (respite_store_end_block (fixture->store, id, start + seconds,
                                          RESPITE_END_STOPPED, &error));
  g_assert_true (respite_publisher_queue_period (fixture->publisher, start, start + seconds,
                                                 &error));
  g_assert_no_error (error);
}

/* "rows exposure": the team store's rows, read straight from the file. */
static char *
team_rows (Fixture *fixture)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (!g_file_test (fixture->team_path, G_FILE_TEST_EXISTS))
    return g_strdup ("");

  g_assert_cmpint (sqlite3_open (fixture->team_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT team, day, exposure_1_seconds,"
                                       " exposure_2_seconds, longest_block_seconds"
                                       " FROM day_rows ORDER BY day",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s %s %lld %lld %lld;", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_int64 (stmt, 2),
                            sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static guint
queue_length (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) queue = respite_store_list_queued_days (fixture->store, &error);

  g_assert_no_error (error);

  return queue->len;
}

static void
assert_sharing (Fixture    *fixture,
                gint64      last_published_at,
                const char *error_part)
{
  g_autoptr(GError) error = NULL;
  g_auto(RespiteSharing) sharing = { 0 };

  g_assert_true (respite_publisher_get_sharing (fixture->publisher, &sharing, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sharing.last_published_at, ==, last_published_at);
  if (error_part == NULL)
    g_assert_null (sharing.last_error);
  else
    g_assert_nonnull (strstr (sharing.last_error, error_part));
}

static gint64
now (Fixture *fixture)
{
  return respite_clock_get_real_time (fixture->clock) / G_USEC_PER_SEC;
}

static void
test_publish_idempotent (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;

  /* Yesterday is over: it goes at once. */
  add_block (fixture, NOON - 86400, 1800, 2);
  g_assert_true (respite_publisher_get_busy (fixture->publisher));
  wait_idle (fixture);

  first = team_rows (fixture);
  g_assert_cmpstr (first, ==, "Hotline 2024-03-05 0 1800 1800;");
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  assert_sharing (fixture, NOON, NULL);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);

  /* Sending the same day again replaces its row. */
  g_assert_true (respite_publisher_queue_period (fixture->publisher, NOON - 86400, NOON - 86000,
                                                 &error));
  g_assert_true (respite_publisher_get_busy (fixture->publisher));
  wait_idle (fixture);
  second = team_rows (fixture);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  g_assert_cmpuint (fixture->changed, >, 0);
}

/* A day whose week the team store sealed while it waited here (offline,
 * say) is refused for good: noted as not shared, never sent again, and
 * the other days still go. */
static void
test_closed_week (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RespiteTeamStoreSqlite) team = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  g_auto(GStrv) unshared = NULL;
  sqlite3 *db = NULL;

  /* Every week to Sunday 3 March is sealed. */
  team = respite_team_store_sqlite_open (fixture->team_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (fixture->team_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE settings SET sealed_through = '2024-03-03'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  add_block (fixture, NOON - 9 * 86400, 1800, 2);  /* Monday 26 February */
  wait_idle (fixture);
  add_block (fixture, NOON - 86400, 600, 1);       /* yesterday */
  wait_idle (fixture);

  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "Hotline 2024-03-05 600 0 600;");
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  assert_sharing (fixture, NOON, NULL);
  unshared = respite_store_list_unshared_days (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (unshared, ((const char * const[]) { "2024-02-26", NULL }));
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
}

static void
test_today_waits_for_midnight (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autofree char *rows = NULL;

  add_block (fixture, NOON - 3600, 600, 1);
  g_assert_false (respite_publisher_get_busy (fixture->publisher));
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 1);
  g_assert_cmpuint (queue_length (fixture), ==, 1);

  /* "What my team sees" shows today's row as it stands. */
  pending = respite_publisher_list_pending_rows (fixture->publisher, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (g_array_index (pending, RespiteDayRow, 0).day, ==, "2024-03-06");
  g_assert_cmpint (g_array_index (pending, RespiteDayRow, 0).exposure_seconds[0], ==, 600);

  /* Nothing before the day is over. */
  respite_clock_advance (fixture->clock, (gint64) (12 * 3600 - 1) * G_USEC_PER_SEC);
  g_assert_false (respite_publisher_get_busy (fixture->publisher));
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "");

  /* A little after midnight, it goes. */
  respite_clock_advance (fixture->clock, (gint64) 61 * G_USEC_PER_SEC);
  g_assert_true (respite_publisher_get_busy (fixture->publisher));
  wait_idle (fixture);
  g_clear_pointer (&rows, g_free);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "Hotline 2024-03-06 600 0 600;");
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
}

static void
test_unreachable_backs_off (Fixture       *fixture,
                            gconstpointer  data)
{
  static const guint delays[] = { 60, 120, 240, 480, 960, 1920, 3600, 3600 };
  g_autofree char *rows = NULL;
  gint64 published_at;

  set_team_path (fixture, "missing-folder/team.db");
  add_block (fixture, NOON - 86400, 900, 3);
  wait_idle (fixture);

  /* Kept, with the error, and one timer for the next try. */
  g_assert_cmpuint (queue_length (fixture), ==, 1);
  assert_sharing (fixture, 0, "missing-folder");
  g_assert_cmpuint (respite_publisher_get_retry_delay (fixture->publisher), ==, 60);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 1);

  /* New changes wait for the back-off too. */
  add_block (fixture, NOON - 2 * 86400, 300, 1);
  g_assert_false (respite_publisher_get_busy (fixture->publisher));

  for (guint i = 0; i + 1 < G_N_ELEMENTS (delays); i++)
    {
      respite_clock_advance (fixture->clock, (gint64) (delays[i] - 1) * G_USEC_PER_SEC);
      g_assert_false (respite_publisher_get_busy (fixture->publisher));
      respite_clock_advance (fixture->clock, G_USEC_PER_SEC);
      g_assert_true (respite_publisher_get_busy (fixture->publisher));
      wait_idle (fixture);
      g_assert_cmpuint (respite_publisher_get_retry_delay (fixture->publisher), ==, delays[i + 1]);
      g_assert_cmpuint (queue_length (fixture), ==, 2);
    }

  /* The store comes back: everything goes at the next try. */
  set_team_path (fixture, "team.db");
  respite_clock_advance (fixture->clock, (gint64) 3600 * G_USEC_PER_SEC);
  wait_idle (fixture);
  published_at = now (fixture);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "Hotline 2024-03-04 300 0 300;Hotline 2024-03-05 0 0 900;");
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  assert_sharing (fixture, published_at, NULL);
  g_assert_cmpuint (respite_publisher_get_retry_delay (fixture->publisher), ==, 0);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
}

static void
test_publish_now_skips_back_off (Fixture       *fixture,
                                 gconstpointer  data)
{
  set_team_path (fixture, "missing-folder/team.db");
  add_block (fixture, NOON - 86400, 900, 3);
  wait_idle (fixture);
  g_assert_cmpuint (queue_length (fixture), ==, 1);

  set_team_path (fixture, "team.db");
  respite_publisher_publish_now (fixture->publisher);
  g_assert_true (respite_publisher_get_busy (fixture->publisher));
  wait_idle (fixture);
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
}

static void
test_change_while_publishing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  gint64 id;

  add_block (fixture, NOON - 86400, 600, 1);
  g_assert_true (respite_publisher_get_busy (fixture->publisher));

  /* Yesterday changes while its first version is on the way. */
  id = respite_store_begin_block (fixture->store, NOON - 80000, RESPITE_KIND_TEXT, 1, &error);
  g_assert_true (respite_store_end_block (fixture->store, id, NOON - 79000, RESPITE_END_STOPPED,
                                          &error));
  g_assert_true (respite_publisher_queue_period (fixture->publisher, NOON - 80000, NOON - 79000,
                                                 &error));
  g_assert_no_error (error);

  /* It stays queued, and goes again. */
  wait_idle (fixture);
  wait_idle (fixture);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "Hotline 2024-03-05 1600 0 1000;");
  g_assert_cmpuint (queue_length (fixture), ==, 0);
}

static void
test_days_off_and_no_team (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;

  /* An empty day is unqueued without a word to the team store. */
  g_assert_true (respite_publisher_queue_period (fixture->publisher, NOON - 86400, NOON - 86400,
                                                 &error));
  g_assert_false (respite_publisher_get_busy (fixture->publisher));
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  g_assert_false (g_file_test (fixture->team_path, G_FILE_TEST_EXISTS));

  /* No team: queued, kept, not sent, no timer. */
  g_assert_true (respite_publisher_set_team (fixture->publisher, NULL, &error));
  add_block (fixture, NOON - 86400, 600, 1);
  g_assert_false (respite_publisher_get_busy (fixture->publisher));
  g_assert_cmpuint (queue_length (fixture), ==, 1);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);

  g_assert_true (respite_publisher_set_team (fixture->publisher, "Hotline", &error));
  wait_idle (fixture);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "Hotline 2024-03-05 600 0 600;");
}

static void
test_opt_out (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pending = NULL;

  add_block (fixture, NOON - 3600, 600, 1);
  g_assert_cmpuint (queue_length (fixture), ==, 1);

  g_assert_true (respite_publisher_set_opted_out (fixture->publisher, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);

  add_block (fixture, NOON - 86400, 600, 1);
  g_assert_false (respite_publisher_get_busy (fixture->publisher));
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  pending = respite_publisher_list_pending_rows (fixture->publisher, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
  g_assert_false (g_file_test (fixture->team_path, G_FILE_TEST_EXISTS));
}

static void
on_reset (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  respite_publisher_reset_identity_finish (RESPITE_PUBLISHER (source), result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "done");
}

/* Returns the error of the reset, or NULL if it succeeded. */
static GError *
reset_identity (Fixture *fixture)
{
  GError *error = NULL;

  respite_publisher_reset_identity_async (fixture->publisher, NULL, on_reset, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NONE))
    g_clear_error (&error);

  return error;
}

static void
test_reset_identity (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(RespiteSharing) before = { 0 };
  g_auto(RespiteSharing) after = { 0 };
  g_autofree char *rows = NULL;

  add_block (fixture, NOON - 86400, 600, 1);
  wait_idle (fixture);
  g_assert_true (respite_publisher_get_sharing (fixture->publisher, &before, &error));

  /* Unreachable: nothing erased, nothing changed. */
  set_team_path (fixture, "missing-folder/team.db");
  restart_publisher (fixture);
  error = reset_identity (fixture);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_true (respite_publisher_get_sharing (fixture->publisher, &after, &error));
  g_assert_cmpstr (after.member, ==, before.member);
  respite_sharing_clear (&after);

  /* Reachable: the rows go, then the identity changes. */
  set_team_path (fixture, "team.db");
  error = reset_identity (fixture);
  g_assert_no_error (error);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "");
  g_assert_true (respite_publisher_get_sharing (fixture->publisher, &after, &error));
  g_assert_cmpstr (after.member, !=, before.member);
  g_assert_cmpstr (after.secret, !=, before.secret);
  g_assert_cmpstr (after.team, ==, "Hotline");

  /* The new member publishes under its own secret. */
  add_block (fixture, NOON - 86400 + 1000, 60, 2);
  wait_idle (fixture);
  g_clear_pointer (&rows, g_free);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "Hotline 2024-03-05 600 60 600;");
  assert_sharing (fixture, NOON, NULL);
}

/* The names in the test folder that start with @prefix. */
static guint
count_files (Fixture    *fixture,
             const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;

  return n;
}

/* The team store is damaged between two publications: the next open moves
 * it aside and starts afresh, and the publisher queues every day the
 * personal store keeps (365 by default) again, once, so that the fresh
 * store holds them all. */
static void
test_damaged_team_store_refilled (Fixture       *fixture,
                                  gconstpointer  data)
{
  const char garbage[] = "Not a database: a disk failed, or someone copied over it.\n";
  g_autofree char *moved_to = g_strconcat (fixture->team_path, ".corrupt-20240306-120000", NULL);
  g_autofree char *kept = NULL;
  g_autofree char *rows = NULL;
  gsize kept_length;

  restart_replacing_publisher (fixture);
  add_block (fixture, NOON - 366 * 86400, 600, 2);  /* beyond the retention */
  add_block (fixture, NOON - 364 * 86400, 600, 2);
  add_block (fixture, NOON - 10 * 86400, 600, 2);
  add_block (fixture, NOON - 86400, 900, 1);
  wait_idle (fixture);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==,
                   "Hotline 2023-03-06 0 600 600;Hotline 2023-03-08 0 600 600;"
                   "Hotline 2024-02-25 0 600 600;Hotline 2024-03-05 900 0 900;");
  g_assert_cmpuint (fixture->replaced->len, ==, 0);

  /* The app quits; the file is damaged; the app starts again. */
  g_clear_object (&fixture->publisher);
  g_assert_true (g_file_set_contents (fixture->team_path, garbage, sizeof garbage - 1, NULL));
  restart_replacing_publisher (fixture);

  /* Nothing is due: nothing opens the store, nothing is moved yet. */
  respite_publisher_publish_now (fixture->publisher);
  g_assert_false (respite_publisher_get_busy (fixture->publisher));
  g_assert_cmpuint (count_files (fixture, "team.db.corrupt-"), ==, 0);

  /* A new day to send opens it: the damaged file is kept whole, named by
   * the publisher's clock, and the reviewer is told, once. */
  add_block (fixture, NOON - 2 * 86400, 300, 3);
  wait_idle (fixture);
  g_assert_true (g_file_get_contents (moved_to, &kept, &kept_length, NULL));
  g_assert_cmpmem (kept, kept_length, garbage, sizeof garbage - 1);
  g_assert_cmpuint (count_files (fixture, "team.db.corrupt-"), ==, 1);
  g_assert_cmpuint (fixture->replaced->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->replaced, 0), moved_to));

  /* Every retained day is back, and the one beyond the retention is not. */
  g_clear_pointer (&rows, g_free);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==,
                   "Hotline 2023-03-08 0 600 600;Hotline 2024-02-25 0 600 600;"
                   "Hotline 2024-03-04 0 0 300;Hotline 2024-03-05 900 0 900;");
  g_assert_cmpuint (queue_length (fixture), ==, 1);  /* today, sent after midnight */
  assert_sharing (fixture, NOON, NULL);

  /* Once: the fresh store is sound, and the next start leaves it be. */
  restart_replacing_publisher (fixture);
  add_block (fixture, NOON - 3 * 86400, 60, 1);
  wait_idle (fixture);
  g_assert_cmpuint (count_files (fixture, "team.db.corrupt-"), ==, 1);
  g_assert_cmpuint (fixture->replaced->len, ==, 1);
  g_assert_cmpuint (queue_length (fixture), ==, 1);
  g_clear_pointer (&rows, g_free);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==,
                   "Hotline 2023-03-08 0 600 600;Hotline 2024-02-25 0 600 600;"
                   "Hotline 2024-03-03 60 0 60;Hotline 2024-03-04 0 0 300;"
                   "Hotline 2024-03-05 900 0 900;");
}

/* An identity reset wants the member's past rows gone: a store replaced
 * on the way is said, but not refilled. */
static void
test_damaged_team_store_reset (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;

  restart_replacing_publisher (fixture);
  add_block (fixture, NOON - 86400, 600, 1);
  wait_idle (fixture);

  g_clear_object (&fixture->publisher);
  g_assert_true (g_file_set_contents (fixture->team_path, "garbage", -1, NULL));
  restart_replacing_publisher (fixture);
  error = reset_identity (fixture);
  g_assert_no_error (error);

  g_assert_cmpuint (count_files (fixture, "team.db.corrupt-"), ==, 1);
  g_assert_cmpuint (fixture->replaced->len, ==, 1);
  g_assert_cmpuint (queue_length (fixture), ==, 0);
  rows = team_rows (fixture);
  g_assert_cmpstr (rows, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/publisher/publish-idempotent", test_publish_idempotent);
  ADD ("/publisher/today-waits-for-midnight", test_today_waits_for_midnight);
  ADD ("/publisher/closed-week", test_closed_week);
  ADD ("/publisher/unreachable-backs-off", test_unreachable_backs_off);
  ADD ("/publisher/publish-now-skips-back-off", test_publish_now_skips_back_off);
  ADD ("/publisher/change-while-publishing", test_change_while_publishing);
  ADD ("/publisher/days-off-and-no-team", test_days_off_and_no_team);
  ADD ("/publisher/opt-out", test_opt_out);
  ADD ("/publisher/reset-identity", test_reset_identity);
  ADD ("/publisher/damaged-team-store/refilled", test_damaged_team_store_refilled);
  ADD ("/publisher/damaged-team-store/reset", test_damaged_team_store_reset);
#undef ADD

  return g_test_run ();
}
