/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteStore: the reviewer's personal store, one SQLite file that never
 * leaves their machine. It is theirs: 0600 in a 0700 folder, its schema
 * documented in docs/data.md.
 *
 * Writes are small and rare (a block's start, a heartbeat a minute, its end),
 * and each one commits with a full sync, so that a power cut loses at most
 * the minute since the last heartbeat.
 *
 * This file holds the object: opening and checking the file, the schema
 * and its migrations, replacing a damaged store, and the plumbing that
 * the others share (respite-store-private.h). What the store holds is
 * read and written in respite-store-exposure.c (blocks, prompts,
 * breaks), respite-store-check-ins.c (check-ins, counselling sessions),
 * respite-store-history.c (history, export, erase, retention) and
 * respite-store-sharing.c (the team identity and the publish queue).
 */

#define G_LOG_DOMAIN "respite-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "respite-store-private.h"

G_DEFINE_QUARK (respite-store-error-quark, respite_store_error)

/* Migrations, one per schema version: migrations[i] takes a store from
 * version i to version i + 1. Never edit a released one; append. */
static const char * const migrations[] = {
  /* 0 → 1: exposure blocks. An open block has ended_at NULL; at most one may
   * be open. heartbeat_at is the last moment the block was known to run. */
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
  "  WHERE ended_at IS NULL;",

  /* 1 → 2: the shift's prompts and the reviewer's answers, and breaks. */
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
  "CREATE INDEX breaks_by_start ON breaks (started_at);",

  /* 2 → 3: what the reviewer answered to check-ins (whether one was offered,
   * snoozed or skipped is a prompt), and the counselling sessions they
   * marked as done. No free text in either. */
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
  "CREATE INDEX counselling_sessions_by_time ON counselling_sessions (done_at);",

  /* 3 → 4: sharing with the team store. One row: the install's member
   * token and secret (made on first use), the team, whether the reviewer
   * opted out, and how the last publication went. The queue holds the local
   * days (YYYY-MM-DD) whose summary changed since it was last published;
   * revision grows at each change, so that a day changed while it was being
   * published stays queued. */
  "CREATE TABLE sharing ("
  "  id                INTEGER PRIMARY KEY CHECK (id = 1),"
  "  member            TEXT NOT NULL,"
  "  secret            TEXT NOT NULL,"
  "  team              TEXT,"
  "  opted_out         INTEGER NOT NULL DEFAULT 0 CHECK (opted_out IN (0, 1)),"
  "  last_published_at INTEGER,"
  "  last_error        TEXT"
  ");"
  "CREATE TABLE publish_queue ("
  "  day       TEXT PRIMARY KEY,"
  "  queued_at INTEGER NOT NULL,"
  "  revision  INTEGER NOT NULL DEFAULT 1"
  ");",

  /* 4 → 5: the days the team store refused for good, because the week
   * they belong to had closed (was sealed) before they reached it. What My
   * Team Sees lists them; they are never sent again. */
  "CREATE TABLE unshared_days ("
  "  day      TEXT PRIMARY KEY,"
  "  noted_at INTEGER NOT NULL"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RESPITE_STORE_SCHEMA_VERSION);

/* The statements kept as long as the store is open, by concern. */
static const RespiteStoreStatement * const statements[] = {
  respite_store_exposure_statements,
  respite_store_check_in_statements,
};

G_DEFINE_FINAL_TYPE (RespiteStore, respite_store, G_TYPE_OBJECT)

static void
respite_store_finalize (GObject *object)
{
  RespiteStore *self = RESPITE_STORE (object);

  for (guint l = 0; l < G_N_ELEMENTS (statements); l++)
    {
      for (const RespiteStoreStatement *s = statements[l]; s->sql != NULL; s++)
        g_clear_pointer (&G_STRUCT_MEMBER (sqlite3_stmt *, self, s->field), sqlite3_finalize);
    }
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (respite_store_parent_class)->finalize (object);
}

static void
respite_store_class_init (RespiteStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_store_finalize;
}

static void
respite_store_init (RespiteStore *self)
{
}

/* Turns an SQLite failure into a sentence a person can act on. */
void
respite_store_set_sqlite_error (RespiteStore *self,
                                int           rc,
                                GError      **error,
                                const char   *doing)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FULL,
                   _("The disk is full: could not %s in %s"), doing, self->path);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_CORRUPT,
                   _("%s is damaged (%s)"), self->path, detail);
      break;

    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_IOERR:
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_UNWRITABLE,
                   _("Could not %s in %s: %s"), doing, self->path, detail);
      break;

    default:
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_FAILED,
                   _("Could not %s in %s: %s"), doing, self->path, detail);
      break;
    }
}

/* respite_store_set_sqlite_error (), as respite_sqlite_exec () and its kin call it. */
static void
on_sqlite_error (gpointer     owner,
                 int          rc,
                 const char  *doing,
                 GError     **error)
{
  respite_store_set_sqlite_error (owner, rc, error, doing);
}

gboolean
respite_store_exec (RespiteStore  *self,
                    const char    *sql,
                    const char    *doing,
                    GError       **error)
{
  return respite_sqlite_exec (self->db, sql, on_sqlite_error, self, doing, error);
}

gboolean
respite_store_query_int (RespiteStore  *self,
                         const char    *sql,
                         int           *value,
                         GError       **error)
{
  return respite_sqlite_query_int (self->db, sql, value, on_sqlite_error, self,
                                   _("read the store"), error);
}

static gboolean
check_integrity (RespiteStore  *self,
                 GError       **error)
{
  g_autofree char *problems = NULL;

  if (!respite_sqlite_quick_check (self->db, &problems, on_sqlite_error, self,
                                   _("check the store"), error))
    return FALSE;

  if (problems != NULL)
    {
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_CORRUPT,
                   _("%s is damaged (%s)"), self->path, problems);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (RespiteStore  *self,
         GError       **error)
{
  int version = 0;

  if (!respite_store_query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version > RESPITE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Respite (schema %d, this version "
                     "reads up to %d). It was left untouched: please update Respite."),
                   self->path, version, RESPITE_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < RESPITE_STORE_SCHEMA_VERSION; version++)
    {
      /* The migration and the new version, in one transaction. */
      g_autofree char *sql = g_strdup_printf ("%s;\nPRAGMA user_version = %d",
                                              migrations[version], version + 1);

      g_debug ("Migrating %s from schema %d to %d", self->path, version, version + 1);

      if (!respite_store_exec_in_transaction (self, sql, _("update the store"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
prepare_statements (RespiteStore  *self,
                    GError       **error)
{
  for (guint l = 0; l < G_N_ELEMENTS (statements); l++)
    {
      for (const RespiteStoreStatement *s = statements[l]; s->sql != NULL; s++)
        {
          sqlite3_stmt **stmt = &G_STRUCT_MEMBER (sqlite3_stmt *, self, s->field);

          *stmt = respite_sqlite_prepare (self->db, s->sql, SQLITE_PREPARE_PERSISTENT,
                                          on_sqlite_error, self, _("read the store"), error);
          if (*stmt == NULL)
            return FALSE;
        }
    }

  return TRUE;
}

/* The folder is the reviewer's alone (0700), and so is the file (0600):
 * create them so before SQLite does, and tighten them if someone loosened
 * them. */
static gboolean
ensure_private_file (const char  *path,
                     GStatBuf    *identity,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_UNWRITABLE,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!respite_sqlite_create_private (path, TRUE, identity, &local_error))
    {
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_UNWRITABLE,
                   _("Could not open %s for writing: %s"), path, local_error->message);
      return FALSE;
    }

  if (g_chmod (dir, 0700) != 0)
    g_warning ("Could not make %s private: %s", dir, g_strerror (errno));

  return TRUE;
}

char *
respite_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "respite", "respite.db", NULL);
}

/* See respite_sqlite_is_emptied (). */
static gboolean
check_not_emptied (const char      *path,
                   const GStatBuf  *identity,
                   GError         **error)
{
  if (respite_sqlite_is_emptied (path, identity))
    {
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_CORRUPT,
                   _("%s is damaged (the file is empty, but not its -wal file)"), path);
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_store_open:
 * @path: the database file; it and its folder are created if missing
 *
 * Opens the personal store, checks it, and brings its schema up to date.
 * A damaged file fails with %RESPITE_STORE_ERROR_CORRUPT and is left where
 * it is, with its -wal, byte for byte: see respite_store_open_or_replace().
 */
RespiteStore *
respite_store_open (const char  *path,
                    GError     **error)
{
  g_autoptr(RespiteStore) self = NULL;
  GStatBuf identity;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_private_file (path, &identity, error) ||
      !check_not_emptied (path, &identity, error))
    return NULL;

  self = g_object_new (RESPITE_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!respite_sqlite_open (path, &self->db, on_sqlite_error, self, _("open the store"), error))
    return NULL;

  /* The quick check is the first statement to read the file, so a file
   * that is not a database fails there, as SQLITE_NOTADB; switching to WAL
   * may write the header, so only once the file is known to be sound. */
  if (!check_integrity (self, error) ||
      !respite_store_exec (self, "PRAGMA journal_mode = WAL", _("open the store"), error) ||
      !respite_store_exec (self, "PRAGMA synchronous = FULL", _("open the store"), error) ||
      !respite_store_exec (self, "PRAGMA foreign_keys = ON", _("open the store"), error) ||
      /* What the reviewer erases, or retention prunes, is overwritten, not
       * merely unlinked from the file's pages. */
      !respite_store_exec (self, "PRAGMA secure_delete = ON", _("open the store"), error) ||
      !migrate (self, error) ||
      !prepare_statements (self, error))
    {
      /* Closing would checkpoint a leftover -wal into a damaged file and
       * delete it: leave both as they were found, to be moved aside whole
       * (or replayed by the next open, if the failure was passing). */
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * respite_store_open_or_replace:
 * @path: the database file
 * @now: the time to name a damaged file after
 * @moved_to: (out) (optional): where a damaged file went, or %NULL if none
 *
 * Opens the store as respite_store_open() does; if the file is damaged, moves
 * it to `<path>.corrupt-<date>` (nothing in it is deleted) and starts a fresh
 * store in its place.
 */
RespiteStore *
respite_store_open_or_replace (const char  *path,
                               GDateTime   *now,
                               char       **moved_to,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *aside = NULL;
  RespiteStore *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (moved_to != NULL)
    *moved_to = NULL;

  self = respite_store_open (path, &local_error);
  if (self != NULL)
    return self;

  if (!g_error_matches (local_error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  aside = respite_sqlite_move_aside (path, now,
                                     RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_UNWRITABLE, error);
  if (aside == NULL)
    return NULL;

  /* Expected and handled: the caller tells the reviewer. */
  g_message ("%s; moving it aside to %s", local_error->message, aside);

  self = respite_store_open (path, error);
  if (self != NULL && moved_to != NULL)
    *moved_to = g_steal_pointer (&aside);

  return self;
}

const char *
respite_store_get_path (RespiteStore *self)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  return self->path;
}

/* Runs a prepared write statement once; returns the number of changed rows,
 * or -1 with @error set. */
int
respite_store_run_write (RespiteStore  *self,
                         sqlite3_stmt  *stmt,
                         const char    *doing,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);
  int changes = sqlite3_changes (self->db);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (!respite_store_check_done (self, rc, doing, error))
    return -1;

  return changes;
}

/* Runs a prepared INSERT once; returns the new row's id, or 0 with @error
 * set. */
gint64
respite_store_run_insert (RespiteStore  *self,
                          sqlite3_stmt  *stmt,
                          const char    *doing,
                          GError       **error)
{
  if (respite_store_run_write (self, stmt, doing, error) < 0)
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

/* Reads a single integer (or NULL, as 0) from a prepared query and resets it. */
gboolean
respite_store_step_int64 (RespiteStore  *self,
                          sqlite3_stmt  *stmt,
                          gint64        *value,
                          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW)
    {
      respite_store_set_sqlite_error (self, rc, error, _("read the store"));
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_store_check_done:
 * @rc: what the last sqlite3_step () of a loop over a statement's rows
 *   returned
 * @doing: what was being done, for the message
 *
 * Whether the loop ended because the rows did; if not, says why.
 */
gboolean
respite_store_check_done (RespiteStore  *self,
                          int            rc,
                          const char    *doing,
                          GError       **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;

  respite_store_set_sqlite_error (self, rc, error, doing);
  return FALSE;
}

/**
 * respite_store_list_rows:
 * @stmt: a kept statement with its parameters bound, or one run once
 * @element_size: the size of one element of the array
 * @clear_func: (nullable): what frees what an element holds
 * @read_row: reads the row @stmt is on into an element
 *
 * Reads every row of @stmt, then resets it.
 *
 * Returns: (transfer full) (nullable): the elements @read_row kept, in the
 *   order of the rows, or %NULL with @error set
 */
GArray *
respite_store_list_rows (RespiteStore         *self,
                         sqlite3_stmt         *stmt,
                         guint                 element_size,
                         GDestroyNotify        clear_func,
                         RespiteStoreReadRow   read_row,
                         GError              **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, element_size);
  g_autofree guint8 *element = g_malloc (element_size);
  int rc;

  g_array_set_clear_func (rows, clear_func);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      memset (element, 0, element_size);
      if (read_row (stmt, element))
        g_array_append_vals (rows, element, 1);
    }

  sqlite3_reset (stmt);

  if (!respite_store_check_done (self, rc, _("read the store"), error))
    return NULL;

  return g_steal_pointer (&rows);
}

/* History, export, erase and retention run rarely: their statements are
 * prepared when needed rather than kept. */
sqlite3_stmt *
respite_store_prepare_once (RespiteStore  *self,
                            const char    *sql,
                            GError       **error)
{
  return respite_sqlite_prepare (self->db, sql, 0, on_sqlite_error, self, _("read the store"),
                                 error);
}

/* A statement run once over a period: @from and @to bound to ?1 and ?2. */
sqlite3_stmt *
respite_store_prepare_period (RespiteStore  *self,
                              const char    *sql,
                              gint64         from,
                              gint64         to,
                              GError       **error)
{
  sqlite3_stmt *stmt = respite_store_prepare_once (self, sql, error);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, from);
      sqlite3_bind_int64 (stmt, 2, to);
    }

  return stmt;
}

/* respite_store_list_rows () of a statement run once over a period, as
 * respite_store_prepare_period () prepares it. */
GArray *
respite_store_list_period (RespiteStore         *self,
                           const char           *sql,
                           gint64                from,
                           gint64                to,
                           guint                 element_size,
                           RespiteStoreReadRow   read_row,
                           GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = respite_store_prepare_period (self, sql, from, to, error);

  if (stmt == NULL)
    return NULL;

  return respite_store_list_rows (self, stmt, element_size, NULL, read_row, error);
}

/* The first column of every row of @sql, as text, for a statement run
 * once. */
GStrv
respite_store_query_strv (RespiteStore  *self,
                          const char    *sql,
                          GError       **error)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = respite_store_prepare_once (self, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (values, (const char *) sqlite3_column_text (stmt, 0));

  if (!respite_store_check_done (self, rc, _("read the store"), error))
    return NULL;

  return g_strv_builder_end (values);
}

/* Begins a write transaction, for respite_store_end_write () to end. */
gboolean
respite_store_begin_write (RespiteStore  *self,
                           const char    *doing,
                           GError       **error)
{
  return respite_store_exec (self, "BEGIN IMMEDIATE", doing, error);
}

/**
 * respite_store_end_write:
 * @ok: whether what ran in the transaction succeeded; if not, @error
 *   already says why
 *
 * Commits the transaction respite_store_begin_write () began if @ok, and
 * rolls it back if not, or if the commit fails.
 *
 * Returns: whether the transaction was committed
 */
gboolean
respite_store_end_write (RespiteStore  *self,
                         gboolean       ok,
                         const char    *doing,
                         GError       **error)
{
  if (ok && respite_store_exec (self, "COMMIT", doing, error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Runs @sql (several statements) in one write transaction. */
gboolean
respite_store_exec_in_transaction (RespiteStore  *self,
                                   const char    *sql,
                                   const char    *doing,
                                   GError       **error)
{
  return respite_store_begin_write (self, doing, error) &&
         respite_store_end_write (self, respite_store_exec (self, sql, doing, error), doing,
                                  error);
}
