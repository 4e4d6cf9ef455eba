/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The origins of the policy's review tools, for respite-native-host.
 *
 * Temporary, until the policy library lists the tools (see
 * respite-host-tools.h): a small GKeyFile reader of the [Review tool NAME]
 * groups' origin= alone. GKeyFile refuses a whole file for one line it
 * cannot parse; the host then lists no tool and says why, and every tab
 * counts as "no review tool in front", which records nothing.
 */

#define G_LOG_DOMAIN "respite-native-host"

#include "config.h"

#include <errno.h>
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

static void
load_tool (RespiteHostTools *self,
           GKeyFile         *key_file,
           const char       *group)
{
  const char *name = group + strlen (TOOL_GROUP_PREFIX);
  g_autofree char *value = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GError) error = NULL;
  const char *listed;

  if (!g_key_file_has_key (key_file, group, "origin", NULL))
    return;  /* a tool outside the browser: wm-class= or app-id= only */

  value = g_key_file_get_string (key_file, group, "origin", &error);
  if (value != NULL)
    origin = respite_origin_normalise (value, &error);
  if (origin != NULL && !g_str_has_prefix (origin, "https://") && !g_str_has_prefix (origin, "http://"))
    g_set_error_literal (&error, RESPITE_ORIGIN_ERROR, RESPITE_ORIGIN_ERROR_INVALID,
                         _("only http:// and https:// origins can be listed"));

  if (error != NULL)
    {
      /* TRANSLATORS: the first %s is the policy file's path, the second the
       * tool's group name, the third why its origin= was not used. */
      g_printerr (_("%s: [%s] origin: %s; this tool is not followed in the browser\n"),
                  self->display, group, error->message);
      return;
    }

  listed = g_hash_table_lookup (self->origins, origin);
  if (listed != NULL)
    {
      /* TRANSLATORS: %s are the policy file, a group, an origin and the
       * name of the tool that listed it first. */
      g_printerr (_("%s: [%s] origin: %s is already the origin of %s; ignored\n"),
                  self->display, group, origin, listed);
      return;
    }

  g_hash_table_insert (self->origins, g_steal_pointer (&origin), g_strdup (name));
}

static void
load (RespiteHostTools *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  g_hash_table_remove_all (self->origins);

  self->read = g_stat (self->path, &self->last) == 0;
  if (!self->read)
    return;

  if (!g_key_file_load_from_file (key_file, self->path, G_KEY_FILE_NONE, &error))
    {
      /* TRANSLATORS: %s are the policy file and GLib's reason. */
      g_printerr (_("%s: cannot be read for the review tools’ origins (%s); no tool is followed in the browser\n"),
                  self->display, error->message);
      return;
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_has_prefix (groups[i], TOOL_GROUP_PREFIX)
          && groups[i][strlen (TOOL_GROUP_PREFIX)] != '\0')
        load_tool (self, key_file, groups[i]);
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
