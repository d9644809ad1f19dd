# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``connect_upgrade_plan`` filter: upgrade.yml's plan for one host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.upgrade import (
    UpgradeError,
    upgrade_plan,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    check_today,
    filter_errors,
    release_data_arg,
)


def connect_upgrade_plan(installed, configured, content=None, mode='major-minor', series=None,
                         entries=None, checksums=None, outside=None, exclusive=True,
                         executables_given=False, release_data=None, today=None):
    today = check_today('connect_upgrade_plan', today)
    data = release_data_arg('connect_upgrade_plan', checksums, release_data)
    with filter_errors(UpgradeError, 'connect_upgrade_plan: %s'):
        return upgrade_plan(installed, configured, content, mode, series, entries=entries,
                            checksums=checksums, outside=outside, exclusive=exclusive,
                            executables_given=executables_given, today=today,
                            data=data)


class FilterModule(object):
    """Interpreter lifecycle filters."""

    def filters(self):
        return {'connect_upgrade_plan': connect_upgrade_plan}
