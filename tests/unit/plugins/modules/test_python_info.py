# -*- coding: utf-8 -*-
"""python_info: discovery under a root, verdicts, sorting, bad input."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os
import subprocess
import sys


def test_discovers_versions_under_root_and_skips_others(module, fake_pythons, tmp_path):
    root = str(tmp_path / 'opt-python')
    for v in ('3.9.2', '3.13.15', '3.13.5', '2.7.18'):
        fake_pythons(v, root=root)
    os.makedirs(os.path.join(root, 'current', 'bin'))
    os.makedirs(os.path.join(root, '3.12'))
    os.makedirs(os.path.join(root, '3.12.1'))   # a version directory with nothing inside
    res = module('python_info', root=root)
    assert res['changed'] is False
    found = [(i['path'][len(root) + 1:], i['version'], i['usable']) for i in res['interpreters']]
    assert found == [('2.7.18/bin/python', '2.7.18', True), ('3.9.2/bin/python3', '3.9.2', True),
                     ('3.13.5/bin/python3', '3.13.5', True),
                     ('3.13.15/bin/python3', '3.13.15', True),
                     ('3.12.1/bin/python3', None, False)]
    assert 'does not exist' in res['interpreters'][-1]['reasons'][0]


def test_real_interpreter(module, real_python):
    res = module('python_info', executables=[real_python])
    info = res['interpreters'][0]
    assert info['usable'] is True, info
    assert set(info['modules']) == {'pip', 'setuptools', 'virtualenv'}
    assert all(info['modules'].values())


def linked_runtime(path):
    """The oracle: what the dynamic linker loads for the executable (ldd)."""
    out = subprocess.run(['ldd', os.path.realpath(path)], capture_output=True, text=True,
                         check=True).stdout
    return 'shared' if 'libpython' in out else 'static'


def test_the_runtime_is_what_the_dynamic_linker_loads(module):
    """Issue 41, item 4: ``runtime`` tells an interpreter linked to libpython (pyenv's builds,
    the role's plain ones) from one that carries the runtime (Debian's own, the role's
    optimized ones): a build recipe the installed files show. 2.7 runs the probe too."""
    candidates = [sys.executable, '/usr/bin/python3'] + sorted(
        glob.glob(os.path.expanduser('~/.pyenv/versions/2.7*/bin/python')) +
        glob.glob(os.path.expanduser('~/.pyenv/versions/3.1[0-9]*/bin/python3')))[:3]
    seen = set()
    for path in candidates:
        if not os.path.exists(path):
            continue
        info = module('python_info', executables=[path])['interpreters'][0]
        assert info['runtime'] == linked_runtime(path), (path, info)
        seen.add(info['runtime'])
    assert seen == {'shared', 'static'}, 'both kinds of interpreter are needed here: %s' % seen


def test_symlink_is_fine(module, fake_pythons, tmp_path):
    target = fake_pythons('3.12.4')
    link = tmp_path / 'python-link'
    link.symlink_to(target)
    info = module('python_info', executables=[str(link)])['interpreters'][0]
    assert info['usable'] is True and info['path'] == str(link)
    assert info['realpath'] == os.path.realpath(target)


def test_requires_something_to_probe(module):
    res = module('python_info')
    assert res['failed'] and 'one of the following is required: executables, root, roots' in res['msg']


def test_a_missing_root_holds_nothing(module, tmp_path):
    res = module('python_info', root=str(tmp_path / 'missing'))
    assert res.get('failed') is not True and res['interpreters'] == []


def test_a_root_that_is_a_file_is_an_error(module, tmp_path):
    path = tmp_path / 'file'
    path.write_text('x')
    res = module('python_info', roots=[str(path)])
    assert res['failed'] and '%s exists but is not a directory' % path in res['msg']


def test_several_roots_posit_layout_included(module, fake_pythons, tmp_path):
    ours = str(tmp_path / 'opt' / 'Python')
    posit = str(tmp_path / 'opt' / 'python')
    fake_pythons('3.11.2', root=ours)
    fake_pythons('3.12.4', root=posit)
    res = module('python_info', roots=[ours, posit, str(tmp_path / 'nowhere')])
    assert [i['path'] for i in res['interpreters']] == [ours + '/3.11.2/bin/python3',
                                                        posit + '/3.12.4/bin/python3']


def test_a_real_interpreter_reports_how_it_was_built(module, real_python):
    import sysconfig
    from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_flags import (
        flavor,
    )
    res = module('python_info', executables=[real_python])
    assert res['interpreters'][0]['build'] == flavor(sysconfig.get_config_var('CONFIG_ARGS'))
    assert res['interpreters'][0]['build'] in ('pgo+lto', 'pgo', 'lto', 'plain', 'unknown')
