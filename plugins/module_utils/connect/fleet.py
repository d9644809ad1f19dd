# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet view: a matrix of hosts by Python versions, and drift within each Connect cluster.

Built on the controller from what report.yml found on each host. A cell is the furthest state an
interpreter of that version reached on that host:

  missing     no interpreter of that version
  installed   on disk, not in Connect's [Python] section
  configured  an Executable Connect cannot use (the reasons are kept)
  usable      an Executable Connect can use
  accepted    Connect's API listed it after its start (only with an API key)

plus, with an API key, the number of deployed items that resolve to it. Drift is a cluster whose
nodes differ in what Connect reads (configured, usable, accepted - an interpreter only on disk is
not drift) or in Enabled / VersionMatching, or a node with no report (unreachable, or its report failed).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.lifecycle import (
    data_as_of,
    interpreter_lifecycle,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.release_data import (
    shipped,
    stale_warning,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    VersionError,
    parse_version,
)

STATES = ('missing', 'installed', 'configured', 'usable', 'accepted')
UNKNOWN = 'unknown'  # a cell of a host with no report (unreachable, or its report failed)


def version_key(label):
    try:
        return (0, parse_version(label).key, label)
    except VersionError:
        return (1, (), label)


def host_cells(info):
    """{version: cell} for one host's report."""
    settings = info.get('settings') or {}
    configured = set(settings.get('executables') or [])
    accepted = info.get('accepted')
    accepted = None if accepted is None else set(accepted)
    items = info.get('items')
    cells = {}
    for interp in info.get('interpreters') or []:
        label = interp.get('version') or interp.get('path')
        cell = cells.setdefault(label, {'state': 'missing', 'paths': [], 'items': None,
                                        'reasons': []})
        cell['paths'].append(interp.get('path'))
        if interp.get('path') in configured:
            if interp.get('usable'):
                state = 'usable'
                if accepted is not None and interp.get('version') in accepted:
                    state = 'accepted'
            else:
                state = 'configured'
                cell['reasons'].extend(interp.get('reasons') or [])
        else:
            state = 'installed'
        if STATES.index(state) > STATES.index(cell['state']):
            cell['state'] = state
        if items is not None and interp.get('path') in configured:
            cell['items'] = (cell['items'] or 0) + int(items.get(interp.get('path'), 0))
    # An Executable that is configured but was not probed (no such file) still shows.
    probed = set(i.get('path') for i in info.get('interpreters') or [])
    for path in sorted(configured - probed):
        cells.setdefault(path, {'state': 'configured', 'paths': [path], 'items': None,
                                'reasons': ['not found']})
    return cells


def drift_state(cell):
    """What drift compares: an interpreter on disk that Connect does not read is no drift."""
    return 'not configured' if cell['state'] in ('missing', 'installed') else cell['state']


def cell_getter(label):
    return lambda row: drift_state(row['cells'][label])


def fleet_matrix(hosts, today=None, data=None):
    """hosts: {name: {'cluster': str|None, 'reachable': bool, 'settings': {...},
    'interpreters': [...], 'accepted': [versions]|None, 'items': {path: count}|None}}.

    Returns {'versions', 'hosts': [rows], 'clusters': [...], 'summary': {...}}; with ``today``
    (YYYY-MM-DD) also 'lifecycle': {version: interpreter_lifecycle(version, today)} and
    'lifecycle_as_of' (the date of the release data: ``data``, a release_data.ReleaseData, the
    collection's own by default) and 'lifecycle_stale' (a warning when that data is old).
    """
    rows = []
    labels = set()
    for name in sorted(hosts):
        info = hosts[name] or {}
        reachable = bool(info.get('reachable', True))
        cells = host_cells(info) if reachable else {}
        labels.update(cells)
        settings = info.get('settings') or {}
        rows.append({'host': name, 'cluster': info.get('cluster') or None,
                     'reachable': reachable, 'enabled': settings.get('enabled'),
                     'version_matching': settings.get('version_matching'), 'cells': cells,
                     'drift': []})
    versions = sorted(labels, key=version_key)
    for row in rows:
        for label in versions:
            if label not in row['cells']:
                row['cells'][label] = {'state': 'missing' if row['reachable'] else UNKNOWN,
                                       'paths': [], 'items': None, 'reasons': []}
    clusters = {}
    for row in rows:
        if row['cluster']:
            clusters.setdefault(row['cluster'], []).append(row)
    cluster_list = []
    for cname in sorted(clusters):
        members = clusters[cname]
        drift = []
        down = [r['host'] for r in members if not r['reachable']]
        if down:
            drift.append({'what': 'reachable', 'values': [{'value': 'no report (unreachable or failed)', 'hosts': down}]})
        up = [r for r in members if r['reachable']]
        checks = [('Enabled', lambda r: r['enabled']),
                  ('VersionMatching', lambda r: r['version_matching'])]
        checks += [('Python %s' % label, cell_getter(label)) for label in versions]
        for what, get in checks:
            groups = {}
            for r in up:
                groups.setdefault(repr(get(r)), (get(r), []))[1].append(r['host'])
            if len(groups) > 1:
                values = sorted(groups.values(), key=lambda g: g[1])
                drift.append({'what': what, 'values': [{'value': v, 'hosts': h}
                                                       for v, h in values]})
                for v, hs in values:
                    for r in up:
                        if r['host'] in hs and what not in r['drift']:
                            r['drift'].append(what)
        for r in members:
            if not r['reachable']:
                r['drift'].append('reachable')
        cluster_list.append({'name': cname, 'hosts': [r['host'] for r in members],
                             'drift': drift})
    summary = {
        'hosts': len(rows),
        'unreachable': [r['host'] for r in rows if not r['reachable']],
        'clusters': len(cluster_list),
        'clusters_with_drift': [c['name'] for c in cluster_list if c['drift']],
        'versions': dict((label, dict((s, sum(1 for r in rows if r['cells'][label]['state'] == s))
                                      for s in STATES + (UNKNOWN,)))
                         for label in versions),
    }
    matrix = {'versions': versions, 'hosts': rows, 'clusters': cluster_list, 'summary': summary}
    if today is not None:
        data = data or shipped()
        matrix['lifecycle'] = dict((label, interpreter_lifecycle(label, today, data))
                                   for label in versions)
        matrix['lifecycle_as_of'] = data_as_of(data)
        matrix['lifecycle_stale'] = stale_warning(data, today)
    return matrix


def lifecycle_flag(matrix, label):
    """'EOL', 'BEHIND' or '' for a version of the matrix (no lifecycle: '')."""
    found = (matrix.get('lifecycle') or {}).get(label)
    if not found:
        return ''
    return 'EOL' if found['eol'] else ('BEHIND' if found['behind'] else '')


def lifecycle_lines(matrix):
    """Each version's series status and the newest known patch, flagged at a glance."""
    if 'lifecycle' not in matrix:
        return []
    lines = ['Lifecycle (%s):' % matrix['lifecycle_as_of']]
    if matrix.get('lifecycle_stale'):
        lines.append('  Warning: %s' % matrix['lifecycle_stale'])
    for label in matrix['versions']:
        found = matrix['lifecycle'].get(label)
        flag = lifecycle_flag(matrix, label)
        lines.append('  %-10s %s%s' % (label, found['text'] if found else 'not a release',
                                       (' [%s]' % flag) if flag else ''))
    return lines


def value_text(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return '(unset)'
    return str(value)


def drift_lines(matrix):
    """One line per drifting setting or version, for the terminal and fleet.md."""
    lines = []
    for cluster in matrix['clusters']:
        for d in cluster['drift']:
            lines.append('%s: %s: %s' % (cluster['name'], d['what'], '; '.join(
                '%s on %s' % (value_text(v['value']), ', '.join(v['hosts'])) for v in d['values'])))
    return lines


def summary_lines(matrix):
    s = matrix['summary']
    lines = ['Fleet: %d host(s), %d cluster(s), %d version(s)%s' % (
        s['hosts'], s['clusters'], len(matrix['versions']),
        (', no report from %s' % ', '.join(s['unreachable'])) if s['unreachable'] else '')]
    for label in matrix['versions']:
        counts = s['versions'][label]
        lines.append('  %-10s %s' % (label, ', '.join(
            '%d %s' % (counts[st], st) for st in reversed(STATES + (UNKNOWN,)) if counts[st])))
    lines.extend(lifecycle_lines(matrix))
    drift = drift_lines(matrix)
    if drift:
        lines.append('DRIFT in %s:' % ', '.join(s['clusters_with_drift']))
        lines.extend('  ' + line for line in drift)
    elif s['clusters']:
        lines.append('No drift: every cluster has one state on all its nodes.')
    return lines
