# -*- coding: utf-8 -*-
"""scripts/release-data.py (`make release-data`): the shipped modules are exactly what it builds
from scripts/release-data-sources/ (nothing written by hand, no format dropped), the release data file it writes
is one the lookup accepts, every row says where its sum came from, and python.org's downloads API
adds releases but never overrides a sum (issue 40)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import subprocess
import sys

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython import (
    cpython_checksums,
    release_data,
)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
SCRIPT = os.path.join(ROOT, 'scripts', 'release-data.py')
DATA = os.path.join(ROOT, 'scripts', 'release-data-sources')


def build(tmp_path, data_dir=DATA):
    modules = tmp_path / 'modules'
    modules.mkdir()
    out = tmp_path / 'release-data.json'
    proc = subprocess.run([sys.executable, SCRIPT, 'build', str(data_dir), str(out), str(modules)],
                          capture_output=True, text=True, check=False)
    return proc, modules, out


def test_the_shipped_modules_are_what_the_repository_data_builds(tmp_path):
    proc, modules, out = build(tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in ('cpython_checksums.py', 'release_cycle.py'):
        with open(os.path.join(ROOT, 'plugins', 'module_utils', 'cpython', name)) as f:
            shipped = f.read()
        assert (modules / name).read_text() == shipped, '%s differs: run make release-data' % name
    # both formats of every release that has both, and 3.13.15's tar.xz (a Debian-checked row)
    assert len([v for v, f in cpython_checksums.CHECKSUMS.items() if len(f) == 2]) == 186
    assert '3.13.15 tar.xz' in cpython_checksums.SOURCES


def test_the_data_file_is_accepted_and_every_release_says_where_it_came_from(tmp_path):
    proc, _modules, out = build(tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = release_data.parse_data_file(out.read_text(), 'release-data.json')
    assert set(data['releases']) == set(cpython_checksums.CHECKSUMS)
    for version, entry in data['releases'].items():
        assert entry['source'], version
        for fmt in ('tar.xz', 'tgz'):
            assert entry.get(fmt) == cpython_checksums.CHECKSUMS[version].get(fmt)
    assert 'Debian python3.13_3.13.15.orig.tar.xz' in data['releases']['3.13.15']['source']
    assert data['series']['3.13']['end_of_life'] == '2029-10'


def copy_data(tmp_path):
    copy = tmp_path / 'data'
    shutil.copytree(DATA, str(copy))
    return copy


def test_python_orgs_sums_add_releases_and_never_override(tmp_path):
    copy = copy_data(tmp_path)
    new = 'ab' * 32
    files = [{'url': 'https://www.python.org/ftp/python/3.15.1/Python-3.15.1.tar.xz',
              'sha256_sum': new},
             {'url': 'https://www.python.org/ftp/python/3.15.1/Python-3.15.1.tar.xz.sigstore',
              'sha256_sum': 'cd' * 32},
             {'url': 'https://www.python.org/ftp/python/2.6.9/Python-2.6.9.tgz', 'sha256_sum': new},
             {'url': 'https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz',
              'sha256_sum': cpython_checksums.CHECKSUMS['3.13.5']['tar.xz']}]
    (copy / 'python-org-release-files.json').write_text(json.dumps(files))
    proc, modules, out = build(tmp_path, copy)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert data['releases']['3.15.1'] == {
        'tar.xz': new, 'source': 'tar.xz: python.org downloads API '
                                 '(https://www.python.org/ftp/python/3.15.1/Python-3.15.1.tar.xz)'}
    assert '2.6.9' not in data['releases']  # Connect needs 2.7.9 / 3.4.0 and later
    files[3]['sha256_sum'] = 'ef' * 32
    (copy / 'python-org-release-files.json').write_text(json.dumps(files))
    again = tmp_path / 'again'
    again.mkdir()
    proc, _modules, _out = build(again, copy)
    assert proc.returncode != 0
    assert 'python.org gives %s for Python-3.13.5.tar.xz' % ('ef' * 32) in proc.stderr


def test_a_row_without_its_source_is_refused(tmp_path):
    copy = copy_data(tmp_path)
    with open(str(copy / 'cpython-sha256.tsv'), 'a') as f:
        f.write('3.14.9\ttar.xz\t%s\n' % ('ab' * 32))
    proc, _modules, _out = build(tmp_path, copy)
    assert proc.returncode != 0
    assert 'expected version, format, sha256, source' in proc.stderr
