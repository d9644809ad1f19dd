# -*- coding: utf-8 -*-
"""What the cluster scenario left: restart windows that never overlap, the fleet view's drift and
its repair, and one [Python] end state on every node, read with Connect's own parser."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import html.parser
import json
import os
import subprocess

PROJECT = os.environ.get('MOLECULE_PROJECT_DIRECTORY', '.')
OUT = os.path.join(PROJECT, 'build', 'molecule-cluster')
ORACLE = os.path.join(PROJECT, 'build', 'gcfg-oracle')
NODES = ['connect-ops-cluster-node%d' % i for i in (1, 2, 3)]
GCFG = '/etc/rstudio-connect/rstudio-connect.gcfg'


def windows(name):
    """(stop, start) pairs of a node's stand-in, from its restart log."""
    with open(os.path.join(OUT, name)) as f:
        events = [line.split() for line in f if line.strip()]
    pairs = []
    for i, (what, when) in enumerate(events):
        if what == 'stop':
            assert i + 1 < len(events) and events[i + 1][0] == 'start', events
            pairs.append((float(when), float(events[i + 1][1])))
    return pairs


def overlaps(all_windows):
    spans = sorted((a, b, n) for n, ws in all_windows.items() for a, b in ws)
    return [(x, y) for x, y in zip(spans, spans[1:]) if y[0] < x[1]]


def test_converge_restarted_every_node_once_and_never_two_at_once():
    w = dict((n, windows('converge-%s.events' % n)) for n in NODES)
    assert all(len(ws) == 1 for ws in w.values()), w
    assert overlaps(w) == [], w
    print('converge restart windows (s): %s' % ', '.join(
        '%s %.2f' % (n[-5:], b - a) for n in NODES for a, b in w[n]))


def test_every_rolling_run_kept_the_nodes_apart():
    w = dict((n, windows('back-%s.events' % n)) for n in NODES)
    assert overlaps(w) == [], w
    assert sum(len(ws) for ws in w.values()) >= 4  # converge, the rollout, the repair


def fleet(kind):
    with open(os.path.join(OUT, kind, 'fleet.json')) as f:
        return json.load(f)


def test_an_executable_removed_by_hand_shows_as_drift_in_json_and_html():
    m = fleet('drift')
    assert m['summary']['clusters_with_drift'] == ['east-prod']
    row = next(r for r in m['hosts'] if r['host'] == NODES[2])
    assert row['cells']['3.11.2']['state'] == 'installed' and row['drift'] == ['Python 3.11.2']
    for r in m['hosts'][:2]:
        assert r['cells']['3.11.2']['state'] == 'accepted' and r['cells']['3.11.2']['items'] == 1

    class Text(html.parser.HTMLParser):
        text = []
        tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.text.append(data)

    parser = Text()
    with open(os.path.join(OUT, 'drift', 'fleet.html')) as f:
        parser.feed(f.read())
    text = ' '.join(parser.text)
    assert 'east-prod: Python 3.11.2: accepted on %s, %s; not configured on %s' % tuple(NODES) in text
    assert 'DRIFT' in text and not {'script', 'link', 'img'} & set(parser.tags)
    with open(os.path.join(OUT, 'drift', 'fleet.md')) as f:
        assert 'DRIFT: Python 3.11.2' in f.read()


def test_the_next_site_run_put_it_back():
    m = fleet('after')
    assert m['summary']['clusters_with_drift'] == []
    assert all(r['cells']['3.11.2']['state'] == 'accepted' for r in m['hosts'])


def test_one_end_state_on_every_node(host, tmp_path):
    local = tmp_path / 'rstudio-connect.gcfg'
    local.write_bytes(host.file(GCFG).content)
    proc = subprocess.run([ORACLE, str(local)], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == {
        'enabled': True, 'executables': ['/opt/Python/3.11.2/bin/python3'],
        'version_matching': 'major-minor'}
