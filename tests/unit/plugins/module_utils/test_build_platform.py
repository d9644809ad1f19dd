# -*- coding: utf-8 -*-
"""Which hosts share an artifact: the platform key per distribution (issue 24, item 2)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_platform import (
    PlatformError,
    platform_key,
)
from plan_helper import plan_of

# (distribution, distribution_version, distribution_major_version, architecture) -> key, as
# ansible-core's distribution facts report them on each listed platform.
CASES = [
    (('Debian', '12.8', '12', 'x86_64'), 'debian-12-x86_64'),
    (('Debian', '11.11', '11', 'aarch64'), 'debian-11-aarch64'),
    (('Debian', '13.1', '13', 'x86_64'), 'debian-13-x86_64'),
    (('Ubuntu', '22.04', '22', 'x86_64'), 'ubuntu-22.04-x86_64'),
    (('Ubuntu', '22.10', '22', 'x86_64'), 'ubuntu-22.10-x86_64'),
    (('Ubuntu', '24.04', '24', 'x86_64'), 'ubuntu-24.04-x86_64'),
    (('Ubuntu', '24.10', '24', 'aarch64'), 'ubuntu-24.10-aarch64'),
    (('RedHat', '9.4', '9', 'x86_64'), 'redhat-9-x86_64'),
    (('Rocky', '8.10', '8', 'x86_64'), 'rocky-8-x86_64'),
    (('Rocky', '9.6', '9', 'aarch64'), 'rocky-9-aarch64'),
    (('AlmaLinux', '9.5', '9', 'x86_64'), 'almalinux-9-x86_64'),
    (('openSUSE Leap', '15.6', '15', 'x86_64'), 'opensuse-leap-15-x86_64'),
    (('SLES', '15.5', '15', 'x86_64'), 'sles-15-x86_64'),
    (('SLES_SAP', '15.4', '15', 'x86_64'), 'sles_sap-15-x86_64'),
    (('Fedora', '40', '40', 'x86_64'), 'fedora-40-x86_64'),
]


@pytest.mark.parametrize('facts,key', CASES, ids=[k for _f, k in CASES])
def test_platform_key(facts, key):
    assert platform_key(*facts) == key


def test_ubuntu_interim_and_lts_releases_never_share():
    keys = set(platform_key('Ubuntu', v, v.split('.', maxsplit=1)[0], 'x86_64')
               for v in ('22.04', '22.10', '24.04', '24.10'))
    assert len(keys) == 4


def test_every_key_names_one_directory():
    for facts, key in CASES:
        assert '/' not in key and ' ' not in key and key == key.lower()


@pytest.mark.parametrize('facts,fragment', [
    (('Debian', 'n/a', 'n/a', 'x86_64'), "reports no release"),
    ((None, '12', '12', 'x86_64'), "ansible_facts['distribution']"),
    (('Debian', '12', '12', ''), "architecture"),
    (('../..', '12', '12', 'x86_64'), 'names no distribution'),
])
def test_facts_that_name_no_platform_are_refused(facts, fragment):
    with pytest.raises(PlatformError) as exc:
        platform_key(*facts)
    assert fragment in str(exc.value)


def test_a_testing_release_uses_its_full_version():
    assert platform_key('Debian', 'trixie/sid', 'trixie/sid', 'x86_64') == \
        'debian-trixie-sid-x86_64'


def test_the_plan_accepts_every_listed_platform():
    """The role's plan takes the key as a directory name (an openSUSE Leap host used to be
    refused: 'opensuse leap-15-x86_64' cannot name a directory)."""
    from ansible_collections.connect_ops.interpreters.plugins.filter.python_build_platform import (
        python_build_platform,
    )
    for (dist, version, major, arch), key in CASES:
        platform = python_build_platform({'distribution': dist, 'distribution_version': version,
                                          'distribution_major_version': major,
                                          'architecture': arch})
        assert platform == key
        plan = plan_of(['3.11.2'], '/opt/Python', 'https://www.python.org/ftp/python',
                       state={'artifact_mode': True, 'platform': platform,
                              'artifact_dir': '/srv/artifacts', 'probe': []})
        assert plan[0]['artifact_published'] == '/srv/artifacts/%s/cpython-3.11.2.tar.zst' % key
