/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteHistoryView: the reviewer's own history over the last 14, 30 or
 * 90 days — exposure per day by intensity, breaks prompted and taken,
 * check-in scores — each as a chart and, for those who do not see it, as
 * a table with the same figures. And their data: export it all, or erase
 * it all.
 *
 * Everything here reads the personal store; nothing leaves the machine.
 */

#define G_LOG_DOMAIN "respite-history-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "respite-block.h"
#include "respite-chart.h"
#include "respite-accessible.h"
#include "respite-history-view.h"

struct _RespiteHistoryView
{
  AdwBin           parent_instance;

  RespiteStore    *store;  /* (owned) */
  RespiteClock    *clock;  /* (owned) */
  guint            n_days;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkLabel        *range_title;
  GtkLabel        *exposure_summary;
  RespiteChart    *exposure_chart;
  GtkBox          *exposure_table;
  GtkLabel        *breaks_summary;
  RespiteChart    *breaks_chart;
  GtkBox          *breaks_table;
  GtkLabel        *check_ins_summary;
  RespiteChart    *check_ins_chart;
  GtkBox          *check_ins_table;
};

G_DEFINE_FINAL_TYPE (RespiteHistoryView, respite_history_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DAYS,
  N_PROPS
};

enum {
  DATA_ERASED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
format_hours (double   hours,
              gpointer user_data)
{
  gint64 minutes = (gint64) round (hours * 60);

  /* Round hours, as on the axis, read better without the minutes. */
  if (minutes % 60 == 0)
    /* Translators: whole hours of exposure on a chart's axis, e.g. "2 h" */
    return g_strdup_printf (_("%d h"), (int) (minutes / 60));

  return respite_format_duration (minutes * 60);
}

static char *
format_count (double   count,
              gpointer user_data)
{
  return g_strdup_printf ("%.0f", count);
}

static char *
format_percent (double   percent,
                gpointer user_data)
{
  /* Translators: a wellbeing score in percent, e.g. "56 %" */
  return g_strdup_printf (_("%.0f %%"), percent);
}

static char *
format_day (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);

  /* Translators: a day on a chart's axis and in its table, as
   * g_date_time_format() takes it: "3 Mar" */
  return g_date_time_format (dt, C_("chart day", "%-d %b"));
}

static void
clear_table (GtkBox *table)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (table))) != NULL)
    gtk_box_remove (table, child);
}

/* One row of a table: the first cell is its heading, the figures are
 * right-aligned so that they line up. A table is a box of rows, each a
 * box of cells, with the roles GTK 4.8 has for them: a GtkGrid of labels
 * was read out as a run of plain text. GTK 4.8 has no AT-SPI role for
 * column or row headers (GTK_ACCESSIBLE_ROLE_COLUMN_HEADER comes through
 * as a filler, outside the table), so the headings are cells too, and
 * each figure's description is its column's heading: "2 h, Low". Each
 * column keeps one width through a size group, kept on the table, as do
 * the headings. */
static void
add_row (GtkBox             *table,
         int                 row,
         const char * const *cells)
{
  GPtrArray *columns = g_object_get_data (G_OBJECT (table), "respite-columns");
  GStrv headers = g_object_get_data (G_OBJECT (table), "respite-headers");
  GtkWidget *line = g_object_new (GTK_TYPE_BOX,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_ROW,
                                  "spacing", 24,
                                  NULL);

  if (columns == NULL)
    {
      columns = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (table), "respite-columns", columns,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  if (row == 0)
    {
      headers = g_strdupv ((GStrv) cells);
      g_object_set_data_full (G_OBJECT (table), "respite-headers", headers,
                              (GDestroyNotify) g_strfreev);
    }

  for (int c = 0; cells[c] != NULL; c++)
    {
      GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_CELL,
                                       "label", cells[c],
                                       "xalign", c == 0 ? 0.0 : 1.0,
                                       NULL);

      if (row == 0)
        gtk_widget_add_css_class (label, "heading");
      else
        gtk_widget_add_css_class (label, "numeric");
      if (row > 0 && headers != NULL && (guint) c < g_strv_length (headers))
        gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, headers[c],
                                        -1);
      while ((guint) c >= columns->len)
        g_ptr_array_add (columns, gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL));
      gtk_size_group_add_widget (g_ptr_array_index (columns, c), label);
      gtk_box_append (GTK_BOX (line), label);
    }

  gtk_box_append (table, line);
}

static void
show_exposure (RespiteHistoryView *self,
               GArray             *days,
               GStrv               labels)
{
  g_autofree double *values = g_new0 (double, days->len);
  g_autofree char *total_text = NULL;
  gint64 total = 0;
  guint active = 0;
  guint limited = 0;
  const char *headers[] = { _("Day"), respite_intensity_get_label (1),
                            respite_intensity_get_label (2), respite_intensity_get_label (3),
                            _("Total"), _("Limit"), NULL };

  respite_chart_clear_series (self->exposure_chart);
  for (int intensity = RESPITE_INTENSITY_MIN; intensity <= RESPITE_INTENSITY_MAX; intensity++)
    {
      /* Lighter to darker as the material gets harder. */
      static const char * const colors[] = { "#99c1f1", "#3584e4", "#1a5fb4" };

      for (guint i = 0; i < days->len; i++)
        values[i] = g_array_index (days, RespiteHistoryDay, i).exposure[intensity - 1] / 3600.0;
      respite_chart_add_series (self->exposure_chart, respite_intensity_get_label (intensity),
                                colors[intensity - 1], values, days->len);
    }

  clear_table (self->exposure_table);
  add_row (self->exposure_table, 0, headers);
  for (guint i = 0; i < days->len; i++)
    {
      RespiteHistoryDay *day = &g_array_index (days, RespiteHistoryDay, i);
      gint64 sum = day->exposure[0] + day->exposure[1] + day->exposure[2];
      g_autofree char *low = respite_format_duration (day->exposure[0]);
      g_autofree char *medium = respite_format_duration (day->exposure[1]);
      g_autofree char *high = respite_format_duration (day->exposure[2]);
      g_autofree char *day_total = respite_format_duration (sum);
      /* Translators: in History, on a day when a cap or limit was reached */
      const char *cells[] = { labels[i], low, medium, high, day_total,
                              day->limits_reached > 0 ? _("Reached") : "", NULL };

      add_row (self->exposure_table, i + 1, cells);
      total += sum;
      active += sum > 0;
      limited += day->limits_reached > 0;
    }

  total_text = respite_format_duration (total);
  if (active > 0)
    {
      g_autofree char *average = respite_format_duration (total / active);
      g_autofree char *text = NULL;

      /* Translators: "31 h 20 min in all, on 12 days: 2 h 36 min a day on average" */
      text = g_strdup_printf (ngettext ("%s in all, on %u day: %s a day on average",
                                        "%s in all, on %u days: %s a day on average", active),
                              total_text, active, average);
      if (limited > 0)
        {
          g_autofree char *average_text = g_steal_pointer (&text);
          g_autofree char *limits = NULL;

          limits = g_strdup_printf (ngettext ("A cap or limit was reached on %u day.",
                                              "A cap or limit was reached on %u days.", limited),
                                    limited);
          /* Translators: the average, then "A cap or limit was reached on 2 days." */
          text = g_strdup_printf (_("%s. %s"), average_text, limits);
        }
      gtk_label_set_label (self->exposure_summary, text);
    }
  else
    {
      gtk_label_set_label (self->exposure_summary, _("No exposure recorded in this period."));
    }
}

static void
show_breaks (RespiteHistoryView *self,
             GArray             *days,
             GStrv               labels)
{
  g_autofree double *prompted = g_new0 (double, days->len);
  g_autofree double *taken = g_new0 (double, days->len);
  guint n_prompted = 0, n_taken = 0;
  const char *headers[] = { _("Day"), _("Prompted"), _("Taken"), NULL };
  g_autofree char *text = NULL;

  clear_table (self->breaks_table);
  add_row (self->breaks_table, 0, headers);
  for (guint i = 0; i < days->len; i++)
    {
      RespiteHistoryDay *day = &g_array_index (days, RespiteHistoryDay, i);
      g_autofree char *p = g_strdup_printf ("%u", day->breaks_prompted);
      g_autofree char *t = g_strdup_printf ("%u", day->breaks_taken);
      const char *cells[] = { labels[i], p, t, NULL };

      prompted[i] = day->breaks_prompted;
      taken[i] = day->breaks_taken;
      n_prompted += day->breaks_prompted;
      n_taken += day->breaks_taken;
      add_row (self->breaks_table, i + 1, cells);
    }

  respite_chart_clear_series (self->breaks_chart);
  respite_chart_add_series (self->breaks_chart, _("Prompted"), "#c0bfbc", prompted, days->len);
  respite_chart_add_series (self->breaks_chart, _("Taken"), "#2ec27e", taken, days->len);

  /* Translators: "24 breaks taken; Respite suggested 28" */
  text = g_strdup_printf (ngettext ("%u break taken; Respite suggested %u",
                                    "%u breaks taken; Respite suggested %u", n_taken),
                          n_taken, n_prompted);
  gtk_label_set_label (self->breaks_summary, text);
}

/* The chart shows the scores that are a percentage (WHO-5's), on one scale
 * from 0 to 100; the table lists every check-in. */
static void
show_check_ins (RespiteHistoryView *self,
                GArray             *days,
                GStrv               labels,
                GArray             *check_ins)
{
  g_autoptr(GPtrArray) instruments = g_ptr_array_new ();
  g_autofree double *values = g_new (double, days->len);
  const char *headers[] = { _("Day"), _("Check-in"), _("Score"), _("Result"), NULL };
  g_autofree char *text = NULL;

  clear_table (self->check_ins_table);
  add_row (self->check_ins_table, 0, headers);
  for (guint c = 0; c < check_ins->len; c++)
    {
      RespiteCheckIn *check_in = &g_array_index (check_ins, RespiteCheckIn, c);
      g_autofree char *day = format_day (check_in->finished_at);
      g_autofree char *name = g_ascii_strup (check_in->instrument_id, -1);
      g_autofree char *score = isnan (check_in->scaled_score)
                               ? g_strdup_printf ("%d", check_in->raw_score)
                               : format_percent (check_in->scaled_score, NULL);
      const char *cells[] = { day, name, score,
                              check_in->suggests_support ? _("Support suggested") : "", NULL };

      add_row (self->check_ins_table, c + 1, cells);
      if (!isnan (check_in->scaled_score) &&
          !g_ptr_array_find_with_equal_func (instruments, check_in->instrument_id,
                                             g_str_equal, NULL))
        g_ptr_array_add (instruments, check_in->instrument_id);
    }

  respite_chart_clear_series (self->check_ins_chart);
  for (guint s = 0; s < instruments->len; s++)
    {
      const char *id = g_ptr_array_index (instruments, s);
      g_autofree char *name = g_ascii_strup (id, -1);

      for (guint i = 0; i < days->len; i++)
        values[i] = NAN;

      /* The day's last check-in with this instrument. */
      for (guint c = 0; c < check_ins->len; c++)
        {
          RespiteCheckIn *check_in = &g_array_index (check_ins, RespiteCheckIn, c);

          for (guint i = 0; i < days->len; i++)
            {
              RespiteHistoryDay *day = &g_array_index (days, RespiteHistoryDay, i);

              if (g_str_equal (check_in->instrument_id, id) &&
                  check_in->finished_at >= day->start && check_in->finished_at < day->end)
                values[i] = check_in->scaled_score;
            }
        }

      respite_chart_add_series (self->check_ins_chart, name, NULL, values, days->len);
    }

  text = g_strdup_printf (ngettext ("%u check-in in this period",
                                    "%u check-ins in this period", check_ins->len),
                          check_ins->len);
  gtk_label_set_label (self->check_ins_summary, text);
}

static void
show_error (RespiteHistoryView *self,
            const char         *heading,
            const GError       *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * respite_history_view_refresh:
 *
 * Reads the period again from the store. The view also does this each
 * time it is shown.
 */
void
respite_history_view_refresh (RespiteHistoryView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) check_ins = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (RESPITE_IS_HISTORY_VIEW (self));

  now = g_date_time_new_from_unix_local (respite_clock_get_real_time (self->clock) /
                                         G_USEC_PER_SEC);
  today = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);
  first = g_date_time_add_days (today, 1 - (int) self->n_days);
  tomorrow = g_date_time_add_days (today, 1);

  days = respite_store_list_history_days (self->store, tz, g_date_time_to_unix (first),
                                          g_date_time_to_unix (tomorrow), &error);
  if (days != NULL)
    check_ins = respite_store_list_check_ins (self->store, g_date_time_to_unix (first),
                                              g_date_time_to_unix (tomorrow), &error);
  if (check_ins == NULL)
    {
      show_error (self, _("Could Not Read Your History"), error);
      return;
    }

  for (guint i = 0; i < days->len; i++)
    {
      g_autofree char *label = format_day (g_array_index (days, RespiteHistoryDay, i).start);

      g_strv_builder_add (builder, label);
    }
  labels = g_strv_builder_end (builder);

  respite_chart_set_labels (self->exposure_chart, (const char * const *) labels);
  respite_chart_set_labels (self->breaks_chart, (const char * const *) labels);
  respite_chart_set_labels (self->check_ins_chart, (const char * const *) labels);

  title = g_strdup_printf (ngettext ("Your Last %u Day", "Your Last %u Days", self->n_days),
                           self->n_days);
  gtk_label_set_label (self->range_title, title);

  show_exposure (self, days, labels);
  show_breaks (self, days, labels);
  show_check_ins (self, days, labels, check_ins);
}

static void
respite_history_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RespiteHistoryView *self = RESPITE_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      g_value_set_uint (value, self->n_days);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_history_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RespiteHistoryView *self = RESPITE_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      if (self->n_days == g_value_get_uint (value))
        return;
      self->n_days = g_value_get_uint (value);
      g_object_notify_by_pspec (object, pspec);
      if (self->store != NULL)
        respite_history_view_refresh (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toast (RespiteHistoryView *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static gboolean
export_to (RespiteHistoryView  *self,
           GFile               *file,
           gboolean             csv,
           GError             **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  if (csv)
    return respite_store_export_csv (self->store, file, error);

  /* Private: the export holds health data. */
  stream = g_file_replace (file, NULL, FALSE,
                           G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);

  return stream != NULL &&
         respite_store_export_json (self->store, G_OUTPUT_STREAM (stream), error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static void
export_response_cb (GtkNativeDialog    *chooser,
                    int                 response,
                    RespiteHistoryView *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gboolean csv = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "csv"));
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    {
      if (export_to (self, file, csv, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Your data was exported to “%s”"), name);

          toast (self, text);
        }
      else
        {
          show_error (self, _("Could Not Export Your Data"), error);
        }
    }

  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RespiteHistoryView *self = RESPITE_HISTORY_VIEW (widget);
  gboolean csv = g_str_equal (action_name, "history.export-csv");
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (
    respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC);
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  /* CSV is a folder of files, one per table: the reviewer names the folder. */
  chooser = gtk_file_chooser_native_new (csv ? _("Export Your Data as CSV Files")
                                             : _("Export Your Data as JSON"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  name = g_strdup_printf (csv ? "respite-data-%s" : "respite-data-%s.json", stamp);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "csv", GINT_TO_POINTER (csv));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
erase_response_cb (AdwMessageDialog   *dialog,
                   const char         *response,
                   RespiteHistoryView *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "erase"))
    return;

  /* A running block belongs to the tracker: end it first, as the Stop
   * button would (the app's action; absent in the demo). */
  gtk_widget_activate_action (GTK_WIDGET (self), "app.stop-exposure", NULL);

  if (!respite_store_erase_all (self->store, &error))
    {
      show_error (self, _("Could Not Erase Your Data"), error);
      return;
    }

  toast (self, _("All your data was erased"));
  respite_history_view_refresh (self);
  g_signal_emit (self, signals[DATA_ERASED], 0);
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RespiteHistoryView *self = RESPITE_HISTORY_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = respite_store_list_blocks (self->store, 0, G_MAXINT64, &error);
  g_autoptr(GArray) check_ins = NULL;
  g_autofree char *body = NULL;
  g_autofree char *since = NULL;
  g_autofree char *blocks_text = NULL;
  g_autofree char *check_ins_text = NULL;
  GtkWidget *dialog;

  if (blocks != NULL)
    check_ins = respite_store_list_check_ins (self->store, 0, G_MAXINT64, &error);
  if (check_ins == NULL)
    {
      show_error (self, _("Could Not Read Your History"), error);
      return;
    }

  blocks_text = g_strdup_printf (ngettext ("%u exposure block", "%u exposure blocks", blocks->len),
                                 blocks->len);
  check_ins_text = g_strdup_printf (ngettext ("%u check-in with its answers and score",
                                              "%u check-ins with their answers and scores",
                                              check_ins->len),
                                    check_ins->len);
  if (blocks->len > 0)
    {
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (
        g_array_index (blocks, RespiteBlock, 0).started_at);

      /* Translators: a date in a sentence, "since 3 March 2026" */
      since = g_date_time_format (first, _("%-d %B %Y"));
    }

  if (since != NULL)
    /* Translators: "…recorded since 3 March 2026: 120 exposure blocks, 6 check-ins with…" */
    body = g_strdup_printf (_("This deletes from this computer everything Respite recorded "
                              "since %s: %s, %s, every break and prompt, and the counselling "
                              "sessions you marked as done. A running exposure block is stopped "
                              "first.\n\nThis cannot be undone. Export your data first if you "
                              "want to keep a copy."),
                            since, blocks_text, check_ins_text);
  else
    body = g_strdup_printf (_("This deletes from this computer everything Respite recorded: %s, "
                              "%s, every break and prompt, and the counselling sessions you "
                              "marked as done.\n\nThis cannot be undone."),
                            blocks_text, check_ins_text);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Erase All Your Data?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase Everything"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
respite_history_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (respite_history_view_parent_class)->map (widget);

  respite_history_view_refresh (RESPITE_HISTORY_VIEW (widget));
}

static void
respite_history_view_dispose (GObject *object)
{
  RespiteHistoryView *self = RESPITE_HISTORY_VIEW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (respite_history_view_parent_class)->dispose (object);
}

static void
respite_history_view_class_init (RespiteHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = respite_history_view_dispose;
  object_class->get_property = respite_history_view_get_property;
  object_class->set_property = respite_history_view_set_property;
  widget_class->map = respite_history_view_map;

  /**
   * RespiteHistoryView::data-erased:
   *
   * The reviewer erased all their data: whatever else shows it (today's
   * total, say) should read the store again.
   */
  signals[DATA_ERASED] = g_signal_new ("data-erased", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);

  /* The period shown, in days: the range buttons set it through the
   * history.range action. */
  properties[PROP_DAYS] = g_param_spec_uint ("days", NULL, NULL, 1, 366, 14,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RESPITE_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/respite/Respite/ui/"
                                               "respite-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, range_title);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, exposure_summary);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, exposure_chart);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, exposure_table);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, breaks_summary);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, breaks_chart);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, breaks_table);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, check_ins_summary);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, check_ins_chart);
  gtk_widget_class_bind_template_child (widget_class, RespiteHistoryView, check_ins_table);

  gtk_widget_class_install_property_action (widget_class, "history.range", "days");
  gtk_widget_class_install_action (widget_class, "history.export-json", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "history.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "history.erase", NULL, erase_action);
}

static void
respite_history_view_init (RespiteHistoryView *self)
{
  self->n_days = 14;
  gtk_widget_init_template (GTK_WIDGET (self));
  respite_accessible_tidy_names (GTK_WIDGET (self));

  respite_chart_set_mode (self->exposure_chart, RESPITE_CHART_STACKED_BARS);
  respite_chart_set_formatter (self->exposure_chart, format_hours, NULL, NULL);
  respite_chart_set_placeholder (self->exposure_chart,
                                 _("No exposure recorded in this period."));

  respite_chart_set_mode (self->breaks_chart, RESPITE_CHART_GROUPED_BARS);
  respite_chart_set_formatter (self->breaks_chart, format_count, NULL, NULL);
  respite_chart_set_placeholder (self->breaks_chart, _("No breaks in this period."));

  respite_chart_set_mode (self->check_ins_chart, RESPITE_CHART_LINE);
  respite_chart_set_y_range (self->check_ins_chart, 0, 100);
  respite_chart_set_formatter (self->check_ins_chart, format_percent, NULL, NULL);
  respite_chart_set_placeholder (self->check_ins_chart,
                                 _("No wellbeing check-ins in this period. When you take one, "
                                   "your scores appear here, for you alone."));
}

GtkWidget *
respite_history_view_new (RespiteStore *store,
                          RespiteClock *clock)
{
  RespiteHistoryView *self;

  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);

  self = g_object_new (RESPITE_TYPE_HISTORY_VIEW, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);

  return GTK_WIDGET (self);
}
