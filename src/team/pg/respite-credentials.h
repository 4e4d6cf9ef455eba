/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "respite-team-store.h"

G_BEGIN_DECLS

/* The keyring schema of a team store password: attributes "server",
 * "database" and "user", as in the connection string. */
const SecretSchema *respite_credentials_get_schema               (void);

char               *respite_credentials_complete_conninfo        (const char    *conninfo,
                                                                  GCancellable  *cancellable,
                                                                  GError       **error);
gboolean            respite_credentials_save_password            (const char    *conninfo,
                                                                  const char    *password,
                                                                  GCancellable  *cancellable,
                                                                  GError       **error);
void                respite_credentials_free_conninfo            (char          *conninfo);

G_END_DECLS
