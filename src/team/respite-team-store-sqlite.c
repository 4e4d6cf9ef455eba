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
#include "respite-team-store-sqlite-private.h"

static void respite_team_store_sqlite_iface_init (RespiteTeamStoreInterface *iface);

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

void
respite_team_store_sqlite_set_error (RespiteTeamStoreSqlite  *self,
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

/* respite_team_store_sqlite_set_error (), as respite_sqlite_exec () and
 * its kin call it: the team store's messages do not say what it was doing. */
static void
on_sqlite_error (gpointer     owner,
                 int          rc,
                 const char  *doing,
                 GError     **error)
{
  respite_team_store_sqlite_set_error (owner, rc, error);
}

gboolean
respite_team_store_sqlite_exec (RespiteTeamStoreSqlite  *self,
                                const char              *sql,
                                GError                 **error)
{
  return respite_sqlite_exec (self->db, sql, on_sqlite_error, self, NULL, error);
}

sqlite3_stmt *
respite_team_store_sqlite_prepare (RespiteTeamStoreSqlite  *self,
                                   const char              *sql,
                                   GError                 **error)
{
  return respite_sqlite_prepare (self->db, sql, 0, on_sqlite_error, self, NULL, error);
}

/* Steps a statement that returns no row, and finalizes it. */
gboolean
respite_team_store_sqlite_run (RespiteTeamStoreSqlite  *self,
                               sqlite3_stmt            *stmt,
                               GError                 **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      respite_team_store_sqlite_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
respite_team_store_sqlite_query_int (RespiteTeamStoreSqlite  *self,
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

char *
respite_team_store_sqlite_load_sql (const char *name)
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
  return respite_team_store_sqlite_load_sql ("sqlite-schema.sql");
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
  if (!respite_team_store_sqlite_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!respite_team_store_sqlite_query_int (self, "PRAGMA user_version", &version, error) ||
      !respite_team_store_sqlite_query_int (self, "SELECT count(*) FROM sqlite_master", &tables,
                                            error))
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

  if (respite_team_store_sqlite_exec (self, sql, error) &&
      respite_team_store_sqlite_exec (self,
                                      "PRAGMA user_version = "
                                      G_STRINGIFY (RESPITE_TEAM_STORE_SCHEMA_VERSION),
                                      error) &&
      respite_team_store_sqlite_exec (self, "COMMIT", error))
    return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* How list_current_schema () words a failure of @owner, its scratch
 * connection (NULL if SQLite could not even allocate one). */
static void
on_scratch_error (gpointer     owner,
                  int          rc,
                  const char  *doing,
                  GError     **error)
{
  sqlite3 *scratch = owner;

  g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_FAILED,
               _("Could not read the team store’s schema: %s"),
               scratch != NULL ? sqlite3_errmsg (scratch) : sqlite3_errstr (rc));
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
  if (rc != SQLITE_OK)
    on_scratch_error (scratch, rc, NULL, error);
  else if (respite_sqlite_exec (scratch, sql, on_scratch_error, scratch, NULL, error))
    stmt = respite_sqlite_prepare (scratch,
                                   "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"
                                   " ORDER BY rowid",
                                   0, on_scratch_error, scratch, NULL, error);
  if (stmt == NULL)
    {
      sqlite3_close (scratch);
      return NULL;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (objects, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (objects, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (scratch);

  return g_steal_pointer (&objects);
}

static gboolean
has_object (RespiteTeamStoreSqlite  *self,
            const char              *name,
            gboolean                *found,
            GError                 **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = respite_team_store_sqlite_prepare (self, "SELECT 1 FROM sqlite_master WHERE name = ?1",
                                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      respite_team_store_sqlite_set_error (self, rc, error);
      return FALSE;
    }

  *found = rc == SQLITE_ROW;
  return TRUE;
}

G_STATIC_ASSERT (RESPITE_TEAM_STORE_SCHEMA_VERSION == 5);  /* a new version needs its upgrade */

/* The tables whose columns or key changed since version 2: version 5
 * (issue #18) gave day_rows a group, and sealed_pieces and sealed_figures a
 * unit in their key and coverage. SQLite cannot change a key in place:
 * each is renamed, made again from sqlite-schema.sql and refilled. */
static const char * const rebuilt_tables[] = { "day_rows", "sealed_pieces", "sealed_figures" };

/* Moves @name aside as @name_old, without its indices, if it is there. */
static gboolean
move_table_aside (RespiteTeamStoreSqlite  *self,
                  const char              *name,
                  gboolean                *moved,
                  GError                 **error)
{
  g_autoptr(GPtrArray) indices = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rename = NULL;
  sqlite3_stmt *stmt;

  if (!has_object (self, name, moved, error))
    return FALSE;
  if (!*moved)
    return TRUE;

  rename = g_strdup_printf ("ALTER TABLE %s RENAME TO %s_old", name, name);
  if (!respite_team_store_sqlite_exec (self, rename, error))
    return FALSE;

  stmt = respite_team_store_sqlite_prepare (
    self, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
          " AND tbl_name = ?1 || '_old'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (indices, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < indices->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"",
                                               (const char *) indices->pdata[i]);

      if (!respite_team_store_sqlite_exec (self, drop, error))
        return FALSE;
    }

  return TRUE;
}

/* Copies every row of @name_old into @name, whose columns are a superset,
 * and drops @name_old. */
static gboolean
refill_table (RespiteTeamStoreSqlite  *self,
              const char              *name,
              GError                 **error)
{
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autofree char *copy = NULL;
  g_autofree char *info = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s_old')", name);
  sqlite3_stmt *stmt;

  stmt = respite_team_store_sqlite_prepare (self, info, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (columns, "%s\"%s\"", columns->len > 0 ? ", " : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  copy = g_strdup_printf ("INSERT INTO %s (%s) SELECT %s FROM %s_old; DROP TABLE %s_old",
                          name, columns->str, columns->str, name, name);
  return respite_team_store_sqlite_exec (self, copy, error);
}

/* Version 3 changed only team_aggregates (issue #10); version 4 (issue
 * #16) replaced that view by sealed_figures, which sealing fills, added
 * the tables sealing needs and two settings, and changed no row; version 5
 * (issue #18) added groups, registrations and coverage (rebuilt_tables).
 * So a version 2, 3 or 4 file is brought up to date, in one transaction,
 * by dropping its views, moving the rebuilt tables aside, making the
 * tables and indices it lacks and the views again from sqlite-schema.sql,
 * copying the rows back (every sealed figure of version 4 is kept, as a
 * team's), noting the first day of each policy version and each member's
 * latest team from its rows. open_file () then seals what is due.
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
  gboolean moved[G_N_ELEMENTS (rebuilt_tables)] = { FALSE, };
  sqlite3_stmt *stmt;
  int version = 0;

  if (objects == NULL)
    return FALSE;

  if (!respite_team_store_sqlite_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have upgraded it while this one waited. */
  if (!respite_team_store_sqlite_query_int (self, "PRAGMA user_version", &version, error))
    goto rollback;
  if (version < 2 || version > 4)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return respite_team_store_check_version (version, error);
    }

  /* In reverse order of creation, so that no view outlives one it reads. */
  stmt = respite_team_store_sqlite_prepare (
    self, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY rowid DESC",
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

      if (!respite_team_store_sqlite_exec (self, drop, error))
        goto rollback;
    }

  /* The settings sealing reads; as in sqlite-schema.sql. */
  if (version < 4 &&
      !respite_team_store_sqlite_exec (
        self,
        "ALTER TABLE settings ADD COLUMN seal_after_days INTEGER NOT NULL DEFAULT 3"
        " CHECK (seal_after_days BETWEEN 0 AND 60);"
        "ALTER TABLE settings ADD COLUMN sealed_through TEXT"
        " CHECK (sealed_through IS NULL OR (date(sealed_through) = sealed_through"
        " AND strftime('%w', sealed_through) = '0'))",
        error))
    goto rollback;

  for (guint i = 0; i < G_N_ELEMENTS (rebuilt_tables); i++)
    if (!move_table_aside (self, rebuilt_tables[i], &moved[i], error))
      goto rollback;

  /* Every view again (all were dropped); the tables and indices missing. */
  for (guint i = 0; i < objects->len; i += 2)
    {
      const char *create = objects->pdata[i + 1];
      gboolean found = FALSE;

      if (!g_str_has_prefix (create, "CREATE VIEW ") &&
          !has_object (self, objects->pdata[i], &found, error))
        goto rollback;
      if (!found && !respite_team_store_sqlite_exec (self, create, error))
        goto rollback;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rebuilt_tables); i++)
    if (moved[i] && !refill_table (self, rebuilt_tables[i], error))
      goto rollback;

  if (version < 4 &&
      !respite_team_store_sqlite_exec (self,
                                       "INSERT INTO policy_versions (policy_version, first_day)"
                                       "  SELECT policy_version, min(day) FROM day_rows"
                                       "   WHERE policy_version IS NOT NULL GROUP BY policy_version",
                                       error))
    goto rollback;

  /* Who is registered where, from the latest day each member still has. */
  if (respite_team_store_sqlite_exec (self,
                                      "INSERT INTO registrations (member, team, team_group)"
                                      "  SELECT member, team, team_group FROM"
                                      "   (SELECT member, team, team_group, row_number () OVER"
                                      "      (PARTITION BY member ORDER BY day DESC, team) AS n"
                                      "      FROM day_rows)"
                                      "   WHERE n = 1",
                                      error) &&
      respite_team_store_sqlite_exec (self, "UPDATE settings SET schema_version = 5", error) &&
      respite_team_store_sqlite_exec (self, "PRAGMA user_version = 5", error) &&
      respite_team_store_sqlite_exec (self, "COMMIT", error))
    {
      g_debug ("Upgraded the team store %s from schema version %d to 5", self->path, version);
      return TRUE;
    }

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* A new file gets the schema, a version 2, 3 or 4 file is upgraded; any
 * other version is refused, untouched. */
static gboolean
set_up_schema (RespiteTeamStoreSqlite  *self,
               gboolean                *upgraded,
               GError                 **error)
{
  int version = 0;

  if (!respite_team_store_sqlite_query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version == 0)
    return create_schema (self, error);

  if (version >= 2 && version <= 4)
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
  if (!respite_team_store_sqlite_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !respite_team_store_sqlite_exec (self, "PRAGMA secure_delete = ON", error) ||
      !check_integrity (self, error) ||
      !set_up_schema (self, &upgraded, error) ||
      !respite_team_store_sqlite_exec (self, "PRAGMA journal_mode = WAL", error) ||
      /* An upgraded store seals at once what is due from the rows it
       * holds, and deletes those no period needs any more. */
      (upgraded && !respite_team_store_sqlite_seal_locked (self, &sealing, error)))
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

/* Today, YYYY-MM-DD, in the local time zone: the day a reviewer's row
 * is dated by, and what "due" and "in the future" are counted from. */
char *
respite_team_store_sqlite_get_today (RespiteTeamStoreSqlite *self)
{
  g_autoptr(RespiteClock) system = self->clock == NULL ? respite_clock_new () : NULL;
  RespiteClock *clock = self->clock != NULL ? self->clock : system;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (
    respite_clock_get_real_time (clock) / G_USEC_PER_SEC);

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
respite_team_store_sqlite_iface_init (RespiteTeamStoreInterface *iface)
{
  respite_team_store_sqlite_publish_iface_init (iface);
  respite_team_store_sqlite_figures_iface_init (iface);
  respite_team_store_sqlite_seal_iface_init (iface);
}
