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

static void
pg_reset (void)
{
  admin_sql ("TRUNCATE respite.day_rows, respite.members, respite.releases");
  admin_sql ("UPDATE respite.settings SET k = 5");
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
};

/* Everything but the functions and views a role is given. */
static const char * const forbidden_reads[] = {
  "SELECT * FROM respite.day_rows",
  "SELECT * FROM respite.members",
  "SELECT * FROM respite.settings",
  "SELECT * FROM respite.rows_by_period",
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
  "DROP VIEW respite.team_aggregates",
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
  assert_denied (conn, "SELECT * FROM respite.team_aggregates");
  assert_allowed (conn, "SELECT * FROM respite.store_info");

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
      assert_allowed (conn, "SELECT * FROM respite.team_aggregates");
      assert_allowed (conn, "SELECT * FROM respite.store_info");

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
  assert_denied (conn, "SELECT * FROM respite.team_aggregates");
  assert_denied (conn, "SELECT * FROM respite.store_info");
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
  g_test_add_func ("/team-store/pg/roles/reviewer-reads-nothing", test_reviewer_reads_nothing);
  g_test_add_func ("/team-store/pg/roles/leads-read-views-only", test_leads_read_views_only);
  g_test_add_func ("/team-store/pg/roles/lead-cannot-publish", test_lead_cannot_publish);
  g_test_add_func ("/team-store/pg/roles/outsider", test_outsider);
  g_test_add_func ("/team-store/pg/roles/rls-binds-owner", test_rls_binds_owner);
  g_test_add_func ("/team-store/pg/roles/search-path-pinned", test_search_path_pinned);
  g_test_add_func ("/team-store/pg/k-minimum", test_k_minimum);
  g_test_add_func ("/team-store/pg/reconnects", test_reconnects);
  g_test_add_func ("/team-store/pg/unreachable", test_unreachable);
  g_test_add_func ("/team-store/pg/password-scrubbed", test_password_scrubbed);

  return g_test_run ();
}
