# -*- coding: utf-8 -*-
"""Every role variable in defaults/main.yml is documented in meta/argument_specs.yml, and the
documented default is the real one (templated defaults excepted)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

ROLES = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'roles')


def load(role, *path):
    with open(os.path.join(ROLES, role, *path)) as f:
        return yaml.safe_load(f)


@pytest.mark.parametrize('role', sorted(os.listdir(ROLES)))
def test_defaults_and_argument_specs_agree(role):
    defaults = load(role, 'defaults', 'main.yml')
    options = load(role, 'meta', 'argument_specs.yml')['argument_specs']['main']['options']
    assert set(defaults) == set(options), 'undocumented or stale: %s' % sorted(
        set(defaults) ^ set(options))
    for name, value in defaults.items():
        if isinstance(value, str) and '{{' in value:
            assert 'default' not in options[name], '%s: templated default must not be documented as a literal' % name
            continue
        assert options[name].get('default') == value, name
    for name in options:
        assert name.startswith(role + '_'), 'public variables are prefixed with the role name: %s' % name
