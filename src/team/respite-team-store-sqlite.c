/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteTeamStoreSqlite: the team store as one SQLite file, for a single
 * host, demos and tests. Same tables and views as PostgreSQL
 * (data/sql/sqlite-schema.sql, embedded), so the views hide small groups
 * here too. But there are no roles: whoever can read the file can read
 * every row. The member secret is checked here, in C, against its SHA-256.
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "respite-clock.h"
#include "respite-sqlite.h"
#include "respite-team-sql.h"
#include "respite-team-store-sqlite.h"

struct _RespiteTeamStoreSqlite
{
  GObject  parent_instance;

  char         *path;   /* (owned) */
  sqlite3      *db;     /* (owned) */
  RespiteClock *clock;  /* (owned) (nullable): the system's when NULL */
  GMutex    lock;     /* one transaction at a time, whatever the thread */
  gboolean  damaged;  /* an error said the file itself is damaged */
};

static void respite_team_store_sqlite_iface_init (RespiteTeamStoreInterface *iface);
static gboolean seal_locked (RespiteTeamStoreSqlite   *self,
                             RespiteTeamStoreSealing  *sealing,
                             GError                  **error);

G_DEFINE_FINAL_TYPE_WITH_CODE (RespiteTeamStoreSqlite, respite_team_store_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESPITE_TYPE_TEAM_STORE,
                                                      respite_team_store_sqlite_iface_init))

static void
respite_team_store_sqlite_finalize (GObject *object)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->clock);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (respite_team_store_sqlite_parent_class)->finalize (object);
}

static void
respite_team_store_sqlite_class_init (RespiteTeamStoreSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_team_store_sqlite_finalize;
}

static void
respite_team_store_sqlite_init (RespiteTeamStoreSqlite *self)
{
  g_mutex_init (&self->lock);
}

static void
set_error (RespiteTeamStoreSqlite  *self,
           int                      rc,
           GError                 **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  RespiteTeamStoreError code;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      self->damaged = TRUE;
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_FAILED,
                   _("The team store %s is damaged (%s)"), self->path, detail);
      return;

    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      code = RESPITE_TEAM_STORE_ERROR_INVALID;
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      code = RESPITE_TEAM_STORE_ERROR_UNREACHABLE;
      break;

    default:
      code = RESPITE_TEAM_STORE_ERROR_FAILED;
      break;
    }

  g_set_error (error, RESPITE_TEAM_STORE_ERROR, code,
               _("Team store %s: %s"), self->path, detail);
}

/* set_error (), as respite_sqlite_exec () and its kin call it: the team
 * store's messages do not say what it was doing. */
static void
on_sqlite_error (gpointer     owner,
                 int          rc,
                 const char  *doing,
                 GError     **error)
{
  set_error (owner, rc, error);
}

static gboolean
exec_sql (RespiteTeamStoreSqlite  *self,
          const char              *sql,
          GError                 **error)
{
  return respite_sqlite_exec (self->db, sql, on_sqlite_error, self, NULL, error);
}

static sqlite3_stmt *
prepare (RespiteTeamStoreSqlite  *self,
         const char              *sql,
         GError                 **error)
{
  return respite_sqlite_prepare (self->db, sql, 0, on_sqlite_error, self, NULL, error);
}

/* Steps a statement that returns no row, and finalizes it. */
static gboolean
run (RespiteTeamStoreSqlite  *self,
     sqlite3_stmt            *stmt,
     GError                 **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (RespiteTeamStoreSqlite  *self,
           const char              *sql,
           int                     *value,
           GError                 **error)
{
  return respite_sqlite_query_int (self->db, sql, value, on_sqlite_error, self, NULL, error);
}

/* A file cut short past its first pages reads well until a query reaches
 * the missing ones: look at every page now, not in the middle of a report. */
static gboolean
check_integrity (RespiteTeamStoreSqlite  *self,
                 GError                 **error)
{
  g_autofree char *report = NULL;

  if (!respite_sqlite_quick_check (self->db, &report, on_sqlite_error, self, NULL, error))
    return FALSE;

  if (report != NULL)
    {
      const char *problems = report;
      g_autofree char *first = NULL;

      /* The first problem of the list, in one line. */
      if (g_str_has_prefix (problems, "*** in database main ***\n"))
        problems += strlen ("*** in database main ***\n");
      first = g_strndup (problems, strcspn (problems, "\n"));

      self->damaged = TRUE;
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_FAILED,
                   _("The team store %s is damaged (%s)"), self->path, first);
      return FALSE;
    }

  return TRUE;
}

static char *
load_sql (const char *name)
{
  g_autoptr(GBytes) sql = NULL;
  g_autofree char *path = g_strconcat ("/io/github/respite/Respite/sql/", name, NULL);

  sql = g_resource_lookup_data (respite_team_sql_get_resource (), path,
                                G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (sql != NULL);
  return g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
}

static char *
load_schema (void)
{
  return load_sql ("sqlite-schema.sql");
}

static gboolean
create_schema (RespiteTeamStoreSqlite  *self,
               GError                 **error)
{
  g_autofree char *sql = load_schema ();
  int tables = 0;
  int version = 0;

  /* Looked at again under the write lock: another opener of the same new
   * file (the app's publisher and its lead check, say) may have made the
   * schema meanwhile. */
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_master", &tables, error))
    goto rollback;

  if (version != 0)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return respite_team_store_check_version (version, error);
    }

  /* Version 0 is also any other application's database: only an empty one
   * becomes a team store, so that a mistyped --store is never written to. */
  if (tables > 0)
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA,
                   _("%s is not a Respite team store: it holds another application’s tables"),
                   self->path);
      goto rollback;
    }

  if (exec_sql (self, sql, error) &&
      exec_sql (self, "PRAGMA user_version = " G_STRINGIFY (RESPITE_TEAM_STORE_SCHEMA_VERSION),
                error) &&
      exec_sql (self, "COMMIT", error))
    return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* The name and CREATE statement of every object of the current schema,
 * in order: what an empty database holds once sqlite-schema.sql has run in
 * it. Even indices are names, odd ones statements. */
static GPtrArray *
list_current_schema (GError **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = load_schema ();
  sqlite3 *scratch = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (":memory:", &scratch, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (scratch, sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (scratch, "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"
                                      " ORDER BY rowid", -1, &stmt, NULL);
  while (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (objects, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (objects, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_FAILED,
                 _("Could not read the team store’s schema: %s"),
                 scratch != NULL ? sqlite3_errmsg (scratch) : sqlite3_errstr (rc));
  sqlite3_close (scratch);

  return rc == SQLITE_OK ? g_steal_pointer (&objects) : NULL;
}

static gboolean
has_object (RespiteTeamStoreSqlite  *self,
            const char              *name,
            gboolean                *found,
            GError                 **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT 1 FROM sqlite_master WHERE name = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_error (self, rc, error);
      return FALSE;
    }

  *found = rc == SQLITE_ROW;
  return TRUE;
}

G_STATIC_ASSERT (RESPITE_TEAM_STORE_SCHEMA_VERSION == 4);  /* a new version needs its upgrade */

/* Version 3 changed only team_aggregates (issue #10); version 4 (issue
 * #16) replaced that view by sealed_figures, which sealing fills, added
 * the tables sealing needs and two settings, and changed no row. So a
 * version 2 or 3 file is brought up to date, in one transaction, by
 * dropping its views, making the tables and indices it lacks and the
 * views again from sqlite-schema.sql, and noting the first day of each
 * policy version from its rows. open_file () then seals what is due.
 *
 * Every opener does it, readers included (the Team view, `respite-report
 * check` and `export`): the alternative is that a reader refuses the file
 * until someone runs init. Readers open the file for writing anyway
 * (WAL), and what this writes cannot lose anything. */
static gboolean
upgrade_schema (RespiteTeamStoreSqlite  *self,
                GError                 **error)
{
  g_autoptr(GPtrArray) objects = list_current_schema (error);
  g_autoptr(GPtrArray) old_views = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int version = 0;

  if (objects == NULL)
    return FALSE;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have upgraded it while this one waited. */
  if (!query_int (self, "PRAGMA user_version", &version, error))
    goto rollback;
  if (version != 2 && version != 3)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return respite_team_store_check_version (version, error);
    }

  /* In reverse order of creation, so that no view outlives one it reads. */
  stmt = prepare (self, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY rowid DESC",
                  error);
  if (stmt == NULL)
    goto rollback;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (old_views, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < old_views->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP VIEW \"%s\"",
                                               (const char *) old_views->pdata[i]);

      if (!exec_sql (self, drop, error))
        goto rollback;
    }

  /* The settings sealing reads; as in sqlite-schema.sql. */
  if (!exec_sql (self,
                 "ALTER TABLE settings ADD COLUMN seal_after_days INTEGER NOT NULL DEFAULT 3"
                 " CHECK (seal_after_days BETWEEN 0 AND 60);"
                 "ALTER TABLE settings ADD COLUMN sealed_through TEXT"
                 " CHECK (sealed_through IS NULL OR (date(sealed_through) = sealed_through"
                 " AND strftime('%w', sealed_through) = '0'))",
                 error))
    goto rollback;

  /* Every view again (all were dropped); the tables and indices missing. */
  for (guint i = 0; i < objects->len; i += 2)
    {
      const char *create = objects->pdata[i + 1];
      gboolean found = FALSE;

      if (!g_str_has_prefix (create, "CREATE VIEW ") &&
          !has_object (self, objects->pdata[i], &found, error))
        goto rollback;
      if (!found && !exec_sql (self, create, error))
        goto rollback;
    }

  if (exec_sql (self,
                "INSERT INTO policy_versions (policy_version, first_day)"
                "  SELECT policy_version, min(day) FROM day_rows"
                "   WHERE policy_version IS NOT NULL GROUP BY policy_version",
                error) &&
      exec_sql (self, "UPDATE settings SET schema_version = 4", error) &&
      exec_sql (self, "PRAGMA user_version = 4", error) &&
      exec_sql (self, "COMMIT", error))
    {
      g_debug ("Upgraded the team store %s from schema version %d to 4", self->path, version);
      return TRUE;
    }

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* A new file gets the schema, a version 2 or 3 file is upgraded; any
 * other version is refused, untouched. */
static gboolean
set_up_schema (RespiteTeamStoreSqlite  *self,
               gboolean                *upgraded,
               GError                 **error)
{
  int version = 0;

  if (!query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version == 0)
    return create_schema (self, error);

  if (version == 2 || version == 3)
    return (*upgraded = upgrade_schema (self, error));

  return respite_team_store_check_version (version, error);
}

/* Opens @path, and says in @damaged whether a failure was the file's own
 * damage (rather than, say, a lock or another schema). @identity is the
 * file that was opened, to move only that one aside. */
static RespiteTeamStoreSqlite *
open_file (const char  *path,
           gboolean    *damaged,
           GStatBuf    *identity,
           GError     **error)
{
  /* One opening at a time in this process: the app's publisher and its
   * lead check may set up a new file at once, and SQLite then answers
   * "database is locked" without waiting out the busy timeout
   * (/team-store/sqlite/concurrent-first-opens). */
  static GMutex opening;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&opening);
  g_autoptr(RespiteTeamStoreSqlite) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(RespiteTeamStoreSealing) sealing = { NULL, 0 };
  gboolean upgraded = FALSE;

  self = g_object_new (RESPITE_TYPE_TEAM_STORE_SQLITE, NULL);
  self->path = g_strdup (path);

  /* Every row is readable by whoever reads the file: create it private.
   * An existing file keeps its mode: its owner may share it on purpose. */
  if (!respite_sqlite_create_private (path, FALSE, identity, &local_error))
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE,
                   _("Could not open the team store %s: %s"), path, local_error->message);
      return NULL;
    }

  if (respite_sqlite_is_emptied (path, identity))
    {
      *damaged = TRUE;
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_FAILED,
                   _("The team store %s is damaged (the file is empty, but not its -wal file)"),
                   path);
      return NULL;
    }

  if (!respite_sqlite_open (path, &self->db, on_sqlite_error, self, NULL, error))
    {
      *damaged = self->damaged;
      return NULL;
    }

  /* The quick check is the first statement to read the file, so a file
   * that is not a database fails there, as SQLITE_NOTADB. Switching to WAL
   * writes the header: only once the file is known to be ours. */
  /* secure_delete: a raw row deleted once its periods are sealed is
   * overwritten, not left in a free page. */
  if (!exec_sql (self, "PRAGMA foreign_keys = ON", error) ||
      !exec_sql (self, "PRAGMA secure_delete = ON", error) ||
      !check_integrity (self, error) ||
      !set_up_schema (self, &upgraded, error) ||
      !exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      /* An upgraded store seals at once what is due from the rows it
       * holds, and deletes those no period needs any more. */
      (upgraded && !seal_locked (self, &sealing, error)))
    {
      /* Closing would checkpoint a leftover -wal into the damaged file and
       * delete it: keep both as they were found. */
      if (self->damaged)
        sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      *damaged = self->damaged;
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * respite_team_store_sqlite_open:
 * @path: the file; created, readable by its owner only, if missing
 *
 * Opens a SQLite team store, creating its schema in a new file and
 * upgrading a version 2 file in place (readers too: see upgrade_schema()).
 * A file of any other version fails with %RESPITE_TEAM_STORE_ERROR_SCHEMA,
 * untouched. A damaged file (not a database, cut short, or failing
 * SQLite's quick check) fails with %RESPITE_TEAM_STORE_ERROR_FAILED and is
 * left exactly as it was: see respite_team_store_sqlite_open_or_replace().
 */
RespiteTeamStoreSqlite *
respite_team_store_sqlite_open (const char  *path,
                                GError     **error)
{
  gboolean damaged = FALSE;
  GStatBuf identity;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_file (path, &damaged, &identity, error);
}

/**
 * respite_team_store_sqlite_open_or_replace:
 * @path: the file
 * @now: the time to name a damaged file after
 * @moved_to: (out) (optional): where a damaged file went, or %NULL if none;
 *   set even when the fresh store then fails to open
 *
 * Opens the store as respite_team_store_sqlite_open() does; if the file is
 * damaged, moves it and its -wal and -shm files to `<path>.corrupt-<date>`
 * (nothing is deleted) and starts a fresh store in its place. Only for
 * openers that write, and can tell someone: see
 * respite_team_store_sqlite_describe_replacement().
 */
RespiteTeamStoreSqlite *
respite_team_store_sqlite_open_or_replace (const char  *path,
                                           GDateTime   *now,
                                           char       **moved_to,
                                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *aside = NULL;
  RespiteTeamStoreSqlite *self;
  gboolean damaged = FALSE;
  GStatBuf identity, now_there;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (moved_to != NULL)
    *moved_to = NULL;

  self = open_file (path, &damaged, &identity, &local_error);
  if (self != NULL)
    return self;

  if (!damaged)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Another app or command may have replaced it since: move only the file
   * found damaged, never a fresh store in its place. */
  if (g_stat (path, &now_there) != 0 ||
      now_there.st_dev != identity.st_dev || now_there.st_ino != identity.st_ino)
    return respite_team_store_sqlite_open (path, error);

  aside = respite_sqlite_move_aside (path, now, RESPITE_TEAM_STORE_ERROR,
                                     RESPITE_TEAM_STORE_ERROR_UNREACHABLE, error);
  if (aside == NULL)
    return NULL;

  /* Not a warning: expected, handled, and the caller tells whoever should
   * know (respite-report says it in one line, not two). */
  g_debug ("%s; moved it aside to %s", local_error->message, aside);

  /* Said even if the fresh store fails to open: the file was moved, and
   * the caller refills the store once it opens. */
  self = respite_team_store_sqlite_open (path, error);
  if (moved_to != NULL)
    *moved_to = g_steal_pointer (&aside);

  return self;
}

/**
 * respite_team_store_sqlite_describe_replacement:
 * @path: the team store
 * @moved_to: where its damaged file went
 *
 * The sentence to show when respite_team_store_sqlite_open_or_replace()
 * moved a damaged store aside.
 *
 * Returns: (transfer full): a translated sentence naming both files
 */
char *
respite_team_store_sqlite_describe_replacement (const char *path,
                                                const char *moved_to)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (moved_to != NULL, NULL);

  return g_strdup_printf (_("The team store %s could not be read, so a fresh one was started in "
                            "its place. The damaged file was kept as %s."), path, moved_to);
}

const char *
respite_team_store_sqlite_get_path (RespiteTeamStoreSqlite *self)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE_SQLITE (self), NULL);

  return self->path;
}

/* Today, YYYY-MM-DD, in the local time zone: the day a reviewer's row
 * is dated by, and what "due" and "in the future" are counted from. */
static char *
get_today (RespiteTeamStoreSqlite *self)
{
  g_autoptr(RespiteClock) system = self->clock == NULL ? respite_clock_new () : NULL;
  RespiteClock *clock = self->clock != NULL ? self->clock : system;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (
    respite_clock_get_real_time (clock) / G_USEC_PER_SEC);

  return g_date_time_format (now, "%Y-%m-%d");
}

/* @day + @days, YYYY-MM-DD, in @text. */
static void
add_days (const char *day,
          int         days,
          char        text[16])
{
  unsigned int year, month, mday;
  g_autoptr(GDate) date = NULL;

  sscanf (day, "%4u-%2u-%2u", &year, &month, &mday);
  date = g_date_new_dmy (mday, month, year);
  g_date_add_days (date, days);
  g_snprintf (text, 16, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

/* Runs each statement of @sql in turn, binding :from and :to where they
 * appear. */
static gboolean
exec_with_range (RespiteTeamStoreSqlite  *self,
                 const char              *sql,
                 const char              *from,
                 const char              *to,
                 GError                 **error)
{
  const char *next = sql;

  while (next != NULL && *next != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *tail = NULL;
      int index;
      int rc;

      rc = sqlite3_prepare_v2 (self->db, next, -1, &stmt, &tail);
      if (rc != SQLITE_OK)
        {
          set_error (self, rc, error);
          return FALSE;
        }
      next = tail;
      if (stmt == NULL)  /* only comments and blanks were left */
        break;

      if ((index = sqlite3_bind_parameter_index (stmt, ":from")) > 0)
        sqlite3_bind_text (stmt, index, from, -1, SQLITE_TRANSIENT);
      if ((index = sqlite3_bind_parameter_index (stmt, ":to")) > 0)
        sqlite3_bind_text (stmt, index, to, -1, SQLITE_TRANSIENT);

      if (!run (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Reads the watermark, the grace, and the Sunday that sealing @today would
 * move the watermark to. */
static gboolean
read_sealing (RespiteTeamStoreSqlite   *self,
              const char               *today,
              RespiteTeamStoreSealing  *sealing,
              char                    **due_through,
              GError                  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* The last Sunday at least seal_after_days + 1 days before today. */
  stmt = prepare (self,
                  "SELECT sealed_through, seal_after_days,"
                  "       date(?1, '-' || (seal_after_days + 1) || ' days', '-6 days', 'weekday 0')"
                  "  FROM settings",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_free (sealing->sealed_through);
      sealing->sealed_through = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sealing->seal_after_days = sqlite3_column_int (stmt, 1);
      *due_through = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      set_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
      return FALSE;
    }

  return TRUE;
}

/* After a sealing that deleted most of the file (the first one, or an
 * upgrade's), gives the space back: every open reads every page (the quick
 * check), so a file of free pages costs each reader. The deleted rows were
 * overwritten already (secure_delete). A reader elsewhere may keep it from
 * happening now; the next sealing tries again. */
static void
shrink_if_emptied (RespiteTeamStoreSqlite *self)
{
  int pages = 0, free_pages = 0;

  if (!query_int (self, "PRAGMA page_count", &pages, NULL) ||
      !query_int (self, "PRAGMA freelist_count", &free_pages, NULL) ||
      free_pages < 256 || free_pages < pages / 2)
    return;

  if (sqlite3_exec (self->db, "VACUUM", NULL, NULL, NULL) == SQLITE_OK)
    g_debug ("Gave back %d of %d pages of the team store %s", free_pages, pages, self->path);
  else
    g_debug ("Could not give back the free pages of %s: %s", self->path,
             sqlite3_errmsg (self->db));
}

/* Seals what is due (respite_team_store_seal()); the caller holds the lock
 * and no transaction. Whether anything is due is read first without the
 * write lock, so that a read that has nothing to seal writes nothing. */
static gboolean
seal_locked (RespiteTeamStoreSqlite   *self,
             RespiteTeamStoreSealing  *sealing,
             GError                  **error)
{
  g_autofree char *today = get_today (self);
  g_autofree char *due_through = NULL;
  g_autofree char *from = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!read_sealing (self, today, sealing, &due_through, error))
    return FALSE;
  if (sealing->sealed_through != NULL && strcmp (due_through, sealing->sealed_through) <= 0)
    return TRUE;

  /* IMMEDIATE, and read again under the lock: a second sealer at once
   * waits, then finds the work done. */
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  g_clear_pointer (&due_through, g_free);
  if (!read_sealing (self, today, sealing, &due_through, error))
    goto rollback;
  if (sealing->sealed_through != NULL && strcmp (due_through, sealing->sealed_through) <= 0)
    return exec_sql (self, "COMMIT", error);

  /* From the day after the last sealed Sunday; the first time, from the
   * week of the first row (or nothing: an empty store only sets its mark). */
  if (sealing->sealed_through != NULL)
    stmt = prepare (self, "SELECT date(?1, '+1 day')", error);
  else
    stmt = prepare (self, "SELECT coalesce (date(min(day), '-6 days', 'weekday 1'), date(?2, '+1 day'))"
                          "  FROM day_rows", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, sealing->sealed_through, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, due_through, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    from = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (from == NULL)
    {
      set_error (self, sqlite3_errcode (self->db), error);
      goto rollback;
    }

  sql = load_sql ("sqlite-seal.sql");
  if (!exec_with_range (self, sql, from, due_through, error) ||
      !exec_sql (self, "COMMIT", error))
    goto rollback;

  g_debug ("Sealed the team store %s from %s to %s", self->path, from, due_through);
  g_free (sealing->sealed_through);
  sealing->sealed_through = g_steal_pointer (&due_through);
  shrink_if_emptied (self);
  return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec (self->db, "DROP TABLE IF EXISTS temp.seal_rows", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
respite_team_store_sqlite_seal (RespiteTeamStore         *store,
                                RespiteTeamStoreSealing  *sealing,
                                GError                  **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return seal_locked (self, sealing, error);
}

/**
 * respite_team_store_sqlite_set_clock:
 * @clock: (nullable): the clock whose local day is today, or %NULL for the
 *   system's
 *
 * For tests: sealing, and refusing days in the future, count from @clock.
 */
void
respite_team_store_sqlite_set_clock (RespiteTeamStoreSqlite *self,
                                     RespiteClock           *clock)
{
  g_return_if_fail (RESPITE_IS_TEAM_STORE_SQLITE (self));

  g_set_object (&self->clock, clock);
}

/* Registers the member on first use; afterwards, the secret must match. */
static gboolean
authorise (RespiteTeamStoreSqlite  *self,
           const char              *member,
           const guint8             digest[32],
           gboolean                 register_member,
           gboolean                *known,
           GError                 **error)
{
  sqlite3_stmt *stmt;
  gboolean matches;
  int rc;

  if (register_member)
    {
      stmt = prepare (self,
                      "INSERT INTO members (member, secret_hash) VALUES (?1, ?2)"
                      " ON CONFLICT (member) DO NOTHING",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, member, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 2, digest, 32, SQLITE_TRANSIENT);
      if (!run (self, stmt, error))
        return FALSE;
    }

  stmt = prepare (self, "SELECT secret_hash = ?2 FROM members WHERE member = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, digest, 32, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *known = rc == SQLITE_ROW;
  matches = *known && sqlite3_column_int (stmt, 0) == 1;
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_error (self, rc, error);
      return FALSE;
    }

  if (*known && !matches)
    {
      g_set_error_literal (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED,
                           _("The member secret does not match"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
upsert_row (RespiteTeamStoreSqlite  *self,
            const RespiteDayRow     *row,
            GError                 **error)
{
  sqlite3_stmt *stmt;

  /* A member-day lives in one team, the latest it was published under: a
   * reviewer whose policy names another team republishes the day there,
   * and the row left in the old team would count in both. The key stays
   * (team, member, day); this keeps it to one row per member and day. It
   * runs in the caller's transaction, after authorise() checked the secret
   * of this very member (every row of a publication is one member's). */
  stmt = prepare (self,
                  "DELETE FROM day_rows WHERE member = ?1 AND day = ?2 AND team <> ?3",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->member, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, row->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, row->team, -1, SQLITE_TRANSIENT);
  if (!run (self, stmt, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO day_rows VALUES"
                  " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
                  " ON CONFLICT (team, member, day) DO UPDATE SET"
                  "  exposure_1_seconds = excluded.exposure_1_seconds,"
                  "  exposure_2_seconds = excluded.exposure_2_seconds,"
                  "  exposure_3_seconds = excluded.exposure_3_seconds,"
                  "  longest_block_seconds = excluded.longest_block_seconds,"
                  "  breaks_prompted = excluded.breaks_prompted,"
                  "  breaks_taken = excluded.breaks_taken,"
                  "  breaks_snoozed = excluded.breaks_snoozed,"
                  "  breaks_skipped = excluded.breaks_skipped,"
                  "  cap_exceeded = excluded.cap_exceeded,"
                  "  checkins_done = excluded.checkins_done,"
                  "  wellbeing_sum = excluded.wellbeing_sum,"
                  "  wellbeing_count = excluded.wellbeing_count,"
                  "  policy_version = excluded.policy_version",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, row->team, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, row->member, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, row->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, row->exposure_seconds[0]);
  sqlite3_bind_int64 (stmt, 5, row->exposure_seconds[1]);
  sqlite3_bind_int64 (stmt, 6, row->exposure_seconds[2]);
  sqlite3_bind_int64 (stmt, 7, row->longest_block_seconds);
  sqlite3_bind_int64 (stmt, 8, row->breaks_prompted);
  sqlite3_bind_int64 (stmt, 9, row->breaks_taken);
  sqlite3_bind_int64 (stmt, 10, row->breaks_snoozed);
  sqlite3_bind_int64 (stmt, 11, row->breaks_skipped);
  sqlite3_bind_int (stmt, 12, row->cap_exceeded ? 1 : 0);
  sqlite3_bind_int64 (stmt, 13, row->checkins_done);
  sqlite3_bind_int64 (stmt, 14, row->wellbeing_sum);
  sqlite3_bind_int64 (stmt, 15, row->wellbeing_count);
  if (row->policy_version != NULL)
    sqlite3_bind_text (stmt, 16, row->policy_version, -1, SQLITE_TRANSIENT);

  return run (self, stmt, error);
}

/* A day of a sealed week is refused for good, and a day after tomorrow
 * (the reviewer's clock is wrong, or its zone far east) until it comes.
 * Days are YYYY-MM-DD, checked before: they compare as strings. */
static gboolean
check_open (const RespiteDayRow  *row,
            const char           *today,
            const char           *tomorrow,
            const char           *sealed_through,
            GError              **error)
{
  char week_end[16];

  respite_team_store_format_week_end (row->day, 0, week_end);
  if (sealed_through != NULL && strcmp (week_end, sealed_through) <= 0)
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SEALED,
                   _("%s was not shared: its week had closed (the team store has sealed every week to %s)"),
                   row->day, sealed_through);
      return FALSE;
    }
  if (strcmp (row->day, tomorrow) > 0)
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
                   _("%s is in the future: the team store’s day is %s (is this computer’s clock right?)"),
                   row->day, today);
      return FALSE;
    }

  return TRUE;
}

static gboolean
note_policy_version (RespiteTeamStoreSqlite  *self,
                     const char              *version,
                     const char              *day,
                     GError                 **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO policy_versions (policy_version, first_day) VALUES (?1, ?2)"
                  " ON CONFLICT (policy_version) DO UPDATE"
                  "   SET first_day = min(first_day, excluded.first_day)",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  return run (self, stmt, error);
}

static gboolean
respite_team_store_sqlite_publish (RespiteTeamStore     *store,
                                   const char           *secret,
                                   const RespiteDayRow  *rows,
                                   guint                 n_rows,
                                   GError              **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_auto(RespiteTeamStoreSealing) sealing = { NULL, 0 };
  g_autofree char *today = get_today (self);
  g_autofree char *due_through = NULL;
  g_autoptr(GHashTable) first_days = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer noted_version, noted_day;
  char tomorrow[16];
  guint8 digest[32];
  gboolean known;

  respite_team_store_hash_secret (secret, digest);
  add_days (today, 1, tomorrow);

  /* A publication seals what is due first, once the store has been sealed
   * at all: until then (a new store, a demo filling one) it takes any day
   * it is given, and the first read seals. */
  if (!read_sealing (self, today, &sealing, &due_through, error))
    return FALSE;
  if (sealing.sealed_through != NULL && !seal_locked (self, &sealing, error))
    return FALSE;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Again under the write lock: another process may have sealed. */
  g_clear_pointer (&due_through, g_free);
  if (!read_sealing (self, today, &sealing, &due_through, error))
    goto rollback;

  if (!authorise (self, rows[0].member, digest, TRUE, &known, error))
    goto rollback;

  for (guint i = 0; i < n_rows; i++)
    {
      const char *version = rows[i].policy_version;
      const char *first;

      if (!check_open (&rows[i], today, tomorrow, sealing.sealed_through, error) ||
          !upsert_row (self, &rows[i], error))
        goto rollback;

      /* Each policy version's first day in the publication, noted once. */
      if (version != NULL &&
          ((first = g_hash_table_lookup (first_days, version)) == NULL ||
           strcmp (rows[i].day, first) < 0))
        g_hash_table_insert (first_days, (gpointer) version, rows[i].day);
    }

  g_hash_table_iter_init (&iter, first_days);
  while (g_hash_table_iter_next (&iter, &noted_version, &noted_day))
    if (!note_policy_version (self, noted_version, noted_day, error))
      goto rollback;

  if (exec_sql (self, "COMMIT", error))
    return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
respite_team_store_sqlite_erase_member (RespiteTeamStore  *store,
                                        const char        *member,
                                        const char        *secret,
                                        GError           **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt;
  guint8 digest[32];
  gboolean known;

  respite_team_store_hash_secret (secret, digest);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!authorise (self, member, digest, FALSE, &known, error))
    goto rollback;

  if (known)
    {
      /* Its rows go with it (ON DELETE CASCADE). */
      stmt = prepare (self, "DELETE FROM members WHERE member = ?1", error);
      if (stmt == NULL)
        goto rollback;
      sqlite3_bind_text (stmt, 1, member, -1, SQLITE_TRANSIENT);
      if (!run (self, stmt, error))
        goto rollback;
    }

  if (exec_sql (self, "COMMIT", error))
    return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static GPtrArray *
respite_team_store_sqlite_read_aggregates (RespiteTeamStore  *store,
                                           const char        *team,
                                           RespitePeriod      period,
                                           const char        *from_day,
                                           const char        *to_day,
                                           GError           **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) aggregates = NULL;
  g_auto(RespiteTeamStoreSealing) sealing = { NULL, 0 };
  sqlite3_stmt *stmt;
  int rc;

  /* Every read seals what is due: nobody has to. */
  if (!seal_locked (self, &sealing, error))
    return NULL;

  stmt = prepare (self,
                  "SELECT team, period_start, period_end, members, member_days,"
                  "       exposure_hours, median_exposure_hours, cap_exceeded_share,"
                  "       breaks_prompted, breaks_taken, checkin_participation,"
                  "       wellbeing_respondents, wellbeing_mean,"
                  "       who5_very_low, who5_low, who5_good, who5_member_mean,"
                  "       policy_version, policy_age_days"
                  " FROM sealed_figures"
                  " WHERE period = ?1 AND period_end >= ?2 AND period_start <= ?3"
                  /* No period is longer than a month: a bound for the index. */
                  "   AND period_start >= date(?2, '-1 month')"
                  "   AND (?4 IS NULL OR team = ?4)"
                  " ORDER BY period_start, team",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, period == RESPITE_PERIOD_WEEK ? "week" : "month", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, from_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_day, -1, SQLITE_TRANSIENT);
  if (team != NULL)
    sqlite3_bind_text (stmt, 4, team, -1, SQLITE_TRANSIENT);

  aggregates = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_team_aggregate_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RespiteTeamAggregate *a = g_new0 (RespiteTeamAggregate, 1);

      a->team = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      a->period_start = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      a->period_end = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      a->suppressed = sqlite3_column_type (stmt, 3) == SQLITE_NULL;
      a->wellbeing_suppressed = sqlite3_column_type (stmt, 12) == SQLITE_NULL;
      a->who5_bands_suppressed = sqlite3_column_type (stmt, 13) == SQLITE_NULL;
      a->policy_version = g_strdup ((const char *) sqlite3_column_text (stmt, 17));
      a->policy_age_days = sqlite3_column_type (stmt, 18) == SQLITE_NULL
                           ? -1 : sqlite3_column_int (stmt, 18);

      if (!a->suppressed)
        {
          a->members = sqlite3_column_int (stmt, 3);
          a->member_days = sqlite3_column_int (stmt, 4);
          a->exposure_hours = sqlite3_column_double (stmt, 5);
          a->median_exposure_hours = sqlite3_column_double (stmt, 6);
          a->cap_exceeded_share = sqlite3_column_double (stmt, 7);
          a->breaks_prompted = sqlite3_column_int (stmt, 8);
          a->breaks_taken = sqlite3_column_int (stmt, 9);
          a->checkin_participation = sqlite3_column_double (stmt, 10);
        }
      if (!a->wellbeing_suppressed)
        {
          a->wellbeing_respondents = sqlite3_column_int (stmt, 11);
          a->wellbeing_mean = sqlite3_column_double (stmt, 12);
          a->who5_member_mean = sqlite3_column_double (stmt, 16);
        }
      if (!a->who5_bands_suppressed)
        {
          a->who5_very_low = sqlite3_column_int (stmt, 13);
          a->who5_low = sqlite3_column_int (stmt, 14);
          a->who5_good = sqlite3_column_int (stmt, 15);
        }

      g_ptr_array_add (aggregates, a);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&aggregates);
}

static gboolean
respite_team_store_sqlite_get_k (RespiteTeamStore  *store,
                                 guint             *k,
                                 GError           **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  int value = 0;

  if (!query_int (self, "SELECT k FROM store_info", &value, error))
    return FALSE;

  *k = value;
  return TRUE;
}

static gboolean
respite_team_store_sqlite_check (RespiteTeamStore  *store,
                                 GError           **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  int version = 0;

  return query_int (self, "SELECT schema_version FROM store_info", &version, error) &&
         respite_team_store_check_version (version, error);
}

/* The ε of the releases whose days overlap; the caller holds the lock. */
static gboolean
sum_epsilon (RespiteTeamStoreSqlite  *self,
             const char              *from_day,
             const char              *to_day,
             double                  *spent,
             GError                 **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT coalesce (sum (epsilon), 0) FROM releases"
                  " WHERE from_day <= ?2 AND to_day >= ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *spent = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
respite_team_store_sqlite_record_release (RespiteTeamStore  *store,
                                          const char        *from_day,
                                          const char        *to_day,
                                          guint              k,
                                          double             epsilon,
                                          double             budget,
                                          double            *spent,
                                          GError           **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt;
  double before = 0;
  int store_k = 0;

  /* As record_release() in schema.sql: whoever may record may not poison
   * the ledger. An ε of infinity or NaN would refuse every later release
   * of these days; a k below the store's would record a release that
   * could not have happened. */
  if (!(epsilon >= 0 && epsilon <= 100) || !(budget >= 0 && isfinite (budget)))
    {
      g_set_error_literal (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
                           _("ε must be from 0 to 100, and the budget a finite number"));
      return FALSE;
    }

  /* IMMEDIATE: two exports at once cannot both take the last of the budget. */
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!query_int (self, "SELECT k FROM settings", &store_k, error))
    goto rollback;
  if (k < (guint) store_k)
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
                   _("A release with k = %u cannot be recorded: the team store’s k is %d"),
                   k, store_k);
      goto rollback;
    }

  if (!sum_epsilon (self, from_day, to_day, &before, error))
    goto rollback;

  if (epsilon > 0 && before + epsilon > budget + 1e-9)
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_BUDGET,
                   _("This release would spend ε = %g on days that already used %g of a budget of %g"),
                   epsilon, before, budget);
      goto rollback;
    }

  stmt = prepare (self,
                  "INSERT INTO releases (made_at, from_day, to_day, k, epsilon)"
                  " VALUES (strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, k);
  sqlite3_bind_double (stmt, 4, epsilon);
  if (!run (self, stmt, error))
    goto rollback;

  if (exec_sql (self, "COMMIT", error))
    {
      *spent = before + epsilon;
      return TRUE;
    }

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
respite_team_store_sqlite_get_epsilon_spent (RespiteTeamStore  *store,
                                             const char        *from_day,
                                             const char        *to_day,
                                             double            *spent,
                                             GError           **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return sum_epsilon (self, from_day, to_day, spent, error);
}

static void
respite_team_store_sqlite_iface_init (RespiteTeamStoreInterface *iface)
{
  iface->publish = respite_team_store_sqlite_publish;
  iface->erase_member = respite_team_store_sqlite_erase_member;
  iface->read_aggregates = respite_team_store_sqlite_read_aggregates;
  iface->get_k = respite_team_store_sqlite_get_k;
  iface->check = respite_team_store_sqlite_check;
  iface->record_release = respite_team_store_sqlite_record_release;
  iface->get_epsilon_spent = respite_team_store_sqlite_get_epsilon_spent;
  iface->seal = respite_team_store_sqlite_seal;
}
