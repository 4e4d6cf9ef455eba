/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The native-messaging framing on plain file descriptors: the browser
 * writes to the host's stdin and reads its stdout, and nothing else may go
 * to that stdout. Reads block: the host has nothing to do between messages.
 */

#define G_LOG_DOMAIN "respite-native-host"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "respite-native-messaging.h"

G_DEFINE_QUARK (respite-native-messaging-error-quark, respite_native_messaging_error)

/* Reads up to @size bytes, fewer only at the end of the stream. */
static gboolean
read_full (int      fd,
           void    *buffer,
           gsize    size,
           gsize   *done,
           GError **error)
{
  *done = 0;
  while (*done < size)
    {
      ssize_t n = read (fd, (char *) buffer + *done, size - *done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, RESPITE_NATIVE_MESSAGING_ERROR,
                       RESPITE_NATIVE_MESSAGING_ERROR_IO,
                       _("Could not read from the browser: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      *done += (gsize) n;
    }

  return TRUE;
}

static void
set_truncated (GError **error)
{
  g_set_error_literal (error, RESPITE_NATIVE_MESSAGING_ERROR,
                       RESPITE_NATIVE_MESSAGING_ERROR_TRUNCATED,
                       _("The browser’s message was cut short: the stream ended inside it"));
}

/* A message too long to keep is read to its end, so that the stream stays
 * in step and the next message can be read. */
static RespiteNativeRead
skip (int       fd,
      guint32   length,
      gsize     max_length,
      GError  **error)
{
  char buffer[4096];
  guint32 left = length;

  while (left > 0)
    {
      gsize want = MIN (left, sizeof buffer);
      gsize done;

      if (!read_full (fd, buffer, want, &done, error))
        return RESPITE_NATIVE_READ_ERROR;
      if (done < want)
        {
          set_truncated (error);
          return RESPITE_NATIVE_READ_ERROR;
        }
      left -= (guint32) done;
    }

  g_set_error (error, RESPITE_NATIVE_MESSAGING_ERROR,
               RESPITE_NATIVE_MESSAGING_ERROR_TOO_LONG,
               _("The browser’s message is %u bytes long, more than the %u allowed; ignored"),
               length, (guint) max_length);
  return RESPITE_NATIVE_READ_ERROR;
}

RespiteNativeRead
respite_native_message_read (int      fd,
                             gsize    max_length,
                             char   **message,
                             gsize   *length,
                             GError **error)
{
  guint32 header;
  gsize done;
  g_autofree char *body = NULL;

  g_return_val_if_fail (message != NULL, RESPITE_NATIVE_READ_ERROR);
  g_return_val_if_fail (length != NULL, RESPITE_NATIVE_READ_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, RESPITE_NATIVE_READ_ERROR);

  if (!read_full (fd, &header, sizeof header, &done, error))
    return RESPITE_NATIVE_READ_ERROR;
  if (done == 0)
    return RESPITE_NATIVE_READ_EOF;
  if (done < sizeof header)
    {
      set_truncated (error);
      return RESPITE_NATIVE_READ_ERROR;
    }

  /* The length is in native byte order, as both browsers write it. */
  if (header > max_length)
    return skip (fd, header, max_length, error);

  body = g_malloc ((gsize) header + 1);
  if (!read_full (fd, body, header, &done, error))
    return RESPITE_NATIVE_READ_ERROR;
  if (done < header)
    {
      set_truncated (error);
      return RESPITE_NATIVE_READ_ERROR;
    }
  body[header] = '\0';

  *message = g_steal_pointer (&body);
  *length = header;
  return RESPITE_NATIVE_READ_MESSAGE;
}

static gboolean
write_full (int          fd,
            const void  *buffer,
            gsize        size,
            GError     **error)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t n = write (fd, (const char *) buffer + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, RESPITE_NATIVE_MESSAGING_ERROR,
                       RESPITE_NATIVE_MESSAGING_ERROR_IO,
                       _("Could not write to the browser: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      done += (gsize) n;
    }

  return TRUE;
}

gboolean
respite_native_message_write (int          fd,
                              const char  *json,
                              GError     **error)
{
  gsize size;
  guint32 header;
  g_autofree char *frame = NULL;

  g_return_val_if_fail (json != NULL, FALSE);

  size = strlen (json);
  g_return_val_if_fail (size <= G_MAXUINT32, FALSE);
  header = (guint32) size;

  /* One write, so a reader never sees a length without its message. */
  frame = g_malloc (sizeof header + size);
  memcpy (frame, &header, sizeof header);
  memcpy (frame + sizeof header, json, size);

  return write_full (fd, frame, sizeof header + size, error);
}
