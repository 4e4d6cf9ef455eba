/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "respite-team-store.h"
#include "respite-team-store-pg-module.h"

G_BEGIN_DECLS

char                            *respite_team_store_get_default_path  (void);
RespiteTeamStore                *respite_team_store_open              (const char  *type,
                                                                       const char  *location,
                                                                       GDateTime   *now,
                                                                       char       **replaced,
                                                                       GError     **error);
const RespiteTeamStorePgBackend *respite_team_store_load_pg_backend   (GError     **error);

G_END_DECLS
