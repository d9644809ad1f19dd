# -*- coding: utf-8 -*-
"""Molecule's hosts are containers reached through community.docker's connection, whose fetch
copies with `docker cp` into the destination's directory under the remote file's own name and
then renames it. Hosts fetching a file of the same name into one directory at once race on that
name: the cluster scenario failed on it (run B of 2026-12-06, ENOENT on the rename), and a lost race
can also hand one node's file to another. So every fetch of a scenario runs one host at a time
(throttle: 1) or once."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
MOLECULE = os.path.join(ROOT, 'extensions', 'molecule')


def tasks_of(node):
    """Every task dict in a loaded playbook or task file, blocks included."""
    found = []
    if isinstance(node, list):
        for item in node:
            found.extend(tasks_of(item))
    elif isinstance(node, dict):
        for key in ('tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always'):
            if key in node:
                found.extend(tasks_of(node[key]))
        if not any(k in node for k in ('tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'hosts')):
            found.append(node)
    return found


def fetches():
    found = []
    for dirpath, _dirs, files in os.walk(MOLECULE):
        for name in files:
            if not name.endswith('.yml'):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding='utf-8') as f:
                data = yaml.safe_load(f)
            for task in tasks_of(data):
                if 'ansible.builtin.fetch' in task or 'fetch' in task:
                    found.append((os.path.relpath(path, ROOT), task))
    return found


def test_the_scenarios_fetch_files():
    assert len(fetches()) >= 2  # the cluster scenario's restart logs: the check below has work


def test_every_fetch_runs_one_host_at_a_time():
    racing = ['%s: %s' % (path, task.get('name')) for path, task in fetches()
              if task.get('throttle') != 1 and not task.get('run_once')]
    assert not racing, 'fetch on several hosts at once (add throttle: 1): %s' % racing
