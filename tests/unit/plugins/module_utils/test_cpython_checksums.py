# -*- coding: utf-8 -*-
"""The shipped table of python.org's CPython tarball sums, and how the plan uses it (issue 11)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    PlanError,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.cpython_checksums import (
    CHECKSUMS,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    parse_version,
    unsupported_reason,
)
from plan_helper import plan_of

# sha256 of Debian's .orig tarballs, byte-identical to python.org's (REFERENCE section 4): an
# independent check of the table.
DEBIAN_VERIFIED = {
    ('2.7.18', 'tgz'): 'da3080e3b488f648a3d7a4560ddee895284c3380b11d6de75edb986526b9a814',
    ('3.9.2', 'tar.xz'): '3c2034c54f811448f516668dce09d24008a0716c3a794dd8639b5388cbde247d',
    ('3.11.2', 'tgz'): '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
    ('3.13.5', 'tar.xz'): '93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640',
    ('3.13.15', 'tar.xz'): '1e66a7945a48390ee4c2a4268a0e4185884059a13c4aab6d148aa208deea4a76',
}
URL = 'https://mirror.example/python'


@pytest.mark.parametrize('row, sha', sorted(DEBIAN_VERIFIED.items()))
def test_debian_verified_rows_match(row, sha):
    version, fmt = row
    assert CHECKSUMS[version][fmt] == sha


def test_table_shape():
    assert len(CHECKSUMS) >= 187  # 186 versions up to 3.14.6 and 3.15.0b4, and 3.13.15
    for version, sums in CHECKSUMS.items():
        parse_version(version)
        assert unsupported_reason(version) is None, version  # nothing below 2.7.9 / 3.4.0
        assert set(sums) <= {'tar.xz', 'tgz'} and sums, version
        for sha in sums.values():
            assert re.match(r'^[0-9a-f]{64}$', sha)
    both = [v for v, sums in CHECKSUMS.items() if len(sums) == 2]
    assert len(both) == 186
    assert {'2.7.9', '3.4.0', '3.12.8', '3.14.6', '3.15.0b4'} <= set(CHECKSUMS)


@pytest.mark.parametrize('version', sorted(CHECKSUMS, key=lambda v: parse_version(v).key))
def test_every_row_plans_without_a_checksums_argument(version):
    entry = plan_of([version], '/opt/Python', URL)[0]
    fmt = 'tar.xz' if 'tar.xz' in CHECKSUMS[version] else 'tgz'
    assert entry['sha256'] == CHECKSUMS[version][fmt]
    assert entry['file'] == 'Python-%s.%s' % (version, fmt)
    assert entry['ensurepip'] is version.startswith('2.')


def test_user_checksums_take_precedence():
    entry = plan_of(['3.12.8'], '/opt/Python', URL, {'3.12.8': {'sha256': 'a' * 64,
                                                                'format': 'tgz'}})[0]
    assert entry['sha256'] == 'a' * 64 and entry['file'] == 'Python-3.12.8.tgz'


@pytest.mark.parametrize('fmt', ['tgz', 'tar.xz'])
def test_format_is_inferred_from_the_table(fmt):
    sha = CHECKSUMS['3.11.2'][fmt]
    for given in ({'version': '3.11.2', 'sha256': sha.upper()},):
        entry = plan_of([given], '/opt/Python', URL)[0]
        assert entry['file'] == 'Python-3.11.2.%s' % fmt
    entry = plan_of(['3.11.2'], '/opt/Python', URL, {'3.11.2': sha})[0]
    assert entry['file'] == 'Python-3.11.2.%s' % fmt


def test_unknown_version_defaults_to_tar_xz():
    entry = plan_of([{'version': '3.15.1', 'sha256': 'b' * 64}], '/opt/Python', URL)[0]
    assert entry['file'] == 'Python-3.15.1.tar.xz'


def test_unknown_version_without_checksum_names_the_variable_and_the_newest_known():
    with pytest.raises(PlanError) as err:
        plan_of(['3.15.1'], '/opt/Python', URL)
    assert 'set python_build_checksums["3.15.1"]' in str(err.value)
    assert 'up to 3.15.0b4' in str(err.value)
