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
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "respite-store.h"
#include "respite-prompt.h"

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

static gboolean
exec_sql (RespiteStore  *self,
          const char    *sql,
          const char    *doing,
          GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error, doing);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (RespiteStore  *self,
           const char    *sql,
           int           *value,
           GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_integrity (RespiteStore  *self,
                 GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *result = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error, _("check the store"));
      return FALSE;
    }

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_CORRUPT,
                   _("%s is damaged (%s)"), self->path, result ? result : "?");
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

static gboolean
prepare (RespiteStore   *self,
         const char     *sql,
         sqlite3_stmt  **stmt,
         GError        **error)
{
  int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error, _("read the store"));
      return FALSE;
    }

  return TRUE;
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
                  &self->recover_breaks, error);
}

/* The folder is the reviewer's alone (0700), and so is the file (0600):
 * create them so before SQLite does, and tighten them if someone loosened
 * them. SQLite gives its -wal and -shm files the database file's mode. */
static gboolean
ensure_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_UNWRITABLE,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_UNWRITABLE,
                   _("Could not open %s for writing: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fchmod (fd, 0600) != 0)
    g_warning ("Could not make %s private: %s", path, g_strerror (errno));
  close (fd);

  if (g_chmod (dir, 0700) != 0)
    g_warning ("Could not make %s private: %s", dir, g_strerror (errno));

  return TRUE;
}

char *
respite_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "respite", "respite.db", NULL);
}

/**
 * respite_store_open:
 * @path: the database file; it and its folder are created if missing
 *
 * Opens the personal store, checks it, and brings its schema up to date.
 * A damaged file fails with %RESPITE_STORE_ERROR_CORRUPT and is left where
 * it is: see respite_store_open_or_replace().
 */
RespiteStore *
respite_store_open (const char  *path,
                    GError     **error)
{
  g_autoptr(RespiteStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_private_file (path, error))
    return NULL;

  self = g_object_new (RESPITE_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error, _("open the store"));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  /* journal_mode is the first statement to read the file, so a file that
   * is not a database fails here, as SQLITE_NOTADB. */
  if (!exec_sql (self, "PRAGMA journal_mode = WAL", _("open the store"), error) ||
      !exec_sql (self, "PRAGMA synchronous = FULL", _("open the store"), error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON", _("open the store"), error) ||
      !check_integrity (self, error) ||
      !migrate (self, error) ||
      !prepare_statements (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
move_aside (const char  *path,
            const char  *moved_to,
            GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  if (g_rename (path, moved_to) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_UNWRITABLE,
                   _("Could not move the damaged store %s aside: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
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

  return TRUE;
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
  g_autofree char *stamp = NULL;
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

  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  aside = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  for (guint n = 2; g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  /* Expected and handled: the caller tells the reviewer. */
  g_message ("%s; moving it aside to %s", local_error->message, aside);

  if (!move_aside (path, aside, error))
    return NULL;

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
