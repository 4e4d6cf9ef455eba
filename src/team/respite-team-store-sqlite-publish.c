/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Publishing to the SQLite team store: a member's rows, checked against
 * their secret (SHA-256, checked here in C: there are no roles), refused
 * for a sealed week or a day in the future; and erasing a member with
 * every row they published.
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "respite-team-store-sqlite-private.h"

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
      stmt = respite_team_store_sqlite_prepare (
        self,
        "INSERT INTO members (member, secret_hash) VALUES (?1, ?2)"
        " ON CONFLICT (member) DO NOTHING",
        error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, member, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 2, digest, 32, SQLITE_TRANSIENT);
      if (!respite_team_store_sqlite_run (self, stmt, error))
        return FALSE;
    }

  stmt = respite_team_store_sqlite_prepare (
    self,
    "SELECT secret_hash = ?2 FROM members WHERE member = ?1",
    error);
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
      respite_team_store_sqlite_set_error (self, rc, error);
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
  stmt = respite_team_store_sqlite_prepare (
    self,
    "DELETE FROM day_rows WHERE member = ?1 AND day = ?2 AND team <> ?3",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->member, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, row->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, row->team, -1, SQLITE_TRANSIENT);
  if (!respite_team_store_sqlite_run (self, stmt, error))
    return FALSE;

  stmt = respite_team_store_sqlite_prepare (
    self,
    "INSERT INTO day_rows VALUES"
    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
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
    "  policy_version = excluded.policy_version,"
    "  team_group = excluded.team_group",
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
  if (row->team_group != NULL)
    sqlite3_bind_text (stmt, 17, row->team_group, -1, SQLITE_TRANSIENT);

  return respite_team_store_sqlite_run (self, stmt, error);
}

/* The member is registered in the team (and group) of the latest day it
 * published: what coverage counts. */
static gboolean
register_member (RespiteTeamStoreSqlite  *self,
                 const RespiteDayRow     *rows,
                 guint                    n_rows,
                 GError                 **error)
{
  const RespiteDayRow *latest = &rows[0];
  sqlite3_stmt *stmt;

  for (guint i = 1; i < n_rows; i++)
    if (strcmp (rows[i].day, latest->day) >= 0)
      latest = &rows[i];

  stmt = respite_team_store_sqlite_prepare (
    self,
    "INSERT INTO registrations (member, team, team_group) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (member) DO UPDATE SET team = excluded.team, team_group = excluded.team_group"
    /* An older day sent again does not move the member back. */
    " WHERE NOT EXISTS (SELECT 1 FROM day_rows WHERE member = ?1 AND day > ?4)",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, latest->member, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, latest->team, -1, SQLITE_TRANSIENT);
  if (latest->team_group != NULL)
    sqlite3_bind_text (stmt, 3, latest->team_group, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, latest->day, -1, SQLITE_TRANSIENT);
  return respite_team_store_sqlite_run (self, stmt, error);
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

  stmt = respite_team_store_sqlite_prepare (
    self,
    "INSERT INTO policy_versions (policy_version, first_day) VALUES (?1, ?2)"
    " ON CONFLICT (policy_version) DO UPDATE"
    "   SET first_day = min(first_day, excluded.first_day)",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  return respite_team_store_sqlite_run (self, stmt, error);
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
  g_autofree char *today = respite_team_store_sqlite_get_today (self);
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
  if (!respite_team_store_sqlite_read_sealing (self, today, &sealing, &due_through, error))
    return FALSE;
  if (sealing.sealed_through != NULL &&
      !respite_team_store_sqlite_seal_locked (self, &sealing, error))
    return FALSE;

  if (!respite_team_store_sqlite_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Again under the write lock: another process may have sealed. */
  g_clear_pointer (&due_through, g_free);
  if (!respite_team_store_sqlite_read_sealing (self, today, &sealing, &due_through, error))
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

  if (!register_member (self, rows, n_rows, error))
    goto rollback;

  if (respite_team_store_sqlite_exec (self, "COMMIT", error))
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

  if (!respite_team_store_sqlite_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!authorise (self, member, digest, FALSE, &known, error))
    goto rollback;

  if (known)
    {
      /* Its rows go with it (ON DELETE CASCADE). */
      stmt = respite_team_store_sqlite_prepare (self, "DELETE FROM members WHERE member = ?1",
                                                error);
      if (stmt == NULL)
        goto rollback;
      sqlite3_bind_text (stmt, 1, member, -1, SQLITE_TRANSIENT);
      if (!respite_team_store_sqlite_run (self, stmt, error))
        goto rollback;
    }

  if (respite_team_store_sqlite_exec (self, "COMMIT", error))
    return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Its part of respite_team_store_sqlite_iface_init (). */
void
respite_team_store_sqlite_publish_iface_init (RespiteTeamStoreInterface *iface)
{
  iface->publish = respite_team_store_sqlite_publish;
  iface->erase_member = respite_team_store_sqlite_erase_member;
}
