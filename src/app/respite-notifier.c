/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteNotifier: the shift's prompts as desktop notifications, through
 * libnotify (which goes through the notification portal inside Flatpak).
 * Each button just activates the application action of the same name, so a
 * notification does exactly what the window's buttons do.
 *
 * Only one Respite notification shows at a time: a new prompt replaces the
 * last one, so a reviewer never comes back to a pile of them.
 *
 * The wording is kind and never shaming: it suggests, it does not order.
 */

#define G_LOG_DOMAIN "respite-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "respite-notifier.h"
#include "respite-prompt.h"

struct _RespiteNotifier
{
  GObject             parent_instance;

  GActionGroup       *actions;       /* (unowned) the application, which owns us */
  NotifyNotification *notification; /* (owned) (nullable) the one on screen */
  gboolean            available;
};

G_DEFINE_FINAL_TYPE (RespiteNotifier, respite_notifier, G_TYPE_OBJECT)

static void
respite_notifier_dispose (GObject *object)
{
  RespiteNotifier *self = RESPITE_NOTIFIER (object);

  g_clear_object (&self->notification);

  if (self->available)
    {
      notify_uninit ();
      self->available = FALSE;
    }

  G_OBJECT_CLASS (respite_notifier_parent_class)->dispose (object);
}

static void
respite_notifier_class_init (RespiteNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = respite_notifier_dispose;
}

static void
respite_notifier_init (RespiteNotifier *self)
{
}

RespiteNotifier *
respite_notifier_new (GActionGroup *actions)
{
  RespiteNotifier *self = g_object_new (RESPITE_TYPE_NOTIFIER, NULL);

  self->actions = actions;
  self->available = notify_init (APP_ID);

  return self;
}

static void
action_cb (NotifyNotification *notification,
           char               *action,
           gpointer            user_data)
{
  RespiteNotifier *self = RESPITE_NOTIFIER (user_data);

  g_action_group_activate_action (self->actions, action, NULL);
}

/* Shows @notification, taking it over, in place of the last one. */
static void
show (RespiteNotifier    *self,
      NotifyNotification *notification)
{
  g_autoptr(GError) error = NULL;

  respite_notifier_withdraw (self);

  notify_notification_set_app_name (notification, _("Respite"));
  notify_notification_set_hint_string (notification, "desktop-entry", APP_ID);
  notify_notification_set_category (notification, "x-respite.care");

  /* Without a notification server (a bare session, a test) the window
   * still shows the prompt: this is not worth a warning. */
  if (!notify_notification_show (notification, &error))
    g_debug ("Could not show a notification: %s", error->message);

  self->notification = notification;
}

static void
add_action (NotifyNotification *notification,
            const char         *action,
            const char         *label,
            RespiteNotifier    *self)
{
  notify_notification_add_action (notification, action, label, action_cb, self, NULL);
}

void
respite_notifier_show_prompt (RespiteNotifier *self,
                              RespiteDeadline  deadline,
                              RespitePolicy   *policy)
{
  NotifyNotification *notification;
  g_autofree char *body = NULL;
  const char *title = NULL;

  g_return_if_fail (RESPITE_IS_NOTIFIER (self));

  if (!self->available)
    return;

  body = respite_prompt_describe (deadline, policy, &title);
  notification = notify_notification_new (title, body, APP_ID);
  notify_notification_set_urgency (notification, deadline == RESPITE_DEADLINE_BREAK_REMINDER
                                                 ? NOTIFY_URGENCY_LOW : NOTIFY_URGENCY_NORMAL);

  if (deadline == RESPITE_DEADLINE_BREAK_DUE)
    {
      add_action (notification, "take-break", _("Take a Break"), self);
      if (!respite_policy_get_strict_breaks (policy))
        {
          gint64 minutes = respite_policy_get_snooze (policy) / 60;
          g_autofree char *snooze = g_strdup_printf (ngettext ("In %d Minute", "In %d Minutes",
                                                               minutes), (int) minutes);

          add_action (notification, "snooze-break", snooze, self);
          add_action (notification, "skip-break", _("Skip"), self);
        }
    }

  show (self, notification);
}

/* A check-in or a counselling reminder, offered between blocks. */
void
respite_notifier_show_offer (RespiteNotifier *self,
                             RespiteDeadline  kind,
                             RespitePolicy   *policy)
{
  NotifyNotification *notification;
  g_autofree char *body = NULL;
  const char *title = NULL;

  g_return_if_fail (RESPITE_IS_NOTIFIER (self));

  if (!self->available)
    return;

  body = respite_prompt_describe (kind, policy, &title);
  notification = notify_notification_new (title, body, APP_ID);
  notify_notification_set_urgency (notification, NOTIFY_URGENCY_LOW);
  add_action (notification, "accept-offer",
              kind == RESPITE_DEADLINE_COUNSELLING ? _("Open Support") : _("Check In"), self);
  add_action (notification, "later-offer", _("Later"), self);
  add_action (notification, "skip-offer", _("Skip"), self);
  show (self, notification);
}

void
respite_notifier_show_paused (RespiteNotifier *self)
{
  NotifyNotification *notification = NULL;

  g_return_if_fail (RESPITE_IS_NOTIFIER (self));

  if (!self->available)
    return;

  notification = notify_notification_new (_("Exposure Paused"),
                                          _("Respite stopped counting while you were away. "
                                            "Resume when you are back at the material."),
                                          APP_ID);
  add_action (notification, "toggle-exposure", _("Resume"), self);
  show (self, notification);
}

/* [ReviewTools] mode=suggest: a listed tool came in front, no block runs. */
void
respite_notifier_show_review_offer (RespiteNotifier *self)
{
  NotifyNotification *notification = NULL;

  g_return_if_fail (RESPITE_IS_NOTIFIER (self));

  if (!self->available)
    return;

  notification = notify_notification_new (_("Review Tool Open"),
                                          _("Your review tool is open: start a block?"),
                                          APP_ID);
  add_action (notification, "start-review-block", _("Start"), self);
  show (self, notification);
}

void
respite_notifier_show_text (RespiteNotifier *self,
                            const char      *title,
                            const char      *body)
{
  NotifyNotification *notification = NULL;

  g_return_if_fail (RESPITE_IS_NOTIFIER (self));

  if (!self->available)
    return;

  notification = notify_notification_new (title, body, APP_ID);
  show (self, notification);
}

/* The prompt was answered, in the window or elsewhere: take it away. */
void
respite_notifier_withdraw (RespiteNotifier *self)
{
  g_return_if_fail (RESPITE_IS_NOTIFIER (self));

  if (self->notification == NULL)
    return;

  notify_notification_close (self->notification, NULL);
  g_clear_object (&self->notification);
}
