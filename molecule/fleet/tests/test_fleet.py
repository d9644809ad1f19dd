# -*- coding: utf-8 -*-
"""Artifact mode: one compile on the platform's first host, verified installs on the others."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

LOGS = '/var/cache/connect-ops/python-build/logs'


def test_interpreter_works_without_ld_library_path(host):
    out = host.run('env -i /opt/Python/3.11.2/bin/python3 -c "import ssl, sqlite3, ctypes, lzma, '
                   'readline, uuid; import sys; print(sys.version.split()[0])"')
    assert out.rc == 0 and out.stdout.strip() == '3.11.2', out.stderr


def test_tools_present(host):
    assert host.run('/opt/Python/3.11.2/bin/python3 -m virtualenv --version').rc == 0
    assert host.run('/opt/Python/3.11.2/bin/python3 -m pip --version').rc == 0


def test_compiled_only_on_the_first_host(host):
    name = host.backend.get_hostname()
    built = host.file('%s/build-3.11.2.log' % LOGS).exists
    installed = host.file('%s/install-3.11.2.log' % LOGS).exists
    if name == 'connect-ops-fleet-1':
        assert built and not installed
    else:
        assert installed and not built
        assert not host.file('/var/cache/connect-ops/python-build/src/Python-3.11.2.tgz').exists


def test_manifest_on_the_controller():
    artifacts = os.path.join(os.environ['MOLECULE_EPHEMERAL_DIRECTORY'], 'artifacts')
    platforms = os.listdir(artifacts)
    assert len(platforms) == 1          # three hosts, one platform
    base = os.path.join(artifacts, platforms[0], 'cpython-3.11.2')
    with open(base + '.json') as f:
        manifest = json.load(f)
    assert manifest['version'] == '3.11.2' and manifest['platform'] == platforms[0]
    assert '--enable-shared' in manifest['configure_args'] and manifest['build_date']
    with open(base + '.sha256') as f:
        assert f.read().split()[0] == manifest['sha256']
    assert not [n for n in os.listdir(os.path.dirname(base)) if n.endswith('.part')]
