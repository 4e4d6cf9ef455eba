/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The team-store-pg module's one entry point: the PostgreSQL backend and
 * the keyring look-up, for respite_team_store_load_pg_backend() in the
 * core (the contract is src/team/respite-team-store-pg-module.h). Everything
 * else in the module is hidden; the core's functions it calls come from the
 * executable that loads it.
 */

#define G_LOG_DOMAIN "respite-team-store"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "respite-credentials.h"
#include "respite-team-store-pg.h"
#include "respite-team-store-pg-module.h"

static RespiteTeamStore *
open_with_keyring (const char  *conninfo,
                   GError     **error)
{
  char *complete = respite_credentials_complete_conninfo (conninfo, NULL, error);
  RespiteTeamStore *store;

  if (complete == NULL)
    return NULL;

  store = RESPITE_TEAM_STORE (respite_team_store_pg_new (complete));
  respite_credentials_free_conninfo (complete);

  return store;
}

static RespiteTeamStore *
open_as_given (const char *conninfo)
{
  return RESPITE_TEAM_STORE (respite_team_store_pg_new (conninfo));
}

static gboolean
init_schema (RespiteTeamStore  *store,
             int               *old_version,
             GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_TEAM_STORE_PG (store), FALSE);

  return respite_team_store_pg_init_schema (RESPITE_TEAM_STORE_PG (store), old_version, error);
}

G_MODULE_EXPORT const RespiteTeamStorePgBackend *respite_team_store_pg_module_get_backend (void);

const RespiteTeamStorePgBackend *
respite_team_store_pg_module_get_backend (void)
{
  static const RespiteTeamStorePgBackend backend = {
    sizeof (RespiteTeamStorePgBackend),
    VERSION,
    open_with_keyring,
    open_as_given,
    init_schema,
  };

  return &backend;
}
