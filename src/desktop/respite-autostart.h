/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the session runs at login: Respite without a window, so breaks and
 * check-ins are prompted from the start of the shift. */
#define RESPITE_AUTOSTART_OPTION "--background"

char     *respite_autostart_get_path     (void);
gboolean  respite_autostart_write_file   (gboolean              enabled,
                                          GError              **error);
gboolean  respite_autostart_is_sandboxed (void);
void      respite_autostart_set_async    (GDBusConnection      *session_bus,
                                          gboolean              enabled,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  respite_autostart_set_finish   (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
