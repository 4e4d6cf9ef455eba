/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The browsers' native-messaging framing: each message is a 32-bit length
 * in the machine's byte order, then that many bytes of UTF-8 JSON. */

/* The longest message respite-native-host takes from the browser. The
 * add-on's messages are under 300 bytes (an origin is at most a scheme, a
 * 253-character host name and a port); the browsers' own limits are far
 * higher (Chrome: 64 MiB to the host, 1 MB from it). */
#define RESPITE_NATIVE_MESSAGE_MAX (64 * 1024)

#define RESPITE_NATIVE_MESSAGING_ERROR (respite_native_messaging_error_quark ())
GQuark respite_native_messaging_error_quark (void);

typedef enum
{
  /* The stream ended inside a length or inside a message. */
  RESPITE_NATIVE_MESSAGING_ERROR_TRUNCATED,
  /* Longer than RESPITE_NATIVE_MESSAGE_MAX: read and thrown away, so the
   * next message can still be read. */
  RESPITE_NATIVE_MESSAGING_ERROR_TOO_LONG,
  RESPITE_NATIVE_MESSAGING_ERROR_IO,
} RespiteNativeMessagingError;

typedef enum
{
  RESPITE_NATIVE_READ_MESSAGE,
  RESPITE_NATIVE_READ_EOF,    /* the browser closed the port, between messages */
  RESPITE_NATIVE_READ_ERROR,
} RespiteNativeRead;

/* Reads one message from @fd into @message (owned, NUL-terminated; its
 * length in @length). */
RespiteNativeRead respite_native_message_read  (int          fd,
                                                gsize        max_length,
                                                char       **message,
                                                gsize       *length,
                                                GError     **error);

gboolean          respite_native_message_write (int          fd,
                                                const char  *json,
                                                GError     **error);

G_END_DECLS
