/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exposure-reduction aids (issue #19): a one-line reminder, when a video,
 * audio or live block starts, of what the reviewer's own tool may offer:
 * sound off, a smaller view, greyscale. Respite changes nothing in that
 * tool and claims no effect: the evidence on such aids is mixed
 * (docs/policy-defaults.md, [Aids]).
 */

#define G_LOG_DOMAIN "respite-aids"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-aids.h"

const char *
respite_aids_get_reminder (RespiteKind kind)
{
  switch (kind)
    {
    case RESPITE_KIND_VIDEO:
      return _("Sound off first, and view it smaller. Greyscale, if your tool has it.");
    case RESPITE_KIND_LIVE:
      return _("Sound off first, and view it smaller, if your tool lets you.");
    case RESPITE_KIND_AUDIO:
      return _("Volume low first; turn it up only as far as you need.");
    case RESPITE_KIND_IMAGE:
    case RESPITE_KIND_TEXT:
    default:
      return NULL;
    }
}

gboolean
respite_aids_get_enabled (RespitePolicy *policy,
                          GSettings     *preferences)
{
  g_autofree char *choice = NULL;

  g_return_val_if_fail (RESPITE_IS_POLICY (policy), FALSE);
  g_return_val_if_fail (preferences == NULL || G_IS_SETTINGS (preferences), FALSE);

  if (preferences != NULL)
    choice = g_settings_get_string (preferences, "aid-reminders");
  if (g_strcmp0 (choice, "on") == 0)
    return TRUE;
  if (g_strcmp0 (choice, "off") == 0)
    return FALSE;

  return respite_policy_get_aid_reminders (policy);
}
