# -*- coding: utf-8 -*-
"""Durable writes, seen in the real system calls (strace): a run that reports "changed" must
survive a power loss right after it (issue 25, item 4). The config module flushes the new file,
renames it, then flushes the directory (and the backup); the build script flushes the staged tree
before its rename into place and the install root after it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')


def traced(tmp_path, argv, env=None, calls='openat,open,fsync,fdatasync,syncfs,sync,rename,renameat,renameat2'):
    log = str(tmp_path / 'strace.log')
    proc = subprocess.run(['strace', '-f', '-qq', '-e', 'trace=' + calls, '-o', log] + argv,
                          capture_output=True, text=True, env=env, check=False)
    with open(log) as f:
        return proc, f.read().splitlines()


def fd_paths(lines):
    """Each line with the path its file descriptor was opened from, where one is named."""
    opened, out = {}, []
    for line in lines:
        m = re.search(r'open(?:at)?\(.*?"([^"]+)".*\) = (\d+)$', line)
        if m:
            opened[(line.split()[0], m.group(2))] = m.group(1)
        m = re.search(r'^(\d+)\s+f(?:data)?sync\((\d+)', line)
        if m:
            out.append(('fsync', opened.get((m.group(1), m.group(2)))))
        m = re.search(r'rename(?:at2?)?\(.*?"([^"]+)".*?"([^"]+)"', line)
        if m:
            out.append(('rename', m.group(2)))
    return out


def test_the_config_module_flushes_the_directory_after_its_rename(tmp_path):
    conf = tmp_path / 'etc'
    conf.mkdir()
    path = conf / 'rstudio-connect.gcfg'
    path.write_text('[Server]\nAddress = http://localhost:3939\n[Python]\nEnabled = false\n')
    args = tmp_path / 'args.json'
    args.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': {
        'path': str(path), 'executables': ['/opt/Python/3.11.2/bin/python3'], 'validate': False,
        'backup': True, '_ansible_tmpdir': str(tmp_path), '_ansible_remote_tmp': str(tmp_path)}}))
    proc, lines = traced(tmp_path, [sys.executable, os.path.join(
        ROOT, 'plugins', 'modules', 'connect_python_config.py'), str(args)],
        env=dict(os.environ, PYTHONPATH=COLLECTIONS))
    result = json.loads(proc.stdout)
    assert result['changed'] and result['backup_file'], proc.stdout + proc.stderr
    events = fd_paths(lines)
    renamed = events.index(('rename', str(path)))
    assert ('fsync', str(conf)) in events[renamed + 1:], events
    assert ('fsync', result['backup_file']) in events, events


def test_the_build_flushes_the_tree_before_and_the_root_after_its_rename(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'integration'))
    from test_build_scripts import FILES, job_env, make_source_tarball
    tarball = make_source_tarball(tmp_path)
    env = job_env(str(tmp_path))
    full = dict(os.environ, FAKE_PYTHON=sys.executable, PB_TARBALL=tarball, PB_JOBS='1', **env)
    proc, lines = traced(tmp_path, [os.path.join(FILES, 'compile-python.sh')], env=full)
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    events = fd_paths(lines)
    syncfs = [i for i, l in enumerate(lines) if re.search(r'\bsyncfs\(', l)]
    target = re.escape(env['PB_PREFIX'])
    renames = [i for i, l in enumerate(lines) if re.search(r'rename(at2?)?\(.*"%s"' % target, l)]
    assert syncfs and renames and syncfs[0] < renames[0], lines[-40:]
    renamed = events.index(('rename', env['PB_PREFIX']))
    assert ('fsync', os.path.dirname(env['PB_PREFIX'])) in events[renamed + 1:], events
