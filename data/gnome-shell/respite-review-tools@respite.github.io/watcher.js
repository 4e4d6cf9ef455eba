// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the Respite Shell extension does, without the Shell (issue #20): it
// tells Respite, over D-Bus, which of the policy's review tools has the
// focus (data/dbus/io.github.respite.ReviewTools1.xml):
//
//   - GetAppIds once Respite is on the bus, and again on ToolsChanged: the
//     listed app ids and the name of each tool;
//   - FocusChanged ("shell", NAME) when a window of a listed app gains the
//     focus, FocusChanged ("shell", "") when none has it; each only when it
//     changes. The app id is compared here: no window title, and no app id
//     of an unlisted app, ever goes on the bus.
//
// No import: Gio and GLib are given, so that the same file serves the
// GNOME 43/44 extension (extension.js), the GNOME 45+ module (esm/), and
// the test that runs it under gjs against a fake Respite.

/* exported ReviewToolsWatcher */

var ReviewToolsWatcher = class ReviewToolsWatcher {
    // gi: {Gio, GLib}; connection: the session bus; focusedAppId: returns
    // the focused window's app id ("org.example.Review.desktop") or null.
    constructor(gi, connection, focusedAppId) {
        this._Gio = gi.Gio;
        this._GLib = gi.GLib;
        this._connection = connection;
        this._focusedAppId = focusedAppId;
        this._appIds = new Map();
        this._sent = null;       // the tool last told; null: unknown
        this._present = false;   // whether Respite is on the bus
        this._pending = 0;
        this._idle = [];
        this._watch = 0;
        this._signal = 0;
    }

    static get BUS_NAME() {
        return 'io.github.respite.Respite';
    }

    static get OBJECT_PATH() {
        return '/io/github/respite/Respite';
    }

    static get INTERFACE() {
        return 'io.github.respite.ReviewTools1';
    }

    start() {
        const W = ReviewToolsWatcher;

        this._signal = this._connection.signal_subscribe(W.BUS_NAME, W.INTERFACE,
            'ToolsChanged', W.OBJECT_PATH, null, this._Gio.DBusSignalFlags.NONE,
            () => this._fetchAppIds());
        this._watch = this._Gio.bus_watch_name_on_connection(this._connection, W.BUS_NAME,
            this._Gio.BusNameWatcherFlags.NONE,
            () => {
                // A Respite that has just come counts our source as "".
                this._present = true;
                this._sent = '';
                this._fetchAppIds();
            },
            () => {
                // Respite counts our source as "" when we leave, and knows
                // nothing of us when it comes back: start again then.
                this._present = false;
                this._appIds.clear();
                this._sent = null;
            });
    }

    stop() {
        if (this._present && this._sent !== null && this._sent !== '')
            this._call('FocusChanged', new this._GLib.Variant('(ss)', ['shell', '']), null);
        if (this._signal)
            this._connection.signal_unsubscribe(this._signal);
        if (this._watch)
            this._Gio.bus_unwatch_name(this._watch);
        this._signal = this._watch = 0;
        this._present = false;
    }

    // The focus moved: call it from the Shell's notify::focus-window.
    focusChanged() {
        if (!this._present)
            return;

        const tool = this.toolOf(this._focusedAppId());
        if (tool === this._sent)
            return;

        this._sent = tool;
        this._call('FocusChanged', new this._GLib.Variant('(ss)', ['shell', tool]), null, () => {
            // Refused or lost: say it again on the next change.
            this._sent = null;
        });
    }

    // The tool NAME listed for @appId, or "". The Shell's ids end in
    // ".desktop"; the policy's app-id= may be written with or without it.
    toolOf(appId) {
        if (!appId)
            return '';
        const bare = appId.endsWith('.desktop') ? appId.slice(0, -'.desktop'.length) : appId;
        return this._appIds.get(appId) ?? this._appIds.get(bare) ??
            this._appIds.get(`${bare}.desktop`) ?? '';
    }

    // Resolves when no call is on its way: for the tests.
    whenIdle() {
        if (this._pending === 0)
            return Promise.resolve();
        return new Promise(resolve => this._idle.push(resolve));
    }

    _fetchAppIds() {
        this._call('GetAppIds', null, reply => {
            const [appIds] = reply.deepUnpack();
            this._appIds = new Map(Object.entries(appIds));
            // Told again only if the new list changes the tool in front.
            this.focusChanged();
        });
    }

    _call(method, parameters, onReply, onError = null) {
        const W = ReviewToolsWatcher;

        this._pending++;
        this._connection.call(W.BUS_NAME, W.OBJECT_PATH, W.INTERFACE, method, parameters,
            null, this._Gio.DBusCallFlags.NO_AUTO_START, -1, null,
            (connection, result) => {
                try {
                    const reply = connection.call_finish(result);
                    // A reply after stop () changes nothing.
                    if (onReply && this._watch !== 0)
                        onReply(reply);
                } catch (e) {
                    // The message names the method, never a window.
                    log(`Respite review tools: ${method}: ${e.message}`);
                    if (onError)
                        onError(e);
                }
                if (--this._pending === 0)
                    this._idle.splice(0).forEach(resolve => resolve());
            });
    }
};
