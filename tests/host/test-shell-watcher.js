// SPDX-License-Identifier: GPL-3.0-or-later
//
// gjs -m test-shell-watcher.js legacy|esm WATCHER.JS
//
// The Shell extension's watcher (data/gnome-shell/), with the real session
// bus and a fake Shell focus, driven by test-shell-extension.py line by
// line on stdin: "start", "stop", "focus APP-ID" ("focus -": a window of
// no app), "sync", "wait-absent" (until the watcher has seen Respite
// leave). Each is answered "done" on stdout once no call is on its way.

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import System from 'system';

const [variant, path] = ARGV;
let ReviewToolsWatcher;
if (variant === 'esm') {
    ({ ReviewToolsWatcher } = await import(`file://${path}`));
} else {
    // As GNOME 43/44 load it: a legacy module, Me.imports.watcher.
    imports.searchPath.unshift(GLib.path_get_dirname(path));
    ({ ReviewToolsWatcher } = imports.watcher);
}

let focused = null;
const watcher = new ReviewToolsWatcher({ Gio, GLib }, Gio.DBus.session, () => focused);
const input = new Gio.DataInputStream({
    base_stream: new Gio.UnixInputStream({ fd: 0, close_fd: false }),
});
let finish;
const finished = new Promise(resolve => (finish = resolve));

function done() {
    print('done');
}

function next() {
    input.read_line_async(GLib.PRIORITY_DEFAULT, null, (stream, result) => {
        const [bytes] = stream.read_line_finish_utf8(result);
        if (bytes === null) {
            finish();
            return;
        }
        const [command, argument] = bytes.split(' ');
        if (command === 'start')
            watcher.start();
        else if (command === 'stop')
            watcher.stop();
        else if (command === 'focus') {
            focused = argument === '-' ? null : argument;
            watcher.focusChanged();
        }
        if (command === 'wait-absent') {
            GLib.timeout_add(GLib.PRIORITY_DEFAULT, 10, () => {
                if (watcher._present)
                    return GLib.SOURCE_CONTINUE;
                done();
                next();
                return GLib.SOURCE_REMOVE;
            });
            return;
        }
        watcher.whenIdle().then(() => {
            done();
            next();
        });
    });
}

// The module's own await keeps gjs's main loop turning: a nested
// GLib.MainLoop would run no promise job.
next();
await finished;
System.exit(0);
