# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one HTTP transport of the collection's clients (Connect's API in ``connect_api``, the
artifact store in ``artifact_store``): a request as both make it, and what a failed request
was, decided once.

:func:`request` goes through Ansible's HTTP client (``ansible.module_utils.urls.open_url``), so
``ca_path``, client certificates, ``validate_certs`` and the environment's proxy settings work
alike; redirects are never followed (they would carry the credentials elsewhere) and ``~/.netrc``
is never read. :func:`failure` turns whatever a request raised (one of :data:`ERRORS`) into a
:class:`Failure`; each client words it for its users. A fix to either lands in both clients.
Standard library only, besides Ansible's HTTP client (this runs on managed hosts).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import ssl

from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from ansible.module_utils.urls import ConnectionError as UrlsConnectionError
from ansible.module_utils.urls import open_url

from ansible_collections.connect_ops.interpreters.plugins.module_utils.redact import (
    redact_url,
    secret_free,
)

AGENT = 'connect_ops.interpreters'
# What :func:`request` raises when the request fails (HTTPError, a URLError, ssl.SSLError and
# socket.timeout are OSErrors).
ERRORS = (OSError, IOError, UrlsConnectionError, HTTPException, ValueError)
# How much of an error answer's body a message may quote.
DETAIL = 2000

# The kinds of Failure.
AUTH = 'auth'                # 401 or 403: the credentials were refused
REDIRECT = 'redirect'        # 3xx: a redirect, never followed
HTTP = 'http'                # any other HTTP error status
TIMEOUT = 'timeout'          # no answer within the timeout
TLS = 'tls'                  # the TLS handshake or the certificate's validation failed
UNREACHABLE = 'unreachable'  # nothing answers (refused, no route, no such host, a proxy's failure)
MALFORMED = 'malformed'      # something answered, but not HTTP
CONFIG = 'config'            # the request could not be made from these arguments (a bad URL)


class Failure(object):
    """What a failed request was: ``kind`` (above), the HTTP ``status`` (or None), ``reason``
    (the status's reason phrase or the error's text), a redirect's ``location`` and the first
    :data:`DETAIL` characters of an error answer's body (``detail``)."""

    def __init__(self, kind, status=None, reason='', location=None, detail=''):
        self.kind = kind
        self.status = status
        self.reason = reason
        self.location = location
        self.detail = detail


def split_url(url):
    """``(parts, shown)``: ``url`` split (``urlsplit``, its port checked: ``.port`` raises for
    one that is not a number) and ``url`` as a message may show it (its user-info cut). A URL
    that cannot be split raises ValueError; its text never holds the user-info either."""
    shown = redact_url(url or '')
    try:
        parts = urlsplit(url or '')
        parts.port  # pylint: disable=pointless-statement
    except ValueError as exc:
        raise ValueError('%r is not a valid URL (%s)' % (shown, secret_free(str(exc), url)))
    return parts, shown


def request(url, method, timeout, options, data=None, headers=None):
    """``open_url`` as every client of the collection calls it; ``options`` are the TLS and
    proxy keywords (``validate_certs``, ``ca_path``, ``client_cert``, ``client_key``,
    ``use_proxy``, ``cookies``). Raises one of :data:`ERRORS`."""
    return open_url(url, data=data, headers=headers, method=method, timeout=timeout,
                    follow_redirects='none', use_netrc=False, http_agent=AGENT, **options)


def _body(error):
    try:
        return error.read(DETAIL).decode('utf-8', 'replace').strip()
    except Exception:  # pylint: disable=broad-except  # an answer that cannot be read adds nothing
        return ''


def failure(error):
    """The :class:`Failure` a request's exception (one of :data:`ERRORS`) stands for."""
    if isinstance(error, HTTPError):
        status = error.code
        if status in (401, 403):
            kind = AUTH
        elif 300 <= status < 400:
            kind = REDIRECT
        else:
            kind = HTTP
        location = error.headers.get('Location') if error.headers is not None else None
        return Failure(kind, status=status, reason=error.reason, location=location,
                       detail=_body(error))
    if isinstance(error, (socket.timeout, TimeoutError)):
        return Failure(TIMEOUT, reason=str(error))
    if isinstance(error, URLError):
        reason = error.reason
        if isinstance(reason, ssl.SSLError):
            return Failure(TLS, reason=str(reason))
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return Failure(TIMEOUT, reason=str(reason))
        return Failure(UNREACHABLE, reason=str(reason))
    if isinstance(error, ssl.SSLError):
        return Failure(TLS, reason=str(error))
    if isinstance(error, UrlsConnectionError):
        # Ansible's client: certificate validation and proxy failures
        text = str(error)
        lowered = text.lower()
        return Failure(TLS if 'certificate' in lowered or 'ssl' in lowered else UNREACHABLE,
                       reason=text)
    if isinstance(error, (OSError, IOError)):
        # before HTTPException: a connection closed without an answer (RemoteDisconnected) is
        # both, and is a server going away (a restart, a proxy's reset), not one that is not HTTP
        return Failure(UNREACHABLE, reason=str(error))
    if isinstance(error, HTTPException):
        return Failure(MALFORMED, reason='%s: %s' % (type(error).__name__, error))
    return Failure(CONFIG, reason=str(error))
