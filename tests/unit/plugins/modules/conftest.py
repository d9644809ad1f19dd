# -*- coding: utf-8 -*-
"""Run the collection's modules as Ansible runs them: a real process, JSON arguments in,
JSON result out. Interpreters: the test virtualenv's own Python (really has pip, setuptools,
virtualenv) plus small stand-ins that answer the probe with a chosen version."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys
import textwrap

import pytest

from module_runner import run_module


@pytest.fixture
def module(tmp_path):
    def run(name, check=False, diff=False, **args):
        return run_module(name, args, check=check, diff=diff, tmp_path=tmp_path)
    return run


@pytest.fixture(scope='session')
def real_python():
    """A real CPython with pip, setuptools and virtualenv: the test environment's own."""
    return sys.executable


def _write(path, text, mode=0o755):
    with open(path, 'w') as f:
        f.write(textwrap.dedent(text))
    os.chmod(path, mode)
    return path


@pytest.fixture
def fake_pythons(tmp_path):
    """Make ``ROOT/VERSION/bin/python3`` stand-ins that answer the probe with ``version``."""
    def make(version, modules=None, root=None):
        modules = {'pip': '24.0', 'setuptools': '69.0.0', 'virtualenv': '20.25.0'} \
            if modules is None else modules
        root = root or str(tmp_path / 'opt-python')
        bindir = os.path.join(root, version, 'bin')
        os.makedirs(bindir, exist_ok=True)
        report = json.dumps({'version': version, 'prefix': root, 'modules': modules})
        name = 'python' if version.startswith('2.') else 'python3'
        return _write(os.path.join(bindir, name),
                      "#!/bin/sh\necho 'CONNECT_OPS_PROBE %s'\n" % report)
    return make
