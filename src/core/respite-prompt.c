/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names prompts, answers and breaks are stored under.
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
