# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The platform an artifact is built for: which hosts can share one compiled CPython.

A build links against the host's C library and system libraries (OpenSSL, libffi, sqlite, ...),
so hosts share an artifact only where those ABIs are the same: the same distribution, the same
release where its ABI changes, and the same architecture. Standard library only.

* Ubuntu changes glibc and its libraries with every release, LTS or not (22.04 and 22.10 differ),
  so its key carries the full ``YY.MM``.
* Debian, RHEL and its rebuilds, SLES and openSUSE Leap keep their ABI for a major release (Leap
  15.x and SLES 15 SPx all ship glibc 2.31 and OpenSSL 1.1.1/3 compatible libraries), so their key
  carries the major version.
* Distributions without release numbers (rolling ones, Debian testing) fall back to the full
  version string, so a change of it never reuses an older build.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# Distributions whose every release (not only the major) has its own ABI.
FULL_VERSION = ('ubuntu', 'pop', 'linuxmint', 'fedora')
_KEY = re.compile(r'^[a-z0-9][a-z0-9._-]*$')


class PlatformError(ValueError):
    """Facts that cannot name a platform; the message names the fact."""


def _slug(value):
    return re.sub(r'[^a-z0-9._]+', '-', str(value).strip().lower()).strip('-.')


def platform_key(distribution, version, major_version, architecture):
    """``DISTRIBUTION-RELEASE-ARCH``, a directory name: ``ubuntu-22.04-x86_64``,
    ``opensuse-leap-15-x86_64``, ``rocky-9-aarch64``, ``debian-12-x86_64``.

    The arguments are the Ansible facts ``distribution``, ``distribution_version``,
    ``distribution_major_version`` and ``architecture``.
    """
    facts = (('distribution', distribution), ('distribution_version', version),
             ('distribution_major_version', major_version), ('architecture', architecture))
    for name, value in facts:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise PlatformError('ansible_facts[%r] must be a string, got %r: gather facts first'
                                % (name, value))
    dist = _slug(distribution)
    if not dist:
        raise PlatformError('ansible_facts[\'distribution\'] %r names no distribution'
                            % (distribution,))
    major = _slug(major_version)
    full = _slug(version)
    if dist in FULL_VERSION or not re.match(r'^[0-9]+$', major):
        release = full if re.match(r'^[0-9]', full) else major or full
    else:
        release = major
    if not release or release in ('n-a', 'na'):
        raise PlatformError('the %s host reports no release (distribution_version %r, '
                            'distribution_major_version %r); set python_build_platform to name '
                            'its platform' % (distribution, version, major_version))
    arch = _slug(architecture)
    if not arch:
        raise PlatformError('ansible_facts[\'architecture\'] %r names no architecture'
                            % (architecture,))
    key = '%s-%s-%s' % (dist, release, arch)
    if not _KEY.match(key) or '..' in key:
        raise PlatformError('the platform name %r cannot name a directory' % key)
    return key
