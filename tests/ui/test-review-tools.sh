#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Exposure that follows the review tool (issue #20), in the real app under
# Xvfb with a real EWMH window manager (openbox) on a private session bus:
#
# - X11: xdotool brings xlogo (the policy's tool, wm-class XLogo) in front
#   and a block of its kind starts; another window in front for longer than
#   the [Idle] threshold ends it; a window without WM_CLASS is no tool.
# - D-Bus: io.github.respite.ReviewTools1 called with gdbus as the Shell
#   extension and the native host would: GetAppIds, FocusChanged, an
#   unknown tool or source refused with InvalidArgs and no change, and a
#   caller that leaves the bus counting as no tool in front.
#
# TAP output. Usage (meson does this):
#   tests/xvfb.sh dbus-run-session -- test-review-tools.sh path/to/respite path/to/no-class-window \
#     data/dbus/io.github.respite.ReviewTools1.xml

set -uo pipefail

respite=$1
no_class_window=$2
contract=$3
fake_notifications=$(dirname "$0")/fake-notifications.py
app_id=io.github.respite.Respite
path=/io/github/respite/Respite
iface=io.github.respite.ReviewTools1
work=$(mktemp -d /tmp/respite-test-review-XXXXXX)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }

for tool in openbox xlogo xdotool gdbus sqlite3; do
  command -v "$tool" >/dev/null || skip_all "$tool is not installed (build-aux/dev installs it)"
done

export GSETTINGS_BACKEND=memory
export GTK_A11Y=none NO_AT_BRIDGE=1
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export RESPITE_ORGANISATION_CONF="$work/organisation.conf"
db="$XDG_DATA_HOME/respite/respite.db"

# The shortest [Idle] threshold there is: 30 seconds of another window in
# front end a block started by the tool.
cat >"$RESPITE_ORGANISATION_CONF" <<'EOF'
[ReviewTools]
mode=track
[Idle]
image-seconds=30
[Review tool Queue]
wm-class=XLogo
app-id=org.example.Queue
kind=image
[Review tool Player]
origin=https://player.example.org
kind=video
[Review tool Broken]
origin=https://player.example.org/path
EOF

# Waits up to $1 seconds for a command to succeed: a limit, never a measure.
wait_for() {
  local limit=$1; shift
  for _ in $(seq $((limit * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

sql() { sqlite3 -batch -noheader "$db" "$1"; }
status_is() { "$respite" --status | grep -q "^$1"; }
blocks_are() { [ "$(sql "SELECT group_concat(kind || ':' || ifnull(end_reason, 'open'), ' ') FROM exposure_blocks")" = "$1" ]; }
on_bus() {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$app_id" | grep -q true
}
call() { gdbus call --session --dest "$app_id" --object-path "$path" --method "$iface.$1" "${@:2}"; }
active_is() { [ "$(xdotool getactivewindow 2>/dev/null)" = "$1" ]; }
# xdotool's --sync waits without a limit of its own.
activate() { timeout 20 xdotool windowactivate --sync "$1" 2>/dev/null || xdotool windowactivate "$1"; wait_for 30 active_is "$1"; }
window_of() { timeout 20 xdotool search --sync --classname "$1" 2>/dev/null | head -1; }

openbox --sm-disable >"$work/openbox.log" 2>&1 &
check "openbox manages the screen" wait_for 30 bash -c "xprop -root _NET_SUPPORTING_WM_CHECK | grep -q 'window id'"

# --- X11 -------------------------------------------------------------------

"$no_class_window" >"$work/noclass.log" 2>&1 &
noclass_pid=$!
xlogo -geometry 200x200+10+10 &
check "xlogo is mapped" wait_for 30 bash -c "xdotool search --classname xlogo"
logo=$(window_of xlogo)
noclass=$(timeout 20 xdotool search --sync --name '^respite-no-class$' 2>/dev/null | head -1)
check "a window without WM_CLASS is mapped" test -n "$noclass"

# The reviewer is at the keyboard throughout, working in another window:
# the pointer moves now and then, so that the X server's idle time never
# pauses a block before the review tool's absence ends it.
(while :; do xdotool mousemove_relative 1 0; sleep 2; xdotool mousemove_relative -- -1 0; sleep 2; done) &

# openbox gives each new window the focus: the app starts with the window
# without a class in front.
activate "$noclass"
# Debug messages go to stdout.
G_MESSAGES_DEBUG=respite-application,respite-x11-focus \
  "$respite" >>"$work/stdout" 2>>"$work/stderr" &
app_pid=$!
check "the app starts with the review-tool policy" wait_for 60 on_bus
check "the policy's bad origin is reported with its line" \
  wait_for 10 grep -q "organisation.conf:13: \[Review tool Broken\] origin: “https://player.example.org/path” is not an origin" "$work/stderr"

check "a window without WM_CLASS is no tool, with a debug message" \
  wait_for 30 grep -q "active window 0x[0-9a-f]* has no WM_CLASS" "$work/stdout"
check "and starts nothing" status_is state=idle

activate "$logo"
check "xlogo in front starts an image block" wait_for 30 status_is "state=exposed kind=image"
check "the store has one open image block" wait_for 10 blocks_are "image:open"

activate "$noclass"
check "another window in front: the block runs on within the threshold" status_is state=exposed
activate "$logo"
activate "$noclass"
check "after 30 s without the tool, the block ends" wait_for 90 status_is state=idle
check "the store has the block, ended as idle" blocks_are "image:idle"
check "the block ended when the tool left, not when the threshold passed" \
  bash -c "[ \$(sqlite3 '$db' 'SELECT ended_at - started_at FROM exposure_blocks') -lt 25 ]"
check "no window class or tool name is in the store" \
  bash -c "! grep -a -q -e XLogo -e Queue '$db' '$db-wal' 2>/dev/null"

# --- D-Bus -----------------------------------------------------------------

gdbus introspect --session --dest "$app_id" --object-path "$path" --xml >"$work/introspected.xml"
check "the app exports the interface exactly as data/dbus/ has it" \
  /usr/bin/python3 "$(dirname "$0")/compare-interface.py" "$contract" "$work/introspected.xml" "$iface"

check "GetAppIds gives each listed app id and its tool" \
  bash -c "[ \"\$(gdbus call --session --dest $app_id --object-path $path --method $iface.GetAppIds)\" = \"({'org.example.Queue': 'Queue'},)\" ]"

call FocusChanged shell Nothing >"$work/out" 2>&1
check "an unknown tool is refused with InvalidArgs" grep -q "org.freedesktop.DBus.Error.InvalidArgs" "$work/out"
check "and said on stderr" grep -q "no review tool called “Nothing”" "$work/stderr"
call FocusChanged x12 Queue >"$work/out" 2>&1
check "an unknown source is refused with InvalidArgs" grep -q "org.freedesktop.DBus.Error.InvalidArgs" "$work/out"
call FocusChanged x11 Queue >"$work/out" 2>&1
check "the x11 source is the app's own, not a caller's" grep -q "InvalidArgs" "$work/out"
check "a refused call changes nothing" status_is state=idle

call_quietly() { call "$@" >/dev/null; }
check "FocusChanged browser Player is accepted" call_quietly FocusChanged browser Player
check "and starts a video block" wait_for 30 status_is "state=exposed kind=video"
# gdbus left the bus as soon as it had its answer: its source counts as
# none, and the block ends after the [Idle] threshold for video (1200 s),
# so end the wait here by hand and look only at the follower's state.
check "the caller leaving the bus is noticed" wait_for 30 grep -q "watcher .* left the bus" "$work/stdout"
gapplication action "$app_id" stop-exposure
wait_for 30 status_is state=idle

# A peer that stays on the bus, then vanishes mid-block: a Python GDBus
# client holds its name while the tool is in front, and exits.
/usr/bin/python3 - "$app_id" "$path" "$iface" <<'EOF' &
import sys, time
from gi.repository import Gio, GLib
bus = Gio.bus_get_sync(Gio.BusType.SESSION)
bus.call_sync(sys.argv[1], sys.argv[2], sys.argv[3], "FocusChanged",
              GLib.Variant("(ss)", ("shell", "Queue")), None, 0, -1, None)
time.sleep(5)
EOF
peer=$!
check "a shell peer with the tool in front starts an image block" wait_for 30 status_is "state=exposed kind=image"
wait "$peer"
check "the peer vanishing mid-block ends it after the threshold" wait_for 90 status_is state=idle

# The reviewer's switch: the clients are told to ask again, and get nothing.
gdbus monitor --session --dest "$app_id" >"$work/monitor" 2>&1 &
monitor=$!
wait_for 10 test -s "$work/monitor"
gapplication action "$app_id" follow-review-tools
check "turning the switch off emits ToolsChanged" wait_for 30 grep -q "$iface.ToolsChanged" "$work/monitor"
check "and GetAppIds is then empty" bash -c "[ \"\$(gdbus call --session --dest $app_id --object-path $path --method $iface.GetAppIds)\" = '(@a{ss} {},)' ]"
call FocusChanged shell Queue >/dev/null
check "and a tool in front starts nothing" status_is state=idle
kill "$monitor" 2>/dev/null

kill "$app_pid" 2>/dev/null
wait "$app_pid" 2>/dev/null

# --- mode=suggest ------------------------------------------------------------

/usr/bin/python3 "$fake_notifications" >"$work/notifications" 2>&1 &
check "the stand-in notification server is on the bus" wait_for 30 grep -q ready "$work/notifications"
sed -i 's/^mode=track$/mode=suggest/' "$RESPITE_ORGANISATION_CONF"
activate "$noclass"
"$respite" >>"$work/stdout" 2>>"$work/stderr" &
app_pid=$!
wait_for 60 on_bus
# Another kind chosen last, so that the offer's block must take the tool's.
gapplication action "$app_id" set-kind "'text'"
activate "$logo"
check "suggest: xlogo in front offers a block" \
  wait_for 30 grep -q "Your review tool is open: start a block? | start-review-block" "$work/notifications"
check "suggest: and starts none itself" status_is state=idle
gapplication action "$app_id" start-review-block
check "suggest: the offer's Start starts a block of the tool's kind" wait_for 30 status_is "state=exposed kind=image"
gapplication action "$app_id" stop-exposure
wait_for 30 status_is state=idle

kill "$app_pid" 2>/dev/null
wait "$app_pid" 2>/dev/null
kill "$noclass_pid" 2>/dev/null

check "no critical or warning on stderr" bash -c "! grep -E 'CRITICAL|WARNING' '$work/stderr'"

echo "1..$n"
exit $((failed > 0))
