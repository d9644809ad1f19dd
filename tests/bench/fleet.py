"""How long the fleet view's aggregation takes for 1,000 hosts (report.yml's controller step).

  PYTHONPATH=build/collections python tests/bench/fleet.py [HOSTS]

1,000 hosts (300 in 100 three-node clusters, the rest independent), 8 versions each with three
interpreters found per host, an API key's accepted list and item counts, 1 % of the nodes with an
Executable removed by hand and 1 % not answering. Prints the median of 7 runs of the aggregation
(module_utils/fleet.fleet_matrix) and of each rendering; nothing is asserted.
"""
import json
import statistics
import sys
import time

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.fleet import fleet_matrix
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.fleet_render import (
    html_page,
    markdown,
)

VERSIONS = ['2.7.18', '3.8.18', '3.9.18', '3.10.13', '3.11.2', '3.12.8', '3.13.5', '3.14.0']


def fleet(count):
    hosts = {}
    for i in range(count):
        exes = ['/opt/Python/%s/bin/python3' % v for v in VERSIONS]
        configured = exes if i % 100 != 7 else exes[1:]  # an Executable removed by hand
        hosts['connect-%04d.example.com' % i] = {
            'cluster': ('c%02d' % (i // 3)) if i < 300 else None,
            'reachable': i % 100 != 42,
            'settings': {'enabled': True, 'version_matching': 'major-minor',
                         'executables': configured},
            'interpreters': [{'path': e, 'version': v, 'usable': True, 'reasons': []}
                             for e, v in zip(exes, VERSIONS)]
            + [{'path': '/usr/bin/python3', 'version': '3.11.2', 'usable': False,
                'reasons': ['virtualenv is missing']}],
            'accepted': VERSIONS, 'items': dict((e, i % 13) for e in configured),
        }
    return hosts


def median_seconds(func, *args):
    times = []
    for run in range(7):  # pylint: disable=unused-variable
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    hosts = fleet(count)
    matrix = fleet_matrix(hosts)
    print('fleet: %d hosts, %d versions, %d clusters (%d with drift)' % (
        count, len(matrix['versions']), len(matrix['clusters']),
        len(matrix['summary']['clusters_with_drift'])))
    print('fleet: aggregation %.3f s, fleet.json %.3f s, fleet.md %.3f s, fleet.html %.3f s '
          '(medians of 7)' % (median_seconds(fleet_matrix, hosts),
                              median_seconds(json.dumps, matrix),
                              median_seconds(markdown, matrix),
                              median_seconds(html_page, matrix)))


if __name__ == '__main__':
    main()
