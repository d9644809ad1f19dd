# -*- coding: utf-8 -*-
"""python_build_artifact (and module_utils/artifact_store) against real servers: Debian's nginx
with its DAV module and basic auth (the connect-ops/artifact-store image, a WebDAV share), and a
plain HTTP server that answers GET and PUT only, as Artifactory and Nexus raw repositories do
(no MOVE). The store's files are on the host (mounted into nginx), so a test can damage them.

  make artifact-store-client     (builds the image, then runs this file)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import hashlib
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'build', 'collections'))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds import artifact_store  # noqa: E402
from module_runner import run_module  # noqa: E402

USER = 'builder'
PASSWORD = 'store secret 7f3e'  # the test looks for it in every output
PLATFORM = 'debian-12-x86_64'
STEM = 'cpython-3.11.2'


def free_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture(scope='module')
def nginx(tmp_path_factory):
    root = tmp_path_factory.mktemp('store')
    port = free_port()
    name = 'connect-ops-store-test-%s' % uuid.uuid4().hex[:8]
    subprocess.run(['docker', 'run', '-d', '--rm', '--name', name, '--network', 'host',
                    '-e', 'STORE_PORT=%d' % port, '-e', 'STORE_USER=' + USER,
                    '-e', 'STORE_PASSWORD=' + PASSWORD, '-v', '%s:/srv/store' % root,
                    'connect-ops/artifact-store'], check=True, capture_output=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        raise AssertionError('nginx did not listen: %s' % subprocess.run(
            ['docker', 'logs', name], capture_output=True, text=True, check=False).stderr)
    yield {'url': 'http://127.0.0.1:%d/artifacts' % port, 'root': str(root)}
    subprocess.run(['docker', 'rm', '-f', name], capture_output=True, check=False)


def store_dir(nginx, tmp_path):
    return os.path.join(nginx['root'], 'artifacts', platform_of(tmp_path))


class RawRepository(BaseHTTPRequestHandler):
    """GET and PUT only (405 for anything else), files kept in memory: a raw repository."""
    files = {}
    methods = []
    headers_seen = []

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass

    def do_GET(self):  # noqa: N802
        self.methods.append(('GET', self.path))
        self.headers_seen.append(dict((k.lower(), v) for k, v in self.headers.items()))
        body = self.files.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self):  # noqa: N802
        self.methods.append(('PUT', self.path))
        self.files[self.path] = self.rfile.read(int(self.headers['Content-Length']))
        self.send_response(201)
        self.end_headers()

    def _refuse(self):
        self.methods.append((self.command, self.path))
        self.send_response(405)
        self.end_headers()

    do_MOVE = do_DELETE = do_MKCOL = _refuse  # noqa: N815


def serve(tls=None):
    RawRepository.files = {}
    RawRepository.methods = []
    RawRepository.headers_seen = []
    server = ThreadingHTTPServer(('127.0.0.1', 0), RawRepository)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls['cert'], tls['key'])
        context.load_verify_locations(tls['ca'])
        context.verify_mode = ssl.CERT_REQUIRED  # mutual TLS: a client certificate the CA signed
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def raw_repository():
    server = serve()
    yield 'http://127.0.0.1:%d/repo' % server.server_address[1]
    server.shutdown()


@pytest.fixture
def mtls_repository(private_ca):
    server = serve(private_ca)
    yield 'https://localhost:%d/repo' % server.server_address[1]
    server.shutdown()


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / 'packed.tar.zst'
    path.write_bytes(os.urandom(3 * 1024 * 1024 + 17))  # several download blocks
    return str(path)


def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def platform_of(tmp_path):
    """Each test its own platform directory in the shared store."""
    return tmp_path.name.replace('_', '-')


def module(args, tmp_path, check=False):
    result = run_module('python_build_artifact', dict(
        {'platform': platform_of(tmp_path), 'name': STEM, 'version': '3.11.2', 'url_username': USER,
         'url_password': PASSWORD}, **args), check=check, tmp_path=tmp_path)
    assert PASSWORD not in json.dumps(result)
    return result


def test_publish_then_fetch_through_nginx(nginx, archive, tmp_path):
    published = module({'operation': 'publish', 'url': nginx['url'], 'src': archive,
                        'manifest': {'built_on': 'builder-1'}}, tmp_path)
    assert published['changed'] is True, published
    assert published['status'] == 'present'
    assert published['sha256'] == sha(archive)
    files = sorted(os.listdir(store_dir(nginx, tmp_path)))
    assert files == [STEM + '.json', STEM + '.sha256', STEM + '.tar.zst'], files  # no .part left
    with open(os.path.join(store_dir(nginx, tmp_path), STEM + '.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    assert manifest['sha256'] == sha(archive) and manifest['built_on'] == 'builder-1'
    # publishing again changes nothing
    again = module({'operation': 'publish', 'url': nginx['url'], 'src': archive}, tmp_path)
    assert again['changed'] is False, again
    dest = str(tmp_path / 'fetched.tar.zst')
    fetched = module({'url': nginx['url'], 'dest': dest}, tmp_path)
    assert fetched['changed'] is True and sha(dest) == sha(archive), fetched
    assert module({'url': nginx['url'], 'dest': dest}, tmp_path)['changed'] is False
    # a pin the archive matches
    assert module({'url': nginx['url'], 'dest': str(tmp_path / 'pinned'),
                   'pin': sha(archive)}, tmp_path)['changed'] is True


def test_a_damaged_archive_is_refused_and_republished(nginx, archive, tmp_path):
    module({'operation': 'publish', 'url': nginx['url'], 'src': archive}, tmp_path)
    builders_copy = str(tmp_path / 'builders-copy.tar.zst')
    module({'url': nginx['url'], 'dest': builders_copy}, tmp_path)
    with open(os.path.join(store_dir(nginx, tmp_path), STEM + '.tar.zst'), 'r+b') as f:
        f.seek(1000)
        f.write(b'\0corrupt\0')
    dest = str(tmp_path / 'fetched.tar.zst')
    refused = module({'url': nginx['url'], 'dest': dest}, tmp_path)
    assert refused.get('failed'), refused
    assert nginx['url'] + '/' + platform_of(tmp_path) + '/' + STEM + '.tar.zst' in refused['msg']
    assert 'Nothing was installed' in refused['msg']
    assert not os.path.exists(dest)
    assert not [n for n in os.listdir(str(tmp_path)) if '.part-' in n]
    # what the builder sees, and what it does about it - also where its own copy is still good
    for copy in (dest, builders_copy):
        seen = module({'operation': 'inspect', 'url': nginx['url'], 'dest': copy}, tmp_path)
        assert seen['status'] == 'damaged' and not seen.get('failed'), seen
    assert sha(builders_copy) == sha(archive)
    fresh = str(tmp_path / 'rebuilt.tar.zst')
    with open(fresh, 'wb') as f:
        f.write(os.urandom(2 * 1024 * 1024))
    republished = module({'operation': 'publish', 'url': nginx['url'], 'src': fresh}, tmp_path)
    assert republished['changed'] and republished['sha256'] == sha(fresh), republished
    assert module({'url': nginx['url'], 'dest': dest}, tmp_path)['changed'] is True
    assert sha(dest) == sha(fresh)


def test_a_wrong_password_names_the_url_not_the_password(nginx, tmp_path):
    result = run_module('python_build_artifact', {
        'url': nginx['url'], 'platform': PLATFORM, 'name': STEM, 'version': '3.11.2',
        'dest': str(tmp_path / 'x'), 'url_username': USER, 'url_password': 'not-' + PASSWORD,
    }, tmp_path=tmp_path)
    assert result['failed'] and result['kind'] == 'auth', result
    assert '401' in result['msg'] and nginx['url'] in result['msg']
    assert 'not-' + PASSWORD not in json.dumps(result) and PASSWORD not in json.dumps(result)
    assert not os.path.exists(str(tmp_path / 'x'))


def test_an_unreachable_store_is_named(tmp_path):
    url = 'http://127.0.0.1:%d/artifacts' % free_port()
    result = module({'url': url, 'dest': str(tmp_path / 'x')}, tmp_path)
    assert result['failed'] and result['kind'] == 'unreachable', result
    assert url in result['msg'] and 'unreachable' in result['msg']


def test_a_pin_refuses_what_the_store_serves(nginx, archive, tmp_path):
    module({'operation': 'publish', 'url': nginx['url'], 'src': archive}, tmp_path)
    dest = str(tmp_path / 'x')
    other = '0' * 64
    result = module({'url': nginx['url'], 'dest': dest, 'pin': other}, tmp_path)
    assert result['failed'] and result['kind'] == 'pin', result
    assert other in result['msg'] and sha(archive) in result['msg']
    assert not os.path.exists(dest)


def test_other_flags_count_as_missing(nginx, archive, tmp_path):
    module({'operation': 'publish', 'url': nginx['url'], 'src': archive}, tmp_path)
    seen = module({'operation': 'inspect', 'url': nginx['url'], 'build': 'pgo-lto'}, tmp_path)
    assert seen['status'] == 'damaged' and 'plain build' in seen['reason'], seen


def identity(prefix='/opt/Python/3.11.2', recipe=()):
    return {'version': '3.11.2', 'source_sha256': 'a' * 64, 'prefix': prefix,
            'configure_args': ['--enable-optimizations', '--with-lto'], 'recipe': list(recipe),
            'openssl': ''}


def test_an_artifact_of_other_inputs_is_refused_naming_them_and_replaced(nginx, archive, tmp_path):
    # issue 41: published for /opt/Python, fetched by a host whose root is /srv/python
    ours = identity()
    published = module({'operation': 'publish', 'url': nginx['url'], 'src': archive,
                        'identity': ours}, tmp_path)
    assert published['status'] == 'present' and published['manifest']['identity'] == ours
    assert published['manifest']['fingerprint'].startswith('sha256:')
    dest = str(tmp_path / 'fetched.tar.zst')
    assert module({'url': nginx['url'], 'dest': dest, 'identity': ours}, tmp_path)['changed']
    elsewhere = identity('/srv/python/3.11.2')
    refused = module({'url': nginx['url'], 'dest': str(tmp_path / 'other.tar.zst'),
                      'identity': elsewhere}, tmp_path)
    assert refused.get('failed') and not os.path.exists(str(tmp_path / 'other.tar.zst'))
    assert 'install prefix /opt/Python/3.11.2 there, /srv/python/3.11.2 here' in refused['msg']
    # the recipe changed (a static interpreter now): the builder's inspect calls it damaged and
    # its publish replaces it; an old manifest without an identity is replaced too
    newer = identity(recipe=['static-interpreter'])
    seen = module({'operation': 'inspect', 'url': nginx['url'], 'identity': newer}, tmp_path)
    assert seen['status'] == 'damaged' and 'build recipe (none) there, [static-interpreter] here' \
        in seen['reason'], seen
    again = module({'operation': 'publish', 'url': nginx['url'], 'src': archive,
                    'identity': newer}, tmp_path)
    assert again['changed'] is True and again['manifest']['identity'] == newer, again
    module({'operation': 'publish', 'url': nginx['url'], 'src': archive}, tmp_path)  # unchanged
    old = os.path.join(store_dir(nginx, tmp_path), STEM + '.json')
    with open(old, encoding='utf-8') as f:
        manifest = json.load(f)
    manifest.pop('identity'), manifest.pop('fingerprint')
    with open(old, 'w', encoding='utf-8') as f:
        json.dump(manifest, f)
    seen = module({'operation': 'inspect', 'url': nginx['url'], 'identity': newer}, tmp_path)
    assert seen['status'] == 'damaged' and 'records no build identity' in seen['reason'], seen


def test_a_crash_mid_upload_leaves_nothing_that_verifies(nginx, archive, tmp_path):
    # a platform of its own: the module's nginx store outlives this test (and its other rounds)
    store = artifact_store.Store(nginx['url'], 'crash-' + uuid.uuid4().hex[:8], username=USER,
                                 password=PASSWORD)
    # the archive moved into place, then the uploader died: no .sha256, no manifest
    store.put('cpython-3.12.1.tar.zst.part-x', path=archive)
    assert store.move('cpython-3.12.1.tar.zst.part-x', 'cpython-3.12.1.tar.zst', False) is True
    assert artifact_store.inspect(store, 'cpython-3.12.1', '3.12.1', 'plain')['status'] == \
        'missing'
    # the next builder finds the leftover archive in place (MOVE answers 412), waits for a
    # manifest that never comes, and replaces it
    changed, found = artifact_store.publish(store, 'cpython-3.12.1', '3.12.1', 'plain', archive,
                                            {}, 'next-builder', wait=1)
    assert changed and found['status'] == 'present' and found['sha256'] == sha(archive)


def test_two_builders_at_once_leave_one_consistent_artifact(nginx, tmp_path):
    platform = 'race-' + uuid.uuid4().hex[:8]  # its own: the module's store outlives this test
    stores = [artifact_store.Store(nginx['url'], platform, username=USER,
                                   password=PASSWORD) for builder in range(2)]
    archives = []
    for i in range(2):
        path = str(tmp_path / ('b%d.tar.zst' % i))
        with open(path, 'wb') as f:
            f.write(os.urandom(4 * 1024 * 1024))
        archives.append(path)
    results = [None, None]

    def build(i):
        results[i] = artifact_store.publish(stores[i], 'cpython-3.13.5', '3.13.5', 'plain',
                                            archives[i], {'built_on': 'b%d' % i}, 'b%d' % i)

    threads = [threading.Thread(target=build, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = artifact_store.inspect(stores[0], 'cpython-3.13.5', '3.13.5', 'plain')
    assert final['status'] == 'present'
    assert final['sha256'] in (sha(archives[0]), sha(archives[1]))
    assert all(r[1]['sha256'] == final['sha256'] for r in results), results
    dest = str(tmp_path / 'fetched')
    artifact_store.fetch(stores[0], 'cpython-3.13.5', '3.13.5', 'plain', dest)
    assert sha(dest) == final['sha256']


def test_a_raw_repository_without_move(raw_repository, archive, tmp_path):
    result = run_module('python_build_artifact', {
        'operation': 'publish', 'url': raw_repository, 'platform': PLATFORM, 'name': STEM,
        'version': '3.11.2', 'src': archive}, tmp_path=tmp_path)
    assert result['changed'] and result['status'] == 'present', result
    puts = [path for method, path in RawRepository.methods if method == 'PUT']
    base = '/repo/%s/%s' % (PLATFORM, STEM)
    # the final names are written directly where MOVE is refused; the manifest is the last PUT
    assert puts[-1] == base + '.json', puts
    assert base + '.tar.zst' in puts and puts.index(base + '.tar.zst') < puts.index(base + '.json')
    # Issue 41, item 7: the archive goes up once (a small probe found out that MOVE is refused),
    # not once under a temporary name and again under its own.
    assert [p for p in puts if '.tar.zst' in p] == [base + '.tar.zst'], puts
    assert RawRepository.files[base + '.tar.zst'] == open(archive, 'rb').read()
    dest = str(tmp_path / 'fetched')
    fetched = run_module('python_build_artifact', {
        'url': raw_repository, 'platform': PLATFORM, 'name': STEM, 'version': '3.11.2',
        'dest': dest}, tmp_path=tmp_path)
    assert fetched['changed'] and sha(dest) == sha(archive), fetched


def test_a_pinned_version_is_checked_before_anything_is_uploaded(
        raw_repository, archive, tmp_path):
    """Issue 41, item 3: an archive whose sum is not the pin is never uploaded."""
    result = run_module('python_build_artifact', {
        'operation': 'publish', 'url': raw_repository, 'platform': PLATFORM, 'name': STEM,
        'version': '3.11.2', 'src': archive, 'pin': '0' * 64}, tmp_path=tmp_path)
    assert result['failed'] and result['kind'] == 'pin', result
    assert 'it is not published' in result['msg']
    assert [m for m, _path in RawRepository.methods if m in ('PUT', 'MOVE')] == []
    pinned = run_module('python_build_artifact', {
        'operation': 'publish', 'url': raw_repository, 'platform': PLATFORM, 'name': STEM,
        'version': '3.11.2', 'src': archive, 'pin': sha(archive)}, tmp_path=tmp_path)
    assert pinned['changed'] and pinned['status'] == 'present', pinned


def test_file_urls_for_a_shared_mount(archive, tmp_path):
    mount = tmp_path / 'mount'
    url = 'file://%s' % mount
    published = run_module('python_build_artifact', {
        'operation': 'publish', 'url': url, 'platform': PLATFORM, 'name': STEM,
        'version': '3.11.2', 'src': archive}, tmp_path=tmp_path)
    assert published['changed'] and published['status'] == 'present', published
    assert sorted(os.listdir(str(mount / PLATFORM))) == [
        STEM + '.json', STEM + '.sha256', STEM + '.tar.zst']
    dest = str(tmp_path / 'fetched')
    fetched = run_module('python_build_artifact', {
        'url': url, 'platform': PLATFORM, 'name': STEM, 'version': '3.11.2', 'dest': dest},
        tmp_path=tmp_path)
    assert fetched['changed'] and sha(dest) == sha(archive), fetched
    (mount / PLATFORM / (STEM + '.sha256')).write_text('%s  x\n' % ('1' * 64))
    refused = run_module('python_build_artifact', {
        'url': url, 'platform': PLATFORM, 'name': STEM, 'version': '3.11.2',
        'dest': str(tmp_path / 'again')}, tmp_path=tmp_path)
    assert refused['failed'] and refused['kind'] == 'damaged', refused


@pytest.mark.parametrize('url, needle', [
    ('ftp://store.example.com/x', 'not an https://, http:// or file://'),
    ('https://user:pw@store.example.com/x', 'carries credentials'),
    ('https://store.example.com/x?token=1', 'query or fragment'),
    ('file://otherhost/srv/store', 'not a local file://'),
    ('https:///nohost', 'names no host'),
])
def test_bad_urls_are_refused_before_any_request(url, needle, tmp_path):
    result = run_module('python_build_artifact', {
        'url': url, 'platform': PLATFORM, 'name': STEM, 'version': '3.11.2',
        'dest': str(tmp_path / 'x')}, tmp_path=tmp_path)
    assert result['failed'] and result['kind'] == 'config', result
    assert needle in result['msg'] and 'pw@' not in result['msg']


def publish_to(url, archive, tmp_path, **extra):
    return run_module('python_build_artifact', dict({
        'operation': 'publish', 'url': url, 'platform': PLATFORM, 'name': STEM,
        'version': '3.11.2', 'src': archive}, **extra), tmp_path=tmp_path)


def test_headers_are_sent_and_never_shown(raw_repository, archive, tmp_path):
    token = 'art-api-token-5c1d'
    result = publish_to(raw_repository, archive, tmp_path,
                        headers={'X-JFrog-Art-Api': token})
    assert result['changed'], result
    assert all(h.get('x-jfrog-art-api') == token for h in RawRepository.headers_seen)
    assert RawRepository.headers_seen and token not in json.dumps(result)


def test_a_store_behind_mutual_tls(mtls_repository, private_ca, archive, tmp_path):
    tls = {'ca_path': private_ca['ca'], 'client_cert': private_ca['client_cert'],
           'client_key': private_ca['client_key']}
    assert publish_to(mtls_repository, archive, tmp_path, **tls)['changed']
    dest = str(tmp_path / 'fetched')
    fetched = run_module('python_build_artifact', dict({
        'url': mtls_repository, 'platform': PLATFORM, 'name': STEM, 'version': '3.11.2',
        'dest': dest}, **tls), tmp_path=tmp_path)
    assert fetched['changed'] and sha(dest) == sha(archive), fetched
    # without the private CA: refused, naming the URL and what to give
    refused = run_module('python_build_artifact', {
        'url': mtls_repository, 'platform': PLATFORM, 'name': STEM, 'version': '3.11.2',
        'dest': str(tmp_path / 'x')}, tmp_path=tmp_path)
    assert refused['failed'] and mtls_repository in refused['msg'], refused
    assert 'certificate' in refused['msg'].lower()


def test_the_environments_proxy_is_used(raw_repository, archive, tmp_path, forward_proxy):
    publish_to(raw_repository, archive, tmp_path)
    # Loopback is normally exempt from proxies in Ansible's client only through no_proxy.
    env = dict(os.environ, http_proxy=forward_proxy['url'], no_proxy='')
    env.pop('NO_PROXY', None)
    dest = str(tmp_path / 'fetched')
    fetched = run_module('python_build_artifact', {
        'url': raw_repository, 'platform': PLATFORM, 'name': STEM, 'version': '3.11.2',
        'dest': dest}, tmp_path=tmp_path, env=env)
    assert fetched['changed'] and sha(dest) == sha(archive), fetched
    log = forward_proxy['log'].read_text()
    assert raw_repository.split('//')[1].split('/')[0] in log, log[-2000:]


def test_check_mode_reads_only(nginx, archive, tmp_path):
    would = module({'operation': 'publish', 'url': nginx['url'], 'src': archive}, tmp_path,
                   check=True)
    assert would['changed'] and would['status'] == 'missing', would
    assert not os.path.exists(store_dir(nginx, tmp_path))  # nothing uploaded
    module({'operation': 'publish', 'url': nginx['url'], 'src': archive}, tmp_path)
    dest = str(tmp_path / 'fetched')
    seen = module({'url': nginx['url'], 'dest': dest}, tmp_path, check=True)
    assert seen['status'] == 'present' and seen['changed'] and not os.path.exists(dest), seen


def two_builders(stores, tmp_path, size=1024 * 1024, **kwargs):
    """Two builders publishing the same artifact at once (threads), each its own archive."""
    archives = []
    for i in range(2):
        path = str(tmp_path / ('b%d-%s.tar.zst' % (i, uuid.uuid4().hex[:6])))
        with open(path, 'wb') as f:
            f.write(os.urandom(size))
        archives.append(path)
    results, errors = [None, None], []

    def build(i):
        try:
            results[i] = artifact_store.publish(stores[i], STEM, '3.11.2', 'plain', archives[i],
                                                {'built_on': 'b%d' % i}, 'b%d' % i, wait=5,
                                                **kwargs)
        except Exception as e:  # pylint: disable=broad-except
            errors.append(e)

    threads = [threading.Thread(target=build, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return archives, results


def consistent(store, tmp_path):
    """What the store holds for STEM, checked end to end: manifest, .sha256 and archive agree."""
    final = artifact_store.inspect(store, STEM, '3.11.2', 'plain')
    assert final['status'] == 'present', final
    dest = str(tmp_path / ('fetched-%s' % uuid.uuid4().hex[:6]))
    artifact_store.fetch(store, STEM, '3.11.2', 'plain', dest)
    assert sha(dest) == final['sha256']
    return final['sha256']


def test_two_builders_at_once_against_a_server_without_move(raw_repository, tmp_path):
    """Issue 41, item 7: without MOVE the last writer of each file wins; each builder checks
    what the store settled on and writes its own again where the two got mixed. Several rounds,
    each a new platform: every one ends with one artifact that verifies, and both builders
    report it."""
    for round_ in range(6):
        platform = 'raw-race-%d' % round_
        stores = [artifact_store.Store(raw_repository, platform) for _builder in range(2)]
        archives, results = two_builders(stores, tmp_path, settle=0.3)
        final = consistent(stores[0], tmp_path)
        assert final in (sha(archives[0]), sha(archives[1]))
        assert [r[1]['sha256'] for r in results] == [final, final], (round_, results)
        assert sorted(r[0] for r in results) in ([False, True], [True, True]), results


def test_a_store_without_move_that_never_settles_is_refused_naming_why(
        raw_repository, archive, tmp_path):
    """Another writer that never stops overwriting the archive: the publisher gives up after
    its rewrites and says why, instead of reporting an artifact that does not verify."""
    store = artifact_store.Store(raw_repository, PLATFORM)
    stop = threading.Event()
    vandal = artifact_store.Store(raw_repository, PLATFORM)

    def overwrite():
        while not stop.is_set():
            vandal.put(STEM + '.tar.zst', data=os.urandom(1024))
            time.sleep(0.01)

    thread = threading.Thread(target=overwrite)
    thread.start()
    try:
        with pytest.raises(artifact_store.StoreError) as raised:
            artifact_store.publish(store, STEM, '3.11.2', 'plain', archive, {}, 'b1', settle=0.05)
    finally:
        stop.set()
        thread.join()
    assert raised.value.kind == 'race'
    assert 'has no MOVE' in str(raised.value) and 'let one run publish at a time' in str(raised.value)


def test_two_builders_at_once_on_a_share_without_hard_links(tmp_path, monkeypatch):
    """Issue 41, item 7: on a share without hard links, "look, then rename" let both builders
    rename over each other (both looked before either renamed: the barrier below holds the
    first rename until the second builder gets there, or 1 s). The final name is claimed
    exclusively instead: one builder places its archive, the other waits for its manifest."""
    def no_links(src, dst):
        raise OSError(errno.EPERM, 'Operation not permitted')
    monkeypatch.setattr(os, 'link', no_links)
    rename = os.rename
    barrier = threading.Barrier(2, timeout=1)

    def rename_in_step(src, dst):
        if dst.endswith('.tar.zst'):
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
        rename(src, dst)
    monkeypatch.setattr(os, 'rename', rename_in_step)
    url = 'file://%s' % (tmp_path / 'share')
    stores = [artifact_store.Store(url, PLATFORM) for _builder in range(2)]
    archives, results = two_builders(stores, tmp_path)
    final = consistent(stores[0], tmp_path)
    assert final in (sha(archives[0]), sha(archives[1]))
    assert [r[1]['sha256'] for r in results] == [final, final], results
    assert sorted(r[0] for r in results) == [False, True], results


def test_file_urls_on_a_share_without_hard_links(archive, tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, 'Operation not permitted')
    monkeypatch.setattr(os, 'link', no_links)
    store = artifact_store.Store('file://%s' % (tmp_path / 'share'), PLATFORM)
    changed, found = artifact_store.publish(store, STEM, '3.11.2', 'plain', archive, {}, 'b1')
    assert changed and found['status'] == 'present' and found['sha256'] == sha(archive)
    store.put('x.part', data=b'x')
    assert store.move('x.part', STEM + '.tar.zst', overwrite=False) is False  # never replaced
    assert artifact_store.inspect(store, STEM, '3.11.2', 'plain')['sha256'] == sha(archive)
