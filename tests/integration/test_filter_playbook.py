# -*- coding: utf-8 -*-
"""The python_match filter in a real ansible-playbook run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

HERE = os.path.dirname(__file__)


def test_python_match_playbook(playbook):
    proc, result = playbook(os.path.join(HERE, 'playbooks', 'python_match.yml'))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    stats = result['stats']['localhost']
    assert stats['failures'] == 0
    assert stats['rescued'] == 1  # the no-match case failed and was caught
    assert stats['ok'] >= 4
