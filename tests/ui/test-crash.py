#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Kills the real app with SIGKILL at random moments and checks the store
# after each kill: no block lost, each recovered block ended at its last
# heartbeat, nothing invented, no overlap, PRAGMA integrity_check = ok.
# TAP output.
#
#   tests/xvfb.sh test-crash.py crash path/to/respite
#   tests/xvfb.sh test-crash.py files path/to/respite path/to/respite-report
#
# crash: RESPITE_CRASH_RUNS runs (default 100; 1,000 with RESPITE_TEST_LONG),
# in 4 chains that run side by side, each on its own session bus with its
# own store. Each run starts `respite --start KIND` (no window), and:
#   - half the runs are killed 0–0.5 s after the start: while the app opens,
#     migrates and recovers the store, and writes the block's start;
#   - the others 0–3 s after it, and half of those first ask the running
#     app to switch or stop the block and are killed 0–0.3 s later, while
#     it writes the end of one block and the start of the next.
# The seed is RESPITE_CRASH_SEED (default 10), so a failure can be replayed.
#
# A real run never reaches a heartbeat (60 s): tests/core/test-faults.c
# kills a tracker on a fake clock mid-heartbeat instead.
#
# files: the store is 0600 in a 0700 folder (-wal and -shm too) even with
# umask 0, respite-report's files are 0600, and a password written into the
# policy's conninfo reaches no file and no log.

import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time

N_CHAINS = 4
REASONS = {'stopped', 'switched', 'recovered'}


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0
        self.lock = threading.Lock()

    def check(self, ok, name, details=()):
        with self.lock:
            self.n += 1
            print(f"{'ok' if ok else 'not ok'} {self.n} - {name}", flush=True)
            if not ok:
                self.failed += 1
                for line in details:
                    print(f"# {line}", flush=True)
        return ok

    def comment(self, text):
        with self.lock:
            print(f"# {text}", flush=True)

    def finish(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def app_env(work, bus=None, policy=None):
    env = dict(os.environ)
    env.update({
        'XDG_DATA_HOME': os.path.join(work, 'data'),
        'XDG_CONFIG_HOME': os.path.join(work, 'config'),
        'XDG_CACHE_HOME': os.path.join(work, 'cache'),
        'GSETTINGS_BACKEND': 'memory',
        'GTK_A11Y': 'none',
        'NO_AT_BRIDGE': '1',
        # No policy from /etc: the defaults, or the test's own.
        'RESPITE_ORGANISATION_CONF': policy or os.path.join(work, 'no-policy.conf'),
    })
    if bus is not None:
        env['DBUS_SESSION_BUS_ADDRESS'] = bus
    return env


def start_bus():
    out = subprocess.run(['dbus-daemon', '--session', '--fork', '--print-address=1',
                          '--print-pid=1'], check=True, capture_output=True, text=True).stdout
    address, pid = out.split()[:2]
    return address, int(pid)


def read_blocks(db):
    """The blocks of a copy of the store, as the kill left it; and the
    integrity check's answer. A copy, so that reading it (which replays and
    may checkpoint the WAL) does not tidy up what the next run must face."""
    snap = db + '.snapshot'
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(snap + suffix):
            os.unlink(snap + suffix)
    if not os.path.exists(db):
        return 'ok', {}
    shutil.copyfile(db, snap)
    if os.path.exists(db + '-wal'):
        shutil.copyfile(db + '-wal', snap + '-wal')
    conn = sqlite3.connect(snap)
    try:
        integrity = conn.execute('PRAGMA integrity_check').fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        rows = []
        if 'exposure_blocks' in tables:
            rows = conn.execute('SELECT id, started_at, ended_at, heartbeat_at, kind, intensity,'
                                ' end_reason FROM exposure_blocks').fetchall()
    finally:
        conn.close()
    return integrity, {r[0]: r for r in rows}


def check_store(db, seen, run_start, run_end, after_clean_start=False):
    """Returns the problems found, comparing the store with the blocks seen
    after earlier kills (updated in place)."""
    problems = []
    integrity, blocks = read_blocks(db)
    if integrity != 'ok':
        problems.append(f'integrity_check: {integrity}')

    for id_, old in seen.items():
        new = blocks.get(id_)
        if new is None:
            problems.append(f'block {id_} lost: {old}')
        elif old[2] is not None and new != old:
            problems.append(f'ended block {id_} changed: {old} -> {new}')
        elif old[2] is None and new[:2] + new[4:6] != old[:2] + old[4:6]:
            problems.append(f'open block {id_} changed: {old} -> {new}')
        elif old[2] is None and new[2] is not None and (new[6] != 'recovered' or
                                                        new[2] != old[3]):
            problems.append(f'open block {id_} not ended at its last heartbeat {old[3]}: {new}')

    for id_, b in blocks.items():
        if id_ in seen:
            continue
        _, started, ended, heartbeat, _, _, _ = b
        # Unix seconds, truncated by the app: the run's own second counts.
        if started < int(run_start) or max(heartbeat, ended or 0) > run_end + 1:
            problems.append(f'block {id_} outside its run [{run_start:.2f}, {run_end:.2f}]: {b}')

    ordered = sorted(blocks.values(), key=lambda b: (b[1], b[0]))
    for prev, b in zip(ordered, ordered[1:]):
        if prev[2] is None:
            problems.append(f'open block {prev[0]} is not the last: {b}')
        elif b[1] < prev[2]:
            problems.append(f'blocks overlap: {prev} {b}')
    for b in ordered:
        if b[2] is not None and b[6] not in REASONS:
            problems.append(f'unexpected end reason: {b}')
        if b[6] == 'recovered' and b[2] != b[3]:
            problems.append(f'recovered block {b[0]} not ended at its heartbeat: {b}')
        if after_clean_start and b[2] is None:
            problems.append(f'block {b[0]} still open after a clean start: {b}')

    seen.clear()
    seen.update(blocks)
    return problems


def kill(*procs):
    for p in procs:
        if p is not None and p.poll() is None:
            p.kill()
    for p in procs:
        if p is not None:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass


def has_open_block(db, than):
    """Whether the run's block (an id above @than) is open yet."""
    try:
        conn = sqlite3.connect(db, timeout=0.1)
        try:
            row = conn.execute('SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL'
                               ' AND id > ?', (than,)).fetchone()
        finally:
            conn.close()
        return row[0] == 1
    except sqlite3.Error:
        return False


def chain(tap, respite, work, runs, seed, stats):
    rng = random.Random(seed)
    bus, bus_pid = start_bus()
    env = app_env(work, bus)
    db = os.path.join(work, 'data', 'respite', 'respite.db')
    err = open(os.path.join(work, 'stderr'), 'ab')
    seen = {}
    try:
        for run in runs:
            kind = rng.choice(['image', 'video', 'audio', 'text', 'live'])
            early = rng.random() < 0.5
            action = None if early else rng.choice([None, None, 'switch', 'stop'])
            remote = None
            start = time.time()
            app = subprocess.Popen([respite, '--start', kind], env=env,
                                   stdout=subprocess.DEVNULL, stderr=err)
            if early:
                time.sleep(rng.uniform(0, 0.5))
            elif action is None:
                time.sleep(rng.uniform(0, 3.0))
            else:
                # Only once the app runs its block, so that the command goes
                # to it rather than starting a second app.
                top = max(seen, default=0)
                deadline = time.time() + 5
                while not has_open_block(db, top) and time.time() < deadline:
                    time.sleep(0.02)
                if has_open_block(db, top):
                    args = (['--start', 'text', '--intensity', '3'] if action == 'switch'
                            else ['--stop'])
                    remote = subprocess.Popen([respite] + args, env=env,
                                              stdout=subprocess.DEVNULL, stderr=err)
                    time.sleep(rng.uniform(0, 0.3))
                else:
                    # A machine too busy to start the app in 5 s: a command
                    # now could race the start itself, so just kill it.
                    action = None
            # A scripted start that is stopped has nothing left to do, and quits.
            alive = app.poll() is None or (action == 'stop' and app.returncode == 0)
            kill(app, remote)
            end = time.time()

            problems = [] if alive else [f'the app had died before the kill: {app.returncode}']
            before = set(seen)
            problems += check_store(db, seen, start, end)
            with tap.lock:
                stats['runs'] += 1
                # The kill caught a block of this run open.
                stats['open'] += any(b[2] is None for i, b in seen.items() if i not in before)
            how = 'early' if early else (action or 'idle')
            tap.check(not problems, f'run {run}: {kind}, {how}, killed after {end - start:.2f} s',
                      problems)

        # A clean start recovers what the last kill left open.
        subprocess.run([respite, '--status'], env=env, stdout=subprocess.DEVNULL, stderr=err,
                       timeout=30)
        problems = check_store(db, seen, time.time(), time.time(), after_clean_start=True)
        tap.check(not problems, f'chain {seed}: a clean start leaves no block open', problems)
        with tap.lock:
            stats['blocks'] += len(seen)
            stats['recovered'] += sum(1 for b in seen.values() if b[6] == 'recovered')
    finally:
        err.close()
        os.kill(bus_pid, signal.SIGTERM)


def test_crash(respite):
    tap = Tap()
    long_run = bool(os.environ.get('RESPITE_TEST_LONG'))
    n_runs = int(os.environ.get('RESPITE_CRASH_RUNS', 1000 if long_run else 100))
    seed = int(os.environ.get('RESPITE_CRASH_SEED', 10))
    root = tempfile.mkdtemp(prefix='respite-test-crash-')
    stats = {'runs': 0, 'open': 0, 'blocks': 0, 'recovered': 0}
    threads = []
    began = time.time()

    try:
        for c in range(N_CHAINS):
            work = os.path.join(root, f'chain{c}')
            os.makedirs(work)
            runs = range(c, n_runs, N_CHAINS)
            threads.append(threading.Thread(target=chain,
                                            args=(tap, respite, work, runs, seed + c, stats)))
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        tap.check(stats['runs'] == n_runs, f'{n_runs} runs were made', [f"made {stats['runs']}"])
        bad = []
        for c in range(N_CHAINS):
            with open(os.path.join(root, f'chain{c}', 'stderr'), errors='replace') as f:
                bad += [l.rstrip() for l in f if 'CRITICAL' in l or 'WARNING' in l]
        tap.check(not bad, 'no critical or warning on stderr', bad[:5])
        tap.comment(f"{stats['runs']} kills in {time.time() - began:.0f} s, {stats['open']} with "
                    f"the run's block open: {stats['blocks']} blocks, {stats['recovered']} "
                    f"recovered (seed {seed})")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    tap.finish()


# --- files -------------------------------------------------------------------

def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def find_secret(root, secret, skip):
    """Every file under @root whose bytes contain @secret."""
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if path in skip or not os.path.isfile(path):
                continue
            with open(path, 'rb') as f:
                if secret.encode() in f.read():
                    found.append(path)
    return found


def umask_zero():
    os.umask(0)


def publication_answered(db, out, refused):
    """Whether the app has refused the team store (it says so: @out), or
    tried to publish and recorded the failure (the store's sharing row)."""
    if refused:
        # Said once by the first run already: this is the second.
        with open(out, errors='replace') as f:
            return f.read().count('a password does not belong in this file') >= 2
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            row = conn.execute('SELECT last_error FROM sharing').fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] is not None


def run_app_with_policy(tap, respite, work, conninfo, secret, name, refused):
    """Runs the app twice with a policy holding @conninfo: a block and a
    stop; then a start with yesterday queued for publishing, so that it
    tries the team store. Looks for @secret in all it said and in every
    file it could have written. Returns the file with what it said."""
    policy = os.path.join(work, 'organisation.conf')
    with open(policy, 'w') as f:
        f.write('[TeamStore]\ntype=postgresql\n'
                f'conninfo={conninfo}\nteam=Night Shift\n')
    bus, bus_pid = start_bus()
    env = app_env(work, bus, policy)
    env['PGCONNECT_TIMEOUT'] = '2'
    # Debug messages too: whatever the app might say, to anyone.
    env['G_MESSAGES_DEBUG'] = 'all'
    out = os.path.join(work, 'output')
    data_dir = os.path.join(work, 'data', 'respite')
    db = os.path.join(data_dir, 'respite.db')
    try:
        with open(out, 'ab') as log:
            app = subprocess.Popen([respite, '--start', 'video'], env=env, stdout=log,
                                   stderr=log, preexec_fn=umask_zero)
            deadline = time.time() + 60
            while not has_open_block(db, 0) and time.time() < deadline:
                time.sleep(0.05)
            modes = {p: mode(p) for p in (data_dir, db, db + '-wal', db + '-shm')
                     if os.path.exists(p)}
            subprocess.run([respite, '--stop'], env=env, stdout=log, stderr=log, timeout=30)
            app.wait(timeout=15)

            # Half an hour of exposure yesterday, not yet published.
            y = int(time.time()) - 86400
            yesterday = time.strftime('%Y-%m-%d', time.localtime(y))
            conn = sqlite3.connect(db)
            with conn:
                conn.execute("INSERT INTO exposure_blocks (started_at, ended_at, heartbeat_at,"
                             " kind, intensity, end_reason)"
                             " VALUES (?, ?, ?, 'image', 2, 'stopped')", (y, y + 1800, y + 1800))
                conn.execute("INSERT OR REPLACE INTO publish_queue (day, queued_at)"
                             " VALUES (?, ?)", (yesterday, y + 1800))
            conn.close()

            app = subprocess.Popen([respite, '--background'], env=env, stdout=log, stderr=log,
                                   preexec_fn=umask_zero)
            # Until the publication was refused or tried, and failed: the
            # event itself, waited for up to a minute.
            deadline = time.time() + 60
            while time.time() < deadline and app.poll() is None:
                if publication_answered(db, out, refused):
                    break
                time.sleep(0.2)
            if refused:
                # Nothing must follow the refusal: watch for a while.
                time.sleep(3)
            tap.check(app.poll() is None, f'{name}: the app runs in the background')
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=15)
    finally:
        os.kill(bus_pid, signal.SIGTERM)

    conn = sqlite3.connect(db)
    last_error = conn.execute('SELECT last_error FROM sharing').fetchone()
    conn.close()
    if refused:
        tap.check(last_error is None or last_error[0] is None,
                  f'{name}: nothing is published to a refused team store',
                  [f'last_error: {last_error}'])
    else:
        # No keyring runs here: it fails before the server is asked.
        tap.check(last_error is not None and last_error[0] is not None,
                  f'{name}: publishing was tried, and failed', [f'last_error: {last_error}'])
    tap.check(modes.get(data_dir) == 0o700, f'{name}: the data folder is 0700 under umask 0',
              [f'{modes}'])
    tap.check(all(modes.get(p) == 0o600 for p in (db, db + '-wal', db + '-shm')),
              f'{name}: the store and its -wal and -shm are 0600 under umask 0',
              [f'{p}: {oct(m)}' for p, m in modes.items()])
    leaks = find_secret(work, secret, {policy})
    tap.check(not leaks, f'{name}: the password is in no file and no log (output included)',
              leaks)
    return out


def test_files(respite, respite_report):
    tap = Tap()
    root = tempfile.mkdtemp(prefix='respite-test-files-')
    try:
        work = os.path.join(root, 'keyword')
        os.makedirs(work)
        secret = 'Hunter2-Respite-Test-Secret'
        out = run_app_with_policy(tap, respite, work,
                                  f'host=/nonexistent-respite dbname=respite user=reviewer '
                                  f'password={secret}', secret, 'password=', True)
        with open(out, errors='replace') as f:
            text = f.read()
        tap.check('a password does not belong in this file' in text,
                  'password=: the app refuses the conninfo, and says why', text.splitlines()[-5:])

        # A password in a URI has no "password" keyword, but is refused too.
        work = os.path.join(root, 'uri')
        os.makedirs(work)
        secret = 'Hunter2-Respite-Uri-Secret'
        out = run_app_with_policy(tap, respite, work,
                                  f'postgresql://reviewer:{secret}@/respite?host=/nonexistent-respite',
                                  secret, 'URI', True)
        with open(out, errors='replace') as f:
            text = f.read()
        tap.check('a password does not belong in this file' in text,
                  'URI: the app refuses the conninfo, and says why', text.splitlines()[-5:])

        # A URI without one is used, with the keyring's password (none here).
        work = os.path.join(root, 'uri-no-password')
        os.makedirs(work)
        run_app_with_policy(tap, respite, work,
                            'postgresql://reviewer@/respite?host=/nonexistent-respite',
                            'Hunter2-Never-Written', 'URI without a password', False)

        # respite-report's files.
        work = os.path.join(root, 'report')
        os.makedirs(work)
        store = os.path.join(work, 'team.db')
        csv = os.path.join(work, 'export.csv')
        env = app_env(work)
        for args in (['init', '--store', store],
                     ['demo', '--store', store, '--teams', '1', '--members', '6', '--days', '40',
                      '--seed', '1', '--end', '2026-10-31'],
                     ['export', '--store', store, '--period', '2026-10', '--output', csv]):
            subprocess.run([respite_report] + args, env=env, check=True, stdout=subprocess.DEVNULL,
                           preexec_fn=umask_zero)
        tap.check(mode(store) == 0o600, 'respite-report init makes a 0600 team store under umask 0',
                  [oct(mode(store))])
        tap.check(mode(csv) == 0o600, 'respite-report export writes a 0600 file under umask 0',
                  [oct(mode(csv))])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    tap.finish()


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == 'crash':
        test_crash(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == 'files':
        test_files(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__ or 'usage: test-crash.py crash RESPITE | files RESPITE RESPITE_REPORT')
