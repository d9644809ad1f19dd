# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one face every filter of the collection wears over its module_utils.

A filter checks its arguments as the user sees them (the name in the message is the variable or
argument they typed), calls module_utils, and turns module_utils' own exception into
AnsibleFilterError with the filter's wording. These helpers do that work once:

* ``require(ok, message, *args)``: refuse with ``message % args`` unless ``ok`` (the message is
  only formatted when it is needed: a filter may be called once per host with large inputs);
* ``boolean_arg(value, message)``: a strict boolean, or ``message % (value,)``;
* ``filter_errors(errors, template)``: a context in which ``errors`` become AnsibleFilterError
  with ``template % (exc,)``, or ``template(exc)`` where the message needs more than the error;
* ``check_today(name, today)``: the day a date-dependent filter decides for (YYYY-MM-DD, today in
  UTC when not given);
* ``release_data_arg(name, checksums, data)``: the release data in use (release_data.merged), from
  a filter's ``checksums`` (python_build_checksums) and ``release_data`` (the
  ``python_release_data`` lookup's result) arguments.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
from contextlib import contextmanager

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.release_data import (
    ReleaseDataError,
    check_data,
    merged,
)

_DAY = re.compile(r'^\d{4}-\d{2}-\d{2}$')


def require(ok, message, *args):
    """Refuse the call with ``message % args`` (``message`` alone without args) unless ``ok``."""
    if not ok:
        raise AnsibleFilterError(message % args if args else message)


def boolean_arg(value, message):
    """``value`` as a strict boolean; otherwise refuse with ``message % (value,)``."""
    try:
        return boolean(value, strict=True)
    except TypeError:
        raise AnsibleFilterError(message % (value,))


@contextmanager
def filter_errors(errors, template='%s'):
    """Turn ``errors`` raised inside the block into AnsibleFilterError(``template % (exc,)``),
    or AnsibleFilterError(``template(exc)``) when ``template`` is a function."""
    try:
        yield
    except errors as exc:
        raise AnsibleFilterError(template(exc) if callable(template) else template % (exc,))


def check_today(name, today):
    """``today`` (YYYY-MM-DD), or the current day in UTC when it is empty."""
    today = today or datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d')
    require(isinstance(today, str) and bool(_DAY.match(today)),
            '%s: today must be a date as YYYY-MM-DD, not %r', name, today)
    return today


def release_data_arg(name, checksums=None, data=None):
    """The ReleaseData a filter decides with: the collection's, ``data`` (what the
    ``python_release_data`` lookup returned; checked again here) over it, ``checksums``
    (python_build_checksums) over both."""
    require(checksums is None or isinstance(checksums, dict), '%s: checksums must be '
            'python_build_checksums (a dict of version: sha256), not %r', name, checksums)
    require(data is None or isinstance(data, dict), '%s: release_data must be what the '
            'connect_ops.interpreters.python_release_data lookup returns (a dict), not %r',
            name, type(data).__name__)
    if data:
        with filter_errors(ReleaseDataError, name + ': %s'):
            data = check_data(data, 'given to ' + name)
    return merged(checksums, data or None)
