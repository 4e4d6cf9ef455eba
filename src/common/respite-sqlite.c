/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SQLite plumbing of the two stores that are SQLite files: the
 * personal store (RespiteStore) and the SQLite team store
 * (RespiteTeamStoreSqlite). Both create their file private before SQLite
 * opens it, check every page before trusting it, and move a damaged file
 * aside whole rather than delete anything (issue #17: this was written
 * once in each).
 *
 * What differs is how each words a failure, in its own error domain: a
 * store passes its RespiteSqliteErrorFunc, which the functions here call
 * with SQLite's result code when a statement fails.
 */

/* The personal store's domain, which the warnings here were logged in
 * before they moved: whoever filters on it still sees them. */
#define G_LOG_DOMAIN "respite-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "respite-sqlite.h"

/**
 * respite_sqlite_create_private:
 * @path: the database file
 * @tighten: whether to take back from an existing file what its mode gives
 *   others (a team store's owner may have shared it on purpose)
 * @identity: (out caller-allocates): the file as opened: which one it is
 *   (`st_dev`, `st_ino`) and its size
 * @error: a #G_FILE_ERROR whose message is only the system's reason, for
 *   the caller to put in its own sentence
 *
 * Creates @path, readable and writable by its owner only, if it is missing.
 * Done before sqlite3_open_v2(), which would create it with the umask's
 * mode; SQLite gives its -wal and -shm files the database file's mode.
 *
 * A file descriptor is opened only to create the file, never on one that
 * exists: closing any descriptor of a file drops every POSIX lock this
 * process holds on it, SQLite's included, and SQLite does not take them
 * again while another of its connections here holds the file. A reader
 * in another program, closing, then takes itself for the last connection
 * and deletes the -wal under this process's next write, which is lost
 * (https://sqlite.org/howtocorrupt.html, "POSIX advisory locks canceled
 * by a separate thread doing close()"; the app holds two connections to
 * the team store: /team-store/sqlite/two-connections-in-one-process).
 */
gboolean
respite_sqlite_create_private (const char  *path,
                               gboolean     tighten,
                               GStatBuf    *identity,
                               GError     **error)
{
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);

  /* An existing file: what opening it for writing would have checked. */
  if ((fd < 0 && errno != EEXIST) || g_stat (path, identity) != 0 ||
      (fd < 0 && g_access (path, R_OK | W_OK) != 0))
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }

  if (fd < 0 && tighten && (identity->st_mode & 0077) != 0 && g_chmod (path, 0600) != 0)
    g_warning ("Could not make %s private: %s", path, g_strerror (errno));

  return TRUE;
}

/**
 * respite_sqlite_is_emptied:
 * @path: the database file
 * @identity: the file, as respite_sqlite_create_private() found it
 *
 * SQLite takes an empty file for a new database and deletes its -wal, with
 * whatever that still holds: such a pair is damage, to be moved aside
 * whole. A new store never has a -wal before its first open.
 *
 * Returns: whether @path is empty but its -wal file is not
 */
gboolean
respite_sqlite_is_emptied (const char     *path,
                           const GStatBuf *identity)
{
  g_autofree char *wal = NULL;
  GStatBuf wal_buf;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);

  wal = g_strconcat (path, "-wal", NULL);
  return identity->st_size == 0 && g_stat (wal, &wal_buf) == 0 && wal_buf.st_size > 0;
}

/**
 * respite_sqlite_open:
 * @path: the database file, which must exist (respite_sqlite_create_private())
 * @db: (out): the connection; set even when opening fails, with SQLite's
 *   own message, so that @set_error finds it there; the caller closes it
 * @set_error: how @owner words a failure
 * @owner: the store, for @set_error
 * @doing: (nullable): what is being done, for @set_error
 *
 * Opens @path for reading and writing, from any thread (one at a time),
 * with extended result codes, and waiting up to five seconds for another
 * writer.
 */
gboolean
respite_sqlite_open (const char              *path,
                     sqlite3                **db,
                     RespiteSqliteErrorFunc   set_error,
                     gpointer                 owner,
                     const char              *doing,
                     GError                 **error)
{
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (set_error != NULL, FALSE);

  rc = sqlite3_open_v2 (path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (owner, rc, doing, error);
      return FALSE;
    }

  sqlite3_extended_result_codes (*db, TRUE);
  sqlite3_busy_timeout (*db, 5000);

  return TRUE;
}

/**
 * respite_sqlite_exec:
 * @db: the connection
 * @sql: one or more statements that return no rows
 * @set_error: how @owner words a failure
 * @owner: the store, for @set_error
 * @doing: (nullable): what is being done, for @set_error
 *
 * Runs @sql; stops at the first statement that fails.
 */
gboolean
respite_sqlite_exec (sqlite3                 *db,
                     const char              *sql,
                     RespiteSqliteErrorFunc   set_error,
                     gpointer                 owner,
                     const char              *doing,
                     GError                 **error)
{
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (set_error != NULL, FALSE);

  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (owner, rc, doing, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_sqlite_prepare:
 * @db: the connection
 * @sql: one statement
 * @flags: sqlite3_prepare_v3()'s, such as %SQLITE_PREPARE_PERSISTENT for a
 *   statement kept as long as the connection; 0 for one run once
 * @set_error: how @owner words a failure
 * @owner: the store, for @set_error
 * @doing: (nullable): what is being done, for @set_error
 *
 * Returns: (transfer full) (nullable): the statement, to be finalized
 */
sqlite3_stmt *
respite_sqlite_prepare (sqlite3                 *db,
                        const char              *sql,
                        unsigned int             flags,
                        RespiteSqliteErrorFunc   set_error,
                        gpointer                 owner,
                        const char              *doing,
                        GError                 **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (set_error != NULL, NULL);

  rc = sqlite3_prepare_v3 (db, sql, -1, flags, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (owner, rc, doing, error);
      return NULL;
    }

  return stmt;
}

/**
 * respite_sqlite_query_int:
 * @db: the connection
 * @sql: a statement whose first row's first column is an integer
 * @value: (out): that integer
 * @set_error: how @owner words a failure
 * @owner: the store, for @set_error
 * @doing: (nullable): what is being done, for @set_error
 *
 * Reads one number, such as `PRAGMA user_version` or a count. A statement
 * of that kind that returns no row at all is damage: @set_error hears
 * %SQLITE_CORRUPT.
 */
gboolean
respite_sqlite_query_int (sqlite3                 *db,
                          const char              *sql,
                          int                     *value,
                          RespiteSqliteErrorFunc   set_error,
                          gpointer                 owner,
                          const char              *doing,
                          GError                 **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (value != NULL, FALSE);

  stmt = respite_sqlite_prepare (db, sql, 0, set_error, owner, doing, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      set_error (owner, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, doing, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_sqlite_quick_check:
 * @db: the connection
 * @problems: (out) (transfer full) (nullable): %NULL if every page is
 *   sound; else SQLite's list of what is wrong, one problem a line
 * @set_error: how @owner words a failure
 * @owner: the store, for @set_error
 * @doing: (nullable): what is being done, for @set_error
 *
 * Runs SQLite's quick check, which reads every page: a file cut short past
 * its first pages reads well until a query reaches the missing ones. Run
 * first, it is also the first statement to read the file, so a file that
 * is not a database fails here, as %SQLITE_NOTADB, through @set_error.
 *
 * Returns: whether the check ran; see @problems for what it found
 */
gboolean
respite_sqlite_quick_check (sqlite3                 *db,
                            char                   **problems,
                            RespiteSqliteErrorFunc   set_error,
                            gpointer                 owner,
                            const char              *doing,
                            GError                 **error)
{
  g_autofree char *result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (problems != NULL, FALSE);

  *problems = NULL;

  stmt = respite_sqlite_prepare (db, "PRAGMA quick_check", 0, set_error, owner, doing, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      set_error (owner, rc, doing, error);
      return FALSE;
    }

  if (g_strcmp0 (result, "ok") != 0)
    *problems = result != NULL ? g_steal_pointer (&result) : g_strdup ("?");

  return TRUE;
}

/**
 * respite_sqlite_move_aside:
 * @path: a damaged SQLite file, closed
 * @now: the time to name it after
 * @error_domain: the store's error domain, for a failure
 * @error_code: and the code in it
 *
 * Renames @path to `<path>.corrupt-<YYYYMMDD-HHMMSS>` (`-2`, `-3`… if that
 * is taken), so that nothing in it is deleted, and its -wal, -shm and
 * -journal files with it.
 *
 * Returns: (transfer full): the new name, or %NULL if @path could not be
 *   moved
 */
char *
respite_sqlite_move_aside (const char  *path,
                           GDateTime   *now,
                           GQuark       error_domain,
                           int          error_code,
                           GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };
  g_autofree char *stamp = NULL;
  g_autofree char *moved_to = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  moved_to = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  for (guint n = 2; g_file_test (moved_to, G_FILE_TEST_EXISTS); n++)
    {
      g_free (moved_to);
      moved_to = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  if (g_rename (path, moved_to) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, error_domain, error_code,
                   _("Could not move the damaged store %s aside: %s"),
                   path, g_strerror (saved_errno));
      return NULL;
    }

  /* Keep SQLite's side files with the damaged database they belong to, so
   * that a fresh store never replays them. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (moved_to, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        g_warning ("Could not move %s aside: %s", from, g_strerror (errno));
    }

  return g_steal_pointer (&moved_to);
}
