# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``connect_python_settings`` filter: what Connect reads from a gcfg file's [Python]."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.module_utils.gcfg import (
    Document,
    GcfgError,
    parse_bool,
)


def connect_python_settings(text):
    try:
        doc = Document.parse(text)
    except GcfgError as exc:
        raise AnsibleFilterError('connect_python_settings: %s' % exc)
    matching = doc.get('Python', 'VersionMatching')
    return {
        'enabled': parse_bool(doc.get('Python', 'Enabled')) is True,
        'executables': doc.get_all('Python', 'Executable'),
        'version_matching': matching if isinstance(matching, str) else 'major-minor',
    }


class FilterModule:
    """Connect configuration filters."""

    def filters(self):
        return {'connect_python_settings': connect_python_settings}
