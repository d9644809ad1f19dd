# -*- coding: utf-8 -*-
"""Run one of the collection's modules as Ansible runs it: a real process, JSON arguments in,
JSON result out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')


def run_module(name, args, check=False, diff=False, tmp_path=None, env=None):
    argfile = os.path.join(str(tmp_path), 'args-%s.json' % name)
    payload = dict(args, _ansible_check_mode=check, _ansible_diff=diff,
                   _ansible_tmpdir=str(tmp_path), _ansible_remote_tmp=str(tmp_path),
                   _ansible_keep_remote_files=False)
    with open(argfile, 'w') as f:
        json.dump({'ANSIBLE_MODULE_ARGS': payload}, f)
    module = os.path.join(ROOT, 'plugins', 'modules', '%s.py' % name)
    env = dict(os.environ if env is None else env, PYTHONPATH=COLLECTIONS)
    proc = subprocess.run([sys.executable, module, argfile], capture_output=True, text=True,
                          env=env, check=False)
    try:
        return json.loads(proc.stdout)
    except ValueError:
        raise AssertionError('module printed no JSON: %s %s' % (proc.stdout, proc.stderr))
