# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``python_build_plan`` filter used by the python_build role."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    PlanError,
    PlanSettings,
    build_plan,
    setuptools_minimum,
)
from ansible.utils.display import Display
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    boolean_arg,
    check_today,
    filter_errors,
    release_data_arg,
)


def python_build_plan(versions, root, source_url, checksums=None, verify_checksum=True,
                      cache_dir='/var/cache/connect-ops/python-build', imports=(), state=None,
                      openssl_prefix='', jobs=1, poll=2, timeout=7200, optimize=False,
                      configure_args=(), installed=(), artifact_url='', artifact_upload='none',
                      artifact_pins=None, bolt=False, bolt_tools=None, architecture='',
                      release_data=None, today=None):
    verify = boolean_arg(verify_checksum, 'python_build_verify_checksum must be a boolean, got %r')
    optimize = boolean_arg(optimize, 'python_build_optimizations must be a boolean, got %r')
    bolt = boolean_arg(bolt, 'python_build_bolt must be a boolean, got %r')
    today = check_today('python_build_plan', today)
    data = release_data_arg('python_build_plan', checksums if isinstance(checksums, dict) else None,
                            release_data)
    with filter_errors(PlanError):
        settings = PlanSettings(
            root, source_url, checksums=checksums, verify_checksum=verify, cache_dir=cache_dir,
            imports=imports, openssl_prefix=openssl_prefix, jobs=jobs, poll=poll, timeout=timeout,
            optimize=optimize, configure_args=configure_args, artifact_url=artifact_url,
            artifact_upload=artifact_upload, artifact_pins=artifact_pins, bolt=bolt,
            bolt_tools=bolt_tools, architecture=architecture, data=data, today=today)
        plan = build_plan(versions, settings, state=state, installed=installed)
    for text in sorted(set(e['stale'] for e in plan if e.get('stale'))):
        # said once per run (Display keeps each warning once) where a series request used it
        Display().warning('python_build_versions: a series request was resolved with old data: %s'
                          % text)
    return plan


def python_build_setuptools_minimum(spec):
    with filter_errors(PlanError):
        return setuptools_minimum(spec)


class FilterModule:
    """python_build role helpers."""

    def filters(self):
        return {'python_build_plan': python_build_plan,
                'python_build_setuptools_minimum': python_build_setuptools_minimum}
