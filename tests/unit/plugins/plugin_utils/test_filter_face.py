# -*- coding: utf-8 -*-
"""plugin_utils/filter_face.py: the shared face of the collection's filters."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    boolean_arg,
    filter_errors,
    require,
)


class Expensive(object):
    def __repr__(self):
        raise AssertionError('formatted although the check passed')


def test_require_formats_only_a_refusal():
    require(True, 'never %r', Expensive())
    with pytest.raises(AnsibleFilterError, match=r"^x: got \[1\] and 'b'$"):
        require(False, 'x: got %r and %r', [1], 'b')
    with pytest.raises(AnsibleFilterError, match='^100% plain$'):
        require(False, '100% plain')


@pytest.mark.parametrize('value, expected', [(True, True), ('yes', True), ('false', False), (0, False)])
def test_boolean_arg_takes_ansible_booleans(value, expected):
    assert boolean_arg(value, 'x %r') is expected


def test_boolean_arg_names_the_value():
    with pytest.raises(AnsibleFilterError, match="^flag must be a boolean, got 'perhaps'$"):
        boolean_arg('perhaps', 'flag must be a boolean, got %r')


def test_filter_errors_maps_only_the_named_errors():
    with pytest.raises(AnsibleFilterError, match='^f: bad input$'):
        with filter_errors(ValueError, 'f: %s'):
            raise ValueError('bad input')
    with pytest.raises(AnsibleFilterError, match='^f: bad input, more$'):
        with filter_errors(ValueError, lambda exc: 'f: %s, more' % exc):
            raise ValueError('bad input')
    with pytest.raises(KeyError):
        with filter_errors(ValueError, 'f: %s'):
            raise KeyError('not ours')
