# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PGO training under the job budget. compile-python.sh copies this file into the build tree and
makes CPython's Makefile run it as its PROFILE_TASK, so the instrumented interpreter runs
``./python pb-pgo-train.py ARGS`` where upstream runs ``./python ARGS`` (ARGS: the Makefile's own
PROFILE_TASK, e.g. ``-m test --pgo --timeout=1200``).

Upstream's training is one process. This adds ``-jN`` to the test runner: gcov merges the
profiles the workers write. N is one (the slot make's recipe already holds) plus the slots it
can take at once, without waiting, from the jobserver every version's build shares, at most
PB_TRAIN_JOBS in all; they go back when the training ends. Without a jobserver N is
PB_TRAIN_JOBS. Values come from the environment only:

  PB_TRAIN_JOBS   the job budget's size (python_build_jobs)
  PB_TRAIN_READ   the jobserver pipe's read end as a path (/proc/PID/fd/N or a fifo), optional
  PB_TRAIN_WRITE  its write end, the same way
  PB_LOG          the build's log; progress events go to PB_LOG.phases (python-build-lib.sh)

Runs on the interpreter being built (2.7 and 3.x), standard library only.
"""

from __future__ import print_function

import errno
import os
import signal
import subprocess
import sys
import time

TEST_MODULES = ('test', 'test.regrtest')


def take_slots(path, most):
    """Take up to ``most`` tokens from the jobserver's read end without waiting; return them.
    The pipe is opened anew (its own file description), so setting it non-blocking does not
    change it for the makes that share it."""
    if most <= 0 or not path:
        return b''
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return b''
    try:
        return os.read(fd, most)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
            return b''
        raise
    finally:
        os.close(fd)


def give_back(path, tokens):
    if not tokens:
        return
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, tokens)
    finally:
        os.close(fd)


def command(argv, workers):
    """The training command: the Makefile's task, with ``-jN`` when it runs CPython's test runner
    and does not choose its own number of workers."""
    cmd = [sys.executable] + list(argv)
    runs_tests = len(argv) >= 2 and argv[0] == '-m' and argv[1] in TEST_MODULES
    chooses = any(a.startswith(('-j', '--multiprocess')) for a in argv[2:])
    if workers > 1 and runs_tests and not chooses:
        cmd.append('-j%d' % workers)
    return cmd


def event(line):
    log = os.environ.get('PB_LOG')
    if log:
        with open(log + '.phases', 'a') as f:
            f.write(line + '\n')


def budget():
    try:
        return max(1, int(os.environ.get('PB_TRAIN_JOBS', '1')))
    except ValueError:
        return 1


TRAINED = 'pb-trained'


def on_term(signum, _frame):
    sys.exit(128 + signum)


def main(argv):
    signal.signal(signal.SIGTERM, on_term)
    most = budget()
    reader, writer = os.environ.get('PB_TRAIN_READ'), os.environ.get('PB_TRAIN_WRITE')
    tokens = b''
    if reader and writer:
        tokens = take_slots(reader, most - 1)
        workers = 1 + len(tokens)
    else:
        workers = most
    start = time.time()
    # The first training is PGO's; a second one in the same build tree is BOLT's (--enable-bolt
    # runs the instrumented executable on the same PROFILE_TASK after the PGO build).
    kind = 'bolt' if os.path.exists(TRAINED) else 'pgo'
    with open(TRAINED, 'a'):
        pass
    event('phase %s-train %d' % (kind, start))
    cmd = command(argv, workers)
    print('pgo-train: %d worker(s), %d slot(s) taken from the job budget: %s' % (
        workers, len(tokens), ' '.join(cmd)))
    sys.stdout.flush()
    code = None
    try:
        code = subprocess.call(cmd)
    finally:
        give_back(writer, tokens)
        end = time.time()
        print('pgo-train: training took %d s, exit code %s' % (end - start, code))
        sys.stdout.flush()
        event('phase %s %d' % ('bolt-apply' if kind == 'bolt' else 'pgo-build', end))
    return code


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
