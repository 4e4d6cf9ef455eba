/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Faults injected under the personal store and the tracker: a full disk
 * (SQLite's page limit, and ENOSPC from the system calls SQLite writes
 * with), files others could read, and a process killed by SIGKILL in the
 * middle of its writes while a fake clock runs through many heartbeats.
 * docs/reliability.md summarises what each one showed.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "respite-heartbeat.h"
#include "respite-tracker.h"

#define SEC ((gint64) G_USEC_PER_SEC)

/* Thursday 2026-11-19 09:00:00 UTC: the tests run with TZ=UTC. */
#define T0 ((gint64) 1795078800)

#define BLOCK(blocks, i) (&g_array_index ((blocks), RespiteBlock, (i)))

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

  fixture->dir = g_dir_make_tmp ("respite-test-faults-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite", "respite.db", NULL);
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
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static GArray *
list_blocks (RespiteStore *store)
{
  g_autoptr(GError) error = NULL;
  GArray *blocks = respite_store_list_blocks (store, 0, G_MAXINT64, &error);

  g_assert_no_error (error);
  return blocks;
}

/* --- a full disk, as SQLite's page limit ---------------------------------- */

/* The store keeps its connection to itself; an auto-extension sees every
 * connection the process opens, so the test can reach the store's. */
static sqlite3 *last_connection;

static int
capture_connection (sqlite3                      *db,
                    char                        **error_message,
                    const struct sqlite3_api_routines *api)
{
  last_connection = db;
  return SQLITE_OK;
}

static RespiteStore *
open_capturing (const char  *path,
                sqlite3    **db)
{
  g_autoptr(GError) error = NULL;
  RespiteStore *store;

  last_connection = NULL;
  sqlite3_auto_extension ((void (*) (void)) capture_connection);
  store = respite_store_open (path, &error);
  sqlite3_cancel_auto_extension ((void (*) (void)) capture_connection);
  g_assert_no_error (error);
  g_assert_nonnull (last_connection);
  *db = last_connection;

  return store;
}

static int
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static void
assert_integrity (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}

static void
set_max_pages (sqlite3 *db,
               int      pages)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %d", pages);

  g_assert_cmpint (query_int (db, sql), ==, pages);
}

static void
test_full_page_limit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(GArray) blocks = NULL;
  sqlite3 *db;
  gint64 t = T0;
  guint n_kept = 0;
  gboolean open = FALSE;

  store = open_capturing (fixture->path, &db);

  /* No page more than the file has now: the disk is full from here on. */
  set_max_pages (db, query_int (db, "PRAGMA page_count"));

  for (guint i = 0; i < 100000 && error == NULL; i++, t += 100)
    {
      gint64 id = respite_store_begin_block (store, t, RESPITE_KIND_TEXT, 2, &error);

      if (id == 0)
        break;
      open = TRUE;
      if (!respite_store_end_block (store, id, t + 50, RESPITE_END_STOPPED, &error))
        break;
      open = FALSE;
      n_kept++;
    }

  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "The disk is full"));
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);
  g_assert_cmpuint (n_kept, >, 0);

  /* What was recorded before is all there, as it was. */
  blocks = list_blocks (store);
  g_assert_cmpuint (blocks->len, ==, n_kept + (open ? 1 : 0));
  for (guint i = 0; i < n_kept; i++)
    {
      g_assert_cmpint (BLOCK (blocks, i)->started_at, ==, T0 + 100 * i);
      g_assert_cmpint (BLOCK (blocks, i)->ended_at, ==, T0 + 100 * i + 50);
    }
  assert_integrity (db);

  /* Space returns: the end that failed, and new blocks, are written. */
  set_max_pages (db, 1000000);
  if (open)
    g_assert_true (respite_store_end_block (store, BLOCK (blocks, n_kept)->id,
                                            BLOCK (blocks, n_kept)->started_at + 50,
                                            RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (respite_store_begin_block (store, t + 1000, RESPITE_KIND_VIDEO, 3, &error), >,
                   0);
  g_assert_no_error (error);
  g_clear_pointer (&blocks, g_array_unref);
  blocks = list_blocks (store);
  g_assert_cmpuint (blocks->len, ==, n_kept + (open ? 2 : 1));
  assert_integrity (db);
}

/* --- a full disk, as the system says it: ENOSPC --------------------------- */

/* SQLite lets a test swap the system calls its Unix VFS makes. While
 * disk_full is set, every write fails as a full disk makes it fail. */
static gboolean disk_full;
static sqlite3_syscall_ptr real_write, real_pwrite, real_pwrite64;

static ssize_t
full_write (int         fd,
            const void *buffer,
            size_t      count)
{
  if (disk_full)
    return (errno = ENOSPC, -1);
  return ((ssize_t (*) (int, const void *, size_t)) real_write) (fd, buffer, count);
}

static ssize_t
full_pwrite (int         fd,
             const void *buffer,
             size_t      count,
             off_t       offset)
{
  if (disk_full)
    return (errno = ENOSPC, -1);
  return ((ssize_t (*) (int, const void *, size_t, off_t)) real_pwrite) (fd, buffer, count,
                                                                          offset);
}

static ssize_t
full_pwrite64 (int         fd,
               const void *buffer,
               size_t      count,
               gint64      offset)
{
  if (disk_full)
    return (errno = ENOSPC, -1);
  return ((ssize_t (*) (int, const void *, size_t, gint64)) real_pwrite64) (fd, buffer, count,
                                                                              offset);
}

static void
install_full_disk (void)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");
  guint n_installed = 0;

  g_assert_nonnull (vfs);
  if (real_write != NULL)
    return;

  real_write = vfs->xGetSystemCall (vfs, "write");
  real_pwrite = vfs->xGetSystemCall (vfs, "pwrite");
  real_pwrite64 = vfs->xGetSystemCall (vfs, "pwrite64");

  if (real_write != NULL &&
      vfs->xSetSystemCall (vfs, "write", (sqlite3_syscall_ptr) full_write) == SQLITE_OK)
    n_installed++;
  if (real_pwrite != NULL &&
      vfs->xSetSystemCall (vfs, "pwrite", (sqlite3_syscall_ptr) full_pwrite) == SQLITE_OK)
    n_installed++;
  if (real_pwrite64 != NULL &&
      vfs->xSetSystemCall (vfs, "pwrite64", (sqlite3_syscall_ptr) full_pwrite64) == SQLITE_OK)
    n_installed++;

  g_assert_cmpuint (n_installed, >, 0);
}

static void
test_full_enospc_store (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(GArray) blocks = NULL;
  sqlite3 *db;
  gint64 id;

  install_full_disk ();
  store = open_capturing (fixture->path, &db);
  id = respite_store_begin_block (store, T0, RESPITE_KIND_IMAGE, 1, &error);
  g_assert_no_error (error);

  disk_full = TRUE;
  g_assert_false (respite_store_heartbeat_block (store, id, T0 + 60, &error));
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_false (respite_store_end_block (store, id, T0 + 90, RESPITE_END_STOPPED, &error));
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "The disk is full"));
  g_clear_error (&error);
  disk_full = FALSE;

  /* The block is still open from its start: kept, and nothing half-written. */
  blocks = list_blocks (store);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->started_at, ==, T0);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, 0);
  assert_integrity (db);

  g_assert_true (respite_store_end_block (store, id, T0 + 90, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);
  g_clear_pointer (&blocks, g_array_unref);
  blocks = list_blocks (store);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 90);
  assert_integrity (db);
}

typedef struct
{
  Fixture        *fixture;
  RespiteClock   *clock;    /* (owned) */
  RespiteStore   *store;    /* (owned) */
  RespiteTracker *tracker;  /* (owned) */
  guint           n_store_errors;
} TrackerRun;

static void
store_error_cb (RespiteTracker *tracker,
                const GError   *error,
                TrackerRun     *run)
{
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FULL);
  run->n_store_errors++;
}

static void
tracker_run_open (TrackerRun *run)
{
  g_autoptr(GError) error = NULL;

  run->store = respite_store_open (run->fixture->path, &error);
  g_assert_no_error (error);
  run->tracker = respite_tracker_new (run->store, run->clock, &error);
  g_assert_no_error (error);
  g_signal_connect (run->tracker, "store-error", G_CALLBACK (store_error_cb), run);
}

static void
tracker_run_crash (TrackerRun *run)
{
  g_clear_object (&run->tracker);
  g_clear_object (&run->store);
}

/* A heartbeat that fails warns; the test expects each such warning. */
static void
advance_expecting_failure (TrackerRun *run,
                           gint64      seconds)
{
  g_test_expect_message ("respite-tracker", G_LOG_LEVEL_WARNING, "*The disk is full*");
  respite_clock_advance (run->clock, seconds * SEC);
  g_test_assert_expected_messages ();
}

static void
test_full_enospc_tracker (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;
  TrackerRun run = { .fixture = fixture };

  install_full_disk ();
  run.clock = respite_clock_new_fake (T0 * SEC);
  tracker_run_open (&run);

  /* A heartbeat fails while the disk is full, and the next one, once space
   * returns, catches up. */
  g_assert_true (respite_tracker_start (run.tracker, &error));
  respite_clock_advance (run.clock, 60 * SEC);
  disk_full = TRUE;
  advance_expecting_failure (&run, 60);
  g_assert_cmpuint (run.n_store_errors, ==, 1);
  disk_full = FALSE;
  respite_clock_advance (run.clock, 60 * SEC);
  blocks = list_blocks (run.store);
  g_assert_cmpint (BLOCK (blocks, 0)->heartbeat_at, ==, T0 + 180);
  g_clear_pointer (&blocks, g_array_unref);

  /* The end cannot be written: the block ends all the same, and the end is
   * kept and retried on the heartbeat. */
  respite_clock_advance (run.clock, 20 * SEC);
  disk_full = TRUE;
  g_assert_false (respite_tracker_stop (run.tracker, RESPITE_END_STOPPED, &error));
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpint (respite_tracker_get_state (run.tracker), ==, RESPITE_TRACKER_IDLE);

  /* Nothing starts on top of an end not yet written. */
  g_assert_false (respite_tracker_start (run.tracker, &error));
  g_assert_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FULL);
  g_clear_error (&error);

  advance_expecting_failure (&run, 60);
  advance_expecting_failure (&run, 60);
  g_assert_cmpuint (run.n_store_errors, ==, 3);

  disk_full = FALSE;
  respite_clock_advance (run.clock, 60 * SEC);
  g_assert_cmpuint (run.n_store_errors, ==, 3);
  blocks = list_blocks (run.store);
  g_assert_cmpuint (blocks->len, ==, 1);
  /* Ended when it was stopped, not when the disk had room again. */
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 200);
  g_assert_cmpint (BLOCK (blocks, 0)->end_reason, ==, RESPITE_END_STOPPED);
  g_clear_pointer (&blocks, g_array_unref);
  g_assert_cmpuint (respite_clock_count_timeouts (run.clock), ==, 0);

  /* Recording works again. */
  g_assert_true (respite_tracker_start (run.tracker, &error));
  g_assert_no_error (error);
  respite_clock_advance (run.clock, 30 * SEC);
  g_assert_true (respite_tracker_stop (run.tracker, RESPITE_END_STOPPED, &error));
  blocks = list_blocks (run.store);
  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpint (BLOCK (blocks, 1)->ended_at - BLOCK (blocks, 1)->started_at, ==, 30);
  g_clear_pointer (&blocks, g_array_unref);

  /* A crash while the disk is full loses only what never reached the disk:
   * the block is recovered at its last written heartbeat. The heartbeat
   * record beside the store was written before the disk filled and
   * overwrites its own blocks, so it takes heartbeats when the store
   * cannot: the block ends at the heartbeat the store refused. */
  g_assert_true (respite_tracker_start (run.tracker, &error));
  respite_clock_advance (run.clock, 60 * SEC);
  disk_full = TRUE;
  advance_expecting_failure (&run, 60);
  tracker_run_crash (&run);
  disk_full = FALSE;
  tracker_run_open (&run);
  blocks = list_blocks (run.store);
  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_cmpint (BLOCK (blocks, 2)->ended_at - BLOCK (blocks, 2)->started_at, ==, 120);
  g_assert_cmpint (BLOCK (blocks, 2)->end_reason, ==, RESPITE_END_RECOVERED);

  tracker_run_crash (&run);
  g_clear_object (&run.clock);
}

/* --- the heartbeat record (issue #17) ------------------------------------- */

/* What a power cut may leave of the store: its heartbeats are committed
 * without waiting for the disk, so in the worst case none of them. Set
 * with a connection of the test's own while the store is closed. */
static void
lose_unsynced_heartbeats (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE exposure_blocks SET heartbeat_at = started_at"
                                     " WHERE ended_at IS NULL", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* Overwrites part of record @slot (0 or 1), as a write torn by a power cut
 * would leave it. */
static void
tear_record (const char *store_path,
             guint       slot)
{
  g_autofree char *path = respite_heartbeat_path_for_store (store_path);
  const guint8 garbage[24] = { 0xa5, 0x5a, 0xa5, 0x5a };
  int fd = open (path, O_WRONLY);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, garbage, sizeof garbage, slot * 4096 + 24), ==, sizeof garbage);
  close (fd);
}

static void
run_block (TrackerRun *run,
           guint       minutes)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_tracker_start (run->tracker, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < minutes; i++)
    respite_clock_advance (run->clock, 60 * SEC);
}

static void
reopen_expecting_recovery (TrackerRun *run,
                           const char *damaged)
{
  if (damaged != NULL)
    g_test_expect_message ("respite-heartbeat", G_LOG_LEVEL_MESSAGE, damaged);
  g_test_expect_message ("respite-tracker", G_LOG_LEVEL_MESSAGE, "Ended 1 block(s)*");
  tracker_run_open (run);
  g_test_assert_expected_messages ();
}

static void
test_heartbeat_record (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GArray) blocks = NULL;
  TrackerRun run = { .fixture = fixture };

  run.clock = respite_clock_new_fake (T0 * SEC);
  tracker_run_open (&run);

  /* A power cut: the store kept none of the block's heartbeats, the record
   * kept the last. Records alternate between two slots: 60 s in slot 0,
   * 120 s in 1, 180 s in 0. */
  run_block (&run, 3);
  tracker_run_crash (&run);
  lose_unsynced_heartbeats (fixture->path);
  reopen_expecting_recovery (&run, NULL);
  blocks = list_blocks (run.store);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->started_at, ==, T0);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 180);
  g_assert_cmpint (BLOCK (blocks, 0)->end_reason, ==, RESPITE_END_RECOVERED);
  g_clear_pointer (&blocks, g_array_unref);

  /* A power cut in the middle of a heartbeat's write: the store kept none,
   * the newest record is torn (240 s is in slot 1, 300 s in slot 0). It is
   * ignored with a message, and the older one counts: the loss is the time
   * since that heartbeat, which the clock had passed when the power went. */
  run_block (&run, 2);
  tracker_run_crash (&run);
  lose_unsynced_heartbeats (fixture->path);
  tear_record (fixture->path, 0);
  reopen_expecting_recovery (&run, "Heartbeat record 1 in * is damaged: ignored");
  blocks = list_blocks (run.store);
  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpint (BLOCK (blocks, 1)->started_at, ==, T0 + 180);
  g_assert_cmpint (BLOCK (blocks, 1)->ended_at, ==, T0 + 240);
  g_clear_pointer (&blocks, g_array_unref);

  /* The newest record damaged after a crash the store came through:
   * nothing the store holds is lost (360 s in slot 0, 420 s in slot 1,
   * torn). The clock stood at 300 s: the block starts there. */
  run_block (&run, 2);
  tracker_run_crash (&run);
  tear_record (fixture->path, 1);
  reopen_expecting_recovery (&run, "Heartbeat record 2 in * is damaged: ignored");
  blocks = list_blocks (run.store);
  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_cmpint (BLOCK (blocks, 2)->started_at, ==, T0 + 300);
  g_assert_cmpint (BLOCK (blocks, 2)->ended_at, ==, T0 + 420);
  g_clear_pointer (&blocks, g_array_unref);

  /* Every record damaged, the store intact: the same. */
  run_block (&run, 1);
  tracker_run_crash (&run);
  tear_record (fixture->path, 0);
  tear_record (fixture->path, 1);
  g_test_expect_message ("respite-heartbeat", G_LOG_LEVEL_MESSAGE, "*record 1*damaged*");
  reopen_expecting_recovery (&run, "*record 2*damaged*");
  blocks = list_blocks (run.store);
  g_assert_cmpuint (blocks->len, ==, 4);
  g_assert_cmpint (BLOCK (blocks, 3)->ended_at, ==, T0 + 480);
  g_clear_pointer (&blocks, g_array_unref);

  /* Records that name another block (an id the store does not have, or
   * has for a block that started at another time, as after an erase):
   * change nothing. */
  run_block (&run, 2);
  tracker_run_crash (&run);
  {
    g_autofree char *path = respite_heartbeat_path_for_store (fixture->path);
    g_autoptr(RespiteHeartbeat) heartbeat = respite_heartbeat_open (path, NULL);

    g_assert_nonnull (heartbeat);
    g_assert_true (respite_heartbeat_write (heartbeat, 5, T0 + 100, T0 + 9000, NULL));
    g_assert_true (respite_heartbeat_write (heartbeat, 99, T0 + 480, T0 + 9000, NULL));
  }
  reopen_expecting_recovery (&run, NULL);
  blocks = list_blocks (run.store);
  g_assert_cmpuint (blocks->len, ==, 5);
  g_assert_cmpint (BLOCK (blocks, 4)->ended_at, ==, T0 + 600);

  tracker_run_crash (&run);
  g_clear_object (&run.clock);
}

/* After the reviewer erases their data (the window then reloads the
 * tracker), no time of theirs is left in the record; a block running all
 * the same has its heartbeat written again at once. */
static void
test_heartbeat_record_erased (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = respite_heartbeat_path_for_store (fixture->path);
  g_autofree char *contents = NULL;
  TrackerRun run = { .fixture = fixture };
  gsize len;

  run.clock = respite_clock_new_fake (T0 * SEC);
  tracker_run_open (&run);
  run_block (&run, 2);
  g_assert_true (respite_tracker_stop (run.tracker, RESPITE_END_STOPPED, &error));
  respite_tracker_reload (run.tracker);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, 8192);
  for (gsize i = 0; i < len; i++)
    g_assert_cmpint (contents[i], ==, 0);
  g_clear_pointer (&contents, g_free);

  run_block (&run, 1);
  respite_clock_advance (run.clock, 30 * SEC);
  respite_tracker_reload (run.tracker);
  tracker_run_crash (&run);
  lose_unsynced_heartbeats (fixture->path);
  reopen_expecting_recovery (&run, NULL);
  {
    g_autoptr(GArray) blocks = list_blocks (run.store);

    g_assert_cmpuint (blocks->len, ==, 2);
    g_assert_cmpint (BLOCK (blocks, 1)->ended_at - BLOCK (blocks, 1)->started_at, ==, 90);
  }

  tracker_run_crash (&run);
  g_clear_object (&run.clock);
}

/* --- files only the reviewer can read ------------------------------------ */

static void
assert_mode (const char *path,
             guint       mode)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  if ((st.st_mode & 0777) != mode)
    g_error ("%s has mode %03o, not %03o", path, st.st_mode & 0777, mode);
}

static void
test_files_private (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autofree char *export_path = g_build_filename (fixture->dir, "export", NULL);
  g_autoptr(GFile) export_folder = g_file_new_for_path (export_path);
  g_autoptr(GDir) exported = NULL;
  const char *name;
  guint n_exported = 0;
  mode_t old_umask;

  /* Whatever the umask lets through, the files are the reviewer's alone. */
  old_umask = umask (0);

  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (respite_store_begin_block (store, T0, RESPITE_KIND_AUDIO, 2, &error), >, 0);
  g_assert_no_error (error);

  assert_mode (folder, 0700);
  assert_mode (fixture->path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);

  g_assert_true (respite_store_export_csv (store, export_folder, &error));
  g_assert_no_error (error);
  exported = g_dir_open (export_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (exported)) != NULL)
    {
      g_autofree char *file = g_build_filename (export_path, name, NULL);

      assert_mode (file, 0600);
      n_exported++;
    }
  g_assert_cmpuint (n_exported, >=, 1);
  g_clear_object (&store);

  /* Someone loosened them: the next start tightens them again. */
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  assert_mode (folder, 0700);
  assert_mode (fixture->path, 0600);

  umask (old_umask);
}

/* --- SIGKILL in the middle of the writes, with heartbeats ------------------ */

/* The child runs a tracker on a fake clock as fast as it can: starts,
 * stops, switches and minutes passing, each heartbeat a real write with a
 * full sync. After each call returns it tells the parent what is now on
 * disk, one line at a time down a pipe, so the parent knows a lower bound
 * of what must survive. The parent kills it at a random moment. */
static void G_GNUC_NORETURN
run_child (const char *path,
           gint64      start,
           guint32     seed,
           int         report_fd)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (start * SEC);
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(RespiteTracker) tracker = NULL;
  int null_fd = open ("/dev/null", O_WRONLY);

  /* Quiet: the parent's TAP output is on the same descriptors. */
  dup2 (null_fd, STDOUT_FILENO);
  dup2 (null_fd, STDERR_FILENO);

  store = respite_store_open (path, NULL);
  if (store != NULL)
    tracker = respite_tracker_new (store, clock, NULL);
  if (tracker == NULL)
    _exit (2);

  /* Ready: the parent may time its kill from here. */
  {
    g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT " 0\n", start);

    if (write (report_fd, line, strlen (line)) < 0)
      _exit (4);
  }

  for (guint step = 0; step < 100000; step++)
    {
      g_autofree char *line = NULL;
      gint64 now;

      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
          if (!respite_tracker_start (tracker, NULL))
            _exit (3);
          break;

        case 1:
          if (!respite_tracker_stop (tracker, RESPITE_END_STOPPED, NULL))
            _exit (3);
          break;

        case 2:
          if (!respite_tracker_set_kind (tracker, g_rand_int_range (rand, 0, RESPITE_N_KINDS),
                                         NULL))
            _exit (3);
          break;

        default:
          respite_clock_advance (clock, g_rand_int_range (rand, 1, 91) * SEC);
          break;
        }

      now = respite_clock_get_real_time (clock) / SEC;
      if (respite_tracker_get_state (tracker) == RESPITE_TRACKER_EXPOSED)
        line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                                now, now - respite_tracker_get_block_seconds (tracker));
      else
        line = g_strdup_printf ("%" G_GINT64_FORMAT " 0\n", now);
      if (write (report_fd, line, strlen (line)) < 0)
        _exit (4);
    }

  _exit (0);
}

static void
assert_same_block (const RespiteBlock *expected,
                   const RespiteBlock *actual)
{
  g_assert_cmpint (actual->id, ==, expected->id);
  g_assert_cmpint (actual->started_at, ==, expected->started_at);
  g_assert_cmpint (actual->ended_at, ==, expected->ended_at);
  g_assert_cmpint (actual->heartbeat_at, ==, expected->heartbeat_at);
  g_assert_cmpint (actual->kind, ==, expected->kind);
  g_assert_cmpint (actual->intensity, ==, expected->intensity);
  g_assert_cmpint (actual->end_reason, ==, expected->end_reason);
}

/* The last complete report: the child's clock (@start if it reported
 * nothing), and when its running block started (0: none ran). */
static void
read_last_report (int     fd,
                  gint64  start,
                  gint64 *now,
                  gint64 *block_start)
{
  g_autoptr(GString) all = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  char buffer[4096];
  gssize n;
  guint len;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (all, buffer, n);

  *now = start;
  *block_start = 0;
  lines = g_strsplit (all->str, "\n", -1);
  len = g_strv_length (lines);
  /* The part after the last newline is empty: each line is one write. */
  if (len >= 2)
    g_assert_cmpint (sscanf (lines[len - 2], "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                             now, block_start), ==, 2);
}

static void
test_crash_heartbeats (Fixture       *fixture,
                       gconstpointer  data)
{
  guint n_runs = g_getenv ("RESPITE_TEST_LONG") != NULL ? 1000 : 100;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr(GArray) kept = g_array_new (FALSE, TRUE, sizeof (RespiteBlock));
  gint64 start = T0;
  guint n_recovered = 0, n_recovered_later = 0;

  for (guint run = 0; run < n_runs; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RespiteClock) clock = NULL;
      g_autoptr(RespiteStore) store = NULL;
      g_autoptr(RespiteTracker) tracker = NULL;
      g_autoptr(GArray) blocks = NULL;
      gint64 now, block_start;
      int fds[2];
      int status;
      pid_t pid;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          run_child (fixture->path, start, g_rand_int (rand), fds[1]);
        }
      close (fds[1]);

      /* Half the kills land while the child opens and recovers the store,
       * half while it runs (whatever the machine's load). */
      if (run % 2 == 1)
        {
          char c = 0;

          while (c != '\n' && read (fds[0], &c, 1) == 1)
            ;
        }
      g_usleep (g_rand_int_range (rand, 0, 30000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      read_last_report (fds[0], start, &now, &block_start);
      close (fds[0]);
      /* Killed, or it could not open the store: that would be a failure. */
      g_assert_true (WIFSIGNALED (status));

      clock = respite_clock_new_fake ((now + 3600) * SEC);
      store = respite_store_open (fixture->path, &error);
      g_assert_no_error (error);
      tracker = respite_tracker_new (store, clock, &error);
      g_assert_no_error (error);
      blocks = list_blocks (store);

      /* Nothing lost: every block an earlier run left is there unchanged. */
      g_assert_cmpuint (blocks->len, >=, kept->len);
      for (guint i = 0; i < kept->len; i++)
        assert_same_block (BLOCK (kept, i), BLOCK (blocks, i));

      for (guint i = kept->len; i < blocks->len; i++)
        {
          RespiteBlock *block = BLOCK (blocks, i);

          g_assert_cmpint (block->ended_at, !=, 0);
          /* Nothing invented: no block reaches past the child's last
           * reported moment by more than one step of its clock. */
          g_assert_cmpint (block->started_at, >=, start);
          g_assert_cmpint (block->ended_at, <=, now + 90);
          if (i > 0)
            g_assert_cmpint (block->started_at, >=, BLOCK (blocks, i - 1)->ended_at);

          if (block->end_reason == RESPITE_END_RECOVERED)
            {
              g_assert_cmpint (block->ended_at, ==, block->heartbeat_at);
              n_recovered++;
            }
        }

      /* The block the child reported running: it began, so it is kept,
       * and recovered no earlier than its last heartbeat: one falls in
       * every RESPITE_HEARTBEAT_SECONDS while a block runs, so at most that
       * much is lost. */
      if (block_start != 0)
        {
          RespiteBlock *last = BLOCK (blocks, blocks->len - 1);

          g_assert_cmpuint (blocks->len, >, kept->len);
          if (last->started_at == block_start && last->end_reason == RESPITE_END_RECOVERED)
            {
              g_assert_cmpint (last->ended_at, >=, MAX (block_start,
                                                        now - RESPITE_HEARTBEAT_SECONDS));
              g_assert_cmpint (last->ended_at, <=, now + 90);
              if (last->ended_at > block_start)
                n_recovered_later++;
            }
          else
            {
              /* Killed after it ended the block but before it reported. */
              g_assert_cmpint (last->started_at, >=, block_start);
            }
        }

      g_array_set_size (kept, 0);
      g_array_append_vals (kept, blocks->data, blocks->len);
      start = MAX (now, blocks->len > 0 ? BLOCK (blocks, blocks->len - 1)->ended_at : 0) + 3600;
    }

  g_test_message ("%u runs, %u blocks, %u recovered, %u of them after a heartbeat",
                  n_runs, kept->len, n_recovered, n_recovered_later);
  /* The kills must have landed while blocks ran, past heartbeats. */
  g_assert_cmpuint (n_recovered_later, >, 0);
}

/* The child of /faults/crash/sigkill-heartbeat-record: one block, and
 * minutes passing as fast as the disk lets them, each a heartbeat; after
 * each it reports the clock and the block's start. */
static void G_GNUC_NORETURN
run_heartbeat_child (const char *path,
                     gint64      start,
                     int         report_fd)
{
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (start * SEC);
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(RespiteTracker) tracker = NULL;
  int null_fd = open ("/dev/null", O_WRONLY);

  dup2 (null_fd, STDOUT_FILENO);
  dup2 (null_fd, STDERR_FILENO);

  store = respite_store_open (path, NULL);
  if (store != NULL)
    tracker = respite_tracker_new (store, clock, NULL);
  if (tracker == NULL || !respite_tracker_start (tracker, NULL))
    _exit (2);

  for (guint minute = 0; minute < 1000000; minute++)
    {
      g_autofree char *line = NULL;
      gint64 now;

      if (minute > 0)
        respite_clock_advance (clock, 60 * SEC);
      now = respite_clock_get_real_time (clock) / SEC;
      line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                              now, now - respite_tracker_get_block_seconds (tracker));
      if (write (report_fd, line, strlen (line)) < 0)
        _exit (4);
    }

  _exit (0);
}

/* SIGKILL while heartbeats are written one after another, so that kills
 * land in the record's write, between it and the store's, and in the
 * store's; half the time the store then also loses every heartbeat it
 * committed without waiting for the disk, as a power cut right after the
 * kill could make it. The block must end no earlier than the last
 * heartbeat the child reported: at most a minute before the kill. */
static void
test_crash_heartbeat_record (Fixture       *fixture,
                             gconstpointer  data)
{
  guint n_runs = g_getenv ("RESPITE_TEST_LONG") != NULL ? 400 : 40;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  gint64 start = T0;
  guint n_minutes = 0;

  for (guint run = 0; run < n_runs; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RespiteClock) clock = NULL;
      g_autoptr(RespiteStore) store = NULL;
      g_autoptr(RespiteTracker) tracker = NULL;
      g_autoptr(GArray) blocks = NULL;
      RespiteBlock *last;
      gint64 now, block_start, first_now = 0, first_block_start = 0;
      int fds[2];
      int status;
      pid_t pid;
      char c = 0;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          run_heartbeat_child (fixture->path, start, fds[1]);
        }
      close (fds[1]);

      /* Killed once the block has begun: its first report read here, so
       * that a kill before the second still knows when the block began. */
      {
        char first[64];
        guint n = 0;

        while (c != '\n' && n < sizeof first - 1 && read (fds[0], &c, 1) == 1)
          first[n++] = c;
        first[n] = '\0';
        g_assert_cmpint (sscanf (first, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                 &first_now, &first_block_start), ==, 2);
      }
      g_usleep (g_rand_int_range (rand, 0, 20000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      read_last_report (fds[0], start, &now, &block_start);
      close (fds[0]);
      g_assert_true (WIFSIGNALED (status));
      if (block_start == 0)
        {
          /* Killed before its second report. */
          now = first_now;
          block_start = first_block_start;
        }
      g_assert_cmpint (block_start, ==, start);
      n_minutes += (now - start) / 60;

      if (run % 2 == 1)
        lose_unsynced_heartbeats (fixture->path);

      clock = respite_clock_new_fake ((now + 3600) * SEC);
      store = respite_store_open (fixture->path, &error);
      g_assert_no_error (error);
      g_test_expect_message ("respite-tracker", G_LOG_LEVEL_MESSAGE, "Ended 1 block(s)*");
      tracker = respite_tracker_new (store, clock, &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);

      blocks = list_blocks (store);
      g_assert_cmpuint (blocks->len, ==, run + 1);
      last = BLOCK (blocks, blocks->len - 1);
      g_assert_cmpint (last->started_at, ==, start);
      g_assert_cmpint (last->end_reason, ==, RESPITE_END_RECOVERED);
      /* Nothing lost that the child had reported, nothing invented past
       * the one heartbeat it may have written after. */
      g_assert_cmpint (last->ended_at, >=, now);
      g_assert_cmpint (last->ended_at, <=, now + 60);

      start = last->ended_at + 3600;
    }

  g_test_message ("%u runs, %u heartbeats before the kills", n_runs, n_minutes);
  g_assert_cmpuint (n_minutes, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/faults/disk-full/page-limit", test_full_page_limit);
  ADD ("/faults/disk-full/enospc-store", test_full_enospc_store);
  ADD ("/faults/disk-full/enospc-tracker", test_full_enospc_tracker);
  ADD ("/faults/files/private", test_files_private);
  ADD ("/faults/crash/sigkill-heartbeats", test_crash_heartbeats);
  ADD ("/faults/crash/sigkill-heartbeat-record", test_crash_heartbeat_record);
  ADD ("/faults/heartbeat-record/lost-and-torn", test_heartbeat_record);
  ADD ("/faults/heartbeat-record/erased", test_heartbeat_record_erased);
#undef ADD

  return g_test_run ();
}
