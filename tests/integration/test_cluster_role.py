# -*- coding: utf-8 -*-
"""One cluster, one end state (issue 21) through ansible-playbook: three local "nodes" sharing
connect_cluster, each with its own config file. A run whose inputs differ per node, or with a node
failed or left out, writes nothing on any node of the cluster; an independent server goes on."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

HERE = os.path.dirname(__file__)
PLAYBOOK = os.path.join(HERE, 'playbooks', 'connect_python_cluster.yml')
SECRET = '[Database]\nProvider = postgres\nPassword = "s3cr3t"\n\n[Python]\nEnabled = true\n'
NODES = ('node1', 'node2', 'node3')


def inventory(tmp_path, exes, node_vars=None, solo=False):
    node_vars = node_vars or {}
    hosts = {}
    for name in NODES + (('solo',) if solo else ()):
        path = tmp_path / ('%s.gcfg' % name)
        path.write_text(SECRET)
        hosts[name] = dict({
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
            'connect_python_config_path': str(path),
            'connect_python_service': 'connect-ops-no-such-service',
            'connect_python_executables': exes,
        }, **node_vars.get(name, {}))
        if name != 'solo':
            hosts[name].setdefault('connect_cluster', 'east-prod')
    inv = tmp_path / 'hosts.json'
    inv.write_text(json.dumps({'connect': {'hosts': hosts}}))
    # The YAML inventory plugin reads JSON too.
    os.rename(str(inv), str(tmp_path / 'hosts.yml'))
    return str(tmp_path / 'hosts.yml')


def files(tmp_path):
    return dict((p.name, p.read_bytes()) for p in sorted(tmp_path.glob('*.gcfg*')))


def output(proc):
    return proc.stdout + proc.stderr


def test_same_inputs_are_written_on_every_node(playbook, tmp_path, fake_python_root, gcfg_oracle):
    root, exes = fake_python_root(tmp_path, ['3.11.2', '3.13.5'])
    proc, result = playbook(PLAYBOOK, '-i', inventory(tmp_path, exes))
    assert proc.returncode == 0, output(proc)[-4000:]
    for name in NODES:
        assert gcfg_oracle.read(str(tmp_path / ('%s.gcfg' % name)))['executables'] == exes


def test_inputs_that_differ_per_node_are_refused_before_anything_is_written(
        playbook, tmp_path, fake_python_root):
    root, exes = fake_python_root(tmp_path, ['3.11.2', '3.13.5'])
    inv = inventory(tmp_path, exes, {'node3': {'connect_python_executables': exes[:1]}},
                    solo=True)
    before = files(tmp_path)
    proc, result = playbook(PLAYBOOK, '-i', inv)
    assert proc.returncode != 0
    after = files(tmp_path)
    for name in NODES:
        assert after['%s.gcfg' % name] == before['%s.gcfg' % name], name
    assert after['solo.gcfg'] != before['solo.gcfg']  # the independent server went on
    out = output(proc)
    assert 'cluster east-prod (node1, node2, node3): refused' in out
    assert 'Executable differs: node1, node2 -> [%s, %s]; node3 -> [%s]' % (
        exes[0], exes[1], exes[0]) in out
    stats = result['stats']
    assert all(stats[n]['failures'] == 1 for n in NODES), stats


def test_a_failed_node_stops_its_cluster_unless_named_out(
        playbook, tmp_path, fake_python_root, gcfg_oracle):
    root, exes = fake_python_root(tmp_path, ['3.11.2'])
    inv = inventory(tmp_path, exes)
    (tmp_path / 'node3.gcfg').write_text('[Python\nEnabled = true\n')  # Connect cannot load it
    before = files(tmp_path)
    proc, result = playbook(PLAYBOOK, '-i', inv)
    assert proc.returncode != 0
    assert files(tmp_path) == before
    assert 'node3 is failed or unreachable in this run' in output(proc)

    proc, result = playbook(PLAYBOOK, '-i', inv, '-e',
                            json.dumps({'connect_python_cluster_hosts_out': ['node3']}))
    assert proc.returncode != 0  # node3 itself still fails, and nothing is written there
    assert (tmp_path / 'node3.gcfg').read_bytes() == before['node3.gcfg']
    for name in ('node1', 'node2'):
        assert gcfg_oracle.read(str(tmp_path / ('%s.gcfg' % name)))['executables'] == exes


def test_a_node_left_out_with_limit_stops_the_cluster(playbook, tmp_path, fake_python_root):
    root, exes = fake_python_root(tmp_path, ['3.11.2'])
    inv = inventory(tmp_path, exes)
    before = files(tmp_path)
    proc, result = playbook(PLAYBOOK, '-i', inv, '--limit', 'node1,node2')
    assert proc.returncode != 0
    assert files(tmp_path) == before
    assert 'node3 is not in this run' in output(proc)


SITE = os.path.join(HERE, '..', '..', 'playbooks', 'site.yml')


def test_a_bad_connect_cluster_batch_stops_site_before_anything_is_built(
        playbook, tmp_path, fake_python_root):
    root, exes = fake_python_root(tmp_path, ['3.11.2'])
    inv = inventory(tmp_path, exes)
    before = files(tmp_path)
    for bad in ('0', 'two', '150%'):
        proc, result = playbook(SITE, '-i', inv, '-e', json.dumps({
            'connect_cluster_batch': bad, 'python_build_versions': ['3.11.2'],
            'python_build_root': root, 'ansible_become': False}))
        assert proc.returncode != 0
        tasks = [t for p in result['plays'] for t in p['tasks']]
        msgs = [h.get('msg', '') for t in tasks for h in t['hosts'].values() if h.get('failed')]
        assert msgs and msgs[0].startswith(
            'connect_cluster_batch is "%s": use a number of nodes' % bad), msgs
        # the first task of the run failed: nothing of python_build ran
        assert [t['task']['name'] for t in tasks][-1].startswith('Check connect_cluster_batch')
    assert files(tmp_path) == before


def test_without_connect_cluster_batch_site_goes_past_the_check(playbook, tmp_path, fake_python_root):
    """Unset (the default, 1), the check passes and site.yml goes on: here to python_build, which
    refuses the version given (the check's message used to fail on the undefined variable)."""
    root, exes = fake_python_root(tmp_path, ['3.11.2'])
    inv = inventory(tmp_path, exes)
    proc, result = playbook(SITE, '-i', inv, '-e', json.dumps({
        'python_build_versions': ['not-a-version'], 'python_build_root': root,
        'ansible_become': False}))
    assert proc.returncode != 0
    tasks = [t for p in result['plays'] for t in p['tasks']]
    check = [t for t in tasks if t['task']['name'].startswith('Check connect_cluster_batch')]
    assert check and not any(h.get('failed') for h in check[0]['hosts'].values()), check
    msgs = [h.get('msg', '') for t in tasks for h in t['hosts'].values() if h.get('failed')]
    assert msgs and 'not-a-version' in msgs[0] and 'connect_cluster_batch' not in msgs[0], msgs
