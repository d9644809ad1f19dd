# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``python_build_plan`` filter used by the python_build role."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.module_utils.build_plan import (
    PlanError,
    build_plan,
)


def python_build_plan(versions, root, source_url, checksums=None, verify_checksum=True):
    try:
        return build_plan(versions, root, source_url, checksums, verify_checksum)
    except PlanError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule:
    """python_build role helpers."""

    def filters(self):
        return {'python_build_plan': python_build_plan}
