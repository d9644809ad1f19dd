# -*- coding: utf-8 -*-
"""connect_python_config: check/diff mode, idempotence, backup, exclusive, absent,
require_versions and bad input, each result read back with Go's gcfg and git-config."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

import pytest

from module_warnings import warnings

from gcfg_fixtures import GOLDEN, MALFORMED


@pytest.fixture
def conf(tmp_path):
    def make(fixture='full.gcfg'):
        path = tmp_path / 'rstudio-connect.gcfg'
        path.write_bytes(GOLDEN[fixture])
        return path
    return make


def test_writes_and_is_idempotent(module, conf, real_python, gcfg_oracle, git_config):
    path = conf()
    before = path.read_bytes()
    res = module('connect_python_config', path=str(path), executables=[real_python],
                 version_matching='exact')
    assert res['changed'] is True, res
    assert gcfg_oracle.read(str(path)) == {'enabled': True, 'executables': [real_python],
                                           'version_matching': 'exact'}
    assert git_config(path, 'python.executable') == [real_python]
    assert git_config(path, 'ldap.Corporate LDAP.binddn') == ['cn=admin,dc=example,dc=com']
    # Everything outside the two edited lines and the added one is untouched.
    after = path.read_bytes()
    assert after.split(b'[Python]')[0] == before.split(b'[Python]')[0]
    assert after.split(b'[Applications]')[1] == before.split(b'[Applications]')[1]
    assert res['executables'] == [{'path': real_python, 'version': res['executables'][0]['version'],
                                   'usable': True, 'reasons': []}]
    again = module('connect_python_config', path=str(path), executables=[real_python],
                   version_matching='exact')
    assert again['changed'] is False
    assert path.read_bytes() == after


def test_check_mode_reports_diff_and_writes_nothing(module, conf, real_python):
    path = conf()
    before = path.read_bytes()
    res = module('connect_python_config', check=True, diff=True, path=str(path),
                 executables=[real_python])
    assert res['changed'] is True
    assert path.read_bytes() == before
    # only the [Python] section: the rest of the file holds credentials
    python_part = before.decode()[before.decode().index('[Python]'):]
    assert res['diff']['before'].startswith('[Python]')
    assert res['diff']['before'].strip() in python_part
    assert 'Executable = %s' % real_python in res['diff']['after']
    assert '/opt/Python/3.8.17' not in res['diff']['after']


def test_check_mode_on_absent_file_creates_nothing(module, tmp_path, real_python):
    path = tmp_path / 'etc' / 'rstudio-connect.gcfg'
    (tmp_path / 'etc').mkdir()
    res = module('connect_python_config', check=True, diff=True, path=str(path),
                 executables=[real_python])
    assert res['changed'] is True and not path.exists()
    assert res['diff']['after'] == '[Python]\nEnabled = true\nExecutable = %s\n' % real_python


def test_creates_file_with_mode(module, tmp_path, real_python, gcfg_oracle):
    path = tmp_path / 'rstudio-connect.gcfg'
    res = module('connect_python_config', path=str(path), executables=[real_python], mode='0640')
    assert res['changed'] is True
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o640
    assert gcfg_oracle.read(str(path))['executables'] == [real_python]


def test_create_false_fails_on_absent_file(module, tmp_path, real_python):
    res = module('connect_python_config', path=str(tmp_path / 'nope.gcfg'), create=False,
                 executables=[real_python])
    assert res['failed'] and 'does not exist and create=false' in res['msg']


def test_backup(module, conf, real_python):
    path = conf()
    before = path.read_bytes()
    res = module('connect_python_config', path=str(path), executables=[real_python], backup=True)
    assert res['changed'] and os.path.exists(res['backup_file'])
    with open(res['backup_file'], 'rb') as f:
        assert f.read() == before


def test_non_exclusive_keeps_existing(module, conf, fake_pythons, gcfg_oracle):
    path = conf()
    new = fake_pythons('3.11.2')
    res = module('connect_python_config', path=str(path), executables=[new], exclusive=False)
    assert res['changed']
    assert gcfg_oracle.read(str(path))['executables'] == [
        '/opt/Python/3.8.17/bin/python3', '/opt/Python/3.9.17/bin/python3', new]
    assert 'Executable = /opt/Python/3.9.17/bin/python3   ; kept for legacy content\n' \
        in path.read_text()
    assert any('/opt/Python/3.8.17/bin/python3 is not usable' in w for w in warnings(res))


def test_absent_removes_listed(module, conf, gcfg_oracle):
    path = conf()
    res = module('connect_python_config', path=str(path), state='absent', validate=False,
                 executables=['/opt/Python/3.8.17/bin/python3'])
    assert res['changed']
    assert gcfg_oracle.read(str(path))['executables'] == ['/opt/Python/3.9.17/bin/python3']
    again = module('connect_python_config', path=str(path), state='absent', validate=False,
                   executables=['/opt/Python/3.8.17/bin/python3'])
    assert again['changed'] is False


def test_enabled_false_and_equivalent_spellings(module, conf, gcfg_oracle):
    path = conf('lowercase.gcfg')   # has "enabled = yes"
    res = module('connect_python_config', path=str(path), validate=False)
    assert res['changed'] is False  # yes == true: nothing to rewrite
    res = module('connect_python_config', path=str(path), validate=False, enabled=False)
    assert res['changed'] and 'enabled = false\n' in path.read_text()
    assert gcfg_oracle.read(str(path))['enabled'] is False


def test_require_versions_resolution(module, conf, fake_pythons):
    path = conf('no_python.gcfg')
    exes = [fake_pythons(v) for v in ('3.11.2', '3.13.5', '3.13.15')]
    res = module('connect_python_config', path=str(path), executables=exes,
                 require_versions=['3.13.7', '3.13.20', '3.11.2', '>=3.11,<3.13'])
    assert res['changed'], res
    assert res['resolution'] == {'3.13.7': exes[2], '3.13.20': exes[2], '3.11.2': exes[0],
                                 '>=3.11,<3.13': exes[0]}


def test_require_versions_unmet_fails_and_writes_nothing(module, conf, fake_pythons):
    path = conf()
    before = path.read_bytes()
    exes = [fake_pythons(v) for v in ('3.11.2', '3.13.5')]
    res = module('connect_python_config', path=str(path), executables=exes,
                 version_matching='exact', require_versions=['3.11.2', '3.12.1', '3.13.6'])
    assert res['failed']
    assert 'Unable to find a compatible version of Python for 3.12.1, 3.13.6' in res['msg']
    assert 'VersionMatching=exact' in res['msg']
    assert res['missing'] == ['3.12.1', '3.13.6']
    assert path.read_bytes() == before


def test_removing_a_needed_interpreter_is_refused(module, conf, fake_pythons):
    path = conf('no_python.gcfg')
    exes = [fake_pythons(v) for v in ('3.11.2', '3.13.5')]
    module('connect_python_config', path=str(path), executables=exes)
    before = path.read_bytes()
    res = module('connect_python_config', path=str(path), state='absent', executables=[exes[0]],
                 require_versions=['3.11.4'])
    assert res['failed'] and '3.11.4' in res['msg'] and path.read_bytes() == before


def test_nearest_is_refused_and_never_written(module, conf, fake_pythons):
    path = conf()
    before = path.read_bytes()
    res = module('connect_python_config', path=str(path), executables=[fake_pythons('3.12.4')],
                 version_matching='nearest')
    assert res['failed'] and 'nearest' in res['msg'] and 'major-minor, exact' in res['msg']
    assert path.read_bytes() == before


def test_an_undocumented_value_in_the_file_is_kept_with_a_warning(
        module, tmp_path, fake_pythons, gcfg_oracle):
    path = tmp_path / 'rstudio-connect.gcfg'
    path.write_text('[Python]\nEnabled = true\nVersionMatching = nearest\n')
    exe = fake_pythons('3.12.4')
    res = module('connect_python_config', path=str(path), executables=[exe])
    assert res['changed'] and any('VersionMatching = nearest' in w and 'version_matching' in w
                                  for w in warnings(res))
    assert gcfg_oracle.read(str(path))['version_matching'] == 'nearest'
    res = module('connect_python_config', path=str(path), executables=[exe],
                 require_versions=['3.12.1'])
    assert res['failed'] and 'set version_matching' in res['msg']
    res = module('connect_python_config', path=str(path), executables=[exe],
                 version_matching='exact')
    assert res['changed'] and gcfg_oracle.read(str(path))['version_matching'] == 'exact'


@pytest.mark.parametrize('case', ['missing', 'not_python', 'not_executable', 'too_old',
                                  'no_virtualenv', 'old_setuptools', 'relative'])
def test_bad_executables_fail_naming_path_and_keep_file(case, module, conf, tmp_path, fake_pythons):
    path = conf()
    before = path.read_bytes()
    if case == 'missing':
        exe, expect = str(tmp_path / 'nope' / 'python3'), 'does not exist'
    elif case == 'not_python':
        exe = str(tmp_path / 'bash-script')
        with open(exe, 'w') as f:
            f.write('#!/bin/sh\necho "I am not Python" >&2\nexit 3\n')
        os.chmod(exe, 0o755)
        expect = 'is not a working Python interpreter (exit 3: I am not Python)'
    elif case == 'not_executable':
        exe = str(tmp_path / 'plain')
        with open(exe, 'w') as f:
            f.write('x')
        expect = 'is not an executable file'
    elif case == 'too_old':
        exe, expect = fake_pythons('3.3.7'), 'below the minimum Connect supports for Python 3 (3.4.0)'
    elif case == 'no_virtualenv':
        exe = fake_pythons('3.12.1', modules={'pip': '24', 'setuptools': '69', 'virtualenv': None})
        expect = 'module virtualenv is missing'
    elif case == 'old_setuptools':
        exe = fake_pythons('3.12.1', modules={'pip': '9', 'setuptools': '39.1.0', 'virtualenv': '1'})
        expect = 'setuptools 39.1.0 is older than 40.8'
    else:
        exe, expect = 'bin/python3', "is not an absolute path"
    res = module('connect_python_config', path=str(path), executables=[exe])
    assert res.get('failed'), res
    assert exe in res['msg'] and expect in res['msg'], res['msg']
    assert path.read_bytes() == before


def test_required_modules_venv_instead_of_virtualenv(module, conf, fake_pythons):
    path = conf()
    exe = fake_pythons('3.12.1', modules={'pip': '24', 'setuptools': '69', 'venv': 'present',
                                          'virtualenv': None})
    res = module('connect_python_config', path=str(path), executables=[exe],
                 required_modules=['pip', 'setuptools', 'venv'])
    assert res['changed'] and res['executables'][0]['usable']


@pytest.mark.parametrize('fixture', sorted(MALFORMED))
def test_malformed_file_fails_with_line_and_keeps_file(fixture, module, tmp_path, real_python):
    path = tmp_path / 'rstudio-connect.gcfg'
    path.write_bytes(MALFORMED[fixture])
    before = path.read_bytes()
    res = module('connect_python_config', path=str(path), executables=[real_python])
    assert res['failed']
    assert res['msg'].startswith('%s: line %d: ' % (path, int(fixture[:2])))
    assert path.read_bytes() == before


def test_unknown_version_matching_is_rejected(module, conf, real_python):
    path = conf()
    before = path.read_bytes()
    res = module('connect_python_config', path=str(path), executables=[real_python],
                 version_matching='closest')
    assert res['failed'] and 'closest' in res['msg'] and 'major-minor' in res['msg']
    assert path.read_bytes() == before


def test_invalid_require_version_is_named(module, conf, real_python):
    path = conf()
    res = module('connect_python_config', path=str(path), executables=[real_python],
                 require_versions=['3.12'])
    assert res['failed'] and "'3.12'" in res['msg']


def test_repeated_headers_are_edited_in_place(module, conf, fake_pythons, gcfg_oracle):
    path = conf('repeated.gcfg')
    exes = [fake_pythons(v) for v in ('3.9.2', '3.13.5')]
    res = module('connect_python_config', path=str(path), executables=exes)
    assert res['changed']
    text = path.read_text()
    assert text.count('\n[Python]\n') == 1 and text.startswith('[Python]\n')
    assert gcfg_oracle.read(str(path))['executables'] == exes


def test_deployed_content_is_required_and_named(module, conf, fake_pythons):
    path = conf()
    before = path.read_bytes()
    exes = [fake_pythons(v) for v in ('3.11.2', '3.13.5')]
    items = [{'guid': 'g%02d' % i, 'title': 'Report %02d' % i, 'url': None} for i in range(22)]
    content = {'3.11.9': {'count': 1, 'items': [{'guid': 'ga', 'title': 'Sales API'}]},
               '3.12.4': {'count': 30, 'items': items},
               '3.13t': {'count': 1, 'items': [{'guid': 'gt', 'title': 'Free-threaded'}]}}
    res = module('connect_python_config', path=str(path), executables=exes, content=content,
                 version_matching='major-minor')
    assert res['failed'] and res['missing'] == ['3.12.4']
    assert ('Deployed content would lose its interpreter - 3.12.4: Report 00 (g00), ' in res['msg'])
    assert 'Report 19 (g19), and 2 more (30 items in all)' in res['msg']
    assert 'Sales API' not in res['msg']
    # ansible-core 2.19+ returns warnings as structured summaries; the text is in there.
    assert '3.13t' in str(res.get('warnings')) and 'cannot be matched' in str(res.get('warnings'))
    assert path.read_bytes() == before
    ok = module('connect_python_config', path=str(path), executables=exes,
                content={'3.11.9': content['3.11.9']}, version_matching='major-minor')
    assert ok.get('failed') is not True and ok['resolution'] == {'3.11.9': exes[0]}


def test_check_mode_counts_pending_interpreters_as_the_version_they_will_be(
        module, conf, fake_pythons, tmp_path):
    """--check on a new server (the README's quick start): python_build planned 3.12.8 but
    check mode built nothing. The planned section is shown, and content that will resolve to it
    does; a real run probes it (and fails: it does not exist)."""
    path = conf()
    before = path.read_bytes()
    built = fake_pythons('3.11.2')
    planned = str(tmp_path / 'opt' / '3.12.8' / 'bin' / 'python3')
    args = dict(path=str(path), executables=[built, planned], require_versions=['3.12.1'],
                version_matching='major-minor', pending={planned: '3.12.8', built: '3.11.2'})
    res = module('connect_python_config', check=True, diff=True, **args)
    assert res['changed'] and not res.get('failed'), res
    assert planned in res['diff']['after'] and res['resolution'] == {'3.12.1': planned}
    assert '%s (3.12.8) not installed yet' % planned in str(res.get('warnings')), res.get('warnings')
    assert path.read_bytes() == before
    real = module('connect_python_config', **args)
    assert real['failed'] and '%s does not exist' % planned in real['msg'], real
    assert path.read_bytes() == before
    unknown = module('connect_python_config', check=True, **dict(args, pending={'/x/python3': '3.12.8'}))
    assert unknown['failed'] and "pending: '/x/python3' is not one of the executables" in unknown['msg']
