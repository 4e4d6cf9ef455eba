// SPDX-License-Identifier: GPL-3.0-or-later
//
// Respite review tools, GNOME Shell 45 to 47: the same watcher as the GNOME
// 43/44 extension (../respite-review-tools@respite.github.io/), as an ES
// module; meson adds the export to a copy of watcher.js.

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Shell from 'gi://Shell';

import { Extension } from 'resource:///org/gnome/shell/extensions/extension.js';

import { ReviewToolsWatcher } from './watcher.js';

export default class RespiteReviewToolsExtension extends Extension {
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
