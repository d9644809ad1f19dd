# -*- coding: utf-8 -*-
"""What site.yml and retire.yml left on the Connect host, read with Connect's own parser."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess

GCFG = '/etc/rstudio-connect/rstudio-connect.gcfg'
ORACLE = os.path.join(os.environ.get('MOLECULE_PROJECT_DIRECTORY', '.'), 'build', 'gcfg-oracle')


def read_with_go_gcfg(host, tmp_path):
    local = tmp_path / 'rstudio-connect.gcfg'
    local.write_bytes(host.file(GCFG).content)
    proc = subprocess.run([ORACLE, str(local)], capture_output=True, text=True, check=False)
    return json.loads(proc.stdout)


PY27 = '/opt/Python/2.7.18/bin/python'


def test_config_read_by_go_gcfg(host, tmp_path):
    # site.yml registered 3.11.2, 3.13.5 and 2.7.18; retire.yml then removed 3.13.5.
    assert read_with_go_gcfg(host, tmp_path) == {
        'enabled': True, 'executables': ['/opt/Python/3.11.2/bin/python3', PY27],
        'version_matching': 'major-minor'}


def run_ok(host, cmd):
    result = host.run(cmd)
    assert result.rc == 0, '%s failed (%d): %s %s' % (cmd, result.rc, result.stdout, result.stderr)
    return result.stdout.strip()


# Python 2.7 for legacy content (issue 11), each check in an empty environment.
def test_python27_runs_and_uses_the_os_trust_store(host):
    assert run_ok(host, 'env -i %s -c "import sys; print(sys.version.split()[0])"' % PY27) == '2.7.18'
    out = run_ok(host, 'env -i %s -c "import ssl; c = ssl.create_default_context(); '
                       'print(\'%%d %%s %%s\' %% (c.cert_store_stats()[\'x509_ca\'], '
                       'c.check_hostname, c.verify_mode == ssl.CERT_REQUIRED))"' % PY27)
    count, hostname, required = out.split()
    assert int(count) > 0 and hostname == 'True' and required == 'True', out


def test_python27_has_pip_setuptools_virtualenv(host):
    assert run_ok(host, 'env -i %s -m pip --version' % PY27).startswith('pip ')
    version = run_ok(host, 'env -i %s -c "import setuptools; print(setuptools.__version__)"' % PY27)
    assert tuple(int(x) for x in version.split('.')[:2]) >= (40, 8), version
    run_ok(host, 'env -i %s -m virtualenv --version' % PY27)


def test_python27_virtualenv_imports_ssl(host):
    env = '/tmp/connect-ops-venv-27'
    run_ok(host, 'rm -rf %s && env -i %s -m virtualenv -q %s' % (env, PY27, env))
    assert run_ok(host, 'env -i %s/bin/python -c "import ssl, sys; print(sys.version_info[0])"'
                  % env) == '2'
    run_ok(host, 'rm -rf %s' % env)


def test_python27_https_to_the_package_index(host):
    # Through this machine's TLS-intercepting proxy, whose CA the image's trust store carries.
    out = run_ok(host, 'env -i %s -c "import urllib2; '
                       'r = urllib2.urlopen(\'https://pypi.org/simple/pip/\', timeout=30); '
                       'print(r.getcode())"' % PY27)
    assert out == '200'


def test_python27_refuses_a_wrong_host_name(host):
    # The certificate pypi.org presents (SNI pypi.org, so an intercepting proxy mints it for that
    # name) must not pass for another host name.
    out = host.run('env -i %s -c "import ssl, socket; '
                   'c = ssl.create_default_context(); '
                   's = c.wrap_socket(socket.create_connection((\'pypi.org\', 443), 30), '
                   'server_hostname=\'pypi.org\'); '
                   'ssl.match_hostname(s.getpeercert(), \'wrong.example\')"' % PY27)
    assert out.rc != 0 and "doesn't match" in out.stderr, out.stderr


def test_config_file_attributes(host):
    f = host.file(GCFG)
    assert f.user == 'root' and f.mode == 0o600  # created by the module: credentials go here


def test_backup_kept(host):
    backups = host.run('ls /etc/rstudio-connect/ | grep -c "rstudio-connect.gcfg\\..*~" || true')
    assert int(backups.stdout.strip()) >= 1


def test_retired_version_is_gone_and_the_other_works(host):
    assert not host.file('/opt/Python/3.13.5').exists
    out = host.run('env -i /opt/Python/3.11.2/bin/python3 --version')
    assert out.rc == 0 and out.stdout.strip() == 'Python 3.11.2'


def test_git_config_reads_the_same(host, tmp_path):
    local = tmp_path / 'c.gcfg'
    local.write_bytes(host.file(GCFG).content)
    out = subprocess.run(['git', 'config', '-f', str(local), '--get-all', 'python.executable'],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ['/opt/Python/3.11.2/bin/python3', PY27]
