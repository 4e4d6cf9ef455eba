/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>

#include "test-team-store-behaviour.h"

/* A Monday, and the week and month around it. */
#define MONDAY       "2024-03-04"
#define TUESDAY      "2024-03-05"
#define SUNDAY       "2024-03-10"
#define NEXT_MONDAY  "2024-03-11"
#define NEXT_TUESDAY "2024-03-12"
#define TEAM         "Hotline A"

/* The store's today in each test, unless it says otherwise: the week of
 * MONDAY is still open, on its last day before sealing. With the default grace of
 * 3 days, that week is sealed from Thursday 14 March, the next from the
 * 21st, March (whose last week ends on Sunday 31st) from 4 April. */
#define OPEN_TODAY     "2024-03-13"
#define WEEK_SEALED    "2024-03-14"
#define MONTH_SEALED   "2024-04-04"
#define APRIL_SEALED   "2024-05-09"  /* April's last week ends on 5 May */

typedef struct
{
  const TeamStoreBackend *backend;
  RespiteTeamStore       *reviewer;  /* (owned) */
  RespiteTeamStore       *lead;      /* (owned) */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fixture->backend = data;
  fixture->backend->reset ();
  fixture->backend->set_today (OPEN_TODAY);
  fixture->reviewer = fixture->backend->open_as ("reviewer");
  fixture->lead = fixture->backend->open_as ("lead");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->reviewer);
  g_clear_object (&fixture->lead);
}

static char *
member_token (guint i)
{
  return g_strdup_printf ("member-token-%06u", i);
}

static char *
secret_of (guint i)
{
  return g_strdup_printf ("the-secret-of-member-%06u", i);
}

/* A plain day: @hours of intensity 1 exposure, a break taken of two
 * prompted, one check-in scoring @score. Strings are borrowed. */
static RespiteDayRow
make_row (const char *team,
          const char *member,
          const char *day,
          double      hours,
          guint       score)
{
  RespiteDayRow row = {
    .team = (char *) team,
    .member = (char *) member,
    .day = (char *) day,
    .exposure_seconds = { (gint64) (hours * 3600), 0, 0 },
    .longest_block_seconds = (gint64) (hours * 3600),
    .breaks_prompted = 2,
    .breaks_taken = 1,
    .breaks_snoozed = 1,
    .cap_exceeded = hours > 4,
    .checkins_done = score > 0 ? 1 : 0,
    .wellbeing_sum = score,
    .wellbeing_count = score > 0 ? 1 : 0,
    .policy_version = (char *) "test 1",
  };

  return row;
}

static void
publish_one (RespiteTeamStore    *store,
             guint                member,
             const RespiteDayRow *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = secret_of (member);

  respite_team_store_publish (store, secret, row, 1, &error);
  g_assert_no_error (error);
}

/* Members first … first + n - 1 each publish @day in @team; member i
 * exposed for i - first + 1 hours and scored 10 + that. */
static void
publish_members (Fixture    *fixture,
                 const char *team,
                 const char *day,
                 guint       first,
                 guint       n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *token = member_token (i);
      RespiteDayRow row = make_row (team, token, day, i - first + 1, 10 + i - first + 1);

      publish_one (fixture->reviewer, i, &row);
    }
}

/* Moves the store's today on, so that reading seals what is then due. */
static void
set_today (Fixture    *fixture,
           const char *day)
{
  fixture->backend->set_today (day);
}

static GPtrArray *
read_weeks (Fixture    *fixture,
            const char *team,
            const char *from,
            const char *to)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *weeks;

  weeks = respite_team_store_read_aggregates (fixture->lead, team, RESPITE_PERIOD_WEEK,
                                              from, to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (weeks);
  return weeks;
}

/* The only group the lead sees for @team in that range. */
static RespiteTeamAggregate *
read_one (Fixture       *fixture,
          const char    *team,
          RespitePeriod  period,
          const char    *from,
          const char    *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  groups = respite_team_store_read_aggregates (fixture->lead, team, period, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpstr (((RespiteTeamAggregate *) groups->pdata[0])->team, ==, team);
  return g_ptr_array_steal_index (groups, 0);
}

static void
assert_hidden (const RespiteTeamAggregate *group)
{
  g_assert_true (group->suppressed);
  g_assert_true (group->wellbeing_suppressed);
  g_assert_cmpuint (group->members, ==, 0);
  g_assert_cmpfloat (group->exposure_hours, ==, 0);
  g_assert_cmpfloat (group->median_exposure_hours, ==, 0);
  g_assert_cmpuint (group->breaks_taken, ==, 0);
  g_assert_cmpfloat (group->wellbeing_mean, ==, 0);
}

static void
test_check (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint k = 0;

  g_assert_true (respite_team_store_check (fixture->reviewer, &error));
  g_assert_no_error (error);
  g_assert_true (respite_team_store_check (fixture->lead, &error));
  g_assert_no_error (error);

  g_assert_true (respite_team_store_get_k (fixture->lead, &k, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (k, ==, 5);
}

static void
test_figures (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autoptr(RespiteTeamAggregate) month = NULL;
  g_autofree char *token = member_token (1);
  RespiteDayRow row = make_row (TEAM, token, SUNDAY, 6, 0);

  /* Five members of 1 to 5 hours, scores 11 to 15; member 1 also works the
   * Sunday, 6 hours over the cap and no check-in. */
  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_one (fixture->reviewer, 1, &row);

  set_today (fixture, MONTH_SEALED);
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_cmpstr (week->period_start, ==, MONDAY);
  g_assert_cmpstr (week->period_end, ==, SUNDAY);
  g_assert_false (week->suppressed);
  g_assert_cmpuint (week->members, ==, 5);
  g_assert_cmpuint (week->member_days, ==, 6);
  g_assert_cmpfloat_with_epsilon (week->exposure_hours, 21, 1e-9);
  /* Days of 1, 2, 3, 4, 5, 6 hours: the median is 3.5. */
  g_assert_cmpfloat_with_epsilon (week->median_exposure_hours, 3.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (week->cap_exceeded_share, 2.0 / 6, 1e-9);
  g_assert_cmpuint (week->breaks_prompted, ==, 12);
  g_assert_cmpuint (week->breaks_taken, ==, 6);
  g_assert_cmpfloat_with_epsilon (week->checkin_participation, 1, 1e-9);
  g_assert_false (week->wellbeing_suppressed);
  g_assert_cmpuint (week->wellbeing_respondents, ==, 5);
  g_assert_cmpfloat_with_epsilon (week->wellbeing_mean, 13, 1e-9);

  month = read_one (fixture, TEAM, RESPITE_PERIOD_MONTH, MONDAY, MONDAY);
  g_assert_cmpstr (month->period_start, ==, "2024-03-01");
  g_assert_cmpstr (month->period_end, ==, "2024-03-31");
  g_assert_false (month->suppressed);
  g_assert_cmpuint (month->member_days, ==, 6);
  g_assert_cmpfloat_with_epsilon (month->exposure_hours, 21, 1e-9);
}

static void
test_idempotent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autofree char *token = member_token (1);
  RespiteDayRow row = make_row (TEAM, token, MONDAY, 1, 11);

  /* The same day again, unchanged: still one row. */
  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_one (fixture->reviewer, 1, &row);
  publish_one (fixture->reviewer, 1, &row);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);

  /* The day, updated (the reviewer worked on after publishing): still one
   * row, now the latest. */
  row.exposure_seconds[2] = 3600;
  row.wellbeing_sum = 16;
  publish_one (fixture->reviewer, 1, &row);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);

  /* Members of 1 to 5 hours, member 1 one more; scores 16, 12, … 15. */
  set_today (fixture, WEEK_SEALED);
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
  g_assert_cmpuint (week->member_days, ==, 5);
  g_assert_cmpfloat_with_epsilon (week->exposure_hours, 16, 1e-9);
  g_assert_cmpfloat_with_epsilon (week->wellbeing_mean, 14, 1e-9);
}

static void
test_wrong_secret (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autofree char *victim = member_token (1);
  g_autofree char *other_secret = secret_of (2);
  RespiteDayRow row = make_row (TEAM, victim, MONDAY, 9, 1);

  publish_members (fixture, TEAM, MONDAY, 1, 5);

  /* Member 2 (or anyone sharing the login) impersonates member 1. */
  g_assert_false (respite_team_store_publish (fixture->reviewer, other_secret, &row, 1, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_false (respite_team_store_erase_member (fixture->reviewer, victim, other_secret,
                                                   &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
  g_clear_error (&error);

  /* A short secret is refused before it reaches the store. */
  g_assert_false (respite_team_store_publish (fixture->reviewer, "short", &row, 1, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
  g_clear_error (&error);

  /* Member 1's day is its own: 1 hour, not 9, scoring 11. */
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, victim), ==, 1);
  set_today (fixture, WEEK_SEALED);
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
  g_assert_cmpfloat_with_epsilon (week->exposure_hours, 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (week->wellbeing_mean, 13, 1e-9);
}

static void
test_erase (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autofree char *token = member_token (1);
  g_autofree char *secret = secret_of (1);
  g_autofree char *new_secret = secret_of (99);
  RespiteDayRow other_team = make_row ("Hotline B", token, TUESDAY, 1, 0);

  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_one (fixture->reviewer, 1, &other_team);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 1);

  g_assert_true (respite_team_store_erase_member (fixture->reviewer, token, secret, &error));
  g_assert_no_error (error);

  /* Every team's rows go. */
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 0);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 0);

  /* Erasing again is no error; the token is free for a new secret. */
  g_assert_true (respite_team_store_erase_member (fixture->reviewer, token, secret, &error));
  g_assert_no_error (error);
  g_assert_true (respite_team_store_publish (fixture->reviewer, new_secret, &other_team, 1,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 1);

  /* Four members are left in the week: hidden. */
  set_today (fixture, WEEK_SEALED);
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
  assert_hidden (week);
}

static void
test_k_suppression (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  const char * const ranges[][2] = {
    { MONDAY, MONDAY },      /* one day */
    { TUESDAY, TUESDAY },    /* a day nobody published */
    { MONDAY, SUNDAY },      /* the week */
    { "2024-01-01", "2024-12-31" },
  };

  /* Four members in team A, five in team B. */
  publish_members (fixture, TEAM, MONDAY, 1, 4);
  publish_members (fixture, "Hotline B", MONDAY, 11, 5);
  set_today (fixture, MONTH_SEALED);

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(RespiteTeamAggregate) a = NULL;
      g_autoptr(RespiteTeamAggregate) b = NULL;
      g_autoptr(RespiteTeamAggregate) month = NULL;

      a = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, ranges[i][0], ranges[i][1]);
      assert_hidden (a);
      month = read_one (fixture, TEAM, RESPITE_PERIOD_MONTH, ranges[i][0], ranges[i][1]);
      assert_hidden (month);

      b = read_one (fixture, "Hotline B", RESPITE_PERIOD_WEEK, ranges[i][0], ranges[i][1]);
      g_assert_false (b->suppressed);
      g_assert_cmpuint (b->members, ==, 5);
    }

  /* Without a team filter: both teams, A still hidden. */
  all = read_weeks (fixture, NULL, MONDAY, MONDAY);
  g_assert_cmpuint (all->len, ==, 2);
  assert_hidden (all->pdata[0]);
  g_assert_false (((RespiteTeamAggregate *) all->pdata[1])->suppressed);

  /* Nothing outside the data. */
  g_clear_pointer (&all, g_ptr_array_unref);
  all = read_weeks (fixture, NULL, NEXT_MONDAY, "2024-03-17");
  g_assert_cmpuint (all->len, ==, 0);
}

/* Five members in a month is not enough if one of its weeks had four: the
 * month minus its other weeks would give that week away. */
static void
test_k_no_differencing (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(RespiteTeamAggregate) month = NULL;
  g_autoptr(RespiteTeamAggregate) april = NULL;

  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_members (fixture, TEAM, NEXT_MONDAY, 1, 4);
  /* Nothing is sealed yet: April's days are taken once they have come. */
  set_today (fixture, "2024-04-09");
  publish_members (fixture, TEAM, "2024-04-08", 1, 5);

  set_today (fixture, APRIL_SEALED);
  weeks = read_weeks (fixture, TEAM, MONDAY, "2024-03-17");
  g_assert_cmpuint (weeks->len, ==, 2);
  g_assert_false (((RespiteTeamAggregate *) weeks->pdata[0])->suppressed);
  assert_hidden (weeks->pdata[1]);

  month = read_one (fixture, TEAM, RESPITE_PERIOD_MONTH, MONDAY, MONDAY);
  assert_hidden (month);

  april = read_one (fixture, TEAM, RESPITE_PERIOD_MONTH, "2024-04-01", "2024-04-30");
  g_assert_false (april->suppressed);
  g_assert_cmpuint (april->members, ==, 5);
}

/* Wellbeing has its own k: the members who answered a check-in. */
static void
test_k_wellbeing (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autofree char *token = member_token (1);
  RespiteDayRow no_checkin = make_row (TEAM, token, MONDAY, 1, 0);

  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_one (fixture->reviewer, 1, &no_checkin);

  set_today (fixture, WEEK_SEALED);
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
  g_assert_false (week->suppressed);
  g_assert_cmpuint (week->members, ==, 5);
  g_assert_cmpfloat_with_epsilon (week->checkin_participation, 0.8, 1e-9);
  g_assert_true (week->wellbeing_suppressed);
  g_assert_cmpuint (week->wellbeing_respondents, ==, 0);
  g_assert_cmpfloat (week->wellbeing_mean, ==, 0);
}

/* Values go in as values: a team name full of SQL is a team name. */
static void
test_injection (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const teams[] = {
    "x'); DROP TABLE day_rows; --",
    "Robert\"; DELETE FROM members; --",
    "' OR 1=1 --",
    "équipe ☂ \\ %s %n",
  };
  static const char * const tokens[] = {
    "member-token-1'; DELETE FROM day_rows; --",
    "member-token-000001' OR '1'='1",
    "short",
    "member-token-000001\n",
  };

  /* Five other members in each team, as a member's day is in one team only. */
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    {
      g_autofree char *first = member_token (1 + 10 * i);

      publish_members (fixture, teams[i], MONDAY, 1 + 10 * i, 5);
      g_assert_cmpuint (fixture->backend->count_rows (teams[i], first), ==, 1);
    }

  /* Member tokens have one shape; anything else is refused. */
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(GError) error = NULL;
      RespiteDayRow row = make_row (TEAM, tokens[i], MONDAY, 1, 0);

      g_assert_false (respite_team_store_publish (fixture->reviewer, "a-long-enough-secret",
                                                  &row, 1, &error));
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
    }

  /* Everything is still there, and each team is its own group. */
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    {
      g_autofree char *first = member_token (1 + 10 * i);

      g_assert_cmpuint (fixture->backend->count_rows (teams[i], first), ==, 1);
    }

  set_today (fixture, WEEK_SEALED);
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    {
      g_autoptr(RespiteTeamAggregate) group = NULL;

      group = read_one (fixture, teams[i], RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
      g_assert_cmpstr (group->team, ==, teams[i]);
      g_assert_false (group->suppressed);
      g_assert_cmpuint (group->members, ==, 5);
    }
}

static void
test_invalid_rows (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *token = member_token (1);
  g_autofree char *other = member_token (2);
  g_autofree char *long_team = g_strnfill (101, 't');
  RespiteDayRow rows[] = {
    make_row (TEAM, token, "2024-02-30", 1, 0),
    make_row (TEAM, token, "04/03/2024", 1, 0),
    make_row (TEAM, token, " 024-03-04", 1, 0),
    make_row (TEAM, token, "2024-03-04 ", 1, 0),
    make_row (TEAM, token, "1969-12-31", 1, 0),  /* PostgreSQL could not group all such days */
    make_row (TEAM, token, "0001-01-01", 1, 0),
    make_row (TEAM, token, MONDAY, 25, 0),
    make_row (long_team, token, MONDAY, 1, 0),
    make_row ("", token, MONDAY, 1, 0),
  };
  RespiteDayRow good_then_bad[] = {
    make_row (TEAM, token, MONDAY, 1, 0),
    make_row (TEAM, token, TUESDAY, 30, 0),
  };
  RespiteDayRow two_members[] = {
    make_row (TEAM, token, MONDAY, 1, 0),
    make_row (TEAM, other, MONDAY, 1, 0),
  };
  g_autofree char *secret = secret_of (1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_false (respite_team_store_publish (fixture->reviewer, secret, &rows[i], 1, &error));
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* All rows or none. */
  g_assert_false (respite_team_store_publish (fixture->reviewer, secret, good_then_bad, 2, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 0);

  /* One secret speaks for one member. */
  g_assert_false (respite_team_store_publish (fixture->reviewer, secret, two_members, 2, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, other), ==, 0);

  /* Nor can a lead ask for a period that is not one. */
  g_assert_null (respite_team_store_read_aggregates (fixture->lead, TEAM, RESPITE_PERIOD_WEEK,
                                                     "2024-03-04'; --", SUNDAY, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
}

/* A reviewer whose policy names another team (issue #10): a day published
 * again moves to the latest team, and is never counted in two. */
static void
test_team_move (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = member_token (1);
  g_autofree char *other = member_token (2);
  g_autofree char *other_secret = secret_of (2);
  g_autofree char *in_b = member_token (12);
  g_autofree char *secret = secret_of (1);
  RespiteDayRow tuesday = make_row (TEAM, token, TUESDAY, 1, 0);
  RespiteDayRow moved = make_row ("Hotline B", token, MONDAY, 2, 0);
  RespiteDayRow hijack = make_row ("Hotline C", token, TUESDAY, 1, 0);
  RespiteDayRow other_moves = make_row ("Hotline C", other, MONDAY, 2, 0);
  RespiteDayRow back = make_row (TEAM, token, MONDAY, 1, 11);
  RespiteDayRow half_done[] = {
    make_row (TEAM, token, MONDAY, 1, 11),
    make_row (TEAM, token, TUESDAY, 30, 0),  /* more than a day: refused */
  };

  /* Members 1 to 5 in team A on Monday, member 1 on Tuesday too; four
   * others in team B on Monday, so B is hidden. */
  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_one (fixture->reviewer, 1, &tuesday);
  publish_members (fixture, "Hotline B", MONDAY, 11, 4);

  /* Member 1's Monday, published again under B, leaves A: A keeps member
   * 1's Tuesday and the others' Mondays, B gains the fifth member. Ten
   * member-days in all, as before, not eleven. */
  publish_one (fixture->reviewer, 1, &moved);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, other), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", in_b), ==, 1);

  /* The delete is bound to the member whose secret was checked: member 2
   * cannot move member 1's Tuesday away, and moving its own Monday leaves
   * every other row of that day where it is. */
  g_assert_false (respite_team_store_publish (fixture->reviewer, other_secret, &hijack, 1,
                                              &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline C", token), ==, 0);

  publish_one (fixture->reviewer, 2, &other_moves);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, other), ==, 0);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline C", other), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", in_b), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);

  /* All or nothing: a publication that fails leaves the day where it was. */
  g_assert_false (respite_team_store_publish (fixture->reviewer, secret, half_done, 2, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);

  /* And back: the latest team wins whichever way. */
  publish_one (fixture->reviewer, 1, &back);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 0);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 2);
}

/* The figures after a move: each member-day counts in one team. */
static void
test_team_move_figures (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) a = NULL;
  g_autoptr(RespiteTeamAggregate) b = NULL;
  g_autofree char *token = member_token (1);
  RespiteDayRow tuesday = make_row (TEAM, token, TUESDAY, 1, 0);
  RespiteDayRow moved = make_row ("Hotline B", token, MONDAY, 2, 0);

  /* Members 1 to 5 in team A on Monday, member 1 on Tuesday too; four
   * others in team B. Member 1's Monday, published again under B, leaves
   * A: A keeps member 1's Tuesday and the others' Mondays, B gains a fifth
   * member. Ten member-days in all, as before, not eleven. */
  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_one (fixture->reviewer, 1, &tuesday);
  publish_members (fixture, "Hotline B", MONDAY, 11, 4);
  publish_one (fixture->reviewer, 1, &moved);

  set_today (fixture, WEEK_SEALED);
  a = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_false (a->suppressed);
  g_assert_cmpuint (a->members, ==, 5);
  g_assert_cmpuint (a->member_days, ==, 5);
  g_assert_cmpfloat_with_epsilon (a->exposure_hours, 2 + 3 + 4 + 5 + 1, 1e-9);
  b = read_one (fixture, "Hotline B", RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_false (b->suppressed);
  g_assert_cmpuint (b->members, ==, 5);
  g_assert_cmpuint (b->member_days, ==, 5);
  g_assert_cmpfloat_with_epsilon (b->exposure_hours, 1 + 2 + 3 + 4 + 2, 1e-9);
}

/* Members first … first + n - 1 publish @day with one check-in scoring
 * @score and @policy. */
static void
publish_scores (Fixture    *fixture,
                const char *day,
                guint       first,
                guint       n,
                guint       score,
                const char *policy)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *token = member_token (i);
      RespiteDayRow row = make_row (TEAM, token, day, 1, score);

      row.policy_version = (char *) policy;
      publish_one (fixture->reviewer, i, &row);
    }
}

/* WHO-5 bands are counts of people: each 0 or at least k, or all hidden. */
static void
test_who5_bands (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autoptr(RespiteTeamAggregate) next = NULL;

  /* Scores in per cent, as RespiteSummary publishes the WHO-5. */
  publish_scores (fixture, MONDAY, 1, 5, 80, "test 1");
  publish_scores (fixture, MONDAY, 6, 5, 40, "test 1");

  /* The next week the same, and one person in the lowest band: that band
   * is hidden, and so are the others, or it would be the respondents
   * minus them. */
  publish_scores (fixture, NEXT_MONDAY, 1, 5, 80, "test 1");
  publish_scores (fixture, NEXT_MONDAY, 6, 5, 40, "test 1");
  publish_scores (fixture, NEXT_TUESDAY, 11, 1, 20, "test 1");

  set_today (fixture, "2024-03-21");
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_false (week->who5_bands_suppressed);
  g_assert_cmpuint (week->who5_very_low, ==, 0);
  g_assert_cmpuint (week->who5_low, ==, 5);
  g_assert_cmpuint (week->who5_good, ==, 5);
  g_assert_cmpfloat_with_epsilon (week->who5_member_mean, 60, 1e-9);

  next = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, NEXT_MONDAY, NEXT_MONDAY);
  g_assert_false (next->wellbeing_suppressed);
  g_assert_cmpuint (next->wellbeing_respondents, ==, 11);
  g_assert_true (next->who5_bands_suppressed);
  g_assert_cmpuint (next->who5_very_low, ==, 0);
  g_assert_cmpuint (next->who5_low, ==, 0);
  g_assert_cmpuint (next->who5_good, ==, 0);
}

/* The policy most member-days ran, and its age at the end of the period:
 * from its date when the version starts with one, else from its first day. */
static void
test_policy_age (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autoptr(RespiteTeamAggregate) dated = NULL;

  publish_scores (fixture, MONDAY, 1, 2, 20, "test 1");
  publish_scores (fixture, NEXT_MONDAY, 1, 2, 20, "test 1");
  publish_scores (fixture, NEXT_TUESDAY, 1, 3, 20, "2023-03");

  set_today (fixture, "2024-03-21");
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_true (week->suppressed);
  g_assert_cmpstr (week->policy_version, ==, "test 1");
  g_assert_cmpint (week->policy_age_days, ==, 6);

  dated = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, NEXT_MONDAY, NEXT_MONDAY);
  g_assert_cmpstr (dated->policy_version, ==, "2023-03");
  g_assert_cmpint (dated->policy_age_days, ==, 382);  /* 2023-03-01 to 2024-03-17 */
}

/* The ledger: ε adds up over releases of overlapping days, never past the
 * budget; disjoint days have their own. */
static void
test_releases (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  double spent = -1;

  g_assert_true (respite_team_store_record_release (fixture->lead, "2024-03-01", "2024-03-31",
                                                    5, 0.5, 1, &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spent, 0.5, 1e-9);
  g_assert_true (respite_team_store_record_release (fixture->lead, MONDAY, SUNDAY,
                                                    5, 0.5, 1, &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spent, 1, 1e-9);

  g_assert_false (respite_team_store_record_release (fixture->lead, SUNDAY, NEXT_MONDAY,
                                                     5, 0.1, 1, &spent, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_BUDGET);
  g_clear_error (&error);

  /* Without noise a release spends nothing, and is recorded all the same. */
  g_assert_true (respite_team_store_record_release (fixture->lead, SUNDAY, SUNDAY,
                                                    7, 0, 1, &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spent, 1, 1e-9);

  g_assert_true (respite_team_store_record_release (fixture->lead, "2024-04-01", "2024-04-30",
                                                    5, 1, 1, &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spent, 1, 1e-9);

  g_assert_true (respite_team_store_get_epsilon_spent (fixture->lead, NEXT_MONDAY, NEXT_MONDAY,
                                                       &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spent, 0.5, 1e-9);
  g_assert_true (respite_team_store_get_epsilon_spent (fixture->lead, "2024-03-31", "2024-04-01",
                                                       &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spent, 1.5, 1e-9);
}

/* Whoever may record a release may not poison the ledger (issue #10): an
 * ε of infinity or NaN would refuse every later release of those days, and
 * a k below the store's would record what could not have happened. */
static void
test_releases_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct
  {
    guint  k;
    double epsilon;
    double budget;
  } poison[] = {
    { 5, INFINITY, INFINITY },
    { 5, NAN, NAN },
    { 5, 0, NAN },
    { 5, 1, INFINITY },
    { 5, -1, 1 },
    { 5, 101, 1000 },
    { 5, 0.5, -1 },
    { 4, 0, 1 },
    { 0, 0.5, 1 },
  };
  g_autoptr(GError) error = NULL;
  double spent = -1;

  for (guint i = 0; i < G_N_ELEMENTS (poison); i++)
    {
      g_test_message ("k = %u, ε = %g, budget %g", poison[i].k, poison[i].epsilon,
                      poison[i].budget);
      g_assert_false (respite_team_store_record_release (fixture->lead, "2024-03-01",
                                                         "2024-03-31", poison[i].k,
                                                         poison[i].epsilon, poison[i].budget,
                                                         &spent, &error));
      g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* Nothing was recorded: the whole budget is still there, and the k of
   * the store is taken, as is a higher one. */
  g_assert_true (respite_team_store_get_epsilon_spent (fixture->lead, "2024-03-01", "2024-03-31",
                                                       &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (spent, ==, 0);
  g_assert_true (respite_team_store_record_release (fixture->lead, "2024-03-01", "2024-03-31",
                                                    5, 1, 1, &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spent, 1, 1e-9);
  g_assert_true (respite_team_store_record_release (fixture->lead, "2024-04-01", "2024-04-30",
                                                    100, 100, 100, &spent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spent, 100, 1e-9);
}

/* Every figure of two readings of one group, alike. */
static void
assert_same (const RespiteTeamAggregate *a,
             const RespiteTeamAggregate *b)
{
  g_assert_cmpstr (a->team, ==, b->team);
  g_assert_cmpstr (a->period_start, ==, b->period_start);
  g_assert_cmpstr (a->period_end, ==, b->period_end);
  g_assert_cmpint (a->suppressed, ==, b->suppressed);
  g_assert_cmpuint (a->members, ==, b->members);
  g_assert_cmpuint (a->member_days, ==, b->member_days);
  g_assert_cmpfloat (a->exposure_hours, ==, b->exposure_hours);
  g_assert_cmpfloat (a->median_exposure_hours, ==, b->median_exposure_hours);
  g_assert_cmpfloat (a->cap_exceeded_share, ==, b->cap_exceeded_share);
  g_assert_cmpuint (a->breaks_prompted, ==, b->breaks_prompted);
  g_assert_cmpuint (a->breaks_taken, ==, b->breaks_taken);
  g_assert_cmpfloat (a->checkin_participation, ==, b->checkin_participation);
  g_assert_cmpint (a->wellbeing_suppressed, ==, b->wellbeing_suppressed);
  g_assert_cmpuint (a->wellbeing_respondents, ==, b->wellbeing_respondents);
  g_assert_cmpfloat (a->wellbeing_mean, ==, b->wellbeing_mean);
  g_assert_cmpint (a->who5_bands_suppressed, ==, b->who5_bands_suppressed);
  g_assert_cmpuint (a->who5_very_low, ==, b->who5_very_low);
  g_assert_cmpuint (a->who5_low, ==, b->who5_low);
  g_assert_cmpuint (a->who5_good, ==, b->who5_good);
  g_assert_cmpfloat (a->who5_member_mean, ==, b->who5_member_mean);
  g_assert_cmpstr (a->policy_version, ==, b->policy_version);
  g_assert_cmpint (a->policy_age_days, ==, b->policy_age_days);
}

/* Every week and month a lead can read, weeks first. */
static GPtrArray *
read_everything (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GPtrArray) months = NULL;

  weeks = respite_team_store_read_aggregates (fixture->lead, NULL, RESPITE_PERIOD_WEEK,
                                              "1970-01-01", "2099-12-31", &error);
  g_assert_no_error (error);
  months = respite_team_store_read_aggregates (fixture->lead, NULL, RESPITE_PERIOD_MONTH,
                                               "1970-01-01", "2099-12-31", &error);
  g_assert_no_error (error);
  g_ptr_array_extend_and_steal (weeks, g_steal_pointer (&months));
  return g_steal_pointer (&weeks);
}

/* No figure shown either time changed, nor did what was shown. */
static void
assert_all_same (GPtrArray *before,
                 GPtrArray *after)
{
  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    assert_same (before->pdata[i], after->pdata[i]);
}

/* An open period is shown nowhere; it appears once sealed, on the day
 * respite_team_store_sealing_appears_on() says. */
static void
test_seal_open_hidden (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(RespiteTeamStoreSealing) sealing = { NULL, 0 };
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *week_on = NULL;
  g_autofree char *month_on = NULL;

  publish_members (fixture, TEAM, MONDAY, 1, 5);

  weeks = read_weeks (fixture, TEAM, MONDAY, SUNDAY);
  g_assert_cmpuint (weeks->len, ==, 0);
  g_clear_pointer (&weeks, g_ptr_array_unref);

  g_assert_true (respite_team_store_seal (fixture->lead, &sealing, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sealing.sealed_through, ==, "2024-03-03");
  g_assert_cmpuint (sealing.seal_after_days, ==, 3);
  week_on = respite_team_store_sealing_appears_on (&sealing, RESPITE_PERIOD_WEEK, TUESDAY);
  g_assert_cmpstr (week_on, ==, WEEK_SEALED);
  month_on = respite_team_store_sealing_appears_on (&sealing, RESPITE_PERIOD_MONTH, TUESDAY);
  g_assert_cmpstr (month_on, ==, MONTH_SEALED);

  /* The day before: still nothing. */
  set_today (fixture, "2024-03-13");
  weeks = read_weeks (fixture, TEAM, MONDAY, SUNDAY);
  g_assert_cmpuint (weeks->len, ==, 0);
  g_clear_pointer (&weeks, g_ptr_array_unref);

  set_today (fixture, WEEK_SEALED);
  weeks = read_weeks (fixture, TEAM, MONDAY, SUNDAY);
  g_assert_cmpuint (weeks->len, ==, 1);
  g_assert_cmpuint (((RespiteTeamAggregate *) weeks->pdata[0])->members, ==, 5);
  months = respite_team_store_read_aggregates (fixture->lead, TEAM, RESPITE_PERIOD_MONTH,
                                               MONDAY, SUNDAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 0);
}

/* A row for a sealed week is refused, with its own error, and changes
 * nothing: both readings are alike. A week still open takes rows. */
static void
test_seal_late_row (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *late = member_token (6);
  g_autofree char *late_secret = secret_of (6);
  g_autofree char *first = member_token (1);
  g_autofree char *first_secret = secret_of (1);
  RespiteDayRow late_row = make_row (TEAM, late, TUESDAY, 8, 3);
  RespiteDayRow changed = make_row (TEAM, first, MONDAY, 9, 3);
  RespiteDayRow next = make_row (TEAM, first, NEXT_MONDAY, 1, 0);

  publish_members (fixture, TEAM, "2024-02-26", 1, 5);
  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_members (fixture, "Hotline B", MONDAY, 11, 6);
  set_today (fixture, WEEK_SEALED);
  before = read_everything (fixture);
  g_assert_cmpuint (before->len, ==, 4);  /* three weeks, and February */

  g_assert_false (respite_team_store_publish (fixture->reviewer, late_secret, &late_row, 1,
                                              &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (respite_team_store_publish (fixture->reviewer, first_secret, &changed, 1,
                                              &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, late), ==, 0);

  publish_one (fixture->reviewer, 1, &next);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, first), ==, 2);

  after = read_everything (fixture);
  assert_all_same (before, after);
}

/* A reviewer's reset erases their raw rows; sealed figures stay, from at
 * least k people, and read the same. */
static void
test_seal_reset (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = member_token (1);
  g_autofree char *secret = secret_of (1);
  RespiteDayRow next = make_row (TEAM, token, NEXT_MONDAY, 1, 0);

  publish_members (fixture, TEAM, "2024-02-26", 1, 5);
  publish_members (fixture, TEAM, MONDAY, 1, 5);
  publish_one (fixture->reviewer, 1, &next);
  set_today (fixture, WEEK_SEALED);
  before = read_everything (fixture);
  g_assert_cmpuint (before->len, ==, 3);  /* two weeks, and February */
  g_assert_false (((RespiteTeamAggregate *) before->pdata[1])->suppressed);

  g_assert_true (respite_team_store_erase_member (fixture->reviewer, token, secret, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 0);

  after = read_everything (fixture);
  assert_all_same (before, after);
}

/* Raw rows stay while a period they belong to is open, and go once their
 * week and month are both sealed. */
static void
test_seal_raw_rows (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autoptr(RespiteTeamAggregate) month = NULL;
  g_autofree char *token = member_token (1);
  g_autofree char *april = member_token (11);

  publish_members (fixture, TEAM, MONDAY, 1, 5);
  set_today (fixture, WEEK_SEALED);
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);  /* March is open */

  set_today (fixture, "2024-04-02");
  publish_members (fixture, TEAM, "2024-04-01", 11, 5);

  set_today (fixture, MONTH_SEALED);
  month = read_one (fixture, TEAM, RESPITE_PERIOD_MONTH, MONDAY, SUNDAY);
  g_assert_cmpuint (month->members, ==, 5);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 0);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, april), ==, 1);  /* April is open */
}

/* A day after tomorrow is refused: the reviewer's clock is ahead of the
 * store's. Tomorrow is taken, for zones east of the store's. */
static void
test_seal_future (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = member_token (1);
  g_autofree char *secret = secret_of (1);
  RespiteDayRow tomorrow = make_row (TEAM, token, "2024-03-14", 1, 0);
  RespiteDayRow later = make_row (TEAM, token, "2024-03-15", 1, 0);

  publish_one (fixture->reviewer, 1, &tomorrow);
  g_assert_false (respite_team_store_publish (fixture->reviewer, secret, &later, 1, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);
}

static gpointer
seal_in_thread (gpointer data)
{
  RespiteTeamStore *store = data;
  RespiteTeamStoreSealing *sealing = g_new0 (RespiteTeamStoreSealing, 1);
  g_autoptr(GError) error = NULL;

  respite_team_store_seal (store, sealing, &error);
  g_assert_no_error (error);
  return sealing;
}

/* Two sealers at once, each with its own connection: neither fails, and
 * the periods are sealed once. */
static void
test_seal_two_at_once (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RespiteTeamStore) other = fixture->backend->open_as ("lead");
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GPtrArray) months = NULL;
  RespiteTeamStoreSealing *first;
  RespiteTeamStoreSealing *second;
  GThread *threads[2];

  set_today (fixture, "2024-03-26");  /* nothing sealed yet: all four weeks are taken */
  for (guint week = 0; week < 4; week++)
    {
      g_autofree char *day = g_strdup_printf ("2024-03-%02u", 4 + 7 * week);

      publish_members (fixture, TEAM, day, 1, 6);
      publish_members (fixture, "Hotline B", day, 11, 5);
    }

  set_today (fixture, MONTH_SEALED);
  threads[0] = g_thread_new ("sealer", seal_in_thread, fixture->lead);
  threads[1] = g_thread_new ("sealer", seal_in_thread, other);
  first = g_thread_join (threads[0]);
  second = g_thread_join (threads[1]);
  g_assert_cmpstr (first->sealed_through, ==, "2024-03-31");
  g_assert_cmpstr (second->sealed_through, ==, "2024-03-31");
  respite_team_store_sealing_clear (first);
  respite_team_store_sealing_clear (second);
  g_free (first);
  g_free (second);

  weeks = read_weeks (fixture, NULL, "2024-03-01", "2024-03-31");
  g_assert_cmpuint (weeks->len, ==, 8);
  months = read_weeks (fixture, TEAM, "2024-03-04", "2024-03-04");
  g_assert_cmpuint (months->len, ==, 1);
  g_assert_cmpuint (((RespiteTeamAggregate *) months->pdata[0])->members, ==, 6);
}

void
team_store_behaviour_add_tests (const TeamStoreBackend *backend)
{
  static const struct
  {
    const char *path;
    void      (*test) (Fixture *, gconstpointer);
  } tests[] = {
    { "check", test_check },
    { "publish/figures", test_figures },
    { "publish/idempotent", test_idempotent },
    { "publish/wrong-secret", test_wrong_secret },
    { "publish/injection", test_injection },
    { "publish/invalid", test_invalid_rows },
    { "publish/team-move", test_team_move },
    { "publish/team-move/figures", test_team_move_figures },
    { "erase", test_erase },
    { "k/suppressed", test_k_suppression },
    { "k/no-differencing", test_k_no_differencing },
    { "k/wellbeing", test_k_wellbeing },
    { "k/who5-bands", test_who5_bands },
    { "policy-age", test_policy_age },
    { "releases", test_releases },
    { "releases/refused", test_releases_refused },
    { "seal/open-hidden", test_seal_open_hidden },
    { "seal/late-row", test_seal_late_row },
    { "seal/reset", test_seal_reset },
    { "seal/raw-rows", test_seal_raw_rows },
    { "seal/future", test_seal_future },
    { "seal/two-at-once", test_seal_two_at_once },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("/team-store/%s/%s", backend->name, tests[i].path);

      g_test_add (path, Fixture, backend, set_up, tests[i].test, tear_down);
    }
}
