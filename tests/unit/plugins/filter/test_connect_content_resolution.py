# -*- coding: utf-8 -*-
"""connect_content_resolution: deployed content against the configured interpreters, under
Connect's two documented rules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.filter.connect_content_resolution import (
    connect_content_resolution,
)

CONTENT = {
    '3.11.2': {'count': 2, 'items': [{'guid': 'a', 'title': 'A'}, {'guid': 'b', 'title': 'B'}]},
    '3.11.9': {'count': 1, 'items': [{'guid': 'c', 'title': 'C'}]},
    '3.12.4': {'count': 1, 'items': [{'guid': 'd', 'title': 'D'}]},
    '3.13t': {'count': 1, 'items': [{'guid': 'e', 'title': 'E'}]},
}
FOUND = [{'path': '/opt/Python/3.11.2/bin/python3', 'version': '3.11.2', 'usable': True},
         {'path': '/opt/Python/3.11.7/bin/python3', 'version': '3.11.7', 'usable': True},
         {'path': '/opt/Python/3.12.1/bin/python3', 'version': '3.12.1', 'usable': False}]


def test_major_minor():
    out = connect_content_resolution(CONTENT, FOUND, 'major-minor')
    assert [(i['version'], i['count'], i['versions']) for i in out['interpreters']] == [
        ('3.11.2', 2, ['3.11.2']), ('3.11.7', 1, ['3.11.9'])]
    assert [(u['version'], u['count']) for u in out['unresolved']] == [('3.12.4', 1), ('3.13t', 1)]
    assert out['unresolved'][0]['items'] == [{'guid': 'd', 'title': 'D'}]
    assert out['unresolved'][0]['described'] == 'D (d)'


def test_unresolved_items_are_described_like_a_refusal():
    items = [{'guid': 'g%02d' % i, 'title': 'R%02d' % i} for i in range(21)]
    out = connect_content_resolution({'3.12.4': {'count': 30, 'items': items}}, FOUND)
    assert out['unresolved'][0]['described'].endswith('R19 (g19), and 1 more (30 items in all)')


def test_exact():
    out = connect_content_resolution(CONTENT, FOUND, 'exact')
    assert [(i['version'], i['count']) for i in out['interpreters']] == [('3.11.2', 2), ('3.11.7', 0)]
    assert [u['version'] for u in out['unresolved']] == ['3.11.9', '3.12.4', '3.13t']


@pytest.mark.parametrize('args', [(['3.11.2'], FOUND), (CONTENT, 'x'), (CONTENT, FOUND, 'nearest')])
def test_bad_input(args):
    with pytest.raises(AnsibleFilterError, match='connect_content_resolution'):
        connect_content_resolution(*args)
