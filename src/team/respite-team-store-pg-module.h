/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract between the core and the team-store-pg module (src/team/pg/),
 * which holds the PostgreSQL backend and the keyring look-up, and so libpq
 * and libsecret: a process loads them only when it opens a PostgreSQL team
 * store (respite_team_store_load_pg_backend()). The module exports one
 * symbol, RESPITE_TEAM_STORE_PG_MODULE_ENTRY, which returns the backend
 * below. It is built with the executables of the same tree and takes the
 * core's symbols from the one that loads it: it refuses any other build's.
 */
#pragma once

#include <gmodule.h>

#include "respite-team-store.h"

G_BEGIN_DECLS

/* lib + team-store-pg + .so: what meson's shared_module ('team-store-pg') makes. */
#define RESPITE_TEAM_STORE_PG_MODULE_NAME  "libteam-store-pg." G_MODULE_SUFFIX
#define RESPITE_TEAM_STORE_PG_MODULE_ENTRY "respite_team_store_pg_module_get_backend"

typedef struct
{
  /* sizeof (RespiteTeamStorePgBackend) and VERSION where the module was
   * built: a module from another build is not used. */
  gsize        size;
  const char  *version;

  /* The app's way: @conninfo has no password (the policy refuses one);
   * the keyring's, if it has one for this server, database and user, is
   * added in memory. Blocks on D-Bus; connects on first use. */
  RespiteTeamStore *(*open_with_keyring) (const char        *conninfo,
                                          GError           **error);
  /* respite-report's: @conninfo as given, with libpq's own means for a
   * password (~/.pgpass, a service file). Connects on first use. */
  RespiteTeamStore *(*open)              (const char        *conninfo);
  /* `respite-report init`: see respite_team_store_pg_init_schema(). */
  gboolean          (*init_schema)       (RespiteTeamStore  *store,
                                          int               *old_version,
                                          GError           **error);
} RespiteTeamStorePgBackend;

typedef const RespiteTeamStorePgBackend *(*RespiteTeamStorePgModuleEntry) (void);

G_END_DECLS
