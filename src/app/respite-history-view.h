/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-clock.h"
#include "respite-store.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_HISTORY_VIEW (respite_history_view_get_type ())
G_DECLARE_FINAL_TYPE (RespiteHistoryView, respite_history_view, RESPITE, HISTORY_VIEW, AdwBin)

GtkWidget *respite_history_view_new     (RespiteStore       *store,
                                         RespiteClock       *clock);
void       respite_history_view_refresh (RespiteHistoryView *self);

G_END_DECLS
