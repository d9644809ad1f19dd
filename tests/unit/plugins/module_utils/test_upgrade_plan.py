# -*- coding: utf-8 -*-
"""upgrade.yml's plan (module_utils/upgrade.py): what is installed, what is retired, which content
moves where - as Connect resolves it - and how a rerun continues where the last run stopped."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.lifecycle import (
    newest_patch,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.upgrade import (
    UpgradeError,
    rebuild_queue,
    upgrade_plan,
)

N313 = newest_patch('3.13')
N311 = newest_patch('3.11')


def content(**by_version):
    out = {}
    for version, guids in by_version.items():
        version = version.replace('_', '.').lstrip('v')
        out[version] = {'count': len(guids), 'items': [
            {'guid': g, 'title': g.title(), 'bundle_id': 'b-' + g} for g in guids]}
    return out


def test_a_host_moves_to_the_newest_patch_and_its_content_with_it():
    plan = upgrade_plan(['3.13.5', '2.7.18'], ['3.13.5', '2.7.18'],
                        content(v3_13_5=['sales', 'nb'], v2_7_18=['legacy']))
    assert plan['install'] == [N313]
    assert plan['register'] == ['2.7.18', '3.13.5', N313]
    assert plan['final'] == ['2.7.18', N313] and plan['retire'] == ['3.13.5']
    assert [(m['guid'], m['bundle_id'], m['from'], m['to']) for m in plan['moves']] == [
        ('sales', 'b-sales', '3.13.5', N313), ('nb', 'b-nb', '3.13.5', N313)]
    assert plan['kept'] == {}


def test_content_on_an_older_unconfigured_patch_moves_too():
    # major-minor: 3.13.2 resolves to the least greater configured patch, 3.13.5 - which goes
    plan = upgrade_plan(['3.13.5'], ['3.13.5'], content(v3_13_2=['old']))
    assert [(m['guid'], m['from'], m['to']) for m in plan['moves']] == [('old', '3.13.5', N313)]


def test_under_exact_a_pinned_release_is_kept_and_named():
    plan = upgrade_plan(['3.13.5'], ['3.13.5'], content(v3_13_5=['sales'], v3_13_2=['gone']),
                        mode='exact')
    assert plan['retire'] == [] and list(plan['kept']) == ['3.13.5']
    assert [i['guid'] for i in plan['kept']['3.13.5']] == ['sales']
    assert plan['final'] == ['3.13.5', N313] and plan['moves'] == []
    assert any(line.startswith('Keep 3.13.5: VersionMatching is exact and 1 item(s) are pinned')
               for line in plan['lines'])


def test_under_exact_an_unpinned_release_is_retired():
    plan = upgrade_plan(['3.13.5'], ['3.13.5'], content(v3_13_2=['gone']), mode='exact')
    assert plan['retire'] == ['3.13.5'] and plan['moves'] == []


def test_a_rerun_after_the_executable_went_continues():
    # interrupted after the configuration step: 3.13.5 is gone from the file, its prefix is not
    plan = upgrade_plan(['3.13.5', N313], [N313], content(v3_13_5=['sales']))
    assert plan['install'] == [] and plan['retire'] == ['3.13.5']
    assert [(m['guid'], m['from'], m['to']) for m in plan['moves']] == [('sales', '3.13.5', N313)]
    # and once the prefix is gone, nothing is left to do
    done = upgrade_plan([N313], [N313], content(v3_13_5=['sales']))
    assert done['install'] == [] and done['retire'] == [] and done['moves'] == []
    assert done['lines'][-1].startswith('Nothing to do')


def test_series_limits_what_moves_and_unknown_series_are_refused():
    plan = upgrade_plan(['3.13.5', '3.11.2'], ['3.13.5', '3.11.2'], None, series=['3.11'])
    assert plan['install'] == [N311] and plan['retire'] == ['3.11.2']
    assert '3.13.5' in plan['final']
    with pytest.raises(UpgradeError, match="upgrade_series: '3' is not a series"):
        upgrade_plan(['3.13.5'], ['3.13.5'], None, series=['3'])
    with pytest.raises(UpgradeError, match='VersionMatching'):
        upgrade_plan(['3.13.5'], ['3.13.5'], None, mode='newest')


def test_without_content_the_plan_says_it_does_not_know():
    plan = upgrade_plan(['3.13.5'], ['3.13.5'], None)
    assert plan['moves'] == [] and not plan['content_known']
    assert any('no API key' in line for line in plan['lines'])


def test_installed_but_unconfigured_older_patches_are_retired_too():
    plan = upgrade_plan(['3.13.2', '3.13.5'], ['3.13.5'], None)
    assert plan['retire'] == ['3.13.2', '3.13.5'] and plan['final'] == [N313]


def test_a_host_already_on_the_newest_changes_nothing():
    plan = upgrade_plan([N313, '2.7.18'], [N313, '2.7.18'], content(v2_7_18=['legacy']))
    assert plan['install'] == plan['retire'] == plan['moves'] == []


def test_the_rebuild_queue_skips_what_was_rebuilt_with_the_same_bundle():
    moves = [{'guid': 'a', 'bundle_id': '1'}, {'guid': 'b', 'bundle_id': '2'},
             {'guid': 'a', 'bundle_id': '1'}, {'guid': 'c', 'bundle_id': None}]
    assert rebuild_queue(moves, {'a': '1'}) == [{'guid': 'b', 'bundle_id': '2'}]
    assert rebuild_queue(moves, {'a': '0'}) == moves[:2]
