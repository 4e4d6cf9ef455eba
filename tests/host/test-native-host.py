# SPDX-License-Identifier: GPL-3.0-or-later
"""respite-native-host against a fake browser and a fake Respite (issue #20).

The fake browser is this script: it speaks the native-messaging framing on
the host's stdin and stdout. The fake Respite (fake-respite.py) implements
the real D-Bus contract and logs each call; dbus-monitor prints every
message that crosses the test's private session bus, headers and whole
bodies, so the test can show that no origin ever reaches it. Output is TAP.
"""

import atexit
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HOST, CONTRACT = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, 'fake-respite.py')
WORK = tempfile.mkdtemp(prefix='respite-host-test-')
atexit.register(shutil.rmtree, WORK, True)
POLICY = os.path.join(WORK, 'organisation.conf')
CALLS = os.path.join(WORK, 'calls.jsonl')
BUS = os.path.join(WORK, 'bus.txt')
# Every origin the fake browser shows, and the distinctive parts of them:
# none may appear on the bus.
SECRETS = ['review.example.org', 'other.example', 'news.example.com', 'secret-path',
           'not an origin', 'chat.example.net', '8443']

results = []


def ok(condition, name, detail=''):
    results.append(bool(condition))
    print(f"{'ok' if condition else 'not ok'} {len(results)} - {name}", flush=True)
    if not condition and detail:
        for line in str(detail).splitlines():
            print(f'# {line}', flush=True)


def read_log(path):
    try:
        with open(path, encoding='utf-8') as log:
            return [json.loads(line) for line in log if line.strip()]
    except FileNotFoundError:
        return []


def start_fake(*args):
    process = subprocess.Popen([sys.executable, FAKE, *args], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.strip() == 'ready', f'fake-respite.py {args[0]} did not start'
    return process


def start_monitor():
    """dbus-monitor on the whole bus; ready once it says it became one."""
    output = open(BUS, 'w', encoding='utf-8')
    process = subprocess.Popen(['dbus-monitor', '--session'], stdout=output,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while 'member=NameLost' not in open(BUS, encoding='utf-8').read():
        assert time.monotonic() < deadline and process.poll() is None, 'dbus-monitor did not start'
        time.sleep(0.02)
    return process


def bus_messages():
    """What dbus-monitor saw: (header line, body lines) per message."""
    messages = []
    with open(BUS, encoding='utf-8', errors='replace') as log:
        for line in log:
            if line.startswith((' ', '\t')) and messages:
                messages[-1][1].append(line.strip())
            elif line.strip():
                messages.append((line.strip(), []))
    return messages


def wait_for(condition):
    deadline = time.monotonic() + 60
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def stop(process):
    process.terminate()
    process.wait(timeout=60)


class Host:
    """respite-native-host, as a browser runs it."""

    def __init__(self):
        self.stderr_path = os.path.join(WORK, f'stderr-{time.monotonic_ns()}')
        self.stderr_file = open(self.stderr_path, 'wb')
        env = dict(os.environ, RESPITE_ORGANISATION_CONF=POLICY)
        # Firefox passes the manifest's path and the add-on's id.
        self.process = subprocess.Popen(
            [HOST, '/usr/lib/mozilla/native-messaging-hosts/io.github.respite.native_host.json',
             'respite@respite.github.io'],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr_file, env=env)

    def send_raw(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        data = message if isinstance(message, bytes) else json.dumps(message).encode()
        self.send_raw(struct.pack('=I', len(data)) + data)
        return self.reply()

    def reply(self):
        header = self.process.stdout.read(4)
        if len(header) < 4:
            return None
        (length,) = struct.unpack('=I', header)
        return json.loads(self.process.stdout.read(length))

    def close(self):
        self.process.stdin.close()
        rest = self.process.stdout.read()
        status = self.process.wait(timeout=60)
        self.stderr_file.close()
        return status, rest

    def stderr(self):
        with open(self.stderr_path, encoding='utf-8', errors='replace') as f:
            return f.read()


def calls():
    return [(c['member'], c['args']) for c in read_log(CALLS)]


def after(before):
    return calls()[before:]


with open(POLICY, 'w', encoding='utf-8') as policy:
    policy.write("""# A test policy: three browser tools, one desktop tool, two mistakes.
[ReviewTools]
mode=track

[Review tool Example]
origin=https://Review.Example.org:443
kind=image

[Review tool Other]
origin=http://other.example:8080/
kind=text

[Review tool Desktop]
wm-class=XLogo

[Review tool Bad]
origin=not an origin

[Review tool Stale]
origin=https://chat.example.net
""")

monitor = start_monitor()
respite = start_fake('service', CONTRACT, CALLS, '--tools', 'Example,Other,Desktop,Bad')

print('1..29', flush=True)
host = Host()

# Listed origins, in every spelling a browser or an administrator may use.
for message, tool, name in [
        ({'active': True, 'origin': 'https://review.example.org'}, 'Example', 'a listed origin'),
        ({'active': True, 'origin': 'HTTPS://REVIEW.example.org:443'}, 'Example',
         'the same origin, upper case and with the default port'),
        ({'active': True, 'origin': 'https://review.example.org/secret-path?q=1#x'}, 'Example',
         'a whole URL counts as its origin'),
        ({'active': True, 'origin': 'http://other.example:8080'}, 'Other', 'a listed origin with a port'),
        ({'active': True, 'origin': 'https://news.example.com'}, '', 'an unknown origin is no tool'),
        ({'active': True, 'origin': 'http://review.example.org'}, '', 'another scheme is another origin'),
        ({'active': True, 'origin': 'https://review.example.org:8443'}, '', 'another port is another origin'),
        ({'active': True, 'origin': 'null'}, '', 'an opaque origin is no tool'),
        ({'active': False}, '', 'the browser lost the focus'),
]:
    before = len(calls())
    reply = host.send(message)
    ok(reply == {'ok': True} and after(before) == [('FocusChanged', ['browser', tool])],
       f'{name}: FocusChanged ("browser", "{tool}")', f'reply {reply}, calls {after(before)}')

stderr = host.stderr()
ok('[Review tool Bad] origin:' in stderr and POLICY in stderr,
   'a bad origin= in the policy is named with its file and group on stderr', stderr)

# Bad input: a clear error for the add-on and on stderr, and no call.
for data, code, said, name in [
        (b'{"active": true, "origin": "https://review.example.org"', 'malformed', 'not JSON',
         'cut JSON'),
        (b'\xff\xfe{"active": false}', 'malformed', 'not JSON', 'bytes that are not UTF-8'),
        (b'', 'malformed', 'not a JSON object', 'an empty message'),
        (b'["https://review.example.org"]', 'malformed', 'not a JSON object', 'JSON that is no object'),
        (b'{"origin": "https://review.example.org"}', 'malformed', '“active”', 'no "active"'),
        (b'{"active": true}', 'malformed', '“origin”', '"active" without an origin'),
        (b'{"active": true, "origin": 42}', 'malformed', '“origin”', 'an origin that is no text'),
        (b'{"active": true, "origin": "not an origin"}', 'bad-origin', 'scheme://host', 'an origin that is not one'),
]:
    before = len(calls())
    said_before = len(host.stderr())
    reply = host.send(data)
    new_stderr = host.stderr()[said_before:]
    ok(reply is not None and reply.get('ok') is False and reply.get('error') == code
       and said in new_stderr and after(before) == [],
       f'{name}: error {code}, said on stderr, nothing called',
       f'reply {reply}, stderr {new_stderr!r}, calls {after(before)}')

# Too long: read to its end and refused; the next message is read in step.
before = len(calls())
big = b'{"active": true, "origin": "https://review.example.org", "pad": "' + b'x' * (64 * 1024) + b'"}'
reply = host.send(big)
ok(reply is not None and reply.get('error') == 'too-long' and after(before) == []
   and host.send({'active': True, 'origin': 'https://review.example.org'}) == {'ok': True}
   and after(before) == [('FocusChanged', ['browser', 'Example'])],
   'a message over 64 KiB is refused, and the next one is read', f'reply {reply}, calls {after(before)}')

# A tool the app does not know: Respite's refusal reaches the add-on.
before = len(calls())
reply = host.send({'active': True, 'origin': 'https://chat.example.net'})
ok(reply is not None and reply.get('error') == 'refused' and 'Stale' in reply.get('message', ''),
   "a tool Respite refuses: error refused, with Respite's reason", f'reply {reply}')

# Respite not running: an error for each message, and the host goes on.
stop(respite)
before = len(calls())
reply = host.send({'active': True, 'origin': 'https://review.example.org'})
ok(reply is not None and reply.get('error') == 'not-running' and 'not running' in host.stderr(),
   'Respite not running: error not-running, said on stderr', f'reply {reply}')
# Respite comes: it hears of the tool in front at once, with no new message.
before = len(calls())
respite = start_fake('service', CONTRACT, CALLS, '--tools', 'Example,Other,Desktop,Bad')
ok(wait_for(lambda: after(before) == [('FocusChanged', ['browser', 'Example'])]),
   'Respite comes: told of the tool in front without a new message', after(before))
before = len(calls())
reply = host.send({'active': True, 'origin': 'http://other.example:8080'})
ok(reply == {'ok': True} and after(before) == [('FocusChanged', ['browser', 'Other'])],
   'and the host goes on', f'reply {reply}, calls {after(before)}')

# Respite starts again while a tool is in front: told again.
stop(respite)
before = len(calls())
respite = start_fake('service', CONTRACT, CALLS, '--tools', 'Example,Other,Desktop,Bad')
ok(wait_for(lambda: after(before) == [('FocusChanged', ['browser', 'Other'])]),
   'Respite restarted: told again of the tool in front', after(before))

# The end of the stream: "" once, exit 0, nothing else on stdout.
before = len(calls())
status, rest = host.close()
ok(status == 0 and rest == b'' and after(before) == [('FocusChanged', ['browser', ''])],
   'at EOF: FocusChanged ("browser", "") once, exit 0', f'status {status}, rest {rest!r}, calls {after(before)}')

# A message cut short by the end of the stream.
host = Host()
host.send({'active': True, 'origin': 'https://review.example.org'})
before = len(calls())
host.send_raw(struct.pack('=I', 100) + b'{"active": true, "ori')
status, rest = host.close()
ok(status == 1 and rest == b'' and 'cut short' in host.stderr()
   and after(before) == [('FocusChanged', ['browser', ''])],
   'a truncated message: said on stderr, "" reported, exit 1',
   f'status {status}, stderr {host.stderr()!r}, calls {after(before)}')

host = Host()
before = len(calls())
host.send_raw(b'\x07\x00')
status, rest = host.close()
ok(status == 1 and 'cut short' in host.stderr() and after(before) == [('FocusChanged', ['browser', ''])],
   'a truncated length: said on stderr, "" reported, exit 1', f'status {status}, calls {after(before)}')

# No origin on the bus: every message dbus-monitor saw, bodies in full.
def focus_calls():
    return [body for header, body in bus_messages()
            if header.startswith('method call') and 'member=FocusChanged' in header]


# Those the fake answered, and the one the bus refused while it was away.
expected = len([c for c in read_log(CALLS) if c['member'] == 'FocusChanged']) + 1
deadline = time.monotonic() + 60
while len(focus_calls()) < expected and time.monotonic() < deadline:
    time.sleep(0.05)
messages = bus_messages()
seen = focus_calls()
leaks = [header + ' ' + ' '.join(body) for header, body in messages
         if any(s in (header + ' '.join(body)).lower() for s in SECRETS)]
ok(len(seen) == expected and expected > 0 and not leaks,
   f'the bus carried all {expected} FocusChanged calls ({len(seen)}), and no origin in any of {len(messages)} messages',
   '\n'.join(leaks[:3]))
bodies = sorted({tuple(body) for body in seen})
ok(bodies == sorted({('string "browser"', f'string "{tool}"') for tool in ('', 'Example', 'Other', 'Stale')}),
   'FocusChanged bodies hold only "browser" and a tool name', bodies)

stop(respite)
stop(monitor)
sys.exit(0 if all(results) else 1)
