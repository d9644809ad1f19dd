# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``connect_python_settings`` filter: what Connect reads from a gcfg file's [Python]."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect import connect_config
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.gcfg import GcfgError
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    filter_errors,
    require,
)


def connect_python_settings(text):
    require(isinstance(text, (str, bytes)),
            'connect_python_settings: expected the text of a gcfg file (for example a slurped '
            'file piped through b64decode), got %r (%s)', text, type(text).__name__)
    with filter_errors(GcfgError, 'connect_python_settings: %s; Connect cannot load this file'):
        return connect_config.settings(connect_config.read(text))


class FilterModule:
    """Connect configuration filters."""

    def filters(self):
        return {'connect_python_settings': connect_python_settings}
