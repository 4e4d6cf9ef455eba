#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The GL path, on purpose: every other test draws with cairo and GDK's
# OpenGL off (tests/meson.build), so this one alone runs the real app with
# GSK_RENDERER=gl, and checks that it draws its window. Where GTK finds no
# OpenGL driver (no Mesa DRI driver installed: libgl1-mesa-dri), it is
# skipped, with GDK's reason. TAP output.
#
# Usage (meson does this):
#   tests/xvfb.sh dbus-run-session -- test-gl.sh path/to/respite path/to/gl-probe
#
# In the sanitizer build, Mesa's own leaks are suppressed for this test
# alone (build-aux/lsan-gl.supp). Mesa's atexit handler unloads its driver
# before LeakSanitizer looks, which then cannot name the driver's frames; so
# there the app runs with the driver the probe found preloaded, which keeps
# it loaded to the end. gl-probe runs without the leak check (see below).

set -uo pipefail

respite=$1
gl_probe=$2
app_id=io.github.respite.Respite
work=$(mktemp -d "${TMPDIR:-/tmp}/respite-test-gl-XXXXXX")
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

export GSK_RENDERER=gl
# The GL of tests/meson.build's GDK_DEBUG=gl-disable back on.
unset GDK_DEBUG
# No policy from /etc: the defaults.
export RESPITE_ORGANISATION_CONF="$work/no-policy.conf"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi; }

# Waits up to $1 seconds for a command to succeed: a limit on waiting for
# an event, generous for a loaded machine and the sanitizer build.
wait_for() {
  local limit=$1; shift
  local end=$((SECONDS + limit))
  while [ "$SECONDS" -lt "$end" ]; do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

sanitizer_report() { grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' -A20 "$1"; }

# --- does GTK have OpenGL here? ---------------------------------------------

# Memory errors in the probe are reported, leaks not: it is a test helper,
# and what it leaks is GTK's and Mesa's. On one CI machine Mesa's one-time
# 128 bytes came with a stack LeakSanitizer could not unwind, so no
# suppression could name it; the app's own leak check below is kept.
probe=$(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$gl_probe" 2>"$work/probe.stderr")
case "$probe" in
  none=*)
    echo "1..0 # SKIP GTK has no OpenGL on this machine (${probe#none=}); install libgl1-mesa-dri to test the GL renderer"
    exit 0
    ;;
esac
driver=$(sed -n 's/^driver=//p' <<<"$probe")
echo "# gl-probe: $(tr '\n' ' ' <<<"$probe")"
check "GTK realizes a window with its GL renderer when asked for it" \
  grep -qx renderer=GskGLRenderer <<<"$probe"
if report=$(sanitizer_report "$work/probe.stderr"); then
  not_ok "no sanitizer report from the probe" "$(echo "$report" | head -30)"
else
  ok "no sanitizer report from the probe"
fi

# --- the app, drawn by GL ------------------------------------------------------

window_id() { xwininfo -root -tree | awk '/"Respite"/ { print $1; exit }'; }
on_bus() {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$app_id" | grep -q true
}
# The window's colours: a drawn window has text, so hundreds of them
# (antialiasing); an undrawn or black one has one or two.
colours() { convert "$work/shot.png" -format %k info: 2>/dev/null; }
drawn() {
  import -window "$(window_id)" "$work/shot.png" 2>/dev/null || return 1
  local c; c=$(colours) && [ "$c" -gt 64 ]
}
mesa_loaded() { grep -Eq '/[a-z0-9_]+_dri\.so' "/proc/$app_pid/maps"; }

if [ -n "${ASAN_OPTIONS:-}" ] && [ -n "$driver" ]; then
  # AddressSanitizer's runtime need not come first for a preloaded library
  # that only pins the driver in memory.
  ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" LD_PRELOAD="$driver" \
    "$respite" >"$work/stdout" 2>"$work/stderr" &
else
  "$respite" >"$work/stdout" 2>"$work/stderr" &
fi
app_pid=$!
check "the app starts and owns its bus name" wait_for 60 on_bus
check "its window is on screen" wait_for 60 bash -c "xwininfo -root -tree | grep -q '\"Respite\"'"
check "the window is drawn: not blank" wait_for 60 drawn
echo "# $(colours) colours in the window"
check "Mesa's DRI driver is loaded in the app" mesa_loaded
check "the app is still running" kill -0 "$app_pid"
kill "$app_pid" 2>/dev/null
wait "$app_pid" 2>/dev/null

if grep -E 'CRITICAL|WARNING' "$work/stderr" >"$work/bad"; then
  not_ok "no critical warnings on stderr" "$(head -5 "$work/bad")"
else
  ok "no critical warnings on stderr"
fi
# In the sanitizer build the app checked itself for leaks as it quit.
if report=$(sanitizer_report "$work/stderr"); then
  not_ok "no sanitizer report from the app" "$(echo "$report" | head -40)"
else
  ok "no sanitizer report from the app"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
