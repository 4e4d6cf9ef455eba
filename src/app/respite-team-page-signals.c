/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Team view's "Needs Attention": the signals of the lead's digest
 * (src/report/respite-signals.c) over the sealed periods the view shows,
 * each with the action it suggests; when the policy changed in them, each
 * figure before and since; and the welfare programme's phase, as the PDF
 * gives it, with the policy's review date. Like every figure on the view,
 * they come from sealed periods of at least k people, and name nobody.
 */

#define G_LOG_DOMAIN "respite-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-day.h"
#include "respite-report.h"
#include "respite-signals.h"
#include "respite-team-page-private.h"

static void
add_row (RespiteTeamPage     *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->signal_rows, row);
}

/* The period in which the policy changed, marked on every chart. */
static void
mark_charts (RespiteTeamPage *self,
             int              index,
             const char      *text)
{
  RespiteChart *charts[] = {
    self->exposure_chart, self->breaks_chart, self->cap_chart, self->check_ins_chart,
    self->bands_chart,
  };

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    respite_chart_set_marker (charts[i], index, text);
}

/* Periods compared, not people: each figure's mean before and since. */
static void
show_policy_change (RespiteTeamPage *self,
                    GPtrArray       *aggregates)
{
  RespitePolicyChange change;
  g_autofree char *title = NULL;
  g_autofree char *marker = NULL;
  int index = -1;

  gboolean known = FALSE;

  if (respite_signals_find_policy_change (aggregates, self->period, &change))
    for (RespiteTrend trend = 0; trend < RESPITE_N_TRENDS; trend++)
      known = known || change.has_before[trend] || change.has_after[trend];

  /* Nothing to compare when every period on either side is hidden. */
  if (!known)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->policy_change_group), FALSE);
      mark_charts (self, -1, NULL);
      return;
    }

  /* The charts show the aggregates in their order, one label each. */
  for (guint i = 0; i < aggregates->len && index < 0; i++)
    if (g_strcmp0 (((RespiteTeamAggregate *) g_ptr_array_index (aggregates, i))->period_start,
                   change.since) == 0)
      index = (int) i;
  /* Translators: on a chart, where a policy version, e.g. "2026-10", began */
  marker = g_strdup_printf (_("Policy %s"), change.version);
  mark_charts (self, index, marker);

  /* Translators: a policy version, e.g. "2026-10" */
  title = g_strdup_printf (_("Since the Policy Changed to %s"), change.version);
  adw_preferences_group_set_title (self->policy_change_group, title);
  adw_preferences_group_set_description (self->policy_change_group,
                                         respite_policy_change_get_method (self->period));

  for (RespiteTrend trend = 0; trend < RESPITE_N_TRENDS; trend++)
    {
      g_autofree char *before = respite_policy_change_dup_mean (&change, trend, FALSE);
      g_autofree char *after = respite_policy_change_dup_mean (&change, trend, TRUE);
      /* Translators: a figure's mean before and since the change */
      g_autofree char *text = g_strdup_printf (_("%s before, %s since"), before, after);

      add_row (self, self->policy_change_group, respite_trend_get_label (trend), text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->policy_change_group), TRUE);
}

/* The welfare programme's phase, as the PDF gives it, over the periods the
 * view shows; and when the policy is due for review. */
static void
show_programme (RespiteTeamPage *self,
                GPtrArray       *aggregates)
{
  RespiteReportProgramme programme = { .support_services = -1, .counselling_interval = -1,
                                       .policy_age_days = -1 };
  double taken = 0, prompted = 0, participants = 0, members = 0, over = 0, days = 0;
  const RespiteTeamAggregate *latest = NULL;
  g_autofree char *policy = NULL;

  if (self->policy != NULL)
    {
      programme.support_services =
        (int) respite_support_get_services (respite_policy_get_support (self->policy))->len;
      programme.counselling_interval = respite_policy_get_counselling_interval (self->policy);
    }

  for (guint i = 0; i < aggregates->len; i++)
    {
      const RespiteTeamAggregate *a = g_ptr_array_index (aggregates, i);

      if (latest == NULL || g_strcmp0 (a->period_end, latest->period_end) > 0)
        latest = a;
      if (a->suppressed)
        continue;
      taken += a->breaks_taken;
      prompted += a->breaks_prompted;
      participants += a->checkin_participation * a->members;
      members += a->members;
      over += a->cap_exceeded_share * a->member_days;
      days += a->member_days;
    }

  programme.break_adherence = prompted > 0 ? MIN (1, taken / prompted) : -1;
  programme.checkin_participation = members > 0 ? participants / members : -1;
  programme.cap_exceeded_share = days > 0 ? over / days : -1;
  programme.policy_age_days = latest != NULL ? latest->policy_age_days : -1;
  programme.policy_review_due = programme.policy_age_days > 365;

  add_row (self, self->programme_group, _("Phase"),
           respite_report_phase_get_label (respite_report_programme_get_phase (&programme)));

  if (latest != NULL && latest->policy_version != NULL && latest->policy_age_days >= 0)
    {
      GDate due;
      g_autoptr(GDateTime) date = NULL;
      g_autofree char *when = NULL;

      respite_day_parse (latest->period_end, &due);
      g_date_subtract_days (&due, latest->policy_age_days);
      g_date_add_years (&due, 1);
      date = g_date_time_new_utc (g_date_get_year (&due), g_date_get_month (&due),
                                  g_date_get_day (&due), 12, 0, 0);
      /* A year away: the day with its year. Translators: e.g. "1 February 2027" */
      when = g_date_time_format (date, _("%-d %B %Y"));
      policy = g_strdup_printf (programme.policy_review_due
                                /* Translators: a policy version, and a day */
                                ? _("Version %s, due for review since %s")
                                : _("Version %s, due for review on %s"),
                                latest->policy_version, when);
      add_row (self, self->programme_group, _("Policy"), policy);
    }

  if (latest != NULL)
    {
      g_autofree char *coverage = NULL;

      /* Both counts come from at least k people, or neither is shown. */
      if (latest->coverage_suppressed)
        coverage = g_strdup (_("Hidden: fewer registered or sharing people than the figures need"));
      else
        /* Translators: the share of a team's registered reviewers who shared
         * figures in the latest period, e.g. "75 % of the 12 people registered" */
        coverage = g_strdup_printf (ngettext ("%.0f %% of the %u person registered shared figures in "
                                              "the latest period",
                                              "%.0f %% of the %u people registered shared figures in "
                                              "the latest period", latest->registered),
                                    latest->coverage * 100, latest->registered);
      add_row (self, self->programme_group, _("Coverage"), coverage);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->programme_group), aggregates->len > 0);
}

void
respite_team_page_show_signals (RespiteTeamPage *self,
                                GPtrArray       *aggregates)
{
  g_autoptr(GPtrArray) signals = respite_signals_find (aggregates, self->period);

  for (guint i = 0; i < self->signal_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->signal_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->signal_rows, 0);

  for (guint i = 0; i < signals->len; i++)
    {
      RespiteSignal *signal = g_ptr_array_index (signals, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), signal->finding);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), signal->suggestion);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Needs attention"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->signals_group, row);
      g_ptr_array_add (self->signal_rows, row);
    }

  adw_preferences_group_set_description (self->signals_group,
    _("Suggestions from the figures below, which cannot say why: you know the team."));
  gtk_widget_set_visible (GTK_WIDGET (self->signals_group), signals->len > 0);

  show_policy_change (self, aggregates);
  show_programme (self, aggregates);
}
