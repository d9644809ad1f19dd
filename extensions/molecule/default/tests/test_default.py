# -*- coding: utf-8 -*-
"""testinfra checks of what python_build really built in the container."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import re

import pytest

LIBEV = {'debian': 'libev-dev', 'ubuntu': 'libev-dev', 'rocky': 'libev-devel',
         'redhat': 'libev-devel', 'almalinux': 'libev-devel', 'opensuse-leap': 'libev-devel',
         'sles': 'libev-devel'}
IMPORTS = 'ssl, sqlite3, ctypes, zlib, bz2, lzma, readline, uuid'


@pytest.fixture(scope='module')
def versions(host):
    return host.ansible.get_variables()['python_build_versions']


def prefix(version):
    return '/opt/Python/%s' % version


def run_ok(host, cmd):
    result = host.run(cmd)
    assert result.rc == 0, '%s failed (%d): %s %s' % (cmd, result.rc, result.stdout, result.stderr)
    return result.stdout.strip()


def test_two_versions_side_by_side(host, versions):
    installed = run_ok(host, 'ls /opt/Python').split()
    assert sorted(installed) == sorted(versions) and len(installed) >= 2, installed
    for v in versions:
        assert host.file(prefix(v)).is_directory


def test_version_in_empty_environment(host, versions):
    for v in versions:
        out = run_ok(host, 'env -i %s/bin/python3 --version' % prefix(v))
        assert out == 'Python %s' % v


def test_standard_modules_import_without_ld_library_path(host, versions):
    for v in versions:
        run_ok(host, 'env -i %s/bin/python3 -c "import %s"' % (prefix(v), IMPORTS))


def test_libpython_resolves_from_the_prefix(host, versions):
    for v in versions:
        series = '.'.join(v.split('.')[:2])
        ldd = run_ok(host, 'env -i ldd %s/bin/python3' % prefix(v))
        assert re.search(r'libpython%s\.so\.1\.0 => %s/lib/libpython%s\.so\.1\.0'
                         % (re.escape(series), re.escape(prefix(v)), re.escape(series)), ldd), ldd


def test_built_shared_with_ipv6(host, versions):
    for v in versions:
        cfg = run_ok(host, 'env -i %s/bin/python3 -c "import sysconfig; '
                     'print(sysconfig.get_config_var(\'CONFIG_ARGS\'))"' % prefix(v))
        assert '--enable-shared' in cfg and '--enable-ipv6' in cfg
        assert "--prefix=%s'" % prefix(v) in cfg or '--prefix=%s ' % prefix(v) in cfg
        assert run_ok(host, 'env -i %s/bin/python3 -c "import socket; print(socket.has_ipv6)"'
                      % prefix(v)) == 'True'


def test_pip_setuptools_virtualenv(host, versions):
    for v in versions:
        py = '%s/bin/python3' % prefix(v)
        assert run_ok(host, '%s -m pip --version' % py).startswith('pip ')
        st = run_ok(host, '%s -c "import setuptools; print(setuptools.__version__)"' % py)
        assert tuple(int(x) for x in st.split('.')[:2]) >= (40, 8), st
        run_ok(host, '%s -m virtualenv --version' % py)


def test_virtualenv_creates_a_working_environment(host, versions):
    # What Connect does for each deployed item.
    for v in versions:
        env = '/tmp/connect-ops-venv-%s' % v
        run_ok(host, 'rm -rf %s && %s/bin/python3 -m virtualenv -q %s' % (env, prefix(v), env))
        assert run_ok(host, '%s/bin/python -c "import sys; print(sys.version.split()[0])"'
                      % env) == v
        run_ok(host, 'rm -rf %s' % env)


def test_libev_development_package(host):
    distro = host.system_info.distribution
    assert host.package(LIBEV[distro]).is_installed


def test_ownership_and_modes(host, versions):
    root = host.file('/opt/Python')
    assert root.user == 'root' and root.group == 'root' and root.mode == 0o755
    for v in versions:
        p = host.file(prefix(v))
        assert p.user == 'root' and p.mode == 0o755
        assert host.file('%s/bin/python3' % prefix(v)).user == 'root'


def test_nothing_world_writable(host):
    out = run_ok(host, 'find /opt/Python ! -type l -perm -o+w')
    assert out == '', out


def test_no_build_leftovers(host):
    assert run_ok(host, 'ls -A /opt/Python | grep -c "^\\.staging" || true') == '0'
    assert not host.file('/var/cache/connect-ops/python-build/work').exists or \
        run_ok(host, 'ls -A /var/cache/connect-ops/python-build/work') == ''


def test_compiled_once_per_platform(host, versions):
    # Artifact mode: the platform's first host compiles, the others install the artifact. The
    # build scripts record their phases beside the log.
    logs = '/var/cache/connect-ops/python-build/logs'
    first = host.backend.get_hostname() == 'connect-ops-build-1'
    for v in versions:
        phases = host.file('%s/%s.log.phases' % (logs, v)).content_string.split()
        assert ('configure' in phases) is first, phases
        assert ('unpack-artifact' in phases) is not first, phases
        assert phases[-2:] == ['exit', '0'], phases
    if not first:
        assert run_ok(host, 'ls -A /var/cache/connect-ops/python-build/src') == ''


def test_artifacts_and_manifests_on_the_controller(versions):
    artifacts = os.environ.get('CONNECT_OPS_ARTIFACTS', '/tmp/connect-ops-molecule-artifacts')
    platforms = os.listdir(artifacts)
    assert len(platforms) == 1          # three hosts, one platform
    for v in versions:
        base = os.path.join(artifacts, platforms[0], 'cpython-%s' % v)
        with open(base + '.json') as f:
            manifest = json.load(f)
        assert manifest['version'] == v and manifest['platform'] == platforms[0]
        assert '--enable-shared' in manifest['configure_args'] and manifest['build_date']
        assert manifest['prefix'] == prefix(v)
        with open(base + '.sha256') as f:
            assert f.read().split()[0] == manifest['sha256']
        with open(base + '.tar.zst', 'rb') as f:
            assert hashlib.sha256(f.read()).hexdigest() == manifest['sha256']
    # No fetch directory (.STEM.HOST.part) or temporary file is left beside the artifacts.
    assert not [n for n in os.listdir(os.path.join(artifacts, platforms[0]))
                if n.startswith('.') or n.endswith('.part')]


def test_only_the_host_that_compiles_gets_a_compiler(host):
    """Artifact mode: the platform's builder compiles; the other hosts install the artifact with
    the runtime libraries and libev's development package only (issue 24, item 7)."""
    name = host.backend.get_hostname()
    distribution = host.system_info.distribution.lower()
    assert host.package(LIBEV.get(distribution, 'libev-dev')).is_installed
    if name == 'connect-ops-build-1':
        assert host.package('gcc').is_installed and host.package('make').is_installed
    else:
        assert not host.package('gcc').is_installed, '%s got a compiler' % name
        assert not host.exists('cc') and not host.exists('make'), '%s got a compiler' % name
