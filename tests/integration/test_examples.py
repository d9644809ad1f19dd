# -*- coding: utf-8 -*-
"""The EXAMPLES of every module and filter (issue 22): YAML that ansible-lint accepts, and the
filter examples and the module examples that can run on this host executed, their results
compared with what the documentation says (a ``# => VALUE`` comment under an example)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import glob
import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from ansible.release import __version__ as ansible_version

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')
# Module examples that run on any host, read-only. The others change a host (connect_python_config
# edits /etc/rstudio-connect, python_build_deps installs packages, python_build_job compiles) or
# need a Connect server (connect_server_python) or a role (role_variables reads role_path).
RUNNABLE_MODULES = ('python_info', 'python_build_space')
# ansible-core 2.20 moved the json stdout callback out of ansible.builtin into ansible.posix.
JSON_CALLBACK = ('ansible.builtin.json' if tuple(int(p) for p in ansible_version.split('.')[:2])
                 < (2, 20) else 'ansible.posix.json')


def module_examples():
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py'))):
        for node in ast.parse(open(path).read()).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', '') == 'EXAMPLES':
                out[os.path.basename(path)[:-3]] = node.value.value
    return out


def filter_examples():
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', 'filter', '*.yml'))):
        out[os.path.basename(path)[:-4]] = yaml.safe_load(open(path))['EXAMPLES']
    return out


def expected_values(text):
    """The ``# => VALUE`` of each task in an EXAMPLES text, in order (None where a task has none)."""
    values = []
    for block in re.split(r'(?m)^- name:', text)[1:]:
        value = None
        for line in block.splitlines():
            stripped = line.strip()
            if stripped.startswith('# =>'):
                value = stripped[4:].strip()
            elif value is not None and stripped.startswith('#'):
                value += ' ' + stripped[1:].strip()
            elif value is not None:
                break
        values.append(yaml.safe_load(value) if value is not None else None)
    return values


def run(playbook, tmp_path):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_STDOUT_CALLBACK=JSON_CALLBACK,
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
                           str(playbook)], env=env, cwd=str(tmp_path), capture_output=True,
                          text=True, check=False)
    return proc, json.loads(proc.stdout) if proc.stdout.strip().startswith('{') else None


def as_playbook(tasks, path):
    path.write_text(yaml.safe_dump([{'name': 'Examples', 'hosts': 'localhost',
                                     'gather_facts': False, 'tasks': tasks,
                                     'handlers': [{'name': 'Restart rstudio-connect',
                                                   'ansible.builtin.debug': {'msg': 'restart'}}]}],
                                   sort_keys=False, width=1000))
    return path


def test_every_example_is_yaml_that_ansible_lint_accepts(tmp_path):
    examples = dict(module_examples(), **filter_examples())
    assert len(examples) >= 13  # every module and filter
    for name, text in examples.items():
        tasks = yaml.safe_load(text)
        assert isinstance(tasks, list) and tasks, name
        for task in tasks:
            assert task.get('name'), '%s: an example task without a name' % name
        (tmp_path / ('%s.yml' % name)).write_text(
            '---\n- name: Examples of %s\n  hosts: all\n  gather_facts: false\n  tasks:\n%s'
            '  handlers:\n    - name: Restart rstudio-connect\n      ansible.builtin.debug:\n'
            '        msg: restart\n' % (name, ''.join(
                '    ' + line if line.strip() else line
                for line in text.strip('\n').splitlines(True)) + '\n'))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS)
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-lint'),
                           '--profile', 'production', '--offline', '--nocolor', '.'],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


@pytest.mark.parametrize('name', sorted(filter_examples()))
def test_filter_examples_give_what_the_docs_say(name, tmp_path):
    text = filter_examples()[name]
    tasks = yaml.safe_load(text)
    expected = expected_values(text)
    assert len(expected) == len(tasks) and all(e is not None for e in expected), \
        '%s: every example says what it gives (# => VALUE)' % name
    proc, result = run(as_playbook(tasks, tmp_path / 'play.yml'), tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    got = [task['hosts']['localhost']['msg'] for task in result['plays'][0]['tasks']]
    assert got == expected


@pytest.mark.parametrize('name', RUNNABLE_MODULES)
def test_module_examples_that_run_here(name, tmp_path):
    tasks = yaml.safe_load(module_examples()[name])
    runnable = [t for t in tasks if any(k.startswith('connect_ops.interpreters.') for k in t)]
    proc, result = run(as_playbook(runnable, tmp_path / 'play.yml'), tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    for task in result['plays'][0]['tasks']:
        assert not task['hosts']['localhost'].get('failed'), task
