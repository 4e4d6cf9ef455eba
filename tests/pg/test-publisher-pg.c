/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePublisher against a real PostgreSQL (started by pg-env.sh): while
 * the server cannot be reached the days stay queued and the publisher backs
 * off; once it can, they are flushed, through the reviewer role.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "respite-publisher.h"
#include "respite-team-store-pg.h"

#define DATABASE "respite_publisher_test"

/* Wednesday 6 March 2024, 12:00 UTC. */
#define NOON 1709726400

static GMutex lock;
static char *conninfo;  /* (owned) what the opener connects with */

static RespiteTeamStore *
open_team_store (gpointer   user_data,
                 GError   **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  return RESPITE_TEAM_STORE (respite_team_store_pg_new (conninfo));
}

static void
set_conninfo (const char *value)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  g_free (conninfo);
  conninfo = g_strdup (value);
}

static void
admin_sql (PGconn     *admin,
           const char *sql)
{
  PGresult *result = PQexec (admin, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (admin));
  PQclear (result);
}

static PGconn *
connect_to (const char *database)
{
  g_autofree char *info = g_strdup_printf ("dbname=%s user=postgres", database);
  PGconn *conn = PQconnectdb (info);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect: %s", PQerrorMessage (conn));
  admin_sql (conn, "SET client_min_messages = warning");

  return conn;
}

static void
apply_file (PGconn     *admin,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sql", name, NULL);
  g_autofree char *sql = NULL;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);
  admin_sql (admin, sql);
}

/* "day exposure;" for every row, read as the administrator. */
static char *
team_rows (PGconn *admin)
{
  g_autoptr(GString) text = g_string_new (NULL);
  PGresult *result = PQexec (admin,
                             "SELECT day, exposure_2_seconds FROM respite.day_rows ORDER BY day");

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (result); i++)
    g_string_append_printf (text, "%s %s;", PQgetvalue (result, i, 0), PQgetvalue (result, i, 1));
  PQclear (result);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
wait_idle (RespitePublisher *publisher)
{
  while (respite_publisher_get_busy (publisher))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_unreachable_then_flushed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-publisher-pg-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "respite.db", NULL);
  g_autoptr(RespiteStore) store = respite_store_open (path, &error);
  g_autoptr(RespiteClock) clock = respite_clock_new_fake ((gint64) NOON * G_USEC_PER_SEC);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  g_autoptr(RespitePublisher) publisher = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *real = g_strdup_printf ("dbname=%s user=test_reviewer", DATABASE);
  g_auto(RespiteSharing) sharing = { 0 };
  PGconn *admin = connect_to (DATABASE);
  gint64 id;

  g_assert_no_error (error);

  /* A socket folder that does not exist: the server is unreachable. */
  set_conninfo ("host=/nonexistent/respite dbname=" DATABASE " user=test_reviewer");
  publisher = respite_publisher_new (store, policy, clock, utc, open_team_store, NULL, NULL);
  g_assert_true (respite_publisher_set_team (publisher, "Hotline", &error));

  id = respite_store_begin_block (store, NOON - 86400, RESPITE_KIND_VIDEO, 2, &error);
  g_assert_true (respite_store_end_block (store, id, NOON - 86400 + 1200, RESPITE_END_STOPPED,
                                          &error));
  g_assert_true (respite_publisher_queue_period (publisher, NOON - 86400, NOON - 86400 + 1200,
                                                 &error));
  g_assert_no_error (error);
  wait_idle (publisher);

  g_assert_true (respite_publisher_get_sharing (publisher, &sharing, &error));
  g_assert_nonnull (sharing.last_error);
  g_test_message ("While unreachable: %s", sharing.last_error);
  g_assert_cmpint (sharing.last_published_at, ==, 0);
  respite_sharing_clear (&sharing);
  g_assert_cmpuint (respite_publisher_get_retry_delay (publisher), ==, 60);
  rows = team_rows (admin);
  g_assert_cmpstr (rows, ==, "");

  /* A second failure doubles the wait. */
  respite_clock_advance (clock, 60 * G_USEC_PER_SEC);
  wait_idle (publisher);
  g_assert_cmpuint (respite_publisher_get_retry_delay (publisher), ==, 120);

  /* The server is back: the queue is flushed at the next try. */
  set_conninfo (real);
  respite_clock_advance (clock, 120 * G_USEC_PER_SEC);
  wait_idle (publisher);
  g_clear_pointer (&rows, g_free);
  rows = team_rows (admin);
  g_assert_cmpstr (rows, ==, "2024-03-05 1200;");
  g_assert_true (respite_publisher_get_sharing (publisher, &sharing, &error));
  g_assert_null (sharing.last_error);
  g_assert_cmpint (sharing.last_published_at, ==, NOON + 180);
  g_assert_cmpuint (respite_clock_count_timeouts (clock), ==, 0);

  /* Publishing the same day again changes nothing. */
  g_assert_true (respite_publisher_queue_period (publisher, NOON - 86400, NOON - 86400,
                                                 &error));
  wait_idle (publisher);
  g_clear_pointer (&rows, g_free);
  rows = team_rows (admin);
  g_assert_cmpstr (rows, ==, "2024-03-05 1200;");

  PQfinish (admin);
  g_clear_object (&publisher);
  g_clear_object (&store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  PGconn *admin;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("PGHOST") == NULL)
    {
      g_print ("1..0 # SKIP Run through tests/pg/pg-env.sh, which starts PostgreSQL\n");
      return 0;
    }

  admin = connect_to ("postgres");
  admin_sql (admin, "DROP DATABASE IF EXISTS " DATABASE);
  admin_sql (admin, "CREATE DATABASE " DATABASE);
  PQfinish (admin);

  admin = connect_to (DATABASE);
  apply_file (admin, "schema.sql");
  apply_file (admin, "roles.sql");
  admin_sql (admin, "DROP ROLE IF EXISTS test_reviewer");
  admin_sql (admin, "CREATE ROLE test_reviewer LOGIN IN ROLE respite_reviewer");
  PQfinish (admin);

  g_test_add_func ("/publisher/pg/unreachable-then-flushed", test_unreachable_then_flushed);

  return g_test_run ();
}
