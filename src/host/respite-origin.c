/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Web origins, normalised so that the policy's origin= and the origin the
 * browser reports compare as strings.
 */

#define G_LOG_DOMAIN "respite-native-host"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "respite-origin.h"

G_DEFINE_QUARK (respite-origin-error-quark, respite_origin_error)

static int
default_port (const char *scheme)
{
  if (g_str_equal (scheme, "http") || g_str_equal (scheme, "ws"))
    return 80;
  if (g_str_equal (scheme, "https") || g_str_equal (scheme, "wss"))
    return 443;
  return -1;
}

char *
respite_origin_normalise (const char  *text,
                          GError     **error)
{
  g_autofree char *scheme = NULL;
  g_autofree char *raw_host = NULL;
  g_autofree char *ascii_host = NULL;
  g_autofree char *host = NULL;
  g_autofree char *lower_scheme = NULL;
  g_autofree char *port_text = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ipv6;
  int port = -1;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_uri_split_network (text, G_URI_FLAGS_NONE, &scheme, &raw_host, &port, &local_error)
      || raw_host == NULL || *raw_host == '\0')
    {
      g_set_error_literal (error, RESPITE_ORIGIN_ERROR, RESPITE_ORIGIN_ERROR_INVALID,
                           _("not an origin of the form scheme://host[:port]"));
      return NULL;
    }

  ascii_host = g_hostname_to_ascii (raw_host);
  if (ascii_host == NULL)
    {
      g_set_error_literal (error, RESPITE_ORIGIN_ERROR, RESPITE_ORIGIN_ERROR_INVALID,
                           _("the host name is not valid"));
      return NULL;
    }
  host = g_ascii_strdown (ascii_host, -1);
  lower_scheme = g_ascii_strdown (scheme, -1);

  if (port == default_port (lower_scheme))
    port = -1;

  port_text = port >= 0 ? g_strdup_printf (":%d", port) : g_strdup ("");

  /* GUri gives an IPv6 literal without its brackets. */
  ipv6 = strchr (host, ':') != NULL;
  return g_strdup_printf ("%s://%s%s%s%s", lower_scheme,
                          ipv6 ? "[" : "", host, ipv6 ? "]" : "", port_text);
}
