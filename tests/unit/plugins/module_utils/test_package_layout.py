# -*- coding: utf-8 -*-
"""module_utils in three packages (issue 42, item 7): what CPython is (cpython), how it is built
and shipped (builds), and Posit Connect (connect), beside the few modules they share. Each
package's __init__ says what it may import; this test holds every module to it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
UTILS = os.path.join(ROOT, 'plugins', 'module_utils')
BASE = 'ansible_collections.connect_ops.interpreters.plugins.module_utils'
SHARED = {'redact', 'http_transport', 'process_group'}
# What each package may import from module_utils, besides itself.
ALLOWED = {'cpython': set(), 'builds': {'cpython'} | SHARED, 'connect': {'cpython'} | SHARED,
           '': SHARED}


def modules():
    found = []
    for package in ('', 'cpython', 'builds', 'connect'):
        folder = os.path.join(UTILS, package)
        for name in sorted(os.listdir(folder)):
            if name.endswith('.py'):
                found.append((package, name))
    return found


def imported(path):
    """The module_utils names a module imports: 'cpython', 'redact', ..."""
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or '').startswith(BASE):
            rest = node.module[len(BASE):].lstrip('.')
            if rest:
                names.add(rest.split('.')[0])
            else:
                names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(BASE + '.'):
                    names.add(alias.name[len(BASE) + 1:].split('.')[0])
    return names


def test_nothing_is_left_loose_and_every_package_says_what_it_holds():
    loose = sorted(n[:-3] for n in os.listdir(UTILS) if n.endswith('.py') and n != '__init__.py')
    assert set(loose) == SHARED, 'a module of one concern belongs in its package: %s' % loose
    for package in ('cpython', 'builds', 'connect'):
        with open(os.path.join(UTILS, package, '__init__.py'), encoding='utf-8') as f:
            text = f.read()
        assert 'Imports:' in text, package
        listed = sorted(n[:-3] for n in os.listdir(os.path.join(UTILS, package))
                        if n.endswith('.py') and n != '__init__.py')
        for name in listed:
            assert name in text, '%s/__init__.py does not say that %s lives there' % (package, name)


@pytest.mark.parametrize('package, name', modules())
def test_each_module_imports_only_what_its_package_may(package, name):
    found = imported(os.path.join(UTILS, package, name))
    own = {package} if package else set()
    bad = found - ALLOWED[package] - own
    assert not bad, '%s imports %s (allowed: %s)' % (
        os.path.join(package, name), sorted(bad), sorted(ALLOWED[package] | own))
