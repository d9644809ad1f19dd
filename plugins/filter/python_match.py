# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``python_match`` filter: which interpreter Posit Connect would choose."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.module_utils.python_version import (
    NO_MATCH_MESSAGE,
    VersionError,
    check_mode,
    select,
)


def _candidate_version(candidate):
    if isinstance(candidate, Mapping):
        if 'version' not in candidate:
            raise AnsibleFilterError(
                'python_match: candidate %r has no "version" key; pass version strings or '
                'dicts with a "version" key' % (dict(candidate),))
        return candidate['version']
    return candidate


def python_match(requested, candidates, mode='major-minor', strict=True):
    """Return the candidate Connect would use for content authored with ``requested``."""
    if isinstance(candidates, (str, bytes, Mapping)) or not hasattr(candidates, '__iter__'):
        raise AnsibleFilterError(
            'python_match: candidates must be a list of versions or of dicts with a '
            '"version" key, got %r' % (candidates,))
    candidates = list(candidates)
    versions = [_candidate_version(c) for c in candidates]
    shown = ', '.join(str(v) for v in versions) or 'none'
    try:
        check_mode(mode)
        index = select(requested, versions, mode)
    except VersionError as exc:
        raise AnsibleFilterError('python_match: %s (requested %r, mode %r, candidates: %s)' % (
            exc, requested, mode, shown))
    if index is None:
        if not strict:
            return None
        raise AnsibleFilterError('python_match: %s: requested %s, mode %s, candidates: %s' % (
            NO_MATCH_MESSAGE, requested, mode, shown))
    return candidates[index]


class FilterModule:
    """Posit Connect interpreter matching filters."""

    def filters(self):
        return {'python_match': python_match}
