# -*- coding: utf-8 -*-
"""meta/runtime.yml's action group: `group/connect_ops.interpreters.connect` defaults reach the
module (issue 22)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

HERE = os.path.dirname(__file__)
PLAY = os.path.join(HERE, 'playbooks', 'module_defaults_group.yml')


def test_a_group_default_reaches_the_module(playbook, connect_standin):
    connect_standin.configure(installations=[{'version': '3.11.2'}])
    proc, _result = playbook(PLAY, env={'STANDIN_URL': connect_standin.url,
                                        'STANDIN_KEY': connect_standin.api_key})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr


def test_without_the_group_the_module_has_no_key(playbook, connect_standin, tmp_path):
    """The same task without module_defaults fails for the missing api_key: the test above passes
    because of the group, not by accident."""
    bare = tmp_path / 'bare.yml'
    text = open(PLAY).read()
    start = text.index('  module_defaults:')
    end = text.index('  tasks:')
    bare.write_text(text[:start] + text[end:])
    proc, _result = playbook(str(bare), env={'STANDIN_URL': connect_standin.url,
                                             'STANDIN_KEY': connect_standin.api_key})
    assert proc.returncode != 0 and 'api_key' in proc.stdout
