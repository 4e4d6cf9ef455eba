/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

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
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 2);

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
  ADD ("/store/blocks/one-open", test_one_open_block);
  ADD ("/store/blocks/recover", test_recover);
  ADD ("/store/blocks/sum-splits-periods", test_sum_splits_periods);
#undef ADD

  return g_test_run ();
}
