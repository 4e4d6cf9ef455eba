#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-shell-extension.sh WATCHER-LEGACY WATCHER-ESM CONTRACT-XML EXTENSION-DIR ESM-DIR
#
# Meson runs this under dbus-run-session, so the session bus is the test's
# own. The fake Respite (fake-respite.py) needs PyGObject, a Debian package
# for the system's Python (python3-gi): the first python3 on PATH may be
# another one (pyenv, a venv), so each is tried; without it the test says
# so as a TAP skip.

set -u

here=$(dirname "$0")
python=
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'from gi.repository import Gio' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done

if [ -z "$python" ]; then
  echo "1..0 # SKIP PyGObject is not installed (package python3-gi)"
  exit 0
fi

exec "$python" "$here/test-shell-extension.py" "$@"
