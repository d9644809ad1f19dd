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
stop the others. Standard library only: this runs on the managed host.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import select
import subprocess
import threading

ENV_NAME = re.compile(r'^PB_[A-Z_]+$')
REQUIRED_ENV = ('PB_VERSION', 'PB_LOG', 'PB_STAGE', 'PB_WORK')
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


def _run_one(job, token, jobserver, base_env, results):
    """Run one job that already holds ``token``; give the token back when it ends."""
    try:
        env = dict(base_env)
        env.update(job['environment'])
        env['MAKEFLAGS'] = jobserver.makeflags()
        env.pop('MFLAGS', None)
        try:
            proc = subprocess.Popen(  # pylint: disable=ansible-bad-function
                [job['script']] + job['argv'], env=env, cwd='/',
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(jobserver.read_fd, jobserver.write_fd))
        except OSError as exc:
            _event(job, 'failed could not start %s: %s' % (job['script'], exc))
            _event(job, 'exit 127')
            results[job['label']] = 127
            return
        results[job['label']] = proc.wait()
    finally:
        jobserver.release(token)


def run_jobs(jobs, slots, base_env=None):
    """Run every job (already checked) at once under ``slots`` tokens; wait for all of them.

    Returns ``{label: exit code}``. A job that cannot start gets ``failed`` and ``exit 127`` in its
    phases file, as a script would have written.
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
                                 args=(job, token, jobserver, base_env, results))
            t.daemon = True
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
    finally:
        jobserver.close()
    return results


def reset_phases(jobs):
    """Start every job's phases file empty, so no event of an earlier run is taken for this one."""
    for job in jobs:
        path = phases_file(job)
        parent = os.path.dirname(path)
        if not os.path.isdir(parent):
            os.makedirs(parent)
        with open(path, 'w'):
            pass


def start_detached(jobs, slots):
    """Run the jobs in a session of their own, detached from the caller; return its pid.

    The driver's session id equals its pid, so stopping ``-pid`` stops it, every job and every
    process they started. Its output goes to /dev/null: each job reports through its phases file.
    """
    reset_phases(jobs)
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
            os.write(write_end, str(os.getpid()).encode('ascii'))
            os.close(write_end)
            os.chdir('/')
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            run_jobs(jobs, slots)
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
    return int(pid)
