"""The fleet view: module_utils/connect/fleet.py and fleet_render.py."""
import html.parser
import json

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.fleet import fleet_matrix
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.fleet_render import (
    html_page,
    markdown,
)

PY311 = '/opt/Python/3.11.2/bin/python3'
PY313 = '/opt/Python/3.13.5/bin/python3'


def host(cluster='east-prod', executables=(PY311, PY313), accepted=None, items=None,
         reachable=True, usable313=True):
    return {'cluster': cluster, 'reachable': reachable,
            'settings': {'enabled': True, 'version_matching': 'major-minor',
                         'executables': list(executables)},
            'interpreters': [
                {'path': PY311, 'version': '3.11.2', 'usable': True, 'reasons': []},
                {'path': PY313, 'version': '3.13.5', 'usable': usable313,
                 'reasons': [] if usable313 else ['virtualenv is missing']},
                {'path': '/usr/bin/python3', 'version': '3.11.2', 'usable': False,
                 'reasons': ['no virtualenv']}],
            'accepted': accepted, 'items': items}


def states(matrix, name):
    row = next(r for r in matrix['hosts'] if r['host'] == name)
    return dict((v, c['state']) for v, c in row['cells'].items())


def test_cells_reach_the_furthest_state():
    m = fleet_matrix({
        'a': host(accepted=['3.11.2'], items={PY311: 4}),
        'b': host(executables=[PY311], cluster=None),
        'c': host(usable313=False, cluster=None),
    })
    assert m['versions'] == ['3.11.2', '3.13.5']
    assert states(m, 'a') == {'3.11.2': 'accepted', '3.13.5': 'usable'}
    assert states(m, 'b') == {'3.11.2': 'usable', '3.13.5': 'installed'}
    assert states(m, 'c')['3.13.5'] == 'configured'
    a = next(r for r in m['hosts'] if r['host'] == 'a')
    assert a['cells']['3.11.2']['items'] == 4 and a['cells']['3.13.5']['items'] == 0
    b = next(r for r in m['hosts'] if r['host'] == 'b')
    assert b['cells']['3.11.2']['items'] is None  # no API key: no count


def test_versions_sort_as_versions():
    h = host(cluster=None)
    h['interpreters'].append({'path': '/opt/Python/3.9.18/bin/python3', 'version': '3.9.18',
                              'usable': True})
    h['interpreters'].append({'path': '/opt/Python/2.7.18/bin/python', 'version': '2.7.18',
                              'usable': True})
    assert fleet_matrix({'a': h})['versions'] == ['2.7.18', '3.9.18', '3.11.2', '3.13.5']


def test_an_executable_removed_by_hand_is_drift_in_its_cluster_only():
    m = fleet_matrix({'node1': host(), 'node2': host(), 'node3': host(executables=[PY311]),
                      'solo': host(cluster=None, executables=[PY311])})
    east = m['clusters'][0]
    assert east['name'] == 'east-prod'
    assert east['drift'] == [{'what': 'Python 3.13.5', 'values': [
        {'value': 'usable', 'hosts': ['node1', 'node2']},
        {'value': 'not configured', 'hosts': ['node3']}]}]
    assert m['summary']['clusters_with_drift'] == ['east-prod']
    node3 = next(r for r in m['hosts'] if r['host'] == 'node3')
    assert node3['drift'] == ['Python 3.13.5']
    assert next(r for r in m['hosts'] if r['host'] == 'solo')['drift'] == []


def test_a_node_that_did_not_answer_is_drift_and_unknown():
    m = fleet_matrix({'node1': host(), 'node2': host(reachable=False)})
    assert states(m, 'node2') == {'3.11.2': 'unknown', '3.13.5': 'unknown'}
    assert m['clusters'][0]['drift'][0] == {'what': 'reachable', 'values': [
        {'value': 'no report (unreachable or failed)', 'hosts': ['node2']}]}
    assert m['summary']['unreachable'] == ['node2']


def test_no_drift_when_nodes_agree():
    m = fleet_matrix({'node1': host(), 'node2': host()})
    assert m['clusters'][0]['drift'] == [] and m['summary']['clusters_with_drift'] == []
    json.dumps(m)  # fleet.json


class Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_escaped_and_not_colour_only():
    evil = '<script>alert(1)</script>'
    m = fleet_matrix({'node1': host(), 'node2': host(executables=[PY311]),
                      evil: host(cluster=None)})
    page = html_page(m)
    p = Collect()
    p.feed(page)
    assert 'script' not in p.tags and not {'link', 'img', 'iframe'} & set(p.tags)
    assert not [v for k, v in p.attrs if k in ('src', 'href')]
    text = ''.join(p.text)
    assert evil in text  # shown as text, escaped in the markup
    # Drift is written as a word and every state as a word, not only as a colour.
    assert 'DRIFT' in text and 'usable' in text and 'installed' in text


def test_markdown_has_one_row_per_host_and_the_drift():
    m = fleet_matrix({'node1': host(), 'node2': host(executables=[PY311])})
    md = markdown(m)
    rows = [line for line in md.splitlines() if line.startswith('| node')]
    assert len(rows) == 2 and 'DRIFT: Python 3.13.5' in rows[1]
    assert '- east-prod: Python 3.13.5: usable on node1; not configured on node2' in md


def test_an_interpreter_only_on_disk_is_not_drift():
    lean = host(executables=[PY311])
    lean['interpreters'] = lean['interpreters'][:1]  # 3.13.5 not even installed
    m = fleet_matrix({'node1': host(executables=[PY311]), 'node2': lean})
    assert states(m, 'node1')['3.13.5'] == 'installed' and states(m, 'node2')['3.13.5'] == 'missing'
    assert m['clusters'][0]['drift'] == []
