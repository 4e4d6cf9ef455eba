/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Team page's model never shows a figure from fewer than k people: fed
 * k - 1 members, each period says it is hidden, with no number but k; fed
 * k, the figures appear. The same for the WHO-5 bands and k respondents.
 * The export to HR writes the report engine's CSV, with the store's k and
 * hidden cells flagged. No display needed: no widget is made.
 */

#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>
#include <locale.h>

#include "respite-report.h"
#include "respite-team-page.h"
#include "respite-team-store-sqlite.h"

typedef struct
{
  char             *dir;
  char             *path;
  RespiteTeamStore *store;
  guint             k;
} Fixture;

/* The stores' clock: its day is their today, which sealing counts from. */
static RespiteClock *test_clock;

static void
set_today (const char *day)
{
  unsigned int year, month, mday;
  g_autoptr(GDateTime) noon = NULL;

  g_assert_cmpint (sscanf (day, "%4u-%2u-%2u", &year, &month, &mday), ==, 3);
  noon = g_date_time_new_local (year, month, mday, 12, 0, 0);
  respite_clock_jump_real_time (test_clock, g_date_time_to_unix (noon) * G_USEC_PER_SEC
                                            - respite_clock_get_real_time (test_clock));
}

static RespiteTeamStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  RespiteTeamStoreSqlite *store = respite_team_store_sqlite_open (path, &error);

  g_assert_no_error (error);
  respite_team_store_sqlite_set_clock (store, test_clock);
  return RESPITE_TEAM_STORE (store);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-team-page-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "team.db", NULL);
  fixture->store = open_store (fixture->path);
  /* Every week of March 2024 is still open: the tests publish, then seal. */
  set_today ("2024-03-21");
  g_assert_true (respite_team_store_get_k (fixture->store, &fixture->k, &error));
  g_assert_cmpuint (fixture->k, ==, 5);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->store);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);

      g_remove (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Members first … first + n - 1 on @day; each answers a WHO-5 scored
 * @score (per cent), or none for 0. */
static void
publish_scored (RespiteTeamStore *store,
                guint             first,
                guint             n,
                const char       *day,
                guint             score)
{
  for (guint m = first; m < first + n; m++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *member = g_strdup_printf ("test-member-token-%04u", m);
      g_autofree char *secret = g_strdup_printf ("test-secret-of-member-%04u", m);
      RespiteDayRow row = {
        .team = (char *) "Hotline", .member = member, .day = (char *) day,
        .exposure_seconds = { 3600, 0, 0 }, .longest_block_seconds = 1800,
        .breaks_prompted = 1, .breaks_taken = 1, .checkins_done = score > 0,
        .wellbeing_sum = score, .wellbeing_count = score > 0,
      };

      g_assert_true (respite_team_store_publish (store, secret, &row, 1, &error));
      g_assert_no_error (error);
    }
}

static void
publish_members (RespiteTeamStore *store,
                 guint             first,
                 guint             n,
                 const char       *day)
{
  for (guint m = first; m < first + n; m++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *member = g_strdup_printf ("test-member-token-%04u", m);
      g_autofree char *secret = g_strdup_printf ("test-secret-of-member-%04u", m);
      RespiteDayRow row = {
        .team = (char *) "Hotline", .member = member, .day = (char *) day,
        .exposure_seconds = { 3600 * (m + 1), 0, 0 }, .longest_block_seconds = 1800,
        .breaks_prompted = 3, .breaks_taken = 2, .checkins_done = 1,
        .wellbeing_sum = 60 + m, .wellbeing_count = 1,
      };

      g_assert_true (respite_team_store_publish (store, secret, &row, 1, &error));
      g_assert_no_error (error);
    }
}

static gboolean
has_digit_but (const char *text,
               char        allowed)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) && *p != allowed)
      return TRUE;

  return FALSE;
}

static void
test_fewer_than_k_hidden (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-team-page-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "team.db", NULL);
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GPtrArray) aggregates = NULL;
  g_autofree char *hidden = NULL;
  guint k = 0;

  store = open_store (path);
  set_today ("2024-03-13");
  g_assert_true (respite_team_store_get_k (store, &k, &error));
  g_assert_cmpuint (k, ==, 5);
  hidden = respite_team_page_hidden_text (k);
  g_assert_cmpstr (hidden, ==, "Hidden to protect privacy: fewer than 5 people, or a smaller group "
                               "could be worked out from it");

  /* k - 1 people, all week; the next week, the same and one more. */
  publish_members (store, 0, k - 1, "2024-03-04");
  publish_members (store, 0, k - 1, "2024-03-05");
  publish_members (store, 0, k - 1, "2024-03-11");
  publish_members (store, 0, k - 1, "2024-03-12");
  publish_members (store, k - 1, 1, "2024-03-12");
  set_today ("2024-04-05");  /* March and its weeks are sealed */

  for (RespitePeriod period = RESPITE_PERIOD_WEEK; period <= RESPITE_PERIOD_MONTH; period++)
    {
      aggregates = respite_team_store_read_aggregates (store, "Hotline", period,
                                                       "2024-03-01", "2024-03-10", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (aggregates->len, >, 0);

      for (guint i = 0; i < aggregates->len; i++)
        {
          g_auto(GStrv) cells = respite_team_page_describe (g_ptr_array_index (aggregates, i),
                                                            period, k);

          /* The period, then only the sentence: no figure, not even a 0. */
          g_assert_cmpuint (g_strv_length (cells), ==, 2);
          g_assert_cmpstr (cells[1], ==, hidden);
          g_assert_false (has_digit_but (cells[1], '5'));
        }
      g_clear_pointer (&aggregates, g_ptr_array_unref);
    }

  /* One more person: the week's figures appear. */
  aggregates = respite_team_store_read_aggregates (store, "Hotline", RESPITE_PERIOD_WEEK,
                                                   "2024-03-11", "2024-03-17", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aggregates->len, ==, 1);
  {
    g_auto(GStrv) cells = respite_team_page_describe (g_ptr_array_index (aggregates, 0),
                                                      RESPITE_PERIOD_WEEK, k);

    g_assert_cmpuint (g_strv_length (cells), ==, 11);
    g_assert_cmpstr (cells[0], ==, "11 Mar");
    g_assert_cmpstr (cells[1], ==, "5");
    g_assert_true (g_strv_contains ((const char * const *) cells, "18 of 27"));
    /* Every score is 60 % or more: five people in the good band. */
    g_assert_cmpstr (cells[7], ==, "62 % (5 people)");
    g_assert_cmpstr (cells[8], ==, "0");
    g_assert_cmpstr (cells[9], ==, "0");
    g_assert_cmpstr (cells[10], ==, "5");
  }

  g_clear_object (&store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

static GStrv
describe_week (Fixture    *fixture,
               const char *monday)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) aggregates = NULL;

  aggregates = respite_team_store_read_aggregates (fixture->store, "Hotline", RESPITE_PERIOD_WEEK,
                                                   monday, monday, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aggregates->len, ==, 1);

  return respite_team_page_describe (g_ptr_array_index (aggregates, 0), RESPITE_PERIOD_WEEK,
                                     fixture->k);
}

/* k people, of whom k - 1 answered: their figures show, their WHO-5 mean
 * and bands do not; with the k-th answer, they do. */
static void
test_who5_bands (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(GStrv) hidden = NULL;
  g_auto(GStrv) shown = NULL;
  g_auto(GStrv) bands_hidden = NULL;

  /* A week sealed is final: each stage is a week of its own. The first: k
   * people, k - 1 answered. The second: the k-th answers, low too. The
   * third: as the second, and one of them feels better later that week. */
  for (guint week = 0; week < 3; week++)
    {
      const char *days[][3] = {
        { "2024-03-04", "2024-03-05", "2024-03-06" },
        { "2024-03-11", "2024-03-12", "2024-03-13" },
        { "2024-03-18", "2024-03-19", "2024-03-20" },
      };

      publish_scored (fixture->store, 0, fixture->k - 1, days[week][0], 40);
      publish_scored (fixture->store, fixture->k - 1, 1, days[week][0], 0);
      if (week >= 1)
        publish_scored (fixture->store, fixture->k - 1, 1, days[week][1], 44);
      if (week == 2)
        publish_scored (fixture->store, 0, 1, days[week][2], 100);
    }
  set_today ("2024-03-28");  /* the three weeks are sealed */

  hidden = describe_week (fixture, "2024-03-04");
  /* Period, 6 figures, then the sentence for the mean and the 3 bands. */
  g_assert_cmpuint (g_strv_length (hidden), ==, 8);
  g_assert_cmpstr (hidden[1], ==, "5");
  g_assert_cmpstr (hidden[7], ==, "Hidden: too few answered");

  /* Five people in the low band. */
  shown = describe_week (fixture, "2024-03-11");
  g_assert_cmpuint (g_strv_length (shown), ==, 11);
  g_assert_cmpstr (shown[7], ==, "41 % (5 people)");
  g_assert_cmpstr (shown[8], ==, "0");
  g_assert_cmpstr (shown[9], ==, "5");
  g_assert_cmpstr (shown[10], ==, "0");

  /* The good band would hold one person, and the low band would be the
   * respondents minus that one, so all three are hidden; the mean of k
   * people stays. */
  bands_hidden = describe_week (fixture, "2024-03-18");
  g_assert_cmpuint (g_strv_length (bands_hidden), ==, 9);
  /* The mean of each one's mean: (70 + 40 + 40 + 40 + 44) / 5. */
  g_assert_cmpstr (bands_hidden[7], ==, "47 % (5 people)");
  g_assert_cmpstr (bands_hidden[8], ==, "Bands hidden to protect privacy");
}

static void
test_list_periods (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  /* Thursday 19 March 2026, and New Year's Day, a Thursday in ISO week 1. */
  g_autoptr(GDateTime) march = g_date_time_new (utc, 2026, 3, 19, 16, 0, 0);
  g_autoptr(GDateTime) new_year = g_date_time_new (utc, 2026, 1, 1, 9, 0, 0);
  g_auto(GStrv) months = respite_team_page_list_periods (RESPITE_PERIOD_MONTH, march, 12);
  g_auto(GStrv) weeks = respite_team_page_list_periods (RESPITE_PERIOD_WEEK, march, 12);
  g_auto(GStrv) january_months = respite_team_page_list_periods (RESPITE_PERIOD_MONTH, new_year, 2);
  g_auto(GStrv) january_weeks = respite_team_page_list_periods (RESPITE_PERIOD_WEEK, new_year, 2);

  /* The last whole month or week first: the default. */
  g_assert_cmpuint (g_strv_length (months), ==, 12);
  g_assert_cmpstr (months[0], ==, "2026-02");
  g_assert_cmpstr (months[11], ==, "2025-03");
  g_assert_cmpuint (g_strv_length (weeks), ==, 12);
  g_assert_cmpstr (weeks[0], ==, "2026-W11");
  g_assert_cmpstr (weeks[11], ==, "2025-W52");
  g_assert_cmpstr (january_months[0], ==, "2025-12");
  g_assert_cmpstr (january_weeks[0], ==, "2025-W52");
  g_assert_cmpstr (january_weeks[1], ==, "2025-W51");

  /* Each is one period that the report reads. */
  for (guint i = 0; i < 12; i++)
    for (guint u = 0; u < 2; u++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *from = NULL;
        g_autofree char *to = NULL;
        RespitePeriod unit;
        gboolean single = FALSE;

        g_assert_true (respite_report_parse_period (u == 0 ? months[i] : weeks[i], &from, &to,
                                                    &unit, &single, &error));
        g_assert_no_error (error);
        g_assert_true (single);
        g_assert_cmpint (unit, ==, u == 0 ? RESPITE_PERIOD_MONTH : RESPITE_PERIOD_WEEK);
      }
}

static char *
export (Fixture     *fixture,
        const char  *period,
        const char  *format,
        GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2024, 4, 2, 10, 0, 0);
  g_autofree char *name = g_strconcat ("export.", format, NULL);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  char *contents = NULL;

  if (!respite_team_page_export (fixture->store, "Hotline", RESPITE_TEAM_UNIT_TEAM, period, format, NULL, now, file,
                                 error))
    {
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      return NULL;
    }

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static const char *
csv_field (char       **header,
           char       **fields,
           const char  *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return fields[i];

  g_assert_not_reached ();
}

/* The export of a month: the CSV has the store's k, no noise, the shown
 * figures, and the hidden ones empty and flagged. */
static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) fields = NULL;
  const char *flags;

  /* k people, k - 1 of them answered a check-in. */
  publish_scored (fixture->store, 0, fixture->k - 1, "2024-03-04", 60);
  publish_scored (fixture->store, fixture->k - 1, 1, "2024-03-05", 0);
  set_today ("2024-04-05");  /* March is sealed */

  csv = export (fixture, "2024-03", "csv", &error);
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);  /* header, Hotline, "" */
  g_assert_cmpstr (lines[2], ==, "");
  header = g_strsplit (lines[0], ",", -1);
  fields = g_strsplit (lines[1], ",", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));

  g_assert_cmpstr (csv_field (header, fields, "team"), ==, "Hotline");
  g_assert_cmpstr (csv_field (header, fields, "period_start"), ==, "2024-03-01");
  g_assert_cmpstr (csv_field (header, fields, "k"), ==, "5");
  g_assert_cmpstr (csv_field (header, fields, "epsilon"), ==, "0");
  g_assert_cmpstr (csv_field (header, fields, "members"), ==, "5");
  g_assert_cmpstr (csv_field (header, fields, "breaks_taken"), ==, "5");

  /* Four answered: every WHO-5 figure is empty, and says why. */
  flags = csv_field (header, fields, "suppressed");
  for (guint f = RESPITE_REPORT_WHO5_RESPONDENTS; f <= RESPITE_REPORT_WHO5_MEAN_PERCENT; f++)
    {
      g_autofree char *flag = g_strdup_printf ("%s:k", respite_report_figure_get_id (f));

      g_assert_cmpstr (csv_field (header, fields, respite_report_figure_get_id (f)), ==, "");
      g_assert_nonnull (strstr (flags, flag));
    }
  g_assert_null (strstr (flags, "members:"));

  /* The PDF from the same path. */
  pdf = export (fixture, "2024-03", "pdf", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
}

/* A month of fewer than k people: nothing to export, and no file. */
static void
test_export_hidden (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  publish_scored (fixture->store, 0, fixture->k - 1, "2024-03-04", 60);
  set_today ("2024-04-05");

  csv = export (fixture, "2024-03", "csv", &error);
  g_assert_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_EMPTY);
  g_assert_null (csv);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  test_clock = respite_clock_new_fake (0);

  g_test_add_func ("/team-page/fewer-than-k-hidden", test_fewer_than_k_hidden);
  g_test_add ("/team-page/who5-bands", Fixture, NULL, set_up, test_who5_bands, tear_down);
  g_test_add_func ("/team-page/export/periods", test_list_periods);
  g_test_add ("/team-page/export/csv", Fixture, NULL, set_up, test_export_csv, tear_down);
  g_test_add ("/team-page/export/hidden", Fixture, NULL, set_up, test_export_hidden, tear_down);

  return g_test_run ();
}
