#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the real app, under Xvfb on a private session bus, the way a review
# tool or a script would (gapplication action, respite --start/--stop/--status),
# and reads what landed in the store. TAP output.
#
# Usage (meson does this):
#   tests/xvfb.sh dbus-run-session -- test-app.sh path/to/respite path/to/fake-desktop \
#     path/to/respite-report

set -uo pipefail

respite=$1
fake_desktop=$2
respite_report=$3
app_id=io.github.respite.Respite
work=$(mktemp -d /tmp/respite-test-app-XXXXXX)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

export GSETTINGS_BACKEND=memory
export GTK_A11Y=none NO_AT_BRIDGE=1
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
db="$XDG_DATA_HOME/respite/respite.db"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi; }

# Waits up to $1 seconds for a command to succeed: a limit on waiting for
# an event, never a measure of how long it took, so the limits below are
# generous (the sanitizer build on a loaded machine is slow).
wait_for() {
  local limit=$1; shift
  for _ in $(seq $((limit * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

on_bus() {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$app_id" | grep -q true
}

sql() { sqlite3 -batch -noheader "$db" "$1"; }

# Whether the running app has mapped libpq or libsecret: they come only with
# the PostgreSQL module (src/team/pg/), which a policy without a PostgreSQL team
# store never loads (issue #17).
maps_pg() { grep -Eq '/lib(pq|secret-1)\.so' "/proc/$app_pid/maps"; }
check_no_pg() {
  if maps_pg; then
    not_ok "$1" "$(grep -E '/lib(pq|secret-1)\.so' "/proc/$app_pid/maps" | awk '{ print $6 }' | sort -u)"
  else
    ok "$1"
  fi
}

start_app() {
  "$respite" "$@" >>"$work/stdout" 2>>"$work/stderr" &
  app_pid=$!
  wait_for 60 on_bus
}

stop_app() {
  kill "$app_pid" 2>/dev/null
  wait "$app_pid" 2>/dev/null
}

action() { gapplication action "$app_id" "$@"; }

# Keeps everything the app said, for the last check, and starts afresh.
reset_stderr() { cat "$work/stderr" >>"$work/stderr.all" 2>/dev/null; : >"$work/stderr"; }

# --- command line without a running instance --------------------------------

check "--version prints the version" bash -c "'$respite' --version | grep -Eq '^respite [0-9]+\.[0-9]+'"
check "--help lists --start" bash -c "'$respite' --help | grep -q -- '--start=KIND'"
"$respite" --start pictures >/dev/null 2>"$work/err"; rc=$?
check "--start with an unknown kind fails with a message" \
  bash -c "[ $rc -eq 1 ] && grep -q 'image, video, audio, text' '$work/err'"

# --- actions, as a review tool would send them ------------------------------

check "the app starts and owns its bus name" start_app
check "the window is on screen" wait_for 30 bash -c "xwininfo -root -tree | grep -q '\"Respite\"'"
check_no_pg "with no team store, the app maps neither libpq nor libsecret"

action start-exposure "'video'"
check "start-exposure 'video' writes an open video block" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT kind FROM exposure_blocks WHERE ended_at IS NULL\")\" = video ]"

action set-intensity 3
check "set-intensity 3 mid-block ends the block and opens the next" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT group_concat(intensity || ':' || ifnull(end_reason, 'open'), ' ') FROM exposure_blocks\")\" = '2:switched 3:open' ]"

status=$("$respite" --status)
check "--status reports the running block" \
  bash -c "[[ '$status' == 'state=exposed kind=video intensity=3 block_seconds='*' today_seconds='* ]]"

action stop-exposure
check "stop-exposure ends the block as stopped" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) || '/' || MAX(end_reason) FROM exposure_blocks WHERE ended_at IS NOT NULL AND id = (SELECT MAX(id) FROM exposure_blocks)\")\" = '1/stopped' ]"

status=$("$respite" --status)
check "--status reports idle" bash -c "[[ '$status' == 'state=idle today_seconds='* ]]"

"$respite" --start text --intensity 1
check "respite --start text --intensity 1 starts a block in the running instance" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT kind || intensity FROM exposure_blocks WHERE ended_at IS NULL\")\" = text1 ]"

"$respite" --toggle
check "respite --toggle stops it" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL\")\" = 0 ]"

action start-exposure "'audio'"
wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL\")\" = 1 ]"
stop_app
check "SIGTERM ends a running block as quit" \
  bash -c "[ \"\$(sqlite3 '$db' \"SELECT end_reason FROM exposure_blocks ORDER BY id DESC LIMIT 1\")\" = quit ]"

# --- the keyboard: one key to start and stop, the window closes but counts -

window_shown() { xwininfo -root -tree | grep -q '"Respite"'; }
# Whether the window has drawn a frame: its text makes hundreds of colours
# (antialiasing), an undrawn window one or two.
window_drawn() {
  local id c
  id=$(xwininfo -root -tree | awk -v name="\"${1:-Respite}\"" 'index($0, name) { print $1; exit }') &&
    [ -n "$id" ] &&
    import -window "$id" "$work/drawn.png" 2>/dev/null &&
    c=$(convert "$work/drawn.png" -format %k info: 2>/dev/null) && [ "$c" -gt 64 ]
}
open_blocks() { sqlite3 "$db" "SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL"; }

start_app
wait_for 30 window_shown
# No window manager: the pointer gives the window the keyboard focus, once
# the window has drawn its first frame.
wait_for 60 window_drawn
xdotool mousemove --window "$(xdotool search --name '^Respite$' | head -1)" 100 100
sleep 0.5
xdotool key ctrl+e
check "Ctrl+E starts a block" wait_for 30 bash -c "[ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL')\" = 1 ]"
xdotool key alt+4 ctrl+1
check "Alt+4 and Ctrl+1 switch the block to text, low" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT kind || intensity FROM exposure_blocks WHERE ended_at IS NULL\")\" = text1 ]"
xdotool key ctrl+w
check "Ctrl+W closes the window" wait_for 30 bash -c "! xwininfo -root -tree | grep -q '\"Respite\"'"
sleep 1
check "with the window closed, the block keeps counting" \
  bash -c "kill -0 $app_pid && [ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL')\" = 1 ]"
"$respite"
check "launching again shows the window of the running instance" wait_for 30 window_shown
wait_for 60 window_drawn
xdotool mousemove --window "$(xdotool search --name '^Respite$' | head -1)" 100 100
xdotool key ctrl+e
check "Ctrl+E stops the block" wait_for 30 bash -c "[ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL')\" = 0 ]"
xdotool key ctrl+w
check "with no block running, closing the window quits the app" \
  wait_for 30 bash -c "! kill -0 $app_pid 2>/dev/null"
wait "$app_pid" 2>/dev/null

# --- shift care: a break falls due, is taken, a shift ends ----------------

# Almost an hour of exposure in this stretch already, ended a second ago:
# the next block brings the break due within seconds.
seed_stretch() {
  local now; now=$(date +%s)
  sqlite3 "$db" "INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity, end_reason)
                 VALUES ($now - 3591, $now - 1, $now - 1, 'image', 2, 'stopped')"
}
status_has() { "$respite" --status | grep -q -- "$1"; }

start_app
seed_stretch
"$respite" --start image
check "a break falls due after an hour of exposure in the stretch" \
  wait_for 60 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM prompts WHERE kind = 'break-due'\")\" = 1 ]"
check "--status says the break is due" status_has ' break=due '
break_sent=$EPOCHSECONDS
action take-break
check "take-break starts the break's countdown" wait_for 30 status_has '^state=idle shift=on-break break_remaining=[0-9]'
check "the block ended for the break, and the prompt was answered" \
  bash -c "[ \"\$(sqlite3 '$db' \"SELECT (SELECT end_reason FROM exposure_blocks ORDER BY id DESC LIMIT 1) || ':' || (SELECT response FROM prompts WHERE kind = 'break-due')\")\" = break:taken ]"
action end-break
check "end-break ends it early" wait_for 30 bash -c "! '$respite' --status | grep -q shift="
# No longer than from before take-break was sent to now (whole seconds).
break_most=$((EPOCHSECONDS - break_sent + 1))
check "the break is recorded with its real length" \
  bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM breaks WHERE kind = 'break' AND ended_at - started_at BETWEEN 0 AND $break_most\")\" = 1 ]"
# 15 minutes (900 s) less no more than the time since end-shift was sent:
# bounds from the action and the answer, however slow either was.
decompressing() {
  local line left
  line=$("$respite" --status) || return 1
  [[ $line =~ shift=decompressing\ break_remaining=([0-9]+) ]] || return 1
  left=${BASH_REMATCH[1]}
  [ "$left" -le 900 ] && [ "$left" -ge $((900 - (EPOCHSECONDS - shift_sent) - 1)) ]
}
shift_sent=$EPOCHSECONDS
action end-shift
check "end-shift starts the decompression of 15 minutes" wait_for 30 decompressing
action preferences
sleep 1
stop_app

# --- strict breaks: no restart until the break is over --------------------

printf '[Breaks]\nstrict=true\n' >"$work/strict.conf"
RESPITE_ORGANISATION_CONF="$work/strict.conf" start_app
seed_stretch
"$respite" --start video
wait_for 60 status_has ' break=due '
"$respite" --stop
check "under strict breaks, stopping while a break is due starts it" wait_for 30 status_has 'shift=on-break'
"$respite" --start video 2>"$work/err"; rc=$?
check "--start is refused during a strict break, with the reason and exit 3" \
  bash -c "[ $rc -eq 3 ] && grep -q 'full break' '$work/err'"
action end-break
sleep 1
check "the break cannot be cut short" status_has 'shift=on-break'
stop_app

# --- a malformed policy file: the defaults for its bad keys, and a message -

printf '[Breaks]\ninterval-minutes=sixty\n[Cap]\ncolour=blue\n' >"$work/bad.conf"
reset_stderr
RESPITE_ORGANISATION_CONF="$work/bad.conf" start_app
check "a malformed policy names the file, the line and the key" \
  wait_for 30 grep -q "bad.conf:2: \[Breaks\] interval-minutes" "$work/stderr"
check "and the app runs with the defaults" status_has '^state=idle'
stop_app

# --- support: one key away, and private ---------------------------------------

# What the app has written: every file's checksum (the -shm index aside, which
# any reader changes) and the store's rows.
footprint() {
  (cd "$work" && find data config -type f ! -name '*-shm' -print0 | sort -z | xargs -0 -r sha256sum)
  sqlite3 "$db" .dump
}
shot() { import -window "$(xwininfo -root -tree | awk '/"Respite"/ { print $1; exit }')" "$work/$1.png"; }
# compare prints how many pixels differ; a failure to compare is no answer.
pixels_differing() { { compare -metric AE "$work/$1.png" "$work/$2.png" null: 2>&1 || true; } | grep -E '^[0-9]+$'; }
# The same view may differ by a focus ring (a few thousand pixels of the
# 640 × 640); another view differs by more than a hundred thousand.
same_image() { local d; d=$(pixels_differing "$1" "$2") && [ "$d" -lt 10000 ]; }
other_image() { local d; d=$(pixels_differing "$1" "$2") && [ "$d" -gt 40000 ]; }
# Shoots NAME once the window no longer looks like FROM (up to 60 s: a slow
# build, such as the sanitizer one on a loaded machine, may take seconds to
# redraw), then once more after it has settled.
shot_when_changed() {
  local i
  for i in $(seq 120); do
    sleep 0.5
    shot "$1"
    other_image "$2" "$1" && break
  done
  sleep 0.5
  shot "$1"
}
# Shoots NAME once the window looks like SAME (up to 60 s), then once more
# after it has settled.
shot_when_same() {
  local i
  for i in $(seq 120); do
    sleep 0.5
    shot "$1"
    same_image "$2" "$1" && break
  done
  sleep 0.5
  shot "$1"
}

printf '[Service one]\nname=Calm Waters\nphone=0800 123 456\n' >"$work/support.conf"
RESPITE_ORGANISATION_CONF="$work/support.conf" start_app
wait_for 30 window_shown
wait_for 60 window_drawn
xdotool mousemove --window "$(xdotool search --name '^Respite$' | head -1)" 100 100
sleep 1
footprint >"$work/before"
shot now
xdotool key F1
shot_when_changed f1 now
action show-view "'now'"
shot_when_same now-again now
action support
shot_when_same support f1
check "F1 shows another view than Now" other_image now f1
check "F1 and the support action show the same view" same_image f1 support
check "show-view 'now' goes back to Now" same_image now now-again
xdotool key ctrl+h
shot_when_changed history support
check "Ctrl+H shows yet another view: History" \
  bash -c "$(declare -f pixels_differing other_image); work='$work'; other_image support history && other_image now history"
footprint >"$work/after"
check "opening Support is recorded nowhere: no file and no row changed" cmp -s "$work/before" "$work/after"
stop_app

# --- check-ins: offered between blocks, never forced --------------------------

printf '[CheckIns]\npulse-intensity=3\nwho5-days=14\n[Counselling]\nreminder-days=30\n' >"$work/check-in.conf"
# Earlier sections offered check-ins too: start from none.
sql "DELETE FROM prompts"
RESPITE_ORGANISATION_CONF="$work/check-in.conf" start_app
wait_for 30 window_shown
"$respite" --intensity 3 --start image
sleep 1
"$respite" --stop
check "stopping an intense block offers the one-question pulse" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT kind || ':' || ifnull(response, 'open') FROM prompts WHERE kind LIKE 'check-in-%'\")\" = check-in-pulse:open ]"
action skip-offer
check "skipping it is recorded" wait_for 30 bash -c "sqlite3 '$db' \"SELECT response FROM prompts WHERE kind = 'check-in-pulse'\" | grep -qx skipped"
"$respite" --intensity 1 --start text
sleep 1
"$respite" --stop
check "the next stop offers the WHO-5, which was never done" \
  wait_for 30 bash -c "sqlite3 '$db' \"SELECT response IS NULL FROM prompts WHERE kind = 'check-in-who5'\" | grep -qx 1"
action accept-offer
check "accepting opens the check-in window" wait_for 30 bash -c "xwininfo -root -tree | grep -q '\"Check-In\"'"
check "and records the offer as taken" bash -c "sqlite3 '$db' \"SELECT response FROM prompts WHERE kind = 'check-in-who5'\" | grep -qx taken"
check "no block ran while it was offered" bash -c "[ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL')\" = 0 ]"
# The poorest answer to each of the five questions, by keyboard alone: Tab
# to a question, End to its last answer, Space to choose; then Tab past Not
# Now to Done, and Enter.
# Beside the main window, so both can be seen (there is no window manager).
check_in_window=$(xdotool search --name '^Check-In$' | head -1)
xdotool windowmove "$check_in_window" 660 0
wait_for 60 window_drawn Check-In
sleep 0.5
xdotool mousemove --window "$check_in_window" 100 100
sleep 0.5
for _ in 1 2 3 4 5; do xdotool key Tab End space; sleep 0.2; done
xdotool key Tab Tab Return
check "a poor WHO-5 is kept, with the support it suggests" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT instrument || ':' || answers || ':' || band || ':' || suggests_support FROM check_ins\")\" = 'who5:[0,0,0,0,0]:very-low:1' ]"
check "linked to the offer it answered" \
  bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM check_ins JOIN prompts ON prompts.id = check_ins.prompt_id WHERE prompts.kind = 'check-in-who5'\")\" = 1 ]"
shot before-support
# The result page shows the support card first, its button focused.
xdotool key Return
shot_when_changed support-from-result before-support
action show-view "'support'"
sleep 1
shot support-again
check "the result's support card opens Support in the main window" \
  bash -c "$(declare -f pixels_differing same_image other_image); work='$work'; other_image before-support support-from-result && same_image support-from-result support-again"
action check-in "'nosuch'"
check "asking for a check-in that is not installed says so on stderr" \
  wait_for 30 grep -q 'The check-in “nosuch” is not installed' "$work/stderr"
action counselling-done
check "noting a counselling session keeps it locally" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM counselling_sessions')\" = 1 ]"
stop_app

# --- "That was hard": noted as a pulse, a short break offered at once -------

hard_shown() { xwininfo -root -tree | grep -q '"That Was Hard"'; }
hard_moments() { sql "SELECT COUNT(*) FROM check_ins WHERE instrument = 'pulse' AND answers = '[1]' AND band = 'struggling' AND suggests_support = 1 AND prompt_id IS NULL"; }
start_app
wait_for 30 window_shown
wait_for 60 window_drawn
before=$(hard_moments)
action that-was-hard 2>/dev/null
sleep 1
check "with no block running, “That was hard” is not on offer" \
  bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM check_ins WHERE answers = '[1]' AND instrument = 'pulse'\")\" = $before ] && ! xwininfo -root -tree | grep -q '\"That Was Hard\"'"
"$respite" --start video
action that-was-hard
check "during a block, over D-Bus, the moment is kept as a pulse: “Having a hard time”" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM check_ins WHERE instrument = 'pulse' AND answers = '[1]' AND band = 'struggling' AND prompt_id IS NULL\")\" = $((before + 1)) ]"
check "and a break is offered at once" wait_for 30 hard_shown
check "the block runs on meanwhile" bash -c "[ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL')\" = 1 ]"
xdotool mousemove --window "$(xdotool search --name '^That Was Hard$' | head -1)" 20 20
sleep 0.5
xdotool key Return
check "Enter takes the break: the block ends, the break starts" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL')\" = 0 ] && [ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM breaks WHERE ended_at IS NULL')\" = 1 ]"
action end-break
"$respite" --start audio
wait_for 30 bash -c "[ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL')\" = 1 ]"
xdotool mousemove --window "$(xdotool search --name '^Respite$' | head -1)" 100 100
sleep 0.5
xdotool key ctrl+d
check "Ctrl+D says it too" wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM check_ins WHERE instrument = 'pulse' AND answers = '[1]'\")\" = $((before + 2)) ]"
wait_for 30 hard_shown
xdotool mousemove --window "$(xdotool search --name '^That Was Hard$' | head -1)" 20 20
sleep 0.5
xdotool key Escape
check "Esc answers Not Now: the block runs on" \
  wait_for 30 bash -c "! xwininfo -root -tree | grep -q '\"That Was Hard\"' && [ \"\$(sqlite3 '$db' 'SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL')\" = 1 ]"
"$respite" --stop
stop_app

# --- the team: what leaves the computer, and a lead's view ------------------

team_db="$work/team.db"
"$respite_report" init --store "$team_db" >/dev/null
"$respite_report" demo --store "$team_db" --teams 2 --members 6 --days 30 --seed 1 >/dev/null
# Yesterday's work, queued as a run that ended at midnight would have left it.
yesterday=$(date -d yesterday +%F)
y0=$(date -d "$yesterday 10:00" +%s)
sql "INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity, end_reason)
     VALUES ($y0, $y0 + 1800, $y0 + 1800, 'image', 3, 'stopped');
     INSERT OR REPLACE INTO publish_queue (day, queued_at) VALUES ('$yesterday', $y0 + 1800)"
printf '[TeamStore]\ntype=sqlite\npath=%s\nteam=Night Shift\n' "$team_db" >"$work/team.conf"
G_MESSAGES_DEBUG=respite-publisher,respite-team-store,respite-application RESPITE_ORGANISATION_CONF="$work/team.conf" start_app
if wait_for 30 bash -c "[ \"\$(sqlite3 '$team_db' \"SELECT COUNT(*) FROM day_rows WHERE team = 'Night Shift' AND day = '$yesterday' AND exposure_3_seconds = 1800\")\" = 1 ]"; then
  ok "at start-up, yesterday's summary is published to the team store"
else
  not_ok "at start-up, yesterday's summary is published to the team store" \
    "team store: $(sqlite3 "$team_db" "SELECT group_concat(team || '/' || day || ':' || exposure_3_seconds) FROM day_rows WHERE day >= '$yesterday'" 2>&1)" \
    "sealed through: $(sqlite3 "$team_db" "SELECT sealed_through FROM settings" 2>&1)" \
    "queue: $(sql "SELECT group_concat(day) FROM publish_queue" 2>&1)" \
    "not shared: $(sql "SELECT group_concat(day) FROM unshared_days" 2>&1)" \
    "$(grep -hi 'publish\|team store\|seal\|lead\|team view' "$work/stdout" "$work/stderr" | tail -25)"
fi
check "and leaves the queue (today waits until it is over)" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM publish_queue WHERE day = '$yesterday'\")\" = 0 ]"
check "one row for one person and day, with only the summary's fields" \
  bash -c "[ \"\$(sqlite3 '$team_db' \"SELECT COUNT(*) FROM day_rows WHERE team = 'Night Shift'\")\" = 1 ]"
wait_for 30 window_shown
wait_for 60 window_drawn
xdotool mousemove --window "$(xdotool search --name '^Respite$' | head -1)" 100 100
sleep 2
shot before-team
action show-view "'team'"
shot_when_changed team before-team
check "the SQLite team store lets this user see the Team view" other_image before-team team
check_no_pg "with an SQLite team store, the app maps neither libpq nor libsecret"
action sharing
check "“What My Team Sees” opens" wait_for 30 bash -c "xwininfo -root -tree | grep -q '\"What My Team Sees\"'"
stop_app
# The default team store filled by `respite-report demo`, and a policy that
# names no team: no Team view, and no crash.
cp "$team_db" "$XDG_DATA_HOME/respite/team.db"
start_app
sleep 3
check "with a team store but no team in the policy the app runs, without a Team view" \
  bash -c "kill -0 $app_pid && '$respite' --status | grep -q '^state='"
stop_app
rm -f "$XDG_DATA_HOME/respite/team.db"

# A damaged team store: the publisher keeps it aside, starts a fresh one,
# says so, and refills it with the reviewer's days. Generous waits: the
# publisher's worker thread and a year of days are slow in the sanitizer
# build on a busy machine, and a publication that fails there (a store
# busy or locked) is retried after RESPITE_PUBLISHER_FIRST_RETRY, 60 s.
printf 'not a team store\n' >"$team_db"
rm -f "$team_db-wal" "$team_db-shm"
# Yesterday queued opens the store; the day before, sent long ago, comes back.
before=$(date -d "$yesterday - 1 day" +%F)
b0=$(date -d "$before 10:00" +%s)
sql "INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at, kind, intensity, end_reason)
     VALUES ($b0, $b0 + 600, $b0 + 600, 'image', 3, 'stopped');
     INSERT OR REPLACE INTO publish_queue (day, queued_at) VALUES ('$yesterday', $y0 + 1800)"
reset_stderr
# The publisher's debug lines, for a failure's details.
G_MESSAGES_DEBUG=respite-publisher,respite-team-store,respite-application RESPITE_ORGANISATION_CONF="$work/team.conf" start_app
check "a damaged team store is moved aside, kept as it was" \
  wait_for 60 bash -c "grep -qx 'not a team store' '$team_db'.corrupt-*"
check "stderr says so, naming both files" \
  wait_for 60 grep -q "The team store $team_db could not be read, so a fresh one was started in its place. The damaged file was kept as $team_db.corrupt-" "$work/stderr"
if wait_for 150 bash -c "[ \"\$(sqlite3 '$team_db' \"SELECT group_concat(day || ':' || exposure_3_seconds) FROM (SELECT * FROM day_rows ORDER BY day)\")\" = '$before:600,$yesterday:1800' ]"; then
  ok "the fresh team store is refilled with the reviewer's days"
else
  # What the store holds, and what the publisher said of its attempts.
  not_ok "the fresh team store is refilled with the reviewer's days" \
    "team store: $(sqlite3 "$team_db" "SELECT group_concat(day || ':' || exposure_3_seconds) FROM (SELECT * FROM day_rows ORDER BY day)" 2>&1)" \
    "queue: $(sql "SELECT group_concat(day) FROM publish_queue" 2>&1)" \
    "sharing: $(sql "SELECT last_published_at || ' ' || ifnull(last_error, '') FROM sharing" 2>&1)" \
    "not shared: $(sql "SELECT group_concat(day) FROM unshared_days" 2>&1)" \
    "files: $(ls -li "$work"/team.db* 2>&1 | awk '{ print $1, $NF }' | tr '\n' ' ')" \
    "the app has open: $(ls -l /proc/$app_pid/fd 2>&1 | grep -o '/.*team.db.*' | tr '\n' ' ')" \
    "blocks: $(sql "SELECT group_concat(date(started_at, 'unixepoch') || ':' || (ended_at - started_at)) FROM exposure_blocks" 2>&1)" \
    "$(grep -hi 'publish\|team store\|seal\|lead\|team view' "$work/stdout" "$work/stderr" | tail -25)"
fi
stop_app

# --- PostgreSQL: a module, loaded when the policy names it ------------------

# A server that is not there: the publisher and the lead check try it, and
# yesterday waits. The module loads, and the maps show it: the checks of the
# maps above could fail.
printf '[TeamStore]\ntype=postgresql\nconninfo=host=/nonexistent-respite dbname=respite user=reviewer\nteam=Night Shift\n' \
  >"$work/pg.conf"
sql "INSERT OR REPLACE INTO publish_queue (day, queued_at) VALUES ('$yesterday', $y0 + 1800);
     UPDATE sharing SET last_error = NULL"
RESPITE_ORGANISATION_CONF="$work/pg.conf" start_app
check "with a PostgreSQL team store, the app loads the module, and libpq with it" \
  wait_for 60 maps_pg
check "and keeps the day queued while the server cannot be reached" \
  wait_for 60 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM publish_queue WHERE day = '$yesterday'\") / \$(sqlite3 '$db' \"SELECT last_error IS NOT NULL FROM sharing\")\" = '1 / 1' ]"
stop_app
# Without the module: the day waits, and the reason is the module's.
sql "UPDATE sharing SET last_error = NULL"
RESPITE_MODULE_DIR="$work/no-modules" RESPITE_ORGANISATION_CONF="$work/pg.conf" start_app
check "without the module, publishing fails saying the module is not installed" \
  wait_for 60 bash -c "sqlite3 '$db' 'SELECT last_error FROM sharing' | grep -q 'PostgreSQL module is not installed ($work/no-modules/libteam-store-pg.so is missing)'"
check "and the day stays queued" \
  bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM publish_queue WHERE day = '$yesterday'\")\" = 1 ]"
check "the app without the module runs on" bash -c "kill -0 $app_pid && '$respite' --status | grep -q '^state='"
stop_app
sql "DELETE FROM publish_queue"

# --- absences: a lock or idleness pauses the block, from when it began ------

mkfifo "$work/desktop.in"
"$fake_desktop" <"$work/desktop.in" >"$work/desktop.log" 2>&1 &
exec 7>"$work/desktop.in"
wait_for 30 grep -q '^ready' "$work/desktop.log"
# Sends a command to the fake GNOME Shell and waits until it is carried out.
desk() {
  local before; before=$(grep -c "^done $1\$" "$work/desktop.log")
  echo "$1" >&7
  wait_for 30 bash -c "[ \$(grep -c '^done $1\$' '$work/desktop.log') -gt $before ]"
}
last_block() { sqlite3 "$db" "SELECT $1 FROM exposure_blocks ORDER BY id DESC LIMIT 1"; }

start_app
"$respite" --start video
check "while video is reviewed, the idle watch is 20 minutes" \
  wait_for 30 grep -q 'call AddIdleWatch (1200000,)' "$work/desktop.log"
desk lock
check "locking the screen pauses the block" wait_for 30 status_has '^state=paused'
check "the block ended as locked" bash -c "[ \"\$(sqlite3 '$db' 'SELECT end_reason FROM exposure_blocks ORDER BY id DESC LIMIT 1')\" = locked ]"
desk unlock
sleep 1
check "after unlocking, Respite asks rather than resumes" status_has '^state=paused'
"$respite" --toggle
check "resuming starts a new block of the same kind" \
  wait_for 30 bash -c "'$respite' --status | grep -q '^state=exposed kind=video'"
"$respite" --start text
check "for text, the idle watch becomes 5 minutes" \
  wait_for 30 grep -q 'call AddIdleWatch (300000,)' "$work/desktop.log"
check "and the video watch is removed" grep -q 'call RemoveWatch' "$work/desktop.log"
desk idle
check "idleness pauses the block" wait_for 30 status_has '^state=paused'
check "an idle block ends when the stillness began, never before it started" \
  bash -c "[ \"\$(sqlite3 '$db' \"SELECT end_reason || ':' || (ended_at = started_at) FROM exposure_blocks ORDER BY id DESC LIMIT 1\")\" = idle:1 ]"
check "Respite waits for the user to come back" \
  wait_for 30 grep -q 'call AddUserActiveWatch' "$work/desktop.log"
desk active
sleep 1
check "coming back offers to resume: still paused" status_has '^state=paused'
"$respite" --stop
check "--stop forgets the pause" wait_for 30 status_has '^state=idle'
check "with nothing exposed, idle is no longer watched" \
  wait_for 30 bash -c "[ \$(grep -c 'call RemoveWatch' '$work/desktop.log') -ge 2 ]"
stop_app
exec 7>&-

# --- at login: --background starts without a window and stays ---------------

start_app --background
sleep 2
check "--background shows no window" bash -c "! xwininfo -root -tree | grep -q '\"Respite\"'"
check "and keeps running with no block open" kill -0 "$app_pid"
action quit
check "the quit action ends it" wait_for 30 bash -c "! kill -0 $app_pid 2>/dev/null"
wait "$app_pid" 2>/dev/null

# --- the first run: the welcome comes over the window, once -----------------
# Every other part of this test starts with RESPITE_SKIP_WELCOME=1 (tests/meson.build).

welcome_shown() { xwininfo -root -tree | grep -q '"Welcome to Respite"'; }
RESPITE_SKIP_WELCOME= start_app
check "on the first run the welcome opens over the window" wait_for 30 welcome_shown
check "with the main window under it" wait_for 30 window_shown
wait_for 60 window_drawn "Welcome to Respite"
xdotool mousemove --window "$(xdotool search --name '^Welcome to Respite$' | head -1)" 100 100
sleep 0.5
xdotool key Escape
check "Escape skips it" wait_for 30 bash -c "! xwininfo -root -tree | grep -q '\"Welcome to Respite\"'"
one_open() { [ "$(open_blocks)" = 1 ]; }
action start-exposure "'image'"
wait_for 30 one_open
xdotool mousemove --window "$(xdotool search --name '^Respite$' | head -1)" 100 100
sleep 0.5
xdotool key ctrl+w
wait_for 30 bash -c "! xwininfo -root -tree | grep -q '\"Respite\"'"
RESPITE_SKIP_WELCOME= "$respite"
wait_for 30 window_shown
sleep 2
check "a new window after that comes without it" bash -c "! xwininfo -root -tree | grep -q '\"Welcome to Respite\"'"
action welcome
check "the main menu's Welcome action opens it again" wait_for 30 welcome_shown
action stop-exposure
action quit
wait_for 30 bash -c "! kill -0 $app_pid 2>/dev/null"
wait "$app_pid" 2>/dev/null

# --- a crash: the open block is recovered at its last heartbeat -------------

start_app --start live
wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL\")\" = 1 ]"
check "a scripted start runs in the background, without a window" \
  bash -c "! xwininfo -root -tree | grep -q '\"Respite\"'"
sleep 1
check "the background instance is still running" kill -0 "$app_pid"
kill -9 "$app_pid"; wait "$app_pid" 2>/dev/null
open_after_crash=$(sql "SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL")
"$respite" --status >/dev/null
check "after SIGKILL, the next start recovers the block at its last heartbeat" \
  bash -c "[ '$open_after_crash' = 1 ] && [ \"\$(sqlite3 '$db' \"SELECT end_reason || ':' || (ended_at = heartbeat_at) FROM exposure_blocks ORDER BY id DESC LIMIT 1\")\" = recovered:1 ]"
check "the store passes its integrity check" bash -c "[ \"\$(sqlite3 '$db' 'PRAGMA integrity_check')\" = ok ]"

# --- a damaged store is moved aside, and the reviewer is told --------------

blocks_before=$(sql "SELECT COUNT(*) FROM exposure_blocks")
cp "$db" "$work/good.db"
rm -f "$db-wal" "$db-shm"
echo "not a database" > "$db"
reset_stderr
start_app
check "a damaged store is moved aside with a dated name" \
  wait_for 30 bash -c "ls '$XDG_DATA_HOME/respite/' | grep -Eq '^respite\.db\.corrupt-[0-9]{8}-[0-9]{6}$'"
check "the damaged file is kept as it was" \
  bash -c "grep -qx 'not a database' '$XDG_DATA_HOME'/respite/respite.db.corrupt-*"
check "stderr says where the old file went" wait_for 30 grep -q 'respite.db.corrupt-' "$work/stderr"
action start-exposure "'image'"
check "a fresh store records again" \
  wait_for 30 bash -c "[ \"\$(sqlite3 '$db' \"SELECT COUNT(*) FROM exposure_blocks\")\" = 1 ]"
action stop-exposure
stop_app
check "the blocks recorded before were not touched" \
  bash -c "[ \"\$(sqlite3 '$work/good.db' 'SELECT COUNT(*) FROM exposure_blocks')\" = '$blocks_before' ]"

# --- an unwritable data folder: a clear message, no crash ------------------

rm -rf "$XDG_DATA_HOME/respite"
echo "in the way" > "$XDG_DATA_HOME/respite"
reset_stderr
check "with an unwritable data folder the app still starts" start_app
check "stderr says exposure cannot be recorded, and where" \
  wait_for 30 grep -q "Exposure cannot be recorded: Could not create the folder $XDG_DATA_HOME/respite" "$work/stderr"
check "--status says the store is unavailable" bash -c "[ \"\$('$respite' --status)\" = state=unavailable ]"
"$respite" --start video 2>"$work/err"; rc=$?
check "--start fails with exit 2 and the reason" \
  bash -c "[ $rc -eq 2 ] && grep -q 'Exposure cannot be recorded' '$work/err'"
check "the app is still running" kill -0 "$app_pid"
stop_app
check "nothing was written over the file in the way" grep -qx 'in the way' "$XDG_DATA_HOME/respite"

reset_stderr
if grep -E 'CRITICAL|WARNING' "$work/stderr.all" | grep -v 'is damaged' >"$work/bad"; then
  not_ok "no critical warnings on stderr" "$(head -5 "$work/bad")"
else
  ok "no critical warnings on stderr"
fi
# In the sanitizer build, every app that ended by SIGTERM or by quitting
# was checked for leaks and errors on its way out: they said so here.
if grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' -A12 "$work/stderr.all" >"$work/bad"; then
  not_ok "no sanitizer report from the app" "$(head -40 "$work/bad")"
else
  ok "no sanitizer report from the app"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
