/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
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

static int
sql_int (const char *query)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_open (test_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
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

/* The bytes of the test file, or of another. */
static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
write_file (const char *path,
            GBytes     *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                       &error);
  g_assert_no_error (error);
}

static void
assert_file_is (const char *path,
                GBytes     *expected)
{
  g_autoptr(GBytes) contents = read_file (path);

  g_assert_cmpmem (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* A store of 60 members over 30 days (79 pages), checkpointed whole into
 * the main file, as a failing disk or a bad copy would find it. */
static GBytes *
make_full_store (void)
{
  g_autoptr(RespiteTeamStore) store = sqlite_open_as ("admin");

  g_assert_cmpint (sql_exec ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                             "                        WHERE i < 60)"
                             " INSERT INTO members (member, secret_hash)"
                             " SELECT printf ('member-token-%06d', i), randomblob (32) FROM n"),
                   ==, SQLITE_OK);
  g_assert_cmpint (sql_exec ("WITH RECURSIVE d(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM d"
                             "                        WHERE j < 29)"
                             " INSERT INTO day_rows (team, member, day, exposure_1_seconds,"
                             "   exposure_2_seconds, exposure_3_seconds, longest_block_seconds,"
                             "   breaks_prompted, breaks_taken, breaks_snoozed, breaks_skipped,"
                             "   cap_exceeded, checkins_done, wellbeing_sum, wellbeing_count)"
                             " SELECT 'Hotline A', member, date ('2026-10-01', '+' || j || ' days'),"
                             "   3600, 0, 0, 3600, 2, 1, 1, 0, 0, 1, 60, 1"
                             " FROM members, d"),
                   ==, SQLITE_OK);
  g_clear_object (&store);
  g_assert_cmpint (sql_exec ("PRAGMA wal_checkpoint(TRUNCATE)"), ==, SQLITE_OK);

  return read_file (test_path);
}

/* How many damaged test files were moved aside. */
static guint
count_moved_aside (void)
{
  g_autoptr(GDir) dir = g_dir_open (test_dir, 0, NULL);
  g_autofree char *base = g_path_get_basename (test_path);
  g_autofree char *prefix = g_strconcat (base, ".corrupt-", NULL);
  const char *name;
  guint n = 0;

  /* SQLite's -wal and -shm files go with them. */
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      n++;

  return n;
}

/* A store written by another schema version is refused, not misread. */
static void
test_other_schema (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_to = NULL;

  sqlite_reset ();
  g_clear_object (&store);
  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sql_exec ("PRAGMA user_version = 99"), ==, SQLITE_OK);
  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_assert_null (store);
  g_clear_error (&error);

  /* Not damaged: a writer does not move it aside either. */
  store = respite_team_store_sqlite_open_or_replace (test_path, now, &moved_to, &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_assert_null (store);
  g_assert_null (moved_to);
  g_assert_cmpint (sql_int ("PRAGMA user_version"), ==, 99);
  g_assert_cmpuint (count_moved_aside (), ==, 0);
}

/* The test file is damaged: a reader is refused and leaves it as it is; a
 * writer moves it aside, byte for byte, and works on a fresh store. */
static char *
assert_replaced (GBytes     *damaged,
                 const char *reason)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autofree char *expected_aside = g_strconcat (test_path, ".corrupt-20261123-093005", NULL);
  g_autofree char *expected_error = g_strdup_printf ("The team store %s is damaged (%s)",
                                                     test_path, reason);
  GStatBuf buf;
  g_autofree char *expected_message = NULL;
  g_autofree char *message = NULL;
  g_autofree char *moved_to = NULL;
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(GError) error = NULL;
  RespiteDayRow row = {
    .team = (char *) "Hotline A", .member = (char *) "member-token-000001",
    .day = (char *) "2026-11-22",
    .exposure_seconds = { 600, 0, 0 },
  };

  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_FAILED);
  g_assert_null (store);
  g_test_message ("%s", error->message);
  if (!g_pattern_match_simple (expected_error, error->message))
    g_error ("“%s” is not “%s”", error->message, expected_error);
  g_clear_error (&error);
  assert_file_is (test_path, damaged);
  g_assert_cmpuint (count_moved_aside (), ==, 0);

  store = respite_team_store_sqlite_open_or_replace (test_path, now, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpstr (moved_to, ==, expected_aside);
  assert_file_is (moved_to, damaged);
  g_assert_cmpuint (count_moved_aside (), ==, 1);

  expected_message = g_strdup_printf ("The team store %s could not be read, so a fresh one was "
                                      "started in its place. The damaged file was kept as %s.",
                                      test_path, expected_aside);
  message = respite_team_store_sqlite_describe_replacement (test_path, moved_to);
  g_assert_cmpstr (message, ==, expected_message);

  /* The fresh store is whole, private, and takes rows. */
  g_assert_true (respite_team_store_check (RESPITE_TEAM_STORE (store), &error));
  g_assert_no_error (error);
  g_assert_true (respite_team_store_publish (RESPITE_TEAM_STORE (store),
                                             "the-secret-of-member-000001", &row, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sqlite_count_rows ("Hotline A", "member-token-000001"), ==, 1);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM day_rows"), ==, 1);
  g_assert_cmpint (g_stat (test_path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  return g_steal_pointer (&moved_to);
}

static void
test_corrupt_garbage (void)
{
  static const char text[] = "This is not a database, but it is somebody's file.\n";
  g_autoptr(GBytes) garbage = g_bytes_new_static (text, sizeof text - 1);

  sqlite_reset ();
  write_file (test_path, garbage);

  g_free (assert_replaced (garbage, "file is not a database"));
}

/* Cut inside the header page, in the middle of the file, and at half its
 * last page: the last is found only by reading every page at open. */
static void
test_corrupt_truncated (void)
{
  g_autoptr(GBytes) whole = NULL;
  gsize length;
  gsize cuts[4];

  sqlite_reset ();
  whole = make_full_store ();
  length = g_bytes_get_size (whole);
  g_assert_cmpuint (length, >, 16 * 4096);

  cuts[0] = 2048;
  cuts[1] = 4096 + 2048;
  cuts[2] = length / 2;
  cuts[3] = length - 2048;

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (whole, 0, cuts[i]);

      g_test_message ("cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, cuts[i], length);
      sqlite_reset ();
      write_file (test_path, cut);
      g_free (assert_replaced (cut, i < 3 ? "database disk image is malformed"
                                          : "Fragmentation of *"));
    }
}

/* SQLite takes an empty file for a new database: so do we. Nothing in it
 * to keep, and it is what an interrupted first open leaves. */
static void
test_corrupt_zero_length (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_to = NULL;

  sqlite_reset ();
  g_assert_true (g_file_set_contents (test_path, "", 0, NULL));

  store = respite_team_store_sqlite_open_or_replace (test_path, now, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_null (moved_to);
  g_assert_cmpuint (count_moved_aside (), ==, 0);
  g_assert_true (respite_team_store_check (RESPITE_TEAM_STORE (store), &error));
  g_assert_no_error (error);
}

/* Writes @statement to the test file's -wal only, as a crash would leave
 * it, and returns that -wal's bytes. The store must be closed. */
static GBytes *
write_in_wal (const char *statement)
{
  g_autofree char *wal = g_strconcat (test_path, "-wal", NULL);
  sqlite3 *db = NULL;
  GBytes *contents;

  g_assert_cmpint (sqlite3_open (test_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, statement, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  contents = read_file (wal);
  g_assert_cmpuint (g_bytes_get_size (contents), >, 0);

  return contents;
}

#define SECOND_MEMBER_IN_WAL \
  "INSERT INTO members VALUES ('member-token-000002', randomblob (32));" \
  "INSERT INTO day_rows VALUES ('Hotline A', 'member-token-000002', '2026-11-20'," \
  "                             3600, 0, 0, 3600, 2, 1, 1, 0, 0, 1, 60, 1, NULL)"

/* A -wal left by a crash is SQLite's to replay: not damage. */
static void
test_corrupt_wal_replayed (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(GBytes) wal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_to = NULL;

  sqlite_reset ();
  g_object_unref (sqlite_open_as ("admin"));
  wal = write_in_wal (SECOND_MEMBER_IN_WAL);

  store = respite_team_store_sqlite_open_or_replace (test_path, now, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_null (moved_to);
  g_assert_cmpuint (count_moved_aside (), ==, 0);
  g_assert_cmpuint (sqlite_count_rows ("Hotline A", "member-token-000002"), ==, 1);
}

/* A damaged file's -wal goes with it, kept whole: the fresh store must
 * never replay the old one's pages. */
static void
test_corrupt_header_with_wal (void)
{
  g_autoptr(GBytes) wal = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *moved_wal = NULL;
  char *bytes;
  gsize length;

  sqlite_reset ();
  g_object_unref (sqlite_open_as ("admin"));
  wal = write_in_wal (SECOND_MEMBER_IN_WAL);

  /* Its header overwritten, the rest of the file as it was. */
  bytes = g_bytes_unref_to_data (read_file (test_path), &length);
  memset (bytes, 'x', 100);
  damaged = g_bytes_new_take (bytes, length);
  write_file (test_path, damaged);

  moved_to = assert_replaced (damaged, "file is not a database");
  moved_wal = g_strconcat (moved_to, "-wal", NULL);
  assert_file_is (moved_wal, wal);
}

/* A bad page in the middle is found only by reading every page, once
 * SQLite has opened the -wal: closing must not checkpoint it into the file. */
static void
test_corrupt_page_with_wal (void)
{
  g_autoptr(GBytes) wal = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *moved_wal = NULL;
  char *bytes;
  gsize length;

  sqlite_reset ();
  g_bytes_unref (make_full_store ());
  wal = write_in_wal ("UPDATE day_rows SET breaks_taken = 2 WHERE day = '2026-10-30'");

  bytes = g_bytes_unref_to_data (read_file (test_path), &length);
  g_assert_cmpuint (length, >, 21 * 4096);
  memset (bytes + 20 * 4096, 'x', 4096);
  damaged = g_bytes_new_take (bytes, length);
  write_file (test_path, damaged);

  moved_to = assert_replaced (damaged, "Page 21: *");
  moved_wal = g_strconcat (moved_to, "-wal", NULL);
  assert_file_is (moved_wal, wal);
}

/* SQLite would delete the -wal of an empty file, and what it holds with it. */
static void
test_corrupt_empty_with_wal (void)
{
  g_autoptr(GBytes) wal = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *moved_to = NULL;
  g_autofree char *moved_wal = NULL;

  sqlite_reset ();
  g_object_unref (sqlite_open_as ("admin"));
  wal = write_in_wal (SECOND_MEMBER_IN_WAL);
  write_file (test_path, empty);

  moved_to = assert_replaced (empty, "the file is empty, but not its -wal file");
  moved_wal = g_strconcat (moved_to, "-wal", NULL);
  assert_file_is (moved_wal, wal);
}

/* Another application's database is not ours to write in, even to add our
 * tables beside its own. */
static void
test_other_application (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autofree char *moved_to = NULL;

  sqlite_reset ();
  g_assert_cmpint (sql_exec ("CREATE TABLE photos (name TEXT)"), ==, SQLITE_OK);
  before = read_file (test_path);

  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_assert_null (store);
  g_clear_error (&error);

  store = respite_team_store_sqlite_open_or_replace (test_path, now, &moved_to, &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_assert_null (store);
  g_assert_null (moved_to);

  assert_file_is (test_path, before);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM sqlite_master"), ==, 1);
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
  g_test_add_func ("/team-store/sqlite/other-application", test_other_application);
  g_test_add_func ("/team-store/sqlite/corrupt/garbage", test_corrupt_garbage);
  g_test_add_func ("/team-store/sqlite/corrupt/truncated", test_corrupt_truncated);
  g_test_add_func ("/team-store/sqlite/corrupt/zero-length", test_corrupt_zero_length);
  g_test_add_func ("/team-store/sqlite/corrupt/wal-replayed", test_corrupt_wal_replayed);
  g_test_add_func ("/team-store/sqlite/corrupt/header-with-wal", test_corrupt_header_with_wal);
  g_test_add_func ("/team-store/sqlite/corrupt/page-with-wal", test_corrupt_page_with_wal);
  g_test_add_func ("/team-store/sqlite/corrupt/empty-with-wal", test_corrupt_empty_with_wal);

  status = g_test_run ();

  remove_dir (test_dir);
  g_free (test_dir);
  g_free (test_path);

  return status;
}
