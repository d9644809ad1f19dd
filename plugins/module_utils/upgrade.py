# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""upgrade.yml's plan for one host: the newest known patch of each series it has, what it
supersedes, and which deployed content moves where - decided here, as Connect decides.

Connect's matching (the seeds): under ``major-minor`` content deployed with 3.11.7 uses 3.11.7 for
as long as 3.11.7 is configured, so installing 3.11.15 moves nothing; content moves only when the
3.11.7 Executable goes. Under ``exact`` content pinned to 3.11.7 cannot move at all: 3.11.7 stays
for it, and the plan names the items that keep it.

The plan is a pure function of what the host has now, so a rerun after an interruption continues
where the last run stopped: a superseded release whose Executable is already gone but whose prefix
is still on disk is still being retired (its content has moved; its rebuilds and cache are what is
left to do), and one whose prefix is gone is done. Standard library only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.lifecycle import (
    data_as_of,
    newest_patch,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.python_version import (
    MODES,
    VersionError,
    parse_version,
    select,
    sort_versions,
)


class UpgradeError(ValueError):
    """An input the plan cannot use; the message names it."""


def _versions(values, what):
    if not isinstance(values, (list, tuple)):
        raise UpgradeError('%s must be a list of versions, got %r' % (what, values))
    out = []
    for value in values:
        try:
            version = parse_version(value)
        except VersionError as exc:
            raise UpgradeError('%s: %s' % (what, exc))
        if str(version) not in out:
            out.append(str(version))
    return out


def _series(version):
    return '%d.%d' % parse_version(version).series


def _resolve(version, configured, mode):
    """The configured version Connect uses for content deployed with ``version``, or None."""
    try:
        index = select(version, configured, mode)
    except VersionError:
        return None
    return configured[index] if index is not None else None


def _items(content):
    """[(py_version, item)] from connect_server_python's content_versions."""
    if content is None:
        return []
    if not isinstance(content, dict):
        raise UpgradeError('content must be the content_versions dict of connect_server_python, '
                           'got %r' % (content,))
    out = []
    for py_version, group in sorted(content.items()):
        for item in (group or {}).get('items') or []:
            out.append((py_version, item))
    return out


def upgrade_plan(installed, configured, content=None, mode='major-minor', series=None):
    """The plan for one host.

    ``installed``: versions under the install root; ``configured``: versions of the configured
    Executables; ``content``: connect_server_python's ``content_versions`` (None without an API
    key); ``mode``: VersionMatching; ``series``: the series to upgrade (``upgrade_series``; None:
    every series the host has installed or configured).

    Returns a dict:

    * ``install``: new patch releases to install (the newest known of each series, when newer
      than every release of it the host has);
    * ``register``: versions registered during the move (the old ones and the new ones);
    * ``final``: versions registered once the superseded ones are retired;
    * ``retire``: superseded versions to take out (configured now, or still on disk);
    * ``kept``: ``{version: [items]}`` superseded versions kept because content is pinned to them
      (``exact``);
    * ``moves``: one entry per item whose interpreter changes - ``guid``, ``title``,
      ``bundle_id``, ``py_version``, ``from`` and ``to``;
    * ``series``: per series, ``newest`` and what it supersedes; ``lines``: the plan in words.
    """
    if mode not in MODES:
        raise UpgradeError('VersionMatching %r is not one Connect documents (%s): the plan '
                           'cannot tell where content goes' % (mode, ', '.join(MODES)))
    installed = _versions(installed, 'installed')
    configured = _versions(configured, 'configured')
    every = sort_versions(set(installed) | set(configured))
    if series is None:
        wanted = sorted(set(_series(v) for v in every), key=lambda s: parse_version(s + '.0').key)
    else:
        if not isinstance(series, (list, tuple)):
            raise UpgradeError('upgrade_series must be a list of series such as ["3.11"], got %r'
                               % (series,))
        wanted = []
        for text in series:
            try:
                parsed = parse_version('%s.0' % str(text).strip())
            except VersionError:
                raise UpgradeError('upgrade_series: %r is not a series such as "3.11"' % (text,))
            if str(text).strip().count('.') != 1:
                raise UpgradeError('upgrade_series: %r is not a series such as "3.11"' % (text,))
            wanted.append('%d.%d' % parsed.series)
    items = _items(content)
    install, retire, kept, per_series = [], [], {}, []
    for name in wanted:
        newest = newest_patch(name)
        have = [v for v in every if _series(v) == name and not parse_version(v).is_prerelease]
        if not have:
            continue
        if newest is None or parse_version(newest) <= parse_version(max(have, key=lambda v: parse_version(v).key)):
            newest = max(have, key=lambda v: parse_version(v).key)
        else:
            install.append(newest)
        old = [v for v in have if v != newest]
        per_series.append({'series': name, 'newest': newest, 'supersedes': old})
        for version in old:
            pinned = []
            if mode == 'exact' and version in configured:
                pinned = [dict(item, py_version=py) for py, item in items
                          if _resolve(py, configured, mode) == version]
            if pinned:
                kept[version] = pinned
            else:
                retire.append(version)
    register = sort_versions(set(configured) | set(install))
    final = [v for v in register if v not in retire]
    # Where each item goes: before, with every superseded release still registered (a rerun after
    # the Executable went still knows where the content was); after, with the final set.
    before_set = sort_versions(set(register) | (set(retire) & set(installed)))
    moves = []
    for py, item in items:
        was = _resolve(py, before_set, mode)
        now = _resolve(py, final, mode)
        if was in retire and now != was:
            moves.append({'guid': item.get('guid'), 'title': item.get('title'),
                          'bundle_id': item.get('bundle_id'), 'py_version': py,
                          'from': was, 'to': now})
    plan = {'install': install, 'register': register, 'final': final, 'retire': retire,
            'kept': kept, 'moves': moves, 'series': per_series, 'mode': mode,
            'content_known': content is not None, 'as_of': data_as_of()}
    plan['lines'] = plan_lines(plan)
    return plan


def plan_lines(plan):
    """The plan in words, one line per fact, for --check and the run's output."""
    lines = ['Newest known patch releases (%s):' % plan['as_of']]
    if not plan['series']:
        lines.append('  nothing installed or configured to upgrade')
    for entry in plan['series']:
        line = '  %s: %s' % (entry['series'], entry['newest'])
        if entry['newest'] in plan['install']:
            line += ' (to install)'
        if entry['supersedes']:
            line += ', supersedes %s' % ', '.join(entry['supersedes'])
        lines.append(line)
    for version in plan['retire']:
        moved = [m for m in plan['moves'] if m['from'] == version]
        if not plan['content_known']:
            lines.append('Retire %s (no API key: which content moves is not known; '
                         'connect_python_require_versions protects what it names)' % version)
            continue
        lines.append('Retire %s: %d item(s) move%s' % (version, len(moved), ':' if moved else ''))
        for m in moved:
            lines.append('  %s (%s, deployed with %s) -> %s, rebuilt at once with bundle %s'
                         % (m['title'], m['guid'], m['py_version'], m['to'] or 'NO MATCH',
                            m['bundle_id']))
    for version, pinned in sorted(plan['kept'].items()):
        lines.append('Keep %s: VersionMatching is exact and %d item(s) are pinned to it: %s'
                     % (version, len(pinned), ', '.join('%s (%s)' % (i.get('title'), i.get('guid'))
                                                        for i in pinned)))
    if not plan['install'] and not plan['retire']:
        lines.append('Nothing to do: every series is on its newest known patch release.')
    return lines


def rebuild_queue(moves, done):
    """The moves still to rebuild: ``done`` is the record of earlier runs (``{guid: bundle_id}``
    rebuilt); an item whose bundle changed since is rebuilt again."""
    done = done if isinstance(done, dict) else {}
    queue, seen = [], set()
    for move in moves:
        guid, bundle = move.get('guid'), move.get('bundle_id')
        if not guid or not bundle or guid in seen:
            continue
        seen.add(guid)
        if done.get(guid) == bundle:
            continue
        queue.append(move)
    return queue


def unresolved_moves(moves):
    """Items that would lose their interpreter (no match after the move)."""
    return [m for m in moves if not m.get('to')]
