# -*- coding: utf-8 -*-
"""Shared fixtures: the real gcfg parser (Go gopkg.in/gcfg.v1) and git-config as oracles."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import subprocess

import pytest

from standin_process import ConnectStandIn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
ORACLE_SRC = os.path.join(ROOT, 'tests', 'oracle', 'gcfg_oracle.go')
ORACLE_BIN = os.path.join(ROOT, 'build', 'gcfg-oracle')
GOPATH = '/usr/share/gocode'


def _build_oracle():
    if os.path.exists(ORACLE_BIN) and os.path.getmtime(ORACLE_BIN) >= os.path.getmtime(ORACLE_SRC):
        return ORACLE_BIN
    go = shutil.which('go')
    if not go or not os.path.isdir(os.path.join(GOPATH, 'src', 'gopkg.in', 'gcfg.v1')):
        pytest.fail('the gcfg oracle needs Debian packages golang-go and golang-gopkg-gcfg.v1-dev '
                    '(make oracle-deps installs them)')
    os.makedirs(os.path.dirname(ORACLE_BIN), exist_ok=True)
    env = dict(os.environ, GOPATH=GOPATH, GO111MODULE='off',
               GOCACHE=os.path.join(ROOT, 'build', 'gocache'))
    # pytest-xdist workers may build at once: each writes its own file, then renames atomically.
    tmp = '%s.%d.tmp' % (ORACLE_BIN, os.getpid())
    subprocess.run([go, 'build', '-o', tmp, ORACLE_SRC], env=env, check=True)
    os.replace(tmp, ORACLE_BIN)
    return ORACLE_BIN


class Oracle:
    """What Connect's parser reads from a file: {'enabled', 'executables', 'version_matching'}
    or {'error': ...}."""

    def __init__(self, binary):
        self.binary = binary

    def read(self, path):
        proc = subprocess.run([self.binary, path], capture_output=True, text=True, check=False)
        return json.loads(proc.stdout)

    def read_text(self, tmp_path, text, name='oracle.gcfg'):
        path = tmp_path / name
        path.write_bytes(text.encode('utf-8') if isinstance(text, str) else text)
        return self.read(str(path))


@pytest.fixture(scope='session')
def gcfg_oracle():
    return Oracle(_build_oracle())


def git_config_get_all(path, key):
    """A second, independent reader: git-config (gcfg is a subset of its syntax)."""
    proc = subprocess.run(['git', 'config', '-f', str(path), '--get-all', key],
                          capture_output=True, text=True, check=False)
    if proc.returncode == 1:
        return []
    if proc.returncode != 0:
        raise AssertionError('git config failed on %s: %s' % (path, proc.stderr))
    return proc.stdout.splitlines()


@pytest.fixture(scope='session')
def git_config():
    if not shutil.which('git'):
        pytest.fail('git is needed as the second gcfg reader')
    return git_config_get_all


@pytest.fixture
def connect_standin(tmp_path):
    server = ConnectStandIn(tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope='session')
def private_ca(tmp_path_factory):
    """A private CA and a server certificate for localhost it signed (openssl CLI)."""
    d = tmp_path_factory.mktemp('private-ca')

    def openssl(*args):
        subprocess.run(['openssl'] + list(args), cwd=str(d), check=True, capture_output=True)
    # The extensions a real CA sets: Python 3.13+ verifies strictly (VERIFY_X509_STRICT) and
    # refuses a CA without keyUsage or a certificate without an authority key identifier.
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
            '-days', '2', '-subj', '/CN=connect-ops test CA',
            '-addext', 'basicConstraints=critical,CA:TRUE',
            '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
            '-addext', 'subjectKeyIdentifier=hash')
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr',
            '-subj', '/CN=localhost')
    (d / 'ext.cnf').write_text('subjectAltName=DNS:localhost,IP:127.0.0.1\n'
                               'keyUsage=critical,digitalSignature,keyEncipherment\n'
                               'extendedKeyUsage=serverAuth\n'
                               'authorityKeyIdentifier=keyid,issuer\n')
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
            '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf')
    # A client certificate the same CA signed, for Connect behind mutual TLS.
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr',
            '-subj', '/CN=connect-ops automation')
    (d / 'client.cnf').write_text('keyUsage=critical,digitalSignature,keyEncipherment\n'
                                  'extendedKeyUsage=clientAuth\n'
                                  'authorityKeyIdentifier=keyid,issuer\n')
    openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
            '-CAcreateserial', '-out', 'client.pem', '-days', '2', '-extfile', 'client.cnf')
    return {'ca': str(d / 'ca.pem'), 'cert': str(d / 'server.pem'), 'key': str(d / 'server.key'),
            'client_cert': str(d / 'client.pem'), 'client_key': str(d / 'client.key')}


@pytest.fixture
def connect_standin_tls(tmp_path, private_ca):
    server = ConnectStandIn(tmp_path, cert=private_ca)
    yield server
    server.stop()


@pytest.fixture
def connect_standin_mtls(tmp_path, private_ca):
    """The stand-in behind mutual TLS: it serves only clients with a certificate its CA signed."""
    server = ConnectStandIn(tmp_path, cert=private_ca, client_ca=private_ca['ca'])
    yield server
    server.stop()


@pytest.fixture
def forward_proxy(tmp_path):
    """A real forward proxy on loopback (tinyproxy, from Debian's archive), with its log."""
    import socket
    import time
    if not shutil.which('tinyproxy'):
        pytest.fail('tinyproxy is needed for the proxy tests (apt-get install tinyproxy; '
                    'make oracle-deps installs it)')
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    log = tmp_path / 'tinyproxy.log'
    conf = tmp_path / 'tinyproxy.conf'
    # No ConnectPort line: CONNECT is allowed to any port (the stand-in's is a random one).
    conf.write_text('Port %d\nListen 127.0.0.1\nTimeout 30\nLogFile "%s"\nLogLevel Info\n'
                    'MaxClients 20\nAllow 127.0.0.1\n' % (port, log))
    proc = subprocess.Popen(['tinyproxy', '-d', '-c', str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _attempt in range(100):
        try:
            socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield {'url': 'http://127.0.0.1:%d' % port, 'log': log}
    proc.terminate()
    proc.wait(10)
