/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SQLite plumbing both stores share (respite-sqlite.c): private files,
 * failures handed to the store's own words, the quick check, and damaged
 * files moved aside. How each store words a failure is tested with it
 * (test-store.c, test-team-store-sqlite.c).
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "respite-sqlite.h"

GQuark test_sqlite_error_quark (void);
G_DEFINE_QUARK (test-sqlite-error-quark, test_sqlite_error)

typedef struct
{
  char    *dir;    /* (owned) a fresh temporary folder */
  char    *path;   /* (owned) a database file in it, not yet created */
  sqlite3 *db;     /* (owned) (nullable) */
  int      calls;  /* how often set_error() was called */
  int      rc;     /* the last result code it heard */
  char    *doing;  /* (owned) (nullable) and what the caller said */
} Fixture;

/* A store's RespiteSqliteErrorFunc: notes what it heard. */
static void
set_error (gpointer     owner,
           int          rc,
           const char  *doing,
           GError     **error)
{
  Fixture *fixture = owner;

  fixture->calls++;
  fixture->rc = rc;
  g_free (fixture->doing);
  fixture->doing = g_strdup (doing);
  g_set_error (error, test_sqlite_error_quark (), rc, "could not %s", doing != NULL ? doing : "?");
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-sqlite-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_pointer (&fixture->db, sqlite3_close);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (fixture->dir);

  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->doing);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

static void
open_fixture_db (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GStatBuf identity;

  g_assert_true (respite_sqlite_create_private (fixture->path, FALSE, &identity, &error));
  g_assert_no_error (error);
  g_assert_true (respite_sqlite_open (fixture->path, &fixture->db, set_error, fixture,
                                      "open", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fixture->calls, ==, 0);
}

/* Private whatever the umask says, and identified by the file it opened. */
static void
test_create_private (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GStatBuf identity, st;
  mode_t old_umask = umask (0);

  g_assert_true (respite_sqlite_create_private (fixture->path, FALSE, &identity, &error));
  umask (old_umask);
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (identity.st_ino, ==, st.st_ino);
  g_assert_cmpint (identity.st_dev, ==, st.st_dev);
  g_assert_cmpint (identity.st_size, ==, 0);

  /* An existing file is opened as it is, not emptied. */
  write_file (fixture->path, "kept");
  g_assert_true (respite_sqlite_create_private (fixture->path, FALSE, &identity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (identity.st_size, ==, 4);
  assert_contents (fixture->path, "kept");
}

/* What the owner gave others is taken back only when asked. */
static void
test_create_private_tighten (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GStatBuf identity, st;

  write_file (fixture->path, "");
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);

  g_assert_true (respite_sqlite_create_private (fixture->path, FALSE, &identity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  g_assert_true (respite_sqlite_create_private (fixture->path, TRUE, &identity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* The error carries the system's reason alone, for the store's sentence. */
static void
test_create_private_fails (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "missing", "store.db", NULL);
  GStatBuf identity;

  g_assert_false (respite_sqlite_create_private (path, TRUE, &identity, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpstr (error->message, ==, g_strerror (ENOENT));
}

/* Only an empty file with a -wal that is not empty has lost something. */
static void
test_is_emptied (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  GStatBuf identity;

  g_assert_true (respite_sqlite_create_private (fixture->path, FALSE, &identity, &error));
  g_assert_no_error (error);
  g_assert_false (respite_sqlite_is_emptied (fixture->path, &identity));

  write_file (wal, "");
  g_assert_false (respite_sqlite_is_emptied (fixture->path, &identity));

  write_file (wal, "frames");
  g_assert_true (respite_sqlite_is_emptied (fixture->path, &identity));

  write_file (fixture->path, "pages");
  g_assert_true (respite_sqlite_create_private (fixture->path, FALSE, &identity, &error));
  g_assert_no_error (error);
  g_assert_false (respite_sqlite_is_emptied (fixture->path, &identity));
}

/* Every failure reaches the store's set_error, with what it was doing. */
static void
test_failures (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int value = -1;

  open_fixture_db (fixture);

  g_assert_true (respite_sqlite_exec (fixture->db, "CREATE TABLE t (n INTEGER NOT NULL)",
                                      set_error, fixture, "create", &error));
  g_assert_no_error (error);

  g_assert_false (respite_sqlite_exec (fixture->db, "INSERT INTO t VALUES (NULL)",
                                       set_error, fixture, "insert", &error));
  g_assert_error (error, test_sqlite_error_quark (), SQLITE_CONSTRAINT_NOTNULL);
  g_assert_cmpint (fixture->calls, ==, 1);
  g_assert_cmpstr (fixture->doing, ==, "insert");
  g_clear_error (&error);

  g_assert_null (respite_sqlite_prepare (fixture->db, "SELECT nothing FROM nowhere", 0,
                                         set_error, fixture, NULL, &error));
  g_assert_error (error, test_sqlite_error_quark (), SQLITE_ERROR);
  g_assert_cmpint (fixture->calls, ==, 2);
  g_assert_null (fixture->doing);
  g_clear_error (&error);

  g_assert_true (respite_sqlite_query_int (fixture->db, "SELECT 42", &value,
                                           set_error, fixture, "read", &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 42);

  /* A number that should be there and is not: damage. */
  value = -1;
  g_assert_false (respite_sqlite_query_int (fixture->db, "SELECT n FROM t", &value,
                                            set_error, fixture, "read", &error));
  g_assert_error (error, test_sqlite_error_quark (), SQLITE_CORRUPT);
  g_assert_cmpint (value, ==, -1);
  g_assert_cmpint (fixture->calls, ==, 3);
}

/* A sound file has no problems; a file that is not a database does not
 * get as far as the check. */
static void
test_quick_check (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;

  open_fixture_db (fixture);
  g_assert_true (respite_sqlite_exec (fixture->db, "CREATE TABLE t (n)",
                                      set_error, fixture, NULL, &error));
  g_assert_true (respite_sqlite_quick_check (fixture->db, &problems,
                                             set_error, fixture, "check", &error));
  g_assert_no_error (error);
  g_assert_null (problems);
  g_clear_pointer (&fixture->db, sqlite3_close);

  write_file (fixture->path, "not a database, but long enough to look like a header of one, "
                             "which needs a hundred bytes at the least before SQLite reads it");
  open_fixture_db (fixture);
  g_assert_false (respite_sqlite_quick_check (fixture->db, &problems,
                                              set_error, fixture, "check", &error));
  g_assert_error (error, test_sqlite_error_quark (), SQLITE_NOTADB);
  g_assert_null (problems);
  g_assert_cmpstr (fixture->doing, ==, "check");
}

/* The file goes aside under a dated name with its side files, never over
 * one moved aside before: -2, -3… */
static void
test_move_aside (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autofree char *first = g_strconcat (fixture->path, ".corrupt-20261123-093005", NULL);
  g_autofree char *second = g_strconcat (first, "-2", NULL);
  g_autofree char *third = g_strconcat (first, "-3", NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autofree char *first_wal = g_strconcat (first, "-wal", NULL);
  g_autofree char *first_shm = g_strconcat (first, "-shm", NULL);
  g_autofree char *second_wal = g_strconcat (second, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_to = NULL;

  write_file (fixture->path, "one");
  write_file (wal, "one's wal");
  write_file (shm, "one's shm");
  moved_to = respite_sqlite_move_aside (fixture->path, now, test_sqlite_error_quark (), 7,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved_to, ==, first);
  assert_contents (first, "one");
  assert_contents (first_wal, "one's wal");
  assert_contents (first_shm, "one's shm");
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_clear_pointer (&moved_to, g_free);

  write_file (fixture->path, "two");
  write_file (wal, "two's wal");
  moved_to = respite_sqlite_move_aside (fixture->path, now, test_sqlite_error_quark (), 7,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved_to, ==, second);
  assert_contents (second, "two");
  assert_contents (second_wal, "two's wal");
  assert_contents (first, "one");
  assert_contents (first_wal, "one's wal");
  g_clear_pointer (&moved_to, g_free);

  write_file (fixture->path, "three");
  moved_to = respite_sqlite_move_aside (fixture->path, now, test_sqlite_error_quark (), 7,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved_to, ==, third);
  assert_contents (third, "three");
}

static void
test_move_aside_fails (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 30, 5);
  g_autofree char *expected = g_strdup_printf ("Could not move the damaged store %s aside: %s",
                                               fixture->path, g_strerror (ENOENT));
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_to = NULL;

  moved_to = respite_sqlite_move_aside (fixture->path, now, test_sqlite_error_quark (), 7, &error);
  g_assert_error (error, test_sqlite_error_quark (), 7);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (moved_to);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, test) g_test_add (path, Fixture, NULL, set_up, test, tear_down)
  ADD ("/sqlite/create-private/new", test_create_private);
  ADD ("/sqlite/create-private/tighten", test_create_private_tighten);
  ADD ("/sqlite/create-private/fails", test_create_private_fails);
  ADD ("/sqlite/is-emptied", test_is_emptied);
  ADD ("/sqlite/failures", test_failures);
  ADD ("/sqlite/quick-check", test_quick_check);
  ADD ("/sqlite/move-aside/names", test_move_aside);
  ADD ("/sqlite/move-aside/fails", test_move_aside_fails);
#undef ADD

  return g_test_run ();
}
