/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signals a lead's digest raises, on made-up sealed aggregates: each
 * rule at its threshold and just past it, runs broken by a missing or
 * hidden period, the comparisons, and that a hidden figure is never used
 * or shown.
 */

#include "config.h"

#include "respite-signals.h"

typedef struct
{
  guint  prompted, taken;
  double cap_share;
  double participation;
  guint  very_low;
  int    policy_age;
  gboolean suppressed;
} Week;

/* One team's weeks, from Monday 5 January 2026 on; a NULL start skips a week. */
static GPtrArray *
make_weeks (const Week *weeks,
            guint       n)
{
  GPtrArray *aggregates = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_team_aggregate_free);

  for (guint i = 0; i < n; i++)
    {
      RespiteTeamAggregate *a = g_new0 (RespiteTeamAggregate, 1);
      g_autoptr(GDate) date = g_date_new_dmy (5, G_DATE_JANUARY, 2026);
      char text[16];

      g_date_add_days (date, 7 * i);
      if (weeks[i].prompted == G_MAXUINT)  /* no aggregate for this week */
        {
          g_free (a);
          continue;
        }
      g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
      a->period_start = g_strdup (text);
      g_date_add_days (date, 6);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
      a->period_end = g_strdup (text);
      a->team = g_strdup ("North");
      a->suppressed = weeks[i].suppressed;
      a->policy_age_days = weeks[i].policy_age;
      if (!a->suppressed)
        {
          a->members = 6;
          a->member_days = 30;
          a->breaks_prompted = weeks[i].prompted;
          a->breaks_taken = weeks[i].taken;
          a->cap_exceeded_share = weeks[i].cap_share;
          a->checkin_participation = weeks[i].participation;
          a->median_exposure_hours = 2.5;
          a->wellbeing_respondents = 6;
          a->who5_very_low = weeks[i].very_low;
          a->who5_good = 6 - weeks[i].very_low;
          a->who5_member_mean = 60;
        }
      g_ptr_array_add (aggregates, a);
    }

  /* Any order will do. */
  for (guint i = 0; i + 1 < aggregates->len; i += 2)
    {
      gpointer tmp = aggregates->pdata[i];

      aggregates->pdata[i] = aggregates->pdata[i + 1];
      aggregates->pdata[i + 1] = tmp;
    }

  return aggregates;
}

static gboolean
has_signal (GPtrArray         *signals,
            RespiteSignalKind  kind)
{
  for (guint i = 0; i < signals->len; i++)
    if (((RespiteSignal *) g_ptr_array_index (signals, i))->kind == kind)
      return TRUE;

  return FALSE;
}

static GPtrArray *
find (const Week *weeks,
      guint       n)
{
  g_autoptr(GPtrArray) aggregates = make_weeks (weeks, n);

  return respite_signals_find (aggregates, RESPITE_PERIOD_WEEK);
}

#define OK { 10, 9, 0.1, 0.9, 0, 30, FALSE }

static void
test_quiet (void)
{
  const Week weeks[] = { OK, OK, OK, OK };
  g_autoptr(GPtrArray) signals = find (weeks, G_N_ELEMENTS (weeks));

  g_assert_cmpuint (signals->len, ==, 0);
}

static void
test_breaks (void)
{
  /* 7 in 10, three weeks running. */
  const Week low[] = { OK, { 10, 7, 0.1, 0.9, 0, 30 }, { 10, 7, 0.1, 0.9, 0, 30 },
                       { 10, 7, 0.1, 0.9, 0, 30 } };
  /* 8 in 10 is not below 4 in 5. */
  const Week edge[] = { { 10, 7, 0.1, 0.9, 0, 30 }, { 10, 8, 0.1, 0.9, 0, 30 },
                        { 10, 7, 0.1, 0.9, 0, 30 } };
  /* Two weeks are not three. */
  const Week two[] = { OK, { 10, 7, 0.1, 0.9, 0, 30 }, { 10, 7, 0.1, 0.9, 0, 30 } };
  /* A week missing from the store breaks the run. */
  const Week gap[] = { { 10, 7, 0.1, 0.9, 0, 30 }, { G_MAXUINT }, { 10, 7, 0.1, 0.9, 0, 30 },
                       { 10, 7, 0.1, 0.9, 0, 30 } };
  /* A hidden week is no evidence either way. */
  const Week hidden[] = { { 10, 7, 0.1, 0.9, 0, 30 }, { 0, 0, 0, 0, 0, 30, TRUE },
                          { 10, 7, 0.1, 0.9, 0, 30 } };
  g_autoptr(GPtrArray) signals = find (low, G_N_ELEMENTS (low));
  RespiteSignal *signal;

  g_assert_cmpuint (signals->len, ==, 1);
  signal = g_ptr_array_index (signals, 0);
  g_assert_cmpint (signal->kind, ==, RESPITE_SIGNAL_BREAKS_LOW);
  g_assert_nonnull (strstr (signal->finding, "three weeks running (70 % in the latest)"));
  g_assert_nonnull (strstr (signal->suggestion, "debrief"));
  g_clear_pointer (&signals, g_ptr_array_unref);

  signals = find (edge, G_N_ELEMENTS (edge));
  g_assert_false (has_signal (signals, RESPITE_SIGNAL_BREAKS_LOW));
  g_clear_pointer (&signals, g_ptr_array_unref);
  signals = find (two, G_N_ELEMENTS (two));
  g_assert_false (has_signal (signals, RESPITE_SIGNAL_BREAKS_LOW));
  g_clear_pointer (&signals, g_ptr_array_unref);
  signals = find (gap, G_N_ELEMENTS (gap));
  g_assert_false (has_signal (signals, RESPITE_SIGNAL_BREAKS_LOW));
  g_clear_pointer (&signals, g_ptr_array_unref);
  signals = find (hidden, G_N_ELEMENTS (hidden));
  g_assert_false (has_signal (signals, RESPITE_SIGNAL_BREAKS_LOW));
}

static void
test_cap (void)
{
  const Week rising[] = { { 10, 9, 0.05, 0.9, 0, 30 }, { 10, 9, 0.10, 0.9, 0, 30 },
                          { 10, 9, 0.20, 0.9, 0, 30 } };
  const Week flat[] = { { 10, 9, 0.05, 0.9, 0, 30 }, { 10, 9, 0.10, 0.9, 0, 30 },
                        { 10, 9, 0.10, 0.9, 0, 30 } };
  g_autoptr(GPtrArray) signals = find (rising, G_N_ELEMENTS (rising));

  g_assert_true (has_signal (signals, RESPITE_SIGNAL_CAP_RISING));
  g_assert_nonnull (strstr (((RespiteSignal *) g_ptr_array_index (signals, 0))->finding,
                            "rose two weeks running, to 20 %"));
  g_clear_pointer (&signals, g_ptr_array_unref);
  signals = find (flat, G_N_ELEMENTS (flat));
  g_assert_false (has_signal (signals, RESPITE_SIGNAL_CAP_RISING));
}

static void
test_wellbeing_and_check_ins (void)
{
  const Week low[] = { { 10, 9, 0.1, 0.3, 0, 30 }, { 10, 9, 0.1, 0.4, 5, 30 } };
  const Week earlier[] = { { 10, 9, 0.1, 0.4, 5, 30 }, { 10, 9, 0.1, 0.4, 0, 30 }, OK };
  /* A fortnightly WHO-5: every other week is low, and that is no sign. */
  const Week fortnightly[] = { OK, { 10, 9, 0.1, 0.3, 0, 30 }, OK, { 10, 9, 0.1, 0.3, 0, 30 } };
  const Week half[] = { { 10, 9, 0.1, 0.5, 0, 30 }, { 10, 9, 0.1, 0.5, 0, 30 } };
  g_autoptr(GPtrArray) signals = find (low, G_N_ELEMENTS (low));

  g_assert_cmpuint (signals->len, ==, 2);
  g_assert_true (has_signal (signals, RESPITE_SIGNAL_WHO5_VERY_LOW));
  g_assert_true (has_signal (signals, RESPITE_SIGNAL_CHECKINS_LOW));
  g_assert_nonnull (strstr (((RespiteSignal *) g_ptr_array_index (signals, 1))->finding,
                            "two weeks running (40 % in the latest)"));
  g_clear_pointer (&signals, g_ptr_array_unref);

  /* Only the latest periods count. */
  signals = find (earlier, G_N_ELEMENTS (earlier));
  g_assert_cmpuint (signals->len, ==, 0);
  g_clear_pointer (&signals, g_ptr_array_unref);
  signals = find (fortnightly, G_N_ELEMENTS (fortnightly));
  g_assert_cmpuint (signals->len, ==, 0);
  g_clear_pointer (&signals, g_ptr_array_unref);
  signals = find (half, G_N_ELEMENTS (half));
  g_assert_cmpuint (signals->len, ==, 0);
}

/* The bands' counts are hidden when any band is under k: then nothing. */
static void
test_wellbeing_hidden (void)
{
  const Week weeks[] = { OK, { 10, 9, 0.1, 0.9, 5, 30 } };
  g_autoptr(GPtrArray) aggregates = make_weeks (weeks, G_N_ELEMENTS (weeks));
  g_autoptr(GPtrArray) signals = NULL;

  for (guint i = 0; i < aggregates->len; i++)
    ((RespiteTeamAggregate *) g_ptr_array_index (aggregates, i))->who5_bands_suppressed = TRUE;

  signals = respite_signals_find (aggregates, RESPITE_PERIOD_WEEK);
  g_assert_false (has_signal (signals, RESPITE_SIGNAL_WHO5_VERY_LOW));
}

static void
test_policy (void)
{
  const Week old[] = { { 10, 9, 0.1, 0.9, 0, 366 } };
  const Week year[] = { { 10, 9, 0.1, 0.9, 0, 365 } };
  /* Known even when the group is hidden: the policy is nobody's figure. */
  const Week hidden[] = { { 0, 0, 0, 0, 0, 400, TRUE } };
  g_autoptr(GPtrArray) signals = find (old, 1);

  g_assert_true (has_signal (signals, RESPITE_SIGNAL_POLICY_REVIEW));
  g_clear_pointer (&signals, g_ptr_array_unref);
  signals = find (year, 1);
  g_assert_false (has_signal (signals, RESPITE_SIGNAL_POLICY_REVIEW));
  g_clear_pointer (&signals, g_ptr_array_unref);
  signals = find (hidden, 1);
  g_assert_cmpuint (signals->len, ==, 1);
  g_assert_true (has_signal (signals, RESPITE_SIGNAL_POLICY_REVIEW));
}

static void
test_compare (void)
{
  Week weeks[60];
  g_autoptr(GPtrArray) aggregates = NULL;
  const RespiteTeamAggregate *latest, *previous, *year_before;

  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    weeks[i] = (Week) { 10, i % 10, 0.1, 0.9, 0, 30 };
  aggregates = make_weeks (weeks, G_N_ELEMENTS (weeks));

  respite_signals_compare (aggregates, RESPITE_PERIOD_WEEK, &latest, &previous, &year_before);
  /* Week 59 from 5 January 2026 is that of 22 February 2027; 52 before. */
  g_assert_cmpstr (latest->period_start, ==, "2027-02-22");
  g_assert_cmpstr (previous->period_start, ==, "2027-02-15");
  g_assert_cmpstr (year_before->period_start, ==, "2026-02-23");
  g_assert_cmpuint (year_before->breaks_taken, ==, 7);
}

/* The latest change of policy: up to four periods each side, shown ones
 * only, periods compared and never people. */
static void
test_policy_change (void)
{
  Week weeks[9];
  g_autoptr(GPtrArray) aggregates = NULL;
  g_autofree char *digest = NULL;
  RespitePolicyChange change;

  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    weeks[i] = (Week) { 10, i < 6 ? 6 : 9, 0.1, 0.9, 0, 30 };
  /* Hidden: no evidence either side. */
  weeks[5].suppressed = TRUE;
  aggregates = make_weeks (weeks, G_N_ELEMENTS (weeks));
  g_assert_false (respite_signals_find_policy_change (aggregates, RESPITE_PERIOD_WEEK, &change));

  for (guint i = 0; i < aggregates->len; i++)
    {
      RespiteTeamAggregate *a = g_ptr_array_index (aggregates, i);

      /* The weeks of 2 and 9 February 2026 on: a new version. */
      a->policy_version = g_strdup (g_strcmp0 (a->period_start, "2026-02-02") >= 0 ? "2026-02"
                                                                                   : "2025-11");
    }
  g_assert_true (respite_signals_find_policy_change (aggregates, RESPITE_PERIOD_WEEK, &change));
  g_assert_cmpstr (change.previous_version, ==, "2025-11");
  g_assert_cmpstr (change.version, ==, "2026-02");
  g_assert_cmpstr (change.since, ==, "2026-02-02");
  /* Before: the four weeks of January, 6 in 10. Since: the four weeks
   * from 2 February, 6, hidden, 9 and 9 in 10: the mean of the three shown. */
  g_assert_true (change.has_before[RESPITE_TREND_BREAKS_TAKEN]);
  g_assert_cmpfloat_with_epsilon (change.before[RESPITE_TREND_BREAKS_TAKEN], 0.6, 1e-9);
  g_assert_true (change.has_after[RESPITE_TREND_BREAKS_TAKEN]);
  g_assert_cmpfloat_with_epsilon (change.after[RESPITE_TREND_BREAKS_TAKEN], 0.8, 1e-9);

  digest = respite_signals_write_digest (aggregates, "North", RESPITE_PERIOD_WEEK, 5, FALSE);
  g_assert_nonnull (strstr (digest, "Since the policy changed from 2025-11 to 2026-02, on "
                                    "2026-02-02\n"));
  g_assert_nonnull (strstr (digest, "Breaks taken, of those suggested: 60 % before, 80 % since\n"));
}

/* A hidden latest period shows no figure at all in the digest. */
static void
test_digest (void)
{
  const Week weeks[] = { { 10, 7, 0.1, 0.9, 0, 30 }, { 10, 7, 0.1, 0.9, 0, 30 },
                         { 10, 6, 0.1, 0.9, 0, 30 } };
  const Week hidden[] = { { 10, 7, 0.1, 0.4, 0, 30 }, { 0, 0, 0, 0, 0, 30, TRUE } };
  g_autoptr(GPtrArray) aggregates = make_weeks (weeks, G_N_ELEMENTS (weeks));
  g_autofree char *markdown = respite_signals_write_digest (aggregates, "North",
                                                            RESPITE_PERIOD_WEEK, 5, TRUE);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  g_assert_true (g_str_has_prefix (markdown, "# Respite digest for North\n\n"));
  g_assert_nonnull (strstr (markdown, "| Breaks taken, of those suggested | 60 % | 70 % | — |"));
  g_assert_nonnull (strstr (markdown, "## Needs attention\n\n- Fewer than 4 in 5"));
  g_clear_pointer (&aggregates, g_ptr_array_unref);

  aggregates = make_weeks (hidden, G_N_ELEMENTS (hidden));
  text = respite_signals_write_digest (aggregates, "North", RESPITE_PERIOD_WEEK, 5, FALSE);
  g_assert_nonnull (strstr (text, "are hidden"));
  g_assert_nonnull (strstr (text, "Breaks taken, of those suggested: hidden (before: 70 %;"));
  g_assert_null (strstr (text, "Days over the daily limit: 0"));
  g_clear_pointer (&text, g_free);

  text = respite_signals_write_digest (empty, "North", RESPITE_PERIOD_MONTH, 5, FALSE);
  g_assert_nonnull (strstr (text, "No sealed period yet"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signals/quiet", test_quiet);
  g_test_add_func ("/signals/breaks", test_breaks);
  g_test_add_func ("/signals/cap", test_cap);
  g_test_add_func ("/signals/wellbeing-and-check-ins", test_wellbeing_and_check_ins);
  g_test_add_func ("/signals/wellbeing-hidden", test_wellbeing_hidden);
  g_test_add_func ("/signals/policy", test_policy);
  g_test_add_func ("/signals/compare", test_compare);
  g_test_add_func ("/signals/policy-change", test_policy_change);
  g_test_add_func ("/signals/digest", test_digest);

  return g_test_run ();
}
