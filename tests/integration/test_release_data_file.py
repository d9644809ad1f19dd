# -*- coding: utf-8 -*-
"""A site's release data file, served over HTTPS by a private CA, in a real run of the
python_build role: a series the collection's table knows only as a pre-release (3.15) resolves to
the file's release with the file's sum; a damaged file stops the run at its first task, naming the
file and the entry, before anything is installed, and a password in its URL is never shown
(issue 40)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.server
import json
import os
import ssl
import threading

import pytest

SUM = '1d' * 32
PASSWORD = 'n0t-for-logs'


def data_file(sha=SUM):
    return {'format': 1, 'as_of': '2026-12-01',
            'releases': {'3.15.1': {'tar.xz': sha, 'source': 'test: python.org downloads API'}},
            'series': {'3.15': {'first_release': '2026-10-01', 'end_of_life': '2031-10'}}}


@pytest.fixture
def https_files(tmp_path, private_ca):
    """A real HTTPS server (certificate of the private CA) serving tmp_path/www."""
    www = tmp_path / 'www'
    www.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(www), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(private_ca['cert'], private_ca['key'])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield www, server.server_address[1]
    server.shutdown()
    server.server_close()


def write_play(tmp_path, root, url, ca):
    play = tmp_path / 'play.yml'
    play.write_text(json.dumps([{
        'hosts': 'localhost', 'connection': 'local', 'gather_facts': True,
        'vars': {'python_build_versions': ['3.15'], 'python_build_root': root,
                 'python_build_cache_dir': str(tmp_path / 'cache'),
                 'python_build_release_data': url, 'python_build_artifact_ca_path': ca},
        'roles': [{'role': 'connect_ops.interpreters.python_build'}]}]))
    return str(play)


def plan_of(result):
    for play in result['plays']:
        for task in play['tasks']:
            facts = task['hosts'].get('localhost', {}).get('ansible_facts', {})
            if '_python_build_plan' in facts:
                return facts['_python_build_plan']
    return None


def test_a_refreshed_file_over_https_resolves_a_new_series(tmp_path, private_ca, https_files,
                                                           playbook):
    www, port = https_files
    (www / 'release-data.json').write_text(json.dumps(data_file()))
    root = str(tmp_path / 'opt-python')
    # only the phases that always run (plan, decide, space): nothing is downloaded or built
    proc, result = playbook(write_play(tmp_path, root, 'https://localhost:%d/release-data.json'
                                       % port, private_ca['ca']), '--tags', 'nothing-else')
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    plan = plan_of(result)
    assert [(e['version'], e['sha256'], e['label'], e['stale']) for e in plan] == [
        ('3.15.1', SUM, '3.15 -> 3.15.1', '')]
    assert plan[0]['url'].endswith('/3.15.1/Python-3.15.1.tar.xz')


@pytest.mark.parametrize('content, entry, words', [
    (json.dumps(data_file(sha='not-a-sum')), "release '3.15.1' tar.xz",
     "'not-a-sum' is not a sha256"),
    ('{"format": 1,', 'release-data.json', 'not JSON'),
    (json.dumps(dict(data_file(), releases={'3.15.1': {'zip': SUM}})), "release '3.15.1'",
     "unknown format 'zip'"),
])
def test_a_damaged_file_stops_the_run_before_anything_changes(tmp_path, private_ca, https_files,
                                                              playbook, content, entry, words):
    www, port = https_files
    (www / 'release-data.json').write_text(content)
    root = str(tmp_path / 'opt-python')
    url = 'https://automation:%s@localhost:%d/release-data.json' % (PASSWORD, port)
    proc, result = playbook(write_play(tmp_path, root, url, private_ca['ca']))
    assert proc.returncode != 0
    failed = [(task['task']['name'], task['hosts']['localhost']['msg'])
              for play in result['plays'] for task in play['tasks']
              if task['hosts'].get('localhost', {}).get('failed')]
    assert len(failed) == 1, failed
    name, msg = failed[0]
    assert name.endswith("Read the site's release data file")
    shown = 'https://***@localhost:%d/release-data.json' % port
    assert 'release data %s, %s' % (shown, entry) in msg or \
        ('release data %s: %s' % (shown, words) in msg and entry == 'release-data.json'), msg
    assert words in msg
    assert PASSWORD not in proc.stdout + proc.stderr
    assert not os.path.exists(root) and not os.path.exists(str(tmp_path / 'cache'))


def test_a_file_from_an_untrusted_server_is_refused(tmp_path, https_files, playbook):
    www, port = https_files
    (www / 'release-data.json').write_text(json.dumps(data_file()))
    proc, result = playbook(write_play(tmp_path, str(tmp_path / 'opt-python'),
                                       'https://localhost:%d/release-data.json' % port, ''))
    assert proc.returncode != 0
    assert 'CERTIFICATE_VERIFY_FAILED' in proc.stdout or 'certificate verify failed' in proc.stdout
    assert 'python_release_data: cannot read https://localhost:%d/release-data.json' % port \
        in proc.stdout


def test_the_file_comes_through_the_environments_proxy(tmp_path, private_ca, https_files,
                                                       playbook, forward_proxy):
    # the same proxy settings as the artifact store: https_proxy from the controller's environment
    www, port = https_files
    (www / 'release-data.json').write_text(json.dumps(data_file()))
    env = {'https_proxy': forward_proxy['url'], 'no_proxy': ''}
    proc, result = playbook(write_play(tmp_path, str(tmp_path / 'opt-python'),
                                       'https://localhost:%d/release-data.json' % port,
                                       private_ca['ca']), '--tags', 'nothing-else', env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert plan_of(result)[0]['version'] == '3.15.1'
    assert 'CONNECT localhost:%d' % port in forward_proxy['log'].read_text()


def test_a_series_request_on_old_data_warns_with_its_date(tmp_path, playbook):
    # no release data file: the shipped data, older than 90 days on the day of the run
    import datetime
    from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython import release_data
    shipped = release_data.shipped()
    play = tmp_path / 'play.yml'
    play.write_text(json.dumps([{
        'hosts': 'localhost', 'connection': 'local', 'gather_facts': True,
        'vars': {'python_build_versions': ['3.13'], 'python_build_root': str(tmp_path / 'opt'),
                 'python_build_cache_dir': str(tmp_path / 'cache')},
        'roles': [{'role': 'connect_ops.interpreters.python_build'}]}]))
    proc, result = playbook(str(play), '--tags', 'nothing-else')
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    stale = release_data.stale_warning(shipped, datetime.date.today().isoformat())
    said = ' '.join((proc.stdout + proc.stderr).split())
    assert ('a series request was resolved with old data: %s' % stale in said) is bool(stale)
