# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``python_lifecycle`` filter: where an installed CPython release stands."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.lifecycle import (
    data_as_of,
    interpreter_lifecycle,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.release_data import (
    stale_warning,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    check_today,
    release_data_arg,
    require,
)


def python_lifecycle(version, today=None, checksums=None, release_data=None):
    require(isinstance(version, str), 'python_lifecycle: expected a CPython version such as '
            '"3.11.7", got %r', version)
    today = check_today('python_lifecycle', today)
    data = release_data_arg('python_lifecycle', checksums, release_data)
    found = interpreter_lifecycle(version, today, data)
    require(found is not None, 'python_lifecycle: %r is not a CPython release version such as '
            '"3.11.7"', version)
    found['as_of'] = data_as_of(data)
    found['stale'] = stale_warning(data, today)
    return found


class FilterModule(object):
    """CPython lifecycle filters."""

    def filters(self):
        return {'python_lifecycle': python_lifecycle}
