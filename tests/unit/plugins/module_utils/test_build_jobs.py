# -*- coding: utf-8 -*-
"""Several jobs at once under one budget, with real GNU make as the jobserver client: the jobs and
every compiler their makes start never exceed the slots, yet do overlap; one failure leaves the
others alone."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import textwrap
import time

import pytest
from intervals import busiest
from processes import still_running, unique_seconds

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_jobs import (
    TIMED_OUT,
    JobError,
    check_jobs,
    job_state,
    lock_held,
    parse_events,
    run_jobs,
    start_detached,
    start_order,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.process_group import (
    stop_group,
)

# A job: one single-threaded phase (like configure), then a make with four independent targets
# (like the compilers), each recording when it ran.
SCRIPT = textwrap.dedent('''\
    #!/bin/sh
    set -eu
    rec() { python3 "$PB_REC" "$1" "$2"; }
    echo "pid $$" > "$PB_LOG.phases"
    # PB_GATE: wait (up to 60 s) until that file exists, then go on.
    n=0; while [ -n "${PB_GATE:-}" ] && [ ! -e "$PB_GATE" ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done
    rec "$PB_VERSION-configure" start; sleep 0.4; rec "$PB_VERSION-configure" end
    [ "$PB_VERSION" != "${PB_FAIL:-}" ] || { echo "exit 3" >> "$PB_LOG.phases"; exit 3; }
    cd "$PB_WORK"
    make -f "$PB_MAKEFILE" >/dev/null
    echo "exit 0" >> "$PB_LOG.phases"
    ''')
MAKEFILE = textwrap.dedent('''\
    all: a b c d
    a b c d:
    \t@python3 $(PB_REC) $(PB_VERSION)-$@ start
    \t@sleep 0.4
    \t@python3 $(PB_REC) $(PB_VERSION)-$@ end
    ''')
# One line per event, in one append (O_APPEND writes of a few bytes do not interleave).
REC = textwrap.dedent('''\
    import os, sys, time
    fd = os.open(os.environ['PB_RECORD'], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(fd, ('%s %s %r\\n' % (sys.argv[1], sys.argv[2], time.time())).encode())
    ''')


@pytest.fixture
def jobs(tmp_path):
    script = tmp_path / 'job.sh'
    script.write_text(SCRIPT)
    os.chmod(str(script), 0o755)
    makefile = tmp_path / 'Makefile'
    makefile.write_text(MAKEFILE)
    record = tmp_path / 'record.txt'
    rec = tmp_path / 'rec.py'
    rec.write_text(REC)

    def make(versions, **extra):
        out = []
        for v in versions:
            work = tmp_path / ('work-' + v)
            work.mkdir(exist_ok=True)
            env = {'PB_VERSION': v, 'PB_LOG': str(tmp_path / (v + '.log')),
                   'PB_STAGE': str(tmp_path / ('stage-' + v)), 'PB_WORK': str(work),
                   'PB_RECORD': str(record), 'PB_MAKEFILE': str(makefile), 'PB_REC': str(rec)}
            env.update(extra)
            out.append({'script': str(script), 'environment': env})
        return out
    return make, record


def test_the_budget_holds_for_jobs_and_their_compilers_together(jobs):
    make, record = jobs
    checked, slots = check_jobs(make(['3.11.2', '3.12.4', '3.13.5']), 2)
    assert run_jobs(checked, slots) == {'3.11.2': 0, '3.12.4': 0, '3.13.5': 0}
    most, intervals = busiest(record)
    assert intervals == 3 * 5
    assert most == 2  # never more than the slots, and the slots were used


def test_one_slot_runs_everything_one_at_a_time(jobs):
    make, record = jobs
    checked, slots = check_jobs(make(['3.11.2', '3.12.4']), 1)
    assert run_jobs(checked, slots) == {'3.11.2': 0, '3.12.4': 0}
    assert busiest(record) == (1, 10)


def test_many_slots_let_the_makes_run_their_targets_side_by_side(jobs):
    make, record = jobs
    checked, slots = check_jobs(make(['3.11.2']), 4)
    run_jobs(checked, slots)
    assert busiest(record)[0] == 4


def test_a_failing_job_does_not_stop_the_others(jobs, tmp_path):
    make, record = jobs
    checked, slots = check_jobs(make(['3.11.2', '3.12.4', '3.13.5'], PB_FAIL='3.12.4'), 2)
    assert run_jobs(checked, slots) == {'3.11.2': 0, '3.12.4': 3, '3.13.5': 0}
    text = record.read_text()
    assert '3.13.5-d end' in text and '3.11.2-d end' in text and '3.12.4-a' not in text


def test_a_job_that_cannot_start_reports_it_in_its_phases_file(jobs, tmp_path):
    make, _record = jobs
    job = make(['3.11.2'])[0]
    job['script'] = str(tmp_path / 'missing.sh')
    checked, slots = check_jobs([job] + make(['3.12.4']), 2)
    assert run_jobs(checked, slots) == {'3.11.2': 127, '3.12.4': 0}
    lines = (tmp_path / '3.11.2.log.phases').read_text().splitlines()
    assert lines[0].startswith('failed could not start %s' % job['script'])
    assert lines[-1] == 'exit 127'


def test_start_detached_returns_at_once_and_the_driver_leads_its_own_session(jobs, tmp_path):
    make, record = jobs
    gate = tmp_path / 'gate'
    checked, slots = check_jobs(make(['3.11.2', '3.12.4'], PB_GATE=str(gate)), 2)
    pid, attached = start_detached(checked, slots)
    assert attached == []
    # The jobs cannot end before the gate opens: had start_detached waited for them, it would
    # have returned after their 60 s wait, with their exit codes written (issue 38: no timing).
    for v in ('3.11.2', '3.12.4'):
        phases = tmp_path / (v + '.log.phases')
        assert not phases.exists() or 'exit' not in phases.read_text()
    assert os.getsid(pid) == pid and os.getpgid(pid) == pid
    gate.touch()
    for _attempt in range(1200):  # up to 60 s on a loaded machine
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.05)
    else:
        pytest.fail('the driver did not finish')
    for v in ('3.11.2', '3.12.4'):
        assert (tmp_path / (v + '.log.phases')).read_text().splitlines()[-1] == 'exit 0'
    assert busiest(record)[1] == 10


def test_make_sees_the_jobserver(jobs, tmp_path):
    """The makes really join the budget (a make that ignored it would run its targets one by one
    with one slot, and all four at once with -j)."""
    version = subprocess.run(['make', '--version'], capture_output=True, text=True,
                             check=True).stdout
    assert version.startswith('GNU Make 4.')
    make, record = jobs
    checked, slots = check_jobs(make(['3.11.2']), 3)
    run_jobs(checked, slots)
    assert busiest(record)[0] == 3


@pytest.mark.parametrize('change, message', [
    ({'script': 'relative.sh'}, 'script must be an absolute path'),
    ({'environment': {'PB_VERSION': '1', 'PATH': '/x'}}, "'PATH'='/x' is not a PB_* variable"),
    ({'environment': {'PB_VERSION': '3.11.2', 'PB_LOG': 'a\nb', 'PB_STAGE': 's', 'PB_WORK': 'w'}},
     'is not a PB_* variable with a one-line value'),
    ({'environment': {'PB_VERSION': '3.11.2'}}, 'environment must set PB_LOG, PB_STAGE, PB_WORK'),
    ({'argv': 'configure --x'}, 'argv must be a list'),
    ({'label': 'a b; rm'}, 'label must be a short name'),
])
def test_bad_jobs_are_refused_naming_the_value(jobs, change, message):
    make, _record = jobs
    job = make(['3.11.2'])[0]
    job.update(change)
    with pytest.raises(JobError) as err:
        check_jobs([job], 2)
    assert message in str(err.value)


def test_jobs_sharing_a_directory_or_a_budget_out_of_range_are_refused(jobs):
    make, _record = jobs
    one, two = make(['3.11.2', '3.12.4'])
    two['environment']['PB_STAGE'] = one['environment']['PB_STAGE']
    with pytest.raises(JobError, match='two jobs share the staging directory'):
        check_jobs([one, two], 2)
    for slots in (0, 'two', 5000):
        with pytest.raises(JobError, match='slots must be'):
            check_jobs([one], slots)
    with pytest.raises(JobError, match='jobs must be a non-empty list'):
        check_jobs([], 2)


def test_the_newest_version_starts_first(jobs):
    make, record = jobs
    checked, slots = check_jobs(make(['2.7.18', '3.9.18', '3.13.5', '3.11.2']), 1)
    assert [j['label'] for j in start_order(checked)] == ['3.13.5', '3.11.2', '3.9.18', '2.7.18']
    run_jobs(checked[:3], slots)
    starts = [line.split()[0] for line in record.read_text().splitlines()
              if line.split()[1] == 'start' and line.split()[0].endswith('-configure')]
    assert starts == ['3.13.5-configure', '3.9.18-configure', '2.7.18-configure']


# Each job's time limit counts from its own start (issue 24, item 3).
SLEEPER = textwrap.dedent('''\
    #!/bin/sh
    echo "pid $$" > "$PB_LOG.phases"
    mkdir -p "$PB_STAGE" "$PB_WORK"
    sleep "$PB_SECONDS" &
    wait
    echo "exit 0" >> "$PB_LOG.phases"
    ''')


def sleepers(tmp_path, seconds):
    script = tmp_path / 'sleeper.sh'
    script.write_text(SLEEPER)
    os.chmod(str(script), 0o755)
    out = []
    for version, secs in seconds:
        out.append({'script': str(script), 'environment': {
            'PB_VERSION': version, 'PB_LOG': str(tmp_path / (version + '.log')),
            'PB_STAGE': str(tmp_path / ('stage-' + version)),
            'PB_WORK': str(tmp_path / ('work-' + version)), 'PB_SECONDS': str(secs)}})
    return out


def test_the_time_limit_counts_from_each_jobs_own_start(tmp_path):
    """Three 3-second jobs on one slot with a limit of 7 s: each is within its time (4 s to spare
    on a loaded host), so all finish; the limit used to run from the start of the task, and
    stopped the third."""
    checked, slots = check_jobs(sleepers(tmp_path, [('3.11.2', 3), ('3.12.4', 3), ('3.13.5', 3)]), 1)
    began = time.time()
    assert run_jobs(checked, slots, timeout=7) == {'3.11.2': 0, '3.12.4': 0, '3.13.5': 0}
    assert time.time() - began >= 9


def test_a_job_over_its_limit_is_stopped_with_its_children_and_the_others_go_on(tmp_path):
    seconds = unique_seconds(61)
    checked, slots = check_jobs(sleepers(tmp_path, [('3.11.2', 1), ('3.12.4', seconds)]), 2)
    assert run_jobs(checked, slots, timeout=3) == {'3.11.2': 0, '3.12.4': TIMED_OUT}
    _pid, _phases, failed, _done, code = parse_events(
        (tmp_path / '3.12.4.log.phases').read_text())
    assert code == TIMED_OUT
    assert failed == ('Python 3.12.4 ran longer than python_build_timeout (3 s) and was stopped; '
                      'nothing of it was installed')
    assert not (tmp_path / 'stage-3.12.4').exists() and not (tmp_path / 'work-3.12.4').exists()
    assert still_running(seconds) == ''


# Another run's build of the same version is followed, not started again (issue 25).
def test_job_state_from_what_the_caller_sees():
    finished = parse_events('pid 5\nphase make 10\nexit 0\n')
    running = parse_events('pid 5\nphase make 10\n')
    empty = parse_events('')
    assert job_state(finished, held=False, ours_running=False) == 'finished'
    assert job_state(finished, held=True, ours_running=True) == 'finished'
    assert job_state(running, held=True, ours_running=False) == 'running'
    assert job_state(empty, held=False, ours_running=True) == 'waiting'
    # a power loss: no exit line, and nothing holds the lock any more
    assert job_state(running, held=False, ours_running=False) == 'dead'


def test_a_held_lock_is_followed_not_started_again(tmp_path):
    import fcntl
    jobs = sleepers(tmp_path, [('3.11.2', 0), ('3.12.4', 0)])
    for job in jobs:
        job['environment']['PB_LOCK'] = str(tmp_path / ('.lock-' + job['environment']['PB_VERSION']))
    (tmp_path / '3.11.2.log.phases').write_text('pid 1\nphase make 10\n')
    with open(jobs[0]['environment']['PB_LOCK'], 'w') as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert lock_held(jobs[0]['environment']['PB_LOCK'])
        assert not lock_held(jobs[1]['environment']['PB_LOCK'])
        checked, slots = check_jobs(jobs, 2)
        pid, attached = start_detached(checked, slots)
        assert attached == ['3.11.2'] and pid
        for _attempt in range(600):
            if (tmp_path / '3.12.4.log.phases').read_text().endswith('exit 0\n'):
                break
            time.sleep(0.05)
        # the other run's progress file was left alone
        assert (tmp_path / '3.11.2.log.phases').read_text() == 'pid 1\nphase make 10\n'
    assert not lock_held(jobs[0]['environment']['PB_LOCK'])  # a lock dies with its holder
    pid, attached = start_detached(check_jobs(jobs[:1], 1)[0], 1)
    assert attached == [] and pid


# The driver keeps nothing the caller had open (issue 38, item 2): a forked process shares its
# parent's open file descriptions, so a copy of a locked file would keep the lock held.
def test_the_driver_holds_no_copy_of_what_the_caller_had_open(tmp_path):
    import fcntl
    jobs = sleepers(tmp_path, [('3.12.4', 30)])
    lock = str(tmp_path / 'callers.lock')
    checked, slots = check_jobs(jobs, 1)
    with open(lock, 'w') as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        pid, _attached = start_detached(checked, slots)
    try:
        # the driver runs for 30 s more; the caller's lock went with the caller's descriptor
        assert not lock_held(lock)
        inherited = [os.readlink('/proc/%d/fd/%s' % (pid, fd))
                     for fd in os.listdir('/proc/%d/fd' % pid)]
        assert lock not in inherited
    finally:
        stop_group(pid)
