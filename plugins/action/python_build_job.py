# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run one of python_build's static scripts detached on the host and follow its phases.

Documented in plugins/modules/python_build_job.py. The script runs in a session of its own
(``setsid``), so a lost connection does not stop it and a timeout stops all of it. Progress comes
from ``LOG.phases`` (written by the script), shown as each phase starts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import shlex
import time

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

display = Display()

_ENV_NAME = re.compile(r'^PB_[A-Z_]+$')
_REQUIRED_ENV = ('PB_VERSION', 'PB_LOG', 'PB_STAGE', 'PB_WORK')


def _quote(argv):
    return ' '.join(shlex.quote(str(a)) for a in argv)


def parse_events(text):
    """``(pid, [(phase, epoch)], failed, done, exit_code)`` from a phases file."""
    pid, phases, failed, done, code = None, [], None, None, None
    for line in text.splitlines():
        kind, _sep, rest = line.partition(' ')
        if kind == 'pid' and rest.isdigit():
            pid = int(rest)
        elif kind == 'phase':
            name, _sep, epoch = rest.rpartition(' ')
            if epoch.isdigit():
                phases.append((name, int(epoch)))
        elif kind == 'failed':
            failed = rest
        elif kind == 'done':
            done = rest
        elif kind == 'exit' and rest.lstrip('-').isdigit():
            code = int(rest)
    return pid, phases, failed, done, code


def durations(phases, end):
    """Seconds spent in each phase; the last one runs until ``end``."""
    out = {}
    for i, (name, start) in enumerate(phases):
        stop = phases[i + 1][1] if i + 1 < len(phases) else end
        out[name] = max(0, stop - start)
    return out


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('script', 'argv', 'environment', 'label', 'timeout', 'poll'))

    def _run(self, command):
        return self._low_level_execute_command(command, sudoable=True)

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args
        script = args.get('script')
        argv = list(args.get('argv') or [])
        env = dict(args.get('environment') or {})
        label = str(args.get('label') or env.get('PB_VERSION', 'job'))
        try:
            timeout = int(args.get('timeout', 7200))
            poll = float(args.get('poll', 2))
        except (TypeError, ValueError):
            raise AnsibleActionFail('timeout and poll must be numbers of seconds')
        if timeout < 1 or poll <= 0:
            raise AnsibleActionFail('timeout must be >= 1 and poll > 0 seconds, got %r and %r'
                                    % (timeout, poll))
        if not isinstance(script, str) or not script.startswith('/'):
            raise AnsibleActionFail('script must be an absolute path on the host, got %r'
                                    % (script,))
        for name, value in env.items():
            if not _ENV_NAME.match(str(name)) or any(c in str(value) for c in '\x00\n\r'):
                raise AnsibleActionFail('environment: %r=%r is not a PB_* variable with a '
                                        'one-line value' % (name, value))
        missing = [n for n in _REQUIRED_ENV if not env.get(n)]
        if missing:
            raise AnsibleActionFail('environment must set %s' % ', '.join(missing))
        log = env['PB_LOG']
        phases_file = log + '.phases'
        host = (task_vars or {}).get('inventory_hostname', '')

        if self._play_context.check_mode:
            result.update(changed=True, msg='would run %s for %s (check mode)' % (script, label))
            return result

        display.display('%s: %s: started, log %s' % (host, label, log))
        start = self._run('rm -f %s && setsid -f env %s %s </dev/null >/dev/null 2>&1' % (
            shlex.quote(phases_file),
            _quote('%s=%s' % (k, v) for k, v in sorted(env.items())),
            _quote([script] + argv)))
        if start.get('rc') != 0:
            raise AnsibleActionFail('could not start %s: %s' % (script, start.get('stderr', '')))

        began = time.time()
        shown = 0
        pid = failed = done = code = None
        phases = []
        while True:
            time.sleep(poll)
            probe = self._run('cat %s 2>/dev/null; echo "-- now $(date +%%s)"' % shlex.quote(
                phases_file))
            text = probe.get('stdout', '')
            now = re.search(r'^-- now (\d+)$', text, re.M)
            now = int(now.group(1)) if now else int(time.time())
            pid, phases, failed, done, code = parse_events(text)
            for i in range(shown, len(phases)):
                name, at = phases[i]
                if i:
                    prev, prev_at = phases[i - 1]
                    display.display('%s: %s: %s (%d s) -> %s' % (host, label, prev, at - prev_at,
                                                                 name))
                else:
                    display.display('%s: %s: %s' % (host, label, name))
            shown = len(phases)
            if code is not None:
                break
            if pid is not None:
                alive = self._run('kill -0 %d 2>/dev/null' % pid).get('rc') == 0
                if not alive:
                    probe = self._run('cat %s 2>/dev/null' % shlex.quote(phases_file))
                    pid, phases, failed, done, code = parse_events(probe.get('stdout', ''))
                    if code is None:
                        code = -1
                        failed = failed or 'the script stopped without finishing'
                    break
            elif time.time() - began > 60:
                raise AnsibleActionFail('%s did not start within 60 s (no %s)'
                                        % (script, phases_file))
            if time.time() - began > timeout:
                if pid is not None:
                    self._run('kill -s KILL -- -%d 2>/dev/null; sleep 1; rm -rf %s' % (
                        pid, _quote([env['PB_STAGE'], env['PB_WORK']])))
                result.update(failed=True, phases=durations(phases, now), log=log, msg=(
                    'Building Python %s failed because it ran longer than python_build_timeout '
                    '(%d s) and was stopped; nothing was installed. The log stays at %s.'
                    % (label, timeout, log)))
                return result

        result['phases'] = durations(phases, now)
        result['log'] = log
        if code == 0 and done:
            display.display('%s: %s: %s' % (host, label, done))
            result.update(changed=True, msg=done)
            return result
        tail = self._run('tail -n 40 %s 2>/dev/null' % shlex.quote(log)).get('stdout', '')
        result.update(failed=True, rc=code, msg='%s; full log: %s\n----- last lines of the log '
                      '-----\n%s' % (failed or 'the script exited with %s' % code, log, tail))
        return result
