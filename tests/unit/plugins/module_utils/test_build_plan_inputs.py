# -*- coding: utf-8 -*-
"""The small mismatches between python_build's documentation and its code (issue 24, item 11;
issue 22's format defect): each value is read the way the documentation says."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    PlanError,
    check_path,
    setuptools_minimum,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.cpython_checksums import (
    CHECKSUMS,
)
from plan_helper import plan_of

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
URL = 'https://www.python.org/ftp/python'


def role_options():
    with open(os.path.join(ROOT, 'roles', 'python_build', 'meta', 'argument_specs.yml')) as f:
        return yaml.safe_load(f)['argument_specs']['main']['options']


def test_poll_is_documented_as_the_number_the_plan_accepts():
    option = role_options()['python_build_poll']
    assert option['type'] == 'float' and 'at least 0.1' in option['description']
    plan_of(['3.11.2'], '/opt/Python', URL, poll=0.5)
    with pytest.raises(PlanError, match='python_build_poll must be at least 0.1'):
        plan_of(['3.11.2'], '/opt/Python', URL, poll=0.05)


@pytest.mark.parametrize('path', ['/opt/py,thon', '/opt/py:thon'])
def test_paths_with_rpath_or_library_path_separators_are_refused(path):
    with pytest.raises(PlanError) as exc:
        check_path('python_build_root', path)
    assert repr(path) in str(exc.value) and 'LD_LIBRARY_PATH' in str(exc.value)


@pytest.mark.parametrize('spec,minimum', [
    ('>=50,>=40.8', '50'), ('>=40.8,>=50', '50'), ('>=40.8', '40.8'), ('>=40.8,<70', '40.8'),
    ('<70', ''), ('>=40.10,>=40.9', '40.10'), ('~=68.0,>=68', '68.0'),
])
def test_the_setuptools_minimum_is_the_highest_lower_bound(spec, minimum):
    assert setuptools_minimum(spec) == minimum


def test_a_format_without_a_sha256_picks_that_formats_known_sum():
    entry = plan_of([{'version': '3.11.2', 'format': 'tgz'}], '/opt/Python', URL)[0]
    assert entry['file'] == 'Python-3.11.2.tgz'
    assert entry['url'].endswith('/3.11.2/Python-3.11.2.tgz')
    assert entry['sha256'] == CHECKSUMS['3.11.2']['tgz']
    with pytest.raises(PlanError, match="format 'zip' for 3.11.2 is not one of"):
        plan_of([{'version': '3.11.2', 'format': 'zip'}], '/opt/Python', URL)


def test_an_inline_sha256_comes_before_python_build_checksums():
    inline = 'a' * 64
    entry = plan_of([{'version': '3.11.2', 'sha256': inline}], '/opt/Python', URL,
                    checksums={'3.11.2': 'b' * 64})[0]
    assert entry['sha256'] == inline
    entry = plan_of(['3.11.2'], '/opt/Python', URL, checksums={'3.11.2': 'b' * 64})[0]
    assert entry['sha256'] == 'b' * 64


@pytest.mark.parametrize('config_args,build', [
    ("'--prefix=/opt/Python/3.11.2' '--enable-shared' '--enable-ipv6' "
     "'--enable-optimizations' 'LDFLAGS=-Wl,-rpath=/opt/Python/3.11.2/lib,--disable-new-dtags'",
     'pgo'),
    ("'--prefix=/opt/Python/3.11.2' '--enable-shared' '--enable-ipv6' 'LDFLAGS=-Wl,-rpath=x'",
     'plain'),
    ("'--enable-shared' '--enable-optimizations' '--with-lto'", 'pgo+lto'),
    # Debian's own python3.11 (static libpython, PGO + LTO)
    ("'--enable-ipv6' '--with-dbmliborder=bdb:gdbm' '--with-lto' '--enable-optimizations'",
     'pgo+lto'),
    ("'--prefix=/usr/local'", 'unknown'),     # another recipe without optimizations
    ('', 'unknown'), (None, 'unknown'), ("'unterminated", 'unknown'),
])
def test_how_an_installed_interpreter_was_built(config_args, build):
    from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_flags import (
        flavor,
    )
    assert flavor(config_args) == build
