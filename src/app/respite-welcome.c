/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteWelcome: the first run (issue #19). Four pages a new reviewer can
 * skip at any point: what Respite records and what leaves the computer,
 * secondary traumatic stress and its early signs, how breaks and check-ins
 * work under this organisation's policy, and where support (and training)
 * is. The application shows it once; the main menu opens it again.
 *
 * The numbers come from the policy in force, so that the welcome never
 * promises a break or a check-in the organisation does not give.
 */

#define G_LOG_DOMAIN "respite-welcome"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-accessible.h"
#include "respite-block.h"
#include "respite-welcome.h"

struct _RespiteWelcome
{
  AdwWindow      parent_instance;

  RespitePolicy *policy;  /* (owned) */

  /* Template widgets */
  AdwCarousel   *carousel;
  GtkLabel      *records_label;
  GtkLabel      *breaks_label;
  GtkLabel      *support_label;
  GtkButton     *back_button;
  GtkButton     *next_button;
};

G_DEFINE_FINAL_TYPE (RespiteWelcome, respite_welcome, ADW_TYPE_WINDOW)

/* Exactly what docs/privacy.md says is kept and what leaves. */
static char *
describe_records (RespitePolicy *policy)
{
  GString *text = g_string_new (NULL);

  g_string_append (text, _("Respite keeps a log of when you are exposed to distressing "
                           "material: when each block starts and ends, the kind of material "
                           "and how intense it was. It also keeps your breaks and your "
                           "answers to check-ins. It never records the material itself, "
                           "file names, web addresses or case details."));
  g_string_append (text, "\n\n");

  if (respite_policy_get_team (policy) != NULL)
    g_string_append_printf (text,
                            _("All of it stays on this computer. Once a day is over, one "
                              "summary of it goes to your team’s store: totals of exposure, "
                              "breaks and check-ins, and the sum of your WHO-5 scores; never "
                              "times, kinds or answers. Leads only see figures from at least "
                              "%u people. “What My Team Sees”, in the main menu, shows you "
                              "every row first."),
                            respite_policy_get_anonymity_threshold (policy));
  else
    g_string_append (text, _("All of it stays on this computer: your organisation has set up "
                             "no team store, so nothing is sent anywhere."));

  return g_string_free (text, FALSE);
}

/* "4 h" rather than "4 h 00 min": policies are mostly in whole hours. */
static char *
format_span (gint64 seconds)
{
  if (seconds >= 60 * 60 && seconds % (60 * 60) == 0)
    /* Translators: whole hours, e.g. "4 h" */
    return g_strdup_printf (_("%d h"), (int) (seconds / (60 * 60)));

  return respite_format_duration (seconds);
}

static char *
describe_breaks (RespitePolicy *policy)
{
  GString *text = g_string_new (NULL);
  g_autofree char *interval = format_span (respite_policy_get_break_interval (policy));
  g_autofree char *duration = format_span (respite_policy_get_break_duration (policy));
  g_autofree char *cap = format_span (respite_policy_get_daily_cap (policy));
  int pulse = respite_policy_get_pulse_intensity (policy);
  gint64 who5_days = respite_policy_get_check_in_interval (policy, "who5") / (24 * 60 * 60);

  g_string_append (text, _("Press Start Exposure (Ctrl+E) when you begin to review material, "
                           "and stop when you are done."));
  g_string_append (text, " ");
  /* Translators: e.g. "After 1 h of continuous exposure, a break of 10 min
   * is due, and at most 4 h of exposure a day." */
  g_string_append_printf (text, _("After %s of continuous exposure, a break of %s is due, and "
                                  "at most %s of exposure a day."),
                          interval, duration, cap);
  g_string_append (text, "\n\n");

  if (pulse == RESPITE_INTENSITY_MAX)
    g_string_append (text, _("After high-intensity material, one question asks how you are."));
  else if (pulse > 0)
    g_string_append (text, _("After medium- or high-intensity material, one question asks how "
                             "you are."));
  if (pulse > 0 && who5_days > 0)
    g_string_append (text, " ");
  if (who5_days > 0)
    g_string_append_printf (text, ngettext ("Every day, a short wellbeing check-in (WHO-5) is "
                                            "offered.",
                                            "Every %d days, a short wellbeing check-in (WHO-5) "
                                            "is offered.",
                                            who5_days),
                            (int) who5_days);
  if (pulse > 0 || who5_days > 0)
    g_string_append (text, " ");
  if (respite_policy_get_strict_breaks (policy))
    g_string_append (text, _("Your organisation asks for breaks to be taken in full; check-ins "
                             "can always wait or be skipped."));
  else
    g_string_append (text, _("You can put off or skip any break or check-in."));

  return g_string_free (text, FALSE);
}

static char *
describe_support (RespitePolicy *policy)
{
  RespiteSupport *support = respite_policy_get_support (policy);
  const RespiteSupportService *crisis = respite_support_get_crisis_line (support);
  GPtrArray *services = respite_support_get_services (support);
  GPtrArray *training = respite_policy_get_training (policy);
  GString *text = g_string_new (NULL);

  if (!respite_support_is_empty (support))
    {
      g_string_append (text, _("Your organisation offers:"));
      for (guint i = 0; i < services->len; i++)
        {
          const RespiteSupportService *service = g_ptr_array_index (services, i);

          g_string_append_printf (text, "\n%s", service->name);
        }
      g_string_append (text, "\n\n");
    }

  if (crisis->phone != NULL)
    /* Translators: the crisis line's name and its phone number */
    g_string_append_printf (text, _("In a crisis: %s, %s."), crisis->name, crisis->phone);
  else
    g_string_append_printf (text, _("In a crisis: %s."), crisis->name);
  g_string_append (text, "\n\n");
  g_string_append (text, _("The Support page (F1) has every contact, at any moment. Opening it "
                           "is recorded nowhere."));

  /* The seeds' first principle: specialised training. */
  if (training->len > 0)
    {
      g_string_append (text, "\n\n");
      g_string_append (text, _("Training your organisation offers:"));
      for (guint i = 0; i < training->len; i++)
        {
          const RespiteTrainingCourse *course = g_ptr_array_index (training, i);

          g_string_append_printf (text, "\n%s", course->name);
        }
      g_string_append (text, "\n");
      g_string_append (text, _("Preferences → Care has their links, and where you stand."));
    }

  return g_string_free (text, FALSE);
}

static void
update_buttons (RespiteWelcome *self)
{
  guint page = respite_welcome_get_page (self);
  guint last = adw_carousel_get_n_pages (self->carousel) - 1;

  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), page > 0);
  gtk_button_set_label (self->next_button, page == last ? _("_Start Using Respite")
                                                        : _("_Next"));
}

static void
page_changed_cb (RespiteWelcome *self)
{
  update_buttons (self);
}

static void
scroll_to (RespiteWelcome *self,
           guint           page)
{
  adw_carousel_scroll_to (self->carousel, adw_carousel_get_nth_page (self->carousel, page), TRUE);
}

static void
back_cb (RespiteWelcome *self)
{
  guint page = respite_welcome_get_page (self);

  if (page > 0)
    scroll_to (self, page - 1);
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

/* Closed once the click is over: a screen reader pressing the button
 * (AT-SPI DoAction) is answered about it before it goes; GTK 4.8 warns if
 * the window went first. */
static void
close_soon (RespiteWelcome *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

static void
skip_cb (RespiteWelcome *self)
{
  close_soon (self);
}

static void
next_cb (RespiteWelcome *self)
{
  guint page = respite_welcome_get_page (self);

  if (page + 1 < adw_carousel_get_n_pages (self->carousel))
    scroll_to (self, page + 1);
  else
    close_soon (self);
}

static void
respite_welcome_dispose (GObject *object)
{
  RespiteWelcome *self = RESPITE_WELCOME (object);

  g_clear_object (&self->policy);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESPITE_TYPE_WELCOME);

  G_OBJECT_CLASS (respite_welcome_parent_class)->dispose (object);
}

static void
respite_welcome_class_init (RespiteWelcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = respite_welcome_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/respite/Respite/ui/respite-welcome.ui");
  gtk_widget_class_bind_template_child (widget_class, RespiteWelcome, carousel);
  gtk_widget_class_bind_template_child (widget_class, RespiteWelcome, records_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWelcome, breaks_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWelcome, support_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWelcome, back_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteWelcome, next_button);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_bind_template_callback (widget_class, skip_cb);
}

static void
respite_welcome_init (RespiteWelcome *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* What a screen reader hears (issue #21, respite-accessible.c). */
  respite_accessible_tidy_names (GTK_WIDGET (self));
}

GtkWidget *
respite_welcome_new (GtkWindow     *parent,
                     RespitePolicy *policy)
{
  RespiteWelcome *self;
  g_autofree char *records = NULL;
  g_autofree char *breaks = NULL;
  g_autofree char *support = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);

  self = g_object_new (RESPITE_TYPE_WELCOME, "transient-for", parent, NULL);
  self->policy = g_object_ref (policy);

  records = describe_records (policy);
  breaks = describe_breaks (policy);
  support = describe_support (policy);
  gtk_label_set_label (self->records_label, records);
  gtk_label_set_label (self->breaks_label, breaks);
  gtk_label_set_label (self->support_label, support);

  update_buttons (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->next_button));

  return GTK_WIDGET (self);
}

guint
respite_welcome_get_page (RespiteWelcome *self)
{
  g_return_val_if_fail (RESPITE_IS_WELCOME (self), 0);

  /* Rounded: between two pages while it scrolls. */
  return (guint) (adw_carousel_get_position (self->carousel) + 0.5);
}
