/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What readers ask of the PostgreSQL team store: the sealed figures of a
 * team or group and period, and the teams and groups the login may read.
 * Row-level security (roles.sql) decides what a lead sees; this file only
 * asks.
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "respite-team-store-pg-private.h"

static GPtrArray *
respite_team_store_pg_read_aggregates (RespiteTeamStore  *store,
                                       RespiteTeamUnit    unit,
                                       const char        *team,
                                       RespitePeriod      period,
                                       const char        *from_day,
                                       const char        *to_day,
                                       GError           **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) aggregates = NULL;
  const char *params[] = {
    period == RESPITE_PERIOD_WEEK ? "week" : "month", from_day, to_day, team,
    unit == RESPITE_TEAM_UNIT_GROUP ? "group" : "team",
  };
  PGresult *result;

  /* Every read seals what is due: nobody has to. */
  if (!respite_team_store_pg_ensure_ready (self, error) ||
      !respite_team_store_pg_exec_command (self, "SELECT respite.seal_due ()", 0, NULL, error))
    return NULL;

  result = respite_team_store_pg_exec_params (
    self,
    "SELECT team, period_start::text, period_end::text, members, member_days,"
    "       exposure_hours, median_exposure_hours, cap_exceeded_share,"
    "       breaks_prompted, breaks_taken, checkin_participation,"
    "       wellbeing_respondents, wellbeing_mean,"
    "       who5_very_low, who5_low, who5_good, who5_member_mean,"
    "       policy_version, policy_age_days, registered, coverage"
    " FROM respite.sealed_figures"
    " WHERE period = $1 AND unit = $5"
    "   AND period_end >= $2::date AND period_start <= $3::date"
    /* No period is longer than a month: a bound for the index. */
    "   AND period_start >= $2::date - interval '1 month'"
    "   AND ($4::text IS NULL OR team = $4::text)"
    " ORDER BY period_start, team",
    G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return NULL;

  aggregates = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_team_aggregate_free);

  for (int i = 0; i < PQntuples (result); i++)
    {
      RespiteTeamAggregate *a = g_new0 (RespiteTeamAggregate, 1);

      a->team = g_strdup (PQgetvalue (result, i, 0));
      a->period_start = g_strdup (PQgetvalue (result, i, 1));
      a->period_end = g_strdup (PQgetvalue (result, i, 2));
      a->suppressed = PQgetisnull (result, i, 3);
      a->wellbeing_suppressed = PQgetisnull (result, i, 12);
      a->who5_bands_suppressed = PQgetisnull (result, i, 13);
      if (!PQgetisnull (result, i, 17))
        a->policy_version = g_strdup (PQgetvalue (result, i, 17));
      a->policy_age_days = PQgetisnull (result, i, 18) ? -1 : atoi (PQgetvalue (result, i, 18));
      a->unit = unit;
      a->coverage_suppressed = PQgetisnull (result, i, 20);
      if (!a->coverage_suppressed)
        {
          a->registered = get_uint (result, i, 19);
          a->coverage = get_double (result, i, 20);
        }

      if (!a->suppressed)
        {
          a->members = get_uint (result, i, 3);
          a->member_days = get_uint (result, i, 4);
          a->exposure_hours = get_double (result, i, 5);
          a->median_exposure_hours = get_double (result, i, 6);
          a->cap_exceeded_share = get_double (result, i, 7);
          a->breaks_prompted = get_uint (result, i, 8);
          a->breaks_taken = get_uint (result, i, 9);
          a->checkin_participation = get_double (result, i, 10);
        }
      if (!a->wellbeing_suppressed)
        {
          a->wellbeing_respondents = get_uint (result, i, 11);
          a->wellbeing_mean = get_double (result, i, 12);
          a->who5_member_mean = get_double (result, i, 16);
        }
      if (!a->who5_bands_suppressed)
        {
          a->who5_very_low = get_uint (result, i, 13);
          a->who5_low = get_uint (result, i, 14);
          a->who5_good = get_uint (result, i, 15);
        }

      g_ptr_array_add (aggregates, a);
    }
  PQclear (result);

  return g_steal_pointer (&aggregates);
}

/* The teams (or groups) whose sealed figures this login may read. */
static GStrv
respite_team_store_pg_list_teams (RespiteTeamStore  *store,
                                  RespiteTeamUnit    unit,
                                  GError           **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *params[] = { unit == RESPITE_TEAM_UNIT_GROUP ? "group" : "team" };
  PGresult *result;

  if (!respite_team_store_pg_ensure_ready (self, error) ||
      !respite_team_store_pg_exec_command (self, "SELECT respite.seal_due ()", 0, NULL, error))
    return NULL;

  /* Row-level security decides (roles.sql): a lead's own grants, even
   * without a figure yet, and the figures it may read; HR every figure. */
  result = respite_team_store_pg_exec_params (
    self,
    "SELECT team FROM respite.sealed_figures WHERE unit = $1"
    " UNION"
    " SELECT team FROM respite.reader_teams WHERE unit = $1 AND login = current_user"
    " ORDER BY team",
    1, params, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_strv_builder_add (names, PQgetvalue (result, i, 0));
  PQclear (result);

  return g_strv_builder_end (names);
}

/* Its part of respite_team_store_pg_iface_init (). */
void
respite_team_store_pg_figures_iface_init (RespiteTeamStoreInterface *iface)
{
  iface->read_aggregates = respite_team_store_pg_read_aggregates;
  iface->list_teams = respite_team_store_pg_list_teams;
}
