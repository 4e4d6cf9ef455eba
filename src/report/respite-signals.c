/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signals: what in a team's sealed figures may need a lead's attention,
 * with an action to suggest, and the comparisons a digest makes (the period
 * before, the same period a year before).
 *
 * Everything here reads figures a lead may already see: sealed periods,
 * each from at least k people, with hidden figures left hidden. A signal
 * restates shown figures and compares shown figures; it computes nothing
 * from a hidden one, so it adds no way to subtract one figure from another.
 * The rules, their thresholds and where they come from are in
 * docs/report.md, "Signals".
 */

#define G_LOG_DOMAIN "respite-signals"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "respite-day.h"
#include "respite-signals.h"

/* IWF's hourly break is the default (docs/policy-defaults.md); fewer than
 * four in five taken, three periods running, is a pattern, not a bad week. */
#define BREAKS_LOW_SHARE  0.8
#define BREAKS_LOW_RUN    3   /* "three … running" in the findings */
#define CAP_RISING_RUN    2   /* rises in a row: "two … running" */
#define CHECKINS_LOW_SHARE 0.5
#define CHECKINS_LOW_RUN   2   /* "two … running": a fortnightly WHO-5 halves every other week */
#define POLICY_REVIEW_DAYS 365

void
respite_signal_free (RespiteSignal *signal)
{
  if (signal == NULL)
    return;

  g_free (signal->finding);
  g_free (signal->suggestion);
  g_free (signal);
}

const char *
respite_trend_get_label (RespiteTrend trend)
{
  switch (trend)
    {
    case RESPITE_TREND_BREAKS_TAKEN:
      return _("Breaks taken, of those suggested");
    case RESPITE_TREND_CAP_EXCEEDED:
      return _("Days over the daily limit");
    case RESPITE_TREND_CHECKINS:
      return _("People who did a check-in");
    case RESPITE_TREND_WHO5_MEAN:
      return _("Wellbeing (WHO-5), mean");
    case RESPITE_TREND_MEDIAN_EXPOSURE:
      return _("Exposure in a day, median");
    case RESPITE_N_TRENDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
respite_trend_get_value (RespiteTrend                trend,
                         const RespiteTeamAggregate *aggregate,
                         double                     *value)
{
  g_return_val_if_fail (aggregate != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (aggregate->suppressed)
    return FALSE;

  switch (trend)
    {
    case RESPITE_TREND_BREAKS_TAKEN:
      if (aggregate->breaks_prompted == 0)
        return FALSE;
      *value = (double) aggregate->breaks_taken / aggregate->breaks_prompted;
      return TRUE;
    /* A figure a report hid on its own (complementary suppression, or
     * left out under noise) comes as NAN: unknown, like a hidden one. */
    case RESPITE_TREND_CAP_EXCEEDED:
      *value = aggregate->cap_exceeded_share;
      return isfinite (*value);
    case RESPITE_TREND_CHECKINS:
      *value = aggregate->checkin_participation;
      return isfinite (*value);
    case RESPITE_TREND_WHO5_MEAN:
      if (aggregate->wellbeing_suppressed || aggregate->who5_bands_suppressed)
        return FALSE;
      *value = aggregate->who5_member_mean;
      return isfinite (*value);
    case RESPITE_TREND_MEDIAN_EXPOSURE:
      *value = aggregate->median_exposure_hours;
      return isfinite (*value);
    case RESPITE_N_TRENDS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

char *
respite_trend_format (RespiteTrend trend,
                      double       value)
{
  switch (trend)
    {
    case RESPITE_TREND_BREAKS_TAKEN:
    case RESPITE_TREND_CAP_EXCEEDED:
    case RESPITE_TREND_CHECKINS:
      /* Translators: a share, e.g. "72 %" */
      return g_strdup_printf (_("%.0f %%"), value * 100);
    case RESPITE_TREND_WHO5_MEAN:
      return g_strdup_printf (_("%.0f %%"), value);
    case RESPITE_TREND_MEDIAN_EXPOSURE:
      /* Translators: hours, e.g. "2.4 h" */
      return g_strdup_printf (_("%.1f h"), value);
    case RESPITE_N_TRENDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static int
by_period (gconstpointer a,
           gconstpointer b)
{
  const RespiteTeamAggregate *x = *(RespiteTeamAggregate * const *) a;
  const RespiteTeamAggregate *y = *(RespiteTeamAggregate * const *) b;

  return g_strcmp0 (x->period_start, y->period_start);
}

/* (element-type RespiteTeamAggregate) (transfer container): oldest first */
static GPtrArray *
sorted (GPtrArray *aggregates)
{
  GPtrArray *copy = g_ptr_array_copy (aggregates, NULL, NULL);

  /* The copy borrows the aggregates. */
  g_ptr_array_set_free_func (copy, NULL);
  g_ptr_array_sort (copy, by_period);

  return copy;
}

/* The first day of the period @delta periods after the one starting on
 * @start (negative: before), or of the same period @years years before. */
static char *
shift_period (const char    *start,
              RespitePeriod  unit,
              int            delta,
              int            years)
{
  GDate date;
  char text[16];

  if (!respite_day_parse (start, &date))
    return NULL;

  if (years != 0)
    {
      /* 52 weeks keep the weekday and, but after a 53-week year, the number. */
      if (unit == RESPITE_PERIOD_WEEK)
        g_date_subtract_days (&date, 364 * years);
      else
        g_date_subtract_years (&date, years);
    }
  else if (unit == RESPITE_PERIOD_WEEK)
    {
      if (delta >= 0)
        g_date_add_days (&date, 7 * delta);
      else
        g_date_subtract_days (&date, 7 * -delta);
    }
  else
    {
      if (delta >= 0)
        g_date_add_months (&date, delta);
      else
        g_date_subtract_months (&date, -delta);
    }

  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);

  return g_strdup (text);
}

static const RespiteTeamAggregate *
find_period (GPtrArray  *periods,
             const char *start)
{
  for (guint i = 0; start != NULL && i < periods->len; i++)
    {
      const RespiteTeamAggregate *aggregate = g_ptr_array_index (periods, i);

      if (g_strcmp0 (aggregate->period_start, start) == 0)
        return aggregate;
    }

  return NULL;
}

/* The last @n periods, consecutive and ending with the latest, into @run;
 * FALSE if the store lacks one of them. */
static gboolean
last_run (GPtrArray                   *periods,
          RespitePeriod                unit,
          guint                        n,
          const RespiteTeamAggregate **run)
{
  const RespiteTeamAggregate *latest;

  if (periods->len == 0)
    return FALSE;

  latest = g_ptr_array_index (periods, periods->len - 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *start = shift_period (latest->period_start, unit, -(int) i, 0);

      run[n - 1 - i] = find_period (periods, start);
      if (run[n - 1 - i] == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
add_signal (GPtrArray         *signals,
            RespiteSignalKind  kind,
            char              *finding,
            const char        *suggestion)
{
  RespiteSignal *signal = g_new0 (RespiteSignal, 1);

  signal->kind = kind;
  signal->finding = finding;
  signal->suggestion = g_strdup (suggestion);
  g_ptr_array_add (signals, signal);
}

GPtrArray *
respite_signals_find (GPtrArray     *aggregates,
                      RespitePeriod  unit)
{
  g_autoptr(GPtrArray) periods = NULL;
  GPtrArray *signals = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_signal_free);
  const RespiteTeamAggregate *run[BREAKS_LOW_RUN];
  const RespiteTeamAggregate *latest;
  double value;

  g_return_val_if_fail (aggregates != NULL, signals);

  periods = sorted (aggregates);
  if (periods->len == 0)
    return signals;
  latest = g_ptr_array_index (periods, periods->len - 1);

  /* Breaks: low three periods running, each of them shown. */
  if (last_run (periods, unit, BREAKS_LOW_RUN, run))
    {
      gboolean low = TRUE;

      for (guint i = 0; i < BREAKS_LOW_RUN && low; i++)
        low = respite_trend_get_value (RESPITE_TREND_BREAKS_TAKEN, run[i], &value) &&
              value < BREAKS_LOW_SHARE;
      if (low)
        add_signal (signals, RESPITE_SIGNAL_BREAKS_LOW,
                    g_strdup_printf (unit == RESPITE_PERIOD_WEEK
                                     ? _("Fewer than 4 in 5 suggested breaks were taken, "
                                         "three weeks running (%.0f %% in the latest).")
                                     : _("Fewer than 4 in 5 suggested breaks were taken, "
                                         "three months running (%.0f %% in the latest)."),
                                     value * 100),
                    _("Ask the team, in a debrief, what gets in the way of breaks. A lighter "
                      "queue, or a colleague to hand over to, can make room for them."));
    }

  /* Days over the limit: rising two periods running. */
  if (last_run (periods, unit, CAP_RISING_RUN + 1, run))
    {
      double shares[CAP_RISING_RUN + 1];
      gboolean rising = TRUE;

      for (guint i = 0; i <= CAP_RISING_RUN && rising; i++)
        rising = respite_trend_get_value (RESPITE_TREND_CAP_EXCEEDED, run[i], &shares[i]) &&
                 (i == 0 || shares[i] > shares[i - 1]);
      if (rising)
        add_signal (signals, RESPITE_SIGNAL_CAP_RISING,
                    g_strdup_printf (unit == RESPITE_PERIOD_WEEK
                                     ? _("The share of days over the daily limit rose two "
                                         "weeks running, to %.0f %%.")
                                     : _("The share of days over the daily limit rose two "
                                         "months running, to %.0f %%."),
                                     shares[CAP_RISING_RUN] * 100),
                    _("Consider rotating people away from the most intense material for a "
                      "while, and check that the workload fits within the limit."));
    }

  /* The WHO-5's lowest band: its count is shown only when each band holds
   * k people or none, so a shown count above zero is k people or more. */
  if (!latest->suppressed && !latest->wellbeing_suppressed && !latest->who5_bands_suppressed &&
      latest->who5_very_low > 0)
    add_signal (signals, RESPITE_SIGNAL_WHO5_VERY_LOW,
                g_strdup_printf (unit == RESPITE_PERIOD_WEEK
                                 ? g_dngettext (GETTEXT_PACKAGE,
                                                "In the latest week, %u person’s check-ins were "
                                                "in the WHO-5’s very low band.",
                                                "In the latest week, %u people’s check-ins were "
                                                "in the WHO-5’s very low band.",
                                                latest->who5_very_low)
                                 : g_dngettext (GETTEXT_PACKAGE,
                                                "In the latest month, %u person’s check-ins "
                                                "were in the WHO-5’s very low band.",
                                                "In the latest month, %u people’s check-ins "
                                                "were in the WHO-5’s very low band.",
                                                latest->who5_very_low),
                                 latest->who5_very_low),
                _("Remind everyone of the counselling service and how to reach it, and "
                  "consider a group session with the contracted counsellors. Supervision "
                  "can ask how people are, without asking who."));

  /* Check-ins: low two periods running, as a team whose WHO-5 falls due
   * every other week has half as many in the weeks between. */
  if (last_run (periods, unit, CHECKINS_LOW_RUN, run))
    {
      gboolean low = TRUE;

      for (guint i = 0; i < CHECKINS_LOW_RUN && low; i++)
        low = respite_trend_get_value (RESPITE_TREND_CHECKINS, run[i], &value) &&
              value < CHECKINS_LOW_SHARE;
      if (low)
        add_signal (signals, RESPITE_SIGNAL_CHECKINS_LOW,
                    g_strdup_printf (unit == RESPITE_PERIOD_WEEK
                                     ? _("Fewer than half of the team did a check-in, two weeks "
                                         "running (%.0f %% in the latest).")
                                     : _("Fewer than half of the team did a check-in, two months "
                                         "running (%.0f %% in the latest)."),
                                     value * 100),
                    _("Remind the team that a check-in’s answers stay on their computer, and "
                      "leave time for it in the shift."));
    }

  /* The policy is nobody's figure: known even when the group is hidden. */
  if (latest->policy_age_days > POLICY_REVIEW_DAYS)
    add_signal (signals, RESPITE_SIGNAL_POLICY_REVIEW,
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The policy in force was last changed %d day "
                                              "ago.",
                                              "The policy in force was last changed %d days "
                                              "ago.",
                                              latest->policy_age_days),
                                 latest->policy_age_days),
                _("Review the policy with staff, HR and the counselling service, as the "
                  "organisation’s practices should be reviewed regularly, and publish the new "
                  "version."));

  return signals;
}

void
respite_signals_compare (GPtrArray                   *aggregates,
                         RespitePeriod                unit,
                         const RespiteTeamAggregate **latest,
                         const RespiteTeamAggregate **previous,
                         const RespiteTeamAggregate **year_before)
{
  g_autoptr(GPtrArray) periods = sorted (aggregates);
  g_autofree char *before = NULL;
  g_autofree char *last_year = NULL;

  *latest = *previous = *year_before = NULL;
  if (periods->len == 0)
    return;

  *latest = g_ptr_array_index (periods, periods->len - 1);
  before = shift_period ((*latest)->period_start, unit, -1, 0);
  last_year = shift_period ((*latest)->period_start, unit, 0, 1);
  *previous = find_period (periods, before);
  *year_before = find_period (periods, last_year);
}

/* The mean of @trend over the shown periods of periods[from, to). */
static gboolean
mean_of (GPtrArray    *periods,
         guint         from,
         guint         to,
         RespiteTrend  trend,
         double       *mean)
{
  double sum = 0, value;
  guint n = 0;

  for (guint i = from; i < to; i++)
    if (respite_trend_get_value (trend, g_ptr_array_index (periods, i), &value))
      {
        sum += value;
        n++;
      }

  if (n > 0)
    *mean = sum / n;

  return n > 0;
}

/**
 * respite_signals_find_policy_change:
 *
 * Returns: %FALSE when every period (that names one) ran the same policy
 */
gboolean
respite_signals_find_policy_change (GPtrArray           *aggregates,
                                    RespitePeriod        unit,
                                    RespitePolicyChange *change)
{
  g_autoptr(GPtrArray) periods = NULL;
  guint at = 0;

  g_return_val_if_fail (aggregates != NULL, FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  memset (change, 0, sizeof *change);
  periods = sorted (aggregates);

  /* The latest period whose version differs from the one before it. */
  for (guint i = 1; i < periods->len; i++)
    {
      const RespiteTeamAggregate *before = g_ptr_array_index (periods, i - 1);
      const RespiteTeamAggregate *now = g_ptr_array_index (periods, i);

      if (before->policy_version != NULL && now->policy_version != NULL &&
          !g_str_equal (before->policy_version, now->policy_version))
        at = i;
    }
  if (at == 0)
    return FALSE;

  change->version = ((RespiteTeamAggregate *) g_ptr_array_index (periods, at))->policy_version;
  change->previous_version =
    ((RespiteTeamAggregate *) g_ptr_array_index (periods, at - 1))->policy_version;
  change->since = ((RespiteTeamAggregate *) g_ptr_array_index (periods, at))->period_start;

  for (RespiteTrend trend = 0; trend < RESPITE_N_TRENDS; trend++)
    {
      change->has_before[trend] =
        mean_of (periods, at >= RESPITE_POLICY_CHANGE_PERIODS ? at - RESPITE_POLICY_CHANGE_PERIODS : 0,
                 at, trend, &change->before[trend]);
      change->has_after[trend] =
        mean_of (periods, at, MIN (periods->len, at + RESPITE_POLICY_CHANGE_PERIODS), trend,
                 &change->after[trend]);
    }

  return TRUE;
}

char *
respite_policy_change_dup_mean (const RespitePolicyChange *change,
                                RespiteTrend               trend,
                                gboolean                   since)
{
  g_return_val_if_fail (change != NULL && trend < RESPITE_N_TRENDS, NULL);

  if (!(since ? change->has_after : change->has_before)[trend])
    return g_strdup (_("hidden"));

  return respite_trend_format (trend, (since ? change->after : change->before)[trend]);
}

const char *
respite_policy_change_get_method (RespitePeriod unit)
{
  return unit == RESPITE_PERIOD_WEEK
         ? _("Each figure’s mean over up to four weeks before the change and four weeks from it: "
             "periods compared, not people.")
         : _("Each figure’s mean over up to four months before the change and four months from "
             "it: periods compared, not people.");
}

char *
respite_trend_dup_cell (RespiteTrend                trend,
                        const RespiteTeamAggregate *aggregate)
{
  double value;

  if (aggregate == NULL)
    return g_strdup ("—");
  if (!respite_trend_get_value (trend, aggregate, &value))
    /* Translators: a figure not shown, from fewer than k people */
    return g_strdup (_("hidden"));

  return respite_trend_format (trend, value);
}

char *
respite_signals_write_digest (GPtrArray     *aggregates,
                              const char    *team,
                              RespitePeriod  unit,
                              guint          k,
                              gboolean       markdown)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) signals = NULL;
  const RespiteTeamAggregate *latest, *previous, *year_before;
  RespitePolicyChange change;

  g_return_val_if_fail (aggregates != NULL, NULL);
  g_return_val_if_fail (team != NULL, NULL);

  respite_signals_compare (aggregates, unit, &latest, &previous, &year_before);

  if (markdown)
    g_string_append (out, "# ");
  /* Translators: the team's name */
  g_string_append_printf (out, _("Respite digest for %s"), team);
  g_string_append (out, "\n\n");

  if (latest == NULL)
    {
      g_string_append_printf (out, "%s\n", _("No sealed period yet: nothing to report."));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  g_string_append_printf (out, unit == RESPITE_PERIOD_WEEK
                                 ? _("The week of %s to %s, against the week before and the "
                                     "same week a year before. Figures come from %u people or "
                                     "more.")
                                 : _("The month of %s to %s, against the month before and the "
                                     "same month a year before. Figures come from %u people or "
                                     "more."),
                          latest->period_start, latest->period_end, k);
  g_string_append (out, "\n\n");

  if (latest->suppressed)
    g_string_append_printf (out, "%s\n\n", _("The latest period’s figures come from fewer "
                                             "people than that, and are hidden."));

  if (markdown)
    g_string_append_printf (out, "| | %s | %s | %s |\n| --- | --- | --- | --- |\n",
                            _("Latest"), _("Before"), _("A year before"));
  for (RespiteTrend trend = 0; trend < RESPITE_N_TRENDS; trend++)
    {
      g_autofree char *now = respite_trend_dup_cell (trend, latest);
      g_autofree char *then = respite_trend_dup_cell (trend, previous);
      g_autofree char *last_year = respite_trend_dup_cell (trend, year_before);

      if (markdown)
        g_string_append_printf (out, "| %s | %s | %s | %s |\n", respite_trend_get_label (trend),
                                now, then, last_year);
      else
        /* Translators: a figure, then the period before and a year before */
        g_string_append_printf (out, _("%s: %s (before: %s; a year before: %s)\n"),
                                respite_trend_get_label (trend), now, then, last_year);
    }

  if (respite_signals_find_policy_change (aggregates, unit, &change))
    {
      g_string_append (out, markdown ? "\n## " : "\n");
      /* Translators: a policy version, the one before it, and a day */
      g_string_append_printf (out, _("Since the policy changed from %s to %s, on %s"),
                              change.previous_version, change.version, change.since);
      g_string_append (out, markdown ? "\n\n" : "\n");
      g_string_append_printf (out, "%s\n\n", respite_policy_change_get_method (unit));
      if (markdown)
        g_string_append_printf (out, "| | %s | %s |\n| --- | --- | --- |\n", _("Before"),
                                _("Since"));
      for (RespiteTrend trend = 0; trend < RESPITE_N_TRENDS; trend++)
        {
          g_autofree char *before = respite_policy_change_dup_mean (&change, trend, FALSE);
          g_autofree char *after = respite_policy_change_dup_mean (&change, trend, TRUE);

          if (markdown)
            g_string_append_printf (out, "| %s | %s | %s |\n", respite_trend_get_label (trend),
                                    before, after);
          else
            /* Translators: a figure, its mean before and since the change */
            g_string_append_printf (out, _("%s: %s before, %s since\n"),
                                    respite_trend_get_label (trend), before, after);
        }
    }

  signals = respite_signals_find (aggregates, unit);
  g_string_append_printf (out, markdown ? "\n## %s\n\n" : "\n%s\n", _("Needs attention"));
  if (signals->len == 0)
    g_string_append_printf (out, "%s\n", _("Nothing in these figures."));
  for (guint i = 0; i < signals->len; i++)
    {
      RespiteSignal *signal = g_ptr_array_index (signals, i);

      g_string_append_printf (out, markdown ? "- %s\n  *%s*\n" : "- %s\n  %s\n",
                              signal->finding, signal->suggestion);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
