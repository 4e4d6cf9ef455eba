/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names prompts, answers and breaks are stored under, and the words a
 * prompt is shown with: kind and never shaming, suggesting, not ordering.
 */

#define G_LOG_DOMAIN "respite-prompt"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-prompt.h"

static const char * const deadline_names[] = {
  [RESPITE_DEADLINE_NONE] = "none",
  [RESPITE_DEADLINE_BREAK_REMINDER] = "break-reminder",
  [RESPITE_DEADLINE_BREAK_DUE] = "break-due",
  [RESPITE_DEADLINE_CAP_WARNING] = "cap-warning",
  [RESPITE_DEADLINE_CAP_REACHED] = "cap-reached",
  [RESPITE_DEADLINE_CHECK_IN_PULSE] = "check-in-pulse",
  [RESPITE_DEADLINE_CHECK_IN_WHO5] = "check-in-who5",
  [RESPITE_DEADLINE_CHECK_IN_PHQ4] = "check-in-phq4",
  [RESPITE_DEADLINE_COUNSELLING] = "counselling",
  [RESPITE_DEADLINE_VIDEO_CAP_REACHED] = "video-cap-reached",
  [RESPITE_DEADLINE_LIVE_CAP_REACHED] = "live-cap-reached",
  [RESPITE_DEADLINE_WEEKLY_CAP_REACHED] = "weekly-cap-reached",
  [RESPITE_DEADLINE_DAYS_IN_A_ROW] = "days-in-a-row",
  [RESPITE_DEADLINE_CHECK_IN_STS] = "check-in-sts",
};

static const char * const response_names[RESPITE_N_RESPONSES] = {
  "taken", "snoozed", "skipped",
};

const char *
respite_deadline_to_string (RespiteDeadline deadline)
{
  g_return_val_if_fail (deadline < G_N_ELEMENTS (deadline_names), NULL);

  return deadline_names[deadline];
}

gboolean
respite_deadline_from_string (const char      *string,
                              RespiteDeadline *deadline)
{
  g_return_val_if_fail (deadline != NULL, FALSE);

  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (deadline_names); i++)
    {
      if (g_str_equal (string, deadline_names[i]))
        {
          *deadline = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The instrument a check-in prompt offers, or NULL if @deadline is not one. */
const char *
respite_deadline_get_instrument (RespiteDeadline deadline)
{
  switch (deadline)
    {
    case RESPITE_DEADLINE_CHECK_IN_PULSE:
      return "pulse";
    case RESPITE_DEADLINE_CHECK_IN_WHO5:
      return "who5";
    case RESPITE_DEADLINE_CHECK_IN_PHQ4:
      return "phq4";
    case RESPITE_DEADLINE_CHECK_IN_STS:
      return "proqol5";
    default:
      return NULL;
    }
}

/* The prompt that a cap of @kind's own gives, or RESPITE_DEADLINE_NONE for
 * a kind that cannot have one. */
RespiteDeadline
respite_deadline_for_kind_cap (RespiteKind kind)
{
  switch (kind)
    {
    case RESPITE_KIND_VIDEO:
      return RESPITE_DEADLINE_VIDEO_CAP_REACHED;
    case RESPITE_KIND_LIVE:
      return RESPITE_DEADLINE_LIVE_CAP_REACHED;
    case RESPITE_KIND_IMAGE:
    case RESPITE_KIND_AUDIO:
    case RESPITE_KIND_TEXT:
    default:
      return RESPITE_DEADLINE_NONE;
    }
}

/* Whether @deadline says that a limit was reached: the daily cap or any
 * other. A day with one is a day whose cap was exceeded, for the team. */
gboolean
respite_deadline_is_limit_reached (RespiteDeadline deadline)
{
  switch (deadline)
    {
    case RESPITE_DEADLINE_CAP_REACHED:
    case RESPITE_DEADLINE_VIDEO_CAP_REACHED:
    case RESPITE_DEADLINE_LIVE_CAP_REACHED:
    case RESPITE_DEADLINE_WEEKLY_CAP_REACHED:
    case RESPITE_DEADLINE_DAYS_IN_A_ROW:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
respite_response_to_string (RespiteResponse response)
{
  g_return_val_if_fail (response < RESPITE_N_RESPONSES, NULL);

  return response_names[response];
}

const char *
respite_break_kind_to_string (RespiteBreakKind kind)
{
  switch (kind)
    {
    case RESPITE_BREAK_BREAK:
      return "break";
    case RESPITE_BREAK_DECOMPRESSION:
      return "decompression";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * respite_prompt_describe:
 * @title: (out): a short title for the prompt
 *
 * Returns: (transfer full): the prompt's sentence, for a notification or
 *   the window
 */
char *
respite_prompt_describe (RespiteDeadline   deadline,
                         RespitePolicy    *policy,
                         const char      **title)
{
  gint64 minutes;
  guint days;

  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  switch (deadline)
    {
    case RESPITE_DEADLINE_BREAK_REMINDER:
      minutes = (respite_policy_get_break_interval (policy) -
                 respite_policy_get_break_reminder (policy)) / 60;
      *title = _("A Break Soon");
      return g_strdup_printf (ngettext ("A break is coming up in about %d minute. A good moment "
                                        "to finish what you are looking at.",
                                        "A break is coming up in about %d minutes. A good moment "
                                        "to finish what you are looking at.",
                                        minutes), (int) minutes);

    case RESPITE_DEADLINE_BREAK_DUE:
      minutes = respite_policy_get_break_duration (policy) / 60;
      *title = _("Time for a Break");
      return g_strdup_printf (ngettext ("You have been looking at difficult material for a while. "
                                        "Step away for %d minute.",
                                        "You have been looking at difficult material for a while. "
                                        "Step away for %d minutes.",
                                        minutes), (int) minutes);

    case RESPITE_DEADLINE_CAP_WARNING:
      *title = _("Nearly at Today’s Limit");
      return g_strdup (_("You are close to today’s exposure limit. Consider planning other work "
                         "for the rest of the day."));

    case RESPITE_DEADLINE_CAP_REACHED:
      *title = _("Today’s Limit Reached");
      return g_strdup (_("That is enough exposure for one day. If you can, switch to work that "
                         "does not involve this material."));

    case RESPITE_DEADLINE_CHECK_IN_PULSE:
      *title = _("How Are You Right Now?");
      return g_strdup (_("That was difficult material. One question, a few seconds: how are "
                         "you feeling?"));

    case RESPITE_DEADLINE_CHECK_IN_WHO5:
      *title = _("A Short Check-In");
      return g_strdup (_("Five questions about the last two weeks, for you alone. Your answers "
                         "stay on this computer."));

    case RESPITE_DEADLINE_CHECK_IN_PHQ4:
      *title = _("A Short Check-In");
      return g_strdup (_("Four questions about the last two weeks, for you alone. Your answers "
                         "stay on this computer."));

    case RESPITE_DEADLINE_CHECK_IN_STS:
      *title = _("A Check-In on the Cost of Caring");
      return g_strdup (_("Thirty questions about your work over the last 30 days, for you alone. "
                         "Your answers stay on this computer."));

    case RESPITE_DEADLINE_COUNSELLING:
      *title = _("Support Is There for You");
      return g_strdup (_("A reminder that your organisation offers confidential counselling. "
                         "Talking regularly helps, even when things feel fine."));

    case RESPITE_DEADLINE_VIDEO_CAP_REACHED:
      *title = _("Today’s Video Limit Reached");
      return g_strdup (_("That is enough video for one day. If you can, switch to other "
                         "material or to work without exposure."));

    case RESPITE_DEADLINE_LIVE_CAP_REACHED:
      *title = _("Today’s Live Limit Reached");
      return g_strdup (_("That is enough live material for one day. If you can, switch to other "
                         "material or to work without exposure."));

    case RESPITE_DEADLINE_WEEKLY_CAP_REACHED:
      *title = _("This Week’s Limit Reached");
      return g_strdup (_("That is enough exposure for one week. If you can, plan work that does "
                         "not involve this material until the week is over."));

    case RESPITE_DEADLINE_DAYS_IN_A_ROW:
      days = respite_policy_get_consecutive_days (policy);
      *title = _("Time for a Day Away");
      return g_strdup_printf (ngettext ("Your organisation suggests exposure on at most %d day "
                                        "in a row. If you can, plan a day without this "
                                        "material soon.",
                                        "Your organisation suggests exposure on at most %d days "
                                        "in a row. If you can, plan a day without this "
                                        "material soon.",
                                        days), (int) days);

    case RESPITE_DEADLINE_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}
