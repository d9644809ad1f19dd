"""One cluster, one end state: module_utils/connect/cluster.py."""
import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.cluster import (
    ClusterError,
    check_cluster,
    check_clusters,
    rollout_failure,
)

PY311 = '/opt/Python/3.11.2/bin/python3'
PY313 = '/opt/Python/3.13.5/bin/python3'


def plan(executables=(PY311, PY313), enabled=True, matching='major-minor',
         versions=('3.11.2', '3.13.5')):
    return {'executables': list(executables), 'enabled': enabled,
            'version_matching': matching, 'versions': list(versions)}


def members(**overrides):
    m = dict((n, {'cluster': 'east-prod', 'status': 'planned', 'plan': plan()})
             for n in ('node1', 'node2', 'node3'))
    m['solo'] = {'cluster': None, 'status': 'planned', 'plan': plan(versions=['3.12.8'])}
    m['west1'] = {'cluster': 'west', 'status': 'planned', 'plan': plan(executables=[PY311])}
    for name, value in overrides.items():
        m[name] = dict(m[name], **value)
    return m


def test_same_end_state_everywhere_is_ok():
    r = check_cluster('node2', members())
    assert r['ok'] and r['cluster'] == 'east-prod'
    assert r['hosts'] == ['node1', 'node2', 'node3']
    assert r['problems'] == []


def test_order_of_executables_does_not_matter():
    r = check_cluster('node1', members(node3={'plan': plan(executables=[PY313, PY311])}))
    assert r['ok']


def test_independent_server_is_never_held_back():
    r = check_cluster('solo', members(node1={'status': 'failed or unreachable', 'plan': None}))
    assert r['ok'] and r['cluster'] is None


def test_a_node_with_other_inputs_refuses_the_whole_cluster_naming_hosts_and_values():
    m = members(node3={'plan': plan(executables=[PY311], versions=['3.11.2'])})
    for host in ('node1', 'node2', 'node3'):
        r = check_cluster(host, m)
        assert not r['ok']
        settings = [d['setting'] for d in r['differences']]
        assert settings == ['Executable', 'Python versions installed']
        assert 'node1, node2 -> [%s, %s]' % (PY311, PY313) in r['msg']
        assert 'node3 -> [%s]' % PY311 in r['msg']
        assert 'nothing was written' in r['msg']
    # Another cluster is not held back by east-prod's difference.
    assert check_cluster('west1', m)['ok']


@pytest.mark.parametrize('key,value,label', [
    ('enabled', False, 'Enabled'),
    ('version_matching', 'exact', 'VersionMatching'),
])
def test_each_setting_is_compared(key, value, label):
    p = plan()
    p[key] = value
    r = check_cluster('node1', members(node2={'plan': p}))
    assert not r['ok'] and r['differences'][0]['setting'] == label


def test_unreachable_node_stops_the_cluster_unless_named_out():
    m = members(node3={'status': 'failed or unreachable', 'plan': None})
    r = check_cluster('node1', m)
    assert not r['ok'] and 'node3 is failed or unreachable in this run' in r['msg']
    r = check_cluster('node1', m, hosts_out=['node3'])
    assert r['ok'] and r['out'] == ['node3'] and '(out: node3)' in r['msg']


def test_hosts_out_must_name_nodes_of_the_cluster():
    with pytest.raises(ClusterError, match='nodo3, not a node of any cluster'):
        check_cluster('node1', members(), hosts_out=['nodo3'])
    with pytest.raises(ClusterError, match='node1 is named in connect_python_cluster_hosts_out'):
        check_cluster('node1', members(), hosts_out=['node1'])


@pytest.mark.parametrize('name', ['east prod', '-x', 'a;rm -rf /', 5, 'x' * 64])
def test_bad_cluster_names_are_named(name):
    with pytest.raises(ClusterError, match='connect_cluster of node1 is'):
        check_cluster('node1', members(node1={'cluster': name}))


def test_rollout_failure_lists_changed_failed_and_untouched():
    msg = rollout_failure('node2', ['node1', 'node2', 'node3'], ['node1'], ['node2'])
    assert 'changed and confirmed: node1;' in msg
    assert 'in the batch that stopped: node2;' in msg
    assert 'not reached (file unchanged, Connect not restarted): node3.' in msg


def test_hosts_out_may_name_a_node_of_another_cluster():
    """Naming west1 out (cluster west) does not refuse east-prod: it used to, because the names
    were checked against the deciding host's cluster only."""
    m = members(west1={'status': 'failed or unreachable', 'plan': None})
    results = check_clusters(m, ['node1', 'west1', 'solo'], hosts_out=['west1'])
    assert results['node1']['ok'], results['node1']['msg']
    assert results['solo']['ok']
    assert results['west1']['error'] and 'being changed' in results['west1']['msg']


def test_every_host_is_decided_at_once_each_cluster_once():
    m = members(node3={'plan': plan(executables=[PY311])})
    results = check_clusters(m, sorted(m))
    assert sorted(results) == sorted(m)
    assert results['node1'] is results['node2'] is results['node3']
    assert not results['node1']['ok'] and results['west1']['ok'] and results['solo']['ok']
    for host in m:
        single = check_cluster(host, m)
        assert single == results[host]


def test_a_bad_cluster_name_refuses_only_its_host():
    m = members(solo={'cluster': 'east prod; rm -rf /'})
    results = check_clusters(m, sorted(m))
    assert results['solo']['error'] and "'east prod; rm -rf /'" in results['solo']['msg']
    assert results['node1']['ok'] and results['west1']['ok']


class CountingMembers(dict):
    reads = 0

    def __getitem__(self, key):
        CountingMembers.reads += 1
        return dict.__getitem__(self, key)


def test_deciding_a_large_fleet_reads_each_host_a_bounded_number_of_times():
    """Planning used to decide per host by reading every host (n^2 hostvars reads): 1,000 hosts
    meant a million. Now each member is read a few times, whatever the fleet's size."""
    n = 900
    m = CountingMembers()
    for i in range(n):
        dict.__setitem__(m, 'h%d' % i, {'cluster': 'c%d' % (i // 3), 'status': 'planned',
                                        'plan': plan()})
    CountingMembers.reads = 0
    results = check_clusters(m, sorted(m))
    assert all(r['ok'] for r in results.values())
    assert CountingMembers.reads <= 10 * n, CountingMembers.reads


def test_one_leader_per_cluster_and_every_independent_server():
    from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.cluster import leaders
    clusters = {'n3': 'east', 'n1': 'east', 'n2': 'east', 'w1': 'west', 'solo': '', 'other': None}
    assert leaders(clusters, ['n3', 'n2', 'n1', 'w1', 'solo', 'other']) == ['n1', 'other', 'solo', 'w1']
    # a node that failed is not live: the next one acts for its cluster
    assert leaders(clusters, ['n3', 'n2', 'w1']) == ['n2', 'w1']
