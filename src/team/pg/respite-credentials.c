/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The team store's password lives in the GNOME keyring, never in a file:
 * the policy file names the server, database and user; the password is
 * looked up by those three and added to the connection string in memory
 * only, just before connecting. Every call blocks on D-Bus: call them from
 * the publisher's worker thread (RespiteTeamStoreOpener), not the main loop.
 *
 * Part of the team-store-pg module with the backend it serves, so that
 * libsecret is loaded only by a process that uses PostgreSQL.
 */

#define G_LOG_DOMAIN "respite-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <string.h>

#include "respite-credentials.h"

const SecretSchema *
respite_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.respite.Respite.TeamStore", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Reads the three attributes from @conninfo; libpq's defaults (an empty
 * value) stand for the environment's, as libpq would use them. */
static gboolean
parse_attributes (const char  *conninfo,
                  char       **server,
                  char       **database,
                  char       **user,
                  GError     **error)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);

  if (options == NULL)
    {
      /* libpq's message may quote the string: keep none of it. */
      g_set_error_literal (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
                           _("The team store’s connection settings are not valid"));
      return FALSE;
    }

  *server = *database = *user = NULL;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *value = o->val != NULL ? o->val : "";

      if (g_str_equal (o->keyword, "host"))
        *server = g_strdup (value);
      else if (g_str_equal (o->keyword, "dbname"))
        *database = g_strdup (value);
      else if (g_str_equal (o->keyword, "user"))
        *user = g_strdup (value);
    }
  PQconninfoFree (options);

  return TRUE;
}

/* Appends key='value' with libpq's quoting: backslash and quote escaped. */
static void
append_quoted (GString    *conninfo,
               const char *key,
               const char *value)
{
  g_string_append_printf (conninfo, " %s='", key);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *p);
    }
  g_string_append_c (conninfo, '\'');
}

/**
 * respite_credentials_complete_conninfo:
 * @conninfo: a libpq connection string without a password
 *
 * Returns: (transfer full): @conninfo, as keyword='value' pairs whatever its
 *   form, with the keyring's password added if
 *   there is one (unchanged if not: the server may not need one); free with
 *   respite_credentials_free_conninfo(), which wipes it
 */
char *
respite_credentials_complete_conninfo (const char    *conninfo,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autofree char *server = NULL;
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;
  PQconninfoOption *options;
  GString *complete;
  char *password;

  g_return_val_if_fail (conninfo != NULL, NULL);

  if (!parse_attributes (conninfo, &server, &database, &user, error))
    return NULL;

  password = secret_password_lookup_nonpageable_sync (respite_credentials_get_schema (),
                                                      cancellable, error,
                                                      "server", server,
                                                      "database", database,
                                                      "user", user,
                                                      NULL);
  if (password == NULL && error != NULL && *error != NULL)
    return NULL;

  /* Rebuilt as keyword='value' pairs, whatever the form given: a URI
   * cannot take a password appended. */
  complete = g_string_new (NULL);
  options = PQconninfoParse (conninfo, NULL);
  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (o->val != NULL && !g_str_equal (o->keyword, "password"))
      append_quoted (complete, o->keyword, o->val);
  PQconninfoFree (options);

  if (password != NULL)
    append_quoted (complete, "password", password);
  secret_password_free (password);

  return g_string_free (complete, FALSE);
}

void
respite_credentials_free_conninfo (char *conninfo)
{
  if (conninfo == NULL)
    return;

  explicit_bzero (conninfo, strlen (conninfo));
  g_free (conninfo);
}

/* Saves @password for the server, database and user of @conninfo. */
gboolean
respite_credentials_save_password (const char    *conninfo,
                                   const char    *password,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autofree char *server = NULL;
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (conninfo != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!parse_attributes (conninfo, &server, &database, &user, error))
    return FALSE;

  /* Translators: the label of the password in the keyring (Passwords and Keys). */
  label = g_strdup_printf (_("Respite team store %s on %s"), database, server);

  return secret_password_store_sync (respite_credentials_get_schema (), SECRET_COLLECTION_DEFAULT,
                                     label, password, cancellable, error,
                                     "server", server,
                                     "database", database,
                                     "user", user,
                                     NULL);
}
