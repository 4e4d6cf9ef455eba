/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The review tools of RespitePolicy ([ReviewTools], issue #20): read by
 * respite-policy-file-review.c, followed by RespiteReviewFocus.
 */

#define G_LOG_DOMAIN "respite-policy"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-policy.h"
#include "respite-policy-private.h"

void
respite_review_tool_free (RespiteReviewTool *tool)
{
  if (tool == NULL)
    return;

  g_free (tool->name);
  g_free (tool->wm_class);
  g_free (tool->app_id);
  g_free (tool->origin);
  g_free (tool);
}

RespiteReviewMode
respite_policy_get_review_mode (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), RESPITE_REVIEW_OFF);

  return self->review_mode;
}

gboolean
respite_policy_get_review_required (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), FALSE);

  return self->review_required;
}

GPtrArray *
respite_policy_get_review_tools (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);

  return self->review_tools;
}

const RespiteReviewTool *
respite_policy_find_review_tool (RespitePolicy *self,
                                 const char    *name)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->review_tools->len; i++)
    {
      const RespiteReviewTool *tool = g_ptr_array_index (self->review_tools, i);

      if (g_str_equal (tool->name, name))
        return tool;
    }

  return NULL;
}

const RespiteReviewTool *
respite_policy_find_review_tool_by_wm_class (RespitePolicy *self,
                                             const char    *wm_class)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), NULL);
  g_return_val_if_fail (wm_class != NULL, NULL);

  for (guint i = 0; i < self->review_tools->len; i++)
    {
      const RespiteReviewTool *tool = g_ptr_array_index (self->review_tools, i);

      if (tool->wm_class != NULL && g_str_equal (tool->wm_class, wm_class))
        return tool;
    }

  return NULL;
}
