// SPDX-License-Identifier: GPL-3.0-or-later
//
// Respite review tools, GNOME Shell 43 and 44: tells Respite which of the
// organisation's review tools has the focus, and nothing else (watcher.js).
// GNOME 45 and later load ES modules instead: data/gnome-shell/esm/.

/* exported init */

const { Gio, GLib, Shell } = imports.gi;
const ExtensionUtils = imports.misc.extensionUtils;
const Me = ExtensionUtils.getCurrentExtension();
const { ReviewToolsWatcher } = Me.imports.watcher;

class Extension {
    enable() {
        const tracker = Shell.WindowTracker.get_default();

        this._watcher = new ReviewToolsWatcher({ Gio, GLib }, Gio.DBus.session, () => {
            const window = global.display.focus_window;
            const app = window ? tracker.get_window_app(window) : null;
            return app ? app.get_id() : null;
        });
        this._watcher.start();
        this._focusId = global.display.connect('notify::focus-window',
            () => this._watcher.focusChanged());
    }

    disable() {
        global.display.disconnect(this._focusId);
        this._watcher.stop();
        this._watcher = null;
    }
}

function init() {
    return new Extension();
}
