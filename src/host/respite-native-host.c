/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * respite-native-host: the browsers' native-messaging host (issue #20).
 *
 * The Respite add-on (data/webextension/) starts it through
 * runtime.connectNative () and writes, on its stdin, one message each time
 * the active tab of the focused window changes origin:
 *
 *   {"active": true, "origin": "https://review.example.org"}
 *   {"active": false}                   (the browser lost the focus)
 *
 * The host compares the origin with the [Review tool NAME] groups'
 * origin= in the policy and tells the running app, on the session bus,
 * only which listed tool is in front: FocusChanged ("browser", NAME or "")
 * of data/dbus/io.github.respite.ReviewTools1.xml. The origin itself is
 * never sent, stored or written anywhere, not even on standard error.
 *
 * Each message gets one reply on stdout, {"ok": true} or
 * {"ok": false, "error": CODE, "message": SENTENCE}, CODE one of
 * malformed, too-long, bad-origin, not-running, refused, dbus-error. A bad
 * message changes nothing. When the browser closes the port the host
 * reports "" (no tool in front) and exits.
 */

#define G_LOG_DOMAIN "respite-native-host"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <unistd.h>

#include "respite-host-tools.h"
#include "respite-native-messaging.h"
#include "respite-origin.h"

#define RESPITE_BUS_NAME "io.github.respite.Respite"
#define RESPITE_OBJECT_PATH "/io/github/respite/Respite"
#define REVIEW_TOOLS_INTERFACE "io.github.respite.ReviewTools1"
#define SOURCE "browser"
#define CALL_TIMEOUT_MS 10000

typedef struct
{
  int               out_fd;  /* the browser's end; the real stdout */
  RespiteHostTools *tools;   /* (owned) */
  GDBusConnection  *bus;     /* (owned) (nullable): until the first call */
} Host;

static char *
reply_json (const char *code,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, code == NULL);
  if (code != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Says what went wrong on standard error, and to the add-on. */
static gboolean
reply (Host       *host,
       const char *code,
       const char *message)
{
  g_autofree char *json = reply_json (code, message);
  g_autoptr(GError) error = NULL;

  if (code != NULL)
    g_printerr ("respite-native-host: %s\n", message);

  if (!respite_native_message_write (host->out_fd, json, &error))
    {
      g_printerr ("respite-native-host: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Tells Respite which listed tool is in front. FALSE, with @code and
 * @message set, when it could not be told. */
static gboolean
report (Host        *host,
        const char  *tool,
        const char **code,
        char       **message)
{
  g_autoptr(GVariant) result = NULL;
  g_autoptr(GError) error = NULL;

  if (host->bus == NULL || g_dbus_connection_is_closed (host->bus))
    {
      g_clear_object (&host->bus);
      host->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      if (host->bus == NULL)
        {
          *code = "not-running";
          *message = g_strdup_printf (_("There is no session bus, so Respite cannot be told: %s"),
                                      error->message);
          return FALSE;
        }
      /* The browser, not the bus, decides when the host ends. */
      g_dbus_connection_set_exit_on_close (host->bus, FALSE);
    }

  /* No auto-start: a tab must not launch the app. */
  result = g_dbus_connection_call_sync (host->bus, RESPITE_BUS_NAME, RESPITE_OBJECT_PATH,
                                        REVIEW_TOOLS_INTERFACE, "FocusChanged",
                                        g_variant_new ("(ss)", SOURCE, tool),
                                        G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                        CALL_TIMEOUT_MS, NULL, &error);
  if (result != NULL)
    return TRUE;

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    {
      *code = "not-running";
      *message = g_strdup (_("Respite is not running: the review tool in front is not recorded"));
      return FALSE;
    }

  g_dbus_error_strip_remote_error (error);
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS))
    {
      *code = "refused";
      /* TRANSLATORS: %s are a review tool's name and Respite's reason. */
      *message = g_strdup_printf (_("Respite refused the review tool “%s”: %s"), tool, error->message);
      return FALSE;
    }

  *code = "dbus-error";
  *message = g_strdup_printf (_("Respite could not be told which review tool is in front: %s"),
                              error->message);
  return FALSE;
}

/* The NAME of the listed tool @object says is in front ("" for none), or
 * NULL with @code and @message set when the message is not one. */
static char *
tool_in_front (Host        *host,
               JsonObject  *object,
               const char **code,
               char       **message)
{
  JsonNode *active = json_object_get_member (object, "active");
  JsonNode *origin_node = json_object_get_member (object, "origin");
  const char *origin_text;
  g_autofree char *origin = NULL;
  g_autoptr(GError) error = NULL;
  const char *tool;

  if (active == NULL || json_node_get_value_type (active) != G_TYPE_BOOLEAN)
    {
      *code = "malformed";
      *message = g_strdup (_("The browser’s message has no “active” true or false; ignored"));
      return NULL;
    }
  if (!json_node_get_boolean (active))
    return g_strdup ("");

  if (origin_node == NULL || json_node_get_value_type (origin_node) != G_TYPE_STRING)
    {
      *code = "malformed";
      *message = g_strdup (_("The browser’s message has “active” true but no “origin” text; ignored"));
      return NULL;
    }

  /* A page with an opaque origin (about:, data:, a file) is no review tool. */
  origin_text = json_node_get_string (origin_node);
  if (g_str_equal (origin_text, "null"))
    return g_strdup ("");

  origin = respite_origin_normalise (origin_text, &error);
  if (origin == NULL)
    {
      /* The origin is not repeated: nothing the browser shows is written. */
      *code = "bad-origin";
      *message = g_strdup_printf (_("The browser’s message has an “origin” that cannot be used (%s); ignored"),
                                  error->message);
      return NULL;
    }

  respite_host_tools_update (host->tools);
  tool = respite_host_tools_lookup (host->tools, origin);
  if (tool == NULL)
    g_debug ("an origin the policy does not list is in front");

  return g_strdup (tool != NULL ? tool : "");
}

static gboolean
handle (Host       *host,
        const char *text,
        gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tool = NULL;
  g_autofree char *message = NULL;
  const char *code = NULL;
  JsonNode *root;

  /* The parser's own message may quote the text, which may hold a URL. */
  if (!json_parser_load_from_data (parser, text, (gssize) length, &error))
    return reply (host, "malformed", _("The browser’s message is not JSON in UTF-8; ignored"));

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return reply (host, "malformed", _("The browser’s message is not a JSON object; ignored"));

  tool = tool_in_front (host, json_node_get_object (root), &code, &message);
  if (tool == NULL)
    return reply (host, code, message);

  if (!report (host, tool, &code, &message))
    return reply (host, code, message);

  return reply (host, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  Host host = { 0 };
  int status = 0;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("respite-native-host");

  /* The browser reads stdout as messages: anything else written there,
   * by us or a library, would break the stream. The real stdout is kept
   * for the replies and fd 1 becomes stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  host.out_fd = dup (STDOUT_FILENO);
  if (host.out_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    {
      g_printerr ("respite-native-host: %s\n", _("Could not set up the browser’s stream"));
      return 1;
    }

  /* The browser passes the manifest's path and the add-on's id (Firefox)
   * or its origin (Chromium): the host needs neither. */
  host.tools = respite_host_tools_new (NULL);

  for (;;)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;
      RespiteNativeRead read;

      read = respite_native_message_read (STDIN_FILENO, RESPITE_NATIVE_MESSAGE_MAX,
                                          &text, &length, &error);
      if (read == RESPITE_NATIVE_READ_MESSAGE)
        {
          if (!handle (&host, text, length))
            {
              status = 1;
              break;
            }
        }
      else if (read == RESPITE_NATIVE_READ_ERROR
               && g_error_matches (error, RESPITE_NATIVE_MESSAGING_ERROR,
                                   RESPITE_NATIVE_MESSAGING_ERROR_TOO_LONG))
        {
          if (!reply (&host, "too-long", error->message))
            {
              status = 1;
              break;
            }
        }
      else
        {
          if (error != NULL)
            {
              g_printerr ("respite-native-host: %s\n", error->message);
              status = 1;
            }
          break;
        }
    }

  /* The browser closed the port, or the stream cannot be read on: no tab
   * of this browser is in front any more. */
  {
    g_autofree char *message = NULL;
    const char *code = NULL;

    report (&host, "", &code, &message);
  }

  g_clear_object (&host.bus);
  respite_host_tools_free (host.tools);
  close (host.out_fd);
  return status;
}
