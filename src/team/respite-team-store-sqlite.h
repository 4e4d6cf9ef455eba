/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "respite-clock.h"
#include "respite-team-store.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_TEAM_STORE_SQLITE (respite_team_store_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (RespiteTeamStoreSqlite, respite_team_store_sqlite, RESPITE, TEAM_STORE_SQLITE, GObject)

RespiteTeamStoreSqlite *respite_team_store_sqlite_open                 (const char              *path,
                                                                        GError                 **error);
RespiteTeamStoreSqlite *respite_team_store_sqlite_open_or_replace      (const char              *path,
                                                                        GDateTime               *now,
                                                                        char                   **moved_to,
                                                                        GError                 **error);
char                   *respite_team_store_sqlite_describe_replacement (const char              *path,
                                                                        const char              *moved_to);

const char             *respite_team_store_sqlite_get_path             (RespiteTeamStoreSqlite  *self);
void                    respite_team_store_sqlite_set_clock            (RespiteTeamStoreSqlite  *self,
                                                                        RespiteClock            *clock);

G_END_DECLS
