# -*- coding: utf-8 -*-
"""The connect_python role and retire.yml through ansible-playbook on this host (issue 9):
a 0600 file with credentials stays 0600, an empty run is refused before anything is touched,
and retire.yml restarts Connect (its handler) before the files go."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat
import sys

from local_inventory import local_inventory

HERE = os.path.dirname(__file__)
ROLE_PLAYBOOK = os.path.join(HERE, 'playbooks', 'connect_python_role.yml')
RETIRE = os.path.join(HERE, '..', '..', 'playbooks', 'retire.yml')
SECRET = ('[Database]\nProvider = postgres\nPassword = "s3cr3t; really"\n\n'
          '[Python]\nEnabled = true\n')


def extra(**values):
    return ['-e', json.dumps(values)]


def secret_file(tmp_path):
    path = tmp_path / 'rstudio-connect.gcfg'
    path.write_text(SECRET)
    os.chmod(str(path), 0o600)
    return path


def test_role_keeps_a_0600_file_with_credentials_0600(playbook, tmp_path, gcfg_oracle):
    path = secret_file(tmp_path)
    proc, result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[sys.executable],
        connect_python_service='connect-ops-no-such-service'))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert result['stats']['localhost']['changed'] >= 1
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    assert 'Password = "s3cr3t; really"\n' in path.read_text()
    assert gcfg_oracle.read(str(path))['executables'] == [sys.executable]


def test_role_with_nothing_to_register_touches_nothing(playbook, tmp_path):
    path = secret_file(tmp_path)
    path.write_text(SECRET + 'Executable = %s\n' % sys.executable)
    before = path.read_bytes()
    proc, result = playbook(ROLE_PLAYBOOK, *extra(connect_python_config_path=str(path)))
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert 'python_build_versions' in out and 'connect_python_executables' in out
    assert path.read_bytes() == before
    assert os.listdir(str(tmp_path)) == ['rstudio-connect.gcfg']  # no backup, no temp file


def task_names(result):
    """Task names in the order they ran, without the "ROLE : " prefix."""
    return [task['task']['name'].split(' : ', 1)[-1]
            for play in result['plays'] for task in play['tasks']]


def test_retire_restarts_before_deleting_files(playbook, tmp_path, fake_python_root):
    root, exes = fake_python_root(tmp_path, ['3.11.2', '3.12.4'])
    path = secret_file(tmp_path)
    path.write_text(SECRET + ''.join('Executable = %s\n' % e for e in exes))
    inventory = local_inventory(tmp_path)
    proc, result = playbook(RETIRE, '-i', inventory, *extra(
        retire_version='3.12.4', retire_root=root, retire_config_path=str(path),
        connect_python_service='connect-ops-no-such-service'))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    names = task_names(result)
    config = names.index("Remove the interpreter from Connect's configuration (refused when "
                         "required content would lose its match)")
    handler = names.index('Look for the Connect service')
    files = names.index("Remove the retired installation's files")
    assert config < handler < files, names
    # No Connect service here, so no restart: a running Connect may still use 3.12.4, and its
    # files stay until Connect was restarted (issue 24, item 10).
    assert os.path.exists(exes[1])
    assert path.read_text().count('Executable = ') == 1
    out = ' '.join(json.dumps(result).split())
    assert 'Connect was not restarted in this run' in out and 'run retire.yml again' in out
    # The operator restarted Connect and runs retire.yml again: nothing left to remove from the
    # file, so the files go.
    proc, result = playbook(RETIRE, '-i', inventory, *extra(
        retire_version='3.12.4', retire_root=root, retire_config_path=str(path),
        connect_python_service='connect-ops-no-such-service'))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert not os.path.exists(os.path.join(root, '3.12.4'))
    assert os.path.exists(exes[0])


def test_retire_refusal_keeps_config_and_files(playbook, tmp_path, fake_python_root):
    root, exes = fake_python_root(tmp_path, ['3.11.2', '3.12.4'])
    path = secret_file(tmp_path)
    path.write_text(SECRET + ''.join('Executable = %s\n' % e for e in exes))
    before = path.read_bytes()
    inventory = local_inventory(tmp_path)
    proc, _result = playbook(RETIRE, '-i', inventory, *extra(
        retire_version='3.12.4', retire_root=root, retire_config_path=str(path),
        retire_require_versions=['3.12.1']))
    assert proc.returncode != 0
    assert 'Unable to find a compatible version of Python for 3.12.1' in proc.stdout
    assert path.read_bytes() == before and os.path.exists(exes[1])


def test_retire_without_a_version_names_retire_version(playbook, tmp_path):
    inventory = local_inventory(tmp_path)
    proc, _result = playbook(RETIRE, '-i', inventory)
    assert proc.returncode != 0 and 'retire_version' in proc.stdout


def test_misspelt_variables_are_named_with_the_closest_known_one(playbook, tmp_path):
    path = secret_file(tmp_path)
    proc, _result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[sys.executable],
        connect_python_execuatbles=['/typo'], connect_python_service='connect-ops-no-such-service'),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    out = ' '.join((proc.stdout + proc.stderr).split())
    assert ('variable connect_python_execuatbles is not one the role knows - did you mean '
            'connect_python_executables?') in out


def test_a_missing_service_is_said_when_a_restart_was_due(playbook, tmp_path):
    path = secret_file(tmp_path)
    proc, _result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[sys.executable],
        connect_python_service='connect-ops-no-such-service'),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert 'no service connect-ops-no-such-service exists' in ' '.join(proc.stdout.split())


def test_a_series_keeps_the_installed_patch_releases_registered(playbook, tmp_path, gcfg_oracle,
                                                                fake_python_root):
    """A newer checksum table resolves "3.11" to 3.11.15: site.yml adds it next to the 3.11.7
    already installed and registered, and never drops 3.11.7 (only upgrade.yml retires)."""
    root, exes = fake_python_root(tmp_path, ['3.11.7', '3.11.15', '3.12.4'])
    path = secret_file(tmp_path)
    path.write_text(SECRET + 'Executable = %s\n' % exes[0])
    proc, result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_versions=['3.11'],
        connect_python_root=root, connect_python_service='connect-ops-no-such-service'))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    # the resolved release first, then the kept one; 3.12.4 (no series asked) is not registered
    assert gcfg_oracle.read(str(path))['executables'] == [exes[1], exes[0]]
    proc, result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_versions=['3.11.15'],
        connect_python_root=root, connect_python_service='connect-ops-no-such-service'))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    # an exact request behaves as before: exactly what was asked for
    assert gcfg_oracle.read(str(path))['executables'] == [exes[1]]
