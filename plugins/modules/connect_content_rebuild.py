#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: connect_content_rebuild
short_description: Rebuild deployed Posit Connect content at once, a few items at a time
version_added: 0.4.0
author: connect_ops contributors (@connect-ops)
description:
  - Asks Connect to rebuild each item's current bundle (C(POST /__api__/v1/content/{guid}/build)
    with its C(bundle_id), Connect 2021.11.1 or later) and follows each build's task
    (C(GET /__api__/v1/tasks/{id}?wait=N)) until it finishes or O(task_timeout) passes.
  - Used after an interpreter is retired, so that the content that moved to another interpreter is
    rebuilt now rather than by its first visitor (C(playbooks/upgrade.yml) calls it).
  - At most O(parallel) builds run at a time. Each item ends C(rebuilt), C(failed) (with the task's
    error and last output lines) or C(timed_out); one failure never stops the others, and the
    module fails at the end naming every item that did not rebuild.
  - With O(record), every item rebuilt is written there (its C(guid) and C(bundle_id)), and an item
    already recorded with the same bundle is not rebuilt again - a rerun after an interruption
    continues where the last one stopped.
extends_documentation_fragment:
  - connect_ops.interpreters.connect_api
options:
  items:
    description:
      - The items to rebuild, each a dict with C(guid), C(bundle_id) and optionally C(title) (as
        M(connect_ops.interpreters.connect_server_python) returns them in C(content_versions)).
    type: list
    elements: dict
    required: true
  parallel:
    description: How many builds run at once.
    type: int
    default: 2
  task_timeout:
    description: Seconds one build may take before it counts as timed out.
    type: int
    default: 1800
  poll:
    description: Seconds each task request waits on Connect's side for the task to finish.
    type: int
    default: 5
  record:
    description: A JSON file on the host recording what was rebuilt (empty - no record).
    type: path
    default: ''
attributes:
  check_mode:
    support: full
    description: Says what would be rebuilt; starts no build.
  diff_mode:
    support: none
    description: Nothing on the host changes but the record.
  platform:
    support: full
    platforms: posix
    description: Runs wherever Connect can be reached from; the managed host by default.
seealso:
  - module: connect_ops.interpreters.connect_runtime_cache
  - module: connect_ops.interpreters.connect_server_python
'''

EXAMPLES = r'''
- name: Rebuild what moved off 3.11.7
  connect_ops.interpreters.connect_content_rebuild:
    server_url: https://connect.example.com
    api_key: "{{ vault_connect_api_key }}"
    items:
      - {guid: 8d0a-sales, bundle_id: "41", title: Sales API}
    record: /var/lib/connect-ops/rebuilt.json
'''

RETURN = r'''
results:
  description: One entry per item, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    guid: {description: The item., type: str}
    title: {description: Its title., type: str}
    bundle_id: {description: The bundle rebuilt., type: str}
    task_id: {description: Connect's task for the build., type: str}
    status: {description: "C(rebuilt), C(failed), C(timed_out), C(done_before) (recorded by an earlier run) or C(would_rebuild) (check mode).", type: str}
    output: {description: The task's last output lines., type: list, elements: str}
    error: {description: Why it did not rebuild., type: str}
rebuilt:
  description: The guids rebuilt by this run.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect_api import (
    CONNECTION_ARGUMENT_SPEC,
    ConnectError,
    client_from,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.content_rebuild import (
    failure_message,
    read_record,
    rebuild,
    write_record,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.upgrade import (
    rebuild_queue,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            items=dict(type='list', elements='dict', required=True),
            parallel=dict(type='int', default=2),
            task_timeout=dict(type='int', default=1800),
            poll=dict(type='int', default=5),
            record=dict(type='path', default=''),
            **CONNECTION_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    p = module.params
    for name, low in (('parallel', 1), ('task_timeout', 1), ('poll', 0)):
        if p[name] < low:
            module.fail_json(msg='%s must be %d or more, got %s' % (name, low, p[name]))
    for item in p['items']:
        if not item.get('guid') or not item.get('bundle_id'):
            module.fail_json(msg='each of items needs a guid and a bundle_id, got %r' % (item,))
    record = read_record(p['record']) if p['record'] else {}
    queue = rebuild_queue(p['items'], record)
    queued = set(i['guid'] for i in queue)
    earlier = [{'guid': i['guid'], 'title': i.get('title') or i['guid'],
                'bundle_id': str(i['bundle_id']), 'task_id': None, 'status': 'done_before',
                'output': [], 'error': ''} for i in p['items'] if i['guid'] not in queued]
    if module.check_mode or not queue:
        results = [{'guid': i['guid'], 'title': i.get('title') or i['guid'],
                    'bundle_id': str(i['bundle_id']), 'task_id': None, 'status': 'would_rebuild',
                    'output': [], 'error': ''} for i in queue]
        module.exit_json(changed=bool(queue), results=results + earlier, rebuilt=[])
    try:
        client = client_from(p)
    except ConnectError as exc:
        module.fail_json(msg=str(exc), results=earlier, rebuilt=[])

    def remember(result):
        if result['status'] == 'rebuilt' and p['record']:
            record[result['guid']] = result['bundle_id']
            write_record(p['record'], record)

    items = [dict(i, bundle_id=str(i['bundle_id'])) for i in queue]
    results = rebuild(client, items, p['parallel'], p['task_timeout'], p['poll'], remember)
    rebuilt = [r['guid'] for r in results if r['status'] == 'rebuilt']
    if len(rebuilt) < len(results):
        module.fail_json(msg=failure_message(results), results=results + earlier, rebuilt=rebuilt,
                         changed=bool(rebuilt))
    module.exit_json(changed=True, results=results + earlier, rebuilt=rebuilt)


if __name__ == '__main__':
    main()
