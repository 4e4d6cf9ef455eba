#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the Flatpak manifest without a runtime (the CI cannot download one):
#
#   check-flatpak.py MANIFEST APP_ID SOURCE_DIR… [--outside=DIR…]
#                                                  check the manifest; DIR holds
#                                                  programs that never run in
#                                                  the sandbox (src/host: the
#                                                  browsers start it outside)
#   check-flatpak.py --self-test                   show the check can fail
#
# 1. The manifest parses, names the app, its command and a pinned GNOME
#    runtime, and pins every source it downloads.
# 2. Every D-Bus name in a string literal of the C sources is reachable from
#    the sandbox: granted by a talk-name, system-talk-name or own-name, or
#    always reachable (the bus itself, portals, the app's own id). A new
#    name in the code without its permission fails here, not in a user's
#    sandbox.
# 3. No permission is left that nothing uses ("the finish-args the app needs
#    and no more"); the few used inside libraries are listed below, with why.
#
# Names built at run time (g_strdup_printf) cannot be seen: keep bus names in
# literals, as src/desktop/respite-presence-private.h does.

import json
import pathlib
import re
import sys

# Used by a library rather than named in our sources.
LIBRARY_NAMES = {
    'org.freedesktop.secrets': 'libsecret keeps the team store password in the keyring',
}

# Interfaces the app exports on its own bus name, which others call: the
# sandbox lets anyone outside reach the app's own name.
EXPORTED_INTERFACES = {
    'io.github.respite.ReviewTools1': 'the review-tool watchers tell the app what is in front',
}

# Reachable from any sandbox without a finish-arg.
ALWAYS_REACHABLE = ('org.freedesktop.DBus', 'org.freedesktop.portal.')

# Permissions a time logger must never hold: they escape or defeat the sandbox.
FORBIDDEN_ARGS = {
    '--socket=session-bus', '--socket=system-bus', '--filesystem=host', '--filesystem=home',
    '--filesystem=host-root', '--device=all', '--talk-name=org.freedesktop.Flatpak',
}

# A string literal that looks like a reverse-DNS D-Bus name or interface.
BUS_NAME = re.compile(r'^(?:org|com|io|net)\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$')
# Literals and comments together, so that a name in a comment is skipped
# and "/*" inside a literal does not start a comment.
TOKENS = re.compile(r'"(?:\\.|[^"\\\n])*"|/\*.*?\*/|//[^\n]*', re.S)


def string_literals(text):
    for token in TOKENS.finditer(text):
        if token.group().startswith('"'):
            yield token.group()[1:-1]


def bus_names_in(paths, outside=()):
    """Maps each bus-name-like literal to the files that use it, but for
    those under a folder of @outside."""
    names = {}
    for path in paths:
        files = [path] if path.is_file() else sorted(path.rglob('*.[ch]'))
        for source in files:
            if any(source.resolve().is_relative_to(o.resolve()) for o in outside):
                continue
            for literal in string_literals(source.read_text(encoding='utf-8')):
                if BUS_NAME.match(literal):
                    names.setdefault(literal, set()).add(str(source))
    return names


def granted_names(finish_args):
    granted = set()
    for arg in finish_args:
        for option in ('--talk-name=', '--system-talk-name=', '--own-name=',
                       '--system-own-name='):
            if arg.startswith(option):
                granted.add(arg[len(option):])
    return granted


def grant_covers(grant, name):
    """Whether @grant lets the app reach @name, or the service whose
    interface it is: "org.freedesktop.login1.Manager" is an interface of
    "org.freedesktop.login1"."""
    if grant.endswith('.*'):
        return name.startswith(grant[:-1])
    return name == grant or name.startswith(grant + '.')


def covers(granted, name):
    return name.startswith(ALWAYS_REACHABLE) or any(grant_covers(g, name) for g in granted)


def check_manifest(manifest, app_id):
    problems = []

    def expect(key, wanted):
        if manifest.get(key) != wanted:
            problems.append(f'"{key}" is {manifest.get(key)!r}, expected {wanted!r}')

    expect('app-id', app_id)
    expect('command', 'respite')
    expect('runtime', 'org.gnome.Platform')
    expect('sdk', 'org.gnome.Sdk')
    version = str(manifest.get('runtime-version', ''))
    if not re.fullmatch(r'\d+', version):
        problems.append(f'"runtime-version" {version!r} is not a pinned stable GNOME release')

    modules = manifest.get('modules', [])
    if not modules or modules[-1].get('sources', [{}])[0].get('type') != 'dir':
        problems.append('the last module must build this tree (a "dir" source)')
    for module in modules:
        for source in module.get('sources', []):
            kind = source.get('type')
            if kind in ('archive', 'file') and 'url' in source and 'sha256' not in source:
                problems.append(f'module {module.get("name")}: {source["url"]} has no sha256')
            if kind == 'git' and not re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')):
                problems.append(f'module {module.get("name")}: git source has no commit')

    for arg in manifest.get('finish-args', []):
        if arg in FORBIDDEN_ARGS:
            problems.append(f'{arg} defeats the sandbox')
    return problems


def check_bus_names(finish_args, app_id, used):
    problems = []
    granted = granted_names(finish_args) | {app_id}

    for name in sorted(used):
        if name in EXPORTED_INTERFACES:
            continue
        if not covers(granted, name):
            problems.append(f'{name} (used in {", ".join(sorted(used[name]))}) needs a '
                            f'--talk-name or --system-talk-name in the manifest')

    for name in sorted(granted - {app_id}):
        if name not in LIBRARY_NAMES and not any(grant_covers(name, u) for u in used):
            problems.append(f'{name} is granted but nothing uses it: remove it, or say '
                            f'which library needs it in LIBRARY_NAMES')
    return problems


def self_test():
    """The check must fail on an uncovered name and pass once it is granted."""
    args = ['--talk-name=org.gnome.ScreenSaver', '--talk-name=org.freedesktop.secrets']
    code = '''
      /* "org.example.InAComment" is not code */
      #define SS "org.gnome.ScreenSaver"
      call ("org.example.Uncovered", "org.gnome.ScreenSaver.ActiveChanged",
            "org.freedesktop.portal.Desktop", "io.github.respite.Respite.Policy",
            "/org/example/Path", "not a name");
    '''
    used = {name: {'test.c'} for name in string_literals(code) if BUS_NAME.match(name)}
    problems = check_bus_names(args, 'io.github.respite.Respite', used)
    assert len(problems) == 1 and problems[0].startswith('org.example.Uncovered'), problems
    assert check_bus_names(args + ['--talk-name=org.example.Uncovered'],
                           'io.github.respite.Respite', used) == []
    # A permission nobody uses is reported too.
    problems = check_bus_names(args + ['--talk-name=org.example.*', '--talk-name=org.gnome.Unused'],
                               'io.github.respite.Respite', used)
    assert problems == ['org.gnome.Unused is granted but nothing uses it: remove it, or say '
                        'which library needs it in LIBRARY_NAMES'], problems
    assert check_manifest({'runtime-version': 'master'}, 'x') != []
    print('self-test passed')
    return 0


def main(argv):
    if argv[1:] == ['--self-test']:
        return self_test()
    if len(argv) < 4:
        print('usage: check-flatpak.py MANIFEST APP_ID SOURCE_DIR… [--outside=DIR…] | --self-test',
              file=sys.stderr)
        return 2

    manifest = json.loads(pathlib.Path(argv[1]).read_text(encoding='utf-8'))
    outside = [pathlib.Path(a[len('--outside='):]) for a in argv[3:] if a.startswith('--outside=')]
    used = bus_names_in((pathlib.Path(p) for p in argv[3:] if not p.startswith('--outside=')),
                        outside)
    problems = (check_manifest(manifest, argv[2]) +
                check_bus_names(manifest.get('finish-args', []), argv[2], used))

    for problem in problems:
        print(f'{argv[1]}: {problem}', file=sys.stderr)
    if not problems:
        print(f'{len(used)} D-Bus names in the sources, all reachable: '
              f'{", ".join(sorted(used))}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
