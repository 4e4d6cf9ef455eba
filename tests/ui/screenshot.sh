#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the screenshots for the AppStream metainfo, with a made-up morning
# of exposure in a throwaway store. Run through `build-aux/dev screenshot`,
# which starts Xvfb and a private session bus.
#
# Usage: screenshot.sh path/to/respite output-folder

set -euo pipefail

respite=$1
out=$2
work=$(mktemp -d /tmp/respite-screenshot-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

export GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1
export GSETTINGS_SCHEMA_DIR=${GSETTINGS_SCHEMA_DIR:-$(dirname "$respite")/../../data}
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
export LANGUAGE=${LANGUAGE:-en}
# The example policy: its support services are the fictional examples.
export RESPITE_ORGANISATION_CONF=${RESPITE_ORGANISATION_CONF:-$(dirname "$0")/../../data/organisation.conf}
export RESPITE_INSTRUMENTS_DIR=${RESPITE_INSTRUMENTS_DIR:-$(dirname "$0")/../../data/instruments}
db="$XDG_DATA_HOME/respite/respite.db"

# Create the store, then give it a morning: two blocks, ended, the second
# 59 minutes long and just over, so that a break falls due soon.
"$respite" --status >/dev/null
now=$(date +%s)
sqlite3 "$db" "INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity, end_reason) VALUES
  ($now - 9000, $now - 7200, $now - 7200, 'image', 2, 'stopped'),
  ($now - 3580, $now - 5, $now - 5, 'video', 2, 'stopped');"

"$respite" &
for _ in $(seq 100); do
  xwininfo -root -tree | grep -q '"Respite"' && break
  sleep 0.1
done
"$respite" --intensity 3 --start video
sleep 4

window=$(xwininfo -root -tree | awk '/"Respite"/ { print $1; exit }')
mkdir -p "$out"
import -window "$window" "$out/now.png"
echo "wrote $out/now.png"

# The break falls due a few seconds later.
for _ in $(seq 300); do
  "$respite" --status | grep -q 'break=due' && break
  sleep 0.2
done
sleep 1
import -window "$window" "$out/break-due.png"
echo "wrote $out/break-due.png"

gapplication action io.github.respite.Respite take-break
sleep 2
import -window "$window" "$out/break.png"
echo "wrote $out/break.png"
gapplication action io.github.respite.Respite end-break

sleep 1
gapplication action io.github.respite.Respite support
sleep 1
import -window "$window" "$out/support.png"
echo "wrote $out/support.png"

gapplication action io.github.respite.Respite check-in "'who5'"
for _ in $(seq 50); do
  xwininfo -root -tree | grep -q '"Check-In"' && break
  sleep 0.1
done
sleep 1
import -window "$(xwininfo -root -tree | awk '/"Check-In"/ { print $1; exit }')" "$out/check-in.png"
echo "wrote $out/check-in.png"

# The poorest answers, by keyboard: the result page leads with support.
check_in=$(xdotool search --name '^Check-In$' | head -1)
xdotool mousemove --window "$check_in" 100 100
sleep 0.5
for _ in 1 2 3 4 5; do xdotool key Tab End space; sleep 0.2; done
xdotool key Tab Tab Return
sleep 1
import -window "$(xwininfo -root -tree | awk '/"Check-In"/ { print $1; exit }')" "$out/check-in-result.png"
echo "wrote $out/check-in-result.png"
