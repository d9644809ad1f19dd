# -*- coding: utf-8 -*-
"""python_build_deps as Ansible runs it (a real process), against stand-ins for the package
managers' command-line tools (tests/fixtures/fake_package_manager.py keeps a package database
and refuses libev-devel until EPEL and CRB, or Package Hub, are enabled): the commands each
platform leads to, idempotence, check mode, and the errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

from module_runner import ROOT, run_module

FAKE = os.path.join(ROOT, 'tests', 'fixtures', 'fake_package_manager.py')
TOOLS = ['dpkg-query', 'apt-get', 'rpm', 'dnf', 'zypper', 'subscription-manager', 'SUSEConnect']
PACKAGES = {'apt': ['gcc', 'libev-dev', 'libssl-dev'],
            'dnf': ['gcc', 'libev-devel', 'openssl-devel'],
            'zypper': ['gcc', 'libev-devel', 'pkg-config']}
FACTS = {
    'rocky9': dict(manager='dnf', distribution='Rocky', distribution_major_version='9',
                   distribution_version='9.4', architecture='x86_64'),
    'rocky8': dict(manager='dnf', distribution='Rocky', distribution_major_version='8',
                   distribution_version='8.10', architecture='x86_64'),
    'rhel9': dict(manager='dnf', distribution='RedHat', distribution_major_version='9',
                  distribution_version='9.4', architecture='x86_64'),
    'sles15': dict(manager='zypper', distribution='SLES', distribution_major_version='15',
                   distribution_version='15.5', architecture='x86_64'),
    'leap15': dict(manager='zypper', distribution='openSUSE Leap', distribution_major_version='15',
                   distribution_version='15.5', architecture='x86_64'),
    'debian12': dict(manager='apt', distribution='Debian', distribution_major_version='12',
                     distribution_version='12.7', architecture='x86_64'),
}
FLAVOUR = {'dnf': 'el', 'zypper': 'sles', 'apt': ''}


@pytest.fixture
def host(tmp_path):
    """A fake host: its tools on PATH and its package database; returns a runner."""
    state = tmp_path / 'state'
    for sub in ('installed', 'repos', 'provides'):
        (state / sub).mkdir(parents=True)
    (state / 'log').write_text('')
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    for tool in TOOLS:
        wrapper = bin_dir / tool
        wrapper.write_text('#!/bin/sh\nexec "%s" "%s" "$(basename "$0")" "$@"\n'
                           % (sys.executable, FAKE))
        wrapper.chmod(0o755)

    class Host(object):
        installed = state / 'installed'
        repos = state / 'repos'
        provides = state / 'provides'

        @staticmethod
        def calls():
            return [line.split('\t') for line in (state / 'log').read_text().splitlines()]

        @staticmethod
        def run(platform, check=False, extra_env=None, **args):
            facts = FACTS[platform]
            env = dict(os.environ, PATH='%s:%s' % (bin_dir, os.environ['PATH']),
                       FAKE_PM_STATE=str(state), FAKE_PM_FLAVOUR=FLAVOUR[facts['manager']]
                       if platform != 'leap15' else '')
            env.update(extra_env or {})
            (state / 'log').write_text('')
            params = dict(facts, packages=PACKAGES[facts['manager']])
            params.update(args)
            return run_module('python_build_deps', params, check=check, tmp_path=tmp_path,
                              env=env)
    return Host


def changing_calls(calls):
    return [c for c in calls
            if c[0] not in ('rpm', 'dpkg-query') and c[:3] != ['dnf', 'repolist', '--enabled']
            and 'search' not in c]


def test_rocky9_enables_crb_and_epel_then_installs_only_what_is_missing(host):
    (host.installed / 'gcc').touch()
    result = host.run('rocky9')
    assert result.get('failed') is not True, result
    assert result['changed'] is True
    assert result['missing'] == ['libev-devel', 'openssl-devel']
    assert changing_calls(host.calls()) == [
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'dnf-plugins-core'],
        ['dnf', 'config-manager', '--set-enabled', 'crb'],
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'epel-release'],
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'libev-devel', 'openssl-devel']]
    again = host.run('rocky9')
    assert again['changed'] is False and again['commands'] == [] and again['missing'] == []
    assert changing_calls(host.calls()) == []


def test_rocky8_enables_powertools(host):
    result = host.run('rocky8')
    assert ['dnf', 'config-manager', '--set-enabled', 'powertools'] in result['commands']
    assert (host.repos / 'powertools').exists()


def test_rhel9_uses_subscription_manager_and_the_epel_rpm(host):
    result = host.run('rhel9')
    assert result.get('failed') is not True, result
    assert changing_calls(host.calls())[:2] == [
        ['subscription-manager', 'repos', '--enable', 'codeready-builder-for-rhel-9-x86_64-rpms'],
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False',
         'https://dl.fedoraproject.org/pub/epel/epel-release-latest-9.noarch.rpm']]
    assert host.run('rhel9')['changed'] is False


def test_without_repository_management_libev_devel_is_not_found(host):
    result = host.run('rocky9', manage_repositories=False)
    assert result['failed'] is True
    assert 'Unable to find a match: libev-devel' in result['msg']
    assert not os.listdir(str(host.repos))


def test_a_site_that_provides_its_repos_needs_no_repository_step(host):
    (host.installed / 'epel-release').touch()
    (host.repos / 'crb').touch()
    result = host.run('rocky9', manage_repositories=False)
    assert result['changed'] is True and result['repositories'] == []
    assert changing_calls(host.calls()) == [
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'gcc', 'libev-devel', 'openssl-devel']]


def test_check_mode_reports_and_changes_nothing(host):
    result = host.run('rocky9', check=True)
    assert result['changed'] is True
    assert result['repositories'] == ['dnf-plugins-core (dnf config-manager)', 'crb repository',
                                      'EPEL (epel-release)']
    assert result['installed'] == PACKAGES['dnf']
    assert changing_calls(host.calls()) == []
    assert not os.listdir(str(host.installed)) and not os.listdir(str(host.repos))


def test_sles_registers_package_hub_and_zypper_installs(host):
    (host.provides / 'pkg-config').write_text('pkgconf-pkg-config\n')
    (host.installed / 'pkgconf-pkg-config').touch()
    result = host.run('sles15')
    assert result.get('failed') is not True, result
    assert changing_calls(host.calls()) == [
        ['SUSEConnect', '--product', 'PackageHub/15.5/x86_64'],
        ['zypper', '--non-interactive', 'install', '--no-recommends', 'gcc', 'libev-devel']]
    assert host.run('sles15')['changed'] is False


def test_opensuse_leap_needs_no_repository(host):
    result = host.run('leap15')
    assert result.get('failed') is not True, result
    assert result['repositories'] == []
    assert changing_calls(host.calls())[0][0] == 'zypper'


def test_apt_installs_only_the_missing_after_an_update(host):
    (host.installed / 'gcc').touch()
    result = host.run('debian12')
    assert changing_calls(host.calls()) == [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'libev-dev', 'libssl-dev']]
    assert result['installed'] == ['libev-dev', 'libssl-dev']
    assert host.run('debian12')['changed'] is False


def test_an_install_that_installs_nothing_is_an_error_naming_the_packages(host):
    result = host.run('debian12', extra_env={'FAKE_PM_BROKEN_INSTALL': '1'})
    assert result['failed'] is True
    assert 'still not installed: gcc, libev-dev, libssl-dev' in result['msg']


def test_hostile_package_names_never_reach_a_command(host):
    result = host.run('debian12', packages=['gcc', '--allow-unauthenticated'])
    assert result['failed'] is True
    assert "'--allow-unauthenticated' is not a package name" in result['msg']
    assert host.calls() == []


def test_a_missing_tool_is_named(host):
    assert not any(os.path.exists(os.path.join(d, 'SUSEConnect'))
                   for d in os.environ['PATH'].split(os.pathsep))
    os.unlink(os.path.join(str(host.installed), '..', '..', 'bin', 'SUSEConnect'))
    result = host.run('sles15')
    assert result['failed'] is True
    assert 'cannot run SUSEConnect on this host' in result['msg']


def test_a_package_lock_held_by_another_run_is_waited_for(host):
    """Two runs at once on one host: the second apt-get finds the lock the first holds (apt's
    words, exit 100); the module waits and retries instead of failing (issue 25, found by the
    two-runs container test)."""
    result = host.run('debian12', packages=PACKAGES['apt'], extra_env={'FAKE_PM_LOCKED_TIMES': '2'})
    assert result.get('failed') is not True, result
    assert sorted(os.listdir(str(host.installed))) == sorted(PACKAGES['apt'])
    apt_calls = [c for c in host.calls() if c[0] == 'apt-get']
    assert len(apt_calls) == 4  # two refused by the lock, then update and install


@pytest.mark.parametrize('manager,rc,output,busy', [
    ('apt', 100, 'E: Could not get lock /var/lib/apt/lists/lock. It is held by process 416', True),
    ('apt', 100, 'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend)', True),
    ('apt', 100, 'E: Unable to locate package libev-devel', False),
    # the resilience suite's two runs at once, 2026-12-02 (apt-get update, exit 100)
    ('apt', 100, 'E: Problem renaming the file /var/cache/apt/pkgcache.bin.mYGVDl to '
                 '/var/cache/apt/pkgcache.bin - rename (2: No such file or directory)\n'
                 'W: You may want to run apt-get update to correct these problems\n'
                 'E: The package cache file is corrupted', True),
    ('zypper', 7, '', True),
    ('zypper', 104, "No provider of 'libev-devel' found.", False),
    ('dnf', 1, 'Error: Unable to find a match: libev-devel', False),
    ('apt', 0, 'Could not get lock', False),
])
def test_which_failures_are_a_busy_lock(manager, rc, output, busy):
    from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_deps import (
        lock_busy,
    )
    assert lock_busy(manager, rc, output) is busy
