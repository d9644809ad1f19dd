# -*- coding: utf-8 -*-
"""The release data in use: a site's sums and data file count everywhere (series requests,
lifecycle, fleet view, upgrade plan), a damaged file is refused naming the entry, old data is
said (issue 40)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.filter.connect_fleet import connect_fleet
from ansible_collections.connect_ops.interpreters.plugins.filter.connect_upgrade_plan import (
    connect_upgrade_plan,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.python_build_plan import (
    python_build_plan,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.python_lifecycle import (
    python_lifecycle,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython import (
    cpython_checksums,
    lifecycle,
    release_data,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    PlanError,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.upgrade import upgrade_plan
from plan_helper import plan_of

URL = 'https://www.python.org/ftp/python'
SUM_3150 = 'a' * 64
SUM_3149 = 'c' * 64
TODAY = '2026-12-06'


def data_file(**changes):
    data = {'format': 1, 'as_of': '2026-12-01',
            'releases': {'3.15.1': {'tar.xz': 'd' * 64, 'tgz': 'e' * 64,
                                    'source': 'python.org downloads API, 2026-12-01'}},
            'series': {'3.13': {'first_release': '2024-10-07', 'bugfix_until': '2026-10',
                                'end_of_life': '2029-10'}}}
    data.update(changes)
    return data


def test_the_shipped_table_knows_no_stable_315():
    # the premise of the tests below: 3.15 is only a pre-release in the shipped table
    assert lifecycle.newest_patch('3.15') is None
    assert '3.15.0b4' in cpython_checksums.CHECKSUMS


# 1. The site's sums count everywhere
def test_a_series_request_resolves_to_a_release_the_site_added():
    plan = plan_of(['3.15'], '/opt/Python', URL, checksums={'3.15.0': SUM_3150})
    assert [(e['version'], e['sha256'], e['label']) for e in plan] == [
        ('3.15.0', SUM_3150, '3.15 -> 3.15.0')]
    newer = plan_of(['3.14'], '/opt/Python', URL, checksums={'3.14.9': {'sha256': SUM_3149}})
    assert newer[0]['version'] == '3.14.9'


def test_a_prerelease_the_site_added_is_never_picked_by_a_series():
    with pytest.raises(PlanError, match='pin one by its full version, such as "3.15.0rc2"'):
        plan_of(['3.15'], '/opt/Python', URL, checksums={'3.15.0rc2': 'f' * 64})


def test_lifecycle_fleet_and_upgrade_plan_know_the_sites_release():
    found = python_lifecycle('3.14.6', today=TODAY, checksums={'3.14.9': SUM_3149})
    assert found['behind'] and found['newer'] == '3.14.9'
    assert not python_lifecycle('3.14.6', today=TODAY)['behind']
    matrix = connect_fleet({'a': {'reachable': True, 'settings': {},
                                  'interpreters': [{'path': '/opt/Python/3.14.6/bin/python3',
                                                    'version': '3.14.6', 'configured': True}]}},
                           today=TODAY, checksums={'3.14.9': SUM_3149})
    assert matrix['lifecycle']['3.14.6']['newer'] == '3.14.9'
    plan = connect_upgrade_plan(['3.14.6'], ['3.14.6'], None, checksums={'3.14.9': SUM_3149},
                                today=TODAY)
    assert plan['install'] == ['3.14.9'] and plan['retire'] == ['3.14.6']


# 2. A data file merged over the shipped data
def test_a_data_file_adds_releases_and_dates():
    data = release_data.parse_data_file(json.dumps(data_file()), 'site.json')
    plan = python_build_plan(['3.15'], '/opt/Python', URL, release_data=data, today=TODAY)
    assert plan[0]['version'] == '3.15.1' and plan[0]['sha256'] == 'd' * 64
    assert plan[0]['stale'] == ''
    found = python_lifecycle('3.15.0', today=TODAY, release_data=data)
    assert found['newer'] == '3.15.1'
    assert found['as_of'] == "release data as of 2026-12-01 (the site's release data file)"
    up = upgrade_plan(['3.15.0'], ['3.15.0'], release_data=data, today=TODAY)
    assert up['install'] == ['3.15.1'] and up['stale'] == ''
    # the site's own sums go over the file's
    merged = release_data.merged({'3.15.1': 'b' * 64}, data)
    assert merged.checksums['3.15.1'] == {'tar.xz': 'b' * 64, 'tgz': 'e' * 64}


@pytest.mark.parametrize('text, entry, words', [
    ('{"format": 1, "as_of": ', 'site.json', 'not JSON'),
    (json.dumps(data_file(releases={'3.15.1': {'tar.xz': 'abc'}})), "release '3.15.1' tar.xz",
     "'abc' is not a sha256"),
    (json.dumps(data_file(releases={'3.15.1': {'zip': 'd' * 64}})), "release '3.15.1'",
     "unknown format 'zip'"),
    (json.dumps(data_file(releases={'3.15': {'tar.xz': 'd' * 64}})), "release '3.15'",
     'not a CPython version'),
    (json.dumps(data_file(series={'3.15': {'end_of_life': 'October'}})),
     "series '3.15' end_of_life", "got 'October'"),
    (json.dumps(data_file(as_of='yesterday')), 'as_of', "got 'yesterday'"),
    (json.dumps(data_file(format=2)), 'format', 'expected format 1, got 2'),
    (json.dumps(dict(data_file(), extra=1)), 'site.json', "unknown key(s) 'extra'"),
])
def test_a_damaged_file_is_refused_naming_the_file_and_the_entry(text, entry, words):
    with pytest.raises(release_data.ReleaseDataError) as info:
        release_data.parse_data_file(text, 'site.json')
    message = str(info.value)
    assert message.startswith('release data site.json')
    assert entry in message and words in message and 'nothing was changed' in message


def test_a_filter_checks_what_it_is_given_as_release_data():
    with pytest.raises(AnsibleFilterError, match="python_lifecycle: release data given to "
                       "python_lifecycle, release '3.15.1' tar.xz: 'x' is not a sha256"):
        python_lifecycle('3.15.0', today=TODAY,
                         release_data=data_file(releases={'3.15.1': {'tar.xz': 'x'}}))


# 4. Stale data is said
def test_old_data_is_said_with_its_date_and_what_refreshes_it():
    data = release_data.merged(None, data_file())
    assert release_data.stale_warning(data, '2027-03-01') == ''  # 90 days
    text = release_data.stale_warning(data, '2027-03-02')
    assert text.startswith("the release data in use is 91 days old (as of 2026-12-01, the site's "
                           "release data file)")
    assert 'python_build_release_data' in text and 'make release-data' in text


def test_the_shipped_data_is_stale_today_everywhere():
    as_of = release_data.shipped().as_of
    plan = plan_of(['3.13'], '/opt/Python', URL, today=TODAY)
    assert 'as of %s' % as_of in plan[0]['stale']
    assert plan_of(['3.13.5'], '/opt/Python', URL, today=TODAY)[0]['stale'] == ''
    up = upgrade_plan(['3.13.5'], ['3.13.5'], today=TODAY)
    assert up['stale'].startswith('the release data in use is')  # upgrade.yml shows it first
    assert python_lifecycle('3.13.5', today=TODAY)['stale']
    matrix = connect_fleet({'a': {'reachable': True, 'settings': {}, 'interpreters': []}},
                           today=TODAY)
    assert 'days old' in matrix['lifecycle_stale']
