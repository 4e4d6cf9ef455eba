/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteTeamStorePg: the team store on PostgreSQL, through libpq, for
 * organisations. data/sql/schema.sql and roles.sql make the server enforce
 * everything: reviewers write only through publish() and erase_member(),
 * which check the member secret; leads and HR read only the views that hide
 * small groups. This file only calls them.
 *
 * Values always travel as query parameters, never inside the SQL text. The
 * connection string may hold a password: it is never logged, and scrubbed
 * from every error message.
 *
 * Built into the team-store-pg module (respite-team-store-pg-module.c), so
 * that only a process that uses PostgreSQL loads libpq.
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "respite-team-pg-sql.h"
#include "respite-team-store-pg-private.h"

static void respite_team_store_pg_iface_init (RespiteTeamStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RespiteTeamStorePg, respite_team_store_pg, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESPITE_TYPE_TEAM_STORE,
                                                      respite_team_store_pg_iface_init))

static void
respite_team_store_pg_finalize (GObject *object)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (object);

  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->password, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (respite_team_store_pg_parent_class)->finalize (object);
}

static void
respite_team_store_pg_class_init (RespiteTeamStorePgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_team_store_pg_finalize;
}

static void
respite_team_store_pg_init (RespiteTeamStorePg *self)
{
  g_mutex_init (&self->lock);
}

/**
 * respite_team_store_pg_new:
 * @conninfo: a libpq connection string or URI
 *
 * Makes a store that connects on first use, and again after the server was
 * lost, so that a reviewer's app can keep one while offline.
 */
RespiteTeamStorePg *
respite_team_store_pg_new (const char *conninfo)
{
  RespiteTeamStorePg *self;
  PQconninfoOption *options;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (RESPITE_TYPE_TEAM_STORE_PG, NULL);
  self->conninfo = g_strdup (conninfo);

  /* libpq's parse errors may quote the string, password and all: keep
   * none of that message. */
  options = PQconninfoParse (conninfo, NULL);
  self->conninfo_valid = options != NULL;
  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "password") && o->val != NULL && *o->val != '\0')
      self->password = g_strdup (o->val);
  PQconninfoFree (options);

  return self;
}

static char *
scrub (RespiteTeamStorePg *self,
       const char         *message)
{
  g_autoptr(GString) text = g_string_new (message != NULL ? message : "");

  if (self->password != NULL)
    g_string_replace (text, self->password, "********", 0);

  /* libpq ends its messages with a newline. */
  while (text->len > 0 && g_ascii_isspace (text->str[text->len - 1]))
    g_string_truncate (text, text->len - 1);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
ensure_connected (RespiteTeamStorePg  *self,
                  GError             **error)
{
  /* The caller's string comes last so that its values win. */
  static const char * const keywords[] = { "connect_timeout", "application_name", "dbname", NULL };
  const char *values[] = { "10", "respite", self->conninfo, NULL };

  if (!self->conninfo_valid)
    {
      g_set_error_literal (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
                           _("The team store’s connection settings are not valid"));
      return FALSE;
    }

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;

  g_clear_pointer (&self->conn, PQfinish);
  self->version_checked = FALSE;
  self->conn = PQconnectdbParams (keywords, values, TRUE);

  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = scrub (self, PQerrorMessage (self->conn));

      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE,
                   _("Could not reach the team store: %s"), message);
      g_clear_pointer (&self->conn, PQfinish);
      return FALSE;
    }

  return TRUE;
}

/* Sorts a failed result by its SQLSTATE into what the caller can act on. */
static void
set_result_error (RespiteTeamStorePg  *self,
                  PGresult            *result,
                  GError             **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *message = scrub (self, primary != NULL ? primary : PQerrorMessage (self->conn));
  RespiteTeamStoreError code = RESPITE_TEAM_STORE_ERROR_FAILED;

  if (PQstatus (self->conn) != CONNECTION_OK || state == NULL ||
      g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))
    code = RESPITE_TEAM_STORE_ERROR_UNREACHABLE;
  else if (g_str_equal (state, "RB001"))
    code = RESPITE_TEAM_STORE_ERROR_BUDGET;
  else if (g_str_equal (state, "RS001"))
    code = RESPITE_TEAM_STORE_ERROR_SEALED;
  else if (g_str_equal (state, "42501") || g_str_has_prefix (state, "28"))
    code = RESPITE_TEAM_STORE_ERROR_DENIED;
  else if (g_str_has_prefix (state, "22") || g_str_has_prefix (state, "23"))
    code = RESPITE_TEAM_STORE_ERROR_INVALID;
  else if (g_str_equal (state, "3F000") || g_str_equal (state, "42P01") ||
           g_str_equal (state, "42883"))
    code = RESPITE_TEAM_STORE_ERROR_SCHEMA;

  g_set_error (error, RESPITE_TEAM_STORE_ERROR, code, _("Team store: %s"), message);
}

/* Runs one parameterised statement; the result is NULL on failure. */
static PGresult *
exec_params (RespiteTeamStorePg  *self,
             const char          *sql,
             int                  n_params,
             const char * const  *params,
             GError             **error)
{
  PGresult *result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_result_error (self, result, error);
      PQclear (result);
      return NULL;
    }

  return result;
}

static gboolean
exec_command (RespiteTeamStorePg  *self,
              const char          *sql,
              int                  n_params,
              const char * const  *params,
              GError             **error)
{
  PGresult *result = exec_params (self, sql, n_params, params, error);

  PQclear (result);
  return result != NULL;
}

static void
rollback (RespiteTeamStorePg *self)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    PQclear (PQexec (self->conn, "ROLLBACK"));
}

static gboolean ensure_ready (RespiteTeamStorePg  *self,
                              GError             **error);

/* Appends @value to a PostgreSQL array literal: quoted, with backslashes
 * and quotes escaped, or NULL. The literal travels as a parameter, so this
 * is the array syntax only, never SQL. */
static void
append_element (GString    *array,
                const char *value)
{
  if (array->len > 1)
    g_string_append_c (array, ',');

  if (value == NULL)
    {
      g_string_append (array, "NULL");
      return;
    }

  g_string_append_c (array, '"');
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, *c);
    }
  g_string_append_c (array, '"');
}

static void
append_number (GString *array,
               gint64   value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  append_element (array, text);
}

/* The columns of a publication, each as one array: all its rows go in one
 * statement, one round trip, applied in order and all or nothing. */
enum
{
  COLUMN_TEAM, COLUMN_MEMBER, COLUMN_DAY,
  COLUMN_EXPOSURE_1, COLUMN_EXPOSURE_2, COLUMN_EXPOSURE_3, COLUMN_LONGEST,
  COLUMN_PROMPTED, COLUMN_TAKEN, COLUMN_SNOOZED, COLUMN_SKIPPED, COLUMN_CAP,
  COLUMN_CHECKINS, COLUMN_WELLBEING_SUM, COLUMN_WELLBEING_COUNT, COLUMN_POLICY,
  COLUMN_GROUP, N_COLUMNS
};

static gboolean
publish_rows (RespiteTeamStorePg   *self,
              const char           *secret,
              const RespiteDayRow  *rows,
              guint                 n_rows,
              GError              **error)
{
  GString *columns[N_COLUMNS];
  const char *params[N_COLUMNS + 1];
  gboolean ok;

  for (guint c = 0; c < N_COLUMNS; c++)
    columns[c] = g_string_new ("{");

  for (guint i = 0; i < n_rows; i++)
    {
      const RespiteDayRow *row = &rows[i];

      append_element (columns[COLUMN_TEAM], row->team);
      append_element (columns[COLUMN_MEMBER], row->member);
      append_element (columns[COLUMN_DAY], row->day);
      append_number (columns[COLUMN_EXPOSURE_1], row->exposure_seconds[0]);
      append_number (columns[COLUMN_EXPOSURE_2], row->exposure_seconds[1]);
      append_number (columns[COLUMN_EXPOSURE_3], row->exposure_seconds[2]);
      append_number (columns[COLUMN_LONGEST], row->longest_block_seconds);
      append_number (columns[COLUMN_PROMPTED], row->breaks_prompted);
      append_number (columns[COLUMN_TAKEN], row->breaks_taken);
      append_number (columns[COLUMN_SNOOZED], row->breaks_snoozed);
      append_number (columns[COLUMN_SKIPPED], row->breaks_skipped);
      append_element (columns[COLUMN_CAP], row->cap_exceeded ? "true" : "false");
      append_number (columns[COLUMN_CHECKINS], row->checkins_done);
      append_number (columns[COLUMN_WELLBEING_SUM], row->wellbeing_sum);
      append_number (columns[COLUMN_WELLBEING_COUNT], row->wellbeing_count);
      append_element (columns[COLUMN_POLICY], row->policy_version);
      append_element (columns[COLUMN_GROUP], row->team_group);
    }

  params[0] = secret;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_string_append_c (columns[c], '}');
      params[c + 1] = columns[c]->str;
    }

  /* One statement is one transaction: every row, or none. */
  ok = exec_command (self,
                     "SELECT respite.publish ($1, r.team, r.member, r.day, r.e1, r.e2, r.e3,"
                     "                        r.longest, r.prompted, r.taken, r.snoozed,"
                     "                        r.skipped, r.cap, r.checkins, r.wsum, r.wcount,"
                     "                        r.policy, r.team_group)"
                     "  FROM unnest ($2::text[], $3::text[], $4::date[], $5::integer[],"
                     "               $6::integer[], $7::integer[], $8::integer[], $9::integer[],"
                     "               $10::integer[], $11::integer[], $12::integer[],"
                     "               $13::boolean[], $14::integer[], $15::integer[],"
                     "               $16::integer[], $17::text[], $18::text[])"
                     "    WITH ORDINALITY AS r (team, member, day, e1, e2, e3, longest, prompted,"
                     "                          taken, snoozed, skipped, cap, checkins, wsum,"
                     "                          wcount, policy, team_group, n)"
                     " ORDER BY r.n",
                     G_N_ELEMENTS (params), params, error);

  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_free (columns[c], TRUE);

  return ok;
}

static gboolean
respite_team_store_pg_publish (RespiteTeamStore     *store,
                               const char           *secret,
                               const RespiteDayRow  *rows,
                               guint                 n_rows,
                               GError              **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  /* A publication seals what is due first, once the store has been
   * sealed at all (until then a new store, or a demo, takes any day). In a
   * statement of its own: publish() then only takes a shared lock. */
  return ensure_ready (self, error) &&
         exec_command (self, "SELECT respite.seal_due () FROM respite.store_info"
                             " WHERE sealed_through IS NOT NULL", 0, NULL, error) &&
         publish_rows (self, secret, rows, n_rows, error);
}

static gboolean
respite_team_store_pg_erase_member (RespiteTeamStore  *store,
                                    const char        *member,
                                    const char        *secret,
                                    GError           **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *params[] = { member, secret };

  return ensure_ready (self, error) &&
         exec_command (self, "SELECT respite.erase_member ($1, $2)", 2, params, error);
}

static gboolean
query_uint (RespiteTeamStorePg  *self,
            const char          *sql,
            guint               *value,
            GError             **error)
{
  PGresult *result;

  result = exec_params (self, sql, 0, NULL, error);
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) != 1 || PQgetisnull (result, 0, 0))
    {
      PQclear (result);
      g_set_error_literal (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA,
                           _("The team store has no settings"));
      return FALSE;
    }

  *value = get_uint (result, 0, 0);
  PQclear (result);
  return TRUE;
}

/* Connects, and checks the schema version once per connection: a store of
 * another version is refused before anything is read from or written to
 * it. A version 2 store's view shows one person a month minus its weeks
 * (issue #10): the app waits for its administrator to run `respite-report
 * init`, which upgrades it; the app never has the rights to. */
static gboolean
ensure_ready (RespiteTeamStorePg  *self,
              GError             **error)
{
  guint version = 0;

  if (!ensure_connected (self, error))
    return FALSE;

  if (self->version_checked)
    return TRUE;

  if (!query_uint (self, "SELECT schema_version FROM respite.store_info", &version, error) ||
      !respite_team_store_check_version (version, error))
    return FALSE;

  self->version_checked = TRUE;
  return TRUE;
}

static gboolean
respite_team_store_pg_get_k (RespiteTeamStore  *store,
                             guint             *k,
                             GError           **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return ensure_ready (self, error) &&
         query_uint (self, "SELECT k FROM respite.store_info", k, error);
}

static gboolean
respite_team_store_pg_check (RespiteTeamStore  *store,
                             GError           **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  /* Every time, not once per connection: the administrator may have
   * upgraded the store, or replaced it, since. */
  if (!ensure_connected (self, error))
    return FALSE;
  self->version_checked = FALSE;

  return ensure_ready (self, error);
}

static gboolean
respite_team_store_pg_record_release (RespiteTeamStore  *store,
                                      const char        *from_day,
                                      const char        *to_day,
                                      guint              k,
                                      double             epsilon,
                                      double             budget,
                                      double            *spent,
                                      GError           **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *k_text = g_strdup_printf ("%u", k);
  char epsilon_text[G_ASCII_DTOSTR_BUF_SIZE];
  char budget_text[G_ASCII_DTOSTR_BUF_SIZE];
  const char *params[] = {
    from_day, to_day, k_text,
    g_ascii_dtostr (epsilon_text, sizeof epsilon_text, epsilon),
    g_ascii_dtostr (budget_text, sizeof budget_text, budget),
  };
  PGresult *result;

  if (!ensure_ready (self, error))
    return FALSE;

  /* The function checks the budget and writes in one transaction. */
  result = exec_params (self,
                        "SELECT respite.record_release ($1::date, $2::date, $3::integer,"
                        "                               $4::double precision, $5::double precision)",
                        G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return FALSE;

  *spent = get_double (result, 0, 0);
  PQclear (result);
  return TRUE;
}

static gboolean
respite_team_store_pg_get_epsilon_spent (RespiteTeamStore  *store,
                                         const char        *from_day,
                                         const char        *to_day,
                                         double            *spent,
                                         GError           **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *params[] = { from_day, to_day };
  PGresult *result;

  if (!ensure_ready (self, error))
    return FALSE;

  result = exec_params (self,
                        "SELECT coalesce (sum (epsilon), 0) FROM respite.releases"
                        " WHERE from_day <= $2::date AND to_day >= $1::date",
                        2, params, error);
  if (result == NULL)
    return FALSE;

  *spent = get_double (result, 0, 0);
  PQclear (result);
  return TRUE;
}

/* Runs one of the embedded SQL files; the caller holds the lock. */
static gboolean
run_sql_file (RespiteTeamStorePg  *self,
              const char          *name,
              GError             **error)
{
  g_autofree char *path = g_strconcat ("/io/github/respite/Respite/sql/", name, NULL);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (respite_team_pg_sql_get_resource (), path,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *sql = NULL;
  PGresult *result;

  g_assert (bytes != NULL);
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* Several statements: PQexec, not PQexecParams. No value of the
   * caller's is in this text. */
  result = PQexec (self->conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);

      if (g_strcmp0 (state, "42P06") == 0)  /* duplicate_schema */
        {
          g_autofree char *message = scrub (self, PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));

          g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SCHEMA,
                       _("Team store: %s"), message);
        }
      else
        set_result_error (self, result, error);
      PQclear (result);
      rollback (self);
      return FALSE;
    }
  PQclear (result);

  /* The version this connection checked may have changed. */
  self->version_checked = FALSE;
  return TRUE;
}

/**
 * respite_team_store_pg_create_schema:
 *
 * Runs the shipped schema.sql and roles.sql (embedded) in the database:
 * what an administrator does with psql (docs/team-store.md). Needs a
 * superuser; fails with %RESPITE_TEAM_STORE_ERROR_SCHEMA if the schema is
 * there already. `respite-report init` calls
 * respite_team_store_pg_init_schema(), which also upgrades.
 */
gboolean
respite_team_store_pg_create_schema (RespiteTeamStorePg  *self,
                                     GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE_PG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return ensure_connected (self, error) &&
         run_sql_file (self, "schema.sql", error) &&
         run_sql_file (self, "roles.sql", error);
}

G_STATIC_ASSERT (RESPITE_TEAM_STORE_SCHEMA_VERSION == 5);  /* a new version needs its migration */

/**
 * respite_team_store_pg_init_schema:
 * @old_version: (out) (optional): the version found, 0 if there was none
 *
 * What `respite-report init` does, as a superuser: in a database without
 * the schema, creates it and the roles (respite_team_store_pg_create_schema());
 * upgrades a version 2, 3 or 4 store in place with data/sql/migrate-2-3.sql,
 * migrate-3-4.sql and migrate-4-5.sql, each in one transaction; leaves a current one as it is, so that running it twice is
 * harmless. Any other version fails with %RESPITE_TEAM_STORE_ERROR_SCHEMA
 * and is left untouched. The app never does this: it has no right to.
 */
gboolean
respite_team_store_pg_init_schema (RespiteTeamStorePg  *self,
                                   int                 *old_version,
                                   GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  PGresult *result;
  gboolean exists;
  guint version = 0;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE_PG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (old_version != NULL)
    *old_version = 0;

  locker = g_mutex_locker_new (&self->lock);
  if (!ensure_connected (self, error))
    return FALSE;

  result = exec_params (self, "SELECT to_regnamespace ('respite') IS NOT NULL", 0, NULL, error);
  if (result == NULL)
    return FALSE;
  exists = g_str_equal (PQgetvalue (result, 0, 0), "t");
  PQclear (result);

  if (!exists)
    return run_sql_file (self, "schema.sql", error) && run_sql_file (self, "roles.sql", error);

  if (!query_uint (self, "SELECT schema_version FROM respite.settings", &version, error))
    return FALSE;
  if (old_version != NULL)
    *old_version = version;

  /* Each step in its own transaction: a failed second step leaves a
   * version 3 store, which this upgrades when run again. */
  if (version == 2 && !run_sql_file (self, "migrate-2-3.sql", error))
    return FALSE;
  if ((version == 2 || version == 3) && !run_sql_file (self, "migrate-3-4.sql", error))
    return FALSE;
  if (version >= 2 && version <= 4)
    return run_sql_file (self, "migrate-4-5.sql", error);

  return respite_team_store_check_version (version, error);
}

/* For respite-team-store-pg-figures.c. */
PGresult *
respite_team_store_pg_exec_params (RespiteTeamStorePg  *self,
                                   const char          *sql,
                                   int                  n_params,
                                   const char * const  *params,
                                   GError             **error)
{
  return exec_params (self, sql, n_params, params, error);
}

gboolean
respite_team_store_pg_exec_command (RespiteTeamStorePg  *self,
                                    const char          *sql,
                                    int                  n_params,
                                    const char * const  *params,
                                    GError             **error)
{
  return exec_command (self, sql, n_params, params, error);
}

gboolean
respite_team_store_pg_ensure_ready (RespiteTeamStorePg  *self,
                                    GError             **error)
{
  return ensure_ready (self, error);
}

static gboolean
respite_team_store_pg_seal (RespiteTeamStore         *store,
                            RespiteTeamStoreSealing  *sealing,
                            GError                  **error)
{
  RespiteTeamStorePg *self = RESPITE_TEAM_STORE_PG (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  PGresult *result;

  if (!ensure_ready (self, error) ||
      !exec_command (self, "SELECT respite.seal_due ()", 0, NULL, error))
    return FALSE;

  result = exec_params (self, "SELECT sealed_through::text, seal_after_days FROM respite.store_info",
                        0, NULL, error);
  if (result == NULL)
    return FALSE;
  g_clear_pointer (&sealing->sealed_through, g_free);
  if (PQntuples (result) == 1)
    {
      if (!PQgetisnull (result, 0, 0))
        sealing->sealed_through = g_strdup (PQgetvalue (result, 0, 0));
      sealing->seal_after_days = get_uint (result, 0, 1);
    }
  PQclear (result);

  return TRUE;
}

static void
respite_team_store_pg_iface_init (RespiteTeamStoreInterface *iface)
{
  iface->seal = respite_team_store_pg_seal;
  iface->publish = respite_team_store_pg_publish;
  iface->erase_member = respite_team_store_pg_erase_member;
  iface->get_k = respite_team_store_pg_get_k;
  iface->check = respite_team_store_pg_check;
  iface->record_release = respite_team_store_pg_record_release;
  iface->get_epsilon_spent = respite_team_store_pg_get_epsilon_spent;
  respite_team_store_pg_figures_iface_init (iface);
}
