/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-session.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_PREFERENCES (respite_preferences_get_type ())
G_DECLARE_FINAL_TYPE (RespitePreferences, respite_preferences, RESPITE, PREFERENCES,
                      AdwPreferencesWindow)

RespitePreferences *respite_preferences_new (RespiteSession *session,
                                             GtkWindow      *parent);

/* Shows the Care page: training, and the viewing aids. */
void                respite_preferences_show_care (RespitePreferences *self);

G_END_DECLS
