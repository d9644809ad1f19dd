# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One cluster, one end state: the check made before anything is written on a Connect cluster.

Hosts that share the inventory variable ``connect_cluster`` are one cluster. Before a run writes a
node's [Python] section, the end state planned on every node of its cluster is compared: the
Executable list, Enabled, VersionMatching and the Python versions each node will have. The run is
refused for the cluster when they differ, or when a node of the cluster has no plan in this run
(unreachable, failed, left out by --limit), unless the operator names that node as out.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# What is compared, with the name an operator knows it by.
COMPARED = (
    ('executables', 'Executable'),
    ('enabled', 'Enabled'),
    ('version_matching', 'VersionMatching'),
    ('versions', 'Python versions installed'),
)
CLUSTER_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$')


class ClusterError(ValueError):
    pass


def check_name(name, host):
    """The cluster name of a host: None (an independent server) or a validated string."""
    if name is None or name == '':
        return None
    if not isinstance(name, str) or not CLUSTER_NAME.match(name):
        raise ClusterError('connect_cluster of %s is %r: use letters, digits, ".", "_" and "-" '
                           '(up to 63, starting with a letter or digit), such as "east-prod"'
                           % (host, name))
    return name


def normalize_plan(plan):
    """The comparable end state of one node: lists sorted (Connect reads them as sets)."""
    return {
        'executables': sorted(plan.get('executables') or []),
        'enabled': bool(plan.get('enabled')),
        'version_matching': plan.get('version_matching') or '',
        'versions': sorted(plan.get('versions') or []),
    }


def shown(value):
    if isinstance(value, list):
        return '[%s]' % ', '.join(value) if value else '[] (none)'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return value if value != '' else '(unset)'


def check_clusters(members, hosts, hosts_out=()):
    """Decide, for every host in HOSTS, whether it may change; each cluster is decided once.

    members: {name: {'cluster': str|None, 'status': 'planned'|'failed or unreachable'|...,
                     'plan': dict|None}} for every host of the inventory. Returns {host: result},
    each result {'cluster', 'hosts', 'out', 'ok', 'problems', 'differences', 'msg'} (the nodes of
    one cluster share one result); an independent server (no cluster) is always ok. A host whose
    own input is wrong (a bad connect_cluster, or named out while being changed) and a cluster
    that connect_python_cluster_hosts_out cannot apply to get ok=false and ``error`` true.
    """
    clusters, cluster_of, bad = {}, {}, {}
    for name in sorted(members):
        try:
            cluster = check_name(members[name].get('cluster'), name)
        except ClusterError as exc:
            bad[name] = str(exc)
            continue
        cluster_of[name] = cluster
        if cluster is not None:
            clusters.setdefault(cluster, []).append(name)
    out = sorted(set(hosts_out or ()))
    nodes = set(n for names in clusters.values() for n in names)
    unknown = [n for n in out if n not in nodes]
    decided, results = {}, {}
    for host in hosts:
        if host not in members:
            raise ClusterError('%s is not among the hosts given' % host)
        cluster = cluster_of.get(host)
        if host in bad:
            results[host] = refused(None, [host], bad[host])
        elif cluster is None:
            results[host] = {'cluster': None, 'hosts': [host], 'out': [], 'ok': True,
                             'problems': [], 'differences': [],
                             'msg': '%s is an independent server (no connect_cluster)' % host}
        elif unknown:
            results[host] = refused(cluster, clusters[cluster], (
                'connect_python_cluster_hosts_out names %s, not a node of any cluster (cluster %s: '
                '%s); nothing was written on its nodes' % (
                    ', '.join(unknown), cluster, ', '.join(clusters[cluster]))))
        elif host in out:
            results[host] = refused(cluster, clusters[cluster], (
                '%s is named in connect_python_cluster_hosts_out but is being changed: take it out '
                'of the play (--limit) or out of connect_python_cluster_hosts_out' % host))
        else:
            if cluster not in decided:
                decided[cluster] = decide(cluster, clusters[cluster], members,
                                          [n for n in out if n in clusters[cluster]])
            results[host] = decided[cluster]
    return results


def refused(cluster, names, msg):
    return {'cluster': cluster, 'hosts': list(names), 'out': [], 'ok': False, 'problems': [msg],
            'differences': [], 'msg': msg, 'error': True}


def check_cluster(host, members, hosts_out=()):
    """:func:`check_clusters` for one host; a wrong input raises ClusterError with its message."""
    result = check_clusters(members, [host], hosts_out)[host]
    if result.get('error'):
        raise ClusterError(result['msg'])
    return result


def decide(cluster, names, members, out):
    """One cluster's result: its nodes (``names``) minus ``out`` must all have planned one end
    state."""
    result = {'cluster': cluster, 'hosts': names, 'out': out, 'ok': True, 'problems': [],
              'differences': [], 'msg': ''}
    problems = []
    for name in names:
        if name in out:
            continue
        status = members[name].get('status')
        if status != 'planned' or members[name].get('plan') is None:
            problems.append('%s is %s in this run' % (name, status or 'without a plan'))
    plans = dict((n, normalize_plan(members[n]['plan'])) for n in names
                 if n not in out and members[n].get('status') == 'planned'
                 and members[n].get('plan') is not None)
    differences = []
    for key, label in COMPARED:
        groups = {}
        for name in sorted(plans):
            groups.setdefault(repr(plans[name][key]), (plans[name][key], []))[1].append(name)
        if len(groups) > 1:
            values = sorted(groups.values(), key=lambda g: g[1])
            differences.append({'setting': label, 'values': [
                {'value': value, 'hosts': hosts} for value, hosts in values]})
            problems.append('%s differs: %s' % (label, '; '.join(
                '%s -> %s' % (', '.join(hosts), shown(value)) for value, hosts in values)))
    result['problems'] = problems
    result['differences'] = differences
    result['ok'] = not problems
    if problems:
        result['msg'] = (
            'cluster %s (%s): refused, nothing was written on any of its nodes: %s. Give every '
            'node the same inputs (group_vars for the cluster, not host_vars) and run them '
            'together; to go on with a node that is down, name it in connect_python_cluster_hosts_out'
            % (cluster, ', '.join(names), '; '.join(problems)))
    else:
        result['msg'] = 'cluster %s: %d node(s) with one end state%s' % (
            cluster, len(names) - len(out),
            (' (out: %s)' % ', '.join(out)) if out else '')
    return result


def rollout_failure(host, hosts, done, batch):
    """The message when HOST failed its restart or confirmation in a rolling run."""
    changed = [h for h in hosts if h in done]
    current = [h for h in batch if h not in done]
    untouched = [h for h in hosts if h not in done and h not in batch]
    return ('the rollout stopped at %s: changed and confirmed: %s; in the batch that stopped: %s; '
            'not reached (file unchanged, Connect not restarted): %s. Fix the failed node (its '
            'message is above) and rerun: the changed nodes are already done'
            % (host, ', '.join(changed) or 'none', ', '.join(current) or 'none',
               ', '.join(untouched) or 'none'))


def leaders(clusters, live):
    """The hosts that act once for their cluster (the first live node of each, by name) and every
    live independent server: ``clusters`` maps host to its connect_cluster (empty: none)."""
    if not isinstance(clusters, dict) or not isinstance(live, (list, tuple)):
        raise ClusterError('clusters must map host names to connect_cluster and live must be a '
                           'list of host names')
    first = {}
    out = []
    for host in sorted(live):
        name = clusters.get(host) or ''
        if not name:
            out.append(host)
        elif name not in first:
            first[name] = host
            out.append(host)
    return sorted(out)
