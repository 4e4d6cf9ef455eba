/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "respite-clock.h"
#include "respite-store.h"

typedef struct
{
  char *dir;   /* (owned) a fresh temporary folder */
  char *path;  /* (owned) the store inside it, in a folder not yet created */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite", "respite.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Runs SQL on the file directly, as another program would. */
static void
sql (const char *path,
     const char *statement)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, statement, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statement, message);
  sqlite3_close (db);
}

static int
sql_int (const char *path,
         const char *query)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
test_private_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  GStatBuf st;

  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_object (&store);

  /* Someone loosened them: the next open makes them private again. */
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_migrate_from_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);

  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==,
                   RESPITE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT COUNT(*) FROM sqlite_master"
                            " WHERE type = 'table' AND name = 'exposure_blocks'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"),
                   ==, 1);
}

/* A store exactly as version 1 of the schema left it. */
static const char v1_store[] =
  "CREATE TABLE exposure_blocks ("
  "  id           INTEGER PRIMARY KEY,"
  "  started_at   INTEGER NOT NULL,"
  "  ended_at     INTEGER,"
  "  heartbeat_at INTEGER NOT NULL,"
  "  kind         TEXT NOT NULL"
  "               CHECK (kind IN ('image', 'video', 'audio', 'text', 'live')),"
  "  intensity    INTEGER NOT NULL CHECK (intensity BETWEEN 1 AND 3),"
  "  end_reason   TEXT,"
  "  CHECK ((ended_at IS NULL) = (end_reason IS NULL)),"
  "  CHECK (ended_at IS NULL OR ended_at >= started_at),"
  "  CHECK (heartbeat_at >= started_at)"
  ");"
  "CREATE INDEX exposure_blocks_by_start ON exposure_blocks (started_at);"
  "CREATE UNIQUE INDEX exposure_blocks_one_open ON exposure_blocks (ended_at IS NULL)"
  "  WHERE ended_at IS NULL;"
  "INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity, end_reason)"
  "  VALUES (1000, 1600, 1600, 'video', 3, 'stopped');"
  "INSERT INTO exposure_blocks (started_at, heartbeat_at, kind, intensity)"
  "  VALUES (2000, 2060, 'text', 1);"
  "PRAGMA user_version = 1;";

static void
test_migrate_from_v1 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(GArray) blocks = NULL;
  RespiteBlock *block;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  sql (fixture->path, v1_store);

  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==,
                   RESPITE_STORE_SCHEMA_VERSION);

  /* Every v1 row is kept as it was, the open block still open. */
  blocks = respite_store_list_blocks (store, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 2);
  block = &g_array_index (blocks, RespiteBlock, 0);
  g_assert_cmpint (block->started_at, ==, 1000);
  g_assert_cmpint (block->ended_at, ==, 1600);
  g_assert_cmpint (block->kind, ==, RESPITE_KIND_VIDEO);
  g_assert_cmpint (block->intensity, ==, 3);
  g_assert_cmpint (block->end_reason, ==, RESPITE_END_STOPPED);
  block = &g_array_index (blocks, RespiteBlock, 1);
  g_assert_cmpint (block->ended_at, ==, 0);
  g_assert_cmpint (block->heartbeat_at, ==, 2060);

  /* And the v2 tables work. */
  g_assert_cmpint (respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, 3000, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_prompts_and_breaks (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  gint64 prompt, brk;
  guint count = 99;

  g_assert_no_error (error);

  prompt = respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, 5000, &error);
  g_assert_no_error (error);
  g_assert_true (respite_store_answer_prompt (store, prompt, RESPITE_RESPONSE_TAKEN, 5010, &error));
  /* An answer is given once: a second one changes nothing. */
  g_assert_true (respite_store_answer_prompt (store, prompt, RESPITE_RESPONSE_SKIPPED, 5020, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT COUNT(*) FROM prompts WHERE response = 'taken'"
                            " AND responded_at = 5010"), ==, 1);

  brk = respite_store_begin_break (store, RESPITE_BREAK_BREAK, 5010, 600, prompt, &error);
  g_assert_no_error (error);
  g_assert_true (respite_store_end_break (store, brk, 5610, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT ended_at - started_at FROM breaks WHERE prompt_id IS NOT NULL"),
                   ==, 600);

  respite_store_add_prompt (store, RESPITE_DEADLINE_CAP_WARNING, 6000, &error);
  respite_store_add_prompt (store, RESPITE_DEADLINE_CAP_WARNING, 90000, &error);
  g_assert_true (respite_store_count_prompts (store, RESPITE_DEADLINE_CAP_WARNING, 0, 86400,
                                              &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);

  /* A break open at a crash is closed without inventing its length. */
  respite_store_begin_break (store, RESPITE_BREAK_DECOMPRESSION, 7000, 900, 0, &error);
  g_assert_true (respite_store_recover_open_blocks (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT ended_at FROM breaks WHERE kind = 'decompression'"), ==, 7000);
}

static void
test_migrate_refuses_newer (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 0, 0);
  g_autofree char *moved_to = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  sql (fixture->path, "PRAGMA user_version = 99");

  store = respite_store_open_or_replace (fixture->path, now, &moved_to, &error);
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_assert_null (moved_to);
  g_assert_nonnull (strstr (error->message, fixture->path));

  /* Left where it was, untouched. */
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 99);
}

static void
assert_moved_aside (Fixture    *fixture,
                    const char *original_contents,
                    gsize       original_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autoptr(RespiteStore) store = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *expected = g_strconcat (fixture->path, ".corrupt-20261123-093005", NULL);
  g_autofree char *kept = NULL;
  gsize kept_length;

  g_test_expect_message ("respite-store", G_LOG_LEVEL_MESSAGE, "*is damaged*moving it aside*");
  store = respite_store_open_or_replace (fixture->path, now, &moved_to, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* The damaged file is kept, byte for byte, under a dated name... */
  g_assert_cmpstr (moved_to, ==, expected);
  g_assert_true (g_file_get_contents (moved_to, &kept, &kept_length, NULL));
  g_assert_cmpmem (kept, kept_length, original_contents, original_length);

  /* ...and a fresh store works in its place. */
  g_assert_cmpint (respite_store_begin_block (store, 100, RESPITE_KIND_TEXT, 1, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_corrupt_garbage (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  const char garbage[] = "This is not a database, but it is somebody's file.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, garbage, sizeof garbage - 1, NULL));

  store = respite_store_open (fixture->path, &error);
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_CORRUPT);
  g_assert_null (store);

  assert_moved_aside (fixture, garbage, sizeof garbage - 1);
}

static void
test_corrupt_truncated (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  g_clear_object (&store);

  /* Enough rows to span many pages, checkpointed into the main file, which
   * is then cut in half as a failing disk or a bad copy would. */
  sql (fixture->path,
       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
       " INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity,"
       " end_reason) SELECT i * 1000, i * 1000 + 600, i * 1000 + 600, 'image', 2, 'stopped'"
       " FROM n; PRAGMA wal_checkpoint(TRUNCATE);");

  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16384);
  length /= 2;
  g_assert_true (g_file_set_contents (fixture->path, contents, length, NULL));

  assert_moved_aside (fixture, contents, length);
}

/* Writes @statement to the store's -wal only, as a crash would leave it,
 * and returns that -wal's bytes. The store must be closed. */
static GBytes *
write_in_wal (const char *path,
              const char *statement)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3 *db = NULL;
  char *contents = NULL;
  gsize length;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, statement, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (g_file_get_contents (wal, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 0);

  return g_bytes_new_take (contents, length);
}

static void
assert_file_is (const char *path,
                GBytes     *expected)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
}

/* A bad page is found by the quick check, after SQLite has opened the
 * -wal: closing that connection must not checkpoint the -wal into the
 * damaged file (nor delete it), and the -wal is moved aside with it. */
static void
test_corrupt_page_with_wal (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autofree char *wal_path = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *moved_wal = g_strconcat (fixture->path, ".corrupt-20261123-093005-wal", NULL);
  g_autoptr(GBytes) wal = NULL;
  g_autoptr(GBytes) damaged = NULL;
  char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  g_clear_object (&store);

  sql (fixture->path,
       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
       " INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity,"
       " end_reason) SELECT i * 1000, i * 1000 + 600, i * 1000 + 600, 'image', 2, 'stopped'"
       " FROM n; PRAGMA wal_checkpoint(TRUNCATE);");
  wal = write_in_wal (fixture->path, "INSERT INTO counselling_sessions (done_at) VALUES (42)");

  /* A page in the middle of the blocks overwritten, the rest as it was. */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 30 * 4096);
  memset (contents + 20 * 4096, 'x', 4096);
  damaged = g_bytes_new_take (contents, length);
  g_assert_true (g_file_set_contents (fixture->path, g_bytes_get_data (damaged, NULL),
                                      g_bytes_get_size (damaged), NULL));

  /* Refused, and both files left exactly as they were. */
  store = respite_store_open (fixture->path, &error);
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  g_clear_error (&error);
  assert_file_is (fixture->path, damaged);
  assert_file_is (wal_path, wal);

  assert_moved_aside (fixture, g_bytes_get_data (damaged, NULL), g_bytes_get_size (damaged));
  assert_file_is (moved_wal, wal);
}

/* SQLite takes an empty file for a new database and deletes its -wal:
 * with a -wal that holds something, an empty file is damage. */
static void
test_corrupt_empty_with_wal (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autofree char *wal_path = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *moved_wal = g_strconcat (fixture->path, ".corrupt-20261123-093005-wal", NULL);
  g_autoptr(GBytes) wal = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  GArray *sessions;

  g_assert_no_error (error);
  g_clear_object (&store);
  wal = write_in_wal (fixture->path, "INSERT INTO counselling_sessions (done_at) VALUES (42)");
  g_assert_true (g_file_set_contents (fixture->path, "", 0, NULL));

  store = respite_store_open (fixture->path, &error);
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "the file is empty, but not its -wal file"));
  g_assert_null (store);
  g_clear_error (&error);
  assert_file_is (fixture->path, empty);
  assert_file_is (wal_path, wal);

  assert_moved_aside (fixture, "", 0);
  assert_file_is (moved_wal, wal);

  /* The fresh store did not replay the old -wal. */
  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  sessions = respite_store_list_counselling_sessions (store, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 0);
  g_array_unref (sessions);
}

static void
test_unwritable_folder (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RespiteStore) store = NULL;

  /* A file where the folder should be: fails even for root, unlike a
   * permission bit. */
  g_assert_true (g_file_set_contents (folder, "in the way", -1, NULL));

  store = respite_store_open_or_replace (fixture->path, now, NULL, &error);
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_UNWRITABLE);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, folder));

  /* Nothing was moved or removed. */
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_REGULAR));
}

static void
test_one_open_block (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  gint64 id;

  g_assert_no_error (error);

  id = respite_store_begin_block (store, 1000, RESPITE_KIND_IMAGE, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  g_assert_cmpint (respite_store_begin_block (store, 1100, RESPITE_KIND_IMAGE, 2, &error), ==, 0);
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (respite_store_end_block (store, id, 1200, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_store_begin_block (store, 1300, RESPITE_KIND_IMAGE, 2, &error), >, id);
  g_assert_no_error (error);
}

static void
test_recover (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autoptr(GArray) blocks = NULL;
  RespiteBlock *block;
  guint n_recovered = 99;
  gint64 id;

  g_assert_no_error (error);

  id = respite_store_begin_block (store, 5000, RESPITE_KIND_LIVE, 3, &error);
  g_assert_no_error (error);
  g_assert_true (respite_store_heartbeat_block (store, id, 5060, &error));
  g_assert_true (respite_store_heartbeat_block (store, id, 5120, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (respite_store_recover_open_blocks (store, &n_recovered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_recovered, ==, 1);

  blocks = respite_store_list_blocks (store, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 1);
  block = &g_array_index (blocks, RespiteBlock, 0);
  g_assert_cmpint (block->started_at, ==, 5000);
  g_assert_cmpint (block->ended_at, ==, 5120);
  g_assert_cmpint (block->end_reason, ==, RESPITE_END_RECOVERED);

  /* Nothing left to recover the second time. */
  g_assert_true (respite_store_recover_open_blocks (store, &n_recovered, &error));
  g_assert_cmpuint (n_recovered, ==, 0);
}

static void
test_sum_splits_periods (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  gint64 id, seconds = -1;

  g_assert_no_error (error);

  /* 23:50 → 00:20 across a day boundary at 86400, then 01:00 → 01:30. */
  id = respite_store_begin_block (store, 86400 - 600, RESPITE_KIND_VIDEO, 2, &error);
  g_assert_true (respite_store_end_block (store, id, 86400 + 1200, RESPITE_END_STOPPED, &error));
  id = respite_store_begin_block (store, 86400 + 3600, RESPITE_KIND_VIDEO, 2, &error);
  g_assert_true (respite_store_end_block (store, id, 86400 + 5400, RESPITE_END_STOPPED, &error));
  /* An open block does not count here: the tracker adds it from memory. */
  respite_store_begin_block (store, 86400 + 7200, RESPITE_KIND_VIDEO, 2, &error);
  g_assert_no_error (error);

  g_assert_true (respite_store_sum_exposure (store, 0, 86400, &seconds, &error));
  g_assert_cmpint (seconds, ==, 600);
  g_assert_true (respite_store_sum_exposure (store, 86400, 2 * 86400, &seconds, &error));
  g_assert_cmpint (seconds, ==, 1200 + 1800);
  g_assert_true (respite_store_sum_exposure (store, 2 * 86400, 3 * 86400, &seconds, &error));
  g_assert_cmpint (seconds, ==, 0);
  g_assert_no_error (error);
}

/* A store exactly as version 2 of the schema left it, with a row in each
 * table. */
static const char v2_store[] =
  "CREATE TABLE exposure_blocks ("
  "  id           INTEGER PRIMARY KEY,"
  "  started_at   INTEGER NOT NULL,"
  "  ended_at     INTEGER,"
  "  heartbeat_at INTEGER NOT NULL,"
  "  kind         TEXT NOT NULL"
  "               CHECK (kind IN ('image', 'video', 'audio', 'text', 'live')),"
  "  intensity    INTEGER NOT NULL CHECK (intensity BETWEEN 1 AND 3),"
  "  end_reason   TEXT,"
  "  CHECK ((ended_at IS NULL) = (end_reason IS NULL)),"
  "  CHECK (ended_at IS NULL OR ended_at >= started_at),"
  "  CHECK (heartbeat_at >= started_at)"
  ");"
  "CREATE INDEX exposure_blocks_by_start ON exposure_blocks (started_at);"
  "CREATE UNIQUE INDEX exposure_blocks_one_open ON exposure_blocks (ended_at IS NULL)"
  "  WHERE ended_at IS NULL;"
  "CREATE TABLE prompts ("
  "  id           INTEGER PRIMARY KEY,"
  "  kind         TEXT NOT NULL,"
  "  prompted_at  INTEGER NOT NULL,"
  "  response     TEXT,"
  "  responded_at INTEGER,"
  "  CHECK ((response IS NULL) = (responded_at IS NULL))"
  ");"
  "CREATE INDEX prompts_by_time ON prompts (prompted_at);"
  "CREATE TABLE breaks ("
  "  id              INTEGER PRIMARY KEY,"
  "  kind            TEXT NOT NULL CHECK (kind IN ('break', 'decompression')),"
  "  started_at      INTEGER NOT NULL,"
  "  ended_at        INTEGER,"
  "  planned_seconds INTEGER NOT NULL CHECK (planned_seconds >= 0),"
  "  prompt_id       INTEGER REFERENCES prompts (id) ON DELETE SET NULL,"
  "  CHECK (ended_at IS NULL OR ended_at >= started_at)"
  ");"
  "CREATE INDEX breaks_by_start ON breaks (started_at);"
  "INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity, end_reason)"
  "  VALUES (1000, 4600, 4600, 'image', 2, 'break');"
  "INSERT INTO prompts (kind, prompted_at, response, responded_at)"
  "  VALUES ('break-due', 4600, 'taken', 4610);"
  "INSERT INTO breaks (kind, started_at, ended_at, planned_seconds, prompt_id)"
  "  VALUES ('break', 4610, 5210, 600, 1);"
  "PRAGMA user_version = 2;";

static void
test_migrate_from_v2 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  RespiteHistoryDay *day;
  gint64 at = -1;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  sql (fixture->path, v2_store);

  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==,
                   RESPITE_STORE_SCHEMA_VERSION);

  /* The v2 rows are all there, still linked. */
  days = respite_store_list_history_days (store, utc, 0, 86400, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 1);
  day = &g_array_index (days, RespiteHistoryDay, 0);
  g_assert_cmpint (day->exposure[1], ==, 3600);
  g_assert_cmpuint (day->breaks_prompted, ==, 1);
  g_assert_cmpuint (day->breaks_taken, ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT prompt_id FROM breaks"), ==, 1);

  /* The v3 tables are new and empty, and work. */
  g_assert_true (respite_store_get_last_check_in_at (store, "who-5", &at, &error));
  g_assert_no_error (error);
  g_assert_cmpint (at, ==, 0);
  g_assert_cmpint (respite_store_add_counselling_session (store, 9000, &error), >, 0);
  g_assert_no_error (error);
}

static GArray *
make_answers (int first, ...)
{
  GArray *answers = g_array_new (FALSE, FALSE, sizeof (int));
  va_list args;

  va_start (args, first);
  for (int a = first; a >= 0; a = va_arg (args, int))
    g_array_append_val (answers, a);
  va_end (args);

  return answers;
}

static void
test_check_ins (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autoptr(GArray) list = NULL;
  RespiteCheckIn who5 = {
    .instrument_id = (char *) "who-5", .instrument_version = 1,
    .started_at = 1000, .finished_at = 1090, .raw_score = 11, .scaled_score = 44.0,
    .band_id = (char *) "poor", .suggests_support = TRUE,
  };
  RespiteCheckIn pulse = {
    .instrument_id = (char *) "pulse", .instrument_version = 2,
    .started_at = 2000, .finished_at = 2005, .raw_score = 3, .scaled_score = NAN,
  };
  RespiteCheckIn *got;
  gint64 prompt, at = -1;

  g_assert_no_error (error);

  prompt = respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, 990, &error);
  who5.prompt_id = prompt;
  who5.answers = make_answers (3, 2, 1, 4, 1, -1);
  pulse.answers = make_answers (3, -1);
  g_assert_cmpint (respite_store_add_check_in (store, &who5, &error), >, 0);
  g_assert_cmpint (respite_store_add_check_in (store, &pulse, &error), >, 0);
  g_assert_no_error (error);

  list = respite_store_list_check_ins (store, 0, 3000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);

  got = &g_array_index (list, RespiteCheckIn, 0);
  g_assert_cmpstr (got->instrument_id, ==, "who-5");
  g_assert_cmpint (got->instrument_version, ==, 1);
  g_assert_cmpint (got->started_at, ==, 1000);
  g_assert_cmpint (got->finished_at, ==, 1090);
  g_assert_cmpuint (got->answers->len, ==, 5);
  g_assert_cmpmem (got->answers->data, 5 * sizeof (int), who5.answers->data, 5 * sizeof (int));
  g_assert_cmpint (got->raw_score, ==, 11);
  g_assert_cmpfloat (got->scaled_score, ==, 44.0);
  g_assert_cmpstr (got->band_id, ==, "poor");
  g_assert_true (got->suggests_support);
  g_assert_cmpint (got->prompt_id, ==, prompt);

  got = &g_array_index (list, RespiteCheckIn, 1);
  g_assert_cmpstr (got->instrument_id, ==, "pulse");
  g_assert_true (isnan (got->scaled_score));
  g_assert_null (got->band_id);
  g_assert_false (got->suggests_support);
  g_assert_cmpint (got->prompt_id, ==, 0);

  /* The range is on finished_at, end excluded. */
  g_clear_pointer (&list, g_array_unref);
  list = respite_store_list_check_ins (store, 1090, 2005, &error);
  g_assert_cmpuint (list->len, ==, 1);

  g_assert_true (respite_store_get_last_check_in_at (store, "who-5", &at, &error));
  g_assert_cmpint (at, ==, 1090);
  g_assert_true (respite_store_get_last_check_in_at (store, "phq-4", &at, &error));
  g_assert_cmpint (at, ==, 0);
  g_assert_no_error (error);

  g_array_unref (who5.answers);
  g_array_unref (pulse.answers);
}

static void
test_counselling_sessions (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autoptr(GArray) list = NULL;
  gint64 at = -1;

  g_assert_no_error (error);

  g_assert_true (respite_store_get_last_counselling_session_at (store, &at, &error));
  g_assert_cmpint (at, ==, 0);
  g_assert_cmpint (respite_store_add_counselling_session (store, 5000, &error), >, 0);
  g_assert_cmpint (respite_store_add_counselling_session (store, 3000, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (respite_store_get_last_counselling_session_at (store, &at, &error));
  g_assert_cmpint (at, ==, 5000);

  list = respite_store_list_counselling_sessions (store, 0, 10000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (g_array_index (list, RespiteCounsellingSession, 0).done_at, ==, 3000);
  g_assert_cmpint (g_array_index (list, RespiteCounsellingSession, 1).done_at, ==, 5000);
}

static gint64
paris (GTimeZone *tz,
       int        month,
       int        day,
       int        hour,
       int        minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2026, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
add_block (RespiteStore *store,
           gint64        from,
           gint64        to,
           int           intensity)
{
  g_autoptr(GError) error = NULL;
  gint64 id = respite_store_begin_block (store, from, RESPITE_KIND_IMAGE, intensity, &error);

  g_assert_no_error (error);
  g_assert_true (respite_store_end_block (store, id, to, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);
}

/* Summer time starts in Paris on 29 March 2026 (a 23-hour day) and ends on
 * 25 October (25 hours). */
static void
test_history_days_paris (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GArray) days = NULL;
  RespiteHistoryDay *day;
  gint64 prompt;

  g_assert_no_error (error);
  g_assert_nonnull (tz);

  /* 23:30 on the 28th → 00:45 on the 29th, at intensity 3. */
  add_block (store, paris (tz, 3, 28, 23, 30), paris (tz, 3, 29, 0, 45), 3);
  /* 01:30 → 03:30 on the 29th, across the missing hour: one real hour. */
  add_block (store, paris (tz, 3, 29, 1, 30), paris (tz, 3, 29, 3, 30), 1);
  /* Still running on the 30th: counts up to its heartbeat. */
  g_assert_cmpint (respite_store_begin_block (store, paris (tz, 3, 30, 9, 0), RESPITE_KIND_TEXT,
                                              2, &error), >, 0);
  g_assert_true (respite_store_heartbeat_block (store, 3, paris (tz, 3, 30, 9, 20), &error));
  g_assert_no_error (error);

  prompt = respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE,
                                     paris (tz, 3, 29, 0, 45), &error);
  respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_REMINDER,
                            paris (tz, 3, 29, 0, 40), &error);
  respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, paris (tz, 3, 28, 23, 59), &error);
  respite_store_begin_break (store, RESPITE_BREAK_BREAK, paris (tz, 3, 29, 0, 45), 600, prompt,
                             &error);
  respite_store_begin_break (store, RESPITE_BREAK_BREAK, paris (tz, 3, 29, 12, 0), 600, 0, &error);
  respite_store_begin_break (store, RESPITE_BREAK_DECOMPRESSION, paris (tz, 3, 29, 18, 0), 900, 0,
                             &error);
  g_assert_no_error (error);

  /* From the middle of the 28th to the start of the 31st: three days. */
  days = respite_store_list_history_days (store, tz, paris (tz, 3, 28, 15, 0),
                                          paris (tz, 3, 31, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 3);

  day = &g_array_index (days, RespiteHistoryDay, 0);
  g_assert_cmpint (day->start, ==, paris (tz, 3, 28, 0, 0));
  g_assert_cmpint (day->end - day->start, ==, 24 * 3600);
  g_assert_cmpint (day->exposure[2], ==, 30 * 60);
  g_assert_cmpint (day->exposure[0] + day->exposure[1], ==, 0);
  g_assert_cmpuint (day->breaks_prompted, ==, 1);
  g_assert_cmpuint (day->breaks_taken, ==, 0);

  day = &g_array_index (days, RespiteHistoryDay, 1);
  g_assert_cmpint (day->end - day->start, ==, 23 * 3600);
  g_assert_cmpint (day->exposure[2], ==, 45 * 60);
  g_assert_cmpint (day->exposure[0], ==, 3600);
  g_assert_cmpuint (day->breaks_prompted, ==, 1);
  g_assert_cmpuint (day->breaks_taken, ==, 2);

  day = &g_array_index (days, RespiteHistoryDay, 2);
  g_assert_cmpint (day->exposure[1], ==, 20 * 60);
  g_assert_cmpuint (day->breaks_prompted, ==, 0);

  /* The autumn day has 25 hours. */
  g_clear_pointer (&days, g_array_unref);
  days = respite_store_list_history_days (store, tz, paris (tz, 10, 25, 0, 0),
                                          paris (tz, 10, 25, 12, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 1);
  day = &g_array_index (days, RespiteHistoryDay, 0);
  g_assert_cmpint (day->end - day->start, ==, 25 * 3600);
}

/* One row in every table, with values that are easy to recognise. */
static void
fill_every_table (RespiteStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) answers = make_answers (5, 4, 0, 2, 1, -1);
  RespiteCheckIn check_in = {
    .instrument_id = (char *) "who-5", .instrument_version = 1,
    .started_at = 7000, .finished_at = 7100, .answers = answers, .raw_score = 12,
    .scaled_score = 48.0, .band_id = (char *) "poor", .suggests_support = TRUE,
  };
  gint64 prompt;

  add_block (store, 1000, 4600, 3);
  prompt = respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, 4600, &error);
  g_assert_true (respite_store_answer_prompt (store, prompt, RESPITE_RESPONSE_TAKEN, 4601, &error));
  g_assert_true (respite_store_end_break (store,
                                          respite_store_begin_break (store, RESPITE_BREAK_BREAK,
                                                                     4601, 600, prompt, &error),
                                          5201, &error));
  check_in.prompt_id = prompt;
  g_assert_cmpint (respite_store_add_check_in (store, &check_in, &error), >, 0);
  g_assert_cmpint (respite_store_add_counselling_session (store, 8000, &error), >, 0);
  g_assert_true (respite_store_set_sharing_team (store, "Hotline", &error));
  g_assert_true (respite_store_queue_day (store, "1970-01-01", 9000, &error));
  g_assert_no_error (error);
}

static JsonObject *
only_row (JsonObject *tables,
          const char *table)
{
  JsonArray *rows = json_object_get_array_member (tables, table);

  g_assert_nonnull (rows);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);

  return json_array_get_object_element (rows, 0);
}

static void
test_export_json_round_trip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autofree char *export_path = g_build_filename (fixture->dir, "export.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (export_path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *tables, *row;

  g_assert_no_error (error);
  fill_every_table (store);

  stream = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (respite_store_export_json (store, G_OUTPUT_STREAM (stream), &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));

  /* Erase everything: the file alone must still hold every row. */
  g_assert_true (respite_store_erase_all (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_true (json_parser_load_from_file (parser, export_path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==,
                   RESPITE_STORE_SCHEMA_VERSION);
  tables = json_object_get_object_member (root, "tables");
  g_assert_cmpuint (json_object_get_size (tables), ==, 8);

  /* The member token is the reviewer's to see; the secret stays out. */
  row = only_row (tables, "sharing");
  g_assert_cmpstr (json_object_get_string_member (row, "team"), ==, "Hotline");
  g_assert_cmpuint (strlen (json_object_get_string_member (row, "member")), ==, 22);
  g_assert_false (json_object_has_member (row, "secret"));
  row = only_row (tables, "publish_queue");
  g_assert_cmpstr (json_object_get_string_member (row, "day"), ==, "1970-01-01");

  row = only_row (tables, "exposure_blocks");
  g_assert_cmpint (json_object_get_int_member (row, "started_at"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (row, "ended_at"), ==, 4600);
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "image");
  g_assert_cmpint (json_object_get_int_member (row, "intensity"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (row, "end_reason"), ==, "stopped");

  row = only_row (tables, "prompts");
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "break-due");
  g_assert_cmpint (json_object_get_int_member (row, "prompted_at"), ==, 4600);
  g_assert_cmpstr (json_object_get_string_member (row, "response"), ==, "taken");
  g_assert_cmpint (json_object_get_int_member (row, "responded_at"), ==, 4601);

  row = only_row (tables, "breaks");
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "break");
  g_assert_cmpint (json_object_get_int_member (row, "started_at"), ==, 4601);
  g_assert_cmpint (json_object_get_int_member (row, "ended_at"), ==, 5201);
  g_assert_cmpint (json_object_get_int_member (row, "planned_seconds"), ==, 600);
  g_assert_cmpint (json_object_get_int_member (row, "prompt_id"), ==, 1);

  row = only_row (tables, "check_ins");
  g_assert_cmpstr (json_object_get_string_member (row, "instrument"), ==, "who-5");
  g_assert_cmpint (json_object_get_int_member (row, "instrument_version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "started_at"), ==, 7000);
  g_assert_cmpint (json_object_get_int_member (row, "finished_at"), ==, 7100);
  g_assert_cmpstr (json_object_get_string_member (row, "answers"), ==, "[5,4,0,2,1]");
  g_assert_cmpint (json_object_get_int_member (row, "raw_score"), ==, 12);
  g_assert_cmpfloat (json_object_get_double_member (row, "scaled_score"), ==, 48.0);
  g_assert_cmpstr (json_object_get_string_member (row, "band"), ==, "poor");
  g_assert_cmpint (json_object_get_int_member (row, "suggests_support"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "prompt_id"), ==, 1);

  row = only_row (tables, "counselling_sessions");
  g_assert_cmpint (json_object_get_int_member (row, "done_at"), ==, 8000);
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autofree char *folder = g_build_filename (fixture->dir, "export", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  const char * const tables[] = { "breaks", "check_ins", "counselling_sessions",
                                  "exposure_blocks", "prompts" };
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  fill_every_table (store);

  g_assert_true (respite_store_export_csv (store, file, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *name = g_strconcat (tables[i], ".csv", NULL);
      g_autofree char *table_path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_true (g_file_get_contents (table_path, &contents, NULL, &error));
      g_assert_no_error (error);
      lines = g_strsplit (contents, "\r\n", -1);
      /* A header, one row, and the empty string after the last line end. */
      g_assert_cmpuint (g_strv_length (lines), ==, 3);
      g_assert_true (g_str_has_prefix (lines[0], "id,"));
      g_assert_cmpstr (lines[2], ==, "");
    }

  path = g_build_filename (folder, "check_ins.csv", NULL);
  g_assert_true (g_file_get_contents (path, &csv, NULL, &error));
  g_assert_cmpstr (csv, ==,
                   "id,instrument,instrument_version,started_at,finished_at,answers,raw_score,"
                   "scaled_score,band,suggests_support,prompt_id\r\n"
                   "1,who-5,1,7000,7100,\"[5,4,0,2,1]\",12,48,poor,1,1\r\n");
}

static void
test_erase_all (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  GStatBuf st;
  gint64 id;

  g_assert_no_error (error);
  fill_every_table (store);

  /* Not while a block runs: the tracker still owns it. */
  id = respite_store_begin_block (store, 9000, RESPITE_KIND_LIVE, 1, &error);
  g_assert_false (respite_store_erase_all (store, &error));
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_BLOCK_OPEN);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM check_ins"), ==, 1);

  g_assert_true (respite_store_end_block (store, id, 9100, RESPITE_END_STOPPED, &error));
  g_assert_true (respite_store_erase_all (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT (SELECT COUNT(*) FROM exposure_blocks)"
                            " + (SELECT COUNT(*) FROM prompts) + (SELECT COUNT(*) FROM breaks)"
                            " + (SELECT COUNT(*) FROM check_ins)"
                            " + (SELECT COUNT(*) FROM counselling_sessions)"
                            " + (SELECT COUNT(*) FROM publish_queue)"), ==, 0);
  /* The team identity stays, so that its published rows can still be
   * erased by resetting it. */
  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM sharing"), ==, 1);
  /* Nothing erased lingers in the write-ahead log. */
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);

  /* Empty, but a valid store of the current schema that works. */
  g_clear_object (&store);
  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==,
                   RESPITE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (respite_store_begin_block (store, 10000, RESPITE_KIND_TEXT, 2, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_prune (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC);
  g_autoptr(GArray) answers = make_answers (2, -1);
  RespiteCheckIn check_in = {
    .instrument_id = (char *) "pulse", .instrument_version = 1, .answers = answers,
    .scaled_score = NAN,
  };
  gint64 cut, id;

  g_assert_no_error (error);

  /* A year of retention, as the policy's default says. */
  cut = respite_clock_get_real_time (clock) / G_USEC_PER_SEC - 365 * 86400;

  /* For each table, a row ending one second before the cut-off (pruned)
   * and one ending right on it (kept). */
  add_block (store, cut - 600, cut - 1, 2);
  add_block (store, cut - 300, cut, 2);
  respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, cut - 1, &error);
  respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, cut, &error);
  id = respite_store_begin_break (store, RESPITE_BREAK_BREAK, cut - 600, 600, 0, &error);
  respite_store_end_break (store, id, cut - 1, &error);
  id = respite_store_begin_break (store, RESPITE_BREAK_BREAK, cut - 600, 600, 0, &error);
  respite_store_end_break (store, id, cut, &error);
  check_in.started_at = check_in.finished_at = cut - 1;
  respite_store_add_check_in (store, &check_in, &error);
  check_in.started_at = check_in.finished_at = cut;
  respite_store_add_check_in (store, &check_in, &error);
  respite_store_add_counselling_session (store, cut - 1, &error);
  respite_store_add_counselling_session (store, cut, &error);
  /* A break still running from long ago is not pruned, nor a block. */
  respite_store_begin_break (store, RESPITE_BREAK_DECOMPRESSION, cut - 90000, 900, 0, &error);
  respite_store_begin_block (store, cut - 90000, RESPITE_KIND_VIDEO, 3, &error);
  g_assert_no_error (error);

  g_assert_true (respite_store_prune (store, cut, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM exposure_blocks"), ==, 2);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT MIN(ended_at) FROM exposure_blocks"), ==, cut);
  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM prompts"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM breaks"), ==, 2);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT COUNT(*) FROM breaks WHERE ended_at IS NULL"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM check_ins"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM counselling_sessions"), ==, 1);
}

/* A store exactly as version 3 of the schema left it, with a row in each
 * table. */
static const char v3_store[] =
  "CREATE TABLE exposure_blocks ("
  "  id           INTEGER PRIMARY KEY,"
  "  started_at   INTEGER NOT NULL,"
  "  ended_at     INTEGER,"
  "  heartbeat_at INTEGER NOT NULL,"
  "  kind         TEXT NOT NULL"
  "               CHECK (kind IN ('image', 'video', 'audio', 'text', 'live')),"
  "  intensity    INTEGER NOT NULL CHECK (intensity BETWEEN 1 AND 3),"
  "  end_reason   TEXT,"
  "  CHECK ((ended_at IS NULL) = (end_reason IS NULL)),"
  "  CHECK (ended_at IS NULL OR ended_at >= started_at),"
  "  CHECK (heartbeat_at >= started_at)"
  ");"
  "CREATE INDEX exposure_blocks_by_start ON exposure_blocks (started_at);"
  "CREATE UNIQUE INDEX exposure_blocks_one_open ON exposure_blocks (ended_at IS NULL)"
  "  WHERE ended_at IS NULL;"
  "CREATE TABLE prompts ("
  "  id           INTEGER PRIMARY KEY,"
  "  kind         TEXT NOT NULL,"
  "  prompted_at  INTEGER NOT NULL,"
  "  response     TEXT,"
  "  responded_at INTEGER,"
  "  CHECK ((response IS NULL) = (responded_at IS NULL))"
  ");"
  "CREATE INDEX prompts_by_time ON prompts (prompted_at);"
  "CREATE TABLE breaks ("
  "  id              INTEGER PRIMARY KEY,"
  "  kind            TEXT NOT NULL CHECK (kind IN ('break', 'decompression')),"
  "  started_at      INTEGER NOT NULL,"
  "  ended_at        INTEGER,"
  "  planned_seconds INTEGER NOT NULL CHECK (planned_seconds >= 0),"
  "  prompt_id       INTEGER REFERENCES prompts (id) ON DELETE SET NULL,"
  "  CHECK (ended_at IS NULL OR ended_at >= started_at)"
  ");"
  "CREATE INDEX breaks_by_start ON breaks (started_at);"
  "CREATE TABLE check_ins ("
  "  id                 INTEGER PRIMARY KEY,"
  "  instrument         TEXT NOT NULL,"
  "  instrument_version INTEGER NOT NULL,"
  "  started_at         INTEGER NOT NULL,"
  "  finished_at        INTEGER NOT NULL,"
  "  answers            TEXT NOT NULL CHECK (json_type (answers) = 'array'),"
  "  raw_score          INTEGER NOT NULL,"
  "  scaled_score       REAL,"
  "  band               TEXT,"
  "  suggests_support   INTEGER NOT NULL CHECK (suggests_support IN (0, 1)),"
  "  prompt_id          INTEGER REFERENCES prompts (id) ON DELETE SET NULL,"
  "  CHECK (finished_at >= started_at)"
  ");"
  "CREATE INDEX check_ins_by_time ON check_ins (finished_at);"
  "CREATE TABLE counselling_sessions ("
  "  id      INTEGER PRIMARY KEY,"
  "  done_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX counselling_sessions_by_time ON counselling_sessions (done_at);"
  "INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity, end_reason)"
  "  VALUES (1000, 4600, 4600, 'video', 3, 'break');"
  "INSERT INTO prompts (kind, prompted_at, response, responded_at)"
  "  VALUES ('break-due', 4600, 'taken', 4610);"
  "INSERT INTO breaks (kind, started_at, ended_at, planned_seconds, prompt_id)"
  "  VALUES ('break', 4610, 5210, 600, 1);"
  "INSERT INTO check_ins (instrument, instrument_version, started_at, finished_at, answers,"
  "  raw_score, scaled_score, band, suggests_support, prompt_id)"
  "  VALUES ('who5', 1, 6000, 6100, '[3,3,3,3,3]', 15, 60.0, 'good', 0, NULL);"
  "INSERT INTO counselling_sessions (done_at) VALUES (7000);"
  "PRAGMA user_version = 3;";

static void
test_migrate_from_v3 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(GArray) check_ins = NULL;
  g_autoptr(GArray) queue = NULL;
  RespiteSharing sharing;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  sql (fixture->path, v3_store);

  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==,
                   RESPITE_STORE_SCHEMA_VERSION);

  /* The v3 rows are all there. */
  check_ins = respite_store_list_check_ins (store, 0, 10000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check_ins->len, ==, 1);
  g_assert_cmpfloat (g_array_index (check_ins, RespiteCheckIn, 0).scaled_score, ==, 60.0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM exposure_blocks"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT COUNT(*) FROM counselling_sessions"), ==, 1);

  /* The v4 tables are new and work: an identity is made on first use, and
   * the queue starts empty. */
  queue = respite_store_list_queued_days (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 0);
  g_assert_true (respite_store_get_sharing (store, &sharing, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sharing.member);
  g_assert_null (sharing.team);
  g_assert_false (sharing.opted_out);
  g_assert_cmpint (sharing.last_published_at, ==, 0);
  respite_sharing_clear (&sharing);
}

static gboolean
is_token (const char *text,
          gsize       length)
{
  if (text == NULL || strlen (text) != length)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

static void
test_sharing_identity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autofree char *member = NULL;
  g_autofree char *secret = NULL;
  RespiteSharing sharing;

  g_assert_no_error (error);

  g_assert_true (respite_store_get_sharing (store, &sharing, &error));
  g_assert_no_error (error);
  g_assert_true (is_token (sharing.member, 22));
  g_assert_true (is_token (sharing.secret, 43));
  g_assert_cmpstr (sharing.member, !=, sharing.secret);
  member = g_steal_pointer (&sharing.member);
  secret = g_steal_pointer (&sharing.secret);
  respite_sharing_clear (&sharing);

  /* Stable across readings and reopening. */
  g_assert_true (respite_store_set_sharing_team (store, "Hotline", &error));
  g_assert_true (respite_store_set_sharing_opted_out (store, TRUE, &error));
  g_assert_true (respite_store_set_publish_result (store, 5000, NULL, &error));
  g_assert_true (respite_store_set_publish_result (store, 6000, "No network", &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (respite_store_get_sharing (store, &sharing, &error));
  g_assert_cmpstr (sharing.member, ==, member);
  g_assert_cmpstr (sharing.secret, ==, secret);
  g_assert_cmpstr (sharing.team, ==, "Hotline");
  g_assert_true (sharing.opted_out);
  g_assert_cmpint (sharing.last_published_at, ==, 5000);  /* the failure kept it */
  g_assert_cmpstr (sharing.last_error, ==, "No network");
  respite_sharing_clear (&sharing);

  /* A new identity: nothing in common with the old one, status cleared,
   * settings kept. */
  g_assert_true (respite_store_new_sharing_identity (store, &error));
  g_assert_no_error (error);
  g_assert_true (respite_store_get_sharing (store, &sharing, &error));
  g_assert_true (is_token (sharing.member, 22));
  g_assert_cmpstr (sharing.member, !=, member);
  g_assert_cmpstr (sharing.secret, !=, secret);
  g_assert_cmpstr (sharing.team, ==, "Hotline");
  g_assert_true (sharing.opted_out);
  g_assert_cmpint (sharing.last_published_at, ==, 0);
  g_assert_null (sharing.last_error);
  respite_sharing_clear (&sharing);
}

static void
test_publish_queue (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const many_days[] = { "2024-03-01", "2024-03-02", "2024-03-03", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = respite_store_open (fixture->path, &error);
  g_autoptr(GArray) queue = NULL;
  RespiteQueuedDay *day;
  gint64 revision;

  g_assert_no_error (error);

  g_assert_true (respite_store_queue_day (store, "2024-03-02", 100, &error));
  g_assert_true (respite_store_queue_day (store, "2024-03-01", 200, &error));
  g_assert_true (respite_store_queue_day (store, "2024-03-02", 300, &error));
  g_assert_no_error (error);

  queue = respite_store_list_queued_days (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 2);
  day = &g_array_index (queue, RespiteQueuedDay, 0);
  g_assert_cmpstr (day->day, ==, "2024-03-01");
  day = &g_array_index (queue, RespiteQueuedDay, 1);
  g_assert_cmpstr (day->day, ==, "2024-03-02");
  g_assert_cmpint (day->queued_at, ==, 300);
  revision = day->revision;

  /* Changed again while being published: it stays queued. */
  g_assert_true (respite_store_queue_day (store, "2024-03-02", 400, &error));
  g_assert_true (respite_store_unqueue_day (store, "2024-03-02", revision, &error));
  g_assert_no_error (error);
  g_clear_pointer (&queue, g_array_unref);
  queue = respite_store_list_queued_days (store, &error);
  g_assert_cmpuint (queue->len, ==, 2);
  g_assert_cmpint (g_array_index (queue, RespiteQueuedDay, 1).revision, ==, revision + 1);

  g_assert_true (respite_store_unqueue_day (store, "2024-03-02", revision + 1, &error));
  g_clear_pointer (&queue, g_array_unref);
  queue = respite_store_list_queued_days (store, &error);
  g_assert_cmpuint (queue->len, ==, 1);

  g_assert_true (respite_store_clear_queue (store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&queue, g_array_unref);
  queue = respite_store_list_queued_days (store, &error);
  g_assert_cmpuint (queue->len, ==, 0);

  /* Many days at once, as a refill does; a queued one changes again. */
  g_assert_true (respite_store_queue_day (store, "2024-03-02", 500, &error));
  g_assert_true (respite_store_queue_days (store, many_days, 600, &error));
  g_assert_no_error (error);
  g_clear_pointer (&queue, g_array_unref);
  queue = respite_store_list_queued_days (store, &error);
  g_assert_cmpuint (queue->len, ==, 3);
  g_assert_cmpstr (g_array_index (queue, RespiteQueuedDay, 0).day, ==, "2024-03-01");
  g_assert_cmpstr (g_array_index (queue, RespiteQueuedDay, 2).day, ==, "2024-03-03");
  g_assert_cmpint (g_array_index (queue, RespiteQueuedDay, 1).queued_at, ==, 600);
  g_assert_cmpint (g_array_index (queue, RespiteQueuedDay, 1).revision, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/store/open/private-files", test_private_files);
  ADD ("/store/open/unwritable-folder", test_unwritable_folder);
  ADD ("/store/migrate/from-empty", test_migrate_from_empty);
  ADD ("/store/migrate/from-v1", test_migrate_from_v1);
  ADD ("/store/prompts-and-breaks", test_prompts_and_breaks);
  ADD ("/store/migrate/refuses-newer", test_migrate_refuses_newer);
  ADD ("/store/corrupt/garbage", test_corrupt_garbage);
  ADD ("/store/corrupt/truncated", test_corrupt_truncated);
  ADD ("/store/corrupt/page-with-wal", test_corrupt_page_with_wal);
  ADD ("/store/corrupt/empty-with-wal", test_corrupt_empty_with_wal);
  ADD ("/store/blocks/one-open", test_one_open_block);
  ADD ("/store/blocks/recover", test_recover);
  ADD ("/store/blocks/sum-splits-periods", test_sum_splits_periods);
  ADD ("/store/migrate/from-v2", test_migrate_from_v2);
  ADD ("/store/check-ins", test_check_ins);
  ADD ("/store/counselling-sessions", test_counselling_sessions);
  ADD ("/store/history/days-in-paris", test_history_days_paris);
  ADD ("/store/export/json-round-trip", test_export_json_round_trip);
  ADD ("/store/export/csv", test_export_csv);
  ADD ("/store/erase-all", test_erase_all);
  ADD ("/store/prune", test_prune);
  ADD ("/store/migrate/from-v3", test_migrate_from_v3);
  ADD ("/store/sharing/identity", test_sharing_identity);
  ADD ("/store/sharing/queue", test_publish_queue);
#undef ADD

  return g_test_run ();
}
