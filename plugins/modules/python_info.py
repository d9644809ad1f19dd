#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: python_info
short_description: Probe Python interpreters the way Posit Connect does
version_added: 0.1.0
author: connect_ops contributors (@connect-ops)
description:
  - Reports the version of each given Python interpreter, and of every C(ROOT/VERSION/bin/python3)
    (C(bin/python) for 2.x) under each of O(roots), and whether Posit Connect could use it - it must
    exist, be executable, run, report a version of at least 2.7.9 or 3.4.0, and have
    O(required_modules).
  - Directory entries under a root whose name is not a version are skipped; a root that does not
    exist holds nothing (not an error).
  - Read-only; never changes anything.
options:
  executables:
    description: Interpreters to probe (absolute paths; symbolic links are fine).
    type: list
    elements: str
  root:
    description:
      - Probe every C(VERSION/bin/python3) below this directory, such as C(/opt/Python).
      - Kept for compatibility; O(roots) takes several.
    type: path
  roots:
    description:
      - Probe every C(VERSION/bin/python3) below each of these directories - for example
        C(/opt/Python) (this collection and Connect's older guide) and C(/opt/python) (Posit's
        prebuilt packages and current install guides).
    type: list
    elements: path
    version_added: 0.2.0
  config_path:
    description:
      - Also read Connect's configuration file on the host and return what Connect reads from its
        C([Python]) section as RV(config); its executables are probed too.
      - The file is parsed on the host and only those settings are returned - never its text, which
        holds credentials (database URL, SMTP and LDAP passwords) that AWX and ARA would store
        with the result. Use this instead of M(ansible.builtin.slurp).
      - A missing file reads as Connect's defaults, with RV(config.exists) false.
    type: path
    version_added: 0.4.0
extends_documentation_fragment:
  - connect_ops.interpreters.interpreter_probe
attributes:
  check_mode:
    support: full
    description: Read-only, runs in check mode too.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
  platform:
    support: full
    platforms: posix
    description: Runs on the host whose interpreters are probed.
seealso:
  - module: connect_ops.interpreters.connect_python_config
'''

EXAMPLES = r'''
- name: What is installed under /opt/Python?
  connect_ops.interpreters.python_info:
    root: /opt/Python
  register: found

- name: What Connect's configuration registers, without its text (it holds credentials)
  connect_ops.interpreters.python_info:
    roots: [/opt/Python, /opt/python]
    config_path: /etc/rstudio-connect/rstudio-connect.gcfg
  register: found

- name: Which one would content authored with 3.11.4 get?
  ansible.builtin.debug:
    msg: "{{ ('3.11.4' | connect_ops.interpreters.python_match(found.interpreters | selectattr('usable'))).path }}"
'''

RETURN = r'''
interpreters:
  description: One entry per interpreter, sorted by version (unreadable ones last).
  returned: always
  type: list
  elements: dict
  contains:
    path:
      description: The interpreter.
      type: str
    realpath:
      description: The interpreter with symbolic links resolved.
      type: str
    version:
      description: The version it reported (null when it could not be run).
      type: str
    usable:
      description: Whether Connect could use it.
      type: bool
    reasons:
      description: Why it is not usable.
      type: list
      elements: str
    modules:
      description: Each required module and its version (null when missing).
      type: dict
    build:
      description:
        - How it was optimized, from its configure arguments (C(pgo+lto), C(pgo), C(lto),
          C(plain), ... C(unknown)).
      type: str
    runtime:
      description:
        - C(shared) where the interpreter runs on C(libpython3.X.so), C(static) where the
          executable carries the runtime itself (the role's optimized builds of 3.8 and later),
          null where that cannot be told (no C(/proc)).
      type: str
  sample:
    - path: /opt/Python/3.11.2/bin/python3
      realpath: /opt/Python/3.11.2/bin/python3.11
      version: 3.11.2
      usable: true
      reasons: []
      modules: {pip: "25.3", setuptools: "80.9.0", virtualenv: "20.35.4"}
      build: pgo+lto
      runtime: static
config:
  description: What Connect reads from the C([Python]) section of O(config_path).
  returned: when O(config_path) is given
  type: dict
  contains:
    exists:
      description: Whether the file exists.
      type: bool
    enabled:
      description: C(Python.Enabled).
      type: bool
    executables:
      description: C(Python.Executable), in order.
      type: list
      elements: str
    version_matching:
      description: C(Python.VersionMatching), or Connect's default C(major-minor).
      type: str
  sample: {exists: true, enabled: true, executables: [/opt/Python/3.11.2/bin/python3],
           version_matching: major-minor}
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect import connect_config
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.gcfg import GcfgError
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.interpreter_probe import (
    PROBE_ARGUMENT_SPEC,
    discover,
    probe_all,
    probe_options,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    parse_version,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            executables=dict(type='list', elements='str'),
            root=dict(type='path'),
            roots=dict(type='list', elements='path'),
            config_path=dict(type='path'),
            **PROBE_ARGUMENT_SPEC
        ),
        required_one_of=[('executables', 'root', 'roots', 'config_path')],
        supports_check_mode=True,
    )
    p = module.params
    probe_args = probe_options(module)
    paths = list(p['executables'] or [])
    config = None
    if p['config_path']:
        try:
            config = connect_config.read_settings(p['config_path'])
        except GcfgError as exc:
            module.fail_json(msg='%s: %s. Connect cannot load this file either; fix it by hand'
                                 % (p['config_path'], exc), line=exc.lineno)
        except (IOError, OSError) as exc:
            module.fail_json(msg='cannot read %s: %s; run as root (become: true)'
                                 % (p['config_path'], exc.strerror or exc))
        paths += [exe for exe in config['executables'] if exe not in paths]
    for root in ([p['root']] if p['root'] else []) + list(p['roots'] or []):
        if os.path.exists(root) and not os.path.isdir(root):
            module.fail_json(msg='root %s exists but is not a directory' % root)
        paths += [exe for exe in discover(root) if exe not in paths]
    found = probe_all(paths, **probe_args)
    found.sort(key=lambda r: (r['version'] is None,
                              parse_version(r['version']).key if r['version'] else ()))
    result = dict(changed=False, interpreters=found)
    if config is not None:
        result['config'] = config
    module.exit_json(**result)


if __name__ == '__main__':
    main()
