/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePreferences: what the organisation's policy asks, where it came
 * from and what was wrong with it; the reviewer's own, stricter limits; and
 * which ways of noticing an absence work on this computer, so that none
 * fails silently.
 */

#define G_LOG_DOMAIN "respite-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-aids.h"
#include "respite-autostart.h"
#include "respite-accessible.h"
#include "respite-preferences.h"
#include "respite-training-group.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

struct _RespitePreferences
{
  AdwPreferencesWindow  parent_instance;

  RespiteSession       *session;      /* (owned) */
  GSettings            *settings;     /* (owned) */

  /* Template widgets */
  AdwPreferencesGroup  *policy_group;
  AdwActionRow         *break_row;
  AdwActionRow         *cap_row;
  AdwActionRow         *decompression_row;
  AdwActionRow         *strict_row;
  AdwActionRow         *idle_row;
  AdwPreferencesGroup  *problems_group;
  GtkSpinButton        *interval_spin;
  GtkSpinButton        *duration_spin;
  GtkSpinButton        *cap_spin;
  GtkSpinButton        *decompression_spin;
  GtkSwitch            *auto_resume_switch;
  GtkSwitch            *autostart_switch;
  AdwPreferencesPage   *care_page;
  GtkSwitch            *aid_switch;
  AdwActionRow         *idle_detect_row;
  AdwActionRow         *lock_detect_row;
  AdwActionRow         *sleep_detect_row;
  AdwPreferencesGroup  *review_tools_group;
  AdwActionRow         *review_tools_row;
  GtkSwitch            *review_tools_switch;
  AdwActionRow         *review_watch_row;

  GPtrArray            *problem_rows;  /* (owned) (element-type AdwActionRow) */
  gboolean              autostart_refused;  /* switching it back off: nothing to undo */
};

G_DEFINE_FINAL_TYPE (RespitePreferences, respite_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* [ReviewTools]: shown only when the organisation lists review tools; the
 * switch is the reviewer's unless the organisation requires following. */
static void
show_review_tools (RespitePreferences *self)
{
  RespitePolicy *policy = respite_session_get_policy (self->session);
  RespiteReviewMode mode = respite_policy_get_review_mode (policy);
  gboolean required = respite_policy_get_review_required (policy);
  const char *subtitle;

  gtk_widget_set_visible (GTK_WIDGET (self->review_tools_group), mode != RESPITE_REVIEW_OFF);

  if (required)
    subtitle = mode == RESPITE_REVIEW_TRACK
      ? _("Exposure starts and ends with your organisation’s review tools. Your organisation "
          "requires this.")
      : _("Respite offers to start exposure when a review tool comes in front. Your "
          "organisation requires this.");
  else
    subtitle = mode == RESPITE_REVIEW_TRACK
      ? _("Start and end exposure as your organisation’s review tools come in front and leave")
      : _("Offer to start exposure when a review tool comes in front");
  adw_action_row_set_subtitle (self->review_tools_row, subtitle);

  /* Required: on, and not the reviewer's to turn off. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->review_tools_switch), !required);
  if (required)
    {
      g_settings_unbind (self->review_tools_switch, "active");
      gtk_switch_set_active (self->review_tools_switch, TRUE);
    }
  else
    {
      g_settings_bind (self->settings, "follow-review-tools", self->review_tools_switch,
                       "active", G_SETTINGS_BIND_DEFAULT);
    }
}

#define SHELL_EXTENSION_UUID "respite-review-tools@respite.github.io"
#define SHELL_EXTENSION_ENABLED 1  /* GNOME Shell's ExtensionState.ENABLED */

/* How the review tool is noticed here: under GNOME Shell, by the
 * extension, which may be missing; elsewhere on X11, from the X server. */
static void
extension_info_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RespitePreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);
  g_autoptr(GVariant) info = NULL;
  gboolean x11 = FALSE;
  double state = 0;
  const char *subtitle;

#ifdef GDK_WINDOWING_X11
  x11 = GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (self)));
#endif

  if (reply == NULL)
    {
      /* Not GNOME Shell. */
      g_debug ("No GNOME Shell extensions: %s", error->message);
      subtitle = x11 ? _("From the X server: the class of the window in front")
                     : _("Not available on this desktop: start exposure by hand");
    }
  else
    {
      info = g_variant_get_child_value (reply, 0);
      if (g_variant_n_children (info) == 0)
        subtitle = _("The Respite Review Tools extension for GNOME Shell is not installed: "
                     "ask whoever looks after your computer");
      else if (g_variant_lookup (info, "state", "d", &state) &&
               (int) state == SHELL_EXTENSION_ENABLED)
        subtitle = _("By the Respite Review Tools extension for GNOME Shell");
      else
        subtitle = _("The Respite Review Tools extension for GNOME Shell is installed but not "
                     "turned on: turn it on in the Extensions app");
    }

  adw_action_row_set_subtitle (self->review_watch_row, subtitle);
}

static void
show_review_watch (RespitePreferences *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());

  if (bus == NULL)
    return;

  g_dbus_connection_call (bus, "org.gnome.Shell.Extensions", "/org/gnome/Shell/Extensions",
                          "org.gnome.Shell.Extensions", "GetExtensionInfo",
                          g_variant_new ("(s)", SHELL_EXTENSION_UUID), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, extension_info_cb,
                          g_object_ref (self));
}

static void
show_policy (RespitePreferences *self)
{
  RespitePolicy *policy = respite_session_get_policy (self->session);
  GPtrArray *problems = respite_session_get_policy_problems (self->session);
  g_autofree char *interval = respite_format_duration (respite_policy_get_break_interval (policy));
  g_autofree char *duration = respite_format_duration (respite_policy_get_break_duration (policy));
  g_autofree char *cap = respite_format_duration (respite_policy_get_daily_cap (policy));
  g_autofree char *decompression = NULL;
  g_autofree char *breaks = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GString) idle = g_string_new (NULL);

  if (respite_policy_is_default (policy))
    source = g_strdup (_("No organisation policy is installed, so Respite uses its own defaults, "
                         "which follow published practice for this work."));
  else if (respite_policy_get_organisation (policy) != NULL)
    /* Translators: the organisation's name, then the policy file */
    source = g_strdup_printf (_("Set by %s in %s"), respite_policy_get_organisation (policy),
                              respite_policy_get_source (policy));
  else
    source = g_strdup_printf (_("Set in %s"), respite_policy_get_source (policy));
  adw_preferences_group_set_description (self->policy_group, source);

  /* Translators: e.g. "10 min after every 1 h 00 min of exposure" */
  breaks = g_strdup_printf (_("%s after every %s of exposure"), duration, interval);
  adw_action_row_set_subtitle (self->break_row, breaks);
  adw_action_row_set_subtitle (self->cap_row, cap);

  if (respite_policy_get_decompression (policy) > 0)
    decompression = respite_format_duration (respite_policy_get_decompression (policy));
  adw_action_row_set_subtitle (self->decompression_row,
                               decompression != NULL ? decompression : _("None"));

  adw_action_row_set_subtitle (self->strict_row,
                               respite_policy_get_strict_breaks (policy)
                                 ? _("Breaks cannot be snoozed, skipped or cut short")
                                 : _("Breaks can be snoozed or skipped"));

  for (guint kind = 0; kind < RESPITE_N_KINDS; kind++)
    {
      gint64 seconds = respite_policy_get_idle_threshold (policy, kind);
      g_autofree char *after = seconds > 0 ? respite_format_duration (seconds) : NULL;

      if (idle->len > 0)
        g_string_append (idle, ", ");
      /* Translators: a kind of material and how long without input pauses
       * it, e.g. "Video: 20 min" or "Live: never" */
      g_string_append_printf (idle, _("%s: %s"), respite_kind_get_label (kind),
                              after != NULL ? after : _("never"));
    }
  adw_action_row_set_subtitle (self->idle_row, idle->str);

  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (self->problems_group, g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (problems, i));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->problems_group, row);
      g_ptr_array_add (self->problem_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), self->problem_rows->len > 0);

  show_review_tools (self);
}

static void
show_detection (AdwActionRow *row,
                gboolean      available,
                const char   *unavailable)
{
  adw_action_row_set_subtitle (row, available ? _("Available") : unavailable);
}

static void
show_presence (RespitePreferences *self)
{
  RespitePresence *presence = respite_session_get_presence (self->session);

  show_detection (self->idle_detect_row,
                  presence != NULL && respite_presence_get_idle_available (presence),
                  _("Not available on this system: exposure is not paused when you stop "
                    "using the keyboard and mouse"));
  if (presence != NULL && respite_presence_get_idle_fallback_in_use (presence))
    adw_action_row_set_subtitle (self->idle_detect_row,
                                 _("Available, from the X server rather than GNOME"));
  show_detection (self->lock_detect_row,
                  presence != NULL && respite_presence_get_lock_available (presence),
                  _("Not available on this system: exposure is not paused when the screen "
                    "locks"));
  show_detection (self->sleep_detect_row,
                  presence != NULL && respite_presence_get_sleep_available (presence),
                  _("Not available on this system: exposure is not paused when the computer "
                    "goes to sleep"));
}

static void
autostart_set_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RespitePreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (respite_autostart_set_finish (result, &error))
    return;

  /* The toast says why; a refused start goes back off. */
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
  if (g_settings_get_boolean (self->settings, "autostart"))
    {
      self->autostart_refused = TRUE;
      g_settings_set_boolean (self->settings, "autostart", FALSE);
    }
}

/* Start when I log in: the entry is written, or the portal asked, as soon
 * as the switch moves (respite-autostart.c). */
static void
autostart_changed_cb (RespitePreferences *self)
{
  GApplication *application = g_application_get_default ();
  gboolean enabled = g_settings_get_boolean (self->settings, "autostart");

  if (!enabled && self->autostart_refused)
    {
      self->autostart_refused = FALSE;
      return;
    }

  respite_autostart_set_async (g_application_get_dbus_connection (application), enabled, NULL,
                               autostart_set_cb, g_object_ref (self));
}

static void
respite_preferences_dispose (GObject *object)
{
  RespitePreferences *self = RESPITE_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RESPITE_TYPE_PREFERENCES);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (respite_preferences_parent_class)->dispose (object);
}

static void
respite_preferences_class_init (RespitePreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = respite_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/respite/Respite/ui/respite-preferences.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RespitePreferences, name)
  BIND (policy_group);
  BIND (break_row);
  BIND (cap_row);
  BIND (decompression_row);
  BIND (strict_row);
  BIND (idle_row);
  BIND (problems_group);
  BIND (interval_spin);
  BIND (duration_spin);
  BIND (cap_spin);
  BIND (decompression_spin);
  BIND (auto_resume_switch);
  BIND (autostart_switch);
  BIND (care_page);
  BIND (aid_switch);
  BIND (idle_detect_row);
  BIND (lock_detect_row);
  BIND (sleep_detect_row);
  BIND (review_tools_group);
  BIND (review_tools_row);
  BIND (review_tools_switch);
  BIND (review_watch_row);
#undef BIND
}

static void
follow_view_stacks (GtkWidget *widget)
{
  if (ADW_IS_VIEW_STACK (widget))
    respite_accessible_follow_stack (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    follow_view_stacks (child);
}

static void
respite_preferences_init (RespitePreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  respite_accessible_tidy_names (GTK_WIDGET (self));
  /* With a second page (Care), the page not shown must be out of a screen
   * reader's reach, as the main window's views are. */
  follow_view_stacks (GTK_WIDGET (self));
  self->problem_rows = g_ptr_array_new ();
}

/* On or off as the reviewer chose, or as the policy says until they do. */
static void
show_aids (RespitePreferences *self)
{
  g_signal_handlers_block_matched (self->aid_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (self->aid_switch,
                         respite_aids_get_enabled (respite_session_get_policy (self->session),
                                                   self->settings));
  g_signal_handlers_unblock_matched (self->aid_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
}

static void
aid_switch_cb (RespitePreferences *self)
{
  g_settings_set_string (self->settings, "aid-reminders",
                         gtk_switch_get_active (self->aid_switch) ? "on" : "off");
}

RespitePreferences *
respite_preferences_new (RespiteSession *session,
                         GtkWindow      *parent)
{
  RespitePreferences *self;

  g_return_val_if_fail (RESPITE_IS_SESSION (session), NULL);

  self = g_object_new (RESPITE_TYPE_PREFERENCES, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "break-interval-minutes", self->interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "break-duration-minutes", self->duration_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "daily-cap-minutes", self->cap_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "decompression-minutes", self->decompression_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-resume", self->auto_resume_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "autostart", self->autostart_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::autostart",
                           G_CALLBACK (autostart_changed_cb), self, G_CONNECT_SWAPPED);
  /* The reviewer's own limits are part of the policy, which the session
   * reads again when they change. */
  g_signal_connect_object (session, "notify::policy", G_CALLBACK (show_policy), self,
                           G_CONNECT_SWAPPED);

  show_policy (self);
  show_presence (self);
  show_review_watch (self);

  /* Care (issue #19): the viewing aids' reminder, and the organisation's
   * training, when it lists any. */
  show_aids (self);
  g_signal_connect_object (self->aid_switch, "notify::active", G_CALLBACK (aid_switch_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::aid-reminders", G_CALLBACK (show_aids), self,
                           G_CONNECT_SWAPPED);
  if (respite_policy_get_training (respite_session_get_policy (session))->len > 0)
    adw_preferences_page_add (self->care_page,
                              ADW_PREFERENCES_GROUP (respite_training_group_new (
                                respite_session_get_policy (session), self->settings,
                                respite_session_get_clock (session))));

  return self;
}

void
respite_preferences_show_care (RespitePreferences *self)
{
  g_return_if_fail (RESPITE_IS_PREFERENCES (self));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (self->care_page));
}
