# -*- coding: utf-8 -*-
"""Free space is checked before anything is downloaded or compiled (issue 25, item 2)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import os
import sys

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_space import (
    MB,
    describe,
    existing_ancestor,
    shortfalls,
)
from plan_helper import plan_of

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..'))
from module_runner import run_module  # noqa: E402

Fs = collections.namedtuple('Fs', 'f_bavail f_frsize')
St = collections.namedtuple('St', 'st_dev')
URL = 'https://www.python.org/ftp/python'


def fake(devices, free_mb):
    """Paths under /opt on device 1, under /var on device 2 (or everything on one)."""
    def stat(path):
        return St(devices(path))

    def statvfs(path):
        return Fs(free_mb[devices(path)] * MB // 4096, 4096)
    return stat, statvfs


def plan(versions, optimize=False, actions=None):
    probe = []
    state = {'probe': probe, 'artifact_mode': False}
    out = plan_of(versions, '/opt/Python', URL, cache_dir='/var/cache/pb', state=state,
                  optimize=optimize)
    return out


def test_each_compile_needs_its_tree_on_the_cache_and_its_prefix_on_the_root():
    entry = plan(['3.11.2'])[0]
    assert entry['action'] == 'compile'
    paths = [r['path'] for r in entry['space']]
    assert paths == ['/var/cache/pb', '/opt/Python']
    assert all(r['bytes'] > 100 * MB for r in entry['space'])
    assert 'Python 3.11.2: source and build tree (plain)' in [r['what'] for r in entry['space']]


def test_pgo_builds_need_more_than_plain_ones():
    plain = plan(['3.11.2'])[0]['space'][0]['bytes']
    pgo = plan(['3.11.2'], optimize=True)[0]['space'][0]['bytes']
    assert pgo > plain


def test_versions_built_at_once_add_up_on_one_file_system():
    entries = plan(['3.11.2', '3.13.5'])
    requests = [r for e in entries for r in e['space']]
    one = sum(r['bytes'] for r in entries[0]['space'])
    both = sum(r['bytes'] for r in requests)
    stat, statvfs = fake(lambda p: 1, {1: (one + both) // 2 // MB})
    short = shortfalls(requests, statvfs=statvfs, stat=stat)
    assert len(short) == 1 and short[0]['needed'] == both
    assert short[0]['paths'] == ['/var/cache/pb', '/opt/Python']
    stat, statvfs = fake(lambda p: 1, {1: both // MB + 1})
    assert shortfalls(requests, statvfs=statvfs, stat=stat) == []


def test_the_refusal_names_each_path_and_both_numbers():
    requests = [r for e in plan(['3.11.2']) for r in e['space']]
    stat, statvfs = fake(lambda p: 1 if p.startswith('/opt') else 2, {1: 60, 2: 10000})
    short = shortfalls(requests, statvfs=statvfs, stat=stat)
    assert [s['paths'] for s in short] == [['/opt/Python']]
    text = describe(short)
    need = -(-short[0]['needed'] // MB)
    assert text.startswith('/opt/Python: 60 MB free, %d MB needed (Python 3.11.2: staged '
                           'installation; a 25%% margin included).' % need), text


def test_a_path_that_does_not_exist_yet_is_measured_on_its_parent(tmp_path):
    assert existing_ancestor(str(tmp_path / 'a' / 'b')) == str(tmp_path)


def test_the_module_refuses_on_a_real_file_system(tmp_path):
    free = os.statvfs(str(tmp_path))
    free = free.f_bavail * free.f_frsize
    result = run_module('python_build_space', {'requests': [
        {'path': str(tmp_path / 'opt-python'), 'bytes': free + 10 * 1024 * MB,
         'what': 'Python 3.11.2: staged installation'}]}, tmp_path=tmp_path)
    assert result['failed'] is True
    assert result['msg'].startswith('Not enough disk space; nothing was downloaded or built. '
                                    '%s: ' % (tmp_path / 'opt-python'))
    assert 'MB free' in result['msg'] and 'MB needed' in result['msg']
    ok = run_module('python_build_space', {'requests': [
        {'path': str(tmp_path), 'bytes': 1, 'what': 'x'}]}, tmp_path=tmp_path)
    assert ok.get('failed') is not True and ok['short'] == []


@pytest.mark.parametrize('bad', [{'path': 'relative', 'bytes': 1}, {'path': '/x', 'bytes': 'lots'}])
def test_bad_requests_are_named(tmp_path, bad):
    result = run_module('python_build_space', {'requests': [bad]}, tmp_path=tmp_path)
    assert result['failed'] is True and 'requests:' in result['msg']
