# -*- coding: utf-8 -*-
"""The python_build decisions with a site's artifact store (python_build_artifact_url): what the
platform's builder and the other hosts do, given what the builder's inspection of the store
found, the upload mode and the pins; and the store settings' validation."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    PlanError,
)
from plan_helper import plan_of

SHA = 'a' * 64
PIN = 'b' * 64
EXE = '/opt/Python/3.11.2/bin/python3'
GOOD = {'path': EXE, 'realpath': EXE + '.11', 'version': '3.11.2', 'usable': True, 'reasons': [],
        'build': 'plain'}
MISSING = {'path': EXE, 'realpath': None, 'version': None, 'usable': False, 'reasons': []}
URL = 'https://store.example.com/python'
PLATFORM = 'debian-12-x86_64'


def inspected(status):
    return {'item': {'version': '3.11.2', 'build': 'plain'}, 'status': status}


def entry(probe, builder, store=(), upload='none', artifact_dir='', pins=None):
    state = {'probe': [probe], 'artifact_mode': True, 'builder': builder, 'store': list(store),
             'platform': PLATFORM, 'artifact_dir': artifact_dir}
    return plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state,
                   artifact_url=URL, artifact_upload=upload, artifact_pins=pins)[0]


def decide(*args, **kwargs):
    found = entry(*args, **kwargs)
    return found['action'], found['pack']


@pytest.mark.parametrize('probe, builder, status, upload, artifact_dir, expected', [
    # the builder: a verified artifact in the store is installed, not compiled
    (MISSING, True, 'present', 'put', '', ('install_artifact', False)),
    (MISSING, True, 'present', 'none', '', ('install_artifact', False)),
    # missing or damaged: compile, and publish where there is somewhere to publish to
    (MISSING, True, 'missing', 'put', '', ('compile', True)),
    (MISSING, True, 'damaged', 'put', '', ('compile', True)),
    (MISSING, True, 'missing', 'none', '/srv/artifacts', ('compile', True)),
    (MISSING, True, 'missing', 'none', '', ('compile', False)),
    # installed: republish what it has (a damaged store artifact is replaced without a build)
    (GOOD, True, 'damaged', 'put', '', ('none', True)),
    (GOOD, True, 'present', 'put', '', ('none', False)),
    # every other host installs from the store (the builder publishes first)
    (MISSING, False, None, 'put', '', ('install_artifact', False)),
    (MISSING, False, None, 'none', '', ('install_artifact', False)),
    (GOOD, False, None, 'put', '', ('none', False)),
])
def test_store_decisions(probe, builder, status, upload, artifact_dir, expected):
    store = [inspected(status)] if status else []
    assert decide(probe, builder, store, upload, artifact_dir) == expected


def test_each_entry_names_its_url_and_pin():
    found = entry(MISSING, False, pins={PLATFORM: {'3.11.2': PIN.upper()}})
    assert found['artifact_url'] == URL + '/' + PLATFORM + '/cpython-3.11.2.tar.zst'
    assert found['artifact_pin'] == PIN
    assert 'artifact_published' not in found  # no controller directory: no controller paths
    other = entry(MISSING, False, pins={'rocky-9-x86_64': {'3.11.2': PIN}})
    assert other['artifact_pin'] == ''


def test_a_pinned_version_is_never_compiled():
    found = entry(MISSING, True, [inspected('missing')], 'put',
                  pins={PLATFORM: {'3.11.2': PIN}})
    assert found['action'] == 'refuse' and not found['pack']
    assert PIN in found['reason'] and found['artifact_url'] in found['reason']
    # a pinned artifact the store has (the builder's inspection checked the pin) installs
    assert decide(MISSING, True, [inspected('present')], 'put',
                  pins={PLATFORM: {'3.11.2': PIN}}) == ('install_artifact', False)


@pytest.mark.parametrize('kwargs, needle', [
    ({'artifact_url': 'ftp://x/y'}, 'not an https://, http:// or file://'),
    ({'artifact_url': 'https://u:secret@x/y'}, 'carries credentials'),
    ({'artifact_upload': 'post', 'artifact_url': URL}, 'must be one of none, put'),
    ({'artifact_upload': 'put'}, 'needs python_build_artifact_url'),
    ({'artifact_pins': {PLATFORM: {'3.11.2': PIN}}}, 'needs python_build_artifact_url'),
    ({'artifact_url': URL, 'artifact_pins': {PLATFORM: {'3.11.2': 'abc'}}}, "'3.11.2'] is not a sha256"),
    ({'artifact_url': URL, 'artifact_pins': ['x']}, 'must be a mapping'),
])
def test_store_settings_are_checked_before_anything(kwargs, needle):
    with pytest.raises(PlanError) as err:
        plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, **kwargs)
    assert needle in str(err.value)
    assert 'secret' not in str(err.value)


@pytest.mark.parametrize('status', ['missing', 'damaged'])
def test_an_installed_pinned_version_is_never_packed_for_the_store(status):
    """Issue 41, item 3: a builder with a pinned version installed, while the store lacks it (or
    holds a damaged one), must not pack its own build and upload it: the pack has another sum, so
    every host's fetch would then fail on the pin and the store would hold a build nobody vetted.
    It is decided before anything is uploaded; the installed interpreter stays as it is."""
    found = entry(GOOD, True, [inspected(status)], 'put', pins={PLATFORM: {'3.11.2': PIN}})
    assert found['action'] == 'none' and found['pack'] is False
    assert 'pinned to sha256 %s' % PIN in found['note'] and 'not published' in found['note']
    # without a pin it is republished, as before
    assert decide(GOOD, True, [inspected(status)], 'put') == ('none', True)
