# -*- coding: utf-8 -*-
"""connect_server_python as Ansible runs it, against a stand-in for Connect's API served over real
HTTP and HTTPS (tests/fixtures/connect_standin.py): content grouped by Python version, the
interpreters Connect lists, pagination, and every error path (refused key, server error, a slow
answer past the timeout, nothing listening, TLS with a private CA, malformed JSON)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import socket
import subprocess
import sys
import time

from module_runner import run_module
from standin_process import ConnectStandIn

ITEMS = [
    {'guid': 'g-api', 'name': 'sales-api', 'title': 'Sales API', 'py_version': '3.11.2',
     'dashboard_url': 'https://connect.example.com/connect/#/apps/g-api'},
    {'guid': 'g-nb', 'name': 'forecast', 'title': 'Forecast notebook', 'py_version': '3.12.4',
     'content_url': 'https://connect.example.com/content/g-nb/'},
    {'guid': 'g-dash', 'name': 'dash', 'title': '', 'py_version': '3.12.4'},
    {'guid': 'g-r', 'name': 'shiny', 'title': 'An R app', 'py_version': None, 'r_version': '4.4.1'},
]
INSTALLED = [{'version': '3.11.2', 'cluster_name': 'Local', 'image_name': 'Local'},
             {'version': '3.12.4', 'cluster_name': 'Local', 'image_name': 'Local'}]


def ask(tmp_path, server, **args):
    params = dict(server_url=server.url, api_key=server.api_key)
    params.update(args)
    return run_module('connect_server_python', params, tmp_path=tmp_path)


def test_content_grouped_by_python_version(tmp_path, connect_standin):
    connect_standin.configure(content=ITEMS, installations=INSTALLED)
    result = ask(tmp_path, connect_standin)
    assert result.get('failed') is not True, result
    assert result['changed'] is False
    assert result['content_count'] == 4
    assert sorted(result['content_versions']) == ['3.11.2', '3.12.4']
    assert result['content_versions']['3.12.4']['count'] == 2
    assert result['content_versions']['3.12.4']['items'] == [
        {'guid': 'g-nb', 'title': 'Forecast notebook',
         'url': 'https://connect.example.com/content/g-nb/', 'bundle_id': None},
        {'guid': 'g-dash', 'title': 'dash', 'url': None, 'bundle_id': None}]
    assert result['installations'] == INSTALLED and result['api_enabled'] is True
    assert connect_standin.api_key not in str(result)  # no_log


def test_empty_server(tmp_path, connect_standin):
    connect_standin.configure(content=[], installations=[])
    result = ask(tmp_path, connect_standin)
    assert result['content_versions'] == {} and result['installations'] == []


def test_paged_content_is_followed_to_the_end(tmp_path, connect_standin):
    many = [dict(ITEMS[0], guid='g-%d' % i) for i in range(7)]
    connect_standin.configure(content=many, installations=INSTALLED, page_size=3)
    result = ask(tmp_path, connect_standin, include=['content'])
    assert result['content_count'] == 7
    assert [i['guid'] for i in result['content_versions']['3.11.2']['items']] == \
        ['g-%d' % i for i in range(7)]


def test_a_refused_key_names_the_role_it_needs(tmp_path, connect_standin):
    connect_standin.configure(content=ITEMS, api_key='another-key')
    result = ask(tmp_path, connect_standin)
    assert result['failed'] is True and result['error'] == 'auth'
    assert '401' in result['msg'] and 'administrator' in result['msg']
    connect_standin.configure(status=403)
    result = ask(tmp_path, connect_standin)
    assert result['error'] == 'auth' and '403' in result['msg']


def test_a_server_error_is_reported_with_its_status(tmp_path, connect_standin):
    connect_standin.configure(status=500)
    result = ask(tmp_path, connect_standin)
    assert result['failed'] is True and result['error'] == 'http'
    assert '500' in result['msg'] and 'stand-in error 500' in result['msg']


def test_a_slow_answer_past_the_timeout(tmp_path, connect_standin):
    connect_standin.configure(content=ITEMS, installations=INSTALLED, delay=3)
    result = ask(tmp_path, connect_standin, timeout=0.5)
    assert result['failed'] is True and result['error'] == 'timeout'
    assert 'did not answer within 0.5 s' in result['msg']


def test_nothing_listening(tmp_path):
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    result = run_module('connect_server_python', dict(server_url='http://127.0.0.1:%d' % port,
                                                      api_key='k'), tmp_path=tmp_path)
    assert result['failed'] is True and result['error'] == 'unreachable'
    assert 'Connect does not answer at http://127.0.0.1:%d' % port in result['msg']


def test_malformed_json(tmp_path, connect_standin):
    connect_standin.configure(malformed='<html>login</html>')
    result = ask(tmp_path, connect_standin)
    assert result['failed'] is True and result['error'] == 'malformed'
    assert 'did not answer JSON' in result['msg']


def test_tls_with_a_private_ca(tmp_path, connect_standin_tls, private_ca):
    connect_standin_tls.configure(content=ITEMS, installations=INSTALLED)
    refused = ask(tmp_path, connect_standin_tls)
    assert refused['failed'] is True and refused['error'] == 'tls'
    assert 'CERTIFICATE_VERIFY_FAILED' in refused['msg'] and 'ca_path' in refused['msg']
    trusted = ask(tmp_path, connect_standin_tls, ca_path=private_ca['ca'])
    assert trusted.get('failed') is not True, trusted
    assert trusted['content_count'] == 4


def test_expected_versions_missing_shows_both_lists(tmp_path, connect_standin):
    connect_standin.configure(content=ITEMS, installations=INSTALLED[:1])
    result = ask(tmp_path, connect_standin, include=['installations'],
                 expect_versions=['3.11.2', '3.12.4'])
    assert result['failed'] is True and result['missing'] == ['3.12.4']
    assert 'it lists 3.11.2, the configuration has 3.11.2, 3.12.4' in result['msg']
    ok = ask(tmp_path, connect_standin, include=['installations'], expect_versions=['3.11.2'])
    assert ok.get('failed') is not True and ok['missing'] == []


def test_wait_retries_until_connect_answers(tmp_path):
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    # Nothing listens for 2 s, then a forwarder to a stand-in comes up on that port.
    server = ConnectStandIn(tmp_path)
    server.configure(installations=INSTALLED)
    forwarder = os.path.join(str(tmp_path), 'late.py')
    with open(forwarder, 'w') as f:
        f.write('import socketserver, urllib.request, http.server, sys, time\n'
                'time.sleep(2)\n'
                'class H(http.server.BaseHTTPRequestHandler):\n'
                '    def log_message(self, *a): pass\n'
                '    def do_GET(self):\n'
                '        r = urllib.request.Request(sys.argv[2] + self.path,'
                ' headers={"Authorization": self.headers["Authorization"]})\n'
                '        body = urllib.request.urlopen(r).read()\n'
                '        self.send_response(200); self.send_header("Content-Length", str(len(body)))\n'
                '        self.end_headers(); self.wfile.write(body)\n'
                'http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()\n')
    late = subprocess.Popen([sys.executable, forwarder, str(port), server.url])
    try:
        started = time.monotonic()
        result = run_module('connect_server_python', dict(
            server_url='http://127.0.0.1:%d' % port, api_key=server.api_key,
            include=['installations'], wait=20, expect_versions=['3.11.2']), tmp_path=tmp_path)
        assert result.get('failed') is not True, result
        assert time.monotonic() - started >= 2
        no_wait = run_module('connect_server_python', dict(
            server_url='http://127.0.0.1:1', api_key='k', wait=1), tmp_path=tmp_path)
        assert no_wait['error'] == 'unreachable' and 'waited 1 s' in no_wait['msg']
    finally:
        late.terminate()
        server.stop()


def test_bad_urls_and_keys_are_refused_before_any_request(tmp_path):
    for url in ('ftp://connect', 'localhost:3939', 'http://admin:secret@connect.example.com'):
        result = run_module('connect_server_python', dict(server_url=url, api_key='k'),
                            tmp_path=tmp_path)
        assert result['failed'] is True and 'server_url' in result['msg'], url
        assert 'secret' not in result['msg']
    result = run_module('connect_server_python', dict(api_key='k\r\nX-Evil: 1'), tmp_path=tmp_path)
    assert result['failed'] is True and 'line break' in result['msg']


def test_wait_rides_out_a_proxy_saying_connect_is_down(tmp_path, connect_standin):
    """503 from a proxy while Connect restarts is retried; a 500 from Connect itself is not."""
    connect_standin.configure(status=503)
    flip = subprocess.Popen([sys.executable, '-c', (
        'import json, os, sys, time; time.sleep(2); p = sys.argv[1]; '
        'json.dump({"api_key": sys.argv[2], "installations": [{"version": "3.11.2"}]}, '
        'open(p + ".tmp", "w")); os.replace(p + ".tmp", p)'),
        connect_standin.state_path, connect_standin.api_key])
    try:
        result = ask(tmp_path, connect_standin, include=['installations'], wait=20,
                     expect_versions=['3.11.2'])
        assert result.get('failed') is not True, result
    finally:
        flip.wait(10)
    connect_standin.configure(status=500)
    started = time.monotonic()
    result = ask(tmp_path, connect_standin, include=['installations'], wait=20)
    assert result['error'] == 'http' and time.monotonic() - started < 10


# "Connect is not answering" is one rule, returned as connect_down (issue 24, item 5).
def test_a_proxy_saying_connect_is_down_counts_as_connect_down(tmp_path, connect_standin):
    for status in (502, 503, 504):
        connect_standin.configure(status=status)
        result = ask(tmp_path, connect_standin)
        assert result['failed'] is True and result['connect_down'] is True, result
    connect_standin.configure(status=500)
    result = ask(tmp_path, connect_standin)
    assert result['failed'] is True and result['connect_down'] is False


def test_nothing_listening_counts_as_connect_down_and_a_refused_key_does_not(
        tmp_path, connect_standin):
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    result = run_module('connect_server_python', dict(server_url='http://127.0.0.1:%d' % port,
                                                      api_key='k'), tmp_path=tmp_path)
    assert result['connect_down'] is True
    connect_standin.configure(content=ITEMS, api_key='another-key')
    assert ask(tmp_path, connect_standin)['connect_down'] is False


# The API client never lets a traceback through (issue 24, item 6).
def test_a_missing_ca_path_is_named(tmp_path, connect_standin_tls):
    result = ask(tmp_path, connect_standin_tls, ca_path=str(tmp_path / 'missing-ca.pem'))
    assert result['failed'] is True and result['error'] == 'config', result
    assert 'ca_path: cannot read %s' % (tmp_path / 'missing-ca.pem') in result['msg']
    assert 'Traceback' not in str(result)


def test_a_ca_path_that_is_not_pem_is_named(tmp_path, connect_standin_tls):
    bad = tmp_path / 'bad.pem'
    bad.write_text('-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n')
    result = ask(tmp_path, connect_standin_tls, ca_path=str(bad))
    assert result['failed'] is True and result['error'] == 'config', result
    assert 'holds no usable PEM certificate' in result['msg'] and str(bad) in result['msg']


def test_an_answer_that_is_not_http_is_named(tmp_path):
    import threading
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(5)
    port = server.getsockname()[1]

    def serve():
        for _i in range(3):
            try:
                conn, _addr = server.accept()
            except OSError:
                return
            conn.recv(4096)
            conn.sendall(b'SSH-2.0-OpenSSH_9.2\r\n')  # an ssh daemon on Connect's port
            conn.close()
    threading.Thread(target=serve, daemon=True).start()
    try:
        result = run_module('connect_server_python', dict(
            server_url='http://127.0.0.1:%d' % port, api_key='k'), tmp_path=tmp_path)
    finally:
        server.close()
    assert result['failed'] is True and result['error'] == 'malformed', result
    assert 'did not answer HTTP' in result['msg'] and 'BadStatusLine' in result['msg']


def test_a_broken_url_is_named(tmp_path):
    for url in ('http://[::1', 'http://localhost:39x9'):
        result = run_module('connect_server_python', dict(server_url=url, api_key='k'),
                            tmp_path=tmp_path)
        assert result['failed'] is True and result['error'] == 'config', result
        assert 'server_url: %r is not a valid URL' % url in result['msg']


# Ansible's HTTP client: client certificates and proxies, against real peers (issue 22).
def test_mutual_tls_with_a_client_certificate(tmp_path, connect_standin_mtls, private_ca):
    connect_standin_mtls.configure(content=ITEMS, installations=INSTALLED)
    refused = ask(tmp_path, connect_standin_mtls, ca_path=private_ca['ca'])
    assert refused['failed'] is True and refused['error'] in ('tls', 'unreachable'), refused
    served = ask(tmp_path, connect_standin_mtls, ca_path=private_ca['ca'],
                 client_cert=private_ca['client_cert'], client_key=private_ca['client_key'])
    assert served.get('failed') is not True, served
    assert served['content_count'] == 4


def test_a_missing_client_key_or_certificate_is_named(tmp_path, connect_standin_mtls, private_ca):
    result = ask(tmp_path, connect_standin_mtls, ca_path=private_ca['ca'],
                 client_cert=str(tmp_path / 'missing.pem'))
    assert result['failed'] is True and result['error'] == 'config'
    assert 'client_cert: cannot read %s' % (tmp_path / 'missing.pem') in result['msg']
    result = ask(tmp_path, connect_standin_mtls, ca_path=private_ca['ca'],
                 client_cert=private_ca['client_cert'], client_key=private_ca['ca'])
    assert result['failed'] is True and result['error'] == 'config'
    assert 'cannot be used' in result['msg']


def proxied(tmp_path, server, proxy, **env_and_args):
    env = dict(os.environ, https_proxy=proxy['url'], HTTPS_PROXY=proxy['url'],
               http_proxy=proxy['url'], HTTP_PROXY=proxy['url'])
    env.pop('no_proxy', None)
    env.pop('NO_PROXY', None)
    for name in ('no_proxy',):
        if name in env_and_args:
            env[name] = env['NO_PROXY'] = env_and_args.pop(name)
    params = dict(server_url=server.url, api_key=server.api_key)
    params.update(env_and_args)
    return run_module('connect_server_python', params, tmp_path=tmp_path, env=env)


def connects(proxy):
    """How many requests the proxy relayed to the stand-in (its request log lines)."""
    return proxy['log'].read_text().count(': CONNECT localhost:') if proxy['log'].exists() else 0


def test_a_forward_proxy_from_the_environment_is_used(tmp_path, connect_standin_tls, private_ca,
                                                      forward_proxy):
    connect_standin_tls.configure(content=ITEMS, installations=INSTALLED)
    port = connect_standin_tls.url.rsplit(':', 1)[1]
    result = proxied(tmp_path, connect_standin_tls, forward_proxy, ca_path=private_ca['ca'])
    assert result.get('failed') is not True, result
    assert result['content_count'] == 4
    log = forward_proxy['log'].read_text()
    assert ': CONNECT localhost:%s ' % port in log, log[-2000:]
    assert connects(forward_proxy) >= 2  # both endpoints went through it


def test_no_proxy_and_use_proxy_false_bypass_it(tmp_path, connect_standin_tls, private_ca,
                                                forward_proxy):
    connect_standin_tls.configure(content=ITEMS, installations=INSTALLED)
    before = connects(forward_proxy)
    bypassed = proxied(tmp_path, connect_standin_tls, forward_proxy, ca_path=private_ca['ca'],
                       no_proxy='localhost')
    assert bypassed.get('failed') is not True, bypassed
    direct = proxied(tmp_path, connect_standin_tls, forward_proxy, ca_path=private_ca['ca'],
                     use_proxy=False)
    assert direct.get('failed') is not True, direct
    assert connects(forward_proxy) == before
