#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# xvfb.sh COMMAND [ARGS…]
#
# Runs COMMAND with a private X server of its own: Xvfb, one 1024×768×24
# screen, no TCP, a fresh authorisation cookie. What xvfb-run -a does, less
# its race: xvfb-run picks a display number by looking for a free lock file
# in /tmp, so two tests that meson starts at once can pick the same one, and
# one test's clients then reach the other's server, which refuses their
# cookie ("cannot open display", seen under load in ui/crash). Here Xvfb
# picks its own number (-displayfd), taking a display only once it holds
# its socket.
#
# -noreset: by default an X server resets itself each time its last client
# leaves, and a client connecting meanwhile is refused. ui/crash, whose
# apps are killed four at a time, met it as "cannot open display"; four
# chains of xdpyinfo on one Xvfb fail 15 times in 600 with resets, never
# without.

set -u

if ! command -v Xvfb >/dev/null; then
  # TAP, as every UI test speaks it: a skip with its reason, not a pass.
  echo "1..0 # SKIP Xvfb is not installed (package xvfb)"
  exit 0
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/respite-xvfb-XXXXXX") || exit 1
xvfb_pid=
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# The server takes every cookie in its file, whatever display it names;
# the client looks its cookie up by display, once the number is known.
cookie=$(mcookie) || exit 1
touch "$dir/server" "$dir/client" || exit 1
xauth -q -f "$dir/server" add :0 . "$cookie" || exit 1

# Xvfb writes the display number to the pipe once it accepts connections,
# and closes it; if it fails to start, the pipe closes empty.
mkfifo "$dir/display" || exit 1
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp -noreset -auth "$dir/server" \
  3>"$dir/display" >"$dir/log" 2>&1 &
xvfb_pid=$!
read -r display <"$dir/display"
if [ -z "$display" ]; then
  echo "xvfb.sh: Xvfb did not start:" >&2
  cat "$dir/log" >&2
  exit 1
fi

export DISPLAY=":$display"
export XAUTHORITY="$dir/client"
xauth -q add "$DISPLAY" . "$cookie" || exit 1

"$@"
