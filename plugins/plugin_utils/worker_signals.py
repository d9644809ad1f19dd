# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Ctrl-C and SIGTERM held off while an action plugin writes to ansible-core's result queue.

An action plugin runs in ansible-core's worker process. Everything the worker displays goes to
the controller's main process through one ``multiprocessing`` queue (``FinalQueue``), and each
``put`` holds the queue's write lock, a semaphore shared by every process of the run. On Ctrl-C
the main process passes SIGINT to the worker, whose handler (``WorkerProcess._term``) kills the
worker's process group at once. A worker killed inside a ``put`` never releases the lock, and the
main process, which puts its own message on the same queue while it cleans up
(``StrategyBase.cleanup``), waits for that lock forever: ansible-playbook hangs after Ctrl-C until
it is killed. (Seen in ansible-core 2.19: ``py-spy dump`` of the hung controller shows its main
thread in ``SemLock.__enter__`` under ``SimpleQueue.put`` under ``StrategyBase.cleanup``, and the
worker a zombie.) A plugin that shows progress while it waits, as ``python_build_job`` does, puts
messages all the time, so a Ctrl-C meets one often.

``signals_deferred()`` is a context in which SIGINT and SIGTERM are recorded instead of handled;
when it ends the handlers in place before are restored and each recorded signal is raised again,
so the worker still stops, only after the message is whole and the lock released. Elsewhere than
in the main thread (where Python runs signal handlers) it does nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import signal
import threading
from contextlib import contextmanager

DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_deferred(signums=DEFERRED_SIGNALS):
    """Record ``signums`` while the block runs; raise each recorded one again after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []

    def record(signum, _frame):
        if signum not in caught:
            caught.append(signum)

    previous = []
    try:
        for signum in signums:
            # None: a handler not installed from Python, which cannot be put back; leave it be.
            if signal.getsignal(signum) is not None:
                previous.append((signum, signal.signal(signum, record)))
        yield
    finally:
        for signum, handler in previous:
            signal.signal(signum, handler)
        for signum in caught:
            signal.raise_signal(signum)
