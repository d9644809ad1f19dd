# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``connect_cluster_check`` and ``connect_rollout_failure`` filters: Connect clusters."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.cluster import (
    ClusterError,
    check_clusters,
    leaders,
    rollout_failure,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    filter_errors,
    require,
)


def members_from(hostvars, hosts, play_hosts_all, play_hosts, plan_var):
    members = {}
    live = set(play_hosts)
    in_play = set(play_hosts_all)
    for name in hosts:
        hv = hostvars[name]
        cluster = hv.get('connect_cluster') if isinstance(hv, Mapping) else None
        if name not in in_play:
            status = 'not in this run (--limit or the play\'s hosts)'
        elif name not in live:
            status = 'failed or unreachable'
        else:
            status = 'planned'
        plan = hv.get(plan_var) if status == 'planned' else None
        if status == 'planned' and plan is None:
            status = 'without a plan (not planned in this play or batch)'
        members[name] = {'cluster': cluster, 'status': status,
                         'plan': dict(plan) if isinstance(plan, Mapping) else None}
    return members


def connect_cluster_check(hostvars, hosts, play_hosts_all, play_hosts, hosts_out=None,
                          plan_var='connect_python_plan'):
    for what, value in (('hosts', hosts), ('play_hosts_all', play_hosts_all),
                        ('play_hosts', play_hosts)):
        require(isinstance(value, (list, tuple)), 'connect_cluster_check: %s must be a list of '
                'host names, not %r', what, value)
    require(hosts_out is None or isinstance(hosts_out, (list, tuple)),
            'connect_cluster_check: connect_python_cluster_hosts_out must be a list of host names, '
            'not %r', hosts_out)
    # the implicit localhost is in no group
    known = set(hosts)
    every = list(hosts) + [h for h in play_hosts_all if h not in known]
    with filter_errors(ClusterError, 'connect_cluster_check: %s'):
        members = members_from(hostvars, every, play_hosts_all, play_hosts, plan_var)
        return check_clusters(members, list(play_hosts_all), hosts_out or ())


def connect_rollout_failure(host, hosts, done, batch):
    for what, value in (('hosts', hosts), ('done', done), ('batch', batch)):
        require(isinstance(value, (list, tuple)), 'connect_rollout_failure: %s must be a list '
                'of host names, not %r', what, value)
    return rollout_failure(host, list(hosts), list(done), list(batch))


def connect_cluster_leaders(clusters, live):
    with filter_errors(ClusterError, 'connect_cluster_leaders: %s'):
        return leaders(dict(clusters) if isinstance(clusters, Mapping) else clusters,
                       list(live) if isinstance(live, (list, tuple)) else live)


class FilterModule(object):
    def filters(self):
        return {'connect_cluster_check': connect_cluster_check,
                'connect_cluster_leaders': connect_cluster_leaders,
                'connect_rollout_failure': connect_rollout_failure}
