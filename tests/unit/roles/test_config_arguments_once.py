# -*- coding: utf-8 -*-
"""connect_python plans the [Python] section in check mode (plan.yml) and writes it (apply.yml):
both must pass connect_python_config the same arguments, described once (vars/main.yml), so that
an argument added for one can never be forgotten in the other."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import yaml

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'roles', 'connect_python')
MODULE = 'connect_ops.interpreters.connect_python_config'
# What may differ between the plan and the write: how the write is made, not what is written.
HOW = {'validate', 'backup'}


def load(*path):
    with open(os.path.join(ROLE, *path)) as f:
        return yaml.safe_load(f)


def config_tasks(tasks):
    for task in tasks:
        for key in ('block', 'rescue', 'always'):
            yield from config_tasks(task.get(key, ()))
        if MODULE in task:
            yield task


def test_plan_and_apply_take_the_arguments_from_one_description():
    described = load('vars', 'main.yml')['_connect_python_config_args']
    expected = '{{ _connect_python_config_args }}'
    for name in ('plan.yml', 'apply.yml'):
        tasks = list(config_tasks(load('tasks', name)))
        assert len(tasks) == 1, name
        task = tasks[0]
        passed = set(task[MODULE] or {})
        assert passed <= HOW, '%s passes %s itself: add it to _connect_python_config_args in ' \
            'vars/main.yml, so that plan and apply agree' % (name, sorted(passed - HOW))
        assert task.get('module_defaults') == {MODULE: expected}, name
    assert {'path', 'executables', 'enabled', 'version_matching', 'exclusive', 'allow_empty',
            'require_versions', 'content', 'required_modules'} <= set(described)
    assert not HOW & set(described)
