# -*- coding: utf-8 -*-
"""Connect-aware runs of the connect_python role and retire.yml through ansible-playbook, against
the Connect API stand-in (tests/fixtures/connect_standin.py): deployed content protects the
interpreters it needs, and a restart is confirmed against what Connect lists."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from local_inventory import local_inventory

HERE = os.path.dirname(__file__)
ROLE_PLAYBOOK = os.path.join(HERE, 'playbooks', 'connect_python_role.yml')
CONFIRM_PLAYBOOK = os.path.join(HERE, 'playbooks', 'connect_python_confirm.yml')
RETIRE = os.path.join(HERE, '..', '..', 'playbooks', 'retire.yml')
HEAD = '[Database]\nProvider = postgres\nPassword = "s3cr3t"\n\n[Python]\nEnabled = true\n'
CONTENT = [
    {'guid': 'g-api', 'title': 'Sales API', 'py_version': '3.11.2'},
    {'guid': 'g-nb', 'title': 'Forecast notebook', 'py_version': '3.12.4'},
    {'guid': 'g-dash', 'title': 'Churn dashboard', 'py_version': '3.12.1'},
    {'guid': 'g-r', 'title': 'An R report', 'py_version': None},
]


def extra(**values):
    return ['-e', json.dumps(values)]


def setup(tmp_path, fake_python_root, versions=('3.11.2', '3.12.4')):
    root, exes = fake_python_root(tmp_path, list(versions))
    path = tmp_path / 'rstudio-connect.gcfg'
    path.write_text(HEAD + ''.join('Executable = %s\n' % e for e in exes))
    os.chmod(str(path), 0o600)
    return root, exes, path


def failure(proc, result):
    """The message of the task that failed."""
    assert proc.returncode != 0, proc.stdout[-3000:]
    for play in result['plays']:
        for task in play['tasks']:
            for host in task['hosts'].values():
                if host.get('failed'):
                    return host['msg']
    raise AssertionError('no failed task: %s' % proc.stdout[-3000:])


def api(server):
    return dict(connect_python_server_url=server.url, connect_python_api_key=server.api_key,
                connect_python_service='connect-ops-no-such-service')


def test_retire_is_refused_naming_the_content_that_needs_the_version(
        playbook, tmp_path, fake_python_root, connect_standin):
    connect_standin.configure(content=CONTENT)
    root, exes, path = setup(tmp_path, fake_python_root)
    before = path.read_bytes()
    inventory = local_inventory(tmp_path)
    proc, result = playbook(RETIRE, '-i', inventory, *extra(
        retire_version='3.12.4', retire_root=root, retire_config_path=str(path),
        **api(connect_standin)))
    out = failure(proc, result)
    assert connect_standin.api_key not in proc.stdout + proc.stderr
    assert 'Deployed content would lose its interpreter' in out
    assert '3.12.1: Churn dashboard (g-dash)' in out and '3.12.4: Forecast notebook (g-nb)' in out
    assert 'Sales API' not in out  # 3.11.2 keeps its interpreter
    assert path.read_bytes() == before
    assert os.path.exists(os.path.join(root, '3.12.4', 'bin', 'python3'))


def test_retire_goes_ahead_when_content_keeps_a_match(
        playbook, tmp_path, fake_python_root, connect_standin):
    connect_standin.configure(content=CONTENT[:1])
    root, exes, path = setup(tmp_path, fake_python_root)
    inventory = local_inventory(tmp_path)
    proc, _result = playbook(RETIRE, '-i', inventory, *extra(
        retire_version='3.12.4', retire_root=root, retire_config_path=str(path),
        **api(connect_standin)))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert exes[1] not in path.read_text() and exes[0] in path.read_text()
    assert os.path.exists(exes[1])  # no restart here (no service): the files stay for now


def test_an_exclusive_change_that_strands_content_is_refused_listing_20_items(
        playbook, tmp_path, fake_python_root, connect_standin):
    many = [{'guid': 'g-%02d' % i, 'title': 'Report %02d' % i, 'py_version': '3.12.4'}
            for i in range(25)]
    connect_standin.configure(content=CONTENT[:1] + many)
    root, exes, path = setup(tmp_path, fake_python_root)
    before = path.read_bytes()
    proc, result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[exes[0]],
        **api(connect_standin)))
    out = failure(proc, result)
    assert 'Report 19 (g-19), and 5 more' in out and 'Report 20' not in out
    assert path.read_bytes() == before


def test_without_an_api_key_nothing_asks_connect(
        playbook, tmp_path, fake_python_root, connect_standin):
    connect_standin.configure(status=500)  # would fail any request
    root, exes, path = setup(tmp_path, fake_python_root)
    proc, _result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[exes[0]],
        connect_python_service='connect-ops-no-such-service'))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr


def test_connect_unreachable_stops_the_run_before_writing(
        playbook, tmp_path, fake_python_root):
    root, exes, path = setup(tmp_path, fake_python_root)
    before = path.read_bytes()
    proc, _result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[exes[0]],
        connect_python_server_url='http://127.0.0.1:1', connect_python_api_key='k',
        connect_python_service='connect-ops-no-such-service'))
    assert proc.returncode != 0
    assert 'Connect does not answer at http://127.0.0.1:1' in proc.stdout + proc.stderr
    assert path.read_bytes() == before


def test_connect_unreachable_can_be_allowed_with_a_warning(playbook, tmp_path, fake_python_root):
    root, exes, path = setup(tmp_path, fake_python_root)
    proc, _result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[exes[0]],
        connect_python_server_url='http://127.0.0.1:1', connect_python_api_key='k',
        connect_python_api_required=False, connect_python_service='connect-ops-no-such-service'))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert 'deployed content is NOT protected in this run' in proc.stdout
    assert exes[1] not in path.read_text()


def test_a_proxy_answering_503_counts_as_connect_not_answering(
        playbook, tmp_path, fake_python_root, connect_standin):
    """Behind a reverse proxy, Connect being down is a 502/503/504, not nothing listening: the
    documented "goes on when Connect does not answer" holds there too (issue 24, item 5)."""
    connect_standin.configure(status=503)
    root, exes, path = setup(tmp_path, fake_python_root)
    proc, _result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[exes[0]],
        connect_python_api_required=False, **api(connect_standin)))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert 'deployed content is NOT protected in this run' in proc.stdout
    assert exes[1] not in path.read_text()


def test_a_refused_key_stops_even_when_connect_is_optional(
        playbook, tmp_path, fake_python_root, connect_standin):
    connect_standin.configure(content=CONTENT, api_key='another')
    root, exes, path = setup(tmp_path, fake_python_root)
    before = path.read_bytes()
    proc, result = playbook(ROLE_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=[exes[0]],
        connect_python_api_required=False, **api(connect_standin)))
    assert '401' in failure(proc, result)
    assert path.read_bytes() == before


def test_confirmation_fails_showing_both_lists_when_connect_drops_one(
        playbook, tmp_path, fake_python_root, connect_standin):
    root, exes, path = setup(tmp_path, fake_python_root, ('3.11.2', '3.12.4', '3.13.5'))
    connect_standin.configure(content=[CONTENT[1]], from_config=str(path),
                              reject_versions=['3.13.5'])
    proc, result = playbook(CONFIRM_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=exes[1:],
        connect_python_require_versions=[], **api(connect_standin)))
    out = failure(proc, result)
    assert ('Connect did not accept the interpreter(s) for 3.13.5: it lists 3.12.4, the '
            'configuration has 3.12.4, 3.13.5') in out


def test_confirmation_passes_when_connect_lists_every_interpreter(
        playbook, tmp_path, fake_python_root, connect_standin):
    root, exes, path = setup(tmp_path, fake_python_root, ('3.11.2', '3.12.4'))
    connect_standin.configure(content=CONTENT[:2], from_config=str(path))
    proc, result = playbook(CONFIRM_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=exes,
        **api(connect_standin)))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    names = [t['task']['name'] for p in result['plays'] for t in p['tasks']]
    assert any('Confirm that Connect accepted every configured interpreter' in n for n in names)


def test_check_mode_confirms_nothing(playbook, tmp_path, fake_python_root, connect_standin):
    """--check writes nothing and restarts nothing, so there is nothing to confirm: Connect still
    lists the old interpreters, and a confirmation would fail a dry run."""
    root, exes, path = setup(tmp_path, fake_python_root, ('3.11.2', '3.12.4', '3.13.5'))
    path.write_text(HEAD + 'Executable = %s\n' % exes[1])
    before = path.read_bytes()
    connect_standin.configure(content=[CONTENT[1]], from_config=str(path))
    proc, result = playbook(CONFIRM_PLAYBOOK, '--check', *extra(
        connect_python_config_path=str(path), connect_python_executables=exes[1:],
        connect_python_require_versions=[], **api(connect_standin)))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert path.read_bytes() == before
    confirms = [t['hosts']['localhost'] for p in result['plays'] for t in p['tasks']
                if 'Confirm that Connect accepted every configured interpreter' in t['task']['name']]
    assert confirms and all(c.get('skipped') for c in confirms), confirms


def test_without_a_key_a_malformed_server_url_is_named_after_the_restart(
        playbook, tmp_path, fake_python_root):
    """The no-key confirmation waits for the URL's host and port: a URL it cannot split gets the
    role's message naming the value (it used to be urlsplit's "Invalid IPv6 URL")."""
    root, exes, path = setup(tmp_path, fake_python_root, ('3.11.2', '3.12.4'))
    proc, result = playbook(CONFIRM_PLAYBOOK, *extra(
        connect_python_config_path=str(path), connect_python_executables=exes,
        connect_python_server_url='http://[::1', connect_python_api_key='',
        connect_python_service='connect-ops-no-such-service'))
    out = failure(proc, result)
    assert 'connect_python_server_url is "http://[::1": use http(s)://HOST[:PORT]' in out, out
