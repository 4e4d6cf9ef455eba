/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-clock.h"
#include "respite-policy.h"
#include "respite-team-store.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_TEAM_PAGE (respite_team_page_get_type ())
G_DECLARE_FINAL_TYPE (RespiteTeamPage, respite_team_page, RESPITE, TEAM_PAGE, AdwBin)

GtkWidget *respite_team_page_new          (RespiteTeamStore            *store,
                                           const char                  *team,
                                           RespiteClock                *clock);
void       respite_team_page_reload       (RespiteTeamPage             *self);
void       respite_team_page_set_policy   (RespiteTeamPage             *self,
                                           RespitePolicy               *policy);

/* The page's model, without widgets: what its table shows for one period. */
GStrv      respite_team_page_describe     (const RespiteTeamAggregate  *aggregate,
                                           RespitePeriod                period,
                                           guint                        k);
char      *respite_team_page_hidden_text  (guint                        k);

gboolean   respite_team_page_is_lead      (RespiteTeamStore            *store,
                                           const char                  *team,
                                           GError                     **error);

/* The export to HR, without widgets (respite-team-page-export.c). */
GStrv      respite_team_page_list_periods (RespitePeriod                unit,
                                           GDateTime                   *now,
                                           guint                        n);
gboolean   respite_team_page_export       (RespiteTeamStore            *store,
                                           const char                  *team,
                                           RespiteTeamUnit              team_unit,
                                           const char                  *period,
                                           const char                  *format,
                                           RespitePolicy               *policy,
                                           GDateTime                   *now,
                                           GFile                       *file,
                                           GError                     **error);

G_END_DECLS
