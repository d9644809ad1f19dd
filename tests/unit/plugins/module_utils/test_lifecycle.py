# -*- coding: utf-8 -*-
"""Series requests and where each series stands (module_utils/cpython/lifecycle.py, build_plan)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython import (
    cpython_checksums,
    lifecycle,
    release_cycle,
    release_data,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    PlanError,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    parse_version,
)
from plan_helper import plan_of

URL = 'https://www.python.org/ftp/python'


def newest_by_hand(series, fmt=None):
    stable = [parse_version(v) for v, formats in cpython_checksums.CHECKSUMS.items()
              if (fmt is None or fmt in formats) and '%d.%d' % parse_version(v).series == series
              and not parse_version(v).is_prerelease]
    return str(max(stable))


@pytest.mark.parametrize('series', ['2.7', '3.4', '3.8', '3.9', '3.11', '3.12', '3.13', '3.14'])
def test_a_series_means_its_newest_stable_patch(series):
    plan = plan_of([series], '/opt/Python', URL)
    assert [e['version'] for e in plan] == [newest_by_hand(series)]
    assert plan[0]['requested'] == series
    assert plan[0]['label'] == '%s -> %s' % (series, newest_by_hand(series))
    assert plan[0]['sha256'] == cpython_checksums.CHECKSUMS[plan[0]['version']][
        'tar.xz' if plan[0]['file'].endswith('.tar.xz') else 'tgz']


def test_the_table_as_shipped():
    # 3.13.15 came from Debian (EXTRA, .tar.xz only); 3.13 as tgz is the newest pyenv knew.
    assert lifecycle.resolve_series('3.13') == '3.13.15'
    assert lifecycle.resolve_series('3.13', 'tgz') == '3.13.14'
    assert lifecycle.resolve_series('3.11') == '3.11.15'
    assert lifecycle.resolve_series('2.7') == '2.7.18'


def test_the_dict_form_takes_a_format():
    plan = plan_of([{'version': '3.13', 'format': 'tgz'}], '/opt/Python', URL)
    assert plan[0]['version'] == '3.13.14' and plan[0]['file'] == 'Python-3.13.14.tgz'
    assert plan[0]['sha256'] == cpython_checksums.CHECKSUMS['3.13.14']['tgz']


def test_a_series_never_picks_a_prerelease():
    assert any(parse_version(v).is_prerelease and v.startswith('3.15.')
               for v in cpython_checksums.CHECKSUMS)
    with pytest.raises(PlanError) as info:
        plan_of(['3.15'], '/opt/Python', URL)
    text = str(info.value)
    newest_pre = max((parse_version(v) for v in cpython_checksums.CHECKSUMS if v.startswith('3.15.')))
    assert 'series 3.15 has no stable release' in text and '"%s"' % newest_pre in text
    assert 'release data as of %s' % release_data.shipped().as_of in text


def test_an_unknown_series_is_refused_with_what_to_do():
    with pytest.raises(PlanError, match=r'series 3\.40 has no release the release data knows'):
        plan_of(['3.40'], '/opt/Python', URL)


def test_a_series_with_a_sum_is_refused():
    with pytest.raises(PlanError, match='a sha256 pins one release'):
        plan_of([{'version': '3.11', 'sha256': 'a' * 64}], '/opt/Python', URL)


def test_exact_versions_behave_as_before():
    plan = plan_of(['3.11.2'], '/opt/Python', URL, installed=['3.11.1'])
    assert [(e['version'], e['requested'], e['label'], e['kept']) for e in plan] == \
        [('3.11.2', '3.11.2', '3.11.2', False)]


def test_a_newer_table_keeps_the_installed_patches_of_a_series():
    installed = ['3.11.7', '3.11.2', '3.12.1', '3.11.15', '.staging-3.11.9', 'lost+found',
                 '3.11.16rc1']
    plan = plan_of(['3.11', '3.13.5'], '/opt/Python', URL, installed=installed)
    assert [(e['version'], e['kept']) for e in plan] == [
        ('3.11.15', False), ('3.13.5', False), ('3.11.2', True), ('3.11.7', True)]
    assert plan[2]['executable'] == '/opt/Python/3.11.2/bin/python3'
    assert plan[2]['requested'] == '3.11'
    # the same with the resolved patch not installed yet, and a duplicate request
    plan = plan_of(['3.11', '3.11'], '/opt/Python', URL, installed=['3.11.7'])
    assert [(e['version'], e['kept']) for e in plan] == [('3.11.15', False), ('3.11.7', True)]


@pytest.mark.parametrize('today, series, status, text', [
    ('2026-12-02', '3.9', 'end-of-life', 'end-of-life since 2025-10-31'),
    ('2026-12-02', '3.11', 'security', 'security fixes until 2027-10'),
    # 3.13's bugfix phase ended in 2026-10 (two years from 3.13.0, PEP 602)
    ('2026-12-02', '3.13', 'security', 'security fixes until 2029-10'),
    ('2026-10-31', '3.13', 'bugfix', 'bugfixes until 2026-10, security fixes until 2029-10'),
    ('2026-11-01', '3.13', 'security', 'security fixes until 2029-10'),
    ('2029-10-31', '3.13', 'security', 'security fixes until 2029-10'),
    ('2029-11-01', '3.13', 'end-of-life', 'end-of-life since 2029-10'),
    ('2026-12-02', '3.14', 'bugfix', 'bugfixes until 2027-10, security fixes until 2030-10'),
    # 3.12: eighteen months of bugfixes (PEP 602 before 3.13)
    ('2025-04-30', '3.12', 'bugfix', 'bugfixes until 2025-04, security fixes until 2028-10'),
    ('2025-05-01', '3.12', 'security', 'security fixes until 2028-10'),
    # 3.15.0 is out on its first release day (2026-10-01; PEP 790), without any 3.15 sum known
    ('2026-09-30', '3.15', 'prerelease', 'prerelease (first release 2026-10-01)'),
    ('2026-10-01', '3.15', 'bugfix', 'bugfixes until 2028-10, security fixes until 2031-10'),
    ('2026-12-02', '3.16', 'feature', 'feature (first release 2027-10-06)'),
    # python.org said "security until 2026-10" on the data's date; that month has passed
    ('2026-12-02', '3.10', 'end-of-life', 'end-of-life since 2026-10'),
    ('2026-10-31', '3.10', 'security', 'security fixes until 2026-10'),
    ('2026-12-02', '2.7', 'end-of-life', 'end-of-life since 2020-01-01'),
])
def test_series_status(today, series, status, text):
    found = lifecycle.series_status(series, today)
    assert (found['status'], found['text'], found['eol']) == (status, text, status == 'end-of-life')


def test_an_interpreter_behind_its_series():
    found = lifecycle.interpreter_lifecycle('3.11.7', '2026-12-02')
    assert found['newer'] == '3.11.15' and found['behind'] and not found['eol']
    assert found['text'] == 'security fixes until 2027-10; 3.11.15 is known'
    newest = lifecycle.interpreter_lifecycle('3.13.15', '2026-12-02')
    assert not newest['behind'] and newest['text'] == 'security fixes until 2029-10'
    old = lifecycle.interpreter_lifecycle('3.9.18', '2026-12-02')
    assert old['eol'] and old['newer'] == newest_by_hand('3.9')
    assert lifecycle.interpreter_lifecycle('not-a-version', '2026-12-02') is None


def test_both_sources_carry_their_dates():
    text = lifecycle.data_as_of()
    # the older of the two sources' dates: a row added later does not make the table current
    assert text == 'release data as of %s (shipped with the collection)' % min(
        release_cycle.AS_OF, cpython_checksums.AS_OF)
    for series, info in release_cycle.SERIES.items():
        assert parse_version(series + '.0').major in (2, 3)
        assert info['status'] in ('feature', 'prerelease', 'bugfix', 'security', 'end-of-life')
