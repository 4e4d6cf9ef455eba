/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * publish-bench [ROUNDS]: flushing 90 days of one reviewer's summaries to
 * PostgreSQL, as after three months offline. Run by bench/bench.py under
 * tests/pg/pg-env.sh, which starts a throwaway server and sets PGHOST.
 *
 * Respite: respite_team_store_publish() of the 90 rows on a
 * RespiteTeamStorePg (one transaction, one parameterised statement a row).
 * Anchor, on its own connection to the same database: the same 90
 * respite.publish() calls sent as one SQL text in one PQexec — a single
 * round trip, as fast as the database can take them. Both upsert the same
 * rows, so every round does the same work; which goes first alternates,
 * after one warm-up each (which connects, and registers the member).
 *
 * Prints one line a round: "round N respite_us A anchor_us B".
 */

#define G_LOG_DOMAIN "publish-bench"

#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>

#include "respite-clock.h"
#include "respite-team-store-pg.h"

#define DATABASE "respite_bench"
#define SECRET "bench-secret-0123456789"
#define N_DAYS 90

static PGconn *
connect_to (const char *database)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s", database);
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_printerr ("publish-bench: cannot connect to %s: %s", database, PQerrorMessage (conn));
      exit (1);
    }

  return conn;
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_printerr ("publish-bench: %s", PQerrorMessage (conn));
      exit (1);
    }
  PQclear (result);
}

/* 90 days ending on a fixed date: every run publishes the same rows. */
static RespiteDayRow *
make_rows (void)
{
  RespiteDayRow *rows = g_new0 (RespiteDayRow, N_DAYS);
  g_autoptr(GDate) date = g_date_new_dmy (30, G_DATE_JUNE, 2024);

  g_date_subtract_days (date, N_DAYS - 1);
  for (guint i = 0; i < N_DAYS; i++, g_date_add_days (date, 1))
    {
      char day[16];

      g_date_strftime (day, sizeof day, "%Y-%m-%d", date);
      rows[i].team = g_strdup ("Bench team");
      rows[i].member = g_strdup ("bench-member-0000000001");
      rows[i].day = g_strdup (day);
      rows[i].exposure_seconds[0] = 3600 + 60 * (i % 7);
      rows[i].exposure_seconds[1] = 5400;
      rows[i].exposure_seconds[2] = 1200 * (i % 3);
      rows[i].longest_block_seconds = 3300;
      rows[i].breaks_prompted = 2;
      rows[i].breaks_taken = 1 + i % 2;
      rows[i].breaks_snoozed = 1 - i % 2;
      rows[i].cap_exceeded = i % 10 == 0;
      rows[i].checkins_done = i % 7 == 0;
      rows[i].wellbeing_sum = i % 7 == 0 ? 64 : 0;
      rows[i].wellbeing_count = i % 7 == 0;
      rows[i].policy_version = g_strdup ("1");
    }

  return rows;
}

/* The anchor: the same calls, as one SQL text. Our own values only. */
static char *
make_sql (const RespiteDayRow *rows)
{
  GString *sql = g_string_new ("BEGIN;\n");

  for (guint i = 0; i < N_DAYS; i++)
    {
      const RespiteDayRow *r = &rows[i];

      g_string_append_printf (sql,
                              "SELECT respite.publish ('%s', '%s', '%s', '%s', %" G_GINT64_FORMAT
                              ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                              ", %u, %u, %u, %u, %s, %u, %u, %u, '%s');\n",
                              SECRET, r->team, r->member, r->day, r->exposure_seconds[0],
                              r->exposure_seconds[1], r->exposure_seconds[2],
                              r->longest_block_seconds, r->breaks_prompted, r->breaks_taken,
                              r->breaks_snoozed, r->breaks_skipped,
                              r->cap_exceeded ? "true" : "false", r->checkins_done,
                              r->wellbeing_sum, r->wellbeing_count, r->policy_version);
    }
  g_string_append (sql, "COMMIT;\n");

  return g_string_free (sql, FALSE);
}

static void
publish_or_die (RespiteTeamStore    *store,
                const RespiteDayRow *rows)
{
  g_autoptr(GError) error = NULL;

  if (!respite_team_store_publish (store, SECRET, rows, N_DAYS, &error))
    {
      g_printerr ("publish-bench: %s\n", error->message);
      exit (1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteClock) clock = respite_clock_new ();
  g_autoptr(RespiteTeamStorePg) store = NULL;
  g_autofree char *sql = NULL;
  RespiteDayRow *rows;
  PGconn *admin, *anchor;
  int rounds = argc > 1 ? atoi (argv[1]) : 21;

  admin = connect_to ("postgres");
  exec_or_die (admin, "CREATE DATABASE " DATABASE);
  PQfinish (admin);

  store = respite_team_store_pg_new ("dbname=" DATABASE);
  if (!respite_team_store_pg_create_schema (store, &error))
    {
      g_printerr ("publish-bench: %s\n", error->message);
      return 1;
    }

  rows = make_rows ();
  sql = make_sql (rows);
  anchor = connect_to (DATABASE);

  publish_or_die (RESPITE_TEAM_STORE (store), rows);
  exec_or_die (anchor, sql);

  for (int i = 1; i <= rounds; i++)
    {
      gint64 respite_us = 0, anchor_us = 0;

      /* Alternate which goes first, in case the second is helped. */
      for (int j = 0; j < 2; j++)
        {
          gint64 t0 = respite_clock_get_monotonic_time (clock);

          if ((i + j) % 2 == 0)
            {
              publish_or_die (RESPITE_TEAM_STORE (store), rows);
              respite_us = respite_clock_get_monotonic_time (clock) - t0;
            }
          else
            {
              exec_or_die (anchor, sql);
              anchor_us = respite_clock_get_monotonic_time (clock) - t0;
            }
        }

      g_print ("round %d respite_us %" G_GINT64_FORMAT " anchor_us %" G_GINT64_FORMAT "\n",
               i, respite_us, anchor_us);
    }

  PQfinish (anchor);
  for (guint i = 0; i < N_DAYS; i++)
    respite_day_row_clear (&rows[i]);
  g_free (rows);

  return 0;
}
