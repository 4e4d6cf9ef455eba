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
 *
 * The add-on writes only when the tab in front changes, so the host also
 * watches Respite's name: a Respite that starts, or starts again, while a
 * listed tool is in front is told at once. A thread reads stdin, and hands
 * each message to the main loop, which answers it and calls Respite.
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
  int               out_fd;     /* the browser's end; the real stdout */
  RespiteHostTools *tools;      /* (owned) */
  GDBusConnection  *bus;        /* (owned) (nullable): until the first call */
  guint             watch;      /* of Respite's name on @bus, or 0 */
  char             *tool;       /* (owned) (nullable): in front, as last read */
  gboolean          untold;     /* whether Respite has yet to hear of @tool */
  GMainLoop        *loop;       /* (owned) */
  GThread          *reader;     /* (owned) */
  gboolean          reading;    /* until the stream ends, or a reply fails */
  gboolean          reader_done;
  int               status;
} Host;

/* What the reader thread hands to the main loop. */
typedef struct
{
  Host              *host;
  RespiteNativeRead  read;
  char              *text;   /* (owned) (nullable) */
  gsize              length;
  GError            *error;  /* (owned) (nullable) */
} Message;

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

static void watch_respite (Host *host);

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
      /* The session bus went away: start again on the next one. */
      if (host->watch != 0)
        g_bus_unwatch_name (host->watch);
      host->watch = 0;
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
      watch_respite (host);
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

  g_free (host->tool);
  host->tool = g_strdup (tool);
  /* A Respite that comes later counts "" in front: only a tool is owed. */
  host->untold = !report (host, tool, &code, &message) && *tool != '\0';
  if (code != NULL)
    return reply (host, code, message);

  return reply (host, NULL, NULL);
}

/* Respite is on the bus: tell it of a tool it has not heard of. */
static void
respite_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  Host *host = user_data;
  g_autofree char *message = NULL;
  const char *code = NULL;

  if (!host->untold)
    return;

  if (report (host, host->tool, &code, &message))
    host->untold = FALSE;
  else
    g_printerr ("respite-native-host: %s\n", message);
}

/* Respite left: a Respite that comes back knows nothing of us. */
static void
respite_vanished (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  Host *host = user_data;

  if (host->tool != NULL && *host->tool != '\0')
    host->untold = TRUE;
}

static void
watch_respite (Host *host)
{
  g_assert (host->watch == 0);
  host->watch = g_bus_watch_name_on_connection (host->bus, RESPITE_BUS_NAME,
                                                G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                respite_appeared, respite_vanished,
                                                host, NULL);
}

static void
message_free (Message *message)
{
  g_free (message->text);
  g_clear_error (&message->error);
  g_free (message);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Message, message_free)

/* In the main loop: one message, or the end of the stream. */
static gboolean
dispatch (gpointer data)
{
  g_autoptr(Message) message = data;
  Host *host = message->host;

  if (message->read == RESPITE_NATIVE_READ_MESSAGE)
    host->reading = handle (host, message->text, message->length);
  else if (g_error_matches (message->error, RESPITE_NATIVE_MESSAGING_ERROR,
                            RESPITE_NATIVE_MESSAGING_ERROR_TOO_LONG))
    host->reading = reply (host, "too-long", message->error->message);
  else
    {
      /* The end of the stream, or a stream that cannot be read on: the
       * reader has stopped. */
      host->reader_done = TRUE;
      host->reading = FALSE;
      if (message->error != NULL)
        g_printerr ("respite-native-host: %s\n", message->error->message);
    }

  /* A reply that cannot be written: the browser is gone. */
  if (!host->reading)
    {
      host->status = message->read == RESPITE_NATIVE_READ_EOF ? 0 : 1;
      g_main_loop_quit (host->loop);
    }

  return G_SOURCE_REMOVE;
}

/* The reader thread: blocks on stdin, and hands each message over in
 * order, until the stream ends or cannot be read on. */
static gpointer
read_messages (gpointer data)
{
  Host *host = data;
  GMainContext *context = g_main_loop_get_context (host->loop);

  for (;;)
    {
      Message *message = g_new0 (Message, 1);
      RespiteNativeRead read;
      GSource *source;
      gboolean last;

      message->host = host;
      read = respite_native_message_read (STDIN_FILENO, RESPITE_NATIVE_MESSAGE_MAX,
                                          &message->text, &message->length, &message->error);
      message->read = read;
      /* Decided now: once handed over, the message is the main loop's. */
      last = read == RESPITE_NATIVE_READ_EOF
             || (read == RESPITE_NATIVE_READ_ERROR
                 && !g_error_matches (message->error, RESPITE_NATIVE_MESSAGING_ERROR,
                                      RESPITE_NATIVE_MESSAGING_ERROR_TOO_LONG));

      /* Always through the main loop, in order: g_main_context_invoke ()
       * could run it here, in this thread, when the loop is idle. */
      source = g_idle_source_new ();
      g_source_set_callback (source, dispatch, message, NULL);
      g_source_attach (source, context);
      g_source_unref (source);

      if (last)
        break;
    }

  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  Host host = { 0 };

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
  host.loop = g_main_loop_new (NULL, FALSE);

  host.reading = TRUE;
  host.reader = g_thread_new ("respite-native-host-reader", read_messages, &host);
  g_main_loop_run (host.loop);

  /* The browser closed the port, or the stream cannot be read on: no tab
   * of this browser is in front any more. */
  {
    g_autofree char *message = NULL;
    const char *code = NULL;

    report (&host, "", &code, &message);
  }

  if (host.watch != 0)
    g_bus_unwatch_name (host.watch);
  g_clear_object (&host.bus);
  respite_host_tools_free (host.tools);
  g_free (host.tool);
  close (host.out_fd);

  /* A reader blocked on stdin after a failed reply ends with the process. */
  if (host.reader_done)
    {
      g_thread_join (host.reader);
      g_main_loop_unref (host.loop);
    }
  return host.status;
}
