/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Team page's export to HR: the report of one month or ISO week
 * (respite-report.h), as PDF, CSV or JSON, written in a worker thread with
 * the store's k and no noise, as the respite-report command would. What
 * the report hides (primary and complementary suppression) is its own
 * business; the page only says where the file went, or in plain words why
 * it did not.
 */

#define G_LOG_DOMAIN "respite-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-report.h"
#include "respite-team-page-private.h"

/* How many past months or weeks the export offers. */
#define EXPORT_PERIODS 12

/* g_strv_builder_take() is GLib 2.80. */
static void
builder_take (GStrvBuilder *builder,
              char         *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

/**
 * respite_team_page_list_periods:
 * @unit: months or ISO weeks
 * @now: the present, in the user's time zone
 * @n: how many
 *
 * The last @n whole months ("2026-02") or ISO weeks ("2026-W11") before
 * @now, newest first, as respite_report_parse_period() reads them. The
 * running period is left out: its figures would change under HR's feet.
 *
 * Returns: (transfer full): the periods
 */
GStrv
respite_team_page_list_periods (RespitePeriod  unit,
                                GDateTime     *now,
                                guint          n)
{
  g_autoptr(GStrvBuilder) periods = g_strv_builder_new ();
  g_autoptr(GDateTime) start = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  /* Noon, so that adding days never meets a change of summer time. */
  if (unit == RESPITE_PERIOD_MONTH)
    start = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                             g_date_time_get_month (now), 1, 12, 0, 0);
  else
    start = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                             g_date_time_get_month (now), g_date_time_get_day_of_month (now),
                             12, 0, 0);

  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(GDateTime) period = NULL;

      if (unit == RESPITE_PERIOD_MONTH)
        {
          period = g_date_time_add_months (start, -(int) i);
          builder_take (periods, g_date_time_format (period, "%Y-%m"));
        }
      else
        {
          period = g_date_time_add_days (start, 1 - g_date_time_get_day_of_week (start) -
                                                7 * (int) i);
          builder_take (periods, g_date_time_format (period, "%G-W%V"));
        }
    }

  return g_strv_builder_end (periods);
}

/* "February 2026", "Week 11 of 2026, 9 Mar to 15 Mar" */
static char *
period_title (const char *period)
{
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  g_autofree char *from_iso = NULL;
  g_autofree char *to_iso = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *from_label = NULL;
  g_autofree char *to_label = NULL;
  RespitePeriod unit;
  gboolean single;

  if (!respite_report_parse_period (period, &from_day, &to_day, &unit, &single, NULL))
    return g_strdup (period);

  from_iso = g_strconcat (from_day, "T12:00:00Z", NULL);
  to_iso = g_strconcat (to_day, "T12:00:00Z", NULL);
  from = g_date_time_new_from_iso8601 (from_iso, NULL);
  to = g_date_time_new_from_iso8601 (to_iso, NULL);

  if (unit == RESPITE_PERIOD_MONTH)
    /* Translators: a month in the export's list, e.g. "February 2026" */
    return g_date_time_format (from, _("%B %Y"));

  /* Translators: a day in the export's list of weeks, e.g. "9 Mar" */
  from_label = g_date_time_format (from, _("%-d %b"));
  to_label = g_date_time_format (to, _("%-d %b"));

  /* Translators: an ISO week in the export's list, e.g. "Week 11 of 2026, 9 Mar to 15 Mar" */
  return g_strdup_printf (_("Week %d of %d, %s to %s"), g_date_time_get_week_of_year (from),
                          g_date_time_get_week_numbering_year (from), from_label, to_label);
}

/**
 * respite_team_page_export:
 * @period: a month or an ISO week, from respite_team_page_list_periods()
 * @format: "pdf", "csv" or "json"
 * @policy: (nullable): for the report's welfare programme and ε budget
 * @now: dates the report
 *
 * Writes the HR report of @team (a team, or a group with
 * %RESPITE_TEAM_UNIT_GROUP) for @period into @file, as the
 * respite-report command would: the store's k, no noise, the release
 * recorded in the store's ledger. The file is replaced only once the whole
 * report is written. Blocks: call it from a worker thread.
 *
 * Returns: %FALSE with @error set: %RESPITE_REPORT_ERROR_EMPTY when every
 *   figure is hidden, a %RESPITE_TEAM_STORE_ERROR, or a #GIOError
 */
gboolean
respite_team_page_export (RespiteTeamStore  *store,
                          const char        *team,
                          RespiteTeamUnit    team_unit,
                          const char        *period,
                          const char        *format,
                          RespitePolicy     *policy,
                          GDateTime         *now,
                          GFile             *file,
                          GError           **error)
{
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  g_autoptr(RespiteReport) report = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  RespiteReportOptions options;
  RespitePeriod unit;
  gboolean single, ok;

  g_return_val_if_fail (RESPITE_IS_TEAM_STORE (store), FALSE);
  g_return_val_if_fail (team != NULL && period != NULL, FALSE);
  g_return_val_if_fail (g_strv_contains ((const char *[]) { "pdf", "csv", "json", NULL }, format),
                        FALSE);
  g_return_val_if_fail (policy == NULL || RESPITE_IS_POLICY (policy), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!respite_report_parse_period (period, &from_day, &to_day, &unit, &single, error))
    return FALSE;

  options = (RespiteReportOptions) {
    .period = period, .from_day = from_day, .to_day = to_day, .unit = unit, .team = team,
    .team_unit = team_unit, .k = 0, .epsilon = 0, .record = TRUE,
    .epsilon_budget = policy != NULL ? respite_policy_get_epsilon_budget (policy)
                                     : RESPITE_REPORT_DEFAULT_EPSILON_BUDGET,
  };

  report = respite_report_new_from_store (store, &options, policy, now, error);
  if (report == NULL)
    return FALSE;

  /* In memory first: a failed write leaves no half a report behind. */
  stream = g_memory_output_stream_new_resizable ();
  if (g_str_equal (format, "pdf"))
    ok = respite_report_write_pdf (report, stream, error);
  else if (g_str_equal (format, "json"))
    ok = respite_report_write_json (report, stream, error);
  else
    ok = respite_report_write_csv (report, stream, error);

  if (!ok || !g_output_stream_close (stream, NULL, error))
    return FALSE;

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));

  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                  error);
}

typedef struct
{
  RespiteTeamStore *store;
  char             *team;
  RespiteTeamUnit   team_unit;
  char             *period;
  char             *format;
  RespitePolicy    *policy;  /* (nullable) */
  GDateTime        *now;
  GFile            *file;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->store);
  g_free (export->team);
  g_free (export->period);
  g_free (export->format);
  g_clear_object (&export->policy);
  g_clear_pointer (&export->now, g_date_time_unref);
  g_clear_object (&export->file);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  GError *error = NULL;

  if (respite_team_page_export (export->store, export->team, export->team_unit, export->period,
                                export->format, export->policy, export->now, export->file, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
update_actions (RespiteTeamPage *self)
{
  gboolean idle = self->exporting == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "team.export", idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), idle);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RespiteTeamPage *self;
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  const char *body;
  GtkWidget *dialog;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = RESPITE_TEAM_PAGE (source);
  g_clear_object (&self->exporting);
  update_actions (self);

  if (error == NULL)
    {
      g_autofree char *name = g_file_get_basename (export->file);
      g_autofree char *text = NULL;

      /* Translators: after an export, with the file's name */
      text = g_strdup_printf (_("The team figures were saved to “%s”"), name);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }

  title = period_title (export->period);
  if (g_error_matches (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_EMPTY))
    body = _("Every figure of this period is hidden: it had fewer people than the team store "
             "requires, or nobody shared. Nothing was saved.");
  else if (g_error_matches (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_DENIED))
    body = _("Only team leads and HR can export team figures.");
  else if (g_error_matches (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE))
    body = _("The team store cannot be reached. Check the network connection and try again.");
  else
    body = error->message;

  /* Translators: a dialog's heading, with the period, e.g. "Could Not Export February 2026" */
  {
    g_autofree char *heading = g_strdup_printf (_("Could Not Export %s"), title);

    dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                     heading, body);
  }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    RespiteTeamPage *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) utc = NULL;
  Export *export;

  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    {
      g_object_unref (chooser);
      return;
    }

  utc = g_date_time_new_from_unix_utc (respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC);

  export = g_new0 (Export, 1);
  export->store = g_object_ref (self->store);
  export->team = g_strdup (self->team);
  export->team_unit = self->unit;
  export->period = g_strdup (g_object_get_data (G_OBJECT (chooser), "period"));
  export->format = g_strdup (g_object_get_data (G_OBJECT (chooser), "format"));
  export->policy = self->policy != NULL ? g_object_ref (self->policy) : NULL;
  export->now = g_date_time_to_local (utc);
  export->file = g_steal_pointer (&file);
  g_object_unref (chooser);

  self->exporting = g_cancellable_new ();
  update_actions (self);

  task = g_task_new (self, self->exporting, export_done, NULL);
  g_task_set_source_tag (task, export_response_cb);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

void
respite_team_page_export_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  RespiteTeamPage *self = RESPITE_TEAM_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  guint selected = adw_combo_row_get_selected (self->export_period_row);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *team = NULL;
  const char *period;
  GtkFileChooserNative *chooser;

  if (self->export_periods == NULL || selected >= g_strv_length (self->export_periods))
    return;
  if (!g_strv_contains ((const char *[]) { "pdf", "csv", "json", NULL }, format))
    return;

  period = self->export_periods[selected];
  gtk_popover_popdown (gtk_menu_button_get_popover (self->export_button));

  /* A team's name comes from the policy: keep it out of the path's syntax. */
  team = g_strdelimit (g_strdup (self->team), G_DIR_SEPARATOR_S "\\:*?\"<>|", '-');
  name = g_strdup_printf ("respite-%s-%s.%s", team, period, format);

  chooser = gtk_file_chooser_native_new (_("Export Team Figures"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, g_str_equal (format, "pdf") ? _("PDF documents")
                                    : g_str_equal (format, "csv") ? _("CSV files")
                                    : _("JSON files"));
  gtk_file_filter_add_suffix (filter, format);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "period", g_strdup (period), g_free);
  g_object_set_data_full (G_OBJECT (chooser), "format", g_strdup (format), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The periods the export offers: months or weeks, the last whole one first
 * and chosen. Again each time the popover opens: the app runs for days. */
void
respite_team_page_update_export_periods (RespiteTeamPage *self)
{
  RespitePeriod unit = adw_combo_row_get_selected (self->export_unit_row) == 1
                       ? RESPITE_PERIOD_WEEK : RESPITE_PERIOD_MONTH;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  g_auto(GStrv) title_list = NULL;

  if (self->clock == NULL)  /* still being built */
    return;

  utc = g_date_time_new_from_unix_utc (respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC);
  now = g_date_time_to_local (utc);

  g_strfreev (self->export_periods);
  self->export_periods = respite_team_page_list_periods (unit, now, EXPORT_PERIODS);
  for (guint i = 0; self->export_periods[i] != NULL; i++)
    builder_take (titles, period_title (self->export_periods[i]));
  title_list = g_strv_builder_end (titles);

  gtk_string_list_splice (self->export_period_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->export_period_list)),
                          (const char * const *) title_list);
  adw_combo_row_set_selected (self->export_period_row, 0);
}
