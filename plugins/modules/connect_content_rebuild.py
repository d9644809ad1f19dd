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
  - Asks Connect to rebuild each item's active bundle (C(POST /__api__/v1/content/{guid}/build)
    with its C(bundle_id), Connect 2021.11.1 or later) and follows each build's task
    (C(GET /__api__/v1/tasks/{id}?wait=N)) until it finishes or O(task_timeout) passes.
  - A build activates the bundle it builds. So the item is read again just before its build
    (C(GET /__api__/v1/content/{guid})) and the bundle active then is built, not the C(bundle_id)
    given in O(items), which may be older (the owner deployed since the plan). The result says
    when the two differ (C(note)); an older bundle is never built.
  - A poll that meets a reverse proxy's 502, 503 or 504, a reset connection or a timeout is asked
    again with a growing pause, within O(task_timeout) - the build goes on on Connect's side.
    The HTTP O(timeout) must exceed O(poll).
  - Cookies the server sets are kept for the whole run, so that each task's polls reach the node
    that runs it through a load balancer's sticky session, so O(server_url) may be a cluster's load
    balancer.
  - Needs the key of a user with the administrator role (C(GET /__api__/v1/user)); another key
    is refused before any build, naming its role (see O(require_administrator)).
  - Used after an interpreter is retired, so that the content that moved to another interpreter is
    rebuilt now rather than by its first visitor (C(playbooks/upgrade.yml) calls it).
  - At most O(parallel) builds run at a time. Each item ends C(rebuilt), C(failed) (with the task's
    error and last output lines) or C(timed_out); one failure never stops the others, and the
    module fails at the end naming every item that did not rebuild.
  - With O(record), every item rebuilt is written there (its C(guid), the C(bundle_id) built and
    the release it moved to, C(to)), and an item already recorded for the same bundle and the
    same C(to) is not rebuilt again - a rerun after an interruption continues where the last one
    stopped, and the next upgrade of the same item (to a newer release) rebuilds it again.
extends_documentation_fragment:
  - connect_ops.interpreters.connect_api
options:
  items:
    description:
      - The items to rebuild, each a dict with C(guid), C(bundle_id) (the bundle the plan saw) and
        optionally C(title) and C(to) (the release the item moves to, which keys the record), as
        M(connect_ops.interpreters.connect_server_python) returns them in C(content_versions).
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
  require_administrator:
    description:
      - Refuse, before any build, a key whose user is not an administrator. A publisher's key sees
        and may build only that user's content, so an upgrade would leave the rest unbuilt
        without a word. V(false) rebuilds what the key may build.
    type: bool
    default: true
    version_added: 0.5.0
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
    bundle_id: {description: The bundle built (the one active when the build started)., type: str}
    planned_bundle_id: {description: The bundle given in O(items)., type: str, version_added: 0.5.0}
    to: {description: The release the item moved to (from O(items))., type: str, version_added: 0.5.0}
    note: {description: Set when the active bundle was not the planned one., type: str, version_added: 0.5.0}
    task_id: {description: Connect's task for the build., type: str}
    status: {description: "C(rebuilt), C(failed), C(timed_out), C(done_before) (recorded by an earlier run) or C(would_rebuild) (check mode).", type: str}
    output: {description: The task's last output lines., type: list, elements: str}
    error: {description: Why it did not rebuild., type: str}
user_role:
  description: The role of the key's user (C(administrator), C(publisher), C(viewer)).
  returned: when Connect was asked
  type: str
  version_added: 0.5.0
rebuilt:
  description: The guids rebuilt by this run.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.connect_ops.interpreters.plugins.module_utils.redact import (
    secret_pieces,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_api import (
    CONNECTION_ARGUMENT_SPEC,
    ConnectError,
    client_from,
    require_administrator,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_task import (
    check_poll,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.content_rebuild import (
    failure_message,
    read_record,
    rebuild,
    recorded,
    write_record,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.upgrade import (
    rebuild_queue,
)


def _entry(item, status):
    return {'guid': item['guid'], 'title': item.get('title') or item['guid'],
            'bundle_id': str(item['bundle_id']), 'planned_bundle_id': str(item['bundle_id']),
            'to': item.get('to'), 'task_id': None, 'status': status, 'output': [], 'error': '',
            'note': ''}


def main():
    module = AnsibleModule(
        argument_spec=dict(
            items=dict(type='list', elements='dict', required=True),
            parallel=dict(type='int', default=2),
            task_timeout=dict(type='int', default=1800),
            poll=dict(type='int', default=5),
            record=dict(type='path', default=''),
            require_administrator=dict(type='bool', default=True),
            **CONNECTION_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    p = module.params
    # A URL's user-info (a password) is masked wherever it would appear, the invocation included.
    module.no_log_values.update(secret_pieces(p['server_url']))
    for name, low in (('parallel', 1), ('task_timeout', 1), ('poll', 0)):
        if p[name] < low:
            module.fail_json(msg='%s must be %d or more, got %s' % (name, low, p[name]))
    why = check_poll(p['poll'], p['timeout'])
    if why:
        module.fail_json(msg=why)
    for item in p['items']:
        if not item.get('guid') or not item.get('bundle_id'):
            module.fail_json(msg='each of items needs a guid and a bundle_id, got %r' % (item,))
    record = read_record(p['record']) if p['record'] else {}
    queue = rebuild_queue(p['items'], record)
    queued = set(i['guid'] for i in queue)
    earlier = [_entry(i, 'done_before') for i in p['items'] if i['guid'] not in queued]
    if not queue:
        module.exit_json(changed=False, results=earlier, rebuilt=[])
    try:
        client = client_from(p)
        # A key that sees less than everything cannot be trusted to rebuild what moved: refuse
        # before any build (REFERENCE section 14: roles and what each sees).
        role = client.user_role()
    except ConnectError as exc:
        module.fail_json(msg=str(exc), results=earlier, rebuilt=[])
    refusal = require_administrator(role, 'rebuilding the content that moved')
    if refusal and p['require_administrator']:
        module.fail_json(msg=refusal, user_role=role, results=earlier, rebuilt=[])
    if module.check_mode:
        module.exit_json(changed=True, results=[_entry(i, 'would_rebuild') for i in queue] + earlier,
                         rebuilt=[], user_role=role)

    def remember(result):
        if result['status'] == 'rebuilt' and p['record']:
            record[result['guid']] = (result['bundle_id'], result['to'] or None)
            write_record(p['record'], record)

    def done(guid, bundle_id, to):
        return recorded(record, guid, bundle_id, to)

    items = [dict(i, bundle_id=str(i['bundle_id'])) for i in queue]
    results = rebuild(client, items, p['parallel'], p['task_timeout'], p['poll'], remember, done)
    rebuilt = [r['guid'] for r in results if r['status'] == 'rebuilt']
    for r in results:
        if r['note']:
            module.warn('%s (%s): %s' % (r['title'], r['guid'], r['note']))
    bad = [r for r in results if r['status'] not in ('rebuilt', 'done_before')]
    if bad:
        module.fail_json(msg=failure_message(results), results=results + earlier, rebuilt=rebuilt,
                         changed=bool(rebuilt), user_role=role)
    module.exit_json(changed=bool(rebuilt), results=results + earlier, rebuilt=rebuilt,
                     user_role=role)


if __name__ == '__main__':
    main()
