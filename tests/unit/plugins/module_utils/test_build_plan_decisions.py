# -*- coding: utf-8 -*-
"""The python_build decision table: what happens to each version, given what the host has
(plain mode, artifact mode as builder and as installer, corrupt and missing artifacts,
installed, incomplete and broken prefixes)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    verified_artifacts,
)
from plan_helper import plan_of

SHA = 'a' * 64


def identity_of(root='/opt/Python', **flags):
    entry = plan_of(['3.11.2'], root, 'https://m', {'3.11.2': SHA}, **flags)[0]
    return {'identity': entry['identity'], 'fingerprint': entry['fingerprint']}


EXE = '/opt/Python/3.11.2/bin/python3'
GOOD = {'path': EXE, 'realpath': EXE + '.11', 'version': '3.11.2', 'usable': True, 'reasons': [],
        'build': 'plain'}
NO_TOOLS = dict(GOOD, usable=False, reasons=['module virtualenv is missing'])
MISSING = {'path': EXE, 'realpath': None, 'version': None, 'usable': False,
           'reasons': ['%s does not exist' % EXE]}
BROKEN = {'path': EXE, 'realpath': EXE, 'version': None, 'usable': False,
          'reasons': ['%s is not a working Python interpreter (exit 127: libpython missing)' % EXE]}
OTHER = dict(GOOD, version='3.11.9')
ITEM = {'version': '3.11.2', 'identity': identity_of()['identity']}  # a plan entry
ARTIFACT = {'item': ITEM, 'stat': {'exists': True, 'checksum': 'f' * 64}}
CORRUPT = {'item': ITEM, 'stat': {'exists': True, 'checksum': 'e' * 64}}
ABSENT = {'item': ITEM, 'stat': {'exists': False}}

MANIFEST = dict({'version': '3.11.2', 'sha256': 'f' * 64}, **identity_of())
# Published for another install prefix, or by a release that recorded no identity (issue 41)
OTHER_ROOT = dict(MANIFEST, **identity_of('/srv/python'))
NO_IDENTITY = {'version': '3.11.2', 'sha256': 'f' * 64}
OTHER_FLAGS = dict(MANIFEST, **identity_of(configure_args=['--without-doc-strings']))


def decide(probe, artifact_mode=False, builder=False, artifacts=(), manifests=()):
    state = {'probe': [probe], 'artifact_mode': artifact_mode, 'builder': builder,
             'artifacts': list(artifacts), 'manifests': list(manifests),
             'platform': 'debian-12-x86_64', 'artifact_dir': '/srv/artifacts'}
    entry = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state)[0]
    return entry['action'], entry['pack'], entry['tools']


@pytest.mark.parametrize('probe, mode, builder, artifacts, manifests, expected', [
    # plain mode
    (GOOD, False, False, [], [], ('none', False, False)),
    (NO_TOOLS, False, False, [], [], ('none', False, True)),
    (MISSING, False, False, [], [], ('compile', False, True)),
    (BROKEN, False, False, [], [], ('refuse', False, False)),
    (OTHER, False, False, [], [], ('refuse', False, False)),
    # artifact mode, the platform's builder
    (MISSING, True, True, [ABSENT], [], ('compile', True, True)),
    (MISSING, True, True, [CORRUPT], [MANIFEST], ('compile', True, True)),
    (MISSING, True, True, [ARTIFACT], [], ('compile', True, True)),          # unfinished: no manifest
    (MISSING, True, True, [ARTIFACT], [MANIFEST], ('install_artifact', False, False)),
    (GOOD, True, True, [ABSENT], [], ('none', True, False)),                 # publish what it has
    (GOOD, True, True, [ARTIFACT], [MANIFEST], ('none', False, False)),
    (BROKEN, True, True, [ABSENT], [], ('refuse', False, False)),
    # an artifact of other inputs is not this build's: the builder builds and republishes
    (MISSING, True, True, [ARTIFACT], [OTHER_ROOT], ('compile', True, True)),
    (MISSING, True, True, [ARTIFACT], [NO_IDENTITY], ('compile', True, True)),
    (MISSING, True, True, [ARTIFACT], [OTHER_FLAGS], ('compile', True, True)),
    (GOOD, True, True, [ARTIFACT], [OTHER_ROOT], ('none', True, False)),
    # artifact mode, another host of the platform
    (MISSING, True, False, [ARTIFACT], [MANIFEST], ('install_artifact', False, False)),
    (MISSING, True, False, [CORRUPT], [MANIFEST], ('install_artifact', False, False)),  # builder repacks first
    (MISSING, True, False, [ABSENT], [], ('install_artifact', False, False)),
    (GOOD, True, False, [ARTIFACT], [MANIFEST], ('none', False, False)),
    (NO_TOOLS, True, False, [ARTIFACT], [MANIFEST], ('none', False, True)),
    (OTHER, True, False, [ARTIFACT], [MANIFEST], ('refuse', False, False)),
])
def test_decision_table(probe, mode, builder, artifacts, manifests, expected):
    assert decide(probe, mode, builder, artifacts, manifests) == expected


def test_refusal_names_the_prefix_and_why():
    state = {'probe': [BROKEN]}
    entry = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state)[0]
    assert entry['reason'].startswith('/opt/Python/3.11.2 exists but is not a working Python 3.11.2')
    assert 'libpython missing' in entry['reason'] and 'move it aside by hand' in entry['reason']
    other = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA},
                    state={'probe': [OTHER]})[0]
    assert 'it reports 3.11.9' in other['reason']


def test_without_state_there_is_no_decision():
    entry = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA})[0]
    assert 'action' not in entry and 'artifact_published' not in entry


def test_artifact_paths_on_the_controller():
    state = {'probe': [MISSING], 'artifact_mode': True, 'builder': True,
             'platform': 'rocky-9-x86_64', 'artifact_dir': '/srv/a/'}
    entry = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state)[0]
    assert entry['artifact_published'] == '/srv/a/rocky-9-x86_64/cpython-3.11.2.tar.zst'
    assert entry['artifact_sha256'] == '/srv/a/rocky-9-x86_64/cpython-3.11.2.sha256'
    assert entry['artifact_manifest'] == '/srv/a/rocky-9-x86_64/cpython-3.11.2.json'


@pytest.mark.parametrize('platform', ['../x', 'a b', '', 'x;y'])
def test_platform_must_name_a_directory(platform):
    state = {'probe': [MISSING], 'artifact_mode': True, 'platform': platform,
             'artifact_dir': '/srv/a'}
    with pytest.raises(ValueError, match='platform'):
        plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state)


def test_verified_artifacts_needs_matching_manifest():
    assert verified_artifacts({'artifacts': [ARTIFACT], 'manifests': [MANIFEST]}) == ['3.11.2']
    assert verified_artifacts({'artifacts': [CORRUPT], 'manifests': [MANIFEST]}) == []
    assert verified_artifacts({'artifacts': [ABSENT], 'manifests': [MANIFEST]}) == []
    assert verified_artifacts({'artifacts': [ARTIFACT], 'manifests': ['junk', {}]}) == []


def test_an_artifact_of_other_flags_is_never_taken_for_the_one_asked():
    """A plain artifact on the controller is not a PGO + LTO one, nor is a PGO one (the previous
    default): the builder compiles (issue 20)."""
    for other in ('plain', 'pgo'):
        state = {'probe': [MISSING], 'artifact_mode': True, 'builder': True,
                 'artifacts': [{'item': {'version': '3.11.2', 'build': 'pgo+lto'},
                                'stat': {'exists': True, 'checksum': 'f' * 64}}],
                 'manifests': [dict(MANIFEST, build=other)], 'platform': 'debian-12-x86_64',
                 'artifact_dir': '/srv/artifacts'}
        entry = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state,
                        optimize=True)[0]
        assert (entry['action'], entry['pack']) == ('compile', True), other
        assert entry['artifact_published'] == (
            '/srv/artifacts/debian-12-x86_64/cpython-3.11.2-pgo-lto.tar.zst')
    # the PGO + LTO artifact of these inputs (a plan entry as the stat loop's item)
    pgo = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, optimize=True)[0]
    state['artifacts'][0]['item'] = pgo
    state['manifests'] = [dict(MANIFEST, build='pgo+lto', identity=pgo['identity'],
                               fingerprint=pgo['fingerprint'])]
    entry = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state,
                    optimize=True)[0]
    assert entry['action'] == 'install_artifact'


def test_an_installed_plain_build_is_kept_and_not_published_as_pgo():
    """Changing the default never rebuilds an installed prefix, nor packs it under other flags."""
    state = {'probe': [GOOD], 'artifact_mode': True, 'builder': True, 'artifacts': [ABSENT],
             'manifests': [], 'platform': 'debian-12-x86_64', 'artifact_dir': '/srv/artifacts'}
    entry = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state,
                    optimize=True)[0]
    assert (entry['action'], entry['pack'], entry['tools']) == ('none', False, False)
    assert 'installed as a plain build, and pgo+lto was asked for' in entry['note']


def test_a_damaged_manifest_counts_as_its_own_versions_damaged_artifact():
    """Issue 41, item 6: manifests arrive as the files' text (controller mode); one that is not
    JSON (an edit by hand, a partial sync) leaves the others verified and its own version
    unverified - its builder republishes it - instead of failing every version."""
    import json
    other = {'item': {'version': '3.13.5'}, 'stat': {'exists': True, 'checksum': 'c' * 64}}
    texts = [json.dumps(MANIFEST), '{"version": "3.13.5", "sha256": "cccc', '', '[1, 2']
    assert verified_artifacts({'artifacts': [ARTIFACT, other], 'manifests': texts}) == ['3.11.2']


@pytest.mark.parametrize('runtime, optimize, packs', [
    # today's optimized build links the interpreter statically (the static-interpreter recipe)
    ('shared', True, False),   # installed by an older release: libpython-linked, never packed
    ('static', True, True),
    ('static', False, False),  # a plain build runs on libpython: a static one is another recipe
    ('shared', False, True),
    (None, True, True),        # not known (no /proc): packed as before
])
def test_an_interpreter_of_another_recipe_is_never_packed_as_todays(runtime, optimize, packs):
    """Issue 41, item 4: packing an interpreter an older recipe installed recorded today's
    recipe; the probe's runtime (shared or static) says which recipe made it."""
    state = {'probe': [dict(GOOD, build='pgo+lto' if optimize else 'plain', runtime=runtime)],
             'artifact_mode': True, 'builder': True, 'artifacts': [], 'manifests': [],
             'platform': 'debian-12-x86_64', 'artifact_dir': '/srv/artifacts'}
    entry = plan_of(['3.11.2'], '/opt/Python', 'https://m', {'3.11.2': SHA}, state=state,
                    optimize=optimize)[0]
    assert entry['action'] == 'none' and entry['pack'] is packs, entry
    if not packs:
        assert 'installed by another build recipe' in entry['note']
        assert 'runs on a %s runtime' % runtime in entry['note']
