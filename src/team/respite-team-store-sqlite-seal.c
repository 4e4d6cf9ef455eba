/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sealing the SQLite team store: once a week is over and its grace has
 * passed, its figures and those of the months it ends are computed from
 * the raw rows (data/sql/sqlite-seal.sql, embedded), for each team and
 * group, with complementary suppression between a group and its teams
 * (sqlite-seal-complement.sql, run until it changes nothing), stored for
 * good, and the rows no open period needs any more deleted
 * (sqlite-seal-end.sql).
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "respite-team-store-sqlite-private.h"

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

      /* Not respite_sqlite_prepare (): this needs the tail. */
      rc = sqlite3_prepare_v2 (self->db, next, -1, &stmt, &tail);
      if (rc != SQLITE_OK)
        {
          respite_team_store_sqlite_set_error (self, rc, error);
          return FALSE;
        }
      next = tail;
      if (stmt == NULL)  /* only comments and blanks were left */
        break;

      if ((index = sqlite3_bind_parameter_index (stmt, ":from")) > 0)
        sqlite3_bind_text (stmt, index, from, -1, SQLITE_TRANSIENT);
      if ((index = sqlite3_bind_parameter_index (stmt, ":to")) > 0)
        sqlite3_bind_text (stmt, index, to, -1, SQLITE_TRANSIENT);

      if (!respite_team_store_sqlite_run (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Complementary suppression: each round hides at most one more team per
 * group, so it ends after as many rounds as a group has teams. */
static gboolean
complement (RespiteTeamStoreSqlite  *self,
            const char              *from,
            const char              *to,
            GError                 **error)
{
  g_autofree char *sql = respite_team_store_sqlite_load_sql ("sqlite-seal-complement.sql");
  sqlite3_int64 before;

  do
    {
      before = sqlite3_total_changes64 (self->db);
      if (!exec_with_range (self, sql, from, to, error))
        return FALSE;
    }
  while (sqlite3_total_changes64 (self->db) != before);

  return TRUE;
}

/* Reads the watermark, the grace, and the Sunday that sealing @today would
 * move the watermark to. */
gboolean
respite_team_store_sqlite_read_sealing (RespiteTeamStoreSqlite   *self,
                                        const char               *today,
                                        RespiteTeamStoreSealing  *sealing,
                                        char                    **due_through,
                                        GError                  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* The last Sunday at least seal_after_days + 1 days before today. */
  stmt = respite_team_store_sqlite_prepare (
    self,
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
      respite_team_store_sqlite_set_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
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

  if (!respite_team_store_sqlite_query_int (self, "PRAGMA page_count", &pages, NULL) ||
      !respite_team_store_sqlite_query_int (self, "PRAGMA freelist_count", &free_pages, NULL) ||
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
gboolean
respite_team_store_sqlite_seal_locked (RespiteTeamStoreSqlite   *self,
                                       RespiteTeamStoreSealing  *sealing,
                                       GError                  **error)
{
  g_autofree char *today = respite_team_store_sqlite_get_today (self);
  g_autofree char *due_through = NULL;
  g_autofree char *from = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!respite_team_store_sqlite_read_sealing (self, today, sealing, &due_through, error))
    return FALSE;
  if (sealing->sealed_through != NULL && strcmp (due_through, sealing->sealed_through) <= 0)
    return TRUE;

  /* IMMEDIATE, and read again under the lock: a second sealer at once
   * waits, then finds the work done. */
  if (!respite_team_store_sqlite_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  g_clear_pointer (&due_through, g_free);
  if (!respite_team_store_sqlite_read_sealing (self, today, sealing, &due_through, error))
    goto rollback;
  if (sealing->sealed_through != NULL && strcmp (due_through, sealing->sealed_through) <= 0)
    return respite_team_store_sqlite_exec (self, "COMMIT", error);

  /* From the day after the last sealed Sunday; the first time, from the
   * week of the first row (or nothing: an empty store only sets its mark). */
  if (sealing->sealed_through != NULL)
    stmt = respite_team_store_sqlite_prepare (self, "SELECT date(?1, '+1 day')", error);
  else
    stmt = respite_team_store_sqlite_prepare (
      self,
      "SELECT coalesce (date(min(day), '-6 days', 'weekday 1'), date(?2, '+1 day'))"
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
      respite_team_store_sqlite_set_error (self, sqlite3_errcode (self->db), error);
      goto rollback;
    }

  sql = respite_team_store_sqlite_load_sql ("sqlite-seal.sql");
  if (!exec_with_range (self, sql, from, due_through, error) ||
      !complement (self, from, due_through, error))
    goto rollback;
  g_free (sql);
  sql = respite_team_store_sqlite_load_sql ("sqlite-seal-end.sql");
  if (!exec_with_range (self, sql, from, due_through, error) ||
      !respite_team_store_sqlite_exec (self, "COMMIT", error))
    goto rollback;

  g_debug ("Sealed the team store %s from %s to %s", self->path, from, due_through);
  g_free (sealing->sealed_through);
  sealing->sealed_through = g_steal_pointer (&due_through);
  shrink_if_emptied (self);
  return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec (self->db, "DROP TABLE IF EXISTS temp.seal_rows", NULL, NULL, NULL);
  sqlite3_exec (self->db, "DROP TABLE IF EXISTS temp.unit_rows", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
respite_team_store_sqlite_seal (RespiteTeamStore         *store,
                                RespiteTeamStoreSealing  *sealing,
                                GError                  **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return respite_team_store_sqlite_seal_locked (self, sealing, error);
}

/* Its part of respite_team_store_sqlite_iface_init (). */
void
respite_team_store_sqlite_seal_iface_init (RespiteTeamStoreInterface *iface)
{
  iface->seal = respite_team_store_sqlite_seal;
}
