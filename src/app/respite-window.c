/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteWindow: the Now view. It only shows the tracker's state and
 * forwards clicks to the application's actions.
 *
 * The block's stopwatch ticks once a second, and only while the window is
 * on screen with a block running: a hidden window costs nothing.
 *
 * History, Support and Team are built the first time they are shown: until
 * then each is an empty AdwBin in the view stack, which has its title and
 * icon for the switchers, so that the first frame lays out Now alone (a
 * view stack sizes itself by all its pages, shown or not).
 */

#define G_LOG_DOMAIN "respite-window"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-accessible.h"
#include "respite-aids.h"
#include "respite-history-view.h"
#include "respite-prompt.h"
#include "respite-support-page.h"
#include "respite-team-page.h"
#include "respite-training.h"
#include "respite-window.h"

struct _RespiteWindow
{
  AdwApplicationWindow  parent_instance;

  RespiteSession       *session;  /* (owned) */
  RespiteTracker       *tracker;  /* (owned) (nullable) */
  RespiteShift         *shift;    /* (owned) (nullable) */
  RespiteCheckIns      *check_ins; /* (owned) (nullable) */
  guint                 tick_id;

  /* What the Team view is built from, until it is (respite_window_show_team()). */
  RespiteTeamStore     *team_store;  /* (owned) (nullable) */
  char                 *team;        /* (owned) (nullable) */
  RespiteClock         *team_clock;  /* (owned) (nullable) */
  AdwBin               *team_bin;    /* (unowned) (nullable): the Team page's place */
  RespiteSupportPage   *support_page;  /* (unowned) (nullable): once built */

  /* Template widgets */
  AdwViewStack         *views;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwBin               *history_bin;
  AdwBin               *support_bin;
  GtkRevealer          *problem_revealer;
  GtkRevealer          *training_revealer;
  GtkLabel             *training_label;
  GtkLabel             *aid_label;
  GtkButton            *hard_button;
  GSettings            *settings;  /* (owned) (nullable): for the training reminder */
  GtkMenuButton        *menu_button;
  GtkLabel             *problem_label;
  GtkLabel             *state_label;
  GtkLabel             *block_time_label;
  GtkLabel             *today_label;
  GtkButton            *toggle_button;
  GtkStack             *pages;
  GtkLabel             *next_break_label;
  GtkLabel             *limits_label;
  GtkRevealer          *break_due_revealer;
  GtkRevealer          *offer_revealer;
  GtkLabel             *offer_title;
  GtkLabel             *offer_label;
  GtkButton            *offer_accept_button;
  GtkLabel             *break_due_label;
  GtkButton            *snooze_button;
  GtkButton            *skip_button;
  GtkLabel             *break_time_label;
  GtkLabel             *decompression_time_label;
  GtkLabel             *strict_label;
  GtkButton            *end_break_button;
};

G_DEFINE_FINAL_TYPE (RespiteWindow, respite_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
is_exposed (RespiteWindow *self)
{
  return self->tracker != NULL &&
         respite_tracker_get_state (self->tracker) == RESPITE_TRACKER_EXPOSED;
}

/* What is left of each limit the policy sets besides the plain daily cap;
 * nothing when it sets none. */
static void
update_limits (RespiteWindow *self)
{
  g_autofree char *text = respite_limits_describe (respite_shift_get_limits (self->shift),
                                                   respite_shift_get_policy (self->shift));

  gtk_widget_set_visible (GTK_WIDGET (self->limits_label), text != NULL);
  if (text != NULL)
    gtk_label_set_label (self->limits_label, text);
}

static void
update_times (RespiteWindow *self)
{
  g_autofree char *block = NULL;
  g_autofree char *today = NULL;
  g_autofree char *today_text = NULL;

  if (self->tracker == NULL)
    return;

  block = respite_format_clock (respite_tracker_get_block_seconds (self->tracker));
  today = respite_format_duration (respite_tracker_get_today_seconds (self->tracker));
  /* Translators: today's exposure so far, e.g. "Today: 1 h 05 min" */
  today_text = g_strdup_printf (_("Today: %s"), today);

  gtk_label_set_label (self->block_time_label, block);
  gtk_label_set_label (self->today_label, today_text);

  if (self->shift == NULL)
    return;

  update_limits (self);

  if (respite_shift_get_phase (self->shift) != RESPITE_SHIFT_WORKING)
    {
      gint64 left = respite_shift_get_break_remaining (self->shift);
      g_autofree char *countdown = g_strdup_printf ("%d:%02d", (int) (left / 60),
                                                    (int) (left % 60));

      gtk_label_set_label (self->break_time_label, countdown);
      gtk_label_set_label (self->decompression_time_label, countdown);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->next_break_label),
                          !respite_shift_get_break_due (self->shift));
  if (!respite_shift_get_break_due (self->shift))
    {
      g_autofree char *next = respite_format_duration (respite_shift_get_next_break_in (self->shift));
      /* Translators: e.g. "Next break after 45 min more exposure" */
      g_autofree char *text = g_strdup_printf (_("Next break after %s more exposure"), next);

      gtk_label_set_label (self->next_break_label, text);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  update_times (RESPITE_WINDOW (user_data));

  return G_SOURCE_CONTINUE;
}

static gboolean
is_resting (RespiteWindow *self)
{
  return self->shift != NULL && respite_shift_get_phase (self->shift) != RESPITE_SHIFT_WORKING;
}

static void
update_tick (RespiteWindow *self)
{
  gboolean want_tick = (is_exposed (self) || is_resting (self)) &&
                       gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want_tick && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (!want_tick && self->tick_id != 0)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* The break-due card, and which page shows: the shift's phase decides. */
static void
update_shift (RespiteWindow *self)
{
  RespitePolicy *policy;
  RespiteShiftPhase phase;
  gboolean strict;
  g_autofree char *snooze = NULL;
  g_autofree char *due = NULL;
  const char *title;
  gint64 minutes;

  if (self->shift == NULL)
    return;

  /* The policy may be reloaded while the app runs: ask for it each time. */
  policy = respite_shift_get_policy (self->shift);
  phase = respite_shift_get_phase (self->shift);
  strict = respite_policy_get_strict_breaks (policy);

  gtk_stack_set_visible_child_name (self->pages,
                                    phase == RESPITE_SHIFT_ON_BREAK ? "break" :
                                    phase == RESPITE_SHIFT_DECOMPRESSING ? "decompression" :
                                    "now");

  due = respite_prompt_describe (RESPITE_DEADLINE_BREAK_DUE, policy, &title);
  gtk_label_set_label (self->break_due_label, due);

  minutes = respite_policy_get_snooze (policy) / 60;
  snooze = g_strdup_printf (ngettext ("_In %d Minute", "_In %d Minutes", minutes), (int) minutes);
  gtk_button_set_label (self->snooze_button, snooze);

  gtk_widget_set_visible (GTK_WIDGET (self->snooze_button), !strict);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_button), !strict);
  gtk_widget_set_visible (GTK_WIDGET (self->strict_label), strict);
  gtk_widget_set_visible (GTK_WIDGET (self->end_break_button), !strict);
  gtk_revealer_set_reveal_child (self->break_due_revealer,
                                 respite_shift_get_break_due (self->shift));
}

/* During a block: "That was hard", and for video, audio and live the
 * one-line reminder of the viewer's own tools, unless turned off. */
static void
update_aids (RespiteWindow *self)
{
  gboolean exposed = is_exposed (self);
  RespitePolicy *policy = respite_session_get_policy (self->session);
  const char *reminder = NULL;

  if (exposed && policy != NULL && respite_aids_get_enabled (policy, self->settings))
    reminder = respite_aids_get_reminder (respite_tracker_get_kind (self->tracker));

  gtk_widget_set_visible (GTK_WIDGET (self->hard_button), exposed);
  gtk_widget_set_visible (GTK_WIDGET (self->aid_label), reminder != NULL);
  if (reminder != NULL)
    gtk_label_set_label (self->aid_label, reminder);
}

static void
update_state (RespiteWindow *self)
{
  gboolean exposed = is_exposed (self);

  update_aids (self);

  if (self->tracker == NULL)
    {
      gtk_label_set_label (self->state_label, _("Not recording"));
      gtk_label_set_label (self->block_time_label, "–:––:––");
      gtk_button_set_label (self->toggle_button, _("_Start Exposure"));
      return;
    }

  if (exposed)
    {
      RespiteKind kind = respite_tracker_get_kind (self->tracker);
      int intensity = respite_tracker_get_intensity (self->tracker);
      g_autofree char *state = NULL;

      /* Translators: the running block, e.g. "Video · High intensity" */
      state = g_strdup_printf (_("%s · %s intensity"), respite_kind_get_label (kind),
                               respite_intensity_get_label (intensity));
      gtk_label_set_label (self->state_label, state);
      gtk_button_set_label (self->toggle_button, _("_Stop Exposure"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->toggle_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->toggle_button), "destructive-action");
    }
  else
    {
      gboolean paused = respite_tracker_get_state (self->tracker) == RESPITE_TRACKER_PAUSED;

      gtk_label_set_label (self->state_label,
                           paused ? _("Paused while you were away") : _("Not exposed"));
      gtk_button_set_label (self->toggle_button,
                            paused ? _("_Resume Exposure") : _("_Start Exposure"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->toggle_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->toggle_button), "suggested-action");
    }

  update_shift (self);
  update_times (self);
  update_tick (self);
}

static void
dismiss_problem_cb (RespiteWindow *self)
{
  gtk_revealer_set_reveal_child (self->problem_revealer, FALSE);
}

void
respite_window_show_problem (RespiteWindow *self,
                             const char    *message)
{
  g_return_if_fail (RESPITE_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (self->problem_label, message);
  gtk_revealer_set_reveal_child (self->problem_revealer, TRUE);
}

/* A training renewal due, unless put off today (respite-training.c). */
static void
update_training (RespiteWindow *self)
{
  RespitePolicy *policy = respite_session_get_policy (self->session);
  g_autoptr(GVariant) done = NULL;
  g_autofree char *reminded_on = NULL;
  const RespiteTrainingCourse *course;

  if (self->settings == NULL || policy == NULL)
    return;

  done = g_settings_get_value (self->settings, "training-done");
  reminded_on = g_settings_get_string (self->settings, "training-reminded-on");
  course = respite_training_to_remind (respite_policy_get_training (policy), done, reminded_on,
                                       respite_session_get_clock (self->session));
  if (course != NULL)
    {
      /* Translators: %s is a training course's name */
      g_autofree char *text = g_strdup_printf (_("Your training “%s” is due for renewal."),
                                               course->name);

      gtk_label_set_label (self->training_label, text);
    }
  gtk_revealer_set_reveal_child (self->training_revealer, course != NULL);
}

static void
training_later_cb (RespiteWindow *self)
{
  g_autofree char *today = respite_training_dup_today (respite_session_get_clock (self->session));

  g_settings_set_string (self->settings, "training-reminded-on", today);
}

static void
respite_window_map (GtkWidget *widget)
{
  RespiteWindow *self = RESPITE_WINDOW (widget);

  GTK_WIDGET_CLASS (respite_window_parent_class)->map (widget);

  /* The day may have turned while the window was hidden. */
  update_times (self);
  update_training (self);
  update_tick (self);
}

static void
respite_window_unmap (GtkWidget *widget)
{
  RespiteWindow *self = RESPITE_WINDOW (widget);

  GTK_WIDGET_CLASS (respite_window_parent_class)->unmap (widget);

  update_tick (self);
}

/* Everything was erased: today's total on Now must not show the old one. */
static void
data_erased_cb (RespiteWindow *self)
{
  if (self->tracker != NULL)
    respite_tracker_reload (self->tracker);
  if (self->shift != NULL)
    respite_limits_reload (respite_shift_get_limits (self->shift));
  update_state (self);
}

static void
ensure_history (RespiteWindow      *self,
                RespiteSession     *session)
{
  GtkWidget *history;

  if (adw_bin_get_child (self->history_bin) != NULL ||
      respite_session_get_store (session) == NULL)
    return;

  history = respite_history_view_new (respite_session_get_store (session),
                                      respite_session_get_clock (session));
  g_signal_connect_object (history, "data-erased", G_CALLBACK (data_erased_cb), self,
                           G_CONNECT_SWAPPED);
  adw_bin_set_child (self->history_bin, history);
}

/* A check-in or a counselling reminder on offer, as a card on Now. */
static void
update_offer (RespiteWindow *self)
{
  RespiteDeadline kind = respite_check_ins_get_pending (self->check_ins, NULL);
  RespiteSession *session = self->session;
  g_autofree char *text = NULL;
  const char *title = NULL;

  gtk_revealer_set_reveal_child (self->offer_revealer, kind != RESPITE_DEADLINE_NONE);
  if (kind == RESPITE_DEADLINE_NONE)
    return;

  text = respite_prompt_describe (kind, respite_session_get_policy (session), &title);
  gtk_label_set_label (self->offer_title, title);
  gtk_label_set_label (self->offer_label, text);
  gtk_button_set_label (self->offer_accept_button,
                        kind == RESPITE_DEADLINE_COUNSELLING ? _("Open _Support")
                                                             : _("_Check In"));
}

static void
update_support (RespiteWindow      *self,
                GParamSpec         *pspec,
                RespiteSession     *session)
{
  RespitePolicy *policy = respite_session_get_policy (session);

  if (self->support_page == NULL)
    return;

  respite_support_page_set_support (self->support_page,
                                    policy != NULL ? respite_policy_get_support (policy) : NULL);
}

static void
update_counselling (RespiteWindow      *self,
                    GParamSpec         *pspec,
                    RespiteSession     *session)
{
  if (self->support_page == NULL)
    return;

  respite_support_page_set_last_counselling (self->support_page,
                                             respite_session_get_last_counselling (session));
}

static void
ensure_support (RespiteWindow      *self,
                RespiteSession     *session)
{
  if (self->support_page != NULL)
    return;

  /* Filled before it goes on screen, and kept up to date from then on. */
  self->support_page = RESPITE_SUPPORT_PAGE (respite_support_page_new ());
  update_support (self, NULL, session);
  update_counselling (self, NULL, session);
  adw_bin_set_child (self->support_bin, GTK_WIDGET (self->support_page));
}

static void
ensure_team (RespiteWindow      *self,
             RespiteSession     *session)
{
  GtkWidget *team_page;

  if (self->team_bin == NULL || self->team_store == NULL)
    return;

  /* Its figures start loading now, in a worker thread. */
  team_page = respite_team_page_new (self->team_store, self->team, self->team_clock);
  /* The export reads the policy in force, which may be reloaded. */
  g_object_bind_property (session, "policy", team_page, "policy", G_BINDING_SYNC_CREATE);
  adw_bin_set_child (self->team_bin, team_page);

  g_clear_object (&self->team_store);
  g_clear_pointer (&self->team, g_free);
  g_clear_object (&self->team_clock);
}

/* Builds the view being shown if it is its first time: whichever way it
 * came on screen (a switcher, a shortcut, show-view, Tab and Enter). */
static void
ensure_visible_view (RespiteWindow *self)
{
  RespiteSession *session = self->session;
  const char *name = adw_view_stack_get_visible_child_name (self->views);

  if (name == NULL)
    return;

  if (g_str_equal (name, "history"))
    ensure_history (self, session);
  else if (g_str_equal (name, "support"))
    ensure_support (self, session);
  else if (g_str_equal (name, "team"))
    ensure_team (self, session);
}

/* The lead's Team view, for those the team store lets read its figures:
 * in the switchers now, built when first shown. */
void
respite_window_show_team (RespiteWindow    *self,
                          RespiteTeamStore *store,
                          const char       *team,
                          RespiteClock     *clock)
{
  AdwViewStackPage *page;
  GtkWidget *bin;

  g_return_if_fail (RESPITE_IS_WINDOW (self));
  g_return_if_fail (RESPITE_IS_TEAM_STORE (store));
  g_return_if_fail (team != NULL);
  g_return_if_fail (RESPITE_IS_CLOCK (clock));

  if (self->team_bin != NULL)
    return;

  g_set_object (&self->team_store, store);
  self->team = g_strdup (team);
  g_set_object (&self->team_clock, clock);

  bin = adw_bin_new ();
  self->team_bin = ADW_BIN (bin);
  page = adw_view_stack_add_titled (self->views, bin, "team", _("_Team"));
  adw_view_stack_page_set_use_underline (page, TRUE);
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");
  respite_accessible_follow_stack (GTK_WIDGET (self->views));
  ensure_visible_view (self);
}

void
respite_window_show_view (RespiteWindow *self,
                          const char    *name)
{
  g_return_if_fail (RESPITE_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->views, name) == NULL)
    {
      g_message ("No view called “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->views, name);
}

/* The window follows the session's tracker, shift and check-ins. */
static void
set_up (RespiteWindow      *self,
        RespiteSession     *session)
{
  const char *problem = respite_session_get_problem (session);

  g_set_object (&self->tracker, respite_session_get_tracker (session));
  if (self->tracker != NULL)
    {
      g_signal_connect_object (self->tracker, "notify::state",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->tracker, "notify::kind",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->tracker, "notify::intensity",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
    }

  g_set_object (&self->shift, respite_session_get_shift (session));
  if (self->shift != NULL)
    {
      g_signal_connect_object (self->shift, "notify::phase",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->shift, "prompt",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
    }

  if (problem != NULL)
    respite_window_show_problem (self, problem);

  g_set_object (&self->check_ins, respite_session_get_check_ins (session));
  if (self->check_ins != NULL)
    {
      g_signal_connect_object (self->check_ins, "notify::pending",
                               G_CALLBACK (update_offer), self, G_CONNECT_SWAPPED);
      update_offer (self);
    }

  /* Built when first shown: a window that opens on Now starts faster. */
  g_signal_connect_object (self->views, "notify::visible-child",
                           G_CALLBACK (ensure_visible_view), self, G_CONNECT_SWAPPED);
  ensure_visible_view (self);

  /* The Support page, once built, follows these. */
  g_signal_connect_object (session, "notify::last-counselling", G_CALLBACK (update_counselling),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::policy", G_CALLBACK (update_support), self,
                           G_CONNECT_SWAPPED);

  /* Training renewals: checked again when the window shows. */
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::training-done",
                           G_CALLBACK (update_training), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::training-reminded-on",
                           G_CALLBACK (update_training), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::policy", G_CALLBACK (update_training), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::aid-reminders",
                           G_CALLBACK (update_aids), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::policy", G_CALLBACK (update_aids), self,
                           G_CONNECT_SWAPPED);
  update_training (self);

  update_state (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->toggle_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->toggle_button));
}

static void
respite_window_dispose (GObject *object)
{
  RespiteWindow *self = RESPITE_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->tracker);
  g_clear_object (&self->shift);
  g_clear_object (&self->check_ins);
  g_clear_object (&self->team_store);
  g_clear_pointer (&self->team, g_free);
  g_clear_object (&self->team_clock);
  g_clear_object (&self->settings);
  /* libadwaita 1.2 warns if the view stack goes before its switchers. */
  if (self->switcher_title != NULL)
    adw_view_switcher_title_set_stack (self->switcher_title, NULL);
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESPITE_TYPE_WINDOW);

  G_OBJECT_CLASS (respite_window_parent_class)->dispose (object);
}

static void
respite_window_class_init (RespiteWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = respite_window_dispose;
  widget_class->map = respite_window_map;
  widget_class->unmap = respite_window_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/respite/Respite/ui/respite-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, views);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, history_bin);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, support_bin);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, training_revealer);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, training_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, aid_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, hard_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, block_time_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, today_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, limits_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, toggle_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, next_break_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, break_due_revealer);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, offer_revealer);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, offer_title);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, offer_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, offer_accept_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, break_due_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, snooze_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, skip_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, break_time_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, decompression_time_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, strict_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteWindow, end_break_button);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_problem_cb);
  gtk_widget_class_bind_template_callback (widget_class, training_later_cb);
}

/* The bottom switcher is there for narrow windows only; hidden, it is no
 * place for a screen reader either. */
static void
switcher_bar_revealed_cb (RespiteWindow *self)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->switcher_bar),
                               GTK_ACCESSIBLE_STATE_HIDDEN,
                               !adw_view_switcher_bar_get_reveal (self->switcher_bar),
                               -1);
}

static void
respite_window_init (RespiteWindow *self)
{
  GtkPopover *menu;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* What a screen reader hears (issue #21, respite-accessible.c). */
  respite_accessible_tidy_names (GTK_WIDGET (self));
  respite_accessible_follow_stack (GTK_WIDGET (self->views));
  respite_accessible_follow_stack (GTK_WIDGET (self->pages));
  respite_accessible_follow_revealer (self->problem_revealer);
  respite_accessible_follow_revealer (self->training_revealer);
  respite_accessible_follow_revealer (self->break_due_revealer);
  respite_accessible_follow_revealer (self->offer_revealer);
  g_signal_connect_object (self->switcher_bar, "notify::reveal",
                           G_CALLBACK (switcher_bar_revealed_cb), self, G_CONNECT_SWAPPED);
  switcher_bar_revealed_cb (self);

  /* Made by the menu button from its model: unnamed, GTK 4.8 calls it
   * "GtkPopoverMenu". */
  menu = gtk_menu_button_get_popover (self->menu_button);
  if (menu != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (menu),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main Menu"),
                                    -1);
}

RespiteWindow *
respite_window_new (GtkApplication *application,
                    RespiteSession *session)
{
  RespiteWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RESPITE_IS_SESSION (session), NULL);

  self = g_object_new (RESPITE_TYPE_WINDOW, "application", application, NULL);
  self->session = g_object_ref (session);
  set_up (self, session);

  return self;
}
