#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Respite's benchmarks (issue #9): what the app costs on a reviewer's machine.

Run by `meson test --benchmark` and `build-aux/dev bench` under Xvfb on a
private session bus (see bench/meson.build). Every figure is compared with an
anchor measured in the same run, on the same machine, so that a slow machine
does not read as a slow app. Prints one table and writes results.json.

1. Idle wakeups: context switches (voluntary and not, all threads, from
   /proc/PID/task/*/status) over RESPITE_BENCH_SECONDS (default 60) of an
   untouched app: hidden with a block open (started by `respite --start video`,
   the way a review tool does it), hidden with none, and with the window shown;
   the anchor is the baseline app's window, shown and untouched as long.
   Counting starts 20 s after start-up, once its leftovers are gone. The
   note gives the voluntary switches alone (a thread going to sleep: its
   own wakeups and waits); the rest are preemptions, which other load on
   the machine adds. A heartbeat (one a minute with a block open) is one
   voluntary switch: its record's write is sent to the disk without the
   thread waiting for it (src/personal/respite-heartbeat.c).
2. Start-up to first frame: from just before exec to the first drawing inside
   the new window, seen from outside by bench/frame-watch (DAMAGE on the root
   window), so the app and the baseline are measured the same way and neither
   is changed for it. Runs alternate baseline, app, app with three years of
   history (and the reverse order on the next round); RESPITE_BENCH_RUNS
   (default 11) rounds after one warm-up round. Medians, and the ratio is the
   median of each run's ratio to the anchor run beside it. CPU time to the
   first frame (/proc/PID/task/*/schedstat) is shown too: it tells a slow app
   from a busy machine. Respite runs with a policy that keeps four years
   of detail; one more case starts on the same history with a year's
   retention, which prunes two years once, at that start.
3. Peak RSS: VmHWM of the same runs, read two seconds after the first frame;
   and the shared libraries each has mapped then (/proc/PID/maps).
4. Team figures (issue #16): a team store of RESPITE_BENCH_REPORT_TEAMS (50)
   teams of RESPITE_BENCH_REPORT_MEMBERS (20) over RESPITE_BENCH_REPORT_DAYS
   (1095) days of raw rows, made by `respite-report demo` (weekdays a member
   worked: about 715,000 rows) and kept in the build folder until
   respite-report changes; sealed by `respite-report seal` at a fixed date.
   Each figure is set against the floor: the sqlite3 CLI (or psql)
   aggregating just the asked rows of a copy of the raw rows by team or
   week (distinct members and the sums), the least work that answers the
   question. HR's monthly CSV export, a lead's 12 weeks of one team and the
   PDF, on SQLite and on the same rows copied into a throwaway PostgreSQL
   (read by a login in respite_hr); sealing one week (SQLite, from a copy
   sealed to the week before); the two reads again over twice the history,
   against the first; and, for reading, sealing the whole history at once,
   as an upgrade does. RESPITE_BENCH_REPORT_RUNS (default 5) rounds after
   one warm-up round, alternating which goes first; medians.
5. Publishing: the 90 day rows a reviewer offline for three months would
   send, through RespiteTeamStorePg to a throwaway PostgreSQL
   (tests/pg/pg-env.sh), against the same SQL in one round trip; see
   bench/publish-bench.c. Skipped when PostgreSQL is not installed.

Set RESPITE_BENCH_RENDERER to run both apps with that GSK_RENDERER, and
RESPITE_BENCH_ONLY to a comma-separated list of startup, idle, report and
publishing to run only those.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

APP_ID = 'io.github.respite.Respite'
SETTLE = 2.0  # seconds after the first frame before reading memory
# Seconds before counting idle wakeups: start-up leaves GLib's pool threads
# behind, which end on their own 15 s after their last task. Once.
IDLE_SETTLE = 20.0

# Item 4: the demo data ends on a fixed day, Saturday 31 October 2026, so
# that the periods read are always the same.
REPORT_END = '2026-10-31'
MONTH = ('2026-10', '2026-10-01', '2026-10-31')          # --period, first day, last day
WEEKS = ('2026-W31..2026-W42', '2026-07-27', '2026-10-18')  # a lead's 12 weeks
LEAD_TEAM = 'Hotline'
# The store's dates for sealing (three days of grace): to Sunday 18
# October; then the week of 19–25 October alone (October's last week ends
# on 1 November); then everything, October included.
SEAL_BEFORE = '2026-10-22'
SEAL_ONE_WEEK = '2026-10-29'
ONE_WEEK = ('2026-10-19', '2026-10-25')
SEAL_ALL = '2026-11-10'
# The floor: the least work that answers the question, straight from the
# raw rows: each group's distinct members and the sums the figures come from.
FLOOR_SQL = ('SELECT {group}, count(DISTINCT member), count(*),'
             ' sum(exposure_1_seconds + exposure_2_seconds + exposure_3_seconds),'
             ' sum(breaks_prompted), sum(breaks_taken), sum(CASE WHEN cap_exceeded THEN 1 ELSE 0 END),'
             ' sum(wellbeing_sum), sum(wellbeing_count)'
             ' FROM {rows} WHERE {where} GROUP BY {group} ORDER BY {group}')
REPORT_DATABASE = 'respite_report_bench'
REPORT_LOGIN = 'respite_bench_hr'  # HR's role, as an export runs in production


class BenchError(Exception):
    pass


def log(message):
    print(f'# {message}', flush=True)


def read_status(pid, key):
    """A number from /proc/PID/status (memory figures are in kB)."""
    with open(f'/proc/{pid}/status', encoding='ascii') as f:
        for line in f:
            if line.startswith(key + ':'):
                return int(line.split()[1])
    raise BenchError(f'no {key} in /proc/{pid}/status')


def context_switches(pid, keys=('voluntary_ctxt_switches:', 'nonvoluntary_ctxt_switches:')):
    """{thread id: context switches so far} of PID, or None once it is gone."""
    counts = {}
    try:
        tasks = os.listdir(f'/proc/{pid}/task')
    except FileNotFoundError:
        return None
    for task in tasks:
        try:
            with open(f'/proc/{pid}/task/{task}/status', encoding='ascii') as f:
                counts[task] = sum(int(line.split()[1]) for line in f
                                   if line.startswith(keys))
        except FileNotFoundError:
            pass  # a thread that ended meanwhile
    return counts


def shared_libraries(pid):
    """How many shared objects PID has mapped: each is opened, mapped and
    relocated at start-up."""
    with open(f'/proc/{pid}/maps', encoding='utf-8', errors='replace') as f:
        return len({line.split()[-1] for line in f
                    if len(line.split()) >= 6 and '.so' in os.path.basename(line.split()[-1])})


def cpu_time(pid):
    """Milliseconds on a CPU so far, over the threads of PID still alive."""
    total = 0
    for task in os.listdir(f'/proc/{pid}/task'):
        try:
            with open(f'/proc/{pid}/task/{task}/schedstat', encoding='ascii') as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:
            pass
    return total / 1e6


def paired_ratio(values, anchors):
    """The median of run-by-run ratios: a run is compared with the anchor run
    next to it, so that a machine busy for a while slows both alike."""
    return statistics.median(v / a for v, a in zip(values, anchors))


def running(process):
    return process.poll() is None


def on_bus():
    out = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
                          '--object-path', '/org/freedesktop/DBus',
                          '--method', 'org.freedesktop.DBus.NameHasOwner', APP_ID],
                         capture_output=True, text=True)
    return 'true' in out.stdout


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class Bench:
    def __init__(self, args):
        self.args = args
        self.seconds = float(os.environ.get('RESPITE_BENCH_SECONDS', '60'))
        self.runs = int(os.environ.get('RESPITE_BENCH_RUNS', '11'))
        self.work = tempfile.mkdtemp(prefix='respite-bench-')
        self.stderr = open(os.path.join(self.work, 'stderr'), 'w', encoding='utf-8')
        # Shared by every run, and warmed by the warm-up round, as on a
        # desktop: fontconfig's and Mesa's shader caches live here.
        self.cache = os.path.join(self.work, 'cache')
        self.results = []
        # The default retention (a year) would prune the three years of
        # history at the first start: 'keep' keeps them, to measure reading
        # a long history; 'prune' measures that first start on its own.
        self.policies = {}
        for name, days in (('keep', 4 * 365), ('prune', 365)):
            self.policies[name] = os.path.join(self.work, name + '.conf')
            with open(self.policies[name], 'w', encoding='utf-8') as f:
                f.write(f'[Data]\nretention-days={days}\n')
        self.skipped = []
        only = os.environ.get('RESPITE_BENCH_ONLY')
        self.only = set(only.split(',')) if only else None
        self.report_runs = int(os.environ.get('RESPITE_BENCH_REPORT_RUNS', '5'))
        self.report_size = tuple(int(os.environ.get(f'RESPITE_BENCH_REPORT_{name}', default))
                                 for name, default in (('TEAMS', '50'), ('MEMBERS', '20'),
                                                       ('DAYS', '1095')))

    def env(self, name):
        """The environment of one run: its own data and config folders."""
        home = os.path.join(self.work, 'runs', name)
        shutil.rmtree(home, ignore_errors=True)
        os.makedirs(os.path.join(home, 'data', 'respite'), mode=0o700)
        os.makedirs(os.path.join(home, 'config'), mode=0o700)
        env = dict(os.environ,
                   GSETTINGS_BACKEND='memory',
                   GSETTINGS_SCHEMA_DIR=self.args.schemas,
                   GTK_A11Y='none', NO_AT_BRIDGE='1',
                   XDG_DATA_HOME=os.path.join(home, 'data'),
                   XDG_CONFIG_HOME=os.path.join(home, 'config'),
                   XDG_CACHE_HOME=self.cache)
        env.pop('G_DEBUG', None)  # the app as users run it
        # Every day's start, not the first: the memory backend forgets that
        # the welcome was shown, and it would come over the window each run.
        env['RESPITE_SKIP_WELCOME'] = '1'
        env['RESPITE_ORGANISATION_CONF'] = self.policies['keep']
        if os.environ.get('RESPITE_BENCH_RENDERER'):
            env['GSK_RENDERER'] = os.environ['RESPITE_BENCH_RENDERER']
        return env

    def make_store(self, name, days):
        path = os.path.join(self.work, 'stores', name + '.db')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        out = subprocess.run([self.args.make_history, path, str(days)], check=True,
                             capture_output=True, text=True)
        log(f'{name} store: {out.stdout.strip()}, {os.path.getsize(path) // 1024} KiB')
        return path

    def with_store(self, env, store):
        if store:
            shutil.copy(store, os.path.join(env['XDG_DATA_HOME'], 'respite', 'respite.db'))
        return env

    def stop(self, process):
        if running(process):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log(f'{process.args[0]} ignored SIGTERM: killed')
            process.kill()
            process.wait()

    def launch(self, command, env):
        """Starts COMMAND and waits for its first frame:
        (process, wall-clock milliseconds, CPU milliseconds)."""
        watch = subprocess.Popen([self.args.frame_watch, '--timeout', '30'],
                                 stdout=subprocess.PIPE, text=True)
        if watch.stdout.readline().strip() != 'ready':
            raise BenchError('frame-watch did not start')
        start = time.monotonic_ns() // 1000
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=self.stderr)
        output, _ = watch.communicate(timeout=40)
        frame = [int(l.split()[1]) for l in output.splitlines() if l.startswith('frame ')]
        if watch.returncode != 0 or not frame:
            self.stop(process)
            raise BenchError(f'{command[0]} drew no window (see {self.stderr.name})')
        return process, (frame[0] - start) / 1000, cpu_time(process.pid)

    def respite(self, *args, env):
        return subprocess.run([self.args.respite, *args], env=env, check=True,
                              capture_output=True, text=True).stdout

    def count_wakeups(self, process):
        """Wakeups per minute of an untouched PROCESS, and what its threads
        did: (per minute, threads started, threads ended, voluntary
        switches per minute), or None if it quit.

        A thread that ends takes its count with it, so the threads are read
        ten times a second (reading /proc wakes nobody): a thread counts
        from its first reading, or from zero if it started meanwhile, to its
        last, plus one for waking up to end."""
        first = context_switches(process.pid)
        first_voluntary = context_switches(process.pid, ('voluntary_ctxt_switches:',))
        if first is None or first_voluntary is None:
            return None
        last = dict(first)
        last_voluntary = dict(first_voluntary)
        started = set()
        ended = set()
        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = context_switches(process.pid)
            now_voluntary = context_switches(process.pid, ('voluntary_ctxt_switches:',))
            if now is None or now_voluntary is None or not running(process):
                return None
            for task, count in now.items():
                if task not in first:
                    first[task] = 0
                    started.add(task)
                last[task] = count
            for task, count in now_voluntary.items():
                first_voluntary.setdefault(task, 0)
                last_voluntary[task] = count
            ended = set(last) - set(now)
        total = sum(last[t] - first[t] for t in last) + len(ended)
        voluntary = sum(last_voluntary[t] - first_voluntary[t] for t in last_voluntary) + len(ended)
        return (total * 60 / self.seconds, len(started), len(ended),
                voluntary * 60 / self.seconds)

    def add(self, name, anchor_name, anchor, value, unit, ratio, target, met, **extra):
        self.results.append(dict(name=name, anchor_name=anchor_name, anchor=anchor,
                                 value=value, unit=unit, ratio=ratio, target=target,
                                 met=met, **extra))

    # --- 1. idle wakeups ------------------------------------------------------

    def idle(self):
        log(f'idle wakeups over {self.seconds:g} s each')

        env = self.env('idle-baseline')
        baseline, _, _ = self.launch([self.args.baseline], env)
        time.sleep(IDLE_SETTLE)
        anchor = self.count_wakeups(baseline)
        self.stop(baseline)
        if anchor is None:
            raise BenchError('the baseline quit while idle')

        env = self.with_store(self.env('idle-shown'), self.empty)
        app, _, _ = self.launch([self.args.respite], env)
        time.sleep(IDLE_SETTLE)
        shown = self.count_wakeups(app)
        self.stop(app)
        if shown is None:
            raise BenchError('Respite quit while its window was shown')

        # As a review tool starts a block: no window ever shows.
        env = self.with_store(self.env('idle-hidden'), self.empty)
        app = subprocess.Popen([self.args.respite, '--start', 'video'], env=env,
                               stdout=subprocess.DEVNULL, stderr=self.stderr)
        # --status must not race the first instance, or it would become it.
        if not (wait_for(on_bus, 15) and
                wait_for(lambda: self.respite('--status', env=env).startswith('state=exposed'), 5)):
            self.stop(app)
            raise BenchError('respite --start video did not open a block')
        time.sleep(IDLE_SETTLE)
        block = self.count_wakeups(app)
        if block is None:
            raise BenchError('Respite quit while a block was open')

        # With no block and no window there is nothing left to do: the app
        # quits, which is the cheapest idle of all. Check that it does.
        self.respite('--stop', env=env)
        quit_ = wait_for(lambda: not running(app), 10)
        hidden = (0.0, 0, 0, 0.0) if quit_ else self.count_wakeups(app)
        self.stop(app)

        def add(name, measured, target, met, note=None):
            value, started, ended, voluntary = measured
            threads = f'{started} thread(s) started, {ended} ended'
            notes = [note or (threads if started or ended else None),
                     f'{voluntary:.1f} voluntary' if value else None]
            self.add(name, 'baseline window, idle', anchor[0], value, 'per min',
                     None if anchor[0] == 0 else value / anchor[0], target, met,
                     note='; '.join(n for n in notes if n) or None,
                     threads_started=started, threads_ended=ended,
                     voluntary_per_min=voluntary)

        add('Idle wakeups, hidden, no block', hidden, '0 /min', hidden[0] == 0,
            note='the app quits: nothing runs' if quit_ else 'still running')
        add('Idle wakeups, hidden, block open', block, '≤ 2 /min', block[0] <= 2)
        add('Idle wakeups, window shown, no block', shown, '≤ anchor', shown[0] <= anchor[0])

    # --- 2 and 3. start-up and memory -----------------------------------------

    def startup(self):
        cases = {
            'baseline': ([self.args.baseline], None),
            'empty': ([self.args.respite], self.empty),
            'history': ([self.args.respite], self.history),
            'prune': ([self.args.respite], self.history),
        }
        frames = {name: [] for name in cases}
        cpu = {name: [] for name in cases}
        rss = {name: [] for name in cases}
        libraries = {}
        log(f'start-up: 1 warm-up round, then {self.runs} rounds of {", ".join(cases)}')

        for round_ in range(self.runs + 1):
            order = list(cases) if round_ % 2 == 0 else list(reversed(cases))
            for name in order:
                command, store = cases[name]
                env = self.with_store(self.env(name), store)
                if name == 'prune':
                    env['RESPITE_ORGANISATION_CONF'] = self.policies['prune']
                process, ms, cpu_ms = self.launch(command, env)
                time.sleep(SETTLE)
                peak = read_status(process.pid, 'VmHWM') / 1024
                libraries[name] = shared_libraries(process.pid)
                self.stop(process)
                if round_ > 0:
                    frames[name].append(ms)
                    cpu[name].append(cpu_ms)
                    rss[name].append(peak)

        frame = {name: statistics.median(v) for name, v in frames.items()}
        cpu_ms = {name: statistics.median(v) for name, v in cpu.items()}
        mib = {name: statistics.median(v) for name, v in rss.items()}
        samples = lambda d, name: [round(x, 1) for x in d[name]]

        ratio = paired_ratio(frames['empty'], frames['baseline'])
        self.add('Start-up to first frame', 'baseline', frame['baseline'], frame['empty'],
                 'ms', ratio, '≤ 1.2×', ratio <= 1.2,
                 samples=samples(frames, 'empty'), anchor_samples=samples(frames, 'baseline'))
        ratio = paired_ratio(frames['history'], frames['empty'])
        self.add('Start-up, 3 years of history', 'empty store', frame['empty'],
                 frame['history'], 'ms', ratio, 'within 5 %', abs(ratio - 1) <= 0.05,
                 samples=samples(frames, 'history'))
        ratio = paired_ratio(frames['prune'], frames['empty'])
        self.add('Start-up pruning 2 of 3 years (once)', 'empty store', frame['empty'],
                 frame['prune'], 'ms', ratio, '—', None, samples=samples(frames, 'prune'))
        # Not a target: CPU time hardly depends on what else the machine
        # does, so it tells a slow app from a busy machine.
        self.add('CPU time to first frame', 'baseline', cpu_ms['baseline'], cpu_ms['empty'],
                 'ms', paired_ratio(cpu['empty'], cpu['baseline']), '—', None,
                 samples=samples(cpu, 'empty'), anchor_samples=samples(cpu, 'baseline'))
        self.add('CPU time, 3 years of history', 'empty store', cpu_ms['empty'],
                 cpu_ms['history'], 'ms', paired_ratio(cpu['history'], cpu['empty']), '—', None,
                 samples=samples(cpu, 'history'))
        self.add('Shared libraries mapped', 'baseline', libraries['baseline'],
                 libraries['empty'], 'libraries', libraries['empty'] / libraries['baseline'],
                 '≤ anchor + 10', libraries['empty'] <= libraries['baseline'] + 10)
        for name, label in (('empty', 'Peak RSS'), ('history', 'Peak RSS, 3 years of history')):
            self.add(label, 'baseline', mib['baseline'], mib[name], 'MiB',
                     mib[name] / mib['baseline'], '≤ anchor + 10 MiB',
                     mib[name] <= mib['baseline'] + 10,
                     samples=samples(rss, name), anchor_samples=samples(rss, 'baseline'))

    # --- 4. team figures: sealed, against the floor ------------------------------

    def raw_store(self, days):
        """A demo team store of raw rows, nothing sealed yet (the demo only
        publishes), made once and kept in the build folder until
        respite-report (and so the demo generator) is rebuilt."""
        teams, members, _ = self.report_size
        cached = os.path.join(self.args.cache, f'raw-{teams}x{members}x{days}.db')
        if (not os.path.exists(cached) or
                os.path.getmtime(cached) < os.path.getmtime(self.args.respite_report)):
            log(f'making a raw team store: {teams} teams of {members}, {days} days')
            partial = cached + '.partial'
            for path in (partial, partial + '-wal', partial + '-shm'):
                if os.path.exists(path):
                    os.remove(path)
            start = time.monotonic()
            subprocess.run([self.args.respite_report, 'init', '--store', partial], check=True,
                           capture_output=True)
            subprocess.run([self.args.respite_report, 'demo', '--store', partial,
                            '--teams', str(teams), '--members', str(members),
                            '--days', str(days), '--end', REPORT_END],
                           check=True, capture_output=True)
            subprocess.run(['sqlite3', partial, 'PRAGMA wal_checkpoint(TRUNCATE)'], check=True,
                           capture_output=True)
            os.replace(partial, cached)
            log(f'made in {time.monotonic() - start:.0f} s')
        return cached

    def copy_store(self, source, name):
        store = os.path.join(self.work, name)
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        shutil.copy(source, store)
        return store

    def seal(self, store, today, env):
        return [self.args.respite_report, 'seal', '--store', store, '--today', today]

    def timed(self, command, env):
        """Wall-clock milliseconds of COMMAND, which must succeed."""
        start = time.monotonic()
        out = subprocess.run(command, env=env, capture_output=True, text=True)
        ms = (time.monotonic() - start) * 1000
        if out.returncode != 0:
            raise BenchError(f'{" ".join(command[:2])} failed: {out.stderr.strip()}')
        return ms

    def rounds(self, ours, floor, env, prepare=None):
        """Times OURS and FLOOR, alternating which goes first, for
        RESPITE_BENCH_REPORT_RUNS rounds after a warm-up: (ours, floor)."""
        samples = ([], [])
        for round_ in range(self.report_runs + 1):
            if prepare is not None:
                prepare()
            if round_ % 2 == 0:
                a, b = self.timed(ours, env), self.timed(floor, env)
            else:
                b, a = self.timed(floor, env), self.timed(ours, env)
            if round_ > 0:
                samples[0].append(a)
                samples[1].append(b)
        return samples

    def add_floor(self, name, anchor_name, samples, target, limit, **extra):
        ours, floor = samples
        ratio = paired_ratio(ours, floor)
        self.add(name, anchor_name, statistics.median(floor), statistics.median(ours), 'ms',
                 ratio, target, ratio <= limit, samples=[round(x) for x in ours],
                 anchor_samples=[round(x) for x in floor], **extra)
        return statistics.median(ours)

    def export(self, store, period, *args):
        return [self.args.respite_report, 'export', '--store', store, '--period', period,
                '--format', 'csv', '--output', '-', *args]

    def report(self):
        for program in ('sqlite3', 'psql'):
            if shutil.which(program) is None:
                self.skipped.append(f'team figures (needs {program})')
                return
        teams, members, days = self.report_size
        # No ~/.sqliterc or ~/.psqlrc: both read what they are given.
        env = dict(os.environ, HOME=self.work)
        raw = self.raw_store(days)
        out = subprocess.run(['sqlite3', raw, 'SELECT count(*) FROM day_rows'], check=True,
                             capture_output=True, text=True)
        size = dict(rows=int(out.stdout), members=teams * members, days=days)
        log(f'raw store: {size["rows"]} day rows of {teams * members} members, '
            f'{os.path.getsize(raw) // 2**20} MiB')

        # The floor reads a copy of the raw rows, which sealing deletes.
        floor_db = self.copy_store(raw, 'floor.db')

        def floor(sql):
            return ['sqlite3', '-batch', '-csv', floor_db, sql]

        month = floor(FLOOR_SQL.format(rows='day_rows', where=f"day BETWEEN '{MONTH[1]}' AND '{MONTH[2]}'",
                                       group='team'))
        weeks = floor(FLOOR_SQL.format(rows='day_rows',
                                       where=f"team = '{LEAD_TEAM}' AND day BETWEEN '{WEEKS[1]}' AND '{WEEKS[2]}'",
                                       group="date(day, '-6 days', 'weekday 1')"))
        week = floor(FLOOR_SQL.format(rows='day_rows', where=f"day BETWEEN '{ONE_WEEK[0]}' AND '{ONE_WEEK[1]}'",
                                      group='team'))

        # Sealing one week, from a store sealed to the Sunday before it.
        log('sealing one week, SQLite')
        before = self.copy_store(raw, 'sealed-before.db')
        subprocess.run(self.seal(before, SEAL_BEFORE, env), env=env, check=True, capture_output=True)
        one_week = os.path.join(self.work, 'one-week.db')
        samples = self.rounds(self.seal(one_week, SEAL_ONE_WEEK, env), week, env,
                              prepare=lambda: self.copy_store(before, 'one-week.db'))
        self.add_floor(f'Sealing one week of {teams * members} members, SQLite',
                       'sqlite3, that week\'s rows by team', samples, '≤ 5×', 5, **size)

        # Everything sealed, as after the upgrade of a store with this history.
        store = self.copy_store(raw, 'sealed.db')
        ms = self.timed(self.seal(store, SEAL_ALL, env), env)
        log(f'sealed {days} days in {ms:.0f} ms')
        self.add(f'Sealing {days} days at once (an upgrade), SQLite', '—', None, ms, 'ms', None,
                 '—', None, **size)

        log(f'team figures, SQLite: {self.report_runs} rounds after a warm-up')
        medians = {}
        medians['month'] = self.add_floor("HR's monthly CSV export, SQLite",
                                          'sqlite3, the month\'s rows by team',
                                          self.rounds(self.export(store, MONTH[0]), month, env),
                                          '≤ 2×', 2, **size)
        medians['weeks'] = self.add_floor("A lead's 12 weeks of one team, SQLite",
                                          'sqlite3, the team\'s rows by week',
                                          self.rounds(self.export(store, WEEKS[0], '--team', LEAD_TEAM,
                                                                  '--by', 'team,week'), weeks, env),
                                          '≤ 2×', 2, **size)
        pdf = os.path.join(self.work, 'month.pdf')
        self.add_floor('The PDF of a month, SQLite', 'sqlite3, the month\'s rows by team',
                       self.rounds([self.args.respite_report, 'export', '--store', store,
                                    '--period', MONTH[0], '--format', 'pdf', '--output', pdf],
                                   month, env), '≤ 3×', 3, **size)

        self.report_doubled(raw, days * 2, medians, env)
        self.report_postgresql(raw, size, env)

    def doubled_store(self, raw, days):
        """RAW with its history doubled: every row again, as many days
        earlier, as if the same teams had worked as long before."""
        doubled = self.copy_store(raw, 'raw-doubled.db')
        subprocess.run(['sqlite3', doubled,
                        f"INSERT INTO day_rows SELECT team, member, date (day, '-{days} days'),"
                        ' exposure_1_seconds, exposure_2_seconds, exposure_3_seconds,'
                        ' longest_block_seconds, breaks_prompted, breaks_taken, breaks_snoozed,'
                        ' breaks_skipped, cap_exceeded, checkins_done, wellbeing_sum,'
                        ' wellbeing_count, policy_version, team_group FROM day_rows'],
                       check=True, capture_output=True)
        return doubled

    def report_doubled(self, raw, days, medians, env):
        """The same two reads over twice the history: sealed figures cost
        what is asked, not what is kept."""
        store = self.doubled_store(raw, days // 2)
        subprocess.run(self.seal(store, SEAL_ALL, env), env=env, check=True, capture_output=True)
        log(f'team figures over {days} days, SQLite')
        for key, name, command in (
                ('month', "HR's monthly CSV export", self.export(store, MONTH[0])),
                ('weeks', "A lead's 12 weeks of one team",
                 self.export(store, WEEKS[0], '--team', LEAD_TEAM, '--by', 'team,week'))):
            ours = []
            for round_ in range(self.report_runs + 1):
                ms = self.timed(command, env)
                if round_ > 0:
                    ours.append(ms)
            ratio = statistics.median(ours) / medians[key]
            self.add(f'{name}, {days} days of history, SQLite', f'{days // 2} days',
                     medians[key], statistics.median(ours), 'ms', ratio, 'within 10 %',
                     ratio <= 1.1, samples=[round(x) for x in ours])

    def report_postgresql(self, raw, size, env):
        """The same raw rows in a throwaway PostgreSQL (tests/pg/pg-env.sh),
        kept running by a shell that waits on its standard input; a copy of
        them for the floor, then sealed by the server's (fixed) date."""
        holder = subprocess.Popen([self.args.pg_env, 'sh', '-c', 'echo "$PGHOST"; exec cat >/dev/null'],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            line = holder.stdout.readline().strip()
            if 'SKIP' in line:
                self.skipped.append('team figures on PostgreSQL (PostgreSQL is not installed)')
                return
            if not line:
                raise BenchError('tests/pg/pg-env.sh did not start PostgreSQL')
            env = dict(env, PGHOST=line, PGPORT='5432', PGUSER='postgres', PGDATABASE='postgres')

            def psql(*args, database=REPORT_DATABASE, **kwargs):
                return subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database,
                                       *args], env=env, check=True, capture_output=True,
                                      **kwargs)

            log('team figures, PostgreSQL: copying the rows')
            psql('-c', f'CREATE DATABASE {REPORT_DATABASE}', database='postgres')
            conninfo = f'dbname={REPORT_DATABASE}'
            subprocess.run([self.args.respite_report, 'init', '--store', conninfo], env=env,
                           check=True, capture_output=True)
            for table, columns in (('members', "member, '\\x' || lower(hex(secret_hash))"),
                                   ('day_rows', '*')):
                rows = subprocess.run(['sqlite3', '-csv', raw, f'SELECT {columns} FROM {table}'],
                                      check=True, capture_output=True).stdout
                psql('-c', f'\\copy respite.{table} FROM pstdin (FORMAT csv)', input=rows)
            psql('-c', 'CREATE TABLE public.raw_rows AS SELECT * FROM respite.day_rows;'
                       ' CREATE INDEX ON public.raw_rows (day); CREATE INDEX ON public.raw_rows (team, day)')
            psql('-c', 'CREATE OR REPLACE FUNCTION respite.today () RETURNS date LANGUAGE sql STABLE'
                       " SET search_path = pg_catalog, pg_temp AS $$ SELECT date '" + SEAL_ALL + "' $$")
            start = time.monotonic()
            psql('-c', 'SELECT respite.seal_due ()')
            log(f'sealed on PostgreSQL in {(time.monotonic() - start) * 1000:.0f} ms')
            psql('-c', 'VACUUM ANALYZE')
            psql('-c', f'CREATE ROLE {REPORT_LOGIN} LOGIN IN ROLE respite_hr')

            def floor(where, group):
                return ['psql', '-X', '-q', '--csv', '-d', REPORT_DATABASE, '-c',
                        FLOOR_SQL.format(rows='public.raw_rows', where=where, group=group)]

            month = floor(f"day BETWEEN '{MONTH[1]}' AND '{MONTH[2]}'", 'team')
            weeks = floor(f"team = '{LEAD_TEAM}' AND day BETWEEN '{WEEKS[1]}' AND '{WEEKS[2]}'",
                          "date_trunc ('week', day)")
            store = f'{conninfo} user={REPORT_LOGIN}'
            log(f'team figures, PostgreSQL: {self.report_runs} rounds after a warm-up')
            self.add_floor("HR's monthly CSV export, PostgreSQL", 'psql, the month\'s rows by team',
                           self.rounds(self.export(store, MONTH[0]), month, env), '≤ 2×', 2, **size)
            self.add_floor("A lead's 12 weeks of one team, PostgreSQL",
                           'psql, the team\'s rows by week',
                           self.rounds(self.export(store, WEEKS[0], '--team', LEAD_TEAM,
                                                   '--by', 'team,week'), weeks, env),
                           '≤ 2×', 2, **size)
            pdf = os.path.join(self.work, 'month-pg.pdf')
            self.add_floor('The PDF of a month, PostgreSQL', 'psql, the month\'s rows by team',
                           self.rounds([self.args.respite_report, 'export', '--store', store,
                                        '--period', MONTH[0], '--format', 'pdf', '--output', pdf],
                                       month, env), '≤ 3×', 3, **size)
        finally:
            holder.stdin.close()
            holder.wait(timeout=60)

    # --- 5. publishing -------------------------------------------------------------

    def publishing(self):
        log('publishing 90 days to PostgreSQL')
        out = subprocess.run([self.args.pg_env, self.args.publish_bench, str(2 * self.runs - 1)],
                             capture_output=True, text=True)
        if 'SKIP' in out.stdout:
            self.skipped.append('publishing (PostgreSQL is not installed)')
            return
        if out.returncode != 0:
            raise BenchError(f'publish-bench failed: {out.stderr.strip()}')
        rounds = [l.split() for l in out.stdout.splitlines() if l.startswith('round ')]
        respite = [int(r[3]) / 1000 for r in rounds]
        anchor = [int(r[5]) / 1000 for r in rounds]
        ratio = paired_ratio(respite, anchor)
        self.add('Publishing 90 days to PostgreSQL', 'same SQL, one round trip',
                 statistics.median(anchor), statistics.median(respite), 'ms',
                 ratio, '≤ 1.5×', ratio <= 1.5,
                 samples=[round(x, 2) for x in respite],
                 anchor_samples=[round(x, 2) for x in anchor])

    # --- report -----------------------------------------------------------------

    def machine(self):
        model = 'unknown'
        with open('/proc/cpuinfo', encoding='utf-8') as f:
            for line in f:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
        return dict(nproc=os.cpu_count(), cpu=model, kernel=os.uname().release)

    def table(self):
        def number(value, unit):
            if value is None:
                return '—'
            text = f'{value:.0f}' if unit in ('ms', 'libraries') else f'{value:.1f}'
            return f'{text} {unit}'

        lines = ['| benchmark | anchor | Respite | ratio | target | result |',
                 '| --- | --- | --- | --- | --- | --- |']
        for r in self.results:
            ratio = '—' if r['ratio'] is None else f'{r["ratio"]:.3f}×'
            result = {True: 'met', False: '**missed**', None: 'for reading'}[r['met']]
            if r.get('note'):
                result += f' ({r["note"]})'
            lines.append(f'| {r["name"]} | {r["anchor_name"]}: {number(r["anchor"], r["unit"])} '
                         f'| {number(r["value"], r["unit"])} | {ratio} | {r["target"]} '
                         f'| {result} |')
        return '\n'.join(lines)

    def wanted(self, name):
        return self.only is None or name in self.only

    def run(self):
        if self.wanted('startup') or self.wanted('idle'):
            self.empty = self.make_store('empty', 0)
            self.history = self.make_store('history', 3 * 365)
        try:
            for name, step in (('startup', self.startup), ('idle', self.idle),
                               ('report', self.report), ('publishing', self.publishing)):
                if self.wanted(name):
                    step()
        finally:
            self.stderr.close()

        machine = self.machine()
        date = datetime.date.today().isoformat()
        print(f'\nRespite benchmarks, {date}, {machine["nproc"]} × {machine["cpu"]}, '
              f'{self.runs} runs, {self.seconds:g} s idle windows\n')
        print(self.table())
        skipped = self.skipped
        if skipped:
            print(f'\nNot measured: {"; ".join(skipped)}.')

        with open(self.args.output, 'w', encoding='utf-8') as f:
            json.dump(dict(date=date, machine=machine, runs=self.runs,
                           idle_seconds=self.seconds,
                           renderer=os.environ.get('RESPITE_BENCH_RENDERER') or 'GTK default',
                           only=sorted(self.only) if self.only else None,
                           results=self.results, skipped=skipped), f, indent=2,
                      ensure_ascii=False)
            f.write('\n')
        log(f'wrote {self.args.output}')
        shutil.rmtree(self.work, ignore_errors=True)
        # A missed target is a finding, shown in the table, not a failure.
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ('respite', 'respite-report', 'baseline', 'frame-watch', 'make-history',
                   'publish-bench', 'pg-env', 'schemas', 'cache', 'output'):
        parser.add_argument('--' + option, required=True)
    try:
        return Bench(parser.parse_args()).run()
    except (BenchError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        print(f'bench: {e}', file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
