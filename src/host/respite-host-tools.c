/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The origins of the policy's review tools, for respite-native-host: the
 * policy library reads them (respite_policy_get_review_tools()), the host
 * puts them in the form a browser's origins are compared in, and reads the
 * file again when it changes.
 */

#define G_LOG_DOMAIN "respite-native-host"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "respite-host-tools.h"
#include "respite-origin.h"
#include "respite-policy.h"

#define TOOL_GROUP_PREFIX "Review tool "

struct _RespiteHostTools
{
  char       *path;     /* (owned) */
  char       *display;  /* (owned) */
  GHashTable *origins;  /* (owned): normalised origin → tool name */
  gboolean    read;     /* whether the file was there when last looked at */
  struct stat last;     /* its size and times then */
};

/* Lists @origin (the policy's, checked already) for the tool @name, in
 * the form the browser's origins are compared in. */
static void
add_origin (RespiteHostTools *self,
            const char       *name,
            const char       *policy_origin)
{
  g_autofree char *origin = NULL;
  g_autoptr(GError) error = NULL;
  const char *listed;

  origin = respite_origin_normalise (policy_origin, &error);
  if (origin != NULL && !g_str_has_prefix (origin, "https://") && !g_str_has_prefix (origin, "http://"))
    g_set_error_literal (&error, RESPITE_ORIGIN_ERROR, RESPITE_ORIGIN_ERROR_INVALID,
                         _("only http:// and https:// origins can be listed"));

  if (error != NULL)
    {
      /* TRANSLATORS: the first %s is the policy file's path, the second the
       * tool's name, the third why its origin= was not used. */
      g_printerr (_("%s: [Review tool %s] origin: %s; this tool is not followed in the browser\n"),
                  self->display, name, error->message);
      return;
    }

  listed = g_hash_table_lookup (self->origins, origin);
  if (listed != NULL)
    {
      /* TRANSLATORS: %s are the policy file, a tool's name, an origin and
       * the name of the tool that listed it first. */
      g_printerr (_("%s: [Review tool %s] origin: %s is already the origin of %s; ignored\n"),
                  self->display, name, origin, listed);
      return;
    }

  g_hash_table_insert (self->origins, g_steal_pointer (&origin), g_strdup (name));
}

/* The policy as the app reads it, line by line: a line it cannot use
 * costs that line alone. The app says every problem of the file; the host
 * says those of the review tools, which the browser's console shows. */
static void
load (RespiteHostTools *self)
{
  g_autoptr(RespitePolicy) policy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GPtrArray *tools;

  g_hash_table_remove_all (self->origins);

  self->read = g_stat (self->path, &self->last) == 0;
  if (!self->read)
    return;

  policy = respite_policy_load (self->path, NULL, &problems);
  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], "[" TOOL_GROUP_PREFIX) != NULL)
      g_printerr ("%s\n", (const char *) problems->pdata[i]);

  tools = respite_policy_get_review_tools (policy);
  for (guint i = 0; i < tools->len; i++)
    {
      const RespiteReviewTool *tool = g_ptr_array_index (tools, i);

      if (tool->origin != NULL)  /* else a tool outside the browser */
        add_origin (self, tool->name, tool->origin);
    }
}

RespiteHostTools *
respite_host_tools_new (const char *path)
{
  RespiteHostTools *self = g_new0 (RespiteHostTools, 1);

  self->path = path != NULL ? g_strdup (path) : respite_policy_get_default_path ();
  self->display = g_filename_display_name (self->path);
  self->origins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  load (self);

  return self;
}

void
respite_host_tools_free (RespiteHostTools *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self->display);
  g_hash_table_unref (self->origins);
  g_free (self);
}

void
respite_host_tools_update (RespiteHostTools *self)
{
  struct stat now;
  gboolean there;

  g_return_if_fail (self != NULL);

  there = g_stat (self->path, &now) == 0;
  if (there == self->read
      && (!there
          || (now.st_size == self->last.st_size
              && now.st_mtim.tv_sec == self->last.st_mtim.tv_sec
              && now.st_mtim.tv_nsec == self->last.st_mtim.tv_nsec
              && now.st_ino == self->last.st_ino)))
    return;

  load (self);
}

const char *
respite_host_tools_lookup (RespiteHostTools *self,
                           const char       *origin)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);

  return g_hash_table_lookup (self->origins, origin);
}

guint
respite_host_tools_count (RespiteHostTools *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->origins);
}
