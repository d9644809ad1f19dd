# -*- coding: utf-8 -*-
"""Unit tests of the python_match filter."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.filter.python_match import (
    FilterModule,
    python_match,
)


def test_registered():
    assert FilterModule().filters()['python_match'] is python_match


def test_issue_example_default_mode():
    assert python_match('3.7.3', ['3.7.1', '3.7.5', '3.7.6']) == '3.7.5'


def test_exact_mode():
    assert python_match('3.5.6', ['3.5.6', '3.5.7'], mode='exact') == '3.5.6'
    with pytest.raises(AnsibleFilterError) as err:
        python_match('3.5.6', ['3.5.4', '3.5.7'], mode='exact')
    msg = str(err.value)
    assert 'Unable to find a compatible version of Python' in msg
    assert '3.5.6' in msg and 'exact' in msg and '3.5.4, 3.5.7' in msg


def test_dict_candidates_return_the_dict():
    cands = [{'version': '3.11.2', 'path': '/opt/Python/3.11.2/bin/python3'},
             {'version': '3.11.9', 'path': '/opt/Python/3.11.9/bin/python3'}]
    assert python_match('3.11.4', cands) is cands[1]


def test_mixed_candidates():
    cands = ['3.10.1', {'version': '3.10.8', 'path': '/p'}]
    assert python_match('3.10.5', cands) == {'version': '3.10.8', 'path': '/p'}


def test_range_request():
    assert python_match('~=3.12.0', ['3.11.9', '3.12.1', '3.12.4']) == '3.12.4'


def test_no_match_names_everything():
    with pytest.raises(AnsibleFilterError) as err:
        python_match('3.12.1', ['3.11.2', '3.13.5'])
    msg = str(err.value)
    assert 'Unable to find a compatible version of Python' in msg
    assert '3.12.1' in msg and 'major-minor' in msg and '3.11.2, 3.13.5' in msg


def test_empty_candidates():
    with pytest.raises(AnsibleFilterError, match='candidates: none'):
        python_match('3.12.1', [])


@pytest.mark.parametrize('mode', ['nearest', 'latest', ''])
def test_unknown_mode(mode):
    with pytest.raises(AnsibleFilterError) as err:
        python_match('3.12.1', ['3.12.1'], mode=mode)
    assert 'unknown version matching mode %r' % mode in str(err.value)
    assert '3.12.1' in str(err.value)


@pytest.mark.parametrize('requested, cands, bad', [
    ('3.12', ['3.12.1'], "'3.12'"),
    ('3.12.1', ['3.12.1', 'python3'], "'python3'"),
    ('3.12.1', [{'version': '3.x'}], "'3.x'"),
])
def test_bad_versions_are_named(requested, cands, bad):
    with pytest.raises(AnsibleFilterError) as err:
        python_match(requested, cands)
    assert bad in str(err.value)


@pytest.mark.parametrize('cands', ['3.12.1', {'version': '3.12.1'}, 42, None])
def test_candidates_must_be_a_list(cands):
    with pytest.raises(AnsibleFilterError, match='candidates must be a list'):
        python_match('3.12.1', cands)


@pytest.mark.parametrize('broken', [{'path': '/x'}, {'path': '/x', 'version': None},
                                    {'path': '/x', 'version': '3.12.1', 'usable': False}, None])
def test_candidates_without_version_or_not_usable_never_match(broken):
    good = {'path': '/y', 'version': '3.12.9', 'usable': True}
    assert python_match('3.12.1', [broken, good]) is good
    with pytest.raises(AnsibleFilterError) as err:
        python_match('3.12.1', [broken])
    assert 'Unable to find a compatible version of Python' in str(err.value)
    assert '1 more without a version or not usable' in str(err.value)
    assert python_match('3.12.1', [broken], strict=False) is None


@pytest.mark.parametrize('requested', [None, {'version': '3.12.1'}, ['3.12.1'], 3])
def test_bad_requests_name_value_and_expectation(requested):
    with pytest.raises(AnsibleFilterError) as err:
        python_match(requested, ['3.12.1'])
    assert repr(requested) in str(err.value) and 'expected a string' in str(err.value)


def test_a_yaml_float_gets_a_hint_to_quote_it():
    with pytest.raises(AnsibleFilterError, match='YAML reads 3.10 as 3.1; quote it'):
        python_match(3.1, ['3.1.5'])
    with pytest.raises(AnsibleFilterError, match='YAML reads 3.10 as 3.1; quote it'):
        python_match('3.10.2', [3.1])


def test_no_match_lists_at_most_20_candidates():
    many = ['3.11.%d' % i for i in range(25)]
    with pytest.raises(AnsibleFilterError) as err:
        python_match('3.12.1', many)
    msg = str(err.value)
    assert '3.11.19' in msg and '3.11.20' not in msg and 'and 5 more' in msg


@pytest.mark.parametrize('value, expected', [('false', None), ('no', None), (False, None),
                                             ('true', AnsibleFilterError), (1, AnsibleFilterError)])
def test_strict_is_read_as_a_boolean(value, expected):
    if expected is None:
        assert python_match('3.12.1', ['3.11.2'], strict=value) is None
    else:
        with pytest.raises(expected):
            python_match('3.12.1', ['3.11.2'], strict=value)


def test_strict_that_is_not_a_boolean_is_named():
    with pytest.raises(AnsibleFilterError, match="strict must be a boolean, got 'maybe'"):
        python_match('3.12.1', ['3.11.2'], strict='maybe')


def test_not_strict_returns_none_but_still_rejects_bad_input():
    assert python_match('3.12.1', ['3.11.2'], strict=False) is None
    with pytest.raises(AnsibleFilterError):
        python_match('3.12', ['3.11.2'], strict=False)
