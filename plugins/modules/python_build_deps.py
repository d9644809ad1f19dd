#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: python_build_deps
short_description: Install CPython's build dependencies with apt, dnf or zypper, repositories included
version_added: 0.3.0
author: connect_ops contributors (@connect-ops)
description:
  - Enables the repositories the build dependencies come from, asks the package database which of
    O(packages) are missing, installs only those, and checks afterwards that every one is there.
  - Uses the package managers' command-line tools (C(dpkg-query)/C(apt-get), C(rpm)/C(dnf),
    C(rpm)/C(zypper)), never their Python bindings, so it runs with any managed-node Python
    (EL 8 has the C(dnf) bindings only for platform-python 3.6) and needs no other collection
    (C(ansible.builtin.package) would dispatch to C(community.general.zypper) on SUSE).
  - "Repositories, where O(manage_repositories) is true: on Rocky, AlmaLinux and CentOS Stream 8/9
    it installs C(dnf-plugins-core), enables C(powertools) (8) or C(crb) (9) with
    C(dnf config-manager) and installs C(epel-release); on RHEL it enables
    C(codeready-builder-for-rhel-N-ARCH-rpms) with C(subscription-manager) and installs EPEL's
    release RPM from O(epel_release_url); on SLES it registers SUSE Package Hub
    (C(SUSEConnect --product PackageHub/VERSION/ARCH)) when C(libev-devel) cannot be found;
    openSUSE Leap, Debian and Ubuntu need nothing."
  - Each repository step first runs a read-only probe and is skipped when it is done already, so
    a second run reports no change.
  - Another process holding the package manager's lock (a second run of the role at the same time,
    unattended-upgrades, PackageKit) is waited for, up to 10 minutes, instead of failing.
options:
  packages:
    description: Package names to install (letters, digits and C(+ . _ -)).
    type: list
    elements: str
    required: true
  manager:
    description: The host's package manager (the role takes it from its per-platform vars).
    type: str
    choices: [apt, dnf, zypper]
    required: true
  distribution:
    description: C(ansible_facts.distribution), such as C(Rocky), C(RedHat), C(SLES).
    type: str
  distribution_major_version:
    description: C(ansible_facts.distribution_major_version), needed on EL.
    type: str
  distribution_version:
    description: C(ansible_facts.distribution_version), needed on SLES (C(15.5)).
    type: str
  architecture:
    description: C(ansible_facts.architecture) (C(x86_64), C(aarch64)).
    type: str
  manage_repositories:
    description:
      - Enable EPEL and CodeReady Builder/PowerTools (EL) or SUSE Package Hub (SLES) when needed.
      - Set to V(false) where the site provides these repositories (or mirrors) itself; a package
        that cannot be found is then reported by the package manager.
    type: bool
    default: true
  epel_release_url:
    description:
      - Where RHEL gets EPEL's release RPM. Defaults to
        C(https://dl.fedoraproject.org/pub/epel/epel-release-latest-MAJOR.noarch.rpm).
    type: str
attributes:
  check_mode:
    support: full
    description: Runs only the read-only probes and queries, and reports what it would do.
  diff_mode:
    support: none
    description: The result lists what was (or would be) installed and enabled.
  platform:
    support: full
    platforms: posix
    description: Runs on the host that will build CPython (Debian, Ubuntu, EL 8/9, SUSE 15).
seealso:
  - module: connect_ops.interpreters.python_build_job
'''

EXAMPLES = r'''
- name: Install the build dependencies on a Rocky Linux 9 host
  connect_ops.interpreters.python_build_deps:
    manager: dnf
    packages: [gcc, make, libev-devel, openssl-devel]
    distribution: "{{ ansible_facts['distribution'] }}"
    distribution_major_version: "{{ ansible_facts['distribution_major_version'] }}"
    distribution_version: "{{ ansible_facts['distribution_version'] }}"
    architecture: "{{ ansible_facts['architecture'] }}"
'''

RETURN = r'''
missing:
  description: The packages that were not installed when the module started.
  returned: always
  type: list
  elements: str
  sample: [libev-devel]
installed:
  description: The packages this run installed (in check mode, would install).
  returned: always
  type: list
  elements: str
  sample: [libev-devel]
repositories:
  description: The repository steps this run took (in check mode, would take).
  returned: always
  type: list
  elements: str
  sample: ['crb repository', 'EPEL (epel-release)']
commands:
  description: Each command that changed something, as an argv list.
  returned: always
  type: list
  elements: list
  sample: [[dnf, config-manager, --set-enabled, crb]]
'''

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_deps import (
    ENVIRONMENT,
    DepsError,
    check_packages,
    install_commands,
    lock_busy,
    missing_packages,
    query_commands,
    repository_steps,
)


# Seconds to wait for another process that holds the package manager's lock.
LOCK_WAIT = 600


def main():
    module = AnsibleModule(
        argument_spec=dict(
            packages=dict(type='list', elements='str', required=True),
            manager=dict(type='str', required=True, choices=['apt', 'dnf', 'zypper']),
            distribution=dict(type='str'),
            distribution_major_version=dict(type='str'),
            distribution_version=dict(type='str'),
            architecture=dict(type='str'),
            manage_repositories=dict(type='bool', default=True),
            epel_release_url=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    manager = p['manager']
    try:
        packages = check_packages(p['packages'])
        steps = repository_steps(manager, p['distribution'], p['distribution_major_version'],
                                 p['distribution_version'], p['architecture'],
                                 p['manage_repositories'], p['epel_release_url'])
    except DepsError as e:
        module.fail_json(msg=str(e))
    env = ENVIRONMENT[manager]
    result = dict(changed=False, missing=[], installed=[], repositories=[], commands=[])

    def call(argv):
        try:
            return module.run_command(argv, environ_update=env, handle_exceptions=False)
        except OSError as e:
            module.fail_json(msg='cannot run %s on this host (%s): is this a %s host? Set '
                                 'python_build_manage_repositories: false if the tool is missing '
                                 'on purpose' % (argv[0], e, manager), **result)

    def run(argv, why):
        # Another process holding the package manager's lock (a second run of the role at the
        # same time, unattended-upgrades) is waited for, up to LOCK_WAIT seconds.
        deadline = time.monotonic() + LOCK_WAIT
        rc, out, err = call(argv)
        while lock_busy(manager, rc, (err or '') + (out or '')) and time.monotonic() < deadline:
            time.sleep(2)
            rc, out, err = call(argv)
        if rc != 0:
            detail = (err or out).strip()[-2000:]
            module.fail_json(msg='%s: %s exited with %d: %s' % (why, ' '.join(argv), rc, detail),
                             **result)
        result['commands'].append(argv)
        return out

    def query():
        results = []
        for argv in query_commands(manager, packages):
            rc, out, _err = call(argv)
            results.append((rc, out))
        return missing_packages(manager, packages, results)

    for step in steps:
        rc, out, _err = call(step['probe'])
        if step['satisfied'](rc, out):
            continue
        result['repositories'].append(step['name'])
        result['changed'] = True
        if not module.check_mode:
            for argv in step['run']:
                run(argv, 'enabling %s (set python_build_manage_repositories: false to provide '
                          'it yourself)' % step['name'])

    result['missing'] = query()
    if result['missing']:
        result['installed'] = list(result['missing'])
        result['changed'] = True
        if not module.check_mode:
            for argv in install_commands(manager, result['missing']):
                run(argv, 'installing the build dependencies')
            still = query()
            if still:
                module.fail_json(msg='%s reported success, but these packages are still not '
                                     'installed: %s' % (manager, ', '.join(still)), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
