# -*- coding: utf-8 -*-
"""upgrade.yml in a cluster, as a simulation of its plays: no two nodes down together (the
registering and the retiring go through site.yml's rolling cluster play) and content rebuilt
once per cluster, only after its last node (a later play, on the cluster's leader only)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import yaml

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.cluster import leaders

PLAYBOOKS = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'playbooks')


def load(name):
    with open(os.path.join(PLAYBOOKS, name)) as f:
        return yaml.safe_load(f)


def test_the_plays_run_in_the_order_that_keeps_a_cluster_up():
    plays = load('upgrade.yml')
    kinds = ['site' if p.get('ansible.builtin.import_playbook') == 'site.yml' else p['name']
             for p in plays]
    assert kinds[1] == 'site' and kinds[3] == 'site' and len(kinds) == 5, kinds
    last = plays[-1]
    names = []
    for task in last['tasks']:
        for inner in task.get('block', [task]):
            names.append((inner['name'], inner.get('when', [])))
    acting = [n for n, when in names
              if any(k in str(n) for k in ('Rebuild the content', 'Free the runtime cache'))]
    assert len(acting) == 2
    for name, when in names:
        if name in acting:
            assert 'upgrade_leader | bool' in when, name
    assert 'connect_cluster_leaders(ansible_play_hosts)' in last['vars']['upgrade_leader']


def test_site_rolls_cluster_nodes_one_batch_at_a_time():
    cluster_play = [p for p in load('site.yml') if 'cluster nodes' in p.get('name', '')
                    and 'serial' in p][0]
    assert cluster_play['serial'] == '{{ connect_cluster_batch | default(1) }}'
    assert cluster_play['any_errors_fatal'] is True


def simulate(nodes, fail_at=None):
    """The events of one upgrade over a cluster, play by play as upgrade.yml runs them (linear
    strategy; the cluster play of site.yml is serial 1 with any_errors_fatal)."""
    events, live = [], list(nodes)
    for phase in ('register', 'retire'):
        for node in nodes:  # serial: 1
            events.append(('down', node))
            if (phase, node) == fail_at:
                return events, []  # any_errors_fatal: the rollout stops here
            events.append(('up', node))
    clusters = dict((n, 'east-prod') for n in nodes)
    for node in leaders(clusters, live):
        events.append(('rebuild', node))
    return events, leaders(clusters, live)


def test_no_two_nodes_down_together_and_one_rebuild_after_the_last_node():
    events, acting = simulate(['node1', 'node2', 'node3'])
    down = set()
    for kind, node in events:
        if kind == 'down':
            assert not down, 'two nodes down together: %s and %s' % (down, node)
            down.add(node)
        elif kind == 'up':
            down.discard(node)
    rebuilds = [i for i, e in enumerate(events) if e[0] == 'rebuild']
    assert len(rebuilds) == 1 and acting == ['node1']
    last_up = max(i for i, e in enumerate(events) if e[0] == 'up')
    assert rebuilds[0] > last_up
    # a node failing stops the rollout before anything is rebuilt
    events, acting = simulate(['node1', 'node2', 'node3'], fail_at=('retire', 'node2'))
    assert not [e for e in events if e[0] == 'rebuild'] and acting == []
