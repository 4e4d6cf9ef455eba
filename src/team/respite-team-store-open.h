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
gboolean                         respite_team_store_exists            (const char  *type,
                                                                       const char  *location);

/* A team store's settings, as a publisher's opener takes them: give
 * respite_team_store_settings_open() and these to
 * respite_publisher_new_replacing(). */
typedef struct
{
  char *type;
  char *location;
} RespiteTeamStoreSettings;

RespiteTeamStoreSettings        *respite_team_store_settings_new      (const char  *type,
                                                                       const char  *location);
void                             respite_team_store_settings_free     (gpointer     settings);
RespiteTeamStore                *respite_team_store_settings_open     (gpointer     settings,
                                                                       GDateTime   *now,
                                                                       char       **replaced,
                                                                       GError     **error);

G_END_DECLS
