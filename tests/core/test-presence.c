/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePresence against mock services on a private bus: GtDBusQueue plays
 * Mutter's idle monitor, logind's manager and both screen savers. One queue
 * connection stands in for both the session and the system bus.
 *
 * Signals from the mocks are emitted on the queue's server connection, which
 * owns their names, so that GDBus delivers them to subscriptions for those
 * names. GtDBusQueue 0.1 has no getter for that connection; set_up takes it
 * from a method call to a probe object.
 *
 * Under valgrind, every call the mocks receive shows up as a definitely lost
 * GDBusMethodInvocation: GtDBusQueue 0.1.1 takes a reference of its own on
 * each one it queues, besides the one it hands to the test, and never drops
 * it. That leak is the library's, not RespitePresence's.
 */

#define G_LOG_DOMAIN "test-presence"

#include "config.h"

#include <libglib-testing/dbus-queue.h>
#include <libglib-testing/signal-logger.h>
#include <unistd.h>

#include "respite-presence.h"

#define MUTTER_NAME      "org.gnome.Mutter.IdleMonitor"
#define MUTTER_PATH      "/org/gnome/Mutter/IdleMonitor/Core"
#define MUTTER_IFACE     "org.gnome.Mutter.IdleMonitor"
#define GNOME_SS_NAME    "org.gnome.ScreenSaver"
#define GNOME_SS_PATH    "/org/gnome/ScreenSaver"
#define FDO_SS_NAME      "org.freedesktop.ScreenSaver"
#define FDO_SS_PATH      "/org/freedesktop/ScreenSaver"
#define LOGIN1_NAME      "org.freedesktop.login1"
#define LOGIN1_PATH      "/org/freedesktop/login1"
#define LOGIN1_MANAGER   "org.freedesktop.login1.Manager"
#define LOGIN1_SESSION   "org.freedesktop.login1.Session"
#define SESSION_ID       "c2"
#define SESSION_PATH     "/org/freedesktop/login1/session/c2"
#define TEST_NAME        "io.github.respite.Test"
#define TEST_PATH        "/io/github/respite/Test"
#define TEST_IFACE       "io.github.respite.Test"

/* The real interfaces, trimmed to what Respite uses. */
static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Mutter.IdleMonitor'>"
  "    <method name='AddIdleWatch'>"
  "      <arg name='interval' type='t' direction='in'/>"
  "      <arg name='id' type='u' direction='out'/>"
  "    </method>"
  "    <method name='AddUserActiveWatch'>"
  "      <arg name='id' type='u' direction='out'/>"
  "    </method>"
  "    <method name='RemoveWatch'>"
  "      <arg name='id' type='u' direction='in'/>"
  "    </method>"
  "    <signal name='WatchFired'>"
  "      <arg name='id' type='u'/>"
  "    </signal>"
  "  </interface>"
  "  <interface name='org.freedesktop.login1.Manager'>"
  "    <method name='GetSession'>"
  "      <arg name='session_id' type='s' direction='in'/>"
  "      <arg name='object_path' type='o' direction='out'/>"
  "    </method>"
  "    <method name='GetSessionByPID'>"
  "      <arg name='pid' type='u' direction='in'/>"
  "      <arg name='object_path' type='o' direction='out'/>"
  "    </method>"
  "    <signal name='PrepareForSleep'>"
  "      <arg name='start' type='b'/>"
  "    </signal>"
  "  </interface>"
  "  <interface name='org.gnome.ScreenSaver'>"
  "    <method name='GetActive'>"
  "      <arg name='active' type='b' direction='out'/>"
  "    </method>"
  "    <signal name='ActiveChanged'>"
  "      <arg name='new_value' type='b'/>"
  "    </signal>"
  "  </interface>"
  "  <interface name='org.freedesktop.ScreenSaver'>"
  "    <method name='GetActive'>"
  "      <arg name='active' type='b' direction='out'/>"
  "    </method>"
  "    <signal name='ActiveChanged'>"
  "      <arg name='new_value' type='b'/>"
  "    </signal>"
  "  </interface>"
  "  <interface name='org.freedesktop.login1.Session'>"
  "    <property name='LockedHint' type='b' access='read'/>"
  "    <signal name='Lock'/>"
  "    <signal name='Unlock'/>"
  "  </interface>"
  "  <interface name='io.github.respite.Test'>"
  "    <method name='Probe'/>"
  "    <signal name='Sync'/>"
  "  </interface>"
  "</node>";

typedef enum
{
  SERVICE_MUTTER   = 1 << 0,
  SERVICE_GNOME_SS = 1 << 1,
  SERVICE_FDO_SS   = 1 << 2,
  SERVICE_LOGIN1   = 1 << 3,
  SERVICE_ALL      = 0xf,
} Services;

typedef struct
{
  GtDBusQueue     *queue;       /* (owned) */
  GDBusNodeInfo   *node_info;   /* (owned) */
  GDBusConnection *server;      /* (owned): the mock services' connection */
  GtSignalLogger  *logger;      /* (owned) */
  RespitePresence *presence;    /* (owned) (nullable) */
  Services         services;
  guint            name_ids[4];  /* by bit of Services; 0 if not owned */
  guint            sync_sub;
  guint            n_syncs;
  guint            tick_id;
  int              server_closed;  /* (atomic) */
} Fixture;

static const char * const service_names[] = {
  MUTTER_NAME, GNOME_SS_NAME, FDO_SS_NAME, LOGIN1_NAME,
};

/* Fails a test that waits for something that never comes, rather than
 * hanging until meson's timeout. */
#define WAIT_UNTIL(condition) \
  G_STMT_START { \
    gint64 wu_deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; \
    while (!(condition)) \
      { \
        if (g_get_monotonic_time () > wu_deadline) \
          g_error ("Timed out waiting for %s", #condition); \
        g_main_context_iteration (NULL, TRUE); \
      } \
  } G_STMT_END

/* Wakes WAIT_UNTIL's blocking iterations, so that its deadline is checked
 * even when nothing else happens. */
static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static GDBusConnection *
client (Fixture *fixture)
{
  return gt_dbus_queue_get_client_connection (fixture->queue);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *name_owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = FALSE;
}

/* gt_dbus_queue_own_name() returns before the bus has given the name. */
static void
wait_for_name (Fixture    *fixture,
               const char *name,
               gboolean    owned)
{
  gboolean appeared = !owned;
  guint watch = g_bus_watch_name_on_connection (client (fixture), name,
                                                G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                name_appeared_cb, name_vanished_cb,
                                                &appeared, NULL);

  WAIT_UNTIL (appeared == owned);
  g_bus_unwatch_name (watch);
}

static void
own_service (Fixture  *fixture,
             Services  service)
{
  guint bit = g_bit_nth_lsf (service, -1);

  fixture->name_ids[bit] = gt_dbus_queue_own_name (fixture->queue, service_names[bit]);
  wait_for_name (fixture, service_names[bit], TRUE);
}

static void
unown_service (Fixture  *fixture,
               Services  service)
{
  guint bit = g_bit_nth_lsf (service, -1);

  gt_dbus_queue_unown_name (fixture->queue, fixture->name_ids[bit]);
  fixture->name_ids[bit] = 0;
  wait_for_name (fixture, service_names[bit], FALSE);
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* A call from the client connection to the probe, popped here. Calls the
 * object made before it are popped before it, so returning the probe also
 * proves the object made no other call. */
static GDBusMethodInvocation *
send_probe (Fixture  *fixture,
            gboolean *done)
{
  g_dbus_connection_call (client (fixture), TEST_NAME, TEST_PATH, TEST_IFACE, "Probe",
                          NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          call_done_cb, done);
  return gt_dbus_queue_assert_pop_message (fixture->queue, TEST_PATH, TEST_IFACE,
                                           "Probe", "()", NULL);
}

static void
sync_cb (GDBusConnection *connection,
         const char      *sender_name,
         const char      *object_path,
         const char      *interface_name,
         const char      *signal_name,
         GVariant        *parameters,
         gpointer         user_data)
{
  Fixture *fixture = user_data;

  fixture->n_syncs++;
}

/* Every signal the mocks emitted before this has been handled by the object:
 * the Sync signal follows them from the same connection and is dispatched
 * after them in the same main context. */
static void
flush_signals (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  guint expected = fixture->n_syncs + 1;

  g_dbus_connection_emit_signal (fixture->server,
                                 g_dbus_connection_get_unique_name (client (fixture)),
                                 TEST_PATH, TEST_IFACE, "Sync", NULL, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (fixture->n_syncs == expected);
}

/* Every match rule and name-owner lookup the object sent has reached the bus
 * and been answered: the bus handles one connection's messages in order. */
static void
settle (Fixture *fixture)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  while (g_main_context_iteration (NULL, FALSE));
  reply = g_dbus_connection_call_sync (client (fixture), "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "GetId", NULL, G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE));
}

static void
assert_no_calls (Fixture *fixture)
{
  g_autoptr(GDBusMethodInvocation) probe = NULL;
  gboolean done = FALSE;

  flush_signals (fixture);
  probe = send_probe (fixture, &done);
  g_dbus_method_invocation_return_value (g_steal_pointer (&probe), NULL);
  WAIT_UNTIL (done);
  gt_dbus_queue_assert_no_messages (fixture->queue);
}

static void
assert_no_emissions (Fixture *fixture)
{
  flush_signals (fixture);
  gt_signal_logger_assert_no_emissions (fixture->logger);
}

static void
assert_away (Fixture        *fixture,
             RespiteAbsence  expected_reason,
             gint64          expected_seconds_ago)
{
  int reason = -1;
  gint64 seconds_ago = -1;

  WAIT_UNTIL (gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->presence, "away",
                                        &reason, &seconds_ago);
  g_assert_cmpint (reason, ==, expected_reason);
  g_assert_cmpint (seconds_ago, ==, expected_seconds_ago);
}

static void
assert_back (Fixture        *fixture,
             RespiteAbsence  expected_reason)
{
  int reason = -1;

  WAIT_UNTIL (gt_signal_logger_get_n_emissions (fixture->logger) > 0);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->presence, "back",
                                        &reason);
  g_assert_cmpint (reason, ==, expected_reason);
}

static void
emit (Fixture    *fixture,
      const char *destination,
      const char *path,
      const char *iface,
      const char *signal,
      GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (fixture->server, destination, path, iface, signal,
                                 parameters, &error);
  g_assert_no_error (error);
}

/* Mutter sends WatchFired to the watch's owner only. */
static void
fire_watch (Fixture *fixture,
            guint    watch_id)
{
  emit (fixture, g_dbus_connection_get_unique_name (client (fixture)),
        MUTTER_PATH, MUTTER_IFACE, "WatchFired", g_variant_new ("(u)", watch_id));
}

static void
emit_locked_hint (Fixture  *fixture,
                  gboolean  locked_hint)
{
  g_autoptr(GVariantBuilder) changed = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
  const char *invalidated[] = { NULL };

  g_variant_builder_add (changed, "{sv}", "LockedHint", g_variant_new_boolean (locked_hint));
  emit (fixture, NULL, SESSION_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged",
        g_variant_new ("(sa{sv}^as)", LOGIN1_SESSION, changed, invalidated));
}

static void
expect_add_idle_watch (Fixture *fixture,
                       guint64  expected_interval_ms,
                       guint    watch_id)
{
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  guint64 interval_ms = 0;

  invocation = gt_dbus_queue_assert_pop_message (fixture->queue, MUTTER_PATH, MUTTER_IFACE,
                                                 "AddIdleWatch", "(t)", &interval_ms);
  g_assert_cmpuint (interval_ms, ==, expected_interval_ms);
  g_dbus_method_invocation_return_value (g_steal_pointer (&invocation),
                                         g_variant_new ("(u)", watch_id));
  flush_signals (fixture);
}

static void
expect_add_active_watch (Fixture *fixture,
                         guint    watch_id)
{
  g_autoptr(GDBusMethodInvocation) invocation = NULL;

  invocation = gt_dbus_queue_assert_pop_message (fixture->queue, MUTTER_PATH, MUTTER_IFACE,
                                                 "AddUserActiveWatch", "()", NULL);
  g_dbus_method_invocation_return_value (g_steal_pointer (&invocation),
                                         g_variant_new ("(u)", watch_id));
  flush_signals (fixture);
}

static void
expect_remove_watch (Fixture *fixture,
                     guint    expected_watch_id)
{
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  guint watch_id = 0;

  invocation = gt_dbus_queue_assert_pop_message (fixture->queue, MUTTER_PATH, MUTTER_IFACE,
                                                 "RemoveWatch", "(u)", &watch_id);
  g_assert_cmpuint (watch_id, ==, expected_watch_id);
  g_dbus_method_invocation_return_value (g_steal_pointer (&invocation), NULL);
}

static GDBusMethodInvocation *
pop_get_session (Fixture    *fixture,
                 const char *method,
                 const char *expected_parameters)
{
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  g_autofree char *message = NULL;

  invocation = gt_dbus_queue_assert_pop_message (fixture->queue, LOGIN1_PATH, LOGIN1_MANAGER,
                                                 method, "*", NULL);
  if (!gt_dbus_queue_match_client_message (fixture->queue, invocation, LOGIN1_PATH,
                                           LOGIN1_MANAGER, method, expected_parameters))
    {
      message = gt_dbus_queue_format_message (invocation);
      g_error ("Expected %s%s, saw %s", method, expected_parameters, message);
    }

  return g_steal_pointer (&invocation);
}

static void
return_session (Fixture               *fixture,
                GDBusMethodInvocation *invocation)
{
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", SESSION_PATH));
  /* The object subscribes to the session's signals when the reply arrives. */
  flush_signals (fixture);
  settle (fixture);
}

/* Asked once when a screen saver appears: is the screen locked already? */
static GDBusMethodInvocation *
pop_get_active (Fixture  *fixture,
                Services  service)
{
  g_assert (service == SERVICE_GNOME_SS || service == SERVICE_FDO_SS);

  return gt_dbus_queue_assert_pop_message (fixture->queue,
                                           service == SERVICE_GNOME_SS ? GNOME_SS_PATH : FDO_SS_PATH,
                                           service == SERVICE_GNOME_SS ? GNOME_SS_NAME : FDO_SS_NAME,
                                           "GetActive", "()", NULL);
}

static void
expect_get_active (Fixture  *fixture,
                   Services  service,
                   gboolean  active)
{
  g_dbus_method_invocation_return_value (pop_get_active (fixture, service),
                                         g_variant_new ("(b)", active));
  flush_signals (fixture);
  settle (fixture);
}

/* Asked once the session is found: is it locked already? */
static GDBusMethodInvocation *
pop_locked_hint (Fixture *fixture)
{
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  const char *iface = NULL;
  const char *property = NULL;

  invocation = gt_dbus_queue_assert_pop_message (fixture->queue, SESSION_PATH,
                                                 "org.freedesktop.DBus.Properties", "Get",
                                                 "(&s&s)", &iface, &property);
  g_assert_cmpstr (iface, ==, LOGIN1_SESSION);
  g_assert_cmpstr (property, ==, "LockedHint");

  return g_steal_pointer (&invocation);
}

static void
expect_locked_hint (Fixture  *fixture,
                    gboolean  locked)
{
  g_dbus_method_invocation_return_value (pop_locked_hint (fixture),
                                         g_variant_new ("(v)", g_variant_new_boolean (locked)));
  flush_signals (fixture);
  settle (fixture);
}

static void
create_presence (Fixture *fixture)
{
  fixture->presence = respite_presence_new (client (fixture), client (fixture));
  gt_signal_logger_connect (fixture->logger, fixture->presence, "away");
  gt_signal_logger_connect (fixture->logger, fixture->presence, "back");
}

static void
wait_for_availability (Fixture *fixture)
{
  RespitePresence *presence = fixture->presence;

  WAIT_UNTIL (respite_presence_get_idle_available (presence) ==
              !!(fixture->services & SERVICE_MUTTER));
  WAIT_UNTIL (respite_presence_get_sleep_available (presence) ==
              !!(fixture->services & SERVICE_LOGIN1));
  WAIT_UNTIL (respite_presence_get_lock_available (presence) ==
              !!(fixture->services & (SERVICE_GNOME_SS | SERVICE_FDO_SS | SERVICE_LOGIN1)));
  settle (fixture);
}

/* The object as the app starts it, with the session found by its id, and
 * nothing locked. The names are watched in this order, and each one's
 * questions are asked as soon as it is found. */
static void
start_presence (Fixture *fixture)
{
  create_presence (fixture);

  if (fixture->services & SERVICE_GNOME_SS)
    expect_get_active (fixture, SERVICE_GNOME_SS, FALSE);
  if (fixture->services & SERVICE_FDO_SS)
    expect_get_active (fixture, SERVICE_FDO_SS, FALSE);
  if (fixture->services & SERVICE_LOGIN1)
    {
      return_session (fixture, pop_get_session (fixture, "GetSession", "('" SESSION_ID "',)"));
      expect_locked_hint (fixture, FALSE);
    }

  wait_for_availability (fixture);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GDBusMethodInvocation) probe = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  fixture->services = GPOINTER_TO_UINT (data);
  g_setenv ("XDG_SESSION_ID", SESSION_ID, TRUE);

  fixture->node_info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);

  fixture->queue = gt_dbus_queue_new ();
  gt_dbus_queue_connect (fixture->queue, &error);
  g_assert_no_error (error);

  gt_dbus_queue_export_object (fixture->queue, MUTTER_PATH,
                               g_dbus_node_info_lookup_interface (fixture->node_info,
                                                                  MUTTER_IFACE),
                               &error);
  g_assert_no_error (error);
  gt_dbus_queue_export_object (fixture->queue, LOGIN1_PATH,
                               g_dbus_node_info_lookup_interface (fixture->node_info,
                                                                  LOGIN1_MANAGER),
                               &error);
  g_assert_no_error (error);
  gt_dbus_queue_export_object (fixture->queue, GNOME_SS_PATH,
                               g_dbus_node_info_lookup_interface (fixture->node_info,
                                                                  GNOME_SS_NAME),
                               &error);
  g_assert_no_error (error);
  gt_dbus_queue_export_object (fixture->queue, FDO_SS_PATH,
                               g_dbus_node_info_lookup_interface (fixture->node_info,
                                                                  FDO_SS_NAME),
                               &error);
  g_assert_no_error (error);
  gt_dbus_queue_export_object (fixture->queue, SESSION_PATH,
                               g_dbus_node_info_lookup_interface (fixture->node_info,
                                                                  LOGIN1_SESSION),
                               &error);
  g_assert_no_error (error);
  gt_dbus_queue_export_object (fixture->queue, TEST_PATH,
                               g_dbus_node_info_lookup_interface (fixture->node_info,
                                                                  TEST_IFACE),
                               &error);
  g_assert_no_error (error);

  for (guint bit = 0; bit < G_N_ELEMENTS (service_names); bit++)
    if (fixture->services & (1 << bit))
      own_service (fixture, 1 << bit);

  gt_dbus_queue_own_name (fixture->queue, TEST_NAME);
  wait_for_name (fixture, TEST_NAME, TRUE);

  probe = send_probe (fixture, &done);
  fixture->server = g_object_ref (g_dbus_method_invocation_get_connection (probe));
  g_dbus_method_invocation_return_value (g_steal_pointer (&probe), NULL);
  WAIT_UNTIL (done);

  fixture->sync_sub = g_dbus_connection_signal_subscribe (client (fixture), NULL, TEST_IFACE,
                                                          "Sync", TEST_PATH, NULL,
                                                          G_DBUS_SIGNAL_FLAGS_NONE,
                                                          sync_cb, fixture, NULL);
  settle (fixture);

  fixture->logger = gt_signal_logger_new ();
  fixture->tick_id = g_timeout_add (100, tick_cb, NULL);
}

/* Runs in the queue's server thread. */
static void
server_closed_cb (GDBusConnection *connection,
                  gboolean         remote_peer_vanished,
                  GError          *error,
                  gpointer         user_data)
{
  g_atomic_int_set ((int *) user_data, TRUE);
  g_main_context_wakeup (NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  gboolean done = FALSE;

  if (fixture->presence != NULL)
    {
      g_clear_object (&fixture->presence);

      /* Disposing removes the watches it knows of (the tests that care
       * check which); anything else before the probe is a surprise. */
      g_dbus_connection_call (client (fixture), TEST_NAME, TEST_PATH, TEST_IFACE, "Probe",
                              NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                              call_done_cb, &done);
      while (TRUE)
        {
          g_autoptr(GDBusMethodInvocation) invocation = NULL;
          g_autofree char *message = NULL;

          g_assert_true (gt_dbus_queue_pop_message (fixture->queue, &invocation));
          if (gt_dbus_queue_match_client_message (fixture->queue, invocation, TEST_PATH,
                                                  TEST_IFACE, "Probe", NULL))
            {
              g_dbus_method_invocation_return_value (g_steal_pointer (&invocation), NULL);
              break;
            }

          if (!gt_dbus_queue_match_client_message (fixture->queue, invocation, MUTTER_PATH,
                                                   MUTTER_IFACE, "RemoveWatch", NULL))
            {
              message = gt_dbus_queue_format_message (invocation);
              g_error ("Unexpected call on disposing: %s", message);
            }
          g_dbus_method_invocation_return_value (g_steal_pointer (&invocation), NULL);
        }
      WAIT_UNTIL (done);
    }

  assert_no_calls (fixture);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);

  g_dbus_connection_signal_unsubscribe (client (fixture), fixture->sync_sub);
  g_clear_handle_id (&fixture->tick_id, g_source_remove);
  while (g_main_context_iteration (NULL, FALSE));

  /* gt_dbus_queue_disconnect() closes the server connection and then stops
   * the server thread, but GDBus may queue the "closed" emission on that
   * thread's context only after it stopped, which gt_dbus_queue_free()
   * asserts against (one run in twenty under load). Closed here, and
   * waited for, the connection is already closed by then. */
  g_signal_connect (fixture->server, "closed", G_CALLBACK (server_closed_cb),
                    &fixture->server_closed);
  g_dbus_connection_close_sync (fixture->server, NULL, NULL);
  WAIT_UNTIL (g_atomic_int_get (&fixture->server_closed));
  g_clear_object (&fixture->server);
  gt_dbus_queue_disconnect (fixture->queue, TRUE);
  g_clear_pointer (&fixture->queue, gt_dbus_queue_free);
  g_clear_pointer (&fixture->node_info, g_dbus_node_info_unref);
}

/* ------------------------------------------------------------------------ */

static void
test_idle_away_and_back (Fixture       *fixture,
                         gconstpointer  data)
{
  start_presence (fixture);
  g_assert_true (respite_presence_get_idle_available (fixture->presence));
  g_assert_cmpuint (respite_presence_get_idle_threshold (fixture->presence), ==, 0);

  /* Idle detection is off until the app sets a threshold. */
  assert_no_calls (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  g_assert_cmpuint (respite_presence_get_idle_threshold (fixture->presence), ==, 300);
  expect_add_idle_watch (fixture, 300000, 7);
  assert_no_emissions (fixture);

  fire_watch (fixture, 7);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 8);

  fire_watch (fixture, 8);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  /* The user-active watch is gone in Mutter once fired: nothing to remove. */
  assert_no_calls (fixture);

  /* The idle watch stays, and fires at the next idle stretch. */
  fire_watch (fixture, 7);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 9);

  /* A second firing while away is not a second absence. */
  fire_watch (fixture, 7);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);

  fire_watch (fixture, 9);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_idle_threshold_change (Fixture       *fixture,
                            gconstpointer  data)
{
  start_presence (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  expect_add_idle_watch (fixture, 300000, 7);

  /* The same threshold again changes nothing. */
  respite_presence_set_idle_threshold (fixture->presence, 300);
  assert_no_calls (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 600);
  expect_remove_watch (fixture, 7);
  expect_add_idle_watch (fixture, 600000, 9);

  /* The old watch, in case Mutter fired it before the removal arrived. */
  fire_watch (fixture, 7);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);

  fire_watch (fixture, 9);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 600);
  expect_add_active_watch (fixture, 10);

  /* A new threshold while away does not end the absence. */
  respite_presence_set_idle_threshold (fixture->presence, 900);
  expect_remove_watch (fixture, 9);
  expect_add_idle_watch (fixture, 900000, 11);
  assert_no_emissions (fixture);

  fire_watch (fixture, 10);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  assert_no_calls (fixture);
}

static void
test_idle_threshold_change_in_flight (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GDBusMethodInvocation) first = NULL;
  guint64 interval_ms = 0;

  start_presence (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  first = gt_dbus_queue_assert_pop_message (fixture->queue, MUTTER_PATH, MUTTER_IFACE,
                                            "AddIdleWatch", "(t)", &interval_ms);
  g_assert_cmpuint (interval_ms, ==, 300000);

  /* Changed before Mutter answered: the id is not known yet, so there is
   * nothing to remove until the answer comes. */
  respite_presence_set_idle_threshold (fixture->presence, 120);
  g_dbus_method_invocation_return_value (g_steal_pointer (&first),
                                         g_variant_new ("(u)", 7));
  expect_add_idle_watch (fixture, 120000, 8);
  expect_remove_watch (fixture, 7);
  assert_no_calls (fixture);

  fire_watch (fixture, 7);
  assert_no_emissions (fixture);
  fire_watch (fixture, 8);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 120);
  expect_add_active_watch (fixture, 9);
  fire_watch (fixture, 9);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
}

static void
test_idle_threshold_off (Fixture       *fixture,
                         gconstpointer  data)
{
  start_presence (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  expect_add_idle_watch (fixture, 300000, 7);

  respite_presence_set_idle_threshold (fixture->presence, 0);
  g_assert_cmpuint (respite_presence_get_idle_threshold (fixture->presence), ==, 0);
  expect_remove_watch (fixture, 7);
  assert_no_calls (fixture);

  fire_watch (fixture, 7);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);

  /* And on again. */
  respite_presence_set_idle_threshold (fixture->presence, 1800);
  expect_add_idle_watch (fixture, 1800000, 12);
  fire_watch (fixture, 12);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 1800);
  expect_add_active_watch (fixture, 13);
  fire_watch (fixture, 13);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
}

static void
test_idle_threshold_off_while_away (Fixture       *fixture,
                                    gconstpointer  data)
{
  start_presence (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  expect_add_idle_watch (fixture, 300000, 7);
  fire_watch (fixture, 7);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 8);

  /* No absence may be left open once nothing can end it. */
  respite_presence_set_idle_threshold (fixture->presence, 0);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  expect_remove_watch (fixture, 7);
  expect_remove_watch (fixture, 8);

  fire_watch (fixture, 8);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_idle_unknown_watch (Fixture       *fixture,
                         gconstpointer  data)
{
  start_presence (fixture);

  /* Before any watch exists, and then a stranger's id and the invalid 0. */
  fire_watch (fixture, 7);
  assert_no_emissions (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  expect_add_idle_watch (fixture, 300000, 7);

  fire_watch (fixture, 42);
  fire_watch (fixture, 0);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);

  /* Signals of the right name from anyone but the idle monitor's owner are
   * not the idle monitor's. */
  emit (fixture, NULL, "/org/gnome/Mutter/IdleMonitor/Other", MUTTER_IFACE, "WatchFired",
        g_variant_new ("(u)", 7));
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_idle_mutter_restart (Fixture       *fixture,
                          gconstpointer  data)
{
  start_presence (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  expect_add_idle_watch (fixture, 300000, 7);
  fire_watch (fixture, 7);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 8);

  unown_service (fixture, SERVICE_MUTTER);
  WAIT_UNTIL (!respite_presence_get_idle_available (fixture->presence));
  /* Its watches died with it: nothing to remove, and no guess about the
   * person either. */
  assert_no_calls (fixture);
  assert_no_emissions (fixture);

  own_service (fixture, SERVICE_MUTTER);
  /* The new Mutter gets the idle watch again, and, since the person was
   * away, a user-active watch to notice their return. */
  expect_add_idle_watch (fixture, 300000, 1);
  expect_add_active_watch (fixture, 2);
  WAIT_UNTIL (respite_presence_get_idle_available (fixture->presence));

  fire_watch (fixture, 8);
  assert_no_emissions (fixture);
  fire_watch (fixture, 2);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  fire_watch (fixture, 1);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 3);
  assert_no_calls (fixture);
}

static void
test_idle_mutter_later (Fixture       *fixture,
                        gconstpointer  data)
{
  /* The threshold is set before Mutter is there, as when the app starts
   * before the shell. */
  start_presence (fixture);
  g_assert_false (respite_presence_get_idle_available (fixture->presence));
  respite_presence_set_idle_threshold (fixture->presence, 300);
  assert_no_calls (fixture);

  own_service (fixture, SERVICE_MUTTER);
  expect_add_idle_watch (fixture, 300000, 5);
  WAIT_UNTIL (respite_presence_get_idle_available (fixture->presence));
  fire_watch (fixture, 5);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 6);
  fire_watch (fixture, 6);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
}

static void
test_idle_watch_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GDBusMethodInvocation) invocation = NULL;

  start_presence (fixture);
  g_assert_true (respite_presence_get_idle_available (fixture->presence));

  respite_presence_set_idle_threshold (fixture->presence, 300);
  invocation = gt_dbus_queue_assert_pop_message (fixture->queue, MUTTER_PATH, MUTTER_IFACE,
                                                 "AddIdleWatch", "(t)", NULL);
  g_dbus_method_invocation_return_dbus_error (g_steal_pointer (&invocation),
                                              "org.freedesktop.DBus.Error.AccessDenied",
                                              "Not for you");
  WAIT_UNTIL (!respite_presence_get_idle_available (fixture->presence));

  /* A later threshold tries again. */
  respite_presence_set_idle_threshold (fixture->presence, 600);
  expect_add_idle_watch (fixture, 600000, 3);
  WAIT_UNTIL (respite_presence_get_idle_available (fixture->presence));
  assert_no_emissions (fixture);
}

static void
test_lock_screensaver (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *path = data == GUINT_TO_POINTER (SERVICE_GNOME_SS) ? GNOME_SS_PATH : FDO_SS_PATH;
  const char *iface = data == GUINT_TO_POINTER (SERVICE_GNOME_SS) ? GNOME_SS_NAME : FDO_SS_NAME;

  start_presence (fixture);
  g_assert_true (respite_presence_get_lock_available (fixture->presence));
  g_assert_false (respite_presence_get_idle_available (fixture->presence));
  g_assert_false (respite_presence_get_sleep_available (fixture->presence));

  emit (fixture, NULL, path, iface, "ActiveChanged", g_variant_new ("(b)", TRUE));
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  emit (fixture, NULL, path, iface, "ActiveChanged", g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);

  /* A malformed signal is not a lock. */
  emit (fixture, NULL, path, iface, "ActiveChanged", g_variant_new ("(s)", "yes"));
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_lock_logind_signals (Fixture       *fixture,
                          gconstpointer  data)
{
  start_presence (fixture);
  g_assert_true (respite_presence_get_lock_available (fixture->presence));

  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Lock", NULL);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Unlock", NULL);
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);

  /* Another session's lock is not ours. */
  emit (fixture, NULL, "/org/freedesktop/login1/session/c3", LOGIN1_SESSION, "Lock", NULL);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_lock_logind_locked_hint (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GVariantBuilder) other = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
  const char *invalidated[] = { "LockedHint", NULL };

  start_presence (fixture);

  emit_locked_hint (fixture, TRUE);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  emit_locked_hint (fixture, FALSE);
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);

  /* Other properties, and an invalidation without a value, say nothing. */
  g_variant_builder_add (other, "{sv}", "IdleHint", g_variant_new_boolean (TRUE));
  emit (fixture, NULL, SESSION_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged",
        g_variant_new ("(sa{sv}^as)", LOGIN1_SESSION, other, invalidated));
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_lock_deduplicated (Fixture       *fixture,
                        gconstpointer  data)
{
  start_presence (fixture);

  /* GNOME reports one lock through several of these at once, in an order
   * that varies; the unlock may come without logind's Unlock. */
  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Lock", NULL);
  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  emit (fixture, NULL, FDO_SS_PATH, FDO_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  emit_locked_hint (fixture, TRUE);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  assert_no_emissions (fixture);

  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", FALSE));
  emit_locked_hint (fixture, FALSE);
  emit (fixture, NULL, FDO_SS_PATH, FDO_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_emissions (fixture);

  /* An unlock when nothing is locked is not a return. */
  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Unlock", NULL);
  assert_no_emissions (fixture);

  /* Locked again, by a single source this time. */
  emit (fixture, NULL, FDO_SS_PATH, FDO_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Unlock", NULL);
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_calls (fixture);
}

static void
test_lock_and_idle_independent (Fixture       *fixture,
                                gconstpointer  data)
{
  start_presence (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  expect_add_idle_watch (fixture, 300000, 7);

  fire_watch (fixture, 7);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 8);
  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);

  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  fire_watch (fixture, 8);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  assert_no_calls (fixture);
}

static void
test_lock_session_by_pid (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *expected = g_strdup_printf ("(uint32 %u,)", (guint) getpid ());

  g_unsetenv ("XDG_SESSION_ID");
  create_presence (fixture);
  return_session (fixture, pop_get_session (fixture, "GetSessionByPID", expected));
  expect_locked_hint (fixture, FALSE);
  wait_for_availability (fixture);
  g_assert_true (respite_presence_get_lock_available (fixture->presence));

  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Lock", NULL);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Unlock", NULL);
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_calls (fixture);
}

static void
test_lock_session_auto (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *expected = g_strdup_printf ("(uint32 %u,)", (guint) getpid ());
  g_autoptr(GDBusMethodInvocation) by_pid = NULL;

  /* How a GNOME app usually finds itself: started by systemd --user, so in
   * no login session of its own, and without XDG_SESSION_ID. */
  g_unsetenv ("XDG_SESSION_ID");
  create_presence (fixture);
  by_pid = pop_get_session (fixture, "GetSessionByPID", expected);
  g_dbus_method_invocation_return_dbus_error (g_steal_pointer (&by_pid),
                                              "org.freedesktop.login1.NoSessionForPID",
                                              "PID does not belong to any known session");
  return_session (fixture, pop_get_session (fixture, "GetSession", "('auto',)"));
  expect_locked_hint (fixture, FALSE);
  wait_for_availability (fixture);

  emit_locked_hint (fixture, TRUE);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  emit_locked_hint (fixture, FALSE);
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_calls (fixture);
}

static void
test_lock_no_session (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GDBusMethodInvocation) by_id = NULL;
  g_autoptr(GDBusMethodInvocation) by_auto = NULL;

  /* logind is there (so suspend is detected) but knows no session of ours,
   * and no screen saver is on the bus. */
  create_presence (fixture);
  by_id = pop_get_session (fixture, "GetSession", "('" SESSION_ID "',)");
  g_dbus_method_invocation_return_dbus_error (g_steal_pointer (&by_id),
                                              "org.freedesktop.login1.NoSuchSession",
                                              "No session '" SESSION_ID "' known");
  by_auto = pop_get_session (fixture, "GetSession", "('auto',)");
  g_dbus_method_invocation_return_dbus_error (g_steal_pointer (&by_auto),
                                              "org.freedesktop.login1.NoSuchSession",
                                              "No session 'auto' known");
  flush_signals (fixture);
  WAIT_UNTIL (respite_presence_get_sleep_available (fixture->presence));
  settle (fixture);
  g_assert_false (respite_presence_get_lock_available (fixture->presence));
  g_assert_false (respite_presence_get_idle_available (fixture->presence));

  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Lock", NULL);
  emit_locked_hint (fixture, TRUE);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);

  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", TRUE));
  assert_away (fixture, RESPITE_ABSENCE_SUSPENDED, 0);
  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_SUSPENDED);
}

static void
test_lock_at_start_screensaver (Fixture       *fixture,
                                gconstpointer  data)
{
  Services service = GPOINTER_TO_UINT (data);
  const char *path = service == SERVICE_GNOME_SS ? GNOME_SS_PATH : FDO_SS_PATH;
  const char *iface = service == SERVICE_GNOME_SS ? GNOME_SS_NAME : FDO_SS_NAME;

  /* Started behind the lock: reported as the signal would have been. */
  create_presence (fixture);
  expect_get_active (fixture, service, TRUE);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  wait_for_availability (fixture);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);

  emit (fixture, NULL, path, iface, "ActiveChanged", g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_calls (fixture);
}

static void
test_lock_at_start_logind (Fixture       *fixture,
                           gconstpointer  data)
{
  create_presence (fixture);
  return_session (fixture, pop_get_session (fixture, "GetSession", "('" SESSION_ID "',)"));
  expect_locked_hint (fixture, TRUE);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  wait_for_availability (fixture);
  assert_no_calls (fixture);

  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Unlock", NULL);
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_lock_at_start_all (Fixture       *fixture,
                        gconstpointer  data)
{
  /* Every source says so: one absence. */
  create_presence (fixture);
  expect_get_active (fixture, SERVICE_GNOME_SS, TRUE);
  expect_get_active (fixture, SERVICE_FDO_SS, TRUE);
  return_session (fixture, pop_get_session (fixture, "GetSession", "('" SESSION_ID "',)"));
  expect_locked_hint (fixture, TRUE);
  wait_for_availability (fixture);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  assert_no_emissions (fixture);

  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_lock_at_start_unlocked (Fixture       *fixture,
                             gconstpointer  data)
{
  start_presence (fixture);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);

  emit (fixture, NULL, FDO_SS_PATH, FDO_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  emit (fixture, NULL, FDO_SS_PATH, FDO_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
}

static void
test_lock_at_start_fails (Fixture       *fixture,
                          gconstpointer  data)
{
  /* A screen saver that has gone (the bus answers for it), one that does
   * not implement the call, and a logind that will not say. */
  create_presence (fixture);
  g_dbus_method_invocation_return_dbus_error (pop_get_active (fixture, SERVICE_GNOME_SS),
                                              "org.freedesktop.DBus.Error.ServiceUnknown",
                                              "The name is not activatable");
  g_dbus_method_invocation_return_dbus_error (pop_get_active (fixture, SERVICE_FDO_SS),
                                              "org.freedesktop.DBus.Error.UnknownMethod",
                                              "No such method 'GetActive'");
  return_session (fixture, pop_get_session (fixture, "GetSession", "('" SESSION_ID "',)"));
  g_dbus_method_invocation_return_dbus_error (pop_locked_hint (fixture),
                                              "org.freedesktop.DBus.Error.AccessDenied",
                                              "Not for you");
  flush_signals (fixture);
  settle (fixture);

  /* Nothing assumed either way, and every detection still there. */
  wait_for_availability (fixture);
  g_assert_true (respite_presence_get_lock_available (fixture->presence));
  g_assert_true (respite_presence_get_idle_available (fixture->presence));
  g_assert_true (respite_presence_get_sleep_available (fixture->presence));
  assert_no_emissions (fixture);
  assert_no_calls (fixture);

  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Lock", NULL);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Unlock", NULL);
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_calls (fixture);
}

static void
test_lock_signal_before_answer (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GDBusMethodInvocation) get_active = NULL;

  /* Locked while the question is on its way: an answer of "unlocked" is no
   * unlock, only ActiveChanged is. */
  create_presence (fixture);
  get_active = pop_get_active (fixture, SERVICE_GNOME_SS);
  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  g_dbus_method_invocation_return_value (g_steal_pointer (&get_active),
                                         g_variant_new ("(b)", FALSE));
  flush_signals (fixture);
  settle (fixture);
  assert_no_emissions (fixture);

  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_calls (fixture);
}

static void
test_lock_screensaver_restart (Fixture       *fixture,
                               gconstpointer  data)
{
  start_presence (fixture);

  /* A screen saver that comes back is asked again. */
  unown_service (fixture, SERVICE_GNOME_SS);
  WAIT_UNTIL (!respite_presence_get_lock_available (fixture->presence));
  own_service (fixture, SERVICE_GNOME_SS);
  expect_get_active (fixture, SERVICE_GNOME_SS, TRUE);
  assert_away (fixture, RESPITE_ABSENCE_LOCKED, 0);
  g_assert_true (respite_presence_get_lock_available (fixture->presence));
  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_LOCKED);
  assert_no_calls (fixture);
}

/* ------------------------------------------------------------------------ */
/* The app's idle fallback (X11), standing in for a missing Mutter */

static void
test_idle_fallback (Fixture       *fixture,
                    gconstpointer  data)
{
  RespitePresence *presence;

  start_presence (fixture);
  presence = fixture->presence;
  g_assert_false (respite_presence_get_idle_available (presence));
  g_assert_false (respite_presence_get_idle_fallback_in_use (presence));

  respite_presence_set_idle_fallback (presence, TRUE);
  g_assert_true (respite_presence_get_idle_available (presence));
  g_assert_true (respite_presence_get_idle_fallback_in_use (presence));
  /* Nothing to watch for until the app sets a threshold. */
  g_assert_cmpuint (respite_presence_get_idle_fallback_threshold (presence), ==, 0);
  respite_presence_report_idle (presence, TRUE, 5);
  assert_no_emissions (fixture);

  respite_presence_set_idle_threshold (presence, 300);
  g_assert_cmpuint (respite_presence_get_idle_fallback_threshold (presence), ==, 300);
  /* No Mutter to call. */
  assert_no_calls (fixture);

  /* The fallback says what it finds when it starts: not an absence. */
  respite_presence_report_idle (presence, FALSE, 0);
  assert_no_emissions (fixture);

  respite_presence_report_idle (presence, TRUE, 312);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 312);
  respite_presence_report_idle (presence, TRUE, 320);
  assert_no_emissions (fixture);
  respite_presence_report_idle (presence, FALSE, 0);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);

  /* Turning detection off while away ends the absence, as with Mutter. */
  respite_presence_report_idle (presence, TRUE, 301);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 301);
  respite_presence_set_idle_threshold (presence, 0);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  g_assert_cmpuint (respite_presence_get_idle_fallback_threshold (presence), ==, 0);

  respite_presence_set_idle_fallback (presence, FALSE);
  g_assert_false (respite_presence_get_idle_available (presence));
  g_assert_false (respite_presence_get_idle_fallback_in_use (presence));
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_idle_fallback_mutter_appears (Fixture       *fixture,
                                   gconstpointer  data)
{
  RespitePresence *presence;

  start_presence (fixture);
  presence = fixture->presence;
  respite_presence_set_idle_fallback (presence, TRUE);
  respite_presence_set_idle_threshold (presence, 300);
  respite_presence_report_idle (presence, TRUE, 310);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 310);

  /* Mutter takes over, and watches for the return of a person already
   * away; the fallback stops, and what it still says is stale. */
  own_service (fixture, SERVICE_MUTTER);
  expect_add_idle_watch (fixture, 300000, 4);
  expect_add_active_watch (fixture, 5);
  g_assert_false (respite_presence_get_idle_fallback_in_use (presence));
  g_assert_cmpuint (respite_presence_get_idle_fallback_threshold (presence), ==, 0);
  g_assert_true (respite_presence_get_idle_available (presence));

  respite_presence_report_idle (presence, FALSE, 0);
  assert_no_emissions (fixture);
  fire_watch (fixture, 5);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  assert_no_calls (fixture);
}

static void
test_idle_fallback_mutter_vanishes (Fixture       *fixture,
                                    gconstpointer  data)
{
  RespitePresence *presence;

  start_presence (fixture);
  presence = fixture->presence;
  respite_presence_set_idle_fallback (presence, TRUE);
  g_assert_false (respite_presence_get_idle_fallback_in_use (presence));

  respite_presence_set_idle_threshold (presence, 300);
  expect_add_idle_watch (fixture, 300000, 7);
  g_assert_cmpuint (respite_presence_get_idle_fallback_threshold (presence), ==, 0);
  respite_presence_report_idle (presence, TRUE, 400);
  assert_no_emissions (fixture);

  fire_watch (fixture, 7);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 8);

  /* Mutter goes while the person is away: the fallback watches, and it is
   * the one to see them come back. */
  unown_service (fixture, SERVICE_MUTTER);
  WAIT_UNTIL (respite_presence_get_idle_fallback_in_use (presence));
  g_assert_true (respite_presence_get_idle_available (presence));
  g_assert_cmpuint (respite_presence_get_idle_fallback_threshold (presence), ==, 300);
  respite_presence_report_idle (presence, TRUE, 420);
  assert_no_emissions (fixture);
  respite_presence_report_idle (presence, FALSE, 0);
  assert_back (fixture, RESPITE_ABSENCE_IDLE);
  assert_no_calls (fixture);
}

static void
test_sleep (Fixture       *fixture,
            gconstpointer  data)
{
  start_presence (fixture);
  g_assert_true (respite_presence_get_sleep_available (fixture->presence));

  /* Waking without having slept (the app started during the wake-up). */
  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", FALSE));
  assert_no_emissions (fixture);

  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", TRUE));
  assert_away (fixture, RESPITE_ABSENCE_SUSPENDED, 0);
  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", TRUE));
  assert_no_emissions (fixture);
  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", FALSE));
  assert_back (fixture, RESPITE_ABSENCE_SUSPENDED);
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_services_missing (Fixture       *fixture,
                       gconstpointer  data)
{
  start_presence (fixture);

  g_assert_false (respite_presence_get_idle_available (fixture->presence));
  g_assert_false (respite_presence_get_lock_available (fixture->presence));
  g_assert_false (respite_presence_get_sleep_available (fixture->presence));

  /* No calls to a Mutter that is not there. */
  respite_presence_set_idle_threshold (fixture->presence, 300);
  g_assert_cmpuint (respite_presence_get_idle_threshold (fixture->presence), ==, 300);
  assert_no_calls (fixture);

  /* Signals from a connection that owns none of the names are nobody's. */
  fire_watch (fixture, 1);
  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  emit (fixture, NULL, FDO_SS_PATH, FDO_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", TRUE));
  assert_no_emissions (fixture);
  assert_no_calls (fixture);
}

static void
test_no_bus (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RespitePresence) presence = respite_presence_new (NULL, NULL);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  gt_signal_logger_connect (logger, presence, "away");
  gt_signal_logger_connect (logger, presence, "back");

  g_assert_false (respite_presence_get_idle_available (presence));
  g_assert_false (respite_presence_get_lock_available (presence));
  g_assert_false (respite_presence_get_sleep_available (presence));

  respite_presence_set_idle_threshold (presence, 300);
  g_assert_cmpuint (respite_presence_get_idle_threshold (presence), ==, 300);
  respite_presence_set_idle_threshold (presence, 0);

  /* Even with the mocks on the (other) bus, nothing reaches it. */
  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  flush_signals (fixture);
  while (g_main_context_iteration (NULL, FALSE));
  gt_signal_logger_assert_no_emissions (logger);
  assert_no_calls (fixture);
}

/* Disposing disconnects every handler, the logger's too; an emission hook
 * still sees what a disposed object emits. */
static gboolean
count_emission_hook (GSignalInvocationHint *hint,
                     guint                  n_param_values,
                     const GValue          *param_values,
                     gpointer               user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

typedef struct
{
  gulong away_hook;
  gulong back_hook;
  guint  n_emissions;
} EmissionCounter;

static void
emission_counter_start (EmissionCounter *counter)
{
  counter->n_emissions = 0;
  counter->away_hook = g_signal_add_emission_hook (g_signal_lookup ("away",
                                                                    RESPITE_TYPE_PRESENCE),
                                                   0, count_emission_hook,
                                                   &counter->n_emissions, NULL);
  counter->back_hook = g_signal_add_emission_hook (g_signal_lookup ("back",
                                                                    RESPITE_TYPE_PRESENCE),
                                                   0, count_emission_hook,
                                                   &counter->n_emissions, NULL);
}

static void
emission_counter_stop (EmissionCounter *counter)
{
  g_signal_remove_emission_hook (g_signal_lookup ("away", RESPITE_TYPE_PRESENCE),
                                 counter->away_hook);
  g_signal_remove_emission_hook (g_signal_lookup ("back", RESPITE_TYPE_PRESENCE),
                                 counter->back_hook);
}

static void
test_dispose_removes_watches (Fixture       *fixture,
                              gconstpointer  data)
{
  EmissionCounter counter;

  start_presence (fixture);

  respite_presence_set_idle_threshold (fixture->presence, 300);
  expect_add_idle_watch (fixture, 300000, 7);
  fire_watch (fixture, 7);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);
  expect_add_active_watch (fixture, 8);

  /* Disposed while the person is away: the watches go, and the absence is
   * not ended by anything the app does afterwards. */
  g_object_run_dispose (G_OBJECT (fixture->presence));
  expect_remove_watch (fixture, 7);
  expect_remove_watch (fixture, 8);
  assert_no_calls (fixture);

  emission_counter_start (&counter);
  respite_presence_set_idle_threshold (fixture->presence, 0);
  fire_watch (fixture, 8);
  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  emit (fixture, NULL, FDO_SS_PATH, FDO_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Lock", NULL);
  emit_locked_hint (fixture, TRUE);
  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", TRUE));
  flush_signals (fixture);
  emission_counter_stop (&counter);
  g_assert_cmpuint (counter.n_emissions, ==, 0);

  g_clear_object (&fixture->presence);
  assert_no_calls (fixture);
}

static void
test_dispose_in_flight (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GDBusMethodInvocation) gnome_active = NULL;
  g_autoptr(GDBusMethodInvocation) fdo_active = NULL;
  g_autoptr(GDBusMethodInvocation) get_session = NULL;
  g_autoptr(GDBusMethodInvocation) add_watch = NULL;
  EmissionCounter counter;

  create_presence (fixture);
  gnome_active = pop_get_active (fixture, SERVICE_GNOME_SS);
  fdo_active = pop_get_active (fixture, SERVICE_FDO_SS);
  get_session = pop_get_session (fixture, "GetSession", "('" SESSION_ID "',)");
  WAIT_UNTIL (respite_presence_get_idle_available (fixture->presence));
  respite_presence_set_idle_threshold (fixture->presence, 300);
  add_watch = gt_dbus_queue_assert_pop_message (fixture->queue, MUTTER_PATH, MUTTER_IFACE,
                                                "AddIdleWatch", "(t)", NULL);

  /* Disposed, but kept alive, so that a callback reaching it would show as
   * an emission (and, once freed, in valgrind). */
  g_object_run_dispose (G_OBJECT (fixture->presence));
  emission_counter_start (&counter);

  /* Answers that would lock the screen, if they still reached it; and a
   * session it no longer asks about. */
  g_dbus_method_invocation_return_value (g_steal_pointer (&gnome_active),
                                         g_variant_new ("(b)", TRUE));
  g_dbus_method_invocation_return_value (g_steal_pointer (&fdo_active),
                                         g_variant_new ("(b)", TRUE));
  g_dbus_method_invocation_return_value (g_steal_pointer (&get_session),
                                         g_variant_new ("(o)", SESSION_PATH));
  g_dbus_method_invocation_return_value (g_steal_pointer (&add_watch),
                                         g_variant_new ("(u)", 7));
  flush_signals (fixture);
  settle (fixture);

  fire_watch (fixture, 7);
  emit (fixture, NULL, SESSION_PATH, LOGIN1_SESSION, "Lock", NULL);
  emit (fixture, NULL, GNOME_SS_PATH, GNOME_SS_NAME, "ActiveChanged",
        g_variant_new ("(b)", TRUE));
  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", TRUE));
  flush_signals (fixture);
  g_assert_cmpuint (counter.n_emissions, ==, 0);
  /* The watch whose id came too late is left to Mutter, which drops a
   * client's watches when it leaves the bus. */
  assert_no_calls (fixture);

  /* The API stays safe to call on a disposed object. */
  respite_presence_set_idle_threshold (fixture->presence, 600);
  respite_presence_set_idle_threshold (fixture->presence, 0);
  assert_no_calls (fixture);
  emission_counter_stop (&counter);
  g_assert_cmpuint (counter.n_emissions, ==, 0);

  g_clear_object (&fixture->presence);
  assert_no_calls (fixture);

  /* And once it is freed. */
  fire_watch (fixture, 7);
  emit (fixture, NULL, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
        g_variant_new ("(b)", FALSE));
  flush_signals (fixture);
}

static void
test_idle_fallback_disposed (Fixture       *fixture,
                             gconstpointer  data)
{
  EmissionCounter counter;

  start_presence (fixture);
  respite_presence_set_idle_fallback (fixture->presence, TRUE);
  respite_presence_set_idle_threshold (fixture->presence, 300);
  respite_presence_report_idle (fixture->presence, TRUE, 300);
  assert_away (fixture, RESPITE_ABSENCE_IDLE, 300);

  /* The fallback is told to stop, and ignored if it has not yet. */
  g_object_run_dispose (G_OBJECT (fixture->presence));
  g_assert_cmpuint (respite_presence_get_idle_fallback_threshold (fixture->presence), ==, 0);
  emission_counter_start (&counter);
  respite_presence_report_idle (fixture->presence, FALSE, 0);
  respite_presence_report_idle (fixture->presence, TRUE, 400);
  emission_counter_stop (&counter);
  g_assert_cmpuint (counter.n_emissions, ==, 0);
}

static void
test_absence_type (void)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (RESPITE_TYPE_ABSENCE);

  g_assert_true (G_TYPE_IS_ENUM (RESPITE_TYPE_ABSENCE));
  g_assert_cmpstr (g_enum_get_value (enum_class, RESPITE_ABSENCE_IDLE)->value_nick, ==, "idle");
  g_assert_cmpstr (g_enum_get_value (enum_class, RESPITE_ABSENCE_LOCKED)->value_nick, ==,
                   "locked");
  g_assert_cmpstr (g_enum_get_value (enum_class, RESPITE_ABSENCE_SUSPENDED)->value_nick, ==,
                   "suspended");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, services, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (services), set_up, func, tear_down)

  g_test_add_func ("/presence/absence-type", test_absence_type);

  ADD ("/presence/idle/away-and-back", SERVICE_ALL, test_idle_away_and_back);
  ADD ("/presence/idle/threshold-change", SERVICE_ALL, test_idle_threshold_change);
  ADD ("/presence/idle/threshold-change-in-flight", SERVICE_ALL,
       test_idle_threshold_change_in_flight);
  ADD ("/presence/idle/threshold-off", SERVICE_ALL, test_idle_threshold_off);
  ADD ("/presence/idle/threshold-off-while-away", SERVICE_ALL,
       test_idle_threshold_off_while_away);
  ADD ("/presence/idle/unknown-watch", SERVICE_ALL, test_idle_unknown_watch);
  ADD ("/presence/idle/mutter-restart", SERVICE_ALL, test_idle_mutter_restart);
  ADD ("/presence/idle/mutter-later", SERVICE_LOGIN1, test_idle_mutter_later);
  ADD ("/presence/idle/watch-refused", SERVICE_ALL, test_idle_watch_refused);
  ADD ("/presence/idle/fallback", SERVICE_LOGIN1, test_idle_fallback);
  ADD ("/presence/idle/fallback-mutter-appears", SERVICE_LOGIN1,
       test_idle_fallback_mutter_appears);
  ADD ("/presence/idle/fallback-mutter-vanishes", SERVICE_ALL,
       test_idle_fallback_mutter_vanishes);

  ADD ("/presence/lock/gnome-screensaver", SERVICE_GNOME_SS, test_lock_screensaver);
  ADD ("/presence/lock/freedesktop-screensaver", SERVICE_FDO_SS, test_lock_screensaver);
  ADD ("/presence/lock/logind-signals", SERVICE_LOGIN1, test_lock_logind_signals);
  ADD ("/presence/lock/logind-locked-hint", SERVICE_LOGIN1, test_lock_logind_locked_hint);
  ADD ("/presence/lock/deduplicated", SERVICE_ALL, test_lock_deduplicated);
  ADD ("/presence/lock/independent-of-idle", SERVICE_ALL, test_lock_and_idle_independent);
  ADD ("/presence/lock/session-by-pid", SERVICE_LOGIN1, test_lock_session_by_pid);
  ADD ("/presence/lock/session-auto", SERVICE_LOGIN1, test_lock_session_auto);
  ADD ("/presence/lock/no-session", SERVICE_LOGIN1, test_lock_no_session);
  ADD ("/presence/lock/at-start/gnome-screensaver", SERVICE_GNOME_SS,
       test_lock_at_start_screensaver);
  ADD ("/presence/lock/at-start/freedesktop-screensaver", SERVICE_FDO_SS,
       test_lock_at_start_screensaver);
  ADD ("/presence/lock/at-start/logind", SERVICE_LOGIN1, test_lock_at_start_logind);
  ADD ("/presence/lock/at-start/all-sources", SERVICE_ALL, test_lock_at_start_all);
  ADD ("/presence/lock/at-start/unlocked", SERVICE_ALL, test_lock_at_start_unlocked);
  ADD ("/presence/lock/at-start/query-fails", SERVICE_ALL, test_lock_at_start_fails);
  ADD ("/presence/lock/at-start/signal-before-answer", SERVICE_GNOME_SS,
       test_lock_signal_before_answer);
  ADD ("/presence/lock/screensaver-restart", SERVICE_GNOME_SS, test_lock_screensaver_restart);

  ADD ("/presence/sleep/prepare-for-sleep", SERVICE_ALL, test_sleep);

  ADD ("/presence/services-missing", 0, test_services_missing);
  ADD ("/presence/no-bus", 0, test_no_bus);

  ADD ("/presence/dispose/removes-watches", SERVICE_ALL, test_dispose_removes_watches);
  ADD ("/presence/dispose/calls-in-flight", SERVICE_ALL, test_dispose_in_flight);
  ADD ("/presence/dispose/ignores-fallback", SERVICE_LOGIN1, test_idle_fallback_disposed);

#undef ADD

  return g_test_run ();
}
