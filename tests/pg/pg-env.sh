#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# pg-env.sh COMMAND [ARGS…]
#
# Runs COMMAND against a throwaway PostgreSQL cluster: initdb in a fresh
# temporary folder, a server listening only on a Unix socket in that folder
# (no TCP), trust authentication, and PGHOST, PGPORT, PGUSER and PGDATABASE
# set for COMMAND. Everything is stopped and removed on exit.
#
# PostgreSQL refuses to run as root, and CI runs as root: then the cluster
# belongs to `nobody`. Without PostgreSQL installed, prints a TAP skip
# (1..0 # SKIP) and exits 0.

set -eu

pg_version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
pg_bin=/usr/lib/postgresql/$pg_version/bin
if [ -z "$pg_version" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
  # A TAP skip: meson reads exit status 77 as an error under TAP.
  echo "1..0 # SKIP PostgreSQL is not installed (apt-get install postgresql)"
  exit 0
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/respite-pg-XXXXXX")
as_owner=""
if [ "$(id -u)" -eq 0 ]; then
  chown nobody:nogroup "$dir"
  as_owner="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi

stop() {
  status=$?
  if [ -f "$dir/data/postmaster.pid" ]; then
    $as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit $status
}
trap stop EXIT
trap 'exit 130' INT TERM

# fsync off and no sync: a test cluster lives for seconds and may be lost.
$as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
  --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }

if ! $as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
       -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c full_page_writes=off" \
       start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi

export PGHOST="$dir" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
unset PGPASSWORD PGSERVICE PGSERVICEFILE PGPASSFILE PGSSLMODE PGOPTIONS 2>/dev/null || true

"$@"
