# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small client for the Posit Connect API endpoints this collection uses, and what it makes
of their answers. Standard library only (it runs on managed hosts).

* ``GET /__api__/v1/content``: deployed content; each item's ``guid``, ``name``, ``title``,
  ``content_url``/``dashboard_url`` and ``py_version`` (the Python it was deployed with).
* ``GET /__api__/v1/server_settings/python``: ``installations`` (each with ``version``, and
  ``cluster_name``/``image_name`` for off-host execution) and ``api_enabled``.

For the interpreter lifecycle (upgrade.yml), as rsconnect-python and posit-sdk-py use them:

* ``POST /__api__/v1/content/{guid}/build`` with ``{"bundle_id"}``: ``{"task_id"}`` (2021.11.1+);
* ``GET /__api__/v1/tasks/{id}?wait=N``: ``finished``, ``code``, ``error``, ``output`` lines;
* ``GET`` and ``DELETE /__api__/v1/system/caches/runtime`` (administrator, 2023.05+): the runtime
  caches, and the removal of one (``{language, version, image_name, dry_run}``, a ``task_id``).

And, to know what the key may see and to build what is live now (REFERENCE section 14):

* ``GET /__api__/v1/user``: the key's user, with ``user_role`` (administrator, publisher,
  viewer). A publisher's key lists only what that user may see, a viewer's lists ``py_version``
  null: neither can protect content nor rebuild it (:func:`require_administrator`);
* ``GET /__api__/v1/content/{guid}``: one item, with the ``bundle_id`` active now.

All take ``Authorization: Key <API key>``. Nothing else of their answers is relied on.

A :class:`Client` keeps the cookies its server sets for as long as it lives: in a Connect cluster
a task lives on the node that runs it, and the load balancer's sticky-session cookie is what
brings each poll of that task back to that node (Connect's task API; rsconnect-python keeps a
cookie jar for the same reason). So ``server_url`` may be the cluster's load balancer.

Requests go through Ansible's own HTTP client (``ansible.module_utils.urls.open_url``), which
handles certificate validation, ``ca_path``, client certificates (Connect behind mutual TLS) and
proxies (``https_proxy``, ``no_proxy``) the way every other module does. Redirects are never
followed: they would carry the API key to wherever they point.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import ssl
import time

from http.cookiejar import CookieJar

from urllib.parse import quote, urlencode

from ansible_collections.connect_ops.interpreters.plugins.module_utils import http_transport

CONTENT = '/__api__/v1/content'
CONTENT_ITEM = '/__api__/v1/content/%s'
USER = '/__api__/v1/user'
BUILD = '/__api__/v1/content/%s/build'
TASK = '/__api__/v1/tasks/%s'
RUNTIME_CACHES = '/__api__/v1/system/caches/runtime'
PYTHON_SETTINGS = '/__api__/v1/server_settings/python'
DEFAULT_URL = 'http://localhost:3939'
MAX_BODY = 64 * 1024 * 1024


# Answers a reverse proxy gives while the Connect behind it is down or restarting.
PROXY_DOWN = (502, 503, 504)


# The connection arguments every module that talks to Connect takes (doc fragment
# connect_ops.interpreters.connect_api; module_defaults group connect_ops.interpreters.connect).
# How Ansible's HTTP client reaches a server: also the artifact store's (python_build_artifact).
TRANSPORT_ARGUMENT_SPEC = dict(
    ca_path=dict(type='path'),
    validate_certs=dict(type='bool', default=True),
    client_cert=dict(type='path'),
    client_key=dict(type='path', no_log=False),
    use_proxy=dict(type='bool', default=True),
)
CONNECTION_ARGUMENT_SPEC = dict(
    server_url=dict(type='str', default=DEFAULT_URL),
    api_key=dict(type='str', required=True, no_log=True),
    timeout=dict(type='float', default=10),
    **TRANSPORT_ARGUMENT_SPEC
)


def client_from(params):
    """A :class:`Client` from a module's connection arguments."""
    if params['timeout'] <= 0:
        raise ConnectError('config', 'timeout must be above 0, got %s' % params['timeout'])
    return Client(params['server_url'], params['api_key'], ca_path=params['ca_path'],
                  validate_certs=params['validate_certs'], timeout=params['timeout'],
                  client_cert=params['client_cert'], client_key=params['client_key'],
                  use_proxy=params['use_proxy'])


class ConnectError(Exception):
    """Connect could not be asked, or answered something this client cannot use. ``kind`` is
    one of unreachable, timeout, tls, auth, http, malformed, disabled, config (an argument of
    ours that cannot work: a bad URL, a missing or unreadable CA file)."""

    def __init__(self, kind, message, status=None):
        super(ConnectError, self).__init__(message)
        self.kind = kind
        self.status = status

    @property
    def connect_down(self):
        """The one rule for "Connect is not answering": nothing listens, it does not answer in
        time, or a reverse proxy in front of it answers 502, 503 or 504. Waits ride it out, and
        ``connect_python_api_required: false`` lets a run go on through it; every other error
        is a configuration error that always stops."""
        return self.kind in ('unreachable', 'timeout') or self.status in PROXY_DOWN


def check_url(url):
    """``server_url`` without its trailing ``/``, or a ConnectError; no message shows the URL's
    user-info."""
    try:
        parts, shown = http_transport.split_url(url)
    except ValueError as exc:
        raise ConnectError('config', 'server_url: %s; give one such as %s' % (exc, DEFAULT_URL))
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise ConnectError('config', 'server_url: %r is not an http(s) URL such as %s'
                           % (shown, DEFAULT_URL))
    if parts.username or parts.password or '@' in parts.netloc:
        raise ConnectError('config', 'server_url: %r carries credentials; give the API key '
                           'as api_key instead' % shown)
    return url.rstrip('/')


def tls_context(ca_path):
    """The default TLS context, trusting ``ca_path`` (a PEM bundle) when given."""
    try:
        return ssl.create_default_context(cafile=ca_path or None)
    except (IOError, OSError) as exc:
        if isinstance(exc, ssl.SSLError):
            raise ConnectError('config', 'ca_path: %s holds no usable PEM certificate (%s); give '
                                         'the CA bundle that signed Connect\'s certificate, in PEM'
                               % (ca_path, exc))
        raise ConnectError('config', 'ca_path: cannot read %s (%s); give the path of the CA '
                                     'bundle that signed Connect\'s certificate'
                           % (ca_path, exc.strerror or exc))


def check_client_certificate(client_cert, client_key):
    """A client certificate (and key) that can be loaded, or a ConnectError naming the file."""
    if client_key and not client_cert:
        raise ConnectError('config', 'client_key is given without client_cert; give both, or '
                                     'client_cert alone when it holds the key too')
    for option, path in (('client_cert', client_cert), ('client_key', client_key)):
        if path and not os.path.isfile(path):
            raise ConnectError('config', '%s: cannot read %s (no such file); give the PEM file '
                                         'of the certificate Connect asks for' % (option, path))
    if client_cert:
        try:
            ssl.create_default_context().load_cert_chain(client_cert, client_key or None)
        except (ssl.SSLError, IOError, OSError) as exc:
            raise ConnectError('config', 'client_cert: %s%s cannot be used (%s); give a PEM '
                                         'certificate and its unencrypted key'
                               % (client_cert, ' with %s' % client_key if client_key else '',
                                  exc))


class Client(object):
    def __init__(self, url, api_key, ca_path=None, validate_certs=True, timeout=10.0,
                 client_cert=None, client_key=None, use_proxy=True):
        self.url = check_url(url)
        if not api_key or any(c in api_key for c in '\r\n'):
            raise ConnectError('auth', 'api_key is empty or holds a line break; give an API key '
                                       'of a Connect administrator')
        self.api_key = api_key
        self.timeout = float(timeout)
        if self.url.startswith('https:') and ca_path:
            tls_context(ca_path)  # a missing or broken CA file is named before any request
        check_client_certificate(client_cert, client_key)
        # One jar for every request of this client: a load balancer's sticky-session cookie
        # keeps a task's polls on the node that runs the task.
        self.cookies = CookieJar()
        self.options = dict(validate_certs=validate_certs, ca_path=ca_path or None,
                            client_cert=client_cert or None, client_key=client_key or None,
                            use_proxy=use_proxy, cookies=self.cookies)

    def get(self, path, query=None):
        return self.request('GET', path, query)

    def request(self, method, path, query=None, body=None):
        """One request; ``body`` (a dict) is sent as JSON. The answer, parsed from JSON."""
        url = self.url + path + ('?' + urlencode(query) if query else '')
        headers = {'Authorization': 'Key ' + self.api_key, 'Accept': 'application/json'}
        data = None
        if body is not None:
            data = json.dumps(body).encode('utf-8')
            headers['Content-Type'] = 'application/json'
        try:
            response = http_transport.request(url, method, self.timeout, self.options, data=data,
                                              headers=headers)
            body = response.read(MAX_BODY + 1)
        except http_transport.ERRORS as e:
            raise self._error(url, http_transport.failure(e))
        if len(body) > MAX_BODY:
            raise ConnectError('malformed', '%s answered more than %d bytes' % (url, MAX_BODY))
        try:
            return json.loads(body.decode('utf-8'))
        except (ValueError, UnicodeDecodeError) as e:
            raise ConnectError('malformed', '%s did not answer JSON (%s): %r'
                               % (url, e, body[:200]))

    def _error(self, url, failure):
        """The ConnectError a failed request (an http_transport.Failure) is, worded for
        Connect's administrators."""
        kind, status, reason = failure.kind, failure.status, failure.reason
        if kind == http_transport.AUTH:
            return ConnectError('auth', '%s answered %d %s: the API key was refused; these '
                                        'endpoints need the key of a Connect administrator '
                                        '(a publisher\'s key sees only its own content)%s'
                                % (url, status, reason,
                                   ': ' + failure.detail if failure.detail else ''), status=status)
        if kind == http_transport.REDIRECT:
            return ConnectError('http', '%s answered %d, a redirect to %s, which is not followed '
                                        '(it would carry the API key); give the final URL as '
                                        'server_url' % (url, status, failure.location),
                                status=status)
        if kind == http_transport.HTTP:
            return ConnectError('http', '%s answered %d %s%s'
                                % (url, status, reason,
                                   ': ' + failure.detail[:500] if failure.detail else ''),
                                status=status)
        if kind == http_transport.TIMEOUT:
            return ConnectError('timeout', 'Connect at %s did not answer within %g s (%s)'
                                % (url, self.timeout, reason))
        if kind == http_transport.TLS:
            return ConnectError('tls', 'TLS failed talking to %s: %s; give the CA bundle that '
                                       'signed Connect\'s certificate as ca_path' % (url, reason))
        if kind == http_transport.MALFORMED:
            return ConnectError('malformed', '%s did not answer HTTP (%s): is server_url the '
                                             'address of Connect, with the right scheme and port?'
                                % (url, reason))
        if kind == http_transport.CONFIG:
            return ConnectError('config', 'cannot ask %s: %s; check server_url' % (url, reason))
        return ConnectError('unreachable', 'Connect does not answer at %s: %s (is it running, '
                                           'and is server_url right?)' % (url, reason))

    def get_until_answered(self, path, wait):
        """``get``, retried while Connect does not answer yet (it is restarting: nothing listens,
        or a proxy answers 502/503/504) for at most ``wait`` seconds (0: one attempt); other
        errors are raised at once."""
        return self.get_until_answered_by(lambda: self.get(path), wait)

    @staticmethod
    def get_until_answered_by(ask, wait):
        """``ask()``, retried as :meth:`get_until_answered` retries."""
        deadline = time.monotonic() + max(0.0, float(wait))
        while True:
            try:
                return ask()
            except ConnectError as e:
                if not e.connect_down or time.monotonic() >= deadline:
                    if e.connect_down and wait:
                        raise ConnectError(e.kind, '%s; waited %g s' % (e, wait), e.status)
                    raise
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))

    def content(self, wait=0):
        """Every content item. ``/v1/content`` answers a JSON array; an answer paged like the
        other v1 lists (``{"results": [...], "current_page", "total"}``) is followed page by
        page. ``wait``: see :meth:`get_until_answered`."""
        first = self.get_until_answered(CONTENT, wait)
        if isinstance(first, list):
            return first
        if not isinstance(first, dict) or not isinstance(first.get('results'), list):
            raise ConnectError('malformed', '%s%s answered neither a list nor a page of results'
                               % (self.url, CONTENT))
        items, page = list(first['results']), first
        total = page.get('total')
        number = page.get('current_page') or 1
        while page['results'] and isinstance(total, int) and len(items) < total:
            number += 1
            page = self.get(CONTENT, {'page_number': number})
            if not isinstance(page, dict) or not isinstance(page.get('results'), list):
                raise ConnectError('malformed', 'page %d of %s%s is not a page of results'
                                   % (number, self.url, CONTENT))
            items.extend(page['results'])
        return items

    def user_role(self):
        """The role of the key's user: ``administrator``, ``publisher`` or ``viewer``."""
        answer = self.get(USER)
        role = answer.get('user_role') if isinstance(answer, dict) else None
        if not isinstance(role, str) or not role:
            raise ConnectError('malformed', '%s%s answered no user_role: %r'
                               % (self.url, USER, answer if not isinstance(answer, dict)
                                  else sorted(answer)))
        return role

    def content_item(self, guid):
        """One content item as Connect has it now (its active ``bundle_id`` included)."""
        answer = self.get(CONTENT_ITEM % quote(str(guid), safe=''))
        if not isinstance(answer, dict) or answer.get('guid') != guid:
            raise ConnectError('malformed', '%s%s answered no content item'
                               % (self.url, CONTENT_ITEM % guid))
        return answer

    def build(self, guid, bundle_id):
        """Start a rebuild of ``guid``'s bundle ``bundle_id``; its task id."""
        answer = self.request('POST', BUILD % quote(str(guid), safe=''),
                              body={'bundle_id': str(bundle_id)})
        if not isinstance(answer, dict) or not answer.get('task_id'):
            raise ConnectError('malformed', 'POST %s%s answered no task_id: %r'
                               % (self.url, BUILD % guid, answer))
        return str(answer['task_id'])

    def task(self, task_id, wait=0, first=0):
        """A task's state, waiting up to ``wait`` seconds on Connect's side for it to finish."""
        answer = self.get(TASK % quote(str(task_id), safe=''),
                          {'wait': int(wait), 'first': int(first)})
        if not isinstance(answer, dict) or 'finished' not in answer:
            raise ConnectError('malformed', '%s%s answered no task: %r'
                               % (self.url, TASK % task_id, answer))
        return answer

    def runtime_caches(self):
        """``[{language, version, image_name}]``."""
        answer = self.get(RUNTIME_CACHES)
        if not isinstance(answer, dict) or not isinstance(answer.get('caches'), list):
            raise ConnectError('malformed', '%s%s did not answer {"caches": [...]}'
                               % (self.url, RUNTIME_CACHES))
        return [c for c in answer['caches'] if isinstance(c, dict)]

    def delete_runtime_cache(self, language, version, image_name, dry_run):
        """Ask Connect to delete one runtime cache; its answer (``task_id`` null on a dry run)."""
        answer = self.request('DELETE', RUNTIME_CACHES, body={
            'language': language, 'version': version, 'image_name': image_name,
            'dry_run': bool(dry_run)})
        if not isinstance(answer, dict):
            raise ConnectError('malformed', 'DELETE %s%s answered %r'
                               % (self.url, RUNTIME_CACHES, answer))
        return answer

    def python_settings(self, wait=0):
        settings = self.get_until_answered(PYTHON_SETTINGS, wait)
        if not isinstance(settings, dict) or not isinstance(settings.get('installations'), list):
            raise ConnectError('malformed', '%s%s did not answer {"installations": [...]}'
                               % (self.url, PYTHON_SETTINGS))
        return settings


# What the key's role lets a run see and do (REFERENCE section 14): an administrator sees every
# item with its py_version and may build any; a publisher sees only what that user may see; a
# viewer's listing has py_version null.
ROLE_SEES = {
    'publisher': 'it lists only the content that user may see, so the rest is neither protected '
                 'nor rebuilt',
    'viewer': 'it lists content without py_version, so no item is known to need any version',
}


def require_administrator(role, what):
    """None for an administrator's key; else the message that refuses ``what`` (for example
    "protecting deployed content"), naming the role the key has and the one it needs."""
    if role == 'administrator':
        return None
    sees = ROLE_SEES.get(role, 'its view of the content is not known to be complete')
    return ('the API key is a %s\'s (GET /__api__/v1/user: user_role %s): %s. %s needs the key '
            'of a user with the administrator role; give one as connect_python_api_key. Nothing '
            'was changed.' % (role, role, sees, what[:1].upper() + what[1:]))


def installations(settings):
    """``[{'version', 'cluster_name', 'image_name'}]`` from server_settings/python."""
    out = []
    for item in settings.get('installations') or []:
        if isinstance(item, dict) and isinstance(item.get('version'), str):
            out.append({'version': item['version'], 'cluster_name': item.get('cluster_name'),
                        'image_name': item.get('image_name')})
    return out


def content_versions(items):
    """Deployed content grouped by the Python version it was deployed with:
    ``{version: {'count', 'items': [{'guid', 'title', 'url'}]}}``; items without
    ``py_version`` (R, static, Quarto without Python) are left out."""
    grouped = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        version = item.get('py_version')
        if not isinstance(version, str) or not version.strip():
            continue
        entry = grouped.setdefault(version.strip(), {'count': 0, 'items': []})
        entry['count'] += 1
        entry['items'].append({
            'guid': item.get('guid'),
            'title': item.get('title') or item.get('name') or item.get('guid'),
            'url': item.get('dashboard_url') or item.get('content_url'),
            'bundle_id': item.get('bundle_id'),
        })
    return grouped


def missing_installations(expected_versions, settings):
    """The expected versions (the configured interpreters') that Connect does not list."""
    have = set(i['version'] for i in installations(settings))
    return [v for v in expected_versions if v not in have]
