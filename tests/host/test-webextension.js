// SPDX-License-Identifier: GPL-3.0-or-later
//
// test-webextension.js BACKGROUND.JS BUILD-DIR FIREFOX-ID CHROMIUM-ID
//
// The Respite add-on's background script (data/webextension/background.js)
// run in node against a fake browser: windows, tabs and a native port that
// records every message. Then the add-on manifests and the native-messaging
// host manifests as the build made them. Output is TAP.

'use strict';

const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const [background, buildDir, firefoxId, chromiumId] = process.argv.slice(2);
let count = 0;
let failed = false;

async function check(name, body) {
  count++;
  try {
    await body();
    console.log(`ok ${count} - ${name}`);
  } catch (e) {
    failed = true;
    console.log(`not ok ${count} - ${name}`);
    for (const line of String(e.stack || e).split('\n'))
      console.log(`# ${line}`);
  }
}

function event() {
  const listeners = [];
  return {
    addListener: (f) => listeners.push(f),
    fire: (...args) => Promise.all(listeners.map((f) => f(...args))),
    count: () => listeners.length,
  };
}

// A browser with windows of tabs. Only what background.js may use exists.
class FakeBrowser {
  constructor(windows, focused) {
    this.windows_ = windows;  // {id: [{id, url, active}]}
    this.focused = focused;
    this.ports = [];
    this.hostMissing = false;
    const self = this;
    this.api = {
      windows: {
        WINDOW_ID_NONE: -1,
        onFocusChanged: event(),
        getLastFocused: async () => ({ id: 1, focused: self.focused !== -1 && self.focused === 1 }),
      },
      tabs: {
        onActivated: event(),
        onUpdated: event(),
        query: async ({ active, windowId }) =>
          self.tabsOf(windowId).filter((t) => t.active === active),
        get: async (tabId) => self.allTabs().find((t) => t.id === tabId),
      },
      runtime: {
        lastError: undefined,
        connectNative: (name) => {
          const port = { name, sent: [], onMessage: event(), onDisconnect: event(),
                         postMessage: (m) => port.sent.push(JSON.parse(JSON.stringify(m))) };
          self.ports.push(port);
          return port;
        },
      },
    };
  }

  tabsOf(windowId) {
    return (this.windows_[windowId] || []).map((t) => ({ ...t, windowId }));
  }

  allTabs() {
    return Object.keys(this.windows_).flatMap((w) => this.tabsOf(Number(w)));
  }

  sent() {
    return this.ports.flatMap((p) => p.sent);
  }

  async focus(windowId) {
    this.focused = windowId;
    await this.api.windows.onFocusChanged.fire(windowId);
  }

  async activate(windowId, tabId) {
    for (const t of this.windows_[windowId])
      t.active = t.id === tabId;
    await this.api.tabs.onActivated.fire({ tabId, windowId });
  }

  async navigate(windowId, tabId, url) {
    const t = this.windows_[windowId].find((x) => x.id === tabId);
    t.url = url;
    await this.api.tabs.onUpdated.fire(tabId, { url }, { ...t, windowId });
    // Loading states come too, without a url.
    await this.api.tabs.onUpdated.fire(tabId, { status: 'complete' }, { ...t, windowId });
  }
}

async function start(windows, focused, global = 'browser') {
  const fake = new FakeBrowser(windows, focused);
  const context = vm.createContext({ URL, console: { warn: () => {} }, [global]: fake.api });
  vm.runInContext(fs.readFileSync(background, 'utf8'), context, { filename: background });
  await new Promise((resolve) => setImmediate(resolve));
  return fake;
}

function browserWindows() {
  return {
    1: [{ id: 11, url: 'https://review.example.org/queue/42?item=secret', active: true },
        { id: 12, url: 'https://news.example.com/story', active: false },
        { id: 13, url: 'about:blank', active: false }],
    2: [{ id: 21, url: 'http://other.example:8080/a', active: true }],
  };
}

const REVIEW = { active: true, origin: 'https://review.example.org' };
const NEWS = { active: true, origin: 'https://news.example.com' };

(async () => {
  console.log('1..13');

  await check('at start, the focused window\'s active tab: its origin alone', async () => {
    const fake = await start(browserWindows(), 1);
    assert.strictEqual(fake.ports.length, 1);
    assert.strictEqual(fake.ports[0].name, 'io.github.respite.native_host');
    assert.deepStrictEqual(fake.sent(), [REVIEW]);
  });

  await check('at start without the focus: {active: false}', async () => {
    const fake = await start(browserWindows(), -1);
    assert.deepStrictEqual(fake.sent(), [{ active: false }]);
  });

  await check('Chromium\'s chrome object works as Firefox\'s browser', async () => {
    const fake = await start(browserWindows(), 1, 'chrome');
    assert.deepStrictEqual(fake.sent(), [REVIEW]);
  });

  await check('another tab, another origin; an opaque page is "null"', async () => {
    const fake = await start(browserWindows(), 1);
    await fake.activate(1, 12);
    await fake.activate(1, 13);
    assert.deepStrictEqual(fake.sent(), [REVIEW, NEWS, { active: true, origin: 'null' }]);
  });

  await check('a page of the same origin sends nothing; another origin does', async () => {
    const fake = await start(browserWindows(), 1);
    await fake.navigate(1, 11, 'https://review.example.org/queue/43');
    await fake.navigate(1, 11, 'https://news.example.com/');
    assert.deepStrictEqual(fake.sent(), [REVIEW, NEWS]);
  });

  await check('the browser loses the focus, and gets it back', async () => {
    const fake = await start(browserWindows(), 1);
    await fake.focus(-1);
    await fake.focus(1);
    assert.deepStrictEqual(fake.sent(), [REVIEW, { active: false }, REVIEW]);
  });

  await check('another window in front: its active tab', async () => {
    const fake = await start(browserWindows(), 1);
    await fake.focus(2);
    assert.deepStrictEqual(fake.sent(), [REVIEW, { active: true, origin: 'http://other.example:8080' }]);
  });

  await check('tabs that are not in front change nothing', async () => {
    const fake = await start(browserWindows(), 1);
    await fake.navigate(1, 12, 'https://elsewhere.example/');   // inactive tab
    await fake.navigate(2, 21, 'https://elsewhere.example/');   // unfocused window
    await fake.api.tabs.onActivated.fire({ tabId: 21, windowId: 2 });
    assert.deepStrictEqual(fake.sent(), [REVIEW]);
  });

  await check('only http(s) origins are sent', async () => {
    const fake = await start(browserWindows(), 1);
    for (const url of ['file:///home/reviewer/case.html', 'moz-extension://abc/page.html',
                       'chrome://newtab/', 'data:text/html,hi', 'not a url', undefined])
      await fake.navigate(1, 11, url);
    assert.deepStrictEqual(fake.sent(), [REVIEW, { active: true, origin: 'null' }]);
  });

  await check('no message holds more than active and an origin: no path, query or title', async () => {
    const fake = await start(browserWindows(), 1);
    await fake.activate(1, 12);
    await fake.focus(2);
    await fake.focus(-1);
    await fake.focus(1);
    for (const message of fake.sent()) {
      assert.ok(Object.keys(message).every((k) => k === 'active' || k === 'origin'), message);
      assert.ok(!JSON.stringify(message).match(/queue|secret|story|item/), message);
    }
  });

  await check('when the host stops, the next change connects again and sends its state', async () => {
    const fake = await start(browserWindows(), 1);
    fake.api.runtime.lastError = { message: 'Native host has exited.' };
    await fake.ports[0].onDisconnect.fire();
    fake.api.runtime.lastError = undefined;
    await fake.focus(-1);
    await fake.focus(1);
    assert.strictEqual(fake.ports.length, 2);
    assert.deepStrictEqual(fake.ports[1].sent, [{ active: false }, REVIEW]);
  });

  const read = (name) => JSON.parse(fs.readFileSync(path.join(buildDir, name), 'utf8'));

  await check('the add-on manifests: MV3 for Chromium with its key, MV2 with the gecko id for Firefox, in English and French', async () => {
    const chromium = read('manifest-chromium.json');
    const firefox = read('manifest-firefox.json');
    assert.strictEqual(chromium.manifest_version, 3);
    assert.strictEqual(chromium.background.service_worker, 'background.js');
    assert.strictEqual(firefox.manifest_version, 2);
    assert.deepStrictEqual(firefox.background.scripts, ['background.js']);
    assert.strictEqual(firefox.browser_specific_settings.gecko.id, firefoxId);
    // Its name and description in English and French (_locales/).
    const locales = path.join(path.dirname(background), '_locales');
    const messages = ['en', 'fr'].map((l) =>
      JSON.parse(fs.readFileSync(path.join(locales, l, 'messages.json'), 'utf8')));
    for (const m of [chromium, firefox]) {
      assert.strictEqual(m.default_locale, 'en');
      for (const key of [m.name, m.description]) {
        const name = key.match(/^__MSG_(\w+)__$/)[1];
        for (const locale of messages)
          assert.ok(locale[name] && locale[name].message.length > 0, name);
      }
      assert.deepStrictEqual(m.permissions, ['nativeMessaging', 'tabs']);
      assert.strictEqual(m.host_permissions, undefined);
      assert.strictEqual(m.content_scripts, undefined);
    }
    // Chromium's id is the first 128 bits of the key's SHA-256, in a..p.
    const digest = crypto.createHash('sha256').update(Buffer.from(chromium.key, 'base64')).digest('hex');
    const id = [...digest.slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
    assert.strictEqual(id, chromiumId);
  });

  await check('the host manifests: the host\'s absolute path, and only the add-on', async () => {
    const firefox = read('native-host-firefox.json');
    const chromium = read('native-host-chromium.json');
    for (const m of [firefox, chromium]) {
      assert.strictEqual(m.name, 'io.github.respite.native_host');
      assert.strictEqual(m.type, 'stdio');
      assert.ok(path.isAbsolute(m.path) && m.path.endsWith('/respite-native-host'), m.path);
    }
    assert.deepStrictEqual(firefox.allowed_extensions, [firefoxId]);
    assert.deepStrictEqual(chromium.allowed_origins, [`chrome-extension://${chromiumId}/`]);
  });

  process.exit(failed ? 1 : 0);
})();
