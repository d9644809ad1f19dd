# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stop a process group and know it is gone.

``killpg(SIGKILL)`` returns when the signal is queued, not when the processes are dead: each one
dies when it is next scheduled, which on a loaded host can be a while later. Whoever goes on to
remove a work directory, release a lock or report "stopped" must first see the group gone.
Linux only (``/proc``); standard library only: this runs on the managed host.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import signal
import time


def group_members(pgid, proc='/proc'):
    """The pids of the live processes (not zombies) whose process group is ``pgid``, from
    ``/proc/PID/stat``; a zombie is already dead, only its parent has yet to collect it."""
    members = []
    try:
        names = os.listdir(proc)
    except OSError:
        return members
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(os.path.join(proc, name, 'stat')) as f:
                stat = f.read()
        except (IOError, OSError):
            continue  # it ended while we looked
        # "pid (comm) state ppid pgrp ...": comm may hold blanks and parentheses, so split after
        # the last ')'.
        fields = stat[stat.rfind(')') + 2:].split()
        if len(fields) > 2 and fields[0] != 'Z' and fields[2] == str(pgid):
            members.append(int(name))
    return members


def stop_group(pid, grace=30.0, proc='/proc'):
    """Kill a job and every process it started (its own process group, led by ``pid``), and
    return once none of them is left alive: SIGKILL is delivered when each process next runs,
    which on a loaded host can be a while after ``killpg`` returned. Bounded by ``grace``
    seconds; returns the pids still alive then (an empty list: the group is gone)."""
    deadline = time.time() + grace
    delay = 0.01
    while True:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            return []  # no process is left in the group
        left = group_members(pid, proc)
        if not left or time.time() >= deadline:
            return left
        time.sleep(delay)
        delay = min(delay * 2, 0.2)
