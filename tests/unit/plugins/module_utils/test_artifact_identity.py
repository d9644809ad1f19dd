# -*- coding: utf-8 -*-
"""What an artifact is (issue 41): the inputs that change the installed files, a fingerprint that
changes with each, and a mismatch that names what differs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_identity import (
    fingerprint,
    identity,
    mismatch,
)
from plan_helper import plan_of

BASE = dict(version='3.13.5', source_sha256='a' * 64, prefix='/opt/Python/3.13.5',
            configure_args=['--enable-optimizations', '--with-lto'], recipe=['static-interpreter'],
            openssl='')


def manifest_of(**changes):
    ident = identity(**dict(BASE, **changes))
    return {'identity': ident, 'fingerprint': fingerprint(ident)}


@pytest.mark.parametrize('field, value, words', [
    ('prefix', '/srv/python/3.13.5', 'install prefix /srv/python/3.13.5 there, /opt/Python/3.13.5 here'),
    ('recipe', [], 'build recipe (none) there, [static-interpreter] here'),
    ('configure_args', ['--with-lto'], 'configure arguments [--with-lto] there'),
    ('openssl', '/opt/openssl', 'OpenSSL prefix /opt/openssl there, (none) here'),
    ('source_sha256', 'b' * 64, 'source sha256 %s there' % ('b' * 64)),
])
def test_each_input_changes_the_fingerprint_and_is_named(field, value, words):
    ours = identity(**BASE)
    theirs = manifest_of(**{field: value})
    assert theirs['fingerprint'] != fingerprint(ours)
    text = mismatch(theirs, ours, 'the artifact')
    assert text.startswith('the artifact was built from other inputs: ') and words in text
    assert mismatch(manifest_of(), ours) == ''


def test_a_manifest_without_identity_or_with_a_forged_fingerprint_does_not_match():
    ours = identity(**BASE)
    assert 'records no build identity' in mismatch({'sha256': 'f' * 64}, ours)
    forged = dict(manifest_of(prefix='/srv/python/3.13.5'), fingerprint=fingerprint(ours))
    assert 'install prefix /srv/python/3.13.5 there' in mismatch(forged, ours)


def test_the_plan_gives_each_root_and_recipe_its_own_fingerprint():
    def fp(root='/opt/Python', **kw):
        return plan_of(['3.13.5'], root, 'https://m', **kw)[0]['fingerprint']
    assert fp() == fp()
    assert len({fp(), fp('/srv/python'), fp(optimize=True), fp(configure_args=['--without-doc-strings']),
                fp(openssl_prefix='/opt/openssl')}) == 5
