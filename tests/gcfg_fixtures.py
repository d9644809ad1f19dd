# -*- coding: utf-8 -*-
"""The gcfg golden files: those under tests/fixtures/gcfg, plus the ones whose bytes (CRLF, a
BOM, invalid UTF-8) cannot live in the tree without tripping line-ending and encoding checks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

DIR = os.path.join(os.path.dirname(__file__), 'fixtures', 'gcfg')

GENERATED = {
    'crlf.gcfg': (b'[Server]\r\nAddress = http://localhost:3939\r\n\r\n[Python]\r\nEnabled = true\r\n'
                  b'Executable = /opt/Python/3.11.2/bin/python3\r\n'),
    'no_python.gcfg': (b'\xef\xbb\xbf[Server]\nAddress = http://localhost:3939\n\n[Database]\n'
                       b'Provider = sqlite'),
}
GENERATED_MALFORMED = {
    '02_bad_utf8.gcfg': b'[Python]\nExecutable = caf\xe9\n',
}


def _from_dir(sub, extra):
    path = os.path.join(DIR, *sub)
    found = {}
    for name in os.listdir(path):
        if name.endswith('.gcfg'):
            with open(os.path.join(path, name), 'rb') as f:
                found[name] = f.read()
    found.update(extra)
    return found


GOLDEN = _from_dir([], GENERATED)
MALFORMED = _from_dir(['malformed'], GENERATED_MALFORMED)
