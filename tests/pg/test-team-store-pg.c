/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The team store on a real PostgreSQL: run by pg-env.sh, which starts a
 * throwaway server and sets PGHOST and friends. The schema and roles are
 * applied once, as the shipped files are; each role then gets a login and
 * is tried against everything it must not do.
 */

#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "respite-team-store-pg.h"
#include "test-team-store-behaviour.h"

#define DATABASE "respite_test"

static PGconn *admin;  /* a superuser, as the administrator who ran the SQL */

static PGconn *
connect_to (const char *database,
            const char *user)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=%s", database, user);
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect as %s: %s", user, PQerrorMessage (conn));

  return conn;
}

static PGconn *
connect_as (const char *user)
{
  return connect_to (DATABASE, user);
}

/* Runs SQL as @conn; returns the SQLSTATE of its error, or "00000". */
static char *
try_sql (PGconn     *conn,
         const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);
  char *state;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    state = g_strdup ("00000");
  else
    state = g_strdup (PQresultErrorField (result, PG_DIAG_SQLSTATE));
  PQclear (result);

  return state;
}

static void
admin_sql (const char *sql)
{
  g_autofree char *state = try_sql (admin, sql);

  if (!g_str_equal (state, "00000"))
    g_error ("%s: %s", sql, PQerrorMessage (admin));
}

/* The one value of a query. */
static char *
conn_value (PGconn     *conn,
            const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  char *value;

  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  value = g_strdup (PQgetisnull (result, 0, 0) ? "(null)" : PQgetvalue (result, 0, 0));
  PQclear (result);

  return value;
}

static void
apply_file (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sql", name, NULL);
  g_autofree char *sql = NULL;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);
  admin_sql (sql);
}

/* The server's today, as the administrator fixes it for a test: the one
 * thing respite.today () is there for. */
static void
set_today_in (PGconn     *conn,
              const char *day)
{
  g_autofree char *sql = NULL;

  g_assert_nonnull (strstr (day, "-"));  /* a date, not SQL */
  sql = g_strdup_printf ("CREATE OR REPLACE FUNCTION respite.today () RETURNS date"
                         " LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp"
                         " AS $$ SELECT date '%s' $$", day);
  g_autofree char *state = try_sql (conn, sql);
  if (!g_str_equal (state, "00000"))
    g_error ("%s: %s", sql, PQerrorMessage (conn));
}

static void
pg_reset (void)
{
  admin_sql ("TRUNCATE respite.day_rows, respite.members, respite.registrations, respite.releases,"
             " respite.sealed_figures, respite.sealed_pieces, respite.policy_versions");
  admin_sql ("UPDATE respite.settings SET k = 5, seal_after_days = 3, sealed_through = NULL");
  /* The week of 4 March 2024, which the tests here publish, is open. */
  set_today_in (admin, "2024-03-08");
}

static void
pg_set_today (const char *day)
{
  set_today_in (admin, day);
}

static RespiteTeamStore *
pg_open_as (const char *role)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=test_%s", DATABASE, role);

  return RESPITE_TEAM_STORE (respite_team_store_pg_new (conninfo));
}

static guint
pg_count_rows (const char *team,
               const char *member)
{
  const char *params[] = { team, member };
  PGresult *result;
  guint count;

  result = PQexecParams (admin,
                         "SELECT count(*) FROM respite.day_rows WHERE team = $1 AND member = $2",
                         2, NULL, params, NULL, NULL, 0);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  count = atoi (PQgetvalue (result, 0, 0));
  PQclear (result);

  return count;
}

static const TeamStoreBackend pg_backend = {
  .name = "pg",
  .reset = pg_reset,
  .open_as = pg_open_as,
  .count_rows = pg_count_rows,
  .set_today = pg_set_today,
};

/* Everything but the functions and tables a role is given. */
static const char * const forbidden_reads[] = {
  "SELECT * FROM respite.day_rows",
  "SELECT * FROM respite.members",
  "SELECT * FROM respite.settings",
  "SELECT * FROM respite.sealed_pieces",
  "SELECT * FROM respite.policy_versions",
};

static const char * const forbidden_writes[] = {
  "INSERT INTO respite.members VALUES ('member-token-000009', sha256('x'))",
  "UPDATE respite.day_rows SET exposure_1_seconds = 0",
  "DELETE FROM respite.day_rows",
  "TRUNCATE respite.day_rows",
  "UPDATE respite.settings SET k = 3",
  "UPDATE respite.store_info SET k = 3",
  "CREATE TABLE respite.mine (x int)",
  "ALTER TABLE respite.day_rows DISABLE ROW LEVEL SECURITY",
  "DROP TABLE respite.sealed_figures",
  /* Sealed figures are final: nobody adds, changes or removes one. */
  "INSERT INTO respite.sealed_figures (period, period_start, period_end, team, k)"
  " VALUES ('week', '2024-03-04', '2024-03-10', 'Hotline A', 5)",
  "UPDATE respite.sealed_figures SET members = 1",
  "DELETE FROM respite.sealed_figures",
  /* Nor seals a range of its choosing, or moves the store's today. */
  "SELECT respite.seal_through ('2024-03-04', '2024-03-10')",
  "CREATE OR REPLACE FUNCTION respite.today () RETURNS date LANGUAGE sql"
  " AS $$ SELECT date '2099-01-01' $$",
  /* The ledger of releases grows only through record_release(). */
  "INSERT INTO respite.releases (from_day, to_day, k, epsilon) VALUES ('2024-01-01', '2024-01-01', 5, 0)",
  "DELETE FROM respite.releases",
};

#define PUBLISH_SQL \
  "SELECT respite.publish ('the-secret-of-member-000001', 'Hotline A', 'member-token-000001'," \
  " '2024-03-04', 1, 0, 0, 1, 0, 0, 0, 0, false, 0, 0, 0, NULL)"

static void
assert_denied (PGconn     *conn,
               const char *sql)
{
  g_autofree char *state = try_sql (conn, sql);

  g_test_message ("%s: %s", sql, state);
  /* 42501 insufficient_privilege; DDL on objects one does not own: 42501
   * too, as "must be owner". */
  g_assert_cmpstr (state, ==, "42501");
}

static void
assert_allowed (PGconn     *conn,
                const char *sql)
{
  g_autofree char *state = try_sql (conn, sql);

  g_assert_cmpstr (state, ==, "00000");
}

static void
publish_five (void)
{
  g_autoptr(RespiteTeamStore) store = pg_open_as ("reviewer");

  for (guint i = 1; i <= 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *member = g_strdup_printf ("member-token-%06u", i);
      g_autofree char *secret = g_strdup_printf ("the-secret-of-member-%06u", i);
      RespiteDayRow row = {
        .team = (char *) "Hotline A", .member = member, .day = (char *) "2024-03-04",
        .exposure_seconds = { 3600, 0, 0 },
      };

      respite_team_store_publish (store, secret, &row, 1, &error);
      g_assert_no_error (error);
    }
}

static void
test_reviewer_reads_nothing (void)
{
  PGconn *conn = connect_as ("test_reviewer");
  g_autoptr(RespiteTeamStore) store = pg_open_as ("reviewer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  pg_reset ();
  publish_five ();

  for (guint i = 0; i < G_N_ELEMENTS (forbidden_reads); i++)
    assert_denied (conn, forbidden_reads[i]);
  for (guint i = 0; i < G_N_ELEMENTS (forbidden_writes); i++)
    assert_denied (conn, forbidden_writes[i]);
  assert_denied (conn, "SELECT * FROM respite.sealed_figures");
  assert_allowed (conn, "SELECT * FROM respite.store_info");
  assert_allowed (conn, "SELECT respite.seal_due ()");

  groups = respite_team_store_read_aggregates (store, NULL, RESPITE_PERIOD_WEEK,
                                               "2024-03-04", "2024-03-04", &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
  g_assert_null (groups);

  PQfinish (conn);
}

static void
test_leads_read_views_only (void)
{
  const char * const readers[] = { "test_lead", "test_hr" };

  pg_reset ();
  publish_five ();

  for (guint r = 0; r < G_N_ELEMENTS (readers); r++)
    {
      PGconn *conn = connect_as (readers[r]);

      for (guint i = 0; i < G_N_ELEMENTS (forbidden_reads); i++)
        assert_denied (conn, forbidden_reads[i]);
      for (guint i = 0; i < G_N_ELEMENTS (forbidden_writes); i++)
        assert_denied (conn, forbidden_writes[i]);
      assert_denied (conn, PUBLISH_SQL);
      assert_denied (conn, "SELECT respite.erase_member ('member-token-000001',"
                           " 'the-secret-of-member-000001')");
      assert_allowed (conn, "SELECT * FROM respite.sealed_figures");
      assert_allowed (conn, "SELECT * FROM respite.store_info");
      assert_allowed (conn, "SELECT respite.seal_due ()");

      PQfinish (conn);
    }

  g_assert_cmpuint (pg_count_rows ("Hotline A", "member-token-000001"), ==, 1);
}

static void
test_lead_cannot_publish (void)
{
  g_autoptr(RespiteTeamStore) lead = pg_open_as ("lead");
  g_autoptr(GError) error = NULL;
  RespiteDayRow row = {
    .team = (char *) "Hotline A", .member = (char *) "member-token-000001",
    .day = (char *) "2024-03-04",
  };

  pg_reset ();
  g_assert_false (respite_team_store_publish (lead, "the-secret-of-member-000001", &row, 1,
                                              &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_false (respite_team_store_erase_member (lead, "member-token-000001",
                                                   "the-secret-of-member-000001", &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
  g_assert_cmpuint (pg_count_rows ("Hotline A", "member-token-000001"), ==, 0);
}

/* A login in none of the roles gets nothing at all. */
static void
test_outsider (void)
{
  PGconn *conn = connect_as ("test_outsider");

  pg_reset ();
  publish_five ();

  for (guint i = 0; i < G_N_ELEMENTS (forbidden_reads); i++)
    assert_denied (conn, forbidden_reads[i]);
  assert_denied (conn, "SELECT * FROM respite.sealed_figures");
  assert_denied (conn, "SELECT * FROM respite.store_info");
  assert_denied (conn, "SELECT respite.seal_due ()");
  assert_denied (conn, PUBLISH_SQL);

  PQfinish (conn);
}

static void
test_k_minimum (void)
{
  PGconn *lead = connect_as ("test_lead");
  g_autoptr(RespiteTeamStore) store = pg_open_as ("lead");
  g_autoptr(GError) error = NULL;
  g_autofree char *too_low = try_sql (admin, "UPDATE respite.settings SET k = 2");
  g_autofree char *two_rows = try_sql (admin, "INSERT INTO respite.settings VALUES (false, 1, 3)");
  guint k = 0;

  g_assert_cmpstr (too_low, ==, "23514");   /* check_violation */
  g_assert_cmpstr (two_rows, ==, "23514");
  assert_denied (lead, "UPDATE respite.settings SET k = 3");

  admin_sql ("UPDATE respite.settings SET k = 7");
  g_assert_true (respite_team_store_get_k (store, &k, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (k, ==, 7);

  pg_reset ();
  PQfinish (lead);
}

/* Row-level security is forced: even the owner, which the functions run as,
 * writes only the member a function has checked the secret of. */
static void
test_rls_binds_owner (void)
{
  PGresult *result;

  pg_reset ();
  publish_five ();

  admin_sql ("SET ROLE respite_owner");
  assert_allowed (admin, "SELECT set_config ('respite.member', 'member-token-000002', false)");
  assert_denied (admin, "INSERT INTO respite.day_rows VALUES ('Hotline A', 'member-token-000001',"
                        " '2024-03-05', 1, 0, 0, 1, 0, 0, 0, 0, false, 0, 0, 0, NULL)");
  result = PQexec (admin, "DELETE FROM respite.day_rows WHERE member = 'member-token-000001'");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  g_assert_cmpstr (PQcmdTuples (result), ==, "0");
  PQclear (result);
  /* Nor does it see other members' secret hashes, only the one it acts for. */
  result = PQexec (admin, "SELECT string_agg (member, ',') FROM respite.members");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "member-token-000002");
  PQclear (result);
  admin_sql ("RESET ROLE");
  admin_sql ("RESET respite.member");

  g_assert_cmpuint (pg_count_rows ("Hotline A", "member-token-000001"), ==, 1);
}

/* Sealing cut off at ever later moments (a statement timeout: the server
 * aborts it as it would a killed client's): each time the store holds
 * either nothing sealed and every raw row, or the whole sealing done. */
static void
test_seal_interrupted (void)
{
  PGconn *lead = connect_as ("test_lead");
  gboolean done = FALSE;

  for (guint timeout_ms = 2; !done && timeout_ms <= 120000; timeout_ms *= 3)
    {
      g_autofree char *limit = g_strdup_printf ("SET statement_timeout = %u", timeout_ms);
      g_autofree char *state = NULL;
      g_autofree char *sealed = NULL;
      g_autofree char *rows = NULL;
      g_autofree char *figures = NULL;

      pg_reset ();
      /* 100 members, every day of February and March 2024, in 7 teams. */
      admin_sql ("INSERT INTO respite.members"
                 "  SELECT format ('member-token-%s', lpad (i::text, 6, '0')), sha256 (i::text::bytea)"
                 "    FROM generate_series (1, 100) i");
      admin_sql ("INSERT INTO respite.day_rows"
                 "  SELECT 'Hotline ' || (i % 7), format ('member-token-%s', lpad (i::text, 6, '0')),"
                 "         d, 3600, 0, 0, 3600, 2, 1, 0, 0, false, 1, 60, 1, 'test 1'"
                 "    FROM generate_series (1, 100) i,"
                 "         generate_series ('2024-02-01'::date, '2024-03-31', '1 day') d");
      set_today_in (admin, "2024-04-10");

      g_free (try_sql (lead, limit));
      state = try_sql (lead, "SELECT respite.seal_due ()");
      g_free (try_sql (lead, "RESET statement_timeout"));

      sealed = conn_value (admin, "SELECT sealed_through IS NOT NULL FROM respite.settings");
      rows = conn_value (admin, "SELECT count(*) FROM respite.day_rows");
      figures = conn_value (admin, "SELECT count(*) || ' ' || (SELECT count(*) FROM respite.sealed_pieces)"
                                   "  FROM respite.sealed_figures");
      g_test_message ("cut off after %u ms: %s; %s raw rows, %s figures and pieces", timeout_ms,
                      state, rows, figures);
      if (g_str_equal (state, "00000"))
        {
          done = TRUE;
          g_assert_cmpstr (sealed, ==, "t");
          g_assert_cmpstr (rows, ==, "0");
          g_assert_cmpstr (figures, ==, "77 70");  /* 7 teams × (9 weeks, 2 months); × 10 pieces */
        }
      else
        {
          g_assert_cmpstr (state, ==, "57014");  /* query_canceled */
          g_assert_cmpstr (sealed, ==, "f");
          g_assert_cmpstr (rows, ==, "6000");
          g_assert_cmpstr (figures, ==, "0 0");
        }
    }

  g_assert_true (done);
  pg_reset ();
  PQfinish (lead);
}

/* The functions pin their search_path: a reviewer's own temporary table
 * named like ours changes nothing. */
static void
test_search_path_pinned (void)
{
  PGconn *conn = connect_as ("test_reviewer");
  g_autofree char *state = NULL;

  pg_reset ();
  publish_five ();

  assert_allowed (conn, "CREATE TEMP TABLE members (member text, secret_hash bytea)");
  assert_allowed (conn, "INSERT INTO pg_temp.members VALUES ('member-token-000001',"
                        " sha256 (convert_to ('attacker-attacker-attacker', 'UTF8')))");
  assert_allowed (conn, "SET search_path = pg_temp, respite, public");
  state = try_sql (conn, "SELECT respite.erase_member ('member-token-000001',"
                         " 'attacker-attacker-attacker')");
  g_assert_cmpstr (state, ==, "28000");  /* invalid_authorization_specification */

  g_assert_cmpuint (pg_count_rows ("Hotline A", "member-token-000001"), ==, 1);
  PQfinish (conn);
}

/* A lost connection is an error once (the caller keeps its rows), then the
 * store connects again by itself. */
static void
test_reconnects (void)
{
  g_autoptr(RespiteTeamStore) store = pg_open_as ("lead");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_true (respite_team_store_check (store, &error));
  g_assert_no_error (error);

  admin_sql ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
             " WHERE usename = 'test_lead'");

  ok = respite_team_store_check (store, &error);
  if (!ok)
    {
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE);
      g_clear_error (&error);
    }
  g_assert_true (respite_team_store_check (store, &error));
  g_assert_no_error (error);
}

/* No password in any message, whatever goes wrong. */
static void
test_password_scrubbed (void)
{
  const char * const conninfos[] = {
    "host=/nonexistent/respite user=test_lead password=hunter2-very-secret",
    "postgresql://test_lead:hunter2-very-secret@/respite?host=/nonexistent/respite",
    "user=test_lead password=hunter2-very-secret bogus_option=1",
    "user=test_lead password='hunter2-very-secret",
    "dbname=no_such_database user=test_lead password=hunter2-very-secret",
  };

  for (guint i = 0; i < G_N_ELEMENTS (conninfos); i++)
    {
      g_autoptr(RespiteTeamStore) store = RESPITE_TEAM_STORE (respite_team_store_pg_new (conninfos[i]));
      g_autoptr(GError) error = NULL;

      g_assert_false (respite_team_store_check (store, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_null (strstr (error->message, "hunter2"));
    }
}

static void
test_unreachable (void)
{
  g_autoptr(RespiteTeamStore) store = RESPITE_TEAM_STORE (
    respite_team_store_pg_new ("host=/nonexistent/respite user=test_reviewer"));
  g_autoptr(GError) error = NULL;
  RespiteDayRow row = {
    .team = (char *) "Hotline A", .member = (char *) "member-token-000001",
    .day = (char *) "2024-03-04",
  };

  g_assert_false (respite_team_store_publish (store, "the-secret-of-member-000001", &row, 1,
                                              &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE);
}

/* Upgrades (issues #10 and #16): a version 2 or 3 database, made from
 * the SQL as it shipped (tests/data/team-store-vN/schema.sql, and v3's
 * roles.sql, which v2 had too), next to the version 4 one the other tests
 * use. */

#define OLD_DATABASE "respite_old"

static PGconn *
connect_old (void)
{
  PGconn *conn = connect_to (OLD_DATABASE, "postgres");

  g_autofree char *state = try_sql (conn, "SET client_min_messages = warning");
  g_assert_cmpstr (state, ==, "00000");
  return conn;
}

static char *
read_sql (const char *first,
          ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *sql = NULL;
  va_list args;

  va_start (args, first);
  path = g_build_filename_valist (first, &args);
  va_end (args);

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);
  return sql;
}

static void
conn_sql (PGconn     *conn,
          const char *sql)
{
  g_autofree char *state = try_sql (conn, sql);

  if (!g_str_equal (state, "00000"))
    g_error ("%s: %s", sql, PQerrorMessage (conn));
}


/* Hotline D of test-attack-pg.c: five people every weekday from Monday
 * 26 February to 29 March 2024, and only one of them on Friday 1 March.
 * With k = 4, to see that the settings are kept, and a release. */
#define HOTLINE_D \
  "UPDATE respite.settings SET k = 4;" \
  "SELECT respite.record_release ('2024-02-01', '2024-02-29', 5, 0.5, 2);" \
  "SELECT respite.publish (format ('secret-of-d-%s', lpad (i::text, 8, '0')), 'Hotline D'," \
  "                        format ('member-d-%s', lpad (i::text, 8, '0')), d::date," \
  "                        1800 * i, 0, 0, 600, 2, 1, 0, 0, false, 1, 80, 1, '2024-01 policy')" \
  "  FROM generate_series (1, 5) i, generate_series ('2024-02-26'::date, '2024-03-29', '1 day') d" \
  " WHERE extract (isodow FROM d) < 6" \
  "   AND (d NOT BETWEEN '2024-03-01' AND '2024-03-03' OR i = 1)"

/* March minus its whole weeks, from version 2 and 3's view. */
#define MARCH_MINUS_WEEKS \
  "SELECT (SELECT member_days FROM respite.team_aggregates" \
  "         WHERE team = 'Hotline D' AND period = 'month' AND period_start = '2024-03-01')" \
  "     - (SELECT sum (member_days) FROM respite.team_aggregates" \
  "         WHERE team = 'Hotline D' AND period = 'week'" \
  "           AND period_start BETWEEN '2024-03-04' AND '2024-03-25')"

/* The same from version 4's sealed figures. */
#define SEALED_MARCH_MINUS_WEEKS \
  "SELECT (SELECT member_days FROM respite.sealed_figures" \
  "         WHERE team = 'Hotline D' AND period = 'month' AND period_start = '2024-03-01')" \
  "     - (SELECT sum (member_days) FROM respite.sealed_figures" \
  "         WHERE team = 'Hotline D' AND period = 'week'" \
  "           AND period_start BETWEEN '2024-03-04' AND '2024-03-25')"

/* What an upgrade keeps, as a digest the administrator computes: the
 * members, the ledger and k. The raw rows go once sealed. */
#define KEPT_DIGEST \
  "SELECT (SELECT md5 (string_agg (m::text, '|' ORDER BY m::text)) FROM respite.members m)" \
  "    || (SELECT md5 (string_agg (l::text, '|' ORDER BY l::text)) FROM respite.releases l)" \
  "    || (SELECT ' k = ' || k FROM respite.settings)"

/* Every row of the tables, sealed ones included. */
#define DIGEST \
  "SELECT (SELECT count(*) || ' ' || md5 (coalesce (string_agg (r::text, '|' ORDER BY r::text), ''))" \
  "          FROM respite.day_rows r)" \
  "    || (SELECT count(*) || ' ' || md5 (string_agg ((f.period, f.period_start, f.team," \
  "                                                      f.members, f.exposure_hours)::text," \
  "                                                     '|' ORDER BY f.period, f.period_start))" \
  "          FROM respite.sealed_figures f)" \
  "    || (SELECT md5 (string_agg (m::text, '|' ORDER BY m::text)) FROM respite.members m)"

/* What a fresh version 4 database and an upgraded one must have alike: the
 * functions (today's body aside, which the behaviour tests set), the
 * tables readers get, the CHECKs, the row-level security, and who may use
 * them. */
#define DEFINITIONS \
  "SELECT (SELECT string_agg (pg_get_functiondef (p.oid) || p.proacl::text" \
  "                           || p.proowner::regrole::text, '|' ORDER BY p.proname)" \
  "          FROM pg_proc p WHERE p.pronamespace = 'respite'::regnamespace" \
  "           AND p.proname <> 'today')" \
  "    || (SELECT p.proacl::text || p.proowner::regrole::text FROM pg_proc p" \
  "         WHERE p.oid = 'respite.today'::regproc)" \
  "    || (SELECT string_agg (c.relname || coalesce (c.relacl::text, '') || c.relowner::regrole::text" \
  "                           || c.relrowsecurity || c.relforcerowsecurity, '|' ORDER BY c.relname)" \
  "          FROM pg_class c WHERE c.relnamespace = 'respite'::regnamespace" \
  "           AND c.relkind IN ('r', 'v') AND c.relname <> 'day_rows_out_of_range')" \
  "    || (SELECT string_agg (pg_get_constraintdef (oid), '|' ORDER BY conname) FROM pg_constraint" \
  "         WHERE connamespace = 'respite'::regnamespace AND contype = 'c')" \
  "    || (SELECT string_agg (polname || pg_get_expr (polqual, polrelid), '|' ORDER BY polname)" \
  "          FROM pg_policy)" \
  "    || pg_get_viewdef ('respite.store_info'::regclass, true)"

static void
make_old_database (int version)
{
  g_autofree char *folder = g_strdup_printf ("team-store-v%d", version);
  g_autofree char *schema = read_sql (g_test_get_dir (G_TEST_DIST), "data", folder,
                                      "schema.sql", NULL);
  g_autofree char *roles_folder = g_strdup_printf ("team-store-v%d", MAX (version, 3));
  g_autofree char *roles = read_sql (g_test_get_dir (G_TEST_DIST), "data", roles_folder,
                                     "roles.sql", NULL);
  PGconn *conn;

  admin_sql ("DROP DATABASE IF EXISTS " OLD_DATABASE);
  admin_sql ("CREATE DATABASE " OLD_DATABASE);
  conn = connect_old ();
  conn_sql (conn, schema);
  conn_sql (conn, roles);
  PQfinish (conn);
}

static RespiteTeamStore *
old_open_as (const char *login)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=" OLD_DATABASE " user=%s", login);

  return RESPITE_TEAM_STORE (respite_team_store_pg_new (conninfo));
}

/* The app meets an old store: it refuses, before reading or writing
 * anything, and says who upgrades it and how. */
static void
assert_app_refuses (const char *says)
{
  g_autoptr(RespiteTeamStore) lead = old_open_as ("test_lead");
  g_autoptr(RespiteTeamStore) reviewer = old_open_as ("test_reviewer");
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  RespiteDayRow row = {
    .team = (char *) "Hotline D", .member = (char *) "member-d-00000001",
    .day = (char *) "2024-03-02",
  };
  guint k = 0;

  groups = respite_team_store_read_aggregates (lead, "Hotline D", RESPITE_PERIOD_MONTH,
                                               "2024-03-01", "2024-03-31", &error);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_null (groups);
  g_clear_error (&error);

  g_assert_false (respite_team_store_get_k (lead, &k, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_clear_error (&error);
  g_assert_false (respite_team_store_check (lead, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_clear_error (&error);
  g_assert_false (respite_team_store_record_release (lead, "2024-03-01", "2024-03-31", 5, 0, 1,
                                                     NULL, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_clear_error (&error);

  g_assert_false (respite_team_store_publish (reviewer, "secret-of-d-00000001", &row, 1, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
}

/* What respite-report init does: upgrades version 2 or 3 in place,
 * sealing every period due from its rows and deleting those, keeping the
 * members, the ledger and the settings; the database then has what a new
 * version 4 one has. */
static void
test_upgrade (gconstpointer data)
{
  int from = GPOINTER_TO_INT (data);
  g_autoptr(RespiteTeamStorePg) init = respite_team_store_pg_new ("dbname=" OLD_DATABASE
                                                                  " user=postgres");
  g_autoptr(RespiteTeamStore) lead = NULL;
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *leak = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *upgraded = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *version = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *poison = NULL;
  g_autofree char *infinity = NULL;
  g_autofree char *late = NULL;
  PGconn *conn;
  int old_version = -1;
  guint k = 0;

  make_old_database (from);
  conn = connect_old ();
  conn_sql (conn, HOTLINE_D);

  /* Version 2's hole: March minus its weeks is the one person; version 3
   * closed it, but read the rows anew at every reading. */
  leak = conn_value (conn, MARCH_MINUS_WEEKS);
  g_assert_cmpstr (leak, ==, from == 2 ? "1" : "(null)");
  before = conn_value (conn, KEPT_DIGEST);

  assert_app_refuses ("Its administrator upgrades it with “respite-report init”");

  g_assert_true (respite_team_store_pg_init_schema (init, &old_version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (old_version, ==, from);

  version = conn_value (conn, "SELECT schema_version || ' ' || k FROM respite.settings");
  g_assert_cmpstr (version, ==, "5 4");
  after = conn_value (conn, KEPT_DIGEST);
  g_test_message ("%s", after);
  g_assert_cmpstr (after, ==, before);
  rows = conn_value (conn, "SELECT count(*) FROM respite.day_rows");
  g_assert_cmpstr (rows, ==, "0");
  closed = conn_value (conn, SEALED_MARCH_MINUS_WEEKS);
  g_assert_cmpstr (closed, ==, "(null)");

  upgraded = conn_value (conn, DEFINITIONS);
  fresh = conn_value (admin, DEFINITIONS);
  g_assert_cmpstr (upgraded, ==, fresh);

  /* The checks hold: no 'infinity', no poisoned ledger, no late row. */
  infinity = try_sql (conn, "SELECT respite.publish ('secret-of-d-00000001', 'Hotline D',"
                            " 'member-d-00000001', 'infinity', 1, 0, 0, 1, 0, 0, 0, 0, false,"
                            " 0, 0, 0, NULL)");
  g_assert_cmpstr (infinity, ==, "23514");
  poison = try_sql (conn, "SELECT respite.record_release ('2024-03-01', '2024-03-31', 5,"
                          " 'Infinity', 'Infinity')");
  g_assert_cmpstr (poison, ==, "22023");
  late = try_sql (conn, "SELECT respite.publish ('secret-of-d-00000001', 'Hotline D',"
                        " 'member-d-00000001', '2024-03-04', 1, 0, 0, 1, 0, 0, 0, 0, false,"
                        " 0, 0, 0, NULL)");
  g_assert_cmpstr (late, ==, "RS001");

  /* The app reads it now, through the same grants as before, and the
   * team the administrator grants the lead since version 5. */
  conn_sql (conn, "INSERT INTO respite.reader_teams VALUES ('test_lead', 'team', 'Hotline D')");
  lead = old_open_as ("test_lead");
  g_assert_true (respite_team_store_get_k (lead, &k, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (k, ==, 4);
  months = respite_team_store_read_aggregates (lead, "Hotline D", RESPITE_PERIOD_MONTH,
                                               "2024-02-01", "2024-03-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 2);
  g_assert_true (((RespiteTeamAggregate *) months->pdata[0])->suppressed);
  g_assert_true (((RespiteTeamAggregate *) months->pdata[1])->suppressed);
  weeks = respite_team_store_read_aggregates (lead, "Hotline D", RESPITE_PERIOD_WEEK,
                                              "2024-02-01", "2024-03-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weeks->len, ==, 5);
  for (guint i = 0; i < weeks->len; i++)
    {
      RespiteTeamAggregate *week = weeks->pdata[i];

      g_assert_cmpint (week->suppressed, ==, g_str_equal (week->period_start, "2024-02-26"));
      if (!week->suppressed)
        g_assert_cmpuint (week->members, ==, 5);
    }

  PQfinish (conn);
}

/* init again changes nothing; the script run again by psql refuses, and
 * changes nothing either. */
static void
test_upgrade_twice (void)
{
  g_autoptr(RespiteTeamStorePg) init = respite_team_store_pg_new ("dbname=" OLD_DATABASE
                                                                  " user=postgres");
  g_autofree char *script = read_sql (g_test_get_dir (G_TEST_DIST), "..", "data", "sql",
                                      "migrate-3-4.sql", NULL);
  g_autofree char *script_4_5 = read_sql (g_test_get_dir (G_TEST_DIST), "..", "data", "sql",
                                          "migrate-4-5.sql", NULL);
  g_autofree char *state_4_5 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *definitions = NULL;
  g_autofree char *after = NULL;
  g_autofree char *definitions_after = NULL;
  g_autofree char *version = NULL;
  g_autofree char *state = NULL;
  PGconn *conn;
  int old_version = -1;

  make_old_database (2);
  conn = connect_old ();
  conn_sql (conn, HOTLINE_D);
  g_assert_true (respite_team_store_pg_init_schema (init, &old_version, &error));
  g_assert_no_error (error);
  before = conn_value (conn, DIGEST);
  definitions = conn_value (conn, DEFINITIONS);

  g_assert_true (respite_team_store_pg_init_schema (init, &old_version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (old_version, ==, 5);
  state = try_sql (conn, script);
  g_assert_cmpstr (state, ==, "55000");  /* object_not_in_prerequisite_state */
  conn_sql (conn, "ROLLBACK");
  state_4_5 = try_sql (conn, script_4_5);
  g_assert_cmpstr (state_4_5, ==, "55000");
  conn_sql (conn, "ROLLBACK");

  after = conn_value (conn, DIGEST);
  definitions_after = conn_value (conn, DEFINITIONS);
  version = conn_value (conn, "SELECT schema_version FROM respite.settings");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (definitions_after, ==, definitions);
  g_assert_cmpstr (version, ==, "5");
  PQfinish (conn);
}

/* Days version 2 let in and its views could not group are set aside, not
 * lost: in a table only the administrator reads, which the member's
 * erasure still empties. The day that was in range is sealed like any. */
static void
test_upgrade_out_of_range (void)
{
  g_autoptr(RespiteTeamStorePg) init = respite_team_store_pg_new ("dbname=" OLD_DATABASE
                                                                  " user=postgres");
  g_autoptr(RespiteTeamStore) reviewer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *readable = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *erased = NULL;
  PGconn *conn;
  PGconn *lead;

  make_old_database (2);
  conn = connect_old ();
  conn_sql (conn, HOTLINE_D);
  conn_sql (conn, "SELECT respite.publish ('secret-of-x-00000001', 'Hotline X',"
                  " 'member-x-00000001', d, 1, 0, 0, 1, 0, 0, 0, 0, false, 0, 0, 0, NULL)"
                  "  FROM unnest (ARRAY['infinity', '294276-12-31', '1969-12-31',"
                  "                     '2024-03-04']::date[]) d");
  lead = connect_to (OLD_DATABASE, "test_lead");
  broken = try_sql (lead, "SELECT * FROM respite.team_aggregates");
  g_assert_cmpstr (broken, !=, "00000");  /* version 2 fails for every reader */

  g_assert_true (respite_team_store_pg_init_schema (init, NULL, &error));
  g_assert_no_error (error);

  sealed = conn_value (conn, "SELECT string_agg (period || ' ' || period_start || ' '"
                             "                   || coalesce (members::text, 'hidden'), ',' ORDER BY period)"
                             "  FROM respite.sealed_figures WHERE team = 'Hotline X'");
  g_assert_cmpstr (sealed, ==, "month 2024-03-01 hidden,week 2024-03-04 hidden");
  aside = conn_value (conn, "SELECT string_agg (day::text, ',' ORDER BY day)"
                            "  FROM respite.day_rows_out_of_range");
  g_assert_cmpstr (aside, ==, "1969-12-31,294276-12-31,infinity");
  readable = try_sql (lead, "SELECT * FROM respite.sealed_figures");
  g_assert_cmpstr (readable, ==, "00000");
  hidden = try_sql (lead, "SELECT * FROM respite.day_rows_out_of_range");
  g_assert_cmpstr (hidden, ==, "42501");

  reviewer = old_open_as ("test_reviewer");
  g_assert_true (respite_team_store_erase_member (reviewer, "member-x-00000001",
                                                  "secret-of-x-00000001", &error));
  g_assert_no_error (error);
  erased = conn_value (conn, "SELECT count(*) FROM respite.day_rows_out_of_range");
  g_assert_cmpstr (erased, ==, "0");

  PQfinish (lead);
  PQfinish (conn);
}

/* A week version 4 sealed, as psql prints it. */
#define V4_FIGURE \
  "SELECT (period, period_start, period_end, team, members, member_days, exposure_hours," \
  "        wellbeing_mean, who5_good, policy_version, k, sealed_at)::text" \
  "  FROM respite.sealed_figures WHERE team = 'Hotline Z'"

/* Version 4 to 5 (migrate-4-5.sql, by init): every sealed figure is kept,
 * as a team's, and its pieces; each member is registered in the team of
 * its latest row; the database has what a new one has; the rows left are
 * sealed by version 5 at the next read. */
static void
test_upgrade_from_v4 (void)
{
  g_autoptr(RespiteTeamStorePg) init = respite_team_store_pg_new ("dbname=" OLD_DATABASE
                                                                  " user=postgres");
  g_autoptr(RespiteTeamStore) lead = NULL;
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *figure = NULL;
  g_autofree char *figure_after = NULL;
  g_autofree char *version = NULL;
  g_autofree char *registered = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *upgraded = NULL;
  g_autofree char *rows = NULL;
  PGconn *conn;
  int old_version = -1;

  make_old_database (4);
  conn = connect_old ();
  conn_sql (conn, HOTLINE_D);
  conn_sql (conn, "INSERT INTO respite.sealed_figures VALUES ('week', '2024-01-01', '2024-01-07',"
                  " 'Hotline Z', 6, 30, 15.0, 0.5, 0.1, 60, 50, 0.5, 6, 62.5, 0, 0, 6,"
                  " 62.5, '2024-01 policy', 6, 5, '2024-01-11T03:00:00Z');"
                  "INSERT INTO respite.sealed_pieces VALUES ('Hotline Z', '2024-01-01',"
                  " '2024-01-01', 6, 6)");
  before = conn_value (conn, KEPT_DIGEST);
  figure = conn_value (conn, V4_FIGURE);

  assert_app_refuses ("Its administrator upgrades it with “respite-report init”");

  g_assert_true (respite_team_store_pg_init_schema (init, &old_version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (old_version, ==, 4);

  version = conn_value (conn, "SELECT schema_version || ' ' || k FROM respite.settings");
  g_assert_cmpstr (version, ==, "5 4");
  figure_after = conn_value (conn, V4_FIGURE);
  g_assert_cmpstr (figure_after, ==, figure);
  kept = conn_value (conn, "SELECT count(*) FROM respite.sealed_figures f"
                           " JOIN respite.sealed_pieces p USING (team, unit)"
                           " WHERE team = 'Hotline Z' AND unit = 'team' AND p.members = 6"
                           "   AND f.registered IS NULL AND f.coverage IS NULL");
  g_assert_cmpstr (kept, ==, "1");
  registered = conn_value (conn, "SELECT count(*) FROM respite.registrations"
                                 " WHERE team = 'Hotline D' AND team_group IS NULL");
  g_assert_cmpstr (registered, ==, "5");
  after = conn_value (conn, KEPT_DIGEST);
  g_assert_cmpstr (after, ==, before);

  upgraded = conn_value (conn, DEFINITIONS);
  fresh = conn_value (admin, DEFINITIONS);
  g_assert_cmpstr (upgraded, ==, fresh);

  /* The first read seals, by version 5's rules: the hole stays closed. */
  conn_sql (conn, "INSERT INTO respite.reader_teams VALUES ('test_lead', 'team', 'Hotline D')");
  lead = old_open_as ("test_lead");
  weeks = respite_team_store_read_aggregates (lead, "Hotline D", RESPITE_PERIOD_WEEK,
                                              "2024-02-01", "2024-03-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weeks->len, ==, 5);
  for (guint i = 0; i < weeks->len; i++)
    {
      RespiteTeamAggregate *week = weeks->pdata[i];

      g_assert_cmpint (week->suppressed, ==, g_str_equal (week->period_start, "2024-02-26"));
      g_assert_cmpint (week->unit, ==, RESPITE_TEAM_UNIT_TEAM);
    }
  rows = conn_value (conn, "SELECT count(*) FROM respite.day_rows");
  g_assert_cmpstr (rows, ==, "0");

  PQfinish (conn);
}

/* A store of a newer version is refused by the app and by init, which
 * leave it as it is; so is the script run by hand. */
static void
test_upgrade_refused (void)
{
  g_autoptr(RespiteTeamStorePg) init = respite_team_store_pg_new ("dbname=" OLD_DATABASE
                                                                  " user=postgres");
  g_autofree char *script = read_sql (g_test_get_dir (G_TEST_DIST), "..", "data", "sql",
                                      "migrate-3-4.sql", NULL);
  g_autofree char *script_4_5 = read_sql (g_test_get_dir (G_TEST_DIST), "..", "data", "sql",
                                          "migrate-4-5.sql", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *state = NULL;
  PGconn *conn;
  int old_version = -1;

  make_old_database (3);
  conn = connect_old ();
  conn_sql (conn, HOTLINE_D);
  conn_sql (conn, "UPDATE respite.settings SET schema_version = 6");
  before = conn_value (conn, MARCH_MINUS_WEEKS);

  assert_app_refuses ("from a newer Respite");

  g_assert_false (respite_team_store_pg_init_schema (init, &old_version, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA);
  g_assert_cmpint (old_version, ==, 6);
  g_clear_error (&error);

  state = try_sql (conn, script);
  g_assert_cmpstr (state, ==, "55000");  /* object_not_in_prerequisite_state */
  conn_sql (conn, "ROLLBACK");
  g_free (state);
  state = try_sql (conn, script_4_5);
  g_assert_cmpstr (state, ==, "55000");
  conn_sql (conn, "ROLLBACK");

  after = conn_value (conn, MARCH_MINUS_WEEKS);
  g_assert_cmpstr (after, ==, before);
  PQfinish (conn);
}

/* What the behaviour tests read as the lead, hostile names included. */
static const char * const lead_teams[][2] = {
  { "team", "Hotline A" }, { "team", "Hotline B" }, { "team", "Hotline C" },
  { "team", "Hotline D" }, { "team", "Hotline E" }, { "team", "Hotline K" },
  { "team", "x'); DROP TABLE day_rows; --" }, { "team", "Robert\"; DELETE FROM members; --" },
  { "team", "' OR 1=1 --" }, { "team", "équipe ☂ \\ %s %n" },
  { "group", "Department" },
};

static void
set_up_cluster (void)
{
  admin = connect_to ("postgres", "postgres");
  admin_sql ("SET client_min_messages = warning");
  admin_sql ("DROP DATABASE IF EXISTS " DATABASE);
  admin_sql ("CREATE DATABASE " DATABASE);
  PQfinish (admin);

  admin = connect_as ("postgres");
  admin_sql ("SET client_min_messages = warning");
  apply_file ("schema.sql");
  apply_file ("roles.sql");

  /* Logins, trusted on the test socket. */
  admin_sql ("DROP ROLE IF EXISTS test_reviewer, test_lead, test_hr, test_outsider");
  admin_sql ("CREATE ROLE test_reviewer LOGIN IN ROLE respite_reviewer");
  admin_sql ("CREATE ROLE test_lead LOGIN IN ROLE respite_lead");
  admin_sql ("CREATE ROLE test_hr LOGIN IN ROLE respite_hr");
  admin_sql ("CREATE ROLE test_outsider LOGIN");
  /* The teams the tests read as the lead (HR reads every team): the
   * administrator grants them (docs/team-store.md). */
  for (guint i = 0; i < G_N_ELEMENTS (lead_teams); i++)
    {
      const char *params[] = { lead_teams[i][0], lead_teams[i][1] };
      PGresult *result = PQexecParams (admin, "INSERT INTO respite.reader_teams (login, unit, team)"
                                              " VALUES ('test_lead', $1, $2)",
                                       2, NULL, params, NULL, NULL, 0);

      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("Could not grant %s: %s", lead_teams[i][1], PQerrorMessage (admin));
      PQclear (result);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("PGHOST") == NULL)
    {
      g_print ("1..0 # SKIP Run through tests/pg/pg-env.sh, which starts PostgreSQL\n");
      return 0;
    }

  set_up_cluster ();

  team_store_behaviour_add_tests (&pg_backend);
  team_store_groups_add_tests (&pg_backend);
  g_test_add_func ("/team-store/pg/roles/reviewer-reads-nothing", test_reviewer_reads_nothing);
  g_test_add_func ("/team-store/pg/roles/leads-read-sealed-only", test_leads_read_views_only);
  g_test_add_func ("/team-store/pg/roles/lead-cannot-publish", test_lead_cannot_publish);
  g_test_add_func ("/team-store/pg/roles/outsider", test_outsider);
  g_test_add_func ("/team-store/pg/roles/rls-binds-owner", test_rls_binds_owner);
  g_test_add_func ("/team-store/pg/roles/search-path-pinned", test_search_path_pinned);
  g_test_add_func ("/team-store/pg/k-minimum", test_k_minimum);
  g_test_add_func ("/team-store/pg/seal/interrupted", test_seal_interrupted);
  g_test_add_func ("/team-store/pg/reconnects", test_reconnects);
  g_test_add_func ("/team-store/pg/unreachable", test_unreachable);
  g_test_add_func ("/team-store/pg/password-scrubbed", test_password_scrubbed);
  g_test_add_data_func ("/team-store/pg/upgrade/from-v2", GINT_TO_POINTER (2), test_upgrade);
  g_test_add_data_func ("/team-store/pg/upgrade/from-v3", GINT_TO_POINTER (3), test_upgrade);
  g_test_add_func ("/team-store/pg/upgrade/from-v4", test_upgrade_from_v4);
  g_test_add_func ("/team-store/pg/upgrade/twice", test_upgrade_twice);
  g_test_add_func ("/team-store/pg/upgrade/out-of-range", test_upgrade_out_of_range);
  g_test_add_func ("/team-store/pg/upgrade/refused", test_upgrade_refused);

  return g_test_run ();
}
