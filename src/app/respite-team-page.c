/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteTeamPage: the team lead's view over the last twelve weeks or six
 * months: exposure a person-day, breaks, days over the daily limit,
 * check-ins, wellbeing and its WHO-5 bands, as charts and as one table;
 * and the HR report of one month or week (respite-report.h) as PDF, CSV
 * or JSON.
 *
 * Every figure comes from the team store's k-enforcing view
 * (respite_team_store_read_aggregates()): nothing here adds, subtracts or
 * compares groups, so nothing here can reveal a hidden one. A hidden group
 * is said to be hidden, never shown as a zero. The export is the report
 * engine's, with its own primary and complementary suppression; the page
 * only says where the file went.
 */

#define G_LOG_DOMAIN "respite-team-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "respite-block.h"
#include "respite-chart.h"
#include "respite-accessible.h"
#include "respite-team-page-private.h"

enum {
  PROP_0,
  PROP_PERIOD_NAME,
  PROP_POLICY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RespiteTeamPage, respite_team_page, ADW_TYPE_BIN)

/* "Fewer than 5 people — hidden to protect privacy" */
char *
respite_team_page_hidden_text (guint k)
{
  return g_strdup_printf (ngettext ("Fewer than %u person — hidden to protect privacy",
                                    "Fewer than %u people — hidden to protect privacy", k),
                          k);
}

static char *
period_label (const char    *start,
              RespitePeriod  period)
{
  g_autofree char *iso = g_strconcat (start, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);

  if (date == NULL)
    return g_strdup (start);

  /* Translators: a week on a chart, by its Monday, e.g. "4 Mar"; a month, e.g. "Mar 2024" */
  return g_date_time_format (date, period == RESPITE_PERIOD_WEEK ? _("%-d %b") : _("%b %Y"));
}

static char *
format_percent (double   value,
                gpointer user_data)
{
  /* Translators: a share, e.g. "60 %" */
  return g_strdup_printf (_("%.0f %%"), value);
}

static char *
format_hours (double   hours,
              gpointer user_data)
{
  return respite_format_duration ((gint64) round (hours * 3600));
}

static char *
format_count (double   count,
              gpointer user_data)
{
  return g_strdup_printf ("%.0f", count);
}

static char *
format_people (double   count,
               gpointer user_data)
{
  /* Translators: people in a WHO-5 band on a chart, e.g. "6 people" */
  return g_strdup_printf (ngettext ("%.0f person", "%.0f people", (gulong) count), count);
}

/* g_strv_builder_take() is GLib 2.80. */
static void
builder_take (GStrvBuilder *builder,
              char         *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

/**
 * respite_team_page_describe:
 * @k: the store's threshold, to say why a group is hidden
 *
 * The cells of one period in the page's table: the period, then either
 * every figure or, for a group of fewer than @k people, only the sentence
 * that says it is hidden. The WHO-5 figures (the mean, then the people in
 * the very low, low and good bands) are hidden the same way on their own:
 * a sentence ends the row early and stands for the figures left.
 *
 * Returns: (transfer full): the cells
 */
GStrv
respite_team_page_describe (const RespiteTeamAggregate *aggregate,
                            RespitePeriod               period,
                            guint                       k)
{
  g_autoptr(GStrvBuilder) cells = g_strv_builder_new ();
  g_autofree char *label = NULL;

  g_return_val_if_fail (aggregate != NULL, NULL);

  label = period_label (aggregate->period_start, period);
  g_strv_builder_add (cells, label);

  if (aggregate->suppressed)
    {
      g_autofree char *hidden = respite_team_page_hidden_text (k);

      g_strv_builder_add (cells, hidden);
      return g_strv_builder_end (cells);
    }

  builder_take (cells, g_strdup_printf ("%u", aggregate->members));
  /* Translators: a team's total hours of exposure in a period, e.g. "111 h" */
  builder_take (cells, g_strdup_printf (_("%.0f h"), aggregate->exposure_hours));
  builder_take (cells, format_hours (aggregate->median_exposure_hours, NULL));
  /* Translators: breaks taken of breaks suggested, e.g. "41 of 48" */
  builder_take (cells, g_strdup_printf (_("%u of %u"), aggregate->breaks_taken,
                                               aggregate->breaks_prompted));
  builder_take (cells, format_percent (aggregate->cap_exceeded_share * 100, NULL));
  builder_take (cells, format_percent (aggregate->checkin_participation * 100, NULL));

  if (aggregate->wellbeing_suppressed)
    {
      g_strv_builder_add (cells, _("Hidden: too few answered"));
      return g_strv_builder_end (cells);
    }

  /* The mean of each person's mean, as the bands count people and as the
   * HR report has it. */
  /* Translators: the mean WHO-5 score and how many people answered, e.g. "64 % (7 people)" */
  builder_take (cells, g_strdup_printf (ngettext ("%.0f %% (%u person)",
                                                  "%.0f %% (%u people)",
                                                  aggregate->wellbeing_respondents),
                                        aggregate->who5_member_mean,
                                        aggregate->wellbeing_respondents));

  if (aggregate->who5_bands_suppressed)
    {
      g_strv_builder_add (cells, _("Bands hidden to protect privacy"));
      return g_strv_builder_end (cells);
    }

  builder_take (cells, g_strdup_printf ("%u", aggregate->who5_very_low));
  builder_take (cells, g_strdup_printf ("%u", aggregate->who5_low));
  builder_take (cells, g_strdup_printf ("%u", aggregate->who5_good));

  return g_strv_builder_end (cells);
}

static void
show_table (RespiteTeamPage *self,
            GPtrArray       *aggregates,
            guint            k)
{
  const char *headers[] = {
    _("Period"), _("People"), _("Exposure"), _("Median a day"), _("Breaks taken"),
    _("Over the limit"), _("Checked in"), _("WHO-5 mean"),
    /* Translators: WHO-5 bands, columns after "WHO-5 mean" that count people */
    C_("WHO-5 band", "Very low"), C_("WHO-5 band", "Low"), C_("WHO-5 band", "Good"), NULL
  };
  guint n_columns = G_N_ELEMENTS (headers) - 1;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);

  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *label = gtk_label_new (headers[c]);

      /* Headers wrap, so that eleven columns fit the page. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 8);
      gtk_label_set_justify (GTK_LABEL (label), c == 0 ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
      gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
      gtk_widget_set_valign (label, GTK_ALIGN_END);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->table, label, c, 0, 1, 1);
    }

  for (guint i = 0; i < aggregates->len; i++)
    {
      g_auto(GStrv) cells = respite_team_page_describe (g_ptr_array_index (aggregates, i),
                                                        self->period, k);
      guint n = g_strv_length (cells);

      for (guint c = 0; c < n; c++)
        {
          GtkWidget *label = gtk_label_new (cells[c]);
          /* A row cut short ends with a sentence, which spans the figures
           * it stands for. */
          gboolean sentence = n < n_columns && c == n - 1;

          gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : sentence ? 0.5 : 1);
          if (sentence)
            {
              /* Wraps rather than widening the columns it spans. */
              gtk_label_set_wrap (GTK_LABEL (label), TRUE);
              gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
              gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
            }
          gtk_widget_add_css_class (label, sentence ? "dim-label" : "numeric");
          gtk_grid_attach (self->table, label, c, i + 1, sentence ? n_columns - c : 1, 1);
        }
    }
}

/* Each chart: a value per period, NAN where the group is hidden, which the
 * chart leaves as a gap (and says "—" for). */
static void
show_charts (RespiteTeamPage *self,
             GPtrArray       *aggregates,
             guint            k)
{
  guint n = aggregates->len;
  g_autofree double *average = g_new (double, n);
  g_autofree double *median = g_new (double, n);
  g_autofree double *prompted = g_new (double, n);
  g_autofree double *taken = g_new (double, n);
  g_autofree double *over_cap = g_new (double, n);
  g_autofree double *participation = g_new (double, n);
  g_autofree double *wellbeing = g_new (double, n);
  g_autofree double *very_low = g_new (double, n);
  g_autofree double *low = g_new (double, n);
  g_autofree double *good = g_new (double, n);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) label_list = NULL;
  g_autofree char *hidden = respite_team_page_hidden_text (k);
  guint shown = 0, hidden_count = 0, bands_shown = 0;
  guint all_taken = 0, all_prompted = 0;

  for (guint i = 0; i < n; i++)
    {
      RespiteTeamAggregate *a = g_ptr_array_index (aggregates, i);

      builder_take (labels, period_label (a->period_start, self->period));

      very_low[i] = low[i] = good[i] = NAN;
      if (a->suppressed)
        {
          average[i] = median[i] = prompted[i] = taken[i] = NAN;
          over_cap[i] = participation[i] = wellbeing[i] = NAN;
          hidden_count++;
          continue;
        }

      shown++;
      average[i] = a->member_days > 0 ? a->exposure_hours / a->member_days : NAN;
      median[i] = a->median_exposure_hours;
      prompted[i] = a->breaks_prompted;
      taken[i] = a->breaks_taken;
      all_prompted += a->breaks_prompted;
      all_taken += a->breaks_taken;
      over_cap[i] = a->cap_exceeded_share * 100;
      participation[i] = a->checkin_participation * 100;
      wellbeing[i] = a->wellbeing_suppressed ? NAN : a->who5_member_mean;
      if (!a->wellbeing_suppressed && !a->who5_bands_suppressed)
        {
          very_low[i] = a->who5_very_low;
          low[i] = a->who5_low;
          good[i] = a->who5_good;
          bands_shown++;
        }
    }

  label_list = g_strv_builder_end (labels);

  respite_chart_set_labels (self->exposure_chart, (const char * const *) label_list);
  respite_chart_clear_series (self->exposure_chart);
  respite_chart_add_series (self->exposure_chart, _("Average"), "#99c1f1", average, n);
  respite_chart_add_series (self->exposure_chart, _("Median"), "#1a5fb4", median, n);

  respite_chart_set_labels (self->breaks_chart, (const char * const *) label_list);
  respite_chart_clear_series (self->breaks_chart);
  respite_chart_add_series (self->breaks_chart, _("Suggested"), "#c0bfbc", prompted, n);
  respite_chart_add_series (self->breaks_chart, _("Taken"), "#2ec27e", taken, n);

  respite_chart_set_labels (self->cap_chart, (const char * const *) label_list);
  respite_chart_clear_series (self->cap_chart);
  respite_chart_add_series (self->cap_chart, _("Person-days over the limit"), "#e66100",
                            over_cap, n);

  respite_chart_set_labels (self->check_ins_chart, (const char * const *) label_list);
  respite_chart_clear_series (self->check_ins_chart);
  respite_chart_add_series (self->check_ins_chart, _("Did a check-in"), "#9141ac",
                            participation, n);
  respite_chart_add_series (self->check_ins_chart, _("WHO-5 mean"), "#2ec27e", wellbeing, n);

  respite_chart_set_labels (self->bands_chart, (const char * const *) label_list);
  respite_chart_clear_series (self->bands_chart);
  respite_chart_add_series (self->bands_chart, C_("WHO-5 band", "Very low"), "#c64600",
                            very_low, n);
  respite_chart_add_series (self->bands_chart, C_("WHO-5 band", "Low"), "#f5c211", low, n);
  respite_chart_add_series (self->bands_chart, C_("WHO-5 band", "Good"), "#2ec27e", good, n);

  /* With nothing shown, the charts say why in the privacy sentence. */
  {
    const char *placeholder = shown > 0 ? _("Nothing to show for this period.") : hidden;

    respite_chart_set_placeholder (self->exposure_chart, placeholder);
    respite_chart_set_placeholder (self->breaks_chart, placeholder);
    respite_chart_set_placeholder (self->cap_chart, placeholder);
    respite_chart_set_placeholder (self->check_ins_chart, placeholder);
    respite_chart_set_placeholder (self->bands_chart,
                                   shown > 0 && bands_shown == 0
                                   ? _("No bands to show: they stay hidden to protect privacy "
                                       "until enough people answer.")
                                   : placeholder);
  }

  gtk_label_set_label (self->exposure_caption,
                       _("Hours of exposure in a person’s working day: the average and the "
                         "median."));
  if (all_prompted > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: breaks taken, including ones nobody suggested, for every 100 suggested */
      text = g_strdup_printf (_("%.0f breaks taken for every 100 that Respite suggested. Breaks "
                                "people take on their own count too."),
                              100.0 * all_taken / all_prompted);
      gtk_label_set_label (self->breaks_caption, text);
    }
  else
    {
      gtk_label_set_label (self->breaks_caption, _("No breaks suggested in the groups shown."));
    }
  gtk_label_set_label (self->cap_caption,
                       _("The share of person-days with more exposure than the policy’s daily "
                         "limit."));
  gtk_label_set_label (self->check_ins_caption,
                       _("The share of people who did at least one check-in, and the mean "
                         "WHO-5 wellbeing score (0 to 100; for one person, under 52 suggests poor wellbeing)."));
  {
    g_autofree char *text = NULL;

    text = g_strdup_printf (ngettext ("How many people’s mean WHO-5 score was very low (under "
                                      "32), low (32 to 51) or good (52 and over). So that no "
                                      "one stands out, a band is shown only if it is empty or "
                                      "has at least %u person; otherwise all three are hidden.",
                                      "How many people’s mean WHO-5 score was very low (under "
                                      "32), low (32 to 51) or good (52 and over). So that no "
                                      "one stands out, a band is shown only if it is empty or "
                                      "has at least %u people; otherwise all three are hidden.",
                                      k),
                            k);
    gtk_label_set_label (self->bands_caption, text);
  }

  if (hidden_count > 0)
    {
      g_autofree char *status = NULL;

      status = g_strdup_printf (ngettext ("%u period is hidden: it had fewer than %u people. "
                                          "Gaps in the charts are hidden periods, not zeros.",
                                          "%u periods are hidden: they had fewer than %u people. "
                                          "Gaps in the charts are hidden periods, not zeros.",
                                          hidden_count),
                                hidden_count, k);
      gtk_label_set_label (self->status, status);
      gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
    }
}

typedef struct
{
  RespiteTeamStore *store;
  char             *team;
  RespitePeriod     period;
  char             *from;
  char             *to;
  guint             k;
  RespiteTeamStoreSealing sealing;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->store);
  g_free (load->team);
  g_free (load->from);
  g_free (load->to);
  respite_team_store_sealing_clear (&load->sealing);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;
  GPtrArray *aggregates;

  if (!respite_team_store_get_k (load->store, &load->k, &error) ||
      !respite_team_store_seal (load->store, &load->sealing, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  aggregates = respite_team_store_read_aggregates (load->store, load->team, load->period,
                                                   load->from, load->to, &error);
  if (aggregates == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, aggregates, (GDestroyNotify) g_ptr_array_unref);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RespiteTeamPage *self;
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) aggregates = NULL;
  g_autoptr(GError) error = NULL;

  aggregates = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = RESPITE_TEAM_PAGE (source);
  g_clear_object (&self->loading);

  if (aggregates == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED))
        text = g_strdup (_("Only team leads and HR can see team figures."));
      else
        text = g_strdup_printf (_("Could not read the team figures: %s"), error->message);
      gtk_label_set_label (self->status, text);
      gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
      return;
    }

  {
    g_autofree char *subtitle = NULL;

    g_autofree char *appears = NULL;
    g_autofree char *when = NULL;
    g_autofree char *open = NULL;

    /* A period is shown once it is over and sealed, and never changes
     * afterwards: say when the running one will appear. */
    appears = respite_team_store_sealing_appears_on (&load->sealing, load->period, load->to);
    when = respite_format_day (appears);
    if (load->period == RESPITE_PERIOD_WEEK)
      /* Translators: %s is a day, e.g. "Thursday 10 December" */
      open = g_strdup_printf (_("This week’s figures appear on %s, once the week is over and "
                                "sealed."), when);
    else
      /* Translators: %s is a day, e.g. "Thursday 7 January" */
      open = g_strdup_printf (_("This month’s figures appear on %s, once the month is over and "
                                "sealed."), when);

    subtitle = g_strdup_printf (ngettext ("Every figure comes from at least %u person. Smaller "
                                          "groups are hidden. %s",
                                          "Every figure comes from at least %u people. Smaller "
                                          "groups are hidden. %s", load->k),
                                load->k, open);
    gtk_label_set_label (self->subtitle, subtitle);
  }

  {
    g_autofree char *caption = NULL;

    caption = g_strdup_printf (ngettext ("Figures from fewer than %u person are left out, and so "
                                         "is any figure that would let one be worked out.",
                                         "Figures from fewer than %u people are left out, and so "
                                         "is any figure that would let one be worked out.",
                                         load->k),
                               load->k);
    gtk_label_set_label (self->export_caption, caption);
  }

  respite_team_page_show_signals (self, aggregates);
  show_charts (self, aggregates, load->k);
  show_table (self, aggregates, load->k);
}

static char *
format_day (GDateTime *dt)
{
  return g_date_time_format (dt, "%Y-%m-%d");
}

/**
 * respite_team_page_reload:
 *
 * Reads the figures again, in a worker thread.
 */
void
respite_team_page_reload (RespiteTeamPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) from = NULL;
  Load *load;

  g_return_if_fail (RESPITE_IS_TEAM_PAGE (self));

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();

  utc = g_date_time_new_from_unix_utc (respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC);
  now = g_date_time_to_local (utc);
  if (self->period == RESPITE_PERIOD_WEEK)
    {
      from = g_date_time_add_days (now, -7 * 11);
    }
  else
    {
      g_autoptr(GDateTime) first = g_date_time_new_local (g_date_time_get_year (now),
                                                          g_date_time_get_month (now),
                                                          1, 12, 0, 0);

      from = g_date_time_add_months (first, -5);
    }

  load = g_new0 (Load, 1);
  load->store = g_object_ref (self->store);
  load->team = g_strdup (self->team);
  load->period = self->period;
  load->from = format_day (from);
  load->to = format_day (now);

  task = g_task_new (self, self->loading, load_done, NULL);
  g_task_set_source_tag (task, respite_team_page_reload);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

/**
 * respite_team_page_set_policy:
 * @policy: (nullable): the organisation's policy
 *
 * The policy the export reads for its welfare programme and ε budget.
 */
void
respite_team_page_set_policy (RespiteTeamPage *self,
                              RespitePolicy   *policy)
{
  g_return_if_fail (RESPITE_IS_TEAM_PAGE (self));
  g_return_if_fail (policy == NULL || RESPITE_IS_POLICY (policy));

  if (g_set_object (&self->policy, policy))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLICY]);
}

static void
respite_team_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RespiteTeamPage *self = RESPITE_TEAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_PERIOD_NAME:
      g_value_set_string (value, self->period == RESPITE_PERIOD_MONTH ? "month" : "week");
      break;
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_team_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RespiteTeamPage *self = RESPITE_TEAM_PAGE (object);
  RespitePeriod period;

  switch (prop_id)
    {
    case PROP_PERIOD_NAME:
      period = g_strcmp0 (g_value_get_string (value), "month") == 0
               ? RESPITE_PERIOD_MONTH : RESPITE_PERIOD_WEEK;
      if (period != self->period)
        {
          self->period = period;
          g_object_notify_by_pspec (object, pspec);
          if (self->store != NULL)
            respite_team_page_reload (self);
        }
      break;
    case PROP_POLICY:
      respite_team_page_set_policy (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_team_page_dispose (GObject *object)
{
  RespiteTeamPage *self = RESPITE_TEAM_PAGE (object);

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->exporting != NULL)
    g_cancellable_cancel (self->exporting);
  g_clear_object (&self->exporting);
  /* AdwBin unparents its child itself: clear it first, or the template
   * would unparent it a second time (a critical in libadwaita 1.2). */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESPITE_TYPE_TEAM_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->policy);
  g_clear_pointer (&self->team, g_free);
  g_clear_pointer (&self->export_periods, g_strfreev);
  g_clear_pointer (&self->signal_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (respite_team_page_parent_class)->dispose (object);
}

static void
respite_team_page_class_init (RespiteTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = respite_team_page_dispose;
  object_class->get_property = respite_team_page_get_property;
  object_class->set_property = respite_team_page_set_property;

  /* The toggle buttons show which period is on through this state. */
  properties[PROP_PERIOD_NAME] =
    g_param_spec_string ("period-name", NULL, NULL, "week",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The organisation's policy, for the export (the app binds its own). */
  properties[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, RESPITE_TYPE_POLICY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RESPITE_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/respite/Respite/ui/respite-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, title);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, status);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, signals_group);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, policy_change_group);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, programme_group);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, exposure_caption);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, exposure_chart);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, breaks_caption);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, breaks_chart);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, cap_caption);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, cap_chart);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, check_ins_caption);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, check_ins_chart);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, bands_caption);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, bands_chart);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, table);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, export_unit_row);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, export_period_row);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, export_period_list);
  gtk_widget_class_bind_template_child (widget_class, RespiteTeamPage, export_caption);
  gtk_widget_class_bind_template_callback_full (
    widget_class, "update_export_periods", G_CALLBACK (respite_team_page_update_export_periods));

  gtk_widget_class_install_property_action (widget_class, "team.period", "period-name");
  gtk_widget_class_install_action (widget_class, "team.export", "s",
                                   respite_team_page_export_action);
}

static void
respite_team_page_init (RespiteTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  respite_accessible_tidy_names (GTK_WIDGET (self));
  self->signal_rows = g_ptr_array_new ();

  respite_chart_set_mode (self->exposure_chart, RESPITE_CHART_GROUPED_BARS);
  respite_chart_set_formatter (self->exposure_chart, format_hours, NULL, NULL);
  respite_chart_set_mode (self->breaks_chart, RESPITE_CHART_GROUPED_BARS);
  respite_chart_set_formatter (self->breaks_chart, format_count, NULL, NULL);
  /* A hidden period is a gap, never a line across it. */
  respite_chart_set_mode (self->cap_chart, RESPITE_CHART_LINE);
  respite_chart_set_break_lines (self->cap_chart, TRUE);
  respite_chart_set_y_range (self->cap_chart, 0, 100);
  respite_chart_set_formatter (self->cap_chart, format_percent, NULL, NULL);
  respite_chart_set_mode (self->check_ins_chart, RESPITE_CHART_LINE);
  respite_chart_set_break_lines (self->check_ins_chart, TRUE);
  respite_chart_set_y_range (self->check_ins_chart, 0, 100);
  respite_chart_set_formatter (self->check_ins_chart, format_percent, NULL, NULL);
  respite_chart_set_mode (self->bands_chart, RESPITE_CHART_STACKED_BARS);
  respite_chart_set_formatter (self->bands_chart, format_people, NULL, NULL);
}

/**
 * respite_team_page_new:
 * @store: a team store the user may read aggregates from
 * @team: the team to show
 */
GtkWidget *
respite_team_page_new (RespiteTeamStore *store,
                       const char       *team,
                       RespiteClock     *clock)
{
  RespiteTeamPage *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (store), NULL);
  g_return_val_if_fail (team != NULL, NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);

  self = g_object_new (RESPITE_TYPE_TEAM_PAGE, NULL);
  self->store = g_object_ref (store);
  self->team = g_strdup (team);
  self->clock = g_object_ref (clock);
  respite_team_page_update_export_periods (self);

  /* Translators: the Team page's title, with the team's name */
  title = g_strdup_printf (_("Team %s"), team);
  gtk_label_set_label (self->title, title);
  respite_team_page_reload (self);

  return GTK_WIDGET (self);
}

/**
 * respite_team_page_is_lead:
 *
 * Whether the store lets this user read @team's figures: the Team page is
 * shown only then. With PostgreSQL the roles decide (a reviewer's login is
 * refused, %FALSE); a SQLite store has no roles, so always. Blocks: call it
 * from a worker thread.
 *
 * Returns: %FALSE with @error set if the store could not be asked
 */
gboolean
respite_team_page_is_lead (RespiteTeamStore  *store,
                           const char        *team,
                           GError           **error)
{
  g_autoptr(GPtrArray) aggregates = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (store), FALSE);

  aggregates = respite_team_store_read_aggregates (store, team, RESPITE_PERIOD_WEEK,
                                                   "2000-01-03", "2000-01-03", &local_error);
  if (aggregates != NULL)
    return TRUE;

  if (!g_error_matches (local_error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED))
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}
