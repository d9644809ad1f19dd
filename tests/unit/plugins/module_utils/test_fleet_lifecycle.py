# -*- coding: utf-8 -*-
"""The fleet view shows each version's lifecycle: a patch behind, or an end-of-life series, is
visible at a glance in the summary, fleet.json, fleet.md and fleet.html."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.filter.connect_fleet import (
    connect_fleet,
    connect_fleet_render,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython import release_data


def host(*versions):
    exes = ['/opt/Python/%s/bin/python3' % v for v in versions]
    return {'reachable': True,
            'settings': {'enabled': True, 'version_matching': 'major-minor', 'executables': exes},
            'interpreters': [{'path': e, 'version': v, 'usable': True}
                             for e, v in zip(exes, versions)],
            'accepted': None, 'items': None}


@pytest.fixture
def matrix():
    return connect_fleet({'a': host('3.9.18', '3.11.7', '3.13.15'), 'b': host('3.11.7')},
                         today='2026-12-02')


def test_the_matrix_carries_each_versions_lifecycle(matrix):
    life = matrix['lifecycle']
    assert life['3.9.18']['eol'] and life['3.9.18']['status_text'] == 'end-of-life since 2025-10-31'
    assert life['3.11.7']['behind'] and life['3.11.7']['newer'] == '3.11.15'
    assert not life['3.13.15']['behind'] and not life['3.13.15']['eol']
    assert 'release data as of %s' % release_data.shipped().as_of in matrix['lifecycle_as_of']


def test_every_rendering_flags_it(matrix):
    summary = connect_fleet_render(matrix, 'summary')
    assert '3.9.18     end-of-life since 2025-10-31; 3.9.25 is known [EOL]' in summary
    assert '3.11.7     security fixes until 2027-10; 3.11.15 is known [BEHIND]' in summary
    assert '3.13.15    security fixes until 2029-10\n' in summary + '\n'
    md = connect_fleet_render(matrix, 'markdown')
    assert '| Host | Cluster | 3.9.18 EOL | 3.11.7 BEHIND | 3.13.15 | Drift |' in md
    assert '## Lifecycle' in md and 'release data as of' in md
    page = connect_fleet_render(matrix, 'html')
    assert '<th scope="col">Python 3.11.7 BEHIND</th>' in page
    assert '<th scope="col">Python 3.9.18 EOL</th>' in page
    assert '<h2>Lifecycle</h2>' in page


def test_a_bad_date_is_refused():
    with pytest.raises(AnsibleFilterError, match="today must be a date as YYYY-MM-DD, not '2 Dec'"):
        connect_fleet({'a': host('3.11.7')}, today='2 Dec')


def test_the_default_is_todays_date():
    assert 'lifecycle' in connect_fleet({'a': host('3.11.7')})


def test_the_python_lifecycle_filter():
    from ansible_collections.connect_ops.interpreters.plugins.filter.python_lifecycle import (
        FilterModule,
        python_lifecycle,
    )
    assert FilterModule().filters()['python_lifecycle'] is python_lifecycle
    found = python_lifecycle('3.11.7', today='2026-12-02')
    assert found['text'] == 'security fixes until 2027-10; 3.11.15 is known'
    assert 'release data as of %s' % release_data.shipped().as_of in found['as_of']
    with pytest.raises(AnsibleFilterError, match="python_lifecycle: '3.11' is not a CPython release"):
        python_lifecycle('3.11', today='2026-12-02')
    with pytest.raises(AnsibleFilterError, match='python_lifecycle: expected a CPython version'):
        python_lifecycle(3.11)
    with pytest.raises(AnsibleFilterError, match='today must be a date'):
        python_lifecycle('3.11.7', today='tomorrow')
