# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``connect_content_resolution`` filter: which interpreter deployed content resolves to."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.content_resolution import (
    resolve_content,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    VersionError,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    filter_errors,
    require,
)


def connect_content_resolution(content_versions, interpreters, mode='major-minor'):
    require(isinstance(content_versions, Mapping), 'connect_content_resolution: the input must '
            'be the content_versions dict of connect_server_python, not %s',
            type(content_versions).__name__)
    require(isinstance(interpreters, (list, tuple))
            and all(isinstance(i, Mapping) for i in interpreters),
            'connect_content_resolution: interpreters must be a list of dicts with path, version '
            'and usable (python_info)')
    with filter_errors(VersionError, 'connect_content_resolution: %s'):
        return resolve_content(dict(content_versions), [dict(i) for i in interpreters], mode)


class FilterModule(object):
    def filters(self):
        return {'connect_content_resolution': connect_content_resolution}
