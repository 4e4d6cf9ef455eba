/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "respite-team-store.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_TEAM_STORE_PG (respite_team_store_pg_get_type ())
G_DECLARE_FINAL_TYPE (RespiteTeamStorePg, respite_team_store_pg, RESPITE, TEAM_STORE_PG, GObject)

RespiteTeamStorePg *respite_team_store_pg_new           (const char          *conninfo);

gboolean            respite_team_store_pg_create_schema (RespiteTeamStorePg  *self,
                                                         GError             **error);
gboolean            respite_team_store_pg_init_schema   (RespiteTeamStorePg  *self,
                                                         int                 *old_version,
                                                         GError             **error);

G_END_DECLS
