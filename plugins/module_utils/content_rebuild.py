# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rebuild deployed content at once, a few at a time, through Connect's build and task API;
and the record of what was rebuilt, so that a rerun never rebuilds it twice.

Each item ends ``rebuilt``, ``failed`` (with the task's last output lines and error) or
``timed_out``; one failure never stops the others. Standard library only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile
import threading
import time

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect_api import (
    ConnectError,
)

OUTPUT_LINES = 10


def read_record(path):
    """``{guid: bundle_id}`` rebuilt by earlier runs (empty when there is no record)."""
    try:
        with open(path) as f:
            data = json.load(f)
    except (IOError, OSError, ValueError):
        return {}
    return dict((str(k), str(v)) for k, v in (data.get('rebuilt') or {}).items()) \
        if isinstance(data, dict) else {}


def write_record(path, record):
    """Write the record atomically (a crash leaves the old one or the new one, never half)."""
    directory = os.path.dirname(path) or '.'
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o755)
    fd, tmp = tempfile.mkstemp(prefix='.rebuilt-', dir=directory)
    try:
        with os.fdopen(fd, 'w') as f:
            json.dump({'rebuilt': record}, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _rebuild_one(client, item, timeout, poll, clock=time.monotonic):
    result = {'guid': item['guid'], 'title': item.get('title') or item['guid'],
              'bundle_id': item['bundle_id'], 'task_id': None, 'status': 'failed',
              'output': [], 'error': ''}
    try:
        result['task_id'] = client.build(item['guid'], item['bundle_id'])
        deadline = clock() + timeout
        output = []
        while True:
            wait = max(0, min(poll, int(deadline - clock())))
            task = client.task(result['task_id'], wait=wait, first=len(output))
            output.extend(line for line in task.get('output') or [] if isinstance(line, str))
            if task.get('finished'):
                code = task.get('code')
                if code in (0, None) and not task.get('error'):
                    result['status'] = 'rebuilt'
                else:
                    result['error'] = task.get('error') or 'exit code %s' % code
                break
            if clock() >= deadline:
                result['status'] = 'timed_out'
                result['error'] = 'not finished after %d s' % timeout
                break
        result['output'] = output[-OUTPUT_LINES:]
    except ConnectError as exc:
        result['error'] = str(exc)
        if exc.status == 404 and result['task_id'] is None:
            result['error'] += ' (the item is gone, or this Connect has no build endpoint: ' \
                'POST /v1/content/{guid}/build needs Connect 2021.11.1 or later)'
    return result


def rebuild(client, items, parallel=2, timeout=1800, poll=5, on_done=None):
    """Rebuild ``items`` (dicts with ``guid``, ``bundle_id``, ``title``), at most ``parallel`` at
    a time; results in the order of ``items``. ``on_done(result)`` is called (under a lock) as
    each one ends, for the record."""
    results = [None] * len(items)
    lock = threading.Lock()
    pending = list(enumerate(items))

    def worker():
        while True:
            with lock:
                if not pending:
                    return
                index, item = pending.pop(0)
            result = _rebuild_one(client, item, timeout, poll)
            with lock:
                results[index] = result
                if on_done is not None:
                    on_done(result)

    count = max(1, min(parallel, len(items)))
    threads = [threading.Thread(target=worker) for dummy in range(count)]
    for thread in threads:
        thread.daemon = True
        thread.start()
    for thread in threads:
        thread.join()
    return results


def failure_message(results):
    """One message naming every item that did not rebuild, with why."""
    bad = [r for r in results if r['status'] != 'rebuilt']
    parts = []
    for r in bad:
        text = '%s (%s, bundle %s): %s' % (
            r['title'], r['guid'], r['bundle_id'], r['status'].replace('_', ' '))
        if r['error']:
            text += ' - %s' % r['error']
        if r['output']:
            text += '; last output: %s' % ' | '.join(r['output'][-3:])
        parts.append(text)
    return '%d of %d item(s) did not rebuild: %s' % (len(bad), len(results), '; '.join(parts))
