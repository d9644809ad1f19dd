# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rebuild deployed content at once, a few at a time, through Connect's build and task API;
and the record of what was rebuilt, so that a rerun never rebuilds it twice.

Each build is of the bundle active when it starts (a build activates what it builds, so building
the plan's older bundle would roll the owner's newer deployment back), and the record keys each
rebuild by the move it served (item, bundle, the release it moved to): next month's upgrade of
the same item rebuilds it again.

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

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_api import (
    ConnectError,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_task import (
    follow,
)

OUTPUT_LINES = 10


def read_record(path):
    """``{guid: (bundle_id, to)}`` rebuilt by earlier runs (empty when there is no record): the
    bundle built and the release the item moved to. A record written before releases were kept
    (``{guid: bundle_id}``) has ``to`` None, so the next upgrade that names one rebuilds again."""
    try:
        with open(path) as f:
            data = json.load(f)
    except (IOError, OSError, ValueError):
        return {}
    entries = data.get('rebuilt') if isinstance(data, dict) else None
    out = {}
    for guid, entry in (entries if isinstance(entries, dict) else {}).items():
        if isinstance(entry, dict):
            to = entry.get('to')
            out[str(guid)] = (str(entry.get('bundle_id')), str(to) if to else None)
        else:
            out[str(guid)] = (str(entry), None)
    return out


def write_record(path, record):
    """Write the record atomically (a crash leaves the old one or the new one, never half)."""
    directory = os.path.dirname(path) or '.'
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o755)
    fd, tmp = tempfile.mkstemp(prefix='.rebuilt-', dir=directory)
    entries = dict((guid, {'bundle_id': bundle, 'to': to})
                   for guid, (bundle, to) in record.items())
    try:
        with os.fdopen(fd, 'w') as f:
            json.dump({'rebuilt': entries}, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def recorded(record, guid, bundle_id, to):
    """Whether an earlier run rebuilt this bundle of ``guid`` for this move (the release it moves
    to): the same item moving again next month, to a newer release, is rebuilt again."""
    return record.get(str(guid)) == (str(bundle_id), str(to) if to else None)


def _rebuild_one(client, item, timeout, poll, done=None, clock=time.monotonic,
                 sleep=time.sleep):
    planned = str(item['bundle_id'])
    result = {'guid': item['guid'], 'title': item.get('title') or item['guid'],
              'bundle_id': planned, 'planned_bundle_id': planned, 'to': item.get('to'),
              'task_id': None, 'status': 'failed', 'output': [], 'error': '', 'note': ''}
    try:
        # A build activates the bundle it builds (Connect's OpenAPI: activate defaults to true),
        # so build the bundle that is live now: the owner may have deployed since the plan.
        active = client.content_item(item['guid']).get('bundle_id')
        if active in (None, ''):
            result['error'] = 'Connect lists no active bundle for it; nothing was built'
            return result
        active = str(active)
        result['bundle_id'] = active
        if active != planned:
            result['note'] = ('redeployed since the plan: bundle %s is active now (the plan had '
                              '%s); %s was built, %s was not' % (active, planned, active, planned))
        if done is not None and done(item['guid'], active, item.get('to')):
            result['status'] = 'done_before'
            return result
        result['task_id'] = client.build(item['guid'], active)
        task, output, retried = follow(client, result['task_id'], timeout, poll, clock, sleep)
        result['output'] = output[-OUTPUT_LINES:]
        if task is not None and task.get('finished'):
            code = task.get('code')
            if code in (0, None) and not task.get('error'):
                result['status'] = 'rebuilt'
            else:
                result['error'] = task.get('error') or 'exit code %s' % code
        else:
            result['status'] = 'timed_out'
            result['error'] = 'not finished after %d s' % timeout
            if retried:
                result['error'] += ' (%d poll(s) failed on the way and were asked again)' % retried
    except ConnectError as exc:
        result['error'] = str(exc)
        if exc.status == 404 and result['task_id'] is None:
            result['error'] += ' (the item is gone, or this Connect has no build endpoint: ' \
                'POST /v1/content/{guid}/build needs Connect 2021.11.1 or later)'
    return result


def rebuild(client, items, parallel=2, timeout=1800, poll=5, on_done=None, done=None):
    """Rebuild ``items`` (dicts with ``guid``, ``bundle_id``, ``title`` and optionally ``to``, the
    release the item moves to), at most ``parallel`` at a time; results in the order of ``items``.
    Each item's active bundle is read just before its build and built instead of the planned one;
    ``done(guid, bundle_id, to)`` says whether an earlier run rebuilt it already. ``on_done(result)``
    is called (under a lock) as each one ends, for the record."""
    results = [None] * len(items)
    lock = threading.Lock()
    pending = list(enumerate(items))

    def worker():
        while True:
            with lock:
                if not pending:
                    return
                index, item = pending.pop(0)
            result = _rebuild_one(client, item, timeout, poll, done)
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
    bad = [r for r in results if r['status'] not in ('rebuilt', 'done_before')]
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
