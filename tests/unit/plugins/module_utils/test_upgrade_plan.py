# -*- coding: utf-8 -*-
"""upgrade.yml's plan (module_utils/connect/upgrade.py): what is installed, what is retired, which content
moves where - as Connect resolves it - and how a rerun continues where the last run stopped."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.lifecycle import (
    newest_patch,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.upgrade import (
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
    assert rebuild_queue(moves, {'a': ('1', None)}) == [{'guid': 'b', 'bundle_id': '2'}]
    assert rebuild_queue(moves, {'a': ('0', None)}) == moves[:2]


def test_the_same_item_moving_again_next_month_is_rebuilt_again():
    """The record is keyed by the move (issue 39, item 7): item, bundle and the release it moved
    to. An unchanged item that moves again to a newer release is queued again."""
    done = {'a': ('1', '3.13.15')}
    moves = [{'guid': 'a', 'bundle_id': '1', 'to': '3.13.15'}]
    assert rebuild_queue(moves, done) == []  # resuming this month's upgrade: done
    next_month = [{'guid': 'a', 'bundle_id': '1', 'to': '3.13.16'}]
    assert rebuild_queue(next_month, done) == next_month


# Issue 39, item 6: settings under which retiring cannot happen are refused at plan time.
def test_settings_that_cannot_retire_are_refused_naming_the_setting():
    plan = upgrade_plan(['3.13.5'], ['3.13.5'], None, exclusive=False)
    assert plan['refused'].startswith('connect_python_exclusive is false')
    assert '3.13.5 would stay configured' in plan['refused']
    given = upgrade_plan(['3.13.5'], ['3.13.5'], None, executables_given=True)
    assert given['refused'].startswith('connect_python_executables is set in the inventory')
    assert any(line.startswith('Refused: ') for line in given['lines'])
    # nothing to retire: nothing to refuse
    assert upgrade_plan([N313], [N313], None, exclusive=False)['refused'] is None
    assert upgrade_plan(['3.13.5'], ['3.13.5'], None)['refused'] is None


# Issue 39, item 8: the user's own entries survive; Executables outside the root are left alone.
def test_the_users_entries_keep_their_sums_and_formats():
    newer = '3.13.%d' % (int(N313.split('.')[2]) + 1)
    sha = 'a' * 64
    entries = [{'version': newer, 'sha256': sha}, {'version': '2.7', 'format': 'tgz'}, '3.11']
    plan = upgrade_plan(['3.13.5', '2.7.18'], ['3.13.5', '2.7.18'], None, entries=entries)
    # a release the site pinned with its sum is the newest it knows
    assert plan['install'] == [newer] and plan['retire'] == ['3.13.5']
    assert plan['register_entries'] == [{'version': '2.7.18', 'format': 'tgz'}, '3.13.5',
                                        {'version': newer, 'sha256': sha}]
    assert plan['final_entries'] == [{'version': '2.7.18', 'format': 'tgz'},
                                     {'version': newer, 'sha256': sha}]


def test_a_release_in_the_sites_checksums_is_the_newest_known():
    newer = '3.13.%d' % (int(N313.split('.')[2]) + 1)
    plan = upgrade_plan(['3.13.5'], ['3.13.5'], None,
                        checksums={newer: 'b' * 64, '3.13.99rc1': 'c' * 64})
    assert plan['install'] == [newer] and plan['final'] == [newer]
    assert plan['register_entries'] == ['3.13.5', newer]  # the sum stays in python_build_checksums


def test_executables_outside_the_root_are_left_alone_and_named():
    plan = upgrade_plan(['3.13.5'], ['3.13.5'], None,
                        outside=[{'path': '/usr/bin/python3.11', 'version': '3.11.2',
                                  'usable': True}])
    assert plan['install'] == [N313] and plan['retire'] == ['3.13.5']
    assert all(not v.startswith('3.11') for v in plan['register'])
    assert plan['outside'] == [{'path': '/usr/bin/python3.11', 'version': '3.11.2'}]
    assert ('Left alone: /usr/bin/python3.11 (3.11.2) is outside the install root; upgrade.yml '
            'neither installs nor retires it') in plan['lines']


def test_a_rerun_after_the_install_but_before_the_register_keeps_the_newest():
    """Interrupted after site.yml installed the newest patch but before it was registered: the
    rerun registers it (it used to plan a final set without any release of the series)."""
    plan = upgrade_plan(['3.13.5', N313], ['3.13.5'], None)
    assert plan['install'] == [] and plan['retire'] == ['3.13.5']
    assert plan['register'] == ['3.13.5', N313] and plan['final'] == [N313]
