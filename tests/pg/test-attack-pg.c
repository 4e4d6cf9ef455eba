/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue #10: the PostgreSQL roles under attack. Run by pg-env.sh, which
 * starts a throwaway server. The schema and roles are created as
 * `respite-report init` does; then each login tries everything it must not
 * do. test-team-store-pg.c checks a hand-picked list of statements; here the
 * list comes from the catalogue, so that a new table, view or function is
 * attacked without anyone adding it, and the privacy rule is attacked the
 * way a curious lead would: filters, GROUP BY and differences.
 */

#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "respite-report.h"
#include "respite-team-store-pg.h"

#define DATABASE "respite_attack"
#define K 5

static PGconn *admin;  /* a superuser: bypasses row-level security, sees every row */
static GHashTable *publishers;  /* login → PGconn: one connection each, for speed */

/* Logins and the Respite role each one is in ("" for none). */
static const struct
{
  const char *login;
  const char *role;
} logins[] = {
  { "attack_reviewer_a", "respite_reviewer" },
  { "attack_reviewer_b", "respite_reviewer" },
  { "attack_lead", "respite_lead" },
  { "attack_hr", "respite_hr" },
  { "attack_outsider", "" },
};

/* What roles.sql means to grant, and nothing else: every other object the
 * catalogue lists, and every other privilege, must be refused. */
static const struct
{
  const char *object;     /* schema.name */
  const char *privilege;
  const char *roles;      /* space-separated */
} intended[] = {
  { "respite.store_info", "SELECT", "respite_reviewer respite_lead respite_hr" },
  { "respite.sealed_figures", "SELECT", "respite_lead respite_hr" },
  { "respite.seal_due", "EXECUTE", "respite_reviewer respite_lead respite_hr" },
  { "respite.releases", "SELECT", "respite_lead respite_hr" },
  /* Each login's own grants only (row-level security). */
  { "respite.reader_teams", "SELECT", "respite_lead respite_hr" },
  { "respite.publish", "EXECUTE", "respite_reviewer" },
  { "respite.erase_member", "EXECUTE", "respite_reviewer" },
  { "respite.record_release", "EXECUTE", "respite_lead respite_hr" },
};

/* The two people who attack each other, and their teams' data. */
#define ALICE "member-alice-000001"
#define ALICE_SECRET "alice-secret-alice-secret"
#define BOB "member-bob-00000001"
#define BOB_SECRET "bob-secret-bob-secret-bob"

/* Every schema the product could have put something in. */
#define PRODUCT_SCHEMAS \
  " n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')" \
  " AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'"

static PGconn *
connect_to (const char *database,
            const char *user)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=%s", database, user);
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect as %s: %s", user, PQerrorMessage (conn));
  PQclear (PQexec (conn, "SET client_min_messages = warning"));

  return conn;
}

static RespiteTeamStore *
store_as (const char *login)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=%s", DATABASE, login);

  return RESPITE_TEAM_STORE (respite_team_store_pg_new (conninfo));
}

/* Runs @sql with @params as @conn; returns the SQLSTATE ("00000" for
 * success) and, if @result is given, the result. */
static char *
try_params (PGconn             *conn,
            const char         *sql,
            int                 n_params,
            const char * const *params,
            PGresult          **result)
{
  PGresult *r = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (r);
  char *state;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    state = g_strdup ("00000");
  else
    state = g_strdup (PQresultErrorField (r, PG_DIAG_SQLSTATE));

  if (result != NULL)
    *result = r;
  else
    PQclear (r);

  return state;
}

static char *
try_sql (PGconn     *conn,
         const char *sql)
{
  return try_params (conn, sql, 0, NULL, NULL);
}

/* Tries @sql in a transaction that is always rolled back, so that an
 * attempt that wrongly succeeds leaves nothing behind. */
static char *
attempt (PGconn     *conn,
         const char *sql,
         guint      *n_rows)
{
  PGresult *result = NULL;
  char *state;

  PQclear (PQexec (conn, "BEGIN"));
  state = try_params (conn, sql, 0, NULL, &result);
  if (n_rows != NULL)
    *n_rows = PQresultStatus (result) == PGRES_TUPLES_OK ? (guint) PQntuples (result)
                                                          : (guint) atoi (PQcmdTuples (result));
  PQclear (result);
  PQclear (PQexec (conn, "ROLLBACK"));

  return state;
}

static PGresult *
query (PGconn             *conn,
       const char         *sql,
       int                 n_params,
       const char * const *params)
{
  PGresult *result = NULL;
  g_autofree char *state = try_params (conn, sql, n_params, params, &result);

  if (!g_str_equal (state, "00000"))
    g_error ("%s: %s", sql, PQresultErrorMessage (result));

  return result;
}

static void
admin_sql (const char *sql)
{
  PQclear (query (admin, sql, 0, NULL));
}

static guint
admin_count (const char         *sql,
             int                 n_params,
             const char * const *params)
{
  PGresult *result = query (admin, sql, n_params, params);
  guint n = (guint) atoi (PQgetvalue (result, 0, 0));

  PQclear (result);
  return n;
}

/* One checksum of every row of every table the product made. */
static char *
tables_checksum (void)
{
  PGresult *tables = query (admin,
                            "SELECT c.oid::regclass::text FROM pg_class c"
                            " JOIN pg_namespace n ON n.oid = c.relnamespace"
                            " WHERE c.relkind IN ('r', 'p') AND" PRODUCT_SCHEMAS
                            " ORDER BY 1", 0, NULL);
  g_autoptr(GString) sums = g_string_new (NULL);

  g_assert_cmpint (PQntuples (tables), >=, 4);
  for (int i = 0; i < PQntuples (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT md5 (coalesce (string_agg (t::text, '|'"
                                              " ORDER BY t::text), '')) FROM %s t",
                                              PQgetvalue (tables, i, 0));
      PGresult *result = query (admin, sql, 0, NULL);

      g_string_append_printf (sums, "%s=%s ", PQgetvalue (tables, i, 0), PQgetvalue (result, 0, 0));
      PQclear (result);
    }
  PQclear (tables);

  return g_string_free (g_steal_pointer (&sums), FALSE);
}

/* Publishes @member's weekdays from @from to @to, through publish() as a
 * reviewer's login. @score: the WHO-5 percentage of one check-in a day, or
 * -1 for none. */
static void
publish_weekdays (const char *login,
                  const char *team,
                  const char *member,
                  const char *secret,
                  const char *from,
                  const char *to,
                  int         exposure,
                  int         score)
{
  PGconn *conn = g_hash_table_lookup (publishers, login);
  g_autofree char *exposure_text = g_strdup_printf ("%d", exposure);
  g_autofree char *done = g_strdup_printf ("%d", score >= 0 ? 1 : 0);
  g_autofree char *sum = g_strdup_printf ("%d", score >= 0 ? score : 0);
  const char *params[] = { secret, team, member, exposure_text, done, sum, done, from, to };

  PQclear (query (conn,
                  "SELECT respite.publish ($1, $2, $3, d::date, $4::integer, 0, 0, 600, 2, 1, 0, 0,"
                  "                        false, $5::integer, $6::integer, $7::integer,"
                  "                        '2024-01 policy')"
                  "  FROM generate_series ($8::date, $9::date, '1 day') d"
                  " WHERE extract (isodow FROM d) < 6",
                  G_N_ELEMENTS (params), params));
}

/* As publish_weekdays (), for @n_members people of @team in @group. */
static void
publish_grouped (const char *team,
                 const char *group,
                 const char *prefix,
                 guint       n_members,
                 const char *from,
                 const char *to)
{
  PGconn *conn = g_hash_table_lookup (publishers, "attack_reviewer_a");

  for (guint i = 1; i <= n_members; i++)
    {
      g_autofree char *member = g_strdup_printf ("member-%s-%08u", prefix, i);
      g_autofree char *secret = g_strdup_printf ("secret-of-%s-%08u", prefix, i);
      g_autofree char *exposure = g_strdup_printf ("%u", 1800 * i);
      const char *params[] = { secret, team, member, exposure, from, to, group };

      PQclear (query (conn,
                      "SELECT respite.publish ($1, $2, $3, d::date, $4::integer, 0, 0, 600, 2, 1,"
                      "                        0, 0, false, 1, 60, 1, '2024-01 policy', $7)"
                      "  FROM generate_series ($5::date, $6::date, '1 day') d"
                      " WHERE extract (isodow FROM d) < 6",
                      G_N_ELEMENTS (params), params));
    }
}

static void
publish_team (const char *team,
              const char *prefix,
              guint       n_members,
              const char *from,
              const char *to)
{
  for (guint i = 1; i <= n_members; i++)
    {
      g_autofree char *member = g_strdup_printf ("member-%s-%08u", prefix, i);
      g_autofree char *secret = g_strdup_printf ("secret-of-%s-%08u", prefix, i);

      publish_weekdays ("attack_reviewer_a", team, member, secret, from, to, 1800 * i, 80);
    }
}

/* The teams every test starts from (k = 5):
 *
 *   Hotline A  Alice, Bob and 4 others, every weekday of 4–29 March 2024:
 *              every week and March shown
 *   Hotline K  k − 1 people, the same days: everything hidden
 *   Hotline D  5 people from Monday 26 February to 29 March, and only one
 *              of them on Friday 1 March: the week of 26 February has 5,
 *              but its part in March has one person
 *   Hotline E  exactly k people, the week of 4 March, and the week of
 *              1 April, which is still open
 *
 * The server's today is Monday 8 April 2024: every week to 31 March, and
 * March, are sealed; April is open. fill_store_open () stops before the
 * sealing, for the tests that look at the raw rows first.
 */
#define TODAY "2024-04-08"

static void
fill_store_open (void)
{
  admin_sql ("TRUNCATE respite.day_rows, respite.members, respite.registrations, respite.releases,"
             " respite.sealed_figures, respite.sealed_pieces, respite.policy_versions");
  admin_sql ("UPDATE respite.settings SET k = " G_STRINGIFY (K) ", sealed_through = NULL");
  admin_sql ("CREATE OR REPLACE FUNCTION respite.today () RETURNS date LANGUAGE sql STABLE"
             " SET search_path = pg_catalog, pg_temp AS $$ SELECT date '" TODAY "' $$");

  publish_weekdays ("attack_reviewer_a", "Hotline A", ALICE, ALICE_SECRET,
                    "2024-03-04", "2024-03-29", 7200, 80);
  publish_weekdays ("attack_reviewer_b", "Hotline A", BOB, BOB_SECRET,
                    "2024-03-04", "2024-03-29", 3600, 76);
  publish_team ("Hotline A", "a", 4, "2024-03-04", "2024-03-29");
  publish_team ("Hotline K", "k", K - 1, "2024-03-04", "2024-03-29");
  publish_team ("Hotline D", "d", K, "2024-02-26", "2024-02-29");
  publish_team ("Hotline D", "d", K, "2024-03-04", "2024-03-29");
  publish_weekdays ("attack_reviewer_a", "Hotline D", "member-d-00000001", "secret-of-d-00000001",
                    "2024-03-01", "2024-03-01", 5400, 20);
  publish_team ("Hotline E", "e", K, "2024-03-04", "2024-03-08");
  publish_team ("Hotline E", "e", K, "2024-04-01", "2024-04-05");
}

/* Seals what is due by the server's today, as any reader's call would. */
static void
seal_store (void)
{
  admin_sql ("SELECT respite.seal_due ()");
}

static void
fill_store (void)
{
  fill_store_open ();
  seal_store ();
}

/* Matrix. */

static gboolean
is_intended (const char *object,
             const char *privilege,
             const char *role)
{
  /* SET ROLE to the role one is in changes nothing. */
  if (g_str_equal (privilege, "MEMBER"))
    return g_str_equal (object, role);

  for (guint i = 0; i < G_N_ELEMENTS (intended); i++)
    {
      g_auto(GStrv) roles = NULL;

      if (!g_str_equal (intended[i].object, object) || !g_str_equal (intended[i].privilege, privilege))
        continue;
      roles = g_strsplit (intended[i].roles, " ", -1);
      return *role != '\0' && g_strv_contains ((const char * const *) roles, role);
    }

  return FALSE;
}

typedef struct
{
  guint allowed;
  guint refused;
} Tally;

/* A refusal is "permission denied" (42501). A view that cannot be written
 * may say so first (it is not updatable, not a table): refused all the
 * same. Row-level security hiding every row counts too. */
static void
check_attempt (PGconn     *conn,
               guint       login,
               const char *object,
               char        relkind,
               const char *privilege,
               const char *sql,
               Tally      *tally)
{
  guint n_rows = 0;
  g_autofree char *state = attempt (conn, sql, &n_rows);
  gboolean allowed = is_intended (object, privilege, logins[login].role);

  if (allowed)
    {
      if (!g_str_equal (state, "00000"))
        g_error ("%s should be allowed to %s (%s) but got %s", logins[login].login, sql,
                 privilege, state);
      tally->allowed++;
      return;
    }

  if (g_str_equal (state, "00000") && n_rows == 0 &&
      !g_str_equal (privilege, "SELECT") && !g_str_equal (privilege, "EXECUTE") &&
      relkind == 'r')
    g_test_message ("%s: %s reached no row (row-level security)", logins[login].login, sql);
  else if (!g_str_equal (state, "42501") &&
           !(relkind == 'v' && (g_str_equal (state, "55000") || g_str_equal (state, "42809") ||
                                g_str_equal (state, "0A000"))))
    g_error ("%s should be refused %s (%s) but got %s (%u rows)", logins[login].login, sql,
             privilege, state, n_rows);
  tally->refused++;
}

static void
test_matrix (void)
{
  PGresult *relations;
  PGresult *functions;
  guint n_relations;
  guint n_functions;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fill_store ();
  before = tables_checksum ();

  /* Every relation, with a column a plain UPDATE may set. */
  relations = query (admin,
                     "SELECT c.oid::regclass::text, n.nspname || '.' || c.relname, c.relkind,"
                     "       (SELECT quote_ident (a.attname) FROM pg_attribute a"
                     "         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                     "           AND a.attidentity = '' AND a.attgenerated = ''"
                     "         ORDER BY a.attnum LIMIT 1)"
                     "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND" PRODUCT_SCHEMAS
                     " ORDER BY 1", 0, NULL);
  /* Every function and procedure, with a plausible argument for each
   * parameter: a text that is a valid team, token and secret, a day, 5
   * (k, and seconds), false, and ε = 0. */
  functions = query (admin,
                     "SELECT n.nspname || '.' || p.proname, p.prokind,"
                     "       (CASE p.prokind WHEN 'p' THEN 'CALL ' ELSE 'SELECT ' END)"
                     "       || p.oid::regproc::text || ' (' || coalesce ((SELECT string_agg ("
                     "         CASE t WHEN 'text'::regtype THEN '''plausible-token-000001'''"
                     "                WHEN 'date'::regtype THEN '''2024-04-08''::date'"
                     "                WHEN 'integer'::regtype THEN '5'"
                     "                WHEN 'boolean'::regtype THEN 'false'"
                     "                WHEN 'double precision'::regtype THEN '0::double precision'"
                     "                ELSE 'NULL::' || format_type (t, NULL) END, ', ' ORDER BY i)"
                     "         FROM unnest (p.proargtypes::oid[]::regtype[]) WITH ORDINALITY AS a (t, i)), '')"
                     "       || ')'"
                     "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                     " WHERE p.prokind IN ('f', 'p') AND" PRODUCT_SCHEMAS
                     " ORDER BY 1", 0, NULL);

  /* The catalogue must hold what the product made, or the matrix proves nothing. */
  n_relations = PQntuples (relations);
  n_functions = PQntuples (functions);
  g_assert_cmpuint (n_relations, >=, 7);
  g_assert_cmpuint (n_functions, >=, 3);
  for (guint i = 0; i < G_N_ELEMENTS (intended); i++)
    {
      const char *params[] = { intended[i].object };

      g_assert_cmpuint (admin_count ("SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                                     "  ON n.oid = c.relnamespace WHERE n.nspname || '.' || c.relname = $1)"
                                     " + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n"
                                     "  ON n.oid = p.pronamespace WHERE n.nspname || '.' || p.proname = $1)",
                                     1, params), ==, 1);
    }

  for (guint l = 0; l < G_N_ELEMENTS (logins); l++)
    {
      PGconn *conn = connect_to (DATABASE, logins[l].login);
      Tally tally = { 0, 0 };

      for (guint i = 0; i < n_relations; i++)
        {
          const char *rel = PQgetvalue (relations, i, 0);
          const char *object = PQgetvalue (relations, i, 1);
          char relkind = *PQgetvalue (relations, i, 2);
          const char *column = PQgetvalue (relations, i, 3);
          g_autofree char *select = NULL;
          g_autofree char *insert = NULL;
          g_autofree char *update = NULL;
          g_autofree char *delete = NULL;
          g_autofree char *truncate = NULL;

          if (relkind == 'S')
            {
              select = g_strdup_printf ("SELECT last_value FROM %s", rel);
              insert = g_strdup_printf ("SELECT nextval ('%s')", rel);
              update = g_strdup_printf ("SELECT setval ('%s', 1000)", rel);
              check_attempt (conn, l, object, relkind, "SELECT", select, &tally);
              check_attempt (conn, l, object, relkind, "USAGE", insert, &tally);
              check_attempt (conn, l, object, relkind, "UPDATE", update, &tally);
              continue;
            }

          select = g_strdup_printf ("SELECT * FROM %s", rel);
          insert = g_strdup_printf ("INSERT INTO %s DEFAULT VALUES", rel);
          update = g_strdup_printf ("UPDATE %s SET %s = %s", rel, column, column);
          delete = g_strdup_printf ("DELETE FROM %s", rel);
          truncate = g_strdup_printf ("TRUNCATE %s", rel);
          check_attempt (conn, l, object, relkind, "SELECT", select, &tally);
          check_attempt (conn, l, object, relkind, "INSERT", insert, &tally);
          check_attempt (conn, l, object, relkind, "UPDATE", update, &tally);
          check_attempt (conn, l, object, relkind, "DELETE", delete, &tally);
          check_attempt (conn, l, object, relkind, "TRUNCATE", truncate, &tally);
        }

      for (guint i = 0; i < n_functions; i++)
        check_attempt (conn, l, PQgetvalue (functions, i, 0), 'f', "EXECUTE",
                       PQgetvalue (functions, i, 2), &tally);

      /* Nobody becomes another role, nor writes in the schema. */
      {
        const char * const roles[] = { "respite_owner", "respite_reviewer", "respite_lead",
                                       "respite_hr", "postgres" };

        for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
          {
            g_autofree char *sql = g_strdup_printf ("SET ROLE %s", roles[r]);

            check_attempt (conn, l, roles[r], 'o', "MEMBER", sql, &tally);
          }
        check_attempt (conn, l, "respite", 'n', "CREATE", "CREATE TABLE respite.mine (x int)", &tally);
        check_attempt (conn, l, "respite", 'n', "CREATE",
                       "CREATE FUNCTION respite.mine () RETURNS int LANGUAGE sql AS 'SELECT 1'",
                       &tally);
      }

      g_test_message ("%s (%s): %u attempts refused, %u allowed as intended",
                      logins[l].login, *logins[l].role != '\0' ? logins[l].role : "no role",
                      tally.refused, tally.allowed);
      g_assert_cmpuint (tally.refused, >=, n_relations * 3);
      PQfinish (conn);
    }

  PQclear (relations);
  PQclear (functions);

  after = tables_checksum ();
  g_assert_cmpstr (before, ==, after);
}

/* Injection. */

static char *
long_string (guint length)
{
  g_autoptr(GString) text = g_string_new (NULL);

  while (text->len < length)
    g_string_append (text, "'; DROP TABLE respite.day_rows; -- ");
  g_string_truncate (text, length);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char * const hostile[] = {
  "'; DROP TABLE respite.day_rows; --",
  "Hotline A'; DELETE FROM respite.day_rows WHERE ''='",
  "Hotline A' OR '1'='1",
  "Hotline A\" OR \"1\"=\"1",
  "Hotline A; TRUNCATE respite.members",
  "Hotline A -- ",
  "Hotline A\\'; SELECT 1; --",
  "\\",
  "\\\\'",
  "$$; DROP SCHEMA respite CASCADE; $$",
  "$1",
  "%",
  "_",
  "Hotline %",
  "Hotline _",
  "%%%%%%%%%%%%%%%%%%%%",
  "________________________",
  "Équipe ☃ «nuit» 🧠",
  "Hotline A\u202e",              /* right-to-left override */
  "Hotline\u00a0A",                /* no-break space */
  "Hotline A\t\r\n",
  "Ｈotline Ａ",                   /* full-width letters */
  "member-alice-000001",
  "' UNION SELECT member, secret_hash FROM respite.members --",
};

/* What schema.sql accepts as a member token. */
static gboolean
is_token (const char *text)
{
  return g_regex_match_simple ("^[A-Za-z0-9_-]{16,64}$", text, 0, 0);
}

static void
test_injection (void)
{
  g_autoptr(RespiteTeamStore) lead = store_as ("attack_lead");
  g_autoptr(RespiteTeamStore) reviewer = store_as ("attack_reviewer_a");
  PGconn *conn = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *long_101 = long_string (101);
  g_autofree char *long_100 = long_string (100);
  g_autofree char *long_10000 = long_string (10000);
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  guint n_real = 0;

  fill_store ();
  before = tables_checksum ();

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    g_ptr_array_add (strings, (gpointer) hostile[i]);
  g_ptr_array_add (strings, long_100);
  g_ptr_array_add (strings, long_101);
  g_ptr_array_add (strings, long_10000);

  /* How many groups the real teams have: hostile names must not add one. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) all = respite_team_store_read_aggregates (lead, NULL, RESPITE_PERIOD_WEEK,
                                                                   "2024-01-01", "2024-12-31", &error);

    g_assert_no_error (error);
    n_real = all->len;
    g_assert_cmpuint (n_real, >, 0);
  }

  for (guint i = 0; i < strings->len; i++)
    {
      const char *text = strings->pdata[i];

      for (RespitePeriod period = RESPITE_PERIOD_WEEK; period <= RESPITE_PERIOD_MONTH; period++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) groups = NULL;
          g_autofree char *from = NULL;
          g_autofree char *to = NULL;
          RespitePeriod unit;

          /* A team name is compared, never matched: no wildcard, no SQL. */
          groups = respite_team_store_read_aggregates (lead, text, period, "2024-01-01",
                                                       "2024-12-31", &error);
          g_assert_no_error (error);
          g_assert_cmpuint (groups->len, ==, 0);
          g_clear_pointer (&groups, g_ptr_array_unref);

          /* A day that is not a date is refused, not run. */
          groups = respite_team_store_read_aggregates (lead, "Hotline A", period, text,
                                                       "2024-12-31", &error);
          g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
          g_assert_null (groups);
          g_clear_error (&error);
          groups = respite_team_store_read_aggregates (lead, NULL, period, "2024-01-01", text,
                                                       &error);
          g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
          g_assert_null (groups);
          g_clear_error (&error);

          /* HR's period text never reaches the store unparsed. */
          g_assert_false (respite_report_parse_period (text, &from, &to, &unit, NULL, &error));
          g_assert_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_PERIOD);
        }

      /* A token that is not one is refused whole; a hostile secret is
       * just a wrong secret; a hostile member erases nothing. */
      {
        g_autoptr(GError) error = NULL;
        RespiteDayRow row = {
          .team = (char *) "Hotline A", .member = (char *) text, .day = (char *) TODAY,
          .exposure_seconds = { 60, 0, 0 },
        };
        gboolean is_alice = g_str_equal (text, ALICE);

        if (!is_token (text))
          {
            g_assert_false (respite_team_store_publish (reviewer, "a-perfectly-good-secret", &row, 1,
                                                        &error));
            g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
            g_clear_error (&error);
          }
        else if (!is_alice)
          {
            /* Underscores are a token: a new member, no wildcard. */
            g_assert_true (respite_team_store_publish (reviewer, "a-perfectly-good-secret", &row, 1,
                                                       &error));
            g_assert_no_error (error);
            g_assert_true (respite_team_store_erase_member (reviewer, text, "a-perfectly-good-secret",
                                                            &error));
            g_assert_no_error (error);
          }

        row.member = (char *) ALICE;
        if (strlen (text) >= RESPITE_TEAM_STORE_MIN_SECRET)
          {
            g_assert_false (respite_team_store_publish (reviewer, text, &row, 1, &error));
            g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
            g_clear_error (&error);
          }

        g_assert_true (respite_team_store_erase_member (reviewer, text, "a-perfectly-good-secret",
                                                        &error) || is_alice);
        g_clear_error (&error);

        /* A hostile day. */
        row.day = (char *) text;
        g_assert_false (respite_team_store_publish (reviewer, ALICE_SECRET, &row, 1, &error));
        g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
      }
    }

  after = tables_checksum ();
  g_assert_cmpstr (before, ==, after);

  /* Through the SQL functions themselves, as a reviewer who skips the app:
   * a hostile team is stored exactly as given, in its own team, and leaves
   * with its member. The week is open: no group of it is shown yet. */
  conn = connect_to (DATABASE, "attack_reviewer_a");
  for (guint i = 0; i < strings->len; i++)
    {
      const char *text = strings->pdata[i];
      gboolean fits = g_utf8_strlen (text, -1) <= 100;
      const char *params[] = { "hostile-secret-hostile", text, "member-hostile-000001" };
      const char *erase[] = { "member-hostile-000001", "hostile-secret-hostile" };
      const char *by_team[] = { text };
      g_autofree char *state = NULL;

      state = try_params (conn,
                          "SELECT respite.publish ($1, $2, $3, '" TODAY "', 60, 0, 0, 60,"
                          " 0, 0, 0, 0, false, 0, 0, 0, $2)",
                          3, params, NULL);
      g_assert_cmpstr (state, ==, fits ? "00000" : "23514");
      g_clear_pointer (&state, g_free);
      state = try_params (conn, "SELECT respite.publish ($1, 'Hotline A', $2, '" TODAY "', 60, 0,"
                                " 0, 60, 0, 0, 0, 0, false, 0, 0, 0, NULL)",
                          2, (const char *[]) { "hostile-secret-hostile", text }, NULL);
      g_assert_cmpstr (state, ==, g_str_equal (text, ALICE) ? "28000" : is_token (text) ? "00000" : "23514");
      g_clear_pointer (&state, g_free);
      if (is_token (text) && !g_str_equal (text, ALICE))
        PQclear (query (conn, "SELECT respite.erase_member ($1, 'hostile-secret-hostile')", 1, by_team));
      state = try_params (conn, "SELECT respite.publish ($1, 'Hotline A', $2, $3::date, 60, 0,"
                                " 0, 60, 0, 0, 0, 0, false, 0, 0, 0, NULL)",
                          3, (const char *[]) { text, "member-hostile-000002", text }, NULL);
      g_assert_cmpstr (state, ==, "22007");  /* invalid_datetime_format */
      g_clear_pointer (&state, g_free);

      if (fits)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) groups = NULL;

          g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.day_rows WHERE team = $1",
                                         1, by_team), ==, 1);
          groups = respite_team_store_read_aggregates (lead, text, RESPITE_PERIOD_WEEK,
                                                       "2024-01-01", "2024-12-31", &error);
          g_assert_no_error (error);
          g_assert_cmpuint (groups->len, ==, 0);
        }

      PQclear (query (conn, "SELECT respite.erase_member ($1, $2)", 2, erase));
    }
  PQfinish (conn);

  /* Hostile days and ε in the ledger are refused too. */
  conn = connect_to (DATABASE, "attack_hr");
  for (guint i = 0; i < strings->len; i++)
    {
      const char *params[] = { strings->pdata[i] };
      g_autofree char *state = try_params (conn, "SELECT respite.record_release ($1, $1, 5, 0, 1)",
                                           1, params, NULL);

      g_assert_cmpstr (state, ==, "22007");
    }
  PQfinish (conn);

  /* The hostile teams were published as policy versions too: the
   * organisation's list of versions keeps them, for the administrator to
   * see; nothing else changed. */
  g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.policy_versions", 0, NULL), >, 1);
  admin_sql ("DELETE FROM respite.policy_versions WHERE policy_version <> '2024-01 policy'");
  after = (g_free (after), tables_checksum ());
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.sealed_figures", 0, NULL), >, 0);
}

/* A reviewer once could publish a day the date functions cannot take
 * (year 294276 and later) and make the view fail for every lead and HR;
 * 'infinity' made groups without a date. Such days are refused. */
static void
test_extreme_days (void)
{
  PGconn *reviewer = g_hash_table_lookup (publishers, "attack_reviewer_a");
  PGconn *lead = connect_to (DATABASE, "attack_lead");
  const char * const days[] = {
    "infinity", "-infinity", "294276-12-31", "5874897-12-31", "4713-01-01 BC", "0001-01-01",
    "1969-12-31", "10000-01-01",
  };

  fill_store ();
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      const char *params[] = { days[i] };
      g_autofree char *state = try_params (reviewer,
                                           "SELECT respite.publish ('" ALICE_SECRET "', 'Hotline A',"
                                           " '" ALICE "', $1::date, 60, 0, 0, 60, 0, 0, 0, 0, false,"
                                           " 0, 0, 0, NULL)", 1, params, NULL);
      g_autofree char *read = NULL;

      g_test_message ("%s: %s", days[i], state);
      g_assert_cmpstr (state, ==, "23514");  /* check_violation */
      read = try_sql (lead, "SELECT * FROM respite.sealed_figures");
      g_assert_cmpstr (read, ==, "00000");
    }
  PQfinish (lead);
}

/* The ledger of releases: leads and HR may add to it, but not poison it.
 * An ε of Infinity or NaN once made every later release of those days
 * fail the budget; a k below the store's was recorded as if it had been. */
static void
test_ledger (void)
{
  const char * const readers[] = { "attack_lead", "attack_hr" };
  const char * const poison[] = {
    "SELECT respite.record_release ('2024-03-01', '2024-03-31', 5, 'Infinity', 'Infinity')",
    "SELECT respite.record_release ('2024-03-01', '2024-03-31', 5, 'NaN', 'NaN')",
    "SELECT respite.record_release ('2024-03-01', '2024-03-31', 5, 0, 'NaN')",
    "SELECT respite.record_release ('2024-03-01', '2024-03-31', 5, 1, 'Infinity')",
    "SELECT respite.record_release ('2024-03-01', '2024-03-31', 5, -1, 1)",
    "SELECT respite.record_release ('2024-03-01', '2024-03-31', 5, 101, 1000)",
    "SELECT respite.record_release ('2024-03-01', '2024-03-31', 3, 0, 1)",
    "SELECT respite.record_release ('2024-03-01', '2024-03-31', NULL, 0, 1)",
  };

  fill_store ();
  for (guint r = 0; r < G_N_ELEMENTS (readers); r++)
    {
      PGconn *conn = connect_to (DATABASE, readers[r]);
      PGresult *result;

      for (guint i = 0; i < G_N_ELEMENTS (poison); i++)
        {
          g_autofree char *state = try_sql (conn, poison[i]);

          g_test_message ("%s: %s: %s", readers[r], poison[i], state);
          g_assert_cmpstr (state, ==, "22023");  /* invalid_parameter_value */
        }
      g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.releases", 0, NULL), ==, 0);

      result = query (conn, "SELECT respite.record_release ('2024-03-01', '2024-03-31', 5, 0.5, 1)",
                      0, NULL);
      g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "0.5");
      PQclear (result);
      admin_sql ("TRUNCATE respite.releases");
      PQfinish (conn);
    }
}

/* Impersonation. */

static char *
member_checksum (const char *member)
{
  const char *params[] = { member };
  PGresult *result = query (admin,
                            "SELECT md5 (coalesce (string_agg (r::text, '|' ORDER BY r::text), ''))"
                            "       || (SELECT md5 (secret_hash) FROM respite.members WHERE member = $1)"
                            "  FROM respite.day_rows r WHERE member = $1", 1, params);
  char *sum = g_strdup (PQgetvalue (result, 0, 0));

  PQclear (result);
  return sum;
}

static void
test_impersonation (void)
{
  g_autoptr(RespiteTeamStore) alice = store_as ("attack_reviewer_a");
  PGconn *conn = NULL;
  g_autofree char *bob_before = NULL;
  g_autofree char *bob_after = NULL;
  g_autofree char *alice_before = NULL;
  g_autofree char *alice_after = NULL;
  const char * const wrong_secrets[] = {
    ALICE_SECRET, BOB, BOB_SECRET " ", " " BOB_SECRET, "BOB-SECRET-BOB-SECRET-BOB",
    "bob-secret-bob-secret-bo", "' OR ''='' OR ''='''''''''",
  };

  fill_store ();
  bob_before = member_checksum (BOB);
  alice_before = member_checksum (ALICE);
  g_assert_cmpstr (bob_before, !=, "");

  /* Alice's app with Bob's token, and every secret but Bob's. */
  for (guint i = 0; i < G_N_ELEMENTS (wrong_secrets); i++)
    {
      g_autoptr(GError) error = NULL;
      RespiteDayRow row = {
        .team = (char *) "Hotline A", .member = (char *) BOB, .day = (char *) "2024-03-04",
        .exposure_seconds = { 86400, 0, 0 },
      };

      g_assert_false (respite_team_store_publish (alice, wrong_secrets[i], &row, 1, &error));
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
      g_clear_error (&error);
      row.day = (char *) "2024-04-02";  /* a new day of Bob's, open: no row to update */
      g_assert_false (respite_team_store_publish (alice, wrong_secrets[i], &row, 1, &error));
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
      g_clear_error (&error);
      g_assert_false (respite_team_store_erase_member (alice, BOB, wrong_secrets[i], &error));
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
    }

  /* A batch with one of Bob's rows fails whole (the store refuses to mix
   * members before it asks the server): Alice's row is not kept. */
  {
    g_autoptr(GError) error = NULL;
    RespiteDayRow rows[] = {
      { .team = (char *) "Hotline A", .member = (char *) ALICE, .day = (char *) "2024-04-03" },
      { .team = (char *) "Hotline A", .member = (char *) BOB, .day = (char *) "2024-04-03" },
    };

    g_assert_false (respite_team_store_publish (alice, ALICE_SECRET, rows, 2, &error));
    g_assert_true (g_error_matches (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID) ||
                   g_error_matches (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED));
    g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.day_rows WHERE day = '2024-04-03'"
                                   "   AND member IN ('" ALICE "', '" BOB "')",
                                   0, NULL), ==, 0);
  }

  /* Straight to the database: no secret, an empty one, NULL. */
  conn = connect_to (DATABASE, "attack_reviewer_a");
  {
    g_autofree char *s1 = try_sql (conn, "SELECT respite.erase_member ('" BOB "', NULL)");
    g_autofree char *s2 = try_sql (conn, "SELECT respite.erase_member ('" BOB "', '')");
    g_autofree char *s3 = try_sql (conn, "SELECT respite.publish (NULL, 'Hotline A', '" BOB "',"
                                         " '2024-03-04', 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, NULL)");
    g_autofree char *s4 = try_sql (conn, "SELECT respite.erase_member (NULL, NULL)");

    g_assert_cmpstr (s1, ==, "28000");
    g_assert_cmpstr (s2, ==, "28000");
    g_assert_cmpstr (s3, ==, "28000");
    g_assert_cmpstr (s4, ==, "00000");  /* nobody: nothing to do */
  }

  /* Forging the owner column: Alice says she is Bob where row-level
   * security looks, then acts through the functions as herself and
   * straight on the tables. */
  {
    g_autofree char *begin = try_sql (conn, "BEGIN");
    g_autofree char *forge = try_sql (conn, "SELECT set_config ('respite.member', '" BOB "', true)");
    g_autofree char *write = try_sql (conn, "DELETE FROM respite.day_rows WHERE member = '" BOB "'");
    g_autofree char *rollback = try_sql (conn, "ROLLBACK");
    g_autofree char *publish = NULL;
    g_autofree char *erase = NULL;

    g_assert_cmpstr (begin, ==, "00000");
    g_assert_cmpstr (forge, ==, "00000");
    g_assert_cmpstr (write, ==, "42501");

    /* publish() acts for the member it was given, whatever was set. */
    PQclear (query (conn, "SET respite.member = '" BOB "'", 0, NULL));
    publish = try_sql (conn, "SELECT respite.publish ('" ALICE_SECRET "', 'Hotline A', '" ALICE "',"
                             " '2024-04-08', 60, 0, 0, 60, 0, 0, 0, 0, false, 0, 0, 0, NULL)");
    g_assert_cmpstr (publish, ==, "00000");
    g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.day_rows"
                                   " WHERE day = '2024-04-08' AND member = '" ALICE "'", 0, NULL), ==, 1);
    g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.day_rows"
                                   " WHERE day = '2024-04-08' AND member <> '" ALICE "'", 0, NULL), ==, 0);

    /* erase_member() of Alice, with the setting still Bob's: Alice's rows go, Bob's stay. */
    erase = try_sql (conn, "SELECT respite.erase_member ('" ALICE "', '" ALICE_SECRET "')");
    g_assert_cmpstr (erase, ==, "00000");
    PQclear (query (conn, "RESET respite.member", 0, NULL));
  }

  /* A token that differs from Bob's only in case is another member. */
  {
    g_autofree char *state = try_sql (conn, "SELECT respite.publish ('" ALICE_SECRET "', 'Hotline A',"
                                            " 'MEMBER-BOB-00000001', '2024-04-04', 60, 0, 0, 60, 0, 0,"
                                            " 0, 0, false, 0, 0, 0, NULL)");

    g_assert_cmpstr (state, ==, "00000");
    PQclear (query (conn, "SELECT respite.erase_member ('MEMBER-BOB-00000001', '" ALICE_SECRET "')",
                    0, NULL));
  }
  PQfinish (conn);

  bob_after = member_checksum (BOB);
  g_assert_cmpstr (bob_before, ==, bob_after);
  alice_after = member_checksum (ALICE);
  g_assert_cmpstr (alice_before, !=, alice_after);
  g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.members WHERE member = '" ALICE "'",
                                 0, NULL), ==, 0);
  g_assert_cmpuint (admin_count ("SELECT count(*) FROM respite.members WHERE member = '" BOB "'",
                                 0, NULL), ==, 1);
}

/* k − 1. */

/* The columns of sealed_figures that are nobody's figure: which group it
 * is (its team or group, and which of the two), the organisation's
 * policy, the k it was sealed with and when. Every other column, present
 * or future, is one. */
static gboolean
is_label_column (const char *column)
{
  const char * const labels[] = {
    "period", "period_start", "period_end", "team", "unit", "policy_version", "policy_age_days",
    "k", "sealed_at", NULL,
  };

  return g_strv_contains (labels, column);
}

/* Runs @sql as @conn and asserts that no row names @team with a figure. */
static void
assert_team_hidden_sql (PGconn     *conn,
                        const char *sql,
                        const char *team)
{
  PGresult *result = query (conn, sql, 0, NULL);
  int team_column = PQfnumber (result, "team");
  guint n_seen = 0;

  g_assert_cmpint (team_column, >=, 0);
  for (int i = 0; i < PQntuples (result); i++)
    {
      if (!g_str_equal (PQgetvalue (result, i, team_column), team))
        continue;
      n_seen++;
      for (int c = 0; c < PQnfields (result); c++)
        if (!is_label_column (PQfname (result, c)) && !PQgetisnull (result, i, c))
          g_error ("%s: %s of %s is %s", sql, PQfname (result, c), team, PQgetvalue (result, i, c));
    }
  g_test_message ("%s: %u rows of %s, all hidden", sql, n_seen, team);
  PQclear (result);
}

static void
assert_team_hidden_api (RespiteTeamStore *store,
                        const char       *team,
                        const char       *hidden_team)
{
  const char * const ranges[][2] = {
    { "2024-03-04", "2024-03-04" }, { "2024-03-04", "2024-03-10" }, { "2024-03-01", "2024-03-31" },
    { "2024-03-06", "2024-03-20" }, { "2024-02-01", "2024-04-30" }, { "0001-01-01", "9999-12-31" },
    { "2024-03-31", "2024-03-01" },
  };

  for (RespitePeriod period = RESPITE_PERIOD_WEEK; period <= RESPITE_PERIOD_MONTH; period++)
    for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) groups = respite_team_store_read_aggregates (store, team, period,
                                                                          ranges[r][0],
                                                                          ranges[r][1], &error);

        g_assert_no_error (error);
        for (guint i = 0; i < groups->len; i++)
          {
            RespiteTeamAggregate *a = groups->pdata[i];

            if (!g_str_equal (a->team, hidden_team))
              continue;
            g_assert_true (a->suppressed);
            g_assert_true (a->wellbeing_suppressed);
            g_assert_true (a->who5_bands_suppressed);
            g_assert_cmpuint (a->members + a->member_days + a->breaks_prompted + a->breaks_taken +
                              a->wellbeing_respondents + a->who5_very_low + a->who5_low +
                              a->who5_good, ==, 0);
            g_assert_cmpfloat (a->exposure_hours + a->median_exposure_hours +
                               a->cap_exceeded_share + a->checkin_participation +
                               a->wellbeing_mean + a->who5_member_mean, ==, 0);
          }
      }
}

static void
assert_report_hides (RespiteTeamStore *store,
                     const char       *team)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 5, 2, 9, 0, 0);
  const guint ks[] = { 0, K, K + 1 };

  for (RespitePeriod unit = RESPITE_PERIOD_WEEK; unit <= RESPITE_PERIOD_MONTH; unit++)
    for (guint i = 0; i < G_N_ELEMENTS (ks); i++)
      {
        g_autoptr(GError) error = NULL;
        RespiteReportOptions options = {
          .period = "2024-03", .from_day = "2024-02-26", .to_day = "2024-03-31", .unit = unit,
          .team = team, .k = ks[i], .epsilon_budget = 1,
        };
        g_autoptr(RespiteReport) report = respite_report_new_from_store (store, &options, NULL, now,
                                                                        &error);

        g_assert_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_EMPTY);
        g_assert_null (report);
      }
}

static void
test_k_minus_one (void)
{
  const char * const readers[] = { "attack_lead", "attack_hr" };
  const char * const sqls[] = {
    "SELECT * FROM respite.sealed_figures",
    "SELECT * FROM respite.sealed_figures WHERE team = 'Hotline K'",
    "SELECT * FROM respite.sealed_figures WHERE team LIKE 'Hotline K%' AND period = 'month'",
    "SELECT * FROM respite.sealed_figures WHERE members IS NOT NULL OR team = 'Hotline K'",
    "SELECT * FROM respite.sealed_figures WHERE period_start BETWEEN '2024-03-04' AND '2024-03-10'",
    "SELECT * FROM respite.sealed_figures WHERE policy_version = '2024-01 policy'",
    "SELECT * FROM respite.sealed_figures WHERE coalesce (members, 0) < 5",
    "SELECT * FROM respite.sealed_figures ORDER BY exposure_hours DESC NULLS FIRST",
    "SELECT team, period, sum(members) AS members, sum(exposure_hours) AS exposure,"
    "       avg(wellbeing_mean) AS wellbeing, max(member_days) AS member_days,"
    "       sum(who5_good) AS good FROM respite.sealed_figures GROUP BY team, period",
    "SELECT team, sum(breaks_taken) AS taken, avg(checkin_participation) AS participation"
    "  FROM respite.sealed_figures GROUP BY ROLLUP (team)",
    /* A month minus its weeks, week by week. */
    "SELECT m.team, m.exposure_hours - sum(w.exposure_hours) AS residual_hours,"
    "       m.member_days - sum(w.member_days) AS residual_days"
    "  FROM respite.sealed_figures m JOIN respite.sealed_figures w"
    "    ON w.team = m.team AND w.period = 'week' AND w.period_start >= m.period_start"
    "   AND w.period_end <= m.period_end"
    " WHERE m.period = 'month' GROUP BY m.team, m.exposure_hours, m.member_days",
  };

  fill_store_open ();
  g_assert_cmpuint (admin_count ("SELECT count(DISTINCT member) FROM respite.day_rows"
                                 " WHERE team = 'Hotline K'", 0, NULL), ==, K - 1);
  seal_store ();

  for (guint r = 0; r < G_N_ELEMENTS (readers); r++)
    {
      g_autoptr(RespiteTeamStore) store = store_as (readers[r]);
      PGconn *conn = connect_to (DATABASE, readers[r]);

      assert_team_hidden_api (store, "Hotline K", "Hotline K");
      assert_team_hidden_api (store, NULL, "Hotline K");
      assert_report_hides (store, "Hotline K");
      for (guint i = 0; i < G_N_ELEMENTS (sqls); i++)
        assert_team_hidden_sql (conn, sqls[i], "Hotline K");

      PQfinish (conn);
    }
}

/* The lead's differencing attack on Hotline D: March minus its four whole
 * weeks is what was published on Friday 1 March, by one person. Every
 * month or week that would give it away must be hidden. */
static void
test_month_minus_weeks (void)
{
  PGconn *conn = connect_to (DATABASE, "attack_lead");
  PGresult *result;

  fill_store_open ();
  g_assert_cmpuint (admin_count ("SELECT count(DISTINCT member) FROM respite.day_rows"
                                 " WHERE team = 'Hotline D' AND day BETWEEN '2024-03-01' AND '2024-03-03'",
                                 0, NULL), ==, 1);
  g_assert_cmpuint (admin_count ("SELECT count(DISTINCT member) FROM respite.day_rows"
                                 " WHERE team = 'Hotline D' AND day BETWEEN '2024-02-26' AND '2024-03-03'",
                                 0, NULL), ==, K);
  seal_store ();

  result = query (conn,
                  "SELECT (SELECT member_days FROM respite.sealed_figures"
                  "         WHERE team = 'Hotline D' AND period = 'month' AND period_start = '2024-03-01')"
                  "     - (SELECT sum(member_days) FROM respite.sealed_figures"
                  "         WHERE team = 'Hotline D' AND period = 'week'"
                  "           AND period_start BETWEEN '2024-03-04' AND '2024-03-25'),"
                  "       (SELECT member_days FROM respite.sealed_figures"
                  "         WHERE team = 'Hotline D' AND period = 'week' AND period_start = '2024-02-26')"
                  "     - (SELECT member_days FROM respite.sealed_figures"
                  "         WHERE team = 'Hotline D' AND period = 'month' AND period_start = '2024-02-01')",
                  0, NULL);
  g_test_message ("March minus its weeks: %s member-days; the week of 26 February minus February: %s",
                  PQgetisnull (result, 0, 0) ? "hidden" : PQgetvalue (result, 0, 0),
                  PQgetisnull (result, 0, 1) ? "hidden" : PQgetvalue (result, 0, 1));
  g_assert_true (PQgetisnull (result, 0, 0));
  g_assert_true (PQgetisnull (result, 0, 1));
  PQclear (result);

  /* The weeks inside March are still shown: hiding is no wider than needed. */
  result = query (conn,
                  "SELECT count(*) FROM respite.sealed_figures WHERE team = 'Hotline D'"
                  "   AND period = 'week' AND period_start >= '2024-03-04' AND members = 5", 0, NULL);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "4");
  PQclear (result);
  PQfinish (conn);
}

/* Whatever the data, every figure sealing shows is a sum of pieces (a
 * week's days in one month) that each come from 0 or at least k people, so
 * that no sum or difference of shown figures isolates fewer than k. The
 * administrator checks that from the raw rows, counted before the sealing
 * deleted them. */
static void
test_shown_pieces_have_k (void)
{
  PGresult *result;

  fill_store_open ();
  admin_sql ("CREATE TEMP TABLE raw_pieces AS"
             "  SELECT team, date_trunc ('week', day)::date AS week,"
             "         count(DISTINCT member) AS members"
             "    FROM respite.day_rows"
             "   GROUP BY team, date_trunc ('week', day), date_trunc ('month', day)");
  seal_store ();
  result = query (admin,
                  "SELECT a.team, a.period, a.period_start::text, min(p.members)"
                  "  FROM respite.sealed_figures a"
                  "  JOIN pg_temp.raw_pieces p"
                  "    ON p.team = a.team AND p.week <= a.period_end AND p.week + 6 >= a.period_start"
                  " WHERE a.members IS NOT NULL"
                  " GROUP BY a.team, a.period, a.period_start"
                  " ORDER BY 1, 2, 3", 0, NULL);
  admin_sql ("DROP TABLE pg_temp.raw_pieces");
  g_assert_cmpint (PQntuples (result), >, 0);
  for (int i = 0; i < PQntuples (result); i++)
    if (atoi (PQgetvalue (result, i, 3)) < K)
      g_error ("%s, %s of %s, is shown but has a piece of %s people", PQgetvalue (result, i, 0),
               PQgetvalue (result, i, 1), PQgetvalue (result, i, 2), PQgetvalue (result, i, 3));
  g_test_message ("%d groups shown, every piece of each from at least %u people",
                  PQntuples (result), K);
  PQclear (result);
}

/* A group of exactly k loses a member by erasure. A sealed week is final:
 * the reading before and the reading after are the same, so there is
 * nothing to subtract. A week still open is sealed without the member, and
 * so hidden: it was never shown with them. */
static void
test_erase_to_k_minus_one (void)
{
  g_autoptr(RespiteTeamStore) lead = store_as ("attack_lead");
  g_autoptr(RespiteTeamStore) reviewer = store_as ("attack_reviewer_a");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) april = NULL;
  RespiteTeamAggregate *a;
  RespiteTeamAggregate *b;

  fill_store ();
  before = respite_team_store_read_aggregates (lead, "Hotline E", RESPITE_PERIOD_WEEK,
                                               "2024-03-04", "2024-04-07", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 1);  /* April is open */
  g_assert_false (((RespiteTeamAggregate *) before->pdata[0])->suppressed);
  g_assert_cmpuint (((RespiteTeamAggregate *) before->pdata[0])->members, ==, K);

  g_assert_true (respite_team_store_erase_member (reviewer, "member-e-00000003",
                                                  "secret-of-e-00000003", &error));
  g_assert_no_error (error);

  after = respite_team_store_read_aggregates (lead, "Hotline E", RESPITE_PERIOD_WEEK,
                                              "2024-03-04", "2024-03-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  a = before->pdata[0];
  b = after->pdata[0];
  g_assert_cmpuint (a->members, ==, b->members);
  g_assert_cmpuint (a->member_days, ==, b->member_days);
  g_assert_cmpfloat (a->exposure_hours, ==, b->exposure_hours);
  g_assert_cmpfloat (a->median_exposure_hours, ==, b->median_exposure_hours);
  g_assert_cmpfloat (a->wellbeing_mean, ==, b->wellbeing_mean);

  admin_sql ("CREATE OR REPLACE FUNCTION respite.today () RETURNS date LANGUAGE sql STABLE"
             " SET search_path = pg_catalog, pg_temp AS $$ SELECT date '2024-04-11' $$");
  april = respite_team_store_read_aggregates (lead, "Hotline E", RESPITE_PERIOD_WEEK,
                                              "2024-04-01", "2024-04-07", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (april->len, ==, 1);
  g_assert_true (((RespiteTeamAggregate *) april->pdata[0])->suppressed);
  g_assert_cmpuint (admin_count ("SELECT count(DISTINCT member) FROM respite.day_rows WHERE team = 'Hotline E'"
                                 "   AND day < '2024-04-08'", 0, NULL), ==, K - 1);
}

/* A lead's own function in a WHERE clause sees only what the view shows:
 * the planner must not run it on the rows beneath. It reports each call
 * as a notice. */
static void
collect_notice (void           *data,
                const PGresult *result)
{
  const char *message = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);

  if (message != NULL && g_str_has_prefix (message, "peek|"))
    g_ptr_array_add (data, g_strdup (message + strlen ("peek|")));
}

static void
test_leaky_function (void)
{
  PGconn *conn = connect_to (DATABASE, "attack_lead");
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *created = NULL;

  fill_store ();
  created = try_sql (conn,
                     "CREATE FUNCTION pg_temp.peek (text, bigint, double precision) RETURNS boolean"
                     " LANGUAGE plpgsql IMMUTABLE LEAKPROOF COST 0.0000001 AS $$"
                     " BEGIN RAISE NOTICE 'peek|%|%|%', $1, $2, $3; RETURN true; END $$");
  if (g_str_equal (created, "42501"))
    {
      /* LEAKPROOF needs a superuser: try again as an ordinary function. */
      g_clear_pointer (&created, g_free);
      created = try_sql (conn,
                         "CREATE FUNCTION pg_temp.peek (text, bigint, double precision) RETURNS boolean"
                         " LANGUAGE plpgsql IMMUTABLE COST 0.0000001 AS $$"
                         " BEGIN RAISE NOTICE 'peek|%|%|%', $1, $2, $3; RETURN true; END $$");
    }
  g_assert_cmpstr (created, ==, "00000");

  PQclear (query (conn, "SET client_min_messages = notice", 0, NULL));
  PQsetNoticeReceiver (conn, collect_notice, calls);
  PQclear (query (conn, "SELECT period FROM respite.sealed_figures"
                        " WHERE pg_temp.peek (team, members, exposure_hours)", 0, NULL));
  PQclear (query (conn, "SELECT period FROM respite.sealed_figures"
                        " WHERE pg_temp.peek (team, member_days, median_exposure_hours)"
                        "   AND team = 'Hotline K'", 0, NULL));
  PQclear (query (conn, "SELECT a.period FROM respite.sealed_figures a, respite.sealed_figures b"
                        " WHERE a.team = b.team AND pg_temp.peek (b.team, b.members, b.wellbeing_mean)",
                        0, NULL));

  g_assert_cmpuint (calls->len, >, 0);
  for (guint i = 0; i < calls->len; i++)
    {
      g_auto(GStrv) args = g_strsplit (calls->pdata[i], "|", 3);

      g_assert_cmpuint (g_strv_length (args), ==, 3);
      if (g_str_equal (args[0], "Hotline K"))
        {
          g_assert_cmpstr (args[1], ==, "<NULL>");
          g_assert_cmpstr (args[2], ==, "<NULL>");
        }
      else if (!g_str_equal (args[1], "<NULL>"))
        g_assert_cmpint (atoi (args[1]), >=, K);
    }
  g_test_message ("the function was called %u times, never with a hidden figure", calls->len);
  PQfinish (conn);
}

static void
set_up_cluster (void)
{
  g_autoptr(RespiteTeamStorePg) init = NULL;
  g_autoptr(GError) error = NULL;

  admin = connect_to ("postgres", "postgres");
  admin_sql ("DROP DATABASE IF EXISTS " DATABASE);
  admin_sql ("CREATE DATABASE " DATABASE);
  PQfinish (admin);

  /* As `respite-report init` does it: the shipped SQL, embedded. */
  init = respite_team_store_pg_new ("dbname=" DATABASE " user=postgres");
  respite_team_store_pg_create_schema (init, &error);
  g_assert_no_error (error);

  admin = connect_to (DATABASE, "postgres");
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", logins[i].login);
      g_autofree char *create = g_strdup_printf ("CREATE ROLE %s LOGIN%s%s", logins[i].login,
                                                 *logins[i].role != '\0' ? " IN ROLE " : "",
                                                 logins[i].role);

      admin_sql (drop);
      admin_sql (create);
    }

  /* The administrator grants the lead the teams the tests read, and one
   * group; never Hotline U, Hotline G nor Secret Group (test_grants ()). */
  admin_sql ("INSERT INTO respite.reader_teams (login, unit, team) VALUES"
             " ('attack_lead', 'team', 'Hotline A'), ('attack_lead', 'team', 'Hotline D'),"
             " ('attack_lead', 'team', 'Hotline E'), ('attack_lead', 'team', 'Hotline K'),"
             " ('attack_lead', 'group', 'Department'), ('somebody_else', 'team', 'Hotline U')");

  publishers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) PQfinish);
  g_hash_table_insert (publishers, (gpointer) "attack_reviewer_a",
                       connect_to (DATABASE, "attack_reviewer_a"));
  g_hash_table_insert (publishers, (gpointer) "attack_reviewer_b",
                       connect_to (DATABASE, "attack_reviewer_b"));
}

/* Issue #18: a lead reads only what the administrator granted its login
 * in reader_teams, whatever it writes, and cannot grant itself more; HR
 * reads every team and group; a group minus its shown teams never counts
 * 1 to k − 1 people. */
static void
test_grants (void)
{
  const char * const ungranted[] = {
    "SELECT * FROM respite.sealed_figures WHERE team = 'Hotline U'",
    "SELECT * FROM respite.sealed_figures WHERE team IN ('Hotline U', 'Hotline G', 'Secret Group')",
    "SELECT * FROM respite.sealed_figures WHERE unit = 'group' AND team <> 'Department'",
    "SELECT * FROM respite.sealed_figures WHERE team NOT IN ('Hotline A', 'Hotline D',"
    "  'Hotline E', 'Hotline K', 'Department')",
    "SELECT * FROM respite.sealed_figures WHERE unit = 'team' AND team = 'Department'",
    "SELECT f.* FROM respite.sealed_figures f JOIN respite.reader_teams g ON true"
    " WHERE f.team = 'Hotline U'",
    "SELECT * FROM respite.reader_teams WHERE login <> current_user",
  };
  const char * const changes[] = {
    "INSERT INTO respite.reader_teams VALUES ('attack_lead', 'team', 'Hotline U')",
    "INSERT INTO respite.reader_teams VALUES (current_user, 'group', 'Secret Group')",
    "UPDATE respite.reader_teams SET team = 'Hotline U' WHERE team = 'Hotline A'",
    "UPDATE respite.reader_teams SET login = 'attack_lead' WHERE login = 'somebody_else'",
    "DELETE FROM respite.reader_teams",
    "TRUNCATE respite.reader_teams",
    "ALTER TABLE respite.sealed_figures DISABLE ROW LEVEL SECURITY",
    "DROP POLICY lead_reads_granted ON respite.sealed_figures",
    "CREATE POLICY mine ON respite.sealed_figures FOR SELECT USING (true)",
    "SET ROLE respite_hr",
    "SET ROLE respite_owner",
  };
  g_autoptr(RespiteTeamStore) lead = store_as ("attack_lead");
  g_autoptr(RespiteTeamStore) hr = store_as ("attack_hr");
  g_autoptr(GPtrArray) figures = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) teams = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bypass = NULL;
  g_autofree char *listed = NULL;
  PGconn *conn;
  PGresult *result;

  fill_store_open ();
  publish_team ("Hotline U", "u", K + 1, "2024-03-04", "2024-03-29");
  publish_grouped ("Hotline G", "Department", "g", K + 1, "2024-03-04", "2024-03-29");
  publish_grouped ("Hotline H", "Department", "h", 2, "2024-03-04", "2024-03-29");
  publish_grouped ("Hotline V", "Secret Group", "v", K + 1, "2024-03-04", "2024-03-29");
  seal_store ();
  before = tables_checksum ();

  /* Through the API. */
  figures = respite_team_store_read_aggregates (lead, "Hotline U", RESPITE_PERIOD_WEEK,
                                                "2024-03-01", "2024-03-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures->len, ==, 0);
  g_clear_pointer (&figures, g_ptr_array_unref);
  figures = respite_team_store_read_group_aggregates (lead, "Secret Group", RESPITE_PERIOD_MONTH,
                                                      "2024-03-01", "2024-03-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures->len, ==, 0);
  g_clear_pointer (&figures, g_ptr_array_unref);
  figures = respite_team_store_read_group_aggregates (lead, NULL, RESPITE_PERIOD_MONTH,
                                                      "2024-03-01", "2024-03-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures->len, ==, 1);
  g_assert_cmpstr (((RespiteTeamAggregate *) figures->pdata[0])->team, ==, "Department");
  g_assert_false (((RespiteTeamAggregate *) figures->pdata[0])->suppressed);
  g_clear_pointer (&figures, g_ptr_array_unref);

  teams = respite_team_store_list_teams (lead, RESPITE_TEAM_UNIT_TEAM, &error);
  g_assert_no_error (error);
  listed = g_strjoinv (",", teams);
  g_assert_cmpstr (listed, ==, "Hotline A,Hotline D,Hotline E,Hotline K");
  groups = respite_team_store_list_teams (lead, RESPITE_TEAM_UNIT_GROUP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (groups), ==, 1);
  g_assert_cmpstr (groups[0], ==, "Department");
  g_clear_pointer (&teams, g_strfreev);
  teams = respite_team_store_list_teams (hr, RESPITE_TEAM_UNIT_TEAM, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) teams, "Hotline U"));
  g_assert_true (g_strv_contains ((const char * const *) teams, "Hotline V"));

  /* Hand-written SQL as the lead sees nothing ungranted. */
  conn = connect_to (DATABASE, "attack_lead");
  for (guint i = 0; i < G_N_ELEMENTS (ungranted); i++)
    {
      g_autofree char *state = try_params (conn, ungranted[i], 0, NULL, &result);

      g_assert_cmpstr (state, ==, "00000");
      g_test_message ("%s: %d rows", ungranted[i], PQntuples (result));
      g_assert_cmpint (PQntuples (result), ==, 0);
      PQclear (result);
    }
  bypass = try_sql (conn, "SET row_security = off");
  if (g_str_equal (bypass, "00000"))
    {
      g_autofree char *state = try_sql (conn, "SELECT * FROM respite.sealed_figures");

      /* PostgreSQL refuses a query that row-level security would filter. */
      g_assert_cmpstr (state, ==, "42501");
      PQclear (PQexec (conn, "RESET row_security"));
    }

  /* … and cannot change its grants or the policies. */
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *state = try_sql (conn, changes[i]);

      g_test_message ("%s: %s", changes[i], state);
      g_assert_cmpstr (state, !=, "00000");
    }
  PQfinish (conn);

  /* HR reads Hotline U and every group; a group minus its teams shown is
   * hidden or at least k people. */
  conn = connect_to (DATABASE, "attack_hr");
  result = query (conn, "SELECT count(*) FROM respite.sealed_figures"
                        " WHERE team = 'Hotline U' AND members = 6", 0, NULL);
  g_assert_cmpint (atoi (PQgetvalue (result, 0, 0)), ==, 5);
  PQclear (result);
  result = query (conn,
                  "SELECT g.period, g.period_start, g.members - coalesce (sum (t.members), 0)"
                  "  FROM respite.sealed_figures g"
                  "  LEFT JOIN respite.sealed_figures t"
                  "    ON t.unit = 'team' AND t.team IN ('Hotline G', 'Hotline H')"
                  "   AND t.period = g.period AND t.period_start = g.period_start"
                  " WHERE g.unit = 'group' AND g.team = 'Department'"
                  " GROUP BY g.period, g.period_start, g.members", 0, NULL);
  g_assert_cmpint (PQntuples (result), ==, 5);  /* four weeks, and March */
  for (int i = 0; i < PQntuples (result); i++)
    {
      g_test_message ("Department %s %s minus its teams shown: %s", PQgetvalue (result, i, 0),
                      PQgetvalue (result, i, 1), PQgetvalue (result, i, 2));
      g_assert_cmpint (atoi (PQgetvalue (result, i, 2)), >=, K);
    }
  PQclear (result);
  PQfinish (conn);

  after = tables_checksum ();
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("PGHOST") == NULL)
    {
      g_print ("1..0 # SKIP Run through tests/pg/pg-env.sh, which starts PostgreSQL\n");
      return 0;
    }

  set_up_cluster ();

  g_test_add_func ("/attack-pg/matrix", test_matrix);
  g_test_add_func ("/attack-pg/injection", test_injection);
  g_test_add_func ("/attack-pg/extreme-days", test_extreme_days);
  g_test_add_func ("/attack-pg/ledger", test_ledger);
  g_test_add_func ("/attack-pg/impersonation", test_impersonation);
  g_test_add_func ("/attack-pg/k-minus-one/filters", test_k_minus_one);
  g_test_add_func ("/attack-pg/k-minus-one/month-minus-weeks", test_month_minus_weeks);
  g_test_add_func ("/attack-pg/k-minus-one/shown-pieces-have-k", test_shown_pieces_have_k);
  g_test_add_func ("/attack-pg/k-minus-one/erase", test_erase_to_k_minus_one);
  g_test_add_func ("/attack-pg/k-minus-one/leaky-function", test_leaky_function);
  g_test_add_func ("/attack-pg/grants", test_grants);

  status = g_test_run ();
  g_hash_table_destroy (publishers);
  PQfinish (admin);

  return status;
}
