# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run several python_build jobs on one host at once, under one job budget.

The budget is a GNU make jobserver: a pipe holding ``slots`` tokens. A job takes one token before
it starts and gives it back when it ends; that token pays for its single-threaded phases
(configure, install, checks) and for its make's first job. Each ``make`` the job runs finds the
same pipe in ``MAKEFLAGS`` and takes a further token for each further compiler it starts. So at
most ``slots`` processes compile or configure at any moment, whatever the number of versions: no
oversubscription, and no core idles while a version waits in configure.

Jobs do not share anything else: each has its own work and staging directories, lock and log,
and is checked and renamed into place on its own (python-build-lib.sh). One job failing does not
stop the others. Each job has its own time limit, counted from when it starts (it may first wait
for a token): one that runs longer is stopped with everything it started, its staging and work
directories are removed, and the others go on.

A job whose version lock (``PB_LOCK``) another run holds - an interrupted controller's build that
goes on detached, a second operator's run - is not started again: the caller follows that run's
phases file instead (:func:`job_state`). Standard library only: this runs on the managed host.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import fcntl
import os
import re
import select
import shutil
import subprocess
import threading

from ansible_collections.connect_ops.interpreters.plugins.module_utils.process_group import stop_group

ENV_NAME = re.compile(r'^PB_[A-Z_]+$')
REQUIRED_ENV = ('PB_VERSION', 'PB_LOG', 'PB_STAGE', 'PB_WORK')
# The exit code of a job stopped at its time limit (as timeout(1) reports one).
TIMED_OUT = 124
_LABEL = re.compile(r'^[A-Za-z0-9._+-]{1,64}$')


class JobError(ValueError):
    """A job description that cannot be run; the message says which value and why."""


def check_job(job):
    """Return ``job`` as ``{script, argv, environment, label}``, or raise JobError.

    Every value reaches the script as data (argv and environment), never as shell text, so the
    checks are about what a script can rely on: an absolute script path, ``PB_*`` names with
    one-line values, and the variables every script needs.
    """
    if not isinstance(job, dict):
        raise JobError('each job must be a dict with script, argv and environment, got %r' % (job,))
    script = job.get('script')
    if not isinstance(script, str) or not script.startswith('/') or '\n' in script:
        raise JobError('script must be an absolute path on the host, got %r' % (script,))
    argv = job.get('argv') or []
    if not isinstance(argv, (list, tuple)):
        raise JobError('argv must be a list of strings, got %r' % (argv,))
    argv = [str(a) for a in argv]
    if any('\x00' in a for a in argv):
        raise JobError('argv must not contain NUL characters, got %r' % (argv,))
    env = job.get('environment') or {}
    if not isinstance(env, dict):
        raise JobError('environment must be a dict of PB_* variables, got %r' % (env,))
    env = dict((str(k), str(v)) for k, v in env.items())
    for name, value in sorted(env.items()):
        if not ENV_NAME.match(name) or any(c in value for c in '\x00\n\r'):
            raise JobError('environment: %r=%r is not a PB_* variable with a one-line value'
                           % (name, value))
    missing = [n for n in REQUIRED_ENV if not env.get(n)]
    if missing:
        raise JobError('environment must set %s' % ', '.join(missing))
    label = str(job.get('label') or env['PB_VERSION'])
    if not _LABEL.match(label):
        raise JobError('label must be a short name such as 3.11.2, got %r' % (label,))
    return {'script': script, 'argv': argv, 'environment': env, 'label': label}


def check_jobs(jobs, slots):
    """Validate a list of jobs and the budget; labels and logs must be distinct."""
    if not isinstance(jobs, (list, tuple)) or not jobs:
        raise JobError('jobs must be a non-empty list, got %r' % (jobs,))
    try:
        slots = int(slots)
    except (TypeError, ValueError):
        raise JobError('slots must be a whole number of at least 1, got %r' % (slots,))
    if slots < 1 or slots > 1024:
        raise JobError('slots must be between 1 and 1024, got %r' % (slots,))
    checked = [check_job(j) for j in jobs]
    for key, what in (('label', 'label'), ('PB_LOG', 'log'), ('PB_STAGE', 'staging directory'),
                      ('PB_WORK', 'work directory')):
        values = [j['label'] if key == 'label' else j['environment'][key] for j in checked]
        dupes = sorted(set(v for v in values if values.count(v) > 1))
        if dupes:
            raise JobError('two jobs share the %s %s; each version needs its own'
                           % (what, ', '.join(dupes)))
    return checked, slots


def start_order(jobs):
    """The jobs, newest version first: newer CPythons take longest to build, and starting the
    longest first leaves the short ones, not a long one alone, at the end."""
    def key(job):
        return [int(n) for n in re.findall(r'[0-9]+', job['label'])[:3]]
    return sorted(jobs, key=key, reverse=True)


def phases_file(job):
    return job['environment']['PB_LOG'] + '.phases'


class Jobserver(object):
    """A GNU make jobserver: ``slots`` tokens in a pipe that every job and its makes share."""

    TOKEN = b'+'

    def __init__(self, slots):
        self.slots = slots
        self.read_fd, self.write_fd = os.pipe()
        os.write(self.write_fd, self.TOKEN * slots)

    def makeflags(self):
        # make 4.2 and later read --jobserver-auth=R,W (4.4 also accepts this form).
        return ' -j%d --jobserver-auth=%d,%d' % (self.slots, self.read_fd, self.write_fd)

    def acquire(self):
        """Wait for a free token and take it. GNU make may set the shared pipe non-blocking, and
        another reader may take a token between our wait and our read: then wait again."""
        while True:
            select.select([self.read_fd], [], [])
            try:
                token = os.read(self.read_fd, 1)
            except BlockingIOError:
                continue
            if token:
                return token

    def release(self, token):
        os.write(self.write_fd, token)

    def close(self):
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def _event(job, line):
    with open(phases_file(job), 'a') as f:
        f.write(line + '\n')


def _run_one(job, token, jobserver, base_env, results, timeout):
    """Run one job that already holds ``token``; give the token back when it ends. A job that
    runs longer than ``timeout`` seconds (counted from now) is stopped and cleaned up."""
    try:
        env = dict(base_env)
        env.update(job['environment'])
        env['MAKEFLAGS'] = jobserver.makeflags()
        env.pop('MFLAGS', None)
        try:
            proc = subprocess.Popen(  # pylint: disable=ansible-bad-function
                [job['script']] + job['argv'], env=env, cwd='/',
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(jobserver.read_fd, jobserver.write_fd), start_new_session=True)
        except OSError as exc:
            _event(job, 'failed could not start %s: %s' % (job['script'], exc))
            _event(job, 'exit 127')
            results[job['label']] = 127
            return
        try:
            results[job['label']] = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_group(proc.pid)
            proc.wait()
            for key in ('PB_STAGE', 'PB_WORK'):
                shutil.rmtree(job['environment'][key], ignore_errors=True)
            _event(job, 'failed Python %s ran longer than python_build_timeout (%d s) and was '
                        'stopped; nothing of it was installed' % (job['label'], timeout))
            _event(job, 'exit %d' % TIMED_OUT)
            results[job['label']] = TIMED_OUT
    finally:
        jobserver.release(token)


def run_jobs(jobs, slots, base_env=None, timeout=None):
    """Run every job (already checked) at once under ``slots`` tokens; wait for all of them.

    Each job may run ``timeout`` seconds from its own start (None: no limit). Returns ``{label:
    exit code}``. A job that cannot start gets ``failed`` and ``exit 127`` in its phases file, as a
    script would have written; one stopped at its limit ``failed ...`` and ``exit 124``.
    """
    jobserver = Jobserver(slots)
    results = {}
    base_env = dict(os.environ if base_env is None else base_env)
    threads = []
    try:
        for job in start_order(jobs):
            # Each job starts once it holds a token, in start order.
            token = jobserver.acquire()
            t = threading.Thread(target=_run_one,
                                 args=(job, token, jobserver, base_env, results, timeout))
            t.daemon = True
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
    finally:
        jobserver.close()
    return results


def lock_held(path):
    """Whether another process holds the version lock at ``path`` (a build of that version is
    running). A lock dies with its holder, so after a power loss or a kill nothing holds it."""
    if not path:
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # no lock file: nothing ever ran, or it was removed
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return True
        raise
    finally:
        os.close(fd)  # closing releases a lock we took
    return False


def job_state(events, held, ours_running):
    """What a job is doing, from what the caller can see on the host.

    ``events`` is :func:`parse_events`'s tuple from its phases file, ``held`` whether its version
    lock is held, ``ours_running`` whether this run's driver (which may still start it) runs.

    * ``finished``: its script (or the driver) wrote its exit code;
    * ``running``: no exit code yet, and a build of the version holds the lock (ours, or another
      run's that this one follows);
    * ``waiting``: not started yet, but this run's driver will start it;
    * ``dead``: no exit code, nobody holds the lock and nothing will start it - the process is
      gone (power loss, kill). Never waited for.
    """
    if events[4] is not None:
        return 'finished'
    if held:
        return 'running'
    if ours_running:
        return 'waiting'
    return 'dead'


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


def reset_phases(jobs):
    """Start every job's phases file empty, so no event of an earlier run is taken for this one."""
    for job in jobs:
        path = phases_file(job)
        parent = os.path.dirname(path)
        if not os.path.isdir(parent):
            os.makedirs(parent)
        with open(path, 'w'):
            pass


def close_inherited(keep=(0, 1, 2)):
    """Close every descriptor of this process but ``keep``: the ones listed in /proc/self/fd
    (the limit may be a million; walking it on every start would be slow), else up to the limit."""
    try:
        fds = [int(fd) for fd in os.listdir('/proc/self/fd')]
    except OSError:
        try:
            limit = os.sysconf('SC_OPEN_MAX')
        except (ValueError, OSError):
            limit = 65536
        fds = range(limit)
    for fd in fds:
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass  # the listing's own descriptor, already closed


def start_detached(jobs, slots, timeout=None):
    """Run the jobs in a session of their own, detached from the caller.

    Returns ``(pid, attached)``: the driver's pid (None when there was nothing to start) and the
    labels of the jobs not started because another run holds their version lock - the caller
    follows those runs' phases files. The driver's session id equals its pid; each job leads a
    session of its own (so one can be stopped at its time limit). Output goes to /dev/null: each
    job reports through its phases file.
    """
    attached = [j for j in jobs if lock_held(j['environment'].get('PB_LOCK'))]
    start = [j for j in jobs if j not in attached]
    labels = [j['label'] for j in attached]
    if not start:
        return None, labels
    reset_phases(start)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked child
        try:
            os.close(read_end)
            if os.fork():
                os._exit(0)
            # The driver: its own session first (its session and process group ids become its
            # pid), and only then its pid to the caller, which may stop the group at once.
            os.setsid()
            os.chdir('/')
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            # Nothing the caller had open stays open here: a forked process shares its parent's
            # open file descriptions, so a copy of a locked file (a version lock, the caller's
            # own) would keep that lock held for as long as the driver runs. Closed before the
            # pid is written: the caller returns once it has read it (issue 38).
            close_inherited(keep=(0, 1, 2, write_end))
            os.write(write_end, str(os.getpid()).encode('ascii'))
            os.close(write_end)
            run_jobs(start, slots, timeout=timeout)
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    pid = b''
    while True:
        chunk = os.read(read_end, 32)
        if not chunk:
            break
        pid += chunk
    os.close(read_end)
    if not pid.isdigit():
        raise JobError('the job driver did not start')
    return int(pid), labels
