# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``python_build_platform`` filter: which hosts share an artifact."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_platform import (
    PlatformError,
    platform_key,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    filter_errors,
    require,
)


def python_build_platform(facts):
    require(isinstance(facts, dict), 'python_build_platform: expected ansible_facts (a dict), '
            'got %r', facts)
    with filter_errors(PlatformError, 'python_build_platform: %s'):
        return platform_key(facts.get('distribution'), facts.get('distribution_version'),
                            facts.get('distribution_major_version'), facts.get('architecture'))


class FilterModule:
    """python_build's platform key."""

    def filters(self):
        return {'python_build_platform': python_build_platform}
