# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``python_match`` filter: which interpreter Posit Connect would choose."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    NO_MATCH_MESSAGE,
    VersionError,
    check_mode,
    not_a_string,
    select,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    boolean_arg,
    filter_errors,
    require,
)

# A no-match message names at most this many candidates.
SHOWN_CANDIDATES = 20


def _eligible(candidate):
    """The version to match for ``candidate``, or None when it can never be a match: a dict
    without a version (a broken interpreter from python_info) or one marked ``usable: false``."""
    if isinstance(candidate, Mapping):
        if candidate.get('usable', True) is False:
            return None
        return candidate.get('version')
    if candidate is None:
        return None
    if not isinstance(candidate, str):
        require(False, 'python_match: candidate %s; pass version strings or dicts with a '
                '"version" key', not_a_string('Python version', candidate, '"3.11.2"'))
    return candidate


def _shown(candidates):
    names = [str(c.get('version')) if isinstance(c, Mapping) else str(c) for c in candidates]
    text = ', '.join(names[:SHOWN_CANDIDATES]) or 'none'
    if len(names) > SHOWN_CANDIDATES:
        text += ' and %d more' % (len(names) - SHOWN_CANDIDATES)
    return text


def python_match(requested, candidates, mode='major-minor', strict=True):
    """Return the candidate Connect would use for content authored with ``requested``."""
    require(not isinstance(candidates, (str, bytes, Mapping)) and hasattr(candidates, '__iter__'),
            'python_match: candidates must be a list of versions or of dicts with a "version" key, '
            'got %r', candidates)
    strict = boolean_arg(strict, 'python_match: strict must be a boolean, got %r')
    candidates = list(candidates)
    eligible = [(c, _eligible(c)) for c in candidates]
    eligible = [(c, v) for c, v in eligible if v is not None]
    with filter_errors(VersionError, lambda exc: 'python_match: %s (requested %r, mode %r, '
                       'candidates: %s)' % (exc, requested, mode, _shown(candidates))):
        check_mode(mode)
        index = select(requested, [v for _c, v in eligible], mode)
    if index is None and not strict:
        return None
    skipped = len(candidates) - len(eligible)
    require(index is not None, 'python_match: %s: requested %s, mode %s, candidates: %s%s',
            NO_MATCH_MESSAGE, requested, mode, _shown([c for c, _v in eligible]),
            ' (%d more without a version or not usable)' % skipped if skipped else '')
    return eligible[index][0]


class FilterModule:
    """Posit Connect interpreter matching filters."""

    def filters(self):
        return {'python_match': python_match}
