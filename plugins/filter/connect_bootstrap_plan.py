# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``connect_bootstrap_plan`` filter: bootstrap.yml's decision from its probe's output."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.bootstrap import (
    BootstrapError,
    plan,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    filter_errors,
    require,
)


def connect_bootstrap_plan(stdout):
    require(isinstance(stdout, str), 'connect_bootstrap_plan: the input must be the probe\'s '
            'stdout (a string), not %s', type(stdout).__name__)
    with filter_errors(BootstrapError, 'connect_bootstrap_plan: %s'):
        return plan(stdout)


class FilterModule(object):
    def filters(self):
        return {'connect_bootstrap_plan': connect_bootstrap_plan}
