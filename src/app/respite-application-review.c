/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteApplication and the review tool (issue #20): the sources that tell
 * the session's RespiteReviewFocus which listed tool is in front, and the
 * notification that offers a block in suggest mode.
 *
 * - On X11 the app follows the active window itself (RespiteX11Focus).
 * - The GNOME Shell extension and respite-native-host call
 *   io.github.respite.ReviewTools1 (data/dbus/io.github.respite.ReviewTools1.xml)
 *   on the app's object path. Each caller is remembered by its unique
 *   name, since two browsers each run a host: a source has a tool in front
 *   while any of its callers says so. When a caller leaves the bus, it
 *   counts as no tool in front, so a block does not run on after the
 *   browser or the Shell went away.
 *
 * A bad call (an unknown source or tool) is refused with InvalidArgs, said
 * on stderr, and changes nothing.
 */

#define G_LOG_DOMAIN "respite-application"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-application-private.h"

#define REVIEW_TOOLS_INTERFACE "io.github.respite.ReviewTools1"

static const char review_tools_xml[] =
  "<node>"
  "  <interface name='" REVIEW_TOOLS_INTERFACE "'>"
  "    <method name='GetAppIds'>"
  "      <arg name='app_ids' type='a{ss}' direction='out'/>"
  "    </method>"
  "    <method name='FocusChanged'>"
  "      <arg name='source' type='s' direction='in'/>"
  "      <arg name='tool' type='s' direction='in'/>"
  "    </method>"
  "    <signal name='ToolsChanged'/>"
  "  </interface>"
  "</node>";

static RespiteReviewFocus *
get_focus (RespiteApplication *self)
{
  return self->session != NULL ? respite_session_get_review_focus (self->session) : NULL;
}

static void
unwatch_name (gpointer watch)
{
  g_bus_unwatch_name (GPOINTER_TO_UINT (watch));
}

static void
peer_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  RespiteReviewFocus *focus = get_focus (self);

  g_debug ("A review-tool watcher (%s) left the bus: no review tool in front there", name);
  if (focus != NULL)
    respite_review_focus_forget_peer (focus, name);
  g_hash_table_remove (self->review_peers, name);
}

/* @sender is watched until it leaves the bus. */
static void
watch_peer (RespiteApplication *self,
            GDBusConnection    *connection,
            const char         *sender)
{
  if (g_hash_table_contains (self->review_peers, sender))
    return;

  g_hash_table_insert (self->review_peers, g_strdup (sender),
                       GUINT_TO_POINTER (g_bus_watch_name_on_connection (
                         connection, sender, G_BUS_NAME_WATCHER_FLAGS_NONE, NULL,
                         peer_vanished_cb, self, NULL)));
}

static void
refuse (GDBusMethodInvocation *invocation,
        const char            *message)
{
  g_printerr ("respite: %s\n", message);
  g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.InvalidArgs",
                                              message);
}

static void
focus_changed (RespiteApplication    *self,
               GDBusMethodInvocation *invocation,
               GVariant              *parameters)
{
  RespiteReviewFocus *focus = get_focus (self);
  const char *source_name = NULL;
  const char *tool = NULL;
  const char *sender;
  RespiteFocusSource source;
  g_autoptr(GError) error = NULL;

  g_variant_get (parameters, "(&s&s)", &source_name, &tool);

  /* "x11" is the app's own, never a caller's. */
  if (!respite_focus_source_from_string (source_name, &source) ||
      source == RESPITE_FOCUS_SOURCE_X11)
    {
      g_autofree char *message =
        g_strdup_printf (_("A review-tool watcher gave an unknown source “%s”: use shell or "
                           "browser"), source_name);

      refuse (invocation, message);
      return;
    }

  if (focus == NULL)
    {
      refuse (invocation, _("Respite cannot follow the review tool: its data could not be "
                            "opened"));
      return;
    }

  /* Each caller apart: two browsers each run a host. */
  sender = g_dbus_method_invocation_get_sender (invocation);
  if (sender == NULL)
    sender = source_name;  /* a peer-to-peer connection: one caller */
  if (!respite_review_focus_set_peer_tool (focus, source, sender, tool, &error))
    {
      refuse (invocation, error->message);
      return;
    }

  if (sender != source_name)
    watch_peer (self, g_dbus_method_invocation_get_connection (invocation), sender);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
get_app_ids (RespiteApplication    *self,
             GDBusMethodInvocation *invocation)
{
  RespiteReviewFocus *focus = get_focus (self);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  if (focus != NULL)
    {
      g_autoptr(GHashTable) app_ids = respite_review_focus_get_app_ids (focus);
      GHashTableIter iter;
      gpointer app_id, name;

      g_hash_table_iter_init (&iter, app_ids);
      while (g_hash_table_iter_next (&iter, &app_id, &name))
        g_variant_builder_add (&builder, "{ss}", app_id, name);
    }

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a{ss})", &builder));
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);

  if (g_str_equal (method_name, "GetAppIds"))
    get_app_ids (self, invocation);
  else if (g_str_equal (method_name, "FocusChanged"))
    focus_changed (self, invocation, parameters);
  else
    g_dbus_method_invocation_return_dbus_error (invocation,
                                                "org.freedesktop.DBus.Error.UnknownMethod",
                                                method_name);
}

static const GDBusInterfaceVTable review_tools_vtable = {
  method_call_cb, NULL, NULL, { 0 }
};

/* The chained-up class's, saved by respite_application_review_class_init(). */
static gboolean (*parent_dbus_register)   (GApplication     *application,
                                           GDBusConnection  *connection,
                                           const char       *object_path,
                                           GError          **error);
static void     (*parent_dbus_unregister) (GApplication     *application,
                                           GDBusConnection  *connection,
                                           const char       *object_path);

static gboolean
dbus_register (GApplication     *application,
               GDBusConnection  *connection,
               const char       *object_path,
               GError          **error)
{
  RespiteApplication *self = RESPITE_APPLICATION (application);
  g_autoptr(GDBusNodeInfo) info = NULL;

  if (!parent_dbus_register (application, connection, object_path, error))
    return FALSE;

  info = g_dbus_node_info_new_for_xml (review_tools_xml, error);
  if (info == NULL)
    return FALSE;

  self->review_peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) unwatch_name);
  self->review_connection = g_object_ref (connection);
  self->review_object_path = g_strdup (object_path);
  self->review_registration =
    g_dbus_connection_register_object (connection, object_path, info->interfaces[0],
                                       &review_tools_vtable, self, NULL, error);

  return self->review_registration != 0;
}

static void
unregister (RespiteApplication *self)
{
  if (self->review_peers != NULL)
    g_hash_table_remove_all (self->review_peers);

  if (self->review_registration != 0)
    g_dbus_connection_unregister_object (self->review_connection, self->review_registration);
  self->review_registration = 0;
  g_clear_object (&self->review_connection);
  g_clear_pointer (&self->review_object_path, g_free);
}

static void
dbus_unregister (GApplication    *application,
                 GDBusConnection *connection,
                 const char      *object_path)
{
  unregister (RESPITE_APPLICATION (application));
  parent_dbus_unregister (application, connection, object_path);
}

void
respite_application_review_class_init (GApplicationClass *klass)
{
  parent_dbus_register = klass->dbus_register;
  parent_dbus_unregister = klass->dbus_unregister;
  klass->dbus_register = dbus_register;
  klass->dbus_unregister = dbus_unregister;
}

static void
tools_changed_cb (RespiteApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->review_registration == 0)
    return;

  if (!g_dbus_connection_emit_signal (self->review_connection, NULL, self->review_object_path,
                                      REVIEW_TOOLS_INTERFACE, "ToolsChanged", NULL, &error))
    g_debug ("Could not emit ToolsChanged: %s", error->message);
}

static void
suggest_cb (RespiteApplication *self,
            const char         *tool)
{
  g_free (self->review_suggested);
  self->review_suggested = g_strdup (tool);
  respite_notifier_show_review_offer (self->notifier);
}

/* The offer's Start: a block of the kind of the tool that was in front. */
static void
start_review_block_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  RespiteApplication *self = RESPITE_APPLICATION (user_data);
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  const RespiteReviewTool *tool = NULL;
  RespiteKind kind;

  if (tracker == NULL)
    return;

  kind = respite_tracker_get_kind (tracker);
  if (self->review_suggested != NULL)
    tool = respite_policy_find_review_tool (respite_session_get_policy (self->session),
                                            self->review_suggested);
  if (tool != NULL && tool->kind >= 0)
    kind = tool->kind;

  g_action_group_activate_action (G_ACTION_GROUP (self), "start-exposure",
                                  g_variant_new_string (respite_kind_to_string (kind)));
}

void
respite_application_review_startup (RespiteApplication *self)
{
  static const GActionEntry actions[] = {
    { "start-review-block", start_review_block_action },
  };
  RespiteReviewFocus *focus = get_focus (self);
  g_autoptr(GAction) follow = g_settings_create_action (self->settings, "follow-review-tools");

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  /* The reviewer's switch, as Preferences moves it. */
  g_action_map_add_action (G_ACTION_MAP (self), follow);

  if (focus == NULL)
    return;

  g_signal_connect_object (focus, "tools-changed", G_CALLBACK (tools_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "suggest", G_CALLBACK (suggest_cb), self, G_CONNECT_SWAPPED);
  self->x11_focus = respite_x11_focus_new (NULL, focus);
}

void
respite_application_review_finalize (RespiteApplication *self)
{
  unregister (self);
  g_clear_pointer (&self->review_peers, g_hash_table_unref);
  g_clear_object (&self->x11_focus);
  g_clear_pointer (&self->review_suggested, g_free);
}
