# SPDX-License-Identifier: GPL-3.0-or-later
"""A fake Respite on the session bus, for the review-tool watchers' tests.

  fake-respite.py service XML LOG --tools A,B [--app-ids ID=A,ID=B]
      owns io.github.respite.Respite, exports the interface of XML (the real
      contract, data/dbus/io.github.respite.ReviewTools1.xml) at
      /io/github/respite/Respite, and appends each call it gets to LOG as a
      JSON line {"sender", "member", "args"} before it answers. Like the app,
      FocusChanged refuses a source other than "shell" or "browser", and a
      tool not in --tools, with InvalidArgs. SIGUSR1 emits ToolsChanged.
      Prints "ready" on stdout once it owns the name.
"""

import json
import signal
import sys
import threading

from gi.repository import Gio, GLib

BUS_NAME = 'io.github.respite.Respite'
OBJECT_PATH = '/io/github/respite/Respite'
INTERFACE = 'io.github.respite.ReviewTools1'


def append(path, record, lock=threading.Lock()):
    with lock, open(path, 'a', encoding='utf-8') as log:
        log.write(json.dumps(record) + '\n')


def service(xml_path, log_path, tools, app_ids):
    node = Gio.DBusNodeInfo.new_for_xml(open(xml_path, encoding='utf-8').read())
    interface = node.lookup_interface(INTERFACE)
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    loop = GLib.MainLoop()

    def on_call(connection, sender, path, interface_name, member, parameters, invocation):
        args = parameters.unpack()
        append(log_path, {'sender': sender, 'member': member, 'args': list(args)})
        if member == 'GetAppIds':
            invocation.return_value(GLib.Variant('(a{ss})', (app_ids,)))
        elif member == 'FocusChanged':
            source, tool = args
            if source not in ('shell', 'browser'):
                invocation.return_dbus_error('org.freedesktop.DBus.Error.InvalidArgs',
                                             f'Unknown source “{source}”')
            elif tool != '' and tool not in tools:
                invocation.return_dbus_error('org.freedesktop.DBus.Error.InvalidArgs',
                                             f'No review tool is called “{tool}”')
            else:
                invocation.return_value(None)

    bus.register_object(OBJECT_PATH, interface, on_call, None, None)

    def tools_changed():
        bus.emit_signal(None, OBJECT_PATH, INTERFACE, 'ToolsChanged', None)
        return GLib.SOURCE_CONTINUE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGUSR1, tools_changed)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, lambda: loop.quit())

    def acquired(connection, name):
        print('ready', flush=True)

    Gio.bus_own_name_on_connection(bus, BUS_NAME, Gio.BusNameOwnerFlags.NONE,
                                   acquired, lambda *a: loop.quit())
    loop.run()


def main(argv):
    tools, app_ids = [], {}
    rest = argv[4:]
    while rest:
        option, value = rest[0], rest[1]
        rest = rest[2:]
        if option == '--tools':
            tools = [t for t in value.split(',') if t]
        elif option == '--app-ids':
            app_ids = dict(pair.split('=', 1) for pair in value.split(',') if pair)
    service(argv[2], argv[3], tools, app_ids)


if __name__ == '__main__':
    main(sys.argv)
