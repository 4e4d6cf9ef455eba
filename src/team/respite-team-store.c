/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteTeamStore: where daily summaries go, and where leads and HR read
 * team figures from. Two implementations share one schema (data/sql/):
 * RespiteTeamStoreSqlite, a file, and RespiteTeamStorePg, PostgreSQL.
 *
 * The database, not this code, hides groups of fewer than k members: the
 * aggregate views do it, so that a lead with psql sees no more than the app.
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "respite-team-store.h"

G_DEFINE_QUARK (respite-team-store-error-quark, respite_team_store_error)

G_DEFINE_INTERFACE (RespiteTeamStore, respite_team_store, G_TYPE_OBJECT)

static void
respite_team_store_default_init (RespiteTeamStoreInterface *iface)
{
}

void
respite_day_row_clear (RespiteDayRow *row)
{
  g_clear_pointer (&row->team, g_free);
  g_clear_pointer (&row->member, g_free);
  g_clear_pointer (&row->day, g_free);
  g_clear_pointer (&row->policy_version, g_free);
  g_clear_pointer (&row->team_group, g_free);
}

void
respite_team_aggregate_free (RespiteTeamAggregate *aggregate)
{
  if (aggregate == NULL)
    return;

  g_free (aggregate->team);
  g_free (aggregate->period_start);
  g_free (aggregate->period_end);
  g_free (aggregate->policy_version);
  g_free (aggregate);
}

void
respite_team_store_hash_secret (const char *secret,
                                guint8      digest[32])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = 32;

  g_checksum_update (checksum, (const guchar *) secret, strlen (secret));
  g_checksum_get_digest (checksum, digest, &len);
  g_assert (len == 32);
}

/* Whoever meets another version is told who can fix it, and how. */
gboolean
respite_team_store_check_version (int      version,
                                  GError **error)
{
  if (version == RESPITE_TEAM_STORE_SCHEMA_VERSION)
    return TRUE;

  if (version > RESPITE_TEAM_STORE_SCHEMA_VERSION)
    g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA,
                 _("The team store has schema version %d, from a newer Respite; this version "
                   "reads version %d. Update Respite."),
                 version, RESPITE_TEAM_STORE_SCHEMA_VERSION);
  else if (version >= RESPITE_TEAM_STORE_OLDEST_UPGRADABLE)
    g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA,
                 _("The team store has schema version %d; this version of Respite needs %d. "
                   "Its administrator upgrades it with “respite-report init”."),
                 version, RESPITE_TEAM_STORE_SCHEMA_VERSION);
  else
    g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA,
                 _("The team store has schema version %d, too old to upgrade; this version of "
                   "Respite needs %d. Its administrator sets up a new one with "
                   "“respite-report init”."),
                 version, RESPITE_TEAM_STORE_SCHEMA_VERSION);

  return FALSE;
}

/* YYYY-MM-DD and a real date: both backends then read it the same way. */
static gboolean
is_day (const char *text)
{
  unsigned int year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  return sscanf (text, "%4u-%2u-%2u", &year, &month, &day) == 3 &&
         g_date_valid_dmy (day, month, year);
}

static gboolean
check_day (const char  *text,
           GError     **error)
{
  if (!is_day (text))
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
                   _("“%s” is not a day (YYYY-MM-DD)"), text);
      return FALSE;
    }

  return TRUE;
}

/**
 * respite_team_store_publish:
 * @secret: the member's secret; the first publication of a member sets it
 * @rows: (array length=n_rows): days of one member
 *
 * Inserts or replaces the rows, keyed by (team, member, day): publishing the
 * same day twice leaves one row, the latest; a day published under another
 * team moves there. All rows or none are written.
 * Fails with %RESPITE_TEAM_STORE_ERROR_DENIED if @secret is not the
 * member's, and %RESPITE_TEAM_STORE_ERROR_UNREACHABLE when the caller
 * should keep the rows and retry later. Blocks: call from a thread.
 */
gboolean
respite_team_store_publish (RespiteTeamStore     *self,
                            const char           *secret,
                            const RespiteDayRow  *rows,
                            guint                 n_rows,
                            GError              **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_rows; i++)
    {
      g_return_val_if_fail (rows[i].team != NULL && rows[i].member != NULL &&
                            rows[i].day != NULL, FALSE);

      if (!check_day (rows[i].day, error))
        return FALSE;

      /* PostgreSQL's CHECK says the same; SQLite's four-digit years stop
       * only at 0000, so the C code gives both backends one rule. */
      if (strcmp (rows[i].day, RESPITE_TEAM_STORE_FIRST_DAY) < 0)
        {
          g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
                       _("“%s” is before 1970: a team store keeps no such day"), rows[i].day);
          return FALSE;
        }

      /* One secret speaks for one member. */
      if (g_strcmp0 (rows[i].member, rows[0].member) != 0)
        {
          g_set_error_literal (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
                               _("Rows of several members cannot be published together"));
          return FALSE;
        }
    }

  /* The secret is all that keeps reviewers sharing a login apart. */
  if (strlen (secret) < RESPITE_TEAM_STORE_MIN_SECRET)
    {
      g_set_error_literal (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED,
                           _("The member secret is too short"));
      return FALSE;
    }

  if (n_rows == 0)
    return TRUE;

  return RESPITE_TEAM_STORE_GET_IFACE (self)->publish (self, secret, rows, n_rows, error);
}

/**
 * respite_team_store_erase_member:
 *
 * Deletes every row of @member, in every team, and forgets its secret. A
 * member with no rows is already erased: that succeeds. Blocks.
 */
gboolean
respite_team_store_erase_member (RespiteTeamStore  *self,
                                 const char        *member,
                                 const char        *secret,
                                 GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RESPITE_TEAM_STORE_GET_IFACE (self)->erase_member (self, member, secret, error);
}

/**
 * respite_team_store_read_aggregates:
 * @team: (nullable): one team, or %NULL for every team
 * @from_day: first day, YYYY-MM-DD
 * @to_day: last day, YYYY-MM-DD, inclusive
 *
 * Lists each team's weeks or months that overlap the days, oldest first.
 * The periods are whole weeks or months whatever the days asked for: which
 * groups are hidden never depends on the question. Groups' figures are
 * not in it: see respite_team_store_read_group_aggregates(). Blocks.
 *
 * Returns: (transfer full) (element-type RespiteTeamAggregate): the groups,
 *   suppressed ones included, or %NULL on error
 */
GPtrArray *
respite_team_store_read_aggregates (RespiteTeamStore  *self,
                                    const char        *team,
                                    RespitePeriod      period,
                                    const char        *from_day,
                                    const char        *to_day,
                                    GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), NULL);
  g_return_val_if_fail (period == RESPITE_PERIOD_WEEK || period == RESPITE_PERIOD_MONTH, NULL);
  g_return_val_if_fail (from_day != NULL && to_day != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_day (from_day, error) || !check_day (to_day, error))
    return NULL;

  return RESPITE_TEAM_STORE_GET_IFACE (self)->read_aggregates (self, RESPITE_TEAM_UNIT_TEAM,
                                                               team, period,
                                                               from_day, to_day, error);
}

/**
 * respite_team_store_read_group_aggregates:
 * @group: (nullable): one group ([TeamStore] group=), or %NULL for every group
 *
 * As respite_team_store_read_aggregates(), for groups of teams: each member
 * counts once, k applies to the group, and a group whose shown teams would
 * give a hidden one away is hidden (or more of its teams are: see
 * docs/team-store.md, "Groups"). The aggregates' unit is
 * %RESPITE_TEAM_UNIT_GROUP and their team the group's name. Blocks.
 *
 * Returns: (transfer full) (element-type RespiteTeamAggregate): the groups'
 *   periods, suppressed ones included, or %NULL on error
 */
GPtrArray *
respite_team_store_read_group_aggregates (RespiteTeamStore  *self,
                                          const char        *group,
                                          RespitePeriod      period,
                                          const char        *from_day,
                                          const char        *to_day,
                                          GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), NULL);
  g_return_val_if_fail (period == RESPITE_PERIOD_WEEK || period == RESPITE_PERIOD_MONTH, NULL);
  g_return_val_if_fail (from_day != NULL && to_day != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_day (from_day, error) || !check_day (to_day, error))
    return NULL;

  return RESPITE_TEAM_STORE_GET_IFACE (self)->read_aggregates (self, RESPITE_TEAM_UNIT_GROUP,
                                                               group, period,
                                                               from_day, to_day, error);
}

/**
 * respite_team_store_list_teams:
 * @unit: teams, or groups
 *
 * The teams (or groups) this login may read the sealed figures of, sorted:
 * on SQLite every one that has any; on PostgreSQL, for a lead, those the
 * administrator granted in respite.reader_teams (a group granted gives its
 * figures, not its teams'), and for HR every one. Blocks.
 *
 * Returns: (transfer full): the names, possibly none, or %NULL on error
 */
GStrv
respite_team_store_list_teams (RespiteTeamStore  *self,
                               RespiteTeamUnit    unit,
                               GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), NULL);
  g_return_val_if_fail (unit == RESPITE_TEAM_UNIT_TEAM || unit == RESPITE_TEAM_UNIT_GROUP, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RESPITE_TEAM_STORE_GET_IFACE (self)->list_teams (self, unit, error);
}

/**
 * respite_team_store_get_k:
 * @k: (out): the smallest group the store shows figures for
 *
 * Blocks.
 */
gboolean
respite_team_store_get_k (RespiteTeamStore  *self,
                          guint             *k,
                          GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), FALSE);
  g_return_val_if_fail (k != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RESPITE_TEAM_STORE_GET_IFACE (self)->get_k (self, k, error);
}

/**
 * respite_team_store_check:
 *
 * Checks that the store is reachable and holds the schema version this code
 * reads (%RESPITE_TEAM_STORE_ERROR_SCHEMA otherwise). Blocks.
 */
gboolean
respite_team_store_check (RespiteTeamStore  *self,
                          GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RESPITE_TEAM_STORE_GET_IFACE (self)->check (self, error);
}

/**
 * respite_team_store_record_release:
 * @from_day: first day the release covers, YYYY-MM-DD
 * @to_day: last day, inclusive
 * @k: the k the release applied
 * @epsilon: the ε of differential privacy it spends; 0 for none
 * @budget: the most ε that releases of overlapping days may spend together
 * @spent: (out) (optional): the ε spent on those days, this release included
 *
 * Writes the release into the store's ledger. A release with ε > 0 that
 * would take the ε of every release whose days overlap past @budget is
 * refused with %RESPITE_TEAM_STORE_ERROR_BUDGET, and not recorded: the
 * check and the write are one transaction. Releases of disjoint days read
 * disjoint rows, so their ε does not add up.
 *
 * An @epsilon outside 0–100, a @budget that is not a finite number of 0 or
 * more, or a @k below the store's is refused with
 * %RESPITE_TEAM_STORE_ERROR_INVALID, and not recorded: an ε of infinity or
 * NaN would refuse every later release of those days. Each backend checks
 * it (PostgreSQL in record_release(), for psql users too). Blocks.
 */
gboolean
respite_team_store_record_release (RespiteTeamStore  *self,
                                   const char        *from_day,
                                   const char        *to_day,
                                   guint              k,
                                   double             epsilon,
                                   double             budget,
                                   double            *spent,
                                   GError           **error)
{
  double ignored;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), FALSE);
  g_return_val_if_fail (from_day != NULL && to_day != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_day (from_day, error) || !check_day (to_day, error))
    return FALSE;

  return RESPITE_TEAM_STORE_GET_IFACE (self)->record_release (self, from_day, to_day, k, epsilon,
                                                              budget,
                                                              spent != NULL ? spent : &ignored,
                                                              error);
}

/**
 * respite_team_store_get_epsilon_spent:
 * @spent: (out): the ε spent by the releases whose days overlap these
 *
 * Blocks.
 */
gboolean
respite_team_store_get_epsilon_spent (RespiteTeamStore  *self,
                                      const char        *from_day,
                                      const char        *to_day,
                                      double            *spent,
                                      GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), FALSE);
  g_return_val_if_fail (from_day != NULL && to_day != NULL, FALSE);
  g_return_val_if_fail (spent != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_day (from_day, error) || !check_day (to_day, error))
    return FALSE;

  return RESPITE_TEAM_STORE_GET_IFACE (self)->get_epsilon_spent (self, from_day, to_day, spent,
                                                                 error);
}

void
respite_team_store_sealing_clear (RespiteTeamStoreSealing *sealing)
{
  g_clear_pointer (&sealing->sealed_through, g_free);
}

/* The Sunday that ends @date's ISO week. */
static GDate *
week_end (const GDate *date)
{
  GDate *end = g_date_copy (date);

  g_date_add_days (end, G_DATE_SUNDAY - g_date_get_weekday (date));
  return end;
}

/* The Sunday that ends the week or month holding @day (a month: the one
 * that ends its last week, whose pieces its k rule reads), plus @days, as
 * YYYY-MM-DD in @text. */
static void
format_due (RespitePeriod  period,
            const char    *day,
            guint          days,
            char           text[16])
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(GDate) end = NULL;
  unsigned int year, month, mday;

  sscanf (day, "%4u-%2u-%2u", &year, &month, &mday);
  date = g_date_new_dmy (mday, month, year);
  if (period == RESPITE_PERIOD_MONTH)
    g_date_set_day (date, g_date_get_days_in_month (g_date_get_month (date),
                                                    g_date_get_year (date)));
  end = week_end (date);
  g_date_add_days (end, days);
  g_snprintf (text, 16, "%04u-%02u-%02u", g_date_get_year (end), g_date_get_month (end),
              g_date_get_day (end));
}

/**
 * respite_team_store_format_week_end:
 * @day: YYYY-MM-DD
 * @days: days to add
 * @text: (out caller-allocates): the Sunday that ends @day's ISO week, plus
 *   @days, as YYYY-MM-DD
 *
 * For implementations: whether a day's week is sealed, in C.
 */
void
respite_team_store_format_week_end (const char *day,
                                    guint       days,
                                    char        text[16])
{
  format_due (RESPITE_PERIOD_WEEK, day, days, text);
}

/**
 * respite_team_store_sealing_appears_on:
 * @day: YYYY-MM-DD, a day of the period
 *
 * The first day on which the week or month holding @day is sealed, and its
 * figures can be read: the Sunday that ends it (a month: that ends its
 * last week) plus the grace, plus one.
 *
 * Returns: (transfer full): YYYY-MM-DD
 */
char *
respite_team_store_sealing_appears_on (const RespiteTeamStoreSealing *sealing,
                                       RespitePeriod                  period,
                                       const char                    *day)
{
  char text[16];

  g_return_val_if_fail (sealing != NULL && day != NULL, NULL);
  g_return_val_if_fail (is_day (day), NULL);

  format_due (period, day, sealing->seal_after_days + 1, text);
  return g_strdup (text);
}

/**
 * respite_team_store_sealing_is_sealed:
 * @day: YYYY-MM-DD, a day of the period
 *
 * Whether the week or month holding @day is sealed, so that its figures
 * (if it had any rows) can be read.
 */
gboolean
respite_team_store_sealing_is_sealed (const RespiteTeamStoreSealing *sealing,
                                      RespitePeriod                  period,
                                      const char                    *day)
{
  char text[16];

  g_return_val_if_fail (sealing != NULL && day != NULL, FALSE);
  g_return_val_if_fail (is_day (day), FALSE);

  if (sealing->sealed_through == NULL)
    return FALSE;

  format_due (period, day, 0, text);
  return strcmp (text, sealing->sealed_through) <= 0;
}

/**
 * respite_team_store_seal:
 * @sealing: (out) (optional): what is sealed now; clear it with
 *   respite_team_store_sealing_clear()
 *
 * Seals every period that is due and not sealed yet, in one transaction:
 * computes its figures from the raw rows with the k rules, keeps them for
 * good, and deletes the raw rows no period needs any more. A period is due
 * once it has been over for the store's seal-after days, by the store's
 * clock (the server's date for PostgreSQL). Two sealers at once seal once.
 * Every read seals first, so nobody has to; `respite-report seal` does it
 * from cron. Blocks.
 */
gboolean
respite_team_store_seal (RespiteTeamStore         *self,
                         RespiteTeamStoreSealing  *sealing,
                         GError                  **error)
{
  RespiteTeamStoreSealing ignored = { NULL, 0 };
  gboolean ok;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = RESPITE_TEAM_STORE_GET_IFACE (self)->seal (self, sealing != NULL ? sealing : &ignored,
                                                  error);
  respite_team_store_sealing_clear (&ignored);
  return ok;
}
