# -*- coding: utf-8 -*-
"""python_build_deps against the real rpm 4.18, dnf 4.14 and zypper 1.14 (Debian 12's builds, in
the el-tools and suse-tools images) and simulated rpm-md repositories: real package managers
against simulated repositories (issue 23). Every package is an empty noarch RPM that provides one
name of roles/python_build/vars/RedHat.yml or Suse.yml, laid out in the repositories a platform
has (extensions/molecule/images/README.md gives the evidence for each placement, or marks it unconfirmed).
subscription-manager and SUSEConnect are stand-ins (tests/docker/pkgsim/bin); everything else -
rpm's database, dnf's and zypper's resolution, exit codes and output - is the real tool's.

  make package-managers     (builds the images, then runs this file)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import uuid

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'build', 'collections'))
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds import build_deps  # noqa: E402

PKGSIM = os.path.join(HERE, 'pkgsim')
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')
BIN = os.path.dirname(sys.executable)


def packages(family):
    with open(os.path.join(ROOT, 'roles', 'python_build', 'vars', family + '.yml')) as f:
        return yaml.safe_load(f)['_python_build_packages']


REDHAT = packages('RedHat')
SUSE = packages('Suse')
# Installed before the run, as on a base image: the module must not install them again.
BASE = ['make', 'xz', 'ca-certificates']


def el_layout(major, crb, baseos, appstream, crb_packages):
    rest = set(REDHAT) - set(baseos) - set(appstream) - set(crb_packages)
    assert not rest, 'no repository for %s' % sorted(rest)
    return {'manager': 'dnf', 'releasever': major, 'repos': [
        {'id': 'baseos', 'packages': baseos + ['dnf-plugins-core']},
        {'id': 'appstream', 'packages': appstream},
        {'id': crb, 'enabled': False, 'packages': crb_packages},
        {'id': 'extras', 'packages': ['epel-release']},
        {'id': 'epel', 'defined': False, 'packages': ['libev']},
    ]}


# Where each package lives (extensions/molecule/images/README.md: evidence, or "unconfirmed").
EL9 = dict(
    baseos=['make', 'xz', 'ca-certificates', 'zstd', 'pkgconf-pkg-config'],
    appstream=['gcc', 'gcc-c++', 'bzip2-devel', 'expat-devel', 'libffi-devel', 'libuuid-devel',
               'ncurses-devel', 'openssl-devel', 'readline-devel', 'sqlite-devel', 'tk-devel',
               'xz-devel', 'zlib-devel'],
    crb_packages=['gdbm-devel', 'libev-devel'])
EL8 = dict(
    baseos=['make', 'xz', 'ca-certificates', 'pkgconf-pkg-config', 'gdbm-devel',
            'libuuid-devel'],
    appstream=['gcc', 'gcc-c++', 'zstd', 'bzip2-devel', 'expat-devel', 'libffi-devel',
               'ncurses-devel', 'openssl-devel', 'readline-devel', 'sqlite-devel', 'tk-devel',
               'xz-devel', 'zlib-devel'],
    crb_packages=['libev-devel'])
RHEL9_CRB = 'codeready-builder-for-rhel-9-x86_64-rpms'


def rhel9_layout():
    layout = el_layout('9', RHEL9_CRB, **EL9)
    ids = {'baseos': 'rhel-9-for-x86_64-baseos-rpms',
           'appstream': 'rhel-9-for-x86_64-appstream-rpms'}
    layout['repos'] = [dict(r, id=ids.get(r['id'], r['id'])) for r in layout['repos']
                       if r['id'] != 'extras']  # RHEL has no extras: EPEL comes from a URL
    return layout


def suse_layout(main_id, packagehub):
    main = [p for p in SUSE if p != 'libev-devel' or not packagehub]
    repos = [{'id': main_id, 'packages': main}]
    if packagehub:
        repos.append({'id': 'packagehub', 'defined': False, 'packages': ['libev-devel']})
    return {'manager': 'zypper', 'repos': repos}


PLATFORMS = {
    'rocky9': dict(image='el-tools', layout=el_layout('9', 'crb', **EL9), packages=REDHAT,
                   facts=dict(manager='dnf', distribution='Rocky', distribution_major_version='9',
                              architecture='x86_64'),
                   steps=['dnf-plugins-core (dnf config-manager)', 'crb repository',
                          'EPEL (epel-release)']),
    'rocky8': dict(image='el-tools', layout=el_layout('8', 'powertools', **EL8), packages=REDHAT,
                   facts=dict(manager='dnf', distribution='Rocky', distribution_major_version='8',
                              architecture='x86_64'),
                   steps=['dnf-plugins-core (dnf config-manager)', 'powertools repository',
                          'EPEL (epel-release)']),
    'rhel9': dict(image='el-tools', layout=rhel9_layout(), packages=REDHAT,
                  facts=dict(manager='dnf', distribution='RedHat', distribution_major_version='9',
                             architecture='x86_64',
                             epel_release_url='http://127.0.0.1:8931/epel-release-1.0-1.noarch.rpm'),
                  steps=['CodeReady Builder (%s)' % RHEL9_CRB,
                         'EPEL (release RPM from http://127.0.0.1:8931/epel-release-1.0-1.noarch.rpm)'],
                  standins=['subscription-manager repos --enable %s' % RHEL9_CRB]),
    'leap15': dict(image='suse-tools', layout=suse_layout('repo-oss', False), packages=SUSE,
                   facts=dict(manager='zypper', distribution='openSUSE Leap',
                              distribution_version='15.6', architecture='x86_64'),
                   steps=[]),
    'sles15': dict(image='suse-tools',
                   layout=suse_layout('SLE-Module-Basesystem15-SP6-Pool', True), packages=SUSE,
                   facts=dict(manager='zypper', distribution='SLES', distribution_version='15.6',
                              architecture='x86_64'),
                   steps=['SUSE Package Hub (PackageHub/15.6/x86_64), where libev-devel comes from'],
                   standins=['SUSEConnect --product PackageHub/15.6/x86_64']),
}


def docker(*args, **kwargs):
    return subprocess.run(['docker'] + list(args), capture_output=True, text=True,
                          check=kwargs.pop('check', True), **kwargs)


@pytest.fixture(scope='session')
def rpms(tmp_path_factory):
    """One empty RPM per name, built once with the real rpmbuild."""
    out = str(tmp_path_factory.mktemp('rpms'))
    names = sorted(set(REDHAT) | set(SUSE) | {'dnf-plugins-core', 'epel-release', 'libev'})
    docker('run', '--rm', '--network', 'none', '-v', '%s:/out' % out, '-v',
           '%s:/pkgsim:ro' % PKGSIM, 'connect-ops/el-tools', 'python3', '/pkgsim/layout.py',
           'build', '/out', *names)
    return out


class Host(object):
    """A container of one simulated platform, and the module run against it through Ansible."""

    def __init__(self, platform, rpms):
        self.spec = PLATFORMS[platform]
        self.name = 'connect-ops-pkgsim-%s-%s' % (platform, uuid.uuid4().hex[:6])
        docker('run', '-d', '--name', self.name, '--network', 'none', '-v', '%s:/rpms:ro' % rpms,
               '-v', '%s:/pkgsim:ro' % PKGSIM, 'connect-ops/%s' % self.spec['image'],
               'sleep', 'infinity')
        self.sh('cp /pkgsim/bin/* /usr/local/bin/')
        docker('exec', self.name, 'python3', '/pkgsim/layout.py', 'repos', '/rpms',
               json.dumps(self.spec['layout']))
        if platform == 'rhel9':  # EPEL's release RPM, from a URL as on RHEL
            docker('exec', '-d', self.name, 'python3', '-m', 'http.server', '8931', '--bind',
                   '127.0.0.1', '--directory', '/rpms')
        manager = self.spec['facts']['manager']
        install = (['dnf', 'install', '-y'] if manager == 'dnf'
                   else ['zypper', '--non-interactive', 'install'])
        docker('exec', self.name, *(install + BASE))

    def sh(self, script, check=True):
        return docker('exec', self.name, 'sh', '-c', script, check=check)

    def installed(self):
        return sorted(self.sh("rpm -qa --qf '%{NAME}\\n'").stdout.split())

    def module(self, packages=None, check=False):
        args = dict(self.spec['facts'], packages=packages or self.spec['packages'])
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
                   ANSIBLE_LOAD_CALLBACK_PLUGINS='1', ANSIBLE_STDOUT_CALLBACK='json',
                   ANSIBLE_HOST_KEY_CHECKING='false', ANSIBLE_NOCOLOR='1')
        cmd = [os.path.join(BIN, 'ansible'), 'all', '-i', '%s,' % self.name, '-c',
               'community.docker.docker', '-e', 'ansible_python_interpreter=/usr/bin/python3',
               '-m', 'connect_ops.interpreters.python_build_deps', '-a', json.dumps(args)]
        if check:
            cmd.append('--check')
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        try:
            out = json.loads(proc.stdout)
            return out['plays'][0]['tasks'][0]['hosts'][self.name]
        except (ValueError, KeyError, IndexError):
            raise AssertionError('ansible: %s %s' % (proc.stdout[-3000:], proc.stderr[-3000:]))

    def remove(self):
        docker('rm', '-f', self.name, check=False)


@pytest.fixture
def host(request, rpms):
    made = []

    def make(platform):
        h = Host(platform, rpms)
        made.append(h)
        return h
    yield make
    for h in made:
        h.remove()


@pytest.mark.parametrize('platform', sorted(PLATFORMS))
def test_check_mode_then_install_exactly_what_is_missing_then_nothing(host, platform):
    h = host(platform)
    spec = PLATFORMS[platform]
    expected = sorted(set(spec['packages']) - set(BASE))
    before = h.installed()

    r = h.module(check=True)
    assert not r.get('failed'), r
    assert r['changed'] and sorted(r['installed']) == expected
    assert r['repositories'] == spec['steps']
    assert h.installed() == before, 'check mode installed something'
    assert h.sh('cat /var/log/standins.log 2>/dev/null || true').stdout == ''

    r = h.module()
    assert not r.get('failed'), r
    assert r['changed'] and sorted(r['installed']) == expected, r
    assert r['repositories'] == spec['steps']
    after = h.installed()
    assert set(spec['packages']) <= set(after)
    repo_packages = set()
    if any(s.startswith('dnf-plugins-core') for s in spec['steps']):
        repo_packages.add('dnf-plugins-core')
    if any(s.startswith('EPEL') for s in spec['steps']):
        repo_packages.add('epel-release')
    assert sorted(set(after) - set(before)) == sorted(set(expected) | repo_packages)
    standins = h.sh('cat /var/log/standins.log 2>/dev/null || true').stdout.splitlines()
    assert standins == spec.get('standins', [])

    r = h.module()
    assert not r.get('failed'), r
    assert not r['changed'] and r['installed'] == [] and r['repositories'] == [], r
    assert h.installed() == after


@pytest.mark.parametrize('platform', ['rocky9', 'leap15'])
def test_a_package_no_repository_provides_is_named(host, platform):
    h = host(platform)
    r = h.module(packages=['gcc', 'no-such-devel'])
    assert r.get('failed'), r
    assert 'no-such-devel' in r['msg'] and 'installing the build dependencies' in r['msg'], r
    assert 'gcc' not in h.installed()  # dnf and zypper install nothing of a failed transaction


def test_sles_with_libev_available_registers_no_package_hub(host):
    h = host('sles15')
    h.sh('SUSEConnect --product PackageHub/15.6/x86_64 >/dev/null && : > /var/log/standins.log')
    r = h.module()
    assert not r.get('failed'), r
    assert r['repositories'] == [] and 'libev-devel' in r['installed']
    assert h.sh('cat /var/log/standins.log').stdout == ''


def test_the_outputs_the_module_reads_are_the_real_tools(host):
    """rpm -q --whatprovides, dnf repolist --enabled and zypper search, as the code reads them."""
    el = host('rhel9')
    rc = el.sh('rpm -q --whatprovides libev-devel', check=False)
    assert rc.returncode == 1 and build_deps.missing_packages(
        'dnf', ['libev-devel'], [(rc.returncode, rc.stdout)]) == ['libev-devel']
    satisfied = build_deps._enabled_repo(RHEL9_CRB)
    listed = el.sh('dnf repolist --enabled')
    assert not satisfied(listed.returncode, listed.stdout), listed.stdout
    el.sh('subscription-manager repos --enable %s' % RHEL9_CRB)
    listed = el.sh('dnf repolist --enabled')
    # The longest repository id the module looks for (41 characters) is listed whole.
    assert satisfied(listed.returncode, listed.stdout), listed.stdout

    suse = host('sles15')
    found = suse.sh('zypper --non-interactive --quiet search --match-exact libev-devel',
                    check=False)
    assert found.returncode == 104, (found.returncode, found.stdout)  # ZYPPER_EXIT_INF_CAP_NOT_FOUND
    step = build_deps.repository_steps('zypper', 'SLES', '15', '15.6', 'x86_64')[0]
    assert step['probe'][:3] == ['zypper', '--non-interactive', '--quiet']
    assert not step['satisfied'](found.returncode, found.stdout)
