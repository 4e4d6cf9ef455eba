/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the personal store (RespiteStore) keeps for sharing with the team
 * store: the install's identity and how publishing went, the queue of
 * days to publish, and the days the team store refused for good.
 */

#define G_LOG_DOMAIN "respite-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/random.h>

#include "respite-store-private.h"

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
  g_autoptr(sqlite3_stmt) stmt = respite_store_prepare_once (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (text1 != NULL)
    sqlite3_bind_text (stmt, 1, text1, -1, SQLITE_TRANSIENT);
  if (text2 != NULL)
    sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, number);

  return respite_store_check_done (self, sqlite3_step (stmt), doing, error);
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

  stmt = respite_store_prepare_once (self,
                                     "SELECT member, secret, team, opted_out, last_published_at,"
                                     "  last_error FROM sharing WHERE id = 1",
                                     error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      respite_store_set_sqlite_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error,
                                      _("read the store"));
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
  gboolean ok = TRUE;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (days != NULL, FALSE);

  if (!respite_store_begin_write (self, _("queue a day to publish"), error))
    return FALSE;

  for (guint i = 0; ok && days[i] != NULL; i++)
    ok = respite_store_queue_day (self, days[i], queued_at, error);

  return respite_store_end_write (self, ok, _("queue a day to publish"), error);
}

static gboolean
read_queued_day (sqlite3_stmt *stmt,
                 gpointer      element)
{
  RespiteQueuedDay *queued = element;

  queued->queued_at = sqlite3_column_int64 (stmt, 1);
  queued->revision = sqlite3_column_int64 (stmt, 2);
  g_strlcpy (queued->day, (const char *) sqlite3_column_text (stmt, 0), sizeof queued->day);

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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  stmt = respite_store_prepare_once (self,
                                     "SELECT day, queued_at, revision FROM publish_queue"
                                     " ORDER BY day",
                                     error);
  if (stmt == NULL)
    return NULL;

  return respite_store_list_rows (self, stmt, sizeof (RespiteQueuedDay), NULL, read_queued_day,
                                  error);
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
  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  return respite_store_query_strv (self, "SELECT day FROM unshared_days ORDER BY day DESC",
                                   error);
}

gboolean
respite_store_clear_queue (RespiteStore  *self,
                           GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  return respite_store_exec (self, "DELETE FROM publish_queue",
                             _("update the queue of days to publish"), error);
}
