/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteDemo: plausible, made-up team data for demos, screenshots, tests
 * and benchmarks. Nothing here is anyone's data.
 *
 * Each member gets habits (how many hours a day, how often they take the
 * break, whether they answer the WHO-5, their usual score) and lives them
 * out on weekdays: exposure by intensity, a break prompt per hour, the cap
 * sometimes passed, a WHO-5 every 14 days for most. The generator is its
 * own small PRNG (SplitMix64), seeded per member, so the same options give
 * the same rows on any machine and GLib version.
 */

#define G_LOG_DOMAIN "respite-demo"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "respite-demo.h"

/* CLAMP() evaluates its argument more than once: not for random draws. */
static inline double
clamp (double value,
       double low,
       double high)
{
  return value < low ? low : value > high ? high : value;
}

#define CAP_SECONDS (4 * 3600)  /* the default daily cap */

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* In [0, 1). */
static double
rng_uniform (Rng *rng)
{
  return (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static double
rng_normal (Rng    *rng,
            double  mean,
            double  deviation)
{
  double u = 1.0 - rng_uniform (rng);  /* (0, 1]: log() is finite */
  double v = rng_uniform (rng);

  return mean + deviation * sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

typedef struct
{
  double hours;       /* a usual day's exposure */
  double adherence;   /* share of prompted breaks taken */
  double attendance;  /* share of weekdays worked */
  gboolean who5;      /* answers the WHO-5 */
  double who5_score;  /* usual raw score, 0–25 */
  guint who5_offset;  /* which day of the 14 it falls due: the team's */
  gboolean pulse;     /* takes the pulse check-in after intense material */
} Habits;

static Habits
make_habits (Rng   *rng,
             guint  team)
{
  Habits habits = {
    .hours = 1.5 + 3.0 * rng_uniform (rng),
    .adherence = 0.5 + 0.45 * rng_uniform (rng),
    .attendance = 0.85 + 0.13 * rng_uniform (rng),
    .who5 = rng_uniform (rng) < 0.75,
    .who5_score = 9 + 13 * rng_uniform (rng),
    /* A team starts together, so its WHO-5s fall due the same day: else
     * most weeks would have fewer than k respondents, and be hidden. */
    .who5_offset = (team * 5) % 14,
    .pulse = TRUE,
  };

  /* Some people are struggling. */
  if (rng_uniform (rng) < 0.12)
    habits.who5_score = 4 + 5 * rng_uniform (rng);

  return habits;
}

static char *
member_token (const RespiteDemoOptions *options,
              guint                     team,
              guint                     member)
{
  return g_strdup_printf ("demo-s%08" G_GINT64_MODIFIER "x-t%03u-m%05u",
                          options->seed & G_GUINT64_CONSTANT (0xffffffff), team, member);
}

/* Made up, and so guessable: demo data is nobody's to protect. */
static char *
member_secret (const char *token)
{
  return g_strconcat ("demo-secret-", token, NULL);
}

/**
 * respite_demo_group_name:
 *
 * Returns: (transfer full): the name of the @index-th demo group
 */
char *
respite_demo_group_name (guint index)
{
  static const char * const names[] = { "Trust and Safety", "Child Safety", "Integrity" };

  if (index < G_N_ELEMENTS (names))
    return g_strdup (names[index]);

  return g_strdup_printf ("Group %u", index + 1);
}

/* How many members team @team has. */
static guint
team_members (const RespiteDemoOptions *options,
              guint                     team)
{
  if (options->small_team && team == 0)
    return MIN (options->members, RESPITE_DEMO_SMALL_TEAM);

  return options->members;
}

/**
 * respite_demo_team_name:
 *
 * Returns: (transfer full): the name of the @index-th demo team
 */
char *
respite_demo_team_name (guint index)
{
  static const char * const names[] = {
    "Hotline", "Triage", "Victim ID", "Escalations", "Live review", "Appeals", "Quality",
    "Night shift",
  };

  if (index < G_N_ELEMENTS (names))
    return g_strdup (names[index]);

  return g_strdup_printf ("Team %u", index + 1);
}

static void
make_day (Rng           *rng,
          const Habits  *habits,
          guint          day_index,
          RespiteDayRow *row)
{
  double hours = clamp (rng_normal (rng, habits->hours, 0.8), 0.25, 7.0);
  gint64 total = (gint64) (hours * 3600);
  double high = clamp (rng_normal (rng, 0.15, 0.07), 0, 0.4);
  double medium = clamp (rng_normal (rng, 0.30, 0.08), 0, 0.5);
  gint64 block;
  guint untaken;

  row->exposure_seconds[2] = (gint64) (total * high);
  row->exposure_seconds[1] = (gint64) (total * medium);
  row->exposure_seconds[0] = total - row->exposure_seconds[1] - row->exposure_seconds[2];
  block = (gint64) (2400 + 2700 * rng_uniform (rng));
  row->longest_block_seconds = MIN (total, block);
  row->cap_exceeded = total > CAP_SECONDS;

  /* A break is asked for after each hour of exposure. */
  row->breaks_prompted = (guint) (total / 3600);
  for (guint i = 0; i < row->breaks_prompted; i++)
    if (rng_uniform (rng) < habits->adherence)
      row->breaks_taken++;
  untaken = row->breaks_prompted - row->breaks_taken;
  row->breaks_snoozed = untaken / 2;
  row->breaks_skipped = untaken - row->breaks_snoozed;

  /* The pulse, sometimes, after intense material. */
  if (habits->pulse && row->exposure_seconds[2] > 1800 && rng_uniform (rng) < 0.3)
    row->checkins_done++;

  if (habits->who5 && (day_index + habits->who5_offset) % 14 == 0)
    {
      double score = clamp (round (rng_normal (rng, habits->who5_score, 2.5)), 0, 25);

      /* As RespiteSummary publishes it: the percentage, raw × 4. */
      row->checkins_done++;
      row->wellbeing_sum = (guint) score * 4;
      row->wellbeing_count = 1;
    }
}

static gboolean
check_options (const RespiteDemoOptions  *options,
               GDate                     *end,
               GError                   **error)
{
  unsigned int year, month, day;

  if (options->teams < 1 || options->teams > 100 ||
      options->members < 1 || options->members > 10000 ||
      options->days < 1 || options->days > 3660)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Demo data needs 1 to 100 teams, 1 to 10000 members and 1 to 3660 days"));
      return FALSE;
    }

  if (options->groups > options->teams)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Demo data has at most as many groups as teams (%u)"), options->teams);
      return FALSE;
    }

  if (options->end_day == NULL ||
      sscanf (options->end_day, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a day (YYYY-MM-DD)"), options->end_day ? options->end_day : "");
      return FALSE;
    }
  g_date_set_dmy (end, day, month, year);

  if (options->policy_changed != NULL &&
      (sscanf (options->policy_changed, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
       !g_date_valid_dmy (day, month, year) || strlen (options->policy_changed) != 10))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a day (YYYY-MM-DD)"), options->policy_changed);
      return FALSE;
    }

  return TRUE;
}

/* A troubled team's last three weeks, for the lead's digest to find every
 * signal in (docs/report.md, "Signals"): breaks skipped, longer days week
 * after week, no check-in in the second week, and in the last only five
 * people check in, all of them in the WHO-5's very low band: fewer than
 * half of a team of 11 or more, and a band of k (5) people that may be
 * shown. */
#define TROUBLE_DAYS 21
#define TROUBLE_RESPONDENTS 5

static void
make_troubled_day (Rng           *rng,
                   const Habits  *habits,
                   guint          day_index,
                   guint          days_left,
                   guint          member,
                   gboolean      *answered,
                   RespiteDayRow *row)
{
  guint week = 2 - days_left / 7;  /* 0 to 2, the last */
  Habits troubled = *habits;

  troubled.hours = 3.0 + 0.8 * week;
  troubled.adherence = 0.55;
  if (week >= 1)
    troubled.who5 = troubled.pulse = FALSE;
  make_day (rng, &troubled, day_index, row);

  if (week == 2 && member < TROUBLE_RESPONDENTS && !*answered)
    {
      row->checkins_done++;
      row->wellbeing_sum = 3 * 4;
      row->wellbeing_count = 1;
      *answered = TRUE;
    }
}

static void
generate_member (const RespiteDemoOptions *options,
                 const GDate              *end,
                 guint                     team,
                 guint                     member,
                 GArray                   *rows)
{
  Rng rng = { options->seed * 1000003 + team * 100003 + member };
  g_autofree char *team_name = respite_demo_team_name (team);
  g_autofree char *token = member_token (options, team, member);
  g_autofree char *policy = NULL;
  g_autofree char *new_policy = NULL;
  Habits habits;
  GDate date = *end;
  gboolean troubled = options->troubled && team == options->teams - 1;
  gboolean answered = FALSE;

  /* Warm the generator up: neighbouring seeds start far apart. */
  rng_next (&rng);
  habits = make_habits (&rng, team);

  g_date_subtract_days (&date, options->days - 1);
  if (options->policy_version != NULL)
    policy = g_strdup (options->policy_version);
  else
    policy = g_strdup_printf ("%04u-%02u", g_date_get_year (&date), g_date_get_month (&date));

  if (options->policy_changed != NULL)
    new_policy = g_strndup (options->policy_changed, 7);

  for (guint i = 0; i < options->days; i++, g_date_add_days (&date, 1))
    {
      RespiteDayRow row = { 0 };
      char day[16];

      if (g_date_get_weekday (&date) >= G_DATE_SATURDAY || rng_uniform (&rng) > habits.attendance)
        continue;

      if (troubled && options->days - 1 - i < TROUBLE_DAYS)
        make_troubled_day (&rng, &habits, i, options->days - 1 - i, member, &answered, &row);
      else
        make_day (&rng, &habits, i, &row);
      g_date_strftime (day, sizeof day, "%Y-%m-%d", &date);
      row.team = g_strdup (team_name);
      if (options->groups > 0)
        row.team_group = respite_demo_group_name (team % options->groups);
      row.member = g_strdup (token);
      row.day = g_strdup (day);
      row.policy_version = g_strdup (new_policy != NULL &&
                                     strcmp (day, options->policy_changed) >= 0 ? new_policy
                                                                                : policy);
      g_array_append_val (rows, row);
    }
}

/**
 * respite_demo_generate:
 *
 * Returns: (transfer full) (element-type RespiteDayRow) (nullable): the rows
 */
GArray *
respite_demo_generate (const RespiteDemoOptions  *options,
                       GError                   **error)
{
  g_autoptr(GArray) rows = NULL;
  GDate end;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_options (options, &end, error))
    return NULL;

  rows = g_array_new (FALSE, FALSE, sizeof (RespiteDayRow));
  g_array_set_clear_func (rows, (GDestroyNotify) respite_day_row_clear);

  for (guint t = 0; t < options->teams; t++)
    for (guint m = 0; m < team_members (options, t); m++)
      generate_member (options, &end, t, m, rows);

  return g_steal_pointer (&rows);
}

/**
 * respite_demo_publish:
 * @progress: (nullable) (scope call)
 *
 * Blocks: call it from a thread in an app.
 */
gboolean
respite_demo_publish (RespiteTeamStore          *store,
                      const RespiteDemoOptions  *options,
                      RespiteDemoProgress        progress,
                      gpointer                   user_data,
                      GError                   **error)
{
  guint total;
  GDate end;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_options (options, &end, error))
    return FALSE;

  /* One member at a time: a member's rows are one transaction, and a
   * thousand members times three years never sit in memory at once. */
  total = 0;
  for (guint t = 0; t < options->teams; t++)
    total += team_members (options, t);
  for (guint t = 0, done = 0; t < options->teams; t++)
    for (guint m = 0; m < team_members (options, t); m++)
      {
        g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (RespiteDayRow));
        g_autofree char *token = member_token (options, t, m);
        g_autofree char *secret = member_secret (token);

        g_array_set_clear_func (rows, (GDestroyNotify) respite_day_row_clear);
        generate_member (options, &end, t, m, rows);

        if (rows->len > 0 &&
            !respite_team_store_publish (store, secret, (RespiteDayRow *) (gpointer) rows->data,
                                         rows->len, error))
          return FALSE;

        if (progress != NULL)
          progress (++done, total, user_data);
      }

  return TRUE;
}
