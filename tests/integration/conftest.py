# -*- coding: utf-8 -*-
"""Helpers for tests that run real ansible-playbook processes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest
from ansible.release import __version__ as ansible_version

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
# ansible-core 2.20 moved the json stdout callback out of ansible.builtin into ansible.posix.
JSON_CALLBACK = ('ansible.builtin.json' if tuple(int(p) for p in ansible_version.split('.')[:2])
                 < (2, 20) else 'ansible.posix.json')
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')


def run_playbook(playbook, *args, **kwargs):
    env = dict(os.environ)
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS,
        'ANSIBLE_STDOUT_CALLBACK': JSON_CALLBACK,
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_NOCOLOR': '1',
    })
    env.update(kwargs.pop('env', {}))
    cmd = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), playbook] + list(args)
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        result = None
    return proc, result


@pytest.fixture
def playbook():
    return run_playbook


@pytest.fixture
def fake_python_root():
    """``ROOT/VERSION/bin/python3`` stand-ins that answer the probe with their version."""
    def make(tmp_path, versions):
        root = str(tmp_path / 'opt-python')
        exes = []
        for version in versions:
            bindir = os.path.join(root, version, 'bin')
            os.makedirs(bindir)
            report = json.dumps({'version': version, 'prefix': root, 'modules': {
                'pip': '24.0', 'setuptools': '69.0.0', 'virtualenv': '20.25.0'}})
            exe = os.path.join(bindir, 'python3')
            with open(exe, 'w') as f:
                f.write("#!/bin/sh\necho 'CONNECT_OPS_PROBE %s'\n" % report)
            os.chmod(exe, 0o755)
            exes.append(exe)
        return root, exes
    return make
