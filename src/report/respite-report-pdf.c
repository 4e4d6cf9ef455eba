/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteReport's PDF writer, with cairo and Pango: a title page with the
 * method in plain words, a page of charts per team (one chart a figure,
 * one bar a period, a dashed line where the policy changed) and a page of
 * what changed and what may need attention, and the welfare programme. Every word is translated:
 * run in a French locale, the report is in French.
 */

#define G_LOG_DOMAIN "respite-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "respite-report-private.h"
#include "respite-signals.h"

#define PAGE_WIDTH  595.0  /* A4, in points */
#define PAGE_HEIGHT 842.0
#define MARGIN      56.0
#define TEXT_WIDTH  (PAGE_WIDTH - 2 * MARGIN)

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *stream = closure;

  return g_output_stream_write_all (stream, data, length, NULL, NULL, NULL)
         ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Draws @text at (x, y) in a column @width wide; returns its height. */
static double
draw_text (cairo_t    *cr,
           double      x,
           double      y,
           double      width,
           const char *text,
           double      size,
           gboolean    bold)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");
  int height;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &height);

  return (double) height / PANGO_SCALE;
}

/* A paragraph of body text; moves *y below it. */
static void
paragraph (cairo_t    *cr,
           double     *y,
           const char *text)
{
  *y += draw_text (cr, MARGIN, *y, TEXT_WIDTH, text, 10.5, FALSE) + 8;
}

static void
heading (cairo_t    *cr,
         double     *y,
         const char *text)
{
  *y += 6;
  *y += draw_text (cr, MARGIN, *y, TEXT_WIDTH, text, 15, TRUE) + 8;
}

static char *
privacy_line (RespiteReport *self)
{
  if (respite_report_get_epsilon (self) > 0)
    return g_strdup_printf (_("k = %u · differential privacy ε = %g (ε spent on these days: %g of %g)"),
                            respite_report_get_k (self), respite_report_get_epsilon (self),
                            respite_report_get_epsilon_spent (self),
                            respite_report_get_epsilon_budget (self));

  return g_strdup_printf (_("k = %u · no differential privacy noise (ε = 0)"),
                          respite_report_get_k (self));
}

static void
title_page (RespiteReport *self,
            cairo_t       *cr)
{
  g_autofree char *dates = g_strdup_printf (_("From %s to %s"), respite_report_get_from_day (self),
                                            respite_report_get_to_day (self));
  g_autofree char *generated = g_date_time_format (respite_report_get_generated_at (self),
                                                   "%Y-%m-%d %H:%M");
  g_autofree char *made = g_strdup_printf (_("Made by respite-report on %s"), generated);
  g_autofree char *privacy = privacy_line (self);
  g_autofree char *k_note = NULL;
  g_autofree char *dp_note = NULL;
  double y = MARGIN + 80;

  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, _("Team wellbeing report"), 28, TRUE) + 12;
  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, respite_report_get_period (self), 20, FALSE) + 6;
  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, dates, 12, FALSE) + 4;
  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, made, 10, FALSE) + 4;
  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, privacy, 10, TRUE) + 30;

  heading (cr, &y, _("How these figures were made"));
  paragraph (cr, &y, _("Reviewers’ computers send only a summary of each working day to the team "
                       "store: exposure time by intensity, breaks prompted and taken, check-ins done "
                       "and their WHO-5 scores. Nothing about the material itself, and no answer to a "
                       "question, ever leaves a reviewer’s computer."));
  k_note = g_strdup_printf (_("No figure here comes from fewer than %u people. A team’s week or month "
                              "with fewer members is hidden, and so is a month in which one of its "
                              "weeks had fewer. Counts of people, such as a WHO-5 band, are shown only "
                              "if they are 0 or at least %u. When one figure is hidden, another is "
                              "hidden with it (complementary suppression), so that no hidden figure "
                              "can be worked out from totals or from the other figures. Hidden "
                              "figures are blank, never zero."),
                            respite_report_get_k (self), respite_report_get_k (self));
  paragraph (cr, &y, k_note);

  if (respite_report_get_epsilon (self) > 0)
    dp_note = g_strdup_printf (_("Random noise was added to every figure (differential privacy, "
                                 "ε = %g): each figure may be off by a little or, for small teams, "
                                 "by a lot, so that no one person’s data can be inferred from it. "
                                 "Read the figures as trends across teams and months. The median "
                                 "exposure is left out under noise."),
                               respite_report_get_epsilon (self));
  else
    dp_note = g_strdup (_("No random noise was added: the figures shown are exact."));
  paragraph (cr, &y, dp_note);
  paragraph (cr, &y, _("WHO-5 bands are each person’s mean raw score over the period: very low 0 to 7, "
                       "low 8 to 12, good 13 to 25. The scores are in per cent (raw score × 4). "
                       "The WHO-5 screens wellbeing; it diagnoses nothing."));
}

typedef struct
{
  const char *title;
  double      max;   /* 0: from the data */
} ChartSpec;

/* The value a chart shows for a row, or NAN if it is hidden. */
static double
chart_value (const RespiteReportRow *row,
             guint                   chart)
{
  const RespiteReportCell *c = row->cells;

  switch (chart)
    {
    case 0:
      return c[RESPITE_REPORT_EXPOSURE_HOURS].state == RESPITE_CELL_SHOWN
             ? c[RESPITE_REPORT_EXPOSURE_HOURS].value : NAN;
    case 1:
      if (c[RESPITE_REPORT_BREAKS_TAKEN].state != RESPITE_CELL_SHOWN ||
          c[RESPITE_REPORT_BREAKS_PROMPTED].state != RESPITE_CELL_SHOWN ||
          c[RESPITE_REPORT_BREAKS_PROMPTED].value <= 0)
        return NAN;
      return MIN (100, 100 * c[RESPITE_REPORT_BREAKS_TAKEN].value / c[RESPITE_REPORT_BREAKS_PROMPTED].value);
    case 2:
      return c[RESPITE_REPORT_CAP_EXCEEDED_SHARE].state == RESPITE_CELL_SHOWN
             ? 100 * c[RESPITE_REPORT_CAP_EXCEEDED_SHARE].value : NAN;
    case 3:
      return c[RESPITE_REPORT_CHECKIN_PARTICIPATION].state == RESPITE_CELL_SHOWN
             ? 100 * c[RESPITE_REPORT_CHECKIN_PARTICIPATION].value : NAN;
    case 4:
      return c[RESPITE_REPORT_WHO5_MEAN_PERCENT].state == RESPITE_CELL_SHOWN
             ? c[RESPITE_REPORT_WHO5_MEAN_PERCENT].value : NAN;
    default:
      return c[RESPITE_REPORT_MEMBERS].state == RESPITE_CELL_SHOWN
             ? c[RESPITE_REPORT_MEMBERS].value : NAN;
    }
}

/* Did the policy version change between row @i - 1 and row @i? A period
 * with no version reported changes nothing. */
static gboolean
policy_changed_at (GPtrArray *rows,
                   guint      i)
{
  const RespiteReportRow *row, *before;

  if (i == 0 || i >= rows->len)
    return FALSE;

  row = rows->pdata[i];
  before = rows->pdata[i - 1];

  return row->policy_version != NULL && before->policy_version != NULL &&
         !g_str_equal (row->policy_version, before->policy_version);
}

static void
draw_chart (cairo_t          *cr,
            double            x,
            double            y,
            double            width,
            double            height,
            const ChartSpec  *spec,
            GPtrArray        *rows,
            guint             chart)
{
  double max = spec->max, plot_top = y + 22, plot_bottom = y + height - 26;
  double slot;

  if (max == 0)
    {
      for (guint i = 0; i < rows->len; i++)
        if (!isnan (chart_value (rows->pdata[i], chart)))
          max = MAX (max, chart_value (rows->pdata[i], chart));
      max = max > 0 ? max * 1.15 : 1;
    }

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, x, y, width, spec->title, 10, TRUE);

  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, x, plot_bottom + 0.25);
  cairo_line_to (cr, x + width, plot_bottom + 0.25);
  cairo_stroke (cr);

  slot = width / MAX (1, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      const RespiteReportRow *row = rows->pdata[i];
      double value = chart_value (row, chart);
      double bar_x = x + i * slot + slot * 0.15, bar_width = slot * 0.7;
      double label_size = MIN (8, slot / 5.5);

      if (isnan (value))
        {
          /* Hidden: an outline and the word, never a bar of zero. */
          cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
          cairo_set_dash (cr, (double[]) { 2, 2 }, 2, 0);
          cairo_rectangle (cr, bar_x, plot_bottom - 24, bar_width, 24);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          draw_text (cr, bar_x, plot_bottom - 38, slot, _("hidden"), label_size, FALSE);
        }
      else
        {
          g_autofree char *text = g_strdup_printf ("%.0f", value);
          double bar_height = (plot_bottom - plot_top - 12) * MIN (1, value / max);

          cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
          cairo_rectangle (cr, bar_x, plot_bottom - bar_height, bar_width, bar_height);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
          draw_text (cr, bar_x, plot_bottom - bar_height - 12, slot, text, label_size, FALSE);
        }

      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      draw_text (cr, x + i * slot, plot_bottom + 3, slot, row->period_start + 5, label_size, FALSE);

      if (policy_changed_at (rows, i))
        {
          /* The policy changed in this period: a dashed line before its bar. */
          cairo_set_source_rgb (cr, 0.80, 0.38, 0.0);
          cairo_set_line_width (cr, 1);
          cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
          cairo_move_to (cr, x + i * slot, plot_top);
          cairo_line_to (cr, x + i * slot, plot_bottom);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_width (cr, 0.5);
        }
    }
}

static void
team_page (RespiteReport *self,
           cairo_t       *cr,
           const char    *team,
           GPtrArray     *rows)
{
  const ChartSpec specs[] = {
    { _("Exposure hours"), 0 },
    { _("Breaks taken, of those prompted (%)"), 100 },
    { _("Member-days over the daily cap (%)"), 100 },
    { _("Check-in participation (%)"), 100 },
    { _("WHO-5 mean (%)"), 100 },
    { _("Members reporting"), 0 },
  };
  g_autofree char *privacy = privacy_line (self);
  double y = MARGIN, chart_width = (TEXT_WIDTH - 24) / 2, chart_height = 190;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, team, 20, TRUE) + 2;
  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, privacy, 9, FALSE) + 4;

  for (guint i = rows->len; i-- > 1;)
    if (policy_changed_at (rows, i))
      {
        const RespiteReportRow *row = rows->pdata[i];
        /* Translators: a policy version and the first day of a period */
        g_autofree char *legend = g_strdup_printf (_("Dashed line: the policy changed to “%s” in the "
                                                     "period from %s."),
                                                   row->policy_version, row->period_start);

        cairo_set_source_rgb (cr, 0.80, 0.38, 0.0);
        draw_text (cr, MARGIN, y, TEXT_WIDTH, legend, 9, FALSE);
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        break;
      }
  y += 14;

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    draw_chart (cr, MARGIN + (i % 2) * (chart_width + 24), y + (i / 2) * (chart_height + 20),
                chart_width, chart_height, &specs[i], rows, i);
}

/* A figure this report shows, or NAN. */
static double
shown_value (const RespiteReportRow *row,
             RespiteReportFigure     figure)
{
  return row->cells[figure].state == RESPITE_CELL_SHOWN ? row->cells[figure].value : NAN;
}

/* A count this report shows (rounded: noise makes it fractional), or 0. */
static guint
shown_count (const RespiteReportRow *row,
             RespiteReportFigure     figure)
{
  double value = shown_value (row, figure);

  return isfinite (value) && value > 0 ? (guint) lround (value) : 0;
}

/* The signals read what this report shows and nothing more: each row back
 * as an aggregate, with every figure the report hid unknown there too. */
static RespiteTeamAggregate *
aggregate_from_row (const RespiteReportRow *row)
{
  RespiteTeamAggregate *a = g_new0 (RespiteTeamAggregate, 1);
  double age = shown_value (row, RESPITE_REPORT_POLICY_AGE_DAYS);
  gboolean breaks = row->cells[RESPITE_REPORT_BREAKS_TAKEN].state == RESPITE_CELL_SHOWN &&
                    row->cells[RESPITE_REPORT_BREAKS_PROMPTED].state == RESPITE_CELL_SHOWN;

  a->team = g_strdup (row->team);
  a->period_start = g_strdup (row->period_start);
  a->period_end = g_strdup (row->period_end);
  a->policy_version = g_strdup (row->policy_version);
  a->suppressed = row->cells[RESPITE_REPORT_MEMBERS].state != RESPITE_CELL_SHOWN;
  a->members = shown_count (row, RESPITE_REPORT_MEMBERS);
  a->member_days = shown_count (row, RESPITE_REPORT_MEMBER_DAYS);
  a->exposure_hours = shown_value (row, RESPITE_REPORT_EXPOSURE_HOURS);
  a->median_exposure_hours = shown_value (row, RESPITE_REPORT_MEDIAN_EXPOSURE_HOURS);
  a->cap_exceeded_share = shown_value (row, RESPITE_REPORT_CAP_EXCEEDED_SHARE);
  /* No breaks prompted reads as unknown. */
  a->breaks_prompted = breaks ? shown_count (row, RESPITE_REPORT_BREAKS_PROMPTED) : 0;
  a->breaks_taken = breaks ? shown_count (row, RESPITE_REPORT_BREAKS_TAKEN) : 0;
  a->checkin_participation = shown_value (row, RESPITE_REPORT_CHECKIN_PARTICIPATION);
  a->wellbeing_respondents = shown_count (row, RESPITE_REPORT_WHO5_RESPONDENTS);
  a->who5_member_mean = shown_value (row, RESPITE_REPORT_WHO5_MEAN_PERCENT);
  a->wellbeing_mean = NAN;
  a->wellbeing_suppressed = row->cells[RESPITE_REPORT_WHO5_RESPONDENTS].state != RESPITE_CELL_SHOWN ||
                            !isfinite (a->who5_member_mean);
  a->who5_bands_suppressed = row->cells[RESPITE_REPORT_WHO5_VERY_LOW].state != RESPITE_CELL_SHOWN ||
                             row->cells[RESPITE_REPORT_WHO5_LOW].state != RESPITE_CELL_SHOWN ||
                             row->cells[RESPITE_REPORT_WHO5_GOOD].state != RESPITE_CELL_SHOWN;
  a->who5_very_low = shown_count (row, RESPITE_REPORT_WHO5_VERY_LOW);
  a->who5_low = shown_count (row, RESPITE_REPORT_WHO5_LOW);
  a->who5_good = shown_count (row, RESPITE_REPORT_WHO5_GOOD);
  a->policy_age_days = isfinite (age) ? (int) lround (age) : -1;

  return a;
}

/* One line of a table: a label, then @n_cells columns; returns its height. */
static double
table_line (cairo_t            *cr,
            double              y,
            const char         *label,
            const char * const *cells,
            guint               n_cells,
            gboolean            bold)
{
  const double label_width = 190, cell_width = (TEXT_WIDTH - label_width) / 3;
  double height = draw_text (cr, MARGIN, y, label_width - 8, label, 10, bold);

  for (guint i = 0; i < n_cells; i++)
    height = MAX (height, draw_text (cr, MARGIN + label_width + i * cell_width, y, cell_width - 8,
                                     cells[i], 10, bold));

  return height + 5;
}

/* What changed, the policy change, and what may need attention: the same
 * as a lead's digest, from this report's figures. */
static void
signals_page (RespiteReport *self,
              cairo_t       *cr,
              const char    *team,
              GPtrArray     *rows)
{
  g_autoptr(GPtrArray) aggregates =
    g_ptr_array_new_with_free_func ((GDestroyNotify) respite_team_aggregate_free);
  RespitePeriod unit = respite_report_get_unit (self);
  const RespiteTeamAggregate *latest, *previous, *year_before;
  g_autoptr(GPtrArray) signals = NULL;
  RespitePolicyChange change;
  /* Translators: a team's name */
  g_autofree char *title = g_strdup_printf (_("%s: what changed"), team);
  double y = MARGIN;

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (aggregates, aggregate_from_row (rows->pdata[i]));
  respite_signals_compare (aggregates, unit, &latest, &previous, &year_before);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, title, 20, TRUE) + 10;
  paragraph (cr, &y, _("These comparisons and signals read only the figures this report shows: a "
                       "hidden figure is never used, and periods are compared, never people. A "
                       "dash marks a period the report does not cover."));

  if (latest != NULL)
    {
      const char *header[] = { _("Latest"), _("Before"), _("A year before") };
      /* Translators: the first and last day of a period */
      g_autofree char *dates = g_strdup_printf (_("%s to %s"), latest->period_start, latest->period_end);

      y += table_line (cr, y, dates, header, G_N_ELEMENTS (header), TRUE);
      for (RespiteTrend trend = 0; trend < RESPITE_N_TRENDS; trend++)
        {
          g_autofree char *now = respite_trend_dup_cell (trend, latest);
          g_autofree char *then = respite_trend_dup_cell (trend, previous);
          g_autofree char *last_year = respite_trend_dup_cell (trend, year_before);
          const char *cells[] = { now, then, last_year };

          y += table_line (cr, y, respite_trend_get_label (trend), cells, G_N_ELEMENTS (cells), FALSE);
        }
    }

  if (respite_signals_find_policy_change (aggregates, unit, &change))
    {
      const char *header[] = { _("Before"), _("Since") };
      g_autofree char *since = g_strdup_printf (_("Since the policy changed from %s to %s, on %s"),
                                                change.previous_version, change.version, change.since);

      heading (cr, &y, since);
      paragraph (cr, &y, respite_policy_change_get_method (unit));
      y += table_line (cr, y, "", header, G_N_ELEMENTS (header), TRUE);
      for (RespiteTrend trend = 0; trend < RESPITE_N_TRENDS; trend++)
        {
          g_autofree char *before = respite_policy_change_dup_mean (&change, trend, FALSE);
          g_autofree char *after = respite_policy_change_dup_mean (&change, trend, TRUE);
          const char *cells[] = { before, after };

          y += table_line (cr, y, respite_trend_get_label (trend), cells, G_N_ELEMENTS (cells), FALSE);
        }
    }

  heading (cr, &y, _("Needs attention"));
  signals = respite_signals_find (aggregates, unit);
  if (signals->len == 0)
    paragraph (cr, &y, _("Nothing in these figures."));
  for (guint i = 0; i < signals->len; i++)
    {
      RespiteSignal *signal = g_ptr_array_index (signals, i);

      y += draw_text (cr, MARGIN, y, TEXT_WIDTH, signal->finding, 10.5, TRUE) + 3;
      y += draw_text (cr, MARGIN + 14, y, TEXT_WIDTH - 14, signal->suggestion, 10.5, FALSE) + 10;
    }
}

static char *
share_text (double share)
{
  if (share < 0)
    return g_strdup (_("not known (every figure hidden)"));
  return g_strdup_printf ("%.0f %%", 100 * share);
}

static void
programme_page (RespiteReport *self,
                cairo_t       *cr)
{
  const RespiteReportProgramme *p = respite_report_get_programme (self);
  g_autofree char *support = NULL;
  g_autofree char *breaks = share_text (p->break_adherence);
  g_autofree char *checkins = share_text (p->checkin_participation);
  g_autofree char *cap = share_text (p->cap_exceeded_share);
  g_autofree char *counselling = NULL;
  g_autofree char *policy = NULL;
  g_autofree char *line = NULL;
  g_autofree char *phase = NULL;
  double y = MARGIN;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  heading (cr, &y, _("Welfare programme"));
  paragraph (cr, &y, _("Organisations that protect children from sexual exploitation are asked to give "
                       "the staff who handle this material contracted mental-health support, controlled "
                       "exposure with regular breaks, and policies they review and apply. These are "
                       "the organisation’s measured figures for this period, read against those "
                       "practices."));

  if (p->support_services < 0)
    support = g_strdup (_("Contracted support: no policy was given to this report."));
  else if (p->support_services == 0)
    support = g_strdup (_("Contracted support: none configured in the policy. Reviewers only see the crisis line."));
  else
    support = g_strdup_printf (ngettext ("Contracted support: %d service configured.",
                                         "Contracted support: %d services configured.",
                                         p->support_services),
                               p->support_services);
  paragraph (cr, &y, support);

  line = g_strdup_printf (_("Break adherence: %s of prompted breaks were taken."), breaks);
  paragraph (cr, &y, line);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf (_("Check-in participation: %s of members did at least one check-in."), checkins);
  paragraph (cr, &y, line);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf (_("Daily exposure cap: passed on %s of member-days."), cap);
  paragraph (cr, &y, line);

  if (p->counselling_interval > 0)
    counselling = g_strdup_printf (ngettext ("Counselling reminders: every %d day. Whether they are "
                                             "followed is not measured: by design, it stays on each "
                                             "reviewer’s computer.",
                                             "Counselling reminders: every %d days. Whether they are "
                                             "followed is not measured: by design, it stays on each "
                                             "reviewer’s computer.",
                                             (int) (p->counselling_interval / 86400)),
                                   (int) (p->counselling_interval / 86400));
  else
    counselling = g_strdup (_("Counselling reminders: none configured."));
  paragraph (cr, &y, counselling);

  if (p->policy_age_days < 0)
    policy = g_strdup (_("Policy: no version was reported."));
  else if (p->policy_review_due)
    policy = g_strdup_printf (ngettext ("Policy “%s” is %d day old: older than 12 months, it is due for review.",
                                        "Policy “%s” is %d days old: older than 12 months, it is due for review.",
                                        p->policy_age_days),
                              p->policy_version, p->policy_age_days);
  else
    policy = g_strdup_printf (ngettext ("Policy “%s” is %d day old, within its yearly review.",
                                        "Policy “%s” is %d days old, within its yearly review.",
                                        p->policy_age_days),
                              p->policy_version, p->policy_age_days);
  if (p->policy_review_due)
    {
      cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
      y += draw_text (cr, MARGIN, y, TEXT_WIDTH, policy, 10.5, TRUE) + 8;
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    }
  else
    paragraph (cr, &y, policy);

  heading (cr, &y, _("Maturity"));
  phase = g_strdup_printf (_("Phase %u of 4: %s"), p->phase + 1, respite_report_phase_get_label (p->phase));
  y += draw_text (cr, MARGIN, y, TEXT_WIDTH, phase, 14, TRUE) + 10;
  /* xgettext:no-c-format */
  paragraph (cr, &y, _("The WeProtect Global Alliance and UNICEF maturity model for the Model National "
                       "Response describes four phases, from building to maturity; industry reaches "
                       "maturity when its staff have the skills and access to health and wellbeing "
                       "support to handle this material. Respite places the programme from its "
                       "measured figures, with thresholds of its own: Building, without contracted "
                       "support or figures; Enhancing, with support; Integrating, with at least 60 % "
                       "of breaks taken, 50 % check-in participation, counselling reminders and a "
                       "policy reviewed within a year; Maturity, with 80 % of breaks taken, 70 % "
                       "participation and the cap passed on at most 10 % of member-days. The phases "
                       "are not always passed in order, and a figure is no substitute for asking "
                       "the people concerned."));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * respite_report_write_pdf:
 */
gboolean
respite_report_write_pdf (RespiteReport  *self,
                          GOutputStream  *stream,
                          GError        **error)
{
  g_autoptr(GPtrArray) teams = g_ptr_array_new ();
  GPtrArray *rows;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (RESPITE_IS_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  rows = respite_report_get_rows (self);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *team = ((RespiteReportRow *) rows->pdata[i])->team;

      if (!g_ptr_array_find_with_equal_func (teams, team, g_str_equal, NULL))
        g_ptr_array_add (teams, (gpointer) team);
    }
  g_ptr_array_sort (teams, compare_names);

  surface = cairo_pdf_surface_create_for_stream (write_to_stream, stream, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Team wellbeing report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "respite-report " VERSION);
  cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  title_page (self, cr);
  cairo_show_page (cr);

  for (guint t = 0; t < teams->len; t++)
    {
      g_autoptr(GPtrArray) team_rows = g_ptr_array_new ();

      for (guint i = 0; i < rows->len; i++)
        if (g_str_equal (((RespiteReportRow *) rows->pdata[i])->team, teams->pdata[t]))
          g_ptr_array_add (team_rows, rows->pdata[i]);

      team_page (self, cr, teams->pdata[t], team_rows);
      cairo_show_page (cr);
      signals_page (self, cr, teams->pdata[t], team_rows);
      cairo_show_page (cr);
    }

  programme_page (self, cr);
  cairo_show_page (cr);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_WRITE,
                   _("Could not write the PDF: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}
