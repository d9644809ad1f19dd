#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: connect_runtime_cache
short_description: Free the Posit Connect runtime cache of one retired Python version
version_added: 0.4.0
author: connect_ops contributors (@connect-ops)
description:
  - Connect keeps a runtime cache (the Python environments of its content) per three-part Python
    version. When a version is retired its cache stays on disk for good; this module deletes it.
  - Lists the caches (C(GET /__api__/v1/system/caches/runtime)); when the cache of O(language)
    O(version) on O(image_name) exists, asks for its deletion first as a dry run and then for real
    (C(DELETE) on the same path), and follows the deletion's task until it finishes.
  - Deletes exactly that one cache - never another version's, another language's or another
    image's - and only once - a second run finds no cache and changes nothing.
  - A cache that was listed but is gone by the time of the deletion (Connect answers 404 "Cache
    does not exist" - another administrator, or an earlier interrupted run, deleted it) is what the
    module wanted - C(gone), no change. Only a 404 of the listing itself means an older Connect.
  - A poll of the deletion's task that meets a proxy's 502, 503 or 504, a reset connection or a
    timeout is asked again within O(task_timeout).
  - Needs an API key of a user with the C(administrator) role and Connect 2023.05 or later; either
    missing fails with a message that says so, and nothing is deleted.
extends_documentation_fragment:
  - connect_ops.interpreters.connect_api
options:
  version:
    description: The three-part Python version whose cache goes, such as C(3.11.7).
    type: str
    required: true
  language:
    description: The cache's language.
    type: str
    default: Python
  image_name:
    description: The execution environment of the cache; C(Local) is Connect's own host.
    type: str
    default: Local
  task_timeout:
    description: Seconds to wait for the deletion's task to finish.
    type: int
    default: 600
attributes:
  check_mode:
    support: full
    description: Lists and asks for the dry run only; deletes nothing.
  diff_mode:
    support: none
    description: Nothing on the host changes.
  platform:
    support: full
    platforms: posix
    description: Runs wherever Connect can be reached from; the managed host by default.
seealso:
  - module: connect_ops.interpreters.connect_content_rebuild
'''

EXAMPLES = r'''
- name: Free the cache of the retired 3.11.7
  connect_ops.interpreters.connect_runtime_cache:
    server_url: https://connect.example.com
    api_key: "{{ vault_connect_api_key }}"
    version: 3.11.7
'''

RETURN = r'''
found:
  description: Whether the cache existed when the module ran.
  returned: always
  type: bool
gone:
  description: The cache was listed, but another deletion removed it before this one could.
  returned: when that happened
  type: bool
  version_added: 0.5.0
dry_run:
  description: Connect's answer to the dry run.
  returned: when the cache existed
  type: dict
task_id:
  description: The deletion's task.
  returned: when the cache was deleted
  type: str
'''

import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.connect_ops.interpreters.plugins.module_utils.redact import (
    secret_pieces,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_api import (
    CONNECTION_ARGUMENT_SPEC,
    RUNTIME_CACHES,
    ConnectError,
    client_from,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_task import (
    follow,
)

VERSION = re.compile(r'^\d+\.\d+\.\d+$')


def explain(exc, version):
    """Connect's refusals in the words an operator needs."""
    if exc.kind == 'auth' or exc.status in (401, 403):
        return ('Connect refused the runtime cache request (%s). Listing and deleting runtime '
                'caches needs an API key of a user with the administrator role; give one as '
                'connect_python_api_key, or set upgrade_free_caches: false to leave the cache '
                'of %s in place. Nothing was deleted.' % (exc, version))
    if exc.status in (404, 405):
        return ('Connect has no runtime cache API at %s (%s): it needs Connect 2023.05 or later. '
                'Upgrade Connect, or set upgrade_free_caches: false. Nothing was deleted.'
                % (RUNTIME_CACHES, exc))
    return '%s. Nothing more was deleted.' % exc


def delete_unless_gone(client, key, dry_run):
    """Connect's answer to the deletion of cache ``key``, or None when the cache is not there any
    more: the listing just answered, so the API exists, and a 404 is Connect's "Cache does not
    exist" - another administrator, or an earlier interrupted run, deleted it since (REFERENCE
    section 14). That is what this module wanted."""
    try:
        return client.delete_runtime_cache(key[0], key[1], key[2], dry_run)
    except ConnectError as exc:
        if exc.status == 404:
            return None
        raise


def main():
    module = AnsibleModule(
        argument_spec=dict(
            version=dict(type='str', required=True),
            language=dict(type='str', default='Python'),
            image_name=dict(type='str', default='Local'),
            task_timeout=dict(type='int', default=600),
            **CONNECTION_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    p = module.params
    # A URL's user-info (a password) is masked wherever it would appear, the invocation included.
    module.no_log_values.update(secret_pieces(p['server_url']))
    if not VERSION.match(p['version']):
        module.fail_json(msg='version must be a three-part version such as 3.11.7 (Connect keeps '
                             'one cache per patch release), got %r' % (p['version'],))
    key = (p['language'], p['version'], p['image_name'])
    try:
        client = client_from(p)
        caches = client.runtime_caches()
        found = any((c.get('language'), c.get('version'), c.get('image_name')) == key
                    for c in caches)
        if not found:
            module.exit_json(changed=False, found=False)
        dry = delete_unless_gone(client, key, True)
        if dry is None:
            module.exit_json(changed=False, found=False, gone=True)
        if module.check_mode:
            module.exit_json(changed=True, found=True, dry_run=dry)
        answer = delete_unless_gone(client, key, False)
        if answer is None:
            module.exit_json(changed=False, found=False, gone=True, dry_run=dry)
        task_id = answer.get('task_id')
        if task_id:
            task, output, _retried = follow(client, task_id, p['task_timeout'],
                                            max(0, min(5, int(p['timeout']) - 1)))
            if task is None or not task.get('finished'):
                module.fail_json(msg='the deletion of the %s %s cache did not finish within '
                                     '%d s (task %s); it may still finish'
                                     % (p['language'], p['version'], p['task_timeout'],
                                        task_id), found=True, dry_run=dry, task_id=task_id)
            if task.get('code') not in (0, None) or task.get('error'):
                module.fail_json(msg='Connect could not delete the %s %s cache (%s): %s'
                                     % (p['language'], p['version'], p['image_name'],
                                        task.get('error') or 'exit code %s' % task.get('code')),
                                 found=True, dry_run=dry, task_id=task_id, output=output[-10:])
    except ConnectError as exc:
        module.fail_json(msg=explain(exc, p['version']), error=exc.kind)
    module.exit_json(changed=True, found=True, dry_run=dry, task_id=task_id)


if __name__ == '__main__':
    main()
