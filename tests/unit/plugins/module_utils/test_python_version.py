# -*- coding: utf-8 -*-
"""Unit tests of the version model and Connect's matching rules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    PythonVersion,
    VersionError,
    VersionRange,
    parse_request,
    parse_version,
    select,
    sort_versions,
    unsupported_reason,
)


def chosen(requested, candidates, mode='major-minor'):
    index = select(requested, candidates, mode)
    return None if index is None else candidates[index]


# The seeds' example table, row by row.
@pytest.mark.parametrize('mode, requested, server, used', [
    ('major-minor', '3.5.6', ['3.5.4', '3.5.6', '3.5.9'], '3.5.6'),   # chose exact match
    ('major-minor', '3.7.3', ['3.7.1', '3.7.5', '3.7.6'], '3.7.5'),   # lowest 3.7.X after 3.7.3
    ('major-minor', '3.6.10', ['3.6.4', '3.6.9', '3.7.2'], '3.6.9'),  # latest 3.6.X, all before
    ('exact', '3.5.6', ['3.5.6', '3.5.7'], '3.5.6'),                   # chose exact match
    ('exact', '3.5.6', ['3.5.4', '3.5.7'], None),                      # no match
])
def test_seed_table(mode, requested, server, used):
    assert chosen(requested, server, mode) == used


# The seeds' rule text, sentence by sentence.
def test_major_minor_flexible_patch_level_example():
    # "If content was deployed with Python 3.4.0 and RStudio Connect is configured with
    # Python 3.4.3, then Python 3.4.3 will be used"
    assert chosen('3.4.0', ['3.4.3']) == '3.4.3'


def test_major_minor_other_minor_fails():
    # "if RStudio Connect is configured with only Python 3.5.6 then the content will fail"
    assert chosen('3.4.0', ['3.5.6']) is None


def test_major_minor_rule_1_exact_wins_over_greater_and_latest():
    assert chosen('3.9.5', ['3.9.9', '3.9.6', '3.9.5']) == '3.9.5'


def test_major_minor_rule_2_least_greater():
    assert chosen('3.9.5', ['3.9.9', '3.9.7', '3.9.1']) == '3.9.7'


def test_major_minor_rule_3_latest_when_all_older():
    assert chosen('3.9.9', ['3.9.1', '3.9.8', '3.9.2']) == '3.9.8'


def test_major_minor_requires_same_major():
    assert chosen('2.7.18', ['3.7.18']) is None


def test_exact_does_not_fall_back():
    assert chosen('3.9.5', ['3.9.6', '3.9.4'], 'exact') is None
    assert chosen('3.9.5', ['3.9.6', '3.9.5'], 'exact') == '3.9.5'


@pytest.mark.parametrize('requested, server, used', [
    ('3.10.1', ['3.9.20', '3.10.0', '3.10.2'], '3.10.2'),     # 3.10 is not 3.1
    ('3.1.5', ['3.10.5', '3.1.4'], '3.1.4'),
    ('3.9.2', ['3.9.10', '3.9.3'], '3.9.3'),                   # 3.9.10 > 3.9.3 numerically
    ('3.9.11', ['3.9.10', '3.9.9', '3.9.2'], '3.9.10'),       # latest is 3.9.10, not 3.9.9
    ('3.13.0', ['3.13.0rc3', '3.13.1'], '3.13.1'),
    ('3.13.0rc2', ['3.13.0rc3', '3.13.0'], '3.13.0rc3'),      # rc3 < final
    ('3.13.1', ['3.13.0', '3.13.0rc3'], '3.13.0'),            # latest final beats rc
])
def test_numeric_ordering_traps(requested, server, used):
    assert chosen(requested, server) == used


def test_unsorted_candidates_and_duplicates_pick_first_in_order():
    server = ['3.8.10', '3.8.2', '3.8.10', '3.8.5']
    assert select('3.8.3', server) == 3
    assert select('3.8.10', server) == 0
    assert select('3.8.11', server) == 0


def test_empty_candidates():
    assert select('3.8.1', []) is None


@pytest.mark.parametrize('bad', ['3.8', '3', '', 'python3.8.1', '3.8.1.2', '3.8.x', '3.8.1-1',
                                 '3.8.1.post1', 'v3.8.1', '3.8.1c1', None, 3.8, ['3.8.1']])
def test_invalid_versions_name_the_value(bad):
    with pytest.raises(VersionError) as err:
        parse_version(bad)
    assert repr(bad) in str(err.value)


@pytest.mark.parametrize('parse', [parse_version, parse_request])
def test_a_yaml_float_gets_a_hint_to_quote_it(parse):
    with pytest.raises(VersionError) as err:
        parse(3.1)
    assert '3.1' in str(err.value) and 'quote it' in str(err.value)


@pytest.mark.parametrize('bad', ['3.8', 'latest', '3.x'])
def test_invalid_request_names_value_and_suggests_range(bad):
    with pytest.raises(VersionError, match='PEP 440'):
        select(bad, ['3.8.1'])


def test_invalid_candidate_names_value():
    with pytest.raises(VersionError, match="'3.8'"):
        select('3.8.1', ['3.8.2', '3.8'])


@pytest.mark.parametrize('mode', ['nearest', 'Major-Minor', 'minor', '', None])
def test_unknown_modes(mode):
    with pytest.raises(VersionError, match='unknown version matching mode'):
        select('3.8.1', ['3.8.1'], mode)


def test_ordering_and_sort():
    assert PythonVersion('3.10.0') > PythonVersion('3.9.0')
    assert PythonVersion('3.9.10') > PythonVersion('3.9.2')
    assert PythonVersion('3.13.0a1') < PythonVersion('3.13.0b1') < PythonVersion('3.13.0rc1')
    assert PythonVersion('3.13.0rc1') < PythonVersion('3.13.0')
    assert PythonVersion(' 3.11.2 ') == PythonVersion('3.11.2')
    assert sort_versions(['3.10.1', '3.9.12', '2.7.18', '3.9.2']) == ['2.7.18', '3.9.2', '3.9.12',
                                                                      '3.10.1']


@pytest.mark.parametrize('version, supported', [
    ('2.7.9', True), ('2.7.8', False), ('2.7.18', True), ('2.6.9', False),
    ('3.4.0', True), ('3.3.7', False), ('3.13.5', True), ('1.6.1', False), ('4.0.0', False),
    ('3.4.0rc1', False),
])
def test_minimum_supported(version, supported):
    if supported:
        assert unsupported_reason(version) is None
    else:
        assert version in unsupported_reason(version)


# PEP 440 ranges: newest installed version inside the range, in either mode.
@pytest.mark.parametrize('spec, server, used', [
    ('~=3.12.0', ['3.11.9', '3.12.1', '3.12.4', '3.13.0'], '3.12.4'),
    ('>=3.8', ['3.7.9', '3.8.1', '3.13.5'], '3.13.5'),
    ('>=3.8,<3.12', ['3.7.9', '3.11.2', '3.12.0', '3.13.5'], '3.11.2'),
    ('==3.11.*', ['3.11.2', '3.11.9', '3.12.0'], '3.11.9'),
    ('~=3.9', ['3.8.10', '3.9.1', '3.13.1'], '3.13.1'),
    ('>=3.13', ['3.12.4', '3.13.0rc3'], None),                 # pre-releases excluded
    ('>=3.13.0rc1', ['3.12.4', '3.13.0rc3'], '3.13.0rc3'),     # ...unless the range names one
    ('>=3.14', ['3.13.5'], None),
    ('!=3.12.1,>=3.12', ['3.12.1', '3.12.0'], '3.12.0'),
])
def test_ranges(spec, server, used):
    assert chosen(spec, server) == used
    assert chosen(spec, server, 'exact') == used


def test_range_without_packaging_gives_same_answer():
    rng = VersionRange('>=3.8,<3.12')
    for v in ['3.7.9', '3.8.0', '3.11.9', '3.12.0', '3.12.0rc1']:
        assert rng.contains(v, use_packaging=True) is rng.contains(v, use_packaging=False)


@pytest.mark.parametrize('bad', ['>=', '>=3.8,', '~=3', '>=three', '>=3.8.*', '=>3.8', ''])
def test_invalid_ranges(bad):
    with pytest.raises(VersionError) as err:
        parse_request(bad) if bad else VersionRange(bad)
    assert repr(bad.strip()) in str(err.value) or repr(bad) in str(err.value)
