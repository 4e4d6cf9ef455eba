#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The real app under libfaketime, its wall clock moved while a block runs;
# then what the store holds and what `respite --status` shows. TAP output.
#
#   tests/xvfb.sh test-time.py path/to/respite path/to/respite-report
#
# How each fault is modelled. RespiteClock reads the wall clock
# (g_get_real_time: CLOCK_REALTIME) only to date things, and measures every
# length on the monotonic clock (g_get_monotonic_time: CLOCK_MONOTONIC), as
# do GLib's timers. On Linux CLOCK_MONOTONIC does not move when the time is
# set, and stands still while the machine sleeps. So:
#   - the clock set back or forward an hour: the wall clock jumps, the
#     monotonic one goes on;
#   - a suspend of hours that the app was not told of (no logind here, so no
#     PrepareForSleep): the wall clock jumps hours ahead while the monotonic
#     one does not move, which is what the process sees on waking;
#   - a change to summer time, and midnight: no clock jumps; the wall clock
#     is set a few seconds before, and real seconds pass over it.
# Hence FAKETIME_DONT_FAKE_MONOTONIC=1 in every case: libfaketime moves the
# wall clock alone, by an offset in FAKETIME_TIMESTAMP_FILE re-read on every
# call (FAKETIME_NO_CACHE=1). Faking the monotonic clock as well would make
# it jump, which no real fault does (and GLib's main loop relies on it not
# going back).

import math
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from zoneinfo import ZoneInfo

APP_ID = 'io.github.respite.Respite'
ZONE = 'Europe/Paris'
PARIS = ZoneInfo(ZONE)
LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1'


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, details=()):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}", flush=True)
        if not ok:
            self.failed += 1
            for line in details:
                print(f'# {line}', flush=True)
        return ok

    def finish(self):
        print(f'1..{self.n}', flush=True)
        sys.exit(1 if self.failed else 0)


def paris(*args):
    return int(datetime(*args, tzinfo=PARIS).timestamp())


class App:
    """One `respite --background` under libfaketime, on its own session bus
    with its own store; the wall clock it sees is real time + self.offset."""

    def __init__(self, respite, respite_report, root, name):
        self.respite = respite
        self.work = os.path.join(root, name)
        os.makedirs(self.work)
        self.db = os.path.join(self.work, 'data', 'respite', 'respite.db')
        self.team_db = os.path.join(self.work, 'team.db')
        self.clock_file = os.path.join(self.work, 'faketime.rc')
        self.offset = 0
        policy = os.path.join(self.work, 'organisation.conf')
        with open(policy, 'w') as f:
            f.write(f'[TeamStore]\ntype=sqlite\npath={self.team_db}\nteam=Night Shift\n')
        out = subprocess.run(['dbus-daemon', '--session', '--fork', '--print-address=1',
                              '--print-pid=1'], check=True, capture_output=True, text=True).stdout
        self.bus, pid = out.split()[:2]
        self.bus_pid = int(pid)
        self.env = dict(os.environ)
        self.env.update({
            'XDG_DATA_HOME': os.path.join(self.work, 'data'),
            'XDG_CONFIG_HOME': os.path.join(self.work, 'config'),
            'XDG_CACHE_HOME': os.path.join(self.work, 'cache'),
            'GSETTINGS_BACKEND': 'memory',
            'GTK_A11Y': 'none',
            'NO_AT_BRIDGE': '1',
            'RESPITE_ORGANISATION_CONF': policy,
            'DBUS_SESSION_BUS_ADDRESS': self.bus,
            'TZ': ZONE,
        })
        subprocess.run([respite_report, 'init', '--store', self.team_db], env=self.env,
                       check=True, stdout=subprocess.DEVNULL)
        self.stderr = open(os.path.join(self.work, 'stderr'), 'w+b')
        self.proc = None

    def set_wall(self, unix):
        """Sets the app's wall clock to @unix now: the monotonic clock does
        not move."""
        # Rounded up: the app's wall clock is never before @unix.
        self.offset = math.ceil(unix - time.time())
        with open(self.clock_file + '.new', 'w') as f:
            f.write(f'{self.offset:+d}\n')
        os.replace(self.clock_file + '.new', self.clock_file)

    def jump(self, seconds):
        self.set_wall(self.wall() + seconds)

    def wall(self):
        return time.time() + self.offset

    def wait_wall(self, unix):
        while self.wall() < unix:
            time.sleep(0.05)

    def start(self, wall):
        """Starts the app with its wall clock at @wall; set it again right
        before a block that must start at a given time: starting the app
        takes seconds on a busy machine."""
        self.set_wall(wall)
        env = dict(self.env, LD_PRELOAD=LIBFAKETIME, FAKETIME_TIMESTAMP_FILE=self.clock_file,
                   FAKETIME_NO_CACHE='1', FAKETIME_DONT_FAKE_MONOTONIC='1')
        # In the sanitizer build, AddressSanitizer refuses to start after a
        # preloaded library; libfaketime only wraps the clock calls.
        if 'ASAN_OPTIONS' in env:
            env['ASAN_OPTIONS'] += ':verify_asan_link_order=0'
        self.proc = subprocess.Popen([self.respite, '--background'], env=env,
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        # A limit on waiting, not a measure: generous for the sanitizer
        # build on a loaded machine.
        deadline = time.time() + 60
        while time.time() < deadline and not self.on_bus():
            time.sleep(0.1)

    def on_bus(self):
        out = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
                              '--object-path', '/org/freedesktop/DBus', '--method',
                              'org.freedesktop.DBus.NameHasOwner', APP_ID],
                             env=self.env, capture_output=True, text=True).stdout
        return 'true' in out

    def command(self, *args):
        """`respite ARGS` sent to the running app (not under faketime: the
        app answers with its own clock)."""
        return subprocess.run([self.respite] + list(args), env=self.env, capture_output=True,
                              text=True, timeout=60).stdout.strip()

    def timed(self, *args):
        """`respite ARGS`, and the real times just before and after it: the
        app acted somewhere in between, however long it took."""
        before = time.time()
        out = self.command(*args)
        return out, before, time.time()

    def timed_status(self):
        """`respite --status`, and the real times just before and after."""
        out, before, after = self.timed('--status')
        return dict(item.split('=', 1) for item in out.split()), before, after

    def wait_team_rows(self):
        """The team store's rows, once there are any: up to 150 s, as the
        publisher runs in its own thread, and retries a publication that
        failed after 60 s (RESPITE_PUBLISHER_FIRST_RETRY)."""
        deadline = time.time() + 150
        while time.time() < deadline and not self.team_rows():
            time.sleep(0.1)
        return self.team_rows()

    def status(self):
        return dict(item.split('=', 1) for item in self.command('--status').split())

    def blocks(self):
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute('SELECT started_at, ended_at, end_reason FROM exposure_blocks'
                                ' ORDER BY started_at, id').fetchall()
        finally:
            conn.close()

    def last_error(self):
        """What the app recorded of its last publication, for a failure's
        details."""
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute('SELECT last_published_at, last_error FROM sharing').fetchall()
        except sqlite3.Error as e:
            return str(e)
        finally:
            conn.close()

    def wait_queued(self, expected):
        """The days queued, once they are @expected, or after 60 s: a
        publication's rows reach the team store from the publisher's
        thread a moment before the app takes their days off the queue."""
        deadline = time.time() + 60
        while time.time() < deadline and self.queued() != expected:
            time.sleep(0.1)
        return self.queued()

    def queued(self):
        conn = sqlite3.connect(self.db)
        try:
            return [r[0] for r in conn.execute('SELECT day FROM publish_queue ORDER BY day')]
        finally:
            conn.close()

    def team_rows(self):
        conn = sqlite3.connect(self.team_db)
        try:
            return conn.execute('SELECT day, exposure_1_seconds + exposure_2_seconds'
                                ' + exposure_3_seconds FROM day_rows ORDER BY day').fetchall()
        finally:
            conn.close()

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        os.kill(self.bus_pid, signal.SIGTERM)
        self.stderr.seek(0)
        bad = [l.decode(errors='replace').rstrip() for l in self.stderr
               if b'CRITICAL' in l or b'WARNING' in l]
        self.stderr.close()
        return bad


def within(value, low, high):
    """Whether @value (seconds, truncated by the app) is in [@low, @high],
    real seconds measured around it, give or take the second it truncates.

    Every bound is taken from events: @low from times that were surely
    inside what was measured (after the command that started it returned,
    before the one that ended or read it was sent), @high from times surely
    outside (before the start was sent, after the end or read returned). So
    a slow machine widens the interval and cannot fail the check; only a
    wrong count can."""
    return value is not None and low - 1 <= int(value) <= high + 1


def no_overlap(blocks):
    return all(b[0] >= a[1] for a, b in zip(blocks, blocks[1:]))


def dst(tap, app):
    """A block from 01:59:50 on 29 March 2026, over the change to summer
    time (02:00 becomes 03:00)."""
    # Fifteen seconds before the change: room for a slow start of the block.
    app.start(paris(2026, 3, 29, 1, 59, 45))
    app.set_wall(paris(2026, 3, 29, 1, 59, 45))
    _, start_sent, start_done = app.timed('--start', 'image')
    app.wait_wall(paris(2026, 3, 29, 3, 0, 3))
    s, status_sent, status_done = app.timed_status()
    tap.check(s.get('state') == 'exposed' and
              within(s.get('block_seconds'), status_sent - start_done, status_done - start_sent),
              'dst: the block shows its real seconds, not an hour more',
              [s, f'between {status_sent - start_done:.1f} and {status_done - start_sent:.1f} s'])
    tap.check(s.get('today_seconds') == s.get('block_seconds'),
              'dst: all of it is today', [s])
    _, stop_sent, stop_done = app.timed('--stop')
    blocks = app.blocks()
    tap.check(len(blocks) == 1 and
              within(blocks[0][1] - blocks[0][0], stop_sent - start_done, stop_done - start_sent)
              and paris(2026, 3, 29, 1, 59, 45) <= blocks[0][0] < paris(2026, 3, 29, 3),
              'dst: the store holds one block of its real length',
              [blocks, f'between {stop_sent - start_done:.1f} and {stop_done - start_sent:.1f} s'])
    tap.check(app.queued() == ['2026-03-29'], 'dst: one day queued', app.queued())


def midnight(tap, app):
    """A block from 23:59:50 to a little after midnight: split between the
    days; yesterday is published as soon as it is over."""
    # Fifteen seconds before midnight: room for a slow start of the block.
    app.start(paris(2026, 11, 19, 23, 59, 45))
    app.set_wall(paris(2026, 11, 19, 23, 59, 45))
    app.command('--start', 'video')
    app.wait_wall(paris(2026, 11, 20, 0, 0, 5))
    # The app's wall clock (the same offset as ours) just before and after
    # it answered: today is what it read in between, less midnight.
    low = app.wall() - paris(2026, 11, 20)
    s = app.status()
    high = app.wall() - paris(2026, 11, 20)
    today = int(s.get('today_seconds', -1))
    # The app dates the block by its start, truncated to the second, plus
    # its length, truncated too: up to 2 s short of the wall clock, not 1.
    tap.check(within(today, low - 1, high) and int(s.get('block_seconds', 0)) > today,
              f'midnight: today shows only the {today} s after midnight',
              [s, f'between {low:.1f} and {high:.1f} s after midnight'])
    app.command('--stop')
    blocks = app.blocks()
    tap.check(len(blocks) == 1 and blocks[0][0] < paris(2026, 11, 20) < blocks[0][1],
              'midnight: one block across midnight in the store', blocks)
    rows = app.wait_team_rows()
    before = paris(2026, 11, 20) - blocks[0][0] if blocks else 0
    tap.check(rows == [('2026-11-19', before)],
              f"midnight: yesterday's row holds its {before} s, published once it was over",
              [rows, f'sharing: {app.last_error()}'])
    queued = app.wait_queued(['2026-11-20'])
    tap.check(queued == ['2026-11-20'], 'midnight: today stays queued', queued)


def clock_back_and_forward(tap, app):
    """The clock put back an hour in a block, then forward an hour in the
    next."""
    t0 = paris(2026, 11, 19, 10, 0, 0)
    app.start(t0)
    began = time.time()
    app.command('--start', 'image')
    time.sleep(2)
    app.jump(-3600)
    time.sleep(2)
    s = app.status()
    tap.check(within(s.get('block_seconds'), 4, time.time() - began) and
              s.get('today_seconds') == s.get('block_seconds'),
              'clock back: the block and today count on, no hour taken off', [s])
    app.command('--stop')
    app.command('--start', 'image')
    time.sleep(1)
    app.command('--stop')

    forward = time.time()
    app.command('--start', 'text')
    time.sleep(2)
    app.jump(3600)
    time.sleep(2)
    s = app.status()
    tap.check(within(s.get('block_seconds'), 4, time.time() - forward),
              'clock forward: the block shows 4 s, not an hour', [s])
    app.command('--stop')
    ran = time.time() - began

    # 9 s slept with a block running; the rest was spent between blocks.
    blocks = app.blocks()
    total = sum(b[1] - b[0] for b in blocks)
    tap.check(len(blocks) == 3 and no_overlap(blocks) and within(total, 9, ran),
              f'clock back and forward: three blocks, no overlap, {total} s in all '
              f'(9 s of sleeps, {ran:.0f} s in all)', blocks)
    tap.check(len(blocks) == 3 and blocks[1][0] == blocks[0][1],
              'clock back: the next block starts where the first ended, not an hour before',
              blocks)
    tap.check(app.queued() == ['2026-11-19'], 'clock back and forward: one day queued',
              app.queued())


def suspend(tap, app):
    """A block at 22:00, and the machine asleep until 07:00 without the app
    being told."""
    t0 = paris(2026, 11, 19, 22, 0, 0)
    app.start(t0)
    # Again, now that the app has started, however long that took.
    app.set_wall(t0)
    began = time.time()
    app.command('--start', 'image')
    time.sleep(2)
    app.set_wall(paris(2026, 11, 20, 7, 0, 0))
    time.sleep(2)
    s = app.status()
    tap.check(s.get('state') == 'exposed' and within(s.get('block_seconds'), 4,
                                                     time.time() - began),
              'suspend: the night is not exposure', [s])
    # The running block is dated from its start by its real length, so it
    # is all yesterday's (docs/reliability.md).
    tap.check(s.get('today_seconds') == '0', 'suspend: the running block counts for its start day',
              [s])
    app.command('--stop')
    first = time.time() - began
    began = time.time()
    app.command('--start', 'image')
    time.sleep(2)
    s = app.status()
    tap.check(within(s.get('today_seconds'), 2, time.time() - began),
              'suspend: the next block counts for today', [s])
    app.command('--stop')

    blocks = app.blocks()
    # The first block ends no later than its real length after t0 (the wall
    # clock was set to t0, rounded up, just before it started).
    tap.check(len(blocks) == 2 and within(blocks[0][1] - blocks[0][0], 4, first) and
              blocks[0][1] < t0 + first + 2 and blocks[1][0] >= paris(2026, 11, 20, 7),
              'suspend: nothing of the night in the store', [blocks, f'first: {first:.1f} s'])
    rows = app.wait_team_rows()
    tap.check(len(rows) == 1 and rows[0][0] == '2026-11-19' and blocks and
              rows[0][1] == blocks[0][1] - blocks[0][0],
              'suspend: yesterday is published on waking, with its block',
              [rows, f'sharing: {app.last_error()}'])


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: test-time.py RESPITE RESPITE_REPORT')
    respite, respite_report = sys.argv[1:]
    tap = Tap()
    if not os.path.exists(LIBFAKETIME):
        print('1..0 # SKIP libfaketime is not installed')
        return
    root = tempfile.mkdtemp(prefix='respite-test-time-')
    try:
        for name, scenario in (('dst', dst), ('midnight', midnight),
                               ('clock', clock_back_and_forward), ('suspend', suspend)):
            app = App(respite, respite_report, root, name)
            try:
                scenario(tap, app)
            finally:
                bad = app.close()
            tap.check(not bad, f'{name}: no critical or warning on stderr', bad[:5])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    tap.finish()


if __name__ == '__main__':
    main()
