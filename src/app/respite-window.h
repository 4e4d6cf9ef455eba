/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-session.h"
#include "respite-team-store.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_WINDOW (respite_window_get_type ())
G_DECLARE_FINAL_TYPE (RespiteWindow, respite_window, RESPITE, WINDOW, AdwApplicationWindow)

RespiteWindow *respite_window_new          (GtkApplication     *application,
                                            RespiteSession     *session);
void           respite_window_show_problem (RespiteWindow      *self,
                                            const char         *message);
void           respite_window_show_team    (RespiteWindow      *self,
                                            RespiteTeamStore   *store,
                                            const char         *team,
                                            RespiteClock       *clock);
/* "now", "history", "support", or "team" once shown. */
void           respite_window_show_view    (RespiteWindow      *self,
                                            const char         *name);

G_END_DECLS
