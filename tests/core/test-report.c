/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "respite-demo.h"
#include "respite-report.h"
#include "respite-team-store-sqlite.h"

static char *test_dir;

/* Periods. */

static void
test_period (void)
{
  const struct
  {
    const char    *text;
    const char    *from;
    const char    *to;
    RespitePeriod  unit;
    gboolean       single;
  } good[] = {
    { "2026-10", "2026-10-01", "2026-10-31", RESPITE_PERIOD_MONTH, TRUE },
    { "2024-02", "2024-02-01", "2024-02-29", RESPITE_PERIOD_MONTH, TRUE },
    { "2026-W43", "2026-10-19", "2026-10-25", RESPITE_PERIOD_WEEK, TRUE },
    { "2026-W01", "2025-12-29", "2027-01-04" + 0, RESPITE_PERIOD_WEEK, TRUE },
    { "2020-W53", "2020-12-28", "2021-01-03", RESPITE_PERIOD_WEEK, TRUE },
    { "2026-07..2026-09", "2026-07-01", "2026-09-30", RESPITE_PERIOD_MONTH, FALSE },
    { "2026-07-01..2026-07-31", "2026-07-01", "2026-07-31", RESPITE_PERIOD_MONTH, TRUE },
    { "2026-10-07..2026-10-20", "2026-10-05", "2026-10-25", RESPITE_PERIOD_WEEK, FALSE },
    { "2026-W40..2026-W41", "2026-09-28", "2026-10-11", RESPITE_PERIOD_WEEK, FALSE },
  };
  const char * const bad[] = {
    "", "2026", "2026-13", "2026-00", "2026-W54", "2025-W53", "2026-W0", "2026-10-01",
    "2026-02-30..2026-03-01", "2026-10..2026-09", "2026-10..", "..2026-10", "October",
    "2026-10..2026-11..2026-12", "2026-10 ", "2026-W43x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      RespitePeriod unit;
      gboolean single;

      if (i == 3)
        continue;  /* below, computed */
      g_test_message ("%s", good[i].text);
      g_assert_true (respite_report_parse_period (good[i].text, &from, &to, &unit, &single, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (from, ==, good[i].from);
      g_assert_cmpstr (to, ==, good[i].to);
      g_assert_cmpint (unit, ==, good[i].unit);
      g_assert_cmpint (single, ==, good[i].single);
    }

  {
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;
    RespitePeriod unit;

    /* ISO week 1 of 2026 starts on Monday 29 December 2025. */
    g_assert_true (respite_report_parse_period ("2026-W01", &from, &to, &unit, NULL, NULL));
    g_assert_cmpstr (from, ==, "2025-12-29");
    g_assert_cmpstr (to, ==, "2026-01-04");
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      RespitePeriod unit;

      g_test_message ("%s", bad[i]);
      g_assert_false (respite_report_parse_period (bad[i], &from, &to, &unit, NULL, &error));
      g_assert_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_PERIOD);
      /* The message says what would be accepted. */
      g_assert_nonnull (strstr (error->message, "2026-W43"));
    }
}

/* Suppression against hand-made tables. */

/* The attacker, independent of the engine: subtract every published cell
 * from every published total, over and over, and solve each relation left
 * with one unknown; also learn the sum of a relation's hidden parts. */
typedef struct
{
  guint  total;
  guint  parts[8];
  guint  n_parts;
} Sum;

static void
assert_nothing_recovered (RespiteSuppression *suppression,
                          const double       *values,
                          guint               n_cells,
                          const Sum          *sums,
                          guint               n_sums,
                          guint               k)
{
  g_autofree gboolean *known = g_new0 (gboolean, n_cells);
  gboolean progress = TRUE;

  for (guint i = 0; i < n_cells; i++)
    known[i] = respite_suppression_get_state (suppression, i) == RESPITE_CELL_SHOWN;

  while (progress)
    {
      progress = FALSE;
      for (guint s = 0; s < n_sums; s++)
        {
          guint unknowns = !known[sums[s].total], last = sums[s].total;
          double hidden = values[sums[s].total];

          for (guint p = 0; p < sums[s].n_parts; p++)
            if (!known[sums[s].parts[p]])
              {
                unknowns++;
                last = sums[s].parts[p];
              }
            else
              hidden -= values[sums[s].parts[p]];

          if (unknowns == 1)
            {
              g_test_message ("cell %u recovered from sum %u", last, s);
              known[last] = TRUE;
              progress = TRUE;
            }
          /* Several hidden parts: their sum must not single out 1 to k - 1 people. */
          else if (unknowns > 1 && known[sums[s].total])
            g_assert_true (hidden < 0.5 || hidden > k - 0.5);
        }
    }

  for (guint i = 0; i < n_cells; i++)
    {
      if (respite_suppression_get_state (suppression, i) == RESPITE_CELL_SHOWN)
        continue;
      g_assert_false (known[i]);
      g_assert_false (respite_suppression_is_disclosed (suppression, i));
    }
}

/* Teams of 3, 4, 5 and 6 members (k = 5), each with its WHO-5 bands and an
 * all-teams total row: a 5 × 4 table with row and column totals. */
static void
test_suppression_teams (void)
{
  /* respondents, very low, low, good */
  const double table[5][4] = {
    { 3, 0, 1, 2 },     /* team of 3 */
    { 4, 1, 1, 2 },     /* team of 4 */
    { 5, 0, 0, 5 },     /* team of 5 */
    { 6, 0, 0, 6 },     /* team of 6 */
    { 18, 1, 2, 15 },   /* all teams */
  };
  g_autoptr(RespiteSuppression) suppression = respite_suppression_new (5);
  double values[20];
  Sum sums[9];
  guint n_sums = 0;

  for (guint r = 0; r < 5; r++)
    for (guint c = 0; c < 4; c++)
      {
        /* Figures about a team count its members; a band, its own people. */
        guint people = c == 0 ? (guint) table[r][0] : (guint) table[r][c];

        values[r * 4 + c] = table[r][c];
        g_assert_cmpuint (respite_suppression_add_cell (suppression, table[r][c], people), ==, r * 4 + c);
      }
  for (guint r = 0; r < 5; r++)
    {
      sums[n_sums] = (Sum) { r * 4, { r * 4 + 1, r * 4 + 2, r * 4 + 3 }, 3 };
      respite_suppression_add_relation (suppression, sums[n_sums].total, sums[n_sums].parts, 3);
      n_sums++;
    }
  for (guint c = 0; c < 4; c++)
    {
      sums[n_sums] = (Sum) { 16 + c, { c, 4 + c, 8 + c, 12 + c }, 4 };
      respite_suppression_add_relation (suppression, sums[n_sums].total, sums[n_sums].parts, 4);
      n_sums++;
    }

  respite_suppression_run (suppression);

  /* Primary: the teams of 3 and 4, and every band of 1 to 4 people. */
  g_assert_cmpint (respite_suppression_get_state (suppression, 0), ==, RESPITE_CELL_HIDDEN_K);
  g_assert_cmpint (respite_suppression_get_state (suppression, 4), ==, RESPITE_CELL_HIDDEN_K);
  g_assert_cmpint (respite_suppression_get_state (suppression, 16 + 1), ==, RESPITE_CELL_HIDDEN_K);
  /* Shown: the teams of 5 and 6 and their whole bands, zeros included. */
  for (guint c = 0; c < 4; c++)
    {
      g_assert_cmpint (respite_suppression_get_state (suppression, 8 + c), ==, RESPITE_CELL_SHOWN);
      g_assert_cmpint (respite_suppression_get_state (suppression, 12 + c), ==, RESPITE_CELL_SHOWN);
    }
  /* The all-teams respondents (18) minus the teams of 5 and 6 would give
   * the small teams' 7: not a small group, so it may stay. But their
   * very-low column would give 1: something more is hidden there. */
  assert_nothing_recovered (suppression, values, 20, sums, n_sums, 5);
}

/* A team of 6 with one person in a band of their own. */
static void
test_suppression_small_subgroup (void)
{
  const double values[] = { 6, 1, 0, 5 };  /* respondents, very low, low, good */
  g_autoptr(RespiteSuppression) suppression = respite_suppression_new (5);
  Sum sum = { 0, { 1, 2, 3 }, 3 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    respite_suppression_add_cell (suppression, values[i], i == 0 ? 6 : (guint) values[i]);
  respite_suppression_add_relation (suppression, 0, sum.parts, 3);
  respite_suppression_run (suppression);

  g_assert_cmpint (respite_suppression_get_state (suppression, 0), ==, RESPITE_CELL_SHOWN);
  g_assert_cmpint (respite_suppression_get_state (suppression, 1), ==, RESPITE_CELL_HIDDEN_K);
  /* Hiding the 0 alone would leave "1 person" as the hidden sum: the 5 goes too. */
  g_assert_cmpint (respite_suppression_get_state (suppression, 2), ==, RESPITE_CELL_HIDDEN_COMPLEMENTARY);
  g_assert_cmpint (respite_suppression_get_state (suppression, 3), ==, RESPITE_CELL_HIDDEN_COMPLEMENTARY);
  assert_nothing_recovered (suppression, values, 4, &sum, 1, 5);
}

/* Many random tables, teams × bands with every total: whatever the
 * attacker subtracts, no hidden cell comes back. */
static void
test_suppression_attacker (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 300; round++)
    {
      guint teams = g_rand_int_range (rand, 2, 7), bands = g_rand_int_range (rand, 2, 5);
      guint k = g_rand_int_range (rand, 3, 8), width = bands + 1;
      g_autoptr(RespiteSuppression) suppression = respite_suppression_new (k);
      g_autofree double *values = g_new0 (double, (teams + 1) * width);
      g_autofree Sum *sums = g_new0 (Sum, teams + 1 + width);
      guint n_sums = 0;

      for (guint t = 0; t < teams; t++)
        for (guint b = 1; b < width; b++)
          {
            double v = g_rand_int_range (rand, 0, 10) < 3 ? 0 : g_rand_int_range (rand, 1, 9);

            values[t * width + b] = v;
            values[t * width] += v;
            values[teams * width + b] += v;
            values[teams * width] += v;
          }
      for (guint i = 0; i < (teams + 1) * width; i++)
        respite_suppression_add_cell (suppression, values[i],
                                      i % width == 0 ? (guint) values[i] : (guint) values[i]);
      for (guint t = 0; t <= teams; t++)
        {
          sums[n_sums].total = t * width;
          sums[n_sums].n_parts = bands;
          for (guint b = 1; b < width; b++)
            sums[n_sums].parts[b - 1] = t * width + b;
          respite_suppression_add_relation (suppression, sums[n_sums].total, sums[n_sums].parts, bands);
          n_sums++;
        }
      for (guint b = 0; b < width; b++)
        {
          sums[n_sums].total = teams * width + b;
          sums[n_sums].n_parts = teams;
          for (guint t = 0; t < teams; t++)
            sums[n_sums].parts[t] = t * width + b;
          respite_suppression_add_relation (suppression, sums[n_sums].total, sums[n_sums].parts, teams);
          n_sums++;
        }

      respite_suppression_run (suppression);
      for (guint i = 0; i < (teams + 1) * width; i++)
        if (values[i] >= 1 && values[i] < k)
          g_assert_cmpint (respite_suppression_get_state (suppression, i), !=, RESPITE_CELL_SHOWN);
      assert_nothing_recovered (suppression, values, (teams + 1) * width, sums, n_sums, k);
    }
}

/* Laplace noise: centred, with the scale asked for (not one value). */
static void
test_laplace (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const double b = 2;
  double sum = 0, sum_abs = 0, sum_sq = 0;
  const guint n = 200000;
  guint beyond = 0;

  for (guint i = 0; i < n; i++)
    {
      double x = respite_report_laplace (rand, b);

      sum += x;
      sum_abs += fabs (x);
      sum_sq += x * x;
      if (fabs (x) > 3 * b)
        beyond++;
    }

  g_assert_cmpfloat (fabs (sum / n), <, 0.03);
  g_assert_cmpfloat (fabs (sum_abs / n - b), <, 0.03);       /* E|X| = b */
  g_assert_cmpfloat (fabs (sum_sq / n - 2 * b * b), <, 0.2);  /* Var = 2b² */
  /* P(|X| > 3b) = e^-3 ≈ 0.0498 */
  g_assert_cmpfloat (fabs ((double) beyond / n - exp (-3)), <, 0.003);
}

/* Reports from a store. */

static RespiteTeamStore *
demo_store (const char *name,
            guint       teams,
            guint       members)
{
  g_autofree char *path = g_build_filename (test_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  RespiteDemoOptions options = { teams, members, 120, 1, "2026-10-31", NULL };
  RespiteTeamStoreSqlite *store = respite_team_store_sqlite_open (path, &error);

  g_assert_no_error (error);
  respite_demo_publish (RESPITE_TEAM_STORE (store), &options, NULL, NULL, &error);
  g_assert_no_error (error);
  return RESPITE_TEAM_STORE (store);
}

static RespiteReport *
make_report (RespiteTeamStore  *store,
             const char        *period,
             guint              k,
             double             epsilon,
             guint64            seed,
             gboolean           record,
             GError           **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 2, 9, 0, 0);
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  RespiteReportOptions options = { 0 };
  RespitePeriod unit;

  g_assert_true (respite_report_parse_period (period, &from, &to, &unit, NULL, NULL));
  options = (RespiteReportOptions) {
    .period = period, .from_day = from, .to_day = to, .unit = unit, .k = k,
    .epsilon = epsilon, .epsilon_budget = 2, .seed = seed, .record = record,
  };

  return respite_report_new_from_store (store, &options, policy, now, error);
}

static char *
write_to_string (RespiteReport *report,
                 gboolean (*write) (RespiteReport *, GOutputStream *, GError **))
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (write (report, stream, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL);
  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* CSV and JSON, parsed back: the same cells, blank and flagged when hidden. */
static void
test_formats (void)
{
  g_autoptr(RespiteTeamStore) store = demo_store ("formats.db", 4, 12);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteReport) report = make_report (store, "2026-10", 0, 0, 0, FALSE, &error);
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *privacy;
  JsonArray *rows;
  GPtrArray *table;
  guint hidden = 0;

  g_assert_no_error (error);
  table = respite_report_get_rows (report);
  g_assert_cmpuint (table->len, ==, 4);

  csv = write_to_string (report, respite_report_write_csv);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 4 + 1);  /* header, rows, "" after the last \n */
  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpuint (g_strv_length (header), ==, 6 + RESPITE_REPORT_N_FIGURES + 1);
  g_assert_cmpstr (header[4], ==, "k");
  g_assert_cmpstr (header[5], ==, "epsilon");
  g_assert_cmpstr (header[6 + RESPITE_REPORT_N_FIGURES], ==, "suppressed");

  for (guint i = 0; i < table->len; i++)
    {
      const RespiteReportRow *row = table->pdata[i];
      g_auto(GStrv) fields = g_strsplit (lines[1 + i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
      g_assert_cmpstr (fields[0], ==, row->team);
      g_assert_cmpstr (fields[4], ==, "5");
      g_assert_cmpstr (fields[5], ==, "0");
      for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
        {
          const char *field = fields[6 + f];
          g_autofree char *flag = g_strdup_printf ("%s:", respite_report_figure_get_id (f));

          if (row->cells[f].state == RESPITE_CELL_SHOWN)
            {
              g_assert_cmpstr (field, !=, "");
              g_assert_cmpfloat_with_epsilon (g_ascii_strtod (field, NULL), row->cells[f].value, 0.01);
            }
          else
            {
              hidden++;
              g_assert_cmpstr (field, ==, "");
              g_assert_nonnull (strstr (fields[6 + RESPITE_REPORT_N_FIGURES], flag));
            }
        }
    }
  /* The demo's months hide their WHO-5 bands: the test covers both kinds of cell. */
  g_assert_cmpuint (hidden, >, 0);

  json = write_to_string (report, respite_report_write_json);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "respite-report/1");
  privacy = json_object_get_object_member (root, "privacy");
  g_assert_cmpint (json_object_get_int_member (privacy, "k"), ==, 5);
  g_assert_cmpfloat (json_object_get_double_member (privacy, "epsilon"), ==, 0);
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);

  for (guint i = 0; i < table->len; i++)
    {
      const RespiteReportRow *row = table->pdata[i];
      JsonObject *object = json_array_get_object_element (rows, i);
      JsonObject *values = json_object_get_object_member (object, "values");
      JsonObject *suppressed = json_object_get_object_member (object, "suppressed");

      g_assert_cmpstr (json_object_get_string_member (object, "team"), ==, row->team);
      for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
        {
          const char *id = respite_report_figure_get_id (f);

          if (row->cells[f].state == RESPITE_CELL_SHOWN)
            {
              g_assert_false (json_object_get_null_member (values, id));
              g_assert_cmpfloat_with_epsilon (json_object_get_double_member (values, id),
                                              row->cells[f].value, 1e-6);
              g_assert_false (json_object_has_member (suppressed, id));
            }
          else
            {
              g_assert_true (json_object_get_null_member (values, id));
              g_assert_cmpstr (json_object_get_string_member (suppressed, id), ==,
                               respite_cell_state_get_id (row->cells[f].state));
            }
        }
    }

  g_assert_nonnull (json_object_get_object_member (root, "programme"));
}

/* k can be raised, never lowered; raised far enough, nothing is left. */
static void
test_k_option (void)
{
  g_autoptr(RespiteTeamStore) store = demo_store ("k.db", 2, 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteReport) report = NULL;

  report = make_report (store, "2026-10", 4, 0, 0, FALSE, &error);
  g_assert_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_OPTION);
  g_assert_null (report);
  g_clear_error (&error);

  report = make_report (store, "2026-10", 0, 0, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (respite_report_get_k (report), ==, 5);
  g_clear_object (&report);

  /* Six members a team: at k = 7 every week, so every month, is hidden. */
  report = make_report (store, "2026-10", 7, 0, 0, FALSE, &error);
  g_assert_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_EMPTY);
  g_assert_null (report);
}

static int
compare_doubles (const double *a,
                 const double *b)
{
  return (*a > *b) - (*a < *b);
}

/* Noise with fixed seeds: centred on the truth, about as wide as its scale,
 * and the budget counted in the store. */
static void
test_dp (void)
{
  g_autoptr(RespiteTeamStore) store = demo_store ("dp.db", 1, 12);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteReport) exact = make_report (store, "2026-W43", 0, 0, 0, FALSE, &error);
  const RespiteReportRow *truth;
  g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (double));
  double scale = 0, median, upper;
  const guint n = 81;

  g_assert_no_error (error);
  truth = g_ptr_array_index (respite_report_get_rows (exact), 0);
  g_assert_cmpint (truth->cells[RESPITE_REPORT_MEMBERS].state, ==, RESPITE_CELL_SHOWN);

  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(RespiteReport) noisy = make_report (store, "2026-W43", 0, 1, i, FALSE, &error);
      const RespiteReportRow *row;
      double d;

      g_assert_no_error (error);
      row = g_ptr_array_index (respite_report_get_rows (noisy), 0);
      g_assert_cmpint (row->cells[RESPITE_REPORT_MEDIAN_EXPOSURE_HOURS].state, ==, RESPITE_CELL_OMITTED_DP);
      d = row->cells[RESPITE_REPORT_EXPOSURE_HOURS].value - truth->cells[RESPITE_REPORT_EXPOSURE_HOURS].value;
      scale = respite_report_get_noise_scale (noisy, RESPITE_REPORT_EXPOSURE_HOURS);
      g_array_append_val (errors, d);
    }

  /* Clamping at 0 moves the mean, not the median, nor the upper quartile,
   * which for Laplace(0, b) is b ln 2. */
  g_array_sort (errors, (GCompareFunc) compare_doubles);
  median = g_array_index (errors, double, n / 2);
  upper = g_array_index (errors, double, 3 * n / 4);
  g_assert_cmpfloat (scale, ==, 24 * 7 * 10);
  g_assert_cmpfloat (fabs (median), <, 0.3 * scale);
  g_assert_cmpfloat (upper, >, 0.35 * scale);
  g_assert_cmpfloat (upper, <, 1.2 * scale);

  /* The budget: 2, spent 1 at a time on overlapping days, then refused. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RespiteReport) release = make_report (store, "2026-10", 0, 1, 1, TRUE, &error);

      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (respite_report_get_epsilon_spent (release), i + 1, 1e-9);
    }
  g_assert_null (make_report (store, "2026-W43", 0, 0.5, 1, TRUE, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_BUDGET);
  g_clear_error (&error);

  /* Exact figures spend nothing; another month has its own budget. */
  g_clear_object (&exact);
  exact = make_report (store, "2026-W43", 0, 0, 0, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&exact);
  exact = make_report (store, "2026-09", 0, 1, 1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (respite_report_get_epsilon_spent (exact), 1, 1e-9);
}

static gboolean
run (const char * const *argv,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, out, NULL, &status, &error))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* The PDF: pages, text, and a PNG of each page to look at. */
static void
test_pdf (void)
{
  g_autoptr(RespiteTeamStore) store = demo_store ("pdf.db", 3, 12);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteReport) report = make_report (store, "2026-10", 0, 0, 0, FALSE, &error);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : test_dir,
                                            "report-test.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE, 0, NULL, &error);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");

  g_assert_no_error (error);
  g_assert_true (respite_report_write_pdf (report, G_OUTPUT_STREAM (stream), &error));
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);

  if (pdfinfo == NULL || pdftotext == NULL)
    {
      g_test_skip ("poppler-utils is not installed");
      return;
    }

  g_assert_true (run ((const char * const []) { "pdfinfo", path, NULL }, &info));
  /* The title, 3 teams of charts and of what changed, the programme. */
  g_assert_nonnull (strstr (info, "Pages:           8"));
  g_assert_nonnull (strstr (info, "Team wellbeing report"));

  g_assert_true (run ((const char * const []) { "pdftotext", "-layout", path, "-", NULL }, &text));
  g_assert_nonnull (strstr (text, "Team wellbeing report"));
  g_assert_nonnull (strstr (text, "k = 5"));
  g_assert_nonnull (strstr (text, "Hotline"));
  g_assert_nonnull (strstr (text, "Victim ID"));
  g_assert_nonnull (strstr (text, "Welfare programme"));
  g_assert_nonnull (strstr (text, "Phase"));
  g_assert_nonnull (strstr (text, "hidden"));
  g_assert_nonnull (strstr (text, "Hotline: what changed"));
  g_assert_nonnull (strstr (text, "Needs attention"));
  /* One month: nothing before it in this report, and no signal needs a run. */
  g_assert_null (strstr (text, "Dashed line"));

  if (pdftoppm != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *prefix = g_build_filename (dir, "report-test", NULL);

      g_assert_true (run ((const char * const []) { "pdftoppm", "-png", "-r", "60", path, prefix, NULL }, NULL));
    }
}

/* The PDF's page of what changed reads the report's own figures: the
 * troubled team's signals, the policy change marked, and nothing from a
 * figure the report hid. */
static void
test_pdf_signals (void)
{
  g_autofree char *db = g_build_filename (test_dir, "pdf-signals.db", NULL);
  RespiteDemoOptions options = { 2, 8, 120, 3, "2026-10-31", "2026-06", TRUE, "2026-09-14" };
  g_autoptr(RespiteTeamStoreSqlite) sqlite = respite_team_store_sqlite_open (db, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteReport) report = NULL;
  g_autoptr(RespiteReport) strict = NULL;
  g_autofree char *path = g_build_filename (test_dir, "signals.pdf", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *text = NULL;
  g_autofree char *troubled = respite_demo_team_name (1);
  g_autofree char *calm = respite_demo_team_name (0);
  g_autofree char *troubled_page = NULL;
  g_autofree char *troubled_title = NULL;
  g_autofree char *calm_title = NULL;
  char *calm_page;

  g_assert_nonnull (sqlite);
  g_assert_true (respite_demo_publish (RESPITE_TEAM_STORE (sqlite), &options, NULL, NULL, &error));
  g_assert_no_error (error);

  report = make_report (RESPITE_TEAM_STORE (sqlite), "2026-W31..2026-W43", 0, 0, 0, FALSE, &error);
  g_assert_no_error (error);
  /* k = 9 hides every period of the 8-member teams: no page of signals. */
  strict = make_report (RESPITE_TEAM_STORE (sqlite), "2026-W31..2026-W43", 9, 0, 0, FALSE, &error);
  g_assert_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_EMPTY);
  g_clear_error (&error);

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE, 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (respite_report_write_pdf (report, G_OUTPUT_STREAM (stream), &error));
    g_assert_no_error (error);
    g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  }

  if (pdftotext == NULL)
    {
      g_test_skip ("poppler-utils is not installed");
      return;
    }

  g_assert_true (run ((const char * const []) { "pdftotext", path, "-", NULL }, &text));
  troubled_title = g_strdup_printf ("%s: what changed", troubled);
  calm_title = g_strdup_printf ("%s: what changed", calm);
  g_assert_nonnull (strstr (text, troubled_title));
  g_assert_nonnull (strstr (text, calm_title));
  /* The policy change: marked on the charts, compared before and since. */
  g_assert_nonnull (strstr (text, "Dashed line: the policy changed"));
  g_assert_nonnull (strstr (text, "Since the policy changed from 2026-06 to 2026-09"));

  /* The troubled team's page holds every signal of its digest; the calm
   * team's (before it, in name order) holds none of the runs. */
  troubled_page = g_strdup (strstr (text, troubled_title));
  calm_page = strstr (text, calm_title);
  g_assert_true (calm_page < strstr (text, troubled_title));
  *strstr (calm_page, troubled) = '\0';
  g_assert_nonnull (strstr (troubled_page, "Fewer than 4 in 5 suggested breaks were taken"));
  g_assert_nonnull (strstr (troubled_page, "rose two weeks running"));
  g_assert_nonnull (strstr (troubled_page, "debrief"));
  g_assert_null (strstr (calm_page, "Fewer than 4 in 5 suggested breaks were taken"));
}

/* Demo data. */

static void
test_demo (void)
{
  RespiteDemoOptions options = { 2, 5, 28, 9, "2026-03-01", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first = respite_demo_generate (&options, &error);
  g_autoptr(GArray) again = respite_demo_generate (&options, &error);
  g_autoptr(GArray) other = NULL;
  guint cap = 0, who5 = 0, taken = 0, prompted = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, again->len);
  /* 2 × 5 members, 20 weekdays in those 28 days, most of them worked. */
  g_assert_cmpuint (first->len, >, 150);
  g_assert_cmpuint (first->len, <=, 200);

  for (guint i = 0; i < first->len; i++)
    {
      const RespiteDayRow *a = &g_array_index (first, RespiteDayRow, i);
      const RespiteDayRow *b = &g_array_index (again, RespiteDayRow, i);
      gint64 total = a->exposure_seconds[0] + a->exposure_seconds[1] + a->exposure_seconds[2];
      g_autoptr(GDateTime) day = NULL;
      g_autofree char *iso = g_strconcat (a->day, "T12:00:00Z", NULL);

      g_assert_cmpstr (a->member, ==, b->member);
      g_assert_cmpstr (a->day, ==, b->day);
      g_assert_cmpint (a->exposure_seconds[2], ==, b->exposure_seconds[2]);
      g_assert_cmpuint (a->wellbeing_sum, ==, b->wellbeing_sum);

      day = g_date_time_new_from_iso8601 (iso, NULL);
      g_assert_cmpint (g_date_time_get_day_of_week (day), <=, 5);  /* weekdays */
      g_assert_cmpstr (a->day, >=, "2026-02-02");
      g_assert_cmpstr (a->day, <=, "2026-03-01");
      for (guint j = 0; j < 3; j++)
        g_assert_cmpint (a->exposure_seconds[j], >=, 0);
      g_assert_cmpint (total, >=, 15 * 60);
      g_assert_cmpint (total, <=, 7 * 3600);
      g_assert_cmpint (a->longest_block_seconds, <=, total);
      g_assert_cmpuint (a->breaks_taken + a->breaks_snoozed + a->breaks_skipped, ==, a->breaks_prompted);
      g_assert_cmpint (a->cap_exceeded, ==, total > 4 * 3600);
      g_assert_cmpuint (a->wellbeing_count, <=, 1);
      g_assert_cmpuint (a->wellbeing_sum, <=, 100 * a->wellbeing_count);
      g_assert_cmpuint (a->wellbeing_sum % 4, ==, 0);  /* a percentage: raw × 4 */
      g_assert_cmpuint (a->checkins_done, >=, a->wellbeing_count);
      g_assert_cmpstr (a->policy_version, ==, "2026-02");
      cap += a->cap_exceeded;
      who5 += a->wellbeing_count;
      taken += a->breaks_taken;
      prompted += a->breaks_prompted;
    }

  /* Some caps passed, some WHO-5s, breaks mostly taken. */
  g_assert_cmpuint (cap, >, 0);
  g_assert_cmpuint (cap, <, first->len / 2);
  g_assert_cmpuint (who5, >, 0);
  g_assert_cmpfloat ((double) taken / prompted, >, 0.5);
  g_assert_cmpfloat ((double) taken / prompted, <, 0.95);

  /* Another seed, other data. */
  options.seed = 10;
  other = respite_demo_generate (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_array_index (other, RespiteDayRow, 0).member, !=,
                   g_array_index (first, RespiteDayRow, 0).member);

  options.teams = 0;
  g_assert_null (respite_demo_generate (&options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  test_dir = g_dir_make_tmp ("respite-test-report-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/report/period", test_period);
  g_test_add_func ("/report/suppression/teams-3-4-5-6", test_suppression_teams);
  g_test_add_func ("/report/suppression/small-subgroup", test_suppression_small_subgroup);
  g_test_add_func ("/report/suppression/attacker", test_suppression_attacker);
  g_test_add_func ("/report/dp/laplace", test_laplace);
  g_test_add_func ("/report/dp/store", test_dp);
  g_test_add_func ("/report/k-option", test_k_option);
  g_test_add_func ("/report/formats/csv-json", test_formats);
  g_test_add_func ("/report/formats/pdf", test_pdf);
  g_test_add_func ("/report/formats/pdf-signals", test_pdf_signals);
  g_test_add_func ("/demo/generate", test_demo);

  status = g_test_run ();

  remove_dir (test_dir);
  g_free (test_dir);
  return status;
}
