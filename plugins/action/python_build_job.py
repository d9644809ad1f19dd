# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run python_build's static scripts detached on the host, several at once, and follow them.

Documented in plugins/modules/python_build_job.py. The module of the same name starts a driver in
a session of its own on the host (module_utils/builds/build_jobs.py: one job budget, a make jobserver,
shared by every job), so a lost connection does not stop it and a timeout stops all of it.
Progress comes from each job's ``LOG.phases`` (written by the script), read in one command per
poll and shown as each phase starts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import shlex
import time

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_jobs import (
    JobError,
    check_jobs,
    job_state,
    parse_events,
    phases_file,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.worker_signals import (
    signals_deferred,
)

display = Display()


def show(message):
    """Display ``message`` from the worker, a Ctrl-C or SIGTERM held off until it is sent: a
    worker killed while it sends leaves ansible-core's result queue locked and ansible-playbook
    hung (plugin_utils/worker_signals.py)."""
    with signals_deferred():
        display.display(message)


def _quote(argv):
    return ' '.join(shlex.quote(str(a)) for a in argv)


def durations(phases, end):
    """Seconds spent in each phase; the last one runs until ``end``."""
    out = {}
    for i, (name, start) in enumerate(phases):
        stop = phases[i + 1][1] if i + 1 < len(phases) else end
        out[name] = max(0, stop - start)
    return out


def _split_files(text, paths):
    """``{path: contents}`` from the output of :meth:`ActionModule._look`."""
    out, current = {}, None
    for line in text.splitlines():
        if line.startswith('== ') and line[3:] in paths:
            current = line[3:]
            out[current] = []
        elif line.startswith('-- '):
            current = None
        elif current is not None:
            out[current].append(line)
    return dict((k, '\n'.join(v)) for k, v in out.items())


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('jobs', 'slots', 'script', 'argv', 'environment', 'label', 'timeout',
                             'poll'))

    def _run(self, command):
        return self._low_level_execute_command(command, sudoable=True)

    def _look(self, paths, locks, driver):
        """Every phases file, which version locks are held, the host's clock and whether this
        run's driver still runs: one command.

        Who is alive is asked first and the phases files read after: a job seen alive, whose exit
        line is not written yet, is running; read the other way round, a job that ended between
        the two reads would have no exit line and nobody alive, and would count as dead (issue 38:
        a build that succeeded was reported "stopped without finishing" on a loaded host)."""
        command = ''
        if driver:
            # A zombie is dead: where PID 1 does not reap (a container's "sleep infinity"), a
            # driver that died stays in the process table.
            command += ('kill -0 %d 2>/dev/null && ! grep -qs "^State:[[:space:]]*Z" /proc/%d/status '
                        '&& echo "-- running"; ' % (driver, driver))
        command += ''.join(
            'if [ -e %s ] && ! flock -n %s true 2>/dev/null; then echo %s; fi; ' % (
                shlex.quote(lock), shlex.quote(lock), shlex.quote('-- held ' + lock))
            for lock in locks if lock)
        command += ''.join('echo %s; cat %s 2>/dev/null; ' % (shlex.quote('== ' + p), shlex.quote(p))
                           for p in paths)
        command += 'echo "-- now $(date +%s)"'
        text = self._run(command).get('stdout', '')
        now = re.search(r'^-- now (\d+)$', text, re.M)
        now = int(now.group(1)) if now else int(time.time())
        running = re.search(r'^-- running$', text, re.M) is not None
        held = set(m.group(1) for m in re.finditer(r'^-- held (.+)$', text, re.M))
        return _split_files(text, paths), now, running, held

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args
        try:
            timeout = int(args.get('timeout', 7200))
            poll = float(args.get('poll', 2))
        except (TypeError, ValueError):
            raise AnsibleActionFail('timeout and poll must be numbers of seconds')
        if timeout < 1 or poll <= 0:
            raise AnsibleActionFail('timeout must be >= 1 and poll > 0 seconds, got %r and %r'
                                    % (timeout, poll))
        if args.get('jobs') is not None and args.get('script') is not None:
            raise AnsibleActionFail('give either jobs or script (one job), not both')
        if args.get('jobs') is None:
            jobs = [dict(script=args.get('script'), argv=args.get('argv'),
                         environment=args.get('environment'), label=args.get('label'))]
        else:
            jobs = args.get('jobs')
        try:
            jobs, slots = check_jobs(jobs, args.get('slots', 1))
        except JobError as exc:
            raise AnsibleActionFail(str(exc))
        host = (task_vars or {}).get('inventory_hostname', '')
        labels = [j['label'] for j in jobs]

        if self._play_context.check_mode:
            result.update(changed=True, msg='would run %s (check mode)' % ', '.join(labels))
            return result

        started = self._execute_module(
            module_name='connect_ops.interpreters.python_build_job',
            module_args={'jobs': jobs, 'slots': slots, 'timeout': timeout},
            task_vars=task_vars)
        if started.get('failed') or 'driver_pid' not in started:
            raise AnsibleActionFail('could not start %s: %s' % (
                ', '.join(labels), started.get('msg', started)))
        driver = int(started.get('driver_pid') or 0)
        attached = set(started.get('attached') or [])
        for job in jobs:
            if job['label'] in attached:
                show('%s: %s: another run is building it (it holds %s); following its progress, '
                     'log %s' % (host, job['label'], job['environment']['PB_LOCK'],
                                 job['environment']['PB_LOG']))
            else:
                show('%s: %s: started, log %s' % (
                    host, job['label'], job['environment']['PB_LOG']))
        if len(jobs) > 1:
            show('%s: %d jobs share %d slot(s)' % (host, len(jobs), slots))

        paths = [phases_file(j) for j in jobs]
        locks = [j['environment'].get('PB_LOCK', '') for j in jobs]
        shown = dict((p, 0) for p in paths)
        events, states = {}, {}
        began = time.time()
        # Each job's own limit is kept on the host (the driver stops a job at python_build_timeout
        # from its start); this bounds the wait should the host's driver itself be stuck.
        ceiling = timeout * len(jobs) + 60
        while True:
            time.sleep(poll)
            texts, now, running, held = self._look(paths, locks, driver)
            for job, path, lock in zip(jobs, paths, locks):
                events[path] = parse_events(texts.get(path, ''))
                states[path] = job_state(events[path], lock in held,
                                         running and job['label'] not in attached)
                phases = events[path][1]
                for i in range(shown[path], len(phases)):
                    name, at = phases[i]
                    if i:
                        prev, prev_at = phases[i - 1]
                        show('%s: %s: %s (%d s) -> %s' % (host, job['label'], prev,
                                                          at - prev_at, name))
                    else:
                        show('%s: %s: %s' % (host, job['label'], name))
                shown[path] = len(phases)
            if all(states[p] in ('finished', 'dead') for p in paths):
                break
            if time.time() - began > ceiling:
                stopped = [j for j, p in zip(jobs, paths) if events[p][4] is None]
                groups = [events[p][0] for j, p in zip(jobs, paths)
                          if events[p][4] is None and events[p][0]]
                self._run('kill -s KILL -- %s 2>/dev/null; sleep 1; rm -rf %s' % (
                    ' '.join('-%d' % g for g in [driver] + groups if g),
                    _quote(j['environment'][d] for j in stopped
                           for d in ('PB_STAGE', 'PB_WORK'))))
                result.update(failed=True, jobs=[dict(label=j['label'], phases=durations(
                    events[p][1], now), log=j['environment']['PB_LOG']) for j, p in zip(jobs, paths)])
                result.update(phases=result['jobs'][0]['phases'], log=result['jobs'][0]['log'],
                              msg=('Building Python %s failed because it ran longer than '
                                   'python_build_timeout (%d s) and was stopped; nothing of it was '
                                   'installed. The logs stay at %s.' % (
                                       ', '.join(j['label'] for j in stopped), timeout,
                                       ', '.join(j['environment']['PB_LOG'] for j in stopped))))
                return result

        reports, failures = [], []
        for job, path in zip(jobs, paths):
            _pid, phases, failed, done, code = events[path]
            log = job['environment']['PB_LOG']
            report = dict(label=job['label'], phases=durations(phases, now), log=log, rc=code,
                          attached=job['label'] in attached)
            if code == 0 and done:
                show('%s: %s: %s' % (host, job['label'], done))
                report['msg'] = done
            else:
                if code is None:
                    failed = failed or (
                        'the build of Python %s stopped without finishing: its process is gone '
                        '(the host restarted, or it was killed) and nothing holds its lock; run '
                        'again to start it over' % job['label'])
                tail = self._run('tail -n 40 %s 2>/dev/null' % shlex.quote(log)).get('stdout', '')
                report['msg'] = '%s; full log: %s\n----- last lines of the log -----\n%s' % (
                    failed or 'the script exited with %s' % code, log, tail)
                failures.append(report)
            reports.append(report)
        result.update(jobs=reports, phases=reports[0]['phases'], log=reports[0]['log'],
                      changed=len(failures) < len(reports))
        if failures:
            done = [r['label'] for r in reports if r not in failures]
            result.update(failed=True, rc=failures[0]['rc'], msg='\n'.join(
                [r['msg'] for r in failures] + (
                    ['Installed all the same (each job is checked and moved into place on its '
                     'own): %s' % ', '.join(done)] if done else [])))
        else:
            result['msg'] = reports[0]['msg'] if len(reports) == 1 else '; '.join(
                r['msg'] for r in reports)
        return result
