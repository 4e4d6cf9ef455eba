/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteSharingPage: "What My Team Sees". The exact rows that will leave
 * this computer, every field with a plain label, before they do; when the
 * last ones left and what went wrong since, in plain words; the switch to
 * stop sharing, if the organisation allows it; and resetting the anonymous
 * identity, which erases what was sent.
 */

#define G_LOG_DOMAIN "respite-sharing-page"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-block.h"
#include "respite-accessible.h"
#include "respite-sharing-page.h"

struct _RespiteSharingPage
{
  AdwBin            parent_instance;

  RespitePublisher *publisher;  /* (owned) */
  guint             k;
  gboolean          may_opt_out;

  /* Template widgets */
  AdwToastOverlay  *toast_overlay;
  GtkLabel         *explanation;
  AdwActionRow     *status_row;
  GtkWidget        *retry_button;
  AdwActionRow     *opt_out_row;
  GtkSwitch        *share_switch;
  AdwActionRow     *identity_row;
  GtkLabel         *rows_summary;
  GtkGrid          *rows_table;
};

G_DEFINE_FINAL_TYPE (RespiteSharingPage, respite_sharing_page, ADW_TYPE_BIN)

static char *
format_count (guint value)
{
  return g_strdup_printf ("%u", value);
}

/* One field of a day row: its plain label, and its value as text. */
typedef struct
{
  const char *label;
  char     *(*format) (const RespiteDayRow *row);
} Field;

static char *f_team (const RespiteDayRow *r) { return g_strdup (r->team); }
static char *f_member (const RespiteDayRow *r) { return g_strdup (r->member); }
static char *f_low (const RespiteDayRow *r) { return respite_format_duration (r->exposure_seconds[0]); }
static char *f_medium (const RespiteDayRow *r) { return respite_format_duration (r->exposure_seconds[1]); }
static char *f_high (const RespiteDayRow *r) { return respite_format_duration (r->exposure_seconds[2]); }
static char *f_longest (const RespiteDayRow *r) { return respite_format_duration (r->longest_block_seconds); }
static char *f_prompted (const RespiteDayRow *r) { return format_count (r->breaks_prompted); }
static char *f_taken (const RespiteDayRow *r) { return format_count (r->breaks_taken); }
static char *f_snoozed (const RespiteDayRow *r) { return format_count (r->breaks_snoozed); }
static char *f_skipped (const RespiteDayRow *r) { return format_count (r->breaks_skipped); }
static char *f_cap (const RespiteDayRow *r) { return g_strdup (r->cap_exceeded ? _("Yes") : _("No")); }
static char *f_checkins (const RespiteDayRow *r) { return format_count (r->checkins_done); }
static char *f_wb_sum (const RespiteDayRow *r) { return format_count (r->wellbeing_sum); }
static char *f_wb_count (const RespiteDayRow *r) { return format_count (r->wellbeing_count); }
static char *f_policy (const RespiteDayRow *r) { return g_strdup (r->policy_version != NULL ? r->policy_version : "—"); }

/* Every field of RespiteDayRow, in the order of docs/team-store.md. */
static const Field fields[] = {
  { N_("Team"), f_team },
  { N_("Anonymous ID"), f_member },
  { N_("Low-intensity exposure"), f_low },
  { N_("Medium-intensity exposure"), f_medium },
  { N_("High-intensity exposure"), f_high },
  { N_("Longest stretch without a break"), f_longest },
  { N_("Breaks suggested"), f_prompted },
  { N_("Breaks taken"), f_taken },
  { N_("Breaks put off"), f_snoozed },
  { N_("Breaks skipped"), f_skipped },
  { N_("Over the daily limit"), f_cap },
  { N_("Check-ins done"), f_checkins },
  { N_("Wellbeing scores, added up"), f_wb_sum },
  { N_("Wellbeing scores counted"), f_wb_count },
  { N_("Policy version"), f_policy },
};

static GtkWidget *
cell (const char *text,
      gboolean    heading,
      float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");

  return label;
}

/* Fields down, days across: fifteen fields fit a page, a few days a row. */
static void
show_rows (RespiteSharingPage *self,
           GArray             *rows)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_table))) != NULL)
    gtk_grid_remove (self->rows_table, child);

  if (rows->len == 0)
    {
      gtk_label_set_label (self->rows_summary, _("Nothing is waiting to be sent."));
      gtk_widget_set_visible (GTK_WIDGET (self->rows_table), FALSE);
      return;
    }

  gtk_label_set_label (self->rows_summary,
                       _("A day is sent once it is over, as it stands then. Today’s column "
                         "shows today so far. Nothing else is sent: no times of day, no kinds "
                         "of material, no answers."));
  gtk_widget_set_visible (GTK_WIDGET (self->rows_table), TRUE);

  gtk_grid_attach (self->rows_table, cell (_("Day"), TRUE, 0), 0, 0, 1, 1);
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    gtk_grid_attach (self->rows_table, cell (_(fields[f].label), FALSE, 0), 0, f + 1, 1, 1);

  for (guint i = 0; i < rows->len; i++)
    {
      RespiteDayRow *row = &g_array_index (rows, RespiteDayRow, i);

      gtk_grid_attach (self->rows_table, cell (row->day, TRUE, 1), i + 1, 0, 1, 1);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_autofree char *value = fields[f].format (row);

          gtk_grid_attach (self->rows_table, cell (value, FALSE, 1), i + 1, f + 1, 1, 1);
        }
    }
}

static void
show_status (RespiteSharingPage   *self,
             const RespiteSharing *sharing)
{
  g_autofree char *last = NULL;
  g_autofree char *text = NULL;

  if (sharing->last_published_at > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (sharing->last_published_at);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      /* Translators: when the last summaries were sent, e.g. "Tuesday 5 March, 00:01" */
      last = g_date_time_format (local, _("%A %-d %B, %H:%M"));
    }

  if (sharing->opted_out)
    text = g_strdup (_("You stopped sharing. Nothing leaves this computer."));
  else if (sharing->team == NULL)
    text = g_strdup (_("Your organisation has not set up a team store. Nothing leaves this "
                       "computer."));
  else if (sharing->last_error != NULL)
    text = g_strdup_printf (_("Could not send: %s. Your figures are kept and will be sent as "
                              "soon as the team store can be reached."),
                            sharing->last_error);
  else if (last != NULL)
    /* Translators: %s is a date and time */
    text = g_strdup_printf (_("%s. All is well."), last);
  else
    text = g_strdup (_("Nothing sent yet."));

  /* Days the team store refused for good: their week had closed (was
   * sealed) while they waited here. Said, never retried. */
  if (sharing->team != NULL && !sharing->opted_out)
    {
      g_auto(GStrv) unshared = respite_publisher_list_unshared_days (self->publisher, NULL);
      guint n = unshared != NULL ? g_strv_length (unshared) : 0;

      if (n > 0)
        {
          g_autoptr(GString) days = g_string_new (NULL);
          g_autofree char *more = NULL;

          for (guint i = 0; i < MIN (n, 3); i++)
            {
              g_autofree char *day = respite_format_day (unshared[i]);

              if (days->len > 0)
                g_string_append (days, ", ");
              g_string_append (days, day);
            }
          /* Translators: a sentence added to the sharing status; %s lists
           * one to three days, e.g. "Monday 26 February" */
          more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Not shared: %s, as its week had closed before it could be sent.",
                                               "Not shared: %s, as their weeks had closed before they could be sent.",
                                               n),
                                  days->str);
          g_autofree char *status = g_steal_pointer (&text);

          text = g_strdup_printf ("%s %s", status, more);
        }
    }

  adw_action_row_set_subtitle (self->status_row, text);
  gtk_widget_set_visible (self->retry_button,
                          sharing->last_error != NULL && !sharing->opted_out);
  gtk_widget_set_sensitive (self->retry_button, !respite_publisher_get_busy (self->publisher));
  adw_action_row_set_subtitle (self->identity_row, sharing->member);
  gtk_switch_set_active (self->share_switch, !sharing->opted_out);
}

/**
 * respite_sharing_page_refresh:
 *
 * Reads the queue and the status again; the page does it by itself when
 * the publisher says something changed.
 */
void
respite_sharing_page_refresh (RespiteSharingPage *self)
{
  g_auto(RespiteSharing) sharing = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;

  g_return_if_fail (RESPITE_IS_SHARING_PAGE (self));

  if (!respite_publisher_get_sharing (self->publisher, &sharing, &error) ||
      (rows = respite_publisher_list_pending_rows (self->publisher, &error)) == NULL)
    {
      adw_action_row_set_subtitle (self->status_row, error->message);
      return;
    }

  show_status (self, &sharing);
  show_rows (self, rows);
}

static void
on_share_switch (RespiteSharingPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean share = gtk_switch_get_active (self->share_switch);
  g_auto(RespiteSharing) sharing = { 0 };

  if (!respite_publisher_get_sharing (self->publisher, &sharing, &error))
    return;
  if (sharing.opted_out == !share)
    return;

  if (!respite_publisher_set_opted_out (self->publisher, !share, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
reset_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RespiteSharingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (respite_publisher_reset_identity_finish (RESPITE_PUBLISHER (source), result, &error))
    text = g_strdup (_("Your published rows were erased; you have a new anonymous ID"));
  else
    text = g_strdup_printf (_("Nothing was erased: %s"), error->message);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_reset_response (AdwMessageDialog   *dialog,
                   const char         *response,
                   RespiteSharingPage *self)
{
  if (g_str_equal (response, "reset"))
    respite_publisher_reset_identity_async (self->publisher, NULL, reset_done,
                                            g_object_ref (self));
}

static void
reset_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RespiteSharingPage *self = RESPITE_SHARING_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Reset Your Identity?"),
                                   _("Every row you have sent will be erased from the team "
                                     "store, and a new anonymous ID will be used from now on, "
                                     "so that what is sent later cannot be linked to what was "
                                     "sent before. Your own data on this computer is kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Erase and Reset"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  respite_publisher_publish_now (RESPITE_SHARING_PAGE (widget)->publisher);
}

static void
respite_sharing_page_dispose (GObject *object)
{
  RespiteSharingPage *self = RESPITE_SHARING_PAGE (object);

  /* AdwBin unparents its child itself: clear it first, or the template
   * would unparent it a second time (a critical in libadwaita 1.2). */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESPITE_TYPE_SHARING_PAGE);
  g_clear_object (&self->publisher);

  G_OBJECT_CLASS (respite_sharing_page_parent_class)->dispose (object);
}

static void
respite_sharing_page_class_init (RespiteSharingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = respite_sharing_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/respite/Respite/ui/respite-sharing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, explanation);
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, opt_out_row);
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, share_switch);
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, identity_row);
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, rows_summary);
  gtk_widget_class_bind_template_child (widget_class, RespiteSharingPage, rows_table);

  gtk_widget_class_install_action (widget_class, "sharing.reset", NULL, reset_activated);
  gtk_widget_class_install_action (widget_class, "sharing.retry", NULL, retry_activated);
}

static void
respite_sharing_page_init (RespiteSharingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  respite_accessible_tidy_names (GTK_WIDGET (self));
}

/**
 * respite_sharing_page_new:
 * @anonymity_threshold: the policy's k, to say how many people a lead's
 *   figure comes from at least
 * @may_opt_out: whether the policy lets the reviewer stop sharing
 */
GtkWidget *
respite_sharing_page_new (RespitePublisher *publisher,
                          guint             anonymity_threshold,
                          gboolean          may_opt_out)
{
  RespiteSharingPage *self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RESPITE_IS_PUBLISHER (publisher), NULL);

  self = g_object_new (RESPITE_TYPE_SHARING_PAGE, NULL);
  self->publisher = g_object_ref (publisher);
  self->k = anonymity_threshold;
  self->may_opt_out = may_opt_out;

  text = g_strdup_printf (ngettext ("These are the only figures about you that leave this "
                                    "computer: one row a day, under an anonymous ID. Your team "
                                    "lead never sees them on their own, only in totals over at "
                                    "least %u person; smaller groups are hidden.",
                                    "These are the only figures about you that leave this "
                                    "computer: one row a day, under an anonymous ID. Your team "
                                    "lead never sees them on their own, only in totals over at "
                                    "least %u people; smaller groups are hidden.",
                                    anonymity_threshold),
                          anonymity_threshold);
  gtk_label_set_label (self->explanation, text);
  gtk_widget_set_visible (GTK_WIDGET (self->opt_out_row), may_opt_out);

  g_signal_connect_object (publisher, "changed", G_CALLBACK (respite_sharing_page_refresh),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->share_switch, "notify::active", G_CALLBACK (on_share_switch),
                           self, G_CONNECT_SWAPPED);
  respite_sharing_page_refresh (self);

  return GTK_WIDGET (self);
}
