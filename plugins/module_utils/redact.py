# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a message or a result may show of a URL a user gave: never its user-info.

A URL refused because it is malformed cannot be trusted to parse, so the user-info is cut from
the raw text: everything between ``://`` and the last ``@`` (a password may hold ``/``, ``#``,
``@``, ``:`` or blanks). A path that holds an ``@`` loses a little more than the credentials; a
password never shows. Standard library only: this runs on managed hosts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

HIDDEN = '***'
_SEPARATORS = re.compile(r'[:@/#?\s]')


def _userinfo(url):
    text = '%s' % (url,)
    _scheme, sep, rest = text.partition('://')
    if not sep or '@' not in rest:
        return ''
    return rest.rpartition('@')[0]


def redact_url(url):
    """``url`` with anything that may be user-info replaced by ``***``."""
    text = '%s' % (url,)
    if not _userinfo(text):
        return text
    scheme, _sep, rest = text.partition('://')
    return '%s://%s@%s' % (scheme, HIDDEN, rest.rpartition('@')[2])


def secret_pieces(url):
    """Every string of ``url``'s user-info that may be (part of) a secret: the whole of it, what
    follows its first ``:``, and each piece between separators but the user name. A module adds
    them to its ``no_log_values``, so that they are masked wherever they appear in its result
    (its invocation included)."""
    info = _userinfo(url)
    if not info:
        return []
    pieces = [info]
    name, colon, password = info.partition(':')
    if colon:
        pieces.append(password)
        pieces.extend(p for p in _SEPARATORS.split(password) if p)
    else:
        pieces.extend(p for p in _SEPARATORS.split(info) if p)  # a token as the user name
    return sorted(set(p for p in pieces if p), key=len, reverse=True)


def secret_free(message, url):
    """``message`` with every secret piece of ``url``'s user-info taken out (for a parser's own
    error text, which may quote the part it could not read)."""
    for piece in secret_pieces(url):
        message = message.replace(piece, HIDDEN)
    return message
