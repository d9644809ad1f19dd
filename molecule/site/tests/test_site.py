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


def test_config_read_by_go_gcfg(host, tmp_path):
    # site.yml registered 3.11.2 and 3.13.5; retire.yml then removed 3.13.5.
    assert read_with_go_gcfg(host, tmp_path) == {
        'enabled': True, 'executables': ['/opt/Python/3.11.2/bin/python3'],
        'version_matching': 'major-minor'}


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
    assert out.stdout.split() == ['/opt/Python/3.11.2/bin/python3']
