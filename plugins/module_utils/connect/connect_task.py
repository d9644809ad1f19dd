# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Follow one Connect task (a content build, a cache deletion) to its end, through what networks do.

``GET /__api__/v1/tasks/{id}?wait=N&first=K`` answers the task's state; ``last`` is the next
``first`` (REFERENCE section 14). A poll that meets a proxy's 502, 503 or 504, a reset connection
or a socket timeout says nothing about the task, which goes on on Connect's side: it is asked
again, with a growing pause, until the task's own time limit. Only an answer from Connect ends the
task; any other error (a refused key, a task Connect does not know) is raised at once.
Standard library only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_api import (
    ConnectError,
)

# Pauses between polls that failed on the way: 1, 2, 4 ... seconds, at most this.
MOST_PAUSE = 30


def check_poll(poll, http_timeout):
    """None when a poll's server-side wait fits inside the HTTP timeout, else why not: a request
    that waits ``poll`` seconds on Connect's side must be allowed longer than that to answer."""
    if poll >= http_timeout:
        return ('poll (%s s, how long each task request waits on Connect\'s side) must be below '
                'the HTTP timeout (%s s; connect_python_api_timeout): otherwise every poll of a '
                'running task times out. Raise the timeout or lower poll.' % (poll, http_timeout))
    return None


def follow(client, task_id, timeout, poll, clock=time.monotonic, sleep=time.sleep):
    """Poll ``task_id`` until it finishes or ``timeout`` seconds pass.

    Returns ``(task, output, retried)``: the last answer (None if no poll was answered), every
    output line seen, and how many polls failed on the way and were asked again. ``task`` is
    finished or not: the caller decides what an unfinished one at the time limit means.
    """
    deadline = clock() + timeout
    output, first, task, retried, pause = [], 0, None, 0, 1
    while True:
        wait = max(0, min(poll, int(deadline - clock())))
        try:
            task = client.task(task_id, wait=wait, first=first)
        except ConnectError as exc:
            if not exc.connect_down:
                raise
            retried += 1
            left = deadline - clock()
            if left <= 0:
                return task, output, retried
            sleep(min(pause, left))
            pause = min(pause * 2, MOST_PAUSE)
            continue
        pause = 1
        lines = [line for line in task.get('output') or [] if isinstance(line, str)]
        output.extend(lines)
        last = task.get('last')
        first = last if isinstance(last, int) and last >= first else first + len(lines)
        if task.get('finished') or clock() >= deadline:
            return task, output, retried
