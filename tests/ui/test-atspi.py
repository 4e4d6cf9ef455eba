#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What a screen reader hears (issue #21): the real app on an accessibility
# bus of its own, read through AT-SPI with pyatspi, the library Orca and
# Accerciser use. tests/ui/test-a11y.c audits the widgets in-process; this
# reads what leaves the process, which is what a person hears.
#
# Every view and window is walked (Now, the break, the end of a shift,
# History with its tables open, Support, Preferences, a check-in, What My
# Team Sees), and the test fails on:
#
#   - an interactive node whose name is empty, is a GTK class name (what
#     GTK 4.8 falls back to: "GtkMenuButton", "GtkExpander"), still has a
#     mnemonic's underscore, or says a word sequence twice ("_Start
#     Exposure Start Exposure", "Call Call");
#   - an interactive node inside another of the same name (heard twice:
#     the check-in's answers as a radio and a check box);
#   - a chart whose summary gives figures while the screen beside it says
#     there are none;
#   - a "Show as Table" that opens on something without table roles;
#   - a crisis line that is not a link with an action and its number in
#     its name;
#   - a control in a hidden page that can be reached: GTK 4.8 gives the
#     "showing" state to top-level windows only, so what is hidden is told
#     by its extents: an unmapped widget has none.
#
# Then the keyboard alone, through xdotool, with the focus followed through
# AT-SPI: a break taken and ended, and Support opened and the crisis line
# dialled (tel: goes to a fake dialler that writes down the number). The
# check-in's keyboard walk is tests/ui/test-check-in-view.c's.
#
# Usage (meson does this):
#   tests/xvfb.sh dbus-run-session -- test-atspi.sh path/to/respite

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

import pyatspi

APP_ID = 'io.github.respite.Respite'
LAUNCHERS = ['/usr/libexec/at-spi-bus-launcher',
             '/usr/lib/at-spi2-core/at-spi-bus-launcher']

# Roles a person operates. A focusable node of another role counts too,
# unless it is a plain container.
INTERACTIVE = {
    'push button', 'toggle button', 'check box', 'radio button', 'page tab',
    'link', 'menu item', 'check menu item', 'radio menu item', 'combo box',
    'spin button', 'slider', 'entry', 'password text', 'switch', 'list item',
    'tree item', 'menu', 'popup menu',
}
CONTAINERS = {'scroll pane', 'panel', 'filler', 'frame', 'page tab list',
              'dialog', 'window', 'viewport'}
CLASS_NAME = re.compile(r'^(Gtk|Adw|Respite)[A-Z][A-Za-z]+$')
MNEMONIC = re.compile(r'(^|\W)_\w|\w_\w')

n = 0
failed = 0


def ok(name):
    global n
    n += 1
    print(f'ok {n} - {name}', flush=True)


def not_ok(name, details=()):
    global n, failed
    n += 1
    failed += 1
    print(f'not ok {n} - {name}', flush=True)
    for line in details:
        print(f'# {line}', flush=True)


def check(name, offenders):
    if offenders:
        not_ok(name, offenders)
    else:
        ok(name)


def bail(reason):
    print(f'Bail out! {reason}', flush=True)
    sys.exit(1)


def wait_for(limit, condition, what):
    """Waits up to limit seconds for condition() to be true: a limit on
    waiting for an event, never a measure of how long it took."""
    deadline = time.monotonic() + limit
    while True:
        try:
            value = condition()
        except Exception:  # a node that went away while we looked
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f'timed out waiting for {what}')
        time.sleep(0.1)


# --- the tree ----------------------------------------------------------------

class Node:
    def __init__(self, acc, path, parent):
        self.acc = acc
        self.parent = parent
        self.role = acc.getRoleName()
        self.name = acc.name or ''
        self.description = acc.description or ''
        states = acc.getState()
        self.focusable = states.contains(pyatspi.STATE_FOCUSABLE)
        self.sensitive = states.contains(pyatspi.STATE_SENSITIVE)
        self.visible = states.contains(pyatspi.STATE_VISIBLE)
        self.focused = states.contains(pyatspi.STATE_FOCUSED)
        self.checked = states.contains(pyatspi.STATE_CHECKED)
        try:
            e = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            self.extents = (e.x, e.y, e.width, e.height)
        except NotImplementedError:
            self.extents = None
        self.path = f'{path}/{self.role}:{self.name!r}'
        self.children = []

    @property
    def on_screen(self):
        return self.extents is None or (self.extents[2] > 0 and self.extents[3] > 0)

    @property
    def interactive(self):
        return self.role in INTERACTIVE or (self.focusable and self.role not in CONTAINERS)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def ancestors(self):
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def n_actions(self):
        try:
            return self.acc.queryAction().nActions
        except NotImplementedError:
            return 0


def read_tree(acc, path='', parent=None, depth=0):
    node = Node(acc, path, parent)
    if depth < 60:
        for i in range(acc.childCount):
            child = acc.getChildAtIndex(i)
            if child is not None:
                node.children.append(read_tree(child, node.path, node, depth + 1))
    return node


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        a = desktop.getChildAtIndex(i)
        if a is not None and a.name == 'respite':
            return a
    return None


def windows():
    """Every window of the app, read afresh (no cached children)."""
    app = find_app()
    app.clear_cache()
    return [read_tree(app.getChildAtIndex(i)) for i in range(app.childCount)]


def window_named(title):
    for w in windows():
        if w.name == title:
            return w
    return None


def on_screen_text(tree, text):
    return any(node.name == text and node.on_screen for node in tree.walk())


# --- the checks --------------------------------------------------------------

def words(name):
    return re.findall(r"[\w’']+", name.replace('_', '').lower())


def repeats(name):
    """Whether the name says a word sequence twice: all of it doubled, or
    any run of two or more words heard twice."""
    w = words(name)
    if any(a == b for a, b in zip(w, w[1:])):
        return True
    half = len(w) // 2
    if len(w) >= 2 and len(w) % 2 == 0 and w[:half] == w[half:]:
        return True
    for k in range(2, half + 1):
        seen = set()
        for i in range(len(w) - k + 1):
            gram = tuple(w[i:i + k])
            if gram in seen:
                return True
            seen.add(gram)
    return False


# libadwaita's own: AdwViewSwitcherTitle keeps a narrow and a wide switcher
# and shows one; nothing of ours reaches the other.
# AdwPreferencesWindow keeps its search bar, its search results and its
# bottom switcher in the tree while hidden: its own, out of our reach.
# Printed, not counted.
def toolkit_hidden(node):
    ancestors = list(node.ancestors())
    if any(a.name == 'AdwViewSwitcherTitle' for a in ancestors):
        return True
    window = ancestors[-1] if ancestors else node
    if window.name == 'Preferences':
        if node.name in ('GtkSearchEntry', 'GtkListBox') or \
           any(a.name == 'AdwViewSwitcherBar' for a in ancestors):
            print(f'# toolkit, not counted: {node.path}')
            return True
    return False


def audit(view, trees):
    names = []
    class_names = []
    doubled = []
    nested = []
    hidden = []
    for tree in trees:
        for node in tree.walk():
            if not node.interactive or not node.visible:
                continue
            reachable = node.focusable and node.sensitive
            if not node.on_screen:
                if reachable and not toolkit_hidden(node):
                    hidden.append(node.path)
                continue
            if node.name.strip() == '':
                names.append(node.path)
            elif CLASS_NAME.match(node.name):
                class_names.append(node.path)
            elif repeats(node.name) or MNEMONIC.search(node.name):
                doubled.append(node.path)
            # Two of one name, one inside the other, and one of them out
            # of the keyboard's reach: heard twice, pressed once.
            if node.name and any(d is not node and d.interactive and d.on_screen and d.name == node.name
                                 and not (d.focusable and node.focusable)
                                 for d in node.walk()):
                nested.append(node.path)
        for node in tree.walk():
            # Not heard but reached: a class name on anything focusable.
            if node.focusable and CLASS_NAME.match(node.name) and node.on_screen \
               and not node.interactive:
                class_names.append(node.path)
    check(f'{view}: every control has a name', names)
    check(f'{view}: no control is named after its GTK class', class_names)
    check(f'{view}: no name says its words twice or shows a mnemonic', doubled)
    check(f'{view}: no control is heard twice, inside another of its name', nested)
    check(f'{view}: no control in a hidden page can be reached', hidden)


def charts(view, tree):
    """A chart (an image with a summary) whose neighbours say there is no
    data must not read out figures."""
    offenders = []
    found = 0
    for node in tree.walk():
        if node.role != 'image' or not node.description or not node.on_screen:
            continue
        found += 1
        if repeats(node.name):
            offenders.append(f'{node.path}: name heard twice')
        empty = [s.name for s in node.parent.children
                 if s.role == 'label' and s.on_screen and re.match(r'^No .* in this period\.$', s.name)]
        if empty and re.search(r'\d', node.description):
            offenders.append(f'{node.path}: screen says {empty[0]!r}, summary says {node.description!r}')
    if found == 0:
        offenders.append('no chart found')
    check(f'{view}: every chart has one name and a summary that agrees with the screen', offenders)


def tables(view, tree, expanders):
    offenders = []
    for exp in expanders:
        table = [d for d in exp.walk() if d.role == 'table']
        if not table:
            loose = sum(1 for d in exp.walk() if d.role == 'label')
            offenders.append(f'{exp.path}: no table, {loose} plain labels')
            continue
        t = table[0]
        if t.name == '' or CLASS_NAME.match(t.name):
            offenders.append(f'{t.path}: the table has no name')
        rows = [r for r in t.children if r.role == 'table row']
        if not rows or len(rows) != len(t.children):
            offenders.append(f'{t.path}: children are not all table rows')
            continue
        # GTK 4.8 has no AT-SPI role for a header (its COLUMN_HEADER comes
        # through as a filler): a header row of cells then, and each figure
        # described by its column's heading.
        headers = [c.name for c in rows[0].children]
        if not headers or not all(c.role in ('column header', 'table column header', 'table cell')
                                  for c in rows[0].children):
            offenders.append(f'{t.path}: the first row is not headers: '
                             f'{[c.role for c in rows[0].children]}')
        for r in rows[1:]:
            if not r.children or not all(c.role in ('table cell', 'row header', 'table row header')
                                         for c in r.children):
                offenders.append(f'{r.path}: not table cells: {[c.role for c in r.children]}')
                break
            if rows[0].children[0].role == 'table cell' and \
               [c.description for c in r.children] != headers[:len(r.children)]:
                offenders.append(f'{r.path}: cells not described by their column headers')
                break
    if not expanders:
        offenders.append('no "Show as Table" found')
    check(f'{view}: every "Show as Table" opens on a table with rows and headers', offenders)


def crisis_line(view, tree):
    calls = [node for node in tree.walk() if node.interactive and node.name.startswith('Call')]
    offenders = []
    if not calls:
        offenders.append('no "Call" control found')
    for node in calls:
        if node.role != 'link':
            offenders.append(f'{node.path}: role {node.role}, not link')
        if node.n_actions() == 0:
            offenders.append(f'{node.path}: no action')
        if not re.search(r'\d', node.name):
            offenders.append(f'{node.path}: no number in its name')
    check(f'{view}: the crisis line is a link to call, with its number in its name', offenders)


# --- the app -----------------------------------------------------------------

def action(name, parameter=None):
    args = ['gapplication', 'action', APP_ID, name]
    if parameter is not None:
        args.append(parameter)
    subprocess.run(args, check=True)


def do_action(node, wanted=None):
    a = node.acc.queryAction()
    index = 0
    if wanted is not None:
        for i in range(a.nActions):
            if a.getName(i) == wanted:
                index = i
    a.doAction(index)


@contextmanager
def section(view):
    """A step that cannot go on (a window that never came) is one failed
    test, and the next step is tried."""
    try:
        yield
    except Exception as e:
        not_ok(f'{view}: {type(e).__name__}: {e}')


def is_table_expander(node):
    # GTK 4.8 names an expander without an accessible label "GtkExpander".
    return node.interactive and node.on_screen and \
        (node.name.replace('_', '').startswith('Show as Table') or node.name == 'GtkExpander')


def main_window():
    return window_named('Respite')


def settle_on(title, text, what):
    """Waits until window title shows text on screen, and returns the
    window's tree."""
    return wait_for(60, lambda: (lambda w: w if w is not None and on_screen_text(w, text) else None)(
        window_named(title)), what)


def sql(db, query):
    with sqlite3.connect(db) as c:
        return c.execute(query).fetchall()


def xdotool(*args):
    subprocess.run(['xdotool', *args], check=True)


def main():
    respite = os.path.abspath(sys.argv[1])

    launcher = next((p for p in LAUNCHERS if os.access(p, os.X_OK)), None)
    if launcher is None:
        print('1..0 # SKIP at-spi-bus-launcher is not installed (package at-spi2-core)')
        return 0
    if shutil.which('xdotool') is None:
        print('1..0 # SKIP xdotool is not installed (package xdotool)')
        return 0

    work = tempfile.mkdtemp(prefix='respite-test-atspi-')
    env = dict(os.environ)
    # tests/meson.build keeps every other test off the accessibility bus.
    env.pop('NO_AT_BRIDGE', None)
    env['GTK_A11Y'] = 'atspi'
    env['XDG_DATA_HOME'] = os.path.join(work, 'data')
    env['XDG_CONFIG_HOME'] = os.path.join(work, 'config')
    db = os.path.join(work, 'data', 'respite', 'respite.db')

    # The fake dialler: tel: addresses go to it, and it writes them down.
    dialled = os.path.join(work, 'dialled')
    os.makedirs(os.path.join(work, 'data', 'applications'))
    os.makedirs(os.path.join(work, 'config'))
    dialler = os.path.join(work, 'fake-dialler')
    with open(dialler, 'w') as f:
        f.write(f'#!/bin/sh\necho "$1" >> {dialled}\n')
    os.chmod(dialler, 0o755)
    with open(os.path.join(work, 'data', 'applications', 'fake-dialler.desktop'), 'w') as f:
        f.write('[Desktop Entry]\nType=Application\nName=Fake Dialler\n'
                f'Exec={dialler} %u\n'
                'MimeType=x-scheme-handler/tel;\nNoDisplay=true\n')
    with open(os.path.join(work, 'config', 'mimeapps.list'), 'w') as f:
        f.write('[Default Applications]\nx-scheme-handler/tel=fake-dialler.desktop\n')

    # The accessibility bus, started here rather than by D-Bus activation
    # so that what its daemons print (at-spi2-registryd says it is
    # running, on stdout) stays out of the TAP stream.
    bus = subprocess.Popen([launcher, '--launch-immediately'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = None
    try:
        try:
            wait_for(30, lambda: 'true' in subprocess.run(
                ['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
                 '--object-path', '/org/freedesktop/DBus',
                 '--method', 'org.freedesktop.DBus.NameHasOwner', 'org.a11y.Bus'],
                capture_output=True, text=True).stdout, 'the accessibility bus')
        except TimeoutError:
            print('1..0 # SKIP the accessibility bus did not start')
            return 0

        app = subprocess.Popen([respite], env=env, stdout=subprocess.DEVNULL)
        try:
            settle_on('Respite', 'Not exposed', 'the main window on the accessibility bus')
        except TimeoutError as e:
            bail(str(e))

        with section('Now'):
            audit('Now', [main_window()])

        with section('Main menu'):
            w = main_window()
            menu = next(node for node in w.walk()
                        if node.role in ('push button', 'toggle button') and node.n_actions() > 0
                        and 'Menu' in (node.name + node.description))
            do_action(menu)
            tree = wait_for(30, lambda: (lambda t: t if any(n.role in ('menu', 'popup menu') and n.on_screen
                                                            for n in t.walk()) else None)(main_window()),
                            'the main menu')
            audit('Main menu', [tree])
            xdotool('key', 'Escape')
            wait_for(30, lambda: not any(n.role in ('menu', 'popup menu') and n.on_screen
                                         for n in main_window().walk()), 'the menu to close')

        with section('A video block'):
            action('start-exposure', "'video'")
            w = settle_on('Respite', 'Sound off first, and view it smaller. Greyscale, if your tool has it.',
                          'the viewing-aid reminder on Now')
            audit('A video block', [w])
            check('“That Was Hard” is on Now during a block',
                  [] if any(n.role == 'push button' and n.name == 'That Was Hard' and n.on_screen
                            for n in w.walk()) else ['no such button on screen'])
            action('stop-exposure')
            w = settle_on('Respite', 'Not exposed', 'the block to stop')
            check('neither stays once the block stops',
                  [n.name for n in w.walk() if n.on_screen and
                   n.name in ('That Was Hard', 'Sound off first, and view it smaller. Greyscale, if your tool has it.')])

        with section('Break'):
            keyboard_break(db)

        with section('End of shift'):
            action('end-shift')
            w = settle_on('Respite', 'Time to Unwind', 'the decompression page')
            audit('End of shift', [w])
            do_action(next(n for n in w.walk() if n.role == 'push button' and n.name == 'Done'))
            settle_on('Respite', 'Not exposed', 'the end of decompression')

        with section('History'):
            action('show-view', "'history'")
            w = settle_on('Respite', 'Exposure per Day', 'History')
            audit('History', [w])
            charts('History', w)
            for e in [node for node in w.walk() if is_table_expander(node)]:
                do_action(e)
            w = wait_for(30, lambda: (lambda t: t if sum(1 for n in t.walk() if n.on_screen and n.name == 'Day') >= 3
                                      else None)(main_window()), 'the tables to open')
            audit('History, tables open', [w])
            tables('History', w, [e.parent for e in w.walk() if is_table_expander(e)])

        with section('Support'):
            w = keyboard_support(dialled)
            audit('Support', [w])
            crisis_line('Support', w)

        with section('Check-in'):
            action('check-in', "'who5'")
            check_in = wait_for(60, lambda: next((t for t in windows() if 'Check-In' in t.name
                                                  and any(n.role in ('radio button', 'check box') for n in t.walk())),
                                                 None), 'the check-in window')
            audit('Check-in', [check_in])

        with section('Preferences'):
            action('preferences')
            audit('Preferences', [wait_for(60, lambda: window_named('Preferences'), 'Preferences')])

        with section('What My Team Sees'):
            action('sharing')
            audit('What My Team Sees', [wait_for(60, lambda: window_named('What My Team Sees'),
                                                 'What My Team Sees')])
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(30)
            except subprocess.TimeoutExpired:
                app.kill()
        bus.terminate()
        bus.wait()
        shutil.rmtree(work, ignore_errors=True)

    print(f'1..{n}')
    return 1 if failed else 0


def focused(title):
    w = window_named(title)
    return next((node for node in w.walk() if node.focused), None) if w is not None else None


def focus_window(title):
    """No window manager here: the window is given the keyboard by xdotool,
    as a click would give it."""
    xid = wait_for(60, lambda: subprocess.run(['xdotool', 'search', '--onlyvisible', '--name', f'^{title}$'],
                                              capture_output=True, text=True).stdout.split(),
                   f'the {title} window on the X server')[0]
    xdotool('windowfocus', '--sync', xid)


def press(key):
    xdotool('key', key)


def tab_to(title, wanted, what, limit=60):
    """Presses Tab until the focus is on what wanted(node) accepts, and
    returns that node: at most limit presses, each waited for."""
    before = None
    seen = []
    for _ in range(limit):
        # GTK 4.8 does not always take the focused state back from the
        # node the focus left: any focused node will do.
        w = window_named(title)
        hit = next((n for n in w.walk() if n.focused and wanted(n)), None) if w is not None else None
        if hit is not None:
            return hit
        node = focused(title)
        before = node.path if node is not None else None
        seen.append(f'{node.role}:{node.name!r}' if node is not None else None)
        press('Tab')
        # The focus moves, or the window has come round to where it was.
        try:
            wait_for(10, lambda: (lambda f: f is not None and f.path != before)(focused(title)),
                     'the focus to move')
        except TimeoutError:
            pass
    raise TimeoutError(f'Tab never reached {what}, only {seen}')


def keyboard_break(db):
    """Ctrl+B, then Tab to End Break Early and Enter; the page is
    audited while the break runs."""
    focus_window('Respite')
    press('ctrl+b')
    audit('Break', [settle_on('Respite', 'Take a Breather', 'the break, after Ctrl+B')])
    tab_to('Respite', lambda f: f.role == 'push button' and f.name == 'End Break Early',
           'End Break Early')
    press('Return')
    settle_on('Respite', 'Not exposed', 'the end of the break, after Enter')
    wait_for(30, lambda: sql(db, "SELECT COUNT(*) FROM breaks WHERE ended_at IS NOT NULL")[0][0] >= 1,
             'the break to be recorded')
    ok('Keyboard: a break taken with Ctrl+B and ended early with Tab and Enter')


def keyboard_support(dialled):
    """F1, then Tab to the crisis line and Enter: it dials."""
    focus_window('Respite')
    press('F1')
    w = settle_on('Respite', 'You Do Not Have to Carry This Alone', 'Support, after F1')
    call = tab_to('Respite', lambda f: f.role == 'link' and f.name.startswith('Call'), 'the crisis line')
    press('Return')
    wait_for(30, lambda: os.path.exists(dialled) and open(dialled).read().strip(), 'the fake dialler')
    uri = open(dialled).read().split()[0]
    digits = re.sub(r'\D', '', uri)
    check(f'Keyboard: Support opened with F1, the crisis line reached with Tab and dialled with Enter ({call.name!r})',
          [] if uri.startswith('tel:') and digits and digits == re.sub(r'\D', '', call.name)
          else [f'dialled {uri!r} for {call.name!r}'])
    return w


if __name__ == '__main__':
    sys.exit(main())
