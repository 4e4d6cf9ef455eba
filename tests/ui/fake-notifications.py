#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A stand-in notification server for tests/ui/test-review-tools.sh: owns
# org.freedesktop.Notifications on the session bus and writes each
# notification's summary, body and action keys on stdout, one line each.

import sys

from gi.repository import Gio, GLib

XML = """<node><interface name='org.freedesktop.Notifications'>
  <method name='Notify'>
    <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>
    <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>
    <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>
    <arg type='u' direction='out'/>
  </method>
  <method name='CloseNotification'><arg type='u' direction='in'/></method>
  <method name='GetCapabilities'><arg type='as' direction='out'/></method>
  <method name='GetServerInformation'>
    <arg type='s' direction='out'/><arg type='s' direction='out'/>
    <arg type='s' direction='out'/><arg type='s' direction='out'/>
  </method>
  <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>
  <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>
</interface></node>"""

next_id = 0


def call(connection, sender, path, interface, method, parameters, invocation):
    global next_id
    if method == 'Notify':
        _, _, _, summary, body, actions, _, _ = parameters.unpack()
        next_id += 1
        print('notify', summary, '|', body, '|', ' '.join(actions[0::2]), flush=True)
        invocation.return_value(GLib.Variant('(u)', (next_id,)))
    elif method == 'GetCapabilities':
        invocation.return_value(GLib.Variant('(as)', (['actions', 'body'],)))
    elif method == 'GetServerInformation':
        invocation.return_value(GLib.Variant('(ssss)', ('fake', 'respite', '1', '1.2')))
    else:
        invocation.return_value(None)


bus = Gio.bus_get_sync(Gio.BusType.SESSION)
bus.register_object('/org/freedesktop/Notifications',
                    Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0], call)
Gio.bus_own_name_on_connection(bus, 'org.freedesktop.Notifications', 0,
                               lambda *a: print('ready', flush=True), None)
GLib.MainLoop().run()
