# -*- coding: utf-8 -*-
"""testinfra checks of one compiled interpreter on the platform under test: it runs in an empty
environment, links the platform's own OpenSSL (and, in a plain build, its libpython) through the
rpath, imports what Connect's content needs, and carries pip, setuptools >= 40.8 and virtualenv.
With the role's default (MOLECULE_OPTIMIZE=true) the executable carries the runtime itself, and
libpython3.11.so stays for embedders: a C program embeds it, ctypes loads it, a C extension
module builds and imports in a virtualenv (issue 32, item 2)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest

VERSION = '3.11.2'
PREFIX = '/opt/Python/%s' % VERSION
PY = '%s/bin/python3' % PREFIX
LIBPYTHON = '%s/lib/libpython3.11.so.1.0' % PREFIX
OPTIMIZED = os.environ.get('MOLECULE_OPTIMIZE', 'false') == 'true'
FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'files')
# testinfra runs commands through a shell: quote dpkg-query's ${...} formats.
LIBEV = {'apt': "dpkg-query -W -f='${Status}' libev-dev", 'rpm': 'rpm -q libev-devel'}


def run_ok(host, cmd):
    result = host.run(cmd)
    assert result.rc == 0, '%s failed (%d): %s %s' % (cmd, result.rc, result.stdout, result.stderr)
    return result.stdout.strip()


@pytest.fixture(scope='module')
def facts(host):
    return host.ansible('setup', 'gather_subset=!all,!min,distribution,pkg_mgr')['ansible_facts']


def test_runs_in_an_empty_environment(host):
    assert run_ok(host, 'env -i %s --version' % PY) == 'Python %s' % VERSION


def copy_to(host, src, dest):
    result = host.ansible('ansible.builtin.copy', 'src=%s dest=%s mode=preserve' % (src, dest),
                          check=False)
    assert not result.get('failed'), result


def test_links_libpython_as_built_and_the_platforms_openssl(host):
    ldd = run_ok(host, 'ldd %s' % PY)
    assert 'not found' not in ldd, ldd
    if OPTIMIZED:
        # the runtime is linked into the executable: no libpython3.11.so at run time
        assert 'libpython' not in ldd, ldd
    else:
        assert '%s/lib/libpython3.11.so' % PREFIX in ldd, ldd
    ssl_ldd = run_ok(host, 'env -i %s -c "import _ssl; print(_ssl.__file__)"' % PY)
    libssl = [line for line in run_ok(host, 'ldd %s' % ssl_ldd).splitlines() if 'libssl' in line]
    assert libssl and libssl[0].split('=>')[1].strip().startswith(('/lib', '/usr/lib')), libssl


def test_openssl_is_the_one_the_distribution_ships(host, facts):
    built = run_ok(host, 'env -i %s -c "import ssl; print(ssl.OPENSSL_VERSION)"' % PY)
    system = run_ok(host, "dpkg-query -W -f='${Version}' libssl-dev"
                    if facts['ansible_pkg_mgr'] == 'apt' else "rpm -q --qf '%{VERSION}' openssl-devel")
    major_minor = '.'.join(system.split('.')[:2])
    assert built.startswith('OpenSSL %s' % major_minor), (built, system)
    expected = {'11': 'OpenSSL 1.1.1', '12': 'OpenSSL 3.0', '13': 'OpenSSL 3.'}
    if facts['ansible_distribution'] == 'Debian':
        assert built.startswith(expected[facts['ansible_distribution_major_version']]), built


def test_imports_what_content_needs_in_an_empty_environment(host):
    run_ok(host, 'env -i %s -c "import ssl, sqlite3, ctypes, zlib, bz2, lzma, readline, uuid"' % PY)


def test_pip_setuptools_virtualenv(host):
    # Separate processes: importing pip first makes setuptools' distutils shim refuse to load.
    run_ok(host, 'env -i %s -c "import pip, virtualenv"' % PY)
    setuptools = run_ok(host, 'env -i %s -c "import setuptools; print(setuptools.__version__)"' % PY)
    assert tuple(int(p) for p in setuptools.split('.')[:2]) >= (40, 8), setuptools


def test_a_virtualenv_works(host):
    host.run('rm -rf /tmp/platform-venv')
    run_ok(host, '%s -m virtualenv -q /tmp/platform-venv' % PY)
    assert run_ok(host, '/tmp/platform-venv/bin/python -c "import sys; print(sys.version.split()[0])"') \
        == VERSION


def test_libev_development_package_is_installed(host, facts):
    manager = 'apt' if facts['ansible_pkg_mgr'] == 'apt' else 'rpm'
    out = run_ok(host, LIBEV[manager])
    assert 'installed' in out or out.startswith('libev-devel'), out


def test_an_unprivileged_user_can_use_it_after_a_hardened_umask(host):
    """The role ran through sudo with umask 027 (prepare.yml); Connect runs content as
    rstudio-connect, not root, so every file under the prefix must be readable by others
    (issue 24, item 9)."""
    assert run_ok(host, 'cat /etc/sudoers.d/umask') == 'Defaults umask=0027'
    unreadable = run_ok(host, 'find /opt/Python/%s ! -perm -o+r ! -type l | head -n 5' % VERSION)
    assert unreadable == '', 'not readable by others: %s' % unreadable
    # setuptools first: its distutils hack refuses to load after pip has imported distutils
    out = run_ok(host, 'runuser -u nobody -- env -i %s -c "import setuptools, pip, virtualenv; '
                       'print(pip.__version__)"' % PY)
    assert out


def test_built_with_the_flags_asked_for(host):
    """With the role's default (MOLECULE_OPTIMIZE=true: make molecule-platforms on Debian 13) the
    interpreter is built with PGO and LTO - sysconfig's CONFIG_ARGS and PY_CFLAGS_NODIST show it,
    and the build log shows the training run and its exit code; otherwise it
    has the seeds' plain flags (issue 20)."""
    import os
    script = ('import sysconfig; print(sysconfig.get_config_var(\\"CONFIG_ARGS\\")); '
              'print(sysconfig.get_config_var(\\"PY_CFLAGS_NODIST\\"))')
    config_args, cflags = run_ok(host, 'env -i %s -c "%s"' % (PY, script)).splitlines()[:2]
    assert "'--enable-shared'" in config_args and "'--enable-ipv6'" in config_args
    if os.environ.get('MOLECULE_OPTIMIZE', 'false') == 'true':
        assert "'--enable-optimizations'" in config_args, config_args
        assert "'--with-lto'" in config_args, config_args
        assert '-fprofile-use' in cflags and '-flto' in cflags, cflags
        # trained through pgo-train.py under the job budget, and the training itself succeeded
        # (CPython's Makefile ignores a failed training run: "|| true")
        log = run_ok(host, 'cat /var/cache/connect-ops/python-build/logs/%s.log' % VERSION)
        assert 'pgo-train: ' in log and ' worker(s), ' in log, log[-3000:]
        assert re.search(r'pgo-train: training took \d+ s, exit code 0$', log, re.M), log[-3000:]
    else:
        assert '--enable-optimizations' not in config_args, config_args
        assert '-fprofile-use' not in cflags, cflags


def test_the_shared_library_stays_for_embedders(host):
    run_ok(host, 'test -f %s' % LIBPYTHON)
    shared = run_ok(host, 'env -i %s -c "import sysconfig; '
                          'print(sysconfig.get_config_var(\'Py_ENABLE_SHARED\'))"' % PY)
    assert shared == '1'


def test_a_c_program_embeds_it_through_python_config(host):
    copy_to(host, os.path.join(FILES, 'embed.c'), '/tmp/embed.c')
    config = '%s/bin/python3.11-config' % PREFIX
    run_ok(host, 'cd /tmp && gcc -o embed embed.c $(%s --cflags --embed) $(%s --ldflags --embed) '
                 '-Wl,-rpath,%s/lib' % (config, config, PREFIX))
    assert '%s/lib/libpython3.11.so.1.0' % PREFIX in run_ok(host, 'ldd /tmp/embed')
    out = run_ok(host, 'env -i PYTHONHOME=%s /tmp/embed' % PREFIX)
    assert out == 'embedded %s sqlite3' % VERSION, out


# Loads libpython3.11.so into another process with ctypes (its own symbols first), starts that
# runtime and runs Python code in it, as an embedder without python-config would.
CTYPES_EMBED = r"""
import ctypes, os, sys
lib = ctypes.CDLL(sys.argv[1], mode=os.RTLD_LOCAL | os.RTLD_DEEPBIND)
lib.Py_SetPythonHome.argtypes = [ctypes.c_wchar_p]
lib.Py_SetPythonHome(sys.argv[2])
lib.Py_InitializeEx(0)
code = b"import sys; f = open('/tmp/ctypes-embed.out', 'w'); f.write(sys.version.split()[0]); f.close()"
sys.exit(lib.PyRun_SimpleString(code))
"""


def test_ctypes_loads_the_shared_library_and_runs_python_code(host):
    host.run('rm -f /tmp/ctypes-embed.out /tmp/ctypes-embed.py')
    run_ok(host, "cat > /tmp/ctypes-embed.py <<'EOF'\n%s\nEOF" % CTYPES_EMBED)
    run_ok(host, 'env -i /usr/bin/python3 /tmp/ctypes-embed.py %s %s' % (LIBPYTHON, PREFIX))
    assert run_ok(host, 'cat /tmp/ctypes-embed.out') == VERSION


def test_a_c_extension_module_builds_and_imports_in_a_virtualenv(host):
    host.run('rm -rf /tmp/spam /tmp/spam-venv')
    copy_to(host, os.path.join(FILES, 'spam') + '/', '/tmp/spam/')
    run_ok(host, 'env -i %s -m virtualenv -q /tmp/spam-venv' % PY)
    run_ok(host, 'cd /tmp/spam && env -i PATH=/usr/bin:/bin /tmp/spam-venv/bin/python setup.py -q '
                 'build_ext --inplace')
    out = run_ok(host, 'cd /tmp/spam && env -i /tmp/spam-venv/bin/python -c "import spam; '
                       'print(spam.add(2, 3)); print(spam.interpreter()); print(spam.__file__)"')
    added, executable, built = out.splitlines()
    assert (added, executable) == ('5', '/tmp/spam-venv/bin/python'), out
    # extension modules do not link libpython (bpo-21536): one runtime per process
    assert 'libpython' not in run_ok(host, 'ldd %s' % built)
