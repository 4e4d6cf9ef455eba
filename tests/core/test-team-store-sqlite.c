/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "respite-team-store-sqlite.h"
#include "test-team-store-behaviour.h"

/* One fresh file per test, in one folder for the whole run. */
static char *test_dir;
static char *test_path;
static guint n_files;

static void
sqlite_reset (void)
{
  g_free (test_path);
  test_path = g_strdup_printf ("%s/team-%u.db", test_dir, ++n_files);
}

/* No roles in SQLite: the reviewer's app and the lead's open the same file. */
static RespiteTeamStore *
sqlite_open_as (const char *role)
{
  g_autoptr(GError) error = NULL;
  RespiteTeamStoreSqlite *store = respite_team_store_sqlite_open (test_path, &error);

  g_assert_no_error (error);
  return RESPITE_TEAM_STORE (store);
}

static guint
sqlite_count_rows (const char *team,
                   const char *member)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count;

  g_assert_cmpint (sqlite3_open (test_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM day_rows"
                                           " WHERE team = ?1 AND member = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, team, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, member, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

static const TeamStoreBackend sqlite_backend = {
  .name = "sqlite",
  .reset = sqlite_reset,
  .open_as = sqlite_open_as,
  .count_rows = sqlite_count_rows,
};

static int
sql_exec (const char *statement)
{
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (test_path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, statement, NULL, NULL, NULL);
  sqlite3_close (db);

  return rc;
}

/* The file holds every row: it is created for its owner alone. */
static void
test_private_file (void)
{
  g_autoptr(RespiteTeamStore) store = NULL;
  GStatBuf buf;

  sqlite_reset ();
  store = sqlite_open_as ("admin");
  g_assert_cmpint (g_stat (test_path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
}

static void
test_k_minimum (void)
{
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint k = 0;

  sqlite_reset ();
  store = sqlite_open_as ("admin");

  g_assert_cmpint (sql_exec ("UPDATE settings SET k = 2"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sql_exec ("UPDATE settings SET k = 3"), ==, SQLITE_OK);
  g_assert_true (respite_team_store_get_k (store, &k, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (k, ==, 3);
}

/* A store written by another schema version is refused, not misread. */
static void
test_other_schema (void)
{
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(GError) error = NULL;

  sqlite_reset ();
  g_clear_object (&store);
  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sql_exec ("PRAGMA user_version = 99"), ==, SQLITE_OK);
  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_assert_null (store);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  test_dir = g_dir_make_tmp ("respite-test-team-store-XXXXXX", &error);
  g_assert_no_error (error);

  team_store_behaviour_add_tests (&sqlite_backend);
  g_test_add_func ("/team-store/sqlite/private-file", test_private_file);
  g_test_add_func ("/team-store/sqlite/k-minimum", test_k_minimum);
  g_test_add_func ("/team-store/sqlite/other-schema", test_other_schema);

  status = g_test_run ();

  remove_dir (test_dir);
  g_free (test_dir);
  g_free (test_path);

  return status;
}
