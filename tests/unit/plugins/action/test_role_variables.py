# -*- coding: utf-8 -*-
"""Misspelt role variables are found and matched with the closest known name."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.action.role_variables import (
    unknown_variables,
)

KNOWN = {'python_build_versions', 'python_build_root', 'python_build_checksums'}


def test_misspellings_get_the_closest_name():
    names = ['python_build_version', 'python_build_root', 'python_build_chksums', 'other_var',
             '_python_build_plan', 'python_build_zzz_unrelated_name']
    assert unknown_variables(names, KNOWN, 'python_build_') == [
        ('python_build_chksums', 'python_build_checksums'),
        ('python_build_version', 'python_build_versions'),
        ('python_build_zzz_unrelated_name', None),
    ]


def test_nothing_unknown():
    assert unknown_variables(sorted(KNOWN) + ['ansible_host'], KNOWN, 'python_build_') == []
