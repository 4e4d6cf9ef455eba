#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli.sh RESPITE-REPORT [CONNINFO]
#
# respite-report from the outside: exit codes, one-sentence errors, the
# formats. With CONNINFO (tests/pg/ runs it so), against PostgreSQL
# instead of an SQLite file. TAP output.

set -u
cli=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/respite-cli-XXXXXX")
trap 'rm -rf "$dir"' EXIT
store=${2:-$dir/team.db}
n=0
failed=0

# expect NAME STATUS COMMAND…: runs it, checks the exit status, keeps stdout
# in $dir/out and stderr in $dir/err.
expect() {
  name=$1 want=$2; shift 2
  n=$((n + 1))
  "$@" >"$dir/out" 2>"$dir/err"
  got=$?
  if [ "$got" -eq "$want" ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name: exit $got, wanted $want"; sed 's/^/# /' "$dir/err"
    failed=1
  fi
}

# check NAME CONDITION…
check() {
  name=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; failed=1; fi
}

one_line() { [ "$(wc -l <"$dir/err")" -eq 1 ] && grep -q '^respite-report: ' "$dir/err"; }

expect "no command" 1 "$cli"
expect "--help" 0 "$cli" --help
for c in init demo export seal check digest; do
  expect "$c --help" 0 "$cli" $c --help
  check "$c --help lists --store" grep -q -- '--store' "$dir/out"
done
expect "unknown command" 1 "$cli" frobnicate --store "$store"
check "says which commands exist" grep -q 'init, demo, export, seal, check or digest' "$dir/err"
expect "unknown option" 1 "$cli" check --store "$store" --frob
check "one sentence" one_line
expect "no store" 1 "$cli" check

expect "missing file is unreachable" 2 "$cli" check --store "$dir/none.db"
check "one sentence" one_line
check "no file created" test ! -e "$dir/none.db"
expect "unreachable PostgreSQL" 2 "$cli" check --store "host=$dir/nowhere user=hr password=hunter2-secret"
check "one sentence" one_line
check "no password in the message" sh -c "! grep -q hunter2 '$dir/err'"
# PostgreSQL is a module (src/team/pg/), loaded only for a PostgreSQL store:
# without it such a store is unreachable, and the message says why.
check "respite-report links neither libpq nor libsecret" sh -c "! ldd '$cli' | grep -Eq 'lib(pq|secret-1)[.]so'"
expect "PostgreSQL without its module" 2 env RESPITE_MODULE_DIR="$dir/no-modules" "$cli" check --store "host=$dir/nowhere user=hr"
check "one sentence" one_line
check "says the module is not installed" grep -q "PostgreSQL module is not installed ($dir/no-modules/libteam-store-pg.so is missing)" "$dir/err"

expect "init" 0 "$cli" init --store "$store"
expect "check" 0 "$cli" check --store "$store"
check "says k" grep -q 'k = 5' "$dir/out"
# The demo fills the new store with 120 days of history: nothing is
# sealed yet, so it takes them; the first read seals them (every period
# before this week, by the machine's date).
expect "demo" 0 "$cli" demo --store "$store" --teams 3 --members 12 --days 120 --end 2026-10-31 --seed 1
check "no progress when stderr is no terminal" test ! -s "$dir/err"
expect "nothing to report" 3 "$cli" export --store "$store" --period 2026-01
check "one sentence" one_line
check "says nothing to report" grep -q 'Nothing to report for 2026-01' "$dir/err"

# This week is open until it has been over for 3 days: shown nowhere, and
# the message says when it will be.
this_week=$(date +%G-W%V)
appears=$(date -d "$(date +%F) +$((7 - $(date +%u) + 4)) days" +%F)
expect "open week" 3 "$cli" export --store "$store" --period "$this_week"
check "one sentence" one_line
check "says when it appears" grep -q "figures for $this_week appear on $appears" "$dir/err"
expect "seal" 0 "$cli" seal --store "$store"
check "says what is sealed" grep -q 'is sealed; a period is sealed 3 days after it ends' "$dir/out"
expect "demo again is refused: those weeks are sealed" 2 "$cli" demo --store "$store" --teams 1 --members 5 --days 10 --end 2026-10-31 --seed 2
check "says the week is sealed" grep -q 'sealed' "$dir/err"
expect "demo refuses 0 teams" 1 "$cli" demo --store "$store" --teams 0

expect "bad period" 1 "$cli" export --store "$store" --period 2026-13
check "says what is accepted" grep -q '2026-W43' "$dir/err"
expect "reversed span" 1 "$cli" export --store "$store" --period 2026-10..2026-09
expect "bad format" 1 "$cli" export --store "$store" --period 2026-10 --format xls
check "says what is accepted" grep -q 'csv, json or pdf' "$dir/err"
expect "bad --by" 1 "$cli" export --store "$store" --period 2026-10 --by person
expect "--by team over a span" 1 "$cli" export --store "$store" --period 2026-07..2026-09 --by team
expect "k lowered" 1 "$cli" export --store "$store" --period 2026-10 --k 4
expect "k below 3" 1 "$cli" export --store "$store" --period 2026-10 --k 2
expect "negative epsilon" 1 "$cli" export --store "$store" --period 2026-10 --epsilon -1
expect "k too high leaves nothing" 3 "$cli" export --store "$store" --period 2026-10 --k 13

expect "csv" 0 "$cli" export --store "$store" --period 2026-10 --format csv --output -
check "csv: header and 3 teams" test "$(wc -l <"$dir/out")" -eq 4
check "csv: k and epsilon columns" grep -q '^team,period_start,period_end,policy_version,k,epsilon,members' "$dir/out"
expect "csv by week" 0 "$cli" export --store "$store" --period 2026-W43 --by team,week --format csv --output -
check "csv by week: 3 rows" test "$(wc -l <"$dir/out")" -eq 4
expect "csv over a quarter" 0 "$cli" export --store "$store" --period 2026-08..2026-10 --output -
check "csv: 3 months × 3 teams" test "$(wc -l <"$dir/out")" -eq 10
expect "json file" 0 "$cli" export --store "$store" --period 2026-10 --output "$dir/r.json"
check "json by extension" grep -q '"schema" : "respite-report/1"' "$dir/r.json"
check "json file private" test "$(stat -c %a "$dir/r.json")" = 600
expect "pdf" 0 "$cli" export --store "$store" --period 2026-10 --format pdf --output "$dir/r.pdf"
check "pdf" sh -c "head -c 5 '$dir/r.pdf' | grep -q '%PDF-'"

expect "epsilon 1" 0 "$cli" export --store "$store" --period 2026-10 --epsilon 1 --budget 1.5 --format json
check "json says epsilon" grep -q '"epsilon" : 1' "$dir/out"
check "no coverage under noise" sh -c "! grep -q '\"coverage\" : [0-9]' '$dir/out'"
expect "budget exceeded" 1 "$cli" export --store "$store" --period 2026-W43 --epsilon 1 --budget 1.5
check "one sentence" one_line
check "says budget" grep -q 'budget' "$dir/err"

# A lead's digest: sealed figures only, compared and signalled.
expect "digest needs a team" 1 "$cli" digest --store "$store"
check "one sentence" one_line
expect "digest" 0 "$cli" digest --store "$store" --team Hotline
check "digest: title" grep -q '^Respite digest for Hotline$' "$dir/out"
check "digest: the last sealed week of the demo" grep -q 'The week of 2026-10-26 to 2026-11-01' "$dir/out"
check "digest: compared with the week before" grep -q '^Breaks taken, of those suggested: .* (before: .*; a year before: —)$' "$dir/out"
check "digest: what needs attention" grep -q '^Needs attention$' "$dir/out"
expect "digest in Markdown, by month" 0 "$cli" digest --store "$store" --team Triage --by month --format markdown
check "markdown: a table" grep -q '^| --- | --- | --- | --- |$' "$dir/out"
check "markdown: the last sealed month" grep -q 'The month of 2026-10-01 to 2026-10-31' "$dir/out"
expect "digest of a team with nothing sealed" 3 "$cli" digest --store "$store" --team Nobody
check "says so" grep -q 'No sealed period yet' "$dir/out"
expect "digest --by year" 1 "$cli" digest --store "$store" --team Hotline --by year
expect "digest --format pdf" 1 "$cli" digest --store "$store" --team Hotline --format pdf

# The demo's troubled team raises every signal: its last three weeks end on
# the last Sunday whose week is sealed (over for 3 days).
back=$(date +%u); [ "$back" -ge 4 ] || back=$((back + 7))
sunday=$(date -d "$(date +%F) -$back days" +%F)
troubled=$dir/troubled.db
expect "init a second store" 0 "$cli" init --store "$troubled"
expect "demo --troubled" 0 "$cli" demo --store "$troubled" --teams 1 --members 11 --days 380 --end "$sunday" --troubled
expect "digest of the troubled team" 0 "$cli" digest --store "$troubled" --team Hotline
check "its last week" grep -q "The week of $(date -d "$sunday -6 days" +%F) to $sunday" "$dir/out"
check "signal: breaks" grep -q '^- Fewer than 4 in 5 suggested breaks were taken, three weeks running' "$dir/out"
check "signal: days over the limit" grep -q '^- The share of days over the daily limit rose two weeks running' "$dir/out"
check "signal: WHO-5 very low" grep -q "^- In the latest week, 5 people’s check-ins were in the WHO-5’s very low band" "$dir/out"
check "signal: check-ins" grep -q '^- Fewer than half of the team did a check-in, two weeks running' "$dir/out"
check "signal: policy" grep -q '^- The policy in force was last changed 3[6-9][0-9] days ago' "$dir/out"
check "a suggestion with each" test "$(grep -c '^  ' "$dir/out")" -eq 5
check "nobody named" sh -c "! grep -q 'demo-' '$dir/out'"
rm -f "$troubled" "$troubled-wal" "$troubled-shm"

# A policy changed four weeks before the end: the digest compares the
# periods before and since.
changed=$(date -d "$sunday -27 days" +%F)
expect "init a third store" 0 "$cli" init --store "$troubled"
expect "demo --policy-changed" 0 "$cli" demo --store "$troubled" --teams 1 --members 11 --days 90 --end "$sunday" --policy-changed "$changed"
expect "digest after a policy change" 0 "$cli" digest --store "$troubled" --team Hotline
check "says when the policy changed" grep -q "^Since the policy changed from [0-9-]* to $(date -d "$changed" +%Y-%m), on $changed$" "$dir/out"
check "each figure before and since" grep -q '^Breaks taken, of those suggested: [0-9]* % before, [0-9]* % since$' "$dir/out"
expect "demo --policy-changed takes a day" 1 "$cli" demo --store "$troubled" --teams 1 --days 10 --end "$sunday" --policy-changed 2026-13-01
rm -f "$troubled" "$troubled-wal" "$troubled-shm"

# Groups (issue #18): three teams in one group, the first below k. The
# group is shown; the small team is hidden, and so is the smaller of the
# other two, else the group minus the team shown would be the small team.
groups=$dir/groups.db
expect "init a groups store" 0 "$cli" init --store "$groups"
expect "demo --groups --small-team" 0 "$cli" demo --store "$groups" --teams 3 --members 8 --days 60 --end 2026-10-31 --groups 1 --small-team
expect "demo refuses more groups than teams" 1 "$cli" demo --store "$groups" --teams 2 --groups 3 --end 2026-10-31
check "one sentence" one_line
expect "export --by group" 0 "$cli" export --store "$groups" --period 2026-10 --by group --format csv
check "csv: unit and coverage columns" grep -q ',suppressed,unit,registered,coverage$' "$dir/out"
check "csv: one group row, shown, with its coverage" grep -q '^Trust and Safety,2026-10-01,2026-10-31,[^,]*,5,0,19,.*,group,19,1\.0000$' "$dir/out"
check "csv: nothing but the group" test "$(wc -l <"$dir/out")" -eq 2
expect "export the teams" 0 "$cli" export --store "$groups" --period 2026-10 --format csv
check "csv: two teams hidden, one shown" test "$(grep -c '^[A-Za-z ]*,2026-10-01,2026-10-31,[^,]*,5,0,,' "$dir/out")" -eq 2
check "csv: the small team hidden" grep -q '^Hotline,2026-10-01,2026-10-31,[^,]*,5,0,,' "$dir/out"
check "csv: the team shown has its coverage" test "$(grep -c ',team,[0-9][0-9]*,[0-9.][0-9.]*$' "$dir/out")" -eq 1
check "csv: the hidden ones none" test "$(grep -c ',team,,$' "$dir/out")" -eq 2
expect "export --by group,week over a span" 0 "$cli" export --store "$groups" --period 2026-09..2026-10 --by group,week --format json
check "json: group rows" grep -q '"unit" : "group"' "$dir/out"
check "json: coverage" grep -q '"coverage" : 1' "$dir/out"
expect "export --group" 0 "$cli" export --store "$groups" --period 2026-10 --by month,group --group "Trust and Safety" --format csv
check "csv: that group" grep -q '^Trust and Safety,' "$dir/out"
expect "--group alone: group rows" 0 "$cli" export --store "$groups" --period 2026-10 --group "Trust and Safety" --format csv
check "csv: that group" grep -q '^Trust and Safety,.*,group,' "$dir/out"
expect "--group with team rows" 1 "$cli" export --store "$groups" --period 2026-10 --by team --group "Trust and Safety"
check "one sentence" one_line
expect "--team with group rows" 1 "$cli" export --store "$groups" --period 2026-10 --by group --team Hotline
expect "--by group over a span" 1 "$cli" export --store "$groups" --period 2026-09..2026-10 --by group
expect "--by group,team" 1 "$cli" export --store "$groups" --period 2026-10 --by group,team
rm -f "$groups" "$groups-wal" "$groups-shm"

# A damaged SQLite store (a file even when $store is PostgreSQL): the
# commands that read say so and leave it; init moves it aside, starts afresh.
damaged=$dir/damaged.db
echo "This is not a database, but it is somebody's file." >"$damaged"
cp "$damaged" "$dir/damaged.orig"
expect "damaged: check refuses" 2 "$cli" check --store "$damaged"
check "one sentence" one_line
check "says it is damaged" grep -qF "The team store $damaged is damaged (file is not a database)" "$dir/err"
expect "damaged: export refuses" 2 "$cli" export --store "$damaged" --period 2026-10
check "one sentence" one_line
check "left as it was" cmp -s "$damaged" "$dir/damaged.orig"
check "nothing moved aside" sh -c "! ls '$dir' | grep -q corrupt"
expect "damaged: init replaces it" 0 "$cli" init --store "$damaged"
check "one sentence" one_line
check "says where the old file went" grep -qF "The damaged file was kept as $damaged.corrupt-" "$dir/err"
check "old file kept byte for byte" cmp -s "$dir/damaged.orig" "$(ls "$dir"/damaged.db.corrupt-* | grep -v -e '-wal$' -e '-shm$')"
expect "damaged: the fresh store works" 0 "$cli" check --store "$damaged"
check "fresh store private" test "$(stat -c %a "$damaged")" = 600

echo "1..$n"
exit $failed
