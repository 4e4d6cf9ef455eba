/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What readers ask of the SQLite team store: the sealed figures of a
 * team and period, its k and schema version; and the ledger of releases,
 * the ε that exports of those figures spent.
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>

#include "respite-team-store-sqlite-private.h"

static GPtrArray *
respite_team_store_sqlite_read_aggregates (RespiteTeamStore  *store,
                                           RespiteTeamUnit    unit,
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
  if (!respite_team_store_sqlite_seal_locked (self, &sealing, error))
    return NULL;

  stmt = respite_team_store_sqlite_prepare (
    self,
    "SELECT team, period_start, period_end, members, member_days,"
    "       exposure_hours, median_exposure_hours, cap_exceeded_share,"
    "       breaks_prompted, breaks_taken, checkin_participation,"
    "       wellbeing_respondents, wellbeing_mean,"
    "       who5_very_low, who5_low, who5_good, who5_member_mean,"
    "       policy_version, policy_age_days, registered, coverage"
    " FROM sealed_figures"
    " WHERE period = ?1 AND unit = ?5 AND period_end >= ?2 AND period_start <= ?3"
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
  sqlite3_bind_text (stmt, 5, unit == RESPITE_TEAM_UNIT_GROUP ? "group" : "team", -1,
                     SQLITE_STATIC);

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
      a->unit = unit;
      a->coverage_suppressed = sqlite3_column_type (stmt, 20) == SQLITE_NULL;
      if (!a->coverage_suppressed)
        {
          a->registered = sqlite3_column_int (stmt, 19);
          a->coverage = sqlite3_column_double (stmt, 20);
        }

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
      respite_team_store_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&aggregates);
}

/* No roles in SQLite: every team (or group) with a sealed figure. */
static GStrv
respite_team_store_sqlite_list_teams (RespiteTeamStore  *store,
                                      RespiteTeamUnit    unit,
                                      GError           **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(RespiteTeamStoreSealing) sealing = { NULL, 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!respite_team_store_sqlite_seal_locked (self, &sealing, error))
    return NULL;

  stmt = respite_team_store_sqlite_prepare (
    self, "SELECT DISTINCT team FROM sealed_figures WHERE unit = ?1 ORDER BY team", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, unit == RESPITE_TEAM_UNIT_GROUP ? "group" : "team", -1,
                     SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      respite_team_store_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_strv_builder_end (names);
}

static gboolean
respite_team_store_sqlite_get_k (RespiteTeamStore  *store,
                                 guint             *k,
                                 GError           **error)
{
  RespiteTeamStoreSqlite *self = RESPITE_TEAM_STORE_SQLITE (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  int value = 0;

  if (!respite_team_store_sqlite_query_int (self, "SELECT k FROM store_info", &value, error))
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

  return respite_team_store_sqlite_query_int (self, "SELECT schema_version FROM store_info",
                                              &version, error) &&
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

  stmt = respite_team_store_sqlite_prepare (self,
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
      respite_team_store_sqlite_set_error (self, rc, error);
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
  if (!respite_team_store_sqlite_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!respite_team_store_sqlite_query_int (self, "SELECT k FROM settings", &store_k, error))
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

  stmt = respite_team_store_sqlite_prepare (
    self,
    "INSERT INTO releases (made_at, from_day, to_day, k, epsilon)"
    " VALUES (strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4)",
    error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, k);
  sqlite3_bind_double (stmt, 4, epsilon);
  if (!respite_team_store_sqlite_run (self, stmt, error))
    goto rollback;

  if (respite_team_store_sqlite_exec (self, "COMMIT", error))
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

/* Its part of respite_team_store_sqlite_iface_init (). */
void
respite_team_store_sqlite_figures_iface_init (RespiteTeamStoreInterface *iface)
{
  iface->read_aggregates = respite_team_store_sqlite_read_aggregates;
  iface->get_k = respite_team_store_sqlite_get_k;
  iface->list_teams = respite_team_store_sqlite_list_teams;
  iface->check = respite_team_store_sqlite_check;
  iface->record_release = respite_team_store_sqlite_record_release;
  iface->get_epsilon_spent = respite_team_store_sqlite_get_epsilon_spent;
}
