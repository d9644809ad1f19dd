# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What an artifact is: everything that changes the files a build installs, and its fingerprint.

An artifact of CPython VERSION is only the same thing as a build here when every input of that
build is the same: the source (its sha256), the configure arguments (optimization flags, BOLT, the
site's extra arguments), the recipe (changes to the generated Makefile, such as the static
interpreter), the install prefix (rpath, ``_sysconfigdata`` and the scripts' ``#!`` lines point at
it: an artifact unpacked under another root breaks embedding through libpython) and the OpenSSL
prefix (rpath again). The builder records them and their fingerprint in the manifest; a host takes
an artifact only when the fingerprint is its own, and a mismatch names what differs.

Standard library only: it runs on managed hosts (python_build_artifact).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json

# The inputs, in the order a mismatch names them.
FIELDS = ('version', 'source_sha256', 'prefix', 'configure_args', 'recipe', 'openssl')
WORDS = {
    'version': 'version', 'source_sha256': 'source sha256', 'prefix': 'install prefix',
    'configure_args': 'configure arguments', 'recipe': 'build recipe', 'openssl': 'OpenSSL prefix',
}


def identity(version, source_sha256, prefix, configure_args, recipe, openssl):
    """The inputs of one build as a dict (lists as lists, absent values as '')."""
    return {'version': str(version), 'source_sha256': str(source_sha256 or ''),
            'prefix': str(prefix), 'configure_args': [str(a) for a in configure_args or []],
            'recipe': [str(r) for r in recipe or []], 'openssl': str(openssl or '')}


def fingerprint(ident):
    """``sha256:`` and the first 32 hex digits of the sha256 of ``ident`` as canonical JSON."""
    text = json.dumps(dict((k, ident.get(k)) for k in FIELDS), sort_keys=True,
                      separators=(',', ':'))
    return 'sha256:' + hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]


def mismatch(manifest, ident, where='the artifact'):
    """'' when ``manifest`` (a parsed manifest) is of the build ``ident`` describes; otherwise a
    sentence naming each input that differs, the artifact's value and this host's."""
    manifest = manifest if isinstance(manifest, dict) else {}
    recorded = manifest.get('identity') if isinstance(manifest.get('identity'), dict) else None
    if recorded is None:
        return ('%s records no build identity (published by an older release of the collection, '
                'before artifacts carried one): it cannot be told from a build of other inputs'
                % where)
    if manifest.get('fingerprint') == fingerprint(ident) and fingerprint(recorded) == \
            manifest.get('fingerprint'):
        return ''
    differs = []
    for field in FIELDS:
        theirs, ours = recorded.get(field), ident.get(field)
        if theirs != ours:
            differs.append('%s %s there, %s here' % (WORDS[field], _show(theirs), _show(ours)))
    if not differs:
        differs.append('its fingerprint %s does not match its own inputs'
                       % manifest.get('fingerprint'))
    return '%s was built from other inputs: %s' % (where, '; '.join(differs))


def _show(value):
    if isinstance(value, list):
        return '[%s]' % ' '.join(value) if value else '(none)'
    return value if value not in (None, '') else '(none)'
