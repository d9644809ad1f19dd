# -*- coding: utf-8 -*-
"""What the store scenario left: every host runs the 3.11.2 it installed from the store; the
store holds one complete artifact (archive, .sha256 and manifest that agree, no temporary
uploads); and no archive ever reached the controller."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import hashlib
import json
import os

testinfra_hosts = ['ansible://builders', 'ansible://targets']

STORE_DIR = os.environ.get('CONNECT_OPS_STORE_DIR', '/tmp/connect-ops-molecule-store')
PY = '/opt/Python/3.11.2/bin/python3'


def test_the_interpreter_runs_with_its_tools(host):
    result = host.run('env -i %s -c "import ssl, sqlite3, ctypes, setuptools; '
                      'import sys; print(sys.version.split()[0])"' % PY)
    assert result.rc == 0, result.stderr
    assert result.stdout.strip() == '3.11.2'
    for tool in ('pip', 'virtualenv'):
        assert host.run('env -i %s -m %s --version' % (PY, tool)).rc == 0, tool


def test_it_came_from_the_store(host):
    # the host fetched the archive into its own cache (the builder packed it there)
    cache = host.file('/var/cache/connect-ops/python-build/artifacts/cpython-3.11.2.tar.zst')
    assert cache.exists
    with open(store_file('.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    assert host.check_output('sha256sum %s' % cache.path).split()[0] == manifest['sha256']


def store_file(suffix):
    found = glob.glob(os.path.join(STORE_DIR, 'artifacts', '*', 'cpython-3.11.2' + suffix))
    assert len(found) == 1, found
    return found[0]


def test_the_store_holds_one_complete_artifact():
    platform_dir = os.path.dirname(store_file('.json'))
    assert sorted(os.listdir(platform_dir)) == [
        'cpython-3.11.2.json', 'cpython-3.11.2.sha256', 'cpython-3.11.2.tar.zst']
    with open(store_file('.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    digest = hashlib.sha256()
    with open(store_file('.tar.zst'), 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    assert manifest['sha256'] == digest.hexdigest()
    with open(store_file('.sha256'), encoding='utf-8') as f:
        assert f.read().split()[0] == manifest['sha256']
    assert manifest['version'] == '3.11.2' and manifest['build'] == 'plain'
    assert manifest['built_on'] == 'connect-ops-store-builder'


def test_no_archive_reached_the_controller():
    # python_build_artifact_dir is not set in the store plays: nothing under the scenario's state,
    # Ansible's local temporary directories or the project's build tree but the seed artifacts of
    # the default scenario (prepare.yml) and this scenario's own store.
    seeds = os.environ.get('CONNECT_OPS_ARTIFACTS', '/tmp/connect-ops-molecule-artifacts')
    roots = [os.environ.get('MOLECULE_EPHEMERAL_DIRECTORY', ''),
             os.path.expanduser('~/.ansible/tmp'),
             os.path.join(os.environ.get('MOLECULE_PROJECT_DIRECTORY', '.'), 'build')]
    found = []
    for root in filter(None, roots):
        for path, _dirs, files in os.walk(root):
            for name in files:
                full = os.path.join(path, name)
                if '.tar.zst' in name and not full.startswith((seeds, STORE_DIR)):
                    found.append(full)
    assert not found, found
