#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: python_build_space
short_description: Check free disk space before CPython builds start
version_added: 0.4.0
author: connect_ops contributors (@connect-ops)
description:
  - Used by the C(connect_ops.interpreters.python_build) role before anything is downloaded or
    compiled. Each request names a path and the bytes it will take there; requests on one file
    system add up (the cache directory and the install root often share one).
  - Fails, changing nothing, when a file system lacks the space, naming each path, the space it
    has and the space the run needs there. A path that does not exist yet is measured on its
    nearest existing parent.
  - The role's figures per series and flags (plain or PGO) are measured, with a margin
    (C(plugins/module_utils/builds/build_space.py)).
options:
  requests:
    description:
      - What the run will need, each a dict with C(path), C(bytes) and C(what) (a description
        used in the message, such as C(Python 3.11.2 - staged installation)).
    type: list
    elements: dict
    required: true
attributes:
  check_mode:
    support: full
    description: Read-only; runs in check mode too.
  diff_mode:
    support: none
    description: Nothing changes.
  platform:
    support: full
    platforms: posix
    description: Measures the host's file systems.
'''

EXAMPLES = r'''
- name: Refuse to start unless /opt/Python has 300 MB free
  connect_ops.interpreters.python_build_space:
    requests:
      - {path: /opt/Python, bytes: 314572800, what: "Python 3.11.2 - staged installation"}
'''

RETURN = r'''
short:
  description: The file systems that lack space (empty when there is enough).
  returned: always
  type: list
  elements: dict
  contains:
    paths:
      description: The requested paths on that file system.
      type: list
      elements: str
    free:
      description: Bytes free for an unprivileged process (what the build can use).
      type: int
    needed:
      description: Bytes the run needs there.
      type: int
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_space import (
    describe,
    shortfalls,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(requests=dict(type='list', elements='dict', required=True)),
        supports_check_mode=True,
    )
    requests = []
    for item in module.params['requests']:
        path, size = item.get('path'), item.get('bytes')
        if not isinstance(path, str) or not path.startswith('/'):
            module.fail_json(msg='requests: path must be an absolute path, got %r' % (path,))
        try:
            size = int(size)
        except (TypeError, ValueError):
            module.fail_json(msg='requests: bytes for %s must be a number, got %r' % (path, size))
        requests.append({'path': path, 'bytes': size, 'what': str(item.get('what') or path)})
    try:
        short = shortfalls(requests)
    except OSError as exc:
        module.fail_json(msg='cannot measure free space: %s' % exc)
    if short:
        module.fail_json(msg='Not enough disk space; nothing was downloaded or built. %s Free '
                             'space there, or point python_build_cache_dir or python_build_root '
                             'at a larger file system.' % describe(short), short=short)
    module.exit_json(changed=False, short=[])


if __name__ == '__main__':
    main()
