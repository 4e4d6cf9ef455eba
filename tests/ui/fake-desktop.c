/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stand-in for the parts of GNOME Shell that tell Respite when nobody is
 * there, for the UI test's private session bus: org.gnome.ScreenSaver and
 * org.gnome.Mutter.IdleMonitor. It logs every call it receives on stdout,
 * one line each, and takes commands on stdin:
 *
 *   lock, unlock   ActiveChanged(true/false) from the screen saver
 *   idle           fire every idle watch
 *   active         fire (and drop) every user-active watch
 */

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>

static const char introspection[] =
  "<node>"
  "  <interface name='org.gnome.ScreenSaver'>"
  "    <method name='GetActive'><arg type='b' direction='out'/></method>"
  "    <signal name='ActiveChanged'><arg type='b'/></signal>"
  "  </interface>"
  "  <interface name='org.gnome.Mutter.IdleMonitor'>"
  "    <method name='GetIdletime'><arg type='t' direction='out'/></method>"
  "    <method name='AddIdleWatch'>"
  "      <arg type='t' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='AddUserActiveWatch'><arg type='u' direction='out'/></method>"
  "    <method name='RemoveWatch'><arg type='u' direction='in'/></method>"
  "    <signal name='WatchFired'><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *bus;
  gboolean         locked;
  guint            next_id;
  GHashTable      *idle_watches;    /* id → interval */
  GHashTable      *active_watches;  /* id set */
  guint            names_owned;
} Desktop;

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *path,
             const char            *interface,
             const char            *method,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  Desktop *desktop = user_data;
  g_autofree char *args = g_variant_print (parameters, FALSE);

  g_print ("call %s %s\n", method, args);

  if (g_str_equal (method, "GetActive"))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", desktop->locked));
    }
  else if (g_str_equal (method, "GetIdletime"))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(t)", (guint64) 0));
    }
  else if (g_str_equal (method, "AddIdleWatch"))
    {
      guint64 interval;
      guint id = desktop->next_id++;

      g_variant_get (parameters, "(t)", &interval);
      g_hash_table_insert (desktop->idle_watches, GUINT_TO_POINTER (id), GUINT_TO_POINTER (1));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", id));
    }
  else if (g_str_equal (method, "AddUserActiveWatch"))
    {
      guint id = desktop->next_id++;

      g_hash_table_add (desktop->active_watches, GUINT_TO_POINTER (id));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", id));
    }
  else if (g_str_equal (method, "RemoveWatch"))
    {
      guint id;

      g_variant_get (parameters, "(u)", &id);
      g_hash_table_remove (desktop->idle_watches, GUINT_TO_POINTER (id));
      g_hash_table_remove (desktop->active_watches, GUINT_TO_POINTER (id));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static void
fire_watches (Desktop    *desktop,
              GHashTable *watches,
              gboolean    one_shot)
{
  g_autoptr(GList) ids = g_hash_table_get_keys (watches);

  for (GList *l = ids; l != NULL; l = l->next)
    {
      g_dbus_connection_emit_signal (desktop->bus, NULL, "/org/gnome/Mutter/IdleMonitor/Core",
                                     "org.gnome.Mutter.IdleMonitor", "WatchFired",
                                     g_variant_new ("(u)", GPOINTER_TO_UINT (l->data)), NULL);
      if (one_shot)
        g_hash_table_remove (watches, l->data);
    }
}

static gboolean
command_cb (GIOChannel   *channel,
            GIOCondition  condition,
            gpointer      user_data)
{
  Desktop *desktop = user_data;
  g_autofree char *line = NULL;
  gsize terminator;

  if (g_io_channel_read_line (channel, &line, NULL, &terminator, NULL) != G_IO_STATUS_NORMAL)
    exit (0);

  line[terminator] = '\0';

  if (g_str_equal (line, "lock") || g_str_equal (line, "unlock"))
    {
      desktop->locked = g_str_equal (line, "lock");
      g_dbus_connection_emit_signal (desktop->bus, NULL, "/org/gnome/ScreenSaver",
                                     "org.gnome.ScreenSaver", "ActiveChanged",
                                     g_variant_new ("(b)", desktop->locked), NULL);
    }
  else if (g_str_equal (line, "idle"))
    {
      fire_watches (desktop, desktop->idle_watches, FALSE);
    }
  else if (g_str_equal (line, "active"))
    {
      fire_watches (desktop, desktop->active_watches, TRUE);
    }

  g_dbus_connection_flush_sync (desktop->bus, NULL, NULL);
  g_print ("done %s\n", line);

  return G_SOURCE_CONTINUE;
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  Desktop *desktop = user_data;

  if (++desktop->names_owned == 2)
    g_print ("ready\n");
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  g_printerr ("fake-desktop: could not own %s\n", name);
  exit (1);
}

int
main (void)
{
  static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { 0 } };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GIOChannel) input = NULL;
  g_autoptr(GError) error = NULL;
  Desktop desktop = { 0 };

  setvbuf (stdout, NULL, _IOLBF, 0);

  desktop.next_id = 1;
  desktop.idle_watches = g_hash_table_new (NULL, NULL);
  desktop.active_watches = g_hash_table_new (NULL, NULL);
  desktop.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (desktop.bus == NULL)
    g_error ("%s", error->message);

  info = g_dbus_node_info_new_for_xml (introspection, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (desktop.bus, "/org/gnome/ScreenSaver", info->interfaces[0],
                                     &vtable, &desktop, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (desktop.bus, "/org/gnome/Mutter/IdleMonitor/Core",
                                     info->interfaces[1], &vtable, &desktop, NULL, &error);
  g_assert_no_error (error);

  g_bus_own_name_on_connection (desktop.bus, "org.gnome.ScreenSaver", G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, name_lost_cb, &desktop, NULL);
  g_bus_own_name_on_connection (desktop.bus, "org.gnome.Mutter.IdleMonitor",
                                G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, name_lost_cb, &desktop, NULL);

  input = g_io_channel_unix_new (0);
  g_io_add_watch (input, G_IO_IN | G_IO_HUP, command_cb, &desktop);

  g_main_loop_run (loop);

  return 0;
}
