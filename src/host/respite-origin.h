/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RESPITE_ORIGIN_ERROR (respite_origin_error_quark ())
GQuark respite_origin_error_quark (void);

typedef enum
{
  RESPITE_ORIGIN_ERROR_INVALID,
} RespiteOriginError;

/* A web origin in the one form the browser and the policy are compared in:
 * scheme://host[:port], scheme and host in lower case (an international
 * host name in its ASCII form), the scheme's default port dropped (80 for
 * http, 443 for https). A whole URL gives its origin: the path, query,
 * fragment and user name are dropped. NULL, with @error set, when @text is
 * not an absolute URI with a host. */
char *respite_origin_normalise (const char  *text,
                                GError     **error);

G_END_DECLS
