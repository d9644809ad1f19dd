# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn the python_build role's variables into one validated plan entry per version."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import posixpath
import re

from ansible_collections.connect_ops.interpreters.plugins.module_utils.python_version import (
    parse_version,
    unsupported_reason,
)

FORMATS = {'tar.xz': 'xz', 'tgz': 'gz'}
_SHA256 = re.compile(r'^[0-9a-f]{64}$')


class PlanError(ValueError):
    """A variable of the role that cannot be used; the message names it."""


def _checksum_entry(version, entry, source):
    """A checksum table entry is a sha256 string (of the .tar.xz) or {sha256, format}."""
    if isinstance(entry, str):
        entry = {'sha256': entry}
    if not isinstance(entry, dict) or 'sha256' not in entry:
        raise PlanError('%s: the entry for %s must be a sha256 string or a dict with "sha256" '
                        '(and optionally "format": tar.xz or tgz), got %r' % (source, version, entry))
    sha = str(entry['sha256']).strip().lower()
    if not _SHA256.match(sha):
        raise PlanError('%s: %r for %s is not a sha256 (64 hex digits)'
                        % (source, entry['sha256'], version))
    fmt = entry.get('format', 'tar.xz')
    if fmt not in FORMATS:
        raise PlanError('%s: format %r for %s is not one of %s' % (source, fmt, version,
                                                                   ', '.join(FORMATS)))
    return sha, fmt


def build_plan(versions, root, source_url, checksums=None, verify_checksum=True):
    """Return ``[{version, major, series, prefix, executable, file, url, sha256, format}]``.

    ``versions`` holds version strings or ``{version, sha256[, format]}`` dicts;
    ``checksums`` maps versions to sha256 strings or ``{sha256, format}`` dicts.
    """
    checksums = checksums or {}
    if not isinstance(versions, (list, tuple)):
        raise PlanError('python_build_versions must be a list of versions such as ["3.11.2"], '
                        'got %r' % (versions,))
    if not isinstance(checksums, dict):
        raise PlanError('python_build_checksums must be a dict of version: sha256, got %r'
                        % (checksums,))
    if not isinstance(root, str) or not posixpath.isabs(root):
        raise PlanError('python_build_root must be an absolute path, got %r' % (root,))
    plan, seen = [], set()
    for item in versions:
        given = dict(item) if isinstance(item, dict) else {'version': item}
        if 'version' not in given:
            raise PlanError('python_build_versions: %r has no "version" key' % (item,))
        try:
            version = parse_version(given['version'])
        except ValueError as exc:
            raise PlanError('python_build_versions: %s' % exc)
        why = unsupported_reason(version)
        if why:
            raise PlanError('python_build_versions: %s; Connect would not use it' % why)
        if str(version) in seen:
            continue
        seen.add(str(version))
        if 'sha256' in given:
            sha, fmt = _checksum_entry(version, given, 'python_build_versions')
        elif str(version) in checksums:
            sha, fmt = _checksum_entry(version, checksums[str(version)], 'python_build_checksums')
        elif verify_checksum:
            raise PlanError(
                'no known sha256 for CPython %s: set python_build_checksums["%s"] (or give '
                '{version, sha256} in python_build_versions) from a source you trust, or set '
                'python_build_verify_checksum: false to build unverified source' % (version,
                                                                                    version))
        else:
            sha, fmt = None, 'tar.xz'
        filename = 'Python-%s.%s' % (version, fmt)
        prefix = posixpath.join(root, str(version))
        plan.append({
            'version': str(version),
            'major': version.major,
            'series': '%d.%d' % version.series,
            'prefix': prefix,
            'executable': posixpath.join(prefix, 'bin', 'python' if version.major == 2
                                         else 'python3'),
            'file': filename,
            'url': '%s/%s/%s' % (source_url.rstrip('/'), version.release_text, filename),
            'sha256': sha,
            'format': fmt,
        })
    return plan
