# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What installing CPython's build dependencies means on each platform: which repositories must
be enabled first, how to ask which packages are installed, and the command that installs the
missing ones. Pure functions of the host's facts; the ``python_build_deps`` module runs them.

Every command is an argv list (never a shell string; package names are checked to start with
a letter or digit, so none reads as an option), and goes through the package manager's own
command-line tool, not its Python bindings: EL 8 has the ``dnf`` bindings only for
platform-python 3.6, which ansible-core 2.17+ cannot run, and a SUSE host would otherwise need
``community.general.zypper`` on the controller.

A repository step is ``{'name', 'probe', 'satisfied', 'run'}``: ``probe`` is a read-only argv;
``satisfied(rc, stdout)`` says from its result whether the step is already done; ``run`` is the
list of argv that do it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

MANAGERS = ('apt', 'dnf', 'zypper')

# Distributions whose repositories this collection knows how to enable. Others get the packages
# only (with a message saying so when a package cannot be found).
EL_REBUILDS = ('Rocky', 'AlmaLinux', 'CentOS')
EL_RHEL = ('RedHat',)
SUSE_ENTERPRISE = ('SLES', 'SLES_SAP')

EPEL_RELEASE_URL = 'https://dl.fedoraproject.org/pub/epel/epel-release-latest-%s.noarch.rpm'

_PACKAGE_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9+._-]*$')
_FACT = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]*$')
_DISTRIBUTION = re.compile(r'^[A-Za-z0-9][A-Za-z0-9 ._-]*$')  # "openSUSE Leap"; never in a command
_URL = re.compile(r'^https?://[^\s]+$')


class DepsError(ValueError):
    """An argument this module refuses, with a message that names it."""


def check_packages(packages):
    if not packages:
        raise DepsError('packages: the list is empty; it names the build dependencies to install')
    for name in packages:
        if not isinstance(name, str) or not _PACKAGE_NAME.match(name):
            raise DepsError('packages: %r is not a package name (letters, digits and + . _ -, '
                            'starting with a letter or digit)' % (name,))
    return list(packages)


def _check_fact(name, value, required=True, pattern=_FACT):
    if value in (None, ''):
        if required:
            raise DepsError('%s is missing: gather facts on the host (gather_facts: true)' % name)
        return ''
    value = str(value)
    if not pattern.match(value):
        raise DepsError('%s: %r is not a distribution fact this module understands' % (name, value))
    return value


def _enabled_repo(repo_id):
    """``satisfied`` for ``dnf repolist --enabled``: the repository's id is a listed word."""
    def satisfied(rc, stdout):
        if rc != 0:
            return False
        return any(line.split()[:1] == [repo_id] for line in stdout.splitlines())
    return satisfied


def _rc_zero(rc, stdout):
    return rc == 0


def _dnf_install(packages):
    # Without weak dependencies (dnf installs them by default), like apt's --no-install-recommends
    # and zypper's --no-recommends.
    return ['dnf', 'install', '-y', '--setopt=install_weak_deps=False'] + list(packages)


def repository_steps(manager, distribution, major, version, architecture,
                     manage_repositories=True, epel_release_url=None):
    """The repository steps the build dependencies (libev's above all) need on this platform,
    in order. Empty when there are none or when ``manage_repositories`` is false (a site that
    provides its own mirrors)."""
    if manager not in MANAGERS:
        raise DepsError('manager: %r is not one of %s' % (manager, ', '.join(MANAGERS)))
    if not manage_repositories or manager == 'apt':
        return []
    distribution = _check_fact('ansible_facts.distribution', distribution, pattern=_DISTRIBUTION)
    if manager == 'dnf':
        major = _check_fact('ansible_facts.distribution_major_version', major)
        architecture = _check_fact('ansible_facts.architecture', architecture)
        return _el_steps(distribution, major, architecture, epel_release_url)
    version = _check_fact('ansible_facts.distribution_version', version, required=False)
    architecture = _check_fact('ansible_facts.architecture', architecture, required=False)
    return _suse_steps(distribution, version, architecture)


def _el_steps(distribution, major, architecture, epel_release_url):
    if major not in ('8', '9', '10'):
        raise DepsError('distribution_major_version: %r: only EL 8, 9 and 10 are known; set '
                        'python_build_manage_repositories: false and provide EPEL and CRB '
                        'yourself' % major)
    if distribution in EL_RHEL:
        crb = 'codeready-builder-for-rhel-%s-%s-rpms' % (major, architecture)
        url = epel_release_url or EPEL_RELEASE_URL % major
        if not _URL.match(url):
            raise DepsError('epel_release_url: %r is not an http(s) URL' % (url,))
        return [
            {'name': 'CodeReady Builder (%s)' % crb,
             'probe': ['dnf', 'repolist', '--enabled'],
             'satisfied': _enabled_repo(crb),
             'run': [['subscription-manager', 'repos', '--enable', crb]]},
            {'name': 'EPEL (release RPM from %s)' % url,
             'probe': ['rpm', '-q', 'epel-release'],
             'satisfied': _rc_zero,
             'run': [_dnf_install([url])]},
        ]
    if distribution in EL_REBUILDS:
        crb = 'powertools' if major == '8' else 'crb'
        return [
            {'name': 'dnf-plugins-core (dnf config-manager)',
             'probe': ['rpm', '-q', 'dnf-plugins-core'],
             'satisfied': _rc_zero,
             'run': [_dnf_install(['dnf-plugins-core'])]},
            {'name': '%s repository' % crb,
             'probe': ['dnf', 'repolist', '--enabled'],
             'satisfied': _enabled_repo(crb),
             'run': [['dnf', 'config-manager', '--set-enabled', crb]]},
            {'name': 'EPEL (epel-release)',
             'probe': ['rpm', '-q', 'epel-release'],
             'satisfied': _rc_zero,
             'run': [_dnf_install(['epel-release'])]},
        ]
    raise DepsError('distribution: %r: this module knows how to enable EPEL and CRB on %s; set '
                    'python_build_manage_repositories: false and provide them (libev-devel comes '
                    'from EPEL) yourself' % (distribution, ', '.join(EL_RHEL + EL_REBUILDS)))


def _suse_steps(distribution, version, architecture):
    if distribution not in SUSE_ENTERPRISE:
        return []  # openSUSE Leap carries libev-devel in its main repository
    if not version or not architecture:
        raise DepsError('SLES needs ansible_facts.distribution_version and architecture to name '
                        'its SUSE Package Hub product')
    product = 'PackageHub/%s/%s' % (version, architecture)
    return [
        {'name': 'SUSE Package Hub (%s), where libev-devel comes from' % product,
         'probe': ['zypper', '--non-interactive', '--quiet', 'search', '--match-exact',
                   'libev-devel'],
         'satisfied': _rc_zero,
         'run': [['SUSEConnect', '--product', product]]},
    ]


def query_commands(manager, packages):
    """Read-only argv that tell which ``packages`` are installed: one ``dpkg-query`` for apt; one
    ``rpm -q --whatprovides`` per package for dnf and zypper, so that a name another package
    provides (``pkg-config`` on SUSE, say) counts as installed once it is."""
    if manager == 'apt':
        return [['dpkg-query', '-W', '-f=${db:Status-Abbrev} ${Package}\\n'] + list(packages)]
    return [['rpm', '-q', '--whatprovides', name] for name in packages]


def missing_packages(manager, packages, results):
    """The ``packages`` not installed, from the ``(rc, stdout)`` of each query command."""
    if manager == 'apt':
        installed = set()
        for _rc, stdout in results:
            for line in stdout.splitlines():
                words = line.split()
                # "ii  libssl-dev"; removed with its config left is "rc ", half-installed "iU" etc.
                if len(words) == 2 and words[0] == 'ii':
                    installed.add(words[1].split(':')[0])
        return [p for p in packages if p not in installed]
    return [name for name, (rc, _stdout) in zip(packages, results) if rc != 0]


def install_commands(manager, packages):
    """The argv that install ``packages`` (non-interactive, without recommended extras)."""
    packages = list(packages)
    if manager == 'apt':
        return [['apt-get', 'update'],
                ['apt-get', 'install', '-y', '--no-install-recommends'] + packages]
    if manager == 'dnf':
        return [_dnf_install(packages)]
    return [['zypper', '--non-interactive', 'install', '--no-recommends'] + packages]


# apt-get must not ask; dnf and zypper take their flags.
ENVIRONMENT = {'apt': {'DEBIAN_FRONTEND': 'noninteractive'}, 'dnf': {}, 'zypper': {}}

# What each tool says when another process (a second run of this role, unattended-upgrades,
# PackageKit) holds its lock or is writing its cache: worth waiting for, not a failure. zypper exits 7 (ZYPPER_EXIT_ZYPP_LOCKED).
_LOCK_BUSY = {
    'apt': ('Could not get lock', 'Unable to lock directory', 'Unable to acquire the dpkg frontend lock',
            # two apt-get runs rebuilding /var/cache/apt/pkgcache.bin at once (seen with two runs
            # of the role on one host: the other's rename won); the next try reads the new cache
            'Problem renaming the file /var/cache/apt/'),
    'dnf': ('Waiting for process with pid',),
    'zypper': ('System management is locked',),
}


def lock_busy(manager, rc, output):
    """Whether a failed command failed only because another process held the package lock."""
    if rc == 0:
        return False
    if manager == 'zypper' and rc == 7:
        return True
    return any(text in (output or '') for text in _LOCK_BUSY.get(manager, ()))
