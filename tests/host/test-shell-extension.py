# SPDX-License-Identifier: GPL-3.0-or-later
"""The GNOME Shell extension's D-Bus contract against a fake Respite (issue #20).

  test-shell-extension.py WATCHER-LEGACY WATCHER-ESM CONTRACT-XML EXTENSION-DIR ESM-DIR

The extension's watcher runs under gjs, once as GNOME 43/44 load it (a
legacy module) and once as GNOME 45+ do (an ES module), on a private
session bus (dbus-run-session) with fake-respite.py, which implements the
real contract: GDBus refuses any call whose signature differs from the
XML's. dbus-monitor shows what crossed the bus. Output is TAP.
"""

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LEGACY, ESM, CONTRACT, EXTENSION_DIR, ESM_DIR = sys.argv[1:6]
HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, 'fake-respite.py')
WORK = tempfile.mkdtemp(prefix='respite-shell-test-')
atexit.register(shutil.rmtree, WORK, True)
results = []

APP_IDS = 'org.example.Review=Example,org.example.Chat.desktop=Chat,org.example.Stale=Stale'
TOOLS = 'Example,Chat'
# Window and app names that must never reach the bus.
PRIVATE = ['org.example.Editor', 'org.gnome.Nautilus']


def ok(condition, name, detail=''):
    results.append(bool(condition))
    print(f"{'ok' if condition else 'not ok'} {len(results)} - {name}", flush=True)
    if not condition and detail:
        for line in str(detail).splitlines():
            print(f'# {line}', flush=True)


def read_calls(path):
    try:
        with open(path, encoding='utf-8') as log:
            return [(c['member'], c['args']) for c in map(json.loads, log) if c]
    except FileNotFoundError:
        return []


def wait_for(condition):
    deadline = time.monotonic() + 60
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


class Fake:
    def __init__(self, log):
        self.log = log
        self.process = subprocess.Popen([sys.executable, FAKE, 'service', CONTRACT, log,
                                         '--tools', TOOLS, '--app-ids', APP_IDS],
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == 'ready'

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


class Shell:
    def __init__(self, variant, watcher):
        self.stderr = open(os.path.join(WORK, f'gjs-{variant}.log'), 'w')
        self.process = subprocess.Popen(['gjs', '-m', os.path.join(HERE, 'test-shell-watcher.js'),
                                         variant, watcher],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.stderr, text=True)

    def do(self, command):
        self.process.stdin.write(command + '\n')
        self.process.stdin.flush()
        line = self.process.stdout.readline().strip()
        assert line == 'done', f'gjs said {line!r} to {command!r}'

    def close(self):
        self.process.stdin.close()
        return self.process.wait(timeout=60)


def scenario(variant, watcher):
    log = os.path.join(WORK, f'calls-{variant}.jsonl')
    fake = Fake(log)
    shell = Shell(variant, watcher)

    def since(before):
        return read_calls(log)[before:]

    def step(command):
        before = len(read_calls(log))
        shell.do(command)
        return since(before)

    shell.do('focus org.example.Editor.desktop')  # before start: nothing
    shell.do('start')
    ok(wait_for(lambda: read_calls(log) == [('GetAppIds', [])]),
       f'{variant}: GetAppIds once Respite is on the bus, and no call for an unlisted app',
       read_calls(log))
    shell.do('sync')

    ok(step('focus org.example.Review.desktop') == [('FocusChanged', ['shell', 'Example'])],
       f'{variant}: a listed app (app-id= without .desktop) gains the focus: "Example"')
    ok(step('focus org.example.Review.desktop') == [],
       f'{variant}: the same tool again: no call')
    ok(step('focus org.example.Chat.desktop') == [('FocusChanged', ['shell', 'Chat'])],
       f'{variant}: another listed app (app-id= with .desktop): "Chat"')
    ok(step('focus org.gnome.Nautilus.desktop') == [('FocusChanged', ['shell', ''])],
       f'{variant}: an unlisted app after a listed one: ""')
    ok(step('focus -') == [], f'{variant}: a window of no app after an unlisted one: no call')
    refused = step('focus org.example.Stale')
    again = step('focus org.example.Stale')
    ok(refused == [('FocusChanged', ['shell', 'Stale'])] and again == refused,
       f'{variant}: a tool Respite refuses: logged, and told again on the next change',
       f'{refused} {again}')

    # ToolsChanged: asked again; the same list changes nothing, a new one
    # may change the tool in front.
    shell.do('focus org.example.Review.desktop')
    before = len(read_calls(log))
    fake.process.send_signal(signal.SIGUSR1)
    ok(wait_for(lambda: since(before)[:1] == [('GetAppIds', [])]),
       f'{variant}: ToolsChanged: GetAppIds again', since(before))
    shell.do('sync')
    ok(since(before) == [('GetAppIds', [])],
       f'{variant}: the same list: the tool in front is not told again', since(before))

    # Respite leaves and comes back: asked again, the state told again.
    fake.stop()
    shell.do('wait-absent')
    shell.do('focus org.example.Chat.desktop')
    before = len(read_calls(log))
    fake = Fake(log)
    ok(wait_for(lambda: since(before) == [('GetAppIds', []), ('FocusChanged', ['shell', 'Chat'])]),
       f'{variant}: Respite restarted: GetAppIds, then the tool in front', since(before))

    shell.do('sync')
    ok(step('stop') == [('FocusChanged', ['shell', ''])] and step('focus org.example.Review') == [],
       f'{variant}: disabled: "" once, then nothing')
    status = shell.close()
    fake.stop()
    errors = open(shell.stderr.name).read()
    lines = [l for l in errors.splitlines() if l.strip()]
    ok(status == 0 and len(lines) == 2
       and all('Respite review tools: FocusChanged: GDBus.Error:org.freedesktop.DBus.Error.InvalidArgs' in l
               for l in lines)
       and not any(p in errors for p in PRIVATE),
       f'{variant}: gjs logged the two refusals alone, and no app id', errors)


monitor_log = os.path.join(WORK, 'bus.txt')
monitor = subprocess.Popen(['dbus-monitor', '--session'], stdout=open(monitor_log, 'w'),
                           stderr=subprocess.DEVNULL)
wait_for(lambda: 'member=NameLost' in open(monitor_log).read())

print('1..28', flush=True)
for variant, watcher in (('legacy', LEGACY), ('esm', ESM)):
    scenario(variant, watcher)

# Every FocusChanged on the bus carried "shell" and a listed tool's name,
# and no unlisted app id ever crossed it.
wait_for(lambda: open(monitor_log).read().count('member=FocusChanged') >= 16)
bus = open(monitor_log).read()
ok(not any(p in bus for p in PRIVATE),
   'no unlisted app id crossed the bus', [p for p in PRIVATE if p in bus])
ok(bus.count('member=FocusChanged') == 16, 'the bus carried every FocusChanged',
   bus.count('member=FocusChanged'))

# The extension as the Shell installs it.
for directory, versions in ((EXTENSION_DIR, ['43', '44']), (ESM_DIR, ['45', '46', '47'])):
    metadata = json.load(open(os.path.join(directory, 'metadata.json')))
    ok(metadata['uuid'] == 'respite-review-tools@respite.github.io'
       and metadata['shell-version'] == versions
       and all(os.path.exists(os.path.join(directory, f)) for f in ('extension.js', 'watcher.js')),
       f'metadata.json and files for GNOME {", ".join(versions)}', metadata)

monitor.terminate()
sys.exit(0 if all(results) else 1)
