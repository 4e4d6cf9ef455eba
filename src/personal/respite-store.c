/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteStore: the reviewer's personal store, one SQLite file that never
 * leaves their machine. It is theirs: 0600 in a 0700 folder, its schema
 * documented in docs/data.md.
 *
 * Writes are small and rare (a block's start, a heartbeat a minute, its end),
 * and each one commits with a full sync, so that a power cut loses at most
 * the minute since the last heartbeat.
 */

#define G_LOG_DOMAIN "respite-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <sys/random.h>

#include "respite-store.h"
#include "respite-prompt.h"
#include "respite-sqlite.h"

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

struct _RespiteStore
{
  GObject       parent_instance;

  char         *path;  /* (owned) */
  sqlite3      *db;    /* (owned) */

  sqlite3_stmt *begin_block;      /* (owned) */
  sqlite3_stmt *heartbeat_block;  /* (owned) */
  sqlite3_stmt *end_block;        /* (owned) */
  sqlite3_stmt *recover_blocks;   /* (owned) */
  sqlite3_stmt *last_ended_at;    /* (owned) */
  sqlite3_stmt *sum_exposure;     /* (owned) */
  sqlite3_stmt *list_blocks;      /* (owned) */
  sqlite3_stmt *add_prompt;       /* (owned) */
  sqlite3_stmt *answer_prompt;    /* (owned) */
  sqlite3_stmt *count_prompts;    /* (owned) */
  sqlite3_stmt *begin_break;      /* (owned) */
  sqlite3_stmt *end_break;        /* (owned) */
  sqlite3_stmt *recover_breaks;   /* (owned) */
  sqlite3_stmt *add_check_in;     /* (owned) */
  sqlite3_stmt *list_check_ins;   /* (owned) */
  sqlite3_stmt *last_check_in;    /* (owned) */
  sqlite3_stmt *add_session;      /* (owned) */
  sqlite3_stmt *list_sessions;    /* (owned) */
  sqlite3_stmt *last_session;     /* (owned) */
};

G_DEFINE_FINAL_TYPE (RespiteStore, respite_store, G_TYPE_OBJECT)

static void
respite_store_finalize (GObject *object)
{
  RespiteStore *self = RESPITE_STORE (object);

  g_clear_pointer (&self->begin_block, sqlite3_finalize);
  g_clear_pointer (&self->heartbeat_block, sqlite3_finalize);
  g_clear_pointer (&self->end_block, sqlite3_finalize);
  g_clear_pointer (&self->recover_blocks, sqlite3_finalize);
  g_clear_pointer (&self->last_ended_at, sqlite3_finalize);
  g_clear_pointer (&self->sum_exposure, sqlite3_finalize);
  g_clear_pointer (&self->list_blocks, sqlite3_finalize);
  g_clear_pointer (&self->add_prompt, sqlite3_finalize);
  g_clear_pointer (&self->answer_prompt, sqlite3_finalize);
  g_clear_pointer (&self->count_prompts, sqlite3_finalize);
  g_clear_pointer (&self->begin_break, sqlite3_finalize);
  g_clear_pointer (&self->end_break, sqlite3_finalize);
  g_clear_pointer (&self->recover_breaks, sqlite3_finalize);
  g_clear_pointer (&self->add_check_in, sqlite3_finalize);
  g_clear_pointer (&self->list_check_ins, sqlite3_finalize);
  g_clear_pointer (&self->last_check_in, sqlite3_finalize);
  g_clear_pointer (&self->add_session, sqlite3_finalize);
  g_clear_pointer (&self->list_sessions, sqlite3_finalize);
  g_clear_pointer (&self->last_session, sqlite3_finalize);
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
static void
set_sqlite_error (RespiteStore *self,
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

/* set_sqlite_error (), as respite_sqlite_exec () and its kin call it. */
static void
on_sqlite_error (gpointer     owner,
                 int          rc,
                 const char  *doing,
                 GError     **error)
{
  set_sqlite_error (owner, rc, error, doing);
}

static gboolean
exec_sql (RespiteStore  *self,
          const char    *sql,
          const char    *doing,
          GError       **error)
{
  return respite_sqlite_exec (self->db, sql, on_sqlite_error, self, doing, error);
}

static gboolean
query_int (RespiteStore  *self,
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

  if (!query_int (self, "PRAGMA user_version", &version, error))
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
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      g_debug ("Migrating %s from schema %d to %d", self->path, version, version + 1);

      if (!exec_sql (self, "BEGIN IMMEDIATE", _("update the store"), error))
        return FALSE;

      if (!exec_sql (self, migrations[version], _("update the store"), error) ||
          !exec_sql (self, set_version, _("update the store"), error) ||
          !exec_sql (self, "COMMIT", _("update the store"), error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

/* For a statement kept as long as the store is open. */
static gboolean
prepare (RespiteStore   *self,
         const char     *sql,
         sqlite3_stmt  **stmt,
         GError        **error)
{
  *stmt = respite_sqlite_prepare (self->db, sql, SQLITE_PREPARE_PERSISTENT, on_sqlite_error, self,
                                  _("read the store"), error);
  return *stmt != NULL;
}

static gboolean
prepare_statements (RespiteStore  *self,
                    GError       **error)
{
  return prepare (self,
                  "INSERT INTO exposure_blocks (started_at, heartbeat_at, kind, intensity)"
                  " VALUES (?1, ?1, ?2, ?3)",
                  &self->begin_block, error) &&
         prepare (self,
                  "UPDATE exposure_blocks SET heartbeat_at = MAX(started_at, ?2)"
                  " WHERE id = ?1 AND ended_at IS NULL",
                  &self->heartbeat_block, error) &&
         prepare (self,
                  "UPDATE exposure_blocks"
                  " SET ended_at = MAX(started_at, ?2), heartbeat_at = MAX(started_at, ?2),"
                  "     end_reason = ?3"
                  " WHERE id = ?1 AND ended_at IS NULL",
                  &self->end_block, error) &&
         prepare (self,
                  "UPDATE exposure_blocks SET ended_at = heartbeat_at, end_reason = 'recovered'"
                  " WHERE ended_at IS NULL",
                  &self->recover_blocks, error) &&
         prepare (self,
                  "SELECT MAX(ended_at) FROM exposure_blocks",
                  &self->last_ended_at, error) &&
         prepare (self,
                  "SELECT TOTAL(MAX(0, MIN(ended_at, ?2) - MAX(started_at, ?1)))"
                  " FROM exposure_blocks"
                  " WHERE ended_at IS NOT NULL AND started_at < ?2 AND ended_at > ?1",
                  &self->sum_exposure, error) &&
         prepare (self,
                  "SELECT id, started_at, ended_at, heartbeat_at, kind, intensity, end_reason"
                  " FROM exposure_blocks"
                  " WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at > ?1)"
                  " ORDER BY started_at, id",
                  &self->list_blocks, error) &&
         prepare (self,
                  "INSERT INTO prompts (kind, prompted_at) VALUES (?1, ?2)",
                  &self->add_prompt, error) &&
         prepare (self,
                  "UPDATE prompts SET response = ?2, responded_at = ?3"
                  " WHERE id = ?1 AND response IS NULL",
                  &self->answer_prompt, error) &&
         prepare (self,
                  "SELECT COUNT(*) FROM prompts"
                  " WHERE kind = ?1 AND prompted_at >= ?2 AND prompted_at < ?3",
                  &self->count_prompts, error) &&
         prepare (self,
                  "INSERT INTO breaks (kind, started_at, planned_seconds, prompt_id)"
                  " VALUES (?1, ?2, ?3, NULLIF(?4, 0))",
                  &self->begin_break, error) &&
         prepare (self,
                  "UPDATE breaks SET ended_at = MAX(started_at, ?2)"
                  " WHERE id = ?1 AND ended_at IS NULL",
                  &self->end_break, error) &&
         prepare (self,
                  /* How long a break went on after a crash is unknown: say
                   * nothing rather than invent it. */
                  "UPDATE breaks SET ended_at = started_at WHERE ended_at IS NULL",
                  &self->recover_breaks, error) &&
         prepare (self,
                  "INSERT INTO check_ins (instrument, instrument_version, started_at,"
                  "  finished_at, answers, raw_score, scaled_score, band, suggests_support,"
                  "  prompt_id)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULLIF(?10, 0))",
                  &self->add_check_in, error) &&
         prepare (self,
                  "SELECT id, instrument, instrument_version, started_at, finished_at, answers,"
                  "  raw_score, scaled_score, band, suggests_support, prompt_id"
                  " FROM check_ins WHERE finished_at >= ?1 AND finished_at < ?2"
                  " ORDER BY finished_at, id",
                  &self->list_check_ins, error) &&
         prepare (self,
                  "SELECT MAX(finished_at) FROM check_ins WHERE instrument = ?1",
                  &self->last_check_in, error) &&
         prepare (self,
                  "INSERT INTO counselling_sessions (done_at) VALUES (?1)",
                  &self->add_session, error) &&
         prepare (self,
                  "SELECT id, done_at FROM counselling_sessions"
                  " WHERE done_at >= ?1 AND done_at < ?2 ORDER BY done_at, id",
                  &self->list_sessions, error) &&
         prepare (self,
                  "SELECT MAX(done_at) FROM counselling_sessions",
                  &self->last_session, error);
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
      !exec_sql (self, "PRAGMA journal_mode = WAL", _("open the store"), error) ||
      !exec_sql (self, "PRAGMA synchronous = FULL", _("open the store"), error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON", _("open the store"), error) ||
      /* What the reviewer erases, or retention prunes, is overwritten, not
       * merely unlinked from the file's pages. */
      !exec_sql (self, "PRAGMA secure_delete = ON", _("open the store"), error) ||
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
static int
run_write (RespiteStore  *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);
  int changes = sqlite3_changes (self->db);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, doing);
      return -1;
    }

  return changes;
}

/**
 * respite_store_begin_block:
 *
 * Writes a new open block. Returns its id, or 0 with @error set (also when
 * another block is still open).
 */
gint64
respite_store_begin_block (RespiteStore  *self,
                           gint64         started_at,
                           RespiteKind    kind,
                           int            intensity,
                           GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);
  g_return_val_if_fail (kind < RESPITE_N_KINDS, 0);
  g_return_val_if_fail (intensity >= RESPITE_INTENSITY_MIN &&
                        intensity <= RESPITE_INTENSITY_MAX, 0);

  sqlite3_bind_int64 (self->begin_block, 1, started_at);
  sqlite3_bind_text (self->begin_block, 2, respite_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int (self->begin_block, 3, intensity);

  if (run_write (self, self->begin_block, _("record the start of a block"), error) < 0)
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

gboolean
respite_store_heartbeat_block (RespiteStore  *self,
                               gint64         id,
                               gint64         heartbeat_at,
                               GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  sqlite3_bind_int64 (self->heartbeat_block, 1, id);
  sqlite3_bind_int64 (self->heartbeat_block, 2, heartbeat_at);

  return run_write (self, self->heartbeat_block, _("record a running block"), error) >= 0;
}

/**
 * respite_store_heartbeat_block_nosync:
 *
 * As respite_store_heartbeat_block(), but commits without waiting for the
 * disk (synchronous = NORMAL for this one commit): a power cut may lose it,
 * a crash of the app does not. Only for a caller that has made the same
 * heartbeat durable elsewhere, as RespiteTracker does with
 * RespiteHeartbeat (issue #17). The next full commit syncs it with the rest.
 */
gboolean
respite_store_heartbeat_block_nosync (RespiteStore  *self,
                                      gint64         id,
                                      gint64         heartbeat_at,
                                      GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  if (!exec_sql (self, "PRAGMA synchronous = NORMAL", _("record a running block"), error))
    return FALSE;

  ok = respite_store_heartbeat_block (self, id, heartbeat_at, error);

  /* Every other write waits for the disk, as before, even if this failed
   * (setting the pragma touches no file: it does not fail in practice). */
  if (!exec_sql (self, "PRAGMA synchronous = FULL", _("record a running block"),
                 ok ? error : NULL))
    return FALSE;

  return ok;
}

gboolean
respite_store_end_block (RespiteStore      *self,
                         gint64             id,
                         gint64             ended_at,
                         RespiteEndReason   reason,
                         GError           **error)
{
  int changes;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);
  g_return_val_if_fail (reason < RESPITE_N_END_REASONS, FALSE);

  sqlite3_bind_int64 (self->end_block, 1, id);
  sqlite3_bind_int64 (self->end_block, 2, ended_at);
  sqlite3_bind_text (self->end_block, 3, respite_end_reason_to_string (reason), -1, SQLITE_STATIC);

  changes = run_write (self, self->end_block, _("record the end of a block"), error);
  if (changes < 0)
    return FALSE;

  if (changes == 0)
    g_warning ("Block %" G_GINT64_FORMAT " was not open; its end was not recorded twice", id);

  return TRUE;
}

/**
 * respite_store_recover_open_blocks:
 * @n_recovered: (out) (optional): how many blocks were found open
 *
 * Ends every block left open by a crash or power loss at its last
 * heartbeat: at most a heartbeat interval is lost, and nothing is invented.
 */
gboolean
respite_store_recover_open_blocks (RespiteStore  *self,
                                   guint         *n_recovered,
                                   GError       **error)
{
  int changes;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  changes = run_write (self, self->recover_blocks, _("close blocks left open"), error);
  if (changes < 0 ||
      run_write (self, self->recover_breaks, _("close blocks left open"), error) < 0)
    return FALSE;

  if (n_recovered != NULL)
    *n_recovered = changes;

  return TRUE;
}

/* The end of the latest block, or 0 when there is none. */
gboolean
respite_store_get_last_ended_at (RespiteStore  *self,
                                 gint64        *ended_at,
                                 GError       **error)
{
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (ended_at != NULL, FALSE);

  rc = sqlite3_step (self->last_ended_at);
  if (rc == SQLITE_ROW)
    *ended_at = sqlite3_column_int64 (self->last_ended_at, 0);
  sqlite3_reset (self->last_ended_at);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_store_sum_exposure:
 * @from: start of the period, Unix seconds, included
 * @to: end of the period, Unix seconds, excluded
 * @seconds: (out): exposure of the ended blocks inside the period
 *
 * Only the part of each block inside the period counts, so a block across
 * midnight is split between the two days.
 */
gboolean
respite_store_sum_exposure (RespiteStore  *self,
                            gint64         from,
                            gint64         to,
                            gint64        *seconds,
                            GError       **error)
{
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);

  sqlite3_bind_int64 (self->sum_exposure, 1, from);
  sqlite3_bind_int64 (self->sum_exposure, 2, to);

  rc = sqlite3_step (self->sum_exposure);
  if (rc == SQLITE_ROW)
    *seconds = (gint64) sqlite3_column_double (self->sum_exposure, 0);
  sqlite3_reset (self->sum_exposure);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_store_list_blocks:
 *
 * Returns: (transfer full) (element-type RespiteBlock): the blocks that
 *   overlap [@from, @to), open ones included, oldest first
 */
GArray *
respite_store_list_blocks (RespiteStore  *self,
                           gint64         from,
                           gint64         to,
                           GError       **error)
{
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (RespiteBlock));
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  sqlite3_bind_int64 (self->list_blocks, 1, from);
  sqlite3_bind_int64 (self->list_blocks, 2, to);

  while ((rc = sqlite3_step (self->list_blocks)) == SQLITE_ROW)
    {
      sqlite3_stmt *stmt = self->list_blocks;
      RespiteBlock block = { 0 };

      block.id = sqlite3_column_int64 (stmt, 0);
      block.started_at = sqlite3_column_int64 (stmt, 1);
      block.ended_at = sqlite3_column_int64 (stmt, 2);
      block.heartbeat_at = sqlite3_column_int64 (stmt, 3);
      block.intensity = sqlite3_column_int (stmt, 5);

      if (!respite_kind_from_string ((const char *) sqlite3_column_text (stmt, 4), &block.kind) ||
          (block.ended_at != 0 &&
           !respite_end_reason_from_string ((const char *) sqlite3_column_text (stmt, 6),
                                            &block.end_reason)))
        g_warning ("Block %" G_GINT64_FORMAT " has an unknown kind or end reason", block.id);

      g_array_append_val (blocks, block);
    }

  sqlite3_reset (self->list_blocks);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return NULL;
    }

  return g_steal_pointer (&blocks);
}

/**
 * respite_store_add_prompt:
 * @kind: which deadline fell due
 * @at: when it was shown, Unix seconds
 *
 * Returns: the prompt's id, or 0 with @error set
 */
gint64
respite_store_add_prompt (RespiteStore     *self,
                          RespiteDeadline   kind,
                          gint64            at,
                          GError          **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);
  g_return_val_if_fail (kind != RESPITE_DEADLINE_NONE, 0);

  sqlite3_bind_text (self->add_prompt, 1, respite_deadline_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (self->add_prompt, 2, at);

  if (run_write (self, self->add_prompt, _("record a prompt"), error) < 0)
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

gboolean
respite_store_answer_prompt (RespiteStore     *self,
                             gint64            id,
                             RespiteResponse   response,
                             gint64            at,
                             GError          **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  sqlite3_bind_int64 (self->answer_prompt, 1, id);
  sqlite3_bind_text (self->answer_prompt, 2, respite_response_to_string (response), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (self->answer_prompt, 3, at);

  return run_write (self, self->answer_prompt, _("record your answer to a prompt"), error) >= 0;
}

/* How many prompts of @kind were shown in [@from, @to): lets a restarted app
 * know what it already said today. */
gboolean
respite_store_count_prompts (RespiteStore     *self,
                             RespiteDeadline   kind,
                             gint64            from,
                             gint64            to,
                             guint            *count,
                             GError          **error)
{
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  sqlite3_bind_text (self->count_prompts, 1, respite_deadline_to_string (kind), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (self->count_prompts, 2, from);
  sqlite3_bind_int64 (self->count_prompts, 3, to);

  rc = sqlite3_step (self->count_prompts);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int (self->count_prompts, 0);
  sqlite3_reset (self->count_prompts);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_store_begin_break:
 * @planned: how long the break is meant to last, in seconds
 * @prompt_id: the prompt that asked for it, or 0
 *
 * Returns: the break's id, or 0 with @error set
 */
gint64
respite_store_begin_break (RespiteStore      *self,
                           RespiteBreakKind   kind,
                           gint64             started_at,
                           gint64             planned,
                           gint64             prompt_id,
                           GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);
  g_return_val_if_fail (planned >= 0, 0);

  sqlite3_bind_text (self->begin_break, 1, respite_break_kind_to_string (kind), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (self->begin_break, 2, started_at);
  sqlite3_bind_int64 (self->begin_break, 3, planned);
  sqlite3_bind_int64 (self->begin_break, 4, prompt_id);

  if (run_write (self, self->begin_break, _("record a break"), error) < 0)
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

gboolean
respite_store_end_break (RespiteStore  *self,
                         gint64         id,
                         gint64         ended_at,
                         GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  sqlite3_bind_int64 (self->end_break, 1, id);
  sqlite3_bind_int64 (self->end_break, 2, ended_at);

  return run_write (self, self->end_break, _("record a break"), error) >= 0;
}

void
respite_check_in_clear (RespiteCheckIn *check_in)
{
  g_clear_pointer (&check_in->instrument_id, g_free);
  g_clear_pointer (&check_in->answers, g_array_unref);
  g_clear_pointer (&check_in->band_id, g_free);
}

/* Reads a single integer (or NULL, as 0) from a prepared query and resets it. */
static gboolean
step_int64 (RespiteStore  *self,
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
      set_sqlite_error (self, rc, error, _("read the store"));
      return FALSE;
    }

  return TRUE;
}

static char *
answers_to_json (GArray *answers)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; answers != NULL && i < answers->len; i++)
    g_string_append_printf (json, "%s%d", i > 0 ? "," : "", g_array_index (answers, int, i));
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

static GArray *
answers_from_json (const char *json)
{
  GArray *answers = g_array_new (FALSE, FALSE, sizeof (int));
  const char *p = json;

  /* The store wrote it (answers_to_json()), so a flat list of integers. */
  while (p != NULL && *p != '\0')
    {
      char *end = NULL;
      int value;

      if (!g_ascii_isdigit (*p) && *p != '-')
        {
          p++;
          continue;
        }

      value = (int) g_ascii_strtoll (p, &end, 10);
      g_array_append_val (answers, value);
      p = end;
    }

  return answers;
}

/**
 * respite_store_add_check_in:
 * @check_in: what the reviewer answered; its id is ignored
 *
 * Returns: the check-in's id, or 0 with @error set
 */
gint64
respite_store_add_check_in (RespiteStore          *self,
                            const RespiteCheckIn  *check_in,
                            GError               **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *answers = NULL;

  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);
  g_return_val_if_fail (check_in != NULL, 0);
  g_return_val_if_fail (check_in->instrument_id != NULL, 0);

  stmt = self->add_check_in;
  answers = answers_to_json (check_in->answers);
  sqlite3_bind_text (stmt, 1, check_in->instrument_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, check_in->instrument_version);
  sqlite3_bind_int64 (stmt, 3, check_in->started_at);
  sqlite3_bind_int64 (stmt, 4, check_in->finished_at);
  sqlite3_bind_text (stmt, 5, answers, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, check_in->raw_score);
  if (isnan (check_in->scaled_score))
    sqlite3_bind_null (stmt, 7);
  else
    sqlite3_bind_double (stmt, 7, check_in->scaled_score);
  if (check_in->band_id != NULL)
    sqlite3_bind_text (stmt, 8, check_in->band_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 9, check_in->suggests_support ? 1 : 0);
  sqlite3_bind_int64 (stmt, 10, check_in->prompt_id);

  if (run_write (self, stmt, _("record a check-in"), error) < 0)
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

/**
 * respite_store_list_check_ins:
 *
 * Returns: (transfer full) (element-type RespiteCheckIn): the check-ins
 *   finished in [@from, @to), oldest first; the array clears its elements
 */
GArray *
respite_store_list_check_ins (RespiteStore  *self,
                              gint64         from,
                              gint64         to,
                              GError       **error)
{
  g_autoptr(GArray) check_ins = g_array_new (FALSE, TRUE, sizeof (RespiteCheckIn));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  g_array_set_clear_func (check_ins, (GDestroyNotify) respite_check_in_clear);

  stmt = self->list_check_ins;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RespiteCheckIn check_in = { 0 };

      check_in.id = sqlite3_column_int64 (stmt, 0);
      check_in.instrument_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      check_in.instrument_version = sqlite3_column_int (stmt, 2);
      check_in.started_at = sqlite3_column_int64 (stmt, 3);
      check_in.finished_at = sqlite3_column_int64 (stmt, 4);
      check_in.answers = answers_from_json ((const char *) sqlite3_column_text (stmt, 5));
      check_in.raw_score = sqlite3_column_int (stmt, 6);
      check_in.scaled_score = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                              ? NAN : sqlite3_column_double (stmt, 7);
      check_in.band_id = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      check_in.suggests_support = sqlite3_column_int (stmt, 9) != 0;
      check_in.prompt_id = sqlite3_column_int64 (stmt, 10);

      g_array_append_val (check_ins, check_in);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return NULL;
    }

  return g_steal_pointer (&check_ins);
}

/**
 * respite_store_get_last_check_in_at:
 * @at: (out): when the last check-in with @instrument_id finished, or 0
 *   if there was none
 */
gboolean
respite_store_get_last_check_in_at (RespiteStore  *self,
                                    const char    *instrument_id,
                                    gint64        *at,
                                    GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (instrument_id != NULL, FALSE);
  g_return_val_if_fail (at != NULL, FALSE);

  sqlite3_bind_text (self->last_check_in, 1, instrument_id, -1, SQLITE_TRANSIENT);

  return step_int64 (self, self->last_check_in, at, error);
}

/**
 * respite_store_add_counselling_session:
 * @done_at: any time on the day of the session
 *
 * Returns: the session's id, or 0 with @error set
 */
gint64
respite_store_add_counselling_session (RespiteStore  *self,
                                       gint64         done_at,
                                       GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);

  sqlite3_bind_int64 (self->add_session, 1, done_at);

  if (run_write (self, self->add_session, _("record a counselling session"), error) < 0)
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

/**
 * respite_store_list_counselling_sessions:
 *
 * Returns: (transfer full) (element-type RespiteCounsellingSession): the
 *   sessions done in [@from, @to), oldest first
 */
GArray *
respite_store_list_counselling_sessions (RespiteStore  *self,
                                         gint64         from,
                                         gint64         to,
                                         GError       **error)
{
  g_autoptr(GArray) sessions = g_array_new (FALSE, TRUE, sizeof (RespiteCounsellingSession));
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  sqlite3_bind_int64 (self->list_sessions, 1, from);
  sqlite3_bind_int64 (self->list_sessions, 2, to);

  while ((rc = sqlite3_step (self->list_sessions)) == SQLITE_ROW)
    {
      RespiteCounsellingSession session = {
        .id = sqlite3_column_int64 (self->list_sessions, 0),
        .done_at = sqlite3_column_int64 (self->list_sessions, 1),
      };

      g_array_append_val (sessions, session);
    }

  sqlite3_reset (self->list_sessions);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return NULL;
    }

  return g_steal_pointer (&sessions);
}

/* @at: (out): the last session's done_at, or 0 if none was marked */
gboolean
respite_store_get_last_counselling_session_at (RespiteStore  *self,
                                               gint64        *at,
                                               GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (at != NULL, FALSE);

  return step_int64 (self, self->last_session, at, error);
}

/* History, export, erase and retention run rarely: their statements are
 * prepared when needed rather than kept. */
static sqlite3_stmt *
prepare_once (RespiteStore  *self,
              const char    *sql,
              GError       **error)
{
  return respite_sqlite_prepare (self->db, sql, 0, on_sqlite_error, self, _("read the store"),
                                 error);
}

/* Which day of @days holds @at, or -1. */
static int
find_day (GArray *days,
          gint64  at)
{
  for (guint i = 0; i < days->len; i++)
    {
      RespiteHistoryDay *day = &g_array_index (days, RespiteHistoryDay, i);

      if (at >= day->start && at < day->end)
        return i;
    }

  return -1;
}

/* Counts the rows of a one-column query of times into @days through
 * @field, the offset of a guint counter in RespiteHistoryDay. */
static gboolean
count_into_days (RespiteStore  *self,
                 const char    *sql,
                 GArray        *days,
                 gsize          field,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_once (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_array_index (days, RespiteHistoryDay, 0).start);
  sqlite3_bind_int64 (stmt, 2, g_array_index (days, RespiteHistoryDay, days->len - 1).end);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i = find_day (days, sqlite3_column_int64 (stmt, 0));

      if (i >= 0)
        G_STRUCT_MEMBER (guint, &g_array_index (days, RespiteHistoryDay, i), field)++;
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_store_list_history_days:
 * @tz: the time zone whose midnights divide the days
 * @from: a time in the first day
 * @to: the end of the period, excluded
 *
 * The reviewer's days, for the History view: exposure by intensity (a block
 * across midnight counts in each day for the part that falls in it; a
 * running block counts up to its last heartbeat), and breaks prompted and
 * taken.
 *
 * Returns: (transfer full) (element-type RespiteHistoryDay): one element
 *   per local day that [@from, @to) touches, oldest first
 */
GArray *
respite_store_list_history_days (RespiteStore  *self,
                                 GTimeZone     *tz,
                                 gint64         from,
                                 gint64         to,
                                 GError       **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (RespiteHistoryDay));
  g_autoptr(GArray) blocks = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (from);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (from < to, NULL);

  /* Midnights are found by date, not by adding 86400 s: days of a change
   * to or from summer time last 23 or 25 hours. */
  local = g_date_time_to_timezone (utc, tz);
  midnight = g_date_time_new (tz, g_date_time_get_year (local),
                              g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  while (g_date_time_to_unix (midnight) < to)
    {
      g_autoptr(GDateTime) later = g_date_time_add_hours (midnight, 36);
      GDateTime *next = g_date_time_new (tz, g_date_time_get_year (later),
                                         g_date_time_get_month (later),
                                         g_date_time_get_day_of_month (later), 0, 0, 0);
      RespiteHistoryDay day = {
        .start = g_date_time_to_unix (midnight),
        .end = g_date_time_to_unix (next),
      };

      g_array_append_val (days, day);
      g_date_time_unref (midnight);
      midnight = next;
    }

  blocks = respite_store_list_blocks (self, g_array_index (days, RespiteHistoryDay, 0).start,
                                      g_array_index (days, RespiteHistoryDay, days->len - 1).end,
                                      error);
  if (blocks == NULL)
    return NULL;

  for (guint b = 0; b < blocks->len; b++)
    {
      RespiteBlock *block = &g_array_index (blocks, RespiteBlock, b);
      gint64 end = block->ended_at != 0 ? block->ended_at : block->heartbeat_at;

      for (guint i = 0; i < days->len; i++)
        {
          RespiteHistoryDay *day = &g_array_index (days, RespiteHistoryDay, i);
          gint64 overlap = MIN (end, day->end) - MAX (block->started_at, day->start);

          if (overlap > 0)
            day->exposure[block->intensity - 1] += overlap;
        }
    }

  if (!count_into_days (self,
                        "SELECT prompted_at FROM prompts WHERE kind = 'break-due'"
                        " AND prompted_at >= ?1 AND prompted_at < ?2",
                        days, G_STRUCT_OFFSET (RespiteHistoryDay, breaks_prompted), error) ||
      !count_into_days (self,
                        "SELECT started_at FROM breaks WHERE kind = 'break'"
                        " AND started_at >= ?1 AND started_at < ?2",
                        days, G_STRUCT_OFFSET (RespiteHistoryDay, breaks_taken), error))
    return NULL;

  return g_steal_pointer (&days);
}

/* Every table of the reviewer's data, so that an export or an erase cannot
 * forget one that a later schema adds. */
static GStrv
list_tables (RespiteStore  *self,
             GError       **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_once (self,
                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                       error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return NULL;
    }

  return g_strv_builder_end (names);
}

static sqlite3_stmt *
select_all (RespiteStore  *self,
            const char    *table,
            GError       **error)
{
  /* The member secret stays out of exports: whoever holds it can
   * overwrite or erase the reviewer's published rows. */
  char *sql = g_str_equal (table, "sharing")
              ? sqlite3_mprintf ("SELECT id, member, team, opted_out, last_published_at,"
                                 " last_error FROM sharing ORDER BY rowid")
              : sqlite3_mprintf ("SELECT * FROM \"%w\" ORDER BY rowid", table);
  sqlite3_stmt *stmt = prepare_once (self, sql, error);

  sqlite3_free (sql);

  return stmt;
}

/* Both exports read inside one transaction, so that they see one moment. */
static gboolean
begin_read (RespiteStore  *self,
            GError       **error)
{
  return exec_sql (self, "BEGIN", _("export your data"), error);
}

static void
end_read (RespiteStore *self)
{
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

static gboolean
build_json (RespiteStore  *self,
            JsonBuilder   *builder,
            GError       **error)
{
  g_auto(GStrv) tables = list_tables (self, error);

  if (tables == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "application");
  json_builder_add_string_value (builder, "Respite");
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, RESPITE_STORE_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_object (builder);

  for (guint t = 0; tables[t] != NULL; t++)
    {
      g_autoptr(sqlite3_stmt) stmt = select_all (self, tables[t], error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      json_builder_set_member_name (builder, tables[t]);
      json_builder_begin_array (builder);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          json_builder_begin_object (builder);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              json_builder_set_member_name (builder, sqlite3_column_name (stmt, c));
              switch (sqlite3_column_type (stmt, c))
                {
                case SQLITE_INTEGER:
                  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, c));
                  break;
                case SQLITE_FLOAT:
                  json_builder_add_double_value (builder, sqlite3_column_double (stmt, c));
                  break;
                case SQLITE_NULL:
                  json_builder_add_null_value (builder);
                  break;
                default:
                  json_builder_add_string_value (builder,
                                                 (const char *) sqlite3_column_text (stmt, c));
                  break;
                }
            }
          json_builder_end_object (builder);
        }

      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, error, _("export your data"));
          return FALSE;
        }

      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return TRUE;
}

/**
 * respite_store_export_json:
 * @stream: where to write; left open
 *
 * Writes every row of every table, as described in docs/data.md.
 */
gboolean
respite_store_export_json (RespiteStore   *self,
                           GOutputStream  *stream,
                           GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean ok;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!begin_read (self, error))
    return FALSE;
  ok = build_json (self, builder, error);
  end_read (self);
  if (!ok)
    return FALSE;

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_stream (generator, stream, NULL, error);
}

/* RFC 4180: quote a field only when it needs it, doubling its quotes. */
static void
append_csv_field (GString    *line,
                  const char *value)
{
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static gboolean
write_csv_table (RespiteStore  *self,
                 const char    *table,
                 GFile         *folder,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = select_all (self, table, error);
  g_autofree char *name = g_strconcat (table, ".csv", NULL);
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autoptr(GString) csv = g_string_new (NULL);
  int columns, rc;

  if (stmt == NULL)
    return FALSE;

  columns = sqlite3_column_count (stmt);
  for (int c = 0; c < columns; c++)
    {
      if (c > 0)
        g_string_append_c (csv, ',');
      append_csv_field (csv, sqlite3_column_name (stmt, c));
    }
  g_string_append (csv, "\r\n");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < columns; c++)
        {
          if (c > 0)
            g_string_append_c (csv, ',');

          /* Doubles in the C locale, as a spreadsheet reads them anywhere. */
          if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
            {
              char buffer[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append (csv, g_ascii_dtostr (buffer, sizeof buffer,
                                                    sqlite3_column_double (stmt, c)));
            }
          else if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
            {
              append_csv_field (csv, (const char *) sqlite3_column_text (stmt, c));
            }
        }
      g_string_append (csv, "\r\n");
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("export your data"));
      return FALSE;
    }

  return g_file_replace_contents (file, csv->str, csv->len, NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

/**
 * respite_store_export_csv:
 * @folder: created if missing
 *
 * Writes every table into @folder as `<table>.csv`, one file per table
 * with a header line, so that each opens as one sheet in a spreadsheet.
 */
gboolean
respite_store_export_csv (RespiteStore  *self,
                          GFile         *folder,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) tables = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  if (!g_file_make_directory_with_parents (folder, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!begin_read (self, error))
    return FALSE;

  tables = list_tables (self, error);
  ok = tables != NULL;
  for (guint t = 0; ok && tables[t] != NULL; t++)
    ok = write_csv_table (self, tables[t], folder, error);

  end_read (self);

  return ok;
}

/* Runs @sql (several statements) in one write transaction. */
static gboolean
exec_in_transaction (RespiteStore  *self,
                     const char    *sql,
                     const char    *doing,
                     GError       **error)
{
  if (!exec_sql (self, "BEGIN IMMEDIATE", doing, error))
    return FALSE;

  if (!exec_sql (self, sql, doing, error) ||
      !exec_sql (self, "COMMIT", doing, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_store_erase_all:
 *
 * Deletes every row of every table, then rebuilds the file and empties the
 * write-ahead log, so that nothing erased stays on the disk inside them.
 * Refuses with %RESPITE_STORE_ERROR_BLOCK_OPEN while a block runs: stop it
 * first, so the tracker does not keep writing to a row that is gone.
 */
gboolean
respite_store_erase_all (RespiteStore  *self,
                         GError       **error)
{
  g_auto(GStrv) tables = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  int open = 0;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  if (!query_int (self, "SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL",
                  &open, error))
    return FALSE;

  if (open > 0)
    {
      g_set_error_literal (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_BLOCK_OPEN,
                           _("Stop the running exposure block before erasing your data."));
      return FALSE;
    }

  tables = list_tables (self, error);
  if (tables == NULL)
    return FALSE;

  for (guint t = 0; tables[t] != NULL; t++)
    {
      char *statement;

      /* The identity stays, so that the reviewer can still erase the rows
       * it published (by resetting it) after erasing their own data. */
      if (g_str_equal (tables[t], "sharing"))
        continue;

      statement = sqlite3_mprintf ("DELETE FROM \"%w\";", tables[t]);

      g_string_append (sql, statement);
      sqlite3_free (statement);
    }

  return exec_in_transaction (self, sql->str, _("erase your data"), error) &&
         exec_sql (self, "VACUUM", _("erase your data"), error) &&
         exec_sql (self, "PRAGMA wal_checkpoint(TRUNCATE)", _("erase your data"), error);
}

/**
 * respite_store_prune:
 * @older_than: the cut-off, Unix seconds: now minus the retention period
 *
 * Deletes the detail that ended before @older_than: blocks, prompts,
 * breaks, check-ins and counselling sessions. A running block or break is
 * never pruned, nor one that ends after the cut-off.
 */
gboolean
respite_store_prune (RespiteStore  *self,
                     gint64         older_than,
                     GError       **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  sql = g_strdup_printf ("DELETE FROM exposure_blocks WHERE ended_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM breaks WHERE ended_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM check_ins WHERE finished_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM prompts WHERE prompted_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM counselling_sessions WHERE done_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM unshared_days WHERE noted_at < %1$" G_GINT64_FORMAT ";",
                         older_than);

  return exec_in_transaction (self, sql, _("delete old data"), error);
}

void
respite_sharing_clear (RespiteSharing *sharing)
{
  g_clear_pointer (&sharing->member, g_free);
  g_clear_pointer (&sharing->secret, g_free);
  g_clear_pointer (&sharing->team, g_free);
  g_clear_pointer (&sharing->last_error, g_free);
}

/* @n_bytes from the kernel's random source, as URL-safe base64 without
 * padding: the alphabet the team store accepts for a token. */
static char *
random_token (gsize n_bytes)
{
  guint8 bytes[64];
  gsize done = 0;
  char *text;

  g_assert (n_bytes <= sizeof bytes);

  while (done < n_bytes)
    {
      ssize_t got = getrandom (bytes + done, n_bytes - done, 0);

      /* Only an interrupted call can fail here with these arguments. */
      if (got < 0 && errno != EINTR)
        g_error ("getrandom: %s", g_strerror (errno));
      if (got > 0)
        done += got;
    }

  text = g_base64_encode (bytes, n_bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  explicit_bzero (bytes, sizeof bytes);

  return text;
}

/* Runs @sql once with text parameters (NULL binds NULL) and an integer. */
static gboolean
run_once (RespiteStore  *self,
          const char    *sql,
          const char    *text1,
          const char    *text2,
          gint64         number,
          const char    *doing,
          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_once (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  if (text1 != NULL)
    sqlite3_bind_text (stmt, 1, text1, -1, SQLITE_TRANSIENT);
  if (text2 != NULL)
    sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, number);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, doing);
      return FALSE;
    }

  return TRUE;
}

/* The identity is made on first use, not by the migration, so that a store
 * whose sharing row was lost gets a new one rather than none. */
static gboolean
ensure_sharing (RespiteStore  *self,
                GError       **error)
{
  g_autofree char *member = random_token (16);
  g_autofree char *secret = random_token (32);

  return run_once (self,
                   "INSERT INTO sharing (id, member, secret) VALUES (1, ?1, ?2)"
                   " ON CONFLICT (id) DO NOTHING",
                   member, secret, 0, _("create your team identity"), error);
}

/**
 * respite_store_get_sharing:
 * @sharing: (out caller-allocates): free with respite_sharing_clear()
 *
 * Reads the install's team identity, making a random one on first use.
 */
gboolean
respite_store_get_sharing (RespiteStore    *self,
                           RespiteSharing  *sharing,
                           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (sharing != NULL, FALSE);

  memset (sharing, 0, sizeof *sharing);

  if (!ensure_sharing (self, error))
    return FALSE;

  stmt = prepare_once (self,
                       "SELECT member, secret, team, opted_out, last_published_at, last_error"
                       " FROM sharing WHERE id = 1",
                       error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error, _("read the store"));
      return FALSE;
    }

  sharing->member = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sharing->secret = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sharing->team = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  sharing->opted_out = sqlite3_column_int (stmt, 3) != 0;
  sharing->last_published_at = sqlite3_column_int64 (stmt, 4);
  sharing->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 5));

  return TRUE;
}

/* @team: (nullable): the team this install publishes to */
gboolean
respite_store_set_sharing_team (RespiteStore  *self,
                                const char    *team,
                                GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  return ensure_sharing (self, error) &&
         run_once (self, "UPDATE sharing SET team = ?1 WHERE id = 1",
                   team, NULL, 0, _("save your sharing settings"), error);
}

gboolean
respite_store_set_sharing_opted_out (RespiteStore  *self,
                                     gboolean       opted_out,
                                     GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  return ensure_sharing (self, error) &&
         run_once (self, "UPDATE sharing SET opted_out = ?3 WHERE id = 1",
                   NULL, NULL, opted_out ? 1 : 0, _("save your sharing settings"), error);
}

/**
 * respite_store_set_publish_result:
 * @at: when the attempt ended, Unix seconds
 * @error_message: (nullable): why it failed, in plain words, or %NULL if it
 *   succeeded
 *
 * A success sets the last publication time and clears the error; a failure
 * keeps the last success and records why.
 */
gboolean
respite_store_set_publish_result (RespiteStore  *self,
                                  gint64         at,
                                  const char    *error_message,
                                  GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  if (!ensure_sharing (self, error))
    return FALSE;

  if (error_message == NULL)
    return run_once (self,
                     "UPDATE sharing SET last_published_at = ?3, last_error = NULL WHERE id = 1",
                     NULL, NULL, at, _("record a publication"), error);

  return run_once (self, "UPDATE sharing SET last_error = ?1 WHERE id = 1",
                   error_message, NULL, 0, _("record a publication"), error);
}

/**
 * respite_store_new_sharing_identity:
 *
 * Replaces the member token and secret with new random ones. Erase the old
 * member's rows from the team store first: afterwards nothing can.
 */
gboolean
respite_store_new_sharing_identity (RespiteStore  *self,
                                    GError       **error)
{
  g_autofree char *member = random_token (16);
  g_autofree char *secret = random_token (32);

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  return ensure_sharing (self, error) &&
         run_once (self,
                   "UPDATE sharing SET member = ?1, secret = ?2, last_published_at = NULL,"
                   " last_error = NULL WHERE id = 1",
                   member, secret, 0, _("reset your team identity"), error);
}

/**
 * respite_store_queue_day:
 * @day: a local day, YYYY-MM-DD
 * @queued_at: now, Unix seconds
 *
 * Marks @day as changed since it was last published.
 */
gboolean
respite_store_queue_day (RespiteStore  *self,
                         const char    *day,
                         gint64         queued_at,
                         GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL && strlen (day) == 10, FALSE);

  return run_once (self,
                   "INSERT INTO publish_queue (day, queued_at) VALUES (?1, ?3)"
                   " ON CONFLICT (day) DO UPDATE SET queued_at = excluded.queued_at,"
                   "  revision = revision + 1",
                   day, NULL, queued_at, _("queue a day to publish"), error);
}

/**
 * respite_store_queue_days:
 * @days: (array zero-terminated=1): local days, YYYY-MM-DD
 * @queued_at: now, Unix seconds
 *
 * As respite_store_queue_day() for each of @days, in one transaction: a
 * year of days (a refill of the team store) syncs the disk once, not 365
 * times.
 */
gboolean
respite_store_queue_days (RespiteStore       *self,
                          const char * const *days,
                          gint64              queued_at,
                          GError            **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (days != NULL, FALSE);

  if (!exec_sql (self, "BEGIN IMMEDIATE", _("queue a day to publish"), error))
    return FALSE;

  for (guint i = 0; days[i] != NULL; i++)
    {
      if (!respite_store_queue_day (self, days[i], queued_at, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  if (!exec_sql (self, "COMMIT", _("queue a day to publish"), error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_store_list_queued_days:
 *
 * Returns: (transfer full) (element-type RespiteQueuedDay): the queue,
 *   oldest day first
 */
GArray *
respite_store_list_queued_days (RespiteStore  *self,
                                GError       **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (RespiteQueuedDay));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  stmt = prepare_once (self,
                       "SELECT day, queued_at, revision FROM publish_queue ORDER BY day", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RespiteQueuedDay queued = {
        .queued_at = sqlite3_column_int64 (stmt, 1),
        .revision = sqlite3_column_int64 (stmt, 2),
      };

      g_strlcpy (queued.day, (const char *) sqlite3_column_text (stmt, 0), sizeof queued.day);
      g_array_append_val (days, queued);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return NULL;
    }

  return g_steal_pointer (&days);
}

/* Removes @day from the queue if it did not change since @revision. */
gboolean
respite_store_unqueue_day (RespiteStore  *self,
                           const char    *day,
                           gint64         revision,
                           GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  return run_once (self, "DELETE FROM publish_queue WHERE day = ?1 AND revision = ?3",
                   day, NULL, revision, _("update the queue of days to publish"), error);
}

/**
 * respite_store_note_unshared_day:
 * @day: YYYY-MM-DD
 * @at: when the team store refused it, Unix seconds
 *
 * Notes that the team store refused @day for good: its week had closed.
 */
gboolean
respite_store_note_unshared_day (RespiteStore  *self,
                                 const char    *day,
                                 gint64         at,
                                 GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  return run_once (self, "INSERT OR REPLACE INTO unshared_days (day, noted_at) VALUES (?1, ?3)",
                   day, NULL, at, _("update the queue of days to publish"), error);
}

/**
 * respite_store_list_unshared_days:
 *
 * Returns: (transfer full): the days the team store refused for good,
 *   latest first
 */
GStrv
respite_store_list_unshared_days (RespiteStore  *self,
                                  GError       **error)
{
  g_autoptr(GStrvBuilder) days = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  stmt = prepare_once (self, "SELECT day FROM unshared_days ORDER BY day DESC", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (days, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return NULL;
    }

  return g_strv_builder_end (days);
}

gboolean
respite_store_clear_queue (RespiteStore  *self,
                           GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  return exec_sql (self, "DELETE FROM publish_queue", _("update the queue of days to publish"),
                   error);
}

/**
 * respite_store_list_prompts:
 *
 * Returns: (transfer full) (element-type RespitePromptRecord): the prompts
 *   shown in [@from, @to), oldest first; kinds this version does not know
 *   are left out
 */
GArray *
respite_store_list_prompts (RespiteStore  *self,
                            gint64         from,
                            gint64         to,
                            GError       **error)
{
  g_autoptr(GArray) prompts = g_array_new (FALSE, TRUE, sizeof (RespitePromptRecord));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  stmt = prepare_once (self,
                       "SELECT id, kind, prompted_at, response, responded_at FROM prompts"
                       " WHERE prompted_at >= ?1 AND prompted_at < ?2 ORDER BY prompted_at, id",
                       error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *response = (const char *) sqlite3_column_text (stmt, 3);
      RespitePromptRecord prompt = {
        .id = sqlite3_column_int64 (stmt, 0),
        .prompted_at = sqlite3_column_int64 (stmt, 2),
        .responded_at = sqlite3_column_int64 (stmt, 4),
      };

      if (!respite_deadline_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                         &prompt.kind))
        continue;

      for (guint r = 0; response != NULL && r < RESPITE_N_RESPONSES; r++)
        {
          if (g_str_equal (response, respite_response_to_string (r)))
            {
              prompt.answered = TRUE;
              prompt.response = r;
            }
        }

      g_array_append_val (prompts, prompt);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return NULL;
    }

  return g_steal_pointer (&prompts);
}

/**
 * respite_store_list_breaks:
 *
 * Returns: (transfer full) (element-type RespiteBreakRecord): the breaks
 *   and decompressions started in [@from, @to), oldest first
 */
GArray *
respite_store_list_breaks (RespiteStore  *self,
                           gint64         from,
                           gint64         to,
                           GError       **error)
{
  g_autoptr(GArray) breaks = g_array_new (FALSE, TRUE, sizeof (RespiteBreakRecord));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  stmt = prepare_once (self,
                       "SELECT id, kind, started_at, ended_at, planned_seconds, prompt_id"
                       " FROM breaks WHERE started_at >= ?1 AND started_at < ?2"
                       " ORDER BY started_at, id",
                       error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RespiteBreakRecord record = {
        .id = sqlite3_column_int64 (stmt, 0),
        .kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "decompression") == 0
                ? RESPITE_BREAK_DECOMPRESSION : RESPITE_BREAK_BREAK,
        .started_at = sqlite3_column_int64 (stmt, 2),
        .ended_at = sqlite3_column_int64 (stmt, 3),
        .planned = sqlite3_column_int64 (stmt, 4),
        .prompt_id = sqlite3_column_int64 (stmt, 5),
      };

      g_array_append_val (breaks, record);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return NULL;
    }

  return g_steal_pointer (&breaks);
}
