# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which configured interpreter each deployed content item would get, under Connect's matching:
the deployed content Connect's API reports (grouped by ``py_version``) against the usable
configured interpreters."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    VersionError,
    check_mode,
    parse_request,
    select,
)

LIST_LIMIT = 20


def describe_items(items, count=None, limit=LIST_LIMIT):
    """"title (guid), ..." for up to ``limit`` items, then how many more; with ``count`` above
    the number of items given, how many there are in all."""
    shown = ['%s (%s)' % (i.get('title'), i.get('guid')) for i in items[:limit]]
    if len(items) > limit:
        shown.append('and %d more' % (len(items) - limit))
    described = ', '.join(shown)
    if count is not None and count > len(items):
        described += ' (%d items in all)' % count
    return described


def resolve_content(content_versions, interpreters, mode):
    """``content_versions``: ``{version: {count, items}}`` (connect_server_python);
    ``interpreters``: dicts with ``path``, ``version`` and ``usable``. Returns
    ``{'interpreters': [{path, version, count, versions}], 'unresolved': [{version, count, items,
    described, reason}]}`` (``described``: :func:`describe_items`): every usable interpreter with how many items resolve to it (0 included), and
    the versions that resolve to none."""
    check_mode(mode)
    usable = [i for i in interpreters if i.get('usable') and i.get('version')]
    rows = [{'path': i['path'], 'version': i['version'], 'count': 0, 'versions': []}
            for i in usable]
    unresolved = []
    for version in sorted(content_versions or {}):
        entry = content_versions[version] or {}
        count = entry.get('count', len(entry.get('items') or []))
        try:
            parse_request(version)
            index = select(version, [i['version'] for i in usable], mode)
            reason = 'Unable to find a compatible version of Python'
        except VersionError as exc:
            index, reason = None, str(exc)
        if index is None:
            items = entry.get('items') or []
            unresolved.append({'version': version, 'count': count, 'items': items,
                               'described': describe_items(items, count), 'reason': reason})
        else:
            rows[index]['count'] += count
            rows[index]['versions'].append(version)
    return {'interpreters': rows, 'unresolved': unresolved}
