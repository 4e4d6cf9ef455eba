// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Respite add-on (issue #20): tells respite-native-host the origin of
// the active tab of the focused browser window, and that the browser lost
// the focus; nothing else. The host compares the origin with the review
// tools the organisation lists and tells Respite only "tool NAME in front"
// or "none": the origin goes no further, and no URL, path, title or tab
// content ever leaves this script.
//
// Messages, each only when it differs from the last one sent:
//   {"active": true, "origin": "https://review.example.org"}
//   {"active": true, "origin": "null"}   a page that is not http(s)
//   {"active": false}                    no browser window has the focus
//
// One file for Firefox (background script) and Chromium (service worker).

'use strict';

const RESPITE_HOST = 'io.github.respite.native_host';

// The origin alone, and only of a web page: any other page is "null".
function respiteOriginOf(url) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:')
      return parsed.origin;
  } catch (e) {
    // not a URL at all (a tab still loading has none)
  }
  return 'null';
}

function respiteStart(api) {
  const NONE = api.windows.WINDOW_ID_NONE;
  let focusedWindow = NONE;
  let port = null;
  let lastSent = null;

  function connect() {
    port = api.runtime.connectNative(RESPITE_HOST);
    port.onMessage.addListener((reply) => {
      if (reply && reply.ok === false)
        console.warn(`respite-native-host: ${reply.error}: ${reply.message}`);
    });
    port.onDisconnect.addListener(() => {
      const error = (api.runtime.lastError || port.error || {}).message;
      console.warn(`respite-native-host stopped${error ? `: ${error}` : ''}`);
      // The next change connects again, and sends its state in full.
      port = null;
      lastSent = null;
    });
  }

  function send(message) {
    const text = JSON.stringify(message);
    if (text === lastSent)
      return;
    if (port === null)
      connect();
    lastSent = text;
    port.postMessage(message);
  }

  function sendTab(tab) {
    send({ active: true, origin: respiteOriginOf(tab && tab.url) });
  }

  async function sendWindow(windowId) {
    focusedWindow = windowId;
    if (windowId === NONE) {
      send({ active: false });
      return;
    }
    const tabs = await api.tabs.query({ active: true, windowId });
    // The focus may have moved on while we asked.
    if (focusedWindow === windowId)
      sendTab(tabs[0]);
  }

  api.windows.onFocusChanged.addListener((windowId) => sendWindow(windowId));

  api.tabs.onActivated.addListener(async ({ tabId, windowId }) => {
    if (windowId !== focusedWindow)
      return;
    const tab = await api.tabs.get(tabId);
    if (tab.active && tab.windowId === focusedWindow)
      sendTab(tab);
  });

  api.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.url !== undefined && tab.active && tab.windowId === focusedWindow)
      sendTab(tab);
  });

  // Where the focus is now, when the browser or the add-on starts.
  return api.windows.getLastFocused().then((window) =>
    sendWindow(window && window.focused ? window.id : NONE));
}

if (typeof globalThis.browser !== 'undefined')
  respiteStart(globalThis.browser);
else if (typeof globalThis.chrome !== 'undefined')
  respiteStart(globalThis.chrome);
