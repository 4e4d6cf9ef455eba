/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteTrainingGroup: Preferences' list of the training courses the
 * organisation's policy names (issue #19), one row each, with where it
 * stands (not marked done, done on a day, renewal due) and a way to open
 * it and to mark it done on a day. The day stays on this computer, in
 * GSettings (respite-training.c).
 *
 * The rows follow the policy's list, which is known only when the window
 * opens: they are the one part made in code.
 */

#define G_LOG_DOMAIN "respite-training-group"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-training-group.h"
#include "respite-training.h"

struct _RespiteTrainingGroup
{
  AdwPreferencesGroup parent_instance;

  RespitePolicy *policy;    /* (owned) */
  GSettings     *settings;  /* (owned) */
  RespiteClock  *clock;     /* (owned) */
  GPtrArray     *rows;      /* (owned) (element-type AdwActionRow) one per course */
};

G_DEFINE_FINAL_TYPE (RespiteTrainingGroup, respite_training_group, ADW_TYPE_PREFERENCES_GROUP)

/* A "YYYY-MM-DD" day in the reviewer's own date format. */
static char *
format_day (const char *day)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *iso = g_strdup_printf ("%sT12:00:00", day);

  time = g_date_time_new_from_iso8601 (iso, tz);
  return time != NULL ? g_date_time_format (time, "%x") : g_strdup (day);
}

static char *
describe (RespiteTrainingGroup        *self,
          const RespiteTrainingCourse *course)
{
  g_autoptr(GVariant) done = g_settings_get_value (self->settings, "training-done");
  g_autofree char *due_on = NULL;
  g_autofree char *done_text = NULL;
  g_autofree char *due_text = NULL;
  const char *done_on = NULL;

  g_variant_lookup (done, course->name, "&s", &done_on);
  switch (respite_training_get_status (course, done_on, self->clock, &due_on))
    {
    case RESPITE_TRAINING_NOT_DONE:
      return g_strdup (_("Not marked as done"));

    case RESPITE_TRAINING_CURRENT:
      done_text = format_day (done_on);
      if (due_on == NULL)
        /* Translators: %s is a date */
        return g_strdup_printf (_("Done on %s"), done_text);
      due_text = format_day (due_on);
      /* Translators: both are dates */
      return g_strdup_printf (_("Done on %s · renew by %s"), done_text, due_text);

    case RESPITE_TRAINING_DUE:
      due_text = format_day (due_on);
      /* Translators: %s is a date */
      return g_strdup_printf (_("Renewal due since %s"), due_text);

    default:
      g_assert_not_reached ();
    }
}

static void
update_rows (RespiteTrainingGroup *self)
{
  GPtrArray *courses = respite_policy_get_training (self->policy);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autofree char *text = describe (self, g_ptr_array_index (courses, i));

      adw_action_row_set_subtitle (g_ptr_array_index (self->rows, i), text);
    }
}

typedef struct
{
  RespiteTrainingGroup *self;      /* (owned) */
  char                 *name;      /* (owned) */
  GtkCalendar          *calendar;  /* (unowned) the dialog's */
} DoneDialog;

static void
done_dialog_free (gpointer  user_data,
                  GClosure *closure)
{
  DoneDialog *data = user_data;

  g_object_unref (data->self);
  g_free (data->name);
  g_free (data);
}

static void
done_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  DoneDialog       *data)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;

  if (!g_str_equal (response, "done"))
    return;

  date = gtk_calendar_get_date (data->calendar);
  day = g_date_time_format (date, "%Y-%m-%d");
  if (!respite_training_mark_done (data->self->settings, data->self->clock, data->name, day,
                                   &error))
    {
      /* Said where the reviewer looks: in place of the row's status. */
      GPtrArray *courses = respite_policy_get_training (data->self->policy);

      for (guint i = 0; i < courses->len; i++)
        {
          const RespiteTrainingCourse *course = g_ptr_array_index (courses, i);

          if (g_str_equal (course->name, data->name))
            adw_action_row_set_subtitle (g_ptr_array_index (data->self->rows, i),
                                         error->message);
        }
    }
}

static void
mark_done_cb (GtkButton            *button,
              RespiteTrainingGroup *self)
{
  const RespiteTrainingCourse *course = g_object_get_data (G_OBJECT (button), "course");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *calendar = gtk_calendar_new ();
  DoneDialog *data = g_new0 (DoneDialog, 1);

  /* Translators: %s is a training course's name */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Training Done"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("On which day did you finish “%s”? It is kept on this "
                                    "computer only."),
                                  course->name);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), calendar);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "done", _("_Mark as Done"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "done",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "done");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data->self = g_object_ref (self);
  data->name = g_strdup (course->name);
  data->calendar = GTK_CALENDAR (calendar);
  g_signal_connect_data (dialog, "response", G_CALLBACK (done_response_cb), data,
                         done_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_row (RespiteTrainingGroup        *self,
          const RespiteTrainingCourse *course)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), course->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  if (course->link != NULL)
    {
      GtkWidget *open = gtk_link_button_new_with_label (course->link, _("Open"));

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (open, course->link);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }

  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (done, _("Mark as done, on a day"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Mark as done"), -1);
  g_object_set_data (G_OBJECT (done), "course", (gpointer) course);
  g_signal_connect_object (done, "clicked", G_CALLBACK (mark_done_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);

  return row;
}

static void
respite_training_group_dispose (GObject *object)
{
  RespiteTrainingGroup *self = RESPITE_TRAINING_GROUP (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->policy);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (respite_training_group_parent_class)->dispose (object);
}

static void
respite_training_group_class_init (RespiteTrainingGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = respite_training_group_dispose;
}

static void
respite_training_group_init (RespiteTrainingGroup *self)
{
  self->rows = g_ptr_array_new ();
}

GtkWidget *
respite_training_group_new (RespitePolicy *policy,
                            GSettings     *settings,
                            RespiteClock  *clock)
{
  RespiteTrainingGroup *self;
  GPtrArray *courses;

  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);

  self = g_object_new (RESPITE_TYPE_TRAINING_GROUP,
                       "title", _("Training"),
                       "description", _("The training your organisation offers. The day you "
                                        "mark one done stays on this computer; Respite "
                                        "reminds you when a renewal falls due."),
                       NULL);
  self->policy = g_object_ref (policy);
  self->settings = g_object_ref (settings);
  self->clock = g_object_ref (clock);

  courses = respite_policy_get_training (policy);
  for (guint i = 0; i < courses->len; i++)
    {
      GtkWidget *row = make_row (self, g_ptr_array_index (courses, i));

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }

  g_signal_connect_object (settings, "changed::training-done", G_CALLBACK (update_rows), self,
                           G_CONNECT_SWAPPED);
  update_rows (self);

  return GTK_WIDGET (self);
}
