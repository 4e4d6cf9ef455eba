/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteSupportPage: the crisis line and the organisation's support
 * services, each a button away from a call, an e-mail or a web page.
 *
 * Looking at this page is private. It writes nothing, logs nothing and
 * tells no one: a test compares the store before and after opening it.
 */

#define G_LOG_DOMAIN "respite-support-page"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-accessible.h"
#include "respite-support-page.h"

struct _RespiteSupportPage
{
  AdwBin          parent_instance;

  RespiteSupport *support;  /* (owned) (nullable) */
  gint64          last_counselling;  /* Unix seconds, 0: never noted */
  GtkWidget      *page;     /* the current AdwPreferencesPage */
};

G_DEFINE_FINAL_TYPE (RespiteSupportPage, respite_support_page, ADW_TYPE_BIN)

static void
open_uri_cb (GtkWidget *row,
             gpointer   user_data)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "respite-uri");
  GtkRoot *root = gtk_widget_get_root (row);

  /* GTK 4.8: gtk_show_uri() is how to hand a tel:, mailto: or https:
   * address to the desktop; GtkUriLauncher only comes in 4.10. */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* A row that opens @uri (owned) when activated. Its title labels it: an
 * accessible label on top was heard twice ("Call Call"). */
static GtkWidget *
link_row (const char *title,
          const char *subtitle,
          const char *icon_name,
          char       *uri)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "respite-uri", uri, g_free);
  g_signal_connect (row, "activated", G_CALLBACK (open_uri_cb), NULL);

  return row;
}

static void
call_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  open_uri_cb (GTK_WIDGET (button), user_data);
}

/* A row for a telephone number: the number on screen, and a Call button
 * that a screen reader hears as a link, with the service and the number
 * in its name, and can press. The row is its activatable widget, so a
 * click or Enter anywhere on the row calls too. */
static GtkWidget *
call_row (const RespiteSupportService *service,
          char                        *uri)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_LINK,
                                    "label", _("Call"),
                                    "valign", GTK_ALIGN_CENTER,
                                    NULL);
  /* Translators: what a screen reader says for the button that dials a
   * support service: its name, then its telephone number. */
  g_autofree char *spoken = g_strdup_printf (_("Call %s on %s"), service->name, service->phone);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), service->phone);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Telephone"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("call-start-symbolic"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "pill");
  g_object_set_data_full (G_OBJECT (button), "respite-uri", uri, g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (call_clicked_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  /* libadwaita labels the activatable widget by the row's title, which
   * GTK 4.8 adds to its label: "... on 112 112". The label says it all. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  return row;
}

static GtkWidget *
info_row (const char *title,
          const char *value,
          const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));

  return row;
}

/* One group per service: its words, then each way to reach it. */
static GtkWidget *
service_group (const RespiteSupportService *service)
{
  GtkWidget *group = adw_preferences_group_new ();
  char *uri;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), service->name);
  if (service->description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), service->description);

  if ((uri = respite_support_service_dup_phone_uri (service)) != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), call_row (service, uri));
  if ((uri = respite_support_service_dup_email_uri (service)) != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               link_row (_("Write an E-mail"), service->email,
                                         "mail-unread-symbolic", uri));
  if ((uri = respite_support_service_dup_web_uri (service)) != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               link_row (_("Visit the Website"), service->web,
                                         "web-browser-symbolic", uri));
  if (service->hours != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               info_row (_("Hours"), service->hours, "alarm-symbolic"));
  if (service->languages != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               info_row (_("Languages"), service->languages,
                                         "preferences-desktop-locale-symbolic"));

  return group;
}

/* Noting a session stays on this computer; it only spaces out the
 * reminders (the policy's [Counselling] reminder-days). */
static GtkWidget *
counselling_group (RespiteSupportPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("I Had a _Session"));
  g_autofree char *subtitle = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Counselling"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("Regular sessions help, even when things feel fine. Noting one here only spaces out "
      "Respite’s reminders; it stays on this computer."));

  if (self->last_counselling > 0)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (self->last_counselling);
      /* Translators: a date, as in "Last noted: 12 November 2026"; see
       * the strftime formats of g_date_time_format() */
      g_autofree char *day = g_date_time_format (date, _("%-d %B %Y"));

      /* Translators: %s is a date */
      subtitle = g_strdup_printf (_("Last noted: %s"), day);
    }
  else
    {
      subtitle = g_strdup (_("No session noted yet"));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Your Sessions"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.counselling-done");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return group;
}

static void
rebuild (RespiteSupportPage *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *intro = adw_preferences_group_new ();
  GtkWidget *crisis;
  GPtrArray *services;

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Support"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "help-browser-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (intro), _("You Do Not Have to Carry This Alone"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (intro),
    _("The work you do is hard, and it is normal for it to weigh on you. Talking to someone "
      "helps. These services are confidential, and Respite does not record that you looked "
      "here."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (intro));

  if (self->support == NULL)
    goto done;

  crisis = service_group (respite_support_get_crisis_line (self->support));
  gtk_widget_add_css_class (crisis, "respite-crisis");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (crisis));

  services = respite_support_get_services (self->support);
  for (guint i = 0; i < services->len; i++)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                              ADW_PREFERENCES_GROUP (service_group (g_ptr_array_index (services, i))));

  if (respite_support_is_empty (self->support))
    {
      GtkWidget *none = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (none), _("Your Organisation’s Services"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (none),
        _("Your organisation has not listed its support services here yet. Your team lead or "
          "HR can tell you what is on offer, such as counselling."));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (none));
    }

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (counselling_group (self)));

done:
  respite_accessible_tidy_names (page);
  adw_bin_set_child (ADW_BIN (self), page);
  self->page = page;
}

void
respite_support_page_set_support (RespiteSupportPage *self,
                                  RespiteSupport     *support)
{
  g_return_if_fail (RESPITE_IS_SUPPORT_PAGE (self));
  g_return_if_fail (support == NULL || RESPITE_IS_SUPPORT (support));

  g_set_object (&self->support, support);
  rebuild (self);
}

void
respite_support_page_set_last_counselling (RespiteSupportPage *self,
                                           gint64              at)
{
  g_return_if_fail (RESPITE_IS_SUPPORT_PAGE (self));

  self->last_counselling = at;
  rebuild (self);
}

static void
respite_support_page_dispose (GObject *object)
{
  RespiteSupportPage *self = RESPITE_SUPPORT_PAGE (object);

  g_clear_object (&self->support);

  G_OBJECT_CLASS (respite_support_page_parent_class)->dispose (object);
}

static void
respite_support_page_class_init (RespiteSupportPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = respite_support_page_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "respite-support-page");
}

static void
respite_support_page_init (RespiteSupportPage *self)
{
  rebuild (self);
}

GtkWidget *
respite_support_page_new (void)
{
  return g_object_new (RESPITE_TYPE_SUPPORT_PAGE, NULL);
}
