/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-application.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_WINDOW (respite_window_get_type ())
G_DECLARE_FINAL_TYPE (RespiteWindow, respite_window, RESPITE, WINDOW, AdwApplicationWindow)

RespiteWindow *respite_window_new          (RespiteApplication *application);
void           respite_window_show_problem (RespiteWindow      *self,
                                            const char         *message);
/* "now", "history" or "support". */
void           respite_window_show_view    (RespiteWindow      *self,
                                            const char         *name);

G_END_DECLS
