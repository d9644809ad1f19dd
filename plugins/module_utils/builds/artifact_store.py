# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A site's artifact store: the layout of ``python_build_artifact_dir`` served at a base URL.

``BASE/PLATFORM/STEM.tar.zst`` is a packed prefix, ``STEM.sha256`` its sum (``sha256sum``'s
format) and ``STEM.json`` its manifest (``version``, ``build``, ``sha256``, ...). The manifest is
written last and marks the artifact complete; an artifact is *present* only when its manifest is
of the version and build asked for, its ``.sha256`` agrees, and (where the archive is fetched)
the archive's own sum is the manifest's. Anything else is *missing* or *damaged*, and is never
installed.

The base URL is ``https://``, ``http://`` (Artifactory or Nexus "raw" repositories, a WebDAV share,
any web server or object store gateway) or ``file://`` (a shared mount). Requests go through
Ansible's HTTP client (``ansible.module_utils.urls.open_url``): ``ca_path``, client certificates,
``validate_certs`` and the environment's proxy settings work as for the Connect API client.
Redirects are never followed (they would carry the credentials elsewhere).

Publishing (HTTP ``PUT``) is atomic for readers: the archive and its ``.sha256`` go up under a
temporary name and are moved into place (WebDAV ``MOVE``, or a rename on a ``file://`` share), the
manifest always last. A crash mid-upload leaves no manifest, so nothing that verifies.

Two builders publishing the same artifact at once end with one consistent artifact:

* with ``MOVE`` (or a ``file://`` share), the archive is moved into place only where none is: the
  second builder finds the first's archive and waits for its manifest. On a share without hard
  links the final name is first claimed by creating it exclusively (``O_EXCL``), then replaced by
  the rename.
* a server without ``MOVE`` (Artifactory or Nexus raw repositories) is found out with a small
  probe before the archive goes up once, to its final name; the last writer of the three files
  wins. Each builder waits for the store to settle and checks what it holds; where two builders'
  files got mixed, it writes its own again (at most ``REWRITES`` times, then it stops and says
  so) until the store holds one artifact that verifies.

Standard library only (this runs on managed hosts).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import errno
import hashlib
import json
import os
import re
import socket
import time

from http.client import HTTPException
from urllib.parse import quote, unquote, urlsplit

from ansible_collections.connect_ops.interpreters.plugins.module_utils import http_transport
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_identity import (
    fingerprint,
    mismatch,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.redact import (
    redact_url,
)

SCHEMES = ('https', 'http', 'file')
UPLOADS = ('none', 'put')
NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._+-]*$')
SHA256 = re.compile(r'^[0-9a-f]{64}$')
CHUNK = 1024 * 1024
MAX_SMALL = 1024 * 1024  # a manifest or a .sha256 is far smaller
# How long a publisher that finds another's archive in place waits for that one's manifest
# (another builder between its archive and its manifest) before taking it for a crash's leftover.
MANIFEST_WAIT = 20
# On a store without MOVE: how long a publisher lets the store settle before it checks what it
# wrote (another builder may still be writing the same names), and how many times it writes its
# own files again where another's got mixed with them before it gives up.
SETTLE = 2.0
REWRITES = 5


class StoreError(Exception):
    """What went wrong, as ``kind``: config, unreachable, auth, http, pin, missing, damaged,
    race (a store without MOVE kept two builders' files mixed)."""

    def __init__(self, kind, message, status=None):
        super(StoreError, self).__init__(message)
        self.kind = kind
        self.status = status


def check_base_url(url, option='python_build_artifact_url'):
    """The base URL without its trailing ``/``, or a StoreError naming what is wrong. A message
    never shows the URL's user-info (a password): it is cut before any message is built."""
    example = 'https://artifacts.example.com/python-builds'
    try:
        parts, shown = http_transport.split_url(url)
    except ValueError as exc:
        raise StoreError('config', '%s: %s; give one such as %s' % (option, exc, example))
    if any(c in (url or '') for c in '\r\n\t '):
        raise StoreError('config', '%s: %r holds blanks or line breaks; give a URL such as %s'
                         % (option, shown, example))
    if parts.scheme not in SCHEMES:
        raise StoreError('config', '%s: %r is not an https://, http:// or file:// URL; give one '
                                   'such as %s' % (option, shown, example))
    if parts.username is not None or parts.password is not None or '@' in parts.netloc:
        raise StoreError('config', '%s: the URL carries credentials; give them as '
                                   'python_build_artifact_url_username and '
                                   'python_build_artifact_url_password (never logged) instead'
                         % option)
    if parts.query or parts.fragment:
        raise StoreError('config', '%s: %r has a query or fragment; give the base URL the '
                                   'platform directories are under' % (option, shown))
    if parts.scheme == 'file':
        if parts.netloc not in ('', 'localhost') or not parts.path.startswith('/'):
            raise StoreError('config', '%s: %r is not a local file:// URL; give '
                                       'file:///PATH/OF/THE/MOUNT' % (option, shown))
        if '..' in unquote(parts.path).split('/'):
            raise StoreError('config', '%s: %r has a ".." component' % (option, shown))
    elif not parts.hostname:
        raise StoreError('config', '%s: %r names no host; give one such as %s'
                         % (option, shown, example))
    return url.rstrip('/')


def check_name(name, what):
    if not isinstance(name, str) or not NAME.match(name) or '..' in name:
        raise StoreError('config', '%s %r cannot name a file in the store (letters, digits and '
                                   '._+- only)' % (what, name))
    return name


def check_pin(pin, what='pin', required=False):
    """A pin, checked: a sha256 in lowercase, or '' (none, unless ``required``); a StoreError
    names ``what``."""
    if pin in (None, '') and not required:
        return ''
    if not isinstance(pin, str) or not SHA256.match(pin.strip().lower()):
        raise StoreError('config', '%s is not a sha256 (64 hexadecimal digits): %r' % (what, pin))
    return pin.strip().lower()


def require_pin(pin, digest, what, version, platform, consequence):
    """The one pin check: where ``pin`` is set and ``digest`` (the sha256 of ``what``, an
    archive or a store's artifact) is not it, a StoreError of kind ``pin`` saying so and what
    follows (``consequence``: what was not done, and what to do)."""
    if pin and digest != pin:
        raise StoreError('pin', '%s has sha256 %s, and python_build_artifact_pins pins %s for '
                                'Python %s on %s: %s' % (what, digest, pin, version, platform,
                                                         consequence))


def check_pins(pins):
    """``{PLATFORM: {VERSION: sha256}}``, checked; a StoreError names the first bad entry."""
    if pins in (None, ''):
        return {}
    if not isinstance(pins, dict):
        raise StoreError('config', 'python_build_artifact_pins must be a mapping of platform to '
                                   '{version: sha256}, got %r' % (pins,))
    checked = {}
    for platform, versions in pins.items():
        if not isinstance(versions, dict):
            raise StoreError('config', 'python_build_artifact_pins[%r] must map versions to '
                                       'sha256 sums, got %r' % (platform, versions))
        checked[str(platform)] = {}
        for version, digest in versions.items():
            checked[str(platform)][str(version)] = check_pin(
                digest, 'python_build_artifact_pins[%r][%r]' % (platform, version), required=True)
    return checked


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(CHUNK), b''):
            digest.update(block)
    return digest.hexdigest()


def parse_sha256_file(text):
    """The sum in a ``sha256sum``-style line (``SUM  NAME``), or None."""
    first = (text or '').strip().split()
    if first and SHA256.match(first[0].lower()):
        return first[0].lower()
    return None


def is_loopback(url):
    """Whether ``url`` names this host's loopback (127.0.0.0/8, ::1, localhost): what goes there
    in clear never crosses a network (a local proxy, a tunnel's end)."""
    host = (urlsplit(url).hostname or '').lower()
    return host == 'localhost' or host == '::1' or re.match(r'^127(\.\d{1,3}){3}$', host) is not None


def plain_http_warning(url, pinned):
    """The warning for a store reached over plain HTTP without a pin (None where none is due)."""
    if urlsplit(url).scheme != 'http' or pinned or is_loopback(url):
        return None
    return ('the artifact store %s is plain http:// and python_build_artifact_pins has no sum for '
            'this version: what it serves is trusted blindly (the manifest, the .sha256 and the '
            'archive come over one unauthenticated channel). Use https://, or pin each '
            'version.' % redact_url(url))


class Store(object):
    """One platform directory of a store: ``BASE/PLATFORM/``."""

    def __init__(self, url, platform, username='', password='', headers=None, ca_path=None,
                 validate_certs=True, client_cert=None, client_key=None, use_proxy=True,
                 timeout=60.0):
        self.base = check_base_url(url)
        self.platform = check_name(platform, 'platform')
        self.scheme = urlsplit(self.base).scheme
        if self.scheme == 'file':
            self.root = os.path.join(unquote(urlsplit(self.base).path), self.platform)
        if password and not username:
            raise StoreError('config', 'python_build_artifact_url_password is set without '
                                       'python_build_artifact_url_username; give both')
        self.headers = {}
        for key, value in (headers or {}).items():
            if not re.match(r'^[A-Za-z0-9-]+$', str(key)) or any(
                    c in str(value) for c in '\r\n'):
                raise StoreError('config', 'python_build_artifact_headers: the header %r is not '
                                           'a header name with a one-line value' % (key,))
            self.headers[str(key)] = str(value)
        if self.scheme == 'http' and (password or headers) and not is_loopback(self.base):
            raise StoreError('config', 'python_build_artifact_url is http:// and %s set: the '
                                       'credentials would cross the network in clear, with '
                                       'every archive over the same unauthenticated channel. '
                                       'Give an https:// URL (a private CA through '
                                       'python_build_artifact_ca_path). Nothing was sent.'
                             % ('python_build_artifact_url_password is' if password else
                                'python_build_artifact_headers are'))
        if username:
            if ':' in username:
                raise StoreError('config', 'python_build_artifact_url_username holds a ":"')
            token = base64.b64encode(('%s:%s' % (username, password)).encode('utf-8'))
            self.headers['Authorization'] = 'Basic ' + token.decode('ascii')
        if float(timeout) <= 0:
            raise StoreError('config', 'the store timeout must be above 0, got %s' % timeout)
        self.timeout = float(timeout)
        self.options = dict(validate_certs=validate_certs, ca_path=ca_path or None,
                            client_cert=client_cert or None, client_key=client_key or None,
                            use_proxy=use_proxy)

    def url_of(self, name):
        return '%s/%s/%s' % (self.base, quote(self.platform), quote(name))

    # -- primitives over HTTP --------------------------------------------------------------

    def _open(self, method, name, data=None, headers=None, url=None):
        url = url or self.url_of(name)
        all_headers = dict(self.headers)
        all_headers.update(headers or {})
        try:
            return http_transport.request(url, method, self.timeout, self.options, data=data,
                                          headers=all_headers)
        except http_transport.ERRORS as e:
            raise self._error(method, url, http_transport.failure(e))

    def _error(self, method, url, failure):
        """The StoreError a failed request (an http_transport.Failure) is, worded for the
        store's users: anything but refused credentials and an HTTP status is "unreachable"."""
        kind, status, reason = failure.kind, failure.status, failure.reason
        if kind == http_transport.AUTH:
            return StoreError('auth', '%s %s answered %d %s: the store refused the credentials '
                                      '(python_build_artifact_url_username and _password, or '
                                      'python_build_artifact_headers)%s'
                              % (method, url, status, reason,
                                 '; uploading needs write permission' if method != 'GET'
                                 else ''), status=status)
        if kind == http_transport.REDIRECT:
            return StoreError('http', '%s %s answered %d, a redirect to %s, which is not followed '
                                      '(it would carry the credentials); give the final URL'
                              % (method, url, status, failure.location), status=status)
        if kind == http_transport.HTTP:
            return StoreError('http', '%s %s answered %d %s' % (method, url, status, reason),
                              status=status)
        if kind == http_transport.TIMEOUT:
            return StoreError('unreachable', 'the artifact store did not answer %s %s within %g s '
                                             '(%s)' % (method, url, self.timeout, reason))
        if kind == http_transport.TLS:
            return StoreError('unreachable', 'TLS failed talking to %s: %s; give the CA bundle '
                                             'that signed the store\'s certificate as '
                                             'python_build_artifact_ca_path' % (url, reason))
        if kind == http_transport.MALFORMED:
            return StoreError('unreachable', '%s did not answer HTTP (%s)' % (url, reason))
        if kind == http_transport.CONFIG:
            return StoreError('config', 'cannot ask %s: %s; check python_build_artifact_url'
                              % (url, reason))
        return StoreError('unreachable', 'the artifact store is unreachable at %s: %s'
                          % (url, reason))

    def get_small(self, name):
        """The bytes of a small file, or None when the store has no such file."""
        if self.scheme == 'file':
            try:
                with open(os.path.join(self.root, name), 'rb') as handle:
                    return handle.read(MAX_SMALL)
            except (IOError, OSError) as e:
                if e.errno in (errno.ENOENT, errno.ENOTDIR):
                    return None
                raise StoreError('unreachable' if e.errno != errno.EACCES else 'auth',
                                 'cannot read %s: %s' % (self.url_of(name), e.strerror))
        try:
            return self._open('GET', name).read(MAX_SMALL)
        except StoreError as e:
            if e.status in (404, 410):
                return None
            raise

    def download(self, name, dest):
        """Stream ``name`` to ``dest``; its sha256, or None when the store has no such file."""
        if self.scheme == 'file':
            try:
                source = open(os.path.join(self.root, name), 'rb')
            except (IOError, OSError) as e:
                if e.errno in (errno.ENOENT, errno.ENOTDIR):
                    return None
                raise StoreError('unreachable', 'cannot read %s: %s'
                                 % (self.url_of(name), e.strerror))
        else:
            try:
                source = self._open('GET', name)
            except StoreError as e:
                if e.status in (404, 410):
                    return None
                raise
        digest = hashlib.sha256()
        try:
            with open(dest, 'wb') as out:
                while True:
                    try:
                        block = source.read(CHUNK)
                    except (socket.timeout, TimeoutError, OSError, HTTPException) as e:
                        raise StoreError('unreachable', 'the download of %s broke off: %s'
                                         % (self.url_of(name), e))
                    if not block:
                        break
                    digest.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
        finally:
            source.close()
        return digest.hexdigest()

    def put(self, name, data=None, path=None):
        """Write ``name`` from bytes or a local file."""
        if self.scheme == 'file':
            try:
                if not os.path.isdir(self.root):
                    try:
                        os.makedirs(self.root)
                    except OSError as e:  # another builder made it in between
                        if e.errno != errno.EEXIST or not os.path.isdir(self.root):
                            raise
                target = os.path.join(self.root, name)
                with open(target, 'wb') as out:
                    if path:
                        with open(path, 'rb') as source:
                            for block in iter(lambda: source.read(CHUNK), b''):
                                out.write(block)
                    else:
                        out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
            except (IOError, OSError) as e:
                raise StoreError('auth' if e.errno in (errno.EACCES, errno.EROFS) else 'unreachable',
                                 'cannot write %s: %s' % (self.url_of(name), e.strerror))
            return
        for attempt in (1, 2):
            try:
                if path:
                    with open(path, 'rb') as source:
                        self._open('PUT', name, data=source, headers={
                            'Content-Length': str(os.path.getsize(path)),
                            'Content-Type': 'application/octet-stream'}).close()
                else:
                    self._open('PUT', name, data=data, headers={
                        'Content-Type': 'application/octet-stream'}).close()
                return
            except StoreError as e:
                # WebDAV answers 409 when the platform's collection does not exist yet
                if e.status != 409 or attempt == 2:
                    raise
                self._mkcol()

    def _mkcol(self):
        url = '%s/%s/' % (self.base, quote(self.platform))
        try:
            self._open('MKCOL', None, url=url).close()
        except StoreError as e:
            if e.status != 405:  # 405: it exists
                raise

    def move(self, source, target, overwrite):
        """Rename ``source`` to ``target``. True when done, False when ``target`` exists and
        ``overwrite`` is off, None when the server has no MOVE (then nothing happened)."""
        if self.scheme == 'file':
            src, dst = os.path.join(self.root, source), os.path.join(self.root, target)
            try:
                if overwrite:
                    os.rename(src, dst)
                    return True
                try:
                    os.link(src, dst)  # fails where dst exists: no overwrite, atomically
                except (IOError, OSError) as e:
                    if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                        raise
                    # A share without hard links (some SMB mounts): claim the final name by
                    # creating it exclusively (EEXIST: another's is there), then replace the
                    # empty claim. Readers see no manifest until the publisher writes one.
                    os.close(os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
                    os.rename(src, dst)
                    return True
                os.unlink(src)
            except (IOError, OSError) as e:
                if e.errno == errno.EEXIST:
                    return False
                raise StoreError('unreachable', 'cannot move %s into place: %s'
                                 % (self.url_of(target), e.strerror))
            return True
        try:
            self._open('MOVE', source, headers={'Destination': self.url_of(target),
                                                'Overwrite': 'T' if overwrite else 'F'}).close()
        except StoreError as e:
            if e.status == 412:
                return False
            if e.status in (405, 501):  # the server has no MOVE
                return None
            raise
        return True

    def has_move(self, token):
        """Whether the server renames (WebDAV ``MOVE``): found out once per store with a small
        probe file of this upload's ``token``, so that the archive goes up once. A ``file://``
        share always renames."""
        if self.scheme == 'file':
            return True
        if getattr(self, '_has_move', None) is None:
            probe = '.move-probe-%s' % check_name(token, 'upload token')
            self.put(probe, data=b'')
            moved = self.move(probe, probe + '.moved', overwrite=True)
            self.delete(probe if moved is None else probe + '.moved')
            self._has_move = moved is not None
        return self._has_move

    def delete(self, name):
        if self.scheme == 'file':
            try:
                os.unlink(os.path.join(self.root, name))
            except (IOError, OSError) as e:
                if e.errno != errno.ENOENT:
                    raise StoreError('unreachable', 'cannot delete %s: %s'
                                     % (self.url_of(name), e.strerror))
            return
        try:
            self._open('DELETE', name).close()
        except StoreError as e:
            # 405/501: a server without DELETE (a temporary name stays; the manifest is then
            # replaced in place, last, as always)
            if e.status not in (404, 410, 405, 501):
                raise


def names(stem):
    return stem + '.tar.zst', stem + '.sha256', stem + '.json'


def inspect(store, stem, version, build, identity=None):
    """What the store holds for ``stem``: ``{status, reason, manifest, sha256}``.

    ``status`` is ``present`` (a manifest of this version and build, and a ``.sha256`` that
    agrees with it), ``missing`` (no manifest: never published, or an upload that did not
    finish) or ``damaged`` (a manifest of another version or build, an unreadable one, a
    ``.sha256`` that disagrees, or, with ``identity`` (artifact_identity.identity: this host's
    inputs of the build), a manifest of a build from other inputs: its reason names each). The
    archive itself is checked by :func:`fetch`.
    """
    check_name(stem, 'artifact')
    archive, sha_name, manifest_name = names(stem)
    raw = store.get_small(manifest_name)
    result = {'status': 'missing', 'manifest': None, 'sha256': None,
              'url': store.url_of(archive),
              'reason': 'no manifest at %s' % store.url_of(manifest_name)}
    if raw is None:
        return result
    try:
        manifest = json.loads(raw.decode('utf-8'))
    except (ValueError, UnicodeDecodeError) as e:
        return dict(result, status='damaged',
                    reason='the manifest at %s is not JSON (%s)' % (store.url_of(manifest_name), e))
    if not isinstance(manifest, dict) or not SHA256.match(str(manifest.get('sha256', ''))):
        return dict(result, status='damaged',
                    reason='the manifest at %s records no sha256' % store.url_of(manifest_name))
    result['manifest'] = manifest
    if str(manifest.get('version')) != str(version) or \
            (manifest.get('build') or 'plain') != build:
        return dict(result, status='damaged',
                    reason='the manifest at %s is of Python %s (%s build), not %s (%s build)'
                    % (store.url_of(manifest_name), manifest.get('version'),
                       manifest.get('build') or 'plain', version, build))
    if identity is not None:
        other = mismatch(manifest, identity, 'the artifact at %s' % store.url_of(archive))
        if other:
            return dict(result, status='damaged', reason=other)
    recorded = parse_sha256_file((store.get_small(sha_name) or b'').decode('utf-8', 'replace'))
    if recorded != manifest['sha256']:
        return dict(result, status='damaged',
                    reason='%s says %s, the manifest %s'
                    % (store.url_of(sha_name), recorded or 'nothing', manifest['sha256']))
    return dict(result, status='present', sha256=manifest['sha256'], reason='')


def fetch(store, stem, version, build, dest, pin='', keep_damaged=False, identity=None):
    """Download the archive of ``stem`` to ``dest`` (through ``dest.part``, renamed only when its
    sha256 is the manifest's and the pin's). Returns ``(inspection, changed)``; a ``dest`` that
    already holds the verified archive is not downloaded again. With ``keep_damaged`` (the
    platform's builder, which republishes), a missing or damaged artifact is reported in the
    inspection's ``status`` instead of raised. ``pin`` is always raised. ``identity``: as for
    :func:`inspect` (an artifact of other inputs is never installed)."""
    found = inspect(store, stem, version, build, identity)
    if found['status'] == 'present':
        require_pin(pin, found['sha256'], 'the artifact at %s' % found['url'], version,
                    store.platform, 'nothing was installed. Pin the sum the team has vetted, or '
                                    'restore that artifact in the store.')
    if found['status'] != 'present':
        if keep_damaged:
            return found, False
        raise StoreError(found['status'], 'no verified artifact of Python %s (%s build) for %s '
                                          'at %s: %s. Nothing was installed. The platform\'s '
                                          'builder (its first host in the play) publishes it with '
                                          'python_build_artifact_upload: put; with none, publish '
                                          'the builder\'s python_build_artifact_dir to the store '
                                          '(see the README), then run again.'
                         % (version, build, store.platform, found['url'], found['reason']))
    have = os.path.isfile(dest) and sha256_file(dest) == found['sha256']
    if have and not keep_damaged:
        # This host's copy is the one the store's manifest records: nothing to download.
        return found, False
    # keep_damaged: the builder checks the store's own archive, on every run (its local copy
    # can be good while the store's is damaged, and only the builder republishes).
    part = '%s.part-%d' % (dest, os.getpid())
    parent = os.path.dirname(dest)
    if parent and not os.path.isdir(parent):
        os.makedirs(parent, 0o755)
    try:
        got = store.download(names(stem)[0], part)
        if got != found['sha256']:
            reason = ('the archive is missing' if got is None else
                      'the archive has sha256 %s, its manifest and .sha256 say %s'
                      % (got, found['sha256']))
            damaged = dict(found, status='damaged', reason=reason)
            if keep_damaged:
                return damaged, False
            raise StoreError('damaged', 'the artifact of Python %s at %s is refused: %s. Nothing '
                                        'was installed; the builder of %s republishes it (with '
                                        'python_build_artifact_upload: put).'
                             % (version, found['url'], reason, store.platform))
        if have:
            return found, False
        os.rename(part, dest)
    finally:
        if os.path.exists(part):
            os.unlink(part)
    return found, True


def publish(store, stem, version, build, src, manifest, token, wait=MANIFEST_WAIT, identity=None,
            settle=SETTLE):
    """Upload the archive ``src`` with its ``.sha256`` and ``manifest`` (written last; with
    ``identity``, the manifest records it and its fingerprint, and an artifact of other inputs in
    the store counts as damaged: it is replaced).

    Returns ``(changed, inspection)``: nothing is uploaded where the store already holds a
    verified artifact of this version and build (another play's builder got there first: its
    artifact is the one this play's hosts install). ``token`` makes the temporary names of this
    upload unique. ``settle``: see :data:`SETTLE` (stores without MOVE only).
    """
    archive, sha_name, manifest_name = names(stem)
    digest = sha256_file(src)
    before = _verified(store, stem, version, build, src, identity)
    if before['status'] == 'present':
        return False, before
    if before['status'] == 'damaged':
        # Readers see "missing" from here on, not a manifest that no longer matches.
        store.delete(manifest_name)
    check_name(token, 'upload token')
    line = ('%s  %s\n' % (digest, archive)).encode('utf-8')
    document = dict(manifest, version=str(version), build=build, sha256=digest)
    if identity is not None:
        document.update(identity=identity, fingerprint=fingerprint(identity))
    body = (json.dumps(document, indent=2, sort_keys=True) + '\n').encode('utf-8')
    if not store.has_move(token):
        return _publish_in_place(store, stem, version, build, src, line, body, identity, settle)
    part = '%s.part-%s' % (archive, token)
    store.put(part, path=src)
    placed = store.move(part, archive, overwrite=before['status'] == 'damaged')
    if placed is None:  # the server stopped renaming since the probe
        store.delete(part)
        return _publish_in_place(store, stem, version, build, src, line, body, identity, settle)
    if placed is False:
        # Another archive is in place: another builder between its archive and its manifest, or
        # the leftover of an upload that crashed. Wait for the other's manifest.
        deadline = time.time() + wait
        while True:
            other = _verified(store, stem, version, build, src, identity)
            if other['status'] == 'present':
                store.delete(part)
                return False, other
            if time.time() >= deadline:
                break
            time.sleep(1)
        store.move(part, archive, overwrite=True)
    _put_atomic(store, sha_name, line, token)
    _put_atomic(store, manifest_name, body, token)
    return True, inspect(store, stem, version, build, identity)


def _publish_in_place(store, stem, version, build, src, line, body, identity, settle):
    """Publish on a server without MOVE: the three final names written directly (such servers
    store a PUT only once it is complete), the manifest last; then, after ``settle`` seconds,
    what the store holds is checked. Another builder writing the same names at once may have
    mixed its files with these: then, unless the store settles on one artifact that verifies
    (the other's), this builder writes its own again."""
    archive, sha_name, manifest_name = names(stem)
    digest = line.split()[0].decode('ascii')
    for _attempt in range(REWRITES):
        store.put(archive, path=src)
        store.put(sha_name, data=line)
        store.put(manifest_name, data=body)
        for _look in range(2):
            time.sleep(settle)
            found = _verified(store, stem, version, build, src, identity)
            if found['status'] == 'present':
                return found['sha256'] == digest, found
        # Still mixed after two looks: the other builder's writes are over; write ours again,
        # after a pause of our own, so that two builders do not write in step forever.
        time.sleep(settle * (1 + (os.urandom(1)[0] / 255.0)))
    raise StoreError('race', 'the store %s has no MOVE, and its %s, .sha256 and manifest stayed '
                             'mixed with another builder\'s after %d writes: let one run publish '
                             'at a time, or use a store that renames (WebDAV MOVE)'
                     % (redact_url(store.url_of(archive)), archive, REWRITES))


def _verified(store, stem, version, build, src, identity=None):
    """:func:`inspect`, and where that says present, the archive itself checked too (downloaded
    beside ``src``): a builder replaces a damaged archive, never one that verifies."""
    found = inspect(store, stem, version, build, identity)
    if found['status'] != 'present':
        return found
    probe = '%s.verify-%d' % (src, os.getpid())
    try:
        found = fetch(store, stem, version, build, probe, keep_damaged=True, identity=identity)[0]
    finally:
        if os.path.exists(probe):
            os.unlink(probe)
    return found


def _put_atomic(store, name, data, token):
    part = '%s.part-%s' % (name, token)
    store.put(part, data=data)
    placed = store.move(part, name, overwrite=True)
    if placed is None:
        store.delete(part)
        store.put(name, data=data)


def upload_token(host):
    """A name part unique to one upload: the host and random bytes."""
    safe = re.sub(r'[^A-Za-z0-9.-]', '-', str(host))[:40] or 'host'
    return '%s-%s' % (safe, binascii.hexlify(os.urandom(4)).decode('ascii'))
