/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>

#include "test-team-store-behaviour.h"

/* A Monday, and the week and month around it. */
#define MONDAY      "2024-03-04"
#define TUESDAY     "2024-03-05"
#define SUNDAY      "2024-03-10"
#define NEXT_MONDAY "2024-03-11"
#define TEAM        "Hotline A"

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
  g_autoptr(RespiteTeamAggregate) before = NULL;
  g_autoptr(RespiteTeamAggregate) again = NULL;
  g_autoptr(RespiteTeamAggregate) after = NULL;
  g_autofree char *token = member_token (1);
  RespiteDayRow row = make_row (TEAM, token, MONDAY, 1, 11);

  publish_members (fixture, TEAM, MONDAY, 1, 5);
  before = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);

  /* The same day again, unchanged: nothing changes. */
  publish_one (fixture->reviewer, 1, &row);
  publish_one (fixture->reviewer, 1, &row);
  again = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);
  g_assert_cmpuint (again->member_days, ==, before->member_days);
  g_assert_cmpfloat (again->exposure_hours, ==, before->exposure_hours);
  g_assert_cmpfloat (again->wellbeing_mean, ==, before->wellbeing_mean);

  /* The day, updated (the reviewer worked on after publishing): still one
   * row, now the latest. */
  row.exposure_seconds[2] = 3600;
  row.wellbeing_sum = 16;
  publish_one (fixture->reviewer, 1, &row);
  after = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);
  g_assert_cmpuint (after->member_days, ==, 5);
  g_assert_cmpfloat_with_epsilon (after->exposure_hours, before->exposure_hours + 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (after->wellbeing_mean, before->wellbeing_mean + 1, 1e-9);
}

static void
test_wrong_secret (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteTeamAggregate) before = NULL;
  g_autoptr(RespiteTeamAggregate) after = NULL;
  g_autofree char *victim = member_token (1);
  g_autofree char *other_secret = secret_of (2);
  RespiteDayRow row = make_row (TEAM, victim, MONDAY, 9, 1);

  publish_members (fixture, TEAM, MONDAY, 1, 5);
  before = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);

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

  after = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, victim), ==, 1);
  g_assert_cmpfloat (after->exposure_hours, ==, before->exposure_hours);
  g_assert_cmpfloat (after->wellbeing_mean, ==, before->wellbeing_mean);
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

  /* Every team's rows go; four members are left: hidden. */
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 0);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 0);
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
  assert_hidden (week);

  /* Erasing again is no error; the token is free for a new secret. */
  g_assert_true (respite_team_store_erase_member (fixture->reviewer, token, secret, &error));
  g_assert_no_error (error);
  g_assert_true (respite_team_store_publish (fixture->reviewer, new_secret, &other_team, 1,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 1);
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
  publish_members (fixture, TEAM, "2024-04-08", 1, 5);

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
      g_autoptr(RespiteTeamAggregate) group = NULL;
      g_autofree char *first = member_token (1 + 10 * i);

      publish_members (fixture, teams[i], MONDAY, 1 + 10 * i, 5);
      group = read_one (fixture, teams[i], RESPITE_PERIOD_WEEK, MONDAY, MONDAY);
      g_assert_cmpstr (group->team, ==, teams[i]);
      g_assert_false (group->suppressed);
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

  /* Everything is still there. */
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    {
      g_autofree char *first = member_token (1 + 10 * i);

      g_assert_cmpuint (fixture->backend->count_rows (teams[i], first), ==, 1);
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
  g_autoptr(RespiteTeamAggregate) a = NULL;
  g_autoptr(RespiteTeamAggregate) b = NULL;
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
  b = read_one (fixture, "Hotline B", RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  assert_hidden (b);
  g_clear_pointer (&b, respite_team_aggregate_free);

  /* Member 1's Monday, published again under B, leaves A: A keeps member
   * 1's Tuesday and the others' Mondays, B gains the fifth member. Ten
   * member-days in all, as before, not eleven. */
  publish_one (fixture->reviewer, 1, &moved);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, token), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", token), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows (TEAM, other), ==, 1);
  g_assert_cmpuint (fixture->backend->count_rows ("Hotline B", in_b), ==, 1);

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
  g_autoptr(RespiteTeamAggregate) again = NULL;

  /* Scores in per cent, as RespiteSummary publishes the WHO-5. */
  publish_scores (fixture, MONDAY, 1, 5, 80, "test 1");
  publish_scores (fixture, MONDAY, 6, 5, 40, "test 1");

  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_false (week->who5_bands_suppressed);
  g_assert_cmpuint (week->who5_very_low, ==, 0);
  g_assert_cmpuint (week->who5_low, ==, 5);
  g_assert_cmpuint (week->who5_good, ==, 5);
  g_assert_cmpfloat_with_epsilon (week->who5_member_mean, 60, 1e-9);

  /* One person in the lowest band: that band is hidden, and so are the
   * others, or it would be the respondents minus them. */
  publish_scores (fixture, TUESDAY, 11, 1, 20, "test 1");
  again = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_false (again->wellbeing_suppressed);
  g_assert_cmpuint (again->wellbeing_respondents, ==, 11);
  g_assert_true (again->who5_bands_suppressed);
  g_assert_cmpuint (again->who5_very_low, ==, 0);
  g_assert_cmpuint (again->who5_low, ==, 0);
  g_assert_cmpuint (again->who5_good, ==, 0);
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
  week = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_true (week->suppressed);
  g_assert_cmpstr (week->policy_version, ==, "test 1");
  g_assert_cmpint (week->policy_age_days, ==, 6);

  publish_scores (fixture, TUESDAY, 1, 3, 20, "2023-03");
  dated = read_one (fixture, TEAM, RESPITE_PERIOD_WEEK, MONDAY, SUNDAY);
  g_assert_cmpstr (dated->policy_version, ==, "2023-03");
  g_assert_cmpint (dated->policy_age_days, ==, 375);  /* 2023-03-01 to 2024-03-10 */
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
    { "erase", test_erase },
    { "k/suppressed", test_k_suppression },
    { "k/no-differencing", test_k_no_differencing },
    { "k/wellbeing", test_k_wellbeing },
    { "k/who5-bands", test_who5_bands },
    { "policy-age", test_policy_age },
    { "releases", test_releases },
    { "releases/refused", test_releases_refused },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("/team-store/%s/%s", backend->name, tests[i].path);

      g_test_add (path, Fixture, backend, set_up, tests[i].test, tear_down);
    }
}
