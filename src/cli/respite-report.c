/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * respite-report: HR's exports and the team store's administration, from
 * a terminal or cron. GLib and the core only, no GTK.
 *
 *   respite-report init   --store STORE
 *   respite-report demo   --store STORE [--teams N --members N --days N --seed N --end DAY]
 *                         [--groups N] [--small-team]
 *                         [--troubled] [--policy-changed DAY]
 *   respite-report export --store STORE --period PERIOD [--by team|team,week|team,month]
 *                         [--by group|group,week|group,month] [--team TEAM] [--group GROUP]
 *                         [--format csv|json|pdf] [--output FILE|-] [--k K] [--epsilon E]
 *   respite-report check  --store STORE
 *   respite-report digest --store STORE --team TEAM [--by week|month] [--format text|markdown]
 *
 * Exit status: 0 done, 1 usage (or a refused option), 2 the store is
 * unreachable, damaged or has another schema, 3 nothing to report. Errors
 * are one sentence on stderr; progress shows only when stderr is a terminal.
 * Only init moves a damaged SQLite store aside (saying so on stderr, and
 * exiting 0 with a fresh store). data/respite-report.1 is the manual.
 */

#define G_LOG_DOMAIN "respite-report"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "respite-clock.h"
#include "respite-day.h"
#include "respite-demo.h"
#include "respite-policy.h"
#include "respite-report.h"
#include "respite-signals.h"
#include "respite-team-store-open.h"
#include "respite-team-store-sqlite.h"

enum
{
  EXIT_OK = 0,
  EXIT_USAGE = 1,
  EXIT_STORE = 2,
  EXIT_EMPTY = 3,
};

/* One line, whatever the message: libpq's span several. */
static int
fail (int         status,
      const char *message)
{
  g_auto(GStrv) lines = g_strsplit_set (message, "\r\n", -1);
  g_autoptr(GString) text = g_string_new ("");

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", lines[i]);
    }

  g_printerr ("respite-report: %s\n", text->str);
  return status;
}

/* Which exit status an error calls for. */
static int
status_of (const GError *error)
{
  if (error->domain == RESPITE_REPORT_ERROR && error->code == RESPITE_REPORT_ERROR_EMPTY)
    return EXIT_EMPTY;
  if (error->domain == RESPITE_TEAM_STORE_ERROR && error->code != RESPITE_TEAM_STORE_ERROR_BUDGET &&
      error->code != RESPITE_TEAM_STORE_ERROR_INVALID)
    return EXIT_STORE;
  return EXIT_USAGE;
}

/* A libpq connection string ("host=… dbname=…") or URI; anything else is
 * the path of an SQLite file. */
static gboolean
is_conninfo (const char *store)
{
  return g_str_has_prefix (store, "postgresql://") || g_str_has_prefix (store, "postgres://") ||
         strchr (store, '=') != NULL;
}

static RespiteTeamStore *
open_store (const char  *store,
            gboolean     create,
            GError     **error)
{
  g_autoptr(RespiteClock) clock = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *moved_to = NULL;
  RespiteTeamStoreSqlite *sqlite;

  /* PostgreSQL is a module, loaded only now: an export from an SQLite
   * file never loads libpq. The password is libpq's business here
   * (~/.pgpass, a service file), never the keyring's. */
  if (is_conninfo (store))
    {
      const RespiteTeamStorePgBackend *backend = respite_team_store_load_pg_backend (error);

      return backend != NULL ? backend->open (store) : NULL;
    }

  /* Only init creates a file: a typo must not make an empty store. The
   * others leave a damaged file as it is, for init to move aside. */
  if (!create)
    {
      if (!g_file_test (store, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE,
                       _("There is no team store at %s (create one with “respite-report init”)"),
                       store);
          return NULL;
        }

      return RESPITE_TEAM_STORE (respite_team_store_sqlite_open (store, error));
    }

  clock = respite_clock_new ();
  now = g_date_time_new_from_unix_local (respite_clock_get_real_time (clock) / G_USEC_PER_SEC);
  sqlite = respite_team_store_sqlite_open_or_replace (store, now, &moved_to, error);
  if (moved_to != NULL)
    {
      g_autofree char *message = respite_team_store_sqlite_describe_replacement (store, moved_to);

      g_printerr ("respite-report: %s\n", message);
    }

  return RESPITE_TEAM_STORE (sqlite);
}

/* Parses a subcommand's options; on --help prints them and exits 0. */
static gboolean
parse_options (const char    *command,
               const char    *summary,
               GOptionEntry  *entries,
               char        ***argv,
               int           *status)
{
  g_autofree char *parameter = g_strdup_printf ("%s — %s", command, summary);
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, argv, &error))
    {
      *status = fail (EXIT_USAGE, error->message);
      return FALSE;
    }
  if (g_strv_length (*argv) > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”; see “respite-report %s --help”"),
                                                  (*argv)[1], command);
      *status = fail (EXIT_USAGE, message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
require_store (const char *store,
               const char *command,
               int        *status)
{
  if (store == NULL || *store == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("Give the team store with --store (a file, or a PostgreSQL "
                                                    "connection string); see “respite-report %s --help”"),
                                                  command);
      *status = fail (EXIT_USAGE, message);
      return FALSE;
    }

  return TRUE;
}

static int
command_init (char **argv)
{
  g_autofree char *store_name = NULL;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &store_name, N_("The team store: a file, or a PostgreSQL connection string"), N_("STORE") },
    { NULL }
  };
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;
  int old_version = 0;

  if (!parse_options ("init", _("create the team store’s schema (and roles on PostgreSQL)"),
                      entries, &argv, &status) ||
      !require_store (store_name, "init", &status))
    return status;

  /* An SQLite store is upgraded by opening it; PostgreSQL's needs the
   * superuser init runs as, which the app never has. */
  store = open_store (store_name, TRUE, &error);
  if (store != NULL && is_conninfo (store_name))
    respite_team_store_load_pg_backend (NULL)->init_schema (store, &old_version, &error);  /* loaded */
  if (error == NULL && store != NULL)
    respite_team_store_check (store, &error);
  if (error != NULL)
    return fail (status_of (error), error->message);

  if (old_version > 0 && old_version < RESPITE_TEAM_STORE_SCHEMA_VERSION)
    g_print (_("The team store was upgraded from schema version %d.\n"), old_version);
  g_print (_("The team store is ready, schema version %d.\n"), RESPITE_TEAM_STORE_SCHEMA_VERSION);
  return EXIT_OK;
}

static void
show_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  g_printerr ("\r%s", "");
  g_printerr (_("Publishing demo data: %u of %u members"), done, total);
  if (done == total)
    g_printerr ("\n");
}

static char *
today (void)
{
  g_autoptr(RespiteClock) clock = respite_clock_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (respite_clock_get_real_time (clock) / G_USEC_PER_SEC);

  return g_date_time_format (now, "%Y-%m-%d");
}

static int
command_demo (char **argv)
{
  g_autofree char *store_name = NULL;
  g_autofree char *end_day = NULL;
  g_autofree char *policy_changed = NULL;
  int teams = 4, members = 12, days = 90, groups = 0;
  gint64 seed = 1;
  gboolean troubled = FALSE, small_team = FALSE;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &store_name, N_("The team store: a file, or a PostgreSQL connection string"), N_("STORE") },
    { "teams", 0, 0, G_OPTION_ARG_INT, &teams, N_("How many teams (default 4)"), N_("N") },
    { "members", 0, 0, G_OPTION_ARG_INT, &members, N_("Members per team (default 12)"), N_("N") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("How many days, ending on --end (default 90)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The same seed makes the same data (default 1)"), N_("N") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end_day, N_("The last day, YYYY-MM-DD (default today)"), N_("DAY") },
    { "troubled", 0, 0, G_OPTION_ARG_NONE, &troubled, N_("Make the last team’s last three weeks raise every signal of the digest"), NULL },
    { "policy-changed", 0, 0, G_OPTION_ARG_STRING, &policy_changed, N_("From this day on, a new policy version (default: none)"), N_("DAY") },
    { "groups", 0, 0, G_OPTION_ARG_INT, &groups, N_("Put the teams in N groups (default 0: none)"), N_("N") },
    { "small-team", 0, 0, G_OPTION_ARG_NONE, &small_team, N_("Give the first team 3 members, fewer than k: its group shows them"), NULL },
    { NULL }
  };
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GError) error = NULL;
  RespiteDemoOptions options;
  int status = EXIT_OK;

  if (!parse_options ("demo", _("fill the team store with made-up data"), entries, &argv, &status) ||
      !require_store (store_name, "demo", &status))
    return status;

  if (teams < 1 || members < 1 || days < 1)
    return fail (EXIT_USAGE, _("--teams, --members and --days must be positive numbers"));
  if (groups < 0)
    return fail (EXIT_USAGE, _("--groups takes 0 or a positive number"));
  if (end_day == NULL)
    end_day = today ();

  options = (RespiteDemoOptions) {
    .teams = teams, .members = members, .days = days, .seed = (guint64) seed, .end_day = end_day,
    .troubled = troubled, .policy_changed = policy_changed, .groups = groups,
    .small_team = small_team,
  };

  store = open_store (store_name, FALSE, &error);
  if (store == NULL || !respite_team_store_check (store, &error))
    return fail (status_of (error), error->message);

  if (!respite_demo_publish (store, &options, isatty (STDERR_FILENO) ? show_progress : NULL, NULL,
                             &error))
    return fail (error->domain == G_IO_ERROR ? EXIT_USAGE : status_of (error), error->message);

  return EXIT_OK;
}

static GOutputStream *
open_output (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (path, "-") == 0)
    return g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  /* Replaced whole when done: a cron job never leaves half a report. */
  file = g_file_new_for_commandline_arg (path);
  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error));
}

/* Counting in weeks, a span of months is taken in the weeks that touch it. */
static void
snap_to_weeks (char **from_day,
               char **to_day)
{
  GDate date;
  char text[16];

  g_date_set_parse (&date, *from_day);
  g_date_subtract_days (&date, g_date_get_weekday (&date) - G_DATE_MONDAY);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  g_free (*from_day);
  *from_day = g_strdup (text);

  g_date_set_parse (&date, *to_day);
  g_date_add_days (&date, G_DATE_SUNDAY - g_date_get_weekday (&date));
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  g_free (*to_day);
  *to_day = g_strdup (text);
}

static int
command_export (char **argv)
{
  g_autofree char *store_name = NULL;
  g_autofree char *period = NULL;
  g_autofree char *by = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *team = NULL;
  g_autofree char *group = NULL;
  g_autofree char *policy_path = NULL;
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  RespiteTeamUnit rows_of = RESPITE_TEAM_UNIT_TEAM;
  g_auto(GStrv) by_parts = NULL;
  const char *by_period = NULL;
  int k = 0;
  double epsilon = 0, budget = RESPITE_REPORT_DEFAULT_EPSILON_BUDGET;
  gint64 seed = 0;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &store_name, N_("The team store: a file, or a PostgreSQL connection string"), N_("STORE") },
    { "period", 'p', 0, G_OPTION_ARG_STRING, &period, N_("A month (2026-10), an ISO week (2026-W43) or FROM..TO"), N_("PERIOD") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Rows: team or group (one week or month), team,week, team,month, group,week or group,month"), N_("ROWS") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("csv, json or pdf (default: from the output’s name, else csv)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write, or - for standard output (default)"), N_("FILE") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("Only this team"), N_("TEAM") },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Only this group (with --by group…)"), N_("GROUP") },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, N_("Hide figures from fewer than K people (default and minimum: the store’s k)"), N_("K") },
    { "epsilon", 'e', 0, G_OPTION_ARG_DOUBLE, &epsilon, N_("Add differential privacy noise with this ε (default 0: none)"), N_("E") },
    { "budget", 0, 0, G_OPTION_ARG_DOUBLE, &budget, N_("The most ε releases about any one day may spend (default 2)"), N_("E") },
    { "policy", 0, 0, G_OPTION_ARG_FILENAME, &policy_path, N_("The organisation policy, for the welfare programme (default: the system’s)"), N_("FILE") },
    { "seed", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &seed, "For tests: the noise's seed", NULL },
    { NULL }
  };
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(RespiteReport) report = NULL;
  g_autoptr(RespitePolicy) policy = NULL;
  g_autoptr(RespiteClock) clock = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RespiteTeamStoreSealing) sealing = { NULL, 0 };
  RespiteReportOptions options = { 0 };
  RespitePeriod unit;
  gboolean single, ok;
  int status = EXIT_OK;

  if (!parse_options ("export", _("write the team figures as CSV, JSON or PDF"), entries, &argv,
                      &status) ||
      !require_store (store_name, "export", &status))
    return status;

  if (period == NULL)
    return fail (EXIT_USAGE, _("Give the period with --period: a month (2026-10), an ISO week (2026-W43) or FROM..TO"));
  if (!respite_report_parse_period (period, &from_day, &to_day, &unit, &single, &error))
    return fail (EXIT_USAGE, error->message);

  /* --by names the rows (team or group) and, for a span, the period, in
   * either order. */
  if (by == NULL)
    by = g_strconcat (group != NULL ? "group" : "team",
                      single ? "" : unit == RESPITE_PERIOD_WEEK ? ",week" : ",month", NULL);
  by_parts = g_strsplit (by, ",", 3);
  for (guint i = 0; by_parts[i] != NULL; i++)
    {
      if (g_str_equal (by_parts[i], "team") || g_str_equal (by_parts[i], "group"))
        rows_of = g_str_equal (by_parts[i], "group") ? RESPITE_TEAM_UNIT_GROUP : RESPITE_TEAM_UNIT_TEAM;
      else if ((g_str_equal (by_parts[i], "week") || g_str_equal (by_parts[i], "month")) &&
               by_period == NULL)
        by_period = by_parts[i];
      else
        by_period = "";
    }
  if (g_strv_length (by_parts) > 2 || g_strv_length (by_parts) < 1 ||
      (by_period != NULL && *by_period == '\0') ||
      (g_strv_length (by_parts) == 2 && by_period == NULL))
    return fail (EXIT_USAGE, _("--by takes team, team,week, team,month, group, group,week or group,month"));
  if (by_period == NULL && !single)
    return fail (EXIT_USAGE, _("--by team or group needs one week or one month; for a span, add ,week or ,month"));
  if (by_period != NULL && g_str_equal (by_period, "week"))
    {
      if (unit == RESPITE_PERIOD_MONTH)
        snap_to_weeks (&from_day, &to_day);
      unit = RESPITE_PERIOD_WEEK;
    }
  else if (by_period != NULL)
    unit = RESPITE_PERIOD_MONTH;
  if (group != NULL && rows_of != RESPITE_TEAM_UNIT_GROUP)
    return fail (EXIT_USAGE, _("--group goes with --by group, group,week or group,month"));
  if (team != NULL && rows_of == RESPITE_TEAM_UNIT_GROUP)
    return fail (EXIT_USAGE, _("--team goes with team rows; for a group, use --group"));

  if (format == NULL)
    format = g_strdup (output != NULL && g_str_has_suffix (output, ".pdf") ? "pdf" :
                       output != NULL && g_str_has_suffix (output, ".json") ? "json" : "csv");
  if (!g_str_equal (format, "csv") && !g_str_equal (format, "json") && !g_str_equal (format, "pdf"))
    return fail (EXIT_USAGE, _("--format takes csv, json or pdf"));
  if (output == NULL)
    output = g_strdup ("-");
  if (g_str_equal (format, "pdf") && g_str_equal (output, "-") && isatty (STDOUT_FILENO))
    return fail (EXIT_USAGE, _("A PDF does not go to a terminal: give a file with --output"));
  if (k != 0 && k < RESPITE_ANONYMITY_MIN)
    return fail (EXIT_USAGE, _("--k must be at least 3"));
  if (!(epsilon >= 0 && epsilon <= 100) || !(budget >= 0 && budget <= 1000))
    return fail (EXIT_USAGE, _("--epsilon takes a number from 0 to 100, and --budget one from 0 to 1000"));

  /* TODO(policy): the budget should come from the policy's proposed
   * [Privacy] epsilon-budget key (docs/report.md); --budget until then. */
  policy = respite_policy_load (policy_path, NULL, NULL);
  clock = respite_clock_new ();
  now = g_date_time_new_from_unix_local (respite_clock_get_real_time (clock) / G_USEC_PER_SEC);

  options = (RespiteReportOptions) {
    .period = period, .from_day = from_day, .to_day = to_day, .unit = unit,
    .team = rows_of == RESPITE_TEAM_UNIT_GROUP ? group : team, .team_unit = rows_of,
    .k = k, .epsilon = epsilon, .epsilon_budget = budget, .seed = (guint64) seed, .record = TRUE,
  };

  store = open_store (store_name, FALSE, &error);
  if (store == NULL || !respite_team_store_seal (store, &sealing, &error))
    return fail (status_of (error), error->message);

  /* An open period is shown nowhere: say when it will be. */
  if (!respite_team_store_sealing_is_sealed (&sealing, unit, to_day))
    {
      g_autofree char *last_on = respite_team_store_sealing_appears_on (&sealing, unit, to_day);
      g_autofree char *message = NULL;

      if (!respite_team_store_sealing_is_sealed (&sealing, unit, from_day))
        {
          message = g_strdup_printf (_("The figures for %s appear on %s, once the period is over and sealed"),
                                     period, last_on);
          return fail (EXIT_EMPTY, message);
        }
      g_printerr (_("respite-report: the last periods of %s are still open: all their figures appear on %s\n"),
                  period, last_on);
    }

  if (isatty (STDERR_FILENO))
    g_printerr ("%s\n", _("Reading the team figures…"));

  report = respite_report_new_from_store (store, &options, policy, now, &error);
  if (report == NULL)
    return fail (status_of (error), error->message);

  stream = open_output (output, &error);
  if (stream == NULL)
    return fail (EXIT_USAGE, error->message);

  if (g_str_equal (format, "pdf"))
    ok = respite_report_write_pdf (report, stream, &error);
  else if (g_str_equal (format, "json"))
    ok = respite_report_write_json (report, stream, &error);
  else
    ok = respite_report_write_csv (report, stream, &error);

  if (!ok || !g_output_stream_close (stream, NULL, &error))
    return fail (EXIT_USAGE, error->message);

  return EXIT_OK;
}

static int
command_check (char **argv)
{
  g_autofree char *store_name = NULL;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &store_name, N_("The team store: a file, or a PostgreSQL connection string"), N_("STORE") },
    { NULL }
  };
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;
  guint k = 0;

  if (!parse_options ("check", _("say whether the team store is reachable, its schema and its k"),
                      entries, &argv, &status) ||
      !require_store (store_name, "check", &status))
    return status;

  store = open_store (store_name, FALSE, &error);
  if (store == NULL || !respite_team_store_check (store, &error) ||
      !respite_team_store_get_k (store, &k, &error))
    return fail (status_of (error), error->message);

  g_print (_("The team store is reachable, schema version %d; k = %u.\n"),
           RESPITE_TEAM_STORE_SCHEMA_VERSION, k);
  return EXIT_OK;
}

static int
command_seal (char **argv)
{
  g_autofree char *store_name = NULL;
  g_autofree char *today = NULL;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &store_name, N_("The team store: a file, or a PostgreSQL connection string"), N_("STORE") },
    { "today", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &today, "For benchmarks: the day an SQLite store takes for today", NULL },
    { NULL }
  };
  g_auto(RespiteTeamStoreSealing) sealing = { NULL, 0 };
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse_options ("seal", _("seal the periods that are over, and delete the raw rows they no longer need"),
                      entries, &argv, &status) ||
      !require_store (store_name, "seal", &status))
    return status;

  store = open_store (store_name, FALSE, &error);
  if (store != NULL && today != NULL && RESPITE_IS_TEAM_STORE_SQLITE (store))
    {
      g_autoptr(GDateTime) noon = NULL;
      g_autoptr(RespiteClock) clock = NULL;
      unsigned int year, month, day;

      if (sscanf (today, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
          (noon = g_date_time_new_local (year, month, day, 12, 0, 0)) == NULL)
        return fail (EXIT_USAGE, "--today takes a day, YYYY-MM-DD");
      clock = respite_clock_new_fake (g_date_time_to_unix (noon) * G_USEC_PER_SEC);
      respite_team_store_sqlite_set_clock (RESPITE_TEAM_STORE_SQLITE (store), clock);
    }
  if (store == NULL || !respite_team_store_seal (store, &sealing, &error))
    return fail (status_of (error), error->message);

  if (sealing.sealed_through != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Every week to %s is sealed; a period is sealed %u day after it ends.\n",
                          "Every week to %s is sealed; a period is sealed %u days after it ends.\n",
                          sealing.seal_after_days),
             sealing.sealed_through, sealing.seal_after_days);
  else
    g_print ("%s\n", _("Nothing is sealed yet."));
  return EXIT_OK;
}

/* A lead's digest: the latest sealed period against the one before and a
 * year before, and what needs attention, for a cron job to mail. */
static int
command_digest (char **argv)
{
  g_autofree char *store_name = NULL;
  g_autofree char *team = NULL;
  g_autofree char *by = NULL;
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &store_name, N_("The team store: a file, or a PostgreSQL connection string"), N_("STORE") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("The team"), N_("TEAM") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("week (default) or month"), N_("PERIOD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("text (default) or markdown"), N_("FORMAT") },
    { NULL }
  };
  g_auto(RespiteTeamStoreSealing) sealing = { NULL, 0 };
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GPtrArray) aggregates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *to_day = today ();
  g_autofree char *from_day = NULL;
  g_autofree char *digest = NULL;
  RespitePeriod unit = RESPITE_PERIOD_WEEK;
  GDate from;
  char text[16];
  int status = EXIT_OK;
  guint k = 0;

  if (!parse_options ("digest", _("print what needs a lead’s attention, as text or Markdown"),
                      entries, &argv, &status) ||
      !require_store (store_name, "digest", &status))
    return status;

  if (team == NULL || *team == '\0')
    return fail (EXIT_USAGE, _("Give the team with --team"));
  if (by != NULL && g_str_equal (by, "month"))
    unit = RESPITE_PERIOD_MONTH;
  else if (by != NULL && !g_str_equal (by, "week"))
    return fail (EXIT_USAGE, _("--by takes week or month"));
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "markdown"))
    return fail (EXIT_USAGE, _("--format takes text or markdown"));

  /* A year and a few periods: enough for the year before and three running. */
  respite_day_parse (to_day, &from);
  g_date_subtract_days (&from, 7 * 60);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &from);
  from_day = g_strdup (text);

  store = open_store (store_name, FALSE, &error);
  if (store == NULL || !respite_team_store_seal (store, &sealing, &error) ||
      !respite_team_store_get_k (store, &k, &error))
    return fail (status_of (error), error->message);

  aggregates = respite_team_store_read_aggregates (store, team, unit, from_day, to_day, &error);
  if (aggregates == NULL)
    return fail (status_of (error), error->message);

  digest = respite_signals_write_digest (aggregates, team, unit, k,
                                         format != NULL && g_str_equal (format, "markdown"));
  g_print ("%s", digest);

  return aggregates->len > 0 ? EXIT_OK : EXIT_EMPTY;
}

static int
usage (FILE *to,
       int   status)
{
  fprintf (to, "%s\n",
           _("Usage: respite-report COMMAND --store STORE [OPTION…]\n"
             "\n"
             "Commands:\n"
             "  init     create the team store’s schema (and roles on PostgreSQL)\n"
             "  demo     fill the team store with made-up data\n"
             "  export   write the team figures as CSV, JSON or PDF\n"
             "  seal     seal the periods that are over (every read does it too)\n"
             "  check    say whether the team store is reachable, its schema and its k\n"
             "  digest   print what needs a lead’s attention, as text or Markdown\n"
             "\n"
             "“respite-report COMMAND --help” lists a command’s options; “man respite-report” says more."));
  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) args = NULL;
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("respite-report");

  if (argc < 2)
    return usage (stderr, EXIT_USAGE);

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    return usage (stdout, EXIT_OK);

  /* The subcommand's options, after "respite-report COMMAND". */
  args = g_strdupv (argv + 1);

  if (g_str_equal (command, "init"))
    return command_init (args);
  if (g_str_equal (command, "demo"))
    return command_demo (args);
  if (g_str_equal (command, "export"))
    return command_export (args);
  if (g_str_equal (command, "check"))
    return command_check (args);
  if (g_str_equal (command, "seal"))
    return command_seal (args);
  if (g_str_equal (command, "digest"))
    return command_digest (args);

  {
    g_autofree char *message = g_strdup_printf (_("“%s” is not a command: use init, demo, export, seal, check or digest"),
                                                command);
    return fail (EXIT_USAGE, message);
  }
}
