#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: role_variables
short_description: Warn about misspelt role variables
version_added: 0.2.0
author: connect_ops contributors (@connect-ops)
description:
  - Role plumbing - made for this collection's roles and playbooks (the docs site's contents
    page lists it so); its interface keeps to semantic versioning, but a playbook of your
    own rarely needs it.
  - Looks at the variables of the current host and warns about each one that starts with O(prefix)
    but is not an option of the role's argument specs, naming the closest known name - so that
    C(python_build_version) (for C(python_build_versions)) does not pass silently.
  - Changes nothing; runs on the controller.
options:
  spec:
    description: The role's C(meta/argument_specs.yml).
    type: path
    required: true
  prefix:
    description: The role's variable prefix, such as C(python_build_).
    type: str
    required: true
  entry_point:
    description: Unused; every entry point's options count as known.
    type: str
attributes:
  action:
    support: full
    description: Runs on the controller only.
  check_mode:
    support: full
    description: Changes nothing.
  diff_mode:
    support: none
    description: No diff.
  platform:
    support: full
    platforms: all
    description: Any.
'''

EXAMPLES = r'''
- name: Warn about misspelt python_build variables
  connect_ops.interpreters.role_variables:
    spec: "{{ role_path }}/meta/argument_specs.yml"
    prefix: python_build_
'''

RETURN = r'''
unknown:
  description: The unknown variables.
  returned: always
  type: list
  elements: str
  sample: [python_build_version]
'''
