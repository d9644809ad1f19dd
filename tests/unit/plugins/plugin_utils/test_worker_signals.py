# -*- coding: utf-8 -*-
"""A Ctrl-C that meets python_build_job's progress message must not leave ansible-core's result
queue locked (CI, 2026-12-07: ansible-playbook hung after Ctrl-C in
test_a_rerun_after_ctrl_c_follows_the_running_build; py-spy showed its main thread waiting for the
queue's write lock in StrategyBase.cleanup, the worker a zombie)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import signal
import threading

import pytest

from ansible.executor.task_queue_manager import FinalQueue
from ansible.utils.display import Display
from ansible.utils.multiprocessing import context as multiprocessing_context

from ansible_collections.connect_ops.interpreters.plugins.action import python_build_job
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.worker_signals import (
    signals_deferred,
)


def _worker(queue, use_show):
    """ansible-core's WorkerProcess as far as it matters here: its display goes over the queue,
    and SIGINT kills it at once (WorkerProcess._term ends in os._exit). The Ctrl-C is sent from
    inside the queue's send, while the worker holds the queue's write lock: the worst moment."""
    Display().set_queue(queue)
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(1))
    send = queue._writer.send_bytes

    def interrupted_send(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return send(*args, **kwargs)

    queue._writer.send_bytes = interrupted_send
    message = '3.11.2: configure (40 s) -> make'
    if use_show:
        python_build_job.show(message)
    else:
        Display().display(message)
    os._exit(0)  # not reached: the Ctrl-C ends the worker


def _run_worker(use_show):
    queue = FinalQueue()
    worker = multiprocessing_context.Process(target=_worker, args=(queue, use_show))
    worker.start()
    worker.join(60)
    assert worker.exitcode == 1, 'the worker did not die of the Ctrl-C: %r' % worker.exitcode
    return queue


def test_a_ctrl_c_during_a_progress_message_leaves_the_queue_unlocked():
    queue = _run_worker(use_show=True)
    # the controller's main process can still put on the queue (StrategyBase.cleanup does)...
    assert queue._wlock.acquire(timeout=10), 'the queue is locked: ansible-playbook would hang'
    queue._wlock.release()
    # ...and the message arrived whole
    sent = queue.get()
    assert sent.method == 'display' and sent.args[0] == '3.11.2: configure (40 s) -> make'


def test_without_it_the_worker_dies_holding_the_queue_lock():
    # The control: ansible-core's own display, killed at the same moment, orphans the lock (the
    # hang above). Should a new ansible-core release fix this, this test says so.
    queue = _run_worker(use_show=False)
    assert not queue._wlock.acquire(timeout=2)


def test_a_signal_in_the_block_reaches_the_previous_handler_after_it_once():
    seen = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(('handled', signum)))
    try:
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)
            seen.append('block done')
        seen.append('after')
        assert seen == ['block done', ('handled', signal.SIGINT), 'after']
    finally:
        signal.signal(signal.SIGINT, previous)


def test_the_handlers_are_put_back_whether_the_block_fails_or_not():
    def mine(signum, frame):
        raise AssertionError('not called')

    before = signal.signal(signal.SIGTERM, mine)
    try:
        with signals_deferred():
            assert signal.getsignal(signal.SIGTERM) is not mine
        assert signal.getsignal(signal.SIGTERM) is mine
        with pytest.raises(ValueError):
            with signals_deferred():
                raise ValueError('boom')
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, before)


def test_outside_the_main_thread_it_changes_nothing():
    before = signal.getsignal(signal.SIGINT)
    seen = []

    def body():
        with signals_deferred():
            seen.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=body)
    thread.start()
    thread.join(30)
    assert seen == [before]
