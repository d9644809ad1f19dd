# -*- coding: utf-8 -*-
"""module_utils/http_transport: the one HTTP transport of Connect's API client and the artifact
store's, against real servers on loopback (an HTTP server answering each failure, a listener that
never answers, one that answers something that is not HTTP, a TLS server whose CA the client does
not trust, a port nothing listens on). Issue 41, item 8: both clients classify each failure the
same way, each words it for its users, and neither message holds the credentials."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import ssl
import threading

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils import http_transport
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_store import (
    Store,
    StoreError,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_api import (
    Client,
    ConnectError,
)

API_KEY = 'api-key-3c1d-never-shown'
PASSWORD = 'store-password-77aa'


class Answers(BaseHTTPRequestHandler):
    """GET /STATUS answers STATUS (a redirect to /elsewhere for 3xx) with a short body."""

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass

    def do_GET(self):  # noqa: N802
        status = int(self.path.strip('/').split('/')[-1])
        body = b'the body of a %d answer' % status
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header('Location', 'https://elsewhere.example/login')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_forever(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope='module')
def answers():
    server = serve_forever(ThreadingHTTPServer(('127.0.0.1', 0), Answers))
    yield 'http://127.0.0.1:%d' % server.server_address[1]
    server.shutdown()


@pytest.fixture(scope='module')
def untrusted_tls(private_ca):
    server = ThreadingHTTPServer(('127.0.0.1', 0), Answers)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(private_ca['cert'], private_ca['key'])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    serve_forever(server)
    yield 'https://localhost:%d' % server.server_address[1]
    server.shutdown()


class Listener(object):
    """A TCP listener that accepts and then never answers, or answers ``reply`` and closes."""

    def __init__(self, reply=None):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(8)
        self.reply = reply
        self.held = []
        self.url = 'http://127.0.0.1:%d' % self.sock.getsockname()[1]
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            try:
                conn = self.sock.accept()[0]
            except OSError:
                return
            if self.reply is None:
                self.held.append(conn)
                continue
            try:
                conn.recv(65536)
                conn.sendall(self.reply)
            finally:
                conn.close()

    def close(self):
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent():
    listener = Listener()
    yield listener.url
    listener.close()


@pytest.fixture
def not_http():
    listener = Listener(reply=b'SSH-2.0-OpenSSH_9.2\r\n')
    yield listener.url
    listener.close()


@pytest.fixture
def hangs_up():
    listener = Listener(reply=b'')
    yield listener.url
    listener.close()


@pytest.fixture
def nothing_listens():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return 'http://127.0.0.1:%d' % port


def connect_failure(base, path='/', **kwargs):
    client = Client(base, API_KEY, timeout=kwargs.pop('timeout', 5), **kwargs)
    with pytest.raises(ConnectError) as raised:
        client.get(path)
    assert API_KEY not in str(raised.value)
    return raised.value


def store_failure(base, name, **kwargs):
    # http:// with a password is refused unless the store is on loopback (as these are)
    store = Store(base + '/store', 'p', username='builder', password=PASSWORD,
                  timeout=kwargs.pop('timeout', 5), **kwargs)
    with pytest.raises(StoreError) as raised:
        store.get_small(name)
    assert PASSWORD not in str(raised.value)
    return raised.value


def transport_failure(url, **options):
    with pytest.raises(http_transport.ERRORS) as raised:
        http_transport.request(url, 'GET', options.pop('timeout', 5),
                               dict(validate_certs=True, use_proxy=False, **options))
    return http_transport.failure(raised.value)


@pytest.mark.parametrize('status, kind', [(401, 'auth'), (403, 'auth'), (302, 'redirect'),
                                          (500, 'http'), (502, 'http'), (503, 'http')])
def test_each_http_status_is_one_kind_for_both_clients(answers, status, kind):
    found = transport_failure('%s/%d' % (answers, status))
    assert (found.kind, found.status) == (kind, status)
    connect = connect_failure(answers, '/%d' % status)
    store = store_failure(answers, str(status))
    assert connect.status == store.status == status
    url = '%s/%d' % (answers, status)
    assert url in str(connect) and str(status) in str(connect)
    assert '/store/p/%d' % status in str(store)
    if kind == 'auth':
        assert connect.kind == store.kind == 'auth'
        assert 'the API key was refused' in str(connect)
        assert 'the store refused the credentials' in str(store)
    elif kind == 'redirect':
        assert connect.kind == store.kind == 'http'
        for error in (connect, store):
            assert 'a redirect to https://elsewhere.example/login, which is not followed' in \
                str(error)
    else:
        assert connect.kind == store.kind == 'http'
        assert 'the body of a %d answer' % status in str(connect)  # Connect's own explanation


def test_a_redirect_is_never_followed(answers):
    # The answer is the redirect itself: nothing reached elsewhere.example (no such host here).
    assert transport_failure(answers + '/301').location == 'https://elsewhere.example/login'


def test_a_server_that_never_answers_is_a_timeout(silent):
    assert transport_failure(silent + '/x', timeout=0.5).kind == 'timeout'
    connect = connect_failure(silent, '/x', timeout=0.5)
    assert connect.kind == 'timeout' and connect.connect_down
    assert 'did not answer within 0.5 s' in str(connect)
    store = store_failure(silent, 'x', timeout=0.5)
    assert store.kind == 'unreachable' and 'did not answer GET' in str(store)
    assert 'within 0.5 s' in str(store)


def test_nothing_listening_is_unreachable(nothing_listens):
    assert transport_failure(nothing_listens + '/x').kind == 'unreachable'
    connect = connect_failure(nothing_listens, '/x')
    assert connect.kind == 'unreachable' and connect.connect_down
    assert 'Connect does not answer at %s/x' % nothing_listens in str(connect)
    store = store_failure(nothing_listens, 'x')
    assert store.kind == 'unreachable'
    assert 'the artifact store is unreachable at %s/store/p/x' % nothing_listens in str(store)


def test_a_connection_closed_without_an_answer_is_unreachable_not_malformed(hangs_up):
    """A restarting server or a proxy's reset: http.client's RemoteDisconnected is an OSError
    and an HTTPException; Connect's waits ride it out, so it is "unreachable"."""
    assert transport_failure(hangs_up + '/x').kind == 'unreachable'
    connect = connect_failure(hangs_up, '/x')
    assert connect.kind == 'unreachable' and connect.connect_down
    assert store_failure(hangs_up, 'x').kind == 'unreachable'


def test_an_answer_that_is_not_http_is_malformed(not_http):
    found = transport_failure(not_http + '/x')
    assert found.kind == 'malformed' and 'BadStatusLine' in found.reason
    connect = connect_failure(not_http, '/x')
    assert connect.kind == 'malformed' and 'did not answer HTTP' in str(connect)
    store = store_failure(not_http, 'x')
    assert store.kind == 'unreachable' and 'did not answer HTTP' in str(store)


def test_an_untrusted_certificate_is_tls_and_says_which_option_trusts_it(untrusted_tls,
                                                                         private_ca):
    assert transport_failure(untrusted_tls + '/200').kind == 'tls'
    connect = connect_failure(untrusted_tls, '/200')
    assert connect.kind == 'tls' and 'CERTIFICATE_VERIFY_FAILED' in str(connect)
    assert 'as ca_path' in str(connect)
    store = store_failure(untrusted_tls, '200')
    assert store.kind == 'unreachable' and 'CERTIFICATE_VERIFY_FAILED' in str(store)
    assert 'python_build_artifact_ca_path' in str(store)
    # and with the CA given, the same server answers both
    assert Store(untrusted_tls + '/store', 'p', ca_path=private_ca['ca']).get_small('200') == \
        b'the body of a 200 answer'
