# -*- coding: utf-8 -*-
"""The action's look at the host is one command; a job that ends while it runs must not count as
dead (issue 38: a build that succeeded was reported "stopped without finishing" under load)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import subprocess
import time

from ansible_collections.connect_ops.interpreters.plugins.action.python_build_job import (
    ActionModule,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_jobs import (
    job_state,
    parse_events,
)


def test_a_job_that_ends_during_the_look_is_running_not_dead(tmp_path):
    phases = tmp_path / '3.11.2.log.phases'
    phases.write_text('pid 1\nphase make 10\n')
    lock = tmp_path / '.lock-3.11.2'
    lock.write_text('')
    # the run's driver, detached as start_detached leaves it (not our child: init reaps it)
    driver = int(subprocess.check_output(['sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo $!']))
    # the job holds its lock (flock and its sleep share it: a group of their own)
    job = subprocess.Popen(['flock', str(lock), 'sleep', '300'], start_new_session=True)
    for _attempt in range(200):
        if subprocess.run(['flock', '-n', str(lock), 'true'], check=False).returncode:
            break
        time.sleep(0.05)
    # The host as the look meets it: the job ends (its exit line written, its lock released, its
    # driver gone) right after its phases file is read, the worst moment for a look.
    prelude = ('cat() { command cat "$@"; echo "exit 0" >> %s; kill -9 -- -%d %d; sleep 0.3; }; '
               % (phases, job.pid, driver))

    def run(command):
        out = subprocess.run(['bash', '-c', prelude + command], capture_output=True, text=True,
                             check=False)
        return {'stdout': out.stdout}

    action = ActionModule.__new__(ActionModule)
    action._run = run
    try:
        texts, _now, running, held = action._look([str(phases)], [str(lock)], driver)
    finally:
        subprocess.run(['kill', '-9', '--', '-%d' % job.pid, str(driver)], check=False,
                       capture_output=True)
        job.wait()
    state = job_state(parse_events(texts[str(phases)]), str(lock) in held, running)
    assert state == 'running'  # seen alive, no exit line yet: the next look sees it finished
    assert parse_events(phases.read_text())[4] == 0


def test_a_driver_that_died_and_was_not_reaped_does_not_count_as_running(tmp_path):
    """Where PID 1 does not reap (a container's sleep infinity), a dead driver stays a zombie."""
    driver = subprocess.Popen(['sleep', '300'])
    driver.kill()
    for _attempt in range(200):  # a zombie until we wait for it
        with open('/proc/%d/status' % driver.pid) as f:
            if 'State:\tZ' in f.read():
                break
        time.sleep(0.05)
    action = ActionModule.__new__(ActionModule)
    action._run = lambda command: {'stdout': subprocess.run(
        ['bash', '-c', command], capture_output=True, text=True, check=False).stdout}
    try:
        _texts, _now, running, _held = action._look([], [], driver.pid)
    finally:
        driver.wait()
    assert running is False
