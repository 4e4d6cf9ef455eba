/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The team store opener (respite-team-store-open.c): SQLite built in, and
 * PostgreSQL as the team-store-pg module, loaded from $RESPITE_MODULE_DIR
 * (tests/meson.build points it at this build's) the first time it is
 * needed, and a clear error when it is not there.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "respite-team-store-open.h"
#include "respite-team-store-sqlite.h"

/* Whether this process has mapped @library (libpq, libsecret-1). */
static gboolean
maps_library (const char *library)
{
  g_autofree char *maps = NULL;
  g_autofree char *needle = g_strdup_printf ("/%s.so", library);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, needle) != NULL;
}

static void
test_sqlite_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = respite_team_store_get_default_path ();
  g_autoptr(RespiteTeamStore) store = NULL;
  char *replaced = (char *) "unset";

  /* A reader opens the file the demo default names, in XDG_DATA_HOME. */
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  store = respite_team_store_open (NULL, NULL, NULL, &replaced, &error);
  g_assert_no_error (error);
  g_assert_true (RESPITE_IS_TEAM_STORE_SQLITE (store));
  g_assert_null (replaced);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* SQLite never needs the module. */
  g_assert_false (maps_library ("libpq"));
  g_assert_false (maps_library ("libsecret-1"));
}

/* A reader does not create a store just to look; the publisher's opener
 * does, and replaces a damaged one, saying so. */
static void
test_exists_and_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-open-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "team.db", NULL);
  g_autofree char *moved = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 5, 9, 0, 0);
  g_autoptr(RespiteTeamStore) store = NULL;
  RespiteTeamStoreSettings *settings = respite_team_store_settings_new ("sqlite", path);
  char *replaced = NULL;

  g_assert_false (respite_team_store_exists ("sqlite", path));
  g_assert_false (respite_team_store_exists (NULL, path));
  g_assert_true (respite_team_store_exists ("postgresql", "dbname=respite"));

  store = respite_team_store_settings_open (settings, now, &replaced, &error);
  g_assert_no_error (error);
  g_assert_true (RESPITE_IS_TEAM_STORE_SQLITE (store));
  g_assert_null (replaced);
  g_assert_true (respite_team_store_exists ("sqlite", path));
  g_clear_object (&store);

  g_assert_true (g_file_set_contents (path, "not a team store", -1, NULL));
  store = respite_team_store_settings_open (settings, now, &replaced, &error);
  g_assert_no_error (error);
  g_assert_nonnull (replaced);
  g_assert_nonnull (strstr (replaced, path));
  g_clear_object (&store);
  g_free (replaced);
  respite_team_store_settings_free (settings);

  moved = g_strconcat (path, ".corrupt-20261205-090000", NULL);
  g_assert_true (g_file_test (moved, G_FILE_TEST_EXISTS));
  g_unlink (moved);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

static void
test_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteTeamStore) store = respite_team_store_open ("oracle", "x", NULL, NULL, &error);

  g_assert_null (store);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_INVALID);
}

/* Without the module: unreachable, so that a publisher keeps its rows and
 * tries again, and the message says what is missing, and where. */
static void
test_pg_missing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("respite-no-modules-XXXXXX", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("RESPITE_MODULE_DIR"));
  g_autofree char *expected = g_build_filename (dir, RESPITE_TEAM_STORE_PG_MODULE_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteTeamStore) store = NULL;

  g_setenv ("RESPITE_MODULE_DIR", dir, TRUE);
  store = respite_team_store_open ("postgresql", "host=/nonexistent-respite dbname=respite",
                                   NULL, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "PostgreSQL module is not installed"));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_false (maps_library ("libpq"));

  /* A file that is no module: the loader's reason. */
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (expected, "not a module", -1, NULL));
  g_assert_null (respite_team_store_load_pg_backend (&error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "PostgreSQL module does not load"));
  g_assert_false (maps_library ("libpq"));

  g_unlink (expected);
  g_rmdir (dir);
  if (saved != NULL)
    g_setenv ("RESPITE_MODULE_DIR", saved, TRUE);
  else
    g_unsetenv ("RESPITE_MODULE_DIR");
}

/* This build's module: loaded once, with libpq, and its store is the
 * core's RespiteTeamStore (one type in the process). */
static void
test_pg_module (void)
{
  g_autoptr(GError) error = NULL;
  const RespiteTeamStorePgBackend *backend;
  g_autoptr(RespiteTeamStore) store = NULL;

  if (g_getenv ("RESPITE_MODULE_DIR") == NULL)
    {
      g_test_skip ("RESPITE_MODULE_DIR is not set: run through meson test");
      return;
    }

  backend = respite_team_store_load_pg_backend (&error);
  g_assert_no_error (error);
  g_assert_nonnull (backend);
  g_assert_cmpstr (backend->version, ==, VERSION);
  g_assert_true (respite_team_store_load_pg_backend (NULL) == backend);
  g_assert_true (maps_library ("libpq"));

  /* respite-report's way, which needs no keyring: connects on first use. */
  store = backend->open ("host=/nonexistent-respite dbname=respite user=reviewer");
  g_assert_true (RESPITE_IS_TEAM_STORE (store));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (store), ==, "RespiteTeamStorePg");
  g_assert_false (respite_team_store_check (store, &error));
  g_assert_error (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_UNREACHABLE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/team-store/open/sqlite-default", test_sqlite_default);
  g_test_add_func ("/team-store/open/exists-and-settings", test_exists_and_settings);
  g_test_add_func ("/team-store/open/unknown", test_unknown);
  /* Before the module is loaded for good. */
  g_test_add_func ("/team-store/open/pg-module-missing", test_pg_missing);
  g_test_add_func ("/team-store/open/pg-module", test_pg_module);

  return g_test_run ();
}
