/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "respite-presence.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_X11_IDLE (respite_x11_idle_get_type ())
G_DECLARE_FINAL_TYPE (RespiteX11Idle, respite_x11_idle, RESPITE, X11_IDLE, GObject)

RespiteX11Idle *respite_x11_idle_new           (GdkDisplay      *display,
                                                RespitePresence *presence);

gboolean        respite_x11_idle_get_available (RespiteX11Idle  *self);
guint           respite_x11_idle_get_threshold (RespiteX11Idle  *self);

G_END_DECLS
