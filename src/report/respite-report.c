/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteReport: the figures HR exports, per team and week or month.
 *
 * The store's k-enforcing view computes them (SQL aggregates, never rows
 * loaded into C) and already hides small groups with the store's k. Here:
 * a larger k if HR asked for one, complementary suppression
 * (respite-report-suppression.c), optional Laplace noise, the ledger of
 * releases and the welfare programme summary. docs/report.md explains the
 * method for readers of the reports.
 */

#define G_LOG_DOMAIN "respite-report"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "respite-report-private.h"

/* CLAMP() evaluates its argument more than once: not for random draws. */
static inline double
clamp (double value,
       double low,
       double high)
{
  return value < low ? low : value > high ? high : value;
}

G_DEFINE_QUARK (respite-report-error-quark, respite_report_error)

/* Under ε, each release asks these many noisy questions of every group
 * (members, member-days, exposure, cap days, breaks prompted, breaks
 * taken, check-in members, respondents, the band histogram, the WHO-5
 * sum): each gets ε / DP_QUERIES (sequential composition). */
#define DP_QUERIES 10
/* At most one break prompt per 10 minutes of exposure (the policy's
 * shortest interval): 144 a day. */
#define DP_MAX_PROMPTS_PER_DAY 144

struct _RespiteReport
{
  GObject                 parent_instance;

  char                   *period;          /* (owned) */
  char                   *from_day;        /* (owned) */
  char                   *to_day;          /* (owned) */
  RespitePeriod           unit;
  GDateTime              *generated_at;    /* (owned) */
  guint                   k;
  guint                   store_k;
  double                  epsilon;
  double                  epsilon_spent;
  double                  epsilon_budget;
  double                  noise[RESPITE_REPORT_N_FIGURES];
  GPtrArray              *rows;            /* (owned) (element-type RespiteReportRow) */
  RespiteReportProgramme  programme;
};

G_DEFINE_FINAL_TYPE (RespiteReport, respite_report, G_TYPE_OBJECT)

static void
report_row_free (RespiteReportRow *row)
{
  g_free (row->team);
  g_free (row->period_start);
  g_free (row->period_end);
  g_free (row->policy_version);
  g_free (row);
}

static void
respite_report_finalize (GObject *object)
{
  RespiteReport *self = RESPITE_REPORT (object);

  g_clear_pointer (&self->period, g_free);
  g_clear_pointer (&self->from_day, g_free);
  g_clear_pointer (&self->to_day, g_free);
  g_clear_pointer (&self->generated_at, g_date_time_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->programme.policy_version, g_free);

  G_OBJECT_CLASS (respite_report_parent_class)->finalize (object);
}

static void
respite_report_class_init (RespiteReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_report_finalize;
}

static void
respite_report_init (RespiteReport *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) report_row_free);
}

static const struct
{
  const char *id;
  const char *label;
} figures[RESPITE_REPORT_N_FIGURES] = {
  { "members", N_("Members reporting") },
  { "member_days", N_("Member-days") },
  { "exposure_hours", N_("Exposure hours") },
  { "median_exposure_hours", N_("Median exposure hours a day") },
  { "cap_exceeded_share", N_("Days over the daily cap") },
  { "breaks_prompted", N_("Breaks prompted") },
  { "breaks_taken", N_("Breaks taken") },
  { "checkin_participation", N_("Check-in participation") },
  { "who5_respondents", N_("WHO-5 respondents") },
  { "who5_very_low", N_("WHO-5 very low (0–7)") },
  { "who5_low", N_("WHO-5 low (8–12)") },
  { "who5_good", N_("WHO-5 good (13–25)") },
  { "who5_mean_percent", N_("WHO-5 mean (%)") },
  { "policy_age_days", N_("Policy age (days)") },
};

const char *
respite_report_figure_get_id (RespiteReportFigure figure)
{
  g_return_val_if_fail (figure < RESPITE_REPORT_N_FIGURES, NULL);
  return figures[figure].id;
}

const char *
respite_report_figure_get_label (RespiteReportFigure figure)
{
  g_return_val_if_fail (figure < RESPITE_REPORT_N_FIGURES, NULL);
  return _(figures[figure].label);
}

const char *
respite_cell_state_get_id (RespiteCellState state)
{
  static const char * const ids[] = { "", "k", "complementary", "dp" };

  g_return_val_if_fail (state <= RESPITE_CELL_OMITTED_DP, "");
  return ids[state];
}

gboolean
respite_report_figure_is_count (RespiteReportFigure figure)
{
  switch (figure)
    {
    case RESPITE_REPORT_MEMBERS:
    case RESPITE_REPORT_MEMBER_DAYS:
    case RESPITE_REPORT_BREAKS_PROMPTED:
    case RESPITE_REPORT_BREAKS_TAKEN:
    case RESPITE_REPORT_WHO5_RESPONDENTS:
    case RESPITE_REPORT_WHO5_VERY_LOW:
    case RESPITE_REPORT_WHO5_LOW:
    case RESPITE_REPORT_WHO5_GOOD:
    case RESPITE_REPORT_POLICY_AGE_DAYS:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
respite_report_figure_is_share (RespiteReportFigure figure)
{
  return figure == RESPITE_REPORT_CAP_EXCEEDED_SHARE ||
         figure == RESPITE_REPORT_CHECKIN_PARTICIPATION;
}

char *
respite_report_format_value (RespiteReportFigure figure,
                             double              value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (respite_report_figure_is_count (figure))
    return g_strdup_printf ("%.0f", value);

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer,
                                    respite_report_figure_is_share (figure) ? "%.3f" : "%.2f",
                                    value));
}

char *
respite_report_row_dup_flags (const RespiteReportRow *row)
{
  g_autoptr(GString) flags = g_string_new ("");

  for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
    if (row->cells[f].state != RESPITE_CELL_SHOWN)
      g_string_append_printf (flags, "%s%s:%s", flags->len > 0 ? " " : "",
                              figures[f].id, respite_cell_state_get_id (row->cells[f].state));

  return g_string_free (g_steal_pointer (&flags), FALSE);
}

/* Building the table. */

static void
set_cell (RespiteReportRow    *row,
          RespiteReportFigure  figure,
          double               value)
{
  row->cells[figure].value = value;
  row->cells[figure].state = RESPITE_CELL_SHOWN;
}

/* The teams' rows, or the groups'. */
static GPtrArray *
read_rows (RespiteTeamStore            *store,
           const RespiteReportOptions  *options,
           RespitePeriod                period,
           GError                     **error)
{
  if (options->team_unit == RESPITE_TEAM_UNIT_GROUP)
    return respite_team_store_read_group_aggregates (store, options->team, period,
                                                     options->from_day, options->to_day, error);

  return respite_team_store_read_aggregates (store, options->team, period,
                                             options->from_day, options->to_day, error);
}

static RespiteReportRow *
row_from_aggregate (const RespiteTeamAggregate *a)
{
  RespiteReportRow *row = g_new0 (RespiteReportRow, 1);

  row->team = g_strdup (a->team);
  row->period_start = g_strdup (a->period_start);
  row->period_end = g_strdup (a->period_end);
  row->policy_version = g_strdup (a->policy_version);
  row->unit = a->unit;
  row->coverage_shown = !a->coverage_suppressed;
  row->registered = a->registered;
  row->coverage = a->coverage;

  set_cell (row, RESPITE_REPORT_MEMBERS, a->members);
  set_cell (row, RESPITE_REPORT_MEMBER_DAYS, a->member_days);
  set_cell (row, RESPITE_REPORT_EXPOSURE_HOURS, a->exposure_hours);
  set_cell (row, RESPITE_REPORT_MEDIAN_EXPOSURE_HOURS, a->median_exposure_hours);
  set_cell (row, RESPITE_REPORT_CAP_EXCEEDED_SHARE, a->cap_exceeded_share);
  set_cell (row, RESPITE_REPORT_BREAKS_PROMPTED, a->breaks_prompted);
  set_cell (row, RESPITE_REPORT_BREAKS_TAKEN, a->breaks_taken);
  set_cell (row, RESPITE_REPORT_CHECKIN_PARTICIPATION, a->checkin_participation);
  set_cell (row, RESPITE_REPORT_WHO5_RESPONDENTS, a->wellbeing_respondents);
  set_cell (row, RESPITE_REPORT_WHO5_VERY_LOW, a->who5_very_low);
  set_cell (row, RESPITE_REPORT_WHO5_LOW, a->who5_low);
  set_cell (row, RESPITE_REPORT_WHO5_GOOD, a->who5_good);
  set_cell (row, RESPITE_REPORT_WHO5_MEAN_PERCENT, a->who5_member_mean);
  set_cell (row, RESPITE_REPORT_POLICY_AGE_DAYS, a->policy_age_days);

  return row;
}

/* With a k above the store's, a month is hidden if any week it touches
 * has fewer than k members, as the store does with its own k: else the
 * month minus its other weeks would give the small week away. */
static void
weeks_below_k (GPtrArray                  *weeks,
               const RespiteTeamAggregate *month,
               guint                       k,
               gboolean                   *members_small,
               gboolean                   *respondents_small)
{
  *members_small = *respondents_small = FALSE;

  for (guint i = 0; weeks != NULL && i < weeks->len; i++)
    {
      const RespiteTeamAggregate *week = weeks->pdata[i];

      if (g_strcmp0 (week->team, month->team) != 0 ||
          g_strcmp0 (week->period_start, month->period_end) > 0 ||
          g_strcmp0 (week->period_end, month->period_start) < 0)
        continue;

      if (week->suppressed || week->members < k)
        *members_small = TRUE;
      if (!week->wellbeing_suppressed && week->wellbeing_respondents < k)
        *respondents_small = TRUE;
    }
}

static const RespiteReportFigure wellbeing_figures[] = {
  RESPITE_REPORT_WHO5_RESPONDENTS, RESPITE_REPORT_WHO5_VERY_LOW, RESPITE_REPORT_WHO5_LOW,
  RESPITE_REPORT_WHO5_GOOD, RESPITE_REPORT_WHO5_MEAN_PERCENT,
};

/* Feeds the rows to the suppression: each cell with the people behind it,
 * what the store hid already, and the one relation within a row (the bands
 * add up to the respondents). The release holds no total across rows: the
 * store's views have no all-teams total, and a week table holds no month. */
static void
suppress (RespiteReport *self,
          GPtrArray     *aggregates,
          GPtrArray     *weeks)
{
  g_autoptr(RespiteSuppression) suppression = respite_suppression_new (self->k);
  g_autofree guint *ids = g_new (guint, (gsize) aggregates->len * RESPITE_REPORT_N_FIGURES);

  for (guint i = 0; i < aggregates->len; i++)
    {
      const RespiteTeamAggregate *a = aggregates->pdata[i];
      RespiteReportRow *row = self->rows->pdata[i];
      guint *id = &ids[i * RESPITE_REPORT_N_FIGURES];
      gboolean members_small = FALSE, respondents_small = FALSE;
      guint bands[3];

      if (self->unit == RESPITE_PERIOD_MONTH && self->k > self->store_k)
        weeks_below_k (weeks, a, self->k, &members_small, &respondents_small);

      for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
        {
          guint people = a->members;

          if (f == RESPITE_REPORT_POLICY_AGE_DAYS)
            people = G_MAXUINT;
          else if (f >= RESPITE_REPORT_WHO5_VERY_LOW && f <= RESPITE_REPORT_WHO5_GOOD)
            people = (guint) row->cells[f].value;
          else if (f == RESPITE_REPORT_WHO5_RESPONDENTS || f == RESPITE_REPORT_WHO5_MEAN_PERCENT)
            people = a->wellbeing_respondents;

          id[f] = respite_suppression_add_cell (suppression, row->cells[f].value, people);
        }

      if (a->suppressed || members_small)
        for (guint f = 0; f < RESPITE_REPORT_POLICY_AGE_DAYS; f++)
          respite_suppression_hide (suppression, id[f], RESPITE_CELL_HIDDEN_K);
      if (a->wellbeing_suppressed || respondents_small)
        for (guint j = 0; j < G_N_ELEMENTS (wellbeing_figures); j++)
          respite_suppression_hide (suppression, id[wellbeing_figures[j]], RESPITE_CELL_HIDDEN_K);
      if (a->who5_bands_suppressed)
        for (guint f = RESPITE_REPORT_WHO5_VERY_LOW; f <= RESPITE_REPORT_WHO5_GOOD; f++)
          respite_suppression_hide (suppression, id[f], RESPITE_CELL_HIDDEN_K);

      bands[0] = id[RESPITE_REPORT_WHO5_VERY_LOW];
      bands[1] = id[RESPITE_REPORT_WHO5_LOW];
      bands[2] = id[RESPITE_REPORT_WHO5_GOOD];
      respite_suppression_add_relation (suppression, id[RESPITE_REPORT_WHO5_RESPONDENTS],
                                        bands, 3);
    }

  respite_suppression_run (suppression);

  for (guint i = 0; i < self->rows->len; i++)
    {
      RespiteReportRow *row = self->rows->pdata[i];

      for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
        {
          row->cells[f].state = respite_suppression_get_state (suppression,
                                                               ids[i * RESPITE_REPORT_N_FIGURES + f]);
          if (row->cells[f].state != RESPITE_CELL_SHOWN)
            row->cells[f].value = 0;
        }
    }
}

/* Differential privacy. */

/**
 * respite_report_laplace:
 *
 * Inverse transform: for u uniform in (-1/2, 1/2),
 * -b sgn(u) ln(1 - 2|u|) is Laplace(0, b).
 */
double
respite_report_laplace (GRand  *rand,
                        double  b)
{
  double u;

  do
    u = g_rand_double (rand) - 0.5;
  while (u == -0.5);

  return -b * (u < 0 ? -1 : 1) * log (1 - 2 * fabs (u));
}

static void
add_noise (RespiteReport *self,
           GRand         *rand)
{
  double e = self->epsilon / DP_QUERIES;
  double days = self->unit == RESPITE_PERIOD_WEEK ? 7 : 31;

  /* Sensitivity: what one member can change, at most, in a group. */
  self->noise[RESPITE_REPORT_MEMBERS] = 1 / e;
  self->noise[RESPITE_REPORT_MEMBER_DAYS] = days / e;
  self->noise[RESPITE_REPORT_EXPOSURE_HOURS] = 24 * days / e;
  self->noise[RESPITE_REPORT_CAP_EXCEEDED_SHARE] = days / e;  /* on the days over the cap */
  self->noise[RESPITE_REPORT_BREAKS_PROMPTED] = DP_MAX_PROMPTS_PER_DAY * days / e;
  self->noise[RESPITE_REPORT_BREAKS_TAKEN] = DP_MAX_PROMPTS_PER_DAY * days / e;
  self->noise[RESPITE_REPORT_CHECKIN_PARTICIPATION] = 1 / e;  /* on the members who did one */
  self->noise[RESPITE_REPORT_WHO5_RESPONDENTS] = 1 / e;
  /* One member is in one band: the histogram is one question. */
  self->noise[RESPITE_REPORT_WHO5_VERY_LOW] = 1 / e;
  self->noise[RESPITE_REPORT_WHO5_LOW] = 1 / e;
  self->noise[RESPITE_REPORT_WHO5_GOOD] = 1 / e;
  self->noise[RESPITE_REPORT_WHO5_MEAN_PERCENT] = 100 / e;    /* on the sum of means, 0–100 % */

  for (guint i = 0; i < self->rows->len; i++)
    {
      RespiteReportRow *row = self->rows->pdata[i];
      RespiteReportCell *c = row->cells;
      double members = c[RESPITE_REPORT_MEMBERS].value;
      double member_days = c[RESPITE_REPORT_MEMBER_DAYS].value;
      double respondents = c[RESPITE_REPORT_WHO5_RESPONDENTS].value;
      double noisy_members, noisy_days, noisy_respondents;

      noisy_members = clamp (members + respite_report_laplace (rand, self->noise[RESPITE_REPORT_MEMBERS]), 1, G_MAXDOUBLE);
      noisy_days = clamp (member_days + respite_report_laplace (rand, self->noise[RESPITE_REPORT_MEMBER_DAYS]), 1, G_MAXDOUBLE);
      noisy_respondents = clamp (respondents + respite_report_laplace (rand, self->noise[RESPITE_REPORT_WHO5_RESPONDENTS]), 1, G_MAXDOUBLE);

      for (guint f = 0; f < RESPITE_REPORT_POLICY_AGE_DAYS; f++)
        {
          double value = c[f].value;
          double noisy;

          if (c[f].state != RESPITE_CELL_SHOWN)
            continue;

          switch (f)
            {
            case RESPITE_REPORT_MEMBERS:
              noisy = noisy_members;
              break;
            case RESPITE_REPORT_MEMBER_DAYS:
              noisy = noisy_days;
              break;
            case RESPITE_REPORT_WHO5_RESPONDENTS:
              noisy = noisy_respondents;
              break;
            case RESPITE_REPORT_MEDIAN_EXPOSURE_HOURS:
              /* No simple private median: left out. */
              c[f].state = RESPITE_CELL_OMITTED_DP;
              c[f].value = 0;
              continue;
            case RESPITE_REPORT_CAP_EXCEEDED_SHARE:
              noisy = clamp ((value * member_days + respite_report_laplace (rand, self->noise[f])) / noisy_days, 0, 1);
              break;
            case RESPITE_REPORT_CHECKIN_PARTICIPATION:
              noisy = clamp ((value * members + respite_report_laplace (rand, self->noise[f])) / noisy_members, 0, 1);
              break;
            case RESPITE_REPORT_WHO5_MEAN_PERCENT:
              /* A bounded mean: noisy sum of the means (0–100 %) over the noisy count. */
              noisy = clamp ((value * respondents + respite_report_laplace (rand, self->noise[f])) / noisy_respondents, 0, 100);
              break;
            default:
              noisy = clamp (value + respite_report_laplace (rand, self->noise[f]), 0, G_MAXDOUBLE);
              break;
            }

          c[f].value = respite_report_figure_is_count (f) ? round (noisy) : noisy;
        }
    }
}

/* The welfare programme, from the published figures and the policy. */

static void
make_programme (RespiteReport *self,
                RespitePolicy *policy)
{
  RespiteReportProgramme *p = &self->programme;
  double taken = 0, prompted = 0, participants = 0, members = 0, over = 0, days = 0;
  const RespiteReportRow *latest = NULL;

  p->support_services = policy != NULL
                        ? (int) respite_support_get_services (respite_policy_get_support (policy))->len
                        : -1;
  p->counselling_interval = policy != NULL ? respite_policy_get_counselling_interval (policy) : -1;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const RespiteReportRow *row = self->rows->pdata[i];
      const RespiteReportCell *c = row->cells;

      if (c[RESPITE_REPORT_BREAKS_PROMPTED].state == RESPITE_CELL_SHOWN &&
          c[RESPITE_REPORT_BREAKS_TAKEN].state == RESPITE_CELL_SHOWN)
        {
          taken += c[RESPITE_REPORT_BREAKS_TAKEN].value;
          prompted += c[RESPITE_REPORT_BREAKS_PROMPTED].value;
        }
      if (c[RESPITE_REPORT_MEMBERS].state == RESPITE_CELL_SHOWN &&
          c[RESPITE_REPORT_CHECKIN_PARTICIPATION].state == RESPITE_CELL_SHOWN)
        {
          participants += c[RESPITE_REPORT_CHECKIN_PARTICIPATION].value * c[RESPITE_REPORT_MEMBERS].value;
          members += c[RESPITE_REPORT_MEMBERS].value;
        }
      if (c[RESPITE_REPORT_MEMBER_DAYS].state == RESPITE_CELL_SHOWN &&
          c[RESPITE_REPORT_CAP_EXCEEDED_SHARE].state == RESPITE_CELL_SHOWN)
        {
          over += c[RESPITE_REPORT_CAP_EXCEEDED_SHARE].value * c[RESPITE_REPORT_MEMBER_DAYS].value;
          days += c[RESPITE_REPORT_MEMBER_DAYS].value;
        }
      if (row->policy_version != NULL &&
          (latest == NULL || g_strcmp0 (row->period_end, latest->period_end) >= 0))
        latest = row;
    }

  p->break_adherence = prompted > 0 ? MIN (1, taken / prompted) : -1;
  p->checkin_participation = members > 0 ? participants / members : -1;
  p->cap_exceeded_share = days > 0 ? over / days : -1;
  p->policy_version = g_strdup (latest != NULL ? latest->policy_version : NULL);
  p->policy_age_days = latest != NULL ? (int) latest->cells[RESPITE_REPORT_POLICY_AGE_DAYS].value : -1;
  p->policy_review_due = p->policy_age_days > 365;

  p->phase = respite_report_programme_get_phase (p);
}

/**
 * respite_report_programme_get_phase:
 *
 * Where the programme stands on the WeProtect/UNICEF maturity model, from
 * every field of @programme but the phase. The thresholds are Respite's
 * design choices, read against the seeds' practices (docs/report.md):
 * contracted support, breaks taken, check-ins, counselling reminders and a
 * policy reviewed every year.
 *
 * Returns: 0 Building … 3 Maturity
 */
guint
respite_report_programme_get_phase (const RespiteReportProgramme *p)
{
  gboolean support = p->support_services > 0;
  gboolean fresh = p->policy_age_days >= 0 && !p->policy_review_due;
  gboolean counselling = p->counselling_interval > 0;

  if (!support || (p->break_adherence < 0 && p->checkin_participation < 0))
    return 0;
  if (p->break_adherence >= 0.8 && p->checkin_participation >= 0.7 && fresh && counselling &&
      p->cap_exceeded_share >= 0 && p->cap_exceeded_share <= 0.1)
    return 3;
  if (p->break_adherence >= 0.6 && p->checkin_participation >= 0.5 && fresh && counselling)
    return 2;
  return 1;
}

const char *
respite_report_phase_get_label (guint phase)
{
  /* The four phases of the WeProtect Global Alliance / UNICEF Model
   * National Response maturity model. */
  static const char * const labels[] = {
    /* Translators: the official French name is "Construction" */
    N_("Building"),
    /* Translators: the official French name is "Amélioration" */
    N_("Enhancing"),
    /* Translators: the official French name is "Intégration" */
    N_("Integrating"),
    /* Translators: the official French name is "Maturité" */
    N_("Maturity"),
  };

  g_return_val_if_fail (phase < G_N_ELEMENTS (labels), NULL);
  return _(labels[phase]);
}

static gboolean
anything_shown (RespiteReport *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      const RespiteReportRow *row = self->rows->pdata[i];

      for (guint f = 0; f < RESPITE_REPORT_POLICY_AGE_DAYS; f++)
        if (row->cells[f].state == RESPITE_CELL_SHOWN)
          return TRUE;
    }

  return FALSE;
}

/**
 * respite_report_new_from_store:
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with
 *   %RESPITE_REPORT_ERROR_EMPTY when there is nothing to show, or a
 *   %RESPITE_TEAM_STORE_ERROR (%RESPITE_TEAM_STORE_ERROR_BUDGET when ε
 *   would pass the budget)
 */
RespiteReport *
respite_report_new_from_store (RespiteTeamStore            *store,
                               const RespiteReportOptions  *options,
                               RespitePolicy               *policy,
                               GDateTime                   *now,
                               GError                     **error)
{
  g_autoptr(RespiteReport) self = NULL;
  g_autoptr(GPtrArray) aggregates = NULL;
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GRand) rand = NULL;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (store), NULL);
  g_return_val_if_fail (options != NULL && options->from_day != NULL && options->to_day != NULL, NULL);
  g_return_val_if_fail (policy == NULL || RESPITE_IS_POLICY (policy), NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(options->epsilon >= 0 && options->epsilon <= 100) ||
      !(options->epsilon_budget >= 0 && isfinite (options->epsilon_budget)))
    {
      g_set_error_literal (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_OPTION,
                           _("ε must be a number from 0 to 100, and the budget a positive number"));
      return NULL;
    }

  self = g_object_new (RESPITE_TYPE_REPORT, NULL);
  self->period = g_strdup (options->period != NULL ? options->period : options->from_day);
  self->from_day = g_strdup (options->from_day);
  self->to_day = g_strdup (options->to_day);
  self->unit = options->unit;
  self->generated_at = g_date_time_ref (now);
  self->epsilon = options->epsilon;
  self->epsilon_budget = options->epsilon_budget;

  if (!respite_team_store_check (store, error) ||
      !respite_team_store_get_k (store, &self->store_k, error))
    return NULL;

  self->k = options->k != 0 ? options->k : self->store_k;
  if (self->k < self->store_k)
    {
      g_set_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_OPTION,
                   _("k can be raised, never lowered: the team store’s k is %u"), self->store_k);
      return NULL;
    }

  aggregates = read_rows (store, options, options->unit, error);
  if (aggregates == NULL)
    return NULL;

  if (options->unit == RESPITE_PERIOD_MONTH && self->k > self->store_k)
    {
      weeks = read_rows (store, options, RESPITE_PERIOD_WEEK, error);
      if (weeks == NULL)
        return NULL;
    }

  for (guint i = 0; i < aggregates->len; i++)
    g_ptr_array_add (self->rows, row_from_aggregate (aggregates->pdata[i]));

  suppress (self, aggregates, weeks);

  if (!anything_shown (self))
    {
      g_set_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_EMPTY,
                   _("Nothing to report for %s: no team has figures from at least %u people"),
                   self->period, self->k);
      return NULL;
    }

  /* The ledger before the noise: past the budget, nothing is released. */
  if (options->record)
    {
      if (!respite_team_store_record_release (store, self->from_day, self->to_day, self->k,
                                              self->epsilon, self->epsilon_budget,
                                              &self->epsilon_spent, error))
        return NULL;
    }
  else
    {
      if (!respite_team_store_get_epsilon_spent (store, self->from_day, self->to_day,
                                                 &self->epsilon_spent, error))
        return NULL;
      if (self->epsilon > 0 && self->epsilon_spent + self->epsilon > self->epsilon_budget + 1e-9)
        {
          g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_BUDGET,
                       _("This release would spend ε = %g on days that already used %g of a budget of %g"),
                       self->epsilon, self->epsilon_spent, self->epsilon_budget);
          return NULL;
        }
      self->epsilon_spent += self->epsilon;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      RespiteReportRow *row = self->rows->pdata[i];

      row->coverage_shown = row->coverage_shown && self->epsilon == 0 &&
                            row->cells[RESPITE_REPORT_MEMBERS].state == RESPITE_CELL_SHOWN &&
                            row->cells[RESPITE_REPORT_MEMBERS].value >= self->k &&
                            row->registered >= self->k;
      if (!row->coverage_shown)
        row->registered = 0, row->coverage = 0;
    }

  if (self->epsilon > 0)
    {
      /* A seed only for tests: real noise must not be predictable. */
      rand = options->seed != 0 ? g_rand_new_with_seed ((guint32) options->seed) : g_rand_new ();
      add_noise (self, rand);
    }

  make_programme (self, policy);

  return g_steal_pointer (&self);
}

const char *
respite_report_get_period (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), NULL);
  return self->period;
}

const char *
respite_report_get_from_day (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), NULL);
  return self->from_day;
}

const char *
respite_report_get_to_day (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), NULL);
  return self->to_day;
}

RespitePeriod
respite_report_get_unit (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), RESPITE_PERIOD_WEEK);
  return self->unit;
}

GDateTime *
respite_report_get_generated_at (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), NULL);
  return self->generated_at;
}

guint
respite_report_get_k (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), 0);
  return self->k;
}

guint
respite_report_get_store_k (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), 0);
  return self->store_k;
}

double
respite_report_get_epsilon (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), 0);
  return self->epsilon;
}

double
respite_report_get_epsilon_spent (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), 0);
  return self->epsilon_spent;
}

double
respite_report_get_epsilon_budget (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), 0);
  return self->epsilon_budget;
}

double
respite_report_get_noise_scale (RespiteReport       *self,
                                RespiteReportFigure  figure)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), 0);
  g_return_val_if_fail (figure < RESPITE_REPORT_N_FIGURES, 0);
  return self->noise[figure];
}

GPtrArray *
respite_report_get_rows (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), NULL);
  return self->rows;
}

const RespiteReportProgramme *
respite_report_get_programme (RespiteReport *self)
{
  g_return_val_if_fail (RESPITE_IS_REPORT (self), NULL);
  return &self->programme;
}
