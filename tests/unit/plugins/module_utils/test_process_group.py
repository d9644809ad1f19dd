# -*- coding: utf-8 -*-
"""stop_group returns only once no process of the group is left alive (issue 38): SIGKILL is
delivered when each process next runs, so ``killpg`` returning proves nothing on a loaded host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import threading
import time

from processes import still_running, unique_seconds

from ansible_collections.connect_ops.interpreters.plugins.module_utils.process_group import (
    group_members,
    stop_group,
)


def fake_proc(tmp_path, entries):
    """A /proc with one ``stat`` per (pid, comm, state, pgrp)."""
    root = tmp_path / 'proc'
    root.mkdir()
    (root / 'self').mkdir()
    for pid, comm, state, pgrp in entries:
        (root / str(pid)).mkdir()
        (root / str(pid) / 'stat').write_text(
            '%d (%s) %s 1 %d %d 0 -1 4194560 0 0\n' % (pid, comm, state, pgrp, pgrp))
    return root


def sleeping_group(children=3):
    """A shell leading a process group of its own, with ``children`` sleeping children."""
    seconds = [unique_seconds(301) for _child in range(children)]
    script = ''.join('sleep %s & ' % s for s in seconds) + 'wait'
    proc = subprocess.Popen(['/bin/sh', '-c', script], start_new_session=True)
    proc.seconds = seconds
    for _attempt in range(600):
        if len(group_members(proc.pid)) == children + 1:
            return proc
        time.sleep(0.05)
    raise AssertionError('the group never had its %d children' % children)


def test_members_are_read_from_stat_even_with_odd_names_and_zombies_left_out(tmp_path):
    root = fake_proc(tmp_path, [
        (10, 'make', 'S', 10),
        (11, 'a) R 1 10 (b', 'R', 10),  # a name with blanks and parentheses
        (12, 'sleep', 'Z', 10),          # dead, waiting for its parent to collect it
        (13, 'other', 'S', 99),
    ])
    assert sorted(group_members(10, str(root))) == [10, 11]
    assert group_members(99, str(root)) == [13]
    assert group_members(10, str(tmp_path / 'none')) == []


def test_a_real_group_is_gone_when_stop_group_returns():
    proc = sleeping_group()
    assert stop_group(proc.pid) == []
    assert group_members(proc.pid) == []
    proc.wait()
    assert [still_running(s) for s in proc.seconds] == ['', '', '']


def test_stop_group_waits_for_a_member_that_dies_late(tmp_path):
    """A member still alive after the signal (as on a loaded host) is waited for."""
    proc = sleeping_group(children=1)
    root = fake_proc(tmp_path, [(proc.pid, 'sh', 'R', proc.pid)])
    late = root / str(proc.pid)

    def dies_late():
        time.sleep(0.6)
        os.remove(str(late / 'stat'))
        os.rmdir(str(late))
    t = threading.Thread(target=dies_late)
    began = time.time()
    t.start()
    try:
        assert stop_group(proc.pid, proc=str(root)) == []
        assert not late.exists()
        assert time.time() - began >= 0.6
    finally:
        t.join()
        proc.wait()


def test_stop_group_is_bounded_and_names_who_is_left(tmp_path):
    proc = sleeping_group(children=1)
    root = fake_proc(tmp_path, [(proc.pid, 'sh', 'D', proc.pid)])  # never goes
    try:
        assert stop_group(proc.pid, grace=0.3, proc=str(root)) == [proc.pid]
    finally:
        proc.wait()


def test_a_group_that_is_already_gone_is_not_waited_for():
    proc = subprocess.Popen(['/bin/true'], start_new_session=True)
    proc.wait()
    assert stop_group(proc.pid) == []
