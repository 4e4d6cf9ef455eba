/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The policy file's [ReviewTools] group and its [Review tool NAME] groups
 * (issue #20): whether exposure follows the review tool, and how each tool
 * is known: its X11 WM_CLASS, its app id, or its web origin.
 *
 * As everywhere in the file, a value that cannot be used is left out with
 * a problem naming the line: a bad mode leaves following off, a tool with
 * no way to be known is not listed, a bad origin or kind is ignored.
 */

#define G_LOG_DOMAIN "respite-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "respite-policy.h"
#include "respite-policy-file-private.h"

const char * const respite_policy_file_review_tool_keys[N_REVIEW_TOOL_KEYS] = {
  [REVIEW_TOOL_WM_CLASS] = "wm-class",
  [REVIEW_TOOL_APP_ID] = "app-id",
  [REVIEW_TOOL_ORIGIN] = "origin",
  [REVIEW_TOOL_KIND] = "kind",
};

/* @text as a browser writes an origin, scheme://host[:port] in lower case,
 * or NULL if it is anything else: a path, a query, a user. A lone "/"
 * after the host is no path: it is how an address is often written. */
static char *
normalise_origin (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (*g_uri_get_path (uri) != '\0' && g_strcmp0 (g_uri_get_path (uri), "/") != 0) ||
      g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s://%s:%d", scheme, host, g_uri_get_port (uri));

  return g_strdup_printf ("%s://%s", scheme, host);
}

static RespiteReviewTool *
read_tool (Loader          *loader,
           ReviewToolGroup *group)
{
  RespiteReviewTool *tool;
  g_autofree char *origin = NULL;
  g_autofree char *kind = NULL;
  const Entry *entries = group->entries;

#define TEXT(k) respite_policy_file_read_text (loader, group->group, \
                                               respite_policy_file_review_tool_keys[k], \
                                               &entries[k])
  tool = g_new0 (RespiteReviewTool, 1);
  tool->name = g_strdup (group->group + strlen (REVIEW_TOOL_GROUP_PREFIX));
  tool->wm_class = TEXT (REVIEW_TOOL_WM_CLASS);
  tool->app_id = TEXT (REVIEW_TOOL_APP_ID);
  origin = TEXT (REVIEW_TOOL_ORIGIN);
  kind = TEXT (REVIEW_TOOL_KIND);
#undef TEXT
  tool->kind = -1;

  if (origin != NULL)
    {
      tool->origin = normalise_origin (origin);
      if (tool->origin == NULL)
        respite_policy_file_add_problem (loader, entries[REVIEW_TOOL_ORIGIN].line,
                                         group->group, "origin",
                                         _("“%s” is not an origin, scheme://host or "
                                           "scheme://host:port with nothing after it; "
                                           "it is ignored"),
                                         origin);
    }

  if (kind != NULL)
    {
      RespiteKind value;

      if (respite_kind_from_string (kind, &value))
        tool->kind = value;
      else
        respite_policy_file_add_problem (loader, entries[REVIEW_TOOL_KIND].line,
                                         group->group, "kind",
                                         _("“%s” is not one of image, video, audio, text or "
                                           "live; a block started here has the kind last "
                                           "chosen"),
                                         kind);
    }

  return tool;
}

void
respite_policy_file_apply_review (RespitePolicy *self,
                                  Loader        *loader)
{
  const Entry *mode_entry = &loader->entries[KEY_REVIEW_MODE];
  g_autofree char *mode = respite_policy_file_read_text (loader, "ReviewTools", "mode",
                                                         mode_entry);

  if (mode == NULL || g_str_equal (mode, "off"))
    self->review_mode = RESPITE_REVIEW_OFF;
  else if (g_str_equal (mode, "suggest"))
    self->review_mode = RESPITE_REVIEW_SUGGEST;
  else if (g_str_equal (mode, "track"))
    self->review_mode = RESPITE_REVIEW_TRACK;
  else
    respite_policy_file_add_problem (loader, mode_entry->line, "ReviewTools", "mode",
                                     _("“%s” is not one of off, suggest or track; using the "
                                       "default, off"),
                                     mode);

  self->review_required = respite_policy_file_read_boolean (loader, "ReviewTools", "required",
                                                            &loader->entries[KEY_REVIEW_REQUIRED],
                                                            FALSE);

  for (guint i = 0; i < loader->review_tools->len; i++)
    {
      ReviewToolGroup *group = &g_array_index (loader->review_tools, ReviewToolGroup, i);
      RespiteReviewTool *tool = read_tool (loader, group);

      if (tool->wm_class == NULL && tool->app_id == NULL && tool->origin == NULL)
        {
          respite_policy_file_add_problem (loader, group->line, group->group, NULL,
                                           _("the tool has no wm-class, app-id or origin "
                                             "that can be used; it is ignored"));
          respite_review_tool_free (tool);
        }
      else if (respite_policy_find_review_tool (self, tool->name) != NULL)
        {
          respite_policy_file_add_problem (loader, group->line, group->group, NULL,
                                           _("the tool is listed twice; this group is "
                                             "ignored"));
          respite_review_tool_free (tool);
        }
      else
        {
          g_ptr_array_add (self->review_tools, tool);
        }
    }
}
