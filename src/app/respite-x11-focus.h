/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "respite-review-focus.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_X11_FOCUS (respite_x11_focus_get_type ())
G_DECLARE_FINAL_TYPE (RespiteX11Focus, respite_x11_focus, RESPITE, X11_FOCUS, GObject)

/* Follows the active window of @display (NULL: the default display) and
 * tells @focus its WM_CLASS, as the "x11" source. Does nothing unless the
 * display is X11. */
RespiteX11Focus *respite_x11_focus_new           (GdkDisplay         *display,
                                                  RespiteReviewFocus *focus);
gboolean         respite_x11_focus_get_available (RespiteX11Focus    *self);

G_END_DECLS
