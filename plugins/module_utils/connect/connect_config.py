# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Posit Connect reads from the ``[Python]`` section of its gcfg configuration file.

Standard library only: modules import this on managed hosts. The typed fields are the ones
Connect's reader stores (``Enabled`` bool, ``Executable`` list, ``VersionMatching`` string); a file
whose ``[Python]`` values gcfg cannot store is one Connect refuses to start with, so reading it
raises :class:`~gcfg.GcfgError` with the line number.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.gcfg import (
    BOOL,
    MULTI,
    STRING,
    Document,
    parse_bool,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    MODES,
)

SECTION = 'Python'
SCHEMA = {SECTION: {'Enabled': BOOL, 'Executable': MULTI, 'VersionMatching': STRING}}
DEFAULT_CONFIG_PATH = '/etc/rstudio-connect/rstudio-connect.gcfg'
# The only VersionMatching values Connect documents; the first is its default.
DOCUMENTED_MATCHING = MODES
DEFAULT_MATCHING = MODES[0]


def read(text):
    """Parse a Connect configuration file (str or bytes) as Connect's reader would."""
    return Document.parse(text, schema=SCHEMA)


def settings(doc):
    """``{enabled, executables, version_matching}`` as Connect reads them from ``doc``.

    ``version_matching`` is the configured value, or Connect's default when the file has none.
    """
    return {
        'enabled': parse_bool(doc.get(SECTION, 'Enabled')) is True,
        'executables': doc.get_all(SECTION, 'Executable'),
        'version_matching': doc.get(SECTION, 'VersionMatching') or DEFAULT_MATCHING,
    }


def section_text(doc):
    """Only the ``[Python]`` lines of ``doc``: what a diff may show. The rest of Connect's file
    holds credentials (database URLs, SMTP and LDAP passwords) and must never enter a task
    result, a diff or a log."""
    return doc.section_text(SECTION)


def read_settings(path):
    """What Connect reads from the ``[Python]`` section of the file at ``path``, without the text
    of the file leaving this function: ``{exists, enabled, executables, version_matching}``.

    A missing file reads as Connect's defaults with ``exists`` false; a file Connect would refuse
    raises :class:`~gcfg.GcfgError` (its message holds a line number, never the line).
    """
    try:
        with open(path, 'rb') as f:
            text = f.read()
    except (IOError, OSError) as exc:
        if getattr(exc, 'errno', None) in (errno.ENOENT, errno.ENOTDIR):
            return dict(settings(read('')), exists=False)
        raise
    return dict(settings(read(text)), exists=True)
