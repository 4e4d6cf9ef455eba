#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-atspi.sh RESPITE
#
# What a screen reader hears: runs test-atspi.py, which starts the real app
# on an accessibility bus of its own and reads it through AT-SPI, as Orca
# does. Meson runs this under tests/xvfb.sh and dbus-run-session, so the
# display and the session bus are private to the test.
#
# pyatspi is a Debian package for the system's Python (python3-pyatspi):
# the first python3 on PATH may be another one (pyenv, a venv), so each is
# tried. Without pyatspi, or without the bus launcher (at-spi2-core), the
# test says so as a TAP skip.

set -u

here=$(dirname "$0")
python=
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import pyatspi' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done

if [ -z "$python" ]; then
  echo "1..0 # SKIP pyatspi is not installed (package python3-pyatspi)"
  exit 0
fi

# G_DEBUG=fatal-warnings is for the app (tests/meson.build); libatspi's own
# warnings in the reader would stop the test, not tell about the app.
exec env -u G_DEBUG "$python" "$here/test-atspi.py" "$@"
