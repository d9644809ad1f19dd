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

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.content_rebuild import (
    recorded,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.lifecycle import (
    data_as_of,
    newest_patch,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.release_data import (
    merged,
    stale_warning,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
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


def _site_releases(entries, checksums):
    """The stable releases the site itself knows: versions pinned with a sha256 in
    ``python_build_versions`` and the keys of ``checksums``. A pre-release only counts where an
    entry pins it (as in site.yml's series requests)."""
    out = []
    for entry in entries or []:
        if isinstance(entry, dict) and entry.get('sha256') and entry.get('version'):
            try:
                out.append(str(parse_version(str(entry['version']))))
            except VersionError:
                pass
    for text in (checksums or {}):
        try:
            version = parse_version(str(text))
        except VersionError:
            continue
        if not version.is_prerelease:
            out.append(str(version))
    return out


def _entries_for(versions, entries):
    """``versions`` as ``python_build_versions`` entries, each carrying what the user's own entry
    for it said: the entry for that exact version (its sha256, format, ...), else the format of an
    entry for its series; a bare string where the user gave nothing more."""
    exact, by_series = {}, {}
    for entry in entries or []:
        if not isinstance(entry, dict) or not entry.get('version'):
            continue
        text = str(entry['version']).strip()
        if text.count('.') == 1:
            by_series[text] = entry
        else:
            try:
                exact[str(parse_version(text))] = entry
            except VersionError:
                continue
    out = []
    for version in versions:
        if version in exact:
            out.append(dict(exact[version], version=version))
        elif _series(version) in by_series:
            carried = dict((k, v) for k, v in by_series[_series(version)].items()
                           if k not in ('version', 'sha256'))
            out.append(dict(carried, version=version) if carried else version)
        else:
            out.append(version)
    return out


def retire_refusal(retire, exclusive=True, executables_given=False):
    """Why retiring cannot happen with these settings (None when it can). upgrade.yml retires a
    release by running site.yml without it: that removes its Executable only where the connect_python
    role owns the whole list (``connect_python_exclusive``) and computes it from the versions
    (``connect_python_executables`` not set in the inventory). Otherwise content would be
    "rebuilt" on the same interpreter and the cache of a version still in use deleted."""
    if not retire:
        return None
    if not exclusive:
        return ('connect_python_exclusive is false: site.yml adds Executables but never removes '
                'one, so %s would stay configured and nothing would move. Set '
                'connect_python_exclusive: true for upgrade.yml (or retire by hand). Nothing was '
                'changed.' % ', '.join(retire))
    if executables_given:
        return ('connect_python_executables is set in the inventory: site.yml registers that list '
                'as it is, so %s would stay configured and nothing would move. Remove '
                'connect_python_executables (the list then follows python_build_versions) for '
                'upgrade.yml. Nothing was changed.' % ', '.join(retire))
    return None


def upgrade_plan(installed, configured, content=None, mode='major-minor', series=None,
                 entries=None, checksums=None, outside=None, exclusive=True,
                 executables_given=False, release_data=None, today='', data=None):
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
    * ``series``: per series, ``newest`` and what it supersedes; ``lines``: the plan in words;
    * ``register_entries`` and ``final_entries``: ``register`` and ``final`` as
      ``python_build_versions`` entries, each keeping what the user's own entry for it said
      (``entries``: their ``python_build_versions``; a ``{version, sha256}`` or a ``format``);
    * ``outside``: the configured Executables outside the install root (``outside``: a list of
      ``{path, version}``), left alone and named;
    * ``refused``: why retiring cannot happen with the settings given (``exclusive``,
      ``executables_given``: connect_python_exclusive, and whether connect_python_executables is
      set), or None; upgrade.yml stops on it before anything changes.

    The newest release of a series is the newest the release data knows
    (``release_data.merged``): the collection's table, the site's ``release_data`` file (a dict
    from ``release_data.parse_data_file``) over it, the site's ``checksums``
    (python_build_checksums) over both; the releases ``entries`` pin with a sha256 count too.
    ``data``: that merged ReleaseData, where the caller has it already. With ``today``
    (YYYY-MM-DD), ``stale`` says when that data is older than 90 days (upgrade.yml shows it
    before the plan).
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
    data = data or merged(checksums, release_data)
    site = _site_releases(entries, None)
    install, retire, kept, per_series = [], [], {}, []
    for name in wanted:
        newest = newest_patch(name, data=data)
        for version in site:
            if _series(version) == name and (
                    newest is None or parse_version(version) > parse_version(newest)):
                newest = version
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
    # The newest of each series is registered whether this run installs it or an interrupted
    # run already did (installed, not yet configured): the final set never loses a series.
    register = sort_versions(set(configured) | set(e['newest'] for e in per_series))
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
            'content_known': content is not None, 'as_of': data_as_of(data),
            'stale': stale_warning(data, today) if today else '',
            'register_entries': _entries_for(register, entries),
            'final_entries': _entries_for(final, entries),
            'outside': [{'path': o.get('path'), 'version': o.get('version')}
                        for o in outside or [] if isinstance(o, dict)],
            'refused': retire_refusal(retire, exclusive, executables_given)}
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
            lines.append('  %s (%s, deployed with %s) -> %s, rebuilt at once, its active bundle (now %s)'
                         % (m['title'], m['guid'], m['py_version'], m['to'] or 'NO MATCH',
                            m['bundle_id']))
    for version, pinned in sorted(plan['kept'].items()):
        lines.append('Keep %s: VersionMatching is exact and %d item(s) are pinned to it: %s'
                     % (version, len(pinned), ', '.join('%s (%s)' % (i.get('title'), i.get('guid'))
                                                        for i in pinned)))
    for other in plan.get('outside') or []:
        lines.append('Left alone: %s (%s) is outside the install root; upgrade.yml neither '
                     'installs nor retires it' % (other.get('path'), other.get('version')))
    if plan.get('refused'):
        lines.append('Refused: %s' % plan['refused'])
    if not plan['install'] and not plan['retire']:
        lines.append('Nothing to do: every series is on its newest known patch release.')
    return lines


def rebuild_queue(moves, done):
    """The moves still to rebuild: ``done`` is the record of earlier runs (``{guid: (bundle_id,
    to)}``, content_rebuild.read_record); an item rebuilt for another move (another bundle, or
    another release it moved to: last month's upgrade) is rebuilt again."""
    done = done if isinstance(done, dict) else {}
    queue, seen = [], set()
    for move in moves:
        guid, bundle = move.get('guid'), move.get('bundle_id')
        if not guid or not bundle or guid in seen:
            continue
        seen.add(guid)
        if recorded(done, guid, bundle, move.get('to')):
            continue
        queue.append(move)
    return queue


def unresolved_moves(moves):
    """Items that would lose their interpreter (no match after the move)."""
    return [m for m in moves if not m.get('to')]
