# -*- coding: utf-8 -*-
"""Which commands a host's facts lead to when python_build installs its dependencies: the
repository steps per distribution (EL rebuilds, RHEL, SLES, openSUSE, Debian/Ubuntu), the package
queries and the install commands. No EL or SUSE image can be pulled here, so this table is where
those paths are pinned down (tests/unit/plugins/modules/test_python_build_deps.py runs them)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_deps import (
    DepsError,
    check_packages,
    install_commands,
    missing_packages,
    query_commands,
    repository_steps,
)


def runs(steps):
    return [argv for step in steps for argv in step['run']]


@pytest.mark.parametrize('distribution,major,arch,expected', [
    ('Rocky', '8', 'x86_64', [
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'dnf-plugins-core'],
        ['dnf', 'config-manager', '--set-enabled', 'powertools'],
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'epel-release']]),
    ('Rocky', '9', 'x86_64', [
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'dnf-plugins-core'],
        ['dnf', 'config-manager', '--set-enabled', 'crb'],
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'epel-release']]),
    ('AlmaLinux', '9', 'aarch64', [
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'dnf-plugins-core'],
        ['dnf', 'config-manager', '--set-enabled', 'crb'],
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'epel-release']]),
    ('RedHat', '9', 'x86_64', [
        ['subscription-manager', 'repos', '--enable', 'codeready-builder-for-rhel-9-x86_64-rpms'],
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False',
         'https://dl.fedoraproject.org/pub/epel/epel-release-latest-9.noarch.rpm']]),
    ('RedHat', '8', 'aarch64', [
        ['subscription-manager', 'repos', '--enable', 'codeready-builder-for-rhel-8-aarch64-rpms'],
        ['dnf', 'install', '-y', '--setopt=install_weak_deps=False',
         'https://dl.fedoraproject.org/pub/epel/epel-release-latest-8.noarch.rpm']]),
])
def test_el_repository_commands(distribution, major, arch, expected):
    assert runs(repository_steps('dnf', distribution, major, major + '.4', arch)) == expected


def test_rhel_never_uses_config_manager_or_epel_release_from_its_own_repos():
    argvs = runs(repository_steps('dnf', 'RedHat', '9', '9.4', 'x86_64'))
    assert not any('config-manager' in a for a in argvs)
    assert ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'epel-release'] not in argvs


def test_rhel_epel_url_can_point_at_a_site_mirror():
    url = 'https://mirror.example.com/epel/epel-release-latest-9.noarch.rpm'
    steps = repository_steps('dnf', 'RedHat', '9', '9.4', 'x86_64', epel_release_url=url)
    assert runs(steps)[-1] == ['dnf', 'install', '-y', '--setopt=install_weak_deps=False', url]


@pytest.mark.parametrize('url', ['file:///etc/passwd', 'https://x y', '; rm -rf /'])
def test_rhel_epel_url_must_be_http(url):
    with pytest.raises(DepsError, match='epel_release_url'):
        repository_steps('dnf', 'RedHat', '9', '9.4', 'x86_64', epel_release_url=url)


def test_el_probes_are_read_only_and_decide_each_step():
    steps = repository_steps('dnf', 'Rocky', '9', '9.4', 'x86_64')
    assert [s['probe'] for s in steps] == [
        ['rpm', '-q', 'dnf-plugins-core'], ['dnf', 'repolist', '--enabled'],
        ['rpm', '-q', 'epel-release']]
    crb = steps[1]['satisfied']
    assert crb(0, 'repo id   repo name\ncrb    Rocky Linux 9 - CRB\nappstream  AppStream\n')
    assert not crb(0, 'repo id   repo name\nappstream  AppStream\n')
    assert not crb(0, 'repo id   repo name\ncrb-debug  CRB debug\n')  # the id, not a prefix
    assert not crb(1, 'crb  CRB\n')
    assert steps[0]['satisfied'](0, '') and not steps[0]['satisfied'](1, '')


@pytest.mark.parametrize('distribution,major', [('OracleLinux', '9'), ('Fedora', '40')])
def test_unknown_el_is_refused_with_the_way_out(distribution, major):
    with pytest.raises(DepsError, match='python_build_manage_repositories: false'):
        repository_steps('dnf', distribution, major, major, 'x86_64')


def test_site_mirrors_skip_repository_management():
    assert repository_steps('dnf', 'RedHat', '9', '9.4', 'x86_64', manage_repositories=False) == []
    assert repository_steps('dnf', 'OracleLinux', '9', '9.4', 'x86_64',
                            manage_repositories=False) == []
    assert repository_steps('zypper', 'SLES', '15', '15.5', 'x86_64',
                            manage_repositories=False) == []


def test_sles_registers_package_hub_for_libev_devel():
    steps = repository_steps('zypper', 'SLES', '15', '15.5', 'x86_64')
    assert runs(steps) == [['SUSEConnect', '--product', 'PackageHub/15.5/x86_64']]
    assert steps[0]['probe'][-1] == 'libev-devel'


@pytest.mark.parametrize('manager,distribution', [
    ('zypper', 'openSUSE Leap'), ('apt', 'Debian'), ('apt', 'Ubuntu')])
def test_platforms_without_repository_steps(manager, distribution):
    assert repository_steps(manager, distribution, '15', '15.5', 'x86_64') == []


def test_facts_are_required_and_checked():
    with pytest.raises(DepsError, match='gather facts'):
        repository_steps('dnf', None, '9', '9.4', 'x86_64')
    with pytest.raises(DepsError, match="'9; reboot'"):
        repository_steps('dnf', 'Rocky', '9; reboot', '9.4', 'x86_64')
    with pytest.raises(DepsError, match="'yum'"):
        repository_steps('yum', 'Rocky', '9', '9.4', 'x86_64')


@pytest.mark.parametrize('bad', ['-y', '--installroot=/', 'gcc make', '', 'lib;ev', None])
def test_package_names_are_validated(bad):
    with pytest.raises(DepsError, match='packages'):
        check_packages(['gcc', bad])


def test_apt_query_and_its_reading():
    assert query_commands('apt', ['gcc', 'libev-dev']) == [
        ['dpkg-query', '-W', '-f=${db:Status-Abbrev} ${Package}\\n', 'gcc', 'libev-dev']]
    out = 'ii  gcc\nrc  libev-dev\nii  libssl-dev:amd64\n'
    assert missing_packages('apt', ['gcc', 'libev-dev', 'libssl-dev', 'make'],
                            [(1, out)]) == ['libev-dev', 'make']


def test_rpm_queries_one_package_each_by_what_provides_it():
    assert query_commands('zypper', ['pkg-config', 'gcc']) == [
        ['rpm', '-q', '--whatprovides', 'pkg-config'], ['rpm', '-q', '--whatprovides', 'gcc']]
    assert missing_packages('dnf', ['pkg-config', 'gcc'],
                            [(0, 'pkgconf-pkg-config-1.7\n'), (1, 'no package provides gcc\n')]) \
        == ['gcc']


@pytest.mark.parametrize('manager,expected', [
    ('apt', [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends',
                                     'gcc', 'libev-dev']]),
    ('dnf', [['dnf', 'install', '-y', '--setopt=install_weak_deps=False', 'gcc', 'libev-dev']]),
    ('zypper', [['zypper', '--non-interactive', 'install', '--no-recommends',
                 'gcc', 'libev-dev']]),
])
def test_install_commands(manager, expected):
    assert install_commands(manager, ['gcc', 'libev-dev']) == expected
