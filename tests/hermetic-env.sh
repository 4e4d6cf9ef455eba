#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# hermetic-env.sh COMMAND [ARGS…]
#
# Runs one test in a home of its own, so that it takes nothing from the
# machine or the person running it: meson wraps every test in this (the
# default test setup in tests/meson.build, where the rest of the
# environment is fixed: renderer, fonts, locale, time zone, settings).
#
#   - $HOME and the XDG base folders in a fresh temporary folder, removed
#     afterwards; XDG_RUNTIME_DIR 0700 in it, as a login session makes it;
#   - no display, Wayland compositor or session bus of the caller's desktop:
#     a test that needs one makes its own (tests/xvfb.sh, dbus-run-session), and
#     a test that does not gets none, as on a build machine. The machine's
#     OpenGL (LIBGL_*, Mesa's variables) is left alone: tests/ui/test-gl.sh
#     is about it, and every other test turns GL off.

set -u

home=$(mktemp -d "${TMPDIR:-/tmp}/respite-test-home-XXXXXX") || exit 1
trap 'rm -rf "$home"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

mkdir -m 0700 "$home/runtime"
export HOME="$home"
export XDG_DATA_HOME="$home/.local/share"
export XDG_CONFIG_HOME="$home/.config"
export XDG_CACHE_HOME="$home/.cache"
export XDG_STATE_HOME="$home/.local/state"
export XDG_RUNTIME_DIR="$home/runtime"
unset DISPLAY WAYLAND_DISPLAY XAUTHORITY DBUS_SESSION_BUS_ADDRESS \
  XDG_SESSION_ID XDG_SESSION_TYPE XDG_CURRENT_DESKTOP DESKTOP_SESSION \
  AT_SPI_BUS_ADDRESS GTK_MODULES GTK_THEME GTK_DEBUG GTK_IM_MODULE \
  PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE 2>/dev/null || true

"$@"
