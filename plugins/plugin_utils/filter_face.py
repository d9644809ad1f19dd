# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one face every filter of the collection wears over its module_utils.

A filter checks its arguments as the user sees them (the name in the message is the variable or
argument they typed), calls module_utils, and turns module_utils' own exception into
AnsibleFilterError with the filter's wording. These three helpers do that work once:

* ``require(ok, message, *args)``: refuse with ``message % args`` unless ``ok`` (the message is
  only formatted when it is needed: a filter may be called once per host with large inputs);
* ``boolean_arg(value, message)``: a strict boolean, or ``message % (value,)``;
* ``filter_errors(errors, template)``: a context in which ``errors`` become AnsibleFilterError
  with ``template % (exc,)``, or ``template(exc)`` where the message needs more than the error.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from contextlib import contextmanager

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean


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
