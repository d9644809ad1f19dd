# -*- coding: utf-8 -*-
"""connect_python_settings reads what Go's gcfg reads."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.errors import AnsibleFilterError
from gcfg_fixtures import GOLDEN

from ansible_collections.connect_ops.interpreters.plugins.filter.connect_python_settings import (
    connect_python_settings,
)


@pytest.mark.parametrize('name', sorted(GOLDEN))
def test_agrees_with_go_gcfg(name, gcfg_oracle, tmp_path):
    expected = gcfg_oracle.read_text(tmp_path, GOLDEN[name])
    got = connect_python_settings(GOLDEN[name].decode('utf-8'))
    expected['version_matching'] = expected['version_matching'] or 'major-minor'
    assert got == expected


def test_malformed_names_the_line():
    with pytest.raises(AnsibleFilterError, match='line 2: '):
        connect_python_settings('[Python]\nEnabled true\n')
