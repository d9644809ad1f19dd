# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What bootstrap.yml does on a host that may have no Python Ansible can use.

ansible-core runs modules with Python 3.9 or later on the managed host (this collection's modules
are tested there down to 3.9). A fresh Rocky/RHEL 8 has only /usr/libexec/platform-python 3.6, so
gathering facts fails before any role starts; minimal images may have no Python at all. The
playbook runs one read-only probe (playbooks/files/python-probe.sh, with ``script``: no Python
needed), and this module decides from its output:
use an interpreter that is there, or install one with the host's package manager (a fixed argv,
never built from user input).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

MINIMUM = (3, 9)
# What to install, per family, where no usable interpreter exists.
INSTALL = {
    # EL 8: AppStream's python3.11 (platform-python 3.6 stays for dnf); EL 9+ python3 is 3.9+.
    ('el', '8'): ('python3.11', '/usr/bin/python3.11'),
    ('el', None): ('python3', '/usr/bin/python3'),
    # SUSE 15: python3 is 3.6; python311 is in the main repositories of Leap 15.5+ / SLE 15 SP5+.
    ('suse', None): ('python311', '/usr/bin/python3.11'),
    ('debian', None): ('python3', '/usr/bin/python3'),
}


class BootstrapError(ValueError):
    pass


def os_release(text):
    values = {}
    for line in text.splitlines():
        m = re.match(r'^([A-Z_]+)=(.*)$', line.strip())
        if m:
            values[m.group(1)] = m.group(2).strip().strip('"\'')
    return values


def family(release):
    words = set([release.get('ID', '')] + release.get('ID_LIKE', '').split())
    if words & {'rhel', 'centos', 'fedora', 'rocky', 'almalinux'}:
        return 'el'
    if words & {'suse', 'opensuse', 'sles', 'sled', 'opensuse-leap'}:
        return 'suse'
    if words & {'debian', 'ubuntu'}:
        return 'debian'
    return None


# An absolute path of plain characters: it becomes ansible_python_interpreter.
INTERPRETER_PATH = re.compile(r'^/[A-Za-z0-9._+/-]+$')


def parse_probe(stdout):
    pythons, managers, rest = [], [], []
    for line in stdout.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == 'CONNECT_OPS_PYTHON':
            if not INTERPRETER_PATH.match(words[1]):
                continue  # not a path Ansible could be given as an interpreter: ignored
            try:
                version = tuple(int(p) for p in words[2].split('.'))
            except ValueError:
                continue
            pythons.append((words[1], version))
        elif len(words) == 2 and words[0] == 'CONNECT_OPS_MANAGER':
            managers.append(words[1])
        else:
            rest.append(line)
    return os_release('\n'.join(rest)), pythons, managers


def install_argv(manager, package):
    if manager in ('dnf', 'yum'):
        return [manager, 'install', '-y', package]
    if manager == 'microdnf':
        return ['microdnf', 'install', '-y', package]
    if manager == 'apt-get':
        return ['sh', '-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive '
                'apt-get install -y -qq --no-install-recommends ' + package]
    if manager == 'zypper':
        return ['zypper', '--non-interactive', 'install', '--no-recommends', package]
    raise BootstrapError('no package manager for %s' % package)


def plan(stdout):
    """{'interpreter', 'install' (argv or None), 'package', 'msg'} from the probe's output."""
    release, pythons, managers = parse_probe(stdout)
    usable = [(path, v) for path, v in pythons if v >= MINIMUM
              and path != '/usr/libexec/platform-python']
    name = release.get('PRETTY_NAME') or release.get('ID') or 'this host'
    fam = family(release)
    major = release.get('VERSION_ID', '').split('.')[0]
    package, interpreter = INSTALL.get((fam, major)) or INSTALL.get((fam, None)) or (None, None)
    if usable:
        # The newest; of equals, the one this playbook would install (the same path every run).
        path, version = max(usable, key=lambda pv: (pv[1], pv[0] == interpreter))
        return {'interpreter': path, 'install': None, 'package': None,
                'msg': '%s has Python %d.%d at %s: nothing to install'
                       % (name, version[0], version[1], path)}
    if fam is None:
        raise BootstrapError('%s: unknown distribution (ID=%r); install Python %d.%d or later '
                             'yourself and set ansible_python_interpreter'
                             % (name, release.get('ID'), MINIMUM[0], MINIMUM[1]))
    manager = next((m for m in ('dnf', 'microdnf', 'yum', 'apt-get', 'zypper') if m in managers),
                   None)
    if manager is None:
        raise BootstrapError('%s has no Python %d.%d+ and none of dnf, microdnf, yum, apt-get or '
                             'zypper to install %s with' % (name, MINIMUM[0], MINIMUM[1], package))
    found = ', '.join('%s (%d.%d)' % (p, v[0], v[1]) for p, v in pythons) or 'none'
    return {'interpreter': interpreter, 'install': install_argv(manager, package),
            'package': package,
            'msg': '%s has no Python %d.%d+ (found: %s): installing %s with %s'
                   % (name, MINIMUM[0], MINIMUM[1], found, package, manager)}
