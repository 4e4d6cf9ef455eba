/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one opener of the team store the policy names. SQLite is built in;
 * PostgreSQL lives in the team-store-pg module (src/team/pg/), loaded here the
 * first time a PostgreSQL store is opened, and never before: libpq and
 * libsecret, with Kerberos, LDAP and two TLS libraries behind them, are
 * then loaded only by a process that uses them.
 *
 * The module is looked for in $RESPITE_MODULE_DIR when set (the tests, an
 * uninstalled build), else in the folder it is installed to.
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "respite-team-store-open.h"
#include "respite-team-store-sqlite.h"

/* Loaded at most once per process, and kept: it registers a GType. */
static GMutex pg_lock;
static const RespiteTeamStorePgBackend *pg_backend;  /* (nullable) guarded by pg_lock */

/**
 * respite_team_store_load_pg_backend:
 *
 * Loads the team-store-pg module, the first time; later calls return the
 * same backend. Safe from any thread. A module that is missing, or from
 * another build, fails with %RESPITE_TEAM_STORE_ERROR_UNREACHABLE, so that
 * a publisher keeps its rows and tries again later: installing the module
 * is then enough.
 *
 * Returns: (transfer none): the backend, or %NULL
 */
const RespiteTeamStorePgBackend *
respite_team_store_load_pg_backend (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pg_lock);
  const char *dir = g_getenv ("RESPITE_MODULE_DIR");
  g_autofree char *path = NULL;
  RespiteTeamStorePgModuleEntry entry = NULL;
  const RespiteTeamStorePgBackend *backend;
  GModule *module;

  if (pg_backend != NULL)
    return pg_backend;

  if (dir == NULL || *dir == '\0')
    dir = MODULEDIR;
  path = g_build_filename (dir, RESPITE_TEAM_STORE_PG_MODULE_NAME, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE,
                   _("The PostgreSQL team store cannot be used: Respite’s PostgreSQL module "
                     "is not installed (%s is missing)"),
                   path);
      return NULL;
    }

  /* Every symbol bound now: a module that does not fit this build fails
   * here, with the loader's reason, rather than at its first call. */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE,
                   _("The PostgreSQL team store cannot be used: Respite’s PostgreSQL module "
                     "does not load (%s)"),
                   g_module_error ());
      return NULL;
    }

  if (!g_module_symbol (module, RESPITE_TEAM_STORE_PG_MODULE_ENTRY, (gpointer *) &entry) ||
      entry == NULL || (backend = entry ()) == NULL ||
      backend->size != sizeof (RespiteTeamStorePgBackend) ||
      g_strcmp0 (backend->version, VERSION) != 0)
    {
      g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE,
                   _("The PostgreSQL team store cannot be used: %s is not the PostgreSQL module "
                     "of this version of Respite (%s)"),
                   path, VERSION);
      g_module_close (module);
      return NULL;
    }

  g_debug ("Loaded %s", path);
  g_module_make_resident (module);
  pg_backend = backend;

  return pg_backend;
}

/* The demo default when no team store is configured. */
char *
respite_team_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "respite", "team.db", NULL);
}

/**
 * respite_team_store_open:
 * @type: (nullable): "sqlite" or "postgresql"; NULL: SQLite
 * @location: (nullable): the SQLite file, or the libpq connection string
 *   without a password; NULL with SQLite: the default file
 * @now: (nullable): for a writer (the publisher), the time to name a
 *   damaged SQLite file after: it is moved aside and a fresh store started
 *   in its place. %NULL for a reader (the Team view), which is refused a
 *   damaged file and leaves it as it is.
 * @replaced: (out) (optional): when a damaged file was moved aside, the
 *   sentence to tell the reviewer; %NULL otherwise
 *
 * Opens the team store the settings name, with the keyring's password for
 * PostgreSQL (loading the module the first time). Blocks: call it in a
 * worker thread (RespiteTeamStoreOpener, the lead check); it reads no clock
 * and touches no widget.
 */
RespiteTeamStore *
respite_team_store_open (const char  *type,
                         const char  *location,
                         GDateTime   *now,
                         char       **replaced,
                         GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (replaced != NULL)
    *replaced = NULL;

  if (type == NULL || g_str_equal (type, "sqlite"))
    {
      g_autofree char *path = location != NULL ? g_strdup (location)
                                               : respite_team_store_get_default_path ();
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *moved_to = NULL;
      RespiteTeamStoreSqlite *store;

      g_mkdir_with_parents (dir, 0700);

      if (now == NULL)
        return (RespiteTeamStore *) respite_team_store_sqlite_open (path, error);

      store = respite_team_store_sqlite_open_or_replace (path, now, &moved_to, error);
      if (moved_to != NULL && replaced != NULL)
        *replaced = respite_team_store_sqlite_describe_replacement (path, moved_to);

      return (RespiteTeamStore *) store;
    }

  if (g_str_equal (type, "postgresql") && location != NULL)
    {
      const RespiteTeamStorePgBackend *backend = respite_team_store_load_pg_backend (error);

      if (backend == NULL)
        return NULL;

      return backend->open_with_keyring (location, error);
    }

  g_set_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID,
               _("Unknown kind of team store “%s”"), type);
  return NULL;
}

/**
 * respite_team_store_exists:
 *
 * Whether there is a store to read: an SQLite file that does not exist has
 * no figures, and is not created just to look. A PostgreSQL store is asked.
 */
gboolean
respite_team_store_exists (const char *type,
                           const char *location)
{
  g_autofree char *path = NULL;

  if (type != NULL && !g_str_equal (type, "sqlite"))
    return TRUE;

  path = location != NULL ? g_strdup (location) : respite_team_store_get_default_path ();

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

RespiteTeamStoreSettings *
respite_team_store_settings_new (const char *type,
                                 const char *location)
{
  RespiteTeamStoreSettings *settings = g_new0 (RespiteTeamStoreSettings, 1);

  settings->type = g_strdup (type);
  settings->location = g_strdup (location);

  return settings;
}

void
respite_team_store_settings_free (gpointer data)
{
  RespiteTeamStoreSettings *settings = data;

  if (settings == NULL)
    return;

  g_free (settings->type);
  g_free (settings->location);
  g_free (settings);
}

/* A RespiteTeamStoreReplacingOpener, in the publisher's worker thread: @now
 * was read on the main thread, and @replaced goes back to it with
 * ::team-store-replaced. */
RespiteTeamStore *
respite_team_store_settings_open (gpointer    data,
                                  GDateTime  *now,
                                  char      **replaced,
                                  GError    **error)
{
  RespiteTeamStoreSettings *settings = data;

  return respite_team_store_open (settings->type, settings->location, now, replaced, error);
}
