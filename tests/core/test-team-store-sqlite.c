/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "respite-team-store-sqlite.h"
#include "test-team-store-behaviour.h"

/* One fresh file per test, in one folder for the whole run. */
static char *test_dir;
static char *test_path;
static guint n_files;

/* The stores' clock: its local day is their today. */
static RespiteClock *test_clock;

static void
sqlite_set_today (const char *day)
{
  unsigned int year, month, mday;
  g_autoptr(GDateTime) noon = NULL;

  g_assert_cmpint (sscanf (day, "%4u-%2u-%2u", &year, &month, &mday), ==, 3);
  noon = g_date_time_new_local (year, month, mday, 12, 0, 0);
  if (test_clock == NULL)
    test_clock = respite_clock_new_fake (g_date_time_to_unix (noon) * G_USEC_PER_SEC);
  else
    respite_clock_jump_real_time (test_clock, g_date_time_to_unix (noon) * G_USEC_PER_SEC
                                              - respite_clock_get_real_time (test_clock));
}

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
  respite_team_store_sqlite_set_clock (store, test_clock);
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
  .set_today = sqlite_set_today,
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

static const char *
sql_text (const char *query)
{
  static char text[256];
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (test_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_strlcpy (text, (const char *) sqlite3_column_text (stmt, 0), sizeof text);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return text;
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
      /* The last cut is found by the integrity check, whose first
       * complaint depends on the pages' layout. */
      g_free (assert_replaced (cut, i < 3 ? "database disk image is malformed" : "*"));
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
  "                             3600, 0, 0, 3600, 2, 1, 1, 0, 0, 1, 60, 1, NULL, NULL)"

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

/* Upgrades (issues #10 and #16). */

/* A version 2 or 3 store as Respite made it: the schema as it shipped
 * (tests/data/team-store-vN/), its user_version, WAL. */
static void
make_old_store (int version)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_strdup_printf ("team-store-v%d", version);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", folder,
                                                 "sqlite-schema.sql", NULL);
  g_autofree char *schema = NULL;
  g_autofree char *sql = NULL;

  g_file_get_contents (path, &schema, NULL, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("PRAGMA journal_mode = WAL; %s; PRAGMA user_version = %d",
                         schema, version);
  g_assert_cmpint (sql_exec (sql), ==, SQLITE_OK);
  g_assert_cmpint (g_chmod (test_path, 0600), ==, 0);
}

static void
make_v2_store (void)
{
  make_old_store (2);
}

/* Hotline D of tests/pg/test-attack-pg.c: five people every weekday from
 * Monday 26 February to 29 March 2024, and only one of them on Friday
 * 1 March. The week of 26 February has five, its piece in March one. With
 * k = 4, to see that the settings are kept, and a release in the ledger. */
#define HOTLINE_D \
  "UPDATE settings SET k = 4;" \
  "INSERT INTO releases VALUES (1, '2024-04-02T09:00:00Z', '2024-02-01', '2024-02-29', 5, 0.5);" \
  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)" \
  " INSERT INTO members SELECT printf ('member-d-%08d', i), randomblob (32) FROM n;" \
  "WITH RECURSIVE d(day) AS (SELECT '2024-02-26' UNION ALL" \
  "                          SELECT date (day, '+1 day') FROM d WHERE day < '2024-03-29')" \
  " INSERT INTO day_rows SELECT 'Hotline D', member, day, 1800, 0, 0, 1800, 2, 1, 0, 0, 0," \
  "                             1, 80, 1, '2024-01 policy'" \
  "  FROM members, d" \
  " WHERE strftime ('%w', day) NOT IN ('0', '6')" \
  "   AND (day NOT BETWEEN '2024-03-01' AND '2024-03-03' OR member = 'member-d-00000001')"

/* March minus its four whole weeks, in member-days, read straight from the
 * sealed figures as anyone with sqlite3 could: NULL when hidden. */
#define SEALED_MARCH_MINUS_WEEKS \
  "SELECT (SELECT member_days FROM sealed_figures" \
  "         WHERE period = 'month' AND period_start = '2024-03-01')" \
  "     - (SELECT sum (member_days) FROM sealed_figures" \
  "         WHERE period = 'week' AND period_start BETWEEN '2024-03-04' AND '2024-03-25')" \
  "       IS NULL"

/* The same from the view of versions 2 and 3. */
#define MARCH_MINUS_WEEKS \
  "SELECT (SELECT member_days FROM team_aggregates" \
  "         WHERE period = 'month' AND period_start = '2024-03-01')" \
  "     - (SELECT sum (member_days) FROM team_aggregates" \
  "         WHERE period = 'week' AND period_start BETWEEN '2024-03-04' AND '2024-03-25')" \
  "       IS NULL"

/* A digest of every row of @table, blobs included. */
static char *
table_digest (const char *table)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *query = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;

  g_assert_cmpint (sqlite3_open (test_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          guint8 type = sqlite3_column_type (stmt, i);
          const void *bytes = sqlite3_column_blob (stmt, i);

          g_checksum_update (checksum, &type, 1);
          g_checksum_update (checksum, bytes != NULL ? bytes : (const void *) "",
                             sqlite3_column_bytes (stmt, i));
        }
      rows++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_strdup_printf ("%u rows %s", rows, g_checksum_get_string (checksum));
}

static char *
store_digest (void)
{
  g_autofree char *rows = table_digest ("day_rows");
  g_autofree char *members = table_digest ("members");
  g_autofree char *releases = table_digest ("releases");

  return g_strjoin (", ", rows, members, releases, NULL);
}

/* What an upgrade keeps: the members, the ledger and k; the raw rows go,
 * once sealed. */
static char *
kept_digest (void)
{
  g_autofree char *members = table_digest ("members");
  g_autofree char *releases = table_digest ("releases");

  return g_strdup_printf ("%s, %s, k = %d", members, releases, sql_int ("SELECT k FROM settings"));
}

/* Every table, index and view, as SQLite keeps them. */
static char *
schema_text (const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* The settings table gained its columns by ALTER TABLE, which words
   * them otherwise: compare what they are. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_master"
                                           " WHERE name <> 'settings'"
                                           " ORDER BY type, name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s %s: %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, type, \"notnull\", dflt_value, pk"
                                           " FROM pragma_table_info ('settings')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "settings.%s %s %d %s %d\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_int (stmt, 2),
                            sqlite3_column_text (stmt, 3), sqlite3_column_int (stmt, 4));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GPtrArray *
read_groups (RespiteTeamStore *store,
             RespitePeriod     period)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *groups;

  groups = respite_team_store_read_aggregates (store, "Hotline D", period, "2024-02-01",
                                               "2024-03-31", &error);
  g_assert_no_error (error);
  g_assert_nonnull (groups);
  return groups;
}

/* After the upgrade, nothing gives the person of 1 March away: February,
 * March and the week that straddles them are hidden; the weeks inside
 * March, of five people each, are still shown. */
static void
assert_hole_closed (RespiteTeamStore *store)
{
  g_autoptr(GPtrArray) months = read_groups (store, RESPITE_PERIOD_MONTH);
  g_autoptr(GPtrArray) weeks = read_groups (store, RESPITE_PERIOD_WEEK);

  g_assert_cmpuint (months->len, ==, 2);
  for (guint i = 0; i < months->len; i++)
    g_assert_true (((RespiteTeamAggregate *) months->pdata[i])->suppressed);

  g_assert_cmpuint (weeks->len, ==, 5);
  for (guint i = 0; i < weeks->len; i++)
    {
      RespiteTeamAggregate *week = weeks->pdata[i];

      g_test_message ("week of %s: %s", week->period_start, week->suppressed ? "hidden" : "shown");
      g_assert_cmpint (week->suppressed, ==, g_str_equal (week->period_start, "2024-02-26"));
      if (!week->suppressed)
        g_assert_cmpuint (week->members, ==, 5);
    }

  g_assert_cmpint (sql_int (SEALED_MARCH_MINUS_WEEKS), ==, 1);
}

/* A version 2 or 3 file is upgraded in place by the first opener, a
 * reader as much as a writer: every period due is sealed from its rows,
 * which are then deleted; its members, ledger and settings are kept, and
 * it ends exactly as a new version 5 file. */
static void
test_upgrade (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(RespiteTeamStoreSqlite) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *fresh_path = NULL;
  g_autofree char *fresh_schema = NULL;
  g_autofree char *upgraded_schema = NULL;
  guint k = 0;

  sqlite_reset ();
  fresh_path = g_strdup (test_path);
  fresh = respite_team_store_sqlite_open (fresh_path, &error);
  g_assert_no_error (error);
  fresh_schema = schema_text (fresh_path);

  sqlite_reset ();
  make_old_store (version);
  g_assert_cmpint (sql_exec (HOTLINE_D), ==, SQLITE_OK);
  before = kept_digest ();

  /* Version 2's hole: March minus its weeks is the one person of 1 March;
   * version 3 closed it, but read the rows anew at every reading. */
  g_assert_cmpint (sql_int (MARCH_MINUS_WEEKS), ==, version == 2 ? 0 : 1);

  /* As the Team view or `respite-report check` opens it, on the day
   * it is upgraded: 2024 is long sealed. */
  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (sql_int ("PRAGMA user_version"), ==, 5);
  g_assert_cmpint (sql_int ("SELECT schema_version FROM settings"), ==, 5);
  g_assert_true (respite_team_store_check (RESPITE_TEAM_STORE (store), &error));
  g_assert_no_error (error);
  g_assert_true (respite_team_store_get_k (RESPITE_TEAM_STORE (store), &k, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (k, ==, 4);

  after = kept_digest ();
  g_test_message ("%s", after);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM day_rows"), ==, 0);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM sealed_figures WHERE period = 'week'"), ==, 5);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM policy_versions"
                            " WHERE policy_version = '2024-01 policy'"
                            "   AND first_day = '2024-02-26'"), ==, 1);

  upgraded_schema = schema_text (test_path);
  g_assert_cmpstr (upgraded_schema, ==, fresh_schema);

  assert_hole_closed (RESPITE_TEAM_STORE (store));
}

/* A week version 4 sealed, as sqlite3 prints it. */
#define V4_FIGURE \
  "SELECT quote (period) || quote (period_start) || quote (period_end) || quote (team)" \
  "    || quote (members) || quote (member_days) || quote (exposure_hours)" \
  "    || quote (wellbeing_mean) || quote (who5_good) || quote (policy_version) || quote (k)" \
  "    || quote (sealed_at)" \
  "  FROM sealed_figures WHERE team = 'Hotline Z'"

/* Version 4 to 5 keeps every sealed figure, as a team's, and its pieces;
 * registers each member in the team of its latest row; then seals as
 * version 5 does, and ends as a new file. */
static void
test_upgrade_from_v4 (void)
{
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(RespiteTeamStoreSqlite) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh_path = NULL;
  g_autofree char *fresh_schema = NULL;
  g_autofree char *upgraded_schema = NULL;
  g_autofree char *before = NULL;
  g_autofree char *figure = NULL;
  g_autofree char *figure_after = NULL;
  g_autofree char *after = NULL;

  sqlite_reset ();
  fresh_path = g_strdup (test_path);
  fresh = respite_team_store_sqlite_open (fresh_path, &error);
  g_assert_no_error (error);
  fresh_schema = schema_text (fresh_path);

  sqlite_reset ();
  make_old_store (4);
  g_assert_cmpint (sql_exec (HOTLINE_D), ==, SQLITE_OK);
  g_assert_cmpint (sql_exec ("INSERT INTO sealed_figures VALUES ('week', '2024-01-01', '2024-01-07',"
                             " 'Hotline Z', 6, 30, 15.0, 0.5, 0.1, 60, 50, 0.5, 6, 62.5, 0, 0, 6,"
                             " 62.5, '2024-01 policy', 6, 5, '2024-01-11T03:00:00Z');"
                             "INSERT INTO sealed_pieces VALUES ('Hotline Z', '2024-01-01',"
                             " '2024-01-01', 6, 6)"), ==, SQLITE_OK);
  before = kept_digest ();
  figure = g_strdup (sql_text (V4_FIGURE));

  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (sql_int ("PRAGMA user_version"), ==, 5);
  g_assert_cmpint (sql_int ("SELECT schema_version FROM settings"), ==, 5);
  figure_after = g_strdup (sql_text (V4_FIGURE));
  g_assert_cmpstr (figure_after, ==, figure);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM sealed_figures WHERE team = 'Hotline Z'"
                            " AND unit = 'team' AND registered IS NULL AND coverage IS NULL"), ==, 1);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM sealed_pieces WHERE team = 'Hotline Z'"
                            " AND unit = 'team' AND members = 6"), ==, 1);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM registrations WHERE team = 'Hotline D'"), ==, 5);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM day_rows"), ==, 0);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM sealed_figures WHERE unit = 'group'"), ==, 0);
  after = kept_digest ();
  g_assert_cmpstr (after, ==, before);

  upgraded_schema = schema_text (test_path);
  g_assert_cmpstr (upgraded_schema, ==, fresh_schema);
  assert_hole_closed (RESPITE_TEAM_STORE (store));
}

/* A second open, or a writer's, finds version 5 and changes nothing. */
static void
test_upgrade_twice (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autoptr(RespiteTeamStoreSqlite) first = NULL;
  g_autoptr(RespiteTeamStoreSqlite) second = NULL;
  g_autoptr(RespiteTeamStoreSqlite) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *after = NULL;
  g_autofree char *schema_after = NULL;
  g_autofree char *moved_to = NULL;

  sqlite_reset ();
  make_v2_store ();
  g_assert_cmpint (sql_exec (HOTLINE_D), ==, SQLITE_OK);

  /* The writer's opener (respite-report init) upgrades too. */
  first = respite_team_store_sqlite_open_or_replace (test_path, now, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_null (moved_to);
  before = store_digest ();
  schema = schema_text (test_path);

  second = respite_team_store_sqlite_open (test_path, &error);
  g_assert_no_error (error);
  writer = respite_team_store_sqlite_open_or_replace (test_path, now, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_null (moved_to);

  after = store_digest ();
  schema_after = schema_text (test_path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (schema_after, ==, schema);
  g_assert_cmpint (sql_int ("PRAGMA user_version"), ==, 5);
  g_assert_cmpuint (count_moved_aside (), ==, 0);
  assert_hole_closed (RESPITE_TEAM_STORE (second));
}

/* The upgrade is one transaction: if its last step fails, the file is
 * still a whole version 2 store. Here an index someone named store_info
 * stands where the view must go. */
static void
test_upgrade_all_or_nothing (void)
{
  g_autoptr(RespiteTeamStoreSqlite) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *after = NULL;
  g_autofree char *schema_after = NULL;

  sqlite_reset ();
  make_v2_store ();
  g_assert_cmpint (sql_exec (HOTLINE_D), ==, SQLITE_OK);
  g_assert_cmpint (sql_exec ("DROP VIEW store_info; CREATE INDEX store_info ON members (member)"),
                   ==, SQLITE_OK);
  before = store_digest ();
  schema = schema_text (test_path);

  store = respite_team_store_sqlite_open (test_path, &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_null (store);

  after = store_digest ();
  schema_after = schema_text (test_path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (schema_after, ==, schema);
  g_assert_cmpint (sql_int ("PRAGMA user_version"), ==, 2);
  g_assert_cmpint (sql_int (MARCH_MINUS_WEEKS), ==, 0);
}

/* A store from a newer Respite, or too old to upgrade, is refused by
 * readers and writers and left byte for byte; the message says who fixes
 * it. */
static void
test_upgrade_refused (void)
{
  static const struct
  {
    int         version;
    const char *says;
  } versions[] = {
    { 6, "from a newer Respite" },
    { 99, "Update Respite" },
    { 1, "too old to upgrade" },
  };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autoptr(RespiteTeamStoreSqlite) store = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) before = NULL;
      g_autofree char *moved_to = NULL;
      g_autofree char *set = g_strdup_printf ("UPDATE settings SET schema_version = %d;"
                                              "PRAGMA user_version = %d;"
                                              "PRAGMA wal_checkpoint(TRUNCATE)",
                                              versions[i].version, versions[i].version);

      sqlite_reset ();
      g_object_unref (sqlite_open_as ("admin"));
      g_assert_cmpint (sql_exec (set), ==, SQLITE_OK);
      before = read_file (test_path);

      store = respite_team_store_sqlite_open (test_path, &error);
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, versions[i].says));
      g_assert_null (store);
      g_clear_error (&error);

      store = respite_team_store_sqlite_open_or_replace (test_path, now, &moved_to, &error);
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
      g_assert_null (store);
      g_assert_null (moved_to);

      assert_file_is (test_path, before);
    }
}

/* PostgreSQL needed a CHECK on day (no 'infinity', no year 294276, which
 * its views could not group); SQLite's table already holds only
 * YYYY-MM-DD days that date() gives back, years 0000 to 9999, which every
 * date function handles. The C code refuses days before 1970 for both, and
 * 30 February, which SQLite 3.40's date() gives back as it is. */
static void
test_days_bounded (void)
{
  static const char * const refused[] = {
    "infinity", "-infinity", "294276-12-31", "+10000-01-01", "10000-01-01", "-0001-01-01",
    "2024-3-1", "",
  };
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  RespiteDayRow row = {
    .team = (char *) "Hotline A", .member = (char *) "member-token-000001",
    .exposure_seconds = { 600, 0, 0 },
  };

  sqlite_reset ();
  store = sqlite_open_as ("admin");
  g_assert_cmpint (sql_exec ("INSERT INTO members VALUES ('member-token-000009', randomblob (32))"),
                   ==, SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *insert = g_strdup_printf ("INSERT INTO day_rows VALUES ('Hotline A',"
                                                 " 'member-token-000009', '%s', 1, 0, 0, 1,"
                                                 " 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL)", refused[i]);

      g_test_message ("%s", refused[i]);
      g_assert_cmpint (sql_exec (insert), ==, SQLITE_CONSTRAINT);
    }

  row.day = (char *) "1969-12-31";
  g_assert_false (respite_team_store_publish (store, "the-secret-of-member-000001", &row, 1,
                                              &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The first day of the range is taken, and seals as any other; the last
   * is in the future, and refused as such. */
  sqlite_set_today ("1970-01-02");
  row.day = (char *) "1970-01-01";
  g_assert_true (respite_team_store_publish (store, "the-secret-of-member-000001", &row, 1,
                                             &error));
  g_assert_no_error (error);
  row.day = (char *) "9999-12-31";
  g_assert_false (respite_team_store_publish (store, "the-secret-of-member-000001", &row, 1,
                                              &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  sqlite_set_today ("1970-02-05");
  groups = respite_team_store_read_aggregates (store, NULL, RESPITE_PERIOD_WEEK, "1970-01-01",
                                               "9999-12-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpstr (((RespiteTeamAggregate *) groups->pdata[0])->period_start, ==, "1969-12-29");
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = respite_team_store_read_aggregates (store, NULL, RESPITE_PERIOD_MONTH, "1970-01-01",
                                               "9999-12-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpstr (((RespiteTeamAggregate *) groups->pdata[0])->period_start, ==, "1970-01-01");
  g_assert_cmpint (sql_int ("SELECT count(*) FROM day_rows"), ==, 0);
}

/* Sealing killed at random moments (kill -9): each time the file holds
 * either nothing sealed and every raw row, or the whole sealing done. The
 * last round is not killed, so that the second case is seen too. */
static void
test_seal_killed (void)
{
  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(RespiteTeamStore) store = NULL;
      int ready[2];
      char byte;
      pid_t pid;
      int status;
      int rows, sealed, figures;

      sqlite_reset ();
      store = sqlite_open_as ("admin");
      g_clear_object (&store);
      /* 300 members, every day of February and March 2024. */
      g_assert_cmpint (sql_exec ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                                 " INSERT INTO members SELECT printf ('member-token-%06d', i), randomblob (32) FROM n;"
                                 "WITH RECURSIVE d(day) AS (SELECT '2024-02-01' UNION ALL"
                                 "                          SELECT date (day, '+1 day') FROM d WHERE day < '2024-03-31')"
                                 " INSERT INTO day_rows SELECT 'Hotline ' || (rowid % 7), member, day,"
                                 "   3600, 0, 0, 3600, 2, 1, 0, 0, 0, 1, 60, 1, 'test 1', NULL"
                                 "   FROM members, d"), ==, SQLITE_OK);
      g_assert_cmpint (sql_int ("SELECT count(*) FROM day_rows"), ==, 300 * 60);

      g_assert_cmpint (pipe (ready), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          g_autoptr(GError) error = NULL;

          store = sqlite_open_as ("admin");
          sqlite_set_today ("2024-04-10");
          g_assert_cmpint (write (ready[1], "s", 1), ==, 1);
          respite_team_store_seal (store, NULL, &error);
          _exit (error == NULL ? 0 : 1);
        }

      close (ready[1]);
      g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
      close (ready[0]);
      if (round < 5)
        {
          g_usleep (g_test_rand_int_range (0, 400) * 1000);
          kill (pid, SIGKILL);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      rows = sql_int ("SELECT count(*) FROM day_rows");
      sealed = sql_int ("SELECT sealed_through IS NOT NULL FROM settings");
      figures = sql_int ("SELECT count(*) FROM sealed_figures");
      g_test_message ("round %u: %s; %d raw rows, %d figures", round,
                      WIFSIGNALED (status) ? "killed" : "sealed whole", rows, figures);
      if (round == 5)
        {
          g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0 && sealed);
          /* The deleted rows' pages were given back: readers check every page. */
          g_assert_cmpint (sql_int ("PRAGMA freelist_count"), <, 256);
        }
      if (sealed)
        {
          g_assert_cmpint (rows, ==, 0);
          g_assert_cmpint (figures, ==, 7 * (9 + 2));  /* 9 weeks, 2 months, 7 teams */
        }
      else
        {
          g_assert_cmpint (rows, ==, 300 * 60);
          g_assert_cmpint (figures, ==, 0);
          g_assert_cmpint (sql_int ("SELECT count(*) FROM sealed_pieces"), ==, 0);
        }
      g_assert_cmpstr (sql_text ("PRAGMA integrity_check"), ==, "ok");
    }
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

/* The app's publisher and its lead check may open a new file at the same
 * moment (after a damaged one was moved aside, say): both get the store,
 * neither fails on the schema the other made. */
static gpointer
open_in_thread (gpointer data)
{
  GError *error = NULL;
  g_autoptr(RespiteTeamStoreSqlite) store = respite_team_store_sqlite_open (data, &error);

  return error;
}

/* Another program's reader: opens a connection, counts @day's rows,
 * closes it. A closing connection that finds no other holding the file
 * checkpoints the -wal and deletes it. Prints the count, or -1. */
static int
count_rows_main (const char *path,
                 const char *day)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  if (sqlite3_open (path, &db) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM day_rows WHERE day = ?1",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_print ("%d\n", n);

  return n >= 0 ? 0 : 1;
}

/* count_rows_main() in a new process: this program again, not a fork,
 * whose copy of SQLite's memory would know this process's connections. */
static int
count_rows_elsewhere (const char *day)
{
  const char *argv[] = { "/proc/self/exe", "--count-rows", test_path, day, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return atoi (out);
}

/* The app holds two connections to one store, the publisher's and the
 * Team view's. Opening the second once dropped the first's POSIX locks
 * (a file descriptor opened and closed on the file drops all of them), so
 * that another program's reader, closing, took itself for the last one
 * and deleted the -wal: the publisher's next rows went to a deleted file,
 * reported as published and lost (seen in ui/app under load). */
static void
test_two_connections_in_one_process (void)
{
  g_autoptr(RespiteTeamStore) publisher = NULL;
  g_autoptr(RespiteTeamStore) lead = NULL;
  g_autoptr(GError) error = NULL;
  RespiteDayRow row = {
    .team = (char *) "Hotline A",
    .member = (char *) "member-token-000001",
    .day = (char *) "2024-03-11",
    .exposure_seconds = { 600, 0, 0 },
    .longest_block_seconds = 600,
  };

  sqlite_reset ();
  publisher = sqlite_open_as ("reviewer");
  g_assert_true (respite_team_store_publish (publisher, "the-secret-of-member-000001", &row, 1,
                                             &error));
  g_assert_no_error (error);
  lead = sqlite_open_as ("lead");

  /* Another program reads and closes, then the publisher writes again. */
  g_assert_cmpint (count_rows_elsewhere ("2024-03-11"), ==, 1);
  row.day = (char *) "2024-03-12";
  g_assert_true (respite_team_store_publish (publisher, "the-secret-of-member-000001", &row, 1,
                                             &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows_elsewhere ("2024-03-12"), ==, 1);
  g_assert_cmpint (count_rows_elsewhere ("2024-03-11"), ==, 1);
}

static void
test_concurrent_first_opens (void)
{
  for (guint round = 0; round < 20; round++)
    {
      GThread *threads[4];

      sqlite_reset ();
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("opener", open_in_thread, test_path);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        {
          g_autoptr(GError) error = g_thread_join (threads[i]);

          g_assert_no_error (error);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (argc == 4 && g_str_equal (argv[1], "--count-rows"))
    return count_rows_main (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

  test_dir = g_dir_make_tmp ("respite-test-team-store-XXXXXX", &error);
  g_assert_no_error (error);
  sqlite_set_today ("2024-03-13");

  team_store_behaviour_add_tests (&sqlite_backend);
  team_store_groups_add_tests (&sqlite_backend);
  g_test_add_func ("/team-store/sqlite/private-file", test_private_file);
  g_test_add_func ("/team-store/sqlite/concurrent-first-opens", test_concurrent_first_opens);
  g_test_add_func ("/team-store/sqlite/two-connections-in-one-process",
                   test_two_connections_in_one_process);
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
  g_test_add_data_func ("/team-store/sqlite/upgrade/from-v2", GINT_TO_POINTER (2), test_upgrade);
  g_test_add_data_func ("/team-store/sqlite/upgrade/from-v3", GINT_TO_POINTER (3), test_upgrade);
  g_test_add_func ("/team-store/sqlite/upgrade/from-v4", test_upgrade_from_v4);
  g_test_add_func ("/team-store/sqlite/upgrade/twice", test_upgrade_twice);
  g_test_add_func ("/team-store/sqlite/upgrade/all-or-nothing", test_upgrade_all_or_nothing);
  g_test_add_func ("/team-store/sqlite/upgrade/refused", test_upgrade_refused);
  g_test_add_func ("/team-store/sqlite/days-bounded", test_days_bounded);
  g_test_add_func ("/team-store/sqlite/seal/killed", test_seal_killed);

  status = g_test_run ();

  remove_dir (test_dir);
  g_free (test_dir);
  g_free (test_path);

  return status;
}
