/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Groups above teams, complementary suppression and coverage (issue #18),
 * as every RespiteTeamStore backend promises them: run against SQLite by
 * test-team-store-sqlite.c and against PostgreSQL by
 * tests/pg/test-team-store-pg.c, with k = 5.
 */

#include "config.h"

#include "test-team-store-behaviour.h"

/* A week inside March 2024, sealed from the 14th; the next one from the
 * 21st (the default grace of 3 days). */
#define MONDAY       "2024-03-04"
#define NEXT_MONDAY  "2024-03-11"
#define OPEN_TODAY   "2024-03-13"
#define WEEK_SEALED  "2024-03-14"
#define NEXT_SEALED  "2024-03-21"
#define GROUP        "Department"

typedef struct
{
  const TeamStoreBackend *backend;
  RespiteTeamStore       *reviewer;  /* (owned) */
  RespiteTeamStore       *lead;      /* (owned) */
  guint                   next_member;
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
  fixture->next_member = 1;
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->reviewer);
  g_clear_object (&fixture->lead);
}

/* Member @i publishes @day in @team of @group: an hour of exposure per
 * member number, and a WHO-5 score (in per cent) if @score is not 0. */
static void
publish_scored (Fixture    *fixture,
                guint       i,
                const char *team,
                const char *group,
                const char *day,
                guint       score)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_strdup_printf ("member-group-%06u", i);
  g_autofree char *secret = g_strdup_printf ("the-secret-of-group-member-%06u", i);
  RespiteDayRow row = {
    .team = (char *) team,
    .team_group = (char *) group,
    .member = token,
    .day = (char *) day,
    .exposure_seconds = { 3600 * i, 0, 0 },
    .longest_block_seconds = 3600,
    .breaks_prompted = 2,
    .breaks_taken = 1,
    .checkins_done = score > 0 ? 1 : 0,
    .wellbeing_sum = score,
    .wellbeing_count = score > 0 ? 1 : 0,
    .policy_version = (char *) "test 1",
  };

  respite_team_store_publish (fixture->reviewer, secret, &row, 1, &error);
  g_assert_no_error (error);
}

/* As publish_scored (), in the low band (32 % to 51 %) if @answered. */
static void
publish_in (Fixture    *fixture,
            guint       i,
            const char *team,
            const char *group,
            const char *day,
            gboolean    answered)
{
  publish_scored (fixture, i, team, group, day, answered ? 40 + i % 10 : 0);
}

static void
publish (Fixture    *fixture,
         guint       i,
         const char *team,
         const char *day,
         gboolean    answered)
{
  publish_in (fixture, i, team, GROUP, day, answered);
}

/* @n new members publish MONDAY in @team; @answering of them answered. */
static void
publish_team (Fixture    *fixture,
              const char *team,
              guint       n,
              guint       answering)
{
  for (guint j = 0; j < n; j++)
    publish (fixture, fixture->next_member++, team, MONDAY, j < answering);
}

static RespiteTeamAggregate *
read_unit (Fixture         *fixture,
           RespiteTeamUnit  unit,
           const char      *name,
           const char      *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) figures = NULL;

  if (unit == RESPITE_TEAM_UNIT_GROUP)
    figures = respite_team_store_read_group_aggregates (fixture->lead, name, RESPITE_PERIOD_WEEK,
                                                        day, day, &error);
  else
    figures = respite_team_store_read_aggregates (fixture->lead, name, RESPITE_PERIOD_WEEK,
                                                  day, day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures->len, ==, 1);
  g_assert_cmpstr (((RespiteTeamAggregate *) figures->pdata[0])->team, ==, name);
  g_assert_cmpint (((RespiteTeamAggregate *) figures->pdata[0])->unit, ==, unit);
  return g_ptr_array_steal_index (figures, 0);
}

static RespiteTeamAggregate *
read_team (Fixture    *fixture,
           const char *team)
{
  return read_unit (fixture, RESPITE_TEAM_UNIT_TEAM, team, MONDAY);
}

static RespiteTeamAggregate *
read_group (Fixture *fixture)
{
  return read_unit (fixture, RESPITE_TEAM_UNIT_GROUP, GROUP, MONDAY);
}

/* Two teams of 6 and one of 2 in a group of 14: the team of 2 is hidden
 * by k, and so is one team of 6, since the group minus the two teams shown
 * would otherwise be the team of 2. The group minus what is shown is then
 * 8 people. */
static void
test_group_complement (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) group = NULL;
  g_autoptr(RespiteTeamAggregate) a = NULL;
  g_autoptr(RespiteTeamAggregate) b = NULL;
  g_autoptr(RespiteTeamAggregate) c = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GError) error = NULL;
  double shown_hours = 0;
  guint shown_members = 0;

  publish_team (fixture, "Hotline A", 6, 6);
  publish_team (fixture, "Hotline B", 6, 6);
  publish_team (fixture, "Hotline C", 2, 2);
  fixture->backend->set_today (WEEK_SEALED);

  group = read_group (fixture);
  g_assert_false (group->suppressed);
  g_assert_cmpuint (group->members, ==, 14);
  g_assert_cmpfloat_with_epsilon (group->exposure_hours, 105, 1e-9);  /* 1 + … + 14 */
  g_assert_false (group->wellbeing_suppressed);
  g_assert_cmpuint (group->wellbeing_respondents, ==, 14);

  a = read_team (fixture, "Hotline A");
  b = read_team (fixture, "Hotline B");
  c = read_team (fixture, "Hotline C");
  g_assert_true (c->suppressed);
  /* The smaller of the two (by name, as both have 6) goes too. */
  g_assert_true (a->suppressed);
  g_assert_true (a->wellbeing_suppressed);
  g_assert_false (b->suppressed);
  g_assert_cmpuint (b->members, ==, 6);

  /* What a reader can subtract: the group minus every team shown. */
  teams = respite_team_store_read_aggregates (fixture->lead, NULL, RESPITE_PERIOD_WEEK, MONDAY,
                                              MONDAY, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < teams->len; i++)
    {
      RespiteTeamAggregate *team = teams->pdata[i];

      g_assert_cmpint (team->unit, ==, RESPITE_TEAM_UNIT_TEAM);
      if (!team->suppressed)
        {
          shown_members += team->members;
          shown_hours += team->exposure_hours;
        }
    }
  g_assert_cmpuint (group->members - shown_members, ==, 8);
  g_assert_cmpfloat_with_epsilon (group->exposure_hours - shown_hours, 1 + 2 + 3 + 4 + 5 + 6 + 13 + 14,
                                  1e-9);
}

/* Teams of 2, 2 and 3: each hidden, but the group of 7 is shown, which is
 * what a team below k can see instead of nothing. */
static void
test_group_of_small_teams (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) group = NULL;
  const char * const names[] = { "Hotline A", "Hotline B", "Hotline C" };

  publish_team (fixture, "Hotline A", 2, 2);
  publish_team (fixture, "Hotline B", 2, 2);
  publish_team (fixture, "Hotline C", 3, 3);
  fixture->backend->set_today (WEEK_SEALED);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(RespiteTeamAggregate) team = read_team (fixture, names[i]);

      g_assert_true (team->suppressed);
    }

  group = read_group (fixture);
  g_assert_false (group->suppressed);
  g_assert_cmpuint (group->members, ==, 7);
  g_assert_cmpuint (group->member_days, ==, 7);
  g_assert_cmpfloat_with_epsilon (group->exposure_hours, 28, 1e-9);
  g_assert_false (group->wellbeing_suppressed);
  g_assert_cmpuint (group->wellbeing_respondents, ==, 7);
}

/* The same for the respondents: a team of 6 whose 2 respondents are hidden
 * takes the wellbeing of the smallest other team with it, not its other
 * figures. */
static void
test_group_wellbeing_complement (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) group = NULL;
  g_autoptr(RespiteTeamAggregate) a = NULL;
  g_autoptr(RespiteTeamAggregate) b = NULL;
  g_autoptr(RespiteTeamAggregate) c = NULL;

  publish_team (fixture, "Hotline A", 7, 7);
  publish_team (fixture, "Hotline B", 6, 6);
  publish_team (fixture, "Hotline C", 6, 2);
  fixture->backend->set_today (WEEK_SEALED);

  group = read_group (fixture);
  a = read_team (fixture, "Hotline A");
  b = read_team (fixture, "Hotline B");
  c = read_team (fixture, "Hotline C");

  g_assert_false (group->wellbeing_suppressed);
  g_assert_cmpuint (group->wellbeing_respondents, ==, 15);
  g_assert_false (c->suppressed);
  g_assert_true (c->wellbeing_suppressed);
  /* B has fewer respondents than A. */
  g_assert_false (b->suppressed);
  g_assert_true (b->wellbeing_suppressed);
  g_assert_true (b->who5_bands_suppressed);
  g_assert_false (a->wellbeing_suppressed);
  g_assert_cmpuint (group->wellbeing_respondents - a->wellbeing_respondents, ==, 8);
}

/* And for each WHO-5 band: a team of 10 shows its bands (5 very low, 5
 * good), another of 6 hides them (1 very low). The group's bands are each
 * at least k, but the group minus the first team would be the one person
 * very low in the second: the first team's bands go too, and only them. */
static void
test_group_bands_complement (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) group = NULL;
  g_autoptr(RespiteTeamAggregate) a = NULL;
  g_autoptr(RespiteTeamAggregate) b = NULL;
  guint i = 1;

  for (guint j = 0; j < 10; j++, i++)
    publish_scored (fixture, i, "Hotline A", GROUP, MONDAY, j < 5 ? 20 : 80);
  for (guint j = 0; j < 6; j++, i++)
    publish_scored (fixture, i, "Hotline B", GROUP, MONDAY, j < 1 ? 20 : 80);
  fixture->backend->set_today (WEEK_SEALED);

  group = read_group (fixture);
  a = read_team (fixture, "Hotline A");
  b = read_team (fixture, "Hotline B");

  g_assert_false (group->who5_bands_suppressed);
  g_assert_cmpuint (group->who5_very_low, ==, 6);
  g_assert_cmpuint (group->who5_low, ==, 0);
  g_assert_cmpuint (group->who5_good, ==, 10);
  g_assert_true (b->who5_bands_suppressed);
  g_assert_false (b->wellbeing_suppressed);
  g_assert_true (a->who5_bands_suppressed);
  g_assert_false (a->wellbeing_suppressed);
  g_assert_cmpuint (a->wellbeing_respondents, ==, 10);
  g_assert_false (a->suppressed);
}

/* Coverage: members registered in the team (their latest publication
 * named it) against members who published in the week; hidden, never a
 * zero, when either is below k. */
static void
test_coverage (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GError) error = NULL;
  RespiteTeamAggregate *first, *second;

  /* Hotline A: 6 the first week, 5 of them the next. */
  for (guint i = 1; i <= 6; i++)
    publish (fixture, i, "Hotline A", MONDAY, TRUE);
  for (guint i = 1; i <= 5; i++)
    publish (fixture, i, "Hotline A", NEXT_MONDAY, TRUE);
  /* Hotline B: 5 the first week, then 2 of them move to Hotline C, in
   * no group. */
  for (guint i = 11; i <= 15; i++)
    publish (fixture, i, "Hotline B", MONDAY, TRUE);
  fixture->backend->set_today ("2024-03-17");
  for (guint i = 14; i <= 15; i++)
    publish_in (fixture, i, "Hotline C", NULL, NEXT_MONDAY, TRUE);
  fixture->backend->set_today (NEXT_SEALED);

  weeks = respite_team_store_read_aggregates (fixture->lead, "Hotline A", RESPITE_PERIOD_WEEK,
                                              MONDAY, NEXT_MONDAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weeks->len, ==, 2);
  first = weeks->pdata[0];
  second = weeks->pdata[1];
  g_assert_false (first->coverage_suppressed);
  g_assert_cmpuint (first->registered, ==, 6);
  g_assert_cmpfloat_with_epsilon (first->coverage, 1.0, 1e-9);
  g_assert_false (second->coverage_suppressed);
  g_assert_cmpuint (second->registered, ==, 6);
  g_assert_cmpfloat_with_epsilon (second->coverage, 5.0 / 6, 1e-9);

  /* Hotline B's first week was sealed when 3 were registered: shown, but
   * its coverage hidden. */
  {
    g_autoptr(RespiteTeamAggregate) b = read_team (fixture, "Hotline B");

    g_assert_false (b->suppressed);
    g_assert_cmpuint (b->members, ==, 5);
    g_assert_true (b->coverage_suppressed);
    g_assert_cmpuint (b->registered, ==, 0);
  }

  /* The group: 9 registered; 11 published the first week (never more
   * than all of them), 5 the next. */
  {
    g_autoptr(RespiteTeamAggregate) group = read_group (fixture);
    g_autoptr(RespiteTeamAggregate) next = read_unit (fixture, RESPITE_TEAM_UNIT_GROUP, GROUP,
                                                      NEXT_MONDAY);

    g_assert_cmpuint (group->members, ==, 11);
    g_assert_false (group->coverage_suppressed);
    g_assert_cmpuint (group->registered, ==, 9);
    g_assert_cmpfloat_with_epsilon (group->coverage, 1.0, 1e-9);
    g_assert_cmpuint (next->members, ==, 5);
    g_assert_cmpuint (next->registered, ==, 9);
    g_assert_cmpfloat_with_epsilon (next->coverage, 5.0 / 9, 1e-9);
  }
}

/* Erasing a member removes its registration. */
static void
test_coverage_erase (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RespiteTeamAggregate) week = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= 6; i++)
    publish (fixture, i, "Hotline A", MONDAY, TRUE);
  g_assert_true (respite_team_store_erase_member (fixture->reviewer, "member-group-000006",
                                                  "the-secret-of-group-member-000006", &error));
  g_assert_no_error (error);
  fixture->backend->set_today (WEEK_SEALED);

  week = read_team (fixture, "Hotline A");
  g_assert_cmpuint (week->members, ==, 5);
  g_assert_false (week->coverage_suppressed);
  g_assert_cmpuint (week->registered, ==, 5);
  g_assert_cmpfloat_with_epsilon (week->coverage, 1.0, 1e-9);
}

/* The lead lists the teams and the groups it reads. */
static void
test_list_teams (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(GStrv) teams = NULL;
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) error = NULL;

  publish_team (fixture, "Hotline A", 5, 5);
  publish_team (fixture, "Hotline B", 5, 5);
  fixture->backend->set_today (WEEK_SEALED);

  teams = respite_team_store_list_teams (fixture->lead, RESPITE_TEAM_UNIT_TEAM, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) teams, "Hotline A"));
  g_assert_true (g_strv_contains ((const char * const *) teams, "Hotline B"));
  g_assert_false (g_strv_contains ((const char * const *) teams, GROUP));

  groups = respite_team_store_list_teams (fixture->lead, RESPITE_TEAM_UNIT_GROUP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (groups), ==, 1);
  g_assert_cmpstr (groups[0], ==, GROUP);
}

void
team_store_groups_add_tests (const TeamStoreBackend *backend)
{
  static const struct
  {
    const char *path;
    void      (*test) (Fixture *, gconstpointer);
  } tests[] = {
    { "groups/complement", test_group_complement },
    { "groups/small-teams", test_group_of_small_teams },
    { "groups/wellbeing-complement", test_group_wellbeing_complement },
    { "groups/bands-complement", test_group_bands_complement },
    { "groups/coverage", test_coverage },
    { "groups/coverage/erase", test_coverage_erase },
    { "groups/list-teams", test_list_teams },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("/team-store/%s/%s", backend->name, tests[i].path);

      g_test_add (path, Fixture, backend, set_up, tests[i].test, tear_down);
    }
}
