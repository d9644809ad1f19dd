"""Lay out simulated repositories in a container of el-tools or suse-tools (run there as root).

  layout.py build OUT NAME...          build an empty noarch RPM providing each NAME into OUT
  layout.py repos RPMS LAYOUT_JSON     copy RPMS/NAME-*.rpm into /srv/repos/ID, index each with
                                       createrepo_c and register it with the package manager

LAYOUT_JSON: {"manager": "dnf"|"zypper", "releasever": "9",
              "repos": [{"id": ..., "enabled": true, "packages": [...]}, ...]}
A repository with "defined": false is only indexed (its definition comes later: from
epel-release's payload, or a SUSEConnect stand-in). epel-release carries
/etc/yum.repos.d/epel.repo pointing at /srv/repos/epel, as the real one points at EPEL's mirrors.
"""
import glob
import json
import os
import shutil
import subprocess
import sys

SPEC = """Name: %(name)s
Version: 1.0
Release: 1
Summary: stand-in for %(name)s (no payload)
License: MIT
BuildArch: noarch
%%description
An empty package that provides %(name)s, for tests/docker/test_package_managers.py.
%%install
%(install)s
%%files
%(files)s
"""
EPEL_REPO = ('[epel]\nname=Extra Packages for Enterprise Linux (simulated)\n'
             'baseurl=file:///srv/repos/epel\ngpgcheck=0\nenabled=1\n')


def build(out, names):
    top = '/tmp/rpmbuild'
    os.makedirs(out, exist_ok=True)
    for name in names:
        install, files = '', ''
        if name == 'epel-release':
            install = ('mkdir -p %{buildroot}/etc/yum.repos.d\n'
                       "printf '" + EPEL_REPO.replace('\n', '\\n')
                       + "' > %{buildroot}/etc/yum.repos.d/epel.repo")
            files = '/etc/yum.repos.d/epel.repo'
        spec = os.path.join('/tmp', name + '.spec')
        with open(spec, 'w') as f:
            f.write(SPEC % {'name': name, 'install': install, 'files': files})
        subprocess.run(['rpmbuild', '-bb', '--quiet', '--define', '_topdir ' + top, spec],
                       check=True, stdout=subprocess.DEVNULL)
    for rpm in glob.glob(os.path.join(top, 'RPMS', 'noarch', '*.rpm')):
        shutil.copy(rpm, out)


def repos(rpms, layout):
    manager = layout['manager']
    if manager == 'dnf':
        with open('/etc/dnf/vars/releasever', 'w') as f:
            f.write(layout['releasever'] + '\n')
    for repo in layout['repos']:
        path = os.path.join('/srv/repos', repo['id'])
        os.makedirs(path, exist_ok=True)
        for name in repo['packages']:
            found = glob.glob(os.path.join(rpms, '%s-1.0-1.noarch.rpm' % name))
            if not found:
                sys.exit('layout: no stand-in RPM for %s in %s' % (name, rpms))
            shutil.copy(found[0], path)
        subprocess.run(['createrepo_c', '--quiet', path], check=True)
        if not repo.get('defined', True):
            continue
        if manager == 'dnf':
            with open('/etc/yum.repos.d/%s.repo' % repo['id'], 'w') as f:
                f.write('[%s]\nname=%s (simulated)\nbaseurl=file://%s\ngpgcheck=0\nenabled=%d\n'
                        % (repo['id'], repo['id'], path, 1 if repo.get('enabled', True) else 0))
        else:
            subprocess.run(['zypper', '--non-interactive', '--quiet', 'addrepo', '--no-gpgcheck']
                           + ([] if repo.get('enabled', True) else ['--disable'])
                           + ['file://' + path, repo['id']], check=True)


if __name__ == '__main__':
    if sys.argv[1] == 'build':
        build(sys.argv[2], sys.argv[3:])
    else:
        repos(sys.argv[2], json.loads(sys.argv[3]))
