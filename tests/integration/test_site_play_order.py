# -*- coding: utf-8 -*-
"""site.yml restarts cluster nodes in inventory order, every run.

Its first play sorts the hosts with group_by, which adds each host to its group in the order the
results arrive: under load node2 could come first, and the rolling restart began there (the
cluster scenario failed that way in CI). Here the groups are made in reverse order on purpose,
and the later plays' own ``hosts:`` expressions, read from site.yml, run through ansible-playbook.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SITE = os.path.join(ROOT, 'playbooks', 'site.yml')
NODES = ['node1', 'node2', 'node3', 'node4']


def site_hosts_expressions():
    with open(SITE, encoding='utf-8') as f:
        plays = yaml.safe_load(f)
    return [(play['name'], play['hosts']) for play in plays if 'groups[' in str(play.get('hosts'))]


def test_the_cluster_and_independent_plays_take_their_hosts_in_inventory_order(tmp_path):
    expressions = site_hosts_expressions()
    assert len(expressions) == 2, expressions
    hosts = dict((n, {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable})
                 for n in NODES)
    (tmp_path / 'hosts.yml').write_text(json.dumps({'all': {'hosts': hosts}}))
    plays = [{
        'name': 'Make the groups in reverse order, as group_by may under load',
        'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
        'tasks': [{'ansible.builtin.add_host': {'name': '{{ item }}', 'groups': group}, 'loop': members}
                  for group, members in (('connect_ops_cluster_nodes', ['node3', 'node2', 'node1']),
                                         ('connect_ops_independent', ['node4']))],
    }]
    for name, expression in expressions:
        plays.append({'name': name, 'hosts': expression, 'gather_facts': False, 'serial': 1,
                      'tasks': [{'ansible.builtin.debug': {'msg': 'ORDER {{ inventory_hostname }}'}}]})
    (tmp_path / 'order.yml').write_text(yaml.safe_dump(plays))
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_STDOUT_CALLBACK='ansible.builtin.default',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    proc = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', str(tmp_path / 'hosts.yml'),
         str(tmp_path / 'order.yml')], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    order = [line.split('ORDER ')[1].strip('" ') for line in proc.stdout.splitlines() if '"msg": "ORDER ' in line]
    # The independent play comes first in site.yml, then the rolling restart, node1 first.
    assert order == ['node4', 'node1', 'node2', 'node3'], proc.stdout[-3000:]
