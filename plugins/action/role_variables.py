# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Warn about variables that carry a role's prefix but that the role does not know.

Documented in plugins/modules/role_variables.py. Runs on the controller only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

import yaml

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase


def unknown_variables(names, known, prefix):
    """``[(name, closest known name or None)]`` for each name with ``prefix`` not in ``known``."""
    found = []
    tails = dict((k[len(prefix):], k) for k in known if k.startswith(prefix))
    for name in sorted(n for n in names if n.startswith(prefix) and n not in known):
        # Compare what follows the prefix: the shared prefix would make every name look close.
        close = difflib.get_close_matches(name[len(prefix):], sorted(tails), n=1, cutoff=0.7)
        found.append((name, tails[close[0]] if close else None))
    return found


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('spec', 'entry_point', 'prefix'))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args
        prefix = args.get('prefix')
        if not prefix:
            raise AnsibleActionFail('prefix is required')
        try:
            with open(args['spec']) as f:
                specs = yaml.safe_load(f)['argument_specs']
        except (KeyError, OSError, TypeError, yaml.YAMLError) as exc:
            raise AnsibleActionFail('cannot read the argument specs %r: %s' % (args.get('spec'), exc))
        known = set()
        for entry in specs.values():
            known.update((entry.get('options') or {}).keys())
        unknown = unknown_variables(list((task_vars or {}).keys()), known, prefix)
        result['unknown'] = [name for name, _close in unknown]
        result['changed'] = False
        if unknown:
            result['warnings'] = [
                'variable %s is not one the role knows%s; it has no effect' % (
                    name, ' - did you mean %s?' % close if close else '')
                for name, close in unknown]
        return result
